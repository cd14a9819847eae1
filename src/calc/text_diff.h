/*
 * A character-level comparison of two UTF-8 texts (issue 12 item 5), made
 * for Japanese: there are no spaces between words, so the unit is the code
 * point, and the result is cleaned up until a changed phrase reads as one
 * deletion and one insertion rather than scattered characters.
 *
 * How (docs/calc.md, "Comparing texts"):
 *   1. The common prefix and suffix are set aside.
 *   2. Myers' O(ND) shortest edit script with the linear-space bisection,
 *      under a work budget counted in steps (never in time, so the result
 *      is the same on every machine). Two long texts that share nothing
 *      would cost O(N²); when the budget runs out the texts are compared
 *      sentence by sentence instead (sentences end at 。．！？!? or a line
 *      break; one that occurs in only one text is set aside before the
 *      search), and the changed sentences are then compared character by
 *      character again while a second budget lasts. The result says which
 *      level it reached.
 *   3. Clean-up: the deletions and insertions between two equal stretches
 *      become one deletion followed by one insertion; an equal stretch
 *      between changes that is no longer than the changes on both sides
 *      (or than absorb_chars) is absorbed into them; a change that touches
 *      a number (1,234 → 1,240) takes the whole number; a pure insertion or
 *      deletion is slid, where the text allows it without changing what it
 *      means, to start and end at a line break, 。 or 、.
 *
 * The operations cover both texts exactly and in order: the EQUAL and
 * DELETE ranges concatenated give A, the EQUAL and INSERT ranges give B.
 * Every range starts and ends on a UTF-8 character boundary. Same inputs
 * and options, same operations.
 */
#ifndef CNAP_CALC_TEXT_DIFF_H
#define CNAP_CALC_TEXT_DIFF_H

#include "base/arena.h"
#include "base/err.h"

#include <stdint.h>

/* Characters (code points) of one text the comparison takes; CNAP_ETOOBIG beyond. */
#define CNAP_TEXT_DIFF_MAX_CHARS 1000000
/* Default work budget of each search (steps of Myers' loop): about 0.13 s on this machine (3.3 ns a step). */
#define CNAP_TEXT_DIFF_DEFAULT_BUDGET 40000000u

enum cnap_diff_kind {
	CNAP_DIFF_EQUAL,
	CNAP_DIFF_DELETE, /* in A only */
	CNAP_DIFF_INSERT, /* in B only */
};

/*
 * One operation. Byte ranges: a_off/a_len into A, b_off/b_len into B. A
 * DELETE has b_len 0 and b_off where it happens in B; an INSERT a_len 0 and
 * a_off where it happens in A. An EQUAL covers the same characters in
 * both (the same bytes, a_len == b_len, unless fold_width let a full-width
 * character equal its half-width form).
 */
struct cnap_diff_op {
	enum cnap_diff_kind kind;
	size_t a_off, a_len;
	size_t b_off, b_len;
	size_t chars; /* code points of the range(s) */
};

enum cnap_diff_level {
	CNAP_DIFF_LEVEL_CHARS,     /* compared character by character throughout */
	CNAP_DIFF_LEVEL_SENTENCES, /* the budget ran out: compared sentence by sentence, changed ones refined where the second budget allowed */
};

struct cnap_diff_options {
	uint64_t budget;     /* steps of each search; 0 = CNAP_TEXT_DIFF_DEFAULT_BUDGET */
	size_t absorb_chars; /* an equal stretch of at most this many characters between changes is absorbed; 0 = 1 */
	bool fold_width;     /* full-width ASCII (Ａ１，) and U+3000 compare equal to their half-width forms */
	bool raw;            /* no clean-up at all: Myers' minimal script (for tests) */
};

struct cnap_text_diff {
	struct cnap_diff_op *ops; /* in the arena */
	size_t n_ops;
	enum cnap_diff_level level;
	size_t unrefined;        /* LEVEL_SENTENCES: changed stretches left whole (the second budget ran out) */
	size_t deleted_chars, inserted_chars, equal_chars;
	uint64_t work;           /* steps spent (for the benchmark) */
};

/*
 * Compare A[0..na) with B[0..nb). opt may be NULL (defaults). The
 * operations live in arena a; the working memory is freed before return.
 * CNAP_EINVAL for text that is not UTF-8 (where: "A" or "B" and the byte
 * offset), CNAP_ETOOBIG past CNAP_TEXT_DIFF_MAX_CHARS, CNAP_ENOMEM.
 */
enum cnap_err cnap_text_diff(struct cnap_arena *a, const char *A, size_t na, const char *B, size_t nb,
			     const struct cnap_diff_options *opt, struct cnap_text_diff *out, struct cnap_error *err);

/* Whether anything differs (an op other than EQUAL). */
bool cnap_text_diff_changed(const struct cnap_text_diff *d);

#endif
