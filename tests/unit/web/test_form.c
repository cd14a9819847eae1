/* Form bodies, query strings and Cookie headers: decoding and hostile input. */
#include "base/compat.h"
#include "base/buf.h"
#include "web/form.h"
#include "test_util.h"

#include <string.h>

static enum cnap_err form(struct cnap_arena *a, const char *s, struct web_kvs *kv)
{
	memset(kv, 0, sizeof(*kv));
	return web_form_parse(a, s, strlen(s), kv);
}

static void test_decoding(void **state)
{
	(void)state;
	struct cnap_arena a;
	struct web_kvs kv;
	cnap_arena_init(&a);
	assert_int_equal(form(&a, "a=1&b=x+y&c=%E6%97%A5%e6%9c%ac&flag&=v&&d=", &kv), CNAP_OK);
	assert_string_equal(web_kv_get(&kv, "a"), "1");
	assert_string_equal(web_kv_get(&kv, "b"), "x y");
	assert_string_equal(web_kv_get(&kv, "c"), "日本");
	assert_string_equal(web_kv_get(&kv, "flag"), "");
	assert_string_equal(web_kv_get(&kv, ""), "v");
	assert_string_equal(web_kv_get(&kv, "d"), "");
	assert_null(web_kv_get(&kv, "missing"));
	assert_i64_eq(kv.n, 6);
	/* Repeated keys keep every value, in order (checkbox lists). */
	assert_int_equal(form(&a, "wg=a&wg=b", &kv), CNAP_OK);
	assert_i64_eq(kv.n, 2);
	assert_string_equal(kv.v[1].val, "b");
	cnap_arena_release(&a);
}

static void test_bad_escapes_stay_literal(void **state)
{
	(void)state;
	struct cnap_arena a;
	struct web_kvs kv;
	cnap_arena_init(&a);
	assert_int_equal(form(&a, "a=%&b=%4&c=%zz&d=100%25&e=%2", &kv), CNAP_OK);
	assert_string_equal(web_kv_get(&kv, "a"), "%");
	assert_string_equal(web_kv_get(&kv, "b"), "%4");
	assert_string_equal(web_kv_get(&kv, "c"), "%zz");
	assert_string_equal(web_kv_get(&kv, "d"), "100%");
	assert_string_equal(web_kv_get(&kv, "e"), "%2");
	cnap_arena_release(&a);
}

static void test_refusals(void **state)
{
	(void)state;
	struct cnap_arena a;
	struct web_kvs kv;
	cnap_arena_init(&a);
	/* A NUL byte would cut C strings short: the whole form is refused. */
	assert_int_equal(form(&a, "text=ab%00cd", &kv), CNAP_EINVAL);
	assert_int_equal(form(&a, "te%00xt=1", &kv), CNAP_EINVAL);
	struct cnap_buf many;
	cnap_buf_init(&many, 0);
	for (int i = 0; i <= WEB_MAX_FIELDS; i++)
		cnap_buf_adds(&many, "k=v&");
	assert_int_equal(form(&a, many.data, &kv), CNAP_EINVAL);
	cnap_buf_release(&many);
	/* Bytes are kept as sent; UTF-8 validity is checked per field later. */
	assert_int_equal(form(&a, "t=%FF%FE", &kv), CNAP_OK);
	assert_string_equal(web_kv_get(&kv, "t"), "\xff\xfe");
	cnap_arena_release(&a);
}

static void test_cookies(void **state)
{
	(void)state;
	struct cnap_arena a;
	struct web_kvs kv = { 0 };
	cnap_arena_init(&a);
	const char *h = " cnap_session=abc-_123 ;theme=\"dark\"; =nameless; junk; empty=; a = b ";
	assert_int_equal(web_cookie_parse(&a, h, strlen(h), &kv), CNAP_OK);
	assert_string_equal(web_kv_get(&kv, "cnap_session"), "abc-_123");
	assert_string_equal(web_kv_get(&kv, "theme"), "dark");
	assert_string_equal(web_kv_get(&kv, "empty"), "");
	assert_string_equal(web_kv_get(&kv, "a"), "b");
	assert_null(web_kv_get(&kv, ""));
	assert_null(web_kv_get(&kv, "junk"));
	assert_i64_eq(kv.n, 4);
	struct web_kvs nul = { 0 };
	assert_int_equal(web_cookie_parse(&a, "a=b\0c", 5, &nul), CNAP_EINVAL);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_bad_escapes_stay_literal),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_cookies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
