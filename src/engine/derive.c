/*
 * derive: the residency engine. Turns a finalized model into the set of
 * residency facts (facts.h), as doc/semantics.md "How facts arise" says.
 *
 * Data moves as states (service, data, subjects, purposes, owner tenant).
 * Every `stores` entry seeds one state per data category; a state moves
 * along an outgoing `depends_on` edge that sends its category. All seeds
 * enter one breadth-first queue together (a multi-source BFS), so each
 * state is reached once, by a shortest path, and the whole derivation is
 * linear in states plus edges however long the chains are. Each state
 * then yields its facts: stored or processed in the service's regions,
 * replica in its replica regions, accessed from its access countries.
 * Facts are made in queue order, the states and per-service tables are
 * freed, and only then are the facts sorted, through packed keys
 * (keysort.h), and copied in sorted order into a second array: the
 * states and the facts are never held together with the sort's records,
 * which keeps the peak of a million-service run some 80 MB lower. (A
 * permutation in place saved the second array but cost a cache miss per
 * fact that no prefetch can hide: it was a third of the engine's time.) Paths are shared linked nodes,
 * reach arrays are shared per region (per service and region with
 * access_from), termsets interned: a fact owns nothing of its own but
 * its slot in the array.
 *
 * Choices the format leaves open (documented in doc/semantics.md):
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
#include "engine/facts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "base/bigmem.h"
#include "base/keysort.h"
#include "base/util.h"

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
	const struct pos *pos;          /* replicas: what made it a replica */
	const struct reach *reach;
	size_t nreach;
};

/* Its own slots, then its replica slots, then its access list, in one
 * block after the counts: offsets, not pointers, to keep it small (one
 * per service reached). */
struct svcinfo {
	uint32_t nown, nrep, naccess;
	uint32_t rep_off, acc_off;      /* in slots */
	uint32_t edge_off;              /* in bytes from the info: an EDGE_ per depends_on entry */
	struct regslot slots[];
};
#define OWN(in) ((in)->slots)
#define REP(in) ((in)->slots + (in)->rep_off)
#define ACC(in) ((const struct jur_ref **)(void *)((in)->slots + (in)->acc_off))
#define EDGE(in) ((const unsigned char *)(in) + (in)->edge_off)

/* What a depends_on entry's target is, read once per service rather
 * than once per state crossing the entry (a cache miss each time: the
 * targets lie all over memory). */
enum {
	EDGE_NONE = 1,                  /* no target, or of a disabled tenant: nothing moves */
	EDGE_USES = 2,                  /* the target declares purposes (use_at) */
};

struct state {
	const struct service *svc;
	const struct term *data;
	const struct termset *subjects, *purposes, *used_for;
	const struct tenant *tenant;
	const struct pathnode *path;        /* its via is the state's source */
	/* filled when the state leaves the queue, so that making facts
	 * touches the state and its service's info only: the svcinfo
	 * pointer with ST_REST and ST_SUSPENDED in its low bits, which keeps
	 * a state to one cache line (a million of them at 100k services) */
	uintptr_t info;
};
_Static_assert(sizeof(struct state) == 64, "a state is one cache line");

enum {
	ST_REST = 1,                    /* held at rest: stored, not processed */
	ST_SUSPENDED = 2,               /* owner tenant or service tenant suspended */
};

static const struct svcinfo *st_info(const struct state *s)
{
	return (const struct svcinfo *)(s->info & ~(uintptr_t)(ST_REST | ST_SUSPENDED));
}

/* An interned termset and its rank among the sets of its kind. */
struct rankedset {
	struct termset ts;              /* first: a termset pointer is one of these */
	uint32_t rank;
};

struct rankvec {
	struct rankedset **v;
	size_t n, cap;
};

/* How many pushed states wait for their lookup (push_state). */
enum { PIPE = 16 };

struct slot_ref {
	uint32_t idx1;                  /* state index + 1, 0 = empty */
	uint32_t hash;
};

struct deriver {
	const struct model *m;
	struct factset *fs;
	struct strmap termsets;
	struct rankvec ranks[2];        /* subjects, purposes */
	const struct termset *empty[2];
	struct svcinfo **info;          /* by service index, in scratch */
	struct arena scratch;           /* what dies with the states */
	struct regslot *region_reach;   /* by region index: reach without access */
	uint32_t *region_stamp, *rep_stamp, *jur_stamp;
	struct state *states;  size_t nstates, capstates;
	struct slot_ref *table;  size_t tabcap;
	/* states pushed but not yet looked up (push_state): a ring */
	struct pending {
		struct state s;
		const struct pathnode *prev;
		const struct pos *source;
		uint32_t hash;
	} pipe[PIPE];
	unsigned pipe_head, pipe_n;
	struct pathnode *pn_free;  size_t pn_left;
	const struct term **tmp;  size_t captmp;
	struct term **merge;  size_t capmerge;
	/* who receives from a service: recv[recv_start[i] .. recv_start[i + 1])
	 * are the depends_on entries naming service i with `receives` */
	uint32_t *recv_start;
	struct recv { const struct service *to; const struct dep *dep; } *recv;
};

static int cmp_term_index(const void *a, const void *b)
{
	const struct term *x = *(const struct term *const *)a;
	const struct term *y = *(const struct term *const *)b;
	return (x->index > y->index) - (x->index < y->index);
}

static struct rankedset *new_set(struct deriver *dv, int kind)
{
	struct rankedset *rs = arena_alloc(&dv->fs->arena, sizeof *rs);
	struct rankvec *rv = &dv->ranks[kind];
	rv->v = xgrow(rv->v, &rv->cap, rv->n + 1, sizeof *rv->v);
	rv->v[rv->n++] = rs;
	return rs;
}

/* The interned set of the n terms at t: sorted by id, duplicates gone. */
static const struct termset *intern_termset(struct deriver *dv, int kind,
					    struct term *const *t, size_t n)
{
	dv->tmp = xgrow(dv->tmp, &dv->captmp, n + 1, sizeof *dv->tmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i])       /* an unresolved reference of a model with errors */
			dv->tmp[m++] = t[i];
	n = m;
	if (n == 0)
		return dv->empty[kind];
	/* indexes follow id order (model_finalize); lists are usually short */
	if (n > 16) {
		xqsort(dv->tmp, n, sizeof *dv->tmp, cmp_term_index);
	} else {
		for (size_t i = 1; i < n; i++) {
			const struct term *x = dv->tmp[i];
			size_t j = i;
			for (; j > 0 && dv->tmp[j - 1]->index > x->index; j--)
				dv->tmp[j] = dv->tmp[j - 1];
			dv->tmp[j] = x;
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || dv->tmp[k - 1] != dv->tmp[i])
			dv->tmp[k++] = dv->tmp[i];
	size_t len = k * sizeof *dv->tmp;
	struct termset *ts = strmap_get(&dv->termsets, (const char *)dv->tmp, len);
	if (ts)
		return ts;
	struct rankedset *rs = new_set(dv, kind);
	const struct term **items = arena_alloc(&dv->fs->arena, len);
	memcpy(items, dv->tmp, len);
	rs->ts.items = items;
	rs->ts.n = k;
	/* the key is the items array itself, which lives in the arena; term
	 * pointers of subjects and purposes differ, so kinds never collide */
	strmap_put(&dv->termsets, (const char *)items, len, &rs->ts);
	return &rs->ts;
}

static int cmp_termset(const struct termset *a, const struct termset *b);

static int cmp_rankedp(const void *a, const void *b)
{
	const struct rankedset *x = *(const struct rankedset *const *)a;
	const struct rankedset *y = *(const struct rankedset *const *)b;
	return cmp_termset(&x->ts, &y->ts);
}

static void rank_sets(struct deriver *dv)
{
	for (int k = 0; k < 2; k++) {
		struct rankvec *rv = &dv->ranks[k];
		xqsort(rv->v, rv->n, sizeof *rv->v, cmp_rankedp);
		for (size_t i = 0; i < rv->n; i++)
			rv->v[i]->rank = (uint32_t)i;
	}
}

static uint32_t set_rank(const struct termset *ts)
{
	return ((const struct rankedset *)(const void *)ts)->rank;
}

static int cmp_reach(const void *a, const void *b)
{
	const struct reach *x = a, *y = b;
	if (x->jur->index != y->jur->index)
		return x->jur->index < y->jur->index ? -1 : 1;
	return (x->why > y->why) - (x->why < y->why);
}

/* Who can reach what a service holds in region r: r's country, the HQ
 * of the legal entity running r, and the service's access countries. */
static void make_reach(struct deriver *dv, struct regslot *slot, const struct svcinfo *in)
{
	const struct region *r = slot->region;
	size_t nacc = in ? in->naccess : 0;
	struct reach *rc = arena_alloc(&dv->fs->arena, (2 + nacc) * sizeof *rc);
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
	for (size_t i = 0; i < nacc; i++) {
		rc[n].jur = ACC(in)[i]->jur;
		rc[n].why = REACH_ACCESS;
		rc[n++].pos = ACC(in)[i]->pos;
	}
	xqsort(rc, n, sizeof *rc, cmp_reach);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || rc[k - 1].jur != rc[i].jur || rc[k - 1].why != rc[i].why)
			rc[k++] = rc[i];
	slot->reach = rc;
	slot->nreach = k;
}

/* Reach of a slot. Services without access_from share one array per
 * region; the others get their own per (service, region). */
static void slot_reach(struct deriver *dv, struct regslot *slot, const struct svcinfo *in)
{
	if (in->naccess) {
		make_reach(dv, slot, in);
		return;
	}
	struct regslot *shared = &dv->region_reach[slot->region->index];
	if (!shared->reach) {
		shared->region = slot->region;
		make_reach(dv, shared, NULL);
	}
	slot->reach = shared->reach;
	slot->nreach = shared->nreach;
}

/* How many regions a list of places stands for: a multi-region is
 * each of its members. */
static size_t nplaces(const struct region_ref *refs, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (refs[i].region)
			k += refs[i].region->nmembers ? refs[i].region->nmembers :
			     !refs[i].region->global;
	return k;
}

/* The i-th region a place stands for (i < nmembers, or 0 for a region). */
static const struct region *place_region(const struct region *place, size_t i)
{
	return place->nmembers ? place->members[i].region : place;
}

static size_t place_count(const struct region *place)
{
	return place->nmembers ? place->nmembers : !place->global;
}

static bool disabled(const struct service *v)
{
	return v->tenant && v->tenant->status == TENANT_DISABLED;
}

static const struct svcinfo *svcinfo(struct deriver *dv, const struct service *v)
{
	struct svcinfo *in = dv->info[v->index];
	if (in)
		return in;
	struct arena *a = &dv->scratch;
	uint32_t stamp = v->index + 1;
	size_t maxown = nplaces(v->regions, v->nregions);
	size_t maxrep = nplaces(v->replicas, v->nreplicas) +
			(v->redundancy == RED_GEO ? maxown : 0);
	/* one allocation: the info, its slots, its access list, its edges */
	size_t edge_off = sizeof *in + (maxown + maxrep) * sizeof(struct regslot) +
			  v->naccess_from * sizeof(const struct jur_ref *);
	in = arena_alloc(a, edge_off + v->ndeps);
	in->rep_off = (uint32_t)maxown;
	in->acc_off = (uint32_t)(maxown + maxrep);
	in->edge_off = (uint32_t)edge_off;
	for (size_t e = 0; e < v->ndeps; e++) {
		const struct service *to = v->deps[e].to;
		((unsigned char *)in)[edge_off + e] = (unsigned char)
			(!to || disabled(to) ? EDGE_NONE : to->npurposes ? EDGE_USES : 0);
	}
	/* the first place naming a region wins it (fact_place agrees) */
	for (size_t i = 0; i < v->nregions; i++) {
		const struct region *pl = v->regions[i].region;
		for (size_t k = 0; pl && k < place_count(pl); k++) {
			const struct region *r = place_region(pl, k);
			if (!r || dv->region_stamp[r->index] == stamp)
				continue;
			dv->region_stamp[r->index] = stamp;
			OWN(in)[in->nown].region = r;
			OWN(in)[in->nown++].pos = &v->regions[i].pos;
		}
	}
	for (size_t i = 0; i < v->nreplicas; i++) {
		const struct region *pl = v->replicas[i].region;
		for (size_t k = 0; pl && k < place_count(pl); k++) {
			const struct region *r = place_region(pl, k);
			if (!r || dv->region_stamp[r->index] == stamp ||
			    dv->rep_stamp[r->index] == stamp)
				continue;
			dv->rep_stamp[r->index] = stamp;
			REP(in)[in->nrep].region = r;
			REP(in)[in->nrep++].pos = &v->replicas[i].pos;
		}
	}
	for (size_t i = 0; v->redundancy == RED_GEO && i < in->nown; i++) {
		const struct region *r = OWN(in)[i].region->pair;
		if (!r || dv->region_stamp[r->index] == stamp || dv->rep_stamp[r->index] == stamp)
			continue;
		dv->rep_stamp[r->index] = stamp;
		REP(in)[in->nrep].region = r;
		REP(in)[in->nrep++].pos = &v->redundancy_pos;
	}
	for (size_t i = 0; i < v->naccess_from; i++) {
		const struct jur *c = v->access_from[i].jur;
		if (!c || dv->jur_stamp[c->index] == stamp)
			continue;
		dv->jur_stamp[c->index] = stamp;
		ACC(in)[in->naccess++] = &v->access_from[i];
	}
	for (size_t i = 0; i < in->nown; i++)
		slot_reach(dv, &OWN(in)[i], in);
	for (size_t i = 0; i < in->nrep; i++)
		slot_reach(dv, &REP(in)[i], in);
	dv->info[v->index] = in;
	return in;
}

/* Hashes the identity of a state by its pointers: no memory is touched. */
static uint32_t state_hash(const struct state *s)
{
	uint64_t h = (uint64_t)(uintptr_t)s->svc;
	h = h * 0x9e3779b97f4a7c15ULL + (uint64_t)(uintptr_t)s->data;
	h = h * 0x9e3779b97f4a7c15ULL + (uint64_t)(uintptr_t)s->subjects;
	h = h * 0x9e3779b97f4a7c15ULL + (uint64_t)(uintptr_t)s->purposes;
	h = h * 0x9e3779b97f4a7c15ULL + (uint64_t)(uintptr_t)s->used_for;
	h = h * 0x9e3779b97f4a7c15ULL + (uint64_t)(uintptr_t)s->tenant;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return (uint32_t)h;
}

static bool state_eq(const struct state *a, const struct state *b)
{
	return a->svc == b->svc && a->data == b->data && a->subjects == b->subjects &&
	       a->purposes == b->purposes && a->used_for == b->used_for &&
	       a->tenant == b->tenant;
}

static void table_grow(struct deriver *dv)
{
	size_t ncap = dv->tabcap ? dv->tabcap * 2 : 1024;
	struct slot_ref *t = big_alloc(ncap * sizeof *t);
	for (size_t i = 0; i < dv->tabcap; i++) {
		if (!dv->table[i].idx1)
			continue;
		size_t j = dv->table[i].hash & (ncap - 1);
		while (t[j].idx1)
			j = (j + 1) & (ncap - 1);
		t[j] = dv->table[i];
	}
	big_free(dv->table);
	dv->table = t;
	dv->tabcap = ncap;
}

static struct pathnode *new_pathnode(struct deriver *dv)
{
	if (!dv->pn_left) {
		/* nodes are carved from chunks: no per-node alignment padding */
		dv->pn_left = 512;
		dv->pn_free = arena_alloc(&dv->fs->arena, dv->pn_left * sizeof *dv->pn_free);
	}
	dv->pn_left--;
	return dv->pn_free++;
}

/*
 * Queues s unless an equal state was queued before (which, in BFS
 * order, came by a path at most as long). The path node is made only
 * for a new state.
 */
static void commit_state(struct deriver *dv, const struct state *sp, const struct pathnode *prev,
			 const struct pos *source, uint32_t h)
{
	/* up to three quarters full: slots are 8 bytes, eight to a cache
	 * line, so a longer probe costs little, and at a million services
	 * the table is 16 MB instead of 32 */
	if ((dv->nstates + 1) * 4 > dv->tabcap * 3)
		table_grow(dv);
	size_t mask = dv->tabcap - 1, j = h & mask;
	while (dv->table[j].idx1) {
		if (dv->table[j].hash == h && state_eq(&dv->states[dv->table[j].idx1 - 1], sp))
			return;
		j = (j + 1) & mask;
	}
	if (dv->nstates >= UINT32_MAX - 1)
		die("too many residency states");
	struct pathnode *pn = new_pathnode(dv);
	pn->service = sp->svc;
	pn->prev = prev;
	pn->via = source;
	pn->len = prev ? prev->len + 1 : 1;
	dv->states = big_grow(dv->states, &dv->capstates, dv->nstates + 1, sizeof *dv->states);
	dv->states[dv->nstates] = *sp;
	dv->states[dv->nstates++].path = pn;
	dv->table[j].idx1 = (uint32_t)dv->nstates;
	dv->table[j].hash = h;
}

/* Looks up the oldest state waiting in the pipe. */
static void commit_one(struct deriver *dv)
{
	const struct pending *p = &dv->pipe[dv->pipe_head];
	dv->pipe_head = (dv->pipe_head + 1) % PIPE;
	dv->pipe_n--;
	commit_state(dv, &p->s, p->prev, p->source, p->hash);
}

static void flush_states(struct deriver *dv)
{
	while (dv->pipe_n)
		commit_one(dv);
}

/*
 * Pushes s: its table slot is fetched now and looked up PIPE pushes
 * later, in the same order, when it is likely in the cache. The table
 * is tens of megabytes and each lookup a cache miss: waiting for them
 * one by one was most of the engine's time on dependency-dense
 * inventories. The queue sees the states in push order all the same
 * (flush_states before reading past its end).
 */
static void push_state(struct deriver *dv, struct state s, const struct pathnode *prev,
		       const struct pos *source)
{
	if (dv->pipe_n == PIPE)
		commit_one(dv);
	struct pending *p = &dv->pipe[(dv->pipe_head + dv->pipe_n++) % PIPE];
	p->s = s;
	p->prev = prev;
	p->source = source;
	p->hash = state_hash(&s);
	if (dv->tabcap)
		__builtin_prefetch(&dv->table[p->hash & (dv->tabcap - 1)]);
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

/* A `sends` or `receives` list carries d: it names d or an ancestor. */
static bool carries(struct term *const *list, size_t n, const struct term *d)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && term_under(d, list[i]))
			return true;
	return false;
}

/* What data arriving at v with used_for is used for there: the union
 * with v's own purposes (the same set when v declares none). */
static const struct termset *use_at(struct deriver *dv, const struct termset *used_for,
				    const struct service *v)
{
	if (!v->npurposes)
		return used_for;
	size_t n = used_for->n + v->npurposes;
	dv->merge = xgrow(dv->merge, &dv->capmerge, n + 1, sizeof *dv->merge);
	for (size_t i = 0; i < used_for->n; i++)
		dv->merge[i] = (struct term *)(uintptr_t)used_for->items[i];
	memcpy(dv->merge + used_for->n, v->purposes, v->npurposes * sizeof *v->purposes);
	return intern_termset(dv, 1, dv->merge, n);
}

/* The reverse of `receives`: for each service, the entries of other
 * services' depends_on that read data from it. Left empty (NULL) when
 * no entry receives anything, the usual case. */
static void index_receivers(struct deriver *dv)
{
	const struct model *m = dv->m;
	size_t total = 0;
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t e = 0; e < m->services[i]->ndeps; e++)
			total += m->services[i]->deps[e].nreceives && m->services[i]->deps[e].to;
	if (!total)
		return;
	dv->recv_start = xcalloc(m->nservices + 2, sizeof *dv->recv_start);
	dv->recv = xmalloc(total * sizeof *dv->recv);
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t e = 0; e < m->services[i]->ndeps; e++) {
			const struct dep *d = &m->services[i]->deps[e];
			if (d->nreceives && d->to)
				dv->recv_start[d->to->index + 2]++;
		}
	for (size_t i = 0; i < m->nservices; i++)
		dv->recv_start[i + 2] += dv->recv_start[i + 1];
	/* services in id order, then their entries in order: deterministic */
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t e = 0; e < m->services[i]->ndeps; e++) {
			const struct dep *d = &m->services[i]->deps[e];
			if (!d->nreceives || !d->to)
				continue;
			struct recv *r = &dv->recv[dv->recv_start[d->to->index + 1]++];
			r->to = m->services[i];
			r->dep = d;
		}
}

/* How many facts a state makes: its own regions (stored or processed),
 * replicas when at rest, and each own region from each access country. */
static size_t state_nfacts(const struct svcinfo *in, bool rest)
{
	return in->nown + (rest ? in->nrep : 0) + (size_t)in->nown * in->naccess;
}

/* What the sub-th fact of a state is, in the order of state_nfacts. */
struct factdesc {
	const struct regslot *slot;
	const struct jur *country;
	enum mode mode;
	const struct pos *source;
};

static void describe(const struct deriver *dv, uint32_t st, uint32_t sub, struct factdesc *fd)
{
	const struct state *s = &dv->states[st];
	const struct svcinfo *in = st_info(s);
	bool rest = s->info & ST_REST;
	if (sub < in->nown) {
		fd->slot = &OWN(in)[sub];
		fd->country = fd->slot->region->country;
		fd->mode = rest ? MODE_STORED : MODE_PROCESSED;
		fd->source = s->path->via;
		return;
	}
	sub -= in->nown;
	if (rest) {
		if (sub < in->nrep) {
			fd->slot = &REP(in)[sub];
			fd->country = fd->slot->region->country;
			fd->mode = MODE_REPLICA;
			fd->source = fd->slot->pos;
			return;
		}
		sub -= in->nrep;
	}
	const struct jur_ref *acc = ACC(in)[sub % in->naccess];
	fd->slot = &OWN(in)[sub / in->naccess];
	fd->country = acc->jur;
	fd->mode = MODE_ACCESSED;
	fd->source = &acc->pos;
}

static void make_fact(const struct deriver *dv, uint32_t st, uint32_t sub, struct fact *f)
{
	const struct state *s = &dv->states[st];
	struct factdesc fd;
	describe(dv, st, sub, &fd);
	f->data = s->data;
	f->subjects = s->subjects;
	f->purposes = s->purposes;
	f->used_for = s->used_for;
	f->tenant = s->tenant;
	f->service = s->svc;
	f->region = fd.slot->region;
	f->country = fd.country;
	f->mode = (uint8_t)fd.mode;
	f->suspended = s->info & ST_SUSPENDED;
	f->reach = fd.slot->reach;
	f->nreach = (uint32_t)fd.slot->nreach;
	f->path = s->path;
	f->source = fd.source;
}

void fact_keyspec_init(struct fact_keyspec *ks, const struct model *m,
		       const struct factset *fs)
{
	size_t n[FACT_NKEYS] = {
		m->ndata, m->njurs + 1, m->nregions, m->ntenants + 1, m->nservices,
		MODE__COUNT, fs->nranks[0] + 1, fs->nranks[1] + 1, fs->nranks[1] + 1,
	};
	ks->total = 0;
	for (int i = 0; i < FACT_NKEYS; i++) {
		ks->w[i] = key_width(n[i]);
		ks->total += ks->w[i];
	}
}

void fact_key_push(const struct fact_keyspec *ks, const struct fact *f, struct keyrec *k)
{
	uint64_t v[FACT_NKEYS] = {
		f->data->index,
		f->country ? f->country->index + 1ULL : 0,
		f->region->index,
		f->tenant ? f->tenant->index + 1ULL : 0,
		f->service->index,
		f->mode,
		set_rank(f->subjects),
		set_rank(f->purposes),
		set_rank(f->used_for),
	};
	for (int i = 0; i < FACT_NKEYS; i++)
		keyrec_push(k, v[i], ks->w[i]);
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
	c = cmp_termset(a->purposes, b->purposes);
	if (c)
		return c;
	return cmp_termset(a->used_for, b->used_for);
}

static int fact_qcmp(const void *a, const void *b)
{
	return fact_cmp(a, b);
}

const struct region_ref *fact_place(const struct fact *f)
{
	const struct service *v = f->service;
	bool rep = f->mode == MODE_REPLICA;
	const struct region_ref *refs = rep ? v->replicas : v->regions;
	size_t n = rep ? v->nreplicas : v->nregions;
	for (size_t i = 0; i < n; i++)
		if (refs[i].region && region_within(f->region, refs[i].region))
			return &refs[i];
	return NULL;
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
	return facts_derive_progress(m, NULL, NULL);
}

struct factset *facts_derive_progress(const struct model *m,
				      void (*fn)(void *ctx, size_t facts), void *ctx)
{
	return facts_derive_opts(m, true, fn, ctx);
}

/* With a sink, the facts are handed over in batches of this many. */
enum { SINK_BATCH = 1024 };

static struct factset *derive(const struct model *m, bool sorted, fact_sink *sink, void *sctx,
			      void (*fn)(void *ctx, size_t facts), void *ctx)
{
	struct factset *fs = xcalloc(1, sizeof *fs);
	arena_init_large(&fs->arena);
	struct deriver dv = { .m = m, .fs = fs };
	arena_init_large(&dv.scratch);
	strmap_init(&dv.termsets);
	for (int k = 0; k < 2; k++)
		dv.empty[k] = &new_set(&dv, k)->ts;
	dv.info = xcalloc(m->nservices + 1, sizeof *dv.info);
	dv.region_reach = xcalloc(m->nregions + 1, sizeof *dv.region_reach);
	dv.region_stamp = xcalloc(m->nregions + 1, sizeof *dv.region_stamp);
	dv.rep_stamp = xcalloc(m->nregions + 1, sizeof *dv.rep_stamp);
	dv.jur_stamp = xcalloc(m->njurs + 1, sizeof *dv.jur_stamp);
	index_receivers(&dv);

	size_t ndis = 0;
	for (size_t i = 0; i < m->nservices; i++)
		ndis += disabled(m->services[i]);
	fs->disabled = arena_alloc(&fs->arena, (ndis + 1) * sizeof *fs->disabled);

	/* seeds: every stores entry, in service id order */
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *v = m->services[i];
		/* services lie in load order, not id order: fetch ahead */
		if (i + 8 < m->nservices)
			__builtin_prefetch(m->services[i + 8]);
		if (disabled(v)) {
			fs->disabled[fs->ndisabled++] = v;
			continue;
		}
		for (size_t e = 0; e < v->nstores; e++) {
			const struct store *st = &v->stores[e];
			struct state s = {
				.svc = v,
				.subjects = intern_termset(&dv, 0, st->subjects, st->nsubjects),
				.purposes = intern_termset(&dv, 1, st->purposes, st->npurposes),
				.used_for = intern_termset(&dv, 1, v->purposes, v->npurposes),
				.tenant = v->tenant,
			};
			for (size_t k = 0; k < st->ndata; k++) {
				if (!st->data[k])
					continue;
				s.data = st->data[k];
				push_state(&dv, s, NULL, &st->pos);
			}
		}
	}
	flush_states(&dv);
	size_t nseeds = dv.nstates;

	/*
	 * The states array is the BFS queue: it grows while we walk it.
	 * Each state is completed when it is taken from the queue, while its
	 * service is in the cache anyway: the passes below then read only
	 * the states, not the services they point to.
	 */
	size_t total = 0;
	for (size_t q = 0;; q++) {
		if (q >= dv.nstates) {
			flush_states(&dv);
			if (q >= dv.nstates)
				break;
		}
		struct state *cur = &dv.states[q];
		const struct service *v = cur->svc;
		if (q + 4 < dv.nstates)
			__builtin_prefetch(dv.states[q + 4].svc);
		const struct svcinfo *in = svcinfo(&dv, v);
		bool rest = q < nseeds || holds_at_rest(v, cur->data);
		bool suspended = (cur->tenant && cur->tenant->status == TENANT_SUSPENDED) ||
				 (v->tenant && v->tenant->status == TENANT_SUSPENDED);
		cur->info = (uintptr_t)in | (rest ? ST_REST : 0) | (suspended ? ST_SUSPENDED : 0);
		total += state_nfacts(in, rest);
		if (fn && (q & 0xffff) == 0xffff)
			fn(ctx, total);
		/* `sends` along v's own entries, then what services reading
		 * from v `receives`; the state is copied: pushing moves the array */
		const unsigned char *edge = EDGE(in);
		for (size_t e = 0; e < v->ndeps; e++) {
			const struct dep *d = &v->deps[e];
			if ((edge[e] & EDGE_NONE) || !carries(d->sends, d->nsends, dv.states[q].data))
				continue;
			struct state s = dv.states[q];
			s.svc = d->to;
			if (edge[e] & EDGE_USES)
				s.used_for = use_at(&dv, s.used_for, d->to);
			push_state(&dv, s, dv.states[q].path, &d->pos);
		}
		for (uint32_t r = dv.recv_start ? dv.recv_start[v->index] : 0;
		     dv.recv_start && r < dv.recv_start[v->index + 1]; r++) {
			const struct recv *rv = &dv.recv[r];
			const struct dep *d = rv->dep;
			if (disabled(rv->to) || !carries(d->receives, d->nreceives, dv.states[q].data))
				continue;
			struct state s = dv.states[q];
			s.svc = rv->to;
			s.used_for = use_at(&dv, s.used_for, rv->to);
			push_state(&dv, s, dv.states[q].path, &d->pos);
		}
	}
	free(dv.recv_start);
	free(dv.recv);
	big_free(dv.table);
	dv.table = NULL;

	if (total > UINT32_MAX)
		die("too many residency facts (%zu)", total);
	/* a sink takes the facts a batch at a time from one small buffer,
	 * which stays in the cache: the array of every fact (96 bytes each,
	 * 150 MB at 100k services of a dependency-dense inventory) is never
	 * made */
	struct fact *made = sink ? xmalloc(SINK_BATCH * sizeof *made) :
			    big_alloc((total + 1) * sizeof *made);
	size_t n = 0, at = 0;
	for (size_t q = 0; q < dv.nstates; q++) {
		if (q + 4 < dv.nstates)
			__builtin_prefetch(st_info(&dv.states[q + 4]));
		size_t k = state_nfacts(st_info(&dv.states[q]), dv.states[q].info & ST_REST);
		for (size_t i = 0; i < k; i++, n++) {
			make_fact(&dv, (uint32_t)q, (uint32_t)i, &made[at++]);
			if (sink && at == SINK_BATCH) {
				sink(sctx, made, at);
				at = 0;
			}
		}
	}
	if (sink) {
		if (at)
			sink(sctx, made, at);
		free(made);
	} else {
		fs->facts = made;
	}
	fs->nfacts = n;
	big_free(dv.states);
	free(dv.info);
	arena_release(&dv.scratch);
#ifdef __GLIBC__
	/* the tables were small blocks, which glibc keeps: hand their pages
	 * back before the sorted copy is made (80 MB at a million services) */
	malloc_trim(0);
#endif

	fs->sorted = sorted;
	rank_sets(&dv);
	fs->nranks[0] = dv.ranks[0].n;
	fs->nranks[1] = dv.ranks[1].n;
	struct fact_keyspec ks;
	fact_keyspec_init(&ks, m, fs);
	if (!sorted || sink || n < 2) {
		/* nothing to order */
	} else if (ks.total <= 128) {
		struct keyrec *keys = big_alloc(n * sizeof *keys);
		for (size_t i = 0; i < n; i++) {
			/* the services are scattered: fetch ahead */
			if (i + 8 < n)
				__builtin_prefetch(fs->facts[i + 8].service);
			keys[i].hi = keys[i].lo = 0;
			fact_key_push(&ks, &fs->facts[i], &keys[i]);
			keys[i].a = (uint32_t)i;
		}
		keysort(keys, n, ks.total);
		/* only the order is needed now: 4 bytes a fact, not 24 */
		uint32_t *order = xmalloc(n * sizeof *order);
		for (size_t i = 0; i < n; i++)
			order[i] = keys[i].a;
		big_free(keys);
		struct fact *out = big_alloc((n + 1) * sizeof *out);
		for (size_t i = 0; i < n; i++) {
			if (i + 8 < n)
				__builtin_prefetch(&fs->facts[order[i + 8]]);
			out[i] = fs->facts[order[i]];
		}
		big_free(fs->facts);
		fs->facts = out;
		free(order);
	} else {
		/* keys too wide to pack (absurdly large models): the slow way */
		xqsort(fs->facts, n, sizeof *fs->facts, fact_qcmp);
	}

	if (fn)
		fn(ctx, n);
	free(dv.tmp);
	free(dv.merge);
	free(dv.region_reach);
	free(dv.region_stamp);
	free(dv.rep_stamp);
	free(dv.jur_stamp);
	free(dv.ranks[0].v);
	free(dv.ranks[1].v);
	strmap_release(&dv.termsets);
	return fs;
}

struct factset *facts_derive_opts(const struct model *m, bool sorted,
				  void (*fn)(void *ctx, size_t facts), void *ctx)
{
	return derive(m, sorted, NULL, NULL, fn, ctx);
}

struct factset *facts_derive_each(const struct model *m, fact_sink *sink, void *sctx,
				  void (*fn)(void *ctx, size_t facts), void *ctx)
{
	return derive(m, false, sink, sctx, fn, ctx);
}

void factset_free(struct factset *fs)
{
	if (!fs)
		return;
	big_free(fs->facts);
	arena_release(&fs->arena);
	free(fs);
}
