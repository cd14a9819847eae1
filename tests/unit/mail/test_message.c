/* cnap_mail_compose: exact bytes of a known message, folding of long subjects and names, refusals. */
#include "base/compat.h"
#include "base/base64.h"
#include "base/utf8.h"
#include "mail/message.h"
#include "test_util.h"

#include <string.h>

static struct cnap_mail_message sample(void)
{
	return (struct cnap_mail_message){
		.from_addr = "noreply@example.jp",
		.from_name = "CN行動計画 事務局",
		.to_addr = "taro@example.jp",
		.to_name = "Taro Yamada",
		.subject = "【CN行動計画】質問が届きました",
		.body = "電子WGからの質問です。\nhttps://cnap.example.jp/q/12\n",
		.date = 1700000000, /* 2023-11-14T22:13:20Z: 07:13:20 the next day in JST */
		.message_id = "cnap.outbox.12@example.jp",
	};
}

static char *compose(const struct cnap_mail_message *m, enum cnap_err want, struct cnap_error *err)
{
	struct cnap_buf out;
	cnap_buf_init(&out, 1 << 20);
	enum cnap_err rc = cnap_mail_compose(m, &out, err);
	if (rc != want)
		fail_msg("compose gave %d (%s: %s), expected %d", rc, err->where, err->message, want);
	if (rc != CNAP_OK) {
		cnap_buf_release(&out);
		return NULL;
	}
	return cnap_buf_detach(&out, NULL);
}

static void test_exact_bytes(void **state)
{
	struct cnap_mail_message m = sample();
	struct cnap_error err;
	char *got = compose(&m, CNAP_OK, &err);
	const char *want =
		"Date: Wed, 15 Nov 2023 07:13:20 +0900\r\n"
		"From: =?UTF-8?B?Q07ooYzli5XoqIjnlLsg5LqL5YuZ5bGA?= <noreply@example.jp>\r\n"
		"To: Taro Yamada <taro@example.jp>\r\n"
		"Subject: =?UTF-8?B?44CQQ07ooYzli5XoqIjnlLvjgJHos6rllY/jgYzlsYrjgY3jgb7jgZc=?=\r\n" /* 77 characters */
		" =?UTF-8?B?44Gf?=\r\n"
		"Message-ID: <cnap.outbox.12@example.jp>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"Auto-Submitted: auto-generated\r\n"
		"\r\n"
		"6Zu75a2QV0fjgYvjgonjga7os6rllY/jgafjgZnjgIINCmh0dHBzOi8vY25hcC5leGFtcGxlLmpw\r\n"
		"L3EvMTINCg==\r\n";
	assert_string_equal(got, want);
	/* same input, same bytes */
	char *again = compose(&m, CNAP_OK, &err);
	assert_string_equal(got, again);
	free(got);
	free(again);
}

/* Decodes one "=?UTF-8?B?...?=" word into out; false when it is not one. */
static bool decode_word(const char *w, size_t n, struct cnap_buf *out)
{
	if (n < 12 || memcmp(w, "=?UTF-8?B?", 10) != 0 || memcmp(w + n - 2, "?=", 2) != 0)
		return false;
	unsigned char bytes[64];
	size_t k;
	if (n - 12 > 84 || !cnap_base64_decode(w + 10, n - 12, bytes, &k))
		return false;
	cnap_buf_add(out, bytes, k);
	return cnap_utf8_valid((const char *)bytes, k, NULL); /* no character split across words */
}

/* Every header line of msg at most 78 characters; the Subject's encoded words decoded into subject. */
static void check_headers(const char *msg, struct cnap_buf *subject)
{
	const char *end = strstr(msg, "\r\n\r\n");
	assert_non_null(end);
	bool in_subject = false;
	for (const char *line = msg; line < end + 2;) {
		const char *eol = strstr(line, "\r\n");
		size_t n = (size_t)(eol - line);
		if (n > CNAP_MAIL_HEADER_LINE_MAX)
			fail_msg("header line of %zu characters: %.*s", n, (int)n, line);
		if (strncmp(line, "Subject: ", 9) == 0)
			in_subject = true;
		else if (line[0] != ' ')
			in_subject = false;
		if (in_subject) {
			const char *w = line[0] == ' ' ? line + 1 : line + 9;
			while (w < eol) {
				const char *sp = memchr(w, ' ', (size_t)(eol - w));
				size_t wn = sp ? (size_t)(sp - w) : (size_t)(eol - w);
				if (wn > CNAP_MAIL_ENCODED_WORD_MAX)
					fail_msg("encoded word of %zu characters", wn);
				if (!decode_word(w, wn, subject))
					fail_msg("not an encoded word: %.*s", (int)wn, w);
				w += wn + (sp ? 1 : 0);
			}
		}
		line = eol + 2;
	}
}

static void test_long_japanese_subject_folds(void **state)
{
	struct cnap_mail_message m = sample();
	/* 3-byte characters with a 4-byte one and ASCII mixed in, so word boundaries fall everywhere */
	char subject[1000] = "";
	for (int i = 0; i < 12; i++) {
		size_t n = strlen(subject);
		snprintf(subject + n, sizeof subject - n, "令和%d年度フォローアップ𠮷調査票（第%d版）", i + 5, i + 1);
	}
	m.subject = subject;
	m.from_name = "経済産業省 産業技術環境局 環境経済室 カーボンニュートラル行動計画フォローアップ事務局";
	struct cnap_error err;
	char *got = compose(&m, CNAP_OK, &err);
	struct cnap_buf decoded;
	cnap_buf_init(&decoded, 4096);
	check_headers(got, &decoded);
	assert_non_null(decoded.data);
	assert_string_equal(decoded.data, subject);
	cnap_buf_release(&decoded);
	free(got);
}

static void test_ascii_subject_and_names(void **state)
{
	struct cnap_mail_message m = sample();
	m.subject = "Reminder: the answer to question 12 is due in 2 days, please log in and send it before the deadline";
	m.from_name = "Secretariat, CNAP";  /* a comma is a special: quoted */
	m.to_name = "O\"Brien \\ Co";        /* quotes and backslashes escaped inside */
	struct cnap_error err;
	char *got = compose(&m, CNAP_OK, &err);
	assert_non_null(strstr(got, "\r\nFrom: \"Secretariat, CNAP\" <noreply@example.jp>\r\n"));
	assert_non_null(strstr(got, "\r\nTo: \"O\\\"Brien \\\\ Co\" <taro@example.jp>\r\n"));
	assert_non_null(strstr(got, "\r\nSubject: Reminder: the answer to question 12 is due in 2 days, please log in\r\n"
				    " and send it before the deadline\r\n"));
	free(got);
	/* text a decoder would take for an encoded word is encoded itself */
	m.subject = "=?UTF-8?B?5ZCN?= is not a name";
	got = compose(&m, CNAP_OK, &err);
	assert_null(strstr(got, "Subject: =?UTF-8?B?5ZCN?= is"));
	free(got);
}

static void test_header_injection_refused(void **state)
{
	static const char *const bad[] = {"件名\r\nBcc: x@example.jp", "件名\nBcc: x@example.jp", "件名\r", "tab\there",
					  "\xe4\xbb", "\xc2\x85next line", "line\xe2\x80\xa8separator"};
	struct cnap_error err;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad); i++) {
		struct cnap_mail_message m = sample();
		m.subject = bad[i];
		assert_null(compose(&m, CNAP_EINVAL, &err));
		assert_string_equal(err.where, "subject");
		m = sample();
		m.to_name = bad[i];
		assert_null(compose(&m, CNAP_EINVAL, &err));
		assert_string_equal(err.where, "to_name");
		m = sample();
		m.from_name = bad[i];
		assert_null(compose(&m, CNAP_EINVAL, &err));
		assert_string_equal(err.where, "from_name");
	}
	struct cnap_mail_message m = sample();
	m.subject = "件名\r\nBcc: x@example.jp";
	compose(&m, CNAP_EINVAL, &err);
	assert_string_equal(err.message, "件名に改行は使えません");
	static const char *const bad_addr[] = {"taro@example.jp\r\nBcc: x@example.jp", "taro@example.jp>, x@example.jp",
					       "<taro@example.jp", "太郎@example.jp", "taro@@example.jp", ""};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad_addr); i++) {
		m = sample();
		m.to_addr = bad_addr[i];
		assert_null(compose(&m, CNAP_EINVAL, &err));
		assert_string_equal(err.where, "to_addr");
		m = sample();
		m.from_addr = bad_addr[i];
		assert_null(compose(&m, CNAP_EINVAL, &err));
		assert_string_equal(err.where, "from_addr");
	}
	m = sample();
	m.message_id = "x@y.jp>\r\nBcc: z@example.jp";
	assert_null(compose(&m, CNAP_EINVAL, &err));
	assert_string_equal(err.where, "message_id");
	m = sample();
	m.body = "本文\xff";
	assert_null(compose(&m, CNAP_EINVAL, &err));
	assert_string_equal(err.where, "body");
	m = sample();
	m.subject = "";
	assert_null(compose(&m, CNAP_EINVAL, &err));
	assert_string_equal(err.message, "件名が空です");
}

static void test_body_lines(void **state)
{
	struct cnap_mail_message m = sample();
	char body[3000];
	size_t n = 0;
	while (n + 40 < sizeof body)
		n += (size_t)snprintf(body + n, sizeof body - n, "長い本文の行です。\r\n次の行\rその次\n");
	m.body = body;
	struct cnap_error err;
	char *got = compose(&m, CNAP_OK, &err);
	const char *b = strstr(got, "\r\n\r\n") + 4;
	struct cnap_buf text;
	cnap_buf_init(&text, 1 << 16);
	while (*b) {
		const char *eol = strstr(b, "\r\n");
		assert_non_null(eol);
		size_t k = (size_t)(eol - b);
		assert_true(k <= 76);
		cnap_buf_add(&text, b, k);
		b = eol + 2;
	}
	unsigned char *bytes = cnap_malloc(cnap_base64_max_decoded(text.len));
	size_t dn;
	assert_true(cnap_base64_decode(text.data, text.len, bytes, &dn));
	/* every line end became CRLF: no bare CR or LF is left */
	for (size_t i = 0; i < dn; i++) {
		if (bytes[i] == '\r')
			assert_true(i + 1 < dn && bytes[i + 1] == '\n');
		if (bytes[i] == '\n')
			assert_true(i > 0 && bytes[i - 1] == '\r');
	}
	assert_memory_equal(bytes, "長い本文の行です。\r\n次の行\r\nその次\r\n", strlen("長い本文の行です。\r\n次の行\r\nその次\r\n"));
	free(bytes);
	cnap_buf_release(&text);
	free(got);
}

static void test_bounded(void **state)
{
	struct cnap_mail_message m = sample();
	struct cnap_buf out;
	cnap_buf_init(&out, 200);
	struct cnap_error err;
	assert_i64_eq(cnap_mail_compose(&m, &out, &err), CNAP_ETOOBIG);
	cnap_buf_release(&out);
	char date[40];
	cnap_mail_date(0, date);
	assert_string_equal(date, "Thu, 01 Jan 1970 09:00:00 +0900");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_long_japanese_subject_folds),
		cmocka_unit_test(test_ascii_subject_and_names),
		cmocka_unit_test(test_header_injection_refused),
		cmocka_unit_test(test_body_lines),
		cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
