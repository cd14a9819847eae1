#include "base/compat.h"
#include "io/json_mem.h"
#include "io/json_reader.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static _Thread_local unsigned long json_failures;

static void *json_malloc(size_t n)
{
	void *p = cnap_malloc(n);
	if (!p)
		json_failures++;
	return p;
}

/* Before main: jansson must not hand out memory from two allocators. */
__attribute__((constructor)) static void json_memory(void)
{
	json_set_alloc_funcs(json_malloc, free);
}

unsigned long cnap_json_alloc_failures(void)
{
	return json_failures;
}

json_t *cnap_json_load(const char *text, size_t len, size_t flags, json_error_t *jerr, bool *oom)
{
	unsigned long before = json_failures;
	json_t *root = json_loadb(text, len, flags, jerr);
	*oom = json_failures != before || (!root && json_error_code(jerr) == json_error_out_of_memory);
	if (*oom && root) {
		/* jansson's lexer drops a byte it could not store and goes on: the tree may hold a wrong string. */
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* Reject keys that are not in allowed (NULL-terminated): a typo must not drop data silently. */
bool jr_only_keys(struct reader *r, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (!ok) {
			char p[320];
			snprintf(p, sizeof(p), "%s.%s", path, key);
			FAIL(r, CNAP_EINVAL, p, "unknown key '%s'", key);
			return false;
		}
	}
	return true;
}

json_t *jr_want(struct reader *r, json_t *obj, const char *path, const char *key, json_type type,
		    bool required)
{
	static const char *const type_names[] = { "an object", "an array", "a string", "an integer",
						   "a number", "true", "false", "null" };
	char p[320];
	snprintf(p, sizeof(p), "%s.%s", path, key);
	json_t *v = json_object_get(obj, key);
	if (!v || (json_is_null(v) && !required)) {
		if (required)
			FAIL(r, CNAP_EINVAL, p, "missing required key '%s'", key);
		return NULL;
	}
	if (json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v))) {
		FAIL(r, CNAP_EINVAL, p, "must be %s", type_names[type]);
		return NULL;
	}
	return v;
}

const char *jr_str(struct reader *r, json_t *obj, const char *path, const char *key, bool required)
{
	json_t *v = jr_want(r, obj, path, key, JSON_STRING, required);
	if (!v)
		return NULL;
	const char *s = cnap_arena_strndup(r->a, json_string_value(v), json_string_length(v));
	if (!s)
		OOM(r);
	else if (strlen(s) != json_string_length(v)) {
		char p[320];
		snprintf(p, sizeof(p), "%s.%s", path, key);
		FAIL(r, CNAP_EINVAL, p, "must not contain NUL characters");
		return NULL;
	}
	return s;
}

int jr_int(struct reader *r, json_t *obj, const char *path, const char *key, bool required, int lo,
		   int hi)
{
	json_t *v = jr_want(r, obj, path, key, JSON_INTEGER, required);
	if (!v)
		return 0;
	json_int_t n = json_integer_value(v);
	if (n < lo || n > hi) {
		char p[320];
		snprintf(p, sizeof(p), "%s.%s", path, key);
		FAIL(r, CNAP_EINVAL, p, "must be between %d and %d (got %lld)", lo, hi, (long long)n);
		return 0;
	}
	return (int)n;
}


double jr_num(struct reader *r, json_t *obj, const char *path, const char *key, bool required, bool *present)
{
	char p[256];
	snprintf(p, sizeof(p), "%s.%s", path, key);
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = false;
	if (!v || json_is_null(v)) {
		if (required)
			FAIL(r, CNAP_EINVAL, p, "missing required key '%s'", key);
		return 0;
	}
	if (!json_is_number(v)) {
		FAIL(r, CNAP_EINVAL, p, "must be a number");
		return 0;
	}
	double d = json_number_value(v);
	if (!isfinite(d) || d < 0 || d > 1e15) {
		FAIL(r, CNAP_EINVAL, p, "must be a number between 0 and 10^15");
		return 0;
	}
	if (present)
		*present = true;
	return d;
}

bool jr_bool(struct reader *r, json_t *obj, const char *path, const char *key)
{
	json_t *v = jr_want(r, obj, path, key, JSON_TRUE, false);
	return v && json_is_true(v);
}

bool jr_object(struct reader *r, json_t *v, const char *path, const char *const *allowed)
{
	if (!json_is_object(v)) {
		FAIL(r, CNAP_EINVAL, path, "must be an object");
		return false;
	}
	return jr_only_keys(r, v, path, allowed);
}
