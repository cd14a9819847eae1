/*
 * Helpers shared by the calc .c files; not part of the API (static inline,
 * so nothing here is exported).
 */
#ifndef CNAP_CALC_INT_H
#define CNAP_CALC_INT_H

#include "calc/calc.h"

#include <math.h>

static inline struct cnap_calc_value calc_fail(enum cnap_calc_reason why)
{
	struct cnap_calc_value v = { false, 0.0, why, cnap_calc_reason_text(why) };
	return v;
}

/* The one exit for results: an overflowed result turns into a reason, never inf. */
static inline struct cnap_calc_value calc_ok(double value)
{
	if (!isfinite(value))
		return calc_fail(CNAP_CALC_OVERFLOW);
	struct cnap_calc_value v = { true, value, CNAP_CALC_OK, NULL };
	return v;
}

static inline bool calc_all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return false;
	return true;
}

/* CALC_FINITE(a, b, c): true when every argument is a finite double. */
#define CALC_FINITE(...)                                                  \
	calc_all_finite((const double[]){ __VA_ARGS__ },                  \
			sizeof((const double[]){ __VA_ARGS__ }) / sizeof(double))

/*
 * num / den × 100 with den == 0 reported as `zero_why`. Dividing first
 * keeps the result exactly 100 when num == den.
 */
static inline struct cnap_calc_value calc_pct(double num, double den,
					      enum cnap_calc_reason zero_why)
{
	if (den == 0.0)
		return calc_fail(zero_why);
	return calc_ok(num / den * 100.0);
}

#endif
