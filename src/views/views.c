/*
 * views: the table of views, and view_build, which picks the level a
 * view is drawn at: the finest its row allows that fits the node budget
 * (estimated first, then counted on the built graph), saying in the
 * title what was collapsed and how to expand it.
 */
#include "views/view_int.h"

#include <stdlib.h>
#include <string.h>

#define ALL_LEVELS (COLLAPSE_BIT(COLLAPSE_NONE) | COLLAPSE_BIT(COLLAPSE_TENANT) | \
		    COLLAPSE_BIT(COLLAPSE_REGION) | COLLAPSE_BIT(COLLAPSE_COUNTRY) | \
		    COLLAPSE_BIT(COLLAPSE_JURISDICTION))

/* To add a view: its file in src/views/ (build and estimate functions,
 * declared in view_int.h) and its row here. */
static const struct view_def table[] = {
	{ "deps", "services by tenant, edges are depends_on with the data sent",
	  ALL_LEVELS, false, view_deps, view_deps_estimate,
	  "Dependencies",
	  "services by tenant; edges are depends_on, labelled with the data sent; "
	  "disabled tenants greyed", NULL },
	{ "jurisdiction", "where data sits and which laws reach it",
	  ALL_LEVELS, false, view_jurisdiction, view_jurisdiction_estimate,
	  "Jurisdictions",
	  "jurisdiction, country and region, with the services holding data there; bold "
	  "edges cross a border, dashed edges are a foreign jurisdiction's legal reach; "
	  "violations in red", NULL },
	/* regions at its finest (it shows no services or tenants); categories
	 * fold to their roots as the last resort */
	{ "data", "data categories and the places holding them, by mode",
	  COLLAPSE_BIT(COLLAPSE_REGION) | COLLAPSE_BIT(COLLAPSE_COUNTRY) |
	  COLLAPSE_BIT(COLLAPSE_JURISDICTION), true, view_data, view_data_estimate,
	  "Data categories and places",
	  "each data category and the countries and regions holding it, by mode", NULL },
	/* a map resmap draws itself; the report shows it first, on its own */
	{ "world", "a map of the countries holding data and what crosses borders",
	  0, false, NULL, NULL, "World map",
	  "countries shaded by the data they hold (dark: stored or replicated; light: "
	  "only processed or accessed), dashed where their law reaches data held "
	  "elsewhere, marked where a policy breaks; arrows for what crosses a border, "
	  "with the number of facts", view_world_svg },
	/* drawn by resmap too; the report shows it in the data view's place
	 * when that one is dense (view_instead), not on its own */
	{ "matrix", "data categories by country: the strongest mode, policies broken",
	  0, false, NULL, NULL, NULL,
	  "each data category (and the subjects it is about) by country, grouped by "
	  "jurisdiction: the strongest way the data is held there, and a mark where a "
	  "policy breaks", view_matrix_svg },
};
#define NVIEWS (sizeof table / sizeof table[0])

const char *const collapse_words[COLLAPSE__COUNT + 1] = {
	"none", "tenant", "region", "country", "jurisdiction", NULL
};

const char *collapse_name(enum collapse c) { return collapse_words[c]; }
size_t view_count(void) { return NVIEWS; }
const struct view_def *view_at(size_t i) { return &table[i]; }

/* Here, beside the table, so that the calls run one way (views.c ->
 * view_matrix.c). */
const struct view_def *view_instead(const struct view_def *vd, const struct view_input *in,
				    const struct vgraph *g)
{
	if (vd->build != view_data || !view_matrix_dense(in, g))
		return NULL;
	for (size_t i = 0; i < NVIEWS; i++)
		if (table[i].svg == view_matrix_svg)
			return &table[i];
	return NULL;
}

const char *const *view_words(void)
{
	static const char *words[NVIEWS + 1];
	if (!words[0])
		for (size_t i = 0; i < NVIEWS; i++)
			words[i] = table[i].name;
	return words;
}

static void set_title(struct vctx *c)
{
	struct vgraph *g = c->g;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
		"<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"20\"><B>");
	vg_html_text(&sb, c->in->title ? c->in->title : "resmap", 80);
	sb_adds(&sb, "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\">");
	sb_adds(&sb, c->what ? c->what : "");
	sb_adds(&sb, " \xe2\x80\x94 ");
	sb_adds(&sb, c->counts ? c->counts : "");
	sb_adds(&sb, "</FONT></TD></TR>");
	if (c->in->note) {
		sb_adds(&sb, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">");
		vg_html_text(&sb, c->in->note, 200);
		sb_adds(&sb, "</FONT></TD></TR>");
	}
	if (c->notes.len) {
		sb_adds(&sb, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\""
			C_BLUE "\">");
		sb_add(&sb, c->notes.buf, c->notes.len);
		sb_adds(&sb, "</FONT></TD></TR>");
	}
	sb_adds(&sb, "</TABLE>");
	vg_set(g, &g->graph, VA_LABEL, sb.buf);
	sb_release(&sb);
}

/* Real nodes, not counting the legend's samples. */
static size_t real_nodes(const struct vgraph *g)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nnodes; i++)
		if (g->nodes[i].key[0] != '!')
			n++;
	return n;
}

static size_t real_edges(const struct vgraph *g)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from].key[0] != '!')
			n++;
	return n;
}

/* Layout time in dot grows with edges as much as with nodes (crossing
 * minimisation over long edges): the budget bounds both. */
#define EDGES_PER_NODE 1
/* Aggregated, more edges per node than this cannot be followed whatever
 * the budget (seen at 10k services). */
#define AGG_EDGES_PER_NODE 4

static int cmp_edge_weight(const void *a, const void *b)
{
	const struct vg_edge *x = *(const struct vg_edge *const *)a;
	const struct vg_edge *y = *(const struct vg_edge *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	/* ties: the order they were added in, which is deterministic */
	return x < y ? -1 : x > y;
}

/* Hides all but the `keep` heaviest real edges; returns how many were hidden. */
static size_t prune_edges(struct vgraph *g, size_t keep)
{
	const struct vg_edge **e = xcalloc(g->nedges + 1, sizeof *e);
	size_t n = 0;
	for (size_t i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from].key[0] != '!')
			e[n++] = &g->edges[i];
	size_t hidden = 0;
	if (n > keep) {
		xqsort(e, n, sizeof *e, cmp_edge_weight);
		for (size_t i = keep; i < n; i++)
			((struct vg_edge *)e[i])->hidden = true;
		hidden = n - keep;
	}
	free(e);
	return hidden;
}

static const char *const collapse_what[COLLAPSE__COUNT] = {
	"service", "tenant", "region", "country", "jurisdiction group (or country)"
};

/* Puts the view's aggregation sentence after the notes written before
 * the build (pre bytes), before what the build added (a text legend). */
static void note_aggregated(struct vctx *c, size_t pre, size_t budget)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, c->notes.buf, pre);
	sb_addf(&sb, "%sAggregated to stay within %zu edges (one per pair of nodes, wider for "
		"more; --max-edges 0 draws each): %s.", pre ? "<BR/>" : "", budget,
		c->agg_note.len ? c->agg_note.buf : "edges merged");
	if (c->notes.len > pre) {
		if (c->notes.buf[pre] != '<')
			sb_adds(&sb, "<BR/>");
		sb_add(&sb, c->notes.buf + pre, c->notes.len - pre);
	}
	sb_release(&c->notes);
	c->notes = sb;
}

struct vgraph *view_build(const struct view_input *in, const struct view_opts *o)
{
	const struct view_def *vd = o->view;
	if (!vd->build)
		die("internal: the %s view draws itself (view_def.svg), it has no graph",
		    vd->name);
	enum collapse levels[COLLAPSE__COUNT];
	size_t nlevels = 0;
	for (int lv = 0; lv < COLLAPSE__COUNT; lv++)
		if (vd->levels & COLLAPSE_BIT(lv))
			levels[nlevels++] = (enum collapse)lv;
	struct { enum collapse lv; bool fold; } tries[COLLAPSE__COUNT + 1];
	size_t ntries = 0;
	for (size_t i = 0; i < nlevels; i++) {
		/* a level finer than asked is skipped, unless it is the last */
		bool later = i + 1 < nlevels && levels[i + 1] <= o->collapse;
		if (levels[i] < o->collapse && later)
			continue;
		tries[ntries].lv = levels[i];
		tries[ntries++].fold = false;
	}
	if (vd->fold_last) {
		tries[ntries].lv = tries[ntries - 1].lv;
		tries[ntries++].fold = true;
	}
	/* without an edge budget, edges are bounded by the node budget (dot's
	 * layout time grows with both) */
	size_t edge_budget = o->max_edges ? o->max_edges : o->max_nodes * EDGES_PER_NODE;
	size_t first_nodes = 0, first_edges = 0;
	bool estimated = false;
	for (size_t t = 0; t < ntries; t++) {
		bool last = t + 1 == ntries;
		/* the level asked for plainly, then (over the edge budget)
		 * aggregated; a level collapsed because full detail was too big
		 * aggregated at once: its merged edges read better one per pair */
		int agg0 = t > 0 && o->max_edges;
		for (int agg = agg0; agg < 2; agg++) {
			struct vctx c;
			vctx_init(&c, in, o);
			c.collapse = tries[t].lv;
			c.fold_terms = tries[t].fold;
			c.aggregate = agg;
			if (agg == agg0 && o->max_nodes && !last) {
				size_t est = vd->estimate(&c, c.collapse, c.fold_terms);
				if (t == 0) {
					first_nodes = est;
					estimated = true;
				}
				if (est > o->max_nodes) {
					vctx_release(&c);
					break;
				}
			}
			c.g = vg_new();
			c.g->collapse = (int)c.collapse;
			if (t > 0) {
				c.g->collapse_auto = true;
				if (estimated)
					sb_addf(&c.notes, "Collapsed automatically: full detail would "
						"draw about %zu nodes, over the budget of %zu",
						first_nodes, o->max_nodes);
				else
					sb_addf(&c.notes, "Collapsed automatically: full detail would "
						"draw %zu nodes and %zu edges, over the budget of %zu "
						"nodes and %zu edges", first_nodes, first_edges,
						o->max_nodes, edge_budget);
				sb_addf(&c.notes, "; so one node per %s%s. Expand with ",
					collapse_what[c.collapse],
					c.fold_terms ? ", categories folded to their roots" : "");
				/* the options that lift what was over */
				size_t want = 0;
				if (estimated || first_nodes > o->max_nodes)
					want = first_nodes;
				if (!estimated && !o->max_edges && first_edges > want)
					want = first_edges;
				if (want)
					sb_addf(&c.notes, "--max-nodes %zu", want);
				if (!estimated && o->max_edges && first_edges > o->max_edges)
					sb_addf(&c.notes, "%s--max-edges 0", want ? " " : "");
				sb_adds(&c.notes, ", a filter (--tenant, --region, --data) or --focus "
					"SERVICE.");
			} else if (o->collapse != COLLAPSE_NONE && o->collapse < levels[0]) {
				sb_addf(&c.notes, "--collapse %s does not apply to this view "
					"(it shows no %ss).", collapse_words[o->collapse],
					collapse_words[o->collapse]);
			} else if (c.collapse != levels[0]) {
				sb_addf(&c.notes, "Collapsed: one node per %s (--collapse %s).",
					collapse_what[c.collapse], collapse_words[c.collapse]);
			}
			size_t pre = c.notes.len;
			vd->build(&c);
			size_t n = real_nodes(c.g), ne = real_edges(c.g);
			if (t == 0 && !agg) {
				first_nodes = n;
				first_edges = ne;
				estimated = false;
			}
			bool nodes_over = o->max_nodes && n > o->max_nodes;
			bool edges_over = edge_budget && ne > edge_budget;
			/* too many nodes: coarser; too many edges: aggregated, then
			 * coarser; aggregated but dense (16 countries joined by 77
			 * edges is a hairball, 10 groups by 33 is not): coarser */
			bool dense = agg && ne > AGG_EDGES_PER_NODE * n;
			bool next = !last && (nodes_over || edges_over || dense);
			bool try_agg = edges_over && !agg && o->max_edges && !(nodes_over && !last);
			if (try_agg || next) {
				vctx_release(&c);
				vg_free(c.g);
				if (try_agg)
					continue;
				break;
			}
			if (agg)
				note_aggregated(&c, pre, edge_budget);
			if (edges_over) {
				size_t hid = prune_edges(c.g, edge_budget);
				sb_addf(&c.notes, "%sOnly the %zu heaviest of %zu edges are drawn, "
					"to keep the layout quick; resmap map lists every fact.",
					c.notes.len ? "<BR/>" : "", ne - hid, ne);
			}
			if (nodes_over)
				sb_addf(&c.notes, "%sStill %zu nodes, above the budget of %zu, at "
					"the coarsest level.", c.notes.len ? "<BR/>" : "", n,
					o->max_nodes);
			set_title(&c);
			vg_finalize(c.g);
			struct vgraph *g = c.g;
			vctx_release(&c);
			return g;
		}
	}
	return NULL;
}
