/*
 * `cnap verify`: whether a database is whole. SQLite's own page check, every
 * foreign key, the search index against the rows it indexes, and the audit
 * trail's chain (audit_chain.c). Reads only: the index's check is an FTS5
 * command statement, run in a transaction that is rolled back.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static enum cnap_err integrity(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "PRAGMA integrity_check(20)", &st, err);
	if (rc)
		return rc;
	enum cnap_step r;
	out->integrity_ok = true;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		const char *line = col_text(s, st, 0);
		if (line && strcmp(line, "ok") != 0 && out->integrity_ok) {
			out->integrity_ok = false;
			snprintf(out->integrity_first, sizeof(out->integrity_first), "%s", line);
		}
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

static enum cnap_err foreign_keys(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "PRAGMA foreign_key_check", &st, err);
	if (rc)
		return rc;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		if (out->fk_violations++ == 0)
			snprintf(out->fk_first, sizeof(out->fk_first), "%s #%lld → %s", col_text(s, st, 0) ? col_text(s, st, 0) : "",
				 (long long)col_int(s, st, 1), col_text(s, st, 2) ? col_text(s, st, 2) : "");
	}
	st_free(s, st);
	return r == CNAP_STEP_ERROR ? st_step_error(s, err) : CNAP_OK;
}

enum cnap_err store_check_pages(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = integrity(s, out, err);
	return rc ? rc : foreign_keys(s, out, err);
}

enum cnap_err cnap_store_verify(struct cnap_store *s, struct cnap_db_check *out, struct cnap_error *err)
{
	enum cnap_err rc = store_check_pages(s, out, err);
	if (!rc)
		rc = cnap_store_audit_verify(s, 0, &out->audit, err);
	if (rc)
		return rc;
	/* FTS5 reports a mismatch of its index as SQLITE_CORRUPT_VTAB: a failed statement, not an error of ours. */
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_error ignored = {0};
	out->index_ok = s->drv->exec(s->db, "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
				     &ignored) == CNAP_OK;
	cnap_store_rollback(s);
	return CNAP_OK;
}
