/* Editions of a WG's published list, their files and printed entries (migration 0006). */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static enum cnap_err edition_id(struct cnap_store *s, int year, const char *wg_code, int number, int64_t *out,
				struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id FROM editions WHERE cycle = ? AND wg = ? AND number = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	st_text(s, st, 2, wg_code);
	st_int(s, st, 3, number);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*out = col_int(s, st, 0);
		rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err)
					  : cnap_fail(err, CNAP_ENOTFOUND, "edition", "WG「%s」の第%d版はありません", wg_code, number);
	}
	st_free(s, st);
	return rc;
}

/* Run st and read each row into a new element of *out (arena-backed) with fill; st is freed. */
typedef void (*fill_fn)(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, void *elem);
static enum cnap_err read_rows(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, void **out,
			       size_t *n, size_t elem, fill_fn fill, struct cnap_error *err)
{
	size_t cap = 0;
	enum cnap_err rc = CNAP_OK;
	enum cnap_step r;
	while (!rc && (r = st_step(s, st)) == CNAP_STEP_ROW) {
		if (!arena_grow(a, out, &cap, *n, elem)) {
			rc = OOM(err);
			break;
		}
		void *e = (char *)*out + elem * (*n)++;
		memset(e, 0, elem);
		fill(s, st, a, e);
		rc = st_row_status(s, st, err);
	}
	if (!rc && r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

static void fill_edition(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, void *elem)
{
	struct cnap_edition *e = elem;
	e->id = col_int(s, st, 0);
	e->number = (int)col_int(s, st, 1);
	e->created_at = col_str(s, st, 2, a);
	e->created_by = col_str(s, st, 3, a);
	e->note = col_str(s, st, 4, a);
}

static void fill_file(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, void *elem)
{
	struct cnap_edition_file *f = elem;
	f->format = col_str(s, st, 0, a);
	f->len = (size_t)col_int(s, st, 1);
	f->sha256 = col_str(s, st, 2, a);
}

static void fill_entry(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a, void *elem)
{
	struct cnap_edition_entry *e = elem;
	e->question_id = col_int(s, st, 0);
	e->association_code = col_str(s, st, 1, a);
	e->association_name = col_str(s, st, 2, a);
	e->item_number = col_str(s, st, 3, a);
	e->no = (int)col_int(s, st, 4);
	e->question = col_str(s, st, 5, a);
	e->answer = col_str(s, st, 6, a);
}

static enum cnap_err add_file(struct cnap_store *s, int64_t eid, const struct cnap_edition_file *f,
			      struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "INSERT INTO edition_files (edition_id, format, bytes, sha256) VALUES (?,?,?,?)",
				      &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, eid);
	st_text(s, st, 2, f->format);
	st_blob(s, st, 3, f->bytes, f->len);
	st_text(s, st, 4, f->sha256);
	return st_done(s, st, "edition", err);
}

static enum cnap_err add_entry(struct cnap_store *s, int64_t eid, const struct cnap_edition_entry *e,
			       struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"INSERT INTO edition_entries (edition_id, question_id, association, association_name, item_number, no, "
		"question, answer) VALUES (?,?,?,?,?,?,?,?)",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, eid);
	st_int(s, st, 2, e->question_id);
	st_text(s, st, 3, e->association_code);
	st_text(s, st, 4, e->association_name);
	st_text(s, st, 5, e->item_number ? e->item_number : "");
	st_int(s, st, 6, e->no);
	st_text(s, st, 7, e->question ? e->question : "");
	st_text(s, st, 8, e->answer ? e->answer : "");
	return st_done(s, st, "edition", err);
}

enum cnap_err cnap_store_edition_add(struct cnap_store *s, int year, const char *wg_code, const char *note,
				     const struct cnap_edition_file *files, size_t n_files,
				     const struct cnap_edition_entry *entries, size_t n_entries, int *number_out,
				     struct cnap_error *err)
{
	enum cnap_err rc;
	int64_t wid, last = 0, eid;
	if ((rc = cnap_text_check(note, CNAP_MAX_NOTE_CHARS, CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL, "edition.note",
				  err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	if ((rc = wg_id(s, year, wg_code, &wid, err)) ||
	    (rc = query_id(s, "SELECT coalesce(max(number), 0) FROM editions WHERE cycle = ? AND wg = ?", wg_code, NULL,
			   year, &last, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "INSERT INTO editions (cycle, wg, number, created_at, created_by, note) VALUES (?,?,?,?,?,?)",
			     &st, err)))
		return tx_leave(s, rc, err);
	int number = (int)last + 1;
	st_int(s, st, 1, year);
	st_text(s, st, 2, wg_code);
	st_int(s, st, 3, number);
	st_text(s, st, 4, cnap_store_now(s));
	st_text(s, st, 5, s->actor);
	st_text(s, st, 6, note && *note ? note : NULL);
	if ((rc = st_done(s, st, "edition", err)))
		return tx_leave(s, rc, err);
	eid = s->drv->last_insert_id(s->db);
	for (size_t i = 0; !rc && i < n_files; i++)
		rc = add_file(s, eid, &files[i], err);
	for (size_t i = 0; !rc && i < n_entries; i++)
		rc = add_entry(s, eid, &entries[i], err);
	if (!rc) {
		struct cnap_buf b;
		bool first = true;
		cnap_buf_init(&b, 0);
		snap_kv_int(&b, "cycle", year, &first);
		snap_kv_str(&b, "wg", wg_code, &first);
		snap_kv_int(&b, "number", number, &first);
		snap_kv_str(&b, "note", note && *note ? note : NULL, &first);
		snap_kv_int(&b, "questions", (int64_t)n_entries, &first);
		for (size_t i = 0; i < n_files; i++)
			snap_kv_str(&b, files[i].format, files[i].sha256, &first);
		cnap_buf_addc(&b, '}');
		char *after = cnap_buf_detach(&b, NULL);
		rc = after ? audit_add(s, "edition.publish", "edition", eid, NULL, after, err) : OOM(err);
		free(after);
	}
	if (!rc && number_out)
		*number_out = number;
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_edition_list(struct cnap_store *s, int year, const char *wg_code, struct cnap_arena *a,
				      struct cnap_edition **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT id, number, created_at, created_by, note FROM editions WHERE cycle = ? AND wg = ? "
		"ORDER BY number DESC",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, year);
	st_text(s, st, 2, wg_code);
	if ((rc = read_rows(s, st, a, (void **)out, n, sizeof(**out), fill_edition, err)))
		return rc;
	for (size_t i = 0; i < *n; i++) {
		(*out)[i].year = year;
		(*out)[i].wg_code = wg_code;
	}
	return CNAP_OK;
}

enum cnap_err cnap_store_edition_files(struct cnap_store *s, int year, const char *wg_code, int number,
				       struct cnap_arena *a, struct cnap_edition_file **out, size_t *n,
				       struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t eid;
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = edition_id(s, year, wg_code, number, &eid, err)) ||
	    (rc = st_prepare(s, "SELECT format, length(bytes), sha256 FROM edition_files WHERE edition_id = ? "
				"ORDER BY rowid",
			     &st, err)))
		return rc;
	st_int(s, st, 1, eid);
	return read_rows(s, st, a, (void **)out, n, sizeof(**out), fill_file, err);
}

enum cnap_err cnap_store_edition_file_get(struct cnap_store *s, int year, const char *wg_code, int number,
					  const char *format, struct cnap_arena *a, struct cnap_edition_file *out,
					  struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	int64_t eid;
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = edition_id(s, year, wg_code, number, &eid, err)) ||
	    (rc = st_prepare(s, "SELECT format, bytes, sha256 FROM edition_files WHERE edition_id = ? AND format = ?",
			     &st, err)))
		return rc;
	st_int(s, st, 1, eid);
	st_text(s, st, 2, format);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		size_t len = 0;
		const void *p = col_blob(s, st, 1, &len);
		unsigned char *copy = cnap_arena_alloc(a, len + 1);
		out->format = col_str(s, st, 0, a);
		out->sha256 = col_str(s, st, 2, a);
		if (!copy) {
			rc = OOM(err);
		} else {
			if (len)
				memcpy(copy, p, len);
			copy[len] = 0;
			out->bytes = copy;
			out->len = len;
			rc = st_row_status(s, st, err);
		}
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err)
					  : cnap_fail(err, CNAP_ENOTFOUND, "format", "第%d版に「%s」の形式はありません",
						      number, format);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_edition_entries(struct cnap_store *s, int year, const char *wg_code, int number,
					 struct cnap_arena *a, struct cnap_edition_entry **out, size_t *n,
					 struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t eid;
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = edition_id(s, year, wg_code, number, &eid, err)) ||
	    (rc = st_prepare(s,
			     "SELECT question_id, association, association_name, item_number, no, question, answer "
			     "FROM edition_entries WHERE edition_id = ? ORDER BY rowid",
			     &st, err)))
		return rc;
	st_int(s, st, 1, eid);
	return read_rows(s, st, a, (void **)out, n, sizeof(**out), fill_entry, err);
}
