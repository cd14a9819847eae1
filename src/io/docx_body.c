/*
 * word/document.xml and word/footnotes.xml (docx_priv.h): paragraphs, runs,
 * links, tables and notes into the document's elements. One grammar reads
 * both parts: a footnote holds paragraphs as the body does.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_priv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum {
	DX_TOP, DX_DOC, DX_BODY, DX_P, DX_PPR, DX_NUMPR, DX_RUN, DX_RPR, DX_T, DX_LINK, DX_RUBY, DX_RUBY_BASE,
	DX_TBL, DX_TR, DX_TRPR, DX_TC, DX_TCPR, DX_NOTES, DX_NOTE
};

static const struct ooxml_step body_steps[] = {
	/* the frequent ones first */
	{ DX_RUN, DX_T, true, "t" },
	{ DX_P, DX_RUN, false, "r" },
	{ DX_RUN, DX_RPR, false, "rPr" },
	{ DX_P, DX_PPR, false, "pPr" },
	{ DX_BODY, DX_P, false, "p" },
	{ DX_TC, DX_P, false, "p" },
	{ DX_PPR, DX_NUMPR, false, "numPr" },
	{ DX_LINK, DX_RUN, false, "r" },
	{ DX_P, DX_LINK, false, "hyperlink" },
	{ DX_TR, DX_TC, false, "tc" },
	{ DX_TC, DX_TCPR, false, "tcPr" },
	{ DX_TBL, DX_TR, false, "tr" },
	{ DX_TR, DX_TRPR, false, "trPr" },
	{ DX_BODY, DX_TBL, false, "tbl" },
	{ DX_TC, DX_TBL, false, "tbl" },
	{ DX_P, DX_RUBY, false, "ruby" },
	{ DX_RUBY, DX_RUBY_BASE, false, "rubyBase" },
	{ DX_RUBY_BASE, DX_RUN, false, "r" },
	{ DX_NOTE, DX_P, false, "p" },
	{ DX_NOTE, DX_TBL, false, "tbl" },
	{ DX_TOP, DX_DOC, false, "document" },
	{ DX_DOC, DX_BODY, false, "body" },
	{ DX_TOP, DX_NOTES, false, "footnotes" },
	{ DX_NOTES, DX_NOTE, false, "footnote" },
	/* what only wraps content: tracked insertions, content controls, smart tags, custom XML, simple fields */
	{ OOXML_ANY, OOXML_SAME, false, "ins" },
	{ OOXML_ANY, OOXML_SAME, false, "moveTo" },
	{ OOXML_ANY, OOXML_SAME, false, "sdt" },
	{ OOXML_ANY, OOXML_SAME, false, "sdtContent" },
	{ OOXML_ANY, OOXML_SAME, false, "smartTag" },
	{ OOXML_ANY, OOXML_SAME, false, "customXml" },
	{ OOXML_ANY, OOXML_SAME, false, "fldSimple" },
	{ OOXML_ANY, OOXML_SAME, false, "dir" },
	{ OOXML_ANY, OOXML_SAME, false, "bdo" },
};

/* ---- spans ---- */

static void spans_reset(struct dx_spans *s)
{
	s->n = 0;
	cnap_buf_reset(&s->run);
	s->run_href = NULL;
	s->any = false;
	s->pending_break = false;
}

/* The run of text built so far becomes a span. */
static void spans_flush(struct dx *x, struct dx_spans *s)
{
	if (s->run.len == 0)
		return;
	if (!ooxml_grow(&x->pk, (void **)&s->v, &s->cap, s->n, sizeof(*s->v)))
		return;
	const char *text = ooxml_strndup(&x->pk, s->run.data, s->run.len);
	if (text)
		s->v[s->n++] = (struct cnap_span){ .text = text, .href = s->run_href };
	cnap_buf_reset(&s->run);
}

/* The spans into the arena, and their text joined into *text when text is not NULL. */
static struct cnap_inline spans_finish(struct dx *x, struct dx_spans *s, const char **text)
{
	spans_flush(x, s);
	struct cnap_inline in = { 0 };
	if (x->pk.rc != CNAP_OK)
		return in;
	in.spans = ooxml_to_arena(&x->pk, s->v, s->n, sizeof(*s->v));
	in.n_spans = in.spans ? s->n : 0;
	if (text) {
		struct cnap_buf b;
		cnap_buf_init(&b, x->lim.max_text_bytes + 1);
		for (size_t i = 0; i < in.n_spans; i++)
			cnap_buf_adds(&b, in.spans[i].text);
		*text = b.status == CNAP_OK ? ooxml_strndup(&x->pk, b.data ? b.data : "", b.len) : NULL;
		if (b.status != CNAP_OK)
			ooxml_oom(&x->pk);
		cnap_buf_release(&b);
	}
	return in;
}

static void add_str(struct dx *x, const char *s);

static const struct dx_para_kind *para_kind(struct dx *x)
{
	if (!x->p_kind_done) {
		dx_para_kind(x, &x->p_kind);
		x->p_kind_done = true;
	}
	return &x->p_kind;
}

/* Appends text to where the open paragraph's text goes, with the link it is in. */
static void add_text(struct dx *x, const char *s, size_t n)
{
	struct dx_spans *sp = x->target;
	if (!sp || n == 0 || x->hidden)
		return;
	if (sp->pending_break) {
		/* the line break between two paragraphs of a cell is plain text */
		sp->pending_break = false;
		if (sp->run.len > 0 && sp->run_href)
			spans_flush(x, sp);
		if (sp->run.len == 0)
			sp->run_href = NULL;
		if (cnap_buf_add(&sp->run, "\n", 1) != CNAP_OK)
			ooxml_oom(&x->pk);
	}
	if (sp != &x->para && !x->p_kind_done) {
		/* in a cell or a note, a list's number or bullet is part of the line */
		const struct dx_para_kind *k = para_kind(x);
		if (*k->label) {
			add_str(x, k->label);
			add_str(x, " ");
		}
	}
	x->text_bytes += n;
	if (x->text_bytes > x->lim.max_text_bytes) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "文書の文字が多すぎます（%zu MiBまで）",
			   x->lim.max_text_bytes >> 20);
		return;
	}
	if (sp->run.len > 0 && sp->run_href != x->href)
		spans_flush(x, sp);
	sp->run_href = x->href;
	if (cnap_buf_add(&sp->run, s, n) != CNAP_OK)
		ooxml_oom(&x->pk);
	sp->any = true;
}

static void add_str(struct dx *x, const char *s)
{
	add_text(x, s, strlen(s));
}

static void add_code_point(struct dx *x, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	add_text(x, u, n);
}

/*
 * Where the text being read is, as the elements will be numbered: 「12番目の
 * 段落」, 「3番目の表」, 「脚注」.
 */
static const char *here(const struct dx *x, char *buf, size_t size)
{
	if (x->in_notes)
		snprintf(buf, size, "脚注");
	else if (x->tbl_depth > 0)
		snprintf(buf, size, "%zu番目の表", x->n_tables + 1);
	else
		snprintf(buf, size, "%zu番目の段落", x->n_paragraphs + 1);
	return buf;
}

/*
 * The text of one w:t: white space that is not a space (Word shows none
 * inside a run) becomes one, U+2028 and U+2029 line breaks; DEL and the C1
 * controls XML lets through are refused.
 */
static void add_run_text(struct dx *x, char *s, size_t n)
{
	size_t i = 0, from = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = cnap_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			char w[64];
			ooxml_fail(&x->pk, CNAP_EINVAL, x->pk.part, "%sにUTF-8として正しくない文字があります",
				   here(x, w, sizeof(w)));
			return;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			s[i] = ' ';
		} else if (cp == 0x2028 || cp == 0x2029) {
			add_text(x, s + from, i - from);
			add_str(x, "\n");
			from = i + len;
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			char w[64];
			ooxml_fail(&x->pk, CNAP_EINVAL, x->pk.part,
				   "%sに制御文字（U+%04X）があります。削除して保存し直してください", here(x, w, sizeof(w)),
				   (unsigned)cp);
			return;
		}
		i += len;
	}
	add_text(x, s + from, n - from);
}

/* ---- links ---- */

static bool starts_with_nocase(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* The target of an external hyperlink as cnap keeps it, or NULL (reported or refused). */
static const char *link_target(struct dx *x, const char *target)
{
	const char *t = target;
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	static const char *const refused[] = { "javascript:", "vbscript:", "data:" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(refused); i++)
		if (starts_with_nocase(t, refused[i])) {
			char w[64];
			ooxml_fail(&x->pk, CNAP_EINVAL, x->pk.part, "%sのリンク先が %s で始まります。安全のため読み込みません",
				   here(x, w, sizeof(w)), refused[i]);
			return NULL;
		}
	if (cnap_doc_href_ok(t))
		return t;
	char shown[128], w[64];
	cnap_doc_excerpt(t, 80, shown, sizeof(shown));
	dx_warn(x, "%sのリンク（%s）はWebやメールの宛先ではないため、文字だけを取り込みます", here(x, w, sizeof(w)),
		shown);
	return NULL;
}

static void link_enter(struct dx *x, const XML_Char **atts)
{
	if (x->link_depth++ > 0)
		return; /* a link inside a link keeps the outer one */
	const char *rid = ooxml_attr_rid(atts);
	const struct ooxml_rel *rel = rid && x->rels ? ooxml_rel_find(x->rels, rid) : NULL;
	x->href = rel && rel->external ? link_target(x, rel->target) : NULL;
}

/* ---- paragraphs ---- */

static void para_enter(struct dx *x)
{
	if (++x->paragraphs > x->lim.max_paragraphs) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "段落が多すぎます（%zu個まで）", x->lim.max_paragraphs);
		return;
	}
	x->p_style = NULL;
	x->p_outline = -1;
	x->p_ilvl = -1;
	x->p_num = -1;
	x->p_kind_done = false;
	if (x->in_notes)
		x->target = &x->note;
	else if (x->tbl_depth > 0)
		x->target = &x->cell;
	else
		x->target = &x->para;
	if (x->target == &x->para)
		spans_reset(&x->para);
	else if (x->target->any)
		x->target->pending_break = true; /* the paragraphs of a cell or a note are its lines */
}

static void para_props(struct dx *x, const char *local, const XML_Char **atts)
{
	const char *val = ooxml_attr_main(&x->pk, atts, "val");
	if (strcmp(local, "pStyle") == 0 && val) {
		x->p_style = dx_style(x, val); /* one not defined is the default, as in Word */
	} else if (strcmp(local, "outlineLvl") == 0) {
		long v = ooxml_small_uint(val);
		x->p_outline = v >= 0 && v <= 9 ? (int)v : -1;
	}
}

static void num_props(struct dx *x, const char *local, const XML_Char **atts)
{
	long v = ooxml_small_uint(ooxml_attr_main(&x->pk, atts, "val"));
	if (strcmp(local, "numId") == 0 && v >= 0)
		x->p_num = v;
	else if (strcmp(local, "ilvl") == 0 && v >= 0 && v < DOCX_LEVELS)
		x->p_ilvl = (int)v;
}

static void add_element(struct dx *x, const struct cnap_docx_element *e)
{
	if (x->n_elements >= x->lim.max_paragraphs) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "段落と表が多すぎます（%zu個まで）", x->lim.max_paragraphs);
		return;
	}
	if (ooxml_grow(&x->pk, (void **)&x->elements, &x->cap_elements, x->n_elements, sizeof(*x->elements)))
		x->elements[x->n_elements++] = *e;
}

static int note_by_id(const void *a, const void *b)
{
	const struct dx_note *p = a, *q = b;
	return p->id < q->id ? -1 : p->id > q->id;
}

/* The notes the element just added refers to, right after it. */
static void add_referred_notes(struct dx *x)
{
	for (size_t i = 0; i < x->n_refs && x->pk.rc == CNAP_OK; i++) {
		struct dx_note key = { .id = x->refs[i].id };
		const struct dx_note *n =
			x->n_notes ? bsearch(&key, x->notes, x->n_notes, sizeof(*x->notes), note_by_id) : NULL;
		if (!n || n->content.n_spans == 0)
			continue;
		char mark[32];
		snprintf(mark, sizeof(mark), "※%u", x->refs[i].number);
		struct cnap_docx_element e = {
			.kind = CNAP_DOCX_NOTE, .number = ++x->n_marks, .content = n->content,
			.mark = ooxml_strdup(&x->pk, mark),
		};
		add_element(x, &e);
	}
	x->n_refs = 0;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			return false;
	return true;
}

static void para_leave(struct dx *x)
{
	const struct dx_para_kind k = *para_kind(x);
	if (x->target != &x->para) {
		x->target = NULL;
		return;
	}
	x->target = NULL;
	const char *text = NULL;
	struct cnap_inline content = spans_finish(x, &x->para, &text);
	if (!text || blank(text)) {
		if (x->pk.rc == CNAP_OK)
			add_referred_notes(x);
		return;
	}
	struct cnap_docx_element e = {
		.kind = CNAP_DOCX_PARAGRAPH, .number = ++x->n_paragraphs, .content = content,
		.para = {
			.style = k.style, .heading = k.heading, .list_level = k.heading ? -1 : k.level,
			.ordered = k.ordered, .list = k.list, .label = k.label, .text = text,
		},
	};
	if (!k.numbered)
		e.para.list_level = -1;
	add_element(x, &e);
	add_referred_notes(x);
}

/* ---- runs ---- */

static bool on_or_absent(const struct ooxml_pkg *pk, const XML_Char **atts)
{
	const char *v = ooxml_attr_main(pk, atts, "val");
	return !v || ooxml_true(v);
}

static void footnote_ref(struct dx *x, const XML_Char **atts)
{
	long id = ooxml_small_uint(ooxml_attr_main(&x->pk, atts, "id"));
	if (x->in_notes || id < 0)
		return;
	char mark[32];
	unsigned number = ++x->next_mark;
	snprintf(mark, sizeof(mark), "※%u", number);
	add_str(x, mark);
	if (x->n_refs < 1000 && ooxml_grow(&x->pk, (void **)&x->refs, &x->cap_refs, x->n_refs, sizeof(*x->refs)))
		x->refs[x->n_refs++] = (struct dx_ref){ number, id };
}

static void symbol(struct dx *x, const XML_Char **atts)
{
	const char *c = ooxml_attr_main(&x->pk, atts, "char");
	uint32_t cp = 0;
	size_t i = 0;
	for (; c && i < 6 && c[i]; i++) {
		char h = c[i];
		int v = h >= '0' && h <= '9' ? h - '0' : (h | 0x20) >= 'a' && (h | 0x20) <= 'f' ? (h | 0x20) - 'a' + 10 : -1;
		if (v < 0)
			return;
		cp = cp << 4 | (uint32_t)v;
	}
	if (!c || c[i] || i == 0)
		return;
	/* a symbol font's private code (Wingdings' F0FC) is no character anyone else can show */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF) ||
	    cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF)
		return;
	add_code_point(x, cp);
}

static void run_leaf(struct dx *x, const char *local, const XML_Char **atts)
{
	if (strcmp(local, "tab") == 0 || strcmp(local, "ptab") == 0) {
		add_str(x, " ");
	} else if (strcmp(local, "br") == 0) {
		const char *type = ooxml_attr_main(&x->pk, atts, "type");
		if (!type || strcmp(type, "textWrapping") == 0)
			add_str(x, "\n");
	} else if (strcmp(local, "cr") == 0) {
		add_str(x, "\n");
	} else if (strcmp(local, "noBreakHyphen") == 0) {
		add_str(x, "-");
	} else if (strcmp(local, "sym") == 0) {
		symbol(x, atts);
	} else if (strcmp(local, "footnoteReference") == 0) {
		footnote_ref(x, atts);
	}
}

/* ---- tables ---- */

static void table_enter(struct dx *x)
{
	if (++x->paragraphs > x->lim.max_paragraphs) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "段落と表が多すぎます（%zu個まで）", x->lim.max_paragraphs);
		return;
	}
	if (++x->tbl_depth == 1 && !x->in_notes) {
		x->n_cells = 0;
		x->n_rows = 0;
	}
}

static bool outer_table(const struct dx *x)
{
	return x->tbl_depth == 1 && !x->in_notes;
}

/* n cells more in the open row, the first with content and the others empty. */
static void add_cells(struct dx *x, struct cnap_inline content, long n)
{
	struct dx_row *row = &x->rows[x->n_rows - 1];
	for (long i = 0; i < n && x->pk.rc == CNAP_OK; i++) {
		if (row->n >= CNAP_DOCX_MAX_COLS) {
			ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "%zu番目の表の列が多すぎます（%d列まで）", x->n_tables + 1,
				   CNAP_DOCX_MAX_COLS);
			return;
		}
		if (x->n_cells >= x->lim.max_cells) {
			ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "表のセルが多すぎます（%zu個まで）", x->lim.max_cells);
			return;
		}
		if (!ooxml_grow(&x->pk, (void **)&x->cells, &x->cap_cells, x->n_cells, sizeof(*x->cells)))
			return;
		x->cells[x->n_cells++] = i == 0 ? content : (struct cnap_inline){ 0 };
		row->n++;
	}
}

static void row_enter(struct dx *x)
{
	if (!outer_table(x))
		return;
	if (!ooxml_grow(&x->pk, (void **)&x->rows, &x->cap_rows, x->n_rows, sizeof(*x->rows)))
		return;
	x->rows[x->n_rows++] = (struct dx_row){ .first = x->n_cells };
}

static void row_props(struct dx *x, const char *local, const XML_Char **atts)
{
	if (!outer_table(x) || x->n_rows == 0)
		return;
	if (strcmp(local, "tblHeader") == 0) {
		x->rows[x->n_rows - 1].header = on_or_absent(&x->pk, atts);
	} else if (strcmp(local, "gridBefore") == 0) {
		long n = ooxml_small_uint(ooxml_attr_main(&x->pk, atts, "val"));
		if (n > 0)
			add_cells(x, (struct cnap_inline){ 0 }, n > CNAP_DOCX_MAX_COLS ? CNAP_DOCX_MAX_COLS + 1 : n);
	}
}

static void cell_enter(struct dx *x)
{
	if (!outer_table(x))
		return;
	x->cell_span = 1;
	x->cell_continues = false;
	spans_reset(&x->cell);
}

static void cell_props(struct dx *x, const char *local, const XML_Char **atts)
{
	if (!outer_table(x))
		return;
	const char *val = ooxml_attr_main(&x->pk, atts, "val");
	if (strcmp(local, "gridSpan") == 0) {
		long n = ooxml_small_uint(val);
		if (n > 1)
			x->cell_span = n > CNAP_DOCX_MAX_COLS ? CNAP_DOCX_MAX_COLS + 1 : n;
	} else if (strcmp(local, "vMerge") == 0 || strcmp(local, "hMerge") == 0) {
		/* a cell that continues a merge shows nothing of its own */
		x->cell_continues = !val || strcmp(val, "continue") == 0;
	}
}

static void cell_leave(struct dx *x)
{
	if (!outer_table(x) || x->n_rows == 0)
		return;
	struct cnap_inline content = spans_finish(x, &x->cell, NULL);
	if (x->cell_continues)
		content = (struct cnap_inline){ 0 };
	add_cells(x, content, x->cell_span);
}

static void table_leave(struct dx *x)
{
	bool outer = outer_table(x);
	x->tbl_depth--;
	if (!outer || x->pk.rc != CNAP_OK)
		return;
	size_t cols = 0, header = 0;
	for (size_t i = 0; i < x->n_rows; i++)
		if (x->rows[i].n > cols)
			cols = x->rows[i].n;
	while (header < x->n_rows && x->rows[header].header)
		header++;
	if (x->n_rows == 0 || cols == 0) {
		add_referred_notes(x);
		return;
	}
	size_t total;
	if (!cnap_st_mult(x->n_rows, cols, &total) || total > x->lim.max_cells) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "表のセルが多すぎます（%zu個まで）", x->lim.max_cells);
		return;
	}
	struct cnap_inline *grid = cnap_arena_calloc(x->pk.arena, total, sizeof(*grid));
	if (!grid) {
		ooxml_oom(&x->pk);
		return;
	}
	for (size_t r = 0; r < x->n_rows; r++)
		memcpy(grid + r * cols, x->cells + x->rows[r].first, x->rows[r].n * sizeof(*grid));
	struct cnap_docx_element e = {
		.kind = CNAP_DOCX_TABLE, .number = ++x->n_tables,
		.table = { .rows = x->n_rows, .cols = cols, .header_rows = header, .cells = grid },
	};
	add_element(x, &e);
	add_referred_notes(x);
}

/* ---- footnotes ---- */

static void note_enter(struct dx *x, const XML_Char **atts)
{
	const char *type = ooxml_attr_main(&x->pk, atts, "type");
	long id = ooxml_small_uint(ooxml_attr_main(&x->pk, atts, "id"));
	if ((type && strcmp(type, "normal") != 0) || id < 0) {
		ooxml_skip(&x->pk); /* the separator lines Word draws above the notes */
		return;
	}
	x->note_id = id;
	spans_reset(&x->note);
}

static void note_leave(struct dx *x)
{
	struct cnap_inline content = spans_finish(x, &x->note, NULL);
	if (x->pk.rc != CNAP_OK)
		return;
	if (x->n_notes >= x->lim.max_paragraphs) {
		ooxml_fail(&x->pk, CNAP_ETOOBIG, x->pk.part, "脚注が多すぎます（%zu個まで）", x->lim.max_paragraphs);
		return;
	}
	if (ooxml_grow(&x->pk, (void **)&x->notes, &x->cap_notes, x->n_notes, sizeof(*x->notes)))
		x->notes[x->n_notes++] = (struct dx_note){ x->note_id, content };
}

/* ---- the grammar's callbacks ---- */

static void body_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	switch (pk->at) {
	case DX_P:
		para_enter(x);
		break;
	case DX_RUN:
		x->hidden = false;
		break;
	case DX_T:
		cnap_buf_reset(&pk->text);
		break;
	case DX_LINK:
		link_enter(x, atts);
		break;
	case DX_TBL:
		table_enter(x);
		break;
	case DX_TR:
		row_enter(x);
		break;
	case DX_TC:
		cell_enter(x);
		break;
	case DX_NOTE:
		note_enter(x, atts);
		break;
	}
}

static void body_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	switch (pk->at) {
	case DX_RUN:
		run_leaf(x, local, atts);
		break;
	case DX_PPR:
		para_props(x, local, atts);
		break;
	case DX_NUMPR:
		num_props(x, local, atts);
		break;
	case DX_RPR:
		if (strcmp(local, "vanish") == 0 || strcmp(local, "specVanish") == 0)
			x->hidden = on_or_absent(pk, atts);
		break;
	case DX_TRPR:
		row_props(x, local, atts);
		break;
	case DX_TCPR:
		cell_props(x, local, atts);
		break;
	}
}

static void body_leave(struct ooxml_pkg *pk)
{
	struct dx *x = dx_of(pk);
	if (pk->rc != CNAP_OK)
		return;
	switch (pk->at) {
	case DX_T:
		if (pk->text.len)
			add_run_text(x, pk->text.data, pk->text.len);
		break;
	case DX_P:
		para_leave(x);
		break;
	case DX_RUN:
		x->hidden = false;
		break;
	case DX_LINK:
		if (--x->link_depth == 0)
			x->href = NULL;
		break;
	case DX_TC:
		cell_leave(x);
		break;
	case DX_TBL:
		table_leave(x);
		break;
	case DX_NOTE:
		note_leave(x);
		break;
	}
}

static const struct ooxml_grammar body_grammar = { OOXML_NS_WML, body_steps, CNAP_ARRAY_LEN(body_steps), body_enter,
						     body_leaf, body_leave };

static void reading(struct dx *x, bool notes)
{
	x->in_notes = notes;
	x->tbl_depth = 0;
	x->link_depth = 0;
	x->href = NULL;
	x->hidden = false;
	x->target = NULL;
}

enum cnap_err dx_read_notes(struct dx *x, const char *part)
{
	struct ooxml_pkg *pk = &x->pk;
	if (!part || ooxml_locate(pk, part) < 0)
		return CNAP_OK;
	struct ooxml_rels rels;
	if (ooxml_read_rels(pk, part, &rels) == CNAP_OK) {
		x->rels = &rels;
		reading(x, true);
		ooxml_parse_part(pk, part, &body_grammar);
		x->rels = NULL;
	}
	ooxml_rels_release(&rels);
	if (pk->rc == CNAP_OK && x->n_notes > 1)
		qsort(x->notes, x->n_notes, sizeof(*x->notes), note_by_id);
	return pk->rc;
}

enum cnap_err dx_read_document(struct dx *x)
{
	x->rels = &x->doc_rels;
	reading(x, false);
	x->paragraphs = 0;
	ooxml_parse_part(&x->pk, x->document_part, &body_grammar);
	x->rels = NULL;
	return x->pk.rc;
}
