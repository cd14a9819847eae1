#!/usr/bin/python3
"""Medians and ratios of the text comparison benchmark, as Markdown.

    /usr/bin/python3 summary.py OUTDIR
"""
import datetime
import os
import platform
import sys
from statistics import median

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import machine  # noqa: E402

LIMIT_S = 120  # bench_peers.py LIMIT

CASES = [("item", "300 item texts, ~1,500 characters, 3 edits each"),
         ("long", "20 texts, ~20,000 characters, 20 edits each"),
         ("rewrite", "20 texts, ~3,000 characters, half the sentences rewritten"),
         ("hostile_disjoint", "100,000 against 100,000 characters, no character in common"),
         ("hostile_unrelated", "100,000 against 100,000 characters, unrelated texts of one vocabulary")]


def main():
    out = sys.argv[1]
    runs, info, timeouts = {}, {}, {}
    with open(f"{out}/timings.txt") as f:
        for line in f:
            key, *vals = line.split()
            if not key.endswith("_s"):
                info[key] = " ".join(vals)
            elif vals == ["timeout"]:
                timeouts[key] = timeouts.get(key, 0) + 1  # a round whose passes went over the limit
            else:
                runs.setdefault(key, []).extend(float(v) for v in vals)
    quality = {}
    with open(f"{out}/c_results.txt") as f:
        for line in f:
            case, _, d, i, rd, ri, level = line.split()
            q = quality.setdefault(case, {"clean": 0, "raw": 0, "difflib": 0, "levels": set()})
            q["clean"] += int(d) + int(i)
            q["raw"] += int(rd) + int(ri)
            q["levels"].add(level)
    with open(f"{out}/peer_results.txt") as f:
        for line in f:
            if line.strip():
                name, d, i = line.split()
                quality[name.rsplit("-", 1)[0]]["difflib"] += int(d) + int(i)
    cpu = machine.cpu_model()
    print(f"- date: {datetime.date.today().isoformat()}; machine: {cpu}, nproc {len(os.sched_getaffinity(0))}, "
          f"{platform.system()} {platform.release()}")
    print(f"- {info.get('versions', '?')}")
    print(f"- load average at the start: {info.get('loadavg_start', '?')}, at the end: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"- passes: {info.get('rounds', '?')} round(s) × {info.get('reps', '?')} (the peers: one on the hostile cases), "
          "each after an untimed warm-up; medians over all passes of the CPU time of one pass = every pair of the case")
    print()
    print("| case | cnap CPU [ms] | difflib CPU [ms] | difflib / cnap | git CPU [ms] | git / cnap | level |")
    print("|---|---:|---:|---:|---:|---:|---|")

    def med(key):
        v = runs.get(key)
        return None if not v else median(v) * 1000

    def show(x, key=""):
        over = f" ({timeouts[key]} round(s) over {LIMIT_S} s a pass, left out)" if key in timeouts else ""
        return ("over the limit" if x is None else f"{x:,.1f}") + over

    for case, desc in CASES:
        c, d, g = med(f"c_{case}_s"), med(f"difflib_{case}_s"), med(f"git_{case}_s")
        ratio = lambda p: "—" if p is None or not c else f"{p / c:,.1f}×"
        levels = "/".join(sorted(quality.get(case, {}).get("levels", [])))
        print(f"| {case}: {desc} | {show(c, f'c_{case}_s')} | {show(d, f'difflib_{case}_s')} | {ratio(d)} "
              f"| {show(g, f'git_{case}_s')} | {ratio(g)} | {levels} |")
    print()
    print("Characters marked as changed (deleted + inserted), all pairs of a case; "
          "the minimal script is Myers' without the clean-up:")
    print()
    print("| case | cnap, cleaned | cnap, minimal | difflib |")
    print("|---|---:|---:|---:|")
    for case, _ in CASES:
        q = quality.get(case)
        if q and not case.startswith("hostile"):
            print(f"| {case} | {q['clean']:,} | {q['raw']:,} | {q['difflib']:,} |")


if __name__ == "__main__":
    main()
