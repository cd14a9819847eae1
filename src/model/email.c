/*
 * The e-mail address of a user (issue 14): a pragmatic check that catches
 * what people get wrong in a spreadsheet (a missing @, two of them, a blank,
 * a full-width character pasted in the domain, a name in the address
 * column), not RFC 5322's grammar, which accepts addresses no mail system
 * delivers and that nobody types.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "model/model.h"

#include <string.h>

enum cnap_err cnap_check_email(const char *s, const char *field, struct cnap_error *err)
{
	if (!s || !*s)
		return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスが空です");
	size_t n = strlen(s);
	if (n > CNAP_MAX_EMAIL_BYTES)
		return cnap_fail(err, CNAP_ETOOBIG, field, "メールアドレスが長すぎます（%zuバイト、最大%dバイト）", n,
				 CNAP_MAX_EMAIL_BYTES);
	if (!cnap_utf8_valid(s, n, NULL))
		return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスに不正な文字コードが含まれています");
	const char *at = NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスに空白や制御文字は使えません");
		if (c == 0xe3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
			return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスに空白や制御文字は使えません"); /* U+3000 */
		if (c == '@') {
			if (at)
				return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスに「@」が2つ以上あります");
			at = s + i;
		}
	}
	if (!at)
		return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスに「@」がありません（例：taro@example.jp）");
	size_t local = (size_t)(at - s);
	if (local == 0)
		return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスの「@」の前が空です");
	if (local > CNAP_MAX_EMAIL_LOCAL_BYTES)
		return cnap_fail(err, CNAP_EINVAL, field, "メールアドレスの「@」の前が長すぎます（最大%dバイト）",
				 CNAP_MAX_EMAIL_LOCAL_BYTES);
	const char *domain = at + 1, *dot = strchr(domain, '.');
	size_t dn = strlen(domain);
	if (!dot || domain[0] == '.' || domain[dn - 1] == '.' || strstr(domain, ".."))
		return cnap_fail(err, CNAP_EINVAL, field,
				 "メールアドレスの「@」の後がドメイン名になっていません（例：example.jp）");
	return CNAP_OK;
}
