/* cnap search: full-text search across questions, answers and survey texts (usecase/search.h). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/search.h"

#include <stdio.h>
#include <string.h>

static const char *kind_label(enum cnap_search_kind k)
{
	switch (k) {
	case CNAP_SEARCH_QUESTION:
		return "質問";
	case CNAP_SEARCH_ANSWER:
		return "回答";
	default:
		return "調査票";
	}
}

/* The snippet's plain text and, in code points of it, where each hit starts and ends. */
static json_t *snippet_json(const struct cnap_snippet *sn, struct cnap_arena *a, json_t **marks)
{
	size_t *v, n;
	const char *text = cnap_snippet_text(sn, a, &v, &n);
	*marks = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*marks, json_pack("[II]", (json_int_t)v[2 * i], (json_int_t)v[2 * i + 1]));
	return text ? json_string(text) : NULL;
}

static json_t *hit_json(const struct cnap_search_result_hit *r, struct cnap_arena *a)
{
	const struct cnap_search_hit *h = &r->hit;
	json_t *marks;
	json_t *snippet = snippet_json(&r->snippet, a, &marks);
	if (!snippet || !marks) {
		json_decref(snippet);
		json_decref(marks);
		return NULL;
	}
	json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "kind",
			      cnap_search_kind_name(h->kind), "cycle", h->year, "wg", h->wg_code, "wg_name", h->wg_name,
			      "association", h->association.code, "association_name", h->association.name, "item",
			      h->item_key, "item_number", r->item_number, "item_title", r->item_title, "snippet",
			      snippet, "marks", marks);
	if (!o)
		return NULL;
	if (h->kind == CNAP_SEARCH_TEXT) {
		json_object_set_new(o, "version", json_integer(h->version));
	} else {
		json_object_set_new(o, "question_id", json_integer(h->question_id));
		json_object_set_new(o, "question_no", json_integer(h->question_no));
		json_object_set_new(o, "page", json_integer(h->page));
		json_object_set_new(o, "status", json_string(cnap_qstatus_name(h->status)));
	}
	return o;
}

static bool print_hit(size_t no, const struct cnap_search_result_hit *r, struct cnap_arena *a)
{
	const struct cnap_search_hit *h = &r->hit;
	char year[64];
	if (!cnap_jp_era_fiscal_year(h->year, false, year, sizeof(year)))
		snprintf(year, sizeof(year), "%d年度", h->year);
	printf("%zu. %s　%s　%s　%s　%s%s%s", no, kind_label(h->kind), year, h->wg_name, h->association.name,
	       r->item_number, *r->item_number ? " " : "", r->item_title);
	if (h->kind == CNAP_SEARCH_TEXT)
		printf("（第%d版）\n", h->version);
	else
		printf("　No.%d（P.%d）　%s　[ID %lld]\n", h->question_no, h->page, cnap_qstatus_label_ja(h->status),
		       (long long)h->question_id);
	const char *s = cnap_snippet_join(&r->snippet, "〖", "〗", a);
	if (s)
		printf("   %s\n", s);
	return s != NULL;
}

static int out_of_memory(struct cli_ctx *c)
{
	fprintf(stderr, "cnap %s: error: out of memory\n", c->command);
	cli_end(c);
	return EXIT_FAILURE_INTERNAL;
}

static int reindex(struct cli_ctx *c)
{
	struct cnap_error err = {0};
	int64_t rows = 0;
	enum cnap_err rc = cnap_uc_search_reindex(c->store, &c->actor, &rows, &err);
	if (!rc)
		printf("検索索引を作り直しました（%lld件）\n", (long long)rows);
	int code = rc ? cli_error(c->command, &err) : EXIT_OK;
	cli_end(c);
	return code;
}

static bool read_request(struct cli_ctx *c, struct cnap_search_request *req)
{
	long v;
	const char *kind = cli_str(&c->args, "--kind"), *status = cli_str(&c->args, "--status");
	enum cnap_search_kind k;
	enum cnap_qstatus qs;
	req->q = cli_str(&c->args, "--q");
	req->wg_code = cli_str(&c->args, "--wg");
	req->association_code = cli_str(&c->args, "--association");
	req->item = cli_str(&c->args, "--item");
	req->kind = req->status = -1;
	if (cli_str(&c->args, "--cycle")) {
		if (!cli_int(&c->args, "--cycle", 1900, 9999, &v))
			return false;
		req->year = (int)v;
	}
	if (kind) {
		if (!cnap_search_kind_parse(kind, &k)) {
			fprintf(stderr, "cnap %s: unknown --kind '%s' (question, answer or text)\n", c->command, kind);
			return false;
		}
		req->kind = (int)k;
	}
	if (status) {
		if (!cnap_qstatus_parse(status, &qs)) {
			fprintf(stderr, "cnap %s: unknown --status '%s'\n", c->command, status);
			return false;
		}
		req->status = (int)qs;
	}
	if (cli_str(&c->args, "--limit")) {
		if (!cli_int(&c->args, "--limit", 1, CNAP_SEARCH_MAX_LIMIT, &v))
			return false;
		req->limit = (size_t)v;
	}
	if (cli_str(&c->args, "--offset")) {
		if (!cli_int(&c->args, "--offset", 0, CNAP_SEARCH_MAX_OFFSET, &v))
			return false;
		req->offset = (size_t)v;
	}
	if (!req->q) {
		fprintf(stderr, "cnap %s: --q TEXT is required (or --reindex)\n", c->command);
		return false;
	}
	return true;
}

int cmd_search(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT,
		CLI_AS_OPT,
		{"--q", true, "the words to find (all of them; one or two characters are enough: 根拠, 目標)"},
		{"--cycle", true, "only this cycle YEAR (default: every cycle)"},
		{"--wg", true, "only this WG"},
		{"--association", true, "only this association"},
		{"--item", true, "only this survey item (II.5 or Ⅱ．（５）)"},
		{"--kind", true, "only questions, answers or survey texts (question, answer, text)"},
		{"--status", true, "only questions in this status (draft, submitted, approved, sent, answered, ...)"},
		{"--limit", true, "at most N hits (default 20, at most 100)"},
		{"--offset", true, "skip the first N hits (the next page)"},
		{"--reindex", false, "rebuild the search index from the stored questions, answers and texts"},
		{"--json", false, "print JSON"},
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "search", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --q TEXT [--as LOGIN] [--cycle YEAR] [--wg CODE] [--association CODE] [--item ITEM] "
		       "[--kind KIND] [--status STATUS] [--limit N] [--offset N] [--json] | --db PATH --reindex",
		       0, &code))
		return code;
	if (cli_flag(&c.args, "--reindex"))
		return reindex(&c);
	struct cnap_search_request req = {0};
	if (!read_request(&c, &req)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_search_result res;
	struct cnap_error err = {0};
	enum cnap_err rc = cnap_uc_search(c.store, &c.actor, &req, &c.arena, &res, &err);
	if (rc) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	if (cli_flag(&c.args, "--json")) {
		json_t *hits = json_array(), *words = json_array();
		for (size_t i = 0; i < res.n_words; i++)
			json_array_append_new(words, json_string(res.words[i]));
		for (size_t i = 0; i < res.n_hits; i++) {
			json_t *h = hit_json(&res.hits[i], &c.arena);
			if (!h) {
				json_decref(hits);
				json_decref(words);
				return out_of_memory(&c);
			}
			json_array_append_new(hits, h);
		}
		json_t *o = json_pack("{s:s, s:o, s:I, s:I, s:b, s:b, s:o}", "q", req.q, "words", words, "dropped_words",
				      (json_int_t)res.dropped_words, "offset", (json_int_t)req.offset, "more", res.more,
				      "capped", res.capped, "hits", hits);
		if (!o)
			return out_of_memory(&c);
		code = cli_print_json(o) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	if (res.dropped_words)
		printf("検索語が多いため、最初の%d語で検索しました。\n", CNAP_SEARCH_MAX_WORDS);
	if (res.capped)
		printf("一致するものが多いため、新しいものから%d件を一致の度合いの順に並べています（--cycle や --association で絞り込むと、より古いものも探せます）。\n",
		       CNAP_SEARCH_CANDIDATES);
	if (res.n_hits == 0)
		printf("「%s」に一致するものはありません。\n", req.q);
	else
		printf("「%s」の検索結果: %zu件%s%s\n", req.q, res.n_hits, req.offset ? "（続き）" : "",
		       res.more ? "（さらにあります: --offset で続きを表示）" : "");
	for (size_t i = 0; i < res.n_hits; i++)
		if (!print_hit(req.offset + i + 1, &res.hits[i], &c.arena))
			return out_of_memory(&c);
	cli_end(&c);
	return EXIT_OK;
}
