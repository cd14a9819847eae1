/* The home redirect, the cycle dashboard and the secretariat's queue. */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

void h_home(struct web_req *req, struct web_resp *resp)
{
	int year = web_latest_year(req);
	if (!year) {
		web_error(req, resp, 404, WS_error_no_cycle);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d", year));
}

/* Columns of the counts table, of which each user sees those that exist for them. */
static const enum cnap_qstatus columns[] = { CNAP_Q_DRAFT, CNAP_Q_SUBMITTED, CNAP_Q_APPROVED, CNAP_Q_SENT,
					     CNAP_Q_ANSWERED, CNAP_Q_ACCEPTED, CNAP_Q_PUBLISHED, CNAP_Q_WITHDRAWN };

static void add_overdue(struct web_req *req, struct tv *list, const struct cnap_question *q,
			const struct cnap_association *as, const char *wg_name, const char *today)
{
	struct tv *m = tv_push(list, web_view_question(req, q, today));
	tv_put_str(m, "association_name", as->name);
	tv_put_str(m, "wg_name", wg_name);
	tv_put_str(m, "excerpt", web_excerpt(req->arena, q->text, 60));
}

void h_dashboard(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	char today[16];
	struct cnap_wg *wgs;
	struct cnap_question *qs;
	size_t n_wgs, n_qs;
	struct cnap_error err = { 0 };
	struct cnap_question_filter f = { .year = year, .status = -1 };
	enum cnap_err rc = cnap_uc_wg_list(req->store, &req->user->actor, year, req->arena, &wgs, &n_wgs, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	if (!web_questions(req, resp, &f, &qs, &n_qs))
		return;
	web_today_jst(today);
	unsigned visible = cnap_uc_visible_statuses(&req->user->actor);
	enum cnap_qstatus cols[CNAP_ARRAY_LEN(columns)];
	size_t n_cols = 0;
	for (size_t c = 0; c < CNAP_ARRAY_LEN(columns); c++)
		if (visible & (1u << columns[c]))
			cols[n_cols++] = columns[c];
	struct tv *v = web_page(req, resp, WT_dashboard, WS_dashboard_title);
	tv_put_int(v, "year", year);
	tv_put_str(v, "era", web_era(req->arena, year));
	struct tv *heads = tv_put_list(v, "columns");
	for (size_t c = 0; c < n_cols; c++)
		tv_put_str(tv_push_map(heads), "label", web_t(web_status_label(cols[c])));
	struct tv *wlist = tv_put_list(v, "wgs"), *overdue = tv_put_list(v, "overdue_items");
	for (size_t w = 0; w < n_wgs; w++) {
		struct cnap_association *as;
		size_t n_as;
		if (cnap_uc_association_list(req->store, &req->user->actor, year, wgs[w].code, req->arena, &as, &n_as,
					     NULL))
			continue;
		struct tv *wm = tv_push_map(wlist);
		tv_put_str(wm, "code", wgs[w].code);
		tv_put_str(wm, "name", wgs[w].name);
		if (cnap_uc_may(&req->user->actor, CNAP_ACT_PUBLISH, wgs[w].code, NULL))
			tv_put_str(wm, "publish_url",
				   cnap_arena_printf(req->arena, "/c/%d/w/%s/publish", year, wgs[w].code));
		struct tv *alist = tv_put_list(wm, "associations");
		for (size_t i = 0; i < n_as; i++) {
			struct tv *am = tv_push_map(alist);
			tv_put_str(am, "code", as[i].code);
			tv_put_str(am, "name", as[i].name);
			tv_put_str(am, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s", year, wgs[w].code,
								 as[i].code));
			int64_t counts[CNAP_Q_COUNT] = { 0 }, total = 0, late = 0;
			for (size_t k = 0; k < n_qs; k++) {
				const struct cnap_question *q = &qs[k];
				if (strcmp(q->wg_code, wgs[w].code) != 0 || strcmp(q->association_code, as[i].code) != 0)
					continue;
				counts[q->status]++;
				total++;
				if (web_overdue(q, today)) {
					late++;
					add_overdue(req, overdue, q, &as[i], wgs[w].name, today);
				}
			}
			struct tv *cells = tv_put_list(am, "counts");
			for (size_t c = 0; c < n_cols; c++)
				tv_put_int(tv_push_map(cells), "n", counts[cols[c]]);
			tv_put_int(am, "total", total);
			tv_put_int(am, "overdue", late);
		}
	}
	tv_put_bool(v, "has_overdue", overdue->n > 0);
}

struct queue_group {
	enum cnap_qstatus status;
	bool only_overdue;
	enum web_str title, hint;
};

static const struct queue_group groups[] = {
	{ CNAP_Q_SUBMITTED, false, WS_queue_submitted, WS_queue_submitted_hint },
	{ CNAP_Q_APPROVED, false, WS_queue_approved, WS_queue_approved_hint },
	{ CNAP_Q_ANSWERED, false, WS_queue_answered, WS_queue_answered_hint },
	{ CNAP_Q_SENT, true, WS_queue_overdue, WS_queue_overdue_hint },
	{ CNAP_Q_ACCEPTED, false, WS_queue_accepted, WS_queue_accepted_hint },
};

void h_queue(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	char today[16];
	struct cnap_question *qs;
	size_t n_qs;
	struct cnap_question_filter f = { .year = year, .status = -1 };
	if (!cnap_uc_may(&req->user->actor, CNAP_ACT_QUEUE_VIEW, NULL, NULL)) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	if (!web_questions(req, resp, &f, &qs, &n_qs))
		return;
	web_today_jst(today);
	struct tv *v = web_page(req, resp, WT_queue, WS_queue_title);
	tv_put_int(v, "year", year);
	tv_put_str(v, "era", web_era(req->arena, year));
	tv_put_str(v, "back", cnap_arena_printf(req->arena, "/c/%d/queue", year));
	struct tv *glist = tv_put_list(v, "groups");
	/* Outlines are loaded once per association: every row needs an item label. */
	struct cnap_uc_outline *outlines = cnap_arena_calloc(req->arena, n_qs + 1, sizeof(*outlines));
	if (!outlines) {
		web_fail(req, resp, CNAP_ENOMEM, &(struct cnap_error){ .code = CNAP_ENOMEM, .message = "out of memory" });
		return;
	}
	size_t n_out = 0;
	for (size_t g = 0; g < CNAP_ARRAY_LEN(groups); g++) {
		struct tv *gm = tv_push_map(glist);
		tv_put_str(gm, "title", web_t(groups[g].title));
		tv_put_str(gm, "hint", web_t(groups[g].hint));
		struct tv *items = tv_put_list(gm, "items");
		for (size_t k = 0; k < n_qs; k++) {
			const struct cnap_question *q = &qs[k];
			if (q->status != groups[g].status || (groups[g].only_overdue && !web_overdue(q, today)))
				continue;
			struct cnap_uc_outline *o = NULL;
			for (size_t i = 0; i < n_out && !o; i++)
				if (strcmp(outlines[i].as.code, q->association_code) == 0 &&
				    strcmp(outlines[i].part.wg_code, q->wg_code) == 0)
					o = &outlines[i];
			if (!o && cnap_uc_outline_load(req->store, &req->user->actor, year, q->wg_code, q->association_code,
						       req->arena, &outlines[n_out], NULL) ==
					  CNAP_OK)
				o = &outlines[n_out++];
			struct tv *m = tv_push(items, web_view_question(req, q, today));
			tv_put_str(m, "association_name", o ? o->as.name : q->association_code);
			tv_put_str(m, "item_label",
				   web_item_label(req->arena, o ? &o->tmpl : NULL, o ? &o->as : NULL, q->item_key));
			tv_put_str(m, "excerpt", web_excerpt(req->arena, q->text, 80));
			tv_put(m, "steps", web_steps(req, cnap_uc_question_steps(&req->user->actor, q)));
		}
		tv_put_int(gm, "count", (int64_t)items->n);
	}
}
