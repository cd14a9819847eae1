/*
 * The secretariat's user management: list, add, reset a password (which also lifts a lockout).
 * Bulk registration and one user's edit page are page_user_admin.c's.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "web/pages.h"

#include <string.h>

const char *const *web_form_wgs(struct web_req *req, size_t *n)
{
	const char **v = cnap_arena_calloc(req->arena, req->form.n + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; v && i < req->form.n; i++)
		if (strcmp(req->form.v[i].key, "wg") == 0 && *req->form.v[i].val)
			v[(*n)++] = req->form.v[i].val;
	return v;
}

static bool listed(const char *const *v, size_t n, const char *code)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v[i], code) == 0)
			return true;
	return false;
}

void web_put_user_choices(struct tv *v, const char *role, const char *assoc, const struct cnap_association *as,
			  size_t n_as, const struct cnap_wg *wgs, size_t n_wgs, const char *const *checked,
			  size_t n_checked)
{
	struct tv *roles = tv_put_list(v, "roles");
	for (int r = 0; r < CNAP_ROLE_COUNT; r++) {
		struct tv *m = tv_push_map(roles);
		tv_put_str(m, "value", cnap_role_name((enum cnap_role)r));
		tv_put_str(m, "label", web_t(web_role_label((enum cnap_role)r)));
		tv_put_bool(m, "selected", role && strcmp(role, cnap_role_name((enum cnap_role)r)) == 0);
	}
	struct tv *alist = tv_put_list(v, "associations");
	for (size_t k = 0; k < n_as; k++) {
		struct tv *m = tv_push_map(alist);
		tv_put_str(m, "code", as[k].code);
		tv_put_str(m, "name", as[k].name);
		tv_put_bool(m, "selected", assoc && strcmp(assoc, as[k].code) == 0);
	}
	struct tv *wlist = tv_put_list(v, "wgs");
	for (size_t k = 0; k < n_wgs; k++) {
		struct tv *m = tv_push_map(wlist);
		tv_put_str(m, "code", wgs[k].code);
		tv_put_str(m, "name", wgs[k].name);
		tv_put_bool(m, "checked", listed(checked, n_checked, wgs[k].code));
	}
}

/*
 * A reviewer's WG by its name: memberships are per cycle, so a WG of an older (or newer) cycle than the
 * latest is looked up in the cycle it belongs to, newest first. The code only if no cycle names it.
 */
static const char *wg_name(struct web_req *req, const struct cnap_cycle *cycles, size_t n_cycles, const char *code)
{
	for (size_t c = n_cycles; c-- > 0;) {
		struct cnap_wg *w;
		size_t n = 0;
		struct cnap_error err = { 0 };
		if (cnap_uc_wg_list(req->store, &req->user->actor, cycles[c].year, req->arena, &w, &n, &err))
			continue;
		for (size_t k = 0; k < n; k++)
			if (strcmp(w[k].code, code) == 0)
				return w[k].name;
	}
	return code;
}

static void users_page(struct web_req *req, struct web_resp *resp)
{
	struct cnap_uc_user *accounts;
	struct cnap_association *as;
	struct cnap_wg *wgs = NULL;
	struct cnap_cycle *cycles = NULL;
	size_t n, n_as, n_wgs = 0, n_cycles = 0;
	struct cnap_error err = { 0 };
	int year = web_users_year(req);
	enum cnap_err rc;
	char now[32];
	web_iso(web_now(), now);
	const struct cnap_actor *actor = &req->user->actor;
	if ((rc = cnap_uc_user_list(req->store, actor, req->arena, &accounts, &n, &err)) ||
	    (rc = cnap_uc_association_list(req->store, actor, 0, NULL, req->arena, &as, &n_as, &err)) ||
	    (rc = cnap_uc_cycle_list(req->store, actor, req->arena, &cycles, &n_cycles, &err)) ||
	    (year && (rc = cnap_uc_wg_list(req->store, actor, year, req->arena, &wgs, &n_wgs, &err)))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_users, WS_users_title);
	struct tv *list = tv_put_list(v, "users");
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		const struct cnap_user *u = &accounts[i].user;
		tv_put_str(m, "login", u->login);
		tv_put_str(m, "name", u->name);
		tv_put_str(m, "role", cnap_role_name(u->role));
		tv_put_str(m, "role_label", web_t(web_role_label(u->role)));
		const char *scope = u->association_code;
		for (size_t k = 0; k < n_as && scope; k++)
			if (strcmp(as[k].code, u->association_code) == 0)
				scope = as[k].name;
		for (size_t k = 0; k < u->n_wg_codes; k++) {
			const char *wg = wg_name(req, cycles, n_cycles, u->wg_codes[k]);
			bool again = false; /* the same WG in two cycles is named once */
			for (size_t j = 0; j < k && !again; j++)
				again = strcmp(u->wg_codes[j], u->wg_codes[k]) == 0;
			if (!again)
				scope = scope ? cnap_arena_printf(req->arena, "%s、%s", scope, wg) : wg;
		}
		tv_put_str(m, "scope", scope);
		tv_put_str(m, "email", u->email);
		tv_put_bool(m, "inactive", !u->active);
		tv_put_str(m, "edit_url", cnap_arena_printf(req->arena, "/admin/users/%s/edit?cycle=%d", u->login, year));
		tv_put_bool(m, "can_login", accounts[i].has_password);
		tv_put_bool(m, "locked", accounts[i].locked_until && strcmp(accounts[i].locked_until, now) > 0);
		tv_put_str(m, "password_action", cnap_arena_printf(req->arena, "/admin/users/%s/password", u->login));
		/* A failed reset shows its message in that user's row. */
		const struct tv *perr = tv_get(resp->errors, cnap_arena_printf(req->arena, "password_%s", u->login));
		if (perr)
			tv_put(m, "password_error", (struct tv *)perr);
	}
	size_t n_checked;
	const char *const *checked = web_form_wgs(req, &n_checked);
	web_put_user_choices(v, web_param(req, "role"), web_param(req, "association"), as, n_as, wgs, n_wgs, checked,
			     n_checked);
	tv_put_str(v, "login", web_param(req, "login"));
	tv_put_str(v, "name", web_param(req, "name"));
	tv_put_str(v, "email", web_param(req, "email"));
	tv_put_int(v, "cycle", year);
	tv_put_str(v, "add_action", year ? cnap_arena_printf(req->arena, "/admin/users?cycle=%d", year) : "/admin/users");
	char era[32] = "";
	if (year)
		cnap_jp_era_fiscal_year(year, false, era, sizeof(era));
	tv_put_str(v, "era", cnap_arena_strdup(req->arena, era));
}

void h_users(struct web_req *req, struct web_resp *resp)
{
	users_page(req, resp);
}

static void reshow(struct web_req *req, struct web_resp *resp)
{
	int status = resp->status;
	users_page(req, resp);
	resp->status = status;
}

void web_users_page_again(struct web_req *req, struct web_resp *resp)
{
	reshow(req, resp);
}

void h_user_add(struct web_req *req, struct web_resp *resp)
{
	if (!cnap_uc_may(&req->user->actor, CNAP_ACT_ADMIN, NULL, NULL)) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	struct cnap_user u = { 0 };
	const char *role = web_param(req, "role"), *password = web_param(req, "password");
	u.login = web_param(req, "login");
	u.name = web_param(req, "name");
	u.association_code = web_param(req, "association");
	if (u.association_code && !*u.association_code)
		u.association_code = NULL;
	u.email = web_param(req, "email");
	if (u.email && !*u.email)
		u.email = NULL;
	struct cnap_error email_err = { 0 };
	if (u.email && cnap_check_email(u.email, "email", &email_err))
		web_field_error(req, resp, "email", cnap_arena_strdup(req->arena, email_err.message));
	if (!u.login || cnap_check_code(u.login, "login", NULL))
		web_field_error(req, resp, "login", web_t(WS_field_login));
	web_check_text(req, resp, "name", u.name, CNAP_MAX_NAME_CHARS, false, false);
	if (!cnap_role_parse(role, &u.role))
		web_field_error(req, resp, "role", web_t(WS_field_invalid));
	else if (u.role == CNAP_ROLE_ASSOCIATION && !u.association_code)
		web_field_error(req, resp, "association", web_t(WS_field_association));
	else if (u.role != CNAP_ROLE_ASSOCIATION)
		u.association_code = NULL;
	int year = web_users_year(req);
	if (u.role == CNAP_ROLE_REVIEWER)
		u.wg_codes = (const char **)web_form_wgs(req, &u.n_wg_codes);
	struct cnap_error err = { 0 };
	if (!cnap_uc_password_acceptable(password))
		web_field_error(req, resp, "password", web_t(WS_password_rules));
	if (resp->errors) {
		reshow(req, resp);
		return;
	}
	enum cnap_err rc = cnap_uc_user_add(req->store, &req->user->actor, year, &u, password ? password : "", &err);
	if (rc == CNAP_ECONFLICT)
		web_field_error(req, resp, "login", web_t(WS_field_login_taken));
	else if (rc && strcmp(err.where, "user.password") == 0)
		web_field_error(req, resp, "password", web_t(WS_password_rules));
	else if (rc)
		web_fail(req, resp, rc, &err);
	if (rc) {
		if (resp->errors)
			reshow(req, resp);
		return;
	}
	web_redirect(resp, "/admin/users?msg=user_added");
}

void h_user_password(struct web_req *req, struct web_resp *resp)
{
	const char *login = web_arg(req, 0), *password = web_param(req, "password");
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_password_set(req->store, &req->user->actor, login, password ? password : "", &err);
	if (rc && strcmp(err.where, "user.password") == 0) {
		web_field_error(req, resp, cnap_arena_printf(req->arena, "password_%s", login), web_t(WS_password_rules));
		reshow(req, resp);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, "/admin/users?msg=password_reset");
}
