/*
 * arena: bump allocator. Everything a loaded model owns lives in one
 * arena, so freeing a model is one call and no object needs its own free.
 */
#ifndef RESMAP_ARENA_H
#define RESMAP_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used_total;          /* bytes handed out, for statistics */
	bool large;                 /* see arena_init_large */
};

void arena_init(struct arena *a);
/*
 * For an arena that grows to many megabytes and lives long (the model):
 * past its first 4 MB it takes 1 MB blocks from the system, mapped with
 * their pages present, one system call where touching them would have
 * cost 256 page faults (about a quarter of check's page faults at 100k
 * services).
 */
void arena_init_large(struct arena *a);
void arena_release(struct arena *a);   /* frees every block */
void arena_reset(struct arena *a);     /* frees all but keeps one block */
/* Zeroed, aligned to 8 bytes: enough for pointers, sizes, 64-bit integers
 * and doubles, which is all resmap keeps there. Never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies n bytes and appends a NUL (strings are not aligned). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Copies an array of n pointers. */
void *arena_memdup(struct arena *a, const void *p, size_t n);

#endif
