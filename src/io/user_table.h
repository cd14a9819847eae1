/*
 * Users listed in a file for bulk registration (issue 14): a CSV (UTF-8 with
 * or without a BOM, or CP932, through csv_read.h) or an Excel workbook (its
 * first sheet, through xlsx_read.h), one user per row under a header row:
 *
 *   ログインID, 氏名, 役割, 業界団体, WG, メールアドレス
 *
 * Header names are matched after NFKC and trimming, with a few other names
 * people use (ログイン名, 名前, ロール, 所属団体, 担当WG, メール, login, name,
 * role, association, wg, email); 役割 is 事務局 / WG委員 / 業界団体 or
 * secretariat / reviewer / association; WG codes are separated by 、 , or ;.
 * Codes and e-mail addresses are NFKC'd (full-width letters typed in Excel
 * become ASCII); every value is trimmed of white space, U+3000 included.
 *
 * The file is read and its header matched by io/table_read.h. Pure: the file alone is checked here (the header, each value, a login twice
 * in the file, a reviewer without WG, an association user without
 * association); whether an association, a WG or a login exists is the use
 * case's (usecase/user_import.h), which adds its problems to the same list.
 */
#ifndef CNAP_IO_USER_TABLE_H
#define CNAP_IO_USER_TABLE_H

#include "base/arena.h"
#include "io/table_read.h"
#include "model/model.h"

/* A bulk file holds at most this many users. */
#define CNAP_USER_TABLE_MAX_ROWS 5000

/* A user as a row gives it: user.login, name, role, association_code, wg_codes, email (NULL when empty). */
struct cnap_user_row {
	size_t line;
	struct cnap_user user;
	bool has_problem; /* some problem names this line */
};

struct cnap_user_table {
	struct cnap_user_row *rows;
	size_t n_rows;
	struct cnap_table_problems problems; /* every problem, by line and column once the use case sorts them */
	size_t header_line; /* the line of the header row */
	const char *format; /* 「CSV（UTF-8）」, 「CSV（Shift_JIS（CP932））」, 「Excel」: static */
	bool has_wg_column, has_email_column, has_association_column;
};

/*
 * Parse data[0..len) (an xlsx when it starts as a zip does, else CSV) into out,
 * everything in a. The file's own problems go into out->problems and the call
 * still returns CNAP_OK; a file that cannot be read at all (encoding, quoting,
 * a broken workbook, over the limits, no header) is the error, with
 * csv_read.h's or xlsx_read.h's message and where. Every row is in out->rows,
 * with or without problems. Deterministic: the same bytes give the same table.
 */
enum cnap_err cnap_user_table_parse(const void *data, size_t len, struct cnap_arena *a, struct cnap_user_table *out,
				    struct cnap_error *err);

/* Adds a problem (counted only past the limit) and marks the row of that line; false when out of memory. */
bool cnap_user_table_problem(struct cnap_user_table *t, struct cnap_arena *a, size_t line, const char *column,
			     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The display name of a column: 「ログインID」, 「氏名」, 「役割」, 「業界団体」, 「WG」, 「メールアドレス」. */
#define CNAP_COL_LOGIN "ログインID"
#define CNAP_COL_NAME "氏名"
#define CNAP_COL_ROLE "役割"
#define CNAP_COL_ASSOCIATION "業界団体"
#define CNAP_COL_WG "WG"
#define CNAP_COL_EMAIL "メールアドレス"

#endif
