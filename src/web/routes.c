/*
 * The route table and the steps every request goes through before its
 * handler: parse the body, find the route, authenticate, check CSRF on
 * POST, check the role. Handlers see only requests that passed.
 */
#include "base/compat.h"
#include "web/app.h"
#include "web/cache.h"
#include "web/mailer.h"
#include "web/pages.h"

#include "io/json_mem.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

/* Who may do what is not the route's to say: every handler asks its use case (src/usecase). */
enum route_flags {
	R_PUBLIC = 1 << 0, /* no login needed */
	R_API = 1 << 1,    /* also served as JSON under /api */
	R_UPLOAD = 1 << 2, /* POST: takes a file as multipart/form-data (web/http.c reads it, bounded) */
	R_LONG_TEXT = 1 << 3, /* POST: one survey item's whole text (WEB_MAX_TEXT_BODY instead of WEB_MAX_BODY) */
	R_GET_WRITES = 1 << 4, /* GET that changes something (a link that marks a notice read): no snapshot, no cache */
};

struct route {
	enum web_method method;
	const char *pattern;
	web_handler fn;
	unsigned flags;
};

static const struct route routes[] = {
	{ WM_GET, "/", h_home, 0 },
	{ WM_GET, "/login", h_login_form, R_PUBLIC },
	{ WM_POST, "/login", h_login, R_PUBLIC },
	{ WM_POST, "/logout", h_logout, R_API },
	{ WM_GET, "/account", h_account, R_API },
	{ WM_POST, "/account/password", h_password, R_API },
	{ WM_GET, "/account/tokens", h_tokens, R_API },
	{ WM_POST, "/account/tokens/:id/revoke", h_token_revoke, R_API },
	{ WM_GET, "/c/:year", h_dashboard, R_API },
	{ WM_GET, "/c/:year/queue", h_queue, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc", h_association, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/new", h_new_question, 0 },
	/* The form again, from a passage selected in the reading view (too long for a URL). */
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/new", h_new_question, 0 },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/read", h_survey_read, 0 },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/data", h_data, R_API },
	/* before /data/:table, which would take these names for tables */
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/submit", h_data_submit, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/discard", h_data_discard, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/copy-last-year", h_data_copy_last_year, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/data/workbook", h_workbook, 0 },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/data/workbook.xlsx", h_workbook_download, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/workbook", h_workbook_upload, R_API | R_UPLOAD },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/survey.pdf", h_survey_pdf, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/pages", h_survey_pages, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/pages", h_survey_pages_save, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/pages/document", h_survey_document_upload, R_API | R_UPLOAD },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/diff", h_survey_diff, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/text", h_text, R_API },
	/* before /text/:item, which would take these names for items */
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/submit", h_text_submit, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/import", h_text_import, R_API | R_UPLOAD },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/import/confirm", h_text_import_confirm, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/discard", h_text_discard, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/text/:item", h_text_item, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/:item", h_text_item_save, R_API | R_LONG_TEXT },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/text/:item/discard", h_text_item_discard, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/data/:table", h_data_table, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/:table", h_data_table_save, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/data/:table/preview", h_data_table_preview, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/questions", h_file_question, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/remarks", h_remark_add, R_API },
	{ WM_GET, "/c/:year/w/:wg/a/:assoc/years", h_association_years, R_API },
	{ WM_POST, "/c/:year/w/:wg/a/:assoc/remarks/:id/delete", h_remark_delete, R_API },
	{ WM_GET, "/c/:year/w/:wg/publish", h_publish, R_API },
	{ WM_POST, "/c/:year/w/:wg/publish", h_publish_mark, R_API },
	{ WM_GET, "/c/:year/w/:wg/publish/preview", h_publish_preview, 0 },
	/* before /publish/:file, which would take the name for a file */
	{ WM_GET, "/c/:year/w/:wg/publish/editions", h_editions, R_API },
	{ WM_GET, "/c/:year/w/:wg/publish/editions/:n/:file", h_edition_download, R_API },
	{ WM_GET, "/c/:year/w/:wg/publish/:file", h_publish_download, R_API },
	{ WM_GET, "/q/:id", h_question, R_API },
	{ WM_POST, "/q/:id/edit", h_question_edit, R_API },
	{ WM_POST, "/q/:id/step", h_question_step, R_API },
	{ WM_POST, "/q/:id/answer", h_answer, R_API },
	{ WM_POST, "/q/:id/confirm", h_question_confirm, R_API },
	{ WM_POST, "/q/:id/carry", h_question_carry, R_API },
	{ WM_GET, "/q/:id/history", h_history, R_API },
	{ WM_GET, "/search", h_search, R_API },
	{ WM_GET, "/admin/cycles", h_cycles, R_API },
	{ WM_POST, "/admin/cycles/new", h_cycle_new, R_API },
	{ WM_POST, "/admin/cycles/:year/close", h_cycle_close, R_API },
	{ WM_GET, "/admin/users", h_users, R_API },
	{ WM_POST, "/admin/users", h_user_add, R_API },
	{ WM_POST, "/admin/users/:login/password", h_user_password, R_API },
	{ WM_GET, "/admin/org", h_org, R_API },
	{ WM_POST, "/admin/org/wgs", h_org_wg_add, R_API },
	{ WM_POST, "/admin/org/wgs/:wg", h_org_wg_rename, R_API },
	{ WM_POST, "/admin/org/associations", h_org_association_add, R_API },
	{ WM_POST, "/admin/org/associations/:assoc", h_org_association_edit, R_API },
	{ WM_POST, "/admin/org/participations", h_org_join, R_API },
	{ WM_POST, "/admin/org/participations/:wg/:assoc", h_org_enrolment, R_API },
	{ WM_POST, "/admin/org/participations/:wg/:assoc/remove", h_org_leave, R_API },
	{ WM_GET, "/admin/users/:login/edit", h_user_edit_form, R_API },
	{ WM_POST, "/admin/users/:login/edit", h_user_edit, R_API },
	{ WM_POST, "/admin/users/:login/tokens/:id/revoke", h_user_token_revoke, R_API },
	{ WM_POST, "/admin/user-import", h_user_import, R_API | R_UPLOAD },
	{ WM_POST, "/admin/user-import/confirm", h_user_import_confirm, R_API },
	{ WM_GET, "/notifications", h_notifications, R_API },
	{ WM_POST, "/notifications/read-all", h_notifications_read_all, R_API },
	{ WM_GET, "/notifications/:id/open", h_notification_open, R_API | R_GET_WRITES },
	{ WM_POST, "/account/mail", h_account_mail, R_API },
	{ WM_POST, "/admin/users/:login/mail", h_user_mail, R_API },
	{ WM_GET, "/admin/mail", h_mail, R_API },
	{ WM_POST, "/admin/mail/test", h_mail_test, R_API },
	{ WM_POST, "/admin/mail/reminders", h_mail_reminders, R_API },
	/* before /admin/mail/:id, which would take the name for a message */
	{ WM_GET, "/admin/mail/templates", h_mail_templates, R_API },
	{ WM_GET, "/admin/mail/templates/:event", h_mail_template, R_API },
	{ WM_POST, "/admin/mail/templates/:event", h_mail_template_save, R_API },
	{ WM_POST, "/admin/mail/templates/:event/preview", h_mail_template_preview, R_API },
	{ WM_POST, "/admin/mail/templates/:event/reset", h_mail_template_reset, R_API },
	{ WM_GET, "/admin/mail/:id", h_mail_message, R_API },
	{ WM_POST, "/admin/mail/:id/resend", h_mail_resend, R_API },
};

bool web_route_at(size_t i, struct web_route_info *out)
{
	if (i >= CNAP_ARRAY_LEN(routes))
		return false;
	out->method = routes[i].method == WM_POST ? "POST" : "GET";
	out->pattern = routes[i].pattern;
	out->public_route = routes[i].flags & R_PUBLIC;
	out->api = routes[i].flags & R_API;
	return true;
}

bool web_route_takes_upload(const char *url)
{
	bool api = strncmp(url, "/api/", 5) == 0;
	const char *path = api ? url + 4 : url;
	struct web_span args[WEB_MAX_ARGS];
	size_t n;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(routes); i++)
		if (routes[i].method == WM_POST && (routes[i].flags & R_UPLOAD) && (!api || (routes[i].flags & R_API)) &&
		    web_route_match(routes[i].pattern, path, args, &n))
			return true;
	return false;
}

bool web_route_takes_long_text(const char *url)
{
	bool api = strncmp(url, "/api/", 5) == 0;
	const char *path = api ? url + 4 : url;
	struct web_span args[WEB_MAX_ARGS];
	size_t n;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(routes); i++)
		if (routes[i].method == WM_POST && (routes[i].flags & R_LONG_TEXT) &&
		    (!api || (routes[i].flags & R_API)) && web_route_match(routes[i].pattern, path, args, &n))
			return true;
	return false;
}

/* A JSON object's members as form fields: strings as they are, numbers in decimal, true as "1", and an
 * array of strings as the same field repeated (like a form's checkboxes). */
static bool json_field(struct web_req *req, const char *key, json_t *v)
{
	char num[32];
	const char *s = NULL;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v)), s = num;
	else if (json_is_true(v))
		s = "1";
	else if (json_is_false(v) || json_is_null(v))
		return true;
	else
		return false;
	return web_kv_add(req->arena, &req->form, key, strlen(key), s, strlen(s)) == CNAP_OK;
}

static bool json_fields(struct web_req *req)
{
	json_error_t jerr;
	json_t *root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	bool ok = root && json_is_object(root);
	const char *key;
	json_t *v, *item;
	size_t i;
	json_object_foreach(ok ? root : NULL, key, v)
	{
		if (!json_is_array(v))
			ok = ok && json_field(req, key, v);
		else
			json_array_foreach(v, i, item) ok = ok && json_is_string(item) && json_field(req, key, item);
	}
	json_decref(root);
	return ok;
}

static bool parse_body(struct web_req *req, struct web_resp *resp)
{
	if (req->method != WM_POST || !req->body_len)
		return true; /* nothing sent, or an upload http.c has already read into req->form and req->upload */
	const char *ct = req->content_type ? req->content_type : "";
	bool ok;
	enum cnap_err rc = CNAP_OK;
	unsigned long json_failures = cnap_json_alloc_failures();
	if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		ok = (rc = web_form_parse(req->arena, req->body, req->body_len, &req->form)) == CNAP_OK;
	else if (strncasecmp(ct, "multipart/form-data", 19) == 0 && web_route_takes_upload(req->path))
		ok = true; /* an upload of nobody signed in: not read (web/http.c), answered as the route answers them */
	else if (strncmp(ct, "application/json", 16) == 0)
		ok = json_fields(req);
	else
		ok = false;
	/* Out of memory is ours, not a bad request. */
	bool oom = rc == CNAP_ENOMEM || cnap_json_alloc_failures() != json_failures;
	if (oom)
		web_error(req, resp, 500, WS_error_internal);
	else if (!ok)
		web_error(req, resp, 400, WS_error_bad_request);
	return ok && !oom;
}

void web_dispatch(struct web_req *req, struct web_resp *resp)
{
	if (!req->api && (strncmp(req->path, "/static/", 8) == 0 || strcmp(req->path, "/favicon.ico") == 0)) {
		h_static(req, resp);
		return;
	}
	/* First, before anything is read: what this request reads is at least as new as this number. */
	req->gen = web_gen_sync(req->store);
	web_auth_load(req);
	if (!parse_body(req, resp))
		return;
	const struct route *found = NULL;
	bool other_method = false;
	enum web_method m = req->method == WM_HEAD ? WM_GET : req->method;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(routes) && !found; i++) {
		if (req->api && !(routes[i].flags & R_API))
			continue;
		if (!web_route_match(routes[i].pattern, req->path, req->args, &req->n_args))
			continue;
		if (routes[i].method == m)
			found = &routes[i];
		else
			other_method = true;
	}
	if (!found) {
		if (other_method)
			web_error(req, resp, 405, WS_error_method);
		else
			web_not_found(req, resp);
		return;
	}
	if (!(found->flags & R_PUBLIC) && !req->user) {
		if (req->api) {
			web_error(req, resp, 401, WS_error_login_needed);
		} else {
			/* Back to this page after login: only GET pages, and only paths that need no escaping. */
			bool plain = m == WM_GET && strspn(req->path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
								     "0123456789/_.-") == strlen(req->path);
			web_redirect(resp, plain ? cnap_arena_printf(req->arena, "/login?next=%s", req->path) : "/login");
		}
		return;
	}
	if (m == WM_POST && !web_csrf_ok(req)) {
		web_error(req, resp, 403, WS_error_csrf);
		return;
	}
	/* A signed-in user's GET: the same page again costs one SQL statement until something is written. */
	bool reads = m == WM_GET && !(found->flags & R_GET_WRITES);
	if (reads && req->user && (req->cache_key = web_page_key(req)) && web_page_cache_get(req->cache_key, resp))
		return;
	/* A page reads one moment of the database, and takes SQLite's read lock once for its twenty-odd statements. */
	bool snapshot = reads && cnap_store_read_begin(req->store, NULL) == CNAP_OK;
	found->fn(req, resp);
	if (snapshot)
		cnap_store_read_end(req->store);
	/* A change may have queued mail: the sender need not wait for its next round. */
	if (m == WM_POST && resp->status < 400)
		web_mailer_kick();
}
