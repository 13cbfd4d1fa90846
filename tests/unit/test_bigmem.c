/*
 * Unit tests of bigmem: arrays start zeroed, keep their contents and
 * zero what they gain when they grow, from malloc into a mapping (past
 * a megabyte) and within a mapping (remapped), and free from either.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/bigmem.h"

static void test_alloc_zeroed(void **state)
{
	(void)state;
	size_t sizes[] = { 0, 1, 4096, (1u << 20) - 1, 1u << 20, 3u << 20 };
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		unsigned char *p = big_alloc(sizes[k]);
		assert_non_null(p);
		assert_true(((uintptr_t)p & 15) == 0);
		for (size_t i = 0; i < sizes[k]; i++)
			if (p[i])
				fail_msg("byte %zu of %zu not zero", i, sizes[k]);
		memset(p, 0xab, sizes[k]);
		big_free(p);
	}
	big_free(NULL);
}

/* Grows one element at a time through every regime, checking that every
 * element written stays and every new one reads zero. */
static void test_grow_keeps_and_zeroes(void **state)
{
	(void)state;
	uint32_t *a = NULL;
	size_t cap = 0, n = 3u << 20;   /* 12 MB of uint32_t */
	for (size_t i = 0; i < n; i++) {
		size_t before = cap;
		a = big_grow(a, &cap, i + 1, sizeof *a);
		assert_true(cap >= i + 1);
		if (cap != before) {
			for (size_t j = 0; j < i; j++)
				if (a[j] != (uint32_t)(j * 2654435761u))
					fail_msg("element %zu lost growing to %zu", j, cap);
			for (size_t j = i; j < cap; j++)
				if (a[j])
					fail_msg("new element %zu of %zu not zero", j, cap);
		}
		a[i] = (uint32_t)(i * 2654435761u);
	}
	/* asking for no more leaves it alone */
	uint32_t *same = big_grow(a, &cap, n, sizeof *a);
	assert_ptr_equal(same, a);
	big_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_zeroed),
		cmocka_unit_test(test_grow_keeps_and_zeroes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
