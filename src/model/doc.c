#include "base/compat.h"
#include "base/utf8.h"
#include "model/doc.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[CNAP_BLK_COUNT] = { "paragraph", "heading", "list", "table", "note", "data" };
/* What a person calls each kind in a message. */
static const char *const kind_labels[CNAP_BLK_COUNT] = { "段落", "見出し", "リスト", "表", "注", "データ表" };

const char *cnap_block_kind_name(enum cnap_block_kind k)
{
	return (unsigned)k < CNAP_BLK_COUNT ? kind_names[k] : NULL;
}

bool cnap_block_kind_parse(const char *s, enum cnap_block_kind *out)
{
	for (int k = 0; s && k < CNAP_BLK_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum cnap_block_kind)k;
			return true;
		}
	return false;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool cnap_doc_text_ok(const char *s, size_t n, bool newline_ok, size_t *chars, char *why, size_t why_cap)
{
	size_t i = 0, count = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = cnap_utf8_decode(s + i, n - i, &cp);
		if (!l) {
			if (why)
				snprintf(why, why_cap, "正しいUTF-8でない文字があります（%zuバイト目）", i + 1);
			return false;
		}
		if (cp == '\n' && !newline_ok) {
			if (why)
				snprintf(why, why_cap, "改行があります（改行できるのは段落の本文だけです）");
			return false;
		}
		if (is_control(cp) && cp != '\n') {
			if (why)
				snprintf(why, why_cap, "制御文字（U+%04X）が含まれています", (unsigned)cp);
			return false;
		}
		count++;
		i += l;
	}
	if (chars)
		*chars = count;
	return true;
}

static bool prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

/* Code points no address may hold: spaces, line and paragraph separators, direction marks and overrides, BOM. */
static bool href_forbidden(uint32_t cp)
{
	return is_control(cp) || cp == ' ' || cp == 0x3000 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF || cp == '\\' || cp == '"' || cp == '<' || cp == '>' || cp == '`';
}

bool cnap_doc_href_ok(const char *href)
{
	if (!href)
		return false;
	size_t n = strlen(href), rest;
	if (n == 0 || n > CNAP_DOC_MAX_HREF)
		return false;
	if (prefix_ci(href, "http://"))
		rest = 7;
	else if (prefix_ci(href, "https://"))
		rest = 8;
	else if (prefix_ci(href, "mailto:"))
		rest = 7;
	else
		return false;
	if (rest >= n || href[rest] == '/')
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = cnap_utf8_decode(href + i, n - i, &cp);
		if (!l || href_forbidden(cp))
			return false;
		i += l;
	}
	return true;
}

/* A digit, half- or full-width, at s: its length in bytes, else 0. */
static size_t digit_len(const char *s)
{
	if (*s >= '0' && *s <= '9')
		return 1;
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
		return 3;
	return 0;
}

bool cnap_doc_mark_ok(const char *mark)
{
	if (!mark || strlen(mark) > CNAP_DOC_MAX_MARK)
		return false;
	const char *p;
	bool need_digit;
	if (strncmp(mark, "※", strlen("※")) == 0) {
		p = mark + strlen("※");
		need_digit = false;
	} else if (strncmp(mark, "注", strlen("注")) == 0) {
		p = mark + strlen("注");
		need_digit = true;
	} else {
		return false;
	}
	size_t l;
	while ((l = digit_len(p))) {
		p += l;
		need_digit = false;
	}
	return !*p && !need_digit;
}

bool cnap_doc_table_code_ok(const char *code)
{
	if (!code || !*code || strlen(code) > CNAP_DOC_MAX_CODE)
		return false;
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* ---- cnap_doc_check ---- */

struct checker {
	const char *item;
	struct cnap_error *err;
	size_t blocks, spans, chars;
};

#define LOC_MAX 240

/* "II.5の3番目のブロック（段落）" as the start of a message. */
static enum cnap_err bad(struct checker *c, enum cnap_err code, const char *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum cnap_err bad(struct checker *c, enum cnap_err code, const char *loc, const char *fmt, ...)
{
	char what[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return cnap_fail(c->err, code, c->item, "%s%s%s%s", c->item, c->item[0] ? "の" : "", loc, what);
}

void cnap_doc_excerpt(const char *s, size_t max_bytes, char *out, size_t cap)
{
	size_t n = s ? strlen(s) : 0, o = 0, i = 0;
	if (!cap)
		return;
	while (i < n && i < max_bytes) {
		uint32_t cp;
		size_t l = cnap_utf8_decode(s + i, n - i, &cp);
		const char *piece = s + i;
		size_t pl = l;
		if (!l || is_control(cp)) {
			piece = "?";
			pl = 1;
		}
		if (o + pl + strlen("…") + 1 > cap)
			break;
		memcpy(out + o, piece, pl);
		o += pl;
		i += l ? l : 1;
	}
	if (i < n && o + strlen("…") + 1 <= cap) {
		memcpy(out + o, "…", strlen("…"));
		o += strlen("…");
	}
	out[o] = '\0';
}

static enum cnap_err check_text(struct checker *c, const char *loc, const char *s, bool newline_ok)
{
	char why[160];
	size_t chars;
	if (!s)
		return bad(c, CNAP_EINVAL, loc, "の文字がありません");
	if (!cnap_doc_text_ok(s, strlen(s), newline_ok, &chars, why, sizeof(why)))
		return bad(c, CNAP_EINVAL, loc, "に%s", why);
	c->chars += chars;
	if (c->chars > CNAP_DOC_MAX_CHARS)
		return bad(c, CNAP_ETOOBIG, "", "本文が長すぎます（%d文字まで）", CNAP_DOC_MAX_CHARS);
	return CNAP_OK;
}

static enum cnap_err check_inline(struct checker *c, const char *loc, const struct cnap_inline *in, bool newline_ok)
{
	enum cnap_err rc;
	if (in->n_spans && !in->spans)
		return bad(c, CNAP_EINVAL, loc, "の文字がありません");
	if (in->n_spans > CNAP_DOC_MAX_SPANS || (c->spans += in->n_spans) > CNAP_DOC_MAX_SPANS)
		return bad(c, CNAP_ETOOBIG, "", "本文の区切り（リンクなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_SPANS);
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		if (!sp->href) {
			if ((rc = check_text(c, loc, sp->text, newline_ok)))
				return rc;
			continue;
		}
		char where[LOC_MAX + 40];
		snprintf(where, sizeof(where), "%sのリンク", loc);
		if ((rc = check_text(c, where, sp->text, false)))
			return rc;
		if (!sp->text[0])
			return bad(c, CNAP_EINVAL, where, "に表示する文字がありません");
		if (!cnap_doc_href_ok(sp->href)) {
			char ex[64];
			cnap_doc_excerpt(sp->href, 40, ex, sizeof(ex));
			if (strlen(sp->href) > CNAP_DOC_MAX_HREF)
				return bad(c, CNAP_ETOOBIG, where, "先が長すぎます（%dバイトまで）", CNAP_DOC_MAX_HREF);
			return bad(c, CNAP_EINVAL, where, "先「%s」は使えません。http、https、mailto のみ指定できます", ex);
		}
	}
	return CNAP_OK;
}

static enum cnap_err check_blocks(struct checker *c, const char *loc, const struct cnap_block *blocks, size_t n,
				  int depth);

static enum cnap_err check_list(struct checker *c, const char *loc, const struct cnap_block *b, int depth)
{
	enum cnap_err rc;
	if (depth > CNAP_DOC_MAX_DEPTH)
		return bad(c, CNAP_EINVAL, loc, "の入れ子が深すぎます（リストの入れ子は%d段まで）", CNAP_DOC_MAX_DEPTH);
	if (!b->n_items || !b->items)
		return bad(c, CNAP_EINVAL, loc, "に項目がありません");
	if (b->n_items > CNAP_DOC_MAX_BLOCKS)
		return bad(c, CNAP_ETOOBIG, loc, "の項目が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
	for (size_t i = 0; i < b->n_items; i++) {
		const struct cnap_list_item *it = &b->items[i];
		char sub[LOC_MAX];
		snprintf(sub, sizeof(sub), "%sの%zu番目の項目", loc, i + 1);
		if ((rc = check_inline(c, sub, &it->content, false)))
			return rc;
		if (!it->n_children)
			continue;
		if (!it->children)
			return bad(c, CNAP_EINVAL, sub, "の入れ子がありません");
		for (size_t k = 0; k < it->n_children; k++) {
			const struct cnap_block *ch = &it->children[k];
			if (ch->kind != CNAP_BLK_LIST)
				return bad(c, CNAP_EINVAL, sub, "の下に置けるのはリストだけです");
			if (k && it->children[k - 1].ordered == ch->ordered)
				return bad(c, CNAP_EINVAL, sub,
					   "の下に同じ種類のリストが続いています（一つのリストにまとめてください）");
		}
		char under[LOC_MAX];
		snprintf(under, sizeof(under), "%sの下", sub);
		if ((rc = check_blocks(c, under, it->children, it->n_children, depth)))
			return rc;
	}
	return CNAP_OK;
}

static enum cnap_err check_table(struct checker *c, const char *loc, const struct cnap_block *b)
{
	enum cnap_err rc;
	if (!b->rows || !b->cols)
		return bad(c, CNAP_EINVAL, loc, "に行または列がありません");
	if (b->rows > CNAP_DOC_MAX_TABLE_ROWS)
		return bad(c, CNAP_ETOOBIG, loc, "の行が多すぎます（%d行まで）", CNAP_DOC_MAX_TABLE_ROWS);
	if (b->cols > CNAP_DOC_MAX_TABLE_COLS)
		return bad(c, CNAP_ETOOBIG, loc, "の列が多すぎます（%d列まで）", CNAP_DOC_MAX_TABLE_COLS);
	if (b->header_rows > b->rows)
		return bad(c, CNAP_EINVAL, loc, "の見出し行（%zu行）が表の行数（%zu行）を超えています", b->header_rows,
			   b->rows);
	if (!b->cells)
		return bad(c, CNAP_EINVAL, loc, "にセルがありません");
	for (size_t r = 0; r < b->rows; r++)
		for (size_t k = 0; k < b->cols; k++) {
			char cell[LOC_MAX];
			snprintf(cell, sizeof(cell), "%sの%zu行%zu列", loc, r + 1, k + 1);
			if ((rc = check_inline(c, cell, &b->cells[r * b->cols + k], false)))
				return rc;
		}
	return CNAP_OK;
}

static bool has_text(const struct cnap_inline *in)
{
	for (size_t i = 0; i < in->n_spans; i++)
		if (in->spans[i].text && in->spans[i].text[0])
			return true;
	return false;
}

static enum cnap_err check_block(struct checker *c, const char *loc, const struct cnap_block *b, int depth)
{
	enum cnap_err rc;
	if (++c->blocks > CNAP_DOC_MAX_BLOCKS)
		return bad(c, CNAP_ETOOBIG, "", "ブロック（段落・リストなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
	switch (b->kind) {
	case CNAP_BLK_PARAGRAPH:
		return check_inline(c, loc, &b->content, true);
	case CNAP_BLK_HEADING:
		if ((rc = check_inline(c, loc, &b->content, false)))
			return rc;
		if (!has_text(&b->content))
			return bad(c, CNAP_EINVAL, loc, "に文字がありません");
		return CNAP_OK;
	case CNAP_BLK_LIST:
		return check_list(c, loc, b, depth);
	case CNAP_BLK_TABLE:
		return check_table(c, loc, b);
	case CNAP_BLK_NOTE: {
		char where[LOC_MAX + 20];
		snprintf(where, sizeof(where), "%sの記号", loc);
		if (!b->mark || !b->mark[0])
			return bad(c, CNAP_EINVAL, where, "がありません");
		if ((rc = check_text(c, where, b->mark, false)))
			return rc;
		if (!cnap_doc_mark_ok(b->mark)) {
			char ex[64];
			cnap_doc_excerpt(b->mark, 40, ex, sizeof(ex));
			return bad(c, CNAP_EINVAL, where, "「%s」は使えません。「※」「※1」「注1」の形にしてください", ex);
		}
		return check_inline(c, loc, &b->content, false);
	}
	case CNAP_BLK_DATA:
		if (!cnap_doc_table_code_ok(b->table)) {
			char where[LOC_MAX + 20];
			snprintf(where, sizeof(where), "%sの表の記号", loc);
			return bad(c, CNAP_EINVAL, where, "は半角英数字と . _ - の%d文字以内にしてください",
				   CNAP_DOC_MAX_CODE);
		}
		return CNAP_OK;
	case CNAP_BLK_COUNT:
		break;
	}
	return bad(c, CNAP_EINVAL, loc, "の種類が正しくありません");
}

static enum cnap_err check_blocks(struct checker *c, const char *loc, const struct cnap_block *blocks, size_t n,
				  int depth)
{
	enum cnap_err rc;
	if (n && !blocks)
		return bad(c, CNAP_EINVAL, loc, "にブロックがありません");
	if (n > CNAP_DOC_MAX_BLOCKS)
		return bad(c, CNAP_ETOOBIG, "", "ブロック（段落・リストなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
	for (size_t i = 0; i < n; i++) {
		const struct cnap_block *b = &blocks[i];
		const char *label = (unsigned)b->kind < CNAP_BLK_COUNT ? kind_labels[b->kind] : "不明";
		char here[LOC_MAX];
		if (depth == 0)
			snprintf(here, sizeof(here), "%zu番目のブロック（%s）", i + 1, label);
		else
			snprintf(here, sizeof(here), "%sの%zu番目の%s", loc, i + 1, label);
		if ((rc = check_block(c, here, b, b->kind == CNAP_BLK_LIST ? depth + 1 : depth)))
			return rc;
	}
	return CNAP_OK;
}

enum cnap_err cnap_doc_check(const struct cnap_doc *doc, const char *where_prefix, struct cnap_error *err)
{
	struct checker c = { where_prefix ? where_prefix : "", err, 0, 0, 0 };
	return check_blocks(&c, "", doc->blocks, doc->n_blocks, 0);
}

/* ---- reading ---- */

static bool inline_blank(const struct cnap_inline *in)
{
	for (size_t i = 0; i < in->n_spans; i++)
		for (const char *p = in->spans[i].text; p && *p;) {
			if (*p == ' ' || *p == '\n')
				p++;
			else if (strncmp(p, "　", strlen("　")) == 0)
				p += strlen("　");
			else
				return false;
		}
	return true;
}

bool cnap_doc_is_empty(const struct cnap_doc *doc)
{
	for (size_t i = 0; i < doc->n_blocks; i++)
		if (doc->blocks[i].kind != CNAP_BLK_PARAGRAPH || !inline_blank(&doc->blocks[i].content))
			return false;
	return true;
}

static void plain_inline(const struct cnap_inline *in, struct cnap_buf *out)
{
	for (size_t i = 0; i < in->n_spans; i++)
		if (in->spans[i].text)
			cnap_buf_adds(out, in->spans[i].text);
}

static void plain_blocks(const struct cnap_block *blocks, size_t n, struct cnap_buf *out, bool *first)
{
	for (size_t i = 0; i < n; i++) {
		const struct cnap_block *b = &blocks[i];
		if (b->kind == CNAP_BLK_DATA)
			continue;
		if (b->kind == CNAP_BLK_LIST) {
			for (size_t k = 0; k < b->n_items; k++) {
				if (!*first)
					cnap_buf_addc(out, '\n');
				*first = false;
				plain_inline(&b->items[k].content, out);
				plain_blocks(b->items[k].children, b->items[k].n_children, out, first);
			}
			continue;
		}
		if (!*first)
			cnap_buf_addc(out, '\n');
		*first = false;
		switch (b->kind) {
		case CNAP_BLK_TABLE:
			for (size_t r = 0; r < b->rows; r++) {
				if (r)
					cnap_buf_addc(out, '\n');
				for (size_t k = 0; k < b->cols; k++) {
					if (k)
						cnap_buf_addc(out, '\t');
					plain_inline(&b->cells[r * b->cols + k], out);
				}
			}
			break;
		case CNAP_BLK_NOTE:
			cnap_buf_adds(out, b->mark ? b->mark : "");
			cnap_buf_addc(out, ' ');
			plain_inline(&b->content, out);
			break;
		default:
			plain_inline(&b->content, out);
			break;
		}
	}
}

enum cnap_err cnap_doc_plain_text(const struct cnap_doc *doc, struct cnap_buf *out)
{
	bool first = true;
	/* An empty text is still a string. */
	cnap_buf_add(out, "", 0);
	plain_blocks(doc->blocks, doc->n_blocks, out, &first);
	return out->status;
}

static size_t chars_inline(const struct cnap_inline *in)
{
	size_t n = 0;
	for (size_t i = 0; i < in->n_spans; i++)
		if (in->spans[i].text)
			n += cnap_utf8_count(in->spans[i].text, strlen(in->spans[i].text));
	return n;
}

static size_t chars_blocks(const struct cnap_block *blocks, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cnap_block *b = &blocks[i];
		total += chars_inline(&b->content);
		if (b->kind == CNAP_BLK_NOTE && b->mark)
			total += cnap_utf8_count(b->mark, strlen(b->mark));
		if (b->kind == CNAP_BLK_LIST)
			for (size_t k = 0; k < b->n_items; k++)
				total += chars_inline(&b->items[k].content) +
					 chars_blocks(b->items[k].children, b->items[k].n_children);
		if (b->kind == CNAP_BLK_TABLE && b->cells)
			for (size_t k = 0; k < b->rows * b->cols; k++)
				total += chars_inline(&b->cells[k]);
	}
	return total;
}

size_t cnap_doc_chars(const struct cnap_doc *doc)
{
	return chars_blocks(doc->blocks, doc->n_blocks);
}

/* ---- equality ---- */

static bool empty_plain(const struct cnap_span *s)
{
	return !s->href && (!s->text || !s->text[0]);
}

static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The next byte of a run of plain spans from (*i, *off), or -1 at its end; advances past it. */
static int plain_next(const struct cnap_inline *in, size_t *i, size_t *off)
{
	while (*i < in->n_spans && !in->spans[*i].href) {
		const char *t = in->spans[*i].text ? in->spans[*i].text : "";
		if (t[*off])
			return (unsigned char)t[(*off)++];
		(*i)++;
		*off = 0;
	}
	return -1;
}

static bool inline_equal(const struct cnap_inline *a, const struct cnap_inline *b)
{
	size_t ia = 0, ib = 0;
	for (;;) {
		while (ia < a->n_spans && empty_plain(&a->spans[ia]))
			ia++;
		while (ib < b->n_spans && empty_plain(&b->spans[ib]))
			ib++;
		if (ia == a->n_spans || ib == b->n_spans)
			return ia == a->n_spans && ib == b->n_spans;
		const struct cnap_span *sa = &a->spans[ia], *sb = &b->spans[ib];
		if (sa->href || sb->href) {
			if (!sa->href || !sb->href || !str_eq(sa->text, sb->text) || strcmp(sa->href, sb->href) != 0)
				return false;
			ia++;
			ib++;
			continue;
		}
		size_t oa = 0, ob = 0;
		int ca, cb;
		do {
			ca = plain_next(a, &ia, &oa);
			cb = plain_next(b, &ib, &ob);
			if (ca != cb)
				return false;
		} while (ca != -1);
	}
}

static bool blocks_equal(const struct cnap_block *a, size_t na, const struct cnap_block *b, size_t nb);

static bool block_equal(const struct cnap_block *a, const struct cnap_block *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CNAP_BLK_PARAGRAPH:
	case CNAP_BLK_HEADING:
		return inline_equal(&a->content, &b->content);
	case CNAP_BLK_NOTE:
		return str_eq(a->mark, b->mark) && inline_equal(&a->content, &b->content);
	case CNAP_BLK_DATA:
		return str_eq(a->table, b->table);
	case CNAP_BLK_LIST:
		if (a->ordered != b->ordered || a->n_items != b->n_items)
			return false;
		for (size_t i = 0; i < a->n_items; i++)
			if (!inline_equal(&a->items[i].content, &b->items[i].content) ||
			    !blocks_equal(a->items[i].children, a->items[i].n_children, b->items[i].children,
					  b->items[i].n_children))
				return false;
		return true;
	case CNAP_BLK_TABLE:
		if (a->rows != b->rows || a->cols != b->cols || a->header_rows != b->header_rows)
			return false;
		for (size_t i = 0; i < a->rows * a->cols; i++)
			if (!inline_equal(&a->cells[i], &b->cells[i]))
				return false;
		return true;
	case CNAP_BLK_COUNT:
		break;
	}
	return false;
}

static bool blocks_equal(const struct cnap_block *a, size_t na, const struct cnap_block *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!block_equal(&a[i], &b[i]))
			return false;
	return true;
}

bool cnap_doc_equal(const struct cnap_doc *a, const struct cnap_doc *b)
{
	return blocks_equal(a->blocks, a->n_blocks, b->blocks, b->n_blocks);
}
