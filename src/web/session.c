/*
 * Who is asking: session cookies and bearer tokens, CSRF tokens, and the
 * login, logout and password pages.
 *
 * A session token is 32 random bytes; the browser holds it in an HttpOnly,
 * SameSite=Strict cookie and the store holds only its BLAKE2b hash. The CSRF
 * token of a session is derived from the session token, so it needs no
 * storage and changes with every login. Before login, a pre-session cookie
 * plays the same part for the login form. The derivation is keyed with a
 * secret drawn when the process starts: a cookie an attacker plants (a
 * sibling subdomain can set one) gives them nothing to put in the form.
 */
#include "base/compat.h"
#include "auth/token.h"
#include "web/app.h"
#include "web/cache.h"
#include "web/pages.h"
#include "web/web.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define SESSION_COOKIE "cnap_session"
#define PRE_COOKIE "cnap_pre"
#define TOKEN_CHARS 43

void web_token_new(char out[48])
{
	cnap_token_new(out);
}

void web_token_hash(const char *token, char out[65])
{
	cnap_token_hash(token, out);
}

static unsigned char csrf_key[crypto_generichash_KEYBYTES];
static pthread_once_t csrf_once = PTHREAD_ONCE_INIT;
static void csrf_key_init(void) { randombytes_buf(csrf_key, sizeof(csrf_key)); }

static void csrf_hex(const char *token, char hex[33])
{
	unsigned char h[16];
	pthread_once(&csrf_once, csrf_key_init);
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), csrf_key, sizeof(csrf_key));
	sodium_bin2hex(hex, 33, h, sizeof(h));
}

const char *web_csrf_for(struct cnap_arena *a, const char *token)
{
	char hex[33];
	csrf_hex(token, hex);
	return cnap_arena_strdup(a, hex);
}

static bool token_well_formed(const char *t)
{
	return cnap_token_well_formed(t);
}

static void load_bearer(struct web_req *req, time_t t)
{
	const char *token = req->authorization + 7;
	char hash[65];
	if (!token_well_formed(token))
		return;
	web_token_hash(token, hash);
	const char *key = cnap_arena_printf(req->arena, "token:%s", hash);
	struct web_user cached;
	if (web_user_cache_get(key, t, req->arena, &cached)) {
		req->user = cnap_arena_alloc(req->arena, sizeof(*req->user));
		if (req->user)
			*req->user = cached;
		return;
	}
	struct web_user *wu = cnap_arena_calloc(req->arena, 1, sizeof(*wu));
	if (!wu || cnap_uc_token_resume(req->store, hash, req->arena, &wu->actor, &wu->name, NULL))
		return;
	wu->by_token = true;
	req->user = wu;
	web_user_cache_put(key, req->user, req->gen, t + CNAP_SESSION_TOUCH_S);
}

static void load_session(struct web_req *req, time_t t)
{
	const char *token = web_kv_get(&req->cookies, SESSION_COOKIE);
	char hash[65];
	struct web_user cached;
	if (!token_well_formed(token))
		return;
	web_token_hash(token, hash);
	if (web_user_cache_get(hash, t, req->arena, &cached)) {
		req->user = cnap_arena_alloc(req->arena, sizeof(*req->user));
		if (req->user)
			*req->user = cached;
		return;
	}
	struct web_user *wu = cnap_arena_calloc(req->arena, 1, sizeof(*wu));
	time_t expires;
	if (!wu || cnap_uc_session_resume(req->store, hash, t, req->arena, &wu->actor, &wu->name, &expires, NULL))
		return;
	wu->csrf = web_csrf_for(req->arena, token);
	wu->token_hash = cnap_arena_strdup(req->arena, hash);
	req->user = wu;
	/* Trusted without the store until the next touch is due, and never past the expiry. */
	web_user_cache_put(hash, req->user, req->gen, t + CNAP_SESSION_TOUCH_S < expires ? t + CNAP_SESSION_TOUCH_S : expires);
}

void web_auth_load(struct web_req *req)
{
	time_t t = web_now();
	cnap_store_set_actor(req->store, "web:anonymous");
	if (req->api && req->authorization && strncmp(req->authorization, "Bearer ", 7) == 0)
		load_bearer(req, t);
	else
		load_session(req, t);
	if (req->user)
		cnap_store_set_actor(req->store, req->user->actor.login);
}

bool web_csrf_ok(const struct web_req *req)
{
	if (req->user && req->user->by_token)
		return true;
	const char *expected = NULL;
	char pre_csrf[33];
	if (req->user) {
		expected = req->user->csrf;
	} else {
		/* On the stack: short of memory, a login is a server error, not a forged form. */
		const char *pre = web_kv_get(&req->cookies, PRE_COOKIE);
		if (token_well_formed(pre)) {
			csrf_hex(pre, pre_csrf);
			expected = pre_csrf;
		}
	}
	const char *got = req->csrf_header ? req->csrf_header : web_kv_get(&req->form, "_csrf");
	if (!expected || !got || strlen(got) != strlen(expected))
		return false;
	return sodium_memcmp(got, expected, strlen(expected)) == 0;
}

/*
 * Only our own paths: "/x", never "//host" or "/\host", which browsers treat
 * as other sites, and no control characters at all: browsers drop tabs and
 * newlines from URLs, so "/<TAB>/host" would become "//host".
 */
const char *web_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return NULL;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	return next;
}

static const char *safe_next(const char *next)
{
	const char *ok = web_safe_next(next);
	return ok ? ok : "/";
}

static void login_page(struct web_req *req, struct web_resp *resp, const char *csrf)
{
	struct tv *v = web_page(req, resp, WT_login, WS_login_title);
	tv_put_str(v, "csrf", csrf);
	tv_put_str(v, "login", web_param(req, "login"));
	tv_put_str(v, "next", safe_next(web_param(req, "next")));
}

void h_login_form(struct web_req *req, struct web_resp *resp)
{
	if (req->user) {
		web_redirect(resp, "/");
		return;
	}
	const char *pre = web_kv_get(&req->cookies, PRE_COOKIE);
	if (!token_well_formed(pre)) {
		char fresh[48];
		web_token_new(fresh);
		pre = cnap_arena_strdup(req->arena, fresh);
		web_add_cookie(req, resp, PRE_COOKIE, pre, 3600);
	}
	login_page(req, resp, web_csrf_for(req->arena, pre));
}

static void login_failed(struct web_req *req, struct web_resp *resp, int status, enum web_str msg)
{
	const char *pre = web_kv_get(&req->cookies, PRE_COOKIE);
	login_page(req, resp, pre ? web_csrf_for(req->arena, pre) : "");
	resp->status = status;
	resp->error_code = status == 401 ? "unauthorized" : "invalid";
	resp->message = web_t(msg);
}

void h_login(struct web_req *req, struct web_resp *resp)
{
	const char *login = web_param(req, "login"), *password = web_param(req, "password");
	if (!login || !*login || !password || !*password) {
		login_failed(req, resp, 422, WS_login_missing);
		return;
	}
	char token[48];
	enum cnap_login_outcome outcome;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_login(req->store, login, password, web_now(), &outcome, token, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	if (outcome != CNAP_LOGIN_OK) {
		login_failed(req, resp, 401, WS_login_failed);
		return;
	}
	web_add_cookie(req, resp, SESSION_COOKIE, cnap_arena_strdup(req->arena, token), CNAP_SESSION_MAX_S);
	web_add_cookie(req, resp, PRE_COOKIE, "", 0);
	web_redirect(resp, safe_next(web_param(req, "next")));
	sodium_memzero(token, sizeof(token));
}

void h_logout(struct web_req *req, struct web_resp *resp)
{
	cnap_uc_logout(req->store, req->user->token_hash, NULL);
	web_add_cookie(req, resp, SESSION_COOKIE, "", 0);
	web_redirect(resp, "/login?msg=logged_out");
}

void h_account(struct web_req *req, struct web_resp *resp)
{
	struct tv *v = web_page(req, resp, WT_account, WS_account_title);
	const struct cnap_actor *a = &req->user->actor;
	tv_put_str(v, "role_label", web_t(web_role_label(a->role)));
	/* "me" belongs to the page layout; the API gets the account under its own name. */
	struct tv *acct = tv_put_map(v, "account");
	tv_put_str(acct, "login", a->login);
	tv_put_str(acct, "name", req->user->name);
	tv_put_str(acct, "role", cnap_role_name(a->role));
	tv_put_str(acct, "association", a->association_code);
	struct tv *wgs = tv_put_list(acct, "wgs");
	for (size_t i = 0; i < a->n_wg_codes; i++)
		tv_push(wgs, tv_str(req->arena, a->wg_codes[i]));
	struct cnap_token_info *tok;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_list(req->store, a, a->login, req->arena, &tok, &n, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	/* How this user takes mail, and the address it goes to (none: the secretariat registers one). */
	struct cnap_mail_recipient me;
	if ((rc = cnap_uc_mail_me(req->store, a, req->arena, &me, &err))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	tv_put_str(acct, "email", me.email);
	tv_put_str(acct, "mail_mode", cnap_mail_mode_name(me.mode));
	web_put_mail_modes(v, req->arena, me.mode);
	tv_put_bool(v, "has_tokens", n > 0);
	struct tv *list = tv_put_list(v, "tokens");
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "id", tok[i].id);
		tv_put_str(m, "label", tok[i].label);
		tv_put_str(m, "created_at", tok[i].created_at);
		tv_put_str(m, "created_label", web_date_label(req->arena, tok[i].created_at));
		tv_put_str(m, "revoke_action",
			   cnap_arena_printf(req->arena, "/account/tokens/%lld/revoke", (long long)tok[i].id));
	}
}

/* The list lives on the account page; the route exists for scripts (/api/account/tokens). */
void h_tokens(struct web_req *req, struct web_resp *resp)
{
	if (req->api)
		h_account(req, resp);
	else
		web_redirect(resp, "/account");
}

void h_token_revoke(struct web_req *req, struct web_resp *resp)
{
	int64_t id;
	if (!web_arg_int(req, 0, 1, INT64_MAX / 2, &id)) {
		web_not_found(req, resp);
		return;
	}
	const struct cnap_actor *a = &req->user->actor;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_revoke(req->store, a, a->login, id, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, "/account?msg=token_revoked");
}

void h_password(struct web_req *req, struct web_resp *resp)
{
	const char *current = web_param(req, "current"), *next = web_param(req, "new"),
		   *confirm = web_param(req, "confirm");
	struct cnap_error err = { 0 };
	h_account(req, resp);
	if (!next || !confirm || strcmp(next, confirm) != 0) {
		web_field_error(req, resp, "confirm", web_t(WS_password_mismatch));
		return;
	}
	enum cnap_err rc = cnap_uc_password_change(req->store, &req->user->actor, current ? current : "", next,
						   req->user->token_hash, &err);
	if (rc && strcmp(err.where, "account.current") == 0)
		web_field_error(req, resp, "current", web_t(WS_password_wrong));
	else if (rc && strcmp(err.where, "account.new") == 0)
		web_field_error(req, resp, "new", web_t(WS_password_rules));
	else if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, "/account?msg=password_changed");
}
