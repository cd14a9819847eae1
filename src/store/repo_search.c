/*
 * Full-text search over search_docs / search_index (migration 0011). The
 * actor's scope is part of the WHERE clause, the same rules as the question
 * list's (repo_qa.c), so ranking and LIMIT only ever see visible rows.
 */
#include "base/compat.h"
#include "base/embedded.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct cnap_embedded cnap_store_sql[];

const char *store_search_rebuild_sql(void)
{
	return (const char *)cnap_store_sql[0].data;
}

static const char *const kind_names[CNAP_SEARCH_KIND_COUNT] = {"question", "answer", "text"};

const char *cnap_search_kind_name(enum cnap_search_kind k)
{
	return (unsigned)k < CNAP_SEARCH_KIND_COUNT ? kind_names[k] : "";
}

bool cnap_search_kind_parse(const char *s, enum cnap_search_kind *out)
{
	for (int i = 0; s && i < CNAP_SEARCH_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum cnap_search_kind)i;
			return true;
		}
	return false;
}

/*
 * The first pass: the newest matches the actor may see, read from search_docs
 * alone (the scope is copied there, migration 0011), in the index's own,
 * ascending order (the newest rows have the lowest ids) so that SQLite stops
 * at the limit, each with its rank. ?2–?3 bound the ids: a cycle, or one association's rows of
 * a cycle.
 */
#define CANDIDATES_SQL                                                                                     \
	"SELECT d.id, cnap_rank(search_index, d.chars), d.year, coalesce(d.question_id, 0), "                         \
	"coalesce(d.submission_id, 0), d.kind, d.item_key "                                                 \
	"FROM search_index JOIN search_docs d ON d.id = search_index.rowid "                               \
	"WHERE search_index MATCH ?1 AND search_index.rowid BETWEEN ?2 AND ?3 "                             \
	"AND (?4 IS NULL OR instr(?4, ',' || d.wg_id || ',') > 0) "                                          \
	"AND (?5 IS NULL OR d.item_key = ?5) AND (?6 IS NULL OR d.kind = ?6) "                              \
	"AND (?7 IS NULL OR (d.kind <> 'text' AND d.q_status = ?7)) "                                       \
	/* the scope: statuses, WGs, other reviewers' drafts, answers still in draft */                    \
	"AND (?8 IS NULL OR d.kind = 'text' OR instr(?8, ',' || d.q_status || ',') > 0) "                   \
	"AND (?9 IS NULL OR instr(?9, ',' || d.wg_id || ',') > 0) "                                          \
	"AND (?10 IS NULL OR d.kind = 'text' OR d.q_status <> 'draft' OR d.author_id = ?10) "               \
	"AND (d.kind <> 'answer' OR d.a_status <> 'draft' OR ?11) "                                         \
	"ORDER BY search_index.rowid LIMIT ?12"

/* The second pass: what a hit shows, for the page's few. */
#define HIT_SQL                                                                                           \
	"SELECT d.kind, d.year, w.code, w.name, a.code, a.name, a.industry, t.code, d.item_key, "           \
	"coalesce(q.id, 0), coalesce(q.no, 0), coalesce(q.page, 0), q.status, ans.status, "                 \
	"coalesce(sb.version, 0), d.body "                                                                   \
	"FROM search_docs d JOIN participations p ON p.id = d.participation_id JOIN wgs w ON w.id = d.wg_id " \
	"JOIN associations a ON a.id = d.association_id JOIN templates t ON t.id = p.template_id "          \
	"LEFT JOIN questions q ON q.id = d.question_id "                                                   \
	"LEFT JOIN answers ans ON ans.question_id = d.question_id AND d.kind = 'answer' "                  \
	"LEFT JOIN submissions sb ON sb.id = d.submission_id WHERE d.id = ?1"

struct candidate {
	int64_t id, question_id, submission_id;
	double score;
	int year;
	int kind;
	const char *item_key;
};

/* Best first: the rank, then the newer cycle, question and version; a row's id last (stable). */
static int by_rank(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	if (a->question_id != b->question_id)
		return a->question_id > b->question_id ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->submission_id != b->submission_id)
		return a->submission_id > b->submission_id ? -1 : 1;
	int c = strcmp(a->item_key, b->item_key);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Ids of search_docs: (9999 - year) << 40 | association << 24 | the row's place, newest lowest (migration 0011). */
#define ID_YEAR_SHIFT 40
#define ID_ASSOC_SHIFT 24
#define ID_LAST_YEAR 9999

static int64_t year_base(int year)
{
	return (int64_t)(ID_LAST_YEAR - year) << ID_YEAR_SHIFT;
}

struct scope_sql {
	const char *wgs_filter; /* ",3,7," of the WGs named by the filter's code, or NULL */
	const char *wgs_scope;  /* the same of the actor's WGs, or NULL */
	const char *statuses;
	int64_t author;         /* drafts only of this user id (-1: nobody's), 0: no restriction */
	int64_t association;    /* 0: any */
	int *years;             /* the cycles to read, newest first */
	size_t n_years;
};

/* ",id,id," of the WGs (of any cycle) whose code is in codes (",a,b,"), or "," when none is. */
static enum cnap_err wg_ids(struct cnap_store *s, const char *codes, struct cnap_arena *a, const char **out,
			    struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT ',' || coalesce(group_concat(id, ','), '') || ',' FROM wgs "
					 "WHERE instr(?1, ',' || code || ',') > 0", &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, codes);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*out = col_str(s, st, 0, a);
		rc = st_row_status(s, st, err);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static enum cnap_err resolve_scope(struct cnap_store *s, const struct cnap_search_filter *f, struct cnap_arena *a,
				   struct scope_sql *out, struct cnap_error *err)
{
	const struct cnap_question_filter *w = &f->where;
	enum cnap_err rc = CNAP_OK;
	memset(out, 0, sizeof(*out));
	if (w->visible_statuses && !(out->statuses = sql_status_list(a, w->visible_statuses)))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (w->wg_code) {
		const char *one = cnap_arena_printf(a, ",%s,", w->wg_code);
		if (!one || (rc = wg_ids(s, one, a, &out->wgs_filter, err)))
			return rc ? rc : cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	if (w->wgs_limited) {
		const char *codes = sql_comma_list(a, w->wg_codes, w->n_wg_codes);
		if (!codes || (rc = wg_ids(s, codes, a, &out->wgs_scope, err)))
			return rc ? rc : cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	if (w->drafts_of && user_id(s, w->drafts_of, &out->author, NULL))
		out->author = -1;
	if (w->association_code && (rc = association_id(s, w->association_code, &out->association, err)))
		return rc;
	struct cnap_cycle *cycles;
	size_t n;
	if ((rc = cnap_store_cycle_list(s, a, &cycles, &n, err)))
		return rc;
	if (!(out->years = cnap_arena_calloc(a, n ? n : 1, sizeof(*out->years))))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = n; i-- > 0;)
		if (!w->year || cycles[i].year == w->year)
			out->years[out->n_years++] = cycles[i].year;
	return CNAP_OK;
}

/* The candidates of one id range, appended to v (at most want of them). */
static enum cnap_err read_range(struct cnap_store *s, const struct cnap_search_filter *f, const struct scope_sql *sc,
				int64_t lo, int64_t hi, size_t want, struct cnap_arena *a, struct candidate **v,
				size_t *cap, size_t *n, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, CANDIDATES_SQL, &st, err);
	if (rc)
		return rc;
	const struct cnap_question_filter *w = &f->where;
	st_text(s, st, 1, f->match);
	st_int(s, st, 2, lo);
	st_int(s, st, 3, hi);
	st_text(s, st, 4, sc->wgs_filter);
	st_text(s, st, 5, f->item_key);
	st_text(s, st, 6, f->kind >= 0 ? cnap_search_kind_name((enum cnap_search_kind)f->kind) : NULL);
	st_text(s, st, 7, w->status >= 0 ? cnap_qstatus_name((enum cnap_qstatus)w->status) : NULL);
	st_text(s, st, 8, sc->statuses);
	st_text(s, st, 9, sc->wgs_scope);
	if (sc->author)
		st_int(s, st, 10, sc->author);
	else
		st_text(s, st, 10, NULL);
	st_int(s, st, 11, f->answer_drafts);
	st_int(s, st, 12, (int64_t)want);
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct candidate *c = ARENA_PUSH(a, *v, *cap, *n);
		if (!c) {
			st_free(s, st);
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		}
		c->id = col_int(s, st, 0);
		const char *score = col_text(s, st, 1);
		c->score = score ? strtod(score, NULL) : 0;
		c->year = (int)col_int(s, st, 2);
		c->question_id = col_int(s, st, 3);
		c->submission_id = col_int(s, st, 4);
		enum cnap_search_kind kind = CNAP_SEARCH_TEXT;
		cnap_search_kind_parse(col_text(s, st, 5), &kind);
		c->kind = (int)kind;
		c->item_key = col_str(s, st, 6, a);
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

static void read_hit(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, struct cnap_search_hit *h)
{
	memset(h, 0, sizeof(*h));
	enum cnap_search_kind kind = CNAP_SEARCH_TEXT;
	cnap_search_kind_parse(col_text(s, st, 0), &kind);
	h->kind = kind;
	h->year = (int)col_int(s, st, 1);
	h->wg_code = col_str(s, st, 2, a);
	h->wg_name = col_str(s, st, 3, a);
	h->association.code = col_str(s, st, 4, a);
	h->association.name = col_str(s, st, 5, a);
	h->association.industry = col_str(s, st, 6, a);
	h->template_code = col_str(s, st, 7, a);
	h->item_key = col_str(s, st, 8, a);
	h->question_id = col_int(s, st, 9);
	h->question_no = (int)col_int(s, st, 10);
	h->page = (int)col_int(s, st, 11);
	const char *qs = col_text(s, st, 12), *as = col_text(s, st, 13);
	if (qs)
		cnap_qstatus_parse(qs, &h->status);
	if (as)
		cnap_astatus_parse(as, &h->answer_status);
	h->version = (int)col_int(s, st, 14);
	h->body = col_str(s, st, 15, a);
}

static enum cnap_err read_hit_by_id(struct cnap_store *s, int64_t id, struct cnap_arena *a,
				    struct cnap_search_hit *h, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, HIT_SQL, &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, id);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		read_hit(s, st, a, h);
		rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err) : cnap_fail(err, CNAP_EDB, "", "search row %lld vanished", (long long)id);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_search(struct cnap_store *s, const struct cnap_search_filter *f, struct cnap_arena *a,
				struct cnap_search_page *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	if (f->where.none || f->limit == 0)
		return CNAP_OK;
	struct scope_sql sc;
	enum cnap_err rc = resolve_scope(s, f, a, &sc, err);
	if (rc)
		return rc;
	struct candidate *v = NULL;
	size_t cap = 0, n = 0, want = CNAP_SEARCH_CANDIDATES + 1;
	if (sc.association) {
		/* one association: its block of each cycle, newest first */
		for (size_t i = 0; i < sc.n_years && n < want && !rc; i++) {
			int64_t lo = year_base(sc.years[i]) | (sc.association << ID_ASSOC_SHIFT);
			rc = read_range(s, f, &sc, lo, lo + ((int64_t)1 << ID_ASSOC_SHIFT) - 1, want - n, a, &v, &cap, &n, err);
		}
	} else if (sc.n_years) {
		/* the cycles asked for: one range from the newest to the oldest */
		int64_t lo = year_base(sc.years[0]);
		int64_t hi = year_base(sc.years[sc.n_years - 1]) + ((int64_t)1 << ID_YEAR_SHIFT) - 1;
		rc = read_range(s, f, &sc, lo, hi, want, a, &v, &cap, &n, err);
	}
	if (rc)
		return rc;
	out->capped = n > CNAP_SEARCH_CANDIDATES;
	if (out->capped)
		n = CNAP_SEARCH_CANDIDATES;
	if (n)
		qsort(v, n, sizeof(*v), by_rank);
	size_t from = f->offset < n ? f->offset : n, to = from + f->limit < n ? from + f->limit : n;
	out->more = to < n;
	if (to > from && !(out->hits = cnap_arena_calloc(a, to - from, sizeof(*out->hits))))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = from; i < to; i++) {
		if ((rc = read_hit_by_id(s, v[i].id, a, &out->hits[out->n], err)))
			return rc;
		out->hits[out->n++].score = v[i].score;
	}
	return CNAP_OK;
}

enum cnap_err cnap_store_search_reindex(struct cnap_store *s, int64_t *rows, struct cnap_error *err)
{
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	int64_t n = 0;
	char after[64];
	if (!(rc = s->drv->exec(s->db, store_search_rebuild_sql(), err)) &&
	    !(rc = query_id(s, "SELECT count(*) FROM search_docs", NULL, NULL, 0, &n, err))) {
		snprintf(after, sizeof(after), "{\"rows\":%lld}", (long long)n);
		rc = audit_add(s, "search.reindex", "search", 0, NULL, after, err);
	}
	if (!rc && rows)
		*rows = n;
	return tx_leave(s, rc, err);
}
