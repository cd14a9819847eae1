/* The route handlers and the view helpers they share. */
#ifndef CNAP_WEB_PAGES_H
#define CNAP_WEB_PAGES_H

#include "web/app.h"
#include "usecase/accounts.h"
#include "usecase/mail.h"
#include "usecase/organisation.h"
#include "usecase/publication.h"
#include "usecase/questions.h"
#include "usecase/survey.h"
#include "usecase/survey_form.h"

/* session.c */
void h_login_form(struct web_req *req, struct web_resp *resp);
void h_login(struct web_req *req, struct web_resp *resp);
void h_logout(struct web_req *req, struct web_resp *resp);
void h_account(struct web_req *req, struct web_resp *resp);
void h_password(struct web_req *req, struct web_resp *resp);
void h_tokens(struct web_req *req, struct web_resp *resp);
void h_token_revoke(struct web_req *req, struct web_resp *resp);
/* page_dashboard.c */
void h_home(struct web_req *req, struct web_resp *resp);
void h_dashboard(struct web_req *req, struct web_resp *resp);
void h_queue(struct web_req *req, struct web_resp *resp);
/* page_association.c */
void h_association(struct web_req *req, struct web_resp *resp);
void h_new_question(struct web_req *req, struct web_resp *resp);
void h_file_question(struct web_req *req, struct web_resp *resp);
/* page_read.c: an association's survey read item by item, and asking about what was read */
void h_survey_read(struct web_req *req, struct web_resp *resp);
/* page_data.c: the survey data's overview and what is done to the whole draft */
void h_data(struct web_req *req, struct web_resp *resp);
void h_data_submit(struct web_req *req, struct web_resp *resp);
void h_data_discard(struct web_req *req, struct web_resp *resp);
void h_data_copy_last_year(struct web_req *req, struct web_resp *resp);
/* page_form.c: one table of the survey data */
void h_data_table(struct web_req *req, struct web_resp *resp);
void h_data_table_save(struct web_req *req, struct web_resp *resp);
void h_data_table_preview(struct web_req *req, struct web_resp *resp);
/* page_text.c: the text under each outline item, its editor and the working copy's submission */
void h_text(struct web_req *req, struct web_resp *resp);
void h_text_submit(struct web_req *req, struct web_resp *resp);
/* The overview again, keeping the status and field errors set so far (page_text_import.c's refusals). */
void web_text_page_again(struct web_req *req, struct web_resp *resp);
/* page_text_import.c: an association's Word file split into its items, shown, then saved as the working copy */
void h_text_import(struct web_req *req, struct web_resp *resp);
void h_text_import_confirm(struct web_req *req, struct web_resp *resp);
void h_text_discard(struct web_req *req, struct web_resp *resp);
void h_text_item(struct web_req *req, struct web_resp *resp);
void h_text_item_save(struct web_req *req, struct web_resp *resp);
void h_text_item_discard(struct web_req *req, struct web_resp *resp);
/* page_workbook.c */
void h_workbook(struct web_req *req, struct web_resp *resp);
void h_workbook_download(struct web_req *req, struct web_resp *resp);
void h_workbook_upload(struct web_req *req, struct web_resp *resp);
/* A download's Content-Disposition: name as UTF-8 (RFC 5987), ascii for old clients. */
void web_attachment(struct web_req *req, struct web_resp *resp, const char *name, const char *ascii);
/* page_survey_pdf.c: the printed 調査票, the document of record and the page map */
void h_survey_pdf(struct web_req *req, struct web_resp *resp);
void h_survey_pages(struct web_req *req, struct web_resp *resp);
void h_survey_pages_save(struct web_req *req, struct web_resp *resp);
void h_survey_document_upload(struct web_req *req, struct web_resp *resp);
/* page_diff.c: 「版の比較」, two versions of an association's survey side by side */
void h_survey_diff(struct web_req *req, struct web_resp *resp);
/* page_search.c: 「検索」, questions, answers and survey texts of every cycle */
void h_search(struct web_req *req, struct web_resp *resp);
/* page_question.c */
void h_question(struct web_req *req, struct web_resp *resp);
void h_question_edit(struct web_req *req, struct web_resp *resp);
void h_question_step(struct web_req *req, struct web_resp *resp);
void h_answer(struct web_req *req, struct web_resp *resp);
void h_question_carry(struct web_req *req, struct web_resp *resp);
void h_cycles(struct web_req *req, struct web_resp *resp);
void h_cycle_new(struct web_req *req, struct web_resp *resp);
void h_cycle_close(struct web_req *req, struct web_resp *resp);
void h_question_confirm(struct web_req *req, struct web_resp *resp);
/* page_history.c */
void h_history(struct web_req *req, struct web_resp *resp);
/* page_publish.c */
void h_publish(struct web_req *req, struct web_resp *resp);
void h_publish_preview(struct web_req *req, struct web_resp *resp);
void h_publish_download(struct web_req *req, struct web_resp *resp);
void h_publish_mark(struct web_req *req, struct web_resp *resp);
void h_editions(struct web_req *req, struct web_resp *resp);
void h_edition_download(struct web_req *req, struct web_resp *resp);
/* page_users.c */
void h_users(struct web_req *req, struct web_resp *resp);
void h_user_add(struct web_req *req, struct web_resp *resp);
void h_user_password(struct web_req *req, struct web_resp *resp);
/* page_org.c: 組織の管理, a cycle's WGs, associations and who reports where with which 調査票 */
void h_org(struct web_req *req, struct web_resp *resp);
void h_org_wg_add(struct web_req *req, struct web_resp *resp);
void h_org_wg_rename(struct web_req *req, struct web_resp *resp);
void h_org_association_add(struct web_req *req, struct web_resp *resp);
void h_org_association_edit(struct web_req *req, struct web_resp *resp);
void h_org_join(struct web_req *req, struct web_resp *resp);
void h_org_enrolment(struct web_req *req, struct web_resp *resp);
void h_org_leave(struct web_req *req, struct web_resp *resp);
/* page_user_admin.c: users from a file (with a confirmation), one user's edit page, their tokens. */
void h_user_import(struct web_req *req, struct web_resp *resp);
void h_user_import_confirm(struct web_req *req, struct web_resp *resp);
void h_user_edit_form(struct web_req *req, struct web_resp *resp);
void h_user_edit(struct web_req *req, struct web_resp *resp);
void h_user_token_revoke(struct web_req *req, struct web_resp *resp);
/* The users page again after a refused request (its errors shown); the status kept. */
void web_users_page_again(struct web_req *req, struct web_resp *resp);
/* The form's ticked WG checkboxes ("wg"), in req->arena. */
const char *const *web_form_wgs(struct web_req *req, size_t *n);
/* A user form's choices: roles (role selected), associations (assoc selected), the cycle's WGs (checked ticked). */
void web_put_user_choices(struct tv *v, const char *role, const char *assoc, const struct cnap_association *as,
			  size_t n_as, const struct cnap_wg *wgs, size_t n_wgs, const char *const *checked,
			  size_t n_checked);
/* The cycle the users pages look at: ?cycle=YEAR when given, else web_current_year's. */
int web_users_year(struct web_req *req);
/* page_notices.c: one's own notices (お知らせ), and how one (or, for the secretariat, a user) takes mail */
void h_notifications(struct web_req *req, struct web_resp *resp);
void h_notification_open(struct web_req *req, struct web_resp *resp);
void h_notifications_read_all(struct web_req *req, struct web_resp *resp);
void h_account_mail(struct web_req *req, struct web_resp *resp);
void h_user_mail(struct web_req *req, struct web_resp *resp);
/* The radio buttons of how login takes mail (mail_modes [{value, label, checked}]) on v. */
void web_put_mail_modes(struct tv *v, struct cnap_arena *a, enum cnap_mail_mode mode);
/* page_mail.c: メール, the outbox with resending, the test message and a cycle's reminders */
void h_mail(struct web_req *req, struct web_resp *resp);
void h_mail_message(struct web_req *req, struct web_resp *resp);
void h_mail_resend(struct web_req *req, struct web_resp *resp);
void h_mail_test(struct web_req *req, struct web_resp *resp);
void h_mail_reminders(struct web_req *req, struct web_resp *resp);
/* page_mail_templates.c: each event's subject and body, edited with a preview */
void h_mail_templates(struct web_req *req, struct web_resp *resp);
void h_mail_template(struct web_req *req, struct web_resp *resp);
void h_mail_template_save(struct web_req *req, struct web_resp *resp);
void h_mail_template_preview(struct web_req *req, struct web_resp *resp);
void h_mail_template_reset(struct web_req *req, struct web_resp *resp);
/* static.c */
void h_static(struct web_req *req, struct web_resp *resp);

/* views.c: labels, scope and the one place that turns a question into what a user may see. */
enum web_str web_role_label(enum cnap_role r);
enum web_str web_status_label(enum cnap_qstatus s);
void web_nav(struct web_req *req, struct tv *view);
const char *web_notice(const char *key);
/* The latest cycle's year, or 0 when there is none. */
int web_latest_year(struct web_req *req);
/* The cycle a page is about: /c/YEAR/… in its path, else ?cycle=YEAR, else the newest. */
int web_current_year(struct web_req *req);
/* A question (already redacted for the user by the use case) as a view. today is YYYY-MM-DD (JST). */
struct tv *web_view_question(struct web_req *req, const struct cnap_question *q, const char *today);
/*
 * view_anchor.c: the quote and the item's later change on a question view m (issue 12):
 * quote, read_version, survey_changed {version, marked, quote_gone, url, kept {version, by, on}}.
 */
void web_view_anchor(struct web_req *req, const struct cnap_question *q, struct tv *m);
/* Where the change of the question's item in version is shown: 「版の比較」 from what the question last stood on. */
const char *web_item_change_url(struct web_req *req, const struct cnap_question *q, int version);
/* Whose move it is, as a catalog string, and whether the deadline has passed for that move. */
enum web_str web_ball(const struct cnap_question *q);
bool web_overdue(const struct cnap_question *q, const char *today);
/* The steps of a bit set from the policy (cnap_policy_steps), as buttons [{step, label, comment}]. */
struct tv *web_steps(struct web_req *req, unsigned steps);
/* "（４） 生産活動量の見通し" of an item of the outline, {industry} filled; the key if unknown. */
const char *web_item_label(struct cnap_arena *a, const struct cnap_template *t, const struct cnap_association *as,
			   const char *key);
/* Parse the :year argument and load the cycle; on failure a 404 is set and false returned. */
bool web_year_arg(struct web_req *req, struct web_resp *resp, size_t i, int *year);
/* An association page's path arguments, checked against the user's scope, with the outline. */
struct assoc_ctx {
	int year;
	const char *wg, *assoc;
	struct cnap_uc_outline o; /* with the WG (o.wg) */
};
bool web_assoc_ctx_load(struct web_req *req, struct web_resp *resp, struct assoc_ctx *c);
void web_assoc_ctx_put(struct web_req *req, struct tv *v, const struct assoc_ctx *c);
/* The WG's 指摘 to the association on its page, with the secretariat's form (web/page_remarks.c). */
void web_put_remarks(struct web_req *req, struct web_resp *resp, struct tv *v, const struct assoc_ctx *c);
void h_remark_add(struct web_req *req, struct web_resp *resp);
void h_association_years(struct web_req *req, struct web_resp *resp);
void h_remark_delete(struct web_req *req, struct web_resp *resp);

/* The survey data pages' path arguments with the association's tables and working data (usecase/survey_form.h). */
struct data_ctx {
	struct assoc_ctx c; /* c.o is f.o */
	struct cnap_uc_form f;
	const char *url;    /* "/c/2023/w/denshi/a/bearing/data" */
};
bool web_data_load(struct web_req *req, struct web_resp *resp, struct data_ctx *d);
/* A table's place in the printed form, "Ⅱ．（１）" (the chapter's code and its item's), or "" when unknown. */
const char *web_table_number(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t);

/* The first max_chars characters of text, with "…" when cut. */
const char *web_excerpt(struct cnap_arena *a, const char *text, size_t max_chars);
/* Form fields shared by the question forms: page 1..9999 or empty, a YYYY-MM-DD date or empty. */
bool web_parse_page(struct web_req *req, struct web_resp *resp, const char *s, int *out);
bool web_parse_date(struct web_req *req, struct web_resp *resp, const char *s);
/* A question with what its pages need: cycle, WG, outline. */
struct web_qctx {
	struct cnap_uc_question uq; /* the question as this user sees it, with what they may do */
	const struct cnap_question *q; /* &uq.q */
	struct cnap_uc_outline o;   /* its cycle (o.year), WG (o.wg) and outline */
};
/* Load the question named by the path; one this user may not see does not exist (404, no hint). */
bool web_load_question(struct web_req *req, struct web_resp *resp, struct web_qctx *c);
/* "森岡 遥" for a login (the login itself if unknown), and "森岡 遥（WG委員）". */
const char *web_user_name(struct web_req *req, const char *login);
const char *web_user_label(struct web_req *req, const char *login);
/* page_survey.c: the latest quantitative data as {version, charts, tables} (trusted HTML), or NULL. */
struct tv *web_survey_view(struct web_req *req, int year, const struct cnap_uc_outline *o);
/* The questions of a filter; on failure the error response is set and false returned. */
bool web_questions(struct web_req *req, struct web_resp *resp, const struct cnap_question_filter *f,
		   struct cnap_question **qs, size_t *n);
/* "令和5年度" */
/*
 * The cycle's year as the screens say it. Running UI text (crumbs, dashboard, queue, questions): 令和5年度;
 * what stands for a published document (the publication page, the 一覧's own titles): 令和五年度, as the
 * ministry prints it. docs/web.md states the rule.
 */
const char *web_era(struct cnap_arena *a, int year);
const char *web_era_document(struct cnap_arena *a, int year);

#endif
