/*
 * The xlsx reader's plumbing: errors, the string pool, zip entries streamed
 * through a hardened expat parser, and the small XML and text helpers the
 * part parsers share (see xlsx_priv.h).
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/xlsx_priv.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CHUNK ((size_t)64 * 1024)
#define POOL_CHUNK ((size_t)64 * 1024)

/* snprintf may cut a message inside a multi-byte character: drop the broken tail. */
static void trim_utf8_tail(char *s)
{
	size_t n = strlen(s);
	size_t bad;
	while (n > 0 && !cnap_utf8_valid(s, n, &bad))
		s[n = bad] = '\0';
}

enum cnap_err xr_fail(struct xr *r, enum cnap_err code, const char *where, const char *fmt, ...)
{
	if (r->rc != CNAP_OK)
		return r->rc;
	va_list ap;
	va_start(ap, fmt);
	cnap_vfail(r->err, code, where, fmt, ap);
	va_end(ap);
	if (r->err) {
		trim_utf8_tail(r->err->where);
		trim_utf8_tail(r->err->message);
	}
	r->rc = code;
	if (r->p)
		XML_StopParser(r->p, XML_FALSE);
	return code;
}

enum cnap_err xr_oom(struct xr *r)
{
	return xr_fail(r, CNAP_ENOMEM, r->part, "メモリが足りません");
}

/* A size for messages: "64 MiB", "512 KiB" or "300 バイト". */
static const char *size_text(size_t n, char *buf, size_t size)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, size, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, size, "%zu KiB", n >> 10);
	else
		snprintf(buf, size, "%zu バイト", n);
	return buf;
}

zip_int64_t xr_locate(struct xr *r, const char *part)
{
	zip_int64_t i = zip_name_locate(r->za, part, 0);
	if (i < 0)
		i = zip_name_locate(r->za, part, ZIP_FL_NOCASE);
	return i;
}

/* ---- the string pool ---- */

const char *xr_strndup(struct xr *r, const char *s, size_t n)
{
	char *p;
	if (n >= r->pool.left) {
		if (n >= POOL_CHUNK / 4) {
			/* a long string gets its own allocation; the chunk in use goes on */
			p = cnap_arena_strndup(&r->x->arena, s, n);
			if (!p)
				xr_oom(r);
			return p;
		}
		r->pool.at = cnap_arena_alloc(&r->x->arena, POOL_CHUNK);
		if (!r->pool.at) {
			r->pool.left = 0;
			xr_oom(r);
			return NULL;
		}
		r->pool.left = POOL_CHUNK;
	}
	p = r->pool.at;
	memcpy(p, s, n);
	p[n] = '\0';
	r->pool.at += n + 1;
	r->pool.left -= n + 1;
	return p;
}

/* ---- arrays and attribute values ---- */

/* Grows a malloc'd array of elements of size sz to hold one more; false when out of memory. */
bool xr_grow(struct xr *r, void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16, bytes;
	if (!cnap_st_mult(ncap, sz, &bytes)) {
		xr_oom(r);
		return false;
	}
	void *p = cnap_realloc(*v, bytes);
	if (!p) {
		xr_oom(r);
		return false;
	}
	*v = p;
	*cap = ncap;
	return true;
}

/* Copies n elements of size sz from a malloc'd array into the arena (NULL for none). */
void *xr_to_arena(struct xr *r, const void *v, size_t n, size_t sz)
{
	if (n == 0)
		return NULL;
	void *p = cnap_arena_calloc(&r->x->arena, n, sz);
	if (!p) {
		xr_oom(r);
		return NULL;
	}
	memcpy(p, v, n * sz);
	return p;
}

bool xml_true(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* A non-negative decimal integer (at most 9 digits); -1 for anything else. */
long xlsx_small_uint(const char *v)
{
	if (!v || !*v)
		return -1;
	long n = 0;
	for (size_t i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i >= 9)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* ---- text ---- */

/* The UTF-16 unit of an escape "_xHHHH_" at s[0..n), or -1. */
static long escape_at(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isxdigit(c))
			return -1;
		v = v << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * As Excel reads them: "_x000D_" is CR, "_x005F_" an underscore (so
 * "_x005F_x000D_" stays the literal text "_x000D_"), a surrogate pair of
 * escapes one character. What cannot be a character (NUL, a lone
 * surrogate) is left as written. Every escape is 7 bytes and decodes to at
 * most 4 (a pair: 14 to 4), so the result fits in place.
 */
size_t xlsx_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	while (i < n) {
		long u = s[i] == '_' ? escape_at(s + i, n - i) : -1;
		if (u > 0 && (u < 0xD800 || u > 0xDFFF)) {
			o += put_utf8(s + o, (uint32_t)u);
			i += 7;
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			long lo = escape_at(s + i + 7, n - i - 7);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				o += put_utf8(s + o, (uint32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)));
				i += 14;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

const char *xr_text_value(struct xr *r, const struct cnap_xlsx_sheet *sheet, uint32_t row, uint32_t col)
{
	char *s = r->text.data;
	size_t n = r->text.len;
	if (!s)
		return xr_strndup(r, "", 0);
	if (memchr(s, '_', n))
		n = xlsx_unescape(s, n);
	s[n] = '\0';
	size_t bad;
	bool utf8 = cnap_utf8_valid(s, n, &bad);
	if (utf8 && (n <= r->lim.max_string_chars || cnap_utf8_count(s, n) <= r->lim.max_string_chars))
		return xr_strndup(r, s, n);
	/* only now is the place worth a snprintf */
	char where[200], ref[16];
	if (sheet) {
		cnap_xlsx_ref_format(row, col, ref, sizeof(ref));
		snprintf(where, sizeof(where), "%s!%s", sheet->name, ref);
	} else {
		snprintf(where, sizeof(where), "%s", r->part);
	}
	if (!utf8)
		xr_fail(r, CNAP_EINVAL, where, "文字列にUTF-8として正しくないバイトがあります（%zuバイト目）", bad + 1);
	else
		xr_fail(r, CNAP_ETOOBIG, where, "文字列が長すぎます（%zu文字まで）", r->lim.max_string_chars);
	return NULL;
}

/* Appends to r->text while r->collect is on. */
static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
	struct xr *r = ud;
	if (!r->collect || r->skip)
		return;
	if (cnap_buf_add(&r->text, s, (size_t)len) != CNAP_OK) {
		if (r->text.status == CNAP_ENOMEM)
			xr_oom(r);
		else
			xr_fail(r, CNAP_ETOOBIG, r->part, "文字列が長すぎます（%zu文字まで）", r->lim.max_string_chars);
	}
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

bool xlsx_parse_number(const char *s, size_t n, double *out)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	char buf[320];
	if (n == 0 || n >= sizeof(buf))
		return false;
	/* the syntax, and on the way the digits as an integer m and a power of ten */
	size_t i = 0, digits = 0, significant = 0;
	uint64_t m = 0;
	long exp10 = 0;
	bool neg = s[0] == '-';
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (int part = 0; part < 2; part++) {
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			if (m == 0 && s[i] == '0') {
				if (part == 1)
					exp10--;
				continue;
			}
			if (++significant <= 19)
				m = m * 10 + (uint64_t)(s[i] - '0');
			if (part == 1)
				exp10--;
		}
		if (part == 0 && i < n && s[i] == '.')
			i++;
		else
			break;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = i < n && s[i] == '-';
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t exp_digits = 0;
		long e = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, exp_digits++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
		if (exp_digits == 0)
			return false;
		exp10 += eneg ? -e : e;
	}
	if (i != n)
		return false;
	/*
	 * Up to 15 significant digits times an exact power of ten up to 1e22 is
	 * one correctly rounded operation on exact operands: the value strtod
	 * gives, without its cost. Anything else goes to strtod.
	 */
	if (significant <= 15 && exp10 >= -22 && exp10 <= 22) {
		double v = (double)m;
		v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
		*out = neg ? -v : v;
		return true;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	double v = strtod(buf, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

/* ---- XML names ---- */

static const struct {
	const char *uri;
	enum xml_ns ns;
} namespaces[] = {
	{ "http://schemas.openxmlformats.org/spreadsheetml/2006/main", NS_MAIN },
	{ "http://purl.oclc.org/ooxml/spreadsheetml/main", NS_MAIN },
	{ "http://schemas.openxmlformats.org/officeDocument/2006/relationships", NS_REL },
	{ "http://purl.oclc.org/ooxml/officeDocument/relationships", NS_REL },
	{ "http://schemas.openxmlformats.org/package/2006/relationships", NS_PKG_REL },
	{ "http://schemas.openxmlformats.org/package/2006/content-types", NS_CT },
};

/* The separator expat puts between a namespace URI and the local name. */
#define NS_SEP ' '
#define MAIN_PREFIX "http://schemas.openxmlformats.org/spreadsheetml/2006/main "

/* Splits name into namespace and local name. */
static enum xml_ns xml_name(const char *name, const char **local)
{
	const char *sep = strrchr(name, NS_SEP);
	if (!sep) {
		*local = name;
		return NS_NONE;
	}
	*local = sep + 1;
	size_t n = (size_t)(sep - name);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(namespaces); i++)
		if (strlen(namespaces[i].uri) == n && memcmp(namespaces[i].uri, name, n) == 0)
			return namespaces[i].ns;
	return NS_OTHER;
}

/* Whether name is in the namespace ns (or in none), and its local name. */
static bool xml_in(enum xml_ns ns, const char *name, const char **local)
{
	/* the common case first: one compare, no search */
	if (ns == NS_MAIN && strncmp(name, MAIN_PREFIX, sizeof(MAIN_PREFIX) - 1) == 0) {
		*local = name + sizeof(MAIN_PREFIX) - 1;
		return true;
	}
	enum xml_ns got = xml_name(name, local);
	return got == ns || got == NS_NONE;
}

const char *xml_attr(const XML_Char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], local) == 0)
			return atts[i + 1];
	return NULL;
}

const char *xml_attr_rid(const XML_Char **atts)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *local;
		if (xml_name(atts[i], &local) == NS_REL && strcmp(local, "id") == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* ---- part names ---- */

const char *xr_resolve(struct xr *r, const char *source, const char *target)
{
	char path[1024];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		n = slash ? (size_t)(slash - source) + 1 : 0;
		if (n >= sizeof(path))
			goto too_long;
		memcpy(path, source, n);
	}
	/* append target segment by segment, resolving "." and ".." */
	const char *seg = target;
	while (*seg) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (len == 0 || (len == 1 && seg[0] == '.')) {
			/* nothing */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (n > 0)
				n--; /* the slash after the last segment */
			while (n > 0 && path[n - 1] != '/')
				n--;
		} else {
			if (n + len + 1 >= sizeof(path))
				goto too_long;
			memcpy(path + n, seg, len);
			n += len;
			if (end)
				path[n++] = '/';
		}
		seg = end ? end + 1 : seg + len;
	}
	return xr_strndup(r, path, n);
too_long:
	xr_fail(r, CNAP_EFORMAT, source, "参照先の部品名が長すぎます");
	return NULL;
}

/* ---- streaming a part through expat ---- */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal_subset)
{
	struct xr *r = ud;
	xr_fail(r, CNAP_EINVAL, r->part, "XMLに文書型宣言（DOCTYPE）があります。安全のため読み込みません");
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
				   int value_len, const XML_Char *base, const XML_Char *sysid,
				   const XML_Char *pubid, const XML_Char *notation)
{
	struct xr *r = ud;
	xr_fail(r, CNAP_EINVAL, r->part, "XMLに実体宣言（ENTITY）があります。安全のため読み込みません");
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *r = ud;
	const struct xr_grammar *g = r->g;
	const char *local;
	if (r->skip) {
		r->skip++;
		return;
	}
	if (!xml_in(g->ns, name, &local)) {
		r->skip = 1;
		return;
	}
	for (size_t i = 0; i < g->n_steps; i++) {
		const struct xr_step *st = &g->steps[i];
		if (st->from != r->at || strcmp(st->local, local) != 0)
			continue;
		r->at = st->to;
		if (g->enter)
			g->enter(r, atts);
		if (r->skip)
			r->at = st->from; /* refused */
		else
			r->collect = st->text;
		return;
	}
	if (g->leaf)
		g->leaf(r, local, atts);
	r->skip = 1;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xr *r = ud;
	const struct xr_grammar *g = r->g;
	if (r->skip) {
		r->skip--;
		return;
	}
	if (g->leave)
		g->leave(r);
	r->collect = false;
	for (size_t i = 0; i < g->n_steps; i++) {
		if (g->steps[i].to == r->at) {
			r->at = g->steps[i].from;
			return;
		}
	}
}

/*
 * Expat's allocations fail now and then in a test build (base/alloc.h), and
 * expat does not always say so: a failed lookup can come out as "unbound
 * prefix". A parse during which one failed is out of memory, whatever
 * expat reports.
 */
static _Thread_local unsigned long xml_failures;

/* p, counting it when an allocation gave NULL. */
static void *counted(void *p)
{
	xml_failures += p == NULL;
	return p;
}

static void *xml_malloc(size_t n)
{
	return counted(cnap_malloc(n));
}

static void *xml_realloc(void *p, size_t n)
{
	return counted(cnap_realloc(p, n));
}

static void xml_free(void *p)
{
	free(p);
}

static const XML_Memory_Handling_Suite xml_memory = { xml_malloc, xml_realloc, xml_free };

/*
 * Whether expat's "invalid token" is bytes that are not UTF-8 at all: the
 * window from the token on holds a bad sequence (one merely cut off by the
 * end of the window does not count).
 */
static bool at_bad_utf8(XML_Parser p)
{
	int offset = 0, size = 0;
	const char *ctx = XML_GetInputContext(p, &offset, &size);
	if (!ctx || offset < 0 || offset >= size)
		return false;
	size_t left = (size_t)(size - offset);
	size_t n = left < 64 ? left : 64;
	size_t bad;
	if (cnap_utf8_valid(ctx + offset, n, &bad))
		return false;
	return n - bad >= 4;
}

static enum cnap_err xml_error(struct xr *r, XML_Parser p)
{
	if (r->rc != CNAP_OK)
		return r->rc;
	enum XML_Error e = XML_GetErrorCode(p);
	unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p);
	unsigned long col = (unsigned long)XML_GetCurrentColumnNumber(p) + 1;
	switch (e) {
	case XML_ERROR_NO_MEMORY:
		return xr_oom(r);
	case XML_ERROR_PARTIAL_CHAR:
		return xr_fail(r, CNAP_EINVAL, r->part, "XMLの末尾にUTF-8として途中で切れた文字があります");
	case XML_ERROR_INVALID_TOKEN:
		if (at_bad_utf8(p))
			return xr_fail(r, CNAP_EINVAL, r->part,
				       "XMLにUTF-8として正しくないバイトがあります（%lu行%lu列）", line, col);
		break;
	case XML_ERROR_BAD_CHAR_REF:
		return xr_fail(r, CNAP_EINVAL, r->part, "XMLに文字として使えない文字参照があります（%lu行%lu列）",
			       line, col);
	case XML_ERROR_NO_ELEMENTS:
		return xr_fail(r, CNAP_EFORMAT, r->part, "XMLが空です");
	default:
		break;
	}
	return xr_fail(r, CNAP_EFORMAT, r->part, "XMLが壊れています（%lu行%lu列: %s）", line, col,
		       XML_ErrorString(e));
}

static enum cnap_err zip_file_fail(struct xr *r, zip_file_t *f)
{
	zip_error_t *ze = zip_file_get_error(f);
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_CRC:
		return xr_fail(r, CNAP_EFORMAT, r->part, "ファイルが壊れています（CRCが合いません）");
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		return xr_fail(r, CNAP_EFORMAT, r->part, "暗号化されたファイルは読めません。暗号化を外して保存し直してください");
	case ZIP_ER_COMPNOTSUPP:
		return xr_fail(r, CNAP_EFORMAT, r->part, "対応していない圧縮方式で保存されています");
	case ZIP_ER_MEMORY:
		return xr_oom(r);
	default:
		return xr_fail(r, CNAP_EFORMAT, r->part, "ファイルが壊れているか途中で切れています（%s）",
			       zip_error_strerror(ze));
	}
}

/* Counts n more inflated bytes of entry (compressed size comp) against the limits. */
static bool count_inflated(struct xr *r, size_t *entry_total, size_t n, zip_uint64_t comp)
{
	char lim[32];
	*entry_total += n;
	r->inflated += n;
	if (*entry_total > r->lim.max_entry_bytes) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "展開後の大きさが上限（%s）を超えます",
			size_text(r->lim.max_entry_bytes, lim, sizeof(lim)));
		return false;
	}
	if (r->inflated > r->lim.max_total_bytes) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "ブック全体の展開後の大きさが上限（%s）を超えます",
			size_text(r->lim.max_total_bytes, lim, sizeof(lim)));
		return false;
	}
	if (*entry_total > CNAP_XLSX_RATIO_FROM_BYTES && *entry_total / (comp ? comp : 1) > r->lim.max_ratio) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "圧縮率が異常です（%zu倍を超えます）。ZIP爆弾の疑いがあります",
			r->lim.max_ratio);
		return false;
	}
	return true;
}

enum cnap_err xr_parse_part(struct xr *r, const char *part, const struct xr_grammar *g)
{
	r->part = part;
	r->g = g;
	r->at = 0;
	r->skip = 0;
	r->collect = false;
	cnap_buf_reset(&r->text);
	zip_int64_t idx = xr_locate(r, part);
	if (idx < 0)
		return xr_fail(r, CNAP_EFORMAT, part, "部品 %s がありません", part);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->za, (zip_uint64_t)idx, 0, &st) != 0)
		return xr_fail(r, CNAP_EFORMAT, part, "ファイルが壊れています（ZIPの項目が読めません）");
	zip_file_t *f = zip_fopen_index(r->za, (zip_uint64_t)idx, 0);
	if (!f) {
		zip_error_t *ze = zip_get_error(r->za);
		int code = zip_error_code_zip(ze);
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
			return xr_fail(r, CNAP_EFORMAT, part,
				       "暗号化されたファイルは読めません。暗号化を外して保存し直してください");
		if (code == ZIP_ER_COMPNOTSUPP)
			return xr_fail(r, CNAP_EFORMAT, part, "対応していない圧縮方式で保存されています");
		if (code == ZIP_ER_MEMORY)
			return xr_oom(r);
		return xr_fail(r, CNAP_EFORMAT, part, "ファイルが壊れています（%s）", zip_error_strerror(ze));
	}
	unsigned long failures = xml_failures;
	static const XML_Char sep[] = { NS_SEP, '\0' };
	XML_Parser p = XML_ParserCreate_MM(NULL, &xml_memory, sep);
	if (!p) {
		zip_fclose(f);
		return xr_oom(r);
	}
	/* No DTD of any kind: the first sign of one stops the parser. */
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity_decl);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
	XML_SetUserData(p, r);
	r->p = p;
	size_t entry_total = 0;
	for (;;) {
		void *buf = XML_GetBuffer(p, (int)CHUNK);
		if (!buf) {
			xml_error(r, p);
			break;
		}
		zip_int64_t got = zip_fread(f, buf, CHUNK);
		if (got < 0) {
			zip_file_fail(r, f);
			break;
		}
		if (!count_inflated(r, &entry_total, (size_t)got, st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0))
			break;
		if (XML_ParseBuffer(p, (int)got, got == 0) != XML_STATUS_OK) {
			xml_error(r, p);
			break;
		}
		if (r->rc != CNAP_OK || got == 0)
			break;
	}
	r->p = NULL;
	XML_ParserFree(p);
	if (xml_failures != failures && (r->rc == CNAP_OK || r->rc == CNAP_EFORMAT || r->rc == CNAP_EINVAL)) {
		r->rc = CNAP_OK; /* what expat said instead is not the reason */
		xr_oom(r);
	}
	zip_fclose(f);
	return r->rc;
}
