/*
 * How a heading names a survey item (docx_split.h): the number it starts
 * with, read in the ways Japanese documents write it, and titles folded so
 * that width, case, spaces and punctuation do not count.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_split.h"
#include "io/docx_split_priv.h"

#include <string.h>
#include <utf8proc.h>

/* ---- the number at the start ---- */

/* The code point at s[*i], full-width ASCII as ASCII and the ideographic space as a space; 0 at the end. */
static uint32_t peek(const char *s, size_t i, size_t *len)
{
	uint32_t cp;
	size_t n = strlen(s + i);
	*len = cnap_utf8_decode(s + i, n, &cp);
	if (*len == 0)
		return 0;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Digits at s[*i] (at most 3) as a number, *i moved past them; -1 when none. */
static int digits(const char *s, size_t *i)
{
	int v = 0, n = 0;
	size_t len;
	uint32_t c;
	while (is_digit(c = peek(s, *i, &len)) && n < 3) {
		v = v * 10 + (int)(c - '0');
		*i += len;
		n++;
	}
	return n ? v : -1;
}

static int kanji_digit(uint32_t c)
{
	static const uint32_t k[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D };
	for (int d = 0; d < 10; d++)
		if (k[d] == c)
			return d;
	return -1;
}

/* 一 … 九十九 at s[*i] (or digits), *i moved past; -1 when none. */
static int kanji_number(const char *s, size_t *i)
{
	size_t at = *i, len;
	int v = digits(s, &at);
	if (v >= 0) {
		*i = at;
		return v;
	}
	int tens = 0, ones = -1;
	uint32_t c = peek(s, at, &len);
	int d = kanji_digit(c);
	if (d > 0) {
		ones = d;
		at += len;
		c = peek(s, at, &len);
	}
	if (c == 0x5341) { /* 十 */
		tens = ones > 0 ? ones : 1;
		ones = 0;
		at += len;
		c = peek(s, at, &len);
		if ((d = kanji_digit(c)) > 0) {
			ones = d;
			at += len;
		}
	}
	if (ones < 0)
		return -1;
	*i = at;
	return tens * 10 + ones;
}

/* I, II … XXXIX in ASCII letters of either case, exactly as written; 0 for anything else. */
static int ascii_roman(const char *s, size_t n)
{
	static const char *const ones[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	static const char *const tens[] = { "", "X", "XX", "XXX" };
	char up[8];
	if (n == 0 || n >= sizeof(up))
		return 0;
	for (size_t k = 0; k < n; k++)
		up[k] = (char)(s[k] >= 'a' ? s[k] - 32 : s[k]);
	up[n] = '\0';
	for (int v = 1; v < 40; v++) {
		char w[16];
		size_t a = strlen(tens[v / 10]), b = strlen(ones[v % 10]);
		memcpy(w, tens[v / 10], a);
		memcpy(w + a, ones[v % 10], b);
		w[a + b] = '\0';
		if (strcmp(w, up) == 0)
			return v;
	}
	return 0;
}

static bool is_sep(uint32_t c)
{
	return c == ' ' || c == '.' || c == ',' || c == ':' || c == 0x3001 /* 、 */ || c == 0xFF64 /* ､ */ ||
	       c == 0x30FB /* ・ */ || c == '\t';
}

static size_t skip_seps(const char *s, size_t i)
{
	size_t len;
	while (is_sep(peek(s, i, &len)) && len)
		i += len;
	return i;
}

static size_t skip_spaces(const char *s, size_t i)
{
	size_t len;
	uint32_t c;
	while (((c = peek(s, i, &len)) == ' ' || c == '\t') && len)
		i += len;
	return i;
}

/* A chapter at s[*i]: Ⅱ, II., 2., 第2章, ⒉ (and 2.5 gives the section too). */
static bool chapter_at(const char *s, size_t *i, struct cnap_docx_number *out)
{
	size_t at = *i, len;
	uint32_t c = peek(s, at, &len);
	if ((c >= 0x2160 && c <= 0x216B) || (c >= 0x2170 && c <= 0x217B)) {
		out->chapter = (int)(c & 0xF) + 1;
		out->chapter_roman = true;
		*i = at + len;
		return true;
	}
	if (c >= 0x2488 && c <= 0x249B) { /* ⒈ */
		out->chapter = (int)(c - 0x2488) + 1;
		*i = at + len;
		return true;
	}
	if (c == 0x7B2C) { /* 第 */
		at += len;
		int v = kanji_number(s, &at);
		if (v > 0 && peek(s, at, &len) == 0x7AE0) { /* 章 */
			out->chapter = v;
			*i = at + len;
			return true;
		}
		return false;
	}
	if (c && c < 0x80 && strchr("IVXivx", (int)c)) {
		size_t n = 0;
		char letters[8];
		uint32_t d;
		while (n < sizeof(letters) && (d = peek(s, at, &len)) && d < 0x80 && strchr("IVXivx", (int)d)) {
			letters[n++] = (char)d;
			at += len;
		}
		uint32_t next = peek(s, at, &len);
		int v = ascii_roman(letters, n);
		/* II followed by a separator or a bracket, not the start of a word (IoT, Vision) */
		if (!v || !(next == 0 || is_sep(next) || next == '(' || next == 0x3014))
			return false;
		out->chapter = v;
		out->chapter_roman = true;
		*i = at;
		return true;
	}
	if (is_digit(c)) {
		int v = digits(s, &at);
		uint32_t next = peek(s, at, &len);
		if (next == '.' || next == 0x3001 || next == ',') {
			size_t after = at + len;
			int sec = digits(s, &after);
			if (next == '.' && sec >= 0) {
				/* 2.5: chapter and section, unless it is a decimal number (2.5倍) */
				uint32_t tail = peek(s, after, &len);
				if (tail == 0 || is_sep(tail) || tail == '(' || tail == ')') {
					out->chapter = v;
					out->section = sec;
					*i = after;
					return true;
				}
				return false;
			}
			out->chapter = v;
			*i = at;
			return true;
		}
	}
	return false;
}

/* A section at s[*i]: (5), （５）, 5), ⑸. */
static bool section_at(const char *s, size_t *i, struct cnap_docx_number *out)
{
	size_t at = *i, len;
	uint32_t c = peek(s, at, &len);
	if (c >= 0x2474 && c <= 0x2487) { /* ⑴ */
		out->section = (int)(c - 0x2474) + 1;
		*i = at + len;
		return true;
	}
	bool open = c == '(' || c == 0x3014 /* 〔 */;
	if (open)
		at += len;
	at = skip_spaces(s, at);
	int v = digits(s, &at);
	if (v < 0)
		return false;
	at = skip_spaces(s, at);
	uint32_t close = peek(s, at, &len);
	if (close != ')' && close != 0x3015 /* 〕 */)
		return false;
	out->section = v;
	*i = at + len;
	return true;
}

static bool circled_at(const char *s, size_t *i, struct cnap_docx_number *out)
{
	size_t len;
	uint32_t c = peek(s, *i, &len);
	int v = 0;
	if (c >= 0x2460 && c <= 0x2473)
		v = (int)(c - 0x2460) + 1;
	else if (c >= 0x3251 && c <= 0x325F)
		v = (int)(c - 0x3251) + 21;
	else if (c >= 0x32B1 && c <= 0x32BF)
		v = (int)(c - 0x32B1) + 36;
	if (!v)
		return false;
	out->circled = v;
	*i += len;
	return true;
}

void cnap_docx_heading_number(const char *s, struct cnap_docx_number *out)
{
	*out = (struct cnap_docx_number){ 0 };
	size_t i = skip_spaces(s, 0), end = i;
	if (chapter_at(s, &i, out)) {
		end = i;
		i = skip_seps(s, i);
		if (!out->section && section_at(s, &i, out))
			end = i;
		else
			i = end;
		i = skip_seps(s, i);
		if (circled_at(s, &i, out))
			end = i;
	} else if (section_at(s, &i, out)) {
		end = i;
		i = skip_seps(s, i);
		if (circled_at(s, &i, out))
			end = i;
	} else if (circled_at(s, &i, out)) {
		end = i;
	}
	out->title_at = (out->chapter || out->section || out->circled) ? skip_seps(s, end) : skip_spaces(s, 0);
}

/* ---- titles ---- */

static bool kept(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

const char *cnap_docx_title_key(struct cnap_arena *a, const char *s)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
						  UTF8PROC_CASEFOLD);
	if (n < 0)
		return cnap_arena_strdup(a, ""); /* not UTF-8: the reader let nothing like it through */
	char *out = cnap_arena_alloc(a, (size_t)n + 1);
	size_t k = 0;
	for (utf8proc_ssize_t i = 0; out && i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(folded + i, n - i, &cp);
		if (len <= 0)
			break;
		if (kept(cp)) {
			memcpy(out + k, folded + i, (size_t)len);
			k += (size_t)len;
		}
		i += len;
	}
	free(folded);
	if (out)
		out[k] = '\0';
	return out;
}

/* ---- how alike two titles are ---- */

#define MAX_COMPARED 200

static size_t code_points(const char *s, uint32_t *v)
{
	size_t n = 0, i = 0, len = strlen(s);
	while (i < len && n < MAX_COMPARED) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, len - i, &cp);
		if (!k)
			break;
		v[n++] = cp;
		i += k;
	}
	return n;
}

enum docx_likeness docx_title_likeness(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return LIKE_EQUAL;
	if (!*a || !*b)
		return *a ? LIKE_DIFFERENT : LIKE_SIMILAR; /* a number alone: its title may be on the next line */
	size_t la = strlen(a), lb = strlen(b);
	const char *shorter = la < lb ? a : b, *longer = la < lb ? b : a;
	if (cnap_utf8_count(shorter, strlen(shorter)) >= 4 && strstr(longer, shorter))
		return LIKE_SIMILAR;
	/* the longest common subsequence against the average length */
	uint32_t x[MAX_COMPARED], y[MAX_COMPARED];
	size_t n = code_points(a, x), m = code_points(b, y);
	unsigned short row[MAX_COMPARED + 1], prev[MAX_COMPARED + 1];
	memset(prev, 0, sizeof(prev));
	for (size_t i = 1; i <= n; i++) {
		row[0] = 0;
		for (size_t j = 1; j <= m; j++)
			row[j] = x[i - 1] == y[j - 1] ? (unsigned short)(prev[j - 1] + 1)
						    : (row[j - 1] > prev[j] ? row[j - 1] : prev[j]);
		memcpy(prev, row, (m + 1) * sizeof(*row));
	}
	return 10 * 2 * (size_t)prev[m] >= 6 * (n + m) ? LIKE_SIMILAR : LIKE_DIFFERENT;
}
