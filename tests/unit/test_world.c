/*
 * Unit tests of the world view: the embedded map (parsed, every code
 * found, malformed text refused), the arrow geometry, and the SVG of a
 * small loaded inventory (what each country holds, shading, law outline,
 * arrows aggregated with counts, violation markers, escaping, filters,
 * byte-identical output).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/facts.h"
#include "engine/policy.h"
#include "load/load.h"
#include "views/view_int.h"
#include "views/world_map.h"

static void test_map_embedded(void **state)
{
	(void)state;
	struct world_map *w = world_map_load();
	assert_true(w->n > 200);
	assert_true(w->x0 == 0 && w->x1 == 1000);
	assert_true(w->y0 < -200 && w->y1 > 150);
	const struct world_country *de = world_map_find(w, "DE");
	assert_non_null(de);
	assert_string_equal(de->name, "Germany");
	assert_false(de->small);
	assert_true(de->path[0] == 'M');
	/* east of France, north of Italy, within the map */
	const struct world_country *fr = world_map_find(w, "FR"), *it = world_map_find(w, "IT");
	assert_true(de->x > fr->x && de->y < it->y);
	/* too small for 1:110m: a dot only */
	const struct world_country *sg = world_map_find(w, "SG");
	assert_non_null(sg);
	assert_true(sg->small && !sg->path[0]);
	assert_true(world_map_find(w, "LU")->small);
	assert_null(world_map_find(w, "AQ"));     /* Antarctica left out */
	/* the inset shows Europe and Israel, not the US, in open sea */
	assert_true(w->has_inset);
	assert_true(de->inset_path[0] == 'M' && world_map_find(w, "IL")->inset_path[0] == 'M');
	assert_string_equal(world_map_find(w, "US")->inset_path, "");
	assert_true(de->x > w->win[0] && de->x < w->win[2] && de->y > w->win[1] && de->y < w->win[3]);
	assert_true(w->box[2] < fr->x && w->box[1] > de->y);
	assert_null(world_map_find(w, "ZZ"));
	/* sorted by code, code-less lands last */
	for (size_t i = 1; i < w->n; i++)
		if (w->c[i].code[0])
			assert_true(strcmp(w->c[i - 1].code, w->c[i].code) < 0);
	assert_int_equal(w->c[w->n - 1].code[0], '\0');
	world_map_free(w);
}

static void test_map_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",                                           /* nothing */
		"# only a comment\n",
		"DE\tGermany\t1\t2\t0\tM0 0z\t\n",            /* no bounds */
		"bounds\t0\t-1\t10\t1\nDEU\tGermany\t1\t2\t0\tM0 0z\t\n",   /* alpha-3 */
		"bounds\t0\t-1\t10\t1\nDE\tGermany\tx\t2\t0\tM0 0z\t\n",    /* not a number */
		"bounds\t0\t-1\t10\t1\nDE\tGermany\t1\t2\t2\tM0 0z\t\n",    /* small not 0/1 */
		"bounds\t0\t-1\t10\t1\nDE\tGermany\t1\t2\n",              /* short line */
		"bounds\t0\t-1\t10\t1\nDE\tGermany\t1\t2\t0\tM0 0z\n",     /* no inset path */
		"bounds\t0\t1\t10\t1\nDE\tGermany\t1\t2\t0\t\t\n",        /* empty bounds */
		"bounds\t0\t-1\t10\t1\ninset\t5\t0\t1\t1\t0\t0\t1\t1\n"  /* empty window */
		"DE\tGermany\t1\t2\t0\tM0 0z\t\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_null(world_map_parse(bad[i], strlen(bad[i])));
	const char *ok = "# c\nbounds\t0\t-1\t10\t1\nDE\tGermany\t1\t2\t0\tM0 0z\t\n"
			 "-\tNowhere\t3\t4\t1\t\t\n";
	struct world_map *w = world_map_parse(ok, strlen(ok));
	assert_non_null(w);
	assert_int_equal(w->n, 2);
	assert_false(w->has_inset);
	assert_string_equal(world_map_find(w, "DE")->path, "M0 0z");
	assert_string_equal(world_map_find(w, "DE")->inset_path, "");
	world_map_free(w);
}

static double dist(double ax, double ay, double bx, double by)
{
	return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

static void test_arrow_shape(void **state)
{
	(void)state;
	struct world_arrow a;
	/* left to right: the bow goes up (y down in SVG) */
	world_arrow_shape(0, 0, 100, 0, 0.2, 2, 7, 9, &a);
	assert_true(a.cy < -10);
	assert_true(a.my < -5 && fabs(a.mx - 50) < 1e-6);
	/* starts about gap0 from the start, its tip about gap1 from the end */
	assert_true(fabs(dist(a.x0, a.y0, 0, 0) - 7) < 2);
	assert_true(fabs(dist(a.tipx, a.tipy, 100, 0) - 9) < 2);
	/* the head: symmetric around the tip's direction, base at the curve's end */
	assert_true(fabs(dist(a.lx, a.ly, a.x1, a.y1) - dist(a.rx, a.ry, a.x1, a.y1)) < 1e-9);
	assert_true(dist(a.tipx, a.tipy, a.x1, a.y1) > 5);
	/* the other way round bows the other side: two directions never overlap */
	struct world_arrow b;
	world_arrow_shape(100, 0, 0, 0, 0.2, 2, 7, 9, &b);
	assert_true(b.cy > 10);
	/* a zero-length arrow stays finite */
	world_arrow_shape(5, 5, 5, 5, 0.2, 2, 7, 9, &b);
	assert_true(isfinite(b.tipx) && isfinite(b.lx) && isfinite(b.cx));
}

static const char inventory[] =
	"resmap: 1\n"
	"tenants:\n"
	"  acme: { name: Acme }\n"
	"services:\n"
	"  records:\n"
	"    name: \"<script>alert(1)</script> & co\"\n"
	"    tenant: acme\n"
	"    kind: database\n"
	"    regions: [aws:eu-central-1]\n"
	"    replicas: [aws:us-east-1]\n"
	"    stores:\n"
	"      - data: [health.records]\n"
	"    depends_on:\n"
	"      - service: portal\n"
	"        sends: [health.records]\n"
	"  portal:\n"
	"    tenant: acme\n"
	"    kind: compute\n"
	"    regions: [gcp:europe-west4]\n"
	"policies:\n"
	"  health-in-eu:\n"
	"    severity: error\n"
	"    match: { data: [health] }\n"
	"    allow_in: [EU]\n";

struct world {
	struct diag d;
	struct model *m;
	struct factset *fs;
	struct verdicts *v;
};

static void world_load(struct world *w)
{
	struct load_opts o;
	load_opts_default(&o);
	bool ok;
	diag_init(&w->d, stderr);
	w->m = load_buffer("t.yaml", inventory, strlen(inventory), &o, &w->d, &ok);
	assert_true(ok);
	w->fs = facts_derive(w->m);
	w->v = policy_evaluate(w->m, w->fs);
}

static void world_release(struct world *w)
{
	verdicts_free(w->v);
	factset_free(w->fs);
	model_free(w->m);
	diag_release(&w->d);
}

static char *draw(struct world *w, const unsigned char *keep, const char *title)
{
	struct view_input in = { w->m, w->fs, w->v, keep, NULL, title, NULL };
	struct strbuf sb = STRBUF_INIT;
	double wd = 0, ht = 0;
	view_world_svg(&in, &sb, &wd, &ht);
	assert_true(wd > 1000 && ht > 400);
	return sb_detach(&sb);
}

/* The element that starts with prefix, up to its end tag. */
static char *element(const char *svg, const char *prefix, const char *end)
{
	const char *p = strstr(svg, prefix);
	if (!p)
		return NULL;
	const char *e = strstr(p, end);
	assert_non_null(e);
	return strndup(p, (size_t)(e - p) + strlen(end));
}

static void test_svg_countries(void **state)
{
	(void)state;
	struct world w;
	world_load(&w);
	char *svg = draw(&w, NULL, "t & <i>");
	/* every country path has an id and a title */
	size_t npaths = 0;
	for (const char *p = svg; (p = strstr(p, "<path id=\"")); p++) {
		const char *end = strstr(p, "</path>"), *close = strchr(p, '>');
		assert_non_null(end);
		assert_true(close[-1] != '/');
		assert_true(strstr(p, "<title>") < end);
		npaths++;
	}
	assert_true(npaths > 170);
	char *de = element(svg, "<path id=\"country-DE\"", "</path>");
	assert_non_null(de);
	assert_non_null(strstr(de, "class=\"country held\""));
	assert_non_null(strstr(de, "holds 1 fact: health.records (stored)"));
	assert_non_null(strstr(de, "regions: aws:eu-central-1"));
	assert_non_null(strstr(de, "sends 2 facts across borders, to 2 countries"));
	/* US: the replica, and its law reaching data held in DE and NL */
	char *us = element(svg, "<path id=\"country-US\"", "</path>");
	assert_non_null(strstr(us, "class=\"country held\""));
	assert_non_null(strstr(us, "health.records (replica)"));
	assert_non_null(strstr(us, "breaks policies: 1 error (health-in-eu)"));
	assert_non_null(strstr(us, "its law reaches"));
	assert_non_null(strstr(us, "held in DE, NL (headquarters of aws, gcp)"));
	/* NL only processes: light, outlined, and a dot since it is small */
	char *nl = element(svg, "<path id=\"country-NL\"", "</path>");
	assert_non_null(strstr(nl, "class=\"country touched\""));
	assert_non_null(strstr(svg, "<path id=\"country-NL-dot\""));
	/* DE and NL are enlarged in the inset: shapes, labels and the arrow
	 * between them there, not on the main map; DE -> US stays there */
	assert_non_null(strstr(svg, "<g id=\"inset\">"));
	assert_non_null(strstr(svg, "<path id=\"inset-DE\""));
	assert_non_null(strstr(svg, "<path id=\"inset-NL-dot\""));
	assert_null(strstr(svg, "<path id=\"inset-US\""));
	char *inset = element(svg, "<g id=\"inset\">", "</svg>");
	assert_non_null(strstr(inset, "<title>DE \xe2\x86\x92 NL: data flow"));
	assert_null(strstr(inset, "<title>DE \xe2\x86\x92 US"));
	char *main_map = element(svg, "<g id=\"map\"", "<g id=\"inset\">");
	assert_null(strstr(main_map, "<title>DE \xe2\x86\x92 NL"));
	assert_non_null(strstr(main_map, "<title>DE \xe2\x86\x92 US"));
	/* there DE is named small, only to end the arrow that leaves */
	assert_non_null(strstr(main_map, " font-size=\"8\" fill=\"#1A1A1A\">DE</text>"));
	assert_non_null(strstr(main_map, " fill=\"#1A1A1A\">US</text>"));
	assert_non_null(strstr(inset, " fill=\"#1A1A1A\">DE</text>"));
	free(inset);
	free(main_map);
	char *fr = element(svg, "<path id=\"country-FR\"", "</path>");
	assert_non_null(strstr(fr, "<title>France (FR): no data</title>"));
	/* the law outline, the arrows with their counts, the marker */
	assert_non_null(strstr(svg, "<g class=\"law-reach\""));
	assert_non_null(strstr(svg, "<title>DE \xe2\x86\x92 NL: data flow across a border, 1 fact"));
	assert_non_null(strstr(svg, "<title>DE \xe2\x86\x92 US: replication across a border, 1 fact"));
	assert_non_null(strstr(svg, "<g class=\"violation error\"><title>US: 1 error</title>"));
	assert_non_null(strstr(svg, "2 border crossings \xc2\xb7 1 violation"));
	/* user text is escaped, and the legend says what is drawn */
	assert_non_null(strstr(svg, ">t &amp; &lt;i&gt;</text>"));
	assert_null(strstr(svg, "<i>"));
	assert_non_null(strstr(svg, "replication across a border (dashed)"));
	assert_null(strstr(svg, "remote access across a border"));
	/* byte-identical on a second run */
	char *again = draw(&w, NULL, "t & <i>");
	assert_string_equal(svg, again);
	free(again);
	free(de);
	free(us);
	free(nl);
	free(fr);
	free(svg);
	world_release(&w);
}

static void test_svg_filtered(void **state)
{
	(void)state;
	struct world w;
	world_load(&w);
	/* only the facts in Germany */
	unsigned char *keep = calloc(w.fs->nfacts + 1, 1);
	for (size_t i = 0; i < w.fs->nfacts; i++)
		keep[i] = !strcmp(w.fs->facts[i].country->id, "DE");
	char *svg = draw(&w, keep, "t");
	assert_non_null(strstr(svg, "1 country hold data"));
	assert_null(strstr(svg, "arrows\""));
	char *us = element(svg, "<path id=\"country-US\"", "</path>");
	assert_non_null(strstr(us, "class=\"country none\""));
	/* US law still reaches the German copy */
	assert_non_null(strstr(us, "held in DE (headquarters of aws)"));
	free(us);
	free(svg);
	/* nothing kept: an empty map, still every country */
	memset(keep, 0, w.fs->nfacts + 1);
	svg = draw(&w, keep, "t");
	assert_non_null(strstr(svg, "0 countries hold data \xc2\xb7 0 facts"));
	assert_null(strstr(svg, "class=\"country held\""));
	assert_non_null(strstr(svg, "<path id=\"country-DE\""));
	free(svg);
	free(keep);
	world_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_embedded),
		cmocka_unit_test(test_map_malformed),
		cmocka_unit_test(test_arrow_shape),
		cmocka_unit_test(test_svg_countries),
		cmocka_unit_test(test_svg_filtered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
