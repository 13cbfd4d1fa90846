/*
 * gv: graphviz in-process. The one file that includes <gvc.h> (it
 * defines TRUE, MIN and more that clash with everything else).
 *
 * A vgraph becomes a cgraph graph with the same synthetic names and
 * the same attribute semantics as the DOT text vg_write_dot produces:
 * every attribute is declared once on the root with agattr (the root's
 * own graph attributes as defaults, as the DOT parser does), and set per
 * object with agxset. Layout and rendering go to memory
 * (gvRenderData); the caller writes the bytes atomically. Plugins are
 * checked first, since gvc only fails late and with a terse message when
 * a format is missing. The gvc context is kept for the process (see
 * gv_render), so only gvFreeLayout and agclose run per drawing.
 */
#include "views/gv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gvc.h>

#include "base/util.h"

const char *const gv_format_names[GV__COUNT + 1] = { "dot", "svg", "png", "pdf", NULL };

const char *gv_format_name(enum gv_format f)
{
	return gv_format_names[f];
}

/* "gv" is dot too, for file names only. */
static int format_parse(const char *s)
{
	for (int i = 0; i < GV__COUNT; i++)
		if (!strcmp(s, gv_format_names[i]))
			return i;
	if (!strcmp(s, "gv"))
		return GV_DOT;
	return -1;
}

int gv_format_from_path(const char *file)
{
	const char *slash = strrchr(file, '/');
	const char *dot = strrchr(slash ? slash : file, '.');
	if (!dot || dot[1] == '\0')
		return -1;
	char ext[8];
	size_t n = strlen(dot + 1);
	if (n >= sizeof ext)
		return -1;
	for (size_t i = 0; i <= n; i++) {
		char c = dot[1 + i];
		ext[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	return format_parse(ext);
}

bool gv_format_is_text(enum gv_format f)
{
	return f == GV_DOT || f == GV_SVG;
}

/* graphviz's own defaults, used when an attribute is declared for a kind
 * whose defaults object does not set it. */
static const char *gv_default(int kind, enum vg_attr a)
{
	switch (a) {
	case VA_LABEL: return kind == AGNODE ? "\\N" : "";
	case VA_SHAPE: return "ellipse";
	case VA_COLOR: return "black";
	case VA_FILLCOLOR: return kind == AGNODE ? "lightgrey" : "";
	case VA_FONTCOLOR: return "black";
	case VA_FONTSIZE: return "14";
	case VA_FONTNAME: return "Times-Roman";
	case VA_PENWIDTH: return "1";
	case VA_PERIPHERIES: return kind == AGRAPH ? "1" : "";
	case VA_ARROWHEAD: return "normal";
	case VA_WEIGHT: return "1";
	case VA_MINLEN: return "1";
	case VA_WIDTH: return "0.75";
	case VA_HEIGHT: return "0.5";
	default: return "";
	}
}

/* Messages graphviz would print; kept to explain a failure. */
static char gv_errbuf[512];

static int gv_errf(char *msg)
{
	size_t have = strlen(gv_errbuf);
	if (have + 1 < sizeof gv_errbuf)
		snprintf(gv_errbuf + have, sizeof gv_errbuf - have, "%s", msg);
	return 0;
}

static bool has_plugin(GVC_t *gvc, const char *kind, const char *name, int *count)
{
	int n = 0;
	char **list = gvPluginList(gvc, kind, &n, NULL);
	bool found = false;
	for (int i = 0; i < n; i++) {
		if (!strcmp(list[i], name))
			found = true;
		free(list[i]);
	}
	free(list);
	if (count)
		*count = n;
	return found;
}

static void fail(struct diag *d, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void fail(struct diag *d, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_msg(d, DIAG_ERROR, "%s", sb.buf);
	sb_release(&sb);
}

/* Which Debian package provides a plugin in graphviz 2.42 on Debian 12:
 * libgvc6 carries core (svg, dot), cairo (png, pdf), gd and the layouts. */
#define GV_PACKAGE "libgvc6"

static int check_plugins(GVC_t *gvc, enum gv_format f, const char *engine, struct diag *d)
{
	int ndev = 0, nlay = 0;
	bool dev = has_plugin(gvc, "device", gv_format_names[f], &ndev);
	bool lay = has_plugin(gvc, "layout", engine, &nlay);
	if (!ndev && !nlay) {
		fail(d, "cannot render '%s': graphviz found no plugins here (its plugin "
		     "directory has no usable config6a); install the Debian package '%s', "
		     "or run 'dot -c' as root", gv_format_names[f], GV_PACKAGE);
		return -1;
	}
	if (!dev) {
		fail(d, "cannot render '%s': graphviz has no %s renderer here; install the "
		     "Debian package '%s', or run 'dot -c' as root if it is installed",
		     gv_format_names[f], gv_format_names[f], GV_PACKAGE);
		return -1;
	}
	if (!lay) {
		fail(d, "cannot lay out with '%s': graphviz has no %s layout engine here; "
		     "install the Debian package '%s', or run 'dot -c' as root if it is installed",
		     engine, engine, GV_PACKAGE);
		return -1;
	}
	return 0;
}

struct build {
	const struct vgraph *g;
	Agraph_t *root;
	Agsym_t *sym[3][VA__COUNT];    /* [0] graph, [1] node, [2] edge */
	Agnode_t **nodes;
};

static void set_attrs(struct build *b, void *obj, int k, const struct vg_obj *o)
{
	for (int a = 0; a < VA__COUNT; a++) {
		if (!o->a[a] || !b->sym[k][a])
			continue;
		if (a == VA_LABEL) {
			char *h = agstrdup_html(b->root, (char *)o->a[a]);
			agxset(obj, b->sym[k][a], h);
			agstrfree(b->root, h);
		} else {
			agxset(obj, b->sym[k][a], (char *)o->a[a]);
		}
	}
}

static void mark(bool used[VA__COUNT], const struct vg_obj *o)
{
	for (int a = 0; a < VA__COUNT; a++)
		if (o->a[a])
			used[a] = true;
}

static void declare(struct build *b, int kind, int k, const bool used[VA__COUNT],
		    const struct vg_obj *defaults)
{
	for (int a = 0; a < VA__COUNT; a++) {
		if (!used[a])
			continue;
		const char *def = defaults->a[a] ? defaults->a[a] : gv_default(kind, a);
		if (a == VA_LABEL && defaults->a[a]) {
			char *h = agstrdup_html(b->root, (char *)def);
			b->sym[k][a] = agattr(b->root, kind, (char *)vg_attr_name(a), h);
			agstrfree(b->root, h);
		} else {
			b->sym[k][a] = agattr(b->root, kind, (char *)vg_attr_name(a), (char *)def);
		}
	}
}

static void add_nodes(struct build *b, Agraph_t *sg, uint32_t c)
{
	const struct vgraph *g = b->g;
	char name[32];
	for (uint32_t i = g->nkids_at[c]; i < g->nkids_at[c + 1]; i++) {
		uint32_t k = g->nkids[i];
		snprintf(name, sizeof name, "n%u", g->nodes[k].id);
		b->nodes[k] = agnode(sg, name, 1);
		set_attrs(b, b->nodes[k], 1, &g->nodes[k].o);
	}
}

static void add_cluster(struct build *b, Agraph_t *parent, uint32_t c)
{
	const struct vgraph *g = b->g;
	char name[32];
	snprintf(name, sizeof name, "cluster_%u", g->clusters[c].id);
	Agraph_t *sg = agsubg(parent, name, 1);
	set_attrs(b, sg, 0, &g->clusters[c].o);
	for (uint32_t i = g->ckids_at[c]; i < g->ckids_at[c + 1]; i++)
		add_cluster(b, sg, g->ckids[i]);
	add_nodes(b, sg, c);
}

/*
 * Object ids in creation order. graphviz 2.42's default discipline makes a
 * named object's id the address of its interned name, and keeps subgraphs
 * in id order: clusters were laid out in an order that changed from run to
 * run (ASLR), and with it the drawing's size and shape. Here the
 * discipline names nothing itself, so cgraph keeps every name in its
 * internal map and asks for an anonymous id, which is a counter: the
 * clusters keep the (sorted) order in which they are created.
 */
static void *seqid_open(Agraph_t *g, Agdisc_t *disc)
{
	(void)g;
	(void)disc;
	return xcalloc(1, sizeof(IDTYPE));
}

static long seqid_map(void *state, int objtype, char *str, IDTYPE *id,
		      int createflag)
{
	IDTYPE *ctr = state;
	(void)objtype;
	(void)createflag;
	if (str)
		return 0;
	*id = 2 * ++*ctr + 1;
	return 1;
}

static long seqid_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0;
}

static void seqid_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *seqid_print(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return NULL;
}

static void seqid_close(void *state)
{
	free(state);
}

static void seqid_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seqid_disc = {
	seqid_open, seqid_map, seqid_alloc, seqid_free, seqid_print,
	seqid_close, seqid_register
};

static Agraph_t *build_graph(struct build *b)
{
	static Agdisc_t disc;
	disc.mem = &AgMemDisc;
	disc.id = &seqid_disc;
	disc.io = &AgIoDisc;
	const struct vgraph *g = b->g;
	char rootname[] = "resmap";
	b->root = agopen(rootname, Agdirected, &disc);
	bool used[3][VA__COUNT] = { { false } };
	mark(used[0], &g->graph);
	for (size_t i = 0; i < g->nclusters; i++)
		mark(used[0], &g->clusters[i].o);
	mark(used[1], &g->node_defaults);
	for (size_t i = 0; i < g->nnodes; i++)
		mark(used[1], &g->nodes[i].o);
	mark(used[2], &g->edge_defaults);
	for (size_t i = 0; i < g->neorder; i++)
		mark(used[2], &g->edges[g->eorder[i]].o);
	/* the root's own values are the defaults, as in DOT's `graph [...]` */
	declare(b, AGRAPH, 0, used[0], &g->graph);
	declare(b, AGNODE, 1, used[1], &g->node_defaults);
	declare(b, AGEDGE, 2, used[2], &g->edge_defaults);
	b->nodes = xcalloc(g->nnodes + 1, sizeof *b->nodes);
	uint32_t root = (uint32_t)g->nclusters;
	for (uint32_t i = g->ckids_at[root]; i < g->ckids_at[root + 1]; i++)
		add_cluster(b, b->root, g->ckids[i]);
	add_nodes(b, b->root, root);
	for (size_t i = 0; i < g->neorder; i++) {
		const struct vg_edge *e = &g->edges[g->eorder[i]];
		Agedge_t *ge = agedge(b->root, b->nodes[e->from], b->nodes[e->to], NULL, 1);
		set_attrs(b, ge, 2, &e->o);
	}
	return b->root;
}

/*
 * One context for the life of the process: graphviz 2.42's pango
 * plugin caches a pointer to the last font name, which lives in the
 * context's font dictionary; a second context after freeing the
 * first makes it read freed memory (seen under ASan).
 */
static GVC_t *context(void)
{
	static GVC_t *gvc;
	if (!gvc)
		gvc = gvContext();
	return gvc;
}

/* Copies graphviz's render buffer into a malloc'd, NUL-terminated one. */
static int render_data(GVC_t *gvc, Agraph_t *g, const char *format, struct diag *d,
		       char **out, size_t *len)
{
	char *data = NULL;
	unsigned int n = 0;
	if (gvRenderData(gvc, g, format, &data, &n) != 0 || !data) {
		fail(d, "graphviz could not render '%s': %s", format,
		     gv_errbuf[0] ? gv_errbuf : "no reason given");
		if (data)
			gvFreeRenderData(data);
		return -1;
	}
	*out = xmalloc(n + 1);
	memcpy(*out, data, n);
	(*out)[n] = '\0';
	*len = n;
	gvFreeRenderData(data);
	return 0;
}

int gv_render(const struct vgraph *g, enum gv_format f, const char *engine,
	      struct diag *d, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (f == GV_DOT) {
		struct strbuf sb = STRBUF_INIT;
		vg_write_dot(g, &sb);
		*len = sb.len;
		*out = sb_detach(&sb);
		return 0;
	}
	int ret = -1;
	gv_errbuf[0] = '\0';
	agseterrf(gv_errf);
	agseterr(AGERR);
	GVC_t *gvc = context();
	struct build b = { g, NULL, { { NULL } }, NULL };
	bool laid_out = false;
	if (check_plugins(gvc, f, engine, d) < 0)
		goto out;
	build_graph(&b);
	if (gvLayout(gvc, b.root, engine) != 0) {
		fail(d, "graphviz could not lay out the graph with '%s': %s", engine,
		     gv_errbuf[0] ? gv_errbuf : "no reason given");
		goto out;
	}
	laid_out = true;
	if (render_data(gvc, b.root, gv_format_names[f], d, out, len) < 0)
		goto out;
	ret = 0;
out:
	if (laid_out)
		gvFreeLayout(gvc, b.root);
	if (b.root)
		agclose(b.root);
	free(b.nodes);
	agseterrf(NULL);
	return ret;
}

/*
 * An SVG document to PNG or PDF: graphviz loads images by file name, so
 * the SVG goes to a temporary file that one fixed-size node shows, scaled
 * to the SVG's size; its librsvg loader (libgvc6-plugins-gtk) draws it on
 * the cairo surface, as vectors in a PDF. A missing loader is only a
 * warning to graphviz: warnings count as failure here.
 */
#define GV_RSVG_PACKAGE "libgvc6-plugins-gtk"

int gv_render_svg(const char *svg, size_t svglen, double width, double height,
		  enum gv_format f, struct diag *d, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (f != GV_PNG && f != GV_PDF) {
		fail(d, "internal: gv_render_svg draws png or pdf, not '%s'", gv_format_names[f]);
		return -1;
	}
	int ret = -1;
	GVC_t *gvc = context();
	Agraph_t *g = NULL;
	bool laid_out = false;
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/resmap-XXXXXX.svg", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = -1;
	bool created = false;
	gv_errbuf[0] = '\0';
	agseterrf(gv_errf);
	agseterr(AGWARN);
	if (check_plugins(gvc, f, "dot", d) < 0)
		goto out;
	if ((fd = mkstemps(tmp, 4)) < 0) {
		fail(d, "cannot create a temporary file for graphviz in '%s': %s",
		     tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		goto out;
	}
	created = true;
	for (size_t done = 0; done < svglen;) {
		ssize_t w = write(fd, svg + done, svglen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fail(d, "cannot write the temporary file '%s': %s", tmp,
			     w < 0 ? strerror(errno) : "no space");
			goto out;
		}
		done += (size_t)w;
	}
	if (close(fd) < 0) {
		fd = -1;
		fail(d, "cannot write the temporary file '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	char name[] = "resmap", node[] = "image";
	g = agopen(name, Agdirected, NULL);
	char inches[2][32];
	snprintf(inches[0], sizeof inches[0], "%.4f", width / 72.0);
	snprintf(inches[1], sizeof inches[1], "%.4f", height / 72.0);
	static const char *const graph_attrs[][2] = { { "pad", "0" }, { "margin", "0" } };
	for (size_t i = 0; i < ARRAY_LEN(graph_attrs); i++)
		agattr(g, AGRAPH, (char *)graph_attrs[i][0], (char *)graph_attrs[i][1]);
	/* PNG at twice the SVG's pixel size: sharp text on high-density screens */
	agattr(g, AGRAPH, "dpi", f == GV_PNG ? "144" : "72");
	const char *const node_attrs[][2] = {
		{ "shape", "none" }, { "label", "" }, { "margin", "0" }, { "fixedsize", "true" },
		{ "imagescale", "true" }, { "width", inches[0] }, { "height", inches[1] },
		{ "image", tmp },
	};
	Agnode_t *n = agnode(g, node, 1);
	for (size_t i = 0; i < ARRAY_LEN(node_attrs); i++)
		agsafeset(n, (char *)node_attrs[i][0], (char *)node_attrs[i][1], "");
	if (gvLayout(gvc, g, "dot") != 0) {
		fail(d, "graphviz could not place the image: %s",
		     gv_errbuf[0] ? gv_errbuf : "no reason given");
		goto out;
	}
	laid_out = true;
	if (render_data(gvc, g, f == GV_PNG ? "png:cairo" : "pdf:cairo", d, out, len) < 0)
		goto out;
	if (gv_errbuf[0]) {
		/* "Warning: No loadimage plugin for "svg:cairo"\n" */
		char *msg = gv_errbuf;
		if (!strncmp(msg, "Warning: ", 9))
			msg += 9;
		size_t end = strlen(msg);
		while (end && (msg[end - 1] == '\n' || msg[end - 1] == ' '))
			msg[--end] = '\0';
		fail(d, "graphviz could not draw the SVG into %s: %s; its librsvg image "
		     "loader comes with the Debian package '%s'", gv_format_names[f], msg,
		     GV_RSVG_PACKAGE);
		free(*out);
		*out = NULL;
		*len = 0;
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp);
	if (laid_out)
		gvFreeLayout(gvc, g);
	if (g)
		agclose(g);
	free(tmp);
	agseterrf(NULL);
	agseterr(AGERR);
	return ret;
}
