#!/bin/sh
# cnap's xlsx reader against openpyxl (Debian's python3) on the same files: a workbook written by
# libxlsxwriter, one written by openpyxl, and both saved again by LibreOffice. xlsx_dump ($XLSX_DUMP)
# prints what the reader sees; openpyxl's view is printed the same way and the two must match line
# for line (cells, types, values, formulas, sheets and their visibility, merges, defined names).
. "$(dirname "$0")/lib.sh"
: "${XLSX_DUMP:?XLSX_DUMP must point at the xlsx_dump tool}"
PY=/usr/bin/python3

# openpyxl_dump FILE: the workbook as openpyxl sees it, in xlsx_dump --all's format
openpyxl_dump() {
	"$PY" - "$1" <<'PY'
import datetime, sys
import openpyxl
from openpyxl.utils.datetime import to_excel

def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

path = sys.argv[1]
values = openpyxl.load_workbook(path, data_only=True)
formulas = openpyxl.load_workbook(path, data_only=False)
for ws in values.worksheets:
    print("#sheet\t%s\t%s" % (ws.title, "visible" if ws.sheet_state == "visible" else "hidden"))
    fws = formulas[ws.title]
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None:
                continue
            ref = "%s!%s" % (ws.title, c.coordinate)
            if isinstance(v, bool):
                print("%s\tbool\t%s" % (ref, "TRUE" if v else "FALSE"))
            elif isinstance(v, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
                print("%s\tdate\t%.17g" % (ref, to_excel(v, values.epoch)))
            elif isinstance(v, (int, float)):
                print("%s\tnumber\t%r" % (ref, v))
            elif c.data_type == "e":
                print("%s\terror\t%s" % (ref, v))
            else:
                print("%s\tstring\t%s" % (ref, esc(v)))
            if fws[c.coordinate].data_type == "f":
                print("#formula\t%s" % ref)
    for m in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        print("#merge\t%s!%s" % (ws.title, m.coord))
for n in values.defined_names.definedName:
    print("#name\t%s\t%s" % (n.name, n.attr_text))
PY
}

# same_view FILE DESCRIPTION: xlsx_dump and openpyxl agree on FILE (numbers compared as numbers)
same_view() {
	if ! "$XLSX_DUMP" --all "$1" >cnap.txt 2>cnap.err; then
		fail "$2" "xlsx_dump failed: $(cat cnap.err)"
		return
	fi
	openpyxl_dump "$1" >openpyxl.txt 2>openpyxl.err || { fail "$2" "openpyxl failed: $(tail -3 openpyxl.err)"; return; }
	"$PY" - cnap.txt openpyxl.txt >diff.txt <<'PY'
import sys
def norm(line):
    f = line.rstrip("\n").split("\t")
    if len(f) == 3 and f[1] in ("number", "date"):
        return (f[0], f[1], round(float(f[2]), 9))
    return tuple(f)
# the reader lists merges after each sheet's cells and formula marks after their cell, openpyxl
# after its own order: compare as sorted lists
a = sorted(norm(l) for l in open(sys.argv[1]))
b = sorted(norm(l) for l in open(sys.argv[2]))
for x in sorted(set(a) - set(b)):
    print("only cnap:    ", x)
for x in sorted(set(b) - set(a)):
    print("only openpyxl:", x)
print("lines", len(a), len(b))
PY
	if grep -q '^only' diff.txt || [ "$(wc -l <cnap.txt)" -lt 5 ]; then
		fail "$2" "$(head -20 diff.txt)"
	else
		pass "$2 ($(wc -l <cnap.txt) lines)"
	fi
	cp cnap.txt "$1.cnap.txt"
}

"$XLSX_DUMP" --write-fixture lxw.xlsx
eq $? 0 "libxlsxwriter writes the fixture workbook"
same_view lxw.xlsx "libxlsxwriter's workbook: cnap and openpyxl see the same"
has lxw.xlsx.cnap.txt "$(printf '実績の総括表!D3\tdate\t45017')" "the date is a date serial"
has lxw.xlsx.cnap.txt "$(printf '#formula\t実績の総括表!C3')" "the formula cell is marked, its cached value read"
has lxw.xlsx.cnap.txt "$(printf '#sheet\tHidden\thidden')" "the hidden sheet is hidden"
has lxw.xlsx.cnap.txt "$(printf '#merge\t実績の総括表!A1:D1')" "the merged range"
has lxw.xlsx.cnap.txt "$(printf "#name\tcnap_marker\t'実績の総括表'!\$A\$1")" "the defined name"

"$PY" - <<'PY'
import datetime
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "実績の総括表"
ws["A1"] = "令和5年度 CO2排出量"
ws["B1"] = 12345
ws["C1"] = 0.1
ws["D1"] = -1e-7
ws["E1"] = True
ws["F1"] = False
ws["A2"] = datetime.date(2023, 4, 1)
ws["B2"] = datetime.datetime(2024, 2, 29, 6, 30)
ws["C2"] = "A&B <タグ> \"引用\" 'x'"
ws["D2"] = "改行\nあり"
ws["B3"] = 1234.5
ws["B3"].number_format = "#,##0.0"
ws["Z1000"] = "遠いセル"
ws.merge_cells("A5:C6")
ws["A5"] = "結合"
hidden = wb.create_sheet("非表示")
hidden.sheet_state = "hidden"
hidden["B2"] = 2
very = wb.create_sheet("Very")
very.sheet_state = "veryHidden"
very["A1"] = "v"
wb.create_sheet("空")
wb.defined_names.append(openpyxl.workbook.defined_name.DefinedName("cnap_marker", attr_text="'実績の総括表'!$A$1"))
wb.save("opx.xlsx")
f = openpyxl.Workbook()
f.active.title = "計算"
f.active["A1"] = 2
f.active["A2"] = "=A1*2"
f.save("formula.xlsx")
PY
eq $? 0 "openpyxl writes its workbooks"
same_view opx.xlsx "openpyxl's workbook: cnap and openpyxl see the same"
has opx.xlsx.cnap.txt "$(printf '実績の総括表!Z1000\tstring\t遠いセル')" "a cell far away"
has opx.xlsx.cnap.txt "$(printf '#sheet\tVery\thidden')" "a very hidden sheet is hidden"
"$XLSX_DUMP" formula.xlsx >/dev/null 2>formula.err
eq $? 1 "openpyxl's formula has no cached value: refused"
has formula.err "計算!A2: シート「計算」のセルA2の数式の計算結果が保存されていません。Excelで開いて保存し直してください" \
	"the message names the cell and says what to do"

if ! command -v soffice >/dev/null 2>&1; then
	for t in "LibreOffice: libxlsxwriter's workbook" "LibreOffice: openpyxl's workbook" \
		"LibreOffice: the formula workbook saved again has its cached value"; do
		n=$((n + 1))
		echo "ok $n - $t # SKIP soffice is not installed"
	done
	finish
	exit
fi
# a profile of its own, so that parallel runs do not share (and lock) one
lo() {
	soffice -env:UserInstallation="file://$T/lo-profile" --headless --convert-to xlsx --outdir lo "$@" \
		>lo.log 2>&1
}
mkdir lo
lo lxw.xlsx opx.xlsx formula.xlsx
same_view lo/lxw.xlsx "LibreOffice: libxlsxwriter's workbook"
has lo/lxw.xlsx.cnap.txt "$(printf '実績の総括表!D3\tdate\t45017')" "LibreOffice keeps the date a date"
has lo/lxw.xlsx.cnap.txt "$(printf '#merge\t実績の総括表!A1:D1')" "LibreOffice keeps the merged range"
same_view lo/opx.xlsx "LibreOffice: openpyxl's workbook"
"$XLSX_DUMP" lo/formula.xlsx >lof.txt 2>&1
has lof.txt "$(printf '計算!A2\tnumber\t4')" "LibreOffice: the formula workbook saved again has its cached value"
finish
