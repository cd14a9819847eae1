/* 要因分析: the sequential formulas of domain.md §4.7 and additive LMDI-I. */
#include "base/compat.h"
#include "calc/calc_int.h"
#include "calc/decompose.h"

#include <string.h>

const char *cnap_calc_decomp_method_name(enum cnap_decomp_method m)
{
	switch (m) {
	case CNAP_DECOMP_SEQUENTIAL: return "sequential";
	case CNAP_DECOMP_LMDI1: return "LMDI-I";
	case CNAP_DECOMP_METHOD_COUNT: break;
	}
	return "unknown";
}

const char *cnap_calc_decomp_method_label_ja(enum cnap_decomp_method m)
{
	switch (m) {
	case CNAP_DECOMP_SEQUENTIAL: return "逐次要因分解";
	case CNAP_DECOMP_LMDI1: return "LMDI-I法 (対数平均ディビジア指数)";
	case CNAP_DECOMP_METHOD_COUNT: break;
	}
	return "不明";
}

/*
 * ln(a / b) for a, b > 0. log1p keeps precision when a ≈ b (the usual case
 * year on year); the difference of logs cannot overflow when a ≫ b.
 */
static double ln_ratio(double a, double b)
{
	double d = a - b;
	if (fabs(d) < 0.5 * b)
		return log1p(d / b);
	return log(a) - log(b);
}

struct cnap_calc_value cnap_calc_logmean(double a, double b)
{
	if (!CALC_FINITE(a, b))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (a < 0.0 || b < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (a == b)
		return calc_ok(a);
	if (a == 0.0 || b == 0.0)
		return calc_ok(0.0); /* lim L(a, δ) as δ → 0 */
	return calc_ok((a - b) / ln_ratio(a, b));
}

static struct cnap_decomp decomp_fail(struct cnap_decomp d, enum cnap_calc_reason why)
{
	struct cnap_decomp out = { 0 };
	out.method = d.method;
	out.method_name = d.method_name;
	out.computable = false;
	out.why = why;
	out.reason = cnap_calc_reason_text(why);
	return out;
}

static bool year_finite(const struct cnap_decomp_year *y)
{
	return CALC_FINITE(y->activity, y->energy, y->fuel_co2, y->electricity, y->elec_factor);
}

static bool year_negative(const struct cnap_decomp_year *y)
{
	return y->activity < 0.0 || y->energy < 0.0 || y->fuel_co2 < 0.0 ||
	       y->electricity < 0.0 || y->elec_factor < 0.0;
}

/*
 * Sequential, in forms algebraically equal to domain.md §4.7 that never
 * divide by P_t or E_t (so a year-t shutdown still decomposes):
 *   A = (P_t − P_0)·C_0/P_0
 *   B = P_t·(E_t/P_t − E_0/P_0)·C_0/E_0 = (E_t − E_0·P_t/P_0)·C_0/E_0
 *   F = E_t·(C*_t/E_t − C_0/E_0)        = C*_t − E_t·C_0/E_0
 */
static struct cnap_decomp sequential(struct cnap_decomp d, const struct cnap_decomp_year *y0,
				     const struct cnap_decomp_year *yt, double c_star)
{
	if (y0->activity == 0.0 || y0->energy == 0.0)
		return decomp_fail(d, CNAP_CALC_ZERO_BASE);
	double co2_per_p = d.co2_base / y0->activity;
	double co2_per_e = d.co2_base / y0->energy;
	d.activity = (yt->activity - y0->activity) * co2_per_p;
	d.intensity = (yt->energy - y0->energy * (yt->activity / y0->activity)) * co2_per_e;
	d.fuel_mix = c_star - yt->energy * co2_per_e;
	return d;
}

/* LMDI needs zeros to run downstream only: P = 0 ⇒ E = 0 ⇒ C* = 0. */
static bool zeros_chain(double p, double e, double c)
{
	return (p != 0.0 || e == 0.0) && (e != 0.0 || c == 0.0);
}

/*
 * Additive LMDI-I on C* = P·(E/P)·(C* / E) between C_0 and C*_t:
 *   A = L·ln(P_t/P_0),  B = L·ln(I_t/I_0),  F = L·ln(K_t/K_0),  L = L(C*_t, C_0)
 * which sums to L·ln(C*_t/C_0) = C*_t − C_0. Zero values follow the limit
 * of replacing each 0 by δ → 0 (Ang & Liu 2007): when C* is 0 in exactly
 * one year, the first zero in P → E → C* of that year carries the whole
 * change and the other terms are 0; when C* is 0 in both years all are 0.
 */
static struct cnap_decomp lmdi1(struct cnap_decomp d, const struct cnap_decomp_year *y0,
				const struct cnap_decomp_year *yt, double c_star)
{
	double c0 = d.co2_base;
	if (!zeros_chain(y0->activity, y0->energy, c0) ||
	    !zeros_chain(yt->activity, yt->energy, c_star))
		return decomp_fail(d, CNAP_CALC_LMDI_ZERO);
	double change = c_star - c0;
	if (c0 > 0.0 && c_star > 0.0) {
		/* the chain rule above makes every P and E positive here */
		double lp = ln_ratio(yt->activity, y0->activity);
		double le = ln_ratio(yt->energy, y0->energy);
		double lc = ln_ratio(c_star, c0);
		/* L from the same lc, so L·lc reproduces the change */
		double w = lc != 0.0 ? change / lc : c0;
		d.activity = w * lp;
		d.intensity = w * (le - lp);
		d.fuel_mix = w * (lc - le);
		return d;
	}
	d.zero_rule = true;
	if (c0 == 0.0 && c_star == 0.0)
		return d;
	const struct cnap_decomp_year *zero_year = c0 == 0.0 ? y0 : yt;
	if (zero_year->activity == 0.0)
		d.activity = change;
	else if (zero_year->energy == 0.0)
		d.intensity = change;
	else
		d.fuel_mix = change;
	return d;
}

struct cnap_decomp cnap_calc_decompose(enum cnap_decomp_method method,
				       const struct cnap_decomp_year *base,
				       const struct cnap_decomp_year *now)
{
	struct cnap_decomp d = { 0 };
	d.method = method;
	d.method_name = cnap_calc_decomp_method_name(method);
	if (!base || !now)
		CNAP_BUG("cnap_calc_decompose: NULL year");
	if ((unsigned)method >= CNAP_DECOMP_METHOD_COUNT)
		return decomp_fail(d, CNAP_CALC_BAD_METHOD);
	if (!year_finite(base) || !year_finite(now))
		return decomp_fail(d, CNAP_CALC_NOT_FINITE);
	if (year_negative(base) || year_negative(now))
		return decomp_fail(d, CNAP_CALC_NEGATIVE);

	d.co2_base = base->fuel_co2 + base->electricity * base->elec_factor;
	d.co2_now = now->fuel_co2 + now->electricity * now->elec_factor;
	/* this year's CO2 at the comparison year's electricity factor */
	double c_star = now->fuel_co2 + now->electricity * base->elec_factor;
	d.total = d.co2_now - d.co2_base;
	d.electricity = now->electricity * (now->elec_factor - base->elec_factor);
	d.computable = true;

	if (method == CNAP_DECOMP_SEQUENTIAL)
		d = sequential(d, base, now, c_star);
	else
		d = lmdi1(d, base, now, c_star);
	if (d.computable && !CALC_FINITE(d.co2_base, d.co2_now, c_star, d.total, d.activity,
					 d.intensity, d.fuel_mix, d.electricity))
		return decomp_fail(d, CNAP_CALC_OVERFLOW);
	return d;
}

struct cnap_calc_value cnap_calc_decomp_pct(const struct cnap_decomp *d, double term)
{
	if (!d)
		CNAP_BUG("cnap_calc_decomp_pct: NULL result");
	if (!d->computable)
		return calc_fail(d->why);
	if (!CALC_FINITE(term))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	return calc_pct(term, d->co2_base, CNAP_CALC_ZERO_BASE);
}

enum cnap_decomp_method cnap_calc_decomp_method_from_name(const char *name)
{
	return name && strcmp(name, "lmdi") == 0 ? CNAP_DECOMP_LMDI1 : CNAP_DECOMP_SEQUENTIAL;
}
