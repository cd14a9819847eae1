/* Users from a file (user_import.h): the file's problems, then the store's, then all or nothing. */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "usecase/accounts.h"
#include "usecase/organisation.h"
#include "usecase/user_import.h"

#include <stdio.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

struct known {
	struct cnap_association *as;
	size_t n_as;
	struct cnap_wg *wgs;
	size_t n_wgs;
	struct cnap_user *users;
	size_t n_users;
};

static bool has_association(const struct known *k, const char *code)
{
	for (size_t i = 0; i < k->n_as; i++)
		if (strcmp(k->as[i].code, code) == 0)
			return true;
	return false;
}

static bool has_wg(const struct known *k, const char *code)
{
	for (size_t i = 0; i < k->n_wgs; i++)
		if (strcmp(k->wgs[i].code, code) == 0)
			return true;
	return false;
}

static bool has_user(const struct known *k, const char *login)
{
	for (size_t i = 0; i < k->n_users; i++)
		if (strcmp(k->users[i].login, login) == 0)
			return true;
	return false;
}

#define PROBLEM(t, a, line, col, ...)                                                                                  \
	do {                                                                                                           \
		if (!cnap_user_table_problem((t), (a), (line), (col), __VA_ARGS__))                                   \
			return false;                                                                                  \
	} while (0)

static bool check_against(struct cnap_user_table *t, const struct known *k, int year, struct cnap_arena *a)
{
	char era[32] = "";
	if (year)
		cnap_jp_era_fiscal_year(year, false, era, sizeof(era));
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct cnap_user_row *r = &t->rows[i];
		const struct cnap_user *u = &r->user;
		if (u->login && !cnap_check_code(u->login, "login", NULL) && has_user(k, u->login))
			PROBLEM(t, a, r->line, CNAP_COL_LOGIN, "ログインID「%s」は既に登録されています", u->login);
		if (u->association_code && !cnap_check_code(u->association_code, "a", NULL) &&
		    !has_association(k, u->association_code))
			PROBLEM(t, a, r->line, CNAP_COL_ASSOCIATION, "業界団体「%s」は登録されていません", u->association_code);
		if (u->n_wg_codes && !year)
			PROBLEM(t, a, r->line, CNAP_COL_WG, "担当WGを探す年度がありません（先に年度を登録してください）");
		for (size_t w = 0; year && w < u->n_wg_codes; w++)
			if (!has_wg(k, u->wg_codes[w]))
				PROBLEM(t, a, r->line, CNAP_COL_WG, "WG「%s」は%sにありません", u->wg_codes[w], era);
	}
	return true;
}

enum cnap_err cnap_uc_user_import(struct cnap_store *s, const struct cnap_actor *actor, int year, const void *data,
				  size_t len, bool write, struct cnap_arena *a, struct cnap_uc_user_import *out,
				  struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (rc)
		return rc;
	if (!year)
		year = cnap_uc_latest_year(s);
	else if ((rc = cnap_store_cycle_get(s, year, a, &(struct cnap_cycle){ 0 }, err)))
		return cnap_fail(err, rc, "user.cycle", "%d年度は登録されていません", year);
	out->year = year;
	struct cnap_user_table *t = &out->table;
	if ((rc = cnap_user_table_parse(data, len, a, t, err)))
		return rc;
	struct known k = { 0 };
	if ((rc = cnap_store_association_list(s, 0, NULL, a, &k.as, &k.n_as, err)) ||
	    (year && (rc = cnap_store_wg_list(s, year, a, &k.wgs, &k.n_wgs, err))) ||
	    (rc = cnap_store_user_list(s, a, &k.users, &k.n_users, err)))
		return rc;
	if (!check_against(t, &k, year, a))
		return OOM(err);
	static const char *const order[] = { CNAP_COL_LOGIN, CNAP_COL_NAME, CNAP_COL_ROLE, CNAP_COL_ASSOCIATION,
					     CNAP_COL_WG, CNAP_COL_EMAIL };
	cnap_table_problems_sort(&t->problems, order, CNAP_ARRAY_LEN(order));
	if (t->problems.n)
		return cnap_fail(err, CNAP_EINVAL, "", "%zu件の問題があります。何も登録していません",
				 t->problems.n + t->problems.omitted);
	if (!write)
		return CNAP_OK;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	for (size_t i = 0; i < t->n_rows && !rc; i++) {
		rc = cnap_store_user_add(s, year, &t->rows[i].user, NULL, err);
		if (rc && err)
			snprintf(err->where, sizeof(err->where), "%zu行目", t->rows[i].line);
	}
	rc = cnap_store_finish(s, rc, err);
	if (!rc)
		out->n_created = t->n_rows;
	return rc;
}
