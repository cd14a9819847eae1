/*
 * The secretariat's changes to the organisation after it was set up: a WG
 * renamed, an association's name and 業種, a participation's outline and
 * place in the WG's bundle, and a participation taken back. Whether a change
 * may be made (nothing lost) is the use case's; each function here writes
 * one audit record with the row before and after.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* An audit snapshot finished and recorded; b is released. */
static enum cnap_err audit_pair(struct cnap_store *s, const char *action, const char *entity, int64_t id,
				struct cnap_buf *before, struct cnap_buf *after, struct cnap_error *err)
{
	enum cnap_err rc;
	if (before)
		cnap_buf_addc(before, '}');
	if (after)
		cnap_buf_addc(after, '}');
	if ((before && before->status) || (after && after->status))
		rc = OOM(err);
	else
		rc = audit_add(s, action, entity, id, before ? before->data : NULL, after ? after->data : NULL, err);
	if (before)
		cnap_buf_release(before);
	if (after)
		cnap_buf_release(after);
	return rc;
}

/* One text column of one row by id, copied into a (NULL for SQL NULL). */
static enum cnap_err text_of(struct cnap_store *s, const char *sql, int64_t id, struct cnap_arena *a,
			     const char **out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, id);
	if (st_step(s, st) == CNAP_STEP_ROW) {
		*out = col_str(s, st, 0, a);
		rc = st_row_status(s, st, err);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_wg_rename(struct cnap_store *s, int year, const char *code, const char *name,
				   struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t wid;
	if ((rc = cnap_text_check(name, CNAP_MAX_NAME_CHARS, 0, "wg.name", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char *old = NULL;
	struct cnap_stmt *st;
	if (!(rc = wg_id(s, year, code, &wid, err)) &&
	    !(rc = text_of(s, "SELECT name FROM wgs WHERE id = ?", wid, &a, &old, err)) &&
	    !(rc = st_prepare(s, "UPDATE wgs SET name = ? WHERE id = ?", &st, err))) {
		st_text(s, st, 1, name);
		st_int(s, st, 2, wid);
		rc = st_done(s, st, "WG name", err);
	}
	if (!rc) {
		struct cnap_buf before, after;
		bool fb = true, fa = true;
		cnap_buf_init(&before, 0);
		cnap_buf_init(&after, 0);
		snap_kv_str(&before, "code", code, &fb);
		snap_kv_str(&before, "name", old, &fb);
		snap_kv_int(&before, "cycle", year, &fb);
		snap_kv_str(&after, "code", code, &fa);
		snap_kv_str(&after, "name", name, &fa);
		snap_kv_int(&after, "cycle", year, &fa);
		rc = audit_pair(s, "wg.edit", "wg", wid, &before, &after, err);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_association_edit(struct cnap_store *s, const struct cnap_association *as,
					  struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t aid;
	if ((rc = cnap_text_check(as->name, CNAP_MAX_NAME_CHARS, 0, "association.name", err)) ||
	    (rc = cnap_text_check(as->industry, CNAP_MAX_NAME_CHARS, CNAP_TEXT_OPTIONAL, "association.industry", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_association old = { 0 };
	struct cnap_stmt *st;
	const char *industry = as->industry && *as->industry ? as->industry : NULL;
	if (!(rc = association_id(s, as->code, &aid, err)) &&
	    !(rc = cnap_store_association_get(s, as->code, &a, &old, err)) &&
	    !(rc = st_prepare(s, "UPDATE associations SET name = ?, industry = ? WHERE id = ?", &st, err))) {
		st_text(s, st, 1, as->name);
		st_text(s, st, 2, industry);
		st_int(s, st, 3, aid);
		rc = st_done(s, st, "association", err);
	}
	if (!rc) {
		struct cnap_buf before, after;
		bool fb = true, fa = true;
		cnap_buf_init(&before, 0);
		cnap_buf_init(&after, 0);
		snap_kv_str(&before, "code", as->code, &fb);
		snap_kv_str(&before, "name", old.name, &fb);
		snap_kv_str(&before, "industry", old.industry, &fb);
		snap_kv_str(&after, "code", as->code, &fa);
		snap_kv_str(&after, "name", as->name, &fa);
		snap_kv_str(&after, "industry", industry, &fa);
		rc = audit_pair(s, "association.edit", "association", aid, &before, &after, err);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

/* What a participation holds, counted beside it (store.h struct cnap_participation_row). */
#define HOLDINGS                                                                                                \
	"(SELECT count(*) FROM submissions x WHERE x.participation_id = p.id), "                               \
	"(SELECT count(*) FROM questions x WHERE x.participation_id = p.id), "                                 \
	"(SELECT count(*) FROM data_drafts x WHERE x.participation_id = p.id) + "                              \
	"(SELECT count(*) FROM text_drafts x WHERE x.participation_id = p.id), "                               \
	"(SELECT count(*) FROM wg_remarks x WHERE x.participation_id = p.id)"

static void read_row(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
		     struct cnap_participation_row *r)
{
	r->id = col_int(s, st, 0);
	r->wg_code = col_str(s, st, 1, a);
	r->association_code = col_str(s, st, 2, a);
	r->association_name = col_str(s, st, 3, a);
	r->industry = col_str(s, st, 4, a);
	r->template_code = col_str(s, st, 5, a);
	r->template_name = col_str(s, st, 6, a);
	r->position = (int)col_int(s, st, 7);
	r->submissions = col_int(s, st, 8);
	r->questions = col_int(s, st, 9);
	r->drafts = col_int(s, st, 10);
	r->remarks = col_int(s, st, 11);
}

#define ROW_SELECT                                                                                              \
	"SELECT p.id, w.code, a.code, a.name, a.industry, t.code, t.name, p.position, " HOLDINGS                \
	" FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN associations a ON a.id = p.association_id "  \
	"JOIN templates t ON t.id = p.template_id "

enum cnap_err cnap_store_participation_rows(struct cnap_store *s, int year, struct cnap_arena *a,
					    struct cnap_participation_row **out, size_t *n, struct cnap_error *err)
{
	int64_t cid;
	enum cnap_err rc = cycle_id(s, year, &cid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, ROW_SELECT "WHERE w.cycle_id = ? ORDER BY w.id, p.position, a.code", &st, err)))
		return rc;
	st_int(s, st, 1, cid);
	struct cnap_participation_row *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_participation_row *row = ARENA_PUSH(a, v, cap, count);
		if (!row) {
			st_free(s, st);
			return OOM(err);
		}
		read_row(s, st, a, row);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_participation_row(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, struct cnap_arena *a,
					   struct cnap_participation_row *out, struct cnap_error *err)
{
	int64_t pid;
	enum cnap_err rc = participation_id(s, year, wg_code, association_code, &pid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, ROW_SELECT "WHERE p.id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, pid);
	memset(out, 0, sizeof(*out));
	if (st_step(s, st) == CNAP_STEP_ROW) {
		read_row(s, st, a, out);
		rc = st_row_status(s, st, err);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static void row_snapshot(struct cnap_buf *b, int year, const struct cnap_participation_row *r,
			 const char *template_code, int position)
{
	bool first = true;
	cnap_buf_init(b, 0);
	snap_kv_int(b, "cycle", year, &first);
	snap_kv_str(b, "wg", r->wg_code, &first);
	snap_kv_str(b, "association", r->association_code, &first);
	snap_kv_str(b, "template", template_code, &first);
	snap_kv_int(b, "position", position, &first);
}

/*
 * The WG's bundle numbered 1..n again in its present order, with pid at
 * position (1..n) when position is not 0. Read first, then written: an
 * UPDATE that ranked the rows it was changing would see its own writes.
 */
static enum cnap_err renumber(struct cnap_store *s, int64_t pid, int position, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT p.id FROM participations p JOIN associations a ON a.id = p.association_id "
		"WHERE p.wg_id = (SELECT wg_id FROM participations WHERE id = ?1) AND (?2 = 0 OR p.id <> ?1) "
		"ORDER BY p.position, a.code",
		&st, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	st_int(s, st, 1, pid);
	st_int(s, st, 2, position);
	int64_t *ids = NULL;
	size_t cap = 0, n = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		int64_t *id = ARENA_PUSH(&a, ids, cap, n);
		if (!id)
			break;
		*id = col_int(s, st, 0);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	else if (r == CNAP_STEP_ROW)
		rc = OOM(err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	if ((size_t)position > n + 1)
		position = (int)n + 1;
	if ((rc = st_prepare(s, "UPDATE participations SET position = ? WHERE id = ?", &st, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	/* 1..total in the order read, the moved one (if any) slotted in at its position */
	size_t total = n + (position ? 1 : 0), k = 0;
	for (size_t i = 0; !rc && i < total; i++) {
		bool moved = position && i + 1 == (size_t)position;
		s->drv->reset(st);
		st_int(s, st, 1, (int64_t)i + 1);
		st_int(s, st, 2, moved ? pid : ids[k++]);
		if (st_step(s, st) == CNAP_STEP_ERROR)
			rc = st_step_error(s, err);
	}
	st_free(s, st);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_store_participation_edit(struct cnap_store *s, int year, const char *wg_code,
					    const char *association_code, const char *template_code, int position,
					    struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_participation_row old;
	int64_t cid, tid;
	struct cnap_stmt *st;
	if (!(rc = cnap_store_participation_row(s, year, wg_code, association_code, &a, &old, err)) &&
	    template_code && !(rc = cycle_id(s, year, &cid, err))) {
		rc = query_id(s, "SELECT id FROM templates WHERE cycle_id = ? AND code = ?", template_code, NULL, cid,
			      &tid, err);
		if (rc == CNAP_ENOTFOUND)
			cnap_fail(err, rc, "participation.template", "unknown survey template '%s' in cycle %d",
				  template_code, year);
		if (!rc && !(rc = st_prepare(s, "UPDATE participations SET template_id = ? WHERE id = ?", &st, err))) {
			st_int(s, st, 1, tid);
			st_int(s, st, 2, old.id);
			rc = st_done(s, st, "participation", err);
		}
	}
	if (!rc && position)
		rc = renumber(s, old.id, position, err);
	struct cnap_participation_row now;
	if (!rc)
		rc = cnap_store_participation_row(s, year, wg_code, association_code, &a, &now, err);
	if (!rc) {
		struct cnap_buf before, after;
		row_snapshot(&before, year, &old, old.template_code, old.position);
		row_snapshot(&after, year, &now, now.template_code, now.position);
		rc = audit_pair(s, "participation.edit", "participation", old.id, &before, &after, err);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_participation_remove(struct cnap_store *s, int year, const char *wg_code,
					      const char *association_code, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_participation_row old;
	int64_t other = 0;
	struct cnap_stmt *st;
	if (!(rc = cnap_store_participation_row(s, year, wg_code, association_code, &a, &old, err))) {
		/* Another of the bundle, to number the rest again once this one is gone. */
		rc = query_id(s, "SELECT id FROM participations WHERE id <> ?1 AND "
				 "wg_id = (SELECT wg_id FROM participations WHERE id = ?1) LIMIT 1",
			      NULL, NULL, old.id, &other, err);
		if (rc == CNAP_ENOTFOUND)
			rc = CNAP_OK;
	}
	/* The database refuses to remove a participation anything still refers to (foreign keys). */
	if (!rc && !(rc = st_prepare(s, "DELETE FROM participations WHERE id = ?", &st, err))) {
		st_int(s, st, 1, old.id);
		rc = st_done(s, st, "the participation still holds records", err);
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "participation", "association '%s' still has records in WG '%s'",
				  association_code, wg_code);
	}
	if (!rc && other)
		rc = renumber(s, other, 0, err);
	if (!rc) {
		struct cnap_buf before;
		row_snapshot(&before, year, &old, old.template_code, old.position);
		rc = audit_pair(s, "participation.remove", "participation", old.id, &before, NULL, err);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}
