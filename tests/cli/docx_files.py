#!/usr/bin/python3
"""Word files for tests/cli/t0030-docx.sh, written by python-docx (Debian's python3-docx).

Usage: docx_files.py DIR         writes into DIR:
  survey.docx     an association's survey along the sample outline: Word headings (Heading 1-3, and a
                  style named 見出し 1 as Japanese Word users make one), numbers in full and half width
                  (Ⅰ．, II., （１）, (2), （5）), a heading that is a plain paragraph, nested lists, a table
                  with merged cells, a link, sub-headings, a heading that names no item and a cover
  no-headings.docx  paragraphs only
  unknown.docx    Word headings, none of them an item
  bomb.docx       survey.docx with word/document.xml padded to 40 MiB of the same paragraph
  workbook.docx   an Excel workbook (openpyxl) named .docx
  dtd.docx        a document with a DOCTYPE declaring an entity
  badutf8.docx    a document with a byte that is not UTF-8
  javascript.docx a link to javascript:
Then, for each file: a line "paragraphs FILE" and the body's paragraphs as python-docx reads them
("h=LEVEL | TEXT", text from every w:t) go to DIR/FILE.paragraphs, for the reader's cross-check.
"""
import os
import re
import sys
import zipfile

import docx
import openpyxl
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

OUT = sys.argv[1]


def add_link(paragraph, text, url):
    """python-docx has no hyperlinks: the relationship and <w:hyperlink> by hand."""
    rid = paragraph.part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def survey(path):
    d = docx.Document()
    mine = d.styles.add_style("見出し 1", WD_STYLE_TYPE.PARAGRAPH)
    mine.base_style = d.styles["Normal"]
    d.add_paragraph("ベアリング業界のカーボンニュートラル行動計画", style="Title")
    d.add_paragraph("令和5年度 フォローアップ調査票")
    d.add_heading("Ⅰ．業界の概要", level=1)
    d.add_heading("（１）主な事業", level=2)
    d.add_paragraph("当工業会の会員は、玉軸受ところ軸受を製造しています。")
    d.add_paragraph("玉軸受", style="List Bullet")
    d.add_paragraph("深溝玉軸受", style="List Bullet 2")
    d.add_paragraph("ころ軸受", style="List Bullet")
    d.add_paragraph("生産拠点の集約", style="List Number")
    d.add_paragraph("物流の見直し", style="List Number")
    d.add_heading("(2)データについて", level=2)
    d.add_paragraph("会員企業へのアンケートによります。")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["年度", "生産量", ""], ["2021", "1,200", "t"], ["2022", "1,234", "t"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(0, 1).text = "生産量（単位）"
    d.add_heading("II. 国内の企業活動における削減実績", level=1)
    d.add_heading("（5）実施した対策、投資額と削減効果の考察", level=2)
    p = d.add_paragraph("省エネ設備の導入を進めました。詳しくは")
    add_link(p, "工業会のサイト", "https://www.jbia.or.jp/")
    p.add_run("をご覧ください。")
    d.add_paragraph("① 高効率空調の導入")
    d.add_paragraph("空調を更新し、電力を12%削減しました。")
    d.add_heading("照明のLED化", level=3)
    d.add_paragraph("全工場でLED照明に切り替えました。")
    d.add_paragraph("（６）2030年度の目標達成の蓋然性")
    d.add_paragraph("目標は達成できる見込みです。")
    d.add_heading("（９）調査票にない項目", level=2)
    d.add_paragraph("この段落は調査票のどこにも入りません。")
    d.add_paragraph("Ⅲ．本社等オフィスにおける取組", style="見出し 1")
    d.add_heading("（１）本社等オフィスにおける取組", level=2)
    d.add_paragraph("本社の照明を間引きました。")
    d.save(path)


def plain(path, lines, heading_level=None):
    d = docx.Document()
    for line in lines:
        if heading_level:
            d.add_heading(line, level=heading_level)
            d.add_paragraph("本文です。")
        else:
            d.add_paragraph(line)
    d.save(path)


def rewrite(src, dst, part, change):
    """dst: src with one part's bytes changed."""
    with zipfile.ZipFile(src) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in items:
            z.writestr(i.filename, change(data) if i.filename == part else data)


def pad(data):
    para = "<w:p><w:r><w:t>同じ段落</w:t></w:r></w:p>".encode()
    return data.replace(b"<w:body>", b"<w:body>" + para * (40 * 1024 * 1024 // len(para)), 1)


def paragraphs(path):
    """Each body paragraph with text, as python-docx sees it: its outline level from the style name."""
    d = docx.Document(path)
    out = []
    for p in d.paragraphs:
        text = "".join(t.text or "" for t in p._p.xpath(".//w:t"))
        if not text.strip():
            continue
        name = p.style.name if p.style is not None else ""
        m = re.match(r"^(?:Heading|heading|見出し) ?([1-9])$", name)
        out.append("h=%s | %s" % (m.group(1) if m else "0", text))
    return out


os.makedirs(OUT, exist_ok=True)
survey(os.path.join(OUT, "survey.docx"))
plain(os.path.join(OUT, "no-headings.docx"), ["見出しのない文書です。", "本文だけが続きます。"])
plain(os.path.join(OUT, "unknown.docx"), ["はじめに", "おわりに"], heading_level=1)
rewrite(os.path.join(OUT, "survey.docx"), os.path.join(OUT, "bomb.docx"), "word/document.xml", pad)
rewrite(os.path.join(OUT, "survey.docx"), os.path.join(OUT, "dtd.docx"), "word/document.xml",
        lambda b: re.sub(rb"^(<\?xml[^>]*\?>)", rb'\1<!DOCTYPE w:document [<!ENTITY e "x">]>', b, count=1))
rewrite(os.path.join(OUT, "survey.docx"), os.path.join(OUT, "badutf8.docx"), "word/document.xml",
        lambda b: b.replace("当工業会".encode(), b"\xe5\xbd\x93\xe5\xb7", 1))
rewrite(os.path.join(OUT, "survey.docx"), os.path.join(OUT, "javascript.docx"), "word/_rels/document.xml.rels",
        lambda b: b.replace(b"https://www.jbia.or.jp/", b"javascript:alert(1)"))
wb = openpyxl.Workbook()
wb.active["A1"] = "実績の総括表"
wb.save(os.path.join(OUT, "workbook.docx"))
with open(os.path.join(OUT, "survey.docx.paragraphs"), "w") as f:
    f.write("\n".join(paragraphs(os.path.join(OUT, "survey.docx"))) + "\n")
