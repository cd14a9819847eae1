#!/bin/sh
# The WG bundle in the other formats, numbered as the PDF (issue 11 item 3): the HTML printed by
# Debian's chromium keeps the vertical labels, its cover, contents and running footers, and every
# question in the PDF's order; the XLSX has the PDF's rows, a contents sheet and print settings;
# CSV and JSON number alike. The checks are in print_formats_check.py.
. "$(dirname "$0")/lib.sh"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "1..0 # SKIP no chromium at $CHROMIUM"; exit 0; }

"$CNAP" init --db s.db --sample >/dev/null
pub="publish qa-list --db s.db --cycle 2023 --wg denshi"
for f in pdf html xlsx csv json; do
	"$CNAP" $pub --format $f --output s.$f >/dev/null 2>err || fail "publish the sample bundle as $f" "$(cat err)"
done
# a profile of its own, no crash reporter, no first-run: the print as a user's "Save as PDF" without headers
HOME=$T timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$T/chrome" --no-pdf-header-footer --print-to-pdf="$T/h.pdf" "file://$T/s.html" >chrome.log 2>&1
[ -s h.pdf ] && pass "chromium prints the HTML to PDF" || fail "chromium prints the HTML to PDF" "$(tail -5 chrome.log)"
/usr/bin/python3 "$(dirname "$0")/print_formats_check.py" s.pdf h.pdf s.html s.json s.csv s.xlsx >c.tap 2>&1
crc=$?
while IFS= read -r l; do
	case $l in
	"ok - "*) pass "${l#ok - }" ;;
	"not ok - "*) fail "${l#not ok - }" ;;
	*) echo "# $l" ;;
	esac
done <c.tap
[ "$crc" -eq 0 ] && [ "$(grep -c '^ok - ' c.tap)" -ge 15 ] && pass "the checker ran to its end" ||
	fail "the checker stopped (exit $crc)"
finish
