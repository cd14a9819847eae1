#include "base/compat.h"
#include "base/isotime.h"
#include "base/tmpfile.h"
#include "publish/qa_render.h"
#include "publish/qa_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_CELL 32767 /* Excel's limit on characters in a cell */
#define CONTENTS_SHEET "目次"

struct xlsx_formats {
	lxw_format *title, *sub, *head, *item, *item_bold, *cell, *page, *link;
};

static time_t pinned_time(const char *s)
{
	time_t t;
	cnap_iso_parse(s, &t);
	return t;
}

/* Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
static void sheet_name(const char *name, char *out, size_t outsz)
{
	char clean[256];
	size_t n = 0, chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < sizeof(clean); p++) {
		if ((*p & 0xC0) != 0x80) {
			if (chars == 27) /* room for a " (n)" suffix */
				break;
			chars++;
		}
		clean[n++] = strchr("[]:*?/\\", *p) ? '_' : (char)*p;
	}
	clean[n] = '\0';
	snprintf(out, outsz, "%s", clean);
}

static void footer_for(const char *name, char *out, size_t outsz)
{
	/* '&' starts a control code in Excel headers and footers: double it. */
	size_t n = 0;
	n += (size_t)snprintf(out, outsz, "&C");
	for (const char *p = name; *p && n + 8 < outsz; p++) {
		if (*p == '&')
			out[n++] = '&';
		out[n++] = *p;
	}
	snprintf(out + n, outsz - n, " - &P");
}

/*
 * A sheet being written. The first failure sticks (a string of ours that
 * could not be made, a write libxlsxwriter refused), so a workbook is
 * complete or not delivered: a cell left blank would pass for no answer.
 */
struct sheet {
	lxw_worksheet *ws;
	struct cnap_arena a;
	bool oom;
	lxw_error failed;
};

static const char *need(struct sheet *sh, const char *s)
{
	if (!s)
		sh->oom = true;
	return s ? s : "";
}

static void put(struct sheet *sh, lxw_error e)
{
	if (e != LXW_NO_ERROR && sh->failed == LXW_NO_ERROR)
		sh->failed = e;
}

static const char *clip(struct sheet *sh, const char *s)
{
	/* Count code points; Excel counts UTF-16 units, so stay well below the limit. */
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > XLSX_MAX_CELL / 2)
			break;
	}
	if (!s[i])
		return s;
	return need(sh, cnap_arena_printf(&sh->a, "%.*s…", (int)i, s));
}

/* The columns: the PDF's four, with the full item number (Ⅱ．（５）) and NO. beside them. */
enum { C_NUMBER, C_ITEM, C_PAGE, C_NO, C_QUESTION, C_ANSWER, N_COLS };

/* A4 landscape, the header rows repeated, fit to the page width (as many pages down as needed). */
static void print_setup(struct sheet *sh, lxw_row_t repeat_last, const char *footer_name)
{
	worksheet_set_landscape(sh->ws);
	worksheet_set_paper(sh->ws, 9); /* A4 */
	worksheet_fit_to_pages(sh->ws, 1, 0);
	put(sh, worksheet_repeat_rows(sh->ws, repeat_last, repeat_last));
	if (footer_name) {
		char footer[512];
		footer_for(footer_name, footer, sizeof(footer));
		put(sh, worksheet_set_footer(sh->ws, footer));
	}
}

static void write_section(struct sheet *sh, const struct cnap_qa_doc *doc, const struct cnap_qa_section *s,
			  const struct xlsx_formats *f)
{
	lxw_worksheet *ws = sh->ws;
	print_setup(sh, 2, s ? s->association_name : doc->wg_name);
	static const double widths[N_COLS] = { 10, 28, 8, 5, 55, 65 };
	for (lxw_col_t c = 0; c < N_COLS; c++)
		put(sh, worksheet_set_column(ws, c, c, widths[c], NULL));
	put(sh, worksheet_merge_range(ws, 0, 0, 0, N_COLS - 1,
				      s ? s->title : need(sh, cnap_qa_doc_title(&sh->a, doc)), f->title));
	put(sh, worksheet_merge_range(ws, 1, 0, 1, N_COLS - 1, doc->wg_name, f->sub));
	static const char *const heads[N_COLS] = { "項目番号", "調査票", "頁番号", "NO.", "指摘", "回答" };
	for (lxw_col_t c = 0; c < N_COLS; c++)
		put(sh, worksheet_write_string(ws, 2, c, heads[c], f->head));
	worksheet_freeze_panes(ws, 3, 0);
	lxw_row_t r = 3;
	if (!s || !s->n_questions) {
		put(sh, worksheet_merge_range(ws, r, 0, r, N_COLS - 1, "事前質問はありません。", f->cell));
		r++;
	}
	for (size_t i = 0; s && i < s->n_rows && !sh->oom && !sh->failed; i++) {
		const struct cnap_qa_row *row = &s->rows[i];
		const char *label = need(sh, cnap_arena_printf(&sh->a, "%s%s%s", row->item_code,
							       row->item_code[0] ? " " : "", row->item_title));
		lxw_format *item = row->depth == 0 ? f->item_bold : f->item;
		lxw_row_t last = r + (lxw_row_t)(row->n_entries ? row->n_entries : 1) - 1;
		if (last > r) {
			put(sh, worksheet_merge_range(ws, r, C_NUMBER, last, C_NUMBER, row->item_number, item));
			put(sh, worksheet_merge_range(ws, r, C_ITEM, last, C_ITEM, label, item));
		} else {
			put(sh, worksheet_write_string(ws, r, C_NUMBER, row->item_number, item));
			put(sh, worksheet_write_string(ws, r, C_ITEM, label, item));
		}
		if (!row->n_entries) {
			for (lxw_col_t c = C_PAGE; c < N_COLS; c++)
				put(sh, worksheet_write_blank(ws, r, c, f->cell));
			r++;
			continue;
		}
		for (size_t k = 0; k < row->n_entries; k++, r++) {
			const struct cnap_qa_entry *e = &row->entries[k];
			put(sh, worksheet_write_string(ws, r, C_PAGE, e->page_label, f->page));
			put(sh, worksheet_write_number(ws, r, C_NO, e->no, f->page));
			put(sh, worksheet_write_string(ws, r, C_QUESTION, clip(sh, e->question), f->cell));
			put(sh, worksheet_write_string(ws, r, C_ANSWER, clip(sh, e->answer), f->cell));
		}
	}
}

/* A WG bundle's first sheet: every association in order, a link to its sheet, its question count. */
static void write_contents(struct sheet *sh, const struct cnap_qa_doc *doc, char (*names)[128],
			   const struct xlsx_formats *f)
{
	lxw_worksheet *ws = sh->ws;
	print_setup(sh, 2, NULL); /* the PDF's contents page has no page number either */
	put(sh, worksheet_set_column(sh->ws, 0, 0, 50, NULL));
	put(sh, worksheet_set_column(sh->ws, 1, 1, 12, NULL));
	put(sh, worksheet_merge_range(ws, 0, 0, 0, 1, need(sh, cnap_qa_doc_title(&sh->a, doc)), f->title));
	put(sh, worksheet_merge_range(ws, 1, 0, 1, 1, "目次", f->sub));
	put(sh, worksheet_write_string(ws, 2, 0, "団体", f->head));
	put(sh, worksheet_write_string(ws, 2, 1, "事前質問数", f->head));
	for (size_t i = 0; i < doc->n_sections && !sh->oom && !sh->failed; i++) {
		lxw_row_t r = (lxw_row_t)(3 + i);
		/* internal:'sheet name'!A1, a quote in the name doubled */
		struct cnap_buf url;
		cnap_buf_init(&url, 0);
		cnap_buf_adds(&url, "internal:'");
		for (const char *p = names[i]; *p; p++) {
			if (*p == '\'')
				cnap_buf_addc(&url, '\'');
			cnap_buf_addc(&url, *p);
		}
		cnap_buf_adds(&url, "'!A1");
		if (url.status)
			sh->oom = true;
		else
			put(sh, worksheet_write_url_opt(ws, r, 0, url.data, f->link, doc->sections[i].association_name,
							NULL));
		cnap_buf_release(&url);
		put(sh, worksheet_write_number(ws, r, 1, (double)doc->sections[i].n_questions, f->page));
	}
}

/* One sheet: the whole WG's when section is NULL. */
static void add_sheet(lxw_workbook *wb, const struct cnap_qa_doc *doc, const struct cnap_qa_section *section,
		      const char *name, char (*contents)[128], const struct xlsx_formats *f, bool *oom,
		      lxw_error *failed)
{
	struct sheet sh = { .ws = workbook_add_worksheet(wb, name) };
	cnap_arena_init(&sh.a);
	if (!sh.ws)
		sh.failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else if (contents)
		write_contents(&sh, doc, contents, f);
	else
		write_section(&sh, doc, section, f);
	cnap_arena_release(&sh.a);
	*oom = *oom || sh.oom;
	if (!*failed)
		*failed = sh.failed;
}

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool border, bool wrap, int size, uint32_t bg, bool center)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "游ゴシック");
	format_set_font_size(f, size);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (wrap)
		format_set_text_wrap(f);
	if (bg)
		format_set_bg_color(f, bg);
	format_set_align(f, center ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

enum cnap_err cnap_qa_render_xlsx(const struct cnap_qa_doc *doc, const char *pinned_date, struct cnap_buf *out,
				  struct cnap_error *err)
{
	char path[4096];
	enum cnap_err trc = cnap_tmpfile_make("cnap-xlsx", path, sizeof(path), err);
	if (trc)
		return trc;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		return cnap_fail(err, CNAP_EIO, "", "cannot start the workbook");
	}
	struct cnap_arena a;
	cnap_arena_init(&a);
	lxw_doc_properties props = { 0 };
	props.title = (char *)cnap_qa_doc_title(&a, doc);
	bool oom = !props.title;
	lxw_error failed = LXW_NO_ERROR;
	props.subject = "事前質問・回答一覧";
	props.author = "cnap";
	props.created = pinned_time(pinned_date);
	if (!oom)
		failed = workbook_set_properties(wb, &props);
	struct xlsx_formats f = {
		.title = fmt(wb, true, false, false, 14, 0, false),
		.sub = fmt(wb, false, false, false, 10, 0, false),
		.head = fmt(wb, true, true, true, 10, 0xE8E8E8, true),
		.item = fmt(wb, false, true, true, 10, 0, false),
		.item_bold = fmt(wb, true, true, true, 10, 0, false),
		.cell = fmt(wb, false, true, true, 10, 0, false),
		.page = fmt(wb, false, true, false, 10, 0, true),
		.link = fmt(wb, false, true, false, 10, 0, false),
	};
	if (!f.title || !f.sub || !f.head || !f.item || !f.item_bold || !f.cell || !f.page || !f.link)
		failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else {
		format_set_underline(f.link, LXW_UNDERLINE_SINGLE);
		format_set_font_color(f.link, LXW_COLOR_BLUE);
	}
	if (!doc->n_sections && !oom && !failed)
		add_sheet(wb, doc, NULL, "事前質問・回答一覧", NULL, &f, &oom, &failed);
	char(*names)[128] = cnap_arena_calloc(&a, doc->n_sections + 1, sizeof(*names));
	if (!names)
		oom = true;
	for (size_t i = 0; i < doc->n_sections && !oom; i++) {
		sheet_name(doc->sections[i].association_name, names[i], sizeof(names[i]));
		/* two associations cut to the same 27 characters, or one named as the contents */
		bool clash = strcmp(names[i], CONTENTS_SHEET) == 0;
		for (size_t k = 0; k < i && !clash; k++)
			clash = strcmp(names[k], names[i]) == 0;
		if (clash) {
			size_t len = strlen(names[i]);
			snprintf(names[i] + len, sizeof(names[i]) - len, " (%zu)", i + 1);
		}
	}
	if (doc->n_sections > 1 && !oom && !failed)
		add_sheet(wb, doc, NULL, CONTENTS_SHEET, names, &f, &oom, &failed);
	for (size_t i = 0; i < doc->n_sections && !oom && !failed; i++)
		add_sheet(wb, doc, &doc->sections[i], names[i], NULL, &f, &oom, &failed);
	lxw_error rc = workbook_close(wb);
	cnap_arena_release(&a);
	if (oom || failed == LXW_ERROR_MEMORY_MALLOC_FAILED || rc == LXW_ERROR_MEMORY_MALLOC_FAILED) {
		unlink(path);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	if (failed || rc != LXW_NO_ERROR) {
		unlink(path);
		return cnap_fail(err, CNAP_EIO, "", "writing the workbook failed: %s", lxw_strerror(failed ? failed : rc));
	}
	return cnap_tmpfile_take(path, out, "the workbook", err);
}
