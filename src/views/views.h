/*
 * views: the diagrams of `resmap graph` and of the report, each built as
 * a vgraph from the model, the facts and the verdicts.
 *
 * The views are a table (views.c): one row per view names it, says what
 * it draws, the collapse levels it can draw at, and its build function.
 * `resmap graph`, the report and completion read the table; adding a
 * view is one file in src/views/ and one row.
 *
 * Every view draws a title (inventory name and counts), a legend of what
 * it actually uses, and tooltips. Above a node budget a view collapses on
 * its own, coarser and coarser (tenant, region, country, jurisdiction),
 * and says so in the title with how to expand it. Above an edge budget
 * it aggregates: one edge per pair of nodes, with a count and a width
 * (view_int.h, struct agg), then collapses further. Whatever the
 * collapse, the nodes' nfacts add up to the number of facts drawn.
 *
 * Ownership: view_build returns a finalized vgraph owned by the caller
 * (vg_free). The model, factset and verdicts must outlive the call only.
 * The table and the word lists are static.
 */
#ifndef RESMAP_VIEWS_H
#define RESMAP_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"
#include "views/vgraph.h"

/* Ordered from finest to coarsest. */
enum collapse {
	COLLAPSE_NONE, COLLAPSE_TENANT, COLLAPSE_REGION, COLLAPSE_COUNTRY,
	COLLAPSE_JURISDICTION, COLLAPSE__COUNT
};
/* "none", "tenant", ... in enum order, NULL-terminated (for cli_choice). */
extern const char *const collapse_words[];
const char *collapse_name(enum collapse c);
#define COLLAPSE_BIT(lv) (1u << (lv))

struct vctx;   /* a view being built: views/view_int.h */
struct view_input;

struct view_def {
	const char *name;                  /* the --view word */
	const char *help;                  /* what it draws, one line */
	unsigned levels;                   /* COLLAPSE_BITs it can draw at */
	bool fold_last;                    /* last resort: categories folded to roots */
	void (*build)(struct vctx *c);
	/* the nodes build would draw at a level, counted without building */
	size_t (*estimate)(const struct vctx *c, enum collapse lv, bool fold);
	/* the report's figure: its title and caption; title NULL: not drawn there */
	const char *title, *about;
	/* a view resmap draws itself, without graphviz's layout (build and
	 * estimate NULL): appends an SVG document to out and sets its size
	 * in points; graphviz only renders it to PNG or PDF (gv_render_svg) */
	void (*svg)(const struct view_input *in, struct strbuf *out, double *width,
		    double *height);
};

/* The table, in the order help and the report list the views; the first
 * is graph's default. */
size_t view_count(void);
const struct view_def *view_at(size_t i);
/* The names in table order, NULL-terminated (for cli_choice, completion). */
const char *const *view_words(void);

#define VIEW_MAX_NODES_DEFAULT 300
/* Past about 80 edges a drawing is a bundle of lines nobody can follow. */
#define VIEW_MAX_EDGES_DEFAULT 80

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
	const struct view_def *view;
	enum collapse collapse;            /* at least this coarse */
	size_t max_nodes;                  /* 0: no budget */
	bool clusters;                     /* false when the engine draws none (sfdp) */
	/* Over this many edges, edges between the same two nodes become one
	 * (counted, wider for more), then nodes collapse further, then the
	 * lightest edges are left out; 0: none of this */
	size_t max_edges;
};

/*
 * The view the report draws in vd's place, given vd built as g: the
 * matrix for a data view of more than VIEW_MATRIX_EDGES edges, or of the
 * facts of more than VIEW_MATRIX_SERVICES services, where its lines are
 * an untraceable bundle (issue 16); NULL: vd itself.
 */
#define VIEW_MATRIX_EDGES 40
#define VIEW_MATRIX_SERVICES 30
const struct view_def *view_instead(const struct view_def *vd, const struct view_input *in,
				    const struct vgraph *g);

/* For a view with a build function (not one that draws itself: svg). */
struct vgraph *view_build(const struct view_input *in, const struct view_opts *o);

#endif
