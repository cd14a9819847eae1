/* Internal to io: checked access to a parsed JSON tree, naming every problem by its JSON path. */
#ifndef CNAP_IO_JSON_READER_H
#define CNAP_IO_JSON_READER_H

#include "base/arena.h"
#include "base/err.h"

#include <jansson.h>

/* Reading state: strings are copied into a; the first failure sticks in rc. */
struct reader {
	struct cnap_arena *a;
	struct cnap_error *err;
	enum cnap_err rc;
};

#define FAIL(r, code, path, ...) ((r)->rc = cnap_fail((r)->err, (code), (path), __VA_ARGS__))
#define OOM(r) FAIL(r, CNAP_ENOMEM, "", "out of memory")

/* v must be an object whose keys are all in allowed (NULL-terminated); else fail naming path. */
bool jr_object(struct reader *r, json_t *v, const char *path, const char *const *allowed);
/* Reject keys not in allowed (NULL-terminated). */
bool jr_only_keys(struct reader *r, json_t *obj, const char *path, const char *const *allowed);
/* obj[key] if present and of type (JSON_TRUE accepts any boolean); NULL when absent (an error if required). */
json_t *jr_want(struct reader *r, json_t *obj, const char *path, const char *key, json_type type, bool required);
const char *jr_str(struct reader *r, json_t *obj, const char *path, const char *key, bool required);
int jr_int(struct reader *r, json_t *obj, const char *path, const char *key, bool required, int lo, int hi);
/* A finite number (integer or real) >= 0; *present tells whether it was there. */
double jr_num(struct reader *r, json_t *obj, const char *path, const char *key, bool required, bool *present);
bool jr_bool(struct reader *r, json_t *obj, const char *path, const char *key);

#endif
