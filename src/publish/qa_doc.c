#include "base/compat.h"
#include "base/jpfmt.h"
#include "publish/qa_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static int cmp_question(const void *pa, const void *pb)
{
	const struct cnap_question *a = *(const struct cnap_question *const *)pa;
	const struct cnap_question *b = *(const struct cnap_question *const *)pb;
	if (a->no != b->no)
		return a->no < b->no ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * 「Ⅵ．（１）への質問の回答を参照願います。」, 「Ⅱ．（３）及びⅥ．（１）（P.49）への質問の回答を参照願います。」:
 * the answers q refers to that are in the list (sorted, n of them, in printed order), each by the
 * full number of its item, its page when it has one and its NO. when its item holds other questions
 * too. *out NULL when none of them is in the list; false on no memory.
 */
static bool refer_sentence(struct cnap_arena *a, const struct cnap_qa_input_assoc *in,
			   const struct cnap_question *const *sorted, size_t n, const struct cnap_question *q,
			   const char **out)
{
	*out = NULL;
	const char *labels[CNAP_MAX_REFERS];
	size_t k = 0;
	for (size_t r = 0; r < q->n_refers_to && k < CNAP_MAX_REFERS; r++) {
		size_t j = 0;
		while (j < n && sorted[j]->id != q->refers_to_ids[r])
			j++;
		if (j == n)
			continue; /* never point readers at a question that is not in the list */
		const struct cnap_question *t = sorted[j];
		const struct cnap_survey_item *it = cnap_template_item(in->outline, t->item_key);
		if (!it)
			continue;
		const char *number = cnap_item_number(a, in->outline, it);
		if (!number)
			return false;
		bool shared = false;
		for (size_t m = 0; m < n && !shared; m++)
			shared = m != j && strcmp(sorted[m]->item_key, t->item_key) == 0;
		char page[32] = "", no[32] = "";
		if (t->page)
			snprintf(page, sizeof(page), "P.%d", t->page);
		if (shared)
			snprintf(no, sizeof(no), "NO.%zu", j + 1);
		labels[k] = *page || *no ? cnap_arena_printf(a, "%s（%s%s%s）", number, page, *page && *no ? "、" : "", no)
					 : number;
		if (!labels[k])
			return false;
		k++;
	}
	if (!k)
		return true;
	const char *list = "";
	for (size_t i = 0; i < k && list; i++)
		list = cnap_arena_printf(a, "%s%s%s", list, i == 0 ? "" : i + 1 == k ? "及び" : "、", labels[i]);
	*out = list ? cnap_arena_printf(a, "%sへの質問の回答を参照願います。", list) : NULL;
	return *out != NULL;
}

/*
 * What the 回答 cell shows: an accepted answer with its references before or after its own words,
 * a reference set before any answer was given, or a placeholder. NULL on no memory.
 */
static const char *answer_text(struct cnap_arena *a, const struct cnap_qa_input_assoc *in,
			       const struct cnap_question *const *sorted, size_t n, const struct cnap_question *q)
{
	bool final = q->has_answer && (q->answer.status == CNAP_A_ACCEPTED || q->status == CNAP_Q_PUBLISHED);
	const char *refer = NULL;
	if ((final || !q->has_answer) && q->n_refers_to && !refer_sentence(a, in, sorted, n, q, &refer))
		return NULL;
	if (final) {
		const char *own = q->answer.text ? q->answer.text : "";
		if (!refer)
			return own;
		if (!*own)
			return refer;
		return q->refers_first ? cnap_arena_printf(a, "%s\n%s", refer, own)
				       : cnap_arena_printf(a, "%s\n%s", own, refer);
	}
	if (refer)
		return refer;
	if (q->status == CNAP_Q_SENT || q->status == CNAP_Q_APPROVED)
		return "（回答待ち）";
	if (q->has_answer)
		return "（回答確認中）";
	return "";
}

static enum cnap_err build_section(struct cnap_arena *a, const char *era, const struct cnap_qa_input_assoc *in,
				   struct cnap_qa_section *sec, struct cnap_error *err)
{
	const struct cnap_template *t = in->outline;
	sec->association_code = in->association->code;
	sec->association_name = in->association->name;
	sec->title = cnap_arena_printf(a, "%s評価・検証WG「%s」 事前質問・回答一覧", era, in->association->name);
	sec->n_rows = t->n_items;
	sec->rows = cnap_arena_calloc(a, t->n_items + 1, sizeof(*sec->rows));
	const struct cnap_question **sorted = cnap_arena_calloc(a, in->n_questions + 1, sizeof(*sorted));
	if (!sec->title || !sec->rows || !sorted)
		return OOM(err);
	size_t n = 0;
	for (size_t i = 0; i < in->n_questions; i++)
		if (cnap_qstatus_publishable(in->questions[i].status))
			sorted[n++] = &in->questions[i];
	qsort(sorted, n, sizeof(*sorted), cmp_question);
	for (size_t r = 0; r < t->n_items; r++) {
		const struct cnap_survey_item *it = &t->items[r];
		struct cnap_qa_row *row = &sec->rows[r];
		row->item_key = it->key;
		row->item_code = it->code ? it->code : "";
		row->item_number = cnap_item_number(a, t, it);
		row->item_title = cnap_item_title(a, it, in->association);
		if (!row->item_number || !row->item_title)
			return OOM(err);
		row->depth = it->depth;
	}
	/* Count per row first, then fill, so entries keep question order. */
	size_t *counts = cnap_arena_calloc(a, t->n_items + 1, sizeof(*counts));
	size_t *row_of = cnap_arena_calloc(a, n + 1, sizeof(*row_of));
	if (!counts || !row_of)
		return OOM(err);
	for (size_t i = 0; i < n; i++) {
		size_t r = 0;
		while (r < t->n_items && strcmp(t->items[r].key, sorted[i]->item_key) != 0)
			r++;
		if (r == t->n_items)
			return cnap_fail(err, CNAP_ENOTFOUND, "item",
					 "question %lld of '%s' is anchored to item '%s', which is not in the outline '%s'",
					 (long long)sorted[i]->id, in->association->code, sorted[i]->item_key, t->code);
		row_of[i] = r;
		counts[r]++;
	}
	for (size_t r = 0; r < t->n_items; r++) {
		if (!counts[r])
			continue;
		sec->rows[r].entries = cnap_arena_calloc(a, counts[r], sizeof(struct cnap_qa_entry));
		if (!sec->rows[r].entries)
			return OOM(err);
	}
	for (size_t i = 0; i < n; i++) {
		struct cnap_qa_row *row = &sec->rows[row_of[i]];
		struct cnap_qa_entry *e = &row->entries[row->n_entries++];
		const struct cnap_question *q = sorted[i];
		e->no = (int)i + 1;
		e->page_label = q->page ? cnap_arena_printf(a, "P.%d", q->page) : "";
		e->question = q->text;
		e->answer = answer_text(a, in, sorted, n, q);
		if (!e->page_label || !e->answer)
			return OOM(err);
	}
	sec->n_questions = n;
	return CNAP_OK;
}

enum cnap_err cnap_qa_doc_build(struct cnap_arena *a, int cycle_year, const struct cnap_wg *wg,
				const struct cnap_qa_input_assoc *assocs, size_t n_assocs, struct cnap_qa_doc *out,
				struct cnap_error *err)
{
	char era[64];
	memset(out, 0, sizeof(*out));
	if (!cnap_jp_era_fiscal_year(cycle_year, true, era, sizeof(era)))
		return cnap_fail(err, CNAP_EINVAL, "cycle", "cycle year %d cannot be shown as a Japanese era year",
				 cycle_year);
	out->cycle_year = cycle_year;
	out->era_year = cnap_arena_strdup(a, era);
	out->wg_code = wg->code;
	out->wg_name = wg->name;
	out->n_sections = n_assocs;
	out->sections = cnap_arena_calloc(a, n_assocs + 1, sizeof(*out->sections));
	if (!out->sections || !out->era_year)
		return OOM(err);
	for (size_t i = 0; i < n_assocs; i++) {
		enum cnap_err rc = build_section(a, era, &assocs[i], &out->sections[i], err);
		if (rc)
			return rc;
	}
	return CNAP_OK;
}
