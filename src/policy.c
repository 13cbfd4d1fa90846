/*
 * policy: matches facts against selectors and judges every fact against
 * every policy of the model, producing violations in plain words.
 *
 * Policies are indexed rather than tried one by one: a policy with a
 * `data` key is filed under each category it names, one without under
 * "any data"; each list is split by mode. A fact then only meets the
 * policies filed under its own category or one of its ancestors (the
 * `data` key matches by prefix) for its mode.
 *
 * Choices where DESIGN.md is silent (also in resmap(1)):
 *  - `tenants` matches the fact's tenant, the owner of the data;
 *  - `providers` (in `match`, `except` and `allow_in`) matches a region
 *    run by that provider or operated by it (an Azure region in China
 *    run by 21Vianet matches both `azure` and `21vianet`);
 *  - `countries` and `jurisdictions` look at the fact's country: the
 *    region's country, or for an accessed fact the country it is
 *    accessed from;
 *  - a fact with no subjects (or purposes) never matches a `subjects`
 *    (or `purposes`) key.
 */
#include "policy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *effect_name(enum effect e)
{
	switch (e) {
	case EFFECT_DENY: return "deny";
	case EFFECT_ALLOW_IN: return "allow_in";
	case EFFECT_DENY_REACH: return "deny_reach";
	}
	return "?";
}

static bool any_term_under(const struct term *t, const void *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (term_under(t, items[i]))
			return true;
	return false;
}

static bool set_under(const struct termset *ts, const void *const *items, size_t n)
{
	if (!ts)
		return false;
	for (size_t i = 0; i < ts->n; i++)
		if (any_term_under(ts->items[i], items, n))
			return true;
	return false;
}

static bool any_ptr(const void *p, const void *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (items[i] == p)
			return true;
	return false;
}

static bool region_of_provider(const struct region *r, const struct provider *p)
{
	return r && p && (r->provider == p || r->operator == p);
}

bool selector_match(const struct model *m, const struct selector *sel, const struct fact *f)
{
	/* cheap bit tests first */
	if (sel->has[SEL_MODES] && !(sel->modes >> f->mode & 1))
		return false;
	if (sel->has[SEL_KINDS] && !(f->service && (sel->kinds >> f->service->kind & 1)))
		return false;
	for (int k = 0; k < SEL__COUNT; k++) {
		if (!sel->has[k])
			continue;
		const void *const *it = sel->items[k];
		size_t n = sel->n[k];
		bool ok = false;
		switch ((enum sel_key)k) {
		case SEL_DATA:
			ok = any_term_under(f->data, it, n);
			break;
		case SEL_SUBJECTS:
			ok = set_under(f->subjects, it, n);
			break;
		case SEL_PURPOSES:
			ok = set_under(f->purposes, it, n);
			break;
		case SEL_TENANTS:
			ok = any_ptr(f->tenant, it, n);
			break;
		case SEL_SERVICES:
			ok = any_ptr(f->service, it, n);
			break;
		case SEL_PROVIDERS:
			for (size_t i = 0; i < n && !ok; i++)
				ok = region_of_provider(f->region, it[i]);
			break;
		case SEL_REGIONS:
			ok = any_ptr(f->region, it, n);
			break;
		case SEL_COUNTRIES:
		case SEL_JURISDICTIONS:
			for (size_t i = 0; i < n && !ok; i++)
				ok = model_jur_contains(m, it[i], f->country);
			break;
		case SEL_KINDS:
		case SEL_MODES:
		case SEL__COUNT:
			ok = true;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool in_scope(const struct model *m, const struct policy *p, const struct fact *f)
{
	return selector_match(m, &p->match, f) &&
	       !(p->has_except && selector_match(m, &p->except, f));
}

static bool place_holds(const struct model *m, const struct place *pl, const struct fact *f)
{
	switch (pl->type) {
	case PLACE_REGION:
		return f->region == pl->u.region;
	case PLACE_JUR:
		return model_jur_contains(m, pl->u.jur, f->country);
	case PLACE_PROVIDER:
		return region_of_provider(f->region, pl->u.provider);
	}
	return false;
}

static const char *place_id(const struct place *pl)
{
	switch (pl->type) {
	case PLACE_REGION: return pl->u.region->id;
	case PLACE_JUR: return pl->u.jur->id;
	case PLACE_PROVIDER: return pl->u.provider->id;
	}
	return "?";
}

static const char *idof(const struct jur *j)
{
	return j ? j->id : "unknown country";
}

static void add_termset(struct strbuf *sb, const struct termset *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, ts->items[i]->id);
	}
}

/* "health.records about eu-residents" */
static void add_what(struct strbuf *sb, const struct fact *f)
{
	sb_adds(sb, f->data->id);
	if (f->subjects && f->subjects->n) {
		sb_adds(sb, " about ");
		add_termset(sb, f->subjects);
	}
}

/* "azure:westeurope (NL)" */
static void add_region(struct strbuf *sb, const struct fact *f)
{
	sb_addf(sb, "%s (%s)", f->region->id, idof(f->region->country));
}

/* "is replicated to azure:southcentralus (US)" */
static void add_where(struct strbuf *sb, const struct fact *f)
{
	switch (f->mode) {
	case MODE_STORED: sb_adds(sb, " is stored in "); break;
	case MODE_REPLICA: sb_adds(sb, " is replicated to "); break;
	case MODE_PROCESSED: sb_adds(sb, " is processed in "); break;
	case MODE_ACCESSED:
		sb_addf(sb, " is accessed from %s in ", idof(f->country));
		break;
	case MODE__COUNT: break;
	}
	add_region(sb, f);
}

static const char *finish(struct verdicts *vd, struct strbuf *sb)
{
	const char *s = arena_strndup(&vd->arena, sb->buf ? sb->buf : "", sb->len);
	sb_reset(sb);
	return s;
}

static const char *msg_deny(struct verdicts *vd, struct strbuf *sb, const struct fact *f)
{
	add_what(sb, f);
	add_where(sb, f);
	if (f->purposes && f->purposes->n) {
		sb_adds(sb, " for ");
		add_termset(sb, f->purposes);
	}
	sb_adds(sb, ", which policy denies");
	return finish(vd, sb);
}

static const char *msg_allow_in(struct verdicts *vd, struct strbuf *sb,
				const struct policy *p, const struct fact *f)
{
	add_what(sb, f);
	add_where(sb, f);
	sb_adds(sb, ", outside ");
	for (size_t i = 0; i < p->nallow_in; i++) {
		if (i)
			sb_adds(sb, i + 1 == p->nallow_in ? " or " : ", ");
		sb_adds(sb, place_id(&p->allow_in[i]));
	}
	return finish(vd, sb);
}

static const char *msg_reach(struct verdicts *vd, struct strbuf *sb, const struct fact *f,
			     const struct reach *r)
{
	add_what(sb, f);
	if (f->mode == MODE_ACCESSED)
		sb_addf(sb, " accessed from %s", idof(f->country));
	sb_adds(sb, " in ");
	add_region(sb, f);
	sb_addf(sb, " is reached by %s through ", idof(r->jur));
	switch (r->why) {
	case REACH_LOCATION:
		sb_adds(sb, "the region's location");
		break;
	case REACH_PROVIDER_HQ:
		sb_addf(sb, "provider %s", r->provider ? r->provider->id : "?");
		if (r->provider && r->provider->nlaws) {
			sb_adds(sb, ": ");
			for (size_t i = 0; i < r->provider->nlaws; i++) {
				if (i)
					sb_adds(sb, ", ");
				sb_adds(sb, r->provider->laws[i]);
			}
		}
		break;
	case REACH_ACCESS:
		sb_addf(sb, "remote access from %s", idof(r->jur));
		break;
	}
	return finish(vd, sb);
}

/*
 * Index: for each (data category, mode) the policies filed under that
 * category, and for each mode the policies with no data key, both as
 * compressed rows of policy indexes.
 */
struct pindex {
	size_t *start;      /* (ndata * MODE__COUNT + MODE__COUNT) + 1 rows */
	uint32_t *pol;
	size_t nrows;
};

static size_t row_of(const struct term *t, enum mode md)
{
	/* rows [0, MODE__COUNT) are "no data key" */
	return (t ? (size_t)t->index + 1 : 0) * MODE__COUNT + md;
}

static void pindex_build(struct pindex *ix, const struct model *m)
{
	ix->nrows = (m->ndata + 1) * MODE__COUNT;
	ix->start = xcalloc(ix->nrows + 1, sizeof *ix->start);
	/* two passes: count per row, then fill */
	for (int pass = 0; pass < 2; pass++) {
		size_t *fill = NULL;
		if (pass == 1) {
			for (size_t r = 0; r < ix->nrows; r++)
				ix->start[r + 1] += ix->start[r];
			ix->pol = xmalloc((ix->start[ix->nrows] + 1) * sizeof *ix->pol);
			fill = xmalloc((ix->nrows + 1) * sizeof *fill);
			memcpy(fill, ix->start, ix->nrows * sizeof *fill);
		}
		for (size_t i = 0; i < m->npolicies; i++) {
			const struct policy *p = m->policies[i];
			if (!p->deny && !p->has_allow_in && !p->ndeny_reach)
				continue;
			const struct selector *s = &p->match;
			size_t nd = s->has[SEL_DATA] ? s->n[SEL_DATA] : 1;
			for (size_t k = 0; k < nd; k++) {
				const struct term *t = s->has[SEL_DATA] ? s->items[SEL_DATA][k] : NULL;
				if (s->has[SEL_DATA] && !t)
					continue;
				for (int md = 0; md < MODE__COUNT; md++) {
					if (s->has[SEL_MODES] && !(s->modes >> md & 1))
						continue;
					size_t r = row_of(t, (enum mode)md);
					if (pass == 0)
						ix->start[r + 1]++;
					else
						ix->pol[fill[r]++] = (uint32_t)i;
				}
			}
		}
		free(fill);
	}
}

static void add_violation(struct verdicts *vd, size_t *cap, const struct policy *p,
			  enum effect e, const struct fact *f, const struct reach *r,
			  const char *msg)
{
	vd->v = xgrow(vd->v, cap, vd->n + 1, sizeof *vd->v);
	struct violation *x = &vd->v[vd->n++];
	x->policy = p;
	x->effect = e;
	x->fact = f;
	x->reach = r;
	x->message = msg;
	vd->count[p->severity]++;
}

static void judge(const struct model *m, struct verdicts *vd, size_t *cap, struct strbuf *sb,
		  const struct policy *p, const struct fact *f)
{
	if (!in_scope(m, p, f))
		return;
	if (p->deny)
		add_violation(vd, cap, p, EFFECT_DENY, f, NULL, msg_deny(vd, sb, f));
	if (p->has_allow_in) {
		bool inside = false;
		for (size_t i = 0; i < p->nallow_in && !inside; i++)
			inside = place_holds(m, &p->allow_in[i], f);
		if (!inside)
			add_violation(vd, cap, p, EFFECT_ALLOW_IN, f, NULL,
				      msg_allow_in(vd, sb, p, f));
	}
	for (size_t k = 0; k < f->nreach && p->ndeny_reach; k++) {
		const struct reach *r = &f->reach[k];
		for (size_t i = 0; i < p->ndeny_reach; i++) {
			if (model_jur_contains(m, p->deny_reach[i].jur, r->jur)) {
				add_violation(vd, cap, p, EFFECT_DENY_REACH, f, r,
					      msg_reach(vd, sb, f, r));
				break;
			}
		}
	}
}

static int cmp_violation(const void *a, const void *b)
{
	const struct violation *x = a, *y = b;
	if (x->policy != y->policy)
		return x->policy->index < y->policy->index ? -1 : 1;
	if (x->fact != y->fact)
		return x->fact < y->fact ? -1 : 1;
	if (x->effect != y->effect)
		return x->effect < y->effect ? -1 : 1;
	if (x->reach != y->reach)
		return x->reach < y->reach ? -1 : 1;
	return 0;
}

struct verdicts *policy_evaluate(const struct model *m, const struct factset *fs)
{
	struct verdicts *vd = xcalloc(1, sizeof *vd);
	arena_init(&vd->arena);
	size_t cap = 0;
	struct pindex ix;
	pindex_build(&ix, m);
	/* a policy naming a category and its ancestor is met twice: once is enough */
	size_t *seen = xcalloc(m->npolicies + 1, sizeof *seen);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		const struct term *t = f->data;
		for (;;) {
			size_t r = row_of(t, f->mode);
			for (size_t k = ix.start[r]; k < ix.start[r + 1]; k++) {
				uint32_t pi = ix.pol[k];
				if (seen[pi] == i + 1)
					continue;
				seen[pi] = i + 1;
				judge(m, vd, &cap, &sb, m->policies[pi], f);
			}
			if (!t)
				break;
			t = t->parent;
		}
	}
	sb_release(&sb);
	free(seen);
	free(ix.start);
	free(ix.pol);
	if (vd->n > 1)
		qsort(vd->v, vd->n, sizeof *vd->v, cmp_violation);
	return vd;
}

void verdicts_free(struct verdicts *v)
{
	if (!v)
		return;
	free(v->v);
	arena_release(&v->arena);
	free(v);
}
