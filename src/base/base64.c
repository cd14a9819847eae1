#include "base/compat.h"
#include "base/base64.h"

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

enum cnap_err cnap_base64_encode(const void *data, size_t len, struct cnap_buf *out)
{
	const unsigned char *p = data;
	char quad[4];
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		quad[0] = ALPHABET[(v >> 18) & 63];
		quad[1] = ALPHABET[(v >> 12) & 63];
		quad[2] = i + 1 < len ? ALPHABET[(v >> 6) & 63] : '=';
		quad[3] = i + 2 < len ? ALPHABET[v & 63] : '=';
		if (cnap_buf_add(out, quad, 4))
			return out->status;
	}
	return out->status;
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool cnap_base64_decode(const char *text, size_t len, unsigned char *out, size_t *n)
{
	*n = 0;
	if (len % 4)
		return false;
	for (size_t i = 0; i < len; i += 4) {
		bool last = i + 4 == len;
		int v[4];
		size_t pad = 0;
		for (int k = 0; k < 4; k++) {
			char c = text[i + k];
			if (c == '=' && last && k >= 2) {
				v[k] = 0;
				pad++;
				continue;
			}
			if (pad || (v[k] = value(c)) < 0)
				return false; /* a digit after padding, or not a base64 digit */
		}
		unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
		/* Canonical only: the bits the padding leaves over are zero. */
		if ((pad == 1 && (w & 0xFF)) || (pad == 2 && (w & 0xFFFF)))
			return false;
		out[(*n)++] = (unsigned char)(w >> 16);
		if (pad < 2)
			out[(*n)++] = (unsigned char)(w >> 8);
		if (pad < 1)
			out[(*n)++] = (unsigned char)w;
	}
	return true;
}
