/* The properties every doc read from outside keeps (fuzz_doc_json.c, fuzz_doc_text.c); abort() on a broken one. */
#ifndef CNAP_FUZZ_DOC_PROPS_H
#define CNAP_FUZZ_DOC_PROPS_H

#include "model/doc.h"

/*
 * doc passes cnap_doc_check; its typed form and its JSON both read back to
 * an equal doc, the JSON to the same bytes and the typed form to the same
 * text; its plain text is valid UTF-8.
 */
void doc_props_check(const struct cnap_doc *doc, const char *target);

#endif
