#include "base/compat.h"
#include "auth/password.h"
#include "auth/token.h"
#include "base/isotime.h"
#include "base/utf8.h"
#include "store/session.h"
#include "usecase/accounts.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static sem_t hash_slots;
static unsigned hash_slot_count = 2;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static void hash_slots_init(void) { sem_init(&hash_slots, 0, hash_slot_count); }

void cnap_uc_login_hash_slots(unsigned n)
{
	hash_slot_count = n ? n : 1;
}

/* A hashing slot for a login, waiting a moment at most: a burst of logins must not hold every thread. */
static bool login_slot_take(void)
{
	struct timespec until;
	pthread_once(&hash_once, hash_slots_init);
	clock_gettime(CLOCK_REALTIME, &until);
	long ns = until.tv_nsec + (CNAP_LOGIN_HASH_WAIT_MS % 1000) * 1000000L;
	until.tv_sec += CNAP_LOGIN_HASH_WAIT_MS / 1000 + ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	while (sem_timedwait(&hash_slots, &until) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

/*
 * Same work whether or not the login exists, so timing does not tell.
 * Returns 1 on a match, 0 on none, -1 when no hashing slot came free.
 */
static int login_verify(const char *hash, const char *password)
{
	static const char dummy[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
				    "3ONEsdqHqAa2h4/zCMyJ2D6g8hHdELiJmz2SS+JGGNc";
	if (!login_slot_take())
		return -1;
	bool ok = cnap_password_verify(hash ? hash : dummy, password ? password : "") && hash;
	sem_post(&hash_slots);
	return ok;
}

/* The same for a password change: rare, so it waits its turn. */
static bool verify_password(const char *hash, const char *password)
{
	pthread_once(&hash_once, hash_slots_init);
	sem_wait(&hash_slots);
	bool ok = hash && cnap_password_verify(hash, password ? password : "");
	sem_post(&hash_slots);
	return ok;
}

static enum cnap_err hash_password(const char *password, const char *field, char out[CNAP_PASSWORD_HASH_MAX],
				   struct cnap_error *err)
{
	pthread_once(&hash_once, hash_slots_init);
	sem_wait(&hash_slots);
	enum cnap_err rc = cnap_password_hash(password ? password : "", out, err);
	sem_post(&hash_slots);
	if (rc && err)
		snprintf(err->where, sizeof(err->where), "%s", field);
	return rc;
}

static enum cnap_err admin(const struct cnap_actor *actor, struct cnap_error *err)
{
	return cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
}

/* API tokens: one's own, or anyone's for the secretariat. */
static enum cnap_err own_or_admin(const struct cnap_actor *actor, const char *login, struct cnap_error *err)
{
	bool own = !actor->system && actor->login && login && strcmp(actor->login, login) == 0;
	return own ? CNAP_OK : admin(actor, err);
}

/*
 * A wrong password that is not counted would be a free guess: outwait
 * another writer for several busy timeouts, and when even that fails, the
 * caller answers a server error, never "wrong password".
 */
static enum cnap_err count_failure(struct cnap_store *s, const char *login, time_t now, struct cnap_error *err)
{
	char until[32];
	bool locked;
	cnap_iso_format(now + CNAP_LOCKOUT_S, until);
	enum cnap_err rc;
	for (int i = 1;; i++) {
		rc = cnap_store_login_failed(s, login, CNAP_LOCKOUT_FAILURES, until, &locked, err);
		if ((rc != CNAP_EBUSY && rc != CNAP_EDB) || i == CNAP_LOGIN_COUNT_TRIES)
			return rc;
	}
}

enum cnap_err cnap_uc_login(struct cnap_store *s, const char *login, const char *password, time_t now,
			    enum cnap_login_outcome *outcome, char session_token[48], struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_credentials cred = { 0 };
	char now_s[32], expires[32], hash[65];
	cnap_iso_format(now, now_s);
	*outcome = CNAP_LOGIN_FAILED;
	enum cnap_err rc = cnap_store_credentials_get(s, login, &a, &cred, err);
	if (rc && rc != CNAP_ENOTFOUND)
		goto out; /* a store that cannot answer is not a wrong password */
	bool known = rc == CNAP_OK;
	rc = CNAP_OK;
	/* A deactivated account answers as a locked one: the same hash, the same failure, nothing counted. */
	bool locked = known && ((cred.locked_until && strcmp(cred.locked_until, now_s) > 0) || !cred.active);
	cnap_store_set_actor(s, login);
	/*
	 * A locked account pays for the hash and answers as an unknown login
	 * does: neither its status nor its time may tell that the login exists.
	 */
	int match = login_verify(known ? cred.password_hash : NULL, password);
	if (match < 0) {
		/* Nothing was tried, so nothing is counted: the client tries again in a moment. */
		rc = cnap_fail(err, CNAP_EBUSY, "", "too many logins at once; try again in a moment");
		goto out;
	}
	if (locked)
		goto out;
	if (!match) {
		if (known)
			rc = count_failure(s, login, now, err);
		goto out;
	}
	/* A new token at every login: a session id planted before login never becomes valid. */
	cnap_token_new(session_token);
	cnap_token_hash(session_token, hash);
	cnap_iso_format(now + CNAP_SESSION_IDLE_S, expires);
	if ((rc = cnap_store_begin(s, err)))
		goto out;
	if (!(rc = cnap_store_session_purge(s, now_s, err)) && !(rc = cnap_store_login_succeeded(s, login, err)))
		rc = cnap_store_session_add(s, hash, login, now_s, expires, err);
	rc = cnap_store_finish(s, rc, err);
	if (!rc)
		*outcome = CNAP_LOGIN_OK;
	else
		sodium_memzero(session_token, 48);
out:
	cnap_arena_release(&a);
	return rc;
}

static enum cnap_err actor_of(struct cnap_store *s, const char *login, struct cnap_arena *a, struct cnap_actor *actor,
			      const char **name, struct cnap_error *err)
{
	struct cnap_user u;
	enum cnap_err rc = cnap_store_user_get(s, login, a, &u, err);
	if (rc)
		return rc;
	memset(actor, 0, sizeof(*actor));
	actor->login = u.login;
	actor->role = u.role;
	actor->association_code = u.association_code;
	actor->wg_codes = (const char *const *)u.wg_codes;
	actor->n_wg_codes = u.n_wg_codes;
	if (name)
		*name = u.name;
	return CNAP_OK;
}

enum cnap_err cnap_uc_actor_load(struct cnap_store *s, const char *login, struct cnap_arena *a,
				 struct cnap_actor *out, struct cnap_error *err)
{
	struct cnap_credentials cred = { 0 };
	enum cnap_err rc = cnap_store_credentials_get(s, login, a, &cred, err);
	if (!rc && !cred.active)
		rc = cnap_fail(err, CNAP_EPERM, "user.login", "ユーザー「%s」は無効化されています", login);
	return rc ? rc : actor_of(s, login, a, out, NULL, err);
}

enum cnap_err cnap_uc_session_resume(struct cnap_store *s, const char *token_hash, time_t now, struct cnap_arena *a,
				     struct cnap_actor *actor, const char **name, time_t *expires_out,
				     struct cnap_error *err)
{
	char now_s[32];
	struct cnap_session ses;
	cnap_iso_format(now, now_s);
	enum cnap_err rc;
	if ((rc = cnap_store_session_get(s, token_hash, now_s, a, &ses, err)) ||
	    (rc = actor_of(s, ses.login, a, actor, name, err)))
		return rc;
	time_t expires, last_seen, created;
	cnap_iso_parse(ses.expires_at, &expires);
	cnap_iso_parse(ses.last_seen, &last_seen);
	cnap_iso_parse(ses.created_at, &created);
	if (now - last_seen >= CNAP_SESSION_TOUCH_S) {
		char until[32];
		time_t idle = now + CNAP_SESSION_IDLE_S, hard = created + CNAP_SESSION_MAX_S;
		expires = idle < hard ? idle : hard;
		cnap_iso_format(expires, until);
		/* Not sliding it this once (a busy database) only ends the session sooner: not worth a failure. */
		cnap_store_session_touch(s, ses.id, now_s, until, NULL);
	}
	*expires_out = expires;
	return CNAP_OK;
}

enum cnap_err cnap_uc_token_resume(struct cnap_store *s, const char *token_hash, struct cnap_arena *a,
				   struct cnap_actor *actor, const char **name, struct cnap_error *err)
{
	const char *login;
	enum cnap_err rc = cnap_store_token_login(s, token_hash, a, &login, err);
	return rc ? rc : actor_of(s, login, a, actor, name, err);
}

enum cnap_err cnap_uc_logout(struct cnap_store *s, const char *token_hash, struct cnap_error *err)
{
	return token_hash ? cnap_store_session_delete(s, token_hash, err) : CNAP_OK;
}

/*
 * New password and the end of the sessions and API tokens that came from
 * the old one, as one change: a token made with a stolen password must not
 * outlive the reset that answers the theft.
 */
static enum cnap_err set_password(struct cnap_store *s, const char *login, const char *hash, const char *keep_hash,
				  struct cnap_error *err)
{
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_store_password_set(s, login, hash, err)) &&
	    !(rc = cnap_store_session_delete_user(s, login, keep_hash, err)))
		rc = cnap_store_token_delete_user(s, login, err);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_password_change(struct cnap_store *s, const struct cnap_actor *actor, const char *current,
				      const char *next, const char *keep_token_hash, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_credentials cred = { 0 };
	char hash[CNAP_PASSWORD_HASH_MAX];
	enum cnap_err rc = CNAP_OK;
	if (actor->system || cnap_store_credentials_get(s, actor->login, &a, &cred, NULL) ||
	    !verify_password(cred.password_hash, current))
		rc = cnap_fail(err, CNAP_EINVAL, "account.current", "the current password is wrong");
	else if (!(rc = hash_password(next, "account.new", hash, err))) {
		cnap_store_set_actor(s, actor->login);
		rc = set_password(s, actor->login, hash, keep_token_hash, err);
	}
	sodium_memzero(hash, sizeof(hash));
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_password_set(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   const char *password, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_credentials cred;
	char hash[CNAP_PASSWORD_HASH_MAX];
	enum cnap_err rc;
	if (!(rc = admin(actor, err)) && !(rc = cnap_store_credentials_get(s, login, &a, &cred, err)) &&
	    !(rc = hash_password(password, "user.password", hash, err))) {
		cnap_store_set_actor(s, actor->login);
		rc = set_password(s, login, hash, NULL, err);
	}
	sodium_memzero(hash, sizeof(hash));
	cnap_arena_release(&a);
	return rc;
}

bool cnap_uc_password_acceptable(const char *password)
{
	return password && cnap_password_rules(password, NULL) == CNAP_OK;
}

enum cnap_err cnap_uc_user_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
			       const struct cnap_user *u, const char *password, struct cnap_error *err)
{
	char hash[CNAP_PASSWORD_HASH_MAX];
	enum cnap_err rc;
	if ((rc = admin(actor, err)) || (password && (rc = hash_password(password, "user.password", hash, err))))
		return rc;
	cnap_store_set_actor(s, actor->login);
	rc = cnap_store_user_add(s, year, u, password ? hash : NULL, err);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* The secretariat may not lock itself out: its own account stays active and keeps its role. */
static enum cnap_err self_edit(const struct cnap_actor *actor, const char *login, const struct cnap_user_update *ch,
			       struct cnap_error *err)
{
	if (actor->system || !actor->login || strcmp(actor->login, login) != 0)
		return CNAP_OK;
	if (ch->set_active && !ch->active)
		return cnap_fail(err, CNAP_ECONFLICT, "user.active", "自分自身のアカウントは無効化できません");
	if (ch->set_role && ch->role != actor->role)
		return cnap_fail(err, CNAP_ECONFLICT, "user.role", "自分自身の役割は変更できません");
	return CNAP_OK;
}

enum cnap_err cnap_uc_user_edit(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *login,
				const struct cnap_user_update *ch, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = admin(actor, err)) || (rc = self_edit(actor, login, ch, err)))
		return rc;
	if (ch->set_name && (rc = cnap_text_check(ch->name, CNAP_MAX_NAME_CHARS, 0, "user.name", err)))
		return cnap_fail(err, rc, "user.name", "氏名は1〜%d文字で入力してください", CNAP_MAX_NAME_CHARS);
	if (ch->set_email && ch->email && *ch->email && (rc = cnap_check_email(ch->email, "user.email", err)))
		return rc;
	cnap_store_set_actor(s, actor->login);
	return cnap_store_user_update(s, year, login, ch, err);
}

enum cnap_err cnap_uc_user_get(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
			       struct cnap_arena *a, struct cnap_uc_user *out, struct cnap_error *err)
{
	struct cnap_credentials cred = { 0 };
	enum cnap_err rc;
	memset(out, 0, sizeof(*out));
	if ((rc = admin(actor, err)) || (rc = cnap_store_user_get(s, login, a, &out->user, err)) ||
	    (rc = cnap_store_credentials_get(s, login, a, &cred, err)))
		return rc;
	out->has_password = cred.password_hash != NULL;
	out->locked_until = cred.locked_until;
	return CNAP_OK;
}

enum cnap_err cnap_uc_user_list(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				struct cnap_uc_user **out, size_t *n, struct cnap_error *err)
{
	struct cnap_user *users;
	enum cnap_err rc;
	/* Callers size arrays by *n even on failure (cnap user list did, from an uninitialised count). */
	*out = NULL;
	*n = 0;
	if ((rc = admin(actor, err)) || (rc = cnap_store_user_list(s, a, &users, n, err)))
		return rc;
	*out = cnap_arena_calloc(a, *n + 1, sizeof(**out));
	if (!*out)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < *n; i++) {
		struct cnap_credentials cred = { 0 };
		if ((rc = cnap_store_credentials_get(s, users[i].login, a, &cred, err)))
			return rc;
		(*out)[i].user = users[i];
		(*out)[i].has_password = cred.password_hash != NULL;
		(*out)[i].locked_until = cred.locked_until;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_token_create(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   const char *label, char token_out[48], struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = own_or_admin(actor, login, err)))
		return rc;
	if ((rc = cnap_password_init(err)))
		return rc;
	char hash[65];
	cnap_token_new(token_out);
	cnap_token_hash(token_out, hash);
	cnap_store_set_actor(s, actor->login);
	rc = cnap_store_token_add(s, hash, login, label ? label : "script", err);
	if (rc)
		sodium_memzero(token_out, 48);
	return rc;
}

enum cnap_err cnap_uc_token_list(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				 struct cnap_arena *a, struct cnap_token_info **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	enum cnap_err rc = own_or_admin(actor, login, err);
	return rc ? rc : cnap_store_token_list(s, login, a, out, n, err);
}

enum cnap_err cnap_uc_token_revoke(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				   int64_t id, struct cnap_error *err)
{
	enum cnap_err rc = own_or_admin(actor, login, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	return cnap_store_token_delete(s, login, id, err);
}
