#include "base/compat.h"
#include "base/utf8.h"
#include "io/doc_text.h"
#include "io/doc_text_syntax.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct line {
	const char *s;
	size_t n;
	size_t no; /* 1-based, for messages */
	struct line_class c;
};

struct text_parser {
	struct cnap_arena *a;
	struct cnap_error *err;
	const char *item;
	enum cnap_err rc;
	struct line *lines;
	size_t n_lines, at;
	size_t blocks, spans;
	/* The inline content being built: its spans so far, and the plain text not yet made a span. */
	struct cnap_span *sp;
	size_t n_sp, cap_sp;
	struct cnap_buf plain;
};

static void line_fail(struct text_parser *p, enum cnap_err code, size_t no, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void line_fail(struct text_parser *p, enum cnap_err code, size_t no, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (no)
		p->rc = cnap_fail(p->err, code, p->item, "%s%s%zu行目: %s", p->item, p->item[0] ? "の" : "", no, what);
	else
		p->rc = cnap_fail(p->err, code, p->item, "%s%s%s", p->item, p->item[0] ? "の本文: " : "", what);
}

static void oom(struct text_parser *p)
{
	p->rc = cnap_fail(p->err, CNAP_ENOMEM, "", "out of memory");
}

/* ---- inline content ---- */

static void inline_begin(struct text_parser *p)
{
	p->sp = NULL;
	p->n_sp = p->cap_sp = 0;
	cnap_buf_reset(&p->plain);
}

static void push_span(struct text_parser *p, const char *text, size_t tn, const char *href, size_t hn, size_t no)
{
	if (p->rc)
		return;
	if (++p->spans > CNAP_DOC_MAX_SPANS) {
		line_fail(p, CNAP_ETOOBIG, no, "本文の区切り（リンクなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_SPANS);
		return;
	}
	struct cnap_span *v = cnap_arena_grow(p->a, p->sp, p->n_sp, &p->cap_sp, sizeof(*v));
	char *t = cnap_arena_strndup(p->a, text, tn);
	char *h = href ? cnap_arena_strndup(p->a, href, hn) : NULL;
	if (!v || !t || (href && !h)) {
		oom(p);
		return;
	}
	p->sp = v;
	v[p->n_sp].text = t;
	v[p->n_sp].href = h;
	p->n_sp++;
}

static void flush_plain(struct text_parser *p, size_t no)
{
	if (p->plain.len)
		push_span(p, p->plain.data, p->plain.len, NULL, 0, no);
	cnap_buf_reset(&p->plain);
}

static struct cnap_inline inline_end(struct text_parser *p, size_t no)
{
	flush_plain(p, no);
	struct cnap_inline in = { p->sp, p->n_sp };
	if (p->rc)
		in.n_spans = 0;
	p->sp = NULL;
	p->n_sp = p->cap_sp = 0;
	return in;
}

/* s[0..n) with its backslash escapes resolved, appended to b. */
static void unescape(const char *s, size_t n, struct cnap_buf *b)
{
	for (size_t i = 0; i < n;) {
		size_t l;
		if (s[i] == '\\' && (l = doc_escapable(s + i + 1, n - i - 1))) {
			cnap_buf_add(b, s + i + 1, l);
			i += 1 + l;
		} else {
			cnap_buf_addc(b, s[i++]);
		}
	}
}

/*
 * "[text](address)" at s: its length, with the raw text and address (still
 * escaped) in *text and *href; 0 when s does not hold one. The address may
 * hold parentheses in pairs ("…/A_(B)") or escaped ones, and brackets escaped.
 */
static size_t link_at(const char *s, size_t n, const char **text, size_t *tn, const char **href, size_t *hn)
{
	size_t j = 1, l;
	while (j < n && s[j] != ']') {
		if (s[j] == '[')
			return 0;
		j += s[j] == '\\' && (l = doc_escapable(s + j + 1, n - j - 1)) ? 1 + l : 1;
	}
	if (j + 1 >= n || s[j + 1] != '(')
		return 0;
	size_t k = j + 2, depth = 0;
	while (k < n) {
		if (s[k] == '\\' && (l = doc_escapable(s + k + 1, n - k - 1))) {
			if (s[k + 1] == ' ')
				return 0;
			k += 1 + l;
			continue;
		}
		/* An address has no space, and no bracket unless escaped: a scan stops at the next "[", so no line is read twice over. */
		if (doc_space_len(s + k, n - k) || s[k] == '[' || s[k] == ']')
			return 0;
		if (s[k] == '(')
			depth++;
		else if (s[k] == ')' && depth-- == 0)
			break;
		k++;
	}
	if (k >= n || k == j + 2)
		return 0;
	*text = s + 1;
	*tn = j - 1;
	*href = s + j + 2;
	*hn = k - j - 2;
	return k + 1;
}

static void add_link(struct text_parser *p, const char *href, size_t hn, const char *text, size_t tn, size_t no)
{
	char *h = cnap_arena_strndup(p->a, href, hn);
	if (!h) {
		oom(p);
		return;
	}
	if (!cnap_doc_href_ok(h)) {
		char ex[64];
		cnap_doc_excerpt(h, 40, ex, sizeof(ex));
		if (hn > CNAP_DOC_MAX_HREF)
			line_fail(p, CNAP_ETOOBIG, no, "リンク先が長すぎます（%dバイトまで）", CNAP_DOC_MAX_HREF);
		else
			line_fail(p, CNAP_EINVAL, no,
				  "リンク先「%s」は使えません。http、https、mailto のみ指定できます"
				  "（リンクでない「[」は「\\[」と書きます）",
				  ex);
		return;
	}
	flush_plain(p, no);
	push_span(p, text, tn, h, hn, no);
}

/* The inline text s[0..n) of line no, added to the content being built. */
static void parse_inline(struct text_parser *p, const char *s, size_t n, size_t no)
{
	struct cnap_buf tmp, ref;
	cnap_buf_init(&tmp, CNAP_DOC_MAX_TEXT_BYTES);
	cnap_buf_init(&ref, CNAP_DOC_MAX_TEXT_BYTES);
	for (size_t i = 0; i < n && !p->rc;) {
		size_t l, tn, hn;
		const char *text, *href;
		if (s[i] == '\\' && (l = doc_escapable(s + i + 1, n - i - 1))) {
			cnap_buf_add(&p->plain, s + i + 1, l);
			i += 1 + l;
		} else if (s[i] == '[' && (l = link_at(s + i, n - i, &text, &tn, &href, &hn))) {
			cnap_buf_reset(&tmp);
			cnap_buf_reset(&ref);
			unescape(text, tn, &tmp);
			unescape(href, hn, &ref);
			if (tmp.status || ref.status) {
				oom(p);
				break;
			}
			if (!tmp.len) {
				/* "[](…)" shows nothing: it is text. */
				cnap_buf_addc(&p->plain, s[i++]);
				continue;
			}
			add_link(p, ref.data, ref.len, tmp.data, tmp.len, no);
			i += l;
		} else if ((s[i] == 'h' || s[i] == 'H') && (l = doc_autolink_len(s + i, n - i))) {
			add_link(p, s + i, l, s + i, l, no);
			i += l;
		} else if (s[i] == '\t') {
			line_fail(p, CNAP_EINVAL, no, "タブ文字は表の中でだけ使えます");
		} else {
			cnap_buf_addc(&p->plain, s[i++]);
		}
	}
	if (!p->rc && p->plain.status == CNAP_ENOMEM)
		oom(p);
	else if (!p->rc && p->plain.status)
		line_fail(p, p->plain.status, no, "本文が大きすぎます");
	cnap_buf_release(&tmp);
	cnap_buf_release(&ref);
}

/* ---- blocks ---- */

static struct cnap_block *new_block(struct text_parser *p, struct cnap_block **v, size_t *n, size_t *cap, size_t no)
{
	if (++p->blocks > CNAP_DOC_MAX_BLOCKS) {
		line_fail(p, CNAP_ETOOBIG, no, "ブロック（段落・リストなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
		return NULL;
	}
	struct cnap_block *g = cnap_arena_grow(p->a, *v, *n, cap, sizeof(*g));
	if (!g) {
		oom(p);
		return NULL;
	}
	*v = g;
	memset(&g[*n], 0, sizeof(g[*n]));
	return &g[(*n)++];
}

static const struct line *cur(struct text_parser *p)
{
	return p->at < p->n_lines ? &p->lines[p->at] : NULL;
}

static void parse_paragraph(struct text_parser *p, struct cnap_block *b)
{
	const struct line *ln;
	bool first = true;
	b->kind = CNAP_BLK_PARAGRAPH;
	inline_begin(p);
	size_t no = 0;
	while (!p->rc && (ln = cur(p)) && (ln->c.kind == LINE_PARAGRAPH || ln->c.kind == LINE_ESCAPED)) {
		if (!first)
			cnap_buf_addc(&p->plain, '\n');
		first = false;
		no = ln->no;
		parse_inline(p, ln->s + ln->c.body, ln->n - ln->c.body, no);
		p->at++;
	}
	b->content = inline_end(p, no);
}

/*
 * One list whose first item is the current line, at depth (0 at the top):
 * the items of the same kind and indentation that follow, each with the
 * lists indented under it.
 */
static void parse_list(struct text_parser *p, int depth, struct cnap_block *b)
{
	const struct line *ln = cur(p);
	int indent = ln->c.level;
	size_t cap = 0;
	b->kind = CNAP_BLK_LIST;
	b->ordered = ln->c.ordered;
	while (!p->rc && (ln = cur(p)) && ln->c.kind == LINE_ITEM &&
	       (b->n_items == 0 || (ln->c.level == indent && ln->c.ordered == b->ordered))) {
		if (b->n_items >= CNAP_DOC_MAX_BLOCKS) {
			line_fail(p, CNAP_ETOOBIG, ln->no, "リストの項目が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
			return;
		}
		struct cnap_list_item *items = cnap_arena_grow(p->a, b->items, b->n_items, &cap, sizeof(*items));
		if (!items) {
			oom(p);
			return;
		}
		b->items = items;
		struct cnap_list_item *it = &items[b->n_items++];
		memset(it, 0, sizeof(*it));
		inline_begin(p);
		parse_inline(p, ln->s + ln->c.body, ln->n - ln->c.body, ln->no);
		it->content = inline_end(p, ln->no);
		p->at++;
		size_t child_cap = 0;
		while (!p->rc && (ln = cur(p)) && ln->c.kind == LINE_ITEM && ln->c.level > indent) {
			if (depth + 1 >= CNAP_DOC_MAX_DEPTH) {
				line_fail(p, CNAP_EINVAL, ln->no, "リストの入れ子が深すぎます（%d段まで）", CNAP_DOC_MAX_DEPTH);
				return;
			}
			struct cnap_block child = { 0 };
			if (++p->blocks > CNAP_DOC_MAX_BLOCKS) {
				line_fail(p, CNAP_ETOOBIG, ln->no, "ブロック（段落・リストなど）が多すぎます（%d個まで）",
					  CNAP_DOC_MAX_BLOCKS);
				return;
			}
			parse_list(p, depth + 1, &child);
			if (p->rc)
				return;
			struct cnap_block *last = it->n_children ? &it->children[it->n_children - 1] : NULL;
			if (last && last->ordered == child.ordered) {
				/* Indented less than the list before it but still under the item: the same list goes on. */
				size_t n = last->n_items + child.n_items;
				struct cnap_list_item *v = cnap_arena_calloc(p->a, n, sizeof(*v));
				if (!v) {
					oom(p);
					return;
				}
				memcpy(v, last->items, last->n_items * sizeof(*v));
				memcpy(v + last->n_items, child.items, child.n_items * sizeof(*v));
				last->items = v;
				last->n_items = n;
				p->blocks--;
				continue;
			}
			struct cnap_block *ch = cnap_arena_grow(p->a, it->children, it->n_children, &child_cap, sizeof(*ch));
			if (!ch) {
				oom(p);
				return;
			}
			it->children = ch;
			ch[it->n_children++] = child;
		}
	}
}

/* Whether s[i] is preceded by an odd number of backslashes (from s[start]), so escaped. */
static bool escaped_at(const char *s, size_t start, size_t i)
{
	size_t k = 0;
	while (i > start + k && s[i - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

struct cell_src {
	const char *s;
	size_t n;
};

/* s[a..b) less the spaces (half- and full-width) and, when tabs, the tabs at its end that are not escaped. */
static size_t trim_end(const char *s, size_t a, size_t b, bool tabs)
{
	for (;;) {
		if (b > a && (s[b - 1] == ' ' || (tabs && s[b - 1] == '\t')) && !escaped_at(s, a, b - 1))
			b--;
		else if (b >= a + 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0 && !escaped_at(s, a, b - 3))
			b -= 3;
		else
			return b;
	}
}

static size_t trim_start(const char *s, size_t a, size_t b, bool tabs)
{
	for (;;) {
		if (a < b && (s[a] == ' ' || (tabs && s[a] == '\t')))
			a++;
		else if (b >= a + 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
			a += 3;
		else
			return a;
	}
}

/*
 * The trimmed cells of a row, at most CNAP_DOC_MAX_TABLE_COLS + 1 (one more
 * means too many). A row with a tab is split at tabs (pasted from a
 * spreadsheet: a leading tab is an empty first cell); else at the '|' not
 * escaped, a '|' at either end being the frame.
 */
static size_t split_row(const char *s, size_t n, struct cell_src *cells)
{
	size_t start = trim_start(s, 0, n, false), end = trim_end(s, start, n, false), count = 0;
	bool tabs = memchr(s + start, '\t', end - start) != NULL;
	if (!tabs) {
		if (start < end && s[start] == '|')
			start++;
		if (end > start && s[end - 1] == '|' && !escaped_at(s, start, end - 1))
			end--;
	}
	size_t c0 = start;
	for (size_t i = start; i <= end && count <= CNAP_DOC_MAX_TABLE_COLS; i++) {
		bool sep = i == end || (tabs ? s[i] == '\t' : s[i] == '|' && !escaped_at(s, start, i));
		if (!sep)
			continue;
		size_t a = trim_start(s, c0, i, false);
		cells[count].s = s + a;
		cells[count].n = trim_end(s, a, i, false) - a;
		count++;
		c0 = i + 1;
	}
	return count;
}

struct row {
	struct cell_src cells[CNAP_DOC_MAX_TABLE_COLS + 1];
	size_t n, no;
};

/* The table whose first row is the current line; counted as a block. */
static void parse_table(struct text_parser *p, struct cnap_block *b)
{
	struct row *rows = NULL;
	const struct line *ln = cur(p);
	size_t n_rows = 0, cap = 0, cols = 0, header_rows = 1, first_no = ln->no;
	bool separated = false;
	if (++p->blocks > CNAP_DOC_MAX_BLOCKS) {
		line_fail(p, CNAP_ETOOBIG, ln->no, "ブロック（段落・リストなど）が多すぎます（%d個まで）", CNAP_DOC_MAX_BLOCKS);
		return;
	}
	while ((ln = cur(p)) && ln->c.kind == LINE_ROW) {
		struct cell_src cells[CNAP_DOC_MAX_TABLE_COLS + 1];
		size_t n = split_row(ln->s, ln->n, cells);
		if (n > CNAP_DOC_MAX_TABLE_COLS) {
			line_fail(p, CNAP_ETOOBIG, ln->no, "表の列が多すぎます（%d列まで）", CNAP_DOC_MAX_TABLE_COLS);
			return;
		}
		bool dashes = true;
		for (size_t k = 0; k < n; k++)
			dashes = dashes && doc_all_dashes(cells[k].s, cells[k].n);
		p->at++;
		if (dashes && !separated) {
			/* "|---|---|": the rows above it are the headings. */
			separated = true;
			header_rows = n_rows;
			continue;
		}
		if (n_rows == CNAP_DOC_MAX_TABLE_ROWS) {
			line_fail(p, CNAP_ETOOBIG, ln->no, "表の行が多すぎます（%d行まで）", CNAP_DOC_MAX_TABLE_ROWS);
			return;
		}
		struct row *g = cnap_arena_grow(p->a, rows, n_rows, &cap, sizeof(*g));
		if (!g) {
			oom(p);
			return;
		}
		rows = g;
		memcpy(rows[n_rows].cells, cells, n * sizeof(cells[0]));
		rows[n_rows].n = n;
		rows[n_rows].no = ln->no;
		n_rows++;
		if (n > cols)
			cols = n;
	}
	if (!n_rows) {
		line_fail(p, CNAP_EINVAL, first_no, "表に行がありません（区切りの行「|---|」だけです）");
		return;
	}
	b->kind = CNAP_BLK_TABLE;
	b->rows = n_rows;
	b->cols = cols;
	b->header_rows = header_rows;
	b->cells = cnap_arena_calloc(p->a, n_rows * cols, sizeof(*b->cells));
	if (!b->cells) {
		oom(p);
		return;
	}
	/* Shorter rows keep empty cells at their end. */
	for (size_t r = 0; r < n_rows && !p->rc; r++)
		for (size_t k = 0; k < rows[r].n && !p->rc; k++) {
			inline_begin(p);
			parse_inline(p, rows[r].cells[k].s, rows[r].cells[k].n, rows[r].no);
			b->cells[r * cols + k] = inline_end(p, rows[r].no);
		}
}

static void parse_blocks(struct text_parser *p, struct cnap_doc *out)
{
	size_t cap = 0;
	const struct line *ln;
	while (!p->rc && (ln = cur(p))) {
		if (ln->c.kind == LINE_BLANK) {
			p->at++;
			continue;
		}
		struct cnap_block *b = new_block(p, &out->blocks, &out->n_blocks, &cap, ln->no);
		if (!b)
			return;
		switch (ln->c.kind) {
		case LINE_PARAGRAPH:
		case LINE_ESCAPED:
			parse_paragraph(p, b);
			break;
		case LINE_HEADING:
		case LINE_HEADING_MARK:
			b->kind = CNAP_BLK_HEADING;
			inline_begin(p);
			parse_inline(p, ln->s + ln->c.body, ln->n - ln->c.body, ln->no);
			b->content = inline_end(p, ln->no);
			if (!p->rc && !b->content.n_spans)
				line_fail(p, CNAP_EINVAL, ln->no, "見出しに文字がありません");
			p->at++;
			break;
		case LINE_NOTE:
			b->kind = CNAP_BLK_NOTE;
			b->mark = cnap_arena_strndup(p->a, ln->s, ln->c.mark_len);
			if (!b->mark) {
				oom(p);
				return;
			}
			inline_begin(p);
			parse_inline(p, ln->s + ln->c.body, ln->n - ln->c.body, ln->no);
			b->content = inline_end(p, ln->no);
			p->at++;
			break;
		case LINE_DATA:
			b->kind = CNAP_BLK_DATA;
			/* The line reads as data only when its code is one (doc_line_classify). */
			b->table = cnap_arena_strndup(p->a, ln->s + ln->c.body, ln->c.mark_len);
			if (!b->table) {
				oom(p);
				return;
			}
			p->at++;
			break;
		case LINE_ITEM:
			parse_list(p, 0, b);
			break;
		case LINE_ROW:
			p->blocks--; /* parse_table counts it */
			parse_table(p, b);
			break;
		default:
			p->at++;
			break;
		}
	}
}

/* Split into lines (\n or \r\n), each valid UTF-8 without control characters but tabs. */
static void split_lines(struct text_parser *p, const char *text, size_t len)
{
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		count += text[i] == '\n';
	p->lines = cnap_arena_calloc(p->a, count, sizeof(*p->lines));
	if (!p->lines) {
		oom(p);
		return;
	}
	size_t start = 0, no = 1;
	while (start <= len && !p->rc) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - start;
		if (n && text[start + n - 1] == '\r')
			n--;
		const char *s = text + start;
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t l = cnap_utf8_decode(s + i, n - i, &cp);
			if (!l) {
				line_fail(p, CNAP_EINVAL, no, "正しいUTF-8でない文字があります（%zuバイト目）", i + 1);
				return;
			}
			if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
				line_fail(p, CNAP_EINVAL, no, "制御文字（U+%04X）は使えません", (unsigned)cp);
				return;
			}
			i += l;
		}
		struct line *ln = &p->lines[p->n_lines++];
		ln->s = s;
		ln->n = n;
		ln->no = no++;
		doc_line_classify(s, n, &ln->c);
		if (!nl)
			break;
		start = end + 1;
	}
}

enum cnap_err cnap_doc_text_parse(const char *text, size_t len, const char *where_prefix, struct cnap_arena *a,
				  struct cnap_doc *out, struct cnap_error *err)
{
	struct text_parser p = { .a = a, .err = err, .item = where_prefix ? where_prefix : "" };
	memset(out, 0, sizeof(*out));
	if (!text)
		text = "", len = 0;
	if (len > CNAP_DOC_MAX_TEXT_BYTES) {
		line_fail(&p, CNAP_ETOOBIG, 0, "本文が大きすぎます（%zuバイト、%zuバイトまで）", len, CNAP_DOC_MAX_TEXT_BYTES);
		return p.rc;
	}
	if (len >= 3 && memcmp(text, DOC_BOM, 3) == 0) {
		text += 3;
		len -= 3;
	}
	cnap_buf_init(&p.plain, CNAP_DOC_MAX_TEXT_BYTES + 16);
	split_lines(&p, text, len);
	if (!p.rc)
		parse_blocks(&p, out);
	cnap_buf_release(&p.plain);
	if (!p.rc)
		p.rc = cnap_doc_check(out, where_prefix, err);
	if (p.rc)
		memset(out, 0, sizeof(*out));
	return p.rc;
}
