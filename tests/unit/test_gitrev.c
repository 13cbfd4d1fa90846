/*
 * Unit tests of gitrev's parsing of `git cat-file --batch` answers: only
 * "OID blob SIZE" for the object asked for is accepted; "missing", an
 * echoed request (a name that looks like a header), another object or
 * type, and a size that is not a number or is over the bound are errors
 * (issue 18, finding 1: "size + 1" once wrapped to 0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "load/gitrev.h"

static const char oid[] = "0123456789abcdef0123456789abcdef01234567";

static int parse(const char *line, size_t max, size_t *size)
{
	const char *why = NULL;
	int r = gitrev_parse_header(line, strlen(line), oid, max, size, &why);
	if (r < 0)
		assert_non_null(why);
	return r;
}

static void test_header_ok(void **state)
{
	(void)state;
	size_t size = 7;
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 0", 100, &size), 0);
	assert_int_equal(size, 0);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 100", 100, &size), 0);
	assert_int_equal(size, 100);
}

static void test_header_refused(void **state)
{
	(void)state;
	size_t size = 0;
	size_t max = SIZE_MAX;
	/* the answer to a missing object, and an echoed request */
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 missing", max, &size), -1);
	assert_int_equal(parse("HEAD:b blob 18446744073709551615.yaml missing", max, &size), -1);
	/* another object, another type */
	assert_int_equal(parse("1123456789abcdef0123456789abcdef01234567 blob 5", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 commit 5", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 tree 5", max, &size), -1);
	/* sizes: wrapping, signs, spaces, nothing, over the bound */
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 18446744073709551615",
			       1 << 20, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 99999999999999999999999",
			       max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob -1", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob  5", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 5 ", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob ", max, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567 blob 101", 100, &size), -1);
	assert_int_equal(parse("0123456789abcdef0123456789abcdef01234567", max, &size), -1);
	assert_int_equal(parse("", max, &size), -1);
}

static void test_rev_refused(void **state)
{
	(void)state;
	struct diag d;
	FILE *f = tmpfile();
	assert_non_null(f);
	diag_init(&d, f);
	struct gitrev_files gf;
	/* refused before git runs: these need no repository */
	assert_int_equal(gitrev_read("--full-tree", ".", NULL, 100, &d, &gf), -1);
	assert_int_equal(gitrev_read("-p", ".", NULL, 100, &d, &gf), -1);
	assert_int_equal(gitrev_read("", ".", NULL, 100, &d, &gf), -1);
	assert_int_equal(gitrev_read("HEAD\n", ".", NULL, 100, &d, &gf), -1);
	assert_int_equal(gf.n, 0);
	assert_int_equal(diag_errors(&d), 4);
	diag_release(&d);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_ok),
		cmocka_unit_test(test_header_refused),
		cmocka_unit_test(test_rev_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
