/*
 * E-mail and in-app notices (issue 15): how a person takes mail, what the
 * outbox holds, a cycle's reminder plan and which of its steps is due.
 * Pure data and rules; the store keeps them, usecase/notify.h writes them.
 */
#ifndef CNAP_MODEL_MAIL_H
#define CNAP_MODEL_MAIL_H

#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a person takes mail: each notice at once, one digest a day, or none (the in-app list has them all). */
enum cnap_mail_mode { CNAP_MAIL_IMMEDIATE, CNAP_MAIL_DIGEST, CNAP_MAIL_OFF, CNAP_MAIL_MODE_COUNT };
const char *cnap_mail_mode_name(enum cnap_mail_mode m);     /* "digest" */
const char *cnap_mail_mode_label_ja(enum cnap_mail_mode m); /* 「1日1回まとめて受け取る」 */
bool cnap_mail_mode_parse(const char *s, enum cnap_mail_mode *out);

enum cnap_outbox_state {
	CNAP_OUTBOX_QUEUED,    /* waiting for its (next) try */
	CNAP_OUTBOX_SENDING,   /* a sender has taken it; back to queued if the sender dies */
	CNAP_OUTBOX_SENT,      /* the SMTP server accepted it */
	CNAP_OUTBOX_FAILED,    /* refused for good, or out of tries: until someone resends it */
	CNAP_OUTBOX_CANCELLED, /* the ball moved before it went */
	CNAP_OUTBOX_STATE_COUNT
};
const char *cnap_outbox_state_name(enum cnap_outbox_state st);     /* "failed" */
const char *cnap_outbox_state_label_ja(enum cnap_outbox_state st); /* 「送信失敗」 */
bool cnap_outbox_state_parse(const char *s, enum cnap_outbox_state *out);

/* One message of the outbox. Strings belong to the arena of the read that filled it. */
struct cnap_outbox_entry {
	int64_t id;
	const char *user_login; /* NULL: a test message */
	const char *user_name;
	const char *to_addr, *to_name;
	const char *event;      /* cnap_mail_event_name */
	int64_t question_id;    /* 0: none */
	const char *vars;       /* the template's values, a JSON object */
	const char *link;       /* path the message links to, or NULL */
	const char *subject;    /* as queued; as sent once sent */
	const char *body;       /* as sent, NULL before */
	const char *created_at;
	enum cnap_outbox_state state;
	int attempts;
	const char *next_at;
	const char *last_error; /* Japanese, with the server's own answer */
	int smtp_code;
	const char *sent_at;
};

/* What became of the mail of a notice. */
enum cnap_notice_mail {
	CNAP_NOTICE_NO_MAIL,   /* mail off, no address, or deactivated */
	CNAP_NOTICE_QUEUED,    /* its own message in the outbox */
	CNAP_NOTICE_DIGEST,    /* waits for the day's digest */
	CNAP_NOTICE_DIGESTED,  /* in a digest message */
	CNAP_NOTICE_CANCELLED, /* the ball moved before the mail went */
	CNAP_NOTICE_MAIL_COUNT
};
const char *cnap_notice_mail_name(enum cnap_notice_mail m);
bool cnap_notice_mail_parse(const char *s, enum cnap_notice_mail *out);

/* One in-app notice of one person. */
struct cnap_notification {
	int64_t id;
	const char *event;
	int64_t question_id;
	const char *title;
	const char *link;
	const char *vars;
	const char *created_at;
	const char *read_at; /* NULL: unread */
	enum cnap_notice_mail mail;
	int64_t outbox_id;
};

/*
 * A cycle's reminders of an answer deadline: the days before it a reminder
 * goes out (0: on the day), largest first, and every how many days once it
 * has passed (0: never).
 */
#define CNAP_REMINDER_MAX_STEPS 8
#define CNAP_REMINDER_MAX_DAYS 60
#define CNAP_REMINDER_MAX_OVERDUE_EVERY 30
struct cnap_reminder_plan {
	int days[CNAP_REMINDER_MAX_STEPS];
	size_t n;
	int overdue_every;
};
/* "7,2,0" (also with 、 or blanks, full-width digits, in any order; "" for none) into p->days, largest first. */
enum cnap_err cnap_reminder_days_parse(const char *s, struct cnap_reminder_plan *p, const char *field,
				       struct cnap_error *err);
/* p->days as "7,2,0", into out (at least 64 bytes). */
void cnap_reminder_days_format(const struct cnap_reminder_plan *p, char *out, size_t outsz);

/*
 * The reminder due for a deadline days_left days away (negative: passed),
 * the latest step reached: of "7,2,0" two days before, the one of 2 days
 * (not 7, which it was too late for); four days overdue with every 3, the
 * one of 3 days overdue. False when none is: before the first step, or
 * overdue with overdue_every 0. *overdue tells which kind, *days its days
 * (before, or past); key names the step ("b2", "o3") so that it is given once.
 */
bool cnap_reminder_due(const struct cnap_reminder_plan *p, int days_left, bool *overdue, int *days, char key[16]);

/* "2026-12-04" as 「2026年12月4日（金）」; false when it is not a date or out is too small (32 bytes do). */
bool cnap_date_label_ja(const char *ymd, char *out, size_t outsz);

/* Days from date a to date b ("YYYY-MM-DD" each): b − a; false when either is not a date. */
bool cnap_days_between(const char *a, const char *b, int *out);

#endif
