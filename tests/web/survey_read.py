#!/usr/bin/env python3
"""The reading view over HTTP (issue 12 part 4), one TAP case each: an association's survey
read item by item with its text escaped, 「P.」 markers where pages start, the questions filed
on each item as the reader may see them (another reviewer's draft never), one item alone,
another version, the association's own survey only, and the question form opened from a
selected passage by POST (a 2,000-character quote is too long for a URL) with the CSRF check.

Usage: survey_read.py        (CNAP names the binary)
"""
import json
import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
ENV["CNAP_FIXED_NOW"] = "2023-10-01T09:00:00Z"
PASSWORD = "read-pass-2023"
YEAR = "2023"
ASSOC = "/c/2023/w/denshi/a/bearing"
WHERE = ["--cycle", YEAR, "--wg", "denshi", "--association", "bearing"]
HOSTILE = '<img src=x onerror=alert(1)> & "引用" </p><script>x</script>'

tap = cnapserve.Tap()


def cnap(args, stdin=None):
    return cnapserve.run(CNAP, ENV, args, stdin)[1]


def audit_rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM audit").fetchone()[0]


def main():
    work = tempfile.mkdtemp(prefix="cnap-read-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "r.db"),
                             ["jimukyoku", "morioka", "hirose", "bearing-staff", "kosaku-kikai-staff"], PASSWORD)
    texts = os.path.join(work, "texts.txt")
    with open(texts, "w") as f:
        f.write("=== II.4\n生産活動量は前年度比で増加した。\n=== II.5\n%s\n\n※1 投資額は会員企業の合計。\n" % HOSTILE)
    cnap(["survey", "text", "set", "--db", db, "--as", "bearing-staff", "--file", texts] + WHERE)
    cnap(["question", "file", "--db", db, "--as", "hirose", "--item", "II.5", "--text", "HIROSE-DRAFT-Q"] + WHERE)
    cnap(["question", "file", "--db", db, "--as", "morioka", "--item", "II.5", "--text", "MORIOKA-SUBMITTED-Q",
          "--quote", "投資額", "--submit"] + WHERE)
    srv = cnapserve.Server(CNAP, db, ENV)
    try:
        run(srv, db)
    finally:
        code, err = srv.stop()
        tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])


def run(srv, db):
    rev, sec, assoc, other = (srv.login(x, PASSWORD) for x in ("morioka", "jimukyoku", "bearing-staff",
                                                                "kosaku-kikai-staff"))
    status, page, _ = srv.get(rev, ASSOC + "/read")
    tap(status == 200, "the reviewer reads the survey", status)
    tap("<script>x</script>" not in page and "<img src=x" not in page and "&lt;img src=x onerror" in page,
        "the item's text is escaped", page[:200])
    tap('<div class="doc" data-item="II.5"' in page, "each text is marked with its item")
    marks = re.findall(r'<p class="page-mark" data-page="(\d+)"><span>P\.(\d+)</span></p>', page)
    tap(marks and all(a == b for a, b in marks), "page markers 「P.」 carry their page", marks[:5])
    pages = [int(a) for a, _ in marks]
    tap(pages == sorted(set(pages)), "one marker per page, in order", pages)
    tap("MORIOKA-SUBMITTED-Q" in page and "HIROSE-DRAFT-Q" not in page,
        "the questions beside the items are those the reader may see")
    tap(re.search(r'href="/c/2023/w/denshi/a/bearing/new\?item=II\.5&amp;page=\d+&amp;version=2"', page) is not None,
        "「この項目について質問する」 opens the form with item, page and version")
    tap('id="ask-float"' in page and 'name="quote"' in page, "and the form a selection fills is there")

    status, page, _ = srv.get(rev, ASSOC + "/read?item=II.4")
    tap(status == 200 and "生産活動量は前年度比" in page and "onerror" not in page, "one item alone", status)
    status, page, _ = srv.get(rev, ASSOC + "/read?v=1&item=II.5")
    tap(status == 200 and "onerror" not in page and '<div class="doc" data-item="II.5"' in page,
        "version 1 shows its own text of the item", status)
    for desc, path in (("an unknown item", "/read?item=IX.9"), ("a version that does not exist", "/read?v=9"),
                       ("a version that is not a number", "/read?v=2x")):
        status, _, _ = srv.get(rev, ASSOC + path)
        tap(status == 404, "%s is not found" % desc, status)

    status, page, _ = srv.get(assoc, ASSOC + "/read")
    tap(status == 200 and "MORIOKA-SUBMITTED-Q" not in page and 'id="ask-float"' not in page,
        "the association reads its own survey, without unsent questions or the asking form", status)
    status, _, _ = srv.get(other, ASSOC + "/read")
    tap(status == 404, "another association's survey does not exist for it", status)

    # The form from a selection: a POST, checked for CSRF, that writes nothing.
    before = audit_rows(db)
    quote = "あ" * 2000
    status, page, _ = srv.post(rev, ASSOC + "/new", {"item": "II.5", "page": "13", "version": "2", "quote": quote})
    tap(status == 200 and page.count("あ" * 2000) >= 1 and 'name="version" value="2"' in page,
        "a 2,000-character passage opens the form", status)
    status, _, _ = srv.http("POST", ASSOC + "/new", "item=II.5&quote=x&_csrf=wrong", {"Cookie": rev["cookie"]})
    tap(status == 403, "without the form's CSRF value it is refused", status)
    tap(audit_rows(db) == before, "opening the form wrote nothing")


if __name__ == "__main__":
    main()
    sys.exit(tap.plan())
