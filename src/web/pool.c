/*
 * One database connection per MHD worker thread: SQLite connections must
 * not be shared between threads, and opening one per request would cost
 * more than the request. Each thread opens its own on first use; all are
 * remembered so the server can close them after MHD has stopped.
 */
#include "base/compat.h"
#include "web/app.h"

#include <pthread.h>

#define POOL_MAX 64

static _Thread_local struct cnap_store *thread_store;
static struct cnap_store *opened[POOL_MAX];
static size_t n_opened;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

struct cnap_store *web_pool_store(const char *db_path, struct cnap_error *err)
{
	if (thread_store)
		return thread_store;
	struct cnap_store *s;
	if (cnap_store_open(db_path, 0, &s, err))
		return NULL;
	pthread_mutex_lock(&pool_lock);
	bool room = n_opened < POOL_MAX;
	if (room)
		opened[n_opened++] = s;
	pthread_mutex_unlock(&pool_lock);
	if (!room) {
		cnap_store_close(s);
		cnap_fail(err, CNAP_EIO, "", "too many worker threads for the connection pool");
		return NULL;
	}
	return thread_store = s;
}

void web_pool_close_all(void)
{
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < n_opened; i++)
		cnap_store_close(opened[i]);
	n_opened = 0;
	pthread_mutex_unlock(&pool_lock);
	thread_store = NULL;
}
