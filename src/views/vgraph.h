/*
 * vgraph: a view's drawing before graphviz sees it — nodes, nested
 * clusters and edges, each found by a key the view chooses, carrying a
 * fixed set of attributes.
 *
 * Safety: the identifiers graphviz sees are synthetic ("n12",
 * "cluster_3"), assigned by vg_finalize. User text reaches graphviz only
 * through VA_LABEL (HTML-like label content built with vg_html_text) and
 * VA_TOOLTIP (built with vg_tip_text); every other attribute value must
 * be a constant chosen by the view, never inventory text.
 *
 * Determinism: vg_finalize orders siblings (clusters and nodes inside
 * one cluster) by key and edges by endpoints and key, then numbers
 * everything in that order, so the DOT text depends only on what was
 * added, not on the order in which it was added.
 *
 * Ownership: everything lives in the vgraph's arena; vg_free frees all.
 */
#ifndef RESMAP_VGRAPH_H
#define RESMAP_VGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strmap.h"
#include "base/util.h"

enum vg_attr {
	VA_LABEL,          /* HTML-like label content, without the outer <> */
	VA_TOOLTIP,        /* escaped with vg_tip_text */
	VA_SHAPE, VA_STYLE, VA_COLOR, VA_FILLCOLOR, VA_FONTCOLOR, VA_FONTSIZE,
	VA_FONTNAME, VA_PENWIDTH, VA_PERIPHERIES, VA_ARROWHEAD, VA_DIR,
	VA_LHEAD, VA_CONSTRAINT, VA_WEIGHT, VA_MINLEN, VA_MARGIN, VA_WIDTH,
	VA_HEIGHT,
	/* graph only */
	VA_RANKDIR, VA_RANKSEP, VA_NODESEP, VA_LABELLOC, VA_LABELJUST,
	VA_COMPOUND, VA_NEWRANK, VA_SPLINES, VA_BGCOLOR, VA_PAD, VA_OUTPUTORDER,
	VA_OVERLAP,
	VA__COUNT
};
/* graphviz's name of an attribute ("label", "shape", ...) */
const char *vg_attr_name(enum vg_attr a);

struct vg_obj {
	const char *a[VA__COUNT];  /* NULL: not set */
};

#define VG_ROOT UINT32_MAX

struct vg_cluster {
	struct vg_obj o;
	const char *key;
	uint32_t parent;           /* cluster index or VG_ROOT */
	uint32_t id;               /* after vg_finalize: the N of cluster_N */
	size_t nfacts;             /* free for views to use */
};

struct vg_node {
	struct vg_obj o;
	const char *key;
	uint32_t cluster;          /* cluster index or VG_ROOT */
	uint32_t id;               /* after vg_finalize: the N of nN */
	size_t nfacts;             /* facts this node stands for (collapse checks) */
	size_t nitems;             /* objects merged into it (services...) */
	void *data;                /* free for views to use */
};

struct vg_edge {
	struct vg_obj o;
	const char *key;           /* distinguishes parallel edges */
	uint32_t from, to;         /* node indexes */
	size_t count;              /* times vg_edge found it */
	uint32_t lhead;            /* clip at this cluster (index) or VG_ROOT; needs compound */
	bool hidden;               /* left out of the drawing (edge budget) */
	void *data;
};

struct vgraph {
	struct arena arena;
	struct vg_obj graph, node_defaults, edge_defaults;
	struct vg_cluster *clusters;  size_t nclusters, cap_clusters;
	struct vg_node *nodes;  size_t nnodes, cap_nodes;
	struct vg_edge *edges;  size_t nedges, cap_edges;
	struct strmap ckeys, nkeys, ekeys;
	bool finalized;
	/*
	 * vg_finalize: output order. The child clusters of cluster c (c =
	 * nclusters for the root) are ckids[ckids_at[c] .. ckids_at[c + 1]),
	 * sorted by key; nkids/nkids_at the same for nodes; eorder lists
	 * the edges in output order.
	 */
	uint32_t *ckids, *ckids_at, *nkids, *nkids_at, *eorder;
	size_t neorder;            /* edges drawn: those not hidden */
	/* Set by views for callers: what the drawing shows. */
	size_t nfacts;             /* facts drawn */
	int collapse;              /* enum collapse used */
	bool collapse_auto;        /* chosen because of the node budget */
	size_t nclusters_real;     /* clusters that are groups (not the legend) */
	bool clusters_dropped;     /* boxes the view would draw with clusters on */
};

struct vgraph *vg_new(void);
void vg_free(struct vgraph *g);

/* Finds or creates by key; *created (may be NULL) tells which. Returns the
 * index. A cluster or node keeps the parent it was created with. */
uint32_t vg_cluster(struct vgraph *g, uint32_t parent, const char *key, bool *created);
uint32_t vg_node(struct vgraph *g, uint32_t cluster, const char *key, bool *created);
uint32_t vg_edge(struct vgraph *g, uint32_t from, uint32_t to, const char *key, bool *created);
/* Index of the node or cluster with key, or VG_ROOT. */
uint32_t vg_find_node(const struct vgraph *g, const char *key);
uint32_t vg_find_cluster(const struct vgraph *g, const char *key);

/* Sets an attribute to a copy of value (NULL unsets). */
void vg_set(struct vgraph *g, struct vg_obj *o, enum vg_attr a, const char *value);
void vg_setf(struct vgraph *g, struct vg_obj *o, enum vg_attr a, const char *fmt, ...)
	ATTR_PRINTF(4, 5);

/*
 * Appends user text s to an HTML-like label: & < > " ' ] and backslash
 * are escaped so that neither the HTML parser nor graphviz's \N \G \L
 * expansion sees them; a newline becomes <BR/>, other control characters
 * a space, invalid UTF-8 U+FFFD. At most max characters (0: no limit);
 * longer text ends with an ellipsis.
 */
void vg_html_text(struct strbuf *sb, const char *s, size_t max);
/* The same for a tooltip (a plain escString attribute shown by SVG):
 * a newline is kept as a line break. */
void vg_tip_text(struct strbuf *sb, const char *s, size_t max);
/* The same for SVG written by resmap itself (the world view): XML text
 * and attribute values, no graphviz unescaping; a newline is a space. */
void vg_xml_text(struct strbuf *sb, const char *s, size_t max);

/* Orders and numbers everything (see above). Call once, before writing. */
void vg_finalize(struct vgraph *g);

/* The DOT text of a finalized graph. */
void vg_write_dot(const struct vgraph *g, struct strbuf *out);

/* Sum of nfacts over the nodes. */
size_t vg_sum_facts(const struct vgraph *g);

#endif
