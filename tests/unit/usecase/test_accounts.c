/*
 * Logging in, as the use case answers it: an unknown login, a wrong
 * password and a locked account give the same outcome, and each one runs
 * exactly one password verification, so neither the answer nor its time
 * tells which logins exist. The count, not a clock, is what is asserted.
 */
#include "base/compat.h"
#include "auth/password.h"
#include "usecase/accounts.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWORD "correct horse battery"
#define NOW ((time_t)1696150800) /* 2023-10-01T09:00:00Z */

static char path[64];

static void remove_db(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(suffixes); i++) {
		char p[80];
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static int setup(void **state)
{
	setenv("CNAP_FAST_HASH", "1", 1);
	snprintf(path, sizeof(path), "/tmp/cnap-test-accounts-%ld.db", (long)getpid());
	remove_db();
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	char hash[CNAP_PASSWORD_HASH_MAX];
	struct cnap_user u = { .login = "sato", .name = "佐藤", .role = CNAP_ROLE_SECRETARIAT };
	if (cnap_password_init(&err) || cnap_password_hash(PASSWORD, hash, &err) ||
	    cnap_store_open(path, CNAP_STORE_CREATE, &s, &err) || cnap_store_user_add(s, 0, &u, hash, &err))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	cnap_store_close(*state);
	remove_db();
	return 0;
}

/* One login; asserts it verified exactly one password and returns the outcome. */
static enum cnap_login_outcome login(struct cnap_store *s, const char *who, const char *password)
{
	char token[48];
	enum cnap_login_outcome outcome;
	struct cnap_error err = { 0 };
	unsigned long before = cnap_password_verifications();
	enum cnap_err rc = cnap_uc_login(s, who, password, NOW, &outcome, token, &err);
	if (rc)
		fail_msg("login %s: %s %s", who, err.where, err.message);
	assert_i64_eq(cnap_password_verifications() - before, 1);
	return outcome;
}

static void test_locked_and_unknown_answer_alike(void **state)
{
	struct cnap_store *s = *state;
	assert_i64_eq(login(s, "nobody", PASSWORD), CNAP_LOGIN_FAILED);
	for (int i = 0; i < CNAP_LOCKOUT_FAILURES; i++)
		assert_i64_eq(login(s, "sato", "wrong password"), CNAP_LOGIN_FAILED);
	/* Locked now: a wrong guess, and even the right password, look like a login that does not exist. */
	assert_i64_eq(login(s, "sato", "wrong password"), CNAP_LOGIN_FAILED);
	assert_i64_eq(login(s, "sato", PASSWORD), CNAP_LOGIN_FAILED);
	assert_i64_eq(login(s, "nobody", PASSWORD), CNAP_LOGIN_FAILED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locked_and_unknown_answer_alike),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
