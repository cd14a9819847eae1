/*
 * cnap survey diff: two versions of an association's survey compared, or a
 * version against last year's final one (issue 12 item 5). The text output
 * shows each changed item with its number and title, its changed lines
 * with [-deleted-]{+inserted+}, and its changed cells; --json the whole
 * comparison (docs/cli.md, "The JSON of cnap survey diff").
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/jpfmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/survey_diff.h"

#include <stdio.h>
#include <string.h>

static const struct cli_opt_spec diff_spec[] = {
	CLI_DB_OPT,
	CLI_AS_OPT,
	{ "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" },
	{ "--wg", true, "WG code" },
	{ "--association", true, "association code" },
	{ "--from", true, "N: the older version (default: the one before --to)" },
	{ "--last-year", false, "compare with last year's final version instead of --from" },
	{ "--to", true, "M: the newer version (default: the latest)" },
	{ "--json", false, "the comparison as JSON (see below in docs/cli.md)" },
};

static const char *kind_name(enum cnap_diff_kind k)
{
	return k == CNAP_DIFF_DELETE ? "delete" : k == CNAP_DIFF_INSERT ? "insert" : "equal";
}

static json_t *text_json(const struct cnap_item_diff *it)
{
	json_t *ops = json_array();
	for (size_t i = 0; ops && i < it->text.n_ops; i++) {
		const struct cnap_diff_op *op = &it->text.ops[i];
		const char *src = op->kind == CNAP_DIFF_INSERT ? it->new_text + op->b_off : it->old_text + op->a_off;
		size_t len = op->kind == CNAP_DIFF_INSERT ? op->b_len : op->a_len;
		json_t *o = json_pack("{s:s, s:[I,I], s:[I,I], s:s%}", "op", kind_name(op->kind), "old",
				      (json_int_t)op->a_off, (json_int_t)(op->a_off + op->a_len), "new",
				      (json_int_t)op->b_off, (json_int_t)(op->b_off + op->b_len), "text", src, len);
		if (json_array_append_new(ops, o)) {
			json_decref(ops);
			return NULL;
		}
	}
	return json_pack("{s:b, s:s, s:s, s:s, s:o*}", "changed", it->text_changed, "level",
			 it->text.level == CNAP_DIFF_LEVEL_CHARS ? "chars" : "sentences", "old", it->old_text, "new",
			 it->new_text, "ops", ops);
}

static json_t *number_or_null(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *cells_json(const struct cnap_cell_change *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		const struct cnap_cell_change *c = &v[i];
		bool num = c->kind == CNAP_CELL_NUMBER;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:b, s:o, s:o, s:s, s:s, s:o, s:s, s:o, s:s}",
				      "table", c->table_code, "table_title", c->table_title, "row", c->row_label,
				      "column", c->col_label, "line", c->line_code, "unit", c->unit, "kind",
				      num ? "number" : "text", "computed", c->computed, "old",
				      num ? number_or_null(c->has_old, c->old_value)
					  : c->has_old ? json_string(c->old_text) : json_null(),
				      "new",
				      num ? number_or_null(c->has_new, c->new_value)
					  : c->has_new ? json_string(c->new_text) : json_null(),
				      "old_text", c->old_text, "new_text", c->new_text, "difference",
				      number_or_null(c->has_difference, c->difference), "difference_text",
				      c->difference_text, "percent", number_or_null(c->has_percent, c->percent),
				      "percent_text", c->percent_text);
		if (json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *side_json(int year, const char *wg, int version, const char *submitted_on)
{
	return json_pack("{s:i, s:s, s:i, s:s?}", "cycle", year, "wg", wg, "version", version, "submitted_on",
			 submitted_on);
}

static json_t *diff_json(const struct cnap_uc_survey_diff *r)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < r->diff.n_items; i++) {
		const struct cnap_item_diff *it = &r->diff.items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o*, s:o*}", "item", it->key, "number", it->number,
				      "title", it->title, "depth", it->depth, "change", cnap_item_change_name(it->change),
				      "text", it->text_changed ? text_json(it) : NULL, "cells",
				      cells_json(it->cells, it->n_cells));
		if (json_array_append_new(items, o)) {
			json_decref(items);
			items = NULL;
		}
	}
	return json_pack("{s:s, s:o*, s:o*, s:b, s:I, s:I, s:I, s:b, s:o*, s:o*}", "association", r->o.as.code,
			 "from", side_json(r->from_year, r->from_wg, r->from_version, r->from_submitted_on), "to",
			 side_json(r->o.year, r->o.wg.code, r->to_version, r->to_submitted_on), "last_year",
			 r->last_year, "items_total", (json_int_t)r->diff.n_items, "items_changed",
			 (json_int_t)r->diff.n_changed, "cells_changed", (json_int_t)r->diff.n_cells, "coarse",
			 r->diff.coarse, "items", items, "loose_cells",
			 cells_json(r->diff.loose_cells, r->diff.n_loose_cells));
}

/* One line of the inline form, its segments marked; printed only when something in it changed. */
struct line {
	struct cnap_buf b;
	bool changed;
};

static void line_flush(struct line *l, bool *elided)
{
	if (l->b.status)
		return; /* memory ran out: print_text says so */
	if (l->changed) {
		printf("    %s\n", l->b.data ? l->b.data : "");
		*elided = false;
	} else if (!*elided && l->b.len) {
		printf("    …\n");
		*elided = true;
	}
	cnap_buf_reset(&l->b);
	l->changed = false;
}

/* The item's text with [-deleted-]{+inserted+}, the changed lines only (… for the others); false on memory. */
static bool print_text(const struct cnap_item_diff *it)
{
	struct line l = { 0 };
	cnap_buf_init(&l.b, 0);
	bool elided = false;
	for (size_t i = 0; i < it->text.n_ops; i++) {
		const struct cnap_diff_op *op = &it->text.ops[i];
		const char *s = op->kind == CNAP_DIFF_INSERT ? it->new_text + op->b_off : it->old_text + op->a_off;
		size_t n = op->kind == CNAP_DIFF_INSERT ? op->b_len : op->a_len;
		const char *open = op->kind == CNAP_DIFF_DELETE ? "[-" : op->kind == CNAP_DIFF_INSERT ? "{+" : "";
		const char *close = op->kind == CNAP_DIFF_DELETE ? "-]" : op->kind == CNAP_DIFF_INSERT ? "+}" : "";
		/* a change over several lines is marked on each, so every printed line reads on its own */
		while (n) {
			const char *nl = memchr(s, '\n', n);
			size_t seg = nl ? (size_t)(nl - s) : n;
			if (seg) {
				cnap_buf_adds(&l.b, open);
				cnap_buf_add(&l.b, s, seg);
				cnap_buf_adds(&l.b, close);
			}
			if (op->kind != CNAP_DIFF_EQUAL)
				l.changed = true;
			if (l.b.status)
				break;
			if (!nl)
				break;
			if (op->kind != CNAP_DIFF_EQUAL && !seg)
				cnap_buf_adds(&l.b, op->kind == CNAP_DIFF_DELETE ? "[-↵-]" : "{+↵+}");
			line_flush(&l, &elided);
			s += seg + 1;
			n -= seg + 1;
		}
	}
	if (l.b.len || l.changed)
		line_flush(&l, &elided);
	bool ok = !l.b.status;
	cnap_buf_release(&l.b);
	return ok;
}

static void print_cells(const struct cnap_cell_change *v, size_t n)
{
	printf("  数値の変更:\n    ");
	cli_print_padded("表 › 行 › 列", 58);
	cli_print_padded("旧", 14);
	cli_print_padded("新", 14);
	cli_print_padded("差", 12);
	printf("増減率\n");
	for (size_t i = 0; i < n; i++) {
		const struct cnap_cell_change *c = &v[i];
		char label[512];
		snprintf(label, sizeof label, "%s › %s%s%s%s%s%s", c->table_title, c->row_label, *c->col_label ? " › " : "",
			 c->col_label, c->unit ? "［" : "", c->unit ? c->unit : "", c->unit ? "］" : "");
		printf("    ");
		cli_print_padded(label, 58);
		cli_print_padded(c->old_text, 14);
		cli_print_padded(c->new_text, 14);
		cli_print_padded(c->difference_text, 12);
		printf("%s%s\n", c->percent_text, c->computed ? "（計算値）" : "");
	}
}

static const char *era(char *buf, size_t n, int year)
{
	if (!cnap_jp_era_fiscal_year(year, false, buf, n))
		snprintf(buf, n, "%d年度", year);
	return buf;
}

/* The comparison as text; false when memory ran out on the way (what was printed is then not the answer). */
static bool print_diff(const struct cnap_uc_survey_diff *r)
{
	char e1[64], e2[64];
	printf("%s 比較: %s 第%d版（%s）→ %s 第%d版（%s）\n", r->o.as.name, era(e1, sizeof e1, r->from_year),
	       r->from_version, r->from_submitted_on ? r->from_submitted_on : "提出日なし", era(e2, sizeof e2, r->o.year),
	       r->to_version, r->to_submitted_on ? r->to_submitted_on : "提出日なし");
	printf("変更のあった項目: %zu / %zu（数値の変更 %zu 件）\n", r->diff.n_changed, r->diff.n_items, r->diff.n_cells);
	if (r->diff.coarse)
		printf("（長い本文の一部は、文字単位の比較が上限を超えたため文・行単位で比較しました）\n");
	for (size_t i = 0; i < r->diff.n_items; i++) {
		const struct cnap_item_diff *it = &r->diff.items[i];
		if (it->change == CNAP_ITEM_SAME)
			continue;
		printf("\n%s%s%s（%s）\n", it->number, *it->number ? " " : "", it->title,
		       cnap_item_change_label_ja(it->change));
		if (it->text_changed) {
			printf("  本文:\n");
			if (!print_text(it))
				return false;
		}
		if (it->n_cells)
			print_cells(it->cells, it->n_cells);
	}
	if (r->diff.n_loose_cells) {
		printf("\n（項目に属さない表）\n");
		print_cells(r->diff.loose_cells, r->diff.n_loose_cells);
	}
	if (r->diff.n_items > r->diff.n_changed)
		printf("\n変更なし: %zu項目\n", r->diff.n_items - r->diff.n_changed);
	return true;
}

int cmd_survey_diff(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE [--from N | --last-year] [--to M] "
			       "[--json] [--as LOGIN]";
	if (!cli_begin(&c, "survey diff", argc, argv, diff_spec, CNAP_ARRAY_LEN(diff_spec), synopsis, 0, &code))
		return code;
	struct cnap_uc_diff_request req = { 0 };
	long from = 0, to = 0;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &req.wg_code) ||
	    !cli_need(&c, "--association", &req.association_code) || !cli_int(&c.args, "--from", 1, 999, &from) ||
	    !cli_int(&c.args, "--to", 1, 999, &to)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	req.year = year;
	req.from = (int)from;
	req.to = (int)to;
	req.last_year = cli_flag(&c.args, "--last-year");
	if (req.last_year && from) {
		fprintf(stderr, "cnap survey diff: error: --from と --last-year は一緒に指定できません\n");
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_survey_diff r;
	enum cnap_err rc = cnap_uc_survey_diff(c.store, &c.actor, &req, &c.arena, &r, &err);
	if (rc)
		code = cli_error(c.command, &err);
	else if (cli_flag(&c.args, "--json"))
		code = cli_print_json(diff_json(&r)) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
	else if (print_diff(&r))
		code = EXIT_OK;
	else
		code = cli_error(c.command, &(struct cnap_error){ .code = CNAP_ENOMEM, .message = "out of memory" });
	cli_end(&c);
	return code;
}
