#include "base/compat.h"
#include "base/alloc.h"

#ifdef CNAP_TEST_HOOKS
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

/* Atomics: the server allocates from several threads, and a test must get exactly one failure at N. */
struct series {
	atomic_ulong count;
	atomic_ulong fail_at;
	atomic_bool repeat;
};

static struct series series[CNAP_ALLOC_KINDS];
static const char *const series_names[CNAP_ALLOC_KINDS] = { "own", "sqlite" };
static atomic_bool failed;
static const char *fail_log;

void cnap_alloc_fail_at(enum cnap_alloc_kind k, unsigned long n, bool repeat)
{
	atomic_store(&series[k].count, 0);
	atomic_store(&failed, false);
	atomic_store(&series[k].repeat, repeat);
	atomic_store(&series[k].fail_at, n);
}

unsigned long cnap_alloc_count(enum cnap_alloc_kind k)
{
	return atomic_load(&series[k].count);
}

bool cnap_alloc_failed(void)
{
	return atomic_load(&failed);
}

/* No stdio here: the log is written while memory is short, maybe from inside a library's malloc. */
static void log_line(const char *what, enum cnap_alloc_kind k, unsigned long n)
{
	if (!fail_log)
		return;
	char line[48];
	int len = snprintf(line, sizeof(line), "%s %s %lu\n", what, series_names[k], n);
	int fd = open(fail_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)len) < 0) {
		/* nothing to do: the test then finds no line and reports it */
	}
	close(fd);
}

bool cnap_alloc_inject_kind(enum cnap_alloc_kind k)
{
	struct series *s = &series[k];
	unsigned long at = atomic_load(&s->fail_at);
	unsigned long n = atomic_fetch_add(&s->count, 1) + 1;
	if (!at || n < at || (n > at && !atomic_load(&s->repeat)))
		return false;
	if (n == at)
		log_line("failed", k, n);
	atomic_store(&failed, true);
	return true;
}

/* The totals of a run without failures tell a test how far its loop has to go. */
__attribute__((destructor)) static void log_counts(void)
{
	for (int k = 0; k < CNAP_ALLOC_KINDS; k++)
		log_line("count", (enum cnap_alloc_kind)k, atomic_load(&series[k].count));
}

static void read_setting(enum cnap_alloc_kind k, const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return;
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	cnap_alloc_fail_at(k, n, *end == '+');
}

/* Before main, so the first allocation of a command is already counted. */
__attribute__((constructor)) static void read_environment(void)
{
	fail_log = getenv("CNAP_FAIL_ALLOC_LOG");
	read_setting(CNAP_ALLOC_OWN, "CNAP_FAIL_ALLOC");
	read_setting(CNAP_ALLOC_SQLITE, "CNAP_FAIL_ALLOC_SQLITE");
}

void *cnap_malloc(size_t n)
{
	return cnap_alloc_inject() ? NULL : (malloc)(n);
}

void *cnap_calloc(size_t n, size_t size)
{
	return cnap_alloc_inject() ? NULL : (calloc)(n, size);
}

void *cnap_realloc(void *p, size_t n)
{
	return cnap_alloc_inject() ? NULL : (realloc)(p, n);
}

char *cnap_strdup(const char *s)
{
	return cnap_alloc_inject() ? NULL : (strdup)(s);
}
#endif
