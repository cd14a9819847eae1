/*
 * Internal to model: the vocabulary of bindings a form spec may name, and
 * how each reads and writes struct cnap_survey_data. One table, so that a
 * new field of the survey data is one line here and then only data.
 */
#ifndef CNAP_MODEL_FORM_BIND_H
#define CNAP_MODEL_FORM_BIND_H

#include "model/form.h"

#include <stddef.h>

enum bind_kind {
	BIND_SERIES, /* YEARS row: a field of the series row of the column's year */
	BIND_FUEL,   /* YEARS row: the quantity of a fuel in the column's year */
	BIND_FIELD,  /* FIELDS line: a member of the data (or of its target) */
	BIND_RECORD, /* RECORDS column: a member of one record */
};

enum bind_store { ST_DOUBLE, ST_INT, ST_STR, ST_BOOL, ST_ENUM };

struct form_binding {
	const char *name;    /* "series.activity", "bat.name" */
	enum bind_kind kind;
	const char *records; /* BIND_RECORD: the record table ("bat") */
	enum cnap_form_type type;
	enum bind_store store;
	size_t off;          /* in the series row, the data, or the record */
	ptrdiff_t has_off;   /* offset of a bool "present" flag, -1 = none */
	unsigned has_bit;    /* BIND_SERIES: the enum cnap_series_field bit */
	const struct cnap_form_choice *choices;
	size_t n_choices;
};

/* A record table of the data: where its array and count live, and its element size. */
struct form_records {
	const char *name;
	size_t array_off, count_off, elem_size;
};

const struct form_binding *form_binding_find(const char *name, int *id);
const struct form_binding *form_binding_at(int id);
const struct form_records *form_records_find(const char *name, int *id);
const struct form_records *form_records_at(int id);

#endif
