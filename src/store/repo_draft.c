/* The working copy of an association's survey data between versions (migration 0005). */
#include "base/compat.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

enum cnap_err cnap_store_draft_get(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				   struct cnap_arena *a, struct cnap_data_draft *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	int64_t pid;
	enum cnap_err rc = participation_id(s, year, wg_code, association_code, &pid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "SELECT d.base_version, d.data_json, u.login, d.updated_at FROM data_drafts d "
			     "LEFT JOIN users u ON u.id = d.updated_by WHERE d.participation_id = ?",
			     &st, err)))
		return rc;
	st_int(s, st, 1, pid);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		out->base_version = (int)col_int(s, st, 0);
		out->data_json = col_str(s, st, 1, a);
		out->updated_by = col_str(s, st, 2, a);
		out->updated_at = col_str(s, st, 3, a);
		rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err)
					  : cnap_fail(err, CNAP_ENOTFOUND, "draft", "no draft");
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_draft_put(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				   int base_version, const char *data_json, const char *login, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t pid, uid = 0;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)) ||
	    (login && (rc = user_id(s, login, &uid, err))))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "INSERT INTO data_drafts (participation_id, base_version, data_json, updated_by, updated_at) "
			     "VALUES (?1, ?2, ?3, nullif(?4, 0), ?5) ON CONFLICT (participation_id) DO UPDATE SET "
			     "base_version = ?2, data_json = ?3, updated_by = nullif(?4, 0), updated_at = ?5",
			     &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, pid);
	st_int(s, st, 2, base_version);
	st_text(s, st, 3, data_json);
	st_int(s, st, 4, uid);
	st_text(s, st, 5, cnap_store_now(s));
	if (!(rc = st_done(s, st, "draft", err))) {
		char after[96];
		snprintf(after, sizeof(after), "{\"cycle\":%d,\"base_version\":%d}", year, base_version);
		rc = audit_add(s, "survey.draft_save", "participation", pid, NULL, after, err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_draft_delete(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t pid;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "DELETE FROM data_drafts WHERE participation_id = ?", &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, pid);
	if (!(rc = st_done(s, st, "draft", err)) && s->drv->changes(s->db) > 0)
		rc = audit_add(s, "survey.draft_discard", "participation", pid, NULL, NULL, err);
	return tx_leave(s, rc, err);
}
