#!/bin/sh
# The WG bundle PDF as the ministry prints it (issue 11 items 1-3): cover, contents with links,
# footers running through the bundle, every question and answer whole and in order, page breaks
# only between lines with two or more on each side, （続き） on continuations, bookmarks, web links.
# The split rule is read from the renderer's layout report (CNAP_PDF_LAYOUT, test builds only).
. "$(dirname "$0")/lib.sh"
check="python3 $(dirname "$0")/pdf_layout_check.py"
command -v qpdf >/dev/null 2>&1 || { echo "1..0 # SKIP qpdf is not installed"; exit 0; }
"$CNAP" --version | grep -q 'test hooks' || { echo "1..0 # SKIP needs a build with -Dtest_hooks=true"; exit 0; }

# tap_from FILE: the checker's ok / not ok lines as this script's cases
tap_from() {
	while IFS= read -r l; do
		case $l in
		"ok - "*) pass "${l#ok - }" ;;
		"not ok - "*) fail "${l#not ok - }" ;;
		"#"*) echo "$l" ;;
		esac
	done <"$1"
}

"$CNAP" init --db s.db --sample >/dev/null
pub="publish qa-list --db s.db --cycle 2023 --wg denshi"
CNAP_PDF_LAYOUT=$T/s.tsv "$CNAP" $pub --format pdf --output s.pdf >/dev/null 2>err || fail "publish the sample bundle" "$(cat err)"
"$CNAP" $pub --format json --output s.json >/dev/null
$check s.pdf s.json s.tsv >s.tap 2>&1
tap_from s.tap
kb=$(($(wc -c <s.pdf) / 1024))
[ "$kb" -lt 400 ] && pass "the sample bundle is under 400 KB ($kb KB)" || fail "the sample bundle is $kb KB"

# A long list: the sample's questions four times over, answers three times as long, a web address in each.
"$CNAP" cycle export --db s.db --cycle 2023 --output all.json >/dev/null
jq '.questions as $q
	| ($q | group_by(.association) | map({key: .[0].association, value: (map(.no) | max)}) | from_entries) as $max
	| .questions = [range(0; 4) as $c | $q[]
		| .ref = (if $c == 0 then .ref else "\(.ref)-c\($c)" end)
		| .no = .no + $c * $max[.association]
		| if .answer then .answer.text = (.answer.text + "\n" + .answer.text + "\n詳細は https://example.jp/cn/\($c)/plan.pdf を参照。\n" + .answer.text) else . end
		| if has("refers_to") and $c > 0 then .refers_to = (.refers_to | map("\(.)-c\($c)")) else . end]' all.json >long.json
"$CNAP" init --db l.db >/dev/null
"$CNAP" cycle import --db l.db --file long.json >/dev/null
CNAP_PDF_LAYOUT=$T/l.tsv "$CNAP" publish qa-list --db l.db --cycle 2023 --wg denshi --format pdf --output l.pdf >/dev/null 2>err ||
	fail "publish the long bundle" "$(cat err)"
"$CNAP" publish qa-list --db l.db --cycle 2023 --wg denshi --format json --output l.json >/dev/null
$check l.pdf l.json l.tsv --urls 100 >l.tap 2>&1
tap_from l.tap
splits=$(grep -c '	cont$' l.tsv)
[ "$splits" -gt 0 ] && pass "the long list has continued cells ($splits)" || fail "the long list never splits a cell"
# a continued item label: whole or not at all, never clipped
grep -q '^item	.*	again$' l.tsv && pass "a continued row repeats its item label whole" || fail "no continued row repeats its label"
finish
