/*
 * Users from a CSV or a workbook (user_table.h): the rows of io/table_read.h,
 * every value checked and every problem collected with its line and column.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/user_table.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum col { C_LOGIN, C_NAME, C_ROLE, C_ASSOCIATION, C_WG, C_EMAIL, C_COUNT };

/* Other header names people use (compared after NFKC, trimming and ASCII lower case). */
static const char *const login_aliases[] = { "ログインid", "ログイン名", "ログイン", "login", NULL };
static const char *const name_aliases[] = { "名前", "name", NULL };
static const char *const role_aliases[] = { "ロール", "role", NULL };
static const char *const association_aliases[] = { "業界団体コード", "所属団体", "団体", "association", NULL };
static const char *const wg_aliases[] = { "担当wg", "wgコード", "wgs", NULL };
static const char *const email_aliases[] = { "メール", "email", "e-mail", NULL };
static const struct cnap_table_column columns[C_COUNT] = {
	{ CNAP_COL_LOGIN, login_aliases, true },	     { CNAP_COL_NAME, name_aliases, true },
	{ CNAP_COL_ROLE, role_aliases, true },		     { CNAP_COL_ASSOCIATION, association_aliases, false },
	{ CNAP_COL_WG, wg_aliases, false },		     { CNAP_COL_EMAIL, email_aliases, false },
};

bool cnap_user_table_problem(struct cnap_user_table *t, struct cnap_arena *a, size_t line, const char *column,
			     const char *fmt, ...)
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

/* ---- one row ---- */

struct ctx {
	struct cnap_user_table *t;
	struct cnap_arena *a;
	int col_at[C_COUNT]; /* the cell of each user column, -1 when absent */
};

#define PROBLEM(cx, line, col, ...)                                                                                   \
	do {                                                                                                           \
		if (!cnap_user_table_problem((cx)->t, (cx)->a, (line), columns[col].name, __VA_ARGS__))                   \
			return false;                                                                                  \
	} while (0)

static const char *value(struct ctx *cx, const struct cnap_table_row *r, enum col c, bool fold, bool *oom)
{
	int at = cx->col_at[c];
	if (at < 0 || (size_t)at >= r->n)
		return NULL;
	char *v = fold ? cnap_table_nfkc(cx->a, r->cells[at]) : cnap_table_trim(cx->a, r->cells[at]);
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
		char *code = cnap_table_trim(cx->a, piece);
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

static bool check_row(struct ctx *cx, const struct cnap_table_row *r, struct cnap_user_row *ur)
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

enum cnap_err cnap_user_table_parse(const void *data, size_t len, struct cnap_arena *a, struct cnap_user_table *out,
				    struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_table_row *rows;
	size_t n;
	enum cnap_err rc = cnap_table_read(data, len, CNAP_USER_TABLE_MAX_ROWS + 1, a, &rows, &n, &out->format, err);
	if (rc)
		return rc;
	size_t h = 0;
	while (h < n && cnap_table_row_empty(&rows[h]))
		h++;
	if (h == n)
		return cnap_fail(err, CNAP_EINVAL, "", "見出し行（ログインID、氏名、役割…）とユーザーの行がありません");
	struct ctx cx = { .t = out, .a = a };
	out->header_line = rows[h].line;
	out->rows = cnap_arena_calloc(a, n - h, sizeof(*out->rows));
	if (!out->rows || !cnap_table_map_header(&rows[h], columns, C_COUNT, cx.col_at, a, &out->problems))
		return OOM(err);
	out->has_wg_column = cx.col_at[C_WG] >= 0;
	out->has_email_column = cx.col_at[C_EMAIL] >= 0;
	out->has_association_column = cx.col_at[C_ASSOCIATION] >= 0;
	for (size_t i = h + 1; i < n; i++) {
		if (cnap_table_row_empty(&rows[i]))
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
