#include "base/compat.h"
#include "base/buf.h"
#include "base/jpfmt.h"
#include "store/mail_store.h"
#include "usecase/cycle_new.h"

#include <stdio.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* 令和6年度 (平成 before 2019), for messages. */
static const char *era(int year, char buf[32])
{
	if (!cnap_jp_era_fiscal_year(year, false, buf, 32))
		snprintf(buf, 32, "%d年度", year);
	return buf;
}

enum cnap_err cnap_key_move_parse(const char *text, const char *where, struct cnap_arena *a,
				  struct cnap_key_move *out, struct cnap_error *err)
{
	const char *eq = text ? strchr(text, '=') : NULL;
	if (!eq || eq == text)
		return cnap_fail(err, CNAP_EINVAL, where, "「%s」は「旧キー=新キー」（削除は「旧キー=」）の形で指定してください",
				 text ? text : "");
	char *old_key = cnap_arena_strdup(a, text);
	if (!old_key)
		return OOM(err);
	old_key[eq - text] = '\0';
	const char *new_key = eq[1] ? eq + 1 : NULL;
	enum cnap_err rc = cnap_check_code(old_key, where, err);
	if (!rc && new_key)
		rc = cnap_check_code(new_key, where, err);
	if (rc)
		return rc;
	out->old_key = old_key;
	out->new_key = new_key ? cnap_arena_strdup(a, new_key) : NULL;
	return new_key && !out->new_key ? OOM(err) : CNAP_OK;
}

/* Everything the new cycle is made of, worked out before anything is written. */
struct build {
	const struct cnap_cycle_new_request *req;
	struct cnap_cycle_data old;
	struct cnap_template *templates; /* the new outlines */
	size_t n_templates;
	struct cnap_arena *a;
};

static const struct cnap_template *find_template(const struct cnap_template *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

static const struct cnap_key_move *find_move(const struct cnap_cycle_new_request *req, const char *old_key)
{
	for (size_t i = 0; i < req->n_moves; i++)
		if (strcmp(req->moves[i].old_key, old_key) == 0)
			return &req->moves[i];
	return NULL;
}

/* Last year's outlines with their own years moved on, or the ones given. */
static enum cnap_err new_templates(struct build *b, struct cnap_error *err)
{
	const struct cnap_cycle_new_request *req = b->req;
	if (req->templates) {
		b->templates = req->templates->templates;
		b->n_templates = req->templates->n_templates;
		for (size_t i = 0; i < b->old.n_participations; i++) {
			const struct cnap_participation *p = &b->old.participations[i];
			if (!find_template(b->templates, b->n_templates, p->template_code))
				return cnap_fail(err, CNAP_EINVAL, "templates",
						 "新しい調査票のテンプレートに「%s」がありません（%sが%sで使っています）",
						 p->template_code, p->association_code, p->wg_code);
		}
		return CNAP_OK;
	}
	int from = b->old.cycle.year, actual = b->old.cycle.actual_fiscal_year, delta = req->year - from;
	b->n_templates = b->old.n_templates;
	b->templates = cnap_arena_calloc(b->a, b->n_templates + 1, sizeof(*b->templates));
	if (!b->templates)
		return OOM(err);
	for (size_t i = 0; i < b->n_templates; i++) {
		struct cnap_template *t = &b->templates[i];
		*t = b->old.templates[i];
		t->name = cnap_title_years_moved(b->a, t->name, from, actual, delta);
		t->items = cnap_arena_calloc(b->a, t->n_items + 1, sizeof(*t->items));
		if (!t->items || (b->old.templates[i].name && !t->name))
			return OOM(err);
		for (size_t k = 0; k < t->n_items; k++) {
			t->items[k] = b->old.templates[i].items[k];
			if (!(t->items[k].title = cnap_title_years_moved(b->a, t->items[k].title, from, actual, delta)))
				return OOM(err);
		}
	}
	return CNAP_OK;
}

/* Where an old item goes: its move, else the same key when the new outline has it, else nowhere (*lost). */
static const char *new_key_of(const struct build *b, const struct cnap_template *nt, const char *old_key, bool *lost)
{
	*lost = false;
	const struct cnap_key_move *m = find_move(b->req, old_key);
	if (m)
		return m->new_key;
	if (cnap_template_item(nt, old_key))
		return old_key;
	*lost = true;
	return NULL;
}

static bool question_counts(const struct cnap_question *q)
{
	return q->status != CNAP_Q_WITHDRAWN && q->status != CNAP_Q_MERGED;
}

/* The latest version with data, and the latest with texts. */
static const struct cnap_submission *latest_with(const struct cnap_participation *p, bool texts)
{
	for (size_t k = p->n_submissions; k-- > 0;) {
		const struct cnap_submission *sub = &p->submissions[k];
		if (texts ? sub->n_texts > 0 : sub->data_json != NULL)
			return sub;
	}
	return NULL;
}

static bool has_text(const struct cnap_submission *sub, const char *key)
{
	for (size_t i = 0; sub && i < sub->n_texts; i++)
		if (strcmp(sub->texts[i].item_key, key) == 0)
			return true;
	return false;
}

static void add_line(struct cnap_buf *msg, size_t *n, const char *fmt, const char *a1, const char *a2, const char *a3)
{
	if ((*n)++ < 6)
		cnap_buf_addf(msg, fmt, a1, a2, a3);
}

/*
 * Every move names keys the outlines have, and no item that last year's questions or texts
 * are about is lost: every problem at once, in one message.
 */
static enum cnap_err check_moves(const struct build *b, struct cnap_error *err)
{
	const struct cnap_cycle_new_request *req = b->req;
	for (size_t i = 0; i < req->n_moves; i++) {
		const struct cnap_key_move *m = &req->moves[i];
		char where[40];
		snprintf(where, sizeof(where), "move[%zu]", i);
		for (size_t k = 0; k < i; k++)
			if (strcmp(req->moves[k].old_key, m->old_key) == 0)
				return cnap_fail(err, CNAP_EINVAL, where, "項目「%s」の移し先が二度指定されています", m->old_key);
		bool in_old = false, in_new = !m->new_key;
		for (size_t t = 0; t < b->old.n_templates; t++)
			in_old = in_old || cnap_template_item(&b->old.templates[t], m->old_key);
		for (size_t t = 0; t < b->n_templates && m->new_key; t++)
			in_new = in_new || cnap_template_item(&b->templates[t], m->new_key);
		char e[32];
		if (!in_old)
			return cnap_fail(err, CNAP_EINVAL, where, "項目「%s」は%sの調査票にありません", m->old_key,
					 era(b->old.cycle.year, e));
		if (!in_new)
			return cnap_fail(err, CNAP_EINVAL, where, "項目「%s」は新しい調査票にありません", m->new_key);
	}
	struct cnap_buf msg;
	cnap_buf_init(&msg, 0);
	size_t problems = 0;
	for (size_t i = 0; i < b->old.n_participations; i++) {
		const struct cnap_participation *p = &b->old.participations[i];
		const struct cnap_template *ot = find_template(b->old.templates, b->old.n_templates, p->template_code);
		const struct cnap_template *nt = find_template(b->templates, b->n_templates, p->template_code);
		const struct cnap_submission *texts = latest_with(p, true);
		for (size_t k = 0; ot && nt && k < ot->n_items; k++) {
			const char *key = ot->items[k].key;
			bool lost;
			const char *to = new_key_of(b, nt, key, &lost);
			if (to)
				continue;
			size_t nq = 0;
			for (size_t q = 0; q < b->old.n_questions; q++) {
				const struct cnap_question *qq = &b->old.questions[q];
				nq += strcmp(qq->wg_code, p->wg_code) == 0 &&
				      strcmp(qq->association_code, p->association_code) == 0 &&
				      strcmp(qq->item_key, key) == 0 && question_counts(qq);
			}
			if (nq)
				add_line(&msg, &problems, "%s%s の %s に質問があります", problems ? "、" : "", p->association_code,
					 key);
			else if (lost && has_text(texts, key))
				add_line(&msg, &problems, "%s%s の %s に本文があります", problems ? "、" : "", p->association_code,
					 key);
		}
	}
	cnap_buf_addc(&msg, '\0');
	enum cnap_err rc = msg.status ? OOM(err) : CNAP_OK;
	if (!rc && problems)
		rc = cnap_fail(err, CNAP_EINVAL, "move",
			       "新しい調査票にない項目があります（%s%s）。移し先を --move 旧キー=新キー で指定してください"
			       "（本文だけの項目は 旧キー= で削除できます）",
			       msg.data, problems > 6 ? " ほか" : "");
	cnap_buf_release(&msg);
	return rc;
}

static const char *participant_name(const struct build *b, const char *code)
{
	for (size_t i = 0; i < b->old.n_associations; i++)
		if (strcmp(b->old.associations[i].code, code) == 0)
			return b->old.associations[i].name;
	return code;
}

/* The starting draft of one association: last year's final data and item texts under their new keys. */
static enum cnap_err carry_drafts(struct cnap_store *s, const struct build *b, const struct cnap_participation *p,
				  struct cnap_cycle_new_participant *out, struct cnap_error *err)
{
	const struct cnap_template *nt = find_template(b->templates, b->n_templates, p->template_code);
	const struct cnap_submission *data = latest_with(p, false), *texts = latest_with(p, true);
	out->from_version = p->n_submissions ? p->submissions[p->n_submissions - 1].version : 0;
	enum cnap_err rc = CNAP_OK;
	if (data) {
		rc = cnap_store_draft_put(s, b->req->year, p->wg_code, p->association_code, 0, data->data_json, NULL, err);
		out->data = !rc;
	}
	for (size_t i = 0; texts && i < texts->n_texts && !rc; i++) {
		bool lost;
		const char *key = new_key_of(b, nt, texts->texts[i].item_key, &lost);
		if (!key)
			continue;
		rc = cnap_store_text_draft_put(s, b->req->year, p->wg_code, p->association_code, key, 0,
					       texts->texts[i].doc_json, NULL, err);
		out->n_texts += !rc;
	}
	return rc;
}

/*
 * A question marked 継続, or one of the WG's 指摘 (q then carries its text and
 * follows_remark_id), filed in the new cycle under 昨年度フォローアップ when
 * the outline has it.
 */
static enum cnap_err file_followup(struct cnap_store *s, const struct build *b, const struct cnap_question *q,
				   struct cnap_cycle_new_followup *out, struct cnap_error *err)
{
	const struct cnap_template *nt = NULL;
	for (size_t i = 0; i < b->old.n_participations; i++) {
		const struct cnap_participation *p = &b->old.participations[i];
		if (strcmp(p->wg_code, q->wg_code) == 0 && strcmp(p->association_code, q->association_code) == 0)
			nt = find_template(b->templates, b->n_templates, p->template_code);
	}
	bool lost;
	const char *key = nt && cnap_template_item(nt, CNAP_FOLLOWUP_ITEM) ? CNAP_FOLLOWUP_ITEM
									    : nt ? new_key_of(b, nt, q->item_key, &lost) : NULL;
	if (!key)
		return cnap_fail(err, CNAP_EINVAL, "move", "継続する質問 %lld の項目「%s」は新しい調査票にありません",
				 (long long)q->id, q->item_key);
	struct cnap_question nq = {
		.wg_code = q->wg_code,
		.association_code = q->association_code,
		.item_key = key,
		.text = q->text,
		.author = q->author,
		.status = CNAP_Q_DRAFT,
		.follows_id = q->follows_remark_id ? 0 : q->id,
		.follows_remark_id = q->follows_remark_id,
	};
	*out = (struct cnap_cycle_new_followup){ .from_remark = q->follows_remark_id != 0,
						 .from_id = q->follows_remark_id ? q->follows_remark_id : q->id,
						 .from_no = q->no, .wg_code = q->wg_code,
						 .association_code = q->association_code, .item_key = key };
	enum cnap_err rc = cnap_store_question_add(s, b->req->year, &nq, &out->id, err);
	if (!rc) {
		struct cnap_question got;
		if (!(rc = cnap_store_question_get(s, out->id, b->a, &got, err)))
			out->no = got.no;
	}
	return rc;
}

static enum cnap_err create(struct cnap_store *s, struct build *b, struct cnap_cycle_new_plan *out,
			    struct cnap_error *err)
{
	const struct cnap_cycle_new_request *req = b->req;
	enum cnap_err rc = cnap_store_cycle_add(s, &out->cycle, err);
	/* the reminders of answer deadlines as the secretariat last set them */
	struct cnap_reminder_plan plan;
	if (!rc && !(rc = cnap_store_reminder_plan_get(s, req->from_year, &plan, err)))
		rc = cnap_store_reminder_plan_set(s, req->year, &plan, err);
	for (size_t i = 0; i < b->n_templates && !rc; i++)
		rc = cnap_store_template_add(s, req->year, &b->templates[i], err);
	for (size_t i = 0; i < b->old.n_wgs && !rc; i++)
		rc = cnap_store_wg_add(s, req->year, &b->old.wgs[i], err);
	out->n_templates = b->n_templates;
	out->n_wgs = b->old.n_wgs;
	out->n_participants = b->old.n_participations;
	out->participants = cnap_arena_calloc(b->a, out->n_participants + 1, sizeof(*out->participants));
	if (!rc && !out->participants)
		rc = OOM(err);
	for (size_t i = 0; i < b->old.n_participations && !rc; i++) {
		const struct cnap_participation *p = &b->old.participations[i];
		struct cnap_cycle_new_participant *pp = &out->participants[i];
		pp->wg_code = p->wg_code;
		pp->association_code = p->association_code;
		pp->association_name = participant_name(b, p->association_code);
		if (!(rc = cnap_store_participation_add(s, req->year, p->wg_code, p->association_code, p->template_code,
							err)))
			rc = carry_drafts(s, b, p, pp, err);
	}
	if (!rc)
		rc = cnap_store_reviewer_wgs_carry(s, req->from_year, req->year, &out->n_reviewer_memberships, err);
	if (!rc && req->n_moves) {
		out->moves = cnap_arena_calloc(b->a, req->n_moves, sizeof(*out->moves));
		if (!out->moves)
			rc = OOM(err);
		for (size_t i = 0; i < req->n_moves && !rc; i++)
			out->moves[out->n_moves++] = req->moves[i];
		if (!rc)
			rc = cnap_store_key_moves_put(s, req->year, out->moves, out->n_moves, err);
	}
	struct cnap_wg_remark *remarks = NULL;
	size_t n_remarks = 0, carried = 0;
	if (!rc)
		rc = cnap_store_remarks(s, req->from_year, NULL, NULL, b->a, &remarks, &n_remarks, err);
	carried = n_remarks;
	for (size_t i = 0; i < b->old.n_questions; i++)
		carried += b->old.questions[i].carry_forward;
	out->followups = cnap_arena_calloc(b->a, carried + 1, sizeof(*out->followups));
	if (!rc && !out->followups)
		rc = OOM(err);
	for (size_t i = 0; i < b->old.n_questions + n_remarks && !rc; i++) {
		struct cnap_question rq;
		const struct cnap_question *q = i < b->old.n_questions ? &b->old.questions[i] : &rq;
		if (i >= b->old.n_questions) {
			const struct cnap_wg_remark *r = &remarks[i - b->old.n_questions];
			rq = (struct cnap_question){ .wg_code = r->wg_code, .association_code = r->association_code,
						     .item_key = CNAP_FOLLOWUP_ITEM, .text = r->text, .no = r->position,
						     .follows_remark_id = r->id, .carry_forward = true };
		}
		if (!q->carry_forward)
			continue;
		struct cnap_cycle_new_followup *f = &out->followups[out->n_followups];
		if ((rc = file_followup(s, b, q, f, err)))
			break;
		out->n_followups++;
		for (size_t k = 0; k < out->n_participants; k++)
			if (strcmp(out->participants[k].wg_code, q->wg_code) == 0 &&
			    strcmp(out->participants[k].association_code, q->association_code) == 0)
				out->participants[k].n_followups++;
	}
	if (!rc) {
		char after[200];
		snprintf(after, sizeof(after),
			 "{\"year\":%d,\"from_year\":%d,\"participations\":%zu,\"followups\":%zu,\"moves\":%zu}", req->year,
			 req->from_year, out->n_participants, out->n_followups, out->n_moves);
		rc = cnap_store_audit_cycle(s, "cycle.new", req->year, after, err);
	}
	return rc;
}

enum cnap_err cnap_uc_cycle_new(struct cnap_store *s, const struct cnap_actor *actor,
				const struct cnap_cycle_new_request *req, struct cnap_arena *a,
				struct cnap_cycle_new_plan *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_check_year(req->year, "year", err)))
		return rc;
	struct cnap_cycle have;
	char e[32];
	rc = cnap_store_cycle_get(s, req->from_year, a, &have, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "from", "元にする%s（%d）のサイクルがありません", era(req->from_year, e),
				 req->from_year);
	if (rc)
		return rc;
	rc = cnap_store_cycle_get(s, req->year, a, &have, err);
	if (rc == CNAP_OK)
		return cnap_fail(err, CNAP_ECONFLICT, "year", "%s（%d）のサイクルはすでにあります", era(req->year, e),
				 req->year);
	if (rc != CNAP_ENOTFOUND)
		return rc;
	if (req->year <= req->from_year)
		return cnap_fail(err, CNAP_EINVAL, "year", "新しい年度（%d）は元の年度（%d）より後にしてください", req->year,
				 req->from_year);
	struct build b = { .req = req, .a = a };
	if ((rc = cnap_store_cycle_export(s, req->from_year, a, &b.old, err)) || (rc = new_templates(&b, err)) ||
	    (rc = check_moves(&b, err)))
		return rc;
	int delta = req->year - req->from_year;
	out->cycle = (struct cnap_cycle){
		.year = req->year,
		.actual_fiscal_year = req->actual_fiscal_year ? req->actual_fiscal_year
							      : b.old.cycle.actual_fiscal_year + delta,
		.name = req->name ? req->name
				  : cnap_title_years_moved(a, b.old.cycle.name, req->from_year,
							   b.old.cycle.actual_fiscal_year, delta),
		.decomposition_method = b.old.cycle.decomposition_method,
		.from_year = req->from_year,
	};
	if (!req->name && b.old.cycle.name && !out->cycle.name)
		return OOM(err);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	rc = create(s, &b, out, err);
	if (rc || req->dry_run) {
		cnap_store_rollback(s);
		return rc;
	}
	if (!(rc = cnap_store_commit(s, err)))
		out->created = true;
	return rc;
}
