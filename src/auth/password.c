#include "base/compat.h"
#include "base/testhook.h"
#include "base/utf8.h"
#include "auth/password.h"

#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

/* Interactive limits, except in a test build asked for speed: under ASan the hashing cost dominates the suite. */
static unsigned long long ops_limit(void)
{
	return cnap_testhook_fast_hash() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

static size_t mem_limit(void)
{
	return cnap_testhook_fast_hash() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

enum cnap_err cnap_password_init(struct cnap_error *err)
{
	if (sodium_init() < 0)
		return cnap_fail(err, CNAP_EIO, "", "libsodium could not be initialised");
	return CNAP_OK;
}

enum cnap_err cnap_password_rules(const char *password, struct cnap_error *err)
{
	size_t len = strlen(password);
	if (len > CNAP_PASSWORD_MAX_BYTES)
		return cnap_fail(err, CNAP_ETOOBIG, "password", "password is longer than %d bytes",
				 CNAP_PASSWORD_MAX_BYTES);
	if (!cnap_utf8_valid(password, len, NULL))
		return cnap_fail(err, CNAP_EINVAL, "password", "password is not valid UTF-8");
	if (cnap_utf8_count(password, len) < CNAP_PASSWORD_MIN_CHARS)
		return cnap_fail(err, CNAP_EINVAL, "password", "password must have at least %d characters",
				 CNAP_PASSWORD_MIN_CHARS);
	return CNAP_OK;
}

enum cnap_err cnap_password_hash(const char *password, char out[CNAP_PASSWORD_HASH_MAX], struct cnap_error *err)
{
	size_t len = strlen(password);
	enum cnap_err rc = cnap_password_rules(password, err);
	if (rc)
		return rc;
	if (cnap_password_init(err))
		return CNAP_EIO;
	if (crypto_pwhash_str(out, password, len, ops_limit(), mem_limit()) != 0)
		return cnap_fail(err, CNAP_ENOMEM, "password", "password hashing ran out of memory");
	return CNAP_OK;
}

static atomic_ulong verifications;

unsigned long cnap_password_verifications(void)
{
	return atomic_load(&verifications);
}

bool cnap_password_verify(const char *hash, const char *password)
{
	if (!hash || !password || sodium_init() < 0)
		return false;
	atomic_fetch_add(&verifications, 1);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
