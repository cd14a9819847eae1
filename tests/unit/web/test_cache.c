/* The page cache (web/cache.h): entries live exactly as long as the change counter they were read under,
 * a slow request cannot put back an older page, and the byte budget holds. */
#include "base/compat.h"
#include "store/store.h"
#include "web/app.h"
#include "web/cache.h"
#include "test_util.h"

#include <string.h>
#include <unistd.h>

static char db_path[64];

static int setup(void **state)
{
	snprintf(db_path, sizeof(db_path), "/tmp/cnap-test-cache-%ld.db", (long)getpid());
	unlink(db_path);
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	if (cnap_store_open(db_path, CNAP_STORE_CREATE, &s, &err))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	web_cache_clear();
	web_cache_set_budget(0);
	cnap_store_close(*state);
	char p[80];
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static void put(const char *key, const char *body, size_t len, unsigned long gen)
{
	struct web_resp resp;
	web_resp_init(&resp);
	resp.status = 200;
	resp.content_type = "text/html; charset=utf-8";
	cnap_buf_add(&resp.body, body, len);
	web_page_cache_put(key, &resp, gen);
	cnap_buf_release(&resp.body);
}

/* The cached body for key, or NULL; copied into out. */
static const char *get(const char *key, char *out, size_t cap)
{
	struct web_resp resp;
	web_resp_init(&resp);
	if (!web_page_cache_get(key, &resp))
		return NULL;
	assert_string_equal(resp.content_type, "text/html; charset=utf-8");
	snprintf(out, cap, "%.*s", (int)resp.shared_len, resp.shared_body);
	resp.shared_release(resp.shared_ctx);
	cnap_buf_release(&resp.body);
	return out;
}

static void write_something(struct cnap_store *s, int year)
{
	struct cnap_error err = { 0 };
	struct cnap_cycle c = { .year = year, .actual_fiscal_year = year - 1 };
	assert_int_equal(cnap_store_cycle_add(s, &c, &err), CNAP_OK);
}

static void test_counter_ends_entries(void **state)
{
	struct cnap_store *s = *state;
	char buf[64];
	unsigned long g1 = web_gen_sync(s);
	assert_true(g1 != 0);
	put("k", "v1", 2, g1);
	assert_non_null(get("k", buf, sizeof(buf)));
	assert_string_equal(buf, "v1");
	assert_true(web_gen_sync(s) == g1); /* nothing written: still a hit */
	assert_non_null(get("k", buf, sizeof(buf)));

	write_something(s, 2030);
	unsigned long g2 = web_gen_sync(s);
	assert_true(g2 > g1);
	assert_null(get("k", buf, sizeof(buf)));
	put("k", "v2", 2, g2);
	/* A request that began before the write finishes late: its page must not replace the newer one. */
	put("k", "v1", 2, g1);
	assert_non_null(get("k", buf, sizeof(buf)));
	assert_string_equal(buf, "v2");
	/* Nor may an entry read under an unknown counter be used. */
	put("u", "x", 1, 0);
	assert_null(get("u", buf, sizeof(buf)));
}

static void test_budget(void **state)
{
	struct cnap_store *s = *state;
	char buf[64];
	static char body[300 * 1024];
	memset(body, 'x', sizeof(body));
	size_t budget = 1024 * 1024;
	web_cache_set_budget(budget);
	unsigned long g = web_gen_sync(s);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "page%d", i);
		put(key, body, 50 * 1024, g);
		assert_true(web_cache_bytes() <= budget);
	}
	assert_true(web_cache_bytes() > budget / 2);
	assert_null(get("page0", buf, sizeof(buf)));       /* the oldest went */
	assert_non_null(get("page99", buf, sizeof(buf))); /* the newest stayed */
	/* More than an eighth of the budget (a big download) is not kept at all. */
	put("big", body, sizeof(body), g);
	assert_null(get("big", buf, sizeof(buf)));
	assert_non_null(get("page99", buf, sizeof(buf)));
	web_cache_clear();
	assert_i64_eq(web_cache_bytes(), 0);
}

static void test_fragments_and_users(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	unsigned long g = web_gen_sync(s);
	web_fragment_put("survey:x", "<table></table>", g);
	assert_string_equal(web_fragment_get("survey:x", &a), "<table></table>");
	const char *wgs[] = { "w1", "w2" };
	struct web_user u = { .actor = { .login = "morioka", .role = CNAP_ROLE_REVIEWER, .wg_codes = wgs, .n_wg_codes = 2 },
			      .name = "森岡", .csrf = "c", .token_hash = "h" };
	web_user_cache_put("h", &u, g, 1000);
	struct web_user got;
	assert_true(web_user_cache_get("h", 999, &a, &got));
	assert_string_equal(got.actor.wg_codes[1], "w2");
	assert_false(web_user_cache_get("h", 1000, &a, &got)); /* past its time */
	write_something(s, 2031);
	web_gen_sync(s);
	assert_null(web_fragment_get("survey:x", &a));
	assert_false(web_user_cache_get("h", 999, &a, &got));
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counter_ends_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragments_and_users, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
