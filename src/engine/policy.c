/*
 * policy: matches facts against selectors and judges every fact against
 * every policy of the model, producing violations in plain words.
 *
 * Policies are indexed rather than tried one by one: each is filed under
 * the items of its most selective `match` key (see struct pindex), and a
 * fact meets only the policies filed under its own service, tenant,
 * region, category and its ancestors, and so on. Violations are made in
 * fact order and put in policy order by a stable counting sort;
 * each distinct message (what it names: data, subjects, place, failure)
 * is made once and shared.
 *
 * Choices the format leaves open (documented in doc/semantics.md):
 *  - `tenants` matches a fact whose owner (the fact's tenant) or
 *    operator (the tenant of the service holding it) is listed, the one
 *    meaning of a tenant in every command; `owners` and `operators`
 *    match one side;
 *  - `reach` matches a fact reached by a country within a listed
 *    jurisdiction; `subject_jurisdictions` a fact about a subject whose
 *    jurisdiction lies wholly within a listed one;
 *  - `providers` (in `match`, `except` and `allow_in`) matches a region
 *    run by that provider or operated by it (an Azure region in China
 *    run by 21Vianet matches both `azure` and `azure-cn-21vianet`);
 *  - a multi-region in `regions` or `allow_in` stands for its members;
 *  - `countries` and `jurisdictions` look at the fact's country: the
 *    region's country, or for an accessed fact the country it is
 *    accessed from;
 *  - a fact with no subjects (or purposes) never matches a `subjects`
 *    (or `purposes`) key;
 *  - `purposes` matches what the data was collected for (the fact's
 *    purposes) or what it is used for (its used_for, the purposes of
 *    the services on its path): either list may match.
 */
#include "engine/policy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/bigmem.h"
#include "base/keysort.h"
#include "base/util.h"

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

static const struct tenant *operator_of(const struct fact *f)
{
	return f->service ? f->service->tenant : NULL;
}

static bool reached_by(const struct model *m, const struct fact *f, const void *const *it, size_t n)
{
	for (size_t r = 0; r < f->nreach; r++)
		for (size_t i = 0; i < n; i++)
			if (model_jur_contains(m, it[i], f->reach[r].jur))
				return true;
	return false;
}

static bool subject_within(const struct model *m, const struct termset *ts,
			   const void *const *it, size_t n)
{
	for (size_t s = 0; ts && s < ts->n; s++)
		for (size_t i = 0; i < n; i++)
			if (model_jur_within(m, ts->items[s]->jurisdiction, it[i]))
				return true;
	return false;
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
			ok = set_under(f->purposes, it, n) || set_under(f->used_for, it, n);
			break;
		case SEL_TENANTS:
			ok = any_ptr(f->tenant, it, n) || any_ptr(operator_of(f), it, n);
			break;
		case SEL_OWNERS:
			ok = any_ptr(f->tenant, it, n);
			break;
		case SEL_OPERATORS:
			ok = any_ptr(operator_of(f), it, n);
			break;
		case SEL_REACH:
			ok = reached_by(m, f, it, n);
			break;
		case SEL_SUBJECT_JURS:
			ok = subject_within(m, f->subjects, it, n);
			break;
		case SEL_SERVICES:
			ok = any_ptr(f->service, it, n);
			break;
		case SEL_PROVIDERS:
			for (size_t i = 0; i < n && !ok; i++)
				ok = region_of_provider(f->region, it[i]);
			break;
		case SEL_REGIONS:
			for (size_t i = 0; i < n && !ok; i++)
				ok = region_within(f->region, it[i]);
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

bool selector_names_service(const struct selector *sel, const struct service *s)
{
	return any_ptr(s, sel->items[SEL_SERVICES], sel->n[SEL_SERVICES]) ||
	       any_ptr(s->tenant, sel->items[SEL_TENANTS], sel->n[SEL_TENANTS]) ||
	       any_ptr(s->tenant, sel->items[SEL_OPERATORS], sel->n[SEL_OPERATORS]);
}

static bool in_scope(const struct model *m, const struct policy *p, const struct fact *f)
{
	return selector_match(m, &p->match, f) &&
	       !(p->has_except && selector_match(m, &p->except, f));
}

/*
 * An accessed fact is where it is accessed from: a region holds it only
 * when the access comes from the region's own country, as a country or
 * jurisdiction would (remote access from the US to data allowed only in
 * azure:westeurope is outside azure:westeurope). A provider is not a
 * place on the map: data accessed through its region stays with it.
 */
static bool place_holds(const struct model *m, const struct place *pl, const struct fact *f)
{
	bool local = f->mode != MODE_ACCESSED || f->country == f->region->country;
	switch (pl->type) {
	case PLACE_REGION:
		return region_within(f->region, pl->u.region) && local;
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
	case PLACE_REGION: return pl->u.region ? pl->u.region->id : "?";
	case PLACE_JUR: return pl->u.jur ? pl->u.jur->id : "?";
	case PLACE_PROVIDER: return pl->u.provider ? pl->u.provider->id : "?";
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

/* The multi-region a fact's region was named through, or NULL. */
static const struct region *multi_place(const struct fact *f)
{
	const struct region_ref *pl = f->service ? fact_place(f) : NULL;
	return pl && pl->region != f->region ? pl->region : NULL;
}

/* "azure:westeurope (NL)", "gcp:europe-west1 (BE, in multi-region gcp:eu)" */
static void add_region(struct strbuf *sb, const struct fact *f)
{
	const struct region *multi = multi_place(f);
	sb_adds(sb, f->region->id);
	sb_adds(sb, " (");
	sb_adds(sb, idof(f->region->country));
	if (multi) {
		sb_adds(sb, ", in multi-region ");
		sb_adds(sb, multi->id);
	}
	sb_addc(sb, ')');
}

/* "is replicated by patient-records to azure:southcentralus (US)": the
 * service and the mode, so that two violations of one policy never read
 * alike (the same data processed by two services in one region did). */
static void add_where(struct strbuf *sb, const struct fact *f)
{
	switch (f->mode) {
	case MODE_STORED: sb_adds(sb, " is stored by "); break;
	case MODE_REPLICA: sb_adds(sb, " is replicated by "); break;
	case MODE_PROCESSED: sb_adds(sb, " is processed by "); break;
	case MODE_ACCESSED:
		sb_adds(sb, " is accessed from ");
		sb_adds(sb, idof(f->country));
		sb_adds(sb, " through ");
		break;
	case MODE__COUNT: break;
	}
	sb_adds(sb, f->service->id);
	sb_adds(sb, f->mode == MODE_REPLICA ? " to " : " in ");
	add_region(sb, f);
}

static char *finish(struct verdicts *vd, struct strbuf *sb)
{
	char *s = arena_strndup(&vd->arena, sb->buf ? sb->buf : "", sb->len);
	sb_reset(sb);
	return s;
}

static char *msg_deny(struct verdicts *vd, struct strbuf *sb, const struct fact *f)
{
	add_what(sb, f);
	add_where(sb, f);
	if (f->purposes && f->purposes->n) {
		sb_adds(sb, " for ");
		add_termset(sb, f->purposes);
	}
	if (f->used_for && f->used_for->n) {
		sb_adds(sb, ", used for ");
		add_termset(sb, f->used_for);
	}
	sb_adds(sb, ", which policy denies");
	return finish(vd, sb);
}

static char *msg_allow_in(struct verdicts *vd, struct strbuf *sb,
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

/* "US through provider azure: LAW, LAW" (the country when by is set). */
static void add_reason(struct strbuf *sb, const struct reach *r, bool by)
{
	if (by) {
		sb_adds(sb, "by ");
		sb_adds(sb, idof(r->jur));
		sb_addc(sb, ' ');
	}
	sb_adds(sb, "through ");
	switch (r->why) {
	case REACH_LOCATION:
		sb_adds(sb, "the region's location");
		break;
	case REACH_PROVIDER_HQ:
		sb_adds(sb, "provider ");
		sb_adds(sb, r->provider ? r->provider->id : "?");
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
		sb_adds(sb, "remote access from ");
		sb_adds(sb, idof(r->jur));
		break;
	}
}

/*
 * "... is stored by S in R and reached by US through the region's location and through
 * provider azure: LAW, LAW; and by IL through remote access from IL":
 * every offending entry of one fact in one message (rs in fact order,
 * so one country's reasons are together). Laws hold commas, hence "and".
 */
static char *msg_reach(struct verdicts *vd, struct strbuf *sb, const struct fact *f,
		       const struct reach *const *rs, size_t n)
{
	add_what(sb, f);
	add_where(sb, f);
	sb_adds(sb, " and reached ");
	for (size_t i = 0; i < n; i++) {
		bool same = i && rs[i]->jur == rs[i - 1]->jur;
		if (i)
			sb_adds(sb, same ? " and " : "; and ");
		add_reason(sb, rs[i], !same);
	}
	return finish(vd, sb);
}

/*
 * The index files each policy under one key of its `match`, the most
 * selective one present (services, tenants, regions, data, purposes,
 * subjects, countries, jurisdictions, providers, in that order), or
 * under "every fact" when it has none of these. A fact looks up its own
 * service, tenant, region, data category and ancestors, purposes and
 * ancestors, subjects, country and providers, and meets only the
 * policies filed there; selector_match then checks every key. Rows are
 * compressed: row r holds pol[start[r] .. start[r + 1]).
 */
enum ixkey {
	IX_SERVICE, IX_TENANT, IX_REGION, IX_DATA, IX_PURPOSE, IX_SUBJECT,
	IX_COUNTRY, IX_PROVIDER, IX_ALL, IX__COUNT
};

struct pindex {
	size_t base[IX__COUNT + 1];     /* first row of each key */
	bool used[IX__COUNT];
	uint32_t *start;
	uint32_t *pol;
	/* the services some policy is filed under, hashed by address: a
	 * fact's service is looked up without reading it (services lie all
	 * over memory, and most facts' services have no policy of their own) */
	const struct service **svcset;
	size_t svcmask;
};

static size_t ptr_slot(const void *p, size_t mask)
{
	return (size_t)(((uint64_t)(uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ULL >> 32) & mask;
}

static void svcset_add(struct pindex *ix, const struct service *v)
{
	size_t j = ptr_slot(v, ix->svcmask);
	while (ix->svcset[j] && ix->svcset[j] != v)
		j = (j + 1) & ix->svcmask;
	ix->svcset[j] = v;
}

static bool svcset_has(const struct pindex *ix, const struct service *v)
{
	for (size_t j = ptr_slot(v, ix->svcmask); ix->svcset[j]; j = (j + 1) & ix->svcmask)
		if (ix->svcset[j] == v)
			return true;
	return false;
}

static const enum sel_key ix_order[] = {
	SEL_SERVICES, SEL_TENANTS, SEL_REGIONS, SEL_DATA, SEL_PURPOSES, SEL_SUBJECTS,
	SEL_COUNTRIES, SEL_JURISDICTIONS, SEL_PROVIDERS,
};

static enum ixkey ix_of(enum sel_key k)
{
	switch (k) {
	case SEL_SERVICES: return IX_SERVICE;
	case SEL_TENANTS: return IX_TENANT;
	case SEL_REGIONS: return IX_REGION;
	case SEL_DATA: return IX_DATA;
	case SEL_PURPOSES: return IX_PURPOSE;
	case SEL_SUBJECTS: return IX_SUBJECT;
	case SEL_COUNTRIES: case SEL_JURISDICTIONS: return IX_COUNTRY;
	case SEL_PROVIDERS: return IX_PROVIDER;
	default: return IX_ALL;
	}
}

/* The model index of an item of selector key k. */
static uint32_t item_index(enum sel_key k, const void *item)
{
	switch (k) {
	case SEL_SERVICES: return ((const struct service *)item)->index;
	case SEL_TENANTS: return ((const struct tenant *)item)->index;
	case SEL_REGIONS: return ((const struct region *)item)->index;
	case SEL_DATA: case SEL_PURPOSES: case SEL_SUBJECTS:
		return ((const struct term *)item)->index;
	case SEL_COUNTRIES: case SEL_JURISDICTIONS: return ((const struct jur *)item)->index;
	case SEL_PROVIDERS: return ((const struct provider *)item)->index;
	default: return 0;
	}
}

static bool has_effect(const struct policy *p)
{
	return p->deny || p->has_allow_in || p->ndeny_reach;
}

static enum sel_key pick_key(const struct policy *p)
{
	for (size_t i = 0; i < ARRAY_LEN(ix_order); i++)
		if (p->match.has[ix_order[i]])
			return ix_order[i];
	return SEL__COUNT;
}

/* Calls add(ix, row, policy) for every row policy i is filed under. */
static void file_policy(struct pindex *ix, const struct model *m, uint32_t i,
			void (*add)(struct pindex *, size_t, uint32_t))
{
	const struct policy *p = m->policies[i];
	enum sel_key k = pick_key(p);
	if (k == SEL__COUNT) {
		add(ix, ix->base[IX_ALL], i);
		return;
	}
	enum ixkey x = ix_of(k);
	for (size_t n = 0; n < p->match.n[k]; n++) {
		const void *item = p->match.items[k][n];
		if (!item)
			continue;
		const struct jur *j = item;
		const struct region *r = item;
		if (k == SEL_REGIONS && r->nmembers) {
			/* a multi-region is filed under each of its members */
			for (size_t e = 0; e < r->nmembers; e++)
				if (r->members[e].region)
					add(ix, ix->base[x] + r->members[e].region->index, i);
			continue;
		}
		if ((k == SEL_COUNTRIES || k == SEL_JURISDICTIONS) && j->is_group) {
			/* a group is filed under each of its countries */
			for (size_t c = 0; c < m->ncountries; c++)
				if (model_jur_contains(m, j, m->countries[c]))
					add(ix, ix->base[x] + m->countries[c]->index, i);
			continue;
		}
		add(ix, ix->base[x] + item_index(k, item), i);
	}
}

static void count_row(struct pindex *ix, size_t row, uint32_t i)
{
	(void)i;
	ix->start[row + 1]++;
}

static void fill_row(struct pindex *ix, size_t row, uint32_t i)
{
	/* start[row] is used as the fill cursor, shifted back afterwards */
	ix->pol[ix->start[row]++] = i;
}

static void pindex_build(struct pindex *ix, const struct model *m)
{
	size_t rows[IX__COUNT] = {
		m->nservices, m->ntenants, m->nregions, m->ndata, m->npurposes,
		m->nsubjects, m->njurs, m->nproviders, 1,
	};
	memset(ix->used, 0, sizeof ix->used);
	for (size_t i = 0; i < m->npolicies; i++)
		if (has_effect(m->policies[i])) {
			enum sel_key k = pick_key(m->policies[i]);
			ix->used[k == SEL__COUNT ? IX_ALL : ix_of(k)] = true;
		}
	/* rows only for the keys some policy is filed under */
	size_t nrows = 0;
	for (int x = 0; x < IX__COUNT; x++) {
		ix->base[x] = nrows;
		if (ix->used[x])
			nrows += rows[x];
	}
	ix->base[IX__COUNT] = nrows;
	ix->start = xcalloc(nrows + 2, sizeof *ix->start);
	for (uint32_t i = 0; i < m->npolicies; i++)
		if (has_effect(m->policies[i]))
			file_policy(ix, m, i, count_row);
	for (size_t r = 0; r < nrows; r++)
		ix->start[r + 1] += ix->start[r];
	ix->pol = xmalloc((ix->start[nrows] + 1) * sizeof *ix->pol);
	for (uint32_t i = 0; i < m->npolicies; i++)
		if (has_effect(m->policies[i]))
			file_policy(ix, m, i, fill_row);
	for (size_t r = nrows; r > 0; r--)
		ix->start[r] = ix->start[r - 1];
	ix->start[0] = 0;

	size_t nsvc = 0;
	if (ix->used[IX_SERVICE])
		for (size_t i = 0; i < m->nservices; i++)
			nsvc += ix->start[ix->base[IX_SERVICE] + i + 1] > ix->start[ix->base[IX_SERVICE] + i];
	size_t cap = 16;
	while (cap < nsvc * 2)
		cap *= 2;
	ix->svcset = xcalloc(cap, sizeof *ix->svcset);
	ix->svcmask = cap - 1;
	if (ix->used[IX_SERVICE])
		for (size_t i = 0; i < m->nservices; i++)
			if (ix->start[ix->base[IX_SERVICE] + i + 1] > ix->start[ix->base[IX_SERVICE] + i])
				svcset_add(ix, m->services[i]);
}

static void pindex_free(struct pindex *ix)
{
	free(ix->svcset);
	free(ix->start);
	free(ix->pol);
}

/*
 * Violations of several policies about one fact read alike: a message
 * names the data, subjects, service, mode, place and what failed, not the
 * tenant or policy. Each distinct message is made once and shared. The
 * key holds exactly what the message is made of.
 */
struct msgkey {
	uintptr_t kind;                 /* effect << 16 | mode << 8 | reach why, or
	                                   MANY_REASONS */
	const struct term *data;
	const struct termset *subjects, *purposes, *used_for;
	const struct region *region, *place;
	const struct jur *country;
	const struct service *service;
	const void *what;               /* allow_in: canonical policy; deny_reach: its
	                                   country, or the policy when MANY_REASONS */
	const struct provider *provider;
	const struct reach *reachset;   /* MANY_REASONS: the fact's reach array */
};
/* A deny_reach message naming several entries: which ones follows from
 * the fact's reach array and the policy's deny_reach list. */
#define MANY_REASONS 0xff

struct msgentry {
	struct msgkey key;
	const char *msg;
};

struct evalctx {
	const struct model *m;
	struct verdicts *vd;
	size_t cap;
	struct strbuf sb;
	/* distinct messages, and an open-addressing table over them:
	 * index + 1, 0 empty */
	struct msgentry *msgs;  size_t nmsgs, capmsgs;
	struct msgslot { uint32_t idx1, hash; } *table;  size_t tabcap;
	const struct policy **canon;    /* by policy index: first policy with its allow_in list */
	const struct reach **rs;  size_t caprs;   /* judge_reach's offending entries */
};

static uint64_t key_hash(const struct msgkey *k)
{
	const uintptr_t w[] = {
		k->kind, (uintptr_t)k->data, (uintptr_t)k->subjects, (uintptr_t)k->purposes,
		(uintptr_t)k->used_for, (uintptr_t)k->region, (uintptr_t)k->place, (uintptr_t)k->country,
		(uintptr_t)k->service, (uintptr_t)k->what,
		(uintptr_t)k->provider, (uintptr_t)k->reachset,
	};
	uint64_t h = 0;
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		h = (h ^ w[i]) * 0x9e3779b97f4a7c15ULL;
	return h ^ h >> 29;
}

static bool key_eq(const struct msgkey *a, const struct msgkey *b)
{
	return a->kind == b->kind && a->data == b->data && a->subjects == b->subjects &&
	       a->purposes == b->purposes && a->used_for == b->used_for &&
	       a->region == b->region && a->place == b->place &&
	       a->country == b->country && a->service == b->service && a->what == b->what &&
	       a->provider == b->provider &&
	       a->reachset == b->reachset;
}

/* Slots keep the key's hash: a probe reads a message's key (104 bytes
 * somewhere in tens of megabytes on a violation-dense inventory) only
 * when the hashes agree, and growing reads no key at all. */
static void msgs_grow(struct evalctx *cx)
{
	size_t ncap = cx->tabcap ? cx->tabcap * 2 : 1024;
	struct msgslot *t = big_alloc(ncap * sizeof *t);
	for (size_t i = 0; i < cx->tabcap; i++) {
		if (!cx->table[i].idx1)
			continue;
		size_t j = cx->table[i].hash & (ncap - 1);
		while (t[j].idx1)
			j = (j + 1) & (ncap - 1);
		t[j] = cx->table[i];
	}
	big_free(cx->table);
	cx->table = t;
	cx->tabcap = ncap;
}

/* The message for key k: made on first use, then shared. */
static const char *message(struct evalctx *cx, const struct msgkey *k, const struct policy *p,
			   const struct fact *f, const struct reach *const *rs, size_t nrs)
{
	if ((cx->nmsgs + 1) * 2 > cx->tabcap)
		msgs_grow(cx);
	uint32_t h = (uint32_t)key_hash(k);
	size_t mask = cx->tabcap - 1, j = h & mask;
	for (; cx->table[j].idx1; j = (j + 1) & mask)
		if (cx->table[j].hash == h && key_eq(&cx->msgs[cx->table[j].idx1 - 1].key, k))
			return cx->msgs[cx->table[j].idx1 - 1].msg;
	const char *msg;
	switch (k->kind >> 16) {
	case EFFECT_DENY: msg = msg_deny(cx->vd, &cx->sb, f); break;
	case EFFECT_ALLOW_IN: msg = msg_allow_in(cx->vd, &cx->sb, p, f); break;
	default: msg = msg_reach(cx->vd, &cx->sb, f, rs, nrs); break;
	}
	cx->msgs = big_grow(cx->msgs, &cx->capmsgs, cx->nmsgs + 1, sizeof *cx->msgs);
	cx->msgs[cx->nmsgs].key = *k;
	cx->msgs[cx->nmsgs++].msg = msg;
	cx->table[j].idx1 = (uint32_t)cx->nmsgs;
	cx->table[j].hash = h;
	return msg;
}

/* Policies with the same allow_in list (same places, same order) say the
 * same thing: each is mapped to the first of them. */
static void canon_places(struct evalctx *cx)
{
	const struct model *m = cx->m;
	struct strmap seen;
	struct arena keys;
	strmap_init(&seen);
	arena_init(&keys);
	cx->canon = xcalloc(m->npolicies + 1, sizeof *cx->canon);
	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		cx->canon[i] = p;
		if (!p->has_allow_in)
			continue;
		size_t len = p->nallow_in * 2 * sizeof(uintptr_t);
		uintptr_t *key = arena_alloc(&keys, len + sizeof(uintptr_t));
		for (size_t k = 0; k < p->nallow_in; k++) {
			const struct place *pl = &p->allow_in[k];
			key[2 * k] = pl->type;
			key[2 * k + 1] = pl->type == PLACE_REGION ? (uintptr_t)pl->u.region :
					 pl->type == PLACE_JUR ? (uintptr_t)pl->u.jur :
					 (uintptr_t)pl->u.provider;
		}
		const struct policy *first = strmap_put(&seen, (const char *)key, len, (void *)p);
		if (first)
			cx->canon[i] = first;
	}
	strmap_release(&seen);
	arena_release(&keys);
}

static struct msgkey key_of(enum effect e, const struct fact *f)
{
	struct msgkey k;
	memset(&k, 0, sizeof k);
	k.kind = (uintptr_t)e << 16 | (uintptr_t)f->mode << 8;
	k.data = f->data;
	k.subjects = f->subjects;
	k.region = f->region;
	k.place = multi_place(f);
	k.country = f->country;
	k.service = f->service;
	return k;
}

static struct violation *add_violation(struct evalctx *cx, const struct policy *p,
				       enum effect e, const struct fact *f, const char *msg)
{
	struct verdicts *vd = cx->vd;
	vd->v = big_grow(vd->v, &cx->cap, vd->n + 1, sizeof *vd->v);
	struct violation *x = &vd->v[vd->n++];
	memset(x, 0, sizeof *x);
	x->policy = p;
	x->effect = e;
	x->fact = f;
	x->message = msg;
	vd->count[p->severity]++;
	return x;
}

static bool reach_denied(const struct model *m, const struct policy *p, const struct reach *r)
{
	for (size_t i = 0; i < p->ndeny_reach; i++)
		if (model_jur_contains(m, p->deny_reach[i].jur, r->jur))
			return true;
	return false;
}

/* One deny_reach violation per fact, naming every entry a listed
 * jurisdiction contains. */
static void judge_reach(struct evalctx *cx, const struct policy *p, const struct fact *f)
{
	const struct model *m = cx->m;
	size_t n = 0;
	for (size_t i = 0; i < f->nreach; i++) {
		if (!reach_denied(m, p, &f->reach[i]))
			continue;
		cx->rs = xgrow(cx->rs, &cx->caprs, n + 1, sizeof *cx->rs);
		cx->rs[n++] = &f->reach[i];
	}
	if (!n)
		return;
	const struct reach *r = cx->rs[0];
	struct msgkey k = key_of(EFFECT_DENY_REACH, f);
	if (n == 1) {
		k.kind |= r->why;
		k.what = r->jur;
		k.provider = r->why == REACH_PROVIDER_HQ ? r->provider : NULL;
	} else {
		k.kind |= MANY_REASONS;
		k.what = p;
		k.reachset = f->reach;
	}
	struct violation *x = add_violation(cx, p, EFFECT_DENY_REACH, f,
					    message(cx, &k, p, f, cx->rs, n));
	x->reach = r;
	x->nreach = n;
	if (n > 1) {
		const struct reach **more = arena_alloc(&cx->vd->arena, n * sizeof *more);
		memcpy(more, cx->rs, n * sizeof *more);
		x->more = more;
	}
}

size_t violation_nreach(const struct violation *v)
{
	return v->nreach ? v->nreach : v->reach != NULL;
}

const struct reach *violation_reach(const struct violation *v, size_t i)
{
	return v->nreach > 1 ? v->more[i] : v->reach;
}

bool violation_names_reach(const struct violation *v, const struct reach *r)
{
	for (size_t i = 0; i < violation_nreach(v); i++)
		if (violation_reach(v, i) == r)
			return true;
	return false;
}

static void judge(struct evalctx *cx, const struct policy *p, const struct fact *f)
{
	const struct model *m = cx->m;
	if (!in_scope(m, p, f))
		return;
	if (p->deny) {
		struct msgkey k = key_of(EFFECT_DENY, f);
		k.purposes = f->purposes;       /* the deny message names them */
		k.used_for = f->used_for;
		add_violation(cx, p, EFFECT_DENY, f, message(cx, &k, p, f, NULL, 0));
	}
	if (p->has_allow_in) {
		bool inside = false;
		for (size_t i = 0; i < p->nallow_in && !inside; i++)
			inside = place_holds(m, &p->allow_in[i], f);
		if (!inside) {
			struct msgkey k = key_of(EFFECT_ALLOW_IN, f);
			k.what = cx->canon[p->index];
			add_violation(cx, p, EFFECT_ALLOW_IN, f, message(cx, &k, p, f, NULL, 0));
		}
	}
	if (p->ndeny_reach)
		judge_reach(cx, p, f);
}

/* Meets fact fi with the policies of index row r not met yet. */
static void meet_row(struct evalctx *cx, const struct pindex *ix, size_t r, size_t *seen,
		     size_t fi, const struct fact *f)
{
	for (uint32_t k = ix->start[r]; k < ix->start[r + 1]; k++) {
		uint32_t pi = ix->pol[k];
		if (seen[pi] == fi + 1)
			continue;
		seen[pi] = fi + 1;
		judge(cx, cx->m->policies[pi], f);
	}
}

static void meet_terms(struct evalctx *cx, const struct pindex *ix, enum ixkey x,
		       const struct termset *ts, size_t *seen, size_t fi, const struct fact *f)
{
	if (!ix->used[x] || !ts)
		return;
	for (size_t i = 0; i < ts->n; i++)
		for (const struct term *t = ts->items[i]; t; t = t->parent)
			meet_row(cx, ix, ix->base[x] + t->index, seen, fi, f);
}

static void meet_fact(struct evalctx *cx, const struct pindex *ix, size_t *seen, size_t fi,
		      const struct fact *f)
{
	if (ix->used[IX_ALL])
		meet_row(cx, ix, ix->base[IX_ALL], seen, fi, f);
	if (ix->used[IX_SERVICE] && svcset_has(ix, f->service))
		meet_row(cx, ix, ix->base[IX_SERVICE] + f->service->index, seen, fi, f);
	if (ix->used[IX_TENANT] && f->tenant)
		meet_row(cx, ix, ix->base[IX_TENANT] + f->tenant->index, seen, fi, f);
	/* `tenants` names the owner or the operator */
	if (ix->used[IX_TENANT] && operator_of(f) && operator_of(f) != f->tenant)
		meet_row(cx, ix, ix->base[IX_TENANT] + operator_of(f)->index, seen, fi, f);
	if (ix->used[IX_REGION] && f->region)
		meet_row(cx, ix, ix->base[IX_REGION] + f->region->index, seen, fi, f);
	if (ix->used[IX_DATA])
		for (const struct term *t = f->data; t; t = t->parent)
			meet_row(cx, ix, ix->base[IX_DATA] + t->index, seen, fi, f);
	meet_terms(cx, ix, IX_PURPOSE, f->purposes, seen, fi, f);
	meet_terms(cx, ix, IX_PURPOSE, f->used_for, seen, fi, f);
	meet_terms(cx, ix, IX_SUBJECT, f->subjects, seen, fi, f);
	if (ix->used[IX_COUNTRY] && f->country)
		meet_row(cx, ix, ix->base[IX_COUNTRY] + f->country->index, seen, fi, f);
	if (ix->used[IX_PROVIDER] && f->region) {
		if (f->region->provider)
			meet_row(cx, ix, ix->base[IX_PROVIDER] + f->region->provider->index,
				 seen, fi, f);
		if (f->region->operator)
			meet_row(cx, ix, ix->base[IX_PROVIDER] + f->region->operator->index,
				 seen, fi, f);
	}
}

/*
 * Violations are made fact by fact, in fact order, and within a fact in
 * effect order; a stable counting sort by policy then gives
 * the documented order (policy id, fact, effect) in linear time.
 */
static void sort_by_policy(struct verdicts *vd, size_t npolicies)
{
	size_t *start = xcalloc(npolicies + 1, sizeof *start);
	for (size_t i = 0; i < vd->n; i++)
		start[vd->v[i].policy->index + 1]++;
	for (size_t p = 0; p < npolicies; p++)
		start[p + 1] += start[p];
	struct violation *out = big_alloc((vd->n + 1) * sizeof *out);
	for (size_t i = 0; i < vd->n; i++)
		out[start[vd->v[i].policy->index]++] = vd->v[i];
	big_free(vd->v);
	vd->v = out;
	free(start);
}

/* Policy, then fact_cmp, then effect; last the place in the fact array,
 * which is deterministic in either order of facts. */
static int cmp_violation(const void *a, const void *b)
{
	const struct violation *x = a, *y = b;
	if (x->policy != y->policy)
		return x->policy->index < y->policy->index ? -1 : 1;
	if (x->fact != y->fact) {
		int c = fact_cmp(x->fact, y->fact);
		if (c)
			return c;
	}
	if (x->effect != y->effect)
		return x->effect < y->effect ? -1 : 1;
	return (x->fact > y->fact) - (x->fact < y->fact);
}

/*
 * cmp_violation's order by a packed key (policy, the fact's fields,
 * effect) and a linear sort: on a violation-dense inventory (450k
 * violations at 100k services) qsort's comparisons of facts scattered
 * over memory were a tenth of check. The sort is stable and the
 * violations were made in fact order, so ties (none: facts differ) would
 * keep cmp_violation's last resort too.
 */
static void sort_by_key(struct verdicts *vd, const struct model *m, const struct factset *fs)
{
	struct fact_keyspec ks;
	fact_keyspec_init(&ks, m, fs);
	unsigned wp = key_width(m->npolicies), we = key_width(EFFECT_DENY_REACH + 1);
	if (wp + ks.total + we > 128 || vd->n > UINT32_MAX) {
		xqsort(vd->v, vd->n, sizeof *vd->v, cmp_violation);
		return;
	}
	size_t n = vd->n;
	struct keyrec *keys = big_alloc(n * sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		const struct violation *x = &vd->v[i];
		keyrec_push(&keys[i], x->policy->index, wp);
		fact_key_push(&ks, x->fact, &keys[i]);
		keyrec_push(&keys[i], x->effect, we);
		keys[i].a = (uint32_t)i;
	}
	keysort(keys, n, wp + ks.total + we);
	struct violation *out = big_alloc((n + 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = vd->v[keys[i].a];
	big_free(keys);
	big_free(vd->v);
	vd->v = out;
}

/* One evaluation, fed facts in order (policy_begin). */
struct policy_run {
	struct evalctx cx;
	struct pindex ix;
	/* a policy filed under a category and its ancestor is met twice:
	 * once is enough (seen[policy] = fact index + 1) */
	size_t *seen;
	size_t nfacts;                  /* facts judged so far */
	bool copy;                      /* facts go away: keep copies (policy_begin) */
};

static struct policy_run *run_begin(const struct model *m, bool copy)
{
	struct policy_run *r = xcalloc(1, sizeof *r);
	struct verdicts *vd = xcalloc(1, sizeof *vd);
	/* messages and violated facts: tens of megabytes on a
	 * violation-dense inventory, in blocks mapped present */
	arena_init_large(&vd->arena);
	r->cx.m = m;
	r->cx.vd = vd;
	sb_init(&r->cx.sb);
	canon_places(&r->cx);
	pindex_build(&r->ix, m);
	r->seen = xcalloc(m->npolicies + 1, sizeof *r->seen);
	r->copy = copy;
	return r;
}

struct policy_run *policy_begin(const struct model *m)
{
	return run_begin(m, true);
}

void policy_judge(struct policy_run *r, const struct fact *f, size_t n)
{
	struct verdicts *vd = r->cx.vd;
	for (size_t i = 0; i < n; i++, r->nfacts++) {
		size_t before = vd->n;
		meet_fact(&r->cx, &r->ix, r->seen, r->nfacts, &f[i]);
		if (!r->copy || vd->n == before)
			continue;
		/* violated: the violations point at a copy that stays */
		struct fact *keep = arena_alloc(&vd->arena, sizeof *keep);
		*keep = f[i];
		for (size_t k = before; k < vd->n; k++)
			vd->v[k].fact = keep;
	}
}

struct verdicts *policy_end(struct policy_run *r, const struct factset *fs)
{
	struct verdicts *vd = r->cx.vd;
	const struct model *m = r->cx.m;
	sb_release(&r->cx.sb);
	big_free(r->cx.msgs);
	big_free(r->cx.table);
	free(r->cx.canon);
	free(r->cx.rs);
	free(r->seen);
	pindex_free(&r->ix);
	free(r);
	/* facts in derivation order: sort the violations */
	if (vd->n > 1 && !fs->sorted)
		sort_by_key(vd, m, fs);
	else if (vd->n > 1)
		sort_by_policy(vd, m->npolicies);
	return vd;
}

struct verdicts *policy_evaluate(const struct model *m, const struct factset *fs)
{
	struct policy_run *r = run_begin(m, false);
	policy_judge(r, fs->facts, fs->nfacts);
	return policy_end(r, fs);
}

void verdicts_free(struct verdicts *v)
{
	if (!v)
		return;
	big_free(v->v);
	arena_release(&v->arena);
	free(v);
}
