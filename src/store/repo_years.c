/* Year after year: the 継続 mark, the outline's key moves, reviewers carried into the next cycle. */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum cnap_err cnap_store_question_carry_set(struct cnap_store *s, int64_t id, bool on, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	int64_t was;
	rc = query_id(s, "SELECT carry_forward FROM questions WHERE id = ?", NULL, NULL, id, &was, err);
	if (rc == CNAP_ENOTFOUND)
		rc = cnap_fail(err, rc, "question.id", "unknown question %lld", (long long)id);
	if (rc || (was != 0) == on)
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "UPDATE questions SET carry_forward = ? WHERE id = ?", &st, err))) {
		st_int(s, st, 1, on);
		st_int(s, st, 2, id);
		rc = st_done(s, st, "question", err);
	}
	if (!rc)
		rc = audit_add(s, "question.carry", "question", id, on ? "{\"carry_forward\":false}" : "{\"carry_forward\":true}",
			       on ? "{\"carry_forward\":true}" : "{\"carry_forward\":false}", err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_key_moves_put(struct cnap_store *s, int year, const struct cnap_key_move *v, size_t n,
				       struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	int64_t cid = 0;
	if (rc || (rc = cycle_id(s, year, &cid, err)))
		return tx_leave(s, rc, err);
	for (size_t i = 0; i < n && !rc; i++) {
		struct cnap_stmt *st;
		if ((rc = st_prepare(s, "INSERT INTO item_key_maps (cycle_id, old_key, new_key) VALUES (?,?,?)", &st, err)))
			break;
		st_int(s, st, 1, cid);
		st_text(s, st, 2, v[i].old_key);
		st_text(s, st, 3, v[i].new_key);
		rc = st_done(s, st, "item key move", err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_key_moves(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_key_move **out,
				   size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
				      "SELECT m.old_key, m.new_key FROM item_key_maps m JOIN cycles c ON c.id = m.cycle_id "
				      "WHERE c.year = ? ORDER BY m.old_key",
				      &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_key_move *m = ARENA_PUSH(a, *out, cap, *n);
		if (!m) {
			st_free(s, st);
			return OOM(err);
		}
		m->old_key = col_str(s, st, 0, a);
		m->new_key = col_str(s, st, 1, a);
	}
	rc = r == CNAP_STEP_ERROR ? st_step_error(s, err) : st_row_status(s, st, err);
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_reviewer_wgs_carry(struct cnap_store *s, int from_year, int to_year, size_t *added,
					    struct cnap_error *err)
{
	*added = 0;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s,
			      "INSERT OR IGNORE INTO user_wgs (user_id, wg_id) SELECT uw.user_id, nw.id FROM user_wgs uw "
			      "JOIN wgs ow ON ow.id = uw.wg_id JOIN cycles oc ON oc.id = ow.cycle_id "
			      "JOIN cycles nc ON nc.year = ? JOIN wgs nw ON nw.cycle_id = nc.id AND nw.code = ow.code "
			      "WHERE oc.year = ? ORDER BY uw.user_id, nw.id",
			      &st, err))) {
		st_int(s, st, 1, to_year);
		st_int(s, st, 2, from_year);
		rc = st_done(s, st, "reviewer WG", err);
	}
	if (!rc)
		*added = (size_t)s->drv->changes(s->db);
	if (!rc && *added) {
		char after[96];
		snprintf(after, sizeof(after), "{\"from_year\":%d,\"year\":%d,\"memberships\":%zu}", from_year, to_year,
			 *added);
		int64_t cid = 0;
		if (!(rc = cycle_id(s, to_year, &cid, err)))
			rc = audit_add(s, "cycle.reviewers-carried", "cycle", cid, NULL, after, err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_audit_cycle(struct cnap_store *s, const char *action, int year, const char *after,
				     struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	int64_t cid = 0;
	if (!rc && !(rc = cycle_id(s, year, &cid, err)))
		rc = audit_add(s, action, "cycle", cid, NULL, after, err);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_cycle_close(struct cnap_store *s, int year, bool close, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	int64_t cid = 0;
	if (rc || (rc = cycle_id(s, year, &cid, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, close ? "UPDATE cycles SET closed_at = ? WHERE id = ? AND closed_at IS NULL"
				       : "UPDATE cycles SET closed_at = NULL WHERE id = ?2 AND closed_at IS NOT NULL AND ?1 IS NOT NULL",
			      &st, err))) {
		st_text(s, st, 1, cnap_store_now(s));
		st_int(s, st, 2, cid);
		rc = st_done(s, st, "cycle", err);
	}
	if (!rc && s->drv->changes(s->db)) {
		char after[64];
		snprintf(after, sizeof(after), "{\"year\":%d,\"closed\":%s}", year, close ? "true" : "false");
		rc = audit_add(s, close ? "cycle.close" : "cycle.reopen", "cycle", cid, NULL, after, err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_remark_add(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				    const char *text, int64_t *id, struct cnap_error *err)
{
	enum cnap_err rc = cnap_text_check(text, CNAP_MAX_QUESTION_CHARS, CNAP_TEXT_MULTILINE, "remark.text", err);
	if (rc || (rc = tx_enter(s, err)))
		return rc;
	int64_t pid, pos;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)) ||
	    (rc = query_id(s, "SELECT coalesce(max(position), 0) + 1 FROM wg_remarks WHERE participation_id = ?", NULL, NULL,
			   pid, &pos, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "INSERT INTO wg_remarks (participation_id, position, text, created_at) VALUES (?,?,?,?)",
			      &st, err))) {
		st_int(s, st, 1, pid);
		st_int(s, st, 2, pos);
		st_text(s, st, 3, text);
		st_text(s, st, 4, cnap_store_now(s));
		rc = st_done(s, st, "remark", err);
	}
	if (!rc) {
		*id = s->drv->last_insert_id(s->db);
		struct cnap_buf b;
		bool first = true;
		cnap_buf_init(&b, 0);
		snap_kv_int(&b, "position", pos, &first);
		snap_kv_str(&b, "text", text, &first);
		cnap_buf_addc(&b, '}');
		char *after = cnap_buf_detach(&b, NULL);
		rc = after ? audit_add(s, "remark.add", "remark", *id, NULL, after, err) : OOM(err);
		free(after);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_remarks(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				 struct cnap_arena *a, struct cnap_wg_remark **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
				      "SELECT r.id, w.code, x.code, r.position, r.text, r.created_at FROM wg_remarks r "
				      "JOIN participations p ON p.id = r.participation_id JOIN wgs w ON w.id = p.wg_id "
				      "JOIN cycles c ON c.id = w.cycle_id JOIN associations x ON x.id = p.association_id "
				      "WHERE c.year = ?1 AND (?2 IS NULL OR w.code = ?2) AND (?3 IS NULL OR x.code = ?3) "
				      "ORDER BY w.code, p.position, r.position",
				      &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	st_text(s, st, 2, wg_code);
	st_text(s, st, 3, association_code);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_wg_remark *m = ARENA_PUSH(a, *out, cap, *n);
		if (!m) {
			st_free(s, st);
			return OOM(err);
		}
		m->id = col_int(s, st, 0);
		m->wg_code = col_str(s, st, 1, a);
		m->association_code = col_str(s, st, 2, a);
		m->position = (int)col_int(s, st, 3);
		m->text = col_str(s, st, 4, a);
		m->created_at = col_str(s, st, 5, a);
	}
	rc = r == CNAP_STEP_ERROR ? st_step_error(s, err) : st_row_status(s, st, err);
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_remark_delete(struct cnap_store *s, int64_t id, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	int64_t followed;
	if (!(rc = query_id(s, "SELECT count(*) FROM questions WHERE follows_remark_id = ?", NULL, NULL, id, &followed, err)) &&
	    followed)
		rc = cnap_fail(err, CNAP_ECONFLICT, "remark.id", "この指摘には次の年度の質問が続いているため、削除できません");
	struct cnap_stmt *st;
	if (!rc && !(rc = st_prepare(s, "DELETE FROM wg_remarks WHERE id = ?", &st, err))) {
		st_int(s, st, 1, id);
		rc = st_done(s, st, "remark", err);
		if (!rc && !s->drv->changes(s->db))
			rc = cnap_fail(err, CNAP_ENOTFOUND, "remark.id", "指摘 %lld はありません", (long long)id);
	}
	if (!rc)
		rc = audit_add(s, "remark.delete", "remark", id, NULL, NULL, err);
	return tx_leave(s, rc, err);
}
