#include "base/compat.h"
#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const err_names[CNAP_ERR_COUNT] = {
	[CNAP_OK] = "ok",
	[CNAP_ENOMEM] = "out of memory",
	[CNAP_EINVAL] = "invalid input",
	[CNAP_ENOTFOUND] = "not found",
	[CNAP_ECONFLICT] = "conflict",
	[CNAP_EPERM] = "permission denied",
	[CNAP_EDB] = "database error",
	[CNAP_EIO] = "i/o error",
	[CNAP_ETOOBIG] = "too big",
	[CNAP_EFORMAT] = "unsupported format",
	[CNAP_EBUSY] = "database busy",
};

const char *cnap_strerror(enum cnap_err code)
{
	if ((unsigned)code >= CNAP_ERR_COUNT)
		return "unknown error";
	return err_names[code];
}

enum cnap_err cnap_vfail(struct cnap_error *err, enum cnap_err code,
			 const char *where, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return code;
}

enum cnap_err cnap_fail(struct cnap_error *err, enum cnap_err code,
			const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cnap_vfail(err, code, where, fmt, ap);
	va_end(ap);
	return code;
}

void cnap_error_clear(struct cnap_error *err)
{
	if (!err)
		return;
	err->code = CNAP_OK;
	err->where[0] = '\0';
	err->message[0] = '\0';
}

_Noreturn void cnap_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
	abort();
}
