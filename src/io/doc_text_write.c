/*
 * The typed form of a doc (io/doc_text.h). Each thing is written the way a
 * person would type it, and escaped only where cnap_doc_text_parse() would
 * read it otherwise: that reader's own line classification
 * (doc_text_syntax.h) decides when a paragraph line needs its leading "\".
 */
#include "base/compat.h"
#include "io/doc_text.h"
#include "io/doc_text_syntax.h"

#include <string.h>

enum ctx {
	CTX_PARAGRAPH, /* may hold line breaks; a '|' would make the line a table row */
	CTX_LINE,      /* a heading, an item, a note: one line */
	CTX_CELL,      /* a table cell: '|' separates, spaces at either end are trimmed */
};

/* A plain run (adjacent plain spans joined) or a link, and how it is written. */
struct piece {
	const char *text;
	size_t len;
	const char *href;
	struct cnap_buf out;
};

static void plain_out(const struct piece *pc, enum ctx ctx, bool first, bool last, bool more_after,
		      struct cnap_buf *b)
{
	const char *t = pc->text;
	size_t n = pc->len, stop = 0; /* the next ']' or line break at or after a '[' (found once, so linear) */
	bool have_stop = false;
	for (size_t j = 0; j < n;) {
		size_t l = doc_one_space(t + j, n - j);
		if (ctx == CTX_CELL && l && ((first && j == 0) || (last && j + l == n))) {
			/* A cell's own spaces at its ends would be trimmed as padding. */
			cnap_buf_addc(b, '\\');
			cnap_buf_add(b, t + j, l);
			j += l;
			continue;
		}
		if (ctx == CTX_CELL && first && last && j == 0 && doc_all_dashes(t, n)) {
			/* "---" alone in a cell would be the heading separator. */
			cnap_buf_addc(b, '\\');
			cnap_buf_addc(b, t[j++]);
			continue;
		}
		char c = t[j];
		if (c == '\\') {
			cnap_buf_adds(b, j + 1 == n || doc_escapable(t + j + 1, n - j - 1) ? "\\\\" : "\\");
			j++;
		} else if (c == '[') {
			/* It could open a link when a ']' follows on the same line. */
			if (!have_stop || stop <= j) {
				stop = j + 1;
				while (stop < n && t[stop] != '\n' && t[stop] != ']')
					stop++;
				have_stop = true;
			}
			bool could = (stop < n && t[stop] == ']') || (stop == n && more_after);
			cnap_buf_adds(b, could ? "\\[" : "[");
			j++;
		} else if ((l = doc_scheme_len(t + j, n - j))) {
			/* "http\://…" stays text. */
			cnap_buf_add(b, t + j, l - 3);
			cnap_buf_adds(b, "\\://");
			j += l;
		} else if (c == '|' && ctx != CTX_LINE) {
			cnap_buf_adds(b, "\\|");
			j++;
		} else {
			cnap_buf_addc(b, c);
			j++;
		}
	}
}

static void bracket_out(const struct piece *pc, enum ctx ctx, struct cnap_buf *b)
{
	cnap_buf_addc(b, '[');
	for (size_t j = 0; j < pc->len; j++) {
		char c = pc->text[j];
		if (c == '\\')
			cnap_buf_adds(b, j + 1 == pc->len || doc_escapable(pc->text + j + 1, pc->len - j - 1) ? "\\\\" : "\\");
		else if (c == '[' || c == ']' || (c == '|' && ctx != CTX_LINE))
			cnap_buf_addc(b, '\\'), cnap_buf_addc(b, c);
		else
			cnap_buf_addc(b, c);
	}
	cnap_buf_adds(b, "](");
	for (const char *h = pc->href; *h; h++) {
		if (*h == '(' || *h == ')' || *h == '[' || *h == ']' || (*h == '|' && ctx != CTX_LINE))
			cnap_buf_addc(b, '\\');
		cnap_buf_addc(b, *h);
	}
	cnap_buf_addc(b, ')');
}

/*
 * Whether a link can be written as its bare address: it shows its address,
 * and what follows it (already written) ends the address there. Only the
 * characters an address may end with before it are looked at, then one more.
 */
static bool bare_ok(const struct piece *pcs, size_t k, size_t n)
{
	const struct piece *pc = &pcs[k];
	size_t hl = strlen(pc->href);
	if (pc->len != hl || memcmp(pc->text, pc->href, hl) != 0 || !doc_scheme_len(pc->href, hl))
		return false;
	char window[CNAP_DOC_MAX_HREF + 64];
	if (hl > CNAP_DOC_MAX_HREF)
		return false;
	memcpy(window, pc->href, hl);
	size_t w = hl;
	bool done = false;
	for (size_t i = k + 1; i < n && !done; i++)
		for (size_t j = 0; j < pcs[i].out.len && !done; j++) {
			char c = pcs[i].out.data[j];
			window[w++] = c;
			done = !strchr(".,;:!?')", c) || c == '\0' || w == sizeof(window);
		}
	return doc_autolink_len(window, w) == hl;
}

static enum cnap_err inline_out(const struct cnap_inline *in, enum ctx ctx, struct cnap_arena *a,
				struct cnap_buf *b)
{
	struct piece *pcs = cnap_arena_calloc(a, in->n_spans + 1, sizeof(*pcs));
	size_t n = 0;
	if (!pcs)
		return CNAP_ENOMEM;
	for (size_t i = 0; i < in->n_spans;) {
		const struct cnap_span *sp = &in->spans[i];
		if (sp->href) {
			pcs[n].text = sp->text ? sp->text : "";
			pcs[n].len = strlen(pcs[n].text);
			pcs[n++].href = sp->href;
			i++;
			continue;
		}
		size_t len = 0, j;
		for (j = i; j < in->n_spans && !in->spans[j].href; j++)
			len += in->spans[j].text ? strlen(in->spans[j].text) : 0;
		if (len) {
			char *t = cnap_arena_alloc(a, len + 1);
			if (!t)
				return CNAP_ENOMEM;
			size_t o = 0;
			for (size_t k = i; k < j; k++)
				if (in->spans[k].text) {
					memcpy(t + o, in->spans[k].text, strlen(in->spans[k].text));
					o += strlen(in->spans[k].text);
				}
			pcs[n].text = t;
			pcs[n++].len = len;
		}
		i = j;
	}
	/* Right to left: a link's bare form depends on what is written after it. */
	enum cnap_err rc = CNAP_OK;
	for (size_t k = n; k-- > 0;) {
		struct piece *pc = &pcs[k];
		cnap_buf_init(&pc->out, 0);
		if (!pc->href)
			plain_out(pc, ctx, k == 0, k + 1 == n, k + 1 < n, &pc->out);
		else if (bare_ok(pcs, k, n))
			cnap_buf_adds(&pc->out, pc->href);
		else
			bracket_out(pc, ctx, &pc->out);
		if (pc->out.status)
			rc = pc->out.status;
	}
	for (size_t k = 0; k < n; k++) {
		if (!rc && pcs[k].out.len)
			cnap_buf_add(b, pcs[k].out.data, pcs[k].out.len);
		cnap_buf_release(&pcs[k].out);
	}
	return rc ? rc : b->status;
}

/* A paragraph: its lines, each with a leading "\" where it would read as something else. */
static enum cnap_err paragraph_out(const struct cnap_block *blk, struct cnap_arena *a, struct cnap_buf *b)
{
	struct cnap_buf t;
	cnap_buf_init(&t, 0);
	enum cnap_err rc = inline_out(&blk->content, CTX_PARAGRAPH, a, &t);
	const char *s = t.data ? t.data : "";
	size_t n = t.len;
	for (size_t start = 0; !rc;) {
		const char *nl = memchr(s + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - s) : n;
		struct line_class c;
		doc_line_classify(s + start, end - start, &c);
		bool keeps_backslash = c.kind == LINE_ESCAPED && c.body == 0;
		if ((c.kind != LINE_PARAGRAPH && !keeps_backslash) ||
		    (end - start >= 3 && memcmp(s + start, DOC_BOM, 3) == 0))
			cnap_buf_addc(b, '\\');
		cnap_buf_add(b, s + start, end - start);
		if (!nl)
			break;
		cnap_buf_addc(b, '\n');
		start = end + 1;
	}
	cnap_buf_release(&t);
	return rc;
}

static enum cnap_err list_out(const struct cnap_block *blk, int level, struct cnap_arena *a, struct cnap_buf *b)
{
	enum cnap_err rc = CNAP_OK;
	for (size_t i = 0; i < blk->n_items && !rc; i++) {
		const struct cnap_list_item *it = &blk->items[i];
		struct cnap_buf t;
		cnap_buf_init(&t, 0);
		rc = inline_out(&it->content, CTX_LINE, a, &t);
		if (i)
			cnap_buf_addc(b, '\n');
		for (int k = 0; k < level; k++)
			cnap_buf_adds(b, "  ");
		if (blk->ordered)
			cnap_buf_addf(b, "%zu. ", i + 1);
		else
			/* The reader takes one space after "・" as part of the marker. */
			cnap_buf_adds(b, t.len && doc_one_space(t.data, t.len) ? "・ " : "・");
		if (t.len)
			cnap_buf_add(b, t.data, t.len);
		cnap_buf_release(&t);
		for (size_t k = 0; k < it->n_children && !rc; k++) {
			cnap_buf_addc(b, '\n');
			rc = list_out(&it->children[k], level + 1, a, b);
		}
	}
	return rc;
}

static void separator_out(size_t cols, struct cnap_buf *b)
{
	cnap_buf_addc(b, '|');
	for (size_t k = 0; k < cols; k++)
		cnap_buf_adds(b, "---|");
}

/* Every row framed "|a|b|", so no row reads as anything else; "|---|" after the headings unless there is one. */
static enum cnap_err table_out(const struct cnap_block *blk, struct cnap_arena *a, struct cnap_buf *b)
{
	enum cnap_err rc = CNAP_OK;
	bool separated = blk->header_rows == 1;
	for (size_t r = 0; r < blk->rows && !rc; r++) {
		if (r)
			cnap_buf_addc(b, '\n');
		if (!separated && r == blk->header_rows) {
			separator_out(blk->cols, b);
			cnap_buf_addc(b, '\n');
			separated = true;
		}
		cnap_buf_addc(b, '|');
		for (size_t k = 0; k < blk->cols && !rc; k++) {
			rc = inline_out(&blk->cells[r * blk->cols + k], CTX_CELL, a, b);
			cnap_buf_addc(b, '|');
		}
	}
	if (!separated) {
		/* Every row a heading. */
		cnap_buf_addc(b, '\n');
		separator_out(blk->cols, b);
	}
	return rc;
}

static enum cnap_err block_out(const struct cnap_block *blk, struct cnap_arena *a, struct cnap_buf *b)
{
	struct cnap_buf t;
	enum cnap_err rc = CNAP_OK;
	switch (blk->kind) {
	case CNAP_BLK_PARAGRAPH:
		return paragraph_out(blk, a, b);
	case CNAP_BLK_HEADING: {
		cnap_buf_init(&t, 0);
		rc = inline_out(&blk->content, CTX_LINE, a, &t);
		struct line_class c;
		doc_line_classify(t.data ? t.data : "", t.len, &c);
		if (c.kind != LINE_HEADING)
			cnap_buf_adds(b, "# ");
		if (t.len)
			cnap_buf_add(b, t.data, t.len);
		cnap_buf_release(&t);
		return rc;
	}
	case CNAP_BLK_NOTE:
		cnap_buf_init(&t, 0);
		rc = inline_out(&blk->content, CTX_LINE, a, &t);
		cnap_buf_adds(b, blk->mark ? blk->mark : "※");
		if (t.len) {
			cnap_buf_addc(b, ' ');
			cnap_buf_add(b, t.data, t.len);
		}
		cnap_buf_release(&t);
		return rc;
	case CNAP_BLK_DATA:
		cnap_buf_addf(b, "[表:%s]", blk->table ? blk->table : "");
		return CNAP_OK;
	case CNAP_BLK_LIST:
		return list_out(blk, 0, a, b);
	case CNAP_BLK_TABLE:
		return table_out(blk, a, b);
	case CNAP_BLK_COUNT:
		break;
	}
	return CNAP_OK;
}

enum cnap_err cnap_doc_text_write(const struct cnap_doc *doc, struct cnap_buf *out)
{
	struct cnap_arena a;
	enum cnap_err rc = CNAP_OK;
	cnap_arena_init(&a);
	cnap_buf_add(out, "", 0);
	for (size_t i = 0; i < doc->n_blocks && !rc; i++) {
		if (i)
			cnap_buf_adds(out, "\n\n");
		rc = block_out(&doc->blocks[i], &a, out);
	}
	if (doc->n_blocks)
		cnap_buf_addc(out, '\n');
	cnap_arena_release(&a);
	return rc ? rc : out->status;
}
