/*
 * SMTP through libcurl. What the outbox needs from a try is not curl's English error text but the
 * server's own answer and whether trying again can help, so the protocol conversation is watched
 * through CURLOPT_DEBUGFUNCTION: the reply lines that came in (the last one kept, and the last error
 * reply, which is what decides 4xx against 5xx) and the verb of the command last sent (to say what
 * was refused). Only the verb of an outgoing line is looked at: AUTH lines carry the credentials.
 */
#include "base/compat.h"
#include "mail/smtp.h"
#include "mail/message.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

#define REPLY_MAX 300

enum stage { ST_CONNECT, ST_GREETING, ST_EHLO, ST_STARTTLS, ST_AUTH, ST_MAIL, ST_RCPT, ST_DATA, ST_QUIT };

struct cnap_smtp {
	CURL *curl;
	const struct cnap_mail_config *cfg;
	char server[300]; /* "host:port", for messages */
	/* the message being sent */
	const char *msg;
	size_t len, pos;
	/* the conversation of this send */
	enum stage stage;
	char last[REPLY_MAX + 1];       /* last reply line */
	char last_error[REPLY_MAX + 1]; /* last reply line with a 4xx or 5xx code */
	long last_code, error_code;
	enum stage error_stage; /* the command the error reply answered */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

/* libcurl's global state lives as long as the process: curl_global_cleanup is not thread safe. */
static void curl_init_once(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

const char *cnap_mail_outcome_label(enum cnap_mail_outcome o)
{
	switch (o) {
	case CNAP_MAIL_SENT:
		return "送信済み";
	case CNAP_MAIL_RETRY:
		return "送信待ち";
	case CNAP_MAIL_REJECTED:
		return "送信失敗";
	}
	return "送信失敗";
}

static size_t read_message(char *buf, size_t size, size_t nitems, void *userp)
{
	struct cnap_smtp *c = userp;
	size_t room = size * nitems, left = c->len - c->pos;
	size_t k = left < room ? left : room;
	memcpy(buf, c->msg + c->pos, k);
	c->pos += k;
	return k;
}

static bool starts_verb(const char *s, size_t n, const char *verb)
{
	size_t k = strlen(verb);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((s[i] & ~0x20) != verb[i])
			return false;
	return n == k || s[k] == ' ' || s[k] == '\r' || s[k] == '\n';
}

static void note_command(struct cnap_smtp *c, const char *s, size_t n)
{
	static const struct {
		const char *verb;
		enum stage stage;
	} verbs[] = {{"EHLO", ST_EHLO}, {"HELO", ST_EHLO}, {"STARTTLS", ST_STARTTLS}, {"AUTH", ST_AUTH},
		     {"MAIL", ST_MAIL}, {"RCPT", ST_RCPT},   {"DATA", ST_DATA},         {"QUIT", ST_QUIT}};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(verbs); i++)
		if (starts_verb(s, n, verbs[i].verb)) {
			c->stage = verbs[i].stage;
			return;
		}
	/* anything else (an AUTH LOGIN continuation: the user name or password in base64) is not kept */
}

/* One reply line: printable ASCII kept (anything else becomes '?'), bounded. */
static void note_reply(struct cnap_smtp *c, const char *s, size_t n)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
		return;
	if (c->stage == ST_CONNECT)
		c->stage = ST_GREETING;
	size_t k = n < REPLY_MAX ? n : REPLY_MAX;
	for (size_t i = 0; i < k; i++)
		c->last[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	c->last[k] = '\0';
	c->last_code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (c->last_code >= 400 && c->stage != ST_QUIT) {
		memcpy(c->last_error, c->last, k + 1);
		c->error_code = c->last_code;
		c->error_stage = c->stage;
	}
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	struct cnap_smtp *c = userp;
	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
		return 0;
	while (size > 0) {
		const char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) + 1 : size;
		if (type == CURLINFO_HEADER_IN)
			note_reply(c, data, n);
		else
			note_command(c, data, n);
		data += n;
		size -= n;
	}
	return 0;
}

/* "host:port" of the URL, the scheme's port when none is written. */
static void server_name(const char *url, char *out, size_t size)
{
	snprintf(out, size, "%s", url);
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		snprintf(out, size, "%s:%s", host, port);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

#define SET(opt, val) (rc = rc ? rc : curl_easy_setopt(c->curl, opt, val))

enum cnap_err cnap_smtp_open(const struct cnap_mail_config *cfg, struct cnap_smtp **out, struct cnap_error *err)
{
	*out = NULL;
	pthread_once(&curl_once, curl_init_once);
	if (curl_init_result != CURLE_OK)
		return cnap_fail(err, CNAP_EIO, "smtp_url", "メール送信ライブラリ（libcurl）を初期化できません");
	struct cnap_smtp *c = cnap_calloc(1, sizeof *c);
	if (!c || !(c->curl = curl_easy_init())) {
		free(c);
		return cnap_fail(err, CNAP_ENOMEM, "smtp_url", "メモリが足りません");
	}
	c->cfg = cfg;
	server_name(cfg->smtp_url, c->server, sizeof c->server);
	CURLcode rc = CURLE_OK;
	SET(CURLOPT_URL, cfg->smtp_url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_message);
	SET(CURLOPT_READDATA, c);
	SET(CURLOPT_VERBOSE, 1L); /* what feeds on_debug; it prints nothing */
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, c);
	SET(CURLOPT_MAIL_FROM, cfg->from_addr);
	SET(CURLOPT_CONNECTTIMEOUT, (long)cfg->timeout_s);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)cfg->timeout_s);
	SET(CURLOPT_TIMEOUT, (long)cfg->timeout_s * 4);
	if (strncmp(cfg->smtp_url, "smtp://", 7) == 0 && cfg->starttls == CNAP_MAIL_TLS_REQUIRED)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->username) {
		SET(CURLOPT_USERNAME, cfg->username);
		SET(CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	if (cfg->ca_file)
		SET(CURLOPT_CAINFO, cfg->ca_file);
	if (rc != CURLE_OK) {
		cnap_smtp_close(c);
		return cnap_fail(err, rc == CURLE_OUT_OF_MEMORY ? CNAP_ENOMEM : CNAP_EIO, "smtp_url",
				 "メール送信の設定をlibcurlが受け付けません");
	}
	*out = c;
	return CNAP_OK;
}

static void result(struct cnap_mail_result *res, enum cnap_mail_outcome o, long code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void result(struct cnap_mail_result *res, enum cnap_mail_outcome o, long code, const char *fmt, ...)
{
	res->outcome = o;
	res->smtp_code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof res->detail, fmt, ap);
	va_end(ap);
}

/* What an error reply refused, by the command it answered. */
static const char *refused_what(enum stage s)
{
	switch (s) {
	case ST_CONNECT:
	case ST_GREETING:
	case ST_EHLO:
	case ST_QUIT:
		return "接続";
	case ST_STARTTLS:
		return "STARTTLS";
	case ST_AUTH:
		return "認証";
	case ST_MAIL:
		return "差出人";
	case ST_RCPT:
		return "宛先";
	case ST_DATA:
		return "メッセージ";
	}
	return "送信";
}

/* No error reply came: what libcurl's code says. */
static void classify_transport(struct cnap_smtp *c, CURLcode cc, struct cnap_mail_result *res)
{
	const char *srv = c->server;
	long code = c->last_code;
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		result(res, CNAP_MAIL_RETRY, code, "メールサーバーの名前を引けません（%s）", srv);
		break;
	case CURLE_COULDNT_CONNECT:
		result(res, CNAP_MAIL_RETRY, code, "メールサーバーに接続できません（%s）", srv);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		result(res, CNAP_MAIL_RETRY, code, "メールサーバーが時間内に応答しません（%s、%d秒）", srv, c->cfg->timeout_s);
		break;
	case CURLE_USE_SSL_FAILED:
		result(res, CNAP_MAIL_REJECTED, code,
		       "メールサーバーがSTARTTLSに対応していないため送信しませんでした（%s、starttls = required）", srv);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		result(res, CNAP_MAIL_RETRY, code,
		       "メールサーバーの証明書を確認できません（%s）。ca_file の設定を確かめてください", srv);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		result(res, CNAP_MAIL_RETRY, code, "メールサーバーとのTLS接続に失敗しました（%s）", srv);
		break;
	case CURLE_LOGIN_DENIED:
		result(res, CNAP_MAIL_REJECTED, code, "メールサーバーが認証を拒否しました（%s）", srv);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		result(res, CNAP_MAIL_RETRY, code, "メールサーバーとの通信が途中で切れました（%s）", srv);
		break;
	default:
		result(res, CNAP_MAIL_RETRY, code, "メールを送れませんでした（%s）", srv);
		break;
	}
}

enum cnap_err cnap_smtp_send(struct cnap_smtp *c, const char *envelope_to, const char *message, size_t len,
			     struct cnap_mail_result *res, struct cnap_error *err)
{
	*res = (struct cnap_mail_result){.outcome = CNAP_MAIL_RETRY};
	enum cnap_err rc = cnap_mail_check_addr(envelope_to, "envelope_to", err);
	if (rc != CNAP_OK)
		return rc;
	struct curl_slist *rcpt = curl_slist_append(NULL, envelope_to);
	if (!rcpt)
		return cnap_fail(err, CNAP_ENOMEM, "envelope_to", "メモリが足りません");
	c->msg = message;
	c->len = len;
	c->pos = 0;
	c->stage = ST_CONNECT;
	c->last[0] = c->last_error[0] = '\0';
	c->last_code = c->error_code = 0;
	CURLcode cc = curl_easy_setopt(c->curl, CURLOPT_MAIL_RCPT, rcpt);
	if (cc == CURLE_OK)
		cc = curl_easy_setopt(c->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if (cc == CURLE_OK)
		cc = curl_easy_perform(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	c->msg = NULL;
	if (cc == CURLE_OUT_OF_MEMORY)
		return cnap_fail(err, CNAP_ENOMEM, "envelope_to", "メモリが足りません");
	if (cc == CURLE_OK)
		result(res, CNAP_MAIL_SENT, c->last_code, "送信しました（%s）", c->last);
	else if (c->error_code >= 500)
		result(res, CNAP_MAIL_REJECTED, c->error_code, "%sが拒否されました（%s）", refused_what(c->error_stage), c->last_error);
	else if (c->error_code >= 400)
		result(res, CNAP_MAIL_RETRY, c->error_code, "%sが一時的に受け付けられませんでした（%s）。あとで再送します",
		       refused_what(c->error_stage), c->last_error);
	else
		classify_transport(c, cc, res);
	return CNAP_OK;
}

void cnap_smtp_close(struct cnap_smtp *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c);
}
