#!/usr/bin/python3
"""Workbooks for tests/cli/t0014-workbook.sh, made from one cnap exported.

Usage: workbook_files.py KIND IN.xlsx OUT.xlsx
  fill        openpyxl (formulas kept, as a script would): new values, a renamed sheet, junk outside the layout
  fill-values the same with data_only=True (formulas replaced by their cached values)
  bad-number  the text 「12..3」 in 実績の総括表!F12 and 「abc」 in 燃料別エネルギー!E7
  div0        the error value #DIV/0! cached in 実績の総括表!F7
  zipbomb     the summary sheet's part replaced by 1 GB of zeros (deflated to about 1 MB)
  laughs      sharedStrings.xml with a billion-laughs DTD
  xxe         sharedStrings.xml with an external entity (file:///etc/passwd)
  badutf8     a shared string with a byte that is not UTF-8
  rowlimit    a row past Excel's 1,048,576 in the summary sheet
  records     501 filled rows in the 対策と投資額 sheet
  truncated   the first half of the file
Debian's python3 (openpyxl 3.0.9), not pyenv's.
"""
import re
import shutil
import sys
import zipfile

SUMMARY = "実績の総括表"
FUELS = "燃料別エネルギー"
MEASURES = "対策と投資額"


def parts(path):
    with zipfile.ZipFile(path) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def sheet_part(path, title):
    """The part name of a sheet, through workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet name="%s" sheetId="\d+" r:id="(rId\d+)"' % re.escape(title), wb).group(1)
    target = re.search(r'Id="%s" [^>]*Target="([^"]+)"' % rid, rels) or \
        re.search(r'Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    t = target.group(1)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def rewrite(src, dst, change):
    """Copy the zip, change(name, bytes) -> bytes for every entry."""
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts(src):
            out.writestr(info.filename, change(info.filename, data))


def fill(src, dst, data_only):
    import openpyxl
    wb = openpyxl.load_workbook(src, data_only=data_only)
    ws = wb[SUMMARY]
    ws["F7"] = 512.25          # 生産活動量, 当年度実績
    ws["F12"] = 0.1            # BAU CO2排出量, 当年度実績
    ws["D8"] = "４０．３６"      # 40.36 typed as full-width text: base/jpnum.h reads it
    ws["K3"] = "メモ: 範囲外"  # a column outside the layout
    ws["A40"] = "範囲外の行"     # a row outside the layout
    ws.title = "総括表（記入済み）"
    wb[FUELS]["E17"] = 10000   # その他の燃料・熱（熱量で入力）, 当年度実績: 10,000 GJ
    m = wb[MEASURES]
    # the first empty record row (No. in column A, nothing in B)
    row = next(r for r in range(7, 200) if m.cell(r, 2).value is None)
    m.cell(row, 2).value = 2024
    m.cell(row, 3).value = "ボイラーの電化（追加）"
    m.cell(row, 4).value = 75.5
    m.cell(row, 8).value = "予定"
    wb.save(dst)


def main():
    kind, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    if kind in ("fill", "fill-values"):
        fill(src, dst, kind == "fill-values")
    elif kind == "bad-number":
        import openpyxl
        wb = openpyxl.load_workbook(src, data_only=True)
        wb[SUMMARY]["F12"] = "12..3"
        wb[FUELS]["E7"] = "abc"
        wb.save(dst)
    elif kind == "div0":
        part = sheet_part(src, SUMMARY)

        def change(name, data):
            if name != part:
                return data
            return re.sub(rb'<c r="F7"( s="\d+")?><v>[^<]*</v></c>', rb'<c r="F7"\1 t="e"><v>#DIV/0!</v></c>', data)
        rewrite(src, dst, change)
    elif kind == "zipbomb":
        part = sheet_part(src, SUMMARY)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in parts(src):
                if info.filename != part:
                    out.writestr(info.filename, data)
                    continue
                with out.open(part, "w", force_zip64=True) as f:
                    zeros = b"0" * (1 << 20)
                    for _ in range(1024):
                        f.write(zeros)
    elif kind in ("laughs", "xxe", "badutf8"):
        def change(name, data):
            if name != "xl/sharedStrings.xml":
                return data
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            if kind == "laughs":
                dtd = b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + b"".join(
                    b'<!ENTITY %c "%s">' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 10) for i in range(9)) + b"]>"
                body = body.replace(b"<t>", b"<t>&j;", 1)
                return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + dtd + body
            if kind == "xxe":
                dtd = b'<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                body = body.replace(b"<t>", b"<t>&x;", 1)
                return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + dtd + body
            return data.replace("生産活動量".encode(), b"\xff\xfe", 1)
        rewrite(src, dst, change)
    elif kind == "rowlimit":
        part = sheet_part(src, SUMMARY)

        def change(name, data):
            if name != part:
                return data
            return data.replace(b"</sheetData>", b'<row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData>')
        rewrite(src, dst, change)
    elif kind == "records":
        import openpyxl
        wb = openpyxl.load_workbook(src, data_only=True)
        m = wb[MEASURES]
        m.insert_rows(8, 600)
        for r in range(7, 7 + 501):
            m.cell(r, 2).value = 2022
            m.cell(r, 3).value = "対策%d" % r
            m.cell(r, 8).value = "実績"
        wb.save(dst)
    elif kind == "below-end":
        import openpyxl
        wb = openpyxl.load_workbook(src, data_only=True)
        b = wb["BAT"]
        end = next(r for r in range(1, b.max_row + 1) if b.cell(r, 1).value == "（以上）")
        b.cell(end + 1, 2).value = "表の外に書いたBAT"
        wb.save(dst)
    elif kind == "truncated":
        data = open(src, "rb").read()
        open(dst, "wb").write(data[: len(data) // 2])
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
