/* Reading the cycle JSON format: every value checked, every problem named by its JSON path. */
#include "base/compat.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "io/cycle_json.h"
#include "io/cycle_json_document.h"
#include "io/cycle_json_texts.h"
#include "io/json_mem.h"
#include "io/form_json.h"
#include "io/json_reader.h"
#include "io/survey_data_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "reminders": {"days_before": [7, 2, 0], "overdue_every": 3}, the cycle's reminders of answer deadlines. */
static void read_reminders(struct reader *r, json_t *cycle, struct cnap_cycle *c)
{
	static const char *const keys[] = { "days_before", "overdue_every", NULL };
	json_t *o = jr_want(r, cycle, "$.cycle", "reminders", JSON_OBJECT, false);
	if (r->rc || !o || !jr_only_keys(r, o, "$.cycle.reminders", keys))
		return;
	json_t *days = jr_want(r, o, "$.cycle.reminders", "days_before", JSON_ARRAY, true);
	if (r->rc)
		return;
	struct cnap_buf b;
	cnap_buf_init(&b, 4096);
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d) {
		if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > CNAP_REMINDER_MAX_DAYS) {
			char p[64];
			snprintf(p, sizeof(p), "$.cycle.reminders.days_before[%zu]", i);
			cnap_buf_release(&b);
			FAIL(r, CNAP_EINVAL, p, "must be a whole number of days from 0 to %d", CNAP_REMINDER_MAX_DAYS);
			return;
		}
		cnap_buf_addf(&b, "%s%lld", i ? "," : "", (long long)json_integer_value(d));
	}
	char *list = cnap_buf_detach(&b, NULL);
	if (!list) {
		OOM(r);
		return;
	}
	enum cnap_err rc = cnap_reminder_days_parse(list, &c->reminders, "$.cycle.reminders.days_before", r->err);
	free(list);
	if (rc) {
		r->rc = rc;
		return;
	}
	c->reminders.overdue_every = jr_int(r, o, "$.cycle.reminders", "overdue_every", true, 0,
					    CNAP_REMINDER_MAX_OVERDUE_EVERY);
	c->reminders_given = !r->rc;
}

static void read_cycle(struct reader *r, json_t *o, struct cnap_cycle *c)
{
	static const char *const keys[] = { "year", "actual_fiscal_year", "name", "decomposition_method", "from_year",
					    "closed_at", "reminders", NULL };
	if (!jr_only_keys(r, o, "$.cycle", keys))
		return;
	c->year = jr_int(r, o, "$.cycle", "year", true, 1990, 2100);
	if (r->rc)
		return;
	c->actual_fiscal_year = jr_int(r, o, "$.cycle", "actual_fiscal_year", true, 1990, 2100);
	if (r->rc)
		return;
	c->name = jr_str(r, o, "$.cycle", "name", false);
	if (r->rc)
		return;
	c->from_year = jr_int(r, o, "$.cycle", "from_year", false, 0, 2100);
	if (!r->rc && c->from_year && c->from_year >= c->year)
		FAIL(r, CNAP_EINVAL, "$.cycle.from_year", "must be before the cycle's year %d", c->year);
	if (!r->rc)
		c->closed_at = jr_str(r, o, "$.cycle", "closed_at", false);
	if (!r->rc && c->closed_at && cnap_text_check(c->closed_at, 40, 0, "$.cycle.closed_at", r->err))
		r->rc = CNAP_EINVAL;
	if (r->rc)
		return;
	read_reminders(r, o, c);
	if (r->rc)
		return;
	c->decomposition_method = jr_str(r, o, "$.cycle", "decomposition_method", false);
	if (c->decomposition_method && strcmp(c->decomposition_method, "sequential") != 0 &&
	    strcmp(c->decomposition_method, "lmdi") != 0)
		FAIL(r, CNAP_EINVAL, "$.cycle.decomposition_method", "must be sequential or lmdi (got '%s')",
		     c->decomposition_method);
}

static int item_depth(const struct cnap_survey_item *items, size_t n, const char *parent)
{
	if (!parent)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].key, parent) == 0)
			return items[i].depth + 1;
	return 0;
}

static void read_item(struct reader *r, json_t *o, const char *path, bool with_after, struct cnap_survey_item *it,
		      const char **after)
{
	static const char *const keys[] = { "key", "parent", "code", "title", NULL };
	static const char *const keys_after[] = { "key", "parent", "code", "title", "after", NULL };
	if (!jr_object(r, o, path, with_after ? keys_after : keys))
		return;
	if (!r->rc) it->key = jr_str(r, o, path, "key", true);
	if (!r->rc) it->parent_key = jr_str(r, o, path, "parent", false);
	if (!r->rc) it->code = jr_str(r, o, path, "code", false);
	if (!r->rc) it->title = jr_str(r, o, path, "title", true);
	if (!r->rc && with_after) *after = jr_str(r, o, path, "after", false);
	if (!r->rc && !it->code)
		it->code = "";
}

static size_t find_item(const struct cnap_survey_item *items, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].key, key) == 0)
			return i;
	return n;
}

static bool is_descendant(const struct cnap_survey_item *items, size_t n, size_t i, const char *root)
{
	const char *p = items[i].parent_key;
	for (size_t guard = 0; p && guard < n; guard++) {
		if (strcmp(p, root) == 0)
			return true;
		size_t k = find_item(items, n, p);
		p = k < n ? items[k].parent_key : NULL;
	}
	return false;
}

/* Materialise a variant: copy of the base, then overrides, omissions and additions in that order. */
static void read_variant(struct reader *r, json_t *o, const char *path, const struct cnap_template *base,
			 struct cnap_template *t)
{
	size_t cap = base->n_items + json_array_size(json_object_get(o, "add")) + 1;
	t->items = cnap_arena_calloc(r->a, cap, sizeof(*t->items));
	if (!t->items) {
		OOM(r);
		return;
	}
	memcpy(t->items, base->items, base->n_items * sizeof(*t->items));
	t->n_items = base->n_items;
	char p[320];
	json_t *arr, *v;
	size_t i;
	if ((arr = jr_want(r, o, path, "overrides", JSON_ARRAY, false))) {
		json_array_foreach(arr, i, v) {
			static const char *const keys[] = { "key", "code", "title", NULL };
			snprintf(p, sizeof(p), "%s.overrides[%zu]", path, i);
			if (!jr_object(r, v, p, keys))
				return;
			const char *key = jr_str(r, v, p, "key", true);
			const char *code = r->rc ? NULL : jr_str(r, v, p, "code", false);
			const char *title = r->rc ? NULL : jr_str(r, v, p, "title", false);
			if (r->rc)
				return;
			size_t k = find_item(t->items, t->n_items, key);
			if (k == t->n_items) {
				FAIL(r, CNAP_ENOTFOUND, p, "unknown item '%s' in base template '%s'", key, base->code);
				return;
			}
			if (code)
				t->items[k].code = code;
			if (title)
				t->items[k].title = title;
		}
	}
	if (r->rc)
		return;
	if ((arr = jr_want(r, o, path, "omit", JSON_ARRAY, false))) {
		json_array_foreach(arr, i, v) {
			snprintf(p, sizeof(p), "%s.omit[%zu]", path, i);
			if (!json_is_string(v)) {
				FAIL(r, CNAP_EINVAL, p, "must be a string");
				return;
			}
			const char *key = json_string_value(v);
			if (find_item(t->items, t->n_items, key) == t->n_items) {
				FAIL(r, CNAP_ENOTFOUND, p, "unknown item '%s'", key);
				return;
			}
			size_t w = 0;
			for (size_t k = 0; k < t->n_items; k++)
				if (strcmp(t->items[k].key, key) != 0 && !is_descendant(t->items, t->n_items, k, key))
					t->items[w++] = t->items[k];
			t->n_items = w;
		}
	}
	if (r->rc)
		return;
	if ((arr = jr_want(r, o, path, "add", JSON_ARRAY, false))) {
		json_array_foreach(arr, i, v) {
			snprintf(p, sizeof(p), "%s.add[%zu]", path, i);
			struct cnap_survey_item it = { 0 };
			const char *after = NULL;
			read_item(r, v, p, true, &it, &after);
			if (r->rc)
				return;
			size_t at = t->n_items;
			if (after) {
				size_t k = find_item(t->items, t->n_items, after);
				if (k == t->n_items) {
					FAIL(r, CNAP_ENOTFOUND, p, "unknown item '%s' in \"after\"", after);
					return;
				}
				at = k + 1;
			}
			memmove(&t->items[at + 1], &t->items[at], (t->n_items - at) * sizeof(*t->items));
			t->items[at] = it;
			t->n_items++;
		}
	}
	for (size_t k = 0; k < t->n_items; k++)
		t->items[k].depth = item_depth(t->items, k, t->items[k].parent_key);
}

/* The data tables: checked now (so a broken spec never gets stored), kept as text. */
static void read_tables_member(struct reader *r, json_t *o, const char *path, struct cnap_template *t)
{
	json_t *tables = jr_want(r, o, path, "tables", JSON_ARRAY, false);
	if (!tables)
		return;
	char p[200];
	snprintf(p, sizeof(p), "%s.tables", path);
	unsigned long failures = cnap_json_alloc_failures();
	char *text = json_dumps(tables, JSON_COMPACT);
	if (!text || cnap_json_alloc_failures() != failures) {
		/* jansson's dump can lose bytes to a failed allocation and still return text */
		free(text);
		OOM(r);
		return;
	}
	struct cnap_form_spec spec;
	struct cnap_arena scratch;
	cnap_arena_init(&scratch);
	r->rc = cnap_form_json_parse(text, strlen(text), p, &scratch, &spec, r->err);
	cnap_arena_release(&scratch);
	if (!r->rc && !(t->tables_json = cnap_arena_strdup(r->a, text)))
		OOM(r);
	free(text);
}

static void read_templates(struct reader *r, json_t *arr, struct cnap_cycle_data *d)
{
	d->n_templates = json_array_size(arr);
	d->templates = cnap_arena_calloc(r->a, d->n_templates + 1, sizeof(*d->templates));
	if (!d->templates) {
		OOM(r);
		return;
	}
	char path[160], p[320];
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		static const char *const keys[] = { "code", "name", "items", "base", "overrides", "omit", "add", "tables",
						    NULL };
		struct cnap_template *t = &d->templates[i];
		snprintf(path, sizeof(path), "$.templates[%zu]", i);
		if (!jr_object(r, o, path, keys))
			return;
		t->code = jr_str(r, o, path, "code", true);
		if (!r->rc) t->name = jr_str(r, o, path, "name", false);
		const char *base = r->rc ? NULL : jr_str(r, o, path, "base", false);
		if (r->rc)
			return;
		if (base) {
			if (json_object_get(o, "items")) {
				snprintf(p, sizeof(p), "%s.items", path);
				FAIL(r, CNAP_EINVAL, p, "a variant (with \"base\") lists changes, not items");
				return;
			}
			const struct cnap_template *bt = NULL;
			for (size_t k = 0; k < i; k++)
				if (strcmp(d->templates[k].code, base) == 0)
					bt = &d->templates[k];
			if (!bt) {
				snprintf(p, sizeof(p), "%s.base", path);
				FAIL(r, CNAP_ENOTFOUND, p, "base template '%s' must be listed earlier", base);
				return;
			}
			read_variant(r, o, path, bt, t);
			if (r->rc)
				return;
			t->tables_json = bt->tables_json;
			read_tables_member(r, o, path, t);
			if (r->rc)
				return;
			continue;
		}
		json_t *items = jr_want(r, o, path, "items", JSON_ARRAY, true);
		if (!items)
			return;
		t->n_items = json_array_size(items);
		t->items = cnap_arena_calloc(r->a, t->n_items + 1, sizeof(*t->items));
		if (!t->items) {
			OOM(r);
			return;
		}
		json_t *io;
		size_t k;
		json_array_foreach(items, k, io) {
			snprintf(p, sizeof(p), "%s.items[%zu]", path, k);
			read_item(r, io, p, false, &t->items[k], NULL);
			if (r->rc)
				return;
			t->items[k].depth = item_depth(t->items, k, t->items[k].parent_key);
		}
		read_tables_member(r, o, path, t);
		if (r->rc)
			return;
	}
}

void jr_page_map(struct reader *r, json_t *o, const char *path, int min, struct cnap_page_ref **out, size_t *n)
{
	*n = json_object_size(o);
	struct cnap_page_ref *pages = *out = cnap_arena_calloc(r->a, *n + 1, sizeof(*pages));
	if (!pages) {
		OOM(r);
		return;
	}
	const char *key;
	json_t *v;
	size_t k = 0;
	json_object_foreach(o, key, v) {
		char p[320];
		snprintf(p, sizeof(p), "%s.%s", path, key);
		if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > CNAP_MAX_PAGE) {
			FAIL(r, CNAP_EINVAL, p, "must be a page number %d..%d", min, CNAP_MAX_PAGE);
			return;
		}
		if (!(pages[k].item_key = cnap_arena_strdup(r->a, key))) {
			OOM(r);
			return;
		}
		pages[k].page = (int)json_integer_value(v);
		k++;
	}
}

static void read_pages(struct reader *r, json_t *o, const char *path, struct cnap_submission *sub)
{
	jr_page_map(r, o, path, 1, &sub->pages, &sub->n_pages);
}

/* "remarks": the WG's 指摘 to the association, each a text of at most a question's length. */
static void read_remarks(struct reader *r, json_t *o, const char *path, struct cnap_participation *pt)
{
	json_t *arr = jr_want(r, o, path, "remarks", JSON_ARRAY, false);
	if (r->rc || !arr)
		return;
	size_t n = json_array_size(arr);
	const char **v = cnap_arena_calloc(r->a, n + 1, sizeof(*v));
	if (!v) {
		OOM(r);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char p[360];
		snprintf(p, sizeof(p), "%s.remarks[%zu]", path, i);
		json_t *t = json_array_get(arr, i);
		if (!json_is_string(t)) {
			FAIL(r, CNAP_EINVAL, p, "must be a string");
			return;
		}
		if (cnap_text_check(json_string_value(t), CNAP_MAX_QUESTION_CHARS, CNAP_TEXT_MULTILINE, p, r->err)) {
			r->rc = CNAP_EINVAL;
			return;
		}
		if (!(v[i] = cnap_arena_strdup(r->a, json_string_value(t)))) {
			OOM(r);
			return;
		}
	}
	pt->remarks = v;
	pt->n_remarks = n;
}

static void read_participations(struct reader *r, json_t *arr, struct cnap_cycle_data *d)
{
	d->n_participations = json_array_size(arr);
	d->participations = cnap_arena_calloc(r->a, d->n_participations + 1, sizeof(*d->participations));
	if (!d->participations) {
		OOM(r);
		return;
	}
	char path[160], p[320];
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		static const char *const keys[] = { "wg", "association", "template", "submissions", "remarks", NULL };
		struct cnap_participation *pt = &d->participations[i];
		snprintf(path, sizeof(path), "$.participations[%zu]", i);
		if (!jr_object(r, o, path, keys))
			return;
		pt->wg_code = jr_str(r, o, path, "wg", true);
		if (!r->rc) pt->association_code = jr_str(r, o, path, "association", true);
		if (!r->rc) pt->template_code = jr_str(r, o, path, "template", true);
		pt->position = (int)i + 1;
		read_remarks(r, o, path, pt);
		json_t *subs = r->rc ? NULL : jr_want(r, o, path, "submissions", JSON_ARRAY, false);
		if (r->rc)
			return;
		pt->n_submissions = json_array_size(subs);
		pt->submissions = cnap_arena_calloc(r->a, pt->n_submissions + 1, sizeof(*pt->submissions));
		if (!pt->submissions) {
			OOM(r);
			return;
		}
		json_t *so;
		size_t k;
		json_array_foreach(subs, k, so) {
			static const char *const skeys[] = { "version", "submitted_on", "note", "pages", "data", "texts",
							     "document", NULL };
			struct cnap_submission *sub = &pt->submissions[k];
			snprintf(p, sizeof(p), "%s.submissions[%zu]", path, k);
			if (!jr_object(r, so, p, skeys))
				return;
			sub->version = jr_int(r, so, p, "version", true, 1, 999);
			if (!r->rc) sub->submitted_on = jr_str(r, so, p, "submitted_on", false);
			if (!r->rc) sub->note = jr_str(r, so, p, "note", false);
			json_t *pages = r->rc ? NULL : jr_want(r, so, p, "pages", JSON_OBJECT, false);
			if (r->rc)
				return;
			if (pages) {
				char pp[400];
				snprintf(pp, sizeof(pp), "%s.pages", p);
				read_pages(r, pages, pp, sub);
				if (r->rc)
					return;
			}
			json_t *data = jr_want(r, so, p, "data", JSON_OBJECT, false);
			if (r->rc)
				return;
			if (data) {
				char pp[400];
				snprintf(pp, sizeof(pp), "%s.data", p);
				sub->data = jr_survey_data(r, data, pp);
				if (r->rc)
					return;
				sub->data_json = cnap_survey_data_to_text(r->a, sub->data);
				if (!sub->data_json) {
					OOM(r);
					return;
				}
			}
			json_t *texts = jr_want(r, so, p, "texts", JSON_ARRAY, false);
			if (r->rc)
				return;
			if (texts) {
				char pp[400];
				snprintf(pp, sizeof(pp), "%s.texts", p);
				jr_submission_texts(r, texts, pp, sub);
				if (r->rc)
					return;
			}
			json_t *document = jr_want(r, so, p, "document", JSON_OBJECT, false);
			if (r->rc)
				return;
			if (document) {
				char pp[400];
				snprintf(pp, sizeof(pp), "%s.document", p);
				jr_submission_document(r, document, pp, sub);
				if (r->rc)
					return;
			}
		}
	}
}

/*
 * "follows" {"cycle", "no"} and "follows_remark" {"cycle", "position"}: the
 * question or 指摘 of an earlier cycle a follow-up continues, linked on
 * import when that cycle is in the database.
 */
static void read_follows(struct reader *r, json_t *o, const char *path, struct cnap_question *q)
{
	static const char *const qkeys[] = { "cycle", "no", NULL }, *const rkeys[] = { "cycle", "position", NULL };
	char p[360];
	json_t *f = jr_want(r, o, path, "follows", JSON_OBJECT, false);
	if (!r->rc && f) {
		snprintf(p, sizeof(p), "%s.follows", path);
		if (!jr_only_keys(r, f, p, qkeys))
			return;
		q->follows_year = jr_int(r, f, p, "cycle", true, 1990, 2100);
		if (!r->rc)
			q->follows_no = jr_int(r, f, p, "no", true, 1, 99999);
	}
	f = r->rc ? NULL : jr_want(r, o, path, "follows_remark", JSON_OBJECT, false);
	if (!r->rc && f) {
		snprintf(p, sizeof(p), "%s.follows_remark", path);
		if (!jr_only_keys(r, f, p, rkeys))
			return;
		q->follows_remark_year = jr_int(r, f, p, "cycle", true, 1990, 2100);
		if (!r->rc)
			q->follows_remark_position = jr_int(r, f, p, "position", true, 1, 99999);
	}
}

/* "moves": [{"from": KEY, "to": KEY or null}], how the outline's keys moved from cycle.from_year. */
static void read_moves(struct reader *r, json_t *arr, struct cnap_cycle_data *d)
{
	size_t n = json_array_size(arr);
	struct cnap_key_move *v = cnap_arena_calloc(r->a, n + 1, sizeof(*v));
	if (!v) {
		OOM(r);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		static const char *const keys[] = { "from", "to", NULL };
		char p[64];
		snprintf(p, sizeof(p), "$.moves[%zu]", i);
		json_t *o = json_array_get(arr, i);
		if (!jr_object(r, o, p, keys))
			return;
		v[i].old_key = jr_str(r, o, p, "from", true);
		json_t *to = r->rc ? NULL : json_object_get(o, "to");
		if (!r->rc && to && !json_is_null(to))
			v[i].new_key = jr_str(r, o, p, "to", true);
		if (r->rc)
			return;
		char pk[80];
		snprintf(pk, sizeof(pk), "%s.from", p);
		if (cnap_check_code(v[i].old_key, pk, r->err) ||
		    (v[i].new_key && cnap_check_code(v[i].new_key, pk, r->err))) {
			r->rc = CNAP_EINVAL;
			return;
		}
	}
	d->moves = v;
	d->n_moves = n;
}

static void read_users(struct reader *r, json_t *arr, struct cnap_cycle_data *d)
{
	d->n_users = json_array_size(arr);
	d->users = cnap_arena_calloc(r->a, d->n_users + 1, sizeof(*d->users));
	if (!d->users) {
		OOM(r);
		return;
	}
	char path[160], p[320];
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		static const char *const keys[] = { "login", "name", "role", "association", "wgs", "email", "active", "mail", NULL };
		struct cnap_user *u = &d->users[i];
		snprintf(path, sizeof(path), "$.users[%zu]", i);
		if (!jr_object(r, o, path, keys))
			return;
		u->login = jr_str(r, o, path, "login", true);
		if (!r->rc) u->name = jr_str(r, o, path, "name", true);
		const char *role = r->rc ? NULL : jr_str(r, o, path, "role", true);
		if (r->rc)
			return;
		enum cnap_role rv;
		if (!cnap_role_parse(role, &rv)) {
			snprintf(p, sizeof(p), "%s.role", path);
			FAIL(r, CNAP_EINVAL, p, "role must be secretariat, reviewer or association (got '%s')", role);
			return;
		}
		u->role = rv;
		u->association_code = jr_str(r, o, path, "association", false);
		if (!r->rc) u->email = jr_str(r, o, path, "email", false);
		if (!r->rc && u->email) {
			snprintf(p, sizeof(p), "%s.email", path);
			if (cnap_check_email(u->email, p, r->err))
				r->rc = CNAP_EINVAL;
		}
		/* a user is active unless the file says "active": false */
		u->active = !json_is_false(json_object_get(o, "active"));
		if (!r->rc && json_object_get(o, "active") && !json_is_boolean(json_object_get(o, "active"))) {
			snprintf(p, sizeof(p), "%s.active", path);
			FAIL(r, CNAP_EINVAL, p, "must be true or false");
		}
		const char *mail = r->rc ? NULL : jr_str(r, o, path, "mail", false);
		u->mail_mode = CNAP_MAIL_IMMEDIATE;
		if (mail && !cnap_mail_mode_parse(mail, &u->mail_mode)) {
			snprintf(p, sizeof(p), "%s.mail", path);
			FAIL(r, CNAP_EINVAL, p, "must be immediate, digest or off (got '%s')", mail);
		}
		json_t *wgs = r->rc ? NULL : jr_want(r, o, path, "wgs", JSON_ARRAY, false);
		if (r->rc)
			return;
		u->n_wg_codes = json_array_size(wgs);
		u->wg_codes = cnap_arena_calloc(r->a, u->n_wg_codes + 1, sizeof(*u->wg_codes));
		if (!u->wg_codes) {
			OOM(r);
			return;
		}
		json_t *w;
		size_t k;
		json_array_foreach(wgs, k, w) {
			snprintf(p, sizeof(p), "%s.wgs[%zu]", path, k);
			if (!json_is_string(w)) {
				FAIL(r, CNAP_EINVAL, p, "must be a string");
				return;
			}
			if (!(u->wg_codes[k] = cnap_arena_strdup(r->a, json_string_value(w)))) {
				OOM(r);
				return;
			}
		}
	}
}

static void read_answer(struct reader *r, json_t *o, const char *path, struct cnap_answer *ans)
{
	static const char *const keys[] = { "text", "author", "status", "return_comment", NULL };
	if (!jr_only_keys(r, o, path, keys))
		return;
	ans->text = jr_str(r, o, path, "text", true);
	if (!r->rc) ans->author = jr_str(r, o, path, "author", false);
	const char *st = r->rc ? NULL : jr_str(r, o, path, "status", false);
	if (!r->rc) ans->return_comment = jr_str(r, o, path, "return_comment", false);
	if (r->rc)
		return;
	enum cnap_astatus as = CNAP_A_SUBMITTED;
	if (st && !cnap_astatus_parse(st, &as)) {
		char p[320];
		snprintf(p, sizeof(p), "%s.status", path);
		FAIL(r, CNAP_EINVAL, p, "unknown answer status '%s'", st);
		return;
	}
	ans->status = as;
}

/* "refers_to": one ref ("q3", as files before several references were possible) or a list of them. */
static void read_refers_to(struct reader *r, json_t *o, const char *path, struct cnap_question *q)
{
	json_t *v = json_object_get(o, "refers_to");
	char p[200];
	snprintf(p, sizeof(p), "%s.refers_to", path);
	if (!v || json_is_null(v))
		return;
	size_t n = json_is_array(v) ? json_array_size(v) : 1;
	if (!json_is_string(v) && !json_is_array(v)) {
		FAIL(r, CNAP_EINVAL, p, "must be a question ref or a list of them");
		return;
	}
	if (n > CNAP_MAX_REFERS) {
		FAIL(r, CNAP_EINVAL, p, "an answer refers to at most %d others", CNAP_MAX_REFERS);
		return;
	}
	const char **refs = cnap_arena_calloc(r->a, n + 1, sizeof(*refs));
	if (!refs) {
		OOM(r);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_string(e)) {
			snprintf(p, sizeof(p), "%s.refers_to[%zu]", path, i);
			FAIL(r, CNAP_EINVAL, p, "must be a question ref");
			return;
		}
		refs[i] = cnap_arena_strdup(r->a, json_string_value(e));
		if (!refs[i]) {
			OOM(r);
			return;
		}
	}
	q->refers_to_refs = refs;
	q->n_refers_to = n;
}

/*
 * "quote" and "survey_changed" (issue 12): the passage the question quotes, and what
 * became of its item since: {"version":3,"quote_present":false,"confirmed_version":3,
 * "confirmed_by":"morioka","confirmed_at":"…"}. Both optional; the model checks the rest.
 */
static void read_quote_anchor(struct reader *r, json_t *o, const char *path, struct cnap_question *q)
{
	static const char *const keys[] = { "version", "quote_present", "confirmed_version", "confirmed_by",
					    "confirmed_at", NULL };
	q->quote = jr_str(r, o, path, "quote", false);
	json_t *sc = r->rc ? NULL : jr_want(r, o, path, "survey_changed", JSON_OBJECT, false);
	if (!sc)
		return;
	char p[320];
	snprintf(p, sizeof(p), "%s.survey_changed", path);
	struct cnap_question_anchor *an = &q->anchor;
	if (!jr_only_keys(r, sc, p, keys))
		return;
	an->changed_version = jr_int(r, sc, p, "version", true, 1, 999);
	json_t *present = r->rc ? NULL : jr_want(r, sc, p, "quote_present", JSON_TRUE, false);
	an->quote = !present ? CNAP_QUOTE_UNCHECKED : json_is_true(present) ? CNAP_QUOTE_PRESENT : CNAP_QUOTE_GONE;
	if (!r->rc) an->confirmed_version = jr_int(r, sc, p, "confirmed_version", false, 0, 999);
	if (!r->rc) an->confirmed_by = jr_str(r, sc, p, "confirmed_by", false);
	if (!r->rc) an->confirmed_at = jr_str(r, sc, p, "confirmed_at", false);
}

static void read_questions(struct reader *r, json_t *arr, struct cnap_cycle_data *d)
{
	d->n_questions = json_array_size(arr);
	d->questions = cnap_arena_calloc(r->a, d->n_questions + 1, sizeof(*d->questions));
	if (!d->questions) {
		OOM(r);
		return;
	}
	char path[160], p[320];
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		static const char *const keys[] = { "ref", "wg", "association", "no", "item", "page",
						    "submission_version", "text", "author", "note", "status",
						    "due_on", "refers_to", "refers_first", "answer", "quote", "survey_changed",
						    "carry_forward", "follows", "follows_remark", NULL };
		struct cnap_question *q = &d->questions[i];
		snprintf(path, sizeof(path), "$.questions[%zu]", i);
		if (!jr_object(r, o, path, keys))
			return;
		q->ref = jr_str(r, o, path, "ref", false);
		if (!r->rc) q->wg_code = jr_str(r, o, path, "wg", true);
		if (!r->rc) q->association_code = jr_str(r, o, path, "association", true);
		if (!r->rc) q->no = jr_int(r, o, path, "no", false, 0, 99999);
		if (!r->rc) q->item_key = jr_str(r, o, path, "item", true);
		if (!r->rc) q->page = jr_int(r, o, path, "page", false, 0, CNAP_MAX_PAGE);
		if (!r->rc) q->submission_version = jr_int(r, o, path, "submission_version", false, 0, 999);
		if (!r->rc) q->text = jr_str(r, o, path, "text", true);
		if (!r->rc) q->author = jr_str(r, o, path, "author", false);
		if (!r->rc) q->note = jr_str(r, o, path, "note", false);
		if (!r->rc) q->due_on = jr_str(r, o, path, "due_on", false);
		if (!r->rc) read_refers_to(r, o, path, q);
		if (!r->rc) q->refers_first = jr_bool(r, o, path, "refers_first");
		if (!r->rc) read_quote_anchor(r, o, path, q);
		if (!r->rc) q->carry_forward = jr_bool(r, o, path, "carry_forward");
		if (!r->rc) read_follows(r, o, path, q);
		const char *st = r->rc ? NULL : jr_str(r, o, path, "status", false);
		if (r->rc)
			return;
		enum cnap_qstatus qs = CNAP_Q_SUBMITTED;
		if (st && !cnap_qstatus_parse(st, &qs)) {
			snprintf(p, sizeof(p), "%s.status", path);
			FAIL(r, CNAP_EINVAL, p, "unknown question status '%s'", st);
			return;
		}
		q->status = qs;
		json_t *ans = jr_want(r, o, path, "answer", JSON_OBJECT, false);
		if (r->rc)
			return;
		if (ans) {
			snprintf(p, sizeof(p), "%s.answer", path);
			q->has_answer = true;
			read_answer(r, ans, p, &q->answer);
			if (r->rc)
				return;
		}
	}
}

static void read_simple_lists(struct reader *r, json_t *root, struct cnap_cycle_data *d)
{
	char path[160];
	json_t *arr, *o;
	size_t i;
	if ((arr = jr_want(r, root, "$", "wgs", JSON_ARRAY, false))) {
		d->n_wgs = json_array_size(arr);
		d->wgs = cnap_arena_calloc(r->a, d->n_wgs + 1, sizeof(*d->wgs));
		if (!d->wgs) {
			OOM(r);
			return;
		}
		json_array_foreach(arr, i, o) {
			static const char *const keys[] = { "code", "name", NULL };
			snprintf(path, sizeof(path), "$.wgs[%zu]", i);
			if (!jr_object(r, o, path, keys))
				return;
			d->wgs[i].code = jr_str(r, o, path, "code", true);
			if (!r->rc) d->wgs[i].name = jr_str(r, o, path, "name", true);
			if (r->rc)
				return;
		}
	}
	if (r->rc)
		return;
	if ((arr = jr_want(r, root, "$", "associations", JSON_ARRAY, false))) {
		d->n_associations = json_array_size(arr);
		d->associations = cnap_arena_calloc(r->a, d->n_associations + 1, sizeof(*d->associations));
		if (!d->associations) {
			OOM(r);
			return;
		}
		json_array_foreach(arr, i, o) {
			static const char *const keys[] = { "code", "name", "industry", NULL };
			snprintf(path, sizeof(path), "$.associations[%zu]", i);
			if (!jr_object(r, o, path, keys))
				return;
			d->associations[i].code = jr_str(r, o, path, "code", true);
			if (!r->rc) d->associations[i].name = jr_str(r, o, path, "name", true);
			if (!r->rc) d->associations[i].industry = jr_str(r, o, path, "industry", false);
			if (r->rc)
				return;
		}
	}
}

enum cnap_err cnap_cycle_json_parse(const char *text, size_t len, bool allow_no_templates,
				    struct cnap_arena *a, struct cnap_cycle_data *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	if (len > CNAP_MAX_JSON_FILE)
		return cnap_fail(err, CNAP_ETOOBIG, "", "file is %zu bytes, more than the %zu allowed", len,
				 CNAP_MAX_JSON_FILE);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		return cnap_fail(err, CNAP_EINVAL, "line 1", "the file starts with a UTF-8 BOM; save it without one");
	size_t bad;
	if (!cnap_utf8_valid(text, len, &bad))
		return cnap_fail(err, CNAP_EINVAL, "", "the file is not valid UTF-8 (byte offset %zu)", bad);
	json_error_t jerr;
	bool oom;
	json_t *root = cnap_json_load(text, len, JSON_REJECT_DUPLICATES, &jerr, &oom);
	if (!root && oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!root) {
		char where[64];
		snprintf(where, sizeof(where), "line %d, column %d", jerr.line, jerr.column);
		return cnap_fail(err, CNAP_EINVAL, where, "JSON syntax: %s", jerr.text);
	}
	struct reader r = { .a = a, .err = err, .rc = CNAP_OK };
	static const char *const keys[] = { "format", "format_version", "cycle", "templates", "wgs", "associations",
					    "participations", "users", "questions", "moves", NULL };
	if (!json_is_object(root)) {
		FAIL(&r, CNAP_EINVAL, "$", "the document must be a JSON object");
		goto out;
	}
	const char *format = jr_str(&r, root, "$", "format", true);
	if (r.rc)
		goto out;
	if (strcmp(format, CNAP_CYCLE_FORMAT) != 0) {
		FAIL(&r, CNAP_EFORMAT, "$.format", "not a cnap cycle file (format '%s', expected '%s')", format,
		     CNAP_CYCLE_FORMAT);
		goto out;
	}
	json_t *ver = jr_want(&r, root, "$", "format_version", JSON_INTEGER, true);
	if (r.rc)
		goto out;
	if (json_integer_value(ver) != CNAP_CYCLE_FORMAT_VERSION) {
		FAIL(&r, CNAP_EFORMAT, "$.format_version", "format version %lld is not supported (this cnap reads %d)",
		     (long long)json_integer_value(ver), CNAP_CYCLE_FORMAT_VERSION);
		goto out;
	}
	if (!jr_only_keys(&r, root, "$", keys))
		goto out;
	json_t *v = jr_want(&r, root, "$", "cycle", JSON_OBJECT, true);
	if (r.rc)
		goto out;
	read_cycle(&r, v, &out->cycle);
	if (r.rc)
		goto out;
	v = jr_want(&r, root, "$", "templates", JSON_ARRAY, !allow_no_templates);
	if (r.rc)
		goto out;
	if (v)
		read_templates(&r, v, out);
	if (r.rc)
		goto out;
	read_simple_lists(&r, root, out);
	if (!r.rc && (v = jr_want(&r, root, "$", "participations", JSON_ARRAY, false)))
		read_participations(&r, v, out);
	if (!r.rc && (v = jr_want(&r, root, "$", "users", JSON_ARRAY, false)))
		read_users(&r, v, out);
	if (!r.rc && (v = jr_want(&r, root, "$", "questions", JSON_ARRAY, false)))
		read_questions(&r, v, out);
	if (!r.rc && (v = jr_want(&r, root, "$", "moves", JSON_ARRAY, false)))
		read_moves(&r, v, out);
out:
	json_decref(root);
	return r.rc;
}

enum cnap_err cnap_cycle_json_merge_templates(struct cnap_cycle_data *dst, const struct cnap_cycle_data *src,
					      struct cnap_error *err)
{
	if (dst->n_templates)
		return cnap_fail(err, CNAP_ECONFLICT, "$.templates", "the cycle file already has templates");
	if (src->cycle.year != dst->cycle.year)
		return cnap_fail(err, CNAP_EINVAL, "$.cycle.year", "templates are for cycle %d, data for cycle %d",
				 src->cycle.year, dst->cycle.year);
	dst->templates = src->templates;
	dst->n_templates = src->n_templates;
	return CNAP_OK;
}

enum cnap_err cnap_survey_data_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				     struct cnap_survey_data **out, struct cnap_error *err)
{
	json_error_t jerr;
	bool oom;
	json_t *root = cnap_json_load(json, len, JSON_REJECT_DUPLICATES, &jerr, &oom);
	if (!root && oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!root)
		return cnap_fail(err, CNAP_EINVAL, path, "survey data is not valid JSON: %s", jerr.text);
	struct reader r = { .a = a, .err = err, .rc = CNAP_OK };
	*out = jr_survey_data(&r, root, path);
	json_decref(root);
	return r.rc;
}

const char *cnap_survey_data_to_text(struct cnap_arena *a, const struct cnap_survey_data *d)
{
	/*
	 * jansson leaves out what it could not allocate, building or dumping: a
	 * short canonical text would be stored as the data.
	 */
	unsigned long failures = cnap_json_alloc_failures();
	json_t *canon = survey_data_to_json(d);
	char *text = canon && cnap_json_alloc_failures() == failures
			     ? json_dumps(canon, JSON_COMPACT | JSON_REAL_PRECISION(15))
			     : NULL;
	json_decref(canon);
	if (text && cnap_json_alloc_failures() != failures) {
		free(text);
		text = NULL;
	}
	const char *out = cnap_arena_strdup(a, text);
	free(text);
	return out;
}
