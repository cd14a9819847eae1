/*
 * Secret tokens (session cookies, API tokens): 32 random bytes in URL-safe
 * base64 (43 characters). The store keeps only their BLAKE2b hash in hex.
 */
#ifndef CNAP_AUTH_TOKEN_H
#define CNAP_AUTH_TOKEN_H

#include <stdbool.h>

#define CNAP_TOKEN_CHARS 43

void cnap_token_new(char out[48]);
void cnap_token_hash(const char *token, char out[65]);
/* The shape of a token we issue: anything else is not looked up at all. */
bool cnap_token_well_formed(const char *t);

#endif
