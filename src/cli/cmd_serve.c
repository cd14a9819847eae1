/* cnap serve: the web application; cnap user passwd|token: credentials for it. */
#include "base/compat.h"
#include "auth/password.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "store/session.h"
#include "web/web.h"

#include <sodium.h>
#include <string.h>

int cmd_serve(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--listen", true, "ADDR:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)" },
		{ "--threads", true, "worker threads, each with its own database connection (default: one per CPU)" },
		{ "--secure-cookies", false, "mark cookies Secure (when a TLS proxy such as nginx is in front)" },
		{ "--quiet", false, "do not log requests on standard error" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "serve", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--listen ADDR:PORT] [--threads N] [--secure-cookies] [--quiet]", 0, &code))
		return code;
	long threads = 0;
	if (!cli_int(&c.args, "--threads", 1, 64, &threads)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_web_config cfg = {
		.db_path = cli_str(&c.args, "--db") ? cli_str(&c.args, "--db") : getenv("CNAP_DB"),
		.listen = cli_str(&c.args, "--listen"),
		.threads = (unsigned)threads,
		.secure_cookies = cli_flag(&c.args, "--secure-cookies"),
		.quiet = cli_flag(&c.args, "--quiet"),
	};
	struct cnap_error err = { 0 };
	/* The server opens its own connection per worker thread; this one only checked the file. */
	cli_end(&c);
	enum cnap_err rc = cnap_password_init(&err);
	if (!rc)
		rc = cnap_web_run(&cfg, &err);
	return rc ? cli_error("serve", &err) : EXIT_OK;
}

/* The first line of standard input, without its line end; false at end of input. */
static bool read_secret(char *line, size_t size)
{
	if (!fgets(line, (int)size, stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return true;
}

int cmd_user_passwd(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--login", true, "the user whose password to set" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user passwd", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --login NAME   (the new password is read from the first line of standard input)", 0,
		       &code))
		return code;
	const char *login;
	char line[CNAP_PASSWORD_MAX_BYTES + 2], hash[CNAP_PASSWORD_HASH_MAX];
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
	enum cnap_err rc = cnap_password_hash(line, hash, &err);
	sodium_memzero(line, sizeof(line));
	if (!rc)
		rc = cnap_store_password_set(c.store, login, hash, &err);
	if (!rc) /* sessions opened with the old password end with it */
		rc = cnap_store_session_delete_user(c.store, login, NULL, &err);
	sodium_memzero(hash, sizeof(hash));
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("password of %s set\n", login);
	cli_end(&c);
	return code;
}

int cmd_user_token(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
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
	enum cnap_err rc = cnap_password_init(&err);
	if (!rc)
		rc = cnap_web_token_create(c.store, login, label ? label : "script", token, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	if (!rc)
		printf("%s\n", token);
	sodium_memzero(token, sizeof(token));
	cli_end(&c);
	return code;
}
