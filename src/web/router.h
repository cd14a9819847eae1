/*
 * Path patterns of the route table: "/q/:id/history" matches "/q/12/history"
 * and captures "12". Segments are compared whole; a :name takes exactly one
 * non-empty segment; nothing else is special. Pure, so it is unit-tested
 * and fuzzed on its own.
 */
#ifndef CNAP_WEB_ROUTER_H
#define CNAP_WEB_ROUTER_H

#include "base/compat.h"

#define WEB_MAX_ARGS 4

struct web_span {
	const char *s; /* into the matched path; not NUL-terminated */
	size_t n;
};

/* True when path matches pattern; the captured segments go to args (in pattern order). */
bool web_route_match(const char *pattern, const char *path, struct web_span args[WEB_MAX_ARGS], size_t *n_args);

#endif
