/*
 * The server's sender (issue 15): one thread with its own database
 * connection that empties the outbox (usecase/mail_send.h) every
 * poll_seconds of the mail configuration, and at once after a change
 * (web_mailer_kick, called after every POST that succeeded). Without a mail
 * configuration there is no thread: notices still queue, and the outbox page
 * says nothing is being sent.
 */
#ifndef CNAP_WEB_MAILER_H
#define CNAP_WEB_MAILER_H

#include "base/err.h"
#include "mail/mail_config.h"

#include <stdbool.h>

enum cnap_err web_mailer_start(const char *db_path, const struct cnap_mail_config *cfg, bool quiet,
			       struct cnap_error *err);
/* Wake the sender now; nothing without one. */
void web_mailer_kick(void);
/* Stop the sender after its current message; waits for it. */
void web_mailer_stop(void);

#endif
