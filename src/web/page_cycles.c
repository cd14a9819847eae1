/*
 * 年度の管理 (/admin/cycles): the cycles there are, and the next one made
 * from one of them (usecase/cycle_new.h) — first what it would create, then
 * the same again for real.
 */
#include "base/compat.h"
#include "usecase/cycle_new.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

static int int_param(const struct web_req *req, const char *name, int dflt)
{
	const char *v = web_param(req, name);
	if (!v || !*v)
		return dflt;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1990 || n > 2100 ? -1 : (int)n;
}

static void put_plan(struct web_req *req, struct tv *v, const struct cnap_cycle_new_plan *p)
{
	struct tv *m = tv_put_map(v, "plan");
	tv_put_str(m, "era", web_era(req->arena, p->cycle.year));
	tv_put_str(m, "from_era", web_era(req->arena, p->cycle.from_year));
	tv_put_str(m, "name", p->cycle.name);
	tv_put_int(m, "year", p->cycle.year);
	tv_put_int(m, "from_year", p->cycle.from_year);
	tv_put_int(m, "wgs", (int64_t)p->n_wgs);
	tv_put_int(m, "templates", (int64_t)p->n_templates);
	tv_put_int(m, "reviewers", (int64_t)p->n_reviewer_memberships);
	struct tv *list = tv_put_list(m, "participants");
	for (size_t i = 0; i < p->n_participants; i++) {
		const struct cnap_cycle_new_participant *x = &p->participants[i];
		struct tv *r = tv_push_map(list);
		tv_put_str(r, "name", x->association_name);
		tv_put_int(r, "from_version", x->from_version);
		tv_put_bool(r, "data", x->data);
		tv_put_int(r, "texts", (int64_t)x->n_texts);
		tv_put_int(r, "followups", (int64_t)x->n_followups);
	}
	tv_put_int(m, "followups", (int64_t)p->n_followups);
}

static void cycles_page(struct web_req *req, struct web_resp *resp, const struct cnap_cycle_new_plan *plan)
{
	struct cnap_error err = { 0 };
	const struct cnap_actor *actor = &req->user->actor;
	struct cnap_cycle *cycles;
	size_t n;
	enum cnap_err rc = cnap_uc_allowed(actor, CNAP_ACT_ADMIN, NULL, NULL, &err);
	if (!rc)
		rc = cnap_uc_cycle_list(req->store, actor, req->arena, &cycles, &n, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_cycles, WS_cycles_title);
	struct tv *list = tv_put_list(v, "cycle_rows");
	int newest = n ? cycles[n - 1].year : 0;
	for (size_t i = n; i-- > 0;) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "era", web_era(req->arena, cycles[i].year));
		tv_put_str(m, "name", cycles[i].name);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/c/%d", cycles[i].year));
		tv_put_str(m, "actuals", cnap_arena_printf(req->arena, "%d年度", cycles[i].actual_fiscal_year));
		if (cycles[i].from_year)
			tv_put_str(m, "from_era", web_era(req->arena, cycles[i].from_year));
		tv_put_bool(m, "closed", cycles[i].closed_at != NULL);
		tv_put_str(m, "close_url", cnap_arena_printf(req->arena, "/admin/cycles/%d/close", cycles[i].year));
	}
	int from = int_param(req, "from", newest), year = int_param(req, "year", newest ? newest + 1 : 0);
	struct tv *froms = tv_put_list(v, "froms");
	for (size_t i = n; i-- > 0;) {
		struct tv *m = tv_push_map(froms);
		tv_put_int(m, "year", cycles[i].year);
		tv_put_str(m, "era", web_era(req->arena, cycles[i].year));
		tv_put_bool(m, "selected", cycles[i].year == from);
	}
	if (year > 0)
		tv_put_int(v, "year", year);
	tv_put_bool(v, "can_create", n > 0);
	if (plan)
		put_plan(req, v, plan);
}

void h_cycles(struct web_req *req, struct web_resp *resp)
{
	cycles_page(req, resp, NULL);
}

void h_cycle_new(struct web_req *req, struct web_resp *resp)
{
	const char *confirm = web_param(req, "confirm");
	struct cnap_cycle_new_request r = {
		.from_year = int_param(req, "from", -1),
		.year = int_param(req, "year", -1),
		.dry_run = !confirm || strcmp(confirm, "1") != 0,
	};
	if (r.from_year < 0)
		web_field_error(req, resp, "from", web_t(WS_field_invalid));
	if (r.year < 0)
		web_field_error(req, resp, "year", web_t(WS_cycles_year_invalid));
	if (resp->errors) {
		int status = resp->status;
		cycles_page(req, resp, NULL);
		resp->status = status;
		return;
	}
	struct cnap_cycle_new_plan plan;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_cycle_new(req->store, &req->user->actor, &r, req->arena, &plan, &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ECONFLICT || (rc == CNAP_ENOTFOUND && strcmp(err.where, "from") == 0)) {
		web_field_error(req, resp, strcmp(err.where, "from") == 0 ? "from" : "year", err.message);
		int status = resp->status;
		cycles_page(req, resp, NULL);
		resp->status = status;
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	if (!plan.created) {
		cycles_page(req, resp, &plan);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d?msg=cycle_created", plan.cycle.year));
}

void h_cycle_close(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	const char *reopen = web_param(req, "reopen");
	bool close = !reopen || strcmp(reopen, "1") != 0;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_cycle_close(req->store, &req->user->actor, year, close, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, close ? "/admin/cycles?msg=cycle_closed" : "/admin/cycles?msg=cycle_reopened");
}
