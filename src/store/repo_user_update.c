/*
 * A user changed by the secretariat (issue 14): name, e-mail, role,
 * association, the WGs of one cycle, deactivated or active again. One
 * transaction, one audit record "user.update" with the user before and after;
 * deactivating also ends the user's sessions and API tokens in it, so that
 * reactivating later does not bring an old token back.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/session.h"
#include "store/store_int.h"

#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* The user as the audit trail records it; NULL when out of memory (caller frees). */
static char *user_snapshot(const struct cnap_user *u)
{
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_str(&b, "login", u->login, &first);
	snap_kv_str(&b, "name", u->name, &first);
	snap_kv_str(&b, "role", cnap_role_name(u->role), &first);
	snap_kv_str(&b, "association", u->association_code, &first);
	snap_kv_str(&b, "email", u->email, &first);
	snap_kv_int(&b, "active", u->active, &first);
	cnap_buf_adds(&b, ",\"wgs\":[");
	for (size_t i = 0; i < u->n_wg_codes; i++) {
		if (i)
			cnap_buf_addc(&b, ',');
		cnap_buf_add_json_str(&b, u->wg_codes[i]);
	}
	cnap_buf_adds(&b, "]}");
	if (b.status) {
		cnap_buf_release(&b);
		return NULL;
	}
	return cnap_buf_detach(&b, NULL);
}

static enum cnap_err exec_ids(struct cnap_store *s, const char *sql, int64_t a, int64_t b, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, a);
	if (b)
		st_int(s, st, 2, b);
	return st_done(s, st, "user", err);
}

static enum cnap_err write_row(struct cnap_store *s, const struct cnap_user *u, int64_t aid, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "UPDATE users SET name = ?, email = ?, role = ?, association_id = ?, active = ? "
					 "WHERE id = ?",
				      &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, u->name);
	st_text(s, st, 2, u->email);
	st_text(s, st, 3, cnap_role_name(u->role));
	if (aid)
		st_int(s, st, 4, aid);
	else
		st_text(s, st, 4, NULL);
	st_int(s, st, 5, u->active ? 1 : 0);
	st_int(s, st, 6, u->id);
	return st_done(s, st, "user", err);
}

/* The memberships of cycle year replaced by codes (none when n is 0). */
static enum cnap_err replace_wgs(struct cnap_store *s, int year, int64_t uid, const char *const *codes, size_t n,
				 struct cnap_error *err)
{
	int64_t cid, wid;
	enum cnap_err rc;
	if ((rc = cycle_id(s, year, &cid, err)) ||
	    (rc = exec_ids(s, "DELETE FROM user_wgs WHERE user_id = ?1 AND wg_id IN (SELECT id FROM wgs WHERE cycle_id = ?2)",
			   uid, cid, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = wg_id(s, year, codes[i], &wid, err)))
			return rc;
		struct cnap_stmt *st;
		if ((rc = st_prepare(s, "INSERT OR IGNORE INTO user_wgs (user_id, wg_id) VALUES (?,?)", &st, err)))
			return rc;
		st_int(s, st, 1, uid);
		st_int(s, st, 2, wid);
		if ((rc = st_done(s, st, "WG", err)))
			return rc;
	}
	return CNAP_OK;
}

static enum cnap_err check_after(const struct cnap_user *u, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_text_check(u->name, CNAP_MAX_NAME_CHARS, 0, "user.name", err)) ||
	    (u->email && (rc = cnap_check_email(u->email, "user.email", err))))
		return rc;
	if (u->role == CNAP_ROLE_ASSOCIATION && !u->association_code)
		return cnap_fail(err, CNAP_EINVAL, "user.association", "業界団体のユーザーには所属団体が必要です");
	if (u->role != CNAP_ROLE_ASSOCIATION && u->association_code)
		return cnap_fail(err, CNAP_EINVAL, "user.association", "所属団体を持てるのは業界団体のユーザーだけです");
	return CNAP_OK;
}

static enum cnap_err apply(struct cnap_store *s, int year, const char *login, const struct cnap_user_update *ch,
			   struct cnap_arena *a, struct cnap_error *err)
{
	struct cnap_user before, after;
	enum cnap_err rc = cnap_store_user_get(s, login, a, &before, err);
	if (rc)
		return rc;
	after = before;
	if (ch->set_name)
		after.name = ch->name;
	if (ch->set_email)
		after.email = ch->email && *ch->email ? ch->email : NULL;
	if (ch->set_role) {
		after.role = ch->role;
		if (ch->role != CNAP_ROLE_ASSOCIATION && !ch->set_association)
			after.association_code = NULL; /* moving out of an association takes its membership along */
	}
	if (ch->set_association)
		after.association_code = ch->association_code && *ch->association_code ? ch->association_code : NULL;
	if (ch->set_active)
		after.active = ch->active;
	if ((rc = check_after(&after, err)))
		return rc;
	if (ch->set_wgs && !year)
		return cnap_fail(err, CNAP_EINVAL, "user.cycle", "担当WGを設定する年度がありません");
	int64_t aid = 0;
	if (after.association_code && (rc = association_id(s, after.association_code, &aid, err)))
		return rc;
	if ((rc = write_row(s, &after, aid, err)))
		return rc;
	/* Only reviewers belong to WGs: a role change away from reviewer ends every membership, of every cycle. */
	if (after.role != CNAP_ROLE_REVIEWER)
		rc = exec_ids(s, "DELETE FROM user_wgs WHERE user_id = ?1", after.id, 0, err);
	else if (ch->set_wgs)
		rc = replace_wgs(s, year, after.id, ch->wg_codes, ch->n_wg_codes, err);
	if (!rc && before.active && !after.active && !(rc = cnap_store_session_delete_user(s, login, NULL, err)))
		rc = cnap_store_token_delete_user(s, login, err);
	struct cnap_user stored;
	if (rc || (rc = cnap_store_user_get(s, login, a, &stored, err)))
		return rc;
	char *b = user_snapshot(&before), *n = user_snapshot(&stored);
	if (!b || !n)
		rc = OOM(err);
	else if (strcmp(b, n) != 0)
		rc = audit_add(s, "user.update", "user", before.id, b, n, err);
	free(b);
	free(n);
	return rc;
}

enum cnap_err cnap_store_user_update(struct cnap_store *s, int year, const char *login,
				     const struct cnap_user_update *ch, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	enum cnap_err rc = tx_enter(s, err);
	if (!rc)
		rc = tx_leave(s, apply(s, year, login, ch, &a, err), err);
	cnap_arena_release(&a);
	return rc;
}
