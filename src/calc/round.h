/*
 * Presentation rounding (四捨五入) and number formatting for tables.
 *
 * printf rounds the binary value, so 2.675 (stored as 2.67499999…) prints
 * as 2.67 and 0.25 as 0.2. People expect what they see in decimal: ties go
 * up, away from zero. These functions take the shortest decimal that reads
 * back as the same double (what a spreadsheet shows: 2.675) and round that
 * string half up. Consequence: a value that is only a tie because of
 * binary noise (0.30000000000000004) is rounded by its full shortest form.
 *
 * Round only for display; compute and classify with unrounded values.
 * All functions write into caller buffers and allocate nothing.
 */
#ifndef CNAP_CALC_ROUND_H
#define CNAP_CALC_ROUND_H

#include "base/err.h"
#include "calc/calc.h"

#define CNAP_CALC_MAX_DECIMALS 15
/* Enough for any finite double at any allowed decimals, with ▲ and separators. */
#define CNAP_CALC_NUMBER_BUFSZ 512

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
	CNAP_CALC_FMT_ASCII_MINUS = 1 << 0,  /* "-7.73" instead of "▲7.73" */
	CNAP_CALC_FMT_THOUSANDS = 1 << 1,    /* "1,234,567.9" */
	CNAP_CALC_FMT_PERCENT = 1 << 2,      /* append "%"; x is already in percent */
	CNAP_CALC_FMT_DASH_INVALID = 1 << 3, /* NaN/inf/not computable → "—", CNAP_OK */
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
