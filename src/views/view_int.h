/*
 * view_int: what the view files share (view_common.c defines it) and the
 * views' entry points that the table in views.c lists. Private to
 * src/views/: the rest of resmap includes views.h.
 *
 * A view file includes this header and calls into view_common.c; nothing
 * in view_common.c calls a view, so the calls run one way: views.c ->
 * view_*.c -> view_common.c.
 */
#ifndef RESMAP_VIEW_INT_H
#define RESMAP_VIEW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"
#include "engine/flows.h"
#include "views/svg_draw.h"
#include "views/views.h"

/* Okabe-Ito, safe for colour-blind readers; meaning is also carried by
 * shape, line style or text, so greyscale prints read the same. */
#define C_BLACK      "#000000"
#define C_ORANGE     "#E69F00"
#define C_SKY        "#56B4E9"
#define C_GREEN      "#009E73"
#define C_YELLOW     "#F0E442"
#define C_BLUE       "#0072B2"
#define C_VERMILLION "#D55E00"
#define C_PURPLE     "#CC79A7"
#define C_GREY       "#8C8C8C"
#define C_TEXT_GREY  "#6E6E6E"
#define C_VIOLATION  C_VERMILLION
/* The colour of each mode (enum mode): the data view's edges, the matrix's cells. */
extern const char *const mode_color[MODE__COUNT];

enum legend_item {
	LEG_KIND_FIRST,                    /* + enum svc_kind */
	LEG_GROUPED = LEG_KIND_FIRST + KIND__COUNT,
	LEG_VIOLATING, LEG_INFO_FINDING, LEG_DISABLED, LEG_SUSPENDED,
	LEG_DEP_PLAIN, LEG_DEP_SENDS, LEG_DEP_COUNTED, LEG_AGGREGATED,
	LEG_FLOW, LEG_FLOW_CROSS, LEG_REPLICATION, LEG_REACH_HQ, LEG_REACH_ACCESS,
	LEG_REACH_VIOLATING, LEG_REACH_LISTED, LEG_JUR,
	LEG_CATEGORY, LEG_TREE, LEG_PLACE,
	LEG_MODE_FIRST,                    /* + enum mode */
	LEG_EDGE_VIOLATING = LEG_MODE_FIRST + MODE__COUNT,
	LEG_CLUSTER_TENANT, LEG_CLUSTER_PLACES,
	LEG__COUNT
};

struct vctx {
	const struct view_input *in;
	const struct view_opts *o;
	enum collapse collapse;
	bool fold_terms;                   /* data view: categories folded to their roots */
	struct vgraph *g;
	bool legend[LEG__COUNT];
	/* violations by fact: vstart[i] .. vstart[i + 1] in vlist */
	uint32_t *vstart;
	const struct violation **vlist;
	/* home group of each country (index), NULL when none is relevant */
	const struct jur **home;
	bool *relevant_group;              /* per jur index */
	uint32_t *group_size;              /* per jur index: member countries */
	struct strbuf notes;               /* subtitle lines, HTML, separated by <BR/> */
	struct flows *flows;               /* made on first use: view_flows */
	char *what, *counts;               /* title parts, HTML, set by view_finish */
	/* over the edge budget (view_build): one edge per pair of nodes, with
	 * a count, a width and the most frequent categories (struct agg) */
	bool aggregate;
	struct strbuf agg_note;            /* the view's "N flows between M places" */
};

void vctx_init(struct vctx *c, const struct view_input *in, const struct view_opts *o);
void vctx_release(struct vctx *c);
bool fact_kept(const struct vctx *c, const struct fact *f);
/* What flows along each edge, from the facts drawn (flows.h), not from
 * the `sends` declared: labels of the deps and jurisdiction views. */
const struct flows *view_flows(struct vctx *c);
size_t fact_nviolations(const struct vctx *c, const struct fact *f);
const struct violation *fact_violation(const struct vctx *c, const struct fact *f, size_t i);

/* Display name: "Name (id)" when a name differs from the id, else id. */
const char *display_name(const char *id, const char *name);
/* "NL · Netherlands" style, escaped into sb as HTML. */
void html_id_name(struct strbuf *sb, const char *id, const char *name, size_t max);

void style_service(struct vctx *c, struct vg_obj *o, enum svc_kind k);
void style_grouped(struct vctx *c, struct vg_obj *o);
/* A node or edge breaking a policy, styled by the policy's severity: an
 * info finding is not drawn as a breach. */
void style_violating(struct vctx *c, struct vg_obj *o, enum severity sev);
/* "⚠ policy-id" ("info: policy-id" for info), the id whole, wrapped every ~28 characters
 * at a '-', '.' or '_' so that PNG and PDF keep it all. */
void html_policy_mark(struct strbuf *sb, const struct policy *p);
void style_disabled(struct vctx *c, struct vg_obj *o);
void style_mode_edge(struct vctx *c, struct vg_obj *o, enum mode m);
/* An edge of a policy's finding, styled by severity as style_violating
 * (legend `leg` for a breach); appends the mark ("⚠", "info:") to lab. */
void style_violating_edge(struct vctx *c, struct vg_obj *o, enum severity sev, int leg,
			  struct strbuf *lab);

/*
 * ---- aggregated edges ----
 *
 * Over the edge budget a view draws one edge per pair of nodes standing
 * for n things (flows, dependencies, facts), and tallies what they carry
 * (categories, modes) by name. The label reads "1,204 flows:
 * health.records, +3 categories": the most frequent item first, ties by
 * name, so that it depends on the input only. Names are not copied: they
 * must outlive the tally (the model's strings, static words).
 */
struct agg_item { const char *name; size_t n; };
struct agg {
	size_t n;                          /* things merged */
	size_t fwd, back;                  /* of them, tail to head and head to tail */
	struct agg_item *items;
	size_t nitems, cap;
};
void agg_release(struct agg *a);
void agg_item(struct agg *a, const char *name, size_t n);
/* Sorts the items, most frequent first (call before the two below). */
void agg_sort(struct agg *a);
/* "1,204 flows: health.records, +3 categories" (HTML). */
void agg_label(struct strbuf *lab, const struct agg *a, const char *noun,
	       const char *nouns, const char *item, const char *items);
/* "health.records 800, telemetry 300, …" for a tooltip. */
void agg_tip(struct strbuf *tip, const struct agg *a);
/* Points the edge the way most of it goes (dot ranks along it: ends
 * sorted by key would stretch the drawing into one rank per node).
 * Call once all is merged, before labelling; vg_edge no longer finds it. */
void agg_orient(struct vgraph *g, struct vg_edge *e, struct agg *a);
/* Width growing with the log of n, arrows as the directions merged. */
void agg_style(struct vctx *c, struct vg_obj *o, const struct agg *a);
/* The view's part of the title's note: "1,204 flows between 14 regions
 * drawn as 62 edges" (nodes: what the view's nodes are, plural). */
void agg_note_between(struct vctx *c, size_t n, const char *noun, const char *nouns,
		      const char *nodes, size_t nedges);
/* Lays an aggregated view out top to bottom or left to right, whichever
 * draws it narrower (a guess from the edges' layers); call once the
 * view's edges are all there, before view_finish. */
void agg_rankdir(struct vctx *c, const char *ranksep_lr);
/* The two ends of an aggregated edge, in an order that does not depend
 * on which was met first. Returns true when swapped. */
bool agg_ends(const struct vgraph *g, uint32_t *from, uint32_t *to);

/*
 * The clusters of places: home group → country (a view may nest regions
 * inside), created on demand. Each returns the cluster index to put nodes
 * in (VG_ROOT when clusters are off).
 */
uint32_t place_group_cluster(struct vctx *c, const struct jur *group);
uint32_t place_country_cluster(struct vctx *c, const struct jur *country);
/* The group a country is drawn in (see view_common.c), or NULL. */
const struct jur *home_of(const struct vctx *c, const struct jur *country);

/* Adds the legend and graph defaults; keeps what and counts (HTML) for the
 * title, which view_build writes with its notes before finalizing. */
void view_finish(struct vctx *c, const char *what, const char *counts);


/* ---- node estimates (view_build skips levels far over the budget) ---- */

/*
 * Counted without building, so that levels far over the budget are
 * skipped cheaply (building the full-detail view of 100k services costs
 * seconds). Reach nodes and implied parent categories are left out: the
 * real count is checked after building.
 */
/* The place node a region falls in at a collapse level, as a number. */
uint64_t place_key(const struct vctx *c, const struct region *r, enum collapse lv);
/* Sorts k and counts its distinct values. */
size_t count_distinct(uint64_t *k, size_t n);
/* The place nodes (region, country or group) the drawn facts fall in at lv
 * (region at the finer levels). */
size_t count_fact_places(const struct vctx *c, enum collapse lv);

/* ---- the views, listed in views.c ---- */

void view_deps(struct vctx *c);
size_t view_deps_estimate(const struct vctx *c, enum collapse lv, bool fold);
void view_jurisdiction(struct vctx *c);
size_t view_jurisdiction_estimate(const struct vctx *c, enum collapse lv, bool fold);
void view_data(struct vctx *c);
size_t view_data_estimate(const struct vctx *c, enum collapse lv, bool fold);
/* The world map (view_world.c): every country a <path id="country-XX">
 * with a <title> of what it holds; see doc/diagrams.md. */
void view_world_svg(const struct view_input *in, struct strbuf *out, double *width,
		    double *height);
/* The data x place matrix (view_matrix.c, over matrix.h): a cell per
 * category and country, by strongest mode, marked where a policy breaks. */
void view_matrix_svg(const struct view_input *in, struct strbuf *out, double *width,
		     double *height);
/* True when g, the data view of in, is past views.h's VIEW_MATRIX_EDGES
 * or VIEW_MATRIX_SERVICES (view_instead). */
bool view_matrix_dense(const struct view_input *in, const struct vgraph *g);

#endif
