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
	/* flows of dep k of service i: edata[estart[eoff[i] + k] .. estart[eoff[i] + k + 1]) */
	size_t *eoff, *estart;
	const struct term **edata;
};

static bool disabled(const struct service *s)
{
	return s->tenant && s->tenant->status == TENANT_DISABLED;
}

static bool sends_any(const struct service *s)
{
	for (size_t k = 0; k < s->ndeps; k++)
		if (s->deps[k].nsends)
			return true;
	return false;
}

/* The edge sends d: d is a sent category or below one (as derive moves it). */
static bool carries(const struct dep *e, const struct term *d)
{
	for (size_t i = 0; i < e->nsends; i++)
		if (e->sends[i] && term_under(d, e->sends[i]))
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

struct flows *flows_derive(const struct model *m, const struct factset *fs,
			   const unsigned char *keep)
{
	struct flows *fl = xcalloc(1, sizeof *fl);
	size_t ns = m->nservices;
	fl->nservices = ns;
	bool *sender = xcalloc(ns + 1, sizeof *sender);
	for (size_t i = 0; i < ns; i++)
		sender[i] = sends_any(m->services[i]);

	struct pairset ps = { 0 };
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if ((keep && !keep[i]) || !sender[f->service->index] ||
		    (f->mode != MODE_STORED && f->mode != MODE_PROCESSED))
			continue;
		set_add(&ps, ((uint64_t)f->service->index + 1) << 32 | f->data->index, f->data);
	}
	struct pair *pairs = xcalloc(ps.n + 1, sizeof *pairs);
	size_t np = 0;
	for (size_t i = 0; i < ps.cap; i++)
		if (ps.slot[i].key)
			pairs[np++] = ps.slot[i];
	free(ps.slot);
	xqsort(pairs, np, sizeof *pairs, cmp_pair);

	fl->hstart = xcalloc(ns + 2, sizeof *fl->hstart);
	fl->held = xcalloc(np + 1, sizeof *fl->held);
	for (size_t i = 0; i < np; i++) {
		fl->held[i] = pairs[i].data;
		fl->hstart[(pairs[i].key >> 32)]++;    /* index + 1: counts land one row on */
	}
	for (size_t i = 0; i < ns; i++)
		fl->hstart[i + 1] += fl->hstart[i];
	free(pairs);

	/* the flows of every edge, in held (id) order */
	fl->eoff = xcalloc(ns + 2, sizeof *fl->eoff);
	for (size_t i = 0; i < ns; i++)
		fl->eoff[i + 1] = fl->eoff[i] + m->services[i]->ndeps;
	size_t nedges = fl->eoff[ns], cap = 0, n = 0;
	fl->estart = xcalloc(nedges + 2, sizeof *fl->estart);
	for (size_t i = 0; i < ns; i++) {
		const struct service *s = m->services[i];
		for (size_t k = 0; k < s->ndeps; k++) {
			const struct dep *e = &s->deps[k];
			fl->estart[fl->eoff[i] + k] = n;
			if (!e->nsends || !e->to || disabled(e->to) || disabled(s))
				continue;
			for (size_t h = fl->hstart[i]; h < fl->hstart[i + 1]; h++) {
				if (!carries(e, fl->held[h]))
					continue;
				fl->edata = xgrow(fl->edata, &cap, n + 1, sizeof *fl->edata);
				fl->edata[n++] = fl->held[h];
			}
		}
	}
	fl->estart[nedges] = n;
	free(sender);
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
				     size_t k, size_t *n)
{
	size_t e = fl->eoff[s->index] + k;
	*n = fl->estart[e + 1] - fl->estart[e];
	return fl->edata ? fl->edata + fl->estart[e] : NULL;
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
				bool held = false;
				for (size_t h = fl->hstart[i]; h < fl->hstart[i + 1] && !held; h++)
					held = want && term_under(fl->held[h], want);
				if (held || !want)
					continue;
				diag_at(d, DIAG_WARNING, e->pos, "'%s' sends '%s' to '%s' but holds no "
					"'%s' (it neither stores nor receives it or a category below "
					"it): nothing flows", s->id, want->id,
					e->to ? e->to->id : "?", want->id);
				warned++;
			}
		}
	}
	return warned;
}
