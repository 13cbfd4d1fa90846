/*
 * derive: the residency engine. Turns a finalized model into the set of
 * residency facts (facts.h), following DESIGN.md "How facts arise".
 *
 * Data moves as states (service, data, subjects, purposes, owner tenant).
 * Every `stores` entry seeds one state per data category; a state moves
 * along an outgoing `depends_on` edge that sends its category. All seeds
 * enter one breadth-first queue together (a multi-source BFS), so each
 * state is reached once, by a shortest path, and the whole derivation is
 * linear in states plus edges however long the chains are. Each state
 * then yields its facts: stored or processed in the service's regions,
 * replica in its replica regions, accessed from its access countries.
 *
 * Choices where DESIGN.md is silent (also in resmap(1)):
 *  - an edge that sends a category carries its descendants: `sends:
 *    [comms]` carries comms.voice; an edge sending only comms.voice.x
 *    does not carry comms.voice (it would claim more than was written);
 *  - a receiver holds received data at rest (stored, not processed) when
 *    one of its `stores` categories is the received one or an ancestor
 *    of it, whatever subjects that entry names: the category decides
 *    where the bytes sit;
 *  - replica regions are the explicit `replicas` and, with geo
 *    redundancy, the pair of each region; a region that is also one of
 *    the service's own regions is not a replica (stored wins). Only data
 *    held at rest is replicated; processed data is not;
 *  - accessed facts are made for the service's own regions (where it
 *    stores or processes), not its replicas: the remote operator reaches
 *    the service, and the replica facts already carry the access reach;
 *  - the source of a fact is the declaration that put the data there:
 *    the `stores` entry, the `depends_on` entry that sent it, the
 *    `replicas` entry or `redundancy: geo`, the `access_from` entry.
 */
#include "facts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *reach_why_name(enum reach_why w)
{
	switch (w) {
	case REACH_LOCATION: return "location";
	case REACH_PROVIDER_HQ: return "provider";
	case REACH_ACCESS: return "access";
	}
	return "?";
}

/* Where one service holds things, computed once on first use. */
struct regslot {
	const struct region *region;
	struct pos pos;                 /* replicas: what made it a replica */
	const struct reach *reach;
	size_t nreach;
};

struct svcinfo {
	struct regslot *own;  size_t nown;
	struct regslot *rep;  size_t nrep;
	const struct jur_ref **access;  size_t naccess;
};

struct state {
	const struct service *svc;
	const struct term *data;
	const struct termset *subjects, *purposes;
	const struct tenant *tenant;
	const struct pathnode *path;
	struct pos source;
};

struct deriver {
	const struct model *m;
	struct factset *fs;
	size_t capfacts;
	struct strmap termsets;
	const struct termset *empty;
	struct svcinfo **info;          /* by service index */
	uint32_t *region_stamp, *rep_stamp, *jur_stamp;
	struct state *states;  size_t nstates, capstates;
	uint32_t *table;  size_t tabcap; /* state index + 1, 0 = empty */
	const struct term **tmp;  size_t captmp;
};

static int cmp_term_index(const void *a, const void *b)
{
	const struct term *x = *(const struct term *const *)a;
	const struct term *y = *(const struct term *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

/* The interned set of the n terms at t: sorted by id, duplicates gone. */
static const struct termset *intern_termset(struct deriver *dv, struct term *const *t, size_t n)
{
	if (n == 0)
		return dv->empty;
	dv->tmp = xgrow(dv->tmp, &dv->captmp, n, sizeof *dv->tmp);
	memcpy(dv->tmp, t, n * sizeof *t);
	/* indexes follow id order (model_finalize) */
	qsort(dv->tmp, n, sizeof *dv->tmp, cmp_term_index);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || dv->tmp[k - 1] != dv->tmp[i])
			dv->tmp[k++] = dv->tmp[i];
	size_t len = k * sizeof *dv->tmp;
	struct termset *ts = strmap_get(&dv->termsets, (const char *)dv->tmp, len);
	if (ts)
		return ts;
	ts = arena_alloc(&dv->fs->arena, sizeof *ts);
	const struct term **items = arena_alloc(&dv->fs->arena, len);
	memcpy(items, dv->tmp, len);
	ts->items = items;
	ts->n = k;
	/* the key is the items array itself, which lives in the arena */
	strmap_put(&dv->termsets, (const char *)items, len, ts);
	return ts;
}

static int cmp_reach(const void *a, const void *b)
{
	const struct reach *x = a, *y = b;
	if (x->jur->index != y->jur->index)
		return x->jur->index < y->jur->index ? -1 : 1;
	return (x->why > y->why) - (x->why < y->why);
}

/* Who can reach what service v holds in region r. */
static void make_reach(struct deriver *dv, struct regslot *slot, const struct svcinfo *in)
{
	const struct region *r = slot->region;
	struct reach *rc = arena_alloc(&dv->fs->arena, (2 + in->naccess) * sizeof *rc);
	size_t n = 0;
	if (r->country) {
		rc[n].jur = r->country;
		rc[n++].why = REACH_LOCATION;
	}
	const struct provider *op = region_operator(r);
	if (op && op->hq) {
		rc[n].jur = op->hq;
		rc[n].why = REACH_PROVIDER_HQ;
		rc[n++].provider = op;
	}
	for (size_t i = 0; i < in->naccess; i++) {
		rc[n].jur = in->access[i]->jur;
		rc[n].why = REACH_ACCESS;
		rc[n++].pos = in->access[i]->pos;
	}
	qsort(rc, n, sizeof *rc, cmp_reach);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || rc[k - 1].jur != rc[i].jur || rc[k - 1].why != rc[i].why)
			rc[k++] = rc[i];
	slot->reach = rc;
	slot->nreach = k;
}

static const struct svcinfo *svcinfo(struct deriver *dv, const struct service *v)
{
	struct svcinfo *in = dv->info[v->index];
	if (in)
		return in;
	struct arena *a = &dv->fs->arena;
	uint32_t stamp = v->index + 1;
	in = arena_alloc(a, sizeof *in);
	in->own = arena_alloc(a, (v->nregions + 1) * sizeof *in->own);
	for (size_t i = 0; i < v->nregions; i++) {
		const struct region *r = v->regions[i].region;
		if (!r || dv->region_stamp[r->index] == stamp)
			continue;
		dv->region_stamp[r->index] = stamp;
		in->own[in->nown].region = r;
		in->own[in->nown++].pos = v->regions[i].pos;
	}
	size_t maxrep = v->nreplicas + (v->redundancy == RED_GEO ? v->nregions : 0);
	in->rep = arena_alloc(a, (maxrep + 1) * sizeof *in->rep);
	for (size_t i = 0; i < maxrep; i++) {
		const struct region *r;
		struct pos pos;
		if (i < v->nreplicas) {
			r = v->replicas[i].region;
			pos = v->replicas[i].pos;
		} else {
			const struct region *own = v->regions[i - v->nreplicas].region;
			r = own ? own->pair : NULL;
			pos = v->redundancy_pos;
		}
		if (!r || dv->region_stamp[r->index] == stamp || dv->rep_stamp[r->index] == stamp)
			continue;
		dv->rep_stamp[r->index] = stamp;
		in->rep[in->nrep].region = r;
		in->rep[in->nrep++].pos = pos;
	}
	in->access = arena_alloc(a, (v->naccess_from + 1) * sizeof *in->access);
	for (size_t i = 0; i < v->naccess_from; i++) {
		const struct jur *c = v->access_from[i].jur;
		if (!c || dv->jur_stamp[c->index] == stamp)
			continue;
		dv->jur_stamp[c->index] = stamp;
		in->access[in->naccess++] = &v->access_from[i];
	}
	for (size_t i = 0; i < in->nown; i++)
		make_reach(dv, &in->own[i], in);
	for (size_t i = 0; i < in->nrep; i++)
		make_reach(dv, &in->rep[i], in);
	dv->info[v->index] = in;
	return in;
}

static bool disabled(const struct service *v)
{
	return v->tenant && v->tenant->status == TENANT_DISABLED;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static uint64_t state_hash(const struct state *s)
{
	uint64_t h = s->svc->index;
	h = mix(h, s->data->index);
	h = mix(h, (uint64_t)(uintptr_t)s->subjects);
	h = mix(h, (uint64_t)(uintptr_t)s->purposes);
	h = mix(h, (uint64_t)(uintptr_t)s->tenant);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

static bool state_eq(const struct state *a, const struct state *b)
{
	return a->svc == b->svc && a->data == b->data && a->subjects == b->subjects &&
	       a->purposes == b->purposes && a->tenant == b->tenant;
}

static void table_grow(struct deriver *dv)
{
	size_t ncap = dv->tabcap ? dv->tabcap * 2 : 1024;
	uint32_t *t = xcalloc(ncap, sizeof *t);
	for (size_t i = 0; i < dv->tabcap; i++) {
		if (!dv->table[i])
			continue;
		size_t j = state_hash(&dv->states[dv->table[i] - 1]) & (ncap - 1);
		while (t[j])
			j = (j + 1) & (ncap - 1);
		t[j] = dv->table[i];
	}
	free(dv->table);
	dv->table = t;
	dv->tabcap = ncap;
}

/*
 * Queues s unless an equal state was queued before (which, in BFS
 * order, came by a path at most as long). The path node is made only
 * for a new state.
 */
static void push_state(struct deriver *dv, struct state s, const struct pathnode *prev)
{
	if ((dv->nstates + 1) * 2 > dv->tabcap)
		table_grow(dv);
	size_t mask = dv->tabcap - 1, j = state_hash(&s) & mask;
	while (dv->table[j]) {
		if (state_eq(&dv->states[dv->table[j] - 1], &s))
			return;
		j = (j + 1) & mask;
	}
	if (dv->nstates >= UINT32_MAX - 1)
		die("too many residency states");
	struct pathnode *pn = arena_alloc(&dv->fs->arena, sizeof *pn);
	pn->service = s.svc;
	pn->prev = prev;
	pn->len = prev ? prev->len + 1 : 1;
	s.path = pn;
	dv->states = xgrow(dv->states, &dv->capstates, dv->nstates + 1, sizeof *dv->states);
	dv->states[dv->nstates++] = s;
	dv->table[j] = (uint32_t)dv->nstates;
}

/* v holds data d at rest: it stores d or an ancestor of d. */
static bool holds_at_rest(const struct service *v, const struct term *d)
{
	for (size_t i = 0; i < v->nstores; i++)
		for (size_t k = 0; k < v->stores[i].ndata; k++)
			if (term_under(d, v->stores[i].data[k]))
				return true;
	return false;
}

static bool edge_carries(const struct dep *e, const struct term *d)
{
	for (size_t i = 0; i < e->nsends; i++)
		if (term_under(d, e->sends[i]))
			return true;
	return false;
}

static void add_fact(struct deriver *dv, const struct state *s, const struct regslot *slot,
		     const struct jur *country, enum mode mode, struct pos source, bool suspended)
{
	struct factset *fs = dv->fs;
	fs->facts = xgrow(fs->facts, &dv->capfacts, fs->nfacts + 1, sizeof *fs->facts);
	struct fact *f = &fs->facts[fs->nfacts++];
	f->data = s->data;
	f->subjects = s->subjects;
	f->purposes = s->purposes;
	f->tenant = s->tenant;
	f->service = s->svc;
	f->region = slot->region;
	f->country = country;
	f->mode = mode;
	f->suspended = suspended;
	f->reach = slot->reach;
	f->nreach = slot->nreach;
	f->path = s->path;
	f->source = source;
}

static void state_facts(struct deriver *dv, const struct state *s)
{
	const struct svcinfo *in = svcinfo(dv, s->svc);
	bool susp = (s->tenant && s->tenant->status == TENANT_SUSPENDED) ||
		    (s->svc->tenant && s->svc->tenant->status == TENANT_SUSPENDED);
	bool rest = s->path->len == 1 || holds_at_rest(s->svc, s->data);
	for (size_t i = 0; i < in->nown; i++)
		add_fact(dv, s, &in->own[i], in->own[i].region->country,
			 rest ? MODE_STORED : MODE_PROCESSED, s->source, susp);
	if (rest)
		for (size_t i = 0; i < in->nrep; i++)
			add_fact(dv, s, &in->rep[i], in->rep[i].region->country,
				 MODE_REPLICA, in->rep[i].pos, susp);
	for (size_t i = 0; i < in->nown; i++)
		for (size_t k = 0; k < in->naccess; k++)
			add_fact(dv, s, &in->own[i], in->access[k]->jur, MODE_ACCESSED,
				 in->access[k]->pos, susp);
}

static int cmp_id_index(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

/* NULL sorts first. Objects of one kind compare by index, i.e. by id. */
#define CMP_OBJ(x, y) do { \
	if ((x) != (y)) { \
		if (!(x)) return -1; \
		if (!(y)) return 1; \
		int c_ = cmp_id_index((x)->index, (y)->index); \
		if (c_) return c_; \
	} \
} while (0)

static int cmp_termset(const struct termset *a, const struct termset *b)
{
	if (a == b)
		return 0;
	size_t n = a->n < b->n ? a->n : b->n;
	for (size_t i = 0; i < n; i++) {
		int c = cmp_id_index(a->items[i]->index, b->items[i]->index);
		if (c)
			return c;
	}
	return (a->n > b->n) - (a->n < b->n);
}

int fact_cmp(const struct fact *a, const struct fact *b)
{
	CMP_OBJ(a->data, b->data);
	CMP_OBJ(a->country, b->country);
	CMP_OBJ(a->region, b->region);
	CMP_OBJ(a->tenant, b->tenant);
	CMP_OBJ(a->service, b->service);
	if (a->mode != b->mode)
		return a->mode < b->mode ? -1 : 1;
	int c = cmp_termset(a->subjects, b->subjects);
	if (c)
		return c;
	return cmp_termset(a->purposes, b->purposes);
}

static int fact_qcmp(const void *a, const void *b)
{
	return fact_cmp(a, b);
}

size_t fact_path(const struct fact *f, const struct service **out, size_t cap)
{
	size_t len = f->path ? f->path->len : 0;
	for (const struct pathnode *p = f->path; p; p = p->prev)
		if (p->len - 1 < cap)
			out[p->len - 1] = p->service;
	return len;
}

struct factset *facts_derive(const struct model *m)
{
	struct factset *fs = xcalloc(1, sizeof *fs);
	arena_init(&fs->arena);
	struct deriver dv = { .m = m, .fs = fs };
	strmap_init(&dv.termsets);
	struct termset *empty = arena_alloc(&fs->arena, sizeof *empty);
	dv.empty = empty;
	dv.info = xcalloc(m->nservices + 1, sizeof *dv.info);
	dv.region_stamp = xcalloc(m->nregions + 1, sizeof *dv.region_stamp);
	dv.rep_stamp = xcalloc(m->nregions + 1, sizeof *dv.rep_stamp);
	dv.jur_stamp = xcalloc(m->njurs + 1, sizeof *dv.jur_stamp);

	size_t ndis = 0;
	for (size_t i = 0; i < m->nservices; i++)
		ndis += disabled(m->services[i]);
	fs->disabled = arena_alloc(&fs->arena, (ndis + 1) * sizeof *fs->disabled);

	/* seeds: every stores entry, in service id order */
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *v = m->services[i];
		if (disabled(v)) {
			fs->disabled[fs->ndisabled++] = v;
			continue;
		}
		for (size_t e = 0; e < v->nstores; e++) {
			const struct store *st = &v->stores[e];
			struct state s = {
				.svc = v,
				.subjects = intern_termset(&dv, st->subjects, st->nsubjects),
				.purposes = intern_termset(&dv, st->purposes, st->npurposes),
				.tenant = v->tenant,
				.source = st->pos,
			};
			for (size_t k = 0; k < st->ndata; k++) {
				if (!st->data[k])
					continue;
				s.data = st->data[k];
				push_state(&dv, s, NULL);
			}
		}
	}

	/* the states array is the BFS queue: it grows while we walk it */
	for (size_t q = 0; q < dv.nstates; q++) {
		const struct service *v = dv.states[q].svc;
		for (size_t e = 0; e < v->ndeps; e++) {
			const struct dep *d = &v->deps[e];
			if (!d->to || disabled(d->to) || !edge_carries(d, dv.states[q].data))
				continue;
			struct state s = dv.states[q];
			s.svc = d->to;
			s.source = d->pos;
			push_state(&dv, s, dv.states[q].path);
		}
	}
	for (size_t q = 0; q < dv.nstates; q++)
		state_facts(&dv, &dv.states[q]);

	if (fs->nfacts > 1)
		qsort(fs->facts, fs->nfacts, sizeof *fs->facts, fact_qcmp);

	free(dv.states);
	free(dv.table);
	free(dv.tmp);
	free(dv.info);
	free(dv.region_stamp);
	free(dv.rep_stamp);
	free(dv.jur_stamp);
	strmap_release(&dv.termsets);
	return fs;
}

void factset_free(struct factset *fs)
{
	if (!fs)
		return;
	free(fs->facts);
	arena_release(&fs->arena);
	free(fs);
}
