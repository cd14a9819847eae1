#include "base/compat.h"
#include "io/page_find.h"

#include <utf8proc.h>

#define NOMEM(err) cnap_fail((err), CNAP_ENOMEM, "file", "out of memory")
/* A title alone is looked for in pass 1 only when it is this long (characters): 「その他」 is not. */
#define MIN_LONE_TITLE 8
/* A page holding this many headings (or a quarter of them) is a table of contents. */
#define MIN_CONTENTS_HEADINGS 4

/* What folding drops: spaces, line breaks, controls and punctuation. */
static bool dropped(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
		return true;
	default:
		return false;
	}
}

const char *cnap_page_find_fold(struct cnap_arena *a, const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)(s ? s : ""), 0, &mapped,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
						  UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	char *out = cnap_arena_alloc(a, (size_t)n + 1);
	if (!out) {
		free(mapped);
		return NULL;
	}
	size_t o = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
		if (k <= 0)
			break;
		if (!dropped(cp)) {
			memcpy(out + o, mapped + i, (size_t)k);
			o += (size_t)k;
		}
		i += k;
	}
	out[o] = '\0';
	free(mapped);
	return out;
}

/* ---- printed page numbers ------------------------------------------------- */

/* A line that is a page number alone: 「12」, 「- 12 -」, 「P.12」, 「－１２－」; else -1. */
static int number_line(struct cnap_arena *a, const char *line, size_t len)
{
	char *raw = cnap_arena_strndup(a, line, len);
	const char *f = raw ? cnap_page_find_fold(a, raw) : NULL;
	if (!f || !*f)
		return -1;
	if (f[0] == 'p')
		f++;
	int v = 0, digits = 0;
	for (; *f >= '0' && *f <= '9'; f++) {
		v = v * 10 + (*f - '0');
		if (++digits > 4)
			return -1;
	}
	return digits && !*f ? v : -1;
}

/* The number printed on a page (its last or first line alone), or -1. */
static int printed_number(struct cnap_arena *a, const char *text)
{
	const char *lines[2] = {NULL, NULL};
	size_t lens[2] = {0, 0};
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool blank = true;
		for (size_t i = 0; i < n; i++)
			if (!strchr(" \t\r\f", p[i]))
				blank = false;
		if (!blank) {
			if (!lines[0]) {
				lines[0] = p;
				lens[0] = n;
			}
			lines[1] = p;
			lens[1] = n;
		}
		p = e ? e + 1 : p + n;
	}
	for (int i = 1; i >= 0; i--)
		if (lines[i] && lens[i] <= 40) {
			int v = number_line(a, lines[i], lens[i]);
			if (v >= 0)
				return v;
		}
	return -1;
}

/* The steady distance between a page's place in the file and its printed number, when most pages show one. */
static bool printed_offset(struct cnap_arena *a, const struct cnap_pdf_text *t, int *offset)
{
	size_t n = t->n_pages, numbered = 0, best_count = 0;
	int *off = cnap_arena_calloc(a, n + 1, sizeof(int));
	if (!off)
		return false;
	for (size_t i = 0; i < n; i++) {
		int v = printed_number(a, t->pages[i]);
		if (v >= 0 && (int)i + 1 - v >= 0)
			off[numbered++] = (int)i + 1 - v;
	}
	int best = 0;
	for (size_t i = 0; i < numbered; i++) {
		size_t c = 0;
		for (size_t j = 0; j < numbered; j++)
			c += off[j] == off[i];
		if (c > best_count || (c == best_count && off[i] < best)) {
			best_count = c;
			best = off[i];
		}
	}
	if (best_count < 3 || 2 * best_count < n)
		return false;
	*offset = best;
	return true;
}

/* ---- headings ----------------------------------------------------------- */

struct text {
	char *all;          /* every page folded, one after the other */
	size_t *start;      /* per page, its first byte in all; start[n] = the end */
	bool *contents;     /* per page: a table of contents */
	size_t n;
};

static size_t page_of(const struct text *x, size_t at)
{
	size_t lo = 0, hi = x->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (x->start[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first place of needle in [from, to) not on a contents page, else the
 * first on one; SIZE_MAX when none.
 */
static size_t find(const struct text *x, const char *needle, size_t from, size_t to)
{
	size_t nl = strlen(needle), on_contents = SIZE_MAX;
	if (!nl)
		return SIZE_MAX;
	for (size_t at = from; at < to;) {
		const char *hit = strstr(x->all + at, needle);
		if (!hit)
			break;
		size_t h = (size_t)(hit - x->all);
		if (h + nl > to)
			break;
		if (!x->contents[page_of(x, h)])
			return h;
		if (on_contents == SIZE_MAX)
			on_contents = h;
		at = h + 1;
	}
	return on_contents;
}

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

enum cnap_err cnap_page_find(const struct cnap_pdf_text *t, const struct cnap_page_find_item *items, size_t n,
			     struct cnap_arena *a, struct cnap_page_find *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->page = cnap_arena_calloc(a, n + 1, sizeof(int));
	const char **strong = cnap_arena_calloc(a, n + 1, sizeof(char *));
	const char **weak = cnap_arena_calloc(a, n + 1, sizeof(char *));
	size_t *pos = cnap_arena_calloc(a, n + 1, sizeof(size_t)), *end = cnap_arena_calloc(a, n + 1, sizeof(size_t));
	struct text x = {.n = t->n_pages};
	x.start = cnap_arena_calloc(a, t->n_pages + 1, sizeof(size_t));
	x.contents = cnap_arena_calloc(a, t->n_pages + 1, sizeof(bool));
	const char **folded = cnap_arena_calloc(a, t->n_pages + 1, sizeof(char *));
	if (!out->page || !strong || !weak || !pos || !end || !x.start || !x.contents || !folded)
		return NOMEM(err);

	size_t total = 0;
	for (size_t p = 0; p < t->n_pages; p++) {
		if (!(folded[p] = cnap_page_find_fold(a, t->pages[p])))
			return NOMEM(err);
		total += strlen(folded[p]);
	}
	if (!(x.all = cnap_arena_alloc(a, total + 1)))
		return NOMEM(err);
	total = 0;
	for (size_t p = 0; p < t->n_pages; p++) {
		x.start[p] = total;
		size_t k = strlen(folded[p]);
		memcpy(x.all + total, folded[p], k);
		total += k;
	}
	x.all[total] = '\0';
	x.start[t->n_pages] = total;

	for (size_t i = 0; i < n; i++) {
		const char *code = items[i].code ? items[i].code : "", *title = items[i].title ? items[i].title : "";
		const char *both = cnap_arena_printf(a, "%s%s", code, title);
		const char *w = cnap_page_find_fold(a, title), *s = both ? cnap_page_find_fold(a, both) : NULL;
		if (!w || !s)
			return NOMEM(err);
		weak[i] = w;
		/* Pass 1 takes a numbered heading, or a title long enough to be one. */
		strong[i] = *code && strcmp(s, w) ? s : chars(w) >= MIN_LONE_TITLE ? w : NULL;
		pos[i] = SIZE_MAX;
	}
	/* Contents pages: many headings on one page. */
	size_t threshold = n / 4 > MIN_CONTENTS_HEADINGS ? n / 4 : MIN_CONTENTS_HEADINGS;
	for (size_t p = 0; p < t->n_pages; p++) {
		size_t hits = 0;
		for (size_t i = 0; i < n; i++)
			if (strong[i] && *strong[i] && strstr(folded[p], strong[i]))
				hits++;
		x.contents[p] = hits >= threshold;
	}

	/* Pass 1: numbered headings, each after the one before. */
	size_t after = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strong[i])
			continue;
		size_t h = find(&x, strong[i], after, total);
		if (h == SIZE_MAX)
			continue;
		pos[i] = h;
		end[i] = h + strlen(strong[i]);
		after = end[i];
	}
	/* Pass 2: the others by title, between the headings found around them. */
	for (size_t i = 0; i < n; i++) {
		if (pos[i] != SIZE_MAX || !*weak[i])
			continue;
		size_t from = 0, to = total;
		for (size_t j = i; j-- > 0;)
			if (pos[j] != SIZE_MAX) {
				from = end[j];
				break;
			}
		for (size_t j = i + 1; j < n; j++)
			if (pos[j] != SIZE_MAX) {
				to = pos[j];
				break;
			}
		size_t h = find(&x, weak[i], from, to);
		if (h != SIZE_MAX) {
			pos[i] = h;
			end[i] = h + strlen(weak[i]);
		}
	}

	int offset = 0;
	out->printed = printed_offset(a, t, &offset);
	out->offset = out->printed ? offset : 0;
	for (size_t i = 0; i < n; i++) {
		if (pos[i] == SIZE_MAX)
			continue;
		int page = (int)page_of(&x, pos[i]) + 1 - out->offset;
		out->page[i] = page >= 1 ? page : (int)page_of(&x, pos[i]) + 1;
		out->n_found++;
	}
	return CNAP_OK;
}
