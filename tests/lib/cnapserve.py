"""`cnap serve` started by a test on a free port of 127.0.0.1, and plain HTTP to it.

Shared by tests/web/hardening.py and tests/authz/matrix.py. The per-address
connection limit is off: these tests open many connections from one address on
purpose; tests/cli/t0012-slow-clients.sh covers the limit itself.
"""
import http.client
import re
import subprocess


class Server:
    def __init__(self, cnap, db, env, threads=2):
        self.proc = subprocess.Popen([cnap, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads",
                                      str(threads), "--quiet", "--per-ip-limit", "0"], stdout=subprocess.PIPE,
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
