#include "base/compat.h"
#include "base/isotime.h"
#include "base/testhook.h"

#include <string.h>

#ifdef CNAP_TEST_HOOKS

bool cnap_testhook_enabled(void)
{
	return true;
}

bool cnap_testhook_fast_hash(void)
{
	return getenv("CNAP_FAST_HASH") != NULL;
}

bool cnap_testhook_fixed_now(time_t *out)
{
	const char *fixed = getenv("CNAP_FIXED_NOW");
	size_t len = fixed ? strlen(fixed) : 0;
	return len == 20 && fixed[19] == 'Z' && cnap_iso_parse(fixed, out);
}

const char *cnap_testhook_pdf_layout(void)
{
	const char *p = getenv("CNAP_PDF_LAYOUT");
	return p && *p ? p : NULL;
}

#else

/* No getenv at all here: the variables' names do not even reach a release binary. */
bool cnap_testhook_enabled(void)
{
	return false;
}

bool cnap_testhook_fast_hash(void)
{
	return false;
}

bool cnap_testhook_fixed_now(time_t *out)
{
	(void)out;
	return false;
}

const char *cnap_testhook_pdf_layout(void)
{
	return NULL;
}

#endif
