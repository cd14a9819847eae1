/*
 * The messages cnap sends (e-mail and in-app notices) for the events of the
 * question/answer workflow (issue 15): each event's subject and plain-text
 * body are a template with {{name}} placeholders, Japanese names between
 * double braces. The shipped defaults are templates/mail/<event>.txt,
 * compiled into the binary; the secretariat's edited ones are stored by the
 * store and checked here before they are.
 *
 * Pure: no I/O. Everything returned without an arena is static storage.
 */
#ifndef CNAP_MODEL_MAIL_TEMPLATE_H
#define CNAP_MODEL_MAIL_TEMPLATE_H

#include "base/arena.h"
#include "base/err.h"

/* Limits of an edited template, in code points. */
#define CNAP_MAIL_SUBJECT_MAX_CHARS 200
#define CNAP_MAIL_BODY_MAX_CHARS 20000
/* Limit of a rendered text in bytes (a digest's list is the large value). */
#define CNAP_MAIL_RENDER_MAX_BYTES ((size_t)8 * 1024 * 1024)

enum cnap_mail_event {
	CNAP_MAIL_EV_QUESTION_SENT,      /* to the association's users: a question was sent to them (with its deadline) */
	CNAP_MAIL_EV_QUESTION_SUBMITTED, /* to the secretariat: a reviewer submitted a question for approval */
	CNAP_MAIL_EV_ANSWER_SUBMITTED,   /* to the secretariat: the association submitted an answer */
	CNAP_MAIL_EV_ANSWER_RETURNED,    /* to the association's users: the secretariat returned the answer (with reason) */
	CNAP_MAIL_EV_ANSWER_ACCEPTED,    /* to the reviewer who asked: the answer was accepted */
	CNAP_MAIL_EV_REMINDER,           /* to the association: the deadline is N days away, or today */
	CNAP_MAIL_EV_OVERDUE,            /* to the association: the deadline passed N days ago */
	CNAP_MAIL_EV_DIGEST,             /* the daily digest: everything of the day for one user, in one message */
	CNAP_MAIL_EV_TEST,               /* cnap mail test --to: checks the configuration */
	CNAP_MAIL_EV_COUNT
};

/* "question_sent": stable, for file names, the CLI and the database. NULL for a value out of range. */
const char *cnap_mail_event_name(enum cnap_mail_event e);
/* 「質問の送付（団体あて）」: what the editor and the outbox call it. NULL for a value out of range. */
const char *cnap_mail_event_label_ja(enum cnap_mail_event e);
/* The event of a name as cnap_mail_event_name gives it; false (out untouched) for anything else, NULL too. */
bool cnap_mail_event_parse(const char *name, enum cnap_mail_event *out);

/*
 * One placeholder an event's template may use: its name as written between
 * {{ }}, what it holds (for the editor) and a made-up value for the preview.
 * multiline: its value may hold line breaks (the question, the answer, the
 * return reason, the digest's list), so it may not stand in a subject.
 */
struct cnap_mail_placeholder {
	const char *name;
	const char *description_ja;
	const char *sample;
	bool multiline;
};
/* The placeholders of event e (static storage), in the order the editor lists them; *n their number (0 and NULL out of range). */
const struct cnap_mail_placeholder *cnap_mail_event_placeholders(enum cnap_mail_event e, size_t *n);

/*
 * The shipped default of e (static, NUL-terminated): templates/mail/<name>.txt,
 * its first line 「件名：…」 the subject, after the empty line that follows the body.
 * Both "" for a value out of range. Safe to call from any thread.
 */
void cnap_mail_template_default(enum cnap_mail_event e, const char **subject, const char **body);

/*
 * Whether subject and body are a usable template for e:
 * - valid UTF-8, not empty nor blank;
 * - the subject one line of at most 200 characters, no control character;
 * - the body at most 20,000 characters, no control character but line
 *   feed and tab (CR too is refused: a form's CRLF is made LF before);
 * - every {{name}} (spaces around the name allowed) one of e's placeholders,
 *   closed on its own line, and in the subject none that is multiline.
 * CNAP_EINVAL or CNAP_ETOOBIG; err->where is "mail_template.subject" or
 * "mail_template.body", the message names the line and the placeholder:
 * 「本文 3行目：{{期日}} は使えません。使えるもの：{{宛先名}}、…」.
 */
enum cnap_err cnap_mail_template_check(enum cnap_mail_event e, const char *subject, const char *body,
				       struct cnap_error *err);

struct cnap_mail_var {
	const char *name;  /* as in the template, without the braces */
	const char *value; /* may be multi-line; NULL is the empty string */
};
/*
 * tmpl with every {{name}} replaced by its value from vars (n of them; the
 * first of a name counts). A name not in vars becomes the empty string (the
 * check keeps unknown names out of stored templates); a "{{" that does not
 * close on its line is kept as it is. Values are inserted as they are, never
 * read for placeholders again. The result (*out) is allocated in a.
 * CNAP_EINVAL for a NULL tmpl, CNAP_ETOOBIG past CNAP_MAIL_RENDER_MAX_BYTES,
 * CNAP_ENOMEM.
 *
 * The caller makes a rendered subject one line for its header: the check
 * keeps multiline placeholders out of it, not line breaks out of the values.
 */
enum cnap_err cnap_mail_template_render(const char *tmpl, const struct cnap_mail_var *vars, size_t n,
					struct cnap_arena *a, const char **out, struct cnap_error *err);

#endif
