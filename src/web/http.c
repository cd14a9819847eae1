/*
 * The libmicrohttpd adapter: the only file that includes microhttpd.h.
 * MHD calls the access handler several times per request (headers, each
 * body chunk, then the final call that must queue a response); this file
 * hides that behind one web_dispatch() call per request, enforces the body
 * limit (413), and frees the request's memory when MHD says it is done.
 * It also keeps slow clients from holding connections (see struct watch).
 */
#include "base/compat.h"
#include "usecase/accounts.h"
#include "base/utf8.h"
#include "web/app.h"
#include "web/cache.h"
#include "web/hold.h"
#include "web/mailer.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * Deadlines for reading a request. MHD's connection timeout is an idle
 * timeout: a client that sends a byte every few seconds is never idle and
 * keeps its connection, so enough of them take every connection there is
 * (slowloris). The headers must be complete HEADER_SECS after the connection
 * opened or the previous response was sent, the body BODY_SECS after the
 * headers (a full 256 KiB body at 5 KiB/s); sending a response has none.
 */
#define HEADER_SECS 10
#define BODY_SECS 60
#define UPLOAD_SECS 600 /* 20 MiB at 35 KiB/s; at most WEB_MAX_UPLOADS of them at a time */
#define UPLOAD_FIELD_MAX ((size_t)64 * 1024) /* a form field beside the file (_csrf, note) */
#define UPLOAD_FIELDS_MAX 32

struct conn {
	struct cnap_arena arena;
	struct cnap_buf body;
	bool too_big;
	bool seen_headers;
	/* A multipart upload, parsed as it arrives by MHD's post processor: the file and the fields. */
	struct MHD_PostProcessor *pp;
	bool upload_slot;  /* one of the WEB_MAX_UPLOADS */
	bool bad_upload;   /* not one file field "file" and a few small fields: 400 */
	size_t upload_bytes;
	struct cnap_buf file;
	bool has_file;
	const char *file_name;
	struct web_kvs fields;
	struct cnap_buf field; /* the field being read, key in field_key */
	char field_key[64];
	bool in_field;
};

/* Uploads being read now: each may hold 20 MiB. */
static pthread_mutex_t uploads_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned uploads_in_flight;

static bool upload_slot_take(void)
{
	pthread_mutex_lock(&uploads_mu);
	bool ok = uploads_in_flight < WEB_MAX_UPLOADS;
	if (ok)
		uploads_in_flight++;
	pthread_mutex_unlock(&uploads_mu);
	return ok;
}

static void upload_slot_give(void)
{
	pthread_mutex_lock(&uploads_mu);
	uploads_in_flight--;
	pthread_mutex_unlock(&uploads_mu);
}

/* One per connection (MHD's socket context), on the watch list while the connection is open. */
struct sock {
	int fd;
	time_t deadline; /* CLOCK_MONOTONIC seconds; 0 while the request is served or answered */
	struct sock *prev, *next;
};

/*
 * MHD has no call to end a connection from outside, so a watchdog thread
 * shuts the socket down past its deadline: MHD then reads end-of-file and
 * closes the connection itself. The fd stays valid while the sock is on the
 * list, because MHD closes it only after the CLOSED notification (which
 * takes it off under the same mutex).
 */
struct watch {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct sock *head;
	bool stop;
};

struct server {
	struct web_config cfg;
	bool quiet;
	struct watch watch;
};

static time_t now_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void set_deadline(struct server *srv, struct MHD_Connection *c, int secs)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct sock *sk = ci ? ci->socket_context : NULL;
	if (!sk)
		return;
	pthread_mutex_lock(&srv->watch.mu);
	sk->deadline = secs ? now_secs() + secs : 0;
	pthread_mutex_unlock(&srv->watch.mu);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	struct watch *w = &srv->watch;
	struct sock *sk = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(sk = cnap_calloc(1, sizeof(*sk))))
			return; /* unwatched: the idle timeout still applies */
		sk->fd = ci->connect_fd;
		pthread_mutex_lock(&w->mu);
		sk->deadline = now_secs() + HEADER_SECS;
		sk->next = w->head;
		if (w->head)
			w->head->prev = sk;
		w->head = sk;
		pthread_mutex_unlock(&w->mu);
		*socket_context = sk;
	} else if (sk) {
		pthread_mutex_lock(&w->mu);
		if (sk->prev)
			sk->prev->next = sk->next;
		else
			w->head = sk->next;
		if (sk->next)
			sk->next->prev = sk->prev;
		pthread_mutex_unlock(&w->mu);
		free(sk);
		*socket_context = NULL;
	}
}

static void *watchdog(void *arg)
{
	struct watch *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&w->wake, &w->mu, &until);
		time_t now = now_secs();
		for (struct sock *sk = w->head; sk; sk = sk->next)
			if (sk->deadline && now >= sk->deadline) {
				shutdown(sk->fd, SHUT_RDWR);
				sk->deadline = 0;
			}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void stop_watchdog(struct watch *w, pthread_t dog)
{
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
	pthread_join(dog, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct web_req *req = cls;
	(void)kind;
	if (key && web_kv_add(req->arena, &req->query, key, strlen(key), value ? value : "", value ? strlen(value) : 0))
		return MHD_NO;
	return MHD_YES;
}

/* Headers every response carries; the CSP keeps scripts and styles to our own static files. */
static void security_headers(struct MHD_Response *r, const struct web_resp *resp, bool secure)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				resp->csp ? resp->csp
					  : "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
					    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'self'; "
					    "frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", resp->framable ? "SAMEORIGIN" : "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(r, "Cache-Control", resp->public_cache ? "public, max-age=3600" : "no-store");
	if (secure)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *resp, bool secure, bool close)
{
	struct MHD_Response *r;
	if (resp->static_body) {
		r = MHD_create_response_from_buffer(resp->static_len, (void *)resp->static_body, MHD_RESPMEM_PERSISTENT);
	} else if (resp->shared_body) {
		/* MHD calls the release when it is done with the body, however many sends that takes. */
		r = MHD_create_response_from_buffer_with_free_callback_cls(resp->shared_len, (void *)resp->shared_body,
									   resp->shared_release, resp->shared_ctx);
		if (!r)
			resp->shared_release(resp->shared_ctx);
		resp->shared_body = NULL;
	} else {
		size_t len = resp->body.len;
		char *data = cnap_buf_detach(&resp->body, NULL);
		r = MHD_create_response_from_buffer(len, data ? data : (void *)"", data ? MHD_RESPMEM_MUST_FREE
										       : MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	security_headers(r, resp, secure);
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	if (resp->location)
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->disposition)
		MHD_add_response_header(r, "Content-Disposition", resp->disposition);
	if (resp->etag)
		MHD_add_response_header(r, "ETag", resp->etag);
	if (resp->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", secs);
	}
	for (size_t i = 0; i < resp->n_cookies; i++)
		MHD_add_response_header(r, "Set-Cookie", resp->cookies[i]);
	if (close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ok;
}

/*
 * Errors answered before a request reaches the router: plain text, or JSON
 * under /api. With close the connection ends after the answer, because what
 * follows on it cannot be trusted to start a request.
 */
static enum MHD_Result plain_error(struct MHD_Connection *c, const char *url, int status, const char *code,
				   enum web_str message, bool close)
{
	struct web_resp resp;
	web_resp_init(&resp);
	resp.status = status;
	if (strncmp(url, "/api/", 5) == 0) {
		resp.content_type = "application/json; charset=utf-8";
		cnap_buf_addf(&resp.body, "{\"error\":{\"status\":%d,\"code\":\"%s\",\"message\":", status, code);
		cnap_buf_add_json_str(&resp.body, web_t(message));
		cnap_buf_adds(&resp.body, "}}\n");
	} else {
		resp.content_type = "text/plain; charset=utf-8";
		cnap_buf_adds(&resp.body, web_t(message));
		cnap_buf_addc(&resp.body, '\n');
	}
	enum MHD_Result ok = send_resp(c, &resp, false, close);
	cnap_buf_release(&resp.body);
	return ok;
}

struct framing {
	unsigned host, te, cl;
	const char *first_cl;
	bool bad;
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* True when the last coding of a Transfer-Encoding value is chunked. */
static bool ends_chunked(const char *v)
{
	const char *last = strrchr(v, ',');
	last = last ? last + 1 : v;
	while (*last == ' ' || *last == '\t')
		last++;
	size_t n = strlen(last);
	while (n && (last[n - 1] == ' ' || last[n - 1] == '\t'))
		n--;
	return n == 7 && strncasecmp(last, "chunked", 7) == 0;
}

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;
	(void)kind;
	if (!value)
		value = "";
	/* MHD keeps "Content-Length " as a name of its own, which a proxy in front may not. */
	if (strpbrk(key, " \t"))
		f->bad = true;
	if (strcasecmp(key, "Host") == 0)
		f->host++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0)
		f->te++, f->bad |= !ends_chunked(value);
	else if (strcasecmp(key, "Content-Length") == 0) {
		f->bad |= !all_digits(value) || (f->first_cl && strcmp(f->first_cl, value) != 0);
		if (!f->first_cl)
			f->first_cl = value;
		f->cl++;
	}
	return MHD_YES;
}

/*
 * RFC 9112 6.3: a body whose length can be read two ways is how a request is
 * smuggled past a proxy that reads it the other way, so such a request is
 * refused rather than guessed at. MHD's strict mode requires Host on
 * HTTP/1.1 but takes the first of duplicated headers and lets a
 * Content-Length sit beside Transfer-Encoding; those are counted here.
 */
static bool framing_ok(struct MHD_Connection *c, const char *version)
{
	struct framing f = { 0 };
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
	if (f.bad || f.te > 1 || (f.te && f.cl) || f.host > 1)
		return false;
	return f.host == 1 || strcmp(version, MHD_HTTP_VERSION_1_1) != 0;
}

/* Bytes of the UTF-8 sequence led by c (1 for a byte that cannot lead one). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * The path is the client's, decoded from %-escapes: printed as is, a %0A
 * would start a log line of the client's choosing and an ESC would drive the
 * operator's terminal. Controls (C0, DEL, C1), the backslash and bytes that
 * are not UTF-8 are written \xNN; the rest of the text stays readable.
 */
static void add_escaped(struct cnap_buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : seq_len(c);
		bool c1 = c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0;
		if (c < 0x20 || c == 0x7f || c == '\\' ||
		    (c >= 0x80 && (c1 || len == 1 || i + len > n || !cnap_utf8_valid(s + i, len, NULL)))) {
			cnap_buf_addf(b, "\\x%02x", c);
			i++;
			continue;
		}
		cnap_buf_add(b, s + i, len);
		i += len;
	}
}

static void log_request(const char *method, bool api, const char *path, int status)
{
	struct cnap_buf line;
	cnap_buf_init(&line, 64 * 1024);
	add_escaped(&line, method);
	cnap_buf_adds(&line, api ? " /api" : " ");
	add_escaped(&line, path);
	cnap_buf_addf(&line, " %d\n", status);
	/* One write per line, so the workers' lines do not interleave. */
	if (line.data)
		fputs(line.data, stderr);
	cnap_buf_release(&line);
}

static enum web_method method_of(const char *m)
{
	return strcmp(m, "GET") == 0 ? WM_GET : strcmp(m, "HEAD") == 0 ? WM_HEAD : strcmp(m, "POST") == 0 ? WM_POST
														: WM_OTHER;
}

static bool flush_field(struct conn *cc)
{
	if (!cc->in_field)
		return true;
	cc->in_field = false;
	bool ok = !cc->field.status && cc->fields.n < UPLOAD_FIELDS_MAX &&
		  web_kv_add(&cc->arena, &cc->fields, cc->field_key, strlen(cc->field_key),
			     cc->field.data ? cc->field.data : "", cc->field.len) == CNAP_OK;
	cnap_buf_reset(&cc->field);
	return ok;
}

/* The file's name without a path (some browsers send C:\fakepath\name), kept when it is short valid UTF-8. */
static const char *upload_name(struct cnap_arena *a, const char *name)
{
	if (!name)
		return NULL;
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	if (!n || n > WEB_MAX_UPLOAD_NAME || !cnap_utf8_valid(base, n, NULL))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)base[i] < 0x20 || base[i] == 0x7f)
			return NULL;
	return cnap_arena_strndup(a, base, n);
}

/*
 * MHD's post processor calls this with each piece of each part: the one file
 * (field "file") into cc->file, bounded by WEB_MAX_UPLOAD; the other fields,
 * few and small, as form fields. Anything else makes the request a 400.
 */
static enum MHD_Result upload_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				   const char *content_type, const char *transfer_encoding, const char *data,
				   uint64_t off, size_t size)
{
	struct conn *cc = cls;
	(void)kind, (void)content_type, (void)transfer_encoding;
	if (!key)
		return MHD_YES;
	if (filename) {
		if (strcmp(key, "file") != 0 || (off == 0 && cc->has_file) || !flush_field(cc)) {
			cc->bad_upload = true;
			return MHD_NO;
		}
		if (off == 0) {
			cc->has_file = true;
			cc->file_name = upload_name(&cc->arena, filename);
		}
		if (size && cnap_buf_add(&cc->file, data, size)) {
			if (cc->file.status == CNAP_ETOOBIG)
				cc->too_big = true;
			else
				cc->bad_upload = true;
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (off == 0) {
		if (!flush_field(cc) || strlen(key) >= sizeof(cc->field_key)) {
			cc->bad_upload = true;
			return MHD_NO;
		}
		snprintf(cc->field_key, sizeof(cc->field_key), "%s", key);
		cc->in_field = true;
	}
	if (size && cnap_buf_add(&cc->field, data, size)) {
		cc->bad_upload = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/*
 * Whether the request's cookie or token is a signed-in user's: an upload is
 * read (and holds one of the few upload slots) only for someone. Anyone
 * else's body is read as any other, 256 KiB at most, and answered as the
 * route answers strangers.
 */
static bool signed_in(struct server *srv, struct MHD_Connection *c, struct conn *cc, const char *url)
{
	struct web_req req = { 0 };
	req.arena = &cc->arena;
	req.cfg = &srv->cfg;
	req.api = strncmp(url, "/api/", 5) == 0;
	req.authorization = header(c, "Authorization");
	const char *cookie = header(c, "Cookie");
	if (cookie && web_cookie_parse(req.arena, cookie, strlen(cookie), &req.cookies))
		return false;
	if (!(req.store = web_pool_store(srv->cfg.db_path, NULL)))
		return false;
	req.gen = web_gen_sync(req.store);
	web_auth_load(&req);
	return req.user != NULL;
}

static enum MHD_Result handle(struct server *srv, struct MHD_Connection *c, struct conn *cc, const char *url,
			      const char *method)
{
	struct web_req req = { 0 };
	struct web_resp resp;
	web_resp_init(&resp);
	req.arena = &cc->arena;
	req.cfg = &srv->cfg;
	req.method = method_of(method);
	req.api = strncmp(url, "/api/", 5) == 0;
	req.path = req.api ? url + 4 : url;
	req.content_type = header(c, "Content-Type");
	req.authorization = header(c, "Authorization");
	req.csrf_header = header(c, "X-CSRF-Token");
	req.if_none_match = header(c, "If-None-Match");
	req.body = cc->body.data ? cc->body.data : "";
	req.body_len = cc->body.len;
	if (cc->pp) {
		req.form = cc->fields;
		if (cc->has_file) {
			req.upload = cc->file.data ? cc->file.data : "";
			req.upload_len = cc->file.len;
			req.upload_name = cc->file_name;
		}
	}
	const char *cookie = header(c, "Cookie");
	struct cnap_error err = { 0 };
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, &req);
	if (cookie && web_cookie_parse(req.arena, cookie, strlen(cookie), &req.cookies))
		return plain_error(c, url, 400, "bad_request", WS_error_bad_request, false);
	req.store = web_pool_store(srv->cfg.db_path, &err);
	if (!req.store) {
		fprintf(stderr, "cnap serve: %s\n", err.message);
		return plain_error(c, url, 503, "unavailable", WS_error_unavailable, false);
	}
	web_dispatch(&req, &resp);
	web_finalize(&req, &resp);
	if (req.cache_key && resp.status == 200 && !resp.n_cookies && !resp.location && !resp.static_body &&
	    !resp.shared_body)
		web_page_cache_put(req.cache_key, &resp, req.gen);
	if (!srv->quiet)
		log_request(method, req.api, req.path, resp.status);
	enum MHD_Result ok = send_resp(c, &resp, srv->cfg.secure_cookies, false);
	cnap_buf_release(&resp.body);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn *cc = *con_cls;
	if (!cc) {
		cc = cnap_calloc(1, sizeof(*cc));
		if (!cc)
			return MHD_NO;
		cnap_arena_init(&cc->arena);
		cnap_buf_init(&cc->body, WEB_MAX_BODY);
		cnap_buf_init(&cc->file, WEB_MAX_UPLOAD);
		cnap_buf_init(&cc->field, UPLOAD_FIELD_MAX);
		*con_cls = cc;
		set_deadline(srv, c, BODY_SECS);
		if (!framing_ok(c, version))
			return plain_error(c, url, 400, "bad_request", WS_error_bad_request, true);
		const char *ct = header(c, "Content-Type");
		bool takes_file = strcmp(method, "POST") == 0 && ct && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
				  web_route_takes_upload(url) && signed_in(srv, c, cc, url);
		/* A survey item's whole text, only from someone signed in. */
		if (!takes_file && strcmp(method, "POST") == 0 && web_route_takes_long_text(url) &&
		    signed_in(srv, c, cc, url))
			cc->body.max = WEB_MAX_TEXT_BODY;
		const char *cl = header(c, "Content-Length");
		/* Refuse a declared oversize body before reading it; the unread body ends the connection. */
		size_t body_max = takes_file ? WEB_MAX_UPLOAD_BODY : cc->body.max;
		if (cl && strtoull(cl, NULL, 10) > body_max)
			return plain_error(c, url, 413, "too_large",
					   takes_file ? WS_error_upload_too_large : WS_error_too_large, true);
		if (takes_file) {
			if (!upload_slot_take())
				return plain_error(c, url, 503, "unavailable", WS_error_uploads_busy, true);
			cc->upload_slot = true;
			cc->pp = MHD_create_post_processor(c, 64 * 1024, upload_part, cc);
			if (!cc->pp)
				return plain_error(c, url, 400, "bad_request", WS_error_bad_request, true);
			set_deadline(srv, c, UPLOAD_SECS);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (cc->pp) {
			cc->upload_bytes += *upload_size;
			if (cc->upload_bytes > WEB_MAX_UPLOAD_BODY)
				cc->too_big = true; /* a chunked body says no length first */
			if (!cc->too_big && !cc->bad_upload && MHD_post_process(cc->pp, upload, *upload_size) != MHD_YES &&
			    !cc->too_big)
				cc->bad_upload = true;
		} else if (!cc->too_big && cnap_buf_add(&cc->body, upload, *upload_size)) {
			cc->too_big = true; /* keep reading and discarding, then answer 413 */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	set_deadline(srv, c, 0);
	if (cc->too_big)
		return plain_error(c, url, 413, "too_large", cc->pp ? WS_error_upload_too_large : WS_error_too_large, false);
	if (cc->pp && (cc->bad_upload || !flush_field(cc)))
		return plain_error(c, url, 400, "bad_request", WS_error_bad_request, false);
	return handle(srv, c, cc, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn *cc = *con_cls;
	(void)toe;
	/* The next request on a kept-alive connection gets its own header deadline. */
	set_deadline(cls, c, HEADER_SECS);
	if (!cc)
		return;
	if (cc->pp)
		MHD_destroy_post_processor(cc->pp);
	if (cc->upload_slot)
		upload_slot_give();
	cnap_buf_release(&cc->file);
	cnap_buf_release(&cc->field);
	cnap_buf_release(&cc->body);
	cnap_arena_release(&cc->arena);
	free(cc);
	*con_cls = NULL;
}

static enum cnap_err parse_listen(const char *listen, struct sockaddr_in *sa, struct cnap_error *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return cnap_fail(err, CNAP_EINVAL, "--listen", "expected ADDR:PORT, e.g. 127.0.0.1:8080 (got '%s')",
				 listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (*end || port > 65535 || colon[1] == '\0' || inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return cnap_fail(err, CNAP_EINVAL, "--listen", "expected an IPv4 ADDR:PORT (got '%s')", listen);
	return CNAP_OK;
}

enum cnap_err cnap_web_run(const struct cnap_web_config *cfg, struct cnap_error *err)
{
	struct server srv = { .cfg = { .db_path = cfg->db_path, .secure_cookies = cfg->secure_cookies, .mail = cfg->mail },
			      .quiet = cfg->quiet };
	struct sockaddr_in sa;
	enum cnap_err rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
	if (rc)
		return rc;
	/* Open (and migrate) the database once up front, so a bad path fails here and not per request. */
	struct cnap_store *probe;
	if ((rc = cnap_store_open(cfg->db_path, 0, &probe, err)))
		return rc;
	cnap_store_close(probe);
	web_cache_set_budget(cfg->cache_bytes);
	unsigned per_ip = cfg->per_ip_limit < 0 ? 64 : (unsigned)cfg->per_ip_limit;
	unsigned threads = cfg->threads;
	if (!threads) {
		/* Two per CPU, at least four: a login's password hash may hold a thread for 0.15 s. */
		long n = sysconf(_SC_NPROCESSORS_ONLN) * 2;
		threads = n < 4 ? 4 : n > 32 ? 32 : (unsigned)n;
	}
	/* Half the threads at most hash passwords; the others keep serving pages during a burst of logins. */
	cnap_uc_login_hash_slots(threads / 2);
	/* Workers inherit this mask, so only the main thread's sigwait sees SIGINT and SIGTERM. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&srv.watch.mu, NULL);
	pthread_cond_init(&srv.watch.wake, NULL);
	pthread_t dog;
	if (pthread_create(&dog, NULL, watchdog, &srv.watch)) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return cnap_fail(err, CNAP_ENOMEM, "", "cannot start the request deadline thread");
	}
	/* Varargs types must match MHD's exactly (unsigned int vs size_t): keep every option here. */
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		/* 1: HTTP/1.1 without Host and spaces in the request line are 400 (framing_ok does the rest). */
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)512,
		/* Below the connection limit, so that one address cannot take all of them. */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
		/*
		 * MHD zeroes this pool for every request: keep it to headers' size, bodies go to our buffer.
		 * 16 KiB holds a browser's request headers several times over (ours are under 2 KiB); the
		 * memset was 6% of a cached page at 32 KiB, paid on every request.
		 */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)512,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_END);
	if (!d) {
		stop_watchdog(&srv.watch, dog);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return cnap_fail(err, CNAP_EIO, "--listen", "cannot listen on %s (in use, or not allowed)",
				 cfg->listen ? cfg->listen : "127.0.0.1:8080");
	}
	if (cfg->mail && (rc = web_mailer_start(cfg->db_path, cfg->mail, cfg->quiet, err))) {
		MHD_stop_daemon(d);
		stop_watchdog(&srv.watch, dog);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return rc;
	}
	char addr[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof(addr));
	/* With port 0 the kernel chose one; tests read it from this line. */
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : (unsigned)ntohs(sa.sin_port);
	printf("listening on http://%s:%u/ (%u threads)\n", addr, port, threads);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	web_mailer_stop();
	stop_watchdog(&srv.watch, dog);
	web_pool_close_all();
	web_cache_clear();
	web_hold_clear();
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return CNAP_OK;
}
