/*
 * cnap_docx_split (docx_split.h): the walk down the document that decides,
 * heading by heading, which item the text that follows belongs to.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_split_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* An outline item as the walk compares headings with it. */
struct target {
	const struct cnap_survey_item *it;
	int chapter;       /* index of its chapter (the top-level item above it, or itself), -1 for none */
	struct cnap_docx_number code;
	const char *number, *title, *key;
	bool placed;
	size_t heading;    /* the element of its heading, once placed */
};

static const char *const BEFORE_FIRST = "最初の項目の見出しより前にあります";
static const char *const UNKNOWN = "調査票のどの項目にも合わない見出しと、その下の内容です";
static const char *const SECOND = "同じ項目の見出しが2回目に現れたところからの内容です";

static enum cnap_err oom(struct docx_splitter *s)
{
	return cnap_fail(s->err, CNAP_ENOMEM, "", "メモリが足りません");
}

/* ---- what is reported ---- */

/* The text of an element for a listing, cut to CNAP_DOCX_UNPLACED_CHARS characters. */
static const char *excerpt(struct cnap_arena *a, const struct cnap_docx_element *e)
{
	const char *t = "";
	if (e->kind == CNAP_DOCX_PARAGRAPH)
		t = *e->para.label ? cnap_arena_printf(a, "%s %s", e->para.label, e->para.text) : e->para.text;
	for (size_t k = 0; e->kind == CNAP_DOCX_TABLE && k < e->table.rows * e->table.cols && !*t; k++)
		if (e->table.cells[k].n_spans)
			t = e->table.cells[k].spans[0].text;
	if (e->kind == CNAP_DOCX_NOTE && e->content.n_spans)
		t = e->content.spans[0].text;
	if (!t)
		return NULL;
	size_t n = strlen(t), i = 0, chars = 0;
	while (i < n && chars < CNAP_DOCX_UNPLACED_CHARS) {
		uint32_t cp;
		size_t len = cnap_utf8_decode(t + i, n - i, &cp);
		if (!len)
			break;
		i += len;
		chars++;
	}
	char *out = cnap_arena_strndup(a, t, i);
	for (char *p = out; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	return out && i < n ? cnap_arena_printf(a, "%s…", out) : out;
}

static void count_in(struct cnap_docx_unplaced *u, const struct cnap_docx_element *e)
{
	if (e->kind == CNAP_DOCX_TABLE)
		u->n_tables++;
	else
		u->n_paragraphs++;
}

enum cnap_err docx_unplaced(struct docx_splitter *s, size_t i, const char *reason)
{
	struct cnap_docx_split *out = s->out;
	const struct cnap_docx_element *e = &s->d->elements[i];
	if (out->n_unplaced > 0) {
		struct cnap_docx_unplaced *last = &out->unplaced[out->n_unplaced - 1];
		if (last->reason == reason && last->first + last->n_paragraphs + last->n_tables == i) {
			count_in(last, e);
			return CNAP_OK;
		}
	}
	if (out->n_unplaced >= CNAP_DOCX_MAX_UNPLACED) {
		out->n_unplaced_omitted++;
		return CNAP_OK;
	}
	struct cnap_docx_unplaced *v = cnap_arena_grow(s->a, out->unplaced, out->n_unplaced, &s->cap_unplaced, sizeof(*v));
	if (!v)
		return oom(s);
	out->unplaced = v;
	struct cnap_docx_unplaced *u = &v[out->n_unplaced++];
	*u = (struct cnap_docx_unplaced){ .first = i, .reason = reason, .text = excerpt(s->a, e) };
	count_in(u, e);
	return u->text ? CNAP_OK : oom(s);
}

/* Each run's where, once its length is known: 「12番目の段落」, 「3番目の表から（段落4・表1）」. */
static enum cnap_err name_unplaced(struct docx_splitter *s)
{
	for (size_t k = 0; k < s->out->n_unplaced; k++) {
		struct cnap_docx_unplaced *u = &s->out->unplaced[k];
		const struct cnap_docx_element *e = &s->d->elements[u->first];
		const char *what = e->kind == CNAP_DOCX_TABLE ? "表" : e->kind == CNAP_DOCX_NOTE ? "注" : "段落";
		if (u->n_paragraphs + u->n_tables == 1)
			u->where = cnap_arena_printf(s->a, "%zu番目の%s", e->number, what);
		else if (u->n_tables == 0)
			u->where = cnap_arena_printf(s->a, "%zu番目の%sから（段落%zu）", e->number, what, u->n_paragraphs);
		else
			u->where = cnap_arena_printf(s->a, "%zu番目の%sから（段落%zu・表%zu）", e->number, what,
						     u->n_paragraphs, u->n_tables);
		if (!u->where)
			return oom(s);
	}
	return CNAP_OK;
}

enum cnap_err docx_warn(struct docx_splitter *s, const char *fmt, ...)
{
	struct cnap_docx_split *out = s->out;
	if (out->n_warnings >= CNAP_DOCX_MAX_SPLIT_WARNINGS) {
		out->n_warnings_omitted++;
		return CNAP_OK;
	}
	va_list ap;
	va_start(ap, fmt);
	char *w = cnap_arena_vprintf(s->a, fmt, ap);
	va_end(ap);
	const char **v = w ? cnap_arena_grow(s->a, out->warnings, out->n_warnings, &s->cap_warnings, sizeof(*v)) : NULL;
	if (!v)
		return oom(s);
	out->warnings = v;
	v[out->n_warnings++] = w;
	return CNAP_OK;
}

/* ---- the outline ---- */

static enum cnap_err targets_of(struct docx_splitter *s, const struct cnap_template *t,
				const struct cnap_association *assoc, struct target **out)
{
	struct target *v = cnap_arena_calloc(s->a, t->n_items ? t->n_items : 1, sizeof(*v));
	if (!v)
		return oom(s);
	for (size_t i = 0; i < t->n_items; i++) {
		const struct cnap_survey_item *it = &t->items[i];
		const struct cnap_survey_item *top = it;
		for (int hop = 0; top->parent_key && hop < 8; hop++) {
			const struct cnap_survey_item *p = cnap_template_item(t, top->parent_key);
			if (!p)
				break;
			top = p;
		}
		v[i].it = it;
		v[i].chapter = (int)(top - t->items);
		cnap_docx_heading_number(it->code ? it->code : "", &v[i].code);
		v[i].number = cnap_item_number(s->a, t, it);
		v[i].title = assoc ? cnap_item_title(s->a, it, assoc) : it->title;
		v[i].key = v[i].title ? cnap_docx_title_key(s->a, v[i].title) : NULL;
		if (!v[i].number || !v[i].title || !v[i].key)
			return oom(s);
	}
	*out = v;
	return CNAP_OK;
}

/* ---- matching a paragraph ---- */

struct walk {
	struct target *targets;
	size_t n;
	int cur;          /* the item being filled, -1 before the first */
	int chapter;      /* the chapter we are in, -1 before the first */
	int cur_level;    /* the Word outline level of cur's heading, 0 for a plain paragraph */
	bool open;        /* cur's text is still being collected */
	int level_at[8];  /* the Word outline level of the last item placed at each outline depth, 0 for none */
	bool circled_items; /* the outline numbers some items ① */
};

struct match {
	int item;                  /* -1 for none */
	enum docx_likeness like;
	bool numbered_like_item;   /* starts with a number of the kinds the outline uses */
	const char *text;          /* label and text as one */
};

static bool code_is_chapter(const struct target *t)
{
	return t->code.chapter && !t->code.section;
}

static bool code_is_section(const struct target *t)
{
	return t->code.section && !t->code.chapter && !t->code.circled;
}

/* The section with number sec in chapter ch (an index), or -1. */
static int section_in(const struct walk *w, int ch, int sec)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->targets[i].chapter == ch && (int)i != ch && code_is_section(&w->targets[i]) &&
		    w->targets[i].code.section == sec && w->targets[i].it->depth <= 1)
			return (int)i;
	return -1;
}

static int chapter_numbered(const struct walk *w, int ch)
{
	for (size_t i = 0; i < w->n; i++)
		if (code_is_chapter(&w->targets[i]) && w->targets[i].code.chapter == ch && w->targets[i].chapter == (int)i)
			return (int)i;
	return -1;
}

/* The circled sub-item n under the item the walk is in (or its parent), or -1. */
static int circled_under(const struct walk *w, int n)
{
	if (w->cur < 0)
		return -1;
	const char *parent = w->targets[w->cur].it->parent_key;
	for (size_t i = 0; i < w->n; i++) {
		const struct target *t = &w->targets[i];
		if (t->code.circled != n || !t->it->parent_key)
			continue;
		if (strcmp(t->it->parent_key, w->targets[w->cur].it->key) == 0 ||
		    (parent && strcmp(t->it->parent_key, parent) == 0))
			return (int)i;
	}
	return -1;
}

/* An item whose title is key: the first not placed after the current one, else any not placed, else any. */
static int by_title(const struct walk *w, const char *key)
{
	int any = -1, free_any = -1;
	for (size_t i = 0; i < w->n; i++) {
		if (strcmp(w->targets[i].key, key) != 0 || !*key)
			continue;
		if (!w->targets[i].placed && (int)i > w->cur)
			return (int)i;
		if (!w->targets[i].placed && free_any < 0)
			free_any = (int)i;
		if (any < 0)
			any = (int)i;
	}
	return free_any >= 0 ? free_any : any;
}

static enum cnap_err match_paragraph(struct docx_splitter *s, struct walk *w, const struct cnap_docx_element *e,
				     struct match *m)
{
	*m = (struct match){ .item = -1 };
	m->text = *e->para.label ? cnap_arena_printf(s->a, "%s %s", e->para.label, e->para.text) : e->para.text;
	if (!m->text)
		return oom(s);
	if (strlen(m->text) > 2000 || strchr(m->text, '\n'))
		return CNAP_OK; /* a heading is one short line */
	struct cnap_docx_number num;
	cnap_docx_heading_number(m->text, &num);
	const char *rest = cnap_docx_title_key(s->a, m->text + num.title_at);
	if (!rest)
		return oom(s);
	int cand = -1, alt = -1;
	if (num.chapter && num.section) {
		int ch = chapter_numbered(w, num.chapter);
		cand = ch >= 0 ? section_in(w, ch, num.section) : -1;
	} else if (num.chapter && !num.circled) {
		cand = chapter_numbered(w, num.chapter);
		/* 「２．」 may also be a section numbered that way */
		if (!num.chapter_roman && w->chapter >= 0)
			alt = section_in(w, w->chapter, num.chapter);
	} else if (num.section && !num.circled) {
		if (w->chapter >= 0)
			cand = section_in(w, w->chapter, num.section);
	} else if (num.circled && !num.chapter && !num.section) {
		cand = circled_under(w, num.circled);
	}
	m->numbered_like_item = (num.chapter && num.chapter_roman) || num.section || (num.circled && w->circled_items);
	if (cand >= 0 || alt >= 0) {
		enum docx_likeness lc = cand >= 0 ? docx_title_likeness(rest, w->targets[cand].key) : LIKE_DIFFERENT;
		enum docx_likeness la = alt >= 0 ? docx_title_likeness(rest, w->targets[alt].key) : LIKE_DIFFERENT;
		if (alt >= 0 && la > lc)
			cand = alt, lc = la;
		m->item = cand;
		m->like = lc;
		return CNAP_OK;
	}
	if (num.chapter || num.section || num.circled)
		return CNAP_OK;
	/* no number: the title alone, exactly */
	int t = by_title(w, rest);
	if (t >= 0) {
		m->item = t;
		m->like = LIKE_EQUAL;
	}
	return CNAP_OK;
}

/* Whether the match starts item m->item here. */
static bool accepted(const struct walk *w, const struct cnap_docx_element *e, const struct match *m)
{
	if (m->item < 0)
		return false;
	const struct target *t = &w->targets[m->item];
	bool styled = e->para.heading > 0;
	bool has_code = t->code.chapter || t->code.section || t->code.circled;
	if (!has_code && !styled) {
		/* 「その他」 as a plain line: only where its parent is the chapter we are in */
		const struct target *cur = w->cur >= 0 ? &w->targets[w->cur] : NULL;
		bool here = t->chapter == (int)(t - w->targets) ? (w->chapter < 0 || t->chapter > w->chapter)
								 : (cur && t->chapter == w->chapter);
		return m->like == LIKE_EQUAL && here;
	}
	if (m->like == LIKE_EQUAL)
		return true;
	if (m->like == LIKE_SIMILAR)
		return styled || cnap_utf8_count(m->text, strlen(m->text)) <= 2 * cnap_utf8_count(t->title, strlen(t->title)) + 12;
	/* a different title: a Word heading, in order, not deeper than the items of its depth so far */
	int depth = t->it->depth >= 0 && t->it->depth < 8 ? t->it->depth : 7;
	return styled && !t->placed && m->item > w->cur && (w->level_at[depth] == 0 || e->para.heading <= w->level_at[depth]);
}

/* ---- the walk ---- */

static enum cnap_err close_item(struct docx_splitter *s, struct walk *w, size_t end)
{
	if (!w->open)
		return CNAP_OK;
	w->open = false;
	struct cnap_docx_placed *p = &s->out->placed[s->out->n_placed - 1];
	size_t from = w->targets[w->cur].heading + 1;
	return from <= end ? docx_build_doc(s, from, end, p->number, &p->doc) : CNAP_OK;
}

static enum cnap_err place(struct docx_splitter *s, struct walk *w, size_t i, const struct match *m)
{
	struct target *t = &w->targets[m->item];
	const struct cnap_docx_element *e = &s->d->elements[i];
	struct cnap_docx_split *out = s->out;
	struct cnap_docx_placed *v = cnap_arena_grow(s->a, out->placed, out->n_placed, &s->cap_placed, sizeof(*v));
	if (!v)
		return oom(s);
	out->placed = v;
	v[out->n_placed++] = (struct cnap_docx_placed){
		.item = t->it, .number = t->number, .title = t->title, .heading = cnap_arena_strdup(s->a, m->text),
		.paragraph = e->number,
	};
	t->placed = true;
	t->heading = i;
	w->cur = m->item;
	w->chapter = t->chapter;
	w->cur_level = e->para.heading;
	w->open = true;
	if (t->it->depth >= 0 && t->it->depth < 8)
		w->level_at[t->it->depth] = e->para.heading;
	if (!v[out->n_placed - 1].heading)
		return oom(s);
	if (m->like != LIKE_EQUAL)
		return docx_warn(s, "%zu番目の段落「%s」を%s「%s」として取り込みます（題が調査票と%s）", e->number, m->text,
				 t->number, t->title, m->like == LIKE_SIMILAR ? "少し違います" : "違います");
	return CNAP_OK;
}

static const char *example_heading(struct cnap_arena *a, const struct walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (code_is_section(&w->targets[i]))
			return cnap_arena_printf(a, "「%s%s」", w->targets[i].number, w->targets[i].title);
	return "";
}

static enum cnap_err no_item_found(struct docx_splitter *s, const struct walk *w, size_t headings)
{
	const char *eg = example_heading(s->a, w);
	if (!eg)
		return oom(s);
	if (headings == 0)
		return cnap_fail(s->err, CNAP_EINVAL, "",
				 "見出しが見つかりません。調査票の項目の番号と題（例: %s）を見出しにして保存し直してください", eg);
	return cnap_fail(s->err, CNAP_EINVAL, "",
			 "調査票の項目に当たる見出しがありません（見出し%zu個はどれも項目の番号と題に合いません）。"
			 "項目の番号と題（例: %s）を見出しにしてください",
			 headings, eg);
}

static enum cnap_err walk_document(struct docx_splitter *s, struct walk *w, size_t *headings)
{
	const struct cnap_docx *d = s->d;
	const char *mode = BEFORE_FIRST; /* NULL while inside an item */
	for (size_t i = 0; i < d->n_elements; i++) {
		const struct cnap_docx_element *e = &d->elements[i];
		if (e->kind != CNAP_DOCX_PARAGRAPH) {
			if (mode && docx_unplaced(s, i, mode) != CNAP_OK)
				return s->err->code;
			continue;
		}
		struct match m;
		if (match_paragraph(s, w, e, &m) != CNAP_OK)
			return s->err->code;
		*headings += e->para.heading > 0 || (m.item >= 0 && m.like != LIKE_DIFFERENT);
		if (accepted(w, e, &m)) {
			if (close_item(s, w, i) != CNAP_OK)
				return s->err->code;
			if (w->targets[m.item].placed) {
				const struct target *t = &w->targets[m.item];
				if (docx_warn(s, "%s「%s」の見出しが2回あります（%zu番目と%zu番目の段落）。2回目からの内容は取り込みません",
					      t->number, t->title, d->elements[t->heading].number, e->number) != CNAP_OK ||
				    docx_unplaced(s, i, SECOND) != CNAP_OK)
					return s->err->code;
				mode = SECOND;
				continue;
			}
			if (place(s, w, i, &m) != CNAP_OK)
				return s->err->code;
			mode = NULL;
			continue;
		}
		bool unknown_heading = e->para.heading > 0 && (m.numbered_like_item || (w->cur_level > 0 && e->para.heading <= w->cur_level));
		if (!mode && unknown_heading) {
			if (close_item(s, w, i) != CNAP_OK)
				return s->err->code;
			mode = UNKNOWN;
		} else if (mode == SECOND && unknown_heading) {
			mode = UNKNOWN;
		}
		if (mode && docx_unplaced(s, i, mode) != CNAP_OK)
			return s->err->code;
	}
	return close_item(s, w, d->n_elements);
}

enum cnap_err cnap_docx_split(const struct cnap_docx *d, const struct cnap_template *t,
			      const struct cnap_association *assoc, struct cnap_arena *a, struct cnap_docx_split *out,
			      struct cnap_error *err)
{
	*out = (struct cnap_docx_split){ 0 };
	struct cnap_error scratch;
	struct docx_splitter s = { .d = d, .a = a, .err = err ? err : &scratch, .out = out };
	cnap_error_clear(s.err);
	for (size_t i = 0; i < d->n_warnings; i++)
		if (docx_warn(&s, "%s", d->warnings[i]) != CNAP_OK)
			return s.err->code;
	struct walk w = { .cur = -1, .chapter = -1 };
	if (targets_of(&s, t, assoc, &w.targets) != CNAP_OK)
		return s.err->code;
	w.n = t->n_items;
	for (size_t i = 0; i < w.n; i++)
		w.circled_items |= w.targets[i].code.circled != 0;
	size_t headings = 0;
	if (walk_document(&s, &w, &headings) != CNAP_OK || name_unplaced(&s) != CNAP_OK)
		return s.err->code;
	if (out->n_placed == 0)
		return no_item_found(&s, &w, headings);
	return CNAP_OK;
}
