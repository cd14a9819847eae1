#include "base/compat.h"
#include "base/jpfmt.h"
#include "io/form_xlsx_read.h"
#include "io/form_xlsx_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rd {
	struct cnap_arena *a;
	const struct cnap_xlsx *x;
	const struct cnap_form_xlsx_expect *ex;
	struct cnap_form_problems *p;
	const struct cnap_xlsx_sheet *meta;
	const struct cnap_form_spec *spec;
	const struct cnap_form_xlsx_book *book;
	bool oom;
};

/* Whether a cell of table ti repeats one an earlier table of the book asks for, and that sheet was read. */
static bool mirrored(const struct rd *r, size_t ti, size_t row, size_t col)
{
	const struct cnap_form_table *tables[CNAP_FORM_MAX_TABLES];
	size_t n = r->spec->n_tables < CNAP_FORM_MAX_TABLES ? r->spec->n_tables : CNAP_FORM_MAX_TABLES;
	for (size_t i = 0; i < n; i++)
		tables[i] = &r->spec->tables[i];
	size_t tj, rj, cj;
	return cnap_form_mirror_of(tables, n, ti, row, col, &tj, &rj, &cj) && r->book->tables[tj].found;
}

static const char *file_label(const struct rd *r)
{
	return r->ex->file_name && *r->ex->file_name ? r->ex->file_name : "ファイル";
}

/* A problem that refuses the whole file: one line, and its code. */
static enum cnap_err refuse(struct rd *r, struct cnap_error *err, enum cnap_err code, const char *where,
			    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum cnap_err refuse(struct rd *r, struct cnap_error *err, enum cnap_err code, const char *where,
			    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum cnap_err rc = cnap_vfail(err, code, where && *where ? where : file_label(r), fmt, ap);
	va_end(ap);
	cnap_form_problem_add(r->a, r->p, err->where, "%s", err->message);
	return r->p->oom ? cnap_fail(err, CNAP_ENOMEM, "", "out of memory") : rc;
}

static const char *cell_ref(struct rd *r, const char *sheet, uint32_t row, uint32_t col)
{
	char buf[16];
	cnap_xlsx_ref_format(row, col, buf, sizeof(buf));
	const char *s = cnap_arena_printf(r->a, "%s!%s", sheet, buf);
	if (!s)
		r->oom = true;
	return s ? s : "";
}

static bool same_label(const char *a, const char *b)
{
	const char *sa, *sb;
	size_t na = cnap_form_trim(a, &sa), nb = cnap_form_trim(b, &sb);
	return na == nb && memcmp(sa, sb, na) == 0;
}

/* A string cell's text or a number cell's XML text; NULL when empty or something else. */
static const char *plain_text(const struct cnap_xlsx_cell *c)
{
	if (!c || (c->type != CNAP_XLSX_STRING && c->type != CNAP_XLSX_NUMBER))
		return NULL;
	return c->text;
}

/* ---- the cnap sheet ---- */

/* The sheet of a defined name scoped to a sheet (any sheet, matched ignoring ASCII case), or NULL. */
static const struct cnap_xlsx_sheet *scoped_name_sheet(const struct cnap_xlsx *x, const char *name)
{
	size_t n = cnap_xlsx_defined_name_count(x);
	for (size_t i = 0; i < n; i++) {
		const struct cnap_xlsx_name *dn = cnap_xlsx_defined_name_at(x, i);
		if (dn && dn->sheet >= 0 && strcasecmp(dn->name, name) == 0)
			return cnap_xlsx_sheet(x, (size_t)dn->sheet);
	}
	return NULL;
}

static const char *meta_value(const struct cnap_xlsx_sheet *m, const char *key)
{
	for (size_t i = 0; i < m->n_cells; i++) {
		const struct cnap_xlsx_cell *c = &m->cells[i];
		if (c->col == 0 && c->type == CNAP_XLSX_STRING && strcmp(c->text, key) == 0)
			return plain_text(cnap_xlsx_cell_at(m, c->row, 1));
	}
	return NULL;
}

static bool meta_int(const struct cnap_xlsx_sheet *m, const char *key, int *out)
{
	const char *s = meta_value(m, key);
	if (!s || !*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
		return false;
	*out = (int)strtoul(s, NULL, 10);
	return true;
}

/* The row of the cnap sheet's table list that names code: its sheet name and fingerprint. */
static bool meta_table(const struct cnap_xlsx_sheet *m, const char *code, const char **sheet, const char **fp)
{
	bool in_list = false;
	for (size_t i = 0; i < m->n_cells; i++) {
		const struct cnap_xlsx_cell *c = &m->cells[i];
		if (c->col != 0 || c->type != CNAP_XLSX_STRING)
			continue;
		if (strcmp(c->text, "table") == 0) {
			in_list = true;
			continue;
		}
		if (in_list && strcmp(c->text, code) == 0) {
			*sheet = plain_text(cnap_xlsx_cell_at(m, c->row, 1));
			*fp = plain_text(cnap_xlsx_cell_at(m, c->row, 2));
			return true;
		}
	}
	return false;
}

static const char *era_of(struct rd *r, int year)
{
	char buf[64];
	if (!cnap_jp_era_fiscal_year(year, false, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "%d年度", year);
	const char *s = cnap_arena_strdup(r->a, buf);
	if (!s)
		r->oom = true;
	return s ? s : "";
}

static enum cnap_err check_meta(struct rd *r, int *version, struct cnap_error *err)
{
	const struct cnap_xlsx *x = r->x;
	r->meta = scoped_name_sheet(x, CNAP_FORM_XLSX_META_NAME);
	uint32_t row, col;
	if (!r->meta && !cnap_xlsx_name_ref(x, CNAP_FORM_XLSX_META_NAME, &r->meta, &row, &col))
		r->meta = NULL;
	if (!r->meta)
		r->meta = cnap_xlsx_sheet_by_name(x, CNAP_FORM_XLSX_META);
	const char *format = r->meta ? meta_value(r->meta, "format") : NULL;
	if (!format || strcmp(format, CNAP_FORM_XLSX_FORMAT) != 0)
		return refuse(r, err, CNAP_EFORMAT, NULL,
			      "cnapが出力した調査票のワークブックではありません（照合用の「cnap」シートがありません）。"
			      "cnapの「Excelファイルをダウンロード」で出力したワークブックに入力してください");
	int layout = 0, year = 0;
	if (!meta_int(r->meta, "layout", &layout) || layout != CNAP_FORM_XLSX_LAYOUT)
		return refuse(r, err, CNAP_EFORMAT, NULL,
			      "このワークブックの様式（版「%s」）はこのcnapでは読めません。新しいワークブックをダウンロードしてください",
			      meta_value(r->meta, "layout") ? meta_value(r->meta, "layout") : "");
	const char *assoc = meta_value(r->meta, "association"), *wg = meta_value(r->meta, "wg");
	if (!meta_int(r->meta, "cycle", &year))
		year = 0;
	if (year != r->ex->year)
		return refuse(r, err, CNAP_EINVAL, NULL,
			      "このワークブックは%s（%d年度）の調査票です。%s（%d年度）のワークブックをダウンロードして入力してください",
			      year ? era_of(r, year) : "別の年度", year, era_of(r, r->ex->year), r->ex->year);
	if (!assoc || strcmp(assoc, r->ex->association_code) != 0) {
		const char *theirs = meta_value(r->meta, "association_name");
		return refuse(r, err, CNAP_EINVAL, NULL,
			      "このワークブックは別の団体（%s）のものです。この団体（%s）のワークブックをダウンロードして入力してください",
			      theirs && *theirs ? theirs : assoc ? assoc : "不明",
			      r->ex->association_name ? r->ex->association_name : r->ex->association_code);
	}
	if (!wg || strcmp(wg, r->ex->wg_code) != 0)
		return refuse(r, err, CNAP_EINVAL, NULL,
			      "このワークブックは別のWG（%s）のものです。このWG（%s）のワークブックをダウンロードして入力してください",
			      wg ? wg : "不明", r->ex->wg_code);
	if (!meta_int(r->meta, "version", version))
		*version = 0;
	return CNAP_OK;
}

/* ---- one table ---- */

static const struct cnap_xlsx_sheet *table_sheet(struct rd *r, const struct cnap_form_table *t, const char **fp)
{
	const char *listed = NULL;
	*fp = NULL;
	if (!meta_table(r->meta, t->code, &listed, fp))
		return NULL; /* a table the workbook was not made with */
	char name[128];
	snprintf(name, sizeof(name), "%s%s", CNAP_FORM_XLSX_TABLE_NAME, t->code);
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '_';
	const struct cnap_xlsx_sheet *s = scoped_name_sheet(r->x, name);
	uint32_t row, col;
	if (!s && !cnap_xlsx_name_ref(r->x, name, &s, &row, &col))
		s = NULL;
	if (!s && listed)
		s = cnap_xlsx_sheet_by_name(r->x, listed);
	if (!s)
		s = cnap_xlsx_sheet_by_name(r->x, t->sheet);
	if (s == r->meta)
		return NULL;
	return s;
}

/* A number's XML text as typed; beyond Excel's 15 significant digits it is binary noise and is cut to 15. */
static const char *number_text(struct rd *r, const struct cnap_xlsx_cell *c)
{
	size_t digits = 0;
	bool leading = true;
	for (const char *p = c->text; *p && *p != 'e' && *p != 'E'; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (leading && *p == '0')
			continue;
		leading = false;
		digits++;
	}
	if (digits <= 15)
		return c->text;
	char buf[40];
	snprintf(buf, sizeof(buf), "%.15g", c->num);
	const char *s = cnap_form_number_text(r->a, strtod(buf, NULL));
	if (!s)
		r->oom = true;
	return s;
}

/* The text of an input cell for cnap_form_apply(), or NULL; a problem for what no person meant to type. */
static const char *cell_text(struct rd *r, const struct cnap_xlsx_cell *c, const struct cnap_form_line *l,
			     const char *where)
{
	if (!c)
		return NULL;
	switch (c->type) {
	case CNAP_XLSX_EMPTY:
		return NULL;
	case CNAP_XLSX_ERROR:
		cnap_form_problem_add(r->a, r->p, where, "セルがエラー値（%s）になっています。値を入力し直してください",
				      c->text ? c->text : "#VALUE!");
		return NULL;
	case CNAP_XLSX_UNCACHED:
		cnap_form_problem_add(r->a, r->p, where,
				      "数式の計算結果が保存されていません。Excelで開いて保存し直すか、値を入力してください");
		return NULL;
	case CNAP_XLSX_BOOL:
		if (l->type == CNAP_FT_BOOL)
			return c->num != 0 ? "true" : "false";
		return c->num != 0 ? "TRUE" : "FALSE";
	case CNAP_XLSX_STRING:
		return c->text && *c->text ? c->text : NULL;
	case CNAP_XLSX_NUMBER:
		if (c->is_date) {
			struct cnap_xlsx_datetime dt;
			if (l->type == CNAP_FT_TEXT && cnap_xlsx_serial_to_datetime(c->num, cnap_xlsx_date1904(r->x), &dt)) {
				const char *iso = cnap_arena_printf(r->a, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
				if (!iso)
					r->oom = true;
				return iso;
			}
			cnap_form_problem_add(r->a, r->p, where, "%s",
					      l->type == CNAP_FT_YEAR
						      ? "日付として入力されています。年度は数字だけで入力してください（例: 2013）"
						      : "日付として入力されています。数値を入力してください（セルの表示形式が日付になっていないかも確認してください）");
			return NULL;
		}
		return number_text(r, c);
	}
	return NULL;
}

/* The workbook's strings go with it: what is kept is copied. */
static const char *keep(struct rd *r, const char *s)
{
	if (!s)
		return NULL;
	const char *c = cnap_arena_strdup(r->a, s);
	if (!c)
		r->oom = true;
	return c;
}

static bool alloc_table(struct rd *r, struct cnap_form_xlsx_table *out, size_t n_rows, size_t n_cols)
{
	out->n_rows = n_rows;
	out->n_cols = n_cols;
	out->texts = cnap_arena_calloc(r->a, n_rows * n_cols + 1, sizeof(*out->texts));
	uint32_t *rows = cnap_arena_calloc(r->a, n_rows + 1, sizeof(*rows));
	out->sheet_rows = rows;
	if (!out->texts || !rows)
		r->oom = true;
	return !r->oom;
}

/* YEARS and FIELDS: one row per line, each with its label in column A where it was written. */
static void read_lines(struct rd *r, const struct cnap_xlsx_sheet *s, struct cnap_form_xlsx_table *out)
{
	const struct cnap_form_table *t = out->table;
	size_t n_cols = t->layout == CNAP_FORM_YEARS ? t->n_years : 1;
	if (!alloc_table(r, out, t->n_lines, n_cols))
		return;
	bool moved = false;
	for (size_t i = 0; i < t->n_lines; i++) {
		uint32_t row, col;
		cnap_form_xlsx_cell(t, i, 0, &row, &col);
		((uint32_t *)out->sheet_rows)[i] = row;
		const char *label = plain_text(cnap_xlsx_cell_at(s, row, CNAP_FORM_XLSX_LABEL_COL));
		if (!label || !same_label(label, t->lines[i].label)) {
			cnap_form_problem_add(r->a, r->p, cell_ref(r, s->name, row, CNAP_FORM_XLSX_LABEL_COL),
					      "ここは「%s」の行のはずですが、「%.60s」になっています。"
					      "行を挿入・削除・並べ替えしないでください（出力したときの行の並びに戻してください）",
					      t->lines[i].label, label ? label : "");
			moved = true;
		}
	}
	if (moved) { /* every value would be taken for another line's: the table is not read */
		out->texts = NULL;
		out->n_rows = 0;
		return;
	}
	for (size_t i = 0; i < t->n_lines; i++) {
		const struct cnap_form_line *l = &t->lines[i];
		if (l->computed)
			continue;
		for (size_t c = 0; c < n_cols; c++) {
			uint32_t row, col;
			cnap_form_xlsx_cell(t, i, c, &row, &col);
			const struct cnap_xlsx_cell *cell = cnap_xlsx_cell_at(s, row, col);
			/* a repeat of an earlier table's cell is taken from there (take_mirrors), whatever it holds */
			if (cell && !mirrored(r, (size_t)(out - r->book->tables), i, c))
				out->texts[i * n_cols + c] = keep(r, cell_text(r, cell, l, cell_ref(r, s->name, row, col)));
		}
	}
}

/* RECORDS: the heading row checked, then every row with input down to the end row. */
static void read_records(struct rd *r, const struct cnap_xlsx_sheet *s, struct cnap_form_xlsx_table *out)
{
	const struct cnap_form_table *t = out->table;
	bool moved = false;
	for (size_t c = 0; c < t->n_lines; c++) {
		uint32_t row, col;
		cnap_form_xlsx_cell(t, 0, c, &row, &col);
		const char *head = plain_text(cnap_xlsx_cell_at(s, CNAP_FORM_XLSX_HEAD_ROW, col));
		const char *label = t->lines[c].label;
		if (!head || strncmp(head, label, strlen(label)) != 0) {
			cnap_form_problem_add(r->a, r->p, cell_ref(r, s->name, CNAP_FORM_XLSX_HEAD_ROW, col),
					      "ここは「%s」の列のはずですが、「%.60s」になっています。"
					      "列を挿入・削除・並べ替えしないでください",
					      label, head ? head : "");
			moved = true;
		}
	}
	if (moved)
		return;
	uint32_t first = CNAP_FORM_XLSX_HEAD_ROW + 1, end = s->n_rows;
	for (size_t i = 0; i < s->n_cells; i++) {
		const struct cnap_xlsx_cell *c = &s->cells[i];
		if (c->row >= first && c->col == 0 && c->type == CNAP_XLSX_STRING &&
		    strcmp(c->text, CNAP_FORM_XLSX_END_MARK) == 0) {
			end = c->row;
			break;
		}
	}
	/* input below the end row is not part of the table: say so rather than drop it */
	for (size_t i = 0; i < s->n_cells && end < s->n_rows; i++) {
		const struct cnap_xlsx_cell *c = &s->cells[i];
		if (c->row <= end || c->col < 1 || c->col > t->n_lines || t->lines[c->col - 1].computed ||
		    c->type == CNAP_XLSX_EMPTY || (c->type == CNAP_XLSX_STRING && !*c->text))
			continue;
		cnap_form_problem_add(r->a, r->p, cell_ref(r, s->name, c->row, c->col),
				      "「%s」の行より下に入力があります。表の中の空いている行に移してください"
				      "（足りなければ「%s」の行の上に行を挿入できます）",
				      CNAP_FORM_XLSX_END_MARK, CNAP_FORM_XLSX_END_MARK);
		break; /* one is enough to find the place */
	}
	/* the rows with input, counted first: a sheet may run to a million rows, the table keeps 500 */
	size_t used = 0;
	uint32_t last = UINT32_MAX;
	for (size_t i = 0; i < s->n_cells; i++) {
		const struct cnap_xlsx_cell *c = &s->cells[i];
		if (c->row < first || c->row >= end || c->col < 1 || c->col > t->n_lines || c->row == last ||
		    t->lines[c->col - 1].computed)
			continue;
		last = c->row;
		used++;
	}
	if (used > CNAP_FORM_MAX_RECORDS) {
		cnap_form_problem_add(r->a, r->p, s->name, "行が多すぎます（%zu行）。この表は%d行までです", used,
				      CNAP_FORM_MAX_RECORDS);
		return;
	}
	if (!alloc_table(r, out, used, t->n_lines))
		return;
	size_t k = 0;
	last = UINT32_MAX;
	for (size_t i = 0; i < s->n_cells && !r->oom; i++) {
		const struct cnap_xlsx_cell *c = &s->cells[i];
		if (c->row < first || c->row >= end || c->col < 1 || c->col > t->n_lines || t->lines[c->col - 1].computed)
			continue;
		if (c->row != last) {
			last = c->row;
			((uint32_t *)out->sheet_rows)[k++] = c->row;
		}
		size_t col = c->col - 1;
		out->texts[(k - 1) * t->n_lines + col] =
			keep(r, cell_text(r, c, &t->lines[col], cell_ref(r, s->name, c->row, c->col)));
	}
}

/* A line another table asks for first takes that table's text, when that sheet was read. */
static void take_mirrors(const struct cnap_form_spec *spec, struct cnap_form_xlsx_book *b)
{
	const struct cnap_form_table *tables[CNAP_FORM_MAX_TABLES];
	size_t n = spec->n_tables < CNAP_FORM_MAX_TABLES ? spec->n_tables : CNAP_FORM_MAX_TABLES;
	for (size_t i = 0; i < n; i++)
		tables[i] = &spec->tables[i];
	for (size_t i = 0; i < n; i++) {
		struct cnap_form_xlsx_table *t = &b->tables[i];
		if (!t->found || !t->texts || t->table->layout == CNAP_FORM_RECORDS)
			continue;
		for (size_t row = 0; row < t->n_rows; row++)
			for (size_t col = 0; col < t->n_cols; col++) {
				size_t tj, rj, cj;
				if (!cnap_form_mirror_of(tables, n, i, row, col, &tj, &rj, &cj))
					continue;
				const struct cnap_form_xlsx_table *e = &b->tables[tj];
				if (e->found && e->texts)
					t->texts[row * t->n_cols + col] = e->texts[rj * e->n_cols + cj];
			}
	}
}

enum cnap_err cnap_form_xlsx_read(const void *data, size_t len, const struct cnap_xlsx_limits *limits,
				  const struct cnap_form_spec *spec, const struct cnap_form_xlsx_expect *expect,
				  struct cnap_arena *a, struct cnap_form_xlsx_book *out,
				  struct cnap_form_problems *problems, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct rd r = { .a = a, .ex = expect, .p = problems, .spec = spec, .book = out };
	struct cnap_xlsx *x = NULL;
	struct cnap_error xerr = { 0 };
	/* computed cells keep their formulas; a script that drops the cached values must not sink the inputs */
	struct cnap_xlsx_limits lim = limits ? *limits : cnap_xlsx_limits_default();
	lim.keep_uncached_formulas = true;
	enum cnap_err rc = cnap_xlsx_open(data, len, &lim, &x, &xerr);
	if (rc == CNAP_ENOMEM) /* said as every command says it */
		return cnap_fail(err, CNAP_ENOMEM, xerr.where, "out of memory");
	if (rc)
		return refuse(&r, err, rc, xerr.where, "%s", xerr.message);
	r.x = x;
	/* from here a message in the middle of a check may run out of memory: said by r.oom */
	if ((rc = check_meta(&r, &out->version, err)))
		goto done;
	out->tables = cnap_arena_calloc(a, spec->n_tables + 1, sizeof(*out->tables));
	if (!out->tables) {
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		goto done;
	}
	out->n_tables = spec->n_tables;
	for (size_t i = 0; i < spec->n_tables && !r.oom; i++) {
		struct cnap_form_xlsx_table *t = &out->tables[i];
		t->table = &spec->tables[i];
		const char *fp = NULL;
		const struct cnap_xlsx_sheet *s = table_sheet(&r, t->table, &fp);
		if (!s)
			continue;
		t->found = true;
		t->sheet = cnap_arena_strdup(a, s->name);
		if (!t->sheet) {
			r.oom = true;
			break;
		}
		char want[9];
		cnap_form_fingerprint(t->table, want);
		if (!fp || strcmp(fp, want) != 0) {
			cnap_form_problem_add(a, problems, s->name,
					      "「%s」の表の様式が、このワークブックを出力したあとで変わりました。"
					      "新しいワークブックをダウンロードして入力し直してください",
					      t->table->title);
			continue;
		}
		if (t->table->layout == CNAP_FORM_RECORDS)
			read_records(&r, s, t);
		else
			read_lines(&r, s, t);
	}
	if (!r.oom)
		take_mirrors(spec, out);
done:
	if (rc != CNAP_ENOMEM && (r.oom || problems->oom))
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	cnap_xlsx_free(x);
	return rc;
}

const char *cnap_form_xlsx_where(struct cnap_arena *a, const struct cnap_form_xlsx_table *t, size_t row, size_t col)
{
	uint32_t sr, sc;
	cnap_form_xlsx_cell(t->table, row, col, &sr, &sc);
	if (t->sheet_rows && row < t->n_rows)
		sr = t->sheet_rows[row];
	char buf[16];
	cnap_xlsx_ref_format(sr, sc, buf, sizeof(buf));
	return cnap_arena_printf(a, "%s!%s", t->sheet ? t->sheet : t->table->sheet, buf);
}
