/*
 * subset: one selection for `graph` and `report` (see subset.h), so that
 * a filter draws and lists the same services.
 */
#include "engine/subset.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static bool named(const struct selector *sel, const struct service *sv)
{
	return !sel || selector_names_service(sel, sv);
}

void subset_select(struct subset *s, const struct model *m, const struct selector *sel,
		   const unsigned char *near, const struct factset *fs)
{
	memset(s, 0, sizeof *s);
	s->fact_keep = xcalloc(fs->nfacts + 1, 1);
	s->svc_keep = xcalloc(m->nservices + 1, 1);
	s->tenant_keep = xcalloc(m->ntenants + 1, 1);
	const struct service **path = xcalloc(m->nservices + 1, sizeof *path);
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (near && !near[f->service->index])
			continue;
		if (sel && !selector_match(m, sel, f))
			continue;
		s->fact_keep[i] = 1;
		s->tenant_keep[f->tenant->index] = 1;
		s->svc_keep[f->service->index] = 1;
		size_t n = fact_path(f, path, m->nservices);
		for (size_t k = 0; k < n; k++)
			if (!near || near[path[k]->index])
				s->svc_keep[path[k]->index] = 1;
	}
	free(path);
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *sv = m->services[i];
		if (named(sel, sv) && (!near || near[i]))
			s->svc_keep[i] = 1;
		if (s->svc_keep[i])
			s->tenant_keep[sv->tenant->index] = 1;
	}
	static const enum sel_key tenant_keys[] = { SEL_TENANTS, SEL_OWNERS, SEL_OPERATORS };
	for (size_t t = 0; sel && t < ARRAY_LEN(tenant_keys); t++)
		for (size_t k = 0; k < sel->n[tenant_keys[t]]; k++)
			s->tenant_keep[((const struct tenant *)
					sel->items[tenant_keys[t]][k])->index] = 1;
}

void subset_copy(struct subset *s, const struct factset *fs, const struct verdicts *v)
{
	/* new position of each kept fact, for remapping violations */
	size_t *at = xcalloc(fs->nfacts + 1, sizeof *at);
	s->fs.facts = xcalloc(fs->nfacts + 1, sizeof *s->fs.facts);
	s->fs.nranks[0] = fs->nranks[0];
	s->fs.nranks[1] = fs->nranks[1];
	for (size_t i = 0; i < fs->nfacts; i++) {
		if (!s->fact_keep[i])
			continue;
		at[i] = s->fs.nfacts;
		s->fs.facts[s->fs.nfacts++] = fs->facts[i];
	}
	/* disabled services that are kept stay listed as disabled */
	s->fs.disabled = xcalloc(fs->ndisabled + 1, sizeof *s->fs.disabled);
	for (size_t i = 0; i < fs->ndisabled; i++)
		if (s->svc_keep[fs->disabled[i]->index])
			s->fs.disabled[s->fs.ndisabled++] = fs->disabled[i];
	s->v.v = xcalloc(v->n + 1, sizeof *s->v.v);
	for (size_t i = 0; i < v->n; i++) {
		size_t fi = (size_t)(v->v[i].fact - fs->facts);
		if (!s->fact_keep[fi])
			continue;
		struct violation *x = &s->v.v[s->v.n++];
		*x = v->v[i];
		x->fact = &s->fs.facts[at[fi]];
		s->v.count[x->policy->severity]++;
	}
	free(at);
}

void subset_release(struct subset *s)
{
	free(s->fs.facts);
	free((void *)s->fs.disabled);
	free(s->v.v);
	free(s->fact_keep);
	free(s->svc_keep);
	free(s->tenant_keep);
}
