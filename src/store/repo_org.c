/* Cycles, WGs, associations, participations, templates, submissions. */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum cnap_err cnap_store_cycle_add(struct cnap_store *s, const struct cnap_cycle *c, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_check_year(c->year, "cycle.year", err)) ||
	    (rc = cnap_check_year(c->actual_fiscal_year, "cycle.actual_fiscal_year", err)) ||
	    (rc = cnap_text_check(c->name, CNAP_MAX_NAME_CHARS, CNAP_TEXT_OPTIONAL, "cycle.name", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "INSERT INTO cycles (year, actual_fiscal_year, name, created_at, decomposition_method, "
			      "from_year) VALUES (?,?,?,?,?,?)",
			      &st, err))) {
		st_int(s, st, 1, c->year);
		st_int(s, st, 2, c->actual_fiscal_year);
		st_text(s, st, 3, c->name);
		st_text(s, st, 4, cnap_store_now(s));
		st_text(s, st, 5, c->decomposition_method ? c->decomposition_method : "sequential");
		if (c->from_year)
			st_int(s, st, 6, c->from_year);
		else
			st_text(s, st, 6, NULL);
		rc = st_done(s, st, "cycle exists", err);
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "cycle.year", "cycle %d already exists", c->year);
	}
	if (!rc) {
		char after[160];
		if (c->from_year)
			snprintf(after, sizeof(after), "{\"year\":%d,\"actual_fiscal_year\":%d,\"from_year\":%d}", c->year,
				 c->actual_fiscal_year, c->from_year);
		else
			snprintf(after, sizeof(after), "{\"year\":%d,\"actual_fiscal_year\":%d}", c->year,
				 c->actual_fiscal_year);
		rc = audit_add(s, "cycle.add", "cycle", s->drv->last_insert_id(s->db), NULL, after, err);
	}
	return tx_leave(s, rc, err);
}

static void read_cycle(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, struct cnap_cycle *c)
{
	c->id = col_int(s, st, 0);
	c->year = (int)col_int(s, st, 1);
	c->actual_fiscal_year = (int)col_int(s, st, 2);
	c->name = col_str(s, st, 3, a);
	c->decomposition_method = col_str(s, st, 4, a);
	c->from_year = (int)col_int(s, st, 5);
	c->closed_at = col_str(s, st, 6, a);
	memset(&c->reminders, 0, sizeof(c->reminders));
	cnap_reminder_days_parse(col_text(s, st, 7), &c->reminders, "", NULL);
	c->reminders.overdue_every = (int)col_int(s, st, 8);
	c->reminders_given = false;
}

enum cnap_err cnap_store_cycle_list(struct cnap_store *s, struct cnap_arena *a, struct cnap_cycle **out,
				    size_t *n, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id, year, actual_fiscal_year, name, decomposition_method, from_year, closed_at, reminder_days, overdue_every FROM cycles ORDER BY year", &st, err);
	if (rc)
		return rc;
	struct cnap_cycle *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_cycle *c = ARENA_PUSH(a, v, cap, count);
		if (!c) {
			st_free(s, st);
			return OOM(err);
		}
		read_cycle(s, st, a, c);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_cycle_get(struct cnap_store *s, int year, struct cnap_arena *a,
				   struct cnap_cycle *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id, year, actual_fiscal_year, name, decomposition_method, from_year, closed_at, reminder_days, overdue_every FROM cycles WHERE year = ?",
				      &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		read_cycle(s, st, a, out);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "cycle", "unknown cycle %d", year);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_wg_add(struct cnap_store *s, int year, const struct cnap_wg *wg,
				struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t cid;
	if ((rc = cnap_check_code(wg->code, "wg.code", err)) ||
	    (rc = cnap_text_check(wg->name, CNAP_MAX_NAME_CHARS, 0, "wg.name", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_stmt *st;
	if (!(rc = cycle_id(s, year, &cid, err)) &&
	    !(rc = st_prepare(s, "INSERT INTO wgs (cycle_id, code, name) VALUES (?,?,?)", &st, err))) {
		st_int(s, st, 1, cid);
		st_text(s, st, 2, wg->code);
		st_text(s, st, 3, wg->name);
		rc = st_done(s, st, "WG exists", err);
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "wg.code", "WG '%s' already exists in cycle %d", wg->code, year);
	}
	if (!rc) {
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		cnap_buf_adds(&b, "{\"code\":");
		cnap_buf_add_json_str(&b, wg->code);
		cnap_buf_adds(&b, ",\"name\":");
		cnap_buf_add_json_str(&b, wg->name);
		cnap_buf_addf(&b, ",\"cycle\":%d}", year);
		rc = b.status ? OOM(err) : audit_add(s, "wg.add", "wg", s->drv->last_insert_id(s->db), NULL, b.data, err);
		cnap_buf_release(&b);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_wg_list(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_wg **out,
				 size_t *n, struct cnap_error *err)
{
	int64_t cid;
	enum cnap_err rc = cycle_id(s, year, &cid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "SELECT id, code, name FROM wgs WHERE cycle_id = ? ORDER BY id", &st, err)))
		return rc;
	st_int(s, st, 1, cid);
	struct cnap_wg *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_wg *w = ARENA_PUSH(a, v, cap, count);
		if (!w) {
			st_free(s, st);
			return OOM(err);
		}
		w->id = col_int(s, st, 0);
		w->code = col_str(s, st, 1, a);
		w->name = col_str(s, st, 2, a);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_wg_get(struct cnap_store *s, int year, const char *code, struct cnap_arena *a,
				struct cnap_wg *out, struct cnap_error *err)
{
	int64_t id;
	enum cnap_err rc = wg_id(s, year, code, &id, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "SELECT id, code, name FROM wgs WHERE id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, id);
	if (st_step(s, st) == CNAP_STEP_ROW) {
		out->id = col_int(s, st, 0);
		out->code = col_str(s, st, 1, a);
		out->name = col_str(s, st, 2, a);
		rc = st_row_status(s, st, err);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_association_add(struct cnap_store *s, const struct cnap_association *as,
					 struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_check_code(as->code, "association.code", err)) ||
	    (rc = cnap_text_check(as->name, CNAP_MAX_NAME_CHARS, 0, "association.name", err)) ||
	    (rc = cnap_text_check(as->industry, CNAP_MAX_NAME_CHARS, CNAP_TEXT_OPTIONAL, "association.industry", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "INSERT INTO associations (code, name, industry) VALUES (?,?,?)", &st, err))) {
		st_text(s, st, 1, as->code);
		st_text(s, st, 2, as->name);
		st_text(s, st, 3, as->industry);
		rc = st_done(s, st, "association exists", err);
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "association.code", "association '%s' already exists", as->code);
	}
	if (!rc) {
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		cnap_buf_adds(&b, "{\"code\":");
		cnap_buf_add_json_str(&b, as->code);
		cnap_buf_adds(&b, ",\"name\":");
		cnap_buf_add_json_str(&b, as->name);
		cnap_buf_adds(&b, ",\"industry\":");
		cnap_buf_add_json_str(&b, as->industry);
		cnap_buf_addc(&b, '}');
		rc = b.status ? OOM(err)
			      : audit_add(s, "association.add", "association", s->drv->last_insert_id(s->db), NULL,
					  b.data, err);
		cnap_buf_release(&b);
	}
	return tx_leave(s, rc, err);
}

static void read_assoc(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
		       struct cnap_association *as)
{
	as->id = col_int(s, st, 0);
	as->code = col_str(s, st, 1, a);
	as->name = col_str(s, st, 2, a);
	as->industry = col_str(s, st, 3, a);
}

enum cnap_err cnap_store_association_get(struct cnap_store *s, const char *code, struct cnap_arena *a,
					 struct cnap_association *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id, code, name, industry FROM associations WHERE code = ?", &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, code);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		read_assoc(s, st, a, out);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "association",
			       "unknown association '%s'", code);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_association_list(struct cnap_store *s, int year, const char *wg_code,
					  struct cnap_arena *a, struct cnap_association **out, size_t *n,
					  struct cnap_error *err)
{
	enum cnap_err rc;
	struct cnap_stmt *st;
	int64_t cid = 0, wid = 0;
	if (year && (rc = cycle_id(s, year, &cid, err)))
		return rc;
	if (year && wg_code && (rc = wg_id(s, year, wg_code, &wid, err)))
		return rc;
	if (!year)
		rc = st_prepare(s, "SELECT id, code, name, industry FROM associations ORDER BY code", &st, err);
	else
		rc = st_prepare(s,
			"SELECT a.id, a.code, a.name, a.industry FROM participations p "
			"JOIN associations a ON a.id = p.association_id JOIN wgs w ON w.id = p.wg_id "
			"WHERE w.cycle_id = ? AND (? = 0 OR w.id = ?) ORDER BY w.id, p.position, a.code",
			&st, err);
	if (rc)
		return rc;
	if (year) {
		st_int(s, st, 1, cid);
		st_int(s, st, 2, wid);
		st_int(s, st, 3, wid);
	}
	struct cnap_association *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_association *as = ARENA_PUSH(a, v, cap, count);
		if (!as) {
			st_free(s, st);
			return OOM(err);
		}
		read_assoc(s, st, a, as);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

static enum cnap_err template_id(struct cnap_store *s, int64_t cid, int year, const char *code, int64_t *out,
				 struct cnap_error *err)
{
	enum cnap_err rc = query_id(s, "SELECT id FROM templates WHERE cycle_id = ? AND code = ?", code, NULL, cid,
				    out, err);
	if (rc != CNAP_ENOTFOUND)
		return rc;
	int64_t any;
	enum cnap_err none = query_id(s, "SELECT count(*) FROM templates WHERE cycle_id = ?", NULL, NULL, cid, &any, err);
	if (none)
		return none;
	if (!any)
		return cnap_fail(err, rc, "participation.template",
				 "%d年度のサイクルには調査票のテンプレートがありません。cnap cycle add --templates FILE で加えるか、"
				 "cnap cycle new --from 前の年度 で前の年度から作成してください",
				 year);
	return cnap_fail(err, rc, "participation.template", "調査票のテンプレート「%s」は%d年度のサイクルにありません", code,
			 year);
}

enum cnap_err cnap_store_participation_add(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, const char *template_code,
					   struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t cid, wid, aid, tid;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_stmt *st;
	if (!(rc = cycle_id(s, year, &cid, err)) && !(rc = wg_id(s, year, wg_code, &wid, err)) &&
	    !(rc = association_id(s, association_code, &aid, err)) &&
	    !(rc = template_id(s, cid, year, template_code, &tid, err)) &&
	    !(rc = st_prepare(s,
		      "INSERT INTO participations (wg_id, association_id, template_id, position) "
		      "VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM participations WHERE wg_id = ?1))",
		      &st, err))) {
		st_int(s, st, 1, wid);
		st_int(s, st, 2, aid);
		st_int(s, st, 3, tid);
		rc = st_done(s, st, "participation exists", err);
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "association", "association '%s' already takes part in WG '%s'",
				  association_code, wg_code);
	}
	if (!rc) {
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		cnap_buf_addf(&b, "{\"cycle\":%d,\"wg\":", year);
		cnap_buf_add_json_str(&b, wg_code);
		cnap_buf_adds(&b, ",\"association\":");
		cnap_buf_add_json_str(&b, association_code);
		cnap_buf_adds(&b, ",\"template\":");
		cnap_buf_add_json_str(&b, template_code);
		cnap_buf_addc(&b, '}');
		rc = b.status ? OOM(err)
			      : audit_add(s, "participation.add", "participation", s->drv->last_insert_id(s->db),
					  NULL, b.data, err);
		cnap_buf_release(&b);
	}
	return tx_leave(s, rc, err);
}

static enum cnap_err load_pages(struct cnap_store *s, struct cnap_submission *sub, struct cnap_arena *a,
				struct cnap_error *err)
{
	struct cnap_stmt *st;
	/*
	 * Walks the outline in its order and looks each item's page up, rather than
	 * joining every page to its item and sorting. An inner join loses no page:
	 * cnap_store_submission_add inserts only keys of the participation's
	 * template, and items are never removed.
	 */
	enum cnap_err rc = st_prepare(s,
		"SELECT sp.item_key, sp.page FROM submissions su "
		"JOIN participations p ON p.id = su.participation_id "
		"JOIN template_items ti ON ti.template_id = p.template_id "
		"JOIN submission_pages sp ON sp.submission_id = su.id AND sp.item_key = ti.key "
		"WHERE su.id = ? ORDER BY ti.position",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, sub->id);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_page_ref *p = ARENA_PUSH(a, sub->pages, cap, sub->n_pages);
		if (!p) {
			st_free(s, st);
			return OOM(err);
		}
		p->item_key = col_str(s, st, 0, a);
		p->page = (int)col_int(s, st, 1);
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

enum cnap_err cnap_store_participation_get(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, struct cnap_arena *a,
					   struct cnap_participation *out, struct cnap_error *err)
{
	int64_t pid;
	enum cnap_err rc = participation_id(s, year, wg_code, association_code, &pid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "SELECT p.id, w.code, a.code, t.code, p.position FROM participations p "
		      "JOIN wgs w ON w.id = p.wg_id JOIN associations a ON a.id = p.association_id "
		      "JOIN templates t ON t.id = p.template_id WHERE p.id = ?",
		      &st, err)))
		return rc;
	st_int(s, st, 1, pid);
	memset(out, 0, sizeof(*out));
	if (st_step(s, st) != CNAP_STEP_ROW) {
		st_free(s, st);
		return st_step_error(s, err);
	}
	out->id = col_int(s, st, 0);
	out->wg_code = col_str(s, st, 1, a);
	out->association_code = col_str(s, st, 2, a);
	out->template_code = col_str(s, st, 3, a);
	out->position = (int)col_int(s, st, 4);
	rc = st_row_status(s, st, err);
	st_free(s, st);
	if (rc)
		return rc;
	if ((rc = st_prepare(s,
		      "SELECT su.id, su.version, su.submitted_on, su.note, sd.data FROM submissions su "
		      "LEFT JOIN submission_data sd ON sd.submission_id = su.id WHERE su.participation_id = ? ORDER BY su.version",
		      &st, err)))
		return rc;
	st_int(s, st, 1, pid);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_submission *sub = ARENA_PUSH(a, out->submissions, cap, out->n_submissions);
		if (!sub) {
			st_free(s, st);
			return OOM(err);
		}
		sub->id = col_int(s, st, 0);
		sub->version = (int)col_int(s, st, 1);
		sub->submitted_on = col_str(s, st, 2, a);
		sub->note = col_str(s, st, 3, a);
		sub->data_json = col_str(s, st, 4, a);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	for (size_t i = 0; i < out->n_submissions; i++)
		if ((rc = load_pages(s, &out->submissions[i], a, err)))
			return rc;
	return CNAP_OK;
}

enum cnap_err cnap_store_template_add(struct cnap_store *s, int year, const struct cnap_template *t,
				      struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t cid, tid;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_stmt *st;
	if ((rc = cycle_id(s, year, &cid, err)) ||
	    (rc = st_prepare(s, "INSERT INTO templates (cycle_id, code, name, tables_json) VALUES (?,?,?,?)", &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, cid);
	st_text(s, st, 2, t->code);
	st_text(s, st, 3, t->name);
	st_text(s, st, 4, t->tables_json);
	if ((rc = st_done(s, st, "template exists", err))) {
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "template", "survey template '%s' already exists in cycle %d", t->code, year);
		return tx_leave(s, rc, err);
	}
	tid = s->drv->last_insert_id(s->db);
	if ((rc = st_prepare(s,
		      "INSERT INTO template_items (template_id, position, key, parent_key, code, title, depth) "
		      "VALUES (?,?,?,?,?,?,?)",
		      &st, err)))
		return tx_leave(s, rc, err);
	for (size_t i = 0; i < t->n_items && !rc; i++) {
		const struct cnap_survey_item *it = &t->items[i];
		s->drv->reset(st);
		st_int(s, st, 1, tid);
		st_int(s, st, 2, (int64_t)i + 1);
		st_text(s, st, 3, it->key);
		st_text(s, st, 4, it->parent_key);
		st_text(s, st, 5, it->code ? it->code : "");
		st_text(s, st, 6, it->title);
		st_int(s, st, 7, it->depth);
		if (st_step(s, st) == CNAP_STEP_ERROR)
			rc = s->step_err == CNAP_ENOMEM ? st_step_error(s, err)
							: cnap_fail(err, CNAP_ECONFLICT, "template", "survey item '%s': %s",
								    it->key, s->drv->errmsg(s->db));
	}
	st_free(s, st);
	if (!rc) {
		char after[200];
		snprintf(after, sizeof(after), "{\"cycle\":%d,\"items\":%zu}", year, t->n_items);
		rc = audit_add(s, "template.add", "template", tid, NULL, after, err);
	}
	return tx_leave(s, rc, err);
}

static enum cnap_err load_items(struct cnap_store *s, int64_t tid, struct cnap_arena *a, struct cnap_template *t,
				struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT key, parent_key, code, title, depth FROM template_items WHERE template_id = ? ORDER BY position",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, tid);
	size_t cap = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_survey_item *it = ARENA_PUSH(a, t->items, cap, t->n_items);
		if (!it) {
			st_free(s, st);
			return OOM(err);
		}
		it->key = col_str(s, st, 0, a);
		it->parent_key = col_str(s, st, 1, a);
		it->code = col_str(s, st, 2, a);
		it->title = col_str(s, st, 3, a);
		it->depth = (int)col_int(s, st, 4);
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

enum cnap_err cnap_store_template_list(struct cnap_store *s, int year, struct cnap_arena *a,
				       struct cnap_template **out, size_t *n, struct cnap_error *err)
{
	int64_t cid;
	enum cnap_err rc = cycle_id(s, year, &cid, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "SELECT id, code, name, tables_json FROM templates WHERE cycle_id = ? ORDER BY id", &st, err)))
		return rc;
	st_int(s, st, 1, cid);
	struct cnap_template *v = NULL;
	int64_t *ids = NULL;
	size_t cap = 0, count = 0, icap = 0, icount = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_template *t = ARENA_PUSH(a, v, cap, count);
		int64_t *id = ARENA_PUSH(a, ids, icap, icount);
		if (!t || !id) {
			st_free(s, st);
			return OOM(err);
		}
		*id = col_int(s, st, 0);
		t->code = col_str(s, st, 1, a);
		t->name = col_str(s, st, 2, a);
		t->tables_json = col_str(s, st, 3, a);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	for (size_t i = 0; i < count; i++)
		if ((rc = load_items(s, ids[i], a, &v[i], err)))
			return rc;
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_template_get(struct cnap_store *s, int year, const char *code,
				      struct cnap_arena *a, struct cnap_template *out, struct cnap_error *err)
{
	int64_t cid, tid;
	enum cnap_err rc;
	if ((rc = cycle_id(s, year, &cid, err)) || (rc = template_id(s, cid, year, code, &tid, err)))
		return rc;
	memset(out, 0, sizeof(*out));
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "SELECT code, name, tables_json FROM templates WHERE id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, tid);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		out->code = col_str(s, st, 0, a);
		out->name = col_str(s, st, 1, a);
		out->tables_json = col_str(s, st, 2, a);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc ? rc : load_items(s, tid, a, out, err);
}

enum cnap_err cnap_store_submission_add(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, const struct cnap_submission *sub,
					int *version_out, struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t pid, sid, version = sub->version;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = participation_id(s, year, wg_code, association_code, &pid, err)))
		return tx_leave(s, rc, err);
	if (version == 0 &&
	    (rc = query_id(s, "SELECT coalesce(max(version), 0) + 1 FROM submissions WHERE participation_id = ?",
			   NULL, NULL, pid, &version, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "INSERT INTO submissions (participation_id, version, submitted_on, note, created_at) "
		      "VALUES (?,?,?,?,?)",
		      &st, err)))
		return tx_leave(s, rc, err);
	st_int(s, st, 1, pid);
	st_int(s, st, 2, version);
	st_text(s, st, 3, sub->submitted_on);
	st_text(s, st, 4, sub->note);
	st_text(s, st, 5, cnap_store_now(s));
	if ((rc = st_done(s, st, "submission exists", err))) {
		if (rc == CNAP_ECONFLICT)
			cnap_fail(err, rc, "version", "submission version %lld already exists", (long long)version);
		return tx_leave(s, rc, err);
	}
	sid = s->drv->last_insert_id(s->db);
	if (sub->data_json) {
		if ((rc = st_prepare(s, "INSERT INTO submission_data (submission_id, data) VALUES (?,?)", &st, err)))
			return tx_leave(s, rc, err);
		st_int(s, st, 1, sid);
		st_text(s, st, 2, sub->data_json);
		if ((rc = st_done(s, st, "submission data", err)))
			return tx_leave(s, rc, err);
	}
	/* Every page key must be an item of the participant's outline. */
	if ((rc = st_prepare(s,
		      "INSERT INTO submission_pages (submission_id, item_key, page) "
		      "SELECT ?1, ti.key, ?3 FROM template_items ti JOIN participations p ON p.template_id = ti.template_id "
		      "WHERE p.id = ?4 AND ti.key = ?2",
		      &st, err)))
		return tx_leave(s, rc, err);
	for (size_t i = 0; i < sub->n_pages && !rc; i++) {
		s->drv->reset(st);
		st_int(s, st, 1, sid);
		st_text(s, st, 2, sub->pages[i].item_key);
		st_int(s, st, 3, sub->pages[i].page);
		st_int(s, st, 4, pid);
		if (st_step(s, st) == CNAP_STEP_ERROR)
			rc = s->step_err == CNAP_ENOMEM ? st_step_error(s, err)
							: cnap_fail(err, CNAP_ECONFLICT, "pages", "page of item '%s': %s",
								    sub->pages[i].item_key, s->drv->errmsg(s->db));
		else if (s->drv->changes(s->db) != 1)
			rc = cnap_fail(err, CNAP_ENOTFOUND, "pages", "unknown survey item '%s' in the page map",
				       sub->pages[i].item_key);
	}
	st_free(s, st);
	if (!rc)
		rc = store_texts_insert(s, pid, sid, sub, err);
	if (!rc) {
		/* the note says where a version came from (「Wordファイル「…」から取り込み」) */
		struct cnap_buf after;
		cnap_buf_init(&after, 64 * 1024);
		cnap_buf_addf(&after, "{\"version\":%lld,\"pages\":%zu,\"data\":%s,\"texts\":%s", (long long)version,
			      sub->n_pages, sub->data_json ? "true" : "false", sub->texts_given ? "\"given\"" : "\"carried\"");
		if (sub->note && *sub->note) {
			cnap_buf_adds(&after, ",\"note\":");
			cnap_buf_add_json_str(&after, sub->note);
		}
		cnap_buf_addc(&after, '}');
		rc = after.status ? cnap_buf_error(&after, err, "audit record")
				  : audit_add(s, "submission.add", "submission", sid, NULL, after.data, err);
		cnap_buf_release(&after);
	}
	if (!rc && version_out)
		*version_out = (int)version;
	return tx_leave(s, rc, err);
}
