/*
 * flows: the data each service holds, read from its stored and processed
 * facts, and from it what moves along each of its `depends_on` edges.
 * Only services with an edge that sends something are looked at, so an
 * inventory of plain dependencies costs one pass over the facts.
 *
 * The holdings are a set of (service, category) pairs: a hash set while
 * the facts are read (a million facts hold far fewer distinct pairs), then
 * compressed rows per service, sorted by category id, so that labels and
 * warnings come out in a stable order.
 */
#include "engine/flows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct pair {
	uint64_t key;                   /* (service index + 1) << 32 | data index; 0 empty */
	const struct term *data;
};

struct flows {
	size_t nservices;
	/* held data of service i: held[hstart[i] .. hstart[i + 1]) */
	size_t *hstart;
	const struct term **held;
	/* flows of dep k of service i: edata[estart[e] .. estart[e + 1]) with
	 * e = 2 * (eoff[i] + k), sent; e + 1, received (dependency to i) */
	size_t *eoff, *estart;
	const struct term **edata;
};

static bool disabled(const struct service *s)
{
	return s->tenant && s->tenant->status == TENANT_DISABLED;
}

/* The services whose holdings matter: senders, and the dependencies
 * that some entry `receives` from. */
static void mark_holders(const struct model *m, bool *mark)
{
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t k = 0; k < m->services[i]->ndeps; k++) {
			const struct dep *e = &m->services[i]->deps[k];
			if (e->nsends)
				mark[i] = true;
			if (e->nreceives && e->to)
				mark[e->to->index] = true;
		}
}

/* A `sends` or `receives` list carries d: d is a listed category or
 * below one (as derive moves it). */
static bool carries(struct term *const *list, size_t n, const struct term *d)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && term_under(d, list[i]))
			return true;
	return false;
}

struct pairset {
	struct pair *slot;
	size_t cap, n;
};

static size_t slot_of(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 29) & mask;
}

static void set_add(struct pairset *ps, uint64_t key, const struct term *t);

static void set_grow(struct pairset *ps)
{
	struct pairset big = { xcalloc(ps->cap ? ps->cap * 2 : 256, sizeof *big.slot),
			       ps->cap ? ps->cap * 2 : 256, 0 };
	for (size_t i = 0; i < ps->cap; i++)
		if (ps->slot[i].key)
			set_add(&big, ps->slot[i].key, ps->slot[i].data);
	free(ps->slot);
	*ps = big;
}

static void set_add(struct pairset *ps, uint64_t key, const struct term *t)
{
	if ((ps->n + 1) * 2 > ps->cap)
		set_grow(ps);
	size_t mask = ps->cap - 1, j = slot_of(key, mask);
	for (; ps->slot[j].key; j = (j + 1) & mask)
		if (ps->slot[j].key == key)
			return;
	ps->slot[j].key = key;
	ps->slot[j].data = t;
	ps->n++;
}

/* By service, then category id. */
static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->key >> 32 != y->key >> 32)
		return x->key >> 32 < y->key >> 32 ? -1 : 1;
	return strcmp(x->data->id, y->data->id);
}

/*
 * What each service holds is gathered as facts come (flows_add) in a
 * bitmap of categories per service, read off in index order, which is id
 * order (model_finalize): a cache-resident row per service where a hash
 * set of pairs missed the cache on every fact and then needed a sort.
 * The bitmap is for up to 256 categories (32 bytes a service); beyond,
 * the pairs are kept in a hash set and sorted.
 */
enum { MAX_BITMAP_WORDS = 4 };

struct flows_acc {
	const struct model *m;
	bool *sender;
	size_t words;                   /* per service in bits; 0: pairs instead */
	uint64_t *bits;
	struct pairset ps;
};

static void acc_add(struct flows_acc *a, const struct fact *f)
{
	if (f->mode != MODE_STORED && f->mode != MODE_PROCESSED)
		return;
	uint32_t v = f->service->index, d = f->data->index;
	if (!a->sender[v])
		return;
	if (a->words)
		a->bits[v * a->words + d / 64] |= (uint64_t)1 << (d % 64);
	else
		set_add(&a->ps, ((uint64_t)v + 1) << 32 | d, f->data);
}

/* The rows of held data per service, from the bitmap or the pairs. */
static void acc_rows(struct flows *fl, struct flows_acc *a)
{
	size_t ns = a->m->nservices;
	if (a->words) {
		size_t np = 0;
		for (size_t i = 0; i < ns * a->words; i++)
			np += (size_t)__builtin_popcountll(a->bits[i]);
		fl->held = xcalloc(np + 1, sizeof *fl->held);
		size_t n = 0;
		for (size_t v = 0; v < ns; v++) {
			fl->hstart[v] = n;
			for (size_t w = 0; w < a->words; w++)
				for (uint64_t b = a->bits[v * a->words + w]; b; b &= b - 1)
					fl->held[n++] = a->m->data[w * 64 + (size_t)__builtin_ctzll(b)];
		}
		fl->hstart[ns] = n;
		return;
	}
	struct pair *pairs = xcalloc(a->ps.n + 1, sizeof *pairs);
	size_t np = 0;
	for (size_t i = 0; i < a->ps.cap; i++)
		if (a->ps.slot[i].key)
			pairs[np++] = a->ps.slot[i];
	xqsort(pairs, np, sizeof *pairs, cmp_pair);
	fl->held = xcalloc(np + 1, sizeof *fl->held);
	for (size_t i = 0; i < np; i++) {
		fl->held[i] = pairs[i].data;
		fl->hstart[(pairs[i].key >> 32)]++;    /* index + 1: counts land one row on */
	}
	for (size_t i = 0; i < ns; i++)
		fl->hstart[i + 1] += fl->hstart[i];
	free(pairs);
}

struct flows_acc *flows_begin(const struct model *m)
{
	struct flows_acc *a = xcalloc(1, sizeof *a);
	size_t ns = m->nservices, words = (m->ndata + 63) / 64;
	a->m = m;
	a->sender = xcalloc(ns + 1, sizeof *a->sender);
	mark_holders(m, a->sender);
	if (words <= MAX_BITMAP_WORDS) {
		a->words = words ? words : 1;
		a->bits = xcalloc(ns * a->words + 1, sizeof *a->bits);
	}
	return a;
}

void flows_add(struct flows_acc *a, const struct fact *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc_add(a, &f[i]);
}

struct flows *flows_derive(const struct model *m, const struct factset *fs,
			   const unsigned char *keep)
{
	struct flows_acc *a = flows_begin(m);
	for (size_t i = 0; i < fs->nfacts; i++)
		if (!keep || keep[i])
			acc_add(a, &fs->facts[i]);
	return flows_end(a);
}

struct flows *flows_end(struct flows_acc *a)
{
	const struct model *m = a->m;
	struct flows *fl = xcalloc(1, sizeof *fl);
	size_t ns = m->nservices;
	fl->nservices = ns;
	fl->hstart = xcalloc(ns + 2, sizeof *fl->hstart);
	acc_rows(fl, a);
	free(a->bits);
	free(a->ps.slot);
	free(a->sender);
	free(a);

	/* the flows of every edge both ways, in held (id) order */
	fl->eoff = xcalloc(ns + 2, sizeof *fl->eoff);
	for (size_t i = 0; i < ns; i++)
		fl->eoff[i + 1] = fl->eoff[i] + m->services[i]->ndeps;
	size_t nslots = 2 * fl->eoff[ns], cap = 0, n = 0;
	fl->estart = xcalloc(nslots + 2, sizeof *fl->estart);
	for (size_t i = 0; i < ns; i++) {
		const struct service *s = m->services[i];
		for (size_t k = 0; k < s->ndeps; k++) {
			const struct dep *e = &s->deps[k];
			size_t slot = 2 * (fl->eoff[i] + k);
			for (int back = 0; back < 2; back++) {
				fl->estart[slot + back] = n;
				/* sent: s holds it; received: the dependency does */
				const struct service *from = back ? e->to : s;
				struct term *const *list = back ? e->receives : e->sends;
				size_t nlist = back ? e->nreceives : e->nsends;
				if (!nlist || !e->to || disabled(e->to) || disabled(s))
					continue;
				size_t f = from->index;
				for (size_t h = fl->hstart[f]; h < fl->hstart[f + 1]; h++) {
					if (!carries(list, nlist, fl->held[h]))
						continue;
					fl->edata = xgrow(fl->edata, &cap, n + 1, sizeof *fl->edata);
					fl->edata[n++] = fl->held[h];
				}
			}
		}
	}
	fl->estart[nslots] = n;
	return fl;
}

void flows_free(struct flows *fl)
{
	if (!fl)
		return;
	free(fl->hstart);
	free(fl->held);
	free(fl->eoff);
	free(fl->estart);
	free(fl->edata);
	free(fl);
}

const struct term *const *flows_edge(const struct flows *fl, const struct service *s,
				     size_t k, bool back, size_t *n)
{
	size_t e = 2 * (fl->eoff[s->index] + k) + back;
	*n = fl->estart[e + 1] - fl->estart[e];
	return fl->edata ? fl->edata + fl->estart[e] : NULL;
}

/* Whether holder (index h) holds something under want. */
static bool holds(const struct flows *fl, size_t h, const struct term *want)
{
	for (size_t i = fl->hstart[h]; i < fl->hstart[h + 1]; i++)
		if (term_under(fl->held[i], want))
			return true;
	return false;
}

size_t flows_warn(const struct model *m, const struct flows *fl, struct diag *d)
{
	size_t warned = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (disabled(s))
			continue;
		for (size_t k = 0; k < s->ndeps; k++) {
			const struct dep *e = &s->deps[k];
			for (size_t j = 0; j < e->nsends; j++) {
				const struct term *want = e->sends[j];
				if (!want || holds(fl, i, want))
					continue;
				diag_at(d, DIAG_WARNING, e->pos, "'%s' sends '%s' to '%s' but holds no "
					"'%s' (it neither stores nor receives it or a category below "
					"it): nothing flows", s->id, want->id,
					e->to ? e->to->id : "?", want->id);
				warned++;
			}
			/* a disabled dependency hands nothing over, and the loader
			 * says so; otherwise it must hold what is read from it */
			for (size_t j = 0; e->to && !disabled(e->to) && j < e->nreceives; j++) {
				const struct term *want = e->receives[j];
				if (!want || holds(fl, e->to->index, want))
					continue;
				diag_at(d, DIAG_WARNING, e->pos, "'%s' receives '%s' from '%s', which "
					"holds no '%s' (it neither stores nor receives it or a category "
					"below it): nothing flows", s->id, want->id, e->to->id, want->id);
				warned++;
			}
		}
	}
	return warned;
}
