/*
 * Inside calc/text_diff.c: the search (text_diff_search.c) and the clean-up
 * (text_diff_clean.c). Positions are code point indices; memory is the
 * heap's (cnap_malloc), owned by whoever allocated the struct.
 */
#ifndef CNAP_CALC_TEXT_DIFF_INT_H
#define CNAP_CALC_TEXT_DIFF_INT_H

#include "base/compat.h"
#include "calc/text_diff.h"

/* A stretch of a[] equal to one of b[]. */
struct td_match {
	size_t a, b, len;
};

struct td_matches {
	struct td_match *v;
	size_t n, cap;
	bool oom;
};
void td_matches_add(struct td_matches *m, size_t a, size_t b, size_t len);

/*
 * One search over a[] and b[] (comparison keys): Myers' bisection with the
 * work counter. vf/vb are scratch of vlen entries, enough for the largest
 * range searched: td_search_init sizes them for ranges whose lengths add
 * up to span at most.
 */
struct td_search {
	const uint32_t *a, *b;
	int32_t *vf, *vb;
	size_t vlen;
	uint64_t budget, work;
	struct td_matches *out;
};
bool td_search_init(struct td_search *s, const uint32_t *a, const uint32_t *b, size_t span, struct td_matches *out);
void td_search_release(struct td_search *s);
/*
 * Appends to s->out the equal stretches of a minimal edit script of
 * a[a0..a1) → b[b0..b1), in order. false when the budget ran out (s->out
 * then holds a partial list: cut it back) or memory did (s->out->oom).
 */
bool td_search_range(struct td_search *s, size_t a0, size_t a1, size_t b0, size_t b1);

/*
 * The sentence-level comparison of a[0..na) and b[0..nb) (keys; ends of
 * sentences found on the keys): equal sentences into out, in order, with
 * the sentences of one text only set aside before the search. false when
 * even that ran out of budget or memory (out->oom).
 */
bool td_sentences(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint64_t budget, uint64_t *work,
		  struct td_matches *out);

/*
 * The script as the clean-up sees it: eq, edit, eq, edit, …, eq (always an
 * odd count, equal stretches at both ends possibly empty, none empty
 * inside). An edit deletes d characters of A and inserts i of B.
 */
struct td_seg {
	size_t d, i; /* equal stretch: d == i, its length */
	bool keep;   /* an equal stretch with a line break or a whole sentence in it (td_clean_absorb) */
};
struct td_script {
	struct td_seg *v;
	size_t n, cap;
};

/* The texts the clean-up looks at: keys decide what is equal, chars what a boundary is. */
struct td_texts {
	const uint32_t *ka, *kb; /* comparison keys */
	const uint32_t *ca, *cb; /* the characters */
	size_t na, nb;
};

/* From the equal stretches (in order, not overlapping). false on memory. */
bool td_script_from_matches(struct td_script *s, const struct td_matches *m, size_t na, size_t nb);
/*
 * The steps of the clean-up (calc/text_diff.h). The edits are slid first,
 * so that an equal stretch that is a whole line shows it (and is kept),
 * then the small equal stretches absorbed, numbers taken whole, and the
 * edits slid again.
 */
void td_clean_absorb(struct td_script *s, const struct td_texts *t, size_t absorb_chars);
void td_clean_numbers(struct td_script *s, const struct td_texts *t);
void td_clean_slide(struct td_script *s, const struct td_texts *t);

#endif
