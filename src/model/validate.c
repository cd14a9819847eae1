#include "base/compat.h"
#include "base/isotime.h"
#include "base/utf8.h"
#include "model/model.h"

#include <stdio.h>
#include <string.h>

enum cnap_err cnap_check_code(const char *s, const char *field, struct cnap_error *err)
{
	if (!s || !*s)
		return cnap_fail(err, CNAP_EINVAL, field, "%s must not be empty", field);
	size_t n = strlen(s);
	if (n > CNAP_MAX_CODE_CHARS)
		return cnap_fail(err, CNAP_ETOOBIG, field, "%s is too long: %zu characters, at most %d",
				 field, n, CNAP_MAX_CODE_CHARS);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-';
		if (!ok)
			return cnap_fail(err, CNAP_EINVAL, field,
					 "%s may only hold letters, digits, '.', '_' and '-' (got byte 0x%02x at %zu)",
					 field, c, i);
	}
	return CNAP_OK;
}

enum cnap_err cnap_check_year(int year, const char *field, struct cnap_error *err)
{
	if (year < 1990 || year > 2100)
		return cnap_fail(err, CNAP_EINVAL, field, "%s must be a year between 1990 and 2100 (got %d)",
				 field, year);
	return CNAP_OK;
}

enum cnap_err cnap_check_page(int page, const char *field, struct cnap_error *err)
{
	if (page < 0 || page > CNAP_MAX_PAGE)
		return cnap_fail(err, CNAP_EINVAL, field, "%s must be a page number between 1 and %d (got %d)",
				 field, CNAP_MAX_PAGE, page);
	return CNAP_OK;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

enum cnap_err cnap_check_date(const char *s, const char *field, struct cnap_error *err)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			goto bad;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1)
		goto bad;
	int maxd = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > maxd)
		goto bad;
	return CNAP_OK;
bad:
	return cnap_fail(err, CNAP_EINVAL, field, "%s must be a date YYYY-MM-DD (got '%s')", field,
			 s ? s : "");
}

const struct cnap_template *cnap_cycle_data_template(const struct cnap_cycle_data *d,
						     const char *code)
{
	for (size_t i = 0; i < d->n_templates; i++)
		if (strcmp(d->templates[i].code, code) == 0)
			return &d->templates[i];
	return NULL;
}

const struct cnap_survey_item *cnap_template_item(const struct cnap_template *t, const char *key)
{
	for (size_t i = 0; i < t->n_items; i++)
		if (strcmp(t->items[i].key, key) == 0)
			return &t->items[i];
	return NULL;
}

const char *cnap_item_title(struct cnap_arena *a, const struct cnap_survey_item *it,
			    const struct cnap_association *assoc)
{
	static const char placeholder[] = "{industry}";
	const char *p = strstr(it->title, placeholder);
	if (!p || !assoc || !assoc->industry)
		return it->title;
	return cnap_arena_printf(a, "%.*s%s%s", (int)(p - it->title), it->title, assoc->industry,
				 p + sizeof(placeholder) - 1);
}

/* Helpers that name the JSON path in messages. */
#define PATH(buf, ...) snprintf(buf, sizeof(buf), __VA_ARGS__)

static enum cnap_err check_name(const char *s, const char *path, bool optional, struct cnap_error *err)
{
	return cnap_text_check(s, CNAP_MAX_NAME_CHARS, optional ? CNAP_TEXT_OPTIONAL : 0, path, err);
}

static enum cnap_err validate_templates(const struct cnap_cycle_data *d, struct cnap_error *err)
{
	char path[128];
	enum cnap_err rc;
	for (size_t i = 0; i < d->n_templates; i++) {
		const struct cnap_template *t = &d->templates[i];
		PATH(path, "$.templates[%zu].code", i);
		if ((rc = cnap_check_code(t->code, path, err)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->templates[j].code, t->code) == 0)
				return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate template code '%s'", t->code);
		if (t->n_items == 0)
			return cnap_fail(err, CNAP_EINVAL, path, "template '%s' has no items", t->code);
		for (size_t k = 0; k < t->n_items; k++) {
			const struct cnap_survey_item *it = &t->items[k];
			PATH(path, "$.templates[%zu].items[%zu].key", i, k);
			if ((rc = cnap_check_code(it->key, path, err)))
				return rc;
			for (size_t m = 0; m < k; m++)
				if (strcmp(t->items[m].key, it->key) == 0)
					return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate item key '%s'", it->key);
			if (it->parent_key) {
				bool found = false;
				for (size_t m = 0; m < k; m++)
					if (strcmp(t->items[m].key, it->parent_key) == 0)
						found = true;
				PATH(path, "$.templates[%zu].items[%zu].parent", i, k);
				if (!found)
					return cnap_fail(err, CNAP_ENOTFOUND, path,
							 "parent '%s' of item '%s' is not an earlier item",
							 it->parent_key, it->key);
			}
			PATH(path, "$.templates[%zu].items[%zu].code", i, k);
			if ((rc = check_name(it->code, path, true, err)))
				return rc;
			PATH(path, "$.templates[%zu].items[%zu].title", i, k);
			if ((rc = check_name(it->title, path, false, err)))
				return rc;
		}
	}
	return CNAP_OK;
}

static bool has_wg(const struct cnap_cycle_data *d, const char *code)
{
	for (size_t i = 0; i < d->n_wgs; i++)
		if (strcmp(d->wgs[i].code, code) == 0)
			return true;
	return false;
}

static const struct cnap_association *find_assoc(const struct cnap_cycle_data *d, const char *code)
{
	for (size_t i = 0; i < d->n_associations; i++)
		if (strcmp(d->associations[i].code, code) == 0)
			return &d->associations[i];
	return NULL;
}

static const struct cnap_participation *find_part(const struct cnap_cycle_data *d, const char *wg,
						  const char *assoc)
{
	for (size_t i = 0; i < d->n_participations; i++)
		if (strcmp(d->participations[i].wg_code, wg) == 0 &&
		    strcmp(d->participations[i].association_code, assoc) == 0)
			return &d->participations[i];
	return NULL;
}

static bool has_user(const struct cnap_cycle_data *d, const char *login)
{
	for (size_t i = 0; i < d->n_users; i++)
		if (strcmp(d->users[i].login, login) == 0)
			return true;
	return false;
}

static enum cnap_err validate_orgs(const struct cnap_cycle_data *d, struct cnap_error *err)
{
	char path[128];
	enum cnap_err rc;
	for (size_t i = 0; i < d->n_wgs; i++) {
		PATH(path, "$.wgs[%zu].code", i);
		if ((rc = cnap_check_code(d->wgs[i].code, path, err)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->wgs[j].code, d->wgs[i].code) == 0)
				return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate WG code '%s'", d->wgs[i].code);
		PATH(path, "$.wgs[%zu].name", i);
		if ((rc = check_name(d->wgs[i].name, path, false, err)))
			return rc;
	}
	for (size_t i = 0; i < d->n_associations; i++) {
		const struct cnap_association *a = &d->associations[i];
		PATH(path, "$.associations[%zu].code", i);
		if ((rc = cnap_check_code(a->code, path, err)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->associations[j].code, a->code) == 0)
				return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate association code '%s'", a->code);
		PATH(path, "$.associations[%zu].name", i);
		if ((rc = check_name(a->name, path, false, err)))
			return rc;
		PATH(path, "$.associations[%zu].industry", i);
		if ((rc = check_name(a->industry, path, true, err)))
			return rc;
	}
	for (size_t i = 0; i < d->n_participations; i++) {
		const struct cnap_participation *p = &d->participations[i];
		PATH(path, "$.participations[%zu].wg", i);
		if (!has_wg(d, p->wg_code))
			return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown WG '%s'", p->wg_code);
		PATH(path, "$.participations[%zu].association", i);
		if (!find_assoc(d, p->association_code))
			return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown association '%s'", p->association_code);
		if (find_part(d, p->wg_code, p->association_code) != p)
			return cnap_fail(err, CNAP_ECONFLICT, path, "association '%s' listed twice in WG '%s'",
					 p->association_code, p->wg_code);
		PATH(path, "$.participations[%zu].template", i);
		const struct cnap_template *t = cnap_cycle_data_template(d, p->template_code);
		if (!t)
			return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown template '%s'", p->template_code);
		for (size_t s = 0; s < p->n_submissions; s++) {
			const struct cnap_submission *sub = &p->submissions[s];
			PATH(path, "$.participations[%zu].submissions[%zu].version", i, s);
			if (sub->version < 1 || sub->version > 999)
				return cnap_fail(err, CNAP_EINVAL, path, "version must be 1..999 (got %d)", sub->version);
			for (size_t k = 0; k < s; k++)
				if (p->submissions[k].version == sub->version)
					return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate version %d", sub->version);
			if (sub->submitted_on) {
				PATH(path, "$.participations[%zu].submissions[%zu].submitted_on", i, s);
				if ((rc = cnap_check_date(sub->submitted_on, path, err)))
					return rc;
			}
			PATH(path, "$.participations[%zu].submissions[%zu].note", i, s);
			if ((rc = cnap_text_check(sub->note, CNAP_MAX_NOTE_CHARS,
						  CNAP_TEXT_OPTIONAL | CNAP_TEXT_MULTILINE, path, err)))
				return rc;
			for (size_t k = 0; k < sub->n_pages; k++) {
				PATH(path, "$.participations[%zu].submissions[%zu].pages.%s", i, s,
				     sub->pages[k].item_key);
				if (!cnap_template_item(t, sub->pages[k].item_key))
					return cnap_fail(err, CNAP_ENOTFOUND, path,
							 "unknown survey item '%s' in template '%s'",
							 sub->pages[k].item_key, t->code);
				if (sub->pages[k].page < 1 || sub->pages[k].page > CNAP_MAX_PAGE)
					return cnap_fail(err, CNAP_EINVAL, path, "page must be 1..%d (got %d)",
							 CNAP_MAX_PAGE, sub->pages[k].page);
			}
		}
	}
	return CNAP_OK;
}

static enum cnap_err validate_users(const struct cnap_cycle_data *d, struct cnap_error *err)
{
	char path[128];
	enum cnap_err rc;
	for (size_t i = 0; i < d->n_users; i++) {
		const struct cnap_user *u = &d->users[i];
		PATH(path, "$.users[%zu].login", i);
		if ((rc = cnap_check_code(u->login, path, err)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->users[j].login, u->login) == 0)
				return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate login '%s'", u->login);
		PATH(path, "$.users[%zu].name", i);
		if ((rc = check_name(u->name, path, false, err)))
			return rc;
		PATH(path, "$.users[%zu].association", i);
		if (u->role == CNAP_ROLE_ASSOCIATION) {
			if (!u->association_code)
				return cnap_fail(err, CNAP_EINVAL, path, "an association user needs an association");
			if (!find_assoc(d, u->association_code))
				return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown association '%s'",
						 u->association_code);
		} else if (u->association_code) {
			return cnap_fail(err, CNAP_EINVAL, path, "only association users belong to an association");
		}
		for (size_t k = 0; k < u->n_wg_codes; k++) {
			PATH(path, "$.users[%zu].wgs[%zu]", i, k);
			if (!has_wg(d, u->wg_codes[k]))
				return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown WG '%s'", u->wg_codes[k]);
		}
	}
	return CNAP_OK;
}

static const struct cnap_question *find_ref(const struct cnap_cycle_data *d, const char *ref, size_t *idx)
{
	for (size_t i = 0; i < d->n_questions; i++)
		if (d->questions[i].ref && strcmp(d->questions[i].ref, ref) == 0) {
			*idx = i;
			return &d->questions[i];
		}
	return NULL;
}

/* The quote and what became of the item since (issue 12): $.questions[i].quote and .survey_changed. */
static enum cnap_err validate_question_anchor(const struct cnap_cycle_data *d, size_t i, struct cnap_error *err)
{
	char path[128];
	enum cnap_err rc;
	const struct cnap_question *q = &d->questions[i];
	const struct cnap_question_anchor *an = &q->anchor;
	PATH(path, "$.questions[%zu].quote", i);
	if ((rc = cnap_check_quote(q->quote, path, err)))
		return rc;
	PATH(path, "$.questions[%zu].survey_changed.version", i);
	if (an->changed_version < 0 || an->changed_version > 999)
		return cnap_fail(err, CNAP_EINVAL, path, "版は1〜999で指定してください（%d）", an->changed_version);
	const struct cnap_participation *p = find_part(d, q->wg_code, q->association_code);
	bool known = !an->changed_version;
	for (size_t k = 0; p && !known && k < p->n_submissions; k++)
		known = p->submissions[k].version == an->changed_version;
	if (!known)
		return cnap_fail(err, CNAP_ENOTFOUND, path, "業界団体 '%s' の調査票に第%d版はありません", q->association_code,
				 an->changed_version);
	if (!an->changed_version && an->quote != CNAP_QUOTE_UNCHECKED)
		return cnap_fail(err, CNAP_EINVAL, path, "引用箇所の有無は、項目が変わった版とともに記録します");
	PATH(path, "$.questions[%zu].survey_changed.confirmed_version", i);
	if (an->confirmed_version < 0 || an->confirmed_version > an->changed_version)
		return cnap_fail(err, CNAP_EINVAL, path, "質問を維持した版（%d）は、項目が変わった版（%d）より後にできません",
				 an->confirmed_version, an->changed_version);
	PATH(path, "$.questions[%zu].survey_changed.confirmed_by", i);
	if (an->confirmed_by && !has_user(d, an->confirmed_by))
		return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown user '%s'", an->confirmed_by);
	PATH(path, "$.questions[%zu].survey_changed.confirmed_at", i);
	time_t t;
	if (an->confirmed_at && !cnap_iso_parse(an->confirmed_at, &t))
		return cnap_fail(err, CNAP_EINVAL, path, "日時は YYYY-MM-DDThh:mm:ssZ の形で指定してください（'%s'）",
				 an->confirmed_at);
	return CNAP_OK;
}

static enum cnap_err validate_question(const struct cnap_cycle_data *d, size_t i, struct cnap_error *err)
{
	char path[128];
	enum cnap_err rc;
	const struct cnap_question *q = &d->questions[i];
	PATH(path, "$.questions[%zu].ref", i);
	if (q->ref) {
		if ((rc = cnap_check_code(q->ref, path, err)))
			return rc;
		size_t first;
		if (find_ref(d, q->ref, &first) && first != i)
			return cnap_fail(err, CNAP_ECONFLICT, path, "duplicate question ref '%s'", q->ref);
	}
	PATH(path, "$.questions[%zu].association", i);
	const struct cnap_participation *p = find_part(d, q->wg_code, q->association_code);
	if (!p)
		return cnap_fail(err, CNAP_ENOTFOUND, path, "association '%s' does not take part in WG '%s'",
				 q->association_code, q->wg_code);
	const struct cnap_template *t = cnap_cycle_data_template(d, p->template_code);
	PATH(path, "$.questions[%zu].item", i);
	if (!t || !cnap_template_item(t, q->item_key))
		return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown survey item '%s' for association '%s'",
				 q->item_key, q->association_code);
	PATH(path, "$.questions[%zu].page", i);
	if ((rc = cnap_check_page(q->page, path, err)))
		return rc;
	PATH(path, "$.questions[%zu].no", i);
	if (q->no < 0 || q->no > 99999)
		return cnap_fail(err, CNAP_EINVAL, path, "no must be 0..99999 (got %d)", q->no);
	PATH(path, "$.questions[%zu].text", i);
	if ((rc = cnap_text_check(q->text, CNAP_MAX_QUESTION_CHARS, CNAP_TEXT_MULTILINE, path, err)))
		return rc;
	PATH(path, "$.questions[%zu].note", i);
	if ((rc = cnap_text_check(q->note, CNAP_MAX_NOTE_CHARS, CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL,
				  path, err)))
		return rc;
	PATH(path, "$.questions[%zu].author", i);
	if (q->author && !has_user(d, q->author))
		return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown user '%s'", q->author);
	if (q->due_on) {
		PATH(path, "$.questions[%zu].due_on", i);
		if ((rc = cnap_check_date(q->due_on, path, err)))
			return rc;
	}
	for (size_t k = 0; k < q->n_refers_to; k++) {
		if (q->n_refers_to > 1)
			PATH(path, "$.questions[%zu].refers_to[%zu]", i, k);
		else
			PATH(path, "$.questions[%zu].refers_to", i);
		size_t ti;
		const struct cnap_question *target = find_ref(d, q->refers_to_refs[k], &ti);
		if (!target)
			return cnap_fail(err, CNAP_ENOTFOUND, path, "no question with ref '%s'", q->refers_to_refs[k]);
		if (ti == i)
			return cnap_fail(err, CNAP_EINVAL, path, "a question cannot refer to itself");
		if (strcmp(target->association_code, q->association_code) != 0)
			return cnap_fail(err, CNAP_EINVAL, path,
					 "refers to a question of another association ('%s')",
					 target->association_code);
	}
	if ((rc = validate_question_anchor(d, i, err)))
		return rc;
	if (q->has_answer) {
		PATH(path, "$.questions[%zu].answer.text", i);
		/* an answer that only refers to others has no text of its own */
		if ((rc = cnap_text_check(q->answer.text, CNAP_MAX_ANSWER_CHARS,
					  CNAP_TEXT_MULTILINE | (q->n_refers_to ? CNAP_TEXT_OPTIONAL : 0), path, err)))
			return rc;
		PATH(path, "$.questions[%zu].answer.author", i);
		if (q->answer.author && !has_user(d, q->answer.author))
			return cnap_fail(err, CNAP_ENOTFOUND, path, "unknown user '%s'", q->answer.author);
		PATH(path, "$.questions[%zu].answer.return_comment", i);
		if ((rc = cnap_text_check(q->answer.return_comment, CNAP_MAX_NOTE_CHARS,
					  CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL, path, err)))
			return rc;
	}
	return CNAP_OK;
}

enum cnap_err cnap_cycle_data_validate(const struct cnap_cycle_data *d, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_check_year(d->cycle.year, "$.cycle.year", err)))
		return rc;
	if ((rc = cnap_check_year(d->cycle.actual_fiscal_year, "$.cycle.actual_fiscal_year", err)))
		return rc;
	if (d->cycle.actual_fiscal_year > d->cycle.year)
		return cnap_fail(err, CNAP_EINVAL, "$.cycle.actual_fiscal_year",
				 "the actuals (%d) cannot be later than the follow-up year (%d)",
				 d->cycle.actual_fiscal_year, d->cycle.year);
	if ((rc = check_name(d->cycle.name, "$.cycle.name", true, err)))
		return rc;
	if ((rc = validate_templates(d, err)) || (rc = validate_orgs(d, err)) ||
	    (rc = validate_users(d, err)))
		return rc;
	for (size_t i = 0; i < d->n_questions; i++)
		if ((rc = validate_question(d, i, err)))
			return rc;
	return CNAP_OK;
}
