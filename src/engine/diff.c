/*
 * diff: what changed about residency between two inventories — facts
 * gained and lost, reach gained and lost, violations new and fixed,
 * services added, removed and moved — and the id-based comparisons of
 * facts and violations across two models that `impact` uses too.
 *
 * Everything is sort-and-merge: each side is sorted once by a key made of
 * ids, then walked in step, so a comparison is O(n log n) however large
 * the inventories are.
 */
#include "engine/diff.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* NULL sorts first. */
static int id_cmp(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

#define OBJ_ID(o) ((o) ? (o)->id : NULL)

int termset_id_cmp(const struct termset *a, const struct termset *b)
{
	size_t na = a ? a->n : 0, nb = b ? b->n : 0;
	size_t n = na < nb ? na : nb;
	for (size_t i = 0; i < n; i++) {
		int c = id_cmp(OBJ_ID(a->items[i]), OBJ_ID(b->items[i]));
		if (c)
			return c;
	}
	return (na > nb) - (na < nb);
}

/* Same order as fact_cmp inside one model (indexes follow ids). */
int fact_key_cmp(const struct fact *a, const struct fact *b)
{
	int c;
	if ((c = id_cmp(OBJ_ID(a->data), OBJ_ID(b->data))) ||
	    (c = id_cmp(OBJ_ID(a->country), OBJ_ID(b->country))) ||
	    (c = id_cmp(OBJ_ID(a->region), OBJ_ID(b->region))) ||
	    (c = id_cmp(OBJ_ID(a->tenant), OBJ_ID(b->tenant))) ||
	    (c = id_cmp(OBJ_ID(a->service), OBJ_ID(b->service))))
		return c;
	if (a->mode != b->mode)
		return a->mode < b->mode ? -1 : 1;
	if ((c = termset_id_cmp(a->subjects, b->subjects)))
		return c;
	if ((c = termset_id_cmp(a->purposes, b->purposes)))
		return c;
	return termset_id_cmp(a->used_for, b->used_for);
}

int violation_key_cmp(const struct violation *a, const struct violation *b)
{
	int c;
	if ((c = id_cmp(OBJ_ID(a->policy), OBJ_ID(b->policy))))
		return c;
	if ((c = fact_key_cmp(a->fact, b->fact)))
		return c;
	/* one deny_reach violation per fact: a reason gained or lost is
	 * new reach (see the reach lists), not a new violation */
	if (a->effect != b->effect)
		return a->effect < b->effect ? -1 : 1;
	return 0;
}

static int fact_key_qcmp(const void *a, const void *b)
{
	return fact_key_cmp(*(const struct fact *const *)a, *(const struct fact *const *)b);
}

static int violation_key_qcmp(const void *a, const void *b)
{
	return violation_key_cmp(*(const struct violation *const *)a,
				 *(const struct violation *const *)b);
}

static bool is_sorted(const void **v, size_t n, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		if (cmp(&v[i - 1], &v[i]) > 0)
			return false;
	return true;
}

/*
 * The generic sorted-merge set difference over arrays of pointers:
 * elements of a with no equal element in b go to oa, and the reverse.
 */
static void setdiff(const void **a, size_t na, const void **b, size_t nb,
		    int (*cmp)(const void *, const void *),
		    const void ***oa, size_t *noa, const void ***ob, size_t *nob)
{
	/* factsets and verdicts come sorted in this order already (indexes
	 * follow ids): checking is linear, sorting would not be */
	if (!is_sorted(a, na, cmp))
		xqsort(a, na, sizeof *a, cmp);
	if (!is_sorted(b, nb, cmp))
		xqsort(b, nb, sizeof *b, cmp);
	const void **ra = xcalloc(na + 1, sizeof *ra), **rb = xcalloc(nb + 1, sizeof *rb);
	size_t i = 0, j = 0, ka = 0, kb = 0;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : cmp(&a[i], &b[j]);
		if (c < 0) {
			ra[ka++] = a[i++];
		} else if (c > 0) {
			rb[kb++] = b[j++];
		} else {
			/* equal keys: skip every duplicate on both sides */
			const void *x = a[i];
			while (i < na && !cmp(&a[i], &x))
				i++;
			while (j < nb && !cmp(&b[j], &x))
				j++;
		}
	}
	*oa = ra;
	*noa = ka;
	*ob = rb;
	*nob = kb;
}

static const void **fact_ptrs(const struct factset *fs)
{
	const void **v = xcalloc(fs->nfacts + 1, sizeof *v);
	for (size_t i = 0; i < fs->nfacts; i++)
		v[i] = &fs->facts[i];
	return v;
}

void facts_setdiff(const struct factset *a, const struct factset *b,
		   const struct fact ***only_a, size_t *na,
		   const struct fact ***only_b, size_t *nb)
{
	const void **pa = fact_ptrs(a), **pb = fact_ptrs(b);
	setdiff(pa, a->nfacts, pb, b->nfacts, fact_key_qcmp,
		(const void ***)only_a, na, (const void ***)only_b, nb);
	free(pa);
	free(pb);
}

void verdicts_setdiff(const struct verdicts *a, const struct verdicts *b,
		      const struct violation ***only_a, size_t *na,
		      const struct violation ***only_b, size_t *nb)
{
	const void **pa = xcalloc(a->n + 1, sizeof *pa), **pb = xcalloc(b->n + 1, sizeof *pb);
	for (size_t i = 0; i < a->n; i++)
		pa[i] = &a->v[i];
	for (size_t i = 0; i < b->n; i++)
		pb[i] = &b->v[i];
	setdiff(pa, a->n, pb, b->n, violation_key_qcmp,
		(const void ***)only_a, na, (const void ***)only_b, nb);
	free(pa);
	free(pb);
}

void fact_what(struct strbuf *sb, const struct fact *f)
{
	sb_adds(sb, f->data ? f->data->id : "?");
	if (!f->subjects || !f->subjects->n)
		return;
	sb_adds(sb, " about ");
	for (size_t i = 0; i < f->subjects->n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, f->subjects->items[i]->id);
	}
}

void reach_how(struct strbuf *sb, const struct reach *r)
{
	switch (r->why) {
	case REACH_LOCATION:
		sb_adds(sb, "through its location");
		break;
	case REACH_PROVIDER_HQ:
		sb_addf(sb, "through provider %s", r->provider ? r->provider->id : "?");
		break;
	case REACH_ACCESS:
		sb_adds(sb, "through remote access");
		break;
	}
}

/* Reach identity: data, subjects, jurisdiction, why, provider. */
static int reach_item_cmp(const void *pa, const void *pb)
{
	const struct reach_item *a = pa, *b = pb;
	int c;
	if ((c = id_cmp(OBJ_ID(a->fact->data), OBJ_ID(b->fact->data))) ||
	    (c = termset_id_cmp(a->fact->subjects, b->fact->subjects)) ||
	    (c = id_cmp(OBJ_ID(a->reach->jur), OBJ_ID(b->reach->jur))))
		return c;
	if (a->reach->why != b->reach->why)
		return a->reach->why < b->reach->why ? -1 : 1;
	const struct provider *x = a->reach->why == REACH_PROVIDER_HQ ? a->reach->provider : NULL;
	const struct provider *y = b->reach->why == REACH_PROVIDER_HQ ? b->reach->provider : NULL;
	return id_cmp(OBJ_ID(x), OBJ_ID(y));
}

/* Every distinct reach of fs, sorted by reach_item_cmp; the fact kept is
 * the first in key order, so the choice is stable. */
static struct reach_item *reach_items(const struct factset *fs, size_t *n)
{
	size_t total = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		total += fs->facts[i].nreach;
	struct reach_item *v = xcalloc(total + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		for (size_t r = 0; r < fs->facts[i].nreach; r++) {
			v[k].fact = &fs->facts[i];
			v[k++].reach = &fs->facts[i].reach[r];
		}
	xqsort(v, k, sizeof *v, reach_item_cmp);
	size_t u = 0;
	for (size_t i = 0; i < k; i++) {
		if (u && !reach_item_cmp(&v[u - 1], &v[i])) {
			if (fact_key_cmp(v[i].fact, v[u - 1].fact) < 0)
				v[u - 1] = v[i];
			continue;
		}
		v[u++] = v[i];
	}
	*n = u;
	return v;
}

static void reach_diff(struct diff *df)
{
	size_t no, nn;
	struct reach_item *o = reach_items(df->ofs, &no), *n = reach_items(df->nfs, &nn);
	df->reach_lost = xcalloc(no + 1, sizeof *df->reach_lost);
	df->reach_gained = xcalloc(nn + 1, sizeof *df->reach_gained);
	size_t i = 0, j = 0;
	while (i < no || j < nn) {
		int c = i >= no ? 1 : j >= nn ? -1 : reach_item_cmp(&o[i], &n[j]);
		if (c < 0)
			df->reach_lost[df->nreach_lost++] = o[i++];
		else if (c > 0)
			df->reach_gained[df->nreach_gained++] = n[j++];
		else
			i++, j++;
	}
	free(o);
	free(n);
}

static int cmp_region_id(const void *a, const void *b)
{
	const struct region *x = *(const struct region *const *)a;
	const struct region *y = *(const struct region *const *)b;
	return id_cmp(OBJ_ID(x), OBJ_ID(y));
}

static int cmp_jur_id(const void *a, const void *b)
{
	const struct jur *x = *(const struct jur *const *)a;
	const struct jur *y = *(const struct jur *const *)b;
	return id_cmp(OBJ_ID(x), OBJ_ID(y));
}

/* The distinct own regions of v, sorted by id (caller frees). */
static const struct region **sorted_regions(const struct service *v, size_t *n)
{
	const struct region **r = xcalloc(v->nregions + 1, sizeof *r);
	size_t k = 0;
	for (size_t i = 0; i < v->nregions; i++)
		if (v->regions[i].region)
			r[k++] = v->regions[i].region;
	xqsort(r, k, sizeof *r, cmp_region_id);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || r[u - 1] != r[i])
			r[u++] = r[i];
	*n = u;
	return r;
}

static bool same_countries(const struct region **a, size_t na, const struct region **b, size_t nb)
{
	const struct jur **ca = xcalloc(na + 1, sizeof *ca), **cb = xcalloc(nb + 1, sizeof *cb);
	for (size_t i = 0; i < na; i++)
		ca[i] = a[i]->country;
	for (size_t i = 0; i < nb; i++)
		cb[i] = b[i]->country;
	xqsort(ca, na, sizeof *ca, cmp_jur_id);
	xqsort(cb, nb, sizeof *cb, cmp_jur_id);
	size_t i = 0, j = 0;
	bool same = true;
	while (same && (i < na || j < nb)) {
		if (i >= na || j >= nb || id_cmp(OBJ_ID(ca[i]), OBJ_ID(cb[j]))) {
			same = false;
			break;
		}
		/* skip repeats of this country on both sides */
		const struct jur *x = ca[i];
		while (i < na && !id_cmp(OBJ_ID(ca[i]), OBJ_ID(x)))
			i++;
		while (j < nb && !id_cmp(OBJ_ID(cb[j]), OBJ_ID(x)))
			j++;
	}
	free(ca);
	free(cb);
	return same;
}

static void service_diff(struct diff *df)
{
	const struct model *o = df->old, *n = df->new;
	df->svc_added = xcalloc(n->nservices + 1, sizeof *df->svc_added);
	df->svc_removed = xcalloc(o->nservices + 1, sizeof *df->svc_removed);
	size_t cap = o->nservices < n->nservices ? o->nservices : n->nservices;
	df->moved = xcalloc(cap + 1, sizeof *df->moved);
	/* both arrays are sorted by id (model_finalize) */
	size_t i = 0, j = 0;
	while (i < o->nservices || j < n->nservices) {
		int c = i >= o->nservices ? 1 : j >= n->nservices ? -1 :
			strcmp(o->services[i]->id, n->services[j]->id);
		if (c < 0) {
			df->svc_removed[df->nsvc_removed++] = o->services[i++];
			continue;
		}
		if (c > 0) {
			df->svc_added[df->nsvc_added++] = n->services[j++];
			continue;
		}
		const struct service *a = o->services[i++], *b = n->services[j++];
		size_t na, nb;
		const struct region **ra = sorted_regions(a, &na), **rb = sorted_regions(b, &nb);
		bool same = na == nb;
		for (size_t k = 0; same && k < na; k++)
			same = !strcmp(ra[k]->id, rb[k]->id);
		if (!same) {
			struct svc_move *mv = &df->moved[df->nmoved++];
			mv->old = a;
			mv->new = b;
			mv->border = !same_countries(ra, na, rb, nb);
		}
		free(ra);
		free(rb);
	}
}

static void tenant_diff(struct diff *df)
{
	const struct model *o = df->old, *n = df->new;
	df->tenants = xcalloc(o->ntenants + 1, sizeof *df->tenants);
	size_t i = 0, j = 0;
	while (i < o->ntenants && j < n->ntenants) {
		int c = strcmp(o->tenants[i]->id, n->tenants[j]->id);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			if (o->tenants[i]->status != n->tenants[j]->status) {
				df->tenants[df->ntenants].old = o->tenants[i];
				df->tenants[df->ntenants++].new = n->tenants[j];
			}
			i++, j++;
		}
	}
}

struct diff *diff_compute(const struct model *old, const struct model *new)
{
	struct diff *df = xcalloc(1, sizeof *df);
	df->old = old;
	df->new = new;
	df->ofs = facts_derive(old);
	df->nfs = facts_derive(new);
	df->ov = policy_evaluate(old, df->ofs);
	df->nv = policy_evaluate(new, df->nfs);
	facts_setdiff(df->ofs, df->nfs, &df->removed, &df->nremoved, &df->added, &df->nadded);
	verdicts_setdiff(df->ov, df->nv, &df->vfixed, &df->nvfixed, &df->vnew, &df->nvnew);
	reach_diff(df);
	service_diff(df);
	tenant_diff(df);
	return df;
}

void diff_free(struct diff *df)
{
	if (!df)
		return;
	free(df->added);
	free(df->removed);
	free(df->reach_gained);
	free(df->reach_lost);
	free(df->vnew);
	free(df->vfixed);
	free(df->svc_added);
	free(df->svc_removed);
	free(df->moved);
	free(df->tenants);
	verdicts_free(df->ov);
	verdicts_free(df->nv);
	factset_free(df->ofs);
	factset_free(df->nfs);
	free(df);
}

bool diff_empty(const struct diff *df)
{
	return !df->nadded && !df->nremoved && !df->nreach_gained && !df->nreach_lost &&
	       !df->nvnew && !df->nvfixed && !df->nsvc_added && !df->nsvc_removed &&
	       !df->nmoved && !df->ntenants;
}

size_t diff_new_at_least(const struct diff *df, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < df->nvnew; i++)
		if (df->vnew[i]->policy && df->vnew[i]->policy->severity >= sev)
			n++;
	return n;
}

/* ---- shared output helpers --------------------------------------------- */

const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void fact_line(struct strbuf *sb, const struct fact *f)
{
	fact_what(sb, f);
	if (f->tenant)
		sb_addf(sb, " of %s", f->tenant->id);
	const char *svc = f->service ? f->service->id : "?";
	const char *reg = f->region ? f->region->id : "?";
	const char *cc = f->country ? f->country->id : "?";
	if (f->mode == MODE_ACCESSED)
		sb_addf(sb, ": accessed from %s through %s in %s", cc, svc, reg);
	else
		sb_addf(sb, ": %s by %s in %s (%s)", mode_name(f->mode), svc, reg, cc);
}

static int dc_cmp(const struct fact *a, const struct fact *b)
{
	int c = id_cmp(OBJ_ID(a->data), OBJ_ID(b->data));
	return c ? c : id_cmp(OBJ_ID(a->country), OBJ_ID(b->country));
}

struct dc_count *dc_counts(const struct fact *const *added, size_t nadded,
			   const struct fact *const *removed, size_t nremoved, size_t *n)
{
	struct dc_count *v = xcalloc(nadded + nremoved + 1, sizeof *v);
	size_t k = 0, i = 0, j = 0;
	while (i < nadded || j < nremoved) {
		const struct fact *f;
		int c = i >= nadded ? 1 : j >= nremoved ? -1 : dc_cmp(added[i], removed[j]);
		f = c <= 0 ? added[i] : removed[j];
		struct dc_count *d = &v[k++];
		d->data = f->data;
		d->country = f->country;
		while (i < nadded && !dc_cmp(added[i], f))
			d->added++, i++;
		while (j < nremoved && !dc_cmp(removed[j], f))
			d->removed++, j++;
	}
	*n = k;
	return v;
}
