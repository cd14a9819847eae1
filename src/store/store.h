/*
 * The store: the only part of cnap that speaks SQL.
 *
 * A struct cnap_store is one connection (use one per thread). Every mutating
 * call runs in a transaction — its own, or the caller's when one is open via
 * cnap_store_begin() — and appends an audit record naming the actor set with
 * cnap_store_set_actor(). Read calls fill model structs whose strings live
 * in the arena the caller passes; the caller releases that arena.
 *
 * Errors name what was not found or what conflicted ("unknown WG 'x' in
 * cycle 2023"), with where set to the option or field concerned.
 */
#ifndef CNAP_STORE_H
#define CNAP_STORE_H

#include "model/model.h"

struct cnap_store;

enum cnap_store_open_flags {
	CNAP_STORE_CREATE = 1 << 0, /* create the file if missing */
	CNAP_STORE_MUST_BE_NEW = 1 << 1, /* refuse an existing database with data */
};

/* Schema version this binary writes (the number of migrations in src/store/migrations); a file stamped newer is refused. */
int cnap_store_schema_version(void);
/* PRAGMA application_id marking a cnap file ("CNAP"). */
#define CNAP_APPLICATION_ID 0x434E4150

enum cnap_err cnap_store_open(const char *path, unsigned flags, struct cnap_store **out,
			      struct cnap_error *err);
void cnap_store_close(struct cnap_store *s);
/*
 * Close, and delete the database file if this open created it: a command
 * that makes a new database and then fails leaves nothing behind.
 */
void cnap_store_discard(struct cnap_store *s);
/*
 * A consistent copy of the whole database in the file dest (SQLite's online backup: safe while
 * servers write), audited as "database.backup" with the file's SHA-256 (hex into sha256), which is
 * also written beside it as dest CNAP_BACKUP_DIGEST_END in sha256sum's format ("HEX  NAME").
 * The copy is made beside dest and renamed over it at the end, so dest is never half written.
 * An existing dest is CNAP_ECONFLICT unless overwrite.
 */
#define CNAP_BACKUP_DIGEST_END ".sha256"
enum cnap_err cnap_store_backup(struct cnap_store *s, const char *dest, bool overwrite, char sha256[65],
				struct cnap_error *err);

/* What a restore found in its input and did. */
struct cnap_restore_report {
	int64_t schema_from;   /* the input's schema version; an older one is migrated on the way in */
	int schema_to;         /* this cnap's */
	int64_t audit_records; /* of the restored trail, the restore's own record included */
	bool reindexed;        /* the input's search index did not match its rows and was rebuilt */
	bool digest_checked;   /* input CNAP_BACKUP_DIGEST_END was there and matched */
	char sha256[65];       /* of the input file, hex */
};
/*
 * The whole database replaced by the backup file input (restore.c). Before anything of s is
 * touched the input is checked, on a scratch copy beside the database (never the input itself):
 * a cnap database (EFORMAT otherwise, and for one from a newer cnap), its pages whole and its
 * foreign keys kept (EINVAL), then migrated when older, its audit chain whole (EINVAL), its
 * search index rebuilt when out of step. The copy gets the record "database.restore" (the
 * actor, the file, its SHA-256, the trail's head as it came) and then goes into s in one write
 * transaction, so a server that has the database open sees the old content or the new, never a
 * mix. When input CNAP_BACKUP_DIGEST_END is there (cnap_store_backup writes it), the file must
 * have that SHA-256 (EINVAL): it finds a byte changed where the page checks cannot, in a free
 * page or inside a text. A database that holds anything (a cycle, an association, a user, an audit record) is
 * CNAP_ECONFLICT unless overwrite. Missing input: CNAP_ENOTFOUND; unreadable: CNAP_EIO; where
 * "restore.input" or "restore.target". No transaction of s may be open.
 */
enum cnap_err cnap_store_restore(struct cnap_store *s, const char *input, bool overwrite,
				 struct cnap_restore_report *out, struct cnap_error *err);

/* Audit actor for later writes ("cli:alice", a login); copied. */
void cnap_store_set_actor(struct cnap_store *s, const char *actor);
/* Clock used for created_at/updated_at/audit: ISO 8601 UTC; a test build can pin it (base/testhook.h). */
const char *cnap_store_now(struct cnap_store *s);

/* Explicit transactions nest by counting; only the outermost commits. */
enum cnap_err cnap_store_begin(struct cnap_store *s, struct cnap_error *err);
enum cnap_err cnap_store_commit(struct cnap_store *s, struct cnap_error *err);
void cnap_store_rollback(struct cnap_store *s);
/*
 * The database's change counter: a number that every committed write
 * transaction, in any process, raises as part of that transaction, so a
 * reader that gets the same number twice knows nothing was written between.
 * Read outside a transaction, it is the number of the latest commit.
 */
enum cnap_err cnap_store_change_count(struct cnap_store *s, uint64_t *out, struct cnap_error *err);
/*
 * A read snapshot: every read until cnap_store_read_end sees the database as
 * of one moment, and SQLite takes its read lock once instead of per
 * statement. It blocks no writer (unlike cnap_store_begin, which takes the
 * write lock). Nests; inside a write transaction it is that transaction. A
 * write started inside a snapshot of our own is refused (CNAP_ECONFLICT):
 * upgrading a snapshot can fail once another process has written.
 */
enum cnap_err cnap_store_read_begin(struct cnap_store *s, struct cnap_error *err);
void cnap_store_read_end(struct cnap_store *s);
/* End a transaction opened with cnap_store_begin: roll back when rc is an error, else commit. Returns rc or the commit's error. */
enum cnap_err cnap_store_finish(struct cnap_store *s, enum cnap_err rc, struct cnap_error *err);

/* Cycles */
enum cnap_err cnap_store_cycle_add(struct cnap_store *s, const struct cnap_cycle *c, struct cnap_error *err);
enum cnap_err cnap_store_cycle_list(struct cnap_store *s, struct cnap_arena *a, struct cnap_cycle **out,
				    size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_cycle_get(struct cnap_store *s, int year, struct cnap_arena *a,
				   struct cnap_cycle *out, struct cnap_error *err);

/* WGs belong to a cycle. */
enum cnap_err cnap_store_wg_add(struct cnap_store *s, int year, const struct cnap_wg *wg,
				struct cnap_error *err);
enum cnap_err cnap_store_wg_list(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_wg **out,
				 size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_wg_get(struct cnap_store *s, int year, const char *code, struct cnap_arena *a,
				struct cnap_wg *out, struct cnap_error *err);

/* Associations exist across cycles; participation ties one to a WG of a cycle. */
enum cnap_err cnap_store_association_add(struct cnap_store *s, const struct cnap_association *as,
					 struct cnap_error *err);
enum cnap_err cnap_store_association_get(struct cnap_store *s, const char *code, struct cnap_arena *a,
					 struct cnap_association *out, struct cnap_error *err);
/* year 0: all associations by code; else the participants of (year, wg or all WGs) in WG order. */
enum cnap_err cnap_store_association_list(struct cnap_store *s, int year, const char *wg_code,
					  struct cnap_arena *a, struct cnap_association **out, size_t *n,
					  struct cnap_error *err);
enum cnap_err cnap_store_participation_add(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, const char *template_code,
					   struct cnap_error *err);
/* The participation with its submissions and page maps. */
enum cnap_err cnap_store_participation_get(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, struct cnap_arena *a,
					   struct cnap_participation *out, struct cnap_error *err);

/*
 * Changes after set-up (repo_org_edit.c), each audited with the row before and after: a WG's name (its
 * code stays), an association's name and industry (業種; empty: none).
 */
enum cnap_err cnap_store_wg_rename(struct cnap_store *s, int year, const char *code, const char *name,
				   struct cnap_error *err);
enum cnap_err cnap_store_association_edit(struct cnap_store *s, const struct cnap_association *as,
					  struct cnap_error *err);
/* One participation as the secretariat manages it, with what it holds; strings in the caller's arena. */
struct cnap_participation_row {
	int64_t id;
	const char *wg_code, *association_code, *association_name, *industry;
	const char *template_code, *template_name; /* its outline (調査票) */
	int position;                              /* 1.. in the WG's bundle */
	int64_t submissions, questions, drafts, remarks; /* versions, questions, data and text drafts, WG 指摘 */
};
/* The participations of a cycle by WG, then position. */
enum cnap_err cnap_store_participation_rows(struct cnap_store *s, int year, struct cnap_arena *a,
					    struct cnap_participation_row **out, size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_participation_row(struct cnap_store *s, int year, const char *wg_code,
					   const char *association_code, struct cnap_arena *a,
					   struct cnap_participation_row *out, struct cnap_error *err);
/*
 * A participation's outline (template_code NULL: kept) and place (position 0: kept; else moved there,
 * at most the bundle's end, and the others numbered 1..n around it).
 */
enum cnap_err cnap_store_participation_edit(struct cnap_store *s, int year, const char *wg_code,
					    const char *association_code, const char *template_code, int position,
					    struct cnap_error *err);
/* Taken back, the rest of the bundle numbered 1..n again; CNAP_ECONFLICT while anything refers to it. */
enum cnap_err cnap_store_participation_remove(struct cnap_store *s, int year, const char *wg_code,
					      const char *association_code, struct cnap_error *err);

/*
 * The working copy of an association's survey data (the form's autosave):
 * one per participation, replaced on every save, removed when it becomes a
 * version or is discarded. base_version is the version it was started from.
 */
struct cnap_data_draft {
	int base_version;
	const char *data_json;
	const char *updated_by; /* login, or NULL */
	const char *updated_at;
};
/* CNAP_ENOTFOUND when there is none. */
enum cnap_err cnap_store_draft_get(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				   struct cnap_arena *a, struct cnap_data_draft *out, struct cnap_error *err);
enum cnap_err cnap_store_draft_put(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				   int base_version, const char *data_json, const char *login, struct cnap_error *err);
/* Removing a missing draft is no error. */
enum cnap_err cnap_store_draft_delete(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, struct cnap_error *err);

/*
 * Item texts (model/doc.h as io/doc_json.h's canonical JSON) of one version,
 * in outline order; CNAP_ENOTFOUND when the version does not exist.
 */
enum cnap_err cnap_store_submission_texts(struct cnap_store *s, int year, const char *wg_code,
					  const char *association_code, int version, struct cnap_arena *a,
					  struct cnap_stored_text **out, size_t *n, struct cnap_error *err);
/*
 * The working copy of item texts (the browser's autosave), one per item,
 * until they become a version or are discarded. base_version is the version
 * the edit started from.
 */
struct cnap_text_draft {
	const char *item_key;
	const char *doc_json;
	int base_version;
	const char *updated_by; /* login, or NULL */
	const char *updated_at;
};
enum cnap_err cnap_store_text_drafts(struct cnap_store *s, int year, const char *wg_code,
				     const char *association_code, struct cnap_arena *a, struct cnap_text_draft **out,
				     size_t *n, struct cnap_error *err);
/* CNAP_ENOTFOUND when item_key is not an item of the participation's outline. */
enum cnap_err cnap_store_text_draft_put(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, const char *item_key, int base_version,
					const char *doc_json, const char *login, struct cnap_error *err);
/* One item's draft, or all of them when item_key is NULL; removing none is no error. */
enum cnap_err cnap_store_text_drafts_delete(struct cnap_store *s, int year, const char *wg_code,
					    const char *association_code, const char *item_key,
					    struct cnap_error *err);

/* Survey templates of a cycle. */
enum cnap_err cnap_store_template_add(struct cnap_store *s, int year, const struct cnap_template *t,
				      struct cnap_error *err);
enum cnap_err cnap_store_template_get(struct cnap_store *s, int year, const char *code,
				      struct cnap_arena *a, struct cnap_template *out, struct cnap_error *err);
enum cnap_err cnap_store_template_list(struct cnap_store *s, int year, struct cnap_arena *a,
				       struct cnap_template **out, size_t *n, struct cnap_error *err);

/*
 * A new submission version with its page map (version 0: next free number)
 * and its item texts (given, or the previous version's: struct cnap_submission).
 */
enum cnap_err cnap_store_submission_add(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, const struct cnap_submission *sub,
					int *version_out, struct cnap_error *err);

/* Users */
enum cnap_err cnap_store_user_add(struct cnap_store *s, int year, const struct cnap_user *u,
				  const char *password_hash, struct cnap_error *err);
enum cnap_err cnap_store_user_get(struct cnap_store *s, const char *login, struct cnap_arena *a,
				  struct cnap_user *out, struct cnap_error *err);
enum cnap_err cnap_store_user_list(struct cnap_store *s, struct cnap_arena *a, struct cnap_user **out,
				   size_t *n, struct cnap_error *err);
/*
 * What cnap_store_user_update changes: each member only when its set_ flag is on.
 * An empty email or association clears it; a role other than association clears the
 * association unless one is set with it (and then it is refused), and a role other than
 * reviewer ends the WG memberships of every cycle. wg_codes replace the memberships
 * in cycle year only. Strings are borrowed for the call.
 */
struct cnap_user_update {
	bool set_name, set_email, set_role, set_association, set_wgs, set_active;
	const char *name, *email, *association_code;
	enum cnap_role role;
	const char *const *wg_codes;
	size_t n_wg_codes;
	bool active;
};
/*
 * Change login (CNAP_ENOTFOUND if unknown) in one transaction audited as "user.update"
 * (before and after; no record when nothing changed). Deactivating ends the user's
 * sessions and API tokens. Messages are Japanese; where is "user.name", "user.email", ...
 */
enum cnap_err cnap_store_user_update(struct cnap_store *s, int year, const char *login,
				     const struct cnap_user_update *ch, struct cnap_error *err);

/* Questions and answers */
struct cnap_question_filter {
	int year;                /* required */
	const char *wg_code;     /* NULL: any */
	const char *association_code; /* NULL: any */
	int status;              /* -1: any, else enum cnap_qstatus */
	/*
	 * Visibility for an actor, set by cnap_policy_question_scope (auth/policy.h)
	 * and applied in the query itself. Zero values: no restriction.
	 */
	unsigned visible_statuses;     /* bit set (1u << status); 0: every status */
	bool wgs_limited;              /* only the WGs in wg_codes */
	const char *const *wg_codes;
	size_t n_wg_codes;
	const char *drafts_of;         /* drafts only when this login wrote them */
	bool none;                     /* nothing is visible: an empty list */
};

/*
 * File a question; q->wg_code, association_code, item_key, text, status are
 * required; no 0 means "after the last"; the new id goes to *id_out.
 */
enum cnap_err cnap_store_question_add(struct cnap_store *s, int year, const struct cnap_question *q,
				      int64_t *id_out, struct cnap_error *err);
enum cnap_err cnap_store_question_get(struct cnap_store *s, int64_t id, struct cnap_arena *a,
				      struct cnap_question *out, struct cnap_error *err);
/* Ordered by WG, association position, no, id. */
enum cnap_err cnap_store_question_list(struct cnap_store *s, const struct cnap_question_filter *f,
				       struct cnap_arena *a, struct cnap_question **out, size_t *n,
				       struct cnap_error *err);
/*
 * Write the mutable fields of q (no, item_key, page, text, note, status, refers_to_id, due_on).
 * The quote is set when the question is filed and kept; the anchor has its own writer below.
 */
enum cnap_err cnap_store_question_update(struct cnap_store *s, const struct cnap_question *q,
					 const char *action, struct cnap_error *err);
/* The same with a reason kept in the audit record (a correction's 「訂正のため再開」). */
enum cnap_err cnap_store_question_update_why(struct cnap_store *s, const struct cnap_question *q,
					     const char *action, const char *reason, struct cnap_error *err);
/*
 * What became of question id's item since it was filed (issue 12): write the anchor as
 * given (confirmed_by a login or NULL, confirmed_at as given), audited as action
 * ("question.survey-changed", "question.confirm-anchor"). changed_version 1..999.
 */
enum cnap_err cnap_store_question_anchor_set(struct cnap_store *s, int64_t id, const struct cnap_question_anchor *an,
					     const char *action, struct cnap_error *err);
/* 継続 on question id, or off (audited as question.carry); no change is no record. */
enum cnap_err cnap_store_question_carry_set(struct cnap_store *s, int64_t id, bool on, struct cnap_error *err);

/*
 * Year after year (store/repo_years.c). How the outline's keys moved into
 * cycle year from the one it was made from, oldest key first (in a).
 */
enum cnap_err cnap_store_key_moves_put(struct cnap_store *s, int year, const struct cnap_key_move *v, size_t n,
				       struct cnap_error *err);
enum cnap_err cnap_store_key_moves(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_key_move **out,
				   size_t *n, struct cnap_error *err);
/*
 * Reviewers' memberships of from_year's WGs given to the WGs of the same
 * code in to_year; *added counts them.
 */
enum cnap_err cnap_store_reviewer_wgs_carry(struct cnap_store *s, int from_year, int to_year, size_t *added,
					    struct cnap_error *err);

/* The WG's 指摘 to an association (position: next in its list); *id the new one's. Audited as remark.add. */
enum cnap_err cnap_store_remark_add(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				    const char *text, int64_t *id, struct cnap_error *err);
/* A WG's 指摘 of year (association_code NULL: every association's), in WG bundle order, then position. */
enum cnap_err cnap_store_remarks(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				 struct cnap_arena *a, struct cnap_wg_remark **out, size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_remark_delete(struct cnap_store *s, int64_t id, struct cnap_error *err);

/*
 * Close cycle year (read only from at, NULL: now) or open it again; audited
 * as cycle.close / cycle.reopen.
 */
enum cnap_err cnap_store_cycle_close(struct cnap_store *s, int year, bool close, const char *at,
				     struct cnap_error *err);

/* An audit record about cycle year as a whole (after: JSON), for a use case's summary of what it made. */
enum cnap_err cnap_store_audit_cycle(struct cnap_store *s, const char *action, int year, const char *after,
				     struct cnap_error *err);

/* Create or replace the answer of question qid. */
enum cnap_err cnap_store_answer_set(struct cnap_store *s, int64_t qid, const struct cnap_answer *ans,
				    const char *action, struct cnap_error *err);

/* Audit trail */
struct cnap_audit_entry {
	int64_t id;
	const char *at, *actor, *action, *entity;
	int64_t entity_id;
	const char *before, *after; /* JSON or NULL */
};
/*
 * The audit trail checked against its chain (migration 0012): every record
 * in id order, none missing, each one's chain that of the record before it
 * and of its own fields. head is the last good record's chain: kept outside
 * the database (a log, a backup's note), it also shows records removed from
 * the end, which the chain alone cannot.
 */
enum cnap_audit_break { CNAP_AUDIT_WHOLE, CNAP_AUDIT_EDITED, CNAP_AUDIT_REMOVED };
struct cnap_audit_check {
	int64_t records;            /* records that checked out, from the first */
	int64_t last_id;            /* the last of them */
	char head[65];              /* its chain, hex; "" for an empty trail */
	enum cnap_audit_break broken;
	int64_t at_id;              /* EDITED: the record that does not match; REMOVED: the one after the gap */
	int64_t missing_from;       /* REMOVED: the first id missing */
	char probe_chain[65];       /* the chain of record probe_id (a head noted earlier), "" if not reached */
};
/* probe_id: a record whose chain to report (0: none). */
enum cnap_err cnap_store_audit_verify(struct cnap_store *s, int64_t probe_id, struct cnap_audit_check *out,
				      struct cnap_error *err);

/* Whether the database is whole (`cnap verify`): pages, foreign keys, the search index, the audit chain. */
struct cnap_db_check {
	bool integrity_ok;
	char integrity_first[200]; /* SQLite's first complaint */
	int64_t fk_violations;
	char fk_first[200];        /* "questions #12 → participations" */
	bool index_ok;             /* the search index matches search_docs */
	struct cnap_audit_check audit;
};
enum cnap_err cnap_store_verify(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err);

/* entity NULL: all; entity_id 0: all of that entity. Oldest first. */
enum cnap_err cnap_store_audit_list(struct cnap_store *s, const char *entity, int64_t entity_id,
				    struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				    struct cnap_error *err);

/*
 * Time of the newest audit record (the last change to anything) as
 * "YYYY-MM-DDThh:mm:ss" (UTC), or "2000-01-01T00:00:00" for an empty database:
 * the date publications pin so the same data gives the same bytes. In a.
 */
enum cnap_err cnap_store_last_change(struct cnap_store *s, struct cnap_arena *a, const char **out,
				     struct cnap_error *err);

/*
 * Editions of a WG's published list (migration 0006): immutable, numbered from 1
 * per cycle and WG. Each keeps its files byte for byte and the entries it printed.
 */
struct cnap_edition {
	int64_t id;
	int year;
	const char *wg_code;
	int number;
	const char *created_at, *created_by, *note;
};
struct cnap_edition_file {
	const char *format; /* "pdf", "html", "xlsx", "csv", "json", "errata.html", "errata.csv" */
	const unsigned char *bytes;
	size_t len;
	const char *sha256; /* hex */
};
struct cnap_edition_entry {
	int64_t question_id;
	const char *association_code, *association_name, *item_number;
	int no;
	const char *question, *answer;
};
/* Add the next edition (number = last + 1 → *number_out), audited as "edition.publish". */
enum cnap_err cnap_store_edition_add(struct cnap_store *s, int year, const char *wg_code, const char *note,
				     const struct cnap_edition_file *files, size_t n_files,
				     const struct cnap_edition_entry *entries, size_t n_entries, int *number_out,
				     struct cnap_error *err);
/* Newest first. */
enum cnap_err cnap_store_edition_list(struct cnap_store *s, int year, const char *wg_code, struct cnap_arena *a,
				      struct cnap_edition **out, size_t *n, struct cnap_error *err);
/* The formats of one edition (bytes NULL, len and sha256 set), in stored order. */
enum cnap_err cnap_store_edition_files(struct cnap_store *s, int year, const char *wg_code, int number,
				       struct cnap_arena *a, struct cnap_edition_file **out, size_t *n,
				       struct cnap_error *err);
/* One file with its bytes (in a); CNAP_ENOTFOUND for an unknown edition or format. */
enum cnap_err cnap_store_edition_file_get(struct cnap_store *s, int year, const char *wg_code, int number,
					  const char *format, struct cnap_arena *a, struct cnap_edition_file *out,
					  struct cnap_error *err);
/* The entries of one edition, by association code, item number, no. */
enum cnap_err cnap_store_edition_entries(struct cnap_store *s, int year, const char *wg_code, int number,
					 struct cnap_arena *a, struct cnap_edition_entry **out, size_t *n,
					 struct cnap_error *err);

/* Whole cycles: import is all-or-nothing; export fills d from the arena. */
enum cnap_err cnap_store_cycle_import(struct cnap_store *s, const struct cnap_cycle_data *d,
				      struct cnap_error *err);
enum cnap_err cnap_store_cycle_export(struct cnap_store *s, int year, struct cnap_arena *a,
				      struct cnap_cycle_data *out, struct cnap_error *err);

/*
 * Full-text search (migration 0011): questions, answers and the latest
 * version's item texts of every cycle. The use case builds match, an FTS5
 * expression of quoted runs (usecase/search.h); the scope comes from
 * cnap_policy_search_scope and is applied in the query, before ranking and
 * LIMIT, so a count, a rank or a snippet never involves what the actor may
 * not see.
 */
enum cnap_search_kind { CNAP_SEARCH_QUESTION, CNAP_SEARCH_ANSWER, CNAP_SEARCH_TEXT, CNAP_SEARCH_KIND_COUNT };
const char *cnap_search_kind_name(enum cnap_search_kind k); /* "question", "answer", "text" */
bool cnap_search_kind_parse(const char *s, enum cnap_search_kind *out);

struct cnap_search_filter {
	const char *match;
	/*
	 * What to look in and the actor's scope: year 0 is every cycle; wg_code,
	 * association_code and status narrow as for questions; visible_statuses,
	 * wgs_limited, drafts_of and none as cnap_policy_question_scope sets them.
	 * A text has no status: a status filter leaves texts out.
	 */
	struct cnap_question_filter where;
	const char *item_key;    /* NULL: any */
	int kind;                /* -1: any, else enum cnap_search_kind */
	bool answer_drafts;      /* an answer still in draft is found (its association's own users) */
	size_t limit, offset;
};

struct cnap_search_hit {
	enum cnap_search_kind kind;
	int year;
	const char *wg_code, *wg_name;
	struct cnap_association association;
	const char *template_code;
	const char *item_key;
	int64_t question_id;       /* question and answer; 0 for a text */
	int question_no;
	int page;
	enum cnap_qstatus status;  /* question and answer */
	enum cnap_astatus answer_status; /* answer */
	int version;               /* text: the version it is from */
	const char *body;          /* the whole text searched, for the snippet */
	double score;              /* cnap_rank (store/search_fts.h): lower is better */
};

/*
 * How many matches a search ranks at most: the newest this many that the
 * actor may see. A word found in more rows than this (目標 in ten years of
 * questions) is ranked among its newest matches, so a search costs the same
 * however common its words are; *capped says so, and narrowing (a cycle, an
 * association, a second word) reaches the older ones.
 */
#define CNAP_SEARCH_CANDIDATES 1000

struct cnap_search_page {
	struct cnap_search_hit *hits; /* f->limit at most, from f->offset on */
	size_t n;
	bool more;   /* ranked hits after these */
	bool capped; /* more matches than CNAP_SEARCH_CANDIDATES: the older were not ranked */
};

/*
 * The hits of f, best first (relevance, then the newer cycle, then the newer
 * question or version), all in a.
 */
enum cnap_err cnap_store_search(struct cnap_store *s, const struct cnap_search_filter *f, struct cnap_arena *a,
				struct cnap_search_page *out, struct cnap_error *err);
/* Rebuilds the index from the questions, answers and texts (audited as "search.reindex"); *rows: rows indexed. */
enum cnap_err cnap_store_search_reindex(struct cnap_store *s, int64_t *rows, struct cnap_error *err);

#endif
