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
	doc_props_run(cnap_doc_text_parse, data, size, "fuzz_doc_text");
	return 0;
}
