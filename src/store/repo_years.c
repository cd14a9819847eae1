/* Year after year: the 継続 mark, the outline's key moves, reviewers carried into the next cycle. */
#include "base/compat.h"
#include "store/store_int.h"

#include <stdio.h>
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
