/*
 * The mail configuration file (/etc/cnap/mail.conf): the server operator's, read as hostile text.
 *
 *   smtp_url = smtp://mail.example.jp:587   # smtp:// (plain or STARTTLS) or smtps:// (TLS from the start)
 *   starttls = required                     # required (default) | none, for smtp:// only
 *   username = cnap                         # SMTP AUTH, with password_file
 *   password_file = smtp-password           # its first line; relative to the config's folder; 0600 or 0640
 *   from = noreply@example.jp               # required
 *   from_name = CN行動計画フォローアップ 事務局
 *   base_url = https://cnap.example.jp      # required: links in messages, no trailing /
 *   ca_file = local-ca.pem                  # trust this CA; relative to the config's folder
 *   timeout_seconds, retry_first_seconds, retry_max_seconds, max_attempts, digest_hour, poll_seconds
 *
 * One "key = value" a line; '#' at the start of a line or after a blank starts a comment. Every
 * error names the line in err->where ("mail.conf:12") and says what is wrong in Japanese.
 */
#ifndef CNAP_MAIL_CONFIG_H
#define CNAP_MAIL_CONFIG_H

#include "base/arena.h"
#include "base/err.h"

#define CNAP_MAIL_CONFIG_MAX_BYTES (64 * 1024)
#define CNAP_MAIL_CONFIG_LINE_MAX 1024
#define CNAP_MAIL_PASSWORD_MAX_BYTES 512

enum cnap_mail_tls { CNAP_MAIL_TLS_REQUIRED, CNAP_MAIL_TLS_NONE };

/* Strings live in the arena given to parse or load; NULL when the key is absent and optional. */
struct cnap_mail_config {
	const char *smtp_url, *username, *password, *from_addr, *from_name, *base_url, *ca_file;
	enum cnap_mail_tls starttls;
	int timeout_s, retry_first_s, retry_max_s, max_attempts, digest_hour, poll_s;
	const char *path;          /* the file it came from */
	const char *password_file; /* as written (parse), or resolved against the config's folder (load) */
};

/* The defaults of absent keys. */
#define CNAP_MAIL_DEFAULT_TIMEOUT_S 30
#define CNAP_MAIL_DEFAULT_RETRY_FIRST_S 60
#define CNAP_MAIL_DEFAULT_RETRY_MAX_S 21600
#define CNAP_MAIL_DEFAULT_MAX_ATTEMPTS 10
#define CNAP_MAIL_DEFAULT_DIGEST_HOUR 8
#define CNAP_MAIL_DEFAULT_POLL_S 30

/*
 * Parse text[0..len) (file_name for messages and out->path). Strings in a. Defaults for absent keys.
 * Reads no file: password stays NULL (load reads password_file). CNAP_EINVAL for an unknown or
 * duplicate key, a missing required one, a bad number or one out of range, a bad URL, a bad address,
 * invalid UTF-8, a line too long; CNAP_ETOOBIG past CNAP_MAIL_CONFIG_MAX_BYTES. out is all zero on error.
 */
enum cnap_err cnap_mail_config_parse(const char *text, size_t len, const char *file_name, struct cnap_arena *a,
				     struct cnap_mail_config *out, struct cnap_error *err);

/*
 * Read the file at path (at most CNAP_MAIL_CONFIG_MAX_BYTES), parse it, and read the first line of its
 * password_file and resolve its ca_file, both relative to the config's folder. A password file that
 * others may read, or its group write, is refused (0600 and 0640 are fine): CNAP_EPERM. CNAP_EIO when
 * a file cannot be read.
 */
enum cnap_err cnap_mail_config_load(const char *path, struct cnap_arena *a, struct cnap_mail_config *out,
				    struct cnap_error *err);

#endif
