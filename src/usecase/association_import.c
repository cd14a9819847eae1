/* Associations from a file (association_import.h): the file's problems, then the store's, then all or nothing. */
#include "base/compat.h"
#include "usecase/association_import.h"

#include <stdio.h>
#include <string.h>

enum cnap_err cnap_uc_association_import(struct cnap_store *s, const struct cnap_actor *actor, const void *data,
					 size_t len, bool write, struct cnap_arena *a,
					 struct cnap_uc_association_import *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_association_table *t = &out->table;
	struct cnap_association *known;
	size_t n_known;
	enum cnap_err rc;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err)) ||
	    (rc = cnap_association_table_parse(data, len, a, t, err)) ||
	    (rc = cnap_store_association_list(s, 0, NULL, a, &known, &n_known, err)))
		return rc;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct cnap_association *as = &t->rows[i].association;
		for (size_t k = 0; as->code && k < n_known; k++)
			if (strcmp(known[k].code, as->code) == 0 &&
			    !cnap_association_table_problem(t, a, t->rows[i].line, CNAP_COL_CODE,
							    "コード「%s」は既に登録されています（%s）", as->code, known[k].name))
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	static const char *const order[] = { CNAP_COL_CODE, CNAP_COL_ASSOC_NAME, CNAP_COL_INDUSTRY };
	cnap_table_problems_sort(&t->problems, order, CNAP_ARRAY_LEN(order));
	if (t->problems.n)
		return cnap_fail(err, CNAP_EINVAL, "", "%zu件の問題があります。何も登録していません",
				 t->problems.n + t->problems.omitted);
	if (!write)
		return CNAP_OK;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	for (size_t i = 0; i < t->n_rows && !rc; i++)
		if ((rc = cnap_store_association_add(s, &t->rows[i].association, err)) && err)
			snprintf(err->where, sizeof(err->where), "%zu行目", t->rows[i].line);
	rc = cnap_store_finish(s, rc, err);
	if (!rc)
		out->n_created = t->n_rows;
	return rc;
}
