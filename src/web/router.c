#include "base/compat.h"
#include "web/router.h"

#include <string.h>

bool web_route_match(const char *pattern, const char *path, struct web_span args[WEB_MAX_ARGS], size_t *n_args)
{
	size_t n = 0;
	const char *p = pattern, *u = path;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++, u++;
		size_t plen = strcspn(p, "/"), ulen = strcspn(u, "/");
		if (p[0] == ':') {
			if (ulen == 0 || n == WEB_MAX_ARGS)
				return false;
			args[n].s = u;
			args[n].n = ulen;
			n++;
		} else if (plen != ulen || memcmp(p, u, plen) != 0) {
			return false;
		}
		p += plen, u += ulen;
	}
	if (*p || *u)
		return false;
	*n_args = n;
	return true;
}
