#!/usr/bin/python3
"""Check that cnap (C) and the pandas implementation computed the same numbers.

    /usr/bin/python3 compare.py OUTDIR

Compares OUTDIR/c_report.csv and OUTDIR/c_core.csv with OUTDIR/py_company.csv,
and OUTDIR/c_year.csv with OUTDIR/py_year.csv, column by column:
  - "not computable" (an empty field / NaN) must match exactly;
  - values must agree within 1e-9 relative: |c - py| <= 1e-9 * max(|c|, |py|)
    (most are bit-identical; pow, log and log1p of numpy and of glibc's libm
    may differ in the last bits);
  - the classification must be identical.
Prints one line per file pair and exits 1 on any disagreement.
"""
import sys

import numpy as np
import pandas as pd

REL = 1e-9


def compare(c, py, label):
    if list(c.columns) != list(py.columns) or len(c) != len(py):
        print(f"{label}: different columns or row counts")
        return False
    bad, exact, values, worst, worst_col = 0, 0, 0, 0.0, ""
    for col in c.columns:
        a, b = c[col].to_numpy(dtype=float), py[col].to_numpy(dtype=float)
        na, nb = np.isnan(a), np.isnan(b)
        mism = int((na != nb).sum())
        if mism:
            i = int(np.argmax(na != nb))
            print(f"{label}: {col}: computable in one and not the other in {mism} rows "
                  f"(first: row {i}: C {a[i]!r}, pandas {b[i]!r})")
            bad += mism
        both = ~na & ~nb
        a, b = a[both], b[both]
        if col == "class":
            d = int((a != b).sum())
            if d:
                print(f"{label}: class differs in {d} rows")
                bad += d
            continue
        scale = np.maximum(np.abs(a), np.abs(b))
        diff = np.abs(a - b)
        rel = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
        over = int((rel > REL).sum())
        if over:
            i = int(np.argmax(rel))
            print(f"{label}: {col}: {over} values differ by more than {REL:g} relative "
                  f"(worst {rel[i]:.3g}: C {a[i]!r}, pandas {b[i]!r})")
            bad += over
        values += len(a)
        exact += int((a == b).sum())
        if len(rel) and rel.max() > worst:
            worst, worst_col = float(rel.max()), col
    status = "OK" if bad == 0 else "FAILED"
    print(f"{label}: {status}: {len(c)} rows x {len(c.columns)} columns, {values} computed values, "
          f"{exact} bit-identical, largest relative difference {worst:.3g}"
          + (f" ({worst_col})" if worst_col else ""))
    return bad == 0


def read(path, **kw):
    """Doubles exactly as written (%.17g): pandas' default parser may be off by an ulp."""
    return pd.read_csv(path, float_precision="round_trip", **kw)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: compare.py OUTDIR")
    d = sys.argv[1]
    py = read(f"{d}/py_company.csv")
    ok = True
    for name in ["c_report", "c_core"]:
        ok &= compare(read(f"{d}/{name}.csv"), py, f"{name}.csv vs py_company.csv")
    ok &= compare(read(f"{d}/c_year.csv"), read(f"{d}/py_year.csv"), "c_year.csv vs py_year.csv")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
