/*
 * お知らせ (/notifications): one's own notices, newest first; opening one
 * marks it read and goes where it points. And how mail is taken: one's own
 * choice on /account, the secretariat's for a user on that user's edit page
 * (usecase/mail.h decides who may).
 */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

#define NOTICES_SHOWN 100

void web_put_mail_modes(struct tv *v, struct cnap_arena *a, enum cnap_mail_mode mode)
{
	struct tv *list = tv_put_list(v, "mail_modes");
	for (int m = 0; m < CNAP_MAIL_MODE_COUNT; m++) {
		struct tv *r = tv_push_map(list);
		tv_put_str(r, "value", cnap_mail_mode_name((enum cnap_mail_mode)m));
		tv_put_str(r, "label", cnap_mail_mode_label_ja((enum cnap_mail_mode)m));
		tv_put_str(r, "id", cnap_arena_printf(a, "mail-mode-%d", m));
		tv_put_bool(r, "checked", m == (int)mode);
	}
	tv_put_str(v, "mail_mode", cnap_mail_mode_name(mode));
	tv_put_str(v, "mail_mode_label", cnap_mail_mode_label_ja(mode));
}

void h_notifications(struct web_req *req, struct web_resp *resp)
{
	struct cnap_notification *ns;
	size_t n, unread;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_notifications(req->store, &req->user->actor, NOTICES_SHOWN, req->arena, &ns, &n,
						 &unread, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_notifications, WS_notifications_title);
	tv_put_int(v, "unread", (int64_t)unread);
	struct tv *list = tv_put_list(v, "notifications");
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "id", ns[i].id);
		tv_put_str(m, "title", ns[i].title);
		tv_put_str(m, "created_at", ns[i].created_at);
		tv_put_str(m, "when", web_date_label(req->arena, ns[i].created_at));
		tv_put_bool(m, "unread", ns[i].read_at == NULL);
		tv_put_str(m, "read_at", ns[i].read_at);
		tv_put_str(m, "link", ns[i].link);
		if (ns[i].question_id)
			tv_put_int(m, "question_id", ns[i].question_id);
		tv_put_str(m, "open_url", cnap_arena_printf(req->arena, "/notifications/%lld/open", (long long)ns[i].id));
	}
}

void h_notification_open(struct web_req *req, struct web_resp *resp)
{
	int64_t id;
	if (!web_arg_int(req, 0, 1, INT64_MAX / 2, &id)) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_notification nt;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_notification_open(req->store, &req->user->actor, id, req->arena, &nt, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	/* The link is our own path, written by cnap; web_safe_next keeps it so should it ever not be. */
	const char *to = nt.link ? web_safe_next(nt.link) : NULL;
	web_redirect(resp, to ? to : "/notifications");
	if (req->api) {
		resp->view = tv_map(req->arena);
		tv_put_int(resp->view, "id", nt.id);
		tv_put_str(resp->view, "title", nt.title);
	}
}

void h_notifications_read_all(struct web_req *req, struct web_resp *resp)
{
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_notification_read(req->store, &req->user->actor, 0, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		web_redirect(resp, "/notifications?msg=notifications_read");
}

/* The posted mode, or a field error beside the radio buttons. */
static bool mode_param(struct web_req *req, struct web_resp *resp, enum cnap_mail_mode *mode)
{
	const char *v = web_param(req, "mail_mode");
	if (v && cnap_mail_mode_parse(v, mode))
		return true;
	web_field_error(req, resp, "mail_mode", web_t(WS_field_invalid));
	return false;
}

void h_account_mail(struct web_req *req, struct web_resp *resp)
{
	enum cnap_mail_mode mode;
	const struct cnap_actor *a = &req->user->actor;
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	if (mode_param(req, resp, &mode))
		rc = cnap_uc_mail_mode_set(req->store, a, a->login, mode, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else if (!resp->errors)
		web_redirect(resp, "/account?msg=mail_mode_saved#mail");
	if (resp->errors && !req->api) {
		int status = resp->status;
		h_account(req, resp);
		resp->status = status;
	}
}

void h_user_mail(struct web_req *req, struct web_resp *resp)
{
	const char *login = web_arg(req, 0);
	enum cnap_mail_mode mode;
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	if (mode_param(req, resp, &mode))
		rc = cnap_uc_mail_mode_set(req->store, &req->user->actor, login, mode, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	if (resp->errors) {
		if (!req->api) {
			int status = resp->status;
			h_user_edit_form(req, resp);
			resp->status = status;
		}
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/admin/users/%s/edit?cycle=%d&msg=mail_mode_saved", login,
					     web_users_year(req)));
}
