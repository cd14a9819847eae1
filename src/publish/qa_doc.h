/*
 * The 事前質問・回答一覧 as a document: what every output format (HTML, CSV,
 * JSON, PDF) renders. Built from model values only; publish never touches
 * the database.
 *
 * A document has one section per association, in WG order. Each section
 * lists every item of that association's survey outline in printed order;
 * each row is one item with the questions anchored to it (possibly none).
 * All strings are borrowed from the arena given to cnap_qa_doc_build().
 */
#ifndef CNAP_QA_DOC_H
#define CNAP_QA_DOC_H

#include "model/model.h"

struct cnap_qa_entry {
	int no;          /* 1-based order inside the association */
	const char *page_label; /* "P.3", or "" */
	const char *question;
	const char *answer;     /* answer text, a reference note, or "" */
};

struct cnap_qa_row {
	const char *item_key;
	const char *item_code;  /* "（４）", as the outline prints it under its chapter */
	const char *item_title; /* with {industry} filled */
	int depth;
	struct cnap_qa_entry *entries;
	size_t n_entries;
	const char *item_number; /* "Ⅱ．（４）", the full number (cnap_item_number), "" for none */
};

struct cnap_qa_section {
	const char *association_code;
	const char *association_name;
	const char *title;      /* 令和五年度評価・検証WG「…」 事前質問・回答一覧 */
	struct cnap_qa_row *rows;
	size_t n_rows;
	size_t n_questions;
};

struct cnap_qa_doc {
	int cycle_year;
	const char *era_year;   /* 令和五年度 */
	const char *wg_code;
	const char *wg_name;
	struct cnap_qa_section *sections;
	size_t n_sections;
};

/* One association of the WG, with its outline and its questions. */
struct cnap_qa_input_assoc {
	const struct cnap_association *association;
	const struct cnap_template *outline;
	const struct cnap_question *questions; /* any order; unpublishable ones skipped */
	size_t n_questions;
};

/*
 * Build the document. Questions whose status is not publishable are left
 * out; the rest sit in their item's row ordered by (no, id). A question whose
 * item is not in the outline is an error (CNAP_ENOTFOUND naming it).
 */
enum cnap_err cnap_qa_doc_build(struct cnap_arena *a, int cycle_year,
				const struct cnap_wg *wg,
				const struct cnap_qa_input_assoc *assocs, size_t n_assocs,
				struct cnap_qa_doc *out, struct cnap_error *err);

#endif
