/*
 * libFuzzer target: the association's workbook read back, the whole path
 * from bytes (io/xlsx_read.h's zip and XML, then io/form_xlsx_read.h's
 * sheets, markers and cells) against the sample's tables
 * (data/templates/2023.json), then every table applied as an import would.
 * Properties: whatever the bytes, nothing crashes or leaks; a refused file
 * says why in one problem; a read table's texts are valid UTF-8 and within
 * its limits, and every place a problem can name is "<sheet>!<cell>".
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/form_json.h"
#include "io/form_xlsx_read.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cnap_arena spec_arena;
static struct cnap_form_spec spec;
static bool spec_ready;

static void load_spec(void)
{
	json_error_t jerr;
	json_t *root = json_load_file(CNAP_SOURCE_ROOT "/data/templates/2023.json", 0, &jerr);
	json_t *tables = root ? json_object_get(json_array_get(json_object_get(root, "templates"), 0), "tables") : NULL;
	char *text = tables ? json_dumps(tables, 0) : NULL;
	struct cnap_error err = { 0 };
	cnap_arena_init(&spec_arena);
	if (!text || cnap_form_json_parse(text, strlen(text), "tables", &spec_arena, &spec, &err)) {
		fprintf(stderr, "fuzz_form_xlsx: cannot load the sample tables: %s %s\n", jerr.text, err.message);
		abort();
	}
	free(text);
	json_decref(root);
	spec_ready = true;
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_form_xlsx: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!spec_ready)
		load_spec();
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_form_xlsx_expect expect = { .year = 2023, .wg_code = "denshi", .association_code = "bearing",
						.file_name = "fuzz.xlsx" };
	struct cnap_form_xlsx_book book;
	struct cnap_form_problems problems = { 0 };
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_form_xlsx_read(data, size, NULL, &spec, &expect, &a, &book, &problems, &err);
	if (rc && rc != CNAP_ENOMEM)
		check(problems.n == 1 && problems.v[0].message[0], "a refused file says why, once");
	for (size_t i = 0; !rc && i < book.n_tables; i++) {
		const struct cnap_form_xlsx_table *t = &book.tables[i];
		if (!t->found || !t->texts)
			continue;
		check(t->table->layout != CNAP_FORM_RECORDS || t->n_rows <= CNAP_FORM_MAX_RECORDS, "records bounded");
		for (size_t k = 0; k < t->n_rows * t->n_cols; k++)
			check(!t->texts[k] || cnap_utf8_valid(t->texts[k], strlen(t->texts[k]), NULL), "texts are UTF-8");
		const char *where = cnap_form_xlsx_where(&a, t, t->n_rows ? t->n_rows - 1 : 0, t->n_cols ? t->n_cols - 1 : 0);
		check(where && strncmp(where, t->sheet, strlen(t->sheet)) == 0 && where[strlen(t->sheet)] == '!',
		      "a place is <sheet>!<cell>");
		struct cnap_form_issues issues = { 0 };
		struct cnap_survey_data *d = NULL;
		struct cnap_error aerr = { 0 };
		cnap_form_apply(&a, t->table, 2022, NULL, t->texts, t->n_rows, &issues, &d, &aerr);
		for (size_t k = 0; k < issues.n; k++)
			check(cnap_form_xlsx_where(&a, t, issues.v[k].row, issues.v[k].col) != NULL, "every issue has a place");
	}
	cnap_arena_release(&a);
	return 0;
}
