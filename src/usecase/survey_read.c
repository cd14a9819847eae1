#include "base/compat.h"
#include "store/document.h"
#include "usecase/questions.h"
#include "usecase/survey_render.h"
#include "usecase/survey_read.h"
#include "usecase/survey_text.h"

#include <string.h>

static int page_of(const struct cnap_submission *sub, const char *key)
{
	for (size_t i = 0; sub && i < sub->n_pages; i++)
		if (strcmp(sub->pages[i].item_key, key) == 0)
			return sub->pages[i].page;
	return 0;
}

/* The submission of the version the texts were read from (NULL when there is none yet). */
static const struct cnap_submission *submission_of(const struct cnap_participation *p, int version)
{
	for (size_t i = 0; i < p->n_submissions; i++)
		if (p->submissions[i].version == version)
			return &p->submissions[i];
	return NULL;
}

/* The questions on item key of qs (the actor's list) into it, in list order. */
static enum cnap_err thread(struct cnap_arena *a, struct cnap_question *qs, size_t n, struct cnap_uc_read_item *it,
			    struct cnap_error *err)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(qs[i].item_key, it->item->key) == 0;
	if (!k)
		return CNAP_OK;
	it->questions = cnap_arena_calloc(a, k, sizeof(*it->questions));
	if (!it->questions)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++)
		if (strcmp(qs[i].item_key, it->item->key) == 0)
			it->questions[it->n_questions++] = qs[i];
	return CNAP_OK;
}

/* The pages the layout begins inside it, as the cutter takes them; in a. */
static struct cnap_uc_text_break *breaks_of(struct cnap_arena *a, const struct cnap_survey_item_pages *ip)
{
	struct cnap_uc_text_break *v = cnap_arena_calloc(a, ip->n_breaks, sizeof(*v));
	for (size_t i = 0; v && i < ip->n_breaks; i++)
		v[i] = (struct cnap_uc_text_break){ ip->breaks[i].block, ip->breaks[i].part, ip->breaks[i].offset,
						    ip->breaks[i].page };
	return v;
}

/*
 * Where the printed 調査票 begins a page inside an item: cnap's own layout of the version, unless
 * the association's own PDF is the document of record (its pages are its own; the page map says
 * where each item starts). A layout that fails leaves the reading view with the items' first pages.
 */
static enum cnap_err add_breaks(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_read *r,
				struct cnap_arena *a, struct cnap_error *err)
{
	struct cnap_survey_document record;
	enum cnap_err rc = cnap_store_document_get(s, r->o.year, r->o.wg.code, r->o.as.code, r->version, false, a,
						   &record, NULL);
	if (rc != CNAP_ENOTFOUND)
		return rc == CNAP_ENOMEM ? cnap_fail(err, rc, "", "out of memory") : CNAP_OK;
	struct cnap_uc_print print;
	struct cnap_survey_pages pages;
	if ((rc = cnap_uc_print_load(s, actor, r->o.year, r->o.wg.code, r->o.as.code, r->version, a, &print, NULL)) ||
	    (rc = cnap_uc_print_pages(&print, a, &pages, NULL)))
		return rc == CNAP_ENOMEM ? cnap_fail(err, rc, "", "out of memory") : CNAP_OK;
	for (size_t i = 0; i < r->n_items; i++) {
		struct cnap_uc_read_item *it = &r->items[i];
		for (size_t k = 0; it->doc && k < pages.n_items; k++) {
			const struct cnap_survey_item_pages *ip = &pages.items[k];
			if (!ip->n_breaks || strcmp(ip->key, it->item->key) != 0)
				continue;
			struct cnap_uc_text_break *br = breaks_of(a, ip);
			struct cnap_doc *cut = cnap_arena_calloc(a, 1, sizeof(*cut));
			struct cnap_uc_page_break *marks;
			if (!br || !cut || cnap_uc_doc_cut(a, it->doc, br, ip->n_breaks, cut, &marks, &it->n_breaks))
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			it->doc = cut;
			it->breaks = marks;
			break;
		}
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_survey_read(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				  const char *association_code, int version, const char *item_key,
				  struct cnap_arena *a, struct cnap_uc_read *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_uc_texts texts;
	enum cnap_err rc = cnap_uc_texts_load(s, actor, year, wg_code, association_code, version, false, a, &texts, err);
	if (rc)
		return rc;
	out->o = texts.o;
	out->version = texts.version;
	out->sub = submission_of(&out->o.part, texts.version);
	const struct cnap_template *t = &out->o.tmpl;
	const struct cnap_survey_item *only = item_key ? cnap_template_item(t, item_key) : NULL;
	if (item_key && !only)
		return cnap_fail(err, CNAP_ENOTFOUND, "item", "調査票の項目 '%s' はありません", item_key);
	struct cnap_question *qs;
	size_t nq;
	struct cnap_question_filter f = { .year = year, .wg_code = wg_code, .association_code = association_code,
					  .status = -1 };
	if ((rc = cnap_uc_question_list(s, actor, &f, a, &qs, &nq, err)))
		return rc;
	out->items = cnap_arena_calloc(a, t->n_items + 1, sizeof(*out->items));
	if (!out->items)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < t->n_items; i++) {
		const struct cnap_survey_item *item = &t->items[i];
		if (only && item != only)
			continue;
		struct cnap_uc_read_item *it = &out->items[out->n_items++];
		it->item = item;
		it->number = cnap_item_number(a, t, item);
		it->title = cnap_item_title(a, item, &out->o.as);
		it->page = page_of(out->sub, item->key);
		const struct cnap_uc_item_doc *d = cnap_uc_texts_item(&texts, item->key);
		it->doc = d && d->has_text && !cnap_doc_is_empty(&d->doc) ? &d->doc : NULL;
		if (!it->number || !it->title)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		if ((rc = thread(a, qs, nq, it, err)))
			return rc;
		out->n_with_text += it->doc != NULL;
	}
	return out->version && out->n_with_text ? add_breaks(s, actor, out, a, err) : CNAP_OK;
}
