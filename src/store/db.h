/*
 * The SQL driver seam. Repositories (repo_*.c) write each statement once
 * with '?' placeholders and run it through a struct cnap_db_driver; SQLite is
 * the embedded default (db_sqlite.c), a PostgreSQL driver implements the
 * same table (rewriting '?' to $n). Nothing outside src/store includes this.
 *
 * Statement memory belongs to the driver: text returned by col_text is valid
 * until the next step/finalize of that statement.
 *
 * A statement keeps its first failure (a bind, a step, a column that could
 * not be read, or one its caller reports with stmt_fail) until reset: once
 * failed, step does nothing and returns CNAP_STEP_ERROR. So a NULL from
 * col_text is SQL NULL exactly when stmt_status is still CNAP_OK, and a bind
 * that failed can never write NULL in place of its value.
 *
 * prepare may hand out a statement the connection keeps from an earlier call
 * with the same SQL text (reset, no bindings), and finalize may keep it for
 * the next: compiling costs more than running most of our statements. So
 * every prepared statement must be finalized promptly, not only to free it:
 * an unfinished statement holds its read transaction, and the connection
 * would go on seeing the database as it was.
 */
#ifndef CNAP_STORE_DB_H
#define CNAP_STORE_DB_H

#include "base/err.h"

#include <stddef.h>

struct cnap_db;
struct cnap_stmt;

enum cnap_step { CNAP_STEP_ROW = 1, CNAP_STEP_DONE = 0, CNAP_STEP_ERROR = -1 };

/* The table whose single row counts committed writes (migration 0004); see changed_rows. */
#define CNAP_DB_CHANGE_TABLE "change_counter"

/* What a driver says for CNAP_EBUSY, whose own words ("database is locked") do not say what to do. */
#define CNAP_DB_BUSY_MESSAGE "the database is busy (another process is writing to it); try again"

struct cnap_db_driver {
	const char *name;
	enum cnap_err (*open)(const char *path, bool create, struct cnap_db **out, struct cnap_error *err);
	void (*close)(struct cnap_db *db);
	enum cnap_err (*exec)(struct cnap_db *db, const char *sql, struct cnap_error *err);
	enum cnap_err (*prepare)(struct cnap_db *db, const char *sql, struct cnap_stmt **out,
				 struct cnap_error *err);
	void (*finalize)(struct cnap_stmt *st);
	void (*reset)(struct cnap_stmt *st);
	void (*bind_int64)(struct cnap_stmt *st, int idx, int64_t v);
	void (*bind_text)(struct cnap_stmt *st, int idx, const char *s); /* NULL binds NULL; copied */
	void (*bind_blob)(struct cnap_stmt *st, int idx, const void *p, size_t len); /* copied */
	enum cnap_step (*step)(struct cnap_stmt *st);
	int64_t (*col_int64)(struct cnap_stmt *st, int idx);
	const char *(*col_text)(struct cnap_stmt *st, int idx); /* NULL for SQL NULL, or a failure */
	const void *(*col_blob)(struct cnap_stmt *st, int idx, size_t *len); /* NULL for SQL NULL, empty, or a failure */
	enum cnap_err (*stmt_status)(struct cnap_stmt *st);     /* CNAP_ENOMEM, CNAP_EBUSY, CNAP_EDB or CNAP_OK */
	void (*stmt_fail)(struct cnap_stmt *st, enum cnap_err code);
	int64_t (*last_insert_id)(struct cnap_db *db);
	int (*changes)(struct cnap_db *db);
	const char *(*errmsg)(struct cnap_db *db);
	bool (*is_constraint_error)(struct cnap_db *db);
	/*
	 * Whether the open transaction has changed rows so far. The driver also
	 * refuses to commit a transaction that changed rows without changing
	 * CNAP_DB_CHANGE_TABLE, so a write that forgets the counter fails
	 * instead of leaving readers' caches stale.
	 */
	bool (*changed_rows)(struct cnap_db *db);
	/* Schema identity: application id and version stamp kept in the file. */
	enum cnap_err (*get_schema)(struct cnap_db *db, int64_t *app_id, int64_t *version,
				    bool *empty, struct cnap_error *err);
	enum cnap_err (*set_schema)(struct cnap_db *db, int64_t app_id, int64_t version,
				    struct cnap_error *err);
	/*
	 * A consistent copy of the whole database into a new file at dest_path, taken
	 * while other connections go on writing (SQLite: the online backup API, one
	 * read snapshot). dest_path must not exist.
	 */
	enum cnap_err (*backup)(struct cnap_db *db, const char *dest_path, struct cnap_error *err);
	/*
	 * The same copy of a database file src_path, opened read-only, into a new file dest_path:
	 * how a restore takes in its input without writing to it. A file that is not a database is
	 * CNAP_EFORMAT, one whose pages cannot be read CNAP_EINVAL, both with where "restore.input".
	 */
	enum cnap_err (*copy_file)(const char *src_path, const char *dest_path, struct cnap_error *err);
	/*
	 * The whole content of db replaced by the database file src_path in one write transaction of
	 * db (SQLite: the online backup API with db as its destination), so that other connections,
	 * a running server's, see the old content or the new and never a mix. Before the copy, with
	 * db's write lock held, src's CNAP_DB_CHANGE_TABLE is set above any number db has had, so no
	 * reader takes the new content for something it has already seen. src_path is a scratch copy:
	 * it is written to.
	 */
	enum cnap_err (*replace_from)(struct cnap_db *db, const char *src_path, struct cnap_error *err);
};

extern const struct cnap_db_driver cnap_db_sqlite;

#endif
