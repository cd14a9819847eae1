/*
 * The association's Word file as the text of its survey items (issue 12
 * item 2): the upload on the text page, a confirmation screen that lists
 * every item it will fill (the number with its chapter, Ⅱ．（５）, the title,
 * the heading it comes from, its first line) and what it could not place,
 * and 「この内容で取り込む」, which makes the items the working copy to be
 * reviewed and submitted there. Nothing is saved before; the file waits in
 * web/hold.h meanwhile. Splitting and saving are usecase/survey_docx.h's.
 */
#include "base/compat.h"
#include "usecase/survey_docx.h"
#include "web/hold.h"
#include "web/pages.h"

#include <string.h>

static const char *text_url(struct web_req *req, const struct assoc_ctx *c)
{
	return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/text", c->year, c->wg, c->assoc);
}

/* What a held file is for: this association's survey in this cycle and WG. */
static const char *scope(struct web_req *req, const struct assoc_ctx *c)
{
	return cnap_arena_printf(req->arena, "%d/%s/%s", c->year, c->wg, c->assoc);
}

static bool may_enter(struct web_req *req, struct web_resp *resp, struct assoc_ctx *c)
{
	if (!web_assoc_ctx_load(req, resp, c))
		return false;
	if (!c->o.can_enter_data) {
		web_error(req, resp, 403, WS_error_forbidden);
		return false;
	}
	return true;
}

/* The file cannot be read or split: the text page again, the reason next to the file field. */
static void refuse_file(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const char *message)
{
	web_field_error(req, resp, "file", message);
	resp->status = rc == CNAP_ETOOBIG ? 413 : 422;
	resp->error_code = rc == CNAP_ETOOBIG ? "too_large" : rc == CNAP_EFORMAT ? "unsupported_file" : "invalid";
	if (!req->api)
		web_text_page_again(req, resp);
}

static void put_items(struct web_req *req, struct tv *v, const struct cnap_uc_docx *x)
{
	struct tv *items = tv_put_list(v, "items");
	for (size_t i = 0; i < x->n_items; i++) {
		const struct cnap_uc_docx_item *it = &x->items[i];
		struct tv *m = tv_push_map(items);
		tv_put_str(m, "key", it->item->key);
		tv_put_str(m, "number", it->number);
		tv_put_str(m, "title", it->title);
		tv_put_str(m, "heading", web_excerpt(req->arena, it->heading, 80));
		tv_put_int(m, "paragraph", (int64_t)it->paragraph);
		tv_put_str(m, "first_line", it->first_line);
		tv_put_bool(m, "empty", it->empty);
		tv_put_bool(m, "replaces", it->replaces && !it->empty);
		tv_put_str(m, "state", web_t(it->empty		? WS_docx_import_state_empty
					     : it->replaces ? WS_docx_import_state_replace
							    : WS_docx_import_state_new));
	}
}

static void put_unplaced(struct web_req *req, struct tv *v, const struct cnap_uc_docx *x)
{
	struct tv *list = tv_put_list(v, "unplaced");
	for (size_t i = 0; i < x->n_unplaced; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "where", x->unplaced[i].where);
		tv_put_str(m, "reason", x->unplaced[i].reason);
		tv_put_str(m, "text", x->unplaced[i].text);
	}
	if (x->n_unplaced)
		tv_put_int(v, "n_unplaced", (int64_t)(x->n_unplaced + x->n_unplaced_omitted));
	if (x->n_unplaced_omitted)
		tv_put_int(v, "unplaced_omitted", (int64_t)x->n_unplaced_omitted);
	struct tv *warnings = tv_put_list(v, "warnings");
	for (size_t i = 0; i < x->n_warnings; i++)
		tv_put_str(tv_push_map(warnings), "text", x->warnings[i]);
	if (x->n_warnings)
		tv_put_bool(v, "has_warnings", true);
}

void h_text_import(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!may_enter(req, resp, &c))
		return;
	if (!req->upload || !req->upload_len) {
		refuse_file(req, resp, CNAP_EINVAL, web_t(WS_text_import_no_file));
		return;
	}
	struct cnap_uc_docx x;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_survey_docx_preview(req->store, &req->user->actor, c.year, c.wg, c.assoc, req->upload,
						       req->upload_len, req->arena, &x, &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG || rc == CNAP_EFORMAT) {
		refuse_file(req, resp, rc, cnap_arena_strdup(req->arena, err.message));
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	char token[48];
	if (!web_hold_put(req->user->actor.login, scope(req, &c), req->upload, req->upload_len, req->upload_name, token)) {
		web_fail(req, resp, CNAP_ENOMEM, &(struct cnap_error){ .code = CNAP_ENOMEM });
		return;
	}
	struct tv *v = web_page(req, resp, WT_text_import, WS_docx_import_title);
	web_assoc_ctx_put(req, v, &c);
	tv_put_str(v, "file_name", req->upload_name ? req->upload_name : "");
	tv_put_str(v, "token", cnap_arena_strdup(req->arena, token)); /* the view outlives this frame */
	tv_put_str(v, "confirm_url", cnap_arena_printf(req->arena, "%s/import/confirm", text_url(req, &c)));
	tv_put_str(v, "text_url", text_url(req, &c));
	tv_put_int(v, "n_items", (int64_t)x.n_items);
	tv_put_int(v, "n_filled", (int64_t)x.n_filled);
	tv_put_bool(v, "can_import", x.n_filled > 0);
	put_items(req, v, &x);
	put_unplaced(req, v, &x);
}

void h_text_import_confirm(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!may_enter(req, resp, &c))
		return;
	const char *token = web_param(req, "token"), *data = NULL, *name = NULL;
	size_t len = 0;
	if (!web_hold_get(req->user->actor.login, scope(req, &c), token, req->arena, &data, &len, &name)) {
		web_field_error(req, resp, "file", web_t(WS_text_import_expired));
		resp->status = 409;
		resp->error_code = "conflict";
		if (!req->api)
			web_text_page_again(req, resp);
		return;
	}
	struct cnap_uc_docx x;
	struct cnap_error err = { 0 };
	int version = 0;
	enum cnap_err rc = cnap_uc_survey_docx_import(req->store, &req->user->actor, c.year, c.wg, c.assoc, data, len,
						      CNAP_UC_DOCX_DRAFT, name, NULL, req->arena, &x, &version, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_hold_drop(token);
	web_redirect(resp, cnap_arena_printf(req->arena, "%s?msg=docx_imported", text_url(req, &c)));
	if (req->api)
		tv_put_int(resp->view = tv_map(req->arena), "drafted_items", (int64_t)x.n_filled);
}
