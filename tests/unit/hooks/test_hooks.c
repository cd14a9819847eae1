/*
 * The test hooks against the code that uses them. Built twice: with the
 * hooks (EXPECT_HOOKS=1, what the other tests rely on) and with
 * base/testhook.c compiled as a release build compiles it (EXPECT_HOOKS=0),
 * linked to the real password, store and web clock code. The second must
 * hash at interactive cost and read the real clock with both variables set;
 * it fails if the variables are read anywhere but behind CNAP_TEST_HOOKS.
 */
#include "base/compat.h"
#include "auth/password.h"
#include "base/testhook.h"
#include "store/store.h"
#include "web/app.h"

#include "test_util.h"

#include <sodium.h>
#include <time.h>
#include <unistd.h>

#ifndef EXPECT_HOOKS
#error "build with -DEXPECT_HOOKS=0 or 1"
#endif

#define PINNED "2001-02-03T04:05:06Z"
#define PINNED_T ((time_t)981173106)

static int set_variables(void **state)
{
	(void)state;
	setenv("CNAP_FAST_HASH", "1", 1);
	setenv("CNAP_FIXED_NOW", PINNED, 1);
	return 0;
}

static void test_build_kind(void **state)
{
	(void)state;
	assert_int_equal(cnap_testhook_enabled(), EXPECT_HOOKS);
	assert_int_equal(cnap_testhook_fast_hash(), EXPECT_HOOKS);
}

/* The cost is read back from the PHC string, so it is the one actually used. */
static void test_password_cost(void **state)
{
	(void)state;
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_password_hash("correct horse battery", hash, &err), CNAP_OK);
	assert_true(cnap_password_verify(hash, "correct horse battery"));
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	int interactive = crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
	int minimum = crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) == 0;
	if (EXPECT_HOOKS && !minimum)
		fail_msg("CNAP_FAST_HASH ignored by a test build: %s", hash);
	if (!EXPECT_HOOKS && !interactive)
		fail_msg("a release build hashed below interactive cost: %s", hash);
}

static void assert_clock(time_t got, const char *what)
{
	time_t real = time(NULL);
	if (EXPECT_HOOKS && got != PINNED_T)
		fail_msg("%s: %lld, expected the pinned %lld", what, (long long)got, (long long)PINNED_T);
	if (!EXPECT_HOOKS && (got < real - 60 || got > real + 60))
		fail_msg("%s: %lld in a release build, the real time is %lld", what, (long long)got, (long long)real);
}

static void test_web_clock(void **state)
{
	(void)state;
	assert_clock(web_now(), "web_now");
}

static void test_store_clock(void **state)
{
	(void)state;
	char path[] = "/tmp/cnap-hooks-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct cnap_store *s = NULL;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_store_open(path, CNAP_STORE_CREATE, &s, &err), CNAP_OK);
	struct tm tm = { 0 };
	int fields = sscanf(cnap_store_now(s), "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			    &tm.tm_min, &tm.tm_sec);
	cnap_store_close(s);
	unlink(path);
	assert_int_equal(fields, 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	assert_clock(timegm(&tm), "cnap_store_now");
}

/* A half-readable pin is not applied: the store and the web would disagree about it. */
static void test_malformed_pin_ignored(void **state)
{
	(void)state;
	time_t t;
	setenv("CNAP_FIXED_NOW", "2001-02-03", 1);
	assert_false(cnap_testhook_fixed_now(&t));
	setenv("CNAP_FIXED_NOW", PINNED, 1);
	assert_int_equal(cnap_testhook_fixed_now(&t), EXPECT_HOOKS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_kind),
		cmocka_unit_test(test_password_cost),
		cmocka_unit_test(test_web_clock),
		cmocka_unit_test(test_store_clock),
		cmocka_unit_test(test_malformed_pin_ignored),
	};
	return cmocka_run_group_tests(tests, set_variables, NULL);
}
