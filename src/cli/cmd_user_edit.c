/* cnap user edit | import: the secretariat changes a user, or adds many from a file (issue 14). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/accounts.h"
#include "usecase/organisation.h"
#include "usecase/user_import.h"

#include <string.h>

int cmd_user_edit(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "the user to change" },
		{ "--name", true, "new display name" },
		{ "--email", true, "new e-mail address (\"\" removes it)" },
		{ "--role", true, "secretariat | reviewer | association" },
		{ "--association", true, "association code (association users; \"\" removes it)" },
		{ "--wg", true, "WG code(s), comma separated, replacing the user's WGs of the cycle (\"\" for none)" },
		{ "--cycle", true, "YEAR the WGs belong to (default: the latest cycle)" },
		{ "--deactivate", false, "the user can no longer log in; their sessions and API tokens end" },
		{ "--activate", false, "the user can log in again" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user edit", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME [--name TEXT] [--email ADDR] [--role ROLE] [--association CODE]\n"
		       "       [--wg CODE[,CODE]] [--cycle YEAR] [--deactivate | --activate]",
		       0, &code))
		return code;
	const char *login, *role = cli_str(&c.args, "--role"), *wgs = cli_str(&c.args, "--wg");
	long year = 0;
	struct cnap_user_update ch = {
		.set_name = cli_str(&c.args, "--name") != NULL, .name = cli_str(&c.args, "--name"),
		.set_email = cli_str(&c.args, "--email") != NULL, .email = cli_str(&c.args, "--email"),
		.set_association = cli_str(&c.args, "--association") != NULL,
		.association_code = cli_str(&c.args, "--association"),
	};
	bool off = cli_flag(&c.args, "--deactivate"), on = cli_flag(&c.args, "--activate");
	if (!cli_need(&c, "--login", &login) || !cli_int(&c.args, "--cycle", 1990, 2100, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	if (off && on) {
		fprintf(stderr, "cnap %s: give --deactivate or --activate, not both\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	ch.set_active = off || on;
	ch.active = on;
	if (role && !(ch.set_role = cnap_role_parse(role, &ch.role))) {
		fprintf(stderr, "cnap %s: --role must be secretariat, reviewer or association (got '%s')\n", c.command,
			role);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	if (wgs) {
		const char **codes;
		if (!cli_split_codes(&c.arena, wgs, &codes, &ch.n_wg_codes)) {
			code = cli_error(c.command, &(struct cnap_error){ .code = CNAP_ENOMEM, .message = "out of memory" });
			cli_end(&c);
			return code;
		}
		ch.wg_codes = codes;
		ch.set_wgs = true;
	}
	if (!year)
		year = cnap_uc_latest_year(c.store);
	enum cnap_err rc = cnap_uc_user_edit(c.store, &c.actor, (int)year, login, &ch, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("user %s updated\n", login);
	cli_end(&c);
	return code;
}

static json_t *user_json(const struct cnap_user_row *r)
{
	json_t *w = json_array();
	for (size_t k = 0; k < r->user.n_wg_codes; k++)
		json_array_append_new(w, json_string(r->user.wg_codes[k]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:o, s:s?}", "line", (json_int_t)r->line, "login", r->user.login,
			 "name", r->user.name, "role", cnap_role_name(r->user.role), "association",
			 r->user.association_code, "wgs", w, "email", r->user.email);
}

static void print_json(const struct cnap_uc_user_import *x, bool written, bool read_ok)
{
	json_t *users = json_array();
	for (size_t i = 0; read_ok && !x->table.problems.n && i < x->table.n_rows; i++)
		json_array_append_new(users, user_json(&x->table.rows[i]));
	cli_print_json(json_pack("{s:b, s:i, s:I, s:o, s:o, s:I}", "written", written, "cycle", x->year, "created",
				 (json_int_t)x->n_created, "users", users, "problems", cli_problems_json(&x->table.problems),
				 "problems_omitted", (json_int_t)x->table.problems.omitted));
}

static void print_users(const struct cnap_uc_user_import *x)
{
	for (size_t i = 0; i < x->table.n_rows; i++) {
		const struct cnap_user *u = &x->table.rows[i].user;
		printf("  %zu行目  ", x->table.rows[i].line);
		cli_print_padded(u->login, 20);
		cli_print_padded(cnap_role_label_ja(u->role), 10);
		cli_print_padded(u->name, 24);
		const char *scope = u->association_code ? u->association_code : "";
		if (u->n_wg_codes) {
			printf("WG ");
			for (size_t k = 0; k < u->n_wg_codes; k++)
				printf("%s%s", k ? "," : "", u->wg_codes[k]);
		}
		printf("%s%s%s\n", scope, u->email ? "  " : "", u->email ? u->email : "");
	}
}

int cmd_user_import(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--file", true, "CSV (UTF-8 or Shift_JIS) or .xlsx: ログインID, 氏名, 役割, 業界団体, WG, メールアドレス" },
		{ "--cycle", true, "YEAR whose WGs the WG codes name (default: the latest cycle)" },
		{ "--dry-run", false, "check the file and show who would be added; write nothing" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user import", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --file FILE [--cycle YEAR] [--dry-run] [--json]\n"
		       "       (every problem of every row is listed; nothing is added unless there is none.\n"
		       "        New users have no password yet: set one with 'cnap user passwd'.)",
		       0, &code))
		return code;
	const char *path;
	long year = 0;
	if (!cli_need(&c, "--file", &path) || !cli_int(&c.args, "--cycle", 1990, 2100, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	bool dry = cli_flag(&c.args, "--dry-run"), json = cli_flag(&c.args, "--json");
	struct cnap_error err = { 0 };
	char *data;
	size_t len;
	struct cnap_uc_user_import x;
	memset(&x, 0, sizeof(x));
	enum cnap_err rc = cli_read_file(path, CNAP_TABLE_MAX_BYTES, &c.arena, &data, &len, &err);
	if (!rc)
		rc = cnap_uc_user_import(c.store, &c.actor, (int)year, data, len, !dry, &c.arena, &x, &err);
	bool read_ok = !rc || x.table.problems.n;
	if (json && read_ok)
		print_json(&x, !rc && !dry, read_ok);
	if (!json)
		cli_print_problems(c.command, &x.table.problems);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc && !json) {
		char era[32] = "";
		if (x.year)
			cnap_jp_era_fiscal_year(x.year, false, era, sizeof(era));
		printf("%s: %zu人%s（%s%s%s）\n", path, x.table.n_rows, dry ? "を登録できます。まだ何も登録していません" : "を登録しました",
		       x.table.format, *era ? "、WGは" : "", era);
		print_users(&x);
		if (!dry)
			printf("パスワードは未設定です（cnap user passwd で設定します）\n");
	}
	cli_end(&c);
	return code;
}
