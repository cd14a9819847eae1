/*
 * Two versions of an association's survey compared (issue 12 item 5): two
 * versions of one cycle, or a version against last year's final one. Item
 * by item in the outline's order, the text at character level
 * (calc/text_diff.h) and the numbers of the form's tables cell by cell,
 * each cell named as the form names it (table, row, column) with the
 * difference and the % change.
 *
 * Pure: the use case (usecase/survey_diff.h) loads both sides and hands
 * them over; everything here lives in the arena passed.
 *
 * Texts are compared whole per item, as plain text (cnap_doc_plain_text:
 * one block per line), not block by block: a paragraph split in two or
 * moved stays one readable change, and the clean-up keeps unchanged lines
 * as equal stretches, so cnap_text_diff_rows() can align the two sides
 * paragraph by paragraph for the side-by-side view.
 */
#ifndef CNAP_CALC_SURVEY_DIFF_H
#define CNAP_CALC_SURVEY_DIFF_H

#include "calc/text_diff.h"
#include "model/form.h"

/* An item's text on one side, as plain text. */
struct cnap_diff_item_text {
	const char *item_key;
	const char *text;
};

struct cnap_survey_diff_side {
	int year;                           /* the cycle */
	int version;                        /* the submission's number */
	const struct cnap_template *tmpl;   /* its outline */
	const struct cnap_association *as;  /* fills {industry} in titles */
	const struct cnap_diff_item_text *texts;
	size_t n_texts;                     /* items not listed have no text */
	const struct cnap_form_grid *grids; /* the tables of its form with computed cells (cnap_uc_form_grid) */
	size_t n_grids;
	const struct cnap_survey_data *data; /* for units ({activity_unit}); may be NULL */
};

enum cnap_item_change {
	CNAP_ITEM_SAME,
	CNAP_ITEM_CHANGED,
	CNAP_ITEM_ADDED,   /* in the new outline only */
	CNAP_ITEM_REMOVED, /* in the old outline only */
};
/* "same", "changed", "added", "removed" (the JSON's words). */
const char *cnap_item_change_name(enum cnap_item_change c);
/* 「変更なし」「変更あり」「追加」「削除」 */
const char *cnap_item_change_label_ja(enum cnap_item_change c);

enum cnap_cell_kind {
	CNAP_CELL_NUMBER,
	CNAP_CELL_TEXT, /* a text or choice cell (its label shown) */
};

/* One cell whose value differs. Texts for display; "—" where there is nothing to show. */
struct cnap_cell_change {
	const char *table_code, *table_title;
	const char *row_label;  /* 「生産活動量」, a record's 「1行目（高効率照明）」 */
	const char *col_label;  /* 「当年度実績（2023年度）」, a record's column; "" for a FIELDS table */
	const char *line_code;  /* the form's code of the row (YEARS, FIELDS) or column (RECORDS) */
	const char *unit;       /* as printed, or NULL */
	enum cnap_cell_kind kind;
	bool computed;          /* computed by cnap, not typed */
	bool has_old, has_new;
	double old_value, new_value; /* NUMBER, when has_ */
	const char *old_text, *new_text;
	bool has_difference;    /* both numbers present */
	double difference;      /* new − old */
	const char *difference_text; /* "+6", "▲1,234.5" or "—" */
	bool has_percent;       /* both present and old ≠ 0 */
	double percent;         /* (new − old) / |old| × 100, unrounded */
	const char *percent_text; /* 四捨五入 to 1 decimal: "+0.5%", "▲12.3%", or "—" */
};

struct cnap_item_diff {
	const char *key;
	const char *number; /* 「Ⅱ．（５）」 (cnap_item_number), "" for none */
	const char *title;  /* {industry} filled */
	int depth;
	enum cnap_item_change change;
	const char *old_text, *new_text; /* plain texts, "" when none */
	bool text_changed;
	struct cnap_text_diff text;      /* ops into old_text / new_text */
	struct cnap_cell_change *cells;  /* the tables that belong to this item */
	size_t n_cells;
};

struct cnap_survey_diff {
	struct cnap_item_diff *items; /* every item of either outline, in order (see cnap_survey_diff) */
	size_t n_items;
	size_t n_changed;             /* items not SAME */
	size_t n_cells;               /* cells changed, all items */
	bool coarse;                  /* some item's text was compared sentence by sentence (budget) */
	/* Cells of tables that belong to no item of the outline. */
	struct cnap_cell_change *loose_cells;
	size_t n_loose_cells;
};

/*
 * Compare old with new. Items in the new outline's order; an item found
 * only in the old outline comes right after the item it followed there.
 * Tables matched by code; YEARS cells by row and year column (the column
 * as the form names it, 当年度実績, whatever the fiscal year: last year's
 * 当年度実績 against this year's is the year-on-year change), FIELDS cells
 * by line, RECORDS rows by their first text column when it is filled (else
 * by their position among the rows without one). opt as for
 * cnap_text_diff (NULL: defaults).
 */
enum cnap_err cnap_survey_diff(struct cnap_arena *a, const struct cnap_survey_diff_side *old_side,
			       const struct cnap_survey_diff_side *new_side, const struct cnap_diff_options *opt,
			       struct cnap_survey_diff *out, struct cnap_error *err);

/* The side-by-side view of one text diff: rows that end where both texts end a line together. */
struct cnap_diff_piece {
	enum cnap_diff_kind kind; /* left: EQUAL or DELETE, into A; right: EQUAL or INSERT, into B */
	size_t off, len;
};
struct cnap_diff_row {
	struct cnap_diff_piece *left, *right;
	size_t n_left, n_right;
	bool changed;
};
/*
 * The operations of d cut into rows: an unchanged line is a row of its
 * own, on both sides; what changed between two unchanged lines is one row,
 * however many lines each side has there. A row's last piece keeps its
 * line break. Into the arena.
 */
enum cnap_err cnap_text_diff_rows(struct cnap_arena *a, const struct cnap_text_diff *d, const char *A, const char *B,
				  struct cnap_diff_row **rows, size_t *n_rows, struct cnap_error *err);

#endif
