/*
 * libFuzzer target: the character-level comparison of two texts
 * (calc/text_diff.h). The input is a flags byte, then A, a NUL byte, then
 * B. Flags choose width folding, the raw script, and a budget so small that
 * the sentence level and its fallbacks are taken too. Properties: text that
 * is not UTF-8 is refused as such and anything else is compared; the
 * operations cover both texts in order, start on character boundaries,
 * alternate in kind, and turn A into B (EQUAL ranges hold the same bytes
 * unless width was folded, so keeping them and the INSERTs gives B); the same input gives the same operations. A
 * failure traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "calc/text_diff.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what, size_t i)
{
	fprintf(stderr, "fuzz_text_diff: %s (op %zu)\n", what, i);
	abort();
}

static bool starts_char(const char *s, size_t n, size_t off)
{
	return off >= n || ((unsigned char)s[off] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	const char *in = (const char *)data + 1;
	size_t n = size - 1;
	const char *nul = memchr(in, 0, n);
	const char *A = in, *B = nul ? nul + 1 : in + n;
	size_t na = nul ? (size_t)(nul - in) : n, nb = nul ? n - na - 1 : 0;
	struct cnap_diff_options o = {
		.fold_width = flags & 1,
		.raw = flags & 2,
		.budget = (flags & 4) ? 1 + (flags >> 3) * 7 : 0,
	};
	struct cnap_arena ar;
	cnap_arena_init(&ar);
	struct cnap_text_diff d, again;
	struct cnap_error err;
	enum cnap_err rc = cnap_text_diff(&ar, A, na, B, nb, &o, &d, &err);
	bool valid = cnap_utf8_valid(A, na, NULL) && cnap_utf8_valid(B, nb, NULL);
	if (rc == CNAP_ENOMEM) {
		cnap_arena_release(&ar);
		return 0;
	}
	if (!valid) {
		if (rc != CNAP_EINVAL || !err.message[0])
			violated("text that is not UTF-8 was not refused as such", 0);
		cnap_arena_release(&ar);
		return 0;
	}
	if (rc != CNAP_OK)
		violated("valid text was refused", 0);
	size_t pa = 0, pb = 0;
	for (size_t i = 0; i < d.n_ops; i++) {
		const struct cnap_diff_op *op = &d.ops[i];
		if (op->a_off != pa || op->b_off != pb)
			violated("an op does not start where the one before ended", i);
		if (i && op->kind == d.ops[i - 1].kind)
			violated("two ops of one kind in a row", i);
		if (!starts_char(A, na, op->a_off) || !starts_char(B, nb, op->b_off) ||
		    !starts_char(A, na, op->a_off + op->a_len) || !starts_char(B, nb, op->b_off + op->b_len))
			violated("a range cuts a character", i);
		switch (op->kind) {
		case CNAP_DIFF_EQUAL:
			if (!op->a_len || !op->b_len ||
			    (!o.fold_width && (op->a_len != op->b_len || memcmp(A + pa, B + pb, op->a_len) != 0)))
				violated("an EQUAL over different text", i);
			break;
		case CNAP_DIFF_DELETE:
			if (!op->a_len || op->b_len)
				violated("a DELETE with B bytes or none of A", i);
			break;
		case CNAP_DIFF_INSERT:
			if (!op->b_len || op->a_len)
				violated("an INSERT with A bytes or none of B", i);
			break;
		}
		pa += op->a_len;
		pb += op->b_len;
	}
	if (pa != na || pb != nb)
		violated("the ops do not cover both texts", d.n_ops);
	if (cnap_text_diff(&ar, A, na, B, nb, &o, &again, &err) != CNAP_OK || again.n_ops != d.n_ops ||
	    (d.n_ops && memcmp(again.ops, d.ops, d.n_ops * sizeof *d.ops) != 0))
		violated("the same input gave other operations", 0);
	cnap_arena_release(&ar);
	return 0;
}
