/*
 * Item texts of a version and the working copy being edited (migration
 * 0008). The store keeps the canonical JSON that io/doc_json.h writes and
 * checks only that every key is an item of the participation's outline.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* query_id binds one integer; the version lookup needs two, so it has its own statement. */
enum cnap_err version_id(struct cnap_store *s, int64_t pid, int version, int64_t *sid, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id FROM submissions WHERE participation_id = ? AND version = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, pid);
	st_int(s, st, 2, version);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*sid = col_int(s, st, 0);
		rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err)
					  : cnap_fail(err, CNAP_ENOTFOUND, "version", "第%d版はありません", version);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err store_texts_insert(struct cnap_store *s, int64_t pid, int64_t sid, const struct cnap_submission *sub,
				 struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc;
	if (!sub->texts_given) {
		/* The newest earlier version's texts, as its page map is. */
		if ((rc = st_prepare(s,
				     "INSERT INTO submission_texts (submission_id, item_key, doc_json) "
				     "SELECT ?1, t.item_key, t.doc_json FROM submission_texts t WHERE t.submission_id = "
				     "(SELECT id FROM submissions WHERE participation_id = ?2 AND id <> ?1 "
				     "ORDER BY version DESC LIMIT 1)",
				     &st, err)))
			return rc;
		st_int(s, st, 1, sid);
		st_int(s, st, 2, pid);
		return st_done(s, st, "texts", err);
	}
	if ((rc = st_prepare(s,
			     "INSERT INTO submission_texts (submission_id, item_key, doc_json) "
			     "SELECT ?1, ti.key, ?3 FROM template_items ti JOIN participations p ON p.template_id = "
			     "ti.template_id WHERE p.id = ?4 AND ti.key = ?2",
			     &st, err)))
		return rc;
	for (size_t i = 0; i < sub->n_texts && !rc; i++) {
		s->drv->reset(st);
		st_int(s, st, 1, sid);
		st_text(s, st, 2, sub->texts[i].item_key);
		st_text(s, st, 3, sub->texts[i].doc_json);
		st_int(s, st, 4, pid);
		if (st_step(s, st) == CNAP_STEP_ERROR)
			rc = s->step_err == CNAP_ENOMEM ? st_step_error(s, err)
							: cnap_fail(err, CNAP_ECONFLICT, "texts", "項目「%s」の本文が二重です",
								    sub->texts[i].item_key);
		else if (s->drv->changes(s->db) != 1)
			rc = cnap_fail(err, CNAP_ENOTFOUND, "texts", "調査票の項目「%s」はこの様式にありません",
				       sub->texts[i].item_key);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_submission_texts(struct cnap_store *s, int year, const char *wg_code,
					  const char *association_code, int version, struct cnap_arena *a,
					  struct cnap_stored_text **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t pid = 0, sid = 0; /* set on success; -O2 cannot see that */
	enum cnap_err rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)) ||
	    (rc = version_id(s, pid, version, &sid, err)))
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "SELECT t.item_key, t.doc_json FROM submission_texts t JOIN participations p ON p.id = ?2 "
			     "JOIN template_items ti ON ti.template_id = p.template_id AND ti.key = t.item_key "
			     "WHERE t.submission_id = ?1 ORDER BY ti.position",
			     &st, err)))
		return rc;
	st_int(s, st, 1, sid);
	st_int(s, st, 2, pid);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_stored_text *t = ARENA_PUSH(a, *out, cap, *n);
		if (!t) {
			rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			break;
		}
		t->item_key = col_str(s, st, 0, a);
		t->doc_json = col_str(s, st, 1, a);
		if ((rc = st_row_status(s, st, err)))
			break;
	}
	if (!rc && r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_text_drafts(struct cnap_store *s, int year, const char *wg_code,
				     const char *association_code, struct cnap_arena *a, struct cnap_text_draft **out,
				     size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t pid;
	enum cnap_err rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)))
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "SELECT d.item_key, d.doc_json, d.base_version, u.login, d.updated_at FROM text_drafts d "
			     "JOIN participations p ON p.id = d.participation_id "
			     "JOIN template_items ti ON ti.template_id = p.template_id AND ti.key = d.item_key "
			     "LEFT JOIN users u ON u.id = d.updated_by WHERE d.participation_id = ? ORDER BY ti.position",
			     &st, err)))
		return rc;
	st_int(s, st, 1, pid);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_text_draft *d = ARENA_PUSH(a, *out, cap, *n);
		if (!d) {
			rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			break;
		}
		d->item_key = col_str(s, st, 0, a);
		d->doc_json = col_str(s, st, 1, a);
		d->base_version = (int)col_int(s, st, 2);
		d->updated_by = col_str(s, st, 3, a);
		d->updated_at = col_str(s, st, 4, a);
		if ((rc = st_row_status(s, st, err)))
			break;
	}
	if (!rc && r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_text_draft_put(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, const char *item_key, int base_version,
					const char *doc_json, const char *login, struct cnap_error *err)
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
			     "INSERT INTO text_drafts (participation_id, item_key, base_version, doc_json, updated_by, "
			     "updated_at) SELECT ?1, ti.key, ?3, ?4, nullif(?5, 0), ?6 FROM template_items ti "
			     "JOIN participations p ON p.template_id = ti.template_id WHERE p.id = ?1 AND ti.key = ?2 "
			     "ON CONFLICT (participation_id, item_key) DO UPDATE SET base_version = ?3, doc_json = ?4, "
			     "updated_by = nullif(?5, 0), updated_at = ?6",
			     &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, pid);
	st_text(s, st, 2, item_key);
	st_int(s, st, 3, base_version);
	st_text(s, st, 4, doc_json);
	st_int(s, st, 5, uid);
	st_text(s, st, 6, cnap_store_now(s));
	if (!(rc = st_done(s, st, "text draft", err)) && s->drv->changes(s->db) != 1)
		rc = cnap_fail(err, CNAP_ENOTFOUND, "item", "調査票の項目「%s」はこの様式にありません", item_key);
	if (!rc) {
		struct cnap_buf after;
		cnap_buf_init(&after, 4096);
		cnap_buf_addf(&after, "{\"cycle\":%d,\"item\":", year);
		cnap_buf_add_json_str(&after, item_key);
		cnap_buf_addf(&after, ",\"base_version\":%d}", base_version);
		rc = after.status ? cnap_buf_error(&after, err, "audit record")
				  : audit_add(s, "survey.text_draft_save", "participation", pid, NULL, after.data, err);
		cnap_buf_release(&after);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_text_drafts_delete(struct cnap_store *s, int year, const char *wg_code,
					    const char *association_code, const char *item_key,
					    struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t pid;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "DELETE FROM text_drafts WHERE participation_id = ?1 AND (?2 IS NULL OR item_key = ?2)",
			     &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, pid);
	st_text(s, st, 2, item_key);
	if (!(rc = st_done(s, st, "text draft", err)) && s->drv->changes(s->db) > 0) {
		struct cnap_buf after;
		cnap_buf_init(&after, 4096);
		cnap_buf_adds(&after, "{\"item\":");
		cnap_buf_add_json_str(&after, item_key);
		cnap_buf_addc(&after, '}');
		rc = after.status ? cnap_buf_error(&after, err, "audit record")
				  : audit_add(s, "survey.text_draft_discard", "participation", pid, NULL, after.data, err);
		cnap_buf_release(&after);
	}
	return tx_leave(s, rc, err);
}
