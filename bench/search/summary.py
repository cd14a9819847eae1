#!/usr/bin/python3
"""Medians, 95th percentiles and ratios of the search benchmark, as Markdown.

    /usr/bin/python3 summary.py OUTDIR
"""
import datetime
import os
import platform
import sys
from statistics import median

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import machine  # noqa: E402

AIM_MS, AIM_RATIO = 5.0, 100.0
ACTORS = ["secretariat", "association"]


def p95(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(0.95 * len(v)))]


def main():
    out = sys.argv[1]
    info, tables, docs, imports = {}, [], {}, []
    with open(f"{out}/info.txt") as f:
        for line in f:
            key, *vals = line.split()
            if key == "table_bytes":
                tables.append((vals[0], int(vals[1])))
            elif key == "docs":
                docs[vals[0]] = (int(vals[1]), int(vals[2]))
            elif key == "import_s":
                imports.append(float(vals[1]))
            else:
                info[key] = " ".join(vals)
    archive = {}
    with open(f"{out}/archive.txt") as f:
        for line in f:
            key, _, rest = line.strip().partition(" ")
            archive[key] = rest
    queries = []
    with open(f"{out}/queries.txt") as f:
        for line in f:
            cls, q = line.rstrip("\n").split("\t")
            queries.append((cls, q))
    times = {}  # (side, actor, query) -> [wall ms], and cpu
    cpu = {}
    with open(f"{out}/timings.txt") as f:
        for line in f:
            side, actor, qi, wall, c = line.split()
            times.setdefault((side, actor, int(qi)), []).append(float(wall))
            cpu.setdefault((side, actor, int(qi)), []).append(float(c))
    matches, failures = {}, []
    with open(f"{out}/checks.txt") as f:
        for line in f:
            w = line.split()
            if w[2] == "set":
                matches[int(w[1])] = (int(w[4]), int(w[5]), w[-1])
            if w[-1] not in ("same", "differ"):
                failures.append(line.strip())

    mb = lambda b: f"{b / 2**20:,.0f} MB"
    print(f"- date: {datetime.date.today().isoformat()}; machine: {machine.cpu_model()}, "
          f"nproc {len(os.sched_getaffinity(0))}, {platform.system()} {platform.release()}")
    print(f"- {info.get('versions', '?')}")
    print(f"- load average at the start: {info.get('loadavg_start', '?')}, at the end: {info.get('loadavg_end', '?')}")
    print(f"- {info.get('rounds')} round(s); per round, query and actor: one untimed call of each side, then "
          f"{info.get('cnap_reps')} cnap calls and {info.get('scan_reps')} scans; wall time of a call (CPU time "
          "in brackets); the association: " + info.get("login", "?"))
    print(f"- archive: cycles {archive.get('archive_cycles')}, {archive.get('archive_associations')}, "
          f"{int(archive.get('archive_questions', 0)):,} questions and "
          f"{int(archive.get('archive_answers', 0)):,} answers "
          f"({archive.get('archive_qa_characters')} characters), {archive.get('archive_texts')}")
    print("- search_docs: " + ", ".join(f"{k} {n:,} rows ({c:,} characters)" for k, (n, c) in sorted(docs.items())))
    print(f"- database {mb(int(info.get('db_bytes', 0)))}: " +
          ", ".join(f"{n} {mb(b)}" for n, b in tables[:6]) + "; after `cnap search --reindex`: "
          f"{mb(int(info.get('reindex_db_bytes', 0)))}")
    print(f"- import: {len(imports)} × `cnap cycle import`, {sum(imports):,.1f} s in all "
          f"(median {median(imports):.1f} s a cycle, with each version's page layout); `cnap search --reindex` (every row, from scratch, one "
          f"transaction): {info.get('reindex_s', '?')} s")
    print()

    def cell(side, actor, idx):
        v = [x for i in idx for x in times.get((side, actor, i), [])]
        c = [x for i in idx for x in cpu.get((side, actor, i), [])]
        return (median(v), p95(v), median(c)) if v else None

    def fmt(t):
        return "—" if not t else f"{t[0]:,.2f} / {t[1]:,.2f} ({t[2]:,.2f})"

    def ratio(actor, idx):
        c, s = cell("cnap", actor, idx), cell("scan", actor, idx)
        return "—" if not c or not s or not c[0] else f"{s[0] / c[0]:,.0f}×"

    print("p50 / p95 [ms] (CPU p50), limit 20; ratio = scan p50 / cnap p50:")
    print()
    print("| query class | queries | rows found | cnap, secretariat | scan, secretariat | ratio | cnap, association "
          "| scan, association | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    classes = []
    for cls, _ in queries:
        if cls not in classes:
            classes.append(cls)
    rows = [(cls, [i for i, (c, _) in enumerate(queries) if c == cls]) for cls in classes]
    rows.append(("**all**", list(range(len(queries)))))
    for cls, idx in rows:
        found = "" if cls == "**all**" else ", ".join(f"{matches.get(i, (0,))[0]:,}" for i in idx)
        names = "" if cls == "**all**" else " ".join(queries[i][1] for i in idx)
        line = f"| {cls} | {names} | {found} "
        for actor in ACTORS:
            line += f"| {fmt(cell('cnap', actor, idx))} | {fmt(cell('scan', actor, idx))} | {ratio(actor, idx)} "
        print(line + "|")
    print()
    print("Per query (p50 [ms]):")
    print()
    print("| query | rows found | cnap, secretariat | scan / cnap | cnap, association | scan / cnap |")
    print("|---|---:|---:|---:|---:|---:|")
    missed = []
    for i, (cls, q) in enumerate(queries):
        line = f"| {q} ({cls}) | {matches.get(i, (0,))[0]:,} "
        for actor in ACTORS:
            c, s = cell("cnap", actor, [i]), cell("scan", actor, [i])
            r = s[0] / c[0] if c and s and c[0] else 0
            line += f"| {c[0]:,.2f} | {r:,.0f}× " if c else "| — | — "
            if c and (c[0] >= AIM_MS or r < AIM_RATIO):
                missed.append(f"{q} as {actor}: p50 {c[0]:,.2f} ms, {r:,.0f}×")
        print(line + "|")
    print()
    same = sum(1 for m in matches.values() if m[2] == "same")
    print(f"Correctness: FTS5 MATCH and LIKE found the same rows for {same} of {len(matches)} queries "
          f"({'no failure' if not failures else 'FAILURES: ' + '; '.join(failures)}); both sides returned as many hits "
          "for each actor, and the association only its own.")
    print()
    print(f"Aim (p50 under {AIM_MS:g} ms and at least {AIM_RATIO:g}× the scan), missed by: " +
          ("none" if not missed else "; ".join(missed)))


if __name__ == "__main__":
    main()
