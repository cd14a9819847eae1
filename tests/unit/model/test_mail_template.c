/*
 * Mail message templates (issue 15): every shipped default is usable and
 * fills without leftovers; what the secretariat may store is checked with a
 * message naming the line and the placeholder; rendering replaces names and
 * never reads a value for placeholders again.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "model/mail_template.h"
#include "test_util.h"

#include <string.h>

static enum cnap_err check(enum cnap_mail_event e, const char *subject, const char *body, struct cnap_error *err)
{
	cnap_error_clear(err);
	return cnap_mail_template_check(e, subject, body, err);
}

static void test_events(void **state)
{
	(void)state;
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		const char *name = cnap_mail_event_name((enum cnap_mail_event)e);
		enum cnap_mail_event back = CNAP_MAIL_EV_COUNT;
		assert_non_null(name);
		assert_true(cnap_mail_event_parse(name, &back));
		assert_int_equal(back, e);
		assert_non_null(cnap_mail_event_label_ja((enum cnap_mail_event)e));
	}
	assert_string_equal(cnap_mail_event_name(CNAP_MAIL_EV_QUESTION_SENT), "question_sent");
	assert_string_equal(cnap_mail_event_label_ja(CNAP_MAIL_EV_QUESTION_SENT), "質問の送付（団体あて）");
	enum cnap_mail_event untouched = CNAP_MAIL_EV_TEST;
	assert_false(cnap_mail_event_parse("Question_sent", &untouched));
	assert_false(cnap_mail_event_parse("", &untouched));
	assert_false(cnap_mail_event_parse(NULL, &untouched));
	assert_int_equal(untouched, CNAP_MAIL_EV_TEST);
	assert_null(cnap_mail_event_name(CNAP_MAIL_EV_COUNT));
	size_t n = 7;
	assert_null(cnap_mail_event_placeholders(CNAP_MAIL_EV_COUNT, &n));
	assert_int_equal(n, 0);
}

static bool has_placeholder(enum cnap_mail_event e, const char *name)
{
	size_t n;
	const struct cnap_mail_placeholder *v = cnap_mail_event_placeholders(e, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

static void test_placeholder_tables(void **state)
{
	(void)state;
	const char *common[] = { "宛先名", "年度", "リンク", "システム名" };
	const char *question[] = { "WG名", "団体名", "質問番号", "項目", "質問", "回答期限" };
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		size_t n;
		const struct cnap_mail_placeholder *v = cnap_mail_event_placeholders((enum cnap_mail_event)e, &n);
		for (size_t i = 0; i < CNAP_ARRAY_LEN(common); i++)
			assert_true(has_placeholder((enum cnap_mail_event)e, common[i]));
		bool about_question = e <= CNAP_MAIL_EV_OVERDUE;
		for (size_t i = 0; i < CNAP_ARRAY_LEN(question); i++)
			assert_int_equal(has_placeholder((enum cnap_mail_event)e, question[i]), about_question);
		for (size_t i = 0; i < n; i++) {
			assert_true(v[i].name[0] && v[i].description_ja[0] && v[i].sample[0]);
			/* No brace in a sample: what a preview shows of "{{" comes from the template. */
			assert_null(strpbrk(v[i].sample, "{}"));
			assert_true(cnap_utf8_valid(v[i].sample, strlen(v[i].sample), NULL));
			for (size_t k = 0; k < i; k++)
				assert_string_not_equal(v[k].name, v[i].name);
		}
	}
	assert_true(has_placeholder(CNAP_MAIL_EV_ANSWER_RETURNED, "差戻し理由"));
	assert_false(has_placeholder(CNAP_MAIL_EV_ANSWER_SUBMITTED, "差戻し理由"));
	assert_true(has_placeholder(CNAP_MAIL_EV_ANSWER_SUBMITTED, "回答"));
	assert_true(has_placeholder(CNAP_MAIL_EV_ANSWER_ACCEPTED, "回答"));
	assert_false(has_placeholder(CNAP_MAIL_EV_QUESTION_SENT, "回答"));
	assert_true(has_placeholder(CNAP_MAIL_EV_REMINDER, "残り日数"));
	assert_false(has_placeholder(CNAP_MAIL_EV_OVERDUE, "残り日数"));
	assert_true(has_placeholder(CNAP_MAIL_EV_OVERDUE, "超過日数"));
	assert_true(has_placeholder(CNAP_MAIL_EV_DIGEST, "件数"));
	assert_true(has_placeholder(CNAP_MAIL_EV_DIGEST, "一覧"));
	size_t n;
	cnap_mail_event_placeholders(CNAP_MAIL_EV_TEST, &n);
	assert_int_equal(n, CNAP_ARRAY_LEN(common));
}

/* The event's samples as render's variables. */
static size_t sample_vars(enum cnap_mail_event e, struct cnap_mail_var *vars, size_t cap)
{
	size_t n;
	const struct cnap_mail_placeholder *v = cnap_mail_event_placeholders(e, &n);
	assert_true(n <= cap);
	for (size_t i = 0; i < n; i++)
		vars[i] = (struct cnap_mail_var){ v[i].name, v[i].sample };
	return n;
}

static void test_defaults(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_error err;
	for (int i = 0; i < CNAP_MAIL_EV_COUNT; i++) {
		enum cnap_mail_event e = (enum cnap_mail_event)i;
		const char *subject, *body;
		cnap_mail_template_default(e, &subject, &body);
		if (check(e, subject, body, &err) != CNAP_OK)
			fail_msg("%s: %s: %s", cnap_mail_event_name(e), err.where, err.message);
		assert_true(strncmp(subject, "【CN行動計画】", strlen("【CN行動計画】")) == 0);
		assert_non_null(strstr(body, "このメールは送信専用です。"));
		/* The link on a line of its own. */
		assert_non_null(strstr(body, "\n{{リンク}}\n"));
		/* Never the reviewer: no placeholder could name them, and the text does not either. */
		assert_null(strstr(body, "委員名"));
		struct cnap_mail_var vars[32];
		size_t n = sample_vars(e, vars, CNAP_ARRAY_LEN(vars));
		const char *out_subject, *out_body;
		assert_int_equal(cnap_mail_template_render(subject, vars, n, &a, &out_subject, &err), CNAP_OK);
		assert_int_equal(cnap_mail_template_render(body, vars, n, &a, &out_body, &err), CNAP_OK);
		assert_null(strpbrk(out_subject, "{}\n"));
		assert_null(strpbrk(out_body, "{}"));
		assert_non_null(strstr(out_body, "https://cnap.example.org/q/42"));
	}
	/* The deadline and how many days are left, both, in the reminder; the days past in the overdue one. */
	const char *subject, *body;
	cnap_mail_template_default(CNAP_MAIL_EV_REMINDER, &subject, &body);
	assert_non_null(strstr(body, "{{回答期限}}"));
	assert_non_null(strstr(body, "{{残り日数}}"));
	cnap_mail_template_default(CNAP_MAIL_EV_OVERDUE, &subject, &body);
	assert_non_null(strstr(body, "{{超過日数}}"));
	cnap_mail_template_default(CNAP_MAIL_EV_QUESTION_SENT, &subject, &body);
	assert_string_equal(subject, "【CN行動計画】事前質問が届きました（{{質問番号}}、回答期限：{{回答期限}}）");
	assert_true(strncmp(body, "{{宛先名}} 様\n", strlen("{{宛先名}} 様\n")) == 0);
	cnap_mail_template_default(CNAP_MAIL_EV_COUNT, &subject, &body);
	assert_string_equal(subject, "");
	assert_string_equal(body, "");
	cnap_arena_release(&a);
}

static void test_check_placeholders(void **state)
{
	(void)state;
	struct cnap_error err;
	enum cnap_mail_event sent = CNAP_MAIL_EV_QUESTION_SENT;
	assert_int_equal(check(sent, "{{団体名}}へ", "{{ 宛先名 }} 様\n{{　団体名　}}\n", &err), CNAP_OK);
	/* An unknown name: the line, the name, and what may be used instead. */
	assert_int_equal(check(sent, "件名", "{{宛先名}} 様\n\n期日は{{期日}}です。\n", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.body");
	assert_true(strncmp(err.message, "本文 3行目：{{期日}} は使えません。使えるもの：{{宛先名}}、{{団体名}}、",
			    strlen("本文 3行目：{{期日}} は使えません。使えるもの：{{宛先名}}、{{団体名}}、")) == 0);
	assert_non_null(strstr(err.message, "{{システム名}}。"));
	/* Another event's placeholder is unknown here. */
	assert_int_equal(check(sent, "件名", "{{差戻し理由}}", &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "本文 1行目：{{差戻し理由}} は使えません。"));
	assert_int_equal(check(sent, "{{回答}}", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.subject");
	assert_true(strncmp(err.message, "件名：{{回答}} は使えません。", strlen("件名：{{回答}} は使えません。")) == 0);
	assert_int_equal(check(sent, "件名", "{{}}", &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "{{}} は使えません"));
	/* Unclosed, or closed only on the next line. */
	assert_int_equal(check(sent, "件名", "一行目\n{{団体名 様\n", &err), CNAP_EINVAL);
	assert_string_equal(err.message, "本文 2行目：「{{」が同じ行の「}}」で閉じられていません。");
	assert_int_equal(check(sent, "件名", "{{団体名\n}}", &err), CNAP_EINVAL);
	assert_int_equal(check(sent, "{{団体名", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.subject");
	assert_int_equal(check(sent, "件名", "{{団体名}} {{", &err), CNAP_EINVAL);
	/* A lone "}}" or "{" is text. */
	assert_int_equal(check(sent, "件名", "}} { } {団体名}", &err), CNAP_OK);
	/* A multi-line value may not stand in a subject. */
	assert_int_equal(check(sent, "{{質問}}", "本文", &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "件名：{{質問}} は複数行になることがあるため件名には使えません。"));
	assert_int_equal(check(CNAP_MAIL_EV_DIGEST, "{{件数}}件", "{{一覧}}", &err), CNAP_OK);
	assert_int_equal(check(CNAP_MAIL_EV_DIGEST, "{{一覧}}", "本文", &err), CNAP_EINVAL);
	/* A long unknown name is quoted cut short, and the whole list still fits the message. */
	char body[512] = "{{";
	for (int i = 0; i < 100; i++)
		memcpy(body + 2 + 3 * i, "長", 3);
	memcpy(body + 2 + 300, "}}", 3);
	for (int e = 0; e < CNAP_MAIL_EV_COUNT; e++) {
		assert_int_equal(check((enum cnap_mail_event)e, "件名", body, &err), CNAP_EINVAL);
		assert_non_null(strstr(err.message, "…}} は使えません。使えるもの："));
		assert_non_null(strstr(err.message, "{{システム名}}。"));
		assert_true(cnap_utf8_valid(err.message, strlen(err.message), NULL));
	}
	assert_int_equal(check(CNAP_MAIL_EV_COUNT, "件名", "本文", &err), CNAP_EINVAL);
}

static void test_check_text(void **state)
{
	(void)state;
	struct cnap_error err;
	enum cnap_mail_event e = CNAP_MAIL_EV_TEST;
	assert_int_equal(check(e, "件名", "本文\tタブ\n", &err), CNAP_OK);
	/* Empty or blank. */
	assert_int_equal(check(e, "", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.subject");
	assert_string_equal(err.message, "件名が空です。");
	assert_int_equal(check(e, " 　", "本文", &err), CNAP_EINVAL);
	assert_int_equal(check(e, NULL, "本文", &err), CNAP_EINVAL);
	assert_int_equal(check(e, "件名", "\n\n　\n", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.body");
	assert_string_equal(err.message, "本文が空です。");
	assert_int_equal(check(e, "件名", NULL, &err), CNAP_EINVAL);
	/* Two lines of subject. */
	assert_int_equal(check(e, "一行目\n二行目", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.subject");
	assert_string_equal(err.message, "件名は1行で書いてください（途中に改行があります）。");
	assert_int_equal(check(e, "件名\n", "本文", &err), CNAP_EINVAL);
	/* 200 characters of subject pass, 201 do not; 20,000 of body pass, 20,001 do not. */
	char subject[3 * 201 + 1];
	for (int i = 0; i < 201; i++)
		memcpy(subject + 3 * i, "件", 3);
	subject[3 * 201] = '\0';
	assert_int_equal(check(e, subject, "本文", &err), CNAP_ETOOBIG);
	assert_string_equal(err.message, "件名が長すぎます（201文字。200文字までです）。");
	subject[3 * 200] = '\0';
	assert_int_equal(check(e, subject, "本文", &err), CNAP_OK);
	size_t len = 3 * 20001;
	char *body = cnap_malloc(len + 1);
	assert_non_null(body);
	for (size_t i = 0; i < 20001; i++)
		memcpy(body + 3 * i, "文", 3);
	body[len] = '\0';
	assert_int_equal(check(e, "件名", body, &err), CNAP_ETOOBIG);
	assert_string_equal(err.where, "mail_template.body");
	body[3 * 20000] = '\0';
	assert_int_equal(check(e, "件名", body, &err), CNAP_OK);
	free(body);
	/* Bad UTF-8: an overlong, a lone continuation byte, a surrogate; with the line. */
	assert_int_equal(check(e, "件名", "一行目\n\xc0\xaf", &err), CNAP_EINVAL);
	assert_string_equal(err.message, "本文 2行目：文字コードがUTF-8として正しくありません（行頭から1バイト目）。");
	assert_int_equal(check(e, "件名\x80", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail_template.subject");
	assert_int_equal(check(e, "件名", "\xed\xa0\x80", &err), CNAP_EINVAL);
	/* Control characters: ESC, C1 CSI, DEL, CR anywhere; tab not in a subject; NUL cannot get in at all. */
	assert_int_equal(check(e, "件名", "a\n\nb\x1b[31m", &err), CNAP_EINVAL);
	assert_string_equal(err.message, "本文 3行目：制御文字（U+001B）は使えません。");
	assert_int_equal(check(e, "件名", "a\xc2\x9b" "b", &err), CNAP_EINVAL);
	assert_int_equal(check(e, "件名", "a\x7f", &err), CNAP_EINVAL);
	assert_int_equal(check(e, "件名", "一行目\r\n二行目", &err), CNAP_EINVAL);
	assert_string_equal(err.message, "本文 1行目：制御文字（U+000D）は使えません。");
	assert_int_equal(check(e, "件\t名", "本文", &err), CNAP_EINVAL);
	assert_string_equal(err.message, "件名：制御文字（U+0009）は使えません。");
	assert_int_equal(check(e, "件名\r", "本文", &err), CNAP_EINVAL);
}

static const char *render(struct cnap_arena *a, const char *tmpl, const struct cnap_mail_var *vars, size_t n)
{
	const char *out = "unset";
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_mail_template_render(tmpl, vars, n, a, &out, &err), CNAP_OK);
	return out;
}

static void test_render(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	const struct cnap_mail_var vars[] = {
		{ "団体名", "日本産業機械工業会" },
		{ "質問", "一行目\n二行目\n" },
		{ "回答", "「{{質問}}」と書いた回答 {{団体名}}" },
		{ "宛先名", NULL },
		{ "団体名", "二つ目は使われない" },
	};
	size_t n = CNAP_ARRAY_LEN(vars);
	assert_string_equal(render(&a, "{{団体名}} 御中", vars, n), "日本産業機械工業会 御中");
	assert_string_equal(render(&a, "{{ 団体名 }}/{{　団体名}}", vars, n), "日本産業機械工業会/日本産業機械工業会");
	assert_string_equal(render(&a, "【質問】\n{{質問}}以上", vars, n), "【質問】\n一行目\n二行目\n以上");
	/* A value is inserted as it is: its own braces are not read again. */
	assert_string_equal(render(&a, "{{回答}}", vars, n), "「{{質問}}」と書いた回答 {{団体名}}");
	/* Unknown names and NULL values are empty. */
	assert_string_equal(render(&a, "[{{宛先名}}][{{期日}}]", vars, n), "[][]");
	assert_string_equal(render(&a, "", vars, n), "");
	assert_string_equal(render(&a, "{{団体名}}", NULL, 0), "");
	/* What does not close is kept; the rest of the line still fills. */
	assert_string_equal(render(&a, "{{ {{団体名}}", vars, n), "");
	assert_string_equal(render(&a, "a{{b\n{{団体名}}", vars, n), "a{{b\n日本産業機械工業会");
	assert_string_equal(render(&a, "末尾{{", vars, n), "末尾{{");
	assert_string_equal(render(&a, "}}{{団体名}}}", vars, n), "}}日本産業機械工業会}");
	/* The result is the arena's, and a NULL template is refused. */
	const char *out = "unset";
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_mail_template_render(NULL, vars, n, &a, &out, &err), CNAP_EINVAL);
	assert_null(out);
	/* Past the limit: a value of 5 MiB twice. */
	size_t big = 5 * 1024 * 1024;
	char *huge = cnap_malloc(big + 1);
	assert_non_null(huge);
	memset(huge, 'x', big);
	huge[big] = '\0';
	const struct cnap_mail_var large[] = { { "一覧", huge } };
	assert_int_equal(cnap_mail_template_render("{{一覧}}", large, 1, &a, &out, &err), CNAP_OK);
	assert_int_equal(strlen(out), big);
	assert_int_equal(cnap_mail_template_render("{{一覧}}{{一覧}}", large, 1, &a, &out, &err), CNAP_ETOOBIG);
	assert_null(out);
	free(huge);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_placeholder_tables),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_check_placeholders),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
