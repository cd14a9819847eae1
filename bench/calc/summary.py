#!/usr/bin/python3
"""Medians, throughput and the ratio to pandas from OUTDIR/timings.txt.

    /usr/bin/python3 summary.py OUTDIR

timings.txt is the concatenation of every round's c_timings.txt and
py_timings.txt (run.sh writes it). Prints a Markdown table, ready for
docs/performance.md.
"""
import datetime
import os
import platform
import subprocess
import sys
from statistics import median

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import machine  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: summary.py OUTDIR")
    runs, info = {}, {}
    with open(f"{sys.argv[1]}/timings.txt") as f:
        for line in f:
            key, *vals = line.split()
            if key.endswith("_s"):
                runs.setdefault(key, []).extend(float(v) for v in vals)
            else:
                info[key] = " ".join(vals)
    n, years = int(info["companies"]), int(info["years"])
    cy = n * years
    rounds = len(runs["py_warmup_s"])
    py, py_min = median(runs["py_s"]), min(runs["py_s"])

    cpu = machine.cpu_model()
    try:
        gcc = subprocess.run(["gcc", "-dumpfullversion"], capture_output=True, text=True).stdout.strip()
    except OSError:
        gcc = "?"
    print(f"- date: {datetime.date.today().isoformat()}")
    print(f"- machine: {cpu}, nproc {len(os.sched_getaffinity(0))}, "
          f"{platform.system()} {platform.release()}")
    print(f"- gcc {gcc}; {info.get('versions', '?')}")
    print(f"- load average (1, 5, 15 min) at the start: {info.get('loadavg_start', '?')}, "
          f"at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"- data: {n:,} companies x {years} years = {cy:,} company-years")
    print(f"- timed passes: {rounds} round(s) x {len(runs['py_s']) // rounds} per implementation "
          f"({len(runs['py_s'])} each), after one untimed warm-up per round")
    print()
    print("| implementation | median [ms] | min [ms] | max [ms] | company-years/s (median) "
          "| vs pandas (medians) | vs pandas (minima) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, name in [("py_s", "pandas, vectorised (bench_pandas.py)"),
                      ("c_core_s", "cnap formula functions (core pass)"),
                      ("c_report_s", "cnap_report_build + LMDI (report pass)"),
                      ("c_core_mt_s", f"core pass, {info.get('threads', '?')} threads"),
                      ("c_report_mt_s", f"report pass, {info.get('threads', '?')} threads")]:
        if key not in runs:
            continue
        v = runs[key]
        m = median(v)
        print(f"| {name} | {m * 1e3:.1f} | {min(v) * 1e3:.1f} | {max(v) * 1e3:.1f} | "
              f"{cy / m / 1e6:.2f} M | {py / m:.1f}x | {py_min / min(v):.1f}x |")
    print()
    warm = ", ".join(f"{k[:-9]} {median(runs[k]) * 1e3:.1f} ms"
                     for k in ["py_warmup_s", "c_core_warmup_s", "c_report_warmup_s"])
    print(f"Warm-up passes (median over rounds, not in the table): {warm}.")


if __name__ == "__main__":
    main()
