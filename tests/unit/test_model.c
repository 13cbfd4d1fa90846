/*
 * Unit tests of the model: ids, duplicates, implied parents, nested
 * jurisdiction groups and their cycles.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"

static struct pos P(uint32_t line)
{
	struct pos p = { "t.yaml", line, 1 };
	return p;
}

static void test_ids_are_unique(void **state)
{
	(void)state;
	struct model *m = model_new();
	char id[] = "imod";
	struct tenant *a = model_add_tenant(m, id, P(1));
	assert_non_null(a);
	/* the model keeps its own copy */
	assert_ptr_not_equal(a->id, id);
	id[0] = 'x';
	assert_string_equal(a->id, "imod");
	assert_null(model_add_tenant(m, "imod", P(2)));
	assert_ptr_equal(model_find_tenant(m, "imod"), a);
	assert_null(model_find_tenant(m, "imo"));
	assert_null(model_find_tenant(m, "imodd"));
	/* the same id in another kind is another object */
	assert_non_null(model_add_service(m, "imod", P(3)));
	model_free(m);
}

/*
 * finalize sorts by strcmp through a radix sort of 16-byte prefixes and
 * moves the id index along: ids that share long prefixes, prefixes of
 * each other, bytes above 0x7f, added in scrambled order.
 */
static void test_sort_and_find_after_finalize(void **state)
{
	(void)state;
	struct model *m = model_new();
	struct diag d;
	diag_init(&d, stderr);
	enum { N = 3000 };
	char ids[N][40];
	for (int i = 0; i < N; i++) {
		int k = (i * 1237) % N;     /* 1237 is prime to N: a permutation */
		switch (k % 4) {
		case 0: snprintf(ids[i], sizeof ids[i], "storage-account-prod-%05d", k); break;
		case 1: snprintf(ids[i], sizeof ids[i], "s%d", k); break;
		case 2: snprintf(ids[i], sizeof ids[i], "storage-account-\xc3\xa9-%d", k); break;
		default: snprintf(ids[i], sizeof ids[i], "storage-account-prod-%d", k); break;
		}
		assert_non_null(model_add_service(m, ids[i], P((uint32_t)i + 1)));
	}
	assert_non_null(model_add_service(m, "storage-account-", P(1)));
	assert_non_null(model_add_service(m, "storage-account-p", P(1)));
	/* short runs sharing 16 bytes ("tenant-00000042-" and six endings,
	 * one of them empty): settled by insertion, not qsort */
	char tid[40];
	for (int i = 0; i < 700; i++) {
		int k = (i * 263) % 700, g = k / 7, e = k % 7;
		if (e == 6)
			snprintf(tid, sizeof tid, "tenant-%08d-", g);
		else
			snprintf(tid, sizeof tid, "tenant-%08d-%d%s", g, 5 - e, e % 2 ? "x" : "");
		assert_non_null(model_add_service(m, tid, P(1)));
	}
	assert_int_equal(model_finalize(m, &d), 0);
	assert_int_equal(m->nservices, N + 2 + 700);
	assert_string_equal(m->services[N + 2]->id, "tenant-00000000-");
	assert_string_equal(m->services[N + 3]->id, "tenant-00000000-0x");
	assert_string_equal(m->services[N + 8]->id, "tenant-00000000-5");
	for (size_t i = 0; i < m->nservices; i++) {
		assert_int_equal(m->services[i]->index, i);
		if (i)
			assert_true(strcmp(m->services[i - 1]->id, m->services[i]->id) < 0);
		assert_ptr_equal(model_find_service(m, m->services[i]->id), m->services[i]);
	}
	for (int i = 0; i < N; i++)
		assert_string_equal(model_find_service(m, ids[i])->id, ids[i]);
	assert_null(model_find_service(m, "storage-account-prod-"));
	diag_release(&d);
	model_free(m);
}

/* A large arena (the model's) takes mapped blocks past 4 MB: memory comes
 * zeroed, aligned, never handed out twice, and reset keeps it usable. */
static void test_large_arena(void **state)
{
	(void)state;
	struct arena a;
	arena_init_large(&a);
	for (int round = 0; round < 2; round++) {
		enum { N = 60000 };
		unsigned char *prev = NULL;
		for (int i = 0; i < N; i++) {
			size_t n = 8 + (size_t)(i % 200);   /* 6 MB in all */
			unsigned char *p = arena_alloc(&a, n);
			assert_int_equal((uintptr_t)p % 8, 0);
			for (size_t k = 0; k < n; k++)
				assert_int_equal(p[k], 0);
			memset(p, 0xab, n);
			assert_ptr_not_equal(p, prev);
			prev = p;
		}
		char *big = arena_alloc(&a, 100000);     /* a block of its own */
		assert_int_equal(big[99999], 0);
		assert_string_equal(arena_strdup(&a, "id"), "id");
		assert_true(a.used_total > (size_t)5 << 20);
		arena_reset(&a);
		assert_true(a.large);
		assert_int_equal(a.used_total, 0);
	}
	arena_release(&a);
	assert_true(a.large);
	assert_null(a.head);
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
		cmocka_unit_test(test_ids_are_unique),
		cmocka_unit_test(test_sort_and_find_after_finalize),
		cmocka_unit_test(test_large_arena),
		cmocka_unit_test(test_implied_parents_and_prefix),
		cmocka_unit_test(test_nested_groups),
		cmocka_unit_test(test_group_cycle_is_reported),
		cmocka_unit_test(test_enum_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
