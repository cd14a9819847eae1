/*
 * One worksheet part: <sheetData> rows and cells into the reader's growable
 * cell array, <mergeCells> into its merge array, then sorted (only if a
 * writer put cells out of order), checked for duplicates and copied into
 * the workbook's arena.
 */
#include "base/compat.h"
#include "io/xlsx_priv.h"

#include <stdio.h>
#include <string.h>

/* An inline string's text, as a shared string's, is that of <t> inside <is> or inside a run <r> of it. */
enum { WS_TOP, WS_SHEET, WS_DATA, WS_ROW, WS_CELL, WS_V, WS_IS, WS_IS_T, WS_IS_R, WS_IS_RT, WS_MERGES };
static const struct ooxml_step ws_steps[] = {
	/* the frequent ones first */
	{ WS_ROW, WS_CELL, false, "c" },
	{ WS_CELL, WS_V, true, "v" },
	{ WS_DATA, WS_ROW, false, "row" },
	{ WS_CELL, WS_IS, false, "is" },
	{ WS_IS, WS_IS_T, true, "t" },
	{ WS_IS, WS_IS_R, false, "r" },
	{ WS_IS_R, WS_IS_RT, true, "t" },
	{ WS_TOP, WS_SHEET, false, "worksheet" },
	{ WS_SHEET, WS_DATA, false, "sheetData" },
	{ WS_SHEET, WS_MERGES, false, "mergeCells" },
};

struct ws_state {
	struct cnap_xlsx_sheet *sheet;
	uint32_t row;          /* the current <row> */
	uint32_t next_row;     /* the row of a <row> without r */
	int64_t last_col;      /* the column of the last cell in this row, -1 before the first */
	bool sorted;
	uint32_t max_col;
	/* the cell being read */
	uint32_t c_row, c_col;
	char type;             /* n s S(tr) i(nlineStr) b e d */
	size_t style;
	bool has_f, has_v;
};

/* "実績の総括表!F12" for messages. */
static const char *cell_where(const struct ws_state *st, char *buf, size_t size)
{
	char ref[16];
	cnap_xlsx_ref_format(st->c_row, st->c_col, ref, sizeof(ref));
	snprintf(buf, size, "%s!%s", st->sheet->name, ref);
	return buf;
}

static void row_start(struct xr *r, struct ws_state *st, const XML_Char **atts)
{
	const char *v = ooxml_attr(atts, "r");
	if (v) {
		uint64_t n = 0;
		size_t i = 0;
		for (; v[i] >= '0' && v[i] <= '9' && i < 10; i++)
			n = n * 10 + (uint64_t)(v[i] - '0');
		if (v[i] || i == 0 || n == 0) {
			ooxml_fail(&r->pk, CNAP_EINVAL, r->pk.part, "シート「%s」の行番号「%.40s」が正しくありません", st->sheet->name, v);
			return;
		}
		if (n > CNAP_XLSX_MAX_ROWS) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "シート「%s」の行 %.40s はExcelの行数（1,048,576）を超えます",
				st->sheet->name, v);
			return;
		}
		st->row = (uint32_t)(n - 1);
	} else {
		if (st->next_row >= CNAP_XLSX_MAX_ROWS) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "シート「%s」の行がExcelの行数（1,048,576）を超えます",
				st->sheet->name);
			return;
		}
		st->row = st->next_row;
	}
	st->next_row = st->row + 1;
	st->last_col = -1;
}

static void cell_start(struct xr *r, struct ws_state *st, const XML_Char **atts)
{
	const char *ref = NULL, *t = NULL, *s = NULL;
	for (size_t i = 0; atts[i]; i += 2) {
		const char *a = atts[i];
		if (a[0] == 'r' && !a[1])
			ref = atts[i + 1];
		else if (a[0] == 't' && !a[1])
			t = atts[i + 1];
		else if (a[0] == 's' && !a[1])
			s = atts[i + 1];
	}
	st->has_f = st->has_v = false;
	if (ref) {
		const char *p = ref;
		enum xlsx_ref k = xlsx_ref_scan(&p, &st->c_row, &st->c_col);
		if (k == REF_OUTSIDE) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part,
				"シート「%s」のセル %.40s はExcelの範囲（1,048,576行×16,384列）を超えます", st->sheet->name, ref);
			return;
		}
		if (k != REF_OK || *p) {
			ooxml_fail(&r->pk, CNAP_EINVAL, r->pk.part, "シート「%s」のセル参照「%.40s」が正しくありません", st->sheet->name,
				ref);
			return;
		}
	} else {
		if (st->last_col + 1 >= (int64_t)CNAP_XLSX_MAX_COLS) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "シート「%s」の行 %u のセルがExcelの列数（16,384）を超えます",
				st->sheet->name, st->row + 1);
			return;
		}
		st->c_row = st->row;
		st->c_col = (uint32_t)(st->last_col + 1);
	}
	st->last_col = st->c_col;
	st->style = 0;
	for (size_t i = 0; s && s[i] >= '0' && s[i] <= '9' && i < 9; i++)
		st->style = st->style * 10 + (size_t)(s[i] - '0');
	static const char *const types[] = { "n", "s", "str", "inlineStr", "b", "e", "d" };
	static const char codes[] = "nsSibed";
	st->type = 'n';
	if (!t)
		return;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(types); i++) {
		if (strcmp(t, types[i]) == 0) {
			st->type = codes[i];
			return;
		}
	}
	char where[200];
	ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)), "セルの型「%.40s」は不明です", t);
}

/* An ISO 8601 date, date-time or time ("2023-04-01", "2023-04-01T09:30:00Z", "09:30:00") as a serial. */
static bool iso_serial(const char *s, bool date1904, double *out)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, n = 0;
	double sec = 0, serial = 0;
	bool has_date = false;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
		if (mo < 1 || mo > 12 || d < 1 || d > 31)
			return false;
		int64_t days = xlsx_days_from_civil(y, mo, d);
		int64_t y2, dd;
		int m2, d2;
		xlsx_civil_from_days(days, &y2, &m2, &d2);
		if (m2 != mo || d2 != d)
			return false; /* 2023-02-30 */
		if (date1904) {
			dd = days - xlsx_days_from_civil(1904, 1, 1);
		} else {
			dd = days - xlsx_days_from_civil(1899, 12, 30);
			if (dd <= 60)
				dd--; /* before Excel's 1900-02-29 */
		}
		if (dd < 0)
			return false;
		serial = (double)dd;
		has_date = true;
		s += n;
		if (*s == 'T')
			s++;
		else if (*s == '\0') {
			*out = serial;
			return true;
		} else
			return false;
	}
	n = 0;
	if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return false;
	s += n;
	if (*s == ':') {
		char *end;
		sec = strtod(s + 1, &end);
		if (end == s + 1 || !(sec >= 0 && sec < 61))
			return false;
		s = end;
	}
	if (*s == 'Z')
		s++;
	if (*s || h > 23 || mi > 59 || h < 0 || mi < 0)
		return false;
	*out = serial + (h * 3600.0 + mi * 60.0 + sec) / 86400.0;
	return has_date || *out < 1;
}

static void formula_without_value(struct xr *r, struct ws_state *st)
{
	char where[200], ref[16];
	cnap_xlsx_ref_format(st->c_row, st->c_col, ref, sizeof(ref));
	ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)),
		"シート「%s」のセル%sの数式の計算結果が保存されていません。Excelで開いて保存し直してください",
		st->sheet->name, ref);
}

static void cell_end(struct xr *r, struct ws_state *st)
{
	char where[200];
	if (r->pk.rc != CNAP_OK)
		return; /* expat may still report the end of an empty element it was stopped in */
	const char *v = r->pk.text.data ? r->pk.text.data : "";
	size_t vlen = r->pk.text.len;
	bool empty = !st->has_v || (vlen == 0 && st->type != 'i');
	bool uncached = false;
	if (empty) {
		/* a formula returning "" (t="str" with <v></v>) is an empty cell, as Excel shows it */
		if (!st->has_f || (st->type == 'S' && st->has_v))
			return;
		if (!r->lim.keep_uncached_formulas) {
			formula_without_value(r, st);
			return;
		}
		uncached = true;
	}
	const struct xlsx_xf *xf = xr_xf(r, st->style);
	struct cnap_xlsx_cell c = {
		.row = st->c_row, .col = st->c_col, .is_formula = st->has_f, .number_format = xf->format,
	};
	if (uncached)
		c.type = CNAP_XLSX_UNCACHED;
	else switch (st->type) {
	case 'n':
		c.type = CNAP_XLSX_NUMBER;
		if (!xlsx_parse_number(v, vlen, &c.num)) {
			ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)), "数値「%.40s」が正しくありません", v);
			return;
		}
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\n' || v[vlen - 1] == '\r' || v[vlen - 1] == '\t'))
			vlen--;
		while (*v == ' ' || *v == '\n' || *v == '\r' || *v == '\t')
			v++, vlen--;
		c.text = ooxml_strndup(&r->pk, v, vlen);
		c.is_date = xf->is_date;
		break;
	case 's': {
		size_t idx = 0, i = 0, digits = 0;
		while (v[i] == ' ' || v[i] == '\n' || v[i] == '\r' || v[i] == '\t')
			i++;
		for (; v[i] >= '0' && v[i] <= '9' && digits < 12; i++, digits++)
			idx = idx * 10 + (size_t)(v[i] - '0');
		while (v[i] == ' ' || v[i] == '\n' || v[i] == '\r' || v[i] == '\t')
			i++;
		if (digits == 0 || v[i] || idx >= r->n_sst) {
			ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)),
				"共有文字列の番号「%.20s」が範囲外です（%zu個）", v, r->n_sst);
			return;
		}
		c.type = CNAP_XLSX_STRING;
		c.text = r->sst[idx];
		break;
	}
	case 'S':
	case 'i':
		c.type = CNAP_XLSX_STRING;
		c.text = xr_text_value(r, st->sheet, st->c_row, st->c_col);
		break;
	case 'b':
		c.type = CNAP_XLSX_BOOL;
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
			c.num = 1;
		else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0) {
			ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)), "真偽値「%.20s」が正しくありません", v);
			return;
		}
		break;
	case 'e':
		c.type = CNAP_XLSX_ERROR;
		c.text = ooxml_strndup(&r->pk, v, vlen);
		break;
	case 'd':
		c.type = CNAP_XLSX_NUMBER;
		if (!iso_serial(v, r->x->date1904, &c.num)) {
			ooxml_fail(&r->pk, CNAP_EINVAL, cell_where(st, where, sizeof(where)), "日付「%.40s」が正しくありません", v);
			return;
		}
		c.text = ooxml_strndup(&r->pk, v, vlen);
		c.is_date = true;
		break;
	}
	if (r->pk.rc != CNAP_OK)
		return;
	if (r->total_cells >= r->lim.max_cells) {
		ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "セルの数がブック全体の上限（%zu）を超えます", r->lim.max_cells);
		return;
	}
	if (!ooxml_grow(&r->pk, (void **)&r->cells, &r->cap_cells, r->n_cells, sizeof(*r->cells)))
		return;
	if (r->n_cells > 0) {
		const struct cnap_xlsx_cell *last = &r->cells[r->n_cells - 1];
		if (c.row < last->row || (c.row == last->row && c.col <= last->col))
			st->sorted = false;
	}
	if (c.col > st->max_col)
		st->max_col = c.col;
	r->cells[r->n_cells++] = c;
	r->total_cells++;
}

static void merge_cell(struct xr *r, struct ws_state *st, const XML_Char **atts)
{
	const char *ref = ooxml_attr(atts, "ref");
	struct cnap_xlsx_merge m;
	if (!ref || !cnap_xlsx_range_parse(ref, &m)) {
		ooxml_fail(&r->pk, CNAP_EINVAL, r->pk.part, "シート「%s」の結合セルの範囲「%.40s」が正しくありません", st->sheet->name,
			ref ? ref : "");
		return;
	}
	if (r->n_merges >= r->lim.max_cells) {
		ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "シート「%s」の結合セルが多すぎます", st->sheet->name);
		return;
	}
	if (!ooxml_grow(&r->pk, (void **)&r->merges, &r->cap_merges, r->n_merges, sizeof(*r->merges)))
		return;
	r->merges[r->n_merges++] = m;
}

static void ws_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	struct ws_state *st = r->pk.state;
	switch (r->pk.at) {
	case WS_ROW:
		row_start(r, st, atts);
		break;
	case WS_CELL:
		cell_start(r, st, atts);
		cnap_buf_reset(&r->pk.text);
		break;
	case WS_V:
	case WS_IS:
		/* the value is <is> for an inline string, <v> for any other */
		if ((r->pk.at == WS_IS) != (st->type == 'i')) {
			ooxml_skip(&r->pk);
			break;
		}
		st->has_v = true;
		cnap_buf_reset(&r->pk.text);
		break;
	}
}

static void ws_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	struct ws_state *st = r->pk.state;
	if (r->pk.at == WS_CELL && local[0] == 'f' && !local[1])
		st->has_f = true;
	else if (r->pk.at == WS_MERGES && strcmp(local, "mergeCell") == 0)
		merge_cell(r, st, atts);
}

static void ws_leave(struct ooxml_pkg *pk)
{
	struct xr *r = xr_of(pk);
	if (r->pk.at == WS_CELL)
		cell_end(r, r->pk.state);
}

static const struct ooxml_grammar ws_grammar = { OOXML_NS_SML, ws_steps, CNAP_ARRAY_LEN(ws_steps), ws_enter, ws_leaf,
					      ws_leave };

static uint64_t cell_key(const struct cnap_xlsx_cell *c)
{
	return (uint64_t)c->row << 32 | c->col;
}

static int by_position(const void *a, const void *b)
{
	uint64_t ka = cell_key(a), kb = cell_key(b);
	return ka < kb ? -1 : ka > kb;
}

enum cnap_err xr_read_sheet(struct xr *r, struct cnap_xlsx_sheet *sheet, const char *part)
{
	struct ws_state st = { .sheet = sheet, .sorted = true };
	r->n_cells = 0;
	r->n_merges = 0;
	r->pk.state = &st;
	if (ooxml_parse_part(&r->pk, part, &ws_grammar) != CNAP_OK)
		return r->pk.rc;
	if (!st.sorted) {
		qsort(r->cells, r->n_cells, sizeof(*r->cells), by_position);
		for (size_t i = 1; i < r->n_cells; i++) {
			if (cell_key(&r->cells[i]) == cell_key(&r->cells[i - 1])) {
				char ref[16], where[200];
				cnap_xlsx_ref_format(r->cells[i].row, r->cells[i].col, ref, sizeof(ref));
				snprintf(where, sizeof(where), "%s!%s", sheet->name, ref);
				return ooxml_fail(&r->pk, CNAP_EINVAL, where, "シート「%s」のセル%sが2回書かれています", sheet->name,
					       ref);
			}
		}
	}
	if (r->n_cells > 0) {
		const struct cnap_xlsx_cell *cells = ooxml_to_arena(&r->pk, r->cells, r->n_cells, sizeof(*cells));
		if (!cells)
			return r->pk.rc;
		sheet->cells = cells;
		sheet->n_cells = r->n_cells;
		sheet->n_rows = cells[r->n_cells - 1].row + 1;
		sheet->n_cols = st.max_col + 1;
	}
	if (r->n_merges > 0) {
		if (!(sheet->merges = ooxml_to_arena(&r->pk, r->merges, r->n_merges, sizeof(*sheet->merges))))
			return r->pk.rc;
		sheet->n_merges = r->n_merges;
	}
	return CNAP_OK;
}
