#include "base/compat.h"
#include "base/jpfmt.h"

#include <stdio.h>
#include <string.h>

static const char *const digit_kanji[10] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

bool cnap_jp_kanji_number(int n, char *out, size_t outsz)
{
	static const char *const unit[4] = { "", "十", "百", "千" };
	if (n < 0 || n > 9999 || outsz == 0)
		return false;
	out[0] = '\0';
	if (n == 0)
		return (size_t)snprintf(out, outsz, "%s", digit_kanji[0]) < outsz;
	size_t len = 0;
	for (int pos = 3; pos >= 0; pos--) {
		int div = pos == 3 ? 1000 : pos == 2 ? 100 : pos == 1 ? 10 : 1;
		int d = (n / div) % 10;
		if (d == 0)
			continue;
		/* 十, 百, 千 stand alone for 1 (十五, not 一十五) */
		const char *dk = (d == 1 && pos > 0) ? "" : digit_kanji[d];
		int w = snprintf(out + len, outsz - len, "%s%s", dk, unit[pos]);
		if (w < 0 || (size_t)w >= outsz - len)
			return false;
		len += (size_t)w;
	}
	return true;
}

bool cnap_jp_era_fiscal_year(int year, bool kanji, char *out, size_t outsz)
{
	const char *era;
	int y;
	if (year >= 2019) {
		era = "令和";
		y = year - 2018;
	} else if (year >= 1989) {
		era = "平成";
		y = year - 1988;
	} else {
		return false;
	}
	char num[64];
	if (y == 1)
		snprintf(num, sizeof(num), "元");
	else if (kanji) {
		if (!cnap_jp_kanji_number(y, num, sizeof(num)))
			return false;
	} else
		snprintf(num, sizeof(num), "%d", y);
	int w = snprintf(out, outsz, "%s%s年度", era, num);
	return w >= 0 && (size_t)w < outsz;
}
