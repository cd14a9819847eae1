#!/usr/bin/python3
"""bench_openpyxl.py [--read-only] FILE...: the peer of bench/xlsx/run.sh (openpyxl reads the workbooks).

Per file: openpyxl.load_workbook(path, data_only=True[, read_only=True]), then every value of every row
of every worksheet (iter_rows(values_only=True)); the non-empty ones (not None, not "") are counted.
Prints "file SECONDS CELLS" per file (time.perf_counter, load to last value) and
"total SECONDS CELLS" (the sum; interpreter start-up and the import of openpyxl are outside it,
run.sh times the whole process around it).
"""
import sys
import time

import openpyxl

read_only = sys.argv[1] == "--read-only"
paths = sys.argv[2:] if read_only else sys.argv[1:]
total, cells_all = 0.0, 0
for path in paths:
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, data_only=True, read_only=read_only)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is not None and v != "":
                    cells += 1
    wb.close()
    t = time.perf_counter() - t0
    total += t
    cells_all += cells
    print(f"file {t:.6f} {cells}")
print(f"total {total:.6f} {cells_all}")
