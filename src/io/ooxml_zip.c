/*
 * The package's zip and its parts streamed through expat (ooxml_pkg.h):
 * opening against the limits, naming what a file that is no zip seems to
 * be, inflating a part chunk by chunk straight into expat's buffer, and
 * the grammar walk over its elements.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/ooxml_pkg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CHUNK ((size_t)64 * 1024)

/* snprintf may cut a message inside a multi-byte character: drop the broken tail. */
static void trim_utf8_tail(char *s)
{
	size_t n = strlen(s);
	size_t bad;
	while (n > 0 && !cnap_utf8_valid(s, n, &bad))
		s[n = bad] = '\0';
}

enum cnap_err ooxml_fail(struct ooxml_pkg *pk, enum cnap_err code, const char *where, const char *fmt, ...)
{
	if (pk->rc != CNAP_OK)
		return pk->rc;
	va_list ap;
	va_start(ap, fmt);
	cnap_vfail(pk->err, code, where, fmt, ap);
	va_end(ap);
	if (pk->err) {
		trim_utf8_tail(pk->err->where);
		trim_utf8_tail(pk->err->message);
	}
	pk->rc = code;
	if (pk->p)
		XML_StopParser(pk->p, XML_FALSE);
	return code;
}

enum cnap_err ooxml_oom(struct ooxml_pkg *pk)
{
	return ooxml_fail(pk, CNAP_ENOMEM, pk->part, "メモリが足りません");
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

void ooxml_pkg_init(struct ooxml_pkg *pk, const struct ooxml_kind *kind, const struct ooxml_limits *lim,
		    struct cnap_arena *arena, size_t text_max_bytes, size_t text_max_chars, struct cnap_error *err)
{
	memset(pk, 0, sizeof(*pk));
	pk->kind = kind;
	pk->lim = *lim;
	pk->arena = arena;
	pk->err = err;
	pk->part = "";
	pk->text_max_chars = text_max_chars;
	cnap_buf_init(&pk->text, text_max_bytes);
}

void ooxml_pkg_close(struct ooxml_pkg *pk)
{
	if (pk->za)
		zip_discard(pk->za);
	pk->za = NULL;
	cnap_buf_release(&pk->text);
}

zip_int64_t ooxml_locate(struct ooxml_pkg *pk, const char *part)
{
	zip_int64_t i = zip_name_locate(pk->za, part, 0);
	if (i < 0)
		i = zip_name_locate(pk->za, part, ZIP_FL_NOCASE);
	return i;
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

/*
 * An OLE compound file (Office 97-2003, or an encrypted Office 2007+ file):
 * its directory names its streams in UTF-16.
 */
static enum cnap_err old_office_file(struct ooxml_pkg *pk, const unsigned char *data, size_t len)
{
	static const char encrypted[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
	static const char word[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
	static const char excel[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
	const struct ooxml_kind *k = pk->kind;
	size_t scan = len < ((size_t)1 << 20) ? len : (size_t)1 << 20;
	if (contains(data, scan, encrypted, sizeof(encrypted) - 1))
		return ooxml_fail(pk, CNAP_EFORMAT, "", "パスワードで保護された%sは読めません。パスワードを解除して保存し直してください",
				  k->noun);
	const char *other = NULL;
	if (contains(data, scan, word, sizeof(word) - 1) && !strstr(k->legacy, ".doc"))
		other = "Word 97-2003形式（.doc）";
	else if (contains(data, scan, excel, sizeof(excel) - 1) && !strstr(k->legacy, ".xls"))
		other = "Excel 97-2003形式（.xls）";
	if (other)
		return ooxml_fail(pk, CNAP_EFORMAT, "", "%sのファイルです。%sを選んでください", other, k->name);
	return ooxml_fail(pk, CNAP_EFORMAT, "", "%sのファイルです。%s形式で保存し直してください", k->legacy, k->ext);
}

/* What a file that is not a zip at all seems to be, for the message. */
static enum cnap_err not_a_zip(struct ooxml_pkg *pk, const unsigned char *data, size_t len)
{
	const char *name = pk->kind->name;
	if (has_bytes(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return old_office_file(pk, data, len);
	if (has_bytes(data, len, "\x89PNG", 4) || has_bytes(data, len, "\xFF\xD8\xFF", 3))
		return ooxml_fail(pk, CNAP_EFORMAT, "", "画像ファイルです。%sを選んでください", name);
	if (has_bytes(data, len, "%PDF", 4))
		return ooxml_fail(pk, CNAP_EFORMAT, "", "PDFファイルです。%sを選んでください", name);
	if (has_bytes(data, len, "{\\rtf", 5))
		return ooxml_fail(pk, CNAP_EFORMAT, "", "リッチテキスト形式（.rtf）のファイルです。%s形式で保存し直してください",
				  pk->kind->ext);
	if (has_bytes(data, len, "PK\x03\x04", 4))
		return ooxml_fail(pk, CNAP_EFORMAT, "", "ファイルが途中で切れているか壊れています（ZIPの目次がありません）");
	return ooxml_fail(pk, CNAP_EFORMAT, "", "%sではありません（ZIP形式ではありません）", name);
}

/* What the central directory declares; ooxml_parse_part counts again what really comes out. */
static enum cnap_err check_entries(struct ooxml_pkg *pk)
{
	char lim[32];
	zip_int64_t n = zip_get_num_entries(pk->za, 0);
	if (n < 0 || (zip_uint64_t)n > pk->lim.max_entries)
		return ooxml_fail(pk, CNAP_ETOOBIG, "", "ZIPの項目が多すぎます（%zu個まで）", pk->lim.max_entries);
	size_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(pk->za, (zip_uint64_t)i, 0, &st) != 0)
			return ooxml_fail(pk, CNAP_EFORMAT, "", "ファイルが壊れています（ZIPの項目 %lld が読めません）",
					  (long long)i);
		const char *name = st.valid & ZIP_STAT_NAME ? st.name : "";
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
			return ooxml_fail(pk, CNAP_EFORMAT, name,
					  "暗号化されたZIPは読めません。暗号化を外して保存し直してください");
		if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
			continue;
		if (st.size > pk->lim.max_entry_bytes)
			return ooxml_fail(pk, CNAP_ETOOBIG, name, "展開後の大きさが上限（%s）を超えます",
					  size_text(pk->lim.max_entry_bytes, lim, sizeof(lim)));
		if (st.size > OOXML_RATIO_FROM_BYTES && st.size / (st.comp_size ? st.comp_size : 1) > pk->lim.max_ratio)
			return ooxml_fail(pk, CNAP_ETOOBIG, name,
					  "圧縮率が異常です（%zu倍を超えます）。ZIP爆弾の疑いがあります", pk->lim.max_ratio);
		total += (size_t)st.size;
		if (total > pk->lim.max_total_bytes)
			return ooxml_fail(pk, CNAP_ETOOBIG, name, "%s全体の展開後の大きさが上限（%s）を超えます",
					  pk->kind->noun, size_text(pk->lim.max_total_bytes, lim, sizeof(lim)));
	}
	return CNAP_OK;
}

enum cnap_err ooxml_pkg_open(struct ooxml_pkg *pk, const void *data, size_t len)
{
	char lim[32];
	if (len > pk->lim.max_file_bytes)
		return ooxml_fail(pk, CNAP_ETOOBIG, "", "ファイルが大きすぎます（%sまで）",
				  size_text(pk->lim.max_file_bytes, lim, sizeof(lim)));
	if (len == 0)
		return ooxml_fail(pk, CNAP_EFORMAT, "", "ファイルが空です"); /* libzip would open it as an empty zip */
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return ooxml_oom(pk);
	}
	pk->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!pk->za) {
		zip_source_free(src);
		int code = zip_error_code_zip(&ze);
		if (code == ZIP_ER_NOZIP)
			not_a_zip(pk, data, len);
		else if (code == ZIP_ER_MEMORY)
			ooxml_oom(pk);
		else
			ooxml_fail(pk, CNAP_EFORMAT, "", "ファイルが壊れているか途中で切れています（ZIP: %s）",
				   zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return pk->rc;
	}
	zip_error_fini(&ze);
	return check_entries(pk);
}

/* ---- element names ---- */

static const struct {
	const char *uri;
	enum ooxml_ns ns;
} namespaces[] = {
	{ "http://schemas.openxmlformats.org/spreadsheetml/2006/main", OOXML_NS_SML },
	{ "http://purl.oclc.org/ooxml/spreadsheetml/main", OOXML_NS_SML },
	{ "http://schemas.openxmlformats.org/wordprocessingml/2006/main", OOXML_NS_WML },
	{ "http://purl.oclc.org/ooxml/wordprocessingml/main", OOXML_NS_WML },
	{ "http://schemas.openxmlformats.org/officeDocument/2006/relationships", OOXML_NS_REL },
	{ "http://purl.oclc.org/ooxml/officeDocument/relationships", OOXML_NS_REL },
	{ "http://schemas.openxmlformats.org/package/2006/relationships", OOXML_NS_PKG_REL },
	{ "http://schemas.openxmlformats.org/package/2006/content-types", OOXML_NS_CT },
};

/* The separator expat puts between a namespace URI and the local name. */
#define NS_SEP ' '
/* The transitional URIs every writer we know uses, as expat prefixes names with them. */
#define SML_PREFIX "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
#define WML_PREFIX "http://schemas.openxmlformats.org/wordprocessingml/2006/main "

/* Splits name into namespace and local name. */
static enum ooxml_ns xml_name(const char *name, const char **local)
{
	const char *sep = strrchr(name, NS_SEP);
	if (!sep) {
		*local = name;
		return OOXML_NS_NONE;
	}
	*local = sep + 1;
	size_t n = (size_t)(sep - name);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(namespaces); i++)
		if (strlen(namespaces[i].uri) == n && memcmp(namespaces[i].uri, name, n) == 0)
			return namespaces[i].ns;
	return OOXML_NS_OTHER;
}

/* Whether name is in the namespace ns (or in none), and its local name. */
static bool xml_in(enum ooxml_ns ns, const char *name, const char **local)
{
	/* the common case first: one compare, no search */
	if (ns == OOXML_NS_SML && strncmp(name, SML_PREFIX, sizeof(SML_PREFIX) - 1) == 0) {
		*local = name + sizeof(SML_PREFIX) - 1;
		return true;
	}
	if (ns == OOXML_NS_WML && strncmp(name, WML_PREFIX, sizeof(WML_PREFIX) - 1) == 0) {
		*local = name + sizeof(WML_PREFIX) - 1;
		return true;
	}
	enum ooxml_ns got = xml_name(name, local);
	return got == ns || got == OOXML_NS_NONE;
}

const char *ooxml_attr(const XML_Char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], local) == 0)
			return atts[i + 1];
	return NULL;
}

const char *ooxml_attr_main(const struct ooxml_pkg *pk, const XML_Char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *l;
		if (xml_in(pk->g->ns, atts[i], &l) && strcmp(l, local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

const char *ooxml_attr_rid(const XML_Char **atts)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *local;
		if (xml_name(atts[i], &local) == OOXML_NS_REL && strcmp(local, "id") == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* ---- the grammar walk ---- */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal_subset)
{
	struct ooxml_pkg *pk = ud;
	ooxml_fail(pk, CNAP_EINVAL, pk->part, "XMLに文書型宣言（DOCTYPE）があります。安全のため読み込みません");
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
				   int value_len, const XML_Char *base, const XML_Char *sysid,
				   const XML_Char *pubid, const XML_Char *notation)
{
	struct ooxml_pkg *pk = ud;
	ooxml_fail(pk, CNAP_EINVAL, pk->part, "XMLに実体宣言（ENTITY）があります。安全のため読み込みません");
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct ooxml_pkg *pk = ud;
	const struct ooxml_grammar *g = pk->g;
	const char *local;
	if (pk->rc != CNAP_OK)
		return; /* expat may report a little more after it is stopped */
	if (pk->skip) {
		pk->skip++;
		return;
	}
	if (!xml_in(g->ns, name, &local)) {
		pk->skip = 1;
		return;
	}
	for (size_t i = 0; i < g->n_steps; i++) {
		const struct ooxml_step *st = &g->steps[i];
		if ((st->from != pk->at && st->from != OOXML_ANY) || strcmp(st->local, local) != 0)
			continue;
		if (pk->depth >= OOXML_MAX_DEPTH) {
			ooxml_fail(pk, CNAP_EINVAL, pk->part, "XMLの入れ子が深すぎます（%d段まで、%lu行）", OOXML_MAX_DEPTH,
				   (unsigned long)XML_GetCurrentLineNumber(pk->p));
			return;
		}
		bool same = st->to == OOXML_SAME;
		pk->stack[pk->depth++] = (struct ooxml_frame){ (unsigned char)pk->at, pk->collect, same };
		if (same)
			return;
		pk->at = st->to;
		if (g->enter)
			g->enter(pk, atts);
		if (pk->skip) {
			/* refused */
			pk->depth--;
			pk->at = pk->stack[pk->depth].at;
		} else {
			pk->collect = st->text;
		}
		return;
	}
	if (g->leaf)
		g->leaf(pk, local, atts);
	pk->skip = 1;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct ooxml_pkg *pk = ud;
	if (pk->rc != CNAP_OK)
		return;
	if (pk->skip) {
		pk->skip--;
		return;
	}
	if (pk->depth == 0)
		return;
	const struct ooxml_frame *f = &pk->stack[pk->depth - 1];
	if (!f->same && pk->g->leave)
		pk->g->leave(pk);
	pk->depth--;
	pk->at = f->at;
	pk->collect = f->collect;
}

/* Appends to pk->text while pk->collect is on. */
static void XMLCALL on_chars(void *ud, const XML_Char *s, int len)
{
	struct ooxml_pkg *pk = ud;
	if (!pk->collect || pk->skip)
		return;
	if (cnap_buf_add(&pk->text, s, (size_t)len) != CNAP_OK) {
		if (pk->text.status == CNAP_ENOMEM)
			ooxml_oom(pk);
		else
			ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "文字列が長すぎます（%zu文字まで）", pk->text_max_chars);
	}
}

/* ---- expat, hardened ---- */

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

static enum cnap_err xml_error(struct ooxml_pkg *pk, XML_Parser p)
{
	if (pk->rc != CNAP_OK)
		return pk->rc;
	enum XML_Error e = XML_GetErrorCode(p);
	unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p);
	unsigned long col = (unsigned long)XML_GetCurrentColumnNumber(p) + 1;
	switch (e) {
	case XML_ERROR_NO_MEMORY:
		return ooxml_oom(pk);
	case XML_ERROR_PARTIAL_CHAR:
		return ooxml_fail(pk, CNAP_EINVAL, pk->part, "XMLの末尾にUTF-8として途中で切れた文字があります");
	case XML_ERROR_INVALID_TOKEN:
		if (at_bad_utf8(p))
			return ooxml_fail(pk, CNAP_EINVAL, pk->part,
					  "XMLにUTF-8として正しくないバイトがあります（%lu行%lu列）", line, col);
		break;
	case XML_ERROR_BAD_CHAR_REF:
		return ooxml_fail(pk, CNAP_EINVAL, pk->part, "XMLに文字として使えない文字参照があります（%lu行%lu列）",
				  line, col);
	case XML_ERROR_NO_ELEMENTS:
		return ooxml_fail(pk, CNAP_EFORMAT, pk->part, "XMLが空です");
	default:
		break;
	}
	return ooxml_fail(pk, CNAP_EFORMAT, pk->part, "XMLが壊れています（%lu行%lu列: %s）", line, col,
			  XML_ErrorString(e));
}

static enum cnap_err encrypted_or_unsupported(struct ooxml_pkg *pk, int code)
{
	if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
		return ooxml_fail(pk, CNAP_EFORMAT, pk->part,
				  "暗号化されたファイルは読めません。暗号化を外して保存し直してください");
	if (code == ZIP_ER_COMPNOTSUPP)
		return ooxml_fail(pk, CNAP_EFORMAT, pk->part, "対応していない圧縮方式で保存されています");
	if (code == ZIP_ER_MEMORY)
		return ooxml_oom(pk);
	return CNAP_OK;
}

static enum cnap_err zip_file_fail(struct ooxml_pkg *pk, zip_file_t *f)
{
	zip_error_t *ze = zip_file_get_error(f);
	int code = zip_error_code_zip(ze);
	if (code == ZIP_ER_CRC)
		return ooxml_fail(pk, CNAP_EFORMAT, pk->part, "ファイルが壊れています（CRCが合いません）");
	if (encrypted_or_unsupported(pk, code) != CNAP_OK)
		return pk->rc;
	return ooxml_fail(pk, CNAP_EFORMAT, pk->part, "ファイルが壊れているか途中で切れています（%s）",
			  zip_error_strerror(ze));
}

/* Counts n more inflated bytes of entry (compressed size comp) against the limits. */
static bool count_inflated(struct ooxml_pkg *pk, size_t *entry_total, size_t n, zip_uint64_t comp)
{
	char lim[32];
	*entry_total += n;
	pk->inflated += n;
	if (*entry_total > pk->lim.max_entry_bytes) {
		ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "展開後の大きさが上限（%s）を超えます",
			   size_text(pk->lim.max_entry_bytes, lim, sizeof(lim)));
		return false;
	}
	if (pk->inflated > pk->lim.max_total_bytes) {
		ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "%s全体の展開後の大きさが上限（%s）を超えます", pk->kind->noun,
			   size_text(pk->lim.max_total_bytes, lim, sizeof(lim)));
		return false;
	}
	if (*entry_total > OOXML_RATIO_FROM_BYTES && *entry_total / (comp ? comp : 1) > pk->lim.max_ratio) {
		ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "圧縮率が異常です（%zu倍を超えます）。ZIP爆弾の疑いがあります",
			   pk->lim.max_ratio);
		return false;
	}
	return true;
}

/* Inflates f chunk by chunk into p's buffer and parses as it comes. */
static void stream(struct ooxml_pkg *pk, XML_Parser p, zip_file_t *f, zip_uint64_t comp)
{
	size_t entry_total = 0;
	for (;;) {
		void *buf = XML_GetBuffer(p, (int)CHUNK);
		if (!buf) {
			xml_error(pk, p);
			return;
		}
		zip_int64_t got = zip_fread(f, buf, CHUNK);
		if (got < 0) {
			zip_file_fail(pk, f);
			return;
		}
		if (!count_inflated(pk, &entry_total, (size_t)got, comp))
			return;
		if (XML_ParseBuffer(p, (int)got, got == 0) != XML_STATUS_OK) {
			xml_error(pk, p);
			return;
		}
		if (pk->rc != CNAP_OK || got == 0)
			return;
	}
}

enum cnap_err ooxml_parse_part(struct ooxml_pkg *pk, const char *part, const struct ooxml_grammar *g)
{
	pk->part = part;
	pk->g = g;
	pk->at = 0;
	pk->skip = 0;
	pk->depth = 0;
	pk->collect = false;
	cnap_buf_reset(&pk->text);
	if (pk->rc != CNAP_OK)
		return pk->rc;
	zip_int64_t idx = ooxml_locate(pk, part);
	if (idx < 0)
		return ooxml_fail(pk, CNAP_EFORMAT, part, "部品 %s がありません", part);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(pk->za, (zip_uint64_t)idx, 0, &st) != 0)
		return ooxml_fail(pk, CNAP_EFORMAT, part, "ファイルが壊れています（ZIPの項目が読めません）");
	zip_file_t *f = zip_fopen_index(pk->za, (zip_uint64_t)idx, 0);
	if (!f) {
		zip_error_t *ze = zip_get_error(pk->za);
		if (encrypted_or_unsupported(pk, zip_error_code_zip(ze)) != CNAP_OK)
			return pk->rc;
		return ooxml_fail(pk, CNAP_EFORMAT, part, "ファイルが壊れています（%s）", zip_error_strerror(ze));
	}
	unsigned long failures = xml_failures;
	static const XML_Char sep[] = { NS_SEP, '\0' };
	XML_Parser p = XML_ParserCreate_MM(NULL, &xml_memory, sep);
	if (!p) {
		zip_fclose(f);
		return ooxml_oom(pk);
	}
	/* No DTD of any kind: the first sign of one stops the parser. */
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity_decl);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
	XML_SetUserData(p, pk);
	pk->p = p;
	stream(pk, p, f, st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0);
	pk->p = NULL;
	XML_ParserFree(p);
	if (xml_failures != failures && (pk->rc == CNAP_OK || pk->rc == CNAP_EFORMAT || pk->rc == CNAP_EINVAL)) {
		pk->rc = CNAP_OK; /* what expat said instead is not the reason */
		ooxml_oom(pk);
	}
	zip_fclose(f);
	return pk->rc;
}
