/*
 * arena: a list of blocks handed out front to back. Large requests get
 * a block of their own so that small ones do not waste the remainder.
 */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/util.h"

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	size_t mapped;              /* bytes mapped (arena_init_large), 0 when malloc'd */
	alignas(max_align_t) unsigned char mem[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_total = 0;
	a->large = false;
}

void arena_init_large(struct arena *a)
{
	arena_init(a);
	a->large = true;
}

static void free_block(struct arena_block *b)
{
#ifdef MAP_POPULATE
	if (b->mapped) {
		munmap(b, b->mapped);
		return;
	}
#endif
	free(b);
}

void arena_release(struct arena *a)
{
	bool large = a->large;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free_block(b);
		b = next;
	}
	arena_init(a);
	a->large = large;
}

void arena_reset(struct arena *a)
{
	/* keep the most recent standard-sized block */
	struct arena_block *keep = NULL, *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (!keep && b->size == ARENA_BLOCK && !b->mapped)
			keep = b;
		else
			free_block(b);
		b = next;
	}
	a->head = keep;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->used_total = 0;
}

static struct arena_block *new_block(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct arena_block))
		die("out of memory (arena block of %zu)", size);
	struct arena_block *b = xmalloc(sizeof *b + size);
	b->used = 0;
	b->size = size;
	b->next = NULL;
	b->mapped = 0;
	return b;
}

enum { LARGE_AFTER = 4 << 20, LARGE_BLOCK = 1 << 20 };

/* A standard block for the arena: mapped and present for a large arena
 * past its first megabytes (Linux), else from malloc. */
static struct arena_block *next_block(struct arena *a)
{
#ifdef MAP_POPULATE
	if (a->large && a->used_total >= LARGE_AFTER) {
		void *p = mmap(NULL, LARGE_BLOCK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p != MAP_FAILED) {
			struct arena_block *b = p;
			b->used = 0;
			b->size = LARGE_BLOCK - sizeof *b;
			b->next = NULL;
			b->mapped = LARGE_BLOCK;
			return b;
		}
	}
#endif
	return new_block(ARENA_BLOCK);
}

/*
 * Model objects hold pointers, sizes and 64-bit integers only, so 8-byte
 * alignment is enough; strings are packed with none. (Rounding to
 * max_align_t, 16, cost a million-service model 60 MB of padding.)
 */
#define ARENA_ALIGN 8
_Static_assert(alignof(void *) <= ARENA_ALIGN && alignof(uint64_t) <= ARENA_ALIGN &&
	       alignof(double) <= ARENA_ALIGN, "arena alignment too small");

/* zero: clear the bytes; a copy that writes all n of them need not (the
 * clearing was a second pass over every tree node a JSON import keeps) */
static void *alloc_aligned(struct arena *a, size_t n, size_t align, bool zero)
{
	if (n > SIZE_MAX - ARENA_BLOCK)
		die("out of memory (%zu bytes)", n);
	if (n == 0)
		n = 1;
	struct arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->size || b->size - at < n) {
		if (n > ARENA_BLOCK / 4) {
			/* a block of its own, behind the current one */
			struct arena_block *big = new_block(n);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = n;
			a->used_total += n;
			if (zero)
				memset(big->mem, 0, n);
			return big->mem;
		}
		b = next_block(a);
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	void *p = b->mem + at;
	b->used = at + n;
	a->used_total += n;
	/* a mapped block is fresh from the kernel, hence zero, and is never
	 * reused (arena_reset frees it): zeroing it again would only cost a
	 * pass over memory (a few percent of check, in derive's path nodes) */
	if (zero && !b->mapped)
		memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc_aligned(a, n, ARENA_ALIGN, true);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		die("out of memory (%zu bytes)", n);
	char *p = alloc_aligned(a, n + 1, 1, false);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	if (!n)
		return arena_alloc(a, 0);
	void *q = alloc_aligned(a, n, ARENA_ALIGN, false);
	memcpy(q, p, n);
	return q;
}
