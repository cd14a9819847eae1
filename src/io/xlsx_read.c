/*
 * cnap_xlsx_open and the accessors (see xlsx_read.h): the package is
 * opened against the limits (ooxml_pkg.h), then the parts are read in the
 * order they depend on each other: package, workbook, styles, shared
 * strings, sheets.
 */
#include "base/compat.h"
#include "io/xlsx_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct cnap_xlsx_limits cnap_xlsx_limits_default(void)
{
	return (struct cnap_xlsx_limits){
		.max_file_bytes = (size_t)20 << 20,
		.max_entries = 10000,
		.max_entry_bytes = (size_t)64 << 20,
		.max_total_bytes = (size_t)256 << 20,
		.max_ratio = 200,
		.max_cells = 2000000,
		.max_shared_strings = 1000000,
		.max_string_chars = 32767,
	};
}

static struct cnap_xlsx_limits limits_or_default(const struct cnap_xlsx_limits *l)
{
	struct cnap_xlsx_limits d = cnap_xlsx_limits_default();
	if (!l)
		return d;
	struct cnap_xlsx_limits m = *l;
#define OR_DEFAULT(f) if (!m.f) m.f = d.f
	OR_DEFAULT(max_file_bytes);
	OR_DEFAULT(max_entries);
	OR_DEFAULT(max_entry_bytes);
	OR_DEFAULT(max_total_bytes);
	OR_DEFAULT(max_ratio);
	OR_DEFAULT(max_cells);
	OR_DEFAULT(max_shared_strings);
	OR_DEFAULT(max_string_chars);
#undef OR_DEFAULT
	return m;
}

/* ---- the container ---- */

static const struct ooxml_kind workbook_kind = {
	.name = "Excelのブック（xlsx）", .noun = "ブック", .legacy = "Excel 97-2003形式（.xls）", .ext = "xlsx",
};

static enum cnap_err read_all(struct xr *r, const void *data, size_t len)
{
	if (ooxml_pkg_open(&r->pk, data, len) != CNAP_OK || xr_read_package(r) != CNAP_OK ||
	    xr_read_workbook(r) != CNAP_OK || xr_read_styles(r) != CNAP_OK || xr_read_shared_strings(r) != CNAP_OK)
		return r->pk.rc;
	for (size_t i = 0; i < r->x->n_sheets; i++) {
		const struct xlsx_sheet_ref *ref = &r->sheet_refs[i];
		struct cnap_xlsx_sheet *s = &r->x->sheets[i];
		if (ooxml_locate(&r->pk, ref->part) < 0)
			return ooxml_fail(&r->pk, CNAP_EFORMAT, ref->part, "シート「%s」の本体（%s）がありません", s->name,
					  ref->part);
		if (ref->is_worksheet && xr_read_sheet(r, s, ref->part) != CNAP_OK)
			return r->pk.rc;
	}
	return CNAP_OK;
}

enum cnap_err cnap_xlsx_open(const void *data, size_t len, const struct cnap_xlsx_limits *limits,
			     struct cnap_xlsx **out, struct cnap_error *err)
{
	cnap_error_clear(err);
	*out = NULL;
	if (!data && len)
		return cnap_fail(err, CNAP_EINVAL, "", "ファイルの内容がありません");
	struct xr r = { .lim = limits_or_default(limits) };
	r.x = cnap_calloc(1, sizeof(*r.x));
	if (!r.x)
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	cnap_arena_init(&r.x->arena);
	/* an escape _xHHHH_ is 7 bytes for one character */
	size_t text_max;
	if (!cnap_st_mult(r.lim.max_string_chars, 7, &text_max) || !cnap_st_add(text_max, 64, &text_max))
		text_max = SIZE_MAX - 1;
	const struct ooxml_limits pkg_lim = {
		.max_file_bytes = r.lim.max_file_bytes, .max_entries = r.lim.max_entries,
		.max_entry_bytes = r.lim.max_entry_bytes, .max_total_bytes = r.lim.max_total_bytes,
		.max_ratio = r.lim.max_ratio, .max_relationships = r.lim.max_entries + 64,
	};
	ooxml_pkg_init(&r.pk, &workbook_kind, &pkg_lim, &r.x->arena, text_max, r.lim.max_string_chars, err);
	read_all(&r, data, len);
	ooxml_pkg_close(&r.pk);
	free(r.sst);
	free(r.cells);
	free(r.merges);
	if (r.pk.rc != CNAP_OK) {
		cnap_xlsx_free(r.x);
		return r.pk.rc;
	}
	*out = r.x;
	return CNAP_OK;
}

void cnap_xlsx_free(struct cnap_xlsx *x)
{
	if (!x)
		return;
	cnap_arena_release(&x->arena);
	free(x);
}

/* ---- accessors ---- */

size_t cnap_xlsx_sheet_count(const struct cnap_xlsx *x)
{
	return x->n_sheets;
}

const struct cnap_xlsx_sheet *cnap_xlsx_sheet(const struct cnap_xlsx *x, size_t i)
{
	return i < x->n_sheets ? &x->sheets[i] : NULL;
}

const struct cnap_xlsx_sheet *cnap_xlsx_sheet_by_name(const struct cnap_xlsx *x, const char *name)
{
	for (size_t i = 0; i < x->n_sheets; i++)
		if (strcmp(x->sheets[i].name, name) == 0)
			return &x->sheets[i];
	for (size_t i = 0; i < x->n_sheets; i++)
		if (strcasecmp(x->sheets[i].name, name) == 0)
			return &x->sheets[i];
	return NULL;
}

bool cnap_xlsx_date1904(const struct cnap_xlsx *x)
{
	return x->date1904;
}

const struct cnap_xlsx_cell *cnap_xlsx_cell_at(const struct cnap_xlsx_sheet *s, uint32_t row, uint32_t col)
{
	uint64_t key = (uint64_t)row << 32 | col;
	size_t lo = 0, hi = s->n_cells;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cnap_xlsx_cell *c = &s->cells[mid];
		uint64_t k = (uint64_t)c->row << 32 | c->col;
		if (k == key)
			return c;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct cnap_xlsx_merge *cnap_xlsx_merge_at(const struct cnap_xlsx_sheet *s, uint32_t row, uint32_t col)
{
	for (size_t i = 0; i < s->n_merges; i++) {
		const struct cnap_xlsx_merge *m = &s->merges[i];
		if (row >= m->first_row && row <= m->last_row && col >= m->first_col && col <= m->last_col)
			return m;
	}
	return NULL;
}

/* ---- cell references ---- */

void cnap_xlsx_ref_format(uint32_t row, uint32_t col, char *buf, size_t size)
{
	char letters[8];
	size_t n = 0;
	uint64_t c = (uint64_t)col + 1;
	while (c > 0 && n < sizeof(letters)) {
		letters[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	char ref[24];
	size_t k = 0;
	while (n > 0)
		ref[k++] = letters[--n];
	snprintf(ref + k, sizeof(ref) - k, "%llu", (unsigned long long)row + 1);
	if (size > 0)
		snprintf(buf, size, "%s", ref);
}

enum xlsx_ref xlsx_ref_scan(const char **s, uint32_t *row, uint32_t *col)
{
	const char *p = *s;
	uint64_t c = 0, rw = 0;
	size_t letters = 0, digits = 0;
	if (*p == '$')
		p++;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++, letters++)
		if (letters < 8)
			c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
	if (*p == '$')
		p++;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < 12)
			rw = rw * 10 + (uint64_t)(*p - '0');
	if (letters == 0 || digits == 0 || rw == 0)
		return REF_JUNK;
	*s = p;
	if (letters > 3 || digits > 7 || c > CNAP_XLSX_MAX_COLS || rw > CNAP_XLSX_MAX_ROWS)
		return REF_OUTSIDE;
	*row = (uint32_t)(rw - 1);
	*col = (uint32_t)(c - 1);
	return REF_OK;
}

bool cnap_xlsx_ref_parse(const char *ref, uint32_t *row, uint32_t *col)
{
	uint32_t rw, c;
	if (!ref || xlsx_ref_scan(&ref, &rw, &c) != REF_OK || *ref)
		return false;
	*row = rw;
	*col = c;
	return true;
}

bool cnap_xlsx_range_parse(const char *ref, struct cnap_xlsx_merge *m)
{
	uint32_t r1, c1, r2, c2;
	if (!ref || xlsx_ref_scan(&ref, &r1, &c1) != REF_OK)
		return false;
	if (*ref == ':') {
		ref++;
		if (xlsx_ref_scan(&ref, &r2, &c2) != REF_OK)
			return false;
	} else {
		r2 = r1;
		c2 = c1;
	}
	if (*ref)
		return false;
	*m = (struct cnap_xlsx_merge){
		.first_row = r1 < r2 ? r1 : r2, .first_col = c1 < c2 ? c1 : c2,
		.last_row = r1 < r2 ? r2 : r1, .last_col = c1 < c2 ? c2 : c1,
	};
	return true;
}

/* ---- defined names ---- */

static const struct cnap_xlsx_name *find_name(const struct cnap_xlsx *x, const char *name)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < x->n_names; i++)
			if ((pass == 1 || x->names[i].sheet < 0) && strcasecmp(x->names[i].name, name) == 0)
				return &x->names[i];
	return NULL;
}

const char *cnap_xlsx_defined_name(const struct cnap_xlsx *x, const char *name)
{
	const struct cnap_xlsx_name *n = find_name(x, name);
	return n ? n->value : NULL;
}

size_t cnap_xlsx_defined_name_count(const struct cnap_xlsx *x)
{
	return x->n_names;
}

const struct cnap_xlsx_name *cnap_xlsx_defined_name_at(const struct cnap_xlsx *x, size_t i)
{
	return i < x->n_names ? &x->names[i] : NULL;
}

bool cnap_xlsx_name_ref(const struct cnap_xlsx *x, const char *name, const struct cnap_xlsx_sheet **sheet,
			uint32_t *row, uint32_t *col)
{
	const struct cnap_xlsx_name *n = find_name(x, name);
	if (!n)
		return false;
	const char *v = n->value;
	if (*v == '=')
		v++;
	char sname[256];
	size_t k = 0;
	if (*v == '\'') {
		/* 'It''s'!A1: a quote inside is doubled */
		for (v++; *v; v++) {
			if (*v == '\'') {
				if (v[1] != '\'')
					break;
				v++;
			}
			if (k + 1 >= sizeof(sname))
				return false;
			sname[k++] = *v;
		}
		if (*v++ != '\'')
			return false;
	} else {
		for (; *v && *v != '!'; v++) {
			if (k + 1 >= sizeof(sname))
				return false;
			sname[k++] = *v;
		}
	}
	sname[k] = '\0';
	if (*v++ != '!' || k == 0)
		return false;
	struct cnap_xlsx_merge m;
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet_by_name(x, sname);
	if (!s || !cnap_xlsx_range_parse(v, &m))
		return false;
	*sheet = s;
	*row = m.first_row;
	*col = m.first_col;
	return true;
}

/* ---- dates ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap years in [1, y] (y may be 0 or negative: counted the same way back). */
static int64_t leaps_through(int64_t y)
{
	return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

static const int month_start[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

int64_t xlsx_days_from_civil(int64_t y, int m, int d)
{
	int64_t days = 365 * (y - 1970) + leaps_through(y - 1) - leaps_through(1969);
	return days + month_start[m - 1] + (m > 2 && leap(y)) + d - 1;
}

void xlsx_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t year = 1970 + floor_div(days * 400, 146097);
	while (xlsx_days_from_civil(year, 1, 1) > days)
		year--;
	while (xlsx_days_from_civil(year + 1, 1, 1) <= days)
		year++;
	int64_t doy = days - xlsx_days_from_civil(year, 1, 1);
	int month = 12;
	while (month > 1 && doy < month_start[month - 1] + (month > 2 && leap(year)))
		month--;
	*y = year;
	*m = month;
	*d = (int)(doy - month_start[month - 1] - (month > 2 && leap(year))) + 1;
}

bool cnap_xlsx_serial_to_datetime(double serial, bool date1904, struct cnap_xlsx_datetime *out)
{
	if (!(serial >= 0) || serial >= 2958466.0)
		return false;
	int64_t ms = (int64_t)llround(serial * 86400000.0);
	int64_t days = ms / 86400000, in_day = ms % 86400000;
	int64_t y;
	int m, d;
	if (date1904) {
		xlsx_civil_from_days(xlsx_days_from_civil(1904, 1, 1) + days, &y, &m, &d);
	} else if (days == 60) {
		y = 1900, m = 2, d = 29; /* the day Lotus 1-2-3 invented and Excel kept */
	} else {
		xlsx_civil_from_days(xlsx_days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
	}
	if (y > 9999)
		return false;
	*out = (struct cnap_xlsx_datetime){
		.year = (int)y, .month = m, .day = d,
		.hour = (int)(in_day / 3600000), .minute = (int)(in_day / 60000 % 60),
		.second = (int)(in_day / 1000 % 60), .millisecond = (int)(in_day % 1000),
	};
	return true;
}
