#include "base/compat.h"
#include "usecase/search.h"
#include "base/bigram.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

static enum cnap_err query_error(struct cnap_error *err, const char *msg)
{
	return cnap_fail(err, CNAP_EINVAL, "q", "%s", msg);
}

/* The words of q as an FTS5 expression: each word quoted, all required (a lone character is a term of the index). */
static const char *match_expression(struct cnap_arena *a, const char *const *words, size_t n)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		/* A word holds letters, digits and marks only (base/bigram.h): nothing in it needs escaping. */
		cnap_buf_addf(&b, "%s\"%s\"", i ? " AND " : "", words[i]);
	}
	const char *out = b.status ? NULL : cnap_arena_strndup(a, b.data, b.len);
	cnap_buf_release(&b);
	return out;
}

/* Stops the walk at the first character that is not white space (the ideographic space folds to ' '). */
static int not_space(void *ctx, const struct cnap_folded *f)
{
	(void)ctx;
	return f->cp != ' ' && f->cp != '\t' && f->cp != '\n' && f->cp != '\r';
}

static enum cnap_err read_words(const char *q, struct cnap_arena *a, struct cnap_search_result *out,
				struct cnap_error *err)
{
	size_t len = q ? strlen(q) : 0;
	size_t bad;
	if (!cnap_utf8_valid(q ? q : "", len, &bad))
		return query_error(err, "検索語に UTF-8 として読めない文字があります");
	if (cnap_utf8_count(q ? q : "", len) > CNAP_SEARCH_MAX_QUERY_CHARS)
		return cnap_fail(err, CNAP_EINVAL, "q", "検索語が長すぎます（%d文字まで）", CNAP_SEARCH_MAX_QUERY_CHARS);
	if (cnap_fold_walk(q ? q : "", len, not_space, NULL) == 0)
		return query_error(err, "検索語を入力してください");
	if (!cnap_query_runs(q, len, CNAP_SEARCH_MAX_WORDS, a, &out->words, &out->n_words, &out->dropped_words))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (out->n_words == 0)
		return query_error(err, "検索語に文字も数字もありません（記号だけでは検索できません）");
	return CNAP_OK;
}

/* An item typed as its key or its number, looked up in the outlines of the cycles searched. */
static enum cnap_err resolve_item(struct cnap_store *s, int year, const char *typed, struct cnap_arena *a,
				  const char **key, struct cnap_error *err)
{
	struct cnap_cycle *cycles = NULL;
	size_t n_cycles = 0;
	enum cnap_err rc = cnap_store_cycle_list(s, a, &cycles, &n_cycles, err);
	for (size_t c = 0; !rc && c < n_cycles; c++) {
		if (year && cycles[c].year != year)
			continue;
		struct cnap_template *t;
		size_t n_t;
		if ((rc = cnap_store_template_list(s, cycles[c].year, a, &t, &n_t, err)))
			break;
		for (size_t i = 0; i < n_t; i++) {
			const struct cnap_survey_item *it = cnap_template_item_find(a, &t[i], typed);
			if (it) {
				*key = it->key;
				return CNAP_OK;
			}
		}
	}
	return rc ? rc : cnap_fail(err, CNAP_ENOTFOUND, "item", "調査票の項目「%s」はありません", typed);
}

static enum cnap_err check_filters(struct cnap_store *s, const struct cnap_search_request *req, struct cnap_arena *a,
				   struct cnap_error *err)
{
	enum cnap_err rc;
	if (req->year) {
		struct cnap_cycle c;
		if ((rc = cnap_store_cycle_get(s, req->year, a, &c, err)))
			return rc;
	}
	if (req->association_code) {
		struct cnap_association as;
		if ((rc = cnap_store_association_get(s, req->association_code, a, &as, err)))
			return rc;
	}
	if (req->wg_code) {
		struct cnap_cycle *cycles = NULL;
		size_t n = 0;
		if ((rc = cnap_store_cycle_list(s, a, &cycles, &n, err)))
			return rc;
		for (size_t i = 0; i < n; i++) {
			struct cnap_wg wg;
			if ((req->year && cycles[i].year != req->year) ||
			    cnap_store_wg_get(s, cycles[i].year, req->wg_code, a, &wg, NULL))
				continue;
			return CNAP_OK;
		}
		return cnap_fail(err, CNAP_ENOTFOUND, "wg", "WG「%s」はありません", req->wg_code);
	}
	return CNAP_OK;
}

/* The outlines the hits are in, each read once per search. */
struct outline_cache {
	struct {
		int year;
		const char *code;
		struct cnap_template t;
	} v[16];
	size_t n;
};

static const struct cnap_template *outline(struct cnap_store *s, struct outline_cache *c, int year, const char *code,
					   struct cnap_arena *a, struct cnap_error *err, enum cnap_err *rc)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].year == year && strcmp(c->v[i].code, code) == 0)
			return &c->v[i].t;
	size_t slot = c->n < 16 ? c->n++ : 15;
	c->v[slot].year = year;
	c->v[slot].code = code;
	if ((*rc = cnap_store_template_get(s, year, code, a, &c->v[slot].t, err))) {
		c->n = slot;
		return NULL;
	}
	return &c->v[slot].t;
}

static enum cnap_err describe(struct cnap_store *s, struct outline_cache *cache, struct cnap_search_result *out,
			      struct cnap_search_hit *hits, struct cnap_arena *a, struct cnap_error *err)
{
	out->hits = cnap_arena_calloc(a, out->n_hits ? out->n_hits : 1, sizeof(*out->hits));
	if (!out->hits)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < out->n_hits; i++) {
		struct cnap_search_result_hit *r = &out->hits[i];
		r->hit = hits[i];
		enum cnap_err rc = CNAP_OK;
		const struct cnap_template *t = outline(s, cache, r->hit.year, r->hit.template_code, a, err, &rc);
		if (!t)
			return rc;
		r->item_number = "";
		r->item_title = r->hit.item_key;
		for (size_t k = 0; k < t->n_items; k++)
			if (strcmp(t->items[k].key, r->hit.item_key) == 0) {
				r->item_number = cnap_item_number(a, t, &t->items[k]);
				r->item_title = cnap_item_title(a, &t->items[k], &r->hit.association);
				break;
			}
		if (!r->item_number || !r->item_title ||
		    !cnap_snippet_make(r->hit.body, out->words, out->n_words, CNAP_SEARCH_SNIPPET_CHARS, a, &r->snippet))
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_search(struct cnap_store *s, const struct cnap_actor *actor, const struct cnap_search_request *req,
			     struct cnap_arena *a, struct cnap_search_result *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = read_words(req->q, a, out, err);
	if (rc)
		return rc;
	if (req->limit > CNAP_SEARCH_MAX_LIMIT)
		return cnap_fail(err, CNAP_EINVAL, "limit", "一度に表示できるのは%d件までです", CNAP_SEARCH_MAX_LIMIT);
	if (req->offset > CNAP_SEARCH_MAX_OFFSET)
		return cnap_fail(err, CNAP_EINVAL, "offset", "%d件より先は表示できません。条件を絞ってください",
				 CNAP_SEARCH_MAX_OFFSET);
	struct cnap_search_filter f = {
		.match = match_expression(a, out->words, out->n_words),
		.where = {.year = req->year, .wg_code = req->wg_code, .association_code = req->association_code,
			  .status = req->status},
		.kind = req->kind,
		.limit = req->limit ? req->limit : CNAP_SEARCH_DEFAULT_LIMIT,
		.offset = req->offset,
	};
	if (!f.match)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if ((rc = cnap_store_read_begin(s, err)))
		return rc;
	struct cnap_search_page page = {0};
	struct outline_cache cache = {.n = 0};
	if (!(rc = check_filters(s, req, a, err)) &&
	    !(rc = req->item ? resolve_item(s, req->year, req->item, a, &f.item_key, err) : CNAP_OK)) {
		cnap_policy_search_scope(actor, &f);
		rc = cnap_store_search(s, &f, a, &page, err);
	}
	out->n_hits = page.n;
	out->more = page.more;
	out->capped = page.capped;
	if (!rc)
		rc = describe(s, &cache, out, page.hits, a, err);
	cnap_store_read_end(s);
	return rc;
}

static bool has_wg(const struct cnap_search_facets *f, const char *code)
{
	for (size_t i = 0; i < f->n_wgs; i++)
		if (strcmp(f->wgs[i].code, code) == 0)
			return true;
	return false;
}

static bool has_association(const struct cnap_search_facets *f, const char *code)
{
	for (size_t i = 0; i < f->n_associations; i++)
		if (strcmp(f->associations[i].code, code) == 0)
			return true;
	return false;
}

/* The WGs of one cycle and the associations in them that actor may view, added to out once each. */
static enum cnap_err add_cycle_facets(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      struct cnap_arena *a, struct cnap_search_facets *out, size_t *cap_w,
				      size_t *cap_a, struct cnap_error *err)
{
	struct cnap_wg *wgs;
	size_t n_wgs;
	enum cnap_err rc = cnap_store_wg_list(s, year, a, &wgs, &n_wgs, err);
	for (size_t w = 0; !rc && w < n_wgs; w++) {
		struct cnap_association *as;
		size_t n_as;
		if ((rc = cnap_store_association_list(s, year, wgs[w].code, a, &as, &n_as, err)))
			break;
		bool any = false;
		for (size_t k = 0; k < n_as; k++) {
			if (cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wgs[w].code, as[k].code, NULL))
				continue;
			any = true;
			if (has_association(out, as[k].code))
				continue;
			struct cnap_association *v =
				cnap_arena_grow(a, out->associations, out->n_associations, cap_a, sizeof(*v));
			if (!v)
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			out->associations = v;
			out->associations[out->n_associations++] = as[k];
		}
		if (!any || has_wg(out, wgs[w].code))
			continue;
		struct cnap_wg *v = cnap_arena_grow(a, out->wgs, out->n_wgs, cap_w, sizeof(*v));
		if (!v)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		out->wgs = v;
		out->wgs[out->n_wgs++] = wgs[w];
	}
	return rc;
}

static int by_code(const void *x, const void *y)
{
	return strcmp(((const struct cnap_association *)x)->code, ((const struct cnap_association *)y)->code);
}

enum cnap_err cnap_uc_search_facets(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				    struct cnap_search_facets *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->statuses = cnap_policy_visible_statuses(actor);
	struct cnap_cycle *cycles;
	size_t n = 0, cap_w = 0, cap_a = 0;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_store_cycle_list(s, a, &cycles, &n, err)) &&
	    !(out->years = cnap_arena_calloc(a, n ? n : 1, sizeof(*out->years))))
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	/* newest first: the WGs' names and order are this year's */
	for (size_t i = n; !rc && i-- > 0;) {
		out->years[out->n_years++] = cycles[i].year;
		rc = add_cycle_facets(s, actor, cycles[i].year, a, out, &cap_w, &cap_a, err);
	}
	cnap_store_read_end(s);
	if (!rc && out->n_associations)
		qsort(out->associations, out->n_associations, sizeof(*out->associations), by_code);
	return rc;
}

enum cnap_err cnap_uc_search_reindex(struct cnap_store *s, const struct cnap_actor *actor, int64_t *rows,
				     struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	return rc ? rc : cnap_store_search_reindex(s, rows, err);
}
