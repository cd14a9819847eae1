#include "base/compat.h"
#include "base/embedded.h"
#include "base/testhook.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern const struct cnap_embedded cnap_migrations[];

const char *cnap_store_now(struct cnap_store *s)
{
	time_t t;
	if (!cnap_testhook_fixed_now(&t))
		t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(s->now, sizeof(s->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return s->now;
}

int cnap_store_schema_version(void)
{
	int n = 0;
	while (cnap_migrations[n].name)
		n++;
	return n;
}

void cnap_store_set_actor(struct cnap_store *s, const char *actor)
{
	snprintf(s->actor, sizeof(s->actor), "%s", actor && *actor ? actor : "unknown");
}

static enum cnap_err migrate(struct cnap_store *s, int64_t from, struct cnap_error *err)
{
	enum cnap_err rc = s->drv->exec(s->db, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	int64_t version = 0;
	for (size_t i = 0; cnap_migrations[i].name; i++) {
		version = (int64_t)i + 1;
		if (version <= from)
			continue;
		rc = s->drv->exec(s->db, (const char *)cnap_migrations[i].data, err);
		/* The search index of a database that already has rows is filled from them once. */
		if (!rc && from > 0 && strcmp(cnap_migrations[i].name, "0011_search.sql") == 0)
			rc = s->drv->exec(s->db, store_search_rebuild_sql(), err);
		/* The trail kept so far is chained once, as it stands (migration 0012). */
		if (!rc && from > 0 && strcmp(cnap_migrations[i].name, "0012_audit_chain.sql") == 0)
			rc = audit_chain_fill(s, err);
		if (rc)
			goto fail;
	}
	if ((rc = s->drv->set_schema(s->db, CNAP_APPLICATION_ID, version, err)))
		goto fail;
	/* A new schema may show the same rows differently: readers of an older one must not keep their pages. */
	if ((rc = s->drv->exec(s->db, "UPDATE " CNAP_DB_CHANGE_TABLE " SET n = n + 1", err)))
		goto fail;
	return s->drv->exec(s->db, "COMMIT", err);
fail:
	s->drv->exec(s->db, "ROLLBACK", NULL);
	return rc;
}

enum cnap_err cnap_store_open(const char *path, unsigned flags, struct cnap_store **out,
			      struct cnap_error *err)
{
	if (!path || !*path)
		return cnap_fail(err, CNAP_EINVAL, "db", "the database path is empty");
	struct stat sb;
	bool creating = false;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return cnap_fail(err, CNAP_EIO, "db", "'%s' is a folder, not a database file", path);
		if (!S_ISREG(sb.st_mode))
			return cnap_fail(err, CNAP_EFORMAT, "db", "'%s' is not a regular file", path);
		if (sb.st_size == 0 && !(flags & CNAP_STORE_CREATE))
			return cnap_fail(err, CNAP_EFORMAT, "db",
					 "'%s' is an empty file, not a cnap database",
					 path);
	} else if (flags & CNAP_STORE_CREATE) {
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
				return cnap_fail(err, CNAP_ENOTFOUND, "db", "the folder '%s' does not exist", dir);
		}
		creating = true;
	}
	struct cnap_store *s = cnap_calloc(1, sizeof(*s));
	if (!s)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	s->drv = &cnap_db_sqlite;
	cnap_store_set_actor(s, "system");
	if ((creating && !(s->created_path = cnap_strdup(path))) || !(s->path = cnap_strdup(path))) {
		free(s->created_path);
		free(s);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	enum cnap_err rc = s->drv->open(path, flags & CNAP_STORE_CREATE, &s->db, err);
	if (rc) {
		if (rc == CNAP_ENOTFOUND)
			cnap_fail(err, rc, "db", "database '%s' does not exist", path);
		s->db = NULL;
		cnap_store_discard(s);
		return rc;
	}
	int64_t app_id, version;
	bool empty;
	if ((rc = s->drv->get_schema(s->db, &app_id, &version, &empty, err)))
		goto fail;
	if (empty) {
		rc = migrate(s, 0, err);
	} else if (app_id != CNAP_APPLICATION_ID) {
		rc = cnap_fail(err, CNAP_EFORMAT, "db", "'%s' is an SQLite database but not a cnap database",
			       path);
	} else if (version > cnap_store_schema_version()) {
		rc = cnap_fail(err, CNAP_EFORMAT, "db",
			       "'%s' has schema version %lld, newer than this cnap supports (%d); "
			       "upgrade cnap",
			       path, (long long)version, cnap_store_schema_version());
	} else if (flags & CNAP_STORE_MUST_BE_NEW) {
		rc = cnap_fail(err, CNAP_ECONFLICT, "db", "'%s' already holds a cnap database", path);
	} else if (version < cnap_store_schema_version()) {
		rc = migrate(s, version, err);
	}
	if (rc)
		goto fail;
	*out = s;
	return CNAP_OK;
fail:
	cnap_store_discard(s);
	return rc;
}

void cnap_store_close(struct cnap_store *s)
{
	if (!s)
		return;
	if (s->tx_depth > 0 || s->read_open)
		s->drv->exec(s->db, "ROLLBACK", NULL);
	s->drv->close(s->db);
	free(s->created_path);
	free(s->path);
	free(s);
}

void cnap_store_discard(struct cnap_store *s)
{
	if (!s)
		return;
	char *path = s->created_path;
	s->created_path = NULL;
	cnap_store_close(s);
	if (!path)
		return;
	/* SQLite may have made its journal files beside it; all were ours. */
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(suffixes); i++) {
		char name[4200];
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
	free(path);
}

enum cnap_err cnap_store_read_begin(struct cnap_store *s, struct cnap_error *err)
{
	if (s->read_depth++ > 0 || s->tx_depth > 0)
		return CNAP_OK;
	enum cnap_err rc = s->drv->exec(s->db, "BEGIN DEFERRED", err);
	if (rc)
		s->read_depth = 0;
	else
		s->read_open = true;
	return rc;
}

void cnap_store_read_end(struct cnap_store *s)
{
	if (s->read_depth <= 0 || --s->read_depth > 0 || !s->read_open)
		return;
	s->read_open = false;
	/* Nothing was written in it: ending it only releases the read lock. */
	s->drv->exec(s->db, "COMMIT", NULL);
}

enum cnap_err cnap_store_begin(struct cnap_store *s, struct cnap_error *err)
{
	if (s->read_open)
		return cnap_fail(err, CNAP_ECONFLICT, "", "a change cannot start inside a read of the same request");
	if (s->tx_depth++ > 0)
		return CNAP_OK;
	s->tx_failed = false;
	enum cnap_err rc = s->drv->exec(s->db, "BEGIN IMMEDIATE", err);
	if (rc)
		s->tx_depth = 0;
	return rc;
}

enum cnap_err cnap_store_commit(struct cnap_store *s, struct cnap_error *err)
{
	if (s->tx_depth <= 0)
		CNAP_BUG("commit without begin");
	if (--s->tx_depth > 0)
		return CNAP_OK;
	if (s->tx_failed) {
		s->drv->exec(s->db, "ROLLBACK", NULL);
		return cnap_fail(err, CNAP_EDB, "", "transaction rolled back after an earlier error");
	}
	/*
	 * Raised here, in the transaction it counts, so that no reader can see the
	 * change without the new number or the number without the change. Every
	 * write of every process goes through this commit (the CLI and the server
	 * both write through the store; cycle import is one transaction); the
	 * driver refuses one that changed rows without it (store/db.h,
	 * changed_rows), as it would the session writes that once ran outside a
	 * transaction. Not triggers: a set per table to keep in step
	 * with every migration, and a bump per row where one per commit will do.
	 */
	enum cnap_err rc = CNAP_OK;
	if (s->drv->changed_rows(s->db)) {
		struct cnap_stmt *st;
		if (!(rc = st_prepare(s, "UPDATE " CNAP_DB_CHANGE_TABLE " SET n = n + 1", &st, err)))
			rc = st_done(s, st, "change counter", err);
	}
	if (!rc)
		rc = s->drv->exec(s->db, "COMMIT", err);
	if (rc)
		s->drv->exec(s->db, "ROLLBACK", NULL);
	return rc;
}

void cnap_store_rollback(struct cnap_store *s)
{
	if (s->tx_depth <= 0)
		return;
	if (--s->tx_depth > 0) {
		s->tx_failed = true;
		return;
	}
	s->drv->exec(s->db, "ROLLBACK", NULL);
}

enum cnap_err tx_enter(struct cnap_store *s, struct cnap_error *err)
{
	return cnap_store_begin(s, err);
}

enum cnap_err tx_leave(struct cnap_store *s, enum cnap_err rc, struct cnap_error *err)
{
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_store_finish(struct cnap_store *s, enum cnap_err rc, struct cnap_error *err)
{
	if (rc) {
		cnap_store_rollback(s);
		return rc;
	}
	return cnap_store_commit(s, err);
}

enum cnap_err st_prepare(struct cnap_store *s, const char *sql, struct cnap_stmt **out, struct cnap_error *err)
{
	return s->drv->prepare(s->db, sql, out, err);
}

void st_text(struct cnap_store *s, struct cnap_stmt *st, int idx, const char *v)
{
	s->drv->bind_text(st, idx, v);
}

void st_blob(struct cnap_store *s, struct cnap_stmt *st, int idx, const void *p, size_t len)
{
	s->drv->bind_blob(st, idx, p, len);
}

void st_int(struct cnap_store *s, struct cnap_stmt *st, int idx, int64_t v)
{
	s->drv->bind_int64(st, idx, v);
}

enum cnap_step st_step(struct cnap_store *s, struct cnap_stmt *st)
{
	enum cnap_step r = s->drv->step(st);
	if (r == CNAP_STEP_ERROR)
		s->step_err = s->drv->stmt_status(st);
	return r;
}

/* The mark of store/migrations/0014_closed_cycles.sql's triggers. */
static bool cycle_closed_error(struct cnap_store *s)
{
	const char *m = s->drv->errmsg(s->db);
	return m && strstr(m, "cnap: cycle closed") != NULL;
}

static enum cnap_err cycle_closed_fail(struct cnap_error *err)
{
	return cnap_fail(err, CNAP_ECONFLICT, "cycle",
			 "この年度は締め切られています（閲覧のみ）。変更するには事務局が年度を再開してください");
}

enum cnap_err st_step_error(struct cnap_store *s, struct cnap_error *err)
{
	/* A failed copy or bind is ours, not SQLite's: its message would be about something else. */
	if (s->step_err == CNAP_ENOMEM)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (s->step_err == CNAP_EBUSY)
		return cnap_fail(err, CNAP_EBUSY, "", "database: " CNAP_DB_BUSY_MESSAGE);
	if (cycle_closed_error(s))
		return cycle_closed_fail(err);
	return cnap_fail(err, CNAP_EDB, "", "database: %s", s->drv->errmsg(s->db));
}

enum cnap_err st_row_status(struct cnap_store *s, struct cnap_stmt *st, struct cnap_error *err)
{
	enum cnap_err code = s->drv->stmt_status(st);
	if (!code)
		return CNAP_OK;
	s->step_err = code;
	return st_step_error(s, err);
}

enum cnap_err st_done(struct cnap_store *s, struct cnap_stmt *st, const char *what, struct cnap_error *err)
{
	enum cnap_step r = st_step(s, st);
	enum cnap_err rc = CNAP_OK;
	if (r == CNAP_STEP_ERROR) {
		if (s->step_err != CNAP_ENOMEM && s->drv->is_constraint_error(s->db))
			rc = cycle_closed_error(s) ? cycle_closed_fail(err)
						   : cnap_fail(err, CNAP_ECONFLICT, "", "%s (%s)", what, s->drv->errmsg(s->db));
		else
			rc = st_step_error(s, err);
	}
	s->drv->finalize(st);
	return rc;
}

int64_t col_int(struct cnap_store *s, struct cnap_stmt *st, int idx)
{
	return s->drv->col_int64(st, idx);
}

const char *col_text(struct cnap_store *s, struct cnap_stmt *st, int idx)
{
	return s->drv->col_text(st, idx);
}

const void *col_blob(struct cnap_store *s, struct cnap_stmt *st, int idx, size_t *len)
{
	return s->drv->col_blob(st, idx, len);
}

const char *col_str(struct cnap_store *s, struct cnap_stmt *st, int idx, struct cnap_arena *a)
{
	const char *t = s->drv->col_text(st, idx);
	if (!t)
		return NULL;
	const char *copy = cnap_arena_strdup(a, t);
	if (!copy)
		s->drv->stmt_fail(st, CNAP_ENOMEM);
	return copy;
}

void st_free(struct cnap_store *s, struct cnap_stmt *st)
{
	s->drv->finalize(st);
}

enum cnap_err query_id(struct cnap_store *s, const char *sql, const char *t1, const char *t2, int64_t i1,
		       int64_t *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	int idx = 1;
	if (i1)
		st_int(s, st, idx++, i1);
	if (t1)
		st_text(s, st, idx++, t1);
	if (t2)
		st_text(s, st, idx++, t2);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW)
		*out = col_int(s, st, 0);
	else if (r == CNAP_STEP_DONE)
		rc = CNAP_ENOTFOUND;
	else
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

enum cnap_err query_text(struct cnap_store *s, const char *sql, int64_t i1, struct cnap_arena *a, const char **out,
			 struct cnap_error *err)
{
	*out = NULL;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, i1);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*out = col_str(s, st, 0, a);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cycle_id(struct cnap_store *s, int year, int64_t *out, struct cnap_error *err)
{
	enum cnap_err rc = query_id(s, "SELECT id FROM cycles WHERE year = ?", NULL, NULL, year, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "cycle", "unknown cycle %d", year);
	return rc;
}

enum cnap_err wg_id(struct cnap_store *s, int year, const char *code, int64_t *out, struct cnap_error *err)
{
	int64_t cid;
	enum cnap_err rc = cycle_id(s, year, &cid, err);
	if (rc)
		return rc;
	rc = query_id(s, "SELECT id FROM wgs WHERE cycle_id = ? AND code = ?", code, NULL, cid, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "wg", "unknown WG '%s' in cycle %d", code, year);
	return rc;
}

enum cnap_err association_id(struct cnap_store *s, const char *code, int64_t *out, struct cnap_error *err)
{
	enum cnap_err rc = query_id(s, "SELECT id FROM associations WHERE code = ?", code, NULL, 0, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "association", "unknown association '%s'",
				 code);
	return rc;
}

enum cnap_err participation_id(struct cnap_store *s, int year, const char *wg, const char *assoc,
			       int64_t *out, struct cnap_error *err)
{
	int64_t wid, aid;
	enum cnap_err rc;
	if ((rc = wg_id(s, year, wg, &wid, err)) || (rc = association_id(s, assoc, &aid, err)))
		return rc;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, "SELECT id FROM participations WHERE wg_id = ? AND association_id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, wid);
	st_int(s, st, 2, aid);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW)
		*out = col_int(s, st, 0);
	else if (r == CNAP_STEP_DONE)
		rc = cnap_fail(err, CNAP_ENOTFOUND, "association",
			       "association '%s' does not take part in WG '%s' in cycle %d", assoc, wg, year);
	else
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

enum cnap_err user_id(struct cnap_store *s, const char *login, int64_t *out, struct cnap_error *err)
{
	enum cnap_err rc = query_id(s, "SELECT id FROM users WHERE login = ?", login, NULL, 0, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "user.login", "unknown user '%s'", login);
	return rc;
}

enum cnap_err audit_add(struct cnap_store *s, const char *action, const char *entity, int64_t id,
			const char *before, const char *after, struct cnap_error *err)
{
	/* The writer holds the write lock: the next id is the last one's successor, and its chain follows that one's. */
	int64_t last;
	char prev[AUDIT_CHAIN_HEX], chain[AUDIT_CHAIN_HEX];
	enum cnap_err rc = audit_chain_last(s, &last, prev, err);
	if (rc)
		return rc;
	struct cnap_audit_entry e = {.id = last + 1, .at = cnap_store_now(s), .actor = s->actor, .action = action,
				     .entity = entity, .entity_id = id, .before = before, .after = after};
	audit_chain_of(prev, &e, chain);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "INSERT INTO audit (id, at, actor, action, entity, entity_id, before, after, chain) "
			     "VALUES (?,?,?,?,?,?,?,?,?)",
			     &st, err)))
		return rc;
	st_int(s, st, 1, e.id);
	st_text(s, st, 2, e.at);
	st_text(s, st, 3, s->actor);
	st_text(s, st, 4, action);
	st_text(s, st, 5, entity);
	st_int(s, st, 6, id);
	st_text(s, st, 7, before);
	st_text(s, st, 8, after);
	st_text(s, st, 9, chain);
	return st_done(s, st, "audit", err);
}

enum cnap_err cnap_store_audit_list(struct cnap_store *s, const char *entity, int64_t entity_id,
				    struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				    struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT id, at, actor, action, entity, entity_id, before, after FROM audit "
		"WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2) ORDER BY id",
		&st, err);
	if (rc)
		return rc;
	st_text(s, st, 1, entity);
	st_int(s, st, 2, entity_id);
	size_t cap = 0, count = 0;
	struct cnap_audit_entry *v = NULL;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_audit_entry *e = ARENA_PUSH(a, v, cap, count);
		if (!e) {
			st_free(s, st);
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		}
		e->id = col_int(s, st, 0);
		e->at = col_str(s, st, 1, a);
		e->actor = col_str(s, st, 2, a);
		e->action = col_str(s, st, 3, a);
		e->entity = col_str(s, st, 4, a);
		e->entity_id = col_int(s, st, 5);
		e->before = col_str(s, st, 6, a);
		e->after = col_str(s, st, 7, a);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

void snap_kv_str(struct cnap_buf *b, const char *k, const char *v, bool *first)
{
	cnap_buf_adds(b, *first ? "{" : ",");
	*first = false;
	cnap_buf_add_json_str(b, k);
	cnap_buf_addc(b, ':');
	cnap_buf_add_json_str(b, v);
}

void snap_kv_int(struct cnap_buf *b, const char *k, int64_t v, bool *first)
{
	cnap_buf_adds(b, *first ? "{" : ",");
	*first = false;
	cnap_buf_add_json_str(b, k);
	cnap_buf_addf(b, ":%lld", (long long)v);
}

char *question_snapshot(const struct cnap_question *q)
{
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_int(&b, "no", q->no, &first);
	snap_kv_str(&b, "item", q->item_key, &first);
	snap_kv_int(&b, "page", q->page, &first);
	snap_kv_str(&b, "text", q->text, &first);
	snap_kv_str(&b, "note", q->note, &first);
	snap_kv_str(&b, "status", cnap_qstatus_name(q->status), &first);
	/* "12,15": the answers referred to, in order (null: none) */
	struct cnap_buf r;
	cnap_buf_init(&r, 0);
	for (size_t i = 0; i < q->n_refers_to; i++)
		cnap_buf_addf(&r, "%s%lld", i ? "," : "", (long long)q->refers_to_ids[i]);
	cnap_buf_addc(&r, '\0');
	if (r.status) { /* out of memory: no snapshot, rather than one that says "none" */
		cnap_buf_release(&r);
		cnap_buf_release(&b);
		return NULL;
	}
	snap_kv_str(&b, "refers_to", q->n_refers_to ? r.data : NULL, &first);
	cnap_buf_release(&r);
	if (q->n_refers_to)
		snap_kv_int(&b, "refers_first", q->refers_first, &first);
	snap_kv_str(&b, "due_on", q->due_on, &first);
	if (q->quote)
		snap_kv_str(&b, "quote", q->quote, &first);
	cnap_buf_addc(&b, '}');
	return cnap_buf_detach(&b, NULL);
}

char *answer_snapshot(const struct cnap_answer *ans)
{
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_str(&b, "text", ans->text, &first);
	snap_kv_str(&b, "status", cnap_astatus_name(ans->status), &first);
	snap_kv_str(&b, "return_comment", ans->return_comment, &first);
	cnap_buf_addc(&b, '}');
	return cnap_buf_detach(&b, NULL);
}

bool arena_grow(struct cnap_arena *a, void **v, size_t *cap, size_t count, size_t elem)
{
	if (*v && count < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *nv = cnap_arena_calloc(a, ncap, elem);
	if (!nv)
		return false;
	if (*v && count)
		memcpy(nv, *v, count * elem);
	*v = nv;
	*cap = ncap;
	return true;
}

enum cnap_err cnap_store_change_count(struct cnap_store *s, uint64_t *out, struct cnap_error *err)
{
	int64_t n;
	enum cnap_err rc = query_id(s, "SELECT n FROM " CNAP_DB_CHANGE_TABLE, NULL, NULL, 0, &n, err);
	if (rc == CNAP_ENOTFOUND)
		rc = cnap_fail(err, CNAP_EFORMAT, "", "the database has no change counter");
	if (!rc)
		*out = (uint64_t)n;
	return rc;
}

enum cnap_err cnap_store_last_change(struct cnap_store *s, struct cnap_arena *a, const char **out,
				     struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT max(at) FROM audit", &st, err);
	if (rc)
		return rc;
	enum cnap_step r = st_step(s, st);
	const char *at = r == CNAP_STEP_ROW ? col_text(s, st, 0) : NULL;
	if (r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	else if ((rc = st_row_status(s, st, err)) == CNAP_OK)
		*out = at ? cnap_arena_printf(a, "%.19s", at) : "2000-01-01T00:00:00";
	if (!rc && !*out)
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	st_free(s, st);
	return rc;
}
