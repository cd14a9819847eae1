#include "base/compat.h"
#include "base/arena.h"
#include "base/buf.h"
#include "model/model.h"

#include <string.h>

static const char *const role_names[CNAP_ROLE_COUNT] = { "secretariat", "reviewer", "association" };
static const char *const role_labels[CNAP_ROLE_COUNT] = { "事務局", "WG委員", "業界団体" };

static const char *const qstatus_names[CNAP_Q_COUNT] = {
	"draft", "submitted", "approved", "sent", "answered", "accepted", "published", "withdrawn", "merged",
};
static const char *const qstatus_labels[CNAP_Q_COUNT] = {
	"下書き", "提出済（事務局確認待ち）", "事務局承認済", "団体へ送付済（回答待ち）",
	"回答済（事務局確認待ち）", "回答確定", "公表済", "取下げ", "統合済",
};
static const char *const astatus_names[CNAP_A_COUNT] = { "draft", "submitted", "returned", "accepted" };
static const char *const astatus_labels[CNAP_A_COUNT] = { "下書き", "提出済", "差戻し", "確定" };

/* What the audit trail's actions on a question and its answer are called in Japanese. */
static const struct {
	const char *action, *label;
} action_labels[] = {
	{ "question.file", "質問を登録" }, { "question.edit", "質問を編集" }, { "question.submit", "事務局へ提出" },
	{ "question.approve", "承認" }, { "question.send", "業界団体へ送付" }, { "question.accept", "回答を確定" },
	{ "question.return", "回答を差戻し" }, { "question.publish", "公表" }, { "question.withdraw", "取下げ" },
	{ "question.reopen", "訂正のため再開" },
	{ "question.survey-changed", "調査票の更新により項目の変更を記録" },
	{ "question.confirm-anchor", "調査票更新後も質問を維持" },
	{ "question.import-anchor", "調査票更新の記録を取込み" },
	{ "question.answered", "回答提出により回答済に変更" }, { "question.import", "質問を取込み" },
	{ "answer.draft", "回答を下書き保存" }, { "answer.save", "回答を下書き保存" },
	{ "answer.submit", "回答を提出" }, { "answer.accept", "回答を確定" }, { "answer.return", "回答を差戻し" },
	{ "answer.import", "回答を取込み" },
};

static bool parse_name(const char *s, const char *const *names, int n, int *out)
{
	if (!s)
		return false;
	for (int i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

const char *cnap_role_name(enum cnap_role r)
{
	return (unsigned)r < CNAP_ROLE_COUNT ? role_names[r] : "?";
}

const char *cnap_role_label_ja(enum cnap_role r)
{
	return (unsigned)r < CNAP_ROLE_COUNT ? role_labels[r] : "?";
}

bool cnap_role_parse(const char *s, enum cnap_role *out)
{
	int v;
	if (!parse_name(s, role_names, CNAP_ROLE_COUNT, &v))
		return false;
	*out = (enum cnap_role)v;
	return true;
}

const char *cnap_qstatus_name(enum cnap_qstatus s)
{
	return (unsigned)s < CNAP_Q_COUNT ? qstatus_names[s] : "?";
}

const char *cnap_qstatus_label_ja(enum cnap_qstatus s)
{
	return (unsigned)s < CNAP_Q_COUNT ? qstatus_labels[s] : "?";
}

bool cnap_qstatus_parse(const char *s, enum cnap_qstatus *out)
{
	int v;
	if (!parse_name(s, qstatus_names, CNAP_Q_COUNT, &v))
		return false;
	*out = (enum cnap_qstatus)v;
	return true;
}

const char *cnap_astatus_name(enum cnap_astatus s)
{
	return (unsigned)s < CNAP_A_COUNT ? astatus_names[s] : "?";
}

bool cnap_astatus_parse(const char *s, enum cnap_astatus *out)
{
	int v;
	if (!parse_name(s, astatus_names, CNAP_A_COUNT, &v))
		return false;
	*out = (enum cnap_astatus)v;
	return true;
}

bool cnap_qstatus_publishable(enum cnap_qstatus s)
{
	/* Everything the secretariat has let through; drafts, withdrawn and merged never. */
	switch (s) {
	case CNAP_Q_APPROVED:
	case CNAP_Q_SENT:
	case CNAP_Q_ANSWERED:
	case CNAP_Q_ACCEPTED:
	case CNAP_Q_PUBLISHED:
		return true;
	default:
		return false;
	}
}

bool cnap_qstatus_open(enum cnap_qstatus s)
{
	return s <= CNAP_Q_ANSWERED;
}

const char *cnap_item_number(struct cnap_arena *a, const struct cnap_template *t,
			     const struct cnap_survey_item *it)
{
	if (!it || !it->code || !*it->code)
		return "";
	/* An outline is a few levels deep; a parent chain longer than this is a cycle. */
	enum { MAX_DEPTH = 8 };
	const char *codes[MAX_DEPTH];
	int n = 0;
	for (const struct cnap_survey_item *p = it; p && n < MAX_DEPTH;
	     p = (t && p->parent_key) ? cnap_template_item(t, p->parent_key) : NULL)
		codes[n++] = p->code ? p->code : "";
	const char *out = "";
	while (n-- > 0) {
		out = cnap_arena_printf(a, "%s%s", out, codes[n]);
		if (!out)
			return NULL;
	}
	return out;
}

const char *cnap_astatus_label_ja(enum cnap_astatus s)
{
	return (unsigned)s < CNAP_A_COUNT ? astatus_labels[s] : "?";
}

const char *cnap_audit_action_label_ja(const char *action)
{
	for (size_t i = 0; action && i < CNAP_ARRAY_LEN(action_labels); i++)
		if (strcmp(action_labels[i].action, action) == 0)
			return action_labels[i].label;
	return "その他の操作";
}

/*
 * The plain form of an item's number as typed or shown: Roman numerals Ⅰ…Ⅻ as I…XII, full-width
 * digits and letters as ASCII, dots, brackets and spaces dropped: 「Ⅱ．（５）」, 「Ⅱ（５）」, 「Ⅱ.5」 and
 * 「II.5」 all give "II5" (a Roman chapter and an Arabic section cannot run into each other).
 * NULL when out of memory.
 */
static const char *plain_number(struct cnap_arena *a, const char *s)
{
	static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII" };
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		/* Ⅰ..Ⅻ: E2 85 A0..AB; full-width ！..～: EF BC 81..EF BD 9E; ideographic space E3 80 80 */
		if (p[0] == 0xE2 && p[1] == 0x85 && p[2] >= 0xA0 && p[2] <= 0xAB) {
			cnap_buf_adds(&b, roman[p[2] - 0xA0]);
			p += 3;
			continue;
		}
		int c = *p;
		size_t len = 1;
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
			int v = (p[1] - 0xBC) * 64 + (p[2] - 0x80); /* offset from U+FF00 */
			if (v >= 0x01 && v <= 0x5E) {
				c = v + 0x20;
				len = 3;
			}
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			c = ' ';
			len = 3;
		}
		p += len;
		if (c == '(' || c == ')' || c == ' ' || c == '.')
			continue;
		cnap_buf_addc(&b, (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
	}
	const char *out = b.status ? NULL : cnap_arena_printf(a, "%.*s", (int)b.len, b.len ? b.data : "");
	cnap_buf_release(&b);
	return out;
}

const struct cnap_survey_item *cnap_template_item_find(struct cnap_arena *a, const struct cnap_template *t,
						       const char *text)
{
	if (!t || !text)
		return NULL;
	const struct cnap_survey_item *it = cnap_template_item(t, text);
	if (it)
		return it;
	const char *want = plain_number(a, text);
	if (!want || !*want)
		return NULL;
	for (size_t i = 0; i < t->n_items; i++) {
		const char *number = cnap_item_number(a, t, &t->items[i]);
		const char *have = number && *number ? plain_number(a, number) : NULL;
		if (have && strcmp(have, want) == 0)
			return &t->items[i];
	}
	return NULL;
}
