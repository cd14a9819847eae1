#include "base/compat.h"
#include "io/doc_json.h"
#include "io/json_mem.h"

#include <stdio.h>
#include <string.h>

/*
 * Deepest nesting of brackets a valid item text needs: the root, its blocks,
 * then per list level a block, its items, an item and its children, and at
 * the bottom a content array and a link. Checked on the raw text before
 * jansson builds anything, so a hostile file cannot make it recurse 2048 levels.
 */
#define DOC_JSON_MAX_NESTING (4 + 4 * CNAP_DOC_MAX_DEPTH + 4)

#define PATH_MAX_LEN 512

struct jreader {
	struct cnap_arena *a;
	struct cnap_error *err;
	enum cnap_err rc;
	size_t blocks, spans, chars;
};

static void jfail(struct jreader *r, enum cnap_err code, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void jfail(struct jreader *r, enum cnap_err code, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->rc = cnap_vfail(r->err, code, path, fmt, ap);
	va_end(ap);
}

static void joom(struct jreader *r)
{
	jfail(r, CNAP_ENOMEM, "", "out of memory");
}

static const char *type_label(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "オブジェクト";
	case JSON_ARRAY: return "配列";
	case JSON_STRING: return "文字列";
	case JSON_INTEGER:
	case JSON_REAL: return "数値";
	case JSON_TRUE:
	case JSON_FALSE: return "真偽値";
	case JSON_NULL: return "null";
	}
	return "値";
}

static bool want_type(struct jreader *r, const json_t *v, json_type type, const char *path, const char *what)
{
	if (v && json_typeof(v) == type)
		return true;
	if (v && type == JSON_TRUE && json_is_boolean(v))
		return true;
	if (!v)
		jfail(r, CNAP_EINVAL, path, "%sがありません", what);
	else
		jfail(r, CNAP_EINVAL, path, "%sは%sでなければなりません（%sです）", what,
		      type == JSON_OBJECT ? "オブジェクト" : type == JSON_ARRAY ? "配列" : type == JSON_STRING ? "文字列"
			: type == JSON_INTEGER ? "整数" : "真偽値 true か false",
		      type_label(v));
	return false;
}

/* v is an object holding only the keys in allowed (NULL-terminated). */
static bool want_object(struct jreader *r, const json_t *v, const char *path, const char *what,
			const char *const *allowed)
{
	if (!want_type(r, v, JSON_OBJECT, path, what))
		return false;
	const char *key;
	json_t *m;
	json_object_foreach((json_t *)v, key, m) {
		bool known = false;
		for (size_t i = 0; allowed[i]; i++)
			known = known || strcmp(key, allowed[i]) == 0;
		if (!known) {
			char p[PATH_MAX_LEN + 40], ex[64];
			cnap_doc_excerpt(key, 32, ex, sizeof(ex));
			snprintf(p, sizeof(p), "%s.%s", path, ex);
			jfail(r, CNAP_EINVAL, p, "知らない項目「%s」があります", ex);
			return false;
		}
	}
	return true;
}

static const json_t *member(const json_t *obj, const char *key, char *p, size_t cap, const char *path)
{
	snprintf(p, cap, "%s.%s", path, key);
	return json_object_get(obj, key);
}

/* A JSON string copied into the arena, checked as span text. */
static const char *read_text(struct jreader *r, const json_t *v, const char *path, const char *what, bool newline_ok)
{
	if (!want_type(r, v, JSON_STRING, path, what))
		return NULL;
	size_t n = json_string_length(v), chars;
	const char *s = json_string_value(v);
	char why[160];
	if (strlen(s) != n) {
		jfail(r, CNAP_EINVAL, path, "%sにNUL文字があります", what);
		return NULL;
	}
	if (!cnap_doc_text_ok(s, n, newline_ok, &chars, why, sizeof(why))) {
		jfail(r, CNAP_EINVAL, path, "%sに%s", what, why);
		return NULL;
	}
	r->chars += chars;
	if (r->chars > CNAP_DOC_MAX_CHARS) {
		jfail(r, CNAP_ETOOBIG, path, "本文が長すぎます（%d文字まで）", CNAP_DOC_MAX_CHARS);
		return NULL;
	}
	char *copy = cnap_arena_strndup(r->a, s, n);
	if (!copy)
		joom(r);
	return copy;
}

static void read_inline(struct jreader *r, const json_t *v, const char *path, bool newline_ok, struct cnap_inline *out)
{
	static const char *const link_keys[] = { "text", "href", NULL };
	if (!want_type(r, v, JSON_ARRAY, path, "本文（content）"))
		return;
	size_t n = json_array_size(v);
	if (n > CNAP_DOC_MAX_SPANS - r->spans) {
		jfail(r, CNAP_ETOOBIG, path, "本文の区切り（リンクなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_SPANS);
		return;
	}
	r->spans += n;
	out->spans = cnap_arena_calloc(r->a, n + 1, sizeof(*out->spans));
	if (!out->spans) {
		joom(r);
		return;
	}
	out->n_spans = n;
	char p[PATH_MAX_LEN], q[PATH_MAX_LEN + 16];
	for (size_t i = 0; i < n && !r->rc; i++) {
		const json_t *s = json_array_get(v, i);
		struct cnap_span *sp = &out->spans[i];
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if (json_is_string(s)) {
			sp->text = read_text(r, s, p, "文字列", newline_ok);
			continue;
		}
		if (!json_is_object(s)) {
			jfail(r, CNAP_EINVAL, p, "本文の要素は文字列かリンク（{\"text\":…,\"href\":…}）です（%sです）",
			      type_label(s));
			return;
		}
		if (!want_object(r, s, p, "リンク", link_keys))
			return;
		sp->text = read_text(r, member(s, "text", q, sizeof(q), p), q, "リンクの文字（text）", false);
		if (r->rc)
			return;
		if (!sp->text[0]) {
			jfail(r, CNAP_EINVAL, q, "リンクに表示する文字がありません");
			return;
		}
		const json_t *h = member(s, "href", q, sizeof(q), p);
		if (!want_type(r, h, JSON_STRING, q, "リンク先（href）"))
			return;
		const char *href = json_string_value(h);
		if (strlen(href) != json_string_length(h) || !cnap_doc_href_ok(href)) {
			if (json_string_length(h) > CNAP_DOC_MAX_HREF)
				jfail(r, CNAP_ETOOBIG, q, "リンク先が長すぎます（%dバイトまで）", CNAP_DOC_MAX_HREF);
			else {
				char ex[64];
				cnap_doc_excerpt(href, 40, ex, sizeof(ex));
				jfail(r, CNAP_EINVAL, q, "リンク先「%s」は使えません。http、https、mailto のみ指定できます", ex);
			}
			return;
		}
		sp->href = cnap_arena_strndup(r->a, href, json_string_length(h));
		if (!sp->href)
			joom(r);
	}
}

static void read_blocks(struct jreader *r, const json_t *v, const char *path, int depth, struct cnap_block **out,
			size_t *n_out);

static void read_list(struct jreader *r, const json_t *v, const char *path, int depth, struct cnap_block *b)
{
	static const char *const item_keys[] = { "content", "children", NULL };
	char p[PATH_MAX_LEN], q[PATH_MAX_LEN + 16];
	/* depth counts the lists around this one: refuse before reading (and recursing into) its items. */
	if (depth + 1 > CNAP_DOC_MAX_DEPTH) {
		jfail(r, CNAP_EINVAL, path, "リストの入れ子が深すぎます（%d段まで）", CNAP_DOC_MAX_DEPTH);
		return;
	}
	const json_t *o = member(v, "ordered", q, sizeof(q), path);
	if (o) {
		if (!want_type(r, o, JSON_TRUE, q, "番号付きか（ordered）"))
			return;
		b->ordered = json_is_true(o);
	}
	const json_t *items = member(v, "items", p, sizeof(p), path);
	if (!want_type(r, items, JSON_ARRAY, p, "リストの項目（items）"))
		return;
	size_t n = json_array_size(items);
	if (!n) {
		jfail(r, CNAP_EINVAL, p, "リストに項目がありません");
		return;
	}
	if (n > CNAP_DOC_MAX_BLOCKS) {
		jfail(r, CNAP_ETOOBIG, p, "リストの項目が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
		return;
	}
	b->items = cnap_arena_calloc(r->a, n, sizeof(*b->items));
	if (!b->items) {
		joom(r);
		return;
	}
	b->n_items = n;
	char ip[PATH_MAX_LEN];
	for (size_t i = 0; i < n && !r->rc; i++) {
		const json_t *it = json_array_get(items, i);
		snprintf(ip, sizeof(ip), "%s.items[%zu]", path, i);
		if (!want_object(r, it, ip, "リストの項目", item_keys))
			return;
		read_inline(r, member(it, "content", q, sizeof(q), ip), q, false, &b->items[i].content);
		const json_t *ch = member(it, "children", q, sizeof(q), ip);
		if (!r->rc && ch)
			read_blocks(r, ch, q, depth + 1, &b->items[i].children, &b->items[i].n_children);
	}
}

static void read_table(struct jreader *r, const json_t *v, const char *path, struct cnap_block *b)
{
	char p[PATH_MAX_LEN], q[PATH_MAX_LEN + 32];
	const json_t *rows = member(v, "rows", p, sizeof(p), path);
	if (!want_type(r, rows, JSON_ARRAY, p, "表の行（rows）"))
		return;
	size_t nr = json_array_size(rows);
	if (!nr) {
		jfail(r, CNAP_EINVAL, p, "表に行がありません");
		return;
	}
	if (nr > CNAP_DOC_MAX_TABLE_ROWS) {
		jfail(r, CNAP_ETOOBIG, p, "表の行が多すぎます（%d行まで）", CNAP_DOC_MAX_TABLE_ROWS);
		return;
	}
	size_t nc = 0;
	for (size_t i = 0; i < nr; i++) {
		const json_t *row = json_array_get(rows, i);
		snprintf(q, sizeof(q), "%s[%zu]", p, i);
		if (!want_type(r, row, JSON_ARRAY, q, "表の行"))
			return;
		size_t w = json_array_size(row);
		if (i == 0)
			nc = w;
		if (!w) {
			jfail(r, CNAP_EINVAL, q, "表の行にセルがありません");
			return;
		}
		if (w > CNAP_DOC_MAX_TABLE_COLS) {
			jfail(r, CNAP_ETOOBIG, q, "表の列が多すぎます（%d列まで）", CNAP_DOC_MAX_TABLE_COLS);
			return;
		}
		if (w != nc) {
			jfail(r, CNAP_EINVAL, q, "表の行のセルの数がそろっていません（1行目は%zu個、%zu行目は%zu個）", nc, i + 1,
			      w);
			return;
		}
	}
	b->rows = nr;
	b->cols = nc;
	b->header_rows = 1;
	const json_t *h = member(v, "header_rows", q, sizeof(q), path);
	if (h) {
		if (!want_type(r, h, JSON_INTEGER, q, "見出し行の数（header_rows）"))
			return;
		json_int_t hr = json_integer_value(h);
		if (hr < 0 || (size_t)hr > nr) {
			jfail(r, CNAP_EINVAL, q, "見出し行の数は0から表の行数（%zu）までです（%lld）", nr, (long long)hr);
			return;
		}
		b->header_rows = (size_t)hr;
	}
	b->cells = cnap_arena_calloc(r->a, nr * nc, sizeof(*b->cells));
	if (!b->cells) {
		joom(r);
		return;
	}
	for (size_t i = 0; i < nr && !r->rc; i++)
		for (size_t k = 0; k < nc && !r->rc; k++) {
			snprintf(q, sizeof(q), "%s[%zu][%zu]", p, i, k);
			read_inline(r, json_array_get(json_array_get(rows, i), k), q, false, &b->cells[i * nc + k]);
		}
}

static void read_block(struct jreader *r, const json_t *v, const char *path, int depth, struct cnap_block *b)
{
	static const char *const keys[CNAP_BLK_COUNT][5] = {
		[CNAP_BLK_PARAGRAPH] = { "type", "content", NULL },
		[CNAP_BLK_HEADING] = { "type", "content", NULL },
		[CNAP_BLK_LIST] = { "type", "ordered", "items", NULL },
		[CNAP_BLK_TABLE] = { "type", "header_rows", "rows", NULL },
		[CNAP_BLK_NOTE] = { "type", "mark", "content", NULL },
		[CNAP_BLK_DATA] = { "type", "table", NULL },
	};
	static const char *const any[] = { "type", "content", "ordered", "items", "header_rows", "rows", "mark",
					   "table", NULL };
	char p[PATH_MAX_LEN + 16];
	if (!want_object(r, v, path, "ブロック", any))
		return;
	const json_t *t = member(v, "type", p, sizeof(p), path);
	if (!want_type(r, t, JSON_STRING, p, "ブロックの種類（type）"))
		return;
	if (!cnap_block_kind_parse(json_string_value(t), &b->kind)) {
		char ex[64];
		cnap_doc_excerpt(json_string_value(t), 32, ex, sizeof(ex));
		jfail(r, CNAP_EINVAL, p,
		      "ブロックの種類「%s」は使えません（paragraph、heading、list、table、note、data のいずれかです）", ex);
		return;
	}
	if (!want_object(r, v, path, "ブロック", keys[b->kind]))
		return;
	switch (b->kind) {
	case CNAP_BLK_PARAGRAPH:
	case CNAP_BLK_HEADING:
		read_inline(r, member(v, "content", p, sizeof(p), path), p, b->kind == CNAP_BLK_PARAGRAPH, &b->content);
		break;
	case CNAP_BLK_NOTE:
		b->mark = read_text(r, member(v, "mark", p, sizeof(p), path), p, "注の記号（mark）", false);
		if (!r->rc && !cnap_doc_mark_ok(b->mark)) {
			char ex[64];
			cnap_doc_excerpt(b->mark, 32, ex, sizeof(ex));
			jfail(r, CNAP_EINVAL, p, "注の記号「%s」は使えません。「※」「※1」「注1」の形にしてください", ex);
		}
		if (!r->rc)
			read_inline(r, member(v, "content", p, sizeof(p), path), p, false, &b->content);
		break;
	case CNAP_BLK_DATA:
		b->table = read_text(r, member(v, "table", p, sizeof(p), path), p, "データ表の記号（table）", false);
		if (!r->rc && !cnap_doc_table_code_ok(b->table))
			jfail(r, CNAP_EINVAL, p, "データ表の記号は半角英数字と . _ - の32文字以内です");
		break;
	case CNAP_BLK_LIST:
		read_list(r, v, path, depth, b);
		break;
	case CNAP_BLK_TABLE:
		read_table(r, v, path, b);
		break;
	case CNAP_BLK_COUNT:
		break;
	}
}

/* depth: the lists around these blocks (0 at the top). */
static void read_blocks(struct jreader *r, const json_t *v, const char *path, int depth, struct cnap_block **out,
			size_t *n_out)
{
	if (!want_type(r, v, JSON_ARRAY, path, depth ? "入れ子（children）" : "ブロックの並び（blocks）"))
		return;
	size_t n = json_array_size(v);
	if (n > CNAP_DOC_MAX_BLOCKS - r->blocks) {
		jfail(r, CNAP_ETOOBIG, path, "ブロック（段落・リストなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
		return;
	}
	r->blocks += n;
	*out = cnap_arena_calloc(r->a, n + 1, sizeof(**out));
	if (!*out) {
		joom(r);
		return;
	}
	*n_out = n;
	char p[PATH_MAX_LEN];
	for (size_t i = 0; i < n && !r->rc; i++) {
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		read_block(r, json_array_get(v, i), p, depth, &(*out)[i]);
	}
}

enum cnap_err cnap_doc_json_from_value(const json_t *v, const char *path, struct cnap_arena *a,
				       struct cnap_doc *out, struct cnap_error *err)
{
	static const char *const root_keys[] = { "blocks", NULL };
	struct jreader r = { a, err, CNAP_OK, 0, 0, 0 };
	char p[PATH_MAX_LEN];
	memset(out, 0, sizeof(*out));
	if (!path)
		path = "$";
	if (!want_object(&r, v, path, "項目の本文", root_keys))
		return r.rc;
	snprintf(p, sizeof(p), "%s.blocks", path);
	read_blocks(&r, json_object_get(v, "blocks"), p, 0, &out->blocks, &out->n_blocks);
	if (!r.rc)
		r.rc = cnap_doc_check(out, path, err);
	if (r.rc)
		memset(out, 0, sizeof(*out));
	return r.rc;
}

/* Whether brackets nest deeper than max anywhere outside strings. */
static bool nests_deeper(const char *s, size_t n, int max)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return true;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return false;
}

enum cnap_err cnap_doc_json_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				  struct cnap_doc *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!path)
		path = "$";
	if (!json)
		json = "", len = 0;
	if (len > CNAP_DOC_MAX_JSON)
		return cnap_fail(err, CNAP_ETOOBIG, path, "項目の本文のJSONが大きすぎます（%zuバイト、%zuバイトまで）", len,
				 CNAP_DOC_MAX_JSON);
	if (nests_deeper(json, len, DOC_JSON_MAX_NESTING))
		return cnap_fail(err, CNAP_EINVAL, path, "項目の本文のJSONの入れ子が深すぎます（%d段まで）",
				 DOC_JSON_MAX_NESTING);
	json_error_t je;
	bool oom;
	json_t *root = cnap_json_load(json, len, JSON_REJECT_DUPLICATES, &je, &oom);
	if (!root && oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!root)
		return cnap_fail(err, CNAP_EFORMAT, path, "項目の本文がJSONとして読めません（%d行%d文字目: %s）", je.line,
				 je.column, je.text);
	enum cnap_err rc = cnap_doc_json_from_value(root, path, a, out, err);
	json_decref(root);
	return rc;
}

/* ---- writing ---- */

/* Adjacent plain spans as one string, empty ones left out. */
static void write_inline(const struct cnap_inline *in, struct cnap_buf *b)
{
	bool first = true, in_plain = false;
	cnap_buf_addc(b, '[');
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		if (!sp->href) {
			if (!sp->text || !sp->text[0])
				continue;
			if (!in_plain) {
				cnap_buf_adds(b, first ? "\"" : ",\"");
				in_plain = true;
				first = false;
			}
			cnap_buf_add_json_chars(b, sp->text);
			continue;
		}
		if (in_plain)
			cnap_buf_addc(b, '"');
		in_plain = false;
		cnap_buf_adds(b, first ? "{\"text\":" : ",{\"text\":");
		first = false;
		cnap_buf_add_json_str(b, sp->text ? sp->text : "");
		cnap_buf_adds(b, ",\"href\":");
		cnap_buf_add_json_str(b, sp->href);
		cnap_buf_addc(b, '}');
	}
	if (in_plain)
		cnap_buf_addc(b, '"');
	cnap_buf_addc(b, ']');
}

static void write_blocks(const struct cnap_block *blocks, size_t n, struct cnap_buf *b);

static void write_block(const struct cnap_block *blk, struct cnap_buf *b)
{
	cnap_buf_adds(b, "{\"type\":");
	cnap_buf_add_json_str(b, cnap_block_kind_name(blk->kind) ? cnap_block_kind_name(blk->kind) : "paragraph");
	switch (blk->kind) {
	case CNAP_BLK_LIST:
		cnap_buf_adds(b, blk->ordered ? ",\"ordered\":true,\"items\":[" : ",\"ordered\":false,\"items\":[");
		for (size_t i = 0; i < blk->n_items; i++) {
			const struct cnap_list_item *it = &blk->items[i];
			cnap_buf_adds(b, i ? ",{\"content\":" : "{\"content\":");
			write_inline(&it->content, b);
			if (it->n_children) {
				cnap_buf_adds(b, ",\"children\":");
				write_blocks(it->children, it->n_children, b);
			}
			cnap_buf_addc(b, '}');
		}
		cnap_buf_addc(b, ']');
		break;
	case CNAP_BLK_TABLE:
		cnap_buf_addf(b, ",\"header_rows\":%zu,\"rows\":[", blk->header_rows);
		for (size_t r = 0; r < blk->rows; r++) {
			cnap_buf_adds(b, r ? ",[" : "[");
			for (size_t k = 0; k < blk->cols; k++) {
				if (k)
					cnap_buf_addc(b, ',');
				write_inline(&blk->cells[r * blk->cols + k], b);
			}
			cnap_buf_addc(b, ']');
		}
		cnap_buf_addc(b, ']');
		break;
	case CNAP_BLK_NOTE:
		cnap_buf_adds(b, ",\"mark\":");
		cnap_buf_add_json_str(b, blk->mark ? blk->mark : "");
		cnap_buf_adds(b, ",\"content\":");
		write_inline(&blk->content, b);
		break;
	case CNAP_BLK_DATA:
		cnap_buf_adds(b, ",\"table\":");
		cnap_buf_add_json_str(b, blk->table ? blk->table : "");
		break;
	default:
		cnap_buf_adds(b, ",\"content\":");
		write_inline(&blk->content, b);
		break;
	}
	cnap_buf_addc(b, '}');
}

static void write_blocks(const struct cnap_block *blocks, size_t n, struct cnap_buf *b)
{
	cnap_buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			cnap_buf_addc(b, ',');
		write_block(&blocks[i], b);
	}
	cnap_buf_addc(b, ']');
}

enum cnap_err cnap_doc_json_write(const struct cnap_doc *doc, struct cnap_buf *out)
{
	cnap_buf_adds(out, "{\"blocks\":");
	write_blocks(doc->blocks, doc->n_blocks, out);
	return cnap_buf_addc(out, '}');
}
