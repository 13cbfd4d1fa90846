/*
 * views: the three diagrams of `resmap graph` (deps, jurisdiction, data),
 * each built as a vgraph from the model, the facts and the verdicts.
 *
 * Every view draws a title (inventory name and counts), a legend of what
 * it actually uses, and tooltips. Above a node budget a view collapses on
 * its own, coarser and coarser (tenant, region, country, jurisdiction),
 * and says so in the title with how to expand it. Whatever the collapse,
 * the nodes' nfacts add up to the number of facts drawn.
 *
 * Ownership: view_build returns a finalized vgraph owned by the caller
 * (vg_free). The model, factset and verdicts must outlive the call only.
 */
#ifndef RESMAP_VIEWS_H
#define RESMAP_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"
#include "views/vgraph.h"

enum view_kind { VIEW_DEPS, VIEW_JURISDICTION, VIEW_DATA, VIEW__COUNT };
const char *view_name(enum view_kind v);       /* "deps", "jurisdiction", "data" */
int view_parse(const char *s);

/* Ordered from finest to coarsest. */
enum collapse {
	COLLAPSE_NONE, COLLAPSE_TENANT, COLLAPSE_REGION, COLLAPSE_COUNTRY,
	COLLAPSE_JURISDICTION, COLLAPSE__COUNT
};
const char *collapse_name(enum collapse c);    /* "none", "tenant", ... */
int collapse_parse(const char *s);

#define VIEW_MAX_NODES_DEFAULT 300

struct view_input {
	const struct model *m;
	const struct factset *fs;
	const struct verdicts *v;          /* may be NULL: nothing drawn as violating */
	const unsigned char *fact_keep;    /* per fact of fs: drawn when nonzero; NULL: all */
	const unsigned char *svc_keep;     /* per service index, deps view; NULL: all */
	const char *title;                 /* inventory name or --title */
	const char *note;                  /* extra subtitle line (filters), may be NULL */
};

struct view_opts {
	enum view_kind view;
	enum collapse collapse;            /* at least this coarse */
	size_t max_nodes;                  /* 0: no budget */
	bool clusters;                     /* false when the engine draws none (sfdp) */
};

struct vgraph *view_build(const struct view_input *in, const struct view_opts *o);

/* ---- shared by the view_*.c files ---- */

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

enum legend_item {
	LEG_KIND_FIRST,                    /* + enum svc_kind */
	LEG_GROUPED = LEG_KIND_FIRST + KIND__COUNT,
	LEG_VIOLATING, LEG_DISABLED, LEG_SUSPENDED,
	LEG_DEP_PLAIN, LEG_DEP_SENDS, LEG_DEP_COUNTED,
	LEG_FLOW, LEG_FLOW_CROSS, LEG_REPLICATION, LEG_REACH_HQ, LEG_REACH_ACCESS,
	LEG_REACH_VIOLATING, LEG_JUR,
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
	char *what, *counts;               /* title parts, HTML, set by view_finish */
};

void vctx_init(struct vctx *c, const struct view_input *in, const struct view_opts *o);
void vctx_release(struct vctx *c);
bool fact_kept(const struct vctx *c, const struct fact *f);
size_t fact_index(const struct vctx *c, const struct fact *f);
size_t fact_nviolations(const struct vctx *c, const struct fact *f);
const struct violation *fact_violation(const struct vctx *c, const struct fact *f, size_t i);

/* Display name: "Name (id)" when a name differs from the id, else id. */
const char *display_name(const char *id, const char *name);
/* "NL · Netherlands" style, escaped into sb as HTML. */
void html_id_name(struct strbuf *sb, const char *id, const char *name, size_t max);

void style_service(struct vctx *c, struct vg_obj *o, enum svc_kind k);
void style_grouped(struct vctx *c, struct vg_obj *o);
void style_violating(struct vctx *c, struct vg_obj *o);
void style_disabled(struct vctx *c, struct vg_obj *o);
void style_mode_edge(struct vctx *c, struct vg_obj *o, enum mode m);

/*
 * The clusters of places: home group → country → region, created on
 * demand. Each returns the cluster index to put nodes in (VG_ROOT when
 * clusters are off). place_region_cluster needs collapse < region.
 */
uint32_t place_group_cluster(struct vctx *c, const struct jur *group);
uint32_t place_country_cluster(struct vctx *c, const struct jur *country);
uint32_t place_region_cluster(struct vctx *c, const struct region *r);
/* The group a country is drawn in (see view_common.c), or NULL. */
const struct jur *home_of(const struct vctx *c, const struct jur *country);
/* The relevant groups holding country other than its home, as HTML. */
void html_other_groups(const struct vctx *c, struct strbuf *sb, const struct jur *country);

/* Adds the legend and graph defaults; keeps what and counts (HTML) for the
 * title, which view_build writes with its notes before finalizing. */
void view_finish(struct vctx *c, const char *what, const char *counts);

void view_deps(struct vctx *c);
void view_jurisdiction(struct vctx *c);
void view_data(struct vctx *c);

#endif
