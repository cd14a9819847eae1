/*
 * libFuzzer target: the CSV reader (io/csv_read.h) and the CSV writer
 * (base/csv_write.h). Properties: an accepted file gives fields that are
 * valid UTF-8, rows whose lines go up, and no more rows, fields or bytes
 * than the limits allow; what the writer writes of it reads back as the
 * same rows on the same lines (a field the formula guard touched comes back
 * with its leading '); a refusal always says what in a message. Parsed
 * twice: with the default limits and with tight ones, so the limits are
 * reached. A failure traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what, size_t row, size_t field)
{
	fprintf(stderr, "fuzz_csv_read: %s (row %zu, field %zu)\n", what, row, field);
	abort();
}

static void check_refusal(const struct cnap_error *err)
{
	if (!err->message[0] || !cnap_utf8_valid(err->message, strlen(err->message), NULL))
		violated("a refusal without a message", 0, 0);
	if (err->code != CNAP_ETOOBIG && err->code != CNAP_ENOMEM && err->code != CNAP_EIO && !strstr(err->where, "行目"))
		violated("a refusal that does not say which line", 0, 0);
}

static void check(const struct cnap_csv *c, const struct cnap_csv_limits *lim)
{
	if (!c->encoding || c->n_rows > lim->max_rows || (c->n_rows && !c->rows))
		violated("no encoding, or too many rows", c->n_rows, 0);
	for (size_t r = 0; r < c->n_rows; r++) {
		const struct cnap_csv_row *row = &c->rows[r];
		if (row->line < 1 || (r && row->line <= c->rows[r - 1].line))
			violated("lines do not go up", r, 0);
		if (row->n_fields < 1 || row->n_fields > lim->max_fields)
			violated("field count out of limits", r, row->n_fields);
		for (size_t f = 0; f < row->n_fields; f++) {
			size_t n = strlen(row->fields[f]);
			if (n > lim->max_field_bytes || !cnap_utf8_valid(row->fields[f], n, NULL))
				violated("a field is too long or not UTF-8", r, f);
		}
	}
	if (c->n_rows) {
		const struct cnap_csv_row *last = &c->rows[c->n_rows - 1];
		if (last->n_fields == 1 && !last->fields[0][0])
			violated("a trailing blank row was kept", c->n_rows - 1, 0);
	}
}

/* Write c out and read it back: the same rows on the same lines. */
static void round_trip(const struct cnap_csv *c, struct cnap_arena *a)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_csv_write_bom(&b);
	for (size_t r = 0; r < c->n_rows; r++)
		for (size_t f = 0; f < c->rows[r].n_fields; f++)
			cnap_csv_write_field(&b, c->rows[r].fields[f], f + 1 == c->rows[r].n_fields);
	if (b.status != CNAP_OK)
		violated("the writer failed", 0, 0);
	struct cnap_csv_limits wide = { .max_bytes = b.len + 1, .max_rows = c->n_rows + 1,
					.max_fields = 1000000, .max_field_bytes = 1000000 };
	struct cnap_csv again;
	struct cnap_error err = { 0 };
	if (cnap_csv_parse(b.data, b.len, &wide, a, &again, &err) != CNAP_OK) {
		fprintf(stderr, "fuzz_csv_read: %s: %s\n", err.where, err.message);
		violated("what the writer wrote is refused", 0, 0);
	}
	if (again.n_rows != c->n_rows)
		violated("the round trip changed the row count", again.n_rows, c->n_rows);
	for (size_t r = 0; r < c->n_rows; r++) {
		const struct cnap_csv_row *x = &c->rows[r], *y = &again.rows[r];
		if (x->line != y->line || x->n_fields != y->n_fields)
			violated("the round trip moved a row or changed its fields", r, 0);
		for (size_t f = 0; f < x->n_fields; f++)
			if (strcmp(x->fields[f], y->fields[f]) != 0 &&
			    !(y->fields[f][0] == '\'' && strcmp(x->fields[f], y->fields[f] + 1) == 0))
				violated("the round trip changed a field", r, f);
	}
	cnap_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_csv_limits lims[2] = {
		cnap_csv_limits_default(),
		{ .max_bytes = 4096, .max_rows = 6, .max_fields = 5, .max_field_bytes = 12 },
	};
	for (size_t k = 0; k < 2; k++) {
		struct cnap_csv c;
		struct cnap_error err = { 0 };
		if (cnap_csv_parse(data, size, &lims[k], &a, &c, &err) == CNAP_OK) {
			check(&c, &lims[k]);
			round_trip(&c, &a);
		} else {
			check_refusal(&err);
		}
	}
	cnap_arena_release(&a);
	return 0;
}
