/*
 * bench_read FILE...: cnap's bare xlsx reader (src/io/xlsx_read.h) over the
 * benchmark's workbooks, for bench/xlsx/run.sh (docs/performance.md
 * "## Survey workbook import"). Not a test and not part of any build of
 * cnap: run.sh compiles it against the release build's static libraries.
 *
 * Per file: read it into memory, cnap_xlsx_open (the default limits, the
 * import's own), touch every cell of every sheet (count the non-empty ones,
 * sum the numbers, sum the string lengths, so nothing can be skipped),
 * cnap_xlsx_free. Prints one line per file, "file SECONDS CELLS", then
 * "total SECONDS CELLS CHECKSUM". Times are CLOCK_MONOTONIC, from the read
 * of the file to the free; process start is timed by run.sh around it.
 */
#define _POSIX_C_SOURCE 200809L
#include "io/xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *b = realloc(buf, cap *= 2);
			if (!b)
				free(buf);
			buf = b;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	double total = 0, checksum = 0;
	size_t cells_all = 0;
	for (int i = 1; i < argc; i++) {
		double t0 = now();
		size_t len;
		void *data = slurp(argv[i], &len);
		if (!data) {
			fprintf(stderr, "bench_read: %s: cannot read\n", argv[i]);
			return 1;
		}
		struct cnap_xlsx *x;
		struct cnap_error err = { 0 };
		if (cnap_xlsx_open(data, len, NULL, &x, &err) != CNAP_OK) {
			fprintf(stderr, "bench_read: %s: %s: %s\n", argv[i], err.where, err.message);
			free(data);
			return 1;
		}
		size_t cells = 0;
		for (size_t s = 0; s < cnap_xlsx_sheet_count(x); s++) {
			const struct cnap_xlsx_sheet *sh = cnap_xlsx_sheet(x, s);
			for (size_t c = 0; c < sh->n_cells; c++) {
				const struct cnap_xlsx_cell *cell = &sh->cells[c];
				if (cell->type == CNAP_XLSX_STRING && cell->text[0] == '\0')
					continue; /* openpyxl's count skips "" too */
				cells++;
				if (cell->type == CNAP_XLSX_NUMBER || cell->type == CNAP_XLSX_BOOL)
					checksum += cell->num;
				else if (cell->text)
					checksum += (double)strlen(cell->text);
			}
		}
		cnap_xlsx_free(x);
		free(data);
		double t = now() - t0;
		total += t;
		cells_all += cells;
		printf("file %.6f %zu\n", t, cells);
	}
	printf("total %.6f %zu %.17g\n", total, cells_all, checksum);
	return 0;
}
