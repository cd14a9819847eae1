/* Two versions of a survey compared (usecase/survey_diff.h). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "io/cycle_json.h"
#include "usecase/survey_diff.h"
#include "usecase/survey_form.h"
#include "usecase/survey_text.h"

#include <string.h>

static const struct cnap_submission *find_version(const struct cnap_participation *p, int version)
{
	for (size_t i = 0; i < p->n_submissions; i++)
		if (p->submissions[i].version == version)
			return &p->submissions[i];
	return NULL;
}

/* Every item's text of the version as plain text (what the comparison reads). */
static enum cnap_err plain_texts(const struct cnap_uc_texts *t, struct cnap_arena *a, struct cnap_survey_diff_side *side,
				 struct cnap_error *err)
{
	struct cnap_diff_item_text *v = cnap_arena_calloc(a, t->n_items + 1, sizeof *v);
	if (!v)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < t->n_items; i++) {
		if (!t->items[i].has_text)
			continue;
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		enum cnap_err rc = cnap_doc_plain_text(&t->items[i].doc, &b);
		char *text = rc ? NULL : cnap_arena_strndup(a, b.data ? b.data : "", b.len);
		cnap_buf_release(&b);
		if (!text)
			return cnap_fail(err, CNAP_ENOMEM, t->items[i].item->key, "out of memory");
		v[n++] = (struct cnap_diff_item_text){t->items[i].item->key, text};
	}
	side->texts = v;
	side->n_texts = n;
	return CNAP_OK;
}

/* The tables of the form filled from the version's data, computed cells and all. */
static enum cnap_err grids(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg,
			   const char *assoc, const struct cnap_submission *sub, struct cnap_arena *a,
			   struct cnap_survey_diff_side *side, struct cnap_error *err)
{
	struct cnap_uc_form *f = cnap_arena_calloc(a, 1, sizeof *f);
	if (!f)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	enum cnap_err rc = cnap_uc_form_load(s, actor, year, wg, assoc, a, f, err);
	if (rc)
		return rc;
	/* the version's own data, never the working copy the form would show an enterer */
	struct cnap_survey_data *d = NULL;
	if (sub->data_json && (rc = cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, &d, err)))
		return rc;
	f->data = d;
	struct cnap_form_grid *g = cnap_arena_calloc(a, f->spec.n_tables + 1, sizeof *g);
	if (!g)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < f->spec.n_tables; i++)
		if ((rc = cnap_uc_form_grid(f, &f->spec.tables[i], a, &g[i], err)))
			return rc;
	side->grids = g;
	side->n_grids = f->spec.n_tables;
	side->data = d;
	return CNAP_OK;
}

/* One side: the version's texts (which checks the actor's scope) and its tables. */
static enum cnap_err load_side(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg,
			       const char *assoc, int version, struct cnap_arena *a, struct cnap_uc_texts *t,
			       struct cnap_survey_diff_side *side, const char **submitted_on, struct cnap_error *err)
{
	enum cnap_err rc = cnap_uc_texts_load(s, actor, year, wg, assoc, version, false, a, t, err);
	if (rc)
		return rc;
	const struct cnap_submission *sub = find_version(&t->o.part, t->version);
	if (!sub)
		return cnap_fail(err, CNAP_ENOTFOUND, "version", "%sの調査票はまだ登録されていません", t->o.as.name);
	*side = (struct cnap_survey_diff_side){.year = year, .version = t->version, .tmpl = &t->o.tmpl, .as = &t->o.as};
	*submitted_on = sub->submitted_on;
	if ((rc = plain_texts(t, a, side, err)))
		return rc;
	return t->o.tmpl.tables_json ? grids(s, actor, year, wg, assoc, sub, a, side, err) : CNAP_OK;
}

/* The cycle year was made from (cnap cycle new --from), else the year before. */
static int previous_year(struct cnap_store *s, int year, struct cnap_arena *a)
{
	struct cnap_cycle c;
	return !cnap_store_cycle_get(s, year, a, &c, NULL) && c.from_year ? c.from_year : year - 1;
}

/*
 * Last year's texts under this year's keys (cnap cycle new --move): an item
 * renumbered is compared with itself, one dropped on purpose is left out.
 */
static enum cnap_err moved_keys(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_survey_diff_side *old,
				struct cnap_error *err)
{
	struct cnap_key_move *moves;
	size_t n_moves;
	enum cnap_err rc = cnap_store_key_moves(s, year, a, &moves, &n_moves, err);
	if (rc || !n_moves)
		return rc;
	struct cnap_diff_item_text *v = cnap_arena_calloc(a, old->n_texts + 1, sizeof *v);
	if (!v)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < old->n_texts; i++) {
		const char *key = old->texts[i].item_key;
		bool dropped = false;
		for (size_t k = 0; k < n_moves; k++)
			if (strcmp(moves[k].old_key, key) == 0) {
				dropped = !moves[k].new_key;
				key = moves[k].new_key;
				break;
			}
		if (!dropped)
			v[n++] = (struct cnap_diff_item_text){ key, old->texts[i].text };
	}
	old->texts = v;
	old->n_texts = n;
	return CNAP_OK;
}

/* The association's participation in the cycle before, with at least one version: its WG and last version. */
static enum cnap_err last_year_version(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *assoc, struct cnap_arena *a, const char **wg, int *version,
				       struct cnap_error *err)
{
	char era[64];
	int before = previous_year(s, year, a);
	if (!cnap_jp_era_fiscal_year(before, false, era, sizeof era))
		snprintf(era, sizeof era, "%d年度", before);
	struct cnap_wg *wgs = NULL;
	size_t n = 0;
	enum cnap_err rc = cnap_store_wg_list(s, before, a, &wgs, &n, NULL);
	if (rc && rc != CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "", "昨年度（%s）のWGを読めませんでした", era);
	for (size_t i = 0; i < n; i++) {
		struct cnap_participation p;
		rc = cnap_store_participation_get(s, before, wgs[i].code, assoc, a, &p, NULL);
		if (rc == CNAP_ENOTFOUND)
			continue;
		if (rc)
			return cnap_fail(err, rc, "", "昨年度（%s）の参加を読めませんでした", era);
		if (!p.n_submissions || cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wgs[i].code, assoc, NULL))
			continue;
		*wg = wgs[i].code;
		*version = p.submissions[p.n_submissions - 1].version;
		return CNAP_OK;
	}
	return cnap_fail(err, CNAP_ENOTFOUND, "last_year", "昨年度（%s）のこの団体の調査票はありません", era);
}

enum cnap_err cnap_uc_survey_diff(struct cnap_store *s, const struct cnap_actor *actor,
				  const struct cnap_uc_diff_request *req, struct cnap_arena *a,
				  struct cnap_uc_survey_diff *out, struct cnap_error *err)
{
	memset(out, 0, sizeof *out);
	struct cnap_uc_texts *tn = cnap_arena_calloc(a, 1, sizeof *tn), *to = cnap_arena_calloc(a, 1, sizeof *to);
	struct cnap_survey_diff_side *nside = cnap_arena_calloc(a, 1, sizeof *nside),
				     *oside = cnap_arena_calloc(a, 1, sizeof *oside);
	if (!tn || !to || !nside || !oside)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	/* The newer side first: it decides whether the actor may see this association at all. */
	enum cnap_err rc = load_side(s, actor, req->year, req->wg_code, req->association_code, req->to, a, tn, nside,
				     &out->to_submitted_on, err);
	if (rc)
		return rc;
	out->o = tn->o;
	out->to_version = tn->version;
	const char *ly_wg = NULL;
	int ly_version = 0;
	if (!last_year_version(s, actor, req->year, req->association_code, a, &ly_wg, &ly_version, NULL))
		out->last_year_version = ly_version;
	out->last_year = req->last_year;
	if (req->last_year) {
		if ((rc = last_year_version(s, actor, req->year, req->association_code, a, &ly_wg, &ly_version, err)))
			return rc;
		out->from_year = previous_year(s, req->year, a);
		out->from_wg = ly_wg;
		out->from_version = ly_version;
	} else {
		int from = req->from ? req->from : out->to_version - 1;
		if (from < 1)
			return cnap_fail(err, CNAP_ENOTFOUND, "from",
					 "第%d版より前の版はありません（昨年度の最終版となら比較できます）", out->to_version);
		if (!find_version(&tn->o.part, from))
			return cnap_fail(err, CNAP_ENOTFOUND, "from", "第%d版はありません", from);
		out->from_year = req->year;
		out->from_wg = req->wg_code;
		out->from_version = from;
	}
	if ((rc = load_side(s, actor, out->from_year, out->from_wg, req->association_code, out->from_version, a, to,
			    oside, &out->from_submitted_on, err)) ||
	    (req->last_year && (rc = moved_keys(s, req->year, a, oside, err))))
		return rc;
	return cnap_survey_diff(a, oside, nside, NULL, &out->diff, err);
}
