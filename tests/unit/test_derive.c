/*
 * Unit tests of fact derivation: stores, replicas (geo pairs, one-way
 * pairs, explicit), flows over depends_on, cycles and shortest paths,
 * tenant status, reach (location, provider HQ with operator, access),
 * termset interning and the order of facts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/keysort.h"
#include "mbuild.h"

static char *derive_dump(struct model *m, struct factset **out)
{
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	char *s = dump_facts(fs);
	if (out)
		*out = fs;
	else
		factset_free(fs);
	return s;
}

static void test_stored_in_every_region(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *v = SVC(m, "records", "clinic", "azure:westeurope azure:northeurope", 10);
	STORE(m, v, 11, "health.records", "eu-residents", "care");
	STORE(m, v, 12, "contact", "", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"contact [] [] clinic records azure:northeurope IE stored path=records src=12\n"
		"contact [] [] clinic records azure:westeurope NL stored path=records src=12\n"
		"health.records [eu-residents] [care] clinic records azure:northeurope IE stored path=records src=11\n"
		"health.records [eu-residents] [care] clinic records azure:westeurope NL stored path=records src=11\n");
	free(s);
	model_free(m);
}

static void test_geo_pair_and_stored_wins(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *v = SVC(m, "a", "clinic", "azure:westeurope", 10);
	GEO(v, 9);
	STORE(m, v, 11, "health", "", "");
	/* both regions of a pair are its own: no replica anywhere */
	struct service *w = SVC(m, "b", "clinic", "azure:westeurope azure:northeurope", 20);
	GEO(w, 19);
	STORE(m, w, 21, "health", "", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"health [] [] clinic a azure:northeurope IE replica path=a src=9\n"
		"health [] [] clinic b azure:northeurope IE stored path=b src=21\n"
		"health [] [] clinic a azure:westeurope NL stored path=a src=11\n"
		"health [] [] clinic b azure:westeurope NL stored path=b src=21\n");
	free(s);
	model_free(m);
}

static void test_one_way_pair(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *v = SVC(m, "br", "clinic", "azure:brazilsouth", 10);
	GEO(v, 9);
	STORE(m, v, 11, "health.records", "br-residents", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"health.records [br-residents] [] clinic br azure:brazilsouth BR stored path=br src=11\n"
		"health.records [br-residents] [] clinic br azure:southcentralus US replica path=br src=9\n");
	free(s);
	model_free(m);
}

static void test_explicit_replicas(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *v = SVC(m, "a", "clinic", "azure:westeurope", 10);
	/* listed twice, once as its own region, plus geo naming the same pair */
	REPLICAS(m, v, 8, "azure:northeurope azure:southcentralus azure:northeurope azure:westeurope");
	GEO(v, 9);
	STORE(m, v, 11, "health", "", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"health [] [] clinic a azure:northeurope IE replica path=a src=8\n"
		"health [] [] clinic a azure:westeurope NL stored path=a src=11\n"
		"health [] [] clinic a azure:southcentralus US replica path=a src=8\n");
	free(s);
	model_free(m);
}

/*
 * origin --comms--> mid --comms.voice--> ai --health--> sink
 * mid stores `comms` (an ancestor): it holds comms.voice at rest, and
 * being geo-redundant also replicates it. ai only processes. The edge
 * to sink does not send comms.voice: nothing arrives there.
 */
static void test_flow_over_hops(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *o = SVC(m, "origin", "imod", "azure:westeurope", 10);
	struct service *mid = SVC(m, "mid", "vendor", "azure:northeurope", 20);
	struct service *ai = SVC(m, "ai", "vendor", "azure:southcentralus", 30);
	SVC(m, "sink", "vendor", "azure:westeurope", 40);
	STORE(m, o, 11, "comms.voice", "gaza-residents", "surveillance.mass");
	DEP(m, o, 12, "mid", "comms");
	GEO(mid, 19);
	STORE(m, mid, 21, "comms", "staff", "");
	DEP(m, mid, 22, "ai", "comms.voice");
	DEP(m, ai, 32, "sink", "health");
	DEP(m, ai, 33, "sink", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"comms [staff] [] vendor mid azure:northeurope IE stored path=mid src=21\n"
		"comms [staff] [] vendor mid azure:westeurope NL replica path=mid src=19\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod mid azure:northeurope IE stored path=origin>mid src=12\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod mid azure:westeurope NL replica path=origin>mid src=19\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod origin azure:westeurope NL stored path=origin src=11\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod ai azure:southcentralus US processed path=origin>mid>ai src=22\n");
	free(s);
	model_free(m);
}

/* A receiver storing only a narrower category does not hold the wider one. */
static void test_narrower_store_processes(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *o = SVC(m, "o", "imod", "azure:westeurope", 10);
	struct service *r = SVC(m, "r", "imod", "azure:westeurope", 20);
	STORE(m, o, 11, "comms.voice", "", "");
	DEP(m, o, 12, "r", "comms.voice");
	STORE(m, r, 21, "comms.voice.recorded", "", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"comms.voice [] [] imod o azure:westeurope NL stored path=o src=11\n"
		"comms.voice [] [] imod r azure:westeurope NL processed path=o>r src=12\n"
		"comms.voice.recorded [] [] imod r azure:westeurope NL stored path=r src=21\n");
	free(s);
	model_free(m);
}

/* a -> b -> c -> a, and a -> c directly: c is reached by the short way. */
static void test_cycle_and_shortest_path(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:westeurope", 10);
	struct service *b = SVC(m, "b", "imod", "azure:westeurope", 20);
	struct service *c = SVC(m, "c", "imod", "azure:westeurope", 30);
	STORE(m, a, 11, "comms", "", "");
	DEP(m, a, 12, "b", "comms");
	DEP(m, a, 13, "c", "comms");
	DEP(m, b, 22, "c", "comms");
	DEP(m, c, 32, "a", "comms");
	DEP(m, c, 33, "b", "comms");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"comms [] [] imod a azure:westeurope NL stored path=a src=11\n"
		"comms [] [] imod b azure:westeurope NL processed path=a>b src=12\n"
		"comms [] [] imod c azure:westeurope NL processed path=a>c src=13\n");
	free(s);
	model_free(m);
}

static void test_disabled_and_suspended(void **state)
{
	(void)state;
	struct model *m = world();
	/* services first: DEP resolves its target when called */
	struct service *d = SVC(m, "dead", "gone", "azure:westeurope", 10);
	struct service *o = SVC(m, "live", "imod", "azure:westeurope", 20);
	struct service *d2 = SVC(m, "dead2", "gone", "azure:westeurope", 30);
	SVC(m, "after", "imod", "azure:westeurope", 40);
	SVC(m, "held", "paused", "azure:northeurope", 50);
	struct service *p = SVC(m, "p", "paused", "azure:westeurope", 60);
	STORE(m, d, 11, "comms", "", "");
	DEP(m, d, 12, "live", "comms");
	STORE(m, o, 21, "health", "", "");
	DEP(m, o, 22, "dead2", "health");
	DEP(m, d2, 32, "after", "health");
	DEP(m, o, 23, "held", "health");
	STORE(m, p, 61, "contact", "", "");
	struct factset *fs;
	char *s = derive_dump(m, &fs);
	assert_string_equal(s,
		"contact [] [] paused p azure:westeurope NL stored path=p src=61 SUSP\n"
		"health [] [] imod held azure:northeurope IE processed path=live>held src=23 SUSP\n"
		"health [] [] imod live azure:westeurope NL stored path=live src=21\n");
	assert_int_equal(fs->ndisabled, 2);
	assert_string_equal(fs->disabled[0]->id, "dead");
	assert_string_equal(fs->disabled[1]->id, "dead2");
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_access_and_reach(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *v = SVC(m, "archive", "imod", "azure:westeurope", 10);
	GEO(v, 9);
	ACCESS(m, v, 8, "IL US IL");
	STORE(m, v, 11, "comms.voice", "gaza-residents", "surveillance.mass");
	struct service *c = SVC(m, "cn", "imod", "azure:chinanorth onprem:tlv-1", 20);
	STORE(m, c, 21, "contact", "", "");
	struct factset *fs;
	char *s = derive_dump(m, &fs);
	assert_string_equal(s,
		"comms.voice [gaza-residents] [surveillance.mass] imod archive azure:northeurope IE replica path=archive src=9\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod archive azure:westeurope IL accessed path=archive src=8\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod archive azure:westeurope NL stored path=archive src=11\n"
		"comms.voice [gaza-residents] [surveillance.mass] imod archive azure:westeurope US accessed path=archive src=8\n"
		"contact [] [] imod cn azure:chinanorth CN stored path=cn src=21\n"
		"contact [] [] imod cn onprem:tlv-1 IL stored path=cn src=21\n");
	char *r;
	r = dump_reach(&fs->facts[0]);
	assert_string_equal(r, "IE/location IL/access US/provider:azure US/access");
	free(r);
	r = dump_reach(&fs->facts[2]);
	assert_string_equal(r, "IL/access NL/location US/provider:azure US/access");
	free(r);
	/* one reach array per (service, region), shared by its facts */
	assert_ptr_equal(fs->facts[1].reach, fs->facts[2].reach);
	assert_ptr_equal(fs->facts[2].reach, fs->facts[3].reach);
	assert_ptr_not_equal(fs->facts[0].reach, fs->facts[2].reach);
	/* the operator's law reaches, not the brand's */
	r = dump_reach(&fs->facts[4]);
	assert_string_equal(r, "CN/location CN/provider:21vianet");
	free(r);
	r = dump_reach(&fs->facts[5]);
	assert_string_equal(r, "IL/location IL/provider:onprem");
	free(r);
	const struct reach *hq = &fs->facts[2].reach[2];
	assert_int_equal(hq->why, REACH_PROVIDER_HQ);
	assert_int_equal(hq->provider->nlaws, 1);
	assert_string_equal(hq->provider->laws[0], "US CLOUD Act (18 USC 2713)");
	assert_int_equal(fs->facts[2].reach[3].pos.line, 8);
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_termsets_interned(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:westeurope", 10);
	struct service *b = SVC(m, "b", "imod", "azure:westeurope", 20);
	STORE(m, a, 11, "contact", "zeta alpha", "p2 p1");
	STORE(m, b, 21, "health", "alpha zeta alpha", "p1 p2 p2");
	struct factset *fs;
	char *s = derive_dump(m, &fs);
	assert_string_equal(s,
		"contact [alpha zeta] [p1 p2] imod a azure:westeurope NL stored path=a src=11\n"
		"health [alpha zeta] [p1 p2] imod b azure:westeurope NL stored path=b src=21\n");
	assert_ptr_equal(fs->facts[0].subjects, fs->facts[1].subjects);
	assert_ptr_equal(fs->facts[0].purposes, fs->facts[1].purposes);
	assert_int_equal(fs->facts[0].subjects->n, 2);
	free(s);
	factset_free(fs);
	model_free(m);
}

/* Same (service, data) for different subjects: separate facts, total order. */
static void test_order_is_total_and_stable(void **state)
{
	(void)state;
	char *first = NULL;
	for (int round = 0; round < 2; round++) {
		struct model *m = world();
		/* declared in reverse to show that declaration order does not matter */
		struct service *z = SVC(m, "z", "imod", "azure:westeurope azure:brazilsouth", 10);
		struct service *y = SVC(m, "y", "clinic", "azure:westeurope", 20);
		STORE(m, z, 11, "health", "s2", "");
		STORE(m, z, 12, "health", "s1", "");
		STORE(m, y, 21, "health", "s1", "p");
		DEP(m, z, 13, "y", "health");
		struct factset *fs;
		char *s = derive_dump(m, &fs);
		for (size_t i = 1; i < fs->nfacts; i++)
			assert_true(fact_cmp(&fs->facts[i - 1], &fs->facts[i]) < 0);
		if (!first) {
			first = s;
			assert_string_equal(s,
				"health [s1] [] imod z azure:brazilsouth BR stored path=z src=12\n"
				"health [s2] [] imod z azure:brazilsouth BR stored path=z src=11\n"
				"health [s1] [p] clinic y azure:westeurope NL stored path=y src=21\n"
				"health [s1] [] imod y azure:westeurope NL stored path=z>y src=13\n"
				"health [s2] [] imod y azure:westeurope NL stored path=z>y src=13\n"
				"health [s1] [] imod z azure:westeurope NL stored path=z src=12\n"
				"health [s2] [] imod z azure:westeurope NL stored path=z src=11\n");
		} else {
			assert_string_equal(s, first);
			free(s);
		}
		factset_free(fs);
		model_free(m);
	}
	free(first);
}

/* A long chain: linear time, and the path of the last hop is complete. */
static void test_long_chain(void **state)
{
	(void)state;
	enum { N = 50000 };
	struct model *m = world();
	char id[32], next[32];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "s%06d", i);
		struct service *v = SVC(m, id, "imod", "azure:westeurope", (uint32_t)i + 1);
		if (i == 0)
			STORE(m, v, 1, "comms", "x", "y");
	}
	for (int i = 0; i + 1 < N; i++) {
		snprintf(id, sizeof id, "s%06d", i);
		snprintf(next, sizeof next, "s%06d", i + 1);
		DEP(m, model_find_service(m, id), (uint32_t)i + 1, next, "comms");
	}
	/* a back edge: the chain is a cycle */
	DEP(m, model_find_service(m, "s049999"), 9, "s000000", "comms");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	assert_int_equal(fs->nfacts, N);
	const struct fact *last = &fs->facts[N - 1];
	assert_string_equal(last->service->id, "s049999");
	assert_int_equal(last->path->len, N);
	const struct service **path = malloc(N * sizeof *path);
	assert_int_equal(fact_path(last, path, N), N);
	assert_string_equal(path[0]->id, "s000000");
	assert_string_equal(path[N / 2]->id, "s025000");
	free(path);
	factset_free(fs);
	model_free(m);
}

struct ticks {
	size_t n, last[4];
};

static void tick(void *ctx, size_t facts)
{
	struct ticks *t = ctx;
	if (t->n < 4)
		t->last[t->n] = facts;
	t->n++;
}

/* The progress callback: every 65,536 states with the facts so far, and
 * once at the end with the total. */
static void test_progress(void **state)
{
	(void)state;
	enum { N = 70000 };
	struct model *m = world();
	char id[32];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "s%06d", i);
		struct service *v = SVC(m, id, "imod", "azure:westeurope", (uint32_t)i + 1);
		STORE(m, v, 1, "comms", "x", "y");
	}
	FINALIZE(m);
	struct ticks t = { 0 };
	struct factset *fs = facts_derive_progress(m, tick, &t);
	assert_int_equal(fs->nfacts, N);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.last[0], 65536);
	assert_int_equal(t.last[1], N);
	factset_free(fs);
	model_free(m);
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int cmp_key(const void *a, const void *b)
{
	const struct keyrec *x = a, *y = b;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->a > y->a) - (x->a < y->a);   /* stability: original order */
}

/* The radix sort against qsort, for keys shorter and longer than a word. */
static void test_keysort(void **state)
{
	(void)state;
	static const unsigned bits[] = { 1, 11, 40, 64, 65, 70, 100, 128 };
	enum { N = 5000 };
	struct keyrec *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w);
	for (size_t t = 0; t < ARRAY_LEN(bits); t++) {
		unsigned b = bits[t];
		for (size_t i = 0; i < N; i++) {
			v[i].hi = v[i].lo = 0;
			/* few distinct values in the top field: many equal keys */
			keyrec_push(&v[i], next_rand() % 3, b > 2 ? 2 : b);
			for (unsigned left = b > 2 ? b - 2 : 0; left; ) {
				unsigned k = left > 32 ? 32 : left;
				keyrec_push(&v[i], next_rand() & ((1ULL << k) - 1), k);
				left -= k;
			}
			v[i].a = (uint32_t)i;
			v[i].b = (uint32_t)(N - i);
		}
		memcpy(w, v, N * sizeof *v);
		keysort(v, N, b);
		qsort(w, N, sizeof *w, cmp_key);
		for (size_t i = 0; i < N; i++) {
			assert_int_equal(v[i].hi, w[i].hi);
			assert_int_equal(v[i].lo, w[i].lo);
			assert_int_equal(v[i].a, w[i].a);
			assert_int_equal(v[i].b, N - v[i].a);
		}
	}
	/* fields land most significant first */
	struct keyrec k = { 0, 0, 0, 0 };
	keyrec_push(&k, 5, 3);
	keyrec_push(&k, 0xffffffff, 32);
	keyrec_push(&k, 0xffffffff, 32);
	keyrec_push(&k, 1, 1);
	assert_int_equal(k.hi, 5 << 1 | 1);
	assert_int_equal(k.lo, 0xffffffffffffffffULL);
	free(v);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored_in_every_region),
		cmocka_unit_test(test_geo_pair_and_stored_wins),
		cmocka_unit_test(test_one_way_pair),
		cmocka_unit_test(test_explicit_replicas),
		cmocka_unit_test(test_flow_over_hops),
		cmocka_unit_test(test_narrower_store_processes),
		cmocka_unit_test(test_cycle_and_shortest_path),
		cmocka_unit_test(test_disabled_and_suspended),
		cmocka_unit_test(test_access_and_reach),
		cmocka_unit_test(test_termsets_interned),
		cmocka_unit_test(test_order_is_total_and_stable),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_keysort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
