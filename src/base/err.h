/*
 * The one error enum of cnap, and the error record that says where and what.
 *
 * Every fallible library function returns enum cnap_err and, when given a
 * non-NULL struct cnap_error *, fills it with a user-facing message and the
 * place the problem was found (a field, a JSON path, a line). The record is
 * plain memory owned by the caller; nothing in it needs freeing.
 */
#ifndef CNAP_ERR_H
#define CNAP_ERR_H

#include <stdarg.h>

enum cnap_err {
	CNAP_OK = 0,
	CNAP_ENOMEM,    /* allocation failed */
	CNAP_EINVAL,    /* input breaks a rule (bad value, bad UTF-8, bad schema) */
	CNAP_ENOTFOUND, /* unknown cycle, WG, association, item, question, user */
	CNAP_ECONFLICT, /* duplicate or state does not allow the change */
	CNAP_EPERM,     /* not allowed for this user */
	CNAP_EDB,       /* database failure */
	CNAP_EIO,       /* file or stream failure */
	CNAP_ETOOBIG,   /* input over a size limit */
	CNAP_EFORMAT,   /* file is not ours, or from a newer cnap */
	CNAP_EBUSY,     /* database locked by another writer past the busy timeout: try again */
	CNAP_ERR_COUNT
};

struct cnap_error {
	enum cnap_err code;
	char where[160];   /* e.g. "$.questions[3].text", "line 12", "--wg" */
	char message[480]; /* one sentence, no trailing newline */
};

/* Short English name of the code ("not found"); static storage. */
const char *cnap_strerror(enum cnap_err code);

/*
 * Fill err (if non-NULL) and return code, so callers write
 *     return cnap_fail(err, CNAP_EINVAL, "$.cycle.year", "must be ...");
 * where may be NULL or "".
 */
enum cnap_err cnap_fail(struct cnap_error *err, enum cnap_err code,
			const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
enum cnap_err cnap_vfail(struct cnap_error *err, enum cnap_err code,
			 const char *where, const char *fmt, va_list ap);

/* Reset to CNAP_OK with empty strings. */
void cnap_error_clear(struct cnap_error *err);

#endif
