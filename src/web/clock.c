/* Time for sessions, deadlines and labels. Japan has one time zone and no daylight saving: UTC+9. */
#include "base/compat.h"
#include "base/isotime.h"
#include "base/testhook.h"
#include "web/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define JST_OFFSET_S (9 * 3600)

time_t web_now(void)
{
	time_t t;
	return cnap_testhook_fixed_now(&t) ? t : time(NULL);
}

void web_iso(time_t t, char out[32])
{
	cnap_iso_format(t, out);
}

void web_today_jst(char out[16])
{
	time_t t = web_now() + JST_OFFSET_S;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

const char *web_clock_label(struct cnap_arena *a, time_t t)
{
	struct tm tm;
	t += JST_OFFSET_S;
	gmtime_r(&t, &tm);
	return cnap_arena_printf(a, web_t(WS_format_time), tm.tm_hour, tm.tm_min);
}

/* Exactly YYYY-MM-DD, the form dates are stored in. */
static bool plain_date(const char *s, int *y, int *mo, int *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	if (s[10])
		return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*mo = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return true;
}

const char *web_date_label(struct cnap_arena *a, const char *s)
{
	int y, mo, d;
	time_t t;
	if (!s)
		return NULL;
	/* A page labels dozens of dates; two sscanf calls each were a few per cent of rendering it. */
	if (plain_date(s, &y, &mo, &d))
		return cnap_arena_printf(a, web_t(WS_format_date), y, mo, d);
	if (cnap_iso_parse(s, &t)) {
		struct tm tm;
		t += JST_OFFSET_S;
		gmtime_r(&t, &tm);
		/* The formats are the catalog's (year, month, day[, hour, minute]), so a locale can reorder nothing but words. */
		return cnap_arena_printf(a, web_t(WS_format_datetime), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
					 tm.tm_hour, tm.tm_min);
	}
	if (sscanf(s, "%d-%d-%d", &y, &mo, &d) == 3)
		return cnap_arena_printf(a, web_t(WS_format_date), y, mo, d);
	return s;
}
