/*
 * The clean-up of calc/text_diff.h. A minimal edit script of Japanese text
 * is correct and unreadable: two rewritten phrases share a の or a は, and
 * the shortest script keeps them, so the change comes out as confetti. The
 * steps below trade a few characters of minimality for changes a reader
 * takes in at once; none of them changes what the script turns A into.
 */
#include "calc/text_diff_int.h"

static bool push(struct td_script *s, size_t d, size_t i)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct td_seg *v = cnap_realloc(s->v, cap * sizeof *v);
		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct td_seg){d, i, false};
	return true;
}

bool td_script_from_matches(struct td_script *s, const struct td_matches *m, size_t na, size_t nb)
{
	s->n = 0;
	if (!push(s, 0, 0))
		return false;
	size_t pa = 0, pb = 0;
	for (size_t k = 0; k <= m->n; k++) {
		size_t a = k < m->n ? m->v[k].a : na, b = k < m->n ? m->v[k].b : nb;
		size_t len = k < m->n ? m->v[k].len : 0;
		if (a > pa || b > pb) {
			if (!push(s, a - pa, b - pb) || !push(s, len, len))
				return false;
		} else {
			s->v[s->n - 1].d += len;
			s->v[s->n - 1].i += len;
		}
		pa = a + len;
		pb = b + len;
	}
	return true;
}

/* Interior equal stretches left empty by a step: the edits on both sides become one. */
static void compact(struct td_script *s)
{
	size_t w = 1;
	for (size_t r = 1; r + 1 < s->n; r += 2) {
		if (w >= 3 && s->v[w - 1].d == 0) {
			w--;
			s->v[w - 1].d += s->v[r].d;
			s->v[w - 1].i += s->v[r].i;
		} else {
			s->v[w++] = s->v[r];
		}
		s->v[w++] = s->v[r + 1];
	}
	s->n = w;
}

static bool ends_sentence(uint32_t c)
{
	return c == 0x3002 || c == 0xFF0E || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?';
}

/* Whether c[p..p+n) holds a line break or a whole sentence (from a sentence start to its end). */
static bool worth_keeping(const uint32_t *c, size_t p, size_t n)
{
	bool at_start = p == 0 || ends_sentence(c[p - 1]) || c[p - 1] == '\n';
	for (size_t j = 0; j < n; j++) {
		if (c[p + j] == '\n')
			return true;
		if (ends_sentence(c[p + j])) {
			if (at_start)
				return true;
			at_start = true;
		}
	}
	return false;
}

static size_t larger(size_t x, size_t y)
{
	return x > y ? x : y;
}

/*
 * An equal stretch between two edits goes into them when it is no longer
 * than absorb_chars, or no longer than the larger side of the edit on its
 * left and that on its right: "の" between two rewritten clauses is not
 * news. One with a line break or a whole sentence in it stays: a
 * sentence or paragraph that did not change is worth seeing between two
 * that did, and the side-by-side view aligns on it. The merged edit may make the equal stretch before it absorbable
 * in turn, so the output is a stack that is checked again after each
 * merge; every merge removes two entries, so the whole is linear.
 */
void td_clean_absorb(struct td_script *s, const struct td_texts *t, size_t absorb_chars)
{
	size_t pa = 0;
	for (size_t k = 0; k < s->n; k++) {
		s->v[k].keep = k % 2 == 0 && worth_keeping(t->ca, pa, s->v[k].d);
		pa += s->v[k].d;
	}
	size_t w = 1;
	for (size_t r = 1; r + 1 < s->n; r += 2) {
		s->v[w++] = s->v[r];
		while (w >= 4) {
			struct td_seg *l = &s->v[w - 3], *e = &s->v[w - 2], *rt = &s->v[w - 1];
			size_t len = e->d;
			if (e->keep)
				break;
			if (len > absorb_chars && (len > larger(l->d, l->i) || len > larger(rt->d, rt->i)))
				break;
			l->d += len + rt->d;
			l->i += len + rt->i;
			w -= 2;
		}
		s->v[w++] = s->v[r + 1];
	}
	s->n = w;
}

static bool is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool is_separator(uint32_t c)
{
	return c == ',' || c == '.' || c == 0xFF0C /* ， */ || c == 0xFF0E /* ． */;
}

static bool numeric(uint32_t c)
{
	return is_digit(c) || is_separator(c);
}

/*
 * How many characters of an equal stretch continue a number, reading away
 * from the edit: forward from c[at] (dir > 0) or backward from c[at − 1],
 * at most room. A separator belongs to the number only with a digit beyond
 * it ("2020." ends a sentence).
 */
static size_t number_run(const uint32_t *c, size_t at, size_t room, int dir)
{
	size_t n = 0;
	while (n < room) {
		uint32_t ch = dir > 0 ? c[at + n] : c[at - 1 - n];
		bool digit_beyond = n + 1 < room && is_digit(dir > 0 ? c[at + n + 1] : c[at - 2 - n]);
		if (!is_digit(ch) && !(is_separator(ch) && digit_beyond))
			break;
		n++;
	}
	return n;
}

/* An edit that touches a number takes all of it: 1,234 → 1,240 reads as [-1,234-]{+1,240+}, not 1,2[-34-]{+40+}. */
void td_clean_numbers(struct td_script *s, const struct td_texts *t)
{
	size_t pa = s->v[0].d, pb = s->v[0].i;
	for (size_t k = 1; k + 1 < s->n; k += 2) {
		struct td_seg *l = &s->v[k - 1], *e = &s->v[k], *r = &s->v[k + 1];
		if ((e->d && numeric(t->ca[pa])) || (e->i && numeric(t->cb[pb]))) {
			size_t n = number_run(t->ca, pa, l->d, -1);
			l->d -= n;
			l->i -= n;
			e->d += n;
			e->i += n;
			pa -= n;
			pb -= n;
		}
		size_t ea = pa + e->d, eb = pb + e->i;
		if ((e->d && numeric(t->ca[ea - 1])) || (e->i && numeric(t->cb[eb - 1]))) {
			size_t n = number_run(t->ca, ea, r->d, +1);
			r->d -= n;
			r->i -= n;
			e->d += n;
			e->i += n;
		}
		pa += e->d + r->d;
		pb += e->i + r->i;
	}
	compact(s);
}

enum char_class { CC_OTHER, CC_HIRAGANA, CC_KATAKANA, CC_KANJI, CC_LATIN, CC_DIGIT };

static enum char_class char_class(uint32_t c)
{
	if (c >= 0x3041 && c <= 0x309F)
		return CC_HIRAGANA;
	if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F))
		return CC_KATAKANA;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005 /* 々 */)
		return CC_KANJI;
	if (is_digit(c))
		return CC_DIGIT;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return CC_LATIN;
	if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
		return CC_LATIN;
	return CC_OTHER;
}

static bool is_comma(uint32_t c)
{
	return c == 0x3001 /* 、 */ || c == 0xFF0C || c == ',';
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000;
}

static bool closes(uint32_t c)
{
	return c == 0x300D /* 」 */ || c == 0x300F || c == 0xFF09 /* ） */ || c == ')' || c == 0x3011 /* 】 */;
}

static bool opens(uint32_t c)
{
	return c == 0x300C /* 「 */ || c == 0x300E || c == 0xFF08 /* （ */ || c == '(' || c == 0x3010 /* 【 */;
}

/* How good a place pos of t is for a change to start or end: text edge, line, sentence, clause, word. */
static int boundary_score(const uint32_t *t, size_t n, size_t pos)
{
	if (pos == 0 || pos == n)
		return 6;
	uint32_t l = t[pos - 1], r = t[pos];
	if (l == '\n')
		return 5;
	if (r == '\n' || ends_sentence(l))
		return 4;
	if (is_comma(l))
		return 3;
	if (is_space(l) || is_space(r) || closes(l) || opens(r))
		return 2;
	return char_class(l) != char_class(r) ? 1 : 0;
}

/*
 * A pure insertion (or deletion) can often sit in several places that say
 * the same thing: inserting "でした。で" after "X。で" is inserting
 * "でした。" after "X。". Of the places its neighbours allow, it takes the
 * one whose start and end are the best boundaries (the later on a tie).
 */
void td_clean_slide(struct td_script *s, const struct td_texts *t)
{
	size_t pa = s->v[0].d, pb = s->v[0].i;
	for (size_t k = 1; k + 1 < s->n; k += 2) {
		struct td_seg *l = &s->v[k - 1], *e = &s->v[k], *r = &s->v[k + 1];
		if (e->d && e->i) {
			pa += e->d + r->d;
			pb += e->i + r->i;
			continue;
		}
		bool ins = e->i != 0;
		const uint32_t *key = ins ? t->kb : t->ka, *ch = ins ? t->cb : t->ca;
		size_t n = ins ? t->nb : t->na, p = ins ? pb : pa, len = ins ? e->i : e->d;
		size_t left = 0, right = 0;
		while (left < l->d && key[p - 1 - left] == key[p + len - 1 - left])
			left++;
		while (right < r->d && key[p + right] == key[p + len + right])
			right++;
		size_t best = p;
		int best_score = -1;
		for (size_t q = p - left; q <= p + right; q++) {
			int sc = boundary_score(ch, n, q) + boundary_score(ch, n, q + len);
			if (sc >= best_score) {
				best_score = sc;
				best = q;
			}
		}
		/* Moving by best − p shifts the equal stretches on both sides by as much. */
		if (best < p) {
			size_t sh = p - best;
			l->d -= sh;
			l->i -= sh;
			r->d += sh;
			r->i += sh;
			pa -= sh;
			pb -= sh;
		} else if (best > p) {
			size_t sh = best - p;
			l->d += sh;
			l->i += sh;
			r->d -= sh;
			r->i -= sh;
			pa += sh;
			pb += sh;
		}
		pa += e->d + r->d;
		pb += e->i + r->i;
	}
	compact(s);
}
