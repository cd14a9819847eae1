/* cnap question file|list|show|edit|<step>, cnap answer */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/question_anchor.h"
#include "usecase/questions.h"

#include <string.h>

#define DB_OPT CLI_DB_OPT
#define AS_OPT CLI_AS_OPT
#define TEXT_LIMIT ((size_t)1024 * 1024)

static int finish(struct cli_ctx *c, enum cnap_err rc, const struct cnap_error *err)
{
	int code = rc ? cli_error(c->command, err) : EXIT_OK;
	cli_end(c);
	return code;
}

static bool parse_id(struct cli_ctx *c, int64_t *id)
{
	const char *s;
	long v = 0;
	if (!cli_need(c, "--id", &s) || !cli_int(&c->args, "--id", 1, 2147483647L, &v))
		return false;
	*id = v;
	return true;
}

/*
 * --refers-to ID, once per answer referred to (0 alone: none), and --refers-first: into *r, which
 * points at ids (CNAP_MAX_REFERS of them). *given false when --refers-to is absent. False after a
 * message on a bad value.
 */
static bool refs_option(struct cli_ctx *c, struct cnap_answer_refs *r, int64_t *ids, bool *given)
{
	long v[CNAP_MAX_REFERS];
	size_t n;
	memset(r, 0, sizeof(*r));
	*given = false;
	if (!cli_ints(&c->args, "--refers-to", 0, 2147483647L, v, CNAP_MAX_REFERS, &n))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!v[i] && n > 1) {
			fprintf(stderr, "cnap %s: --refers-to 0 (no reference) cannot go with other IDs\n", c->command);
			return false;
		}
		if (v[i])
			ids[r->n++] = v[i];
	}
	r->ids = ids;
	r->first = cli_flag(&c->args, "--refers-first");
	*given = n > 0;
	return true;
}

/* The quote and the mark of a later version (issue 12), as question_json prints them. */
static void anchor_json(json_t *o, const struct cnap_question *q)
{
	const struct cnap_question_anchor *an = &q->anchor;
	if (q->quote)
		json_object_set_new(o, "quote", json_string(q->quote));
	if (!an->changed_version)
		return;
	json_t *sc = json_pack("{s:i, s:b}", "version", an->changed_version, "marked", cnap_question_anchor_marked(q));
	if (an->quote != CNAP_QUOTE_UNCHECKED)
		json_object_set_new(sc, "quote_present", json_boolean(an->quote == CNAP_QUOTE_PRESENT));
	if (an->confirmed_version) {
		json_object_set_new(sc, "confirmed_version", json_integer(an->confirmed_version));
		if (an->confirmed_by)
			json_object_set_new(sc, "confirmed_by", json_string(an->confirmed_by));
		if (an->confirmed_at)
			json_object_set_new(sc, "confirmed_at", json_string(an->confirmed_at));
	}
	json_object_set_new(o, "survey_changed", sc);
}

/* What the actor may not see is already gone (the use cases redact): print what is there. */
static json_t *question_json(const struct cnap_question *q)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "id", (json_int_t)q->id, "wg", q->wg_code,
			      "association", q->association_code, "no", q->no, "item", q->item_key, "page", q->page,
			      "text", q->text, "status", cnap_qstatus_name(q->status));
	if (q->due_on)
		json_object_set_new(o, "due_on", json_string(q->due_on));
	if (q->n_refers_to) {
		json_t *refs = json_array();
		for (size_t i = 0; i < q->n_refers_to; i++)
			json_array_append_new(refs, json_integer(q->refers_to_ids[i]));
		json_object_set_new(o, "refers_to", refs);
		json_object_set_new(o, "refers_first", json_boolean(q->refers_first));
	}
	if (q->author)
		json_object_set_new(o, "author", json_string(q->author));
	if (q->note)
		json_object_set_new(o, "note", json_string(q->note));
	if (q->has_answer) {
		json_t *a = json_pack("{s:s, s:s}", "text", q->answer.text, "status", cnap_astatus_name(q->answer.status));
		if (q->answer.return_comment)
			json_object_set_new(a, "return_comment", json_string(q->answer.return_comment));
		if (q->answer.author)
			json_object_set_new(a, "author", json_string(q->answer.author));
		json_object_set_new(o, "answer", a);
	}
	if (q->submission_version)
		json_object_set_new(o, "version", json_integer(q->submission_version));
	if (q->carry_forward)
		json_object_set_new(o, "carry_forward", json_true());
	if (q->follows_id)
		json_object_set_new(o, "follows", json_pack("{s:I, s:i, s:i}", "id", (json_int_t)q->follows_id, "cycle",
							    q->follows_year, "no", q->follows_no));
	anchor_json(o, q);
	return o;
}

int cmd_question_file(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--association", true, "association code" },
		{ "--item", true, "survey item key (see 'cnap outline show')" },
		{ "--page", true, "page number as you read it (頁番号)" },
		{ "--version", true, "the survey version you read (default: the latest)" },
		{ "--quote", true, "the passage of the survey the question is about (at most 2,000 characters)" },
		{ "--text", true, "question text" },
		{ "--text-file", true, "read the question text from FILE (- for stdin)" },
		{ "--note", true, "reviewer-internal note (never published)" },
		{ "--due", true, "answer due date YYYY-MM-DD" },
		{ "--refers-to", true, "ID of a question whose answer also answers this one (repeatable)" },
		{ "--refers-first", false, "the reference sentence before the answer's own text" },
		{ "--submit", false, "reviewers: hand it to the secretariat at once (default: draft)" },
		{ "--json", false, "print the new question as JSON" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "question file", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --association CODE --item KEY [--page N]\n"
		       "       [--version N] [--quote TEXT] (--text TEXT | --text-file FILE) [--note TEXT] [--due DATE]\n"
		       "       [--refers-to ID]... [--submit]",
		       0, &code))
		return code;
	struct cnap_question q = { .note = cli_str(&c.args, "--note"), .due_on = cli_str(&c.args, "--due"),
				   .quote = cli_str(&c.args, "--quote") };
	long page = 0, version = 0;
	bool failed, given;
	struct cnap_answer_refs refs;
	int64_t ids[CNAP_MAX_REFERS];
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &q.wg_code) ||
	    !cli_need(&c, "--association", &q.association_code) || !cli_need(&c, "--item", &q.item_key) ||
	    !cli_int(&c.args, "--page", 1, CNAP_MAX_PAGE, &page) || !cli_int(&c.args, "--version", 1, 999, &version) ||
	    !refs_option(&c, &refs, ids, &given)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	q.submission_version = (int)version;
	q.text = cli_text(&c, "--text", "--text-file", TEXT_LIMIT, &failed);
	if (failed || !q.text) {
		if (!failed)
			fprintf(stderr, "cnap %s: --text or --text-file is required\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	q.page = (int)page;
	q.refers_to_ids = refs.ids;
	q.n_refers_to = refs.n;
	q.refers_first = refs.first;
	struct cnap_error err = { 0 };
	int64_t id = 0;
	enum cnap_err rc = cnap_uc_question_file(c.store, &c.actor, year, &q, cli_flag(&c.args, "--submit"), &id, &err);
	if (!rc) {
		struct cnap_uc_question stored;
		if (cli_flag(&c.args, "--json") && !cnap_uc_question_show(c.store, &c.actor, id, &c.arena, &stored, &err))
			cli_print_json(question_json(&stored.q));
		else
			printf("question %lld filed\n", (long long)id);
	}
	return finish(&c, rc, &err);
}

int cmd_question_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "only this WG" },
		{ "--association", true, "only this association" },
		{ "--status", true, "only this status (draft, submitted, approved, sent, answered, accepted, ...)" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "question list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR [--wg CODE] [--association CODE] [--status STATUS] [--json]", 0, &code))
		return code;
	struct cnap_question_filter f = { .wg_code = cli_str(&c.args, "--wg"),
					  .association_code = cli_str(&c.args, "--association"), .status = -1 };
	const char *status = cli_str(&c.args, "--status");
	enum cnap_qstatus qs;
	if (!cli_need_year(&c, &year) || (status && !cnap_qstatus_parse(status, &qs))) {
		if (status && year)
			fprintf(stderr, "cnap %s: unknown --status '%s'\n", c.command, status);
		cli_end(&c);
		return EXIT_USAGE;
	}
	f.year = year;
	if (status)
		f.status = (int)qs;
	struct cnap_question *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_list(c.store, &c.actor, &f, &c.arena, &v, &n, &err);
	if (rc)
		return finish(&c, rc, &err);
	json_t *arr = cli_flag(&c.args, "--json") ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		if (arr) {
			json_array_append_new(arr, question_json(&v[i]));
			continue;
		}
		char first[64];
		snprintf(first, sizeof(first), "%s", v[i].text);
		/* cut at a character boundary */
		size_t cut = strlen(first);
		while (cut && ((unsigned char)first[cut - 1] & 0xC0) == 0x80)
			cut--;
		if (cut && (unsigned char)first[cut - 1] >= 0xC0)
			cut--;
		if (strlen(v[i].text) > cut)
			first[cut] = '\0';
		printf("%-5lld ", (long long)v[i].id);
		cli_print_padded(v[i].association_code, 16);
		cli_print_padded(v[i].item_key, 16);
		printf("P.%-4d ", v[i].page);
		cli_print_padded(cnap_qstatus_label_ja(v[i].status), 26);
		printf("%s%s\n", first, strlen(v[i].text) > strlen(first) ? "…" : "");
	}
	if (arr)
		cli_print_json(arr);
	return finish(&c, CNAP_OK, &err);
}

/* 【引用箇所】 and 「調査票更新あり（第N版）」 as the question card shows them. */
static void print_anchor(const struct cnap_question *q)
{
	const struct cnap_question_anchor *an = &q->anchor;
	if (q->submission_version)
		printf("読んだ版: 第%d版\n", q->submission_version);
	if (cnap_question_anchor_marked(q))
		printf("調査票更新あり（第%d版）: 質問を維持するか取り下げるかを確認してください\n", an->changed_version);
	else if (an->confirmed_version)
		printf("調査票更新後も質問を維持（第%d版）\n", an->confirmed_version);
	if (an->changed_version && an->quote == CNAP_QUOTE_GONE)
		printf("引用箇所は新しい版（第%d版）にありません\n", an->changed_version);
	if (q->quote)
		printf("\n【引用箇所】\n%s\n", q->quote);
}

int cmd_question_show(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT, { "--id", true, "question ID" }, { "--history", false, "include the audit trail" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code;
	int64_t id;
	if (!cli_begin(&c, "question show", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --id ID [--history] [--json]", 0, &code))
		return code;
	if (!parse_id(&c, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_uc_question uq;
	struct cnap_error err = { 0 };
	enum cnap_err rc;
	if ((rc = cnap_uc_question_show(c.store, &c.actor, id, &c.arena, &uq, &err)))
		return finish(&c, rc, &err);
	const struct cnap_question q = uq.q;
	struct cnap_audit_entry *hist = NULL;
	size_t nh = 0;
	bool history = cli_flag(&c.args, "--history") && uq.can_see_history;
	if (history && (rc = cnap_uc_question_history(c.store, &c.actor, id, &c.arena, &hist, &nh, &err)))
		return finish(&c, rc, &err);
	if (cli_flag(&c.args, "--json")) {
		json_t *o = question_json(&q);
		if (history) {
			json_t *h = json_array();
			for (size_t i = 0; i < nh; i++)
				json_array_append_new(h, json_pack("{s:s, s:s, s:s}", "at", hist[i].at, "actor",
								   hist[i].actor, "action", hist[i].action));
			json_object_set_new(o, "history", h);
		}
		cli_print_json(o);
		return finish(&c, CNAP_OK, &err);
	}
	printf("質問 %lld  [%s / %s]  %s\n", (long long)q.id, q.wg_code, q.association_code,
	       cnap_qstatus_label_ja(q.status));
	printf("調査票: %s  頁番号: P.%d  NO.%d\n", q.item_key, q.page, q.no);
	if (uq.can_see_history)
		printf("起票者: %s\n", q.author ? q.author : "-");
	if (q.due_on)
		printf("回答期限: %s\n", q.due_on);
	char era[32];
	if (q.follows_id && cnap_jp_era_fiscal_year(q.follows_year, false, era, sizeof(era)))
		printf("%sの質問 No.%d（質問 %lld）からの継続\n", era, q.follows_no, (long long)q.follows_id);
	if (q.carry_forward)
		printf("継続: 次年度のサイクルで昨年度フォローアップの質問になります\n");
	print_anchor(&q);
	printf("\n【指摘】\n%s\n", q.text);
	if (q.note)
		printf("\n【内部メモ】\n%s\n", q.note);
	if (q.has_answer) {
		printf("\n【回答】（%s）\n%s\n", cnap_astatus_label_ja(q.answer.status), q.answer.text);
		if (q.answer.return_comment)
			printf("\n【差戻し理由】\n%s\n", q.answer.return_comment);
	}
	if (history) {
		printf("\n【履歴】\n");
		for (size_t i = 0; i < nh; i++) {
			printf("%s  ", hist[i].at);
			cli_print_padded(hist[i].actor, 20);
			printf("%s\n", cnap_audit_action_label_ja(hist[i].action));
		}
	} else if (cli_flag(&c.args, "--history")) {
		printf("\n【履歴】\n（履歴は事務局とWG委員のみが見られます）\n");
	}
	return finish(&c, CNAP_OK, &err);
}

int cmd_question_edit(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT, { "--id", true, "question ID" },
		{ "--text", true, "new question text" },
		{ "--text-file", true, "read the new text from FILE (- for stdin)" },
		{ "--item", true, "move to this survey item key" },
		{ "--page", true, "page number" },
		{ "--note", true, "reviewer-internal note" },
		{ "--due", true, "answer due date YYYY-MM-DD ('' clears)" },
		{ "--no", true, "order number inside the association's list" },
		{ "--refers-to", true, "ID of a question whose answer applies (repeatable; 0 clears)" },
		{ "--refers-first", false, "with --refers-to: the reference before the answer's own text" },
	};
	struct cli_ctx c;
	int code;
	int64_t id;
	if (!cli_begin(&c, "question edit", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --id ID [--text TEXT | --text-file FILE] [--item KEY] [--page N] [--note TEXT]\n"
		       "       [--due DATE] [--no N] [--refers-to ID]... [--refers-first]",
		       0, &code))
		return code;
	struct cnap_question_edit e = { .item_key = cli_str(&c.args, "--item"), .note = cli_str(&c.args, "--note"),
					.due_on = cli_str(&c.args, "--due"), .page = -1 };
	long page = -1, no = 0;
	bool failed, given;
	struct cnap_answer_refs refs;
	int64_t ids[CNAP_MAX_REFERS];
	if (!parse_id(&c, &id) || !cli_int(&c.args, "--page", 0, CNAP_MAX_PAGE, &page) ||
	    !cli_int(&c.args, "--no", 1, 99999, &no) || !refs_option(&c, &refs, ids, &given)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	e.text = cli_text(&c, "--text", "--text-file", TEXT_LIMIT, &failed);
	if (failed) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	e.page = (int)page;
	e.no = (int)no;
	e.refers = given ? &refs : NULL;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_edit(c.store, &c.actor, id, &e, &err);
	if (!rc)
		printf("question %lld updated\n", (long long)id);
	return finish(&c, rc, &err);
}

static int step_command(int argc, char **argv, const char *command, enum cnap_step step)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT, { "--id", true, "question ID" },
		{ "--comment", true, "reason (required to return an answer or reopen a published question)" },
		{ "--due", true, "with send: the answer deadline YYYY-MM-DD" },
	};
	struct cli_ctx c;
	int code;
	int64_t id;
	if (!cli_begin(&c, command, argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID [--comment TEXT] [--due DATE]", 0,
		       &code))
		return code;
	if (!parse_id(&c, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_step(c.store, &c.actor, id, step, cli_str(&c.args, "--comment"),
						 cli_str(&c.args, "--due"), &err);
	if (!rc) {
		struct cnap_uc_question q;
		if (!cnap_uc_question_show(c.store, &c.actor, id, &c.arena, &q, &err))
			printf("質問 %lld: %s\n", (long long)id, cnap_qstatus_label_ja(q.q.status));
		else /* withdrawn out of the actor's sight, for instance */
			printf("質問 %lld: 完了\n", (long long)id);
		rc = CNAP_OK;
	}
	return finish(&c, rc, &err);
}

int cmd_question_submit(int argc, char **argv) { return step_command(argc, argv, "question submit", CNAP_STEP_SUBMIT); }
int cmd_question_approve(int argc, char **argv) { return step_command(argc, argv, "question approve", CNAP_STEP_APPROVE); }
int cmd_question_send(int argc, char **argv) { return step_command(argc, argv, "question send", CNAP_STEP_SEND); }
int cmd_question_accept(int argc, char **argv) { return step_command(argc, argv, "question accept", CNAP_STEP_ACCEPT); }
int cmd_question_return(int argc, char **argv) { return step_command(argc, argv, "question return", CNAP_STEP_RETURN); }
int cmd_question_publish(int argc, char **argv) { return step_command(argc, argv, "question publish", CNAP_STEP_PUBLISH); }
int cmd_question_withdraw(int argc, char **argv) { return step_command(argc, argv, "question withdraw", CNAP_STEP_WITHDRAW); }
int cmd_question_reopen(int argc, char **argv) { return step_command(argc, argv, "question reopen", CNAP_STEP_REOPEN); }

int cmd_question_confirm(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { DB_OPT, AS_OPT, { "--id", true, "question ID" } };
	struct cli_ctx c;
	int code;
	int64_t id;
	if (!cli_begin(&c, "question confirm", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID", 0, &code))
		return code;
	if (!parse_id(&c, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_question_confirm_anchor(c.store, &c.actor, id, &err);
	if (!rc)
		printf("質問 %lld: 調査票更新後も質問を維持します\n", (long long)id);
	return finish(&c, rc, &err);
}

int cmd_question_carry(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = { DB_OPT, AS_OPT, { "--id", true, "question ID" },
						    { "--off", false, "take the mark away" } };
	struct cli_ctx c;
	int code;
	int64_t id;
	if (!cli_begin(&c, "question carry", argc, argv, spec, CNAP_ARRAY_LEN(spec), "--db PATH --id ID [--off]", 0,
		       &code))
		return code;
	if (!parse_id(&c, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	bool on = !cli_flag(&c.args, "--off");
	enum cnap_err rc = cnap_uc_question_carry(c.store, &c.actor, id, on, &err);
	if (!rc)
		printf(on ? "質問 %lld: 次年度に継続します（cnap cycle new で昨年度フォローアップの質問になります）\n"
			  : "質問 %lld: 継続をやめました\n",
		       (long long)id);
	return finish(&c, rc, &err);
}

int cmd_answer(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		DB_OPT, AS_OPT, { "--id", true, "question ID" },
		{ "--text", true, "answer text" },
		{ "--text-file", true, "read the answer from FILE (- for stdin)" },
		{ "--refers-to", true, "ID of another question whose answer this one refers to (repeatable; 0: none)" },
		{ "--refers-first", false, "the reference sentence before the answer's own text (default: after)" },
		{ "--draft", false, "save without submitting" },
	};
	struct cli_ctx c;
	int code;
	int64_t id = 0;
	if (!cli_begin(&c, "answer", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --id ID (--text TEXT | --text-file FILE | --refers-to ID...) [--refers-first] [--draft]",
		       0, &code))
		return code;
	bool failed = false, given = false;
	const char *text = NULL;
	struct cnap_answer_refs refs;
	int64_t ids[CNAP_MAX_REFERS];
	if (parse_id(&c, &id) && refs_option(&c, &refs, ids, &given)) {
		text = cli_text(&c, "--text", "--text-file", TEXT_LIMIT * 4, &failed);
		if (!text && !failed && given && refs.n)
			text = ""; /* only a reference */
	}
	if (!text) {
		if (id && !failed)
			fprintf(stderr, "cnap %s: --text, --text-file or --refers-to is required\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	bool submit = !cli_flag(&c.args, "--draft");
	enum cnap_err rc = cnap_uc_answer_save(c.store, &c.actor, id, text, given ? &refs : NULL, submit, &err);
	if (!rc)
		printf("質問 %lld の回答を%s\n", (long long)id, submit ? "提出しました" : "下書き保存しました");
	return finish(&c, rc, &err);
}
