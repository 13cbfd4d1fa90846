/*
 * Unit tests for ypool: files parsed on several threads give the calling
 * thread exactly what a loop over them gives — the same callbacks with
 * the same arguments, and the same messages, in the same order — and the
 * number of files parsed ahead stays within the window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/diag.h"
#include "base/util.h"
#include "base/ypool.h"
#include "base/ytree.h"

/* Everything the calling thread saw, as text: callbacks and messages interleaved. */
struct trace {
	struct strbuf sb;
	struct diag d;
	FILE *out;
	char *buf;
	size_t len;
	int stop_at;            /* the document callback returns -1 on this file (-1: never) */
};

static void flush_msgs(struct trace *t)
{
	fflush(t->out);
	if (t->len)
		sb_add(&t->sb, t->buf, t->len);
	rewind(t->out);
	t->len = 0;
}

static void on_begin(void *ctx, size_t i)
{
	struct trace *t = ctx;
	flush_msgs(t);
	sb_addf(&t->sb, "begin %zu\n", i);
}

static void on_read(void *ctx, size_t i, const char *buf, size_t len, bool regular)
{
	struct trace *t = ctx;
	flush_msgs(t);
	sb_addf(&t->sb, "read %zu: %zu bytes%s, '%.6s'\n", i, len, regular ? "" : " (stream)", buf);
}

static int on_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct trace *t = ctx;
	flush_msgs(t);
	(void)arena_alloc(a, 64);   /* the loader allocates from the worker's arena */
	if (!root) {
		sb_adds(&t->sb, "doc ~\n");
		return 0;
	}
	sb_addf(&t->sb, "doc %s:%u:%u %s", root->pos.file, root->pos.line, root->pos.col,
		ynode_type_name(root->type));
	if (root->type == YN_MAP)
		for (size_t k = 0; k < root->u.map.n; k++)
			sb_addf(&t->sb, " %s", root->u.map.pairs[k].key->u.scalar.s);
	sb_addc(&t->sb, '\n');
	const struct ynode *stop = ynode_get(root, "stop");
	return stop ? -1 : 0;
}

static void on_end(void *ctx, size_t i)
{
	struct trace *t = ctx;
	flush_msgs(t);
	sb_addf(&t->sb, "end %zu\n", i);
}

static const struct ypool_calls calls = { on_begin, on_read, on_doc, on_end };

static char *run(const struct ypool_file *files, size_t n, unsigned jobs)
{
	struct trace t;
	memset(&t, 0, sizeof t);
	t.out = open_memstream(&t.buf, &t.len);
	assert_non_null(t.out);
	diag_init(&t.d, t.out);
	t.d.color = false;
	ypool_parse(files, n, jobs, 1 << 20, NULL, &t.d, &calls, &t);
	flush_msgs(&t);
	sb_addf(&t.sb, "errors %zu\n", diag_errors(&t.d));
	diag_release(&t.d);
	fclose(t.out);
	free(t.buf);
	return sb_detach(&t.sb);
}

/* Files of every kind of trouble, more of them than any window. */
static const char *const texts[] = {
	"a: 1\nb: [x, y]\n",
	"---\nfirst: 1\n---\nsecond: {k: v}\n---\n",
	"dup: 1\ndup: 2\n",
	"ok: 1\n---\nbroken: [unclosed\n",
	"x: *nothere\n",
	"bad: \"\xff\"\n",
	"",
	"stop: here\n---\nnever: 1\n",
	"<<: {m: 1}\nn: 2\n",
	"deep: [[[[[[1]]]]]]\n",
	"last: true\n",
};
#define NTEXTS (sizeof texts / sizeof *texts)

static void test_same_as_a_loop(void **state)
{
	(void)state;
	char dir[] = "/tmp/resmap-ypool-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct ypool_file files[NTEXTS + 1];
	char *paths[NTEXTS + 1];
	for (size_t i = 0; i < NTEXTS + 1; i++) {
		paths[i] = xasprintf("%s/f%02zu.yaml", dir, i);
		files[i].path = paths[i];
		files[i].name = paths[i];
		if (i == NTEXTS)
			continue;   /* the last one is missing: an error of input_read */
		FILE *f = fopen(paths[i], "wb");
		assert_non_null(f);
		fputs(texts[i], f);
		fclose(f);
	}
	char *one = run(files, NTEXTS + 1, 1);
	if (getenv("YPOOL_TRACE"))
		fputs(one, stderr);
	/* the loop's trace holds what each kind of file gives */
	assert_non_null(strstr(one, "duplicate key 'dup'"));
	assert_non_null(strstr(one, "undefined alias '*nothere'"));
	assert_non_null(strstr(one, "invalid UTF-8"));
	assert_non_null(strstr(one, "invalid YAML"));
	assert_non_null(strstr(one, "cannot open"));
	assert_null(strstr(one, "never"));
	for (unsigned jobs = 2; jobs <= 5; jobs++) {
		for (int rep = 0; rep < 3; rep++) {
			char *many = run(files, NTEXTS + 1, jobs);
			assert_string_equal(one, many);
			free(many);
		}
	}
	free(one);
	for (size_t i = 0; i < NTEXTS + 1; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	rmdir(dir);
}

static void test_default_jobs(void **state)
{
	(void)state;
	unsigned n = ypool_default_jobs();
	assert_true(n >= 1 && n <= YPOOL_MAX_JOBS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_a_loop),
		cmocka_unit_test(test_default_jobs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
