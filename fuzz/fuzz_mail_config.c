/*
 * libFuzzer target: mail.conf (mail/mail_config.h), the operator's file read as hostile text.
 * Properties: no crash; OK implies smtp_url, from and base_url are set and every number is in its
 * range, and the same bytes parse to the same values twice; an error has a Japanese message and its
 * where is "fuzz.conf" or "fuzz.conf:N" with N a line the text has. A failure traps.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "mail/mail_config.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what)
{
	fprintf(stderr, "fuzz_mail_config: %s\n", what);
	abort();
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_mail_config c, d;
	struct cnap_error err = {0};
	enum cnap_err rc = cnap_mail_config_parse(text, size, "fuzz.conf", &a, &c, &err);
	if (rc == CNAP_OK) {
		if (!c.smtp_url || !c.from_addr || !c.base_url || !c.path)
			violated("OK without smtp_url, from or base_url");
		if (c.timeout_s < 1 || c.timeout_s > 600 || c.retry_first_s < 1 || c.retry_max_s > 604800 ||
		    c.retry_first_s > c.retry_max_s || c.max_attempts < 1 || c.max_attempts > 100 || c.digest_hour < 0 ||
		    c.digest_hour > 23 || c.poll_s < 1 || c.poll_s > 3600)
			violated("a number out of its range");
		if (c.password)
			violated("parse read a password");
		if (cnap_mail_config_parse(text, size, "fuzz.conf", &a, &d, &err) != CNAP_OK ||
		    !same_str(c.smtp_url, d.smtp_url) || !same_str(c.from_addr, d.from_addr) ||
		    !same_str(c.from_name, d.from_name) || !same_str(c.username, d.username) ||
		    c.timeout_s != d.timeout_s || c.starttls != d.starttls)
			violated("the same bytes parsed differently");
	} else {
		if (!err.message[0] || !cnap_utf8_valid(err.message, strlen(err.message), NULL))
			violated("an error without a message");
		if (c.smtp_url || c.from_addr)
			violated("values handed out with an error");
		if (strncmp(err.where, "fuzz.conf", 9) != 0)
			violated("an error that does not name the file");
		if (err.where[9]) {
			char *end;
			long line = strtol(err.where + 10, &end, 10);
			size_t lines = 1;
			for (size_t i = 0; i < size; i++)
				lines += data[i] == '\n';
			if (err.where[9] != ':' || *end || line < 1 || (size_t)line > lines)
				violated("an error on a line the text does not have");
		}
	}
	cnap_arena_release(&a);
	return 0;
}
