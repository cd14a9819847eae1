/* Writing the cycle JSON format with a stable key order. */
#include "base/compat.h"
#include "io/cycle_json.h"
#include "io/cycle_json_document.h"
#include "io/cycle_json_texts.h"
#include "io/json_mem.h"
#include "io/survey_data_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* jansson's *_set_new steal the reference; a NULL value is skipped, so optional fields vanish. */
static void put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static void put_int(json_t *o, const char *k, long long v)
{
	json_object_set_new(o, k, json_integer(v));
}

static json_t *templates_json(const struct cnap_cycle_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_templates; i++) {
		const struct cnap_template *t = &d->templates[i];
		json_t *o = json_object(), *items = json_array();
		put_str(o, "code", t->code);
		put_str(o, "name", t->name);
		for (size_t k = 0; k < t->n_items; k++) {
			const struct cnap_survey_item *it = &t->items[k];
			json_t *io = json_object();
			put_str(io, "key", it->key);
			put_str(io, "parent", it->parent_key);
			put_str(io, "code", it->code);
			put_str(io, "title", it->title);
			json_array_append_new(items, io);
		}
		json_object_set_new(o, "items", items);
		if (t->tables_json) {
			json_t *tables = json_loads(t->tables_json, 0, NULL);
			if (tables)
				json_object_set_new(o, "tables", tables);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *participations_json(const struct cnap_cycle_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_participations; i++) {
		const struct cnap_participation *p = &d->participations[i];
		json_t *o = json_object(), *subs = json_array();
		put_str(o, "wg", p->wg_code);
		put_str(o, "association", p->association_code);
		put_str(o, "template", p->template_code);
		for (size_t k = 0; k < p->n_submissions; k++) {
			const struct cnap_submission *s = &p->submissions[k];
			json_t *so = json_object(), *pages = json_object();
			put_int(so, "version", s->version);
			put_str(so, "submitted_on", s->submitted_on);
			put_str(so, "note", s->note);
			for (size_t m = 0; m < s->n_pages; m++)
				put_int(pages, s->pages[m].item_key, s->pages[m].page);
			json_object_set_new(so, "pages", pages);
			json_t *data = s->data ? survey_data_to_json(s->data)
					       : s->data_json ? json_loads(s->data_json, 0, NULL) : NULL;
			if (data)
				json_object_set_new(so, "data", data);
			json_t *texts = submission_texts_json(s);
			if (texts)
				json_object_set_new(so, "texts", texts);
			json_t *document = submission_document_json(s);
			if (document)
				json_object_set_new(so, "document", document);
			json_array_append_new(subs, so);
		}
		json_object_set_new(o, "submissions", subs);
		if (p->n_remarks) {
			json_t *rs = json_array();
			for (size_t k = 0; k < p->n_remarks; k++)
				json_array_append_new(rs, json_string(p->remarks[k]));
			json_object_set_new(o, "remarks", rs);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *users_json(const struct cnap_cycle_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_users; i++) {
		const struct cnap_user *u = &d->users[i];
		json_t *o = json_object();
		put_str(o, "login", u->login);
		put_str(o, "name", u->name);
		put_str(o, "role", cnap_role_name(u->role));
		put_str(o, "association", u->association_code);
		put_str(o, "email", u->email);
		if (!u->active)
			json_object_set_new(o, "active", json_false());
		if (u->mail_mode != CNAP_MAIL_IMMEDIATE)
			put_str(o, "mail", cnap_mail_mode_name(u->mail_mode));
		if (u->n_wg_codes) {
			json_t *w = json_array();
			for (size_t k = 0; k < u->n_wg_codes; k++)
				json_array_append_new(w, json_string(u->wg_codes[k]));
			json_object_set_new(o, "wgs", w);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The quote and what became of the item since (issue 12); read back by read_quote_anchor. */
static void put_quote_anchor(json_t *o, const struct cnap_question *q)
{
	const struct cnap_question_anchor *an = &q->anchor;
	put_str(o, "quote", q->quote);
	if (!an->changed_version)
		return;
	json_t *sc = json_object();
	put_int(sc, "version", an->changed_version);
	if (an->quote != CNAP_QUOTE_UNCHECKED)
		json_object_set_new(sc, "quote_present", json_boolean(an->quote == CNAP_QUOTE_PRESENT));
	if (an->confirmed_version) {
		put_int(sc, "confirmed_version", an->confirmed_version);
		put_str(sc, "confirmed_by", an->confirmed_by);
		put_str(sc, "confirmed_at", an->confirmed_at);
	}
	json_object_set_new(o, "survey_changed", sc);
}

static json_t *questions_json(const struct cnap_cycle_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_questions; i++) {
		const struct cnap_question *q = &d->questions[i];
		json_t *o = json_object();
		put_str(o, "ref", q->ref);
		put_str(o, "wg", q->wg_code);
		put_str(o, "association", q->association_code);
		put_int(o, "no", q->no);
		put_str(o, "item", q->item_key);
		if (q->page)
			put_int(o, "page", q->page);
		if (q->submission_version)
			put_int(o, "submission_version", q->submission_version);
		put_str(o, "text", q->text);
		put_str(o, "author", q->author);
		put_str(o, "note", q->note);
		put_str(o, "status", cnap_qstatus_name(q->status));
		put_str(o, "due_on", q->due_on);
		if (q->n_refers_to) {
			json_t *refs = json_array();
			for (size_t k = 0; k < q->n_refers_to; k++)
				json_array_append_new(refs, json_string(q->refers_to_refs[k]));
			json_object_set_new(o, "refers_to", refs);
			if (q->refers_first)
				json_object_set_new(o, "refers_first", json_true());
		}
		if (q->has_answer) {
			json_t *ao = json_object();
			put_str(ao, "text", q->answer.text);
			put_str(ao, "author", q->answer.author);
			put_str(ao, "status", cnap_astatus_name(q->answer.status));
			put_str(ao, "return_comment", q->answer.return_comment);
			json_object_set_new(o, "answer", ao);
		}
		put_quote_anchor(o, q);
		if (q->carry_forward)
			json_object_set_new(o, "carry_forward", json_true());
		if (q->follows_year) {
			json_t *f = json_object();
			put_int(f, "cycle", q->follows_year);
			put_int(f, "no", q->follows_no);
			json_object_set_new(o, "follows", f);
		}
		if (q->follows_remark_year) {
			json_t *f = json_object();
			put_int(f, "cycle", q->follows_remark_year);
			put_int(f, "position", q->follows_remark_position);
			json_object_set_new(o, "follows_remark", f);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

enum cnap_err cnap_cycle_json_write(const struct cnap_cycle_data *d, struct cnap_buf *out, struct cnap_error *err)
{
	unsigned long failures = cnap_json_alloc_failures();
	json_t *root = json_object(), *cycle = json_object(), *wgs = json_array(), *assocs = json_array();
	put_str(root, "format", CNAP_CYCLE_FORMAT);
	put_int(root, "format_version", CNAP_CYCLE_FORMAT_VERSION);
	put_int(cycle, "year", d->cycle.year);
	put_int(cycle, "actual_fiscal_year", d->cycle.actual_fiscal_year);
	put_str(cycle, "name", d->cycle.name);
	put_str(cycle, "decomposition_method", d->cycle.decomposition_method);
	if (d->cycle.from_year)
		put_int(cycle, "from_year", d->cycle.from_year);
	put_str(cycle, "closed_at", d->cycle.closed_at);
	json_t *days = json_array();
	for (size_t i = 0; i < d->cycle.reminders.n; i++)
		json_array_append_new(days, json_integer(d->cycle.reminders.days[i]));
	json_t *rem = json_object();
	json_object_set_new(rem, "days_before", days);
	put_int(rem, "overdue_every", d->cycle.reminders.overdue_every);
	json_object_set_new(cycle, "reminders", rem);
	json_object_set_new(root, "cycle", cycle);
	json_object_set_new(root, "templates", templates_json(d));
	for (size_t i = 0; i < d->n_wgs; i++) {
		json_t *o = json_object();
		put_str(o, "code", d->wgs[i].code);
		put_str(o, "name", d->wgs[i].name);
		json_array_append_new(wgs, o);
	}
	json_object_set_new(root, "wgs", wgs);
	for (size_t i = 0; i < d->n_associations; i++) {
		json_t *o = json_object();
		put_str(o, "code", d->associations[i].code);
		put_str(o, "name", d->associations[i].name);
		put_str(o, "industry", d->associations[i].industry);
		json_array_append_new(assocs, o);
	}
	json_object_set_new(root, "associations", assocs);
	json_object_set_new(root, "participations", participations_json(d));
	json_object_set_new(root, "users", users_json(d));
	json_object_set_new(root, "questions", questions_json(d));
	if (d->n_moves) {
		json_t *mv = json_array();
		for (size_t i = 0; i < d->n_moves; i++) {
			json_t *m = json_object();
			put_str(m, "from", d->moves[i].old_key);
			json_object_set_new(m, "to", d->moves[i].new_key ? json_string(d->moves[i].new_key) : json_null());
			json_array_append_new(mv, m);
		}
		json_object_set_new(root, "moves", mv);
	}
	/* jansson leaves out what it could not allocate, building or dumping: count, or the export would be short. */
	char *text = cnap_json_alloc_failures() == failures ? json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15))
							     : NULL;
	json_decref(root);
	if (text && cnap_json_alloc_failures() != failures) {
		free(text);
		text = NULL;
	}
	if (!text)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory while writing JSON");
	cnap_buf_adds(out, text);
	cnap_buf_addc(out, '\n');
	free(text);
	return out->status ? cnap_buf_error(out, err, "the output") : CNAP_OK;
}
