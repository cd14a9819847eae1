/* Random valid docs for the round-trip property tests (deterministic: a seeded xorshift). */
#ifndef CNAP_TEST_DOC_GEN_H
#define CNAP_TEST_DOC_GEN_H

#include "model/doc.h"

#include <stdint.h>

struct doc_gen {
	uint64_t state;
	struct cnap_arena *a;
};

void doc_gen_init(struct doc_gen *g, uint64_t seed, struct cnap_arena *a);
/* A doc that passes cnap_doc_check, built of the pieces the typed form treats specially. */
void doc_gen_doc(struct doc_gen *g, struct cnap_doc *out);

#endif
