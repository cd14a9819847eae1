/*
 * 「検索」 (issue 13): the search box of every page's header leads here; the
 * page repeats the words with filters (年度, WG, 団体, 種類, 状態) and lists
 * the hits best first, each with where it is and a snippet with the words
 * marked, linked to the question or to the item in the survey's reading view.
 * What is found, and what the filters offer, is the use case's answer for
 * this user (usecase/search.h): nothing here decides visibility.
 */
#include "base/compat.h"
#include "usecase/search.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

struct search_params {
	struct cnap_search_request r;
	const char *cycle, *kind, *status; /* as given, for the form */
};

static bool digits(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static const char *given(struct web_req *req, const char *name)
{
	const char *v = web_param(req, name);
	return v && *v ? v : NULL;
}

/* The query string's filters; false (400 set) for a value no form of ours sends. */
static bool parse_params(struct web_req *req, struct web_resp *resp, struct search_params *p)
{
	memset(p, 0, sizeof(*p));
	p->r.q = web_param(req, "q");
	p->r.wg_code = given(req, "wg");
	p->r.association_code = given(req, "association");
	p->r.item = given(req, "item");
	p->r.kind = p->r.status = -1;
	p->cycle = given(req, "cycle");
	p->kind = given(req, "kind");
	p->status = given(req, "status");
	const char *offset = given(req, "offset");
	enum cnap_search_kind k;
	enum cnap_qstatus qs;
	bool ok = (!p->cycle || digits(p->cycle, 4)) && (!offset || digits(offset, 5)) &&
		  (!p->kind || cnap_search_kind_parse(p->kind, &k)) && (!p->status || cnap_qstatus_parse(p->status, &qs));
	if (!ok) {
		web_error(req, resp, 400, WS_error_bad_request);
		return false;
	}
	p->r.year = p->cycle ? (int)strtol(p->cycle, NULL, 10) : 0;
	p->r.offset = offset ? (size_t)strtoul(offset, NULL, 10) : 0;
	if (p->kind)
		p->r.kind = (int)k;
	if (p->status)
		p->r.status = (int)qs;
	return true;
}

/* A query-string value percent-encoded (the |url filter keeps '&', '=' and '%' as they are). */
static void add_param(struct cnap_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	cnap_buf_addf(b, "%s%s=", b->len ? "&" : "", name);
	for (const unsigned char *c = (const unsigned char *)value; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c))
			cnap_buf_addc(b, (char)*c);
		else
			cnap_buf_addf(b, "%%%02X", *c);
	}
}

static const char *page_url(struct web_req *req, const struct search_params *p, size_t offset)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	add_param(&b, "q", p->r.q);
	add_param(&b, "cycle", p->cycle);
	add_param(&b, "wg", p->r.wg_code);
	add_param(&b, "association", p->r.association_code);
	add_param(&b, "item", p->r.item);
	add_param(&b, "kind", p->kind);
	add_param(&b, "status", p->status);
	if (offset)
		cnap_buf_addf(&b, "&offset=%zu", offset);
	const char *url = b.status ? "/search" : cnap_arena_printf(req->arena, "/search?%.*s", (int)b.len, b.data);
	cnap_buf_release(&b);
	return url;
}

static void option(struct tv *list, const char *value, const char *label, const char *current)
{
	struct tv *m = tv_push_map(list);
	tv_put_str(m, "value", value);
	tv_put_str(m, "label", label);
	tv_put_bool(m, "selected", current && strcmp(current, value) == 0);
}

static void put_filters(struct web_req *req, struct tv *v, const struct search_params *p,
			const struct cnap_search_facets *f)
{
	struct tv *years = tv_put_list(v, "cycles");
	for (size_t i = 0; i < f->n_years; i++)
		option(years, cnap_arena_printf(req->arena, "%d", f->years[i]), web_era(req->arena, f->years[i]),
		       p->cycle);
	struct tv *wgs = tv_put_list(v, "wgs");
	for (size_t i = 0; i < f->n_wgs; i++)
		option(wgs, f->wgs[i].code, f->wgs[i].name, p->r.wg_code);
	/* An association user searches its own: a choice of one is no choice. */
	if (f->n_associations > 1) {
		tv_put_bool(v, "has_associations", true);
		struct tv *as = tv_put_list(v, "associations");
		for (size_t i = 0; i < f->n_associations; i++)
			option(as, f->associations[i].code, f->associations[i].name, p->r.association_code);
	}
	struct tv *kinds = tv_put_list(v, "kinds");
	option(kinds, "question", web_t(WS_search_kind_question), p->kind);
	option(kinds, "answer", web_t(WS_search_kind_answer), p->kind);
	option(kinds, "text", web_t(WS_search_kind_text), p->kind);
	struct tv *statuses = tv_put_list(v, "statuses");
	for (int s = 0; s < CNAP_Q_COUNT; s++)
		if (f->statuses & (1u << s))
			option(statuses, cnap_qstatus_name((enum cnap_qstatus)s),
			       web_t(web_status_label((enum cnap_qstatus)s)), p->status);
	tv_put_str(v, "item", p->r.item);
	tv_put_bool(v, "filtered", p->cycle || p->r.wg_code || p->r.association_code || p->r.item || p->kind || p->status);
}

static const char *kind_label(enum cnap_search_kind k)
{
	return web_t(k == CNAP_SEARCH_QUESTION ? WS_search_kind_question
		     : k == CNAP_SEARCH_ANSWER ? WS_search_kind_answer
					       : WS_search_kind_text);
}

static void put_hit(struct web_req *req, struct tv *list, const struct cnap_search_result_hit *r)
{
	const struct cnap_search_hit *h = &r->hit;
	struct tv *m = tv_push_map(list);
	tv_put_str(m, "kind", cnap_search_kind_name(h->kind));
	tv_put_str(m, "kind_label", kind_label(h->kind));
	tv_put_int(m, "year", h->year);
	tv_put_str(m, "era", web_era(req->arena, h->year));
	tv_put_str(m, "wg", h->wg_code);
	tv_put_str(m, "wg_name", h->wg_name);
	tv_put_str(m, "association", h->association.code);
	tv_put_str(m, "association_name", h->association.name);
	tv_put_str(m, "item", h->item_key);
	tv_put_str(m, "item_number", r->item_number);
	tv_put_str(m, "item_title", r->item_title);
	if (h->kind == CNAP_SEARCH_TEXT) {
		tv_put_int(m, "version", h->version);
		tv_put_str(m, "version_label", cnap_arena_printf(req->arena, web_t(WS_search_version), h->version));
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/read#item-%s", h->year, h->wg_code,
						       h->association.code, h->item_key));
	} else {
		tv_put_int(m, "question_id", h->question_id);
		tv_put_int(m, "question_no", h->question_no);
		tv_put_str(m, "question_label",
			   cnap_arena_printf(req->arena, web_t(WS_search_question_no), h->question_no, h->page));
		tv_put_str(m, "status", cnap_qstatus_name(h->status));
		tv_put_str(m, "status_label", web_t(web_status_label(h->status)));
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/q/%lld%s", (long long)h->question_id,
						       h->kind == CNAP_SEARCH_ANSWER ? "#answer" : ""));
	}
	tv_put_bool(m, "cut_before", r->snippet.cut_before);
	tv_put_bool(m, "cut_after", r->snippet.cut_after);
	struct tv *parts = tv_put_list(m, "snippet");
	for (size_t i = 0; i < r->snippet.n; i++) {
		struct tv *part = tv_push_map(parts);
		tv_put_str(part, "text", r->snippet.parts[i].text);
		tv_put_bool(part, "hit", r->snippet.parts[i].hit);
	}
}

static void put_result(struct web_req *req, struct tv *v, const struct search_params *p,
		       const struct cnap_search_result *res)
{
	struct tv *words = tv_put_list(v, "words");
	for (size_t i = 0; i < res->n_words; i++)
		tv_push(words, tv_str(req->arena, res->words[i]));
	if (res->dropped_words)
		tv_put_str(v, "dropped", cnap_arena_printf(req->arena, web_t(WS_search_dropped), CNAP_SEARCH_MAX_WORDS));
	tv_put_bool(v, "capped", res->capped);
	if (res->capped)
		tv_put_str(v, "capped_note", cnap_arena_printf(req->arena, web_t(WS_search_capped), CNAP_SEARCH_CANDIDATES));
	size_t from = p->r.offset + 1, to = p->r.offset + res->n_hits;
	tv_put_str(v, "summary",
		   res->n_hits == 0 ? cnap_arena_printf(req->arena, web_t(WS_search_none), p->r.q)
		   : res->more	    ? cnap_arena_printf(req->arena, web_t(WS_search_range_more), p->r.q, from, to)
				    : cnap_arena_printf(req->arena, web_t(WS_search_range), p->r.q, from, to));
	tv_put_bool(v, "more", res->more);
	struct tv *hits = tv_put_list(v, "hits");
	for (size_t i = 0; i < res->n_hits; i++)
		put_hit(req, hits, &res->hits[i]);
	size_t limit = CNAP_SEARCH_DEFAULT_LIMIT;
	if (res->more) {
		tv_put_int(v, "next_offset", (int64_t)(p->r.offset + res->n_hits));
		tv_put_str(v, "next_url", page_url(req, p, p->r.offset + res->n_hits));
	}
	if (p->r.offset)
		tv_put_str(v, "prev_url", page_url(req, p, p->r.offset > limit ? p->r.offset - limit : 0));
}

void h_search(struct web_req *req, struct web_resp *resp)
{
	struct search_params p;
	if (!parse_params(req, resp, &p))
		return;
	const struct cnap_actor *actor = &req->user->actor;
	struct cnap_search_facets facets;
	struct cnap_error err = {0};
	enum cnap_err rc = cnap_uc_search_facets(req->store, actor, req->arena, &facets, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_search, WS_search_title);
	tv_put_str(v, "q", p.r.q);
	tv_put_str(v, "search_q", p.r.q);
	put_filters(req, v, &p, &facets);
	/* No words asked for yet: the form. A blank query typed into it is the use case's to refuse. */
	if (!p.r.q) {
		tv_put_bool(v, "empty", true);
		return;
	}
	struct cnap_search_result res;
	rc = cnap_uc_search(req->store, actor, &p.r, req->arena, &res, &err);
	if (rc == CNAP_ENOTFOUND && strcmp(err.where, "item") == 0) {
		/* an item typed into the filter that no outline has: said beside that field */
		const char *why = cnap_arena_strdup(req->arena, err.message);
		web_field_error(req, resp, "item", why);
		resp->message = req->api ? why : NULL;
		tv_put_str(v, "item_error", why);
		return;
	}
	if (rc == CNAP_EINVAL) {
		/* The words cannot be searched: say why beside the box, the form kept as typed. */
		const char *why = cnap_arena_strdup(req->arena, err.message);
		/* the key outlives err: the arena's copy */
		web_field_error(req, resp, cnap_arena_strdup(req->arena, *err.where ? err.where : "q"), why);
		/* The page has nothing unsaved to warn of: the reason stands beside the box (and is the API's message). */
		resp->message = req->api ? why : NULL;
		tv_put_str(v, "query_error", why);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, web_t(WS_search_page_title), p.r.q));
	put_result(req, v, &p, &res);
}
