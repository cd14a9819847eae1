/* A message's values and their rendering (usecase/mail_text.h). */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "model/mail.h"
#include "store/mail_store.h"
#include "usecase/mail_text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum cnap_err cnap_mail_text_set(struct cnap_mail_text *t, const char *name, const char *value, struct cnap_error *err)
{
	if (!value)
		return OOM(err);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->vars[i].name, name) == 0) {
			t->vars[i].value = value;
			return CNAP_OK;
		}
	if (t->n == CNAP_MAIL_TEXT_MAX_VARS)
		return cnap_fail(err, CNAP_ETOOBIG, "mail", "差し込み項目が多すぎます");
	t->vars[t->n].name = name;
	t->vars[t->n].value = value;
	t->n++;
	return CNAP_OK;
}

/* 「Ⅱ．（５）2023年度の取組実績」: the item as the association's outline prints it. */
static enum cnap_err item_label(struct cnap_store *s, const struct cnap_question *q, struct cnap_arena *a,
				const char **out, struct cnap_error *err)
{
	struct cnap_participation_row pr;
	struct cnap_template t;
	struct cnap_association as;
	enum cnap_err rc;
	*out = q->item_key;
	if ((rc = cnap_store_participation_row(s, q->cycle_year, q->wg_code, q->association_code, a, &pr, err)) ||
	    (rc = cnap_store_template_get(s, q->cycle_year, pr.template_code, a, &t, err)) ||
	    (rc = cnap_store_association_get(s, q->association_code, a, &as, err)))
		return rc;
	for (size_t i = 0; i < t.n_items; i++)
		if (strcmp(t.items[i].key, q->item_key) == 0) {
			const char *number = cnap_item_number(a, &t, &t.items[i]);
			const char *title = cnap_item_title(a, &t.items[i], &as);
			*out = number && title ? cnap_arena_printf(a, "%s%s", number, title) : NULL;
			return *out ? CNAP_OK : OOM(err);
		}
	return CNAP_OK;
}

enum cnap_err cnap_mail_text_question(struct cnap_store *s, enum cnap_mail_event ev, const struct cnap_question *q,
				      const char *comment, struct cnap_arena *a, struct cnap_mail_text *out,
				      struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->ev = ev;
	out->link = cnap_arena_printf(a, "/q/%lld", (long long)q->id);
	char era[48], due[48];
	struct cnap_wg wg;
	struct cnap_association as;
	const char *item;
	enum cnap_err rc;
	if (!out->link || !cnap_jp_era_fiscal_year(q->cycle_year, false, era, sizeof(era)))
		return OOM(err);
	if ((rc = cnap_store_wg_get(s, q->cycle_year, q->wg_code, a, &wg, err)) ||
	    (rc = cnap_store_association_get(s, q->association_code, a, &as, err)) ||
	    (rc = item_label(s, q, a, &item, err)))
		return rc;
	if (!q->due_on || !cnap_date_label_ja(q->due_on, due, sizeof(due)))
		snprintf(due, sizeof(due), "なし");
	if ((rc = cnap_mail_text_set(out, "システム名", CNAP_MAIL_SYSTEM_NAME, err)) ||
	    (rc = cnap_mail_text_set(out, "年度", cnap_arena_strdup(a, era), err)) ||
	    (rc = cnap_mail_text_set(out, "WG名", wg.name, err)) ||
	    (rc = cnap_mail_text_set(out, "団体名", as.name, err)) ||
	    (rc = cnap_mail_text_set(out, "質問番号", q->no > 0 ? cnap_arena_printf(a, "No.%d", q->no) : "番号未定", err)) ||
	    (rc = cnap_mail_text_set(out, "項目", item, err)) ||
	    (rc = cnap_mail_text_set(out, "質問", q->text ? q->text : "", err)) ||
	    (rc = cnap_mail_text_set(out, "回答期限", cnap_arena_strdup(a, due), err)))
		return rc;
	if (ev == CNAP_MAIL_EV_ANSWER_RETURNED && (rc = cnap_mail_text_set(out, "差戻し理由", comment ? comment : "", err)))
		return rc;
	if ((ev == CNAP_MAIL_EV_ANSWER_SUBMITTED || ev == CNAP_MAIL_EV_ANSWER_ACCEPTED) &&
	    (rc = cnap_mail_text_set(out, "回答", q->has_answer && q->answer.text ? q->answer.text : "", err)))
		return rc;
	return CNAP_OK;
}

enum cnap_err cnap_mail_text_days(struct cnap_mail_text *t, bool overdue, int days, struct cnap_arena *a,
				  struct cnap_error *err)
{
	if (overdue)
		return cnap_mail_text_set(t, "超過日数", cnap_arena_printf(a, "%d日", days), err);
	return cnap_mail_text_set(t, "残り日数", days == 0 ? "本日" : cnap_arena_printf(a, "あと%d日", days), err);
}

enum cnap_err cnap_mail_text_recipient(struct cnap_mail_text *t, const char *name, struct cnap_arena *a,
				       struct cnap_error *err)
{
	return cnap_mail_text_set(t, "宛先名", cnap_arena_strdup(a, name ? name : ""), err);
}

enum cnap_err cnap_mail_text_json(const struct cnap_mail_text *t, struct cnap_arena *a, const char **out,
				  struct cnap_error *err)
{
	json_t *o = json_object();
	bool ok = o != NULL;
	for (size_t i = 0; ok && i < t->n; i++)
		ok = json_object_set_new(o, t->vars[i].name, json_string(t->vars[i].value)) == 0;
	char *text = ok ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	*out = text ? cnap_arena_strdup(a, text) : NULL;
	free(text);
	return *out ? CNAP_OK : OOM(err);
}

enum cnap_err cnap_mail_text_from_json(enum cnap_mail_event ev, const char *json, const char *link, struct cnap_arena *a,
				       struct cnap_mail_text *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->ev = ev;
	out->link = link;
	json_error_t jerr;
	json_t *o = json_loads(json ? json : "{}", 0, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return cnap_fail(err, CNAP_EFORMAT, "outbox.vars", "メールの差し込み値が読めません");
	}
	const char *key;
	json_t *v;
	enum cnap_err rc = CNAP_OK;
	json_object_foreach(o, key, v)
	{
		if (!json_is_string(v))
			continue;
		const char *name = cnap_arena_strdup(a, key), *value = cnap_arena_strdup(a, json_string_value(v));
		if (!name || !value) {
			rc = OOM(err);
			break;
		}
		if ((rc = cnap_mail_text_set(out, name, value, err)))
			break;
	}
	json_decref(o);
	return rc;
}

enum cnap_err cnap_mail_template_in_force(struct cnap_store *s, enum cnap_mail_event ev, struct cnap_arena *a,
					  const char **subject, const char **body, bool *edited, struct cnap_error *err)
{
	const char *at, *by;
	enum cnap_err rc = cnap_store_mail_template_get(s, cnap_mail_event_name(ev), a, subject, body, &at, &by, edited, err);
	if (!rc && !*edited)
		cnap_mail_template_default(ev, subject, body);
	return rc;
}

enum cnap_err cnap_mail_text_subject(struct cnap_store *s, const struct cnap_mail_text *t, struct cnap_arena *a,
				     const char **out, struct cnap_error *err)
{
	const char *subject, *body;
	bool edited;
	struct cnap_mail_text with_link = *t;
	enum cnap_err rc = cnap_mail_template_in_force(s, t->ev, a, &subject, &body, &edited, err);
	if (!rc)
		rc = cnap_mail_text_set(&with_link, "リンク", t->link ? t->link : "", err);
	return rc ? rc : cnap_mail_template_render(subject, with_link.vars, with_link.n, a, out, err);
}

enum cnap_err cnap_mail_text_render(struct cnap_store *s, const struct cnap_mail_text *t, const char *base_url,
				    struct cnap_arena *a, const char **subject, const char **body, struct cnap_error *err)
{
	const char *ts, *tb;
	bool edited;
	struct cnap_mail_text with_link = *t;
	enum cnap_err rc = cnap_mail_template_in_force(s, t->ev, a, &ts, &tb, &edited, err);
	if (rc)
		return rc;
	const char *url = cnap_arena_printf(a, "%s%s", base_url ? base_url : "", t->link ? t->link : "/");
	if ((rc = cnap_mail_text_set(&with_link, "リンク", url, err)) ||
	    (rc = cnap_mail_template_render(ts, with_link.vars, with_link.n, a, subject, err)))
		return rc;
	return cnap_mail_template_render(tb, with_link.vars, with_link.n, a, body, err);
}
