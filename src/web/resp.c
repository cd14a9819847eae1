/* Request input and response helpers (web/req.h), and turning a response into bytes. */
#include "base/compat.h"
#include "base/utf8.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/tmpl.h"

#include <string.h>

static const struct tmpl_set page_set = { web_templates, WT_COUNT, web_strings_ja, WS_COUNT };

const char *web_t(enum web_str s)
{
	return (unsigned)s < WS_COUNT ? web_strings_ja[s] : "";
}

void web_resp_init(struct web_resp *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->tmpl = -1;
	cnap_buf_init(&resp->body, CNAP_BUF_DEFAULT_MAX);
}

const char *web_param(const struct web_req *req, const char *name)
{
	const char *v = web_kv_get(&req->form, name);
	return v ? v : web_kv_get(&req->query, name);
}

char *web_arg(const struct web_req *req, size_t i)
{
	if (i >= req->n_args) /* a handler asked for more than its pattern captures: empty, never NULL */
		return cnap_arena_strndup(req->arena, "", 0);
	return cnap_arena_strndup(req->arena, req->args[i].s, req->args[i].n);
}

bool web_arg_int(const struct web_req *req, size_t i, int64_t lo, int64_t hi, int64_t *out)
{
	const char *s = web_arg(req, i);
	if (!s || !*s || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

struct tv *web_page(struct web_req *req, struct web_resp *resp, enum web_tmpl t, enum web_str title)
{
	resp->tmpl = (int)t;
	if (!resp->view)
		resp->view = tv_map(req->arena);
	tv_put_str(resp->view, "page_title", web_t(title));
	return resp->view;
}

void web_redirect(struct web_resp *resp, const char *location)
{
	resp->status = 303;
	resp->location = location;
}

static const char *code_for(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 422: return "invalid";
	case 423: return "locked";
	case 503: return "unavailable";
	default: return "internal";
	}
}

void web_error(struct web_req *req, struct web_resp *resp, int status, enum web_str message)
{
	resp->status = status;
	resp->error_code = code_for(status);
	resp->message = web_t(message);
	resp->location = NULL;
	resp->view = NULL;
	/* The error page's heading is the message itself. */
	tv_put_str(web_page(req, resp, WT_error, WS_error_title), "page_title", resp->message);
}

void web_not_found(struct web_req *req, struct web_resp *resp)
{
	web_error(req, resp, 404, WS_error_not_found);
}

/*
 * The form field next to which a lower layer's error is shown. Lower layers
 * name fields by stable keys ("question.refers_to") or JSON paths
 * ("$.series[2].co2"); the forms name them as below.
 */
static const char *field_of(const struct cnap_error *err)
{
	static const struct {
		const char *key, *field;
	} fields[] = {
		{ "question.item", "item" },       { "question.page", "page" },
		{ "question.text", "text" },       { "question.note", "note" },
		{ "question.due_on", "due_on" },   { "question.refers_to", "refers_to" },
		{ "question.no", "no" },           { "answer.text", "text" },
		{ "answer.return_comment", "comment" }, { "account.current", "current" },
		{ "account.new", "new" },          { "user.login", "login" },
		{ "user.name", "name" },           { "user.password", "password" },
		{ "user.association", "association" }, { "submission.submitted_on", "submitted_on" },
		{ "step", "step" },                { "question.reopen_reason", "comment" },
		{ "edition.note", "note" },        { "question.quote", "quote" },
		{ "question.version", "version" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(fields); i++)
		if (strcmp(err->where, fields[i].key) == 0)
			return fields[i].field;
	return "";
}

void web_fail(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const struct cnap_error *err)
{
	const char *field = err ? field_of(err) : "";
	switch (rc) {
	case CNAP_ENOTFOUND:
		if (strcmp(field, "item") == 0 || strcmp(field, "refers_to") == 0 || strcmp(field, "version") == 0) {
			web_field_error(req, resp, field, web_t(WS_field_unknown));
			return;
		}
		web_not_found(req, resp);
		return;
	case CNAP_EPERM:
		web_error(req, resp, 403, err && strcmp(err->where, "wg") == 0 ? WS_error_not_member : WS_error_forbidden);
		return;
	case CNAP_ECONFLICT:
		/* A published question is changed only through a correction: say so, reloading would not help. */
		web_error(req, resp, 409, err && strcmp(err->where, "question.reopen") == 0 ? WS_error_reopen_first
											 : WS_error_conflict);
		return;
	case CNAP_EBUSY:
		/* Another process held the write lock through the whole busy timeout: it passes, so say when to retry. */
		web_error(req, resp, 503, WS_error_busy);
		resp->error_code = "busy";
		resp->retry_after = 5;
		return;
	case CNAP_EINVAL:
	case CNAP_ETOOBIG:
		web_field_error(req, resp, *field ? field : "form", web_t(WS_field_invalid));
		return;
	default:
		fprintf(stderr, "cnap serve: %s %s: %s\n", cnap_strerror(rc), err ? err->where : "",
			err ? err->message : "");
		web_error(req, resp, 500, WS_error_internal);
	}
}

void web_field_error(struct web_req *req, struct web_resp *resp, const char *field, const char *message)
{
	resp->status = 422;
	resp->error_code = "invalid";
	if (!resp->errors)
		resp->errors = tv_map(req->arena);
	if (!tv_get(resp->errors, field))
		tv_put_str(resp->errors, field, message);
	if (!resp->message)
		resp->message = web_t(WS_form_has_errors);
}

void web_add_cookie(struct web_req *req, struct web_resp *resp, const char *name, const char *value, long max_age)
{
	if (resp->n_cookies == CNAP_ARRAY_LEN(resp->cookies))
		return;
	resp->cookies[resp->n_cookies++] =
		cnap_arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s", name, value,
				  max_age, req->cfg->secure_cookies ? "; Secure" : "");
}

bool web_check_text(struct web_req *req, struct web_resp *resp, const char *field, const char *value,
		    size_t max_chars, bool multiline, bool optional)
{
	size_t len = value ? strlen(value) : 0;
	bool blank = true;
	for (size_t i = 0; i < len && blank; i++)
		blank = value[i] == ' ' || value[i] == '\n' || value[i] == '\r' || value[i] == '\t';
	if (blank) {
		if (optional)
			return true;
		web_field_error(req, resp, field, web_t(WS_field_required));
		return false;
	}
	if (!cnap_utf8_valid(value, len, NULL) ||
	    cnap_text_check(value, max_chars, multiline ? CNAP_TEXT_MULTILINE : 0, field, NULL)) {
		if (cnap_utf8_valid(value, len, NULL) && cnap_utf8_count(value, len) > max_chars)
			web_field_error(req, resp, field,
					cnap_arena_printf(req->arena, web_t(WS_field_too_long), max_chars));
		else
			web_field_error(req, resp, field, web_t(WS_field_bad_chars));
		return false;
	}
	return true;
}

/* Values every page's layout reads: who is signed in, the CSRF token, the navigation, a notice. */
static void add_layout(struct web_req *req, struct web_resp *resp)
{
	struct tv *v = resp->view;
	if (req->user) {
		struct tv *me = tv_put_map(v, "me");
		tv_put_str(me, "login", req->user->actor.login);
		tv_put_str(me, "name", req->user->name);
		tv_put_str(me, "role_label", web_t(web_role_label(req->user->actor.role)));
		if (!tv_get(v, "csrf"))
			tv_put_str(v, "csrf", req->user->csrf);
		web_nav(req, v);
	}
	if (resp->message && resp->tmpl != WT_error)
		tv_put_str(v, resp->status >= 400 ? "error_message" : "notice", resp->message);
	else if (resp->status < 400)
		tv_put_str(v, "notice", web_notice(web_param(req, "msg")));
	if (resp->errors)
		tv_put(v, "errors", resp->errors);
}

static void finalize_json(struct web_req *req, struct web_resp *resp)
{
	resp->content_type = "application/json; charset=utf-8";
	cnap_buf_reset(&resp->body);
	if (resp->status >= 400) {
		struct tv *e = tv_map(req->arena), *o = tv_map(req->arena);
		tv_put_int(o, "status", resp->status);
		tv_put_str(o, "code", resp->error_code ? resp->error_code : code_for(resp->status));
		tv_put_str(o, "message", resp->message);
		if (resp->errors)
			tv_put(o, "fields", resp->errors);
		if (resp->problems)
			tv_put(o, "problems", resp->problems);
		tv_put(e, "error", o);
		tv_to_json(e, &resp->body);
	} else if (resp->location) {
		struct tv *o = resp->view ? resp->view : tv_map(req->arena);
		tv_put_bool(o, "ok", true);
		tv_put_str(o, "location", resp->location);
		resp->status = 200; /* scripts want the result, not a redirect */
		resp->location = NULL;
		tv_to_json(o, &resp->body);
	} else {
		tv_to_json(resp->view ? resp->view : tv_map(req->arena), &resp->body);
	}
	cnap_buf_addc(&resp->body, '\n');
}

void web_finalize(struct web_req *req, struct web_resp *resp)
{
	if (resp->static_body || resp->raw_body)
		return;
	if (req->api) {
		finalize_json(req, resp);
		return;
	}
	if (resp->location)
		return;
	if (resp->tmpl < 0)
		web_error(req, resp, 500, WS_error_internal);
	add_layout(req, resp);
	resp->content_type = "text/html; charset=utf-8";
	cnap_buf_reset(&resp->body);
	if (tmpl_render(&page_set, (size_t)resp->tmpl, resp->view, &resp->body)) {
		cnap_buf_reset(&resp->body);
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		cnap_buf_adds(&resp->body, "internal error\n");
	}
}
