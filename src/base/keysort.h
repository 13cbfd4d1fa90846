/*
 * keysort: linear-time sort of records by a packed key of up to 128
 * bits, for sorting millions of facts (derive.c) without comparing
 * structs. Fields are pushed most significant first, each in a fixed
 * number of bits, so that the numeric order of the key is the
 * lexicographic order of the fields.
 */
#ifndef RESMAP_KEYSORT_H
#define RESMAP_KEYSORT_H

#include <stddef.h>
#include <stdint.h>

struct keyrec {
	uint64_t hi, lo;       /* the key: bits 127..64 and 63..0 */
	uint32_t a, b;         /* payload, carried along */
};

/* Appends a field of w bits (w <= 32, v < 2^w) below those pushed so far. */
static inline void keyrec_push(struct keyrec *k, uint64_t v, unsigned w)
{
	if (!w)
		return;
	k->hi = (k->hi << w) | (k->lo >> (64 - w));
	k->lo = (k->lo << w) | v;
}

/* Bits needed for the values 0 .. n-1. */
static inline unsigned key_width(size_t n)
{
	unsigned w = 0;
	while (w < 64 && ((size_t)1 << w) < n)
		w++;
	return w;
}

/* Sorts v[0..n) by key ascending, stable; keys use their low `bits` bits
 * (at most 128). */
void keysort(struct keyrec *v, size_t n, unsigned bits);

#endif
