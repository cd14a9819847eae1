/* cnap survey export-xlsx / import-xlsx / export-csv / import-csv: the data tables out and back (issue 10). */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/survey_workbook.h"

#include <string.h>

enum survey_cmd { EXPORT_XLSX, IMPORT_XLSX, EXPORT_CSV, IMPORT_CSV };

#define SURVEY_OPTS                                         \
	CLI_DB_OPT, CLI_AS_OPT, { "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" }, \
		{ "--wg", true, "WG code" }, { "--association", true, "association code" }
#define TABLE_OPT { "--table", true, "CODE of the table (summary, fuels, bat, ...: the template's tables)" }
#define OUTPUT_OPT { "--output", true, "FILE to write (- for stdout)" }
#define FILE_OPT { "--file", true, "FILE to read (- for stdin), at most 20 MiB" }
#define NOTE_OPT { "--note", true, "TEXT kept with the new version (default: the file it came from)" }

static const struct cli_opt_spec export_xlsx_spec[] = { SURVEY_OPTS, OUTPUT_OPT };
static const struct cli_opt_spec import_xlsx_spec[] = { SURVEY_OPTS, FILE_OPT, NOTE_OPT };
static const struct cli_opt_spec export_csv_spec[] = { SURVEY_OPTS, TABLE_OPT, OUTPUT_OPT };
static const struct cli_opt_spec import_csv_spec[] = { SURVEY_OPTS, TABLE_OPT, FILE_OPT, NOTE_OPT };

static const struct {
	const char *name, *synopsis;
	const struct cli_opt_spec *spec;
	size_t n_spec;
} commands[] = {
	{ "survey export-xlsx", "--db PATH --cycle YEAR --wg CODE --association CODE --output FILE [--as LOGIN]",
	  export_xlsx_spec, CNAP_ARRAY_LEN(export_xlsx_spec) },
	{ "survey import-xlsx", "--db PATH --cycle YEAR --wg CODE --association CODE --file FILE [--note TEXT] [--as LOGIN]",
	  import_xlsx_spec, CNAP_ARRAY_LEN(import_xlsx_spec) },
	{ "survey export-csv",
	  "--db PATH --cycle YEAR --wg CODE --association CODE --table CODE --output FILE [--as LOGIN]",
	  export_csv_spec, CNAP_ARRAY_LEN(export_csv_spec) },
	{ "survey import-csv",
	  "--db PATH --cycle YEAR --wg CODE --association CODE --table CODE --file FILE [--note TEXT] [--as LOGIN]",
	  import_csv_spec, CNAP_ARRAY_LEN(import_csv_spec) },
};

/* Every problem, one per line, then what happened: nothing was written. */
static int print_refusal(const struct cli_ctx *c, enum cnap_err rc, const struct cnap_uc_import *res,
			 const struct cnap_error *err)
{
	if (!res->problems.n || rc == CNAP_ENOMEM) {
		int code = cli_error(c->command, err);
		fprintf(stderr, "cnap %s: 取り込みませんでした。データベースは変更していません。\n", c->command);
		return code;
	}
	for (size_t i = 0; i < res->problems.n; i++) {
		const struct cnap_form_problem *p = &res->problems.v[i];
		if (p->where[0])
			fprintf(stderr, "cnap %s: error: %s: %s\n", c->command, p->where, p->message);
		else
			fprintf(stderr, "cnap %s: error: %s\n", c->command, p->message);
	}
	if (res->problems.dropped)
		fprintf(stderr, "cnap %s: error: ほかに%zu件の問題があります\n", c->command, res->problems.dropped);
	fprintf(stderr, "cnap %s: 取り込みませんでした（問題 %zu 件）。データベースは変更していません。\n", c->command,
		res->problems.n + res->problems.dropped);
	return cli_exit_for(rc);
}

static int survey(int argc, char **argv, enum survey_cmd which)
{
	bool import = which == IMPORT_XLSX || which == IMPORT_CSV, csv = which == EXPORT_CSV || which == IMPORT_CSV;
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, commands[which].name, argc, argv, commands[which].spec, commands[which].n_spec,
		       commands[which].synopsis, 0, &code))
		return code;
	const char *wg, *assoc, *path, *table = cli_str(&c.args, "--table");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc) ||
	    !cli_need(&c, import ? "--file" : "--output", &path) || (csv && !cli_need(&c, "--table", &table))) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc;
	if (!import) {
		struct cnap_buf out;
		cnap_buf_init(&out, 0);
		const char *name = NULL, *ascii = NULL;
		rc = csv ? cnap_uc_table_csv_export(c.store, &c.actor, year, wg, assoc, table, &c.arena, &out, &name, &err)
			 : cnap_uc_workbook_export(c.store, &c.actor, year, wg, assoc, &c.arena, &out, &name, &ascii, &err);
		if (!rc)
			rc = cli_write_file(path, out.data ? out.data : "", out.len, &err);
		code = rc ? cli_error(c.command, &err) : EXIT_OK;
		if (!rc && strcmp(path, "-") != 0)
			printf("wrote %s (%zu bytes)\n", path, out.len);
		cnap_buf_release(&out);
		cli_end(&c);
		return code;
	}
	char *data = NULL;
	size_t len = 0;
	rc = cli_read_file(path, CNAP_UC_WORKBOOK_MAX_BYTES, &c.arena, &data, &len, &err);
	if (rc == CNAP_ETOOBIG)
		cnap_fail(&err, rc, "--file", "ファイルが大きすぎます（%zu MiBまで）: %s", CNAP_UC_WORKBOOK_MAX_BYTES >> 20,
			  path);
	if (rc) {
		struct cnap_uc_import none = { 0 };
		code = print_refusal(&c, rc, &none, &err);
		cli_end(&c);
		return code;
	}
	const char *note = cli_str(&c.args, "--note");
	struct cnap_uc_import res;
	rc = csv ? cnap_uc_table_csv_import(c.store, &c.actor, year, wg, assoc, table, data, len, path, note, &c.arena,
					    &res, &err)
		 : cnap_uc_workbook_import(c.store, &c.actor, year, wg, assoc, data, len, path, note, &c.arena, &res,
					   &err);
	if (rc) {
		code = print_refusal(&c, rc, &res, &err);
	} else {
		printf("第%d版として取り込みました\n", res.version);
		for (size_t i = 0; i < res.n_missing; i++)
			printf("（「%s」の表はファイルになかったため、そのままです）\n", res.missing[i]);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}

int cmd_survey_export_xlsx(int argc, char **argv)
{
	return survey(argc, argv, EXPORT_XLSX);
}

int cmd_survey_import_xlsx(int argc, char **argv)
{
	return survey(argc, argv, IMPORT_XLSX);
}

int cmd_survey_export_csv(int argc, char **argv)
{
	return survey(argc, argv, EXPORT_CSV);
}

int cmd_survey_import_csv(int argc, char **argv)
{
	return survey(argc, argv, IMPORT_CSV);
}
