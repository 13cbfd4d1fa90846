/*
 * Unit tests of the YAML writer: layout of nested collections, empty
 * ones, comments, and the quoting rules (every scalar must read back as
 * the same string, and nothing may be read as a bool, number or null).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/yamlout.h"
#include "base/ytree.h"

static char *render(void (*fn)(struct yout *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct yout y;
	yout_init(&y, f);
	fn(&y);
	yout_finish(&y);
	fclose(f);
	return buf;
}

static void doc_nested(struct yout *y)
{
	yout_kint(y, "resmap", 1);
	yout_map(y, "services");
	yout_map(y, "db");
	yout_comment(y, "from a.yaml:3:1");
	yout_kv(y, "kind", "database");
	const char *r[] = { "aws:eu-west-1", "aws:eu-central-1" };
	yout_klist(y, "regions", r, 2);
	yout_seq(y, "stores");
	yout_map(y, NULL);
	yout_klist(y, "data", r, 1);
	yout_kv(y, "volume", "8 PB");
	yout_end(y);
	yout_end(y);
	yout_seq(y, "depends_on");
	yout_item(y, "cache");
	yout_map(y, NULL);
	yout_kv(y, "service", "queue");
	yout_end(y);
	yout_end(y);
	yout_map(y, "empty");
	yout_end(y);
	yout_seq(y, "none");
	yout_end(y);
	yout_kbool(y, "flag", true);
}

static void test_layout(void **state)
{
	(void)state;
	char *s = render(doc_nested);
	assert_string_equal(s,
		"resmap: 1\n"
		"services:\n"
		"  db:\n"
		"    # from a.yaml:3:1\n"
		"    kind: database\n"
		"    regions:\n"
		"      - aws:eu-west-1\n"
		"      - aws:eu-central-1\n"
		"    stores:\n"
		"      - data:\n"
		"          - aws:eu-west-1\n"
		"        volume: \"8 PB\"\n"
		"    depends_on:\n"
		"      - cache\n"
		"      - service: queue\n"
		"    empty: {}\n"
		"    none: []\n"
		"    flag: true\n");
	free(s);
}

static void doc_empty_item(struct yout *y)
{
	yout_seq(y, "s");
	yout_map(y, NULL);
	yout_end(y);
	yout_comment(y, "two\nlines\x01");
	yout_end(y);
}

static void test_empty_item_and_comment_lines(void **state)
{
	(void)state;
	char *s = render(doc_empty_item);
	assert_string_equal(s, "s:\n  - {}\n  # two\n  # lines \n");
	free(s);
}

static void check_scalar(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	yaml_scalar_sb(&sb, in, strlen(in));
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void test_quoting(void **state)
{
	(void)state;
	check_scalar("plain-id", "plain-id");
	check_scalar("azure:westeurope", "azure:westeurope");
	check_scalar("personal.contact.email", "personal.contact.email");
	check_scalar("Zürich", "Zürich");
	check_scalar("a b", "a b");
	check_scalar("", "\"\"");
	check_scalar("true", "\"true\"");
	check_scalar("No", "\"No\"");
	check_scalar("off", "\"off\"");
	check_scalar("null", "\"null\"");
	check_scalar("~", "\"~\"");
	check_scalar("<<", "\"<<\"");
	check_scalar("42", "\"42\"");
	check_scalar("1e3", "\"1e3\"");
	check_scalar("-1", "\"-1\"");
	check_scalar(".inf", "\".inf\"");
	check_scalar("2024-01-01", "\"2024-01-01\"");
	check_scalar("key: value", "\"key: value\"");
	check_scalar("a #b", "\"a #b\"");
	check_scalar("a#b", "a#b");
	check_scalar("ends:", "\"ends:\"");
	check_scalar(" lead", "\" lead\"");
	check_scalar("trail ", "\"trail \"");
	check_scalar("*alias", "\"*alias\"");
	check_scalar("&anchor", "\"&anchor\"");
	check_scalar("!tag", "\"!tag\"");
	check_scalar("[x]", "\"[x]\"");
	check_scalar("{x}", "\"{x}\"");
	check_scalar("|", "\"|\"");
	check_scalar("---", "\"---\"");
	check_scalar("'q'", "\"'q'\"");
	check_scalar("say \"hi\"", "say \"hi\"");
	check_scalar("\"hi\" \\", "\"\\\"hi\\\" \\\\\"");
	check_scalar("line\nbreak\ttab\r", "\"line\\nbreak\\ttab\\r\"");
	check_scalar("bell\a", "\"bell\\x07\"");
	check_scalar("nel\xc2\x85", "\"nel\\N\"");
	check_scalar("ls\xe2\x80\xa8ps\xe2\x80\xa9", "\"ls\\Lps\\P\"");
	check_scalar("bad\xff", "\"bad\\uFFFD\"");
	check_scalar("\xef\xbb\xbf" "bom", "\"\\uFEFFbom\"");
}

static void test_plain_ok(void **state)
{
	(void)state;
	assert_true(yaml_plain_ok("a", 1));
	assert_false(yaml_plain_ok("a\0b", 3));
	assert_false(yaml_plain_ok("?x", 2));
	assert_false(yaml_plain_ok("%x", 2));
	assert_false(yaml_plain_ok("@x", 2));
	assert_false(yaml_plain_ok("`x", 2));
}

struct back {
	const char *want;
	size_t wantlen;
	int docs;
};

static int check_back(void *ctx, const struct ynode *root, struct arena *a)
{
	struct back *b = ctx;
	(void)a;
	b->docs++;
	assert_non_null(root);
	assert_int_equal(root->type, YN_MAP);
	assert_int_equal(root->u.map.n, 1);
	const struct ynode *k = root->u.map.pairs[0].key;
	const struct ynode *v = root->u.map.pairs[0].value;
	/* the key and the value both read back as exactly the string written */
	assert_int_equal(k->u.scalar.len, b->wantlen);
	assert_memory_equal(k->u.scalar.s, b->want, b->wantlen);
	assert_int_equal(v->type, YN_SCALAR);
	assert_int_equal(v->u.scalar.len, b->wantlen);
	assert_memory_equal(v->u.scalar.s, b->want, b->wantlen);
	/* resmap's loader takes plain true/false as booleans: never write one */
	if (v->plain)
		assert_true(strcmp(v->u.scalar.s, "true") && strcmp(v->u.scalar.s, "false"));
	return 0;
}

static void test_reads_back(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"plain", "true", "False", "null", "~", "42", "-1", "0x1F", ".5", "1e3",
		"key: value", "a #b", "ends:", " lead", "trail ", "*a", "&a", "!t", "[x]",
		"{x}", "|", ">", "---", "...", "'q'", "\"q\"", "back\\slash", "tab\there",
		"line\nbreak", "cr\rlf", "nel\xc2\x85", "ls\xe2\x80\xa8", "bom\xef\xbb\xbf",
		"Zürich", "<<", "=", "a: b: c", "? q", "- item", "%x", "@x", "`x", "a,b",
		"50%", "x\x01y", "\x7f", "",
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		yaml_scalar_sb(&sb, cases[i], strlen(cases[i]));
		sb_adds(&sb, ": ");
		yaml_scalar_sb(&sb, cases[i], strlen(cases[i]));
		sb_addc(&sb, '\n');
		struct back b = { cases[i], strlen(cases[i]), 0 };
		struct ytree_limits lim;
		ytree_limits_default(&lim);
		struct diag d;
		diag_init(&d, stderr);
		if (ytree_parse_buffer(sb.buf, sb.len, "t.yaml", &lim, &d, check_back, &b) != 0)
			fail_msg("does not parse: %s", sb.buf);
		assert_int_equal(b.docs, 1);
		diag_release(&d);
		sb_release(&sb);
	}
}

/* Parses text; returns the root's key count of the single document. */
struct count { size_t keys; int docs; const char *key; size_t keylen; };

static int count_keys(void *ctx, const struct ynode *root, struct arena *a)
{
	struct count *c = ctx;
	(void)a;
	c->docs++;
	if (root && root->type == YN_MAP) {
		c->keys = root->u.map.n;
		if (c->key && root->u.map.n) {
			const struct ynode *k = root->u.map.pairs[0].key;
			assert_int_equal(k->u.scalar.len, c->keylen);
			assert_memory_equal(k->u.scalar.s, c->key, c->keylen);
		}
	}
	return 0;
}

static void parse_count(const char *text, struct count *c)
{
	struct diag d;
	diag_init(&d, stderr);
	if (ytree_parse_buffer(text, strlen(text), "t.yaml", NULL, &d, count_keys, c) != 0)
		fail_msg("does not parse: %s", text);
	assert_int_equal(diag_errors(&d), 0);
	diag_release(&d);
}

static const char *comment_text;
static void doc_comment(struct yout *y)
{
	yout_map(y, "services");
	yout_comment(y, "%s", comment_text);
	yout_kv(y, "a", "b");
	yout_end(y);
}

/* Issue 18, finding 2: YAML ends a comment at NEL, LS and PS too; text
 * after one must not become live YAML, and bytes that are not UTF-8
 * must not make the file unreadable. */
static void test_comment_breaks(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"from x\xe2\x80\xa8" "services: {evil: 1}",
		"from x\xe2\x80\xa9" "evil: 1",
		"from x\xc2\x85" "evil: 1",
		"from x\revil: 1",
		"file \xff\xfe.yaml",
		"bom \xef\xbb\xbf here",
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		comment_text = cases[i];
		char *s = render(doc_comment);
		struct count c = { 0, 0, NULL, 0 };
		parse_count(s, &c);
		assert_int_equal(c.docs, 1);
		assert_int_equal(c.keys, 1);      /* only "services" */
		assert_null(strstr(s, "\xe2\x80\xa8"));
		assert_null(strstr(s, "\xc2\x85"));
		assert_null(strstr(s, "\xff"));
		free(s);
	}
	comment_text = "a\xe2\x80\xa8" "b";
	char *s = render(doc_comment);
	assert_string_equal(s, "services:\n  # a\n  # b\n  a: b\n");
	free(s);
}

static char *long_key;
static void doc_long_key(struct yout *y)
{
	yout_map(y, long_key);
	yout_kv(y, long_key, "v");
	yout_end(y);
}

/* Issue 18, finding 19: a key longer than libyaml's 1024-character limit
 * for implicit keys is written as an explicit key and reads back. */
static void test_long_key(void **state)
{
	(void)state;
	long_key = xmalloc(2001);
	memset(long_key, 'k', 2000);
	long_key[2000] = '\0';
	char *s = render(doc_long_key);
	assert_memory_equal(s, "? kkk", 5);
	struct count c = { 0, 0, long_key, 2000 };
	parse_count(s, &c);
	assert_int_equal(c.keys, 1);
	free(s);
	free(long_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_empty_item_and_comment_lines),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_plain_ok),
		cmocka_unit_test(test_reads_back),
		cmocka_unit_test(test_comment_breaks),
		cmocka_unit_test(test_long_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
