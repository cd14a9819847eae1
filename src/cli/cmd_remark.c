/* cnap remark add|list|delete: the WG's 指摘 to an association (usecase/remarks.h). */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "model/model.h"
#include "usecase/remarks.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int done(struct cli_ctx *c, enum cnap_err rc, const struct cnap_error *err)
{
	int code = rc ? cli_error(c->command, err) : EXIT_OK;
	cli_end(c);
	return code;
}

int cmd_remark_add(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "the cycle (its year) whose WG meeting made the remark" },
		{ "--wg", true, "WG code" },
		{ "--association", true, "association code" },
		{ "--text", true, "the 指摘 as the minutes give it" },
		{ "--text-file", true, "read it from FILE (- for stdin)" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "remark add", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE (--text TEXT | --text-file FILE)", 0, &code))
		return code;
	int year;
	const char *wg, *assoc;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	const char *text = cli_str(&c.args, "--text"), *file = cli_str(&c.args, "--text-file");
	enum cnap_err rc = CNAP_OK;
	if (!text && file) {
		char *t;
		size_t len;
		rc = cli_read_file(file, (size_t)CNAP_MAX_QUESTION_CHARS * 4, &c.arena, &t, &len, &err);
		text = t;
	}
	if (!rc && !text) {
		fprintf(stderr, "cnap remark add: --text or --text-file is needed\n");
		cli_end(&c);
		return EXIT_USAGE;
	}
	int64_t id = 0;
	if (!rc)
		rc = cnap_uc_remark_add(c.store, &c.actor, year, wg, assoc, text, &id, &err);
	if (!rc)
		printf("WGでの指摘 %lld を記録しました（次の年度を作ると、昨年度フォローアップへの質問になります）\n",
		       (long long)id);
	return done(&c, rc, &err);
}

int cmd_remark_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT, { "--cycle", true, "cycle year" }, { "--wg", true, "WG code" },
		{ "--association", true, "association code (default: every one of the WG)" }, { "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "remark list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE [--association CODE] [--json]", 0, &code))
		return code;
	int year;
	const char *wg;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_wg_remark *v;
	size_t n;
	enum cnap_err rc = cnap_uc_remark_list(c.store, &c.actor, year, wg, cli_str(&c.args, "--association"), &c.arena,
					       &v, &n, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)v[i].id, "wg",
							     v[i].wg_code, "association", v[i].association_code, "position",
							     v[i].position, "text", v[i].text, "created_at", v[i].created_at));
		code = cli_print_json(arr) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld  %s  （%d）%s\n", (long long)v[i].id, v[i].association_code, v[i].position, v[i].text);
	if (!n)
		printf("（WGでの指摘はありません）\n");
	return done(&c, CNAP_OK, &err);
}

int cmd_remark_delete(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--id", true, "remark ID" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "remark delete", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID", 0, &code))
		return code;
	const char *ids;
	long id;
	if (!cli_need(&c, "--id", &ids) || !cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_remark_delete(c.store, &c.actor, id, &err);
	if (!rc)
		printf("WGでの指摘 %ld を削除しました\n", id);
	return done(&c, rc, &err);
}
