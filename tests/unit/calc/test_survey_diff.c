/*
 * Two versions of a survey compared (src/calc/survey_diff.c) on the
 * sample's own form (data/templates/2023.json) and data: items merged in
 * order, texts, cells named as the form names them, % change, records
 * matched by name, and the side-by-side rows.
 */
#include "base/compat.h"
#include "calc/form_calc.h"
#include "calc/survey_diff.h"
#include "io/coef_json.h"
#include "io/cycle_json.h"
#include "io/form_json.h"
#include "test_util.h"
#include "sample_form.h"

#include <jansson.h>
#include <string.h>

static struct cnap_arena arena;
static struct cnap_form_spec spec;
static struct cnap_coef_master master;
static json_t *sample_data; /* the first participation's data of data/sample/2023.json */

static int setup(void **state)
{
	(void)state;
	cnap_arena_init(&arena);
	sample_form_load(&arena, &spec, &master);
	size_t len;
	char *text = sample_slurp(CNAP_SOURCE_ROOT "/data/sample/2023.json", &len);
	json_t *root = json_loadb(text, len, 0, NULL);
	json_t *sub = json_array_get(json_object_get(json_array_get(json_object_get(root, "participations"), 0),
						     "submissions"),
				     0);
	sample_data = json_deep_copy(json_object_get(sub, "data"));
	json_decref(root);
	assert_non_null(sample_data);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(sample_data);
	cnap_arena_release(&arena);
	return 0;
}

static struct cnap_survey_item items_old[] = {
	{"I", NULL, "Ⅰ．", "業界の概要", 0},
	{"I.3", "I", "（３）", "カバー率", 1},
	{"II", NULL, "Ⅱ．", "国内の事業活動における排出削減", 0},
	{"II.1", "II", "（１）", "実績の総括表", 1},
	{"II.2", "II", "（２）", "要因分析", 1},
	{"II.3", "II", "（３）", "BAT", 1},
	{"II.9", "II", "（９）", "旧項目", 1},
};
static struct cnap_survey_item items_new[] = {
	{"I", NULL, "Ⅰ．", "業界の概要", 0},
	{"I.3", "I", "（３）", "カバー率", 1},
	{"II", NULL, "Ⅱ．", "国内の事業活動における排出削減", 0},
	{"II.1", "II", "（１）", "実績の総括表", 1},
	{"II.2", "II", "（２）", "要因分析", 1},
	{"II.3", "II", "（３）", "BAT", 1},
	{"II.5", "II", "（５）", "新項目", 1},
};
static struct cnap_template tmpl_old = {"standard", "標準", items_old, CNAP_ARRAY_LEN(items_old), NULL};
static struct cnap_template tmpl_new = {"standard", "標準", items_new, CNAP_ARRAY_LEN(items_new), NULL};
static struct cnap_association assoc = {1, "denki-denshi", "電機・電子温暖化対策連絡会", "電機・電子業界"};

/* A side: data (JSON, or NULL for the sample's) filled into every table of the form. */
static void side(struct cnap_survey_diff_side *s, const struct cnap_template *t, json_t *data,
		 const struct cnap_diff_item_text *texts, size_t n_texts)
{
	char *j = json_dumps(data ? data : sample_data, JSON_COMPACT);
	struct cnap_survey_data *d;
	struct cnap_error err;
	if (cnap_survey_data_parse(j, strlen(j), "data", &arena, &d, &err))
		fail_msg("%s: %s", err.where, err.message);
	free(j);
	struct cnap_form_grid *grids = cnap_arena_calloc(&arena, spec.n_tables, sizeof *grids);
	for (size_t i = 0; i < spec.n_tables; i++) {
		assert_int_equal(cnap_form_grid_from_data(&arena, &spec.tables[i], 2022, d, &grids[i], &err), CNAP_OK);
		assert_int_equal(cnap_form_compute(&arena, &grids[i], d, &master, &err), CNAP_OK);
	}
	*s = (struct cnap_survey_diff_side){2023, 1, t, &assoc, texts, n_texts, grids, spec.n_tables, d};
}

static const struct cnap_item_diff *item(const struct cnap_survey_diff *d, const char *key)
{
	for (size_t i = 0; i < d->n_items; i++)
		if (strcmp(d->items[i].key, key) == 0)
			return &d->items[i];
	fail_msg("no item %s", key);
	return NULL;
}

static const struct cnap_cell_change *cell(const struct cnap_item_diff *it, const char *table, const char *row,
					   const char *col)
{
	for (size_t i = 0; i < it->n_cells; i++)
		if (strcmp(it->cells[i].table_code, table) == 0 && strcmp(it->cells[i].row_label, row) == 0 &&
		    strcmp(it->cells[i].col_label, col) == 0)
			return &it->cells[i];
	return NULL;
}

static json_t *series_year(json_t *data, int year)
{
	json_t *s = json_object_get(data, "series");
	for (size_t i = 0; i < json_array_size(s); i++)
		if (json_integer_value(json_object_get(json_array_get(s, i), "year")) == year)
			return json_array_get(s, i);
	fail_msg("no year %d", year);
	return NULL;
}

static void test_the_same_version_has_no_change(void **state)
{
	(void)state;
	struct cnap_diff_item_text texts[] = {{"II.1", "排出量は減少した。"}};
	struct cnap_survey_diff_side a, b;
	side(&a, &tmpl_new, NULL, texts, 1);
	side(&b, &tmpl_new, NULL, texts, 1);
	struct cnap_survey_diff d;
	struct cnap_error err;
	assert_int_equal(cnap_survey_diff(&arena, &a, &b, NULL, &d, &err), CNAP_OK);
	assert_int_equal(d.n_items, CNAP_ARRAY_LEN(items_new));
	assert_int_equal(d.n_changed, 0);
	assert_int_equal(d.n_cells, 0);
	for (size_t i = 0; i < d.n_items; i++)
		assert_int_equal(d.items[i].change, CNAP_ITEM_SAME);
	assert_string_equal(item(&d, "II.1")->number, "Ⅱ．（１）");
}

static void test_items_texts_and_cells(void **state)
{
	(void)state;
	struct cnap_diff_item_text told[] = {{"II.1", "2022年度の排出量は1,103.7万t-CO2であった。"},
					     {"II.9", "この項目は今年度なくなった。"}};
	struct cnap_diff_item_text tnew[] = {{"II.1", "2022年度の排出量は1,080.0万t-CO2であった。"},
					     {"II.5", "新しい項目の文章。"}};
	json_t *changed = json_deep_copy(sample_data);
	json_object_set_new(series_year(changed, 2022), "co2", json_real(1080.0));
	/* a value the old version did not have */
	json_object_del(series_year(changed, 2022), "elec_factor");
	/* the BAT list reordered, one figure changed */
	json_t *bat = json_object_get(changed, "bat");
	json_t *first = json_incref(json_array_get(bat, 0));
	json_array_remove(bat, 0);
	json_object_set_new(first, "adoption_pct", json_real(66.0));
	json_array_append_new(bat, first);
	struct cnap_survey_diff_side a, b;
	side(&a, &tmpl_old, NULL, told, 2);
	side(&b, &tmpl_new, changed, tnew, 2);
	json_decref(changed);
	struct cnap_survey_diff d;
	struct cnap_error err;
	assert_int_equal(cnap_survey_diff(&arena, &a, &b, NULL, &d, &err), CNAP_OK);

	/* the new outline's order, the removed item after the one it followed there */
	const char *order[] = {"I", "I.3", "II", "II.1", "II.2", "II.3", "II.9", "II.5"};
	assert_int_equal(d.n_items, CNAP_ARRAY_LEN(order));
	for (size_t i = 0; i < d.n_items; i++)
		assert_string_equal(d.items[i].key, order[i]);
	assert_int_equal(item(&d, "II.9")->change, CNAP_ITEM_REMOVED);
	assert_int_equal(item(&d, "II.5")->change, CNAP_ITEM_ADDED);
	assert_string_equal(item(&d, "II.5")->number, "Ⅱ．（５）");
	assert_int_equal(item(&d, "II.2")->change, CNAP_ITEM_SAME);

	const struct cnap_item_diff *ii1 = item(&d, "II.1");
	assert_int_equal(ii1->change, CNAP_ITEM_CHANGED);
	assert_true(ii1->text_changed);
	const struct cnap_cell_change *co2 = cell(ii1, "summary", "CO2排出量", "当年度実績（2022年度）");
	assert_non_null(co2);
	assert_string_equal(co2->table_title, "実績の総括表");
	assert_string_equal(co2->old_text, "1,103.7");
	assert_string_equal(co2->new_text, "1,080.0");
	assert_string_equal(co2->difference_text, "▲23.7");
	assert_string_equal(co2->percent_text, "▲2.1%"); /* −2.147…% */
	assert_string_equal(co2->unit, "万t-CO2");
	assert_false(co2->computed);
	/* the computed intensity follows, marked computed */
	const struct cnap_cell_change *ci = cell(ii1, "summary", "CO2原単位", "当年度実績（2022年度）");
	assert_non_null(ci);
	assert_true(ci->computed);
	/* a value taken away: old shown, new and the change "—" */
	const struct cnap_cell_change *ef = cell(ii1, "summary", "電力排出係数", "当年度実績（2022年度）");
	assert_non_null(ef);
	assert_true(ef->has_old);
	assert_false(ef->has_new);
	assert_string_equal(ef->new_text, "—");
	assert_string_equal(ef->difference_text, "—");
	assert_string_equal(ef->percent_text, "—");

	/* BAT matched by name, not by position: one cell changed, named by its row */
	const struct cnap_item_diff *ii3 = item(&d, "II.3");
	assert_int_equal(ii3->n_cells, 1);
	assert_string_equal(ii3->cells[0].row_label, "4行目（高効率空調・熱源機器）");
	assert_string_equal(ii3->cells[0].col_label, "導入状況・普及率（当年度）");
	assert_string_equal(ii3->cells[0].difference_text, "+2.0");
	assert_string_equal(ii3->cells[0].percent_text, "+3.1%");
}

static void test_percent_dash_when_old_is_zero(void **state)
{
	(void)state;
	json_t *zero = json_deep_copy(sample_data), *more = json_deep_copy(sample_data);
	json_object_set_new(json_array_get(json_object_get(zero, "bat"), 1), "adoption_pct", json_real(0));
	json_object_set_new(json_array_get(json_object_get(more, "bat"), 1), "adoption_pct", json_real(12.5));
	struct cnap_survey_diff_side a, b;
	side(&a, &tmpl_new, zero, NULL, 0);
	side(&b, &tmpl_new, more, NULL, 0);
	json_decref(zero);
	json_decref(more);
	struct cnap_survey_diff d;
	assert_int_equal(cnap_survey_diff(&arena, &a, &b, NULL, &d, NULL), CNAP_OK);
	const struct cnap_item_diff *ii3 = item(&d, "II.3");
	assert_int_equal(ii3->n_cells, 1);
	const struct cnap_cell_change *c = &ii3->cells[0];
	assert_string_equal(c->row_label, "2行目（高効率照明（LED））");
	assert_string_equal(c->old_text, "0.0");
	assert_string_equal(c->new_text, "12.5");
	assert_string_equal(c->difference_text, "+12.5");
	assert_false(c->has_percent);
	assert_string_equal(c->percent_text, "—");
}

static void test_side_by_side_rows(void **state)
{
	(void)state;
	const char *a = "第一段落。\n第二段落は古い。\n第三段落。\n";
	const char *b = "第一段落。\n第二段落は新しい。\n追加の段落。\n第三段落。\n";
	struct cnap_text_diff d;
	assert_int_equal(cnap_text_diff(&arena, a, strlen(a), b, strlen(b), NULL, &d, NULL), CNAP_OK);
	struct cnap_diff_row *rows;
	size_t n;
	assert_int_equal(cnap_text_diff_rows(&arena, &d, a, b, &rows, &n, NULL), CNAP_OK);
	/* the unchanged paragraphs face themselves, the changed one its new form, the added one nothing */
	assert_int_equal(n, 4);
	assert_false(rows[0].changed);
	assert_true(rows[1].changed);
	assert_true(rows[2].changed);
	assert_false(rows[3].changed);
	assert_int_equal(rows[0].n_left, 1);
	assert_int_equal(rows[0].left[0].len, strlen("第一段落。\n"));
	assert_int_equal(rows[2].n_left, 0);
	assert_int_equal(rows[2].n_right, 1);
	assert_int_equal(rows[2].right[0].kind, CNAP_DIFF_INSERT);
	assert_int_equal(rows[3].right[0].off, strlen(b) - strlen("第三段落。\n"));
	/* every byte of both texts is in exactly one row, in order */
	size_t pa = 0, pb = 0;
	for (size_t r = 0; r < n; r++) {
		for (size_t i = 0; i < rows[r].n_left; i++) {
			assert_int_equal(rows[r].left[i].off, pa);
			pa += rows[r].left[i].len;
		}
		for (size_t i = 0; i < rows[r].n_right; i++) {
			assert_int_equal(rows[r].right[i].off, pb);
			pb += rows[r].right[i].len;
		}
	}
	assert_int_equal(pa, strlen(a));
	assert_int_equal(pb, strlen(b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_same_version_has_no_change),
		cmocka_unit_test(test_items_texts_and_cells),
		cmocka_unit_test(test_percent_dash_when_old_is_zero),
		cmocka_unit_test(test_side_by_side_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
