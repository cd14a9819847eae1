/*
 * Associations registered in bulk from a CSV or an Excel file (issue 14), as
 * users are (usecase/user_import.h): the file read by io/association_table.h,
 * each code checked against the store, and only a file without a single
 * problem written, every association in one transaction, each audited as
 * association.add.
 */
#ifndef CNAP_USECASE_ASSOCIATION_IMPORT_H
#define CNAP_USECASE_ASSOCIATION_IMPORT_H

#include "auth/policy.h"
#include "io/association_table.h"
#include "store/store.h"

struct cnap_uc_association_import {
	struct cnap_association_table table; /* every row, and every problem, by line and column */
	size_t n_created;
};

/*
 * The secretariat's only (CNAP_ACT_ADMIN). A file that cannot be read is its reader's
 * error; a file with problems is CNAP_EINVAL, every one in out->table.problems, nothing
 * written; write false checks only (--dry-run). Everything in a.
 */
enum cnap_err cnap_uc_association_import(struct cnap_store *s, const struct cnap_actor *actor, const void *data,
					 size_t len, bool write, struct cnap_arena *a,
					 struct cnap_uc_association_import *out, struct cnap_error *err);

#endif
