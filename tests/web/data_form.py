#!/usr/bin/env python3
"""The survey data tables over HTTP (issue 10), one TAP case each: a table is
saved as the draft; a bad cell comes back with its message beside it and the
database unchanged; the preview computes 原油換算 (10,000 GJ → 0.0258 万kl) and
the page shows it; the draft is submitted as the next version with its fuel
totals, discarded, and filled from last year's survey; readers see text and
cannot write; another association's tables do not exist. No page a person
sees holds JSON.

Usage: data_form.py        (CNAP names the binary)
"""
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "data-form-pass-2023"
YEAR = "2023"
DATA = "/c/2023/w/denshi/a/bearing/data"

tap = cnapserve.Tap()


def cnap(args, stdin=None):
    return cnapserve.run(CNAP, ENV, args, stdin)[1]


class Cells(html.parser.HTMLParser):
    """The fields of a table's form as a browser would post them, and the computed cells' text."""

    def __init__(self):
        super().__init__()
        self.fields, self.computed, self.inputs = {}, {}, 0
        self._select = self._textarea = self._calc = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and (name.startswith("c.") or name == "rows"):
            self.fields[name] = a.get("value") or ""
            self.inputs += name.startswith("c.")
        elif tag == "select" and name.startswith("c."):
            self._select = name
            self.fields[name] = ""
            self.inputs += 1
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and name.startswith("c."):
            self._textarea = name
            self.fields[name] = ""
            self.inputs += 1
        elif tag == "span" and a.get("data-cell"):
            self._calc = a["data-cell"]
            self.computed[self._calc] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "span":
            self._calc = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data
        if self._calc:
            self.computed[self._calc] += data


def cells(page):
    p = Cells()
    p.feed(page)
    return p


def visible_text(page):
    """What a person reads: the body without tags and attributes."""
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


class World:
    def __init__(self, work):
        self.db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "data.db"),
                                      ["bearing-staff", "kosaku-kikai-staff", "morioka", "jimukyoku"], PASSWORD)
        self.server = cnapserve.Server(CNAP, self.db, ENV)
        self.creds = {}

    def login(self, login):
        if login not in self.creds:
            self.creds[login] = self.server.login(login, PASSWORD)
        return self.creds[login]

    def get(self, who, path):
        return self.server.get(self.login(who), path)

    def post(self, who, path, fields):
        return self.server.post(self.login(who), path, fields)

    def dump(self):
        return subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, check=True).stdout

    def draft(self):
        out = subprocess.run(["sqlite3", self.db, "SELECT data_json FROM data_drafts"], capture_output=True,
                             check=True).stdout.decode().strip()
        return json.loads(out) if out else None

    def submissions(self):
        cycle = json.loads(cnap(["cycle", "export", "--db", self.db, "--cycle", YEAR]))
        return next(p for p in cycle["participations"] if p["association"] == "bearing")["submissions"]

    def add_last_year(self, work):
        """The 2023 sample moved to a 2022 cycle for bearing, its 2021 CO2 changed."""
        cycle = json.loads(cnap(["cycle", "export", "--db", self.db, "--cycle", YEAR]))
        cycle["cycle"] = {"year": 2022, "actual_fiscal_year": 2021, "name": "令和4年度フォローアップ（2021年度実績）",
                          "decomposition_method": "sequential"}
        cycle["questions"], cycle["users"] = [], []
        cycle["participations"] = [p for p in cycle["participations"] if p["association"] == "bearing"]
        part = cycle["participations"][0]
        part["submissions"] = part["submissions"][-1:]
        data = part["submissions"][0]["data"]
        data["series"] = [r for r in data["series"] if r["year"] == 2013 or (r["year"] == 2021 and not r.get("forecast"))]
        next(r for r in data["series"] if r["year"] == 2021)["co2"] = 71.11
        path = os.path.join(work, "last-year.json")
        with open(path, "w") as f:
            json.dump(cycle, f, ensure_ascii=False)
        cnap(["cycle", "import", "--db", self.db, "--file", path])


def series(d, year):
    return next((r for r in d.get("series", []) if r["year"] == year and not r.get("forecast")), {})


def main():
    work = tempfile.mkdtemp(prefix="cnap-data-form-")
    w = World(work)
    A = "bearing-staff"

    # Every page a person sees: no JSON, no JSON path; the tables' numbering as printed.
    st, page, _ = w.get(A, DATA)
    links = re.findall(r'href="(%s/[a-z_]+)"' % re.escape(DATA), page)
    tap(st == 200 and len(links) == 11, "the overview lists the 11 tables", st, links)
    tap("Ⅱ．（１）</span><span class=\"t-title\">実績の総括表" in page, "a table is numbered as in the printed form (Ⅱ．（１）)")
    bad = []
    for path in [DATA] + links:
        st, page, _ = w.get(A, path)
        text = visible_text(page)
        if st != 200 or '{"' in text or "$." in text:
            bad.append((path, st))
    tap(not bad, "no JSON on the overview and the 11 table pages", bad)

    # A table saved as the draft: the form as the browser posts it, one cell changed.
    st, page, _ = w.get(A, DATA + "/fuels")
    form = cells(page).fields
    form["c.10.2"] = "10,000"  # その他の燃料・熱（熱量で入力）, 当年度実績: GJ
    st, _, hdrs = w.post(A, DATA + "/fuels", form)
    loc = dict((k.lower(), v) for k, v in hdrs).get("location", "")
    d = w.draft()
    fuel = [f for f in (d or {}).get("fuels", []) if f["fuel"] == "other_heat" and f["year"] == 2022]
    tap(st == 303 and loc.endswith("/data/fuels?msg=draft_saved") and fuel and fuel[0]["quantity"] == 10000,
        "saving a table writes the draft (10,000 GJ stored as 10000)", st, loc, fuel)
    st, page, _ = w.get(A, DATA + "/fuels?msg=draft_saved")
    c = cells(page)
    tap("下書きを保存しました" in page and c.computed.get("13.2") == "0.0258",
        "the page shows 原油換算 0.0258 万kl (258 kl), not 0.0", c.computed.get("13.2"))

    # The preview: computed cells and problems as JSON for the script, on the API path and the page path.
    form["c.10.2"] = "２０，０００"
    for path in ("/api" + DATA + "/fuels/preview", DATA + "/fuels/preview"):
        before = w.dump()
        st, body, hdrs = w.post(A, path, form)
        ctype = dict((k.lower(), v) for k, v in hdrs).get("content-type", "")
        try:
            r = json.loads(body)
        except ValueError:
            r = {}
        tap(st == 200 and ctype.startswith("application/json") and r.get("cells", {}).get("13.2") == "0.0516" and
            r.get("errors") == {} and r.get("saved") is False and w.dump() == before,
            "preview %s: 原油換算 of 20,000 GJ typed in full-width digits, nothing saved" % path, st, body[:300])
    form["c.10.2"] = "10,000"
    st, body, _ = w.post(A, "/api" + DATA + "/fuels/preview", dict(form, autosave="1"))
    r = json.loads(body)
    tap(st == 200 and r["saved"] is True and re.match(r"^\d\d:\d\d$", r["saved_at"] or ""),
        "preview with autosave=1 and no problem saves the draft and says when", body[:300])
    before = w.dump()
    st, body, _ = w.post(A, "/api" + DATA + "/fuels/preview", dict(form, autosave="1", **{"c.0.2": "abc"}))
    r = json.loads(body)
    tap(st == 200 and r["saved"] is False and "数値に使えない文字" in r["errors"].get("0.2", "") and
        w.dump() == before, "autosave with a bad cell: its message by its key, nothing saved", body[:300])

    # A bad cell on saving: 422, the message beside the cell, a summary at the top, the database unchanged.
    st, page, _ = w.get(A, DATA + "/summary")
    form = cells(page).fields
    form["c.3.3"] = "abc"
    form["c.0.3"] = "-5"
    before = w.dump()
    st, page, _ = w.post(A, DATA + "/summary", form)
    beside = re.search(r'<td class="in num has-error"><input [^>]*name="c\.3\.3"[^>]*aria-describedby="e-3-3"[^>]*>'
                       r'<p class="cell-error" id="e-3-3">([^<]*)</p>', page)
    tap(st == 422 and beside and "数値に使えない文字「a」" in beside.group(1),
        "a bad cell comes back with its Japanese message beside it", st, page[:300])
    tap("入力に誤りが2件あります" in page and "CO2排出量（当年度実績（2022年度））" in page and
        'href="#c-0-3"' in page, "the summary at the top counts and links the problems")
    tap(w.dump() == before, "nothing was saved")
    tap('value="abc"' in page and '{"' not in visible_text(page), "what was typed stays, and no JSON is shown")

    # A check of the whole data lands by the cell it is about: the target (CO2原単位, 2013年度比) needs the
    # base year's CO2, so clearing it is refused beside 基準年度 × CO2排出量.
    st, page, _ = w.get(A, DATA + "/summary")
    form = cells(page).fields
    form["c.3.0"] = ""
    before = w.dump()
    st, body, _ = w.post(A, "/api" + DATA + "/summary/preview", dict(form, autosave="1"))
    r = json.loads(body)
    tap(st == 200 and r["saved"] is False and "基準年度（2013年度）" in r["errors"].get("3.0", "") and
        w.dump() == before, "a whole-data check names the base-year CO2 cell, nothing saved", body[:300])

    # Records: the rows field, blank rows dropped, an added row kept.
    st, page, _ = w.get(A, DATA + "/credits")
    form = cells(page).fields
    n = int(form["rows"])
    form.update({"rows": str(n + 1), "c.%d.0" % n: "2023", "c.%d.1" % n: "JCM", "c.%d.3" % n: "1,500"})
    st, _, _ = w.post(A, DATA + "/credits", form)
    credits = w.draft().get("credits", [])
    tap(st == 303 and len(credits) == 2 and credits[-1]["volume_t"] == 1500,
        "a records table takes a row beyond its blank ones; blank rows are dropped", st, credits)

    # Submit: the draft becomes version 2 with the fuels' totals.
    n_before = len(w.submissions())
    st, _, hdrs = w.post(A, DATA + "/submit", {"submitted_on": "2023-11-02", "note": ""})
    subs = w.submissions()
    totals = [t for t in subs[-1]["data"].get("fuel_totals", []) if t["year"] == 2022 and not t.get("forecast")]
    tap(st == 303 and len(subs) == n_before + 1 and totals and abs(totals[0]["energy_man_kl"] - 0.0258) < 1e-12 and
        w.draft() is None, "submit makes version %d with fuel totals and ends the draft" % (n_before + 1), st, totals)
    before = w.dump()
    st, page, _ = w.post(A, DATA + "/submit", {})
    tap(st == 409 and "提出する下書きがありません" in page and w.dump() == before,
        "submitting without a draft is refused in Japanese, nothing written", st)

    # Discard.
    st, page, _ = w.get(A, DATA + "/bat")
    form = cells(page).fields
    form["c.0.1"] = "55"
    w.post(A, DATA + "/bat", form)
    had = w.draft() is not None
    st, _, hdrs = w.post(A, DATA + "/discard", {})
    tap(had and st == 303 and w.draft() is None, "discard ends the draft", st)

    # Last year's survey: none yet, then a 2022 cycle for the same association.
    st, page, _ = w.get(A, DATA)
    no_button = "copy-last-year" not in page
    before = w.dump()
    st, page, _ = w.post(A, DATA + "/copy-last-year", {})
    tap(no_button and st == 409 and "前年度の調査票" in page and w.dump() == before,
        "without last year's survey: no button, and the operation is refused in Japanese", st)
    w.add_last_year(work)
    st, page, _ = w.get(A, DATA)
    tap("前年度の値を前年度実績欄にコピー" in page and "令和4年度の調査票" in page, "with it, the button and what it copies")
    st, _, _ = w.post(A, DATA + "/copy-last-year", {})
    tap(st == 303 and series(w.draft() or {}, 2021).get("co2") == 71.11,
        "copy-last-year fills 2021 from the 2022 cycle's survey into the draft", st, series(w.draft() or {}, 2021))
    st, page, _ = w.get(A, DATA + "/summary")
    tap(cells(page).fields.get("c.3.1") == "71.11", "the previous-year column shows it")

    # A version registered after the draft was started (an import, `cnap submission add`): the draft is
    # older than it, the overview says so, and submitting it over the new version is refused.
    assert w.draft() is not None  # copy-last-year left one
    latest = w.submissions()[-1]["data"]
    path = os.path.join(work, "newer.json")
    with open(path, "w") as f:
        json.dump(latest, f, ensure_ascii=False)
    cnap(["submission", "add", "--db", w.db, "--cycle", YEAR, "--wg", "denshi", "--association", "bearing",
          "--data", path])
    st, page, _ = w.get(A, DATA)
    stale = "その後に第%d版が登録された" % len(w.submissions()) in page
    before = w.dump()
    st, page, _ = w.post(A, DATA + "/submit", {})
    tap(stale and st == 409 and "内容が失われるため、提出できません" in page and w.dump() == before,
        "a draft older than the latest version is flagged and cannot be submitted over it", st)

    # Readers and others.
    R = "morioka"
    w.login(R)
    st, page, _ = w.get(R, DATA + "/summary")
    c = cells(page)
    tap(st == 200 and c.inputs == 0 and "閲覧のみ" in page and ">73.58<" in page,
        "a reviewer reads the latest version as text, without inputs (not the draft)", st, c.inputs)
    for path, fields in ((DATA + "/summary", {"c.0.0": "1"}), (DATA + "/summary/preview", {"c.0.0": "1"}),
                         (DATA + "/submit", {}), (DATA + "/discard", {}), (DATA + "/copy-last-year", {})):
        before = w.dump()
        st, _, _ = w.post(R, path, fields)
        tap(st == 403 and w.dump() == before, "a reviewer's POST %s is 403, nothing written" % path, st)
    O = "kosaku-kikai-staff"
    w.login(O)
    for method, path in (("GET", DATA), ("GET", DATA + "/summary"), ("POST", DATA + "/summary"),
                         ("POST", DATA + "/summary/preview"), ("POST", DATA + "/submit")):
        before = w.dump()
        st, _, _ = w.get(O, path) if method == "GET" else w.post(O, path, {"c.0.0": "1"})
        tap(st == 404 and w.dump() == before, "another association: %s %s is 404" % (method, path), st)
    st, _, _ = w.get(A, DATA + "/no-such-table")
    tap(st == 404, "an unknown table is 404", st)

    code, err = w.server.stop()
    tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
