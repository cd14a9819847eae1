/*
 * The survey's data tables as data (issue 10): which tables the 調査票 of a
 * cycle has, their rows and columns, units as printed, inputs and computed
 * cells, year columns and the outline item each belongs to. The web form,
 * the workbook, the CSV and the checks all come from one struct
 * cnap_form_spec, read by io (io/form_json.h) from the "tables" member of a
 * template in the cycle file (data/templates/<year>.json).
 *
 * What a cell holds is named by a binding ("series.activity",
 * "fuel:city_gas", "bat.name", "target.base_year"): the fixed vocabulary of
 * struct cnap_survey_data, resolved here. Layout, labels, units, order,
 * decimals, sheets and items are the spec's; a new cycle's form changes by
 * editing its file.
 *
 * A grid is one table filled from one survey_data: the text of every cell
 * as a person would type it back (canonical numbers, codes of choices), so
 * the same grid goes to the browser, the workbook and the CSV, and comes
 * back through cnap_form_apply() from any of them.
 *
 * Strings are borrowed from the arena that filled the struct.
 */
#ifndef CNAP_MODEL_FORM_H
#define CNAP_MODEL_FORM_H

#include "model/coefficients.h"
#include "model/survey_data.h"

#define CNAP_FORM_FORMAT "cnap-survey-tables"
#define CNAP_FORM_MAX_TABLES 32
#define CNAP_FORM_MAX_LINES 200   /* rows of a YEARS table, columns or fields of the others */
#define CNAP_FORM_MAX_RECORDS 500 /* rows of a RECORDS table */
#define CNAP_FORM_MAX_TEXT_CHARS 4000

enum cnap_form_layout {
	CNAP_FORM_YEARS,   /* indicator rows × year columns (実績の総括表, 燃料別) */
	CNAP_FORM_RECORDS, /* repeated records × field columns (BAT, 対策, クレジット) */
	CNAP_FORM_FIELDS,  /* one record: label / value lines (目標, 電力排出係数) */
};

/* The year columns of a YEARS table, in printed order. */
enum cnap_year_role {
	CNAP_YR_BASE,         /* 基準年度 (the target's base year; absent for BAU targets) */
	CNAP_YR_PREV_ACTUAL,  /* 前年度実績 */
	CNAP_YR_CURR_OUTLOOK, /* 当年度見通し (last cycle's forecast of this year) */
	CNAP_YR_CURR_ACTUAL,  /* 当年度実績 */
	CNAP_YR_NEXT_OUTLOOK, /* 次年度見通し */
	CNAP_YR_TARGET,       /* 目標年度 */
	CNAP_YR_COUNT
};
const char *cnap_year_role_name(enum cnap_year_role r);     /* "curr_actual" */
const char *cnap_year_role_label_ja(enum cnap_year_role r); /* "当年度実績" */
bool cnap_year_role_parse(const char *s, enum cnap_year_role *out);
/* Whether the column holds a forecast (見通し, 目標年度) rather than an actual. */
bool cnap_year_role_forecast(enum cnap_year_role r);

enum cnap_form_type {
	CNAP_FT_NUMBER,
	CNAP_FT_TEXT,
	CNAP_FT_YEAR,   /* a fiscal year, 1990..2100 */
	CNAP_FT_CHOICE, /* one of the binding's choices (codes stored, labels shown) */
	CNAP_FT_BOOL,   /* 実績/予定 and the like: a choice of two */
};

/* A choice of a CHOICE/BOOL cell: code stored, label shown. */
struct cnap_form_choice {
	const char *code;
	const char *label;
};

/*
 * A row of a YEARS table, a column of a RECORDS table or a line of a FIELDS
 * table: the same description serves all three.
 */
struct cnap_form_line {
	const char *code;  /* unique in its table: "activity", "fuel_city_gas", "name" */
	const char *label; /* as printed: "生産活動量" */
	const char *unit;  /* as printed, "{activity_unit}" expanded by cnap_form_unit(); NULL = none */
	const char *note;  /* ※ note under the table, or NULL */
	const char *bind;  /* input: a binding (see above); computed: a formula of calc/form_calc.h */
	bool computed;
	bool required;     /* RECORDS/FIELDS: an error when empty */
	bool multiline;    /* TEXT: a paragraph rather than a word (a textarea on the web) */
	enum cnap_form_type type;
	int decimals;      /* shown after the point; -1 = as entered */
	double min, max;   /* NUMBER: allowed range (min <= v <= max); both 0 = not negative, no upper bound */
	const struct cnap_form_choice *choices; /* CHOICE/BOOL: from the binding */
	size_t n_choices;
	int binding;       /* input: resolved binding id (internal to model/form.c); computed: enum cnap_form_formula */
	const char *fuel;  /* "fuel:<code>" bindings and fuel formulas: the fuel code */
};

struct cnap_form_table {
	const char *code;  /* "summary"; URL and CSV name */
	const char *title; /* "実績の総括表" */
	const char *sheet; /* workbook sheet name, at most 31 characters */
	const char *item;  /* outline item key ("II.1"): where a finding or a question points */
	const char *intro; /* how to fill it in, one paragraph, or NULL */
	enum cnap_form_layout layout;
	/* YEARS: the year columns shown, in order. */
	enum cnap_year_role years[CNAP_YR_COUNT];
	size_t n_years;
	/* YEARS: rows; RECORDS: columns; FIELDS: lines. */
	struct cnap_form_line *lines;
	size_t n_lines;
	const char *records; /* RECORDS: the record binding ("bat", "measures", ...) */
	int records_binding;
	size_t blank_records; /* RECORDS: empty rows offered after the last record */
};

/*
 * The computed cells cnap knows (calc/form_calc.h computes them). A spec
 * names them in a computed line's bind: "energy_intensity", or
 * "fuel_heat:city_gas" for one fuel's heat.
 */
enum cnap_form_formula {
	CNAP_FF_ENERGY_INTENSITY,  /* エネルギー原単位 = energy / activity */
	CNAP_FF_CO2_INTENSITY,     /* CO2原単位 [t-CO2/unit] = co2 × 10^4 / activity */
	CNAP_FF_FUEL_HEAT,         /* one fuel's heat [GJ] */
	CNAP_FF_HEAT_TOTAL,        /* Σ heat of the year's fuels [GJ] */
	CNAP_FF_ENERGY_COMPUTED,   /* 原油換算 [万kl] from the fuels */
	CNAP_FF_ENERGY_DIFFERENCE, /* reported energy − computed [万kl] */
	CNAP_FF_CO2_COMPUTED,      /* CO2 from the fuels and electricity [万t-CO2] */
	CNAP_FF_CO2_DIFFERENCE,    /* reported CO2 − computed [万t-CO2] */
	CNAP_FF_TARGET_LEVEL,      /* the target's level of the indicator in the column's year */
	CNAP_FF_CO2_PER_SIZE,      /* office/logistics: CO2 per size [kg-CO2 per unit] */
	CNAP_FF_ENERGY_PER_SIZE,   /* office/logistics: energy per size [l per unit] */
	CNAP_FF_COVERAGE_ASSOCIATION, /* 団体カバー率 [%] */
	CNAP_FF_COVERAGE_PARTICIPATION, /* 計画参加率 [%] */
	CNAP_FF_COVERAGE_INDUSTRY, /* 業界カバー率 [%] */
	CNAP_FF_COUNT
};
const char *cnap_form_formula_name(enum cnap_form_formula f);

struct cnap_form_spec {
	struct cnap_form_table *tables;
	size_t n_tables;
};

const struct cnap_form_table *cnap_form_table_find(const struct cnap_form_spec *s, const char *code);
/* The line of a table by code, or NULL. */
const struct cnap_form_line *cnap_form_line_find(const struct cnap_form_table *t, const char *code);

/*
 * Resolve and check a spec that io read: bindings known and of the right
 * layout, codes unique, choices attached. where names the place in the file
 * ("$.templates[0].tables[2].lines[1].bind").
 */
enum cnap_err cnap_form_spec_check(struct cnap_form_spec *s, const char *path, struct cnap_error *err);

/* The concrete fiscal years of the year columns, from the cycle and the target. 0 = the column has no year. */
struct cnap_form_years {
	int actual_year; /* the cycle's actual_fiscal_year */
	int year[CNAP_YR_COUNT];
};
void cnap_form_years_resolve(int actual_fiscal_year, const struct cnap_survey_data *d, struct cnap_form_years *out);
/* "当年度実績（2022年度）" into the arena. */
const char *cnap_form_year_heading(struct cnap_arena *a, enum cnap_year_role r, const struct cnap_form_years *y);
/* A line's unit for an association's data ({activity_unit} replaced), or NULL. */
const char *cnap_form_unit(struct cnap_arena *a, const struct cnap_form_line *l, const struct cnap_survey_data *d);

struct cnap_form_cell {
	const char *text; /* as typed back: "1234.5", "高効率照明", a choice code; NULL = empty */
	double num;       /* NUMBER/YEAR when has_num */
	bool has_num;
	bool computed;    /* filled by calc, not typed */
	bool disabled;    /* no year for this column (e.g. 基準年度 of a BAU target) */
	const char *why;  /* computed but not computable: 「活動量が0です」, or NULL */
};

struct cnap_form_grid {
	const struct cnap_form_table *table;
	struct cnap_form_years years;
	size_t n_rows, n_cols;          /* YEARS: lines × years; RECORDS: records(+blank) × lines; FIELDS: lines × 1 */
	struct cnap_form_cell *cells;   /* n_rows * n_cols, row-major */
};
struct cnap_form_cell *cnap_form_grid_cell(struct cnap_form_grid *g, size_t row, size_t col);
/* The line a cell belongs to (a row of YEARS/FIELDS, a column of RECORDS). */
const struct cnap_form_line *cnap_form_grid_line(const struct cnap_form_grid *g, size_t row, size_t col);

/*
 * The input cells of table t filled from d (d may be NULL: an empty form).
 * Computed cells are left empty with computed set: calc/form_calc.h fills
 * them. RECORDS tables get t->blank_records empty rows at the end.
 */
enum cnap_err cnap_form_grid_from_data(struct cnap_arena *a, const struct cnap_form_table *t, int actual_fiscal_year,
				       const struct cnap_survey_data *d, struct cnap_form_grid *out,
				       struct cnap_error *err);

/* One problem with one cell: row and col index the grid; a person's message in Japanese. */
struct cnap_form_issue {
	size_t row, col;
	const char *message;
};
struct cnap_form_issues {
	struct cnap_form_issue *v;
	size_t n, cap;
	size_t limit; /* stop collecting after this many (0 = 200) */
	bool oom;     /* memory ran out while reading or recording: cnap_form_apply() says CNAP_ENOMEM */
};
void cnap_form_issue_add(struct cnap_arena *a, struct cnap_form_issues *is, size_t row, size_t col,
			 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * The inputs of one table as typed (texts[row * n_cols + col], NULL =
 * empty; computed cells are ignored) onto a copy of base (NULL = empty
 * data): numbers read as people type them (base/jpnum.h), choices by code
 * or label, years, required cells, ranges. Every problem goes to issues
 * and makes it CNAP_EINVAL; *out is set all the same, with the cells that
 * could not be read left empty (for a preview of the computed cells; never
 * save it). RECORDS: rows left wholly empty are dropped, n_rows may differ
 * from the grid's. The result lives in a.
 */
enum cnap_err cnap_form_apply(struct cnap_arena *a, const struct cnap_form_table *t, int actual_fiscal_year,
			      const struct cnap_survey_data *base, const char *const *texts, size_t n_rows,
			      struct cnap_form_issues *issues, struct cnap_survey_data **out, struct cnap_error *err);

/*
 * What was typed without the spaces people leave around it (ASCII spaces,
 * tabs, line ends, U+3000, U+00A0): its start in *start, its length
 * returned. Nothing is allocated.
 */
size_t cnap_form_trim(const char *s, const char **start);

/* The canonical text of a number: the shortest decimal that reads back as v ("0.0258", "1234.5"). */
const char *cnap_form_number_text(struct cnap_arena *a, double v);

/* A copy of d in a whose arrays may be edited (strings shared with d), or an empty data when d is NULL. */
struct cnap_survey_data *cnap_survey_data_copy(struct cnap_arena *a, const struct cnap_survey_data *d);

#endif
