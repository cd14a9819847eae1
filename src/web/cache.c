/* One cache of pages, users and fragments, tagged with the database's change counter (web/cache.h). */
#include "base/compat.h"
#include "web/app.h"
#include "web/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* Entries larger than budget / MAX_ENTRY_SHARE are not kept: one download must not empty the cache. */
#define MAX_ENTRY_SHARE 8
#define MIN_BUCKETS 1024

/*
 * The generation of the request this thread is serving: MHD runs a request's
 * handler from start to end on one worker thread, so the number read at its
 * start is what every look-up of that request compares against.
 */
static _Thread_local uint64_t request_gen;

enum kind { K_PAGE, K_USER, K_FRAGMENT };

/*
 * A cached body is shared with the responses still sending it; the last
 * holder frees it. A page's header values live in the same block, after the
 * body, so they stay valid for a response whose entry is evicted meanwhile.
 */
struct shared_body {
	atomic_int refs;
	size_t len;
	const char *content_type, *disposition, *csp;
	char data[];
};

struct entry {
	struct entry *next;          /* in its bucket */
	struct entry *older, *newer; /* in the recency list */
	uint64_t hash, gen;
	size_t bytes;                /* counted against the budget */
	enum kind kind;
	char *key;
	struct shared_body *body;    /* pages and fragments */
	bool framable;
	struct web_user u;           /* users: strings malloc'd, owned by the entry */
	char **wgs;
	time_t valid_until;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry **buckets;
static size_t n_buckets, n_entries, used_bytes;
static _Atomic size_t budget = WEB_CACHE_BUDGET;
static struct entry *oldest, *newest;

unsigned long web_gen_sync(struct cnap_store *s)
{
	uint64_t n;
	request_gen = cnap_store_change_count(s, &n, NULL) == CNAP_OK ? n : 0;
	return (unsigned long)request_gen;
}

static uint64_t hash(enum kind k, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)k;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static char *dup_or_null(const char *s)
{
	return s ? cnap_strdup(s) : NULL;
}

static size_t len_or_0(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static void body_release(void *p)
{
	struct shared_body *b = p;
	if (b && atomic_fetch_sub(&b->refs, 1) == 1)
		free(b);
}

static const char *append(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	memcpy(*at, s, n);
	*at += n;
	return *at - n;
}

/* The body, NUL-terminated, and the given header values (NULL stays NULL). */
static struct shared_body *body_new(const char *data, size_t len, const char *content_type, const char *disposition,
				    const char *csp)
{
	struct shared_body *b = cnap_malloc(sizeof(*b) + len + 1 + len_or_0(content_type) + len_or_0(disposition) +
				       len_or_0(csp));
	if (!b)
		return NULL;
	atomic_init(&b->refs, 1);
	b->len = len;
	if (len)
		memcpy(b->data, data, len);
	b->data[len] = '\0';
	char *at = b->data + len + 1;
	b->content_type = append(&at, content_type);
	b->disposition = append(&at, disposition);
	b->csp = append(&at, csp);
	return b;
}

static void entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->key);
	body_release(e->body);
	free((char *)e->u.actor.login);
	free((char *)e->u.actor.association_code);
	free((char *)e->u.name);
	free((char *)e->u.csrf);
	free((char *)e->u.token_hash);
	for (size_t i = 0; e->wgs && i < e->u.actor.n_wg_codes; i++)
		free(e->wgs[i]);
	free(e->wgs);
	free(e);
}

static struct entry *entry_new(enum kind k, const char *key, uint64_t gen, size_t payload)
{
	struct entry *e = cnap_calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->kind = k;
	e->gen = gen;
	e->hash = hash(k, key);
	e->key = cnap_strdup(key);
	e->bytes = sizeof(*e) + strlen(key) + 1 + payload;
	if (!e->key) {
		free(e);
		return NULL;
	}
	return e;
}

/* Callers hold the lock. */
static struct entry **slot_of(enum kind k, const char *key, uint64_t h)
{
	if (!n_buckets)
		return NULL;
	struct entry **p = &buckets[h & (n_buckets - 1)];
	while (*p && ((*p)->hash != h || (*p)->kind != k || strcmp((*p)->key, key) != 0))
		p = &(*p)->next;
	return p;
}

static void recency_unlink(struct entry *e)
{
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	e->older = e->newer = NULL;
}

static void recency_push(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	else
		oldest = e;
	newest = e;
}

/* Take e out of the table (p is where it hangs); the caller frees it. */
static void remove_at(struct entry **p)
{
	struct entry *e = *p;
	*p = e->next;
	recency_unlink(e);
	n_entries--;
	used_bytes -= e->bytes;
}

static void grow(void)
{
	size_t n = n_buckets ? n_buckets * 2 : MIN_BUCKETS;
	struct entry **nb = cnap_calloc(n, sizeof(*nb));
	if (!nb)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < n_buckets; i++) {
		for (struct entry *e = buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	}
	free(buckets);
	buckets = nb;
	n_buckets = n;
}

/* The live entry for (k, key) under this request's generation, or NULL; a stale one is dropped. Lock held. */
static struct entry *find(enum kind k, const char *key, struct entry **stale)
{
	*stale = NULL;
	if (!request_gen)
		return NULL;
	struct entry **p = slot_of(k, key, hash(k, key));
	if (!p || !*p)
		return NULL;
	struct entry *e = *p;
	if (e->gen == request_gen) {
		recency_unlink(e);
		recency_push(e);
		return e;
	}
	/* Older than what this request read: no request will match it again. */
	if (e->gen < request_gen) {
		remove_at(p);
		*stale = e;
	}
	return NULL;
}

/* Adds e (taking it), unless it is too big or a newer entry for its key exists; evicts past the budget. */
static void insert(struct entry *e)
{
	struct entry *dropped = NULL;
	pthread_mutex_lock(&lock);
	if (!e->gen || e->bytes > atomic_load(&budget) / MAX_ENTRY_SHARE) {
		dropped = e;
		goto out;
	}
	if (n_entries >= n_buckets)
		grow();
	if (!n_buckets) {
		dropped = e;
		goto out;
	}
	struct entry **p = slot_of(e->kind, e->key, e->hash);
	if (*p) {
		/* A slower request that read an older number must not replace what a newer one stored. */
		if ((*p)->gen > e->gen) {
			dropped = e;
			goto out;
		}
		struct entry *old = *p;
		remove_at(p);
		entry_free(old);
		p = slot_of(e->kind, e->key, e->hash);
	}
	e->next = NULL;
	*p = e;
	recency_push(e);
	n_entries++;
	used_bytes += e->bytes;
	while (used_bytes > atomic_load(&budget) && oldest) {
		struct entry *victim = oldest;
		remove_at(slot_of(victim->kind, victim->key, victim->hash));
		entry_free(victim);
	}
out:
	pthread_mutex_unlock(&lock);
	entry_free(dropped);
}

void web_cache_set_budget(size_t bytes)
{
	atomic_store(&budget, bytes ? bytes : WEB_CACHE_BUDGET);
}

size_t web_cache_bytes(void)
{
	pthread_mutex_lock(&lock);
	size_t n = used_bytes;
	pthread_mutex_unlock(&lock);
	return n;
}

bool web_user_cache_get(const char *key, time_t now, struct cnap_arena *a, struct web_user *out)
{
	struct entry *stale;
	bool ok = false;
	pthread_mutex_lock(&lock);
	struct entry *e = find(K_USER, key, &stale);
	if (e && now < e->valid_until) {
		/* Copies in the request's arena: the entry may be replaced while the request runs. */
		const char **wgs = cnap_arena_calloc(a, e->u.actor.n_wg_codes + 1, sizeof(*wgs));
		if (wgs) {
			*out = e->u;
			out->actor.login = cnap_arena_strdup(a, e->u.actor.login);
			out->actor.association_code = cnap_arena_strdup(a, e->u.actor.association_code);
			out->name = cnap_arena_strdup(a, e->u.name);
			out->csrf = cnap_arena_strdup(a, e->u.csrf);
			out->token_hash = cnap_arena_strdup(a, e->u.token_hash);
			for (size_t i = 0; i < e->u.actor.n_wg_codes; i++)
				wgs[i] = cnap_arena_strdup(a, e->wgs[i]);
			out->actor.wg_codes = wgs;
			ok = true;
		}
	}
	pthread_mutex_unlock(&lock);
	entry_free(stale);
	return ok;
}

void web_user_cache_put(const char *key, const struct web_user *u, unsigned long gen, time_t valid_until)
{
	size_t payload = (u->actor.n_wg_codes + 1) * sizeof(char *) + len_or_0(u->actor.login) +
			 len_or_0(u->actor.association_code) + len_or_0(u->name) + len_or_0(u->csrf) +
			 len_or_0(u->token_hash);
	for (size_t i = 0; i < u->actor.n_wg_codes; i++)
		payload += len_or_0(u->actor.wg_codes[i]);
	struct entry *e = entry_new(K_USER, key, gen, payload);
	if (!e)
		return;
	e->valid_until = valid_until;
	e->u = *u;
	e->u.actor.login = dup_or_null(u->actor.login);
	e->u.actor.association_code = dup_or_null(u->actor.association_code);
	e->u.name = dup_or_null(u->name);
	e->u.csrf = dup_or_null(u->csrf);
	e->u.token_hash = dup_or_null(u->token_hash);
	e->u.actor.n_wg_codes = 0; /* until the copies exist, for entry_free */
	e->wgs = cnap_calloc(u->actor.n_wg_codes + 1, sizeof(*e->wgs));
	bool ok = e->wgs && (e->u.actor.login || !u->actor.login) &&
		  (e->u.actor.association_code || !u->actor.association_code) && (e->u.name || !u->name) &&
		  (e->u.csrf || !u->csrf) && (e->u.token_hash || !u->token_hash);
	for (size_t i = 0; ok && i < u->actor.n_wg_codes; i++) {
		e->wgs[i] = cnap_strdup(u->actor.wg_codes[i]);
		e->u.actor.n_wg_codes = i + 1;
		ok = e->wgs[i] != NULL;
	}
	e->u.actor.wg_codes = (const char *const *)e->wgs;
	if (!ok) {
		entry_free(e);
		return;
	}
	insert(e);
}

const char *web_page_key(struct web_req *req)
{
	const char *who = req->user->token_hash ? req->user->token_hash : req->user->actor.login;
	struct cnap_buf b;
	/* Pages depend on the date too (overdue marks): a new day in Japan (UTC+9) is a new key. */
	long day = (long)((web_now() + 9 * 3600) / 86400);
	cnap_buf_init(&b, 16 * 1024);
	cnap_buf_addf(&b, "%s%s\n%ld\n%s%s", req->user->by_token ? "token:" : "", who, day, req->api ? "/api" : "",
		      req->path);
	for (size_t i = 0; i < req->query.n; i++)
		cnap_buf_addf(&b, "%c%s=%s", i ? '&' : '?', req->query.v[i].key, req->query.v[i].val);
	const char *key = b.status ? NULL : cnap_arena_strdup(req->arena, b.data);
	cnap_buf_release(&b);
	return key;
}

bool web_page_cache_get(const char *key, struct web_resp *resp)
{
	struct entry *stale;
	pthread_mutex_lock(&lock);
	struct entry *e = find(K_PAGE, key, &stale);
	if (e) {
		atomic_fetch_add(&e->body->refs, 1);
		resp->shared_body = e->body->data;
		resp->shared_len = e->body->len;
		resp->shared_release = body_release;
		resp->shared_ctx = e->body;
		resp->raw_body = true;
		resp->status = 200;
		resp->content_type = e->body->content_type;
		resp->disposition = e->body->disposition;
		resp->csp = e->body->csp;
		resp->framable = e->framable;
	}
	pthread_mutex_unlock(&lock);
	entry_free(stale);
	return e != NULL;
}

void web_page_cache_put(const char *key, const struct web_resp *resp, unsigned long gen)
{
	size_t payload = sizeof(struct shared_body) + resp->body.len + 1 + len_or_0(resp->content_type) +
			 len_or_0(resp->disposition) + len_or_0(resp->csp);
	if (!gen || payload > atomic_load(&budget) / MAX_ENTRY_SHARE) /* not even copied */
		return;
	struct entry *e = entry_new(K_PAGE, key, gen, payload);
	if (!e)
		return;
	e->body = body_new(resp->body.data, resp->body.len, resp->content_type, resp->disposition, resp->csp);
	e->framable = resp->framable;
	if (!e->body) {
		entry_free(e);
		return;
	}
	insert(e);
}

const char *web_fragment_get(const char *key, struct cnap_arena *a)
{
	struct entry *stale;
	struct shared_body *b = NULL;
	pthread_mutex_lock(&lock);
	struct entry *e = find(K_FRAGMENT, key, &stale);
	if (e) {
		b = e->body;
		atomic_fetch_add(&b->refs, 1);
	}
	pthread_mutex_unlock(&lock);
	entry_free(stale);
	if (!b)
		return NULL;
	/* Copied outside the lock: survey fragments run to hundreds of kilobytes. */
	const char *v = cnap_arena_strdup(a, b->data);
	body_release(b);
	return v;
}

void web_fragment_put(const char *key, const char *value, unsigned long gen)
{
	size_t len = strlen(value);
	struct entry *e = entry_new(K_FRAGMENT, key, gen, sizeof(struct shared_body) + len + 1);
	if (!e)
		return;
	if (!(e->body = body_new(value, len, NULL, NULL, NULL))) {
		entry_free(e);
		return;
	}
	insert(e);
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	while (oldest) {
		struct entry *e = oldest;
		remove_at(slot_of(e->kind, e->key, e->hash));
		entry_free(e);
	}
	free(buckets);
	buckets = NULL;
	n_buckets = 0;
	pthread_mutex_unlock(&lock);
}
