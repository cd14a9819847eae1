/*
 * 「版の比較」 (issue 12 item 5): two versions of an association's survey,
 * or one against last year's final version, side by side — the older on
 * the left, the newer on the right, per changed item its text cut into
 * aligned paragraphs (calc/survey_diff.h cnap_text_diff_rows) with
 * deletions and insertions marked, and its changed cells as a table with
 * the difference and the % change. Runs of unchanged items fold into one
 * line 「変更なし（12項目）」.
 *
 * What the actor may see is the use case's answer (usecase/survey_diff.h):
 * another association's comparison does not exist for an association user.
 */
#include "base/compat.h"
#include "usecase/survey_diff.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

/* ?from=N | ?from=last-year and ?to=M; false (400 set) for anything else. */
static bool parse_request(struct web_req *req, struct web_resp *resp, struct cnap_uc_diff_request *r)
{
	const char *from = web_param(req, "from"), *to = web_param(req, "to");
	const char *args[2] = {from, to};
	int *dst[2] = {&r->from, &r->to};
	if (from && strcmp(from, "last-year") == 0) {
		r->last_year = true;
		args[0] = NULL;
	}
	for (int i = 0; i < 2; i++) {
		if (!args[i] || !*args[i])
			continue;
		char *end;
		long v = strtol(args[i], &end, 10);
		if (*end || v < 1 || v > 999 || args[i][0] < '1' || args[i][0] > '9') {
			web_error(req, resp, 400, WS_error_bad_request);
			return false;
		}
		*dst[i] = (int)v;
	}
	return true;
}

static void put_pieces(struct web_req *req, struct tv *list, const struct cnap_diff_piece *p, size_t n,
		       const char *text)
{
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "text", cnap_arena_strndup(req->arena, text + p[i].off, p[i].len));
		tv_put_bool(m, "del", p[i].kind == CNAP_DIFF_DELETE);
		tv_put_bool(m, "ins", p[i].kind == CNAP_DIFF_INSERT);
	}
}

static void put_row(struct web_req *req, struct tv *list, const struct cnap_diff_row *row,
		    const struct cnap_item_diff *it)
{
	struct tv *m = tv_push_map(list);
	tv_put_bool(m, "changed", row->changed);
	tv_put_bool(m, "left_empty", !row->n_left);
	tv_put_bool(m, "right_empty", !row->n_right);
	put_pieces(req, tv_put_list(m, "left"), row->left, row->n_left, it->old_text);
	put_pieces(req, tv_put_list(m, "right"), row->right, row->n_right, it->new_text);
}

/* Whether row r is unchanged and more than one row away from a change: what a long item folds away. */
static bool far_from_change(const struct cnap_diff_row *rows, size_t n, size_t r)
{
	for (size_t k = r ? r - 1 : 0; k <= r + 1 && k < n; k++)
		if (rows[k].changed)
			return false;
	return true;
}

/*
 * The item's text side by side. Unchanged paragraphs next to a change stay
 * as context; three or more further away fold into one row
 * (「変更のない段落（5）」) that opens to show them.
 */
static bool put_rows(struct web_req *req, struct tv *item, const struct cnap_item_diff *it)
{
	struct cnap_diff_row *rows;
	size_t n;
	if (cnap_text_diff_rows(req->arena, &it->text, it->old_text, it->new_text, &rows, &n, NULL))
		return false;
	tv_put_bool(item, "has_rows", n > 0);
	struct tv *list = tv_put_list(item, "rows");
	for (size_t r = 0; r < n;) {
		size_t end = r;
		while (end < n && far_from_change(rows, n, end))
			end++;
		if (end - r >= 3) {
			struct tv *fold = tv_put_map(tv_push_map(list), "fold");
			tv_put_str(fold, "label", cnap_arena_printf(req->arena, web_t(WS_diff_fold), end - r));
			struct tv *inner = tv_put_list(fold, "rows");
			for (; r < end; r++)
				put_row(req, inner, &rows[r], it);
			continue;
		}
		put_row(req, list, &rows[r], it);
		r++;
	}
	return true;
}

static void put_cells(struct tv *list, const struct cnap_cell_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "table", v[i].table_title);
		tv_put_str(m, "row", v[i].row_label);
		tv_put_str(m, "column", v[i].col_label);
		tv_put_str(m, "unit", v[i].unit);
		tv_put_bool(m, "computed", v[i].computed);
		tv_put_str(m, "old", v[i].old_text);
		tv_put_str(m, "new", v[i].new_text);
		tv_put_str(m, "difference", v[i].difference_text);
		tv_put_str(m, "percent", v[i].percent_text);
		tv_put_bool(m, "down", v[i].has_difference && v[i].difference < 0);
		tv_put_bool(m, "up", v[i].has_difference && v[i].difference > 0);
	}
}

static const char *side_label(struct web_req *req, int year, int this_year, int version, const char *on)
{
	const char *when = on ? cnap_arena_printf(req->arena, "（%s）", web_date_label(req->arena, on)) : "";
	if (year != this_year)
		return cnap_arena_printf(req->arena, web_t(WS_diff_side_last_year), web_era(req->arena, year), version,
					 when);
	return cnap_arena_printf(req->arena, web_t(WS_diff_side), version, when);
}

/* The two selects: every version of this cycle, and last year's final one when there is one. */
static void put_choices(struct web_req *req, struct tv *v, const struct cnap_uc_survey_diff *r, int from, int to,
			bool last_year)
{
	const struct cnap_participation *p = &r->o.part;
	struct tv *froms = tv_put_list(v, "from_options"), *tos = tv_put_list(v, "to_options");
	if (r->last_year_version) {
		struct tv *m = tv_push_map(froms);
		tv_put_str(m, "value", "last-year");
		tv_put_str(m, "label", cnap_arena_printf(req->arena, web_t(WS_diff_last_year_option),
							  web_era(req->arena, r->o.year - 1), r->last_year_version));
		tv_put_bool(m, "selected", last_year);
	}
	for (size_t i = 0; i < p->n_submissions; i++) {
		const struct cnap_submission *s = &p->submissions[i];
		const char *label = side_label(req, r->o.year, r->o.year, s->version, s->submitted_on);
		struct tv *m = tv_push_map(froms);
		tv_put_str(m, "value", cnap_arena_printf(req->arena, "%d", s->version));
		tv_put_str(m, "label", label);
		tv_put_bool(m, "selected", !last_year && s->version == from);
		m = tv_push_map(tos);
		tv_put_str(m, "value", cnap_arena_printf(req->arena, "%d", s->version));
		tv_put_str(m, "label", label);
		tv_put_bool(m, "selected", s->version == to);
	}
}

static void put_item(struct web_req *req, struct tv *entries, const struct cnap_item_diff *it)
{
	struct tv *m = tv_put_map(tv_push_map(entries), "item");
	tv_put_str(m, "key", it->key);
	tv_put_str(m, "number", it->number);
	tv_put_str(m, "title", it->title);
	tv_put_str(m, "change", cnap_item_change_name(it->change));
	tv_put_str(m, "change_label", cnap_item_change_label_ja(it->change));
	if (it->text_changed && !put_rows(req, m, it))
		tv_put_bool(m, "rows_failed", true);
	if (it->text.level != CNAP_DIFF_LEVEL_CHARS)
		tv_put_bool(m, "coarse", true);
	tv_put_bool(m, "has_cells", it->n_cells > 0);
	if (it->n_cells)
		put_cells(tv_put_list(m, "cells"), it->cells, it->n_cells);
}

static void put_diff(struct web_req *req, struct tv *v, const struct cnap_survey_diff *d)
{
	struct tv *entries = tv_put_list(v, "entries");
	for (size_t i = 0; i < d->n_items;) {
		if (d->items[i].change != CNAP_ITEM_SAME) {
			put_item(req, entries, &d->items[i++]);
			continue;
		}
		/* a run of unchanged items folds into one line */
		struct tv *run = tv_put_map(tv_push_map(entries), "same");
		struct tv *names = tv_put_list(run, "items");
		size_t k = 0;
		for (; i < d->n_items && d->items[i].change == CNAP_ITEM_SAME; i++, k++) {
			struct tv *m = tv_push_map(names);
			tv_put_str(m, "number", d->items[i].number);
			tv_put_str(m, "title", d->items[i].title);
		}
		tv_put_str(run, "label", cnap_arena_printf(req->arena, web_t(WS_diff_same_run), k));
	}
	tv_put_bool(v, "has_loose", d->n_loose_cells > 0);
	if (d->n_loose_cells)
		put_cells(tv_put_list(v, "loose_cells"), d->loose_cells, d->n_loose_cells);
	tv_put_str(v, "summary", cnap_arena_printf(req->arena, web_t(WS_diff_summary), d->n_changed, d->n_items,
						   d->n_cells));
	tv_put_bool(v, "coarse", d->coarse);
}

void h_survey_diff(struct web_req *req, struct web_resp *resp)
{
	int year;
	if (!web_year_arg(req, resp, 0, &year))
		return;
	struct cnap_uc_diff_request dr = {.year = year, .wg_code = web_arg(req, 1), .association_code = web_arg(req, 2)};
	if (!parse_request(req, resp, &dr))
		return;
	bool asked = dr.from || dr.last_year;
	struct cnap_uc_survey_diff r;
	struct cnap_error err = {0};
	enum cnap_err rc = cnap_uc_survey_diff(req->store, &req->user->actor, &dr, req->arena, &r, &err);
	/* The first version has nothing before it in the cycle: last year's final one, when there is one. */
	if (rc == CNAP_ENOTFOUND && !asked && r.o.as.code && r.last_year_version) {
		dr.last_year = true;
		rc = cnap_uc_survey_diff(req->store, &req->user->actor, &dr, req->arena, &r, &err);
	}
	/* Only an association the actor may see has r.o filled: anything else is "not found". */
	if (rc && !(rc == CNAP_ENOTFOUND && r.o.as.code)) {
		web_fail(req, resp, rc, &err);
		return;
	}
	struct tv *v = web_page(req, resp, WT_diff, WS_diff_title);
	struct assoc_ctx c = {.year = year, .wg = dr.wg_code, .assoc = dr.association_code, .o = r.o};
	web_assoc_ctx_put(req, v, &c);
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, "%s %s", r.o.as.name, web_t(WS_diff_title)));
	tv_put_str(v, "action", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/diff", year, dr.wg_code,
						  dr.association_code));
	int to = r.to_version ? r.to_version : (r.o.part.n_submissions ? r.o.part.submissions[r.o.part.n_submissions - 1].version : 0);
	put_choices(req, v, &r, rc ? dr.from : r.from_version, dr.to ? dr.to : to, rc ? dr.last_year : r.last_year);
	if (rc) {
		tv_put_str(v, "unavailable", cnap_arena_strdup(req->arena, err.message));
		return;
	}
	tv_put_str(v, "from_label", side_label(req, r.from_year, year, r.from_version, r.from_submitted_on));
	tv_put_str(v, "to_label", side_label(req, year, year, r.to_version, r.to_submitted_on));
	put_diff(req, v, &r.diff);
}
