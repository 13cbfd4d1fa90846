/*
 * Unit tests of the format table (load/format.c): it is well formed, its
 * selector keys are the filters' (sel_key_name), and the loader checks
 * by it: every key of every entry, given a value of the wrong shape, is
 * an error naming that key, and every required key, left out, is
 * "has no 'KEY'".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/format.h"
#include "load/load.h"

static const struct fmt_entry *all_entries(size_t i)
{
	static const struct fmt_entry *const nested[] = {
		&fmt_store, &fmt_dep, &fmt_selector, &fmt_catalog_meta
	};
	if (i < OBJ__COUNT)
		return &fmt_objects[i];
	i -= OBJ__COUNT;
	return i < sizeof nested / sizeof nested[0] ? nested[i] : NULL;
}

static void test_well_formed(void **state)
{
	(void)state;
	const struct fmt_entry *e;
	for (size_t n = 0; (e = all_entries(n)); n++) {
		assert_non_null(e->name);
		assert_non_null(e->desc);
		/* the loader keeps the keys seen in an unsigned mask */
		assert_true(e->nkeys > 0 && e->nkeys <= 32);
		assert_true((e->one_of >> e->nkeys) == 0 && (e->any_of >> e->nkeys) == 0);
		for (int i = 0; i < e->nkeys; i++) {
			const struct fmt_key *k = &e->keys[i];
			assert_non_null(k->name);
			assert_non_null(k->desc);
			assert_int_equal(fmt_key_index(e, k->name), i);   /* unique */
			switch (k->type) {
			case FMT_ID: case FMT_IDS:
				assert_true(k->ref < R__COUNT);
				break;
			case FMT_WORD: case FMT_WORDS:
				assert_non_null(k->words);
				assert_true(k->words->first < k->words->count);
				for (int w = k->words->first; w < k->words->count; w++)
					assert_non_null(k->words->name(w));
				break;
			case FMT_ENTRIES: case FMT_MAPPING:
				assert_non_null(k->entry);
				break;
			default:
				break;
			}
		}
	}
	assert_int_equal(fmt_key_index(&fmt_objects[OBJ_SERVICE], "servce"), -1);
	for (int s = 0; s < SEC__COUNT; s++)
		assert_true(fmt_sections[s].special || fmt_sections[s].kind < OBJ__COUNT);
}

static void test_selector_is_sel_key(void **state)
{
	(void)state;
	assert_int_equal(fmt_selector.nkeys, SEL__COUNT);
	for (int i = 0; i < SEL__COUNT; i++) {
		assert_string_equal(fmt_selector.keys[i].name, sel_key_name((enum sel_key)i));
		assert_int_equal(fmt_selector.keys[i].flags & FMT_NONEMPTY, FMT_NONEMPTY);
	}
}

/* The messages of loading text, without the catalog. */
static char *load_msgs(const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct diag d;
	diag_init(&d, f);
	struct load_opts o;
	load_opts_default(&o);
	o.no_catalog = true;
	bool ok;
	struct model *m = load_buffer("t.yaml", text, strlen(text), &o, &d, &ok);
	model_free(m);
	diag_release(&d);
	fclose(f);
	return buf;
}

/* A document with key k of entry `e` given a value of the wrong shape,
 * placed where the loader reads e. */
static void wrong_doc(char *out, size_t n, const struct fmt_entry *e, const struct fmt_key *k)
{
	const char *bad = k->type == FMT_MAPPING ? "[x]" : "{a: b}";
	if (e == &fmt_store)
		snprintf(out, n, "services:\n  s:\n    stores:\n      - %s: %s\n", k->name, bad);
	else if (e == &fmt_dep)
		snprintf(out, n, "services:\n  s:\n    depends_on:\n      - %s: %s\n", k->name, bad);
	else if (e == &fmt_selector)
		snprintf(out, n, "policies:\n  p:\n    match:\n      %s: %s\n", k->name, bad);
	else
		for (int s = 0; s < SEC__COUNT; s++)
			if (!fmt_sections[s].special && &fmt_objects[fmt_sections[s].kind] == e) {
				const char *id = e == &fmt_objects[OBJ_REGION] ? "p:r" : "XX";
				snprintf(out, n, "%s:\n  %s:\n    %s: %s\n", fmt_sections[s].name, id,
					 k->name, bad);
			}
}

static void test_loader_checks_every_key(void **state)
{
	(void)state;
	const struct fmt_entry *e;
	int checked = 0;
	for (size_t n = 0; (e = all_entries(n)); n++) {
		if (e == &fmt_catalog_meta)
			continue;   /* only in catalog files */
		for (int i = 0; i < e->nkeys; i++) {
			const struct fmt_key *k = &e->keys[i];
			char doc[512], want[128];
			wrong_doc(doc, sizeof doc, e, k);
			snprintf(want, sizeof want, "'%s' must be ", k->name);
			char *msgs = load_msgs(doc);
			if (!strstr(msgs, want))
				fail_msg("%s.%s: no \"%s\" in:\n%s", e->name, k->name, want, msgs);
			free(msgs);
			checked++;
		}
	}
	assert_true(checked > 50);
}

static void test_loader_requires_table_keys(void **state)
{
	(void)state;
	char *msgs = load_msgs("services:\n  s:\n    stores: [{volume: x}]\n"
			       "    depends_on: [{sends: [d]}]\n");
	const struct fmt_entry *es[] = { &fmt_objects[OBJ_SERVICE], &fmt_store, &fmt_dep };
	int required = 0;
	for (size_t n = 0; n < sizeof es / sizeof es[0]; n++)
		for (int i = 0; i < es[n]->nkeys; i++)
			if (es[n]->keys[i].flags & FMT_REQUIRED) {
				char want[64];
				snprintf(want, sizeof want, "has no '%s'", es[n]->keys[i].name);
				if (!strstr(msgs, want))
					fail_msg("no \"%s\" in:\n%s", want, msgs);
				required++;
			}
	assert_int_equal(required, 4);   /* tenant, regions, data, service */
	free(msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_selector_is_sel_key),
		cmocka_unit_test(test_loader_checks_every_key),
		cmocka_unit_test(test_loader_requires_table_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
