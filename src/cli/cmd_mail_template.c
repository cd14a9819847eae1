/*
 * cnap mail template …, cnap mail reminders, cnap notice …, cnap user mail:
 * the words of each message, a cycle's reminder plan, one's own notices and
 * how one takes mail (usecase/mail.h).
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/mail.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int done(struct cli_ctx *c, enum cnap_err rc, const struct cnap_error *err)
{
	int code = rc ? cli_error(c->command, err) : EXIT_OK;
	cli_end(c);
	return code;
}

static bool need_event(struct cli_ctx *c, enum cnap_mail_event *ev)
{
	const char *name;
	if (!cli_need(c, "--event", &name))
		return false;
	if (cnap_mail_event_parse(name, ev))
		return true;
	fprintf(stderr, "cnap %s: --event: 「%s」はメールの種類ではありません。使えるもの：", c->command, name);
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++)
		fprintf(stderr, "%s%s", e ? ", " : "", cnap_mail_event_name((enum cnap_mail_event)e));
	fprintf(stderr, "\n");
	return false;
}

static json_t *template_json(const struct cnap_uc_mail_template *t)
{
	json_t *ph = json_array();
	for (size_t i = 0; i < t->n_placeholders; i++)
		json_array_append_new(ph, json_pack("{s:s, s:s}", "name", t->placeholders[i].name, "description",
						    t->placeholders[i].description_ja));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "event", cnap_mail_event_name(t->event), "label", t->label,
			      "subject", t->subject, "body", t->body, "edited", t->edited, "placeholders", ph);
	if (o && t->updated_at)
		json_object_set_new(o, "updated_at", json_string(t->updated_at));
	return o;
}

int cmd_mail_template_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--json", false, "print JSON" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail template list", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH [--json]", 0, &code))
		return code;
	struct cnap_error err = { 0 };
	struct cnap_uc_mail_template ts[CNAP_MAIL_EV_COUNT];
	enum cnap_err rc = cnap_uc_mail_templates(c.store, &c.actor, &c.arena, ts, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++)
			json_array_append_new(arr, template_json(&ts[e]));
		code = cli_print_json(arr) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++)
		printf("%-20s %s%s\n    件名：%s\n", cnap_mail_event_name(ts[e].event), ts[e].label,
		       ts[e].edited ? "（事務局で編集済み）" : "", ts[e].subject);
	return done(&c, CNAP_OK, &err);
}

int cmd_mail_template_show(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--event", true, "the message's EVENT" },
						    { "--json", false, "print JSON" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail template show", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --event EVENT [--json]",
		       0, &code))
		return code;
	enum cnap_mail_event ev;
	if (!need_event(&c, &ev)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_mail_template t;
	enum cnap_err rc = cnap_uc_mail_template_get(c.store, &c.actor, ev, &c.arena, &t, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(template_json(&t)) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("件名：%s\n\n%s", t.subject, t.body);
	if (!*t.body || t.body[strlen(t.body) - 1] != '\n')
		printf("\n");
	return done(&c, CNAP_OK, &err);
}

/* --subject and --body / --body-file of set and preview. */
static bool read_template(struct cli_ctx *c, const char **subject, const char **body)
{
	bool failed = false;
	if (!cli_need(c, "--subject", subject))
		return false;
	*body = cli_text(c, "--body", "--body-file", (size_t)CNAP_MAIL_BODY_MAX_CHARS * 4 + 1024, &failed);
	if (failed)
		return false;
	if (!*body) {
		fprintf(stderr, "cnap %s: --body or --body-file is needed\n", c->command);
		return false;
	}
	return true;
}

static const struct cli_opt_spec template_write_spec[] = {
	CLI_DB_OPT, CLI_AS_OPT, { "--event", true, "the message's EVENT" }, { "--subject", true, "the subject line" },
	{ "--body", true, "the body" }, { "--body-file", true, "read the body from FILE (- for stdin)" },
	{ "--base-url", true, "preview only: links under this URL" },
};

int cmd_mail_template_set(int argc, char **argv)
{
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail template set", argc, argv, template_write_spec, CNAP_ARRAY_LEN(template_write_spec) - 1,
		       "--db PATH --event EVENT --subject TEXT (--body TEXT | --body-file FILE)", 0, &code))
		return code;
	enum cnap_mail_event ev;
	const char *subject, *body;
	if (!need_event(&c, &ev) || !read_template(&c, &subject, &body)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_set(c.store, &c.actor, ev, subject, body, &err);
	if (!rc)
		printf("「%s」の文面を保存しました\n", cnap_mail_event_label_ja(ev));
	return done(&c, rc, &err);
}

int cmd_mail_template_preview(int argc, char **argv)
{
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail template preview", argc, argv, template_write_spec, CNAP_ARRAY_LEN(template_write_spec),
		       "--db PATH --event EVENT --subject TEXT (--body TEXT | --body-file FILE) [--base-url URL]", 0, &code))
		return code;
	enum cnap_mail_event ev;
	const char *subject, *body, *so, *bo;
	if (!need_event(&c, &ev) || !read_template(&c, &subject, &body)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_preview(&c.actor, ev, subject, body, cli_str(&c.args, "--base-url"),
							 &c.arena, &so, &bo, &err);
	if (!rc)
		printf("件名：%s\n\n%s\n", so, bo);
	return done(&c, rc, &err);
}

int cmd_mail_template_reset(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--event", true, "the message's EVENT" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail template reset", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --event EVENT", 0,
		       &code))
		return code;
	enum cnap_mail_event ev;
	if (!need_event(&c, &ev)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_template_reset(c.store, &c.actor, ev, &err);
	if (!rc)
		printf("「%s」の文面を既定に戻しました\n", cnap_mail_event_label_ja(ev));
	return done(&c, rc, &err);
}

int cmd_mail_reminders(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT, { "--cycle", true, "cycle year" },
		{ "--days", true, "days before the deadline a reminder goes out, e.g. 7,2,0 (0: on the day; \"\": none)" },
		{ "--overdue-every", true, "once it has passed, a reminder every N days (0: none)" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "mail reminders", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR [--days 7,2,0] [--overdue-every N] [--json]", 0, &code))
		return code;
	int year;
	long every = -1;
	if (!cli_need_year(&c, &year) || !cli_int(&c.args, "--overdue-every", 0, 30, &every)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_reminder_plan p;
	const char *days = cli_str(&c.args, "--days");
	enum cnap_err rc = cnap_uc_reminder_plan_get(c.store, &c.actor, year, &p, &err);
	if (!rc && (days || every >= 0)) {
		char now_days[64];
		cnap_reminder_days_format(&p, now_days, sizeof(now_days));
		if (!(rc = cnap_uc_reminder_plan_set(c.store, &c.actor, year, days ? days : now_days,
						     every >= 0 ? (int)every : p.overdue_every, &err)))
			rc = cnap_uc_reminder_plan_get(c.store, &c.actor, year, &p, &err);
	}
	if (rc)
		return done(&c, rc, &err);
	char list[64];
	cnap_reminder_days_format(&p, list, sizeof(list));
	if (cli_flag(&c.args, "--json")) {
		json_t *d = json_array();
		for (size_t i = 0; i < p.n; i++)
			json_array_append_new(d, json_integer(p.days[i]));
		code = cli_print_json(json_pack("{s:i, s:o, s:i}", "cycle", year, "days_before", d, "overdue_every",
						p.overdue_every))
			       ? EXIT_OK
			       : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("回答期限の督促：");
	if (!p.n)
		printf("期限前はなし");
	for (size_t i = 0; i < p.n; i++)
		printf(p.days[i] ? "%s%d日前" : "%s当日", i ? "、" : "期限の", p.days[i]);
	if (p.overdue_every)
		printf("。期限後は%d日ごと\n", p.overdue_every);
	else
		printf("。期限後はなし\n");
	return done(&c, CNAP_OK, &err);
}

int cmd_notice_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT,
						    { "--limit", true, "at most N, newest first (default 50)" },
						    { "--json", false, "print JSON" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "notice list", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --as LOGIN [--limit N] [--json]",
		       0, &code))
		return code;
	long limit = 50;
	if (!cli_int(&c.args, "--limit", 1, 10000, &limit)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_notification *v;
	size_t n, unread;
	enum cnap_err rc = cnap_uc_notifications(c.store, &c.actor, (size_t)limit, &c.arena, &v, &n, &unread, &err);
	if (rc)
		return done(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)v[i].id, "event", v[i].event,
					      "title", v[i].title, "created_at", v[i].created_at, "read", v[i].read_at != NULL,
					      "mail", cnap_notice_mail_name(v[i].mail));
			if (o && v[i].link)
				json_object_set_new(o, "link", json_string(v[i].link));
			json_array_append_new(arr, o);
		}
		code = cli_print_json(json_pack("{s:I, s:o}", "unread", (json_int_t)unread, "notices", arr)) ? EXIT_OK
													: EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("未読 %zu件\n", unread);
	for (size_t i = 0; i < n; i++)
		printf("%lld  %s  %s  %s\n", (long long)v[i].id, v[i].read_at ? "既読" : "未読", v[i].created_at, v[i].title);
	return done(&c, CNAP_OK, &err);
}

int cmd_notice_read(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { CLI_DB_OPT, CLI_AS_OPT, { "--id", true, "the notice ID" },
						    { "--all", false, "every notice" } };
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "notice read", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --as LOGIN (--id ID | --all)",
		       0, &code))
		return code;
	long id = 0;
	bool all = cli_flag(&c.args, "--all");
	if (!cli_int(&c.args, "--id", 1, 2147483647L, &id) || (!all && !id) || (all && id)) {
		if (!all && !id)
			fprintf(stderr, "cnap notice read: --id ID or --all is needed\n");
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_notification_read(c.store, &c.actor, id, &err);
	if (!rc)
		printf(all ? "すべてのお知らせを既読にしました\n" : "お知らせを既読にしました\n");
	return done(&c, rc, &err);
}

int cmd_user_mail(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT, { "--login", true, "the user (default: the one given with --as)" },
		{ "--mode", true, "immediate (each notice at once), digest (one message a day) or off" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "user mail", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH (--login LOGIN | --as LOGIN) --mode immediate|digest|off", 0, &code))
		return code;
	const char *mode_s, *login = cli_str(&c.args, "--login");
	enum cnap_mail_mode mode;
	if (!login && !c.actor.system)
		login = c.actor.login;
	if (!cli_need(&c, "--mode", &mode_s) || !login || !cnap_mail_mode_parse(mode_s, &mode)) {
		if (!login)
			fprintf(stderr, "cnap user mail: --login LOGIN is needed\n");
		else if (mode_s)
			fprintf(stderr, "cnap user mail: --mode: immediate, digest, off のどれかです\n");
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_mail_mode_set(c.store, &c.actor, login, mode, &err);
	if (!rc)
		printf("%s のメール：%s\n", login, cnap_mail_mode_label_ja(mode));
	return done(&c, rc, &err);
}
