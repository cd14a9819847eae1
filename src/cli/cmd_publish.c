/* cnap publish qa-list, cnap audit list */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/organisation.h"
#include "usecase/publication.h"
#include "usecase/survey.h"
#include "publish/chart.h"

#include <stdlib.h>
#include <string.h>

/* --include 12,15 or --include-all: the blockers to print anyway. */
static bool parse_select(struct cli_ctx *c, struct cnap_uc_pub_select *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->include_all = cli_flag(&c->args, "--include-all");
	const char *list = cli_str(&c->args, "--include");
	if (!list)
		return true;
	size_t n = 1;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	int64_t *ids = cnap_arena_calloc(&c->arena, n, sizeof(*ids));
	if (!ids)
		return false;
	const char *p = list;
	for (size_t i = 0; i < n; i++) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || v <= 0 || (*end && *end != ',')) {
			fprintf(stderr, "cnap %s: --include takes question IDs separated by commas (got '%s')\n", c->command,
				list);
			return false;
		}
		ids[i] = v;
		p = *end ? end + 1 : end;
	}
	sel->include = ids;
	sel->n_include = n;
	return true;
}

int cmd_publish_qa_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--association", true, "only this association (default: the whole WG bundle)" },
		{ "--format", true, "html | csv | json | pdf | xlsx" },
		{ "--output", true, "FILE to write (- for stdout)" },
		{ "--date", true, "date in PDF/xlsx metadata, YYYY-MM-DD (default: the last change of the data)" },
		{ "--include", true, "also print these unfinished question IDS (comma-separated), with 「（回答待ち）」" },
		{ "--include-all", false, "also print every unfinished question (未回答の質問も含める)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish qa-list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE [--association CODE] --format html|csv|json|pdf|xlsx --output FILE\n"
		       "       [--date YYYY-MM-DD] [--include IDS | --include-all]", 0,
		       &code))
		return code;
	const char *wg, *format, *output, *assoc = cli_str(&c.args, "--association");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--format", &format) ||
	    !cli_need(&c, "--output", &output)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	const struct cnap_qa_format *f = cnap_qa_format_find(format);
	if (!f) {
		fprintf(stderr, "cnap %s: --format must be html, csv, json, pdf or xlsx (got '%s')\n", c.command, format);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	const char *date = cli_str(&c.args, "--date");
	if (date && cnap_check_date(date, "--date", &err)) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	struct cnap_uc_pub_select sel;
	if (!parse_select(&c, &sel)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_qa_doc doc;
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	enum cnap_err rc = cnap_uc_qa_list_render(c.store, &c.actor, year, wg, assoc, f, &sel,
						  date ? cnap_arena_printf(&c.arena, "%sT00:00:00", date) : NULL,
						  &c.arena, &out, &doc, &err);
	if (!rc)
		rc = cli_write_file(output, out.data, out.len, &err);
	if (rc) {
		code = cli_error(c.command, &err);
	} else {
		size_t questions = 0;
		for (size_t i = 0; i < doc.n_sections; i++)
			questions += doc.sections[i].n_questions;
		if (strcmp(output, "-") != 0)
			printf("wrote %s: %s, %zu association%s, %zu questions\n", output, doc.wg_name, doc.n_sections,
			       doc.n_sections == 1 ? "" : "s", questions);
		code = EXIT_OK;
	}
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_audit_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--entity", true, "only this kind of record (question, user, cycle, ...)" },
		{ "--id", true, "only this record id" },
		{ "--json", false, "print JSON, with before/after" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "audit list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--entity KIND [--id ID]] [--json]", 0, &code))
		return code;
	long id = 0;
	if (!cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_audit_entry *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_audit_list(c.store, &c.actor, cli_str(&c.args, "--entity"), id, &c.arena, &v, &n, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)v[i].id, "at", v[i].at,
					      "actor", v[i].actor, "action", v[i].action, "entity", v[i].entity,
					      "entity_id", (json_int_t)v[i].entity_id);
			json_t *b = v[i].before ? json_loads(v[i].before, 0, NULL) : NULL;
			json_t *a = v[i].after ? json_loads(v[i].after, 0, NULL) : NULL;
			json_object_set_new(o, "before", b ? b : json_null());
			json_object_set_new(o, "after", a ? a : json_null());
			json_array_append_new(arr, o);
		}
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %s  %-18s %-22s %s %lld\n", (long long)v[i].id, v[i].at, v[i].actor, v[i].action,
			       v[i].entity, (long long)v[i].entity_id);
	}
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_audit_verify(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--head", true, "the chain of the last record as noted earlier (LAST_ID:HASH): also finds records removed from the end" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "audit verify", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--head ID:HASH] [--json]",
		       0, &code))
		return code;
	long long noted_id = 0;
	char noted[80] = "";
	const char *head = cli_str(&c.args, "--head");
	if (head && (sscanf(head, "%lld:%70s", &noted_id, noted) != 2 || noted_id < 1 || strlen(noted) != 64)) {
		fprintf(stderr, "cnap %s: --head is LAST_ID:HASH as `cnap audit verify` printed it\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_audit_check v;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_audit_verify(c.store, &c.actor, noted_id, &v, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	/* A head noted earlier must still be there, with the chain it had. */
	bool head_lost = head && v.broken == CNAP_AUDIT_WHOLE && v.last_id < noted_id;
	bool head_differs = head && v.broken == CNAP_AUDIT_WHOLE && !head_lost && strcmp(v.probe_chain, noted) != 0;
	code = EXIT_OK;
	const char *what = v.broken == CNAP_AUDIT_EDITED    ? "edited"
			   : v.broken == CNAP_AUDIT_REMOVED ? "removed"
			   : head_lost			    ? "removed_at_end"
			   : head_differs		    ? "head_differs"
							    : "whole";
	if (cli_flag(&c.args, "--json")) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:s}", "state", what, "records", (json_int_t)v.records, "last_id",
				      (json_int_t)v.last_id, "head", v.head);
		if (o && v.broken != CNAP_AUDIT_WHOLE)
			json_object_set_new(o, "at_id", json_integer(v.at_id));
		code = o && cli_print_json(o) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
	} else if (v.broken == CNAP_AUDIT_EDITED) {
		printf("監査記録が改ざんされています：#%lld の内容が記録時と一致しません（#%lld までの%lld件は正常）。\n",
		       (long long)v.at_id, (long long)v.last_id, (long long)v.records);
	} else if (v.broken == CNAP_AUDIT_REMOVED) {
		printf("監査記録が削除されています：#%lld から #%lld の前までがありません（#%lld までの%lld件は正常）。\n",
		       (long long)v.missing_from, (long long)v.at_id, (long long)v.last_id, (long long)v.records);
	} else if (head_lost) {
		printf("監査記録が削除されています：控えの #%lld まであるはずが、#%lld までしかありません。\n", noted_id,
		       (long long)v.last_id);
	} else if (head_differs) {
		printf("監査記録が改ざんされています：#%lld のハッシュが控えと一致しません。\n", noted_id);
	} else {
		printf("監査記録は正常です：%lld件、最後の記録 #%lld のハッシュ %s\n", (long long)v.records,
		       (long long)v.last_id, v.head);
		printf("この行を控えておくと、次の確認で末尾の記録の削除も分かります：--head %lld:%s\n", (long long)v.last_id,
		       v.head);
	}
	if (code == EXIT_OK && strcmp(what, "whole") != 0)
		code = EXIT_FORMAT;
	cli_end(&c);
	return code;
}

int cmd_publish_chart(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code (default: the association's WG)" },
		{ "--association", true, "association code" },
		{ "--indicator", true, "co2 | co2_intensity | energy | energy_intensity (default: the target's)" },
		{ "--output", true, "SVG FILE to write (- for stdout)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish chart", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --association CODE [--indicator NAME] --output FILE.svg", 0, &code))
		return code;
	const char *assoc, *output, *ind_name = cli_str(&c.args, "--indicator");
	enum cnap_indicator ind = CNAP_IND_CO2;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--association", &assoc) || !cli_need(&c, "--output", &output) ||
	    (ind_name && !cnap_indicator_parse(ind_name, &ind))) {
		if (ind_name && year)
			fprintf(stderr, "cnap %s: unknown --indicator '%s'\n", c.command, ind_name);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_survey_data *d;
	int version;
	struct cnap_chart chart;
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	enum cnap_err rc = cnap_uc_survey_data_latest(c.store, &c.actor, year, cli_str(&c.args, "--wg"), assoc, &c.arena, &d, &version, &err);
	if (!rc && !ind_name)
		ind = d->target.indicator;
	if (!rc)
		rc = cnap_chart_build(&c.arena, d, ind, &chart, &err);
	if (!rc)
		rc = cnap_chart_svg(&chart, 720, 360, &out, &err);
	if (!rc)
		rc = cli_write_file(output, out.data, out.len, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_publish_summary(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--format", true, "pdf" },
		{ "--output", true, "FILE to write (- for stdout)" },
		{ "--date", true, "date printed in PDF metadata, YYYY-MM-DD (default: the last change of the data)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish summary", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --format pdf --output FILE [--date YYYY-MM-DD]", 0, &code))
		return code;
	const char *wg = NULL, *format = NULL, *output = NULL, *date = cli_str(&c.args, "--date");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--format", &format) ||
	    !cli_need(&c, "--output", &output) || strcmp(format, "pdf") != 0) {
		if (format && strcmp(format, "pdf") != 0)
			fprintf(stderr, "cnap %s: --format must be pdf (got '%s')\n", c.command, format);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_buf buf;
	const char *title = NULL;
	enum cnap_err rc = CNAP_OK;
	cnap_buf_init(&buf, 0);
	if (date)
		rc = cnap_check_date(date, "--date", &err);
	if (!rc)
		rc = cnap_uc_summary_render(c.store, &c.actor, year, wg,
					    date ? cnap_arena_printf(&c.arena, "%sT00:00:00", date) : NULL, &c.arena,
					    &buf, &title, &err);
	if (!rc)
		rc = cli_write_file(output, buf.data, buf.len, &err);
	if (!rc && strcmp(output, "-") != 0)
		printf("wrote %s: %s\n", output, title);
	cnap_buf_release(&buf);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_publish_edition(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--note", true, "the change note of the edition (default from 第2版: 「正誤N件」)" },
		{ "--include", true, "also print these unfinished question IDS (comma-separated), with 「（回答待ち）」" },
		{ "--include-all", false, "also print every unfinished question (未回答の質問も含める)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish edition", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE [--note TEXT] [--include IDS | --include-all]", 0, &code))
		return code;
	const char *wg;
	struct cnap_uc_pub_select sel;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !parse_select(&c, &sel)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_edition_made made;
	enum cnap_err rc = cnap_uc_edition_publish(c.store, &c.actor, year, wg, &sel, cli_str(&c.args, "--note"), &made,
						   &err);
	if (!rc)
		printf("第%d版を公表しました：質問%zu件（今回公表済にした質問%zu件）、正誤%zu件\n", made.number, made.questions,
		       made.published, made.n_errata);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_publish_editions(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--json", false, "print JSON, with the files' sha256 and the 正誤表" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish editions", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE [--json]", 0, &code))
		return code;
	const char *wg;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_editions v;
	enum cnap_err rc = cnap_uc_editions_list(c.store, &c.actor, year, wg, &c.arena, &v, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < v.n_editions; i++) {
			const struct cnap_uc_edition *e = &v.editions[i];
			json_t *files = json_array(), *errata = json_array();
			for (size_t j = 0; j < e->n_files; j++)
				json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "format", e->files[j].format, "bytes",
								       (json_int_t)e->files[j].len, "sha256",
								       e->files[j].sha256));
			for (size_t j = 0; j < e->n_errata; j++) {
				const struct cnap_errata_row *r = &e->errata[j];
				json_array_append_new(errata, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "association",
									r->association_name, "item", r->item_number, "no",
									r->no, "part", r->part, "before", r->before,
									"after", r->after));
			}
			json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:s?, s:o, s:o}", "number", e->e.number,
							     "created_at", e->e.created_at, "created_by",
							     e->e.created_by, "note", e->e.note, "files", files,
							     "errata", errata));
		}
		cli_print_json(arr);
	} else if (!rc) {
		if (!v.n_editions)
			printf("%s：公表された版はまだありません\n", v.wg.name);
		for (size_t i = 0; i < v.n_editions; i++) {
			const struct cnap_uc_edition *e = &v.editions[i];
			printf("第%d版  %s  %s%s%s%s\n", e->e.number, e->e.created_at, e->e.created_by,
			       i == 0 ? "  （最新）" : "", e->e.note ? "  " : "", e->e.note ? e->e.note : "");
			for (size_t j = 0; j < e->n_files; j++)
				printf("  %-12s %9zu  %s\n", e->files[j].format, e->files[j].len, e->files[j].sha256);
			for (size_t j = 0; j < e->n_errata; j++) {
				const struct cnap_errata_row *r = &e->errata[j];
				printf("  正誤 %s %s NO.%d %s：「%s」→「%s」\n", r->association_name, r->item_number, r->no,
				       r->part, r->before, r->after);
			}
		}
	}
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_publish_edition_get(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--edition", true, "edition NUMBER (1 for 第1版)" },
		{ "--format", true, "pdf | xlsx | html | csv | json | errata.html | errata.csv" },
		{ "--output", true, "FILE to write (- for stdout)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	long number = 0;
	if (!cli_begin(&c, "publish edition-get", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --edition N --format FORMAT --output FILE", 0, &code))
		return code;
	const char *wg, *format, *output, *ed;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--edition", &ed) ||
	    !cli_int(&c.args, "--edition", 1, 1000000L, &number) || !cli_need(&c, "--format", &format) ||
	    !cli_need(&c, "--output", &output)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_edition_file f;
	enum cnap_err rc = cnap_uc_edition_file(c.store, &c.actor, year, wg, (int)number, format, &c.arena, &f, &err);
	if (!rc)
		rc = cli_write_file(output, (const char *)f.bytes, f.len, &err);
	if (!rc && strcmp(output, "-") != 0)
		printf("wrote %s: 第%ld版 %s, %zu bytes, sha256 %s\n", output, number, f.format, f.len, f.sha256);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}
