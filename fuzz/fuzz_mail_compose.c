/*
 * libFuzzer target: cnap_mail_compose (mail/message.h). The input is split at its first two 0x00
 * bytes into subject, display name and body. Properties: no crash; on OK, every line ends in CRLF and
 * is at most 998 bytes, every header line at most 78 characters, each encoded word at most 75, and the
 * Subject decodes back (by the small RFC 2047 "B" decoder below, not by the code under test) to the
 * input; a CR or LF in the subject or name is always refused. A failure traps.
 */
#include "base/compat.h"
#include "base/base64.h"
#include "mail/message.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what)
{
	fprintf(stderr, "fuzz_mail_compose: %s\n", what);
	abort();
}

/* One "=?UTF-8?B?...?=" word appended to out, decoded; false when it is not one. */
static bool decode_word(const char *w, size_t n, struct cnap_buf *out)
{
	if (n < 12 || memcmp(w, "=?UTF-8?B?", 10) != 0 || memcmp(w + n - 2, "?=", 2) != 0)
		return false;
	unsigned char bytes[128];
	size_t k;
	if (n - 12 > 150 || !cnap_base64_decode(w + 10, n - 12, bytes, &k))
		return false;
	cnap_buf_add(out, bytes, k);
	return true;
}

/* The Subject's value unfolded and decoded: encoded words joined, or ASCII words as they stand. */
static void decode_subject(const char *msg, const char *end, struct cnap_buf *out)
{
	const char *s = strstr(msg, "\r\nSubject: ");
	if (!s || s > end)
		violated("no Subject");
	s += 11;
	bool encoded = strncmp(s, "=?UTF-8?B?", 10) == 0, first = true;
	for (;;) {
		const char *eol = strstr(s, "\r\n");
		while (s < eol) {
			const char *sp = memchr(s, ' ', (size_t)(eol - s));
			size_t n = sp ? (size_t)(sp - s) : (size_t)(eol - s);
			if (encoded) {
				if (n > CNAP_MAIL_ENCODED_WORD_MAX || !decode_word(s, n, out))
					violated("a Subject word that is not an encoded word of at most 75 characters");
			} else {
				if (!first)
					cnap_buf_addc(out, ' ');
				cnap_buf_add(out, s, n);
			}
			first = false;
			s += n + (sp ? 1 : 0);
		}
		s = eol + 2;
		if (*s != ' ')
			break;
		s++;
	}
}

static void check(const char *msg, size_t len, const char *subject)
{
	const char *end = strstr(msg, "\r\n\r\n");
	if (!end)
		violated("no blank line after the headers");
	for (size_t i = 0, start = 0; i < len; i++) {
		if (msg[i] == '\r' && (i + 1 >= len || msg[i + 1] != '\n'))
			violated("a bare CR");
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			violated("a bare LF");
		if (msg[i] == '\n') {
			size_t n = i - 1 - start;
			if (n > 998)
				violated("a line over 998 bytes");
			if (msg + start < end + 2 && n > CNAP_MAIL_HEADER_LINE_MAX)
				violated("a header line over 78 characters");
			start = i + 1;
		}
	}
	if (len < 2 || msg[len - 1] != '\n')
		violated("the message does not end with CRLF");
	struct cnap_buf got;
	cnap_buf_init(&got, 1 << 16);
	decode_subject(msg, end, &got);
	if (!got.data || strcmp(got.data, subject) != 0)
		violated("the Subject does not decode to the input");
	cnap_buf_release(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	char *in = cnap_malloc(size + 3);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = in[size + 1] = in[size + 2] = '\0';
	const char *subject = in, *name = in + strlen(in) + 1;
	if (name > in + size)
		name = in + size + 1;
	const char *body = name + strlen(name) + 1;
	if (body > in + size + 2)
		body = in + size + 2;
	struct cnap_mail_message m = {
		.from_addr = "noreply@example.jp",
		.from_name = name,
		.to_addr = "taro@example.jp",
		.to_name = name[0] ? name : NULL,
		.subject = subject,
		.body = body,
		.date = (time_t)size * 86400,
		.message_id = "cnap.outbox.1@example.jp",
	};
	struct cnap_buf out;
	cnap_buf_init(&out, 1 << 20);
	struct cnap_error err;
	enum cnap_err rc = cnap_mail_compose(&m, &out, &err);
	if (rc == CNAP_OK)
		check(out.data, out.len, subject);
	else if (!err.message[0])
		violated("an error without a message");
	if (rc == CNAP_OK && (strpbrk(subject, "\r\n") || strpbrk(name, "\r\n")))
		violated("a CR or LF in a header was accepted");
	cnap_buf_release(&out);
	free(in);
	return 0;
}
