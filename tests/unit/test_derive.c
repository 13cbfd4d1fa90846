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

/*
 * receives: the console reads records from the database, which hands
 * them over: processed at the console (stored where it keeps them),
 * path database -> console, then onward along the console's own sends.
 */
static void test_receives(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *db = SVC(m, "db", "clinic", "azure:westeurope", 10);
	struct service *con = SVC(m, "console", "vendor", "azure:northeurope", 20);
	struct service *cache = SVC(m, "cache", "vendor", "azure:southcentralus", 30);
	SVC(m, "off", "gone", "azure:westeurope", 40);
	STORE(m, db, 11, "health.records", "patients", "care");
	STORE(m, db, 12, "contact", "", "");
	RECV(m, con, 21, "db", "health");            /* an ancestor carries the child */
	DEP(m, con, 22, "cache", "health.records");
	RECV(m, cache, 31, "console", "contact");    /* the console holds no contact */
	STORE(m, cache, 32, "health", "", "");
	RECV(m, model_find_service(m, "off"), 41, "db", "health");  /* disabled: nothing */
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"contact [] [] clinic db azure:westeurope NL stored path=db src=12\n"
		"health [] [] vendor cache azure:southcentralus US stored path=cache src=32\n"
		"health.records [patients] [care] clinic console azure:northeurope IE processed path=db>console src=21\n"
		"health.records [patients] [care] clinic db azure:westeurope NL stored path=db src=11\n"
		"health.records [patients] [care] clinic cache azure:southcentralus US stored path=db>console>cache src=22\n");
	free(s);
	/* provenance for explain: each path node names what brought the data */
	struct factset *fs = facts_derive(m);
	const struct fact *f = &fs->facts[fs->nfacts - 1];
	assert_ptr_equal(f->service, cache);
	assert_ptr_equal(f->path->via, &con->deps[1].pos);          /* console sends */
	assert_ptr_equal(f->path->prev->via, &con->deps[0].pos);    /* console receives */
	assert_ptr_equal(f->path->prev->prev->via, &db->stores[0].pos);
	assert_null(f->path->prev->prev->prev);
	factset_free(fs);
	model_free(m);
}

/* Reading back and forth terminates: each state is made once. */
static void test_receives_cycle(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "a", "imod", "azure:westeurope", 10);
	struct service *b = SVC(m, "b", "imod", "azure:westeurope", 20);
	STORE(m, a, 11, "comms", "", "");
	RECV(m, b, 21, "a", "comms");
	RECV(m, a, 12, "b", "comms");
	DEP(m, b, 22, "a", "comms");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"comms [] [] imod a azure:westeurope NL stored path=a src=11\n"
		"comms [] [] imod b azure:westeurope NL processed path=a>b src=21\n");
	free(s);
	model_free(m);
}

/* used_for: the purposes of every service on the path, the origin's
 * too; the same data used on two paths for different ends is two facts. */
static void test_used_for(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *o = SVC(m, "o", "clinic", "azure:westeurope", 10);
	struct service *t = SVC(m, "train", "clinic", "azure:westeurope", 20);
	SVC(m, "x", "clinic", "azure:westeurope", 30);
	USES(m, o, "care");
	USES(m, t, "ai.training care");
	STORE(m, o, 11, "health", "", "research");
	DEP(m, o, 12, "train", "health");
	DEP(m, o, 13, "x", "health");
	DEP(m, t, 22, "x", "health");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"health [] [research] used=[care] clinic o azure:westeurope NL stored path=o src=11\n"
		"health [] [research] used=[ai.training care] clinic train azure:westeurope NL processed path=o>train src=12\n"
		"health [] [research] used=[ai.training care] clinic x azure:westeurope NL processed path=o>train>x src=22\n"
		"health [] [research] used=[care] clinic x azure:westeurope NL processed path=o>x src=13\n");
	free(s);
	model_free(m);
}

/*
 * Multi-regions: a fact per member, named by the place; the first place
 * naming a region wins it; replicas through a multi-region; geo pairs
 * of members; PROVIDER:global leaves out regions another entity runs.
 */
static void test_multi_regions(void **state)
{
	(void)state;
	struct model *m = world();
	MULTI(m, "azure:eu", "azure", "azure:westeurope azure:northeurope");
	MULTI(m, "azure:us", "azure", "azure:southcentralus azure:northcentralus");
	model_add_global_regions(m);
	struct service *a = SVC(m, "a", "clinic", "azure:northeurope azure:eu", 10);
	STORE(m, a, 11, "health", "", "");
	REPLICAS(m, a, 12, "azure:us");
	struct service *b = SVC(m, "b", "clinic", "azure:global", 20);
	STORE(m, b, 21, "contact", "", "");
	struct service *g = SVC(m, "g", "clinic", "azure:brazilsouth", 30);
	GEO(g, 31);
	REPLICAS(m, g, 32, "azure:us");
	STORE(m, g, 33, "comms", "", "");
	char *s = derive_dump(m, NULL);
	assert_string_equal(s,
		"comms [] [] clinic g azure:brazilsouth BR stored path=g src=33\n"
		"comms [] [] clinic g azure:northcentralus US replica path=g src=32 in=azure:us\n"
		"comms [] [] clinic g azure:southcentralus US replica path=g src=32 in=azure:us\n"
		"contact [] [] clinic b azure:brazilsouth BR stored path=b src=21 in=azure:global\n"
		"contact [] [] clinic b azure:northeurope IE stored path=b src=21 in=azure:global\n"
		"contact [] [] clinic b azure:westeurope NL stored path=b src=21 in=azure:global\n"
		"contact [] [] clinic b azure:northcentralus US stored path=b src=21 in=azure:global\n"
		"contact [] [] clinic b azure:southcentralus US stored path=b src=21 in=azure:global\n"
		"health [] [] clinic a azure:northeurope IE stored path=a src=11\n"
		"health [] [] clinic a azure:westeurope NL stored path=a src=11 in=azure:eu\n"
		"health [] [] clinic a azure:northcentralus US replica path=a src=12 in=azure:us\n"
		"health [] [] clinic a azure:southcentralus US replica path=a src=12 in=azure:us\n");
	const struct region *gl = model_find_region(m, "azure:global");
	assert_non_null(gl);
	assert_true(gl->global);
	assert_int_equal(gl->nmembers, 5);   /* chinanorth is run by 21vianet */
	assert_true(region_within(model_find_region(m, "azure:westeurope"), gl));
	assert_false(region_within(model_find_region(m, "azure:chinanorth"), gl));
	assert_non_null(model_find_region(m, "onprem:global"));
	free(s);
	model_free(m);
}

/*
 * An independent model of where data goes: a naive fixpoint over
 * (store entry, data, service, used_for) with `sends` and `receives`
 * matched on id prefixes. On random inventories the facts must show
 * exactly these states (each as data, subjects, purposes, tenant,
 * service, used_for).
 */
enum { BS = 12 };
static const char *const b_data[] = { "health", "health.records", "comms", "comms.voice", "contact" };
static const char *const b_purp[] = { "care", "ai.training", "ai", "research" };
static const char *const b_ten[] = { "clinic", "vendor", "gone", "paused" };

static bool id_under(const char *d, const char *x)
{
	size_t n = strlen(x);
	return !strncmp(d, x, n) && (d[n] == 0 || d[n] == '.');
}

static bool list_carries(struct term *const *l, size_t n, const char *d)
{
	for (size_t i = 0; i < n; i++)
		if (id_under(d, l[i]->id))
			return true;
	return false;
}

static unsigned purp_mask(const struct service *v)
{
	unsigned mk = 0;
	for (size_t i = 0; i < v->npurposes; i++)
		for (unsigned k = 0; k < ARRAY_LEN(b_purp); k++)
			if (!strcmp(v->purposes[i]->id, b_purp[k]))
				mk |= 1u << k;
	return mk;
}

struct bstate { unsigned origin, entry, data, svc, used; };

/* "[a b]": the ids, sorted, without duplicates. */
static void ids_sorted(struct strbuf *sb, struct term *const *t, size_t n)
{
	const char *v[8];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 8; i++) {
		bool dup = false;
		for (size_t j = 0; j < k; j++)
			dup |= !strcmp(v[j], t[i]->id);
		if (!dup)
			v[k++] = t[i]->id;
	}
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	sb_addc(sb, '[');
	for (size_t i = 0; i < k; i++)
		sb_addf(sb, "%s%s", i ? " " : "", v[i]);
	sb_addc(sb, ']');
}

/* "data [subjects] [purposes] tenant service [used_for]" */
static char *state_line(const char *data, struct strbuf *subj, struct strbuf *purp,
			const char *tenant, const char *svc, struct strbuf *used)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s %s %s %s %s %s", data, subj->buf, purp->buf, tenant, svc, used->buf);
	return sb_detach(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and drops duplicates; returns the new count. */
static size_t uniq(char **v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(v[k - 1], v[i])) {
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	return k;
}

static void test_flows_equal_fixpoint(void **state)
{
	(void)state;
	char id[8], buf[64];
	for (int round = 0; round < 40; round++) {
		struct model *m = world();
		struct service *sv[BS];
		for (unsigned i = 0; i < BS; i++) {
			snprintf(id, sizeof id, "s%02u", i);
			sv[i] = SVC(m, id, b_ten[next_rand() % ARRAY_LEN(b_ten)], "azure:westeurope", i);
			if (next_rand() % 3 == 0) {
				snprintf(buf, sizeof buf, "%s %s", b_purp[next_rand() % 4],
					 b_purp[next_rand() % 4]);
				USES(m, sv[i], buf);
			}
			if (next_rand() % 2)
				STORE(m, sv[i], 100 + i, b_data[next_rand() % 5], "patients",
				      b_purp[next_rand() % 4]);
		}
		for (unsigned i = 0; i < BS; i++)
			for (unsigned e = (unsigned)(next_rand() % 4); e > 0; e--) {
				unsigned to = (unsigned)(next_rand() % BS);
				if (to == i)
					continue;
				snprintf(id, sizeof id, "s%02u", to);
				if (next_rand() % 2)
					DEP(m, sv[i], 200 + i, id, b_data[next_rand() % 5]);
				else
					RECV(m, sv[i], 300 + i, id, b_data[next_rand() % 5]);
			}
		FINALIZE(m);
		struct bstate *st = NULL;
		size_t n = 0, cap = 0;
		for (unsigned i = 0; i < BS; i++) {
			if (sv[i]->tenant->status == TENANT_DISABLED)
				continue;
			for (unsigned e = 0; e < sv[i]->nstores; e++)
				for (unsigned d = 0; d < ARRAY_LEN(b_data); d++)
					if (!strcmp(sv[i]->stores[e].data[0]->id, b_data[d])) {
						st = xgrow(st, &cap, n + 1, sizeof *st);
						st[n++] = (struct bstate){ i, e, d, i, purp_mask(sv[i]) };
					}
		}
		for (bool grew = true; grew;) {
			grew = false;
			for (size_t k = 0; k < n; k++) {
				struct bstate x = st[k];
				for (unsigned w = 0; w < BS; w++) {
					if (sv[w]->tenant->status == TENANT_DISABLED)
						continue;
					bool moves = false;
					for (size_t e = 0; e < sv[x.svc]->ndeps; e++) {
						const struct dep *dp = &sv[x.svc]->deps[e];
						moves |= dp->to == sv[w] &&
							 list_carries(dp->sends, dp->nsends, b_data[x.data]);
					}
					for (size_t e = 0; e < sv[w]->ndeps; e++) {
						const struct dep *dp = &sv[w]->deps[e];
						moves |= dp->to == sv[x.svc] &&
							 list_carries(dp->receives, dp->nreceives,
								      b_data[x.data]);
					}
					if (!moves)
						continue;
					struct bstate y = x;
					y.svc = w;
					y.used |= purp_mask(sv[w]);
					bool have = false;
					for (size_t j = 0; j < n && !have; j++)
						have = !memcmp(&st[j], &y, sizeof y);
					if (!have) {
						st = xgrow(st, &cap, n + 1, sizeof *st);
						st[n++] = y;
						grew = true;
					}
				}
			}
		}
		char **want = xcalloc(n + 1, sizeof *want);
		for (size_t k = 0; k < n; k++) {
			const struct store *e = &sv[st[k].origin]->stores[st[k].entry];
			struct strbuf su = STRBUF_INIT, pu = STRBUF_INIT, us = STRBUF_INIT;
			ids_sorted(&su, e->subjects, e->nsubjects);
			ids_sorted(&pu, e->purposes, e->npurposes);
			struct term *ut[4];
			size_t nu = 0;
			for (unsigned b = 0; b < 4; b++)
				if (st[k].used >> b & 1)
					ut[nu++] = model_find_purpose(m, b_purp[b]);
			ids_sorted(&us, ut, nu);
			want[k] = state_line(b_data[st[k].data], &su, &pu,
					     sv[st[k].origin]->tenant->id, sv[st[k].svc]->id, &us);
			sb_release(&su);
			sb_release(&pu);
			sb_release(&us);
		}
		size_t nw = uniq(want, n);
		struct factset *fs = facts_derive(m);
		char **got = xcalloc(fs->nfacts + 1, sizeof *got);
		for (size_t k = 0; k < fs->nfacts; k++) {
			const struct fact *f = &fs->facts[k];
			struct strbuf su = STRBUF_INIT, pu = STRBUF_INIT, us = STRBUF_INIT;
			ids_sorted(&su, (struct term *const *)f->subjects->items, f->subjects->n);
			ids_sorted(&pu, (struct term *const *)f->purposes->items, f->purposes->n);
			ids_sorted(&us, (struct term *const *)f->used_for->items, f->used_for->n);
			got[k] = state_line(f->data->id, &su, &pu, f->tenant->id, f->service->id, &us);
			sb_release(&su);
			sb_release(&pu);
			sb_release(&us);
		}
		size_t ng = uniq(got, fs->nfacts);
		assert_int_equal(ng, nw);
		for (size_t k = 0; k < ng; k++) {
			assert_string_equal(got[k], want[k]);
			free(got[k]);
			free(want[k]);
		}
		free(got);
		free(want);
		free(st);
		factset_free(fs);
		model_free(m);
	}
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
		cmocka_unit_test(test_receives),
		cmocka_unit_test(test_receives_cycle),
		cmocka_unit_test(test_used_for),
		cmocka_unit_test(test_multi_regions),
		cmocka_unit_test(test_flows_equal_fixpoint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
