/*
 * Unit tests for ytree: the tree composed from libyaml's events, node
 * positions, and every YAML trap it closes, with the exact diagnostics.
 * Each test parses a string, dumps every document to a compact text form
 * inside the callback (the arena is reset after it) and compares the dump
 * and the captured messages with what they must be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/ytree.h"

struct run {
	struct strbuf docs;     /* each document's dump, one a line */
	size_t ndocs;
	int rc;
	char *msgs;             /* diagnostics printed */
	size_t nerrors;
	int stop_after;         /* callback returns -1 after this many docs (0: never) */
	/* optional extra check, called with each root */
	void (*check)(struct run *r, const struct ynode *root);
	const struct ynode *saved[8];   /* for checks within one document */
};

static void dump(struct strbuf *sb, const struct ynode *n)
{
	if (!n) {
		sb_adds(sb, "~");
		return;
	}
	if (n->has_tag)
		sb_adds(sb, "!");
	switch (n->type) {
	case YN_SCALAR:
		if (!n->plain)
			sb_addc(sb, '"');
		for (size_t i = 0; i < n->u.scalar.len; i++) {
			char ch = n->u.scalar.s[i];
			if (ch == '\0')
				sb_adds(sb, "\\0");
			else if (ch == '\n')
				sb_adds(sb, "\\n");
			else
				sb_addc(sb, ch);
		}
		if (!n->plain)
			sb_addc(sb, '"');
		assert_int_equal(n->u.scalar.s[n->u.scalar.len], '\0');
		break;
	case YN_SEQ:
		sb_addc(sb, '[');
		for (size_t i = 0; i < n->u.seq.n; i++) {
			if (i)
				sb_adds(sb, ", ");
			dump(sb, n->u.seq.items[i]);
		}
		sb_addc(sb, ']');
		break;
	case YN_MAP:
		sb_addc(sb, '{');
		for (size_t i = 0; i < n->u.map.n; i++) {
			if (i)
				sb_adds(sb, ", ");
			assert_int_equal(n->u.map.pairs[i].key->type, YN_SCALAR);
			dump(sb, n->u.map.pairs[i].key);
			sb_adds(sb, ": ");
			dump(sb, n->u.map.pairs[i].value);
		}
		sb_addc(sb, '}');
		break;
	}
}

static int on_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct run *r = ctx;
	assert_non_null(a);
	r->ndocs++;
	if (r->check)
		r->check(r, root);
	else
		dump(&r->docs, root);
	sb_addc(&r->docs, '\n');
	if (r->stop_after && r->ndocs >= (size_t)r->stop_after)
		return -1;
	return 0;
}

static void run_lim(struct run *r, const char *yaml, size_t len, const struct ytree_limits *lim)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	assert_non_null(out);
	struct diag d;
	diag_init(&d, out);
	d.excerpts = false;
	r->rc = ytree_parse_buffer(yaml, len, "t.yaml", lim, &d, on_doc, r);
	r->nerrors = diag_errors(&d);
	diag_release(&d);
	fclose(out);
	r->msgs = buf;
	if (!r->docs.buf)
		sb_adds(&r->docs, "");
}

static void run(struct run *r, const char *yaml)
{
	run_lim(r, yaml, strlen(yaml), NULL);
}

static void done(struct run *r)
{
	sb_release(&r->docs);
	free(r->msgs);
	memset(r, 0, sizeof *r);
}

/* Parses yaml, expects the documents' dumps (one a line) and the messages. */
static void expect(const char *yaml, const char *docs, const char *msgs)
{
	struct run r = { 0 };
	run(&r, yaml);
	assert_string_equal(r.docs.buf, docs);
	assert_string_equal(r.msgs, msgs);
	assert_int_equal(r.rc, msgs[0] ? -1 : 0);
	done(&r);
}

static void assert_pos(const struct ynode *n, uint32_t line, uint32_t col)
{
	assert_non_null(n);
	assert_string_equal(n->pos.file, "t.yaml");
	assert_int_equal(n->pos.line, line);
	assert_int_equal(n->pos.col, col);
}

/* --- scalars, collections, positions --- */

static void test_scalars(void **state)
{
	(void)state;
	expect("a: 1\nb: \"two\"\nc: 'x y'\nd: |\n  lit\ne:\nf: true\n",
	       "{a: 1, b: \"two\", c: \"x y\", d: \"lit\\n\", e: , f: true}\n", "");
	expect("plain words here\n", "plain words here\n", "");
	expect("- >\n  folded\n  text\n", "[\"folded text\\n\"]\n", "");
}

static void check_nul(struct run *r, const struct ynode *root)
{
	(void)r;
	assert_int_equal(root->type, YN_SCALAR);
	assert_false(root->plain);
	assert_int_equal(root->u.scalar.len, 3);
	assert_memory_equal(root->u.scalar.s, "a\0b", 4);
}

static void test_nul_in_quoted(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_nul;
	run(&r, "\"a\\0b\"\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	done(&r);
}

static void check_positions(struct run *r, const struct ynode *root)
{
	(void)r;
	assert_int_equal(root->type, YN_MAP);
	assert_int_equal(root->u.map.n, 2);
	assert_pos(root->u.map.pairs[0].key, 1, 1);           /* a */
	const struct ynode *m = root->u.map.pairs[0].value;
	assert_pos(m, 2, 3);
	assert_pos(m->u.map.pairs[0].key, 2, 3);              /* b */
	const struct ynode *seq = m->u.map.pairs[0].value;
	assert_pos(seq, 2, 6);
	assert_pos(seq->u.seq.items[0], 2, 7);                /* x */
	assert_pos(seq->u.seq.items[1], 2, 10);               /* y */
	assert_pos(root->u.map.pairs[1].key, 3, 1);           /* c */
}

static void test_positions(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_positions;
	run(&r, "a:\n  b: [x, y]\nc: 1\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	done(&r);
}

static void check_positions_list(struct run *r, const struct ynode *root)
{
	(void)r;
	const struct ynode *c = ynode_get(root, "c");
	assert_int_equal(c->type, YN_SEQ);
	assert_pos(c, 4, 3);
	assert_pos(c->u.seq.items[0], 4, 5);
	/* columns count characters, not bytes */
	const struct ynode *d = ynode_get(root, "\xc3\xa9\xc3\xa9");
	assert_pos(d, 5, 5);
}

static void test_positions_chars(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_positions_list;
	run(&r, "a: 1\nb: 2\nc:\n  - \xc3\xa9\n\xc3\xa9\xc3\xa9: x\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	done(&r);
}

static void check_bom(struct run *r, const struct ynode *root)
{
	(void)r;
	assert_pos(root, 1, 1);
	assert_pos(root->u.map.pairs[0].key, 1, 1);
	assert_pos(root->u.map.pairs[0].value, 1, 4);
	assert_pos(root->u.map.pairs[1].key, 2, 1);
	assert_pos(root->u.map.pairs[1].value, 2, 4);
}

static void test_positions_bom_crlf(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_bom;
	run(&r, "\xef\xbb\xbf" "a: b\r\nc: d\r\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	done(&r);
	/* a bad byte after a BOM and CRLF: the column counts neither */
	expect("\xef\xbb\xbf" "a: b\r\nc: \xc3\xa9\xff\r\n", "",
	       "resmap: t.yaml:2:5: error: invalid UTF-8 in input\n");
}

static void check_unicode_breaks(struct run *r, const struct ynode *root)
{
	(void)r;
	/* line 1 holds LS, PS and NEL inside a scalar: libyaml counts three
	 * more lines, an editor none; the columns run on past them */
	assert_pos(root->u.map.pairs[0].key, 1, 1);
	assert_pos(root->u.map.pairs[1].key, 2, 1);
	assert_pos(root->u.map.pairs[1].value, 2, 4);
	/* after a separator inside a line, the column counts from the line start */
	const struct ynode *c = root->u.map.pairs[2].value;
	assert_pos(c, 3, 4);
	assert_pos(c->u.seq.items[1], 4, 3);
	assert_pos(c->u.seq.items[2], 4, 9);
}

/* Issue 18, finding 13: positions are those a text editor shows (LF,
 * CR, CRLF end lines; NEL, LS, PS do not), also after a BOM and CRLF. */
static void test_positions_unicode_breaks(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_unicode_breaks;
	run(&r, "\xef\xbb\xbf" "a: \"x\xe2\x80\xa8y\xe2\x80\xa9z\xc2\x85w\"\r\n"
		"b: 1\n"
		"c: [1,\n"
		"  \"\xe2\x80\xa8\xe2\x80\xa8\", 2]\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	done(&r);
	/* a syntax error after them, and a reader error */
	expect("a: \"x\xe2\x80\xa8y\"\nb: [\n", "",
	       "resmap: t.yaml:3:1: error: invalid YAML: did not find expected node content\n"
	       "resmap: t.yaml:3:1: note: while parsing a flow node\n");
	expect("a: \"x\xe2\x80\xa8y\"\nb: \xff\n", "",
	       "resmap: t.yaml:2:4: error: invalid UTF-8 in input\n");
}

static void test_collections(void **state)
{
	(void)state;
	expect("- a\n- [b, c]\n- {d: e}\n- - f\n  - g: h\n    i: []\n- {}\n",
	       "[a, [b, c], {d: e}, [f, {g: h, i: []}], {}]\n", "");
	expect("? a\n: b\n? c\n", "{a: b, c: }\n", "");
}

/* --- anchors and aliases --- */

static void check_shared(struct run *r, const struct ynode *root)
{
	(void)r;
	const struct ynode *a = ynode_get(root, "a"), *b = ynode_get(root, "b");
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_int_equal(a->type, YN_MAP);
	assert_true(ynode_is(ynode_get(b, "k"), "v"));
	/* a scalar alias is shared too */
	assert_ptr_equal(ynode_get(root, "s"), ynode_get(root, "t"));
}

static void test_alias_shared(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_shared;
	run(&r, "a: &x {k: v}\nb: *x\ns: &y str\nt: *y\n");
	assert_int_equal(r.ndocs, 1);
	assert_string_equal(r.msgs, "");
	assert_int_equal(r.rc, 0);
	done(&r);
	/* a redefined anchor: later aliases see the latest definition */
	expect("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", "{a: 1, b: 1, c: 2, d: 2}\n", "");
	/* an inner redefinition inside the open anchored node is not recursion */
	expect("&x [&x 1, *x]\n", "[1, 1]\n", "");
	/* anchors do not cross documents */
	expect("a: &x 1\n---\nb: *x\n", "{a: 1}\n{}\n",
	       "resmap: t.yaml:3:4: error: undefined alias '*x'\n");
}

static void test_alias_recursive(void **state)
{
	(void)state;
	expect("a: &x [1, *x]\n", "{a: [1]}\n",
	       "resmap: t.yaml:1:11: error: alias '*x' refers to its own anchor\n");
	expect("&r\nk: {j: *r}\n", "{k: {}}\n",
	       "resmap: t.yaml:2:8: error: alias '*r' refers to its own anchor\n");
}

static void test_alias_undefined(void **state)
{
	(void)state;
	expect("a: *nope\nb: [*nope, 2]\n", "{b: [2]}\n",
	       "resmap: t.yaml:1:4: error: undefined alias '*nope'\n"
	       "resmap: t.yaml:2:5: error: undefined alias '*nope'\n");
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char laughs[] =
	"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
	"j: [*i,*i,*i,*i,*i,*i,*i,*i,*i]\n";

static void check_laughs(struct run *r, const struct ynode *root)
{
	(void)r;
	(void)root;
	/* issue 18, finding 18: the document lost what its aliases held;
	 * delivering it would bring one follow-on error per alias */
	fail_msg("a document over the alias budget must not be delivered");
}

static void test_billion_laughs(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.check = check_laughs;
	double t0 = now();
	run(&r, laughs);
	double t = now() - t0;
	assert_true(t < 30.0);   /* a bound against hanging, not a speed test */
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.ndocs, 0);
	/* default budget: 1,000,000 + 4 x the nodes written so far + 16 x
	 * the characters read: a small document stays near a million */
	assert_non_null(strstr(r.msgs, "resmap: t.yaml:"));
	assert_non_null(strstr(r.msgs, ": error: aliases expand to more than 100"));
	assert_non_null(strstr(r.msgs, " nodes (billion laughs?); raise the limit with --max-alias-nodes\n"));
	done(&r);

	/* an explicit budget, hit exactly at the second alias to b (2 x 10 + 91 > 100) */
	struct ytree_limits lim;
	ytree_limits_default(&lim);
	lim.max_alias_nodes = 100;
	const char *y = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			"c: [*a, *b, *b]\n";
	run_lim(&r, y, strlen(y), &lim);
	/* b's nine aliases charge 90, c's first 10 more, its second 91 */
	assert_string_equal(r.msgs, "resmap: t.yaml:3:9: error: aliases expand to more than 100 nodes "
			    "(billion laughs?); raise the limit with --max-alias-nodes\n");
	/* a document over the budget is not delivered: what it would hold
	 * without its aliases would only bring follow-on errors */
	assert_int_equal(r.ndocs, 0);
	assert_int_equal(r.rc, -1);
	done(&r);
	lim.max_alias_nodes = 100;
	y = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
	run_lim(&r, y, strlen(y), &lim);
	/* 9 x 10 = 90 nodes: within the budget */
	assert_string_equal(r.msgs, "");
	assert_int_equal(r.rc, 0);
	done(&r);
}

/* --- nesting --- */

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 100000;
	char *y = xmalloc(2 * n + 2);
	memset(y, '[', n);
	memset(y + n, ']', n);
	y[2 * n] = '\n';
	y[2 * n + 1] = '\0';
	struct run r = { 0 };
	double t0 = now();
	run(&r, y);
	/* libyaml alone would take minutes: the input is given up 64 levels past the limit */
	assert_true(now() - t0 < 30.0);   /* a bound against hanging */
	assert_string_equal(r.msgs, "resmap: t.yaml:1:257: error: nesting deeper than 256 levels; "
			    "raise the limit with --max-depth\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.ndocs, 0);
	done(&r);
	free(y);

	struct ytree_limits lim;
	ytree_limits_default(&lim);
	assert_int_equal(lim.max_depth, 256);
	assert_int_equal(lim.max_alias_nodes, 0);
	lim.max_depth = 3;
	y = "a: {b: {c: 1}}\n";
	run_lim(&r, y, strlen(y), &lim);
	assert_string_equal(r.msgs, "");
	assert_string_equal(r.docs.buf, "{a: {b: {c: 1}}}\n");
	done(&r);
	/* the too-deep node is left out, the rest of the document is kept and checked */
	y = "a: {b: {c: {d: &x 1}, e: 2}}\nf: *x\ng: *y\n";
	run_lim(&r, y, strlen(y), &lim);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:1:12: error: nesting deeper than 3 levels; raise the limit with --max-depth\n"
			    "resmap: t.yaml:3:4: error: undefined alias '*y'\n");
	assert_string_equal(r.docs.buf, "{a: {b: {e: 2}}}\n");
	done(&r);
	/* an alias counts the nesting it brings along */
	y = "a: &x [[1]]\nb: *x\nc: [*x]\n";
	run_lim(&r, y, strlen(y), &lim);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:3:5: error: nesting deeper than 3 levels; raise the limit with --max-depth\n");
	assert_string_equal(r.docs.buf, "{a: [[1]], b: [[1]], c: []}\n");
	done(&r);
	/* chained aliases cannot build a tree deeper than the limit */
	struct strbuf z = STRBUF_INIT;
	sb_adds(&z, "- &a0 [[x]]\n");
	for (int i = 1; i < 200; i++)
		sb_addf(&z, "- &a%d [[*a%d]]\n", i, i - 1);
	run_lim(&r, z.buf, z.len, NULL);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:128:11: error: nesting deeper than 256 levels; raise the limit with --max-depth\n");
	done(&r);
	sb_release(&z);
}

/* --- keys --- */

static void test_duplicate_keys(void **state)
{
	(void)state;
	expect("a: 1\nb: 2\na: 3\n", "{a: 1, b: 2}\n",
	       "resmap: t.yaml:3:1: error: duplicate key 'a'\n"
	       "resmap: t.yaml:1:1: note: first defined here\n");
	/* quoting does not make a different key; bytes do */
	expect("{a: 1, \"a\": 2, A: 3}\n", "{a: 1, A: 3}\n",
	       "resmap: t.yaml:1:8: error: duplicate key 'a'\n"
	       "resmap: t.yaml:1:2: note: first defined here\n");
	/* the NUL is part of the key */
	expect("{\"a\\0b\": 1, \"a\\0c\": 2, \"a\\0b\": 3}\n", "{\"a\\0b\": 1, \"a\\0c\": 2}\n",
	       "resmap: t.yaml:1:24: error: duplicate key 'a\\x00b'\n"
	       "resmap: t.yaml:1:2: note: first defined here\n");
	/* keys of the same length and ends are compared whole */
	expect("{abc: 1, axc: 2, abc: 3, ac: 4}\n", "{abc: 1, axc: 2, ac: 4}\n",
	       "resmap: t.yaml:1:18: error: duplicate key 'abc'\n"
	       "resmap: t.yaml:1:2: note: first defined here\n");
	/* the empty key is a key */
	expect("{\"\": 1, a: 2, '': 3}\n", "{\"\": 1, a: 2}\n",
	       "resmap: t.yaml:1:15: error: duplicate key ''\n"
	       "resmap: t.yaml:1:2: note: first defined here\n");
	/* an alias key is reported where the alias is */
	expect("- &k a\n- {a: 1, *k : 2}\n", "[a, {a: 1}]\n",
	       "resmap: t.yaml:2:10: error: duplicate key 'a'\n"
	       "resmap: t.yaml:2:4: note: first defined here\n");
}

static void test_duplicate_keys_large(void **state)
{
	(void)state;
	/* past the small-map threshold, duplicates are found by hash */
	struct strbuf y = STRBUF_INIT;
	size_t n = 200000;
	for (size_t i = 0; i < n; i++)
		sb_addf(&y, "k%zu: %zu\n", i, i);
	sb_adds(&y, "k17: dup\nk199999: dup\n");
	struct run r = { 0 };
	double t0 = now();
	run_lim(&r, y.buf, y.len, NULL);
	assert_true(now() - t0 < 60.0);   /* a bound against quadratic time */
	char want[256];
	snprintf(want, sizeof want,
		 "resmap: t.yaml:%zu:1: error: duplicate key 'k17'\n"
		 "resmap: t.yaml:18:1: note: first defined here\n"
		 "resmap: t.yaml:%zu:1: error: duplicate key 'k199999'\n"
		 "resmap: t.yaml:%zu:1: note: first defined here\n", n + 1, n + 2, n);
	assert_string_equal(r.msgs, want);
	done(&r);
	sb_release(&y);

	/* the 17th key switches to the hash: a duplicate of each earlier key is still found */
	struct strbuf z = STRBUF_INIT;
	for (int i = 0; i < 20; i++)
		sb_addf(&z, "k%d: %d\n", i, i);
	sb_adds(&z, "k0: x\nk16: x\nk19: x\n");
	run_lim(&r, z.buf, z.len, NULL);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:21:1: error: duplicate key 'k0'\n"
			    "resmap: t.yaml:1:1: note: first defined here\n"
			    "resmap: t.yaml:22:1: error: duplicate key 'k16'\n"
			    "resmap: t.yaml:17:1: note: first defined here\n"
			    "resmap: t.yaml:23:1: error: duplicate key 'k19'\n"
			    "resmap: t.yaml:20:1: note: first defined here\n");
	done(&r);
	sb_release(&z);
}

static void test_nonscalar_keys(void **state)
{
	(void)state;
	expect("? [a]\n: 1\nb: 2\n", "{b: 2}\n",
	       "resmap: t.yaml:1:3: error: a mapping key must be a scalar, not a list\n");
	expect("? {a: 1}\n: x\n", "{}\n",
	       "resmap: t.yaml:1:3: error: a mapping key must be a scalar, not a mapping\n");
	expect("- &m {a: 1}\n- {*m : 2, b: 3}\n", "[{a: 1}, {b: 3}]\n",
	       "resmap: t.yaml:2:4: error: a mapping key must be a scalar, not a mapping\n");
}

/* --- merge keys --- */

static void test_merge_single(void **state)
{
	(void)state;
	/* explicit keys win wherever they are; merged pairs take the place of '<<' */
	expect("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n",
	       "{base: {x: 1, y: 2}, m: {x: 1, y: 3}}\n", "");
	expect("base: &b {x: 1, y: 2}\nm: {y: 3, <<: *b, z: 4}\n",
	       "{base: {x: 1, y: 2}, m: {y: 3, x: 1, z: 4}}\n", "");
	/* an inline mapping may be merged too */
	expect("{<<: {a: 1}, b: 2}\n", "{a: 1, b: 2}\n", "");
	/* only a plain '<<' merges */
	expect("{\"<<\": {a: 1}, '<<': 2}\n", "{\"<<\": {a: 1}}\n",
	       "resmap: t.yaml:1:16: error: duplicate key '<<'\n"
	       "resmap: t.yaml:1:2: note: first defined here\n");
	expect("{!!str <<: 1}\n", "{!<<: 1}\n", "");
}

static void test_merge_list(void **state)
{
	(void)state;
	/* earlier merged maps win over later ones */
	expect("- &a {k: a}\n- &b {k: b, j: b}\n- {<<: [*a, *b], z: 1}\n",
	       "[{k: a}, {k: b, j: b}, {k: a, j: b, z: 1}]\n", "");
	/* an explicit key overridden by a merge is not a duplicate */
	expect("- &a {k: a, l: a}\n- {k: 1, <<: [*a], l: 2}\n",
	       "[{k: a, l: a}, {k: 1, l: 2}]\n", "");
	/* merged maps carry their own merges */
	expect("- &a {x: 1}\n- &b {<<: *a, y: 2}\n- {<<: *b}\n",
	       "[{x: 1}, {x: 1, y: 2}, {x: 1, y: 2}]\n", "");
	/* an empty list merges nothing */
	expect("{<<: [], a: 1}\n", "{a: 1}\n", "");
}

static void test_keysets(void **state)
{
	(void)state;
	struct strbuf y = STRBUF_INIT;
	struct run r = { 0 };
	/* large mappings side by side and nested, with the same keys: each
	 * has its own set (one table per depth, emptied between mappings) */
	sb_adds(&y, "- {");
	for (int i = 0; i < 20; i++)
		sb_addf(&y, "k%d: %d, ", i, i);
	sb_adds(&y, "in: {");
	for (int i = 0; i < 20; i++)
		sb_addf(&y, "k%d: %d, ", i, i);
	sb_adds(&y, "k7: dup}}\n- {");
	for (int i = 0; i < 20; i++)
		sb_addf(&y, "k%d: %d, ", i, i);
	sb_adds(&y, "k5: dup, k19: dup}\n");
	run_lim(&r, y.buf, y.len, NULL);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:1:329: error: duplicate key 'k7'\n"
			    "resmap: t.yaml:1:218: note: first defined here\n"
			    "resmap: t.yaml:2:164: error: duplicate key 'k5'\n"
			    "resmap: t.yaml:2:39: note: first defined here\n"
			    "resmap: t.yaml:2:173: error: duplicate key 'k19'\n"
			    "resmap: t.yaml:2:155: note: first defined here\n");
	done(&r);
	sb_release(&y);

	/* merges into a large mapping: explicit keys win wherever they are,
	 * earlier merged maps over later ones */
	expect("- &b {m0: b, m1: b, m2: b, m3: b, m4: b, m5: b, m6: b, m7: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b}\n"
	       "- &c {m0: c, n0: c}\n"
	       "- {m3: mine, <<: [*b, *c], x0: 0, x1: 0, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0, x7: 0, x8: 0, x9: 0, x10: 0, x11: 0, x12: 0, x13: 0, x14: 0, x15: 0}\n",
	       "[{m0: b, m1: b, m2: b, m3: b, m4: b, m5: b, m6: b, m7: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b}, {m0: c, n0: c}, {m3: mine, m0: b, m1: b, m2: b, m4: b, m5: b, m6: b, m7: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b, n0: c, x0: 0, x1: 0, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0, x7: 0, x8: 0, x9: 0, x10: 0, x11: 0, x12: 0, x13: 0, x14: 0, x15: 0}]\n", "");
	/* few explicit keys, many merged: the set is made when it closes */
	expect("- &b {m0: b, m1: b, m2: b, m3: b, m4: b, m5: b, m6: b, m7: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b}\n- {<<: *b, m7: z, z: 1}\n",
	       "[{m0: b, m1: b, m2: b, m3: b, m4: b, m5: b, m6: b, m7: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b}, {m0: b, m1: b, m2: b, m3: b, m4: b, m5: b, m6: b, m8: b, m9: b, m10: b, m11: b, m12: b, m13: b, m14: b, m15: b, m16: b, m17: b, m18: b, m19: b, m7: z, z: 1}]\n", "");
}

static void test_merge_invalid(void **state)
{
	(void)state;
	expect("{<<: 1, a: 2}\n", "{a: 2}\n",
	       "resmap: t.yaml:1:6: error: a merge key '<<' takes a mapping or a list of mappings\n");
	expect("- &a {k: a}\n- {<<: [*a, x]}\n", "[{k: a}, {}]\n",
	       "resmap: t.yaml:2:8: error: a merge key '<<' takes a mapping or a list of mappings\n");
	expect("- &s str\n- {<<: *s}\n", "[str, {}]\n",
	       "resmap: t.yaml:2:8: error: a merge key '<<' takes a mapping or a list of mappings\n");
}

static void test_merge_large(void **state)
{
	(void)state;
	/* more pairs than the small-map threshold: merged by hash */
	struct strbuf y = STRBUF_INIT, want = STRBUF_INIT;
	sb_adds(&y, "base: &b {");
	for (int i = 0; i < 30; i++)
		sb_addf(&y, "%sk%d: b%d", i ? ", " : "", i, i);
	sb_adds(&y, "}\nm: {k3: m, <<: *b, k29: m}\n");
	sb_adds(&want, "{base: {");
	for (int i = 0; i < 30; i++)
		sb_addf(&want, "%sk%d: b%d", i ? ", " : "", i, i);
	sb_adds(&want, "}, m: {k3: m");
	for (int i = 0; i < 29; i++)
		if (i != 3)
			sb_addf(&want, ", k%d: b%d", i, i);
	sb_adds(&want, ", k29: m}}\n");
	expect(y.buf, want.buf, "");
	sb_release(&y);
	sb_release(&want);

	/* a mapping that holds its explicit keys by hash before the merge */
	struct strbuf z = STRBUF_INIT;
	sb_adds(&z, "- &b {a: 1, z0: 2}\n- {");
	for (int i = 0; i < 20; i++)
		sb_addf(&z, "z%d: x, ", i);
	sb_adds(&z, "<<: *b}\n");
	struct run r = { 0 };
	run(&r, z.buf);
	assert_string_equal(r.msgs, "");
	assert_non_null(strstr(r.docs.buf, "z19: x, a: 1}]\n"));
	done(&r);
	sb_release(&z);
}

/* --- errors of the stream --- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	expect("a: b\nc: \xff\n", "", "resmap: t.yaml:2:4: error: invalid UTF-8 in input\n");
	expect("a: \xc3\n", "", "resmap: t.yaml:1:4: error: invalid UTF-8 in input\n");
	expect("a: \x01\n", "",
	       "resmap: t.yaml:1:4: error: invalid YAML: control characters are not allowed\n");
	/* a continuation byte missing: the position is the character's first byte */
	expect("ab: \xe2\x82x\n", "", "resmap: t.yaml:1:5: error: invalid UTF-8 in input\n");
	/* a UTF-8 encoded surrogate */
	expect("a:\n  - \xed\xa0\x80\n", "", "resmap: t.yaml:2:5: error: invalid UTF-8 in input\n");

	/* UTF-16: "a: b\r\nc: d\u00e9" then a lone low surrogate; columns count characters */
	static const char u16[] = "\xff\xfe" "a\0:\0 \0b\0\r\0\n\0" "c\0:\0 \0d\0\xe9\0" "\0\xdc" "x\0\n\0";
	struct run r = { 0 };
	run_lim(&r, u16, sizeof u16 - 1, NULL);
	assert_string_equal(r.msgs, "resmap: t.yaml:2:6: error: invalid UTF-16 in input\n");
	done(&r);
	/* valid UTF-16 loads, positions as for UTF-8 */
	static const char u16ok[] = "\xfe\xff" "\0a\0:\0 \0\xe9\0\n";
	run_lim(&r, u16ok, sizeof u16ok - 1, NULL);
	assert_string_equal(r.msgs, "");
	assert_string_equal(r.docs.buf, "{a: \xc3\xa9}\n");
	done(&r);
}

static void test_syntax_error(void **state)
{
	(void)state;
	expect("a: [1, 2\n", "",
	       "resmap: t.yaml:2:1: error: invalid YAML: did not find expected ',' or ']'\n"
	       "resmap: t.yaml:1:4: note: while parsing a flow sequence\n");
	expect("a: @\n", "",
	       "resmap: t.yaml:1:4: error: invalid YAML: found character that cannot start any token\n"
	       "resmap: t.yaml:1:4: note: while scanning for the next token\n");
	/* documents before the error stay delivered */
	expect("a: 1\n---\nb: [\n", "{a: 1}\n",
	       "resmap: t.yaml:4:1: error: invalid YAML: did not find expected node content\n"
	       "resmap: t.yaml:4:1: note: while parsing a flow node\n");
}

static void test_error_inside_large_map(void **state)
{
	(void)state;
	/* open mappings holding their keys by hash when the stream breaks: nothing leaks */
	struct strbuf y = STRBUF_INIT;
	sb_adds(&y, "outer:\n");
	for (int i = 0; i < 40; i++)
		sb_addf(&y, "  k%d: v\n", i);
	sb_adds(&y, "  inner: {");
	for (int i = 0; i < 40; i++)
		sb_addf(&y, "j%d: v, ", i);
	sb_adds(&y, "@}\n");
	struct run r = { 0 };
	run(&r, y.buf);
	assert_string_equal(r.msgs,
			    "resmap: t.yaml:42:321: error: invalid YAML: found character that cannot start any token\n"
			    "resmap: t.yaml:42:321: note: while scanning for the next token\n");
	assert_int_equal(r.ndocs, 0);
	done(&r);
	sb_release(&y);
}

/* --- documents --- */

static void test_documents(void **state)
{
	(void)state;
	expect("a: 1\n---\nb: 2\n...\n--- x\n", "{a: 1}\n{b: 2}\nx\n", "");
	expect("---\n", "~\n", "");
	expect("--- ''\n", "\"\"\n", "");
	expect("---\n---\na: 1\n", "~\n{a: 1}\n", "");
	expect("", "", "");
	expect("# only\n# comments\n", "", "");
	expect("\xef\xbb\xbf", "", "");
}

static void test_callback_stop(void **state)
{
	(void)state;
	struct run r = { 0 };
	r.stop_after = 1;
	run(&r, "a\n---\nb\n---\nc\n");
	assert_int_equal(r.ndocs, 1);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.msgs, "");
	done(&r);
}

static void test_tags(void **state)
{
	(void)state;
	expect("- !foo x\n- ! y\n- !!str z\n- w\n- !t [a]\n- !!map {a: b}\n",
	       "[!x, !y, !z, w, ![a], !{a: b}]\n", "");
}

static void test_parse_file(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	fputs("a: 1\n---\nb: [x, \xff]\n", f);
	rewind(f);
	struct run r = { 0 };
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	struct diag d;
	diag_init(&d, out);
	d.excerpts = false;
	r.rc = ytree_parse_file(f, "f.yaml", NULL, &d, on_doc, &r);
	diag_release(&d);
	fclose(out);
	fclose(f);
	assert_int_equal(r.rc, -1);
	assert_string_equal(buf, "resmap: f.yaml:3:8: error: invalid UTF-8 in input\n");
	free(buf);
	done(&r);
}

/* A callback that reads another file while the first is being parsed
 * (the read buffer is reused between calls, never while in use). */
static FILE *inner_file;
static struct run inner_run;

static int on_outer_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct diag *d = ctx;
	(void)a;
	assert_true(ynode_is(ynode_get(root, "outer"), "1"));
	rewind(inner_file);
	assert_int_equal(ytree_parse_file(inner_file, "inner.yaml", NULL, d, on_doc, &inner_run), 0);
	/* the outer tree is intact */
	assert_true(ynode_is(ynode_get(root, "outer"), "1"));
	assert_true(ynode_is(ynode_get(root, "more"), "two"));
	return 0;
}

static void test_parse_file_nested(void **state)
{
	(void)state;
	FILE *outer = tmpfile(), *big = tmpfile();
	inner_file = tmpfile();
	assert_non_null(outer);
	assert_non_null(big);
	assert_non_null(inner_file);
	fputs("outer: 1\nmore: two\n", outer);
	fputs("inner: [a, b]\n", inner_file);
	for (int i = 0; i < 20000; i++)
		fprintf(big, "- item %d\n", i);
	struct diag d;
	diag_init(&d, stderr);
	for (int round = 0; round < 2; round++) {
		rewind(outer);
		assert_int_equal(ytree_parse_file(outer, "outer.yaml", NULL, &d, on_outer_doc, &d), 0);
		/* a larger file after a small one, then a small one again */
		struct run r = { 0 };
		rewind(big);
		assert_int_equal(ytree_parse_file(big, "big.yaml", NULL, &d, on_doc, &r), 0);
		assert_int_equal(r.ndocs, 1);
		assert_non_null(strstr(r.docs.buf, ", item 19999]\n"));
		done(&r);
	}
	assert_string_equal(inner_run.docs.buf, "{inner: [a, b]}\n{inner: [a, b]}\n");
	assert_int_equal(diag_errors(&d), 0);
	done(&inner_run);
	diag_release(&d);
	fclose(outer);
	fclose(big);
	fclose(inner_file);
}

static void test_accessors(void **state)
{
	(void)state;
	assert_string_equal(ynode_type_name(YN_SCALAR), "a scalar");
	assert_string_equal(ynode_type_name(YN_SEQ), "a list");
	assert_string_equal(ynode_type_name(YN_MAP), "a mapping");
	assert_null(ynode_get(NULL, "a"));
	assert_false(ynode_is(NULL, "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_nul_in_quoted),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_positions_chars),
		cmocka_unit_test(test_positions_bom_crlf),
		cmocka_unit_test(test_positions_unicode_breaks),
		cmocka_unit_test(test_collections),
		cmocka_unit_test(test_alias_shared),
		cmocka_unit_test(test_alias_recursive),
		cmocka_unit_test(test_alias_undefined),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_keys_large),
		cmocka_unit_test(test_nonscalar_keys),
		cmocka_unit_test(test_merge_single),
		cmocka_unit_test(test_merge_list),
		cmocka_unit_test(test_keysets),
		cmocka_unit_test(test_merge_invalid),
		cmocka_unit_test(test_merge_large),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_error_inside_large_map),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_parse_file_nested),
		cmocka_unit_test(test_accessors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
