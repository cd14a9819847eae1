/*
 * cnap survey render / attach-pdf / pages: the printed 調査票 of a version
 * (issue 12 part 3), the association's own PDF as its document of record,
 * and the page map — shown, and corrected with --set.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/pdf_read.h"
#include "usecase/survey_document.h"
#include "usecase/survey_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY_OPTS                                                                               \
	CLI_DB_OPT, CLI_AS_OPT, { "--cycle", true, "YEAR of the follow-up cycle (令和5年度 = 2023)" }, \
		{ "--wg", true, "WG code" }, { "--association", true, "association code" },             \
		{ "--version", true, "N: the version (default: the latest)" }

static const struct cli_opt_spec render_spec[] = {
	SURVEY_OPTS,
	{ "--output", true, "FILE.pdf to write (- for stdout)" },
	{ "--rendered", false, "cnap's own rendering even when the association uploaded its PDF" },
};
static const struct cli_opt_spec attach_spec[] = {
	SURVEY_OPTS,
	{ "--file", true, "FILE.pdf: the association's finished 調査票" },
};
static const struct cli_opt_spec pages_spec[] = {
	SURVEY_OPTS,
	{ "--set", true, "ITEM=PAGE[,ITEM=PAGE…]: correct the page map (II.5=12, Ⅱ．（５）=12; PAGE empty or 0: none)" },
	{ "--json", false, "the page map as JSON" },
};

static bool survey_args(struct cli_ctx *c, int *year, const char **wg, const char **assoc, long *version)
{
	*version = 0;
	return cli_need_year(c, year) && cli_need(c, "--wg", wg) && cli_need(c, "--association", assoc) &&
	       cli_int(&c->args, "--version", 1, 9999, version);
}

int cmd_survey_render(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE [--version N] --output FILE.pdf "
			       "[--rendered] [--as LOGIN]";
	if (!cli_begin(&c, "survey render", argc, argv, render_spec, CNAP_ARRAY_LEN(render_spec), synopsis, 0, &code))
		return code;
	const char *wg, *assoc, *output;
	long version;
	if (!survey_args(&c, &year, &wg, &assoc, &version) || !cli_need(&c, "--output", &output)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_buf pdf;
	cnap_buf_init(&pdf, 0);
	bool of_record = false;
	const char *filename = NULL;
	enum cnap_err rc = cnap_uc_survey_pdf(c.store, &c.actor, year, wg, assoc, (int)version,
					      cli_flag(&c.args, "--rendered"), &c.arena, &pdf, &of_record, &filename, &err);
	if (!rc)
		rc = cli_write_file(output, pdf.data ? pdf.data : "", pdf.len, &err);
	if (rc) {
		code = cli_error(c.command, &err);
	} else {
		if (strcmp(output, "-") != 0)
			fprintf(stderr, of_record ? "団体が提出したPDF（%s）を %s に書き出しました\n"
						  : "調査票（%s）を %s に書き出しました\n",
				filename ? filename : "", output);
		code = EXIT_OK;
	}
	cnap_buf_release(&pdf);
	cli_end(&c);
	return code;
}

int cmd_survey_attach_pdf(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis =
		"--db PATH --cycle YEAR --wg CODE --association CODE [--version N] --file FILE.pdf [--as LOGIN]";
	if (!cli_begin(&c, "survey attach-pdf", argc, argv, attach_spec, CNAP_ARRAY_LEN(attach_spec), synopsis, 0,
		       &code))
		return code;
	const char *wg, *assoc, *file;
	long version;
	if (!survey_args(&c, &year, &wg, &assoc, &version) || !cli_need(&c, "--file", &file)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	char *data = NULL;
	size_t len = 0;
	struct cnap_uc_attached res;
	enum cnap_err rc = cli_read_file(file, CNAP_PDF_MAX_BYTES, &c.arena, &data, &len, &err);
	if (rc == CNAP_ETOOBIG)
		cnap_fail(&err, rc, "--file", "PDFが大きすぎます（%zu MBまで）: %s", CNAP_PDF_MAX_BYTES >> 20, file);
	if (!rc)
		rc = cnap_uc_document_attach(c.store, &c.actor, year, wg, assoc, (int)version, file, data, len, &res, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		fprintf(stderr, "cnap %s: 登録しませんでした。データベースは変更していません。\n", c.command);
		cli_end(&c);
		return code;
	}
	printf("第%d版の提出PDF（%dページ）を登録しました。%zu項目中%zu項目の見出しが見つかりました", res.version,
	       res.n_pages, res.n_items, res.n_found);
	if (res.printed && res.offset)
		printf("（ページ番号は印刷された番号、ファイルの%dページ目が1ページ）", res.offset + 1);
	printf("。\n");
	if (res.n_found < res.n_items)
		printf("見つからなかった項目は `cnap survey pages --set 項目=ページ` で直してください。\n");
	cli_end(&c);
	return EXIT_OK;
}

/* "II.5=12,Ⅱ．（６）=14": each into a page ref; false (after a message) on a bad one. */
static bool parse_set(struct cli_ctx *c, const struct cnap_template *t, const char *spec, struct cnap_page_ref **out,
		      size_t *n)
{
	size_t cap = 1;
	for (const char *p = spec; *p; p++)
		cap += *p == ',';
	*out = cnap_arena_calloc(&c->arena, cap, sizeof(**out));
	*n = 0;
	char *copy = cnap_arena_strdup(&c->arena, spec);
	if (!*out || !copy)
		return false;
	for (char *tok = copy, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		char *eq = strrchr(tok, '=');
		if (!*tok && next)
			continue;
		if (!eq) {
			fprintf(stderr, "cnap %s: --set: 「%s」は 項目=ページ の形ではありません\n", c->command, tok);
			return false;
		}
		*eq = '\0';
		const struct cnap_survey_item *it = cnap_template_item_find(&c->arena, t, tok);
		if (!it) {
			fprintf(stderr, "cnap %s: --set: 「%s」という項目はこの団体の調査票にありません\n", c->command, tok);
			return false;
		}
		char *end;
		long page = eq[1] ? strtol(eq + 1, &end, 10) : 0;
		if ((eq[1] && *end) || page < 0 || page > CNAP_MAX_PAGE) {
			fprintf(stderr, "cnap %s: --set: 「%s」のページ「%s」は 1〜%d の数ではありません\n", c->command, tok,
				eq + 1, CNAP_MAX_PAGE);
			return false;
		}
		(*out)[(*n)++] = (struct cnap_page_ref){ .item_key = it->key, .page = (int)page };
	}
	return true;
}

static json_t *page_map_json(const struct cnap_uc_page_map *m)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < m->n_rows; i++) {
		const struct cnap_uc_page_row *r = &m->rows[i];
		json_t *o = json_pack("{s:s, s:s, s:s}", "item", r->item->key, "number", r->number, "title", r->title);
		if (o && r->page)
			json_object_set_new(o, "page", json_integer(r->page));
		if (o && m->has_document)
			json_object_set_new(o, "found", r->found ? json_integer(r->found) : json_null());
		if (!o || json_array_append_new(items, o)) {
			json_decref(items);
			return NULL;
		}
	}
	json_t *doc = m->has_document ? json_pack("{s:s, s:I, s:s, s:s*, s:s*}", "filename", m->doc.filename, "size",
						  (json_int_t)m->doc.size, "sha256", m->doc.sha256, "uploaded_by",
						  m->doc.uploaded_by, "uploaded_at", m->doc.uploaded_at)
				      : json_null();
	return json_pack("{s:i, s:o*, s:o*}", "version", m->version, "document", doc, "items", items);
}

int cmd_survey_pages(int argc, char **argv)
{
	struct cli_ctx c;
	int code, year = 0;
	const char *synopsis = "--db PATH --cycle YEAR --wg CODE --association CODE [--version N] "
			       "[--set ITEM=PAGE[,…]] [--json] [--as LOGIN]";
	if (!cli_begin(&c, "survey pages", argc, argv, pages_spec, CNAP_ARRAY_LEN(pages_spec), synopsis, 0, &code))
		return code;
	const char *wg, *assoc, *set = cli_str(&c.args, "--set");
	long version;
	if (!survey_args(&c, &year, &wg, &assoc, &version)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_uc_page_map m;
	enum cnap_err rc = cnap_uc_page_map_load(c.store, &c.actor, year, wg, assoc, (int)version, &c.arena, &m, &err);
	if (!rc && set) {
		struct cnap_page_ref *pages;
		size_t n;
		if (!parse_set(&c, &m.o.tmpl, set, &pages, &n)) {
			cli_end(&c);
			return EXIT_USAGE;
		}
		if (!(rc = cnap_uc_page_map_correct(c.store, &c.actor, year, wg, assoc, m.version, pages, n, &err))) {
			fprintf(stderr, "第%d版のページを%zu項目直しました\n", m.version, n);
			rc = cnap_uc_page_map_load(c.store, &c.actor, year, wg, assoc, m.version, &c.arena, &m, &err);
		}
	}
	if (rc) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	if (cli_flag(&c.args, "--json")) {
		code = cli_print_json(page_map_json(&m)) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	printf("第%d版の頁番号（%s）\n", m.version,
	       m.has_document ? "団体が提出したPDFから見つけたもの" : "cnapの調査票の組版から計算したもの");
	for (size_t i = 0; i < m.n_rows; i++) {
		const struct cnap_uc_page_row *r = &m.rows[i];
		char page[32];
		if (r->page)
			snprintf(page, sizeof(page), "P.%d", r->page);
		else
			snprintf(page, sizeof(page), "%s", m.has_document ? "見つかりません" : "－");
		printf("%-14s %-8s ", r->item->key, page);
		printf("%s%s%s\n", r->number, r->title, r->corrected ? "（修正）" : "");
	}
	cli_end(&c);
	return EXIT_OK;
}
