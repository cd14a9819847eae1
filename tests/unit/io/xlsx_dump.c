/*
 * xlsx_dump: what cnap's xlsx reader sees in a workbook, for the script
 * tests that compare it with openpyxl (tests/cli/t0014-xlsx-read.sh).
 *
 *   xlsx_dump FILE             one line a cell: sheet!ref TAB type TAB value
 *   xlsx_dump --all FILE       and "#sheet", "#merge", "#name", "#formula" lines
 *   xlsx_dump --stats FILE     sheets, cells and the time cnap_xlsx_open took
 *   xlsx_dump --write-fixture FILE   writes the libxlsxwriter fixture workbook
 *
 * Types are number, date (the value is the serial), string, bool (TRUE or
 * FALSE) and error; a number is printed as the XML has it. In strings,
 * backslash, tab, LF and CR are written \\ \t \n \r. A workbook the reader
 * refuses prints "error: WHERE: MESSAGE" on stderr and exits 1. A FILE
 * starting with "==> " is a package in the fuzz target's text form
 * (xlsx_fixture.h), zipped first.
 */
#include "base/compat.h"
#include "io/xlsx_read.h"
#include "xlsx_fixture.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void put_escaped(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		default: putchar(*s);
		}
	}
}

static void dump(const struct cnap_xlsx *x, bool all)
{
	for (size_t i = 0; i < cnap_xlsx_sheet_count(x); i++) {
		const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, i);
		if (all)
			printf("#sheet\t%s\t%s\n", s->name, s->hidden ? "hidden" : "visible");
		for (size_t k = 0; k < s->n_cells; k++) {
			const struct cnap_xlsx_cell *c = &s->cells[k];
			char ref[16];
			cnap_xlsx_ref_format(c->row, c->col, ref, sizeof(ref));
			printf("%s!%s\t", s->name, ref);
			switch (c->type) {
			case CNAP_XLSX_NUMBER:
				if (c->is_date)
					printf("date\t%.17g\n", c->num);
				else
					printf("number\t%s\n", c->text);
				break;
			case CNAP_XLSX_STRING:
				fputs("string\t", stdout);
				put_escaped(c->text);
				putchar('\n');
				break;
			case CNAP_XLSX_BOOL:
				printf("bool\t%s\n", c->num ? "TRUE" : "FALSE");
				break;
			case CNAP_XLSX_ERROR:
				printf("error\t%s\n", c->text);
				break;
			case CNAP_XLSX_EMPTY:
				printf("empty\t\n");
				break;
			case CNAP_XLSX_UNCACHED:
				printf("uncached\t\n");
				break;
			}
			if (all && c->is_formula)
				printf("#formula\t%s!%s\n", s->name, ref);
		}
		for (size_t k = 0; all && k < s->n_merges; k++) {
			const struct cnap_xlsx_merge *m = &s->merges[k];
			char a[16], b[16];
			cnap_xlsx_ref_format(m->first_row, m->first_col, a, sizeof(a));
			cnap_xlsx_ref_format(m->last_row, m->last_col, b, sizeof(b));
			printf("#merge\t%s!%s:%s\n", s->name, a, b);
		}
	}
	for (size_t i = 0; all && i < cnap_xlsx_defined_name_count(x); i++) {
		const struct cnap_xlsx_name *n = cnap_xlsx_defined_name_at(x, i);
		printf("#name\t%s\t%s\n", n->name, n->value);
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write-fixture") == 0)
		return xlsx_fixture_xlsxwriter(argv[2]) ? 0 : 1;
	bool all = argc == 3 && strcmp(argv[1], "--all") == 0;
	bool stats = argc == 3 && strcmp(argv[1], "--stats") == 0;
	if (argc != 2 && !all && !stats) {
		fprintf(stderr, "usage: xlsx_dump [--all | --stats | --write-fixture] FILE\n");
		return 2;
	}
	size_t len;
	unsigned char *data = xlsx_fixture_read_file(argv[argc - 1], &len);
	if (!data) {
		fprintf(stderr, "error: cannot read %s\n", argv[argc - 1]);
		return 1;
	}
	size_t zlen;
	unsigned char *zip = xlsx_fixture_unpack(data, len, &zlen);
	if (zip) {
		free(data);
		data = zip;
		len = zlen;
	}
	struct cnap_xlsx *x;
	struct cnap_error err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum cnap_err rc = cnap_xlsx_open(data, len, NULL, &x, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(data);
	if (rc != CNAP_OK) {
		fprintf(stderr, "error: %s: %s\n", err.where, err.message);
		return 1;
	}
	if (stats) {
		size_t cells = 0;
		for (size_t i = 0; i < cnap_xlsx_sheet_count(x); i++)
			cells += cnap_xlsx_sheet(x, i)->n_cells;
		printf("sheets %zu cells %zu ms %.1f\n", cnap_xlsx_sheet_count(x), cells,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	} else {
		dump(x, all);
	}
	cnap_xlsx_free(x);
	return 0;
}
