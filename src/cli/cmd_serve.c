/* cnap serve: the web application. */
#include "base/compat.h"
#include "auth/password.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "web/web.h"

#include <string.h>

int cmd_serve(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--listen", true, "ADDR:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)" },
		{ "--threads", true, "worker threads, each with its own database connection (default: two per CPU, at least four)" },
		{ "--secure-cookies", false, "mark cookies Secure (when a TLS proxy such as nginx is in front)" },
		{ "--quiet", false, "do not log requests on standard error" },
		{ "--mail-config", true, "send notices by e-mail as this mail configuration FILE says (default: $CNAP_MAIL_CONFIG; none: no mail)" },
		{ "--per-ip-limit", true,
		  "connections one client address may hold (default 64; 0: no limit, e.g. behind a proxy that limits)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "serve", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--listen ADDR:PORT] [--threads N] [--per-ip-limit N] [--secure-cookies] [--quiet] [--mail-config FILE]", 0, &code))
		return code;
	long threads = 0, per_ip = -1;
	if (!cli_int(&c.args, "--threads", 1, 64, &threads) || !cli_int(&c.args, "--per-ip-limit", 0, 512, &per_ip)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_web_config cfg = {
		.db_path = cli_str(&c.args, "--db") ? cli_str(&c.args, "--db") : getenv("CNAP_DB"),
		.listen = cli_str(&c.args, "--listen"),
		.threads = (unsigned)threads,
		.secure_cookies = cli_flag(&c.args, "--secure-cookies"),
		.quiet = cli_flag(&c.args, "--quiet"),
		.per_ip_limit = (int)per_ip,
	};
	struct cnap_error err = { 0 };
	/* The mail configuration outlives the command line's arena: the sender reads it until the server stops. */
	struct cnap_arena mail_arena;
	struct cnap_mail_config mail;
	cnap_arena_init(&mail_arena);
	const char *mail_path = cli_str(&c.args, "--mail-config") ? cli_str(&c.args, "--mail-config") : getenv("CNAP_MAIL_CONFIG");
	enum cnap_err rc = CNAP_OK;
	if (mail_path && *mail_path && !(rc = cnap_mail_config_load(mail_path, &mail_arena, &mail, &err)))
		cfg.mail = &mail;
	/* The server opens its own connection per worker thread; this one only checked the file. */
	cli_end(&c);
	if (!rc)
		rc = cnap_password_init(&err);
	if (!rc)
		rc = cnap_web_run(&cfg, &err);
	cnap_arena_release(&mail_arena);
	return rc ? cli_error("serve", &err) : EXIT_OK;
}
