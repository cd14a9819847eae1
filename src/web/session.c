/*
 * Who is asking: session cookies and bearer tokens, CSRF tokens, and the
 * login, logout and password pages.
 *
 * A session token is 32 random bytes; the browser holds it in an HttpOnly,
 * SameSite=Strict cookie and the store holds only its BLAKE2b hash. The CSRF
 * token of a session is derived from the session token, so it needs no
 * storage and changes with every login. Before login, a pre-session cookie
 * plays the same part for the login form.
 */
#include "base/compat.h"
#include "auth/password.h"
#include "store/session.h"
#include "web/app.h"
#include "web/cache.h"
#include "web/pages.h"
#include "web/web.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

#define SESSION_COOKIE "cnap_session"
#define PRE_COOKIE "cnap_pre"
#define TOKEN_CHARS 43

/* argon2id takes 64 MiB and ~0.15 s: two at a time keep a login burst from exhausting the machine. */
static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static void hash_slots_init(void) { sem_init(&hash_slots, 0, 2); }

void web_token_new(char out[48])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 48, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void web_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

enum cnap_err cnap_web_token_create(struct cnap_store *s, const char *login, const char *label, char token_out[48],
				    struct cnap_error *err)
{
	char hash[65];
	web_token_new(token_out);
	web_token_hash(token_out, hash);
	return cnap_store_token_add(s, hash, login, label, err);
}

static void csrf_hex(const char *token, char hex[33])
{
	static const unsigned char key[] = "cnap csrf token derivation v1..";
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), key, sizeof(key) - 1);
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
	if (!t || strlen(t) != TOKEN_CHARS)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

static time_t parse_iso(const char *s)
{
	struct tm tm = { 0 };
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static struct web_user *load_user(struct web_req *req, const char *login)
{
	struct cnap_user u;
	struct web_user *wu = cnap_arena_alloc(req->arena, sizeof(*wu));
	if (!wu || cnap_store_user_get(req->store, login, req->arena, &u, NULL))
		return NULL;
	wu->actor.login = u.login;
	wu->actor.role = u.role;
	wu->actor.association_code = u.association_code;
	wu->actor.wg_codes = (const char *const *)u.wg_codes;
	wu->actor.n_wg_codes = u.n_wg_codes;
	wu->name = u.name;
	return wu;
}

static void load_bearer(struct web_req *req, time_t t)
{
	const char *token = req->authorization + 7;
	char hash[65];
	const char *login;
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
	if (cnap_store_token_login(req->store, hash, req->arena, &login, NULL))
		return;
	req->user = load_user(req, login);
	if (req->user) {
		req->user->by_token = true;
		web_user_cache_put(key, req->user, req->gen, t + WEB_SESSION_TOUCH_S);
	}
}

static void load_session(struct web_req *req, time_t t)
{
	const char *token = web_kv_get(&req->cookies, SESSION_COOKIE);
	char hash[65], now[32];
	struct cnap_session s;
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
	web_iso(t, now);
	if (cnap_store_session_get(req->store, hash, now, req->arena, &s, NULL))
		return;
	req->user = load_user(req, s.login);
	if (!req->user)
		return;
	req->user->csrf = web_csrf_for(req->arena, token);
	req->user->token_hash = cnap_arena_strdup(req->arena, hash);
	time_t expires = parse_iso(s.expires_at);
	if (t - parse_iso(s.last_seen) >= WEB_SESSION_TOUCH_S) {
		char until[32];
		time_t idle = t + WEB_SESSION_IDLE_S, hard = parse_iso(s.created_at) + WEB_SESSION_MAX_S;
		expires = idle < hard ? idle : hard;
		web_iso(expires, until);
		cnap_store_session_touch(req->store, s.id, now, until, NULL);
	}
	/* Trusted without the store until the next touch is due, and never past the expiry. */
	web_user_cache_put(hash, req->user, req->gen, t + WEB_SESSION_TOUCH_S < expires ? t + WEB_SESSION_TOUCH_S : expires);
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
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "/";
	return next;
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

/* Same work whether or not the login exists, so timing does not tell. */
static bool verify_password(const char *hash, const char *password)
{
	static const char dummy[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
				    "3ONEsdqHqAa2h4/zCMyJ2D6g8hHdELiJmz2SS+JGGNc";
	pthread_once(&hash_once, hash_slots_init);
	sem_wait(&hash_slots);
	bool ok = cnap_password_verify(hash ? hash : dummy, password) && hash;
	sem_post(&hash_slots);
	return ok;
}

static void login_failed(struct web_req *req, struct web_resp *resp, int status, enum web_str msg)
{
	const char *pre = web_kv_get(&req->cookies, PRE_COOKIE);
	login_page(req, resp, pre ? web_csrf_for(req->arena, pre) : "");
	resp->status = status;
	resp->error_code = status == 423 ? "locked" : "unauthorized";
	resp->message = web_t(msg);
}

void h_login(struct web_req *req, struct web_resp *resp)
{
	const char *login = web_param(req, "login"), *password = web_param(req, "password");
	if (!login || !*login || !password || !*password) {
		login_failed(req, resp, 422, WS_login_missing);
		return;
	}
	struct cnap_credentials cred = { 0 };
	char now[32], until[32];
	time_t t = web_now();
	web_iso(t, now);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_store_credentials_get(req->store, login, req->arena, &cred, &err);
	if (rc && rc != CNAP_ENOTFOUND) {
		/* A store that cannot answer is not a wrong password. */
		web_fail(req, resp, rc, &err);
		return;
	}
	bool known = rc == CNAP_OK;
	if (known && cred.locked_until && strcmp(cred.locked_until, now) > 0) {
		login_failed(req, resp, 423, WS_login_locked);
		return;
	}
	if (!verify_password(known ? cred.password_hash : NULL, password)) {
		bool locked = false;
		web_iso(t + WEB_LOCKOUT_S, until);
		cnap_store_set_actor(req->store, login);
		/* An uncounted failure would be a free guess against the lockout: report it instead. */
		if (known && (rc = cnap_store_login_failed(req->store, login, WEB_LOCKOUT_FAILURES, until, &locked,
							   &err))) {
			web_fail(req, resp, rc, &err);
			return;
		}
		login_failed(req, resp, locked ? 423 : 401, locked ? WS_login_locked : WS_login_failed);
		return;
	}
	char token[48], hash[65], expires[32];
	web_token_new(token);
	web_token_hash(token, hash);
	web_iso(t + WEB_SESSION_IDLE_S, expires);
	cnap_store_set_actor(req->store, login);
	/* One transaction: a login that fails half-way leaves the failure count and the sessions as they were. */
	rc = cnap_store_begin(req->store, &err);
	if (!rc) {
		rc = cnap_store_session_purge(req->store, now, &err);
		if (!rc)
			rc = cnap_store_login_succeeded(req->store, login, &err);
		if (!rc)
			rc = cnap_store_session_add(req->store, hash, login, now, expires, &err);
		rc = cnap_store_finish(req->store, rc, &err);
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	/* A new token at every login: a session id planted before login never becomes valid. */
	web_add_cookie(req, resp, SESSION_COOKIE, cnap_arena_strdup(req->arena, token), WEB_SESSION_MAX_S);
	web_add_cookie(req, resp, PRE_COOKIE, "", 0);
	web_redirect(resp, safe_next(web_param(req, "next")));
	sodium_memzero(token, sizeof(token));
}

void h_logout(struct web_req *req, struct web_resp *resp)
{
	if (req->user->token_hash)
		cnap_store_session_delete(req->store, req->user->token_hash, NULL);
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
}

void h_password(struct web_req *req, struct web_resp *resp)
{
	const char *current = web_param(req, "current"), *next = web_param(req, "new"),
		   *confirm = web_param(req, "confirm");
	struct cnap_credentials cred = { 0 };
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_error err = { 0 };
	h_account(req, resp);
	if (cnap_store_credentials_get(req->store, req->user->actor.login, req->arena, &cred, NULL) ||
	    !verify_password(cred.password_hash, current ? current : ""))
		web_field_error(req, resp, "current", web_t(WS_password_wrong));
	else if (!next || !confirm || strcmp(next, confirm) != 0)
		web_field_error(req, resp, "confirm", web_t(WS_password_mismatch));
	else if (cnap_password_hash(next, hash, &err))
		web_field_error(req, resp, "new", web_t(WS_password_rules));
	if (resp->errors)
		return;
	enum cnap_err rc = cnap_store_password_set(req->store, req->user->actor.login, hash, &err);
	sodium_memzero(hash, sizeof(hash));
	if (!rc) /* other browsers signed in with the old password are signed out */
		rc = cnap_store_session_delete_user(req->store, req->user->actor.login, req->user->token_hash, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, "/account?msg=password_changed");
}
