/* Whole-cycle import (all-or-nothing) and export. */
#include "base/compat.h"
#include "store/document.h"
#include "store/mail_store.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* An association or user that already exists is reused only if it is the same thing. */
static enum cnap_err import_association(struct cnap_store *s, const struct cnap_association *as, size_t i,
					struct cnap_arena *a, struct cnap_error *err)
{
	struct cnap_association have;
	enum cnap_err rc = cnap_store_association_get(s, as->code, a, &have, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_store_association_add(s, as, err);
	if (rc)
		return rc;
	if (strcmp(have.name, as->name) != 0) {
		char path[64];
		snprintf(path, sizeof(path), "$.associations[%zu].name", i);
		return cnap_fail(err, CNAP_ECONFLICT, path, "association '%s' already exists under another name ('%s')",
				 as->code, have.name);
	}
	return CNAP_OK;
}

static enum cnap_err import_user(struct cnap_store *s, int year, const struct cnap_user *u, size_t i,
				 struct cnap_arena *a, struct cnap_error *err)
{
	struct cnap_user have;
	char path[64];
	snprintf(path, sizeof(path), "$.users[%zu]", i);
	enum cnap_err got = cnap_store_user_get(s, u->login, a, &have, err);
	if (got && got != CNAP_ENOTFOUND)
		return got;
	if (got) {
		enum cnap_err rc = cnap_store_user_add(s, year, u, NULL, err);
		if (!rc && !u->active) { /* added active, as every new user is; the file says otherwise */
			struct cnap_user_update off = { .set_active = true, .active = false };
			rc = cnap_store_user_update(s, year, u->login, &off, err);
		}
		if (!rc && u->mail_mode != CNAP_MAIL_IMMEDIATE)
			rc = cnap_store_user_mail_mode_set(s, u->login, u->mail_mode, err);
		if (rc && err && !err->where[0])
			snprintf(err->where, sizeof(err->where), "%s", path);
		return rc;
	}
	if (have.role != u->role)
		return cnap_fail(err, CNAP_ECONFLICT, path, "user '%s' already exists with role %s", u->login,
				 cnap_role_name(have.role));
	int64_t uid = have.id;
	for (size_t k = 0; k < u->n_wg_codes; k++) {
		int64_t wid;
		enum cnap_err rc = wg_id(s, year, u->wg_codes[k], &wid, err);
		struct cnap_stmt *st;
		if (rc || (rc = st_prepare(s, "INSERT OR IGNORE INTO user_wgs (user_id, wg_id) VALUES (?,?)", &st, err)))
			return rc;
		st_int(s, st, 1, uid);
		st_int(s, st, 2, wid);
		if ((rc = st_done(s, st, "user WG", err)))
			return rc;
	}
	return CNAP_OK;
}

static int64_t ref_to_id(const struct cnap_cycle_data *d, const int64_t *ids, const char *ref)
{
	for (size_t i = 0; i < d->n_questions; i++)
		if (d->questions[i].ref && strcmp(d->questions[i].ref, ref) == 0)
			return ids[i];
	return 0;
}

/*
 * A follow-up's link to the question or 指摘 of an earlier cycle it continues, when that cycle is in the
 * database: by the association, and its No. or position there (the file names them, not ids).
 * The one id of sql (?1 association code, ?2 year, ?3 number, ?4 WG code), or 0 when there is none. */
static enum cnap_err earlier_id(struct cnap_store *s, const char *sql, const struct cnap_question *q, int year, int number,
				int64_t *out, struct cnap_error *err)
{
	*out = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, q->association_code);
	st_int(s, st, 2, year);
	st_int(s, st, 3, number);
	st_text(s, st, 4, q->wg_code);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW)
		*out = col_int(s, st, 0);
	rc = r == CNAP_STEP_ERROR ? st_step_error(s, err) : st_row_status(s, st, err);
	st_free(s, st);
	return rc;
}

static enum cnap_err resolve_follows(struct cnap_store *s, struct cnap_question *q, struct cnap_error *err)
{
	q->follows_id = q->follows_remark_id = 0;
	enum cnap_err rc = CNAP_OK;
	if (q->follows_year)
		rc = earlier_id(s,
				"SELECT q.id FROM questions q JOIN participations p ON p.id = q.participation_id "
				"JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id "
				"JOIN associations a ON a.id = p.association_id "
				"WHERE a.code = ?1 AND c.year = ?2 AND q.no = ?3 ORDER BY w.code = ?4 DESC, w.code LIMIT 1",
				q, q->follows_year, q->follows_no, &q->follows_id, err);
	if (!rc && q->follows_remark_year)
		rc = earlier_id(s,
				"SELECT r.id FROM wg_remarks r JOIN participations p ON p.id = r.participation_id "
				"JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id "
				"JOIN associations a ON a.id = p.association_id "
				"WHERE a.code = ?1 AND c.year = ?2 AND r.position = ?3 ORDER BY w.code = ?4 DESC, w.code LIMIT 1",
				q, q->follows_remark_year, q->follows_remark_position, &q->follows_remark_id, err);
	return rc;
}

static enum cnap_err import_questions(struct cnap_store *s, const struct cnap_cycle_data *d, struct cnap_arena *a,
				      struct cnap_error *err)
{
	int64_t *ids = cnap_arena_calloc(a, d->n_questions + 1, sizeof(*ids));
	if (!ids)
		return OOM(err);
	char path[64];
	enum cnap_err rc;
	for (size_t i = 0; i < d->n_questions; i++) {
		struct cnap_question q = d->questions[i];
		q.refers_to_ids = NULL;
		q.refers_to_refs = NULL;
		q.n_refers_to = 0;
		snprintf(path, sizeof(path), "$.questions[%zu]", i);
		if ((rc = resolve_follows(s, &q, err)) || (rc = cnap_store_question_add(s, d->cycle.year, &q, &ids[i], err)) ||
		    (q.carry_forward && (rc = cnap_store_question_carry_set(s, ids[i], true, err))))
			goto fail;
		if (q.has_answer && (rc = cnap_store_answer_set(s, ids[i], &q.answer, "answer.import", err)))
			goto fail;
		if (q.anchor.changed_version &&
		    (rc = cnap_store_question_anchor_set(s, ids[i], &q.anchor, "question.import-anchor", err)))
			goto fail;
	}
	for (size_t i = 0; i < d->n_questions; i++) {
		if (!d->questions[i].n_refers_to)
			continue;
		struct cnap_question q = d->questions[i];
		q.id = ids[i];
		int64_t *targets = cnap_arena_calloc(a, q.n_refers_to, sizeof(*targets));
		if (!targets) {
			rc = OOM(err);
			goto fail;
		}
		for (size_t k = 0; k < q.n_refers_to; k++)
			targets[k] = ref_to_id(d, ids, q.refers_to_refs[k]);
		q.refers_to_ids = targets;
		snprintf(path, sizeof(path), "$.questions[%zu].refers_to", i);
		if ((rc = cnap_store_question_update(s, &q, "question.import-link", err)))
			goto fail;
	}
	return CNAP_OK;
fail:
	if (err && err->where[0] != '$') {
		char msg[sizeof(err->message)];
		snprintf(msg, sizeof(msg), "%s", err->message);
		cnap_fail(err, rc, path, "%s", msg);
	}
	return rc;
}

enum cnap_err cnap_store_cycle_import(struct cnap_store *s, const struct cnap_cycle_data *d,
				      struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_cycle_data_validate(d, err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	int year = d->cycle.year;
	int64_t existing;
	rc = query_id(s, "SELECT id FROM cycles WHERE year = ?", NULL, NULL, year, &existing, err);
	if (rc == CNAP_OK)
		rc = cnap_fail(err, CNAP_ECONFLICT, "$.cycle.year", "cycle %d already exists in this database", year);
	if (rc != CNAP_ENOTFOUND)
		goto out;
	struct cnap_cycle open = d->cycle;
	open.closed_at = NULL; /* closed once everything is in (store/migrations/0014_closed_cycles.sql) */
	if ((rc = cnap_store_cycle_add(s, &open, err)) ||
	    (d->n_moves && (rc = cnap_store_key_moves_put(s, year, d->moves, d->n_moves, err))) ||
	    (d->cycle.reminders_given && (rc = cnap_store_reminder_plan_set(s, year, &d->cycle.reminders, err))))
		goto out;
	for (size_t i = 0; i < d->n_templates && !rc; i++)
		rc = cnap_store_template_add(s, year, &d->templates[i], err);
	for (size_t i = 0; i < d->n_wgs && !rc; i++)
		rc = cnap_store_wg_add(s, year, &d->wgs[i], err);
	for (size_t i = 0; i < d->n_associations && !rc; i++)
		rc = import_association(s, &d->associations[i], i, &a, err);
	for (size_t i = 0; i < d->n_participations && !rc; i++) {
		const struct cnap_participation *p = &d->participations[i];
		rc = cnap_store_participation_add(s, year, p->wg_code, p->association_code, p->template_code, err);
		for (size_t k = 0; k < p->n_remarks && !rc; k++) {
			int64_t rid;
			rc = cnap_store_remark_add(s, year, p->wg_code, p->association_code, p->remarks[k], &rid, err);
		}
		for (size_t k = 0; k < p->n_submissions && !rc; k++) {
			rc = cnap_store_submission_add(s, year, p->wg_code, p->association_code, &p->submissions[k],
						       NULL, err);
			if (!rc) /* its document of record, when the file carries one (store/document.h) */
				rc = cnap_store_document_import(s, year, p->wg_code, p->association_code, &p->submissions[k],
								err);
		}
	}
	for (size_t i = 0; i < d->n_users && !rc; i++)
		rc = import_user(s, year, &d->users[i], i, &a, err);
	if (!rc)
		rc = import_questions(s, d, &a, err);
	if (!rc) {
		char after[200];
		snprintf(after, sizeof(after), "{\"year\":%d,\"wgs\":%zu,\"participations\":%zu,\"questions\":%zu}", year,
			 d->n_wgs, d->n_participations, d->n_questions);
		int64_t cid = 0;
		if (!(rc = cycle_id(s, year, &cid, err)))
			rc = audit_add(s, "cycle.import", "cycle", cid, NULL, after, err);
	}
	if (!rc && d->cycle.closed_at)
		rc = cnap_store_cycle_close(s, year, true, d->cycle.closed_at, err);
	/* A whole cycle came in row by row: the search index in one segment again (store/search_rebuild.sql). */
	if (!rc)
		rc = s->drv->exec(s->db, "INSERT INTO search_index (search_index) VALUES ('optimize')", err);
out:
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

/* Users that belong to this cycle: secretariat, reviewers of its WGs, staff of its associations. */
static bool user_in_cycle(const struct cnap_user *u, const struct cnap_cycle_data *d)
{
	if (u->role == CNAP_ROLE_SECRETARIAT)
		return true;
	if (u->role == CNAP_ROLE_REVIEWER)
		return u->n_wg_codes > 0;
	for (size_t i = 0; i < d->n_associations; i++)
		if (u->association_code && strcmp(u->association_code, d->associations[i].code) == 0)
			return true;
	return false;
}

/*
 * Every version's item texts. A version without texts after one with them
 * says so (texts_given, none), or an import would carry the older ones over.
 */
static enum cnap_err export_texts(struct cnap_store *s, int year, struct cnap_participation *p, struct cnap_arena *a,
				  struct cnap_error *err)
{
	enum cnap_err rc = CNAP_OK;
	for (size_t k = 0; k < p->n_submissions && !rc; k++) {
		struct cnap_submission *sub = &p->submissions[k];
		struct cnap_stored_text *texts;
		rc = cnap_store_submission_texts(s, year, p->wg_code, p->association_code, sub->version, a, &texts,
						 &sub->n_texts, err);
		sub->texts = texts;
		sub->texts_given = sub->n_texts > 0 || (k > 0 && p->submissions[k - 1].n_texts > 0);
	}
	return rc;
}

/* The WG's 指摘, onto the participations they were made to, in order. */
static enum cnap_err export_remarks(struct cnap_store *s, int year, struct cnap_cycle_data *d, struct cnap_arena *a,
				    struct cnap_error *err)
{
	struct cnap_wg_remark *rs;
	size_t n;
	enum cnap_err rc = cnap_store_remarks(s, year, NULL, NULL, a, &rs, &n, err);
	for (size_t i = 0; !rc && i < d->n_participations; i++) {
		struct cnap_participation *p = &d->participations[i];
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			k += strcmp(rs[j].wg_code, p->wg_code) == 0 && strcmp(rs[j].association_code, p->association_code) == 0;
		if (!k)
			continue;
		const char **v = cnap_arena_calloc(a, k, sizeof(*v));
		if (!v)
			return OOM(err);
		for (size_t j = 0; j < n; j++)
			if (strcmp(rs[j].wg_code, p->wg_code) == 0 && strcmp(rs[j].association_code, p->association_code) == 0)
				v[p->n_remarks++] = rs[j].text;
		p->remarks = v;
	}
	return rc;
}

enum cnap_err cnap_store_cycle_export(struct cnap_store *s, int year, struct cnap_arena *a,
				      struct cnap_cycle_data *out, struct cnap_error *err)
{
	enum cnap_err rc;
	memset(out, 0, sizeof(*out));
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	if ((rc = cnap_store_cycle_get(s, year, a, &out->cycle, err)) ||
	    (rc = cnap_store_template_list(s, year, a, &out->templates, &out->n_templates, err)) ||
	    (rc = cnap_store_wg_list(s, year, a, &out->wgs, &out->n_wgs, err)))
		goto out;
	/* Participations in WG order; associations deduplicated. */
	size_t pcap = 0, acap = 0;
	for (size_t w = 0; w < out->n_wgs && !rc; w++) {
		struct cnap_association *as;
		size_t nas;
		if ((rc = cnap_store_association_list(s, year, out->wgs[w].code, a, &as, &nas, err)))
			break;
		for (size_t i = 0; i < nas && !rc; i++) {
			struct cnap_participation *p = ARENA_PUSH(a, out->participations, pcap, out->n_participations);
			if (!p) {
				rc = OOM(err);
				break;
			}
			rc = cnap_store_participation_get(s, year, out->wgs[w].code, as[i].code, a, p, err);
			if (!rc)
				rc = export_texts(s, year, p, a, err);
			if (!rc)
				rc = cnap_store_documents_export(s, year, p, a, err);
			bool seen = false;
			for (size_t k = 0; k < out->n_associations; k++)
				if (strcmp(out->associations[k].code, as[i].code) == 0)
					seen = true;
			if (!seen) {
				struct cnap_association *slot = ARENA_PUSH(a, out->associations, acap, out->n_associations);
				if (!slot)
					rc = OOM(err);
				else
					*slot = as[i];
			}
		}
	}
	if (rc)
		goto out;
	struct cnap_user *users;
	size_t nusers, ucap = 0;
	if ((rc = cnap_store_user_list(s, a, &users, &nusers, err)))
		goto out;
	for (size_t i = 0; i < nusers; i++) {
		if (users[i].role == CNAP_ROLE_REVIEWER && (rc = load_user_wgs(s, &users[i], year, a, err)))
			goto out;
		if (!user_in_cycle(&users[i], out))
			continue;
		struct cnap_user *slot = ARENA_PUSH(a, out->users, ucap, out->n_users);
		if (!slot) {
			rc = OOM(err);
			goto out;
		}
		*slot = users[i];
	}
	struct cnap_question_filter f = { .year = year, .status = -1 };
	if ((rc = cnap_store_question_list(s, &f, a, &out->questions, &out->n_questions, err)) ||
	    (rc = export_remarks(s, year, out, a, err)))
		goto out;
	struct cnap_key_move *moves;
	if ((rc = cnap_store_key_moves(s, year, a, &moves, &out->n_moves, err)))
		goto out;
	out->moves = moves;
	for (size_t i = 0; i < out->n_questions; i++) {
		struct cnap_question *q = &out->questions[i];
		q->ref = cnap_arena_printf(a, "q%lld", (long long)q->id); /* as read_question names the references */
	}
out:
	/* read-only: committing releases the snapshot without failing an enclosing transaction */
	cnap_store_commit(s, NULL);
	return rc;
}
