/*
 * 要因分析: split the change of CO2 between a comparison year 0 and year t
 * into factors (domain.md §4.7).
 *
 *   activity    A  生産活動量の変化        (Keidanren: 経済活動量の変化)
 *   intensity   B  事業者省エネ努力分      (経済活動量あたりのエネルギー使用量の変化)
 *   fuel_mix    F  燃料転換の変化          } together Keidanren's
 *   electricity D  購入電力の変化          } CO2排出係数の変化
 *
 * A + B + F + D = C_t − C_0 for every method, up to float rounding (the
 * tests hold it to 1e-9 of the largest of |C_0|, |C_t| and the terms).
 * Methods split A, B and F differently, so print method_name next to any
 * table built from the result. D, the effect of the purchased-electricity
 * factor, is EL_t × (f_t − f_0) in both. Keidanren's 3-factor set is
 * A / B / F + D; its "業界努力分" is B + F.
 */
#ifndef CNAP_CALC_DECOMPOSE_H
#define CNAP_CALC_DECOMPOSE_H

#include "calc/calc.h"

/*
 * One year's data. All values >= 0. Units: any, as long as both years use
 * the same ones and electricity × elec_factor is in the unit of fuel_co2
 * (e.g. kWh and t-CO2/kWh with t-CO2).
 */
struct cnap_decomp_year {
	double activity;    /* P: 生産活動量 */
	double energy;      /* E: total energy incl. electricity at a FIXED primary factor */
	double fuel_co2;    /* CO2 from everything except purchased electricity */
	double electricity; /* EL: purchased electricity */
	double elec_factor; /* f: CO2 per unit of EL */
};

enum cnap_decomp_method {
	/* Residual-free sequential formulas of domain.md §4.7; needs P_0, E_0 > 0. */
	CNAP_DECOMP_SEQUENTIAL,
	/* Additive LMDI-I on C* = P·(E/P)·(C* / E), plus D; zero values by the limit rule. */
	CNAP_DECOMP_LMDI1,
	CNAP_DECOMP_METHOD_COUNT
};

struct cnap_decomp {
	enum cnap_decomp_method method;
	const char *method_name; /* static: "sequential" or "LMDI-I" */
	bool computable;
	enum cnap_calc_reason why;
	const char *reason;      /* static text when !computable, else NULL */
	double co2_base;         /* C_0 = fuel_co2 + EL·f, year 0 */
	double co2_now;          /* C_t */
	double total;            /* C_t − C_0 */
	double activity;         /* A */
	double intensity;        /* B */
	double fuel_mix;         /* F */
	double electricity;      /* D */
	bool zero_rule;          /* LMDI: a zero value was handled by the limit rule */
};

/*
 * Decompose. Returns by value; nothing to free. When not computable every
 * number is 0 and why/reason say why. base and now are read, not kept;
 * NULL is a caller bug (CNAP_BUG).
 */
struct cnap_decomp cnap_calc_decompose(enum cnap_decomp_method method,
				       const struct cnap_decomp_year *base,
				       const struct cnap_decomp_year *now);

/* A factor as % of C_0, the "対基準年度比" presentation. */
struct cnap_calc_value cnap_calc_decomp_pct(const struct cnap_decomp *d, double term);

/* The method a cycle names ("sequential", "lmdi"); NULL or anything else is sequential. */
enum cnap_decomp_method cnap_calc_decomp_method_from_name(const char *name);

/* "sequential", "LMDI-I" (for output) and Japanese labels; static. */
const char *cnap_calc_decomp_method_name(enum cnap_decomp_method m);
const char *cnap_calc_decomp_method_label_ja(enum cnap_decomp_method m);

/*
 * Logarithmic mean L(a, b) = (a − b) / (ln a − ln b) for a, b >= 0, with
 * the LMDI conventions L(a, a) = a and L(a, 0) = L(0, b) = 0 (the limit).
 * Negative or non-finite input is not computable.
 */
struct cnap_calc_value cnap_calc_logmean(double a, double b);

#endif
