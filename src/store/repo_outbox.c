/* The outbox: messages waiting, taken, sent or failed; digests (store/mail_store.h). */
#include "base/compat.h"
#include "store/mail_store.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

#define OUTBOX_COLUMNS "SELECT o.id, u.login, u.name, o.to_addr, o.to_name, o.event, coalesce(o.question_id, 0), " \
		       "o.vars, o.link, o.subject, o.body, o.created_at, o.state, o.attempts, o.next_at, "      \
		       "o.last_error, coalesce(o.smtp_code, 0), o.sent_at FROM outbox o LEFT JOIN users u ON u.id = o.user_id "

static void read_entry(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, struct cnap_outbox_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = col_int(s, st, 0);
	e->user_login = col_str(s, st, 1, a);
	e->user_name = col_str(s, st, 2, a);
	e->to_addr = col_str(s, st, 3, a);
	e->to_name = col_str(s, st, 4, a);
	e->event = col_str(s, st, 5, a);
	e->question_id = col_int(s, st, 6);
	e->vars = col_str(s, st, 7, a);
	e->link = col_str(s, st, 8, a);
	e->subject = col_str(s, st, 9, a);
	e->body = col_str(s, st, 10, a);
	e->created_at = col_str(s, st, 11, a);
	e->state = CNAP_OUTBOX_QUEUED;
	cnap_outbox_state_parse(col_text(s, st, 12), &e->state);
	e->attempts = (int)col_int(s, st, 13);
	e->next_at = col_str(s, st, 14, a);
	e->last_error = col_str(s, st, 15, a);
	e->smtp_code = (int)col_int(s, st, 16);
	e->sent_at = col_str(s, st, 17, a);
}

static enum cnap_err read_entries(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
				  struct cnap_outbox_entry **out, size_t *n, struct cnap_error *err)
{
	struct cnap_outbox_entry *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_outbox_entry *e = ARENA_PUSH(a, v, cap, count);
		if (!e) {
			st_free(s, st);
			return OOM(err);
		}
		read_entry(s, st, a, e);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_outbox_add(struct cnap_store *s, const char *to_addr, const char *event, const char *subject,
				    const char *vars, int64_t *id, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	const char *now = cnap_store_now(s);
	if (!(rc = st_prepare(s, "INSERT INTO outbox (to_addr, event, vars, subject, created_at, state, next_at) "
				 "VALUES (?, ?, ?, ?, ?, 'queued', ?)",
			      &st, err))) {
		st_text(s, st, 1, to_addr);
		st_text(s, st, 2, event);
		st_text(s, st, 3, vars);
		st_text(s, st, 4, subject);
		st_text(s, st, 5, now);
		st_text(s, st, 6, now);
		rc = st_done(s, st, "outbox", err);
	}
	if (!rc) {
		*id = s->drv->last_insert_id(s->db);
		struct cnap_buf b;
		bool first = true;
		cnap_buf_init(&b, 0);
		snap_kv_str(&b, "to", to_addr, &first);
		snap_kv_str(&b, "event", event, &first);
		cnap_buf_addc(&b, '}');
		char *after = cnap_buf_detach(&b, NULL);
		rc = after ? audit_add(s, "mail.queue", "outbox", *id, NULL, after, err) : OOM(err);
		free(after);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_outbox_list(struct cnap_store *s, int state, size_t limit, size_t offset, struct cnap_arena *a,
				     struct cnap_outbox_entry **out, size_t *n, size_t *total, struct cnap_error *err)
{
	*out = NULL, *n = 0, *total = 0;
	const char *name = state >= 0 ? cnap_outbox_state_name((enum cnap_outbox_state)state) : NULL;
	int64_t count = 0;
	enum cnap_err rc = name ? query_id(s, "SELECT count(*) FROM outbox WHERE state = ?", name, NULL, 0, &count, err)
				: query_id(s, "SELECT count(*) FROM outbox", NULL, NULL, 0, &count, err);
	if (rc)
		return rc;
	*total = (size_t)count;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, OUTBOX_COLUMNS "WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id DESC LIMIT ?2 OFFSET ?3", &st,
			     err)))
		return rc;
	st_text(s, st, 1, name);
	st_int(s, st, 2, (int64_t)limit);
	st_int(s, st, 3, (int64_t)offset);
	return read_entries(s, st, a, out, n, err);
}

enum cnap_err cnap_store_outbox_get(struct cnap_store *s, int64_t id, struct cnap_arena *a, struct cnap_outbox_entry *out,
				    struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, OUTBOX_COLUMNS "WHERE o.id = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, id);
	struct cnap_outbox_entry *v;
	size_t n;
	if ((rc = read_entries(s, st, a, &v, &n, err)))
		return rc;
	if (!n)
		return cnap_fail(err, CNAP_ENOTFOUND, "outbox.id", "メール %lld は送信記録にありません", (long long)id);
	*out = v[0];
	return CNAP_OK;
}

enum cnap_err cnap_store_outbox_counts(struct cnap_store *s, size_t counts[CNAP_OUTBOX_STATE_COUNT],
				       struct cnap_error *err)
{
	memset(counts, 0, sizeof(size_t) * CNAP_OUTBOX_STATE_COUNT);
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT state, count(*) FROM outbox GROUP BY state", &st, err);
	if (rc)
		return rc;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		enum cnap_outbox_state state;
		if (cnap_outbox_state_parse(col_text(s, st, 0), &state))
			counts[state] = (size_t)col_int(s, st, 1);
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

enum cnap_err cnap_store_outbox_resend(struct cnap_store *s, int64_t id, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_outbox_entry e;
	enum cnap_err rc = tx_enter(s, err);
	if (!rc && !(rc = cnap_store_outbox_get(s, id, &a, &e, err))) {
		if (e.state != CNAP_OUTBOX_FAILED && e.state != CNAP_OUTBOX_CANCELLED)
			rc = cnap_fail(err, CNAP_ECONFLICT, "outbox.id", "再送できるのは送信失敗か取消のメールだけです（このメールは「%s」）",
				       cnap_outbox_state_label_ja(e.state));
	}
	struct cnap_stmt *st;
	if (!rc && !(rc = st_prepare(s, "UPDATE outbox SET state = 'queued', attempts = 0, next_at = ? WHERE id = ?", &st,
				     err))) {
		st_text(s, st, 1, cnap_store_now(s));
		st_int(s, st, 2, id);
		rc = st_done(s, st, "outbox", err);
	}
	if (!rc) {
		struct cnap_buf b, c;
		bool f1 = true, f2 = true;
		cnap_buf_init(&b, 0);
		cnap_buf_init(&c, 0);
		snap_kv_str(&b, "state", cnap_outbox_state_name(e.state), &f1);
		snap_kv_int(&b, "attempts", e.attempts, &f1);
		snap_kv_str(&b, "last_error", e.last_error, &f1);
		snap_kv_str(&c, "state", "queued", &f2);
		cnap_buf_addc(&b, '}');
		cnap_buf_addc(&c, '}');
		char *before = cnap_buf_detach(&b, NULL), *after = cnap_buf_detach(&c, NULL);
		rc = before && after ? audit_add(s, "mail.resend", "outbox", id, before, after, err) : OOM(err);
		free(before);
		free(after);
	}
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_outbox_claim(struct cnap_store *s, const char *now, const char *claim_until, size_t limit,
				      struct cnap_arena *a, struct cnap_outbox_entry **out, size_t *n,
				      struct cnap_error *err)
{
	*out = NULL, *n = 0;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "UPDATE outbox SET state = 'sending', next_at = ?1 WHERE id IN (SELECT id FROM outbox "
				 "WHERE state IN ('queued', 'sending') AND next_at <= ?2 ORDER BY id LIMIT ?3) RETURNING id",
			      &st, err))) {
		st_text(s, st, 1, claim_until);
		st_text(s, st, 2, now);
		st_int(s, st, 3, (int64_t)limit);
		/* RETURNING gives rows in no set order: read them again, in id order */
		enum cnap_step r;
		while ((r = st_step(s, st)) == CNAP_STEP_ROW)
			;
		st_free(s, st);
		if (r == CNAP_STEP_ERROR)
			rc = st_step_error(s, err);
	}
	if (!rc && !(rc = st_prepare(s, OUTBOX_COLUMNS "WHERE o.state = 'sending' AND o.next_at = ? ORDER BY o.id", &st,
				     err))) {
		st_text(s, st, 1, claim_until);
		rc = read_entries(s, st, a, out, n, err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_outbox_record(struct cnap_store *s, const struct cnap_outbox_entry *e, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	if (!(rc = st_prepare(s, "UPDATE outbox SET state = ?, attempts = ?, next_at = ?, last_error = ?, "
				 "smtp_code = nullif(?, 0), subject = ?, body = coalesce(?, body), sent_at = ? WHERE id = ?",
			      &st, err))) {
		st_text(s, st, 1, cnap_outbox_state_name(e->state));
		st_int(s, st, 2, e->attempts);
		st_text(s, st, 3, e->next_at);
		st_text(s, st, 4, e->last_error);
		st_int(s, st, 5, e->smtp_code);
		st_text(s, st, 6, e->subject);
		st_text(s, st, 7, e->body);
		st_text(s, st, 8, e->sent_at);
		st_int(s, st, 9, e->id);
		rc = st_done(s, st, "outbox", err);
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_digest_pending(struct cnap_store *s, struct cnap_arena *a, struct cnap_mail_recipient **out,
					size_t *n, struct cnap_error *err)
{
	*out = NULL, *n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, RECIPIENT_COLUMNS "WHERE u.id IN (SELECT user_id FROM notifications WHERE mail = 'digest') "
					 "ORDER BY u.id",
				      &st, err);
	return rc ? rc : mail_read_recipients(s, st, a, out, n, err);
}

enum cnap_err cnap_store_digest_last(struct cnap_store *s, int64_t user_id, struct cnap_arena *a, const char **at,
				     struct cnap_error *err)
{
	return query_text(s, "SELECT max(created_at) FROM outbox WHERE user_id = ? AND event = 'digest'", user_id, a, at,
			  err);
}

enum cnap_err cnap_store_digest_make(struct cnap_store *s, const struct cnap_mail_recipient *r, const char *subject,
				     const char *vars, int64_t *outbox_id, size_t *count, struct cnap_error *err)
{
	*count = 0;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	struct cnap_stmt *st;
	const char *now = cnap_store_now(s);
	if (!(rc = st_prepare(s, "INSERT INTO outbox (user_id, to_addr, to_name, event, vars, link, subject, created_at, "
				 "state, next_at) VALUES (?, ?, ?, 'digest', ?, '/notifications', ?, ?, 'queued', ?)",
			      &st, err))) {
		st_int(s, st, 1, r->user_id);
		st_text(s, st, 2, r->email);
		st_text(s, st, 3, r->name);
		st_text(s, st, 4, vars);
		st_text(s, st, 5, subject);
		st_text(s, st, 6, now);
		st_text(s, st, 7, now);
		rc = st_done(s, st, "outbox", err);
	}
	if (!rc) {
		*outbox_id = s->drv->last_insert_id(s->db);
		if (!(rc = st_prepare(s, "UPDATE notifications SET mail = 'digested', outbox_id = ? WHERE user_id = ? AND mail = 'digest'",
				      &st, err))) {
			st_int(s, st, 1, *outbox_id);
			st_int(s, st, 2, r->user_id);
			if (!(rc = st_done(s, st, "notification", err)))
				*count = (size_t)s->drv->changes(s->db);
		}
	}
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_digest_notices(struct cnap_store *s, int64_t outbox_id, struct cnap_arena *a,
					struct cnap_notification **out, size_t *n, struct cnap_error *err)
{
	*out = NULL, *n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, NOTICE_COLUMNS "WHERE n.outbox_id = ? ORDER BY n.id", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, outbox_id);
	return mail_read_notices(s, st, a, out, n, err);
}
