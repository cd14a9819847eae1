/*
 * What a question shows of the passage it quotes and of its item's later change
 * (issue 12): the quote for everyone who sees the question, and for staff the
 * mark 「調査票更新あり（第N版）」 with a link to the change, 「引用箇所は新しい版に
 * ありません」, and who kept the question. What the actor may not see is already
 * gone (cnap_policy_question_redact).
 */
#include "base/compat.h"
#include "web/pages.h"

const char *web_item_change_url(struct web_req *req, const struct cnap_question *q, int version)
{
	/*
	 * 「版の比較」 of the item: from what the question last stood on (the version its author or the
	 * secretariat kept it at, else the one read, else the one before) to version, side by side.
	 */
	int from = q->anchor.confirmed_version ? q->anchor.confirmed_version
		   : q->submission_version    ? q->submission_version
					      : version - 1;
	if (from >= version)
		from = version - 1;
	if (from < 1) /* a first version has nothing before it: the item as it reads */
		return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/read?v=%d&item=%s", q->cycle_year, q->wg_code,
					 q->association_code, version, q->item_key);
	return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/diff?from=%d&to=%d#item-%s", q->cycle_year, q->wg_code,
				 q->association_code, from, version, q->item_key);
}

void web_view_anchor(struct web_req *req, const struct cnap_question *q, struct tv *m)
{
	const struct cnap_question_anchor *an = &q->anchor;
	if (q->quote)
		tv_put_str(m, "quote", q->quote);
	if (q->submission_version)
		tv_put_int(m, "read_version", q->submission_version);
	if (!an->changed_version)
		return;
	struct tv *c = tv_put_map(m, "survey_changed");
	tv_put_int(c, "version", an->changed_version);
	tv_put_bool(c, "marked", cnap_question_anchor_marked(q));
	tv_put_bool(c, "quote_gone", q->quote && an->quote == CNAP_QUOTE_GONE);
	tv_put_str(c, "url", web_item_change_url(req, q, an->changed_version));
	if (an->confirmed_version) {
		struct tv *k = tv_put_map(c, "kept");
		tv_put_int(k, "version", an->confirmed_version);
		tv_put_str(k, "by", an->confirmed_by ? web_user_name(req, an->confirmed_by) : NULL);
		tv_put_str(k, "on", web_date_label(req->arena, an->confirmed_at));
	}
}
