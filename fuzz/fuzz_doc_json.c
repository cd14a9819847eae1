/*
 * libFuzzer target: an item's text as JSON (io/doc_json.h). Whatever is
 * accepted keeps the properties of doc_props.h: it passes the checks, and
 * both writers give forms that read back to an equal doc.
 */
#include "base/compat.h"
#include "doc_props.h"
#include "io/doc_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (cnap_doc_json_parse((const char *)data, size, "$", &a, &d, &err) == CNAP_OK)
		doc_props_check(&d, "fuzz_doc_json");
	cnap_arena_release(&a);
	return 0;
}
