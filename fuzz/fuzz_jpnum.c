/*
 * libFuzzer target: numbers as typed in Japanese offices (base/jpnum.h).
 * Properties: an accepted number's canonical form is plain ASCII decimal
 * (-?digits[.digits], no trailing zero after the point, no "-0") that reads
 * back to the same value and canonical; blank is blank; a refusal always
 * carries a Japanese message in valid UTF-8 and no place; display
 * formatting of any accepted value succeeds. A failure traps, so libFuzzer
 * and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/jpnum.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what, const char *in, size_t n, const struct cnap_jpnum *v)
{
	fprintf(stderr, "fuzz_jpnum: %s: input \"%.*s\" canonical \"%s\" value %.17g decimals %d\n", what,
		(int)n, in, v->canonical, v->value, v->decimals);
	abort();
}

static bool plain_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return false;
	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return false; /* no leading zero */
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s[-1] == '0')
			return false; /* trailing zero kept */
	}
	return *s == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct cnap_jpnum v, again;
	struct cnap_error err = { 0 };
	if (cnap_jpnum_parse(in, size, &v, &err) != CNAP_OK) {
		if (!err.message[0] || !cnap_utf8_valid(err.message, strlen(err.message), NULL) || err.where[0])
			violated("a refusal without a proper message", in, size, &v);
		if (v.empty || v.canonical[0])
			violated("a refusal leaves a result behind", in, size, &v);
		return 0;
	}
	if (v.empty) {
		if (v.canonical[0] || v.value != 0 || v.decimals != 0)
			violated("blank with a value", in, size, &v);
		return 0;
	}
	if (!plain_decimal(v.canonical) || strcmp(v.canonical, "-0") == 0)
		violated("canonical is not plain ASCII decimal", in, size, &v);
	if (v.decimals < 0 || v.decimals > CNAP_JPNUM_MAX_DECIMALS || !(v.value >= -CNAP_JPNUM_MAX_ABS && v.value <= CNAP_JPNUM_MAX_ABS))
		violated("decimals or value out of range", in, size, &v);
	const char *point = strchr(v.canonical, '.');
	if (point && (int)strlen(point + 1) > v.decimals)
		violated("canonical has more decimals than were typed", in, size, &v);
	if (cnap_jpnum_parse(v.canonical, strlen(v.canonical), &again, &err) != CNAP_OK)
		violated("canonical is refused", in, size, &v);
	if (again.empty || again.value != v.value || strcmp(again.canonical, v.canonical) != 0)
		violated("canonical does not read back to the same value", in, size, &v);
	char shown[128];
	cnap_jpnum_format(v.value, v.decimals, shown, sizeof(shown));
	if (!shown[0] || !cnap_utf8_valid(shown, strlen(shown), NULL))
		violated("an accepted value cannot be shown", in, size, &v);
	return 0;
}
