/*
 * Unit tests of resmap enforce: allowed regions per provider from
 * allow_in places (region, jurisdiction, provider), intersection across
 * policies, tenant scoping, the errors when nothing applies or nothing
 * is left, and the three documents' shapes (checked field by field
 * against the providers' documented examples; see enforce.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "engine/enforce.h"
#include "mbuild.h"

static struct policy *POL(struct model *m, const char *id, const char *places)
{
	struct policy *p = model_add_policy(m, id, P(0));
	const char **w;
	size_t n = words(m, places, &w);
	p->has_allow_in = true;
	p->allow_in = model_alloc(m, (n + 1) * sizeof *p->allow_in);
	for (size_t i = 0; i < n; i++) {
		struct place *pl = &p->allow_in[p->nallow_in++];
		if (strchr(w[i], ':')) {
			pl->type = PLACE_REGION;
			pl->u.region = model_find_region(m, w[i]);
			assert_non_null(pl->u.region);
		} else if (model_find_provider(m, w[i])) {
			pl->type = PLACE_PROVIDER;
			pl->u.provider = model_find_provider(m, w[i]);
		} else {
			pl->type = PLACE_JUR;
			pl->u.jur = model_find_jur(m, w[i]);
			assert_non_null(pl->u.jur);
		}
	}
	return p;
}

static void tenants(struct model *m, struct selector *s, const char *ids)
{
	const char **w;
	size_t n = words(m, ids, &w);
	s->has[SEL_TENANTS] = true;
	s->items[SEL_TENANTS] = model_alloc(m, (n + 1) * sizeof(void *));
	for (size_t i = 0; i < n; i++)
		s->items[SEL_TENANTS][i] = model_find_tenant(m, w[i]);
	s->n[SEL_TENANTS] = n;
}

static struct model *cloud(void)
{
	struct model *m = world();
	PROV(m, "aws", "US", NULL);
	REG(m, "aws:eu-west-1", "aws", "IE");
	REG(m, "aws:eu-central-1", "aws", "DE");
	REG(m, "aws:us-east-1", "aws", "US");
	return m;
}

static char *ids(const struct enf_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < r->nallowed; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", r->allowed[i]->id);
	return sb.buf ? sb_detach(&sb) : xstrdup("");
}

static void expect(struct model *m, enum enf_target t, const char *tenant, const char *want)
{
	struct diag d;
	diag_init(&d, stderr);
	d.excerpts = false;
	struct enf_result r;
	const struct tenant *tn = tenant ? model_find_tenant(m, tenant) : NULL;
	int rc = enf_compute(m, t, tn, &d, &r);
	if (!want) {
		assert_int_equal(rc, -1);
	} else {
		assert_int_equal(rc, 0);
		char *s = ids(&r);
		assert_string_equal(s, want);
		free(s);
	}
	enf_result_release(&r);
	diag_release(&d);
}

static void test_places_and_intersection(void **state)
{
	(void)state;
	struct model *m = cloud();
	POL(m, "in-eu", "EU");
	POL(m, "core", "azure:westeurope azure:brazilsouth aws");
	FINALIZE(m);
	/* EU ∩ {westeurope, brazilsouth, every aws region} */
	expect(m, ENF_AZURE, NULL, "azure:westeurope");
	expect(m, ENF_AWS, NULL, "aws:eu-central-1 aws:eu-west-1");
	/* no gcp provider in this catalog */
	expect(m, ENF_GCP, NULL, NULL);
	model_free(m);
}

static void test_groups_nest(void **state)
{
	(void)state;
	struct model *m = cloud();
	POL(m, "in-eea", "EEA");
	FINALIZE(m);
	expect(m, ENF_AZURE, NULL, "azure:northeurope azure:westeurope");
	model_free(m);
}

static void test_tenant_scope(void **state)
{
	(void)state;
	struct model *m = cloud();
	POL(m, "all", "EU US");
	struct policy *lab = POL(m, "lab-in-ie", "IE");
	tenants(m, &lab->match, "research");
	struct policy *most = POL(m, "not-research-in-nl", "NL");
	most->has_except = true;
	tenants(m, &most->except, "research");
	FINALIZE(m);
	/* without --tenant: the tenant-scoped policy is left out, the one
	 * with an exception is kept */
	expect(m, ENF_AZURE, NULL, "azure:westeurope");
	/* research: its own policy, not the one that excepts it */
	expect(m, ENF_AZURE, "research", "azure:northeurope");
	expect(m, ENF_AWS, "research", "aws:eu-west-1");
	/* clinic: the policies that name no tenant */
	expect(m, ENF_AZURE, "clinic", "azure:westeurope");
	model_free(m);
}

static void test_nothing_applies_or_nothing_left(void **state)
{
	(void)state;
	struct model *m = cloud();
	POL(m, "in-us", "US");
	POL(m, "in-br", "BR");
	FINALIZE(m);
	expect(m, ENF_AZURE, NULL, NULL);
	model_free(m);
	m = cloud();
	FINALIZE(m);
	expect(m, ENF_AZURE, NULL, NULL);
	model_free(m);
}

static char *write_doc(struct model *m, enum enf_target t, const struct enf_write_opts *o)
{
	struct diag d;
	diag_init(&d, stderr);
	struct enf_result r;
	assert_int_equal(enf_compute(m, t, NULL, &d, &r), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	enf_write(&r, t, o, f);
	fclose(f);
	enf_result_release(&r);
	diag_release(&d);
	return buf;
}

static void test_shapes(void **state)
{
	(void)state;
	struct model *m = cloud();
	PROV(m, "gcp", "US", NULL);
	REG(m, "gcp:europe-west4", "gcp", "NL");
	POL(m, "in-eu", "EU");
	FINALIZE(m);
	struct enf_write_opts o = { .compact = true };
	char *s = write_doc(m, ENF_AZURE, &o);
	/* the built-in "Allowed locations" rule, with the allowed names as default */
	assert_non_null(strstr(s, "\"mode\":\"Indexed\""));
	assert_non_null(strstr(s, "\"listOfAllowedLocations\":{\"type\":\"Array\""));
	assert_non_null(strstr(s, "\"strongType\":\"location\""));
	assert_non_null(strstr(s, "\"defaultValue\":[\"northeurope\",\"westeurope\"]"));
	assert_non_null(strstr(s, "\"if\":{\"allOf\":[{\"field\":\"location\",\"notIn\":"
			       "\"[parameters('listOfAllowedLocations')]\"},{\"field\":\"location\","
			       "\"notEquals\":\"global\"}"));
	assert_non_null(strstr(s, "\"then\":{\"effect\":\"deny\"}"));
	free(s);
	const char *roles[] = { "arn:aws:iam::*:role/Admin" };
	o.exempt_roles = roles;
	o.nexempt_roles = 1;
	s = write_doc(m, ENF_AWS, &o);
	assert_true(!strncmp(s, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
			     "\"DenyOutsideAllowedRegions\",\"Effect\":\"Deny\",\"NotAction\":[", 90));
	assert_non_null(strstr(s, "\"iam:*\""));
	assert_non_null(strstr(s, "\"sts:*\""));
	assert_non_null(strstr(s, "\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":"
			       "{\"aws:RequestedRegion\":[\"eu-central-1\",\"eu-west-1\"]},"
			       "\"ArnNotLike\":{\"aws:PrincipalARN\":[\"arn:aws:iam::*:role/Admin\"]}}"));
	free(s);
	o.nexempt_roles = 0;
	s = write_doc(m, ENF_GCP, &o);
	assert_string_equal(s, "{\"constraint\":\"constraints/gcp.resourceLocations\","
			    "\"listPolicy\":{\"allowedValues\":[\"in:europe-west4-locations\"]}}\n");
	free(s);
	model_free(m);
}

static void test_target_names(void **state)
{
	(void)state;
	assert_int_equal(enf_target_parse("aws-scp"), ENF_AWS);
	assert_int_equal(enf_target_parse("aws"), -1);
	assert_string_equal(enf_target_name(ENF_GCP), "gcp-org-policy");
	assert_string_equal(enf_provider_id(ENF_AZURE), "azure");
}

/*
 * Multi-regions: allow_in naming one allows its members; a multi-region
 * is never itself in the allowed list; GCP's value group of a
 * multi-region is written only when every member is allowed.
 */
static void test_multi_regions(void **state)
{
	(void)state;
	struct model *m = cloud();
	PROV(m, "gcp", "US", NULL);
	REG(m, "gcp:europe-west1", "gcp", "NL");
	REG(m, "gcp:europe-west4", "gcp", "NL");
	REG(m, "gcp:europe-north1", "gcp", "IE");
	REG(m, "gcp:us-east1", "gcp", "US");
	MULTI(m, "gcp:eu", "gcp", "gcp:europe-west1 gcp:europe-west4");
	MULTI(m, "gcp:eur4", "gcp", "gcp:europe-north1 gcp:europe-west4");
	model_add_global_regions(m);
	POL(m, "in-eu", "gcp:eu aws:global");
	FINALIZE(m);
	expect(m, ENF_GCP, NULL, "gcp:europe-west1 gcp:europe-west4");
	expect(m, ENF_AWS, NULL, "aws:eu-central-1 aws:eu-west-1 aws:us-east-1");
	struct diag d;
	diag_init(&d, stderr);
	struct enf_result r;
	assert_int_equal(enf_compute(m, ENF_GCP, NULL, &d, &r), 0);
	assert_int_equal(r.ngroups, 1);          /* eu, not eur4 (north1 is out) */
	assert_string_equal(r.groups[0]->id, "gcp:eu");
	struct enf_write_opts o = { 0 };
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	enf_write(&r, ENF_GCP, &o, f);
	fclose(f);
	assert_non_null(strstr(buf, "\"in:eu-locations\",\n      \"in:europe-west1-locations\""));
	free(buf);
	enf_result_release(&r);
	diag_release(&d);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places_and_intersection),
		cmocka_unit_test(test_groups_nest),
		cmocka_unit_test(test_tenant_scope),
		cmocka_unit_test(test_nothing_applies_or_nothing_left),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_target_names),
		cmocka_unit_test(test_multi_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
