#!/usr/bin/env python3
"""texts_to_fodt.py TEXTS.txt PAGES.json OUT.fodt: an association's survey as a Word-like document.

TEXTS.txt is `cnap survey text show`, PAGES.json `cnap survey pages --json` (numbers and titles).
Every item's heading as cnap prints it, its paragraphs, ・ lists and |-tables as real tables, A4
portrait in IPAexMincho with IPAexGothic headings and a page number in the footer: what LibreOffice
converts in bench/survey-render/run.sh, the same text as cnap's own rendering (the form's data
tables left out).
"""
import json
import re
import sys
from xml.sax.saxutils import escape

texts, pages, out = sys.argv[1:4]
items = {it["item"]: it for it in json.load(open(pages, encoding="utf-8"))["items"]}
body = []


def para(style, text):
    body.append(f'<text:p text:style-name="{style}">{escape(text)}</text:p>')


def table(rows):
    cols = max(len(r) for r in rows)
    body.append('<table:table table:style-name="T">')
    body.append(f'<table:table-column table:number-columns-repeated="{cols}"/>')
    for r in rows:
        body.append("<table:table-row>")
        for c in r + [""] * (cols - len(r)):
            body.append(f'<table:table-cell table:style-name="C" office:value-type="string"><text:p text:style-name="TP">{escape(c)}</text:p></table:table-cell>')
        body.append("</table:table-row>")
    body.append("</table:table>")


rows = []
for line in open(texts, encoding="utf-8").read().splitlines():
    m = re.match(r"^=== (\S+)", line)
    if line.startswith("|"):
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        continue
    if rows:
        table(rows)
        rows = []
    if m:
        it = items.get(m.group(1), {"number": "", "title": m.group(1)})
        para("H1" if "." not in m.group(1) else "H2", it["number"] + it["title"])
    elif line.strip():
        para("P", line.strip())
if rows:
    table(rows)

doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="P" style:family="paragraph"><style:text-properties style:font-name="IPAexMincho" fo:font-family="IPAexMincho" style:font-family-asian="IPAexMincho" fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
<style:style style:name="TP" style:family="paragraph"><style:text-properties fo:font-family="IPAexGothic" style:font-family-asian="IPAexGothic" fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:margin-top="14pt" fo:keep-with-next="always"/><style:text-properties fo:font-family="IPAexGothic" style:font-family-asian="IPAexGothic" fo:font-size="13pt" style:font-size-asian="13pt"/></style:style>
<style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:margin-top="10pt" fo:keep-with-next="always"/><style:text-properties fo:font-family="IPAexGothic" style:font-family-asian="IPAexGothic" fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>
<style:style style:name="Foot" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="C" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.05cm"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="22mm" fo:margin-bottom="20mm" fo:margin-left="22mm" fo:margin-right="22mm"/></style:page-layout>
<style:style style:name="T" style:family="table"><style:table-properties style:width="16.6cm" table:align="left"/></style:style>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Foot">- <text:page-number text:select-page="current">1</text:page-number> -</text:p></style:footer></style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>'''
open(out, "w", encoding="utf-8").write(doc)
