/*
 * The table of subcommands. It lives in the cli library rather than in
 * main.c so that tests (tests/authz) can walk every command without keeping
 * a copy of the list.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"

static const struct cli_command commands[] = {
	{ NULL, "init", cmd_init, "create a database (--sample loads the built-in sample cycle)" },
	{ "cycle", "list", cmd_cycle_list, "list follow-up cycles" },
	{ "cycle", "add", cmd_cycle_add, "add a cycle, with its survey templates" },
	{ "cycle", "new", cmd_cycle_new, "the next cycle from this one: WGs, outlines, last year's data and texts, 継続 questions (--dry-run)" },
	{ "cycle", "close", cmd_cycle_close, "secretariat: close a cycle (read only from then on; --reopen opens it again)" },
	{ "cycle", "export", cmd_cycle_export, "write a whole cycle as JSON" },
	{ "cycle", "import", cmd_cycle_import, "read a whole cycle from JSON (all or nothing)" },
	{ "wg", "list", cmd_wg_list, "list the WGs of a cycle" },
	{ "wg", "add", cmd_wg_add, "add a WG to a cycle" },
	{ "wg", "edit", cmd_wg_edit, "rename a WG of a cycle (its code stays)" },
	{ "association", "list", cmd_association_list, "list associations" },
	{ "association", "add", cmd_association_add, "add an association" },
	{ "association", "join", cmd_association_join, "enrol an association in a WG of a cycle" },
	{ "association", "edit", cmd_association_edit, "change an association's name or industry (業種)" },
	{ "association", "enrolment", cmd_association_enrolment, "change an enrolment: its 調査票 (--template) or place in the WG's bundle (--position)" },
	{ "association", "leave", cmd_association_leave, "take back an enrolment that holds nothing (no versions, questions or drafts)" },
	{ "association", "import", cmd_association_import, "add associations in bulk from a CSV or Excel file (all or nothing)" },
	{ "outline", "show", cmd_outline_show, "show an association's survey outline with pages" },
	{ "submission", "add", cmd_submission_add, "record a survey submission version and its page map" },
	{ "survey", "export-xlsx", cmd_survey_export_xlsx, "the association's workbook of the survey's data tables" },
	{ "survey", "import-xlsx", cmd_survey_import_xlsx, "a filled-in workbook as a new version (all or nothing)" },
	{ "survey", "export-csv", cmd_survey_export_csv, "one data table as CSV (UTF-8 with BOM)" },
	{ "survey", "import-csv", cmd_survey_import_csv, "one data table from CSV (UTF-8 or CP932) as a new version" },
	{ "survey", "text show", cmd_survey_text_show, "the association's text under each item (editable, set reads it back)" },
	{ "survey", "text set", cmd_survey_text_set, "items' texts from a file or --text as a new version (or --draft)" },
	{ "survey", "submit", cmd_survey_submit, "the working copy (data and texts being edited) as a new version" },
	{ "survey", "render", cmd_survey_render, "a version's 調査票 as PDF (the association's own when it uploaded one)" },
	{ "survey", "attach-pdf", cmd_survey_attach_pdf, "the association's finished PDF as a version's document of record" },
	{ "survey", "pages", cmd_survey_pages, "a version's page map (--set ITEM=PAGE corrects it)" },
	{ "survey", "import-docx", cmd_survey_import_docx, "the association's Word file split into its items' texts (--dry-run shows it)" },
	{ "survey", "diff", cmd_survey_diff, "two versions compared, or one against last year's final (texts and numbers)" },
	{ "user", "add", cmd_user_add, "add a user (password on standard input)" },
	{ "user", "list", cmd_user_list, "list users" },
	{ "user", "edit", cmd_user_edit, "change a user: name, e-mail, role, association, WGs, deactivate" },
	{ "user", "import", cmd_user_import, "add users in bulk from a CSV or Excel file (all or nothing)" },
	{ "user", "passwd", cmd_user_passwd, "set a user's password (read from standard input)" },
	{ "user", "token", cmd_user_token, "print a new API token for scripts" },
	{ "user", "token-list", cmd_user_token_list, "list a user's API tokens (id, label, date)" },
	{ "user", "token-revoke", cmd_user_token_revoke, "revoke one API token by id" },
	{ "question", "file", cmd_question_file, "file a pre-meeting question on a survey item" },
	{ "question", "list", cmd_question_list, "list questions" },
	{ "question", "show", cmd_question_show, "show one question with its answer (and its history with --history)" },
	{ "question", "edit", cmd_question_edit, "change a question" },
	{ "question", "submit", cmd_question_submit, "reviewer: hand a draft to the secretariat" },
	{ "question", "approve", cmd_question_approve, "secretariat: approve a submitted question" },
	{ "question", "send", cmd_question_send, "secretariat: send to the association" },
	{ "question", "accept", cmd_question_accept, "secretariat: accept the answer" },
	{ "question", "return", cmd_question_return, "secretariat: return the answer with a comment" },
	{ "question", "publish", cmd_question_publish, "secretariat: mark as published" },
	{ "question", "withdraw", cmd_question_withdraw, "take a question back" },
	{ "question", "reopen", cmd_question_reopen, "secretariat: reopen a published question for a correction (正誤), with a reason" },
	{ "remark", "add", cmd_remark_add, "secretariat: record the WG's 指摘 to an association (a follow-up in the next cycle)" },
	{ "remark", "list", cmd_remark_list, "the WG's 指摘 to its associations" },
	{ "remark", "delete", cmd_remark_delete, "secretariat: remove a 指摘 recorded by mistake" },
	{ "question", "carry", cmd_question_carry, "secretariat: mark a question 継続, to follow up in the next cycle (--off: unmark)" },
	{ "question", "confirm", cmd_question_confirm, "keep a question after the survey item it asks about changed (質問を維持)" },
	{ NULL, "answer", cmd_answer, "association: answer a question" },
	{ "publish", "qa-list", cmd_publish_qa_list, "write the 事前質問・回答一覧 (pdf, xlsx, html, csv, json)" },
	{ "publish", "edition", cmd_publish_edition, "secretariat: publish the WG's list as its next edition (第N版), with its 正誤表" },
	{ "publish", "editions", cmd_publish_editions, "list a WG's published editions, their files and 正誤表" },
	{ "publish", "edition-get", cmd_publish_edition_get, "write one stored file of an edition, byte for byte" },
	{ "publish", "summary", cmd_publish_summary, "WG progress overview (進捗状況の概要) as PDF" },
	{ "publish", "chart", cmd_publish_chart, "SVG chart of an indicator against its target path" },
	{ NULL, "search", cmd_search, "find words in questions, answers and survey texts of every cycle (Japanese, 1 character and up)" },
	{ "audit", "list", cmd_audit_list, "show the audit trail" },
	{ "audit", "verify", cmd_audit_verify, "check the audit trail's hash chain: an edited or removed record is found" },
	{ NULL, "verify", cmd_verify, "check that a database is whole: pages, foreign keys, the search index, the audit chain" },
	{ NULL, "backup", cmd_backup, "copy the whole database into a file, safely while servers write" },
	{ NULL, "restore", cmd_restore, "replace the whole database by a backup file, checked first, safely while servers run" },
	{ NULL, "serve", cmd_serve, "run the web application (HTML and JSON API)" },
	{ "coefficients", "list", cmd_coefficients_list, "the coefficient master: heat values, carbon and electricity factors" },
	{ NULL, "calc", cmd_calc, "compute every indicator (進捗率, 想定比, 要因分析, ...) with its inputs" },
};

const struct cli_command *cli_commands(size_t *n)
{
	*n = CNAP_ARRAY_LEN(commands);
	return commands;
}
