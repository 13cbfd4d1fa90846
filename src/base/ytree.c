/*
 * ytree: a composer over libyaml's event API. It builds one document at a
 * time into chunk memory, keeping the position of every node and of every
 * alias use, and closes the traps that libyaml leaves open: alias
 * expansion (billion laughs), unbounded nesting, recursive aliases,
 * duplicate and non-scalar keys, `<<` merge keys, and reader errors that
 * carry only a byte offset.
 *
 * Nothing here recurses on input-shaped data: open collections live on an
 * explicit frame stack, and their children on one reusable item stack
 * that is copied out when the collection closes, so that the hot path
 * costs one bump allocation (node and string together) per scalar.
 *
 * Errors about one node (a duplicate key, an undefined alias, a key that
 * is not a scalar, a bad merge value, a collection nested too deep) are
 * reported and that node (or pair) is left out; the document is still
 * delivered so that the caller can check the rest of it. A syntax error
 * ends the stream (libyaml cannot recover from it), and so does nesting
 * far past the limit (libyaml's cost grows with it).
 */
#include "base/ytree.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"

/* Error paths, kept out of the hot functions that call them, and those
 * that run for every event, which the compiler would not inline. */
#define COLD __attribute__((cold, noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Mappings with more explicit keys than this check duplicates by hash. */
#define SMALL_MAP 16
/* Levels past --max-depth read (and dropped) before the input is given up. */
#define SKIP_MAX 64
/*
 * Nodes and strings are carved from chunks of this size: no per-node
 * header, padding or zeroing. The chunks of a finished document are kept
 * for the next document and the next call (up to MAX_SPARE of them):
 * freeing them made the C library give the top of the heap back to the
 * kernel after every file and fault it in again for the next one, which
 * cost more than the parse. Larger requests go to the arena.
 */
#define CHUNK (64 * 1024 - 64)
#define MAX_SPARE 1024

struct chunk {
	struct chunk *next;
	size_t pad;             /* mem stays 16-aligned */
	char mem[CHUNK];
};

/* Per thread, so that no lock is needed; nested calls just take turns. */
static _Thread_local struct chunk *spare_chunks;
static _Thread_local size_t nspare;
/* The read buffer of ytree_parse_file, kept for the same reason. */
static _Thread_local char *read_buf;
static _Thread_local size_t read_cap;
static _Thread_local bool read_busy;
#define MAX_READ_KEEP (64u << 20)

struct anchor {
	struct ynode *node;     /* NULL while open or when broken */
	size_t count;           /* nodes in the subtree, aliases expanded */
	size_t height;          /* collections nested in it, itself included */
	unsigned gen;           /* bumped at each (re)definition */
	bool open;              /* its collection has not closed yet */
	bool broken;            /* defined inside a dropped node: uses are dropped silently */
};

struct item {
	struct ynode *n;        /* NULL: dropped after an error */
	uint32_t line, col;     /* where it was written (an alias: the alias) */
	bool merge;             /* a `<<` key */
	uint32_t tag;           /* an explicit key kept: key_tag(n), never 0; else 0 */
};

struct frame {
	struct ynode *node;
	size_t base;            /* first child in the item stack */
	size_t count;           /* nodes in the subtree so far, aliases expanded */
	size_t height;          /* tallest child so far (see struct anchor) */
	struct anchor *anchor;
	unsigned anchor_gen;
	size_t nkeys;           /* explicit keys pushed (mappings) */
	bool has_merge;
	bool use_set;           /* its keys are in keyset number (f - frames) */
};

/*
 * The keys of a large mapping, for duplicates: open addressing over
 * references to the key nodes (an index into the item stack, or TMP_REF
 * and an index into tmp for keys that merges add). There is one table
 * per nesting depth, kept for the whole parse and emptied by bumping its
 * generation, so that a document of many large mappings (a services
 * section of thousands of entries in every file) neither allocates,
 * faults in nor clears a table per mapping.
 */
#define TMP_REF (((size_t)-1 >> 1) + 1)
struct kslot {
	uint32_t gen;           /* in use when equal to its set's gen */
	uint32_t hash;
	size_t ref;
};
struct keyset {
	struct kslot *slots;
	size_t cap, count;      /* cap: 0 or a power of two */
	uint32_t gen;
};

struct composer {
	yaml_parser_t parser;
	const char *name;
	const char *buf;
	size_t len;
	struct diag *d;
	size_t max_depth, max_alias_nodes;
	ytree_doc_fn cb;
	void *ctx;

	struct arena arena;
	struct chunk *chunks;   /* in use by this document */
	char *chunk;            /* free part of the current chunk */
	size_t chunk_left;
	struct item *items;
	size_t nitems, items_cap;
	struct frame *frames;
	size_t nframes, frames_cap;
	struct ypair *tmp;      /* pairs of a mapping with merges, being built */
	size_t ntmp, tmp_cap;
	struct keyset *sets;    /* by nesting depth (see struct keyset) */
	size_t nsets;
	struct strmap anchors;  /* name (in the arena) -> struct anchor */

	/* per document */
	size_t skip;            /* nesting inside a dropped too-deep collection */
	bool abandon;           /* nested absurdly deep: stop reading */
	size_t doc_nodes;       /* nodes written, aliases not expanded */
	size_t charged;         /* nodes added by alias uses */
	size_t doc_start;       /* libyaml's character index where it starts */
	bool budget_blown;
	struct ynode *root;

	bool failed;

	/* libyaml ends lines at NEL, LS and PS too; an editor does not. When
	 * the input holds one, libyaml's line k starts on editor line
	 * eline[k] (0-based) after ecol[k] characters of it. */
	uint32_t *eline, *ecol;
	size_t nelines;
};

void ytree_limits_default(struct ytree_limits *l)
{
	l->max_depth = 256;
	l->max_alias_nodes = 0;
}

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static uint32_t clamp32(size_t v)
{
	return v >= UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static struct pos mark_pos(const struct composer *c, yaml_mark_t m)
{
	struct pos p = { c->name, clamp32(m.line + 1), clamp32(m.column + 1) };
	if (m.line < c->nelines) {
		p.line = c->eline[m.line] + 1;
		p.col = clamp32(sat_add(c->ecol[m.line], m.column + 1));
	}
	return p;
}

/*
 * The table of mark_pos, built only for UTF-8 input holding NEL, LS or
 * PS (the bytes C2 85 and E2 80 A8/A9): one pass, no cost otherwise.
 */
static void editor_lines(struct composer *c)
{
	const unsigned char *b = (const unsigned char *)c->buf, *end = b + c->len;
	if (c->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return;     /* UTF-16: libyaml's own lines are kept */
	bool any = false;
	for (const unsigned char *p = b; p + 1 < end && !any; p++) {
		p = memchr(p, 0x85, (size_t)(end - p));
		if (!p)
			break;
		any = p > b && p[-1] == 0xC2;
	}
	for (const unsigned char *p = b; p + 2 < end && !any; p++) {
		p = memchr(p, 0xE2, (size_t)(end - p));
		if (!p || p + 2 >= end)
			break;
		any = p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
	}
	if (!any)
		return;
	size_t cap = 0, n = 0;
	uint32_t line = 0, col = 0;
	const unsigned char *p = b;
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;     /* libyaml counts no column for a BOM */
	c->eline = xgrow(NULL, &cap, 1, sizeof *c->eline);
	c->ecol = xcalloc(cap, sizeof *c->ecol);
	c->eline[n] = 0;
	c->ecol[n++] = 0;
	while (p < end) {
		size_t br = utf8_yaml_break(p, (size_t)(end - p));
		if (!br) {
			col += (*p & 0xC0) != 0x80;
			p++;
			continue;
		}
		if (*p == '\n' || *p == '\r') {
			line++;
			col = 0;
		} else {
			col++;      /* the separator shows as one character */
		}
		p += br;
		if (n == cap) {
			size_t old = cap;
			c->eline = xgrow(c->eline, &cap, n + 1, sizeof *c->eline);
			c->ecol = xrealloc(c->ecol, cap * sizeof *c->ecol);
			memset(c->ecol + old, 0, (cap - old) * sizeof *c->ecol);
		}
		c->eline[n] = line;
		c->ecol[n++] = col;
	}
	c->nelines = n;
}

static struct pos item_pos(const struct composer *c, const struct item *it)
{
	struct pos p = { c->name, it->line, it->col };
	return p;
}

/* A key for a message: printable bytes as they are, others escaped, long keys cut. */
static void quote_key(struct strbuf *sb, const char *s, size_t len)
{
	size_t shown = len > 80 ? 77 : len;
	for (size_t i = 0; i < shown; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			sb_addf(sb, "\\x%02x", ch);
		else
			sb_addc(sb, (char)ch);
	}
	if (shown < len)
		sb_adds(sb, "...");
}

static void error_at(struct composer *c, struct pos p, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void error_at(struct composer *c, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(c->d, DIAG_ERROR, p, fmt, ap);
	va_end(ap);
	c->failed = true;
}

static bool same_key(const struct ynode *a, const struct ynode *b)
{
	return a->u.scalar.len == b->u.scalar.len &&
	       !memcmp(a->u.scalar.s, b->u.scalar.s, a->u.scalar.len);
}

static bool is_merge_key(const struct ynode *n)
{
	return n->type == YN_SCALAR && n->plain && !n->has_tag && n->u.scalar.len == 2 &&
	       n->u.scalar.s[0] == '<' && n->u.scalar.s[1] == '<';
}

static void *bump_slow(struct composer *c, size_t n)
{
	if (n > SIZE_MAX - 8)
		die("out of memory (%zu bytes)", n);
	n = (n + 7) & ~(size_t)7;
	if (n > CHUNK / 4)
		return arena_alloc(&c->arena, n);
	struct chunk *ch = spare_chunks;
	if (ch) {
		spare_chunks = ch->next;
		nspare--;
	} else {
		ch = xmalloc(sizeof *ch);
	}
	ch->next = c->chunks;
	c->chunks = ch;
	c->chunk = ch->mem + n;
	c->chunk_left = CHUNK - n;
	return ch->mem;
}

/*
 * Not zeroed; aligned for pointers and sizes, which is all the tree
 * holds. Inline, as it runs for every node: chunk_left is a multiple of
 * 8, so n rounded up still fits when n does.
 */
static inline void *bump(struct composer *c, size_t n)
{
	if (n > c->chunk_left)
		return bump_slow(c, n);
	n = (n + 7) & ~(size_t)7;
	void *p = c->chunk;
	c->chunk += n;
	c->chunk_left -= n;
	return p;
}

/* A node, with room for extra bytes (a scalar's string) right after it;
 * the caller sets the union. */
static inline struct ynode *new_node(struct composer *c, enum ynode_type t, const yaml_event_t *ev,
				     size_t extra)
{
	struct ynode *n = bump(c, sizeof *n + extra);
	n->type = t;
	n->plain = false;
	n->has_tag = false;
	n->pos = mark_pos(c, ev->start_mark);
	c->doc_nodes++;
	return n;
}

/* --- anchors --- */

static struct anchor *anchor_define(struct composer *c, const yaml_char_t *name)
{
	size_t len = strlen((const char *)name);
	struct anchor *a = strmap_get(&c->anchors, (const char *)name, len);
	if (!a) {
		a = bump(c, sizeof *a);
		memset(a, 0, sizeof *a);
		char *key = bump(c, len + 1);
		memcpy(key, name, len + 1);
		strmap_put(&c->anchors, key, len, a);
	}
	a->gen++;
	a->node = NULL;
	a->count = 0;
	a->height = 0;
	a->open = false;
	a->broken = false;
	return a;
}

/* An anchor inside a dropped node: later aliases to it are dropped without a second error. */
static void anchor_break(struct composer *c, const yaml_char_t *name)
{
	if (name)
		anchor_define(c, name)->broken = true;
}

/* --- mappings: duplicate keys --- */

/* A hash of a key, eight bytes at a time. */
static uint32_t key_hash(const char *s, size_t len)
{
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
	}
	uint64_t w = 0;
	for (size_t k = 0; i + k < len; k++)
		w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
	/* the low bits index the table: fold the high bits of the products in */
	h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	return (uint32_t)(h ^ h >> 33);
}

static const struct ynode *ks_node(const struct composer *c, size_t ref)
{
	return ref & TMP_REF ? c->tmp[ref & ~TMP_REF].key : c->items[ref].n;
}

static void ks_grow(struct keyset *ks)
{
	size_t ncap = ks->cap ? ks->cap * 2 : 64;
	struct kslot *old = ks->slots;
	ks->slots = xcalloc(ncap, sizeof *ks->slots);   /* gen 0: empty, as gen >= 1 */
	for (size_t i = 0; i < ks->cap; i++) {
		if (old[i].gen != ks->gen)
			continue;
		size_t j = old[i].hash & (ncap - 1);
		while (ks->slots[j].gen == ks->gen)
			j = (j + 1) & (ncap - 1);
		ks->slots[j] = old[i];
	}
	free(old);
	ks->cap = ncap;
}

/* Adds key (found at ref) unless an equal key is in; returns that one's ref, or SIZE_MAX. */
static size_t ks_put(struct composer *c, struct keyset *ks, const struct ynode *key, size_t ref)
{
	if ((ks->count + 1) * 4 > ks->cap * 3)
		ks_grow(ks);
	uint32_t h = key_hash(key->u.scalar.s, key->u.scalar.len);
	size_t mask = ks->cap - 1;
	for (size_t j = h & mask;; j = (j + 1) & mask) {
		struct kslot *sl = &ks->slots[j];
		if (sl->gen != ks->gen) {
			sl->gen = ks->gen;
			sl->hash = h;
			sl->ref = ref;
			ks->count++;
			return SIZE_MAX;
		}
		if (sl->hash == h && same_key(ks_node(c, sl->ref), key))
			return sl->ref;
	}
}

static struct keyset *set_of(struct composer *c, struct frame *f)
{
	return &c->sets[f - c->frames];
}

/* Switches f to a key set, filled with the explicit keys pushed so far. */
static void set_from_items(struct composer *c, struct frame *f)
{
	size_t depth = (size_t)(f - c->frames);
	if (depth >= c->nsets) {
		size_t old = c->nsets;
		c->sets = xgrow(c->sets, &c->nsets, depth + 1, sizeof *c->sets);
		memset(c->sets + old, 0, (c->nsets - old) * sizeof *c->sets);
	}
	struct keyset *ks = &c->sets[depth];
	if (++ks->gen == 0) {   /* wrapped: old entries would look current */
		if (ks->cap)
			memset(ks->slots, 0, ks->cap * sizeof *ks->slots);
		ks->gen = 1;
	}
	ks->count = 0;
	for (size_t i = f->base; i < c->nitems; i += 2) {
		const struct item *it = &c->items[i];
		if (it->n && !it->merge)
			ks_put(c, ks, it->n, i);
	}
	f->use_set = true;
}

/*
 * Length and end bytes of a key: the scan of a small mapping's keys
 * compares these, kept in the item stack, and looks at the node itself
 * only when they match.
 */
static uint32_t key_tag(const struct ynode *k)
{
	size_t len = k->u.scalar.len;
	if (!len)
		return 1;
	const unsigned char *s = (const unsigned char *)k->u.scalar.s;
	uint32_t l = len < 0xffff ? (uint32_t)len + 1 : 0xffff;
	return l | (uint32_t)s[0] << 16 | (uint32_t)s[len - 1] << 24;
}

/* Returns the index of an earlier explicit key equal to key, or SIZE_MAX; records key at idx. */
static size_t key_insert(struct composer *c, struct frame *f, const struct ynode *key, size_t idx,
			 uint32_t tag)
{
	f->nkeys++;
	if (!f->use_set) {
		if (f->nkeys <= SMALL_MAP) {
			for (size_t i = f->base; i < c->nitems; i += 2) {
				const struct item *it = &c->items[i];
				if (it->tag == tag && same_key(it->n, key))
					return i;
			}
			return SIZE_MAX;
		}
		set_from_items(c, f);
	}
	return ks_put(c, set_of(c, f), key, idx);
}

static bool valid_merge(const struct ynode *n)
{
	if (n->type == YN_MAP)
		return true;
	if (n->type != YN_SEQ)
		return false;
	for (size_t i = 0; i < n->u.seq.n; i++)
		if (n->u.seq.items[i]->type != YN_MAP)
			return false;
	return true;
}

/* The errors of map_key, out of its way: it runs for every key. */
static COLD void key_not_scalar(struct composer *c, const struct ynode *n, struct pos p)
{
	error_at(c, p, "a mapping key must be a scalar, not %s", ynode_type_name(n->type));
}

static COLD void key_duplicate(struct composer *c, const struct ynode *n, struct pos p,
			       size_t first)
{
	struct strbuf sb = STRBUF_INIT;
	quote_key(&sb, n->u.scalar.s, n->u.scalar.len);
	error_at(c, p, "duplicate key '%s'", sb.buf ? sb.buf : "");   /* "" adds nothing */
	diag_at(c->d, DIAG_NOTE, item_pos(c, &c->items[first]), "first defined here");
	sb_release(&sb);
}

static COLD void bad_merge(struct composer *c, struct pos p)
{
	error_at(c, p, "a merge key '<<' takes a mapping or a list of mappings");
}

/* The checks on a key entering mapping f; clears it->n to drop it. */
static void map_key(struct composer *c, struct frame *f, struct item *it, struct pos p)
{
	struct ynode *n = it->n;
	if (n->type != YN_SCALAR) {
		key_not_scalar(c, n, p);
		it->n = NULL;
	} else if (is_merge_key(n)) {
		it->merge = true;
		f->has_merge = true;
	} else {
		uint32_t tag = key_tag(n);
		size_t first = key_insert(c, f, n, c->nitems, tag);
		if (first != SIZE_MAX) {
			key_duplicate(c, n, p, first);
			it->n = NULL;
		} else {
			it->tag = tag;
		}
	}
}

/* Hands a finished node (or NULL, dropped) to the open collection or the
 * document. Inline: it runs for every node. */
static ALWAYS_INLINE void push(struct composer *c, struct ynode *n, struct pos p, size_t count,
			size_t height)
{
	if (!c->nframes) {
		c->root = n;
		return;
	}
	struct frame *f = &c->frames[c->nframes - 1];
	f->count = sat_add(f->count, count);
	if (height > f->height)
		f->height = height;
	struct item it = { n, p.line, p.col, false, 0 };
	if (f->node->type == YN_MAP && n) {
		if (((c->nitems - f->base) & 1) == 0) {
			map_key(c, f, &it, p);
		} else if (c->items[c->nitems - 1].merge && !valid_merge(n)) {
			bad_merge(c, p);
			it.n = NULL;
		}
	}
	if (c->nitems == c->items_cap)
		c->items = xgrow(c->items, &c->items_cap, c->nitems + 1, sizeof *c->items);
	c->items[c->nitems++] = it;
}

/* --- closing collections --- */

/* One pass: room for every item, of which those dropped after an error
 * (rare) are left unused. */
static void close_seq(struct composer *c, struct frame *f)
{
	size_t max = c->nitems - f->base;
	struct ynode **v = max ? bump(c, max * sizeof *v) : NULL;
	size_t j = 0;
	for (size_t i = f->base; i < c->nitems; i++)
		if (c->items[i].n)
			v[j++] = c->items[i].n;
	f->node->u.seq.items = j ? v : NULL;
	f->node->u.seq.n = j;
}

static void tmp_add(struct composer *c, struct ynode *k, struct ynode *v)
{
	if (c->ntmp == c->tmp_cap)
		c->tmp = xgrow(c->tmp, &c->tmp_cap, c->ntmp + 1, sizeof *c->tmp);
	c->tmp[c->ntmp].key = k;
	c->tmp[c->ntmp].value = v;
	c->ntmp++;
}

/* True when key is already among the explicit keys of f or the merged ones so far. */
static bool merged_seen(struct composer *c, struct frame *f, const struct ynode *key)
{
	if (f->use_set)   /* if new, key is about to become tmp[ntmp] */
		return ks_put(c, set_of(c, f), key, TMP_REF | c->ntmp) != SIZE_MAX;
	for (size_t i = f->base; i < c->nitems; i += 2) {
		const struct item *it = &c->items[i];
		if (it->n && !it->merge && same_key(it->n, key))
			return true;
	}
	for (size_t i = 0; i < c->ntmp; i++)
		if (same_key(c->tmp[i].key, key))
			return true;
	return false;
}

static void merge_from(struct composer *c, struct frame *f, const struct ynode *src)
{
	for (size_t i = 0; i < src->u.map.n; i++)
		if (!merged_seen(c, f, src->u.map.pairs[i].key))
			tmp_add(c, src->u.map.pairs[i].key, src->u.map.pairs[i].value);
}

static void close_map(struct composer *c, struct frame *f)
{
	struct ynode *node = f->node;
	if (!f->has_merge) {
		size_t max = (c->nitems - f->base) / 2;
		struct ypair *v = max ? bump(c, max * sizeof *v) : NULL;
		size_t j = 0;
		for (size_t i = f->base; i + 1 < c->nitems; i += 2) {
			if (c->items[i].n && c->items[i + 1].n) {
				v[j].key = c->items[i].n;
				v[j].value = c->items[i + 1].n;
				j++;
			}
		}
		node->u.map.pairs = j ? v : NULL;
		node->u.map.n = j;
		return;
	}

	/* Explicit keys win over merged ones wherever they are written, so
	 * that all explicit keys are known before the first merge. */
	size_t total = 0;
	for (size_t i = f->base; i + 1 < c->nitems; i += 2) {
		const struct ynode *v = c->items[i + 1].n;
		if (!c->items[i].n || !v)
			continue;
		if (!c->items[i].merge)
			total++;
		else if (v->type == YN_MAP)
			total = sat_add(total, v->u.map.n);
		else
			for (size_t k = 0; k < v->u.seq.n; k++)
				total = sat_add(total, v->u.seq.items[k]->u.map.n);
	}
	if (!f->use_set && total > SMALL_MAP)
		set_from_items(c, f);
	c->ntmp = 0;
	for (size_t i = f->base; i + 1 < c->nitems; i += 2) {
		struct ynode *k = c->items[i].n, *v = c->items[i + 1].n;
		if (!k || !v)
			continue;
		if (!c->items[i].merge)
			tmp_add(c, k, v);
		else if (v->type == YN_MAP)
			merge_from(c, f, v);
		else
			for (size_t m = 0; m < v->u.seq.n; m++)
				merge_from(c, f, v->u.seq.items[m]);
	}
	node->u.map.pairs = NULL;
	if (c->ntmp) {
		node->u.map.pairs = bump(c, c->ntmp * sizeof *c->tmp);
		memcpy(node->u.map.pairs, c->tmp, c->ntmp * sizeof *c->tmp);
	}
	node->u.map.n = c->ntmp;
}

/* --- events --- */

static void on_scalar(struct composer *c, const yaml_event_t *ev)
{
	if (c->skip) {
		anchor_break(c, ev->data.scalar.anchor);
		return;
	}
	size_t len = ev->data.scalar.length;
	if (len == SIZE_MAX)
		die("out of memory (%zu bytes)", len);
	struct ynode *n = new_node(c, YN_SCALAR, ev, len + 1);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->has_tag = ev->data.scalar.tag != NULL;
	char *s = (char *)(n + 1);
	memcpy(s, ev->data.scalar.value, len);
	s[len] = '\0';
	n->u.scalar.s = s;
	n->u.scalar.len = len;
	if (ev->data.scalar.anchor) {
		struct anchor *a = anchor_define(c, ev->data.scalar.anchor);
		a->node = n;
		a->count = 1;
	}
	push(c, n, n->pos, 1, 0);
}

static void on_start(struct composer *c, const yaml_event_t *ev, enum ynode_type t,
		     const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (c->skip) {
		/* libyaml's own cost per token grows with the flow nesting
		 * (quadratic overall: 40,000 '[' take seconds), so input
		 * nested far past the limit is not read any further */
		if (++c->skip > SKIP_MAX)
			c->abandon = true;
		anchor_break(c, anchor);
		return;
	}
	if (c->nframes >= c->max_depth) {
		error_at(c, mark_pos(c, ev->start_mark),
			 "nesting deeper than %zu levels; raise the limit with --max-depth",
			 c->max_depth);
		c->skip = 1;
		anchor_break(c, anchor);
		return;
	}
	struct ynode *n = new_node(c, t, ev, 0);
	n->has_tag = tag != NULL;
	n->u.map.pairs = NULL;  /* set when it closes */
	n->u.map.n = 0;
	if (c->nframes == c->frames_cap)
		c->frames = xgrow(c->frames, &c->frames_cap, c->nframes + 1, sizeof *c->frames);
	struct frame *f = &c->frames[c->nframes++];
	memset(f, 0, sizeof *f);
	f->node = n;
	f->base = c->nitems;
	f->count = 1;
	if (anchor) {
		f->anchor = anchor_define(c, anchor);
		f->anchor->open = true;
		f->anchor_gen = f->anchor->gen;
	}
}

static void on_end(struct composer *c, const yaml_event_t *ev)
{
	if (c->skip) {
		if (--c->skip == 0)
			push(c, NULL, mark_pos(c, ev->start_mark), 0, 0);
		return;
	}
	struct frame *f = &c->frames[c->nframes - 1];
	if (f->node->type == YN_SEQ)
		close_seq(c, f);
	else
		close_map(c, f);
	struct anchor *a = f->anchor;
	if (a && a->gen == f->anchor_gen) {
		/* not redefined inside: aliases from now on refer to this node */
		a->open = false;
		a->node = f->node;
		a->count = f->count;
		a->height = f->height + 1;
	}
	struct ynode *n = f->node;
	size_t count = f->count, height = f->height + 1;
	c->nitems = f->base;
	c->nframes--;
	push(c, n, n->pos, count, height);
}

/*
 * The default expansion budget, sized by the document up to the alias:
 * 1,000,000 nodes, plus 4 per node written and ALIAS_PER_CHAR per
 * character read. A `<<: *defaults` in every entry grows with the
 * document (30,000 services merging a 70-node default need 2.1 million),
 * while a billion-laughs document stays small and is stopped near a
 * million.
 */
#define ALIAS_PER_CHAR 16

static size_t default_alias_limit(const struct composer *c, yaml_mark_t at)
{
	size_t chars = at.index > c->doc_start ? at.index - c->doc_start : 0;
	size_t limit = sat_add(1000000, c->doc_nodes > SIZE_MAX / 4 ? SIZE_MAX : c->doc_nodes * 4);
	return sat_add(limit, chars > SIZE_MAX / ALIAS_PER_CHAR ? SIZE_MAX : chars * ALIAS_PER_CHAR);
}

static void on_alias(struct composer *c, const yaml_event_t *ev)
{
	if (c->skip)
		return;
	const char *name = (const char *)ev->data.alias.anchor;
	struct pos p = mark_pos(c, ev->start_mark);
	struct anchor *a = strmap_get(&c->anchors, name, strlen(name));
	if (!a) {
		error_at(c, p, "undefined alias '*%s'", name);
	} else if (a->broken || c->budget_blown) {
		/* reported already */
	} else if (a->open) {
		error_at(c, p, "alias '*%s' refers to its own anchor", name);
	} else if (a->height > c->max_depth - c->nframes) {
		/* aliases to nested nodes inside nested nodes stack up */
		error_at(c, p, "nesting deeper than %zu levels; raise the limit with --max-depth",
			 c->max_depth);
	} else {
		size_t limit = c->max_alias_nodes;
		if (!limit)
			limit = default_alias_limit(c, ev->start_mark);
		c->charged = sat_add(c->charged, a->count);
		if (c->charged <= limit) {
			push(c, a->node, p, a->count, a->height);
			return;
		}
		error_at(c, p, "aliases expand to more than %zu nodes (billion laughs?); "
			 "raise the limit with --max-alias-nodes", limit);
		c->budget_blown = true;
	}
	push(c, NULL, p, 0, 0);
}

static void doc_reset(struct composer *c)
{
	c->nframes = 0;
	c->nitems = 0;
	c->skip = 0;
	c->doc_nodes = 0;
	c->charged = 0;
	c->budget_blown = false;
	c->root = NULL;
	strmap_release(&c->anchors);
	arena_reset(&c->arena);
	/* the newest chunk (the one the loader read last, still in cache)
	 * goes on top of the spares, to be written first */
	if (c->chunks) {
		struct chunk *last = c->chunks;
		size_t n = 1;
		while (last->next) {
			last = last->next;
			n++;
		}
		last->next = spare_chunks;
		spare_chunks = c->chunks;
		nspare += n;
		c->chunks = NULL;
	}
	c->chunk = NULL;
	c->chunk_left = 0;
}

/* Returns -1 when the callback asks to stop. */
static int on_doc_end(struct composer *c)
{
	struct ynode *root = c->root;
	if (c->budget_blown) {
		/* the document lost whatever the aliases held: checking the rest
		 * would only report what is missing, once per alias */
		c->failed = true;
		doc_reset(c);
		return 0;
	}
	/* `---` alone: libyaml gives an empty plain scalar */
	if (root && root->type == YN_SCALAR && root->plain && !root->has_tag && !root->u.scalar.len)
		root = NULL;
	int r = c->cb(c->ctx, root, &c->arena);
	doc_reset(c);
	return r < 0 ? -1 : 0;
}

/* diag_offset_to_linecol for UTF-16 input: columns count code units past the BOM. */
static void utf16_linecol(const char *buf, size_t len, size_t off, bool be,
			  uint32_t *line, uint32_t *col)
{
	const unsigned char *b = (const unsigned char *)buf;
	uint32_t l = 1, cl = 1;
	bool cr = false;
	for (size_t i = 2; i < off && i + 1 < len; i += 2) {
		unsigned u = be ? (unsigned)(b[i] << 8 | b[i + 1]) : (unsigned)(b[i + 1] << 8 | b[i]);
		if (u == '\n' && cr) {
			cr = false;
			continue;
		}
		cr = u == '\r';
		if (u == '\n' || u == '\r') {
			l++;
			cl = 1;
		} else if (u < 0xDC00 || u > 0xDFFF) {
			cl++;   /* a low surrogate ends a character begun by its high one */
		}
	}
	*line = l;
	*col = cl;
}

/*
 * libyaml takes a key for a plain value once it runs past 1024
 * characters, quoted or not, and then says "mapping values are not
 * allowed" (or, in a flow, that a ',' is missing) at its ':'. Returns the
 * length of such a key ending at the character index idx, or 0.
 */
#define IMPLICIT_KEY_LIMIT 1024

static size_t long_key_at(const struct composer *c, size_t idx)
{
	const unsigned char *b = (const unsigned char *)c->buf, *end = b + c->len, *p = b;
	if (c->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
		return 0;
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	/* from the character index to the byte: error path only, one pass */
	for (size_t i = 0; p < end && i < idx; i++)
		for (p++; p < end && (*p & 0xC0) == 0x80; p++)
			;
	if (p >= end || *p != ':')
		return 0;
	size_t n = 0;
	const unsigned char *q = p;
	while (q > b && q[-1] != '\n' && q[-1] != '\r' &&
	       q[-1] != '{' && q[-1] != ',' && q[-1] != '[') {
		q--;
		n += (*q & 0xC0) != 0x80;
	}
	/* leading blanks, "- " and "? " are not part of the key */
	while (q < p && (*q == ' ' || *q == '\t' || ((*q == '-' || *q == '?') && q + 1 < p && q[1] == ' '))) {
		n--;
		q++;
	}
	return n > IMPLICIT_KEY_LIMIT ? n : 0;
}

static void report_parser_error(struct composer *c)
{
	const yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "unknown error";
	struct pos pos = { c->name, 0, 0 };
	size_t off;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		die("out of memory (libyaml)");
	case YAML_READER_ERROR:
		off = p->problem_offset < c->len ? p->problem_offset : c->len;
		if (p->encoding == YAML_UTF16LE_ENCODING || p->encoding == YAML_UTF16BE_ENCODING) {
			utf16_linecol(c->buf, c->len, off, p->encoding == YAML_UTF16BE_ENCODING,
				      &pos.line, &pos.col);
			if (strstr(problem, "UTF-16") || strstr(problem, "surrogate") ||
			    strstr(problem, "Unicode"))
				error_at(c, pos, "invalid UTF-16 in input");
			else
				error_at(c, pos, "invalid YAML: %s", problem);
			return;
		}
		if (strstr(problem, "trailing")) {
			/* libyaml points at the bad continuation byte: show where the character starts */
			const unsigned char *b = (const unsigned char *)c->buf;
			size_t o = off;
			while (o > 0 && off - o < 4 && (o == off || (b[o] & 0xC0) == 0x80))
				o--;
			off = o;
		}
		diag_offset_to_linecol(c->buf, c->len, off, &pos.line, &pos.col);
		if (strstr(problem, "UTF-8") || strstr(problem, "Unicode"))
			error_at(c, pos, "invalid UTF-8 in input");
		else
			error_at(c, pos, "invalid YAML: %s", problem);
		return;
	default:
		if ((strstr(problem, "mapping values are not allowed") ||
		     strstr(problem, "did not find expected ','")) &&
		    (off = long_key_at(c, p->problem_mark.index)) != 0) {
			error_at(c, mark_pos(c, p->problem_mark),
				 "a key of %zu characters: YAML allows implicit keys of at most %d, "
				 "quoted or not; write it as an explicit key, '? KEY' on one line "
				 "and ': VALUE' on the next", off, IMPLICIT_KEY_LIMIT);
			return;
		}
		error_at(c, mark_pos(c, p->problem_mark), "invalid YAML: %s", problem);
		if (p->context)
			diag_at(c->d, DIAG_NOTE, mark_pos(c, p->context_mark), "%s", p->context);
		return;
	}
}

int ytree_parse_buffer(const char *buf, size_t len, const char *name,
		       const struct ytree_limits *lim, struct diag *d,
		       ytree_doc_fn cb, void *ctx)
{
	struct composer c;
	memset(&c, 0, sizeof c);
	struct ytree_limits def;
	if (!lim) {
		ytree_limits_default(&def);
		lim = &def;
	}
	c.name = name;
	c.buf = buf;
	c.len = len;
	c.d = d;
	c.max_depth = lim->max_depth ? lim->max_depth : 256;
	c.max_alias_nodes = lim->max_alias_nodes;
	c.cb = cb;
	c.ctx = ctx;
	arena_init(&c.arena);
	strmap_init(&c.anchors);
	if (!yaml_parser_initialize(&c.parser))
		die("out of memory (libyaml)");
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)buf, len);
	editor_lines(&c);

	bool stopped = false, done = false;
	while (!done && !c.abandon) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&c.parser, &ev)) {
			report_parser_error(&c);
			break;
		}
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			on_scalar(&c, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&c, &ev, YN_SEQ, ev.data.sequence_start.anchor,
				 ev.data.sequence_start.tag);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&c, &ev, YN_MAP, ev.data.mapping_start.anchor,
				 ev.data.mapping_start.tag);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&c, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&c, &ev);
			break;
		case YAML_DOCUMENT_START_EVENT:
			doc_reset(&c);
			c.doc_start = ev.start_mark.index;
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (on_doc_end(&c) < 0)
				stopped = done = true;
			break;
		case YAML_STREAM_START_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:     /* never expected; must not spin */
		default:
			done = true;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&c.parser);
	doc_reset(&c);
	arena_release(&c.arena);
	while (nspare > MAX_SPARE) {
		struct chunk *ch = spare_chunks;
		spare_chunks = ch->next;
		nspare--;
		free(ch);
	}
	free(c.eline);
	free(c.ecol);
	free(c.items);
	free(c.frames);
	free(c.tmp);
	for (size_t i = 0; i < c.nsets; i++)
		free(c.sets[i].slots);
	free(c.sets);
	return c.failed || stopped ? -1 : 0;
}

int ytree_parse_file(FILE *f, const char *name, const struct ytree_limits *lim,
		     struct diag *d, ytree_doc_fn cb, void *ctx)
{
	size_t cap = 64 * 1024, len = 0;
	struct stat st;
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size < SIZE_MAX - 1)
		cap = (size_t)st.st_size + 1;   /* +1: EOF is seen without a regrow */
	char *buf;
	bool own = read_busy;   /* a callback reading another file gets its own buffer */
	if (own) {
		buf = xmalloc(cap);
	} else {
		read_busy = true;
		if (read_cap < cap) {
			free(read_buf);
			read_buf = xmalloc(cap);
			read_cap = cap;
		}
		buf = read_buf;
		cap = read_cap;
	}
	for (;;) {
		if (len == cap)
			buf = xgrow(buf, &cap, len + 1, 1);
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int r;
	if (ferror(f)) {
		struct pos p = { name, 0, 0 };
		diag_at(d, DIAG_ERROR, p, "cannot read: %s", strerror(errno));
		r = -1;
	} else {
		r = ytree_parse_buffer(buf, len, name, lim, d, cb, ctx);
	}
	if (own) {
		free(buf);
	} else {
		read_busy = false;
		if (cap > MAX_READ_KEEP) {
			free(buf);
			buf = NULL;
			cap = 0;
		}
		read_buf = buf;
		read_cap = cap;
	}
	return r;
}

void ytree_thread_release(void)
{
	while (spare_chunks) {
		struct chunk *ch = spare_chunks;
		spare_chunks = ch->next;
		free(ch);
	}
	nspare = 0;
	if (!read_busy) {
		free(read_buf);
		read_buf = NULL;
		read_cap = 0;
	}
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < map->u.map.n; i++) {
		const struct ynode *k = map->u.map.pairs[i].key;
		if (k->u.scalar.len == len && !memcmp(k->u.scalar.s, key, len))
			return map->u.map.pairs[i].value;
	}
	return NULL;
}

bool ynode_is(const struct ynode *n, const char *s)
{
	if (!n || n->type != YN_SCALAR)
		return false;
	size_t len = strlen(s);
	return n->u.scalar.len == len && !memcmp(n->u.scalar.s, s, len);
}

const char *ynode_type_name(enum ynode_type t)
{
	switch (t) {
	case YN_SCALAR:
		return "a scalar";
	case YN_SEQ:
		return "a list";
	case YN_MAP:
		return "a mapping";
	}
	return "a node";
}
