#!/usr/bin/env python3
"""The authorization matrix: every route of `cnap serve` and every CLI command,
against every kind of actor, compared with tests/authz/expect.tsv. TAP on stdout.

The rows to cover come from the tables themselves (authz-dump-tables prints
the route table and the command table), so a route or command added without an
expectation row fails here. Each cell also checks that
  - the response (body, or the command's stdout and stderr) holds none of the
    marker strings that actor must not learn (internal notes, others' drafts,
    another association's question, a draft answer, authors' logins);
  - a refused request or command, and any read, leaves the database as it was
    (a full `sqlite3 .dump` before and after).

Usage: matrix.py expect.tsv         (CNAP and AUTHZ_DUMP name the binaries)
       matrix.py expect.tsv --record  (print the observed matrix as TSV rows)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP = os.environ["CNAP"]
DUMP = os.environ["AUTHZ_DUMP"]
PASSWORD = "matrix-pass-2023"
YEAR = "2023"
ENV = dict(os.environ, CNAP_FAST_HASH="1", CNAP_FIXED_NOW="2023-10-01T09:00:00Z")

# Columns of expect.tsv after kind, what, variant, input.
IDENTITIES = ["anon", "assoc", "rev_in", "rev_out", "secr", "op"]
LOGINS = {"assoc": "bearing-staff", "rev_in": "morioka", "rev_out": "outsider", "secr": "jimukyoku",
          "anon": "no-such-user"}

# What each actor must never see. "ZQX" is in every planted marker; authors'
# logins and names are what an association must not learn of its questions.
AUTHOR_TRACES = ["hirose", "morioka", "広瀬", "森岡"]
FORBIDDEN = {
    "anon": ["ZQX"],
    "assoc": ["NOTE-", "DRAFTOWN-ZQX", "DRAFTQ-ZQX", "KOSAKUQ-ZQX", "TOKENLABEL-ZQX"] + AUTHOR_TRACES,
    "rev_in": ["DRAFTQ-ZQX", "NOTE-DH-ZQX", "DRAFTANS-ZQX", "TOKENLABEL-ZQX"],
    "rev_out": ["ZQX"],
    "secr": ["DRAFTANS-ZQX"],
    "op": ["DRAFTANS-ZQX"],
}

out_lines = []
n_cells = 0
n_failed = 0


def tap(ok, desc, diag=(), todo=None):
    global n_cells, n_failed
    n_cells += 1
    if not ok and not todo:
        n_failed += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n_cells, desc) + (" # TODO " + todo if todo else ""))
    for d in diag:
        for line in str(d).splitlines()[:12]:
            print("#   " + line)
    sys.stdout.flush()


def cnap(args, stdin=None, check=True):
    p = subprocess.run([CNAP] + args, input=(stdin or "").encode(), capture_output=True, env=ENV)
    if check and p.returncode != 0:
        raise RuntimeError("cnap %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class World:
    """A fresh sample database with planted questions, a server, and credentials."""

    def __init__(self, work):
        self.work = work
        self.db = os.path.join(work, "matrix.db")
        self.uniq = 0
        self.years = 0
        cnap(["init", "--db", self.db, "--sample"])
        for login in ["jimukyoku", "morioka", "hirose", "bearing-staff", "kosaku-kikai-staff", "sangyo-kikai-staff"]:
            cnap(["user", "passwd", "--db", self.db, "--login", login], PASSWORD + "\n")
        # A reviewer outside the WG under review: a member of another WG only.
        cnap(["wg", "add", "--db", self.db, "--cycle", YEAR, "--code", "tekko", "--name", "鉄鋼WG"])
        cnap(["user", "add", "--db", self.db, "--login", "outsider", "--role", "reviewer", "--wg", "tekko",
              "--cycle", YEAR], PASSWORD + "\n")
        outline = json.loads(cnap(["outline", "show", "--db", self.db, "--cycle", YEAR, "--wg", "denshi",
                                   "--association", "bearing", "--json"])[1])
        self.item = next(o for o in outline if o.get("page"))
        self.static = {
            "draft_own": self.question("morioka", "bearing", "DRAFTOWN-ZQX", "NOTE-DO-ZQX", "draft"),
            "draft_other": self.question("hirose", "bearing", "DRAFTQ-ZQX", "NOTE-DH-ZQX", "draft"),
            "sent_own": self.question("hirose", "bearing", "SENTB-ZQX", "NOTE-SB-ZQX", "sent"),
            "sent_other": self.question("morioka", "kosaku-kikai", "KOSAKUQ-ZQX", "NOTE-SK-ZQX", "sent"),
        }
        # 第1版 of the WG's list, for the editions' pages and downloads (the blockers left out).
        cnap(["publish", "edition", "--db", self.db, "--cycle", YEAR, "--wg", "denshi"])
        # Bearing's answer in progress: its own, invisible to staff until submitted.
        cnap(["answer", "--db", self.db, "--as", LOGINS["assoc"], "--id", self.static["sent_own"], "--text",
              "DRAFTANS-ZQX", "--draft"])
        self.fresh = {}
        export = json.loads(cnap(["cycle", "export", "--db", self.db, "--cycle", YEAR])[1])
        self.data_json = self.bearing_data(export)
        self.data_file = os.path.join(work, "data.json")
        with open(self.data_file, "w") as f:
            json.dump(self.data_json, f, ensure_ascii=False)
        self.cycle_file = os.path.join(work, "cycle.json")
        with open(self.cycle_file, "w") as f:
            json.dump(export, f, ensure_ascii=False)
        # Each association's own workbook and CSV of its data tables, to import back.
        self.table_files = {}
        for assoc in ("bearing", "kosaku-kikai"):
            where = ["--db", self.db, "--cycle", YEAR, "--wg", "denshi", "--association", assoc]
            xlsx, csv = os.path.join(work, assoc + ".xlsx"), os.path.join(work, assoc + "-summary.csv")
            cnap(["survey", "export-xlsx"] + where + ["--output", xlsx])
            cnap(["survey", "export-csv"] + where + ["--table", "summary", "--output", csv])
            self.table_files[assoc] = (xlsx, csv)
        # A Word file whose one heading is an item, for the text imports.
        self.docx_file = os.path.join(work, "survey.docx")
        self.write_docx(self.docx_file)
        self.start_server()
        self.creds = {who: self.login(LOGINS[who]) for who in ["assoc", "rev_in", "rev_out", "secr"]}

    @staticmethod
    def write_docx(path):
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        parts = {
            "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
            "word/document.xml": '<w:document xmlns:w="%s"><w:body>'
            '<w:p><w:r><w:t>Ⅱ．（５）実施した対策、投資額と削減効果の考察</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>MATRIX-DOCX</w:t></w:r></w:p></w:body></w:document>' % w,
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in parts.items():
                z.writestr(name, text)

    @staticmethod
    def bearing_data(export):
        found = []

        def walk(v):
            if isinstance(v, dict):
                if v.get("association") == "bearing" and isinstance(v.get("submissions"), list):
                    for s in v["submissions"]:
                        if isinstance(s.get("data"), dict):
                            found.append(s["data"])
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(export)
        if not found:
            raise RuntimeError("no survey data for bearing in the sample export")
        return found[-1]

    def question(self, author, assoc, text, note, state):
        """A question in the given state, filed by author; returns its id as a string."""
        base = ["question", "file", "--db", self.db, "--as", author, "--cycle", YEAR, "--wg", "denshi",
                "--association", assoc, "--item", self.item["key"], "--page", str(self.item["page"]),
                "--text", text, "--note", note, "--json"]
        if state != "draft":
            base.append("--submit")
        qid = str(json.loads(cnap(base)[1])["id"])
        order = ["draft", "submitted", "approved", "sent", "answered", "accepted", "published"]
        steps = {"approved": ["question", "approve"], "sent": ["question", "send"],
                 "answered": None, "accepted": ["question", "accept"], "published": ["question", "publish"]}
        for s in order[2:order.index(state) + 1]:
            if s == "answered":
                cnap(["answer", "--db", self.db, "--as", LOGINS["assoc"], "--id", qid, "--text", "answer text"])
            else:
                cnap(steps[s] + ["--db", self.db, "--id", qid])
        return qid

    def fresh_question(self, variant):
        """A question made for a row that may change it; reused until a cell does."""
        if variant not in self.fresh:
            who, state = {"fresh_draft_own": ("morioka", "draft"), "fresh_draft_other": ("hirose", "draft"),
                          "fresh_submitted": ("hirose", "submitted"), "fresh_approved": ("hirose", "approved"),
                          "fresh_sent_own": ("hirose", "sent"),
                          "fresh_sent_other": ("morioka", "sent"), "fresh_answered": ("hirose", "answered"),
                          "fresh_accepted": ("hirose", "accepted"),
                          "fresh_published": ("hirose", "published")}[variant]
            assoc = "kosaku-kikai" if variant == "fresh_sent_other" else "bearing"
            self.fresh[variant] = self.question(who, assoc, "fresh question", "fresh note", state)
        return self.fresh[variant]

    def token_other(self):
        """An API token of a user none of the identities is, made anew once a cell or a password reset ends it."""
        def listed():
            return json.loads(cnap(["user", "token-list", "--db", self.db, "--login", "sangyo-kikai-staff",
                                    "--json"])[1])
        if not listed():
            cnap(["user", "token", "--db", self.db, "--login", "sangyo-kikai-staff", "--label", "TOKENLABEL-ZQX"])
        return str(listed()[0]["id"])

    def start_server(self):
        self.server = cnapserve.Server(CNAP, self.db, ENV)

    def stop_server(self):
        return self.server.stop()

    def http(self, method, path, body=None, headers=None):
        return self.server.http(method, path, body, headers, timeout=60)

    def login(self, login):
        """A session cookie (with its CSRF value) and a bearer token for login."""
        creds = self.server.login(login, PASSWORD)
        creds["token"] = cnap(["user", "token", "--db", self.db, "--login", login, "--label", "matrix"])[1].strip()
        return creds

    def snapshot(self):
        return subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, check=True).stdout

    def next_uniq(self):
        self.uniq += 1
        return self.uniq


def parse_expect(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4 + len(IDENTITIES):
                cols += [""] * (4 + len(IDENTITIES) + 1 - len(cols))
            kind, what, variant, inp = cols[:4]
            cells = dict(zip(IDENTITIES, cols[4:4 + len(IDENTITIES)]))
            rows.append({"line": n, "kind": kind, "what": what, "variant": variant, "input": inp, "cells": cells,
                         "note": cols[4 + len(IDENTITIES)] if len(cols) > 4 + len(IDENTITIES) else ""})
    return rows


def tables():
    out = subprocess.run([DUMP], capture_output=True, check=True, env=ENV).stdout.decode()
    routes, commands = [], []
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "route":
            routes.append({"method": f[1], "pattern": f[2], "public": f[3] == "public", "api": f[4] == "api"})
        elif f[0] == "command":
            commands.append(((f[1] + " ") if f[1] != "-" else "") + f[2])
    return routes, commands


def bindings(w, row, who):
    """The values a row's path, form or arguments refer to."""
    v = row["variant"]
    b = {"year": YEAR, "wg": "denshi", "assoc": "bearing", "id": "", "login": "sangyo-kikai-staff",
         "file": "qa-list.csv", "self": LOGINS.get(who, "operator"), "password": PASSWORD,
         "data_file": w.data_file, "cycle_file": w.cycle_file, "uniq": str(w.next_uniq()), "work": w.work,
         "data": urllib.parse.quote(json.dumps(w.data_json, ensure_ascii=False)),
         "year_new": str(2040 + w.years), "item": w.item["key"], "page": str(w.item["page"]),
         "table": "factor", "n": "1", "event": "question_sent"}
    if "{year_new}" in row["input"]:
        w.years += 1
    if v == "other":
        b["assoc"] = "kosaku-kikai"
    elif v == "otherwg":
        b["wg"] = "tekko"
    elif v in w.static:
        b["id"] = w.static[v]
    elif v.startswith("fresh_"):
        b["id"] = w.fresh_question(v)
    elif v == "token_other":
        b["id"] = w.token_other()
    elif v == "missing":
        b["id"] = "999999"
    elif v.startswith("file:"):
        b["file"] = v[5:]
    elif v == "selfuser":
        b["login"] = b["self"]
    b["workbook_file"], b["csv_file"] = w.table_files.get(b["assoc"], ("", ""))
    b["docx_file"] = w.docx_file
    if "{mail_conf}" in row["input"]:
        # A mail configuration for cnap mail test (a closed port: the rows' input never gets as far as sending).
        b["mail_conf"] = os.path.join(w.work, "mail.conf")
        with open(b["mail_conf"], "w", encoding="utf-8") as f:
            f.write("smtp_url = smtp://127.0.0.1:9\nstarttls = none\nfrom = noreply@example.jp\n"
                    "base_url = http://cnap.example.jp\nmax_attempts = 1\n")
    if "{users_file}" in row["input"]:
        # Users to register in bulk (cnap user import, /admin/user-import): a login of its own per cell.
        b["users_file"] = os.path.join(w.work, "users-%s.csv" % b["uniq"])
        with open(b["users_file"], "w", encoding="utf-8") as f:
            f.write("ログインID,氏名,役割,業界団体,WG,メールアドレス\nimp%s,一括 登録,WG委員,,denshi,imp%s@example.jp\n"
                    % (b["uniq"], b["uniq"]))
    if "{assocs_file}" in row["input"]:
        # Associations to register in bulk (cnap association import): a code of its own per cell.
        b["assocs_file"] = os.path.join(w.work, "associations-%s.csv" % b["uniq"])
        with open(b["assocs_file"], "w", encoding="utf-8") as f:
            f.write("コード,名称,業種\nimp-%s,一括登録工業会,一括業界\n" % b["uniq"])
    return b


def multipart(fields):
    """A multipart/form-data body of (name, value) pairs; a value "@PATH" sends that file."""
    boundary = "cnap-matrix-boundary-7MA4YWxkTrZu0gW"
    out = b""
    for name, value in fields:
        out += b"--" + boundary.encode() + b"\r\n"
        if value.startswith("@"):
            path = value[1:]
            with open(path, "rb") as f:
                data = f.read()
            out += ('Content-Disposition: form-data; name="%s"; filename="%s"\r\n' % (name, os.path.basename(path))).encode()
            out += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
        else:
            out += ('Content-Disposition: form-data; name="%s"\r\n\r\n' % name).encode() + value.encode() + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return out, "multipart/form-data; boundary=" + boundary


def fill(template, b):
    return re.sub(r"\{([a-z_]+)\}", lambda m: b[m.group(1)], template)


def flagged(row, flag, who):
    """Whether the row's note lists who under flag, as in "leak-ok:secr,op (why)"."""
    m = re.search(re.escape(flag) + r":([a-z_,]+)", row["note"])
    return bool(m) and who in m.group(1).split(",")


def todo(row, who):
    """A known bug, reported and not yet fixed: the cell runs and shows as TODO until it passes."""
    return "known bug: " + row["note"] if flagged(row, "todo", who) else None


def leaks(who, text, row):
    if flagged(row, "leak-ok", who):
        return []
    found = [m for m in FORBIDDEN[who] if m in text]
    if who == "assoc":
        # In JSON, a question an association sees carries no author and no internal note.
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None

        def walk(v):
            if isinstance(v, dict):
                if "status" in v and "text" in v:
                    for k in ("author", "note"):
                        if v.get(k) not in (None, ""):
                            found.append("%s=%r" % (k, v[k]))
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(doc)
    return found


def run_web(w, row, record):
    method, pattern = row["what"].split(" ", 1)
    results = []
    for who in IDENTITIES:
        exp = row["cells"][who]
        if who == "op" or exp == "-":
            results.append("-")
            continue
        pair = []
        exp_s, _, exp_t = exp.partition("|")
        exp_t = exp_t or exp_s
        creds = None
        if who != "anon":
            creds = w.login(LOGINS[who]) if "fresh-creds" in row["note"] else w.creds[who]
        for transport, expected in (("session", exp_s), ("token", exp_t)):
            # A password changed by the session cell also ends the API tokens made before it.
            if transport == "token" and creds and "fresh-creds" in row["note"]:
                creds = w.login(LOGINS[who])
            b = bindings(w, row, who)
            path = re.sub(r":([a-z]+)", lambda m: b[{"assoc": "assoc"}.get(m.group(1), m.group(1))], pattern)
            headers = {}
            form = fill(row["input"], b) if row["input"] not in ("", "-") else None
            parts = None
            if method == "GET" and form is not None:
                # a GET's input is its query string (the search's words)
                path, form = path + "?" + form, None
            if form is not None and form.startswith("multipart:"):
                # multipart:file=@PATH&note=TEXT: an upload, the file's bytes sent as a file field
                parts = [tuple(p.split("=", 1)) for p in form[len("multipart:"):].split("&")]
            if method == "POST" and form is None:
                form = ""
            if transport == "token":
                path = "/api" + path
                if creds:
                    headers["Authorization"] = "Bearer " + creds["token"]
            elif creds:
                headers["Cookie"] = creds["cookie"]
                if method == "POST" and parts is not None:
                    parts.append(("_csrf", creds["csrf"]))
                elif method == "POST":
                    form = (form + "&" if form else "") + "_csrf=" + creds["csrf"]
            if parts is not None:
                form, headers["Content-Type"] = multipart(parts)
            before = w.snapshot()
            status, body, _ = w.http(method, path, form, headers)
            after = w.snapshot()
            changed = before != after
            refused = status >= 400 or (who == "anon")
            if changed and row["variant"].startswith("fresh_"):
                w.fresh.pop(row["variant"], None)
            label = "%s %s [%s] as %s by %s" % (method, pattern, row["variant"], who, transport)
            pair.append(str(status))
            if record:
                continue
            problems = []
            if str(status) != expected:
                problems.append("status %d, expected %s" % (status, expected))
            lk = leaks(who, body, row)
            if lk:
                problems.append("leak: " + ", ".join(lk))
            if changed and (refused or method == "GET") and not flagged(row, "writes-ok", who):
                problems.append("the database changed")
            tap(not problems, label, problems + (["body: " + body[:300]] if problems else []), todo(row, who))
        if "fresh-creds" in row["note"] and who != "anon":
            w.creds[who] = w.login(LOGINS[who])
        results.append(pair[0] if pair[0] == pair[1] else "|".join(pair))
    return results


def run_cli(w, row, record):
    results = []
    for who in IDENTITIES:
        exp = row["cells"][who]
        if exp == "-":
            results.append("-")
            continue
        b = bindings(w, row, who)
        words = row["what"].split(" ")
        args = [fill(a, b) for a in row["input"].split(" ")] if row["input"] not in ("", "-") else []
        argv = words + ["--db", w.db] + ([] if who == "op" else ["--as", LOGINS[who]]) + args
        before = w.snapshot()
        rc, out, err = cnap(argv, PASSWORD + "\n", check=False)
        after = w.snapshot()
        changed = before != after
        if changed and row["variant"].startswith("fresh_"):
            w.fresh.pop(row["variant"], None)
        results.append(str(rc))
        if record:
            continue
        problems = []
        if str(rc) != exp:
            problems.append("exit %d, expected %s" % (rc, exp))
        lk = leaks(who, out + err, row)
        if lk:
            problems.append("leak: " + ", ".join(lk))
        if changed and (rc != 0 or "read" in row["note"].split()):
            problems.append("the database changed")
        tap(not problems, "cnap %s [%s] as %s" % (row["what"], row["variant"], who),
            problems + (["stdout: " + out[:300], "stderr: " + err[:300]] if problems else []), todo(row, who))
    return results


def main():
    record = "--record" in sys.argv
    rows = parse_expect(sys.argv[1])
    routes, commands = tables()
    # Coverage first: every route and every command has at least one row, and no row names something gone.
    web_keys = {r["method"] + " " + r["pattern"] for r in routes}
    covered = {r["what"] for r in rows}
    for k in sorted(web_keys):
        tap(k in covered, "route %s has an expectation row" % k)
    for c in commands:
        tap(c in covered, "command '%s' has an expectation row (or an n/a row with its reason)" % c)
    for r in rows:
        known = r["what"] in web_keys if r["kind"] == "web" else r["what"] in commands
        tap(known, "expect.tsv line %d names an existing %s: %s" % (r["line"], r["kind"], r["what"]))
        if r["kind"] == "na":
            tap(bool(r["note"].strip()), "n/a command '%s' says why" % r["what"])

    work = tempfile.mkdtemp(prefix="cnap-authz-")
    try:
        w = World(work)
        # The web first: the CLI rows change passwords and end sessions.
        for kind in ("web", "cli"):
            for r in rows:
                if r["kind"] != kind:
                    continue
                res = (run_web if kind == "web" else run_cli)(w, r, record)
                if record:
                    print("\t".join([r["kind"], r["what"], r["variant"], r["input"]] + res))
        code, err = w.stop_server()
        tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", [err[-2000:]] if code else [])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % n_cells)
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
