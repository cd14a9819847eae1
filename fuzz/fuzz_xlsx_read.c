/*
 * libFuzzer target: the xlsx reader (src/io/xlsx_read.h) with small limits.
 * An input starting with "==> " is a package in text form (parts introduced
 * by "==> name" lines, see tests/unit/io/xlsx_fixture.h), zipped here
 * without compression so that mutations reach the XML parsers past the
 * CRCs; anything else goes to the reader as it is.
 *
 * Properties: an accepted workbook has sheets whose cells are sorted,
 * unique, never EMPTY, inside n_rows × n_cols and found by
 * cnap_xlsx_cell_at; strings and errors are valid UTF-8, numbers carry
 * their text and dates are numbers; merges are normalised; every sheet is
 * found by its name and every defined name by its. A refused one has a
 * code and a non-empty message of valid UTF-8. A failure aborts, so
 * libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/xlsx_read.h"
#include "xlsx_fixture.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void violated(const char *what, const struct cnap_xlsx_sheet *s, const struct cnap_xlsx_cell *c)
{
	char ref[16] = "";
	if (c)
		cnap_xlsx_ref_format(c->row, c->col, ref, sizeof(ref));
	fprintf(stderr, "fuzz_xlsx_read: %s (sheet %s, cell %s)\n", what, s ? s->name : "-", ref);
	abort();
}

static bool valid(const char *s)
{
	return s && cnap_utf8_valid(s, strlen(s), NULL);
}

static void check_sheet(const struct cnap_xlsx *x, const struct cnap_xlsx_sheet *s)
{
	if (!valid(s->name))
		violated("a sheet name is not UTF-8", s, NULL);
	const struct cnap_xlsx_sheet *by_name = cnap_xlsx_sheet_by_name(x, s->name);
	if (!by_name || strcmp(by_name->name, s->name) != 0)
		violated("a sheet is not found by its name", s, NULL);
	for (size_t k = 0; k < s->n_cells; k++) {
		const struct cnap_xlsx_cell *c = &s->cells[k];
		if (c->type == CNAP_XLSX_EMPTY)
			violated("an EMPTY cell", s, c);
		if (c->row >= s->n_rows || c->col >= s->n_cols || c->row >= CNAP_XLSX_MAX_ROWS ||
		    c->col >= CNAP_XLSX_MAX_COLS)
			violated("a cell outside n_rows x n_cols", s, c);
		if (k > 0 && !(c->row > c[-1].row || (c->row == c[-1].row && c->col > c[-1].col)))
			violated("cells not sorted or not unique", s, c);
		if (cnap_xlsx_cell_at(s, c->row, c->col) != c)
			violated("cnap_xlsx_cell_at does not find a cell", s, c);
		if (!c->number_format)
			violated("no number format", s, c);
		if (c->is_date && c->type != CNAP_XLSX_NUMBER)
			violated("a date that is not a number", s, c);
		switch (c->type) {
		case CNAP_XLSX_STRING:
		case CNAP_XLSX_ERROR:
		case CNAP_XLSX_NUMBER:
			if (!valid(c->text))
				violated("a text that is not UTF-8", s, c);
			break;
		case CNAP_XLSX_BOOL:
			if (c->num != 0 && c->num != 1)
				violated("a boolean that is not 0 or 1", s, c);
			break;
		default:
			break;
		}
		char ref[16];
		uint32_t row, col;
		cnap_xlsx_ref_format(c->row, c->col, ref, sizeof(ref));
		if (!cnap_xlsx_ref_parse(ref, &row, &col) || row != c->row || col != c->col)
			violated("a reference does not parse back", s, c);
	}
	if (s->n_cells == 0 && (s->n_rows || s->n_cols))
		violated("rows or columns without cells", s, NULL);
	for (size_t k = 0; k < s->n_merges; k++) {
		const struct cnap_xlsx_merge *m = &s->merges[k];
		if (m->first_row > m->last_row || m->first_col > m->last_col || m->last_row >= CNAP_XLSX_MAX_ROWS ||
		    m->last_col >= CNAP_XLSX_MAX_COLS)
			violated("a merge not normalised", s, NULL);
		if (!cnap_xlsx_merge_at(s, m->last_row, m->last_col))
			violated("cnap_xlsx_merge_at misses a merge", s, NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t zlen = 0;
	unsigned char *zip = xlsx_fixture_unpack(data, size, &zlen);
	const struct cnap_xlsx_limits lim = {
		.max_file_bytes = (size_t)1 << 20, .max_entries = 64, .max_entry_bytes = (size_t)1 << 20,
		.max_total_bytes = (size_t)4 << 20, .max_ratio = 50, .max_cells = 20000,
		.max_shared_strings = 5000, .max_string_chars = 2000,
	};
	struct cnap_xlsx *x = NULL;
	struct cnap_error err;
	enum cnap_err rc = cnap_xlsx_open(zip ? zip : data, zip ? zlen : size, &lim, &x, &err);
	free(zip);
	if (rc != CNAP_OK) {
		if (x || err.code != rc || !err.message[0] || !valid(err.message) || !valid(err.where))
			violated("a refusal without its message", NULL, NULL);
		return 0;
	}
	size_t cells = 0;
	for (size_t i = 0; i < cnap_xlsx_sheet_count(x); i++) {
		check_sheet(x, cnap_xlsx_sheet(x, i));
		cells += cnap_xlsx_sheet(x, i)->n_cells;
	}
	if (cells > lim.max_cells)
		violated("more cells than the limit", NULL, NULL);
	for (size_t i = 0; i < cnap_xlsx_defined_name_count(x); i++) {
		const struct cnap_xlsx_name *n = cnap_xlsx_defined_name_at(x, i);
		if (!valid(n->name) || !valid(n->value) || !cnap_xlsx_defined_name(x, n->name))
			violated("a defined name is broken or not found", NULL, NULL);
		if (n->sheet >= (int32_t)cnap_xlsx_sheet_count(x))
			violated("a defined name scoped to a sheet that does not exist", NULL, NULL);
		const struct cnap_xlsx_sheet *s;
		uint32_t row, col;
		if (cnap_xlsx_name_ref(x, n->name, &s, &row, &col) && (row >= CNAP_XLSX_MAX_ROWS || col >= CNAP_XLSX_MAX_COLS))
			violated("a defined name points outside the sheet", s, NULL);
	}
	cnap_xlsx_free(x);
	return 0;
}
