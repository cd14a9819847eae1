/*
 * What the web application keeps in the store: sessions, API tokens and
 * login credentials (password hash, failure counter, lockout).
 *
 * Tokens are named by a hash the caller computes; the store never sees a
 * raw token, so a copy of the database opens no session. Times are ISO 8601
 * UTC strings from the caller's clock ("2023-10-01T09:00:00Z"), compared as
 * text. Strings of results live in the arena the caller passes.
 */
#ifndef CNAP_STORE_SESSION_H
#define CNAP_STORE_SESSION_H

#include "store/store.h"

struct cnap_session {
	int64_t id;
	const char *login;
	const char *created_at;
	const char *last_seen;
	const char *expires_at;
};

/* A new session for login (audited as session.login). */
enum cnap_err cnap_store_session_add(struct cnap_store *s, const char *token_hash, const char *login,
				     const char *now, const char *expires_at, struct cnap_error *err);
/* The session with this hash if it has not expired at now and its user is active; CNAP_ENOTFOUND otherwise. */
enum cnap_err cnap_store_session_get(struct cnap_store *s, const char *token_hash, const char *now,
				     struct cnap_arena *a, struct cnap_session *out, struct cnap_error *err);
/* Slide the expiry of a live session. Not audited: it changes no business data. */
enum cnap_err cnap_store_session_touch(struct cnap_store *s, int64_t id, const char *now, const char *expires_at,
				       struct cnap_error *err);
/* End one session (audited as session.logout); unknown hashes are not an error. */
enum cnap_err cnap_store_session_delete(struct cnap_store *s, const char *token_hash, struct cnap_error *err);
/* End every session of login except keep_hash (NULL: all), e.g. after a password change. */
enum cnap_err cnap_store_session_delete_user(struct cnap_store *s, const char *login, const char *keep_hash,
					     struct cnap_error *err);
/* Forget sessions that expired before now. */
enum cnap_err cnap_store_session_purge(struct cnap_store *s, const char *now, struct cnap_error *err);

struct cnap_credentials {
	const char *password_hash; /* NULL: the account cannot log in */
	int failed_logins;         /* since the last success or lockout */
	const char *locked_until;  /* NULL or a time */
	bool active;               /* false: deactivated, no login (nor session nor token) */
};

enum cnap_err cnap_store_credentials_get(struct cnap_store *s, const char *login, struct cnap_arena *a,
					 struct cnap_credentials *out, struct cnap_error *err);
/*
 * Count a failed login. The max_failures-th failure locks the account until
 * lock_until and restarts the count; *locked tells whether this one did.
 */
enum cnap_err cnap_store_login_failed(struct cnap_store *s, const char *login, int max_failures,
				      const char *lock_until, bool *locked, struct cnap_error *err);
/* Reset the failure count after a successful login. */
enum cnap_err cnap_store_login_succeeded(struct cnap_store *s, const char *login, struct cnap_error *err);
/* Replace the password hash; also lifts a lockout (audited as user.password, without the hash). */
enum cnap_err cnap_store_password_set(struct cnap_store *s, const char *login, const char *password_hash,
				      struct cnap_error *err);

/* API tokens for scripts (audited as token.add). */
enum cnap_err cnap_store_token_add(struct cnap_store *s, const char *token_hash, const char *login,
				   const char *label, struct cnap_error *err);
/* Every API token of login (a new password ends them with the sessions). */
enum cnap_err cnap_store_token_delete_user(struct cnap_store *s, const char *login, struct cnap_error *err);
/* The login a token belongs to; CNAP_ENOTFOUND for unknown tokens and those of a deactivated user. */
enum cnap_err cnap_store_token_login(struct cnap_store *s, const char *token_hash, struct cnap_arena *a,
				     const char **login, struct cnap_error *err);

/* What may be shown of a token: never its hash. */
struct cnap_token_info {
	int64_t id;
	const char *label;
	const char *created_at;
};
/* The API tokens of login, oldest first; CNAP_ENOTFOUND for an unknown login. */
enum cnap_err cnap_store_token_list(struct cnap_store *s, const char *login, struct cnap_arena *a,
				    struct cnap_token_info **out, size_t *n, struct cnap_error *err);
/* Revoke token id of login (audited as token.revoke); CNAP_ENOTFOUND if login has no such token. */
enum cnap_err cnap_store_token_delete(struct cnap_store *s, const char *login, int64_t id, struct cnap_error *err);

#endif
