#!/usr/bin/python3
"""The peers of bench_diff.c on the same pairs: difflib.SequenceMatcher on
characters, and git diff --no-index --word-diff-regex=. (one process per pair).

    /usr/bin/python3 bench_peers.py OUTDIR REPS [--time-only]

Appends "difflib_<case>_s t1 ..." and "git_<case>_s t1 ..." to
OUTDIR/peer_timings.txt (CPU seconds for all pairs of the case per pass, after
one untimed warm-up: difflib's process time, and for git the user + system time
of its processes), and without --time-only writes OUTDIR/peer_results.txt: per
pair the characters difflib deletes and inserts. The hostile cases get one pass
per round (difflib takes a minute on one). A peer that takes longer than LIMIT
seconds for a pass of a case is stopped and recorded as "timeout".
"""
import glob
import os
import resource
import subprocess
import sys
import time
from difflib import SequenceMatcher

LIMIT = 120


def pairs(out):
    cases = {}
    for a in sorted(glob.glob(f"{out}/pairs/*.a")):
        name = os.path.basename(a).rsplit("-", 1)[0]
        cases.setdefault(name, []).append((a, a[:-1] + "b"))
    return cases


def difflib_pass(files, results=None):
    for a, b in files:
        with open(a, encoding="utf-8") as f:
            ta = f.read()
        with open(b, encoding="utf-8") as f:
            tb = f.read()
        # autojunk off: on Japanese the "popular character" heuristic drops の and は and the result is poor
        ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
        if results is not None:
            d = sum(i2 - i1 for tag, i1, i2, j1, j2 in ops if tag in ("delete", "replace"))
            n = sum(j2 - j1 for tag, i1, i2, j1, j2 in ops if tag in ("insert", "replace"))
            results.append(f"{os.path.basename(a)[:-2]} {d} {n}")


def git_pass(files):
    for a, b in files:
        subprocess.run(["git", "diff", "--no-index", "--no-color", "--word-diff=porcelain",
                        "--word-diff-regex=.", a, b], stdout=subprocess.DEVNULL, check=False)


def cpu(peer):
    """CPU seconds so far: this process's for difflib, its children's (the git processes) for git."""
    if peer == "difflib":
        return time.process_time()
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def one(peer, case, out, reps):
    """Runs in a child process so that a pass over the limit can be stopped."""
    files = pairs(out)[case]
    run = difflib_pass if peer == "difflib" else git_pass
    run(files)
    times = []
    for _ in range(1 if case.startswith("hostile") else reps):
        t0 = cpu(peer)
        run(files)
        times.append(cpu(peer) - t0)
    print(" ".join(f"{t:.6f}" for t in times))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    out, reps = sys.argv[1], int(sys.argv[2])
    time_only = "--time-only" in sys.argv
    cases = pairs(out)
    if not time_only:
        results = []
        for case in sorted(cases):
            if not case.startswith("hostile"):
                difflib_pass(cases[case], results)
        with open(f"{out}/peer_results.txt", "w") as f:
            f.write("\n".join(results) + "\n")
    with open(f"{out}/peer_timings.txt", "a") as f:
        for case in sorted(cases):
            for peer in ("difflib", "git"):
                try:
                    r = subprocess.run([sys.executable, __file__, "--one", peer, case, out, str(reps)],
                                       capture_output=True, text=True, timeout=LIMIT * (reps + 1), check=True)
                    f.write(f"{peer}_{case}_s {r.stdout.strip()}\n")
                except subprocess.TimeoutExpired:
                    f.write(f"{peer}_{case}_s timeout\n")
                f.flush()


if __name__ == "__main__":
    main()
