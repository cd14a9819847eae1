#!/usr/bin/python3
"""The formulas of cnap's calculation engine (docs/calc.md, src/calc/) in pandas.

    /usr/bin/python3 bench_pandas.py OUTDIR [REPS] [--time-only]

Reads OUTDIR/rows.csv and OUTDIR/targets.csv (written by bench_calc), computes
every indicator for the last fiscal year and intensities/indices for every
year, REPS times after one untimed warm-up, and writes OUTDIR/py_company.csv,
OUTDIR/py_year.csv (not with --time-only) and OUTDIR/py_timings.txt. Only
compute() is timed; reading and writing the CSV files are not.

The implementation is vectorised: whole-column pandas/numpy operations on the
long company-year frame (200,000 rows) and on one row per company (10,000)
for the year-specific rows (base, previous, last) picked out by boolean masks
and aligned on the company index. Branches of the C code (target kinds,
not-computable cases, the LMDI zero rule) are np.where/np.select masks; a
not-computable value is NaN. No Python-level loop runs per company or row.
"""
import sys
import time

import numpy as np
import pandas as pd

BAU_DECOMP_BASE = 2013  # report.c decomposes BAU targets from 2013
SAME_LEVEL_REL = 1e-12  # progress.c: a target this close to the base does not move it
SERIES = ["activity", "energy", "electricity", "co2"]
TERMS = ["activity", "intensity", "fuel_mix", "electricity", "total"]


def intensity(amount, activity):
    """cnap_calc_intensity: amount / activity; activity 0 (or negatives) is not computable."""
    return (amount / activity).where((activity > 0) & (amount >= 0))


def change_pct(now, base):
    """cnap_calc_change_pct: (X_t - X_base) / X_base * 100, X_base > 0."""
    return ((now - base) / base * 100.0).where(base > 0)


def way_done_pct(x_base, x_level, x_now):
    """進捗率 and 想定比: (X_base - X_t) / (X_base - X_level) * 100 (progress.c way_done_pct)."""
    den = x_base - x_level
    same = np.abs(den) <= SAME_LEVEL_REL * np.maximum(np.abs(x_base), np.abs(x_level))
    return ((x_base - x_now) / den * 100.0).where(~same & (den != 0))


def annual_rate_level(x_base, rate, base_year, year):
    """cnap_calc_annual_rate_level: X_base * (1 - r)^(year - base_year)."""
    ok = (base_year > 0) & (year >= base_year) & (rate > -1) & (rate < 1)
    return (x_base * (1.0 - rate) ** (year - base_year)).where(ok)


def indicator(rows, ind):
    """cnap_report_indicator: the target indicator of each company's row."""
    return pd.Series(
        np.select(
            [ind == "co2", ind == "energy", ind == "co2_intensity"],
            [rows.co2, rows.energy, intensity(rows.co2, rows.activity)],
            intensity(rows.energy, rows.activity),
        ),
        index=rows.index,
    )


def decomp_year(r):
    """report.c decomp_year: 億kWh x kg-CO2/kWh x 10 = 万t-CO2; fuel CO2 = CO2 - electricity CO2."""
    el = r.electricity.fillna(0.0)
    f = (r.elec_factor * 10.0).fillna(0.0)
    fuel = (r.co2 - el * f).clip(lower=0.0)
    ok = r.activity.notna() & r.energy.notna() & r.co2.notna()
    return r.activity, r.energy, fuel, el, f, ok


def ln_ratio(a, b):
    """decompose.c ln_ratio: log1p when a ~ b, ln a - ln b when far apart."""
    d = a - b
    return np.where(np.abs(d) < 0.5 * b, np.log1p(d / b), np.log(a) - np.log(b))


def decompose(y0, yt, lmdi):
    """cnap_calc_decompose: sequential or additive LMDI-I; NaN where not computable."""
    p0, e0, fuel0, el0, f0, ok0 = decomp_year(y0)
    pt, et, fuelt, elt, ft, okt = decomp_year(yt)
    c0 = fuel0 + el0 * f0
    ct = fuelt + elt * ft
    cs = fuelt + elt * f0  # this year's CO2 at the comparison year's factor
    total = ct - c0
    elec = elt * (ft - f0)
    ok = ok0 & okt
    if not lmdi:
        ok &= (p0 != 0) & (e0 != 0)
        per_p, per_e = c0 / p0, c0 / e0
        act = (pt - p0) * per_p
        inten = (et - e0 * (pt / p0)) * per_e
        mix = cs - et * per_e
    else:
        def chain(p, e, c):  # zeros may only run downstream: P = 0 => E = 0 => C* = 0
            return ((p != 0) | (e == 0)) & ((e != 0) | (c == 0))

        ok &= chain(p0, e0, c0) & chain(pt, et, cs)
        change = cs - c0
        lp, le, lc = ln_ratio(pt, p0), ln_ratio(et, e0), ln_ratio(cs, c0)
        w = np.where(lc != 0, change / lc, c0)  # L(C*_t, C_0) from the same ln
        # the limit rule when C* is 0 in one or both years
        zp = np.where(c0 == 0, p0, pt)
        ze = np.where(c0 == 0, e0, et)
        both = (c0 == 0) & (cs == 0)
        z_act = np.where(~both & (zp == 0), change, 0.0)
        z_int = np.where(~both & (zp != 0) & (ze == 0), change, 0.0)
        z_mix = np.where(~both & (zp != 0) & (ze != 0), change, 0.0)
        pos = (c0 > 0) & (cs > 0)
        act = pd.Series(np.where(pos, w * lp, z_act), index=c0.index)
        inten = pd.Series(np.where(pos, w * (le - lp), z_int), index=c0.index)
        mix = pd.Series(np.where(pos, w * (lc - le), z_mix), index=c0.index)
    terms = pd.DataFrame({"activity": act, "intensity": inten, "fuel_mix": mix,
                          "electricity": elec, "total": total})
    ok &= np.isfinite(terms).all(axis=1) & np.isfinite(c0) & np.isfinite(ct) & np.isfinite(cs)
    terms = terms.where(ok, axis=0)
    pct = terms.div(c0, axis=0).mul(100.0).where(c0 != 0, axis=0)  # 対基準年度比
    return terms, pct


def rows_at(rows, year_of_company):
    """Each company's row for the year given per company (Series indexed by company)."""
    sel = rows[rows.year.to_numpy() == rows.company.map(year_of_company).to_numpy()]
    return sel.set_index("company").reindex(year_of_company.index)


def compute(rows, t):
    """Every indicator: per company-year (intensities, indices) and per company (last year)."""
    # ---- every year: energy and CO2 intensities and their indices (base year = 1)
    ei = intensity(rows.energy, rows.activity)
    ci = intensity(rows.co2, rows.activity)
    base = rows_at(rows, t.base_year)
    ei_base = rows.company.map(intensity(base.energy, base.activity))
    ci_base = rows.company.map(intensity(base.co2, base.activity))
    per_year = pd.DataFrame({
        "company": rows.company, "year": rows.year, "ei": ei, "ci": ci,
        "ei_idx": (ei / ei_base).where(ei_base > 0),
        "ci_idx": (ci / ci_base).where(ci_base > 0),
    })

    # ---- the last year, one row per company
    last = rows.year.max()
    now = rows[rows.year == last].set_index("company").reindex(t.index)
    prev = rows[rows.year == last - 1].set_index("company").reindex(t.index)
    out = {}
    for s in SERIES:
        out[s + "_vs_prev"] = change_pct(now[s], prev[s])
    not_base = pd.Series(t.base_year != last, index=t.index)
    for s in SERIES:
        out[s + "_vs_base"] = change_pct(now[s], base[s]).where(not_base)

    kind, ind = t.kind, t.indicator
    is_bau, is_rate = kind == "bau", kind == "annual_rate"
    rate = t.annual_rate_pct / 100.0
    x_base = indicator(base, ind).where(~is_bau)
    x_now = indicator(now, ind)

    # target level in the target year: BAU_target - R; annual-rate rule; base level x (1 - R/100)
    bau_col = np.where(ind == "co2", "bau_co2", "bau_energy")
    bau_target = pd.Series(np.nan, index=t.index)
    for ty in t.target_year.unique():  # BAU in the target year, when the series has that year
        at = rows[rows.year == ty].set_index("company").reindex(t.index)
        pick = pd.Series(np.where(bau_col == "bau_co2", at.bau_co2, at.bau_energy), index=t.index)
        bau_target = bau_target.where(t.target_year != ty, pick)
    lvl_rate = annual_rate_level(x_base, rate, t.base_year, t.target_year)
    lvl_base = x_base * (1.0 - t.reduction_pct / 100.0)
    share = ((t.target_year - t.base_year) / (t.target_year - t.base_year)).clip(upper=1.0)
    lvl_line = x_base + (lvl_base - x_base) * share
    x_target = pd.Series(np.select([is_bau, is_rate], [bau_target - t.bau_reduction, lvl_rate], lvl_line),
                         index=t.index)

    # 進捗率
    bau_now = pd.Series(np.where(bau_col == "bau_co2", now.bau_co2, now.bau_energy), index=t.index)
    r_bau = t.bau_reduction
    p_bau = ((bau_now - x_now) / r_bau * 100.0).where((r_bau > 0))
    p_rate = way_done_pct(x_base, lvl_rate, x_now)
    p_base = way_done_pct(x_base, x_target, x_now)
    progress = pd.Series(np.select([is_bau, is_rate], [p_bau, p_rate], p_base), index=t.index)

    # 想定比: an explicit expected level, else the annual-rate rule for this year
    lvl_now = annual_rate_level(x_base, rate, t.base_year, last)
    has_exp = (t.has_expected == 1) & ~is_bau
    expected = pd.Series(np.select([has_exp, is_rate],
                                   [way_done_pct(x_base, t.expected_level, x_now),
                                    way_done_pct(x_base, lvl_now, x_now)], np.nan), index=t.index)

    out.update({
        "base_level": x_base, "target_level": x_target, "x_now": x_now,
        "change_vs_base": change_pct(x_now, x_base), "progress": progress, "expected": expected,
        # ① >= 100, ② 0 < p < 100, ③ <= 0, ④ not computable
        "class": pd.Series(np.select([progress.isna(), progress >= 100, progress > 0], [4, 1, 2], 3),
                           index=t.index),
    })

    # ---- 要因分析: sequential and LMDI-I, base year -> last and previous year -> last
    dbase = rows_at(rows, pd.Series(np.where(is_bau, BAU_DECOMP_BASE, t.base_year), index=t.index))
    pcts = {}
    for name, y0, lmdi in [("seq_base", dbase, False), ("seq_prev", prev, False),
                           ("lmdi_base", dbase, True), ("lmdi_prev", prev, True)]:
        terms, pct = decompose(y0, now, lmdi)
        for term in TERMS:
            out[f"{name}_{term}"] = terms[term]
            pcts[f"{name}_{term}_pct"] = pct[term]
    out.update(pcts)
    per_company = pd.DataFrame(out)
    per_company.index.name = "company"
    return per_company, per_year


def main():
    args = [a for a in sys.argv[1:] if a != "--time-only"]
    if len(args) not in (1, 2):
        sys.exit("usage: bench_pandas.py OUTDIR [REPS] [--time-only]")
    outdir = args[0]
    reps = int(args[1]) if len(args) == 2 else 7
    time_only = "--time-only" in sys.argv
    rows = pd.read_csv(f"{outdir}/rows.csv", float_precision="round_trip")
    # the target kind and indicator are enums: categoricals, as C has them as enums
    targets = pd.read_csv(f"{outdir}/targets.csv", index_col="company", float_precision="round_trip",
                          dtype={"kind": "category", "indicator": "category"})

    with np.errstate(all="ignore"):  # NaN/inf in masked-out branches are discarded by where()
        t0 = time.perf_counter()
        compute(rows, targets)
        warm = time.perf_counter() - t0
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            per_company, per_year = compute(rows, targets)
            times.append(time.perf_counter() - t0)

    if not time_only:
        per_company.to_csv(f"{outdir}/py_company.csv", float_format="%.17g")
        per_year.to_csv(f"{outdir}/py_year.csv", float_format="%.17g", index=False)
    with open(f"{outdir}/py_timings.txt", "w") as f:
        f.write(f"versions python {sys.version.split()[0]} pandas {pd.__version__} numpy {np.__version__}\n")
        f.write(f"py_warmup_s {warm:.6f}\n")
        f.write("py_s " + " ".join(f"{x:.6f}" for x in times) + "\n")


if __name__ == "__main__":
    main()
