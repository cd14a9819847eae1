/* Per-thread caches invalidated by a write generation (web/cache.h). */
#include "base/compat.h"
#include "store/session.h"
#include "web/app.h"
#include "web/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define SLOTS 64 /* per thread and per cache; direct-mapped by key hash */

#define VERSION_CHECK_NS 100000000L /* 0.1 s */

static atomic_ulong generation = 1;
static _Thread_local int64_t seen_version = -1;
static _Thread_local struct timespec last_check;

unsigned long web_gen_sync(struct cnap_store *s)
{
	/*
	 * This server's own writes bump the generation at once; asking SQLite is only for
	 * other processes (a CLI on the same file), so once per 0.1 s per thread is enough:
	 * a statement per cached page would cost more than the rest of serving it.
	 */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long elapsed = (now.tv_sec - last_check.tv_sec) * 1000000000L + (now.tv_nsec - last_check.tv_nsec);
	if (seen_version >= 0 && elapsed < VERSION_CHECK_NS)
		return atomic_load(&generation);
	last_check = now;
	int64_t v;
	if (cnap_store_data_version(s, &v, NULL) != CNAP_OK)
		return atomic_fetch_add(&generation, 1) + 1; /* cannot tell: assume a change */
	if (v != seen_version) {
		seen_version = v;
		return atomic_fetch_add(&generation, 1) + 1;
	}
	return atomic_load(&generation);
}

void web_gen_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static char *dup_or_null(const char *s)
{
	return s ? cnap_strdup(s) : NULL;
}

struct user_slot {
	char *key;
	unsigned long gen;
	time_t valid_until;
	struct web_user u; /* strings malloc'd, owned by the slot */
	char **wgs;
};

/* A cached body is shared with the responses still sending it; the last holder frees it. */
struct shared_body {
	atomic_int refs;
	size_t len;
	char data[];
};

static void body_release(void *p)
{
	struct shared_body *b = p;
	if (b && atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

struct page_slot {
	char *key;
	unsigned long gen;
	struct shared_body *body;
	char *content_type, *disposition, *csp;
	bool framable;
};

struct fragment_slot {
	char *key;
	unsigned long gen;
	char *value;
};

static _Thread_local struct user_slot users[SLOTS];
static _Thread_local struct page_slot pages[SLOTS];
static _Thread_local struct fragment_slot fragments[SLOTS * 4];

/* A thread's entries are freed when it exits: MHD's workers end at MHD_stop_daemon. */
static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
static void clear_at_exit(void *unused) { (void)unused; web_cache_clear(); }
static void make_exit_key(void) { pthread_key_create(&exit_key, clear_at_exit); }

static void free_at_thread_exit(void)
{
	pthread_once(&exit_once, make_exit_key);
	if (!pthread_getspecific(exit_key))
		pthread_setspecific(exit_key, &exit_key);
}

static void user_free(struct user_slot *e)
{
	free(e->key);
	free((char *)e->u.actor.login);
	free((char *)e->u.actor.association_code);
	free((char *)e->u.name);
	free((char *)e->u.csrf);
	free((char *)e->u.token_hash);
	for (size_t i = 0; i < e->u.actor.n_wg_codes; i++)
		free(e->wgs[i]);
	free(e->wgs);
	memset(e, 0, sizeof(*e));
}

static void page_free(struct page_slot *e)
{
	free(e->key);
	body_release(e->body);
	free(e->content_type);
	free(e->disposition);
	free(e->csp);
	memset(e, 0, sizeof(*e));
}

bool web_user_cache_get(const char *key, time_t now, struct cnap_arena *a, struct web_user *out)
{
	struct user_slot *e = &users[hash(key) % SLOTS];
	if (!e->key || strcmp(e->key, key) != 0 || e->gen != atomic_load(&generation) || now >= e->valid_until)
		return false;
	/* Copies in the request's arena: the slot may be replaced while the request runs. */
	*out = e->u;
	out->actor.login = cnap_arena_strdup(a, e->u.actor.login);
	out->actor.association_code = cnap_arena_strdup(a, e->u.actor.association_code);
	out->name = cnap_arena_strdup(a, e->u.name);
	out->csrf = cnap_arena_strdup(a, e->u.csrf);
	out->token_hash = cnap_arena_strdup(a, e->u.token_hash);
	const char **wgs = cnap_arena_calloc(a, e->u.actor.n_wg_codes + 1, sizeof(*wgs));
	if (!wgs)
		return false;
	for (size_t i = 0; i < e->u.actor.n_wg_codes; i++)
		wgs[i] = cnap_arena_strdup(a, e->wgs[i]);
	out->actor.wg_codes = wgs;
	return true;
}

void web_user_cache_put(const char *key, const struct web_user *u, unsigned long gen, time_t valid_until)
{
	struct user_slot *e = &users[hash(key) % SLOTS];
	free_at_thread_exit();
	user_free(e);
	e->wgs = cnap_calloc(u->actor.n_wg_codes + 1, sizeof(*e->wgs));
	e->key = cnap_strdup(key);
	if (!e->wgs || !e->key) {
		user_free(e);
		return;
	}
	e->gen = gen;
	e->valid_until = valid_until;
	e->u = *u;
	e->u.actor.login = dup_or_null(u->actor.login);
	e->u.actor.association_code = dup_or_null(u->actor.association_code);
	e->u.name = dup_or_null(u->name);
	e->u.csrf = dup_or_null(u->csrf);
	e->u.token_hash = dup_or_null(u->token_hash);
	for (size_t i = 0; i < u->actor.n_wg_codes; i++)
		e->wgs[i] = cnap_strdup(u->actor.wg_codes[i]);
	e->u.actor.wg_codes = (const char *const *)e->wgs;
}

const char *web_page_key(struct web_req *req)
{
	const char *who = req->user->token_hash ? req->user->token_hash : req->user->actor.login;
	char today[16];
	struct cnap_buf b;
	/* Pages depend on the date too (overdue marks): a new day is a new key. */
	web_today_jst(today);
	cnap_buf_init(&b, 16 * 1024);
	cnap_buf_addf(&b, "%s%s\n%s\n%s%s", req->user->by_token ? "token:" : "", who, today, req->api ? "/api" : "",
		      req->path);
	for (size_t i = 0; i < req->query.n; i++)
		cnap_buf_addf(&b, "%c%s=%s", i ? '&' : '?', req->query.v[i].key, req->query.v[i].val);
	const char *key = b.status ? NULL : cnap_arena_strdup(req->arena, b.data);
	cnap_buf_release(&b);
	return key;
}

bool web_page_cache_get(const char *key, struct web_resp *resp)
{
	struct page_slot *e = &pages[hash(key) % SLOTS];
	if (!e->key || strcmp(e->key, key) != 0 || e->gen != atomic_load(&generation))
		return false;
	atomic_fetch_add(&e->body->refs, 1);
	resp->shared_body = e->body->data;
	resp->shared_len = e->body->len;
	resp->shared_release = body_release;
	resp->shared_ctx = e->body;
	resp->raw_body = true;
	resp->status = 200;
	resp->content_type = e->content_type;
	resp->disposition = e->disposition;
	resp->csp = e->csp;
	resp->framable = e->framable;
	return true;
}

void web_page_cache_put(const char *key, const struct web_resp *resp, unsigned long gen)
{
	struct page_slot *e = &pages[hash(key) % SLOTS];
	free_at_thread_exit();
	page_free(e);
	e->key = cnap_strdup(key);
	e->body = cnap_malloc(sizeof(*e->body) + resp->body.len + 1);
	if (!e->key || !e->body) {
		free(e->body);
		e->body = NULL;
		page_free(e);
		return;
	}
	atomic_init(&e->body->refs, 1);
	e->body->len = resp->body.len;
	if (resp->body.len)
		memcpy(e->body->data, resp->body.data, resp->body.len);
	e->gen = gen;
	e->content_type = dup_or_null(resp->content_type);
	e->disposition = dup_or_null(resp->disposition);
	e->csp = dup_or_null(resp->csp);
	e->framable = resp->framable;
}

const char *web_fragment_get(const char *key, struct cnap_arena *a)
{
	struct fragment_slot *e = &fragments[hash(key) % CNAP_ARRAY_LEN(fragments)];
	if (!e->key || strcmp(e->key, key) != 0 || e->gen != atomic_load(&generation))
		return NULL;
	return cnap_arena_strdup(a, e->value);
}

static void fragment_free(struct fragment_slot *e)
{
	free(e->key);
	free(e->value);
	memset(e, 0, sizeof(*e));
}

void web_fragment_put(const char *key, const char *value, unsigned long gen)
{
	struct fragment_slot *e = &fragments[hash(key) % CNAP_ARRAY_LEN(fragments)];
	free_at_thread_exit();
	fragment_free(e);
	e->key = cnap_strdup(key);
	e->value = cnap_strdup(value);
	if (!e->key || !e->value)
		fragment_free(e);
	else
		e->gen = gen;
}

void web_cache_clear(void)
{
	for (size_t i = 0; i < SLOTS; i++) {
		user_free(&users[i]);
		page_free(&pages[i]);
	}
	for (size_t i = 0; i < CNAP_ARRAY_LEN(fragments); i++)
		fragment_free(&fragments[i]);
}
