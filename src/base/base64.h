/*
 * Base64 (RFC 4648, the standard alphabet with '=' padding): how a cycle
 * file carries a binary file (a version's PDF). The decoder is strict —
 * no spaces, line breaks or other characters, padding exactly where due —
 * so a file's text and its bytes go round one to one.
 */
#ifndef CNAP_BASE64_H
#define CNAP_BASE64_H

#include "base/buf.h"

/* The base64 of data[0..len) appended to out (its status says whether it fit). */
enum cnap_err cnap_base64_encode(const void *data, size_t len, struct cnap_buf *out);

/*
 * Decode text[0..len) into out (at least cnap_base64_max_decoded(len)
 * bytes), *n the bytes written. false for anything that is not canonical
 * base64.
 */
bool cnap_base64_decode(const char *text, size_t len, unsigned char *out, size_t *n);
static inline size_t cnap_base64_max_decoded(size_t len)
{
	return len / 4 * 3 + 3;
}

#endif
