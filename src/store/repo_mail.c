/* Notices, recipients, reminder plans, templates and mail modes (store/mail_store.h). */
#include "base/compat.h"
#include "store/mail_store.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")


enum cnap_err mail_read_recipients(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
				   struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err)
{
	struct cnap_mail_recipient *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_mail_recipient *m = ARENA_PUSH(a, v, cap, count);
		if (!m) {
			st_free(s, st);
			return OOM(err);
		}
		m->user_id = col_int(s, st, 0);
		m->login = col_str(s, st, 1, a);
		m->name = col_str(s, st, 2, a);
		m->email = col_str(s, st, 3, a);
		m->mode = CNAP_MAIL_IMMEDIATE;
		cnap_mail_mode_parse(col_text(s, st, 4), &m->mode);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_association_recipients(struct cnap_store *s, const char *association_code, struct cnap_arena *a,
						struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err)
{
	struct cnap_stmt *st;
	*out = NULL, *n = 0;
	enum cnap_err rc = st_prepare(s, RECIPIENT_COLUMNS "JOIN associations a ON a.id = u.association_id "
					 "WHERE u.role = 'association' AND u.active = 1 AND a.code = ? ORDER BY u.login",
				      &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, association_code);
	return mail_read_recipients(s, st, a, out, n, err);
}

enum cnap_err cnap_store_secretariat_recipients(struct cnap_store *s, struct cnap_arena *a,
						struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err)
{
	struct cnap_stmt *st;
	*out = NULL, *n = 0;
	enum cnap_err rc = st_prepare(s, RECIPIENT_COLUMNS "WHERE u.role = 'secretariat' AND u.active = 1 ORDER BY u.login",
				      &st, err);
	return rc ? rc : mail_read_recipients(s, st, a, out, n, err);
}

enum cnap_err cnap_store_user_recipient(struct cnap_store *s, const char *login, struct cnap_arena *a,
					struct cnap_mail_recipient *out, bool *active, struct cnap_error *err)
{
	struct cnap_stmt *st;
	struct cnap_mail_recipient *v;
	size_t n;
	enum cnap_err rc = st_prepare(s, RECIPIENT_COLUMNS "WHERE u.login = ?", &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, login);
	if ((rc = mail_read_recipients(s, st, a, &v, &n, err)))
		return rc;
	if (!n)
		return cnap_fail(err, CNAP_ENOTFOUND, "user.login", "ユーザー「%s」はいません", login);
	*out = v[0];
	int64_t on = 0;
	rc = query_id(s, "SELECT active FROM users WHERE login = ?", login, NULL, 0, &on, err);
	*active = on != 0;
	return rc;
}

static enum cnap_err outbox_insert(struct cnap_store *s, int64_t user_id, const char *to_addr, const char *to_name,
				   const char *event, int64_t question_id, const char *vars, const char *link,
				   const char *subject, int64_t *id, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
				      "INSERT INTO outbox (user_id, to_addr, to_name, event, question_id, vars, link, subject, "
				      "created_at, state, next_at) VALUES (nullif(?, 0), ?, ?, ?, nullif(?, 0), ?, ?, ?, ?, 'queued', ?)",
				      &st, err);
	if (rc)
		return rc;
	const char *now = cnap_store_now(s);
	st_int(s, st, 1, user_id);
	st_text(s, st, 2, to_addr);
	st_text(s, st, 3, to_name);
	st_text(s, st, 4, event);
	st_int(s, st, 5, question_id);
	st_text(s, st, 6, vars);
	st_text(s, st, 7, link);
	st_text(s, st, 8, subject);
	st_text(s, st, 9, now);
	st_text(s, st, 10, now);
	if ((rc = st_done(s, st, "outbox", err)))
		return rc;
	*id = s->drv->last_insert_id(s->db);
	return CNAP_OK;
}

enum cnap_err cnap_store_notice_seen(struct cnap_store *s, int64_t user_id, const char *key, int64_t *id,
				     struct cnap_error *err)
{
	return query_id(s, "SELECT id FROM notifications WHERE user_id = ? AND reminder_key = ?", key, NULL, user_id, id,
			err);
}

enum cnap_err cnap_store_notice_add(struct cnap_store *s, const struct cnap_notice_new *nn, bool *created,
				    struct cnap_error *err)
{
	*created = false;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	if (nn->reminder_key) {
		int64_t seen;
		rc = query_id(s, "SELECT id FROM notifications WHERE user_id = ? AND reminder_key = ?", nn->reminder_key, NULL,
			      nn->user_id, &seen, err);
		if (rc == CNAP_OK || rc != CNAP_ENOTFOUND)
			return tx_leave(s, rc, err);
		rc = CNAP_OK;
	}
	int64_t outbox_id = 0;
	if (nn->mail == CNAP_NOTICE_QUEUED &&
	    (rc = outbox_insert(s, nn->user_id, nn->to_addr, nn->to_name, nn->event, nn->question_id, nn->vars, nn->link,
				nn->title, &outbox_id, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s,
			      "INSERT INTO notifications (user_id, event, question_id, title, link, vars, created_at, mail, "
			      "outbox_id, reminder_key) VALUES (?, ?, nullif(?, 0), ?, ?, ?, ?, ?, nullif(?, 0), ?)",
			      &st, err))) {
		st_int(s, st, 1, nn->user_id);
		st_text(s, st, 2, nn->event);
		st_int(s, st, 3, nn->question_id);
		st_text(s, st, 4, nn->title);
		st_text(s, st, 5, nn->link);
		st_text(s, st, 6, nn->vars);
		st_text(s, st, 7, cnap_store_now(s));
		st_text(s, st, 8, cnap_notice_mail_name(nn->mail));
		st_int(s, st, 9, outbox_id);
		st_text(s, st, 10, nn->reminder_key);
		rc = st_done(s, st, "notification", err);
	}
	if (!rc)
		*created = true;
	return tx_leave(s, rc, err);
}

/* ",a,b," of the names, for instr(); NULL when out of memory. */
static char *name_list(const char *const *v, size_t n)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_addc(&b, ',');
	for (size_t i = 0; i < n; i++) {
		cnap_buf_adds(&b, v[i]);
		cnap_buf_addc(&b, ',');
	}
	return cnap_buf_detach(&b, NULL);
}

enum cnap_err cnap_store_mail_cancel_stale(struct cnap_store *s, int64_t question_id, const char *const *keep,
					   size_t n_keep, size_t *cancelled, struct cnap_error *err)
{
	*cancelled = 0;
	char *list = name_list(keep, n_keep);
	if (!list)
		return OOM(err);
	enum cnap_err rc = tx_enter(s, err);
	static const char *const sql[] = {
		"UPDATE outbox SET state = 'cancelled' WHERE question_id = ? AND state = 'queued' "
		"AND instr(?, ',' || event || ',') = 0",
		"UPDATE notifications SET mail = 'cancelled' WHERE question_id = ? AND mail = 'digest' "
		"AND instr(?, ',' || event || ',') = 0",
	};
	for (size_t i = 0; !rc && i < CNAP_ARRAY_LEN(sql); i++) {
		struct cnap_stmt *st;
		if ((rc = st_prepare(s, sql[i], &st, err)))
			break;
		st_int(s, st, 1, question_id);
		st_text(s, st, 2, list);
		if (!(rc = st_done(s, st, "outbox", err)))
			*cancelled += (size_t)s->drv->changes(s->db);
	}
	free(list);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_mail_supersede(struct cnap_store *s, int64_t question_id, int64_t user_id,
					struct cnap_error *err)
{
	static const char *const sql[] = {
		"UPDATE outbox SET state = 'cancelled' WHERE question_id = ?1 AND user_id = ?2 AND state = 'queued' "
		"AND event IN ('reminder', 'overdue')",
		"UPDATE notifications SET mail = 'cancelled' WHERE question_id = ?1 AND user_id = ?2 AND mail = 'digest' "
		"AND event IN ('reminder', 'overdue')",
	};
	enum cnap_err rc = tx_enter(s, err);
	for (size_t i = 0; !rc && i < CNAP_ARRAY_LEN(sql); i++) {
		struct cnap_stmt *st;
		if ((rc = st_prepare(s, sql[i], &st, err)))
			break;
		st_int(s, st, 1, question_id);
		st_int(s, st, 2, user_id);
		rc = st_done(s, st, "outbox", err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err mail_read_notices(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
				struct cnap_notification **out, size_t *n, struct cnap_error *err)
{
	struct cnap_notification *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_notification *m = ARENA_PUSH(a, v, cap, count);
		if (!m) {
			st_free(s, st);
			return OOM(err);
		}
		m->id = col_int(s, st, 0);
		m->event = col_str(s, st, 1, a);
		m->question_id = col_int(s, st, 2);
		m->title = col_str(s, st, 3, a);
		m->link = col_str(s, st, 4, a);
		m->vars = col_str(s, st, 5, a);
		m->created_at = col_str(s, st, 6, a);
		m->read_at = col_str(s, st, 7, a);
		m->mail = CNAP_NOTICE_NO_MAIL;
		cnap_notice_mail_parse(col_text(s, st, 8), &m->mail);
		m->outbox_id = col_int(s, st, 9);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_notifications(struct cnap_store *s, const char *login, size_t limit, struct cnap_arena *a,
				       struct cnap_notification **out, size_t *n, size_t *unread,
				       struct cnap_error *err)
{
	*out = NULL, *n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = cnap_store_unread_count(s, login, unread, err);
	if (rc || (rc = st_prepare(s, NOTICE_COLUMNS "JOIN users u ON u.id = n.user_id WHERE u.login = ? "
					 "ORDER BY n.id DESC LIMIT ?",
				   &st, err)))
		return rc;
	st_text(s, st, 1, login);
	st_int(s, st, 2, (int64_t)limit);
	return mail_read_notices(s, st, a, out, n, err);
}

enum cnap_err cnap_store_notification_get(struct cnap_store *s, const char *login, int64_t id, struct cnap_arena *a,
					  struct cnap_notification *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	struct cnap_notification *v;
	size_t n;
	enum cnap_err rc = st_prepare(s, NOTICE_COLUMNS "JOIN users u ON u.id = n.user_id WHERE n.id = ? AND u.login = ?",
				      &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, id);
	st_text(s, st, 2, login);
	if ((rc = mail_read_notices(s, st, a, &v, &n, err)))
		return rc;
	if (!n)
		return cnap_fail(err, CNAP_ENOTFOUND, "notification.id", "お知らせ %lld はありません", (long long)id);
	*out = v[0];
	return CNAP_OK;
}

enum cnap_err cnap_store_unread_count(struct cnap_store *s, const char *login, size_t *unread, struct cnap_error *err)
{
	int64_t c = 0;
	enum cnap_err rc = query_id(s, "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id "
				       "WHERE u.login = ? AND n.read_at IS NULL",
				    login, NULL, 0, &c, err);
	*unread = (size_t)c;
	return rc;
}

enum cnap_err cnap_store_notification_read(struct cnap_store *s, const char *login, int64_t id, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND "
				 "user_id = (SELECT id FROM users WHERE login = ?) AND (? = 0 OR id = ?)",
			      &st, err))) {
		st_text(s, st, 1, cnap_store_now(s));
		st_text(s, st, 2, login);
		st_int(s, st, 3, id);
		st_int(s, st, 4, id);
		rc = st_done(s, st, "notification", err);
	}
	if (!rc && id) {
		int64_t mine;
		rc = query_id(s, "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = ? AND u.login = ?",
			      login, NULL, id, &mine, err);
		if (rc == CNAP_ENOTFOUND)
			rc = cnap_fail(err, CNAP_ENOTFOUND, "notification.id", "お知らせ %lld はありません", (long long)id);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_reminder_candidates(struct cnap_store *s, struct cnap_arena *a,
					     struct cnap_reminder_candidate **out, size_t *n, struct cnap_error *err)
{
	*out = NULL, *n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
				      "SELECT q.id, q.due_on, a.code, c.year, c.reminder_days, c.overdue_every FROM questions q "
				      "JOIN participations p ON p.id = q.participation_id JOIN associations a ON a.id = p.association_id "
				      "JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id "
				      "WHERE q.status = 'sent' AND q.due_on IS NOT NULL AND c.closed_at IS NULL ORDER BY q.id",
				      &st, err);
	if (rc)
		return rc;
	struct cnap_reminder_candidate *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_reminder_candidate *m = ARENA_PUSH(a, v, cap, count);
		if (!m) {
			st_free(s, st);
			return OOM(err);
		}
		m->question_id = col_int(s, st, 0);
		m->due_on = col_str(s, st, 1, a);
		m->association_code = col_str(s, st, 2, a);
		m->cycle_year = (int)col_int(s, st, 3);
		memset(&m->plan, 0, sizeof(m->plan));
		cnap_reminder_days_parse(col_text(s, st, 4), &m->plan, "", NULL);
		m->plan.overdue_every = (int)col_int(s, st, 5);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_question_handed_at(struct cnap_store *s, int64_t question_id, struct cnap_arena *a,
					    const char **at, struct cnap_error *err)
{
	return query_text(s, "SELECT max(created_at) FROM notifications WHERE question_id = ? "
			     "AND event IN ('question_sent', 'answer_returned')",
			  question_id, a, at, err);
}

enum cnap_err cnap_store_reminder_plan_get(struct cnap_store *s, int year, struct cnap_reminder_plan *out,
					   struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT reminder_days, overdue_every FROM cycles WHERE year = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		cnap_reminder_days_parse(col_text(s, st, 0), out, "", NULL);
		out->overdue_every = (int)col_int(s, st, 1);
		rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_DONE ? cnap_fail(err, CNAP_ENOTFOUND, "cycle.year", "%d年度のサイクルはありません", year)
					 : st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static char *plan_snapshot(const struct cnap_reminder_plan *p)
{
	char days[64];
	cnap_reminder_days_format(p, days, sizeof(days));
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_str(&b, "reminder_days", days, &first);
	snap_kv_int(&b, "overdue_every", p->overdue_every, &first);
	cnap_buf_addc(&b, '}');
	return cnap_buf_detach(&b, NULL);
}

enum cnap_err cnap_store_reminder_plan_set(struct cnap_store *s, int year, const struct cnap_reminder_plan *p,
					   struct cnap_error *err)
{
	struct cnap_reminder_plan old;
	enum cnap_err rc = tx_enter(s, err);
	if (rc || (rc = cnap_store_reminder_plan_get(s, year, &old, err)))
		return tx_leave(s, rc, err);
	int64_t cid;
	char days[64];
	cnap_reminder_days_format(p, days, sizeof(days));
	struct cnap_stmt *st;
	if (!(rc = cycle_id(s, year, &cid, err)) &&
	    !(rc = st_prepare(s, "UPDATE cycles SET reminder_days = ?, overdue_every = ? WHERE id = ?", &st, err))) {
		st_text(s, st, 1, days);
		st_int(s, st, 2, p->overdue_every);
		st_int(s, st, 3, cid);
		rc = st_done(s, st, "cycle", err);
	}
	char *before = rc ? NULL : plan_snapshot(&old), *after = rc ? NULL : plan_snapshot(p);
	if (!rc)
		rc = before && after ? audit_add(s, "cycle.reminders", "cycle", cid, before, after, err) : OOM(err);
	free(before);
	free(after);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_mail_template_get(struct cnap_store *s, const char *event, struct cnap_arena *a,
					   const char **subject, const char **body, const char **updated_at,
					   const char **updated_by, bool *found, struct cnap_error *err)
{
	*found = false;
	*subject = *body = *updated_at = *updated_by = NULL;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT subject, body, updated_at, updated_by FROM mail_templates WHERE event = ?",
				      &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, event);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*subject = col_str(s, st, 0, a);
		*body = col_str(s, st, 1, a);
		*updated_at = col_str(s, st, 2, a);
		*updated_by = col_str(s, st, 3, a);
		*found = true;
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static char *template_snapshot(const char *subject, const char *body)
{
	if (!subject)
		return NULL;
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_str(&b, "subject", subject, &first);
	snap_kv_str(&b, "body", body, &first);
	cnap_buf_addc(&b, '}');
	return cnap_buf_detach(&b, NULL);
}

/* Set (subject not NULL) or remove the secretariat's wording, audited with what it was. */
static enum cnap_err template_write(struct cnap_store *s, const char *event, const char *subject, const char *body,
				    struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char *os, *ob, *oat, *oby;
	bool found;
	enum cnap_err rc = tx_enter(s, err);
	if (!rc && !(rc = cnap_store_mail_template_get(s, event, &a, &os, &ob, &oat, &oby, &found, err))) {
		struct cnap_stmt *st;
		if (subject)
			rc = st_prepare(s, "INSERT INTO mail_templates (event, subject, body, updated_at, updated_by) "
					   "VALUES (?1, ?2, ?3, ?4, nullif(?5, '')) ON CONFLICT (event) DO UPDATE SET "
					   "subject = ?2, body = ?3, updated_at = ?4, updated_by = nullif(?5, '')",
					&st, err);
		else
			rc = st_prepare(s, "DELETE FROM mail_templates WHERE event = ?1", &st, err);
		if (!rc) {
			st_text(s, st, 1, event);
			if (subject) {
				st_text(s, st, 2, subject);
				st_text(s, st, 3, body);
				st_text(s, st, 4, cnap_store_now(s));
				st_text(s, st, 5, s->actor);
			}
			rc = st_done(s, st, "mail template", err);
		}
		if (!rc) {
			char *before = template_snapshot(found ? os : NULL, ob), *after = template_snapshot(subject, body);
			rc = (found && !before) || (subject && !after)
				     ? OOM(err)
				     : audit_add(s, subject ? "mail.template" : "mail.template_reset", "mail_template", 0, before,
						 after, err);
			free(before);
			free(after);
		}
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_mail_template_set(struct cnap_store *s, const char *event, const char *subject,
					   const char *body, struct cnap_error *err)
{
	return template_write(s, event, subject, body, err);
}

enum cnap_err cnap_store_mail_template_reset(struct cnap_store *s, const char *event, struct cnap_error *err)
{
	return template_write(s, event, NULL, NULL, err);
}

enum cnap_err cnap_store_user_mail_mode_set(struct cnap_store *s, const char *login, enum cnap_mail_mode mode,
					    struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	int64_t uid;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_user u;
	struct cnap_stmt *st;
	if (!(rc = cnap_store_user_get(s, login, &a, &u, err)) && !(rc = user_id(s, login, &uid, err)) &&
	    !(rc = st_prepare(s, "UPDATE users SET mail_mode = ? WHERE id = ?", &st, err))) {
		st_text(s, st, 1, cnap_mail_mode_name(mode));
		st_int(s, st, 2, uid);
		rc = st_done(s, st, "user", err);
	}
	if (!rc && u.mail_mode != mode) {
		struct cnap_buf b, c;
		bool f1 = true, f2 = true;
		cnap_buf_init(&b, 0);
		cnap_buf_init(&c, 0);
		snap_kv_str(&b, "mail_mode", cnap_mail_mode_name(u.mail_mode), &f1);
		snap_kv_str(&c, "mail_mode", cnap_mail_mode_name(mode), &f2);
		cnap_buf_addc(&b, '}');
		cnap_buf_addc(&c, '}');
		char *before = cnap_buf_detach(&b, NULL), *after = cnap_buf_detach(&c, NULL);
		rc = before && after ? audit_add(s, "user.mail_mode", "user", uid, before, after, err) : OOM(err);
		free(before);
		free(after);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}
