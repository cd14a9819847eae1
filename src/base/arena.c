#include "base/compat.h"
#include "base/arena.h"
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cnap_arena_block {
	struct cnap_arena_block *next;
	size_t used;
	size_t size;
	_Alignas(16) unsigned char mem[];
};

#define ARENA_BLOCK_SIZE ((size_t)64 * 1024)

void cnap_arena_init(struct cnap_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void cnap_arena_release(struct cnap_arena *a)
{
	struct cnap_arena_block *b = a->head;
	while (b) {
		struct cnap_arena_block *next = b->next;
		free(b);
		b = next;
	}
	cnap_arena_init(a);
}

void *cnap_arena_alloc(struct cnap_arena *a, size_t size)
{
	/*
	 * Every call counts as one allocation for the failure hook, not only those
	 * that take a new block: a caller's NULL check must not depend on where in
	 * a block its request happens to land.
	 */
	if (cnap_alloc_inject())
		return NULL;
	size_t rounded;
	if (!cnap_st_add(size, 15, &rounded))
		return NULL;
	rounded &= ~(size_t)15;
	if (rounded == 0)
		rounded = 16;
	struct cnap_arena_block *b = a->head;
	if (!b || b->size - b->used < rounded) {
		size_t bsize = rounded > ARENA_BLOCK_SIZE ? rounded : ARENA_BLOCK_SIZE;
		size_t alloc;
		if (!cnap_st_add(sizeof(*b), bsize, &alloc))
			return NULL;
		b = (malloc)(alloc);
		if (!b)
			return NULL;
		b->size = bsize;
		b->used = 0;
		if (a->head && rounded > ARENA_BLOCK_SIZE) {
			/* keep the partly used head block in front */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->mem + b->used;
	b->used += rounded;
	a->total += rounded;
	memset(p, 0, rounded);
	return p;
}

void *cnap_arena_calloc(struct cnap_arena *a, size_t n, size_t size)
{
	size_t total;
	if (!cnap_st_mult(n, size, &total))
		return NULL;
	return cnap_arena_alloc(a, total);
}

void *cnap_arena_grow(struct cnap_arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return v;
	size_t room = *cap ? *cap * 2 : 16;
	void *grown = room > *cap ? cnap_arena_calloc(a, room, elem) : NULL;
	if (!grown)
		return NULL;
	if (n)
		memcpy(grown, v, n * elem);
	*cap = room;
	return grown;
}

char *cnap_arena_strndup(struct cnap_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t sz;
	if (!cnap_st_add(n, 1, &sz))
		return NULL;
	char *p = cnap_arena_alloc(a, sz);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cnap_arena_strdup(struct cnap_arena *a, const char *s)
{
	if (!s)
		return NULL;
	return cnap_arena_strndup(a, s, strlen(s));
}

char *cnap_arena_vprintf(struct cnap_arena *a, const char *fmt, va_list ap)
{
	/* Most strings are short: format once on the stack, and twice only when it does not fit. */
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	char *p = NULL;
	if (n >= 0 && (size_t)n < sizeof(small))
		p = cnap_arena_strndup(a, small, (size_t)n);
	else if (n >= 0 && (p = cnap_arena_alloc(a, (size_t)n + 1)))
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *cnap_arena_printf(struct cnap_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
