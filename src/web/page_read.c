/*
 * Reading an association's survey item by item (issue 12 part 4): GET …/read,
 * one version (?v=N, the latest by default), every item or one (?item=KEY), the
 * text with the page markers 「P.21」 where the printed 調査票's pages break, the
 * questions already filed beside each item, and 「この項目について質問する」.
 * static/cnap.js adds the button on a selected passage; without it the item's
 * link opens the same form.
 */
#include "base/compat.h"
#include "io/form_json.h"
#include "publish/doc_html.h"
#include "usecase/survey_read.h"
#include "web/pages.h"

#include <string.h>

struct read_page {
	struct web_req *req;
	const struct cnap_uc_read *r;
	const char *base; /* "/c/2023/w/denshi/a/bearing" */
	struct cnap_form_spec spec; /* the form's tables, for the names of the data blocks */
	bool has_spec;
};

/*
 * 「P.22」 where a page of the printed 調査票 begins inside an item's text; data-page gives a
 * selection its page. The label is the stylesheet's (attr(data-label)), not text, so a
 * passage selected across it is quoted without it.
 */
static void page_mark(int page, struct cnap_buf *out)
{
	cnap_buf_addf(out, "<p class=\"page-mark in-text\" data-page=\"%d\"><span data-label=\"P.%d\"></span></p>", page,
		      page);
}

struct doc_ctx {
	const struct read_page *p;
	const struct cnap_uc_read_item *it;
	size_t next_break;
};

static void before_block(void *ctx, size_t block, struct cnap_buf *out)
{
	struct doc_ctx *d = ctx;
	for (; d->next_break < d->it->n_breaks && d->it->breaks[d->next_break].block <= block; d->next_break++)
		page_mark(d->it->breaks[d->next_break].page, out);
}

/* A data table's place in the text: its name, linked to the table (the data pages show its cells). */
static void data_block(void *ctx, const char *table, struct cnap_buf *out)
{
	const struct doc_ctx *d = ctx;
	const struct cnap_form_table *t = d->p->has_spec ? cnap_form_table_find(&d->p->spec, table) : NULL;
	cnap_buf_adds(out, "<p class=\"doc-data\"><a href=\"");
	cnap_buf_add_html(out, d->p->base);
	cnap_buf_adds(out, "/data/");
	cnap_buf_add_html(out, table);
	cnap_buf_adds(out, "\">");
	cnap_buf_add_html(out, web_t(WS_read_data_table));
	cnap_buf_adds(out, "「");
	cnap_buf_add_html(out, t ? t->title : table);
	cnap_buf_adds(out, "」</a></p>");
}

/* The item's text as trusted markup (doc_html escapes every text), or NULL when it has none. */
static struct tv *doc_view(const struct read_page *p, const struct cnap_uc_read_item *it)
{
	if (!it->doc)
		return NULL;
	struct doc_ctx d = { p, it, 0 };
	struct cnap_doc_html_opts opts = { .data_block = data_block, .before_block = before_block, .ctx = &d };
	struct cnap_buf b;
	cnap_buf_init(&b, 8 * 1024 * 1024);
	struct tv *v = NULL;
	enum cnap_err rc = cnap_doc_html(it->doc, &opts, &b);
	/* Pages that begin in what is printed after the text. */
	before_block(&d, it->doc->n_blocks, &b);
	if (rc == CNAP_OK && !b.status)
		v = tv_html(p->req->arena, cnap_arena_strndup(p->req->arena, b.data ? b.data : "", b.len));
	cnap_buf_release(&b);
	return v;
}

static const char *new_question_url(const struct read_page *p, const struct cnap_uc_read_item *it)
{
	struct cnap_arena *a = p->req->arena;
	const char *page = it->page ? cnap_arena_printf(a, "&page=%d", it->page) : "";
	const char *version = p->r->version ? cnap_arena_printf(a, "&version=%d", p->r->version) : "";
	return cnap_arena_printf(a, "%s/new?item=%s%s%s", p->base, it->item->key, page, version);
}

static void put_items(const struct read_page *p, struct tv *v, const char *today)
{
	struct cnap_arena *a = p->req->arena;
	const struct cnap_uc_read *r = p->r;
	struct tv *items = tv_put_list(v, "items");
	int shown = 0; /* the page the last marker showed: a marker where the item starts a new one */
	for (size_t i = 0; i < r->n_items; i++) {
		const struct cnap_uc_read_item *it = &r->items[i];
		struct tv *m = tv_push_map(items);
		tv_put_str(m, "key", it->item->key);
		tv_put_str(m, "number", it->number);
		tv_put_str(m, "title", it->title);
		tv_put_str(m, "depth", it->item->depth == 0 ? "d0" : it->item->depth == 1 ? "d1" : "d2");
		tv_put_str(m, "url", cnap_arena_printf(a, "%s/read?item=%s%s", p->base, it->item->key,
						       r->version ? cnap_arena_printf(a, "&v=%d", r->version) : ""));
		if (it->page && it->page != shown) {
			tv_put_int(m, "page", it->page);
			shown = it->page;
		}
		tv_put_int(m, "start_page", it->page);
		if (it->n_breaks)
			shown = it->breaks[it->n_breaks - 1].page;
		tv_put(m, "doc", doc_view(p, it));
		if (r->o.can_file)
			tv_put_str(m, "ask_url", new_question_url(p, it));
		struct tv *qs = tv_put_list(m, "questions");
		for (size_t k = 0; k < it->n_questions; k++) {
			/* Beside the text, in brief: the question page has the rest. */
			const struct cnap_question *q = &it->questions[k];
			struct tv *qv = tv_push(qs, web_view_question(p->req, q, today));
			tv_put_str(qv, "excerpt", web_excerpt(a, q->text, 90));
			if (q->quote)
				tv_put_str(qv, "excerpt_quote", web_excerpt(a, q->quote, 60));
		}
		tv_put_bool(m, "has_q", it->n_questions > 0);
	}
}

static void put_versions(const struct read_page *p, struct tv *v, const char *item)
{
	struct cnap_arena *a = p->req->arena;
	const struct cnap_participation *part = &p->r->o.part;
	struct tv *list = tv_put_list(v, "versions");
	for (size_t i = 0; i < part->n_submissions; i++) {
		const struct cnap_submission *s = &part->submissions[i];
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "version", s->version);
		tv_put_bool(m, "current", s->version == p->r->version);
		tv_put_str(m, "url", cnap_arena_printf(a, "%s/read?v=%d%s%s", p->base, s->version, item ? "&item=" : "",
						       item ? item : ""));
	}
}

void h_survey_read(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	const char *wg = web_arg(req, 1), *assoc = web_arg(req, 2), *item = web_param(req, "item");
	const char *vs = web_param(req, "v");
	int version = 0;
	for (const char *c = vs; c && *c; c++) {
		if (*c < '0' || *c > '9' || version > 999) {
			web_not_found(req, resp);
			return;
		}
		version = version * 10 + (*c - '0');
	}
	if (item && !*item)
		item = NULL;
	struct cnap_uc_read r;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_survey_read(req->store, &req->user->actor, year, wg, assoc, version, item, req->arena,
					       &r, &err);
	/* An unknown item or version in the address is a page that does not exist. */
	if (rc == CNAP_ENOTFOUND || rc == CNAP_EINVAL) {
		web_not_found(req, resp);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	char today[16];
	web_today_jst(today);
	struct read_page p = { req, &r, cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s", year, wg, assoc), { 0 }, false };
	const char *tj = r.o.tmpl.tables_json;
	p.has_spec = tj && cnap_form_json_parse(tj, strlen(tj), "template.tables", req->arena, &p.spec, NULL) == CNAP_OK;
	struct tv *v = web_page(req, resp, WT_read, WS_read_title);
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, "%s %s", r.o.as.name, web_t(WS_read_title)));
	struct assoc_ctx c = { .year = year, .wg = wg, .assoc = assoc, .o = r.o };
	web_assoc_ctx_put(req, v, &c);
	tv_put_int(v, "version", r.version);
	tv_put_bool(v, "one_item", item != NULL);
	tv_put_bool(v, "no_text", r.n_with_text == 0);
	tv_put_str(v, "all_url", cnap_arena_printf(req->arena, "%s/read%s", p.base,
						   r.version ? cnap_arena_printf(req->arena, "?v=%d", r.version) : ""));
	put_versions(&p, v, item);
	put_items(&p, v, today);
	if (r.o.can_file) {
		struct tv *ask = tv_put_map(v, "ask");
		tv_put_str(ask, "action", cnap_arena_printf(req->arena, "%s/new", p.base));
		tv_put_int(ask, "version", r.version);
		tv_put_int(ask, "max", CNAP_MAX_QUOTE_CHARS);
	}
}
