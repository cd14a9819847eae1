#!/usr/bin/env python3
"""「検索」 over HTTP (issue 13), one TAP case each: the header's box on every page; the JSON API's hits
(kinds, places, the item as printed, snippets with the words marked, paging); an association's hits are
its own only and name nobody who asked; a query that cannot be searched is 422 with the reason for the
field and never an SQL error; bad filters are 400 or 404; what was typed comes back escaped; a search
writes nothing; no page a person sees holds JSON or an English state.

Usage: search.py        (CNAP names the binary)
"""
import html
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
PASSWORD = "search-pass-2023"
tap = cnapserve.Tap()


def q(s, **more):
    return "/search?" + urllib.parse.urlencode(dict({"q": s}, **more))


def main():
    work = tempfile.mkdtemp(prefix="cnap-search-")
    A, R, S = "bearing-staff", "morioka", "jimukyoku"
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"), [A, R, S], PASSWORD)
    token = {who: cnapserve.run(CNAP, ENV, ["user", "token", "--db", db, "--login", who])[1].strip() for who in (A, S)}
    server = cnapserve.Server(CNAP, db, ENV)

    def api(who, path):
        st, body, _ = server.http("GET", "/api" + path, headers={"Authorization": "Bearer " + token[who]})
        try:
            return st, json.loads(body)
        except ValueError:
            return st, {"unparsed": body}

    def page(who, path):
        return server.get(server.user(who, PASSWORD), path)

    def dump():
        return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout

    st, body, _ = page(R, "/c/2023")
    tap(st == 200 and 'action="/search"' in body and 'name="q"' in body, "every page's header has the search box", st)

    before = dump()
    st, v = api(S, q("根拠"))
    hits = v.get("hits", [])
    tap(st == 200 and len(hits) == 20 and v.get("more") is True and v.get("next_offset") == 20,
        "the secretariat's 根拠: 20 hits and more", st, len(hits))
    tap(dump() == before, "a search writes nothing")
    st, v2 = api(S, q("根拠", offset="20"))
    kinds = {h["kind"] for h in hits + v2.get("hits", [])}
    tap(kinds == {"question", "answer", "text"}, "questions, answers and survey texts", kinds)
    first = hits[0]
    marked = [p["text"] for p in first["snippet"] if p["hit"]]
    tap(marked and all(m == "根拠" for m in marked), "the snippet marks the word", first["snippet"])
    tap(first["era"] == "令和5年度" and re.match(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨ]．（", first["item_number"] or "x") is not None,
        "a hit says its 令和 year and its item with the chapter", first["era"], first["item_number"])
    ids = [(h["kind"], h.get("question_id"), h["item"], h["association"]) for h in hits]
    tap(len(set(ids)) == len(ids), "no hit twice on a page")
    second_ids = {(h["kind"], h.get("question_id"), h["item"], h["association"]) for h in v2.get("hits", [])}
    tap(not (set(ids) & second_ids), "the second page goes on where the first stopped")
    q_hit = next(h for h in hits + v2["hits"] if h["kind"] == "question")
    tap(q_hit["url"] == "/q/%d" % q_hit["question_id"] and q_hit["status_label"] and "No." in q_hit["question_label"],
        "a question hit links the question with its No. and state", q_hit)
    t_hit = next(h for h in hits if h["kind"] == "text")
    tap(t_hit["url"].endswith("/read#item-" + t_hit["item"]) and t_hit["version"] >= 1,
        "a survey text hit links the reading view at the item", t_hit["url"])

    st, v = api(A, q("根拠"))
    assocs = {h["association"] for h in v.get("hits", [])}
    tap(st == 200 and assocs == {"bearing"}, "an association finds only its own", assocs)
    tap("author" not in json.dumps(v) and "morioka" not in json.dumps(v, ensure_ascii=False),
        "and nothing names who asked")
    tap(not v.get("associations"), "an association is offered no choice of association", v.get("associations"))
    st, v = api(A, q("根拠", association="kosaku-kikai"))
    tap(st == 200 and v.get("hits") == [], "another association's, asked for by name, is nothing", st)

    for bad, why in [("", "検索語を入力"), ("\"*()-", "記号だけでは"), ("あ" * 201, "200文字まで")]:
        st, v = api(S, q(bad))
        msg = v.get("error", {}).get("fields", {}).get("q", "")
        tap(st == 422 and why in msg, "a query that cannot be searched is 422 with the reason: %r" % bad[:10], st, v)
    st, body, _ = server.http("GET", "/api/search?q=%FF%FE", headers={"Authorization": "Bearer " + token[S]})
    tap(st in (400, 422) and "SQL" not in body and "fts5" not in body, "bytes that are not UTF-8 are refused", st, body[:200])
    # every word must be found: NEAR, OR and col are words like any other, and the sample has none of them
    for fts, found in [('根拠"', True), ("根拠*", True), ("NEAR(根拠)", False), ("-根拠", True), ("根拠 OR", False),
                       ("(根拠", True), ("col:根拠", False), ("^根拠", True)]:
        st, v = api(S, q(fts))
        tap(st == 200 and (len(v.get("hits", [])) > 0) == found, "FTS syntax is text: %s" % fts, st)
    for path, want in [(q("根拠", kind="memo"), 400), (q("根拠", cycle="20x3"), 400), (q("根拠", status="nope"), 400),
                       (q("根拠", offset="-1"), 400), (q("根拠", association="nobody"), 404),
                       (q("根拠", cycle="2031"), 404), (q("根拠", item="IX.9"), 422), (q("根拠", wg="nowg"), 404)]:
        st, _ = api(S, path)
        tap(st == want, "a bad filter: %s is %d" % (path, want), st)
    st, v = api(S, q("根拠", kind="answer"))
    tap(st == 200 and v["hits"] and {h["kind"] for h in v["hits"]} == {"answer"}, "narrowed to answers", st)
    st, v = api(S, q("根拠", item="Ⅱ．（５）"))
    tap(st == 200 and v["hits"] and {h["item"] for h in v["hits"]} == {"II.5"}, "an item as printed narrows to it", st)

    evil = "<script>alert(1)</script>根拠"
    st, body, _ = page(S, q(evil))
    tap(st == 200 and "<script>alert(1)" not in body and html.escape("<script>alert(1)</script>") in body,
        "what was typed comes back escaped", st)
    st, body, _ = page(S, q("根拠"))
    text = html.unescape(re.sub(r"<[^>]*>", " ", body.split("<body", 1)[-1]))
    tap(st == 200 and "<mark>根拠</mark>" in body and "{" not in text and not re.search(r"\b(sent|accepted|question)\b", text),
        "the page marks the words and shows no JSON or English state")
    st, body, _ = page(S, q("\"*()-"))
    tap(st == 422 and "記号だけでは検索できません" in body and 'aria-invalid="true"' in body,
        "the page says why beside the box", st)

    code, err = server.stop()
    tap(code == 0, "cnap serve exits cleanly", err[-500:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
