/*
 * The reminder plan and the dates around it (model/mail.h): the days as
 * people type them, which step is due on a day, and the calendar.
 */
#include "base/compat.h"
#include "model/mail.h"
#include "test_util.h"

#include <string.h>

static void test_days_parse(void **state)
{
	(void)state;
	struct cnap_reminder_plan p;
	struct cnap_error err = { 0 };
	char out[64];
	assert_int_equal(cnap_reminder_days_parse("0, 7,2", &p, "f", &err), CNAP_OK);
	cnap_reminder_days_format(&p, out, sizeof(out));
	assert_string_equal(out, "7,2,0"); /* largest first, whatever the order typed */
	assert_int_equal(cnap_reminder_days_parse("１０，３、０\u3000３", &p, "f", &err), CNAP_OK);
	cnap_reminder_days_format(&p, out, sizeof(out));
	assert_string_equal(out, "10,3,0"); /* full-width digits and commas, 、, a repeated day once */
	assert_int_equal(cnap_reminder_days_parse("", &p, "f", &err), CNAP_OK);
	assert_int_equal(p.n, 0);
	assert_int_equal(cnap_reminder_days_parse("7,x", &p, "reminders.days", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "reminders.days");
	assert_int_equal(cnap_reminder_days_parse("61", &p, "f", &err), CNAP_EINVAL);
	assert_int_equal(cnap_reminder_days_parse("-1", &p, "f", &err), CNAP_EINVAL);
	assert_int_equal(cnap_reminder_days_parse("9,8,7,6,5,4,3,2,1", &p, "f", &err), CNAP_EINVAL);
	assert_int_equal(cnap_reminder_days_parse("99999999999999999999", &p, "f", &err), CNAP_EINVAL);
}

static void test_due(void **state)
{
	(void)state;
	struct cnap_reminder_plan p;
	assert_int_equal(cnap_reminder_days_parse("7,2,0", &p, "f", NULL), CNAP_OK);
	p.overdue_every = 3;
	bool overdue;
	int days;
	char key[16];
	assert_false(cnap_reminder_due(&p, 8, &overdue, &days, key)); /* before the first step */
	assert_true(cnap_reminder_due(&p, 7, &overdue, &days, key));
	assert_false(overdue);
	assert_int_equal(days, 7);
	assert_string_equal(key, "b7");
	assert_true(cnap_reminder_due(&p, 5, &overdue, &days, key));
	assert_string_equal(key, "b7"); /* still the step of 7 days: the same key, given once */
	assert_true(cnap_reminder_due(&p, 2, &overdue, &days, key));
	assert_string_equal(key, "b2"); /* too late for 7: only the latest step reached */
	assert_true(cnap_reminder_due(&p, 0, &overdue, &days, key));
	assert_string_equal(key, "b0");
	assert_false(cnap_reminder_due(&p, -2, &overdue, &days, key));
	assert_true(cnap_reminder_due(&p, -4, &overdue, &days, key));
	assert_true(overdue);
	assert_string_equal(key, "o3");
	assert_true(cnap_reminder_due(&p, -6, &overdue, &days, key));
	assert_string_equal(key, "o6");
	p.overdue_every = 0;
	assert_false(cnap_reminder_due(&p, -30, &overdue, &days, key));
	p.n = 0;
	assert_false(cnap_reminder_due(&p, 0, &overdue, &days, key));
}

static void test_calendar(void **state)
{
	(void)state;
	int d;
	char label[32];
	assert_true(cnap_days_between("2023-10-01", "2023-10-12", &d));
	assert_int_equal(d, 11);
	assert_true(cnap_days_between("2024-02-28", "2024-03-01", &d));
	assert_int_equal(d, 2); /* a leap year */
	assert_true(cnap_days_between("2023-02-28", "2023-03-01", &d));
	assert_int_equal(d, 1);
	assert_true(cnap_days_between("2026-12-31", "2027-01-01", &d));
	assert_int_equal(d, 1);
	assert_true(cnap_days_between("2023-10-12", "2023-10-01", &d));
	assert_int_equal(d, -11);
	assert_false(cnap_days_between("2023-02-29", "2023-03-01", &d));
	assert_false(cnap_days_between("2023-13-01", "2023-03-01", &d));
	assert_false(cnap_days_between("20231001", "2023-03-01", &d));
	assert_false(cnap_days_between(NULL, "2023-03-01", &d));
	assert_true(cnap_date_label_ja("2023-10-12", label, sizeof(label)));
	assert_string_equal(label, "2023年10月12日（木）");
	assert_true(cnap_date_label_ja("2026-12-04", label, sizeof(label)));
	assert_string_equal(label, "2026年12月4日（金）");
	assert_true(cnap_date_label_ja("2000-01-01", label, sizeof(label)));
	assert_string_equal(label, "2000年1月1日（土）");
	assert_false(cnap_date_label_ja("2023-10-12", label, 8));
}

static void test_names(void **state)
{
	(void)state;
	for (int m = 0; m < CNAP_MAIL_MODE_COUNT; m++) {
		enum cnap_mail_mode back;
		assert_true(cnap_mail_mode_parse(cnap_mail_mode_name((enum cnap_mail_mode)m), &back));
		assert_int_equal(back, m);
	}
	for (int st = 0; st < CNAP_OUTBOX_STATE_COUNT; st++) {
		enum cnap_outbox_state back;
		assert_true(cnap_outbox_state_parse(cnap_outbox_state_name((enum cnap_outbox_state)st), &back));
		assert_int_equal(back, st);
		assert_null(strchr(cnap_outbox_state_label_ja((enum cnap_outbox_state)st), 'a'));
	}
	enum cnap_mail_mode m;
	assert_false(cnap_mail_mode_parse("weekly", &m));
	assert_false(cnap_mail_mode_parse(NULL, &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_parse),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
