/*
 * The words of one message (issue 15): the values an event's template takes
 * ({{団体名}}, {{回答期限}}, …) gathered from a question, kept with the notice
 * and its outbox entry as JSON, and rendered with the template in force (the
 * secretariat's own, else the shipped one) when the message is shown or sent.
 * Strings live in the arena passed.
 */
#ifndef CNAP_USECASE_MAIL_TEXT_H
#define CNAP_USECASE_MAIL_TEXT_H

#include "model/mail_template.h"
#include "store/store.h"

#define CNAP_MAIL_TEXT_MAX_VARS 24
/* The system's name in every message ({{システム名}}). */
#define CNAP_MAIL_SYSTEM_NAME "カーボンニュートラル行動計画フォローアップ"

struct cnap_mail_text {
	enum cnap_mail_event ev;
	struct cnap_mail_var vars[CNAP_MAIL_TEXT_MAX_VARS];
	size_t n;
	const char *link; /* path of what the message is about ("/q/12"), or NULL */
};

/* Set (or replace) one value. */
enum cnap_err cnap_mail_text_set(struct cnap_mail_text *t, const char *name, const char *value, struct cnap_error *err);
/* The values of ev about q (comment: a return's reason), everything but {{宛先名}} and {{リンク}}. */
enum cnap_err cnap_mail_text_question(struct cnap_store *s, enum cnap_mail_event ev, const struct cnap_question *q,
				      const char *comment, struct cnap_arena *a, struct cnap_mail_text *out,
				      struct cnap_error *err);
/* A reminder's 「あと2日」/「本日」, or an overdue one's 「3日」. */
enum cnap_err cnap_mail_text_days(struct cnap_mail_text *t, bool overdue, int days, struct cnap_arena *a,
				  struct cnap_error *err);
enum cnap_err cnap_mail_text_recipient(struct cnap_mail_text *t, const char *name, struct cnap_arena *a,
				       struct cnap_error *err);
/* The values as a JSON object (keys sorted: the same values, the same bytes), and back. */
enum cnap_err cnap_mail_text_json(const struct cnap_mail_text *t, struct cnap_arena *a, const char **out,
				  struct cnap_error *err);
enum cnap_err cnap_mail_text_from_json(enum cnap_mail_event ev, const char *json, const char *link, struct cnap_arena *a,
				       struct cnap_mail_text *out, struct cnap_error *err);

/* The template in force for ev: the secretariat's (*edited) or the shipped one. */
enum cnap_err cnap_mail_template_in_force(struct cnap_store *s, enum cnap_mail_event ev, struct cnap_arena *a,
					  const char **subject, const char **body, bool *edited, struct cnap_error *err);
/* The subject with the template in force ({{リンク}} as the bare path). */
enum cnap_err cnap_mail_text_subject(struct cnap_store *s, const struct cnap_mail_text *t, struct cnap_arena *a,
				     const char **out, struct cnap_error *err);
/* Subject and body with the template in force, {{リンク}} as base_url followed by the path. */
enum cnap_err cnap_mail_text_render(struct cnap_store *s, const struct cnap_mail_text *t, const char *base_url,
				    struct cnap_arena *a, const char **subject, const char **body, struct cnap_error *err);

#endif
