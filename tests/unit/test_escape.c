/*
 * Unit tests of the escapers of each output medium (issue 18, findings
 * 3, 4 and 20): terminal text, inline Markdown, CSV, and the display
 * width that text tables pad by.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/utf8.h"

static void text_is(const char *in, const char *indent, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	esc_text(&sb, in, indent);
	assert_string_equal(sb.buf ? sb.buf : "", want);
	sb_release(&sb);
}

static void test_text(void **state)
{
	(void)state;
	text_is("plain text, with: colons", NULL, "plain text, with: colons");
	text_is("tab\there", NULL, "tab\there");
	/* terminal escapes, C1 controls (CSI, NEL), bidi and zero-width */
	text_is("a\x1b[2Jb", NULL, "a\\x1b[2Jb");
	text_is("csi\xc2\x9b" "2J nel\xc2\x85", NULL, "csi\\u009B2J nel\\u0085");
	text_is("rlo\xe2\x80\xae" "x zw\xe2\x80\x8b" "y", NULL, "rlo\\u202Ex zw\\u200By");
	text_is("bom\xef\xbb\xbf shy\xc2\xad", NULL, "bom\\uFEFF shy\\u00AD");
	text_is("bad\xff", NULL, "bad\\xff");
	/* one line: breaks are shown */
	text_is("a\nb\r\nc\xe2\x80\xa8" "d", NULL, "a\\x0ab\\x0d\\x0ac\\u2028d");
	/* a block: continuation lines indented, every break a new line */
	text_is("a\nb\r\nc\xe2\x80\xa8" "d", "  ", "a\n  b\n  c\n  d");
	/* GitHub workflow commands: `::` at a line start, even after blanks
	 * (the runner trims them), and `##[` anywhere */
	text_is("::add-mask::x", NULL, "\\x3a:add-mask::x");
	text_is("ok\n  ::error::forged", "  ", "ok\n    \\x3a:error::forged");
	text_is("ok\n\xc2\xa0::stop-commands::t", "  ", "ok\n  \xc2\xa0\\x3a:stop-commands::t");
	text_is("x ::y", NULL, "x ::y");
	text_is("a ##[warning]b", NULL, "a ##\\x5bwarning]b");
	text_is("#[ ## [", NULL, "#[ ## [");
}

static void test_text_str(void **state)
{
	(void)state;
	const char *clean = "azure:westeurope";
	assert_ptr_equal(esc_text_str(clean), clean);
	assert_string_equal(esc_text_str("\x1b" "x"), "\\x1bx");
	assert_string_equal(esc_text_str("Zürich"), "Zürich");
	assert_string_equal(esc_text_str(NULL), "");
	/* copies stay valid across the next calls */
	const char *a = esc_text_str("::a");
	const char *b = esc_text_str("::b");
	assert_string_equal(a, "\\x3a:a");
	assert_string_equal(b, "\\x3a:b");
}

static void md_is(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	esc_md(&sb, in);
	assert_string_equal(sb.buf ? sb.buf : "", want);
	sb_release(&sb);
}

static void test_md(void **state)
{
	(void)state;
	md_is("azure:westeurope", "azure:westeurope");
	md_is("a|b <x> *y* & a -> b", "a\\|b &lt;x> \\*y\\* &amp; a -> b");
	md_is("a|b\\c", "a\\|b\\\\c");
	md_is("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))");
	md_is("![img](http://e/x.png)", "\\!\\[img\\](http\\://e/x.png)");
	md_is("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>");
	md_is("&amp;", "&amp;amp;");
	md_is("ping @octocat", "ping @&#8203;octocat");
	md_is("see https://evil.example", "see https\\://evil.example");
	md_is("www.evil.example and awww.x", "www\\.evil.example and awww.x");
	md_is("*b* _i_ `c` ~s~ #h", "\\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\#h");
	md_is("two\nlines\xe2\x80\xa8" "x", "two lines x");
	md_is("esc\x1b[1m", "esc\\x1b\\[1m");
	md_is("bad\xff", "bad\xef\xbf\xbd");
}

static void csv_is(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	esc_csv(&sb, in);
	assert_string_equal(sb.buf ? sb.buf : "", want);
	sb_release(&sb);
}

static void test_csv(void **state)
{
	(void)state;
	csv_is("plain", "plain");
	csv_is("", "");
	csv_is("a,b", "\"a,b\"");
	csv_is("say \"x\"", "\"say \"\"x\"\"\"");
	csv_is("two\nlines", "\"two\nlines\"");
	/* OWASP CSV injection: a leading = + - @ tab or CR */
	csv_is("=HYPERLINK(\"http://e\",\"x\")", "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"");
	csv_is("+1", "\"'+1\"");
	csv_is("-1", "\"'-1\"");
	csv_is("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_is("\tx", "\"'\tx\"");
	csv_is("\rx", "\"'\rx\"");
	csv_is("a=b", "a=b");
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("Zürich"), 6);
	/* CJK and fullwidth: two columns each */
	assert_int_equal(utf8_width("東京"), 4);
	assert_int_equal(utf8_width("서울"), 4);
	assert_int_equal(utf8_width("ＡＢ"), 4);
	/* combining marks and zero-width characters: none */
	assert_int_equal(utf8_width("e\xcc\x81"), 1);
	assert_int_equal(utf8_width("a\xe2\x80\x8b" "b"), 2);
	/* an emoji is wide; an invalid byte counts one */
	assert_int_equal(utf8_width("\xf0\x9f\x98\x80"), 2);
	assert_int_equal(utf8_width("\xff"), 1);
	assert_int_equal(utf8_cp_width(0x1b), 0);
	assert_int_equal(utf8_cp_width(0x4E00), 2);
	assert_int_equal(utf8_cp_width(0x0301), 0);
	assert_int_equal(utf8_cp_width('a'), 1);
}

static void test_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc0\x80", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x80", 2, &cp), 0);
	assert_int_equal(utf8_yaml_break((const unsigned char *)"\r\n", 2), 2);
	assert_int_equal(utf8_yaml_break((const unsigned char *)"\xc2\x85", 2), 2);
	assert_int_equal(utf8_yaml_break((const unsigned char *)"\xe2\x80\xa9", 3), 3);
	assert_int_equal(utf8_yaml_break((const unsigned char *)"x", 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_str),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
