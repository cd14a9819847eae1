/* One question: its page, editing, workflow steps, answering, and its history. */
#include "base/compat.h"
#include "usecase/question_anchor.h"
#include "web/pages.h"

#include <string.h>

/* Load the question as this user sees it; one they may not see does not exist (404, no hint). */
bool web_load_question(struct web_req *req, struct web_resp *resp, struct web_qctx *c)
{
	int64_t id;
	const struct cnap_actor *actor = &req->user->actor;
	struct cnap_error err = { 0 };
	if (!web_arg_int(req, 0, 1, INT64_MAX / 2, &id)) {
		web_not_found(req, resp);
		return false;
	}
	/* Only "not found" is a 404: a busy or failing store is not a question that vanished. */
	enum cnap_err rc = cnap_uc_question_show(req->store, actor, id, req->arena, &c->uq, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return false;
	}
	c->q = &c->uq.q;
	rc = cnap_uc_outline_load(req->store, actor, c->q->cycle_year, c->q->wg_code, c->q->association_code,
				  req->arena, &c->o, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return false;
	}
	return true;
}

/* 「Ⅵ．（１） No.3 革新的技術の…」: a question as a reference names it. */
static const char *refer_label(struct web_req *req, const struct web_qctx *c, const struct cnap_question *t)
{
	const struct cnap_survey_item *it = cnap_template_item(&c->o.tmpl, t->item_key);
	const char *number = it ? cnap_item_number(req->arena, &c->o.tmpl, it) : NULL;
	return cnap_arena_printf(req->arena, "%s%sNo.%d %s", number ? number : "", number && *number ? " " : "", t->no,
				 web_excerpt(req->arena, t->text, 30));
}

static bool chosen(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/*
 * The references the form posted ("refers_to", once per ticked box, and "refers_place"), or NULL
 * when the form had no such fields (the autosave, an older form): the current ones are kept.
 */
static const struct cnap_answer_refs *posted_refs(struct web_req *req, struct web_resp *resp)
{
	if (!web_param(req, "refers_form") && !web_kv_get(&req->form, "refers_to"))
		return NULL;
	struct cnap_answer_refs *r = cnap_arena_calloc(req->arena, 1, sizeof(*r));
	int64_t *ids = cnap_arena_calloc(req->arena, CNAP_MAX_REFERS, sizeof(*ids));
	if (!r || !ids)
		return NULL;
	for (size_t i = 0; i < req->form.n; i++) {
		const char *v = req->form.v[i].val;
		if (strcmp(req->form.v[i].key, "refers_to") != 0 || !*v)
			continue;
		int64_t id = 0;
		bool ok = strlen(v) <= 18;
		for (const char *p = v; ok && *p; p++) {
			ok = *p >= '0' && *p <= '9';
			id = id * 10 + (*p - '0');
		}
		if (!ok || !id || r->n == CNAP_MAX_REFERS) {
			web_field_error(req, resp, "refers_to", web_t(WS_field_invalid));
			return NULL;
		}
		if (!chosen(ids, r->n, id))
			ids[r->n++] = id;
	}
	const char *place = web_param(req, "refers_place");
	r->ids = ids;
	r->first = place && strcmp(place, "before") == 0;
	return r;
}

/* Other questions of the same list an answer may point to, the current (or posted) ones ticked. */
static void put_refer_options(struct web_req *req, const struct web_qctx *c, struct tv *form)
{
	struct cnap_question *qs;
	size_t n;
	struct tv *list = tv_put_list(form, "refers");
	const int64_t *sel = c->q->refers_to_ids;
	size_t n_sel = c->q->n_refers_to;
	bool first = c->q->refers_first;
	if (web_param(req, "refers_form") || web_kv_get(&req->form, "refers_to")) { /* a failed POST: what was ticked */
		struct web_resp scratch = { 0 };
		const struct cnap_answer_refs *r = posted_refs(req, &scratch);
		sel = r ? r->ids : NULL;
		n_sel = r ? r->n : 0;
		first = r && r->first;
	}
	tv_put_bool(form, "refers_first", first);
	if (cnap_uc_question_refer_options(req->store, &req->user->actor, c->q->id, req->arena, &qs, &n, NULL))
		return;
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_int(m, "id", qs[i].id);
		tv_put_str(m, "label", refer_label(req, c, &qs[i]));
		tv_put_bool(m, "selected", chosen(sel, n_sel, qs[i].id));
	}
}

/* The answers this one refers to, as links, for whoever can open them. */
static void put_refer_links(struct web_req *req, const struct web_qctx *c, struct tv *q)
{
	struct tv *list = tv_put_list(q, "refer_links");
	for (size_t i = 0; i < c->q->n_refers_to; i++) {
		struct cnap_uc_question t;
		if (cnap_uc_question_show(req->store, &req->user->actor, c->q->refers_to_ids[i], req->arena, &t, NULL))
			continue;
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/q/%lld", (long long)t.q.id));
		tv_put_str(m, "label", refer_label(req, c, &t.q));
	}
	tv_put_bool(q, "has_refer_links", list->n > 0);
}

/* The question of last year this one follows up, and the secretariat's 継続 mark for the next. */
static void put_years(struct web_req *req, const struct web_qctx *c, struct tv *q)
{
	if (c->q->follows_id) {
		struct tv *f = tv_put_map(q, "follows");
		tv_put_str(f, "label", cnap_arena_printf(req->arena, "%s No.%d", web_era(req->arena, c->q->follows_year),
							   c->q->follows_no));
		struct cnap_uc_question t;
		if (!cnap_uc_question_show(req->store, &req->user->actor, c->q->follows_id, req->arena, &t, NULL))
			tv_put_str(f, "url", cnap_arena_printf(req->arena, "/q/%lld", (long long)c->q->follows_id));
	}
	if (c->q->carry_forward || c->uq.can_carry) {
		struct tv *k = tv_put_map(q, "carry");
		tv_put_bool(k, "on", c->q->carry_forward);
		tv_put_bool(k, "can", c->uq.can_carry);
		tv_put_str(k, "next", c->q->carry_forward ? "0" : "1");
		tv_put_str(k, "url", cnap_arena_printf(req->arena, "/q/%lld/carry", (long long)c->q->id));
	}
}

static void question_page(struct web_req *req, struct web_resp *resp, struct web_qctx *c)
{
	char today[16];
	web_today_jst(today);
	struct tv *v = web_page(req, resp, WT_question, WS_question_title);
	struct tv *q = tv_put(v, "q", web_view_question(req, c->q, today));
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, "%s No.%d", web_t(WS_question_title), c->q->no));
	tv_put_str(q, "item_label", web_item_label(req->arena, &c->o.tmpl, &c->o.as, c->q->item_key));
	put_refer_links(req, c, q);
	tv_put_bool(q, "can_confirm_anchor", c->uq.can_confirm_anchor);
	tv_put_str(q, "confirm_url", cnap_arena_printf(req->arena, "/q/%lld/confirm", (long long)c->q->id));
	tv_put_bool(q, "can_withdraw", c->uq.steps & (1u << CNAP_STEP_WITHDRAW));
	put_years(req, c, q);
	tv_put_int(v, "year", c->o.year);
	tv_put_str(v, "era", web_era(req->arena, c->o.year));
	struct tv *w = tv_put_map(v, "wg");
	tv_put_str(w, "name", c->o.wg.name);
	struct tv *as = tv_put_map(v, "association");
	tv_put_str(as, "name", c->o.as.name);
	tv_put_str(as, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s#item-%s", c->o.year, c->q->wg_code,
						c->q->association_code, c->q->item_key));
	struct tv *steps = tv_put(v, "steps", web_steps(req, c->uq.steps));
	tv_put_bool(v, "has_steps", steps->n > 0);
	tv_put_str(v, "back", cnap_arena_printf(req->arena, "/q/%lld", (long long)c->q->id));
	if (c->uq.can_see_history)
		tv_put_str(v, "history_url", cnap_arena_printf(req->arena, "/q/%lld/history", (long long)c->q->id));
	if (c->uq.can_edit) {
		struct tv *e = tv_put_map(v, "edit");
		const char *item = web_param(req, "item") ? web_param(req, "item") : c->q->item_key;
		struct tv *opts = tv_put_list(e, "items");
		for (size_t i = 0; i < c->o.tmpl.n_items; i++) {
			struct tv *m = tv_push_map(opts);
			tv_put_str(m, "key", c->o.tmpl.items[i].key);
			tv_put_str(m, "label", web_item_label(req->arena, &c->o.tmpl, &c->o.as, c->o.tmpl.items[i].key));
			tv_put_bool(m, "selected", strcmp(item, c->o.tmpl.items[i].key) == 0);
		}
		const char *page = web_param(req, "page");
		tv_put_str(e, "page", page ? page : c->q->page ? cnap_arena_printf(req->arena, "%d", c->q->page) : "");
		tv_put_str(e, "text", web_param(req, "text") ? web_param(req, "text") : c->q->text);
		tv_put_str(e, "note", web_param(req, "note") ? web_param(req, "note") : c->q->note);
		tv_put_str(e, "due_on", web_param(req, "due_on") ? web_param(req, "due_on") : c->q->due_on);
		tv_put_str(e, "action", cnap_arena_printf(req->arena, "/q/%lld/edit", (long long)c->q->id));
		if (c->uq.can_refer) {
			tv_put_bool(e, "can_refer", true);
			put_refer_options(req, c, e);
		}
	}
	/* The association answers once the question is sent (again, after a return). */
	if (c->uq.can_answer) {
		struct tv *a = tv_put_map(v, "answer_form");
		const char *text = web_param(req, "text");
		tv_put_str(a, "text", text ? text : c->q->has_answer ? c->q->answer.text : "");
		tv_put_str(a, "action", cnap_arena_printf(req->arena, "/q/%lld/answer", (long long)c->q->id));
		tv_put_str(a, "autosave", cnap_arena_printf(req->arena, "/api/q/%lld/answer", (long long)c->q->id));
		tv_put_int(a, "max", CNAP_MAX_ANSWER_CHARS);
		put_refer_options(req, c, a);
	}
}

void h_question(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (web_load_question(req, resp, &c))
		question_page(req, resp, &c);
}

/* After a failed POST, show the question again with the messages next to the fields. */
static void reshow(struct web_req *req, struct web_resp *resp, struct web_qctx *c)
{
	int status = resp->status;
	struct tv *errors = resp->errors;
	const char *message = resp->message;
	question_page(req, resp, c);
	resp->status = status;
	resp->errors = errors;
	resp->message = message;
}

/* Refused before the form is read: a user who may not change it learns nothing from field checks. */
static bool refused(struct web_req *req, struct web_resp *resp, enum cnap_err denied, const struct cnap_question *q)
{
	if (denied == CNAP_OK)
		return false;
	/* A published question changes only through a correction: reloading would not help, 「訂正のため再開」 does. */
	enum web_str conflict = q && q->status == CNAP_Q_PUBLISHED ? WS_error_reopen_first : WS_error_conflict;
	web_error(req, resp, denied == CNAP_ECONFLICT ? 409 : denied == CNAP_ENOTFOUND ? 404 : 403,
		  denied == CNAP_ECONFLICT ? conflict : denied == CNAP_ENOTFOUND ? WS_error_not_found : WS_error_forbidden);
	return true;
}

void h_question_edit(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c) || refused(req, resp, c.uq.edit_denied, c.q))
		return;
	struct cnap_question_edit e = { .page = -1 };
	e.text = web_param(req, "text");
	e.note = web_param(req, "note");
	e.item_key = web_param(req, "item");
	e.due_on = web_param(req, "due_on");
	if (e.text)
		web_check_text(req, resp, "text", e.text, CNAP_MAX_QUESTION_CHARS, true, false);
	if (e.note)
		web_check_text(req, resp, "note", e.note, CNAP_MAX_NOTE_CHARS, true, true);
	if (e.item_key && !cnap_template_item(&c.o.tmpl, e.item_key))
		web_field_error(req, resp, "item", web_t(WS_field_item));
	if (web_param(req, "page"))
		web_parse_page(req, resp, web_param(req, "page"), &e.page);
	web_parse_date(req, resp, e.due_on);
	if (c.uq.can_refer)
		e.refers = posted_refs(req, resp);
	if (resp->errors) {
		reshow(req, resp, &c);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_edit(req->store, &req->user->actor, c.q->id, &e, &err);
	if (rc == CNAP_EINVAL && strcmp(err.where, "question.refers_to") == 0) {
		web_field_error(req, resp, "refers_to", web_t(WS_error_refers_to));
		reshow(req, resp, &c);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		if (resp->errors)
			reshow(req, resp, &c);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/q/%lld?msg=saved", (long long)c.q->id));
}

/* Where to go after a step: a local path the form gave (the queue), else the question. */
static const char *after_step(struct web_req *req, int64_t id, enum cnap_step step)
{
	const char *next = web_safe_next(web_param(req, "next"));
	/* "?msg=" is appended: a next with its own query or fragment would garble it. */
	if (next && !strpbrk(next, "?#"))
		return cnap_arena_printf(req->arena, "%s?msg=%s", next, cnap_step_name(step));
	return cnap_arena_printf(req->arena, "/q/%lld?msg=%s", (long long)id, cnap_step_name(step));
}

void h_question_step(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c))
		return;
	enum cnap_step step;
	const char *comment = web_param(req, "comment"), *due = web_param(req, "due_on");
	if (!cnap_step_parse(web_param(req, "step"), &step))
		web_field_error(req, resp, "step", web_t(WS_field_invalid));
	else if (step == CNAP_STEP_RETURN || step == CNAP_STEP_REOPEN)
		web_check_text(req, resp, "comment", comment, CNAP_MAX_NOTE_CHARS, true, false);
	if (due && *due)
		web_parse_date(req, resp, due);
	if (resp->errors) {
		reshow(req, resp, &c);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_step(req->store, &req->user->actor, c.q->id, step, comment,
						  step == CNAP_STEP_SEND ? due : NULL, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		if (resp->errors)
			reshow(req, resp, &c);
		return;
	}
	web_redirect(resp, after_step(req, c.q->id, step));
}

void h_answer(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c) || refused(req, resp, c.uq.answer_denied, NULL))
		return;
	const char *text = web_param(req, "text");
	bool submit = web_param(req, "submit") && *web_param(req, "submit");
	const struct cnap_answer_refs *refs = posted_refs(req, resp);
	/* Only a reference, no words of its own: the text may be left empty. */
	bool only_refs = refs ? refs->n > 0 : c.q->n_refers_to > 0;
	if (resp->errors || !web_check_text(req, resp, "text", text, CNAP_MAX_ANSWER_CHARS, true, only_refs)) {
		reshow(req, resp, &c);
		return;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_answer_save(req->store, &req->user->actor, c.q->id, text, refs, submit, &err);
	if (rc == CNAP_EINVAL && strcmp(err.where, "question.refers_to") == 0) {
		web_field_error(req, resp, "refers_to", web_t(WS_error_refers_to));
		reshow(req, resp, &c);
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		if (resp->errors)
			reshow(req, resp, &c);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/q/%lld?msg=%s", (long long)c.q->id,
					     submit ? "answered" : "draft_saved"));
	if (req->api) {
		char now[32];
		web_iso(web_now(), now);
		resp->view = tv_map(req->arena);
		tv_put_str(resp->view, "status", submit ? "answered" : "draft");
		tv_put_str(resp->view, "saved_at", web_date_label(req->arena, now));
	}
}

/* 「質問を維持する」: the survey changed under the question, and its author or the secretariat keeps it. */
void h_question_carry(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c))
		return;
	const char *on = web_param(req, "on");
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_carry(req->store, &req->user->actor, c.q->id, !on || strcmp(on, "0") != 0,
						  &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/q/%lld?msg=%s", (long long)c.q->id,
					     on && strcmp(on, "0") == 0 ? "carry_off" : "carry_on"));
}

void h_question_confirm(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c))
		return;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_confirm_anchor(req->store, &req->user->actor, c.q->id, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/q/%lld?msg=anchor_confirmed", (long long)c.q->id));
}
