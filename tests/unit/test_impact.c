/*
 * Unit tests of impact: the masked copy of the model, which services
 * stop, transitive dependency loss with its chain, and the stranded-data
 * computation (copies lost, copies left), on models made with the
 * builders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/diff.h"
#include "engine/impact.h"
#include "load/load.h"

static struct pos P(uint32_t line)
{
	struct pos p = { "t.yaml", line, 1 };
	return p;
}

static struct term *data(struct model *m, const char *id)
{
	struct term *t = model_find_data(m, id);
	return t ? t : model_add_data(m, id, P(1));
}

static struct region *region(struct model *m, const char *id, struct provider *p,
			     const char *cc)
{
	struct region *r = model_add_region(m, id, P(2));
	r->provider = p;
	r->country = model_find_jur(m, cc);
	return r;
}

/* regions: comma-separated region ids; stores: one data id or NULL. */
static struct service *service(struct model *m, const char *id, const char *tenant,
			       enum svc_kind kind, const char *regions, const char *stores)
{
	struct service *s = model_add_service(m, id, P(3));
	s->tenant = model_find_tenant(m, tenant);
	s->kind = kind;
	char *list = strdup(regions), *save = NULL;
	s->regions = model_alloc(m, 8 * sizeof *s->regions);
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		s->regions[s->nregions].region = model_find_region(m, t);
		assert_non_null(s->regions[s->nregions].region);
		s->regions[s->nregions++].pos = P(4);
	}
	free(list);
	if (stores) {
		s->stores = model_alloc(m, sizeof *s->stores);
		s->nstores = 1;
		s->stores[0].pos = P(5);
		s->stores[0].data = model_alloc(m, sizeof(struct term *));
		s->stores[0].data[0] = data(m, stores);
		s->stores[0].ndata = 1;
	}
	s->deps = model_alloc(m, 8 * sizeof *s->deps);
	return s;
}

static void dep(struct model *m, struct service *from, struct service *to, const char *sends)
{
	struct dep *d = &from->deps[from->ndeps++];
	d->to = to;
	d->pos = P(6);
	if (sends) {
		d->sends = model_alloc(m, sizeof(struct term *));
		d->sends[0] = data(m, sends);
		d->nsends = 1;
	}
}

/*
 * p runs p:nl (NL, paired with p:de), p:de (DE), p:us (US).
 *   archive  imod  storage  p:nl, geo   stores comms.voice, sends it to ai
 *   ai       imod  ai       p:us
 *   dash     acme  compute  p:de        depends on ai
 *   app      acme  compute  p:nl        depends on dash
 *   records  acme  database p:nl,p:us   stores health
 */
static struct model *story(void)
{
	struct model *m = model_new();
	model_add_jur(m, "NL", P(1), false);
	model_add_jur(m, "DE", P(1), false);
	model_add_jur(m, "US", P(1), false);
	struct provider *p = model_add_provider(m, "p", P(1));
	p->hq = model_find_jur(m, "US");
	struct region *nl = region(m, "p:nl", p, "NL");
	struct region *de = region(m, "p:de", p, "DE");
	region(m, "p:us", p, "US");
	nl->pair = de;
	model_add_tenant(m, "imod", P(1));
	model_add_tenant(m, "acme", P(1));
	struct service *archive = service(m, "archive", "imod", KIND_STORAGE, "p:nl", "comms.voice");
	archive->redundancy = RED_GEO;
	struct service *ai = service(m, "ai", "imod", KIND_AI, "p:us", NULL);
	struct service *dash = service(m, "dash", "acme", KIND_COMPUTE, "p:de", NULL);
	struct service *app = service(m, "app", "acme", KIND_COMPUTE, "p:nl", NULL);
	service(m, "records", "acme", KIND_DATABASE, "p:nl,p:us", "health");
	dep(m, archive, ai, "comms.voice");
	dep(m, dash, ai, NULL);
	dep(m, app, dash, NULL);
	struct diag d;
	diag_init(&d, stderr);
	assert_int_equal(model_finalize(m, &d), 0);
	diag_release(&d);
	return m;
}

static struct impact *run(struct model *m, struct impact_spec *specs, const char *const *args,
			  size_t n)
{
	struct diag d;
	diag_init(&d, stderr);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(impact_spec_parse(m, args[i], &specs[i], &d), 0);
	diag_release(&d);
	return impact_compute(m, specs, n, NULL);
}

static const struct stranded *find_stranded(const struct impact *im, const char *tenant,
					    const char *dat)
{
	for (size_t i = 0; i < im->nstranded; i++)
		if (!strcmp(im->stranded[i].tenant->id, tenant) &&
		    !strcmp(im->stranded[i].data->id, dat))
			return &im->stranded[i];
	return NULL;
}

static void test_tenant_transitive_dependency_loss(void **state)
{
	(void)state;
	struct model *m = story();
	struct impact_spec specs[1];
	const char *args[] = { "tenant:imod" };
	struct impact *im = run(m, specs, args, 1);

	assert_int_equal(im->noff, 2);
	assert_string_equal(im->off[0].service->id, "ai");
	assert_int_equal(im->off[0].why, OFF_TENANT);
	assert_string_equal(im->off[1].service->id, "archive");

	/* app -> dash -> ai: app loses ai through dash */
	assert_int_equal(im->ndeploss, 2);
	assert_string_equal(im->deploss[0].chain[0]->id, "app");
	assert_int_equal(im->deploss[0].n, 3);
	assert_string_equal(im->deploss[0].chain[1]->id, "dash");
	assert_string_equal(im->deploss[0].chain[2]->id, "ai");
	assert_string_equal(im->deploss[1].chain[0]->id, "dash");
	assert_int_equal(im->deploss[1].n, 2);

	/* comms.voice: stored in p:nl, replica in p:de, processed by ai in p:us */
	assert_int_equal(im->ngone, 3);
	assert_int_equal(im->nappeared, 0);
	const struct stranded *st = find_stranded(im, "imod", "comms.voice");
	assert_non_null(st);
	assert_int_equal(st->lost, 2);          /* the stored copy and the replica */
	assert_int_equal(st->nleft, 0);
	assert_int_equal(im->nno_copy, 1);
	assert_null(find_stranded(im, "acme", "health"));
	/* the original is untouched */
	assert_int_equal(m->nservices, 5);
	assert_int_equal(im->before->nfacts, im->ngone + im->after->nfacts);
	impact_free(im);
	model_free(m);
}

static void test_region_gone_keeps_other_regions(void **state)
{
	(void)state;
	struct model *m = story();
	struct impact_spec specs[1];
	const char *args[] = { "region:p:nl" };
	struct impact *im = run(m, specs, args, 1);

	/* app and archive have no region left; records keeps p:us */
	assert_int_equal(im->noff, 2);
	assert_string_equal(im->off[0].service->id, "app");
	assert_int_equal(im->off[0].why, OFF_REGIONS);
	assert_ptr_equal(im->off[0].spec, &specs[0]);
	assert_string_equal(im->off[1].service->id, "archive");
	assert_int_equal(im->nshrunk, 1);
	assert_string_equal(im->shrunk[0].service->id, "records");
	assert_int_equal(im->shrunk[0].nlost, 1);
	assert_string_equal(im->shrunk[0].lost[0]->id, "p:nl");
	/* nothing depends on app or archive */
	assert_int_equal(im->ndeploss, 0);

	const struct stranded *st = find_stranded(im, "acme", "health");
	assert_non_null(st);
	assert_int_equal(st->lost, 1);
	assert_int_equal(st->nleft, 1);
	assert_string_equal(st->left[0]->id, "p:us");
	st = find_stranded(im, "imod", "comms.voice");
	assert_non_null(st);
	assert_int_equal(st->nleft, 0);
	assert_int_equal(im->nno_copy, 1);
	impact_free(im);
	model_free(m);
}

static void test_pair_region_gone_drops_replica_only(void **state)
{
	(void)state;
	struct model *m = story();
	struct impact_spec specs[1];
	const char *args[] = { "country:DE" };
	struct impact *im = run(m, specs, args, 1);

	/* dash lives only in DE; archive loses its geo replica there */
	assert_int_equal(im->noff, 1);
	assert_string_equal(im->off[0].service->id, "dash");
	assert_int_equal(im->nshrunk, 1);
	assert_string_equal(im->shrunk[0].service->id, "archive");
	assert_string_equal(im->shrunk[0].lost[0]->id, "p:de");
	assert_int_equal(im->ndeploss, 1);
	assert_string_equal(im->deploss[0].chain[0]->id, "app");
	assert_string_equal(im->deploss[0].chain[1]->id, "dash");

	const struct stranded *st = find_stranded(im, "imod", "comms.voice");
	assert_non_null(st);
	assert_int_equal(st->lost, 1);
	assert_int_equal(st->nleft, 1);
	assert_string_equal(st->left[0]->id, "p:nl");
	assert_int_equal(im->nno_copy, 0);
	assert_int_equal(im->ngone, 1);
	assert_int_equal(im->gone[0]->mode, MODE_REPLICA);
	impact_free(im);
	model_free(m);
}

static void test_view_is_a_faithful_copy(void **state)
{
	(void)state;
	struct model *m = story();
	struct impact_mask mask;
	mask.service_off = calloc(m->nservices, sizeof(bool));
	mask.region_gone = calloc(m->nregions, sizeof(bool));
	struct model *v = impact_view(m, &mask);
	assert_int_equal(v->nservices, m->nservices);
	assert_int_equal(v->nregions, m->nregions);
	assert_ptr_not_equal(v->services[0], m->services[0]);
	struct factset *a = facts_derive(m), *b = facts_derive(v);
	const struct fact **oa, **ob;
	size_t na, nb;
	facts_setdiff(a, b, &oa, &na, &ob, &nb);
	assert_int_equal(a->nfacts, b->nfacts);
	assert_true(a->nfacts > 0);
	assert_int_equal(na, 0);
	assert_int_equal(nb, 0);
	free(oa);
	free(ob);
	factset_free(a);
	factset_free(b);
	/* a service off takes the dependencies on it away */
	mask.service_off[model_find_service(m, "dash")->index] = true;
	struct model *w = impact_view(m, &mask);
	assert_null(model_find_service(w, "dash"));
	assert_int_equal(model_find_service(w, "app")->ndeps, 0);
	model_free(w);
	model_free(v);
	free(mask.service_off);
	free(mask.region_gone);
	model_free(m);
}

static void test_violations_resolved(void **state)
{
	(void)state;
	struct model *m = story();
	/* a policy added after finalize: finalize again to index it */
	struct policy *p = model_add_policy(m, "no-calls", P(40));
	assert_non_null(p);
	p->deny = true;
	p->match.has[SEL_DATA] = true;
	p->match.items[SEL_DATA] = model_alloc(m, sizeof(void *));
	p->match.items[SEL_DATA][0] = model_find_data(m, "comms");
	p->match.n[SEL_DATA] = 1;
	/* except the AI service, through a service selector the copy must remap */
	p->has_except = true;
	p->except.has[SEL_SERVICES] = true;
	p->except.items[SEL_SERVICES] = model_alloc(m, sizeof(void *));
	p->except.items[SEL_SERVICES][0] = model_find_service(m, "ai");
	p->except.n[SEL_SERVICES] = 1;
	struct diag d;
	diag_init(&d, stderr);
	assert_int_equal(model_finalize(m, &d), 0);
	diag_release(&d);

	struct impact_spec specs[1];
	const char *args[] = { "country:DE" };
	struct impact *im = run(m, specs, args, 1);
	/* stored in p:nl and the replica in p:de violate; ai's processing is
	 * excepted. Losing DE resolves the replica's violation only. */
	assert_int_equal(im->vbefore->n, 2);
	assert_int_equal(im->vafter->n, 1);
	assert_int_equal(im->nresolved, 1);
	assert_int_equal(im->resolved[0]->fact->mode, MODE_REPLICA);
	assert_int_equal(im->ncreated, 0);
	impact_free(im);

	const char *args2[] = { "service:ai" };
	im = run(m, specs, args2, 1);
	/* the except names a service that is off: still no violation for it */
	assert_int_equal(im->vafter->n, 2);
	assert_int_equal(im->nresolved, 0);
	assert_int_equal(im->ncreated, 0);
	impact_free(im);
	model_free(m);
}

/* The copy of a real inventory, nothing switched off, judges the same:
 * a field the copy forgot would show here. */
static void test_view_of_the_story(void **state)
{
	(void)state;
	const char *paths[] = { "examples/story" };
	struct load_opts o;
	load_opts_default(&o);
	struct diag d;
	diag_init(&d, stderr);
	bool ok;
	struct model *m = load_inventory(paths, 1, &o, &d, &ok);
	assert_true(ok);
	struct impact_mask mask;
	mask.service_off = calloc(m->nservices + 1, sizeof(bool));
	mask.region_gone = calloc(m->nregions + 1, sizeof(bool));
	struct model *v = impact_view(m, &mask);
	struct factset *a = facts_derive(m), *b = facts_derive(v);
	struct verdicts *va = policy_evaluate(m, a), *vb = policy_evaluate(v, b);
	const struct fact **fa, **fb;
	const struct violation **xa, **xb;
	size_t nfa, nfb, nxa, nxb;
	facts_setdiff(a, b, &fa, &nfa, &fb, &nfb);
	verdicts_setdiff(va, vb, &xa, &nxa, &xb, &nxb);
	assert_true(a->nfacts > 10);
	assert_int_equal(a->nfacts, b->nfacts);
	assert_int_equal(nfa + nfb, 0);
	assert_true(va->n > 10);
	assert_int_equal(va->n, vb->n);
	assert_int_equal(nxa + nxb, 0);
	for (size_t i = 0; i < va->n; i++)
		assert_string_equal(va->v[i].message, vb->v[i].message);
	assert_int_equal(a->ndisabled, b->ndisabled);
	free(fa);
	free(fb);
	free(xa);
	free(xb);
	verdicts_free(va);
	verdicts_free(vb);
	factset_free(a);
	factset_free(b);
	model_free(v);
	model_free(m);
	free(mask.service_off);
	free(mask.region_gone);
	diag_release(&d);
}

static void test_spec_errors(void **state)
{
	(void)state;
	struct model *m = story();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag d;
	diag_init(&d, out);
	struct impact_spec sp;
	assert_int_equal(impact_spec_parse(m, "tenant:imodd", &sp, &d), -1);
	assert_int_equal(impact_spec_parse(m, "planet:earth", &sp, &d), -1);
	assert_int_equal(impact_spec_parse(m, "region:p:us", &sp, &d), 0);
	assert_int_equal(sp.kind, SPEC_REGION);
	assert_string_equal(sp.id, "p:us");
	fclose(out);
	assert_non_null(strstr(buf, "unknown tenant 'imodd'; did you mean 'imod'?"));
	assert_non_null(strstr(buf, "cannot read --disable 'planet:earth'"));
	assert_int_equal(diag_errors(&d), 2);
	free(buf);
	diag_release(&d);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tenant_transitive_dependency_loss),
		cmocka_unit_test(test_region_gone_keeps_other_regions),
		cmocka_unit_test(test_pair_region_gone_drops_replica_only),
		cmocka_unit_test(test_view_is_a_faithful_copy),
		cmocka_unit_test(test_violations_resolved),
		cmocka_unit_test(test_view_of_the_story),
		cmocka_unit_test(test_spec_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
