#!/bin/sh
# The 事前質問・回答一覧 as an Excel workbook, read back with openpyxl (Debian's python3).
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db x.db --sample >/dev/null
pub="publish qa-list --db x.db --cycle 2023 --wg denshi"
expect 0 "publish the WG as xlsx" -- $pub --format xlsx --output wg.xlsx
expect 0 "twice" -- $pub --format xlsx --output wg2.xlsx
same wg.xlsx wg2.xlsx "same data, same bytes (pinned creation date, zip entries dated 1980)"
"$CNAP" question list --db x.db --cycle 2023 --json > qs.json
/usr/bin/python3 - wg.xlsx qs.json > check.txt 2>&1 <<'PY'
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
qs = json.load(open(sys.argv[2]))
names = {"denki-denshi": "電機・電子温暖化対策連絡会", "bearing": "日本ベアリング工業会",
         "sangyo-kikai": "日本産業機械工業会", "kensetsu-kikai": "日本建設機械工業会", "kosaku-kikai": "日本工作機械工業会"}
print("sheets", ",".join(wb.sheetnames))
ws = wb["日本ベアリング工業会"]
print("title", ws["A1"].value)
print("header", *[c.value for c in ws[3]])
print("landscape", ws.page_setup.orientation, "paper", ws.page_setup.paperSize, "repeat", ws.print_title_rows)
missing = 0
for q in qs:
    if q["status"] not in ("accepted", "published"):  # only what was answered and accepted is published
        continue
    sheet = wb[names[q["association"]]]
    texts = {c.value for row in sheet.iter_rows(min_col=5, max_col=5) for c in row}
    if q["text"] not in texts:
        missing += 1
print("missing", missing)
print("created", wb.properties.created)
PY
has check.txt "sheets 目次,電機・電子温暖化対策連絡会,日本ベアリング工業会,日本産業機械工業会,日本建設機械工業会,日本工作機械工業会" \
	"the contents, then one sheet per association, in WG order"
has check.txt "title 令和五年度評価・検証WG「日本ベアリング工業会」 事前質問・回答一覧" "the official title"
has check.txt "header 項目番号 調査票 頁番号 NO. 指摘 回答" "the PDF's four columns with the item number and NO."
has check.txt 'landscape landscape paper 9 repeat $3:$3' "A4 landscape with the header row repeated"
has check.txt "missing 0" "every published question is in its association's sheet"
has check.txt "created 2023-10-01 09:00:00" "the creation date is the data's last change"
finish
