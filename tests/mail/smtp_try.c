/*
 * smtp_try CONFIG TO[,TO...] SUBJECT BODY [COUNT]: loads the mail configuration and, through one
 * sender (one connection while the server keeps it), composes a message to each TO in turn and sends
 * it COUNT times (default 1), printing each try's outcome as
 *     outcome: SENT|RETRY|REJECTED
 *     code: 250
 *     detail: 送信しました（250 ...）
 * Exit 0 when every try ran (whatever its outcome), 1 when the config or the message was refused.
 * Built with the tests only (tests/cli/t0040-smtp.sh).
 */
#include "base/compat.h"
#include "mail/mail_config.h"
#include "mail/message.h"
#include "mail/smtp.h"

#include <stdio.h>
#include <stdlib.h>

static const char *outcome_name(enum cnap_mail_outcome o)
{
	return o == CNAP_MAIL_SENT ? "SENT" : o == CNAP_MAIL_RETRY ? "RETRY" : "REJECTED";
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: smtp_try CONFIG TO[,TO...] SUBJECT BODY [COUNT]\n");
		return 2;
	}
	int count = argc > 5 ? (int)strtol(argv[5], NULL, 10) : 1;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_error err = {0};
	struct cnap_mail_config cfg;
	int status = 1;
	struct cnap_smtp *c = NULL;
	struct cnap_buf msg;
	cnap_buf_init(&msg, 1024 * 1024);
	if (cnap_mail_config_load(argv[1], &a, &cfg, &err) != CNAP_OK)
		goto out;
	if (cnap_smtp_open(&cfg, &c, &err) != CNAP_OK)
		goto out;
	for (char *to = argv[2], *next = NULL; to; to = next) {
		char *comma = strchr(to, ',');
		next = comma ? comma + 1 : NULL;
		if (comma)
			*comma = '\0';
		struct cnap_mail_message m = {
			.from_addr = cfg.from_addr,
			.from_name = cfg.from_name,
			.to_addr = to,
			.subject = argv[3],
			.body = argv[4],
			.date = 1700000000,
			.message_id = "cnap.smtp-try.1@example.jp",
		};
		cnap_buf_reset(&msg);
		if (cnap_mail_compose(&m, &msg, &err) != CNAP_OK)
			goto out;
		for (int i = 0; i < count; i++) {
			struct cnap_mail_result res;
			if (cnap_smtp_send(c, to, msg.data, msg.len, &res, &err) != CNAP_OK)
				goto out;
			printf("outcome: %s\ncode: %ld\ndetail: %s\n", outcome_name(res.outcome), res.smtp_code,
			       res.detail);
		}
	}
	status = 0;
out:
	if (status)
		fprintf(stderr, "smtp_try: %s: %s\n", err.where, err.message);
	cnap_smtp_close(c);
	cnap_buf_release(&msg);
	cnap_arena_release(&a);
	return status;
}
