/*
 * cnap survey text show / text set / submit: the association's text under
 * each outline item (issue 12), in the plain-text file of
 * io/survey_text_file.h, so that show, an editor and set go round.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/doc_json.h"
#include "io/doc_text.h"
#include "io/survey_text_file.h"
#include "usecase/survey_text.h"

#include <stdio.h>
#include <string.h>

#define SURVEY_OPTS                                                                               \
	CLI_DB_OPT, CLI_AS_OPT, { "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" }, \
		{ "--wg", true, "WG code" }, { "--association", true, "association code" }

static const struct cli_opt_spec show_spec[] = {
	SURVEY_OPTS,
	{ "--version", true, "N: the version to show (default: the latest)" },
	{ "--item", true, "KEY or number (II.5, Ⅱ．（５）): only this item" },
	{ "--draft", false, "show the working copy being edited instead of the version" },
	{ "--json", false, "the items as JSON (docs/json-format.md)" },
};
static const struct cli_opt_spec set_spec[] = {
	SURVEY_OPTS,
	{ "--item", true, "KEY or number of the one item --text or --file holds (without it, --file names items with === lines)" },
	{ "--text", true, "TEXT of the item, typed as in the browser" },
	{ "--file", true, "FILE (- for stdin) as `survey text show` prints it, or one item's text with --item" },
	{ "--draft", false, "save as the working copy instead of a new version" },
	{ "--note", true, "TEXT kept with the new version" },
};
static const struct cli_opt_spec submit_spec[] = {
	SURVEY_OPTS,
	{ "--submitted-on", true, "DATE (YYYY-MM-DD) the association submitted it" },
	{ "--note", true, "TEXT kept with the new version" },
};

static bool survey_args(struct cli_ctx *c, int *year, const char **wg, const char **assoc)
{
	return cli_need_year(c, year) && cli_need(c, "--wg", wg) && cli_need(c, "--association", assoc);
}

static const struct cnap_survey_item *named_item(struct cli_ctx *c, const struct cnap_template *t, const char *name,
						 struct cnap_error *err)
{
	const struct cnap_survey_item *it = cnap_template_item_find(&c->arena, t, name);
	if (!it)
		cnap_fail(err, CNAP_ENOTFOUND, "--item", "「%s」という項目はこの団体の調査票にありません", name);
	return it;
}

static json_t *items_json(const struct cnap_uc_texts *t, const char *only)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < t->n_items; i++) {
		const struct cnap_uc_item_doc *e = &t->items[i];
		if ((only && strcmp(e->item->key, only) != 0) || (!only && !e->has_text))
			continue;
		struct cnap_buf b;
		cnap_buf_init(&b, 0);
		json_t *doc = cnap_doc_json_write(&e->doc, &b) ? NULL : json_loads(b.data, 0, NULL);
		cnap_buf_release(&b);
		json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "item", e->item->key, "number", e->number ? e->number : "",
				      "title", e->title, "draft", e->in_draft);
		if (!o || !doc || json_object_set(o, "blocks", json_object_get(doc, "blocks")) ||
		    json_array_append_new(arr, o)) {
			json_decref(o);
			json_decref(arr);
			arr = NULL;
		}
		json_decref(doc);
	}
	return arr;
}

int cmd_survey_text_show(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE [--version N] [--item KEY] "
			       "[--draft] [--json] [--as LOGIN]";
	if (!cli_begin(&c, "survey text show", argc, argv, show_spec, CNAP_ARRAY_LEN(show_spec), synopsis, 0, &code))
		return code;
	const char *wg, *assoc, *item = cli_str(&c.args, "--item");
	long version = 0;
	if (!survey_args(&c, &year, &wg, &assoc) || !cli_int(&c.args, "--version", 1, 999, &version)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_texts t;
	bool draft = cli_flag(&c.args, "--draft");
	enum cnap_err rc = cnap_uc_texts_load(c.store, &c.actor, year, wg, assoc, (int)version, draft, &c.arena, &t, &err);
	const struct cnap_survey_item *only = NULL;
	if (!rc && draft && !t.o.can_enter_data)
		rc = cnap_fail(&err, CNAP_EPERM, "--draft", "編集中の本文を見られるのは、この団体の調査票を入力できる人だけです");
	if (!rc && item && !(only = named_item(&c, &t.o.tmpl, item, &err)))
		rc = CNAP_ENOTFOUND;
	if (rc) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	if (cli_flag(&c.args, "--json")) {
		json_t *o = json_pack("{s:i, s:i, s:o*}", "version", t.version, "latest_version", t.latest_version, "items",
				      items_json(&t, only ? only->key : NULL));
		code = cli_print_json(o) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	struct cnap_item_text *items = cnap_arena_calloc(&c.arena, t.n_items + 1, sizeof(*items));
	size_t n = 0;
	for (size_t i = 0; items && i < t.n_items; i++)
		if (only ? t.items[i].item == only : t.items[i].has_text)
			items[n++] = (struct cnap_item_text){ .item_key = t.items[i].item->key, .doc = t.items[i].doc };
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	if (!items || cnap_survey_text_file_write(items, n, &t.o.tmpl, &t.o.as, &c.arena, &out)) {
		code = cli_error(c.command, &(struct cnap_error){ .code = CNAP_ENOMEM, .message = "out of memory" });
	} else {
		if (!t.version)
			fprintf(stderr, "（この団体の調査票はまだ登録されていません）\n");
		else if (!n)
			fprintf(stderr, "（第%d版には本文がありません）\n", t.version);
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
		code = EXIT_OK;
	}
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_survey_text_set(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE (--file FILE | --item KEY --text TEXT | "
			       "--item KEY --file FILE) [--draft] [--note TEXT] [--as LOGIN]";
	if (!cli_begin(&c, "survey text set", argc, argv, set_spec, CNAP_ARRAY_LEN(set_spec), synopsis, 0, &code))
		return code;
	const char *wg, *assoc, *item = cli_str(&c.args, "--item"), *text = cli_str(&c.args, "--text"),
			    *file = cli_str(&c.args, "--file");
	if (!survey_args(&c, &year, &wg, &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	if ((text != NULL) == (file != NULL) || (text && !item)) {
		fprintf(stderr, "cnap %s: --file か、--item と --text のどちらかを指定してください\n", c.command);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_outline o;
	enum cnap_err rc = cnap_uc_outline_load(c.store, &c.actor, year, wg, assoc, &c.arena, &o, &err);
	char *data = NULL;
	size_t len = 0;
	if (!rc && file) {
		rc = cli_read_file(file, CNAP_SURVEY_TEXT_FILE_MAX, &c.arena, &data, &len, &err);
		if (rc == CNAP_ETOOBIG)
			cnap_fail(&err, rc, "--file", "ファイルが大きすぎます（%zu MiBまで）: %s",
				  CNAP_SURVEY_TEXT_FILE_MAX >> 20, file);
	} else if (!rc) {
		data = (char *)text;
		len = strlen(text);
	}
	struct cnap_item_text *items = NULL, one;
	size_t n = 0;
	if (!rc && item) {
		const struct cnap_survey_item *it = named_item(&c, &o.tmpl, item, &err);
		rc = it ? cnap_doc_text_parse(data, len, it->key, &c.arena, &one.doc, &err) : CNAP_ENOTFOUND;
		if (!rc) {
			one.item_key = it->key;
			items = &one;
			n = 1;
		}
	} else if (!rc) {
		rc = cnap_survey_text_file_parse(data, len, &o.tmpl, &c.arena, &items, &n, &err);
	}
	int version = 0;
	bool draft = cli_flag(&c.args, "--draft");
	for (size_t i = 0; !rc && draft && i < n; i++)
		rc = cnap_uc_text_draft_save(c.store, &c.actor, year, wg, assoc, items[i].item_key, &items[i].doc, &err);
	if (!rc && !draft)
		rc = cnap_uc_texts_add_version(c.store, &c.actor, year, wg, assoc, items, n, cli_str(&c.args, "--note"),
					       &version, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		fprintf(stderr, "cnap %s: 登録しませんでした。データベースは変更していません。\n", c.command);
	} else if (draft) {
		printf("%zu項目の本文を編集中の下書きとして保存しました\n", n);
		code = EXIT_OK;
	} else {
		printf("%zu項目の本文を第%d版として登録しました\n", n, version);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}

int cmd_survey_submit(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis =
		"--db PATH --cycle YEAR --wg CODE --association CODE [--submitted-on DATE] [--note TEXT] [--as LOGIN]";
	if (!cli_begin(&c, "survey submit", argc, argv, submit_spec, CNAP_ARRAY_LEN(submit_spec), synopsis, 0, &code))
		return code;
	const char *wg, *assoc;
	if (!survey_args(&c, &year, &wg, &assoc)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	int version = 0;
	enum cnap_err rc = cnap_uc_survey_submit(c.store, &c.actor, year, wg, assoc, cli_str(&c.args, "--submitted-on"),
						 cli_str(&c.args, "--note"), &version, &err);
	if (rc) {
		code = cli_error(c.command, &err);
	} else {
		printf("編集中の内容を第%d版として提出しました\n", version);
		code = EXIT_OK;
	}
	cli_end(&c);
	return code;
}
