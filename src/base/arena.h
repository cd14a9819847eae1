/*
 * struct cnap_arena: bump allocation for results that die together (one
 * command, one request, one loaded document). Memory from an arena is never
 * freed piecemeal; cnap_arena_release() frees all of it. Functions that take
 * an arena to allocate their results say so; those results are valid until
 * that arena is released.
 */
#ifndef CNAP_ARENA_H
#define CNAP_ARENA_H

#include "base/compat.h"

#include <stdarg.h>

struct cnap_arena_block;

struct cnap_arena {
	struct cnap_arena_block *head;
	size_t total; /* bytes handed out, for limits and tests */
};

void cnap_arena_init(struct cnap_arena *a);
void cnap_arena_release(struct cnap_arena *a);

/* Zeroed, 16-byte aligned memory; NULL on overflow or exhaustion. */
void *cnap_arena_alloc(struct cnap_arena *a, size_t size);
/* Zeroed array of n elements; NULL on overflow. */
void *cnap_arena_calloc(struct cnap_arena *a, size_t n, size_t size);
/*
 * Room for one more element of an array that lives in the arena: when
 * n == *cap, a new array of twice the room (16 at first) with the n
 * elements copied, and *cap updated; else v itself. NULL (v and *cap left
 * as they were) when memory ran out.
 */
void *cnap_arena_grow(struct cnap_arena *a, void *v, size_t n, size_t *cap, size_t elem);
/* Copies of strings; NULL in gives NULL out. */
char *cnap_arena_strdup(struct cnap_arena *a, const char *s);
char *cnap_arena_strndup(struct cnap_arena *a, const char *s, size_t n);
char *cnap_arena_printf(struct cnap_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *cnap_arena_vprintf(struct cnap_arena *a, const char *fmt, va_list ap);

#endif
