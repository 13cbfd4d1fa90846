/*
 * model: storage, id indexes and the finalize pass of the inventory
 * model. Validation of what users wrote is the loader's job; this file
 * only keeps objects and derives what follows from them (sorted arrays,
 * implied parents, flattened jurisdiction groups).
 */
#include "engine/model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/keysort.h"
#include "base/util.h"

static const char *const kind_names[KIND__COUNT] = {
	"storage", "database", "compute", "ai", "analytics",
	"backup", "queue", "cdn", "saas", "other"
};
static const char *const redundancy_names[RED__COUNT] = { "unset", "local", "zone", "geo" };
static const char *const status_names[TENANT__COUNT] = { "active", "suspended", "disabled" };
static const char *const severity_names[SEV__COUNT] = { "info", "warning", "error" };
static const char *const mode_names[MODE__COUNT] = { "stored", "replica", "processed", "accessed" };
static const char *const sel_key_names[SEL__COUNT] = {
	"data", "subjects", "purposes", "tenants", "services", "kinds",
	"providers", "regions", "countries", "jurisdictions", "modes",
	"owners", "operators", "reach", "subject_jurisdictions"
};

static int parse_word(const char *s, const char *const *names, int n, int first)
{
	for (int i = first; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

const char *kind_name(enum svc_kind k) { return kind_names[k]; }
const char *redundancy_name(enum redundancy r) { return redundancy_names[r]; }
const char *status_name(enum tenant_status s) { return status_names[s]; }
const char *severity_name(enum severity s) { return severity_names[s]; }
const char *mode_name(enum mode m) { return mode_names[m]; }
const char *sel_key_name(enum sel_key k) { return sel_key_names[k]; }
int kind_parse(const char *s) { return parse_word(s, kind_names, KIND__COUNT, 0); }
/* "unset" is not a word users write */
int redundancy_parse(const char *s) { return parse_word(s, redundancy_names, RED__COUNT, 1); }
int mode_parse(const char *s) { return parse_word(s, mode_names, MODE__COUNT, 0); }
int sel_key_parse(const char *s) { return parse_word(s, sel_key_names, SEL__COUNT, 0); }

struct model *model_new(void)
{
	struct model *m = xcalloc(1, sizeof *m);
	arena_init_large(&m->arena);
	m->version = 1;
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	struct model_index *idx[] = {
		&m->idx_provider, &m->idx_region, &m->idx_jur, &m->idx_data,
		&m->idx_subject, &m->idx_purpose, &m->idx_tenant, &m->idx_service, &m->idx_policy
	};
	for (size_t i = 0; i < ARRAY_LEN(idx); i++)
		free(idx[i]->slots);
	strmap_release(&m->strings);
	free(m->providers);
	free(m->regions);
	free(m->jurs);
	free(m->countries);
	free(m->data);
	free(m->subjects);
	free(m->purposes);
	free(m->tenants);
	free(m->services);
	free(m->policies);
	arena_release(&m->arena);
	free(m);
}

const char *model_intern(struct model *m, const char *s, size_t len)
{
	return strmap_intern(&m->strings, &m->arena, s, len);
}

void *model_alloc(struct model *m, size_t n)
{
	return arena_alloc(&m->arena, n);
}

/*
 * Every object type starts with `const char *id; struct pos pos;`, so one
 * function can create and index them all.
 */
struct obj_head {
	const char *id;
	struct pos pos;
};

/*
 * An id index is open addressing over positions in the object array
 * (plus one; 0 is empty) with the id's hash beside it: 8 bytes a slot,
 * the id itself read from the object. A million services cost 16 MB of
 * index where a general string map of pointers cost 64, and no second
 * copy of the id is interned.
 */
struct model_islot {
	uint32_t pos1;
	uint32_t hash;
};

static uint32_t id_hash(const char *id, size_t len)
{
	return (uint32_t)strmap_hash(id, len);
}

static bool id_is(const char *id, const char *key, size_t len)
{
	return !memcmp(id, key, len) && !id[len];
}

/* The slot holding key, or the empty slot where it would go. */
static struct model_islot *islot(const struct model_index *x, void *const *arr,
				 const char *key, size_t len, uint32_t h)
{
	size_t mask = x->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct model_islot *s = &x->slots[i];
		if (!s->pos1)
			return s;
		if (s->hash == h && id_is(((const struct obj_head *)arr[s->pos1 - 1])->id, key, len))
			return s;
	}
}

static void index_grow(struct model_index *x)
{
	size_t ncap = x->cap ? x->cap * 2 : 64;
	struct model_islot *old = x->slots;
	x->slots = xcalloc(ncap, sizeof *x->slots);
	for (size_t i = 0; i < x->cap; i++) {
		if (!old[i].pos1)
			continue;
		size_t j = old[i].hash & (ncap - 1);
		while (x->slots[j].pos1)
			j = (j + 1) & (ncap - 1);
		x->slots[j] = old[i];
	}
	free(old);
	x->cap = ncap;
}

static void *index_getn(const struct model_index *x, void *const *arr, const char *key, size_t len)
{
	if (!x->cap)
		return NULL;
	const struct model_islot *s = islot(x, arr, key, len, id_hash(key, len));
	return s->pos1 ? arr[s->pos1 - 1] : NULL;
}

static void *index_get(const struct model_index *x, void *const *arr, const char *key)
{
	return index_getn(x, arr, key, strlen(key));
}

static void *add_obj(struct model *m, struct model_index *x, void ***arr, size_t *n, size_t *cap,
		     size_t size, const char *id, struct pos pos)
{
	size_t len = strlen(id);
	if ((x->count + 1) * 4 > x->cap * 3)
		index_grow(x);
	uint32_t h = id_hash(id, len);
	struct model_islot *s = islot(x, *arr, id, len, h);
	if (s->pos1)
		return NULL;
	if (*n >= UINT32_MAX - 1)
		die("too many objects of one kind");
	struct obj_head *o = arena_alloc(&m->arena, size);
	o->id = arena_strndup(&m->arena, id, len);
	o->pos = pos;
	*arr = xgrow(*arr, cap, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = o;
	s->pos1 = (uint32_t)*n;
	s->hash = h;
	x->count++;
	return o;
}

#define ADD(m, idx, field, type, id, pos) \
	add_obj(m, &(m)->idx, (void ***)&(m)->field, &(m)->n##field, &(m)->cap_##field, \
		sizeof(type), id, pos)

struct provider *model_add_provider(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_provider, providers, struct provider, id, pos);
}

struct region *model_add_region(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_region, regions, struct region, id, pos);
}

struct jur *model_add_jur(struct model *m, const char *id, struct pos pos, bool is_group)
{
	struct jur *j = ADD(m, idx_jur, jurs, struct jur, id, pos);
	if (j)
		j->is_group = is_group;
	return j;
}

struct term *model_add_data(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_data, data, struct term, id, pos);
}

struct term *model_add_subject(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_subject, subjects, struct term, id, pos);
}

struct term *model_add_purpose(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_purpose, purposes, struct term, id, pos);
}

struct tenant *model_add_tenant(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_tenant, tenants, struct tenant, id, pos);
}

struct service *model_add_service(struct model *m, const char *id, struct pos pos)
{
	return ADD(m, idx_service, services, struct service, id, pos);
}

struct policy *model_add_policy(struct model *m, const char *id, struct pos pos)
{
	struct policy *p = ADD(m, idx_policy, policies, struct policy, id, pos);
	if (p)
		p->severity = SEV_ERROR;
	return p;
}

#define FIND(m, idx, field, id) index_get(&(m)->idx, (void *const *)(m)->field, id)

struct provider *model_find_provider(const struct model *m, const char *id) { return FIND(m, idx_provider, providers, id); }
struct region *model_find_region(const struct model *m, const char *id) { return FIND(m, idx_region, regions, id); }
struct jur *model_find_jur(const struct model *m, const char *id) { return FIND(m, idx_jur, jurs, id); }
struct term *model_find_data(const struct model *m, const char *id) { return FIND(m, idx_data, data, id); }
struct term *model_find_subject(const struct model *m, const char *id) { return FIND(m, idx_subject, subjects, id); }
struct term *model_find_purpose(const struct model *m, const char *id) { return FIND(m, idx_purpose, purposes, id); }
struct tenant *model_find_tenant(const struct model *m, const char *id) { return FIND(m, idx_tenant, tenants, id); }
struct service *model_find_service(const struct model *m, const char *id) { return FIND(m, idx_service, services, id); }
struct policy *model_find_policy(const struct model *m, const char *id) { return FIND(m, idx_policy, policies, id); }

static int cmp_obj_id(const void *a, const void *b)
{
	const struct obj_head *x = *(const struct obj_head *const *)a;
	const struct obj_head *y = *(const struct obj_head *const *)b;
	return strcmp(x->id, y->id);
}

/* The first 16 bytes of an id, big-endian, NUL-padded: their numeric
 * order is strcmp's order of those bytes. */
static void id_prefix(const char *id, struct keyrec *k)
{
	const unsigned char *u = (const unsigned char *)id;
	uint64_t w[2] = { 0, 0 };
	for (size_t j = 0; j < 16 && u[j]; j++)
		w[j / 8] |= (uint64_t)u[j] << (56 - 8 * (j % 8));
	k->hi = w[0];
	k->lo = w[1];
}

/*
 * Orders a short run of ids whose first 16 bytes are equal: all of them
 * are longer than that (ids are unique, and a shorter one would end in
 * the same place), so they compare from byte 16 on. An insertion sort:
 * the runs are "storage-account-0000012" and its nine siblings, and there
 * are a hundred thousand of them.
 */
static void settle_tie(void **arr, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		void *x = arr[i];
		const char *xid = ((const struct obj_head *)x)->id + 16;
		size_t j = i;
		for (; j > 0 && strcmp(((const struct obj_head *)arr[j - 1])->id + 16, xid) > 0; j--)
			arr[j] = arr[j - 1];
		arr[j] = x;
	}
}

/*
 * Sorts the objects by id, numbers them (index sits at index_off in each
 * type) and points the id index at the new positions. A million ids
 * through qsort and strcmp chased two pointers per comparison; a radix
 * sort of their first 16 bytes does not, and strcmp only settles ids
 * that share those bytes.
 */
static void sort_objs(struct model_index *x, void **arr, size_t n, size_t index_off)
{
	void **old = xmalloc((n ? n : 1) * sizeof *old);
	if (n)
		memcpy(old, arr, n * sizeof *old);
	if (n > 1) {
		struct keyrec *k = xmalloc(n * sizeof *k);
		for (size_t i = 0; i < n; i++) {
			id_prefix(((const struct obj_head *)arr[i])->id, &k[i]);
			k[i].a = (uint32_t)i;
		}
		keysort(k, n, 128);
		for (size_t i = 0; i < n; i++)
			arr[i] = old[k[i].a];
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && k[j].hi == k[i].hi && k[j].lo == k[i].lo; j++)
				;
			if (j - i > 8)
				xqsort(arr + i, j - i, sizeof *arr, cmp_obj_id);
			else if (j - i > 1)
				settle_tie(arr + i, j - i);
		}
		free(k);
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t v = (uint32_t)i;
		memcpy((char *)arr[i] + index_off, &v, sizeof v);
	}
	for (size_t i = 0; i < x->cap; i++) {
		struct model_islot *sl = &x->slots[i];
		if (!sl->pos1)
			continue;
		memcpy(&sl->pos1, (const char *)old[sl->pos1 - 1] + index_off, sizeof sl->pos1);
		sl->pos1++;
	}
	free(old);
}

#define SORT_INDEX(m, idx, field, type) \
	sort_objs(&(m)->idx, (void **)(m)->field, (m)->n##field, offsetof(type, index))

/*
 * Creates the implied parents of hierarchical terms ("comms" for
 * "comms.voice") and links each term to its parent.
 */
static void link_terms(struct model *m, struct model_index *idx, struct term ***arr, size_t *n,
		       size_t *cap)
{
	/* new parents are appended while we walk: they get linked in turn */
	for (size_t i = 0; i < *n; i++) {
		struct term *t = (*arr)[i];
		const char *dot = strrchr(t->id, '.');
		if (!dot || dot == t->id) {
			t->parent = NULL;
			continue;
		}
		size_t plen = (size_t)(dot - t->id);
		struct term *p = index_getn(idx, (void *const *)*arr, t->id, plen);
		if (!p) {
			char *pid = xstrndup(t->id, plen);
			p = add_obj(m, idx, (void ***)arr, n, cap, sizeof *p, pid, t->pos);
			free(pid);
			p->implied = true;
			p->builtin = t->builtin;
		}
		t->parent = p;
	}
	for (size_t i = 0; i < *n; i++) {
		uint32_t d = 0;
		for (struct term *p = (*arr)[i]->parent; p; p = p->parent)
			d++;
		(*arr)[i]->depth = d;
	}
}

/* Flattens group membership into bit sets over country indexes. A group
 * on the DFS stack seen again is a cycle: reported once. */
enum { WHITE, GREY, BLACK };

static int flatten(struct model *m, struct jur *g, unsigned char *color, size_t words,
		   struct diag *d)
{
	if (color[g->index] == BLACK)
		return 0;
	if (color[g->index] == GREY) {
		diag_at(d, DIAG_ERROR, g->pos, "jurisdiction group '%s' contains itself", g->id);
		return -1;
	}
	color[g->index] = GREY;
	g->country_bits = arena_alloc(&m->arena, words * sizeof(uint64_t));
	int rc = 0;
	for (size_t i = 0; i < g->nmembers; i++) {
		struct jur *c = g->members[i];
		if (!c)
			continue;
		if (!c->is_group) {
			g->country_bits[c->country_bit / 64] |= 1ULL << (c->country_bit % 64);
			continue;
		}
		if (flatten(m, c, color, words, d) < 0) {
			rc = -1;
			continue;
		}
		for (size_t w = 0; w < words; w++)
			g->country_bits[w] |= c->country_bits[w];
	}
	color[g->index] = BLACK;
	return rc;
}

void model_add_global_regions(struct model *m)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < m->nproviders; i++) {
		struct provider *p = m->providers[i];
		sb_reset(&sb);
		sb_addf(&sb, "%s:global", p->id);
		struct region *r = model_add_region(m, model_intern(m, sb.buf, sb.len), p->pos);
		if (!r)
			continue;       /* declared by the inventory or the catalog */
		r->builtin = p->builtin;
		r->provider = p;
		r->global = true;
		sb_reset(&sb);
		sb_addf(&sb, "every region of %s", p->id);
		r->name = model_intern(m, sb.buf, sb.len);
	}
	sb_release(&sb);
}

/* PROVIDER:global holds every region of the provider, in id order
 * (the regions are sorted by now), except those run by a separate
 * legal entity (Azure in China by 21Vianet), which belong to that
 * entity's global instead: a global resource of the provider does not
 * reach into them. */
static bool in_global(const struct region *r, const struct region *g)
{
	if (r->nmembers || r->global || r->retired)
		return false;
	/* an operator's global is the regions it runs (aws-cn-nwcd:global) */
	return r->operator && r->operator != r->provider ? r->operator == g->provider :
	       r->provider == g->provider;
}

static void fill_global_regions(struct model *m)
{
	for (size_t i = 0; i < m->nregions; i++) {
		struct region *g = m->regions[i];
		if (!g->global)
			continue;
		size_t n = 0;
		g->nmembers = 0;
		for (size_t k = 0; k < m->nregions; k++)
			n += in_global(m->regions[k], g);
		g->members = model_alloc(m, (n + 1) * sizeof *g->members);
		for (size_t k = 0; k < m->nregions; k++) {
			struct region *r = m->regions[k];
			if (in_global(r, g)) {
				g->members[g->nmembers].region = r;
				g->members[g->nmembers++].pos = g->pos;
			}
		}
	}
}

int model_finalize(struct model *m, struct diag *d)
{
	int rc = 0;
	link_terms(m, &m->idx_data, &m->data, &m->ndata, &m->cap_data);
	link_terms(m, &m->idx_purpose, &m->purposes, &m->npurposes, &m->cap_purposes);
	SORT_INDEX(m, idx_provider, providers, struct provider);
	SORT_INDEX(m, idx_region, regions, struct region);
	SORT_INDEX(m, idx_jur, jurs, struct jur);
	SORT_INDEX(m, idx_data, data, struct term);
	SORT_INDEX(m, idx_subject, subjects, struct term);
	SORT_INDEX(m, idx_purpose, purposes, struct term);
	SORT_INDEX(m, idx_tenant, tenants, struct tenant);
	SORT_INDEX(m, idx_service, services, struct service);
	SORT_INDEX(m, idx_policy, policies, struct policy);

	free(m->countries);
	m->countries = xcalloc(m->njurs ? m->njurs : 1, sizeof *m->countries);
	m->ncountries = 0;
	for (size_t i = 0; i < m->njurs; i++)
		if (!m->jurs[i]->is_group) {
			m->jurs[i]->country_bit = (uint32_t)m->ncountries;
			m->countries[m->ncountries++] = m->jurs[i];
		}
	size_t words = m->ncountries / 64 + 1;
	unsigned char *color = xcalloc(m->njurs ? m->njurs : 1, 1);
	for (size_t i = 0; i < m->njurs; i++)
		if (m->jurs[i]->is_group && flatten(m, m->jurs[i], color, words, d) < 0)
			rc = -1;
	free(color);
	fill_global_regions(m);
	m->finalized = true;
	return rc;
}

bool model_jur_contains(const struct model *m, const struct jur *j, const struct jur *country)
{
	if (!j || !country)
		return false;
	if (j == country)
		return true;
	if (!j->is_group || country->is_group || !j->country_bits)
		return false;
	(void)m;
	return (j->country_bits[country->country_bit / 64] >> (country->country_bit % 64)) & 1;
}

bool model_jur_within(const struct model *m, const struct jur *inner, const struct jur *outer)
{
	if (!inner || !outer)
		return false;
	if (!inner->is_group)
		return model_jur_contains(m, outer, inner);
	if (inner == outer)
		return true;
	if (!inner->country_bits)
		return false;
	/* a group is within when it has members and every one of them is */
	bool any = false;
	for (size_t w = 0; w < (m->ncountries + 63) / 64; w++) {
		uint64_t in = inner->country_bits[w];
		uint64_t out = 0;
		if (outer->is_group && outer->country_bits)
			out = outer->country_bits[w];
		else if (!outer->is_group && outer->country_bit / 64 == w)
			out = 1ULL << (outer->country_bit % 64);
		if (in & ~out)
			return false;
		any |= in != 0;
	}
	return any;
}

bool term_under(const struct term *t, const struct term *prefix)
{
	for (; t; t = t->parent)
		if (t == prefix)
			return true;
	return false;
}

const struct provider *region_operator(const struct region *r)
{
	return r->operator ? r->operator : r->provider;
}

bool region_within(const struct region *r, const struct region *place)
{
	if (r == place)
		return true;
	if (!r || !place)
		return false;
	for (size_t i = 0; i < place->nmembers; i++)
		if (place->members[i].region == r)
			return true;
	return false;
}
