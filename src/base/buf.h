/*
 * struct cnap_buf: a growable byte string with a hard size limit.
 *
 * The buffer owns its memory; cnap_buf_release() frees it, cnap_buf_detach()
 * hands it to the caller (free() it), or returns NULL (and frees it) when an
 * add failed or the memory for an empty string is not there. data is always NUL-terminated once
 * anything was added, and is NULL before the first add. Adding past max
 * fails with CNAP_ETOOBIG and leaves the contents as they were.
 */
#ifndef CNAP_BUF_H
#define CNAP_BUF_H

#include "base/err.h"

struct cnap_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	enum cnap_err status; /* first failure of a chain of adds, or CNAP_OK */
};

#define CNAP_BUF_DEFAULT_MAX ((size_t)256 * 1024 * 1024)

void cnap_buf_init(struct cnap_buf *b, size_t max);
void cnap_buf_release(struct cnap_buf *b);
char *cnap_buf_detach(struct cnap_buf *b, size_t *len);
void cnap_buf_reset(struct cnap_buf *b);

/*
 * Appenders return the buffer's status: once one fails, later ones do
 * nothing, so a chain can be checked once at the end (b->status).
 */
enum cnap_err cnap_buf_add(struct cnap_buf *b, const void *p, size_t n);
enum cnap_err cnap_buf_adds(struct cnap_buf *b, const char *s);
enum cnap_err cnap_buf_addc(struct cnap_buf *b, char c);
enum cnap_err cnap_buf_addf(struct cnap_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The bytes HTML escaping replaces. */
#define CNAP_HTML_SPECIAL "&<>\"'"
/* Appends s with & < > " ' replaced by HTML character references. */
enum cnap_err cnap_buf_add_html(struct cnap_buf *b, const char *s);
/* The same for s[0..n), which need not be NUL-terminated. */
enum cnap_err cnap_buf_add_html_n(struct cnap_buf *b, const char *s, size_t n);
/* CSV fields: base/csv_write.h. */

/* Appends s as a JSON string literal with quotes; NULL appends null. */
enum cnap_err cnap_buf_add_json_str(struct cnap_buf *b, const char *s);
/* The same without the quotes: what goes inside a literal, for one built of several pieces. */
enum cnap_err cnap_buf_add_json_chars(struct cnap_buf *b, const char *s);

/*
 * The error of a failed chain, for messages: "out of memory", or "<what> is
 * over its size limit". Returns b->status.
 */
enum cnap_err cnap_buf_error(const struct cnap_buf *b, struct cnap_error *err, const char *what);

/* Overflow-checked size arithmetic: false on overflow. */
bool cnap_st_add(size_t a, size_t b, size_t *out);
bool cnap_st_mult(size_t a, size_t b, size_t *out);

#endif
