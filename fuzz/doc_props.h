/* The properties every doc read from outside keeps (fuzz_doc_json.c, fuzz_doc_text.c); abort() on a broken one. */
#ifndef CNAP_FUZZ_DOC_PROPS_H
#define CNAP_FUZZ_DOC_PROPS_H

#include "model/doc.h"

#include <stdint.h>

/*
 * doc passes cnap_doc_check; its typed form and its JSON both read back to
 * an equal doc, the JSON to the same bytes and the typed form to the same
 * text; its plain text is valid UTF-8.
 */
void doc_props_check(const struct cnap_doc *doc, const char *target);

/* Reads data with parse (cnap_doc_json_parse or cnap_doc_text_parse) and checks what it accepts. */
typedef enum cnap_err (*doc_parse_fn)(const char *, size_t, const char *, struct cnap_arena *, struct cnap_doc *,
				      struct cnap_error *);
void doc_props_run(doc_parse_fn parse, const uint8_t *data, size_t size, const char *target);

#endif
