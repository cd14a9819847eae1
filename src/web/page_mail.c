/*
 * メール (/admin/mail, issue 15): the outbox by state, 20 a page, with the
 * server's answer beside each failure and 「再送する」; where mail goes (or
 * that this server sends none); a test message sent at once; the reminders
 * of the cycle looked at (?cycle=). One message: /admin/mail/:id.
 * Who may is the use case's (CNAP_ACT_MAIL_ADMIN).
 */
#include "base/compat.h"
#include "base/isotime.h"
#include "usecase/mail_send.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#define OUTBOX_PAGE 20

/* "mail.example.jp:587" of smtp://user@mail.example.jp:587/x: no scheme, no user, no path. */
static const char *server_of(struct cnap_arena *a, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t n = strcspn(p, "/?#");
	for (size_t i = n; i-- > 0;)
		if (p[i] == '@') {
			p += i + 1, n -= i + 1;
			break;
		}
	return cnap_arena_strndup(a, p, n);
}

/* 「09:30」 for a time today (JST), else the date with it. */
static const char *next_label(struct web_req *req, const char *iso)
{
	time_t t;
	char today[16];
	if (!iso || !cnap_iso_parse(iso, &t))
		return iso;
	web_today_jst(today);
	time_t j = t + 9 * 3600;
	struct tm tm;
	gmtime_r(&j, &tm);
	char day[16];
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	return strcmp(day, today) == 0 ? web_clock_label(req->arena, t) : web_date_label(req->arena, iso);
}

static const char *event_label(const char *name)
{
	enum cnap_mail_event ev;
	return cnap_mail_event_parse(name, &ev) ? cnap_mail_event_label_ja(ev) : "";
}

static void put_entry(struct web_req *req, struct tv *m, const struct cnap_outbox_entry *e)
{
	tv_put_int(m, "id", e->id);
	tv_put_str(m, "url", cnap_arena_printf(req->arena, "/admin/mail/%lld", (long long)e->id));
	tv_put_str(m, "created_at", e->created_at);
	tv_put_str(m, "created_label", web_date_label(req->arena, e->created_at));
	tv_put_str(m, "user_login", e->user_login);
	tv_put_str(m, "to_name", e->to_name ? e->to_name : e->user_name);
	tv_put_str(m, "to_addr", e->to_addr);
	tv_put_str(m, "event", e->event);
	tv_put_str(m, "event_label", event_label(e->event));
	tv_put_str(m, "subject", e->subject);
	tv_put_str(m, "state", cnap_outbox_state_name(e->state));
	tv_put_str(m, "state_label", cnap_outbox_state_label_ja(e->state));
	tv_put_bool(m, "failed", e->state == CNAP_OUTBOX_FAILED);
	tv_put_bool(m, "queued", e->state == CNAP_OUTBOX_QUEUED);
	tv_put_bool(m, "sent", e->state == CNAP_OUTBOX_SENT);
	tv_put_int(m, "attempts", e->attempts);
	tv_put_str(m, "next_at", e->next_at);
	if (e->state == CNAP_OUTBOX_QUEUED)
		tv_put_str(m, "next_label", next_label(req, e->next_at));
	tv_put_str(m, "last_error", e->last_error);
	if (e->smtp_code)
		tv_put_int(m, "smtp_code", e->smtp_code);
	tv_put_str(m, "sent_at", e->sent_at);
	tv_put_str(m, "sent_label", web_date_label(req->arena, e->sent_at));
	if (e->question_id)
		tv_put_int(m, "question_id", e->question_id);
	bool resendable = e->state == CNAP_OUTBOX_FAILED || e->state == CNAP_OUTBOX_CANCELLED;
	tv_put_bool(m, "resendable", resendable);
	if (resendable)
		tv_put_str(m, "resend_action", cnap_arena_printf(req->arena, "/admin/mail/%lld/resend", (long long)e->id));
}

/* ?state=NAME: -1 for every state, -2 for a name that is none. */
static int state_param(struct web_req *req)
{
	const char *v = web_param(req, "state");
	enum cnap_outbox_state st;
	if (!v || !*v)
		return -1;
	return cnap_outbox_state_parse(v, &st) ? (int)st : -2;
}

/* ?page=N from 1; 0 when it is not a number. */
static size_t page_param(struct web_req *req)
{
	const char *v = web_param(req, "page");
	if (!v || !*v)
		return 1;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > 100000 ? 0 : (size_t)n;
}

/* The cycle of the reminders' form: ?cycle= or the posted one (web_current_year), 0 when there is none. */
static int reminders_year(struct web_req *req)
{
	return web_current_year(req);
}

static void put_tabs(struct web_req *req, struct tv *v, const struct cnap_uc_outbox *ob, int state)
{
	static const int order[] = { -1, CNAP_OUTBOX_QUEUED, CNAP_OUTBOX_SENDING, CNAP_OUTBOX_FAILED, CNAP_OUTBOX_SENT,
				     CNAP_OUTBOX_CANCELLED };
	size_t all = 0;
	for (int i = 0; i < CNAP_OUTBOX_STATE_COUNT; i++)
		all += ob->counts[i];
	struct tv *tabs = tv_put_list(v, "tabs");
	for (size_t i = 0; i < CNAP_ARRAY_LEN(order); i++) {
		int st = order[i];
		/* 送信中 lasts a moment: a tab only while some are */
		if (st == CNAP_OUTBOX_SENDING && !ob->counts[st] && state != st)
			continue;
		struct tv *m = tv_push_map(tabs);
		tv_put_str(m, "label", st < 0 ? web_t(WS_mail_all) : cnap_outbox_state_label_ja((enum cnap_outbox_state)st));
		tv_put_int(m, "count", (int64_t)(st < 0 ? all : ob->counts[st]));
		tv_put_str(m, "href", st < 0 ? "/admin/mail"
					     : cnap_arena_printf(req->arena, "/admin/mail?state=%s",
								 cnap_outbox_state_name((enum cnap_outbox_state)st)));
		tv_put_bool(m, "current", st == state);
		tv_put_bool(m, "failed", st == CNAP_OUTBOX_FAILED && ob->counts[st] > 0);
	}
	struct tv *counts = tv_put_map(v, "counts");
	for (int i = 0; i < CNAP_OUTBOX_STATE_COUNT; i++)
		tv_put_int(counts, cnap_outbox_state_name((enum cnap_outbox_state)i), (int64_t)ob->counts[i]);
	tv_put_int(counts, "all", (int64_t)all);
}

static const char *list_url(struct web_req *req, int state, size_t page)
{
	if (state < 0)
		return cnap_arena_printf(req->arena, "/admin/mail?page=%zu", page);
	return cnap_arena_printf(req->arena, "/admin/mail?state=%s&page=%zu",
				 cnap_outbox_state_name((enum cnap_outbox_state)state), page);
}

static void put_reminders(struct web_req *req, struct web_resp *resp, struct tv *v)
{
	int year = reminders_year(req);
	struct cnap_cycle *cycles;
	size_t n;
	struct cnap_cycle cy;
	if (!year || cnap_uc_cycle_get(req->store, &req->user->actor, year, req->arena, &cy, NULL) ||
	    cnap_uc_cycle_list(req->store, &req->user->actor, req->arena, &cycles, &n, NULL))
		return;
	struct cnap_reminder_plan p;
	struct cnap_error err = { 0 };
	if (cnap_uc_reminder_plan_get(req->store, &req->user->actor, year, &p, &err))
		return;
	struct tv *r = tv_put_map(v, "reminders");
	tv_put_int(r, "cycle", year);
	tv_put_str(r, "era", web_era(req->arena, year));
	tv_put_bool(r, "closed", cy.closed_at != NULL);
	char days[64];
	cnap_reminder_days_format(&p, days, sizeof(days));
	bool again = resp->errors != NULL && web_param(req, "days");
	tv_put_str(r, "days", again ? web_param(req, "days") : cnap_arena_strdup(req->arena, days));
	struct tv *dl = tv_put_list(r, "days_list");
	for (size_t i = 0; i < p.n; i++)
		tv_push(dl, tv_int(req->arena, p.days[i]));
	tv_put_int(r, "overdue_every", p.overdue_every);
	int chosen = p.overdue_every;
	const char *posted = again ? web_param(req, "overdue_every") : NULL;
	char *end;
	long pv = posted ? strtol(posted, &end, 10) : 0;
	if (posted && !*end && pv >= 0 && pv <= CNAP_REMINDER_MAX_OVERDUE_EVERY)
		chosen = (int)pv;
	static const int every[] = { 0, 1, 2, 3, 4, 5, 6, 7, 10, 14 };
	struct tv *opts = tv_put_list(r, "overdue_choices");
	bool found = false;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(every); i++) {
		struct tv *m = tv_push_map(opts);
		tv_put_int(m, "value", every[i]);
		tv_put_str(m, "label", every[i] ? cnap_arena_printf(req->arena, web_t(WS_mail_reminders_overdue_every), every[i])
						: web_t(WS_mail_reminders_overdue_never));
		tv_put_bool(m, "selected", every[i] == chosen);
		found = found || every[i] == chosen;
	}
	if (!found) { /* a plan set from the CLI with another interval: shown as it is */
		struct tv *m = tv_push_map(opts);
		tv_put_int(m, "value", chosen);
		tv_put_str(m, "label", cnap_arena_printf(req->arena, web_t(WS_mail_reminders_overdue_every), chosen));
		tv_put_bool(m, "selected", true);
	}
	struct tv *cl = tv_put_list(r, "cycles");
	for (size_t i = n; i-- > 0;) {
		struct tv *m = tv_push_map(cl);
		tv_put_int(m, "year", cycles[i].year);
		tv_put_str(m, "era", web_era(req->arena, cycles[i].year));
		tv_put_bool(m, "selected", cycles[i].year == year);
	}
}

/* A form refused as a whole (409): the use case's reason as the page's message, the page again. */
static void mail_page(struct web_req *req, struct web_resp *resp);
static void conflict(struct web_req *req, struct web_resp *resp, const char *message)
{
	resp->status = 409;
	resp->error_code = "conflict";
	resp->message = cnap_arena_strdup(req->arena, message);
	if (!req->api)
		mail_page(req, resp);
}

/* A field's problem beside it (422), the page again. */
static void field_refused(struct web_req *req, struct web_resp *resp, const char *field, const char *message)
{
	web_field_error(req, resp, field, cnap_arena_strdup(req->arena, message));
	if (!req->api)
		mail_page(req, resp);
}

/* The outbox page; after a form's refusal, resp->errors and status kept. */
static void mail_page(struct web_req *req, struct web_resp *resp)
{
	int state = state_param(req);
	size_t page = page_param(req);
	if (state == -2 || page == 0) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_uc_outbox ob;
	struct cnap_error err = { 0 };
	const struct cnap_actor *actor = &req->user->actor;
	enum cnap_err rc = cnap_uc_outbox_list(req->store, actor, state, OUTBOX_PAGE, (page - 1) * OUTBOX_PAGE,
					       req->arena, &ob, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	int status = resp->status;
	struct tv *v = web_page(req, resp, WT_mail, WS_mail_title);
	resp->status = status;
	put_tabs(req, v, &ob, state);
	if (state >= 0)
		tv_put_str(v, "state", cnap_outbox_state_name((enum cnap_outbox_state)state));
	struct tv *list = tv_put_list(v, "messages");
	for (size_t i = 0; i < ob.n; i++)
		put_entry(req, tv_push_map(list), &ob.entries[i]);
	tv_put_int(v, "total", (int64_t)ob.total);
	tv_put_int(v, "page", (int64_t)page);
	if (ob.n)
		tv_put_str(v, "range", cnap_arena_printf(req->arena, web_t(WS_mail_count_of), ob.total,
							 (page - 1) * OUTBOX_PAGE + 1, (page - 1) * OUTBOX_PAGE + ob.n));
	if (page > 1)
		tv_put_str(v, "prev_url", list_url(req, state, page - 1));
	if (page * OUTBOX_PAGE < ob.total)
		tv_put_str(v, "next_url", list_url(req, state, page + 1));
	const struct cnap_mail_config *cfg = req->cfg->mail;
	if (cfg) {
		struct tv *c = tv_put_map(v, "config");
		tv_put_str(c, "server", server_of(req->arena, cfg->smtp_url));
		tv_put_str(c, "from", cfg->from_addr);
		tv_put_str(c, "from_name", cfg->from_name);
		tv_put_str(c, "base_url", cfg->base_url);
	}
	tv_put_bool(v, "can_test", cfg != NULL);
	const char *to = web_param(req, "to");
	struct cnap_mail_recipient me;
	if (!to && !cnap_uc_mail_me(req->store, actor, req->arena, &me, NULL))
		to = me.email;
	tv_put_str(v, "test_to", to);
	put_reminders(req, resp, v);
}

void h_mail(struct web_req *req, struct web_resp *resp)
{
	mail_page(req, resp);
}

void h_mail_message(struct web_req *req, struct web_resp *resp)
{
	int64_t id;
	if (!web_arg_int(req, 0, 1, INT64_MAX / 2, &id)) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_outbox_entry e;
	struct cnap_error err = { 0 };
	const char *base = req->cfg->mail ? req->cfg->mail->base_url : NULL;
	enum cnap_err rc = cnap_uc_outbox_show(req->store, &req->user->actor, id, base, req->arena, &e, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_mail_message, WS_mail_message_title);
	struct tv *m = tv_put_map(v, "message");
	put_entry(req, m, &e);
	tv_put_str(m, "body", e.body);
	tv_put_str(m, "link", e.link);
	if (e.user_login)
		tv_put_str(m, "user_label", web_user_label(req, e.user_login));
}

void h_mail_resend(struct web_req *req, struct web_resp *resp)
{
	int64_t id;
	if (!web_arg_int(req, 0, 1, INT64_MAX / 2, &id)) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_outbox_resend(req->store, &req->user->actor, id, &err);
	if (rc == CNAP_ECONFLICT || rc == CNAP_EINVAL) {
		/* not failed nor cancelled (sent, or queued already): say what the use case says */
		conflict(req, resp, err.message);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	const char *back = web_param(req, "back");
	back = back && strcmp(back, "message") == 0 ? cnap_arena_printf(req->arena, "/admin/mail/%lld", (long long)id)
						   : "/admin/mail";
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=mail_resent", back));
}

void h_mail_test(struct web_req *req, struct web_resp *resp)
{
	const struct cnap_mail_config *cfg = req->cfg->mail;
	const char *to = web_param(req, "to");
	struct cnap_error err = { 0 };
	if (!cnap_uc_may(&req->user->actor, CNAP_ACT_MAIL_ADMIN, NULL, NULL)) {
		web_fail(req, resp, CNAP_EPERM, NULL);
		return;
	}
	if (!cfg) {
		conflict(req, resp, web_t(WS_mail_test_disabled));
		return;
	}
	struct cnap_mail_result res;
	int64_t id = 0;
	enum cnap_err rc = cnap_uc_mail_test(req->store, &req->user->actor, cfg, to ? to : "", &res, &id, &err);
	if (rc == CNAP_EINVAL) {
		field_refused(req, resp, "to", err.message);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	bool sent = res.outcome == CNAP_MAIL_SENT;
	struct tv *t = tv_map(req->arena);
	tv_put_bool(t, "sent", sent);
	tv_put_str(t, "to", to);
	tv_put_int(t, "id", id);
	tv_put_str(t, "url", cnap_arena_printf(req->arena, "/admin/mail/%lld", (long long)id));
	tv_put_str(t, "detail", cnap_arena_strdup(req->arena, res.detail));
	if (res.smtp_code)
		tv_put_int(t, "smtp_code", res.smtp_code);
	tv_put_str(t, "text", sent ? cnap_arena_printf(req->arena, web_t(WS_mail_test_sent), to)
				   : cnap_arena_printf(req->arena, web_t(WS_mail_test_not_sent), to, res.detail));
	if (req->api) {
		resp->view = tv_map(req->arena);
		tv_put(resp->view, "test", t);
		return;
	}
	mail_page(req, resp);
	if (resp->view)
		tv_put(resp->view, "test", t);
}

void h_mail_reminders(struct web_req *req, struct web_resp *resp)
{
	int year = reminders_year(req);
	const char *days = web_param(req, "days"), *every = web_param(req, "overdue_every");
	char *end = NULL;
	long n = every && *every ? strtol(every, &end, 10) : 0;
	if (every && *every && (*end || n < 0 || n > 1000)) {
		field_refused(req, resp, "overdue_every", web_t(WS_field_invalid));
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_reminder_plan_set(req->store, &req->user->actor, year, days ? days : "", (int)n, &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG) {
		field_refused(req, resp, strcmp(err.where, "reminders.overdue_every") == 0 ? "overdue_every" : "days",
			      err.message);
		return;
	}
	if (rc == CNAP_ECONFLICT) {
		conflict(req, resp, err.message);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/admin/mail?cycle=%d&msg=reminders_saved#reminders", year));
}
