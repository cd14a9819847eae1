/*
 * Test hooks: the environment variables that make the test suite fast and
 * deterministic by weakening a security cost or forging time. They are
 * compiled in only with meson -Dtest_hooks=true (CNAP_TEST_HOOKS, set by
 * `make check`); otherwise every function here answers "off" whatever the
 * environment holds, so a release binary cannot be talked into cheap
 * password hashes or a pinned clock. Callers ask these functions and never
 * read the variables or test CNAP_TEST_HOOKS themselves, so this file is the
 * whole list.
 *
 *   CNAP_FAST_HASH   set to anything: argon2id at libsodium's minimum cost
 *   CNAP_FIXED_NOW   YYYY-MM-DDTHH:MM:SSZ: the clock of the store and the web
 *   CNAP_PDF_LAYOUT  a file path: the 事前質問・回答一覧 PDF renderer appends a
 *                    report of what it drew where (pages, cell fragments,
 *                    item labels) there, for tests/cli/t0016-pdf-layout.sh
 */
#ifndef CNAP_BASE_TESTHOOK_H
#define CNAP_BASE_TESTHOOK_H

#include <stdbool.h>
#include <time.h>

/* Whether this binary was built with the hooks (for --version and the tests). */
bool cnap_testhook_enabled(void);

/* CNAP_FAST_HASH is set in a test build. */
bool cnap_testhook_fast_hash(void);

/*
 * CNAP_FIXED_NOW holds a well-formed UTC time in a test build: true and the
 * time in *out. A malformed value is ignored rather than half-applied, so
 * the store and the web can never disagree about the pinned time.
 */
bool cnap_testhook_fixed_now(time_t *out);

/* CNAP_PDF_LAYOUT in a test build: the path of the layout report, else NULL. */
const char *cnap_testhook_pdf_layout(void);

#endif
