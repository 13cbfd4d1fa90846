/*
 * mbuild.h: tiny model builders for the engine's unit tests, so that a
 * test can describe an inventory in a few lines without the loader.
 * Lists are space-separated ids; every helper finds or creates what it
 * names. Header-only (static inline) so that only the tests that
 * include it carry it.
 */
#ifndef RESMAP_TEST_MBUILD_H
#define RESMAP_TEST_MBUILD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/facts.h"
#include "engine/model.h"
#include "base/util.h"

static inline struct pos P(uint32_t line)
{
	struct pos p = { "t.yaml", line, 1 };
	return p;
}

/* Splits a space-separated list into words in the model's arena. */
static inline size_t words(struct model *m, const char *s, const char ***out)
{
	size_t n = 0, cap = 0;
	const char **w = NULL;
	while (s && *s) {
		while (*s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if (e > s) {
			w = xgrow(w, &cap, n + 1, sizeof *w);
			w[n++] = model_intern(m, s, (size_t)(e - s));
		}
		s = e;
	}
	*out = model_alloc(m, (n + 1) * sizeof **out);
	if (n)
		memcpy(*out, w, n * sizeof *w);
	free(w);
	return n;
}

static inline struct jur *C(struct model *m, const char *id)
{
	struct jur *j = model_find_jur(m, id);
	return j ? j : model_add_jur(m, id, P(0), false);
}

static inline struct jur *G(struct model *m, const char *id, const char *members)
{
	struct jur *g = model_add_jur(m, id, P(0), true);
	const char **w;
	g->nmembers = words(m, members, &w);
	g->members = model_alloc(m, (g->nmembers + 1) * sizeof *g->members);
	for (size_t i = 0; i < g->nmembers; i++)
		g->members[i] = C(m, w[i]);   /* groups must be made first */
	return g;
}

static inline struct provider *PROV(struct model *m, const char *id, const char *hq,
				    const char *law)
{
	struct provider *p = model_add_provider(m, id, P(0));
	p->hq = hq ? C(m, hq) : NULL;
	if (law) {
		p->laws = model_alloc(m, sizeof *p->laws);
		p->laws[0] = law;
		p->nlaws = 1;
	}
	return p;
}

static inline struct region *REG(struct model *m, const char *id, const char *prov,
				 const char *country)
{
	struct region *r = model_add_region(m, id, P(0));
	r->provider = model_find_provider(m, prov);
	r->country = C(m, country);
	return r;
}

static inline struct tenant *TEN(struct model *m, const char *id, enum tenant_status st)
{
	struct tenant *t = model_add_tenant(m, id, P(0));
	t->status = st;
	return t;
}

static inline struct term *DATA(struct model *m, const char *id)
{
	struct term *t = model_find_data(m, id);
	return t ? t : model_add_data(m, id, P(0));
}

static inline struct term *SUBJ(struct model *m, const char *id)
{
	struct term *t = model_find_subject(m, id);
	return t ? t : model_add_subject(m, id, P(0));
}

static inline struct term *PURP(struct model *m, const char *id)
{
	struct term *t = model_find_purpose(m, id);
	return t ? t : model_add_purpose(m, id, P(0));
}

static inline struct term **terms(struct model *m, const char *list, size_t *n,
				  struct term *(*get)(struct model *, const char *))
{
	const char **w;
	*n = words(m, list, &w);
	struct term **t = model_alloc(m, (*n + 1) * sizeof *t);
	for (size_t i = 0; i < *n; i++)
		t[i] = get(m, w[i]);
	return t;
}

static inline struct service *SVC(struct model *m, const char *id, const char *tenant,
				  const char *regions, uint32_t line)
{
	struct service *v = model_add_service(m, id, P(line));
	v->tenant = model_find_tenant(m, tenant);
	v->kind = KIND_STORAGE;
	const char **w;
	v->nregions = words(m, regions, &w);
	v->regions = model_alloc(m, (v->nregions + 1) * sizeof *v->regions);
	for (size_t i = 0; i < v->nregions; i++) {
		v->regions[i].region = model_find_region(m, w[i]);
		v->regions[i].pos = P(line);
	}
	return v;
}

static inline void STORE(struct model *m, struct service *v, uint32_t line, const char *data,
			 const char *subjects, const char *purposes)
{
	struct store *s = model_alloc(m, (v->nstores + 1) * sizeof *s);
	if (v->nstores)
		memcpy(s, v->stores, v->nstores * sizeof *s);
	struct store *e = &s[v->nstores];
	e->pos = P(line);
	e->data = terms(m, data, &e->ndata, DATA);
	e->subjects = terms(m, subjects, &e->nsubjects, SUBJ);
	e->purposes = terms(m, purposes, &e->npurposes, PURP);
	v->stores = s;
	v->nstores++;
}

static inline void DEP(struct model *m, struct service *v, uint32_t line, const char *to,
		       const char *sends)
{
	struct dep *d = model_alloc(m, (v->ndeps + 1) * sizeof *d);
	if (v->ndeps)
		memcpy(d, v->deps, v->ndeps * sizeof *d);
	d[v->ndeps].pos = P(line);
	d[v->ndeps].to = model_find_service(m, to);
	d[v->ndeps].sends = terms(m, sends, &d[v->ndeps].nsends, DATA);
	v->deps = d;
	v->ndeps++;
}

/* A depends_on entry of v on `from` that receives data from it. */
static inline void RECV(struct model *m, struct service *v, uint32_t line, const char *from,
			const char *receives)
{
	DEP(m, v, line, from, "");
	struct dep *d = &v->deps[v->ndeps - 1];
	d->receives = terms(m, receives, &d->nreceives, DATA);
}

/* The service's own `purposes`. */
static inline void USES(struct model *m, struct service *v, const char *purposes)
{
	size_t n;
	v->purposes = terms(m, purposes, &n, PURP);
	v->npurposes = (uint32_t)n;
}

/* A multi-region of existing regions. */
static inline struct region *MULTI(struct model *m, const char *id, const char *prov,
				   const char *members)
{
	struct region *r = model_add_region(m, id, P(0));
	r->provider = model_find_provider(m, prov);
	const char **w;
	r->nmembers = (uint32_t)words(m, members, &w);
	r->members = model_alloc(m, (r->nmembers + 1) * sizeof *r->members);
	for (size_t i = 0; i < r->nmembers; i++) {
		r->members[i].region = model_find_region(m, w[i]);
		r->members[i].pos = P(0);
	}
	return r;
}

static inline void ACCESS(struct model *m, struct service *v, uint32_t line, const char *countries)
{
	const char **w;
	v->naccess_from = words(m, countries, &w);
	v->access_from = model_alloc(m, (v->naccess_from + 1) * sizeof *v->access_from);
	for (size_t i = 0; i < v->naccess_from; i++) {
		v->access_from[i].jur = C(m, w[i]);
		v->access_from[i].pos = P(line);
	}
}

static inline void REPLICAS(struct model *m, struct service *v, uint32_t line, const char *regions)
{
	const char **w;
	v->nreplicas = words(m, regions, &w);
	v->replicas = model_alloc(m, (v->nreplicas + 1) * sizeof *v->replicas);
	for (size_t i = 0; i < v->nreplicas; i++) {
		v->replicas[i].region = model_find_region(m, w[i]);
		v->replicas[i].pos = P(line);
	}
}

static inline void GEO(struct service *v, uint32_t line)
{
	v->redundancy = RED_GEO;
	v->redundancy_pos = P(line);
}

static inline void FINALIZE(struct model *m)
{
	struct diag d;
	diag_init(&d, stderr);
	if (model_finalize(m, &d) != 0)
		abort();
	diag_release(&d);
}

/* Countries, EU, azure (US, CLOUD Act), 21vianet, onprem, and regions. */
static inline struct model *world(void)
{
	struct model *m = model_new();
	G(m, "EU", "NL IE DE");
	G(m, "EEA", "EU NO");
	C(m, "US");
	C(m, "BR");
	C(m, "IL");
	C(m, "CN");
	PROV(m, "azure", "US", "US CLOUD Act (18 USC 2713)");
	PROV(m, "21vianet", "CN", NULL);
	PROV(m, "onprem", "IL", NULL);
	struct region *we = REG(m, "azure:westeurope", "azure", "NL");
	struct region *ne = REG(m, "azure:northeurope", "azure", "IE");
	struct region *bs = REG(m, "azure:brazilsouth", "azure", "BR");
	struct region *sc = REG(m, "azure:southcentralus", "azure", "US");
	struct region *nc = REG(m, "azure:northcentralus", "azure", "US");
	struct region *cn = REG(m, "azure:chinanorth", "azure", "CN");
	cn->operator = model_find_provider(m, "21vianet");
	REG(m, "onprem:tlv-1", "onprem", "IL");
	we->pair = ne;
	ne->pair = we;
	bs->pair = sc;          /* one-way: South Central US pairs with North Central */
	sc->pair = nc;
	nc->pair = sc;
	TEN(m, "clinic", TENANT_ACTIVE);
	TEN(m, "imod", TENANT_ACTIVE);
	TEN(m, "vendor", TENANT_ACTIVE);
	TEN(m, "gone", TENANT_DISABLED);
	TEN(m, "paused", TENANT_SUSPENDED);
	TEN(m, "research", TENANT_ACTIVE);
	return m;
}

static inline void dump_terms(struct strbuf *sb, const struct termset *ts)
{
	sb_addc(sb, '[');
	for (size_t i = 0; i < ts->n; i++)
		sb_addf(sb, "%s%s", i ? " " : "", ts->items[i]->id);
	sb_addc(sb, ']');
}

/*
 * One line per fact: "data [subjects] [purposes] tenant service region
 * country mode path=a>b src=LINE", plus " SUSP" when suspended.
 */
static inline void dump_fact(struct strbuf *sb, const struct fact *f)
{
	sb_addf(sb, "%s ", f->data->id);
	dump_terms(sb, f->subjects);
	sb_addc(sb, ' ');
	dump_terms(sb, f->purposes);
	if (f->used_for && f->used_for->n) {
		sb_adds(sb, " used=");
		dump_terms(sb, f->used_for);
	}
	sb_addf(sb, " %s %s %s %s %s path=", f->tenant ? f->tenant->id : "-", f->service->id,
		f->region->id, f->country ? f->country->id : "-", mode_name(f->mode));
	const struct service *path[64];
	size_t n = fact_path(f, path, 64);
	for (size_t i = 0; i < n && i < 64; i++)
		sb_addf(sb, "%s%s", i ? ">" : "", path[i]->id);
	sb_addf(sb, " src=%u", (unsigned)f->source->line);
	const struct region_ref *pl = fact_place(f);
	if (pl && pl->region != f->region)
		sb_addf(sb, " in=%s", pl->region->id);
	if (f->suspended)
		sb_adds(sb, " SUSP");
	sb_addc(sb, '\n');
}

/* The whole factset as text; free() the result. */
static inline char *dump_facts(const struct factset *fs)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < fs->nfacts; i++)
		dump_fact(&sb, &fs->facts[i]);
	sb_addc(&sb, 0);
	sb.len--;
	return sb_detach(&sb);
}

/* "NL/location US/provider:azure IL/access" */
static inline char *dump_reach(const struct fact *f)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < f->nreach; i++) {
		const struct reach *r = &f->reach[i];
		sb_addf(&sb, "%s%s/%s", i ? " " : "", r->jur->id, reach_why_name(r->why));
		if (r->why == REACH_PROVIDER_HQ)
			sb_addf(&sb, ":%s", r->provider->id);
	}
	sb_addc(&sb, 0);
	sb.len--;
	return sb_detach(&sb);
}

#endif
