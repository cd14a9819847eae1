/*
 * libFuzzer target: users for bulk registration from a CSV or a workbook
 * (io/user_table.h). Properties: a refusal says what in Japanese; an
 * accepted file gives rows on lines that go up, problems on the header's or
 * a row's line (0 for the file), each with a message, no more than the
 * limit listed; a row no problem names is a user the store would take: a
 * login of the code alphabet unique in the file, a name, an association for
 * association users only, WGs for reviewers only, an e-mail that passes
 * cnap_check_email; and the same bytes give the same table twice. The same
 * bytes are read as an associations' file too (io/association_table.h, the
 * same table reader): a row without problems has a unique code and a name.
 * A failure
 * traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/association_table.h"
#include "io/user_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what, size_t line)
{
	fprintf(stderr, "fuzz_user_csv: %s (line %zu)\n", what, line);
	abort();
}

static bool text_ok(const char *s)
{
	return s && s[0] && cnap_utf8_valid(s, strlen(s), NULL);
}

static void check_row(const struct cnap_user_table *t, size_t i)
{
	const struct cnap_user_row *r = &t->rows[i];
	const struct cnap_user *u = &r->user;
	if (r->has_problem)
		return;
	if (cnap_check_code(u->login, "login", NULL) || !text_ok(u->name) || (unsigned)u->role >= CNAP_ROLE_COUNT)
		violated("a row without problems has no valid login, name or role", r->line);
	if ((u->role == CNAP_ROLE_ASSOCIATION) != (u->association_code != NULL))
		violated("an association where the role says otherwise", r->line);
	if ((u->role == CNAP_ROLE_REVIEWER) != (u->n_wg_codes > 0))
		violated("WGs where the role says otherwise", r->line);
	for (size_t k = 0; k < u->n_wg_codes; k++)
		if (cnap_check_code(u->wg_codes[k], "wg", NULL))
			violated("a WG code outside the code alphabet", r->line);
	if (u->email && cnap_check_email(u->email, "email", NULL))
		violated("an e-mail address that does not pass the check", r->line);
	for (size_t j = 0; j < i; j++)
		if (t->rows[j].user.login && strcmp(t->rows[j].user.login, u->login) == 0)
			violated("a login twice in the file without a problem", r->line);
}

static void check(const struct cnap_user_table *t)
{
	if (!t->format || t->problems.n > CNAP_TABLE_MAX_PROBLEMS || t->n_rows > CNAP_USER_TABLE_MAX_ROWS + 1)
		violated("no format, or too many problems or rows", 0);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->rows[i].line <= t->header_line || (i && t->rows[i].line <= t->rows[i - 1].line))
			violated("row lines do not go up from below the header", t->rows[i].line);
		check_row(t, i);
	}
	for (size_t i = 0; i < t->problems.n; i++) {
		const struct cnap_table_problem *p = &t->problems.v[i];
		if (!text_ok(p->message) || !p->column || !cnap_utf8_valid(p->column, strlen(p->column), NULL))
			violated("a problem without a message", p->line);
		bool known = p->line == 0 || p->line == t->header_line;
		for (size_t k = 0; k < t->n_rows && !known; k++)
			known = t->rows[k].line == p->line && t->rows[k].has_problem;
		if (!known)
			violated("a problem on a line that is neither the header nor a marked row", p->line);
	}
}

static void same(const struct cnap_user_table *x, const struct cnap_user_table *y)
{
	if (x->n_rows != y->n_rows || x->problems.n != y->problems.n || x->problems.omitted != y->problems.omitted)
		violated("the same bytes gave another table", 0);
	for (size_t i = 0; i < x->problems.n; i++)
		if (x->problems.v[i].line != y->problems.v[i].line || strcmp(x->problems.v[i].message, y->problems.v[i].message))
			violated("the same bytes gave other problems", x->problems.v[i].line);
}

static void check_associations(const struct cnap_association_table *t)
{
	if (!t->format || t->problems.n > CNAP_TABLE_MAX_PROBLEMS)
		violated("associations: no format, or too many problems", 0);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct cnap_association_row *r = &t->rows[i];
		if (r->line <= t->header_line || (i && r->line <= t->rows[i - 1].line))
			violated("associations: row lines do not go up from below the header", r->line);
		if (r->has_problem)
			continue;
		if (cnap_check_code(r->association.code, "code", NULL) || !text_ok(r->association.name))
			violated("associations: a row without problems has no valid code or name", r->line);
		for (size_t j = 0; j < i; j++)
			if (t->rows[j].association.code && strcmp(t->rows[j].association.code, r->association.code) == 0)
				violated("associations: a code twice in the file without a problem", r->line);
	}
	for (size_t i = 0; i < t->problems.n; i++)
		if (!text_ok(t->problems.v[i].message))
			violated("associations: a problem without a message", t->problems.v[i].line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_user_table t, again;
	struct cnap_error err = { 0 }, err2 = { 0 };
	enum cnap_err rc = cnap_user_table_parse(data, size, &a, &t, &err);
	enum cnap_err rc2 = cnap_user_table_parse(data, size, &a, &again, &err2);
	if (rc != rc2)
		violated("the same bytes were read once and refused once", 0);
	if (rc == CNAP_OK) {
		check(&t);
		same(&t, &again);
	} else if (rc != CNAP_ENOMEM && (!text_ok(err.message) || strcmp(err.message, err2.message) != 0)) {
		violated("a refusal without a message, or with another one the second time", 0);
	}
	struct cnap_association_table as;
	struct cnap_error err3 = { 0 };
	if (cnap_association_table_parse(data, size, &a, &as, &err3) == CNAP_OK)
		check_associations(&as);
	else if (!text_ok(err3.message))
		violated("associations: a refusal without a message", 0);
	cnap_arena_release(&a);
	return 0;
}
