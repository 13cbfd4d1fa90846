/*
 * Unit tests of the model: ids, duplicates, implied parents, nested
 * jurisdiction groups and their cycles.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static struct pos P(uint32_t line)
{
	struct pos p = { "t.yaml", line, 1 };
	return p;
}

static void test_ids_are_interned_and_unique(void **state)
{
	(void)state;
	struct model *m = model_new();
	struct tenant *a = model_add_tenant(m, "imod", P(1));
	assert_non_null(a);
	assert_null(model_add_tenant(m, "imod", P(2)));
	assert_ptr_equal(model_find_tenant(m, "imod"), a);
	assert_ptr_equal(a->id, model_intern(m, "imod", 4));
	assert_null(model_find_tenant(m, "imo"));
	model_free(m);
}

static void test_implied_parents_and_prefix(void **state)
{
	(void)state;
	struct model *m = model_new();
	struct diag d;
	diag_init(&d, stderr);
	struct term *voice = model_add_data(m, "comms.voice.recorded", P(1));
	struct term *health = model_add_data(m, "health", P(2));
	assert_int_equal(model_finalize(m, &d), 0);
	struct term *comms = model_find_data(m, "comms");
	assert_non_null(comms);
	assert_true(comms->implied);
	assert_true(term_under(voice, comms));
	assert_true(term_under(voice, voice));
	assert_false(term_under(comms, voice));
	assert_false(term_under(voice, health));
	assert_int_equal(voice->depth, 2);
	assert_int_equal(m->ndata, 4);
	assert_string_equal(m->data[0]->id, "comms");
	assert_string_equal(m->data[1]->id, "comms.voice");
	assert_int_equal(m->data[3]->index, 3);
	diag_release(&d);
	model_free(m);
}

static void test_nested_groups(void **state)
{
	(void)state;
	struct model *m = model_new();
	struct diag d;
	diag_init(&d, stderr);
	struct jur *nl = model_add_jur(m, "NL", P(1), false);
	struct jur *no = model_add_jur(m, "NO", P(2), false);
	struct jur *us = model_add_jur(m, "US", P(3), false);
	struct jur *eu = model_add_jur(m, "EU", P(4), true);
	struct jur *eea = model_add_jur(m, "EEA", P(5), true);
	eu->members = model_alloc(m, sizeof(struct jur *));
	eu->members[0] = nl;
	eu->nmembers = 1;
	eea->members = model_alloc(m, 2 * sizeof(struct jur *));
	eea->members[0] = eu;
	eea->members[1] = no;
	eea->nmembers = 2;
	assert_int_equal(model_finalize(m, &d), 0);
	assert_true(model_jur_contains(m, eea, nl));
	assert_true(model_jur_contains(m, eea, no));
	assert_false(model_jur_contains(m, eu, no));
	assert_false(model_jur_contains(m, eea, us));
	assert_true(model_jur_contains(m, us, us));
	assert_int_equal(m->ncountries, 3);
	diag_release(&d);
	model_free(m);
}

static void test_group_cycle_is_reported(void **state)
{
	(void)state;
	struct model *m = model_new();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag d;
	diag_init(&d, out);
	d.excerpts = false;
	struct jur *a = model_add_jur(m, "A", P(1), true);
	struct jur *b = model_add_jur(m, "B", P(2), true);
	a->members = model_alloc(m, sizeof(struct jur *));
	a->members[0] = b;
	a->nmembers = 1;
	b->members = model_alloc(m, sizeof(struct jur *));
	b->members[0] = a;
	b->nmembers = 1;
	assert_int_equal(model_finalize(m, &d), -1);
	fclose(out);
	assert_non_null(strstr(buf, "t.yaml:1:1: error: jurisdiction group 'A' contains itself"));
	free(buf);
	diag_release(&d);
	model_free(m);
}

static void test_enum_words(void **state)
{
	(void)state;
	assert_int_equal(kind_parse("ai"), KIND_AI);
	assert_int_equal(kind_parse("AI"), -1);
	assert_int_equal(redundancy_parse("geo"), RED_GEO);
	assert_int_equal(redundancy_parse("unset"), -1);
	assert_int_equal(mode_parse("replica"), MODE_REPLICA);
	assert_string_equal(sel_key_name(SEL_JURISDICTIONS), "jurisdictions");
	assert_int_equal(sel_key_parse("modes"), SEL_MODES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_are_interned_and_unique),
		cmocka_unit_test(test_implied_parents_and_prefix),
		cmocka_unit_test(test_nested_groups),
		cmocka_unit_test(test_group_cycle_is_reported),
		cmocka_unit_test(test_enum_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
