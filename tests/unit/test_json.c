/*
 * Unit tests of the JSON writer's escaping: the one encoder every JSON
 * output goes through, so inventory text with quotes, controls, invalid
 * UTF-8 or the line separators that end a JavaScript string arrives as
 * valid JSON that means the same text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"
#include "base/util.h"

static void expect_escaped(const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	json_escape_sb(&sb, in, n);
	assert_string_equal(sb.buf ? sb.buf : "", want);
	sb_release(&sb);
}

static void test_ascii(void **state)
{
	(void)state;
	expect_escaped("plain-id:x", 10, "plain-id:x");
	expect_escaped("a\"b\\c", 5, "a\\\"b\\\\c");
	expect_escaped("\n\r\t", 3, "\\n\\r\\t");
	expect_escaped("\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f");
	/* a NUL inside a quoted YAML scalar is kept, escaped */
	expect_escaped("a\0b", 3, "a\\u0000b");
}

static void test_utf8(void **state)
{
	(void)state;
	/* valid sequences of 2, 3 and 4 bytes pass unchanged */
	expect_escaped("\xc3\xa9\xe2\x82\xac\xf0\x9f\x8c\x8d", 9, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x8c\x8d");
	/* U+2028 and U+2029 end a string in older JavaScript */
	expect_escaped("a\xe2\x80\xa8" "b\xe2\x80\xa9", 8, "a\\u2028b\\u2029");
	/* invalid: a lone continuation, an overlong '/', a surrogate, a
	 * truncated sequence: each bad byte becomes U+FFFD */
	expect_escaped("\x80", 1, "\\ufffd");
	expect_escaped("\xc0\xaf", 2, "\\ufffd\\ufffd");
	expect_escaped("\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd");
	expect_escaped("x\xe2\x82", 3, "x\\ufffd\\ufffd");
}

static void test_document(void **state)
{
	(void)state;
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);
	assert_non_null(out);
	struct json j;
	json_init(&j, out, false);
	json_obj_begin(&j);
	json_kint(&j, "n", -3);
	json_key(&j, "l");
	json_arr_begin(&j);
	json_str(&j, "q\"");
	json_str(&j, NULL);
	json_bool(&j, true);
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
	fclose(out);
	assert_string_equal(s, "{\"n\":-3,\"l\":[\"q\\\"\",null,true]}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
