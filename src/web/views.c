/* Labels, scope and question views shared by the pages (web/pages.h). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "web/cache.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

#define B(x) (1u << (x))

enum web_str web_role_label(enum cnap_role r)
{
	static const enum web_str labels[CNAP_ROLE_COUNT] = { WS_role_secretariat, WS_role_reviewer,
							       WS_role_association };
	return (unsigned)r < CNAP_ROLE_COUNT ? labels[r] : WS_role_reviewer;
}

enum web_str web_status_label(enum cnap_qstatus s)
{
	static const enum web_str labels[CNAP_Q_COUNT] = {
		WS_status_draft, WS_status_submitted, WS_status_approved, WS_status_sent, WS_status_answered,
		WS_status_accepted, WS_status_published, WS_status_withdrawn, WS_status_merged,
	};
	return (unsigned)s < CNAP_Q_COUNT ? labels[s] : WS_status_draft;
}

static enum web_str answer_label(enum cnap_astatus s)
{
	static const enum web_str labels[CNAP_A_COUNT] = { WS_answer_draft, WS_answer_submitted, WS_answer_returned,
							   WS_answer_accepted };
	return (unsigned)s < CNAP_A_COUNT ? labels[s] : WS_answer_draft;
}

int web_latest_year(struct web_req *req)
{
	return cnap_uc_latest_year(req->store);
}

static const char *era(struct cnap_arena *a, int year, bool kanji)
{
	char buf[64];
	if (!cnap_jp_era_fiscal_year(year, kanji, buf, sizeof(buf)))
		return cnap_arena_printf(a, "%d年度", year);
	return cnap_arena_strdup(a, buf);
}

const char *web_era(struct cnap_arena *a, int year)
{
	return era(a, year, false);
}

const char *web_era_document(struct cnap_arena *a, int year)
{
	return era(a, year, true);
}

bool web_year_arg(struct web_req *req, struct web_resp *resp, size_t i, int *year)
{
	int64_t y;
	struct cnap_cycle c;
	if (!web_arg_int(req, i, 1990, 2100, &y) || cnap_uc_cycle_get(req->store, &req->user->actor, (int)y, req->arena, &c, NULL)) {
		web_not_found(req, resp);
		return false;
	}
	*year = (int)y;
	return true;
}

static void nav_item(struct web_req *req, struct tv *list, const char *href, enum web_str label)
{
	struct tv *m = tv_push_map(list);
	tv_put_str(m, "href", href);
	tv_put_str(m, "label", web_t(label));
	tv_put_bool(m, "current", strcmp(req->path, href) == 0);
}

int web_current_year(struct web_req *req)
{
	const char *p = req->path;
	if (strncmp(p, "/c/", 3) == 0) {
		int y = 0;
		size_t n = 0;
		for (p += 3; *p >= '0' && *p <= '9' && n < 4; p++, n++)
			y = y * 10 + (*p - '0');
		if (n == 4 && (*p == '/' || !*p) && y >= 1990 && y <= 2100)
			return y;
	}
	/* the pages of no one cycle that take one (組織の管理, ユーザー管理): ?cycle=YEAR */
	const char *q = web_param(req, "cycle");
	if (q && strlen(q) == 4 && strspn(q, "0123456789") == 4) {
		int y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
		if (y >= 1990 && y <= 2100)
			return y;
	}
	return web_latest_year(req);
}

/* Every cycle, newest first, the one being looked at marked: the header's switcher. */
static void cycle_switch(struct web_req *req, struct tv *view, int year)
{
	struct cnap_cycle *cycles;
	size_t n;
	if (cnap_uc_cycle_list(req->store, &req->user->actor, req->arena, &cycles, &n, NULL) || n < 1)
		return;
	tv_put_str(view, "cycle_label", web_era(req->arena, year));
	struct tv *list = tv_put_list(view, "cycle_choices");
	for (size_t i = n; i-- > 0;) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "href", cnap_arena_printf(req->arena, "/c/%d", cycles[i].year));
		tv_put_str(m, "label", web_era(req->arena, cycles[i].year));
		tv_put_bool(m, "current", cycles[i].year == year);
		if (cycles[i].year == year && cycles[i].closed_at)
			tv_put_str(view, "cycle_closed",
				   cnap_arena_printf(req->arena, "%s%s", web_era(req->arena, year), web_t(WS_cycle_closed_banner)));
	}
}

void web_nav(struct web_req *req, struct tv *view)
{
	struct tv *nav = tv_put_list(view, "nav");
	int year = web_current_year(req);
	const struct cnap_actor *a = &req->user->actor;
	if (year)
		cycle_switch(req, view, year);
	if (year)
		nav_item(req, nav, cnap_arena_printf(req->arena, "/c/%d", year), WS_nav_dashboard);
	if (year && cnap_uc_may(a, CNAP_ACT_QUEUE_VIEW, NULL, NULL))
		nav_item(req, nav, cnap_arena_printf(req->arena, "/c/%d/queue", year), WS_nav_queue);
	if (cnap_uc_may(a, CNAP_ACT_ADMIN, NULL, NULL)) {
		nav_item(req, nav, "/admin/cycles", WS_nav_cycles);
		nav_item(req, nav, "/admin/org", WS_nav_org);
		nav_item(req, nav, "/admin/users", WS_nav_users);
	}
	if (cnap_uc_may(a, CNAP_ACT_MAIL_ADMIN, NULL, NULL))
		nav_item(req, nav, "/admin/mail", WS_nav_mail);
	nav_item(req, nav, "/account", WS_nav_account);
	/* The header's 「お知らせ」 with how many are unread (no badge at none). */
	size_t unread = 0;
	if (!cnap_uc_unread_count(req->store, a, &unread, NULL) && unread)
		tv_put_int(view, "notices_unread", (int64_t)unread);
	tv_put_bool(view, "notices_current", strcmp(req->path, "/notifications") == 0);
}

const char *web_notice(const char *key)
{
	static const struct {
		const char *key;
		enum web_str text;
	} notices[] = {
		{ "saved", WS_notice_saved }, { "filed", WS_notice_filed },
		{ "answered", WS_notice_answered }, { "draft_saved", WS_notice_draft_saved },
		{ "password_changed", WS_notice_password_changed }, { "logged_out", WS_notice_logged_out },
		{ "user_added", WS_notice_user_added }, { "password_reset", WS_notice_password_reset },
		{ "published", WS_notice_published }, { "submit", WS_notice_submit }, { "approve", WS_notice_approve },
		{ "send", WS_notice_send }, { "accept", WS_notice_accept }, { "return", WS_notice_return },
		{ "publish", WS_notice_published }, { "withdraw", WS_notice_withdraw }, { "reopen", WS_notice_reopen },
		{ "data_saved", WS_notice_data_saved }, { "token_revoked", WS_notice_token_revoked },
		{ "draft_discarded", WS_notice_draft_discarded }, { "last_year_copied", WS_notice_last_year_copied },
		{ "text_saved", WS_notice_text_saved }, { "text_submitted", WS_notice_text_submitted },
		{ "docx_imported", WS_notice_docx_imported },
		{ "anchor_confirmed", WS_notice_anchor_confirmed },
		{ "users_imported", WS_notice_users_imported }, { "user_updated", WS_notice_user_updated },
		{ "user_deactivated", WS_notice_user_deactivated }, { "user_activated", WS_notice_user_activated },
		{ "carry_on", WS_notice_carry_on }, { "carry_off", WS_notice_carry_off },
		{ "cycle_created", WS_notice_cycle_created }, { "cycle_closed", WS_notice_cycle_closed },
		{ "cycle_reopened", WS_notice_cycle_reopened }, { "remark_added", WS_notice_remark_added },
		{ "remark_deleted", WS_notice_remark_deleted },
		{ "org_wg_added", WS_notice_org_wg_added }, { "org_wg_renamed", WS_notice_org_wg_renamed },
		{ "org_association_added", WS_notice_org_association_added },
		{ "org_association_saved", WS_notice_org_association_saved }, { "org_enrolled", WS_notice_org_enrolled },
		{ "org_enrolment_saved", WS_notice_org_enrolment_saved },
		{ "org_enrolment_removed", WS_notice_org_enrolment_removed },
		{ "notifications_read", WS_notice_notifications_read }, { "mail_mode_saved", WS_notice_mail_mode_saved },
		{ "reminders_saved", WS_notice_reminders_saved }, { "mail_resent", WS_notice_mail_resent },
		{ "template_saved", WS_notice_template_saved }, { "template_reset", WS_notice_template_reset },
	};
	for (size_t i = 0; key && i < CNAP_ARRAY_LEN(notices); i++)
		if (strcmp(key, notices[i].key) == 0)
			return web_t(notices[i].text);
	return NULL;
}

enum web_str web_ball(const struct cnap_question *q)
{
	switch (q->status) {
	case CNAP_Q_DRAFT: return WS_ball_reviewer;
	case CNAP_Q_SUBMITTED: return WS_ball_secretariat_review;
	case CNAP_Q_APPROVED: return WS_ball_secretariat_send;
	case CNAP_Q_SENT:
		return q->has_answer && q->answer.status == CNAP_A_RETURNED ? WS_ball_association_again
									    : WS_ball_association;
	case CNAP_Q_ANSWERED: return WS_ball_secretariat_answer;
	case CNAP_Q_ACCEPTED: return WS_ball_secretariat_publish;
	default: return WS_ball_none;
	}
}

bool web_overdue(const struct cnap_question *q, const char *today)
{
	/* The deadline is the association's: late while the answer has not come in. */
	unsigned open = B(CNAP_Q_DRAFT) | B(CNAP_Q_SUBMITTED) | B(CNAP_Q_APPROVED) | B(CNAP_Q_SENT);
	return q->due_on && (open & B(q->status)) && strcmp(q->due_on, today) < 0;
}

struct tv *web_view_question(struct web_req *req, const struct cnap_question *q, const char *today)
{
	struct cnap_arena *a = req->arena;
	struct tv *m = tv_map(a);
	tv_put_int(m, "id", q->id);
	tv_put_str(m, "url", cnap_arena_printf(a, "/q/%lld", (long long)q->id));
	tv_put_int(m, "no", q->no);
	tv_put_str(m, "wg_code", q->wg_code);
	tv_put_str(m, "association_code", q->association_code);
	tv_put_str(m, "item", q->item_key);
	tv_put_int(m, "page", q->page);
	tv_put_str(m, "page_label", q->page ? cnap_arena_printf(a, "P.%d", q->page) : NULL);
	tv_put_str(m, "text", q->text);
	tv_put_str(m, "status", cnap_qstatus_name(q->status));
	tv_put_str(m, "status_label", web_t(web_status_label(q->status)));
	tv_put_str(m, "ball_label", web_t(web_ball(q)));
	tv_put_bool(m, "done", web_ball(q) == WS_ball_none);
	tv_put_str(m, "due_on", q->due_on);
	tv_put_str(m, "due_label", web_date_label(a, q->due_on));
	tv_put_bool(m, "overdue", web_overdue(q, today));
	if (q->n_refers_to) { /* the card links the first; the question page lists them all */
		tv_put_int(m, "refers_to", q->refers_to_ids[0]);
		tv_put_str(m, "refers_to_url", cnap_arena_printf(a, "/q/%lld", (long long)q->refers_to_ids[0]));
	}
	/* What the actor may not see is already gone (cnap_policy_question_redact): show what is there. */
	if (q->has_answer) {
		struct tv *an = tv_put_map(m, "answer");
		tv_put_str(an, "text", q->answer.text);
		tv_put_str(an, "status", cnap_astatus_name(q->answer.status));
		tv_put_str(an, "status_label", web_t(answer_label(q->answer.status)));
		tv_put_str(an, "return_comment", q->answer.return_comment);
		if (q->answer.author)
			tv_put_str(an, "author", web_user_name(req, q->answer.author));
	}
	if (q->author)
		tv_put_str(m, "author", web_user_name(req, q->author));
	if (q->note)
		tv_put_str(m, "note", q->note);
	web_view_anchor(req, q, m);
	return m;
}

struct tv *web_steps(struct web_req *req, unsigned steps)
{
	static const enum web_str labels[CNAP_STEP_COUNT] = {
		[CNAP_STEP_SUBMIT] = WS_step_submit, [CNAP_STEP_APPROVE] = WS_step_approve,
		[CNAP_STEP_SEND] = WS_step_send, [CNAP_STEP_ACCEPT] = WS_step_accept,
		[CNAP_STEP_RETURN] = WS_step_return, [CNAP_STEP_PUBLISH] = WS_step_publish,
		[CNAP_STEP_WITHDRAW] = WS_step_withdraw, [CNAP_STEP_REOPEN] = WS_step_reopen,
	};
	struct tv *list = tv_list(req->arena);
	for (int i = 0; i < CNAP_STEP_COUNT; i++) {
		if (!(steps & (1u << i)))
			continue;
		struct tv *s = tv_push_map(list);
		tv_put_str(s, "step", cnap_step_name((enum cnap_step)i));
		tv_put_str(s, "label", web_t(labels[i]));
		tv_put_bool(s, "comment", i == CNAP_STEP_RETURN || i == CNAP_STEP_REOPEN);
		tv_put_bool(s, "reopen", i == CNAP_STEP_REOPEN);
		tv_put_bool(s, "send", i == CNAP_STEP_SEND);
		tv_put_bool(s, "danger", i == CNAP_STEP_WITHDRAW);
	}
	return list;
}

const char *web_item_label(struct cnap_arena *a, const struct cnap_template *t, const struct cnap_association *as,
			   const char *key)
{
	const struct cnap_survey_item *it = t ? cnap_template_item(t, key) : NULL;
	if (!it)
		return key;
	const char *title = cnap_item_title(a, it, as);
	const char *number = cnap_item_number(a, t, it);
	return number && *number ? cnap_arena_printf(a, "%s %s", number, title) : title;
}

const char *web_excerpt(struct cnap_arena *a, const char *text, size_t max_chars)
{
	size_t chars = 0, i = 0;
	if (!text)
		return "";
	while (text[i] && chars < max_chars) {
		i++;
		while ((text[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return text[i] ? cnap_arena_printf(a, "%.*s…", (int)i, text) : text;
}

/*
 * A login's role and name as "ROLE\x1eNAME" (cached per write generation: the
 * user list costs a query per user), or NULL for an unknown login.
 */
static const char *user_entry(struct web_req *req, const char *login)
{
	if (!login)
		return NULL;
	const char *key = cnap_arena_printf(req->arena, "user:%s", login);
	const char *v = web_fragment_get(key, req->arena);
	if (!v) {
		struct cnap_user *users;
		size_t n;
		if (cnap_uc_user_names(req->store, &req->user->actor, req->arena, &users, &n, NULL))
			return NULL;
		for (size_t i = 0; i < n; i++)
			web_fragment_put(cnap_arena_printf(req->arena, "user:%s", users[i].login),
					 cnap_arena_printf(req->arena, "%d\x1e%s", (int)users[i].role, users[i].name), req->gen);
		v = web_fragment_get(key, req->arena);
		if (!v)
			web_fragment_put(key, "", req->gen); /* unknown: remember that too */
	}
	return v && *v ? v : NULL;
}

const char *web_user_name(struct web_req *req, const char *login)
{
	const char *e = user_entry(req, login);
	return e ? strchr(e, '\x1e') + 1 : login;
}

const char *web_user_label(struct web_req *req, const char *login)
{
	const char *e = user_entry(req, login);
	if (!e)
		return login;
	return cnap_arena_printf(req->arena, "%s（%s）", strchr(e, '\x1e') + 1,
				 web_t(web_role_label((enum cnap_role)strtol(e, NULL, 10))));
}

bool web_questions(struct web_req *req, struct web_resp *resp, const struct cnap_question_filter *f,
		   struct cnap_question **qs, size_t *n)
{
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_list(req->store, &req->user->actor, f, req->arena, qs, n, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	return rc == CNAP_OK;
}
