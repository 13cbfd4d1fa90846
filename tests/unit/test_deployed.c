/*
 * Unit tests of the deployed-infrastructure importers' shared half
 * (deployed.c): regions as providers write them, normalised to catalog
 * ids or refused; GCP label encoding; AWS regions from the provider
 * configuration (a variable's value, not its default; module
 * inheritance); a resource and its children as one service.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/deployed.h"

struct drun {
	struct imp_opts o;
	struct imp_inv inv;
	struct diag d;
	struct ptrvec docs;
	FILE *sink;
	int rc;
};

static void drun(struct drun *r, const char *json,
		 int (*importer)(struct imp_inv *, const struct ptrvec *, struct diag *))
{
	memset(r, 0, sizeof *r);
	imp_opts_init(&r->o);
	r->o.json = true;
	r->o.tenant = "t";
	r->sink = fopen("/dev/null", "w");
	diag_init(&r->d, r->sink);
	imp_init(&r->inv, &r->o, &r->d);
	r->rc = -1;
	if (json && imp_read_buffer(&r->inv, "t.json", json, strlen(json), &r->o, &r->d,
				    &r->docs) == 0)
		r->rc = importer(&r->inv, &r->docs, &r->d);
}

static void ddone(struct drun *r)
{
	pv_release(&r->docs);
	imp_release(&r->inv);
	diag_release(&r->d);
	fclose(r->sink);
	imp_opts_release(&r->o);
}

static void test_regions(void **state)
{
	(void)state;
	struct drun r;
	drun(&r, NULL, NULL);
	struct dset s;
	assert_int_equal(dset_init(&s, &r.inv, &r.d), 0);
	static const struct { enum dprov p; const char *raw, *want; } cases[] = {
		{ DP_AZURE, "West Europe", "azure:westeurope" },
		{ DP_AZURE, "swedencentral", "azure:swedencentral" },
		{ DP_AZURE, "global", "azure:global" },
		{ DP_AZURE, "Atlantis North", NULL },
		{ DP_AWS, "eu-west-1", "aws:eu-west-1" },
		{ DP_AWS, "eu-west-1a", "aws:eu-west-1" },
		{ DP_GCP, "us-west4-b", "gcp:us-west4" },
		{ DP_GCP, "https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-c",
		  "gcp:europe-west1" },
		{ DP_GCP, "EU", "gcp:eu" },
		{ DP_GCP, "EUR4", "gcp:eur4" },
		{ DP_GCP, "projects/p/instanceConfigs/regional-us-central1", "gcp:us-central1" },
		{ DP_GCP, "projects/p/instanceConfigs/nam-eur-asia1", "gcp:nam-eur-asia1" },
		{ DP_GCP, "us-central", "gcp:us-central1" },
		{ DP_GCP, "nam6", NULL },
		{ DP_OTHER, "eu-west-1", NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *got = dset_region(&s, cases[i].p, cases[i].raw);
		if (cases[i].want)
			assert_string_equal(got, cases[i].want);
		else
			assert_null(got);
	}
	dset_release(&s);
	ddone(&r);
}

static const struct imp_service *svc(const struct drun *r, const char *id)
{
	const struct imp_service *s = imp_find_service(&r->inv, id);
	assert_non_null(s);
	return s;
}

static void test_terraform_aws_provider(void **state)
{
	(void)state;
	struct drun r;
	drun(&r, "{\"variables\":{\"r\":{\"value\":\"eu-west-3\"}},"
	     "\"planned_values\":{\"root_module\":{\"resources\":["
	     "{\"address\":\"aws_s3_bucket.a\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\","
	     "\"name\":\"a\",\"values\":{\"bucket\":\"a\"}}],"
	     "\"child_modules\":[{\"address\":\"module.m\",\"resources\":["
	     "{\"address\":\"module.m.aws_sqs_queue.q\",\"mode\":\"managed\",\"type\":"
	     "\"aws_sqs_queue\",\"name\":\"q\",\"values\":{\"name\":\"q\"}},"
	     "{\"address\":\"module.m.aws_iam_role.x\",\"mode\":\"managed\",\"type\":"
	     "\"aws_iam_role\",\"name\":\"x\",\"values\":{}}]}]}},"
	     "\"configuration\":{\"provider_config\":{\"aws\":{\"name\":\"aws\",\"expressions\":"
	     "{\"region\":{\"references\":[\"var.r\"]}}}},\"root_module\":{"
	     "\"variables\":{\"r\":{\"default\":\"us-east-1\"}},"
	     "\"resources\":[{\"address\":\"aws_s3_bucket.a\",\"type\":\"aws_s3_bucket\","
	     "\"name\":\"a\",\"provider_config_key\":\"aws\"}],"
	     "\"module_calls\":{\"m\":{\"module\":{\"resources\":[{\"address\":"
	     "\"aws_sqs_queue.q\",\"type\":\"aws_sqs_queue\",\"name\":\"q\","
	     "\"provider_config_key\":\"m:aws\",\"depends_on\":[\"aws_iam_role.x\"]}]}}}}}}",
	     import_terraform);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.inv.service_v.n, 2);   /* the role holds no data */
	const struct imp_service *a = svc(&r, "a"), *q = svc(&r, "q");
	assert_string_equal(a->regions.v[0], "aws:eu-west-3");   /* the value, not the default */
	assert_string_equal(q->regions.v[0], "aws:eu-west-3");   /* inherited by the module */
	assert_string_equal(q->kind, "queue");
	ddone(&r);
}

static void test_gcp_labels_and_children(void **state)
{
	(void)state;
	struct drun r;
	drun(&r, "[{\"name\":\"//bigquery.googleapis.com/projects/p/datasets/d\",\"asset_type\":"
	     "\"bigquery.googleapis.com/Dataset\",\"resource\":{\"data\":{\"location\":\"EU\","
	     "\"labels\":{\"resmap-data\":\"health__records--personal__contact\","
	     "\"resmap-tenant\":\"clinic\"}}}},"
	     "{\"name\":\"//bigquery.googleapis.com/projects/p/datasets/d/tables/t\",\"asset_type\":"
	     "\"bigquery.googleapis.com/Table\",\"resource\":{\"data\":{}}}]", import_gcp_assets);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.inv.service_v.n, 1);   /* the table joins its dataset */
	const struct imp_service *d = svc(&r, "d");
	assert_string_equal(d->tenant, "clinic");
	assert_string_equal(d->regions.v[0], "gcp:eu");
	const struct imp_store *st = d->stores.v[0];
	assert_int_equal(st->data.n, 2);
	assert_string_equal(st->data.v[0], "health.records");
	assert_string_equal(st->data.v[1], "personal.contact");
	ddone(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_terraform_aws_provider),
		cmocka_unit_test(test_gcp_labels_and_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
