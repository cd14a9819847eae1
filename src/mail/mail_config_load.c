/*
 * mail.conf from disk, and the password file beside it. The password is kept out of mail.conf so the
 * configuration can be readable by the operator's tools while the secret is not: a password file that
 * anyone outside its owner and group can read (or its group can change) is refused, as ssh refuses a
 * private key others can read.
 */
#include "base/compat.h"
#include "mail/mail_config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Up to max bytes of a regular file into buf (max + 1 bytes of room): CNAP_ETOOBIG past max. */
static enum cnap_err read_small(const char *path, const char *what, char *buf, size_t max, size_t *len,
				struct stat *st, struct cnap_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cnap_fail(err, CNAP_EIO, path, "%sを開けません（%s）", what, strerror(errno));
	enum cnap_err rc = CNAP_OK;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		rc = cnap_fail(err, CNAP_EIO, path, "%sが普通のファイルではありません", what);
		goto out;
	}
	*len = 0;
	for (;;) {
		ssize_t k = read(fd, buf + *len, max + 1 - *len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = cnap_fail(err, CNAP_EIO, path, "%sを読めません（%s）", what, strerror(errno));
			goto out;
		}
		if (k == 0)
			break;
		*len += (size_t)k;
		if (*len > max) {
			rc = cnap_fail(err, CNAP_ETOOBIG, path, "%sが大きすぎます（最大%zuバイト）", what, max);
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

/* p as written if absolute, else relative to the folder of config_path. */
static const char *beside(struct cnap_arena *a, const char *config_path, const char *p)
{
	if (p[0] == '/')
		return p;
	const char *slash = strrchr(config_path, '/');
	if (!slash)
		return p;
	return cnap_arena_printf(a, "%.*s/%s", (int)(slash - config_path), config_path, p);
}

static enum cnap_err read_password(const char *path, struct cnap_arena *a, const char **out,
				   struct cnap_error *err)
{
	char buf[CNAP_MAIL_PASSWORD_MAX_BYTES + 1];
	size_t len;
	struct stat st;
	enum cnap_err rc = read_small(path, "パスワードファイル", buf, CNAP_MAIL_PASSWORD_MAX_BYTES, &len, &st, err);
	if (rc != CNAP_OK)
		return rc;
	if (st.st_mode & 027) {
		rc = cnap_fail(err, CNAP_EPERM, path,
			       "パスワードファイルを他のユーザーが読めるか、グループが書き換えられます（今は%04o）。"
			       "chmod 600 か chmod 640 にしてください",
			       (unsigned)(st.st_mode & 07777));
		goto out;
	}
	size_t n = 0;
	while (n < len && buf[n] != '\n')
		n++;
	if (n && buf[n - 1] == '\r')
		n--;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f) {
			rc = cnap_fail(err, CNAP_EINVAL, path, "パスワードに制御文字が含まれています");
			goto out;
		}
	if (n == 0) {
		rc = cnap_fail(err, CNAP_EINVAL, path, "パスワードファイルの1行目が空です");
		goto out;
	}
	if (!(*out = cnap_arena_strndup(a, buf, n)))
		rc = cnap_fail(err, CNAP_ENOMEM, path, "メモリが足りません");
out:
	memset(buf, 0, sizeof buf); /* not left on the stack for a later crash dump */
	return rc;
}

enum cnap_err cnap_mail_config_load(const char *path, struct cnap_arena *a, struct cnap_mail_config *out,
				    struct cnap_error *err)
{
	*out = (struct cnap_mail_config){0};
	char *text = cnap_malloc(CNAP_MAIL_CONFIG_MAX_BYTES + 1);
	if (!text)
		return cnap_fail(err, CNAP_ENOMEM, path, "メモリが足りません");
	size_t len;
	struct stat st;
	enum cnap_err rc = read_small(path, "メール設定ファイル", text, CNAP_MAIL_CONFIG_MAX_BYTES, &len, &st, err);
	if (rc == CNAP_OK)
		rc = cnap_mail_config_parse(text, len, path, a, out, err);
	free(text);
	if (rc != CNAP_OK)
		return rc;
	if (out->ca_file && !(out->ca_file = beside(a, path, out->ca_file)))
		rc = cnap_fail(err, CNAP_ENOMEM, path, "メモリが足りません");
	if (rc == CNAP_OK && out->password_file) {
		if (!(out->password_file = beside(a, path, out->password_file)))
			rc = cnap_fail(err, CNAP_ENOMEM, path, "メモリが足りません");
		else
			rc = read_password(out->password_file, a, &out->password, err);
	}
	if (rc != CNAP_OK)
		*out = (struct cnap_mail_config){0};
	return rc;
}
