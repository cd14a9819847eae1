#!/usr/bin/python3
"""gen_cycle.py N_ASSOCIATIONS YEARS TEMPLATES.json OUT.json: a synthetic cycle for the workbook benchmark.

Every association reports YEARS fiscal years of actuals (series and fuels), and its records
tables are as long as YEARS years of reporting make them (8 measures, one BAT, one credit,
one certificate, one office and one logistics row per year): the workbook then holds the
cells of YEARS years even though its year tables show only the form's year columns.
Deterministic (seeded), so every run imports the same bytes.
"""
import json, random, sys

n, years, templates, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(20261201)
actual = 2022
first = actual - years + 1
fuels = ["city_gas", "electricity", "fuel_oil_a", "kerosene", "lpg", "steam_coal"]

def data(i):
    series, fuel_rows = [], []
    for y in range(first, actual + 1):
        act = round(1000 + 50 * i + 10 * (y - first) + rng.random() * 5, 1)
        elec = round(10 + i * 0.5 + rng.random(), 2)
        series.append({"year": y, "activity": act, "energy": round(40 + i + rng.random() * 3, 1),
                       "electricity": elec, "co2": round(90 + i * 2 + rng.random() * 5, 1),
                       "elec_factor": round(0.45 + rng.random() * 0.05, 3)})
        for f in fuels:
            q = round(rng.random() * 100000, 1) if f != "electricity" else round(elec * 1e5)
            fuel_rows.append({"year": y, "fuel": f, "quantity": q})
    series.append({"year": actual + 1, "forecast": True, "activity": 1500.0})
    series.append({"year": 2030, "forecast": True, "activity": 1600.0})
    fuel_rows.sort(key=lambda r: (r["year"], r["fuel"]))
    return {
        "activity": {"name": "生産量", "unit": "千t"},
        "electricity_factor": {"type": "adjusted", "note": "調整後排出係数"},
        "target": {"indicator": "co2", "kind": "base_year", "base_year": first, "target_year": 2030,
                   "reduction_pct": 30.0, "text": f"{first}年度比30％削減"},
        "series": series, "fuels": fuel_rows,
        "measures": [{"year": y, "name": f"対策{k}（{y}年度）", "investment_million_yen": rng.randint(1, 900),
                      "energy_saving_kl": rng.randint(0, 5000), "co2_reduction_t": rng.randint(0, 9000),
                      "service_life_years": 15, "planned": False}
                     for y in range(first, actual + 1) for k in range(8)],
        "bat": [{"name": f"BAT技術{y}", "adoption_pct": round(rng.random() * 100, 1),
                 "target_2030_pct": 100.0, "issues": "更新時期に合わせて導入"} for y in range(first, actual + 1)],
        "credits": [{"year": y, "type": "J-クレジット", "project": f"省エネ設備更新{y}", "volume_t": rng.randint(10, 999)}
                    for y in range(first, actual + 1)],
        "certificates": [{"year": y, "kwh": rng.randint(10**6, 10**8), "co2_t": rng.randint(100, 9999)}
                         for y in range(first, actual + 1)],
        "coverage": [{"metric": "企業数", "unit": "社", "industry": 500, "association": 120, "participants": 100,
                      "source": "経済構造実態調査"}],
        "office": [{"year": y, "floor_area_man_m2": round(10 + rng.random(), 2), "co2_man_t": round(rng.random(), 3),
                    "energy_man_kl": round(rng.random(), 3)} for y in range(first, actual + 1)],
        "logistics": {"unit": "百万トンキロ", "rows": [{"year": y, "volume": round(100 + rng.random() * 10, 1),
                                                     "co2_man_t": round(rng.random(), 3),
                                                     "energy_man_kl": round(rng.random(), 3)}
                                                    for y in range(first, actual + 1)]},
    }

tmpl = json.load(open(templates))
doc = {
    "format": "cnap-cycle", "format_version": 1,
    "cycle": {"year": 2023, "actual_fiscal_year": actual, "name": "ベンチマーク用サイクル"},
    "templates": tmpl["templates"][:1],
    "wgs": [{"code": "bench", "name": "ベンチマークWG"}],
    "associations": [{"code": f"a{i:02d}", "name": f"ベンチマーク工業会{i:02d}"} for i in range(n)],
    "participations": [{"wg": "bench", "association": f"a{i:02d}", "template": "standard",
                        "submissions": [{"version": 1, "submitted_on": "2023-09-01", "data": data(i)}]}
                       for i in range(n)],
}
json.dump(doc, open(out, "w"), ensure_ascii=False)
