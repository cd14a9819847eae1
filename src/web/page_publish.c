/*
 * The publication page: the 事前質問・回答一覧 of a WG (or one association)
 * previewed exactly as published, its downloads, and marking it published.
 * The documents come from publish/, the same code as 'cnap publish qa-list'.
 */
#include "base/compat.h"
#include "publish/qa_doc.h"
#include "publish/qa_pdf.h"
#include "publish/qa_xlsx.h"
#include "publish/qa_render.h"
#include "web/pages.h"

#include <sodium.h>
#include <string.h>

struct pub_ctx {
	int year;
	struct cnap_wg wg;
	struct cnap_association *members;
	size_t n_members;
	const char *only; /* one association's code, or NULL for the whole WG */
};

static bool load_pub(struct web_req *req, struct web_resp *resp, struct pub_ctx *c)
{
	if (!web_year_arg(req, resp, 0, &c->year))
		return false;
	const char *wg = web_arg(req, 1);
	if (cnap_store_wg_get(req->store, c->year, wg, req->arena, &c->wg, NULL) ||
	    cnap_store_association_list(req->store, c->year, wg, req->arena, &c->members, &c->n_members, NULL)) {
		web_not_found(req, resp);
		return false;
	}
	c->only = web_param(req, "association");
	if (c->only && !*c->only)
		c->only = NULL;
	bool member = !c->only;
	for (size_t i = 0; i < c->n_members && !member; i++)
		member = strcmp(c->members[i].code, c->only) == 0;
	if (!member) {
		web_not_found(req, resp);
		return false;
	}
	return true;
}

static bool selected(const struct pub_ctx *c, const char *code)
{
	return !c->only || strcmp(c->only, code) == 0;
}

static enum cnap_err build_doc(struct web_req *req, const struct pub_ctx *c, struct cnap_qa_doc *doc,
			       struct cnap_error *err)
{
	struct cnap_qa_input_assoc *in = cnap_arena_calloc(req->arena, c->n_members + 1, sizeof(*in));
	size_t n = 0;
	if (!in)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < c->n_members; i++) {
		if (!selected(c, c->members[i].code))
			continue;
		struct web_outline *o = cnap_arena_calloc(req->arena, 1, sizeof(*o));
		struct cnap_question_filter f = { .year = c->year, .wg_code = c->wg.code,
						  .association_code = c->members[i].code, .status = -1 };
		struct cnap_question *qs;
		size_t nq;
		enum cnap_err rc;
		if (!o)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		if ((rc = web_outline_load(req, c->year, c->wg.code, c->members[i].code, o, err)) ||
		    (rc = cnap_store_question_list(req->store, &f, req->arena, &qs, &nq, err)))
			return rc;
		in[n].association = &o->as;
		in[n].outline = &o->tmpl;
		in[n].questions = qs;
		in[n].n_questions = nq;
		n++;
	}
	return cnap_qa_doc_build(req->arena, c->year, &c->wg, in, n, doc, err);
}

/* The WG's questions whose answers are accepted: what "publish" turns into published. */
static bool accepted(struct web_req *req, struct web_resp *resp, const struct pub_ctx *c, struct cnap_question **qs,
		     size_t *n)
{
	struct cnap_question_filter f = { .year = c->year, .wg_code = c->wg.code, .status = CNAP_Q_ACCEPTED };
	return web_questions(req, resp, &f, qs, n);
}

static const char *query_suffix(struct web_req *req, const struct pub_ctx *c)
{
	return c->only ? cnap_arena_printf(req->arena, "?association=%s", c->only) : "";
}

void h_publish(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	struct cnap_question *qs;
	size_t nq = 0, ready = 0;
	if (!accepted(req, resp, &c, &qs, &nq))
		return;
	for (size_t i = 0; i < nq; i++)
		ready += selected(&c, qs[i].association_code);
	struct tv *v = web_page(req, resp, WT_publish, WS_publish_title);
	const char *base = cnap_arena_printf(req->arena, "/c/%d/w/%s/publish", c.year, c.wg.code);
	const char *q = query_suffix(req, &c);
	tv_put_int(v, "year", c.year);
	tv_put_str(v, "era", web_era(req->arena, c.year));
	tv_put_str(v, "wg_name", c.wg.name);
	tv_put_str(v, "action", base);
	tv_put_str(v, "association", c.only);
	tv_put_str(v, "preview_url", cnap_arena_printf(req->arena, "%s/preview%s", base, q));
	tv_put_int(v, "ready", (int64_t)ready);
	struct tv *choices = tv_put_list(v, "choices");
	struct tv *all = tv_push_map(choices);
	tv_put_str(all, "label", web_t(WS_publish_whole_wg));
	tv_put_str(all, "url", base);
	tv_put_bool(all, "current", !c.only);
	for (size_t i = 0; i < c.n_members; i++) {
		struct tv *m = tv_push_map(choices);
		tv_put_str(m, "label", c.members[i].name);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "%s?association=%s", base, c.members[i].code));
		tv_put_bool(m, "current", c.only && strcmp(c.only, c.members[i].code) == 0);
	}
	struct tv *dl = tv_put_list(v, "downloads");
	static const char *const formats[] = { "pdf", "xlsx", "html", "csv", "json" };
	static const enum web_str labels[] = { WS_publish_dl_pdf, WS_publish_dl_xlsx, WS_publish_dl_html,
					       WS_publish_dl_csv, WS_publish_dl_json };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(formats); i++) {
		struct tv *m = tv_push_map(dl);
		tv_put_str(m, "label", web_t(labels[i]));
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "%s/qa-list.%s%s", base, formats[i], q));
	}
}

/* The published HTML carries its own <style>: allow exactly that one, by hash, and nothing else. */
static const char *preview_csp(struct web_req *req, const struct cnap_buf *html)
{
	const char *open = strstr(html->data, "<style>"), *close = open ? strstr(open, "</style>") : NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	if (!close)
		return "default-src 'none'; frame-ancestors 'self'";
	open += strlen("<style>");
	crypto_hash_sha256(h, (const unsigned char *)open, (unsigned long long)(close - open));
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h), sodium_base64_VARIANT_ORIGINAL);
	return cnap_arena_printf(req->arena, "default-src 'none'; style-src 'sha256-%s'; frame-ancestors 'self'", b64);
}

enum doc_format { DOC_HTML, DOC_CSV, DOC_JSON, DOC_PDF, DOC_XLSX };

static bool render(struct web_req *req, struct web_resp *resp, const struct pub_ctx *c, enum doc_format f)
{
	struct cnap_qa_doc doc;
	struct cnap_error err = { 0 };
	enum cnap_err rc = build_doc(req, c, &doc, &err);
	if (!rc && (f == DOC_PDF || f == DOC_XLSX)) {
		/* Same data, same bytes (as 'cnap publish'): the file is dated by the data's last change. */
		const char *date = NULL;
		rc = cnap_store_last_change(req->store, req->arena, &date, &err);
		if (!rc)
			rc = f == DOC_PDF ? cnap_qa_pdf_write(&doc, date, &resp->body, &err)
					  : cnap_qa_render_xlsx(&doc, date, &resp->body, &err);
	} else if (!rc) {
		rc = (f == DOC_HTML ? cnap_qa_render_html : f == DOC_CSV ? cnap_qa_render_csv : cnap_qa_render_json)(
			&doc, &resp->body, &err);
	}
	if (rc) {
		cnap_buf_reset(&resp->body);
		web_fail(req, resp, rc, &err);
		return false;
	}
	resp->raw_body = true;
	return true;
}

void h_publish_preview(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c) || !render(req, resp, &c, DOC_HTML))
		return;
	resp->content_type = "text/html; charset=utf-8";
	resp->csp = preview_csp(req, &resp->body);
	resp->framable = true;
}

void h_publish_download(struct web_req *req, struct web_resp *resp)
{
	static const struct {
		const char *file, *ext, *type;
		enum doc_format format;
	} files[] = {
		{ "qa-list.html", "html", "text/html; charset=utf-8", DOC_HTML },
		{ "qa-list.csv", "csv", "text/csv; charset=utf-8", DOC_CSV },
		{ "qa-list.json", "json", "application/json; charset=utf-8", DOC_JSON },
		{ "qa-list.pdf", "pdf", "application/pdf", DOC_PDF },
		{ "qa-list.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DOC_XLSX },
	};
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	const char *file = web_arg(req, 2);
	size_t i = 0;
	while (i < CNAP_ARRAY_LEN(files) && strcmp(file, files[i].file) != 0)
		i++;
	if (i == CNAP_ARRAY_LEN(files)) {
		web_not_found(req, resp);
		return;
	}
	if (!render(req, resp, &c, files[i].format))
		return;
	resp->content_type = files[i].type;
	resp->disposition = cnap_arena_printf(req->arena, "attachment; filename=\"qa-list-%d-%s%s%s.%s\"", c.year,
					      c.wg.code, c.only ? "-" : "", c.only ? c.only : "", files[i].ext);
	if (files[i].format == DOC_HTML)
		resp->csp = preview_csp(req, &resp->body);
}

void h_publish_mark(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	struct cnap_question *qs;
	size_t nq, done = 0;
	struct cnap_error err = { 0 };
	if (!accepted(req, resp, &c, &qs, &nq))
		return;
	/* One transaction: the list is published whole or not at all. */
	enum cnap_err rc = cnap_store_begin(req->store, &err);
	if (!rc) {
		for (size_t i = 0; !rc && i < nq; i++)
			if (selected(&c, qs[i].association_code)) {
				rc = cnap_wf_question_step(req->store, &req->user->actor, qs[i].id, CNAP_WF_PUBLISH, NULL,
							   &err);
				done++;
			}
		if (rc)
			cnap_store_rollback(req->store);
		else
			rc = cnap_store_commit(req->store, &err);
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d/w/%s/publish%s%smsg=published", c.year, c.wg.code,
					     c.only ? query_suffix(req, &c) : "", c.only ? "&" : "?"));
	if (req->api)
		tv_put_int(resp->view = tv_map(req->arena), "published", (int64_t)done);
}
