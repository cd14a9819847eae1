/*
 * The printed 調査票 in the browser (issue 12 part 3): its PDF download
 * (the association's own file when it uploaded one, else cnap's rendering),
 * and the page map screen — which version, where each item's heading is,
 * the upload of the association's finished PDF as the document of record,
 * and the page numbers to correct where its headings were not found.
 * What each user may do is the use case's answer (usecase/survey_document.h).
 */
#include "base/compat.h"
#include "usecase/survey_document.h"
#include "usecase/survey_render.h"
#include "web/pages.h"

#include <string.h>

static const char *base_url(struct web_req *req, int year, const char *wg, const char *assoc)
{
	return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s", year, wg, assoc);
}

/* 1 to 4 ASCII digits as a number, else -1. */
static int small_number(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 4 || strspn(s, "0123456789") != n)
		return -1;
	int v = 0;
	for (; *s; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* ?version=N (or the form's field): 0 when absent, -1 when it is not a version number. */
static int version_param(struct web_req *req)
{
	const char *v = web_param(req, "version");
	return !v || !*v ? 0 : small_number(v);
}

void h_survey_pdf(struct web_req *req, struct web_resp *resp)
{
	int year, version = version_param(req);
	if (!web_year_arg(req, resp, 0, &year))
		return;
	if (version < 0) {
		web_not_found(req, resp);
		return;
	}
	const char *wg = web_arg(req, 1), *assoc = web_arg(req, 2), *rendered = web_param(req, "rendered");
	bool of_record = false;
	const char *name = NULL;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_survey_pdf(req->store, &req->user->actor, year, wg, assoc, version,
					      rendered && !strcmp(rendered, "1"), req->arena, &resp->body, &of_record, &name,
					      &err);
	if (rc) {
		cnap_buf_reset(&resp->body);
		web_fail(req, resp, rc, &err);
		return;
	}
	resp->raw_body = true;
	resp->content_type = "application/pdf";
	/* One name for every browser: the file's own when it is plain ASCII (cnap's "…-v5.pdf"). */
	bool plain = name && *name;
	for (const char *p = name; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			*p == '_' || *p == '.';
	const char *ascii = plain ? name : cnap_arena_printf(req->arena, "survey-%d-%s-%s.pdf", year, wg, assoc);
	web_attachment(req, resp, name ? name : ascii, ascii);
}

static const char *size_label(struct cnap_arena *a, size_t n)
{
	if (n >= 1024 * 1024)
		return cnap_arena_printf(a, "%.1f MB", (double)n / (1024.0 * 1024.0));
	return cnap_arena_printf(a, "%zu KB", (n + 1023) / 1024);
}

/* The screen for map m; errors (a bad page, a refused file) are already in resp, bad marks the rows'. */
static struct tv *pages_page(struct web_req *req, struct web_resp *resp, const struct cnap_uc_page_map *m,
			     const bool *bad)
{
	struct assoc_ctx c = { .year = m->o.year, .wg = m->o.wg.code, .assoc = m->o.as.code, .o = m->o };
	int status = resp->status;
	struct tv *v = web_page(req, resp, WT_survey_pages, WS_pages_title);
	if (status)
		resp->status = status;
	web_assoc_ctx_put(req, v, &c);
	const char *base = base_url(req, c.year, c.wg, c.assoc);
	tv_put_int(v, "version", m->version);
	tv_put_str(v, "action", cnap_arena_printf(req->arena, "%s/pages", base));
	tv_put_str(v, "upload_url", cnap_arena_printf(req->arena, "%s/pages/document", base));
	tv_put_str(v, "pdf_url", cnap_arena_printf(req->arena, "%s/survey.pdf?version=%d", base, m->version));
	tv_put_bool(v, "can_correct", m->can_correct);
	tv_put_bool(v, "can_attach", m->o.can_enter_data);
	tv_put_bool(v, "has_document", m->has_document);
	tv_put_int(v, "n_missing", (int64_t)m->n_missing);
	if (m->has_document) {
		struct tv *d = tv_put_map(v, "document");
		tv_put_str(d, "filename", m->doc.filename);
		tv_put_str(d, "size", size_label(req->arena, m->doc.size));
		tv_put_str(d, "uploaded_by", web_user_name(req, m->doc.uploaded_by));
		tv_put_str(d, "uploaded_at", web_date_label(req->arena, m->doc.uploaded_at));
		tv_put_str(v, "rendered_url",
			   cnap_arena_printf(req->arena, "%s/survey.pdf?version=%d&rendered=1", base, m->version));
	}
	struct tv *versions = tv_put_list(v, "versions");
	for (size_t k = 0; k < m->o.part.n_submissions; k++) {
		int n = m->o.part.submissions[k].version;
		struct tv *vm = tv_push_map(versions);
		tv_put_int(vm, "n", n);
		tv_put_str(vm, "url", cnap_arena_printf(req->arena, "%s/pages?version=%d", base, n));
		tv_put_bool(vm, "current", n == m->version);
	}
	struct tv *rows = tv_put_list(v, "rows");
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct cnap_uc_page_row *r = &m->rows[i];
		struct tv *rm = tv_push_map(rows);
		const char *typed = web_param(req, cnap_arena_printf(req->arena, "page.%s", r->item->key));
		tv_put_str(rm, "key", r->item->key);
		tv_put_str(rm, "field", cnap_arena_printf(req->arena, "page.%s", r->item->key));
		tv_put_str(rm, "number", r->number);
		tv_put_str(rm, "title", r->title);
		tv_put_str(rm, "depth", r->item->depth == 0 ? "d0" : "d1");
		tv_put_str(rm, "page", typed ? typed : r->page ? cnap_arena_printf(req->arena, "%d", r->page) : "");
		tv_put_str(rm, "page_label", r->page ? cnap_arena_printf(req->arena, "P.%d", r->page) : "－");
		tv_put_str(rm, "found", m->has_document ? r->found ? cnap_arena_printf(req->arena, "P.%d", r->found)
								   : web_t(WS_pages_not_found)
							: NULL);
		tv_put_bool(rm, "missing", m->has_document && !r->found);
		tv_put_bool(rm, "corrected", r->corrected);
		tv_put_str(rm, "error", bad && bad[i] ? web_t(WS_pages_bad_page) : NULL);
	}
	return v;
}

static bool map_load(struct web_req *req, struct web_resp *resp, int version, struct cnap_uc_page_map *m)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return false;
	if (version < 0) {
		web_not_found(req, resp);
		return false;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_page_map_load(req->store, &req->user->actor, year, web_arg(req, 1), web_arg(req, 2),
						 version, req->arena, m, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	return rc == CNAP_OK;
}

void h_survey_pages(struct web_req *req, struct web_resp *resp)
{
	struct cnap_uc_page_map m;
	if (!map_load(req, resp, version_param(req), &m))
		return;
	struct tv *v = pages_page(req, resp, &m, NULL);
	const char *saved = web_param(req, "saved"), *found = web_param(req, "found");
	tv_put_bool(v, "saved", saved && !strcmp(saved, "1"));
	if (found && *found && strlen(found) < 5 && strspn(found, "0123456789") == strlen(found))
		tv_put_str(v, "attached", cnap_arena_printf(req->arena, "%s%zu%s%s%s", web_t(WS_pages_attached_prefix),
							    m.n_rows, web_t(WS_pages_attached_mid), found,
							    web_t(WS_pages_attached_suffix)));
}

/* The map, for attaching a document: those who may only read it are refused (403). */
static bool map_load_for_attach(struct web_req *req, struct web_resp *resp, struct cnap_uc_page_map *m)
{
	if (!map_load(req, resp, version_param(req), m))
		return false;
	if (!m->o.can_enter_data)
		web_error(req, resp, 403, WS_error_forbidden);
	return m->o.can_enter_data;
}

/* The map, for a correction: those who may only read it are refused (403), a computed map is never typed in. */
static bool map_load_for_change(struct web_req *req, struct web_resp *resp, struct cnap_uc_page_map *m)
{
	if (!map_load(req, resp, version_param(req), m))
		return false;
	if (!m->can_correct && m->computed && m->o.can_enter_data) {
		web_error(req, resp, 409, WS_pages_computed_only);
		return false;
	}
	if (!m->can_correct)
		web_error(req, resp, 403, WS_error_forbidden);
	return m->can_correct;
}

void h_survey_pages_save(struct web_req *req, struct web_resp *resp)
{
	struct cnap_uc_page_map m;
	if (!map_load_for_change(req, resp, &m))
		return;
	struct cnap_page_ref *pages = cnap_arena_calloc(req->arena, m.n_rows + 1, sizeof(*pages));
	bool *bad = cnap_arena_calloc(req->arena, m.n_rows + 1, sizeof(*bad));
	size_t n = 0;
	if (!pages || !bad) {
		web_error(req, resp, 500, WS_error_internal);
		return;
	}
	for (size_t i = 0; i < m.n_rows; i++) {
		const char *field = cnap_arena_printf(req->arena, "page.%s", m.rows[i].item->key);
		const char *s = web_param(req, field);
		if (!s)
			continue; /* not on the form: left as it is */
		int page = *s ? small_number(s) : 0; /* empty: no page */
		if (page < 0 || (*s && page == 0)) {
			web_field_error(req, resp, field, web_t(WS_pages_bad_page));
			bad[i] = true;
			continue;
		}
		pages[n++] = (struct cnap_page_ref){ .item_key = m.rows[i].item->key, .page = page };
	}
	if (resp->errors) {
		pages_page(req, resp, &m, bad);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_page_map_correct(req->store, &req->user->actor, m.o.year, m.o.wg.code, m.o.as.code,
						    m.version, pages, n, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s/pages?version=%d&saved=1",
					     base_url(req, m.o.year, m.o.wg.code, m.o.as.code), m.version));
}

void h_survey_document_upload(struct web_req *req, struct web_resp *resp)
{
	struct cnap_uc_page_map m;
	if (!map_load_for_attach(req, resp, &m))
		return;
	if (!req->upload || !req->upload_len) {
		web_field_error(req, resp, "file", web_t(WS_pages_no_file));
		pages_page(req, resp, &m, NULL);
		return;
	}
	struct cnap_uc_attached res;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_document_attach(req->store, &req->user->actor, m.o.year, m.o.wg.code, m.o.as.code,
						   m.version, req->upload_name, req->upload, req->upload_len, &res, &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG) {
		/* The file's problem, said where the file is chosen; nothing was saved. */
		/* err lives on this stack; the page is rendered after the handler returns */
		const char *why = err.message[0] ? cnap_arena_strdup(req->arena, err.message) : NULL;
		web_field_error(req, resp, "file", why ? why : web_t(WS_field_invalid));
		if (rc == CNAP_ETOOBIG)
			resp->status = 413;
		pages_page(req, resp, &m, NULL);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s/pages?version=%d&found=%zu",
					     base_url(req, m.o.year, m.o.wg.code, m.o.as.code), res.version, res.n_found));
	if (req->api) {
		struct tv *v = resp->view = tv_map(req->arena);
		tv_put_int(v, "version", res.version);
		tv_put_int(v, "items", (int64_t)res.n_items);
		tv_put_int(v, "found", (int64_t)res.n_found);
		tv_put_int(v, "pages", res.n_pages);
	}
}
