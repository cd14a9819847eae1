/*
 * cnap_xlsx_open and the accessors (see xlsx_read.h): the container is
 * checked against the limits, then the parts are read in the order they
 * depend on each other: package, workbook, styles, shared strings, sheets.
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

static bool has_bytes(const void *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

static bool contains(const unsigned char *data, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (data[i] == (unsigned char)needle[0] && memcmp(data + i, needle, n) == 0)
			return true;
	return false;
}

/* What a file that is not a zip at all seems to be, for the message. */
static enum cnap_err not_a_zip(struct xr *r, const unsigned char *data, size_t len)
{
	if (has_bytes(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		/* an OLE compound file: a password-protected workbook keeps an EncryptionInfo stream */
		static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
		size_t scan = len < ((size_t)1 << 20) ? len : (size_t)1 << 20;
		if (contains(data, scan, enc, sizeof(enc) - 1))
			return xr_fail(r, CNAP_EFORMAT, "",
				       "パスワードで保護されたブックは読めません。パスワードを解除して保存し直してください");
		return xr_fail(r, CNAP_EFORMAT, "",
			       "Excel 97-2003形式（.xls）のファイルです。xlsx形式で保存し直してください");
	}
	if (has_bytes(data, len, "\x89PNG", 4) || has_bytes(data, len, "\xFF\xD8\xFF", 3))
		return xr_fail(r, CNAP_EFORMAT, "", "画像ファイルです。Excelのブック（xlsx）を選んでください");
	if (has_bytes(data, len, "%PDF", 4))
		return xr_fail(r, CNAP_EFORMAT, "", "PDFファイルです。Excelのブック（xlsx）を選んでください");
	if (len == 0)
		return xr_fail(r, CNAP_EFORMAT, "", "ファイルが空です");
	if (has_bytes(data, len, "PK\x03\x04", 4))
		return xr_fail(r, CNAP_EFORMAT, "", "ファイルが途中で切れているか壊れています（ZIPの目次がありません）");
	return xr_fail(r, CNAP_EFORMAT, "", "Excelのブック（xlsx）ではありません（ZIP形式ではありません）");
}

static enum cnap_err open_zip(struct xr *r, const void *data, size_t len)
{
	char lim[32];
	if (len > r->lim.max_file_bytes) {
		if (r->lim.max_file_bytes % ((size_t)1 << 20) == 0)
			snprintf(lim, sizeof(lim), "%zu MiB", r->lim.max_file_bytes >> 20);
		else
			snprintf(lim, sizeof(lim), "%zu バイト", r->lim.max_file_bytes);
		return xr_fail(r, CNAP_ETOOBIG, "", "ファイルが大きすぎます（%sまで）", lim);
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return xr_oom(r);
	}
	r->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!r->za) {
		zip_source_free(src);
		int code = zip_error_code_zip(&ze);
		if (code == ZIP_ER_NOZIP)
			not_a_zip(r, data, len);
		else if (code == ZIP_ER_MEMORY)
			xr_oom(r);
		else
			xr_fail(r, CNAP_EFORMAT, "", "ファイルが壊れているか途中で切れています（ZIP: %s）",
				zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return r->rc;
	}
	zip_error_fini(&ze);
	zip_int64_t n = zip_get_num_entries(r->za, 0);
	if (n < 0 || (zip_uint64_t)n > r->lim.max_entries)
		return xr_fail(r, CNAP_ETOOBIG, "", "ZIPの項目が多すぎます（%zu個まで）", r->lim.max_entries);
	/* what the headers declare; xr_parse_part counts again what really comes out */
	size_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(r->za, (zip_uint64_t)i, 0, &st) != 0)
			return xr_fail(r, CNAP_EFORMAT, "", "ファイルが壊れています（ZIPの項目 %lld が読めません）",
				       (long long)i);
		const char *name = st.valid & ZIP_STAT_NAME ? st.name : "";
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
			return xr_fail(r, CNAP_EFORMAT, name,
				       "暗号化されたZIPは読めません。暗号化を外して保存し直してください");
		if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
			continue;
		if (st.size > r->lim.max_entry_bytes)
			return xr_fail(r, CNAP_ETOOBIG, name, "展開後の大きさが上限（%zu MiB）を超えます",
				       r->lim.max_entry_bytes >> 20);
		if (st.size > CNAP_XLSX_RATIO_FROM_BYTES && st.size / (st.comp_size ? st.comp_size : 1) > r->lim.max_ratio)
			return xr_fail(r, CNAP_ETOOBIG, name, "圧縮率が異常です（%zu倍を超えます）。ZIP爆弾の疑いがあります",
				       r->lim.max_ratio);
		total += (size_t)st.size;
		if (total > r->lim.max_total_bytes)
			return xr_fail(r, CNAP_ETOOBIG, name, "ブック全体の展開後の大きさが上限（%zu MiB）を超えます",
				       r->lim.max_total_bytes >> 20);
	}
	return CNAP_OK;
}

static enum cnap_err read_all(struct xr *r)
{
	if (open_zip(r, r->data, r->len) != CNAP_OK || xr_read_package(r) != CNAP_OK ||
	    xr_read_workbook(r) != CNAP_OK || xr_read_styles(r) != CNAP_OK || xr_read_shared_strings(r) != CNAP_OK)
		return r->rc;
	for (size_t i = 0; i < r->x->n_sheets; i++) {
		const struct xlsx_sheet_ref *ref = &r->sheet_refs[i];
		struct cnap_xlsx_sheet *s = &r->x->sheets[i];
		if (xr_locate(r, ref->part) < 0)
			return xr_fail(r, CNAP_EFORMAT, ref->part, "シート「%s」の本体（%s）がありません", s->name, ref->part);
		if (ref->is_worksheet && xr_read_sheet(r, s, ref->part) != CNAP_OK)
			return r->rc;
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
	struct xr r = { .lim = limits_or_default(limits), .err = err, .data = data, .len = len };
	r.x = cnap_calloc(1, sizeof(*r.x));
	if (!r.x)
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	cnap_arena_init(&r.x->arena);
	/* an escape _xHHHH_ is 7 bytes for one character */
	size_t text_max;
	if (!cnap_st_mult(r.lim.max_string_chars, 7, &text_max) || !cnap_st_add(text_max, 64, &text_max))
		text_max = SIZE_MAX - 1;
	cnap_buf_init(&r.text, text_max);
	read_all(&r);
	if (r.za)
		zip_discard(r.za);
	cnap_buf_release(&r.text);
	free(r.sst);
	free(r.cells);
	free(r.merges);
	if (r.rc != CNAP_OK) {
		cnap_xlsx_free(r.x);
		return r.rc;
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
