#include "base/compat.h"
#include "base/jpfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const digit_kanji[10] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

bool cnap_jp_kanji_number(int n, char *out, size_t outsz)
{
	static const char *const unit[4] = { "", "十", "百", "千" };
	if (n < 0 || n > 9999 || outsz == 0)
		return false;
	out[0] = '\0';
	if (n == 0)
		return (size_t)snprintf(out, outsz, "%s", digit_kanji[0]) < outsz;
	size_t len = 0;
	for (int pos = 3; pos >= 0; pos--) {
		int div = pos == 3 ? 1000 : pos == 2 ? 100 : pos == 1 ? 10 : 1;
		int d = (n / div) % 10;
		if (d == 0)
			continue;
		/* 十, 百, 千 stand alone for 1 (十五, not 一十五) */
		const char *dk = (d == 1 && pos > 0) ? "" : digit_kanji[d];
		int w = snprintf(out + len, outsz - len, "%s%s", dk, unit[pos]);
		if (w < 0 || (size_t)w >= outsz - len)
			return false;
		len += (size_t)w;
	}
	return true;
}

bool cnap_jp_era_fiscal_year(int year, bool kanji, char *out, size_t outsz)
{
	const char *era;
	int y;
	if (year >= 2019) {
		era = "令和";
		y = year - 2018;
	} else if (year >= 1989) {
		era = "平成";
		y = year - 1988;
	} else {
		return false;
	}
	char num[64];
	if (y == 1)
		snprintf(num, sizeof(num), "元");
	else if (kanji) {
		if (!cnap_jp_kanji_number(y, num, sizeof(num)))
			return false;
	} else
		snprintf(num, sizeof(num), "%d", y);
	int w = snprintf(out, outsz, "%s%s年度", era, num);
	return w >= 0 && (size_t)w < outsz;
}

bool cnap_jp_era_date(const char *iso, char *out, size_t n)
{
	if (!iso || n == 0)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? iso[i] != '-' : (iso[i] < '0' || iso[i] > '9'))
			return false;
	}
	int y = 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (iso[i] - '0');
	int m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int d = (iso[8] - '0') * 10 + (iso[9] - '0');
	bool reiwa = y > 2019 || (y == 2019 && m >= 5);
	int ey = reiwa ? y - 2018 : y - 1988;
	char ys[32], ms[16], ds[16];
	if (ey < 1 || m < 1 || m > 12 || d < 1 || d > 31 || !cnap_jp_kanji_number(ey, ys, sizeof(ys)) ||
	    !cnap_jp_kanji_number(m, ms, sizeof(ms)) || !cnap_jp_kanji_number(d, ds, sizeof(ds)))
		return false;
	int w = snprintf(out, n, "%s%s年%s月%s日", reiwa ? "令和" : "平成", ey == 1 ? "元" : ys, ms, ds);
	return w > 0 && (size_t)w < n;
}

/* 四捨五入 in decimal, and ▲ formatting; see jpfmt.h for why not printf. */
#define TRIANGLE "\xe2\x96\xb2" /* ▲ U+25B2 */
#define EM_DASH "\xe2\x80\x94"  /* — U+2014 */

/* A decimal: value = ±0.d[0]d[1]…d[n−1] × 10^point; n == 0 is zero. */
struct decimal {
	bool neg;
	int n;
	int point;
	char d[24]; /* ASCII digits, d[0] != '0', no trailing '0' */
};

static void trim_zeros(struct decimal *dec)
{
	while (dec->n > 0 && dec->d[dec->n - 1] == '0')
		dec->n--;
}

/* Read the output of "%.*e" (any locale's decimal point) into dec. */
static void parse_exp_form(const char *s, struct decimal *dec)
{
	int exp = 0, exp_sign = 1;
	dec->n = 0;
	if (*s == '-')
		s++;
	for (; *s && *s != 'e' && *s != 'E'; s++)
		if (*s >= '0' && *s <= '9' && dec->n < (int)sizeof(dec->d))
			dec->d[dec->n++] = *s;
	if (*s) {
		s++;
		if (*s == '-' || *s == '+')
			exp_sign = *s++ == '-' ? -1 : 1;
		for (; *s >= '0' && *s <= '9'; s++)
			exp = exp * 10 + (*s - '0');
	}
	dec->point = exp_sign * exp + 1;
	trim_zeros(dec);
}

/* The double nearest dec; written as "<digits>e<exp>" so no locale is involved. */
static double decimal_to_double(const struct decimal *dec)
{
	char s[48];
	if (dec->n == 0)
		return dec->neg ? -0.0 : 0.0;
	snprintf(s, sizeof(s), "%s%.*se%d", dec->neg ? "-" : "", dec->n, dec->d,
		 dec->point - dec->n);
	return strtod(s, NULL);
}

/* Shortest decimal (1..17 significant digits) that reads back as x; x finite. */
static void shortest_decimal(double x, struct decimal *dec)
{
	char s[48];
	dec->neg = signbit(x) != 0;
	dec->n = 0;
	dec->point = 0;
	if (x == 0.0)
		return;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*e", prec - 1, x);
		parse_exp_form(s, dec);
		if (prec == 17 || decimal_to_double(dec) == x)
			return;
	}
}

/* Keep `decimals` places; a dropped first digit >= 5 rounds up (away from zero). */
static void round_half_up(struct decimal *dec, int decimals)
{
	int keep = dec->point + decimals;
	if (dec->n <= keep)
		return;
	if (keep < 0) {
		dec->n = 0;
		return;
	}
	bool up = dec->d[keep] >= '5';
	dec->n = keep;
	if (up) {
		int i = keep - 1;
		while (i >= 0 && dec->d[i] == '9')
			i--;
		if (i < 0) { /* 9.99 → 10.0, or nothing kept: 0.5 → 1 */
			dec->d[0] = '1';
			dec->n = 1;
			dec->point++;
		} else {
			dec->d[i]++;
			dec->n = i + 1;
		}
	}
	trim_zeros(dec);
}

struct out {
	char *p;
	size_t size;
	size_t len;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->size - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static char digit_at(const struct decimal *dec, int i)
{
	return i >= 0 && i < dec->n ? dec->d[i] : '0';
}

static void write_decimal(struct out *o, const struct decimal *dec, int decimals,
			  const char *minus, bool thousands)
{
	if (dec->neg && dec->n > 0)
		put_str(o, minus);
	if (dec->point <= 0)
		put(o, "0", 1);
	for (int i = 0; i < dec->point; i++) {
		if (thousands && i > 0 && (dec->point - i) % 3 == 0)
			put(o, ",", 1);
		char c = digit_at(dec, i);
		put(o, &c, 1);
	}
	if (decimals > 0)
		put(o, ".", 1);
	for (int j = 0; j < decimals; j++) {
		char c = digit_at(dec, dec->point + j);
		put(o, &c, 1);
	}
}

static enum cnap_err finish(struct out *o)
{
	if (!o->full)
		return CNAP_OK;
	if (o->size > 0)
		o->p[0] = '\0';
	return CNAP_ETOOBIG;
}

static enum cnap_err fail_empty(char *out, size_t outsz, enum cnap_err e)
{
	if (out && outsz > 0)
		out[0] = '\0';
	return e;
}

static bool decimals_ok(int decimals)
{
	return decimals >= 0 && decimals <= CNAP_JP_MAX_DECIMALS;
}

enum cnap_err cnap_jp_round_str(double x, int decimals, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return CNAP_ETOOBIG;
	if (!isfinite(x) || !decimals_ok(decimals))
		return fail_empty(out, outsz, CNAP_EINVAL);
	struct decimal dec;
	shortest_decimal(x, &dec);
	round_half_up(&dec, decimals);
	struct out o = { out, outsz, 0, false };
	out[0] = '\0';
	write_decimal(&o, &dec, decimals, "-", false);
	return finish(&o);
}

enum cnap_err cnap_jp_round(double x, int decimals, double *out)
{
	if (!isfinite(x) || !decimals_ok(decimals))
		return CNAP_EINVAL;
	struct decimal dec;
	shortest_decimal(x, &dec);
	round_half_up(&dec, decimals);
	if (dec.n == 0)
		dec.neg = false; /* no -0.0 for a value that rounded to zero */
	*out = decimal_to_double(&dec);
	return CNAP_OK;
}

enum cnap_err cnap_jp_format_number(double x, int decimals, unsigned flags,
				    char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return CNAP_ETOOBIG;
	out[0] = '\0';
	if (!decimals_ok(decimals))
		return CNAP_EINVAL;
	struct out o = { out, outsz, 0, false };
	if (!isfinite(x)) {
		if (!(flags & CNAP_JP_NUM_DASH_INVALID))
			return CNAP_EINVAL;
		put_str(&o, EM_DASH);
		return finish(&o);
	}
	struct decimal dec;
	shortest_decimal(x, &dec);
	round_half_up(&dec, decimals);
	write_decimal(&o, &dec, decimals, (flags & CNAP_JP_NUM_ASCII_MINUS) ? "-" : TRIANGLE,
		      (flags & CNAP_JP_NUM_THOUSANDS) != 0);
	if (flags & CNAP_JP_NUM_PERCENT)
		put(&o, "%", 1);
	return finish(&o);
}
