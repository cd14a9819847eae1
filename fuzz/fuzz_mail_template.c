/*
 * libFuzzer target: a mail template as the secretariat types it into the
 * editor (model/mail_template.h). The input is the event (first byte, modulo
 * the number of events), then the subject up to the first NUL, then the body.
 * Properties:
 *  - a refusal is EINVAL or ETOOBIG, says where (subject or body) and has a
 *    Japanese message in valid UTF-8;
 *  - a template the check passes renders with the event's samples into valid
 *    UTF-8 with no "{{" left (the samples hold no brace, so any would be the
 *    template's), and its subject into one line;
 *  - any text at all renders (unchecked, with the samples) without a failure.
 * A failure traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "model/mail_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what, enum cnap_mail_event e, const char *subject, const char *body)
{
	fprintf(stderr, "fuzz_mail_template: %s: event %s, subject \"%s\", body \"%s\"\n", what,
		cnap_mail_event_name(e), subject, body);
	abort();
}

static const char *render(const char *tmpl, enum cnap_mail_event e, struct cnap_arena *a)
{
	struct cnap_mail_var vars[32];
	size_t n;
	const struct cnap_mail_placeholder *v = cnap_mail_event_placeholders(e, &n);
	if (n > CNAP_ARRAY_LEN(vars))
		abort();
	for (size_t i = 0; i < n; i++)
		vars[i] = (struct cnap_mail_var){ v[i].name, v[i].sample };
	const char *out = NULL;
	struct cnap_error err = { 0 };
	if (cnap_mail_template_render(tmpl, vars, n, a, &out, &err) != CNAP_OK || !out)
		return NULL;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum cnap_mail_event e = (enum cnap_mail_event)(data[0] % CNAP_MAIL_EV_COUNT);
	/* The rest as two NUL-terminated strings: what comes after a second NUL is cut off, as a C string would. */
	char *copy = cnap_malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	copy[size] = '\0';
	const char *subject = copy, *body = copy + strlen(copy) + (strlen(copy) < size - 1 ? 1 : 0);

	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_mail_template_check(e, subject, body, &err);
	if (rc != CNAP_OK) {
		if (rc != CNAP_EINVAL && rc != CNAP_ETOOBIG)
			violated("a refusal of an unexpected kind", e, subject, body);
		if (!err.message[0] || !cnap_utf8_valid(err.message, strlen(err.message), NULL))
			violated("a refusal without a proper message", e, subject, body);
		if (strcmp(err.where, "mail_template.subject") != 0 && strcmp(err.where, "mail_template.body") != 0)
			violated("a refusal that does not say where", e, subject, body);
	} else {
		const char *s = render(subject, e, &a), *b = render(body, e, &a);
		if (!s || !b)
			violated("a checked template does not render", e, subject, body);
		if (!cnap_utf8_valid(s, strlen(s), NULL) || !cnap_utf8_valid(b, strlen(b), NULL))
			violated("a checked template renders into bad UTF-8", e, subject, body);
		if (strstr(s, "{{") || strstr(b, "{{"))
			violated("a checked template leaves a placeholder behind", e, subject, body);
		if (strchr(s, '\n'))
			violated("a checked subject renders into more than one line", e, subject, body);
	}
	if (!render(subject, e, &a) || !render(body, e, &a))
		violated("a text does not render", e, subject, body);
	cnap_arena_release(&a);
	free(copy);
	return 0;
}
