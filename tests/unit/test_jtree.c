/*
 * Unit tests of jtree, the JSON reader of the deployed-infrastructure
 * importers: what libyaml got wrong on real files (surrogate pairs, JSON
 * lines, numbers past 64 bits), '#' comment lines, skipped members, the
 * paths that messages print, and parse errors at file:line:col.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jtree.h"

struct jrun {
	struct arena a;
	struct strmap keys;
	struct ptrvec roots;
	struct diag d;
	char *msgs;
	size_t msglen;
	FILE *mf;
	int rc;
};

static void jrun(struct jrun *r, const char *text, const struct jtree_opts *o)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->a);
	strmap_init(&r->keys);
	r->mf = open_memstream(&r->msgs, &r->msglen);
	diag_init(&r->d, r->mf);
	r->d.excerpts = false;
	r->rc = jtree_read_buffer(text, strlen(text), "t.json", o, &r->a, &r->keys, &r->roots, &r->d);
	fflush(r->mf);
}

static void jdone(struct jrun *r)
{
	diag_release(&r->d);
	fclose(r->mf);
	free(r->msgs);
	pv_release(&r->roots);
	strmap_release(&r->keys);
	arena_release(&r->a);
}

static void test_values(void **state)
{
	(void)state;
	struct jrun r;
	jrun(&r, "{\"a\":\"\\ud83d\\ude00\",\"n\":123456789012345678901234567890,\"t\":\t[true,null]}",
	     NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.roots.n, 1);
	const struct jnode *root = r.roots.v[0];
	assert_string_equal(jstrk(root, "a"), "\xf0\x9f\x98\x80");
	const struct jnode *n = jget(root, "n");
	assert_int_equal(n->type, J_NUM);
	assert_string_equal(n->v.s, "123456789012345678901234567890");
	const struct jnode *t = jget(root, "t");
	assert_int_equal(t->n, 2);
	assert_int_equal(t->v.kids[0].type, J_BOOL);
	assert_int_equal(t->v.kids[1].type, J_NULL);
	assert_ptr_equal(t->v.kids[1].up, t);
	assert_int_equal(jindex(&t->v.kids[1]), 1);
	jdone(&r);
}

static void test_lines_comments_skip(void **state)
{
	(void)state;
	static const char *const skip[] = { "big", NULL };
	struct jtree_opts o = { 0, skip };
	struct jrun r;
	jrun(&r, "# a comment line\n{\"x\":{\"y\":[1,{\"z-1\":\"v\"}]},\"big\":[[1],{\"k\":2}]}\n"
	     "#another\n{\"x\":2}\n", &o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.roots.n, 2);
	const struct jnode *root = r.roots.v[0];
	assert_null(jget(root, "big"));
	const struct jnode *z = jget(&jgetp(root, "x.y")->v.kids[1], "z-1");
	assert_string_equal(jstr(z), "v");
	struct strbuf sb = STRBUF_INIT;
	jtree_path(&sb, z);
	assert_string_equal(sb.buf, "record 1: x.y[1][\"z-1\"]");
	sb_release(&sb);
	assert_string_equal(jget(r.roots.v[1], "x")->v.s, "2");
	jdone(&r);
}

static void test_errors(void **state)
{
	(void)state;
	struct jrun r;
	jrun(&r, "{\"a\":\n  [1, 2,, 3]}", NULL);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.msgs, "t.json:2:"));
	assert_non_null(strstr(r.msgs, "not valid JSON"));
	assert_non_null(strstr(r.msgs, "$.a"));
	jdone(&r);
	struct jtree_opts o = { 3, NULL };
	jrun(&r, "[[[[1]]]]", &o);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.msgs, "deeper than 3"));
	jdone(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_lines_comments_skip),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
