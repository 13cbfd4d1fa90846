/*
 * Unit tests of the loader: every field typed into the model, references
 * forward, backward and across documents, merge keys, built-in ids, and
 * the exact text of the errors (collected from a memory stream).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "load/load.h"

struct run {
	struct diag d;
	FILE *fp;
	char *text;
	size_t len;
	struct model *m;
	bool ok;
};

/* Loads buf (no catalog unless with_catalog); messages without excerpts
 * end up in r->text once run_done is called. */
static void run(struct run *r, const char *buf, bool with_catalog)
{
	memset(r, 0, sizeof *r);
	r->fp = open_memstream(&r->text, &r->len);
	assert_non_null(r->fp);
	diag_init(&r->d, r->fp);
	r->d.excerpts = false;
	struct load_opts o;
	load_opts_default(&o);
	o.no_catalog = !with_catalog;
	r->m = load_buffer("t.yaml", buf, strlen(buf), &o, &r->d, &r->ok);
	fflush(r->fp);
}

static void run_done(struct run *r)
{
	fclose(r->fp);
	free(r->text);
	diag_release(&r->d);
	model_free(r->m);
}

/* True when the messages contain line (a whole line). */
static bool said(struct run *r, const char *line)
{
	fflush(r->fp);
	size_t n = strlen(line);
	for (const char *p = r->text; p && (p = strstr(p, line)); p++)
		if ((p == r->text || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

static void expect(struct run *r, const char *line)
{
	if (!said(r, line)) {
		fprintf(stderr, "expected: %s\ngot:\n%s", line, r->text ? r->text : "");
		fail();
	}
}

static const char base[] =
	"resmap: 1\n"
	"providers:\n"
	"  azure: { name: Microsoft, hq: US, laws: [CLOUD Act, FISA 702] }\n"
	"  onprem: { hq: IL }\n"
	"  vianet: { name: 21Vianet, hq: CN }\n"
	"regions:\n"
	"  azure:westeurope: { name: West Europe, country: NL, city: Amsterdam, pair: azure:northeurope }\n"
	"  azure:northeurope: { provider: azure, country: IE, pair: azure:westeurope }\n"
	"  azure:chinanorth: { country: CN, operator: vianet }\n"
	"  onprem:tlv-1: { country: IL }\n"
	"jurisdictions:\n"
	"  NL: { name: Netherlands }\n"
	"  IE: {}\n"
	"  IL: { name: Israel }\n"
	"  US: { name: United States }\n"
	"  CN: { name: China }\n"
	"  PS: { name: Palestine }\n"
	"  EU: { name: European Union, members: [NL, IE] }\n"
	"  trusted: { members: [EU, US] }\n";

static void test_every_field(void **state)
{
	(void)state;
	static const char inv[] =
		"tenants:\n"
		"  imod: { name: Ministry, country: IL, status: suspended }\n"
		"  lab: {}\n"
		"subjects:\n"
		"  gaza-residents: { name: Residents of Gaza, description: people, jurisdiction: PS }\n"
		"purposes:\n"
		"  surveillance.mass: { name: Mass surveillance, description: all of them }\n"
		"data:\n"
		"  comms.voice: { name: Calls, description: recorded, sensitivity: restricted }\n"
		"services:\n"
		"  call-archive:\n"
		"    name: Archive\n"
		"    tenant: imod\n"
		"    kind: storage\n"
		"    regions: [azure:westeurope, onprem:tlv-1]\n"
		"    redundancy: geo\n"
		"    replicas: [azure:northeurope]\n"
		"    access_from: [IL, US]\n"
		"    stores:\n"
		"      - data: [comms.voice]\n"
		"        subjects: [gaza-residents]\n"
		"        purposes: [surveillance.mass]\n"
		"        volume: 8 PB\n"
		"    depends_on:\n"
		"      - transcriber\n"
		"      - service: voice-ai\n"
		"        sends: [comms.voice, comms]\n"
		"  transcriber: { tenant: imod, kind: ai, regions: [azure:westeurope] }\n"
		"  voice-ai: { tenant: lab, regions: [azure:chinanorth] }\n"
		"policies:\n"
		"  p1:\n"
		"    description: no mass surveillance\n"
		"    severity: warning\n"
		"    match: { purposes: [surveillance], modes: [stored, accessed], kinds: [ai, storage] }\n"
		"    except: { tenants: [lab], services: [transcriber], providers: [onprem],\n"
		"              regions: [onprem:tlv-1], countries: [IL], jurisdictions: [EU],\n"
		"              data: [comms], subjects: [gaza-residents], purposes: [surveillance.mass],\n"
		"              owners: [lab], operators: [lab], reach: [US],\n"
		"              subject_jurisdictions: [EU] }\n"
		"    allow_in: [azure:westeurope, trusted, onprem, NL]\n"
		"    deny_reach: [CN]\n"
		"  p2: { deny: true }\n";
	char *buf = xasprintf("%s%s", base, inv);
	struct run r;
	run(&r, buf, false);
	free(buf);
	if (!r.ok)
		fprintf(stderr, "%s", r.text);
	assert_true(r.ok);
	struct model *m = r.m;

	struct provider *az = model_find_provider(m, "azure");
	assert_string_equal(az->name, "Microsoft");
	assert_ptr_equal(az->hq, model_find_jur(m, "US"));
	assert_int_equal(az->nlaws, 2);
	assert_string_equal(az->laws[1], "FISA 702");
	assert_false(az->builtin);

	struct region *we = model_find_region(m, "azure:westeurope");
	assert_string_equal(we->name, "West Europe");
	assert_string_equal(we->city, "Amsterdam");
	assert_ptr_equal(we->provider, az);
	assert_ptr_equal(we->country, model_find_jur(m, "NL"));
	assert_ptr_equal(we->pair, model_find_region(m, "azure:northeurope"));
	assert_int_equal(we->pos.line, 7);
	assert_int_equal(we->pos.col, 3);
	struct region *cn = model_find_region(m, "azure:chinanorth");
	assert_ptr_equal(cn->operator, model_find_provider(m, "vianet"));
	assert_ptr_equal(region_operator(cn), model_find_provider(m, "vianet"));

	struct jur *eu = model_find_jur(m, "EU");
	assert_true(eu->is_group);
	assert_int_equal(eu->nmembers, 2);
	assert_true(model_jur_contains(m, model_find_jur(m, "trusted"), model_find_jur(m, "IE")));
	assert_false(model_find_jur(m, "NL")->is_group);

	struct tenant *imod = model_find_tenant(m, "imod");
	assert_int_equal(imod->status, TENANT_SUSPENDED);
	assert_ptr_equal(imod->country, model_find_jur(m, "IL"));
	assert_int_equal(model_find_tenant(m, "lab")->status, TENANT_ACTIVE);

	struct term *gz = model_find_subject(m, "gaza-residents");
	assert_string_equal(gz->description, "people");
	assert_ptr_equal(gz->jurisdiction, model_find_jur(m, "PS"));
	struct term *voice = model_find_data(m, "comms.voice");
	assert_string_equal(voice->sensitivity, "restricted");
	assert_true(model_find_data(m, "comms")->implied);
	assert_string_equal(model_find_purpose(m, "surveillance.mass")->description, "all of them");

	struct service *s = model_find_service(m, "call-archive");
	assert_string_equal(s->name, "Archive");
	assert_ptr_equal(s->tenant, imod);
	assert_int_equal(s->kind, KIND_STORAGE);
	assert_int_equal(s->nregions, 2);
	assert_ptr_equal(s->regions[1].region, model_find_region(m, "onprem:tlv-1"));
	assert_int_equal(s->regions[1].pos.line, 34);
	assert_int_equal(s->redundancy, RED_GEO);
	assert_int_equal(s->redundancy_pos.line, 35);
	assert_int_equal(s->nreplicas, 1);
	assert_int_equal(s->naccess_from, 2);
	assert_ptr_equal(s->access_from[1].jur, model_find_jur(m, "US"));
	assert_int_equal(s->nstores, 1);
	assert_ptr_equal(s->stores[0].data[0], voice);
	assert_ptr_equal(s->stores[0].subjects[0], gz);
	assert_string_equal(s->stores[0].purposes[0]->id, "surveillance.mass");
	assert_string_equal(s->stores[0].volume, "8 PB");
	assert_int_equal(s->ndeps, 2);
	assert_ptr_equal(s->deps[0].to, model_find_service(m, "transcriber"));
	assert_int_equal(s->deps[0].nsends, 0);
	assert_ptr_equal(s->deps[1].to, model_find_service(m, "voice-ai"));
	assert_int_equal(s->deps[1].nsends, 2);
	assert_ptr_equal(s->deps[1].sends[1], model_find_data(m, "comms"));
	assert_int_equal(model_find_service(m, "voice-ai")->kind, KIND_OTHER);

	struct policy *p = model_find_policy(m, "p1");
	assert_int_equal(p->severity, SEV_WARNING);
	assert_string_equal(p->description, "no mass surveillance");
	assert_true(p->match.has[SEL_PURPOSES]);
	assert_ptr_equal(p->match.items[SEL_PURPOSES][0], model_find_purpose(m, "surveillance"));
	assert_int_equal(p->match.modes, (1u << MODE_STORED) | (1u << MODE_ACCESSED));
	assert_int_equal(p->match.kinds, (1u << KIND_AI) | (1u << KIND_STORAGE));
	assert_false(p->match.has[SEL_DATA]);
	assert_true(p->has_except);
	for (int k = 0; k < SEL__COUNT; k++)
		if (k != SEL_KINDS && k != SEL_MODES) {
			assert_true(p->except.has[k]);
			assert_int_equal(p->except.n[k], 1);
			assert_non_null(p->except.items[k][0]);
		}
	assert_true(p->has_allow_in);
	assert_int_equal(p->nallow_in, 4);
	assert_int_equal(p->allow_in[0].type, PLACE_REGION);
	assert_ptr_equal(p->allow_in[0].u.region, we);
	assert_int_equal(p->allow_in[1].type, PLACE_JUR);
	assert_int_equal(p->allow_in[2].type, PLACE_PROVIDER);
	assert_int_equal(p->allow_in[3].type, PLACE_JUR);
	assert_int_equal(p->ndeny_reach, 1);
	assert_false(p->deny);
	assert_true(model_find_policy(m, "p2")->deny);
	assert_int_equal(model_find_policy(m, "p2")->severity, SEV_ERROR);
	run_done(&r);
}

static void test_forward_and_cross_document(void **state)
{
	(void)state;
	/* services before the tenant and regions they name, in another document */
	static const char inv[] =
		"services:\n"
		"  a: { tenant: t, regions: [x:one], depends_on: [b] }\n"
		"---\n"
		"services:\n"
		"  b: { tenant: t, regions: [x:one], depends_on: [{ service: a, sends: [d.e] }] }\n"
		"---\n"
		"tenants: { t: {} }\n"
		"providers: { x: { hq: NL } }\n"
		"regions: { 'x:one': { country: NL } }\n"
		"jurisdictions: { NL: {} }\n"
		"data: { d.e: {} }\n";
	struct run r;
	run(&r, inv, false);
	assert_true(r.ok);
	struct service *a = model_find_service(r.m, "a"), *b = model_find_service(r.m, "b");
	assert_ptr_equal(a->deps[0].to, b);
	assert_ptr_equal(b->deps[0].to, a);
	assert_ptr_equal(a->tenant, model_find_tenant(r.m, "t"));
	assert_ptr_equal(a->regions[0].region->provider, model_find_provider(r.m, "x"));
	assert_ptr_equal(b->deps[0].sends[0], model_find_data(r.m, "d.e"));
	/* arrays are sorted after finalize */
	assert_string_equal(r.m->services[0]->id, "a");
	run_done(&r);
}

static void test_merge_keys(void **state)
{
	(void)state;
	static const char inv[] =
		"tenants: { t: {}, u: {} }\n"
		"providers: { x: {} }\n"
		"jurisdictions: { NL: {} }\n"
		"regions: { 'x:one': { country: NL }, 'x:two': { country: NL } }\n"
		"services:\n"
		"  base: &base { tenant: t, kind: database, regions: [x:one] }\n"
		"  a: { <<: *base, regions: [x:two] }\n"
		"  b:\n"
		"    <<: [*base, { tenant: u, kind: ai }]\n";
	struct run r;
	run(&r, inv, false);
	assert_true(r.ok);
	struct service *a = model_find_service(r.m, "a"), *b = model_find_service(r.m, "b");
	assert_string_equal(a->regions[0].region->id, "x:two");
	assert_int_equal(a->kind, KIND_DATABASE);
	assert_string_equal(a->tenant->id, "t");
	/* earlier merged maps win */
	assert_string_equal(b->tenant->id, "t");
	assert_int_equal(b->kind, KIND_DATABASE);
	run_done(&r);
}

static void test_errors_exact(void **state)
{
	(void)state;
	static const char inv[] =
		"resmap: 2\n"
		"tenant: {}\n"
		"tenants:\n"
		"  t: { status: activ, country: NLD }\n"
		"services:\n"
		"  s:\n"
		"    tenant: tt\n"
		"    regoins: [x:one]\n"
		"    kind: [ai]\n"
		"    access_from: NL\n"
		"policies:\n"
		"  p: { deny: yes }\n"
		"  q: { deny: \"true\" }\n"
		"  r: { match: { data: [x] }, deny: false }\n"
		"jurisdictions:\n"
		"  NL: {}\n"
		"  Nederland: {}\n";
	struct run r;
	run(&r, inv, false);
	assert_false(r.ok);
	expect(&r, "resmap: t.yaml:1:9: error: unsupported format version '2'; this resmap reads version 1");
	expect(&r, "resmap: t.yaml:2:1: error: unknown section 'tenant'; did you mean 'tenants'?");
	expect(&r, "resmap: t.yaml:4:16: error: unknown status 'activ' in tenant 't' (one of active, suspended, disabled); did you mean 'active'?");
	expect(&r, "resmap: t.yaml:4:32: error: unknown country code 'NLD' in tenant 't'; country codes have two letters (ISO 3166-1 alpha-2)");
	expect(&r, "resmap: t.yaml:7:13: error: unknown tenant 'tt' in service 's'; did you mean 't'?");
	expect(&r, "resmap: t.yaml:8:5: error: unknown key 'regoins' in service 's'; did you mean 'regions'?");
	expect(&r, "resmap: t.yaml:9:11: error: 'kind' must be a word, not a list");
	expect(&r, "resmap: t.yaml:10:18: error: 'access_from' must be a list of country codes, not a string");
	expect(&r, "resmap: t.yaml:6:3: error: service 's' has no 'regions'");
	expect(&r, "resmap: t.yaml:12:14: error: 'deny' must be true or false; 'yes' is not a boolean in resmap (only plain true and false are)");
	expect(&r, "resmap: t.yaml:13:14: error: 'deny' must be true or false, not a quoted string");
	expect(&r, "resmap: t.yaml:14:3: error: policy 'r' has no effect; give 'deny: true', 'allow_in' or 'deny_reach'");
	expect(&r, "resmap: t.yaml:14:24: error: unknown data category 'x' in policy 'r'");
	expect(&r, "resmap: t.yaml:17:3: error: unknown country code 'Nederland'; a jurisdiction without 'members' is a country, named by its two-letter ISO 3166-1 code");
	assert_int_equal(diag_errors(&r.d), 14);
	run_done(&r);
}

static void test_duplicates(void **state)
{
	(void)state;
	static const char inv[] =
		"tenants: { t: {} }\n"
		"---\n"
		"tenants:\n"
		"  t: { name: again }\n";
	struct run r;
	run(&r, inv, false);
	assert_false(r.ok);
	expect(&r, "resmap: t.yaml:4:3: error: duplicate tenant 't'");
	expect(&r, "resmap: t.yaml:1:12: note: first defined here");
	assert_int_equal(diag_errors(&r.d), 1);
	/* the first one stays */
	assert_null(model_find_tenant(r.m, "t")->name);
	run_done(&r);
}

static void test_ids(void **state)
{
	(void)state;
	static const char inv[] =
		"tenants:\n"
		"  \"a\\0b\": {}\n"
		"  \"\": {}\n"
		"  \"c\\td\": {}\n"
		"data:\n"
		"  .x: {}\n"
		"  x.: {}\n"
		"purposes:\n"
		"  a..b: {}\n"
		"regions:\n"
		"  nocolon: { country: NL }\n"
		"  \":x\": { country: NL }\n";
	struct run r;
	run(&r, inv, false);
	expect(&r, "resmap: t.yaml:2:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:3:3: error: empty tenant id");
	expect(&r, "resmap: t.yaml:4:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:6:3: error: data category id '.x' has an empty segment between dots");
	expect(&r, "resmap: t.yaml:7:3: error: data category id 'x.' has an empty segment between dots");
	expect(&r, "resmap: t.yaml:9:3: error: purpose id 'a..b' has an empty segment between dots");
	expect(&r, "resmap: t.yaml:11:3: error: region id 'nocolon' must have the form 'provider:name'");
	expect(&r, "resmap: t.yaml:12:3: error: region id ':x' must have the form 'provider:name'");
	assert_int_equal(diag_errors(&r.d), 8);
	assert_int_equal(r.m->ntenants, 0);
	run_done(&r);
}

/* Ids are checked eight bytes at a time: a control character anywhere in
 * a long id, at either end of a word, is found; UTF-8, space and '~' are not
 * control characters. */
static void test_ids_control_anywhere(void **state)
{
	(void)state;
	static const char inv[] =
		"tenants:\n"
		"  \"abcdefg\\x01hijklmnop\": {}\n"      /* byte 7: last of a word */
		"  \"abcdefgh\\x1f\": {}\n"              /* byte 8: after the words */
		"  \"abcdefghijklmno\\x7f\": {}\n"       /* byte 15: last of the second */
		"  \"\\x01bcdefghijklmnop\": {}\n"       /* byte 0 */
		"  \"abcdef\\x7f\": {}\n"                /* shorter than a word */
		"  \"caf\xc3\xa9 \xc3\xa9t\xc3\xa9 \xc3\xa0 l'ombre ~\": {}\n"
		"  \"abcdefgh\\x80\\x9f\\xffz\": {}\n"      /* U+0080, U+009F: C1, refused too */
		"  \"price-\xe2\x82\xac\": {}\n"            /* 0xE2, but no bidi control */
		"  \"semi\xd8\x9b\": {}\n";                  /* 0xD8, but U+061B */
	struct run r;
	run(&r, inv, false);
	expect(&r, "resmap: t.yaml:2:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:3:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:4:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:5:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:6:3: error: tenant id contains a control character");
	expect(&r, "resmap: t.yaml:8:3: error: tenant id contains the control character U+0080");
	assert_int_equal(diag_errors(&r.d), 6);
	assert_int_equal(r.m->ntenants, 3);
	assert_non_null(model_find_tenant(r.m, "price-\xe2\x82\xac"));
	assert_non_null(model_find_tenant(r.m, "semi\xd8\x9b"));
	assert_non_null(model_find_tenant(r.m, "caf\xc3\xa9 \xc3\xa9t\xc3\xa9 \xc3\xa0 l'ombre ~"));
	assert_null(model_find_tenant(r.m, "abcdefgh\xc2\x80\xc2\x9f\xc3\xbfz"));
	run_done(&r);
}

/*
 * References go through a small cache keyed by a few bytes of the id:
 * ids that share those bytes ("xa-00", "ya-00") take turns in one slot
 * and each still resolves to its own object, whether the reference is
 * read before or after the object; an unknown id repeated is reported at
 * every use; an id that only starts like a cached one is checked.
 */
static void test_reference_cache(void **state)
{
	(void)state;
	static const char inv[] =
		"services:\n"
		"  s1: { tenant: xa-00, regions: [x:one] }\n"
		"  s2: { tenant: xa-00, regions: [x:one] }\n"
		"  s3: { tenant: ya-00, regions: [x:one] }\n"
		"  s4: { tenant: nope, regions: [x:one] }\n"
		"  s5: { tenant: nope, regions: [x:one] }\n"
		"---\n"
		"tenants: { xa-00: {}, ya-00: {} }\n"
		"providers: { x: { hq: NL } }\n"
		"regions: { 'x:one': { country: NL } }\n"
		"jurisdictions: { NL: {} }\n"
		"---\n"
		"services:\n"
		"  s6: { tenant: ya-00, regions: [x:one] }\n"
		"  s7: { tenant: xa-00, regions: [x:one] }\n"
		"  s8: { tenant: ya-00, regions: [x:one] }\n"
		"  s9: { tenant: nope, regions: [x:one] }\n"
		"  s10: { tenant: \"xa-00\\0\", regions: [x:one] }\n";
	struct run r;
	run(&r, inv, false);
	const struct tenant *x = model_find_tenant(r.m, "xa-00"), *y = model_find_tenant(r.m, "ya-00");
	assert_non_null(x);
	assert_non_null(y);
	static const char *const want[] = { "xa-00", "xa-00", "ya-00", NULL, NULL,
		"ya-00", "xa-00", "ya-00", NULL };
	for (int i = 0; i < 9; i++) {
		char id[16];
		snprintf(id, sizeof id, "s%d", i + 1);
		const struct service *s = model_find_service(r.m, id);
		assert_non_null(s);
		if (want[i])
			assert_string_equal(s->tenant->id, want[i]);
		else
			assert_null(s->tenant);
	}
	expect(&r, "resmap: t.yaml:5:17: error: unknown tenant 'nope' in service 's4'");
	expect(&r, "resmap: t.yaml:6:17: error: unknown tenant 'nope' in service 's5'");
	expect(&r, "resmap: t.yaml:17:17: error: unknown tenant 'nope' in service 's9'");
	/* a cached id is used only for the very same bytes */
	expect(&r, "resmap: t.yaml:18:18: error: tenant id contains a control character");
	assert_int_equal(diag_errors(&r.d), 4);
	run_done(&r);
}

static void test_builtin_override_and_refine(void **state)
{
	(void)state;
	struct run r;
	run(&r, "regions:\n  azure:westeurope: { country: NL }\n", true);
	assert_false(r.ok);
	expect(&r, "resmap: t.yaml:2:3: error: region 'azure:westeurope' is built in; add 'override: true' to redefine it");
	run_done(&r);

	run(&r, "regions:\n  azure:westeurope: { country: DE, city: Frankfurt, override: true }\n"
	    "data:\n  health: { name: Medical data }\n  health.dental: {}\n"
	    "jurisdictions:\n  EU: { members: [DE], override: true }\n", true);
	if (!r.ok)
		fprintf(stderr, "%s", r.text);
	assert_true(r.ok);
	struct region *we = model_find_region(r.m, "azure:westeurope");
	assert_string_equal(we->city, "Frankfurt");
	assert_null(we->name);
	assert_null(we->pair);
	assert_false(we->builtin);
	assert_ptr_equal(we->country, model_find_jur(r.m, "DE"));
	struct term *h = model_find_data(r.m, "health");
	assert_string_equal(h->name, "Medical data");
	assert_string_equal(h->sensitivity, "restricted");   /* kept from the catalog */
	assert_ptr_equal(model_find_data(r.m, "health.dental")->parent, h);
	assert_true(model_find_region(r.m, "azure:northeurope")->builtin);
	assert_int_equal(model_find_jur(r.m, "EU")->nmembers, 1);
	assert_non_null(r.m->catalog_version);
	run_done(&r);

	/* a second refinement is a duplicate; override on a new id warns */
	run(&r, "subjects:\n  customers: {}\n---\nsubjects:\n  customers: {}\n"
	    "providers:\n  mine: { override: true }\n", true);
	expect(&r, "resmap: t.yaml:5:3: error: duplicate subject 'customers'");
	expect(&r, "resmap: t.yaml:2:3: note: first defined here");
	expect(&r, "resmap: t.yaml:7:21: warning: provider 'mine' is not built in; 'override' has no effect");
	assert_int_equal(diag_errors(&r.d), 1);
	run_done(&r);
}

static void test_empty_lists(void **state)
{
	(void)state;
	struct run r;
	/* "none" is something to say for these ... */
	run(&r, "tenants: { t: {} }\nproviders: { x: {} }\njurisdictions: { NL: {} }\n"
	    "regions: { 'x:a': { country: NL } }\n"
	    "services:\n  s: { tenant: t, regions: [x:a], access_from: [], replicas: [],\n"
	    "       stores: [], depends_on: [] }\n", false);
	assert_true(r.ok);
	assert_int_equal(model_find_service(r.m, "s")->naccess_from, 0);
	run_done(&r);
	/* ... but not for these */
	run(&r, "jurisdictions: { g: { members: [] } }\n"
	    "policies: { p: { deny_reach: [] } }\n", false);
	expect(&r, "resmap: t.yaml:1:32: error: 'members' in jurisdiction 'g' is empty");
	expect(&r, "resmap: t.yaml:2:30: error: 'deny_reach' in policy 'p' is empty");
	assert_int_equal(diag_errors(&r.d), 2);
	run_done(&r);
}

static void test_sends_to_disabled(void **state)
{
	(void)state;
	struct run r;
	/* forward references: the pass runs once every tenant is known */
	run(&r, "jurisdictions: { NL: {} }\nproviders: { x: {} }\n"
	    "regions: { 'x:a': { country: NL } }\n"
	    "services:\n"
	    "  s: { tenant: t, regions: [x:a], depends_on: [{ service: d, sends: [a, b.c] }, d] }\n"
	    "  d: { tenant: off, regions: [x:a], depends_on: [{ service: e, sends: [a] }] }\n"
	    "  e: { tenant: off, regions: [x:a] }\n"
	    "  p: { tenant: t, regions: [x:a], depends_on: [{ service: q, sends: [a] }] }\n"
	    "  q: { tenant: paused, regions: [x:a] }\n"
	    "tenants: { t: {}, off: { status: disabled }, paused: { status: suspended } }\n"
	    "data: { a: {}, b.c: {} }\n", false);
	assert_true(r.ok);
	expect(&r, "resmap: t.yaml:5:48: warning: service 's' sends 'a', 'b.c' to 'd' of "
	       "disabled tenant 'off': nothing is derived there");
	/* only that one: not the plain edge, the disabled sender, the suspended receiver */
	assert_int_equal(r.d.count[DIAG_WARNING], 1);
	run_done(&r);
}

/* A retired region still resolves; naming it is a warning, once per
 * region, at its first use (and not for the catalog's own references). */
static void test_retired_region(void **state)
{
	(void)state;
	struct run r;
	run(&r, "providers: { x: {} }\njurisdictions: { NL: {} }\n"
	    "regions:\n"
	    "  x:old: { country: NL, retired: closed in 2020 }\n"
	    "  x:new: { country: NL, pair: x:old }\n"
	    "tenants: { t: {} }\n"
	    "services:\n"
	    "  a: { tenant: t, regions: [x:new, x:old] }\n"
	    "  b: { tenant: t, regions: [x:old] }\n", false);
	assert_true(r.ok);
	const struct region *old = model_find_region(r.m, "x:old");
	assert_non_null(old);
	assert_string_equal(old->retired, "closed in 2020");
	assert_null(model_find_region(r.m, "x:new")->retired);
	assert_ptr_equal(model_find_region(r.m, "x:new")->pair, old);
	assert_ptr_equal(model_find_service(r.m, "b")->regions[0].region, old);
	expect(&r, "resmap: t.yaml:5:31: warning: region 'x:old' in region 'x:new' is retired: "
	       "closed in 2020; the data has moved or the inventory is out of date");
	assert_int_equal(r.d.count[DIAG_WARNING], 1);
	run_done(&r);

	/* the built-in catalog's retired regions warn when an inventory names them */
	run(&r, "tenants: { t: {} }\nservices:\n  a: { tenant: t, regions: [alibaba:cn-nanjing] }\n",
	    true);
	assert_true(r.ok);
	assert_non_null(model_find_region(r.m, "alibaba:cn-nanjing")->retired);
	assert_int_equal(r.d.count[DIAG_WARNING], 1);
	run_done(&r);
}

static void test_duplicate_list_items(void **state)
{
	(void)state;
	struct run r;
	/* a short list: compared pairwise */
	run(&r, "jurisdictions: { NL: {}, DE: {}, EU: { members: [NL, DE, NL] } }\n", false);
	assert_true(r.ok);
	expect(&r, "resmap: t.yaml:1:58: warning: duplicate 'NL' in 'members' in jurisdiction 'EU'");
	expect(&r, "resmap: t.yaml:1:50: note: first listed here");
	assert_int_equal(r.d.count[DIAG_WARNING], 1);
	run_done(&r);
	/* a long one: sorted, still told in list order, each at the first;
	 * quoted and plain are the same id, a different case is not */
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "tenants: { t: {} }\nproviders: { x: {} }\njurisdictions: { NL: {} }\n"
		"regions:\n");
	for (int i = 0; i < 20; i++)
		sb_addf(&sb, "  x:r%02d: { country: NL }\n", i);
	sb_adds(&sb, "services:\n  s:\n    tenant: t\n    regions:\n");
	for (int i = 0; i < 20; i++)
		sb_addf(&sb, "      - x:r%02d\n", i);
	sb_adds(&sb, "      - 'x:r07'\n      - x:r03\n      - X:r03\n      - x:r07\n");
	run(&r, sb.buf, false);
	sb_release(&sb);
	assert_false(r.ok);    /* X:r03 is no region */
	assert_int_equal(r.d.count[DIAG_WARNING], 3);
	assert_non_null(r.text);
	const char *a = strstr(r.text, "t.yaml:49:9: warning: duplicate 'x:r07' in 'regions' in service 's'");
	const char *b = strstr(r.text, "t.yaml:50:9: warning: duplicate 'x:r03'");
	const char *c = strstr(r.text, "t.yaml:52:9: warning: duplicate 'x:r07'");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	expect(&r, "resmap: t.yaml:36:9: note: first listed here");
	expect(&r, "resmap: t.yaml:32:9: note: first listed here");
	run_done(&r);
}

static void test_bidi_ids(void **state)
{
	(void)state;
	struct run r;
	/* raw UTF-8 and escapes alike; other non-ASCII letters are fine */
	run(&r, "tenants:\n"
	    "  \"a\u202Db\": {}\n"
	    "  \xe2\x81\xa9x: {}\n"
	    "  \"c\u061C\": {}\n"
	    "  \"d\u200E\": {}\n"
	    "  \"e\u2069\": {}\n"
	    "  \"f\u202A\": {}\n"
	    "  caf\xc3\xa9-\xe2\x81\xaa: {}\n"
	    "  caf\xc3\xa9-\xe2\x80\x94: {}\n", false);
	expect(&r, "resmap: t.yaml:2:3: error: tenant id contains the bidirectional control "
	       "character U+202D, which can make it display as another id");
	expect(&r, "resmap: t.yaml:3:3: error: tenant id contains the bidirectional control "
	       "character U+2069, which can make it display as another id");
	expect(&r, "resmap: t.yaml:4:3: error: tenant id contains the bidirectional control "
	       "character U+061C, which can make it display as another id");
	expect(&r, "resmap: t.yaml:5:3: error: tenant id contains the bidirectional control "
	       "character U+200E, which can make it display as another id");
	/* U+206A is no bidi control but an invisible format character */
	expect(&r, "resmap: t.yaml:8:3: error: tenant id contains the invisible character U+206A, "
	       "which can make it display as another id");
	assert_int_equal(diag_errors(&r.d), 7);
	/* an em dash passes */
	assert_non_null(model_find_tenant(r.m, "caf\xc3\xa9-\xe2\x80\x94"));
	run_done(&r);
}

static void test_catalog_only_section(void **state)
{
	(void)state;
	struct run r;
	run(&r, "catalog: { version: x }\n", false);
	expect(&r, "resmap: t.yaml:1:1: error: section 'catalog' is only allowed in catalog files");
	run_done(&r);
}

static void test_inventory_name(void **state)
{
	(void)state;
	struct model *m = model_new();
	const char *one[] = { "a/b/inv/" };
	const char *in[] = { "-" };
	const char *two[] = { "x", "y" };
	const char *root[] = { "/" };
	assert_string_equal(load_inventory_name(m, root, 1), "/");
	assert_string_equal(load_inventory_name(m, one, 1), "inv");
	assert_string_equal(load_inventory_name(m, in, 1), "stdin");
	assert_string_equal(load_inventory_name(m, two, 2), "2 inputs");
	model_free(m);
}

static void test_cli_options_and_filter(void **state)
{
	(void)state;
	struct cli c;
	cli_init(&c, "map", "resmap map [options] PATH...");
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_TENANTS, "t1,,t2"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_TENANTS, "t3"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_MODES, "stored,accessed"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_COUNTRIES, "NL"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_JURISDICTIONS, "EU"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_DATA, "comms"), 1);
	assert_int_equal(cli_option(&c, OPT_MAX_DEPTH, "12"), 1);
	assert_int_equal(c.load.limits.max_depth, 12);
	assert_int_equal(cli_option(&c, OPT_MAX_DEPTH, "0"), -1);
	assert_int_equal(cli_option(&c, OPT_MAX_ALIAS, "-5"), -1);
	assert_int_equal(cli_option(&c, OPT_FAIL_ON, "never"), 1);
	assert_int_equal(c.fail_on, -1);
	assert_int_equal(cli_option(&c, OPT_FAIL_ON, "warning"), 1);
	assert_int_equal(c.fail_on, SEV_WARNING);
	assert_int_equal(cli_option(&c, OPT_FAIL_ON, "fatal"), -1);
	assert_int_equal(cli_option(&c, OPT_CATALOG, "dir"), 1);
	assert_string_equal(c.load.catalog_dir, "dir");
	assert_int_equal(cli_option(&c, 'x', NULL), 0);
	assert_int_equal(c.filter[SEL_TENANTS].n, 3);
	assert_true(cli_has_filter(&c));
	static const char *const fmts[] = { "text", "json", NULL };
	assert_int_equal(cli_choice(&c, "--format", "json", fmts), 1);
	assert_int_equal(cli_choice(&c, "--format", "xml", fmts), -1);

	struct run r;
	run(&r, "jurisdictions: { NL: {}, DE: {}, EU: { members: [NL, DE] } }\n"
	    "tenants: { t1: {}, t2: {}, t3: {} }\n"
	    "data: { comms.voice: {} }\n", false);
	assert_true(r.ok);
	struct selector sel;
	assert_int_equal(cli_filter(&c, r.m, &sel), 0);
	assert_true(sel.has[SEL_TENANTS]);
	assert_int_equal(sel.n[SEL_TENANTS], 3);
	assert_ptr_equal(sel.items[SEL_TENANTS][1], model_find_tenant(r.m, "t2"));
	assert_int_equal(sel.modes, (1u << MODE_STORED) | (1u << MODE_ACCESSED));
	assert_ptr_equal(sel.items[SEL_COUNTRIES][0], model_find_jur(r.m, "NL"));
	assert_ptr_equal(sel.items[SEL_JURISDICTIONS][0], model_find_jur(r.m, "EU"));
	/* an implied parent is a valid filter */
	assert_ptr_equal(sel.items[SEL_DATA][0], model_find_data(r.m, "comms"));
	assert_false(sel.has[SEL_SERVICES]);
	cli_release(&c);

	/* unknown ids, a group given as a country */
	cli_init(&c, "map", "resmap map [options] PATH...");
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_TENANTS, "t4"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_COUNTRIES, "EU"), 1);
	assert_int_equal(cli_option(&c, OPT_FILTER + SEL_MODES, "kept"), 1);
	/* through the diag, in its style, each counted as an error */
	char *text = NULL;
	size_t len = 0;
	c.diag.out = open_memstream(&text, &len);
	c.diag.color = false;
	assert_non_null(c.diag.out);
	assert_int_equal(cli_filter(&c, r.m, &sel), -1);
	assert_int_equal(sel.n[SEL_TENANTS], 0);
	fclose(c.diag.out);
	c.diag.out = stderr;
	assert_string_equal(text,
		"resmap: error: unknown tenant 't4' in --tenant; did you mean 't1'?\n"
		"resmap: error: 'EU' is a jurisdiction group, not a country, in --country "
		"(use --jurisdiction)\n"
		"resmap: error: unknown mode 'kept' in --mode (one of stored, replica, "
		"processed, accessed)\n");
	assert_int_equal(diag_errors(&c.diag), 3);
	free(text);
	cli_release(&c);
	run_done(&r);

	cli_init(&c, "map", "resmap map [options] PATH...");
	assert_false(cli_has_filter(&c));
	assert_int_equal(c.fail_on, SEV_ERROR);
	assert_null(cli_load(&c, NULL, 0));
	cli_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_forward_and_cross_document),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_errors_exact),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_ids_control_anywhere),
		cmocka_unit_test(test_reference_cache),
		cmocka_unit_test(test_builtin_override_and_refine),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_sends_to_disabled),
		cmocka_unit_test(test_retired_region),
		cmocka_unit_test(test_duplicate_list_items),
		cmocka_unit_test(test_bidi_ids),
		cmocka_unit_test(test_catalog_only_section),
		cmocka_unit_test(test_inventory_name),
		cmocka_unit_test(test_cli_options_and_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
