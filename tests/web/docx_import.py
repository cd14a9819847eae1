#!/usr/bin/env python3
"""The association's Word file over HTTP (issue 12 item 2), one TAP case each: the upload on
the text page; the confirmation screen lists each item it will fill (Ⅱ．（５） with its title, the
heading, the first line) and what it could not place, with nothing written; 「この内容で取り込む」
makes the items the working copy, once; a file held for one user is no one else's; hostile files
are refused beside the file field with nothing written; readers cannot import; the API does the
same in JSON. The Word files are zipped here from XML (no python-docx in this python).

Usage: docx_import.py        (CNAP names the binary)
"""
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "docx-import-pass-2023"
TEXT = "/c/2023/w/denshi/a/bearing/text"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOUNDARY = "cnap-docx-boundary-5Jq9Zr"

tap = cnapserve.Tap()


def docx(paragraphs, content_type="wordprocessingml.document.main+xml", doctype="", mangle=None):
    """A .docx of (style, text) paragraphs: style "H1"/"H2" a Word heading, None body text."""
    def p(style, text):
        ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
        return "<w:p>%s<w:r><w:t>%s</w:t></w:r></w:p>" % (ppr, html.escape(text, quote=False))
    styles = ('<w:styles xmlns:w="%s">' % W + "".join(
        '<w:style w:type="paragraph" w:styleId="H%d"><w:name w:val="heading %d"/><w:pPr><w:outlineLvl w:val="%d"/>'
        "</w:pPr></w:style>" % (n, n, n - 1) for n in (1, 2)) + "</w:styles>")
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.%s"/></Types>' % content_type,
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>',
        "word/styles.xml": styles,
        "word/document.xml": '<?xml version="1.0"?>%s<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>'
        % (doctype, W, "".join(p(s, t) for s, t in paragraphs)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            data = text.encode()
            z.writestr(name, mangle(data) if mangle and name == "word/document.xml" else data)
    return out.getvalue()


SURVEY = docx([
    (None, "ベアリング業界 表紙"),
    ("H1", "Ⅱ．国内の企業活動における削減実績"),
    ("H2", "（５）実施した対策、投資額と削減効果の考察"),
    (None, "高効率の炉を入れた<script>alert(1)</script>。"),
    ("H2", "（９）調査票にない項目"),
    (None, "入らない段落"),
])


def multipart(fields, file_bytes, name="survey.docx"):
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (BOUNDARY, k, v)).encode()
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (BOUNDARY, name)).encode() + file_bytes + b"\r\n"
    return out + ("--%s--\r\n" % BOUNDARY).encode()


def visible_text(page):
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def main():
    work = tempfile.mkdtemp(prefix="cnap-docx-import-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"),
                             ["bearing-staff", "kosaku-kikai-staff", "morioka", "jimukyoku"], PASSWORD)
    server = cnapserve.Server(CNAP, db, ENV)

    def who(login):
        return server.user(login, PASSWORD)

    def upload(login, data, path=TEXT + "/import", api=False, name="survey.docx"):
        c = who(login)
        headers = {"Cookie": c["cookie"], "Content-Type": "multipart/form-data; boundary=" + BOUNDARY}
        if api:
            headers["X-CSRF-Token"] = c["csrf"]
        return server.http("POST", ("/api" if api else "") + path, multipart({"_csrf": c["csrf"]}, data, name), headers)

    def post(login, path, fields):
        return server.post(who(login), path, fields)

    def dump():
        return cnapserve.db_dump(db)

    def drafts():
        return subprocess.run(["sqlite3", db, "SELECT item_key FROM text_drafts ORDER BY item_key"],
                              capture_output=True, check=True).stdout.decode().split()

    A, R, S, O = "bearing-staff", "morioka", "jimukyoku", "kosaku-kikai-staff"
    for login in (A, R, S, O):
        who(login)  # a login writes its session: before any "nothing written" comparison
    st, page, _ = server.get(who(A), TEXT)
    tap(st == 200 and 'action="%s/import"' % TEXT in page and 'enctype="multipart/form-data"' in page,
        "the association's text page offers the Word upload", st)
    st, page, _ = server.get(who(R), TEXT)
    tap(st == 200 and "/import" not in page, "a reviewer's text page does not", st)

    before = dump()
    st, page, _ = upload(A, SURVEY)
    shown = visible_text(page)
    tap(st == 200 and "Wordファイルの取り込み（確認）" in page, "the upload answers with the confirmation screen", st)
    tap('<span class="t-no">Ⅱ．（５）</span><span class="t-title">実施した対策、投資額と削減効果の考察</span>' in page,
        "each item with its number and chapter, and its title")
    tap("（５）実施した対策、投資額と削減効果の考察" in shown and "（3番目の段落）" in shown,
        "the heading it comes from, with its place")
    tap("&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page,
        "the first line, escaped")
    tap("取り込めなかった内容（2件）" in shown and "（９）調査票にない項目" in shown and "ベアリング業界 表紙" in shown,
        "what it could not place, with the text")
    tap(dump() == before, "nothing is written before the confirmation")
    tap('{"' not in shown, "no JSON on the screen")
    token = re.search(r'name="token" value="([^"]+)"', page)
    token = token.group(1) if token else ""
    tap(len(token) >= 40, "the form carries the held file's token", token)

    st, page, _ = post(S, TEXT + "/import/confirm", {"token": token})
    tap(st == 409 and "もう一度ファイルを選んでください" in page and dump() == before,
        "another user cannot confirm it (409), nothing written", st)
    st, _, _ = post(R, TEXT + "/import/confirm", {"token": token})
    tap(st == 403 and dump() == before, "a reviewer's confirmation is 403", st)

    st, _, hdrs = post(A, TEXT + "/import/confirm", {"token": token})
    loc = dict((k.lower(), v) for k, v in hdrs).get("location", "")
    tap(st == 303 and loc.endswith("/text?msg=docx_imported") and drafts() == ["II.5"],
        "「この内容で取り込む」 makes the item the working copy", st, loc, drafts())
    st, page, _ = server.get(who(A), TEXT + "?msg=docx_imported")
    tap("編集中の下書きとして各項目に取り込みました" in page and "1項目を編集中" in page, "the text page says so")
    st, page, _ = server.get(who(A), TEXT + "/II.5")
    tap("高効率の炉を入れた" in page, "the item's page shows the imported text")
    after = dump()
    st, page, _ = post(A, TEXT + "/import/confirm", {"token": token})
    tap(st == 409 and dump() == after, "the same file cannot be confirmed twice", st)

    for desc, data, want in (
            ("a file that is not a zip", b"not a zip at all", "Wordの文書（docx）ではありません"),
            ("an Excel workbook", docx([("H1", "Ⅱ．国内の企業活動における削減実績")], "spreadsheetml.sheet.main+xml"),
             "Excelのブックです"),
            ("no headings", docx([(None, "見出しのない文書")]), "見出しが見つかりません"),
            ("only unknown headings", docx([("H1", "はじめに"), (None, "本文")]), "調査票の項目に当たる見出しがありません"),
            ("a DTD", docx([("H1", "Ⅱ．国内の企業活動における削減実績")], doctype='<!DOCTYPE w:document [<!ENTITY e "x">]>'),
             "DOCTYPE"),
            ("invalid UTF-8", docx([("H2", "（５）実施した対策")], mangle=lambda b: b.replace("実施".encode(), b"\xe5\xae", 1)),
             "UTF-8")):
        before = dump()
        st, page, _ = upload(A, data)
        err = re.search(r'<p class="field-error" id="docx-error"[^>]*>(.*?)</p>', page, re.S)
        msg = html.unescape(err.group(1)) if err else ""
        tap(st in (413, 422) and want in msg and dump() == before,
            "%s is refused beside the file field, nothing written" % desc, st, msg[:200])
    st, page, _ = upload(A, b"")
    tap(st == 422 and "取り込むWordファイルを選んでください" in visible_text(page), "no file: the field says so", st)

    before = dump()
    st, _, _ = upload(R, SURVEY)
    tap(st == 403 and dump() == before, "a reviewer's upload is 403", st)
    st, _, _ = upload(O, SURVEY)
    tap(st == 404 and dump() == before, "another association's user: 404", st)

    st, body, _ = upload(A, SURVEY, api=True)
    r = json.loads(body) if body.startswith("{") else {}
    items = r.get("items", [])
    tap(st == 200 and [i.get("key") for i in items] == ["II", "II.5"] and r.get("n_filled") == 1 and r.get("token")
        and r.get("unplaced") and r["unplaced"][0].get("reason"),
        "the API's upload answers with the items, what stays out and the token", st, body[:300])
    c = who(A)
    st, body, _ = server.http("POST", "/api" + TEXT + "/import/confirm", json.dumps({"token": r.get("token", "")}),
                              {"Cookie": c["cookie"], "X-CSRF-Token": c["csrf"], "Content-Type": "application/json"})
    tap(st in (200, 303) and json.loads(body or "{}").get("drafted_items") == 1, "the API's confirmation", st, body[:200])

    code, err = server.stop()
    tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
