#include "base/compat.h"
#include "base/utf8.h"
#include "doc_props.h"
#include "io/doc_json.h"
#include "io/doc_text.h"

#include <stdio.h>
#include <string.h>

static _Noreturn void broken(const char *target, const char *what, const char *a, const char *b)
{
	fprintf(stderr, "%s: %s\n%s\n%s\n", target, what, a ? a : "", b ? b : "");
	abort();
}

void doc_props_check(const struct cnap_doc *doc, const char *target)
{
	struct cnap_error err = { 0 };
	struct cnap_arena a;
	struct cnap_buf text, text2, json, json2, plain;
	struct cnap_doc from_text, from_json;
	if (cnap_doc_check(doc, "fuzz", &err) != CNAP_OK)
		broken(target, "accepted doc fails cnap_doc_check", err.message, NULL);
	cnap_arena_init(&a);
	cnap_buf_init(&text, 0);
	cnap_buf_init(&text2, 0);
	cnap_buf_init(&json, 0);
	cnap_buf_init(&json2, 0);
	cnap_buf_init(&plain, 0);
	if (cnap_doc_text_write(doc, &text) || cnap_doc_json_write(doc, &json) || cnap_doc_plain_text(doc, &plain))
		broken(target, "a writer failed", NULL, NULL);
	if (!cnap_utf8_valid(plain.data, plain.len, NULL))
		broken(target, "plain text is not UTF-8", plain.data, NULL);
	if (cnap_doc_text_parse(text.data, text.len, "fuzz", &a, &from_text, &err))
		broken(target, "written text refused", err.message, text.data);
	if (!cnap_doc_equal(doc, &from_text))
		broken(target, "written text reads back otherwise", text.data, json.data);
	if (cnap_doc_text_write(&from_text, &text2) || strcmp(text.data, text2.data) != 0)
		broken(target, "typed form is not a fixed point", text.data, text2.data);
	if (cnap_doc_json_parse(json.data, json.len, "$", &a, &from_json, &err))
		broken(target, "written JSON refused", err.message, json.data);
	if (!cnap_doc_equal(doc, &from_json))
		broken(target, "written JSON reads back otherwise", json.data, NULL);
	if (cnap_doc_json_write(&from_json, &json2) || strcmp(json.data, json2.data) != 0)
		broken(target, "JSON is not a fixed point", json.data, json2.data);
	cnap_buf_release(&text);
	cnap_buf_release(&text2);
	cnap_buf_release(&json);
	cnap_buf_release(&json2);
	cnap_buf_release(&plain);
	cnap_arena_release(&a);
}

void doc_props_run(doc_parse_fn parse, const uint8_t *data, size_t size, const char *target)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (parse((const char *)data, size, "II.5", &a, &d, &err) == CNAP_OK)
		doc_props_check(&d, target);
	cnap_arena_release(&a);
}
