/* The secretariat's user management: list, add, reset a password (which also lifts a lockout). */
#include "base/compat.h"
#include "auth/password.h"
#include "store/session.h"
#include "web/pages.h"

#include <sodium.h>
#include <string.h>

static bool checked_wg(const struct web_req *req, const char *code)
{
	for (size_t i = 0; i < req->form.n; i++)
		if (strcmp(req->form.v[i].key, "wg") == 0 && strcmp(req->form.v[i].val, code) == 0)
			return true;
	return false;
}

static void users_page(struct web_req *req, struct web_resp *resp)
{
	struct cnap_user *users;
	struct cnap_association *as;
	struct cnap_wg *wgs = NULL;
	size_t n, n_as, n_wgs = 0;
	struct cnap_error err = { 0 };
	int year = web_latest_year(req);
	enum cnap_err rc;
	char now[32];
	web_iso(web_now(), now);
	if ((rc = cnap_store_user_list(req->store, req->arena, &users, &n, &err)) ||
	    (rc = cnap_store_association_list(req->store, 0, NULL, req->arena, &as, &n_as, &err)) ||
	    (year && (rc = cnap_store_wg_list(req->store, year, req->arena, &wgs, &n_wgs, &err)))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_users, WS_users_title);
	struct tv *list = tv_put_list(v, "users");
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		struct cnap_credentials cred = { 0 };
		cnap_store_credentials_get(req->store, users[i].login, req->arena, &cred, NULL);
		tv_put_str(m, "login", users[i].login);
		tv_put_str(m, "name", users[i].name);
		tv_put_str(m, "role", cnap_role_name(users[i].role));
		tv_put_str(m, "role_label", web_t(web_role_label(users[i].role)));
		const char *scope = users[i].association_code;
		for (size_t k = 0; k < n_as && scope; k++)
			if (strcmp(as[k].code, users[i].association_code) == 0)
				scope = as[k].name;
		for (size_t k = 0; k < users[i].n_wg_codes; k++) {
			const char *wg = users[i].wg_codes[k];
			for (size_t w = 0; w < n_wgs; w++)
				if (strcmp(wgs[w].code, wg) == 0)
					wg = wgs[w].name;
			scope = scope ? cnap_arena_printf(req->arena, "%s、%s", scope, wg) : wg;
		}
		tv_put_str(m, "scope", scope);
		tv_put_bool(m, "can_login", cred.password_hash != NULL);
		tv_put_bool(m, "locked", cred.locked_until && strcmp(cred.locked_until, now) > 0);
		tv_put_str(m, "password_action", cnap_arena_printf(req->arena, "/admin/users/%s/password", users[i].login));
		/* A failed reset shows its message in that user's row. */
		const struct tv *perr = tv_get(resp->errors, cnap_arena_printf(req->arena, "password_%s", users[i].login));
		if (perr)
			tv_put(m, "password_error", (struct tv *)perr);
	}
	const char *role = web_param(req, "role");
	struct tv *roles = tv_put_list(v, "roles");
	for (int r = 0; r < CNAP_ROLE_COUNT; r++) {
		struct tv *m = tv_push_map(roles);
		tv_put_str(m, "value", cnap_role_name((enum cnap_role)r));
		tv_put_str(m, "label", web_t(web_role_label((enum cnap_role)r)));
		tv_put_bool(m, "selected", role && strcmp(role, cnap_role_name((enum cnap_role)r)) == 0);
	}
	const char *assoc = web_param(req, "association");
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
		tv_put_bool(m, "checked", checked_wg(req, wgs[k].code));
	}
	tv_put_str(v, "login", web_param(req, "login"));
	tv_put_str(v, "name", web_param(req, "name"));
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

void h_user_add(struct web_req *req, struct web_resp *resp)
{
	struct cnap_user u = { 0 };
	const char *role = web_param(req, "role"), *password = web_param(req, "password");
	u.login = web_param(req, "login");
	u.name = web_param(req, "name");
	u.association_code = web_param(req, "association");
	if (u.association_code && !*u.association_code)
		u.association_code = NULL;
	if (!u.login || cnap_check_code(u.login, "login", NULL))
		web_field_error(req, resp, "login", web_t(WS_field_login));
	web_check_text(req, resp, "name", u.name, CNAP_MAX_NAME_CHARS, false, false);
	if (!cnap_role_parse(role, &u.role))
		web_field_error(req, resp, "role", web_t(WS_field_invalid));
	else if (u.role == CNAP_ROLE_ASSOCIATION && !u.association_code)
		web_field_error(req, resp, "association", web_t(WS_field_association));
	else if (u.role != CNAP_ROLE_ASSOCIATION)
		u.association_code = NULL;
	int year = web_latest_year(req);
	if (u.role == CNAP_ROLE_REVIEWER) {
		u.wg_codes = cnap_arena_calloc(req->arena, req->form.n + 1, sizeof(*u.wg_codes));
		for (size_t i = 0; u.wg_codes && i < req->form.n; i++)
			if (strcmp(req->form.v[i].key, "wg") == 0)
				u.wg_codes[u.n_wg_codes++] = req->form.v[i].val;
	}
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_error err = { 0 };
	if (cnap_password_hash(password ? password : "", hash, &err))
		web_field_error(req, resp, "password", web_t(WS_password_rules));
	if (resp->errors) {
		reshow(req, resp);
		return;
	}
	enum cnap_err rc = cnap_store_user_add(req->store, year, &u, hash, &err);
	sodium_memzero(hash, sizeof(hash));
	if (rc == CNAP_ECONFLICT)
		web_field_error(req, resp, "login", web_t(WS_field_login_taken));
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
	struct cnap_credentials cred;
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_error err = { 0 };
	if (cnap_store_credentials_get(req->store, login, req->arena, &cred, NULL)) {
		web_not_found(req, resp);
		return;
	}
	if (cnap_password_hash(password ? password : "", hash, &err)) {
		web_field_error(req, resp, cnap_arena_printf(req->arena, "password_%s", login), web_t(WS_password_rules));
		reshow(req, resp);
		return;
	}
	enum cnap_err rc = cnap_store_password_set(req->store, login, hash, &err);
	sodium_memzero(hash, sizeof(hash));
	/* A reset password ends the sessions that knew the old one. */
	if (!rc)
		rc = cnap_store_session_delete_user(req->store, login, NULL, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, "/admin/users?msg=password_reset");
}
