/*
 * strmap: open-addressing hash map from byte strings to pointers.
 * Keys are not copied: they must outlive the map (arena or interned
 * strings). Also used as an intern table (see strmap_intern).
 */
#ifndef RESMAP_STRMAP_H
#define RESMAP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct strmap_slot {
	const char *key;
	size_t len;
	uint64_t hash;
	void *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;     /* power of two, 0 when empty */
	size_t count;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
uint64_t strmap_hash(const char *key, size_t len);
/* Returns the value or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t len);
/*
 * Inserts key -> value when absent and returns NULL; when present,
 * leaves the map unchanged and returns the existing value.
 */
void *strmap_put(struct strmap *m, const char *key, size_t len, void *value);
/*
 * Returns the one arena copy of s (NUL-terminated), creating it on first
 * use, so that interned strings compare equal by pointer.
 */
const char *strmap_intern(struct strmap *m, struct arena *a, const char *s, size_t len);

#endif
