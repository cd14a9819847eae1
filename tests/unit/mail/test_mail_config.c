/* mail.conf: defaults, every error with its line, the password file and its mode. */
#include "base/compat.h"
#include "mail/mail_config.h"
#include "test_util.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MINIMAL "smtp_url = smtp://mail.example.jp:587\nfrom = noreply@example.jp\nbase_url = https://cnap.example.jp\n"

static enum cnap_err parse(const char *text, struct cnap_arena *a, struct cnap_mail_config *c, struct cnap_error *err)
{
	return cnap_mail_config_parse(text, strlen(text), "mail.conf", a, c, err);
}

static void test_defaults(void **state)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_config c;
	struct cnap_error err;
	assert_i64_eq(parse(MINIMAL, &a, &c, &err), CNAP_OK);
	assert_string_equal(c.smtp_url, "smtp://mail.example.jp:587");
	assert_string_equal(c.from_addr, "noreply@example.jp");
	assert_string_equal(c.base_url, "https://cnap.example.jp");
	assert_string_equal(c.path, "mail.conf");
	assert_null(c.username);
	assert_null(c.password);
	assert_null(c.from_name);
	assert_null(c.ca_file);
	assert_i64_eq(c.starttls, CNAP_MAIL_TLS_REQUIRED);
	assert_i64_eq(c.timeout_s, 30);
	assert_i64_eq(c.retry_first_s, 60);
	assert_i64_eq(c.retry_max_s, 21600);
	assert_i64_eq(c.max_attempts, 10);
	assert_i64_eq(c.digest_hour, 8);
	assert_i64_eq(c.poll_s, 30);
	cnap_arena_release(&a);
}

static void test_full_file(void **state)
{
	const char *text = "\xEF\xBB\xBF# cnap のメール設定\r\n"
			   "smtp_url = smtps://mail.example.jp:465   # TLS from the start\r\n"
			   "starttls=none\n"
			   "username = cnap\n"
			   "password_file = smtp-password\n"
			   "from = noreply@example.jp\n"
			   "from_name = CN行動計画フォローアップ 事務局 #2\n"
			   "base_url = https://cnap.example.jp/cnap\n"
			   "ca_file = /etc/ssl/certs/local-ca.pem\n"
			   "\n   \t\n"
			   "timeout_seconds = 600\nretry_first_seconds = 1\nretry_max_seconds = 604800\n"
			   "max_attempts = 100\ndigest_hour = 0\npoll_seconds = 3600";
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_config c;
	struct cnap_error err;
	assert_i64_eq(parse(text, &a, &c, &err), CNAP_OK);
	assert_string_equal(c.smtp_url, "smtps://mail.example.jp:465");
	assert_i64_eq(c.starttls, CNAP_MAIL_TLS_NONE);
	assert_string_equal(c.username, "cnap");
	assert_string_equal(c.password_file, "smtp-password");
	assert_string_equal(c.from_name, "CN行動計画フォローアップ 事務局");
	assert_string_equal(c.base_url, "https://cnap.example.jp/cnap");
	assert_string_equal(c.ca_file, "/etc/ssl/certs/local-ca.pem");
	assert_i64_eq(c.timeout_s, 600);
	assert_i64_eq(c.retry_first_s, 1);
	assert_i64_eq(c.retry_max_s, 604800);
	assert_i64_eq(c.max_attempts, 100);
	assert_i64_eq(c.digest_hour, 0);
	assert_i64_eq(c.poll_s, 3600);
	cnap_arena_release(&a);
}

static const struct {
	const char *text, *where, *message;
} ERRORS[] = {
	{MINIMAL "smtp_host = x\n", "mail.conf:4", "知らないキー「smtp_host」です"},
	{MINIMAL "from = other@example.jp\n", "mail.conf:4", "「from」が2回書かれています（最初は2行目）"},
	{"smtp_url = smtp://mail.example.jp\nbase_url = https://cnap.example.jp\n", "mail.conf",
	 "「from」がありません（必ず書いてください）"},
	{"from = a@example.jp\nbase_url = https://cnap.example.jp\n", "mail.conf", "「smtp_url」がありません"},
	{"smtp_url = smtp://m.example.jp\nfrom = a@example.jp\n", "mail.conf", "「base_url」がありません"},
	{MINIMAL "timeout_seconds = 0\n", "mail.conf:4", "「timeout_seconds」は1〜600の範囲で書いてください（「0」）"},
	{MINIMAL "timeout_seconds = 601\n", "mail.conf:4", "1〜600の範囲"},
	{MINIMAL "digest_hour = 24\n", "mail.conf:4", "「digest_hour」は0〜23の範囲"},
	{MINIMAL "max_attempts = 99999999999999999999\n", "mail.conf:4", "1〜100の範囲"},
	{MINIMAL "poll_seconds = 3O\n", "mail.conf:4", "「poll_seconds」は半角数字で書いてください（「3O」は数ではありません）"},
	{MINIMAL "retry_first_seconds = -5\n", "mail.conf:4", "半角数字"},
	{MINIMAL "poll_seconds = ３０\n", "mail.conf:4", "半角数字"},
	{"smtp_url = http://mail.example.jp\nfrom = a@example.jp\nbase_url = https://c.example.jp\n", "mail.conf:1",
	 "「smtp_url」は smtp:// か smtps:// で始めてください"},
	{"smtp_url = smtp://\nfrom = a@example.jp\nbase_url = https://c.example.jp\n", "mail.conf:1", "ホスト名がありません"},
	{"smtp_url = smtp://m.example.jp\nfrom = a@example.jp\nbase_url = ftp://c.example.jp\n", "mail.conf:3",
	 "「base_url」は https:// か http:// で始めてください"},
	{"smtp_url = smtp://m.example.jp\nfrom = a@example.jp\nbase_url = https://c.example.jp/\n", "mail.conf:3",
	 "末尾に「/」を付けないでください"},
	{"smtp_url = smtp://m.example.jp\nfrom = a@example.jp\nbase_url = https://c.example.jp/a b\n", "mail.conf:3",
	 "空白や使えない文字"},
	{"smtp_url = smtp://m.example.jp\nfrom = noreply.example.jp\nbase_url = https://c.example.jp\n", "mail.conf:2",
	 "「from」のメールアドレスが正しくありません：メールアドレスに「@」がありません"},
	{"smtp_url = smtp://m.example.jp\nfrom = \"x\"@example.jp\nbase_url = https://c.example.jp\n", "mail.conf:2",
	 "使えない文字「\"」"},
	{MINIMAL "from_name = \xe4\xbb\n", "mail.conf:4", "UTF-8として正しくない文字があります（13バイト目）"},
	{MINIMAL "starttls = yes\n", "mail.conf:4", "「starttls」は required か none です（「yes」）"},
	{MINIMAL "from_name =\n", "mail.conf:4", "「from_name」の値が空です"},
	{MINIMAL "just some words\n", "mail.conf:4", "「キー = 値」の形になっていません"},
	{MINIMAL " = value\n", "mail.conf:4", "「=」の前にキーがありません"},
	{MINIMAL "from_name = a\x01z\n", "mail.conf:4", "制御文字が含まれています（14バイト目）"},
	{MINIMAL "from_name = a\tz\n", "mail.conf:4", "「from_name」の値に制御文字"},
	{MINIMAL "from_name = a\xe2\x80\xa8z\n", "mail.conf:4", "改行にあたる文字は使えません"},
	{MINIMAL "username = cnap\n", "mail.conf:4", "username と password_file の両方が要ります"},
	{MINIMAL "password_file = pw\n", "mail.conf:4", "username と password_file の両方が要ります"},
	{MINIMAL "retry_first_seconds = 600\nretry_max_seconds = 60\n", "mail.conf:4",
	 "retry_first_seconds（600）が retry_max_seconds（60）より長くなっています"},
};

static void test_errors(void **state)
{
	for (size_t i = 0; i < CNAP_ARRAY_LEN(ERRORS); i++) {
		struct cnap_arena a;
		cnap_arena_init(&a);
		struct cnap_mail_config c;
		struct cnap_error err = {0};
		enum cnap_err rc = parse(ERRORS[i].text, &a, &c, &err);
		if (rc != CNAP_EINVAL || strcmp(err.where, ERRORS[i].where) != 0 || !strstr(err.message, ERRORS[i].message))
			fail_msg("case %zu: %d %s: %s; expected %s: …%s…", i, rc, err.where, err.message, ERRORS[i].where,
				 ERRORS[i].message);
		assert_null(c.smtp_url); /* nothing half-parsed is handed out */
		cnap_arena_release(&a);
	}
}

static void test_sizes(void **state)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_config c;
	struct cnap_error err;
	size_t n = CNAP_MAIL_CONFIG_LINE_MAX + 10;
	static char text[CNAP_MAIL_CONFIG_MAX_BYTES + 2];
	memcpy(text, MINIMAL, strlen(MINIMAL));
	memset(text + strlen(MINIMAL), '#', n);
	assert_i64_eq(cnap_mail_config_parse(text, strlen(MINIMAL) + n, "mail.conf", &a, &c, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "mail.conf:4");
	assert_non_null(strstr(err.message, "行が長すぎます"));
	memset(text, '\n', CNAP_MAIL_CONFIG_MAX_BYTES + 1);
	assert_i64_eq(cnap_mail_config_parse(text, CNAP_MAIL_CONFIG_MAX_BYTES + 1, "mail.conf", &a, &c, &err),
		      CNAP_ETOOBIG);
	assert_non_null(strstr(err.message, "設定ファイルが大きすぎます"));
	cnap_arena_release(&a);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_i64_eq(chmod(path, mode), 0);
}

static void test_load_password_file(void **state)
{
	char dir[] = "/tmp/cnap-mailconf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char conf[128], pw[128], big[128];
	snprintf(conf, sizeof conf, "%s/mail.conf", dir);
	snprintf(pw, sizeof pw, "%s/smtp-password", dir);
	snprintf(big, sizeof big, "%s/big.conf", dir);
	write_file(conf, MINIMAL "username = cnap\npassword_file = smtp-password\nca_file = ca.pem\n", 0644);
	write_file(pw, "s3cret pass\r\nsecond line ignored\n", 0600);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_config c;
	struct cnap_error err;
	assert_i64_eq(cnap_mail_config_load(conf, &a, &c, &err), CNAP_OK);
	assert_string_equal(c.password, "s3cret pass");
	assert_string_equal(c.password_file, pw);
	assert_string_equal(c.path, conf);
	char ca[128];
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	assert_string_equal(c.ca_file, ca);
	assert_i64_eq(chmod(pw, 0640), 0);
	assert_i64_eq(cnap_mail_config_load(conf, &a, &c, &err), CNAP_OK);
	static const mode_t refused[] = {0644, 0604, 0660, 0666};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(refused); i++) {
		assert_i64_eq(chmod(pw, refused[i]), 0);
		assert_i64_eq(cnap_mail_config_load(conf, &a, &c, &err), CNAP_EPERM);
		assert_string_equal(err.where, pw);
		assert_non_null(strstr(err.message, "chmod 600"));
		assert_null(c.password);
	}
	write_file(pw, "\n", 0600);
	assert_i64_eq(cnap_mail_config_load(conf, &a, &c, &err), CNAP_EINVAL);
	assert_string_equal(err.message, "パスワードファイルの1行目が空です");
	unlink(pw);
	assert_i64_eq(cnap_mail_config_load(conf, &a, &c, &err), CNAP_EIO);
	assert_non_null(strstr(err.message, "パスワードファイルを開けません"));
	/* a file past the limit is refused before it is parsed */
	FILE *f = fopen(big, "w");
	for (int i = 0; i < CNAP_MAIL_CONFIG_MAX_BYTES / 8 + 1; i++)
		fputs("#comment\n", f);
	fclose(f);
	assert_i64_eq(cnap_mail_config_load(big, &a, &c, &err), CNAP_ETOOBIG);
	assert_non_null(strstr(err.message, "大きすぎます"));
	assert_i64_eq(cnap_mail_config_load(dir, &a, &c, &err), CNAP_EIO);
	unlink(big);
	unlink(conf);
	rmdir(dir);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_load_password_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
