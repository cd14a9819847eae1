/*
 * The association's text under each outline item (issue 12): the list of
 * items with how far each is written, and one page per item — a text box
 * typed as io/doc_text.h reads it (paragraphs, ・ lists, ※ notes, tab- or
 * |-separated tables, [表:code] for the form's data table), saved as the
 * working copy as one types (static/cnap.js), with a preview; 「この内容で
 * 提出」 makes the working copy, data and texts, the next version.
 *
 * Readers (reviewers, or anyone without the right to enter) see the latest
 * version rendered. What each may do is the use case's answer
 * (cnap_uc_texts.o.can_enter_data), asked again by every operation.
 */
#include "base/compat.h"
#include "io/doc_text.h"
#include "io/form_json.h"
#include "publish/doc_html.h"
#include "usecase/survey_text.h"
#include "web/pages.h"

#include <string.h>

struct text_ctx {
	struct assoc_ctx c;
	struct cnap_uc_texts t;
	const char *url; /* "/c/2023/w/denshi/a/bearing/text" */
	struct cnap_form_spec spec;
	bool has_spec;
};

static bool text_load(struct web_req *req, struct web_resp *resp, struct text_ctx *x)
{
	memset(x, 0, sizeof(*x));
	if (!web_year_arg(req, resp, 0, &x->c.year))
		return false;
	x->c.wg = web_arg(req, 1);
	x->c.assoc = web_arg(req, 2);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_texts_load(req->store, &req->user->actor, x->c.year, x->c.wg, x->c.assoc, 0, true,
					      req->arena, &x->t, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return false;
	}
	x->c.o = x->t.o;
	x->url = cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/text", x->c.year, x->c.wg, x->c.assoc);
	const char *tj = x->t.o.tmpl.tables_json;
	x->has_spec = tj && cnap_form_json_parse(tj, strlen(tj), "template.tables", req->arena, &x->spec, NULL) == CNAP_OK;
	return true;
}

/* A data block in the preview: which of the form's tables stands there (it is entered on the data pages). */
static void data_placeholder(void *ctx, const char *table, struct cnap_buf *out)
{
	const struct text_ctx *x = ctx;
	const struct cnap_form_table *t = x->has_spec ? cnap_form_table_find(&x->spec, table) : NULL;
	cnap_buf_adds(out, "<p class=\"doc-data\">");
	cnap_buf_add_html(out, web_t(WS_text_data_block));
	cnap_buf_adds(out, "「");
	cnap_buf_add_html(out, t ? t->title : table);
	cnap_buf_adds(out, "」</p>");
}

static const char *doc_html(struct web_req *req, struct text_ctx *x, const struct cnap_doc *doc)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 8 * 1024 * 1024);
	struct cnap_doc_html_opts opts = { .data_block = data_placeholder, .ctx = x };
	const char *html = cnap_doc_html(doc, &opts, &b) ? NULL : cnap_arena_strndup(req->arena, b.data ? b.data : "", b.len);
	cnap_buf_release(&b);
	return html;
}

static const char *item_url(struct web_req *req, const struct text_ctx *x, const struct cnap_uc_item_doc *e)
{
	return cnap_arena_printf(req->arena, "%s/%s", x->url, e->item->key);
}

static void put_item_head(struct web_req *req, struct tv *m, const struct text_ctx *x, const struct cnap_uc_item_doc *e)
{
	tv_put_str(m, "key", e->item->key);
	tv_put_str(m, "number", e->number);
	tv_put_str(m, "title", e->title);
	tv_put_str(m, "depth", e->item->depth == 0 ? "d0" : e->item->depth == 1 ? "d1" : "d2");
	tv_put_str(m, "url", item_url(req, x, e));
}

static void text_overview(struct web_req *req, struct web_resp *resp, struct text_ctx *x)
{
	const struct cnap_uc_texts *t = &x->t;
	struct tv *v = web_page(req, resp, WT_text, WS_text_title);
	web_assoc_ctx_put(req, v, &x->c);
	bool enter = t->o.can_enter_data;
	tv_put_bool(v, "can_enter", enter);
	tv_put_str(v, "data_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data", x->c.year, x->c.wg, x->c.assoc));
	if (t->latest_version)
		tv_put_int(v, "latest_version", t->latest_version);
	size_t written = 0;
	struct tv *items = tv_put_list(v, "items");
	for (size_t i = 0; i < t->n_items; i++) {
		const struct cnap_uc_item_doc *e = &t->items[i];
		struct tv *m = tv_push_map(items);
		put_item_head(req, m, x, e);
		size_t chars = cnap_doc_chars(&e->doc);
		written += e->has_text;
		if (e->in_draft)
			tv_put_str(m, "state", cnap_arena_printf(req->arena, web_t(WS_text_state_draft),
								 web_date_label(req->arena, e->draft_at)));
		else if (e->has_text)
			tv_put_str(m, "state", cnap_arena_printf(req->arena, web_t(WS_text_state_written), chars));
		else
			tv_put_str(m, "state", web_t(WS_text_state_empty));
		tv_put_bool(m, "empty", !e->has_text);
		tv_put_bool(m, "in_draft", e->in_draft);
	}
	tv_put_str(v, "summary", cnap_arena_printf(req->arena, web_t(WS_text_summary), written, t->n_items));
	if (enter)
		tv_put_str(v, "import_url", cnap_arena_printf(req->arena, "%s/import", x->url));
	if (!enter || !t->n_drafted)
		return;
	struct tv *dv = tv_put_map(v, "drafts");
	tv_put_int(dv, "n", (int64_t)t->n_drafted);
	tv_put_int(dv, "next_version", t->latest_version + 1);
	if (t->draft_base_version < t->latest_version)
		tv_put_str(dv, "stale", cnap_arena_printf(req->arena, web_t(WS_text_draft_stale), t->draft_base_version,
							  t->latest_version));
	tv_put_str(v, "submit_url", cnap_arena_printf(req->arena, "%s/submit", x->url));
	tv_put_str(v, "discard_url", cnap_arena_printf(req->arena, "%s/discard", x->url));
}

void h_text(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	if (text_load(req, resp, &x))
		text_overview(req, resp, &x);
}

void web_text_page_again(struct web_req *req, struct web_resp *resp)
{
	int status = resp->status;
	struct text_ctx x;
	if (!text_load(req, resp, &x))
		return;
	text_overview(req, resp, &x);
	resp->status = status;
}

/* The path's item; a key the outline does not have is not found. */
static const struct cnap_uc_item_doc *item_arg(struct web_req *req, struct web_resp *resp, const struct text_ctx *x,
					       size_t *index)
{
	const char *key = web_arg(req, 3);
	for (size_t i = 0; i < x->t.n_items; i++)
		if (strcmp(x->t.items[i].item->key, key) == 0) {
			*index = i;
			return &x->t.items[i];
		}
	web_not_found(req, resp);
	return NULL;
}

static void render_item(struct web_req *req, struct web_resp *resp, struct text_ctx *x, size_t index,
			const char *typed, const struct cnap_doc *preview)
{
	const struct cnap_uc_item_doc *e = &x->t.items[index];
	struct tv *v = web_page(req, resp, WT_text_item, WS_text_item_title);
	web_assoc_ctx_put(req, v, &x->c);
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, "%s %s", e->number, e->title));
	tv_put_str(v, "text_url", x->url);
	struct tv *im = tv_put_map(v, "item");
	put_item_head(req, im, x, e);
	bool enter = x->t.o.can_enter_data;
	tv_put_bool(v, "can_enter", enter);
	tv_put(v, "preview", tv_html(req->arena, doc_html(req, x, preview ? preview : &e->doc)));
	tv_put_bool(v, "has_text", preview ? !cnap_doc_is_empty(preview) : e->has_text);
	if (index > 0)
		put_item_head(req, tv_put_map(v, "prev"), x, &x->t.items[index - 1]);
	if (index + 1 < x->t.n_items)
		put_item_head(req, tv_put_map(v, "next"), x, &x->t.items[index + 1]);
	if (x->t.latest_version)
		tv_put_int(v, "latest_version", x->t.latest_version);
	if (!enter)
		return;
	if (!typed) {
		struct cnap_buf b;
		cnap_buf_init(&b, CNAP_DOC_MAX_TEXT_BYTES * 2);
		typed = cnap_doc_text_write(&e->doc, &b) ? "" : cnap_arena_strndup(req->arena, b.data ? b.data : "", b.len);
		cnap_buf_release(&b);
	}
	tv_put_str(v, "typed", typed);
	tv_put_str(v, "action", item_url(req, x, e));
	tv_put_str(v, "autosave_url", cnap_arena_printf(req->arena, "/api%s", item_url(req, x, e)));
	if (e->in_draft) {
		tv_put_str(v, "draft_at", web_date_label(req->arena, e->draft_at));
		tv_put_str(v, "discard_url", cnap_arena_printf(req->arena, "%s/discard", item_url(req, x, e)));
	}
}

void h_text_item(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	size_t i;
	if (text_load(req, resp, &x) && item_arg(req, resp, &x, &i))
		render_item(req, resp, &x, i, NULL, NULL);
}

void h_text_item_save(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	size_t i;
	const struct cnap_uc_item_doc *e;
	if (!text_load(req, resp, &x) || !(e = item_arg(req, resp, &x, &i)))
		return;
	if (!x.t.o.can_enter_data) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	const char *typed = web_param(req, "text");
	if (!typed)
		typed = "";
	struct cnap_error err = { 0 };
	struct cnap_doc doc;
	enum cnap_err rc = cnap_doc_text_parse(typed, strlen(typed), e->item->key, req->arena, &doc, &err);
	if (!rc)
		rc = cnap_uc_text_draft_save(req->store, &req->user->actor, x.c.year, x.c.wg, x.c.assoc, e->item->key, &doc,
					     &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG) {
		const char *msg = err.where[0] && !strstr(err.message, err.where)
					  ? cnap_arena_printf(req->arena, "%s: %s", err.where, err.message)
					  : cnap_arena_strdup(req->arena, err.message);
		if (!req->api)
			render_item(req, resp, &x, i, typed, NULL);
		web_field_error(req, resp, "text", msg);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	const char *autosave = web_param(req, "autosave");
	if (req->api || (autosave && strcmp(autosave, "1") == 0)) {
		struct tv *v = resp->view = tv_map(req->arena);
		tv_put_bool(v, "saved", true);
		tv_put_str(v, "saved_at", web_clock_label(req->arena, web_now()));
		tv_put(v, "html", tv_str(req->arena, doc_html(req, &x, &doc)));
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=text_saved", item_url(req, &x, e)));
}

void h_text_item_discard(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	size_t i;
	const struct cnap_uc_item_doc *e;
	if (!text_load(req, resp, &x) || !(e = item_arg(req, resp, &x, &i)))
		return;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_text_draft_discard(req->store, &req->user->actor, x.c.year, x.c.wg, x.c.assoc,
						      e->item->key, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=draft_discarded", item_url(req, &x, e)));
}

void h_text_discard(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	if (!text_load(req, resp, &x))
		return;
	struct cnap_error err = { 0 };
	enum cnap_err rc =
		cnap_uc_text_draft_discard(req->store, &req->user->actor, x.c.year, x.c.wg, x.c.assoc, NULL, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=draft_discarded", x.url));
}

void h_text_submit(struct web_req *req, struct web_resp *resp)
{
	struct text_ctx x;
	if (!text_load(req, resp, &x))
		return;
	if (!x.t.o.can_enter_data) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	const char *note = web_param(req, "note"), *submitted_on = web_param(req, "submitted_on");
	if (note && !*note)
		note = NULL;
	if (submitted_on && !*submitted_on)
		submitted_on = NULL;
	if (submitted_on && cnap_check_date(submitted_on, "submitted_on", NULL))
		web_field_error(req, resp, "submitted_on", web_t(WS_field_date));
	web_check_text(req, resp, "note", note, CNAP_MAX_NOTE_CHARS, true, true);
	if (resp->errors) {
		int status = resp->status;
		text_overview(req, resp, &x);
		resp->status = status;
		return;
	}
	struct cnap_error err = { 0 };
	int version = 0;
	enum cnap_err rc = cnap_uc_survey_submit(req->store, &req->user->actor, x.c.year, x.c.wg, x.c.assoc, submitted_on,
						 note, &version, &err);
	if (rc == CNAP_ECONFLICT || rc == CNAP_EINVAL || (rc == CNAP_ENOTFOUND && strcmp(err.where, "draft") == 0)) {
		struct text_ctx again;
		if (!text_load(req, resp, &again))
			return;
		text_overview(req, resp, &again);
		resp->status = rc == CNAP_EINVAL ? 422 : 409;
		resp->error_code = rc == CNAP_EINVAL ? "invalid" : "conflict";
		resp->message = cnap_arena_strdup(req->arena, err.message);
	} else if (rc) {
		web_fail(req, resp, rc, &err);
	} else {
		web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=text_submitted", x.url));
		if (req->api)
			tv_put_int(resp->view = tv_map(req->arena), "version", version);
	}
}
