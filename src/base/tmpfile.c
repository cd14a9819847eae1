#include "base/compat.h"
#include "base/tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum cnap_err cnap_tmpfile_make(const char *prefix, char *path, size_t size, struct cnap_error *err)
{
	const char *dir = getenv("TMPDIR");
	int n = snprintf(path, size, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", prefix);
	if (n < 0 || (size_t)n >= size)
		return cnap_fail(err, CNAP_EIO, "", "the temporary directory's path is too long");
	int fd = mkstemp(path);
	if (fd < 0)
		return cnap_fail(err, CNAP_EIO, "", "cannot create a temporary file: %s", strerror(errno));
	close(fd);
	return CNAP_OK;
}

enum cnap_err cnap_tmpfile_take(const char *path, struct cnap_buf *out, const char *what, struct cnap_error *err)
{
	FILE *in = fopen(path, "rb");
	enum cnap_err rc = CNAP_OK;
	if (!in) {
		rc = cnap_fail(err, CNAP_EIO, "", "cannot read %s back", what);
	} else {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
			if (cnap_buf_add(out, chunk, n))
				break;
		if (ferror(in) && !out->status)
			rc = cnap_fail(err, CNAP_EIO, "", "cannot read %s back", what);
		fclose(in);
		if (out->status)
			rc = cnap_buf_error(out, err, what);
	}
	unlink(path);
	return rc;
}
