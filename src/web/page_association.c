/* An association's page (its survey outline with the questions threaded on each item) and filing a question. */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

/* Parse the path and apply scope: another association's page does not exist for an association user. */
bool web_assoc_ctx_load(struct web_req *req, struct web_resp *resp, struct assoc_ctx *c)
{
	if (!web_year_arg(req, resp, 0, &c->year))
		return false;
	c->wg = web_arg(req, 1);
	c->assoc = web_arg(req, 2);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_outline_load(req->store, &req->user->actor, c->year, c->wg, c->assoc, req->arena,
						&c->o, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	return rc == CNAP_OK;
}

void web_assoc_ctx_put(struct web_req *req, struct tv *v, const struct assoc_ctx *c)
{
	tv_put_int(v, "year", c->year);
	tv_put_str(v, "era", web_era(req->arena, c->year));
	struct tv *w = tv_put_map(v, "wg");
	tv_put_str(w, "code", c->o.wg.code);
	tv_put_str(w, "name", c->o.wg.name);
	struct tv *as = tv_put_map(v, "association");
	tv_put_str(as, "code", c->o.as.code);
	tv_put_str(as, "name", c->o.as.name);
	tv_put_str(as, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s", c->year, c->wg, c->assoc));
	tv_put_str(v, "dashboard_url", cnap_arena_printf(req->arena, "/c/%d", c->year));
}

void h_association(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	char today[16];
	struct cnap_question *qs;
	size_t n_qs;
	struct cnap_question_filter f = { .year = c.year, .wg_code = c.wg, .association_code = c.assoc, .status = -1 };
	if (!web_questions(req, resp, &f, &qs, &n_qs))
		return;
	web_today_jst(today);
	struct tv *v = web_page(req, resp, WT_association, WS_association_title);
	tv_put_str(v, "page_title", c.o.as.name);
	web_assoc_ctx_put(req, v, &c);
	bool can_file = c.o.can_file;
	tv_put_bool(v, "can_file", can_file);
	if (c.o.part.n_submissions) {
		const struct cnap_submission *s = &c.o.part.submissions[c.o.part.n_submissions - 1];
		struct tv *sm = tv_put_map(v, "submission");
		tv_put_int(sm, "version", s->version);
		tv_put_str(sm, "submitted_on", web_date_label(req->arena, s->submitted_on));
	}
	tv_put(v, "survey", web_survey_view(req, c.year, &c.o));
	web_put_remarks(req, resp, v, &c);
	/* The survey's tables: to enter for those who may, to read for the others in scope. */
	tv_put_str(v, "data_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data", c.year, c.wg, c.assoc));
	tv_put_bool(v, "can_enter_data", c.o.can_enter_data);
	tv_put_str(v, "text_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/text", c.year, c.wg, c.assoc));
	if (c.o.part.n_submissions) { /* the printed 調査票 of the latest version, and its page map */
		tv_put_str(v, "survey_pdf_url",
			   cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/survey.pdf", c.year, c.wg, c.assoc));
		tv_put_str(v, "pages_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/pages", c.year, c.wg, c.assoc));
	}
	if (c.o.part.n_submissions) /* 「版の比較」: two versions, or one against last year's final */
		tv_put_str(v, "diff_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/diff", c.year, c.wg, c.assoc));
	tv_put_str(v, "read_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/read", c.year, c.wg, c.assoc));
	tv_put_str(v, "years_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/years", c.year, c.wg, c.assoc));
	if (c.o.tmpl.tables_json) /* the survey's data tables as a workbook: to read for all, to fill in for some */
		tv_put_str(v, "workbook_url",
			   cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data/workbook", c.year, c.wg, c.assoc));
	struct tv *items = tv_put_list(v, "items");
	int64_t total = 0;
	for (size_t i = 0; i < c.o.tmpl.n_items; i++) {
		const struct cnap_survey_item *it = &c.o.tmpl.items[i];
		struct tv *im = tv_push_map(items);
		int page = cnap_uc_outline_page(&c.o, it->key);
		tv_put_str(im, "key", it->key);
		tv_put_str(im, "code", it->code);
		tv_put_str(im, "title", cnap_item_title(req->arena, it, &c.o.as));
		tv_put_str(im, "depth", it->depth == 0 ? "d0" : it->depth == 1 ? "d1" : "d2");
		tv_put_str(im, "page_label", page ? cnap_arena_printf(req->arena, "P.%d", page) : NULL);
		if (can_file)
			tv_put_str(im, "file_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/new?item=%s", c.year,
								     c.wg, c.assoc, it->key));
		struct tv *ql = tv_put_list(im, "questions");
		for (size_t k = 0; k < n_qs; k++)
			if (strcmp(qs[k].item_key, it->key) == 0) {
				tv_push(ql, web_view_question(req, &qs[k], today));
				total++;
			}
		tv_put_bool(im, "has_q", ql->n > 0);
	}
	tv_put_int(v, "total", total);
}

static void question_form(struct web_req *req, struct web_resp *resp, const struct assoc_ctx *c, const char *item)
{
	struct tv *v = web_page(req, resp, WT_new_question, WS_new_question_title);
	web_assoc_ctx_put(req, v, c);
	tv_put_str(v, "action", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/questions", c->year, c->wg, c->assoc));
	struct tv *opts = tv_put_list(v, "items");
	for (size_t i = 0; i < c->o.tmpl.n_items; i++) {
		const struct cnap_survey_item *it = &c->o.tmpl.items[i];
		struct tv *m = tv_push_map(opts);
		tv_put_str(m, "key", it->key);
		tv_put_str(m, "label", web_item_label(req->arena, &c->o.tmpl, &c->o.as, it->key));
		tv_put_bool(m, "selected", item && strcmp(item, it->key) == 0);
	}
	const char *page = web_param(req, "page");
	if (!page && item && cnap_uc_outline_page(&c->o, item))
		page = cnap_arena_printf(req->arena, "%d", cnap_uc_outline_page(&c->o, item));
	tv_put_str(v, "page", page);
	tv_put_str(v, "text", web_param(req, "text"));
	tv_put_str(v, "note", web_param(req, "note"));
	tv_put_str(v, "due_on", web_param(req, "due_on"));
	tv_put_bool(v, "reviewer", c->o.files_drafts);
	/* What the reviewer was reading, from the reading view: kept through the form as hidden fields. */
	const char *quote = web_param(req, "quote"), *version = web_param(req, "version");
	tv_put_str(v, "quote", quote && *quote ? quote : NULL);
	tv_put_str(v, "version", version && *version ? version : NULL);
}

/* The version read (hidden field "version"): empty is the latest (0); else 1..999. */
static bool parse_read_version(struct web_req *req, struct web_resp *resp, const char *s, int *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 999) {
			web_field_error(req, resp, "version", web_t(WS_field_invalid));
			return false;
		}
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > 999) {
		web_field_error(req, resp, "version", web_t(WS_field_invalid));
		return false;
	}
	*out = v;
	return true;
}

void h_new_question(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	if (!c.o.can_file)
		web_error(req, resp, 403, WS_error_forbidden);
	else
		question_form(req, resp, &c, web_param(req, "item"));
}

/* Page number field: empty is "not given" (0); otherwise 1..9999. */
bool web_parse_page(struct web_req *req, struct web_resp *resp, const char *s, int *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > CNAP_MAX_PAGE) {
			web_field_error(req, resp, "page", web_t(WS_field_page));
			return false;
		}
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > CNAP_MAX_PAGE) {
		web_field_error(req, resp, "page", web_t(WS_field_page));
		return false;
	}
	*out = (int)v;
	return true;
}

bool web_parse_date(struct web_req *req, struct web_resp *resp, const char *s)
{
	if (!s || !*s || cnap_check_date(s, "due_on", NULL) == CNAP_OK)
		return true;
	web_field_error(req, resp, "due_on", web_t(WS_field_date));
	return false;
}

void h_file_question(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	if (!c.o.can_file) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	struct cnap_question q = { .wg_code = c.wg, .association_code = c.assoc };
	q.item_key = web_param(req, "item");
	q.text = web_param(req, "text");
	q.note = web_param(req, "note");
	q.due_on = web_param(req, "due_on");
	if (q.due_on && !*q.due_on)
		q.due_on = NULL;
	if (!q.item_key || !cnap_template_item(&c.o.tmpl, q.item_key))
		web_field_error(req, resp, "item", web_t(WS_field_item));
	web_parse_page(req, resp, web_param(req, "page"), &q.page);
	parse_read_version(req, resp, web_param(req, "version"), &q.submission_version);
	q.quote = web_param(req, "quote");
	if (q.quote && !*q.quote)
		q.quote = NULL;
	web_check_text(req, resp, "text", q.text, CNAP_MAX_QUESTION_CHARS, true, false);
	web_check_text(req, resp, "note", q.note, CNAP_MAX_NOTE_CHARS, true, true);
	web_parse_date(req, resp, q.due_on);
	if (resp->errors) {
		int status = resp->status;
		question_form(req, resp, &c, q.item_key);
		resp->status = status;
		return;
	}
	int64_t id = 0;
	struct cnap_error err = { 0 };
	bool submit = web_param(req, "submit") && *web_param(req, "submit");
	enum cnap_err rc = cnap_uc_question_file(req->store, &req->user->actor, c.year, &q, submit, &id, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		if (resp->errors)
			question_form(req, resp, &c, q.item_key);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/q/%lld?msg=filed", (long long)id));
	if (req->api)
		tv_put_int(resp->view = tv_map(req->arena), "id", id);
}
