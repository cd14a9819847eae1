#!/usr/bin/env python3
"""The 事前質問・回答一覧 in its other formats against the cnap PDF (issue 11 item 3).

    print_formats_check.py CNAP.pdf HTMLPRINT.pdf QA.html QA.json QA.csv QA.xlsx

HTMLPRINT.pdf is QA.html printed by chromium. Prints TAP lines without a plan.
  - the printed HTML: a cover and a contents page without page numbers, the
    WG and association names standing vertically in the left margin of every
    body page (read with pdftotext -bbox), footers 「<association> - n」
    running 1..N, every question in the cnap PDF's order (指摘 column cropped
    at the PDF's column boundaries, which the print CSS shares);
  - the contents of the HTML and the XLSX list every association, in order;
  - the XLSX rows (項目番号, 調査票, NO., 指摘) are the PDF's rows, in order,
    with A4, the header row repeated, fit to width and 「<association> - &P」;
  - the CSV and the JSON number questions and items alike, and the item
    numbers carry their chapter (Ⅱ．（５）).
"""
import csv
import html
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_layout_check import squeeze, tap, text  # noqa: E402

import json  # noqa: E402

Q_COL = (185, 0, 285, 553)  # 指摘 (qa_pdf.h: TABLE_X + item + page columns .. + 37 characters)
FOOT = (0, 553, 842, 42)


def n_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def in_order(hay, needles):
    """The first needle not found after the previous one, or None."""
    at = 0
    for n in needles:
        i = hay.find(n, at)
        if i < 0:
            return n
        at = i + len(n)
    return None


def footers(pdf):
    return [squeeze(text(pdf, p, p, FOOT)) for p in range(1, n_pages(pdf) + 1)]


def margin_columns(pdf, page):
    """The left margin's text as (right column, left column), each read top to bottom."""
    out = subprocess.run(["pdftotext", "-q", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True, check=True).stdout.decode()
    cols = {True: [], False: []}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out):
        x0, y0, x1, w = float(m.group(1)), float(m.group(2)), float(m.group(3)), html.unescape(m.group(4))
        if x1 <= 58 and not w.isascii():
            cols[(x0 + x1) / 2 > 35].append((y0, w))
    return ["".join(w for _, w in sorted(cols[k])) for k in (True, False)]


def wide(s):
    return "".join(c for c in s if not c.isascii())


def main():
    pdf, hpdf, html_path, qa_path, csv_path, xlsx_path = sys.argv[1:7]
    qa = json.load(open(qa_path, encoding="utf-8"))
    assocs = qa["associations"]
    wg = qa["wg"]["name"]
    questions = [(a["name"], q) for a in assocs for r in a["rows"] for q in r["questions"]]
    heads = [squeeze(q["question"])[:20] for _, q in questions]

    # every question in the same order, in the cnap PDF and the printed HTML
    for name, f in (("the cnap PDF", pdf), ("the printed HTML", hpdf)):
        col = squeeze(text(f, 3, n_pages(f), Q_COL))
        miss = in_order(col, heads)
        tap(miss is None, f"{name}: all {len(heads)} questions in the 指摘 column, in order", f"missing or out of order: {miss}")

    # the printed HTML's pages: cover and contents unnumbered, then 「<association> - n」 from 1
    feet = footers(hpdf)
    tap(feet[0] == "" and feet[1] == "", "the printed HTML opens with an unnumbered cover and contents", feet[:2])
    cover = squeeze(text(hpdf, 1, 1))
    tap(all(squeeze(s) in cover for s in ("カーボンニュートラル行動計画", qa["era_year"] + "評価・検証WG", wg, "事前質問・回答一覧")),
        "the printed cover names the plan, the WG and the list", cover[:200])
    contents = squeeze(text(hpdf, 2, 2))
    tap(in_order(contents, ["目次"] + [squeeze(a["name"]) for a in assocs]) is None,
        "the printed contents lists every association in order", contents[:300])
    src = open(html_path, encoding="utf-8").read()
    tap(in_order(src, [f'<a href="#{a["code"]}">' for a in assocs] + [f'id="{a["code"]}"' for a in assocs]) is None,
        "the contents link to the sections (anchors)")
    body = feet[2:]
    names = {squeeze(a["name"]): a["name"] for a in assocs}
    parsed = [re.fullmatch(r"(.*)-(\d+)", f.replace("–", "-")) for f in body]
    # squeeze drops hyphens: the footer reads 「<association><n>」
    parsed = [re.fullmatch(r"(\D*)(\d+)", f) for f in body]
    nums = [int(m.group(2)) if m else None for m in parsed]
    tap(nums == list(range(1, len(body) + 1)), f"the printed footers run 1..{len(body)} through the bundle", nums)
    page_assoc = [names.get(m.group(1)) if m else None for m in parsed]
    order = [a for i, a in enumerate(page_assoc) if a and (i == 0 or page_assoc[i - 1] != a)]
    tap(order == [a["name"] for a in assocs], "each footer names its association, in WG order", order)
    pfeet = [re.fullmatch(r"(\D*)(\d+)", f) for f in footers(pdf)[2:]]
    print(f"# body pages: cnap PDF {len(pfeet)}, printed HTML {len(body)}")
    first = lambda seq: {a: i + 1 for i, a in reversed(list(enumerate(seq)))}  # noqa: E731
    print(f"# first pages: cnap PDF {first([names.get(m.group(1)) for m in pfeet if m])}, printed HTML {first(page_assoc)}")

    # the vertical labels on every body page of the printed HTML
    bad = []
    for i, a in enumerate(page_assoc):
        right, left = margin_columns(hpdf, i + 3)
        if not a or wide(wg) not in right or wide(a) not in left:
            bad.append((i + 3, right, left))
    tap(not bad and body, f"the WG and association stand vertically in the margin of all {len(body)} printed pages", bad[:3])

    # item numbers: the chapter's code and the item's (Ⅱ．（５）), alike in the JSON and the CSV
    wrong, chapter = [], ""
    for a in assocs:
        for r in a["rows"]:
            if r["depth"] == 0 and r["code"]:
                chapter = r["code"]
            want = "" if not r["code"] else r["code"] if r["depth"] == 0 else chapter + r["code"]
            if r["number"] != want:
                wrong.append((a["code"], r["code"], r["number"], want))
    tap(not wrong, "JSON item numbers carry their chapter", wrong[:3])
    rows = list(csv.reader(open(csv_path, encoding="utf-8-sig", newline="")))[1:]
    want = [(a["name"], r["number"], str(q["no"]) if q else "", q["question"] if q else "")
            for a in assocs for r in a["rows"] for q in (r["questions"] or [None])]
    got = [(x[1], x[2], x[5], x[6]) for x in rows]
    tap(got == want, f"the CSV has the JSON's {len(want)} rows: item numbers and NO. alike",
        next(((g, w) for g, w in zip(got, want) if g != w), (len(got), len(want))))
    nos = [[q["no"] for r in a["rows"] for q in r["questions"]] for a in assocs]
    tap(all(n == list(range(1, len(n) + 1)) for n in nos), "NO. counts 1.. in each association, in the PDF's order", nos)

    # the XLSX: the same rows, a contents sheet, print settings
    import openpyxl
    wb = openpyxl.load_workbook(xlsx_path)
    toc = wb[wb.sheetnames[0]]
    listed = [row[0].value for row in toc.iter_rows(min_row=4) if row[0].value]
    links = [row[0].hyperlink.location if row[0].hyperlink else None for row in toc.iter_rows(min_row=4) if row[0].value]
    tap(wb.sheetnames[0] == "目次" and listed == [a["name"] for a in assocs], "the XLSX contents sheet lists every association in order", listed)
    tap(links == [f"'{n}'!A1" for n in wb.sheetnames[1:]], "each contents line links to its sheet", links)
    xbad, pbad = [], []
    for a, sname in zip(assocs, wb.sheetnames[1:]):
        ws = wb[sname]
        got, cur = [], None
        for row in ws.iter_rows(min_row=4, values_only=True):
            num, label = row[0], row[1]
            if label is not None:
                cur = (num or "", label)
            got.append((cur[0], cur[1], str(row[3]) if row[3] is not None else "", row[4] or ""))
        want = [(r["number"], (r["code"] + " " if r["code"] else "") + r["title"], str(q["no"]) if q else "",
                 q["question"] if q else "") for r in a["rows"] for q in (r["questions"] or [None])]
        if got != want:
            xbad.append((sname, next(((g, w) for g, w in zip(got, want) if g != w), (len(got), len(want)))))
        ps = ws.page_setup
        foot = ws.oddFooter.center.text
        if not (ps.orientation == "landscape" and str(ps.paperSize) == "9" and ws.print_title_rows == "$3:$3"
                and ws.sheet_properties.pageSetUpPr.fitToPage and (ps.fitToWidth in (None, 1)) and ps.fitToHeight == 0
                and foot == a["name"].replace("&", "&&") + " - &P"):
            pbad.append((sname, ps.orientation, ps.paperSize, ws.print_title_rows, ps.fitToWidth, ps.fitToHeight, foot))
    tap(not xbad, "every XLSX sheet has the PDF's rows: item number, item, NO., question, in order", xbad[:2])
    tap(not pbad, "every XLSX sheet prints A4 landscape, fit to width, header repeated, footer 「<association> - &P」", pbad[:2])


main()
