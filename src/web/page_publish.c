/*
 * The publication page: the 事前質問・回答一覧 of a WG (or one association)
 * previewed exactly as published, its downloads, and marking it published.
 * The documents come from publish/, the same code as 'cnap publish qa-list'.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <sodium.h>
#include <string.h>

struct pub_ctx {
	struct cnap_uc_publication p;
	const char *only; /* one association's code, or NULL for the whole WG */
};

static bool load_pub(struct web_req *req, struct web_resp *resp, struct pub_ctx *c)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return false;
	c->only = web_param(req, "association");
	if (c->only && !*c->only)
		c->only = NULL;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_publication_load(req->store, &req->user->actor, year, web_arg(req, 1), c->only,
						    req->arena, &c->p, &err);
	if (rc == CNAP_ENOTFOUND)
		web_not_found(req, resp);
	else if (rc)
		web_fail(req, resp, rc, &err);
	return rc == CNAP_OK;
}

static const char *query_suffix(struct web_req *req, const struct pub_ctx *c)
{
	return c->only ? cnap_arena_printf(req->arena, "?association=%s", c->only) : "";
}

static const enum web_str format_labels[] = { WS_publish_dl_pdf, WS_publish_dl_xlsx, WS_publish_dl_html,
					      WS_publish_dl_csv, WS_publish_dl_json };

void h_publish(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	const struct cnap_uc_publication *p = &c.p;
	struct tv *v = web_page(req, resp, WT_publish, WS_publish_title);
	const char *base = cnap_arena_printf(req->arena, "/c/%d/w/%s/publish", p->year, p->wg.code);
	const char *q = query_suffix(req, &c);
	tv_put_int(v, "year", p->year);
	tv_put_str(v, "era", web_era_document(req->arena, p->year)); /* the page stands for the document */
	tv_put_str(v, "wg_name", p->wg.name);
	tv_put_str(v, "action", base);
	tv_put_str(v, "association", c.only);
	tv_put_str(v, "preview_url", cnap_arena_printf(req->arena, "%s/preview%s", base, q));
	tv_put_int(v, "ready", (int64_t)p->ready);
	struct tv *choices = tv_put_list(v, "choices");
	struct tv *all = tv_push_map(choices);
	tv_put_str(all, "label", web_t(WS_publish_whole_wg));
	tv_put_str(all, "url", base);
	tv_put_bool(all, "current", !c.only);
	for (size_t i = 0; i < p->n_members; i++) {
		struct tv *m = tv_push_map(choices);
		tv_put_str(m, "label", p->members[i].name);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "%s?association=%s", base, p->members[i].code));
		tv_put_bool(m, "current", c.only && strcmp(c.only, p->members[i].code) == 0);
	}
	struct tv *dl = tv_put_list(v, "downloads");
	size_t n_formats;
	const struct cnap_qa_format *formats = cnap_qa_formats(&n_formats);
	for (size_t i = 0; i < n_formats && i < CNAP_ARRAY_LEN(format_labels); i++) {
		struct tv *m = tv_push_map(dl);
		tv_put_str(m, "label", web_t(format_labels[i]));
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "%s/qa-list.%s%s", base, formats[i].name, q));
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

static bool render(struct web_req *req, struct web_resp *resp, const struct pub_ctx *c, const struct cnap_qa_format *f)
{
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_qa_list_render(req->store, &req->user->actor, c->p.year, c->p.wg.code, c->only, f,
						  NULL, req->arena, &resp->body, NULL, &err);
	if (rc) {
		cnap_buf_reset(&resp->body);
		web_fail(req, resp, rc, &err);
		return false;
	}
	resp->raw_body = true;
	resp->content_type = f->media_type;
	return true;
}

void h_publish_preview(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c) || !render(req, resp, &c, cnap_qa_format_find("html")))
		return;
	resp->csp = preview_csp(req, &resp->body);
	resp->framable = true;
}

void h_publish_download(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	const char *file = web_arg(req, 2);
	const struct cnap_qa_format *f = strncmp(file, "qa-list.", 8) == 0 ? cnap_qa_format_find(file + 8) : NULL;
	if (!f) {
		web_not_found(req, resp);
		return;
	}
	if (!render(req, resp, &c, f))
		return;
	resp->disposition = cnap_arena_printf(req->arena, "attachment; filename=\"qa-list-%d-%s%s%s.%s\"", c.p.year,
					      c.p.wg.code, c.only ? "-" : "", c.only ? c.only : "", f->name);
	if (strcmp(f->name, "html") == 0)
		resp->csp = preview_csp(req, &resp->body);
}

void h_publish_mark(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	size_t done = 0;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_publish_accepted(req->store, &req->user->actor, c.p.year, c.p.wg.code, c.only, &done,
						    &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d/w/%s/publish%s%smsg=published", c.p.year, c.p.wg.code,
					     c.only ? query_suffix(req, &c) : "", c.only ? "&" : "?"));
	if (req->api)
		tv_put_int(resp->view = tv_map(req->arena), "published", (int64_t)done);
}
