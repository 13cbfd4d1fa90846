/*
 * Unit tests of input (bounded reads, what was read is remembered) and
 * outfile (issue 18, findings 7-9): an input is never replaced, a
 * replaced file keeps its mode, and outputs committed together are
 * replaced all or none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/input.h"
#include "base/outfile.h"
#include "base/util.h"

static char dir[] = "/tmp/resmap-test-outfile.XXXXXX";
static FILE *sink;

static int setup(void **state)
{
	(void)state;
	input_reset();
	if (!mkdtemp(dir))
		return -1;
	sink = fopen("/dev/null", "w");
	return sink ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int r = system(cmd);
	free(cmd);
	fclose(sink);
	input_reset();
	return r == 0 ? 0 : -1;
}

static char *path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void put(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *get(const char *p)
{
	struct diag d;
	diag_init(&d, sink);
	char *buf;
	size_t len;
	bool regular;
	int r = input_read(p, 1 << 20, &d, &buf, &len, &regular);
	diag_release(&d);
	return r == 0 ? buf : NULL;
}

static void test_input_bound(void **state)
{
	(void)state;
	char *p = path("in.yaml");
	put(p, "0123456789");
	struct diag d;
	diag_init(&d, sink);
	char *buf;
	size_t len;
	bool regular;
	assert_int_equal(input_read(p, 9, &d, &buf, &len, &regular), -1);
	assert_null(buf);
	assert_int_equal(input_read(p, 10, &d, &buf, &len, &regular), 0);
	assert_int_equal(len, 10);
	assert_true(regular);
	assert_string_equal(buf, "0123456789");
	free(buf);
	assert_int_equal(input_read("/dev/zero", 10, &d, &buf, &len, &regular), -1);
	assert_int_equal(diag_errors(&d), 2);
	diag_release(&d);
	free(p);
}

static void test_input_not_replaced(void **state)
{
	(void)state;
	char *in = path("inv.yaml"), *hard = path("hard.txt");
	put(in, "tenants: {}\n");
	assert_int_equal(link(in, hard), 0);
	free(get(in));               /* read: remembered */
	struct diag d;
	diag_init(&d, sink);
	struct outfile o;
	assert_int_equal(outfile_open(&o, in, &d), -1);
	assert_int_equal(outfile_open(&o, hard, &d), -1);
	assert_int_equal(diag_errors(&d), 2);
	diag_release(&d);
	char *text = get(in);
	assert_string_equal(text, "tenants: {}\n");
	free(text);
	free(in);
	free(hard);
}

static void test_mode_kept(void **state)
{
	(void)state;
	char *p = path("private.json");
	put(p, "old\n");
	assert_int_equal(chmod(p, 0640), 0);
	struct diag d;
	diag_init(&d, sink);
	struct outfile o;
	assert_int_equal(outfile_open(&o, p, &d), 0);
	fputs("new\n", o.fp);
	assert_int_equal(outfile_commit(&o, &d), 0);
	diag_release(&d);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	free(p);
}

static void test_all_or_none(void **state)
{
	(void)state;
	char *a = path("r.md"), *b = path("r-deps.svg");
	put(a, "old md\n");
	put(b, "old svg\n");
	struct diag d;
	diag_init(&d, sink);
	struct outfile oa, ob;
	assert_int_equal(outfile_open(&oa, a, &d), 0);
	assert_int_equal(outfile_open(&ob, b, &d), 0);
	fputs("new md\n", oa.fp);
	/* the drawing's write fails: a stream with its error flag set */
	fclose(ob.fp);
	ob.fp = fopen("/dev/null", "r");
	assert_non_null(ob.fp);
	fputc('x', ob.fp);
	struct outfile *all[] = { &oa, &ob };
	assert_int_equal(outfile_commit_all(all, 2, &d), -1);
	diag_release(&d);
	char *ta = get(a), *tb = get(b);
	assert_string_equal(ta, "old md\n");
	assert_string_equal(tb, "old svg\n");
	free(ta);
	free(tb);
	/* and no temporary is left */
	char *cmd = xasprintf("ls '%s' | grep -q tmp", dir);
	assert_int_not_equal(system(cmd), 0);
	free(cmd);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_bound),
		cmocka_unit_test(test_input_not_replaced),
		cmocka_unit_test(test_mode_kept),
		cmocka_unit_test(test_all_or_none),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
