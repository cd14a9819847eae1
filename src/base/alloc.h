/*
 * The heap, behind one door. Every allocation cnap makes goes through these
 * (arena blocks and buffers included; banned.h refuses the raw calls), so a
 * test build can make the Nth allocation fail and walk N over a whole
 * command, as SQLite's and curl's out-of-memory loops do. Results are freed
 * with free().
 *
 * In a release build these are malloc, calloc, realloc and strdup inlined:
 * the hook below does not exist there.
 */
#ifndef CNAP_ALLOC_H
#define CNAP_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef CNAP_TEST_HOOKS
/*
 * Failure injection, test builds only. Allocations are numbered from 1 in
 * the order they are asked for, in two independent series: cnap's own (with
 * jansson's, which builds our JSON values) and SQLite's, so a loop can walk
 * each without the other's thousands drowning it out. cnap_alloc_fail_at(k,
 * n, false) fails allocation n of series k only; with repeat every one from
 * n on fails; n = 0 turns failing off and restarts the count. The
 * environment sets the same before main:
 *     CNAP_FAIL_ALLOC=N[+]         cnap's Nth allocation fails (+: and all later)
 *     CNAP_FAIL_ALLOC_SQLITE=N[+]  SQLite's Nth allocation fails
 *     CNAP_FAIL_ALLOC_LOG=FILE     "failed own N" (or sqlite) is appended when
 *                                  one fails, so a test can tell "ran past N"
 *                                  from "never got there"; at exit, "count own
 *                                  T" and "count sqlite T" say how far to go
 */
enum cnap_alloc_kind { CNAP_ALLOC_OWN, CNAP_ALLOC_SQLITE, CNAP_ALLOC_KINDS };

void cnap_alloc_fail_at(enum cnap_alloc_kind k, unsigned long n, bool repeat);
unsigned long cnap_alloc_count(enum cnap_alloc_kind k);
/* Whether an allocation was failed on purpose since the last cnap_alloc_fail_at. */
bool cnap_alloc_failed(void);
/* Counts one allocation of series k; true when it is one to fail. */
bool cnap_alloc_inject_kind(enum cnap_alloc_kind k);
#define cnap_alloc_inject() cnap_alloc_inject_kind(CNAP_ALLOC_OWN)

void *cnap_malloc(size_t n);
void *cnap_calloc(size_t n, size_t size);
void *cnap_realloc(void *p, size_t n);
char *cnap_strdup(const char *s);
#else
static inline bool cnap_alloc_inject(void)
{
	return false;
}
/* The names in parentheses get past banned.h's macros: this is the one place allowed to call them. */
static inline void *cnap_malloc(size_t n)
{
	return (malloc)(n);
}
static inline void *cnap_calloc(size_t n, size_t size)
{
	return (calloc)(n, size);
}
static inline void *cnap_realloc(void *p, size_t n)
{
	return (realloc)(p, n);
}
static inline char *cnap_strdup(const char *s)
{
	return (strdup)(s);
}
#endif

#endif
