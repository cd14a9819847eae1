#!/usr/bin/env python3
"""sample-texts.py [--check] [--estimate]: puts the survey texts of the sample cycle into it.

Reads data/sample/texts/<association code>.txt (UTF-8, typed text as in src/io/doc_text.h),
each item starting with a line of its own "=== <item key>", items in outline order. Checks
that every key is an item of the outline of that association's template (data/templates/2023.json,
with a derived template's base) and that every item of the outline is there, in order, once;
then writes the texts into data/sample/2023.json as "texts": [{"item": KEY, "text": TEXT}, ...]
of every submission version of that participation (the same text on each), leaving the rest of
the file as it was (the file is written back in its own style: two-space indent, UTF-8).

--check     only check, write nothing (exit 1 on a problem)
--draft     only estimate the texts there are (no checks, nothing written)
--estimate  also print, per association, characters, estimated A4 pages and the page each
            item would start on next to the sample's typed page map (a rough layout model:
            about 1,300 characters of running text per page; the renderer decides the real pages)

Run from the repository root, by hand, when a text changes; the JSON is checked in.
"""
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data", "sample", "2023.json")
TEMPLATES = os.path.join(ROOT, "data", "templates", "2023.json")
TEXTS = os.path.join(ROOT, "data", "sample", "texts")

ITEM_LINE = re.compile(r"^=== (\S+)\s*$")
DATA_LINE = re.compile(r"^\[表:([A-Za-z0-9_]+)\]$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fail(msg):
    print("sample-texts: " + msg, file=sys.stderr)
    sys.exit(1)


def outline(templates, code):
    """Item keys of a template in order, and the template's table codes by item."""
    by_code = {t["code"]: t for t in templates["templates"]}
    t = by_code[code]
    while "items" not in t:
        t = by_code[t["base"]]
    tables = {}
    for tb in t.get("tables", []):
        tables.setdefault(tb["item"], []).append(tb["code"])
    return [i["key"] for i in t["items"]], tables


def read_texts(path):
    """[(key, text)] in file order; text without the trailing blank lines."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{path}: UTF-8 ではない（{e.start}バイト目）")
    items = []
    key, lines = None, []
    for n, line in enumerate(body.split("\n"), 1):
        if CONTROL.search(line):
            fail(f"{path}:{n}: 制御文字")
        if line.endswith("\r"):
            fail(f"{path}:{n}: CR は使わない")
        m = ITEM_LINE.match(line)
        if m:
            if key is not None:
                items.append((key, "\n".join(lines).strip("\n")))
            key, lines = m.group(1), []
            continue
        if key is None:
            if line.strip():
                fail(f"{path}:{n}: 最初の「=== 項目」より前に本文がある")
            continue
        if line != line.rstrip():
            fail(f"{path}:{n}: 行末の空白")
        lines.append(line)
    if key is not None:
        items.append((key, "\n".join(lines).strip("\n")))
    return items


def check(assoc, items, keys, tables):
    got = [k for k, _ in items]
    for k in got:
        if k not in keys:
            fail(f"{assoc}: 「{k}」はこの団体の調査票の項目にない")
    seen = set()
    for k in got:
        if k in seen:
            fail(f"{assoc}: 「{k}」が二度ある")
        seen.add(k)
    missing = [k for k in keys if k not in seen]
    if missing:
        fail(f"{assoc}: 項目がない: {', '.join(missing)}")
    if got != keys:
        fail(f"{assoc}: 項目の順が調査票と違う")
    placed = {}
    for k, text in items:
        for line in text.split("\n"):
            m = DATA_LINE.match(line)
            if m:
                code = m.group(1)
                if code not in tables.get(k, []):
                    fail(f"{assoc}: [表:{code}] は項目「{k}」の表ではない")
                if code in placed:
                    fail(f"{assoc}: [表:{code}] が二度ある")
                placed[code] = k
            if "javascript:" in line.lower():
                fail(f"{assoc}: {k}: javascript: のリンク")
    texts = dict(items)
    for item, codes in tables.items():
        for code in codes:
            if texts.get(item, "").strip() and code not in placed:
                fail(f"{assoc}: 項目「{item}」に本文があるのに [表:{code}] がない")


# A rough A4 layout: 44 characters a line, 36 lines a page once spacing is counted.
CHARS_PER_LINE = 44
LINES_PER_PAGE = 36
ROWS_OF_TABLE = {"summary": 12, "fuels": 22, "factor": 4, "basic": 14}


def data_table_lines(code, data):
    if code in ROWS_OF_TABLE:
        return ROWS_OF_TABLE[code] * 1.2 + 2
    records = data.get(code)
    if isinstance(records, dict):
        records = records.get("rows", [])
    n = max(len(records or []), 2)
    wide = 2.0 if code in ("coverage", "bat") else 1.3
    return (n + 1) * wide + 2


def line_count(text, cells=1):
    width = max(CHARS_PER_LINE // cells, 4)
    return max(1, math.ceil(len(text) / width))


def estimate_lines(text, data):
    total = 0.0
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        for line in block.split("\n"):
            s = line.strip()
            m = DATA_LINE.match(s)
            if m:
                total += data_table_lines(m.group(1), data)
            elif "|" in s or "\t" in s:
                cells = re.split(r"[|\t]", s)
                total += max(line_count(c, len(cells)) for c in cells) * 1.15
            elif re.match(r"^(【.*】|[①-⑳])", s):
                total += 1.6
            else:
                total += line_count(s)
        total += 0.5
    return total


def chars(text):
    return sum(1 for ch in text if not ch.isspace())


def estimate(assoc, items, keys, submission):
    data = submission.get("data", {})
    pages = submission.get("pages", {})
    offset = min(pages.values()) - 1 if pages else 0
    cum = 0.0
    rows = []
    for k, text in items:
        heading = 3.0 if "." not in k else 2.0
        if cum % LINES_PER_PAGE + heading + 2 > LINES_PER_PAGE:
            cum = math.ceil(cum / LINES_PER_PAGE) * LINES_PER_PAGE
        start = int(cum // LINES_PER_PAGE) + 1 + offset
        rows.append((k, start, pages.get(k)))
        cum += heading + estimate_lines(text, data)
    total_pages = math.ceil(cum / LINES_PER_PAGE) + offset
    n = sum(chars(t) for _, t in items)
    print(f"{assoc}: {n}字, 推定{total_pages}頁（頁番号の最大 {max(pages.values()) if pages else '-'}）")
    print("  " + " ".join(f"{k}:{s}/{p}" for k, s, p in rows))


def main(argv):
    only_check = "--check" in argv
    with open(TEMPLATES, encoding="utf-8") as f:
        templates = json.load(f)
    with open(SAMPLE, encoding="utf-8") as f:
        original = f.read()
    sample = json.loads(original)
    if json.dumps(sample, ensure_ascii=False, indent=2) + "\n" != original:
        fail("data/sample/2023.json の書式が想定（2 字下げ、UTF-8）と違う: 書き戻すと他の部分まで変わる")
    codes = {a["code"] for a in sample["associations"]}
    files = sorted(f for f in os.listdir(TEXTS) if f.endswith(".txt"))
    for name in files:
        if name[:-4] not in codes:
            fail(f"{name}: この団体はサンプルにない")
    for part in sample["participations"]:
        assoc = part["association"]
        path = os.path.join(TEXTS, assoc + ".txt")
        if not os.path.exists(path):
            if "--draft" in argv:
                continue
            fail(f"{assoc}: {path} がない")
        keys, tables = outline(templates, part["template"])
        items = read_texts(path)
        if "--draft" in argv:
            estimate(assoc, items, keys, part["submissions"][-1])
            continue
        check(assoc, items, keys, tables)
        if "--estimate" in argv:
            estimate(assoc, items, keys, part["submissions"][-1])
        texts = [{"item": k, "text": t} for k, t in items]
        for sub in part["submissions"]:
            sub["texts"] = texts
    if only_check or "--draft" in argv:
        return
    out = json.dumps(sample, ensure_ascii=False, indent=2) + "\n"
    if out != original:
        with open(SAMPLE, "w", encoding="utf-8", newline="\n") as f:
            f.write(out)


if __name__ == "__main__":
    main(sys.argv[1:])
