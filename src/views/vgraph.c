/*
 * vgraph: the intermediate drawing every view builds, the escaping of
 * user text for graphviz labels and tooltips, and the DOT writer.
 *
 * Escaping was settled by experiment with graphviz 2.42: in an HTML-like
 * label, entities are decoded before \N \G \L are expanded, so a
 * backslash written as &#92; still expands; a doubled backslash is the
 * only safe spelling. Tooltips pass through two backslash-unescaping
 * steps, so a backslash is written four times there; entities in
 * tooltips reach the SVG unchanged, so & < > " ' are written as entities.
 */
#include "views/vgraph.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const attr_names[VA__COUNT] = {
	"label", "tooltip", "shape", "style", "color", "fillcolor", "fontcolor",
	"fontsize", "fontname", "penwidth", "peripheries", "arrowhead", "dir",
	"lhead", "constraint", "weight", "minlen", "margin", "width", "height",
	"rankdir", "ranksep", "nodesep", "labelloc", "labeljust", "compound",
	"newrank", "splines", "bgcolor", "pad", "outputorder", "overlap",
};

const char *vg_attr_name(enum vg_attr a)
{
	return attr_names[a];
}

struct vgraph *vg_new(void)
{
	struct vgraph *g = xcalloc(1, sizeof *g);
	arena_init(&g->arena);
	strmap_init(&g->ckeys);
	strmap_init(&g->nkeys);
	strmap_init(&g->ekeys);
	return g;
}

void vg_free(struct vgraph *g)
{
	if (!g)
		return;
	strmap_release(&g->ckeys);
	strmap_release(&g->nkeys);
	strmap_release(&g->ekeys);
	free(g->clusters);
	free(g->nodes);
	free(g->edges);
	free(g->ckids);
	free(g->ckids_at);
	free(g->nkids);
	free(g->nkids_at);
	free(g->eorder);
	arena_release(&g->arena);
	free(g);
}

/* Map values are index + 1 so that index 0 is not NULL. */
static uint32_t lookup(const struct strmap *m, const char *key, size_t len)
{
	void *v = strmap_get(m, key, len);
	return v ? (uint32_t)((uintptr_t)v - 1) : VG_ROOT;
}

static const char *keep_key(struct vgraph *g, struct strmap *m, const char *key, size_t len,
			    uint32_t idx)
{
	const char *k = arena_strndup(&g->arena, key, len);
	strmap_put(m, k, len, (void *)((uintptr_t)idx + 1));
	return k;
}

uint32_t vg_cluster(struct vgraph *g, uint32_t parent, const char *key, bool *created)
{
	size_t len = strlen(key);
	uint32_t i = lookup(&g->ckeys, key, len);
	if (created)
		*created = i == VG_ROOT;
	if (i != VG_ROOT)
		return i;
	g->clusters = xgrow(g->clusters, &g->cap_clusters, g->nclusters + 1, sizeof *g->clusters);
	i = (uint32_t)g->nclusters++;
	struct vg_cluster *c = &g->clusters[i];
	memset(c, 0, sizeof *c);
	c->parent = parent;
	c->key = keep_key(g, &g->ckeys, key, len, i);
	return i;
}

uint32_t vg_node(struct vgraph *g, uint32_t cluster, const char *key, bool *created)
{
	size_t len = strlen(key);
	uint32_t i = lookup(&g->nkeys, key, len);
	if (created)
		*created = i == VG_ROOT;
	if (i != VG_ROOT)
		return i;
	g->nodes = xgrow(g->nodes, &g->cap_nodes, g->nnodes + 1, sizeof *g->nodes);
	i = (uint32_t)g->nnodes++;
	struct vg_node *n = &g->nodes[i];
	memset(n, 0, sizeof *n);
	n->cluster = cluster;
	n->key = keep_key(g, &g->nkeys, key, len, i);
	return i;
}

uint32_t vg_find_node(const struct vgraph *g, const char *key)
{
	return lookup(&g->nkeys, key, strlen(key));
}

uint32_t vg_find_cluster(const struct vgraph *g, const char *key)
{
	return lookup(&g->ckeys, key, strlen(key));
}

uint32_t vg_edge(struct vgraph *g, uint32_t from, uint32_t to, const char *key, bool *created)
{
	/* "FROM>TO>KEY", built by hand: this runs once per fact and edge */
	struct strbuf k = STRBUF_INIT;
	char num[24];
	for (int pass = 0; pass < 2; pass++) {
		uint32_t v = pass ? to : from;
		size_t i = sizeof num;
		do {
			num[--i] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		sb_add(&k, num + i, sizeof num - i);
		sb_addc(&k, '>');
	}
	sb_adds(&k, key);
	uint32_t i = lookup(&g->ekeys, k.buf, k.len);
	if (created)
		*created = i == VG_ROOT;
	if (i == VG_ROOT) {
		g->edges = xgrow(g->edges, &g->cap_edges, g->nedges + 1, sizeof *g->edges);
		i = (uint32_t)g->nedges++;
		struct vg_edge *e = &g->edges[i];
		memset(e, 0, sizeof *e);
		e->from = from;
		e->to = to;
		e->lhead = VG_ROOT;
		keep_key(g, &g->ekeys, k.buf, k.len, i);
		e->key = arena_strdup(&g->arena, key);
	}
	g->edges[i].count++;
	sb_release(&k);
	return i;
}

void vg_set(struct vgraph *g, struct vg_obj *o, enum vg_attr a, const char *value)
{
	o->a[a] = value ? arena_strdup(&g->arena, value) : NULL;
}

void vg_setf(struct vgraph *g, struct vg_obj *o, enum vg_attr a, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	vg_set(g, o, a, sb.buf ? sb.buf : "");
	sb_release(&sb);
}

/*
 * Decodes one UTF-8 sequence at s (n bytes left). Returns its length and
 * the code point, or 0 for an invalid sequence (one byte to replace).
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool is_break(uint32_t cp)
{
	return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

enum esc_kind { ESC_HTML, ESC_TIP, ESC_XML };

static void escape(struct strbuf *sb, const char *str, size_t max, enum esc_kind kind)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s), chars = 0, total = 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			total++;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (max && total > max && chars + 1 >= max) {
			sb_adds(sb, "\xe2\x80\xa6");
			return;
		}
		chars++;
		if (!len) {
			sb_adds(sb, "\xef\xbf\xbd");
			i++;
			continue;
		}
		i += len;
		if (cp == '\r' && i < n && s[i] == '\n')
			continue;       /* CRLF is one break */
		if (is_break(cp) || cp == '\r') {
			sb_adds(sb, kind == ESC_HTML ? "<BR/>" : kind == ESC_TIP ? "&#10;" : " ");
			continue;
		}
		switch (cp) {
		case '&': sb_adds(sb, "&amp;"); continue;
		case '<': sb_adds(sb, "&lt;"); continue;
		case '>': sb_adds(sb, "&gt;"); continue;
		case '"': sb_adds(sb, "&quot;"); continue;
		case '\'': sb_adds(sb, "&#39;"); continue;
		case ']': sb_adds(sb, kind == ESC_HTML ? "&#93;" : "]"); continue;
		case '\\':
			sb_adds(sb, kind == ESC_HTML ? "\\\\" : kind == ESC_TIP ? "\\\\\\\\" : "\\");
			continue;
		default: break;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			sb_addc(sb, ' ');
		else
			sb_add(sb, s + i - len, len);
	}
}

void vg_html_text(struct strbuf *sb, const char *s, size_t max)
{
	escape(sb, s, max, ESC_HTML);
}

void vg_tip_text(struct strbuf *sb, const char *s, size_t max)
{
	escape(sb, s, max, ESC_TIP);
}

void vg_xml_text(struct strbuf *sb, const char *s, size_t max)
{
	escape(sb, s, max, ESC_XML);
}

/* qsort context: qsort_r is not C11, so the arrays sorted carry their keys. */
struct keyed {
	const char *key;
	uint32_t parent, idx;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* Sorts children by (parent, key) into kids and fills kids_at. Parents
 * are 0..nparents-1 with VG_ROOT mapped to nparents - 1. */
static void bucket(struct keyed *k, size_t n, size_t nparents, uint32_t **kids, uint32_t **kids_at)
{
	xqsort(k, n, sizeof *k, cmp_keyed);
	*kids = xcalloc(n + 1, sizeof **kids);
	*kids_at = xcalloc(nparents + 1, sizeof **kids_at);
	for (size_t i = 0; i < n; i++) {
		(*kids)[i] = k[i].idx;
		(*kids_at)[k[i].parent + 1]++;
	}
	for (size_t p = 0; p < nparents; p++)
		(*kids_at)[p + 1] += (*kids_at)[p];
}

static void number(struct vgraph *g, uint32_t c, uint32_t *cid, uint32_t *nid)
{
	for (uint32_t i = g->ckids_at[c]; i < g->ckids_at[c + 1]; i++) {
		uint32_t k = g->ckids[i];
		g->clusters[k].id = (*cid)++;
		number(g, k, cid, nid);
	}
	for (uint32_t i = g->nkids_at[c]; i < g->nkids_at[c + 1]; i++)
		g->nodes[g->nkids[i]].id = (*nid)++;
}

static const struct vgraph *sort_graph;   /* for cmp_edge; finalize is not reentrant */

static int cmp_edge(const void *a, const void *b)
{
	const struct vg_edge *x = &sort_graph->edges[*(const uint32_t *)a];
	const struct vg_edge *y = &sort_graph->edges[*(const uint32_t *)b];
	uint32_t xf = sort_graph->nodes[x->from].id, yf = sort_graph->nodes[y->from].id;
	uint32_t xt = sort_graph->nodes[x->to].id, yt = sort_graph->nodes[y->to].id;
	if (xf != yf)
		return xf < yf ? -1 : 1;
	if (xt != yt)
		return xt < yt ? -1 : 1;
	return strcmp(x->key, y->key);
}

void vg_finalize(struct vgraph *g)
{
	if (g->finalized)
		return;
	size_t root = g->nclusters;
	struct keyed *k = xcalloc(g->nclusters + g->nnodes + 1, sizeof *k);
	for (size_t i = 0; i < g->nclusters; i++) {
		k[i].key = g->clusters[i].key;
		k[i].parent = g->clusters[i].parent == VG_ROOT ? (uint32_t)root : g->clusters[i].parent;
		k[i].idx = (uint32_t)i;
	}
	bucket(k, g->nclusters, root + 1, &g->ckids, &g->ckids_at);
	for (size_t i = 0; i < g->nnodes; i++) {
		k[i].key = g->nodes[i].key;
		k[i].parent = g->nodes[i].cluster == VG_ROOT ? (uint32_t)root : g->nodes[i].cluster;
		k[i].idx = (uint32_t)i;
	}
	bucket(k, g->nnodes, root + 1, &g->nkids, &g->nkids_at);
	free(k);
	uint32_t cid = 0, nid = 0;
	number(g, (uint32_t)root, &cid, &nid);
	for (size_t i = 0; i < g->nedges; i++)
		if (g->edges[i].lhead != VG_ROOT)
			vg_setf(g, &g->edges[i].o, VA_LHEAD, "cluster_%u",
				g->clusters[g->edges[i].lhead].id);
	g->eorder = xcalloc(g->nedges + 1, sizeof *g->eorder);
	g->neorder = 0;
	for (size_t i = 0; i < g->nedges; i++)
		if (!g->edges[i].hidden)
			g->eorder[g->neorder++] = (uint32_t)i;
	sort_graph = g;
	xqsort(g->eorder, g->neorder, sizeof *g->eorder, cmp_edge);
	sort_graph = NULL;
	g->finalized = true;
}

size_t vg_sum_facts(const struct vgraph *g)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nnodes; i++)
		n += g->nodes[i].nfacts;
	return n;
}

static void indent(struct strbuf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_addc(out, '\t');
}

/* Constants and escaped tooltips never hold a double quote; escape one
 * anyway so that no value can end the string. */
static void quoted(struct strbuf *out, const char *v)
{
	sb_addc(out, '"');
	for (; *v; v++) {
		if (*v == '"')
			sb_addc(out, '\\');
		if (*v == '\n')
			continue;
		sb_addc(out, *v);
	}
	sb_addc(out, '"');
}

static void attrs(struct strbuf *out, const struct vg_obj *o, const char *sep)
{
	bool first = true;
	for (int a = 0; a < VA__COUNT; a++) {
		if (!o->a[a])
			continue;
		if (!first)
			sb_adds(out, sep);
		first = false;
		sb_adds(out, attr_names[a]);
		sb_addc(out, '=');
		if (a == VA_LABEL) {
			sb_addc(out, '<');
			sb_adds(out, o->a[a]);
			sb_addc(out, '>');
		} else {
			quoted(out, o->a[a]);
		}
	}
}

static bool has_attrs(const struct vg_obj *o)
{
	for (int a = 0; a < VA__COUNT; a++)
		if (o->a[a])
			return true;
	return false;
}

static void write_nodes(const struct vgraph *g, uint32_t c, struct strbuf *out, int depth)
{
	for (uint32_t i = g->nkids_at[c]; i < g->nkids_at[c + 1]; i++) {
		const struct vg_node *n = &g->nodes[g->nkids[i]];
		indent(out, depth);
		sb_addf(out, "n%u", n->id);
		if (has_attrs(&n->o)) {
			sb_adds(out, " [");
			attrs(out, &n->o, ", ");
			sb_addc(out, ']');
		}
		sb_adds(out, ";\n");
	}
}

static void write_cluster(const struct vgraph *g, uint32_t c, struct strbuf *out, int depth)
{
	const struct vg_cluster *cl = &g->clusters[c];
	indent(out, depth);
	sb_addf(out, "subgraph cluster_%u {\n", cl->id);
	for (int a = 0; a < VA__COUNT; a++) {
		if (!cl->o.a[a])
			continue;
		struct vg_obj one = { { 0 } };
		one.a[a] = cl->o.a[a];
		indent(out, depth + 1);
		attrs(out, &one, "");
		sb_adds(out, ";\n");
	}
	for (uint32_t i = g->ckids_at[c]; i < g->ckids_at[c + 1]; i++)
		write_cluster(g, g->ckids[i], out, depth + 1);
	write_nodes(g, c, out, depth + 1);
	indent(out, depth);
	sb_adds(out, "}\n");
}

void vg_write_dot(const struct vgraph *g, struct strbuf *out)
{
	uint32_t root = (uint32_t)g->nclusters;
	sb_adds(out, "digraph resmap {\n");
	if (has_attrs(&g->graph)) {
		sb_adds(out, "\tgraph [");
		attrs(out, &g->graph, ",\n\t\t");
		sb_adds(out, "];\n");
	}
	if (has_attrs(&g->node_defaults)) {
		sb_adds(out, "\tnode [");
		attrs(out, &g->node_defaults, ", ");
		sb_adds(out, "];\n");
	}
	if (has_attrs(&g->edge_defaults)) {
		sb_adds(out, "\tedge [");
		attrs(out, &g->edge_defaults, ", ");
		sb_adds(out, "];\n");
	}
	for (uint32_t i = g->ckids_at[root]; i < g->ckids_at[root + 1]; i++)
		write_cluster(g, g->ckids[i], out, 1);
	write_nodes(g, root, out, 1);
	for (size_t i = 0; i < g->neorder; i++) {
		const struct vg_edge *e = &g->edges[g->eorder[i]];
		sb_addf(out, "\tn%u -> n%u", g->nodes[e->from].id, g->nodes[e->to].id);
		if (has_attrs(&e->o)) {
			sb_adds(out, " [");
			attrs(out, &e->o, ", ");
			sb_addc(out, ']');
		}
		sb_adds(out, ";\n");
	}
	sb_adds(out, "}\n");
}
