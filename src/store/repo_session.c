/* Sessions, API tokens and login credentials (store/session.h). */
#include "base/compat.h"
#include "store/session.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/*
 * Runs one statement binding up to three texts, then up to two integers, as ?1, ?2, ... in that order,
 * in a transaction (its own unless the caller's is open): a session write outside one would commit
 * without raising the change counter, and another server would go on trusting a deleted session.
 */
struct bind {
	const char *t[3];
	int64_t i[2];
	int nt, ni;
};

static enum cnap_err exec_bound(struct cnap_store *s, const char *sql, const struct bind *b, const char *what,
				struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	if ((rc = st_prepare(s, sql, &st, err)))
		return tx_leave(s, rc, err);
	int idx = 1;
	for (int k = 0; k < b->nt; k++)
		st_text(s, st, idx++, b->t[k]);
	for (int k = 0; k < b->ni; k++)
		st_int(s, st, idx++, b->i[k]);
	return tx_leave(s, st_done(s, st, what, err), err);
}

enum cnap_err cnap_store_session_add(struct cnap_store *s, const char *token_hash, const char *login,
				     const char *now, const char *expires_at, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = user_id(s, login, &uid, err)))
		return tx_leave(s, rc, err);
	struct bind b = { { token_hash, now, expires_at }, { uid }, 3, 1 };
	rc = exec_bound(s, "INSERT INTO sessions (token_hash, created_at, last_seen, expires_at, user_id) "
			   "VALUES (?1, ?2, ?2, ?3, ?4)",
			&b, "session", err);
	if (!rc)
		rc = audit_add(s, "session.login", "user", uid, NULL, NULL, err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_session_get(struct cnap_store *s, const char *token_hash, const char *now,
				     struct cnap_arena *a, struct cnap_session *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT se.id, u.login, se.created_at, se.last_seen, se.expires_at FROM sessions se "
		"JOIN users u ON u.id = se.user_id WHERE se.token_hash = ? AND se.expires_at > ? AND u.active = 1",
		&st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, token_hash);
	st_text(s, st, 2, now);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		out->id = col_int(s, st, 0);
		out->login = col_str(s, st, 1, a);
		out->created_at = col_str(s, st, 2, a);
		out->last_seen = col_str(s, st, 3, a);
		out->expires_at = col_str(s, st, 4, a);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "session", "no such session");
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_session_touch(struct cnap_store *s, int64_t id, const char *now, const char *expires_at,
				       struct cnap_error *err)
{
	struct bind b = { { now, expires_at }, { id }, 2, 1 };
	return exec_bound(s, "UPDATE sessions SET last_seen = ?1, expires_at = ?2 WHERE id = ?3", &b, "session", err);
}

enum cnap_err cnap_store_session_delete(struct cnap_store *s, const char *token_hash, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid;
	if ((rc = tx_enter(s, err)))
		return rc;
	rc = query_id(s, "SELECT user_id FROM sessions WHERE token_hash = ?", token_hash, NULL, 0, &uid, err);
	if (rc == CNAP_ENOTFOUND)
		return tx_leave(s, CNAP_OK, err);
	struct bind b = { { token_hash }, { 0 }, 1, 0 };
	if (!rc)
		rc = exec_bound(s, "DELETE FROM sessions WHERE token_hash = ?", &b, "session", err);
	if (!rc)
		rc = audit_add(s, "session.logout", "user", uid, NULL, NULL, err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_session_delete_user(struct cnap_store *s, const char *login, const char *keep_hash,
					     struct cnap_error *err)
{
	struct bind b = { { login, keep_hash }, { 0 }, 2, 0 };
	return exec_bound(s,
			  "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?1) "
			  "AND (?2 IS NULL OR token_hash <> ?2)",
			  &b, "session", err);
}

enum cnap_err cnap_store_token_delete_user(struct cnap_store *s, const char *login, struct cnap_error *err)
{
	struct bind b = { { login }, { 0 }, 1, 0 };
	return exec_bound(s, "DELETE FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE login = ?)", &b,
			  "token", err);
}

enum cnap_err cnap_store_session_purge(struct cnap_store *s, const char *now, struct cnap_error *err)
{
	struct bind b = { { now }, { 0 }, 1, 0 };
	return exec_bound(s, "DELETE FROM sessions WHERE expires_at <= ?", &b, "session", err);
}

enum cnap_err cnap_store_credentials_get(struct cnap_store *s, const char *login, struct cnap_arena *a,
					 struct cnap_credentials *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc =
		st_prepare(s, "SELECT password_hash, failed_logins, locked_until, active FROM users WHERE login = ?", &st,
			   err);
	if (rc)
		return rc;
	st_text(s, st, 1, login);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		out->password_hash = col_str(s, st, 0, a);
		out->failed_logins = (int)col_int(s, st, 1);
		out->locked_until = col_str(s, st, 2, a);
		out->active = col_int(s, st, 3) != 0;
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "user.login", "unknown user '%s'", login);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_login_failed(struct cnap_store *s, const char *login, int max_failures,
				      const char *lock_until, bool *locked, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid, failures;
	*locked = false;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = user_id(s, login, &uid, err)) ||
	    (rc = query_id(s, "SELECT failed_logins + 1 FROM users WHERE id = ?", NULL, NULL, uid, &failures, err)))
		return tx_leave(s, rc, err);
	*locked = failures >= max_failures;
	struct bind b = { { *locked ? lock_until : NULL }, { *locked ? 0 : failures, uid }, 1, 2 };
	rc = exec_bound(s, "UPDATE users SET locked_until = coalesce(?1, locked_until), failed_logins = ?2 WHERE id = ?3",
			&b, "user", err);
	if (!rc)
		rc = audit_add(s, *locked ? "user.locked" : "user.login-failed", "user", uid, NULL, NULL, err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_login_succeeded(struct cnap_store *s, const char *login, struct cnap_error *err)
{
	struct bind b = { { login }, { 0 }, 1, 0 };
	return exec_bound(s, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE login = ?", &b, "user",
			  err);
}

enum cnap_err cnap_store_password_set(struct cnap_store *s, const char *login, const char *password_hash,
				      struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = user_id(s, login, &uid, err)))
		return tx_leave(s, rc, err);
	struct bind b = { { password_hash }, { uid }, 1, 1 };
	rc = exec_bound(s, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
			&b, "user", err);
	if (!rc)
		rc = audit_add(s, "user.password", "user", uid, NULL, NULL, err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_token_add(struct cnap_store *s, const char *token_hash, const char *login,
				   const char *label, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = user_id(s, login, &uid, err)))
		return tx_leave(s, rc, err);
	struct bind b = { { token_hash, label, cnap_store_now(s) }, { uid }, 3, 1 };
	rc = exec_bound(s, "INSERT INTO api_tokens (token_hash, label, created_at, user_id) VALUES (?,?,?,?)", &b,
			"token", err);
	if (!rc) {
		struct cnap_buf j;
		cnap_buf_init(&j, 0);
		cnap_buf_adds(&j, "{\"label\":");
		cnap_buf_add_json_str(&j, label);
		cnap_buf_addc(&j, '}');
		rc = j.status ? cnap_fail(err, CNAP_ENOMEM, "", "out of memory")
			      : audit_add(s, "token.add", "user", uid, NULL, j.data, err);
		cnap_buf_release(&j);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_token_login(struct cnap_store *s, const char *token_hash, struct cnap_arena *a,
				     const char **login, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT u.login FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? "
		"AND u.active = 1", &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, token_hash);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*login = col_str(s, st, 0, a);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "token", "unknown API token");
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}


enum cnap_err cnap_store_token_list(struct cnap_store *s, const char *login, struct cnap_arena *a,
				    struct cnap_token_info **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t uid;
	/* The user and the tokens from one snapshot, so a user deleted in between is not an empty list. */
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st = NULL;
	if ((rc = user_id(s, login, &uid, err)) ||
	    (rc = st_prepare(s, "SELECT id, label, created_at FROM api_tokens WHERE user_id = ? ORDER BY id", &st,
			     err))) {
		cnap_store_read_end(s);
		return rc;
	}
	st_int(s, st, 1, uid);
	struct cnap_token_info *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_token_info *t = ARENA_PUSH(a, v, cap, count);
		if (!t) {
			st_free(s, st);
			cnap_store_read_end(s);
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		}
		t->id = col_int(s, st, 0);
		t->label = col_str(s, st, 1, a);
		t->created_at = col_str(s, st, 2, a);
	}
	st_free(s, st);
	rc = r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
	cnap_store_read_end(s);
	if (!rc) {
		*out = v;
		*n = count;
	}
	return rc;
}

enum cnap_err cnap_store_token_delete(struct cnap_store *s, const char *login, int64_t id, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t uid, owner = 0;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = user_id(s, login, &uid, err)))
		return tx_leave(s, rc, err);
	rc = id > 0 ? query_id(s, "SELECT user_id FROM api_tokens WHERE id = ?", NULL, NULL, id, &owner, err)
		    : CNAP_ENOTFOUND;
	/* Someone else's token answers like a missing one: ids are sequential, so "not yours" would tell. */
	if (rc == CNAP_ENOTFOUND || (!rc && owner != uid))
		return tx_leave(s, cnap_fail(err, CNAP_ENOTFOUND, "token.id", "no API token %lld for '%s'",
					     (long long)id, login),
				err);
	struct bind b = { { NULL }, { id, uid }, 0, 2 };
	if (!rc)
		rc = exec_bound(s, "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2", &b, "token", err);
	if (!rc) {
		char after[48];
		snprintf(after, sizeof(after), "{\"token_id\":%lld}", (long long)id);
		rc = audit_add(s, "token.revoke", "user", uid, NULL, after, err);
	}
	return tx_leave(s, rc, err);
}
