/* Every cnap subcommand; main.c dispatches through the table built from these. */
#ifndef CNAP_CLI_COMMANDS_H
#define CNAP_CLI_COMMANDS_H

int cmd_init(int argc, char **argv);
int cmd_cycle_list(int argc, char **argv);
int cmd_cycle_add(int argc, char **argv);
int cmd_cycle_new(int argc, char **argv);
int cmd_cycle_close(int argc, char **argv);
int cmd_mail_test(int argc, char **argv);
int cmd_mail_send(int argc, char **argv);
int cmd_mail_remind(int argc, char **argv);
int cmd_mail_outbox(int argc, char **argv);
int cmd_mail_show(int argc, char **argv);
int cmd_mail_resend(int argc, char **argv);
int cmd_mail_template_list(int argc, char **argv);
int cmd_mail_template_show(int argc, char **argv);
int cmd_mail_template_set(int argc, char **argv);
int cmd_mail_template_preview(int argc, char **argv);
int cmd_mail_template_reset(int argc, char **argv);
int cmd_mail_reminders(int argc, char **argv);
int cmd_notice_list(int argc, char **argv);
int cmd_notice_read(int argc, char **argv);
int cmd_user_mail(int argc, char **argv);
int cmd_remark_add(int argc, char **argv);
int cmd_remark_list(int argc, char **argv);
int cmd_remark_delete(int argc, char **argv);
int cmd_cycle_export(int argc, char **argv);
int cmd_cycle_import(int argc, char **argv);
int cmd_wg_list(int argc, char **argv);
int cmd_wg_add(int argc, char **argv);
int cmd_association_list(int argc, char **argv);
int cmd_association_add(int argc, char **argv);
int cmd_association_join(int argc, char **argv);
int cmd_wg_edit(int argc, char **argv);
int cmd_association_edit(int argc, char **argv);
int cmd_association_enrolment(int argc, char **argv);
int cmd_association_leave(int argc, char **argv);
int cmd_outline_show(int argc, char **argv);
int cmd_submission_add(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_user_list(int argc, char **argv);
int cmd_user_edit(int argc, char **argv);   /* cmd_user_edit.c */
int cmd_user_import(int argc, char **argv); /* cmd_user_edit.c */
int cmd_association_import(int argc, char **argv); /* cmd_association_import.c */
int cmd_question_file(int argc, char **argv);
int cmd_question_list(int argc, char **argv);
int cmd_question_show(int argc, char **argv);
int cmd_question_edit(int argc, char **argv);
int cmd_question_submit(int argc, char **argv);
int cmd_question_approve(int argc, char **argv);
int cmd_question_send(int argc, char **argv);
int cmd_question_accept(int argc, char **argv);
int cmd_question_return(int argc, char **argv);
int cmd_question_publish(int argc, char **argv);
int cmd_question_withdraw(int argc, char **argv);
int cmd_question_reopen(int argc, char **argv);
int cmd_question_confirm(int argc, char **argv);
int cmd_question_carry(int argc, char **argv);
int cmd_answer(int argc, char **argv);
int cmd_publish_qa_list(int argc, char **argv);
int cmd_publish_edition(int argc, char **argv);
int cmd_publish_editions(int argc, char **argv);
int cmd_publish_edition_get(int argc, char **argv);
int cmd_audit_list(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user_passwd(int argc, char **argv);
int cmd_user_token(int argc, char **argv);
int cmd_user_token_list(int argc, char **argv);
int cmd_user_token_revoke(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_audit_verify(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_publish_chart(int argc, char **argv);
int cmd_publish_summary(int argc, char **argv);
int cmd_coefficients_list(int argc, char **argv);
int cmd_survey_export_xlsx(int argc, char **argv);
int cmd_survey_import_xlsx(int argc, char **argv);
int cmd_survey_export_csv(int argc, char **argv);
int cmd_survey_import_csv(int argc, char **argv);
int cmd_survey_text_show(int argc, char **argv);
int cmd_survey_text_set(int argc, char **argv);
int cmd_survey_submit(int argc, char **argv);
int cmd_survey_render(int argc, char **argv);
int cmd_survey_attach_pdf(int argc, char **argv);
int cmd_survey_pages(int argc, char **argv);
int cmd_survey_import_docx(int argc, char **argv);
int cmd_survey_diff(int argc, char **argv);

#endif
