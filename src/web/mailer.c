/* The server's sender thread (web/mailer.h). */
#include "base/compat.h"
#include "store/store.h"
#include "usecase/mail_send.h"
#include "web/mailer.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static struct {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stop, kicked;
	const char *db_path;
	const struct cnap_mail_config *cfg;
	bool quiet;
} mailer = { .mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static void run_once(void)
{
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	struct cnap_mail_run_stats st = { 0 };
	enum cnap_err rc = cnap_store_open(mailer.db_path, 0, &s, &err);
	if (!rc) {
		rc = cnap_uc_mail_run(s, mailer.cfg, &st, &err);
		cnap_store_close(s);
	}
	if (mailer.quiet)
		return;
	if (rc)
		fprintf(stderr, "mail: %s: %s\n", err.where, err.message);
	else if (st.sent || st.retried || st.failed || st.reminders || st.digests)
		fprintf(stderr, "mail: sent %zu, retry later %zu, failed %zu, reminders %zu, digests %zu\n", st.sent,
			st.retried, st.failed, st.reminders, st.digests);
}

static void *loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mailer.mu);
	while (!mailer.stop) {
		mailer.kicked = false;
		pthread_mutex_unlock(&mailer.mu);
		run_once();
		pthread_mutex_lock(&mailer.mu);
		if (mailer.stop || mailer.kicked)
			continue;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += mailer.cfg->poll_s;
		while (!mailer.stop && !mailer.kicked)
			if (pthread_cond_timedwait(&mailer.wake, &mailer.mu, &until))
				break;
	}
	pthread_mutex_unlock(&mailer.mu);
	return NULL;
}

enum cnap_err web_mailer_start(const char *db_path, const struct cnap_mail_config *cfg, bool quiet,
			       struct cnap_error *err)
{
	mailer.db_path = db_path;
	mailer.cfg = cfg;
	mailer.quiet = quiet;
	mailer.stop = false;
	if (pthread_create(&mailer.thread, NULL, loop, NULL))
		return cnap_fail(err, CNAP_ENOMEM, "", "cannot start the mail sender thread");
	mailer.running = true;
	return CNAP_OK;
}

void web_mailer_kick(void)
{
	if (!mailer.running)
		return;
	pthread_mutex_lock(&mailer.mu);
	mailer.kicked = true;
	pthread_cond_signal(&mailer.wake);
	pthread_mutex_unlock(&mailer.mu);
}

void web_mailer_stop(void)
{
	if (!mailer.running)
		return;
	pthread_mutex_lock(&mailer.mu);
	mailer.stop = true;
	pthread_cond_signal(&mailer.wake);
	pthread_mutex_unlock(&mailer.mu);
	pthread_join(mailer.thread, NULL);
	mailer.running = false;
}
