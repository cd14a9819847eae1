#!/bin/sh
# Issue 12 item 3: the printed 調査票. Every sample association's survey renders as a PDF whose page map
# (computed from the layout, never typed in) puts each item's heading on the page pdftotext finds it on;
# the same data gives the same bytes; the fonts are embedded; a new version gets the map of its own layout.
# An association's own PDF (made here with LibreOffice) becomes the version's document of record with the
# map found in it, corrected by hand where a heading is missing; it survives export and import. A broken
# or hostile PDF is refused with a Japanese message and nothing saved.
. "$(dirname "$0")/lib.sh"
check="python3 $(dirname "$0")/survey_pages_check.py"
for tool in pdftotext pdffonts qpdf jq; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done

# tap_from FILE: the checker's ok / not ok lines as this script's cases
tap_from() {
	while IFS= read -r l; do
		case $l in
		"ok - "*) pass "$2: ${l#ok - }" ;;
		"not ok - "*) fail "$2: ${l#not ok - }" ;;
		"#"*) echo "$l" ;;
		esac
	done <"$1"
}

"$CNAP" init --db s.db --sample >/dev/null
for a in $("$CNAP" association list --db s.db --cycle 2023 --wg denshi | awk '{print $1}'); do
	base="--db s.db --cycle 2023 --wg denshi --association $a"
	"$CNAP" survey render $base --output "$a.pdf" 2>err || fail "$a: render" "$(cat err)"
	"$CNAP" survey pages $base --json >"$a.pages.json"
	$check "$a.pages.json" "$a.pdf" --strict >"$a.tap" 2>&1
	tap_from "$a.tap" "$a"
	mapped=$(jq '[.items[] | select(.page)] | length' "$a.pages.json") # not $n: lib.sh counts cases in it
	eq "$mapped" "$(jq '.items | length' "$a.pages.json")" "$a: every item has a page"
done
pages=$(pdfinfo denki-denshi.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -ge 20 ] && pass "the largest sample survey runs to $pages pages" || fail "too few pages: $pages"

# The same data, the same bytes; the fonts inside; a file qpdf finds nothing wrong with.
"$CNAP" survey render --db s.db --cycle 2023 --wg denshi --association denki-denshi --output again.pdf 2>/dev/null
same denki-denshi.pdf again.pdf "rendering twice gives the same bytes"
pdffonts denki-denshi.pdf >fonts.txt
has fonts.txt "IPAexMincho" "the text is set in IPAexMincho"
has fonts.txt "IPAexGothic" "headings and tables in IPAexGothic"
[ "$(awk 'NR > 2 && $(NF-4) != "yes"' fonts.txt | wc -l)" -eq 0 ] && pass "every font is embedded" ||
	fail "a font is not embedded" "$(cat fonts.txt)"
qpdf --check denki-denshi.pdf >qpdf.txt 2>&1 && pass "qpdf finds no damage (no repaired cross-reference table)" ||
	fail "qpdf reports a problem" "$(tail -3 qpdf.txt)"
pdftotext -f 1 -l 1 denki-denshi.pdf p1.txt
has p1.txt "令和五年度" "the title block names the year in kanji"
has p1.txt "フォローアップ調査票" "and the document"
grep -Eq -- '^- ?1 ?-$' p1.txt && pass "a page number under the page" || fail "no 「- 1 -」 on page 1" "$(tail -3 p1.txt)"

# A new version with a much longer text gets the page map of its own layout.
base="--db s.db --cycle 2023 --wg denshi --association bearing"
before=$(jq '[.items[] | select(.item == "VIII.4")][0].page' bearing.pages.json)
long=$(for i in $(seq 60); do printf '当業界では高効率設備の導入を進めており、その効果を毎年検証している。'; done)
expect 0 "a new version with a long text for II.5" -- survey text set $base --item II.5 --text "$long"
"$CNAP" survey pages $base --json >v2.pages.json
after=$(jq '[.items[] | select(.item == "VIII.4")][0].page' v2.pages.json)
[ "$after" -gt "$before" ] && pass "the items after it moved on ($before → $after)" || fail "VIII.4 stayed on $after"
"$CNAP" survey render $base --output v2.pdf 2>/dev/null
$check v2.pages.json v2.pdf --strict >v2.tap 2>&1
tap_from v2.tap "version 2"
expect 0 "the older version still renders as it was" -- survey render $base --version 1 --output v1.pdf
same v1.pdf bearing.pdf "version 1's PDF is unchanged"

# Hostile files: refused with a message in Japanese, nothing saved.
audit_before=$(audit_count s.db)
printf 'not a pdf' >junk.pdf
expect 4 "a file that is not a PDF is refused" -- survey attach-pdf $base --file junk.pdf
has err "PDFファイルではありません" "the message says it is not a PDF"
head -c 3000 bearing.pdf >cut.pdf
printf '%%PDF-1.5\n%%\342\343\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >broken.pdf
for f in cut.pdf broken.pdf; do
	run survey attach-pdf $base --file $f
	[ "$rc" -ne 0 ] && grep -q "PDF" err && pass "a broken PDF ($f) is refused with a message" ||
		fail "a broken PDF ($f)" "exit $rc" "$(cat err)"
done
head -c 21000000 /dev/zero >big.pdf
expect 4 "a file over 20 MB is refused" -- survey attach-pdf $base --file big.pdf
has err "大きすぎます" "the message says it is too big"
eq "$(audit_count s.db)" "$audit_before" "nothing was written"
"$CNAP" survey pages $base --json >after-refusals.json
same v2.pages.json after-refusals.json "the page map is as it was"

# The association's own PDF: made with LibreOffice in its own layout (a cover and a contents page, pages
# numbered from the first item, VI.5's heading left out), kept as the document of record.
if command -v soffice >/dev/null 2>&1; then
	python3 "$(dirname "$0")/survey_record_odt.py" "$SRCDIR/data/templates/2023.json" own.fodt ベアリング業界 VI.5
	HOME=$T soffice --headless --convert-to pdf own.fodt >/dev/null 2>&1
fi
if [ -s own.pdf ]; then
	expect 0 "the association's own PDF is attached to version 2" -- survey attach-pdf $base --file own.pdf
	has out "52項目中51項目" "it says how many headings were found"
	has out "ファイルの3ページ目が1ページ" "and that the file numbers its pages from its third"
	"$CNAP" survey pages $base --json >own.pages.json
	eq "$(jq -r '.document.filename' own.pages.json)" "own.pdf" "the file is the version's document of record"
	eq "$(jq '[.items[] | select(.found == null)] | map(.item) | join(",")' own.pages.json)" '"VI.5"' \
		"only the missing heading is not found"
	$check own.pages.json own.pdf --offset 2 >own.tap 2>&1
	tap_from own.tap "own PDF"
	expect 0 "the download is the association's file" -- survey render $base --output got.pdf
	same got.pdf own.pdf "byte for byte"
	expect 0 "--rendered gives cnap's own" -- survey render $base --rendered --output ours.pdf
	same ours.pdf v2.pdf "cnap's rendering is still there"
	expect 5 "a page map cnap computed is not typed in" -- survey pages $base --version 1 --set "II.5=3"
	has err "正本" "the message says only a document of record's pages are corrected"
	expect 0 "correct the missing page" -- survey pages $base --set "Ⅵ．（５）=8"
	"$CNAP" survey pages $base --json >fixed.json
	eq "$(jq '[.items[] | select(.item == "VI.5")][0].page' fixed.json)" 8 "VI.5 is on page 8 now"
	"$CNAP" audit list --db s.db --json >audit.json
	eq "$(jq '[.[] | select(.action == "submission.pages_corrected")] | length' audit.json)" 1 "the correction is audited"
	expect 2 "an unknown item is a usage error" -- survey pages $base --set "IX.9=3"
	expect 0 "export the cycle" -- cycle export --db s.db --cycle 2023 --output cycle.json
	"$CNAP" init --db t.db >/dev/null
	expect 0 "import it into a new database" -- cycle import --db t.db --file cycle.json
	expect 0 "the document came along" -- survey render --db t.db --cycle 2023 --wg denshi --association bearing --output t.pdf
	same t.pdf own.pdf "byte for byte"
	"$CNAP" survey pages --db t.db --cycle 2023 --wg denshi --association bearing --json >t.pages.json
	same t.pages.json fixed.json "with its found and corrected pages"
	jq '(.participations[] | select(.association == "bearing") | .submissions[1].document.sha256) = "0"' cycle.json >bad.json
	"$CNAP" init --db u.db >/dev/null
	expect 4 "a file whose PDF does not match its sha256 is refused" -- cycle import --db u.db --file bad.json
	has err "sha256" "the message says so"
else
	echo "# LibreOffice (soffice) is not installed: the document of record is not tested"
fi
finish
