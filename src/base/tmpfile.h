/*
 * A private temporary file for a library that writes only to a path
 * (libxlsxwriter), and reading such a file back into a buffer.
 */
#ifndef CNAP_TMPFILE_H
#define CNAP_TMPFILE_H

#include "base/buf.h"

/*
 * A new empty file only we may read, in $TMPDIR (else /tmp), its path into
 * path (size >= 64 holds any, the rest is $TMPDIR's length). The caller
 * removes it. CNAP_EIO with the reason when it cannot be made.
 */
enum cnap_err cnap_tmpfile_make(const char *prefix, char *path, size_t size, struct cnap_error *err);

/* The whole file appended to out (bounded by out's limit); the file is removed whatever happens. */
enum cnap_err cnap_tmpfile_take(const char *path, struct cnap_buf *out, const char *what, struct cnap_error *err);

#endif
