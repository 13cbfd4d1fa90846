/*
 * Unit tests of policy evaluation: selector keys (prefixes on dot
 * boundaries, nested groups, providers with operators, kinds, modes),
 * except, each effect with its exact message, severity counts, the
 * order of verdicts and the policy index (no duplicates, no misses).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mbuild.h"
#include "cmd/cli.h"
#include "engine/flows.h"
#include "engine/policy.h"
#include "engine/subset.h"

static struct policy *POL(struct model *m, const char *id, enum severity sev)
{
	struct policy *p = model_add_policy(m, id, P(0));
	p->severity = sev;
	return p;
}

/* Sets key k of s to the listed ids, resolved by the key's kind. */
static void SEL(struct model *m, struct selector *s, enum sel_key k, const char *list)
{
	const char **w;
	size_t n = words(m, list, &w);
	const void **items = model_alloc(m, (n + 1) * sizeof *items);
	for (size_t i = 0; i < n; i++) {
		switch (k) {
		case SEL_DATA: items[i] = DATA(m, w[i]); break;
		case SEL_SUBJECTS: items[i] = SUBJ(m, w[i]); break;
		case SEL_PURPOSES: items[i] = PURP(m, w[i]); break;
		case SEL_TENANTS:
		case SEL_OWNERS:
		case SEL_OPERATORS: items[i] = model_find_tenant(m, w[i]); break;
		case SEL_SERVICES: items[i] = model_find_service(m, w[i]); break;
		case SEL_PROVIDERS: items[i] = model_find_provider(m, w[i]); break;
		case SEL_REGIONS: items[i] = model_find_region(m, w[i]); break;
		case SEL_COUNTRIES:
		case SEL_JURISDICTIONS:
		case SEL_REACH:
		case SEL_SUBJECT_JURS: items[i] = model_find_jur(m, w[i]); break;
		case SEL_KINDS: s->kinds |= 1u << kind_parse(w[i]); break;
		case SEL_MODES: s->modes |= 1u << mode_parse(w[i]); break;
		case SEL__COUNT: break;
		}
	}
	s->has[k] = true;
	s->items[k] = items;
	s->n[k] = n;
}

static void ALLOW(struct model *m, struct policy *p, const char *list)
{
	const char **w;
	p->has_allow_in = true;
	p->nallow_in = words(m, list, &w);
	p->allow_in = model_alloc(m, (p->nallow_in + 1) * sizeof *p->allow_in);
	for (size_t i = 0; i < p->nallow_in; i++) {
		struct place *pl = &p->allow_in[i];
		if ((pl->u.region = model_find_region(m, w[i])))
			pl->type = PLACE_REGION;
		else if ((pl->u.jur = model_find_jur(m, w[i])))
			pl->type = PLACE_JUR;
		else if ((pl->u.provider = model_find_provider(m, w[i])))
			pl->type = PLACE_PROVIDER;
		else
			abort();
	}
}

static void DENY_REACH(struct model *m, struct policy *p, const char *list)
{
	const char **w;
	p->ndeny_reach = words(m, list, &w);
	p->deny_reach = model_alloc(m, (p->ndeny_reach + 1) * sizeof *p->deny_reach);
	for (size_t i = 0; i < p->ndeny_reach; i++)
		p->deny_reach[i].jur = model_find_jur(m, w[i]);
}

/* "policy effect severity: message" per violation, and the counts. */
static char *dump_verdicts(const struct verdicts *vd)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < vd->n; i++) {
		const struct violation *v = &vd->v[i];
		sb_addf(&sb, "%s %s %s: %s\n", v->policy->id, effect_name(v->effect),
			severity_name(v->policy->severity), v->message);
	}
	sb_addf(&sb, "error=%zu warning=%zu info=%zu\n", vd->count[SEV_ERROR],
		vd->count[SEV_WARNING], vd->count[SEV_INFO]);
	return sb_detach(&sb);
}

/*
 * The story of examples/story in small: an archive of intercepted calls in
 * westeurope reached from IL, a clinic whose geo-redundant records land
 * in the US, and a research lab exempted by `except`.
 */
static struct model *story(void)
{
	struct model *m = world();
	struct service *a = SVC(m, "archive", "imod", "azure:westeurope", 10);
	ACCESS(m, a, 12, "IL");
	STORE(m, a, 11, "comms.voice", "gaza-residents", "surveillance.mass");
	struct service *r = SVC(m, "records", "clinic", "azure:westeurope", 20);
	GEO(r, 21);
	STORE(m, r, 22, "health.records", "eu-residents", "care");
	struct service *b = SVC(m, "br-records", "clinic", "azure:brazilsouth", 30);
	GEO(b, 31);
	STORE(m, b, 32, "health.records", "eu-residents", "care");
	struct service *l = SVC(m, "lab", "research", "azure:southcentralus", 40);
	STORE(m, l, 41, "health.records", "eu-residents", "research");

	struct policy *p = POL(m, "no-mass-surveillance", SEV_ERROR);
	SEL(m, &p->match, SEL_PURPOSES, "surveillance");
	p->deny = true;
	p = POL(m, "eu-health-in-eu", SEV_WARNING);
	SEL(m, &p->match, SEL_DATA, "health");
	SEL(m, &p->match, SEL_SUBJECTS, "eu-residents");
	SEL(m, &p->match, SEL_MODES, "stored replica");
	ALLOW(m, p, "EU");
	DENY_REACH(m, p, "US");
	p->has_except = true;
	SEL(m, &p->except, SEL_TENANTS, "research");
	p = POL(m, "il-access", SEV_INFO);
	SEL(m, &p->match, SEL_DATA, "comms");
	DENY_REACH(m, p, "IL");
	return m;
}

static void test_story_messages(void **state)
{
	(void)state;
	struct model *m = story();
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *vd = policy_evaluate(m, fs);
	char *s = dump_verdicts(vd);
	assert_string_equal(s,
		"eu-health-in-eu allow_in warning: health.records about eu-residents is stored by br-records in azure:brazilsouth (BR), outside EU\n"
		"eu-health-in-eu deny_reach warning: health.records about eu-residents is stored by br-records in azure:brazilsouth (BR) and reached by US through provider azure: US CLOUD Act (18 USC 2713)\n"
		"eu-health-in-eu deny_reach warning: health.records about eu-residents is replicated by records to azure:northeurope (IE) and reached by US through provider azure: US CLOUD Act (18 USC 2713)\n"
		"eu-health-in-eu deny_reach warning: health.records about eu-residents is stored by records in azure:westeurope (NL) and reached by US through provider azure: US CLOUD Act (18 USC 2713)\n"
		"eu-health-in-eu allow_in warning: health.records about eu-residents is replicated by br-records to azure:southcentralus (US), outside EU\n"
		"eu-health-in-eu deny_reach warning: health.records about eu-residents is replicated by br-records to azure:southcentralus (US) and reached by US through the region's location and through provider azure: US CLOUD Act (18 USC 2713)\n"
		"il-access deny_reach info: comms.voice about gaza-residents is accessed from IL through archive in azure:westeurope (NL) and reached by IL through remote access from IL\n"
		"il-access deny_reach info: comms.voice about gaza-residents is stored by archive in azure:westeurope (NL) and reached by IL through remote access from IL\n"
		"no-mass-surveillance deny error: comms.voice about gaza-residents is accessed from IL through archive in azure:westeurope (NL) for surveillance.mass, which policy denies\n"
		"no-mass-surveillance deny error: comms.voice about gaza-residents is stored by archive in azure:westeurope (NL) for surveillance.mass, which policy denies\n"
		"error=2 warning=6 info=2\n");
	/* each violation points at its fact and, for deny_reach, the reach
	 * entries: one violation for both reasons of the US region */
	assert_int_equal(vd->v[0].effect, EFFECT_ALLOW_IN);
	assert_null(vd->v[0].reach);
	assert_string_equal(vd->v[0].fact->service->id, "br-records");
	assert_int_equal(vd->v[5].reach->why, REACH_LOCATION);
	assert_int_equal(violation_nreach(&vd->v[5]), 2);
	assert_ptr_equal(violation_reach(&vd->v[5], 0), vd->v[5].reach);
	assert_int_equal(violation_reach(&vd->v[5], 1)->why, REACH_PROVIDER_HQ);
	assert_true(violation_names_reach(&vd->v[5], &vd->v[5].fact->reach[1]));
	assert_int_equal(violation_nreach(&vd->v[2]), 1);
	assert_int_equal(violation_nreach(&vd->v[0]), 0);
	assert_int_equal(vd->v[6].fact->source->line, 12);
	assert_int_equal(vd->v[9].fact->source->line, 11);
	free(s);
	verdicts_free(vd);
	factset_free(fs);
	model_free(m);
}

/* Finds the fact of service svc in region (and mode); fails when absent. */
static const struct fact *find(const struct factset *fs, const char *svc, const char *region,
			       enum mode md)
{
	for (size_t i = 0; i < fs->nfacts; i++)
		if (!strcmp(fs->facts[i].service->id, svc) &&
		    !strcmp(fs->facts[i].region->id, region) && fs->facts[i].mode == md)
			return &fs->facts[i];
	fail_msg("no fact %s %s", svc, region);
	return NULL;
}

static void test_selector_keys(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:westeurope azure:chinanorth", 10);
	a->kind = KIND_AI;
	ACCESS(m, a, 9, "US");
	STORE(m, a, 11, "health.records.x", "eu-residents nl-residents", "care surveillance.mass");
	/* declared so that "health.rec" exists as a term that is not a prefix */
	DATA(m, "health.rec");
	struct selector s[20];
	memset(s, 0, sizeof s);
	SEL(m, &s[0], SEL_DATA, "health");
	SEL(m, &s[1], SEL_DATA, "health.rec");
	SEL(m, &s[2], SEL_PURPOSES, "surveillance");
	SEL(m, &s[3], SEL_PURPOSES, "surveillance.mass.x care.y");
	SEL(m, &s[4], SEL_SUBJECTS, "nl-residents");
	SEL(m, &s[5], SEL_JURISDICTIONS, "EEA");          /* EEA > EU > NL */
	SEL(m, &s[6], SEL_JURISDICTIONS, "US CN");
	SEL(m, &s[7], SEL_PROVIDERS, "21vianet");        /* operator of chinanorth */
	SEL(m, &s[8], SEL_PROVIDERS, "azure");
	SEL(m, &s[9], SEL_KINDS, "storage ai");
	SEL(m, &s[10], SEL_KINDS, "storage");
	SEL(m, &s[11], SEL_MODES, "accessed");
	SEL(m, &s[12], SEL_COUNTRIES, "NL");
	SEL(m, &s[13], SEL_REGIONS, "azure:westeurope");
	SEL(m, &s[14], SEL_TENANTS, "imod");
	SEL(m, &s[15], SEL_SERVICES, "a");
	/* AND across keys: data matches, tenant does not */
	SEL(m, &s[16], SEL_DATA, "health");
	SEL(m, &s[16], SEL_TENANTS, "clinic");
	/* nothing present: matches all */
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	const struct fact *we = find(fs, "a", "azure:westeurope", MODE_STORED);
	const struct fact *cn = find(fs, "a", "azure:chinanorth", MODE_STORED);
	const struct fact *acc = find(fs, "a", "azure:westeurope", MODE_ACCESSED);
	assert_true(selector_match(m, &s[0], we));
	assert_false(selector_match(m, &s[1], we));
	assert_true(selector_match(m, &s[2], we));
	assert_false(selector_match(m, &s[3], we));
	assert_true(selector_match(m, &s[4], we));
	assert_true(selector_match(m, &s[5], we));
	assert_false(selector_match(m, &s[5], cn));
	assert_false(selector_match(m, &s[6], we));
	assert_true(selector_match(m, &s[6], cn));
	assert_true(selector_match(m, &s[6], acc));        /* accessed from US */
	assert_false(selector_match(m, &s[7], we));
	assert_true(selector_match(m, &s[7], cn));
	assert_true(selector_match(m, &s[8], cn));
	assert_true(selector_match(m, &s[9], we));
	assert_false(selector_match(m, &s[10], we));
	assert_false(selector_match(m, &s[11], we));
	assert_true(selector_match(m, &s[11], acc));
	assert_true(selector_match(m, &s[12], we));
	assert_false(selector_match(m, &s[12], acc));
	assert_true(selector_match(m, &s[13], acc));
	assert_false(selector_match(m, &s[13], cn));
	assert_true(selector_match(m, &s[14], we));
	assert_true(selector_match(m, &s[15], we));
	assert_false(selector_match(m, &s[16], we));
	assert_true(selector_match(m, &s[17], we));
	factset_free(fs);
	model_free(m);
}

/*
 * The index must neither miss nor repeat: a policy naming a category
 * and its ancestor meets a fact once; a policy with no match key meets
 * every fact; allow_in by region and provider; severity counts.
 */
static void test_index_and_places(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:westeurope onprem:tlv-1", 10);
	STORE(m, a, 11, "health.records", "", "");
	STORE(m, a, 12, "contact", "", "");
	struct policy *p = POL(m, "both", SEV_ERROR);
	SEL(m, &p->match, SEL_DATA, "health health.records");
	p->deny = true;
	p = POL(m, "everything", SEV_INFO);
	p->deny = true;
	p = POL(m, "in-place", SEV_WARNING);
	ALLOW(m, p, "azure:westeurope onprem");
	p = POL(m, "only-we", SEV_WARNING);
	SEL(m, &p->match, SEL_DATA, "contact");
	ALLOW(m, p, "azure:westeurope");
	p = POL(m, "none", SEV_ERROR);
	SEL(m, &p->match, SEL_DATA, "finance");
	p->deny = true;
	p = POL(m, "no-effect", SEV_ERROR);
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *vd = policy_evaluate(m, fs);
	char *s = dump_verdicts(vd);
	assert_string_equal(s,
		"both deny error: health.records is stored by a in onprem:tlv-1 (IL), which policy denies\n"
		"both deny error: health.records is stored by a in azure:westeurope (NL), which policy denies\n"
		"everything deny info: contact is stored by a in onprem:tlv-1 (IL), which policy denies\n"
		"everything deny info: contact is stored by a in azure:westeurope (NL), which policy denies\n"
		"everything deny info: health.records is stored by a in onprem:tlv-1 (IL), which policy denies\n"
		"everything deny info: health.records is stored by a in azure:westeurope (NL), which policy denies\n"
		"only-we allow_in warning: contact is stored by a in onprem:tlv-1 (IL), outside azure:westeurope\n"
		"error=2 warning=1 info=4\n");
	free(s);
	verdicts_free(vd);
	factset_free(fs);
	model_free(m);
}

/* Several listed places read as a list; except by a selector of several keys. */
static void test_allow_in_list_and_except(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:southcentralus", 10);
	STORE(m, a, 11, "health", "eu-residents", "");
	struct service *b = SVC(m, "b", "clinic", "azure:southcentralus", 20);
	STORE(m, b, 21, "health", "eu-residents", "");
	struct policy *p = POL(m, "p", SEV_ERROR);
	ALLOW(m, p, "EU NO azure:westeurope");
	p->has_except = true;
	SEL(m, &p->except, SEL_TENANTS, "clinic");
	SEL(m, &p->except, SEL_COUNTRIES, "US");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *vd = policy_evaluate(m, fs);
	char *s = dump_verdicts(vd);
	assert_string_equal(s,
		"p allow_in error: health about eu-residents is stored by a in azure:southcentralus (US), outside EU, NO or azure:westeurope\n"
		"error=1 warning=0 info=0\n");
	assert_string_equal(vd->v[0].fact->service->id, "a");
	free(s);
	verdicts_free(vd);
	factset_free(fs);
	model_free(m);
}

/* Policies judging one fact alike share one message; others do not. */
static void test_messages_shared(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:southcentralus", 10);
	STORE(m, a, 11, "health", "", "");
	struct policy *p = POL(m, "a1", SEV_ERROR);
	ALLOW(m, p, "EU");
	p->deny = true;
	p = POL(m, "a2", SEV_ERROR);
	ALLOW(m, p, "EU");
	p->deny = true;
	p = POL(m, "a3", SEV_ERROR);
	ALLOW(m, p, "EEA");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *vd = policy_evaluate(m, fs);
	char *s = dump_verdicts(vd);
	assert_string_equal(s,
		"a1 deny error: health is stored by a in azure:southcentralus (US), which policy denies\n"
		"a1 allow_in error: health is stored by a in azure:southcentralus (US), outside EU\n"
		"a2 deny error: health is stored by a in azure:southcentralus (US), which policy denies\n"
		"a2 allow_in error: health is stored by a in azure:southcentralus (US), outside EU\n"
		"a3 allow_in error: health is stored by a in azure:southcentralus (US), outside EEA\n"
		"error=5 warning=0 info=0\n");
	assert_ptr_equal(vd->v[0].message, vd->v[2].message);
	assert_ptr_equal(vd->v[1].message, vd->v[3].message);
	assert_ptr_not_equal(vd->v[1].message, vd->v[4].message);
	free(s);
	verdicts_free(vd);
	factset_free(fs);
	model_free(m);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const r_regions[] = {
	"azure:westeurope", "azure:northeurope", "azure:brazilsouth", "azure:southcentralus",
	"azure:northcentralus", "azure:chinanorth", "onprem:tlv-1", "azure:eu", "azure:global",
};
static const char *const r_data[] = {
	"health", "health.records", "health.records.lab", "comms", "comms.voice", "contact",
};
static const char *const r_subjects[] = { "eu-residents", "patients", "staff", "gaza-residents" };
static const char *const r_purposes[] = { "care", "surveillance", "surveillance.mass", "research.x" };
static const char *const r_tenants[] = { "clinic", "imod", "vendor", "paused", "research", "gone" };
static const char *const r_jurs[] = { "NL", "IE", "US", "BR", "IL", "CN", "EU", "EEA" };
static const char *const r_providers[] = { "azure", "21vianet", "onprem" };
static const char *const r_kinds[] = { "storage", "ai", "compute" };
static const char *const r_modes[] = { "stored", "replica", "processed", "accessed" };

/* "a b" of 1..max random words of list. */
static const char *some(char *buf, size_t cap, const char *const *list, size_t n, unsigned max)
{
	buf[0] = 0;
	unsigned k = 1 + pick(max);
	for (unsigned i = 0; i < k; i++) {
		strncat(buf, list[pick((unsigned)n)], cap - strlen(buf) - 2);
		strcat(buf, " ");
	}
	return buf;
}

#define SOME(list, max) some(buf, sizeof buf, list, ARRAY_LEN(list), max)

static void random_selector(struct model *m, struct selector *sel, unsigned nsvc)
{
	char buf[256];
	unsigned nkeys = pick(4);
	for (unsigned i = 0; i < nkeys; i++) {
		enum sel_key k = (enum sel_key)pick(SEL__COUNT);
		if (sel->has[k])
			continue;
		switch (k) {
		case SEL_DATA: SEL(m, sel, k, SOME(r_data, 2)); break;
		case SEL_SUBJECTS: SEL(m, sel, k, SOME(r_subjects, 2)); break;
		case SEL_PURPOSES: SEL(m, sel, k, SOME(r_purposes, 2)); break;
		case SEL_TENANTS: SEL(m, sel, k, SOME(r_tenants, 2)); break;
		case SEL_SERVICES:
			snprintf(buf, sizeof buf, "s%02u s%02u", pick(nsvc), pick(nsvc));
			SEL(m, sel, k, buf);
			break;
		case SEL_KINDS: SEL(m, sel, k, SOME(r_kinds, 2)); break;
		case SEL_PROVIDERS: SEL(m, sel, k, SOME(r_providers, 2)); break;
		case SEL_REGIONS: SEL(m, sel, k, SOME(r_regions, 2)); break;
		case SEL_COUNTRIES: SEL(m, sel, k, SOME(r_jurs, 2)); break;
		case SEL_JURISDICTIONS: SEL(m, sel, k, SOME(r_jurs, 2)); break;
		case SEL_MODES: SEL(m, sel, k, SOME(r_modes, 2)); break;
		case SEL_OWNERS: SEL(m, sel, k, SOME(r_tenants, 2)); break;
		case SEL_OPERATORS: SEL(m, sel, k, SOME(r_tenants, 2)); break;
		case SEL_REACH: SEL(m, sel, k, SOME(r_jurs, 2)); break;
		case SEL_SUBJECT_JURS: SEL(m, sel, k, SOME(r_jurs, 2)); break;
		case SEL__COUNT: break;
		}
	}
}

/* How many of f's reach entries p's deny_reach names, by brute force. */
static size_t reasons(const struct model *m, const struct policy *p, const struct fact *f)
{
	size_t n = 0;
	for (size_t r = 0; r < f->nreach; r++)
		for (size_t j = 0; j < p->ndeny_reach; j++)
			if (model_jur_contains(m, p->deny_reach[j].jur, f->reach[r].jur)) {
				n++;
				break;
			}
	return n;
}

static bool outside(const struct model *m, const struct policy *p, const struct fact *f)
{
	for (size_t i = 0; i < p->nallow_in; i++) {
		const struct place *pl = &p->allow_in[i];
		/* a region holds an accessed fact only when accessed from its country */
		bool member = false;
		for (size_t k = 0; pl->type == PLACE_REGION && k < pl->u.region->nmembers; k++)
			member |= pl->u.region->members[k].region == f->region;
		if (pl->type == PLACE_REGION && (pl->u.region == f->region || member) &&
		    (f->mode != MODE_ACCESSED || f->country == f->region->country))
			return false;
		if (pl->type == PLACE_JUR && model_jur_contains(m, pl->u.jur, f->country))
			return false;
		if (pl->type == PLACE_PROVIDER && (pl->u.provider == f->region->provider ||
						   pl->u.provider == f->region->operator))
			return false;
	}
	return true;
}

enum { NS = 40, NP = 40 };

/* A random inventory of NS services and NP policies over world(), its
 * subjects about places (finalized). */
static struct model *random_inventory(void)
{
	char buf[256], id[16];
	struct model *m = world();
	MULTI(m, "azure:eu", "azure", "azure:westeurope azure:northeurope");
	model_add_global_regions(m);
	struct service *sv[NS];
	for (unsigned i = 0; i < NS; i++) {
		snprintf(id, sizeof id, "s%02u", i);
		sv[i] = SVC(m, id, r_tenants[pick(ARRAY_LEN(r_tenants))], SOME(r_regions, 2), i + 1);
		if (!pick(4))
			USES(m, sv[i], SOME(r_purposes, 2));
		sv[i]->kind = (enum svc_kind)kind_parse(r_kinds[pick(3)]);
		if (!pick(3))
			GEO(sv[i], 100 + i);
		if (!pick(8))
			REPLICAS(m, sv[i], 200 + i, SOME(r_regions, 1));
		if (!pick(4))
			ACCESS(m, sv[i], 300 + i, SOME(r_jurs, 2) /* groups are skipped below */);
		for (size_t k = 0; k < sv[i]->naccess_from; k++)
			if (sv[i]->access_from[k].jur->is_group)
				sv[i]->access_from[k].jur = model_find_jur(m, "IL");
		for (unsigned e = pick(3); e > 0; e--) {
			char d[64], su[64];
			snprintf(d, sizeof d, "%s", SOME(r_data, 2));
			snprintf(su, sizeof su, "%s", SOME(r_subjects, 2));
			STORE(m, sv[i], 400 + i, d, su, SOME(r_purposes, 2));
		}
	}
	for (unsigned i = 0; i < NS; i++)
		for (unsigned e = pick(3); e > 0; e--) {
			snprintf(id, sizeof id, "s%02u", pick(NS));
			if (pick(3))
				DEP(m, sv[i], 500 + i, id, SOME(r_data, 2));
			else if (strcmp(id, sv[i]->id))
				RECV(m, sv[i], 600 + i, id, SOME(r_data, 2));
		}
	for (unsigned i = 0; i < NP; i++) {
		snprintf(id, sizeof id, "p%02u", i);
		struct policy *p = POL(m, id, (enum severity)pick(3));
		random_selector(m, &p->match, NS);
		if (!pick(4)) {
			p->has_except = true;
			random_selector(m, &p->except, NS);
		}
		p->deny = !pick(3);
		if (!pick(2))
			ALLOW(m, p, SOME(r_jurs, 2));
		else if (!pick(3))
			ALLOW(m, p, "azure:westeurope onprem");
		else if (!pick(2))
			ALLOW(m, p, pick(2) ? "azure:eu" : "azure:global IL");
		if (!pick(2))
			DENY_REACH(m, p, SOME(r_jurs, 2));
	}
	SUBJ(m, "eu-residents")->jurisdiction = model_find_jur(m, "EU");
	SUBJ(m, "patients")->jurisdiction = model_find_jur(m, "NL");
	/* staff: no jurisdiction, never within one */
	SUBJ(m, "gaza-residents")->jurisdiction = model_find_jur(m, "IL");
	FINALIZE(m);
	return m;
}

/*
 * Random inventories and policies: the indexed evaluation must find
 * exactly what testing every policy against every fact finds, in the
 * documented order.
 */
static void test_index_equals_brute_force(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		struct model *m = random_inventory();
		struct factset *fs = facts_derive(m);
		struct verdicts *vd = policy_evaluate(m, fs);
		size_t want[NP] = { 0 }, got[NP] = { 0 }, total = 0;
		size_t sev[SEV__COUNT] = { 0 };
		for (unsigned i = 0; i < NP; i++) {
			const struct policy *p = m->policies[i];
			for (size_t k = 0; k < fs->nfacts; k++) {
				const struct fact *f = &fs->facts[k];
				if (!selector_match(m, &p->match, f) ||
				    (p->has_except && selector_match(m, &p->except, f)))
					continue;
				size_t n = p->deny + (p->has_allow_in && outside(m, p, f));
				n += reasons(m, p, f) > 0;   /* one per fact, all reasons */
				want[i] += n;
				sev[p->severity] += n;
				total += n;
			}
		}
		assert_int_equal(vd->n, total);
		for (size_t i = 0; i < vd->n; i++) {
			const struct violation *v = &vd->v[i];
			got[v->policy->index]++;
			/* shared messages must still be about this very fact */
			const struct fact *f = v->fact;
			char want_start[128];
			snprintf(want_start, sizeof want_start, "%s%s%s", f->data->id,
				 f->subjects->n ? " about " : "",
				 f->subjects->n ? f->subjects->items[0]->id : "");
			assert_int_equal(strncmp(v->message, want_start, strlen(want_start)), 0);
			const struct region_ref *fpl = fact_place(f);
			if (fpl && fpl->region != f->region)
				snprintf(want_start, sizeof want_start, " %s (%s, in multi-region %s)",
					 f->region->id, f->region->country->id, fpl->region->id);
			else
				snprintf(want_start, sizeof want_start, " %s (%s)", f->region->id,
					 f->region->country->id);
			assert_non_null(strstr(v->message, want_start));
			if (f->mode == MODE_ACCESSED) {
				snprintf(want_start, sizeof want_start, " accessed from %s through %s in ",
					 f->country->id, f->service->id);
				assert_non_null(strstr(v->message, want_start));
			}
			if (v->effect == EFFECT_DENY_REACH) {
				snprintf(want_start, sizeof want_start, " and reached by %s through ",
					 v->reach->jur->id);
				assert_non_null(strstr(v->message, want_start));
				size_t nr = violation_nreach(v);
				assert_int_equal(nr, reasons(m, v->policy, f));
				for (size_t r = 0; r < nr; r++) {
					const struct reach *rc = violation_reach(v, r);
					assert_true(rc >= f->reach && rc < f->reach + f->nreach);
					assert_true(!r || rc > violation_reach(v, r - 1));
					snprintf(want_start, sizeof want_start, "by %s through ",
						 rc->jur->id);
					assert_non_null(strstr(v->message, want_start));
				}
			}
			if (v->effect == EFFECT_ALLOW_IN) {
				const struct place *pl = &v->policy->allow_in[v->policy->nallow_in - 1];
				const char *last = pl->type == PLACE_REGION ? pl->u.region->id :
						   pl->type == PLACE_JUR ? pl->u.jur->id : pl->u.provider->id;
				size_t ml = strlen(v->message), ll = strlen(last);
				assert_true(ml > ll && !strcmp(v->message + ml - ll, last));
				assert_non_null(strstr(v->message, ", outside "));
			}
			if (v->effect == EFFECT_DENY && f->purposes->n)
				assert_non_null(strstr(v->message, f->purposes->items[0]->id));
			if (v->effect == EFFECT_DENY && f->used_for->n) {
				snprintf(want_start, sizeof want_start, ", used for %s",
					 f->used_for->items[0]->id);
				assert_non_null(strstr(v->message, want_start));
			}
			if (i == 0)
				continue;
			const struct violation *u = &vd->v[i - 1];
			assert_true(u->policy->index <= v->policy->index);
			if (u->policy == v->policy) {
				assert_true(u->fact <= v->fact);
				if (u->fact == v->fact)
					assert_true(u->effect < v->effect);
			}
		}
		for (unsigned i = 0; i < NP; i++)
			assert_int_equal(got[i], want[i]);
		for (int k = 0; k < SEV__COUNT; k++)
			assert_int_equal(vd->count[k], sev[k]);
		/* facts left in derivation order (check): the same violations in
		 * the same order, only pointing into the other array */
		struct factset *ufs = facts_derive_opts(m, false, NULL, NULL);
		assert_false(ufs->sorted);
		assert_int_equal(ufs->nfacts, fs->nfacts);
		struct verdicts *uvd = policy_evaluate(m, ufs);
		assert_int_equal(uvd->n, vd->n);
		for (size_t i = 0; i < vd->n; i++) {
			assert_ptr_equal(uvd->v[i].policy, vd->v[i].policy);
			assert_int_equal(uvd->v[i].effect, vd->v[i].effect);
			assert_int_equal(fact_cmp(uvd->v[i].fact, vd->v[i].fact), 0);
			assert_string_equal(uvd->v[i].message, vd->v[i].message);
			assert_int_equal(violation_nreach(&uvd->v[i]), violation_nreach(&vd->v[i]));
		}
		for (int k = 0; k < SEV__COUNT; k++)
			assert_int_equal(uvd->count[k], vd->count[k]);
		verdicts_free(uvd);
		factset_free(ufs);
		verdicts_free(vd);
		factset_free(fs);
		model_free(m);
	}
}

static bool listed(const struct selector *sel, enum sel_key k, const void *p)
{
	for (size_t i = 0; i < sel->n[k]; i++)
		if (sel->items[k][i] == p)
			return true;
	return false;
}

/* Country c of m is in jurisdiction j, from the members as declared. */
static bool in_jur(const struct jur *j, const struct jur *c)
{
	if (j == c)
		return true;
	for (size_t i = 0; j->is_group && i < j->nmembers; i++)
		if (in_jur(j->members[i], c))
			return true;
	return false;
}

/* Subject jurisdiction sj lies within j: it holds some country and
 * every country it holds is in j. */
static bool within(const struct model *m, const struct jur *sj, const struct jur *j)
{
	if (!sj)
		return false;
	size_t n = 0;
	for (size_t c = 0; c < m->ncountries; c++) {
		if (!in_jur(sj, m->countries[c]))
			continue;
		n++;
		if (!in_jur(j, m->countries[c]))
			return false;
	}
	return n > 0;
}

/* The version 1.1 keys, by brute force over the declarations. */
static bool oracle_key(const struct model *m, const struct selector *sel, enum sel_key k,
		       const struct fact *f)
{
	switch (k) {
	case SEL_TENANTS:
		return listed(sel, k, f->tenant) || listed(sel, k, f->service->tenant);
	case SEL_OWNERS:
		return listed(sel, k, f->tenant);
	case SEL_OPERATORS:
		return listed(sel, k, f->service->tenant);
	case SEL_REACH:
		for (size_t r = 0; r < f->nreach; r++)
			for (size_t i = 0; i < sel->n[k]; i++)
				if (in_jur(sel->items[k][i], f->reach[r].jur))
					return true;
		return false;
	case SEL_SUBJECT_JURS:
		for (size_t s = 0; s < f->subjects->n; s++)
			for (size_t i = 0; i < sel->n[k]; i++)
				if (within(m, f->subjects->items[s]->jurisdiction, sel->items[k][i]))
					return true;
		return false;
	default:
		abort();
	}
}

/*
 * Random inventories: each key of a tenant and of reach, alone, matches
 * exactly the facts an independent reading of the declarations says.
 */
static void test_filter_keys_brute_force(void **state)
{
	(void)state;
	static const enum sel_key keys[] = {
		SEL_TENANTS, SEL_OWNERS, SEL_OPERATORS, SEL_REACH, SEL_SUBJECT_JURS,
	};
	char buf[256];
	size_t matched[ARRAY_LEN(keys)] = { 0 }, missed[ARRAY_LEN(keys)] = { 0 };
	for (int round = 0; round < 10; round++) {
		struct model *m = random_inventory();
		struct factset *fs = facts_derive(m);
		for (size_t k = 0; k < ARRAY_LEN(keys); k++)
			for (int t = 0; t < 8; t++) {
				struct selector sel;
				memset(&sel, 0, sizeof sel);
				bool tenant = keys[k] != SEL_REACH && keys[k] != SEL_SUBJECT_JURS;
				SEL(m, &sel, keys[k], tenant ? SOME(r_tenants, 2) : SOME(r_jurs, 2));
				for (size_t i = 0; i < fs->nfacts; i++) {
					bool want = oracle_key(m, &sel, keys[k], &fs->facts[i]);
					assert_int_equal(selector_match(m, &sel, &fs->facts[i]), want);
					matched[k] += want;
					missed[k] += !want;
				}
			}
		factset_free(fs);
		model_free(m);
	}
	/* both outcomes were seen for every key: the test tested something */
	for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
		assert_true(matched[k] > 0);
		assert_true(missed[k] > 0);
	}
}

/*
 * The property of issue 14: for random inventories, `check --tenant T`
 * (the filter as the command line makes it, and the subset check and a
 * filtered report show) has exactly the violations of the whole check
 * whose fact has T as owner or operator, in the same order, with the
 * same counts; so a per-tenant report cannot say that all policies hold
 * while one of them does not.
 */
static void test_check_tenant_property(void **state)
{
	(void)state;
	size_t seen_owner_only = 0, seen_operator_only = 0;
	for (int round = 0; round < 10; round++) {
		struct model *m = random_inventory();
		struct factset *fs = facts_derive_opts(m, false, NULL, NULL);
		struct verdicts *vd = policy_evaluate(m, fs);
		for (size_t t = 0; t < ARRAY_LEN(r_tenants); t++) {
			const struct tenant *tn = model_find_tenant(m, r_tenants[t]);
			struct cli c;
			cli_init(&c, "check", "resmap check [options] PATH...");
			assert_int_equal(cli_option(&c, OPT_FILTER + SEL_TENANTS, r_tenants[t]), 1);
			struct selector sel;
			assert_int_equal(cli_filter(&c, m, &sel), 0);
			struct subset sub;
			subset_select(&sub, m, &sel, NULL, fs);
			subset_copy(&sub, fs, vd);
			size_t k = 0, count[SEV__COUNT] = { 0 };
			for (size_t i = 0; i < vd->n; i++) {
				const struct violation *v = &vd->v[i];
				bool owner = v->fact->tenant == tn;
				bool op = v->fact->service->tenant == tn;
				seen_owner_only += owner && !op;
				seen_operator_only += op && !owner;
				if (!owner && !op)
					continue;
				assert_true(k < sub.v.n);
				const struct violation *w = &sub.v.v[k++];
				assert_ptr_equal(w->policy, v->policy);
				assert_int_equal(w->effect, v->effect);
				assert_int_equal(fact_cmp(w->fact, v->fact), 0);
				assert_string_equal(w->message, v->message);
				count[v->policy->severity]++;
			}
			assert_int_equal(sub.v.n, k);
			for (int sv = 0; sv < SEV__COUNT; sv++)
				assert_int_equal(sub.v.count[sv], count[sv]);
			subset_release(&sub);
			cli_release(&c);
		}
		verdicts_free(vd);
		factset_free(fs);
		model_free(m);
	}
	/* facts where owner and operator differ, on both sides, were judged */
	assert_true(seen_owner_only > 0);
	assert_true(seen_operator_only > 0);
}

/*
 * match.purposes meets either list; a multi-region in allow_in and in
 * match.regions stands for its members; allow_in: [EU] holds for a
 * European multi-region and breaks for a global one.
 */
static void test_used_for_and_multi_regions(void **state)
{
	(void)state;
	struct model *m = world();
	MULTI(m, "azure:eu", "azure", "azure:westeurope azure:northeurope");
	model_add_global_regions(m);
	struct service *o = SVC(m, "records", "clinic", "azure:eu", 10);
	struct service *t = SVC(m, "trainer", "clinic", "azure:global", 20);
	STORE(m, o, 11, "health", "", "care");
	USES(m, t, "ai.training");
	RECV(m, t, 21, "records", "health");
	struct policy *deny = POL(m, "no-ai", SEV_ERROR);
	SEL(m, &deny->match, SEL_PURPOSES, "ai");
	deny->deny = true;
	struct policy *eu = POL(m, "eu", SEV_ERROR);
	ALLOW(m, eu, "EU");
	struct policy *place = POL(m, "place", SEV_ERROR);
	SEL(m, &place->match, SEL_REGIONS, "azure:eu");
	ALLOW(m, place, "azure:eu");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *vd = policy_evaluate(m, fs);
	size_t n[3] = { 0 };
	for (size_t i = 0; i < vd->n; i++) {
		const struct violation *v = &vd->v[i];
		n[v->policy->index]++;
		assert_ptr_equal(v->fact->service, t);
		if (v->policy == deny)
			assert_non_null(strstr(v->message, " for care, used for ai.training, which"));
	}
	/* trainer: 5 azure regions outside China; 3 of them outside EU */
	assert_int_equal(n[deny->index], 5);
	assert_int_equal(n[eu->index], 3);
	assert_int_equal(n[place->index], 0);
	size_t inplace = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		inplace += selector_match(m, &place->match, &fs->facts[i]);
	assert_int_equal(inplace, 4);       /* records and trainer in two members each */
	verdicts_free(vd);
	factset_free(fs);
	model_free(m);
}

static void judge_sink(void *ctx, const struct fact *f, size_t n)
{
	policy_judge(ctx, f, n);
}

struct both { struct policy_run *run; struct flows_acc *flows; };

static void both_sink(void *ctx, const struct fact *f, size_t n)
{
	struct both *b = ctx;
	policy_judge(b->run, f, n);
	flows_add(b->flows, f, n);
}

static void same_verdicts(const struct verdicts *a, const struct verdicts *b)
{
	assert_int_equal(a->n, b->n);
	for (int s = 0; s < SEV__COUNT; s++)
		assert_int_equal(a->count[s], b->count[s]);
	for (size_t i = 0; i < a->n; i++) {
		const struct violation *x = &a->v[i], *y = &b->v[i];
		assert_ptr_equal(x->policy, y->policy);
		assert_int_equal(x->effect, y->effect);
		assert_int_equal(fact_cmp(x->fact, y->fact), 0);
		/* each derivation has its own paths and reach arrays */
		const struct service *px[64], *py[64];
		size_t nx = fact_path(x->fact, px, 64), ny = fact_path(y->fact, py, 64);
		assert_int_equal(nx, ny);
		for (size_t k = 0; k < nx && k < 64; k++)
			assert_ptr_equal(px[k], py[k]);
		assert_ptr_equal(x->fact->source, y->fact->source);
		assert_string_equal(x->message, y->message);
		assert_int_equal(violation_nreach(x), violation_nreach(y));
		for (size_t r = 0; r < violation_nreach(x); r++) {
			assert_ptr_equal(violation_reach(x, r)->jur, violation_reach(y, r)->jur);
			assert_int_equal(violation_reach(x, r)->why, violation_reach(y, r)->why);
			assert_int_equal(violation_reach(x, r) - x->fact->reach,
					 violation_reach(y, r) - y->fact->reach);
		}
	}
}

/*
 * check keeps no fact (facts_derive_each, policy_begin): for random
 * inventories its verdicts and flows are those of the facts kept, sorted
 * (violations put in order by policy) or not (sorted by packed keys).
 */
static void test_streamed_equals_kept(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		struct model *m = random_inventory();
		struct factset *sorted = facts_derive(m);
		struct factset *plain = facts_derive_opts(m, false, NULL, NULL);
		struct verdicts *vs = policy_evaluate(m, sorted);
		struct verdicts *vp = policy_evaluate(m, plain);
		struct both b = { policy_begin(m), flows_begin(m) };
		struct factset *none = facts_derive_each(m, both_sink, &b, NULL, NULL);
		struct verdicts *vn = policy_end(b.run, none);
		assert_null(none->facts);
		assert_int_equal(none->nfacts, sorted->nfacts);
		same_verdicts(vs, vp);
		/* read after the batches are gone: the violated facts were copied */
		same_verdicts(vs, vn);
		struct flows *fk = flows_derive(m, sorted, NULL), *fn = flows_end(b.flows);
		for (size_t i = 0; i < m->nservices; i++)
			for (size_t k = 0; k < m->services[i]->ndeps; k++)
				for (int back = 0; back < 2; back++) {
					size_t n1, n2;
					const struct term *const *t1 =
						flows_edge(fk, m->services[i], k, back, &n1);
					const struct term *const *t2 =
						flows_edge(fn, m->services[i], k, back, &n2);
					assert_int_equal(n1, n2);
					for (size_t j = 0; j < n1; j++)
						assert_ptr_equal(t1[j], t2[j]);
				}
		flows_free(fk);
		flows_free(fn);
		/* the sink may be the policy alone */
		struct policy_run *run = policy_begin(m);
		struct factset *none2 = facts_derive_each(m, judge_sink, run, NULL, NULL);
		struct verdicts *vn2 = policy_end(run, none2);
		same_verdicts(vs, vn2);
		verdicts_free(vn2);
		factset_free(none2);
		verdicts_free(vs);
		verdicts_free(vp);
		verdicts_free(vn);
		factset_free(sorted);
		factset_free(plain);
		factset_free(none);
		model_free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_story_messages),
		cmocka_unit_test(test_selector_keys),
		cmocka_unit_test(test_index_and_places),
		cmocka_unit_test(test_allow_in_list_and_except),
		cmocka_unit_test(test_index_equals_brute_force),
		cmocka_unit_test(test_used_for_and_multi_regions),
		cmocka_unit_test(test_messages_shared),
		cmocka_unit_test(test_filter_keys_brute_force),
		cmocka_unit_test(test_check_tenant_property),
		cmocka_unit_test(test_streamed_equals_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
