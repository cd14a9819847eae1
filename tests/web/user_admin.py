#!/usr/bin/env python3
"""The secretariat's user administration over HTTP (issue 14), one TAP case each: the users page offers
「CSVまたはExcelで一括登録」; an upload (CSV in UTF-8 with a BOM, CSV in CP932, an Excel workbook) answers with a
confirmation table of who will be added and writes nothing; 「登録する」 adds them, once, each audited; a file
with problems lists every row's problem with its line and column in Japanese and writes nothing; a held file
is its uploader's only; one user's edit page changes e-mail, role, association and WGs (checkboxes),
deactivates (their session ends, their login fails) and reactivates, lists and revokes their API tokens;
one's own account cannot be deactivated; the JSON API does the same; no screen shows JSON or English.

Usage: user_admin.py        (CNAP names the binary)
"""
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "user-admin-pass-2023"
BOUNDARY = "cnap-user-import-boundary-7Hx2"
HEADER = "ログインID,氏名,役割,業界団体,WG,メールアドレス\r\n"

tap = cnapserve.Tap()


def xlsx(rows):
    """A workbook of one sheet of inline strings (no openpyxl in every python)."""
    def col(i):
        return chr(ord("A") + i)

    def cell(r, c, v):
        return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r, html.escape(v, quote=False))
    sheet = "".join('<row r="%d">%s</row>' % (r + 1, "".join(cell(r + 1, c, v) for c, v in enumerate(row) if v))
                    for r, row in enumerate(rows))
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel,
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="s1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>' % rel,
        "xl/workbook.xml": '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="ユーザー" sheetId="1" '
        'r:id="s1"/></sheets></workbook>' % (ns, rel),
        "xl/worksheets/sheet1.xml": '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (ns, sheet),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode())
    return out.getvalue()


def multipart(fields, file_bytes, name):
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (BOUNDARY, k, v)).encode()
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (BOUNDARY, name)).encode() + file_bytes + b"\r\n"
    return out + ("--%s--\r\n" % BOUNDARY).encode()


def visible_text(page):
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


ENGLISH = re.compile(r"\b(invalid|not found|conflict|forbidden|error|unknown|null|true|false)\b", re.I)


def plain(page):
    """No JSON and no English status word in what the page shows."""
    shown = visible_text(page)
    return '{"' not in shown and not ENGLISH.search(shown)


def main():
    work = tempfile.mkdtemp(prefix="cnap-user-admin-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"), ["jimukyoku", "morioka", "bearing-staff"],
                             PASSWORD)
    server = cnapserve.Server(CNAP, db, ENV)
    S, R, A = "jimukyoku", "morioka", "bearing-staff"

    def who(login):
        return server.user(login, PASSWORD)

    def upload(login, data, name="users.csv", api=False, cycle="2023"):
        c = who(login)
        headers = {"Cookie": c["cookie"], "Content-Type": "multipart/form-data; boundary=" + BOUNDARY}
        if api:
            headers["X-CSRF-Token"] = c["csrf"]
        return server.http("POST", ("/api" if api else "") + "/admin/user-import",
                           multipart({"_csrf": c["csrf"], "cycle": cycle}, data, name), headers)

    def post(login, path, fields):
        c = who(login)
        form = urllib.parse.urlencode(list(fields) + [("_csrf", c["csrf"])])
        return server.http("POST", path, form, {"Cookie": c["cookie"]})

    def api(login, method, path, obj=None):
        c = who(login)
        h = {"Cookie": c["cookie"], "X-CSRF-Token": c["csrf"], "Content-Type": "application/json"}
        st, body, _ = server.http(method, "/api" + path, json.dumps(obj) if obj is not None else None, h)
        return st, json.loads(body) if body.startswith("{") else {}

    def dump():
        return cnapserve.db_dump(db)

    def sql(q):
        return subprocess.run(["sqlite3", db, q], capture_output=True, check=True).stdout.decode().strip()

    def token_of(page):
        m = re.search(r'name="token" value="([^"]+)"', page)
        return m.group(1) if m else ""

    for login in (S, R, A):
        who(login)  # a login writes its session: before any "nothing written" comparison

    st, page, _ = server.get(who(S), "/admin/users")
    tap(st == 200 and "CSVまたはExcelで一括登録" in page and 'action="/admin/user-import"' in page and
        'enctype="multipart/form-data"' in page and 'name="cycle" value="2023"' in page,
        "the users page offers the upload, for the cycle looked at", st)
    tap(plain(page), "the users page shows no JSON nor English")

    good = ("\ufeff" + HEADER + "sato,佐藤 花子,WG委員,,denshi,sato@example.jp\r\n"
            "suzuki,鈴木 一郎,業界団体,bearing,,suzuki@example.jp\r\n").encode()
    before = dump()
    st, page, _ = upload(S, good)
    shown = visible_text(page)
    tap(st == 200 and "一括登録の確認" in page and "登録するユーザー（2人）" in shown,
        "the upload answers with the confirmation", st, shown[:300])
    tap("佐藤 花子" in shown and "電子・電機・産業機械等WG" in shown and "日本ベアリング工業会" in shown and
        "suzuki@example.jp" in shown and "UTF-8（BOM付き）" in shown,
        "each user with name, WG or association by name, e-mail; the file's encoding")
    tap(dump() == before, "nothing is written before 「登録する」")
    tap(plain(page), "the confirmation shows no JSON nor English")
    token = token_of(page)
    tap(len(token) >= 40 and ">登録する</button>" in page, "the form carries the held file's token", token)

    st, page, _ = post(R, "/admin/user-import/confirm", [("token", token)])
    tap(st == 403 and dump() == before, "a reviewer's confirmation is 403, nothing written", st)
    st, page, _ = post(S, "/admin/user-import/confirm", [("token", "x" * 43)])
    tap(st == 409 and "もう一度ファイルを選んでください" in visible_text(page) and dump() == before,
        "an unknown token: 409, choose the file again", st)
    audits = int(sql("SELECT count(*) FROM audit WHERE action = 'user.add'"))
    st, page, hdrs = post(S, "/admin/user-import/confirm", [("token", token), ("cycle", "2023")])
    loc = dict((k.lower(), v) for k, v in hdrs).get("location", "")
    tap(st == 303 and "msg=users_imported" in loc, "「登録する」 adds them", st, loc)
    tap(sql("SELECT login || ':' || coalesce(email, '') FROM users WHERE login IN ('sato', 'suzuki') ORDER BY login")
        == "sato:sato@example.jp\nsuzuki:suzuki@example.jp", "with their e-mail addresses")
    tap(int(sql("SELECT count(*) FROM audit WHERE action = 'user.add'")) == audits + 2, "each audited")
    tap(sql("SELECT count(*) FROM users WHERE login IN ('sato','suzuki') AND password_hash IS NULL") == "2",
        "without a password (the secretariat sets one)")
    st, page, _ = server.get(who(S), loc)
    tap("ユーザーを一括登録しました" in page and "sato@example.jp" in page, "the list says so and shows them")
    after = dump()
    st, page, _ = post(S, "/admin/user-import/confirm", [("token", token)])
    tap(st == 409 and dump() == after, "the same file cannot be confirmed twice", st)

    cp932 = (HEADER + "tanaka,田中 次郎,事務局,,,tanaka@example.go.jp\r\n").encode("cp932")
    st, page, _ = upload(S, cp932)
    tap(st == 200 and "田中 次郎" in page and "Shift_JIS" in page, "a CSV saved as Shift_JIS (CP932) reads", st)
    book = xlsx([["ログインID", "氏名", "役割", "業界団体", "WG", "メールアドレス"],
                 ["kato", "加藤 三郎", "WG委員", "", "denshi", "kato@example.jp"]])
    st, page, _ = upload(S, book, "users.xlsx")
    tap(st == 200 and "加藤 三郎" in page and "Excel" in page, "an Excel workbook reads", st, visible_text(page)[:300])

    bad = (HEADER + "sato,佐藤,WG委員,,denshi,\r\n"           # 2: already registered
           "new1,,WG委員,,,new1@@example.jp\r\n"             # 3: no name, no WG, two @
           "new2,新二,管理者,,,\r\n"                          # 4: unknown role
           "new3,新三,業界団体,nosuch,,\r\n"                  # 5: unknown association
           "new3,新三,WG委員,,nowg,\r\n"                      # 6: duplicate in the file, unknown WG
           "new4,新四,業界団体,,,new4@example\r\n").encode()  # 7: no association, domain without a dot
    before = dump()
    st, page, _ = upload(S, bad)
    shown = visible_text(page)
    want = [("2行目", "ログインID", "ログインID「sato」は既に登録されています"),
            ("3行目", "氏名", "氏名が空です"),
            ("3行目", "WG", "WG委員には担当WG（コード）が必要です"),
            ("3行目", "メールアドレス", "メールアドレスに「@」が2つ以上あります"),
            ("4行目", "役割", "役割「管理者」は不明です"),
            ("5行目", "業界団体", "業界団体「nosuch」は登録されていません"),
            ("6行目", "ログインID", "ログインID「new3」が5行目と重複しています"),
            ("6行目", "WG", "WG「nowg」は令和5年度にありません"),
            ("7行目", "業界団体", "役割が業界団体のユーザーには業界団体（コード）が必要です"),
            ("7行目", "メールアドレス", "ドメイン名になっていません")]
    rows = [tuple(html.unescape(re.sub(r"<[^>]*>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r))
            for r in re.findall(r"<tr>(.*?)</tr>", page.split('class="import-problems"')[-1], re.S)]
    missing = [w for w in want if not any(r[0] == w[0] and r[1] == w[1] and w[2] in r[2] for r in rows if len(r) == 3)]
    tap(st == 422 and not missing, "every row's problem, with its line and column, in Japanese", st, missing, rows)
    tap("問題があります（10件）" in shown and "登録する</button>" not in page, "counted, and nothing to confirm",
        shown[:400])
    tap(dump() == before, "nothing is written")
    tap(plain(page), "the problems show no JSON nor English")

    for desc, data, name, want in (
            ("an unknown column", ("ログインID,氏名,役割,部署\r\nx,y,事務局,z\r\n").encode(), "u.csv", "列「部署」は使えません"),
            ("a missing column", ("ログインID,役割\r\nx,事務局\r\n").encode(), "u.csv", "見出し行に列「氏名」がありません")):
        st, page, _ = upload(S, data, name)
        tap(st == 422 and want in visible_text(page) and dump() == before, desc + ": named, nothing written", st)
    for desc, data, want in (
            ("an unclosed quote", (HEADER + '"x,y\r\n').encode(), "引用符"),
            ("a broken workbook", b"PK\x03\x04broken", "壊れています"),
            ("an empty file", b"\xef\xbb\xbf", "見出し行")):
        st, page, _ = upload(S, data)
        err = re.search(r'<p class="field-error" id="import-error"[^>]*>(.*?)</p>', page, re.S)
        msg = html.unescape(err.group(1)) if err else ""
        tap(st in (413, 422) and want in msg and dump() == before,
            "%s is refused beside the file field" % desc, st, msg)
    st, page, _ = upload(S, b"")
    tap(st == 422 and "ファイルを選んでください" in visible_text(page), "no file: the field says so", st)
    st, _, _ = upload(R, good)
    tap(st == 403 and dump() == before, "a reviewer's upload is 403", st)
    st, _, _ = upload(A, good)
    tap(st == 403 and dump() == before, "an association's upload is 403", st)

    # One user's edit page.
    st, page, _ = server.get(who(S), "/admin/users/morioka/edit?cycle=2023")
    tap(st == 200 and 'type="checkbox" name="wg" value="denshi" checked' in page and "無効にする" in page,
        "the edit page: WGs of the cycle as checkboxes, and 無効にする", st)
    tap(plain(page), "the edit page shows no JSON nor English")
    edit = "/admin/users/morioka/edit?cycle=2023"
    before = dump()
    st, page, _ = post(S, edit, [("name", "森岡 遥"), ("email", "morioka＠example.jp"), ("role", "reviewer"),
                                 ("association", ""), ("wg_set", "1"), ("wg", "denshi")])
    tap(st == 422 and "メールアドレスに「@」がありません" in visible_text(page) and dump() == before,
        "a bad e-mail: the message beside the field, nothing written", st)
    st, page, _ = post(S, edit, [("name", "森岡 遥"), ("email", "morioka@example.jp"), ("role", "association"),
                                 ("association", ""), ("wg_set", "1")])
    tap(st == 422 and "所属団体が必要です" in visible_text(page) and dump() == before,
        "an association user without association: refused", st)
    st, page, hdrs = post(S, edit, [("name", "森岡 遥"), ("email", "morioka@example.jp"), ("role", "reviewer"),
                                    ("association", ""), ("wg_set", "1"), ("wg", "denshi")])
    tap(st == 303 and sql("SELECT email FROM users WHERE login = 'morioka'") == "morioka@example.jp",
        "the e-mail is saved", st)
    tap(sql("SELECT count(*) FROM audit WHERE action = 'user.update'") == "1", "audited as user.update")
    st, page, _ = post(S, edit, [("name", "森岡 遥"), ("email", "morioka@example.jp"), ("role", "reviewer"),
                                 ("association", ""), ("wg_set", "1")])
    tap(st == 303 and sql("SELECT count(*) FROM user_wgs uw JOIN users u ON u.id = uw.user_id "
                          "WHERE u.login = 'morioka'") == "0", "no box ticked: no WG", st)
    post(S, edit, [("wg_set", "1"), ("wg", "denshi")])
    tap(sql("SELECT count(*) FROM user_wgs uw JOIN users u ON u.id = uw.user_id WHERE u.login = 'morioka'") == "1",
        "the WG back")

    cnapserve.run(CNAP, ENV, ["user", "token", "--db", db, "--login", R, "--label", "集計スクリプト"])
    st, page, _ = server.get(who(S), edit)
    m = re.search(r'action="(/admin/users/morioka/tokens/(\d+)/revoke)', page)
    tap(st == 200 and "集計スクリプト" in page and m, "the edit page lists the user's API tokens", st)
    st, _, _ = post(S, m.group(1) if m else "/admin/users/morioka/tokens/1/revoke", [])
    tap(st == 303 and sql("SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id "
                          "WHERE u.login = 'morioka'") == "0", "and revokes one", st)
    st, _, _ = post(R, "/admin/users/morioka/tokens/1/revoke", [])
    tap(st == 403, "a reviewer cannot use the secretariat's revoke", st)

    st, page, _ = server.get(who(R), "/account")
    tap(st == 200, "morioka is signed in", st)
    st, _, _ = post(S, edit, [("active", "0")])
    tap(st == 303 and sql("SELECT active FROM users WHERE login = 'morioka'") == "0", "無効にする", st)
    st, _, hdrs = server.get(who(R), "/account")
    tap(st == 303, "the deactivated user's session has ended", st)
    st, _, _ = server.try_login(R, PASSWORD)
    tap(st != 303, "and they cannot log in", st)
    st, page, _ = server.get(who(S), "/admin/users")
    tap(re.search(r"<code>morioka</code>.*?無効", page, re.S) is not None, "the list shows 無効")
    st, page, _ = server.get(who(S), edit)
    tap("有効に戻す" in page and "このユーザーは無効です" in page, "the edit page offers 有効に戻す")
    post(S, edit, [("active", "1")])
    st, _, _ = server.try_login(R, PASSWORD)
    tap(st == 303, "reactivated, they log in again", st)
    server.users[R] = server.login(R, PASSWORD)

    st, page, _ = post(S, "/admin/users/jimukyoku/edit", [("active", "0")])
    tap(st == 409 and "自分自身のアカウントは無効化できません" in visible_text(page) and
        sql("SELECT active FROM users WHERE login = 'jimukyoku'") == "1", "one's own account cannot be deactivated", st)
    st, _, _ = post(R, "/admin/users/hirose/edit", [("active", "0")])
    tap(st == 403 and sql("SELECT active FROM users WHERE login = 'hirose'") == "1", "a reviewer cannot edit users", st)
    st, _, _ = server.get(who(S), "/admin/users/nobody/edit")
    tap(st == 404, "an unknown user: 404", st)

    # The JSON API.
    st, r = api(S, "POST", "/admin/users/hirose/edit", {"email": "hirose@example.jp", "wg": ["denshi"], "wg_set": True})
    tap(st == 200 and r.get("ok") and sql("SELECT email FROM users WHERE login = 'hirose'") == "hirose@example.jp",
        "the API edits a user", st, r)
    st, r = api(S, "POST", "/admin/users/hirose/edit", {"email": "bad"})
    tap(st == 422 and "email" in r.get("error", {}).get("fields", {}), "the API names the field", st, r)
    st, r = api(S, "GET", "/admin/users/hirose/edit")
    tap(st == 200 and r.get("email") == "hirose@example.jp" and r.get("active") is True, "the API shows one user", st)
    c = who(S)
    data = ("\ufeff" + HEADER + "ito,伊藤 四郎,事務局,,,ito@example.jp\r\n").encode()
    st, body, _ = upload(S, data, api=True)
    r = json.loads(body) if body.startswith("{") else {}
    tap(st == 200 and r.get("n_users") == 1 and r.get("users", [{}])[0].get("login") == "ito" and r.get("token"),
        "the API's upload answers with the users and the token", st, body[:300])
    st, r2 = api(S, "POST", "/admin/user-import/confirm", {"token": r.get("token", "")})
    tap(st == 200 and r2.get("created") == 1 and r2.get("logins") == ["ito"], "the API's confirmation", st, r2)
    st, body, _ = upload(S, bad, api=True)
    r = json.loads(body) if body.startswith("{") else {}
    probs = r.get("error", {}).get("problems", [])
    tap(st == 422 and len(probs) == 10 and probs[0].get("line") == 2 and probs[0].get("column") == "ログインID",
        "the API's error lists every problem with line and column", st, body[:300])

    code, err = server.stop()
    tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
