/*
 * The SQLite driver (store/db.h). Besides the plain calls it keeps, per
 * connection, the statements it has compiled, keyed by their SQL text: a
 * page runs some twenty-five statements and compiling them took a third of
 * an uncached page's time. And it guards the change counter: hooks watch
 * which tables a transaction changes and refuse the commit of one that
 * changed rows but not CNAP_DB_CHANGE_TABLE.
 */
#include "base/compat.h"
#include "store/db.h"
#include "store/search_fts.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef CNAP_TEST_HOOKS
/*
 * SQLite's own allocations go through the failure hook too, as their own
 * series (base/alloc.h), so a test sees what SQLITE_NOMEM does to us: a bind
 * that did not happen, a column that could not be read, a failed commit.
 * SQLite asks for the size of a block; it sits in a header that keeps the
 * 16-byte alignment of malloc.
 */
#define SQ_HEADER 16

static void *sq_mem_malloc(int n)
{
	if (n <= 0 || cnap_alloc_inject_kind(CNAP_ALLOC_SQLITE))
		return NULL;
	unsigned char *p = (malloc)((size_t)n + SQ_HEADER);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof(n));
	return p + SQ_HEADER;
}

static void sq_mem_free(void *p)
{
	if (p)
		free((unsigned char *)p - SQ_HEADER);
}

static int sq_mem_size(void *p)
{
	int n = 0;
	if (p)
		memcpy(&n, (unsigned char *)p - SQ_HEADER, sizeof(n));
	return n;
}

static void *sq_mem_realloc(void *p, int n)
{
	if (!p)
		return sq_mem_malloc(n);
	if (n <= 0 || cnap_alloc_inject_kind(CNAP_ALLOC_SQLITE))
		return NULL;
	unsigned char *q = (realloc)((unsigned char *)p - SQ_HEADER, (size_t)n + SQ_HEADER);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof(n));
	return q + SQ_HEADER;
}

static int sq_mem_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_mem_init(void *ctx)
{
	(void)ctx;
	return SQLITE_OK;
}

static void sq_mem_shutdown(void *ctx)
{
	(void)ctx;
}

__attribute__((constructor)) static void sqlite_through_hook(void)
{
	static const sqlite3_mem_methods methods = {
		sq_mem_malloc, sq_mem_free, sq_mem_realloc, sq_mem_size, sq_mem_roundup, sq_mem_init, sq_mem_shutdown,
		NULL,
	};
	sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}
#endif

/*
 * Sized for the store's fixed statements (about a hundred) with room to
 * spare; a key hashes to a bucket of WAYS slots, so a look-up is a few
 * compares and statements built at run time cannot grow the cache.
 */
#define STMT_SLOTS 256
#define STMT_WAYS 4

struct cnap_stmt {
	sqlite3_stmt *h;
	enum cnap_err status; /* first failure since prepare or reset (db.h) */
	char *sql;      /* the key, for a kept statement; NULL for a one-off */
	uint64_t hash;
	uint64_t used;  /* when last handed out, for choosing which to drop */
	bool busy;      /* handed out and not yet finalized */
};

struct cnap_db {
	sqlite3 *h;
	struct cnap_stmt stmts[STMT_SLOTS];
	uint64_t tick;
	bool changed;   /* rows changed in the open transaction */
	bool counted;   /* ... and CNAP_DB_CHANGE_TABLE among them */
};

/*
 * SQLite out of memory is our out of memory: the caller's message and exit
 * code say so, not "database error". Busy (another writer kept the lock past
 * the busy timeout) is a state that passes, so callers can say "try again"
 * (the web answers 503 with Retry-After) rather than report a failure.
 */
static enum cnap_err code_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOMEM: return CNAP_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return CNAP_EBUSY;
	default: return CNAP_EDB;
	}
}

static enum cnap_err sq_fail(sqlite3 *h, struct cnap_error *err, const char *what)
{
	enum cnap_err code = h ? code_of(sqlite3_errcode(h)) : CNAP_ENOMEM;
	if (code == CNAP_EBUSY)
		return cnap_fail(err, code, "", "%s: " CNAP_DB_BUSY_MESSAGE, what);
	return cnap_fail(err, code, "", "%s: %s", what, h ? sqlite3_errmsg(h) : "out of memory");
}

static enum cnap_err sq_exec(struct cnap_db *db, const char *sql, struct cnap_error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		enum cnap_err code = code_of(rc);
		cnap_fail(err, code, "", "database: %s",
			  code == CNAP_EBUSY ? CNAP_DB_BUSY_MESSAGE : msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return code;
	}
	return CNAP_OK;
}

static void on_update(void *ctx, int op, const char *schema, const char *table, sqlite3_int64 rowid)
{
	struct cnap_db *db = ctx;
	(void)op, (void)schema, (void)rowid;
	db->changed = true;
	if (strcmp(table, CNAP_DB_CHANGE_TABLE) == 0)
		db->counted = true;
}

static int on_commit(void *ctx)
{
	struct cnap_db *db = ctx;
	bool uncounted = db->changed && !db->counted;
	db->changed = db->counted = false;
	return uncounted; /* non-zero turns the commit into a rollback */
}

static void on_rollback(void *ctx)
{
	struct cnap_db *db = ctx;
	db->changed = db->counted = false;
}

static enum cnap_err sq_open(const char *path, bool create, struct cnap_db **out, struct cnap_error *err)
{
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		enum cnap_err e = cnap_fail(err, rc == SQLITE_CANTOPEN ? CNAP_ENOTFOUND : code_of(rc), path,
					    "cannot open database '%s': %s", path,
					    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return e;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	struct cnap_db *db = cnap_calloc(1, sizeof(*db));
	if (!db) {
		sqlite3_close(h);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	db->h = h;
	int trc = cnap_search_fts_register(h);
	if (trc != SQLITE_OK) {
		sqlite3_close(h);
		free(db);
		if (trc == SQLITE_NOMEM)
			return cnap_fail(err, CNAP_ENOMEM, path, "cannot open database '%s': out of memory", path);
		return cnap_fail(err, CNAP_EDB, path, "cannot open database '%s': this SQLite has no FTS5 (full-text search)",
				 path);
	}
	sqlite3_update_hook(h, on_update, db);
	sqlite3_commit_hook(h, on_commit, db);
	sqlite3_rollback_hook(h, on_rollback, db);
	/* Reading the schema first tells a non-database file apart before we change anything. */
	char *msg = NULL;
	rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		enum cnap_err e = code_of(rc) == CNAP_ENOMEM ? CNAP_ENOMEM : CNAP_EFORMAT;
		if (e == CNAP_ENOMEM)
			cnap_fail(err, e, path, "cannot open database '%s': out of memory", path);
		else
			cnap_fail(err, e, path, "'%s' is not a cnap database (%s)", path, msg ? msg : sqlite3_errmsg(h));
		sqlite3_free(msg);
		sqlite3_close(h);
		free(db);
		return e;
	}
	/*
	 * A search reads a thousand rows of the index and of search_docs at once: with SQLite's default
	 * 2 MB page cache every one of them was read again from the file each time (the cache grows
	 * only as far as it is used).
	 */
	enum cnap_err e = sq_exec(db, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; "
				      "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;", err);
	if (e) {
		sqlite3_close(h);
		free(db);
		return e;
	}
	*out = db;
	return CNAP_OK;
}

static void sq_close(struct cnap_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT_SLOTS; i++) {
		sqlite3_finalize(db->stmts[i].h);
		free(db->stmts[i].sql);
	}
	sqlite3_close(db->h);
	free(db);
}

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static enum cnap_err compile(struct cnap_db *db, const char *sql, sqlite3_stmt **out, struct cnap_error *err)
{
	/* PERSISTENT: the statement will live long, so SQLite need not take its memory from the lookaside. */
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
		return sq_fail(db->h, err, "prepare");
	return CNAP_OK;
}

static enum cnap_err sq_prepare(struct cnap_db *db, const char *sql, struct cnap_stmt **out,
				struct cnap_error *err)
{
	uint64_t hash = sql_hash(sql);
	size_t base = (size_t)(hash % (STMT_SLOTS / STMT_WAYS)) * STMT_WAYS;
	struct cnap_stmt *spare = NULL;
	for (size_t i = base; i < base + STMT_WAYS; i++) {
		struct cnap_stmt *e = &db->stmts[i];
		if (e->sql && e->hash == hash && strcmp(e->sql, sql) == 0 && !e->busy) {
			e->busy = true;
			e->used = ++db->tick;
			e->status = CNAP_OK;
			*out = e;
			return CNAP_OK;
		}
		if (!e->busy && (!spare || (spare->sql && (!e->sql || e->used < spare->used))))
			spare = e;
	}
	/* Not kept yet: compile it into the empty or least recently used idle slot of its bucket. */
	sqlite3_stmt *h;
	enum cnap_err rc = compile(db, sql, &h, err);
	if (rc)
		return rc;
	char *key = spare ? cnap_strdup(sql) : NULL;
	if (key) {
		sqlite3_finalize(spare->h);
		free(spare->sql);
		*spare = (struct cnap_stmt){ .h = h, .sql = key, .hash = hash, .used = ++db->tick, .busy = true };
		*out = spare;
		return CNAP_OK;
	}
	/* The bucket is busy (the same statement nested in itself) or memory is short: a one-off. */
	struct cnap_stmt *st = cnap_calloc(1, sizeof(*st));
	if (!st) {
		sqlite3_finalize(h);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	st->h = h;
	*out = st;
	return CNAP_OK;
}

static void sq_finalize(struct cnap_stmt *st)
{
	if (!st)
		return;
	if (st->sql) {
		/* Kept for the next prepare of the same text; resetting ends its read transaction. */
		sqlite3_reset(st->h);
		sqlite3_clear_bindings(st->h);
		st->busy = false;
		return;
	}
	sqlite3_finalize(st->h);
	free(st);
}

static void sq_stmt_fail(struct cnap_stmt *st, enum cnap_err code)
{
	if (!st->status)
		st->status = code;
}

static enum cnap_err sq_stmt_status(struct cnap_stmt *st)
{
	return st->status;
}

static void sq_reset(struct cnap_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
	st->status = CNAP_OK;
}

/* A bind that failed leaves the parameter NULL: remember it, so the statement never runs with it. */
static void bound(struct cnap_stmt *st, int rc)
{
	if (rc != SQLITE_OK)
		sq_stmt_fail(st, code_of(rc));
}

static void sq_bind_int64(struct cnap_stmt *st, int idx, int64_t v)
{
	bound(st, sqlite3_bind_int64(st->h, idx, v));
}

static void sq_bind_text(struct cnap_stmt *st, int idx, const char *s)
{
	if (s)
		bound(st, sqlite3_bind_text(st->h, idx, s, -1, SQLITE_TRANSIENT));
	else
		bound(st, sqlite3_bind_null(st->h, idx));
}

static void sq_bind_blob(struct cnap_stmt *st, int idx, const void *p, size_t len)
{
	if (len > 0x7fffffff)
		sq_stmt_fail(st, CNAP_ETOOBIG);
	else
		bound(st, sqlite3_bind_blob(st->h, idx, len ? p : "", (int)len, SQLITE_TRANSIENT));
}

static enum cnap_step sq_step(struct cnap_stmt *st)
{
	if (st->status)
		return CNAP_STEP_ERROR;
	int rc = sqlite3_step(st->h);
	if (rc == SQLITE_ROW)
		return CNAP_STEP_ROW;
	if (rc == SQLITE_DONE)
		return CNAP_STEP_DONE;
	sq_stmt_fail(st, code_of(rc));
	return CNAP_STEP_ERROR;
}

static int64_t sq_col_int64(struct cnap_stmt *st, int idx)
{
	return sqlite3_column_int64(st->h, idx);
}

static const char *sq_col_text(struct cnap_stmt *st, int idx)
{
	const char *t = (const char *)sqlite3_column_text(st->h, idx);
	/* NULL is SQL NULL only if the value is one; otherwise SQLite ran out of memory converting it. */
	if (!t && sqlite3_column_type(st->h, idx) != SQLITE_NULL)
		sq_stmt_fail(st, CNAP_ENOMEM);
	return t;
}

static const void *sq_col_blob(struct cnap_stmt *st, int idx, size_t *len)
{
	const void *p = sqlite3_column_blob(st->h, idx);
	int n = sqlite3_column_bytes(st->h, idx);
	if (!p && n > 0)
		sq_stmt_fail(st, CNAP_ENOMEM);
	*len = p && n > 0 ? (size_t)n : 0;
	return p;
}

static int64_t sq_last_insert_id(struct cnap_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

static int sq_changes(struct cnap_db *db)
{
	return sqlite3_changes(db->h);
}

static const char *sq_errmsg(struct cnap_db *db)
{
	return sqlite3_errmsg(db->h);
}

static bool sq_is_constraint_error(struct cnap_db *db)
{
	return (sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_CONSTRAINT;
}

static bool sq_changed_rows(struct cnap_db *db)
{
	return db->changed;
}

static enum cnap_err pragma_int(struct cnap_db *db, const char *sql, int64_t *out, struct cnap_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(db->h, err, sql);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum cnap_err e = rc == SQLITE_ROW || rc == SQLITE_DONE ? CNAP_OK : sq_fail(db->h, err, sql);
	sqlite3_finalize(st);
	return e;
}

static enum cnap_err sq_get_schema(struct cnap_db *db, int64_t *app_id, int64_t *version, bool *empty,
				   struct cnap_error *err)
{
	int64_t tables;
	enum cnap_err e;
	if ((e = pragma_int(db, "PRAGMA application_id", app_id, err)) ||
	    (e = pragma_int(db, "PRAGMA user_version", version, err)) ||
	    (e = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables, err)))
		return e;
	*empty = tables == 0;
	return CNAP_OK;
}

static enum cnap_err sq_set_schema(struct cnap_db *db, int64_t app_id, int64_t version,
				   struct cnap_error *err)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%lld; PRAGMA user_version=%lld;",
		 (long long)app_id, (long long)version);
	return sq_exec(db, sql, err);
}

/* Steps of a backup until it is done, or fails otherwise than on a lock another connection holds a moment. */
static int backup_steps(sqlite3_backup *b, int pages)
{
	int rc = SQLITE_BUSY;
	for (int tries = 0; tries < 100; tries++) {
		rc = sqlite3_backup_step(b, pages);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(50);
	}
	return rc;
}

/*
 * The online backup API copies every page under one read transaction of ours (step -1): in WAL mode
 * other connections keep writing meanwhile, and the copy is the database as of that snapshot.
 * Busy can only come from the destination, a new file; a few retries cover a checkpoint's lock.
 * An unreadable source page fails here with the source's code (not a database, corrupt).
 */
static enum cnap_err copy_to_new(sqlite3 *from, const char *dest_path, const char *where, int *why,
				 struct cnap_error *err)
{
	sqlite3 *to = NULL;
	int rc = *why = sqlite3_open_v2(dest_path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
					NULL);
	if (rc != SQLITE_OK) {
		enum cnap_err e = cnap_fail(err, rc == SQLITE_CANTOPEN ? CNAP_ENOTFOUND : code_of(rc), where,
					    "「%s」を作れません：%s", dest_path, to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		sqlite3_close(to);
		return e;
	}
	sqlite3_busy_timeout(to, 5000);
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		*why = sqlite3_errcode(to);
		enum cnap_err e = sq_fail(to, err, "backup");
		sqlite3_close(to);
		return e;
	}
	rc = *why = backup_steps(b, -1);
	sqlite3_backup_finish(b);
	enum cnap_err e = CNAP_OK;
	if (rc != SQLITE_DONE)
		e = cnap_fail(err, code_of(rc), where, "「%s」への複写に失敗しました：%s", dest_path, sqlite3_errstr(rc));
	else if ((rc = sqlite3_errcode(to)) != SQLITE_OK)
		e = sq_fail(to, err, "backup");
	if (sqlite3_close(to) != SQLITE_OK && !e)
		e = cnap_fail(err, CNAP_EDB, where, "「%s」を閉じられません", dest_path);
	return e;
}

static enum cnap_err sq_backup(struct cnap_db *db, const char *dest_path, struct cnap_error *err)
{
	int why;
	return copy_to_new(db->h, dest_path, "backup.output", &why, err);
}

/* What a restore's input that SQLite cannot read is, in the words of cli.md's exit codes. */
static enum cnap_err input_fail(int rc, const char *path, const char *detail, struct cnap_error *err)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return cnap_fail(err, CNAP_EFORMAT, "restore.input", "「%s」はデータベースのファイルではありません", path);
	case SQLITE_CORRUPT:
		return cnap_fail(err, CNAP_EINVAL, "restore.input", "「%s」は壊れています（%s）", path, detail);
	default:
		return cnap_fail(err, rc == SQLITE_NOMEM ? CNAP_ENOMEM : CNAP_EIO, "restore.input", "「%s」を読めません（%s）",
				 path, detail);
	}
}

/* Whether SQLite keeps a file beside path that holds part of the database: "-wal" or "-journal". */
static bool has_log_beside(const char *path)
{
	static const char *const ends[] = { "-wal", "-journal" };
	char name[4200];
	for (size_t i = 0; i < CNAP_ARRAY_LEN(ends); i++)
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path, ends[i]) >= sizeof(name) || access(name, F_OK) == 0)
			return true;
	return false;
}

/*
 * How to open a restore's input without leaving a trace beside it. A file alone (a backup: its
 * writer closed it whole) opens as immutable, with no locks and no "-shm" or "-wal" made next
 * to it; a read-only connection would make them and, unable to write, leave them behind. One
 * with its log beside it (a live database, a copy taken with its "-wal") needs that log read.
 */
static bool immutable_uri(const char *path, char *uri, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	const char *head = "file:";
	for (; *head && n + 1 < size; head++)
		uri[n++] = *head;
	while (path[0] == '/' && path[1] == '/')
		path++; /* "file://" would begin an authority; "//x" is "/x" */
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			     strchr("/._-~", *p);
		if (n + 4 >= size)
			return false;
		if (plain) {
			uri[n++] = (char)*p;
		} else {
			uri[n++] = '%';
			uri[n++] = hex[*p >> 4];
			uri[n++] = hex[*p & 15];
		}
	}
	return (size_t)snprintf(uri + n, size - n, "?immutable=1") < size - n;
}

static enum cnap_err sq_copy_file(const char *src_path, const char *dest_path, struct cnap_error *err)
{
	sqlite3 *from = NULL;
	char uri[3 * 4096 + 32];
	bool alone = !has_log_beside(src_path) && immutable_uri(src_path, uri, sizeof(uri));
	int rc = sqlite3_open_v2(alone ? uri : src_path, &from,
				 SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (alone ? SQLITE_OPEN_URI : 0), NULL);
	if (rc != SQLITE_OK) {
		enum cnap_err e = input_fail(rc, src_path, from ? sqlite3_errmsg(from) : sqlite3_errstr(rc), err);
		sqlite3_close(from);
		return e;
	}
	sqlite3_busy_timeout(from, 5000);
	int why;
	enum cnap_err e = copy_to_new(from, dest_path, "restore.input", &why, err);
	if (e && ((why & 0xff) == SQLITE_NOTADB || (why & 0xff) == SQLITE_CORRUPT))
		e = input_fail(why, src_path, sqlite3_errstr(why), err);
	sqlite3_close(from);
	return e;
}

/* The change counter a reader of path sees now: with the write lock held, the last number path will have had. */
static int latest_count(const char *path, int64_t *n)
{
	sqlite3 *r = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(path, &r, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(r, 5000);
		rc = sqlite3_prepare_v2(r, "SELECT max(n) FROM " CNAP_DB_CHANGE_TABLE, -1, &st, NULL);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	sqlite3_close(r);
	return rc;
}

static enum cnap_err sq_replace_from(struct cnap_db *db, const char *src_path, struct cnap_error *err)
{
	const char *path = sqlite3_db_filename(db->h, "main");
	if (!path || !*path)
		return cnap_fail(err, CNAP_EDB, "", "restore: the database has no file");
	sqlite3 *from = NULL;
	int rc = sqlite3_open_v2(src_path, &from, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		enum cnap_err e = cnap_fail(err, code_of(rc), "", "restore: cannot open '%s': %s", src_path,
					    from ? sqlite3_errmsg(from) : sqlite3_errstr(rc));
		sqlite3_close(from);
		return e;
	}
	sqlite3_busy_timeout(from, 5000);
	sqlite3_backup *b = sqlite3_backup_init(db->h, "main", from, "main");
	if (!b) {
		enum cnap_err e = sq_fail(db->h, err, "restore");
		sqlite3_close(from);
		return e;
	}
	/*
	 * A first step of no pages takes db's write lock and keeps it to the end: from then on no other
	 * connection commits, so the counter read now is the last db will have had before the new content.
	 */
	int64_t latest = 0;
	rc = backup_steps(b, 0);
	if (rc == SQLITE_OK)
		rc = latest_count(path, &latest);
	if (rc == SQLITE_OK) {
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE " CNAP_DB_CHANGE_TABLE " SET n = max(n, %lld) + 1", (long long)latest);
		rc = sqlite3_exec(from, sql, NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = backup_steps(b, -1);
	int frc = sqlite3_backup_finish(b);
	enum cnap_err e = CNAP_OK;
	if (rc == SQLITE_DONE && frc == SQLITE_OK)
		e = CNAP_OK;
	else if ((rc & 0xff) == SQLITE_READONLY)
		/* WAL keeps the page size a database was made with: a file with other pages cannot go in. */
		e = cnap_fail(err, CNAP_EFORMAT, "restore.input", "ページの大きさが異なるデータベースは復元できません");
	else if (rc == SQLITE_DONE || rc == SQLITE_OK)
		e = cnap_fail(err, code_of(frc), "", "restore: %s", code_of(frc) == CNAP_EBUSY ? CNAP_DB_BUSY_MESSAGE : sqlite3_errstr(frc));
	else
		e = cnap_fail(err, code_of(rc), "", "restore: %s", code_of(rc) == CNAP_EBUSY ? CNAP_DB_BUSY_MESSAGE : sqlite3_errstr(rc));
	sqlite3_close(from);
	return e;
}

const struct cnap_db_driver cnap_db_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.col_int64 = sq_col_int64,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.stmt_status = sq_stmt_status,
	.stmt_fail = sq_stmt_fail,
	.last_insert_id = sq_last_insert_id,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.is_constraint_error = sq_is_constraint_error,
	.changed_rows = sq_changed_rows,
	.get_schema = sq_get_schema,
	.set_schema = sq_set_schema,
	.backup = sq_backup,
	.copy_file = sq_copy_file,
	.replace_from = sq_replace_from,
};
