/*
 * The history of a question, read from the audit trail: who did what when,
 * and which fields changed. One workflow step writes up to two records (the
 * answer's and the question's); they are shown as one line.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <jansson.h>
#include <string.h>

static const struct {
	const char *action;
	enum web_str label;
} actions[] = {
	{ "question.file", WS_hist_file }, { "question.edit", WS_hist_edit }, { "question.submit", WS_hist_submit },
	{ "question.approve", WS_hist_approve }, { "question.send", WS_hist_send },
	{ "question.accept", WS_hist_accept }, { "question.return", WS_hist_return },
	{ "question.publish", WS_hist_publish }, { "question.withdraw", WS_hist_withdraw },
	{ "question.answered", WS_hist_answered }, { "answer.draft", WS_hist_answer_draft },
	{ "answer.submit", WS_hist_answer_submit }, { "answer.accept", WS_hist_answer_accept },
	{ "answer.return", WS_hist_answer_return },
};

/* Fields of the snapshots (store/store.c), per entity; the answer's state is told by the action. */
struct field {
	const char *key;
	enum web_str label;
};
static const struct field question_fields[] = {
	{ "status", WS_field_status }, { "text", WS_field_text }, { "item", WS_field_item_label },
	{ "page", WS_field_page_label }, { "note", WS_field_note }, { "due_on", WS_field_due },
	{ "no", WS_field_no }, { "refers_to", WS_field_refers_to },
};
static const struct field answer_fields[] = {
	{ "text", WS_q_answer }, { "return_comment", WS_field_return_comment },
};

static const char *action_label(const char *action)
{
	for (size_t k = 0; k < CNAP_ARRAY_LEN(actions); k++)
		if (strcmp(actions[k].action, action) == 0)
			return web_t(actions[k].label);
	return action;
}

/* A snapshot value as a reader would say it: status labels, item titles, dates, P.n. */
static const char *value_text(struct web_req *req, const struct web_qctx *c, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	struct cnap_arena *a = req->arena;
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (!n)
			return "";
		return strcmp(key, "page") == 0 ? cnap_arena_printf(a, "P.%lld", (long long)n)
						: cnap_arena_printf(a, "%lld", (long long)n);
	}
	if (!json_is_string(v))
		return "";
	const char *s = json_string_value(v);
	enum cnap_qstatus st;
	if (strcmp(key, "status") == 0 && cnap_qstatus_parse(s, &st))
		return web_t(web_status_label(st));
	if (strcmp(key, "item") == 0)
		return web_item_label(a, &c->o.tmpl, &c->o.as, s);
	if (strcmp(key, "due_on") == 0)
		return web_date_label(a, s);
	return cnap_arena_strdup(a, s);
}

static void add_changes(struct web_req *req, const struct web_qctx *c, struct tv *list,
			const struct cnap_audit_entry *e)
{
	bool answer = strncmp(e->action, "answer.", 7) == 0;
	/* An answer draft's words stay the association's until submitted: the line says only that it was saved. */
	if (strcmp(e->action, "answer.draft") == 0)
		return;
	const struct field *fields = answer ? answer_fields : question_fields;
	size_t n = answer ? CNAP_ARRAY_LEN(answer_fields) : CNAP_ARRAY_LEN(question_fields);
	json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
	json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;
	const char *before_status = before ? json_string_value(json_object_get(before, "status")) : NULL;
	if (answer && before_status && strcmp(before_status, "draft") == 0) {
		json_decref(before); /* a submitted answer replaces a draft nobody else saw: show it as new */
		before = NULL;
	}
	for (size_t i = 0; after && i < n; i++) {
		const char *b = before ? value_text(req, c, before, fields[i].key) : "";
		const char *a = value_text(req, c, after, fields[i].key);
		if (strcmp(a, b) == 0)
			continue;
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "field", web_t(fields[i].label));
		tv_put_str(m, "before", b);
		tv_put_str(m, "after", a);
		tv_put_bool(m, "long", strlen(a) > 150 || strlen(b) > 150); /* ~50 characters of Japanese */
	}
	json_decref(before);
	json_decref(after);
}

static bool same_moment(const struct cnap_audit_entry *x, const struct cnap_audit_entry *y)
{
	return strcmp(x->actor, y->actor) == 0 && strcmp(x->at, y->at) == 0;
}

void h_history(struct web_req *req, struct web_resp *resp)
{
	struct web_qctx c;
	if (!web_load_question(req, resp, &c))
		return;
	struct cnap_audit_entry *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_history(req->store, &req->user->actor, c.q->id, req->arena, &v, &n, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *page = web_page(req, resp, WT_history, WS_history_title);
	tv_put_str(page, "question_url", cnap_arena_printf(req->arena, "/q/%lld", (long long)c.q->id));
	tv_put_int(page, "no", c.q->no);
	tv_put_str(page, "association_name", c.o.as.name);
	struct tv *list = tv_put_list(page, "entries");
	for (size_t i = 0; i < n; i++) {
		bool draft = strcmp(v[i].action, "answer.draft") == 0;
		/* Drafts saved as the association types: one line per run, not one per save. */
		if (draft && i + 1 < n && strcmp(v[i + 1].action, "answer.draft") == 0 &&
		    strcmp(v[i].actor, v[i + 1].actor) == 0)
			continue;
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "at", web_date_label(req->arena, v[i].at));
		tv_put_str(m, "actor", web_user_label(req, v[i].actor));
		tv_put_str(m, "action", v[i].action);
		tv_put_str(m, "action_label", action_label(v[i].action));
		struct tv *changes = tv_put_list(m, "changes");
		/* A step on the answer is followed by the question's own record of the same step. */
		bool paired = !draft && strncmp(v[i].action, "answer.", 7) == 0 && i + 1 < n &&
			      strncmp(v[i + 1].action, "question.", 9) == 0 && same_moment(&v[i], &v[i + 1]);
		if (paired)
			add_changes(req, &c, changes, &v[++i]);
		add_changes(req, &c, changes, &v[paired ? i - 1 : i]);
	}
}
