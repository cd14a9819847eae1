/*
 * The side-by-side rows of a text comparison (calc/survey_diff.h): the
 * operations cut where both texts end a line together, so an unchanged
 * paragraph faces itself and a changed stretch faces what replaced it.
 */
#include "base/compat.h"
#include "calc/survey_diff.h"

#include <string.h>

struct pieces {
	struct cnap_diff_piece *v;
	size_t n, cap;
};

struct row_start {
	size_t left, right;
	bool changed;
};

struct builder {
	struct cnap_arena *a;
	struct pieces left, right;
	struct row_start *rows;
	size_t n_rows, cap_rows;
	struct row_start cur;
	bool oom;
};

static void add_piece(struct builder *b, struct pieces *p, enum cnap_diff_kind kind, size_t off, size_t len)
{
	struct cnap_diff_piece *v = cnap_arena_grow(b->a, p->v, p->n, &p->cap, sizeof *v);
	if (!v) {
		b->oom = true;
		return;
	}
	p->v = v;
	p->v[p->n++] = (struct cnap_diff_piece){kind, off, len};
	if (kind != CNAP_DIFF_EQUAL)
		b->cur.changed = true;
}

static void close_row(struct builder *b)
{
	if (b->left.n == b->cur.left && b->right.n == b->cur.right)
		return;
	struct row_start *v = cnap_arena_grow(b->a, b->rows, b->n_rows, &b->cap_rows, sizeof *v);
	if (!v) {
		b->oom = true;
		return;
	}
	b->rows = v;
	b->rows[b->n_rows++] = b->cur;
	b->cur = (struct row_start){b->left.n, b->right.n, false};
}

/* Whether a side of the current row is empty or ends a line. */
static bool at_line_end(const struct pieces *p, size_t start, const char *A, const char *B)
{
	if (p->n == start)
		return true;
	const struct cnap_diff_piece *last = &p->v[p->n - 1];
	const char *t = last->kind == CNAP_DIFF_INSERT ? B : A;
	return last->len && t[last->off + last->len - 1] == '\n';
}

enum cnap_err cnap_text_diff_rows(struct cnap_arena *a, const struct cnap_text_diff *d, const char *A, const char *B,
				  struct cnap_diff_row **rows, size_t *n_rows, struct cnap_error *err)
{
	struct builder b = {.a = a};
	for (size_t i = 0; i < d->n_ops && !b.oom; i++) {
		const struct cnap_diff_op *op = &d->ops[i];
		switch (op->kind) {
		case CNAP_DIFF_DELETE:
			add_piece(&b, &b.left, CNAP_DIFF_DELETE, op->a_off, op->a_len);
			break;
		case CNAP_DIFF_INSERT:
			add_piece(&b, &b.right, CNAP_DIFF_INSERT, op->b_off, op->b_len);
			break;
		case CNAP_DIFF_EQUAL: {
			/* a change that ended its lines on both sides is a row of its own */
			if (b.cur.changed && at_line_end(&b.left, b.cur.left, A, B) &&
			    at_line_end(&b.right, b.cur.right, A, B))
				close_row(&b);
			/* an unchanged stretch is cut at its line breaks (the same bytes on both sides unless width was folded) */
			bool same = op->a_len == op->b_len;
			size_t s = 0;
			while (s < op->a_len && !b.oom) {
				size_t e = s;
				while (same && e < op->a_len && A[op->a_off + e] != '\n')
					e++;
				size_t seg = same ? (e < op->a_len ? e + 1 : e) - s : op->a_len;
				add_piece(&b, &b.left, CNAP_DIFF_EQUAL, op->a_off + s, seg);
				add_piece(&b, &b.right, CNAP_DIFF_EQUAL, op->b_off + (same ? s : 0), same ? seg : op->b_len);
				s += seg;
				if (same && A[op->a_off + s - 1] == '\n')
					close_row(&b);
			}
			break;
		}
		}
	}
	close_row(&b);
	if (b.oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_diff_row *out = cnap_arena_calloc(a, b.n_rows + 1, sizeof *out);
	if (!out)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t r = 0; r < b.n_rows; r++) {
		size_t le = r + 1 < b.n_rows ? b.rows[r + 1].left : b.left.n;
		size_t re = r + 1 < b.n_rows ? b.rows[r + 1].right : b.right.n;
		out[r] = (struct cnap_diff_row){
			.left = b.left.v ? b.left.v + b.rows[r].left : NULL,
			.right = b.right.v ? b.right.v + b.rows[r].right : NULL,
			.n_left = le - b.rows[r].left,
			.n_right = re - b.rows[r].right,
			.changed = b.rows[r].changed,
		};
	}
	*rows = out;
	*n_rows = b.n_rows;
	return CNAP_OK;
}
