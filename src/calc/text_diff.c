/*
 * calc/text_diff.h: texts to code points, the search at the finest level
 * the budget allows, the clean-up, and the script back to byte ranges.
 */
#include "calc/text_diff_int.h"
#include "base/utf8.h"

/* Full-width ASCII (U+FF01..FF5E) and the ideographic space compare as their half-width forms. */
static uint32_t fold_width(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	return c == 0x3000 ? ' ' : c;
}

struct decoded {
	uint32_t *ch, *key; /* key == ch unless folding */
	size_t *off;        /* byte offset of each character, and the length at [n] */
	size_t n;
};

static void decoded_release(struct decoded *d)
{
	if (d->key != d->ch)
		free(d->key);
	free(d->ch);
	free(d->off);
	*d = (struct decoded){0};
}

static enum cnap_err decode(const char *s, size_t len, bool fold, const char *which, const char *label,
			    struct decoded *d, struct cnap_error *err)
{
	size_t bad = 0;
	if (len && !cnap_utf8_valid(s, len, &bad))
		return cnap_fail(err, CNAP_EINVAL, which, "%sの%zuバイト目が UTF-8 の文字ではありません", label, bad + 1);
	size_t n = len ? cnap_utf8_count(s, len) : 0;
	if (n > CNAP_TEXT_DIFF_MAX_CHARS)
		return cnap_fail(err, CNAP_ETOOBIG, which, "%sが長すぎます（%zu文字、比較できるのは%d文字まで）", label, n,
				 CNAP_TEXT_DIFF_MAX_CHARS);
	d->n = n;
	d->ch = cnap_malloc((n + 1) * sizeof *d->ch);
	d->off = cnap_malloc((n + 1) * sizeof *d->off);
	d->key = fold ? cnap_malloc((n + 1) * sizeof *d->key) : d->ch;
	if (!d->ch || !d->off || !d->key) {
		decoded_release(d);
		return cnap_fail(err, CNAP_ENOMEM, which, "out of memory");
	}
	size_t pos = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = 0;
		size_t l = cnap_utf8_decode(s + pos, len - pos, &c);
		d->off[i] = pos;
		d->ch[i] = c;
		if (fold)
			d->key[i] = fold_width(c);
		pos += l;
	}
	d->off[n] = pos;
	return CNAP_OK;
}

/* Length of the common prefix and suffix (not overlapping). */
static void common_ends(const struct decoded *a, const struct decoded *b, size_t *pre, size_t *suf)
{
	size_t p = 0, q = 0;
	while (p < a->n && p < b->n && a->key[p] == b->key[p])
		p++;
	while (q < a->n - p && q < b->n - p && a->key[a->n - 1 - q] == b->key[b->n - 1 - q])
		q++;
	*pre = p;
	*suf = q;
}

/*
 * Whether the search over a[a0..a0+na) × b[b0..b0+nb) is sure to spend more
 * than budget: no script can keep more characters than the two texts have
 * in common as multisets, so at least D edits remain, and the first
 * bisection alone visits at least 2·min(d+1, half the shorter side)
 * diagonals for each d up to D/2. Characters are counted in a table of the
 * Basic Multilingual Plane; those beyond it are all taken as common, which
 * only makes the bound weaker. Worth it only for long texts.
 */
static bool hopeless(const struct decoded *a, size_t a0, size_t na, const struct decoded *b, size_t b0, size_t nb,
		     uint64_t budget, uint64_t *work)
{
	if (na + nb < 20000)
		return false;
	uint32_t *count = cnap_calloc(0x10000, sizeof *count);
	if (!count)
		return false;
	size_t common = 0, astral_a = 0, astral_b = 0;
	for (size_t i = 0; i < na; i++) {
		uint32_t c = a->key[a0 + i];
		if (c < 0x10000)
			count[c]++;
		else
			astral_a++;
	}
	for (size_t i = 0; i < nb; i++) {
		uint32_t c = b->key[b0 + i];
		if (c >= 0x10000)
			astral_b++;
		else if (count[c]) {
			count[c]--;
			common++;
		}
	}
	free(count);
	common += astral_a < astral_b ? astral_a : astral_b;
	size_t d_min = na + nb - 2 * common, side = (na < nb ? na : nb) / 2 + 1;
	uint64_t cost = 0;
	for (size_t d = 0; d < d_min / 2 && cost <= budget; d++)
		cost += 2 * (uint64_t)(d + 1 < side ? d + 1 : side);
	*work += na + nb;
	return cost > budget;
}

/*
 * The changed stretches between sentence matches compared character by
 * character while the second budget lasts; each try may spend half of what
 * is left, so one hopeless stretch does not starve the others.
 */
static bool refine(const struct decoded *a, const struct decoded *b, const struct td_matches *coarse,
		   uint64_t budget, struct td_matches *out, size_t *unrefined, uint64_t *work)
{
	size_t span = 0, pa = 0, pb = 0;
	for (size_t k = 0; k <= coarse->n; k++) {
		size_t ma = k < coarse->n ? coarse->v[k].a : a->n, mb = k < coarse->n ? coarse->v[k].b : b->n;
		if (ma - pa + mb - pb > span)
			span = ma - pa + mb - pb;
		if (k < coarse->n) {
			pa = ma + coarse->v[k].len;
			pb = mb + coarse->v[k].len;
		}
	}
	struct td_search s;
	if (!td_search_init(&s, a->key, b->key, span, out))
		return false;
	uint64_t spent = 0;
	pa = pb = 0;
	for (size_t k = 0; k <= coarse->n; k++) {
		size_t ma = k < coarse->n ? coarse->v[k].a : a->n, mb = k < coarse->n ? coarse->v[k].b : b->n;
		if (ma > pa && mb > pb) {
			size_t mark = out->n;
			s.work = 0;
			s.budget = spent < budget ? (budget - spent) / 2 : 0;
			bool ok = s.budget > 0 && !hopeless(a, pa, ma - pa, b, pb, mb - pb, s.budget, &s.work) &&
				  td_search_range(&s, pa, ma, pb, mb);
			spent += s.work;
			if (out->oom)
				break;
			if (!ok) {
				out->n = mark;
				(*unrefined)++;
			}
		}
		if (k < coarse->n) {
			td_matches_add(out, ma, mb, coarse->v[k].len);
			pa = ma + coarse->v[k].len;
			pb = mb + coarse->v[k].len;
		}
	}
	*work += spent;
	td_search_release(&s);
	return !out->oom;
}

/* The equal stretches: characters if the budget allows, else sentences refined. */
static bool search(const struct decoded *a, const struct decoded *b, uint64_t budget, struct td_matches *m,
		   struct cnap_text_diff *out)
{
	size_t pre, suf;
	common_ends(a, b, &pre, &suf);
	if (!hopeless(a, pre, a->n - pre - suf, b, pre, b->n - pre - suf, budget, &out->work)) {
		struct td_search s;
		if (!td_search_init(&s, a->key, b->key, a->n + b->n - 2 * (pre + suf), m))
			return false;
		s.budget = budget;
		bool ok = td_search_range(&s, 0, a->n, 0, b->n);
		out->work += s.work;
		td_search_release(&s);
		if (ok || m->oom)
			return !m->oom;
	}

	out->level = CNAP_DIFF_LEVEL_SENTENCES;
	struct td_matches coarse = {0};
	if (!td_sentences(a->key, a->n, b->key, b->n, budget, &out->work, &coarse)) {
		/* Not even sentences: the common ends, and all between them changed. */
		bool oom = coarse.oom;
		free(coarse.v);
		if (oom)
			return false;
		m->n = 0;
		td_matches_add(m, 0, 0, pre);
		td_matches_add(m, a->n - suf, b->n - suf, suf);
		out->unrefined = pre + suf < a->n + b->n ? 1 : 0;
		return !m->oom;
	}
	m->n = 0;
	bool refined = refine(a, b, &coarse, budget, m, &out->unrefined, &out->work);
	free(coarse.v);
	return refined;
}

static void add_op(struct cnap_diff_op *ops, size_t *n, enum cnap_diff_kind kind, const struct decoded *a, size_t pa,
		   size_t la, const struct decoded *b, size_t pb, size_t lb)
{
	ops[(*n)++] = (struct cnap_diff_op){
		.kind = kind,
		.a_off = a->off[pa],
		.a_len = a->off[pa + la] - a->off[pa],
		.b_off = b->off[pb],
		.b_len = b->off[pb + lb] - b->off[pb],
		.chars = la > lb ? la : lb,
	};
}

static enum cnap_err to_ops(struct cnap_arena *ar, const struct td_script *s, const struct decoded *a,
			    const struct decoded *b, struct cnap_text_diff *out, struct cnap_error *err)
{
	out->ops = cnap_arena_calloc(ar, 2 * s->n + 1, sizeof *out->ops);
	if (!out->ops)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t pa = 0, pb = 0, n = 0;
	for (size_t k = 0; k < s->n; k++) {
		const struct td_seg *g = &s->v[k];
		if (k % 2 == 0) {
			if (g->d) {
				add_op(out->ops, &n, CNAP_DIFF_EQUAL, a, pa, g->d, b, pb, g->i);
				out->equal_chars += g->d;
			}
		} else {
			if (g->d)
				add_op(out->ops, &n, CNAP_DIFF_DELETE, a, pa, g->d, b, pb, 0);
			if (g->i)
				add_op(out->ops, &n, CNAP_DIFF_INSERT, a, pa + g->d, 0, b, pb, g->i);
			out->deleted_chars += g->d;
			out->inserted_chars += g->i;
		}
		pa += g->d;
		pb += g->i;
	}
	out->n_ops = n;
	return CNAP_OK;
}

enum cnap_err cnap_text_diff(struct cnap_arena *ar, const char *A, size_t na, const char *B, size_t nb,
			     const struct cnap_diff_options *opt, struct cnap_text_diff *out, struct cnap_error *err)
{
	struct cnap_diff_options o = opt ? *opt : (struct cnap_diff_options){0};
	if (!o.budget)
		o.budget = CNAP_TEXT_DIFF_DEFAULT_BUDGET;
	if (!o.absorb_chars)
		o.absorb_chars = 1;
	*out = (struct cnap_text_diff){.level = CNAP_DIFF_LEVEL_CHARS};
	struct decoded a = {0}, b = {0};
	struct td_matches m = {0};
	struct td_script s = {0};
	enum cnap_err rc = decode(A, na, o.fold_width, "A", "比較する前の文章", &a, err);
	if (rc == CNAP_OK)
		rc = decode(B, nb, o.fold_width, "B", "比較する後の文章", &b, err);
	if (rc != CNAP_OK)
		goto done;
	if (!search(&a, &b, o.budget, &m, out) || !td_script_from_matches(&s, &m, a.n, b.n)) {
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		goto done;
	}
	if (!o.raw) {
		struct td_texts t = {a.key, b.key, a.ch, b.ch, a.n, b.n};
		td_clean_slide(&s, &t);
		td_clean_absorb(&s, &t, o.absorb_chars);
		td_clean_numbers(&s, &t);
		td_clean_slide(&s, &t);
	}
	rc = to_ops(ar, &s, &a, &b, out, err);
done:
	decoded_release(&a);
	decoded_release(&b);
	free(m.v);
	free(s.v);
	return rc;
}

bool cnap_text_diff_changed(const struct cnap_text_diff *d)
{
	for (size_t i = 0; i < d->n_ops; i++)
		if (d->ops[i].kind != CNAP_DIFF_EQUAL)
			return true;
	return false;
}
