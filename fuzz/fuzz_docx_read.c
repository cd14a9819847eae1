/*
 * libFuzzer target: the Word reader (src/io/docx_read.h) with small limits,
 * then the splitter (src/io/docx_split.h) along a fixed outline. An input
 * starting with "==> " is a package in text form (parts introduced by
 * "==> name" lines, see tests/unit/io/xlsx_fixture.h), zipped here without
 * compression so that mutations reach the XML past the CRCs; anything else
 * goes to the reader as it is.
 *
 * Properties: an accepted document has elements whose text is valid UTF-8
 * without control characters but line breaks, spans that are never empty,
 * links that cnap links to, tables of rows × cols cells no wider than Word
 * makes them, notes with a mark, and a bounded list of warnings. Its split,
 * when accepted, places each item at most once, every item's text passes
 * cnap_doc_check (what the store takes), and the unplaced runs and
 * warnings are bounded and readable. A refusal, by either, has its code
 * and a non-empty message of valid UTF-8. A failure aborts, so libFuzzer
 * and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_read.h"
#include "io/docx_split.h"
#include "xlsx_fixture.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void violated(const char *what, size_t i)
{
	fprintf(stderr, "fuzz_docx_read: %s (element or item %zu)\n", what, i);
	abort();
}

static bool valid(const char *s)
{
	return s && cnap_utf8_valid(s, strlen(s), NULL);
}

static bool text_ok(const char *s)
{
	return s && cnap_doc_text_ok(s, strlen(s), true, NULL, NULL, 0);
}

static void check_inline(const struct cnap_inline *in, size_t i)
{
	for (size_t k = 0; k < in->n_spans; k++) {
		if (!text_ok(in->spans[k].text) || !in->spans[k].text[0])
			violated("a span's text is empty, not UTF-8 or has a control character", i);
		if (in->spans[k].href && !cnap_doc_href_ok(in->spans[k].href))
			violated("a link cnap does not link to", i);
	}
}

static void check_document(const struct cnap_docx *d)
{
	for (size_t i = 0; i < d->n_elements; i++) {
		const struct cnap_docx_element *e = &d->elements[i];
		switch (e->kind) {
		case CNAP_DOCX_PARAGRAPH:
			check_inline(&e->content, i);
			if (!text_ok(e->para.text) || !valid(e->para.label) || !valid(e->para.style))
				violated("a paragraph's text, label or style", i);
			if (e->para.heading < 0 || e->para.heading > 9 || e->para.list_level < -1 || e->para.list_level > 8 ||
			    (e->para.heading && e->para.list_level >= 0))
				violated("a paragraph's heading or list level", i);
			break;
		case CNAP_DOCX_TABLE:
			if (!e->table.rows || !e->table.cols || e->table.cols > CNAP_DOCX_MAX_COLS || !e->table.cells ||
			    e->table.header_rows > e->table.rows)
				violated("a table's shape", i);
			for (size_t k = 0; k < e->table.rows * e->table.cols; k++)
				check_inline(&e->table.cells[k], i);
			break;
		case CNAP_DOCX_NOTE:
			if (!valid(e->mark) || !cnap_doc_mark_ok(e->mark))
				violated("a note's mark", i);
			check_inline(&e->content, i);
			break;
		default:
			violated("an element of no kind", i);
		}
	}
	if (d->n_warnings > CNAP_DOCX_MAX_WARNINGS)
		violated("more warnings than the limit", d->n_warnings);
	for (size_t i = 0; i < d->n_warnings; i++)
		if (!valid(d->warnings[i]) || !d->warnings[i][0])
			violated("a warning that is not UTF-8", i);
}

static struct cnap_survey_item items[] = {
	{ "front.vision", NULL, "", "{industry}のビジョン", 0 },
	{ "I", NULL, "Ⅰ．", "業界の概要", 0 },
	{ "I.1", "I", "（１）", "主な事業", 1 },
	{ "I.1.a", "I.1", "①", "製品", 2 },
	{ "II", NULL, "Ⅱ．", "国内の企業活動における削減実績", 0 },
	{ "II.1", "II", "（１）", "実績の総括表", 1 },
	{ "II.5", "II", "（５）", "実施した対策、投資額と削減効果の考察", 1 },
	{ "III", NULL, "Ⅲ．", "本社等オフィスにおける取組", 0 },
	{ "III.1", "III", "（１）", "本社等オフィスにおける取組", 1 },
	{ "VII.other", "III", "", "その他", 1 },
};
static const struct cnap_template outline = { "standard", "調査票", items, CNAP_ARRAY_LEN(items), NULL };
static const struct cnap_association assoc = { 0, "x", "テスト工業会", "テスト業界" };

static void check_split(const struct cnap_docx *d)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_docx_split sp;
	struct cnap_error err;
	enum cnap_err rc = cnap_docx_split(d, &outline, &assoc, &a, &sp, &err);
	if (rc != CNAP_OK) {
		if (err.code != rc || !err.message[0] || !valid(err.message) || !valid(err.where))
			violated("a split refused without its message", 0);
		cnap_arena_release(&a);
		return;
	}
	if (sp.n_placed == 0 || sp.n_placed > CNAP_ARRAY_LEN(items))
		violated("an accepted split places nothing, or more than the outline", sp.n_placed);
	for (size_t i = 0; i < sp.n_placed; i++) {
		const struct cnap_docx_placed *p = &sp.placed[i];
		for (size_t k = 0; k < i; k++)
			if (sp.placed[k].item == p->item)
				violated("an item placed twice", i);
		if (!valid(p->number) || !valid(p->title) || !valid(p->heading))
			violated("a placed item's number, title or heading", i);
		if (cnap_doc_check(&p->doc, p->item->key, &err) != CNAP_OK) {
			fprintf(stderr, "fuzz_docx_read: %s\n", err.message);
			violated("an item's text the store would refuse", i);
		}
	}
	if (sp.n_unplaced > CNAP_DOCX_MAX_UNPLACED || sp.n_warnings > CNAP_DOCX_MAX_SPLIT_WARNINGS)
		violated("more unplaced runs or warnings than the limits", sp.n_unplaced);
	for (size_t i = 0; i < sp.n_unplaced; i++) {
		const struct cnap_docx_unplaced *u = &sp.unplaced[i];
		if (!valid(u->where) || !valid(u->text) || !valid(u->reason) || !u->where[0] || !u->reason[0] ||
		    cnap_utf8_count(u->text, strlen(u->text)) > CNAP_DOCX_UNPLACED_CHARS + 1 ||
		    u->n_paragraphs + u->n_tables == 0 || u->first >= d->n_elements)
			violated("an unplaced run that cannot be shown", i);
	}
	for (size_t i = 0; i < sp.n_warnings; i++)
		if (!valid(sp.warnings[i]) || !sp.warnings[i][0])
			violated("a split warning that is not UTF-8", i);
	cnap_arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t zlen = 0;
	unsigned char *zip = xlsx_fixture_unpack(data, size, &zlen);
	const struct cnap_docx_limits lim = {
		.max_file_bytes = (size_t)1 << 20, .max_entries = 64, .max_entry_bytes = (size_t)1 << 20,
		.max_total_bytes = (size_t)4 << 20, .max_ratio = 50, .max_paragraphs = 5000,
		.max_text_bytes = (size_t)1 << 20, .max_cells = 20000,
	};
	struct cnap_docx *d = NULL;
	struct cnap_error err;
	enum cnap_err rc = cnap_docx_open(zip ? zip : data, zip ? zlen : size, &lim, &d, &err);
	free(zip);
	if (rc != CNAP_OK) {
		if (d || err.code != rc || !err.message[0] || !valid(err.message) || !valid(err.where))
			violated("a refusal without its message", 0);
		return 0;
	}
	check_document(d);
	check_split(d);
	cnap_docx_free(d);
	return 0;
}
