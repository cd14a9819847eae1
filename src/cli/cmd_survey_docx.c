/*
 * cnap survey import-docx: the association's Word file as the text of its
 * survey items (usecase/survey_docx.h). Prints what goes where and what
 * could not be placed; --dry-run stops there and writes nothing.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/survey_docx.h"

#include <stdio.h>
#include <string.h>

static const struct cli_opt_spec import_spec[] = {
	CLI_DB_OPT,
	CLI_AS_OPT,
	{ "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" },
	{ "--wg", true, "WG code" },
	{ "--association", true, "association code" },
	{ "--file", true, "FILE.docx whose headings are the outline's items (Ⅱ．（５）…)" },
	{ "--dry-run", false, "show what would go where, save nothing" },
	{ "--draft", false, "save as the working copy instead of a new version" },
	{ "--note", true, "TEXT kept with the new version" },
};

static void print_preview(const struct cnap_uc_docx *x)
{
	for (size_t i = 0; i < x->n_items; i++) {
		const struct cnap_uc_docx_item *it = &x->items[i];
		printf("%s%s%s", it->number, *it->number ? " " : "", it->title);
		if (it->empty)
			printf("  ［本文なし・取り込みません］\n");
		else
			printf("  ← 「%s」（%zu番目の段落）%s\n    %s\n", it->heading, it->paragraph,
			       it->replaces ? "　今の本文を置き換えます" : "", it->first_line);
	}
	if (x->n_unplaced) {
		printf("\n取り込めなかった内容（%zu件）:\n", x->n_unplaced + x->n_unplaced_omitted);
		for (size_t i = 0; i < x->n_unplaced; i++)
			printf("  %s: %s\n    「%s」\n", x->unplaced[i].where, x->unplaced[i].reason, x->unplaced[i].text);
		if (x->n_unplaced_omitted)
			printf("  ほかに%zu件\n", x->n_unplaced_omitted);
	}
	if (x->n_warnings) {
		printf("\n注意:\n");
		for (size_t i = 0; i < x->n_warnings; i++)
			printf("  %s\n", x->warnings[i]);
		if (x->n_warnings_omitted)
			printf("  ほかに%zu件\n", x->n_warnings_omitted);
	}
}

int cmd_survey_import_docx(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE --file FILE.docx [--dry-run] "
			       "[--draft] [--note TEXT] [--as LOGIN]";
	if (!cli_begin(&c, "survey import-docx", argc, argv, import_spec, CNAP_ARRAY_LEN(import_spec), synopsis, 0,
		       &code))
		return code;
	const char *wg, *assoc, *path;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--association", &assoc) ||
	    !cli_need(&c, "--file", &path)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	bool dry = cli_flag(&c.args, "--dry-run"), draft = cli_flag(&c.args, "--draft");
	struct cnap_error err = { 0 };
	char *data = NULL;
	size_t len = 0;
	enum cnap_err rc = cli_read_file(path, CNAP_UC_DOCX_MAX_BYTES, &c.arena, &data, &len, &err);
	if (rc == CNAP_ETOOBIG)
		cnap_fail(&err, rc, "--file", "ファイルが大きすぎます（%zu MiBまで）: %s", CNAP_UC_DOCX_MAX_BYTES >> 20, path);
	struct cnap_uc_docx x;
	int version = 0;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (!rc && dry)
		rc = cnap_uc_survey_docx_preview(c.store, &c.actor, year, wg, assoc, data, len, &c.arena, &x, &err);
	else if (!rc)
		rc = cnap_uc_survey_docx_import(c.store, &c.actor, year, wg, assoc, data, len,
						draft ? CNAP_UC_DOCX_DRAFT : CNAP_UC_DOCX_VERSION, base,
						cli_str(&c.args, "--note"), &c.arena, &x, &version, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		fprintf(stderr, "cnap %s: 取り込みませんでした。データベースは変更していません。\n", c.command);
		cli_end(&c);
		return code;
	}
	print_preview(&x);
	putchar('\n');
	if (dry)
		printf("%zu項目に本文を取り込めます（--dry-run: 何も保存していません）\n", x.n_filled);
	else if (draft)
		printf("%zu項目の本文を編集中の下書きとして保存しました\n", x.n_filled);
	else
		printf("%zu項目の本文を第%d版として登録しました\n", x.n_filled, version);
	cli_end(&c);
	return EXIT_OK;
}
