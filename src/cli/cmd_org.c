/* cnap wg, association, outline and submission commands */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/organisation.h"
#include "usecase/survey.h"
#include "io/cycle_json.h"

#include <stdlib.h>
#include <string.h>

#define DB_OPT CLI_DB_OPT, CLI_AS_OPT
#define CYCLE_OPT { "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" }
#define JSON_OPT { "--json", false, "print JSON" }

static int finish(struct cli_ctx *c, enum cnap_err rc, const struct cnap_error *err)
{
	int code = rc ? cli_error(c->command, err) : EXIT_OK;
	cli_end(c);
	return code;
}

int cmd_wg_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { DB_OPT, CYCLE_OPT, JSON_OPT };
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "wg list", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --cycle YEAR [--json]", 0,
		       &code))
		return code;
	if (!cli_need_year(&c, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_wg *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_wg_list(c.store, &c.actor, year, &c.arena, &v, &n, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			struct cnap_association *as;
			size_t nas;
			json_t *members = json_array();
			if (!cnap_uc_association_list(c.store, &c.actor, year, v[i].code, &c.arena, &as, &nas, &err))
				for (size_t k = 0; k < nas; k++)
					json_array_append_new(members, json_string(as[k].code));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "code", v[i].code, "name", v[i].name,
							     "associations", members));
		}
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++) {
			cli_print_padded(v[i].code, 14);
			printf("%s\n", v[i].name);
		}
	}
	return finish(&c, rc, &err);
}

int cmd_wg_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--code", true, "WG code (letters, digits, . _ -)" }, { "--name", true, "WG name" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "wg add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --code CODE --name NAME", 0, &code))
		return code;
	struct cnap_wg wg = { 0 };
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--code", &wg.code) || !cli_need(&c, "--name", &wg.name)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_wg_add(c.store, &c.actor, year, &wg, &err);
	if (!rc)
		printf("WG %s added to cycle %d\n", wg.code, year);
	return finish(&c, rc, &err);
}

int cmd_association_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, { "--cycle", true, "YEAR: only participants of that cycle" },
		{ "--wg", true, "CODE: only participants of that WG" }, JSON_OPT,
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "association list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--cycle YEAR [--wg CODE]] [--json]", 0, &code))
		return code;
	long year = 0;
	const char *wg = cli_str(&c.args, "--wg");
	if (!cli_int(&c.args, "--cycle", 1990, 2100, &year) || (wg && !year)) {
		if (wg && !year)
			fprintf(stderr, "cnap %s: --wg needs --cycle\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_association *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_association_list(c.store, &c.actor, (int)year, wg, &c.arena, &v, &n, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s?}", "code", v[i].code, "name", v[i].name,
							     "industry", v[i].industry));
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++) {
			cli_print_padded(v[i].code, 16);
			printf("%s\n", v[i].name);
		}
	}
	return finish(&c, rc, &err);
}

int cmd_association_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, { "--code", true, "association code" }, { "--name", true, "association name" },
		{ "--industry", true, "industry name used in survey titles (○○業界)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "association add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --code CODE --name NAME [--industry NAME]", 0, &code))
		return code;
	struct cnap_association as = { .industry = cli_str(&c.args, "--industry") };
	if (!cli_need(&c, "--code", &as.code) || !cli_need(&c, "--name", &as.name)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_association_add(c.store, &c.actor, &as, &err);
	if (!rc)
		printf("association %s added\n", as.code);
	return finish(&c, rc, &err);
}

int cmd_association_join(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--wg", true, "WG code" }, { "--association", true, "association code" },
		{ "--template", true, "survey template code (default: standard)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "association join", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE [--template CODE]", 0, &code))
		return code;
	const char *wg, *assoc, *tpl = cli_str(&c.args, "--template");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_participation_add(c.store, &c.actor, year, wg, assoc, tpl ? tpl : "standard", &err);
	if (!rc)
		printf("%s takes part in %s (%d)\n", assoc, wg, year);
	return finish(&c, rc, &err);
}

int cmd_outline_show(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--wg", true, "WG code" }, { "--association", true, "association code" }, JSON_OPT,
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "outline show", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE [--json]", 0, &code))
		return code;
	const char *wg, *assoc;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_outline o;
	enum cnap_err rc = cnap_uc_outline_load(c.store, &c.actor, year, wg, assoc, &c.arena, &o, &err);
	if (rc)
		return finish(&c, rc, &err);
	const struct cnap_participation p = o.part;
	const struct cnap_template t = o.tmpl;
	const struct cnap_association as = o.as;
	bool json = cli_flag(&c.args, "--json");
	json_t *arr = json ? json_array() : NULL;
	if (!json)
		printf("%s  template %s, submission v%d\n", as.name, t.code,
		       p.n_submissions ? p.submissions[p.n_submissions - 1].version : 0);
	for (size_t i = 0; i < t.n_items; i++) {
		const struct cnap_survey_item *it = &t.items[i];
		int page = cnap_uc_outline_page(&o, it->key);
		const char *title = cnap_item_title(&c.arena, it, &as);
		if (json) {
			json_t *row = json_pack("{s:s, s:s, s:s, s:i}", "key", it->key, "code", it->code, "title", title,
						"depth", it->depth);
			if (page)
				json_object_set_new(row, "page", json_integer(page));
			json_array_append_new(arr, row);
			continue;
		}
		cli_print_padded(it->key, 16);
		if (page)
			printf("P.%-4d ", page);
		else
			printf("       ");
		for (int d = 0; d < it->depth; d++)
			fputs("  ", stdout);
		printf("%s%s%s\n", it->code, it->code[0] ? " " : "", title);
	}
	if (json)
		cli_print_json(arr);
	return finish(&c, CNAP_OK, &err);
}

/* --page ITEM=N,ITEM=N,... */
static bool parse_pages(struct cli_ctx *c, const char *spec, struct cnap_submission *sub)
{
	size_t count = 1;
	for (const char *p = spec; *p; p++)
		count += *p == ',';
	sub->pages = cnap_arena_calloc(&c->arena, count, sizeof(*sub->pages));
	char *copy = cnap_arena_strdup(&c->arena, spec);
	if (!sub->pages || !copy)
		return false;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		long page = 0;
		char *end = NULL;
		if (eq) {
			*eq = '\0';
			page = strtol(eq + 1, &end, 10);
		}
		if (!eq || !*tok || !end || *end || page < 1 || page > CNAP_MAX_PAGE) {
			fprintf(stderr, "cnap %s: --pages: '%s' is not ITEM=PAGE (page 1..%d)\n", c->command, tok,
				CNAP_MAX_PAGE);
			return false;
		}
		sub->pages[sub->n_pages].item_key = tok;
		sub->pages[sub->n_pages].page = (int)page;
		sub->n_pages++;
	}
	return true;
}

int cmd_submission_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--wg", true, "WG code" }, { "--association", true, "association code" },
		{ "--submitted-on", true, "date YYYY-MM-DD" }, { "--note", true, "note on this version" },
		{ "--pages", true, "page map ITEM=PAGE,ITEM=PAGE,... (default: the latest version's)" },
		{ "--data", true, "quantitative survey data: a JSON FILE holding the \"data\" object (docs/json-format.md)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "submission add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE [--submitted-on DATE] [--note TEXT] "
		       "[--pages ITEM=PAGE,...] [--data FILE]",
		       0, &code))
		return code;
	const char *wg, *assoc, *pages = cli_str(&c.args, "--pages");
	struct cnap_submission sub = { .submitted_on = cli_str(&c.args, "--submitted-on"),
				       .note = cli_str(&c.args, "--note") };
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc) ||
	    (pages && !parse_pages(&c, pages, &sub))) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	if (sub.submitted_on)
		rc = cnap_check_date(sub.submitted_on, "--submitted-on", &err);
	const char *data_file = cli_str(&c.args, "--data");
	if (!rc && data_file) {
		char *text;
		size_t len;
		struct cnap_survey_data *d;
		rc = cli_read_file(data_file, CNAP_MAX_JSON_FILE, &c.arena, &text, &len, &err);
		if (!rc)
			rc = cnap_survey_data_parse(text, len, "$", &c.arena, &d, &err);
		if (!rc && !(sub.data_json = cnap_survey_data_to_text(&c.arena, d)))
			rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
	}
	int version = 0;
	if (!rc)
		rc = cnap_uc_submission_add(c.store, &c.actor, year, wg, assoc, &sub, &version, &err);
	if (!rc)
		printf("submission v%d of %s recorded (%zu pages mapped)\n", version, assoc, sub.n_pages);
	return finish(&c, rc, &err);
}

int cmd_backup(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT,
		{ "--output", true, "the backup FILE to write (a cnap database), and FILE.sha256 beside it" },
		{ "--force", false, "overwrite FILE if it exists" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "backup", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --output FILE [--force]", 0,
		       &code))
		return code;
	const char *output;
	if (!cli_need(&c, "--output", &output)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	char sha256[65];
	enum cnap_err rc = cnap_uc_backup(c.store, &c.actor, output, cli_flag(&c.args, "--force"), sha256, &err);
	if (!rc)
		printf("バックアップを「%s」に書き出しました\nSHA-256: %s（「%s" CNAP_BACKUP_DIGEST_END "」にも書きました）\n", output,
		       sha256, output);
	return finish(&c, rc, &err);
}

/* The target may be a new file: the restore makes it, and a restore that fails removes it again. */
int cmd_restore(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT,
		{ "--input", true, "the backup FILE to restore (made by cnap backup); checked before anything is replaced" },
		{ "--force", false, "replace a database that already holds data" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "restore", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --input FILE [--force]",
		       CNAP_STORE_CREATE, &code))
		return code;
	const char *input;
	if (!cli_need(&c, "--input", &input)) {
		cnap_store_discard(c.store);
		c.store = NULL;
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_restore_report r;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_restore(c.store, &c.actor, input, cli_flag(&c.args, "--force"), &r, &err);
	if (rc) {
		cnap_store_discard(c.store);
		c.store = NULL;
		return finish(&c, rc, &err);
	}
	const char *db = cli_str(&c.args, "--db");
	printf("「%s」を「%s」に復元しました\n", input, db ? db : getenv("CNAP_DB"));
	if (r.digest_checked)
		printf("SHA-256: %s（「%s" CNAP_BACKUP_DIGEST_END "」と一致）\n", r.sha256, input);
	else
		printf("SHA-256: %s（「%s" CNAP_BACKUP_DIGEST_END "」がないため、ファイル全体の検査値は確かめていません）\n", r.sha256,
		       input);
	if (r.schema_from < r.schema_to)
		printf("スキーマを %lld から %d に更新しました\n", (long long)r.schema_from, r.schema_to);
	if (r.reindexed)
		printf("検索索引を作り直しました\n");
	printf("監査記録: %lld件（最後が今回の復元の記録です）\n", (long long)r.audit_records);
	return finish(&c, rc, &err);
}

int cmd_verify(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT,
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "verify", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--json]", 0, &code))
		return code;
	struct cnap_db_check v;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_verify(c.store, &c.actor, &v, &err);
	if (rc)
		return finish(&c, rc, &err);
	bool whole = v.integrity_ok && !v.fk_violations && v.index_ok && v.audit.broken == CNAP_AUDIT_WHOLE;
	if (cli_flag(&c.args, "--json")) {
		json_t *o = json_pack("{s:b, s:b, s:I, s:b, s:b, s:I, s:s}", "whole", whole, "integrity", v.integrity_ok,
				      "foreign_key_violations", (json_int_t)v.fk_violations, "search_index", v.index_ok,
				      "audit_chain", v.audit.broken == CNAP_AUDIT_WHOLE, "audit_records",
				      (json_int_t)v.audit.records, "audit_head", v.audit.head);
		if (!o || !cli_print_json(o)) {
			cli_end(&c);
			return EXIT_FAILURE_INTERNAL;
		}
	} else {
		printf("ページの整合性: %s\n", v.integrity_ok ? "正常" : v.integrity_first);
		if (v.fk_violations)
			printf("外部キー: %lld件の不整合（最初: %s）\n", (long long)v.fk_violations, v.fk_first);
		else
			printf("外部キー: 正常\n");
		printf("検索索引: %s\n", v.index_ok ? "正常" : "索引が本文と一致しません（cnap search --reindex で作り直せます）");
		if (v.audit.broken == CNAP_AUDIT_WHOLE)
			printf("監査記録: 正常（%lld件、--head %lld:%s）\n", (long long)v.audit.records, (long long)v.audit.last_id,
			       v.audit.head);
		else
			printf("監査記録: #%lld で鎖が切れています（cnap audit verify で詳しく確かめられます）\n",
			       (long long)v.audit.at_id);
		printf("%s\n", whole ? "データベースは正常です。" : "データベースに問題があります。");
	}
	cli_end(&c);
	return whole ? EXIT_OK : EXIT_FORMAT;
}

int cmd_wg_edit(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--code", true, "WG code (it stays)" }, { "--name", true, "the WG's new name" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "wg edit", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --code CODE --name NAME", 0, &code))
		return code;
	const char *wg, *name;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--code", &wg) || !cli_need(&c, "--name", &name)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_wg_rename(c.store, &c.actor, year, wg, name, &err);
	if (!rc)
		printf("WG %s: 名称を「%s」にしました\n", wg, name);
	return finish(&c, rc, &err);
}

int cmd_association_edit(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, { "--code", true, "association code (it stays)" }, { "--name", true, "the association's name" },
		{ "--industry", true, "industry name used in survey titles (○○業界; \"\" for none; default: kept)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "association edit", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --code CODE [--name NAME] [--industry NAME]", 0, &code))
		return code;
	const char *assoc;
	if (!cli_need(&c, "--code", &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	/* What is not given stays as it is (read once the actor may change it at all). */
	struct cnap_association as;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_allowed(&c.actor, CNAP_ACT_ADMIN, NULL, NULL, &err);
	if (!rc)
		rc = cnap_uc_association_get(c.store, &c.actor, assoc, &c.arena, &as, &err);
	if (!rc) {
		if (cli_str(&c.args, "--name"))
			as.name = cli_str(&c.args, "--name");
		if (cli_str(&c.args, "--industry"))
			as.industry = cli_str(&c.args, "--industry");
		rc = cnap_uc_association_edit(c.store, &c.actor, &as, &err);
	}
	if (!rc)
		printf("業界団体 %s: %s（業種: %s）\n", as.code, as.name, as.industry && *as.industry ? as.industry : "なし");
	return finish(&c, rc, &err);
}

int cmd_association_enrolment(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--wg", true, "WG code" }, { "--association", true, "association code" },
		{ "--template", true, "another survey template (調査票) code: only while it holds nothing" },
		{ "--position", true, "N: its place in the WG's bundle (1 = first)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "association enrolment", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE [--template CODE] [--position N]", 0, &code))
		return code;
	const char *wg, *assoc, *tpl = cli_str(&c.args, "--template");
	long position = 0;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc) ||
	    !cli_int(&c.args, "--position", 1, 10000, &position)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_participation_edit(c.store, &c.actor, year, wg, assoc, tpl, (int)position, &err);
	struct cnap_participation_row *v = NULL;
	size_t n = 0;
	if (!rc)
		rc = cnap_uc_participation_list(c.store, &c.actor, year, &c.arena, &v, &n, &err);
	for (size_t i = 0; !rc && i < n; i++)
		if (strcmp(v[i].wg_code, wg) == 0 && strcmp(v[i].association_code, assoc) == 0)
			printf("%s（%s）: 調査票 %s、順番 %d\n", v[i].association_name, wg, v[i].template_code, v[i].position);
	return finish(&c, rc, &err);
}

int cmd_association_leave(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, CYCLE_OPT, { "--wg", true, "WG code" }, { "--association", true, "association code" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "association leave", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE", 0, &code))
		return code;
	const char *wg, *assoc;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_participation_remove(c.store, &c.actor, year, wg, assoc, &err);
	if (!rc)
		printf("%s の %s（%d）への参加を取り消しました\n", assoc, wg, year);
	return finish(&c, rc, &err);
}
