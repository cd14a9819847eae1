/*
 * 組織の管理 (/admin/org?cycle=YEAR): a cycle's WGs with the associations
 * reporting in each, in the order of the WG's bundle, with their 調査票; the
 * associations (across cycles) with their 業種; forms to add, rename, enrol,
 * reorder and take back (usecase/organisation.h decides, in Japanese).
 *
 * Every form posts the cycle back as `cycle`. A form's problem is shown
 * beside its own field: the page is drawn again with the posted form marked
 * (which form, which row) and its values kept.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

/* Which form was posted, to show its problems and values beside it. */
struct posted {
	const char *form; /* "wg_add", "wg_rename", "as_add", "as_edit", "join", "enrolment", "remove" */
	const char *wg, *assoc;
};

/* ?cycle=YEAR (or the posted field): -1 when it is not a year of a cycle, 0 when there is no cycle at all. */
static int cycle_param(struct web_req *req)
{
	const char *v = web_param(req, "cycle");
	if (!v || !*v)
		return web_latest_year(req);
	char *end;
	long y = strtol(v, &end, 10);
	struct cnap_cycle c;
	if (*end || y < 1990 || y > 2100 ||
	    cnap_uc_cycle_get(req->store, &req->user->actor, (int)y, req->arena, &c, NULL))
		return -1;
	return (int)y;
}

static bool is_posted(const struct posted *p, const char *form, const char *wg, const char *assoc)
{
	return p && p->form && strcmp(p->form, form) == 0 && (!wg || (p->wg && strcmp(p->wg, wg) == 0)) &&
	       (!assoc || (p->assoc && strcmp(p->assoc, assoc) == 0));
}

/* The posted form's value of field (when this is the form posted), else the stored one. */
static const char *value(struct web_req *req, const struct posted *p, bool here, const char *field, const char *stored)
{
	const char *v = here && p ? web_param(req, field) : NULL;
	return v ? v : stored;
}

/* A problem of the posted form, under key in m: "errors.FIELD" of this response. */
static void put_error(struct web_resp *resp, struct tv *m, bool here, const char *field, const char *key)
{
	const struct tv *e = here ? tv_get(resp->errors, field) : NULL;
	if (e)
		tv_put(m, key, (struct tv *)e);
}

/* One option of a select: {code, name, selected}. */
static void put_choice(struct tv *list, const char *code, const char *name, const char *chosen)
{
	struct tv *m = tv_push_map(list);
	tv_put_str(m, "code", code);
	tv_put_str(m, "name", name);
	tv_put_bool(m, "selected", chosen && strcmp(chosen, code) == 0);
}

static void put_participant(struct web_req *req, struct web_resp *resp, struct tv *list,
			    const struct cnap_participation_row *r, size_t bundle, const struct cnap_template *tpl,
			    size_t n_tpl, const struct posted *p, int year)
{
	struct cnap_arena *a = req->arena;
	struct tv *m = tv_push_map(list);
	bool edit = is_posted(p, "enrolment", r->wg_code, r->association_code);
	bool remove = is_posted(p, "remove", r->wg_code, r->association_code);
	tv_put_str(m, "association", r->association_code);
	tv_put_str(m, "association_name", r->association_name);
	tv_put_str(m, "industry", r->industry);
	tv_put_str(m, "template", r->template_code);
	tv_put_str(m, "template_name", r->template_name);
	tv_put_int(m, "position", r->position);
	tv_put_str(m, "id", cnap_arena_printf(a, "%s-%s", r->wg_code, r->association_code));
	const char *base = cnap_arena_printf(a, "/admin/org/participations/%s/%s", r->wg_code, r->association_code);
	tv_put_str(m, "edit_action", base);
	tv_put_str(m, "remove_action", cnap_arena_printf(a, "%s/remove", base));
	tv_put_str(m, "read_url", cnap_arena_printf(a, "/c/%d/w/%s/a/%s", year, r->wg_code, r->association_code));
	bool empty = cnap_uc_participation_holds_nothing(r);
	tv_put_bool(m, "removable", empty);
	tv_put_bool(m, "template_fixed", !empty);
	tv_put_int(m, "submissions", r->submissions);
	tv_put_int(m, "questions", r->questions);
	const char *chosen = value(req, p, edit, "template", r->template_code);
	struct tv *tl = tv_put_list(m, "templates");
	for (size_t i = 0; i < n_tpl; i++)
		put_choice(tl, tpl[i].code, tpl[i].name, chosen);
	const char *pos = value(req, p, edit, "position", NULL);
	long chosen_pos = pos ? strtol(pos, NULL, 10) : r->position;
	struct tv *pl = tv_put_list(m, "positions");
	for (size_t k = 1; k <= bundle; k++) {
		struct tv *t = tv_push_map(pl);
		tv_put_int(t, "n", (int64_t)k);
		tv_put_bool(t, "selected", chosen_pos == (long)k);
	}
	put_error(resp, m, edit, "template", "template_error");
	put_error(resp, m, edit, "position", "position_error");
	put_error(resp, m, remove, "participation", "remove_error");
}

static void put_wgs(struct web_req *req, struct web_resp *resp, struct tv *v, int year, const struct cnap_wg *wgs,
		    size_t n_wgs, const struct cnap_participation_row *rows, size_t n_rows,
		    const struct cnap_template *tpl, size_t n_tpl, const struct posted *p)
{
	struct cnap_arena *a = req->arena;
	struct tv *list = tv_put_list(v, "wgs");
	for (size_t w = 0; w < n_wgs; w++) {
		struct tv *m = tv_push_map(list);
		bool here = is_posted(p, "wg_rename", wgs[w].code, NULL);
		tv_put_str(m, "code", wgs[w].code);
		tv_put_str(m, "name", wgs[w].name);
		tv_put_str(m, "name_value", value(req, p, here, "name", wgs[w].name));
		tv_put_str(m, "rename_action", cnap_arena_printf(a, "/admin/org/wgs/%s", wgs[w].code));
		put_error(resp, m, here, "name", "name_error");
		size_t bundle = 0;
		bool any_fixed = false; /* the hint says why some rows offer less */
		for (size_t i = 0; i < n_rows; i++)
			if (strcmp(rows[i].wg_code, wgs[w].code) == 0) {
				bundle++;
				any_fixed = any_fixed || !cnap_uc_participation_holds_nothing(&rows[i]);
			}
		tv_put_int(m, "count", (int64_t)bundle);
		tv_put_bool(m, "any_fixed", any_fixed);
		struct tv *pl = tv_put_list(m, "participants");
		for (size_t i = 0; i < n_rows; i++)
			if (strcmp(rows[i].wg_code, wgs[w].code) == 0)
				put_participant(req, resp, pl, &rows[i], bundle, tpl, n_tpl, p, year);
	}
}

static void put_associations(struct web_req *req, struct web_resp *resp, struct tv *v,
			     const struct cnap_association *as, size_t n_as, const struct cnap_wg *wgs, size_t n_wgs,
			     const struct cnap_participation_row *rows, size_t n_rows, const struct posted *p)
{
	struct cnap_arena *a = req->arena;
	struct tv *list = tv_put_list(v, "associations");
	for (size_t i = 0; i < n_as; i++) {
		struct tv *m = tv_push_map(list);
		bool here = is_posted(p, "as_edit", NULL, as[i].code);
		tv_put_str(m, "code", as[i].code);
		tv_put_str(m, "name", as[i].name);
		tv_put_str(m, "name_value", value(req, p, here, "name", as[i].name));
		tv_put_str(m, "industry_value", value(req, p, here, "industry", as[i].industry));
		tv_put_str(m, "edit_action", cnap_arena_printf(a, "/admin/org/associations/%s", as[i].code));
		put_error(resp, m, here, "name", "name_error");
		put_error(resp, m, here, "industry", "industry_error");
		const char *in = NULL; /* the WGs of this cycle it reports in */
		for (size_t r = 0; r < n_rows; r++) {
			if (strcmp(rows[r].association_code, as[i].code) != 0)
				continue;
			const char *name = rows[r].wg_code;
			for (size_t w = 0; w < n_wgs; w++)
				if (strcmp(wgs[w].code, rows[r].wg_code) == 0)
					name = wgs[w].name;
			in = in ? cnap_arena_printf(a, "%s、%s", in, name) : name;
		}
		tv_put_str(m, "in_wgs", in);
	}
}

/* The forms that add: their selects and, when one was posted, its values and problems. */
static void put_add_forms(struct web_req *req, struct web_resp *resp, struct tv *v, const struct cnap_association *as,
			  size_t n_as, const struct cnap_wg *wgs, size_t n_wgs, const struct cnap_template *tpl,
			  size_t n_tpl, const struct posted *p)
{
	bool wg_add = is_posted(p, "wg_add", NULL, NULL), as_add = is_posted(p, "as_add", NULL, NULL),
	     join = is_posted(p, "join", NULL, NULL);
	struct tv *f = tv_put_map(v, "wg_add");
	tv_put_str(f, "code", value(req, p, wg_add, "code", NULL));
	tv_put_str(f, "name", value(req, p, wg_add, "name", NULL));
	put_error(resp, f, wg_add, "code", "code_error");
	put_error(resp, f, wg_add, "name", "name_error");
	f = tv_put_map(v, "as_add");
	tv_put_str(f, "code", value(req, p, as_add, "code", NULL));
	tv_put_str(f, "name", value(req, p, as_add, "name", NULL));
	tv_put_str(f, "industry", value(req, p, as_add, "industry", NULL));
	put_error(resp, f, as_add, "code", "code_error");
	put_error(resp, f, as_add, "name", "name_error");
	put_error(resp, f, as_add, "industry", "industry_error");
	f = tv_put_map(v, "join");
	const char *wg = value(req, p, join, "wg", NULL), *assoc = value(req, p, join, "association", NULL),
		   *template = value(req, p, join, "template", n_tpl ? tpl[0].code : NULL);
	struct tv *l = tv_put_list(f, "wgs");
	for (size_t i = 0; i < n_wgs; i++)
		put_choice(l, wgs[i].code, wgs[i].name, wg);
	l = tv_put_list(f, "associations");
	for (size_t i = 0; i < n_as; i++)
		put_choice(l, as[i].code, as[i].name, assoc);
	l = tv_put_list(f, "templates");
	for (size_t i = 0; i < n_tpl; i++)
		put_choice(l, tpl[i].code, tpl[i].name, template);
	tv_put_bool(f, "possible", n_wgs && n_as && n_tpl);
	put_error(resp, f, join, "wg", "wg_error");
	put_error(resp, f, join, "association", "association_error");
	put_error(resp, f, join, "template", "template_error");
}

static void org_page(struct web_req *req, struct web_resp *resp, const struct posted *p)
{
	const struct cnap_actor *actor = &req->user->actor;
	struct cnap_error err = { 0 };
	int year = cycle_param(req);
	enum cnap_err rc = cnap_uc_allowed(actor, CNAP_ACT_ADMIN, NULL, NULL, &err);
	if (!rc && year < 0) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_cycle *cycles = NULL;
	struct cnap_wg *wgs = NULL;
	struct cnap_association *as = NULL;
	struct cnap_participation_row *rows = NULL;
	struct cnap_template *tpl = NULL;
	size_t n_cycles = 0, n_wgs = 0, n_as = 0, n_rows = 0, n_tpl = 0;
	if (rc || (rc = cnap_uc_cycle_list(req->store, actor, req->arena, &cycles, &n_cycles, &err)) ||
	    (rc = cnap_uc_association_list(req->store, actor, 0, NULL, req->arena, &as, &n_as, &err)) ||
	    (year && ((rc = cnap_uc_wg_list(req->store, actor, year, req->arena, &wgs, &n_wgs, &err)) ||
		      (rc = cnap_uc_participation_list(req->store, actor, year, req->arena, &rows, &n_rows, &err)) ||
		      (rc = cnap_uc_template_list(req->store, actor, year, req->arena, &tpl, &n_tpl, &err))))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_org, WS_org_title);
	struct cnap_cycle cy;
	if (year) {
		tv_put_int(v, "year", year);
		tv_put_str(v, "era", web_era(req->arena, year));
		/* a closed cycle's WGs and enrolments are shown, not changed (its associations are every cycle's) */
		tv_put_bool(v, "closed", !cnap_uc_cycle_get(req->store, actor, year, req->arena, &cy, NULL) &&
						 cy.closed_at);
	}
	struct tv *cl = tv_put_list(v, "org_cycles");
	for (size_t i = n_cycles; i-- > 0;) {
		struct tv *m = tv_push_map(cl);
		tv_put_int(m, "year", cycles[i].year);
		tv_put_str(m, "era", web_era(req->arena, cycles[i].year));
		tv_put_bool(m, "selected", cycles[i].year == year);
	}
	put_wgs(req, resp, v, year, wgs, n_wgs, rows, n_rows, tpl, n_tpl, p);
	put_associations(req, resp, v, as, n_as, wgs, n_wgs, rows, n_rows, p);
	put_add_forms(req, resp, v, as, n_as, wgs, n_wgs, tpl, n_tpl, p);
}

void h_org(struct web_req *req, struct web_resp *resp)
{
	org_page(req, resp, NULL);
}

/* The form field beside which a use case's problem (its where) is shown. */
static const char *field_of(const char *where)
{
	static const struct {
		const char *where, *field;
	} fields[] = {
		{ "wg.code", "code" }, { "wg.name", "name" }, { "association.code", "code" },
		{ "association.name", "name" }, { "association.industry", "industry" },
		{ "participation.wg", "wg" }, { "participation.association", "association" },
		{ "participation.template", "template" }, { "participation.position", "position" },
		{ "participation", "participation" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(fields); i++)
		if (strcmp(where, fields[i].where) == 0)
			return fields[i].field;
	return NULL;
}

/*
 * After a use case: on success back to the page with the notice (and to the place on it), on a problem of a
 * field the page again with it beside that field (a refusal of the whole as 409), else the error page.
 */
static void done(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const struct cnap_error *err,
		 const struct posted *p, int year, const char *msg, const char *anchor)
{
	if (!rc) {
		const char *cycle = year ? cnap_arena_printf(req->arena, "cycle=%d&", year) : "";
		web_redirect(resp, cnap_arena_printf(req->arena, "/admin/org?%smsg=%s%s%s", cycle, msg, anchor ? "#" : "",
						     anchor ? anchor : ""));
		return;
	}
	const char *field = field_of(err->where);
	/* Unknown is a field's problem only for what the form chose (its selects), not for the page's path. */
	bool chosen = strcmp(p->form, "join") == 0 || (field && strcmp(p->form, "enrolment") == 0 && strcmp(field, "template") == 0);
	bool field_problem = field && (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG || rc == CNAP_ECONFLICT ||
				       (rc == CNAP_ENOTFOUND && chosen && strcmp(field, "participation") != 0));
	if (rc == CNAP_ECONFLICT && strcmp(err->where, "cycle") == 0) { /* closed: said above the page */
		resp->status = 409;
		resp->error_code = "conflict";
		resp->message = cnap_arena_strdup(req->arena, err->message);
		org_page(req, resp, p);
		resp->status = 409;
		return;
	}
	if (!field_problem) {
		web_fail(req, resp, rc, err);
		return;
	}
	/* The message outlives the handler's error (the page is drawn after it returns). */
	const char *message = cnap_arena_strdup(req->arena, err->message);
	web_field_error(req, resp, field, message ? message : web_t(WS_field_invalid));
	if (strcmp(field, "participation") == 0) { /* refused as a whole: nothing was changed */
		resp->status = 409;
		resp->error_code = "conflict";
		resp->message = message;
	}
	int status = resp->status;
	org_page(req, resp, p);
	resp->status = status;
}

/* The posted cycle, or the 404 that an unknown one is (after the 403 of who may not manage). */
static bool posted_year(struct web_req *req, struct web_resp *resp, int *year, bool none_ok)
{
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_allowed(&req->user->actor, CNAP_ACT_ADMIN, NULL, NULL, &err);
	if (rc) { /* who may not manage learns nothing of which cycles exist */
		web_fail(req, resp, rc, &err);
		return false;
	}
	*year = cycle_param(req);
	if (*year > 0 || (*year == 0 && none_ok))
		return true;
	web_not_found(req, resp);
	return false;
}

void h_org_wg_add(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, false))
		return;
	struct posted p = { .form = "wg_add" };
	struct cnap_wg wg = { .code = web_param(req, "code"), .name = web_param(req, "name") };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_wg_add(req->store, &req->user->actor, year, &wg, &err);
	done(req, resp, rc, &err, &p, year, "org_wg_added", rc ? NULL : cnap_arena_printf(req->arena, "wg-%s", wg.code));
}

void h_org_wg_rename(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, false))
		return;
	const char *code = web_arg(req, 0);
	struct posted p = { .form = "wg_rename", .wg = code };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_wg_rename(req->store, &req->user->actor, year, code, web_param(req, "name"), &err);
	done(req, resp, rc, &err, &p, year, "org_wg_renamed", cnap_arena_printf(req->arena, "wg-%s", code));
}

void h_org_association_add(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, true))
		return;
	struct posted p = { .form = "as_add" };
	struct cnap_association as = { .code = web_param(req, "code"), .name = web_param(req, "name"),
				       .industry = web_param(req, "industry") };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_association_add(req->store, &req->user->actor, &as, &err);
	done(req, resp, rc, &err, &p, year, "org_association_added", "associations");
}

void h_org_association_edit(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, true))
		return;
	const char *code = web_arg(req, 0);
	struct posted p = { .form = "as_edit", .assoc = code };
	struct cnap_association as = { .code = code, .name = web_param(req, "name"),
				       .industry = web_param(req, "industry") };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_association_edit(req->store, &req->user->actor, &as, &err);
	done(req, resp, rc, &err, &p, year, "org_association_saved", cnap_arena_printf(req->arena, "as-%s", code));
}

void h_org_join(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, false))
		return;
	const char *wg = web_param(req, "wg");
	struct posted p = { .form = "join" };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_participation_add(req->store, &req->user->actor, year, wg,
						     web_param(req, "association"), web_param(req, "template"), &err);
	done(req, resp, rc, &err, &p, year, "org_enrolled", rc ? NULL : cnap_arena_printf(req->arena, "wg-%s", wg));
}

void h_org_enrolment(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, false))
		return;
	const char *wg = web_arg(req, 0), *assoc = web_arg(req, 1), *pos = web_param(req, "position");
	struct posted p = { .form = "enrolment", .wg = wg, .assoc = assoc };
	struct cnap_error err = { 0 };
	int position = 0;
	if (pos && *pos) {
		char *end;
		long n = strtol(pos, &end, 10);
		position = *end || n < 1 || n > 10000 ? -1 : (int)n;
	}
	enum cnap_err rc = cnap_uc_participation_edit(req->store, &req->user->actor, year, wg, assoc,
						      web_param(req, "template"), position, &err);
	done(req, resp, rc, &err, &p, year, "org_enrolment_saved", cnap_arena_printf(req->arena, "wg-%s", wg));
}

void h_org_leave(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!posted_year(req, resp, &year, false))
		return;
	const char *wg = web_arg(req, 0), *assoc = web_arg(req, 1);
	struct posted p = { .form = "remove", .wg = wg, .assoc = assoc };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_participation_remove(req->store, &req->user->actor, year, wg, assoc, &err);
	done(req, resp, rc, &err, &p, year, "org_enrolment_removed", cnap_arena_printf(req->arena, "wg-%s", wg));
}
