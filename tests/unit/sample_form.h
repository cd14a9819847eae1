/*
 * The sample's own form and coefficient master for unit tests (issue 10 and
 * 12): data/templates/2023.json's tables parsed and checked, and
 * data/coefficients/master.json, into the arena. Needs CNAP_SOURCE_ROOT,
 * jansson, io and cmocka (included before this header).
 */
#ifndef CNAP_TEST_SAMPLE_FORM_H
#define CNAP_TEST_SAMPLE_FORM_H

#include "io/coef_json.h"
#include "io/form_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A file of the source tree, NUL-terminated, in one of four static buffers (the last four calls stay valid). */
static inline char *sample_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[4][1 << 21];
	static int next;
	char *b = buf[next++ % 4];
	*len = fread(b, 1, sizeof(buf[0]) - 1, f);
	b[*len] = '\0';
	fclose(f);
	return b;
}

static inline void sample_form_load(struct cnap_arena *a, struct cnap_form_spec *spec, struct cnap_coef_master *master)
{
	size_t len;
	char *text = sample_slurp(CNAP_SOURCE_ROOT "/data/templates/2023.json", &len);
	json_t *root = json_loadb(text, len, 0, NULL);
	assert_non_null(root);
	char *tables = json_dumps(json_object_get(json_array_get(json_object_get(root, "templates"), 0), "tables"), 0);
	json_decref(root);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_form_json_parse(tables, strlen(tables), "$.templates[0].tables", a, spec, &err);
	free(tables);
	if (rc)
		fail_msg("%s: %s", err.where, err.message);
	text = sample_slurp(CNAP_SOURCE_ROOT "/data/coefficients/master.json", &len);
	assert_int_equal(cnap_coef_json_parse(text, len, a, master, &err), CNAP_OK);
}

#endif
