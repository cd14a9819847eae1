/*
 * メールの文面 (/admin/mail/templates): each event's subject and body, the
 * secretariat's own or the shipped one; the editor of one with its
 * placeholders, a preview with their sample values (nothing kept), saving
 * (checked by the model: an unknown placeholder is named with its line,
 * beside its field) and going back to the shipped text.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

static const char *template_url(struct web_req *req, enum cnap_mail_event ev)
{
	return cnap_arena_printf(req->arena, "/admin/mail/templates/%s", cnap_mail_event_name(ev));
}

void h_mail_templates(struct web_req *req, struct web_resp *resp)
{
	struct cnap_uc_mail_template ts[CNAP_MAIL_EV_COUNT];
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_templates(req->store, &req->user->actor, req->arena, ts, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_mail_templates, WS_mail_templates_title);
	struct tv *list = tv_put_list(v, "templates");
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "event", cnap_mail_event_name(ts[e].event));
		tv_put_str(m, "label", ts[e].label);
		tv_put_str(m, "subject", ts[e].subject);
		tv_put_bool(m, "edited", ts[e].edited);
		tv_put_str(m, "updated_at", ts[e].updated_at);
		tv_put_str(m, "updated_label", web_date_label(req->arena, ts[e].updated_at));
		if (ts[e].updated_by)
			tv_put_str(m, "updated_by", web_user_name(req, ts[e].updated_by));
		tv_put_str(m, "url", template_url(req, ts[e].event));
	}
}

/* A textarea's CRLF (and a lone CR) as LF: what the template check takes. */
static const char *lf_only(struct cnap_arena *a, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	size_t n = strlen(s);
	char *out = cnap_arena_alloc(a, n + 1);
	if (!out)
		return s;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			out[j++] = '\n';
			if (s[i + 1] == '\n')
				i++;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

static bool event_arg(struct web_req *req, struct web_resp *resp, enum cnap_mail_event *ev)
{
	if (cnap_mail_event_parse(web_arg(req, 0), ev))
		return true;
	web_not_found(req, resp);
	return false;
}

/*
 * The editor of ev: the template in force, or (posted) the subject and body as typed; with a preview
 * when given. resp->errors and status are kept.
 */
static void editor(struct web_req *req, struct web_resp *resp, enum cnap_mail_event ev, const char *subject,
		   const char *body, const char *preview_subject, const char *preview_body)
{
	struct cnap_uc_mail_template t;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_get(req->store, &req->user->actor, ev, req->arena, &t, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	int status = resp->status;
	struct tv *v = web_page(req, resp, WT_mail_template, WS_mail_template_title);
	resp->status = status;
	struct tv *m = tv_put_map(v, "template");
	tv_put_str(m, "event", cnap_mail_event_name(ev));
	tv_put_str(m, "label", t.label);
	tv_put_str(m, "subject", subject ? subject : t.subject);
	tv_put_str(m, "body", body ? body : t.body);
	tv_put_bool(m, "edited", t.edited);
	tv_put_str(m, "updated_at", t.updated_at);
	tv_put_str(m, "updated_label", web_date_label(req->arena, t.updated_at));
	if (t.updated_by)
		tv_put_str(m, "updated_by", web_user_name(req, t.updated_by));
	const char *url = template_url(req, ev);
	tv_put_str(m, "action", url);
	tv_put_str(m, "preview_action", cnap_arena_printf(req->arena, "%s/preview", url));
	tv_put_str(m, "reset_action", cnap_arena_printf(req->arena, "%s/reset", url));
	struct tv *ph = tv_put_list(m, "placeholders");
	for (size_t i = 0; i < t.n_placeholders; i++) {
		struct tv *p = tv_push_map(ph);
		tv_put_str(p, "name", t.placeholders[i].name);
		tv_put_str(p, "token", cnap_arena_printf(req->arena, "{{%s}}", t.placeholders[i].name));
		tv_put_str(p, "description", t.placeholders[i].description_ja);
		tv_put_bool(p, "multiline", t.placeholders[i].multiline);
	}
	if (preview_subject) {
		struct tv *p = tv_put_map(v, "preview");
		tv_put_str(p, "subject", preview_subject);
		tv_put_str(p, "body", preview_body);
	}
}

void h_mail_template(struct web_req *req, struct web_resp *resp)
{
	enum cnap_mail_event ev;
	if (event_arg(req, resp, &ev))
		editor(req, resp, ev, NULL, NULL, NULL, NULL);
}

/* A refusal of the check beside its field ("mail_template.subject" / ".body"); false for any other error. */
static bool check_refused(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const struct cnap_error *err)
{
	if (rc != CNAP_EINVAL && rc != CNAP_ETOOBIG)
		return false;
	const char *field = strcmp(err->where, "mail_template.subject") == 0 ? "subject" : "body";
	web_field_error(req, resp, field, cnap_arena_strdup(req->arena, err->message));
	return true;
}

void h_mail_template_preview(struct web_req *req, struct web_resp *resp)
{
	enum cnap_mail_event ev;
	if (!event_arg(req, resp, &ev))
		return;
	const char *subject = lf_only(req->arena, web_param(req, "subject")),
		   *body = lf_only(req->arena, web_param(req, "body"));
	const char *ps = NULL, *pb = NULL;
	const char *base = req->cfg->mail ? req->cfg->mail->base_url : NULL;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_preview(&req->user->actor, ev, subject ? subject : "",
							 body ? body : "", base, req->arena, &ps, &pb, &err);
	if (rc && !check_refused(req, resp, rc, &err)) {
		web_fail(req, resp, rc, &err);
		return;
	}
	if (req->api) {
		if (!rc) {
			resp->view = tv_map(req->arena);
			struct tv *p = tv_put_map(resp->view, "preview");
			tv_put_str(p, "subject", ps);
			tv_put_str(p, "body", pb);
		}
		return;
	}
	editor(req, resp, ev, subject ? subject : "", body ? body : "", rc ? NULL : ps, rc ? NULL : pb);
}

void h_mail_template_save(struct web_req *req, struct web_resp *resp)
{
	enum cnap_mail_event ev;
	if (!event_arg(req, resp, &ev))
		return;
	const char *subject = lf_only(req->arena, web_param(req, "subject")),
		   *body = lf_only(req->arena, web_param(req, "body"));
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_set(req->store, &req->user->actor, ev, subject ? subject : "",
						     body ? body : "", &err);
	if (rc && check_refused(req, resp, rc, &err)) {
		if (!req->api)
			editor(req, resp, ev, subject ? subject : "", body ? body : "", NULL, NULL);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=template_saved", template_url(req, ev)));
}

void h_mail_template_reset(struct web_req *req, struct web_resp *resp)
{
	enum cnap_mail_event ev;
	if (!event_arg(req, resp, &ev))
		return;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_reset(req->store, &req->user->actor, ev, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=template_reset", template_url(req, ev)));
}
