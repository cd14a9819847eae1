/*
 * The workbook of the data tables written (io/form_xlsx_write.h) and read
 * back (io/form_xlsx_read.h): every cell at its place, problems mapped back
 * to the cell a person sees ("実績!F8"), sheets found by their marker after
 * a rename, and the cells a person must not mean (dates in a year cell,
 * error values) refused.
 */
#include "base/compat.h"
#include "base/tmpfile.h"
#include "io/cycle_json.h"
#include "io/form_json.h"
#include "io/form_xlsx_read.h"
#include "io/form_xlsx_write.h"
#include "test_util.h"

#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char tables_json[] =
	"[{\"code\":\"summary\",\"title\":\"実績の総括表\",\"sheet\":\"実績\",\"item\":\"II.1\",\"layout\":\"years\","
	"\"years\":[\"base\",\"prev_actual\",\"curr_actual\"],\"lines\":["
	"{\"code\":\"activity\",\"label\":\"生産活動量\",\"unit\":\"{activity_unit}\",\"bind\":\"series.activity\",\"decimals\":1},"
	"{\"code\":\"energy\",\"label\":\"エネルギー消費量\",\"unit\":\"原油換算 万kl\",\"bind\":\"series.energy\",\"decimals\":1},"
	"{\"code\":\"ei\",\"label\":\"エネルギー原単位\",\"formula\":\"energy_intensity\",\"decimals\":4}]},"
	"{\"code\":\"fuels\",\"title\":\"燃料別\",\"sheet\":\"燃料\",\"item\":\"II.1\",\"layout\":\"years\",\"years\":[\"curr_actual\"],\"lines\":["
	"{\"code\":\"gas\",\"label\":\"都市ガス\",\"unit\":\"千m3\",\"bind\":\"fuel:city_gas\"},"
	"{\"code\":\"energy\",\"label\":\"エネルギー消費量（報告値）\",\"bind\":\"series.energy\"}]},"
	"{\"code\":\"target\",\"title\":\"目標\",\"sheet\":\"目標\",\"item\":\"VIII.0\",\"layout\":\"fields\",\"lines\":["
	"{\"code\":\"kind\",\"label\":\"目標の種類\",\"bind\":\"target.kind\"},"
	"{\"code\":\"base_year\",\"label\":\"基準年度\",\"bind\":\"target.base_year\"}]},"
	"{\"code\":\"bat\",\"title\":\"BAT\",\"sheet\":\"BAT\",\"item\":\"II.3\",\"layout\":\"records\",\"records\":\"bat\",\"lines\":["
	"{\"code\":\"name\",\"label\":\"BAT\",\"bind\":\"bat.name\",\"required\":true},"
	"{\"code\":\"pct\",\"label\":\"普及率\",\"unit\":\"%\",\"bind\":\"bat.adoption_pct\"}]}]";

static const char data_json[] =
	"{\"activity\":{\"name\":\"生産量\",\"unit\":\"千t\"},\"electricity_factor\":{\"type\":\"basic\"},"
	"\"target\":{\"indicator\":\"energy\",\"kind\":\"base_year\",\"base_year\":2013,\"target_year\":2030,"
	"\"reduction_pct\":10},"
	"\"series\":[{\"year\":2013,\"activity\":100,\"energy\":0.1},{\"year\":2021,\"activity\":90.5},"
	"{\"year\":2022,\"activity\":80,\"energy\":0.0258}],"
	"\"fuels\":[{\"year\":2022,\"fuel\":\"city_gas\",\"quantity\":12.5}],"
	"\"bat\":[{\"name\":\"高効率照明\",\"adoption_pct\":50},{\"name\":\"空調\"},{\"name\":\"インバータ\",\"adoption_pct\":7}]}";

struct fixture {
	struct cnap_arena a;
	struct cnap_form_spec spec;
	struct cnap_survey_data *data;
	struct cnap_form_grid grids[4];
	struct cnap_form_book_table tables[4];
	struct cnap_form_book book;
	struct cnap_buf xlsx;
};

static int setup(void **state)
{
	struct fixture *f = cnap_calloc(1, sizeof(*f));
	cnap_arena_init(&f->a);
	struct cnap_error err = { 0 };
	if (cnap_form_json_parse(tables_json, strlen(tables_json), "tables", &f->a, &f->spec, &err) ||
	    cnap_survey_data_parse(data_json, strlen(data_json), "data", &f->a, &f->data, &err))
		fail_msg("%s: %s", err.where, err.message);
	for (size_t i = 0; i < f->spec.n_tables; i++) {
		assert_int_equal(cnap_form_grid_from_data(&f->a, &f->spec.tables[i], 2022, f->data, &f->grids[i], &err),
				 CNAP_OK);
		f->tables[i] = (struct cnap_form_book_table){ .table = &f->spec.tables[i], .grid = &f->grids[i] };
	}
	f->book = (struct cnap_form_book){ .year = 2023, .actual_year = 2022, .wg_code = "denshi", .wg_name = "電子WG",
					   .association_code = "bearing", .association_name = "日本ベアリング工業会",
					   .template_code = "standard", .version = 3, .date = "2023-10-01T09:00:00Z",
					   .data = f->data, .crude_oil_kl_per_gj = 0.0258, .tables = f->tables,
					   .n_tables = f->spec.n_tables };
	cnap_buf_init(&f->xlsx, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cnap_buf_release(&f->xlsx);
	cnap_arena_release(&f->a);
	free(f);
	return 0;
}

static void write_book(struct fixture *f)
{
	struct cnap_error err = { 0 };
	cnap_buf_reset(&f->xlsx);
	assert_int_equal(cnap_form_xlsx_write(&f->book, &f->xlsx, &err), CNAP_OK);
}

static enum cnap_err read_book(struct fixture *f, const void *data, size_t len, const char *assoc,
			       struct cnap_form_xlsx_book *out, struct cnap_form_problems *p)
{
	struct cnap_form_xlsx_expect ex = { .year = 2023, .wg_code = "denshi", .association_code = assoc,
					    .file_name = "b.xlsx" };
	struct cnap_error err = { 0 };
	memset(p, 0, sizeof(*p));
	return cnap_form_xlsx_read(data, len, NULL, &f->spec, &ex, &f->a, out, p, &err);
}

static void test_layout_cells(void **state)
{
	struct fixture *f = *state;
	uint32_t r, c;
	cnap_form_xlsx_cell(&f->spec.tables[0], 0, 0, &r, &c);
	assert_int_equal(r, 6), assert_int_equal(c, 2); /* C7: the first line's first year */
	cnap_form_xlsx_cell(&f->spec.tables[0], 1, 2, &r, &c);
	assert_int_equal(r, 7), assert_int_equal(c, 4); /* E8 */
	cnap_form_xlsx_cell(&f->spec.tables[2], 1, 0, &r, &c);
	assert_int_equal(r, 7), assert_int_equal(c, 2); /* FIELDS: C8 */
	cnap_form_xlsx_cell(&f->spec.tables[3], 2, 1, &r, &c);
	assert_int_equal(r, 8), assert_int_equal(c, 2); /* RECORDS: C9 (A is the row number) */
}

/* What was written is what is read: numbers as their XML text, choices as labels, the records in their rows. */
static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	write_book(f);
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, f->xlsx.data, f->xlsx.len, "bearing", &b, &p), CNAP_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(b.version, 3);
	assert_int_equal(b.n_tables, 4);
	const struct cnap_form_xlsx_table *s = &b.tables[0];
	assert_true(s->found);
	assert_string_equal(s->sheet, "実績");
	assert_int_equal(s->n_rows, 3), assert_int_equal(s->n_cols, 3);
	assert_string_equal(s->texts[0], "100");
	assert_string_equal(s->texts[1], "90.5");
	assert_string_equal(s->texts[3], "0.1");    /* 0.1 stays 0.1 */
	assert_null(s->texts[4]);                   /* energy 2021: empty */
	assert_string_equal(s->texts[5], "0.0258");
	assert_null(s->texts[6]);                   /* computed: never read */
	const struct cnap_form_xlsx_table *k = &b.tables[2];
	assert_string_equal(k->texts[0], "基準年度比"); /* the label written and read; apply takes labels too */
	assert_string_equal(k->texts[1], "2013");
	const struct cnap_form_xlsx_table *r = &b.tables[3];
	assert_int_equal(r->n_rows, 3);
	assert_string_equal(r->texts[2], "空調");
	assert_null(r->texts[3]); /* a BAT whose adoption was not reported stays empty, never 0 */
	assert_string_equal(cnap_form_xlsx_where(&f->a, s, 1, 2), "実績!E8");
	assert_string_equal(cnap_form_xlsx_where(&f->a, r, 2, 1), "BAT!C9");
	/* the fuels table's reported energy shows the summary's cell, whose text it takes */
	const struct cnap_form_xlsx_table *fu = &b.tables[1];
	assert_string_equal(fu->texts[0], "12.5");
	assert_string_equal(fu->texts[1], "0.0258");
}

/* Rows with nothing in them are not records; a problem names the sheet row the record is in. */
static void test_records_rows_map_back(void **state)
{
	struct fixture *f = *state;
	struct cnap_form_grid *g = &f->grids[3];
	for (size_t c = 0; c < g->n_cols; c++) {
		g->cells[1 * g->n_cols + c].text = NULL;
		g->cells[1 * g->n_cols + c].has_num = false;
	}
	g->cells[2 * g->n_cols].text = NULL; /* the third record without its required name */
	write_book(f);
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, f->xlsx.data, f->xlsx.len, "bearing", &b, &p), CNAP_OK);
	const struct cnap_form_xlsx_table *r = &b.tables[3];
	assert_int_equal(r->n_rows, 2);
	assert_int_equal(r->sheet_rows[0], 6);
	assert_int_equal(r->sheet_rows[1], 8);
	struct cnap_form_issues issues = { 0 };
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_form_apply(&f->a, r->table, 2022, f->data, r->texts, r->n_rows, &issues, &d, &err),
			 CNAP_EINVAL);
	assert_int_equal(issues.n, 1);
	assert_string_equal(cnap_form_xlsx_where(&f->a, r, issues.v[0].row, issues.v[0].col), "BAT!B9");
}

static void test_other_association_refused(void **state)
{
	struct fixture *f = *state;
	write_book(f);
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, f->xlsx.data, f->xlsx.len, "kosaku-kikai", &b, &p), CNAP_EINVAL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].where, "b.xlsx");
	assert_non_null(strstr(p.v[0].message, "別の団体（日本ベアリング工業会）"));
}

static void test_not_cnaps_refused(void **state)
{
	struct fixture *f = *state;
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, "PK\3\4 not really", 15, "bearing", &b, &p), CNAP_EFORMAT);
	assert_int_equal(p.n, 1);
}

/* A hand-made workbook: the cnap sheet and sheets named as the test likes, written as Excel would keep them. */
struct hand {
	lxw_workbook *wb;
	char path[4096];
};

static void hand_start(struct hand *h)
{
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_tmpfile_make("cnap-test", h->path, sizeof(h->path), &err), CNAP_OK);
	h->wb = workbook_new(h->path);
	assert_non_null(h->wb);
}

static void hand_meta(struct hand *h, struct fixture *f, const char *const *codes, size_t n)
{
	lxw_worksheet *m = workbook_add_worksheet(h->wb, "cnap");
	static const char *const kv[][2] = { { "format", CNAP_FORM_XLSX_FORMAT }, { "layout", "1" }, { "cycle", "2023" },
					     { "wg", "denshi" }, { "association", "bearing" }, { "version", "1" } };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(kv); i++) {
		worksheet_write_string(m, (lxw_row_t)i, 0, kv[i][0], NULL);
		worksheet_write_string(m, (lxw_row_t)i, 1, kv[i][1], NULL);
	}
	worksheet_write_string(m, 10, 0, "table", NULL);
	for (size_t i = 0; i < n; i++) {
		char fp[9];
		cnap_form_fingerprint(cnap_form_table_find(&f->spec, codes[i]), fp);
		worksheet_write_string(m, (lxw_row_t)(11 + i), 0, codes[i], NULL);
		worksheet_write_string(m, (lxw_row_t)(11 + i), 1, cnap_form_table_find(&f->spec, codes[i])->sheet, NULL);
		worksheet_write_string(m, (lxw_row_t)(11 + i), 2, fp, NULL);
	}
}

static void hand_finish(struct hand *h, struct cnap_buf *out)
{
	assert_int_equal(workbook_close(h->wb), LXW_NO_ERROR);
	struct cnap_error err = { 0 };
	cnap_buf_reset(out);
	assert_int_equal(cnap_tmpfile_take(h->path, out, "test workbook", &err), CNAP_OK);
}

/* A sheet the user renamed is found by the defined name scoped to it; a table without its sheet is left out. */
static void test_renamed_sheet_found_by_marker(void **state)
{
	struct fixture *f = *state;
	struct hand h;
	hand_start(&h);
	lxw_worksheet *t = workbook_add_worksheet(h.wb, "目標（記入済み）");
	worksheet_write_string(t, 6, 0, "目標の種類", NULL);
	worksheet_write_string(t, 6, 2, "BAU比", NULL);
	worksheet_write_string(t, 7, 0, "基準年度", NULL);
	/* a date typed into a year cell: what Excel makes of 「2013/4/1」 */
	lxw_format *date = workbook_add_format(h.wb);
	format_set_num_format(date, "yyyy/m/d");
	worksheet_write_number(t, 7, 2, 41365, date);
	worksheet_write_string(t, 7, 5, "範囲外", NULL); /* outside the layout: not read */
	workbook_define_name(h.wb, "'目標（記入済み）'!cnap_table_target", "='目標（記入済み）'!$A$1");
	static const char *const codes[] = { "target", "bat" };
	hand_meta(&h, f, codes, 2);
	hand_finish(&h, &f->xlsx);
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, f->xlsx.data, f->xlsx.len, "bearing", &b, &p), CNAP_OK);
	assert_false(b.tables[0].found); /* not in the workbook's list */
	assert_false(b.tables[3].found); /* listed, but no sheet */
	const struct cnap_form_xlsx_table *k = &b.tables[2];
	assert_true(k->found);
	assert_string_equal(k->sheet, "目標（記入済み）");
	assert_string_equal(k->texts[0], "BAU比");
	assert_null(k->texts[1]);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].where, "目標（記入済み）!C8");
	assert_non_null(strstr(p.v[0].message, "日付として入力されています"));
}

/* Labels out of place say a row moved; 17-digit noise reads as Excel shows it; text numbers stay text. */
static void test_cells_a_person_did_not_mean(void **state)
{
	struct fixture *f = *state;
	struct hand h;
	hand_start(&h);
	lxw_worksheet *t = workbook_add_worksheet(h.wb, "実績");
	worksheet_write_string(t, 6, 0, "生産活動量", NULL);
	worksheet_write_formula_num(t, 6, 2, "=0.1+0.2", NULL, 0.1 + 0.2);
	worksheet_write_string(t, 7, 0, "エネルギー消費量", NULL);
	worksheet_write_string(t, 7, 4, "▲1,234.5", NULL);
	worksheet_write_string(t, 8, 0, "エネルギー原単位", NULL);
	lxw_worksheet *g = workbook_add_worksheet(h.wb, "燃料");
	worksheet_write_string(g, 6, 0, "都市ガス", NULL);
	worksheet_write_string(g, 7, 0, "挿入した行", NULL); /* the reported energy's row moved */
	static const char *const codes[] = { "summary", "fuels" };
	hand_meta(&h, f, codes, 2);
	hand_finish(&h, &f->xlsx);
	struct cnap_form_xlsx_book b;
	struct cnap_form_problems p;
	assert_int_equal(read_book(f, f->xlsx.data, f->xlsx.len, "bearing", &b, &p), CNAP_OK);
	const struct cnap_form_xlsx_table *s = &b.tables[0];
	assert_string_equal(s->texts[0], "0.3");
	assert_string_equal(s->texts[5], "▲1,234.5");
	assert_null(b.tables[1].texts); /* not read: its rows are not where they were */
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].where, "燃料!A8");
	assert_non_null(strstr(p.v[0].message, "「エネルギー消費量（報告値）」の行のはず"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records_rows_map_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_association_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_cnaps_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_sheet_found_by_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells_a_person_did_not_mean, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
