/*
 * Presentation rounding (四捨五入) and number formatting for tables, under
 * the calculation engine's names. The rounding itself lives in base/jpfmt.h
 * (cnap_jp_round_str, cnap_jp_format_number), which says why not printf and
 * how ties are found; these are the same functions, and the flags and limits
 * are the same values.
 *
 * Round only for display; compute and classify with unrounded values.
 * All functions write into caller buffers and allocate nothing.
 */
#ifndef CNAP_CALC_ROUND_H
#define CNAP_CALC_ROUND_H

#include "base/err.h"
#include "base/jpfmt.h"
#include "calc/calc.h"

#define CNAP_CALC_MAX_DECIMALS CNAP_JP_MAX_DECIMALS
/* Enough for any finite double at any allowed decimals, with ▲ and separators. */
#define CNAP_CALC_NUMBER_BUFSZ CNAP_JP_NUMBER_BUFSZ

/*
 * x rounded half up (away from zero) to `decimals` places (0..15), written
 * as plain ASCII: "-2.68", "12.5", "100". A result that rounds to zero has
 * no sign ("0.0"). CNAP_EINVAL for NaN, infinity or bad decimals;
 * CNAP_ETOOBIG when out (outsz bytes, NUL included) is too small. On error
 * out is "" when outsz > 0.
 */
enum cnap_err cnap_calc_round_str(double x, int decimals, char *out, size_t outsz);

/* The same rounding as a double (the double nearest the rounded decimal). */
enum cnap_err cnap_calc_round(double x, int decimals, double *out);

enum cnap_calc_format_flags {
	CNAP_CALC_FMT_ASCII_MINUS = CNAP_JP_NUM_ASCII_MINUS,   /* "-7.73" instead of "▲7.73" */
	CNAP_CALC_FMT_THOUSANDS = CNAP_JP_NUM_THOUSANDS,       /* "1,234,567.9" */
	CNAP_CALC_FMT_PERCENT = CNAP_JP_NUM_PERCENT,           /* append "%"; x is already in percent */
	CNAP_CALC_FMT_DASH_INVALID = CNAP_JP_NUM_DASH_INVALID, /* NaN/inf/not computable → "—", CNAP_OK */
};

/*
 * Format x for a table: rounded as cnap_calc_round_str, negatives with ▲
 * (U+25B2) unless CNAP_CALC_FMT_ASCII_MINUS. NaN and infinity are never
 * printed: they give CNAP_EINVAL and "" or, with CNAP_CALC_FMT_DASH_INVALID,
 * "—" (U+2014) and CNAP_OK. Output is UTF-8 in out; errors as above.
 */
enum cnap_err cnap_calc_format(double x, int decimals, unsigned flags,
			       char *out, size_t outsz);

/* cnap_calc_format of a calc result; a not-computable one is treated like NaN. */
enum cnap_err cnap_calc_format_value(struct cnap_calc_value v, int decimals, unsigned flags,
				     char *out, size_t outsz);

#endif
