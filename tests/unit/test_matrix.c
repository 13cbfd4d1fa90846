/*
 * Unit tests of the matrix view's table (views/matrix.h): rows per
 * category with sub-rows per subject, columns grouped by jurisdiction
 * group, each cell's strongest mode, worst severity, services and
 * policies broken; the row budget (sub-rows dropped, categories folded)
 * and the filter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/facts.h"
#include "engine/policy.h"
#include "load/load.h"
#include "views/matrix.h"

static const char inventory[] =
	"resmap: 1\n"
	"tenants:\n"
	"  acme: { name: Acme }\n"
	"subjects:\n"
	"  pats: { name: Patients }\n"
	"  staff: { name: Staff }\n"
	"data:\n"
	"  health.scans: { name: Scans }\n"
	"services:\n"
	"  scans:\n"
	"    tenant: acme\n"
	"    kind: storage\n"
	"    regions: [azure:westeurope]\n"
	"    access_from: [US]\n"
	"    stores:\n"
	"      - data: [health.scans]\n"
	"        subjects: [pats, staff]\n"
	"    depends_on:\n"
	"      - service: viewer\n"
	"        sends: [health.scans]\n"
	"  viewer:\n"
	"    tenant: acme\n"
	"    kind: compute\n"
	"    regions: [azure:westeurope, aws:us-east-1]\n"
	"  mail:\n"
	"    tenant: acme\n"
	"    kind: saas\n"
	"    regions: [aws:ca-central-1]\n"
	"    stores:\n"
	"      - data: [personal.contact.email]\n"
	"        subjects: [staff]\n"
	"  logs:\n"
	"    tenant: acme\n"
	"    kind: storage\n"
	"    regions: [aws:ca-central-1]\n"
	"    stores:\n"
	"      - data: [telemetry]\n"
	"policies:\n"
	"  scans-in-eu:\n"
	"    severity: error\n"
	"    match: { data: [health] }\n"
	"    allow_in: [EU]\n"
	"  no-us-access:\n"
	"    severity: warning\n"
	"    match: { data: [health], modes: [accessed] }\n"
	"    deny: true\n"
	"  email-noted:\n"
	"    severity: info\n"
	"    match: { data: [personal] }\n"
	"    deny: true\n";

struct fixture {
	struct diag d;
	struct model *m;
	struct factset *fs;
	struct verdicts *v;
};

static void load(struct fixture *x)
{
	struct load_opts o;
	load_opts_default(&o);
	bool ok;
	diag_init(&x->d, stderr);
	x->m = load_buffer("t.yaml", inventory, strlen(inventory), &o, &x->d, &ok);
	assert_true(ok);
	x->fs = facts_derive(x->m);
	x->v = policy_evaluate(x->m, x->fs);
}

static void release(struct fixture *x)
{
	verdicts_free(x->v);
	factset_free(x->fs);
	model_free(x->m);
	diag_release(&x->d);
}

static void build(struct matrix *mx, struct fixture *x, const unsigned char *keep,
		  size_t max_rows)
{
	struct view_input in = { x->m, x->fs, x->v, keep, NULL, "t", NULL };
	matrix_build(mx, &in, max_rows);
}

static size_t col_of(const struct matrix *mx, const char *country)
{
	for (size_t i = 0; i < mx->ncols; i++)
		if (!strcmp(mx->cols[i].country->id, country))
			return i;
	fail_msg("no column %s", country);
	return 0;
}

static void test_rows_and_columns(void **state)
{
	(void)state;
	struct fixture x;
	load(&x);
	struct matrix mx;
	build(&mx, &x, NULL, 60);
	/* categories by id; sub-rows only under the one about two subjects */
	assert_int_equal(mx.ncategories, 3);
	assert_int_equal(mx.nrows, 5);
	assert_false(mx.folded || mx.no_subrows);
	assert_string_equal(mx.rows[0].data->id, "health.scans");
	assert_false(mx.rows[0].sub);
	assert_int_equal(mx.rows[0].nsubjects, 2);
	assert_null(mx.rows[0].subject);
	assert_true(mx.rows[1].sub && mx.rows[2].sub);
	assert_string_equal(mx.rows[1].subject->id, "pats");
	assert_string_equal(mx.rows[2].subject->id, "staff");
	/* about one subject: named on the row, no sub-rows */
	assert_string_equal(mx.rows[3].data->id, "personal.contact.email");
	assert_false(mx.rows[3].sub);
	assert_string_equal(mx.rows[3].subject->id, "staff");
	/* about none: no subject, no sub-rows */
	assert_string_equal(mx.rows[4].data->id, "telemetry");
	assert_false(mx.rows[4].sub);
	assert_null(mx.rows[4].subject);
	assert_int_equal(mx.rows[4].nsubjects, 1);
	/* the group a policy names first, then the countries in none, by code */
	assert_int_equal(mx.ncols, 3);
	assert_string_equal(mx.cols[0].country->id, "NL");
	assert_string_equal(mx.cols[0].group->id, "EU");
	assert_string_equal(mx.cols[1].country->id, "CA");
	assert_string_equal(mx.cols[2].country->id, "US");
	assert_null(mx.cols[1].group);
	assert_int_equal(mx.nspans, 2);
	assert_int_equal(mx.spans[0].first, 0);
	assert_int_equal(mx.spans[0].n, 1);
	assert_int_equal(mx.spans[1].first, 1);
	assert_int_equal(mx.spans[1].n, 2);
	assert_null(mx.spans[1].group);
	/* totals */
	assert_int_equal(mx.nfacts, 6);
	assert_int_equal(mx.nowhere, 0);
	assert_int_equal(mx.nviol, 4);
	assert_int_equal(mx.nservices, 4);
	matrix_release(&mx);
	release(&x);
}

static void test_cells(void **state)
{
	(void)state;
	struct fixture x;
	load(&x);
	struct matrix mx;
	build(&mx, &x, NULL, 60);
	size_t nl = col_of(&mx, "NL"), us = col_of(&mx, "US"), ca = col_of(&mx, "CA");
	/* stored and processed in NL: stored is the strongest; nothing broken */
	const struct mx_cell *c = matrix_cell(&mx, 0, nl);
	assert_int_equal(c->nfacts[MODE_STORED], 1);
	assert_int_equal(c->nfacts[MODE_PROCESSED], 1);
	assert_int_equal(c->strongest, MODE_STORED);
	assert_int_equal(c->worst, -1);
	assert_int_equal(c->npolicies, 0);
	assert_int_equal(c->nservices, 2);
	assert_int_equal(c->nlisted, 2);
	assert_string_equal(c->services[0]->id, "scans");
	assert_string_equal(c->services[1]->id, "viewer");
	/* processed and accessed (from) in the US: processed is stronger;
	 * two errors and a warning: error is the worst */
	c = matrix_cell(&mx, 0, us);
	assert_int_equal(c->nfacts[MODE_STORED], 0);
	assert_int_equal(c->nfacts[MODE_PROCESSED], 1);
	assert_int_equal(c->nfacts[MODE_ACCESSED], 1);
	assert_int_equal(c->strongest, MODE_PROCESSED);
	assert_int_equal(c->nviol[SEV_ERROR], 2);
	assert_int_equal(c->nviol[SEV_WARNING], 1);
	assert_int_equal(c->nviol[SEV_INFO], 0);
	assert_int_equal(c->worst, SEV_ERROR);
	/* each policy once, by id, with its count */
	assert_int_equal(c->npolicies, 2);
	assert_string_equal(c->policies[0].policy->id, "no-us-access");
	assert_int_equal(c->policies[0].n, 1);
	assert_string_equal(c->policies[1].policy->id, "scans-in-eu");
	assert_int_equal(c->policies[1].n, 2);
	/* the fact about both subjects counts in each sub-row */
	for (size_t r = 1; r <= 2; r++) {
		const struct mx_cell *s = matrix_cell(&mx, r, us);
		assert_int_equal(s->strongest, MODE_PROCESSED);
		assert_int_equal(s->nviol[SEV_ERROR], 2);
		assert_int_equal(s->worst, SEV_ERROR);
	}
	/* an info finding only: worst is info, not a breach */
	c = matrix_cell(&mx, 3, ca);
	assert_int_equal(c->strongest, MODE_STORED);
	assert_int_equal(c->worst, SEV_INFO);
	assert_string_equal(c->policies[0].policy->id, "email-noted");
	/* empty cells */
	c = matrix_cell(&mx, 4, nl);
	assert_int_equal(c->strongest, -1);
	assert_int_equal(c->worst, -1);
	assert_int_equal(c->nservices, 0);
	assert_int_equal(matrix_cell(&mx, 4, ca)->strongest, MODE_STORED);
	matrix_release(&mx);
	release(&x);
}

static void test_budget_and_filter(void **state)
{
	(void)state;
	struct fixture x;
	load(&x);
	struct matrix mx;
	/* 5 rows with sub-rows: over 4, the sub-rows go */
	build(&mx, &x, NULL, 4);
	assert_true(mx.no_subrows);
	assert_false(mx.folded);
	assert_int_equal(mx.nrows, 3);
	for (size_t r = 0; r < mx.nrows; r++)
		assert_false(mx.rows[r].sub);
	matrix_release(&mx);
	/* 3 categories over 2: folded to their roots */
	build(&mx, &x, NULL, 2);
	assert_true(mx.folded);
	assert_string_equal(mx.rows[0].data->id, "health");
	assert_string_equal(mx.rows[1].data->id, "personal");
	assert_int_equal(matrix_cell(&mx, 0, col_of(&mx, "US"))->worst, SEV_ERROR);
	matrix_release(&mx);
	/* only mail's facts: one row, one column, its violation only */
	unsigned char *keep = calloc(x.fs->nfacts + 1, 1);
	for (size_t i = 0; i < x.fs->nfacts; i++)
		keep[i] = !strcmp(x.fs->facts[i].service->id, "mail");
	build(&mx, &x, keep, 60);
	assert_int_equal(mx.nfacts, 1);
	assert_int_equal(mx.nrows, 1);
	assert_int_equal(mx.ncols, 1);
	assert_int_equal(mx.nviol, 1);
	assert_int_equal(mx.nservices, 1);
	assert_string_equal(mx.cols[0].country->id, "CA");
	assert_int_equal(matrix_cell(&mx, 0, 0)->worst, SEV_INFO);
	matrix_release(&mx);
	/* nothing kept: an empty table */
	memset(keep, 0, x.fs->nfacts + 1);
	build(&mx, &x, keep, 60);
	assert_int_equal(mx.nrows, 0);
	assert_int_equal(mx.ncols, 0);
	assert_int_equal(mx.nfacts, 0);
	matrix_release(&mx);
	free(keep);
	release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_columns),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_budget_and_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
