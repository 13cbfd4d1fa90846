/*
 * impact: what-if analysis. Switching off tenants, services, regions,
 * providers or countries is applied to a copy of the model made with the
 * builders (the original stays read-only and the engine unchanged); facts
 * and verdicts of both are compared by ids. On top of that comparison
 * come what a briefing needs: which services stop, which lose a
 * dependency and through which chain, which of a tenant's data
 * categories lose copies and whether any copy is left.
 *
 * Every step is linear or sort-based: the copy is one pass per object
 * kind, dependency loss is one breadth-first search over the reversed
 * dependency graph from all stopped services at once.
 */
#include "engine/impact.h"

#include <stdlib.h>
#include <string.h>

#include "engine/diff.h"
#include "base/suggest.h"
#include "base/util.h"

static const char *const spec_names[SPEC__COUNT] = {
	"tenant", "service", "region", "provider", "country"
};

const char *spec_kind_name(enum spec_kind k)
{
	return spec_names[k];
}

/* The ids of one kind of object, for lookups and suggestions. */
static const void *spec_find(const struct model *m, enum spec_kind k, const char *id)
{
	switch (k) {
	case SPEC_TENANT: return model_find_tenant(m, id);
	case SPEC_SERVICE: return model_find_service(m, id);
	case SPEC_REGION: return model_find_region(m, id);
	case SPEC_PROVIDER: return model_find_provider(m, id);
	case SPEC_COUNTRY: return model_find_jur(m, id);
	case SPEC__COUNT: break;
	}
	return NULL;
}

static void spec_suggest(const struct model *m, enum spec_kind k, struct suggest *s)
{
	switch (k) {
	case SPEC_TENANT:
		for (size_t i = 0; i < m->ntenants; i++)
			suggest_add(s, m->tenants[i]->id);
		break;
	case SPEC_SERVICE:
		for (size_t i = 0; i < m->nservices; i++)
			suggest_add(s, m->services[i]->id);
		break;
	case SPEC_REGION:
		for (size_t i = 0; i < m->nregions; i++)
			suggest_add(s, m->regions[i]->id);
		break;
	case SPEC_PROVIDER:
		for (size_t i = 0; i < m->nproviders; i++)
			suggest_add(s, m->providers[i]->id);
		break;
	case SPEC_COUNTRY:
		for (size_t i = 0; i < m->njurs; i++)
			suggest_add(s, m->jurs[i]->id);
		break;
	case SPEC__COUNT:
		break;
	}
}

/* The kind that has id, in spec order, or -1. */
static int spec_kind_of(const struct model *m, const char *id)
{
	for (int k = 0; k < SPEC__COUNT; k++)
		if (spec_find(m, (enum spec_kind)k, id))
			return k;
	return -1;
}

/*
 * "; did you mean 'KIND:ID'?" for an argument whose kind is missing or
 * misspelt: the whole argument as the id of some kind ("imod",
 * "azure:westeurope"), else a near kind before the colon ("tennant:imod").
 */
static void spec_retype(struct strbuf *sb, const struct model *m, const char *arg,
			const char *colon)
{
	int k = spec_kind_of(m, arg);
	if (k >= 0) {
		sb_addf(sb, "; did you mean '%s:%s'?", spec_names[k], arg);
		return;
	}
	if (!colon)
		return;
	char *kind = xstrndup(arg, (size_t)(colon - arg));
	struct suggest s;
	suggest_init(&s, kind);
	for (int i = 0; i < SPEC__COUNT; i++)
		suggest_add(&s, spec_names[i]);
	if (suggest_best(&s))
		sb_addf(sb, "; did you mean '%s%s'?", suggest_best(&s), colon);
	free(kind);
}

/* "; did you mean ..." for an id its kind does not have: a near id of
 * that kind, a place by name (regions, countries), or the same id under
 * the kind that has it ("service:imod" for tenant imod). */
static void spec_unknown(struct strbuf *sb, const struct model *m, enum spec_kind kind,
			 const char *id)
{
	if (kind == SPEC_REGION || kind == SPEC_COUNTRY) {
		if (suggest_place(sb, m, id, kind == SPEC_REGION ? SUGGEST_REGIONS :
				  SUGGEST_COUNTRIES | SUGGEST_GROUPS))
			return;
	} else {
		struct suggest s;
		suggest_init(&s, id);
		spec_suggest(m, kind, &s);
		if (suggest_best(&s)) {
			sb_addf(sb, "; did you mean '%s'?", suggest_best(&s));
			return;
		}
	}
	int k = spec_kind_of(m, id);
	if (k >= 0)
		sb_addf(sb, "; did you mean '%s:%s'?", spec_names[k], id);
}

int impact_spec_parse(const struct model *m, const char *arg, struct impact_spec *out,
		      struct diag *d)
{
	/* region ids hold a colon themselves: split at the first one */
	const char *colon = strchr(arg, ':');
	int kind = -1;
	if (colon)
		for (int k = 0; k < SPEC__COUNT; k++)
			if (strlen(spec_names[k]) == (size_t)(colon - arg) &&
			    !strncmp(arg, spec_names[k], (size_t)(colon - arg)))
				kind = k;
	if (kind < 0) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "cannot read --disable '%s': expected tenant:ID, "
			"service:ID, region:ID, provider:ID or country:CC", arg);
		spec_retype(&sb, m, arg, colon);
		diag_msg(d, DIAG_ERROR, "%s", sb.buf);
		sb_release(&sb);
		return -1;
	}
	const char *id = colon + 1;
	const void *obj = spec_find(m, (enum spec_kind)kind, id);
	if (!obj) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "unknown %s '%s'", spec_names[kind], id);
		spec_unknown(&sb, m, (enum spec_kind)kind, id);
		diag_msg(d, DIAG_ERROR, "%s", sb.buf);
		sb_release(&sb);
		return -1;
	}
	out->kind = (enum spec_kind)kind;
	out->obj = obj;
	/* the object's own id is interned in the model and outlives arg */
	switch (out->kind) {
	case SPEC_TENANT: out->id = ((const struct tenant *)obj)->id; break;
	case SPEC_SERVICE: out->id = ((const struct service *)obj)->id; break;
	case SPEC_REGION: out->id = ((const struct region *)obj)->id; break;
	case SPEC_PROVIDER: out->id = ((const struct provider *)obj)->id; break;
	case SPEC_COUNTRY: out->id = ((const struct jur *)obj)->id; break;
	case SPEC__COUNT: break;
	}
	return 0;
}

/* ---- the copy ---------------------------------------------------------- */

/* Old object (by index) to its copy; NULL for a service left out. */
struct copier {
	const struct model *m;
	struct model *v;
	const struct impact_mask *mask;
	struct provider **prov;
	struct region **reg;
	struct jur **jur;
	struct term **data, **subj, **purp;
	struct tenant **ten;
	struct service **svc;
	struct policy **pol;
};

#define MAP(arr, o) ((o) ? (arr)[(o)->index] : NULL)

static bool gone(const struct impact_mask *mask, const struct region *r)
{
	return r && mask->region_gone && mask->region_gone[r->index];
}

/* Off by the mask: named, or every one of its regions gone. */
static bool service_off(const struct impact_mask *mask, const struct service *s)
{
	if (mask->service_off && mask->service_off[s->index])
		return true;
	if (!s->nregions)
		return false;
	for (size_t i = 0; i < s->nregions; i++)
		if (!s->regions[i].region || !gone(mask, s->regions[i].region))
			return false;
	return true;
}

static struct term **map_terms(struct copier *c, struct term **map, struct term *const *t, size_t n)
{
	struct term **r = model_alloc(c->v, (n + 1) * sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = MAP(map, t[i]);
	return r;
}

static void copy_objects(struct copier *c)
{
	const struct model *m = c->m;
	struct model *v = c->v;
	for (size_t i = 0; i < m->nproviders; i++) {
		const struct provider *p = m->providers[i];
		struct provider *q = c->prov[i] = model_add_provider(v, p->id, p->pos);
		q->builtin = p->builtin;
		q->name = p->name;
		q->laws = p->laws;
		q->nlaws = p->nlaws;
	}
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		struct jur *k = c->jur[i] = model_add_jur(v, j->id, j->pos, j->is_group);
		k->builtin = j->builtin;
		k->name = j->name;
	}
	for (size_t i = 0; i < m->nregions; i++) {
		const struct region *r = m->regions[i];
		struct region *s = c->reg[i] = model_add_region(v, r->id, r->pos);
		s->builtin = r->builtin;
		s->name = r->name;
		s->city = r->city;
	}
	struct { struct term *const *from; size_t n; struct term **to;
		 struct term *(*add)(struct model *, const char *, struct pos); } kinds[] = {
		{ m->data, m->ndata, c->data, model_add_data },
		{ m->subjects, m->nsubjects, c->subj, model_add_subject },
		{ m->purposes, m->npurposes, c->purp, model_add_purpose },
	};
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
		for (size_t i = 0; i < kinds[k].n; i++) {
			const struct term *t = kinds[k].from[i];
			struct term *u = kinds[k].to[i] = kinds[k].add(v, t->id, t->pos);
			u->builtin = t->builtin;
			u->implied = t->implied;
			u->name = t->name;
			u->description = t->description;
			u->sensitivity = t->sensitivity;
		}
	for (size_t i = 0; i < m->ntenants; i++) {
		const struct tenant *t = m->tenants[i];
		struct tenant *u = c->ten[i] = model_add_tenant(v, t->id, t->pos);
		u->builtin = t->builtin;
		u->name = t->name;
		u->status = t->status;
	}
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (service_off(c->mask, s))
			continue;
		struct service *u = c->svc[i] = model_add_service(v, s->id, s->pos);
		u->builtin = s->builtin;
		u->name = s->name;
		u->kind = s->kind;
		u->redundancy = s->redundancy;
		u->redundancy_pos = s->redundancy_pos;
	}
	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		struct policy *q = c->pol[i] = model_add_policy(v, p->id, p->pos);
		q->builtin = p->builtin;
		q->description = p->description;
		q->severity = p->severity;
		q->deny = p->deny;
		q->deny_pos = p->deny_pos;
		q->has_except = p->has_except;
		q->has_allow_in = p->has_allow_in;
		q->allow_in_pos = p->allow_in_pos;
		q->deny_reach_pos = p->deny_reach_pos;
	}
}

static void copy_selector(struct copier *c, struct selector *to, const struct selector *from)
{
	*to = *from;
	for (int k = 0; k < SEL__COUNT; k++) {
		if (!from->has[k] || k == SEL_KINDS || k == SEL_MODES)
			continue;
		const void **items = model_alloc(c->v, (from->n[k] + 1) * sizeof *items);
		size_t n = 0;
		for (size_t i = 0; i < from->n[k]; i++) {
			const void *o = from->items[k][i];
			const void *p = NULL;
			switch ((enum sel_key)k) {
			case SEL_DATA: p = MAP(c->data, (const struct term *)o); break;
			case SEL_SUBJECTS: p = MAP(c->subj, (const struct term *)o); break;
			case SEL_PURPOSES: p = MAP(c->purp, (const struct term *)o); break;
			case SEL_TENANTS:
			case SEL_OWNERS:
			case SEL_OPERATORS: p = MAP(c->ten, (const struct tenant *)o); break;
			case SEL_SERVICES: p = MAP(c->svc, (const struct service *)o); break;
			case SEL_PROVIDERS: p = MAP(c->prov, (const struct provider *)o); break;
			case SEL_REGIONS: p = MAP(c->reg, (const struct region *)o); break;
			case SEL_COUNTRIES:
			case SEL_JURISDICTIONS:
			case SEL_REACH:
			case SEL_SUBJECT_JURS: p = MAP(c->jur, (const struct jur *)o); break;
			case SEL_KINDS: case SEL_MODES: case SEL__COUNT: break;
			}
			/* a service switched off matches no fact any more: drop it,
			 * which keeps the key present and so still restrictive */
			if (!p && o && k == SEL_SERVICES)
				continue;
			items[n++] = p;
		}
		to->items[k] = items;
		to->n[k] = n;
	}
}

static void copy_links(struct copier *c)
{
	const struct model *m = c->m;
	struct model *v = c->v;
	for (size_t i = 0; i < m->nproviders; i++)
		c->prov[i]->hq = MAP(c->jur, m->providers[i]->hq);
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		struct jur *k = c->jur[i];
		k->members = model_alloc(v, (j->nmembers + 1) * sizeof *k->members);
		for (size_t e = 0; e < j->nmembers; e++)
			k->members[e] = MAP(c->jur, j->members[e]);
		k->nmembers = j->nmembers;
	}
	for (size_t i = 0; i < m->nregions; i++) {
		const struct region *r = m->regions[i];
		struct region *s = c->reg[i];
		s->provider = MAP(c->prov, r->provider);
		s->operator = MAP(c->prov, r->operator);
		s->country = MAP(c->jur, r->country);
		/* a pair that is gone takes no geo-redundant replica */
		s->pair = gone(c->mask, r->pair) ? NULL : MAP(c->reg, r->pair);
		/* a multi-region keeps the members that are left (global ones
		 * too: they are not filled again, gone regions stay out) */
		s->members = model_alloc(v, (r->nmembers + 1) * sizeof *s->members);
		s->nmembers = 0;
		for (size_t e = 0; e < r->nmembers; e++)
			if (!gone(c->mask, r->members[e].region)) {
				s->members[s->nmembers] = r->members[e];
				s->members[s->nmembers++].region = MAP(c->reg, r->members[e].region);
			}
	}
	for (size_t i = 0; i < m->nsubjects; i++)
		c->subj[i]->jurisdiction = MAP(c->jur, m->subjects[i]->jurisdiction);
	for (size_t i = 0; i < m->ntenants; i++)
		c->ten[i]->country = MAP(c->jur, m->tenants[i]->country);

	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		struct service *u = c->svc[i];
		if (!u)
			continue;
		u->tenant = MAP(c->ten, s->tenant);
		u->regions = model_alloc(v, (s->nregions + 1) * sizeof *u->regions);
		for (size_t e = 0; e < s->nregions; e++)
			if (!gone(c->mask, s->regions[e].region)) {
				u->regions[u->nregions] = s->regions[e];
				u->regions[u->nregions++].region = MAP(c->reg, s->regions[e].region);
			}
		u->replicas = model_alloc(v, (s->nreplicas + 1) * sizeof *u->replicas);
		for (size_t e = 0; e < s->nreplicas; e++)
			if (!gone(c->mask, s->replicas[e].region)) {
				u->replicas[u->nreplicas] = s->replicas[e];
				u->replicas[u->nreplicas++].region = MAP(c->reg, s->replicas[e].region);
			}
		u->access_from = model_alloc(v, (s->naccess_from + 1) * sizeof *u->access_from);
		for (size_t e = 0; e < s->naccess_from; e++) {
			u->access_from[e] = s->access_from[e];
			u->access_from[e].jur = MAP(c->jur, s->access_from[e].jur);
		}
		u->naccess_from = s->naccess_from;
		u->stores = model_alloc(v, (s->nstores + 1) * sizeof *u->stores);
		for (size_t e = 0; e < s->nstores; e++) {
			const struct store *a = &s->stores[e];
			struct store *b = &u->stores[e];
			*b = *a;
			b->data = map_terms(c, c->data, a->data, a->ndata);
			b->subjects = map_terms(c, c->subj, a->subjects, a->nsubjects);
			b->purposes = map_terms(c, c->purp, a->purposes, a->npurposes);
		}
		u->nstores = s->nstores;
		u->deps = model_alloc(v, (s->ndeps + 1) * sizeof *u->deps);
		for (size_t e = 0; e < s->ndeps; e++) {
			const struct dep *a = &s->deps[e];
			if (a->to && !c->svc[a->to->index])
				continue;       /* a dependency on a service switched off */
			struct dep *b = &u->deps[u->ndeps++];
			*b = *a;
			b->to = MAP(c->svc, a->to);
			b->sends = map_terms(c, c->data, a->sends, a->nsends);
			b->receives = map_terms(c, c->data, a->receives, a->nreceives);
		}
		u->purposes = map_terms(c, c->purp, s->purposes, s->npurposes);
		u->npurposes = s->npurposes;
	}

	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		struct policy *q = c->pol[i];
		copy_selector(c, &q->match, &p->match);
		copy_selector(c, &q->except, &p->except);
		q->allow_in = model_alloc(v, (p->nallow_in + 1) * sizeof *q->allow_in);
		for (size_t e = 0; e < p->nallow_in; e++) {
			const struct place *a = &p->allow_in[e];
			struct place *b = &q->allow_in[e];
			*b = *a;
			switch (a->type) {
			case PLACE_REGION: b->u.region = MAP(c->reg, a->u.region); break;
			case PLACE_JUR: b->u.jur = MAP(c->jur, a->u.jur); break;
			case PLACE_PROVIDER: b->u.provider = MAP(c->prov, a->u.provider); break;
			}
		}
		q->nallow_in = p->nallow_in;
		q->deny_reach = model_alloc(v, (p->ndeny_reach + 1) * sizeof *q->deny_reach);
		for (size_t e = 0; e < p->ndeny_reach; e++) {
			q->deny_reach[e] = p->deny_reach[e];
			q->deny_reach[e].jur = MAP(c->jur, p->deny_reach[e].jur);
		}
		q->ndeny_reach = p->ndeny_reach;
	}
}

/* The view, and sel (when given) copied into vsel for it. */
static struct model *view_of(const struct model *m, const struct impact_mask *mask,
			     const struct selector *sel, struct selector *vsel)
{
	struct copier c = { .m = m, .mask = mask };
	c.v = model_new();
	c.v->version = m->version;
	c.v->catalog_version = m->catalog_version;
	c.prov = xcalloc(m->nproviders + 1, sizeof *c.prov);
	c.reg = xcalloc(m->nregions + 1, sizeof *c.reg);
	c.jur = xcalloc(m->njurs + 1, sizeof *c.jur);
	c.data = xcalloc(m->ndata + 1, sizeof *c.data);
	c.subj = xcalloc(m->nsubjects + 1, sizeof *c.subj);
	c.purp = xcalloc(m->npurposes + 1, sizeof *c.purp);
	c.ten = xcalloc(m->ntenants + 1, sizeof *c.ten);
	c.svc = xcalloc(m->nservices + 1, sizeof *c.svc);
	c.pol = xcalloc(m->npolicies + 1, sizeof *c.pol);
	copy_objects(&c);
	copy_links(&c);
	if (sel)
		copy_selector(&c, vsel, sel);
	/* the original finalized cleanly, so the copy cannot fail: every term
	 * (implied parents too) and group is already there */
	struct diag d;
	diag_init(&d, stderr);
	if (model_finalize(c.v, &d) < 0)
		die("impact: copy of the model does not finalize");
	diag_release(&d);
	free(c.prov);
	free(c.reg);
	free(c.jur);
	free(c.data);
	free(c.subj);
	free(c.purp);
	free(c.ten);
	free(c.svc);
	free(c.pol);
	return c.v;
}

struct model *impact_view(const struct model *m, const struct impact_mask *mask)
{
	return view_of(m, mask, NULL, NULL);
}

/* Keeps the facts that sel matches, in order. A policy judges each fact
 * on its own, so the verdicts over what is kept are the violations of
 * the kept facts. */
static void keep_matching(const struct model *m, struct factset *fs, const struct selector *sel)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		if (selector_match(m, sel, &fs->facts[i]))
			fs->facts[n++] = fs->facts[i];
	fs->nfacts = n;
}

/* ---- the comparison ---------------------------------------------------- */

static bool already_disabled(const struct service *s)
{
	return s->tenant && s->tenant->status == TENANT_DISABLED;
}

static int cmp_region_id(const void *a, const void *b)
{
	return strcmp((*(const struct region *const *)a)->id, (*(const struct region *const *)b)->id);
}

/* Sorts and removes repeats; returns the new count. */
static size_t uniq_regions(const struct region **r, size_t n)
{
	xqsort(r, n, sizeof *r, cmp_region_id);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || r[u - 1] != r[i])
			r[u++] = r[i];
	return u;
}

/* Marks regions and services; spec_of_region[r] = first spec removing r. */
static void build_mask(struct impact *im, struct impact_mask *mask, int *spec_of_region)
{
	const struct model *m = im->m;
	for (size_t i = 0; i < m->nregions; i++)
		spec_of_region[i] = -1;
	for (size_t k = 0; k < im->nspecs; k++) {
		const struct impact_spec *sp = &im->specs[k];
		for (size_t i = 0; i < m->nregions && sp->kind >= SPEC_REGION; i++) {
			const struct region *r = m->regions[i];
			bool hit = false;
			if (sp->kind == SPEC_REGION)
				hit = r == sp->obj;
			else if (sp->kind == SPEC_PROVIDER)
				hit = r->provider == sp->obj || r->operator == sp->obj;
			else
				hit = model_jur_contains(m, sp->obj, r->country);
			if (hit && !mask->region_gone[i]) {
				mask->region_gone[i] = true;
				spec_of_region[i] = (int)k;
			}
		}
		if (sp->kind == SPEC_SERVICE)
			mask->service_off[((const struct service *)sp->obj)->index] = true;
	}
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		for (size_t k = 0; k < im->nspecs; k++)
			if (im->specs[k].kind == SPEC_TENANT && s->tenant == im->specs[k].obj)
				mask->service_off[i] = true;
	}
}

static void list_off(struct impact *im, const struct impact_mask *mask, const int *spec_of_region)
{
	const struct model *m = im->m;
	im->off = arena_alloc(&im->arena, (m->nservices + 1) * sizeof *im->off);
	im->shrunk = arena_alloc(&im->arena, (m->nservices + 1) * sizeof *im->shrunk);
	const struct region **tmp = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (already_disabled(s))
			continue;
		if (service_off(mask, s)) {
			struct off_service *o = &im->off[im->noff++];
			o->service = s;
			for (size_t k = 0; k < im->nspecs && !o->spec; k++) {
				const struct impact_spec *sp = &im->specs[k];
				if (sp->kind == SPEC_SERVICE && sp->obj == s) {
					o->why = OFF_NAMED;
					o->spec = sp;
				}
			}
			for (size_t k = 0; k < im->nspecs && !o->spec; k++) {
				const struct impact_spec *sp = &im->specs[k];
				if (sp->kind == SPEC_TENANT && sp->obj == s->tenant) {
					o->why = OFF_TENANT;
					o->spec = sp;
				}
			}
			if (!o->spec) {
				int first = -1;
				for (size_t e = 0; e < s->nregions; e++) {
					int k = s->regions[e].region ?
						spec_of_region[s->regions[e].region->index] : -1;
					if (k >= 0 && (first < 0 || k < first))
						first = k;
				}
				o->why = OFF_REGIONS;
				o->spec = first >= 0 ? &im->specs[first] : NULL;
			}
			continue;
		}
		/* still running: which of its regions, replicas and geo pairs go */
		size_t n = 0, max = s->nregions * 2 + s->nreplicas;
		tmp = xgrow(tmp, &cap, max + 1, sizeof *tmp);
		for (size_t e = 0; e < s->nregions; e++) {
			const struct region *r = s->regions[e].region;
			if (gone(mask, r))
				tmp[n++] = r;
			if (r && s->redundancy == RED_GEO && gone(mask, r->pair))
				tmp[n++] = r->pair;
		}
		for (size_t e = 0; e < s->nreplicas; e++)
			if (gone(mask, s->replicas[e].region))
				tmp[n++] = s->replicas[e].region;
		if (!n)
			continue;
		n = uniq_regions(tmp, n);
		struct shrunk_service *sh = &im->shrunk[im->nshrunk++];
		sh->service = s;
		sh->lost = arena_memdup(&im->arena, tmp, n * sizeof *tmp);
		sh->nlost = n;
	}
	free(tmp);
}

/*
 * Multi-source BFS from every stopped service over reversed depends_on
 * edges: each running service reached gets the neighbour it was reached
 * from, so following `next` gives a shortest chain to a stopped service.
 */
static void dependency_loss(struct impact *im, const struct impact_mask *mask)
{
	const struct model *m = im->m;
	size_t n = m->nservices;
	size_t *start = xcalloc(n + 2, sizeof *start);
	for (size_t i = 0; i < n; i++)
		for (size_t e = 0; e < m->services[i]->ndeps; e++)
			if (m->services[i]->deps[e].to)
				start[m->services[i]->deps[e].to->index + 2]++;
	for (size_t i = 2; i < n + 2; i++)
		start[i] += start[i - 1];
	/* start[t + 1] is now where the in-edges of t go while filling */
	size_t nedges = start[n + 1];
	uint32_t *from = xcalloc(nedges + 1, sizeof *from);
	for (size_t i = 0; i < n; i++)
		for (size_t e = 0; e < m->services[i]->ndeps; e++)
			if (m->services[i]->deps[e].to)
				from[start[m->services[i]->deps[e].to->index + 1]++] = (uint32_t)i;

	int64_t *next = xcalloc(n + 1, sizeof *next);
	uint32_t *queue = xcalloc(n + 1, sizeof *queue);
	size_t qh = 0, qt = 0;
	for (size_t i = 0; i < n; i++) {
		next[i] = -2;           /* not reached */
		if (!already_disabled(m->services[i]) && service_off(mask, m->services[i])) {
			next[i] = -1;   /* a source: stopped */
			queue[qt++] = (uint32_t)i;
		}
	}
	while (qh < qt) {
		uint32_t u = queue[qh++];
		for (size_t e = start[u]; e < start[u + 1]; e++) {
			uint32_t s = from[e];
			if (next[s] != -2 || already_disabled(m->services[s]))
				continue;
			next[s] = u;
			queue[qt++] = s;
		}
	}
	im->deploss = arena_alloc(&im->arena, (n + 1) * sizeof *im->deploss);
	for (size_t i = 0; i < n; i++) {
		if (next[i] < 0)
			continue;
		size_t len = 1;
		for (int64_t k = next[i]; k >= 0; k = next[k])
			len++;
		struct dep_loss *dl = &im->deploss[im->ndeploss++];
		dl->chain = arena_alloc(&im->arena, len * sizeof *dl->chain);
		dl->n = 0;
		dl->chain[dl->n++] = m->services[i];
		for (int64_t k = next[i]; k >= 0; k = next[k])
			dl->chain[dl->n++] = m->services[k];
	}
	free(start);
	free(from);
	free(next);
	free(queue);
}

static int tenant_data_cmp(const struct fact *a, const struct fact *b)
{
	const char *ta = a->tenant ? a->tenant->id : "", *tb = b->tenant ? b->tenant->id : "";
	int c = strcmp(ta, tb);
	if (c)
		return c;
	return strcmp(a->data->id, b->data->id);
}

static int copy_qcmp(const void *pa, const void *pb)
{
	const struct fact *a = *(const struct fact *const *)pa, *b = *(const struct fact *const *)pb;
	int c = tenant_data_cmp(a, b);
	return c ? c : fact_key_cmp(a, b);
}

/* Stored and replica facts of fs, sorted by tenant, data, key. */
static const struct fact **copies(const struct factset *fs, size_t *n)
{
	const struct fact **v = xcalloc(fs->nfacts + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		if (fs->facts[i].data && (fs->facts[i].mode == MODE_STORED ||
					  fs->facts[i].mode == MODE_REPLICA))
			v[k++] = &fs->facts[i];
	xqsort(v, k, sizeof *v, copy_qcmp);
	*n = k;
	return v;
}

static void stranded_data(struct impact *im)
{
	size_t nb, na;
	const struct fact **b = copies(im->before, &nb), **a = copies(im->after, &na);
	im->stranded = arena_alloc(&im->arena, (nb + 1) * sizeof *im->stranded);
	const struct region **left = xcalloc(na + 1, sizeof *left);
	size_t i = 0, j = 0;
	while (i < nb) {
		size_t gb = i;
		while (i < nb && !tenant_data_cmp(b[gb], b[i]))
			i++;
		/* the matching group of after, if any */
		while (j < na && tenant_data_cmp(a[j], b[gb]) < 0)
			j++;
		size_t ga = j;
		while (j < na && !tenant_data_cmp(a[j], b[gb]))
			j++;
		size_t lost = 0, x = gb, y = ga;
		while (x < i) {
			int c = y < j ? fact_key_cmp(b[x], a[y]) : -1;
			if (c < 0)
				lost++, x++;
			else if (c > 0)
				y++;
			else
				x++, y++;
		}
		if (!lost)
			continue;
		size_t nl = 0;
		for (size_t k = ga; k < j; k++)
			if (a[k]->region)
				left[nl++] = a[k]->region;
		nl = uniq_regions(left, nl);
		struct stranded *st = &im->stranded[im->nstranded++];
		st->tenant = b[gb]->tenant;
		st->data = b[gb]->data;
		st->lost = lost;
		st->left = arena_memdup(&im->arena, left, nl * sizeof *left);
		st->nleft = nl;
		if (!nl)
			im->nno_copy++;
	}
	free(left);
	free(b);
	free(a);
}

struct impact *impact_compute(const struct model *m, const struct impact_spec *specs,
			      size_t nspecs, const struct selector *sel)
{
	struct impact *im = xcalloc(1, sizeof *im);
	arena_init(&im->arena);
	im->m = m;
	im->specs = specs;
	im->nspecs = nspecs;
	struct impact_mask mask;
	mask.service_off = xcalloc(m->nservices + 1, sizeof *mask.service_off);
	mask.region_gone = xcalloc(m->nregions + 1, sizeof *mask.region_gone);
	int *spec_of_region = xcalloc(m->nregions + 1, sizeof *spec_of_region);
	build_mask(im, &mask, spec_of_region);

	struct selector vsel;
	im->view = view_of(m, &mask, sel, &vsel);
	im->before = facts_derive(m);
	im->after = facts_derive(im->view);
	if (sel) {
		keep_matching(m, im->before, sel);
		keep_matching(im->view, im->after, &vsel);
	}
	im->vbefore = policy_evaluate(m, im->before);
	im->vafter = policy_evaluate(im->view, im->after);

	list_off(im, &mask, spec_of_region);
	dependency_loss(im, &mask);
	facts_setdiff(im->before, im->after, &im->gone, &im->ngone, &im->appeared, &im->nappeared);
	verdicts_setdiff(im->vbefore, im->vafter, &im->resolved, &im->nresolved,
			 &im->created, &im->ncreated);
	stranded_data(im);

	free(spec_of_region);
	free(mask.service_off);
	free(mask.region_gone);
	return im;
}

void impact_free(struct impact *im)
{
	if (!im)
		return;
	free(im->gone);
	free(im->appeared);
	free(im->resolved);
	free(im->created);
	verdicts_free(im->vbefore);
	verdicts_free(im->vafter);
	factset_free(im->before);
	factset_free(im->after);
	model_free(im->view);
	arena_release(&im->arena);
	free(im);
}
