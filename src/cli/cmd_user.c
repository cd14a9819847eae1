/* cnap user add|list|passwd|token|token-list|token-revoke */
#include "base/compat.h"
#include "auth/password.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/accounts.h"
#include "usecase/organisation.h"

#include <sodium.h>

#include <string.h>

/* The first line of standard input, without its line end; false at end of input. */
static bool read_secret(char *line, size_t size)
{
	if (!fgets(line, (int)size, stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return true;
}

int cmd_user_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "login name (letters, digits, . _ -)" },
		{ "--name", true, "display name (default: the login)" },
		{ "--role", true, "secretariat | reviewer | association" },
		{ "--association", true, "association code (association users)" },
		{ "--wg", true, "WG code(s), comma separated (reviewers)" },
		{ "--cycle", true, "YEAR the WGs belong to (default: the latest cycle)" },
		{ "--email", true, "e-mail address" },
		{ "--no-password", false, "create the account without a password (it cannot log in)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME --role ROLE [--association CODE] [--wg CODE[,CODE]] [--cycle YEAR]\n"
		       "       (the password is read from the first line of standard input)",
		       0, &code))
		return code;
	struct cnap_user u = { .association_code = cli_str(&c.args, "--association"), .email = cli_str(&c.args, "--email") };
	const char *role, *wgs = cli_str(&c.args, "--wg");
	long year = 0;
	if (!cli_need(&c, "--login", &u.login) || !cli_need(&c, "--role", &role) ||
	    !cli_int(&c.args, "--cycle", 1990, 2100, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	u.name = cli_str(&c.args, "--name") ? cli_str(&c.args, "--name") : u.login;
	if (!cnap_role_parse(role, &u.role)) {
		fprintf(stderr, "cnap %s: --role must be secretariat, reviewer or association (got '%s')\n", c.command,
			role);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	if (wgs) {
		if (!cli_split_codes(&c.arena, wgs, &u.wg_codes, &u.n_wg_codes)) {
			code = cli_error(c.command, &(struct cnap_error){ .code = CNAP_ENOMEM, .message = "out of memory" });
			cli_end(&c);
			return code;
		}
		if (!year)
			year = cnap_uc_latest_year(c.store);
	}
	char line[CNAP_PASSWORD_MAX_BYTES + 2];
	bool with_password = !cli_flag(&c.args, "--no-password");
	if (with_password && !read_secret(line, sizeof(line))) {
		fprintf(stderr, "cnap %s: give the password on standard input (or use --no-password)\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	enum cnap_err rc = cnap_uc_user_add(c.store, &c.actor, (int)year, &u, with_password ? line : NULL, &err);
	sodium_memzero(line, sizeof(line));
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("user %s (%s) added\n", u.login, cnap_role_name(u.role));
	cli_end(&c);
	return code;
}

int cmd_user_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user list", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--json]", 0, &code))
		return code;
	struct cnap_uc_user *accounts;
	size_t n = 0;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_user_list(c.store, &c.actor, &c.arena, &accounts, &n, &err);
	struct cnap_user *v = cnap_arena_calloc(&c.arena, n + 1, sizeof(*v));
	for (size_t i = 0; !rc && v && i < n; i++)
		v[i] = accounts[i].user;
	if (!rc && !v)
		rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *w = json_array();
			for (size_t k = 0; k < v[i].n_wg_codes; k++)
				json_array_append_new(w, json_string(v[i].wg_codes[k]));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?, s:o, s:s?, s:b}", "login", v[i].login,
							     "name", v[i].name, "role", cnap_role_name(v[i].role),
							     "association", v[i].association_code, "wgs", w, "email",
							     v[i].email, "active", v[i].active));
		}
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++) {
			cli_print_padded(v[i].login, 20);
			cli_print_padded(cnap_role_label_ja(v[i].role), 13);
			cli_print_padded(v[i].name, 24);
			cli_print_padded(v[i].association_code ? v[i].association_code : "", 16);
			cli_print_padded(v[i].email ? v[i].email : "", 32);
			printf("%s\n", v[i].active ? "" : "無効");
		}
	}
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_user_passwd(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "the user whose password to set" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user passwd", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME   (the new password is read from the first line of standard input)", 0,
		       &code))
		return code;
	const char *login;
	char line[CNAP_PASSWORD_MAX_BYTES + 2];
	if (!cli_need(&c, "--login", &login)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	if (!read_secret(line, sizeof(line))) {
		fprintf(stderr, "cnap %s: give the password on standard input\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_password_set(c.store, &c.actor, login, line, &err);
	sodium_memzero(line, sizeof(line));
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("password of %s set\n", login);
	cli_end(&c);
	return code;
}

int cmd_user_token(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "the user the token acts as" },
		{ "--label", true, "what the token is for (default: script)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user token", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME [--label TEXT]   (prints a new API token once; keep it secret)", 0,
		       &code))
		return code;
	const char *login, *label = cli_str(&c.args, "--label");
	if (!cli_need(&c, "--login", &login)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	char token[48];
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_create(c.store, &c.actor, login, label, token, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("%s\n", token);
	sodium_memzero(token, sizeof(token));
	cli_end(&c);
	return code;
}

int cmd_user_token_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "the user whose tokens to list" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user token-list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME [--json]   (ids, labels and dates; the tokens themselves are not kept)", 0,
		       &code))
		return code;
	const char *login;
	if (!cli_need(&c, "--login", &login)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_token_info *v;
	size_t n = 0;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_list(c.store, &c.actor, login, &c.arena, &v, &n, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)v[i].id, "label",
							     v[i].label, "created_at", v[i].created_at));
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++) {
			printf("%-8lld ", (long long)v[i].id);
			cli_print_padded(v[i].created_at, 22);
			printf("%s\n", v[i].label);
		}
	}
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_user_token_revoke(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--login", true, "the user the token belongs to" },
		{ "--id", true, "the token's id (from cnap user token-list)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user token-revoke", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME --id N   (the token stops working at once)", 0, &code))
		return code;
	const char *login, *id_s;
	long id = 0;
	if (!cli_need(&c, "--login", &login) || !cli_need(&c, "--id", &id_s) ||
	    !cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_token_revoke(c.store, &c.actor, login, id, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}
