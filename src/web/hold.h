/*
 * An uploaded file kept between the page that shows what it holds and the
 * request that confirms it (the Word import: nothing is saved until
 * 「この内容で取り込む」, and the browser should not send the file twice).
 *
 * Held in this process's memory only, never in the database: at most
 * WEB_HOLD_MAX files and WEB_HOLD_MAX_BYTES in all (the oldest make room),
 * each for WEB_HOLD_SECONDS; a restart forgets them and the user chooses the
 * file again. A file is found by the random token handed out with it, and
 * only for the same login and the same place (scope) it was uploaded to.
 * Thread-safe.
 */
#ifndef CNAP_WEB_HOLD_H
#define CNAP_WEB_HOLD_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define WEB_HOLD_MAX 8
#define WEB_HOLD_MAX_BYTES ((size_t)64 << 20)
#define WEB_HOLD_SECONDS (30 * 60)

/* Keeps a copy of data[0..len) and its name (may be NULL); token gets its key. False when out of memory. */
bool web_hold_put(const char *login, const char *scope, const void *data, size_t len, const char *name,
		  char token[48]);
/*
 * A copy of the held file, in a; false when there is none for this token,
 * login and scope (expired, made room for, taken).
 */
bool web_hold_get(const char *login, const char *scope, const char *token, struct cnap_arena *a, const char **data,
		  size_t *len, const char **name);
/* Forgets the file (once it is saved). */
void web_hold_drop(const char *token);
/* Forgets every file (the server stops). */
void web_hold_clear(void);

#endif
