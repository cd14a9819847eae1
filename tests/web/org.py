#!/usr/bin/env python3
"""組織の管理 over HTTP (issue 14 item 3, the organisation half), one TAP case each: the page of a
cycle (the newest by default, ?cycle=YEAR, an unknown one 404) lists its WGs with their associations in
bundle order and their 調査票; every form (add a WG, rename it, add an association, change its name
and 業種, enrol one with a 調査票, change the 調査票 and the place in the bundle, take an enrolment back)
works, redirects with its notice and writes one audit record; every refusal (a code that exists, a
bad code, an empty name, an unknown 調査票, enrolling twice, another 調査票 or taking back an
enrolment that holds questions) is shown in Japanese beside its field and changes nothing; the JSON
API takes the same routes; only the secretariat may; no page shows JSON or English.

Usage: org.py        (CNAP names the binary)
"""
import html
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "org-admin-pass-2023"
ORG = "/admin/org"

tap = cnapserve.Tap()


def visible_text(page):
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)))


def field_errors(page):
    return [html.unescape(m) for m in re.findall(r'class="field-error"[^>]*>([^<]*)<', page)]


def no_code_shown(page):
    """Nothing a person sees is JSON, an internal status or English."""
    text = visible_text(page)
    bad = re.findall(r'[{}]|"\w+":|\b(?:error|invalid|conflict|not found|unknown|already)\b', text, re.I)
    return not bad, bad[:5]


def location(hdrs):
    return dict((k.lower(), v) for k, v in hdrs).get("location", "")


def main():
    work = tempfile.mkdtemp(prefix="cnap-org-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"), ["jimukyoku", "morioka", "bearing-staff"],
                             PASSWORD)
    token = cnapserve.run(CNAP, ENV, ["user", "token", "--db", db, "--login", "jimukyoku"])[1].strip()
    server = cnapserve.Server(CNAP, db, ENV)
    try:
        run(server, db, token)
    finally:
        code, err = server.stop()
        tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


def audit_count(db):
    out = cnapserve.run(CNAP, ENV, ["audit", "list", "--db", db])[1]
    return len([line for line in out.splitlines() if line.strip()])


def run(server, db, token):
    secr = server.login("jimukyoku", PASSWORD)
    rev = server.login("morioka", PASSWORD)
    assoc = server.login("bearing-staff", PASSWORD)

    def refused(desc, path, fields, field, pattern, status=422):
        """A form refused: the status, the Japanese message beside field, the database unchanged."""
        before = cnapserve.db_dump(db)
        st, page, _ = server.post(secr, path, dict(fields, cycle="2023"))
        errs = field_errors(page)
        ok_text, bad = no_code_shown(page)
        tap(st == status and any(re.search(pattern, e) for e in errs) and ok_text
            and cnapserve.db_dump(db) == before, desc, "status %d" % st, errs, bad)
        return page

    def done(desc, path, fields, msg, check=None):
        n = audit_count(db)
        st, page, hdrs = server.post(secr, path, dict(fields, cycle="2023"))
        loc = location(hdrs)
        ok = st == 303 and ("msg=" + msg) in loc and audit_count(db) == n + 1
        if ok and check:
            ok = check()
        tap(ok, desc, "status %d location %s" % (st, loc), page[:400])

    # The page
    st, page, _ = server.get(secr, ORG)
    rows = re.findall(r'<tr id="p-denshi-([a-z-]+)">', page)
    tap(st == 200 and rows == ["denki-denshi", "bearing", "sangyo-kikai", "kensetsu-kikai", "kosaku-kikai"],
        "the newest cycle's WG lists its five associations in bundle order", rows)
    tap("組織の管理（令和5年度）" in visible_text(page) and "主体間連携" in visible_text(page),
        "the heading names the cycle and each row its 調査票 by name")
    tap('href="/admin/org"' in page and "組織の管理" in page, "the menu has 組織の管理 for the secretariat")
    ok, bad = no_code_shown(page)
    tap(ok, "the page shows no JSON or English", bad)
    tap(server.get(secr, ORG + "?cycle=2023")[0] == 200 and server.get(secr, ORG + "?cycle=2024")[0] == 404
        and server.get(secr, ORG + "?cycle=abc")[0] == 404, "?cycle=2023 is the page; an unknown cycle is 404")
    tap('name="template"' not in re.search(r'<tr id="p-denshi-bearing">.*?</tr>', page, re.S).group(0)
        and "/remove" not in re.search(r'<tr id="p-denshi-bearing">.*?</tr>', page, re.S).group(0),
        "an enrolment holding questions offers neither another 調査票 nor taking it back")
    for who, name in ((rev, "reviewer"), (assoc, "association user")):
        st_get = server.get(who, ORG)[0]
        st_post = server.post(who, ORG + "/wgs", {"cycle": "2023", "code": "x1", "name": "x"})[0]
        tap(st_get == 403 and st_post == 403, "a %s may neither see nor change it (403)" % name, st_get, st_post)
        tap('href="/admin/org"' not in server.get(who, "/c/2023")[1], "no 組織の管理 in a %s's menu" % name)

    # WGs
    refused("a WG code that exists is refused beside the code", ORG + "/wgs", {"code": "denshi", "name": "重複"},
            "code", r"WGのコード「denshi」は令和5年度にすでにあります")
    page = refused("a WG code with a space is refused in Japanese", ORG + "/wgs", {"code": "te kko", "name": "鉄鋼WG"},
                   "code", r"半角の英字・数字")
    tap('value="te kko"' in page and 'value="鉄鋼WG"' in page, "what was typed is shown again")
    refused("an empty WG name is refused", ORG + "/wgs", {"code": "tekko", "name": "　"}, "name", r"WG名を入力してください")
    refused("a WG name over 200 characters is refused", ORG + "/wgs", {"code": "tekko", "name": "長" * 201}, "name",
            r"WG名は200文字まで")
    done("a WG is added", ORG + "/wgs", {"code": "tekko", "name": "鉄鋼WG"}, "org_wg_added",
         lambda: "鉄鋼WG" in server.get(secr, ORG)[1])
    st, page, _ = server.get(secr, ORG + "?cycle=2023&msg=org_wg_added")
    tap("WGを追加しました" in visible_text(page), "the notice says so in Japanese")
    done("a WG is renamed (its code stays)", ORG + "/wgs/tekko", {"name": "鉄鋼・非鉄WG"}, "org_wg_renamed",
         lambda: json.loads(cnapserve.run(CNAP, ENV, ["wg", "list", "--db", db, "--cycle", "2023", "--json"])[1])[-1]
         == {"code": "tekko", "name": "鉄鋼・非鉄WG", "associations": []})
    page = refused("renaming to nothing is refused beside that WG's name", ORG + "/wgs/tekko", {"name": ""}, "name",
                   r"WG名を入力してください")
    tap(re.search(r'id="wg-name-tekko-error">WG名を入力', page) is not None, "the message is under that WG's name field")
    tap(server.post(secr, ORG + "/wgs/nowg", {"cycle": "2023", "name": "x"})[0] == 404, "renaming an unknown WG is 404")

    # Associations
    refused("an association code that exists is refused", ORG + "/associations",
            {"code": "bearing", "name": "x", "industry": ""}, "code", r"業界団体のコード「bearing」はすでにあります")
    refused("a control character in a name is refused", ORG + "/associations",
            {"code": "jisf", "name": "日本\x07鉄鋼連盟", "industry": ""}, "name", r"業界団体名に改行などの制御文字")
    done("an association is added with its 業種", ORG + "/associations",
         {"code": "jisf", "name": "日本鉄鋼連盟", "industry": "鉄鋼業界"}, "org_association_added",
         lambda: 'value="鉄鋼業界"' in server.get(secr, ORG)[1])
    done("its name and 業種 are changed", ORG + "/associations/jisf", {"name": "一般社団法人 日本鉄鋼連盟",
                                                                     "industry": "鉄鋼・非鉄業界"},
         "org_association_saved",
         lambda: json.loads(cnapserve.run(CNAP, ENV, ["association", "list", "--db", db, "--json"])[1])[2]
         == {"code": "jisf", "name": "一般社団法人 日本鉄鋼連盟", "industry": "鉄鋼・非鉄業界"})
    refused("an empty association name is refused beside it", ORG + "/associations/jisf",
            {"name": "", "industry": "x"}, "name", r"業界団体名を入力してください")
    tap(server.post(secr, ORG + "/associations/nobody", {"cycle": "2023", "name": "x"})[0] == 404,
        "changing an unknown association is 404")

    # Enrolments
    refused("an unknown 調査票 is refused beside the 調査票", ORG + "/participations",
            {"wg": "tekko", "association": "jisf", "template": "nope"}, "template", r"調査票「nope」は令和5年度にありません")
    refused("an unknown association is refused beside its select", ORG + "/participations",
            {"wg": "tekko", "association": "nobody", "template": "standard"}, "association", r"業界団体「nobody」はありません")
    refused("an unknown WG is refused beside its select", ORG + "/participations",
            {"wg": "nowg", "association": "jisf", "template": "standard"}, "wg", r"WG「nowg」は令和5年度にありません")
    done("an association is enrolled in a WG with a 調査票", ORG + "/participations",
         {"wg": "tekko", "association": "jisf", "template": "standard"}, "org_enrolled",
         lambda: '<tr id="p-tekko-jisf">' in server.get(secr, ORG)[1])
    refused("enrolling it twice is refused", ORG + "/participations",
            {"wg": "tekko", "association": "jisf", "template": "standard"}, "association",
            r"日本鉄鋼連盟はすでに鉄鋼・非鉄WGに参加しています")
    done("an enrolment that holds nothing takes another 調査票", ORG + "/participations/tekko/jisf",
         {"template": "renumbered-iii-vi"}, "org_enrolment_saved",
         lambda: '<option value="renumbered-iii-vi" selected>' in
         re.search(r'<tr id="p-tekko-jisf">.*?</tr>', server.get(secr, ORG)[1], re.S).group(0))
    refused("another 調査票 for an enrolment holding questions is refused, nothing changed",
            ORG + "/participations/denshi/bearing", {"template": "renumbered-iii-vi"}, "template",
            r"質問\d+件があるため、調査票は変えられません")
    refused("a place outside the bundle is refused", ORG + "/participations/denshi/bearing", {"position": "9"},
            "position", r"順番は1から5までの数")
    done("an association moves to first place in the bundle", ORG + "/participations/denshi/kosaku-kikai",
         {"position": "1"}, "org_enrolment_saved",
         lambda: re.findall(r'<tr id="p-denshi-([a-z-]+)">', server.get(secr, ORG)[1])
         == ["kosaku-kikai", "denki-denshi", "bearing", "sangyo-kikai", "kensetsu-kikai"])
    listed = json.loads(cnapserve.run(CNAP, ENV, ["association", "list", "--db", db, "--cycle", "2023", "--wg", "denshi",
                                                  "--json"])[1])
    tap([a["code"] for a in listed][:2] == ["kosaku-kikai", "denki-denshi"],
        "the bundle's order is the order everywhere (association list)")
    before = cnapserve.db_dump(db)
    st, page, _ = server.post(secr, ORG + "/participations/denshi/bearing/remove", {"cycle": "2023"})
    errs = field_errors(page)
    tap(st == 409 and any(re.search(r"日本ベアリング工業会は.*質問\d+件があるため、参加を取り消せません（何も変更していません）", e)
                          for e in errs) and cnapserve.db_dump(db) == before,
        "taking back an enrolment with questions is refused (409), beside its row, nothing changed", st, errs)
    ok, bad = no_code_shown(page)
    tap(ok, "the refusal shows no JSON or English", bad)
    done("an enrolment that holds nothing is taken back", ORG + "/participations/tekko/jisf/remove", {},
         "org_enrolment_removed", lambda: '<tr id="p-tekko-jisf">' not in server.get(secr, ORG)[1])
    tap(server.post(secr, ORG + "/participations/tekko/jisf/remove", {"cycle": "2023"})[0] == 404,
        "taking it back again is 404")
    st, _, _ = server.http("POST", ORG + "/participations/denshi/bearing", "cycle=2023&position=1",
                           {"Cookie": secr["cookie"]})
    tap(st == 403, "a form without the CSRF token is refused (403)", st)

    # The JSON API, the same routes
    auth = {"Authorization": "Bearer " + token}
    st, body, _ = server.http("GET", "/api" + ORG + "?cycle=2023", headers=auth)
    doc = json.loads(body) if st == 200 else {}
    wg = next((w for w in doc.get("wgs", []) if w["code"] == "denshi"), {})
    tap(st == 200 and [p["association"] for p in wg.get("participants", [])][0] == "kosaku-kikai"
        and wg["participants"][0]["template_name"] == "令和5年度 調査票", "GET /api/admin/org: the WGs and participants",
        body[:300])
    st, body, _ = server.http("POST", "/api" + ORG + "/wgs", json.dumps({"cycle": 2023, "code": "kagaku", "name": "化学WG"}),
                              dict(auth, **{"Content-Type": "application/json"}))
    tap(st == 200 and json.loads(body).get("ok") is True, "POST /api/admin/org/wgs adds a WG", body[:200])
    st, body, _ = server.http("POST", "/api" + ORG + "/wgs", json.dumps({"cycle": 2023, "code": "kagaku", "name": "化学WG"}),
                              dict(auth, **{"Content-Type": "application/json"}))
    e = json.loads(body).get("error", {})
    tap(st == 422 and re.search("すでにあります", e.get("fields", {}).get("code", "")),
        "the API's refusal names the field in Japanese", body[:300])
    st, body, _ = server.http("POST", "/api" + ORG + "/participations/denshi/bearing/remove", json.dumps({"cycle": 2023}),
                              dict(auth, **{"Content-Type": "application/json"}))
    tap(st == 409 and "参加を取り消せません" in json.loads(body).get("error", {}).get("message", ""),
        "the API refuses taking back an enrolment with questions (409)", body[:300])

    # A closed cycle: its WGs and enrolments are shown, not changed
    cnapserve.run(CNAP, ENV, ["cycle", "close", "--db", db, "--year", "2023"])
    st, page, _ = server.get(secr, ORG)
    tap(st == 200 and "締め切られているため" in visible_text(page) and "/remove" not in page
        and 'action="/admin/org/participations"' not in page and 'action="/admin/org/wgs"' not in page,
        "a closed cycle's page says so and offers no form for its WGs and enrolments")
    before = cnapserve.db_dump(db)
    st, page, _ = server.post(secr, ORG + "/wgs", {"cycle": "2023", "code": "sekiyu", "name": "石油WG"})
    tap(st == 409 and "この年度は締め切られています" in visible_text(page) and cnapserve.db_dump(db) == before,
        "adding a WG to a closed cycle is refused (409), nothing changed", st)
    cnapserve.run(CNAP, ENV, ["cycle", "close", "--db", db, "--year", "2023", "--reopen"])

    # Every change is in the audit trail
    out = cnapserve.run(CNAP, ENV, ["audit", "list", "--db", db])[1]
    for action in ("wg.add", "wg.edit", "association.add", "association.edit", "participation.add",
                   "participation.edit", "participation.remove"):
        tap(action in out, "the audit trail has %s" % action)


if __name__ == "__main__":
    sys.exit(main())
