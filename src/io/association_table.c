/* Associations from a CSV or a workbook (association_table.h). */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/association_table.h"

#include <stdarg.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum col { C_CODE, C_NAME, C_INDUSTRY, C_COUNT };

static const char *const code_aliases[] = { "団体コード", "業界団体コード", "code", NULL };
static const char *const name_aliases[] = { "名前", "団体名", "業界団体名", "name", NULL };
static const char *const industry_aliases[] = { "業界", "industry", NULL };
static const struct cnap_table_column columns[C_COUNT] = {
	{ CNAP_COL_CODE, code_aliases, true },
	{ CNAP_COL_ASSOC_NAME, name_aliases, true },
	{ CNAP_COL_INDUSTRY, industry_aliases, false },
};

bool cnap_association_table_problem(struct cnap_association_table *t, struct cnap_arena *a, size_t line,
				    const char *column, const char *fmt, ...)
{
	for (size_t i = 0; line && i < t->n_rows; i++)
		if (t->rows[i].line == line)
			t->rows[i].has_problem = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return msg && cnap_table_problem_add(&t->problems, a, line, column, "%s", msg);
}

#define PROBLEM(col, ...)                                                                                              \
	do {                                                                                                           \
		if (!cnap_association_table_problem(t, a, r->line, columns[col].name, __VA_ARGS__))                    \
			return false;                                                                                  \
	} while (0)

static const char *cell(const struct cnap_table_row *r, const int *col_at, enum col c, bool fold,
			struct cnap_arena *a, bool *oom)
{
	if (col_at[c] < 0 || (size_t)col_at[c] >= r->n)
		return NULL;
	char *v = fold ? cnap_table_nfkc(a, r->cells[col_at[c]]) : cnap_table_trim(a, r->cells[col_at[c]]);
	*oom |= !v;
	return v && *v ? v : NULL;
}

static bool check_row(struct cnap_association_table *t, const struct cnap_table_row *r, const int *col_at,
		      struct cnap_association_row *ar, struct cnap_arena *a)
{
	bool oom = false;
	struct cnap_association *as = &ar->association;
	as->code = cell(r, col_at, C_CODE, true, a, &oom);
	as->name = cell(r, col_at, C_NAME, false, a, &oom);
	as->industry = cell(r, col_at, C_INDUSTRY, false, a, &oom);
	if (oom)
		return false;
	if (!as->code)
		PROBLEM(C_CODE, "コードが空です");
	else if (strlen(as->code) > CNAP_MAX_CODE_CHARS)
		PROBLEM(C_CODE, "コードが長すぎます（最大%d文字）", CNAP_MAX_CODE_CHARS);
	else if (cnap_check_code(as->code, "code", NULL))
		PROBLEM(C_CODE, "コード「%s」に使えない文字があります（半角英数字と . _ - のみ）", as->code);
	else
		for (struct cnap_association_row *o = t->rows; o < ar; o++)
			if (o->association.code && strcmp(o->association.code, as->code) == 0) {
				PROBLEM(C_CODE, "コード「%s」が%zu行目と重複しています", as->code, o->line);
				break;
			}
	if (!as->name)
		PROBLEM(C_NAME, "名称が空です");
	else if (cnap_text_check(as->name, CNAP_MAX_NAME_CHARS, 0, "name", NULL))
		PROBLEM(C_NAME, "名称は%d文字以内で、改行などの制御文字を含めずに入力してください", CNAP_MAX_NAME_CHARS);
	if (as->industry && cnap_text_check(as->industry, CNAP_MAX_NAME_CHARS, 0, "industry", NULL))
		PROBLEM(C_INDUSTRY, "業種は%d文字以内で、改行などの制御文字を含めずに入力してください", CNAP_MAX_NAME_CHARS);
	return true;
}

enum cnap_err cnap_association_table_parse(const void *data, size_t len, struct cnap_arena *a,
					   struct cnap_association_table *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_table_row *rows;
	size_t n, h = 0;
	int col_at[C_COUNT];
	enum cnap_err rc = cnap_table_read(data, len, CNAP_ASSOCIATION_TABLE_MAX_ROWS + 1, a, &rows, &n, &out->format, err);
	if (rc)
		return rc;
	while (h < n && cnap_table_row_empty(&rows[h]))
		h++;
	if (h == n)
		return cnap_fail(err, CNAP_EINVAL, "", "見出し行（コード、名称、業種）と業界団体の行がありません");
	out->header_line = rows[h].line;
	out->rows = cnap_arena_calloc(a, n - h, sizeof(*out->rows));
	if (!out->rows || !cnap_table_map_header(&rows[h], columns, C_COUNT, col_at, a, &out->problems))
		return OOM(err);
	for (size_t i = h + 1; i < n; i++) {
		if (cnap_table_row_empty(&rows[i]))
			continue;
		struct cnap_association_row *ar = &out->rows[out->n_rows++];
		ar->line = rows[i].line;
		if (!check_row(out, &rows[i], col_at, ar, a))
			return OOM(err);
	}
	if (!out->n_rows && !cnap_association_table_problem(out, a, 0, "", "見出し行の後に業界団体の行がありません"))
		return OOM(err);
	return CNAP_OK;
}
