/* test_jw.c: the JSON writer and UTF-8 validation */
#include "harness.h"
#include "core/jw.h"
#include "core/err.h"

TEST(escapes_everything_unsafe)
{
	struct sb s;

	sb_init(&s, NULL, 4096);
	jw_str(&s, "a\"b\\c\n\x01<>&\xe2\x80\xa8\xe2\x80\xa9 ә");
	CHECK_EQ_STR(s.buf, "\"a\\\"b\\\\c\\n\\u0001\\u003c\\u003e\\u0026"
		"\\u2028\\u2029 ә\"");
	sb_release(&s);
}

TEST(places_commas)
{
	struct sb s;

	sb_init(&s, NULL, 4096);
	jw_obj_begin(&s);
	jw_kv_i64(&s, "a", -5);
	jw_key(&s, "b");
	jw_arr_begin(&s);
	jw_i64(&s, 1);
	jw_null(&s);
	jw_obj_begin(&s);
	jw_obj_end(&s);
	jw_arr_end(&s);
	jw_kv_bool(&s, "c", true);
	jw_key(&s, "d");
	jw_f64(&s, 39.95, 1);
	jw_obj_end(&s);
	CHECK_EQ_STR(s.buf, "{\"a\":-5,\"b\":[1,null,{}],\"c\":true,"
		"\"d\":40.0}");
	sb_release(&s);
}

TEST(int64_extremes)
{
	struct sb s;

	sb_init(&s, NULL, 4096);
	jw_arr_begin(&s);
	jw_i64(&s, INT64_MIN);
	jw_i64(&s, INT64_MAX);
	jw_i64(&s, 0);
	jw_arr_end(&s);
	CHECK_EQ_STR(s.buf, "[-9223372036854775808,9223372036854775807,0]");
	sb_release(&s);
}

TEST(cap_is_sticky)
{
	struct sb s;

	sb_init(&s, NULL, 8);
	sb_adds(&s, "12345");
	sb_adds(&s, "6789");
	CHECK(sb_err(&s) == ERR_TOOBIG);
	sb_adds(&s, "x");
	CHECK_EQ_STR(s.buf, "12345");
	sb_release(&s);
}

TEST(utf8_validation)
{
	CHECK(utf8_valid("қазақ тілі", strlen("қазақ тілі")));
	CHECK(utf8_valid("\xf0\x9f\x98\x80", 4));
	CHECK(!utf8_valid("\xc0\xaf", 2));              /* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));          /* surrogate */
	CHECK(!utf8_valid("\xe2\x82", 2));              /* truncated */
	CHECK(!utf8_valid("a\0b", 3));                  /* NUL */
	CHECK(!utf8_valid("\xff", 1));
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));      /* > U+10FFFF */
}

TEST(invalid_utf8_becomes_replacement)
{
	struct sb s;

	sb_init(&s, NULL, 4096);
	/* a lone 0xFF, a cut-off 'қ' (D2 9B), a surrogate, then 'қ' whole */
	jw_strn(&s, "a\xff|\xd2|\xed\xa0\x80|\xd2\x9b", 11);
	CHECK_EQ_STR(s.buf, "\"a\\ufffd|\\ufffd|\\ufffd\\ufffd\\ufffd|қ\"");
	CHECK(utf8_valid(s.buf, s.len));
	sb_release(&s);
}

HARNESS_MAIN(invalid_utf8_becomes_replacement, escapes_everything_unsafe, places_commas, int64_extremes,
	cap_is_sticky, utf8_validation)
