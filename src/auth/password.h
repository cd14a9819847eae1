/* Password hashing: argon2id through libsodium. Call cnap_password_init() once before threads start. */
#ifndef CNAP_AUTH_PASSWORD_H
#define CNAP_AUTH_PASSWORD_H

#include "base/err.h"

#define CNAP_PASSWORD_MIN_CHARS 8
#define CNAP_PASSWORD_MAX_BYTES 256
#define CNAP_PASSWORD_HASH_MAX 128

enum cnap_err cnap_password_init(struct cnap_error *err);
/* The password rules alone (length, UTF-8), for a form that reports every field at once. */
enum cnap_err cnap_password_rules(const char *password, struct cnap_error *err);
/* Check the password rules, then hash into out (a PHC string, NUL-terminated). */
enum cnap_err cnap_password_hash(const char *password, char out[CNAP_PASSWORD_HASH_MAX], struct cnap_error *err);
bool cnap_password_verify(const char *hash, const char *password);
/*
 * How many verifications this process has run: the tests check that every
 * way a login can fail pays for one, since the hash is what its time shows.
 */
unsigned long cnap_password_verifications(void);

#endif
