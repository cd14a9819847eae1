/*
 * An item's text cut where the printed 調査票's pages begin (usecase/survey_read.h),
 * so that the reading view can put 「P.22」 between blocks: what was one paragraph
 * on two pages is read as two, as on paper.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "usecase/survey_read.h"

#include <string.h>

/* Byte length of the first n code points of s (all of it when shorter). */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t i = 0, len = strlen(s);
	while (n-- && i < len) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
	}
	return i;
}

/* in split after `offset` code points into head and tail (either may be empty); false when out of memory. */
static bool split_inline(struct cnap_arena *a, const struct cnap_inline *in, size_t offset, struct cnap_inline *head,
			 struct cnap_inline *tail)
{
	head->spans = cnap_arena_calloc(a, in->n_spans + 1, sizeof(*head->spans));
	tail->spans = cnap_arena_calloc(a, in->n_spans + 1, sizeof(*tail->spans));
	head->n_spans = tail->n_spans = 0;
	if (!head->spans || !tail->spans)
		return false;
	size_t left = offset;
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		const char *t = sp->text ? sp->text : "";
		size_t chars = cnap_utf8_count(t, strlen(t));
		if (left >= chars && left) {
			head->spans[head->n_spans++] = *sp;
			left -= chars;
			continue;
		}
		if (!left) {
			tail->spans[tail->n_spans++] = *sp;
			continue;
		}
		size_t cut = prefix_bytes(t, left);
		struct cnap_span h = *sp, r = *sp;
		h.text = cnap_arena_strndup(a, t, cut);
		r.text = cnap_arena_strdup(a, t + cut);
		if (!h.text || !r.text)
			return false;
		head->spans[head->n_spans++] = h;
		tail->spans[tail->n_spans++] = r;
		left = 0;
	}
	return true;
}

struct cutter {
	struct cnap_arena *a;
	struct cnap_block *blocks;
	size_t n, cap;
	struct cnap_uc_page_break *marks;
	size_t n_marks, cap_marks;
	bool oom;
};

static void push_block(struct cutter *c, const struct cnap_block *b)
{
	struct cnap_block *v = cnap_arena_grow(c->a, c->blocks, c->n, &c->cap, sizeof(*v));
	if (!v) {
		c->oom = true;
		return;
	}
	c->blocks = v;
	c->blocks[c->n++] = *b;
}

/* Page page begins before the next block pushed. */
static void push_mark(struct cutter *c, int page)
{
	struct cnap_uc_page_break *v = cnap_arena_grow(c->a, c->marks, c->n_marks, &c->cap_marks, sizeof(*v));
	if (!v) {
		c->oom = true;
		return;
	}
	c->marks = v;
	c->marks[c->n_marks++] = (struct cnap_uc_page_break){ .block = c->n, .page = page };
}

/* A paragraph, heading or note with pages beginning at the offsets of br[0..n) (in order). */
static void cut_text(struct cutter *c, const struct cnap_block *b, const struct cnap_uc_text_break *br, size_t n)
{
	struct cnap_block rest = *b;
	size_t done = 0; /* code points of b already pushed */
	for (size_t i = 0; i < n && !c->oom; i++) {
		if (br[i].offset <= done) {
			push_mark(c, br[i].page);
			continue;
		}
		struct cnap_inline head, tail;
		if (!split_inline(c->a, &rest.content, br[i].offset - done, &head, &tail)) {
			c->oom = true;
			return;
		}
		struct cnap_block first = rest;
		first.content = head;
		push_block(c, &first);
		push_mark(c, br[i].page);
		rest.content = tail;
		if (rest.kind == CNAP_BLK_NOTE)
			rest.mark = ""; /* the same note, continued */
		done = br[i].offset;
	}
	push_block(c, &rest);
}

/* A table with pages beginning at the rows of br[0..n): the body rows after a break become a table of their own. */
static void cut_table(struct cutter *c, const struct cnap_block *b, const struct cnap_uc_text_break *br, size_t n)
{
	struct cnap_block rest = *b;
	size_t first_row = 0;
	for (size_t i = 0; i < n && !c->oom; i++) {
		size_t row = br[i].part;
		if (row <= first_row || row < b->header_rows || row >= b->rows) {
			push_mark(c, br[i].page);
			continue;
		}
		struct cnap_block head = rest;
		head.rows = row - first_row;
		push_block(c, &head);
		push_mark(c, br[i].page);
		rest.cells = rest.cells + head.rows * b->cols;
		rest.rows -= head.rows;
		rest.header_rows = 0;
		first_row = row;
	}
	push_block(c, &rest);
}

enum cnap_err cnap_uc_doc_cut(struct cnap_arena *a, const struct cnap_doc *doc, const struct cnap_uc_text_break *breaks,
			      size_t n_breaks, struct cnap_doc *out, struct cnap_uc_page_break **marks, size_t *n_marks)
{
	struct cutter c = { .a = a };
	size_t k = 0;
	for (size_t b = 0; b < doc->n_blocks && !c.oom; b++) {
		size_t from = k;
		while (k < n_breaks && breaks[k].block == b)
			k++;
		const struct cnap_block *blk = &doc->blocks[b];
		if (from == k) {
			push_block(&c, blk);
		} else if (blk->kind == CNAP_BLK_PARAGRAPH || blk->kind == CNAP_BLK_HEADING || blk->kind == CNAP_BLK_NOTE) {
			cut_text(&c, blk, &breaks[from], k - from);
		} else if (blk->kind == CNAP_BLK_TABLE) {
			cut_table(&c, blk, &breaks[from], k - from);
		} else {
			/* A list (its numbering is one) or a data table: the page is marked before it. */
			for (size_t i = from; i < k; i++)
				push_mark(&c, breaks[i].page);
			push_block(&c, blk);
		}
	}
	/* Pages that begin in what is printed after the text (the data tables no block placed). */
	for (; k < n_breaks && !c.oom; k++)
		push_mark(&c, breaks[k].page);
	if (c.oom)
		return CNAP_ENOMEM;
	out->blocks = c.blocks;
	out->n_blocks = c.n;
	*marks = c.marks;
	*n_marks = c.n_marks;
	return CNAP_OK;
}
