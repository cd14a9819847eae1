#include "base/compat.h"
#include "base/testhook.h"

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
	struct tm tm = { 0 };
	char z = 0;
	if (!fixed || sscanf(fixed, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			     &tm.tm_min, &tm.tm_sec, &z) != 7 || z != 'Z')
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return true;
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

#endif
