/*
 * The search of calc/text_diff.h: Myers' O(ND) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986, §4b) in linear space.
 * Each step runs the forward and the reverse search one edit further until
 * they overlap; the point where they meet lies on a shortest path and cuts
 * the problem in two with about half the edits each, so the recursion is
 * only log D deep. Every diagonal visited and every character compared is
 * one step of work; when the budget is spent the search gives up rather
 * than take quadratic time on hostile input.
 */
#include "calc/text_diff_int.h"

void td_matches_add(struct td_matches *m, size_t a, size_t b, size_t len)
{
	if (!len || m->oom)
		return;
	if (m->n && m->v[m->n - 1].a + m->v[m->n - 1].len == a && m->v[m->n - 1].b + m->v[m->n - 1].len == b) {
		m->v[m->n - 1].len += len;
		return;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct td_match *v = cnap_realloc(m->v, cap * sizeof *v);
		if (!v) {
			m->oom = true;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (struct td_match){a, b, len};
}

bool td_search_init(struct td_search *s, const uint32_t *a, const uint32_t *b, size_t span, struct td_matches *out)
{
	*s = (struct td_search){.a = a, .b = b, .out = out};
	s->vlen = span + 4;
	s->vf = cnap_malloc(s->vlen * sizeof *s->vf);
	s->vb = cnap_malloc(s->vlen * sizeof *s->vb);
	if (!s->vf || !s->vb) {
		td_search_release(s);
		return false;
	}
	return true;
}

void td_search_release(struct td_search *s)
{
	free(s->vf);
	free(s->vb);
	s->vf = s->vb = NULL;
}

/*
 * The point (x, y) relative to (a0, b0) where the two searches of
 * a[a0..a0+n) × b[b0..b0+m) meet. vf[k] is the furthest x reached on
 * diagonal k = x − y from the start, vb[k] the furthest from the end
 * (counted backwards). Diagonals that left the grid are trimmed (lo/hi).
 * false when the budget ran out; *found false when the searches never met
 * (cannot happen for a shortest path, but then the range is all edits).
 */
static bool bisect(struct td_search *s, size_t a0, size_t n, size_t b0, size_t m, size_t *x_out, size_t *y_out,
		   bool *found)
{
	const uint32_t *a = s->a + a0, *b = s->b + b0;
	ptrdiff_t N = (ptrdiff_t)n, M = (ptrdiff_t)m;
	ptrdiff_t max_d = (N + M + 1) / 2, off = max_d, len = 2 * max_d + 2;
	for (ptrdiff_t i = 0; i < len; i++)
		s->vf[i] = s->vb[i] = -1;
	s->work += (uint64_t)len;
	s->vf[off + 1] = 0;
	s->vb[off + 1] = 0;
	ptrdiff_t delta = N - M;
	bool front_meets = (delta & 1) != 0; /* which search detects the overlap */
	ptrdiff_t f_lo = 0, f_hi = 0, r_lo = 0, r_hi = 0;
	*found = false;
	for (ptrdiff_t d = 0; d < max_d; d++) {
		if (s->work > s->budget)
			return false;
		for (ptrdiff_t k = -d + f_lo; k <= d - f_hi; k += 2) {
			ptrdiff_t i = off + k, x;
			if (k == -d || (k != d && s->vf[i - 1] < s->vf[i + 1]))
				x = s->vf[i + 1];
			else
				x = s->vf[i - 1] + 1;
			ptrdiff_t y = x - k, x0 = x;
			while (x < N && y < M && a[x] == b[y]) {
				x++;
				y++;
			}
			s->work += 1 + (uint64_t)(x - x0);
			s->vf[i] = (int32_t)x;
			if (x > N) {
				f_hi += 2;
			} else if (y > M) {
				f_lo += 2;
			} else if (front_meets) {
				ptrdiff_t j = off + delta - k;
				if (j >= 0 && j < len && s->vb[j] != -1 && x >= N - s->vb[j]) {
					*x_out = (size_t)x;
					*y_out = (size_t)y;
					*found = true;
					return true;
				}
			}
		}
		for (ptrdiff_t k = -d + r_lo; k <= d - r_hi; k += 2) {
			ptrdiff_t j = off + k, x;
			if (k == -d || (k != d && s->vb[j - 1] < s->vb[j + 1]))
				x = s->vb[j + 1];
			else
				x = s->vb[j - 1] + 1;
			ptrdiff_t y = x - k, x0 = x;
			while (x < N && y < M && a[N - x - 1] == b[M - y - 1]) {
				x++;
				y++;
			}
			s->work += 1 + (uint64_t)(x - x0);
			s->vb[j] = (int32_t)x;
			if (x > N) {
				r_hi += 2;
			} else if (y > M) {
				r_lo += 2;
			} else if (!front_meets) {
				ptrdiff_t i = off + delta - k;
				if (i >= 0 && i < len && s->vf[i] != -1) {
					ptrdiff_t fx = s->vf[i], fy = fx - (delta - k);
					if (fx >= N - x) {
						*x_out = (size_t)fx;
						*y_out = (size_t)fy;
						*found = true;
						return true;
					}
				}
			}
		}
	}
	return true;
}

bool td_search_range(struct td_search *s, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t p = 0;
	while (a0 + p < a1 && b0 + p < b1 && s->a[a0 + p] == s->b[b0 + p])
		p++;
	td_matches_add(s->out, a0, b0, p);
	a0 += p;
	b0 += p;
	size_t q = 0;
	while (a1 - q > a0 && b1 - q > b0 && s->a[a1 - q - 1] == s->b[b1 - q - 1])
		q++;
	a1 -= q;
	b1 -= q;
	s->work += 1 + p + q;
	if (a0 < a1 && b0 < b1) {
		size_t x = 0, y = 0;
		bool found;
		if (!bisect(s, a0, a1 - a0, b0, b1 - b0, &x, &y, &found))
			return false;
		/* Both halves are strictly smaller: the meeting point is neither corner once prefix and suffix are gone. */
		if (found && (x || y) && (a0 + x < a1 || b0 + y < b1)) {
			if (!td_search_range(s, a0, a0 + x, b0, b0 + y) || !td_search_range(s, a0 + x, a1, b0 + y, b1))
				return false;
		}
	}
	td_matches_add(s->out, a1, b1, q);
	return !s->out->oom;
}

/* ---- sentences ---- */

static bool sentence_end(uint32_t c)
{
	return c == 0x3002 /* 。 */ || c == 0xFF0E /* ． */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ ||
	       c == '!' || c == '?' || c == '\n';
}

/* Where each sentence of t starts; the last entry is nt. */
static size_t *sentence_starts(const uint32_t *t, size_t nt, size_t *count)
{
	size_t n = 0;
	for (size_t i = 0; i < nt; i++)
		if (sentence_end(t[i]) || i + 1 == nt)
			n++;
	size_t *st = cnap_malloc((n + 1) * sizeof *st);
	if (!st)
		return NULL;
	size_t k = 0;
	st[k++] = 0;
	for (size_t i = 0; i < nt; i++)
		if ((sentence_end(t[i]) || i + 1 == nt) && k <= n)
			st[k++] = i + 1;
	*count = n;
	return st;
}

/* FNV-1a over the keys of one sentence. */
static uint64_t sentence_hash(const uint32_t *t, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= t[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct sent_table {
	struct sent_slot {
		uint64_t hash;
		const uint32_t *text;
		size_t len;
		uint32_t id;
		bool used;
	} *slots;
	size_t mask;
	uint32_t next_id;
};

static uint32_t sentence_id(struct sent_table *t, const uint32_t *text, size_t len)
{
	uint64_t h = sentence_hash(text, len);
	for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
		struct sent_slot *sl = &t->slots[i];
		if (!sl->used) {
			*sl = (struct sent_slot){h, text, len, t->next_id++, true};
			return sl->id;
		}
		if (sl->hash == h && sl->len == len && memcmp(sl->text, text, len * sizeof *text) == 0)
			return sl->id;
	}
}

bool td_sentences(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint64_t budget, uint64_t *work,
		  struct td_matches *out)
{
	bool ok = false, oom = true; /* until every allocation succeeded */
	size_t nsa = 0, nsb = 0;
	size_t *sa = sentence_starts(a, na, &nsa), *sb = sentence_starts(b, nb, &nsb);
	uint32_t *ida = NULL, *idb = NULL, *ra = NULL, *rb = NULL;
	size_t *mapa = NULL, *mapb = NULL;
	unsigned char *seen = NULL;
	struct sent_table tab = {0};
	struct td_matches rm = {0};
	struct td_search s = {0};
	if (!sa || !sb)
		goto done;
	size_t slots = 16;
	while (slots < 2 * (nsa + nsb))
		slots *= 2;
	tab.slots = cnap_calloc(slots, sizeof *tab.slots);
	tab.mask = slots - 1;
	ida = cnap_malloc((nsa + 1) * sizeof *ida);
	idb = cnap_malloc((nsb + 1) * sizeof *idb);
	if (!tab.slots || !ida || !idb)
		goto done;
	for (size_t i = 0; i < nsa; i++)
		ida[i] = sentence_id(&tab, a + sa[i], sa[i + 1] - sa[i]);
	for (size_t i = 0; i < nsb; i++)
		idb[i] = sentence_id(&tab, b + sb[i], sb[i + 1] - sb[i]);
	*work += na + nb;
	/* A sentence found in one text only cannot be matched: set it aside so the search is over the rest. */
	seen = cnap_calloc((size_t)tab.next_id + 1, 1);
	ra = cnap_malloc((nsa + 1) * sizeof *ra);
	rb = cnap_malloc((nsb + 1) * sizeof *rb);
	mapa = cnap_malloc((nsa + 1) * sizeof *mapa);
	mapb = cnap_malloc((nsb + 1) * sizeof *mapb);
	if (!seen || !ra || !rb || !mapa || !mapb)
		goto done;
	for (size_t i = 0; i < nsa; i++)
		seen[ida[i]] |= 1;
	for (size_t i = 0; i < nsb; i++)
		seen[idb[i]] |= 2;
	size_t nra = 0, nrb = 0;
	for (size_t i = 0; i < nsa; i++)
		if (seen[ida[i]] == 3) {
			mapa[nra] = i;
			ra[nra++] = ida[i];
		}
	for (size_t i = 0; i < nsb; i++)
		if (seen[idb[i]] == 3) {
			mapb[nrb] = i;
			rb[nrb++] = idb[i];
		}
	if (!td_search_init(&s, ra, rb, nra + nrb, &rm))
		goto done;
	oom = false;
	s.budget = budget;
	bool searched = td_search_range(&s, 0, nra, 0, nrb);
	*work += s.work;
	if (rm.oom)
		oom = true;
	if (!searched || rm.oom)
		goto done;
	for (size_t k = 0; k < rm.n; k++)
		for (size_t t = 0; t < rm.v[k].len; t++) {
			size_t i = mapa[rm.v[k].a + t], j = mapb[rm.v[k].b + t];
			td_matches_add(out, sa[i], sb[j], sa[i + 1] - sa[i]);
		}
	ok = !out->oom;
done:
	if (oom)
		out->oom = true;
	td_search_release(&s);
	free(rm.v);
	free(sa);
	free(sb);
	free(ida);
	free(idb);
	free(ra);
	free(rb);
	free(mapa);
	free(mapb);
	free(seen);
	free(tab.slots);
	return ok;
}
