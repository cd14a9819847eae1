/*
 * Full-text search over search_docs / search_index (migration 0011). The
 * actor's scope is part of the WHERE clause, the same rules as the question
 * list's (repo_qa.c), so ranking and LIMIT only ever see visible rows.
 */
#include "base/compat.h"
#include "base/embedded.h"
#include "store/store_int.h"

#include <stdio.h>
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

#define SEARCH_SQL                                                                                        \
	"SELECT d.kind, c.year, w.code, w.name, a.code, a.name, a.industry, t.code, d.item_key, "          \
	"coalesce(q.id, 0), coalesce(q.no, 0), coalesce(q.page, 0), q.status, ans.status, "                \
	"coalesce(sb.version, 0), d.body, bm25(search_index) AS score "                                     \
	"FROM search_index JOIN search_docs d ON d.id = search_index.rowid "                               \
	"JOIN participations p ON p.id = d.participation_id JOIN wgs w ON w.id = p.wg_id "                 \
	"JOIN cycles c ON c.id = w.cycle_id JOIN associations a ON a.id = p.association_id "               \
	"JOIN templates t ON t.id = p.template_id "                                                        \
	"LEFT JOIN questions q ON q.id = d.question_id "                                                   \
	"LEFT JOIN answers ans ON ans.question_id = d.question_id AND d.kind = 'answer' "                  \
	"LEFT JOIN users u ON u.id = q.author_id "                                                         \
	"LEFT JOIN submissions sb ON sb.id = d.submission_id "                                             \
	"WHERE search_index MATCH ?1 "                                                                      \
	"AND (?2 = 0 OR c.year = ?2) AND (?3 IS NULL OR w.code = ?3) AND (?4 IS NULL OR a.code = ?4) "     \
	"AND (?5 IS NULL OR d.item_key = ?5) AND (?6 IS NULL OR d.kind = ?6) "                             \
	"AND (?7 IS NULL OR (d.kind <> 'text' AND q.status = ?7)) "                                        \
	/* the scope: statuses, WGs, other reviewers' drafts, answers still in draft */                    \
	"AND (?8 IS NULL OR d.kind = 'text' OR instr(?8, ',' || q.status || ',') > 0) "                    \
	"AND (?9 IS NULL OR instr(?9, ',' || w.code || ',') > 0) "                                         \
	"AND (?10 IS NULL OR d.kind = 'text' OR q.status <> 'draft' OR u.login = ?10) "                    \
	"AND (d.kind <> 'answer' OR ans.status <> 'draft' OR ?11) "                                        \
	"ORDER BY score, c.year DESC, d.id DESC LIMIT ?12 OFFSET ?13"

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
	const char *score = col_text(s, st, 16);
	h->score = score ? strtod(score, NULL) : 0;
}

enum cnap_err cnap_store_search(struct cnap_store *s, const struct cnap_search_filter *f, struct cnap_arena *a,
				struct cnap_search_hit **out, size_t *n, bool *more, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	*more = false;
	const struct cnap_question_filter *w = &f->where;
	if (w->none || f->limit == 0)
		return CNAP_OK;
	const char *statuses = w->visible_statuses ? sql_status_list(a, w->visible_statuses) : NULL;
	const char *wgs = w->wgs_limited ? sql_comma_list(a, w->wg_codes, w->n_wg_codes) : NULL;
	if ((w->visible_statuses && !statuses) || (w->wgs_limited && !wgs))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, SEARCH_SQL, &st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, f->match);
	st_int(s, st, 2, w->year);
	st_text(s, st, 3, w->wg_code);
	st_text(s, st, 4, w->association_code);
	st_text(s, st, 5, f->item_key);
	st_text(s, st, 6, f->kind >= 0 ? cnap_search_kind_name((enum cnap_search_kind)f->kind) : NULL);
	st_text(s, st, 7, w->status >= 0 ? cnap_qstatus_name((enum cnap_qstatus)w->status) : NULL);
	st_text(s, st, 8, statuses);
	st_text(s, st, 9, wgs);
	st_text(s, st, 10, w->drafts_of);
	st_int(s, st, 11, f->answer_drafts);
	st_int(s, st, 12, (int64_t)f->limit + 1); /* one more tells whether there are more */
	st_int(s, st, 13, (int64_t)f->offset);
	struct cnap_search_hit *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		if (count == f->limit) {
			*more = true;
			break;
		}
		struct cnap_search_hit *h = ARENA_PUSH(a, v, cap, count);
		if (!h) {
			st_free(s, st);
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		}
		read_hit(s, st, a, h);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
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
