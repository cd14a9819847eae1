/*
 * What became of a question's item after it was filed (issue 12): the version
 * that changed it, whether the quote is still there, and the 「質問を維持」 that
 * answered the change. A row of question_anchors beside the question.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static const char *quote_state_name(enum cnap_quote_state q)
{
	return q == CNAP_QUOTE_PRESENT ? "present" : q == CNAP_QUOTE_GONE ? "gone" : NULL;
}

/* {"changed_version":3,"quote":"gone","confirmed_version":3,"confirmed_by":"morioka",...}; caller frees. */
static char *anchor_snapshot(const struct cnap_question_anchor *an)
{
	struct cnap_buf b;
	bool first = true;
	cnap_buf_init(&b, 0);
	snap_kv_int(&b, "changed_version", an->changed_version, &first);
	snap_kv_str(&b, "quote", quote_state_name(an->quote), &first);
	if (an->confirmed_version) {
		snap_kv_int(&b, "confirmed_version", an->confirmed_version, &first);
		snap_kv_str(&b, "confirmed_by", an->confirmed_by, &first);
		snap_kv_str(&b, "confirmed_at", an->confirmed_at, &first);
	}
	cnap_buf_addc(&b, '}');
	return cnap_buf_detach(&b, NULL);
}

static enum cnap_err check_anchor(const struct cnap_question_anchor *an, struct cnap_error *err)
{
	if (an->changed_version < 1 || an->changed_version > 999)
		return cnap_fail(err, CNAP_EINVAL, "question.survey_changed", "版は1〜999です（%d）", an->changed_version);
	if (an->confirmed_version < 0 || an->confirmed_version > an->changed_version)
		return cnap_fail(err, CNAP_EINVAL, "question.confirmed_version",
				 "質問を維持した版（%d）は、項目が変わった版（%d）より後にできません", an->confirmed_version,
				 an->changed_version);
	if ((unsigned)an->quote > CNAP_QUOTE_GONE)
		return cnap_fail(err, CNAP_EINVAL, "question.quote", "引用箇所の状態が不明です");
	return CNAP_OK;
}

enum cnap_err cnap_store_question_anchor_set(struct cnap_store *s, int64_t id, const struct cnap_question_anchor *an,
					     const char *action, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = check_anchor(an, err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question before;
	int64_t by = 0;
	char *bsnap = NULL, *asnap = NULL;
	if ((rc = cnap_store_question_get(s, id, &a, &before, err)))
		goto out;
	if (an->confirmed_version && an->confirmed_by && (rc = user_id(s, an->confirmed_by, &by, err))) {
		if (rc == CNAP_ENOTFOUND)
			cnap_fail(err, rc, "question.confirmed_by", "unknown user '%s'", an->confirmed_by);
		goto out;
	}
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
			     "INSERT INTO question_anchors (question_id, changed_version, quote_present, confirmed_version, "
			     "confirmed_by, confirmed_at) VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT (question_id) DO UPDATE SET "
			     "changed_version = ?2, quote_present = ?3, confirmed_version = ?4, confirmed_by = ?5, "
			     "confirmed_at = ?6",
			     &st, err)))
		goto out;
	st_int(s, st, 1, id);
	st_int(s, st, 2, an->changed_version);
	if (an->quote == CNAP_QUOTE_UNCHECKED)
		st_text(s, st, 3, NULL);
	else
		st_int(s, st, 3, an->quote == CNAP_QUOTE_PRESENT);
	if (an->confirmed_version)
		st_int(s, st, 4, an->confirmed_version);
	else
		st_text(s, st, 4, NULL);
	if (by)
		st_int(s, st, 5, by);
	else
		st_text(s, st, 5, NULL);
	st_text(s, st, 6, an->confirmed_version ? an->confirmed_at : NULL);
	if ((rc = st_done(s, st, "question anchor", err)))
		goto out;
	bsnap = before.anchor.changed_version ? anchor_snapshot(&before.anchor) : NULL;
	asnap = anchor_snapshot(an);
	rc = asnap && (bsnap || !before.anchor.changed_version)
		     ? audit_add(s, action ? action : "question.survey-changed", "question", id, bsnap, asnap, err)
		     : OOM(err);
out:
	free(bsnap);
	free(asnap);
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}
