/*
 * The survey's data tables out to the association and back (issue 10): the
 * Excel workbook of every table (io/form_xlsx_write.h, io/form_xlsx_read.h)
 * and the CSV of one table (io/form_csv.h).
 *
 * Exports need CNAP_ACT_ASSOCIATION_VIEW (the association's own users, the
 * WG's reviewers, the secretariat). They are prefilled with the working data
 * for those who may enter it (the draft when there is one, else the latest
 * version) and with the latest version for those who only read, and, where
 * 前年度実績 is empty, with the actuals last year's survey reported. The
 * workbook is dated by the database's last change, so the same data gives
 * the same bytes.
 *
 * Imports need CNAP_ACT_SUBMISSION_ADD. The file is read as a whole, every
 * problem of every table collected (each {where, message} in Japanese), and
 * only when there is none do the tables become a new version
 * (cnap_uc_form_add_version: checked, fuel totals computed, one
 * transaction); on any problem nothing is written. Tables whose sheet is not
 * in the workbook stay as they were.
 */
#ifndef CNAP_USECASE_SURVEY_WORKBOOK_H
#define CNAP_USECASE_SURVEY_WORKBOOK_H

#include "io/form_file.h"
#include "usecase/survey_form.h"

/* The largest file an import reads. */
#define CNAP_UC_WORKBOOK_MAX_BYTES ((size_t)20 * 1024 * 1024)

struct cnap_uc_import {
	struct cnap_form_problems problems; /* every problem found; none when the import was taken */
	int version;                        /* the new version, 0 when nothing was written */
	size_t tables_read;                 /* tables taken from the file */
	const char *missing[CNAP_FORM_MAX_TABLES]; /* titles of the tables the file did not have (left as they were) */
	size_t n_missing;
};

/*
 * The association's workbook appended to out; *file_name a name for it
 * ("調査票データ_日本ベアリング工業会_令和5年度.xlsx"), *ascii_name one
 * in ASCII ("survey-2023-denshi-bearing.xlsx"), both in a.
 */
enum cnap_err cnap_uc_workbook_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, struct cnap_arena *a,
				      struct cnap_buf *out, const char **file_name, const char **ascii_name,
				      struct cnap_error *err);

/*
 * A filled-in workbook data[0..len) (file_name for messages, may be NULL;
 * note for the new version, NULL: one saying where it came from). On a
 * refusal res->problems lists why and the code is CNAP_EINVAL (cells),
 * CNAP_EFORMAT (not cnap's workbook, not an xlsx), CNAP_ETOOBIG (over a
 * limit) or CNAP_EPERM / CNAP_ENOTFOUND (as the association pages);
 * err holds the first problem.
 */
enum cnap_err cnap_uc_workbook_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, const void *data, size_t len,
				      const char *file_name, const char *note, struct cnap_arena *a,
				      struct cnap_uc_import *res, struct cnap_error *err);

/* One table (by code, CNAP_ENOTFOUND when the template has none) as CSV; *file_name "<sheet>.csv". */
enum cnap_err cnap_uc_table_csv_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, const char *table_code,
				       struct cnap_arena *a, struct cnap_buf *out, const char **file_name,
				       struct cnap_error *err);

/* One table back from CSV, as the workbook import (the other tables stay as they are). */
enum cnap_err cnap_uc_table_csv_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, const char *table_code,
				       const void *data, size_t len, const char *file_name, const char *note,
				       struct cnap_arena *a, struct cnap_uc_import *res, struct cnap_error *err);

#endif
