/*
 * The publication page: the 事前質問・回答一覧 of a WG (or one association)
 * previewed exactly as published, its downloads, and marking it published.
 * The documents come from publish/, the same code as 'cnap publish qa-list'.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <sodium.h>
#include <stdlib.h>
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


/* 「日本ベアリング工業会 NO.3「生産活動量の…」」: what names a question in a list of blockers. */
static const char *blocker_title(struct web_req *req, const struct cnap_uc_publication *p, const struct cnap_question *q)
{
	const char *name = q->association_code;
	for (size_t i = 0; i < p->n_members; i++)
		if (strcmp(p->members[i].code, q->association_code) == 0)
			name = p->members[i].name;
	return cnap_arena_printf(req->arena, "%s NO.%d「%s」", name, q->no, web_excerpt(req->arena, q->text, 40));
}

/* The blockers grouped by kind, each with its checkbox and link. */
static void put_blockers(struct web_req *req, struct tv *v, const struct cnap_uc_publication *p)
{
	tv_put_bool(v, "has_blockers", p->n_blockers > 0);
	struct tv *groups = tv_put_list(v, "blocker_groups");
	for (int k = 0; k < CNAP_UC_BLOCK_COUNT; k++) {
		if (!p->n_blocked[k])
			continue;
		struct tv *g = tv_push_map(groups);
		tv_put_str(g, "label", cnap_uc_blocker_label((enum cnap_uc_blocker_kind)k));
		tv_put_int(g, "count", (int64_t)p->n_blocked[k]);
		struct tv *items = tv_put_list(g, "items");
		for (size_t i = 0; i < p->n_blockers; i++) {
			const struct cnap_question *q = &p->blockers[i];
			if (cnap_uc_blocker_kind(q->status) != k)
				continue;
			struct tv *m = tv_push_map(items);
			tv_put_str(m, "field", cnap_arena_printf(req->arena, "inc_%lld", (long long)q->id));
			tv_put_str(m, "url", cnap_arena_printf(req->arena, "/q/%lld", (long long)q->id));
			tv_put_str(m, "title", blocker_title(req, p, q));
		}
	}
}

static const char *edition_file_label(const char *format)
{
	static const struct {
		const char *format;
		enum web_str label;
	} labels[] = {
		{ "pdf", WS_publish_dl_pdf },	{ "xlsx", WS_publish_dl_xlsx },
		{ "html", WS_publish_dl_html }, { "csv", WS_publish_dl_csv },
		{ "json", WS_publish_dl_json }, { "errata.html", WS_edition_dl_errata_html },
		{ "errata.csv", WS_edition_dl_errata_csv },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(labels); i++)
		if (strcmp(labels[i].format, format) == 0)
			return web_t(labels[i].label);
	return format;
}

/* The name of a stored format in a URL: "qa-list.pdf", "errata.html". */
static const char *edition_file_name(struct cnap_arena *a, const char *format)
{
	return strncmp(format, "errata.", 7) == 0 ? format : cnap_arena_printf(a, "qa-list.%s", format);
}

static void put_editions(struct web_req *req, struct tv *v, const struct cnap_uc_editions *eds)
{
	struct tv *list = tv_put_list(v, "editions");
	for (size_t i = 0; i < eds->n_editions; i++) {
		const struct cnap_uc_edition *e = &eds->editions[i];
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "number", e->e.number);
		tv_put_str(m, "title", cnap_arena_printf(req->arena, web_t(WS_edition_title), e->e.number));
		tv_put_bool(m, "latest", i == 0);
		tv_put_str(m, "at", web_date_label(req->arena, e->e.created_at));
		tv_put_str(m, "by", web_user_name(req, e->e.created_by));
		if (e->e.note)
			tv_put_str(m, "note", e->e.note);
		struct tv *files = tv_put_list(m, "files");
		for (size_t j = 0; j < e->n_files; j++) {
			struct tv *f = tv_push_map(files);
			tv_put_str(f, "label", edition_file_label(e->files[j].format));
			tv_put_str(f, "format", e->files[j].format);
			tv_put_str(f, "sha256", e->files[j].sha256);
			tv_put_str(f, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/publish/editions/%d/%s", e->e.year,
							       eds->wg.code, e->e.number,
							       edition_file_name(req->arena, e->files[j].format)));
		}
		tv_put_bool(m, "has_errata", e->n_errata > 0);
		struct tv *errata = tv_put_list(m, "errata");
		for (size_t j = 0; j < e->n_errata; j++) {
			const struct cnap_errata_row *r = &e->errata[j];
			struct tv *row = tv_push_map(errata);
			tv_put_str(row, "association", r->association_name);
			tv_put_str(row, "item", r->item_number);
			tv_put_int(row, "no", r->no);
			tv_put_str(row, "part", r->part);
			tv_put_str(row, "before", r->before);
			tv_put_str(row, "after", r->after);
		}
	}
}

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
	put_blockers(req, v, p);
	struct cnap_uc_editions eds;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_editions_list(req->store, &req->user->actor, p->year, p->wg.code, req->arena, &eds, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	put_editions(req, v, &eds);
	/* Something new to publish, or a blocker that could be included (the next page says what happens). */
	tv_put_bool(v, "can_publish", p->ready > 0 || p->n_blockers > 0 || (p->published > 0 && eds.n_editions == 0));
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
						  NULL, NULL, req->arena, &resp->body, NULL, &err);
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

/* The blockers the form includes: include_all, or a checked inc_<id> of a blocker of the WG. */
static void read_select(struct web_req *req, const struct cnap_uc_publication *wg, struct cnap_uc_pub_select *sel)
{
	memset(sel, 0, sizeof(*sel));
	const char *all = web_param(req, "include_all");
	sel->include_all = all && strcmp(all, "1") == 0;
	int64_t *ids = cnap_arena_calloc(req->arena, wg->n_blockers + 1, sizeof(*ids));
	if (!ids)
		return;
	for (size_t i = 0; i < wg->n_blockers; i++) {
		const char *v = web_param(req, cnap_arena_printf(req->arena, "inc_%lld", (long long)wg->blockers[i].id));
		if (v && strcmp(v, "1") == 0)
			ids[sel->n_include++] = wg->blockers[i].id;
	}
	sel->include = ids;
}

static bool included(const struct cnap_uc_pub_select *sel, int64_t id)
{
	if (sel->include_all)
		return true;
	for (size_t i = 0; i < sel->n_include; i++)
		if (sel->include[i] == id)
			return true;
	return false;
}

/* The confirmation step: what the next edition will hold, nothing written yet. */
static void confirm_page(struct web_req *req, struct web_resp *resp, const struct pub_ctx *c,
			 const struct cnap_uc_publication *wg, const struct cnap_uc_pub_select *sel)
{
	struct cnap_uc_editions eds;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_editions_list(req->store, &req->user->actor, wg->year, wg->wg.code, req->arena, &eds,
						 &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_publish_confirm, WS_confirm_title);
	const char *base = cnap_arena_printf(req->arena, "/c/%d/w/%s/publish", wg->year, wg->wg.code);
	int next = eds.n_editions ? eds.editions[0].e.number + 1 : 1;
	tv_put_str(v, "era", web_era_document(req->arena, wg->year));
	tv_put_str(v, "wg_name", wg->wg.name);
	tv_put_str(v, "action", base);
	tv_put_str(v, "back", cnap_arena_printf(req->arena, "%s%s", base, query_suffix(req, c)));
	tv_put_str(v, "association", c->only);
	tv_put_int(v, "next_edition", next);
	tv_put_str(v, "edition_title", cnap_arena_printf(req->arena, web_t(WS_edition_title), next));
	tv_put_int(v, "ready", (int64_t)wg->ready);
	tv_put_int(v, "published", (int64_t)wg->published);
	tv_put_bool(v, "include_all", sel->include_all);
	const char *note = web_param(req, "note");
	if (note)
		tv_put_str(v, "note", note);
	struct tv *inc = tv_put_list(v, "included"), *hidden = tv_put_list(v, "hidden");
	size_t n_inc = 0;
	for (size_t i = 0; i < wg->n_blockers; i++) {
		const struct cnap_question *q = &wg->blockers[i];
		if (!included(sel, q->id))
			continue;
		struct tv *m = tv_push_map(inc);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/q/%lld", (long long)q->id));
		tv_put_str(m, "title", blocker_title(req, wg, q));
		tv_put_str(m, "kind", cnap_uc_blocker_label((enum cnap_uc_blocker_kind)cnap_uc_blocker_kind(q->status)));
		if (!sel->include_all)
			tv_put_str(tv_push_map(hidden), "field", cnap_arena_printf(req->arena, "inc_%lld", (long long)q->id));
		n_inc++;
	}
	tv_put_bool(v, "has_included", n_inc > 0);
	tv_put_int(v, "excluded", (int64_t)(wg->n_blockers - n_inc));
}

/*
 * POST /publish: without confirm=1 the confirmation page (nothing written); with it the WG's list
 * becomes its next edition. The association tab only says where to come back to: an edition is the WG's.
 */
void h_publish_mark(struct web_req *req, struct web_resp *resp)
{
	struct pub_ctx c;
	if (!load_pub(req, resp, &c))
		return;
	struct cnap_uc_publication wg = c.p;
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	if (c.only && (rc = cnap_uc_publication_load(req->store, &req->user->actor, c.p.year, c.p.wg.code, NULL,
						     req->arena, &wg, &err))) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct cnap_uc_pub_select sel;
	read_select(req, &wg, &sel);
	const char *confirm = web_param(req, "confirm"), *note = web_param(req, "note");
	if (!confirm || strcmp(confirm, "1") != 0) {
		confirm_page(req, resp, &c, &wg, &sel);
		return;
	}
	if (note && *note)
		web_check_text(req, resp, "note", note, CNAP_MAX_NOTE_CHARS, true, true);
	if (resp->errors) {
		confirm_page(req, resp, &c, &wg, &sel);
		return;
	}
	struct cnap_uc_edition_made made;
	rc = cnap_uc_edition_publish(req->store, &req->user->actor, c.p.year, c.p.wg.code, &sel, note, &made, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		if (resp->errors)
			confirm_page(req, resp, &c, &wg, &sel);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d/w/%s/publish%s%smsg=published", c.p.year, c.p.wg.code,
					     c.only ? query_suffix(req, &c) : "", c.only ? "&" : "?"));
	if (req->api) {
		resp->view = tv_map(req->arena);
		tv_put_int(resp->view, "published", (int64_t)made.published);
		tv_put_int(resp->view, "edition", made.number);
		tv_put_int(resp->view, "questions", (int64_t)made.questions);
		tv_put_int(resp->view, "errata", (int64_t)made.n_errata);
	}
}

/* GET /publish/editions: the reader's view, the latest edition first and the earlier ones below. */
void h_editions(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	struct cnap_uc_editions eds;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_editions_list(req->store, &req->user->actor, year, web_arg(req, 1), req->arena, &eds,
						 &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_editions, WS_edition_page_heading);
	tv_put_str(v, "era", web_era_document(req->arena, year));
	tv_put_str(v, "wg_name", eds.wg.name);
	put_editions(req, v, &eds);
}

/* GET /publish/editions/:n/:file: a stored file, byte for byte. */
void h_edition_download(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	const char *wg = web_arg(req, 1), *n = web_arg(req, 2), *file = web_arg(req, 3);
	char *end;
	long number = strtol(n, &end, 10);
	const char *format = strncmp(file, "qa-list.", 8) == 0 ? file + 8 : file;
	const struct cnap_qa_format *qf = cnap_qa_format_find(format);
	const char *type = qf ? qf->media_type
		: strcmp(format, "errata.html") == 0 ? "text/html; charset=utf-8"
		: strcmp(format, "errata.csv") == 0 ? "text/csv; charset=utf-8"
						     : NULL;
	if (!*n || *end || number < 1 || number > 1000000 || !type || (!qf && format == file + 8)) {
		web_not_found(req, resp);
		return;
	}
	struct cnap_edition_file f;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_edition_file(req->store, &req->user->actor, year, wg, (int)number, format, req->arena,
						&f, &err);
	if (rc || cnap_buf_add(&resp->body, f.bytes, f.len)) {
		cnap_buf_reset(&resp->body);
		web_fail(req, resp, rc ? rc : CNAP_ENOMEM, &err);
		return;
	}
	resp->raw_body = true;
	resp->content_type = type;
	resp->disposition = cnap_arena_printf(req->arena, "attachment; filename=\"%s-%d-%s-ed%ld.%s\"",
					      qf ? "qa-list" : "errata", year, wg, number,
					      qf ? qf->name : format + 7);
	if (strcmp(format, "html") == 0 || strcmp(format, "errata.html") == 0)
		resp->csp = preview_csp(req, &resp->body);
}
