/*
 * Japanese presentation conventions that are not domain rules: kanji
 * numerals and 令和 fiscal years. Results are written into caller buffers.
 */
#ifndef CNAP_JPFMT_H
#define CNAP_JPFMT_H

#include "base/compat.h"

/* 0..9999 as kanji numerals (二十三, 百五); false if out of range or out too small. */
bool cnap_jp_kanji_number(int n, char *out, size_t outsz);

/*
 * Fiscal year in the 令和 era: 2023 → "令和五年度" (kanji) or "令和5年度";
 * 2019 → "令和元年度". Years before 2019 use 平成 (平成三十年度).
 * false if the year is before 1989 or the buffer is too small.
 */
bool cnap_jp_era_fiscal_year(int year, bool kanji, char *out, size_t outsz);

#endif
