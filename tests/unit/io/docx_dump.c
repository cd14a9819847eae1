/*
 * docx_dump FILE.docx: what cnap's Word reader (io/docx_read.h) makes of a
 * file, one line per element, for the cross-checks of tests/cli/t0030-docx.sh
 * against python-docx and LibreOffice. Exit 1 with the message when refused.
 *
 *   P<n> h=<heading> list=<level>[o|b]<numId> style=<name> label=<label> | <text>
 *     link <text> -> <href>
 *   T<n> <rows>x<cols> header=<rows>
 *     [<row>,<col>] <text>
 *   N<n> <mark> | <text>
 *   W <warning>
 * Line breaks inside a text are shown as "\n". A file in the fuzz corpus's
 * text form ("==> part" lines) is zipped first.
 *
 * docx_dump --split OUTLINE.json [INDUSTRY] FILE.docx: how io/docx_split.h
 * splits it along the first template of a cycle file (data/templates):
 *   item <key> <number> <title> <- P<n> <heading>
 *     <block kind> …           (lists indented by level)
 *   unplaced <where> <reason> | <text>
 *   warning <text>
 */
#include "base/compat.h"
#include "io/cycle_json.h"
#include "io/docx_read.h"
#include "io/docx_split.h"
#include "xlsx_fixture.h"

#include <stdio.h>
#include <string.h>

static void put_text(const char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
}

static void put_inline(const struct cnap_inline *in)
{
	for (size_t i = 0; i < in->n_spans; i++)
		put_text(in->spans[i].text);
}

static void put_links(const struct cnap_inline *in)
{
	for (size_t i = 0; i < in->n_spans; i++)
		if (in->spans[i].href) {
			fputs("  link ", stdout);
			put_text(in->spans[i].text);
			printf(" -> %s\n", in->spans[i].href);
		}
}

static const char *const kinds[] = { "paragraph", "heading", "list", "table", "note", "data" };

static void put_blocks(const struct cnap_block *v, size_t n, int indent)
{
	for (size_t i = 0; i < n; i++) {
		const struct cnap_block *b = &v[i];
		printf("%*s%s", indent, "", kinds[b->kind]);
		if (b->kind == CNAP_BLK_LIST) {
			printf(" %s\n", b->ordered ? "ordered" : "bullets");
			for (size_t k = 0; k < b->n_items; k++) {
				printf("%*s- ", indent + 2, "");
				put_inline(&b->items[k].content);
				putchar('\n');
				put_blocks(b->items[k].children, b->items[k].n_children, indent + 4);
			}
			continue;
		}
		if (b->kind == CNAP_BLK_TABLE) {
			printf(" %zux%zu header=%zu\n", b->rows, b->cols, b->header_rows);
			for (size_t r = 0; r < b->rows; r++) {
				printf("%*s|", indent + 2, "");
				for (size_t c = 0; c < b->cols; c++) {
					put_inline(&b->cells[r * b->cols + c]);
					putchar('|');
				}
				putchar('\n');
			}
			continue;
		}
		if (b->mark)
			printf(" %s", b->mark);
		fputs(" | ", stdout);
		put_inline(&b->content);
		putchar('\n');
		put_links(&b->content);
	}
}

static int split(const char *outline, const char *industry, const struct cnap_docx *d)
{
	size_t len = 0;
	char *json = (char *)xlsx_fixture_read_file(outline, &len);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data cd;
	struct cnap_error err;
	int rc = 1;
	if (!json || cnap_cycle_json_parse(json, len, false, &a, &cd, &err) != CNAP_OK || cd.n_templates == 0) {
		printf("error: cannot read the outline %s\n", outline);
		goto done;
	}
	struct cnap_association assoc = { .code = "x", .name = "x", .industry = industry };
	struct cnap_docx_split sp;
	if (cnap_docx_split(d, &cd.templates[0], industry ? &assoc : NULL, &a, &sp, &err) != CNAP_OK) {
		printf("error %s: %s\n", err.where, err.message);
		goto done;
	}
	for (size_t i = 0; i < sp.n_placed; i++) {
		const struct cnap_docx_placed *p = &sp.placed[i];
		printf("item %s %s %s <- P%zu ", p->item->key, p->number, p->title, p->paragraph);
		put_text(p->heading);
		putchar('\n');
		put_blocks(p->doc.blocks, p->doc.n_blocks, 2);
	}
	for (size_t i = 0; i < sp.n_unplaced; i++)
		printf("unplaced %s %s | %s\n", sp.unplaced[i].where, sp.unplaced[i].reason, sp.unplaced[i].text);
	if (sp.n_unplaced_omitted)
		printf("unplaced omitted %zu\n", sp.n_unplaced_omitted);
	for (size_t i = 0; i < sp.n_warnings; i++)
		printf("warning %s\n", sp.warnings[i]);
	rc = 0;
done:
	free(json);
	cnap_arena_release(&a);
	return rc;
}

int main(int argc, char **argv)
{
	const char *outline = NULL, *industry = NULL;
	if (argc >= 4 && strcmp(argv[1], "--split") == 0) {
		outline = argv[2];
		industry = argc == 5 ? argv[3] : NULL;
		argv += argc - 2;
		argc = 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: docx_dump [--split OUTLINE.json [INDUSTRY]] FILE.docx\n");
		return 2;
	}
	size_t len = 0;
	unsigned char *data = xlsx_fixture_read_file(argv[1], &len);
	if (!data) {
		fprintf(stderr, "docx_dump: cannot read %s\n", argv[1]);
		return 2;
	}
	/* a fuzz seed in text form ("==> part" lines) is zipped first */
	size_t zlen = 0;
	unsigned char *zip = xlsx_fixture_unpack(data, len, &zlen);
	struct cnap_docx *d;
	struct cnap_error err;
	enum cnap_err rc = cnap_docx_open(zip ? zip : data, zip ? zlen : len, NULL, &d, &err);
	free(zip);
	free(data);
	if (rc != CNAP_OK) {
		printf("error %s: %s\n", err.where, err.message);
		return 1;
	}
	if (outline) {
		int src = split(outline, industry, d);
		cnap_docx_free(d);
		return src;
	}
	for (size_t i = 0; i < d->n_elements; i++) {
		const struct cnap_docx_element *e = &d->elements[i];
		switch (e->kind) {
		case CNAP_DOCX_PARAGRAPH:
			printf("P%zu h=%d list=%d", e->number, e->para.heading, e->para.list_level);
			if (e->para.list_level >= 0)
				printf("%c%u", e->para.ordered ? 'o' : 'b', e->para.list);
			printf(" style=%s label=%s | ", e->para.style, e->para.label);
			put_text(e->para.text);
			putchar('\n');
			put_links(&e->content);
			break;
		case CNAP_DOCX_TABLE:
			printf("T%zu %zux%zu header=%zu\n", e->number, e->table.rows, e->table.cols, e->table.header_rows);
			for (size_t r = 0; r < e->table.rows; r++)
				for (size_t c = 0; c < e->table.cols; c++) {
					const struct cnap_inline *cell = &e->table.cells[r * e->table.cols + c];
					printf("  [%zu,%zu] ", r, c);
					put_inline(cell);
					putchar('\n');
				}
			break;
		case CNAP_DOCX_NOTE:
			printf("N%zu %s | ", e->number, e->mark);
			put_inline(&e->content);
			putchar('\n');
			break;
		}
	}
	for (size_t i = 0; i < d->n_warnings; i++)
		printf("W %s\n", d->warnings[i]);
	cnap_docx_free(d);
	return 0;
}
