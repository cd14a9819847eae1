#!/usr/bin/python3
"""summary.py OUT WORKBOOKS CELLS BYTES: the medians of bench/xlsx/run.sh's OUT/timings.txt as Markdown.

timings.txt has one line per timed process, "LABEL ROUND WALL_S CPU_S RSS_KB" (cnap_file: one import;
openpyxl, openpyxl_ro, bench_read: one process over all workbooks; openpyxl_one, bench_read_one: one
process over the first workbook), and the readers' own per-file times, "LABEL_file ROUND SECONDS".
Per round: cnap's total is the sum of its 44 processes (wall and CPU), its peak RSS the largest; the
per-workbook figure is the median of that round's files. The table shows the medians over the rounds.
"""
import collections
import os
import platform
import statistics
import sys

out, n_books, cells, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
proc = collections.defaultdict(lambda: collections.defaultdict(list))  # label -> round -> [(wall, cpu, rss)]
inner = collections.defaultdict(lambda: collections.defaultdict(list))  # label -> round -> [seconds]
for line in open(os.path.join(out, "timings.txt")):
    f = line.split()
    if f[0].endswith("_file") and len(f) == 3:
        inner[f[0][:-5]][f[1]].append(float(f[2]))
    else:
        proc[f[0]][f[1]].append((float(f[2]), float(f[3]), int(f[4])))
med = statistics.median


def totals(label):
    """Per round (wall, cpu, rss max, per-file median wall) over the round's processes of label."""
    rows = []
    for r, ps in proc[label].items():
        files = inner[label[:-5] if label.endswith("_file") else label].get(r) or [p[0] for p in ps]
        rows.append((sum(p[0] for p in ps), sum(p[1] for p in ps), max(p[2] for p in ps), med(files)))
    return [med(c) for c in zip(*rows)], len(rows)


(py_wall, py_cpu, py_rss, py_file), rounds = totals("openpyxl")
lines = [
    ("cnap survey import-xlsx, one process per workbook (open, read, check, compute, write a version)", "cnap_file"),
    ("openpyxl load_workbook(data_only=True), every value, one python process", "openpyxl"),
    ("openpyxl, read_only=True, one python process", "openpyxl_ro"),
    ("cnap's bare reader (bench_read.c, cnap_xlsx_open + every cell), one process", "bench_read"),
]
print(f"{n_books} workbooks, {nbytes / 1e6:.2f} MB, {cells:,} non-empty cells; {rounds} rounds, medians over "
      f"the rounds; {os.cpu_count()} CPUs, Python {platform.python_version()}.")
print(open(os.path.join(out, "load.txt")).read().strip().replace("\n", ", "))
print()
print("| implementation | all workbooks [s] | CPU user+sys [s] | per workbook [ms] | cells/s | vs openpyxl (all) "
      "| vs openpyxl (CPU) | peak RSS [MiB] |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, label in lines:
    (wall, cpu, rss, per_file), _ = totals(label)
    print(f"| {name} | {wall:.3f} | {cpu:.2f} | {per_file * 1e3:.1f} | {cells / wall / 1e6:.2f} M | "
          f"{py_wall / wall:.1f}× | {py_cpu / cpu:.1f}× | {rss / 1024:.1f} |")
print()
for label, what in (("openpyxl_one", "openpyxl, the first workbook alone (a whole python process)"),
                    ("bench_read_one", "cnap's bare reader, the first workbook alone (a whole process)")):
    (wall, cpu, rss, _), _ = totals(label)
    print(f"- {what}: {wall * 1e3:.0f} ms, peak RSS {rss / 1024:.1f} MiB")
print("- per workbook: cnap is a whole process (start, database, import); openpyxl and bench_read are their own "
      "in-process per-file times (no start-up)")
