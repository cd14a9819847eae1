#!/usr/bin/env python3
"""E-mail in the browser (issue 15), one TAP case each: every page of メール renders for the secretariat
(the outbox by state with the server's answer beside a failure, one message as it goes out, the templates
and the editor, お知らせ, the account's choice), and the association and the reviewer are refused
(403, as the use case says); お知らせ: the header's badge, opening one marks it read and goes to its link,
another user's is 404, すべて既読にする; the mail choice on /account and on a user's edit page round-trips;
a template with an unknown placeholder is refused with its line beside the field and nothing saved, the
preview shows the samples and saves nothing, saving and 既定に戻す work; the reminders refuse 「7,x」 and
take 「10，3、0」 as 10,3,0; a failed message (a closed port, max_attempts = 1, `cnap mail send`) is put
back to 送信待ち by 再送する; without --mail-config the page says so and the test message is refused;
with it (a loopback SMTP server, tests/mail/smtp_sink.py) the page shows where mail goes and the test
message arrives; the JSON API answers each route.

Usage: mail.py        (CNAP names the binary)
"""
import html
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "mail-web-pass-2023"
SINK = os.path.join(HERE, "..", "mail", "smtp_sink.py")

tap = cnapserve.Tap()


def cnap(args, stdin=None, check=True):
    return cnapserve.run(CNAP, ENV, args, stdin, check)


visible_text = cnapserve.visible_text
field_errors = cnapserve.field_errors


def no_code_shown(page):
    """Nothing a person sees is JSON, an internal code or English (a template's {{差し込み}} is the user's own syntax)."""
    text = re.sub(r"\{\{[^{}\n]*\}\}", "", visible_text(page))
    bad = re.findall(r'[{}]|"\w+":|\b(?:error|invalid|conflict|not found|unknown|failed|queued|sent|cancelled|'
                     r'question_sent|answer_submitted|reminder|digest|immediate)\b', text, re.I)
    return not bad, bad[:5]


def location(hdrs):
    return dict((k.lower(), v) for k, v in hdrs).get("location", "")


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write(path, text, mode=0o644):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def send_question(db, text):
    out = cnap(["question", "file", "--db", db, "--as", "morioka", "--cycle", "2023", "--wg", "denshi",
                "--association", "bearing", "--item", "II.4", "--page", "12", "--text", text, "--submit", "--json"])[1]
    qid = str(json.loads(out)["id"])
    cnap(["question", "approve", "--db", db, "--id", qid])
    cnap(["question", "send", "--db", db, "--id", qid, "--due", "2031-03-31"])
    return qid


def main():
    work = tempfile.mkdtemp(prefix="cnap-mail-web-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"), ["jimukyoku", "morioka", "bearing-staff"],
                             PASSWORD)
    cnap(["user", "edit", "--db", db, "--login", "bearing-staff", "--email", "bearing@example.jp"])
    cnap(["user", "edit", "--db", db, "--login", "jimukyoku", "--email", "jimu@example.jp"])
    qid = send_question(db, "生産活動量の見通しの根拠をお示しください。")
    # The association's message, tried once against a closed port: 送信失敗 with what happened.
    bad = write(os.path.join(work, "bad.conf"), "smtp_url = smtp://127.0.0.1:%d\nstarttls = none\n"
                "from = noreply@example.jp\nbase_url = http://cnap.example.jp\nmax_attempts = 1\n" % closed_port())
    cnap(["mail", "send", "--db", db, "--config", bad])
    outbox = json.loads(cnap(["mail", "outbox", "--db", db, "--json"])[1])
    entries = outbox["messages"] if isinstance(outbox, dict) else outbox
    failed = [e for e in entries if e["state"] == "failed"]
    tap(len(failed) == 1, "setup: one message failed against a closed port", json.dumps(outbox)[:400])
    failed_id = str(failed[0]["id"]) if failed else "0"
    token = cnap(["user", "token", "--db", db, "--login", "jimukyoku"])[1].strip()
    assoc_token = cnap(["user", "token", "--db", db, "--login", "bearing-staff"])[1].strip()

    server = cnapserve.Server(CNAP, db, ENV)
    try:
        without_config(server, db, qid, failed_id, token, assoc_token)
    finally:
        code, err = server.stop()
        tap(code == 0, "cnap serve (no mail configuration) exits cleanly (sanitizers quiet)", err[-2000:])
    with_config(work, db)
    return tap.plan()


def without_config(server, db, qid, failed_id, token, assoc_token):
    secr = server.login("jimukyoku", PASSWORD)
    rev = server.login("morioka", PASSWORD)
    assoc = server.login("bearing-staff", PASSWORD)

    # ---- every page renders for the secretariat, in Japanese ----
    pages = ["/admin/mail", "/admin/mail?state=failed", "/admin/mail?state=queued&page=1", "/admin/mail/" + failed_id,
             "/admin/mail/templates", "/admin/mail/templates/question_sent", "/admin/mail/templates/digest",
             "/notifications", "/account", "/admin/users/bearing-staff/edit"]
    for path in pages:
        st, page, _ = server.get(secr, path)
        ok, bad = no_code_shown(page)
        tap(st == 200 and ok, "GET %s renders for the secretariat, nothing internal shown" % path, st, bad)
    st, page, _ = server.get(secr, "/admin/mail")
    tap('href="/admin/mail"' in page and ">メール<" in page, "the secretariat's menu offers メール")
    text = visible_text(page)
    tap("このサーバーはメールを送信しない設定で動いています（cnap serve --mail-config）" in text,
        "without --mail-config the outbox page says no mail is sent")
    tap("送信失敗 1" in text and re.search(r"すべて [1-9]", text) is not None, "the tabs count the messages by state", text[:600])
    tap("メールサーバーに接続できません" in text and "再送する" in text,
        "a failed message shows the server's answer and 再送する", text[:1500])
    tap(re.search(r'<input[^>]*id="test-to"[^>]*disabled', page) is not None,
        "the test message is disabled without a configuration")
    tap(re.search(r'id="test-to"[^>]*value="jimu@example\.jp"|value="jimu@example\.jp"[^>]*id="test-to"', page)
        is not None, "the test address is prefilled with one's own")
    st, page, _ = server.post(secr, "/admin/mail/test", {"to": "jimu@example.jp"})
    tap(st == 409 and "メールの設定がないため送れません" in visible_text(page),
        "POST /admin/mail/test without a configuration is refused with a message", st)
    st, page, _ = server.get(secr, "/admin/mail?state=nonsense")
    tap(st == 404, "an unknown ?state= is 404", st)
    st, page, _ = server.get(secr, "/admin/mail/" + failed_id)
    tap(st == 200 and '<pre class="mail-body">' in page and "生産活動量の見通しの根拠をお示しください。" in page
        and "/q/" + qid in page, "one message shows its body as it goes, with the link", st)
    st, _, _ = server.get(secr, "/admin/mail/999999")
    tap(st == 404, "an unknown message is 404", st)

    # ---- the association and the reviewer: the use case refuses (403) ----
    for who, name in ((assoc, "association"), (rev, "reviewer")):
        codes = []
        for path in ["/admin/mail", "/admin/mail/" + failed_id, "/admin/mail/templates",
                     "/admin/mail/templates/question_sent"]:
            codes.append(server.get(who, path)[0])
        for path, form in [("/admin/mail/%s/resend" % failed_id, {}), ("/admin/mail/test", {"to": "x@example.jp"}),
                           ("/admin/mail/reminders", {"cycle": "2023", "days": "1", "overdue_every": "0"}),
                           ("/admin/mail/templates/question_sent", {"subject": "x", "body": "y"}),
                           ("/admin/mail/templates/question_sent/preview", {"subject": "x", "body": "y"}),
                           ("/admin/mail/templates/question_sent/reset", {}),
                           ("/admin/users/denki-denshi-staff/mail", {"mail_mode": "off"})]:
            codes.append(server.post(who, path, form)[0])
        tap(all(c == 403 for c in codes), "the %s is refused every page and form of メール (403)" % name, codes)
        st, page, _ = server.get(who, "/notifications")
        tap(st == 200 and 'href="/admin/mail"' not in page, "the %s's menu has no メール" % name)

    # ---- お知らせ ----
    st, page, _ = server.get(assoc, "/notifications")
    ids = re.findall(r'href="/notifications/(\d+)/open"', page)
    badge = re.search(r'class="notices-link"[^>]*>お知らせ <span class="count">(\d+)<', page)
    tap(st == 200 and len(ids) == 1 and badge and badge.group(1) == "1" and "事前質問が届きました" in page,
        "the association's お知らせ lists the question sent, the header's badge says 1", st, ids, bool(badge))
    secr_ids = re.findall(r'href="/notifications/(\d+)/open"', server.get(secr, "/notifications")[1])
    st, _, hdrs = server.get(assoc, "/notifications/%s/open" % secr_ids[0] if secr_ids else "/notifications/1/open")
    tap(st == 404, "another user's notice is 404", st)
    st, _, hdrs = server.get(assoc, "/notifications/%s/open" % ids[0])
    tap(st == 303 and location(hdrs) == "/q/" + qid, "opening a notice redirects to its link", st, location(hdrs))
    st, page, _ = server.get(assoc, "/notifications")
    tap('class="notices-link"' in page and '<span class="count">' not in page and "notice-item unread" not in page,
        "once opened it is read: no badge at none unread")
    # a second question, then すべて既読にする
    server_cli_question = send_question(db, "原単位の推移の要因をお示しください。")
    st, page, _ = server.get(assoc, "/account")
    tap('<span class="count">1<' in page, "a new notice shows in the header's badge on any page")
    st, _, hdrs = server.post(assoc, "/notifications/read-all", {})
    st2, page, _ = server.get(assoc, "/notifications")
    tap(st == 303 and '<span class="count">' not in page and "すべてのお知らせを既読にしました" in
        visible_text(server.get(assoc, location(hdrs))[1]), "すべて既読にする marks every notice read", st)
    st, body, _ = server.http("GET", "/api/notifications", headers={"Authorization": "Bearer " + assoc_token})
    j = json.loads(body) if st == 200 else {}
    tap(st == 200 and j.get("unread") == 0 and len(j.get("notifications", [])) == 2
        and j["notifications"][0]["link"] == "/q/" + server_cli_question, "GET /api/notifications answers JSON", body[:300])

    # ---- the mail choice ----
    st, _, hdrs = server.post(assoc, "/account/mail", {"mail_mode": "digest"})
    st2, page, _ = server.get(assoc, "/account")
    tap(st == 303 and location(hdrs).startswith("/account?msg=mail_mode_saved") and re.search(r'value="digest" checked', page) and "bearing@example.jp" in page
        and "メールの受け取り方を保存しました" in visible_text(server.get(assoc, location(hdrs).split("#")[0])[1]),
        "/account: the mail choice round-trips, the address is shown", st)
    st, page, _ = server.post(assoc, "/account/mail", {"mail_mode": "sometimes"})
    tap(st == 422 and field_errors(page), "/account: a choice that is none is refused beside the field", st)
    st, page, _ = server.get(rev, "/account")
    tap("メールアドレスが登録されていません（事務局に登録を依頼してください）" in visible_text(page),
        "/account without an address says to ask the secretariat")
    st, _, hdrs = server.post(secr, "/admin/users/bearing-staff/mail", {"mail_mode": "off"})
    st2, page, _ = server.get(secr, "/admin/users/bearing-staff/edit")
    tap(st == 303 and re.search(r'value="off" checked', page), "the secretariat sets a user's choice on the edit page",
        st, location(hdrs))
    st, body, _ = server.http("GET", "/api/account", headers={"Authorization": "Bearer " + assoc_token})
    tap(st == 200 and json.loads(body)["account"]["mail_mode"] == "off", "GET /api/account has the choice", body[:300])

    # ---- templates ----
    tpl = "/admin/mail/templates/question_sent"
    before = cnapserve.db_dump(db)
    st, page, _ = server.post(secr, tpl, {"subject": "質問 {{質問番号}}", "body": "{{宛先名}} 様\r\n\r\n期日は {{期日}} です。\r\n"})
    errs = field_errors(page)
    tap(st == 422 and any("3行目" in e and "{{期日}}" in e for e in errs) and 'id="body-error"' in page
        and "期日は {{期日}} です。" in html.unescape(page), "an unknown placeholder is refused beside the body with its line",
        st, errs)
    tap(cnapserve.db_dump(db) == before, "a refused template writes nothing")
    st, page, _ = server.post(secr, tpl + "/preview", {"subject": "質問 {{質問番号}}", "body": "{{宛先名}} 様\r\n{{回答期限}}"})
    m = re.search(r'<section class="panel preview".*?</section>', page, re.S)
    tap(st == 200 and m and "{{" not in m.group(0) and " 様" in m.group(0) and cnapserve.db_dump(db) == before,
        "the preview renders the samples and saves nothing", st)
    st, _, hdrs = server.post(secr, tpl, {"subject": "質問 {{質問番号}} が届きました", "body": "{{宛先名}} 様\r\n\r\n{{リンク}}\r\n"})
    st2, page, _ = server.get(secr, "/admin/mail/templates")
    row = re.search(r'質問の送付（団体あて）.*?</tr>', page, re.S)
    tap(st == 303 and row and "編集済み" in row.group(0) and "が届きました" in row.group(0), "saving a template: 編集済み", st)
    st, _, hdrs = server.post(secr, tpl + "/reset", {})
    st2, page, _ = server.get(secr, "/admin/mail/templates")
    row = re.search(r'質問の送付（団体あて）.*?</tr>', page, re.S)
    tap(st == 303 and row and "既定" in row.group(0) and "編集済み" not in row.group(0), "既定に戻す goes back", st)
    st, _, _ = server.get(secr, "/admin/mail/templates/no_such_event")
    tap(st == 404, "an unknown event is 404", st)

    # ---- reminders ----
    st, page, _ = server.post(secr, "/admin/mail/reminders", {"cycle": "2023", "days": "7,x", "overdue_every": "3"})
    tap(st == 422 and 'id="days-error"' in page and field_errors(page), "reminders: 「7,x」 is refused beside the field",
        st, field_errors(page))
    st, _, hdrs = server.post(secr, "/admin/mail/reminders", {"cycle": "2023", "days": "10，3、0", "overdue_every": "3"})
    st2, page, _ = server.get(secr, "/admin/mail?cycle=2023")
    tap(st == 303 and 'value="10,3,0"' in page and re.search(r'<option value="3" selected>', page),
        "reminders: 「10，3、0」 is saved as 10,3,0 with every 3 days overdue", st, location(hdrs))
    st, body, _ = server.http("GET", "/api/admin/mail?cycle=2023", headers={"Authorization": "Bearer " + token})
    j = json.loads(body) if st == 200 else {}
    tap(st == 200 and j.get("reminders", {}).get("days") == "10,3,0" and j["reminders"]["overdue_every"] == 3
        and j.get("counts", {}).get("failed") == 1, "GET /api/admin/mail answers JSON (counts, reminders)", body[:300])

    # ---- resending ----
    st, _, hdrs = server.post(secr, "/admin/mail/%s/resend" % failed_id, {})
    st2, page, _ = server.get(secr, "/admin/mail/" + failed_id)
    tap(st == 303 and "送信待ち" in visible_text(page) and "メールを送信待ちに戻しました" in
        visible_text(server.get(secr, location(hdrs))[1]), "再送する puts a failed message back to 送信待ち", st)
    st, page, _ = server.post(secr, "/admin/mail/%s/resend" % failed_id, {})
    tap(st == 409 and "再送できるのは送信失敗か取消のメールだけです" in visible_text(page), "a queued one is not resent again", st)

    # ---- the JSON API of each route ----
    auth = {"Authorization": "Bearer " + token}
    for path in ["/admin/mail/" + failed_id, "/admin/mail/templates", "/admin/mail/templates/question_sent",
                 "/notifications"]:
        st, body, _ = server.http("GET", "/api" + path, headers=auth)
        ok = st == 200
        try:
            json.loads(body)
        except ValueError:
            ok = False
        tap(ok, "GET /api%s answers JSON" % path, st, body[:200])
    j = json.loads(server.http("GET", "/api/admin/mail/" + failed_id, headers=auth)[1])
    tap(j["message"]["state"] == "queued" and j["message"]["body"], "the API's message has its state and body")
    posts = [("/admin/mail/templates/question_sent/preview", {"subject": "{{質問番号}}", "body": "{{宛先名}} 様"}, 200),
             ("/admin/mail/templates/question_sent", {"subject": "{{質問番号}}", "body": "{{期日}}"}, 422),
             ("/admin/mail/templates/question_sent", {"subject": "{{質問番号}} です", "body": "{{宛先名}} 様"}, 200),
             ("/admin/mail/templates/question_sent/reset", {}, 200),
             ("/admin/mail/reminders", {"cycle": 2023, "days": "7,2,0", "overdue_every": 0}, 200),
             ("/admin/mail/reminders", {"cycle": 2023, "days": "7,x", "overdue_every": 0}, 422),
             ("/admin/mail/%s/resend" % failed_id, {}, 409),
             ("/admin/mail/test", {"to": "jimu@example.jp"}, 409),
             ("/admin/users/bearing-staff/mail", {"mail_mode": "immediate"}, 200),
             ("/account/mail", {"mail_mode": "immediate"}, 200),
             ("/notifications/read-all", {}, 200)]
    for path, form, want in posts:
        st, body, _ = server.http("POST", "/api" + path, json.dumps(form), {**auth, "Content-Type": "application/json"})
        try:
            j = json.loads(body)
        except ValueError:
            j = None
        tap(st == want and j is not None, "POST /api%s answers %d JSON" % (path, want), st, body[:300])
    st, body, _ = server.http("POST", "/api/admin/mail/templates/question_sent/preview",
                              json.dumps({"subject": "{{質問番号}}", "body": "{{宛先名}} 様"}),
                              {**auth, "Content-Type": "application/json"})
    p = json.loads(body).get("preview", {})
    tap(st == 200 and p.get("subject") and "{{" not in p.get("body", "{{"), "the API's preview is rendered", body[:200])
    st, body, _ = server.http("GET", "/api/admin/mail", headers={"Authorization": "Bearer " + assoc_token})
    tap(st == 403 and json.loads(body)["error"]["code"] == "forbidden", "the API refuses the association (403)", st)
    n_id = json.loads(server.http("GET", "/api/notifications", headers={"Authorization": "Bearer " + assoc_token})[1])[
        "notifications"][0]["id"]
    st, body, _ = server.http("GET", "/api/notifications/%d/open" % n_id, headers={"Authorization": "Bearer " + assoc_token})
    tap(st == 200 and json.loads(body).get("location", "").startswith("/q/"), "GET /api/notifications/:id/open", body[:200])


def with_config(work, db):
    sink_dir = os.path.join(work, "sink")
    os.mkdir(sink_dir)
    port_file = os.path.join(work, "sink.port")
    sink = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", sink_dir, "--port-file", port_file],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not os.path.exists(port_file):
            if sink.poll() is not None:
                tap(False, "the SMTP sink starts", sink.stderr.read().decode()[-1000:])
                return
            time.sleep(0.05)
        port = int(open(port_file).read())
        write(os.path.join(work, "pw"), "SECRET-PW-ZQX\n", 0o600)
        conf = write(os.path.join(work, "mail.conf"), "smtp_url = smtp://127.0.0.1:%d\nstarttls = none\n"
                     "from = noreply@example.jp\nfrom_name = CN行動計画 事務局\nbase_url = http://cnap.example.jp\n" % port)
        server = cnapserve.Server(CNAP, db, ENV, extra=["--mail-config", conf])
        try:
            secr = server.login("jimukyoku", PASSWORD)
            st, page, _ = server.get(secr, "/admin/mail")
            text = visible_text(page)
            tap(st == 200 and "127.0.0.1:%d" % port in text and "noreply@example.jp" in text
                and "送信しない設定" not in text and "SECRET-PW" not in page,
                "with --mail-config the page shows the server and From, never a password", st)
            st, page, _ = server.post(secr, "/admin/mail/test", {"to": "jimu@example.jp"})
            text = visible_text(page)
            arrived = [f for f in os.listdir(sink_dir) if f.endswith(".eml")]
            tap(st == 200 and "試験メールを jimu@example.jp に送りました" in text and arrived,
                "the test message is sent at once and the page says so", st, text[:400], arrived)
            st, page, _ = server.post(secr, "/admin/mail/test", {"to": "not an address"})
            tap(st == 422 and 'id="to-error"' in page and field_errors(page), "a bad address is refused beside the field",
                st, field_errors(page))
            auth_token = cnap(["user", "token", "--db", db, "--login", "jimukyoku"])[1].strip()
            st, body, _ = server.http("POST", "/api/admin/mail/test", json.dumps({"to": "jimu@example.jp"}),
                                      {"Authorization": "Bearer " + auth_token, "Content-Type": "application/json"})
            tap(st == 200 and json.loads(body)["test"]["sent"] is True, "POST /api/admin/mail/test answers JSON", body[:300])
        finally:
            code, err = server.stop()
            tap(code == 0, "cnap serve (with a mail configuration) exits cleanly (sanitizers quiet)", err[-2000:])
    finally:
        sink.terminate()
        sink.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
