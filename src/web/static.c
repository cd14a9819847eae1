/* Static assets (CSS, JS, the site icon) compiled into the binary from static/ by tools/embed.sh. */
#include "base/compat.h"
#include "base/embedded.h"
#include "web/pages.h"

#include <pthread.h>
#include <string.h>

extern const struct cnap_embedded cnap_web_static[];

#define MAX_ASSETS 16

static char etags[MAX_ASSETS][24];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

/* An ETag per asset (FNV-1a of its bytes), computed once: assets change only with the binary. */
static void compute_etags(void)
{
	for (size_t i = 0; i < MAX_ASSETS && cnap_web_static[i].name; i++) {
		uint64_t h = 1469598103934665603ULL;
		for (size_t k = 0; k < cnap_web_static[i].len; k++)
			h = (h ^ cnap_web_static[i].data[k]) * 1099511628211ULL;
		snprintf(etags[i], sizeof(etags[i]), "\"%016llx\"", (unsigned long long)h);
	}
}

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (dot && strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	return "application/octet-stream";
}

void h_static(struct web_req *req, struct web_resp *resp)
{
	/* Browsers ask for /favicon.ico whatever the page links to: the same asset as /static/favicon.ico. */
	const char *name = strcmp(req->path, "/favicon.ico") == 0 ? "favicon.ico" : req->path + strlen("/static/");
	pthread_once(&etags_once, compute_etags);
	for (size_t i = 0; i < MAX_ASSETS && cnap_web_static[i].name; i++) {
		if (strcmp(name, cnap_web_static[i].name) != 0)
			continue;
		resp->content_type = type_of(name);
		resp->public_cache = true;
		resp->etag = etags[i];
		if (req->if_none_match && strcmp(req->if_none_match, etags[i]) == 0) {
			resp->status = 304; /* the browser's copy is this binary's */
			resp->raw_body = true;
			return;
		}
		resp->static_body = cnap_web_static[i].data;
		resp->static_len = cnap_web_static[i].len;
		return;
	}
	resp->status = 404;
	resp->raw_body = true;
	resp->content_type = "text/plain; charset=utf-8";
	cnap_buf_adds(&resp->body, "not found\n");
}
