/*
 * What the files of the survey's data tables share: the workbook
 * (io/form_xlsx_write.h, io/form_xlsx_read.h) and the CSV of one table
 * (io/form_csv.h). A file is read as a whole and every problem in it is
 * collected, each with the place a person finds it ("実績の総括表!F12",
 * "燃料別エネルギー.csv 5行目 5列目（都市ガス／当年度実績）") and what is
 * wrong, in Japanese; nothing is saved unless the list stays empty.
 *
 * Strings live in the arena the caller passes.
 */
#ifndef CNAP_IO_FORM_FILE_H
#define CNAP_IO_FORM_FILE_H

#include "model/form.h"

/* At most this many problems are listed; the rest are counted. */
#define CNAP_FORM_PROBLEMS_MAX 500

struct cnap_form_problem {
	const char *where;   /* the cell, line or file; "" when it is about the whole file */
	const char *message; /* one Japanese sentence */
};

struct cnap_form_problems {
	struct cnap_form_problem *v;
	size_t n, cap;
	size_t dropped; /* problems found beyond CNAP_FORM_PROBLEMS_MAX */
	bool oom;       /* one could not be recorded: the list is not the whole story (callers say CNAP_ENOMEM) */
};

/* Appends one problem (where and the message are copied into a); out of memory sets oom. */
void cnap_form_problem_add(struct cnap_arena *a, struct cnap_form_problems *p, const char *where, const char *fmt,
			   ...) __attribute__((format(printf, 4, 5)));

/*
 * The label printed for a CHOICE/BOOL cell's code ("adjusted" →
 * "調整後排出係数", "true" → "予定"); any other text comes back as it is.
 */
const char *cnap_form_choice_label(const struct cnap_form_line *l, const char *code);

/*
 * The shape of a table as 8 hex digits: its layout, year columns and its
 * lines' codes, kinds and bindings. A file written for one shape is not read
 * into another (a table edited in the cycle's template between export and
 * import).
 */
void cnap_form_fingerprint(const struct cnap_form_table *t, char out[9]);

/*
 * A grid cell in words, for a message: "CO2排出量／当年度実績",
 * "対策／2件目", "目標の種類". Into a.
 */
const char *cnap_form_cell_words(struct cnap_arena *a, const struct cnap_form_table *t, size_t row, size_t col);

/*
 * Whether an earlier table of tables[0..n) already asks for what grid cell
 * (row, col) of tables[ti] asks: an input line with the same binding in a
 * table of the same layout (YEARS: in the column of the same year role,
 * FIELDS: the one value). Then the earlier cell (table *tj, *rj, *cj) is
 * where the value is typed: the workbook shows it in the later one, and
 * the later one's content is not read.
 */
bool cnap_form_mirror_of(const struct cnap_form_table *const *tables, size_t n, size_t ti, size_t row, size_t col,
			 size_t *tj, size_t *rj, size_t *cj);

#endif
