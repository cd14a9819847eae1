/* Documents of record of survey versions and page maps set later (migration 0009). */
#include "base/compat.h"
#include "store/document.h"
#include "store/store_int.h"

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static enum cnap_err submission_id(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				   int version, int64_t *pid, int64_t *sid, struct cnap_error *err)
{
	enum cnap_err rc = participation_id(s, year, wg_code, association_code, pid, err);
	return rc ? rc : version_id(s, *pid, version, sid, err);
}

/* The page of one item in a version's map (0: none); *known false when the outline has no such item. */
static enum cnap_err item_page(struct cnap_store *s, int64_t pid, int64_t sid, const char *key, bool *known, int *page,
			       struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"SELECT coalesce((SELECT page FROM submission_pages WHERE submission_id = ?1 AND item_key = ?3), 0) "
		"FROM template_items ti JOIN participations p ON p.template_id = ti.template_id "
		"WHERE p.id = ?2 AND ti.key = ?3",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, sid);
	st_int(s, st, 2, pid);
	st_text(s, st, 3, key);
	enum cnap_step r = st_step(s, st);
	*known = r == CNAP_STEP_ROW;
	*page = 0;
	if (r == CNAP_STEP_ROW) {
		*page = (int)col_int(s, st, 0);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static enum cnap_err put_page(struct cnap_store *s, int64_t sid, const char *key, int page, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc =
		page > 0 ? st_prepare(s,
				      "INSERT INTO submission_pages (submission_id, item_key, page) VALUES (?1, ?2, ?3) "
				      "ON CONFLICT (submission_id, item_key) DO UPDATE SET page = excluded.page",
				      &st, err)
			 : st_prepare(s, "DELETE FROM submission_pages WHERE submission_id = ?1 AND item_key = ?2", &st,
				      err);
	if (rc)
		return rc;
	st_int(s, st, 1, sid);
	st_text(s, st, 2, key);
	if (page > 0)
		st_int(s, st, 3, page);
	return st_done(s, st, "page map", err);
}

static enum cnap_err pages_set(struct cnap_store *s, int64_t pid, int64_t sid, int version,
			       const struct cnap_page_ref *pages, size_t n, const char *action, struct cnap_error *err)
{
	struct cnap_buf before, after;
	cnap_buf_init(&before, 0);
	cnap_buf_init(&after, 0);
	bool fb = true, fa = true;
	enum cnap_err rc = CNAP_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *key = pages[i].item_key ? pages[i].item_key : "";
		bool known;
		int old;
		if (pages[i].page < 0 || pages[i].page > CNAP_MAX_PAGE) {
			rc = cnap_fail(err, CNAP_EINVAL, key, "項目「%s」のページ %d は 1〜%d の範囲にありません", key,
				       pages[i].page, CNAP_MAX_PAGE);
			break;
		}
		if ((rc = item_page(s, pid, sid, key, &known, &old, err)))
			break;
		if (!known) {
			rc = cnap_fail(err, CNAP_ENOTFOUND, key, "調査票に項目「%s」はありません", key);
			break;
		}
		if (old == pages[i].page)
			continue;
		if ((rc = put_page(s, sid, key, pages[i].page, err)))
			break;
		snap_kv_int(&before, key, old, &fb);
		snap_kv_int(&after, key, pages[i].page, &fa);
	}
	if (!rc && !fa) {
		cnap_buf_addc(&before, '}');
		cnap_buf_addc(&after, '}');
		struct cnap_buf bj, aj;
		cnap_buf_init(&bj, 0);
		cnap_buf_init(&aj, 0);
		cnap_buf_addf(&bj, "{\"version\":%d,\"pages\":%s}", version, before.data);
		cnap_buf_addf(&aj, "{\"version\":%d,\"pages\":%s}", version, after.data);
		rc = bj.status || aj.status || before.status || after.status
			     ? OOM(err)
			     : audit_add(s, action, "submission", sid, bj.data, aj.data, err);
		cnap_buf_release(&bj);
		cnap_buf_release(&aj);
	}
	cnap_buf_release(&before);
	cnap_buf_release(&after);
	return rc;
}

enum cnap_err cnap_store_submission_pages_set(struct cnap_store *s, int year, const char *wg_code,
					      const char *association_code, int version,
					      const struct cnap_page_ref *pages, size_t n, const char *action,
					      struct cnap_error *err)
{
	int64_t pid, sid;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	if (!(rc = submission_id(s, year, wg_code, association_code, version, &pid, &sid, err)))
		rc = pages_set(s, pid, sid, version, pages, n, action, err);
	return tx_leave(s, rc, err);
}

/* {"filename":…,"size":…,"sha256":…} of the version's document, or NULL when it has none. */
static enum cnap_err doc_snapshot(struct cnap_store *s, int64_t sid, struct cnap_buf *out, bool *has,
				  struct cnap_error *err)
{
	struct cnap_stmt *st;
	*has = false;
	enum cnap_err rc =
		st_prepare(s, "SELECT filename, size, sha256 FROM survey_documents WHERE submission_id = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, sid);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		bool first = true;
		*has = true;
		snap_kv_str(out, "filename", col_text(s, st, 0), &first);
		snap_kv_int(out, "size", col_int(s, st, 1), &first);
		snap_kv_str(out, "sha256", col_text(s, st, 2), &first);
		cnap_buf_addc(out, '}');
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

static enum cnap_err store_doc(struct cnap_store *s, int64_t sid, const struct cnap_survey_document *doc,
			       struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
		"INSERT INTO survey_documents (submission_id, filename, bytes, size, sha256, uploaded_by, uploaded_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (submission_id) DO UPDATE SET filename = excluded.filename, "
		"bytes = excluded.bytes, size = excluded.size, sha256 = excluded.sha256, uploaded_by = excluded.uploaded_by, "
		"uploaded_at = excluded.uploaded_at",
		&st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, sid);
	st_text(s, st, 2, doc->filename ? doc->filename : "");
	st_blob(s, st, 3, doc->bytes ? (const void *)doc->bytes : "", doc->size);
	st_int(s, st, 4, (int64_t)doc->size);
	st_text(s, st, 5, doc->sha256 ? doc->sha256 : "");
	st_text(s, st, 6, doc->uploaded_by ? doc->uploaded_by : s->actor);
	st_text(s, st, 7, doc->uploaded_at ? doc->uploaded_at : cnap_store_now(s));
	if ((rc = st_done(s, st, "survey document", err)))
		return rc;
	if ((rc = st_prepare(s, "DELETE FROM survey_document_pages WHERE submission_id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, sid);
	return st_done(s, st, "survey document", err);
}

static enum cnap_err put_found(struct cnap_store *s, int64_t sid, const struct cnap_page_ref *found, size_t n,
			       struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(
		s, "INSERT INTO survey_document_pages (submission_id, item_key, found_page) VALUES (?,?,?)", &st, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		s->drv->reset(st);
		st_int(s, st, 1, sid);
		st_text(s, st, 2, found[i].item_key);
		st_int(s, st, 3, found[i].page > 0 ? found[i].page : 0);
		if (st_step(s, st) == CNAP_STEP_ERROR)
			rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_document_put(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, const struct cnap_survey_document *doc,
				      const struct cnap_page_ref *found, size_t n_found, struct cnap_error *err)
{
	int64_t pid, sid;
	struct cnap_buf before, after;
	cnap_buf_init(&before, 0);
	cnap_buf_init(&after, 0);
	bool had = false, has = false;
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	if ((rc = submission_id(s, year, wg_code, association_code, doc->version, &pid, &sid, err)) ||
	    (rc = doc_snapshot(s, sid, &before, &had, err)) || (rc = store_doc(s, sid, doc, err)))
		goto out;
	if ((rc = put_found(s, sid, found, n_found, err)) ||
	    (rc = pages_set(s, pid, sid, doc->version, found, n_found, "submission.pages_found", err)) ||
	    (rc = doc_snapshot(s, sid, &after, &has, err)))
		goto out;
	rc = before.status || after.status ? OOM(err)
					   : audit_add(s, "survey_document.attach", "submission", sid,
						       had ? before.data : NULL, after.data, err);
out:
	cnap_buf_release(&before);
	cnap_buf_release(&after);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_document_get(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, int version, bool with_bytes, struct cnap_arena *a,
				      struct cnap_survey_document *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	int64_t pid, sid;
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = submission_id(s, year, wg_code, association_code, version, &pid, &sid, err)) ||
	    (rc = st_prepare(s,
			     with_bytes ? "SELECT filename, size, sha256, uploaded_by, uploaded_at, bytes FROM survey_documents "
					  "WHERE submission_id = ?"
					: "SELECT filename, size, sha256, uploaded_by, uploaded_at FROM survey_documents "
					  "WHERE submission_id = ?",
			     &st, err)))
		return rc;
	st_int(s, st, 1, sid);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		out->version = version;
		out->filename = col_str(s, st, 0, a);
		out->size = (size_t)col_int(s, st, 1);
		out->sha256 = col_str(s, st, 2, a);
		out->uploaded_by = col_str(s, st, 3, a);
		out->uploaded_at = col_str(s, st, 4, a);
		if (with_bytes) {
			size_t len = 0;
			const void *p = col_blob(s, st, 5, &len);
			unsigned char *copy = cnap_arena_alloc(a, len + 1);
			if (!copy) {
				rc = OOM(err);
			} else {
				if (len)
					memcpy(copy, p, len);
				copy[len] = 0;
				out->bytes = copy;
				out->size = len;
			}
		}
		if (!rc)
			rc = st_row_status(s, st, err);
	} else {
		rc = r == CNAP_STEP_ERROR ? st_step_error(s, err)
					  : cnap_fail(err, CNAP_ENOTFOUND, "version", "第%d版には団体のPDFがありません", version);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_document_found(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, int version, struct cnap_arena *a,
					struct cnap_page_ref **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t pid, sid;
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = submission_id(s, year, wg_code, association_code, version, &pid, &sid, err)) ||
	    (rc = st_prepare(s,
			     "SELECT dp.item_key, dp.found_page FROM survey_document_pages dp "
			     "JOIN template_items ti ON ti.key = dp.item_key "
			     "JOIN participations p ON p.template_id = ti.template_id AND p.id = ?2 "
			     "WHERE dp.submission_id = ?1 ORDER BY ti.position",
			     &st, err)))
		return rc;
	st_int(s, st, 1, sid);
	st_int(s, st, 2, pid);
	size_t cap = 0;
	enum cnap_step r;
	while (!rc && (r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_page_ref *p = ARENA_PUSH(a, *out, cap, *n);
		if (!p) {
			rc = OOM(err);
			break;
		}
		p->item_key = col_str(s, st, 0, a);
		p->page = (int)col_int(s, st, 1);
		rc = st_row_status(s, st, err);
	}
	if (!rc && r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_document_import(struct cnap_store *s, int year, const char *wg_code,
					 const char *association_code, const struct cnap_submission *sub,
					 struct cnap_error *err)
{
	const struct cnap_survey_document *doc = sub->document;
	int64_t pid, sid;
	struct cnap_buf after;
	bool has;
	if (!doc)
		return CNAP_OK;
	cnap_buf_init(&after, 0);
	enum cnap_err rc = tx_enter(s, err);
	if (rc)
		return rc;
	if (!(rc = submission_id(s, year, wg_code, association_code, sub->version, &pid, &sid, err)) &&
	    !(rc = store_doc(s, sid, doc, err)) && !(rc = put_found(s, sid, doc->found, doc->n_found, err)) &&
	    !(rc = doc_snapshot(s, sid, &after, &has, err)))
		rc = after.status ? OOM(err) : audit_add(s, "survey_document.import", "submission", sid, NULL, after.data, err);
	cnap_buf_release(&after);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_documents_export(struct cnap_store *s, int year, struct cnap_participation *p,
					  struct cnap_arena *a, struct cnap_error *err)
{
	for (size_t k = 0; k < p->n_submissions; k++) {
		struct cnap_submission *sub = &p->submissions[k];
		struct cnap_survey_document *doc = cnap_arena_calloc(a, 1, sizeof(*doc));
		if (!doc)
			return OOM(err);
		enum cnap_err rc =
			cnap_store_document_get(s, year, p->wg_code, p->association_code, sub->version, true, a, doc, err);
		if (rc == CNAP_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		struct cnap_page_ref *found;
		if ((rc = cnap_store_document_found(s, year, p->wg_code, p->association_code, sub->version, a, &found,
						    &doc->n_found, err)))
			return rc;
		doc->found = found;
		sub->document = doc;
	}
	return CNAP_OK;
}
