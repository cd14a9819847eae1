/* The outbox, templates, reminder plans, notices and mail modes as people use them (usecase/mail.h). */
#include "base/compat.h"
#include "base/buf.h"
#include "usecase/mail.h"
#include "usecase/mail_send.h"
#include "usecase/mail_text.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static enum cnap_err may_admin(const struct cnap_actor *actor, struct cnap_error *err)
{
	return cnap_policy_check_scope(actor, CNAP_ACT_MAIL_ADMIN, NULL, NULL, err);
}

/* A change of one's own, in a transaction with the actor named in its audit record. */
#define WRITE(s, actor, call)                                      \
	do {                                                       \
		cnap_store_set_actor((s), (actor)->login);         \
		enum cnap_err rc_ = cnap_store_begin((s), err);    \
		if (rc_)                                           \
			return rc_;                                \
		return cnap_store_finish((s), (call), err);        \
	} while (0)

enum cnap_err cnap_uc_outbox_list(struct cnap_store *s, const struct cnap_actor *actor, int state, size_t limit,
				  size_t offset, struct cnap_arena *a, struct cnap_uc_outbox *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = may_admin(actor, err);
	if (rc || (rc = cnap_store_read_begin(s, err)))
		return rc;
	if (!(rc = cnap_store_outbox_counts(s, out->counts, err)))
		rc = cnap_store_outbox_list(s, state, limit, offset, a, &out->entries, &out->n, &out->total, err);
	cnap_store_read_end(s);
	return rc;
}

/* The digest's list of notices ({{一覧}}): each one's title and its link. */
static enum cnap_err digest_list(struct cnap_store *s, int64_t outbox_id, const char *base_url, struct cnap_arena *a,
				 struct cnap_mail_text *t, struct cnap_error *err)
{
	struct cnap_notification *ns;
	size_t n;
	enum cnap_err rc = cnap_store_digest_notices(s, outbox_id, a, &ns, &n, err);
	if (rc)
		return rc;
	struct cnap_buf b;
	cnap_buf_init(&b, 1 << 20);
	for (size_t i = 0; i < n; i++)
		cnap_buf_addf(&b, "%s■ %s\n%s%s\n", i ? "\n" : "", ns[i].title, base_url ? base_url : "",
			      ns[i].link ? ns[i].link : "/notifications");
	char *list = cnap_buf_detach(&b, NULL);
	const char *kept = list ? cnap_arena_strdup(a, list) : NULL;
	free(list);
	if (!kept)
		return OOM(err);
	if ((rc = cnap_mail_text_set(t, "一覧", kept, err)))
		return rc;
	return cnap_mail_text_set(t, "件数", cnap_arena_printf(a, "%zu", n), err);
}

enum cnap_err cnap_mail_entry_render(struct cnap_store *s, const struct cnap_outbox_entry *e, const char *base_url,
				     struct cnap_arena *a, const char **subject, const char **body,
				     struct cnap_error *err)
{
	enum cnap_mail_event ev;
	if (!cnap_mail_event_parse(e->event, &ev))
		return cnap_fail(err, CNAP_EFORMAT, "outbox.event", "メール %lld の種類「%s」が分かりません", (long long)e->id,
				 e->event);
	struct cnap_mail_text t;
	enum cnap_err rc = cnap_mail_text_from_json(ev, e->vars, e->link, a, &t, err);
	if (!rc && ev == CNAP_MAIL_EV_DIGEST)
		rc = digest_list(s, e->id, base_url, a, &t, err);
	return rc ? rc : cnap_mail_text_render(s, &t, base_url, a, subject, body, err);
}

enum cnap_err cnap_uc_outbox_show(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *base_url, struct cnap_arena *a, struct cnap_outbox_entry *out,
				  struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (rc || (rc = cnap_store_read_begin(s, err)))
		return rc;
	if (!(rc = cnap_store_outbox_get(s, id, a, out, err)) && !out->body)
		rc = cnap_mail_entry_render(s, out, base_url, a, &out->subject, &out->body, err);
	cnap_store_read_end(s);
	return rc;
}

enum cnap_err cnap_uc_outbox_resend(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (rc)
		return rc;
	WRITE(s, actor, cnap_store_outbox_resend(s, id, err));
}

static enum cnap_err template_of(struct cnap_store *s, enum cnap_mail_event ev, struct cnap_arena *a,
				 struct cnap_uc_mail_template *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->event = ev;
	out->label = cnap_mail_event_label_ja(ev);
	out->placeholders = cnap_mail_event_placeholders(ev, &out->n_placeholders);
	enum cnap_err rc = cnap_store_mail_template_get(s, cnap_mail_event_name(ev), a, &out->subject, &out->body,
							&out->updated_at, &out->updated_by, &out->edited, err);
	if (!rc && !out->edited)
		cnap_mail_template_default(ev, &out->subject, &out->body);
	return rc;
}

enum cnap_err cnap_uc_mail_templates(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				     struct cnap_uc_mail_template out[CNAP_MAIL_EV_COUNT], struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	for (int e = 0; !rc && e < CNAP_MAIL_EV_COUNT; e++)
		rc = template_of(s, (enum cnap_mail_event)e, a, &out[e], err);
	return rc;
}

enum cnap_err cnap_uc_mail_template_get(struct cnap_store *s, const struct cnap_actor *actor,
					enum cnap_mail_event ev, struct cnap_arena *a, struct cnap_uc_mail_template *out,
					struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (!rc && (unsigned)ev >= CNAP_MAIL_EV_COUNT)
		rc = cnap_fail(err, CNAP_ENOTFOUND, "mail_template.event", "そのメールの種類はありません");
	return rc ? rc : template_of(s, ev, a, out, err);
}

enum cnap_err cnap_uc_mail_template_set(struct cnap_store *s, const struct cnap_actor *actor, enum cnap_mail_event ev,
					const char *subject, const char *body, struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (rc || (rc = cnap_mail_template_check(ev, subject ? subject : "", body ? body : "", err)))
		return rc;
	WRITE(s, actor, cnap_store_mail_template_set(s, cnap_mail_event_name(ev), subject, body, err));
}

enum cnap_err cnap_uc_mail_template_reset(struct cnap_store *s, const struct cnap_actor *actor,
					  enum cnap_mail_event ev, struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (rc)
		return rc;
	WRITE(s, actor, cnap_store_mail_template_reset(s, cnap_mail_event_name(ev), err));
}

enum cnap_err cnap_uc_mail_template_preview(const struct cnap_actor *actor, enum cnap_mail_event ev,
					    const char *subject, const char *body, const char *base_url,
					    struct cnap_arena *a, const char **subject_out, const char **body_out,
					    struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	if (rc || (rc = cnap_mail_template_check(ev, subject ? subject : "", body ? body : "", err)))
		return rc;
	size_t n;
	const struct cnap_mail_placeholder *ph = cnap_mail_event_placeholders(ev, &n);
	struct cnap_mail_text t = { .ev = ev };
	for (size_t i = 0; !rc && i < n; i++) {
		const char *v = ph[i].sample;
		if (strcmp(ph[i].name, "リンク") == 0 && base_url)
			v = cnap_arena_printf(a, "%s/q/1", base_url);
		rc = cnap_mail_text_set(&t, ph[i].name, v, err);
	}
	if (!rc)
		rc = cnap_mail_template_render(subject, t.vars, t.n, a, subject_out, err);
	return rc ? rc : cnap_mail_template_render(body, t.vars, t.n, a, body_out, err);
}

enum cnap_err cnap_uc_reminder_plan_get(struct cnap_store *s, const struct cnap_actor *actor, int year,
					struct cnap_reminder_plan *out, struct cnap_error *err)
{
	enum cnap_err rc = may_admin(actor, err);
	return rc ? rc : cnap_store_reminder_plan_get(s, year, out, err);
}

enum cnap_err cnap_uc_reminder_plan_set(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *days, int overdue_every, struct cnap_error *err)
{
	struct cnap_reminder_plan p;
	enum cnap_err rc = may_admin(actor, err);
	if (rc || (rc = cnap_reminder_days_parse(days, &p, "reminders.days", err)))
		return rc;
	if (overdue_every < 0 || overdue_every > CNAP_REMINDER_MAX_OVERDUE_EVERY)
		return cnap_fail(err, CNAP_EINVAL, "reminders.overdue_every",
				 "期限後の督促の間隔は0（しない）から%d日までで入力してください", CNAP_REMINDER_MAX_OVERDUE_EVERY);
	p.overdue_every = overdue_every;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle c;
	if (!(rc = cnap_store_cycle_get(s, year, &a, &c, err)))
		rc = cnap_policy_cycle_allows(&c, CNAP_ACT_MAIL_ADMIN, err);
	cnap_arena_release(&a);
	if (rc)
		return rc;
	WRITE(s, actor, cnap_store_reminder_plan_set(s, year, &p, err));
}

static enum cnap_err may_own(const struct cnap_actor *actor, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_NOTICE_OWN, NULL, NULL, err);
	if (!rc && actor->system)
		rc = cnap_fail(err, CNAP_EINVAL, "--as", "お知らせはユーザーごとのものです。--as でユーザーを指定してください");
	return rc;
}

enum cnap_err cnap_uc_notifications(struct cnap_store *s, const struct cnap_actor *actor, size_t limit,
				    struct cnap_arena *a, struct cnap_notification **out, size_t *n, size_t *unread,
				    struct cnap_error *err)
{
	*out = NULL, *n = 0, *unread = 0;
	enum cnap_err rc = may_own(actor, err);
	return rc ? rc : cnap_store_notifications(s, actor->login, limit, a, out, n, unread, err);
}

enum cnap_err cnap_uc_unread_count(struct cnap_store *s, const struct cnap_actor *actor, size_t *unread,
				   struct cnap_error *err)
{
	*unread = 0;
	enum cnap_err rc = may_own(actor, err);
	return rc ? rc : cnap_store_unread_count(s, actor->login, unread, err);
}

enum cnap_err cnap_uc_notification_read(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					struct cnap_error *err)
{
	enum cnap_err rc = may_own(actor, err);
	if (rc)
		return rc;
	WRITE(s, actor, cnap_store_notification_read(s, actor->login, id, err));
}

enum cnap_err cnap_uc_notification_open(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					struct cnap_arena *a, struct cnap_notification *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = may_own(actor, err);
	if (rc || id < 1)
		return rc ? rc : cnap_fail(err, CNAP_ENOTFOUND, "notification.id", "そのお知らせはありません");
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	rc = cnap_store_notification_read(s, actor->login, id, err);
	if (!rc)
		rc = cnap_store_notification_get(s, actor->login, id, a, out, err);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_mail_me(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
			      struct cnap_mail_recipient *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	bool active;
	enum cnap_err rc = may_own(actor, err);
	return rc ? rc : cnap_store_user_recipient(s, actor->login, a, out, &active, err);
}

enum cnap_err cnap_uc_mail_mode_set(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				    enum cnap_mail_mode mode, struct cnap_error *err)
{
	bool own = actor->login && login && strcmp(actor->login, login) == 0 && !actor->system;
	enum cnap_err rc = own ? may_own(actor, err) : cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (rc)
		return rc;
	if ((unsigned)mode >= CNAP_MAIL_MODE_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "user.mail_mode", "メールの受け取り方は「その都度」「1日1回まとめて」「受け取らない」のどれかです");
	WRITE(s, actor, cnap_store_user_mail_mode_set(s, login, mode, err));
}
