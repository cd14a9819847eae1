#!/usr/bin/env python3
"""The survey's item texts over HTTP (issue 12 item 1), one TAP case each: the
list of items numbered as printed; an item's page with its text box; typing
saved as the working copy (form post and the script's API autosave, which
answers with the escaped preview); bad text refused beside the box with the
database unchanged; the working copy submitted as the next version; readers
see the version and cannot write; another association's texts do not exist;
no page a person sees holds JSON.

Usage: survey_text.py        (CNAP names the binary)
"""
import html
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "survey-text-pass-2023"
TEXT = "/c/2023/w/denshi/a/bearing/text"

tap = cnapserve.Tap()


def cnap(args, stdin=None):
    return cnapserve.run(CNAP, ENV, args, stdin)[1]


def visible_text(page):
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def textarea(page, name="text"):
    m = re.search(r'<textarea[^>]*name="%s"[^>]*>(.*?)</textarea>' % name, page, re.S)
    return html.unescape(m.group(1)) if m else None


def main():
    work = tempfile.mkdtemp(prefix="cnap-survey-text-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"),
                             ["bearing-staff", "kosaku-kikai-staff", "morioka", "jimukyoku"], PASSWORD)
    server = cnapserve.Server(CNAP, db, ENV)
    creds = {}

    def who(login):
        if login not in creds:
            creds[login] = server.login(login, PASSWORD)
        return creds[login]

    def get(login, path):
        return server.get(who(login), path)

    def post(login, path, fields):
        return server.post(who(login), path, fields)

    def api(login, path, body):
        c = who(login)
        return server.http("POST", "/api" + path, json.dumps(body),
                           {"Cookie": c["cookie"], "X-CSRF-Token": c["csrf"], "Content-Type": "application/json"})

    def dump():
        return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout

    def drafts():
        out = subprocess.run(["sqlite3", db, "SELECT item_key FROM text_drafts ORDER BY item_key"],
                             capture_output=True, check=True).stdout.decode().split()
        return out

    def versions():
        out = json.loads(cnap(["survey", "text", "show", "--db", db, "--cycle", "2023", "--wg", "denshi",
                               "--association", "bearing", "--json"]))
        return out["latest_version"]

    A, R = "bearing-staff", "morioka"
    outline = json.loads(cnap(["outline", "show", "--db", db, "--cycle", "2023", "--wg", "denshi",
                               "--association", "bearing", "--json"]))
    st, page, _ = get(A, TEXT)
    links = re.findall(r'href="(%s/[^"?]+)"' % re.escape(TEXT), page)
    tap(st == 200 and len(links) == len(outline), "the list links every item of the outline",
        st, len(links), len(outline))
    tap('<span class="t-no">Ⅱ．（５）</span>' in page, "an item is numbered with its chapter (Ⅱ．（５）)")
    bad = [p for p in [TEXT] + links[:12] if '{"' in visible_text(get(A, p)[1])]
    tap(not bad, "no JSON on the list and the item pages", bad)

    st, page, _ = get(A, TEXT + "/II.5")
    tap(st == 200 and textarea(page) is not None and "data-text-autosave" in page,
        "the association's item page has its text box and autosave", st)

    typed = "【導入した設備】\n高効率の炉を入れた<script>alert(1)</script>。\n\n・照明のLED化\n  ・工場\n|対策|投資額|\n|炉|120|\n※1 会員の合計。"
    st, _, hdrs = post(A, TEXT + "/II.5", {"text": typed})
    loc = dict((k.lower(), v) for k, v in hdrs).get("location", "")
    tap(st == 303 and loc.endswith("/text/II.5?msg=text_saved") and drafts() == ["II.5"],
        "saving writes the working copy of that item", st, loc, drafts())
    st, page, _ = get(A, TEXT + "/II.5?msg=text_saved")
    box = textarea(page) or ""
    tap("本文を下書きに保存しました" in page and "【導入した設備】" in box and "・照明のLED化" in box,
        "the page says so and the box shows the text typed back", box[:200])
    tap("<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page,
        "the preview escapes what was typed")
    tap('<table class="doc-table">' in page and '<p class="doc-note">' in page and '<ul class="doc-list">' in page,
        "the preview shows the table, the note and the list")

    st, body, _ = api(A, TEXT + "/II.6", {"text": "蓋然性は高い。https://www.example-assoc.jp/a", "autosave": "1"})
    r = json.loads(body) if body.startswith("{") else {}
    tap(st == 200 and r.get("saved") is True and re.match(r"^\d\d:\d\d$", r.get("saved_at") or "") and
        'href="https://www.example-assoc.jp/a"' in r.get("html", "") and drafts() == ["II.5", "II.6"],
        "the script's autosave saves and answers with the preview", st, body[:300])

    for desc, text, want in (("a javascript: link", "[x](javascript:alert(1))", "javascript"),
                             ("a control character", "a\x01b", "制御文字"),
                             ("150,000 characters", "あ" * 150000, "100000")):
        before = dump()
        st, page, _ = post(A, TEXT + "/II.7", {"text": text})
        err = re.search(r'<p class="field-error" id="text-error">(.*?)</p>', page, re.S)
        msg = html.unescape(err.group(1)) if err else ""
        tap(st == 422 and want in msg.replace(",", "") and dump() == before,
            "%s is refused beside the box, nothing written" % desc, st, msg[:200])
    st, body, _ = api(A, TEXT + "/II.7", {"text": "[x](javascript:alert(1))"})
    r = json.loads(body) if body.startswith("{") else {}
    tap(st == 422 and "javascript" in json.dumps(r.get("error", {}).get("fields", {}), ensure_ascii=False),
        "the API names the field text", st, body[:300])
    c = who(A)
    for desc, length, want in (("a body over the text limit is 413", 4 * 1024 * 1024, 413),):
        conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
        conn.putrequest("POST", TEXT + "/II.7")
        conn.putheader("Cookie", c["cookie"])
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(length))
        conn.endheaders()
        st = conn.getresponse().status
        conn.close()
        tap(st == want, desc, st)
    big = "text=" + urllib.parse.quote("あ" * 90000) + "&_csrf=" + c["csrf"]
    st, _, _ = server.http("POST", TEXT + "/II.7", big, {"Cookie": c["cookie"]})
    tap(st == 303 and len(big) > 256 * 1024, "90,000 characters (%d bytes %%-encoded) are taken" % len(big), st)
    post(A, TEXT + "/II.7/discard", {})

    # Readers: the latest version, never the working copy; no writing.
    st, page, _ = get(R, TEXT + "/II.5")
    tap(st == 200 and textarea(page) is None and "導入した設備" not in page,
        "a reviewer sees no box and not the working copy", st)
    for path, fields in ((TEXT + "/II.5", {"text": "x"}), (TEXT + "/submit", {}), (TEXT + "/discard", {}),
                         (TEXT + "/II.5/discard", {})):
        before = dump()
        st, _, _ = post(R, path, fields)
        tap(st == 403 and dump() == before, "a reviewer's POST %s is 403, nothing written" % path, st)

    # Submit: the working copy becomes the next version.
    v0 = versions()
    st, page, _ = get(A, TEXT)
    tap("2項目を編集中" in page and ("この内容で提出（第%d版）" % (v0 + 1)) in page,
        "the list counts the items being edited and offers the next version", v0)
    st, _, hdrs = post(A, TEXT + "/submit", {"note": "本文の提出"})
    tap(st == 303 and versions() == v0 + 1 and drafts() == [], "submitting makes version %d, no working copy left"
        % (v0 + 1), st, versions(), drafts())
    st, page, _ = get(R, TEXT + "/II.5")
    tap("導入した設備" in page and "&lt;script&gt;" in page, "the reviewer now reads the submitted text")
    st, page, _ = post(A, TEXT + "/submit", {})
    tap(st == 409 and "提出する下書きがありません" in page, "nothing left to submit: 409 with the reason", st)

    # Discard one item's working copy.
    post(A, TEXT + "/II.8", {"text": "あとで消す"})
    st, _, _ = post(A, TEXT + "/II.8/discard", {})
    tap(st == 303 and drafts() == [], "discarding an item's working copy", st, drafts())

    O = "kosaku-kikai-staff"
    who(O)
    for method, path in (("GET", TEXT), ("GET", TEXT + "/II.5"), ("POST", TEXT + "/II.5"), ("POST", TEXT + "/submit")):
        before = dump()
        st, _, _ = get(O, path) if method == "GET" else post(O, path, {"text": "x"})
        tap(st == 404 and dump() == before, "another association: %s %s is 404" % (method, path), st)
    st, _, _ = get(A, TEXT + "/no-such-item")
    tap(st == 404, "an unknown item is 404", st)

    code, err = server.stop()
    tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
