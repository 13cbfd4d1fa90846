/*
 * strmap: linear probing over a power-of-two table, FNV-1a hashes kept
 * in the slots so that growing never rehashes the keys.
 */
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

uint64_t strmap_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && !memcmp(s->key, key, len))
			return s;
	}
}

static void grow(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16;
	struct strmap_slot *old = m->slots;
	size_t ocap = m->cap;
	m->slots = xcalloc(ncap, sizeof *m->slots);
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].key)
			continue;
		size_t mask = ncap - 1, j = old[i].hash & mask;
		while (m->slots[j].key)
			j = (j + 1) & mask;
		m->slots[j] = old[i];
	}
	free(old);
}

void *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = find(m, key, len, strmap_hash(key, len));
	return s->key ? s->value : NULL;
}

void *strmap_put(struct strmap *m, const char *key, size_t len, void *value)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = strmap_hash(key, len);
	struct strmap_slot *s = find(m, key, len, h);
	if (s->key)
		return s->value;
	s->key = key;
	s->len = len;
	s->hash = h;
	s->value = value;
	m->count++;
	return NULL;
}

const char *strmap_intern(struct strmap *m, struct arena *a, const char *s, size_t len)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = strmap_hash(s, len);
	struct strmap_slot *slot = find(m, s, len, h);
	if (slot->key)
		return slot->value;
	char *copy = arena_strndup(a, s, len);
	slot->key = copy;
	slot->len = len;
	slot->hash = h;
	slot->value = copy;
	m->count++;
	return copy;
}
