#!/usr/bin/python3
"""import_all.py ROUND TIMINGS OUTFILE CNAP DB CODE=FILE...: one round of cnap imports for bench/xlsx/run.sh.

For each association code: `/usr/bin/time -f %M -o OUTFILE.rss CNAP survey import-xlsx --db DB --cycle 2023
--wg bench --association CODE --file FILE`, started with posix_spawn and reaped with wait4, so the wall time
(perf_counter_ns around spawn and wait) and the CPU time (the rusage of wait4, microseconds; /usr/bin/time
prints CPU only to the hundredth, truncated) are exact; the peak RSS is /usr/bin/time's %M. Each import must
exit 0 and say 第2版 (the database copy holds version 1), else this exits 1 with its output.
Appends "cnap_file ROUND WALL_S CPU_S RSS_KB" per import to TIMINGS.
"""
import os
import sys
import time

rnd, timings, outfile, cnap, db = sys.argv[1:6]
with open(timings, "a") as log:
    for arg in sys.argv[6:]:
        code, path = arg.split("=", 1)
        argv = ["/usr/bin/time", "-f", "%M", "-o", outfile + ".rss", cnap, "survey", "import-xlsx", "--db", db,
                "--cycle", "2023", "--wg", "bench", "--association", code, "--file", path]
        fa = [(os.POSIX_SPAWN_OPEN, 1, outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
              (os.POSIX_SPAWN_DUP2, 1, 2)]
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=fa)
        _, status, ru = os.wait4(pid, 0)
        wall = (time.perf_counter_ns() - t0) / 1e9
        with open(outfile, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if os.waitstatus_to_exitcode(status) != 0 or "第2版として取り込みました" not in text:
            sys.exit(f"bench: {code}: import failed (status {status}) or not version 2:\n{text}")
        rss = int(open(outfile + ".rss").read().split()[-1])
        log.write(f"cnap_file {rnd} {wall:.6f} {ru.ru_utime + ru.ru_stime:.6f} {rss}\n")
