#!/bin/sh
# An association's Word file as its survey items' texts (issue 12 item 2): files written by python-docx
# (tests/cli/docx_files.py) and by LibreOffice, read by cnap's reader (docx_dump, $DOCX_DUMP) as python-docx
# reads them, split the same whichever wrote them, and `cnap survey import-docx` with --dry-run, into a
# new version and into the working copy; hostile files (a zip bomb, a workbook named .docx, a DTD, bad
# UTF-8, a javascript: link, no headings, only unknown ones) refused with their message and nothing written.
. "$(dirname "$0")/lib.sh"
: "${DOCX_DUMP:?DOCX_DUMP must point at the docx_dump tool}"
: "${SRCDIR:?SRCDIR must point at the source tree}"
PY=/usr/bin/python3
OUTLINE=$SRCDIR/data/templates/2023.json
# LibreOffice keeps its profile under $HOME
export HOME="$T/home"

if "$PY" "$SRCDIR/tests/cli/docx_files.py" files >gen.out 2>gen.err; then
	pass "python-docx writes the test files"
else
	fail "python-docx writes the test files" "$(tail -5 gen.err)"
fi

# ---- the reader against python-docx ----

"$DOCX_DUMP" files/survey.docx >survey.dump 2>&1
sed -n 's/^P[0-9]* h=\([0-9]\) .* label=[^|]*| /h=\1 | /p' survey.dump >cnap.paragraphs
if cmp -s cnap.paragraphs files/survey.docx.paragraphs; then
	pass "every paragraph and its outline level as python-docx reads them"
else
	fail "every paragraph and its outline level as python-docx reads them" "$(diff cnap.paragraphs files/survey.docx.paragraphs | head -10)"
fi
has survey.dump "style=List Bullet 2 label= | 深溝玉軸受" "List Bullet 2 is a list paragraph"
has survey.dump "link 工業会のサイト -> https://www.jbia.or.jp/" "the link added by hand is read with its target"
has survey.dump "T1 3x3 header=0" "the table is 3 by 3"
has survey.dump "[0,1] 生産量（単位）" "a merged cell keeps its text in its first cell"

"$DOCX_DUMP" --split "$OUTLINE" ベアリング業界 files/survey.docx >survey.split 2>&1
for want in "item I Ⅰ． 業界の概要" "item I.1 Ⅰ．（１） 主な事業" "item I.2 Ⅰ．（２） データについて <- P11 (2)データについて" \
	"item II Ⅱ． 国内の企業活動における削減実績 <- P13 II. 国内" "item II.5 Ⅱ．（５） 実施した対策、投資額と削減効果の考察 <- P14 （5）" \
	"item II.6 Ⅱ．（６） 2030年度の目標達成の蓋然性 <- P20 （６）2030年度" "item III Ⅲ． 本社等オフィスにおける取組 <- P24" \
	"item III.1 Ⅲ．（１） 本社等オフィスにおける取組"; do
	has survey.split "$want" "split: $want"
done
has survey.split "unplaced 22番目の段落から（段落2） 調査票のどの項目にも合わない見出しと、その下の内容です | （９）調査票にない項目" \
	"split: the heading that names no item is listed with what follows it"
has survey.split "unplaced 1番目の段落から（段落2） 最初の項目の見出しより前にあります" "split: the cover is listed"
has survey.split "  heading | ① 高効率空調の導入" "split: ① … is a sub-heading"
has survey.split "  heading | 照明のLED化" "split: a Word heading deeper than the item is a sub-heading"
has survey.split "        - 深溝玉軸受" "split: List Bullet 2 nests under the item before it"

# ---- LibreOffice: the same file saved again, and a document of its own ----

(cd files && soffice --headless --convert-to odt survey.docx >../lo1.log 2>&1 &&
	mkdir -p lo && soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir lo survey.odt >../lo2.log 2>&1)
if [ -s files/lo/survey.docx ]; then
	"$DOCX_DUMP" --split "$OUTLINE" ベアリング業界 files/lo/survey.docx >lo.split 2>&1
	if cmp -s survey.split lo.split; then
		pass "saved again by LibreOffice (its own styles and numbering), the file splits the same"
	else
		fail "saved again by LibreOffice (its own styles and numbering), the file splits the same" "$(diff survey.split lo.split | head -10)"
	fi
else
	fail "LibreOffice converts the file" "$(cat lo1.log lo2.log | tail -5)"
fi
cat >lo.html <<'EOF'
<html><head><meta charset="utf-8"></head><body>
<p>表紙</p>
<h1>Ⅰ．業界の概要</h1>
<h2>（１）主な事業</h2>
<p>軸受を製造しています。<a href="https://www.jbia.or.jp/">工業会のサイト</a>をご覧ください。</p>
<ul><li>玉軸受<ul><li>深溝玉軸受</li></ul></li><li>ころ軸受</li></ul>
<h2>(2) データについて</h2>
<table border="1"><tr><th>年度</th><th colspan="2">実績</th></tr><tr><td>2022</td><td>1</td><td>2</td></tr></table>
</body></html>
EOF
soffice --headless --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' lo.html >lo3.log 2>&1
"$DOCX_DUMP" --split "$OUTLINE" ベアリング業界 lo.docx >html.split 2>&1
has html.split "item I.1 Ⅰ．（１） 主な事業" "LibreOffice's own docx: headings placed"
has html.split "link 工業会のサイト -> https://www.jbia.or.jp/" "LibreOffice's own docx: the link"
has html.split "        - 深溝玉軸受" "LibreOffice's own docx: the nested list (numbering levels)"
has html.split "    |年度|実績||" "LibreOffice's own docx: the merged heading cell"

# ---- cnap survey import-docx ----

DB=t.db
expect 0 "init --sample" -- init --db "$DB" --sample
IMPORT="survey import-docx --db $DB --cycle 2023 --wg denshi --association bearing"
audits=$(audit_count "$DB")
"$CNAP" survey text show --db "$DB" --cycle 2023 --wg denshi --association bearing --as bearing-staff >before.txt 2>&1
expect 0 "import-docx --dry-run" -- $IMPORT --file files/survey.docx --dry-run --as bearing-staff
has out "Ⅱ．（５） 実施した対策、投資額と削減効果の考察  ← 「（5）実施した対策、投資額と削減効果の考察」（14番目の段落）" \
	"dry run: each item with the heading it comes from"
has out "    省エネ設備の導入を進めました。詳しくは工業会のサイトをご覧ください。" "dry run: the first line of its text"
has out "Ⅰ． 業界の概要  ［本文なし・取り込みません］" "dry run: a chapter heading with nothing under it is not saved"
has out "22番目の段落から（段落2）: 調査票のどの項目にも合わない見出しと、その下の内容です" "dry run: what could not be placed"
has out "5項目に本文を取り込めます（--dry-run: 何も保存していません）" "dry run: how many items"
eq "$(audit_count "$DB")" "$audits" "dry run: no audit record"
"$CNAP" survey text show --db "$DB" --cycle 2023 --wg denshi --association bearing --as bearing-staff >after.txt 2>&1
same before.txt after.txt "dry run: the texts are as they were"

expect 0 "import-docx as a new version" -- $IMPORT --file files/survey.docx --as bearing-staff
has out "5項目の本文を第" "import: the items saved as a new version"
version=$(sed -n 's/.*本文を第\([0-9]*\)版として登録しました/\1/p' out)
[ "$(audit_count "$DB")" -gt "$audits" ] && pass "import: audited" || fail "import: audited" "no new audit record"
expect 0 "the imported text shows" -- survey text show --db "$DB" --cycle 2023 --wg denshi --association bearing --item II.5 --as bearing-staff
has out "① 高効率空調の導入" "the item's sub-heading is there"
has out "[工業会のサイト](https://www.jbia.or.jp/)" "the item's link is there"
expect 0 "the version's note names the file" -- audit list --db "$DB" --json
has out "Wordファイル「survey.docx」から取り込み（5項目）" "the audit trail names the Word file"
expect 0 "import-docx into the working copy" -- $IMPORT --file files/survey.docx --draft --as bearing-staff
has out "5項目の本文を編集中の下書きとして保存しました" "draft: saved as the working copy"
expect 0 "the working copy shows" -- survey text show --db "$DB" --cycle 2023 --wg denshi --association bearing --draft --item I.2 --as bearing-staff
has out "|2022|1,234|t|" "draft: the table is in the working copy"
expect 0 "the version is the one imported" -- survey text show --db "$DB" --cycle 2023 --wg denshi --association bearing --json --as bearing-staff
eq "$(jq .version out)" "$version" "draft: no new version"

# ---- refused, nothing written ----

audits=$(audit_count "$DB")
refused() { # CODE FILE PHRASE DESCRIPTION
	expect "$1" "$4" -- $IMPORT --file "$2" --as bearing-staff
	has err "$3" "$4: the message says why"
	has err "取り込みませんでした。データベースは変更していません。" "$4: nothing written"
}
refused 4 files/no-headings.docx "見出しが見つかりません。調査票の項目の番号と題（例: 「Ⅰ．（１）主な事業」）を見出しにして" "no headings"
refused 4 files/unknown.docx "調査票の項目に当たる見出しがありません（見出し2個" "only unknown headings"
refused 4 files/bomb.docx "ZIP爆弾の疑いがあります" "a zip bomb"
refused 7 files/workbook.docx "Excelのブックです。Wordの文書（docx）を選んでください" "an Excel workbook named .docx"
refused 4 files/dtd.docx "DOCTYPE" "a DTD"
refused 4 files/badutf8.docx "UTF-8として正しくないバイト" "invalid UTF-8"
refused 4 files/javascript.docx "javascript: で始まります" "a javascript: link"
printf 'not a zip' >text.docx
refused 7 text.docx "Wordの文書（docx）ではありません（ZIP形式ではありません）" "a text file"
expect 6 "a reviewer may not import" -- $IMPORT --file files/survey.docx --as hirose
expect 3 "another association's user does not see it" -- $IMPORT --file files/survey.docx --as sangyo-kikai-staff
eq "$(audit_count "$DB")" "$audits" "refusals: no audit record"

finish
