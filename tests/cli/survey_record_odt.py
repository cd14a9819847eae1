"""A flat ODT of an association's 調査票 in its own layout: a cover and a contents page without numbers,
then the items, numbered pages from 1 in the footer, headings as 「（５）題」 under 「Ⅱ．題」."""
import json, sys
from xml.sax.saxutils import escape
t = json.load(open(sys.argv[1]))['templates'][0]
industry = sys.argv[3] if len(sys.argv) > 3 else "ベアリング業界"
skip = set(sys.argv[4].split(',')) if len(sys.argv) > 4 else set()
S = "会員企業は省エネルギー設備の導入と運用の改善を進めており、その効果は着実に表れている。"
def title(it): return it['title'].replace('{industry}', industry)
body = []
body.append('<text:p text:style-name="Title">令和5年度 カーボンニュートラル行動計画</text:p>')
body.append('<text:p text:style-name="Title">フォローアップ調査票</text:p>')
body.append('<text:p text:style-name="Break">目次</text:p>')
for it in t['items']:
    body.append(f'<text:p text:style-name="P">{escape(it["code"] + title(it))}</text:p>')
first = True
for n, it in enumerate(t['items']):
    if it['key'] in skip:
        continue
    style = 'H1' if '.' not in it['key'] else 'H2'
    if first:
        style = 'H1First'
        first = False
    body.append(f'<text:p text:style-name="{style}">{escape(it["code"] + title(it))}</text:p>')
    for k in range(1 + (n * 5) % 7):
        body.append(f'<text:p text:style-name="P">{escape(S * 3)}</text:p>')
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="IPAexMincho" svg:font-family="IPAexMincho" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:style style:name="P" style:family="paragraph"><style:text-properties style:font-name="IPAexMincho" style:font-name-asian="IPAexMincho" fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="18pt" style:font-size-asian="18pt"/></style:style>
<style:style style:name="Break" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="H1" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:margin-top="12pt" fo:keep-with-next="always"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
<style:style style:name="H1First" style:family="paragraph" style:parent-style-name="H1" style:master-page-name="Numbered"><style:paragraph-properties style:page-number="1"/></style:style>
<style:style style:name="H2" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:margin-top="8pt" fo:keep-with-next="always"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
<style:style style:name="Foot" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="center"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="20mm" fo:margin-bottom="15mm" fo:margin-left="25mm" fo:margin-right="25mm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1"/>
<style:master-page style:name="Numbered" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Foot">- <text:page-number text:select-page="current">1</text:page-number> -</text:p></style:footer></style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>'''
open(sys.argv[2], 'w').write(doc)
