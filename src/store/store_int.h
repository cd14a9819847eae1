/* Internals shared by the store's repository files. Not for other layers. */
#ifndef CNAP_STORE_INT_H
#define CNAP_STORE_INT_H

#include "base/buf.h"
#include "store/db.h"
#include "store/store.h"

struct cnap_store {
	const struct cnap_db_driver *drv;
	struct cnap_db *db;
	int tx_depth;
	bool tx_failed;
	int read_depth;   /* cnap_store_read_begin nesting */
	bool read_open;   /* a read snapshot of our own is open (BEGIN DEFERRED, no writes) */
	enum cnap_err step_err; /* why the last st_step failed, for st_step_error */
	char *created_path; /* the file this open created (cnap_store_discard), or NULL */
	char *path;         /* the database file, as opened */
	char actor[128];
	char now[40];
};

/* Prepared statement with error reporting through the store. */
enum cnap_err st_prepare(struct cnap_store *s, const char *sql, struct cnap_stmt **out, struct cnap_error *err);
void st_text(struct cnap_store *s, struct cnap_stmt *st, int idx, const char *v);
void st_int(struct cnap_store *s, struct cnap_stmt *st, int idx, int64_t v);
void st_blob(struct cnap_store *s, struct cnap_stmt *st, int idx, const void *p, size_t len);
/* Runs a statement that returns no rows; maps constraint failures to CNAP_ECONFLICT with what. */
enum cnap_err st_done(struct cnap_store *s, struct cnap_stmt *st, const char *what, struct cnap_error *err);
enum cnap_step st_step(struct cnap_store *s, struct cnap_stmt *st);
/* The error of the last failed st_step (out of memory, or the database's message); usable after st_free. */
enum cnap_err st_step_error(struct cnap_store *s, struct cnap_error *err);
int64_t col_int(struct cnap_store *s, struct cnap_stmt *st, int idx);
/*
 * Column text copied into a. NULL is SQL NULL, or a failure that the
 * statement keeps (db.h): a loop over rows sees it as the next st_step's
 * error; a single row is read, then checked once with st_row_status.
 */
const char *col_str(struct cnap_store *s, struct cnap_stmt *st, int idx, struct cnap_arena *a);
/* Column text without a copy (valid until the next step), with the same failure rule as col_str. */
const char *col_text(struct cnap_store *s, struct cnap_stmt *st, int idx);
const void *col_blob(struct cnap_store *s, struct cnap_stmt *st, int idx, size_t *len);
/* CNAP_OK if every bind and column read of st so far worked; else the error, reported. */
enum cnap_err st_row_status(struct cnap_store *s, struct cnap_stmt *st, struct cnap_error *err);
void st_free(struct cnap_store *s, struct cnap_stmt *st);

/* Single-value queries: one row with one integer column (ENOTFOUND if none). */
enum cnap_err query_id(struct cnap_store *s, const char *sql, const char *t1, const char *t2, int64_t i1,
		       int64_t *out, struct cnap_error *err);

/* One row's one text column (NULL when there is no row, or it is NULL), with i1 bound to the one parameter. */
enum cnap_err query_text(struct cnap_store *s, const char *sql, int64_t i1, struct cnap_arena *a, const char **out,
			 struct cnap_error *err);

/* Id look-ups that fail with a message naming the missing thing. */
enum cnap_err cycle_id(struct cnap_store *s, int year, int64_t *out, struct cnap_error *err);
enum cnap_err wg_id(struct cnap_store *s, int year, const char *code, int64_t *out, struct cnap_error *err);
enum cnap_err association_id(struct cnap_store *s, const char *code, int64_t *out, struct cnap_error *err);
enum cnap_err participation_id(struct cnap_store *s, int year, const char *wg, const char *assoc,
			       int64_t *out, struct cnap_error *err);
enum cnap_err user_id(struct cnap_store *s, const char *login, int64_t *out, struct cnap_error *err);
/* The submission id of a version of participation pid (repo_text.c). */
enum cnap_err version_id(struct cnap_store *s, int64_t pid, int version, int64_t *sid, struct cnap_error *err);

/* SQLite's page check and every foreign key (verify.c), without the checks that need the current schema. */
enum cnap_err store_check_pages(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err);
/* The SHA-256 of the file path, hex; errors name where. */
enum cnap_err store_file_sha256(const char *path, const char *where, char hex[65], struct cnap_error *err);
/* Remove the files SQLite may keep beside path: "-journal", "-wal", "-shm". */
void store_remove_sidecars(const char *path);

/* A user's WG codes (year 0: of every cycle, else of that cycle's WGs only) into u, in a. */
enum cnap_err load_user_wgs(struct cnap_store *s, struct cnap_user *u, int year, struct cnap_arena *a,
			    struct cnap_error *err);

/* Append an audit record (before/after JSON may be NULL). */
enum cnap_err audit_add(struct cnap_store *s, const char *action, const char *entity, int64_t id,
			const char *before, const char *after, struct cnap_error *err);

/* Transaction bracket for mutators: tx_enter, then tx_leave(s, rc, err) returns rc. */
enum cnap_err tx_enter(struct cnap_store *s, struct cnap_error *err);
enum cnap_err tx_leave(struct cnap_store *s, enum cnap_err rc, struct cnap_error *err);

/* JSON snapshots of rows for the audit trail; caller frees. */
char *question_snapshot(const struct cnap_question *q);
char *answer_snapshot(const struct cnap_answer *a);
/* One member of such a snapshot: "{" before the first, "," before the others; close with '}'. */
void snap_kv_str(struct cnap_buf *b, const char *k, const char *v, bool *first);
void snap_kv_int(struct cnap_buf *b, const char *k, int64_t v, bool *first);



/* A version's item texts, inside cnap_store_submission_add's transaction (repo_text.c). */
enum cnap_err store_texts_insert(struct cnap_store *s, int64_t pid, int64_t sid, const struct cnap_submission *sub,
				 struct cnap_error *err);

/* ",a,b," of v[0..n) and of the names of a bit set of statuses, for instr() membership tests (repo_qa.c); NULL when out of memory. */
const char *sql_comma_list(struct cnap_arena *a, const char *const *v, size_t n);
const char *sql_status_list(struct cnap_arena *a, unsigned statuses);
/* search_rebuild.sql: the search index filled from scratch (repo_search.c). */
const char *store_search_rebuild_sql(void);

/* The audit trail's chain (audit_chain.c, migration 0012): a record's chain from the one before it. */
#define AUDIT_CHAIN_HEX 65
void audit_chain_of(const char *prev, const struct cnap_audit_entry *e, char out[AUDIT_CHAIN_HEX]);
/* The last record's id and chain (0 and "" when there is none). */
enum cnap_err audit_chain_last(struct cnap_store *s, int64_t *id, char chain[AUDIT_CHAIN_HEX], struct cnap_error *err);
/* Chains for the records that have none yet, in id order: once, when migration 0012 runs on a trail. */
enum cnap_err audit_chain_fill(struct cnap_store *s, struct cnap_error *err);

/* Mail (repo_mail.c): rows of RECIPIENT_COLUMNS and NOTICE_COLUMNS read into arrays in a. */
#define RECIPIENT_COLUMNS "SELECT u.id, u.login, u.name, u.email, u.mail_mode FROM users u "
#define NOTICE_COLUMNS "SELECT n.id, n.event, coalesce(n.question_id, 0), n.title, n.link, n.vars, n.created_at, " \
		       "n.read_at, n.mail, coalesce(n.outbox_id, 0) FROM notifications n "
struct cnap_mail_recipient;
struct cnap_notification;
enum cnap_err mail_read_recipients(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
				   struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err);
enum cnap_err mail_read_notices(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
				struct cnap_notification **out, size_t *n, struct cnap_error *err);

/* Make room for one more element in an arena-backed array; false on exhaustion. */
bool arena_grow(struct cnap_arena *a, void **v, size_t *cap, size_t count, size_t elem);
#define ARENA_PUSH(a, v, cap, count) \
	(arena_grow((a), (void **)&(v), &(cap), (count), sizeof(*(v))) ? &(v)[(count)++] : NULL)
#endif
