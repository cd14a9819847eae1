#include "base/compat.h"
#include "base/csv_write.h"
#include "publish/qa_render.h"

#include <stdio.h>

/* One record a question (or an item without one), through the one CSV writer (BOM, CRLF). */
enum cnap_err cnap_qa_render_csv(const struct cnap_qa_doc *doc, struct cnap_buf *b, struct cnap_error *err)
{
	static const char *const header[] = { "WG", "団体", "項目番号", "調査票", "頁番号", "NO.", "指摘", "回答" };
	cnap_csv_write_bom(b);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(header); i++)
		cnap_csv_write_field(b, header[i], i + 1 == CNAP_ARRAY_LEN(header));
	for (size_t i = 0; i < doc->n_sections; i++) {
		const struct cnap_qa_section *s = &doc->sections[i];
		for (size_t r = 0; r < s->n_rows; r++) {
			const struct cnap_qa_row *row = &s->rows[r];
			size_t n = row->n_entries ? row->n_entries : 1;
			for (size_t k = 0; k < n; k++) {
				const struct cnap_qa_entry *e = row->n_entries ? &row->entries[k] : NULL;
				char no[16] = "";
				if (e)
					snprintf(no, sizeof(no), "%d", e->no);
				cnap_csv_write_field(b, doc->wg_name, false);
				cnap_csv_write_field(b, s->association_name, false);
				cnap_csv_write_field(b, row->item_number, false);
				cnap_csv_write_field(b, row->item_title, false);
				cnap_csv_write_field(b, e ? e->page_label : "", false);
				cnap_csv_write_field(b, no, false);
				cnap_csv_write_field(b, e ? e->question : "", false);
				cnap_csv_write_field(b, e ? e->answer : "", true);
			}
		}
	}
	return b->status ? cnap_buf_error(b, err, "the output") : CNAP_OK;
}

static void kv(struct cnap_buf *b, const char *indent, const char *k, const char *v, bool comma)
{
	cnap_buf_adds(b, indent);
	cnap_buf_add_json_str(b, k);
	cnap_buf_adds(b, ": ");
	cnap_buf_add_json_str(b, v);
	cnap_buf_adds(b, comma ? ",\n" : "\n");
}

enum cnap_err cnap_qa_render_json(const struct cnap_qa_doc *doc, struct cnap_buf *b, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	cnap_buf_adds(b, "{\n  \"format\": \"cnap-qa-list\",\n  \"format_version\": 1,\n");
	kv(b, "  ", "title", cnap_qa_doc_title(&a, doc), true);
	cnap_buf_addf(b, "  \"cycle\": %d,\n", doc->cycle_year);
	kv(b, "  ", "era_year", doc->era_year, true);
	cnap_buf_adds(b, "  \"wg\": {\"code\": ");
	cnap_buf_add_json_str(b, doc->wg_code);
	cnap_buf_adds(b, ", \"name\": ");
	cnap_buf_add_json_str(b, doc->wg_name);
	cnap_buf_adds(b, "},\n  \"associations\": [");
	for (size_t i = 0; i < doc->n_sections; i++) {
		const struct cnap_qa_section *s = &doc->sections[i];
		cnap_buf_adds(b, i ? ",\n    {\n" : "\n    {\n");
		kv(b, "      ", "code", s->association_code, true);
		kv(b, "      ", "name", s->association_name, true);
		kv(b, "      ", "title", s->title, true);
		cnap_buf_addf(b, "      \"question_count\": %zu,\n      \"rows\": [", s->n_questions);
		for (size_t r = 0; r < s->n_rows; r++) {
			const struct cnap_qa_row *row = &s->rows[r];
			cnap_buf_adds(b, r ? ",\n        {" : "\n        {");
			cnap_buf_adds(b, "\"item\": ");
			cnap_buf_add_json_str(b, row->item_key);
			cnap_buf_adds(b, ", \"code\": ");
			cnap_buf_add_json_str(b, row->item_code);
			cnap_buf_adds(b, ", \"number\": ");
			cnap_buf_add_json_str(b, row->item_number);
			cnap_buf_adds(b, ", \"title\": ");
			cnap_buf_add_json_str(b, row->item_title);
			cnap_buf_addf(b, ", \"depth\": %d, \"questions\": [", row->depth);
			for (size_t k = 0; k < row->n_entries; k++) {
				const struct cnap_qa_entry *e = &row->entries[k];
				cnap_buf_addf(b, "%s\n          {\"no\": %d, \"page\": ", k ? "," : "", e->no);
				cnap_buf_add_json_str(b, e->page_label);
				cnap_buf_adds(b, ", \"question\": ");
				cnap_buf_add_json_str(b, e->question);
				cnap_buf_adds(b, ", \"answer\": ");
				cnap_buf_add_json_str(b, e->answer);
				cnap_buf_addc(b, '}');
			}
			cnap_buf_adds(b, row->n_entries ? "\n        ]}" : "]}");
		}
		cnap_buf_adds(b, s->n_rows ? "\n      ]\n    }" : "]\n    }");
	}
	cnap_buf_adds(b, doc->n_sections ? "\n  ]\n}\n" : "]\n}\n");
	cnap_arena_release(&a);
	return b->status ? cnap_buf_error(b, err, "the output") : CNAP_OK;
}
