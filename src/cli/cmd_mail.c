/*
 * cnap mail …: the outbox and its sender, a test message, the message
 * templates and the cycle's reminder plan (usecase/mail.h, mail_send.h).
 * cnap notice …: one's own in-app notices.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/mail.h"
#include "usecase/mail_send.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_OPT { "--config", true, "the mail configuration FILE (default: $CNAP_MAIL_CONFIG)" }

static int done(struct cli_ctx *c, enum cnap_err rc, const struct cnap_error *err)
{
	int code = rc ? cli_error(c->command, err) : EXIT_OK;
	cli_end(c);
	return code;
}

/* The configuration named by --config or $CNAP_MAIL_CONFIG; required says whether its absence is an error. */
static enum cnap_err load_config(struct cli_ctx *c, bool required, struct cnap_mail_config *cfg, bool *have,
				 struct cnap_error *err)
{
	const char *path = cli_str(&c->args, "--config");
	if (!path)
		path = getenv("CNAP_MAIL_CONFIG");
	*have = path && *path;
	if (!*have)
		return required ? cnap_fail(err, CNAP_EINVAL, "--config",
					    "メールの設定ファイルを --config FILE（または環境変数 CNAP_MAIL_CONFIG）で指定してください")
				: CNAP_OK;
	return cnap_mail_config_load(path, &c->arena, cfg, err);
}

static const char *outcome_ja(enum cnap_mail_outcome o)
{
	return o == CNAP_MAIL_SENT ? "送信しました" : o == CNAP_MAIL_RETRY ? "一時的に送れませんでした（あとで再試行します）"
									  : "送信を拒否されました";
}

int cmd_mail_test(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, CONFIG_OPT,
						    { "--to", true, "the ADDRESS to send the test message to" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail test", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --config FILE --to ADDRESS", 0,
		       &code))
		return code;
	const char *to;
	if (!cli_need(&c, "--to", &to)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_mail_config cfg;
	struct cnap_mail_result res;
	bool have;
	int64_t id = 0;
	enum cnap_err rc = load_config(&c, true, &cfg, &have, &err);
	if (!rc)
		rc = cnap_uc_mail_test(c.store, &c.actor, &cfg, to, &res, &id, &err);
	if (rc)
		return done(&c, rc, &err);
	printf("%s への試験メール（送信記録 %lld）：%s\n", to, (long long)id, outcome_ja(res.outcome));
	if (res.outcome != CNAP_MAIL_SENT)
		printf("%s\n", res.detail);
	cli_end(&c);
	/* the configuration is what is being checked: a message not taken is the command failing */
	return res.outcome == CNAP_MAIL_SENT ? EXIT_OK : EXIT_CONFLICT;
}

static void print_stats(const struct cnap_mail_run_stats *st, bool sending)
{
	printf("督促のお知らせ %zu件、まとめメール %zu通を作成しました", st->reminders, st->digests);
	if (sending)
		printf("。送信 %zu通、再試行待ち %zu通、送信失敗 %zu通", st->sent, st->retried, st->failed);
	printf("\n");
}

int cmd_mail_send(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CONFIG_OPT, { "--json", false, "print JSON" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail send", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --config FILE [--json]", 0,
		       &code))
		return code;
	struct cnap_error err = { 0 };
	struct cnap_mail_config cfg;
	struct cnap_mail_run_stats st;
	bool have;
	enum cnap_err rc = load_config(&c, true, &cfg, &have, &err);
	if (!rc)
		rc = cnap_uc_mail_run(c.store, &cfg, &st, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(json_pack("{s:I, s:I, s:I, s:I, s:I}", "reminders", (json_int_t)st.reminders, "digests",
						(json_int_t)st.digests, "sent", (json_int_t)st.sent, "retried",
						(json_int_t)st.retried, "failed", (json_int_t)st.failed))
			       ? EXIT_OK
			       : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	print_stats(&st, true);
	return done(&c, CNAP_OK, &err);
}

int cmd_mail_remind(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CONFIG_OPT, { "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail remind", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--config FILE] [--json]", 0,
		       &code))
		return code;
	struct cnap_error err = { 0 };
	struct cnap_mail_config cfg;
	struct cnap_mail_run_stats st;
	bool have;
	enum cnap_err rc = load_config(&c, false, &cfg, &have, &err);
	if (!rc)
		rc = cnap_uc_mail_prepare(c.store, have ? cfg.digest_hour : 8, &st, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(json_pack("{s:I, s:I}", "reminders", (json_int_t)st.reminders, "digests",
						(json_int_t)st.digests))
			       ? EXIT_OK
			       : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	print_stats(&st, false);
	return done(&c, CNAP_OK, &err);
}

static json_t *entry_json(const struct cnap_outbox_entry *e, bool with_body)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)e->id, "to", e->to_addr, "event",
			      e->event, "subject", e->subject, "attempts", e->attempts, "state",
			      cnap_outbox_state_name(e->state), "created_at", e->created_at);
	if (!o)
		return NULL;
	if (e->user_login)
		json_object_set_new(o, "login", json_string(e->user_login));
	if (e->question_id)
		json_object_set_new(o, "question", json_integer(e->question_id));
	if (e->last_error)
		json_object_set_new(o, "last_error", json_string(e->last_error));
	if (e->smtp_code)
		json_object_set_new(o, "smtp_code", json_integer(e->smtp_code));
	if (e->sent_at)
		json_object_set_new(o, "sent_at", json_string(e->sent_at));
	if (e->state == CNAP_OUTBOX_QUEUED)
		json_object_set_new(o, "next_at", json_string(e->next_at));
	if (with_body && e->body)
		json_object_set_new(o, "body", json_string(e->body));
	return o;
}

int cmd_mail_outbox(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--state", true, "only queued, sending, sent, failed or cancelled messages" },
		{ "--limit", true, "at most N messages, newest first (default 50)" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail outbox", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--state STATE] [--limit N] [--json]", 0, &code))
		return code;
	long limit = 50;
	int state = -1;
	const char *st_name = cli_str(&c.args, "--state");
	enum cnap_outbox_state st;
	if (!cli_int(&c.args, "--limit", 1, 10000, &limit) || (st_name && !cnap_outbox_state_parse(st_name, &st))) {
		if (st_name && !cnap_outbox_state_parse(st_name, &st))
			fprintf(stderr, "cnap mail outbox: --state: queued, sending, sent, failed, cancelled のどれかです\n");
		cli_end(&c);
		return EXIT_USAGE;
	}
	if (st_name)
		state = (int)st;
	struct cnap_error err = { 0 };
	struct cnap_uc_outbox ob;
	enum cnap_err rc = cnap_uc_outbox_list(c.store, &c.actor, state, (size_t)limit, 0, &c.arena, &ob, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ob.n; i++)
			json_array_append_new(arr, entry_json(&ob.entries[i], false));
		code = cli_print_json(arr) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("送信待ち %zu通、送信済み %zu通、送信失敗 %zu通、取消 %zu通\n", ob.counts[CNAP_OUTBOX_QUEUED] + ob.counts[CNAP_OUTBOX_SENDING],
	       ob.counts[CNAP_OUTBOX_SENT], ob.counts[CNAP_OUTBOX_FAILED], ob.counts[CNAP_OUTBOX_CANCELLED]);
	for (size_t i = 0; i < ob.n; i++) {
		const struct cnap_outbox_entry *e = &ob.entries[i];
		printf("%lld  %s  %s  %s\n", (long long)e->id, cnap_outbox_state_label_ja(e->state), e->to_addr, e->subject);
		if (e->last_error && e->state != CNAP_OUTBOX_SENT)
			printf("      %s\n", e->last_error);
	}
	return done(&c, CNAP_OK, &err);
}

int cmd_mail_show(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, CONFIG_OPT, { "--id", true, "message ID" },
						    { "--json", false, "print JSON" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail show", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID [--config FILE] [--json]",
		       0, &code))
		return code;
	const char *ids;
	long id;
	if (!cli_need(&c, "--id", &ids) || !cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_mail_config cfg;
	struct cnap_outbox_entry e;
	bool have;
	enum cnap_err rc = load_config(&c, false, &cfg, &have, &err);
	if (!rc)
		rc = cnap_uc_outbox_show(c.store, &c.actor, id, have ? cfg.base_url : NULL, &c.arena, &e, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(entry_json(&e, true)) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("宛先: %s\n件名: %s\n状態: %s（%d回試行）\n", e.to_addr, e.subject, cnap_outbox_state_label_ja(e.state),
	       e.attempts);
	if (e.last_error)
		printf("サーバーの応答: %s\n", e.last_error);
	printf("\n%s\n", e.body ? e.body : "");
	return done(&c, CNAP_OK, &err);
}

int cmd_mail_resend(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--id", true, "message ID" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail resend", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID", 0, &code))
		return code;
	const char *ids;
	long id;
	if (!cli_need(&c, "--id", &ids) || !cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_outbox_resend(c.store, &c.actor, id, &err);
	if (!rc)
		printf("メール %ld を送信待ちに戻しました（次の送信で送られます）\n", id);
	return done(&c, rc, &err);
}
