/*
 * Text and numbers as a workbook writes them (xlsx_priv.h): Excel's
 * _xHHHH_ escapes, string values checked and pooled, and decimals in XML
 * number syntax.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/xlsx_priv.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The UTF-16 unit of an escape "_xHHHH_" at s[0..n), or -1. */
static long escape_at(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isxdigit(c))
			return -1;
		v = v << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * As Excel reads them: "_x000D_" is CR, "_x005F_" an underscore (so
 * "_x005F_x000D_" stays the literal text "_x000D_"), a surrogate pair of
 * escapes one character. What cannot be a character (NUL, a lone
 * surrogate) is left as written. Every escape is 7 bytes and decodes to at
 * most 4 (a pair: 14 to 4), so the result fits in place.
 */
size_t xlsx_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	while (i < n) {
		long u = s[i] == '_' ? escape_at(s + i, n - i) : -1;
		if (u > 0 && (u < 0xD800 || u > 0xDFFF)) {
			o += put_utf8(s + o, (uint32_t)u);
			i += 7;
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			long lo = escape_at(s + i + 7, n - i - 7);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				o += put_utf8(s + o, (uint32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)));
				i += 14;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

const char *xr_text_value(struct xr *r, const struct cnap_xlsx_sheet *sheet, uint32_t row, uint32_t col)
{
	char *s = r->pk.text.data;
	size_t n = r->pk.text.len;
	if (!s)
		return ooxml_strndup(&r->pk, "", 0);
	if (memchr(s, '_', n))
		n = xlsx_unescape(s, n);
	s[n] = '\0';
	size_t bad;
	bool utf8 = cnap_utf8_valid(s, n, &bad);
	if (utf8 && (n <= r->lim.max_string_chars || cnap_utf8_count(s, n) <= r->lim.max_string_chars))
		return ooxml_strndup(&r->pk, s, n);
	/* only now is the place worth a snprintf */
	char where[200], ref[16];
	if (sheet) {
		cnap_xlsx_ref_format(row, col, ref, sizeof(ref));
		snprintf(where, sizeof(where), "%s!%s", sheet->name, ref);
	} else {
		snprintf(where, sizeof(where), "%s", r->pk.part);
	}
	if (!utf8)
		ooxml_fail(&r->pk, CNAP_EINVAL, where, "文字列にUTF-8として正しくないバイトがあります（%zuバイト目）", bad + 1);
	else
		ooxml_fail(&r->pk, CNAP_ETOOBIG, where, "文字列が長すぎます（%zu文字まで）", r->lim.max_string_chars);
	return NULL;
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

bool xlsx_parse_number(const char *s, size_t n, double *out)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	char buf[320];
	if (n == 0 || n >= sizeof(buf))
		return false;
	/* the syntax, and on the way the digits as an integer m and a power of ten */
	size_t i = 0, digits = 0, significant = 0;
	uint64_t m = 0;
	long exp10 = 0;
	bool neg = s[0] == '-';
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (int part = 0; part < 2; part++) {
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			if (m == 0 && s[i] == '0') {
				if (part == 1)
					exp10--;
				continue;
			}
			if (++significant <= 19)
				m = m * 10 + (uint64_t)(s[i] - '0');
			if (part == 1)
				exp10--;
		}
		if (part == 0 && i < n && s[i] == '.')
			i++;
		else
			break;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = i < n && s[i] == '-';
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t exp_digits = 0;
		long e = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, exp_digits++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
		if (exp_digits == 0)
			return false;
		exp10 += eneg ? -e : e;
	}
	if (i != n)
		return false;
	/*
	 * Up to 15 significant digits times an exact power of ten up to 1e22 is
	 * one correctly rounded operation on exact operands: the value strtod
	 * gives, without its cost. Anything else goes to strtod.
	 */
	if (significant <= 15 && exp10 >= -22 && exp10 <= 22) {
		double v = (double)m;
		v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
		*out = neg ? -v : v;
		return true;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	double v = strtod(buf, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}
