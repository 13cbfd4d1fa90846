/*
 * Unit tests of diff: facts of two separately built models compare by
 * ids (equal inventories give an empty diff although no pointer is
 * shared), and a move across a border shows as facts, reach, violations
 * and a moved service; services added and removed are listed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine/diff.h"
#include "mbuild.h"

enum variant { V_BASE = 0, V_MOVED = 1, V_GEO = 2, V_SERVICES = 4, V_ACCESS = 8, V_DISABLED = 16 };

/*
 * clinic's db stores health about eu-residents in azure:westeurope (or
 * azure:southcentralus when moved); policy eu-health allows it in EU only.
 */
static struct model *build(unsigned v)
{
	struct model *m = world();
	struct service *db = SVC(m, "db", "clinic",
				 v & V_MOVED ? "azure:southcentralus" : "azure:westeurope", 10);
	STORE(m, db, 11, "health", "eu-residents", "care");
	if (v & V_GEO)
		GEO(db, 12);
	if (v & V_ACCESS)
		ACCESS(m, db, 13, "IL");
	SVC(m, v & V_SERVICES ? "cache" : "legacy", "clinic", "azure:northeurope", 20);
	if (v & V_DISABLED)
		model_find_tenant(m, "clinic")->status = TENANT_DISABLED;
	struct policy *p = model_add_policy(m, "eu-health", P(30));
	p->match.has[SEL_DATA] = true;
	p->match.items[SEL_DATA] = model_alloc(m, sizeof(void *));
	p->match.items[SEL_DATA][0] = DATA(m, "health");
	p->match.n[SEL_DATA] = 1;
	p->has_allow_in = true;
	p->allow_in = model_alloc(m, sizeof *p->allow_in);
	p->allow_in[0].type = PLACE_JUR;
	p->allow_in[0].u.jur = model_find_jur(m, "EU");
	p->nallow_in = 1;
	FINALIZE(m);
	return m;
}

static void test_identity_across_models(void **state)
{
	(void)state;
	struct model *a = build(V_GEO | V_ACCESS), *b = build(V_GEO | V_ACCESS);
	struct diff *df = diff_compute(a, b);
	assert_true(df->ofs->nfacts > 0);
	assert_int_equal(df->ofs->nfacts, df->nfs->nfacts);
	assert_ptr_not_equal(df->ofs->facts[0].service, df->nfs->facts[0].service);
	assert_int_equal(fact_key_cmp(&df->ofs->facts[0], &df->nfs->facts[0]), 0);
	assert_true(diff_empty(df));
	assert_int_equal(diff_new_at_least(df, SEV_INFO), 0);
	diff_free(df);
	model_free(a);
	model_free(b);
}

static void test_move_across_border(void **state)
{
	(void)state;
	struct model *a = build(V_BASE), *b = build(V_MOVED);
	struct diff *df = diff_compute(a, b);
	assert_int_equal(df->nremoved, 1);
	assert_string_equal(df->removed[0]->region->id, "azure:westeurope");
	assert_int_equal(df->nadded, 1);
	assert_string_equal(df->added[0]->region->id, "azure:southcentralus");
	assert_int_equal(df->added[0]->mode, MODE_STORED);

	assert_int_equal(df->nmoved, 1);
	assert_string_equal(df->moved[0].new->id, "db");
	assert_true(df->moved[0].border);
	assert_int_equal(df->nsvc_added, 0);
	assert_int_equal(df->nsvc_removed, 0);

	/* US reached health before through azure's HQ; now also by location */
	assert_int_equal(df->nreach_gained, 1);
	assert_string_equal(df->reach_gained[0].reach->jur->id, "US");
	assert_int_equal(df->reach_gained[0].reach->why, REACH_LOCATION);
	assert_int_equal(df->nreach_lost, 1);
	assert_string_equal(df->reach_lost[0].reach->jur->id, "NL");
	struct strbuf sb = STRBUF_INIT;
	fact_what(&sb, df->reach_gained[0].fact);
	sb_addc(&sb, ' ');
	reach_how(&sb, df->reach_gained[0].reach);
	assert_string_equal(sb.buf, "health about eu-residents through its location");
	sb_release(&sb);

	assert_int_equal(df->nvnew, 1);
	assert_string_equal(df->vnew[0]->policy->id, "eu-health");
	assert_int_equal(df->nvfixed, 0);
	assert_int_equal(diff_new_at_least(df, SEV_ERROR), 1);

	size_t n;
	struct dc_count *dc = dc_counts(df->added, df->nadded, df->removed, df->nremoved, &n);
	assert_int_equal(n, 2);
	assert_string_equal(dc[0].country->id, "NL");
	assert_int_equal(dc[0].removed, 1);
	assert_string_equal(dc[1].country->id, "US");
	assert_int_equal(dc[1].added, 1);
	free(dc);
	diff_free(df);

	/* the other way round the violation is fixed */
	df = diff_compute(b, a);
	assert_int_equal(df->nvfixed, 1);
	assert_int_equal(df->nvnew, 0);
	assert_int_equal(diff_new_at_least(df, SEV_INFO), 0);
	diff_free(df);
	model_free(a);
	model_free(b);
}

static void test_geo_replica_and_access(void **state)
{
	(void)state;
	struct model *a = build(V_BASE), *b = build(V_GEO | V_ACCESS);
	struct diff *df = diff_compute(a, b);
	/* a replica in IE, and IL reaches both copies */
	size_t replica = 0, accessed = 0;
	for (size_t i = 0; i < df->nadded; i++) {
		replica += df->added[i]->mode == MODE_REPLICA;
		accessed += df->added[i]->mode == MODE_ACCESSED;
	}
	assert_int_equal(replica, 1);
	assert_int_equal(accessed, 1);
	assert_int_equal(df->nremoved, 0);
	assert_int_equal(df->nmoved, 0);
	/* IE by location, IL by access */
	assert_int_equal(df->nreach_gained, 2);
	assert_string_equal(df->reach_gained[0].reach->jur->id, "IE");
	assert_string_equal(df->reach_gained[1].reach->jur->id, "IL");
	assert_int_equal(df->reach_gained[1].reach->why, REACH_ACCESS);
	/* access from IL is outside EU; the replica in IE is not */
	assert_int_equal(df->nvnew, 1);
	assert_int_equal(df->vnew[0]->fact->mode, MODE_ACCESSED);
	diff_free(df);
	model_free(a);
	model_free(b);
}

static void test_services_added_removed(void **state)
{
	(void)state;
	struct model *a = build(V_BASE), *b = build(V_SERVICES);
	struct diff *df = diff_compute(a, b);
	assert_int_equal(df->nsvc_added, 1);
	assert_string_equal(df->svc_added[0]->id, "cache");
	assert_int_equal(df->nsvc_removed, 1);
	assert_string_equal(df->svc_removed[0]->id, "legacy");
	/* neither stores anything: residency is unchanged */
	assert_int_equal(df->nadded, 0);
	assert_int_equal(df->nremoved, 0);
	assert_false(diff_empty(df));
	diff_free(df);
	model_free(a);
	model_free(b);
}

static void test_tenant_disabled(void **state)
{
	(void)state;
	struct model *a = build(V_MOVED), *b = build(V_MOVED | V_DISABLED);
	struct diff *df = diff_compute(a, b);
	assert_int_equal(df->ntenants, 1);
	assert_string_equal(df->tenants[0].new->id, "clinic");
	assert_int_equal(df->tenants[0].old->status, TENANT_ACTIVE);
	assert_int_equal(df->tenants[0].new->status, TENANT_DISABLED);
	/* its one fact goes, and the violation with it */
	assert_int_equal(df->nremoved, 1);
	assert_int_equal(df->nadded, 0);
	assert_int_equal(df->nvfixed, 1);
	assert_int_equal(df->nmoved, 0);
	diff_free(df);
	model_free(a);
	model_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_across_models),
		cmocka_unit_test(test_move_across_border),
		cmocka_unit_test(test_geo_replica_and_access),
		cmocka_unit_test(test_services_added_removed),
		cmocka_unit_test(test_tenant_disabled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
