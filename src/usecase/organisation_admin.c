/*
 * The secretariat's organisation of a cycle (usecase/organisation.h): WGs,
 * associations and who reports in which WG with which outline, added and
 * changed. What the secretariat typed is checked here with a message in
 * Japanese naming the field; a participation that holds anything (versions,
 * questions, drafts, the WG's 指摘) is neither taken back nor given another
 * outline, so nothing is lost.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "base/utf8.h"
#include "usecase/organisation.h"

#include <stdio.h>
#include <string.h>

static enum cnap_err admin(const struct cnap_actor *actor, struct cnap_store *s, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (!rc)
		cnap_store_set_actor(s, actor->login);
	return rc;
}

struct era {
	char s[40];
};

static const char *era_of(int year, struct era *e)
{
	if (!cnap_jp_era_fiscal_year(year, false, e->s, sizeof(e->s)))
		snprintf(e->s, sizeof(e->s), "%d年度", year);
	return e->s;
}

static bool blank(const char *s)
{
	while (s && *s) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0) /* U+3000, as blank as a space */
			s += 3;
		else
			return false;
	}
	return true;
}

/* A code as typed (WG, association): letters, digits, '.', '_', '-'. */
static enum cnap_err check_code(const char *s, const char *where, const char *label, struct cnap_error *err)
{
	if (!s || blank(s))
		return cnap_fail(err, CNAP_EINVAL, where, "%sを入力してください", label);
	enum cnap_err rc = cnap_check_code(s, where, NULL);
	if (rc == CNAP_ETOOBIG)
		return cnap_fail(err, rc, where, "%sは%d文字までにしてください", label, CNAP_MAX_CODE_CHARS);
	if (rc)
		return cnap_fail(err, rc, where, "%sは半角の英字・数字と「.」「_」「-」で書いてください", label);
	return CNAP_OK;
}

/* A name on one line; optional ones may be left empty. */
static enum cnap_err check_name(const char *s, bool optional, const char *where, const char *label,
				struct cnap_error *err)
{
	if (!s || blank(s))
		return optional ? CNAP_OK : cnap_fail(err, CNAP_EINVAL, where, "%sを入力してください", label);
	if (!cnap_utf8_valid(s, strlen(s), NULL))
		return cnap_fail(err, CNAP_EINVAL, where, "%sの文字コードが正しくありません（UTF-8で送ってください）", label);
	enum cnap_err rc = cnap_text_check(s, CNAP_MAX_NAME_CHARS, 0, where, NULL);
	if (rc == CNAP_ETOOBIG)
		return cnap_fail(err, rc, where, "%sは%d文字までにしてください", label, CNAP_MAX_NAME_CHARS);
	if (rc)
		return cnap_fail(err, rc, where, "%sに改行などの制御文字は使えません", label);
	return CNAP_OK;
}

/* The cycle whose WGs and enrolments are to change: there, and not closed (read only). */
static enum cnap_err find_cycle(struct cnap_store *s, int year, struct cnap_arena *a, struct cnap_error *err)
{
	struct era e;
	struct cnap_cycle c;
	enum cnap_err rc = cnap_store_cycle_get(s, year, a, &c, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "cycle", "%s（%d）のサイクルはありません", era_of(year, &e), year);
	return rc ? rc : cnap_policy_cycle_allows(&c, CNAP_ACT_ADMIN, err);
}

/* The WG's look-up said in Japanese: the message names the code and the cycle. */
static enum cnap_err find_wg(struct cnap_store *s, int year, const char *code, const char *where,
			     struct cnap_arena *a, struct cnap_wg *out, struct cnap_error *err)
{
	struct era e;
	enum cnap_err rc = find_cycle(s, year, a, err);
	if (rc)
		return rc;
	if (!code || !*code)
		return cnap_fail(err, CNAP_EINVAL, where, "WGを選んでください");
	rc = cnap_store_wg_get(s, year, code, a, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, where, "WG「%s」は%sにありません", code, era_of(year, &e));
	return rc;
}

static enum cnap_err find_association(struct cnap_store *s, const char *code, const char *where, struct cnap_arena *a,
				      struct cnap_association *out, struct cnap_error *err)
{
	if (!code || !*code)
		return cnap_fail(err, CNAP_EINVAL, where, "業界団体を選んでください");
	enum cnap_err rc = cnap_store_association_get(s, code, a, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, where, "業界団体「%s」はありません", code);
	return rc;
}

static enum cnap_err find_template(struct cnap_store *s, int year, const char *code, struct cnap_arena *a,
				   struct cnap_template *out, struct cnap_error *err)
{
	struct era e;
	if (!code || !*code)
		return cnap_fail(err, CNAP_EINVAL, "participation.template", "調査票を選んでください");
	enum cnap_err rc = cnap_store_template_get(s, year, code, a, out, err);
	if (rc != CNAP_ENOTFOUND)
		return rc;
	struct cnap_template *all;
	size_t n = 0;
	if (!cnap_store_template_list(s, year, a, &all, &n, NULL) && !n)
		return cnap_fail(err, rc, "participation.template",
				 "%sには調査票がありません。cnap cycle add --templates FILE で加えるか、"
				 "cnap cycle new --from 前の年度 で前の年度から作成してください",
				 era_of(year, &e));
	return cnap_fail(err, rc, "participation.template", "調査票「%s」は%sにありません", code, era_of(year, &e));
}

/* The participation itself, said as "X does not take part in WG Y". */
static enum cnap_err find_participation(struct cnap_store *s, int year, const char *wg, const char *assoc,
					struct cnap_arena *a, struct cnap_participation_row *out, struct cnap_error *err)
{
	struct cnap_wg w;
	struct cnap_association as;
	enum cnap_err rc;
	if ((rc = find_wg(s, year, wg, "participation.wg", a, &w, err)) ||
	    (rc = find_association(s, assoc, "participation.association", a, &as, err)))
		return rc;
	rc = cnap_store_participation_row(s, year, wg, assoc, a, out, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "participation", "%sは%sに参加していません", as.name, w.name);
	return rc;
}

bool cnap_uc_participation_holds_nothing(const struct cnap_participation_row *r)
{
	return !r->submissions && !r->questions && !r->drafts && !r->remarks;
}

/* "提出された調査票2版、質問3件": what a participation holds, for the refusal. */
static const char *holdings(struct cnap_arena *a, const struct cnap_participation_row *r)
{
	const char *out = "";
	const struct {
		int64_t n;
		const char *fmt;
	} parts[] = {
		{ r->submissions, "提出された調査票%lld版" },
		{ r->questions, "質問%lld件" },
		{ r->drafts, "入力中の下書き%lld件" },
		{ r->remarks, "WGの指摘%lld件" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(parts); i++) {
		if (!parts[i].n)
			continue;
		const char *one = cnap_arena_printf(a, parts[i].fmt, (long long)parts[i].n);
		out = cnap_arena_printf(a, "%s%s%s", out, *out ? "、" : "", one ? one : "");
	}
	return out ? out : "";
}

enum cnap_err cnap_uc_wg_add(struct cnap_store *s, const struct cnap_actor *actor, int year, const struct cnap_wg *wg,
			     struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = check_code(wg->code, "wg.code", "WGのコード", err)) ||
	    (rc = check_name(wg->name, false, "wg.name", "WG名", err)) || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_wg old;
	struct era e;
	if (!(rc = find_cycle(s, year, &a, err))) {
		rc = cnap_store_wg_get(s, year, wg->code, &a, &old, err);
		if (rc == CNAP_OK)
			rc = cnap_fail(err, CNAP_ECONFLICT, "wg.code", "WGのコード「%s」は%sにすでにあります（%s）",
				       wg->code, era_of(year, &e), old.name);
		else if (rc == CNAP_ENOTFOUND)
			rc = cnap_store_wg_add(s, year, wg, err);
	}
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_wg_rename(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *code,
				const char *name, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = check_name(name, false, "wg.name", "WG名", err)) || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_wg old;
	if (!(rc = find_wg(s, year, code, "wg.code", &a, &old, err)) && strcmp(old.name, name) != 0)
		rc = cnap_store_wg_rename(s, year, code, name, err);
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

/* An industry typed as blanks is none. */
static struct cnap_association tidy(const struct cnap_association *as)
{
	struct cnap_association t = *as;
	if (!t.industry || blank(t.industry))
		t.industry = NULL;
	return t;
}

static enum cnap_err check_association(const struct cnap_association *as, struct cnap_error *err)
{
	enum cnap_err rc = check_name(as->name, false, "association.name", "業界団体名", err);
	return rc ? rc : check_name(as->industry, true, "association.industry", "業種", err);
}

enum cnap_err cnap_uc_association_add(struct cnap_store *s, const struct cnap_actor *actor,
				      const struct cnap_association *as, struct cnap_error *err)
{
	struct cnap_association t = tidy(as);
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = check_code(t.code, "association.code", "業界団体のコード", err)) ||
	    (rc = check_association(&t, err)) || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_association old;
	rc = cnap_store_association_get(s, t.code, &a, &old, err);
	if (rc == CNAP_OK)
		rc = cnap_fail(err, CNAP_ECONFLICT, "association.code", "業界団体のコード「%s」はすでにあります（%s）", t.code,
			       old.name);
	else if (rc == CNAP_ENOTFOUND)
		rc = cnap_store_association_add(s, &t, err);
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_association_edit(struct cnap_store *s, const struct cnap_actor *actor,
				       const struct cnap_association *as, struct cnap_error *err)
{
	struct cnap_association t = tidy(as);
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = check_association(&t, err)) || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_association old;
	if (!(rc = find_association(s, t.code, "association.code", &a, &old, err)) &&
	    (strcmp(old.name, t.name) != 0 || !old.industry != !t.industry ||
	     (t.industry && strcmp(old.industry, t.industry) != 0)))
		rc = cnap_store_association_edit(s, &t, err);
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_participation_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *wg_code, const char *association_code, const char *template_code,
					struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_wg w;
	struct cnap_association as;
	struct cnap_template t;
	struct cnap_participation_row old;
	if (!(rc = find_wg(s, year, wg_code, "participation.wg", &a, &w, err)) &&
	    !(rc = find_association(s, association_code, "participation.association", &a, &as, err)) &&
	    !(rc = find_template(s, year, template_code, &a, &t, err))) {
		rc = cnap_store_participation_row(s, year, wg_code, association_code, &a, &old, err);
		if (rc == CNAP_OK)
			rc = cnap_fail(err, CNAP_ECONFLICT, "participation.association", "%sはすでに%sに参加しています",
				       as.name, w.name);
		else if (rc == CNAP_ENOTFOUND)
			rc = cnap_store_participation_add(s, year, wg_code, association_code, template_code, err);
	}
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_participation_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 struct cnap_arena *a, struct cnap_participation_row **out, size_t *n,
					 struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_participation_rows(s, year, a, out, n, err);
}

enum cnap_err cnap_uc_template_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    struct cnap_arena *a, struct cnap_template **out, size_t *n, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_template_list(s, year, a, out, n, err);
}

/* How many the WG's bundle holds. */
static enum cnap_err bundle_size(struct cnap_store *s, int year, const char *wg, struct cnap_arena *a, size_t *n,
				 struct cnap_error *err)
{
	struct cnap_association *v;
	return cnap_store_association_list(s, year, wg, a, &v, n, err);
}

enum cnap_err cnap_uc_participation_edit(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const char *template_code,
					 int position, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_participation_row p;
	struct cnap_template t;
	size_t n = 0;
	if (template_code && !*template_code)
		template_code = NULL;
	if (!(rc = find_participation(s, year, wg_code, association_code, &a, &p, err)) &&
	    !(rc = bundle_size(s, year, wg_code, &a, &n, err))) {
		if (template_code && strcmp(template_code, p.template_code) == 0)
			template_code = NULL;
		if (position == p.position)
			position = 0;
		if (position < 0 || (size_t)position > n)
			rc = cnap_fail(err, CNAP_EINVAL, "participation.position", "順番は1から%zuまでの数で指定してください", n);
		else if (template_code && !(rc = find_template(s, year, template_code, &a, &t, err)) &&
			 !cnap_uc_participation_holds_nothing(&p))
			rc = cnap_fail(err, CNAP_ECONFLICT, "participation.template",
				       "%sには%sがあるため、調査票は変えられません（%sのままです）", p.association_name,
				       holdings(&a, &p), p.template_name);
		else if (!rc && (template_code || position))
			rc = cnap_store_participation_edit(s, year, wg_code, association_code, template_code, position,
							   err);
	}
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

enum cnap_err cnap_uc_participation_remove(struct cnap_store *s, const struct cnap_actor *actor, int year,
					   const char *wg_code, const char *association_code, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc || (rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_participation_row p;
	struct cnap_wg w;
	if (!(rc = find_participation(s, year, wg_code, association_code, &a, &p, err)) &&
	    !(rc = find_wg(s, year, wg_code, "participation.wg", &a, &w, err))) {
		if (!cnap_uc_participation_holds_nothing(&p))
			rc = cnap_fail(err, CNAP_ECONFLICT, "participation",
				       "%sは%sに%sがあるため、参加を取り消せません（何も変更していません）", p.association_name,
				       w.name, holdings(&a, &p));
		else
			rc = cnap_store_participation_remove(s, year, wg_code, association_code, err);
	}
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}
