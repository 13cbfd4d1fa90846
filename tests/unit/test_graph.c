/*
 * Unit tests of the diagrams: vgraph building from a builder-made model
 * and hand-made facts (node and edge counts), escaping of hostile text,
 * collapse keeping the fact count, and byte-identical DOT.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "views/gv.h"
#include "engine/model.h"
#include "views/views.h"
#include "views/view_int.h"

static struct pos P(uint32_t line)
{
	struct pos p = { "t.yaml", line, 1 };
	return p;
}

struct fixture {
	struct model *m;
	struct factset fs;
	struct verdicts v;
	struct fact facts[8];
	struct reach reach[8][3];
	struct violation viol[2];
	struct termset empty;
	struct pathnode path[8];
};

static struct jur *country(struct model *m, const char *id, const char *name)
{
	struct jur *j = model_add_jur(m, id, P(1), false);
	j->name = name;
	return j;
}

static struct region *region(struct model *m, const char *id, struct provider *p, struct jur *c)
{
	struct region *r = model_add_region(m, id, P(2));
	r->provider = p;
	r->country = c;
	return r;
}

static struct service *service(struct model *m, const char *id, const char *name,
			       struct tenant *t, enum svc_kind k, struct region *r)
{
	struct service *s = model_add_service(m, id, P(3));
	s->name = name;
	s->tenant = t;
	s->kind = k;
	s->regions = model_alloc(m, sizeof *s->regions);
	s->regions[0].region = r;
	s->nregions = 1;
	return s;
}

static void add_dep(struct model *m, struct service *from, struct service *to, struct term *sends)
{
	struct dep *d = model_alloc(m, (from->ndeps + 1) * sizeof *d);
	if (from->ndeps)
		memcpy(d, from->deps, from->ndeps * sizeof *d);
	d[from->ndeps].to = to;
	if (sends) {
		d[from->ndeps].sends = model_alloc(m, sizeof(struct term *));
		d[from->ndeps].sends[0] = sends;
		d[from->ndeps].nsends = 1;
	}
	from->deps = d;
	from->ndeps++;
}

static void fact(struct fixture *fx, size_t i, const struct term *data, const struct service *s,
		 const struct region *r, const struct jur *cty, enum mode md)
{
	struct fact *f = &fx->facts[i];
	f->data = data;
	f->subjects = &fx->empty;
	f->purposes = &fx->empty;
	f->tenant = s->tenant;
	f->service = s;
	f->region = r;
	f->country = cty;
	f->mode = md;
	f->reach = fx->reach[i];
	fx->path[i].service = s;
	fx->path[i].len = 1;
	f->path = &fx->path[i];
	static const struct pos src = { "t.yaml", 9, 1 };
	f->source = &src;
}

static void reach(struct fixture *fx, size_t i, const struct jur *j, enum reach_why why,
		  const struct provider *p)
{
	struct fact *f = &fx->facts[i];
	struct reach *r = &fx->reach[i][f->nreach++];
	r->jur = j;
	r->why = why;
	r->provider = p;
}

/*
 * The story in small: a ministry's call archive in the Netherlands,
 * replicated to Ireland, fed to an AI service in the US, reachable by US
 * law through the provider and by Israeli staff remotely.
 */
static struct fixture *story(const char *hostile)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct model *m = fx->m = model_new();
	struct diag d;
	diag_init(&d, stderr);
	struct jur *nl = country(m, "NL", "Netherlands");
	struct jur *ie = country(m, "IE", "Ireland");
	struct jur *us = country(m, "US", "United States");
	struct jur *il = country(m, "IL", "Israel");
	struct jur *eu = model_add_jur(m, "EU", P(4), true);
	eu->name = "European Union";
	eu->members = model_alloc(m, 2 * sizeof(struct jur *));
	eu->members[0] = nl;
	eu->members[1] = ie;
	eu->nmembers = 2;
	struct provider *az = model_add_provider(m, "azure", P(5));
	az->hq = us;
	az->laws = model_alloc(m, sizeof(char *));
	az->laws[0] = "CLOUD Act";
	az->nlaws = 1;
	struct provider *op = model_add_provider(m, "onprem", P(5));
	op->hq = il;
	struct region *we = region(m, "azure:westeurope", az, nl);
	struct region *ne = region(m, "azure:northeurope", az, ie);
	struct region *eus = region(m, "azure:eastus", az, us);
	struct region *tlv = region(m, "onprem:tlv-1", op, il);
	we->pair = ne;
	struct term *voice = model_add_data(m, "comms.voice", P(6));
	voice->name = "Recorded phone calls";
	struct term *health = model_add_data(m, "health", P(6));
	struct tenant *imod = model_add_tenant(m, "imod", P(7));
	imod->name = hostile ? hostile : "Ministry of Defence";
	struct tenant *acme = model_add_tenant(m, "acme", P(7));
	acme->status = TENANT_DISABLED;
	struct tenant *beta = model_add_tenant(m, "beta", P(7));
	beta->status = TENANT_SUSPENDED;
	struct service *arch = service(m, "call-archive", hostile ? hostile : "Intercepted call archive",
				       imod, KIND_STORAGE, we);
	arch->redundancy = RED_GEO;
	struct service *ai = service(m, "voice-ai", NULL, imod, KIND_AI, eus);
	struct service *tr = service(m, "transcriber", NULL, imod, KIND_COMPUTE, we);
	struct service *old = service(m, "old-db", NULL, acme, KIND_DATABASE, ne);
	struct service *app = service(m, "beta-app", NULL, beta, KIND_COMPUTE, tlv);
	add_dep(m, arch, ai, voice);
	add_dep(m, arch, tr, NULL);
	add_dep(m, old, arch, NULL);
	struct policy *pol = model_add_policy(m, "no-mass-surveillance", P(8));
	pol->severity = SEV_ERROR;
	struct policy *reachp = model_add_policy(m, "no-us-reach", P(8));
	reachp->deny_reach = model_alloc(m, sizeof(struct jur_ref));
	reachp->deny_reach[0].jur = eu;   /* makes EU a group that matters */
	reachp->ndeny_reach = 1;
	assert_int_equal(model_finalize(m, &d), 0);
	diag_release(&d);

	/* facts sorted as facts.h says: data, country, region, ... */
	fact(fx, 0, voice, arch, ne, ie, MODE_REPLICA);
	reach(fx, 0, ie, REACH_LOCATION, NULL);
	reach(fx, 0, us, REACH_PROVIDER_HQ, az);
	fact(fx, 1, voice, arch, we, il, MODE_ACCESSED);
	reach(fx, 1, il, REACH_ACCESS, NULL);
	fact(fx, 2, voice, arch, we, nl, MODE_STORED);
	reach(fx, 2, il, REACH_ACCESS, NULL);
	reach(fx, 2, nl, REACH_LOCATION, NULL);
	reach(fx, 2, us, REACH_PROVIDER_HQ, az);
	fact(fx, 3, voice, ai, eus, us, MODE_PROCESSED);
	reach(fx, 3, us, REACH_LOCATION, NULL);
	fact(fx, 4, health, app, tlv, il, MODE_STORED);
	reach(fx, 4, il, REACH_LOCATION, NULL);
	fx->fs.facts = fx->facts;
	fx->fs.nfacts = 5;
	fx->viol[0].policy = pol;
	fx->viol[0].effect = EFFECT_DENY;
	fx->viol[0].fact = &fx->facts[2];
	fx->viol[0].message = "comms.voice is stored for mass surveillance";
	fx->viol[1].policy = reachp;
	fx->viol[1].effect = EFFECT_DENY_REACH;
	fx->viol[1].fact = &fx->facts[2];
	fx->viol[1].reach = &fx->reach[2][2];
	fx->viol[1].message = "US reaches comms.voice";
	fx->v.v = fx->viol;
	fx->v.n = 2;
	return fx;
}

static void story_free(struct fixture *fx)
{
	model_free(fx->m);
	free(fx);
}

/* A view of the table by its name. */
static const struct view_def *V(const char *name)
{
	for (size_t i = 0; i < view_count(); i++)
		if (!strcmp(view_at(i)->name, name))
			return view_at(i);
	fail_msg("no view %s", name);
	return NULL;
}

static struct vgraph *build(struct fixture *fx, const struct view_def *v, enum collapse c,
			    size_t budget)
{
	struct view_input in = { fx->m, &fx->fs, &fx->v, NULL, NULL, "story", NULL };
	struct view_opts o = { v, c, budget, true, 0 };
	return view_build(&in, &o);
}

static size_t real_nodes(const struct vgraph *g)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nnodes; i++)
		n += g->nodes[i].key[0] != '!';
	return n;
}

static char *dot_of(const struct vgraph *g)
{
	struct strbuf sb = STRBUF_INIT;
	vg_write_dot(g, &sb);
	return sb_detach(&sb);
}

static void test_deps_counts(void **state)
{
	(void)state;
	struct fixture *fx = story(NULL);
	struct vgraph *g = build(fx, V("deps"), COLLAPSE_NONE, 300);
	assert_int_equal(real_nodes(g), 5);
	assert_int_equal(vg_sum_facts(g), 5);
	/* three tenants + legend */
	assert_int_equal(g->nclusters, 4);
	char *dot = dot_of(g);
	/* the data sent labels the edge; the plain dependency is dashed grey */
	assert_non_null(strstr(dot, "comms.voice"));
	assert_non_null(strstr(dot, "disabled: creates no facts"));
	assert_non_null(strstr(dot, "suspended"));
	assert_non_null(strstr(dot, "\xe2\x9a\xa0 no-mass-surveillance"));
	assert_non_null(strstr(dot, "shape=\"hexagon\""));
	assert_non_null(strstr(dot, "shape=\"cylinder\""));
	/* legend holds only kinds in use: no queue */
	assert_null(strstr(dot, ">queue<"));
	size_t real_edges = 0;
	for (size_t i = 0; i < g->nedges; i++)
		real_edges += g->nodes[g->edges[i].from].key[0] != '!';
	assert_int_equal(real_edges, 3);
	free(dot);
	vg_free(g);
	story_free(fx);
}

static void test_jurisdiction_view(void **state)
{
	(void)state;
	struct fixture *fx = story(NULL);
	struct vgraph *g = build(fx, V("jurisdiction"), COLLAPSE_NONE, 300);
	/* placements: archive in NL and IE, ai in US, app in IL; + US and IL reach nodes */
	assert_int_equal(vg_sum_facts(g), 5);
	assert_int_not_equal(vg_find_node(g, "s:call-archive\x1f" "azure:westeurope"), VG_ROOT);
	assert_int_not_equal(vg_find_node(g, "s:call-archive\x1f" "azure:northeurope"), VG_ROOT);
	uint32_t us = vg_find_node(g, "j:US");
	assert_int_not_equal(us, VG_ROOT);
	/* US law sits inside the US box, since the view draws one */
	assert_int_equal(g->nodes[us].cluster, vg_find_cluster(g, "c:US"));
	/* NL is drawn inside EU */
	assert_int_equal(g->clusters[vg_find_cluster(g, "c:NL")].parent, vg_find_cluster(g, "g:EU"));
	char *dot = dot_of(g);
	assert_non_null(strstr(dot, "NL \xe2\x86\x92 IE"));        /* replication crosses */
	assert_non_null(strstr(dot, "NL \xe2\x86\x92 US"));        /* flow to the AI crosses */
	assert_non_null(strstr(dot, "lhead=\"cluster_"));
	assert_non_null(strstr(dot, "violates no-us-reach"));
	assert_non_null(strstr(dot, "remote access"));
	free(dot);
	vg_free(g);
	story_free(fx);
}

static void test_data_view(void **state)
{
	(void)state;
	struct fixture *fx = story(NULL);
	struct vgraph *g = build(fx, V("data"), COLLAPSE_NONE, 300);
	assert_int_equal(vg_sum_facts(g), 5);
	/* comms (implied parent), comms.voice, health; four regions */
	assert_int_not_equal(vg_find_node(g, "d:comms"), VG_ROOT);
	assert_int_not_equal(vg_find_node(g, "d:health"), VG_ROOT);
	assert_int_equal(real_nodes(g), 3 + 4);
	char *dot = dot_of(g);
	assert_non_null(strstr(dot, "style=\"dashed\""));    /* replica */
	assert_non_null(strstr(dot, "style=\"dotted\""));    /* processed */
	assert_non_null(strstr(dot, "from IL"));              /* accessed */
	free(dot);
	vg_free(g);
	story_free(fx);
}

static void test_collapse_keeps_fact_count(void **state)
{
	(void)state;
	struct fixture *fx = story(NULL);
	for (size_t v = 0; v < view_count(); v++) {
		if (!view_at(v)->build)
			continue;          /* drawn by resmap itself: test_world */
		for (int c = 0; c < COLLAPSE__COUNT; c++) {
			struct vgraph *g = build(fx, view_at(v), (enum collapse)c, 0);
			assert_int_equal(vg_sum_facts(g), 5);
			assert_int_equal(g->nfacts, 5);
			vg_free(g);
		}
		/* a budget of 2 nodes forces the coarsest level, still 5 facts */
		struct vgraph *g = build(fx, view_at(v), COLLAPSE_NONE, 2);
		assert_true(g->collapse_auto);
		assert_int_equal(vg_sum_facts(g), 5);
		char *dot = dot_of(g);
		assert_non_null(strstr(dot, "Collapsed automatically"));
		free(dot);
		vg_free(g);
	}
	/* by tenant, the deps view has one node per tenant */
	struct vgraph *g = build(fx, V("deps"), COLLAPSE_TENANT, 300);
	assert_int_equal(real_nodes(g), 3);
	assert_int_equal(g->nodes[vg_find_node(g, "T:imod")].nitems, 3);
	assert_int_equal(g->nodes[vg_find_node(g, "T:imod")].nfacts, 4);
	vg_free(g);
	/* by country, the jurisdiction view has NL, IE, US, IL plus reach nodes */
	g = build(fx, V("jurisdiction"), COLLAPSE_COUNTRY, 300);
	assert_int_equal(g->nodes[vg_find_node(g, "C:NL")].nfacts, 2);
	vg_free(g);
	story_free(fx);
}

static void test_dot_is_deterministic(void **state)
{
	(void)state;
	for (size_t v = 0; v < view_count(); v++) {
		if (!view_at(v)->build)
			continue;
		struct fixture *a = story(NULL), *b = story(NULL);
		struct vgraph *ga = build(a, view_at(v), COLLAPSE_NONE, 300);
		struct vgraph *gb = build(b, view_at(v), COLLAPSE_NONE, 300);
		char *da = dot_of(ga), *db = dot_of(gb);
		assert_string_equal(da, db);
		free(da);
		free(db);
		vg_free(ga);
		vg_free(gb);
		story_free(a);
		story_free(b);
	}
}

static void test_order_does_not_matter(void **state)
{
	(void)state;
	/* the same drawing added in two orders gives the same DOT */
	struct vgraph *g[2];
	for (int k = 0; k < 2; k++) {
		g[k] = vg_new();
		const char *keys[] = { "b", "a", "c" };
		uint32_t cl = vg_cluster(g[k], VG_ROOT, "x", NULL);
		uint32_t n[3];
		for (int i = 0; i < 3; i++) {
			int j = k ? 2 - i : i;
			n[j] = vg_node(g[k], j == 1 ? cl : VG_ROOT, keys[j], NULL);
			vg_set(g[k], &g[k]->nodes[n[j]].o, VA_LABEL, keys[j]);
		}
		if (k) {
			vg_edge(g[k], n[2], n[0], "", NULL);
			vg_edge(g[k], n[0], n[1], "", NULL);
		} else {
			vg_edge(g[k], n[0], n[1], "", NULL);
			vg_edge(g[k], n[2], n[0], "", NULL);
		}
		vg_finalize(g[k]);
	}
	char *a = dot_of(g[0]), *b = dot_of(g[1]);
	assert_string_equal(a, b);
	free(a);
	free(b);
	vg_free(g[0]);
	vg_free(g[1]);
}

static void test_escaping(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	vg_html_text(&sb, "a\"b'c<d>e&f]g\\N\nh\ti\x01j", 0);
	assert_string_equal(sb.buf, "a&quot;b&#39;c&lt;d&gt;e&amp;f&#93;g\\\\N<BR/>h i j");
	sb_reset(&sb);
	vg_tip_text(&sb, "a\"b\\G\nc", 0);
	assert_string_equal(sb.buf, "a&quot;b\\\\\\\\G&#10;c");
	sb_reset(&sb);
	/* invalid UTF-8 becomes U+FFFD; long text ends with an ellipsis */
	vg_html_text(&sb, "x\xff", 0);
	assert_string_equal(sb.buf, "x\xef\xbf\xbd");
	sb_reset(&sb);
	vg_html_text(&sb, "abcdefgh", 5);
	assert_string_equal(sb.buf, "abcd\xe2\x80\xa6");
	sb_reset(&sb);
	vg_html_text(&sb, "abcde", 5);
	assert_string_equal(sb.buf, "abcde");
	sb_release(&sb);
}

static void test_hostile_names_stay_labels(void **state)
{
	(void)state;
	const char *evil = "\"];n0 [shape=record label=\"x\"]; <IMG SRC=\"/etc/passwd\"/> \\N\\G &amp; ]\nline2";
	struct fixture *fx = story(evil);
	for (size_t v = 0; v < view_count(); v++) {
		if (!view_at(v)->build)
			continue;
		struct vgraph *g = build(fx, view_at(v), COLLAPSE_NONE, 300);
		char *dot = dot_of(g);
		/* no user text outside labels: no record shape, no IMG element */
		assert_null(strstr(dot, "shape=\"record\""));
		assert_null(strstr(dot, "label=\"x\""));
		assert_null(strstr(dot, "<IMG"));
		assert_null(strstr(dot, "\\N\\G"));
		if (view_at(v) == V("deps"))
			assert_non_null(strstr(dot, "&quot;&#93;;n0 [shape=record"));
		/* and graphviz lays it out and renders it */
		struct diag d;
		diag_init(&d, stderr);
		char *out;
		size_t len;
		assert_int_equal(gv_render(g, GV_SVG, "dot", &d, &out, &len), 0);
		if (getenv("DUMP_SVG"))
			fwrite(out, 1, len, stdout);
		if (view_at(v) != V("data"))
			assert_non_null(strstr(out, "&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;"));
		assert_null(strstr(out, "<IMG"));
		free(out);
		diag_release(&d);
		free(dot);
		vg_free(g);
	}
	story_free(fx);
}

static void test_without_clusters(void **state)
{
	(void)state;
	/* sfdp draws no clusters: none are made, the legend becomes text */
	struct fixture *fx = story(NULL);
	for (size_t v = 0; v < view_count(); v++) {
		if (!view_at(v)->build)
			continue;
		struct view_input in = { fx->m, &fx->fs, &fx->v, NULL, NULL, "story", NULL };
		struct view_opts o = { view_at(v), COLLAPSE_NONE, 300, false, 0 };
		struct vgraph *g = view_build(&in, &o);
		assert_int_equal(g->nclusters, 0);
		assert_true(g->clusters_dropped);
		assert_int_equal(vg_sum_facts(g), 5);
		for (size_t i = 0; i < g->nnodes; i++)
			assert_int_not_equal(g->nodes[i].key[0], '!');
		char *dot = dot_of(g);
		assert_non_null(strstr(dot, "Legend: "));
		assert_non_null(strstr(dot, "overlap=\"prism\""));
		free(dot);
		vg_free(g);
	}
	story_free(fx);
}

static void test_edge_budget(void **state)
{
	(void)state;
	/* a budget of one node per view: at the coarsest level the edges are
	 * cut to the budget, heaviest first, and the title says so */
	struct fixture *fx = story(NULL);
	struct vgraph *g = build(fx, V("jurisdiction"), COLLAPSE_NONE, 1);
	size_t drawn = 0;
	for (size_t i = 0; i < g->neorder; i++)
		drawn += g->nodes[g->edges[g->eorder[i]].from].key[0] != '!';
	assert_true(drawn <= 1);
	assert_int_equal(vg_sum_facts(g), 5);
	char *dot = dot_of(g);
	assert_non_null(strstr(dot, "heaviest of"));
	free(dot);
	vg_free(g);
	story_free(fx);
}

static void test_aggregated_label(void **state)
{
	(void)state;
	/* most frequent first, ties by name; thousands separated */
	struct agg a = { 0 };
	a.n = 1204;
	agg_item(&a, "telemetry", 300);
	agg_item(&a, "health.records", 800);
	agg_item(&a, "comms.voice", 52);
	agg_item(&a, "billing", 52);
	agg_item(&a, "health.records", 0);
	agg_sort(&a);
	struct strbuf sb = STRBUF_INIT;
	agg_label(&sb, &a, "flow", "flows", "category", "categories");
	assert_string_equal(sb.buf, "1,204 flows: health.records, +3 categories");
	sb_reset(&sb);
	agg_tip(&sb, &a);
	assert_string_equal(sb.buf, "health.records 800, telemetry 300, billing 52, comms.voice 52");
	agg_release(&a);
	a.n = 1;
	agg_item(&a, "x", 1);
	agg_item(&a, "y", 1);
	agg_sort(&a);
	sb_reset(&sb);
	agg_label(&sb, &a, "flow", "flows", "category", "categories");
	assert_string_equal(sb.buf, "1 flow: x, +1 category");
	agg_release(&a);
	char buf[32];
	assert_string_equal(svg_grouped(0, buf), "0");
	assert_string_equal(svg_grouped(999, buf), "999");
	assert_string_equal(svg_grouped(1000, buf), "1,000");
	assert_string_equal(svg_grouped(1234567, buf), "1,234,567");
	sb_release(&sb);
}

static void test_aggregated_views(void **state)
{
	(void)state;
	/* an edge budget of 2: every view draws at most 2 real edges, the
	 * facts all still counted, and the same DOT twice */
	for (size_t v = 0; v < view_count(); v++) {
		if (!view_at(v)->build)
			continue;
		struct fixture *fx = story(NULL);
		struct view_input in = { fx->m, &fx->fs, &fx->v, NULL, NULL, "story", NULL };
		struct view_opts o = { view_at(v), COLLAPSE_NONE, 300, true, 2 };
		struct vgraph *g = view_build(&in, &o);
		struct vgraph *g2 = view_build(&in, &o);
		size_t drawn = 0;
		for (size_t i = 0; i < g->neorder; i++)
			drawn += g->nodes[g->edges[g->eorder[i]].from].key[0] != '!';
		assert_true(drawn <= 2);
		if (strcmp(view_at(v)->name, "deps"))
			assert_int_equal(vg_sum_facts(g), 5);
		char *a = dot_of(g), *b = dot_of(g2);
		assert_string_equal(a, b);
		free(a);
		free(b);
		vg_free(g);
		vg_free(g2);
		story_free(fx);
	}
}

static void test_formats(void **state)
{
	(void)state;
	assert_int_equal(gv_format_from_path("a/b.svg"), GV_SVG);
	assert_int_equal(gv_format_from_path("x.PNG"), GV_PNG);
	assert_int_equal(gv_format_from_path("x.dot"), GV_DOT);
	assert_int_equal(gv_format_from_path("x.gv"), GV_DOT);
	assert_int_equal(gv_format_from_path("dir.v2/x"), -1);
	assert_int_equal(gv_format_from_path("x.jpeg"), -1);
	/* the word lists cli_choice reads come from the table and the enum */
	const char *const *w = view_words();
	assert_string_equal(w[0], "deps");
	assert_string_equal(w[1], "jurisdiction");
	assert_string_equal(w[2], "data");
	assert_null(w[view_count()]);
	assert_string_equal(collapse_words[COLLAPSE_COUNTRY], "country");
	assert_null(collapse_words[COLLAPSE__COUNT]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deps_counts),
		cmocka_unit_test(test_jurisdiction_view),
		cmocka_unit_test(test_data_view),
		cmocka_unit_test(test_collapse_keeps_fact_count),
		cmocka_unit_test(test_dot_is_deterministic),
		cmocka_unit_test(test_order_does_not_matter),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_hostile_names_stay_labels),
		cmocka_unit_test(test_without_clusters),
		cmocka_unit_test(test_edge_budget),
		cmocka_unit_test(test_aggregated_label),
		cmocka_unit_test(test_aggregated_views),
		cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
