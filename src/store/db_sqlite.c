#include "base/compat.h"
#include "store/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

struct cnap_db {
	sqlite3 *h;
};

struct cnap_stmt {
	sqlite3_stmt *h;
	sqlite3 *db;
};

static enum cnap_err sq_fail(sqlite3 *h, struct cnap_error *err, const char *what)
{
	return cnap_fail(err, CNAP_EDB, "", "%s: %s", what, h ? sqlite3_errmsg(h) : "no handle");
}

static enum cnap_err sq_exec(struct cnap_db *db, const char *sql, struct cnap_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cnap_fail(err, CNAP_EDB, "", "database: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return CNAP_EDB;
	}
	return CNAP_OK;
}

static enum cnap_err sq_open(const char *path, bool create, struct cnap_db **out, struct cnap_error *err)
{
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		enum cnap_err e = cnap_fail(err, rc == SQLITE_CANTOPEN ? CNAP_ENOTFOUND : CNAP_EDB, path,
					    "cannot open database '%s': %s", path,
					    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return e;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	struct cnap_db *db = calloc(1, sizeof(*db));
	if (!db) {
		sqlite3_close(h);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	db->h = h;
	/* Reading the schema first tells a non-database file apart before we change anything. */
	char *msg = NULL;
	if (sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, &msg) != SQLITE_OK) {
		cnap_fail(err, CNAP_EFORMAT, path, "'%s' is not a cnap database (%s)", path,
			  msg ? msg : sqlite3_errmsg(h));
		sqlite3_free(msg);
		sqlite3_close(h);
		free(db);
		return CNAP_EFORMAT;
	}
	enum cnap_err e = sq_exec(db, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; "
				      "PRAGMA synchronous=NORMAL;", err);
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
	sqlite3_close(db->h);
	free(db);
}

static enum cnap_err sq_prepare(struct cnap_db *db, const char *sql, struct cnap_stmt **out,
				struct cnap_error *err)
{
	struct cnap_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (sqlite3_prepare_v2(db->h, sql, -1, &st->h, NULL) != SQLITE_OK) {
		free(st);
		return sq_fail(db->h, err, "prepare");
	}
	st->db = db->h;
	*out = st;
	return CNAP_OK;
}

static void sq_finalize(struct cnap_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->h);
	free(st);
}

static void sq_reset(struct cnap_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

static void sq_bind_int64(struct cnap_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->h, idx, v);
}

static void sq_bind_text(struct cnap_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(st->h, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->h, idx);
}

static enum cnap_step sq_step(struct cnap_stmt *st)
{
	int rc = sqlite3_step(st->h);
	if (rc == SQLITE_ROW)
		return CNAP_STEP_ROW;
	if (rc == SQLITE_DONE)
		return CNAP_STEP_DONE;
	return CNAP_STEP_ERROR;
}

static int64_t sq_col_int64(struct cnap_stmt *st, int idx)
{
	return sqlite3_column_int64(st->h, idx);
}

static const char *sq_col_text(struct cnap_stmt *st, int idx)
{
	return (const char *)sqlite3_column_text(st->h, idx);
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

static enum cnap_err pragma_int(struct cnap_db *db, const char *sql, int64_t *out, struct cnap_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(db->h, err, sql);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CNAP_OK : sq_fail(db->h, err, sql);
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
	.step = sq_step,
	.col_int64 = sq_col_int64,
	.col_text = sq_col_text,
	.last_insert_id = sq_last_insert_id,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.is_constraint_error = sq_is_constraint_error,
	.get_schema = sq_get_schema,
	.set_schema = sq_set_schema,
};
