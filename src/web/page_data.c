/*
 * An association's quantitative survey data (issue 10), the overview: the
 * tables of its form (usecase/survey_form.h) with how far each is filled
 * in, the draft and the latest version, and what is done to the draft as a
 * whole: submit it as the next version, discard it, fill the previous-year
 * column from last year's survey. The tables themselves are page_form.c.
 *
 * Association users work on their own association, the secretariat on any;
 * reviewers read the latest version. Who may do what is the use case's
 * answer (cnap_uc_form.o.can_enter_data), asked again by every operation.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

bool web_data_load(struct web_req *req, struct web_resp *resp, struct data_ctx *d)
{
	memset(d, 0, sizeof(*d));
	if (!web_year_arg(req, resp, 0, &d->c.year))
		return false;
	d->c.wg = web_arg(req, 1);
	d->c.assoc = web_arg(req, 2);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_form_load(req->store, &req->user->actor, d->c.year, d->c.wg, d->c.assoc, req->arena,
					     &d->f, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return false;
	}
	d->c.o = d->f.o;
	d->url = cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data", d->c.year, d->c.wg, d->c.assoc);
	return true;
}

const char *web_table_number(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t)
{
	const struct cnap_survey_item *it = t->item ? cnap_template_item(&f->o.tmpl, t->item) : NULL;
	if (!it)
		return "";
	const struct cnap_survey_item *ch = it->parent_key ? cnap_template_item(&f->o.tmpl, it->parent_key) : NULL;
	return cnap_arena_printf(a, "%s%s", ch && ch->code ? ch->code : "", it->code ? it->code : "");
}

/* How far a table is filled in: 「未入力」, 「12／30欄入力済み」, 「3件入力済み」. */
static const char *table_hint(struct web_req *req, const struct cnap_form_grid *g, bool *empty)
{
	size_t filled = 0, total = 0, records = 0;
	for (size_t r = 0; r < g->n_rows; r++) {
		bool any = false;
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			if (cell->computed || cell->disabled)
				continue;
			total++;
			if (cell->text && *cell->text)
				filled++, any = true;
		}
		records += any;
	}
	*empty = filled == 0;
	if (!filled)
		return web_t(WS_data_hint_none);
	if (g->table->layout == CNAP_FORM_RECORDS)
		return cnap_arena_printf(req->arena, web_t(WS_data_hint_records), records);
	return cnap_arena_printf(req->arena, web_t(WS_data_hint_cells), filled, total);
}

static void data_overview(struct web_req *req, struct web_resp *resp, const struct data_ctx *d)
{
	const struct cnap_uc_form *f = &d->f;
	struct tv *v = web_page(req, resp, WT_data, WS_data_title);
	web_assoc_ctx_put(req, v, &d->c);
	tv_put_str(v, "data_url", d->url);
	bool enter = f->o.can_enter_data;
	tv_put_bool(v, "can_enter", enter);
	const struct cnap_participation *p = &f->o.part;
	if (f->version && p->n_submissions) {
		const struct cnap_submission *s = &p->submissions[p->n_submissions - 1];
		struct tv *lv = tv_put_map(v, "latest");
		tv_put_int(lv, "version", s->version);
		tv_put_str(lv, "submitted_on", web_date_label(req->arena, s->submitted_on));
	}
	if (enter && f->has_draft) {
		struct tv *dv = tv_put_map(v, "draft");
		tv_put_str(dv, "at", web_date_label(req->arena, f->draft_at));
		tv_put_str(dv, "by", f->draft_by ? web_user_name(req, f->draft_by) : NULL);
		if (f->draft_base_version < f->version)
			tv_put_str(dv, "stale", cnap_arena_printf(req->arena, web_t(WS_data_draft_stale),
								  f->draft_base_version, f->version));
	}
	tv_put_int(v, "next_version", f->version + 1);
	struct tv *tables = tv_put_list(v, "tables");
	for (size_t i = 0; i < f->spec.n_tables; i++) {
		const struct cnap_form_table *t = &f->spec.tables[i];
		struct cnap_form_grid g;
		struct tv *m = tv_push_map(tables);
		tv_put_str(m, "number", web_table_number(req->arena, f, t));
		tv_put_str(m, "title", t->title);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "%s/%s", d->url, t->code));
		bool empty = true;
		if (cnap_uc_form_grid(f, t, req->arena, &g, NULL) == CNAP_OK)
			tv_put_str(m, "hint", table_hint(req, &g, &empty));
		tv_put_bool(m, "empty", empty);
	}
	if (!enter)
		return;
	tv_put_str(v, "submit_url", cnap_arena_printf(req->arena, "%s/submit", d->url));
	tv_put_str(v, "discard_url", cnap_arena_printf(req->arena, "%s/discard", d->url));
	if (f->last_year) {
		tv_put_str(v, "copy_url", cnap_arena_printf(req->arena, "%s/copy-last-year", d->url));
		tv_put_str(v, "copy_hint", cnap_arena_printf(req->arena, web_t(WS_data_copy_hint),
							     web_era(req->arena, f->last_year_cycle), f->actual_year - 1));
	}
	tv_put_str(v, "submitted_on", web_param(req, "submitted_on"));
	tv_put_str(v, "note", web_param(req, "note"));
}

void h_data(struct web_req *req, struct web_resp *resp)
{
	struct data_ctx d;
	if (web_data_load(req, resp, &d))
		data_overview(req, resp, &d);
}

/* The overview again (read anew: an operation may have consumed the working data) with a message. */
static void overview_with(struct web_req *req, struct web_resp *resp, int status, const char *message)
{
	struct data_ctx d;
	if (!web_data_load(req, resp, &d))
		return;
	data_overview(req, resp, &d);
	resp->status = status;
	resp->error_code = status == 409 ? "conflict" : "invalid";
	resp->message = message;
}

static void done(struct web_req *req, struct web_resp *resp, const struct data_ctx *d, const char *msg)
{
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=%s", d->url, msg));
}

void h_data_submit(struct web_req *req, struct web_resp *resp)
{
	struct data_ctx d;
	if (!web_data_load(req, resp, &d))
		return;
	if (!d.f.o.can_enter_data) { /* what the use case would answer, before the fields are looked at */
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	const char *submitted_on = web_param(req, "submitted_on");
	const char *note = web_param(req, "note");
	if (submitted_on && !*submitted_on)
		submitted_on = NULL;
	if (note && !*note)
		note = NULL;
	if (submitted_on && cnap_check_date(submitted_on, "submitted_on", NULL))
		web_field_error(req, resp, "submitted_on", web_t(WS_field_date));
	web_check_text(req, resp, "note", note, CNAP_MAX_NOTE_CHARS, true, true);
	if (resp->errors) {
		int status = resp->status;
		data_overview(req, resp, &d);
		resp->status = status;
		return;
	}
	struct cnap_error err = { 0 };
	int version = 0;
	enum cnap_err rc = cnap_uc_form_submit(req->store, &req->user->actor, &d.f, submitted_on, note, &version, &err);
	if (rc == CNAP_ENOTFOUND && strcmp(err.where, "draft") == 0) {
		overview_with(req, resp, 409, web_t(WS_data_nothing_to_submit));
	} else if (rc == CNAP_ECONFLICT && strcmp(err.where, "draft_stale") == 0) {
		overview_with(req, resp, 409, cnap_arena_strdup(req->arena, err.message));
	} else if (rc == CNAP_EINVAL) {
		/* The data as a whole does not hold together; the model says why in Japanese. */
		overview_with(req, resp, 422, cnap_arena_printf(req->arena, "%s%s", web_t(WS_data_submit_invalid),
								 err.message));
	} else if (rc) {
		web_fail(req, resp, rc, &err);
	} else {
		done(req, resp, &d, "data_saved");
		if (req->api)
			tv_put_int(resp->view = tv_map(req->arena), "version", version);
	}
}

void h_data_discard(struct web_req *req, struct web_resp *resp)
{
	struct data_ctx d;
	if (!web_data_load(req, resp, &d))
		return;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_form_discard(req->store, &req->user->actor, &d.f, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		done(req, resp, &d, "draft_discarded");
}

void h_data_copy_last_year(struct web_req *req, struct web_resp *resp)
{
	struct data_ctx d;
	if (!web_data_load(req, resp, &d))
		return;
	struct cnap_error err = { 0 };
	size_t copied = 0;
	enum cnap_err rc = cnap_uc_form_copy_last_year(req->store, &req->user->actor, &d.f, req->arena, &copied, &err);
	if (rc == CNAP_ENOTFOUND && strcmp(err.where, "last_year") == 0) {
		overview_with(req, resp, 409, web_t(WS_data_no_last_year));
	} else if (rc) {
		web_fail(req, resp, rc, &err);
	} else {
		done(req, resp, &d, "last_year_copied");
		if (req->api)
			tv_put_int(resp->view = tv_map(req->arena), "copied", (int64_t)copied);
	}
}
