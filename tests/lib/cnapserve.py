"""`cnap serve` started by a test on a free port of 127.0.0.1, plain HTTP to it, a signed-in user's
requests, the cnap command, and TAP lines.

Shared by tests/web/hardening.py, tests/web/data_form.py and tests/authz/matrix.py. The per-address
connection limit is off: these tests open many connections from one address on
purpose; tests/cli/t0012-slow-clients.sh covers the limit itself.
"""
import html
import http.client
import os
import re
import subprocess
import sys
import urllib.parse


class Tap:
    """TAP lines, numbered; plan() prints the plan and gives the exit code."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def __call__(self, ok, desc, *diag):
        self.n += 1
        if not ok:
            self.failed += 1
        print(("ok" if ok else "not ok") + " %d - %s" % (self.n, desc))
        for d in diag if not ok else ():
            for line in str(d).splitlines()[:12]:
                print("#   " + line)
        sys.stdout.flush()

    def plan(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def from_env():
    """The binary under test (CNAP) and the environment to run it in (argon2id at its minimum cost)."""
    return os.environ["CNAP"], dict(os.environ, CNAP_FAST_HASH="1")


def sample_db(cnap, env, path, logins, password):
    """A new database at path with the sample cycle, password set for each of logins."""
    run(cnap, env, ["init", "--db", path, "--sample"])
    for login in logins:
        run(cnap, env, ["user", "passwd", "--db", path, "--login", login], password + "\n")
    return path


def db_dump(db):
    """The database as SQL text (sqlite3 .dump): what "nothing written" compares."""
    return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout


def run(cnap, env, args, stdin=None, check=True):
    """The cnap command: exit code, standard output and error; check raises on a failure."""
    p = subprocess.run([cnap] + args, input=(stdin or "").encode(), capture_output=True, env=env)
    if check and p.returncode != 0:
        raise RuntimeError("cnap %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Server:
    def __init__(self, cnap, db, env, threads=2, extra=()):
        self.proc = subprocess.Popen([cnap, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads",
                                      str(threads), "--quiet", "--per-ip-limit", "0"] + list(extra), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        line = self.proc.stdout.readline().decode()
        m = re.search(r"listening on http://([0-9.]+):([0-9]+)/", line)
        if not m:
            raise RuntimeError("cnap serve did not start: %s %s" % (line, self.proc.stderr.read().decode()))
        self.host, self.port = m.group(1), int(m.group(2))

    def stop(self):
        """Terminate it; its exit code and standard error."""
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=120)
        return self.proc.returncode, err.decode("utf-8", "replace")

    def http(self, method, path, body=None, headers=None, timeout=120):
        """One request on its own connection: status, body text, headers. A body (text or bytes) is a form unless told."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        h = dict(headers or {})
        if body is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        hdrs = r.getheaders()
        conn.close()
        return r.status, data, hdrs

    def login_form(self):
        """A pre-session cookie and the login form's CSRF token."""
        _, page, hdrs = self.http("GET", "/login")
        pre = [v.split(";")[0] for k, v in hdrs if k.lower() == "set-cookie"][0]
        return pre, re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    def try_login(self, login, password, pre=None, csrf=None):
        if pre is None:
            pre, csrf = self.login_form()
        form = urllib.parse.urlencode({"_csrf": csrf, "login": login, "password": password})
        return self.http("POST", "/login", form, {"Cookie": pre})

    def login(self, login, password):
        """A signed-in user: {"cookie", "csrf"} for get() and post()."""
        status, _, hdrs = self.try_login(login, password)
        cookies = [v.split(";")[0] for k, v in hdrs if k.lower() == "set-cookie"]
        session = [c for c in cookies if c.split("=", 1)[1]]
        if status != 303 or not session:
            raise RuntimeError("login %s failed: %d" % (login, status))
        cookie = session[0]
        _, page, _ = self.http("GET", "/account", headers={"Cookie": cookie})
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        return {"cookie": cookie, "csrf": csrf}

    def user(self, login, password):
        """login()'s credentials, logged in once per server and kept."""
        users = self.__dict__.setdefault("users", {})
        if login not in users:
            users[login] = self.login(login, password)
        return users[login]

    def get(self, who, path):
        return self.http("GET", path, headers={"Cookie": who["cookie"]})

    def post(self, who, path, fields):
        form = urllib.parse.urlencode(dict(fields, _csrf=who["csrf"]))
        return self.http("POST", path, form, {"Cookie": who["cookie"]})


def visible_text(page):
    """What a person reads of a page: the body's text without tags, scripts and styles, entities decoded."""
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)))


def field_errors(page):
    """The messages shown beside fields (class="field-error")."""
    return [html.unescape(m) for m in re.findall(r'class="field-error"[^>]*>([^<]*)<', page)]
