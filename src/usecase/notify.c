/* Who is told of a question's move, and the reminders of its deadline (usecase/notify.h). */
#include "base/compat.h"
#include "base/isotime.h"
#include "base/jpfmt.h"
#include "model/mail_template.h"
#include "store/mail_store.h"
#include "usecase/accounts.h"
#include "usecase/mail_text.h"
#include "usecase/notify.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* Who has to act on a question in each state, and so which mail still matters once it is there. */
static bool event_concerns(enum cnap_mail_event ev, enum cnap_qstatus st)
{
	switch (ev) {
	case CNAP_MAIL_EV_QUESTION_SENT:
	case CNAP_MAIL_EV_ANSWER_RETURNED:
	case CNAP_MAIL_EV_REMINDER:
	case CNAP_MAIL_EV_OVERDUE:
		return st == CNAP_Q_SENT;
	case CNAP_MAIL_EV_QUESTION_SUBMITTED:
		return st == CNAP_Q_SUBMITTED;
	case CNAP_MAIL_EV_ANSWER_SUBMITTED:
		return st == CNAP_Q_ANSWERED;
	case CNAP_MAIL_EV_ANSWER_ACCEPTED:
		return true; /* news for the reviewer, not a task: it stays whatever comes next */
	default:
		return false;
	}
}

static enum cnap_err cancel_stale(struct cnap_store *s, int64_t qid, enum cnap_qstatus st, bool keep_reminders,
				  struct cnap_error *err)
{
	const char *keep[CNAP_MAIL_EV_COUNT];
	size_t n = 0, cancelled;
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		bool reminder = e == CNAP_MAIL_EV_REMINDER || e == CNAP_MAIL_EV_OVERDUE;
		if (event_concerns((enum cnap_mail_event)e, st) && (keep_reminders || !reminder))
			keep[n++] = cnap_mail_event_name((enum cnap_mail_event)e);
	}
	return cnap_store_mail_cancel_stale(s, qid, keep, n, &cancelled, err);
}

/* The recipient as an actor, for the policy's word on what they may see (*yes); an error only when it cannot be asked. */
static enum cnap_err may_see(struct cnap_store *s, const struct cnap_mail_recipient *r, const struct cnap_question *q,
			     struct cnap_arena *a, bool *yes, struct cnap_error *err)
{
	struct cnap_actor who;
	enum cnap_err rc = cnap_uc_actor_load(s, r->login, a, &who, err);
	*yes = !rc && cnap_policy_question_visible(&who, q);
	/* someone who cannot act (deactivated meanwhile) is not told; a failure to find out is the change's failure */
	return rc == CNAP_ENOMEM || rc == CNAP_EDB || rc == CNAP_EBUSY ? rc : CNAP_OK;
}

static enum cnap_notice_mail mail_for(const struct cnap_mail_recipient *r)
{
	if (!r->email || !*r->email || r->mode == CNAP_MAIL_OFF)
		return CNAP_NOTICE_NO_MAIL;
	return r->mode == CNAP_MAIL_DIGEST ? CNAP_NOTICE_DIGEST : CNAP_NOTICE_QUEUED;
}

/* One notice of ev about q to each of rs the policy lets see q, but never the actor. */
static enum cnap_err tell(struct cnap_store *s, const char *actor_login, enum cnap_mail_event ev,
			  const struct cnap_question *q, struct cnap_mail_text *t, const struct cnap_mail_recipient *rs,
			  size_t n, const char *reminder_key, size_t *made, struct cnap_arena *a, struct cnap_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct cnap_mail_recipient *r = &rs[i];
		if (actor_login && strcmp(actor_login, r->login) == 0)
			continue;
		bool sees;
		enum cnap_err rc = may_see(s, r, q, a, &sees, err);
		if (rc)
			return rc;
		if (!sees)
			continue;
		const char *vars, *title;
		if ((rc = cnap_mail_text_recipient(t, r->name, a, err)) || (rc = cnap_mail_text_json(t, a, &vars, err)) ||
		    (rc = cnap_mail_text_subject(s, t, a, &title, err)))
			return rc;
		struct cnap_notice_new nn = {
			.user_id = r->user_id, .event = cnap_mail_event_name(ev), .question_id = q->id, .title = title,
			.link = t->link, .vars = vars, .reminder_key = reminder_key, .mail = mail_for(r),
			.to_addr = r->email, .to_name = r->name,
		};
		bool created;
		int64_t seen;
		/* a reminder already given stays as it was; a new one replaces the older ones not yet mailed */
		if (reminder_key &&
		    (rc = cnap_store_notice_seen(s, r->user_id, reminder_key, &seen, err)) != CNAP_ENOTFOUND) {
			if (rc)
				return rc;
			continue;
		}
		if ((reminder_key && (rc = cnap_store_mail_supersede(s, q->id, r->user_id, err))) ||
		    (rc = cnap_store_notice_add(s, &nn, &created, err)))
			return rc;
		if (created && made)
			(*made)++;
	}
	return CNAP_OK;
}

enum cnap_err cnap_notify_question_moved(struct cnap_store *s, const struct cnap_actor *actor,
					 const struct cnap_question *q, enum cnap_qstatus from, const char *comment,
					 struct cnap_error *err)
{
	enum cnap_qstatus to = q->status;
	enum cnap_err rc = cancel_stale(s, q->id, to, true, err);
	if (rc)
		return rc;
	enum cnap_mail_event ev;
	if (from == CNAP_Q_DRAFT && to == CNAP_Q_SUBMITTED)
		ev = CNAP_MAIL_EV_QUESTION_SUBMITTED;
	else if (from == CNAP_Q_APPROVED && to == CNAP_Q_SENT)
		ev = CNAP_MAIL_EV_QUESTION_SENT;
	else if (from == CNAP_Q_ANSWERED && to == CNAP_Q_SENT)
		ev = CNAP_MAIL_EV_ANSWER_RETURNED;
	else if (from == CNAP_Q_SENT && to == CNAP_Q_ANSWERED)
		ev = CNAP_MAIL_EV_ANSWER_SUBMITTED;
	else if (from == CNAP_Q_ANSWERED && to == CNAP_Q_ACCEPTED)
		ev = CNAP_MAIL_EV_ANSWER_ACCEPTED;
	else
		return CNAP_OK; /* no one new has to act */
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_text t;
	struct cnap_mail_recipient *rs = NULL, one;
	size_t n = 0;
	bool active = false;
	if (!(rc = cnap_mail_text_question(s, ev, q, comment, &a, &t, err))) {
		switch (ev) {
		case CNAP_MAIL_EV_QUESTION_SENT:
		case CNAP_MAIL_EV_ANSWER_RETURNED:
			rc = cnap_store_association_recipients(s, q->association_code, &a, &rs, &n, err);
			break;
		case CNAP_MAIL_EV_ANSWER_ACCEPTED:
			/* the reviewer who asked; a question the secretariat filed itself has no one to tell */
			if (q->author && !(rc = cnap_store_user_recipient(s, q->author, &a, &one, &active, err)) && active)
				rs = &one, n = 1;
			if (rc == CNAP_ENOTFOUND)
				rc = CNAP_OK;
			break;
		default:
			rc = cnap_store_secretariat_recipients(s, &a, &rs, &n, err);
		}
	}
	if (!rc)
		rc = tell(s, actor->system ? NULL : actor->login, ev, q, &t, rs, n, NULL, NULL, &a, err);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_notify_deadline_changed(struct cnap_store *s, const struct cnap_question *q,
					   struct cnap_error *err)
{
	return q->status == CNAP_Q_SENT ? cancel_stale(s, q->id, q->status, false, err) : CNAP_OK;
}

/* Whether the UTC time iso falls on the JST date day. */
static bool jst_date_is(const char *iso, const char *day)
{
	time_t t;
	if (!cnap_iso_parse(iso, &t))
		return false;
	t += 9 * 3600;
	struct tm tm;
	char d[16];
	gmtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	return strcmp(d, day) == 0;
}

enum cnap_err cnap_notify_reminders(struct cnap_store *s, const char *today, size_t *made, struct cnap_error *err)
{
	*made = 0;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_reminder_candidate *cs;
	size_t nc;
	cnap_store_set_actor(s, "cnap:reminders");
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	rc = cnap_store_reminder_candidates(s, &a, &cs, &nc, err);
	for (size_t i = 0; !rc && i < nc; i++) {
		int left;
		bool overdue;
		int days;
		char step[16];
		if (!cnap_days_between(today, cs[i].due_on, &left) ||
		    !cnap_reminder_due(&cs[i].plan, left, &overdue, &days, step))
			continue;
		/* handed over today: that notice gave the deadline, a reminder beside it would only repeat it */
		const char *handed;
		if ((rc = cnap_store_question_handed_at(s, cs[i].question_id, &a, &handed, err)))
			break;
		if (handed && jst_date_is(handed, today))
			continue;
		struct cnap_question q;
		struct cnap_mail_recipient *rs;
		size_t n;
		struct cnap_mail_text t;
		enum cnap_mail_event ev = overdue ? CNAP_MAIL_EV_OVERDUE : CNAP_MAIL_EV_REMINDER;
		const char *key = cnap_arena_printf(&a, "q%lld:%s:%s", (long long)cs[i].question_id, cs[i].due_on, step);
		if (!key) {
			rc = OOM(err);
			break;
		}
		if ((rc = cnap_store_question_get(s, cs[i].question_id, &a, &q, err)) ||
		    (rc = cnap_mail_text_question(s, ev, &q, NULL, &a, &t, err)) ||
		    (rc = cnap_mail_text_days(&t, overdue, overdue ? -left : left, &a, err)) ||
		    (rc = cnap_store_association_recipients(s, q.association_code, &a, &rs, &n, err)))
			break;
		rc = tell(s, NULL, ev, &q, &t, rs, n, key, made, &a, err);
	}
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
