/*
 * Users registered in bulk from a CSV or an Excel file (issue 14): the file is
 * read by io/user_table.h, then checked against the store (the association
 * exists, each WG exists in the cycle, the login is not taken), and only a
 * file without a single problem is written: every user in one transaction,
 * each audited as user.add. Imported users have no password yet (as
 * `cnap user add --no-password`): the secretariat sets one, and until then
 * they cannot log in.
 */
#ifndef CNAP_USECASE_USER_IMPORT_H
#define CNAP_USECASE_USER_IMPORT_H

#include "auth/policy.h"
#include "io/user_table.h"
#include "store/store.h"

struct cnap_uc_user_import {
	struct cnap_user_table table; /* every row, and every problem, ordered by line */
	int year;                     /* the cycle the WG codes were looked up in (0: there is none) */
	size_t n_created;             /* users written (0 for a dry run or on any problem) */
};

/*
 * The secretariat's only (CNAP_ACT_ADMIN). year 0: the newest cycle; a year that is not
 * a cycle is CNAP_ENOTFOUND. A file that cannot be read is its reader's error; a file
 * read with problems is CNAP_EINVAL, out->table.problems listing all of them, and
 * nothing written; write false checks only (--dry-run, the web's 確認).
 * Everything in a.
 */
enum cnap_err cnap_uc_user_import(struct cnap_store *s, const struct cnap_actor *actor, int year, const void *data,
				  size_t len, bool write, struct cnap_arena *a, struct cnap_uc_user_import *out,
				  struct cnap_error *err);

#endif
