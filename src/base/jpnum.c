/*
 * Numbers as typed in Japanese offices (jpnum.h). Two passes over the
 * trimmed text: the first names a character that has no place in a number,
 * the second checks the order of sign, digits, commas, point and exponent
 * and keeps the significant digits. The value is built from those digits
 * as a decimal string, so canonical and value always agree.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "base/jpnum.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_SYNTAX "数値として読めません（例: 1,234.5 ／ ▲12.3）"
#define MSG_GROUPING "桁区切りのカンマの位置が正しくありません"

enum kind {
	K_OTHER,
	K_DIGIT,
	K_POINT,
	K_COMMA,
	K_MINUS,    /* - − － */
	K_TRIANGLE, /* ▲ △: a minus only before the number, never in an exponent */
	K_PLUS,
	K_EXP,
	K_SPACE,
	K_PERCENT,
	K_DASH,     /* looks like a minus but is not one: ー ｰ ‐ – — ― */
	K_JP_PUNCT, /* 、 。 */
};

static enum kind classify(uint32_t cp, int *digit)
{
	if (cp >= '0' && cp <= '9') {
		*digit = (int)(cp - '0');
		return K_DIGIT;
	}
	if (cp >= 0xFF10 && cp <= 0xFF19) {
		*digit = (int)(cp - 0xFF10);
		return K_DIGIT;
	}
	switch (cp) {
	case '.': case 0xFF0E: return K_POINT;
	case ',': case 0xFF0C: return K_COMMA;
	case '-': case 0x2212: case 0xFF0D: return K_MINUS;
	case 0x25B2: case 0x25B3: return K_TRIANGLE;
	case '+': case 0xFF0B: return K_PLUS;
	case 'e': case 'E': return K_EXP;
	case ' ': case '\t': case 0x3000: case 0x00A0: return K_SPACE;
	case '%': case 0xFF05: return K_PERCENT;
	case 0x30FC: case 0xFF70: case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
		return K_DASH;
	case 0x3001: case 0x3002: case 0xFF61: case 0xFF64: return K_JP_PUNCT;
	default: return K_OTHER;
	}
}

/* Characters a message cannot show as themselves: controls, invisible format marks, odd spaces. */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x00AD || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
	       (cp >= 0x205F && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) ||
	       (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
}

static enum cnap_err bad_char(struct cnap_error *err, enum kind k, uint32_t cp, const char *at, size_t n)
{
	char shown[16];
	if (invisible(cp))
		snprintf(shown, sizeof(shown), "U+%04X", (unsigned)cp);
	else
		snprintf(shown, sizeof(shown), "%.*s", (int)n, at);
	switch (k) {
	case K_PERCENT:
		return cnap_fail(err, CNAP_EINVAL, "", "「%s」は付けずに数値だけを入力してください", shown);
	case K_DASH:
		return cnap_fail(err, CNAP_EINVAL, "",
				 "「%s」はマイナス記号として使えません（- または ▲ を使ってください）", shown);
	case K_JP_PUNCT:
		return cnap_fail(err, CNAP_EINVAL, "",
				 "「%s」は小数点・桁区切りとして使えません（. と , を使ってください）", shown);
	default:
		return cnap_fail(err, CNAP_EINVAL, "", "数値に使えない文字「%s」が含まれています", shown);
	}
}

static bool is_space_cp(uint32_t cp)
{
	int d;
	return classify(cp, &d) == K_SPACE;
}

/* Counters saturate here: past it the number is refused anyway, and nothing overflows. */
#define SAT 1000000L
#define MAX_SIG 64

static void sat_inc(long *x)
{
	if (*x < SAT)
		(*x)++;
}

enum phase { P_SIGN, P_INT, P_FRAC, P_EXP_START, P_EXP_SIGNED, P_EXP_DIGITS };

struct scan {
	enum phase phase;
	bool sign_seen, neg;
	bool lead;            /* no non-zero mantissa digit yet */
	long int_sig;         /* integer digits from the first non-zero one */
	long frac_typed;      /* digits after the point as typed */
	long frac_lead_zeros; /* zeros after the point before the first non-zero digit (int part zero) */
	long mantissa_digits;
	char sig[MAX_SIG];    /* significant digits from the first non-zero one */
	long nsig;            /* of them, up to the last non-zero one */
	long stored;          /* significant digits seen, zeros included */
	bool sig_overflow;    /* a non-zero digit past MAX_SIG */
	long exp;
	bool exp_neg;
	/* grouping */
	long commas, group_len;
	bool first_group_zero;
};

static void add_mantissa_digit(struct scan *sc, int d)
{
	sat_inc(&sc->mantissa_digits);
	if (sc->phase == P_FRAC)
		sat_inc(&sc->frac_typed);
	if (sc->lead && d == 0) {
		if (sc->phase == P_FRAC)
			sat_inc(&sc->frac_lead_zeros);
		return;
	}
	sc->lead = false;
	if (sc->phase == P_INT)
		sat_inc(&sc->int_sig);
	if (sc->stored < MAX_SIG)
		sc->sig[sc->stored] = (char)('0' + d);
	else if (d != 0)
		sc->sig_overflow = true;
	sat_inc(&sc->stored);
	if (d != 0 && sc->stored <= MAX_SIG)
		sc->nsig = sc->stored;
}

/* End of the integer part: the last group after a comma must have three digits. */
static bool groups_ok(const struct scan *sc)
{
	return sc->commas == 0 || sc->group_len == 3;
}

static enum cnap_err step(struct scan *sc, enum kind k, int d, struct cnap_error *err)
{
	switch (k) {
	case K_SPACE:
		/* only between a leading sign and the digits: "▲ 12" */
		if (sc->phase == P_SIGN && sc->sign_seen)
			return CNAP_OK;
		return cnap_fail(err, CNAP_EINVAL, "", "数値の途中に空白があります");
	case K_MINUS:
	case K_PLUS:
	case K_TRIANGLE:
		if (sc->phase == P_EXP_START && k != K_TRIANGLE) {
			sc->exp_neg = k == K_MINUS;
			sc->phase = P_EXP_SIGNED;
			return CNAP_OK;
		}
		if (sc->phase == P_SIGN) {
			if (sc->sign_seen)
				return cnap_fail(err, CNAP_EINVAL, "", "符号が二つあります");
			sc->sign_seen = true;
			sc->neg = k != K_PLUS;
			return CNAP_OK;
		}
		if (sc->phase == P_EXP_START || sc->phase == P_EXP_SIGNED)
			return cnap_fail(err, CNAP_EINVAL, "", MSG_SYNTAX);
		if (sc->sign_seen)
			return cnap_fail(err, CNAP_EINVAL, "", "符号が二つあります");
		return cnap_fail(err, CNAP_EINVAL, "", "符号（- や ▲）は数値の先頭に付けてください");
	case K_DIGIT:
		if (sc->phase == P_SIGN)
			sc->phase = P_INT;
		if (sc->phase == P_INT) {
			if (sc->commas == 0 && sc->group_len == 0 && d == 0)
				sc->first_group_zero = true;
			sat_inc(&sc->group_len);
			if (sc->commas > 0 && sc->group_len > 3)
				return cnap_fail(err, CNAP_EINVAL, "", MSG_GROUPING);
		}
		if (sc->phase == P_INT || sc->phase == P_FRAC) {
			add_mantissa_digit(sc, d);
			return CNAP_OK;
		}
		sc->phase = P_EXP_DIGITS;
		sc->exp = sc->exp < SAT ? sc->exp * 10 + d : SAT;
		return CNAP_OK;
	case K_COMMA:
		if (sc->phase != P_INT || sc->group_len == 0 ||
		    (sc->commas == 0 ? sc->group_len > 3 || sc->first_group_zero : sc->group_len != 3))
			return cnap_fail(err, CNAP_EINVAL, "", MSG_GROUPING);
		sat_inc(&sc->commas);
		sc->group_len = 0;
		return CNAP_OK;
	case K_POINT:
		if (sc->phase == P_FRAC)
			return cnap_fail(err, CNAP_EINVAL, "", "小数点が二つあります");
		if (sc->phase != P_SIGN && sc->phase != P_INT)
			return cnap_fail(err, CNAP_EINVAL, "", MSG_SYNTAX);
		if (!groups_ok(sc))
			return cnap_fail(err, CNAP_EINVAL, "", MSG_GROUPING);
		sc->phase = P_FRAC;
		return CNAP_OK;
	case K_EXP:
		if ((sc->phase != P_INT && sc->phase != P_FRAC) || sc->mantissa_digits == 0)
			return cnap_fail(err, CNAP_EINVAL, "", MSG_SYNTAX);
		if (sc->phase == P_INT && !groups_ok(sc))
			return cnap_fail(err, CNAP_EINVAL, "", MSG_GROUPING);
		sc->phase = P_EXP_START;
		return CNAP_OK;
	default:
		CNAP_BUG("jpnum: unclassified character reached the second pass");
	}
}

/* The number from the scanned digits: out's value, decimals and canonical. */
static enum cnap_err build(const struct scan *sc, struct cnap_jpnum *out, struct cnap_error *err)
{
	long exp = sc->exp_neg ? -sc->exp : sc->exp;
	long decimals = sc->frac_typed - exp;
	if (decimals < 0)
		decimals = 0;
	if (sc->nsig == 0 && !sc->sig_overflow) { /* zero, however typed */
		if (decimals > CNAP_JPNUM_MAX_DECIMALS)
			return cnap_fail(err, CNAP_EINVAL, "", "小数点以下の桁数が多すぎます（%d桁まで）",
					 CNAP_JPNUM_MAX_DECIMALS);
		out->value = 0.0;
		out->decimals = (int)decimals;
		snprintf(out->canonical, sizeof(out->canonical), "0");
		return CNAP_OK;
	}
	/* value = 0.sig × 10^q */
	long q = (sc->int_sig > 0 ? sc->int_sig : -sc->frac_lead_zeros) + exp;
	int n = (int)sc->nsig;
	if (q > 16 || (q == 16 && (n > 1 || sc->sig[0] != '1')))
		return cnap_fail(err, CNAP_EINVAL, "", "数値が大きすぎます（絶対値 1,000兆 まで）");
	if (decimals > CNAP_JPNUM_MAX_DECIMALS || sc->sig_overflow)
		return cnap_fail(err, CNAP_EINVAL, "", "小数点以下の桁数が多すぎます（%d桁まで）",
				 CNAP_JPNUM_MAX_DECIMALS);
	/* At most 16 integer digits and 30 decimals: the canonical form fits in 64 bytes. */
	char *c = out->canonical;
	size_t len = 0;
	if (sc->neg)
		c[len++] = '-';
	if (q <= 0) {
		c[len++] = '0';
		c[len++] = '.';
		for (long i = 0; i < -q; i++)
			c[len++] = '0';
		memcpy(c + len, sc->sig, (size_t)n);
		len += (size_t)n;
	} else if (q >= n) {
		memcpy(c + len, sc->sig, (size_t)n);
		len += (size_t)n;
		for (long i = n; i < q; i++)
			c[len++] = '0';
	} else {
		memcpy(c + len, sc->sig, (size_t)q);
		len += (size_t)q;
		c[len++] = '.';
		memcpy(c + len, sc->sig + q, (size_t)(n - q));
		len += (size_t)(n - q);
	}
	c[len] = '\0';
	/* "<digits>e<exp>" reads the same in every locale */
	char num[MAX_SIG + 16];
	snprintf(num, sizeof(num), "%.*se%ld", n, sc->sig, q - n);
	double v = strtod(num, NULL);
	out->value = sc->neg ? -v : v;
	out->decimals = (int)decimals;
	return CNAP_OK;
}

enum cnap_err cnap_jpnum_parse(const char *s, size_t len, struct cnap_jpnum *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	if (len == 0) {
		out->empty = true;
		return CNAP_OK;
	}
	if (!cnap_utf8_valid(s, len, NULL))
		return cnap_fail(err, CNAP_EINVAL, "", "文字コードが正しくありません（UTF-8 として読めません）");
	/* trim surrounding spaces */
	size_t b = 0, e = len;
	uint32_t cp;
	size_t l;
	while (b < e && (l = cnap_utf8_decode(s + b, e - b, &cp)) && is_space_cp(cp))
		b += l;
	while (e > b) {
		size_t start = e - 1;
		while (start > b && ((unsigned char)s[start] & 0xC0) == 0x80)
			start--;
		cnap_utf8_decode(s + start, e - start, &cp);
		if (!is_space_cp(cp))
			break;
		e = start;
	}
	if (b == e) {
		out->empty = true;
		return CNAP_OK;
	}
	int d = 0;
	for (size_t i = b; i < e; i += l) {
		l = cnap_utf8_decode(s + i, e - i, &cp);
		enum kind k = classify(cp, &d);
		if (k == K_OTHER || k == K_PERCENT || k == K_DASH || k == K_JP_PUNCT) {
			enum cnap_err r = bad_char(err, k, cp, s + i, l);
			memset(out, 0, sizeof(*out));
			return r;
		}
	}
	struct scan sc = { .phase = P_SIGN, .lead = true };
	enum cnap_err r = CNAP_OK;
	for (size_t i = b; i < e && r == CNAP_OK; i += l) {
		l = cnap_utf8_decode(s + i, e - i, &cp);
		enum kind k = classify(cp, &d);
		r = step(&sc, k, d, err);
	}
	if (r == CNAP_OK) {
		if (sc.mantissa_digits == 0 || sc.phase == P_EXP_START || sc.phase == P_EXP_SIGNED)
			r = cnap_fail(err, CNAP_EINVAL, "", MSG_SYNTAX);
		else if (sc.phase == P_INT && !groups_ok(&sc))
			r = cnap_fail(err, CNAP_EINVAL, "", MSG_GROUPING);
		else
			r = build(&sc, out, err);
	}
	if (r != CNAP_OK)
		memset(out, 0, sizeof(*out));
	return r;
}

const char *cnap_jpnum_format(double v, int decimals, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	if (decimals < 0)
		decimals = 0;
	if (decimals > CNAP_JP_MAX_DECIMALS)
		decimals = CNAP_JP_MAX_DECIMALS;
	cnap_jp_format_number(v, decimals, CNAP_JP_NUM_THOUSANDS | CNAP_JP_NUM_DASH_INVALID, buf, size);
	return buf;
}
