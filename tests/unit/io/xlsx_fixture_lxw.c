/* The libxlsxwriter workbook of the xlsx reader's tests (see xlsx_fixture.h); apart so the fuzz target need not link libxlsxwriter. */
#include "base/compat.h"
#include "xlsx_fixture.h"

#include <time.h>
#include <xlsxwriter.h>

bool xlsx_fixture_xlsxwriter(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return false;
	lxw_doc_properties props = { .title = "cnap xlsx reader fixture" };
	struct tm tm = { .tm_year = 123, .tm_mon = 9, .tm_mday = 1, .tm_hour = 9 };
	props.created = timegm(&tm);
	workbook_set_properties(wb, &props);

	lxw_format *one_decimal = workbook_add_format(wb);
	format_set_num_format(one_decimal, "#,##0.0");
	lxw_format *percent = workbook_add_format(wb);
	format_set_num_format(percent, "0.0%");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy/mm/dd");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *merged = workbook_add_format(wb);
	format_set_align(merged, LXW_ALIGN_CENTER);

	lxw_worksheet *ws = workbook_add_worksheet(wb, "実績の総括表");
	worksheet_merge_range(ws, 0, 0, 0, 3, "令和5年度 実績の総括表", merged);
	worksheet_write_string(ws, 2, 0, "CO2排出量（万t-CO2）", NULL);
	worksheet_write_number(ws, 2, 1, 123.456, one_decimal);
	worksheet_write_formula_num(ws, 2, 2, "=B3*2", one_decimal, 246.912);
	lxw_datetime d = { .year = 2023, .month = 4, .day = 1 };
	worksheet_write_datetime(ws, 2, 3, &d, date);
	worksheet_write_string(ws, 3, 0, "比率", NULL);
	worksheet_write_number(ws, 3, 1, 0.1, percent);
	worksheet_write_boolean(ws, 3, 2, 1, NULL);
	worksheet_write_formula_str(ws, 3, 3, "=A4&\"です\"", NULL, "比率です");
	lxw_rich_string_tuple r1 = { .format = bold, .string = "CO" };
	lxw_rich_string_tuple r2 = { .format = NULL, .string = "2削減" };
	lxw_rich_string_tuple *rich[] = { &r1, &r2, NULL };
	worksheet_write_rich_string(ws, 4, 0, rich, NULL);
	worksheet_write_number(ws, 4, 1, -1e-3, NULL);
	worksheet_write_string(ws, 4, 2, "A&B <タグ> \"引用\"", NULL);
	worksheet_write_string(ws, 99, 49, "遠いセル", NULL);

	lxw_worksheet *hidden = workbook_add_worksheet(wb, "Hidden");
	worksheet_write_number(hidden, 0, 0, 42, NULL);
	worksheet_hide(hidden);

	lxw_worksheet *data = workbook_add_worksheet(wb, "Data");
	for (int r = 0; r < 20; r++)
		for (int c = 0; c < 8; c++)
			worksheet_write_number(data, (lxw_row_t)r, (lxw_col_t)c, r * 100 + c + 0.25, NULL);
	worksheet_write_string(data, 20, 0, "合計", NULL);

	workbook_define_name(wb, "cnap_marker", "='実績の総括表'!$A$1");
	return workbook_close(wb) == LXW_NO_ERROR;
}
