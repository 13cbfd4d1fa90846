/*
 * bigmem: arrays of many megabytes (the engine's states, hash table and
 * facts). Past a megabyte they are mapped on their own, asking Linux
 * for huge pages, and grow by remapping instead of copying: at 100k
 * services of a dependency-dense inventory the engine touches some
 * 300 MB of fresh memory, and at 4 KB a page the kernel's page faults
 * were a sixth of check's time. Smaller arrays come from malloc.
 *
 * Ownership: what big_alloc or big_grow returns is freed with big_free
 * and with nothing else.
 */
#ifndef RESMAP_BIGMEM_H
#define RESMAP_BIGMEM_H

#include <stddef.h>

/* n bytes, zeroed. Never NULL. */
void *big_alloc(size_t n);
/* Grows p (NULL: none yet) to hold at least min elements of size each,
 * doubling *cap; the new elements are zeroed. Never NULL. */
void *big_grow(void *p, size_t *cap, size_t min, size_t size);
void big_free(void *p);

#endif
