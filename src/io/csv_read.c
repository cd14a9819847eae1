/*
 * The CSV reader (csv_read.h): find the encoding, decode to UTF-8, then one
 * pass over the text that keeps the physical line while it splits records
 * and fields. Fields go into the arena as they end; the growing arrays of
 * the current record and of the rows are on the heap until the end.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/jpnum.h"
#include "base/utf8.h"
#include "io/csv_read.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#define ENC_UTF8 "UTF-8"
#define ENC_UTF8_BOM "UTF-8（BOM付き）"
#define ENC_CP932 "Shift_JIS（CP932）"

struct cnap_csv_limits cnap_csv_limits_default(void)
{
	return (struct cnap_csv_limits){
		.max_bytes = (size_t)4 * 1024 * 1024,
		.max_rows = 10000,
		.max_fields = 1000,
		.max_field_bytes = 32767,
	};
}

static struct cnap_csv_limits limits_or_default(const struct cnap_csv_limits *l)
{
	struct cnap_csv_limits d = cnap_csv_limits_default();
	if (l) {
		if (l->max_bytes)
			d.max_bytes = l->max_bytes;
		if (l->max_rows)
			d.max_rows = l->max_rows;
		if (l->max_fields)
			d.max_fields = l->max_fields;
		if (l->max_field_bytes)
			d.max_field_bytes = l->max_field_bytes;
	}
	return d;
}

/* 1-based physical line of byte offset at: CRLF, LF and CR each end one line. */
static size_t line_of(const unsigned char *p, size_t at)
{
	size_t line = 1;
	for (size_t i = 0; i < at; i++)
		if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= at || p[i + 1] != '\n')))
			line++;
	return line;
}

static enum cnap_err fail_line(struct cnap_error *err, enum cnap_err code, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum cnap_err fail_line(struct cnap_error *err, enum cnap_err code, size_t line, const char *fmt, ...)
{
	char where[32];
	snprintf(where, sizeof(where), "%zu行目", line);
	va_list ap;
	va_start(ap, fmt);
	cnap_vfail(err, code, where, fmt, ap);
	va_end(ap);
	return code;
}

/* Multi-byte UTF-8 characters before the first bad byte that make a file UTF-8 (see decode). */
#define UTF8_EVIDENCE 3
/* CNAP_ETOOBIG naming the limit with grouping ("10,000"); fmt has one %s for it. line 0: no place. */
static enum cnap_err over_limit(struct cnap_error *err, size_t line, const char *fmt, size_t limit)
{
	char n[32];
	cnap_jpnum_format((double)limit, 0, n, sizeof(n));
	if (!line)
		return cnap_fail(err, CNAP_ETOOBIG, "", fmt, n);
	return fail_line(err, CNAP_ETOOBIG, line, fmt, n);
}

#define MSG_ENCODING "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）"

/* The text to parse, UTF-8; heap is set when it was converted (free it). */
struct text {
	const char *p;
	size_t n;
	char *heap;
	const char *encoding;
};

static enum cnap_err from_cp932(const unsigned char *p, size_t len, size_t bad_utf8, struct text *t,
				struct cnap_error *err)
{
	size_t cap;
	/* a CP932 byte gives at most three UTF-8 bytes (half-width katakana) */
	if (!cnap_st_mult(len, 3, &cap) || !cnap_st_add(cap, 1, &cap))
		return cnap_fail(err, CNAP_ETOOBIG, "", "ファイルが大きすぎます");
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1) {
		if (errno == ENOMEM)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		return cnap_fail(err, CNAP_EIO, "", "Shift_JIS（CP932）からの変換がこの環境では使えません");
	}
	char *buf = cnap_malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	char *in = (char *)p, *outp = buf;
	size_t inleft = len, outleft = cap;
	size_t r = iconv(cd, &in, &inleft, &outp, &outleft);
	iconv_close(cd);
	size_t bad_sjis = (size_t)(in - (char *)p);
	size_t n = (size_t)(outp - buf);
	if (r == (size_t)-1 || !cnap_utf8_valid(buf, n, NULL)) {
		free(buf);
		size_t at = bad_sjis > bad_utf8 ? bad_sjis : bad_utf8;
		return fail_line(err, CNAP_EINVAL, line_of(p, at), MSG_ENCODING);
	}
	buf[n] = '\0';
	t->p = buf;
	t->n = n;
	t->heap = buf;
	t->encoding = ENC_CP932;
	return CNAP_OK;
}

static enum cnap_err decode(const unsigned char *p, size_t len, struct text *t, struct cnap_error *err)
{
	size_t bad = 0;
	t->heap = NULL;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		t->p = (const char *)p + 3;
		t->n = len - 3;
		t->encoding = ENC_UTF8_BOM;
		if (!cnap_utf8_valid(t->p, t->n, &bad))
			return fail_line(err, CNAP_EINVAL, line_of(p, bad + 3), MSG_ENCODING);
		return CNAP_OK;
	}
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return fail_line(err, CNAP_EINVAL, 1,
				 "UTF-16 のファイルは読めません（「CSV UTF-8」または「CSV」形式で保存してください）");
	t->p = (const char *)p;
	t->n = len;
	t->encoding = ENC_UTF8;
	if (cnap_utf8_valid(t->p, t->n, &bad))
		return CNAP_OK;
	/*
	 * CP932 text fails as UTF-8 within its first few kanji or kana, but much
	 * of UTF-8 reads as CP932: text that was good UTF-8 for a few Japanese
	 * characters is UTF-8 with a bad byte, not CP932 to turn into mojibake.
	 */
	size_t multibyte = 0;
	for (size_t i = 0; i < bad && multibyte < UTF8_EVIDENCE; i++)
		multibyte += p[i] >= 0xC0;
	if (multibyte >= UTF8_EVIDENCE)
		return fail_line(err, CNAP_EINVAL, line_of(p, bad), MSG_ENCODING);
	return from_cp932(p, len, bad, t, err);
}

struct parser {
	const char *p;
	size_t n, i;
	size_t line; /* physical line of p[i] */
	struct cnap_csv_limits lim;
	struct cnap_arena *a;
	struct cnap_error *err;
	struct cnap_buf field;
	const char **fields; /* the current record's, on the heap */
	size_t n_fields, cap_fields;
	struct cnap_csv_row *rows; /* on the heap until the end */
	size_t n_rows, cap_rows;
	size_t blank_pending, blank_first_line; /* one-empty-field records not yet known to be trailing */
	const char **blank_fields;              /* { "" }, shared by every blank row */
};

static enum cnap_err oom(struct parser *ps)
{
	return cnap_fail(ps->err, CNAP_ENOMEM, "", "out of memory");
}

static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap : 16, bytes;
	while (ncap < need)
		ncap *= 2;
	if (!cnap_st_mult(ncap, elem, &bytes))
		return false;
	void *p = cnap_realloc(*arr, bytes);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

/* Index of the first byte at or after i that is in stop (a few ASCII bytes) or NUL, or n. */
static size_t span(const char *p, size_t i, size_t n, const char *stop)
{
	while (i < n && !strchr(stop, p[i]))
		i++;
	return i;
}

static enum cnap_err field_add(struct parser *ps, const char *s, size_t n, size_t start_line)
{
	if (n > ps->lim.max_field_bytes - ps->field.len)
		return over_limit(ps->err, start_line, "項目が長すぎます（1項目 %s バイトまで）", ps->lim.max_field_bytes);
	if (cnap_buf_add(&ps->field, s, n) != CNAP_OK)
		return oom(ps);
	return CNAP_OK;
}

static enum cnap_err nul_byte(struct parser *ps)
{
	return fail_line(ps->err, CNAP_EINVAL, ps->line, "NUL 文字（0x00）が含まれています");
}

/* One quoted field from the opening quote at p[i]; leaves i after the closing quote. */
static enum cnap_err quoted_field(struct parser *ps, size_t start_line)
{
	enum cnap_err r;
	ps->i++;
	for (;;) {
		size_t j = span(ps->p, ps->i, ps->n, "\"\r\n");
		if ((r = field_add(ps, ps->p + ps->i, j - ps->i, start_line)) != CNAP_OK)
			return r;
		if (j >= ps->n)
			return fail_line(ps->err, CNAP_EINVAL, start_line, "引用符（\"）が閉じられていません");
		char c = ps->p[j];
		ps->i = j + 1;
		if (c == '\0')
			return nul_byte(ps);
		if (c == '"') {
			if (ps->i < ps->n && ps->p[ps->i] == '"') {
				ps->i++;
				if ((r = field_add(ps, "\"", 1, start_line)) != CNAP_OK)
					return r;
				continue;
			}
			break;
		}
		/* a line break inside the field: LF, whatever the file used */
		if (c == '\r' && ps->i < ps->n && ps->p[ps->i] == '\n')
			ps->i++;
		ps->line++;
		if ((r = field_add(ps, "\n", 1, start_line)) != CNAP_OK)
			return r;
	}
	if (ps->i < ps->n && ps->p[ps->i] == '\0')
		return nul_byte(ps);
	if (ps->i < ps->n && !strchr(",\r\n", ps->p[ps->i]))
		return fail_line(ps->err, CNAP_EINVAL, ps->line,
				 "閉じた引用符（\"）の後に文字があります（項目の中の \" は \"\" と書いてください）");
	return CNAP_OK;
}

static enum cnap_err unquoted_field(struct parser *ps, size_t start_line)
{
	size_t j = span(ps->p, ps->i, ps->n, ",\"\r\n");
	enum cnap_err r = field_add(ps, ps->p + ps->i, j - ps->i, start_line);
	ps->i = j;
	if (r != CNAP_OK)
		return r;
	if (j < ps->n && ps->p[j] == '"')
		return fail_line(ps->err, CNAP_EINVAL, ps->line,
				 "引用符（\"）で囲まれていない項目の途中に引用符があります"
				 "（項目全体を \" で囲み、中の \" は \"\" と書いてください）");
	if (j < ps->n && ps->p[j] == '\0')
		return nul_byte(ps);
	return CNAP_OK;
}

static enum cnap_err push_row(struct parser *ps, size_t line, size_t n_fields, const char **fields)
{
	if (ps->n_rows >= ps->lim.max_rows)
		return over_limit(ps->err, line, "行数が多すぎます（%s 行まで）", ps->lim.max_rows);
	if (!grow((void **)&ps->rows, &ps->cap_rows, ps->n_rows + 1, sizeof(*ps->rows)))
		return oom(ps);
	ps->rows[ps->n_rows++] = (struct cnap_csv_row){ line, n_fields, fields };
	return CNAP_OK;
}

/* The record just read becomes a row; blank ones wait until a later record shows they are not trailing. */
static enum cnap_err end_record(struct parser *ps, size_t line)
{
	enum cnap_err r;
	if (ps->n_fields == 1 && ps->fields[0][0] == '\0') {
		if (ps->blank_pending++ == 0)
			ps->blank_first_line = line;
		return CNAP_OK;
	}
	for (; ps->blank_pending; ps->blank_pending--, ps->blank_first_line++) {
		if (!ps->blank_fields) {
			ps->blank_fields = cnap_arena_alloc(ps->a, sizeof(*ps->blank_fields));
			if (!ps->blank_fields)
				return oom(ps);
			ps->blank_fields[0] = "";
		}
		if ((r = push_row(ps, ps->blank_first_line, 1, ps->blank_fields)) != CNAP_OK)
			return r;
	}
	const char **fields = cnap_arena_calloc(ps->a, ps->n_fields, sizeof(*fields));
	if (!fields)
		return oom(ps);
	memcpy(fields, ps->fields, ps->n_fields * sizeof(*fields));
	return push_row(ps, line, ps->n_fields, fields);
}

static enum cnap_err record(struct parser *ps)
{
	enum cnap_err r;
	size_t line = ps->line;
	ps->n_fields = 0;
	for (;;) {
		size_t start_line = ps->line;
		cnap_buf_reset(&ps->field);
		if (ps->i < ps->n && ps->p[ps->i] == '"')
			r = quoted_field(ps, start_line);
		else
			r = unquoted_field(ps, start_line);
		if (r != CNAP_OK)
			return r;
		if (ps->n_fields >= ps->lim.max_fields)
			return over_limit(ps->err, start_line, "1行の項目が多すぎます（%s 項目まで）", ps->lim.max_fields);
		if (!grow((void **)&ps->fields, &ps->cap_fields, ps->n_fields + 1, sizeof(*ps->fields)))
			return oom(ps);
		char *f = cnap_arena_strndup(ps->a, ps->field.data ? ps->field.data : "", ps->field.len);
		if (!f)
			return oom(ps);
		ps->fields[ps->n_fields++] = f;
		if (ps->i >= ps->n)
			break;
		char c = ps->p[ps->i++];
		if (c == ',')
			continue;
		if (c == '\r' && ps->i < ps->n && ps->p[ps->i] == '\n')
			ps->i++;
		ps->line++;
		break;
	}
	return end_record(ps, line);
}

static enum cnap_err parse_text(struct parser *ps, struct cnap_csv *out)
{
	enum cnap_err r;
	while (ps->i < ps->n)
		if ((r = record(ps)) != CNAP_OK)
			return r;
	/* what is still pending is trailing blank records: dropped */
	if (ps->n_rows) {
		out->rows = cnap_arena_calloc(ps->a, ps->n_rows, sizeof(*out->rows));
		if (!out->rows)
			return oom(ps);
		memcpy(out->rows, ps->rows, ps->n_rows * sizeof(*out->rows));
	}
	out->n_rows = ps->n_rows;
	return CNAP_OK;
}

enum cnap_err cnap_csv_parse(const void *data, size_t len, const struct cnap_csv_limits *limits,
			     struct cnap_arena *a, struct cnap_csv *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_csv_limits lim = limits_or_default(limits);
	if (len > lim.max_bytes)
		return over_limit(err, 0, "ファイルが大きすぎます（%s バイトまで）", lim.max_bytes);
	struct text t = { "", 0, NULL, ENC_UTF8 };
	enum cnap_err r = len ? decode(data, len, &t, err) : CNAP_OK;
	if (r != CNAP_OK)
		return r;
	struct parser ps = { .p = t.p, .n = t.n, .line = 1, .lim = lim, .a = a, .err = err };
	cnap_buf_init(&ps.field, 0);
	r = parse_text(&ps, out);
	cnap_buf_release(&ps.field);
	free(ps.fields);
	free(ps.rows);
	free(t.heap);
	if (r != CNAP_OK) {
		memset(out, 0, sizeof(*out));
		return r;
	}
	out->encoding = t.encoding;
	return CNAP_OK;
}
