/*
 * Unit tests of resmap import: the resmap.io/stores grammar, Backstage
 * entity references (kinds, namespaces, APIs), owners as tenants, Fides
 * flows, datasets and policy rules, regions from the options, and a run
 * over the real Backstage and Fides files in ../shared/corpora when they
 * are present (skipped, visibly, when not): no crash, every message
 * positioned, output that parses back as YAML.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/import.h"
#include "load/load.h"

struct run {
	struct imp_opts o;
	struct imp_inv inv;
	struct diag d;
	struct ptrvec docs;
	char *msgs;
	size_t msglen;
	FILE *mf;
	int rc;
};

static void run_start(struct run *r)
{
	memset(r, 0, sizeof *r);
	imp_opts_init(&r->o);
	r->mf = open_memstream(&r->msgs, &r->msglen);
	diag_init(&r->d, r->mf);
	r->d.excerpts = false;
}

/* Imports one in-memory file; fmt is "backstage" or "fides". */
static void run_import(struct run *r, const char *fmt, const char *yaml)
{
	imp_init(&r->inv, &r->o, &r->d);
	r->rc = imp_read_buffer(&r->inv, "t.yaml", yaml, strlen(yaml), &r->o, &r->d, &r->docs);
	if (r->rc == 0)
		r->rc = !strcmp(fmt, "fides") ? import_fides(&r->inv, &r->docs, &r->d) :
			import_backstage(&r->inv, &r->docs, &r->d);
	if (r->rc == 0)
		r->rc = imp_finish(&r->inv, &r->o, &r->d);
	fflush(r->mf);
}

static void run_end(struct run *r)
{
	pv_release(&r->docs);
	imp_release(&r->inv);
	diag_release(&r->d);
	fclose(r->mf);
	free(r->msgs);
	imp_opts_release(&r->o);
}

static char *vec_join(const struct ptrvec *v)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			sb_addc(&sb, ' ');
		sb_adds(&sb, v->v[i]);
	}
	return sb.buf ? sb_detach(&sb) : xstrdup("");
}

static void assert_vec(const struct ptrvec *v, const char *want)
{
	char *s = vec_join(v);
	assert_string_equal(s, want);
	free(s);
}

static const char bs_head[] =
	"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n";

static void test_stores_grammar(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	char yaml[1024];
	snprintf(yaml, sizeof yaml, "%s  name: svc\n  annotations:\n"
		 "    resmap.io/regions: aws:eu-west-1\n"
		 "    resmap.io/stores: \"a.b, c@s1,s2 for p1 ,p2; d for p3;e@s3; ; x y\"\n"
		 "spec:\n  type: service\n  owner: t\n", bs_head);
	run_import(&r, "backstage", yaml);
	assert_int_equal(r.rc, 0);
	struct imp_service *s = imp_find_service(&r.inv, "svc");
	assert_non_null(s);
	assert_int_equal(s->stores.n, 3);
	struct imp_store *st = s->stores.v[0];
	assert_vec(&st->data, "a.b c");
	assert_vec(&st->subjects, "s1 s2");
	assert_vec(&st->purposes, "p1 p2");
	st = s->stores.v[1];
	assert_vec(&st->data, "d");
	assert_vec(&st->subjects, "");
	assert_vec(&st->purposes, "p3");
	st = s->stores.v[2];
	assert_vec(&st->data, "e");
	assert_vec(&st->subjects, "s3");
	/* the empty entry and the id with a space are warned about */
	assert_non_null(strstr(r.msgs, "t.yaml:7:23: warning: annotation 'resmap.io/stores': an "
			       "entry names no data category"));
	assert_non_null(strstr(r.msgs, "'x y' holds a space"));
	run_end(&r);
}

static void test_refs_namespaces_and_apis(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	r.o.no_catalog = true;
	assert_int_equal(imp_opts_add_region(&r.o, "onprem:x"), 0);
	run_import(&r, "backstage",
		"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n"
		"  namespace: shop\nspec:\n  type: website\n  owner: group:people/team-a\n"
		"  dependsOn: [db, resource:default/db, component:shop/api-impl, cache]\n"
		"  consumesApis: [orders]\n"
		"---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: db\n"
		"  namespace: shop\nspec:\n  type: database\n  owner: user:default/jo\n"
		"---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
		"  name: api-impl\n  namespace: shop\nspec:\n  type: service\n  owner: team-a\n"
		"  providesApis: [orders]\n");
	assert_int_equal(r.rc, 0);
	struct imp_service *web = imp_find_service(&r.inv, "web");
	assert_non_null(web);
	assert_string_equal(web->tenant, "team-a");
	assert_string_equal(web->kind, "compute");
	/* db (own namespace) once, api-impl once though named twice */
	assert_int_equal(web->deps.n, 2);
	assert_string_equal(((struct imp_dep *)web->deps.v[0])->to, "db");
	assert_string_equal(((struct imp_dep *)web->deps.v[1])->to, "api-impl");
	assert_string_equal(imp_find_service(&r.inv, "db")->tenant, "jo");
	assert_non_null(strstr(r.msgs, "'resource:default/db' is not in the imported catalog"));
	assert_non_null(strstr(r.msgs, "'cache' is not in the imported catalog"));
	assert_vec(&web->regions, "onprem:x");
	run_end(&r);
}

static void test_missing_region_is_an_error(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	char yaml[512];
	snprintf(yaml, sizeof yaml, "%s  name: a\nspec:\n  owner: t\n---\n%s  name: b\n"
		 "spec:\n  owner: t\n", bs_head, bs_head);
	assert_int_equal(imp_opts_add_region(&r.o, "b=aws:eu-west-1,aws:eu-west-2"), 0);
	run_import(&r, "backstage", yaml);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.msgs, "t.yaml:4:9: error: service 'a' has no region"));
	assert_null(strstr(r.msgs, "service 'b' has no region"));
	assert_vec(&imp_find_service(&r.inv, "b")->regions, "aws:eu-west-1 aws:eu-west-2");
	run_end(&r);
}

static void test_region_options(void **state)
{
	(void)state;
	struct imp_opts o;
	imp_opts_init(&o);
	assert_int_equal(imp_opts_add_region(&o, "aws:eu-west-1, aws:eu-west-2"), 0);
	assert_int_equal(o.ndefault_regions, 2);
	assert_string_equal(o.default_regions[1], "aws:eu-west-2");
	assert_int_equal(imp_opts_add_region(&o, "svc=gcp:europe-west4"), 0);
	assert_string_equal(o.per[0].name, "svc");
	assert_int_equal(imp_opts_add_region(&o, "=x"), -1);
	assert_int_equal(imp_opts_add_region(&o, "a,,b"), -1);
	imp_opts_release(&o);
}

static const char fides_doc[] =
	"system:\n"
	"  - fides_key: a\n    system_type: Service\n    resmap_regions: [aws:eu-west-1]\n"
	"    egress:\n      - {fides_key: b, type: system, data_categories: [user.contact]}\n"
	"    privacy_declarations:\n"
	"      - {name: x, data_categories: [], data_use: essential, data_subjects: [customer],\n"
	"         dataset_references: [ds]}\n"
	"  - fides_key: b\n    system_type: Database\n"
	"    meta: {resmap_regions: \"aws:eu-west-1, aws:eu-west-2\"}\n"
	"    ingress:\n      - {fides_key: a, type: system, data_categories: [user.name]}\n"
	"dataset:\n  - fides_key: ds\n    collections:\n      - name: t\n        fields:\n"
	"          - {name: f, data_categories: [user.contact.email]}\n"
	"          - name: g\n            fields: [{name: h, data_categories: [system.operations]}]\n"
	"policy:\n  - fides_key: p\n    rules:\n"
	"      - name: Deny it\n"
	"        data_categories: {matches: ANY, values: [user]}\n"
	"        data_uses: {matches: ANY, values: [marketing]}\n"
	"        data_subjects: {matches: ANY, values: [customer]}\n"
	"      - name: Other\n"
	"        data_categories: {matches: OTHER, values: [user]}\n"
	"        data_uses: {matches: ANY, values: [marketing]}\n"
	"        data_subjects: {matches: ANY, values: [customer]}\n";

static void test_fides_flows_datasets_policies(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	run_import(&r, "fides", fides_doc);
	assert_int_equal(r.rc, 0);
	struct imp_service *a = imp_find_service(&r.inv, "a");
	struct imp_service *b = imp_find_service(&r.inv, "b");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a->tenant, "default_organization");
	assert_string_equal(b->kind, "database");
	assert_vec(&b->regions, "aws:eu-west-1 aws:eu-west-2");
	/* egress a->b and ingress b<-a are one edge sending both */
	assert_int_equal(a->deps.n, 1);
	assert_int_equal(b->deps.n, 0);
	/* Fides categories on resmap's taxonomy (category_map) */
	assert_vec(&((struct imp_dep *)a->deps.v[0])->sends, "personal.contact personal.identifier");
	/* the declaration took its categories from the dataset, nested fields too */
	assert_int_equal(a->stores.n, 1);
	assert_vec(&((struct imp_store *)a->stores.v[0])->data,
		   "personal.contact.email telemetry.logs");
	assert_int_equal(r.inv.policy_v.n, 1);
	struct imp_policy *p = r.inv.policy_v.v[0];
	assert_string_equal(p->id, "p-deny-it");
	assert_vec(&p->data, "personal");
	assert_vec(&p->purposes, "marketing");
	assert_non_null(strstr(r.msgs, "data_categories 'matches: OTHER' does not carry over"));
	/* mapped categories are resmap's own; other keys used are declared */
	assert_null(strmap_get(&r.inv.terms[IMP_DATA], "user.contact", 12));
	assert_non_null(strmap_get(&r.inv.terms[IMP_SUBJECT], "customer", 8));
	assert_null(strmap_get(&r.inv.terms[IMP_PURPOSE], "marketing", 9));
	run_end(&r);
}

static void test_many_messages_lose_excerpts(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	r.d.excerpts = true;
	r.o.no_catalog = true;
	struct strbuf y = STRBUF_INIT;
	sb_addf(&y, "%s  name: a\nspec:\n  owner: t\n  dependsOn:\n", bs_head);
	for (int i = 0; i < 60; i++)
		sb_addf(&y, "    - resource:missing-%d\n", i);
	assert_int_equal(imp_opts_add_region(&r.o, "x:y"), 0);
	run_import(&r, "backstage", y.buf);
	assert_int_equal(r.rc, 0);
	/* 50 messages with an excerpt (two lines each), then a note, then none */
	size_t bars = 0;
	for (const char *p = r.msgs; (p = strstr(p, "\n       | ")); p++)
		bars++;
	assert_int_equal(bars, IMP_EXCERPTS);
	assert_non_null(strstr(r.msgs, "note: more than 50 messages: the rest without source "
			       "excerpts"));
	assert_non_null(strstr(r.msgs, "'resource:missing-59' is not in the imported catalog"));
	sb_release(&y);
	run_end(&r);
}

/* Ids resmap's loader refuses are warned about and left out, so that
 * the output still loads. */
static void roundtrip_clean(struct run *r)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	imp_write(&r->inv, f);
	fclose(f);
	struct load_opts lo;
	load_opts_default(&lo);
	struct diag d2;
	diag_init(&d2, stderr);
	bool ok = false;
	struct model *m = load_buffer("out.yaml", out, outlen, &lo, &d2, &ok);
	assert_true(ok);
	model_free(m);
	diag_release(&d2);
	free(out);
}

static void test_odd_ids(void **state)
{
	(void)state;
	struct run r;
	run_start(&r);
	run_import(&r, "fides",
		"system:\n  - fides_key: \"s\\x01\"\n    resmap_regions: [azure:westeurope]\n"
		"  - fides_key: t\n    resmap_regions: [azure:westeurope]\n"
		"    privacy_declarations:\n      - {data_categories: [\"user..x\", .user, user., "
		"\"a\\x02b\", ok.one], data_use: \"essential.\", data_subjects: [\"c d\", "
		"\"x\\ty\"]}\n");
	assert_int_equal(r.rc, 0);
	assert_null(imp_find_service(&r.inv, "s\x01"));
	struct imp_store *st = imp_find_service(&r.inv, "t")->stores.v[0];
	assert_vec(&st->data, "ok.one");
	assert_vec(&st->subjects, "c d");
	assert_vec(&st->purposes, "");
	assert_non_null(strstr(r.msgs, "data_categories: 'user..x' has an empty segment between dots"));
	assert_non_null(strstr(r.msgs, "data_subjects: a key holds a control character"));
	roundtrip_clean(&r);
	run_end(&r);

	run_start(&r);
	char yaml[512];
	snprintf(yaml, sizeof yaml, "%s  name: \"bad\\x01\"\nspec:\n  owner: t\n---\n%s"
		 "  name: good\n  annotations:\n    resmap.io/regions: aws:eu-west-1\n"
		 "    resmap.io/stores: \"a..b,c.d@s for .p,q\"\nspec:\n  owner: \"t\\x02\"\n",
		 bs_head, bs_head);
	run_import(&r, "backstage", yaml);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.inv.service_v.n, 1);
	struct imp_service *s = imp_find_service(&r.inv, "good");
	st = s->stores.v[0];
	assert_vec(&st->data, "c.d");
	assert_vec(&st->purposes, "q");
	assert_string_equal(s->tenant, "unowned");
	roundtrip_clean(&r);
	run_end(&r);
}

/* ---- the real corpora ---- */

static int parse_ok(void *ctx, const struct ynode *root, struct arena *a)
{
	(void)a;
	if (root)
		++*(int *)ctx;
	return 0;
}

/* Every message line starts "resmap: FILE:LINE:COL: " or is one of the
 * few that concern no place. */
static void assert_positioned(const char *msgs)
{
	const char *p = msgs;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 8 && !strncmp(p, "resmap: ", 8)) {
			unsigned line, col;
			char file[512];
			int ok = sscanf(p + 8, "%511[^:]:%u:%u: ", file, &line, &col) == 3 &&
				 line > 0 && col > 0;
			if (!ok)
				fail_msg("unpositioned message: %.*s", (int)len, p);
		}
		p = nl ? nl + 1 : NULL;
	}
}

static void corpus(const char *fmt, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		print_message("corpus %s not present: skipped\n", dir);
		skip();
	}
	struct run r;
	run_start(&r);
	assert_int_equal(imp_opts_add_region(&r.o, "aws:eu-west-1"), 0);
	imp_init(&r.inv, &r.o, &r.d);
	char *paths[] = { (char *)dir };
	assert_int_equal(imp_read(&r.inv, paths, 1, &r.o, &r.d, &r.docs), 0);
	assert_true(r.docs.n > 0);
	int rc = !strcmp(fmt, "fides") ? import_fides(&r.inv, &r.docs, &r.d) :
		 import_backstage(&r.inv, &r.docs, &r.d);
	assert_int_equal(rc, 0);
	assert_int_equal(imp_finish(&r.inv, &r.o, &r.d), 0);
	assert_true(r.inv.service_v.n > 0);
	fflush(r.mf);
	assert_int_equal(diag_errors(&r.d), 0);
	assert_positioned(r.msgs);
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	imp_write(&r.inv, f);
	fclose(f);
	int ndocs = 0;
	struct diag d2;
	diag_init(&d2, stderr);
	assert_int_equal(ytree_parse_buffer(out, outlen, "out.yaml", &r.o.limits, &d2,
					    parse_ok, &ndocs), 0);
	assert_int_equal(ndocs, 1);
	/* the round trip: resmap's own loader reads it back without error */
	struct load_opts lo;
	load_opts_default(&lo);
	bool ok = false;
	struct model *m = load_buffer("out.yaml", out, outlen, &lo, &d2, &ok);
	assert_true(ok);
	assert_int_equal(m->nservices, r.inv.service_v.n);
	model_free(m);
	diag_release(&d2);
	free(out);
	run_end(&r);
}

static void test_corpus_backstage(void **state)
{
	(void)state;
	corpus("backstage", "../shared/corpora/backstage");
}

static void test_corpus_fides(void **state)
{
	(void)state;
	corpus("fides", "../shared/corpora/fides");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stores_grammar),
		cmocka_unit_test(test_refs_namespaces_and_apis),
		cmocka_unit_test(test_missing_region_is_an_error),
		cmocka_unit_test(test_region_options),
		cmocka_unit_test(test_fides_flows_datasets_policies),
		cmocka_unit_test(test_many_messages_lose_excerpts),
		cmocka_unit_test(test_odd_ids),
		cmocka_unit_test(test_corpus_backstage),
		cmocka_unit_test(test_corpus_fides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
