/* Uploaded files kept between a preview and its confirmation (web/hold.h). */
#include "base/compat.h"
#include "web/app.h"
#include "web/hold.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

struct held {
	char token[48];
	char *login, *scope, *name;
	unsigned char *data;
	size_t len;
	time_t at;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct held slots[WEB_HOLD_MAX];

static void forget(struct held *h)
{
	free(h->login);
	free(h->scope);
	free(h->name);
	free(h->data);
	memset(h, 0, sizeof(*h));
}

static size_t held_bytes(void)
{
	size_t n = 0;
	for (size_t i = 0; i < WEB_HOLD_MAX; i++)
		n += slots[i].len;
	return n;
}

/* The oldest file still held, or NULL. */
static struct held *oldest(void)
{
	struct held *o = NULL;
	for (size_t i = 0; i < WEB_HOLD_MAX; i++)
		if (slots[i].data && (!o || slots[i].at < o->at))
			o = &slots[i];
	return o;
}

static void expire(time_t now)
{
	for (size_t i = 0; i < WEB_HOLD_MAX; i++)
		if (slots[i].data && now - slots[i].at > WEB_HOLD_SECONDS)
			forget(&slots[i]);
}

bool web_hold_put(const char *login, const char *scope, const void *data, size_t len, const char *name,
		  char token[48])
{
	if (len > WEB_HOLD_MAX_BYTES)
		return false;
	struct held h = { .login = cnap_strdup(login), .scope = cnap_strdup(scope), .name = name ? cnap_strdup(name) : NULL,
			  .data = cnap_malloc(len ? len : 1), .len = len, .at = web_now() };
	if (!h.login || !h.scope || (name && !h.name) || !h.data) {
		forget(&h);
		return false;
	}
	memcpy(h.data, data, len);
	web_token_new(h.token);
	memcpy(token, h.token, sizeof(h.token));
	pthread_mutex_lock(&mu);
	expire(h.at);
	struct held *free_slot = NULL;
	for (size_t i = 0; i < WEB_HOLD_MAX && !free_slot; i++)
		if (!slots[i].data)
			free_slot = &slots[i];
	while (!free_slot || held_bytes() + len > WEB_HOLD_MAX_BYTES) {
		struct held *o = oldest();
		if (!o)
			break;
		forget(o);
		if (!free_slot)
			free_slot = o;
	}
	*free_slot = h;
	pthread_mutex_unlock(&mu);
	return true;
}

static struct held *find(const char *token)
{
	size_t n = strlen(token);
	for (size_t i = 0; i < WEB_HOLD_MAX; i++)
		if (slots[i].data && n == strlen(slots[i].token) && sodium_memcmp(slots[i].token, token, n) == 0)
			return &slots[i];
	return NULL;
}

bool web_hold_get(const char *login, const char *scope, const char *token, struct cnap_arena *a, const char **data,
		  size_t *len, const char **name)
{
	if (!token || !*token)
		return false;
	bool ok = false;
	pthread_mutex_lock(&mu);
	expire(web_now());
	struct held *h = find(token);
	if (h && strcmp(h->login, login) == 0 && strcmp(h->scope, scope) == 0) {
		char *copy = cnap_arena_alloc(a, h->len ? h->len : 1);
		if (copy) {
			memcpy(copy, h->data, h->len);
			*data = copy;
			*len = h->len;
			*name = h->name ? cnap_arena_strdup(a, h->name) : NULL;
			ok = !h->name || *name;
		}
	}
	pthread_mutex_unlock(&mu);
	return ok;
}

void web_hold_drop(const char *token)
{
	if (!token)
		return;
	pthread_mutex_lock(&mu);
	struct held *h = find(token);
	if (h)
		forget(h);
	pthread_mutex_unlock(&mu);
}

void web_hold_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < WEB_HOLD_MAX; i++)
		forget(&slots[i]);
	pthread_mutex_unlock(&mu);
}
