/*
 * view_common: what the three views share — the budget-driven choice of
 * collapse level, the index of violations by fact, the clusters of
 * places (group → country → region), node and edge styles, the legend
 * and the title.
 *
 * A country inside several jurisdiction groups (NL in EU and EEA) is
 * drawn once, inside its "home" group: of the groups that matter here
 * (named by a policy, or declared by the inventory), the one with the
 * fewest member countries, ties by id. The other groups holding it are
 * named in a band under the country's label ("also in EEA"). Groups that
 * matter to nobody (the catalog's many) are not drawn.
 */
#include "views/view_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static void mark_group(struct vctx *c, const struct jur *j)
{
	if (j && j->is_group)
		c->relevant_group[j->index] = true;
}

static void mark_selector(struct vctx *c, const struct selector *s)
{
	for (size_t i = 0; i < s->n[SEL_JURISDICTIONS]; i++)
		mark_group(c, s->items[SEL_JURISDICTIONS][i]);
}

static uint32_t popcount64(uint64_t x)
{
	uint32_t n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

void vctx_init(struct vctx *c, const struct view_input *in, const struct view_opts *o)
{
	const struct model *m = in->m;
	const struct factset *fs = in->fs;
	memset(c, 0, sizeof *c);
	c->in = in;
	c->o = o;
	sb_init(&c->notes);
	sb_init(&c->agg_note);

	c->vstart = xcalloc(fs->nfacts + 2, sizeof *c->vstart);
	size_t nv = in->v ? in->v->n : 0;
	c->vlist = xcalloc(nv + 1, sizeof *c->vlist);
	for (size_t i = 0; i < nv; i++)
		c->vstart[in->v->v[i].fact - fs->facts + 1]++;
	for (size_t i = 0; i < fs->nfacts; i++)
		c->vstart[i + 1] += c->vstart[i];
	uint32_t *fill = xcalloc(fs->nfacts + 1, sizeof *fill);
	for (size_t i = 0; i < nv; i++) {
		size_t fi = (size_t)(in->v->v[i].fact - fs->facts);
		c->vlist[c->vstart[fi] + fill[fi]++] = &in->v->v[i];
	}
	free(fill);

	c->relevant_group = xcalloc(m->njurs + 1, sizeof *c->relevant_group);
	c->group_size = xcalloc(m->njurs + 1, sizeof *c->group_size);
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		if (!j->is_group)
			continue;
		if (!j->builtin)
			c->relevant_group[j->index] = true;
		if (j->country_bits)
			for (size_t w = 0; w < (m->ncountries + 63) / 64; w++)
				c->group_size[j->index] += popcount64(j->country_bits[w]);
	}
	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		mark_selector(c, &p->match);
		if (p->has_except)
			mark_selector(c, &p->except);
		for (size_t k = 0; k < p->nallow_in; k++)
			if (p->allow_in[k].type == PLACE_JUR)
				mark_group(c, p->allow_in[k].u.jur);
		for (size_t k = 0; k < p->ndeny_reach; k++)
			mark_group(c, p->deny_reach[k].jur);
	}
	c->home = xcalloc(m->ncountries + 1, sizeof *c->home);
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		if (!j->is_group || !c->relevant_group[j->index])
			continue;
		for (size_t k = 0; k < m->ncountries; k++) {
			const struct jur *cty = m->countries[k];
			if (!model_jur_contains(m, j, cty))
				continue;
			const struct jur *h = c->home[k];
			/* jurs are sorted by id, so the first of equal size wins */
			if (!h || c->group_size[j->index] < c->group_size[h->index])
				c->home[k] = j;
		}
	}
}

void vctx_release(struct vctx *c)
{
	flows_free(c->flows);
	free(c->vstart);
	free(c->vlist);
	free(c->relevant_group);
	free(c->group_size);
	free(c->home);
	free(c->what);
	free(c->counts);
	sb_release(&c->notes);
	sb_release(&c->agg_note);
}

const struct flows *view_flows(struct vctx *c)
{
	if (!c->flows)
		c->flows = flows_derive(c->in->m, c->in->fs, c->in->fact_keep);
	return c->flows;
}

static size_t fact_index(const struct vctx *c, const struct fact *f)
{
	return (size_t)(f - c->in->fs->facts);
}

bool fact_kept(const struct vctx *c, const struct fact *f)
{
	return !c->in->fact_keep || c->in->fact_keep[fact_index(c, f)];
}

size_t fact_nviolations(const struct vctx *c, const struct fact *f)
{
	size_t i = fact_index(c, f);
	return c->vstart[i + 1] - c->vstart[i];
}

const struct violation *fact_violation(const struct vctx *c, const struct fact *f, size_t i)
{
	return c->vlist[c->vstart[fact_index(c, f)] + i];
}

const struct jur *home_of(const struct vctx *c, const struct jur *country)
{
	if (!country || country->is_group)
		return NULL;
	return c->home[country->country_bit];
}

static void html_other_groups(const struct vctx *c, struct strbuf *sb, const struct jur *country)
{
	const struct model *m = c->in->m;
	const struct jur *home = home_of(c, country);
	bool first = true;
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		if (!j->is_group || !c->relevant_group[j->index] || j == home)
			continue;
		if (!model_jur_contains(m, j, country))
			continue;
		sb_adds(sb, first ? "" : ", ");
		vg_html_text(sb, j->id, 24);
		first = false;
	}
}

void html_id_name(struct strbuf *sb, const char *id, const char *name, size_t max)
{
	sb_adds(sb, "<B>");
	vg_html_text(sb, id, max);
	sb_adds(sb, "</B>");
	if (name && strcmp(name, id)) {
		sb_adds(sb, " · ");
		vg_html_text(sb, name, max);
	}
}

const char *display_name(const char *id, const char *name)
{
	return name && *name ? name : id;
}

/* ---- styles ---- */

static const char *const kind_shape[KIND__COUNT] = {
	[KIND_STORAGE] = "cylinder",
	[KIND_DATABASE] = "cylinder",
	[KIND_COMPUTE] = "box",
	[KIND_AI] = "hexagon",
	[KIND_ANALYTICS] = "parallelogram",
	[KIND_BACKUP] = "folder",
	[KIND_QUEUE] = "cds",
	[KIND_CDN] = "octagon",
	[KIND_SAAS] = "component",
	[KIND_OTHER] = "ellipse",
};
/* Light tints: the shape carries the kind, the tint only helps. */
static const char *const kind_fill[KIND__COUNT] = {
	[KIND_STORAGE] = "#DCEBF7",
	[KIND_DATABASE] = "#B9D7EE",
	[KIND_COMPUTE] = "#FFFFFF",
	[KIND_AI] = "#F6E3EE",
	[KIND_ANALYTICS] = "#E3F3EE",
	[KIND_BACKUP] = "#EEEEEE",
	[KIND_QUEUE] = "#FFF4D6",
	[KIND_CDN] = "#FFFFFF",
	[KIND_SAAS] = "#FFFFFF",
	[KIND_OTHER] = "#FFFFFF",
};

void style_service(struct vctx *c, struct vg_obj *o, enum svc_kind k)
{
	struct vgraph *g = c->g;
	vg_set(g, o, VA_SHAPE, kind_shape[k]);
	vg_set(g, o, VA_STYLE, k == KIND_COMPUTE ? "rounded,filled" : "filled");
	vg_set(g, o, VA_FILLCOLOR, kind_fill[k]);
	if (k == KIND_DATABASE)
		vg_set(g, o, VA_PENWIDTH, "2");
	/* Room for the cylinder's top ellipse and the queue's arrow point, which
	 * graphviz draws inside the default margin, across the title. */
	if (k == KIND_STORAGE || k == KIND_DATABASE)
		vg_set(g, o, VA_MARGIN, "0.1,0.16");
	else if (k == KIND_QUEUE)
		vg_set(g, o, VA_MARGIN, "0.3,0.06");
	c->legend[LEG_KIND_FIRST + k] = true;
}

void style_grouped(struct vctx *c, struct vg_obj *o)
{
	vg_set(c->g, o, VA_SHAPE, "box3d");
	vg_set(c->g, o, VA_MARGIN, "0.15,0.1");   /* clear of the 3D rim */
	vg_set(c->g, o, VA_STYLE, "filled");
	vg_set(c->g, o, VA_FILLCOLOR, "#F2F2F2");
	c->legend[LEG_GROUPED] = true;
}

void style_violating(struct vctx *c, struct vg_obj *o, enum severity sev)
{
	if (sev == SEV_INFO) {
		vg_set(c->g, o, VA_COLOR, C_BLUE);
		vg_set(c->g, o, VA_PENWIDTH, "2");
		vg_set(c->g, o, VA_FONTCOLOR, C_BLUE);
		c->legend[LEG_INFO_FINDING] = true;
		return;
	}
	vg_set(c->g, o, VA_COLOR, C_VIOLATION);
	vg_set(c->g, o, VA_PENWIDTH, "3");
	vg_set(c->g, o, VA_FONTCOLOR, C_VIOLATION);
	c->legend[LEG_VIOLATING] = true;
}

void style_violating_edge(struct vctx *c, struct vg_obj *o, enum severity sev, int leg,
			  struct strbuf *lab)
{
	if (sev == SEV_INFO) {
		vg_set(c->g, o, VA_COLOR, C_BLUE);
		vg_set(c->g, o, VA_FONTCOLOR, C_BLUE);
		vg_set(c->g, o, VA_PENWIDTH, "2");
		sb_adds(lab, "info:");
		c->legend[LEG_INFO_FINDING] = true;
		return;
	}
	vg_set(c->g, o, VA_COLOR, C_VIOLATION);
	vg_set(c->g, o, VA_FONTCOLOR, C_VIOLATION);
	vg_set(c->g, o, VA_PENWIDTH, "3");
	sb_adds(lab, "\xe2\x9a\xa0");
	c->legend[leg] = true;
}

void html_policy_mark(struct strbuf *sb, const struct policy *p)
{
	sb_adds(sb, p->severity == SEV_INFO ? "info: " : "\xe2\x9a\xa0 ");
	const char *s = p->id;
	size_t line = 0;
	while (*s) {
		/* a piece up to and including the next separator */
		size_t n = strcspn(s, "-._");
		n += s[n] != '\0';
		if (line && line + n > 28) {
			sb_adds(sb, "<BR/>");
			line = 0;
		}
		char piece[128];
		while (n) {
			size_t k = n < sizeof piece - 1 ? n : sizeof piece - 1;
			while (k < n && k > 1 && ((unsigned char)s[k] & 0xC0) == 0x80)
				k--;   /* never split a UTF-8 sequence */
			memcpy(piece, s, k);
			piece[k] = '\0';
			vg_html_text(sb, piece, 0);
			s += k;
			n -= k;
			line += k;
		}
	}
}

void style_disabled(struct vctx *c, struct vg_obj *o)
{
	vg_set(c->g, o, VA_STYLE, "dashed,filled");
	vg_set(c->g, o, VA_FILLCOLOR, "#F0F0F0");
	vg_set(c->g, o, VA_COLOR, C_GREY);
	vg_set(c->g, o, VA_FONTCOLOR, C_TEXT_GREY);
	c->legend[LEG_DISABLED] = true;
}

static const char *const mode_style[MODE__COUNT] = { "solid", "dashed", "dotted", "bold" };
const char *const mode_color[MODE__COUNT] = { C_BLUE, C_GREEN, C_ORANGE, C_PURPLE };
static const char *const mode_width[MODE__COUNT] = { "2", "1.5", "1.5", "3" };
static const char *const mode_arrow[MODE__COUNT] = { "normal", "empty", "odot", "vee" };

void style_mode_edge(struct vctx *c, struct vg_obj *o, enum mode md)
{
	vg_set(c->g, o, VA_STYLE, mode_style[md]);
	vg_set(c->g, o, VA_COLOR, mode_color[md]);
	vg_set(c->g, o, VA_FONTCOLOR, mode_color[md]);
	vg_set(c->g, o, VA_PENWIDTH, mode_width[md]);
	vg_set(c->g, o, VA_ARROWHEAD, mode_arrow[md]);
	c->legend[LEG_MODE_FIRST + md] = true;
}

/* ---- aggregated edges ---- */

void agg_release(struct agg *a)
{
	free(a->items);
	memset(a, 0, sizeof *a);
}

void agg_item(struct agg *a, const char *name, size_t n)
{
	/* a few categories per edge: a linear search is the quickest */
	for (size_t i = 0; i < a->nitems; i++)
		if (a->items[i].name == name || !strcmp(a->items[i].name, name)) {
			a->items[i].n += n;
			return;
		}
	a->items = xgrow(a->items, &a->cap, a->nitems + 1, sizeof *a->items);
	a->items[a->nitems].name = name;
	a->items[a->nitems++].n = n;
}

static int cmp_agg_item(const void *x, const void *y)
{
	const struct agg_item *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

void agg_sort(struct agg *a)
{
	if (a->nitems > 1)
		xqsort(a->items, a->nitems, sizeof *a->items, cmp_agg_item);
}

void agg_label(struct strbuf *lab, const struct agg *a, const char *noun,
	       const char *nouns, const char *item, const char *items)
{
	char buf[32];
	sb_addf(lab, "%s %s", svg_grouped(a->n, buf), a->n == 1 ? noun : nouns);
	if (!a->nitems)
		return;
	sb_adds(lab, ": ");
	vg_html_text(lab, a->items[0].name, 24);
	if (a->nitems > 1)
		sb_addf(lab, ", +%zu %s", a->nitems - 1, a->nitems == 2 ? item : items);
}

void agg_tip(struct strbuf *tip, const struct agg *a)
{
	char buf[32];
	for (size_t i = 0; i < a->nitems; i++) {
		if (i == 24) {
			sb_addf(tip, ", and %zu more", a->nitems - i);
			break;
		}
		sb_adds(tip, i ? ", " : "");
		vg_tip_text(tip, a->items[i].name, 0);
		sb_addf(tip, " %s", svg_grouped(a->items[i].n, buf));
	}
}

void agg_orient(struct vgraph *g, struct vg_edge *e, struct agg *a)
{
	if (a->back <= a->fwd)
		return;
	uint32_t t = e->from;
	e->from = e->to;
	e->to = t;
	size_t n = a->fwd;
	a->fwd = a->back;
	a->back = n;
	(void)g;
}

void agg_style(struct vctx *c, struct vg_obj *o, const struct agg *a)
{
	/* 1 for one, 3 for ten, 5 for a hundred, 7 for a thousand, at most 9 */
	double w = 1 + 2 * log10((double)(a->n ? a->n : 1));
	vg_setf(c->g, o, VA_PENWIDTH, "%.1f", w < 9 ? w : 9);
	if (a->fwd && a->back) {
		vg_set(c->g, o, VA_DIR, "both");
	} else if (a->back) {
		vg_set(c->g, o, VA_DIR, "back");
	}
	c->legend[LEG_AGGREGATED] = true;
}

void agg_note_between(struct vctx *c, size_t n, const char *noun, const char *nouns,
		      const char *nodes, size_t nedges)
{
	char nb[32];
	size_t nnodes = 0;
	for (size_t i = 0; i < c->g->nnodes; i++)
		nnodes += c->g->nodes[i].key[0] != '!';
	sb_addf(&c->agg_note, "%s %s between %zu %s drawn as %zu edge%s", svg_grouped(n, nb),
		n == 1 ? noun : nouns, nnodes, nodes, nedges, nedges == 1 ? "" : "s");
}

void agg_rankdir(struct vctx *c, const char *ranksep_lr)
{
	struct vgraph *g = c->g;
	size_t n = g->nnodes;
	bool boxes = false;
	for (size_t i = 0; i < n; i++)
		boxes |= g->nodes[i].cluster != VG_ROOT;
	/* dot's layers, roughly: longest paths, a cycle broken at the node
	 * with the fewest edges in (the first such, so deterministic) */
	size_t *indeg = xcalloc(n + 1, sizeof *indeg), *layer = xcalloc(n + 1, sizeof *layer);
	bool *done = xcalloc(n + 1, sizeof *done);
	for (size_t e = 0; e < g->nedges; e++)
		indeg[g->edges[e].to]++;
	size_t depth = 0;
	for (size_t k = 0; k < n; k++) {
		size_t u = n;
		for (size_t i = 0; i < n; i++)
			if (!done[i] && (u == n || indeg[i] < indeg[u]))
				u = i;
		done[u] = true;
		for (size_t e = 0; e < g->nedges; e++) {
			const struct vg_edge *ed = &g->edges[e];
			if (ed->from != u || done[ed->to])
				continue;
			if (layer[ed->to] < layer[u] + 1)
				layer[ed->to] = layer[u] + 1;
			indeg[ed->to]--;
		}
		if (layer[u] + 1 > depth)
			depth = layer[u] + 1;
	}
	size_t *width = xcalloc(depth + 1, sizeof *width), wide = 0;
	for (size_t i = 0; i < n; i++)
		if (++width[layer[i]] > wide)
			wide = width[layer[i]];
	/* top to bottom, a layer is as wide as its nodes (about 2 in each);
	 * left to right, a layer is a node and its edges' labels (about 4 in):
	 * the narrower drawing reads better scaled to a page's width. Boxes
	 * (regions in countries) sit side by side top to bottom: left to right. */
	bool tb = !boxes && wide < 2 * depth;
	vg_set(g, &g->graph, VA_RANKDIR, tb ? "TB" : "LR");
	vg_set(g, &g->graph, VA_RANKSEP, tb ? "0.6" : ranksep_lr);
	free(indeg);
	free(layer);
	free(done);
	free(width);
}

bool agg_ends(const struct vgraph *g, uint32_t *from, uint32_t *to)
{
	if (strcmp(g->nodes[*from].key, g->nodes[*to].key) <= 0)
		return false;
	uint32_t t = *from;
	*from = *to;
	*to = t;
	return true;
}

/* ---- clusters of places ---- */

uint32_t place_group_cluster(struct vctx *c, const struct jur *group)
{
	if (!group)
		return VG_ROOT;
	if (!c->o->clusters) {
		c->g->clusters_dropped = true;
		return VG_ROOT;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "g:%s", group->id);
	bool created;
	uint32_t i = vg_cluster(c->g, VG_ROOT, sb.buf, &created);
	if (created) {
		struct vg_obj *o = &c->g->clusters[i].o;
		sb_reset(&sb);
		sb_adds(&sb, "<FONT POINT-SIZE=\"14\">");
		html_id_name(&sb, group->id, group->name, 40);
		sb_adds(&sb, "</FONT>");
		vg_set(c->g, o, VA_LABEL, sb.buf);
		sb_reset(&sb);
		sb_adds(&sb, "jurisdiction group ");
		vg_tip_text(&sb, group->id, 0);
		if (group->name) {
			sb_adds(&sb, ": ");
			vg_tip_text(&sb, group->name, 0);
		}
		vg_set(c->g, o, VA_TOOLTIP, sb.buf);
		vg_set(c->g, o, VA_STYLE, "rounded,filled");
		vg_set(c->g, o, VA_FILLCOLOR, "#EAF2FA");
		vg_set(c->g, o, VA_COLOR, C_BLUE);
		vg_set(c->g, o, VA_PENWIDTH, "2");
		c->legend[LEG_CLUSTER_PLACES] = true;
		c->g->nclusters_real++;
	}
	sb_release(&sb);
	return i;
}

uint32_t place_country_cluster(struct vctx *c, const struct jur *country)
{
	if (!country)
		return VG_ROOT;
	if (!c->o->clusters) {
		c->g->clusters_dropped = true;
		return VG_ROOT;
	}
	uint32_t parent = place_group_cluster(c, home_of(c, country));
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "c:%s", country->id);
	bool created;
	uint32_t i = vg_cluster(c->g, parent, sb.buf, &created);
	if (created) {
		struct vg_obj *o = &c->g->clusters[i].o;
		sb_reset(&sb);
		html_id_name(&sb, country->id, country->name, 40);
		struct strbuf other = STRBUF_INIT;
		html_other_groups(c, &other, country);
		if (other.len)
			sb_addf(&sb, "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"" C_BLUE "\">"
				"<I>also in %s</I></FONT>", other.buf);
		sb_release(&other);
		vg_set(c->g, o, VA_LABEL, sb.buf);
		sb_reset(&sb);
		sb_adds(&sb, "country ");
		vg_tip_text(&sb, country->id, 0);
		if (country->name) {
			sb_adds(&sb, ": ");
			vg_tip_text(&sb, country->name, 0);
		}
		vg_set(c->g, o, VA_TOOLTIP, sb.buf);
		vg_set(c->g, o, VA_STYLE, "filled");
		vg_set(c->g, o, VA_FILLCOLOR, "#FFFFFF");
		vg_set(c->g, o, VA_COLOR, "#4D4D4D");
		c->legend[LEG_CLUSTER_PLACES] = true;
		c->g->nclusters_real++;
	}
	sb_release(&sb);
	return i;
}

/* ---- legend ---- */

struct legend_def {
	const char *text;
	char type;     /* 'n' node sample, 'e' edge sample, 'c' cluster sample */
};

static const struct legend_def legend_defs[LEG__COUNT] = {
	[LEG_KIND_FIRST + KIND_STORAGE] = { "storage", 'n' },
	[LEG_KIND_FIRST + KIND_DATABASE] = { "database", 'n' },
	[LEG_KIND_FIRST + KIND_COMPUTE] = { "compute", 'n' },
	[LEG_KIND_FIRST + KIND_AI] = { "ai", 'n' },
	[LEG_KIND_FIRST + KIND_ANALYTICS] = { "analytics", 'n' },
	[LEG_KIND_FIRST + KIND_BACKUP] = { "backup", 'n' },
	[LEG_KIND_FIRST + KIND_QUEUE] = { "queue", 'n' },
	[LEG_KIND_FIRST + KIND_CDN] = { "cdn", 'n' },
	[LEG_KIND_FIRST + KIND_SAAS] = { "saas", 'n' },
	[LEG_KIND_FIRST + KIND_OTHER] = { "other", 'n' },
	[LEG_GROUPED] = { "several merged\n(count on label)", 'n' },
	[LEG_VIOLATING] = { "\xe2\x9a\xa0 breaks a policy\n(policy in tooltip)", 'n' },
	[LEG_INFO_FINDING] = { "info: a finding,\nnot a breach", 'n' },
	[LEG_DISABLED] = { "disabled tenant\n(no facts)", 'n' },
	[LEG_SUSPENDED] = { "suspended tenant", 'n' },
	[LEG_DEP_PLAIN] = { "depends on, no data flows", 'e' },
	[LEG_DEP_SENDS] = { "depends on, the data named flows", 'e' },
	[LEG_DEP_COUNTED] = { "merged dependencies (count)", 'e' },
	[LEG_AGGREGATED] = { "merged edges, wider for more\n(count and most frequent on label)", 'e' },
	[LEG_FLOW] = { "data flow inside a country", 'e' },
	[LEG_FLOW_CROSS] = { "data flow across a border", 'e' },
	[LEG_REPLICATION] = { "replication to another region", 'e' },
	[LEG_REACH_HQ] = { "legal reach: provider headquarters law", 'e' },
	[LEG_REACH_ACCESS] = { "legal reach: remote access (access_from)", 'e' },
	[LEG_REACH_VIOLATING] = { "reach a policy denies", 'e' },
	[LEG_REACH_LISTED] = { "law reaching in: \xe2\x9a\xa0 US 12\n(facts reached; \xe2\x9a\xa0 a policy denies it)", 'n' },
	[LEG_JUR] = { "jurisdiction reaching in", 'n' },
	[LEG_CATEGORY] = { "data category", 'n' },
	[LEG_TREE] = { "category hierarchy (parent \xe2\x86\x92 child)", 'e' },
	[LEG_PLACE] = { "region or place holding data", 'n' },
	[LEG_MODE_FIRST + MODE_STORED] = { "stored", 'e' },
	[LEG_MODE_FIRST + MODE_REPLICA] = { "replica", 'e' },
	[LEG_MODE_FIRST + MODE_PROCESSED] = { "processed", 'e' },
	[LEG_MODE_FIRST + MODE_ACCESSED] = { "accessed from abroad", 'e' },
	[LEG_EDGE_VIOLATING] = { "\xe2\x9a\xa0 facts breaking a policy", 'e' },
	[LEG_CLUSTER_TENANT] = { "tenant (box around its services)", 'c' },
	[LEG_CLUSTER_PLACES] = { "group \xe2\x86\x92 country \xe2\x86\x92 region (nested boxes)", 'c' },
};

/* Styles a legend sample exactly as the views style the real thing. */
static void legend_sample(struct vctx *c, int item, struct vg_obj *o)
{
	struct vgraph *g = c->g;
	if (item >= LEG_KIND_FIRST && item < LEG_KIND_FIRST + KIND__COUNT) {
		style_service(c, o, (enum svc_kind)(item - LEG_KIND_FIRST));
		return;
	}
	if (item >= LEG_MODE_FIRST && item < LEG_MODE_FIRST + MODE__COUNT) {
		style_mode_edge(c, o, (enum mode)(item - LEG_MODE_FIRST));
		return;
	}
	switch (item) {
	case LEG_GROUPED: style_grouped(c, o); break;
	case LEG_VIOLATING:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded");
		style_violating(c, o, SEV_ERROR);
		break;
	case LEG_INFO_FINDING:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded");
		style_violating(c, o, SEV_INFO);
		break;
	case LEG_DISABLED:
		vg_set(g, o, VA_SHAPE, "box");
		style_disabled(c, o);
		break;
	case LEG_SUSPENDED:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "filled,bold");
		vg_set(g, o, VA_FILLCOLOR, "#FFF1D0");
		vg_set(g, o, VA_COLOR, C_ORANGE);
		break;
	case LEG_DEP_PLAIN:
		vg_set(g, o, VA_COLOR, C_GREY);
		vg_set(g, o, VA_STYLE, "dashed");
		break;
	case LEG_DEP_SENDS:
		vg_set(g, o, VA_PENWIDTH, "1.5");
		break;
	case LEG_DEP_COUNTED:
		vg_set(g, o, VA_PENWIDTH, "2.5");
		break;
	case LEG_AGGREGATED:
		vg_set(g, o, VA_PENWIDTH, "5");
		vg_set(g, o, VA_COLOR, "#4D4D4D");
		break;
	case LEG_FLOW:
		vg_set(g, o, VA_COLOR, "#4D4D4D");
		break;
	case LEG_FLOW_CROSS:
		vg_set(g, o, VA_COLOR, "#4D4D4D");
		vg_set(g, o, VA_PENWIDTH, "3.5");
		vg_set(g, o, VA_STYLE, "bold");
		break;
	case LEG_REPLICATION:
		style_mode_edge(c, o, MODE_REPLICA);
		c->legend[LEG_MODE_FIRST + MODE_REPLICA] = false;
		break;
	case LEG_REACH_HQ:
		vg_set(g, o, VA_STYLE, "dashed");
		vg_set(g, o, VA_COLOR, C_BLUE);
		vg_set(g, o, VA_ARROWHEAD, "diamond");
		break;
	case LEG_REACH_ACCESS:
		vg_set(g, o, VA_STYLE, "dashed");
		vg_set(g, o, VA_COLOR, C_PURPLE);
		vg_set(g, o, VA_ARROWHEAD, "odiamond");
		break;
	case LEG_REACH_VIOLATING:
	case LEG_EDGE_VIOLATING:
		vg_set(g, o, VA_COLOR, C_VIOLATION);
		vg_set(g, o, VA_PENWIDTH, "3");
		vg_set(g, o, VA_STYLE, item == LEG_REACH_VIOLATING ? "dashed" : "solid");
		break;
	case LEG_REACH_LISTED:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded");
		vg_set(g, o, VA_COLOR, C_BLUE);
		vg_set(g, o, VA_FONTCOLOR, C_BLUE);
		break;
	case LEG_JUR:
		vg_set(g, o, VA_SHAPE, "doubleoctagon");
		vg_set(g, o, VA_STYLE, "filled");
		vg_set(g, o, VA_FILLCOLOR, "#FFFFFF");
		vg_set(g, o, VA_COLOR, C_BLUE);
		break;
	case LEG_CATEGORY:
		vg_set(g, o, VA_SHAPE, "note");
		vg_set(g, o, VA_STYLE, "filled");
		vg_set(g, o, VA_FILLCOLOR, "#FFFBE6");
		break;
	case LEG_TREE:
		vg_set(g, o, VA_COLOR, C_GREY);
		vg_set(g, o, VA_ARROWHEAD, "none");
		break;
	case LEG_PLACE:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded,filled");
		vg_set(g, o, VA_FILLCOLOR, "#F4F4F4");
		break;
	case LEG_CLUSTER_TENANT:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded,filled");
		vg_set(g, o, VA_FILLCOLOR, "#F7F7F7");
		vg_set(g, o, VA_COLOR, "#A6A6A6");
		break;
	case LEG_CLUSTER_PLACES:
		vg_set(g, o, VA_SHAPE, "box");
		vg_set(g, o, VA_STYLE, "rounded,filled");
		vg_set(g, o, VA_FILLCOLOR, "#EAF2FA");
		vg_set(g, o, VA_COLOR, C_BLUE);
		vg_set(g, o, VA_PENWIDTH, "2");
		break;
	default:
		break;
	}
}

static const char *colour_word(const char *hex)
{
	static const char *const words[][2] = {
		{ C_BLUE, "blue" }, { C_GREEN, "green" }, { C_ORANGE, "orange" },
		{ C_PURPLE, "purple" }, { C_VERMILLION, "red" }, { C_GREY, "grey" },
		{ "#4D4D4D", "dark grey" },
	};
	for (size_t i = 0; hex && i < ARRAY_LEN(words); i++)
		if (!strcmp(hex, words[i][0]))
			return words[i][1];
	return "black";
}

/*
 * Engines without clusters (sfdp) would scatter legend samples among the
 * real nodes; the legend becomes a line of text in the subtitle instead,
 * describing each sample as the views draw it.
 */
static void text_legend(struct vctx *c, const bool *want)
{
	struct strbuf *sb = &c->notes;
	struct vgraph *scratch = vg_new();
	struct vctx sc = *c;
	sc.g = scratch;
	if (sb->len)
		sb_adds(sb, "<BR/>");
	sb_adds(sb, "Legend: ");
	int n = 0;
	for (int i = 0; i < LEG__COUNT; i++) {
		if (!want[i] || !legend_defs[i].text || legend_defs[i].type == 'c')
			continue;
		struct vg_obj o = { { NULL } };
		legend_sample(&sc, i, &o);
		sb_adds(sb, !n ? "" : n % 5 ? " \xc2\xb7 " : "<BR/>");
		n++;
		if (legend_defs[i].type == 'n') {
			sb_adds(sb, o.a[VA_SHAPE] ? o.a[VA_SHAPE] : "box");
			if (o.a[VA_STYLE] && strstr(o.a[VA_STYLE], "dashed"))
				sb_adds(sb, " dashed");
			if (o.a[VA_COLOR])
				sb_addf(sb, " %s", colour_word(o.a[VA_COLOR]));
		} else {
			sb_addf(sb, "%s %s line", colour_word(o.a[VA_COLOR]),
				o.a[VA_STYLE] ? o.a[VA_STYLE] : "solid");
		}
		sb_adds(sb, ": ");
		char *t = xstrdup(legend_defs[i].text);
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
		vg_html_text(sb, t, 0);
		free(t);
	}
	vg_free(scratch);
}

static void add_legend(struct vctx *c)
{
	struct vgraph *g = c->g;
	bool want[LEG__COUNT];
	memcpy(want, c->legend, sizeof want);
	bool any = false;
	for (int i = 0; i < LEG__COUNT; i++)
		any |= want[i];
	if (!any)
		return;
	if (!c->o->clusters) {
		text_legend(c, want);
		return;
	}
	uint32_t cl = VG_ROOT;
	if (c->o->clusters) {
		cl = vg_cluster(g, VG_ROOT, "!legend", NULL);
		struct vg_obj *o = &g->clusters[cl].o;
		vg_set(g, o, VA_LABEL, "<B>Legend</B>");
		vg_set(g, o, VA_STYLE, "rounded");
		vg_set(g, o, VA_COLOR, "#BFBFBF");
		vg_set(g, o, VA_TOOLTIP, "what the shapes, lines and colours mean");
	}
	struct strbuf key = STRBUF_INIT, lab = STRBUF_INIT;
	/* rows of a few samples, chained by invisible edges so that dot lays
	 * each row out along the rank direction */
	uint32_t prev = VG_ROOT;
	int col = 0;
	for (int i = 0; i < LEG__COUNT; i++) {
		if (!want[i] || !legend_defs[i].text)
			continue;
		sb_reset(&lab);
		sb_adds(&lab, "<FONT POINT-SIZE=\"9\">");
		vg_html_text(&lab, legend_defs[i].text, 0);
		sb_adds(&lab, "</FONT>");
		sb_reset(&key);
		sb_addf(&key, "!legend:%02d", i);
		uint32_t n = vg_node(g, cl, key.buf, NULL);
		uint32_t last = n;
		if (legend_defs[i].type != 'e') {
			legend_sample(c, i, &g->nodes[n].o);
			vg_set(g, &g->nodes[n].o, VA_LABEL, lab.buf);
			vg_set(g, &g->nodes[n].o, VA_TOOLTIP, "legend");
		} else {
			struct vg_obj *a = &g->nodes[n].o;
			vg_set(g, a, VA_SHAPE, "point");
			vg_set(g, a, VA_WIDTH, "0.05");
			vg_set(g, a, VA_LABEL, "");
			vg_set(g, a, VA_TOOLTIP, "legend");
			sb_addc(&key, 'b');
			uint32_t m = vg_node(g, cl, key.buf, NULL);
			struct vg_obj *b = &g->nodes[m].o;
			vg_set(g, b, VA_SHAPE, "plaintext");
			vg_set(g, b, VA_LABEL, lab.buf);
			vg_set(g, b, VA_TOOLTIP, "legend");
			vg_set(g, b, VA_HEIGHT, "0.2");
			uint32_t e = vg_edge(g, n, m, "legend", NULL);
			legend_sample(c, i, &g->edges[e].o);
			vg_set(g, &g->edges[e].o, VA_TOOLTIP, "legend");
			last = m;
		}
		if (col > 0) {
			uint32_t e = vg_edge(g, prev, n, "row", NULL);
			vg_set(g, &g->edges[e].o, VA_STYLE, "invis");
		}
		prev = last;
		col = (col + 1) % 3;
	}
	sb_release(&key);
	sb_release(&lab);
}

void view_finish(struct vctx *c, const char *what, const char *counts)
{
	struct vgraph *g = c->g;
	add_legend(c);
	free(c->what);
	free(c->counts);
	c->what = xstrdup(what);
	c->counts = xstrdup(counts);
	vg_set(g, &g->graph, VA_LABELLOC, "t");
	vg_set(g, &g->graph, VA_LABELJUST, "l");
	vg_set(g, &g->graph, VA_FONTNAME, "Helvetica");
	vg_set(g, &g->graph, VA_FONTSIZE, "11");
	vg_set(g, &g->graph, VA_BGCOLOR, "white");
	vg_set(g, &g->graph, VA_PAD, "0.3");
	vg_set(g, &g->graph, VA_NEWRANK, "true");
	vg_set(g, &g->graph, VA_COMPOUND, "true");
	vg_set(g, &g->graph, VA_OUTPUTORDER, "edgesfirst");
	vg_set(g, &g->graph, VA_NODESEP, "0.25");
	vg_set(g, &g->graph, VA_RANKSEP, "0.5");
	if (!c->o->clusters)
		vg_set(g, &g->graph, VA_OVERLAP, "prism");   /* sfdp: no nodes on nodes */
	vg_set(g, &g->node_defaults, VA_FONTNAME, "Helvetica");
	vg_set(g, &g->node_defaults, VA_FONTSIZE, "10");
	vg_set(g, &g->node_defaults, VA_MARGIN, "0.08,0.04");
	vg_set(g, &g->edge_defaults, VA_FONTNAME, "Helvetica");
	vg_set(g, &g->edge_defaults, VA_FONTSIZE, "9");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

size_t count_distinct(uint64_t *k, size_t n)
{
	xqsort(k, n, sizeof *k, cmp_u64);
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += !i || k[i] != k[i - 1];
	return d;
}

/* The place node a region falls in at a collapse level, as a number. */
uint64_t place_key(const struct vctx *c, const struct region *r, enum collapse lv)
{
	if (!r)
		return UINT32_MAX;
	if (lv <= COLLAPSE_REGION)
		return r->index;
	const struct jur *x = r->country;
	if (lv == COLLAPSE_JURISDICTION && home_of(c, x))
		x = home_of(c, x);
	return x ? x->index : UINT32_MAX;
}

size_t count_fact_places(const struct vctx *c, enum collapse lv)
{
	const struct factset *fs = c->in->fs;
	uint64_t *k = xcalloc(fs->nfacts + 1, sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (fact_kept(c, f) && f->region)
			k[n++] = place_key(c, f->region, lv);
	}
	size_t d = count_distinct(k, n);
	free(k);
	return d;
}
