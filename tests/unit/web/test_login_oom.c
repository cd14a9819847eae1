/*
 * The web login (POST /login through web_dispatch and web_finalize, as
 * http.c runs it, without MHD) with allocation N failed, for every N of both
 * series (base/alloc.h), as tests/cli/t0008-oom.sh does for the CLI. A run
 * either answers as without failures, or answers 5xx with the database
 * either untouched (no session, no audit record, no failure count) or, when
 * memory ran out after the commit (rendering the page), exactly as after a
 * run without failures: never half of it. Leaks show at exit (LSan).
 */
#include "base/compat.h"
#include "auth/password.h"
#include "web/app.h"
#include "test_util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWORD "correct horse battery"
#define PRE "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG" /* a well-formed pre-session token */

static char pristine[64], work[64];

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(suffixes); i++) {
		char p[80];
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_true(fwrite(buf, 1, n, out) == n);
	fclose(in);
	assert_true(fclose(out) == 0);
}

/*
 * Every row of every table but the session tokens, which are random: what a failed login must not change.
 * The search index is left out (its virtual table needs cnap's tokenizer, and its shadow tables are derived
 * from search_docs, which is compared).
 */
static char *content(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	sqlite3_stmt *tables;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
							"AND name NOT LIKE 'search_index%' ORDER BY name",
					    -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char sql[200];
		if (strcmp(t, "sessions") == 0)
			snprintf(sql, sizeof(sql), "SELECT count(*), max(created_at), max(expires_at) FROM sessions");
		else
			snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", t);
		sqlite3_stmt *rows;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		cnap_buf_addf(&b, "[%s]\n", t);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				const char *v = (const char *)sqlite3_column_text(rows, c);
				cnap_buf_addf(&b, "%s|", v ? v : "NULL");
			}
			cnap_buf_addc(&b, '\n');
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	char *s = cnap_buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

static int setup(void **state)
{
	(void)state;
	setenv("CNAP_FAST_HASH", "1", 1);
	setenv("CNAP_FIXED_NOW", "2023-10-01T09:00:00Z", 1);
	snprintf(pristine, sizeof(pristine), "/tmp/cnap-test-login-%ld.db", (long)getpid());
	snprintf(work, sizeof(work), "/tmp/cnap-test-login-%ld-w.db", (long)getpid());
	remove_db(pristine);
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_user u = { .login = "sato", .name = "佐藤", .role = CNAP_ROLE_SECRETARIAT };
	if (cnap_password_init(&err) || cnap_password_hash(PASSWORD, hash, &err) ||
	    cnap_store_open(pristine, CNAP_STORE_CREATE, &s, &err))
		return -1;
	enum cnap_err rc = cnap_store_user_add(s, 0, &u, hash, &err);
	cnap_store_close(s);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_db(pristine);
	remove_db(work);
	return 0;
}

/* One POST /login on a fresh copy of the database, allocation n of series k failed; returns the status. */
static int login(const char *password, enum cnap_alloc_kind k, unsigned long n, bool *hit)
{
	remove_db(work);
	copy_file(pristine, work);
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_store_open(work, 0, &s, &err), CNAP_OK);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct web_config cfg = { .db_path = work };
	struct web_req req = { .method = WM_POST, .path = "/login", .store = s, .arena = &a, .cfg = &cfg,
			       .content_type = "application/x-www-form-urlencoded" };
	struct cnap_buf body;
	cnap_buf_init(&body, 0);
	const char *csrf = web_csrf_for(&a, PRE);
	assert_non_null(csrf);
	cnap_buf_addf(&body, "login=sato&password=%s&_csrf=%s", password, csrf);
	assert_int_equal(body.status, CNAP_OK);
	for (char *p = body.data; *p; p++)
		if (*p == ' ')
			*p = '+';
	req.body = body.data;
	req.body_len = body.len;
	assert_int_equal(web_kv_add(&a, &req.cookies, "cnap_pre", 8, PRE, strlen(PRE)), CNAP_OK);
	struct web_resp resp;
	web_resp_init(&resp);
	cnap_alloc_fail_at(k, n, false);
	web_dispatch(&req, &resp);
	web_finalize(&req, &resp);
	*hit = cnap_alloc_failed();
	cnap_alloc_fail_at(k, 0, false);
	cnap_buf_release(&resp.body);
	cnap_buf_release(&body);
	cnap_arena_release(&a);
	cnap_store_close(s);
	return resp.status;
}

static void loop(const char *password, int want)
{
	bool hit;
	char *before = content(pristine);
	assert_int_equal(login(password, CNAP_ALLOC_OWN, 0, &hit), want);
	char *after = content(work);
	for (int k = 0; k < CNAP_ALLOC_KINDS; k++) {
		unsigned long n = 1, clean = 0;
		for (;; n++) {
			int status = login(password, (enum cnap_alloc_kind)k, n, &hit);
			if (!hit) {
				if (status != want)
					fail_msg("series %d: no failure at %lu, yet status %d", k, n, status);
				break;
			}
			char *now = content(work);
			if (status == want) {
				if (strcmp(now, after) != 0)
					fail_msg("series %d, allocation %lu failed: status %d but the database differs from "
						 "a login without failures",
						 k, n, status);
			} else if (status < 500) {
				fail_msg("series %d, allocation %lu failed: status %d, not 5xx", k, n, status);
			} else if (strcmp(now, before) != 0 && strcmp(now, after) != 0) {
				fail_msg("series %d, allocation %lu failed: status %d but the database was half written", k,
					 n, status);
			} else {
				clean++;
			}
			free(now);
		}
		print_message("# series %d: %lu allocations, %lu clean failures\n", k, n - 1, clean);
	}
	free(before);
	free(after);
}

static void test_login_succeeds_or_writes_nothing(void **state)
{
	(void)state;
	loop(PASSWORD, 303);
}

static void test_failed_login_counts_or_writes_nothing(void **state)
{
	(void)state;
	loop("wrong+password", 401);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_succeeds_or_writes_nothing),
		cmocka_unit_test(test_failed_login_counts_or_writes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
