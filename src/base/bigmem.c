/*
 * bigmem: a 64-byte header before each array records how it was made
 * (mapped bytes, or 0 for malloc) and its usable size. Elsewhere than
 * Linux everything comes from malloc.
 */
#define _GNU_SOURCE     /* mremap */
#include "base/bigmem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/util.h"

/* 64 bytes, so that a mapped array starts on a cache line */
struct bighdr {
	size_t mapped;          /* bytes mapped with the header, 0 when malloc'd */
	size_t size;            /* usable bytes after the header */
	unsigned char pad[48];
	alignas(max_align_t) unsigned char mem[];
};
_Static_assert(sizeof(struct bighdr) == 64, "bigmem header of a cache line");

enum { MAP_FROM = 1 << 20 };

static struct bighdr *hdr_of(void *p)
{
	return (struct bighdr *)(void *)((unsigned char *)p - offsetof(struct bighdr, mem));
}

static size_t page_round(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
static void advise(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	/* a hint: without transparent huge pages it does nothing */
	(void)madvise(p, len, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

static struct bighdr *map_new(size_t n)
{
	size_t len = page_round(sizeof(struct bighdr) + n);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	advise(p, len);
	struct bighdr *h = p;
	h->mapped = len;
	h->size = len - sizeof *h;
	return h;
}
#define CAN_MAP 1
#else
#define CAN_MAP 0
#endif

void *big_alloc(size_t n)
{
	if (n > SIZE_MAX / 2)
		die("out of memory (%zu bytes)", n);
#if CAN_MAP
	if (n >= MAP_FROM) {
		struct bighdr *h = map_new(n);
		if (h)
			return h->mem;      /* fresh pages are zero */
	}
#endif
	struct bighdr *h = xcalloc(1, sizeof *h + n);
	h->size = n;
	return h->mem;
}

void *big_grow(void *p, size_t *cap, size_t min, size_t size)
{
	if (min <= *cap)
		return p;
	size_t c = grow_capacity(*cap, min, size), want = c * size;
	if (!p) {
		*cap = c;
		return big_alloc(want);
	}
	struct bighdr *h = hdr_of(p);
	size_t old = h->size;
#if CAN_MAP
	if (h->mapped) {
		size_t len = page_round(sizeof *h + want);
		void *q = mremap(h, h->mapped, len, MREMAP_MAYMOVE);
		if (q != MAP_FAILED) {
			/* the pages added are fresh, hence zero */
			h = q;
			advise(h, len);
			h->mapped = len;
			h->size = len - sizeof *h;
			*cap = c;
			return h->mem;
		}
	}
	if (want >= MAP_FROM) {
		struct bighdr *n = map_new(want);
		if (n) {
			memcpy(n->mem, p, old);
			big_free(p);
			*cap = c;
			return n->mem;
		}
	}
#endif
	if (h->mapped) {
		/* mremap failed: copy into malloc'd memory */
		struct bighdr *n = xcalloc(1, sizeof *n + want);
		memcpy(n->mem, p, old);
		n->size = want;
		big_free(p);
		*cap = c;
		return n->mem;
	}
	h = xrealloc(h, sizeof *h + want);
	memset(h->mem + old, 0, want - old);
	h->size = want;
	*cap = c;
	return h->mem;
}

void big_free(void *p)
{
	if (!p)
		return;
	struct bighdr *h = hdr_of(p);
#if CAN_MAP
	if (h->mapped) {
		munmap(h, h->mapped);
		return;
	}
#endif
	free(h);
}
