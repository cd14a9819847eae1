/* cnap init, cnap cycle list|add|export|import */
#include "base/compat.h"
#include "base/embedded.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/organisation.h"
#include "io/cycle_json.h"

#include <string.h>

extern const struct cnap_embedded cnap_sample_data[];

static const struct cnap_embedded *embedded(const char *name)
{
	for (size_t i = 0; cnap_sample_data[i].name; i++)
		if (strcmp(cnap_sample_data[i].name, name) == 0)
			return &cnap_sample_data[i];
	return NULL;
}

/* Parse a cycle file, taking templates from a second file when it has none. */
static enum cnap_err load_cycle(const char *text, size_t len, const char *tpl_text, size_t tpl_len,
				struct cnap_arena *a, struct cnap_cycle_data *d, struct cnap_error *err)
{
	enum cnap_err rc = cnap_cycle_json_parse(text, len, tpl_text != NULL, a, d, err);
	if (rc || !tpl_text)
		return rc;
	struct cnap_cycle_data tpl;
	if ((rc = cnap_cycle_json_parse(tpl_text, tpl_len, false, a, &tpl, err))) {
		char msg[sizeof(err->message)];
		snprintf(msg, sizeof(msg), "%s", err->message);
		cnap_fail(err, rc, err->where, "templates file: %s", msg);
		return rc;
	}
	return cnap_cycle_json_merge_templates(d, &tpl, err);
}

int cmd_init(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "PATH of the new database file" },
		{ "--sample", false, "load the built-in sample cycle (令和5年度 電子・電機・産業機械等WG)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "init", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--sample]",
		       CNAP_STORE_CREATE | CNAP_STORE_MUST_BE_NEW, &code))
		return code;
	struct cnap_error err = { 0 };
	if (cli_flag(&c.args, "--sample")) {
		const struct cnap_embedded *tpl = embedded("2023-templates.json"), *data = embedded("2023-sample.json");
		struct cnap_cycle_data d;
		const struct cnap_actor sample = { .login = "system:sample", .role = CNAP_ROLE_SECRETARIAT, .system = true };
		if (!tpl || !data)
			CNAP_BUG("sample data not embedded");
		if (load_cycle((const char *)data->data, data->len, (const char *)tpl->data, tpl->len, &c.arena, &d,
			       &err) ||
		    cnap_uc_cycle_import(c.store, &sample, &d, &err)) {
			code = cli_error("init", &err);
			cnap_store_discard(c.store);
			c.store = NULL;
			cli_end(&c);
			return code;
		}
		printf("created %s with the sample cycle %d: %zu WG, %zu associations, %zu questions\n",
		       cli_str(&c.args, "--db"), d.cycle.year, d.n_wgs, d.n_associations, d.n_questions);
	} else {
		printf("created %s\n", cli_str(&c.args, "--db"));
	}
	cli_end(&c);
	return EXIT_OK;
}

static const struct cli_opt_spec cycle_list_spec[] = {
	{ "--db", true, "database PATH" },
	{ "--json", false, "print JSON" },
};

int cmd_cycle_list(int argc, char **argv)
{
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle list", argc, argv, cycle_list_spec, CNAP_ARRAY_LEN(cycle_list_spec),
		       "--db PATH [--json]", 0, &code))
		return code;
	struct cnap_cycle *v;
	size_t n;
	struct cnap_error err = { 0 };
	if (cnap_uc_cycle_list(c.store, &c.actor, &c.arena, &v, &n, &err)) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	if (cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:i, s:i, s:s?, s:b, s:s?}", "year", v[i].year,
							     "actual_fiscal_year", v[i].actual_fiscal_year, "name", v[i].name,
							     "closed", v[i].closed_at != NULL, "closed_at", v[i].closed_at));
		for (size_t i = 0; i < n; i++)
			if (v[i].from_year)
				json_object_set_new(json_array_get(arr, i), "from_year", json_integer(v[i].from_year));
		cli_print_json(arr);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%d  (actuals FY%d)  %s%s\n", v[i].year, v[i].actual_fiscal_year, v[i].name ? v[i].name : "",
			       v[i].closed_at ? "  [締切（閲覧のみ）]" : "");
	}
	cli_end(&c);
	return EXIT_OK;
}

int cmd_cycle_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--year", true, "follow-up year (令和5年度 = 2023)" },
		{ "--actual-year", true, "fiscal year of the actuals reviewed (default: year - 1)" },
		{ "--name", true, "label" },
		{ "--templates", true, "FILE with the cycle's survey templates (cycle JSON format)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --year YEAR [--actual-year YEAR] [--name TEXT] [--templates FILE]", 0, &code))
		return code;
	const char *ys;
	long year = 0, actual = 0;
	if (!cli_need(&c, "--year", &ys) || !cli_int(&c.args, "--year", 1990, 2100, &year) ||
	    !cli_int(&c.args, "--actual-year", 1990, 2100, &actual)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_cycle cy = { .year = (int)year, .actual_fiscal_year = actual ? (int)actual : (int)year - 1,
				 .name = cli_str(&c.args, "--name") };
	struct cnap_error err = { 0 };
	enum cnap_err rc = CNAP_OK;
	const char *tpl_path = cli_str(&c.args, "--templates");
	struct cnap_cycle_data tpl;
	if (tpl_path) {
		char *text;
		size_t len;
		rc = cli_read_file(tpl_path, CNAP_MAX_JSON_FILE, &c.arena, &text, &len, &err);
		if (!rc)
			rc = cnap_cycle_json_parse(text, len, false, &c.arena, &tpl, &err);
	}
	if (!rc)
		rc = cnap_uc_cycle_add(c.store, &c.actor, &cy, tpl_path ? &tpl : NULL, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("cycle %d added\n", cy.year);
	cli_end(&c);
	return code;
}

int cmd_cycle_export(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR of the cycle" },
		{ "--output", true, "FILE to write (- for stdout, the default)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle export", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR [--output FILE]", 0, &code))
		return code;
	int year;
	if (!cli_need_year(&c, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	const char *path = cli_str(&c.args, "--output");
	if (cnap_uc_cycle_export(c.store, &c.actor, year, &c.arena, &d, &err) || cnap_cycle_json_write(&d, &out, &err) ||
	    cli_write_file(path ? path : "-", out.data, out.len, &err))
		code = cli_error(c.command, &err);
	else
		code = EXIT_OK;
	if (!code && path && strcmp(path, "-") != 0)
		fprintf(stderr, "exported cycle %d to %s (%zu questions)\n", year, path, d.n_questions);
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_cycle_import(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--file", true, "cycle JSON FILE (- for stdin)" },
		{ "--templates", true, "FILE with the survey templates, when the cycle file has none" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "cycle import", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --file FILE [--templates FILE]", CNAP_STORE_CREATE, &code))
		return code;
	const char *path, *tpl_path = cli_str(&c.args, "--templates");
	if (!cli_need(&c, "--file", &path)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	char *text, *tpl_text = NULL;
	size_t len, tpl_len = 0;
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cli_read_file(path, CNAP_MAX_JSON_FILE, &c.arena, &text, &len, &err);
	if (!rc && tpl_path)
		rc = cli_read_file(tpl_path, CNAP_MAX_JSON_FILE, &c.arena, &tpl_text, &tpl_len, &err);
	if (!rc)
		rc = load_cycle(text, len, tpl_text, tpl_len, &c.arena, &d, &err);
	if (!rc)
		rc = cnap_uc_cycle_import(c.store, &c.actor, &d, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		fprintf(stderr, "cnap %s: nothing was imported\n", c.command);
	} else {
		printf("imported cycle %d: %zu WG, %zu associations, %zu users, %zu questions\n", d.cycle.year, d.n_wgs,
		       d.n_associations, d.n_users, d.n_questions);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}
