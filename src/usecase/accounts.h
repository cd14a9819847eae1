/*
 * Accounts: logging in and out, passwords, users and API tokens. Each use
 * case writes and audits in one transaction; a password is hashed before
 * the transaction starts (argon2id takes ~0.15 s and 64 MiB), and at most
 * two hashes run at once so that a burst of logins cannot exhaust memory.
 *
 * Errors name fields by stable keys: "account.current", "account.new",
 * "user.login", "user.password", ...
 */
#ifndef CNAP_USECASE_ACCOUNTS_H
#define CNAP_USECASE_ACCOUNTS_H

#include "auth/policy.h"
#include "store/session.h"
#include "store/store.h"

#include <time.h>

#define CNAP_SESSION_IDLE_S (2 * 3600)  /* a session ends after two idle hours */
#define CNAP_SESSION_MAX_S (12 * 3600)  /* and at most twelve hours after login */
#define CNAP_SESSION_TOUCH_S 60         /* expiry slides at most once a minute: no write per request */
#define CNAP_LOCKOUT_FAILURES 5
#define CNAP_LOCKOUT_S (15 * 60)
#define CNAP_LOGIN_COUNT_TRIES 4        /* busy timeouts a failed login waits to be counted */

/*
 * The acting user, loaded from the store (strings in a): what the CLI's
 * --as names. A login unknown to the store is CNAP_ENOTFOUND.
 */
enum cnap_err cnap_uc_actor_load(struct cnap_store *s, const char *login, struct cnap_arena *a,
				 struct cnap_actor *out, struct cnap_error *err);

/*
 * How many password hashes may run at once (default 2), set once before the
 * first login (the server sets half its threads). A login that finds every
 * slot taken for longer than CNAP_LOGIN_HASH_WAIT_MS is refused with
 * CNAP_EBUSY ("try again"): its thread goes back to serving pages instead of
 * queueing behind a burst of logins.
 */
void cnap_uc_login_hash_slots(unsigned n);
#define CNAP_LOGIN_HASH_WAIT_MS 10

enum cnap_login_outcome {
	CNAP_LOGIN_OK,
	/* Unknown login, wrong password, or an account locked by failures: one answer for all three. */
	CNAP_LOGIN_FAILED,
};

/*
 * Check a password and open a session. On CNAP_LOGIN_OK, session_token
 * holds the new secret (the caller hands it to the browser and wipes it).
 * A failure is counted against the login; the fifth locks it. A failure
 * that cannot be counted (the database stayed busy) is an error, not
 * CNAP_LOGIN_FAILED, so a held lock gives no uncounted guesses. Every
 * outcome but a store error runs one password verification.
 */
enum cnap_err cnap_uc_login(struct cnap_store *s, const char *login, const char *password, time_t now,
			    enum cnap_login_outcome *outcome, char session_token[48], struct cnap_error *err);
/*
 * Who holds a session or an API token, by the token's hash. A session
 * unknown or expired at now is CNAP_ENOTFOUND. Using a session slides its
 * expiry (at most once per CNAP_SESSION_TOUCH_S, never past CNAP_SESSION_MAX_S
 * after login); *expires_out says until when it is valid without asking again.
 * The actor's strings and *name live in a.
 */
enum cnap_err cnap_uc_session_resume(struct cnap_store *s, const char *token_hash, time_t now, struct cnap_arena *a,
				     struct cnap_actor *actor, const char **name, time_t *expires_out,
				     struct cnap_error *err);
enum cnap_err cnap_uc_token_resume(struct cnap_store *s, const char *token_hash, struct cnap_arena *a,
				   struct cnap_actor *actor, const char **name, struct cnap_error *err);

/* End the session whose token hash is given (logging out). */
enum cnap_err cnap_uc_logout(struct cnap_store *s, const char *token_hash, struct cnap_error *err);

/*
 * The actor's own password: current must match; every other session and
 * every API token of the actor ends with the old password (keep_token_hash,
 * the session asking, stays).
 */
enum cnap_err cnap_uc_password_change(struct cnap_store *s, const struct cnap_actor *actor, const char *current,
				      const char *next, const char *keep_token_hash, struct cnap_error *err);
/* The secretariat sets a user's password; all of that user's sessions and API tokens end. */
enum cnap_err cnap_uc_password_set(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   const char *password, struct cnap_error *err);

/* Whether password meets the rules (no hashing): forms check it beside their other fields. */
bool cnap_uc_password_acceptable(const char *password);

/* A new user; password NULL for none yet (cannot log in until one is set). */
enum cnap_err cnap_uc_user_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
			       const struct cnap_user *u, const char *password, struct cnap_error *err);
/* A user as the secretariat manages them. */
struct cnap_uc_user {
	struct cnap_user user;
	bool has_password;        /* can log in */
	const char *locked_until; /* ISO time of a lockout, or NULL */
};
enum cnap_err cnap_uc_user_list(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				struct cnap_uc_user **out, size_t *n, struct cnap_error *err);
/* One user as the secretariat manages them (strings in a); CNAP_ENOTFOUND for an unknown login. */
enum cnap_err cnap_uc_user_get(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
			       struct cnap_arena *a, struct cnap_uc_user *out, struct cnap_error *err);
/*
 * The secretariat changes a user (store/store.h's struct cnap_user_update: name, e-mail,
 * role, association, the WGs of cycle year, deactivate / reactivate), audited as
 * user.update. Deactivating ends the user's sessions and API tokens; a deactivated user
 * cannot log in, use a token, or be acted as with --as. One's own account cannot be
 * deactivated nor its role changed (CNAP_ECONFLICT). Messages are Japanese, where is
 * "user.name", "user.email", "user.association", "user.role", "user.active", ...
 */
enum cnap_err cnap_uc_user_edit(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *login,
				const struct cnap_user_update *ch, struct cnap_error *err);

/* A new API token acting as login (the secretariat's, or one's own); printed once, stored hashed. */
enum cnap_err cnap_uc_token_create(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   const char *label, char token_out[48], struct cnap_error *err);
/* The API tokens of login (one's own, or anyone's for the secretariat), without their secrets. */
enum cnap_err cnap_uc_token_list(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				 struct cnap_arena *a, struct cnap_token_info **out, size_t *n, struct cnap_error *err);
/* Revoke one: at once, for every server on the database. Another user's id is CNAP_ENOTFOUND. */
enum cnap_err cnap_uc_token_revoke(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   int64_t id, struct cnap_error *err);

#endif
