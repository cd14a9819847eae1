/* cnap association import: associations in bulk from a CSV or Excel file (issue 14), all or nothing. */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/association_import.h"

#include <string.h>

static void print_json(const struct cnap_uc_association_import *x, bool written)
{
	json_t *list = json_array();
	for (size_t i = 0; !x->table.problems.n && i < x->table.n_rows; i++) {
		const struct cnap_association_row *r = &x->table.rows[i];
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?}", "line", (json_int_t)r->line, "code",
						      r->association.code, "name", r->association.name, "industry",
						      r->association.industry));
	}
	cli_print_json(json_pack("{s:b, s:I, s:o, s:o, s:I}", "written", written, "created", (json_int_t)x->n_created,
				 "associations", list, "problems", cli_problems_json(&x->table.problems),
				 "problems_omitted", (json_int_t)x->table.problems.omitted));
}

int cmd_association_import(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--file", true, "CSV (UTF-8 or Shift_JIS) or .xlsx: コード, 名称, 業種" },
		{ "--dry-run", false, "check the file and show what would be added; write nothing" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "association import", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --file FILE [--dry-run] [--json]\n"
		       "       (every problem of every row is listed; nothing is added unless there is none)",
		       0, &code))
		return code;
	const char *path;
	if (!cli_need(&c, "--file", &path)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	bool dry = cli_flag(&c.args, "--dry-run"), json = cli_flag(&c.args, "--json");
	struct cnap_error err = { 0 };
	char *data;
	size_t len;
	struct cnap_uc_association_import x;
	memset(&x, 0, sizeof(x));
	enum cnap_err rc = cli_read_file(path, CNAP_TABLE_MAX_BYTES, &c.arena, &data, &len, &err);
	if (!rc)
		rc = cnap_uc_association_import(c.store, &c.actor, data, len, !dry, &c.arena, &x, &err);
	if (json && (!rc || x.table.problems.n))
		print_json(&x, !rc && !dry);
	if (!json)
		cli_print_problems(c.command, &x.table.problems);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc && !json) {
		printf("%s: %zu団体%s（%s）\n", path, x.table.n_rows,
		       dry ? "を登録できます。まだ何も登録していません" : "を登録しました", x.table.format);
		for (size_t i = 0; i < x.table.n_rows; i++) {
			const struct cnap_association *as = &x.table.rows[i].association;
			printf("  %zu行目  ", x.table.rows[i].line);
			cli_print_padded(as->code, 20);
			cli_print_padded(as->name, 32);
			printf("%s\n", as->industry ? as->industry : "");
		}
	}
	cli_end(&c);
	return code;
}
