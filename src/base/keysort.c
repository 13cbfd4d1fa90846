/*
 * keysort: LSD radix sort of 128-bit keys. Each pass scatters by one
 * RADIX_BITS-bit digit, least significant first; a digit that every key
 * shares is skipped after counting, so short keys cost few passes. Small
 * digits keep the scatter within the TLB's reach on large inputs.
 */
#include "base/keysort.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS };

/* The RADIX_BITS bits of the key starting at bit off. */
static inline size_t digit(const struct keyrec *k, unsigned off)
{
	uint64_t w;
	if (off >= 64)
		w = k->hi >> (off - 64);
	else if (off == 0)
		w = k->lo;
	else
		w = k->lo >> off | k->hi << (64 - off);
	return (size_t)(w % RADIX);
}

void keysort(struct keyrec *v, size_t n, unsigned bits)
{
	if (n < 2)
		return;
	struct keyrec *tmp = xmalloc(n * sizeof *tmp), *src = v, *dst = tmp;
	size_t cnt[RADIX + 1];
	for (unsigned off = 0; off < bits && off < 128; off += RADIX_BITS) {
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[digit(&src[i], off) + 1]++;
		bool trivial = false;
		for (size_t d = 1; d <= RADIX && !trivial; d++)
			trivial = cnt[d] == n;
		if (trivial)
			continue;
		for (size_t d = 1; d <= RADIX; d++)
			cnt[d] += cnt[d - 1];
		for (size_t i = 0; i < n; i++)
			dst[cnt[digit(&src[i], off)]++] = src[i];
		struct keyrec *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
}
