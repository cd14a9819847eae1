#include "base/compat.h"
#include "publish/summary.h"
#include "usecase/publication.h"
#include "usecase/questions.h"
#include "usecase/survey.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

int cnap_uc_blocker_kind(enum cnap_qstatus s)
{
	switch (s) {
	case CNAP_Q_APPROVED: return CNAP_UC_BLOCK_UNSENT;
	case CNAP_Q_SENT: return CNAP_UC_BLOCK_WAITING;
	case CNAP_Q_ANSWERED: return CNAP_UC_BLOCK_CHECKING;
	default: return -1;
	}
}

const char *cnap_uc_blocker_label(enum cnap_uc_blocker_kind k)
{
	static const char *const labels[CNAP_UC_BLOCK_COUNT] = { "承認済・未送付", "回答待ち", "回答確認中" };
	return (unsigned)k < CNAP_UC_BLOCK_COUNT ? labels[k] : "";
}

enum cnap_err cnap_uc_publication_load(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, struct cnap_arena *a,
				       struct cnap_uc_publication *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	enum cnap_err rc;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_PUBLISH, wg_code, association_code, err)) ||
	    (rc = cnap_store_wg_get(s, year, wg_code, a, &out->wg, err)) ||
	    (rc = cnap_store_association_list(s, year, wg_code, a, &out->members, &out->n_members, err)))
		return rc;
	bool member = !association_code;
	for (size_t i = 0; i < out->n_members && !member; i++)
		member = strcmp(out->members[i].code, association_code) == 0;
	if (!member)
		return cnap_fail(err, CNAP_ENOTFOUND, "association", "association '%s' does not take part in WG '%s'",
				 association_code, wg_code);
	struct cnap_question *qs;
	size_t n;
	struct cnap_question_filter f = { .year = year, .wg_code = wg_code, .association_code = association_code,
					  .status = -1 };
	if ((rc = cnap_uc_question_list(s, actor, &f, a, &qs, &n, err)))
		return rc;
	out->blockers = qs; /* kept in place: the list is ours */
	for (size_t i = 0; i < n; i++) {
		int k = cnap_uc_blocker_kind(qs[i].status);
		if (qs[i].status == CNAP_Q_ACCEPTED)
			out->ready++;
		else if (qs[i].status == CNAP_Q_PUBLISHED)
			out->published++;
		if (k < 0)
			continue;
		out->n_blocked[k]++;
		out->blockers[out->n_blockers++] = qs[i];
	}
	return CNAP_OK;
}

static bool selected(const struct cnap_uc_pub_select *sel, const struct cnap_question *q)
{
	if (q->status == CNAP_Q_ACCEPTED || q->status == CNAP_Q_PUBLISHED)
		return true;
	if (!sel || cnap_uc_blocker_kind(q->status) < 0)
		return false;
	if (sel->include_all)
		return true;
	for (size_t i = 0; i < sel->n_include; i++)
		if (sel->include[i] == q->id)
			return true;
	return false;
}

/*
 * The document of the selection, read in one snapshot so that all its sections show one moment.
 * Only what is ready and the blockers sel includes go in; *in_out gets the inputs (for the edition's entries).
 */
static enum cnap_err build_doc(struct cnap_store *s, const struct cnap_actor *actor,
			       const struct cnap_uc_publication *p, const char *only,
			       const struct cnap_uc_pub_select *sel, struct cnap_arena *a, struct cnap_qa_doc *doc,
			       struct cnap_qa_input_assoc **in_out, struct cnap_error *err)
{
	struct cnap_qa_input_assoc *in = cnap_arena_calloc(a, p->n_members + 1, sizeof(*in));
	if (!in)
		return OOM(err);
	size_t n = 0;
	for (size_t i = 0; i < p->n_members; i++) {
		if (only && strcmp(only, p->members[i].code) != 0)
			continue;
		struct cnap_uc_outline *o = cnap_arena_calloc(a, 1, sizeof(*o));
		if (!o)
			return OOM(err);
		struct cnap_question_filter f = { .year = p->year, .wg_code = p->wg.code,
						  .association_code = p->members[i].code, .status = -1 };
		struct cnap_question *qs;
		size_t nq, kept = 0;
		enum cnap_err rc;
		if ((rc = cnap_uc_outline_load(s, actor, p->year, p->wg.code, p->members[i].code, a, o, err)) ||
		    (rc = cnap_uc_question_list(s, actor, &f, a, &qs, &nq, err)))
			return rc;
		for (size_t j = 0; j < nq; j++)
			if (selected(sel, &qs[j]))
				qs[kept++] = qs[j];
		in[n].questions = qs;
		in[n].n_questions = kept;
		in[n].association = &o->as;
		in[n].outline = &o->tmpl;
		n++;
	}
	if (in_out)
		*in_out = in;
	return cnap_qa_doc_build(a, p->year, &p->wg, in, n, doc, err);
}

enum cnap_err cnap_uc_qa_list_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_qa_format *f, const struct cnap_uc_pub_select *sel,
				     const char *pinned_date, struct cnap_arena *a, struct cnap_buf *out,
				     struct cnap_qa_doc *doc_out, struct cnap_error *err)
{
	if (!f)
		return cnap_fail(err, CNAP_EINVAL, "format", "unknown format");
	struct cnap_uc_publication p;
	struct cnap_qa_doc doc;
	size_t before = out->len;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_uc_publication_load(s, actor, year, wg_code, association_code, a, &p, err)))
		rc = build_doc(s, actor, &p, association_code, sel, a, &doc, NULL, err);
	const char *date = pinned_date;
	if (!rc && !date)
		rc = cnap_store_last_change(s, a, &date, err);
	cnap_store_read_end(s);
	if (!rc)
		rc = f->render(&doc, date, out, err);
	if (rc) {
		out->len = before; /* nothing half-written reaches the caller */
		if (out->data)
			out->data[before] = '\0';
		return rc;
	}
	if (doc_out)
		*doc_out = doc;
	return CNAP_OK;
}

/* Each member's row: its latest data and the engine's report, or an empty row when it has none. */
static enum cnap_err summary_rows(struct cnap_store *s, const struct cnap_actor *actor,
				  const struct cnap_uc_publication *p, int actual_year, enum cnap_decomp_method method,
				  struct cnap_arena *a, struct cnap_summary *out, struct cnap_error *err)
{
	out->rows = cnap_arena_calloc(a, p->n_members + 1, sizeof(*out->rows));
	if (!out->rows)
		return OOM(err);
	out->n_rows = p->n_members;
	for (size_t i = 0; i < p->n_members; i++) {
		struct cnap_survey_data *d;
		int version;
		struct cnap_error missing = { 0 };
		out->rows[i].association_name = p->members[i].name;
		enum cnap_err rc = cnap_uc_survey_data_latest(s, actor, p->year, p->wg.code, p->members[i].code, a, &d,
							      &version, &missing);
		if (rc == CNAP_ENOTFOUND)
			continue;
		if (rc) {
			if (err)
				*err = missing;
			return rc;
		}
		struct cnap_report *rep = cnap_arena_calloc(a, 1, sizeof(*rep));
		if (!rep || cnap_report_build(a, d, actual_year, method, rep))
			return OOM(err);
		out->rows[i].data = d;
		out->rows[i].report = rep;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_summary_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, const char **title_out, struct cnap_error *err)
{
	struct cnap_uc_publication p;
	struct cnap_cycle cy;
	struct cnap_summary sum = { .cycle_year = year };
	const char *date = pinned_date;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_uc_publication_load(s, actor, year, wg_code, NULL, a, &p, err)) &&
	    !(rc = cnap_store_cycle_get(s, year, a, &cy, err))) {
		enum cnap_decomp_method method = cnap_calc_decomp_method_from_name(cy.decomposition_method);
		sum.wg_name = p.wg.name;
		sum.method_name = cnap_calc_decomp_method_label_ja(method);
		rc = summary_rows(s, actor, &p, cy.actual_fiscal_year, method, a, &sum, err);
	}
	if (!rc && !date)
		rc = cnap_store_last_change(s, a, &date, err);
	cnap_store_read_end(s);
	if (!rc)
		rc = cnap_summary_pdf_write(&sum, date, out, err);
	if (!rc && title_out && !(*title_out = cnap_summary_title(a, &sum)))
		rc = OOM(err);
	return rc;
}

/* ---- Editions ---- */

static int cmp_no_id(const void *pa, const void *pb)
{
	const struct cnap_question *a = *(const struct cnap_question *const *)pa;
	const struct cnap_question *b = *(const struct cnap_question *const *)pb;
	if (a->no != b->no)
		return a->no < b->no ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * The printed questions of doc as edition entries. The document numbers a section's questions 1, 2, …
 * in (no, id) order of the printable ones (publish/qa_doc.h), so NO. k is the k-th of them.
 */
static enum cnap_err doc_entries(struct cnap_arena *a, const struct cnap_qa_doc *doc,
				 const struct cnap_qa_input_assoc *in, struct cnap_edition_entry **out, size_t *n,
				 struct cnap_error *err)
{
	size_t total = 0;
	for (size_t i = 0; i < doc->n_sections; i++)
		total += doc->sections[i].n_questions;
	struct cnap_edition_entry *v = cnap_arena_calloc(a, total + 1, sizeof(*v));
	if (!v)
		return OOM(err);
	size_t k = 0;
	for (size_t i = 0; i < doc->n_sections; i++) {
		const struct cnap_qa_section *sec = &doc->sections[i];
		const struct cnap_question **sorted = cnap_arena_calloc(a, in[i].n_questions + 1, sizeof(*sorted));
		if (!sorted)
			return OOM(err);
		size_t m = 0;
		for (size_t j = 0; j < in[i].n_questions; j++)
			if (cnap_qstatus_publishable(in[i].questions[j].status))
				sorted[m++] = &in[i].questions[j];
		qsort(sorted, m, sizeof(*sorted), cmp_no_id);
		for (size_t r = 0; r < sec->n_rows; r++)
			for (size_t e = 0; e < sec->rows[r].n_entries; e++) {
				const struct cnap_qa_entry *en = &sec->rows[r].entries[e];
				if (en->no < 1 || (size_t)en->no > m || k == total)
					return cnap_fail(err, CNAP_EINVAL, "edition", "NO.%d of '%s' is not a question",
							 en->no, sec->association_code);
				v[k++] = (struct cnap_edition_entry){ .question_id = sorted[en->no - 1]->id,
								      .association_code = sec->association_code,
								      .association_name = sec->association_name,
								      /* the front matter has no number: its title says where */
								      .item_number = *sec->rows[r].item_number
											     ? sec->rows[r].item_number
											     : sec->rows[r].item_title,
								      .no = en->no,
								      .question = en->question,
								      .answer = en->answer };
			}
	}
	*out = v;
	*n = k;
	return CNAP_OK;
}

static const struct cnap_edition_entry *entry_of(const struct cnap_edition_entry *v, size_t n, int64_t qid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].question_id == qid)
			return &v[i];
	return NULL;
}

static bool same(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

/* What changed from old to new, in the new edition's order, then what was taken out. */
static enum cnap_err errata_of(struct cnap_arena *a, const struct cnap_edition_entry *old, size_t n_old,
			       const struct cnap_edition_entry *new, size_t n_new, struct cnap_errata_row **out,
			       size_t *n, struct cnap_error *err)
{
	struct cnap_errata_row *v = cnap_arena_calloc(a, 2 * n_new + n_old + 1, sizeof(*v));
	if (!v)
		return OOM(err);
	size_t k = 0;
	for (size_t i = 0; i < n_new; i++) {
		const struct cnap_edition_entry *e = &new[i], *o = entry_of(old, n_old, e->question_id);
		struct cnap_errata_row base = { .association_name = e->association_name,
						.item_number = e->item_number, .no = e->no };
		if (!o) {
			v[k] = base;
			v[k].part = "追加";
			v[k].before = "";
			v[k++].after = e->question;
			continue;
		}
		if (!same(o->item_number, e->item_number) || o->no != e->no) {
			v[k] = base;
			v[k].part = "位置";
			v[k].before = cnap_arena_printf(a, "%s NO.%d", o->item_number, o->no);
			v[k++].after = cnap_arena_printf(a, "%s NO.%d", e->item_number, e->no);
		}
		if (!same(o->question, e->question)) {
			v[k] = base;
			v[k].part = "質問";
			v[k].before = o->question;
			v[k++].after = e->question;
		}
		if (!same(o->answer, e->answer)) {
			v[k] = base;
			v[k].part = "回答";
			v[k].before = o->answer;
			v[k++].after = e->answer;
		}
	}
	for (size_t i = 0; i < n_old; i++)
		if (!entry_of(new, n_new, old[i].question_id))
			v[k++] = (struct cnap_errata_row){ .association_name = old[i].association_name,
							   .item_number = old[i].item_number,
							   .no = old[i].no,
							   .part = "削除",
							   .before = old[i].question,
							   .after = "" };
	for (size_t i = 0; i < k; i++)
		if (!v[i].before || !v[i].after)
			return OOM(err);
	*out = v;
	*n = k;
	return CNAP_OK;
}

/* Who reads editions: the policy's role table, and an association only of a WG it is in. */
static enum cnap_err editions_scope(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const char *wg_code, struct cnap_arena *a, struct cnap_wg *wg,
				    struct cnap_error *err)
{
	enum cnap_err rc;
	struct cnap_association *m;
	size_t n;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_EDITION_VIEW, wg_code, NULL, err)) ||
	    (rc = cnap_store_wg_get(s, year, wg_code, a, wg, err)))
		return rc;
	if (actor->role != CNAP_ROLE_ASSOCIATION)
		return CNAP_OK;
	if ((rc = cnap_store_association_list(s, year, wg_code, a, &m, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (actor->association_code && strcmp(m[i].code, actor->association_code) == 0)
			return CNAP_OK;
	return cnap_fail(err, CNAP_ENOTFOUND, "wg", "unknown WG '%s'", wg_code);
}

enum cnap_err cnap_uc_editions_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const char *wg_code, struct cnap_arena *a, struct cnap_uc_editions *out,
				    struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_edition *v;
	size_t n;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if ((rc = editions_scope(s, actor, year, wg_code, a, &out->wg, err)) ||
	    (rc = cnap_store_edition_list(s, year, wg_code, a, &v, &n, err)))
		goto out;
	if (!(out->editions = cnap_arena_calloc(a, n + 1, sizeof(*out->editions)))) {
		rc = OOM(err);
		goto out;
	}
	out->n_editions = n;
	struct cnap_edition_entry *newer = NULL;
	size_t n_newer = 0;
	for (size_t i = 0; !rc && i < n; i++) { /* newest first: each edition's entries are the next one's "before" */
		struct cnap_uc_edition *e = &out->editions[i];
		struct cnap_edition_entry *mine;
		size_t n_mine;
		e->e = v[i];
		if ((rc = cnap_store_edition_files(s, year, wg_code, v[i].number, a, &e->files, &e->n_files, err)) ||
		    (rc = cnap_store_edition_entries(s, year, wg_code, v[i].number, a, &mine, &n_mine, err)))
			break;
		if (i > 0)
			rc = errata_of(a, mine, n_mine, newer, n_newer, &out->editions[i - 1].errata,
				       &out->editions[i - 1].n_errata, err);
		newer = mine;
		n_newer = n_mine;
	}
out:
	cnap_store_read_end(s);
	return rc;
}

enum cnap_err cnap_uc_edition_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				   const char *wg_code, int number, const char *format, struct cnap_arena *a,
				   struct cnap_edition_file *out, struct cnap_error *err)
{
	struct cnap_wg wg;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = editions_scope(s, actor, year, wg_code, a, &wg, err)))
		rc = cnap_store_edition_file_get(s, year, wg_code, number, format, a, out, err);
	cnap_store_read_end(s);
	return rc;
}

static enum cnap_err add_file(struct cnap_arena *a, struct cnap_edition_file *f, const char *format,
			      const struct cnap_buf *b, struct cnap_error *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = cnap_arena_alloc(a, 2 * sizeof(h) + 1);
	if (!hex)
		return OOM(err);
	crypto_hash_sha256(h, (const unsigned char *)(b->data ? b->data : ""), (unsigned long long)b->len);
	sodium_bin2hex(hex, 2 * sizeof(h) + 1, h, sizeof(h));
	*f = (struct cnap_edition_file){ .format = format, .bytes = (const unsigned char *)b->data, .len = b->len,
					 .sha256 = hex };
	return CNAP_OK;
}

#define EDITION_MAX_FILES 8

/* Inside the caller's transaction, after the accepted questions were published. */
static enum cnap_err make_edition(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				  const struct cnap_uc_pub_select *sel, const char *note, struct cnap_arena *a,
				  struct cnap_buf *bufs, struct cnap_uc_edition_made *made, struct cnap_error *err)
{
	struct cnap_uc_publication p;
	struct cnap_qa_doc doc;
	struct cnap_qa_input_assoc *in;
	struct cnap_edition_entry *entries = NULL, *old = NULL;
	struct cnap_edition *eds;
	size_t n_entries = 0, n_old = 0, n_eds = 0;
	const char *date;
	enum cnap_err rc;
	if ((rc = cnap_uc_publication_load(s, actor, year, wg_code, NULL, a, &p, err)) ||
	    (rc = build_doc(s, actor, &p, NULL, sel, a, &doc, &in, err)) ||
	    (rc = doc_entries(a, &doc, in, &entries, &n_entries, err)) ||
	    (rc = cnap_store_edition_list(s, year, wg_code, a, &eds, &n_eds, err)) ||
	    (n_eds && (rc = cnap_store_edition_entries(s, year, wg_code, eds[0].number, a, &old, &n_old, err))) ||
	    (rc = cnap_store_last_change(s, a, &date, err)))
		return rc;
	int number = n_eds ? eds[0].number + 1 : 1;
	struct cnap_errata_row *rows = NULL;
	size_t n_rows = 0;
	if (n_eds && (rc = errata_of(a, old, n_old, entries, n_entries, &rows, &n_rows, err)))
		return rc;
	if (!n_entries && !n_eds)
		return cnap_fail(err, CNAP_ECONFLICT, "edition", "公表できる質問がありません（回答が確定した質問がありません）");
	if (n_eds && !n_rows && !made->published)
		return cnap_fail(err, CNAP_ECONFLICT, "edition", "第%d版から変更がないため、新しい版は作りません",
				 eds[0].number);
	if (number > 1 && (!note || !*note))
		note = cnap_arena_printf(a, "正誤%zu件", n_rows);
	struct cnap_edition_file files[EDITION_MAX_FILES];
	size_t n_files = 0, n_formats;
	const struct cnap_qa_format *formats = cnap_qa_formats(&n_formats);
	for (size_t i = 0; i < n_formats && n_files + 2 < EDITION_MAX_FILES; i++) {
		if ((rc = formats[i].render(&doc, date, &bufs[n_files], err)) ||
		    (rc = add_file(a, &files[n_files], formats[i].name, &bufs[n_files], err)))
			return rc;
		n_files++;
	}
	if (number > 1) {
		struct cnap_errata e = {
			.title = cnap_arena_printf(a, "%s評価・検証WG「%s」 事前質問・回答一覧 正誤表（第%d版）", doc.era_year,
						   doc.wg_name, number),
			.note = note,
			.date = cnap_arena_printf(a, "%.10s", date),
			.rows = rows,
			.n_rows = n_rows,
		};
		if (!e.title || !e.date || !note)
			return OOM(err);
		if ((rc = cnap_errata_html(&e, &bufs[n_files], err)) ||
		    (rc = add_file(a, &files[n_files], "errata.html", &bufs[n_files], err)))
			return rc;
		n_files++;
		if ((rc = cnap_errata_csv(&e, &bufs[n_files], err)) ||
		    (rc = add_file(a, &files[n_files], "errata.csv", &bufs[n_files], err)))
			return rc;
		n_files++;
	}
	if ((rc = cnap_store_edition_add(s, year, wg_code, note, files, n_files, entries, n_entries, &made->number,
					 err)))
		return rc;
	made->questions = n_entries;
	made->n_errata = n_rows;
	return CNAP_OK;
}

enum cnap_err cnap_uc_edition_publish(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const struct cnap_uc_pub_select *sel, const char *note,
				      struct cnap_uc_edition_made *out, struct cnap_error *err)
{
	struct cnap_uc_edition_made made = { 0 };
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_PUBLISH, wg_code, NULL, err);
	if (rc)
		return rc;
	struct cnap_arena a;
	struct cnap_buf bufs[EDITION_MAX_FILES];
	cnap_arena_init(&a);
	for (size_t i = 0; i < EDITION_MAX_FILES; i++)
		cnap_buf_init(&bufs[i], 0);
	cnap_store_set_actor(s, actor->login);
	if (!(rc = cnap_store_begin(s, err))) {
		if (!(rc = cnap_uc_publish_accepted(s, actor, year, wg_code, NULL, &made.published, err)))
			rc = make_edition(s, actor, year, wg_code, sel, note, &a, bufs, &made, err);
		rc = cnap_store_finish(s, rc, err);
	}
	for (size_t i = 0; i < EDITION_MAX_FILES; i++)
		cnap_buf_release(&bufs[i]);
	cnap_arena_release(&a);
	if (!rc && out)
		*out = made;
	return rc;
}
