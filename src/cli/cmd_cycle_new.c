/* cnap cycle new: the next cycle from this one (usecase/cycle_new.h). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/cycle_json.h"
#include "usecase/cycle_new.h"
#include "usecase/organisation.h"

#include <jansson.h>
#include <string.h>

#define MAX_MOVES 64

static json_t *plan_json(const struct cnap_cycle_new_plan *p)
{
	json_t *parts = json_array(), *fus = json_array(), *moves = json_array();
	for (size_t i = 0; i < p->n_participants; i++) {
		const struct cnap_cycle_new_participant *x = &p->participants[i];
		json_array_append_new(parts, json_pack("{s:s, s:s, s:s, s:i, s:b, s:I, s:I}", "wg", x->wg_code,
						       "association", x->association_code, "name", x->association_name,
						       "from_version", x->from_version, "data", x->data, "texts",
						       (json_int_t)x->n_texts, "followups", (json_int_t)x->n_followups));
	}
	for (size_t i = 0; i < p->n_followups; i++) {
		const struct cnap_cycle_new_followup *f = &p->followups[i];
		json_array_append_new(fus, json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:i}", "from_id",
						     (json_int_t)f->from_id, "from_no", f->from_no, "wg", f->wg_code,
						     "association", f->association_code, "item", f->item_key, "id",
						     (json_int_t)f->id, "no", f->no));
	}
	for (size_t i = 0; i < p->n_moves; i++)
		json_array_append_new(moves, json_pack("{s:s, s:s?}", "from", p->moves[i].old_key, "to",
						       p->moves[i].new_key));
	return json_pack("{s:i, s:i, s:i, s:s?, s:b, s:I, s:I, s:I, s:o, s:o, s:o}", "year", p->cycle.year, "from_year",
			 p->cycle.from_year, "actual_fiscal_year", p->cycle.actual_fiscal_year, "name", p->cycle.name,
			 "created", p->created, "wgs", (json_int_t)p->n_wgs, "templates", (json_int_t)p->n_templates,
			 "reviewer_memberships", (json_int_t)p->n_reviewer_memberships, "participations", parts,
			 "followups", fus, "moves", moves);
}

static void plan_print(const struct cnap_cycle_new_plan *p)
{
	char to[32], from[32];
	if (!cnap_jp_era_fiscal_year(p->cycle.year, false, to, sizeof(to)))
		snprintf(to, sizeof(to), "%d年度", p->cycle.year);
	if (!cnap_jp_era_fiscal_year(p->cycle.from_year, false, from, sizeof(from)))
		snprintf(from, sizeof(from), "%d年度", p->cycle.from_year);
	if (p->created)
		printf("%sのサイクルを%sから作成しました：%s\n", to, from, p->cycle.name ? p->cycle.name : "");
	else
		printf("%sのサイクルを%sから作成します（試行：まだ何も書き込んでいません）：%s\n", to, from,
		       p->cycle.name ? p->cycle.name : "");
	printf("  WG %zu、調査票テンプレート %zu、WG委員の所属 %zu\n", p->n_wgs, p->n_templates, p->n_reviewer_memberships);
	printf("  業界団体（前年度の最終版を下書きに）:\n");
	for (size_t i = 0; i < p->n_participants; i++) {
		const struct cnap_cycle_new_participant *x = &p->participants[i];
		printf("    %-10s %-12s %s  ", x->wg_code, x->association_code, x->association_name);
		if (x->from_version)
			printf("第%d版から データ%s・本文%zu項目", x->from_version, x->data ? "あり" : "なし", x->n_texts);
		else
			printf("前年度の調査票なし");
		if (x->n_followups)
			printf("・継続%zu件", x->n_followups);
		putchar('\n');
	}
	if (p->n_followups) {
		printf("  継続する質問（昨年度フォローアップを踏まえた取組状況へ）:\n");
		for (size_t i = 0; i < p->n_followups; i++) {
			const struct cnap_cycle_new_followup *f = &p->followups[i];
			printf("    %s %s No.%d（質問 %lld）→ %s No.%d（質問 %lld、%s）\n", f->association_code, from,
			       f->from_no, (long long)f->from_id, to, f->no, (long long)f->id, f->item_key);
		}
	}
	for (size_t i = 0; i < p->n_moves; i++)
		printf("  項目 %s → %s\n", p->moves[i].old_key, p->moves[i].new_key ? p->moves[i].new_key : "（削除）");
}

int cmd_cycle_new(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--year", true, "the new follow-up year (令和6年度 = 2024)" },
		{ "--from", true, "the cycle to start from (its year)" },
		{ "--actual-year", true, "fiscal year of the actuals reviewed (default: from's, moved on)" },
		{ "--name", true, "label (default: from's, its years moved on)" },
		{ "--templates", true, "FILE with the new outlines (cycle JSON format; default: last year's)" },
		{ "--move", true, "OLD=NEW: an item's key in the new outline; OLD= drops an item with no questions (repeatable)" },
		{ "--dry-run", false, "show what would be created, write nothing" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle new", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --year YEAR --from YEAR [--templates FILE] [--move OLD=NEW ...] [--dry-run] [--json]", 0,
		       &code))
		return code;
	const char *ys, *fs, *move_args[MAX_MOVES];
	long year = 0, from = 0, actual = 0;
	size_t n_moves;
	if (!cli_need(&c, "--year", &ys) || !cli_need(&c, "--from", &fs) ||
	    !cli_int(&c.args, "--year", 1990, 2100, &year) || !cli_int(&c.args, "--from", 1990, 2100, &from) ||
	    !cli_int(&c.args, "--actual-year", 1990, 2100, &actual) ||
	    !cli_strs(&c.args, "--move", move_args, MAX_MOVES, &n_moves)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	struct cnap_key_move moves[MAX_MOVES];
	for (size_t i = 0; i < n_moves && !rc; i++)
		rc = cnap_key_move_parse(move_args[i], "--move", &c.arena, &moves[i], &err);
	const char *tpl_path = cli_str(&c.args, "--templates");
	struct cnap_cycle_data tpl;
	if (!rc && tpl_path) {
		char *text;
		size_t len;
		rc = cli_read_file(tpl_path, CNAP_MAX_JSON_FILE, &c.arena, &text, &len, &err);
		if (!rc)
			rc = cnap_cycle_json_parse(text, len, false, &c.arena, &tpl, &err);
	}
	struct cnap_cycle_new_request req = {
		.from_year = (int)from, .year = (int)year, .actual_fiscal_year = (int)actual,
		.name = cli_str(&c.args, "--name"), .templates = tpl_path ? &tpl : NULL,
		.moves = moves, .n_moves = n_moves, .dry_run = cli_flag(&c.args, "--dry-run"),
	};
	struct cnap_cycle_new_plan plan;
	if (!rc)
		rc = cnap_uc_cycle_new(c.store, &c.actor, &req, &c.arena, &plan, &err);
	if (rc) {
		code = cli_error(c.command, &err);
	} else if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(plan_json(&plan)) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
	} else {
		plan_print(&plan);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}

int cmd_cycle_close(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--year", true, "the cycle to close (its year)" },
		{ "--reopen", false, "open it again for changes" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle close", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --year YEAR [--reopen]", 0,
		       &code))
		return code;
	const char *ys;
	long year = 0;
	if (!cli_need(&c, "--year", &ys) || !cli_int(&c.args, "--year", 1990, 2100, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	bool reopen = cli_flag(&c.args, "--reopen");
	enum cnap_err rc = cnap_uc_cycle_close(c.store, &c.actor, (int)year, !reopen, &err);
	char era[32];
	if (!cnap_jp_era_fiscal_year((int)year, false, era, sizeof(era)))
		snprintf(era, sizeof(era), "%ld年度", year);
	if (rc)
		code = cli_error(c.command, &err);
	else {
		printf(reopen ? "%sを再開しました（変更できます）\n" : "%sを締め切りました（閲覧のみ）\n", era);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}
