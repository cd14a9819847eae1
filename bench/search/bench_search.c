/*
 * The search benchmark (bench/search/run.sh; docs/performance.md "## Search"):
 * on one database, in one process, for every query of QUERIES (lines
 * "class TAB query"), times cnap's search against a LIKE '%…%' scan of the
 * same rows, for two actors: the secretariat (the CLI's system actor) and
 * one association's user (ASSOCIATION_LOGIN).
 *
 *   bench_search DB QUERIES OUTDIR ROUNDS CNAP_REPS SCAN_REPS ASSOCIATION_LOGIN
 *
 * cnap: cnap_uc_search, limit 20, as the CLI and the web call it (words, the
 * scope in SQL, the newest 1,000 matches ranked, snippets). The scan: search_docs.body
 * LIKE '%word%' for every word, joined with the same visibility (the
 * association: its own participations, the statuses it may see, its own
 * answer drafts; the secretariat: every answer but drafts), newest first,
 * LIMIT 20, every column read; a statement prepared once per query. Each
 * round, per query and actor: one untimed call of each, then CNAP_REPS cnap
 * calls and SCAN_REPS scans. Wall (CLOCK_MONOTONIC) and CPU time
 * (CLOCK_THREAD_CPUTIME_ID) of every call go to OUTDIR/timings.txt as
 * "cnap|scan secretariat|association QUERY_INDEX WALL_MS CPU_MS".
 *
 * Checked once, before the rounds (OUTDIR/checks.txt; exit 1 on a failure):
 * the search_docs ids an FTS5 MATCH finds (no scope, no LIMIT) are those the
 * LIKE scan finds; both sides return as many hits (at most 20) for each
 * actor; every hit of the association is its own.
 */
#include "base/compat.h"
#include "base/bigram.h"
#include "store/search_fts.h"
#include "usecase/accounts.h"
#include "usecase/search.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUERIES 64
#define MAX_WORDS 4
#define LIMIT 20

struct query {
	char cls[512], text[512];
	char *words[MAX_WORDS];
	size_t n_words;
	bool ascii; /* has an ASCII letter or digit: LIKE folds ASCII case only, cnap NFKC as well */
};

enum actor_kind { SECRETARIAT, ASSOCIATION, ACTORS };
static const char *const actor_names[ACTORS] = {"secretariat", "association"};

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static size_t read_queries(const char *path, struct query *q)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[512];
	size_t n = 0;
	while (n < MAX_QUERIES && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		struct query *x = &q[n++];
		memset(x, 0, sizeof *x);
		snprintf(x->cls, sizeof x->cls, "%s", line);
		snprintf(x->text, sizeof x->text, "%s", tab + 1);
		char *copy = cnap_strdup(x->text), *save = NULL;
		for (char *w = strtok_r(copy, " ", &save); w && x->n_words < MAX_WORDS; w = strtok_r(NULL, " ", &save))
			x->words[x->n_words++] = w;
		for (const char *p = x->text; *p; p++)
			x->ascii |= (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
	}
	fclose(f);
	return n;
}

/* The peer: a scan of every body, the visibility of the actor, newest first. */
static sqlite3_stmt *scan_statement(sqlite3 *db, const struct query *q, enum actor_kind who)
{
	char sql[4096];
	size_t n = (size_t)snprintf(
		sql, sizeof sql,
		"SELECT d.kind, c.year, w.code, w.name, a.code, a.name, a.industry, t.code, d.item_key, "
		"coalesce(q.id, 0), coalesce(q.no, 0), coalesce(q.page, 0), q.status, ans.status, "
		"coalesce(sb.version, 0), d.body "
		"FROM search_docs d JOIN participations p ON p.id = d.participation_id JOIN wgs w ON w.id = p.wg_id "
		"JOIN cycles c ON c.id = w.cycle_id JOIN associations a ON a.id = p.association_id "
		"JOIN templates t ON t.id = p.template_id LEFT JOIN questions q ON q.id = d.question_id "
		"LEFT JOIN answers ans ON ans.question_id = d.question_id AND d.kind = 'answer' "
		"LEFT JOIN submissions sb ON sb.id = d.submission_id WHERE 1");
	for (size_t i = 0; i < q->n_words; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND d.body LIKE ?%zu", i + 1);
	if (who == ASSOCIATION)
		n += (size_t)snprintf(sql + n, sizeof sql - n,
				      " AND a.code = ?%zu AND (d.kind = 'text' OR q.status IN "
				      "('sent', 'answered', 'accepted', 'published'))",
				      q->n_words + 1);
	else
		n += (size_t)snprintf(sql + n, sizeof sql - n, " AND (d.kind <> 'answer' OR ans.status <> 'draft')");
	snprintf(sql + n, sizeof sql - n, " ORDER BY c.year DESC, d.id DESC LIMIT %d", LIMIT);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	return st;
}

static void scan_bind(sqlite3_stmt *st, const struct query *q, const char *association)
{
	for (size_t i = 0; i < q->n_words; i++) {
		char *pat = sqlite3_mprintf("%%%s%%", q->words[i]);
		sqlite3_bind_text(st, (int)i + 1, pat, -1, sqlite3_free);
	}
	if (association)
		sqlite3_bind_text(st, (int)q->n_words + 1, association, -1, SQLITE_STATIC);
}

/* One scan: every row and column read, as a caller would. Returns the rows. */
static size_t scan_run(sqlite3_stmt *st, size_t *bytes)
{
	size_t rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows++;
		for (int c = 0; c < sqlite3_column_count(st); c++)
			if (sqlite3_column_type(st, c) == SQLITE_TEXT)
				*bytes += (size_t)sqlite3_column_bytes(st, c);
	}
	sqlite3_reset(st);
	return rows;
}

static size_t cnap_run(struct cnap_store *s, const struct cnap_actor *actor, const struct query *q,
		       const char *own, bool *foreign)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_search_request req = {.q = q->text, .kind = -1, .status = -1, .limit = LIMIT};
	struct cnap_search_result res;
	struct cnap_error err = {0};
	if (cnap_uc_search(s, actor, &req, &a, &res, &err)) {
		fprintf(stderr, "bench_search: cnap search 「%s」: %s\n", q->text, err.message);
		exit(1);
	}
	for (size_t i = 0; own && foreign && i < res.n_hits; i++)
		*foreign |= strcmp(res.hits[i].hit.association.code, own) != 0;
	size_t n = res.n_hits;
	cnap_arena_release(&a);
	return n;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The ids of a statement's first column, sorted. */
static int64_t *ids_of(sqlite3_stmt *st, size_t *n)
{
	size_t cap = 1024;
	int64_t *v = cnap_calloc(cap, sizeof *v);
	*n = 0;
	while (v && sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			v = cnap_realloc(v, cap * sizeof *v);
			if (!v)
				break;
		}
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (!v) {
		fprintf(stderr, "bench_search: out of memory\n");
		exit(1);
	}
	qsort(v, *n, sizeof *v, cmp_id);
	return v;
}

/* FTS5 against LIKE, the whole table, no scope: the same ids? Returns false when not. */
static bool check_sets(sqlite3 *db, const struct query *q, FILE *out)
{
	char match[512] = "", like[1024] = "SELECT id FROM search_docs WHERE 1";
	size_t m = 0, l = strlen(like);
	/* As usecase/search.c builds it: each folded word quoted, all required (a lone character is a term). */
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char **folded;
	size_t n_folded;
	if (!cnap_query_runs(q->text, strlen(q->text), MAX_WORDS, &a, &folded, &n_folded, NULL))
		exit(1);
	for (size_t i = 0; i < n_folded; i++)
		m += (size_t)snprintf(match + m, sizeof match - m, "%s\"%s\"", i ? " AND " : "", folded[i]);
	cnap_arena_release(&a);
	for (size_t i = 0; i < q->n_words; i++)
		l += (size_t)snprintf(like + l, sizeof like - l, " AND body LIKE ?%zu", i + 1);
	sqlite3_stmt *fts = NULL, *scan = NULL;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM search_index WHERE search_index MATCH ?1", -1, &fts, NULL) ||
	    sqlite3_prepare_v2(db, like, -1, &scan, NULL)) {
		fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_bind_text(fts, 1, match, -1, SQLITE_STATIC);
	scan_bind(scan, q, NULL);
	size_t nf, nl;
	int64_t *f = ids_of(fts, &nf), *s = ids_of(scan, &nl);
	bool same = nf == nl && (nf == 0 || memcmp(f, s, nf * sizeof *f) == 0);
	size_t only_fts = 0, only_like = 0;
	for (size_t i = 0, j = 0; i < nf || j < nl;) {
		if (j == nl || (i < nf && f[i] < s[j]))
			only_fts++, i++;
		else if (i == nf || s[j] < f[i])
			only_like++, j++;
		else
			i++, j++;
	}
	fprintf(out, "set %s %zu %zu %zu %zu %s\n", q->ascii ? "ascii" : "cjk", nf, nl, only_fts, only_like,
		same ? "same" : q->ascii ? "differ" : "FAIL");
	free(f);
	free(s);
	return same || q->ascii;
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: bench_search DB QUERIES OUTDIR ROUNDS CNAP_REPS SCAN_REPS ASSOCIATION_LOGIN\n");
		return 2;
	}
	struct query q[MAX_QUERIES];
	size_t nq = read_queries(argv[2], q);
	int rounds = (int)strtol(argv[4], NULL, 10), cnap_reps = (int)strtol(argv[5], NULL, 10),
	    scan_reps = (int)strtol(argv[6], NULL, 10);
	if (!nq || rounds < 1 || cnap_reps < 1 || scan_reps < 1)
		return 2;
	struct cnap_store *s;
	struct cnap_error err = {0};
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_actor actors[ACTORS] = {{.login = "cli:bench", .role = CNAP_ROLE_SECRETARIAT, .system = true}};
	if (cnap_store_open(argv[1], 0, &s, &err) || cnap_uc_actor_load(s, argv[7], &a, &actors[ASSOCIATION], &err)) {
		fprintf(stderr, "bench_search: %s\n", err.message);
		return 1;
	}
	const char *own = actors[ASSOCIATION].association_code;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    cnap_search_fts_register(db) != SQLITE_OK) {
		fprintf(stderr, "bench_search: %s\n", db ? sqlite3_errmsg(db) : "cannot open");
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/checks.txt", argv[3]);
	FILE *checks = fopen(path, "w");
	snprintf(path, sizeof path, "%s/timings.txt", argv[3]);
	FILE *times = fopen(path, "a");
	if (!checks || !times)
		return 1;
	sqlite3_stmt *scans[MAX_QUERIES][ACTORS];
	bool ok = true;
	for (size_t i = 0; i < nq; i++) {
		fprintf(checks, "query %zu ", i);
		ok &= check_sets(db, &q[i], checks);
		for (int w = 0; w < ACTORS; w++) {
			scans[i][w] = scan_statement(db, &q[i], (enum actor_kind)w);
			scan_bind(scans[i][w], &q[i], w == ASSOCIATION ? own : NULL);
			bool foreign = false;
			size_t bytes = 0, hc = cnap_run(s, &actors[w], &q[i], w == ASSOCIATION ? own : NULL, &foreign);
			size_t hs = scan_run(scans[i][w], &bytes);
			bool good = hc == hs && !foreign;
			fprintf(checks, "query %zu hits %s %zu %zu%s %s\n", i, actor_names[w], hc, hs,
				foreign ? " another-association's" : "", good ? "same" : "FAIL");
			ok &= good;
		}
	}
	fflush(checks);
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < nq; i++) {
			for (int w = 0; w < ACTORS; w++) {
				size_t bytes = 0;
				cnap_run(s, &actors[w], &q[i], NULL, NULL); /* warm-up */
				scan_run(scans[i][w], &bytes);
				for (int k = 0; k < cnap_reps; k++) {
					struct timespec t0, t1, c0, c1;
					clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
					clock_gettime(CLOCK_MONOTONIC, &t0);
					cnap_run(s, &actors[w], &q[i], NULL, NULL);
					clock_gettime(CLOCK_MONOTONIC, &t1);
					clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
					fprintf(times, "cnap %s %zu %.4f %.4f\n", actor_names[w], i, ms_between(&t0, &t1),
						ms_between(&c0, &c1));
				}
				for (int k = 0; k < scan_reps; k++) {
					struct timespec t0, t1, c0, c1;
					clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
					clock_gettime(CLOCK_MONOTONIC, &t0);
					scan_run(scans[i][w], &bytes);
					clock_gettime(CLOCK_MONOTONIC, &t1);
					clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
					fprintf(times, "scan %s %zu %.4f %.4f\n", actor_names[w], i, ms_between(&t0, &t1),
						ms_between(&c0, &c1));
				}
			}
			fflush(times);
			printf("round %d: %s「%s」\n", r + 1, q[i].cls, q[i].text);
			fflush(stdout);
		}
	}
	for (size_t i = 0; i < nq; i++)
		for (int w = 0; w < ACTORS; w++)
			sqlite3_finalize(scans[i][w]);
	fclose(times);
	fclose(checks);
	sqlite3_close(db);
	cnap_store_close(s);
	cnap_arena_release(&a);
	if (!ok)
		fprintf(stderr, "bench_search: a check failed (%s/checks.txt)\n", argv[3]);
	return ok ? 0 : 1;
}
