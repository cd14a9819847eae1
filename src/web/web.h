/*
 * cnap serve: the web application (HTML pages and the JSON API) on
 * libmicrohttpd. The only part of cnap that knows HTTP.
 */
#ifndef CNAP_WEB_H
#define CNAP_WEB_H

#include "mail/mail_config.h"
#include "store/store.h"

struct cnap_web_config {
	const char *db_path;
	const char *listen;   /* "ADDR:PORT"; NULL: 127.0.0.1:8080 */
	unsigned threads;     /* worker threads, each with its own database connection; 0: one per CPU */
	bool secure_cookies;  /* add Secure to cookies (set when a TLS proxy is in front) */
	bool quiet;           /* no request log on stderr */
	size_t cache_bytes;   /* budget of the page cache (web/cache.h); 0: 64 MiB */
	int per_ip_limit;     /* connections one address may hold; 0: no limit; -1: the default, 64 */
	const struct cnap_mail_config *mail; /* where mail goes (issue 15); NULL: notices queue, nothing is sent */
};

/*
 * Serve until SIGINT or SIGTERM. Prints "listening on http://ADDR:PORT/"
 * on stdout once requests are accepted.
 */
enum cnap_err cnap_web_run(const struct cnap_web_config *cfg, struct cnap_error *err);


#endif
