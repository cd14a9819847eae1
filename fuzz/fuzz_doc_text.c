/*
 * libFuzzer target: an item's text as a person types it (io/doc_text.h).
 * Whatever is accepted keeps the properties of doc_props.h: it passes the
 * checks, and both writers give forms that read back to an equal doc.
 */
#include "base/compat.h"
#include "doc_props.h"
#include "io/doc_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (cnap_doc_text_parse((const char *)data, size, "II.5", &a, &d, &err) == CNAP_OK)
		doc_props_check(&d, "fuzz_doc_text");
	cnap_arena_release(&a);
	return 0;
}
