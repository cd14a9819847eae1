#!/usr/bin/env python3
"""Questions that quote the survey and know it changed (issue 12 parts 4 and 6), over HTTP,
one TAP case each: the new-question form keeps a selected passage (escaped) and the version
read; filing stores the quote as the browser's selection gave it, normalised; a hostile or
too long quote comes back beside the form and writes nothing; the association reads the
quote without who asked; a question whose item changed shows 調査票更新あり（第2版） with a
link to the change and 「引用箇所は新しい版にありません」, offers 「質問を維持する」 only to its
author and the secretariat, and keeping it clears the mark, once.

Usage: question_passage.py        (CNAP names the binary)
"""
import json
import os
import re
import sqlite3
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
ENV["CNAP_FIXED_NOW"] = "2023-10-01T09:00:00Z"
PASSWORD = "passage-pass-2023"
YEAR = "2023"
ASSOC = "/c/2023/w/denshi/a/bearing"
LOGINS = ["jimukyoku", "morioka", "hirose", "bearing-staff"]
HOSTILE = '<script>alert("q")</script> & 省エネ'

tap = cnapserve.Tap()


def cnap(args, stdin=None):
    return cnapserve.run(CNAP, ENV, args, stdin)[1]


def audit_rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM audit").fetchone()[0]


def location(hdrs):
    return next((v for k, v in hdrs if k.lower() == "location"), "")


def main():
    work = tempfile.mkdtemp(prefix="cnap-passage-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "p.db"), LOGINS, PASSWORD)
    srv = cnapserve.Server(CNAP, db, ENV)
    try:
        run(srv, db, work)
    finally:
        code, err = srv.stop()
        tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])


def run(srv, db, work):
    rev, other, sec, assoc = (srv.login(x, PASSWORD) for x in ("morioka", "hirose", "jimukyoku", "bearing-staff"))

    # The form, as the reading view opens it: item, page, version and the passage prefilled.
    q = urllib.parse.urlencode({"item": "II.5", "page": "13", "version": "1", "quote": HOSTILE})
    status, page, _ = srv.get(rev, ASSOC + "/new?" + q)
    tap(status == 200 and '<blockquote class="quote">' in page, "the form shows the selected passage", status)
    tap("<script>alert" not in page and "&lt;script&gt;" in page, "escaped", page[:300])
    tap(re.search(r'<input type="hidden" name="quote" value="&lt;script&gt;', page) is not None,
        "and keeps it in a hidden field")
    tap('name="version" value="1"' in page, "with the version read")

    # Filing: the selection's CRLF and tabs become the stored form.
    fields = {"item": "II.5", "page": "13", "version": "1", "text": "削減効果の根拠は？", "submit": "1",
              "quote": "\r\n 高効率設備の導入により\r\n\tCO2排出量を削減した。 "}
    status, _, hdrs = srv.post(rev, ASSOC + "/questions", fields)
    m = re.match(r"/q/(\d+)\?msg=filed", location(hdrs))
    tap(status == 303 and m, "the question is filed", status, location(hdrs))
    qid = m.group(1) if m else "0"
    shown = json.loads(cnap(["question", "show", "--db", db, "--id", qid, "--json"]))
    tap(shown.get("quote") == "高効率設備の導入により\n CO2排出量を削減した。", "the quote is stored normalised",
        shown.get("quote"))
    tap(shown.get("version") == 1, "with the version read", shown)
    status, page, _ = srv.get(rev, "/q/" + qid)
    tap('<blockquote class="quote">' in page and "高効率設備の導入により<br>" in page,
        "the question page shows the quote as a blockquote", page[:300])

    # Hostile quotes: the form again with the message, nothing written.
    before = audit_rows(db)
    for desc, quote in (("a control character", "a\x1b[31mb"), ("a C1 control", "a\u009bb"),
                        ("2,001 characters", "あ" * 2001)):
        status, page, _ = srv.post(rev, ASSOC + "/questions", dict(fields, quote=quote))
        tap(status == 422 and "has-error" in page and 'name="quote"' in page,
            "%s in the quote comes back beside the form" % desc, status)
    status, page, _ = srv.post(rev, ASSOC + "/questions", dict(fields, version="9"))
    tap(status == 422 and "field-error" in page, "a version that does not exist comes back with a message", status)
    status, page, _ = srv.post(rev, ASSOC + "/questions", dict(fields, version="1x"))
    tap(status == 422, "a version that is not a number is refused", status)
    tap(audit_rows(db) == before, "the refusals wrote nothing", audit_rows(db) - before)

    # The association reads the quote, never who asked.
    cnap(["question", "approve", "--db", db, "--id", qid])
    cnap(["question", "send", "--db", db, "--id", qid])
    status, page, _ = srv.get(assoc, "/q/" + qid)
    tap(status == 200 and "高効率設備の導入により" in page, "the association sees the quote", status)
    tap("森岡" not in page and "morioka" not in page, "and not who asked")
    status, page, _ = srv.get(assoc, ASSOC)
    tap("高効率設備の導入により" in page and "森岡" not in page, "on its page's card too")

    # The survey changed (as a cycle file carries it): import a copy with the mark.
    cnap(["submission", "add", "--db", db, "--cycle", YEAR, "--wg", "denshi", "--association", "bearing",
          "--submitted-on", "2023-09-20"])
    exported = json.loads(cnap(["cycle", "export", "--db", db, "--cycle", YEAR]))
    for x in exported["questions"]:
        if x["ref"] == "q" + qid:
            x["survey_changed"] = {"version": 2, "quote_present": False}
    src = os.path.join(work, "marked.json")
    with open(src, "w") as f:
        json.dump(exported, f, ensure_ascii=False)
    mdb = os.path.join(work, "m.db")
    cnap(["init", "--db", mdb])
    cnap(["cycle", "import", "--db", mdb, "--file", src])
    for login in LOGINS:
        cnap(["user", "passwd", "--db", mdb, "--login", login], PASSWORD + "\n")
    listed = json.loads(cnap(["question", "list", "--db", mdb, "--cycle", YEAR, "--json"]))
    mid = str(next(x["id"] for x in listed if x.get("survey_changed")))
    msrv = cnapserve.Server(CNAP, mdb, ENV)
    try:
        marked(msrv, mdb, mid)
    finally:
        code, err = msrv.stop()
        tap(code == 0, "the second server exits cleanly", err[-2000:])


def marked(srv, db, mid):
    rev, other, sec, assoc = (srv.login(x, PASSWORD) for x in ("morioka", "hirose", "jimukyoku", "bearing-staff"))
    status, page, _ = srv.get(rev, "/q/" + mid)
    tap("調査票更新あり（第2版）" in page, "the author sees 調査票更新あり（第2版）", status)
    tap("引用箇所は新しい版にありません" in page, "and that the quote is gone")
    tap(re.search(r'href="/c/2023/w/denshi/a/bearing/diff\?from=1&amp;to=2#item-II\.5"', page) is not None,
        "with a link to the comparison of the version read with version 2, at the item")
    tap('action="/q/%s/confirm"' % mid in page and "質問を維持する" in page, "and 「質問を維持する」")
    status, page, _ = srv.get(sec, ASSOC)
    tap("調査票更新あり（第2版）" in page, "the secretariat sees the mark on the card")
    status, page, _ = srv.get(other, "/q/" + mid)
    tap("調査票更新あり（第2版）" in page and "/confirm" not in page, "another reviewer sees the mark, not the button")
    status, page, _ = srv.get(assoc, "/q/" + mid)
    tap("調査票更新あり" not in page and "/confirm" not in page, "the association sees neither")

    before = audit_rows(db)
    status, _, _ = srv.post(other, "/q/%s/confirm" % mid, {})
    tap(status == 403, "another reviewer may not keep it", status)
    status, _, _ = srv.post(assoc, "/q/%s/confirm" % mid, {})
    tap(status == 403, "nor the association", status)
    status, _, _ = srv.http("POST", "/q/%s/confirm" % mid, "_csrf=x", {"Cookie": rev["cookie"]})
    tap(status == 403, "nor a request without the form's CSRF value", status)
    tap(audit_rows(db) == before, "the refusals wrote nothing")
    status, _, hdrs = srv.post(rev, "/q/%s/confirm" % mid, {})
    tap(status == 303 and location(hdrs) == "/q/%s?msg=anchor_confirmed" % mid, "the author keeps it", status)
    status, page, _ = srv.get(rev, location(hdrs))
    tap("調査票の更新後も質問を維持しました" in page, "the page says so")
    tap("調査票更新あり（第2版）" not in page and "調査票の更新後も質問を維持（第2版）" in page,
        "the mark is gone, the keeping shown")
    tap(audit_rows(db) == before + 1, "one audit record")
    status, _, _ = srv.post(sec, "/q/%s/confirm" % mid, {})
    tap(status == 409, "keeping it again is a conflict", status)


if __name__ == "__main__":
    main()
    sys.exit(tap.plan())
