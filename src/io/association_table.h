/*
 * Associations listed in a file for bulk registration (issue 14), read like
 * the users' file (io/table_read.h: CSV in UTF-8 or CP932, or a workbook's
 * first sheet), one association per row under a header row:
 *
 *   コード, 名称, 業種
 *
 * (also 団体コード, 業界団体コード, code; 名前, 団体名, 業界団体名, name; 業界,
 * industry). The code is NFKC'd and must be of the code alphabet and unique in
 * the file; the name is required; 業種 fills {industry} in item titles and may
 * be empty. Pure: whether a code is already registered is the use case's
 * (usecase/association_import.h).
 */
#ifndef CNAP_IO_ASSOCIATION_TABLE_H
#define CNAP_IO_ASSOCIATION_TABLE_H

#include "io/table_read.h"
#include "model/model.h"

#define CNAP_ASSOCIATION_TABLE_MAX_ROWS 2000

#define CNAP_COL_CODE "コード"
#define CNAP_COL_ASSOC_NAME "名称"
#define CNAP_COL_INDUSTRY "業種"

struct cnap_association_row {
	size_t line;
	struct cnap_association association; /* code, name, industry (NULL when empty) */
	bool has_problem;
};

struct cnap_association_table {
	struct cnap_association_row *rows;
	size_t n_rows;
	struct cnap_table_problems problems;
	size_t header_line;
	const char *format;
};

/* As cnap_user_table_parse (io/user_table.h): the file's problems in out, a file that cannot be read the error. */
enum cnap_err cnap_association_table_parse(const void *data, size_t len, struct cnap_arena *a,
					   struct cnap_association_table *out, struct cnap_error *err);
/* Adds a problem and marks the row of that line; false when out of memory. */
bool cnap_association_table_problem(struct cnap_association_table *t, struct cnap_arena *a, size_t line,
				    const char *column, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
