/* Mail modes, outbox states and the reminder plan (model/mail.h). */
#include "base/compat.h"
#include "model/mail.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const mode_names[CNAP_MAIL_MODE_COUNT] = { "immediate", "digest", "off" };
static const char *const mode_labels[CNAP_MAIL_MODE_COUNT] = { "その都度受け取る", "1日1回まとめて受け取る",
							       "受け取らない" };
static const char *const state_names[CNAP_OUTBOX_STATE_COUNT] = { "queued", "sending", "sent", "failed",
								  "cancelled" };
static const char *const state_labels[CNAP_OUTBOX_STATE_COUNT] = { "送信待ち", "送信中", "送信済み", "送信失敗",
								   "取消（対応済み）" };
static const char *const notice_mail_names[CNAP_NOTICE_MAIL_COUNT] = { "none", "queued", "digest", "digested",
								       "cancelled" };

static bool find_name(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0) {
			*out = (int)i;
			return true;
		}
	return false;
}

const char *cnap_mail_mode_name(enum cnap_mail_mode m)
{
	return (unsigned)m < CNAP_MAIL_MODE_COUNT ? mode_names[m] : "?";
}

const char *cnap_mail_mode_label_ja(enum cnap_mail_mode m)
{
	return (unsigned)m < CNAP_MAIL_MODE_COUNT ? mode_labels[m] : "?";
}

bool cnap_mail_mode_parse(const char *s, enum cnap_mail_mode *out)
{
	int i;
	if (!find_name(mode_names, CNAP_MAIL_MODE_COUNT, s, &i))
		return false;
	*out = (enum cnap_mail_mode)i;
	return true;
}

const char *cnap_outbox_state_name(enum cnap_outbox_state st)
{
	return (unsigned)st < CNAP_OUTBOX_STATE_COUNT ? state_names[st] : "?";
}

const char *cnap_outbox_state_label_ja(enum cnap_outbox_state st)
{
	return (unsigned)st < CNAP_OUTBOX_STATE_COUNT ? state_labels[st] : "?";
}

bool cnap_outbox_state_parse(const char *s, enum cnap_outbox_state *out)
{
	int i;
	if (!find_name(state_names, CNAP_OUTBOX_STATE_COUNT, s, &i))
		return false;
	*out = (enum cnap_outbox_state)i;
	return true;
}

const char *cnap_notice_mail_name(enum cnap_notice_mail m)
{
	return (unsigned)m < CNAP_NOTICE_MAIL_COUNT ? notice_mail_names[m] : "?";
}

bool cnap_notice_mail_parse(const char *s, enum cnap_notice_mail *out)
{
	int i;
	if (!find_name(notice_mail_names, CNAP_NOTICE_MAIL_COUNT, s, &i))
		return false;
	*out = (enum cnap_notice_mail)i;
	return true;
}

/* The digit at p (ASCII or full-width), its value in *d and its length in *len; false if none. */
static bool digit_at(const unsigned char *p, int *d, size_t *len)
{
	if (*p >= '0' && *p <= '9') {
		*d = *p - '0', *len = 1;
		return true;
	}
	if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) {
		*d = p[2] - 0x90, *len = 3;
		return true;
	}
	return false;
}

/* A separator at p (, 、 ， blank, ideographic blank), its length; 0 if none. */
static size_t separator_at(const unsigned char *p)
{
	if (*p == ',' || *p == ' ' || *p == '\t')
		return 1;
	if ((p[0] == 0xe3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x80)) || (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c))
		return 3;
	return 0;
}

enum cnap_err cnap_reminder_days_parse(const char *s, struct cnap_reminder_plan *p, const char *field,
				       struct cnap_error *err)
{
	p->n = 0;
	const unsigned char *c = (const unsigned char *)(s ? s : "");
	while (*c) {
		size_t len;
		int d;
		if ((len = separator_at(c))) {
			c += len;
			continue;
		}
		if (!digit_at(c, &d, &len))
			return cnap_fail(err, CNAP_EINVAL, field,
					 "督促の日数は「7,2,0」のように、期限の何日前かを数字で区切って入力してください");
		int v = 0;
		while (digit_at(c, &d, &len)) {
			v = v * 10 + d;
			c += len;
			if (v > CNAP_REMINDER_MAX_DAYS)
				return cnap_fail(err, CNAP_EINVAL, field, "督促は期限の%d日前までにしてください",
						 CNAP_REMINDER_MAX_DAYS);
		}
		bool dup = false;
		for (size_t i = 0; i < p->n; i++)
			dup = dup || p->days[i] == v;
		if (dup)
			continue;
		if (p->n == CNAP_REMINDER_MAX_STEPS)
			return cnap_fail(err, CNAP_EINVAL, field, "督促は%d回までにしてください", CNAP_REMINDER_MAX_STEPS);
		size_t at = p->n++;
		while (at > 0 && p->days[at - 1] < v) { /* largest first */
			p->days[at] = p->days[at - 1];
			at--;
		}
		p->days[at] = v;
	}
	return CNAP_OK;
}

void cnap_reminder_days_format(const struct cnap_reminder_plan *p, char *out, size_t outsz)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p->n && used < outsz; i++) {
		int w = snprintf(out + used, outsz - used, "%s%d", i ? "," : "", p->days[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

bool cnap_reminder_due(const struct cnap_reminder_plan *p, int days_left, bool *overdue, int *days, char key[16])
{
	if (days_left >= 0) {
		/* days are largest first: the last one not later than today is the latest step reached */
		int hit = -1;
		for (size_t i = 0; i < p->n; i++)
			if (p->days[i] >= days_left)
				hit = p->days[i];
		if (hit < 0)
			return false;
		*overdue = false, *days = hit;
		snprintf(key, 16, "b%d", hit);
		return true;
	}
	int past = -days_left;
	if (p->overdue_every <= 0 || past < p->overdue_every)
		return false;
	int step = past / p->overdue_every * p->overdue_every;
	*overdue = true, *days = step;
	snprintf(key, 16, "o%d", step);
	return true;
}

/* Days since 1970-01-01 of a "YYYY-MM-DD" date. */
static bool day_number(const char *s, long *out)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return false;
	/* days from civil (proleptic Gregorian), shifted so March starts the year */
	long yy = m <= 2 ? y - 1 : y;
	long era = yy / 400;
	long yoe = yy - era * 400;
	long mp = (m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return true;
}

bool cnap_days_between(const char *a, const char *b, int *out)
{
	long da, db;
	if (!day_number(a, &da) || !day_number(b, &db))
		return false;
	*out = (int)(db - da);
	return true;
}

bool cnap_date_label_ja(const char *ymd, char *out, size_t outsz)
{
	long dn;
	if (!day_number(ymd, &dn))
		return false;
	static const char *const wd[] = { "日", "月", "火", "水", "木", "金", "土" };
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	int m = (ymd[5] - '0') * 10 + (ymd[6] - '0'), d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	long w = ((dn % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday */
	int n = snprintf(out, outsz, "%d年%d月%d日（%s）", y, m, d, wd[w]);
	return n > 0 && (size_t)n < outsz;
}
