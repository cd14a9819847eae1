/*
 * The secretariat's user administration beyond the list (issue 14): users in
 * bulk from a CSV or an Excel file, with a confirmation screen that shows who
 * will be added or every problem of every row (nothing is written before
 * 「登録する」; the file waits in web/hold.h meanwhile), and one user's edit
 * page: name, e-mail, role, association, the WGs of the cycle being looked at
 * (checkboxes), deactivate / reactivate, and their API tokens to revoke.
 * Checks and writes are usecase/user_import.h's and usecase/accounts.h's.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "usecase/user_import.h"
#include "web/hold.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#define HOLD_SCOPE "user-import"

static bool admin_only(struct web_req *req, struct web_resp *resp)
{
	if (cnap_uc_may(&req->user->actor, CNAP_ACT_ADMIN, NULL, NULL))
		return true;
	web_error(req, resp, 403, WS_error_forbidden);
	return false;
}

int web_users_year(struct web_req *req)
{
	const char *s = web_param(req, "cycle");
	char *end = NULL;
	long y = s && *s ? strtol(s, &end, 10) : 0;
	if (end && !*end && y >= 1990 && y <= 2100)
		return (int)y;
	return web_current_year(req);
}

static const char *era_of(struct web_req *req, int year)
{
	char era[32] = "";
	if (year)
		cnap_jp_era_fiscal_year(year, false, era, sizeof(era));
	return cnap_arena_strdup(req->arena, era);
}

/* ---- in bulk ---- */

static const char *name_of(const struct cnap_association *as, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(as[i].code, code) == 0)
			return as[i].name;
	return code;
}

static const char *wg_names(struct web_req *req, const struct cnap_wg *w, size_t n, const struct cnap_user *u)
{
	const char *out = NULL;
	for (size_t k = 0; k < u->n_wg_codes; k++) {
		const char *name = u->wg_codes[k];
		for (size_t i = 0; i < n; i++)
			if (strcmp(w[i].code, name) == 0)
				name = w[i].name;
		out = out ? cnap_arena_printf(req->arena, "%s、%s", out, name) : name;
	}
	return out;
}

static void put_rows(struct web_req *req, struct tv *v, const struct cnap_uc_user_import *x, int year)
{
	struct cnap_association *as = NULL;
	struct cnap_wg *wgs = NULL;
	size_t n_as = 0, n_wgs = 0;
	const struct cnap_actor *actor = &req->user->actor;
	cnap_uc_association_list(req->store, actor, 0, NULL, req->arena, &as, &n_as, NULL);
	if (year)
		cnap_uc_wg_list(req->store, actor, year, req->arena, &wgs, &n_wgs, NULL);
	struct tv *list = tv_put_list(v, "users");
	for (size_t i = 0; i < x->table.n_rows; i++) {
		const struct cnap_user *u = &x->table.rows[i].user;
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "line", (int64_t)x->table.rows[i].line);
		tv_put_str(m, "login", u->login);
		tv_put_str(m, "name", u->name);
		tv_put_str(m, "role", cnap_role_name(u->role));
		tv_put_str(m, "role_label", web_t(web_role_label(u->role)));
		tv_put_str(m, "scope", u->association_code ? name_of(as, n_as, u->association_code)
							   : wg_names(req, wgs, n_wgs, u));
		tv_put_str(m, "email", u->email);
	}
}

/* Every problem, for the page and (the same list) the API's error. */
static void put_problems(struct web_req *req, struct web_resp *resp, struct tv *v, const struct cnap_uc_user_import *x)
{
	struct tv *list = tv_put_list(v, "problems"), *api = tv_list(req->arena);
	for (size_t i = 0; i < x->table.problems.n; i++) {
		const struct cnap_table_problem *p = &x->table.problems.v[i];
		const char *where = p->line ? cnap_arena_printf(req->arena, "%zu%s", p->line, web_t(WS_user_import_line_suffix))
					    : web_t(WS_user_import_whole_file);
		struct tv *m = tv_push_map(list), *am = tv_push_map(api);
		tv_put_str(m, "where", where);
		tv_put_str(m, "column", p->column);
		tv_put_str(m, "message", p->message);
		tv_put_int(am, "line", (int64_t)p->line);
		tv_put_str(am, "where", where);
		tv_put_str(am, "column", p->column);
		tv_put_str(am, "message", p->message);
	}
	tv_put_int(v, "n_problems", (int64_t)(x->table.problems.n + x->table.problems.omitted));
	if (x->table.problems.omitted)
		tv_put_int(v, "problems_omitted", (int64_t)x->table.problems.omitted);
	resp->status = 422;
	resp->error_code = "invalid";
	if (req->api)
		resp->message = web_t(WS_user_import_problems);
	resp->problems = api;
}

/* A file that cannot be read at all: the users page again, the reason beside the file field. */
static void refuse_file(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const char *message)
{
	web_field_error(req, resp, "file", message);
	resp->status = rc == CNAP_ETOOBIG ? 413 : 422;
	resp->error_code = rc == CNAP_ETOOBIG ? "too_large" : rc == CNAP_EFORMAT ? "unsupported_file" : "invalid";
	if (!req->api)
		web_users_page_again(req, resp);
}

void h_user_import(struct web_req *req, struct web_resp *resp)
{
	if (!admin_only(req, resp))
		return;
	if (!req->upload || !req->upload_len) {
		refuse_file(req, resp, CNAP_EINVAL, web_t(WS_users_import_no_file));
		return;
	}
	int year = web_users_year(req);
	struct cnap_uc_user_import x;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_user_import(req->store, &req->user->actor, year, req->upload, req->upload_len, false,
					       req->arena, &x, &err);
	bool problems = rc == CNAP_EINVAL && x.table.problems.n;
	if (!problems && (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG || rc == CNAP_EFORMAT)) {
		const char *where = err.where[0] ? cnap_arena_printf(req->arena, "%s：", err.where) : "";
		refuse_file(req, resp, rc, cnap_arena_printf(req->arena, "%s%s", where, err.message));
		return;
	}
	if (rc && !problems) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_user_import, WS_user_import_title);
	tv_put_str(v, "file_name", req->upload_name ? req->upload_name : "");
	tv_put_str(v, "format", x.table.format);
	tv_put_int(v, "cycle", x.year);
	tv_put_str(v, "era", era_of(req, x.year));
	tv_put_str(v, "users_url", x.year ? cnap_arena_printf(req->arena, "/admin/users?cycle=%d", x.year) : "/admin/users");
	if (problems) {
		put_problems(req, resp, v, &x);
		return;
	}
	char token[48];
	if (!web_hold_put(req->user->actor.login, HOLD_SCOPE, req->upload, req->upload_len, req->upload_name, token)) {
		web_fail(req, resp, CNAP_ENOMEM, &(struct cnap_error){ .code = CNAP_ENOMEM });
		return;
	}
	tv_put_str(v, "token", cnap_arena_strdup(req->arena, token));
	tv_put_int(v, "n_users", (int64_t)x.table.n_rows);
	tv_put_bool(v, "can_import", true);
	put_rows(req, v, &x, x.year);
}

void h_user_import_confirm(struct web_req *req, struct web_resp *resp)
{
	if (!admin_only(req, resp))
		return;
	const char *token = web_param(req, "token"), *data = NULL, *name = NULL;
	size_t len = 0;
	if (!web_hold_get(req->user->actor.login, HOLD_SCOPE, token, req->arena, &data, &len, &name)) {
		web_field_error(req, resp, "file", web_t(WS_user_import_expired));
		resp->status = 409;
		resp->error_code = "conflict";
		if (!req->api)
			web_users_page_again(req, resp);
		return;
	}
	int year = web_users_year(req);
	struct cnap_uc_user_import x;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_user_import(req->store, &req->user->actor, year, data, len, true, req->arena, &x,
					       &err);
	if (rc == CNAP_EINVAL && x.table.problems.n) {
		/* Something changed since the check (a login taken meanwhile): the problems, and nothing written. */
		struct tv *v = web_page(req, resp, WT_user_import, WS_user_import_title);
		tv_put_str(v, "file_name", name ? name : "");
		tv_put_str(v, "format", x.table.format);
		tv_put_str(v, "era", era_of(req, x.year));
		tv_put_str(v, "users_url", "/admin/users");
		put_problems(req, resp, v, &x);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_hold_drop(token);
	web_redirect(resp, x.year ? cnap_arena_printf(req->arena, "/admin/users?cycle=%d&msg=users_imported", x.year)
				  : "/admin/users?msg=users_imported");
	if (req->api) {
		struct tv *v = resp->view = tv_map(req->arena);
		tv_put_int(v, "created", (int64_t)x.n_created);
		struct tv *list = tv_put_list(v, "logins");
		for (size_t i = 0; i < x.table.n_rows; i++)
			tv_push(list, tv_str(req->arena, x.table.rows[i].user.login));
	}
}

/* ---- one user ---- */

static const char *edit_url(struct web_req *req, const char *login, int year)
{
	return cnap_arena_printf(req->arena, "/admin/users/%s/edit?cycle=%d", login, year);
}

/* The edit page; after a refused save (resp->errors set) the values as typed. */
static void edit_page(struct web_req *req, struct web_resp *resp, const char *login)
{
	struct cnap_uc_user acc;
	struct cnap_association *as = NULL;
	struct cnap_wg *wgs = NULL;
	struct cnap_token_info *tokens = NULL;
	size_t n_as = 0, n_wgs = 0, n_tokens = 0;
	struct cnap_error err = { 0 };
	const struct cnap_actor *actor = &req->user->actor;
	int year = web_users_year(req);
	enum cnap_err rc;
	if ((rc = cnap_uc_user_get(req->store, actor, login, req->arena, &acc, &err)) ||
	    (rc = cnap_uc_association_list(req->store, actor, 0, NULL, req->arena, &as, &n_as, &err)) ||
	    (year && (rc = cnap_uc_wg_list(req->store, actor, year, req->arena, &wgs, &n_wgs, &err))) ||
	    (rc = cnap_uc_token_list(req->store, actor, login, req->arena, &tokens, &n_tokens, &err))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	const struct cnap_user *u = &acc.user;
	bool again = resp->errors != NULL;
	int status = resp->status;
	struct tv *v = web_page(req, resp, WT_user_edit, WS_user_edit_title);
	if (again)
		resp->status = status;
	const char *name = again ? web_param(req, "name") : u->name, *email = again ? web_param(req, "email") : u->email;
	const char *role = again ? web_param(req, "role") : cnap_role_name(u->role);
	const char *assoc = again ? web_param(req, "association") : u->association_code;
	tv_put_str(v, "login", u->login);
	tv_put_str(v, "name", name);
	tv_put_str(v, "email", email);
	tv_put_bool(v, "active", u->active);
	tv_put_bool(v, "self", !actor->system && actor->login && strcmp(actor->login, u->login) == 0);
	tv_put_int(v, "cycle", year);
	tv_put_str(v, "era", era_of(req, year));
	tv_put_str(v, "action", edit_url(req, u->login, year));
	tv_put_str(v, "users_url", cnap_arena_printf(req->arena, "/admin/users?cycle=%d", year));
	tv_put_str(v, "role_label", web_t(web_role_label(u->role)));
	size_t n_checked = u->n_wg_codes;
	const char *const *checked = again ? web_form_wgs(req, &n_checked) : (const char *const *)u->wg_codes;
	web_put_user_choices(v, role, assoc, as, n_as, wgs, n_wgs, checked, n_checked);
	struct tv *tl = tv_put_list(v, "tokens");
	for (size_t i = 0; i < n_tokens; i++) {
		struct tv *m = tv_push_map(tl);
		tv_put_int(m, "id", tokens[i].id);
		tv_put_str(m, "label", tokens[i].label);
		tv_put_str(m, "created_at", tokens[i].created_at);
		tv_put_str(m, "revoke_action",
			   cnap_arena_printf(req->arena, "/admin/users/%s/tokens/%lld/revoke", u->login,
					     (long long)tokens[i].id));
	}
	tv_put_bool(v, "has_tokens", n_tokens > 0);
	tv_put_str(v, "mail_action", cnap_arena_printf(req->arena, "/admin/users/%s/mail?cycle=%d", u->login, year));
	web_put_mail_modes(v, req->arena, u->mail_mode);
}

void h_user_edit_form(struct web_req *req, struct web_resp *resp)
{
	edit_page(req, resp, web_arg(req, 0));
}

/* The use case's message beside its field: every one of them is a Japanese sentence. */
static void edit_refused(struct web_req *req, struct web_resp *resp, const char *login, enum cnap_err rc,
			 const struct cnap_error *err)
{
	static const struct { const char *key, *field; } fields[] = {
		{ "user.name", "name" }, { "user.email", "email" }, { "user.association", "association" },
		{ "user.role", "role" }, { "user.active", "active" }, { "association", "association" }, { "wg", "wg" },
	};
	const char *field = NULL;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(fields) && !field; i++)
		if (strcmp(err->where, fields[i].key) == 0)
			field = fields[i].field;
	if (!field || rc == CNAP_EPERM || rc == CNAP_EDB || rc == CNAP_EBUSY || rc == CNAP_ENOMEM ||
	    (rc == CNAP_ENOTFOUND && strcmp(field, "association") != 0 && strcmp(field, "wg") != 0)) {
		web_fail(req, resp, rc, err);
		return;
	}
	web_field_error(req, resp, field, rc == CNAP_ENOTFOUND ? web_t(WS_field_unknown) : cnap_arena_strdup(req->arena, err->message));
	if (rc == CNAP_ECONFLICT)
		resp->status = 409;
	if (!req->api)
		edit_page(req, resp, login);
}

void h_user_edit(struct web_req *req, struct web_resp *resp)
{
	if (!admin_only(req, resp))
		return;
	const char *login = web_arg(req, 0), *role = web_param(req, "role"), *active = web_param(req, "active");
	int year = web_users_year(req);
	struct cnap_user_update ch = {
		.set_name = web_param(req, "name") != NULL, .name = web_param(req, "name"),
		.set_email = web_param(req, "email") != NULL, .email = web_param(req, "email"),
		.set_association = web_param(req, "association") != NULL,
		.association_code = web_param(req, "association"),
		.set_active = active != NULL, .active = active && strcmp(active, "1") == 0,
	};
	if (role && !(ch.set_role = cnap_role_parse(role, &ch.role))) {
		web_field_error(req, resp, "role", web_t(WS_field_invalid));
		if (!req->api)
			edit_page(req, resp, login);
		return;
	}
	/* The form says it sends the WGs (wg_set): no box ticked is then no WG, not "unchanged". */
	if (web_param(req, "wg_set") || web_param(req, "wg")) {
		ch.wg_codes = web_form_wgs(req, &ch.n_wg_codes);
		ch.set_wgs = true;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_user_edit(req->store, &req->user->actor, year, login, &ch, &err);
	if (rc) {
		edit_refused(req, resp, login, rc, &err);
		return;
	}
	const char *msg = ch.set_active && !ch.set_name ? (ch.active ? "user_activated" : "user_deactivated") : "user_updated";
	web_redirect(resp, cnap_arena_printf(req->arena, "%s&msg=%s", edit_url(req, login, year), msg));
}

void h_user_token_revoke(struct web_req *req, struct web_resp *resp)
{
	if (!admin_only(req, resp))
		return;
	const char *login = web_arg(req, 0);
	int64_t id;
	if (!web_arg_int(req, 1, 1, INT64_MAX, &id)) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_revoke(req->store, &req->user->actor, login, id, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s&msg=token_revoked", edit_url(req, login, web_users_year(req))));
}
