/*
 * One item's text out of the Word elements that fall under its heading
 * (docx_split_priv.h): paragraphs, sub-headings, nested lists, tables and
 * notes as model/doc.h has them, copied into the split's arena and checked
 * against an item's limits.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_split_priv.h"

#include <stdio.h>
#include <string.h>

struct blocks {
	struct cnap_block *v;
	size_t n, cap;
};

static enum cnap_err oom(struct docx_splitter *s)
{
	return cnap_fail(s->err, CNAP_ENOMEM, "", "メモリが足りません");
}

static enum cnap_err push(struct docx_splitter *s, struct blocks *b, const struct cnap_block *blk)
{
	struct cnap_block *v = cnap_arena_grow(s->a, b->v, b->n, &b->cap, sizeof(*v));
	if (!v)
		return oom(s);
	b->v = v;
	b->v[b->n++] = *blk;
	return CNAP_OK;
}

/* s copied into a, line breaks as spaces unless newline_ok. */
static const char *copy_text(struct cnap_arena *a, const char *s, bool newline_ok)
{
	char *t = cnap_arena_strdup(a, s);
	for (char *p = t; t && !newline_ok && *p; p++)
		if (*p == '\n')
			*p = ' ';
	return t;
}

struct cnap_inline docx_copy_inline(struct cnap_arena *a, const struct cnap_inline *in, const char *prefix,
				     bool newline_ok)
{
	struct cnap_inline out = { 0 };
	bool pre = prefix && *prefix;
	size_t n = in->n_spans + pre;
	if (n == 0)
		return out;
	struct cnap_span *v = cnap_arena_calloc(a, n, sizeof(*v));
	if (!v)
		return out;
	size_t k = 0;
	if (pre)
		v[k++] = (struct cnap_span){ .text = copy_text(a, prefix, newline_ok) };
	for (size_t i = 0; i < in->n_spans; i++) {
		/* only plain text may break a line: a link's text stays on one */
		const struct cnap_span *sp = &in->spans[i];
		v[k++] = (struct cnap_span){ .text = copy_text(a, sp->text, newline_ok && !sp->href),
					    .href = cnap_arena_strdup(a, sp->href) };
	}
	for (size_t i = 0; i < n; i++)
		if (!v[i].text || (i >= pre && in->spans[i - pre].href && !v[i].href))
			return out; /* out of memory: the caller sees no spans for a text that had some */
	out.spans = v;
	out.n_spans = n;
	return out;
}

/* A copy that failed for want of memory: spans were there and none came out. */
static bool lost(const struct cnap_inline *from, const struct cnap_inline *to, const char *prefix)
{
	return (from->n_spans > 0 || (prefix && *prefix)) && to->n_spans == 0;
}

/* in without its first skip bytes (which lie in plain text), copied into a. */
static struct cnap_inline copy_after(struct cnap_arena *a, const struct cnap_inline *in, size_t skip)
{
	struct cnap_inline rest = *in;
	struct cnap_span first;
	while (rest.n_spans > 0 && skip >= strlen(rest.spans[0].text)) {
		skip -= strlen(rest.spans[0].text);
		rest.spans++;
		rest.n_spans--;
	}
	if (rest.n_spans == 0 || skip == 0)
		return docx_copy_inline(a, &rest, NULL, false);
	first = rest.spans[0];
	first.text += skip;
	rest.spans++;
	rest.n_spans--;
	return docx_copy_inline(a, &rest, first.text, false); /* the rest of the first span, as plain text */
}

/* ---- what a paragraph is ---- */

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static const char *skip_blanks(const char *s)
{
	for (;;) {
		if (*s == ' ')
			s++;
		else if (starts_with(s, "\xE3\x80\x80"))
			s += 3;
		else
			return s;
	}
}

/* 【背景】 alone, or ① 生産活動量 short and without a full stop: a sub-heading, as in the typed form. */
static bool looks_like_subheading(const char *text)
{
	const char *t = skip_blanks(text);
	size_t n = strlen(t), chars = cnap_utf8_count(t, n);
	if (chars > 60 || strchr(t, '\n'))
		return false;
	if (starts_with(t, "【")) {
		const char *end = t + n;
		while (end > t && (end[-1] == ' '))
			end--;
		return end - t >= 6 && strncmp(end - 3, "】", 3) == 0 && !strstr(t + 3, "【");
	}
	struct cnap_docx_number num;
	cnap_docx_heading_number(t, &num);
	return num.circled && !num.chapter && !num.section && !strstr(t, "。");
}

/*
 * ※1 本文, ※ 本文, 注1 本文: a note. *mark gets "※1" (digits as ASCII) and
 * *skip the bytes of the mark and the blanks after it. False for anything
 * else.
 */
static bool looks_like_note(const char *text, char *mark, size_t size, size_t *skip)
{
	const char *t = text;
	const char *sign = starts_with(t, "※") ? "※" : starts_with(t, "注") ? "注" : NULL;
	if (!sign)
		return false;
	t += strlen(sign);
	size_t k = (size_t)snprintf(mark, size, "%s", sign);
	while (k + 1 < size) {
		if (*t >= '0' && *t <= '9') {
			mark[k++] = *t++;
		} else if ((unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBC && (unsigned char)t[2] >= 0x90 &&
			   (unsigned char)t[2] <= 0x99) {
			mark[k++] = (char)('0' + ((unsigned char)t[2] - 0x90));
			t += 3;
		} else {
			break;
		}
	}
	mark[k] = '\0';
	if (k + 1 >= size || !cnap_doc_mark_ok(mark))
		return false;
	t = skip_blanks(t);
	if (!*t)
		return false;
	*skip = (size_t)(t - text);
	return true;
}

/* ---- lists ---- */

struct entry {
	const struct cnap_docx_element *e;
	int depth;
};

static enum cnap_err build_lists(struct docx_splitter *s, const struct entry *v, size_t lo, size_t hi, int depth,
				 struct blocks *out);

/* The items at depth of one list, v[lo, hi), each with the deeper entries after it as its children. */
static enum cnap_err build_list(struct docx_splitter *s, const struct entry *v, size_t lo, size_t hi, int depth,
				struct cnap_block *blk)
{
	size_t n = 0;
	for (size_t k = lo; k < hi; k++)
		n += v[k].depth == depth;
	*blk = (struct cnap_block){ .kind = CNAP_BLK_LIST, .ordered = v[lo].e->para.ordered };
	blk->items = cnap_arena_calloc(s->a, n, sizeof(*blk->items));
	if (!blk->items)
		return oom(s);
	for (size_t k = lo; k < hi;) {
		struct cnap_list_item *it = &blk->items[blk->n_items++];
		it->content = docx_copy_inline(s->a, &v[k].e->content, NULL, false);
		if (lost(&v[k].e->content, &it->content, NULL))
			return oom(s);
		size_t c = k + 1;
		while (c < hi && v[c].depth > depth)
			c++;
		if (c > k + 1) {
			struct blocks kids = { 0 };
			if (build_lists(s, v, k + 1, c, depth + 1, &kids) != CNAP_OK)
				return CNAP_ENOMEM;
			it->children = kids.v;
			it->n_children = kids.n;
		}
		k = c;
	}
	return CNAP_OK;
}

/*
 * v[lo, hi) at depth (the first entry is at depth, none shallower): a new
 * list where bullets turn to numbers or back (two of a kind in a row would
 * read as one, model/doc.h).
 */
static enum cnap_err build_lists(struct docx_splitter *s, const struct entry *v, size_t lo, size_t hi, int depth,
				 struct blocks *out)
{
	size_t start = lo;
	for (size_t k = lo + 1; k <= hi; k++) {
		bool cut = k == hi;
		if (!cut && v[k].depth == depth)
			cut = v[k].e->para.ordered != v[start].e->para.ordered;
		if (!cut)
			continue;
		struct cnap_block blk;
		if (build_list(s, v, start, k, depth, &blk) != CNAP_OK || push(s, out, &blk) != CNAP_OK)
			return CNAP_ENOMEM;
		start = k;
	}
	return CNAP_OK;
}

static bool list_paragraph(const struct cnap_docx_element *e)
{
	return e->kind == CNAP_DOCX_PARAGRAPH && e->para.list_level >= 0 && e->para.heading == 0;
}

/* The list paragraphs from elements[i] on as lists; *next is the first element after them. */
static enum cnap_err add_lists(struct docx_splitter *s, size_t i, size_t to, struct blocks *out, size_t *next)
{
	const struct cnap_docx_element *el = s->d->elements;
	size_t j = i;
	while (j < to && list_paragraph(&el[j]))
		j++;
	struct entry *v = cnap_arena_calloc(s->a, j - i, sizeof(*v));
	if (!v)
		return oom(s);
	int base = el[i].para.list_level, prev = -1;
	for (size_t k = i; k < j; k++) {
		int d = el[k].para.list_level - base;
		if (d < 0)
			d = 0;
		if (d > prev + 1)
			d = prev + 1; /* a level skipped is one level deeper */
		if (d > CNAP_DOC_MAX_DEPTH - 1)
			d = CNAP_DOC_MAX_DEPTH - 1;
		v[k - i] = (struct entry){ &el[k], d };
		prev = d;
	}
	*next = j;
	return build_lists(s, v, 0, j - i, 0, out);
}

/* ---- the item ---- */

static enum cnap_err add_paragraph(struct docx_splitter *s, const struct cnap_docx_element *e, struct blocks *out)
{
	struct cnap_block blk = { .kind = CNAP_BLK_PARAGRAPH };
	char mark[CNAP_DOC_MAX_MARK + 8], *prefix = NULL;
	size_t skip;
	if (e->para.heading > 0 || looks_like_subheading(e->para.text)) {
		blk.kind = CNAP_BLK_HEADING;
		if (*e->para.label && !(prefix = cnap_arena_printf(s->a, "%s ", e->para.label)))
			return oom(s);
		blk.content = docx_copy_inline(s->a, &e->content, prefix, false);
	} else if (looks_like_note(e->para.text, mark, sizeof(mark), &skip)) {
		blk.kind = CNAP_BLK_NOTE;
		if (!(blk.mark = cnap_arena_strdup(s->a, mark)))
			return oom(s);
		blk.content = copy_after(s->a, &e->content, skip);
		if (blk.content.n_spans == 0)
			return oom(s);
		return push(s, out, &blk);
	} else {
		blk.content = docx_copy_inline(s->a, &e->content, NULL, true);
	}
	if (lost(&e->content, &blk.content, prefix))
		return oom(s);
	return push(s, out, &blk);
}

static enum cnap_err add_table(struct docx_splitter *s, size_t i, struct blocks *out)
{
	const struct cnap_docx_table *t = &s->d->elements[i].table;
	if (t->rows > CNAP_DOC_MAX_TABLE_ROWS || t->cols > CNAP_DOC_MAX_TABLE_COLS)
		return docx_unplaced(s, i, "表が大きすぎて項目に入りません（200行・20列まで）");
	struct cnap_block blk = {
		.kind = CNAP_BLK_TABLE, .rows = t->rows, .cols = t->cols,
		.header_rows = t->header_rows ? t->header_rows : t->rows > 1,
	};
	blk.cells = cnap_arena_calloc(s->a, t->rows * t->cols, sizeof(*blk.cells));
	if (!blk.cells)
		return oom(s);
	for (size_t k = 0; k < t->rows * t->cols; k++) {
		blk.cells[k] = docx_copy_inline(s->a, &t->cells[k], NULL, false);
		if (lost(&t->cells[k], &blk.cells[k], NULL))
			return oom(s);
	}
	return push(s, out, &blk);
}

static enum cnap_err add_note(struct docx_splitter *s, const struct cnap_docx_element *e, struct blocks *out)
{
	struct cnap_block blk = { .kind = CNAP_BLK_NOTE, .mark = cnap_arena_strdup(s->a, e->mark) };
	blk.content = docx_copy_inline(s->a, &e->content, NULL, false);
	if (!blk.mark || lost(&e->content, &blk.content, NULL))
		return oom(s);
	return push(s, out, &blk);
}

struct measure {
	size_t blocks, spans, chars;
};

static void measure_inline(const struct cnap_inline *in, struct measure *m)
{
	m->spans += in->n_spans;
	for (size_t i = 0; i < in->n_spans; i++)
		m->chars += cnap_utf8_count(in->spans[i].text, strlen(in->spans[i].text));
}

static void measure_blocks(const struct cnap_block *v, size_t n, struct measure *m)
{
	for (size_t i = 0; i < n; i++) {
		m->blocks++;
		measure_inline(&v[i].content, m);
		for (size_t k = 0; k < v[i].n_items; k++) {
			measure_inline(&v[i].items[k].content, m);
			measure_blocks(v[i].items[k].children, v[i].items[k].n_children, m);
		}
		for (size_t k = 0; v[i].cells && k < v[i].rows * v[i].cols; k++)
			measure_inline(&v[i].cells[k], m);
	}
}

enum cnap_err docx_build_doc(struct docx_splitter *s, size_t from, size_t to, const char *number,
			     struct cnap_doc *doc)
{
	struct blocks out = { 0 };
	const struct cnap_docx_element *el = s->d->elements;
	for (size_t i = from; i < to;) {
		enum cnap_err rc = CNAP_OK;
		size_t next = i + 1;
		if (list_paragraph(&el[i]))
			rc = add_lists(s, i, to, &out, &next);
		else if (el[i].kind == CNAP_DOCX_PARAGRAPH)
			rc = add_paragraph(s, &el[i], &out);
		else if (el[i].kind == CNAP_DOCX_TABLE)
			rc = add_table(s, i, &out);
		else
			rc = add_note(s, &el[i], &out);
		if (rc != CNAP_OK)
			return rc;
		i = next;
	}
	struct measure m = { 0 };
	measure_blocks(out.v, out.n, &m);
	if (m.chars > CNAP_DOC_MAX_CHARS)
		return cnap_fail(s->err, CNAP_ETOOBIG, number, "%sの本文が長すぎます（%d文字まで、この項目は%zu文字です）",
				 number, CNAP_DOC_MAX_CHARS, m.chars);
	if (m.blocks > CNAP_DOC_MAX_BLOCKS)
		return cnap_fail(s->err, CNAP_ETOOBIG, number, "%sの段落や表が多すぎます（%d個まで、この項目は%zu個です）",
				 number, CNAP_DOC_MAX_BLOCKS, m.blocks);
	if (m.spans > CNAP_DOC_MAX_SPANS)
		return cnap_fail(s->err, CNAP_ETOOBIG, number, "%sの書式やリンクの区切りが多すぎます（%d個まで）", number,
				 CNAP_DOC_MAX_SPANS);
	*doc = (struct cnap_doc){ .blocks = out.v, .n_blocks = out.n };
	return CNAP_OK;
}
