/*
 * Numbers as Japanese office workers type them: survey data cells, web
 * forms, CSV and the text cells of xlsx files. "１，２３４．５", "▲12.3",
 * "△ 0.5", "1.5E-3" (Excel's CSV writes these) all read; anything else is
 * refused with one Japanese sentence a person can act on.
 *
 * Pure functions: nothing is allocated, results go into caller memory, and
 * the locale plays no part (no strtod of the typed text, no printf of the
 * value).
 */
#ifndef CNAP_JPNUM_H
#define CNAP_JPNUM_H

#include "base/compat.h"
#include "base/err.h"

/* Digits after the decimal point that cnap_jpnum_parse() accepts (as typed, exponent applied). */
#define CNAP_JPNUM_MAX_DECIMALS 30
/* The largest magnitude accepted: 1,000兆. */
#define CNAP_JPNUM_MAX_ABS 1e15

struct cnap_jpnum {
	bool empty;      /* blank or only spaces: not a number, not an error */
	double value;
	int decimals;    /* digits after the decimal point as typed ("1,234.50" -> 2) */
	char canonical[64]; /* the value as plain ASCII decimal, no grouping, '-' for negatives, exactly the digits typed
	                       (trailing zeros after the point dropped, "-0" -> "0"): "1234.5", "-12.3", "0.0258" */
};

/*
 * Reads s[0..len) (need not be NUL-terminated; s may be NULL when len is 0).
 *
 * Accepts:
 * - digits: ASCII and full-width (０-９); the point '.' or '．';
 * - grouping commas ',' and '，', only between digits of the integer part,
 *   one to three digits first (not starting with 0), then groups of three:
 *   "1,234,567"; "1,23", "12,34,567", "0,5" and "1,234.5,6" are errors;
 * - one leading sign: '-', '−' (U+2212), '－' (U+FF0D), '▲', '△' (negative,
 *   as in Japanese tables), '+', '＋'; spaces may stand between the sign and
 *   the digits ("▲ 1,234", as Excel's "▲ #,##0" format writes it);
 * - ".5" and "5." ; an exponent "1.5E-3", "1e6", "2E+03" (ASCII e or E, an
 *   optional ASCII or full-width sign, then digits);
 * - surrounding ASCII spaces, tabs, U+3000 and U+00A0.
 * Blank input (empty or only those spaces) is CNAP_OK with out->empty set,
 * value 0, decimals 0 and canonical "".
 *
 * decimals is the number of places the typed digits give, the exponent
 * applied: "1,234.50" → 2, "1.5E-3" → 4, "1.50e1" → 1, "5." → 0.
 * value is the double nearest canonical, so canonical reads back as the same
 * value; zero is +0.0.
 *
 * Everything else is CNAP_EINVAL with err->where left empty (the caller
 * knows the cell) and one Japanese message per kind of mistake:
 *   invalid UTF-8                  「文字コードが正しくありません（UTF-8 として読めません）」
 *   '%' or '％' anywhere           「「%」は付けずに数値だけを入力してください」
 *   a dash that is not a minus     「「ー」はマイナス記号として使えません（- または ▲ を使ってください）」
 *   '、' '。'                      「「。」は小数点・桁区切りとして使えません（. と , を使ってください）」
 *   any other character            「数値に使えない文字「x」が含まれています」 (invisible ones as U+XXXX)
 *   a space inside the number      「数値の途中に空白があります」
 *   two signs                      「符号が二つあります」
 *   a sign after the first digit   「符号（- や ▲）は数値の先頭に付けてください」
 *   two decimal points             「小数点が二つあります」
 *   misplaced grouping commas      「桁区切りのカンマの位置が正しくありません」
 *   no digits, a bad exponent      「数値として読めません（例: 1,234.5 ／ ▲12.3）」
 *   more than 1e15 in magnitude    「数値が大きすぎます（絶対値 1,000兆 まで）」
 *   over 30 decimals               「小数点以下の桁数が多すぎます（30桁まで）」
 * A character that has no place in a number is reported first (the first
 * such in the text); otherwise the first mistake from the left.
 * On error *out is zeroed (empty false, canonical "").
 */
enum cnap_err cnap_jpnum_parse(const char *s, size_t len, struct cnap_jpnum *out, struct cnap_error *err);

/*
 * Formats v for display into buf (size bytes, NUL included) and returns buf:
 * grouping commas, `decimals` places (clamped to 0..15) rounded half up in
 * decimal (四捨五入: 2.25 → "2.3"), negatives with '▲' ("▲1,234.6"), a
 * value that rounds to zero without a sign. NaN and infinity give "—". This
 * is cnap_jp_format_number() of base/jpfmt.h with grouping; when buf is too
 * small it is "" (size > 0).
 */
const char *cnap_jpnum_format(double v, int decimals, char *buf, size_t size);

#endif
