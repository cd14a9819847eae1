#include "base/compat.h"
#include "base/arena.h"
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
