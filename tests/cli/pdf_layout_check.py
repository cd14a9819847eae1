#!/usr/bin/env python3
"""Checks a WG bundle PDF of the 事前質問・回答一覧 against its JSON rendering
and the renderer's layout report (CNAP_PDF_LAYOUT, test builds only).

    pdf_layout_check.py BUNDLE.pdf QA.json LAYOUT.tsv [--urls N]

Prints TAP lines (ok / not ok) without a plan; the shell test counts them.
What it checks, each from the PDF itself where the PDF can tell:
  - a cover (page 1) and a contents page (page 2) with every association and
    the page its section starts on, read from the footers;
  - footers 「<association> - n」 running 1..N through the body pages;
  - every question and answer whole and in order (columns cropped with
    pdftotext -x/-W at the report's column boundaries);
  - no cell split with fewer than two lines on either side, its parts in
    order; every continued part on a page that shows 「（続き）」;
  - bookmarks (qpdf --json: one per association, to its first page) and
    links (contents → sections, web addresses in answers).
"""
import json
import re
import subprocess
import sys

n_fail = 0


def tap(ok, what, detail=""):
    global n_fail
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        n_fail += 1
        for line in str(detail).splitlines()[:8]:
            print("#   " + line)


def text(pdf, first=None, last=None, crop=None, layout=False):
    cmd = ["pdftotext", "-q"]
    if layout:
        cmd.append("-layout")
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    if crop:
        x, y, w, h = crop
        cmd += ["-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    return subprocess.run(cmd + [pdf, "-"], capture_output=True, check=True).stdout.decode()


def squeeze(s, drop_lines=()):
    out = []
    for line in re.split(r"[\n\f]", s):
        if line.strip() in drop_lines:
            continue
        out.append(re.sub(r"\s", "", line))
    # pdftotext joins "Long-" + "term" as "Longterm": compare without hyphens
    return "".join(out).replace("-", "")


def main():
    pdf, qa_path, lay_path = sys.argv[1:4]
    want_urls = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--urls" else 0
    qa = json.load(open(qa_path, encoding="utf-8"))
    rep = [l.rstrip("\n").split("\t") for l in open(lay_path, encoding="utf-8")]
    cols = [float(v) for v in next(r for r in rep if r[0] == "columns")[1:]]
    pages = [r for r in rep if r[0] == "page"]
    assocs = qa["associations"]
    n_pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True).stdout.decode()).group(1))

    # cover and contents
    cover = squeeze(text(pdf, 1))
    tap(pages[0][3] == "cover" and "事前質問・回答一覧" in cover and squeeze(qa["wg"]["name"] if isinstance(qa["wg"], dict) else qa["wg"]) in cover
        and qa["era_year"] in cover, "page 1 is the cover: era, WG, 事前質問・回答一覧", cover[:200])
    body = [r for r in pages if r[3] == "body"]
    front = len(pages) - len(body)
    tap(len(pages) == n_pages, f"the report names every page ({len(pages)} of {n_pages})")

    # footers 1..N through the body, each with its association's name
    seq_ok, first_page, bad = True, {}, []
    for i, r in enumerate(body, start=1):
        phys, sec = int(r[1]), int(r[4])
        name = assocs[sec - 1]["name"]
        t = text(pdf, phys, layout=True)
        m = re.findall(r"^\s*(\S.*?) - (\d+)\s*$", t, re.M)
        got = m[-1] if m else None
        if got != (name, str(i)):
            seq_ok = False
            bad.append(f"page {phys}: footer {got}, want ({name}, {i})")
        first_page.setdefault(name, i)
    tap(seq_ok and len(body) > 0, f"footers run 1..{len(body)} through the bundle, each naming its association", "\n".join(bad))

    contents = text(pdf, 2, layout=True)
    c_ok, c_bad = "目次" in contents, []
    for a in assocs:
        m = re.search(re.escape(a["name"]) + r"[ .・…]*\s(\d+)\s*$", contents, re.M)
        if not m or int(m.group(1)) != first_page.get(a["name"]):
            c_ok = False
            c_bad.append(f"{a['name']}: contents {m.group(1) if m else None}, first footer {first_page.get(a['name'])}")
    tap(c_ok, "page 2 is the contents: every association with the page its section starts on", "\n".join(c_bad))

    # every question and answer whole and in order, column by column
    body_pages = (front + 1, n_pages)
    x0, x1, x2, x3, x4, bottom = cols
    qcol = squeeze(text(pdf, *body_pages, crop=(x2 + 1, 0, x3 - x2 - 2, bottom)), ("指摘",))
    acol = squeeze(text(pdf, *body_pages, crop=(x3 + 1, 0, x4 - x3 - 2, bottom)), ("回答",))
    for what, col, key in (("question", qcol, "question"), ("answer", acol, "answer")):
        pos, missing, count = 0, [], 0
        for a in assocs:
            for row in a["rows"]:
                for q in row["questions"]:
                    w = squeeze(q[key] or "")
                    if not w:
                        continue
                    count += 1
                    hit = col.find(w, pos)
                    if hit < 0:
                        missing.append(f"{a['code']} no {q['no']}: {w[:50]}")
                    else:
                        pos = hit + len(w)
        tap(not missing and count > 0, f"all {count} {what}s are whole and in order in the {what} column", "\n".join(missing))

    # splits: at least two lines on each side, parts in order, continuations marked
    frags = {}
    for r in rep:
        if r[0] == "cell":
            page, sec, row, ent, cell, frm, n, total, kind = r[1:]
            frags.setdefault((sec, row, ent, cell), []).append((int(page), int(frm), int(n), int(total), kind))
    split_bad, n_split, cont_pages = [], 0, set()
    for key, fs in frags.items():
        total = fs[0][3]
        expect_from = 0
        for page, frm, n, _, kind in fs:
            if frm != expect_from:
                split_bad.append(f"{key}: part from line {frm}, expected {expect_from}")
            expect_from = frm + n
            if kind == "cont":
                cont_pages.add(page)
        if expect_from != total:
            split_bad.append(f"{key}: {expect_from} of {total} lines drawn")
        if len(fs) > 1:
            n_split += 1
            for page, frm, n, _, kind in fs:
                if n < 2:
                    split_bad.append(f"{key}: a part of {n} line(s) on page {page} ({[f[2] for f in fs]})")
    tap(not split_bad, f"no cell split with fewer than two lines on a side ({n_split} split cells, every line drawn once)", "\n".join(split_bad))
    cont_bad = []
    for p in sorted(cont_pages):
        phys = front + p
        if "（続き）" not in text(pdf, phys, crop=(x1, 0, x2 - x1, bottom)):
            cont_bad.append(f"page {p}: no （続き） in the 頁番号 column")
    tap(not cont_bad, f"every continued entry is marked （続き） ({len(cont_pages)} pages)", "\n".join(cont_bad))

    # bookmarks and links, from qpdf's view of the file
    # exit 3: warnings only (cairo 1.16 leaves xref entries for objects it never writes)
    q = subprocess.run(["qpdf", "--json", pdf], capture_output=True)
    tap(q.returncode in (0, 3), "qpdf reads the file", q.stderr.decode())
    j = json.loads(q.stdout)
    pages_j = j["pages"]
    obj_page = {p["object"]: i + 1 for i, p in enumerate(pages_j)}
    del obj_page
    outl = j.get("outlines", [])
    titles = [o.get("title") for o in outl]
    ob_bad = []
    for a in assocs:
        o = next((o for o in outl if o.get("title") == a["name"]), None)
        if not o:
            ob_bad.append(f"no bookmark {a['name']}: {titles}")
        elif o.get("destpageposfrom1") != front + first_page[a["name"]]:
            ob_bad.append(f"{a['name']}: bookmark to page {o.get('destpageposfrom1')}, section on {front + first_page[a['name']]}")
    tap(not ob_bad, f"a bookmark per association to its first page ({len(outl)} bookmarks)", "\n".join(ob_bad))
    objs = [v.get("value") for v in j["qpdf"][1].values()]
    links = [v for v in objs if isinstance(v, dict) and v.get("/Subtype") == "/Link"]
    names = next((v["/Names"] for v in objs if isinstance(v, dict) and isinstance(v.get("/Names"), list)), [])
    dests = dict(zip(names[0::2], names[1::2]))
    internal = [l for l in links if l.get("/Dest") in dests]
    uris = [l for l in links if isinstance(l.get("/A"), dict) and l["/A"].get("/S") == "/URI"]
    tap(len(internal) >= len(assocs), f"the contents links to every section ({len(internal)} internal links)")
    if want_urls:
        tap(len(uris) >= want_urls, f"web addresses in answers are links ({len(uris)} URI links, at least {want_urls})")
    sys.exit(1 if n_fail else 0)


if __name__ == "__main__":
    main()
