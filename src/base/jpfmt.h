/*
 * Japanese presentation conventions that are not domain rules: kanji
 * numerals, 令和 fiscal years, and numbers as Japanese tables print them
 * (四捨五入 in decimal, ▲ for negatives, grouping commas). Results are
 * written into caller buffers; nothing is allocated.
 */
#ifndef CNAP_JPFMT_H
#define CNAP_JPFMT_H

#include "base/compat.h"
#include "base/err.h"

/* 0..9999 as kanji numerals (二十三, 百五); false if out of range or out too small. */
bool cnap_jp_kanji_number(int n, char *out, size_t outsz);

/*
 * Fiscal year in the 令和 era: 2023 → "令和五年度" (kanji) or "令和5年度";
 * 2019 → "令和元年度". Years before 2019 use 平成 (平成三十年度).
 * false if the year is before 1989 or the buffer is too small.
 */
bool cnap_jp_era_fiscal_year(int year, bool kanji, char *out, size_t outsz);

/*
 * The date of an ISO 8601 time "YYYY-MM-DD…" in the era, in kanji:
 * 2023-11-20 → 令和五年十一月二十日 (平成 before 2019-05-01, 元 for year 1).
 * false for anything else or a buffer too small.
 */
bool cnap_jp_era_date(const char *iso, char *out, size_t outsz);

/*
 * Numbers for display.
 *
 * printf rounds the binary value, so 2.675 (stored as 2.67499999…) prints
 * as 2.67 and 0.25 as 0.2. People expect what they see in decimal: ties go
 * up, away from zero (四捨五入). These functions take the shortest decimal
 * that reads back as the same double (what a spreadsheet shows: 2.675) and
 * round that string half up. Consequence: a value that is only a tie because
 * of binary noise (0.30000000000000004) is rounded by its full shortest form.
 * Round only for display; compute and compare with unrounded values.
 * calc/round.h offers the same under the calculation engine's names.
 */
#define CNAP_JP_MAX_DECIMALS 15
/* Enough for any finite double at any allowed decimals, with ▲ and separators. */
#define CNAP_JP_NUMBER_BUFSZ 512

/*
 * x rounded half up (away from zero) to `decimals` places (0..15), written
 * as plain ASCII: "-2.68", "12.5", "100". A result that rounds to zero has
 * no sign ("0.0"). CNAP_EINVAL for NaN, infinity or bad decimals;
 * CNAP_ETOOBIG when out (outsz bytes, NUL included) is too small. On error
 * out is "" when outsz > 0.
 */
enum cnap_err cnap_jp_round_str(double x, int decimals, char *out, size_t outsz);

/* The same rounding as a double (the double nearest the rounded decimal). */
enum cnap_err cnap_jp_round(double x, int decimals, double *out);

enum cnap_jp_number_flags {
	CNAP_JP_NUM_ASCII_MINUS = 1 << 0,  /* "-7.73" instead of "▲7.73" */
	CNAP_JP_NUM_THOUSANDS = 1 << 1,    /* "1,234,567.9" */
	CNAP_JP_NUM_PERCENT = 1 << 2,      /* append "%"; x is already in percent */
	CNAP_JP_NUM_DASH_INVALID = 1 << 3, /* NaN/inf → "—", CNAP_OK */
};

/*
 * Format x for a table: rounded as cnap_jp_round_str, negatives with ▲
 * (U+25B2) unless CNAP_JP_NUM_ASCII_MINUS. NaN and infinity are never
 * printed: they give CNAP_EINVAL and "" or, with CNAP_JP_NUM_DASH_INVALID,
 * "—" (U+2014) and CNAP_OK. Output is UTF-8 in out; errors as above.
 */
enum cnap_err cnap_jp_format_number(double x, int decimals, unsigned flags,
				    char *out, size_t outsz);

#endif
