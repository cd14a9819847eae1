/* Users and their WG memberships. */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum cnap_err cnap_store_user_add(struct cnap_store *s, int year, const struct cnap_user *u,
				  const char *password_hash, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_check_code(u->login, "user.login", err)) ||
	    (rc = cnap_text_check(u->name, CNAP_MAX_NAME_CHARS, 0, "user.name", err)))
		return rc;
	if (u->role == CNAP_ROLE_ASSOCIATION && !u->association_code)
		return cnap_fail(err, CNAP_EINVAL, "user.association", "an association user needs an association");
	if (u->role != CNAP_ROLE_ASSOCIATION && u->association_code)
		return cnap_fail(err, CNAP_EINVAL, "user.association", "only association users belong to an association");
	if (u->n_wg_codes && !year)
		return cnap_fail(err, CNAP_EINVAL, "user.cycle", "WG membership needs a cycle");
	if (u->email && (rc = cnap_check_email(u->email, "user.email", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	int64_t aid = 0, uid;
	if (u->association_code && (rc = association_id(s, u->association_code, &aid, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "INSERT INTO users (login, name, role, association_id, password_hash, created_at, email) "
		      "VALUES (?,?,?,?,?,?,?)",
		      &st, err)))
		return tx_leave(s, rc, err);
	st_text(s, st, 1, u->login);
	st_text(s, st, 2, u->name);
	st_text(s, st, 3, cnap_role_name(u->role));
	if (aid)
		st_int(s, st, 4, aid);
	else
		st_text(s, st, 4, NULL);
	st_text(s, st, 5, password_hash);
	st_text(s, st, 6, cnap_store_now(s));
	st_text(s, st, 7, u->email);
	if ((rc = st_done(s, st, "user exists", err))) {
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "user.login", "user '%s' already exists", u->login);
		return tx_leave(s, rc, err);
	}
	uid = s->drv->last_insert_id(s->db);
	for (size_t i = 0; i < u->n_wg_codes && !rc; i++) {
		int64_t wid;
		if ((rc = wg_id(s, year, u->wg_codes[i], &wid, err)))
			break;
		if ((rc = st_prepare(s, "INSERT INTO user_wgs (user_id, wg_id) VALUES (?,?)", &st, err)))
			break;
		st_int(s, st, 1, uid);
		st_int(s, st, 2, wid);
		rc = st_done(s, st, "duplicate WG", err);
	}
	if (!rc) {
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		cnap_buf_adds(&b, "{\"login\":");
		cnap_buf_add_json_str(&b, u->login);
		cnap_buf_adds(&b, ",\"name\":");
		cnap_buf_add_json_str(&b, u->name);
		cnap_buf_adds(&b, ",\"role\":");
		cnap_buf_add_json_str(&b, cnap_role_name(u->role));
		cnap_buf_adds(&b, ",\"association\":");
		cnap_buf_add_json_str(&b, u->association_code);
		if (u->email) {
			cnap_buf_adds(&b, ",\"email\":");
			cnap_buf_add_json_str(&b, u->email);
		}
		cnap_buf_addf(&b, ",\"wgs\":%zu,\"password\":%s}", u->n_wg_codes, password_hash ? "true" : "false");
		rc = b.status ? OOM(err) : audit_add(s, "user.add", "user", uid, NULL, b.data, err);
		cnap_buf_release(&b);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err load_user_wgs(struct cnap_store *s, struct cnap_user *u, int year, struct cnap_arena *a,
			    struct cnap_error *err)
{
	u->wg_codes = NULL;
	u->n_wg_codes = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT w.code FROM user_wgs uw JOIN wgs w ON w.id = uw.wg_id JOIN cycles c ON c.id = w.cycle_id "
		"WHERE uw.user_id = ?1 AND (?2 = 0 OR c.year = ?2) ORDER BY w.id",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, u->id);
	st_int(s, st, 2, year);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		const char **slot = ARENA_PUSH(a, u->wg_codes, cap, u->n_wg_codes);
		if (!slot) {
			st_free(s, st);
			return OOM(err);
		}
		*slot = col_str(s, st, 0, a);
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

#define USER_COLUMNS "SELECT u.id, u.login, u.name, u.role, a.code, u.email, u.active, u.mail_mode FROM users u " \
		     "LEFT JOIN associations a ON a.id = u.association_id "

static void read_user(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, struct cnap_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = col_int(s, st, 0);
	u->login = col_str(s, st, 1, a);
	u->name = col_str(s, st, 2, a);
	enum cnap_role role = CNAP_ROLE_REVIEWER;
	cnap_role_parse(col_text(s, st, 3), &role);
	u->role = role;
	u->association_code = col_str(s, st, 4, a);
	u->email = col_str(s, st, 5, a);
	u->active = col_int(s, st, 6) != 0;
	enum cnap_mail_mode mode = CNAP_MAIL_IMMEDIATE;
	cnap_mail_mode_parse(col_text(s, st, 7), &mode);
	u->mail_mode = mode;
}

enum cnap_err cnap_store_user_get(struct cnap_store *s, const char *login, struct cnap_arena *a,
				  struct cnap_user *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, USER_COLUMNS "WHERE u.login = ?", &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, login);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		read_user(s, st, a, out);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "user.login", "unknown user '%s'", login);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc ? rc : load_user_wgs(s, out, 0, a, err);
}

enum cnap_err cnap_store_user_list(struct cnap_store *s, struct cnap_arena *a, struct cnap_user **out,
				   size_t *n, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, USER_COLUMNS "ORDER BY u.login", &st, err);
	if (rc)
		return rc;
	struct cnap_user *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_user *u = ARENA_PUSH(a, v, cap, count);
		if (!u) {
			st_free(s, st);
			return OOM(err);
		}
		read_user(s, st, a, u);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	for (size_t i = 0; i < count; i++)
		if ((rc = load_user_wgs(s, &v[i], 0, a, err)))
			return rc;
	*out = v;
	*n = count;
	return CNAP_OK;
}
