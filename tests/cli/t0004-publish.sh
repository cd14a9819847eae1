#!/bin/sh
# The 事前質問・回答一覧 in HTML, CSV and JSON from the sample data.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db p.db --sample >/dev/null
pub="publish qa-list --db p.db --cycle 2023 --wg denshi"

expect 0 "publish one association as HTML" -- $pub --association bearing --format html --output b1.html
expect 0 "twice" -- $pub --association bearing --format html --output b2.html
same b1.html b2.html "the same data gives the same bytes"
has b1.html "令和五年度評価・検証WG「日本ベアリング工業会」 事前質問・回答一覧" "the official title"
has b1.html "<th scope=\"col\">調査票</th><th scope=\"col\">頁番号</th><th scope=\"col\">指摘</th><th scope=\"col\">回答</th>" \
	"the four columns"
has b1.html "2050年カーボンニュートラルに向けたベアリング業界のビジョン（基本方針等）" "the industry fills the vision item"
has b1.html "size:A4 landscape" "print CSS for A4 landscape"
has b1.html "電子・電機・産業機械等WG" "the WG name"

# every item of the outline is a row, in order
"$CNAP" outline show --db p.db --cycle 2023 --wg denshi --association bearing --json > outline.json
items=$(jq length outline.json)
rows=$(grep -c '<tr id="item-' b1.html)
eq "$rows" "$items" "every survey item has a row"
eq "$(grep -o '<tr id="item-[^"]*"' b1.html | sed 's/.*item-//; s/"//' | tr '\n' ' ')" \
	"$(jq -r '.[].key' outline.json | tr '\n' ' ')" "rows follow the outline order"

# each published question sits in its item's row
"$CNAP" question list --db p.db --cycle 2023 --association bearing --json > qs.json
expect 0 "publish JSON" -- $pub --association bearing --format json --output b.json
ok=1
for i in $(seq 0 $(($(jq length qs.json) - 1))); do
	item=$(jq -r ".[$i].item" qs.json); text=$(jq -r ".[$i].text" qs.json); st=$(jq -r ".[$i].status" qs.json)
	[ "$st" = withdrawn ] && continue
	found=$(jq --arg i "$item" --arg t "$text" '[.associations[0].rows[] | select(.item == $i) | .questions[] | select(.question == $t)] | length' b.json)
	[ "$found" = 1 ] || { ok=0; echo "# question on $item not in its row"; }
done
eq "$ok" 1 "each question is in the row of its item"

expect 0 "publish the whole WG as CSV" -- $pub --format csv --output wg.csv
eq "$(head -c 3 wg.csv | od -An -tx1 | tr -d ' ')" efbbbf "the CSV starts with a UTF-8 BOM"
has wg.csv "WG,団体,項目番号,調査票,頁番号,NO.,指摘,回答" "the CSV header"
eq "$(head -n 1 wg.csv | od -An -tx1 | tr -d ' \n' | tail -c 4)" 0d0a "records end with CRLF"
# 項目番号 is the full number with its chapter: the same （５） under three chapters stays apart
has wg.csv ",Ⅰ．（５）,カバー率向上の取組" "項目番号 of I.5 carries its chapter"
has wg.csv ",Ⅱ．（５）,実施した対策" "項目番号 of II.5 carries its chapter"
has wg.csv ",Ⅵ．（５）,革新的技術" "項目番号 of VI.5 carries its chapter"
lacks wg.csv ",（５）," "no section code without its chapter"
has wg.csv ",,2050年カーボンニュートラルに向けた" "the front matter has no number"

expect 0 "publish the whole WG as HTML" -- $pub --format html --output wg.html
eq "$(grep -c '<section class="assoc' wg.html)" 5 "one section per association"
lacks wg.html "morioka" "reviewer logins are never published"
"$CNAP" cycle export --db p.db --cycle 2023 --output all.json
note=$(jq -r '[.questions[] | select(.note)][0].note' all.json)
lacks wg.html "$note" "internal notes are never published"
withdrawn=$(jq -r '[.questions[] | select(.status == "withdrawn")][0].text' all.json)
lacks wg.html "$withdrawn" "withdrawn questions are not published"

# HTML in a question shows as text
"$CNAP" question file --db p.db --cycle 2023 --wg denshi --association bearing --item II.1 --text '<script>alert(1)</script>&' >/dev/null
expect 0 "publish with markup in a question" -- $pub --association bearing --format html --include-all --output x.html
has x.html "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" "markup is escaped"
lacks x.html "<script>" "no script element gets through"

expect 0 "publish the WG bundle as PDF" -- $pub --format pdf --output wg.pdf
expect 0 "twice" -- $pub --format pdf --output wg2.pdf
same wg.pdf wg2.pdf "the PDF is byte-identical for the same data"
pdfinfo wg.pdf > info.txt
has info.txt "842 x 595 pts (A4)" "A4 landscape"
has info.txt "令和五年度評価・検証WG 事前質問・回答一覧（電子・電機・産業機械等WG）" "the PDF title"
pages=$(sed -n 's/^Pages: *//p' info.txt)
[ "$pages" -ge 10 ] && pass "the bundle runs to $pages pages" || fail "too few pages: $pages"
pdffonts wg.pdf > fonts.txt
has fonts.txt "IPAexGothic" "the CJK font (IPAexGothic, TrueType) is embedded"
lacks fonts.txt " no  " "every font is embedded"
pdftotext wg.pdf wg.txt
has wg.txt "電機・電子温暖化対策連絡会 - 1" "the footer numbers the bundle from its first association"
first=$(jq -r '[.questions[] | select(.association == "kosaku-kikai" and .status == "accepted")][0].text' all.json | head -c 30)
has wg.txt "$(printf '%s' "$first" | head -c 24)" "a question's text is in the PDF"
"$CNAP" question file --db p.db --cycle 2023 --wg denshi --association bearing --item II.3 --text "絵文字🌏と𠮷野家の確認" >/dev/null
expect 0 "a PDF with characters outside the CJK font" -- $pub --association bearing --format pdf --include-all --output emoji.pdf
pdftotext emoji.pdf emoji.txt
has emoji.txt "絵文字🌏と𠮷野家の確認" "emoji and rare kanji come through a fallback font"
pdffonts emoji.pdf > efonts.txt
has efonts.txt "Symbola" "the fallback font is embedded"
expect 0 "a pinned date" -- $pub --association bearing --format pdf --output b.pdf --date 2023-11-20
pdfinfo b.pdf > binfo.txt
has binfo.txt "2023" "the pinned date is in the metadata"
expect 4 "a bad date is refused" -- $pub --format pdf --output x.pdf --date 2023-02-30
"$CNAP" question file --db p.db --cycle 2023 --wg denshi --association bearing --item II.2 --text '=HYPERLINK("http://evil.example","x")' >/dev/null
expect 0 "CSV with a formula-like text" -- $pub --association bearing --format csv --include-all --output f.csv
has f.csv "\"'=HYPERLINK(" "a cell Excel would run as a formula is made text"
expect 2 "unknown format" -- $pub --format docx --output x.docx
expect 3 "unknown association" -- $pub --association nobody --format html --output x.html
finish
