/*
 * The survey's data tables as an Excel workbook (issue 10): a page with the
 * download and, for those who may enter the data, the upload; the download
 * itself; and the upload, which becomes a new version or lists every problem
 * of the file with its cell. The workbook and its reading are
 * usecase/survey_workbook.h's; the file comes from http.c's multipart reader.
 */
#include "base/compat.h"
#include "usecase/survey_workbook.h"
#include "web/pages.h"

#include <string.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *base_url(struct web_req *req, const struct assoc_ctx *c)
{
	return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data/workbook", c->year, c->wg, c->assoc);
}

static struct tv *workbook_page(struct web_req *req, struct web_resp *resp, const struct assoc_ctx *c)
{
	struct tv *v = web_page(req, resp, WT_workbook, WS_workbook_title);
	web_assoc_ctx_put(req, v, c);
	const char *base = base_url(req, c);
	tv_put_str(v, "action", base);
	tv_put_str(v, "download_url", cnap_arena_printf(req->arena, "%s.xlsx", base));
	tv_put_bool(v, "can_upload", c->o.can_enter_data);
	return v;
}

void h_workbook(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	struct tv *v = workbook_page(req, resp, &c);
	int64_t version;
	const char *imported = web_param(req, "imported");
	if (imported && strlen(imported) < 10 && strspn(imported, "0123456789") == strlen(imported) && *imported) {
		version = 0;
		for (const char *p = imported; *p; p++)
			version = version * 10 + (*p - '0');
		tv_put_int(v, "imported", version);
	}
}

/* RFC 5987: the name as UTF-8 with every byte outside attr-char %-encoded. */
static const char *ext_value(struct web_req *req, const char *name)
{
	static const char attr[] = "!#$&+-.^_`|~";
	struct cnap_buf b;
	cnap_buf_init(&b, 4096);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(attr, *p))
			cnap_buf_addc(&b, (char)*p);
		else
			cnap_buf_addf(&b, "%%%02X", *p);
	}
	const char *out = b.status ? NULL : cnap_arena_strdup(req->arena, b.data ? b.data : "");
	cnap_buf_release(&b);
	return out;
}

void web_attachment(struct web_req *req, struct web_resp *resp, const char *name, const char *ascii)
{
	const char *utf8 = ext_value(req, name);
	resp->disposition = utf8 ? cnap_arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
						     ascii, utf8)
				 : cnap_arena_printf(req->arena, "attachment; filename=\"%s\"", ascii);
}

void h_workbook_download(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	const char *name = NULL, *ascii = NULL;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_workbook_export(req->store, &req->user->actor, year, web_arg(req, 1), web_arg(req, 2),
						   req->arena, &resp->body, &name, &ascii, &err);
	if (rc) {
		cnap_buf_reset(&resp->body);
		web_fail(req, resp, rc, &err);
		return;
	}
	resp->raw_body = true;
	resp->content_type = XLSX_TYPE;
	web_attachment(req, resp, name, ascii);
}

void h_workbook_upload(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	if (!c.o.can_enter_data) {
		web_error(req, resp, 403, WS_error_forbidden);
		return;
	}
	const char *note = web_param(req, "note");
	if (note && !*note)
		note = NULL;
	if (!req->upload || !req->upload_len)
		web_field_error(req, resp, "file", web_t(WS_workbook_no_file));
	web_check_text(req, resp, "note", note, CNAP_MAX_NOTE_CHARS, true, true);
	if (resp->errors) {
		int status = resp->status;
		struct tv *v = workbook_page(req, resp, &c);
		tv_put_str(v, "note", note);
		resp->status = status;
		return;
	}
	struct cnap_uc_import res;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_workbook_import(req->store, &req->user->actor, c.year, c.wg, c.assoc, req->upload,
						   req->upload_len, req->upload_name, note, req->arena, &res, &err);
	if (!rc) {
		web_redirect(resp, cnap_arena_printf(req->arena, "%s?imported=%d", base_url(req, &c), res.version));
		if (req->api) {
			struct tv *v = resp->view = tv_map(req->arena);
			tv_put_int(v, "version", res.version);
			struct tv *missing = tv_put_list(v, "unchanged_tables");
			for (size_t i = 0; i < res.n_missing; i++)
				tv_push(missing, tv_str(req->arena, res.missing[i]));
		}
		return;
	}
	if (!res.problems.n || rc == CNAP_ENOTFOUND || rc == CNAP_EPERM || rc == CNAP_ENOMEM || rc == CNAP_EDB ||
	    rc == CNAP_EBUSY || rc == CNAP_EIO) {
		web_fail(req, resp, rc, &err);
		return;
	}
	/* The file's problems, every one with its place: the page again, with the list. */
	struct tv *v = workbook_page(req, resp, &c);
	struct tv *list = tv_put_list(v, "problems");
	struct tv *api_list = tv_list(req->arena);
	for (size_t i = 0; i < res.problems.n; i++) {
		const struct cnap_form_problem *p = &res.problems.v[i];
		struct tv *m = tv_push_map(list), *am = tv_push_map(api_list);
		tv_put_str(m, "where", p->where);
		tv_put_str(m, "message", p->message);
		tv_put_str(am, "where", p->where);
		tv_put_str(am, "message", p->message);
	}
	tv_put_bool(v, "has_problems", true);
	tv_put_int(v, "n_problems", (int64_t)(res.problems.n + res.problems.dropped));
	tv_put_str(v, "note", note);
	resp->status = rc == CNAP_ETOOBIG ? 413 : 422;
	resp->error_code = rc == CNAP_ETOOBIG ? "too_large" : rc == CNAP_EFORMAT ? "unsupported_file" : "invalid";
	if (req->api) /* the page shows the list under its own heading; the API's error says it once */
		resp->message = web_t(WS_workbook_problems);
	resp->problems = api_list;
}
