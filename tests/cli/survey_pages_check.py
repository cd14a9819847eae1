#!/usr/bin/env python3
"""survey_pages_check.py PAGES.json FILE.pdf [--offset N | --strict]: each item's heading is on the page its map gives.

PAGES.json is `cnap survey pages --json`. For every item with a page, the text of that page
(pdftotext -f N -l N, N = page + offset: the file's page that carries the printed number) must
hold the item's number and title, compared as cnap's page finder compares them (NFKC, case,
without spaces and punctuation); an association's own layout may print the number without its
chapter, so there the title alone will do. --strict (cnap's own rendering): the full number and
title, and not on the page before, so a map one page off fails. Prints TAP lines (ok / not ok)
without numbers, for the calling script to count; '#' lines say what went wrong.
"""
import json
import re
import subprocess
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(c for c in s if unicodedata.category(c)[0] not in "ZPC")


def page_lines(pdf, n):
    """The page's text folded, and each of its lines folded."""
    r = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], capture_output=True)
    text = r.stdout.decode("utf-8", "replace") if r.returncode == 0 else ""
    return fold(text), [fold(line) for line in text.splitlines()]


def main():
    pages = json.load(open(sys.argv[1], encoding="utf-8"))
    pdf = sys.argv[2]
    offset = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--offset" else 0
    strict = "--strict" in sys.argv[3:]
    items = pages["items"]
    mapped = [it for it in items if it.get("page")]
    bad = []
    cache = {}
    for it in mapped:
        n = it["page"] + offset
        if n not in cache:
            cache[n] = page_lines(pdf, n)
        # the file's own layout may print the number without its chapter (「（５）…」)
        want = [fold(it["number"] + it["title"])] + ([] if strict else [fold(it["title"])])
        if not any(w and w in cache[n][0] for w in want):
            bad.append(f"{it['item']} not on page {it['page']} (file page {n})")
        elif strict and n > 1:
            # one page early would put the heading, a line of its own, on the page before
            if n - 1 not in cache:
                cache[n - 1] = page_lines(pdf, n - 1)
            if want[0] in cache[n - 1][1]:
                bad.append(f"{it['item']} already on page {it['page'] - 1}")
    if bad:
        print(f"not ok - every item's heading is on the page the map gives ({len(bad)} of {len(mapped)} are not)")
        for b in bad[:10]:
            print("#   " + b)
    else:
        print(f"ok - every item's heading is on the page the map gives ({len(mapped)} items)")
    rising = all(a["page"] <= b["page"] for a, b in zip(mapped, mapped[1:]))
    print(("ok" if rising else "not ok") + " - the pages rise with the outline")


main()
