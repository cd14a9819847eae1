/*
 * Users from a CSV or a workbook (user_table.h). Both become the same grid of
 * rows of text, numbered as the person sees them (the CSV's line, the sheet's
 * row), then one pass checks the header and every row, collecting every
 * problem instead of stopping at the first: a secretariat fixing a file of
 * forty users should see all that is wrong at once.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/csv_read.h"
#include "io/user_table.h"
#include "io/xlsx_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

struct grid_row {
	size_t line, n;
	const char **cells;
};

enum col { C_LOGIN, C_NAME, C_ROLE, C_ASSOCIATION, C_WG, C_EMAIL, C_COUNT };

static const char *const col_names[C_COUNT] = { CNAP_COL_LOGIN, CNAP_COL_NAME, CNAP_COL_ROLE,
						CNAP_COL_ASSOCIATION, CNAP_COL_WG, CNAP_COL_EMAIL };

/* Header names people use, compared after NFKC, trimming and ASCII lower case. */
static const struct { const char *name; enum col col; } aliases[] = {
	{ "ログインid", C_LOGIN }, { "ログイン名", C_LOGIN }, { "ログイン", C_LOGIN }, { "login", C_LOGIN },
	{ "氏名", C_NAME }, { "名前", C_NAME }, { "name", C_NAME },
	{ "役割", C_ROLE }, { "ロール", C_ROLE }, { "role", C_ROLE },
	{ "業界団体", C_ASSOCIATION }, { "業界団体コード", C_ASSOCIATION }, { "所属団体", C_ASSOCIATION },
	{ "団体", C_ASSOCIATION }, { "association", C_ASSOCIATION },
	{ "wg", C_WG }, { "担当wg", C_WG }, { "wgコード", C_WG }, { "wgs", C_WG },
	{ "メールアドレス", C_EMAIL }, { "メール", C_EMAIL }, { "email", C_EMAIL }, { "e-mail", C_EMAIL },
};

static bool is_blank_at(const char *s, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		*len = 1;
		return true;
	}
	if (c == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) { /* U+3000 */
		*len = 3;
		return true;
	}
	return false;
}

/* s without white space at either end (U+3000 too), in a; NULL when out of memory. */
static char *trimmed(struct cnap_arena *a, const char *s)
{
	size_t k;
	while (*s && is_blank_at(s, &k))
		s += k;
	size_t n = strlen(s), end = 0;
	for (size_t i = 0; i < n;) {
		if (is_blank_at(s + i, &k)) {
			i += k;
			continue;
		}
		i++;
		end = i;
	}
	char *out = cnap_arena_alloc(a, end + 1);
	if (out) {
		memcpy(out, s, end);
		out[end] = '\0';
	}
	return out;
}

/* NFKC of s, trimmed, in a; NULL when out of memory (s is valid UTF-8: both readers check). */
static char *nfkc(struct cnap_arena *a, const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return trimmed(a, s);
	char *out = trimmed(a, (const char *)mapped);
	free(mapped);
	return out;
}

bool cnap_user_table_problem(struct cnap_user_table *t, struct cnap_arena *a, size_t line, const char *column,
			     const char *fmt, ...)
{
	for (size_t i = 0; line && i < t->n_rows; i++)
		if (t->rows[i].line == line)
			t->rows[i].has_problem = true;
	if (t->n_problems >= CNAP_USER_TABLE_MAX_PROBLEMS) {
		t->n_problems_omitted++;
		return true;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!msg)
		return false;
	if (!t->problems && !(t->problems = cnap_arena_calloc(a, CNAP_USER_TABLE_MAX_PROBLEMS, sizeof(*t->problems))))
		return false;
	t->problems[t->n_problems++] = (struct cnap_table_problem){ line, column ? column : "", msg };
	return true;
}

/* ---- the file as a grid ---- */

static enum cnap_err csv_grid(const void *data, size_t len, struct cnap_arena *a, struct grid_row **rows, size_t *n,
			      const char **format, struct cnap_error *err)
{
	struct cnap_csv csv;
	struct cnap_csv_limits lim = { .max_bytes = CNAP_USER_TABLE_MAX_BYTES, .max_rows = CNAP_USER_TABLE_MAX_ROWS + 1,
				       .max_fields = 64, .max_field_bytes = 4096 };
	enum cnap_err rc = cnap_csv_parse(data, len, &lim, a, &csv, err);
	if (rc)
		return rc;
	*rows = cnap_arena_calloc(a, csv.n_rows + 1, sizeof(**rows));
	if (!*rows)
		return OOM(err);
	for (size_t i = 0; i < csv.n_rows; i++)
		(*rows)[i] = (struct grid_row){ csv.rows[i].line, csv.rows[i].n_fields, csv.rows[i].fields };
	*n = csv.n_rows;
	*format = cnap_arena_printf(a, "CSV（%s）", csv.encoding);
	return *format ? CNAP_OK : OOM(err);
}

static const char *cell_text(struct cnap_arena *a, const struct cnap_xlsx_cell *c)
{
	switch (c->type) {
	case CNAP_XLSX_STRING:
	case CNAP_XLSX_NUMBER:
	case CNAP_XLSX_ERROR:
		return cnap_arena_strdup(a, c->text ? c->text : "");
	case CNAP_XLSX_BOOL:
		return cnap_arena_strdup(a, c->num != 0 ? "TRUE" : "FALSE");
	default:
		return cnap_arena_strdup(a, "");
	}
}

static enum cnap_err xlsx_grid(const void *data, size_t len, struct cnap_arena *a, struct grid_row **rows, size_t *n,
			       struct cnap_error *err)
{
	struct cnap_xlsx *x;
	struct cnap_xlsx_limits lim = { .max_file_bytes = CNAP_USER_TABLE_MAX_BYTES, .max_cells = 200000 };
	enum cnap_err rc = cnap_xlsx_open(data, len, &lim, &x, err);
	if (rc)
		return rc;
	/* The first worksheet that has cells: a chart sheet before it holds none. */
	const struct cnap_xlsx_sheet *sh = NULL;
	for (size_t i = 0; i < cnap_xlsx_sheet_count(x) && !sh; i++)
		if (cnap_xlsx_sheet(x, i)->n_cells)
			sh = cnap_xlsx_sheet(x, i);
	size_t count = 0;
	*rows = NULL;
	if (sh) {
		/* Rows that hold cells are counted, not the sheet's extent: a stray far-away cell is no reason to refuse. */
		size_t distinct = 0;
		for (size_t i = 0; i < sh->n_cells; i++)
			distinct += i == 0 || sh->cells[i].row != sh->cells[i - 1].row;
		if (distinct > CNAP_USER_TABLE_MAX_ROWS + 1) {
			cnap_xlsx_free(x);
			return cnap_fail(err, CNAP_ETOOBIG, sh->name, "行が多すぎます（最大%d行）", CNAP_USER_TABLE_MAX_ROWS);
		}
		*rows = cnap_arena_calloc(a, distinct + 1, sizeof(**rows));
		for (size_t i = 0; *rows && i < sh->n_cells;) {
			size_t j = i;
			while (j < sh->n_cells && sh->cells[j].row == sh->cells[i].row)
				j++;
			uint32_t width = sh->cells[j - 1].col + 1;
			if (width > 64)
				width = 64; /* columns past the user columns are never read */
			struct grid_row *r = &(*rows)[count++];
			r->line = (size_t)sh->cells[i].row + 1;
			r->n = width;
			r->cells = cnap_arena_calloc(a, width, sizeof(*r->cells));
			for (uint32_t c = 0; r->cells && c < width; c++)
				r->cells[c] = "";
			for (size_t k = i; r->cells && k < j; k++)
				if (sh->cells[k].col < width && !(r->cells[sh->cells[k].col] = cell_text(a, &sh->cells[k])))
					r->cells = NULL;
			if (!r->cells)
				*rows = NULL;
			i = j;
		}
	}
	cnap_xlsx_free(x);
	if (sh && !*rows)
		return OOM(err);
	*n = count;
	return CNAP_OK;
}

static bool row_empty(const struct grid_row *r)
{
	size_t k;
	for (size_t i = 0; i < r->n; i++)
		for (const char *p = r->cells[i]; *p; p += k)
			if (!is_blank_at(p, &k))
				return false;
	return true;
}

/* ---- one row ---- */

struct ctx {
	struct cnap_user_table *t;
	struct cnap_arena *a;
	int col_at[C_COUNT]; /* the grid column of each user column, -1 when absent */
};

#define PROBLEM(cx, line, col, ...)                                                                                   \
	do {                                                                                                           \
		if (!cnap_user_table_problem((cx)->t, (cx)->a, (line), col_names[col], __VA_ARGS__))                   \
			return false;                                                                                  \
	} while (0)

static const char *value(struct ctx *cx, const struct grid_row *r, enum col c, bool fold, bool *oom)
{
	int at = cx->col_at[c];
	if (at < 0 || (size_t)at >= r->n)
		return NULL;
	char *v = fold ? nfkc(cx->a, r->cells[at]) : trimmed(cx->a, r->cells[at]);
	if (!v)
		*oom = true;
	return v && *v ? v : NULL;
}

static bool parse_role(const char *s, enum cnap_role *out)
{
	static const char *const ja[CNAP_ROLE_COUNT] = { "事務局", "WG委員", "業界団体" };
	for (int r = 0; r < CNAP_ROLE_COUNT; r++)
		if (strcmp(s, ja[r]) == 0 || strcasecmp(s, cnap_role_name((enum cnap_role)r)) == 0) {
			*out = (enum cnap_role)r;
			return true;
		}
	if (strcmp(s, "委員") == 0 || strcasecmp(s, "wg委員") == 0) {
		*out = CNAP_ROLE_REVIEWER;
		return true;
	}
	return false;
}

/* WG codes of "a、b, c;d", duplicates once, in a; false when out of memory. */
static bool split_wgs(struct ctx *cx, size_t line, const char *s, struct cnap_user *u)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ',' || *p == ';' || (unsigned char)*p == 0xe3;
	u->wg_codes = cnap_arena_calloc(cx->a, cap, sizeof(*u->wg_codes));
	if (!u->wg_codes)
		return false;
	const char *p = s;
	while (*p) {
		const char *end = p;
		size_t sep = 0;
		while (*end) {
			if (*end == ',' || *end == ';') {
				sep = 1;
				break;
			}
			if (strncmp(end, "、", 3) == 0) {
				sep = 3;
				break;
			}
			end++;
		}
		char *piece = cnap_arena_alloc(cx->a, (size_t)(end - p) + 1);
		if (!piece)
			return false;
		memcpy(piece, p, (size_t)(end - p));
		piece[end - p] = '\0';
		char *code = trimmed(cx->a, piece);
		if (!code)
			return false;
		if (*code) {
			bool again = false;
			for (size_t i = 0; i < u->n_wg_codes && !again; i++)
				again = strcmp(u->wg_codes[i], code) == 0;
			if (cnap_check_code(code, "wg", NULL))
				PROBLEM(cx, line, C_WG, "WGコード「%s」に使えない文字があります（半角英数字と . _ - のみ）", code);
			else if (!again)
				u->wg_codes[u->n_wg_codes++] = code;
		}
		p = *end ? end + sep : end;
	}
	return true;
}

static bool check_row(struct ctx *cx, const struct grid_row *r, struct cnap_user_row *ur)
{
	bool oom = false;
	struct cnap_user *u = &ur->user;
	size_t line = r->line;
	u->login = value(cx, r, C_LOGIN, true, &oom);
	u->name = value(cx, r, C_NAME, false, &oom);
	const char *role = value(cx, r, C_ROLE, true, &oom), *wgs = value(cx, r, C_WG, true, &oom);
	u->association_code = value(cx, r, C_ASSOCIATION, true, &oom);
	u->email = value(cx, r, C_EMAIL, true, &oom);
	u->active = true;
	if (oom)
		return false;
	struct cnap_error e = { 0 };
	if (!u->login)
		PROBLEM(cx, line, C_LOGIN, "ログインIDが空です");
	else if (strlen(u->login) > CNAP_MAX_CODE_CHARS)
		PROBLEM(cx, line, C_LOGIN, "ログインIDが長すぎます（最大%d文字）", CNAP_MAX_CODE_CHARS);
	else if (cnap_check_code(u->login, "login", NULL))
		PROBLEM(cx, line, C_LOGIN, "ログインID「%s」に使えない文字があります（半角英数字と . _ - のみ）", u->login);
	else
		for (size_t i = 0; i < cx->t->n_rows; i++)
			if (cx->t->rows[i].user.login && strcmp(cx->t->rows[i].user.login, u->login) == 0 &&
			    &cx->t->rows[i] != ur) {
				PROBLEM(cx, line, C_LOGIN, "ログインID「%s」が%zu行目と重複しています", u->login,
					cx->t->rows[i].line);
				break;
			}
	if (!u->name)
		PROBLEM(cx, line, C_NAME, "氏名が空です");
	else if (cnap_text_check(u->name, CNAP_MAX_NAME_CHARS, 0, "name", NULL))
		PROBLEM(cx, line, C_NAME, "氏名は%d文字以内で、改行などの制御文字を含めずに入力してください",
			CNAP_MAX_NAME_CHARS);
	bool role_ok = role && parse_role(role, &u->role);
	if (!role)
		PROBLEM(cx, line, C_ROLE, "役割が空です（事務局・WG委員・業界団体のいずれか）");
	else if (!role_ok)
		PROBLEM(cx, line, C_ROLE, "役割「%s」は不明です（事務局・WG委員・業界団体のいずれか）", role);
	if (u->association_code && cnap_check_code(u->association_code, "association", NULL))
		PROBLEM(cx, line, C_ASSOCIATION, "業界団体コード「%s」に使えない文字があります（半角英数字と . _ - のみ）",
			u->association_code);
	if (role_ok && u->role == CNAP_ROLE_ASSOCIATION && !u->association_code)
		PROBLEM(cx, line, C_ASSOCIATION, "役割が業界団体のユーザーには業界団体（コード）が必要です");
	if (role_ok && u->role != CNAP_ROLE_ASSOCIATION && u->association_code)
		PROBLEM(cx, line, C_ASSOCIATION, "業界団体を指定できるのは役割が業界団体のユーザーだけです");
	if (wgs && !split_wgs(cx, line, wgs, u))
		return false;
	if (role_ok && u->role == CNAP_ROLE_REVIEWER && !u->n_wg_codes && !(wgs && !u->n_wg_codes && ur->has_problem))
		PROBLEM(cx, line, C_WG, "WG委員には担当WG（コード）が必要です");
	if (role_ok && u->role != CNAP_ROLE_REVIEWER && u->n_wg_codes)
		PROBLEM(cx, line, C_WG, "担当WGを指定できるのはWG委員だけです");
	if (u->email && cnap_check_email(u->email, "email", &e))
		PROBLEM(cx, line, C_EMAIL, "%s", e.message);
	return true;
}

/* ---- the header ---- */

static bool map_header(struct ctx *cx, const struct grid_row *h)
{
	for (int c = 0; c < C_COUNT; c++)
		cx->col_at[c] = -1;
	for (size_t i = 0; i < h->n; i++) {
		char *name = nfkc(cx->a, h->cells[i]);
		if (!name)
			return false;
		if (!*name)
			continue; /* an empty header cell (Excel's trailing columns): its column is not read */
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		int col = -1;
		for (size_t k = 0; k < CNAP_ARRAY_LEN(aliases) && col < 0; k++)
			if (strcmp(name, aliases[k].name) == 0)
				col = (int)aliases[k].col;
		if (col < 0) {
			if (!cnap_user_table_problem(cx->t, cx->a, h->line, cnap_arena_strdup(cx->a, h->cells[i]),
						     "列「%s」は使えません（使える列：ログインID、氏名、役割、業界団体、WG、メールアドレス）",
						     h->cells[i]))
				return false;
		} else if (cx->col_at[col] >= 0) {
			if (!cnap_user_table_problem(cx->t, cx->a, h->line, col_names[col], "列「%s」が2つあります",
						     col_names[col]))
				return false;
		} else {
			cx->col_at[col] = (int)i;
		}
	}
	static const enum col required[] = { C_LOGIN, C_NAME, C_ROLE };
	for (size_t k = 0; k < CNAP_ARRAY_LEN(required); k++)
		if (cx->col_at[required[k]] < 0 &&
		    !cnap_user_table_problem(cx->t, cx->a, h->line, col_names[required[k]],
					     "見出し行に列「%s」がありません", col_names[required[k]]))
			return false;
	cx->t->has_wg_column = cx->col_at[C_WG] >= 0;
	cx->t->has_email_column = cx->col_at[C_EMAIL] >= 0;
	cx->t->has_association_column = cx->col_at[C_ASSOCIATION] >= 0;
	return true;
}

enum cnap_err cnap_user_table_parse(const void *data, size_t len, struct cnap_arena *a, struct cnap_user_table *out,
				    struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct grid_row *rows = NULL;
	size_t n = 0;
	const char *format = "Excel";
	bool zip = len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
	enum cnap_err rc = zip ? xlsx_grid(data, len, a, &rows, &n, err) : csv_grid(data, len, a, &rows, &n, &format, err);
	if (rc)
		return rc;
	size_t h = 0;
	while (h < n && row_empty(&rows[h]))
		h++;
	if (h == n)
		return cnap_fail(err, CNAP_EINVAL, "", "見出し行（ログインID、氏名、役割…）とユーザーの行がありません");
	struct ctx cx = { .t = out, .a = a };
	out->format = format;
	out->header_line = rows[h].line;
	out->rows = cnap_arena_calloc(a, n - h, sizeof(*out->rows));
	if (!out->rows || !map_header(&cx, &rows[h]))
		return OOM(err);
	for (size_t i = h + 1; i < n; i++) {
		if (row_empty(&rows[i]))
			continue;
		struct cnap_user_row *ur = &out->rows[out->n_rows++];
		ur->line = rows[i].line;
		if (!check_row(&cx, &rows[i], ur))
			return OOM(err);
	}
	if (!out->n_rows && !cnap_user_table_problem(out, a, 0, "", "見出し行の後にユーザーの行がありません"))
		return OOM(err);
	return CNAP_OK;
}
