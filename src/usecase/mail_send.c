/* Reminders, digests and the sending of the outbox (usecase/mail_send.h). */
#include "base/compat.h"
#include "base/isotime.h"
#include "mail/message.h"
#include "usecase/mail_send.h"
#include "usecase/mail_text.h"
#include "usecase/notify.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")
#define JST_OFFSET_S (9 * 3600)
/* How long a sender may hold the messages it took before another may take them again. */
#define CLAIM_SECONDS 600
/* Messages taken at a time, and at most per run (the next run goes on). */
#define CLAIM_BATCH 20
#define RUN_MAX 500

static time_t store_time(struct cnap_store *s)
{
	time_t t = 0;
	cnap_iso_parse(cnap_store_now(s), &t);
	return t;
}

/* The JST date and hour of t. */
static void jst(time_t t, char date[16], int *hour)
{
	time_t j = t + JST_OFFSET_S;
	struct tm tm;
	gmtime_r(&j, &tm);
	strftime(date, 16, "%Y-%m-%d", &tm);
	if (hour)
		*hour = tm.tm_hour;
}

static enum cnap_err make_digests(struct cnap_store *s, time_t now, int digest_hour, size_t *made,
				  struct cnap_error *err)
{
	char today[16];
	int hour;
	jst(now, today, &hour);
	if (hour < digest_hour)
		return CNAP_OK;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_recipient *rs;
	size_t n;
	enum cnap_err rc = cnap_store_digest_pending(s, &a, &rs, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		const char *last;
		if ((rc = cnap_store_digest_last(s, rs[i].user_id, &a, &last, err)))
			break;
		time_t lt;
		char last_day[16];
		if (last && cnap_iso_parse(last, &lt) && (jst(lt, last_day, NULL), strcmp(last_day, today) == 0))
			continue; /* one a day */
		if (!rs[i].email || !*rs[i].email)
			continue;
		struct cnap_mail_text t = { .ev = CNAP_MAIL_EV_DIGEST, .link = "/notifications" };
		const char *vars, *subject;
		int64_t id;
		size_t count;
		if ((rc = cnap_mail_text_set(&t, "システム名", CNAP_MAIL_SYSTEM_NAME, err)) ||
		    (rc = cnap_mail_text_recipient(&t, rs[i].name, &a, err)) ||
		    (rc = cnap_mail_text_json(&t, &a, &vars, err)) || (rc = cnap_mail_text_subject(s, &t, &a, &subject, err)))
			break;
		cnap_store_set_actor(s, "cnap:digest");
		if ((rc = cnap_store_begin(s, err)))
			break;
		rc = cnap_store_finish(s, cnap_store_digest_make(s, &rs[i], subject, vars, &id, &count, err), err);
		if (!rc)
			(*made)++;
	}
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_mail_prepare(struct cnap_store *s, int digest_hour, struct cnap_mail_run_stats *st,
				   struct cnap_error *err)
{
	memset(st, 0, sizeof(*st));
	time_t now = store_time(s);
	char today[16];
	jst(now, today, NULL);
	enum cnap_err rc = cnap_notify_reminders(s, today, &st->reminders, err);
	return rc ? rc : make_digests(s, now, digest_hour, &st->digests, err);
}

/* The wait before try number attempts + 1: retry_first doubled for each try made, at most retry_max. */
static long backoff(const struct cnap_mail_config *cfg, int attempts)
{
	long wait = cfg->retry_first_s;
	for (int i = 1; i < attempts && wait < cfg->retry_max_s; i++)
		wait *= 2;
	return wait < cfg->retry_max_s ? wait : cfg->retry_max_s;
}

/*
 * The message's Message-ID, unique beyond this database: a database restored from a backup hands out
 * again the outbox ids of messages sent after that backup, and a mail system may drop a message whose
 * Message-ID it has seen before, so the row's creation time is part of it. A resend keeps it (the same
 * message). The right side is the sender's domain: the whole address could make it too long.
 */
static const char *message_id(const struct cnap_outbox_entry *e, const char *from_addr, struct cnap_arena *a)
{
	char stamp[32];
	size_t n = 0;
	for (const char *p = e->created_at ? e->created_at : ""; *p && n + 1 < sizeof(stamp); p++)
		if (*p >= '0' && *p <= '9')
			stamp[n++] = *p;
	stamp[n] = '\0';
	const char *at = strrchr(from_addr, '@');
	return cnap_arena_printf(a, "cnap.outbox.%lld.%s@%s", (long long)e->id, stamp, at ? at + 1 : "cnap.invalid");
}

/* One message through c: rendered, composed, sent; what happened written back in e (not yet stored). */
static enum cnap_err send_one(struct cnap_store *s, const struct cnap_mail_config *cfg, struct cnap_smtp *c,
			      struct cnap_outbox_entry *e, time_t now, struct cnap_arena *a, struct cnap_error *err)
{
	const char *subject, *body;
	struct cnap_mail_result res = { 0 };
	struct cnap_error why = { 0 };
	enum cnap_err rc = cnap_mail_entry_render(s, e, cfg->base_url, a, &subject, &body, &why);
	struct cnap_buf msg;
	cnap_buf_init(&msg, 1 << 20);
	if (!rc) {
		const char *id = message_id(e, cfg->from_addr, a);
		struct cnap_mail_message m = {
			.from_addr = cfg->from_addr, .from_name = cfg->from_name, .to_addr = e->to_addr,
			.to_name = e->to_name, .subject = subject, .body = body, .date = now,
			.message_id = id ? id : "cnap.outbox",
		};
		rc = cnap_mail_compose(&m, &msg, &why);
	}
	if (rc == CNAP_ENOMEM) {
		cnap_buf_release(&msg);
		return cnap_fail(err, rc, why.where, "%s", why.message);
	}
	e->attempts++;
	if (!rc && (rc = cnap_smtp_send(c, e->to_addr, msg.data, msg.len, &res, err))) {
		cnap_buf_release(&msg);
		return rc;
	}
	cnap_buf_release(&msg);
	char at[32];
	cnap_iso_format(now, at);
	const char *now_s = cnap_arena_strdup(a, at);
	if (rc) { /* the message itself cannot be made: no try will do better */
		e->state = CNAP_OUTBOX_FAILED;
		e->last_error = cnap_arena_printf(a, "メールを作れません：%s", why.message);
		e->smtp_code = 0;
		e->next_at = now_s;
		return CNAP_OK;
	}
	e->smtp_code = (int)res.smtp_code;
	if (res.outcome == CNAP_MAIL_SENT) {
		e->state = CNAP_OUTBOX_SENT;
		e->subject = subject;
		e->body = body;
		e->sent_at = now_s;
		e->last_error = NULL;
		e->next_at = now_s;
	} else if (res.outcome == CNAP_MAIL_RETRY && e->attempts < cfg->max_attempts) {
		char next[32];
		cnap_iso_format(now + backoff(cfg, e->attempts), next);
		e->state = CNAP_OUTBOX_QUEUED;
		e->next_at = cnap_arena_strdup(a, next);
		e->last_error = cnap_arena_strdup(a, res.detail);
	} else {
		e->state = CNAP_OUTBOX_FAILED;
		e->next_at = now_s;
		e->last_error = res.outcome == CNAP_MAIL_RETRY
					? cnap_arena_printf(a, "%s（%d回試みましたが送れませんでした）", res.detail, e->attempts)
					: cnap_arena_strdup(a, res.detail);
	}
	return e->next_at && (e->last_error || e->state == CNAP_OUTBOX_SENT) ? CNAP_OK : OOM(err);
}

enum cnap_err cnap_uc_mail_run(struct cnap_store *s, const struct cnap_mail_config *cfg,
			       struct cnap_mail_run_stats *st, struct cnap_error *err)
{
	enum cnap_err rc = cnap_uc_mail_prepare(s, cfg->digest_hour, st, err);
	if (rc)
		return rc;
	static unsigned long claims;
	struct cnap_smtp *c = NULL;
	size_t done = 0;
	while (!rc && done < RUN_MAX) {
		struct cnap_arena a;
		cnap_arena_init(&a);
		time_t now = store_time(s);
		char at[32], until[32];
		cnap_iso_format(now, at);
		cnap_iso_format(now + CLAIM_SECONDS, until);
		/* a claim of its own: another sender's rows never read as ours */
		const char *claim = cnap_arena_printf(&a, "%s#%ld.%lu", until, (long)getpid(), ++claims);
		struct cnap_outbox_entry *es;
		size_t n = 0;
		if (!claim)
			rc = OOM(err);
		if (!rc)
			rc = cnap_store_outbox_claim(s, at, claim, CLAIM_BATCH, &a, &es, &n, err);
		if (!rc && n && !c)
			rc = cnap_smtp_open(cfg, &c, err);
		for (size_t i = 0; !rc && i < n; i++, done++) {
			if ((rc = send_one(s, cfg, c, &es[i], now, &a, err)))
				break;
			cnap_store_set_actor(s, "cnap:mail");
			if (!(rc = cnap_store_begin(s, err)))
				rc = cnap_store_finish(s, cnap_store_outbox_record(s, &es[i], err), err);
			st->sent += es[i].state == CNAP_OUTBOX_SENT;
			st->retried += es[i].state == CNAP_OUTBOX_QUEUED;
			st->failed += es[i].state == CNAP_OUTBOX_FAILED;
		}
		cnap_arena_release(&a);
		if (!n)
			break;
	}
	cnap_smtp_close(c);
	return rc;
}

enum cnap_err cnap_uc_mail_test(struct cnap_store *s, const struct cnap_actor *actor,
				const struct cnap_mail_config *cfg, const char *to, struct cnap_mail_result *res,
				int64_t *id, struct cnap_error *err)
{
	memset(res, 0, sizeof(*res));
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_MAIL_ADMIN, NULL, NULL, err);
	if (rc || (rc = cnap_check_email(to, "mail.to", err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_text t = { .ev = CNAP_MAIL_EV_TEST, .link = "/" };
	const char *vars, *subject;
	if (!(rc = cnap_mail_text_set(&t, "システム名", CNAP_MAIL_SYSTEM_NAME, err)) &&
	    !(rc = cnap_mail_text_recipient(&t, to, &a, err)) && !(rc = cnap_mail_text_json(&t, &a, &vars, err)) &&
	    !(rc = cnap_mail_text_subject(s, &t, &a, &subject, err))) {
		cnap_store_set_actor(s, actor->login);
		if (!(rc = cnap_store_begin(s, err)))
			rc = cnap_store_finish(s, cnap_store_outbox_add(s, to, "test", subject, vars, id, err), err);
	}
	struct cnap_outbox_entry e;
	struct cnap_smtp *c = NULL;
	if (!rc && !(rc = cnap_store_outbox_get(s, *id, &a, &e, err)) && !(rc = cnap_smtp_open(cfg, &c, err)) &&
	    !(rc = send_one(s, cfg, c, &e, store_time(s), &a, err))) {
		snprintf(res->detail, sizeof(res->detail), "%s", e.last_error ? e.last_error : "");
		res->smtp_code = e.smtp_code;
		res->outcome = e.state == CNAP_OUTBOX_SENT ? CNAP_MAIL_SENT
			       : e.state == CNAP_OUTBOX_QUEUED ? CNAP_MAIL_RETRY
							       : CNAP_MAIL_REJECTED;
		cnap_store_set_actor(s, actor->login);
		if (!(rc = cnap_store_begin(s, err)))
			rc = cnap_store_finish(s, cnap_store_outbox_record(s, &e, err), err);
	}
	cnap_smtp_close(c);
	cnap_arena_release(&a);
	return rc;
}
