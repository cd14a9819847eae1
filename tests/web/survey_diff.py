#!/usr/bin/env python3
"""「版の比較」 over HTTP (issue 12 item 5), one TAP case each: the association
page links it; two versions side by side (older left, newer right) with the
deletions and insertions marked by more than colour, the changed cells with the
% change, runs of unchanged items folded; last year's final version offered and
compared; the first version alone says there is nothing before it; what the
association wrote comes out escaped; the JSON API; a bad query is 400; another
association's comparison is 404 for an association user; a read writes nothing;
no page a person sees holds JSON.

Usage: survey_diff.py        (CNAP names the binary)
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import cnapserve  # noqa: E402

CNAP, ENV = cnapserve.from_env()
PASSWORD = "survey-diff-pass-2023"
ASSOC = "/c/2023/w/denshi/a/bearing"
DIFF = ASSOC + "/diff"

tap = cnapserve.Tap()


def cnap(args, stdin=None):
    return cnapserve.run(CNAP, ENV, args, stdin)[1]


def visible_text(page):
    body = page.split("<body", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def cells_of(page, cls):
    """The text of every <td class="cls"> of the side-by-side table, tags kept."""
    return re.findall(r'<td class="%s">(.*?)</td>' % cls, page, re.S)


def main():
    work = tempfile.mkdtemp(prefix="cnap-survey-diff-")
    db = cnapserve.sample_db(CNAP, ENV, os.path.join(work, "t.db"),
                             ["bearing-staff", "kosaku-kikai-staff", "morioka", "jimukyoku"], PASSWORD)
    base = ["--db", db, "--cycle", "2023", "--wg", "denshi", "--association", "bearing"]

    def text_set(path, content):
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        cnap(["survey", "text", "set"] + base + ["--file", path])

    text_set(os.path.join(work, "a.txt"),
             "=== II.1\n2022年度のCO2排出量は前年度比で増加した。\n\n主な要因は需要の回復である。\n"
             "=== II.5\n高効率ボイラーを導入した。効果は大きい。<b>太字</b>\n"
             "=== II.7\n" + "".join("第%d段落は変わらない。\n\n" % i for i in range(1, 8)) + "最後の段落は古い。\n")
    text_set(os.path.join(work, "b.txt"),
             "=== II.1\n2022年度のCO2排出量は前年度比で減少した。\n\n主な要因は需要の回復である。\n"
             "=== II.5\n高効率ボイラーを導入した。投資額は5億円である。効果は大きい。<b>太字</b><script>x</script>\n"
             "=== II.7\n" + "".join("第%d段落は変わらない。\n\n" % i for i in range(1, 8)) + "最後の段落は新しい。\n")
    csv = os.path.join(work, "s.csv")
    cnap(["survey", "export-csv"] + base + ["--table", "summary", "--output", csv])
    with open(csv, encoding="utf-8-sig") as f:
        rows = [line.rstrip("\n").split(",") for line in f]
    for r in rows:
        if r[0] == "CO2排出量":
            r[5] = "70"
    with open(csv, "w", encoding="utf-8") as f:
        f.write("\n".join(",".join(r) for r in rows) + "\n")
    cnap(["survey", "import-csv"] + base + ["--table", "summary", "--file", csv])
    latest = json.loads(cnap(["survey", "text", "show"] + base + ["--json"]))["latest_version"]
    va, vb, vc = latest - 2, latest - 1, latest

    server = cnapserve.Server(CNAP, db, ENV)
    creds = {}

    def who(login):
        if login not in creds:
            creds[login] = server.login(login, PASSWORD)
        return creds[login]

    def get(login, path):
        return server.get(who(login), path)

    def dump():
        return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout

    A, R, S, O = "bearing-staff", "morioka", "jimukyoku", "kosaku-kikai-staff"
    st, page, _ = get(A, ASSOC)
    tap(st == 200 and ('href="%s"' % DIFF) in page and "版の比較" in page, "the association page links 「版の比較」", st)

    before = dump()
    st, page, _ = get(A, "%s?from=%d&to=%d" % (DIFF, va, vc))
    tap(st == 200, "two versions compared", st)
    tap(dump() == before, "a comparison writes nothing")
    tap(re.search(r'<option value="%d" selected>第%d版' % (va, va), page) is not None and
        re.search(r'<option value="%d" selected>第%d版' % (vc, vc), page) is not None,
        "the two selects show the versions compared")
    old, new = cells_of(page, "old"), cells_of(page, "new")
    tap(any("<del>" in c and "増加" in c for c in old) and any("<ins>" in c and "減少" in c for c in new),
        "the deletion on the left, the insertion on the right")
    tap(not any("<ins>" in c for c in old) and not any("<del>" in c for c in new),
        "nothing inserted on the left, nothing deleted on the right")
    tap(re.search(r"<del><span class=\"visually-hidden\">［削除：</span>増加<span class=\"visually-hidden\">］</span></del>",
                  page) is not None and "［追加：" in page,
        "each mark says what it is in words, not by colour alone")
    tap("取り消し線" in page and "下線" in page, "the legend explains the marks in words")
    same_rows = re.findall(r'<tr class="same"><td class="old">主な要因は需要の回復である。', page)
    tap(len(same_rows) == 1, "an unchanged paragraph faces itself on its own row", len(same_rows))
    tap(re.search(r"<summary>変更なし（\d+項目）</summary>", page) is not None, "unchanged items fold into one line")
    fold = re.search(r'<tr class="fold"><td colspan="2"><details><summary>変更のない段落（6）</summary>(.*?)</details>',
                     page, re.S)
    tap(fold is not None and "第1段落は変わらない。" in fold.group(1) and "第7段落" not in fold.group(1) and
        '<tr class="same"><td class="old">第7段落は変わらない。' in page,
        "far from a change, unchanged paragraphs fold (the one next to it stays as context)")
    tap("<b>太字</b>" not in page and "&lt;b&gt;太字&lt;/b&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page
        and "<script>x" not in page, "what the association wrote is escaped")
    m = re.search(r"<tr><td>実績の総括表</td><th scope=\"row\">CO2排出量</th><td>当年度実績（2022年度）</td>"
                  r"<td class=\"unit\">万t-CO2</td><td class=\"num\">69.6</td><td class=\"num\">70.0</td>"
                  r"<td class=\"num up\">\+0.4</td><td class=\"num\">\+0.6%</td></tr>", page)
    tap(m is not None, "the changed cell: table, row, column, unit, before, after, difference, % change")
    tap("Ⅱ．（１）" in page and "Ⅱ．（５）" in page, "the items by their numbers with the chapter")
    tap('{"' not in visible_text(page), "no JSON on the page")

    st, page, _ = get(A, DIFF)
    tap(st == 200 and re.search(r'<option value="%d" selected>' % vb, page) is not None and
        "数値の変更：" in page, "without a query: the latest against the one before", st)

    st, body, _ = server.http("GET", "/api%s?from=%d&to=%d" % (DIFF, va, vb),
                              headers={"Cookie": who(S)["cookie"]})
    r = json.loads(body) if body.startswith("{") else {}
    entries = [e["item"] for e in r.get("entries", []) if "item" in e]
    tap(st == 200 and [e["key"] for e in entries] == ["II.1", "II.5", "II.7"], "the JSON API lists the changed items",
        st, body[:300])

    for q in ("from=abc", "to=0", "from=1x", "to=-1"):
        st, _, _ = get(A, DIFF + "?" + q)
        tap(st == 400, "a bad query (%s) is 400" % q, st)
    st, _, _ = get(A, DIFF + "?from=99")
    tap(st == 200, "a version that does not exist is said on the page", st)

    # Last year's final version: a 2022 cycle in which bearing took part.
    tmpl = os.path.join(work, "tmpl.json")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "templates", "2023.json"),
              encoding="utf-8") as f:
        t = json.load(f)
    t["cycle"]["year"], t["cycle"]["actual_fiscal_year"] = 2022, 2021
    with open(tmpl, "w", encoding="utf-8") as f:
        json.dump(t, f, ensure_ascii=False)
    cnap(["cycle", "add", "--db", db, "--year", "2022", "--templates", tmpl])
    cnap(["wg", "add", "--db", db, "--cycle", "2022", "--code", "denshi", "--name", "電子WG"])
    cnap(["association", "join", "--db", db, "--cycle", "2022", "--wg", "denshi", "--association", "bearing"])
    cnap(["survey", "text", "set", "--db", db, "--cycle", "2022", "--wg", "denshi", "--association", "bearing",
          "--item", "II.1", "--text", "2021年度のCO2排出量は前年度比で増加した。"])
    st, page, _ = get(R, DIFF)
    tap(st == 200 and "昨年度の最終版（令和4年度 第1版）" in page, "last year's final version is offered", st)
    st, page, _ = get(R, DIFF + "?from=last-year")
    tap(st == 200 and re.search(r'<option value="last-year" selected>', page) is not None and
        any("<del>" in c and "2021" in c for c in cells_of(page, "old")), "and compared", st)

    # The first version alone: nothing before it (kosaku-kikai has one version and no survey last year).
    st, page, _ = get("kosaku-kikai-staff", "/c/2023/w/denshi/a/kosaku-kikai/diff")
    tap(st == 200 and "第1版より前の版はありません" in page, "a lone first version says there is nothing before it",
        st)

    for path in (DIFF, "/c/2023/w/denshi/a/kosaku-kikai/diff?from=1&to=1", "/c/2023/w/denshi/a/kosaku-kikai/diff"):
        before = dump()
        st, page, _ = get(A if "kosaku" in path else O, path)
        tap(st == 404 and "工作機械" not in page and "ベアリング" not in page.split("<main", 1)[-1] and dump() == before,
            "another association's comparison is 404 (%s)" % path, st)

    code, err = server.stop()
    tap(code == 0, "cnap serve exits cleanly (sanitizers quiet)", err[-2000:])
    return tap.plan()


if __name__ == "__main__":
    sys.exit(main())
