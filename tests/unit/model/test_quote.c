/*
 * The passage a question quotes (issue 12): what a browser's selection or a
 * terminal hands over becomes one stored form; hostile text is refused; and a
 * quote is found again in an item's text whatever breaks the selection had.
 */
#include "base/compat.h"
#include "model/model.h"
#include "test_util.h"

#include <string.h>

static void test_normalize(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	bool oom;
	/* A form sends CRLF; a selection across table cells has tabs; blanks around it are not part of it. */
	assert_string_equal(cnap_quote_normalize(&a, " \r\n　省エネ設備の導入\r\nにより\t削減した。 \n\xc2\xa0", &oom),
			    "省エネ設備の導入\nにより 削減した。");
	assert_false(oom);
	assert_string_equal(cnap_quote_normalize(&a, "a\rb", &oom), "a\nb");
	assert_null(cnap_quote_normalize(&a, " \t\r\n　", &oom));
	assert_false(oom);
	assert_null(cnap_quote_normalize(&a, NULL, &oom));
	assert_string_equal(cnap_quote_normalize(&a, "x", &oom), "x");
	cnap_arena_release(&a);
}

static void test_check(void **state)
{
	(void)state;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_check_quote(NULL, "question.quote", &err), CNAP_OK);
	assert_int_equal(cnap_check_quote("一行目\n二行目", "question.quote", &err), CNAP_OK);
	/* Only line breaks: no tab, no CR (the normalised form has none), no other control character. */
	assert_int_equal(cnap_check_quote("a\tb", "question.quote", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "question.quote");
	assert_int_equal(cnap_check_quote("a\rb", "question.quote", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_quote("a\x1b[31mb", "question.quote", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_quote("a\xc2\x9b" "b", "question.quote", &err), CNAP_EINVAL); /* C1 CSI */
	assert_int_equal(cnap_check_quote("\xff\xfe", "question.quote", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_quote("", "question.quote", &err), CNAP_EINVAL);
	/* 2,000 characters, not bytes: 2,000 kanji pass, 2,001 do not. */
	char big[3 * 2001 + 1];
	for (int i = 0; i < 2001; i++)
		memcpy(big + 3 * i, "漢", 3);
	big[3 * 2001] = '\0';
	assert_int_equal(cnap_check_quote(big, "question.quote", &err), CNAP_ETOOBIG);
	big[3 * 2000] = '\0';
	assert_int_equal(cnap_check_quote(big, "question.quote", &err), CNAP_OK);
}

static bool found(const char *quote, const char *text)
{
	bool f = true;
	assert_int_equal(cnap_quote_found(quote, text, &f), CNAP_OK);
	return f;
}

static void test_found(void **state)
{
	(void)state;
	const char *text = "① 生産活動量\n2022年度の生産量は前年度比3.2%増加した。\n主な要因\t内需の回復\n";
	assert_true(found("前年度比3.2%増加", text));
	/* The selection's breaks and spaces are not the stored text's. */
	assert_true(found("生産活動量 2022年度の", text));
	assert_true(found("主な要因\n内需", text));
	assert_true(found("主な要因　内需の回復", text));
	assert_false(found("前年度比3.5%増加", text));
	assert_false(found("内需の回復。", text));
	assert_false(found(" \n", text));
	assert_false(found("x", NULL));
	assert_false(found(NULL, text));
}

static void test_marked(void **state)
{
	(void)state;
	struct cnap_question q = { .status = CNAP_Q_SENT };
	assert_false(cnap_question_anchor_marked(&q));
	q.anchor.changed_version = 2;
	assert_true(cnap_question_anchor_marked(&q));
	q.anchor.confirmed_version = 2;
	assert_false(cnap_question_anchor_marked(&q));
	q.anchor.changed_version = 3; /* changed again after it was kept */
	assert_true(cnap_question_anchor_marked(&q));
	/* Only open questions: an accepted, withdrawn or published one is past asking. */
	for (int s = 0; s < CNAP_Q_COUNT; s++) {
		q.status = (enum cnap_qstatus)s;
		assert_int_equal(cnap_question_anchor_marked(&q), s <= CNAP_Q_ANSWERED);
		assert_int_equal(cnap_qstatus_open(q.status), s <= CNAP_Q_ANSWERED);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
