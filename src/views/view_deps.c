/*
 * view_deps: the dependency view. Services are nodes shaped by kind,
 * boxed by tenant; edges are depends_on entries labelled with the data
 * categories they send. Disabled tenants are grey and dashed, suspended
 * ones marked. Collapsed, one node stands for the services of a tenant,
 * region (a service counts in its first region), country or home
 * jurisdiction group, and edges between them are merged and counted.
 */
#include <stdlib.h>
#include <string.h>

#include "views/view_int.h"

struct svc_info {
	size_t nfacts;
	size_t nviol;
	const struct policy *first_policy;
	size_t npolicies;
};

struct pair { uint32_t svc, pol; };

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->svc != y->svc)
		return x->svc < y->svc ? -1 : 1;
	return x->pol < y->pol ? -1 : x->pol > y->pol;
}

static bool shown(const struct vctx *c, const struct service *s)
{
	return !c->in->svc_keep || c->in->svc_keep[s->index];
}

static const struct region *first_region(const struct service *s)
{
	return s->nregions ? s->regions[0].region : NULL;
}

/* Key and heading of the node a service is drawn in. */
static uint32_t service_node(struct vctx *c, const struct service *s, uint32_t *tenant_clusters)
{
	struct vgraph *g = c->g;
	struct strbuf key = STRBUF_INIT, lab = STRBUF_INIT, tip = STRBUF_INIT;
	uint32_t cl = VG_ROOT;
	const struct region *r = first_region(s);
	const struct jur *cty = r ? r->country : NULL;
	const struct jur *grp = home_of(c, cty);
	switch (c->collapse) {
	case COLLAPSE_NONE:
		sb_addf(&key, "s:%s", s->id);
		if (s->tenant && c->o->clusters)
			cl = tenant_clusters[s->tenant->index];
		break;
	case COLLAPSE_TENANT:
		sb_addf(&key, "T:%s", s->tenant ? s->tenant->id : "");
		if (s->tenant)
			html_id_name(&lab, s->tenant->id, s->tenant->name, 32);
		else
			sb_adds(&lab, "<B>no tenant</B>");
		sb_adds(&tip, "tenant ");
		vg_tip_text(&tip, s->tenant ? s->tenant->id : "(none)", 0);
		break;
	case COLLAPSE_REGION:
		sb_addf(&key, "R:%s", r ? r->id : "");
		if (r) {
			html_id_name(&lab, r->id, r->city, 32);
			cl = place_country_cluster(c, cty);
		} else {
			sb_adds(&lab, "<B>no region</B>");
		}
		sb_adds(&tip, "services whose first region is ");
		vg_tip_text(&tip, r ? r->id : "(none)", 0);
		break;
	case COLLAPSE_COUNTRY:
		sb_addf(&key, "C:%s", cty ? cty->id : "");
		if (cty) {
			html_id_name(&lab, cty->id, cty->name, 32);
			cl = place_group_cluster(c, grp);
		} else {
			sb_adds(&lab, "<B>no region</B>");
		}
		sb_adds(&tip, "services whose first region is in ");
		vg_tip_text(&tip, cty ? cty->id : "(none)", 0);
		break;
	default: {
		const struct jur *j = grp ? grp : cty;
		sb_addf(&key, "G:%s", j ? j->id : "");
		if (j)
			html_id_name(&lab, j->id, j->name, 32);
		else
			sb_adds(&lab, "<B>no region</B>");
		sb_adds(&tip, "services whose first region is in ");
		vg_tip_text(&tip, j ? j->id : "(none)", 0);
		break;
	}
	}
	bool created;
	uint32_t n = vg_node(g, cl, key.buf, &created);
	if (created && c->collapse != COLLAPSE_NONE) {
		const struct tenant *t = s->tenant;
		if (c->collapse == COLLAPSE_TENANT && t && t->status == TENANT_SUSPENDED)
			sb_adds(&lab, "<BR/><B>suspended</B>");
		vg_set(g, &g->nodes[n].o, VA_LABEL, lab.buf);
		vg_set(g, &g->nodes[n].o, VA_TOOLTIP, tip.buf);
		style_grouped(c, &g->nodes[n].o);
		if (c->collapse == COLLAPSE_TENANT && t && t->status == TENANT_DISABLED)
			style_disabled(c, &g->nodes[n].o);
		if (c->collapse == COLLAPSE_TENANT && t && t->status == TENANT_SUSPENDED) {
			vg_set(g, &g->nodes[n].o, VA_FILLCOLOR, "#FFF1D0");
			c->legend[LEG_SUSPENDED] = true;
		}
	}
	sb_release(&key);
	sb_release(&lab);
	sb_release(&tip);
	return n;
}

static uint32_t tenant_cluster(struct vctx *c, const struct tenant *t)
{
	struct vgraph *g = c->g;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "t:%s", t->id);
	uint32_t i = vg_cluster(g, VG_ROOT, sb.buf, NULL);
	struct vg_obj *o = &g->clusters[i].o;
	sb_reset(&sb);
	sb_adds(&sb, "<FONT POINT-SIZE=\"13\">");
	html_id_name(&sb, t->id, t->name, 40);
	sb_adds(&sb, "</FONT>");
	if (t->country) {
		sb_adds(&sb, " <FONT POINT-SIZE=\"10\">(");
		vg_html_text(&sb, t->country->id, 8);
		sb_adds(&sb, ")</FONT>");
	}
	if (t->status == TENANT_DISABLED)
		sb_adds(&sb, "<BR/><FONT POINT-SIZE=\"10\"><I>disabled: creates no facts</I></FONT>");
	else if (t->status == TENANT_SUSPENDED)
		sb_adds(&sb, "<BR/><FONT POINT-SIZE=\"10\"><B>suspended</B></FONT>");
	vg_set(g, o, VA_LABEL, sb.buf);
	sb_reset(&sb);
	sb_adds(&sb, "tenant ");
	vg_tip_text(&sb, t->id, 0);
	if (t->name) {
		sb_adds(&sb, ": ");
		vg_tip_text(&sb, t->name, 0);
	}
	sb_addf(&sb, "&#10;status: %s", status_name(t->status));
	vg_set(g, o, VA_TOOLTIP, sb.buf);
	switch (t->status) {
	case TENANT_DISABLED:
		style_disabled(c, o);
		break;
	case TENANT_SUSPENDED:
		vg_set(g, o, VA_STYLE, "rounded,filled,bold");
		vg_set(g, o, VA_FILLCOLOR, "#FFF1D0");
		vg_set(g, o, VA_COLOR, C_ORANGE);
		c->legend[LEG_SUSPENDED] = true;
		break;
	default:
		vg_set(g, o, VA_STYLE, "rounded,filled");
		vg_set(g, o, VA_FILLCOLOR, "#F7F7F7");
		vg_set(g, o, VA_COLOR, "#A6A6A6");
		c->legend[LEG_CLUSTER_TENANT] = true;
		break;
	}
	g->nclusters_real++;
	sb_release(&sb);
	return i;
}

static void service_label(struct vctx *c, uint32_t n, const struct service *s,
			  const struct svc_info *si)
{
	struct vgraph *g = c->g;
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	sb_adds(&lab, "<B>");
	vg_html_text(&lab, display_name(s->id, s->name), 32);
	sb_adds(&lab, "</B><BR/><FONT POINT-SIZE=\"8\">");
	if (s->name && strcmp(s->name, s->id)) {
		vg_html_text(&lab, s->id, 32);
		sb_adds(&lab, " \xc2\xb7 ");
	}
	sb_adds(&lab, kind_name(s->kind));
	for (size_t i = 0; i < s->nregions && i < 2; i++) {
		const struct region *r = s->regions[i].region;
		sb_adds(&lab, i ? ", " : "<BR/>");
		vg_html_text(&lab, r->id, 28);
		if (r->country) {
			sb_adds(&lab, " (");
			vg_html_text(&lab, r->country->id, 8);
			sb_adds(&lab, ")");
		}
	}
	if (s->nregions > 2)
		sb_addf(&lab, " +%zu", (size_t)s->nregions - 2);
	sb_adds(&lab, "</FONT>");
	if (si->npolicies) {
		sb_adds(&lab, "<BR/><B>");
		html_policy_mark(&lab, si->first_policy);
		if (si->npolicies > 1)
			sb_addf(&lab, " +%zu", si->npolicies - 1);
		sb_adds(&lab, "</B>");
	}
	if (s->tenant && s->tenant->status == TENANT_SUSPENDED) {
		sb_adds(&lab, "<BR/><I>tenant suspended</I>");
		c->legend[LEG_SUSPENDED] = true;
	}

	sb_adds(&tip, "service ");
	vg_tip_text(&tip, s->id, 0);
	if (s->name) {
		sb_adds(&tip, ": ");
		vg_tip_text(&tip, s->name, 0);
	}
	sb_addf(&tip, "&#10;kind: %s", kind_name(s->kind));
	if (s->tenant) {
		sb_adds(&tip, "&#10;tenant: ");
		vg_tip_text(&tip, s->tenant->id, 0);
		sb_addf(&tip, " (%s)", status_name(s->tenant->status));
	}
	sb_adds(&tip, "&#10;regions:");
	for (size_t i = 0; i < s->nregions; i++) {
		sb_adds(&tip, i ? ", " : " ");
		vg_tip_text(&tip, s->regions[i].region->id, 0);
	}
	if (s->nstores) {
		sb_adds(&tip, "&#10;stores:");
		size_t k = 0;
		for (size_t i = 0; i < s->nstores; i++)
			for (size_t j = 0; j < s->stores[i].ndata; j++, k++) {
				sb_adds(&tip, k ? ", " : " ");
				vg_tip_text(&tip, s->stores[i].data[j]->id, 0);
			}
	}
	sb_addf(&tip, "&#10;facts held: %zu", si->nfacts);
	if (si->nviol)
		sb_addf(&tip, "&#10;violations: %zu (policies: %zu)", si->nviol, si->npolicies);
	vg_set(g, &g->nodes[n].o, VA_LABEL, lab.buf);
	vg_set(g, &g->nodes[n].o, VA_TOOLTIP, tip.buf);
	style_service(c, &g->nodes[n].o, s->kind);
	if (s->tenant && s->tenant->status == TENANT_DISABLED)
		style_disabled(c, &g->nodes[n].o);
	if (si->npolicies)
		style_violating(c, &g->nodes[n].o, si->first_policy->severity);
	sb_release(&lab);
	sb_release(&tip);
}

/* Per merged edge: the data categories flowing (flows.h, derived from
 * the facts drawn), in first-seen order: along the edge (`sends`), and
 * back from the dependency (`receives`). */
struct edge_sends {
	struct ptrvec terms, back;
	size_t ndeps, nsending;
	struct agg agg;             /* aggregated: both ways, categories counted */
};

static void add_term(struct ptrvec *terms, const struct term *t)
{
	for (size_t i = 0; i < terms->n; i++)
		if (terms->v[i] == t)
			return;
	if (terms->n < 16)
		pv_push(terms, (void *)t);
}

/* "a, b, c +2" of at most three terms, prefixed with what (escaped HTML). */
static void label_terms(struct strbuf *lab, const struct ptrvec *terms, const char *what)
{
	if (!terms->n)
		return;
	sb_adds(lab, lab->len ? "<BR/>" : "");
	sb_adds(lab, what);
	for (size_t j = 0; j < terms->n && j < 3; j++) {
		sb_adds(lab, j ? ", " : "");
		vg_html_text(lab, ((const struct term *)terms->v[j])->id, 24);
	}
	if (terms->n > 3)
		sb_addf(lab, " +%zu", terms->n - 3);
}

static void tip_terms(struct strbuf *tip, const struct ptrvec *terms, const char *what)
{
	if (!terms->n)
		return;
	sb_adds(tip, what);
	for (size_t j = 0; j < terms->n; j++) {
		sb_adds(tip, j ? ", " : " ");
		vg_tip_text(tip, ((const struct term *)terms->v[j])->id, 0);
	}
}

/* What a node stands for, by collapse level. */
static const char *const node_nouns[COLLAPSE__COUNT] = {
	"services", "tenants", "regions", "countries", "jurisdiction groups (or countries)"
};

/* "1,204 dependencies: health.records, +3 categories", both ways. */
static void label_aggregated(struct vctx *c, struct vg_edge *e, struct edge_sends *es)
{
	struct vgraph *g = c->g;
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	char nb[32];
	agg_orient(g, e, &es->agg);
	agg_sort(&es->agg);
	agg_label(&lab, &es->agg, "dependency", "dependencies", "category", "categories");
	sb_addf(&tip, "%s dependenc%s, %s with data flowing", svg_grouped(es->ndeps, nb),
		es->ndeps == 1 ? "y" : "ies", svg_grouped(es->nsending, (char[32]){ 0 }));
	if (es->agg.fwd && es->agg.back)
		sb_addf(&tip, " (%s one way, %s the other)", svg_grouped(es->agg.fwd, nb),
			svg_grouped(es->agg.back, (char[32]){ 0 }));
	if (es->agg.nitems) {
		sb_adds(&tip, "&#10;data (dependencies): ");
		agg_tip(&tip, &es->agg);
	}
	vg_set(g, &e->o, VA_LABEL, lab.buf);
	vg_set(g, &e->o, VA_TOOLTIP, tip.buf);
	agg_style(c, &e->o, &es->agg);
	vg_set(g, &e->o, VA_COLOR, "#4D4D4D");
	if (!es->nsending) {
		vg_set(g, &e->o, VA_STYLE, "dashed");
		vg_set(g, &e->o, VA_COLOR, C_GREY);
	}
	sb_release(&lab);
	sb_release(&tip);
}

void view_deps(struct vctx *c)
{
	const struct model *m = c->in->m;
	const struct factset *fs = c->in->fs;
	struct vgraph *g = c->g;
	vg_set(g, &g->graph, VA_RANKDIR, "LR");
	vg_set(g, &g->graph, VA_RANKSEP, "0.8");

	struct svc_info *si = xcalloc(m->nservices + 1, sizeof *si);
	struct pair *pairs = NULL;
	size_t npairs = 0, cap = 0, nfacts = 0, nviol = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !shown(c, f->service))
			continue;
		struct svc_info *x = &si[f->service->index];
		x->nfacts++;
		nfacts++;
		size_t nv = fact_nviolations(c, f);
		x->nviol += nv;
		nviol += nv;
		for (size_t k = 0; k < nv; k++) {
			pairs = xgrow(pairs, &cap, npairs + 1, sizeof *pairs);
			pairs[npairs].svc = f->service->index;
			pairs[npairs++].pol = fact_violation(c, f, k)->policy->index;
		}
	}
	if (npairs > 1)
		xqsort(pairs, npairs, sizeof *pairs, cmp_pair);
	for (size_t i = 0; i < npairs; i++) {
		if (i && pairs[i].svc == pairs[i - 1].svc && pairs[i].pol == pairs[i - 1].pol)
			continue;
		struct svc_info *x = &si[pairs[i].svc];
		const struct policy *pol = m->policies[pairs[i].pol];
		if (!x->npolicies++ || pol->severity > x->first_policy->severity)
			x->first_policy = pol;   /* the label names the most severe */
	}
	free(pairs);

	uint32_t *tcl = xcalloc(m->ntenants + 1, sizeof *tcl);
	size_t nshown = 0, ntenants = 0;
	bool *tenant_used = xcalloc(m->ntenants + 1, sizeof *tenant_used);
	uint32_t *node_of = xcalloc(m->nservices + 1, sizeof *node_of);
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		node_of[i] = VG_ROOT;
		if (!shown(c, s))
			continue;
		nshown++;
		if (s->tenant && !tenant_used[s->tenant->index]) {
			tenant_used[s->tenant->index] = true;
			ntenants++;
			if (c->collapse == COLLAPSE_NONE && c->o->clusters)
				tcl[s->tenant->index] = tenant_cluster(c, s->tenant);
			else if (c->collapse == COLLAPSE_NONE)
				g->clusters_dropped = true;
		}
		uint32_t n = service_node(c, s, tcl);
		node_of[i] = n;
		g->nodes[n].nfacts += si[i].nfacts;
		g->nodes[n].nitems++;
		if (c->collapse == COLLAPSE_NONE) {
			service_label(c, n, s, &si[i]);
		} else if (si[i].npolicies && !g->nodes[n].data) {
			g->nodes[n].data = (void *)si[i].first_policy;
		}
	}

	/* edges */
	struct ptrvec sends = PTRVEC_INIT;
	size_t ndeps = 0;
	size_t *inner = xcalloc(g->nnodes + 1, sizeof *inner);
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (node_of[i] == VG_ROOT)
			continue;
		for (size_t k = 0; k < s->ndeps; k++) {
			const struct dep *d = &s->deps[k];
			uint32_t to = node_of[d->to->index];
			if (to == VG_ROOT)
				continue;
			ndeps++;
			if (to == node_of[i]) {
				inner[to]++;    /* inside one merged node: on its label */
				continue;
			}
			bool created;
			uint32_t from = node_of[i];
			bool back = c->aggregate && agg_ends(g, &from, &to);
			uint32_t e = vg_edge(g, from, to, c->aggregate ? "pair" : "", &created);
			struct edge_sends *es = g->edges[e].data;
			if (created) {
				es = xcalloc(1, sizeof *es);
				g->edges[e].data = es;
				pv_push(&sends, es);
			}
			es->ndeps++;
			size_t nf, nb;
			const struct term *const *fl = flows_edge(view_flows(c), s, k, false, &nf);
			const struct term *const *bk = flows_edge(view_flows(c), s, k, true, &nb);
			if (c->aggregate) {
				es->agg.n++;
				if (back)
					es->agg.back++;
				else
					es->agg.fwd++;
				for (size_t t = 0; t < nf; t++)
					agg_item(&es->agg, fl[t]->id, 1);
				for (size_t t = 0; t < nb; t++)
					agg_item(&es->agg, bk[t]->id, 1);
			}
			if (nf || nb)
				es->nsending++;
			for (size_t j = 0; j < nf; j++)
				add_term(&es->terms, fl[j]);
			for (size_t j = 0; j < nb; j++)
				add_term(&es->back, bk[j]);
			if (c->collapse == COLLAPSE_NONE && created) {
				struct vg_obj *o = &g->edges[e].o;
				bool grey = (s->tenant && s->tenant->status == TENANT_DISABLED) ||
					(d->to->tenant && d->to->tenant->status == TENANT_DISABLED);
				struct strbuf tip = STRBUF_INIT;
				vg_tip_text(&tip, s->id, 0);
				sb_adds(&tip, " depends on ");
				vg_tip_text(&tip, d->to->id, 0);
				vg_set(g, o, VA_TOOLTIP, tip.buf);
				sb_release(&tip);
				if (grey) {
					vg_set(g, o, VA_COLOR, C_GREY);
					vg_set(g, o, VA_FONTCOLOR, C_TEXT_GREY);
					vg_set(g, o, VA_STYLE, "dashed");
					c->legend[LEG_DISABLED] = true;
				}
			}
		}
	}
	/* labels of edges, once all merged */
	size_t nmerged = 0, nedges = 0;
	for (size_t e = 0; e < g->nedges; e++) {
		struct edge_sends *es = g->edges[e].data;
		struct vg_obj *o = &g->edges[e].o;
		struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
		if (c->aggregate) {
			label_aggregated(c, &g->edges[e], es);
			nmerged += es->ndeps;
			nedges++;
			g->edges[e].data = NULL;
			continue;
		}
		if (c->collapse != COLLAPSE_NONE)
			sb_addf(&lab, "%zu dep%s", es->ndeps, es->ndeps == 1 ? "" : "s");
		label_terms(&lab, &es->terms, "");
		label_terms(&lab, &es->back, "&#8592; ");       /* read back: receives */
		if (lab.len)
			vg_set(g, o, VA_LABEL, lab.buf);
		if (o->a[VA_TOOLTIP])
			sb_adds(&tip, o->a[VA_TOOLTIP]);
		else
			sb_addf(&tip, "%zu dependencies, %zu with data flowing", es->ndeps,
				es->nsending);
		tip_terms(&tip, &es->terms, "&#10;flows:");
		tip_terms(&tip, &es->back, "&#10;flows back (receives):");
		vg_set(g, o, VA_TOOLTIP, tip.buf);
		if (c->collapse != COLLAPSE_NONE) {
			vg_setf(g, o, VA_PENWIDTH, "%s", es->ndeps >= 10 ? "3" : es->ndeps >= 3 ? "2" : "1.2");
			c->legend[LEG_DEP_COUNTED] = true;
		} else if (!es->nsending && !o->a[VA_STYLE]) {
			vg_set(g, o, VA_STYLE, "dashed");
			vg_set(g, o, VA_COLOR, C_GREY);
			c->legend[LEG_DEP_PLAIN] = true;
		} else if (es->nsending && !o->a[VA_STYLE]) {
			vg_set(g, o, VA_PENWIDTH, "1.5");
			c->legend[LEG_DEP_SENDS] = true;
		}
		sb_release(&lab);
		sb_release(&tip);
		g->edges[e].data = NULL;
	}
	for (size_t i = 0; i < sends.n; i++) {
		struct edge_sends *es = sends.v[i];
		agg_release(&es->agg);
		pv_release(&es->terms);
		pv_release(&es->back);
		free(es);
	}
	pv_release(&sends);
	if (c->aggregate)
		agg_note_between(c, nmerged, "dependency", "dependencies", node_nouns[c->collapse],
				 nedges);

	/* labels of merged nodes, once counted */
	if (c->collapse != COLLAPSE_NONE) {
		for (size_t i = 0; i < g->nnodes; i++) {
			struct vg_node *n = &g->nodes[i];
			if (n->key[0] == '!')
				continue;
			struct strbuf sb = STRBUF_INIT;
			sb_adds(&sb, n->o.a[VA_LABEL]);
			sb_addf(&sb, "<BR/><FONT POINT-SIZE=\"9\">%zu service%s \xc2\xb7 %zu fact%s",
				n->nitems, n->nitems == 1 ? "" : "s", n->nfacts,
				n->nfacts == 1 ? "" : "s");
			if (inner[i])
				sb_addf(&sb, "<BR/>%zu dependenc%s inside", inner[i],
					inner[i] == 1 ? "y" : "ies");
			sb_adds(&sb, "</FONT>");
			if (n->data) {
				const struct policy *pol = n->data;
				sb_adds(&sb, "<BR/><B>");
				html_policy_mark(&sb, pol);
				sb_adds(&sb, "</B>");
				style_violating(c, &n->o, pol->severity);
				n->data = NULL;
			}
			vg_set(g, &n->o, VA_LABEL, sb.buf);
			sb_release(&sb);
		}
	}
	g->nfacts = nfacts;

	struct strbuf counts = STRBUF_INIT;
	sb_addf(&counts, "%zu service%s in %zu tenant%s \xc2\xb7 %zu dependenc%s \xc2\xb7 "
		"%zu fact%s \xc2\xb7 %zu violation%s",
		nshown, nshown == 1 ? "" : "s", ntenants, ntenants == 1 ? "" : "s",
		ndeps, ndeps == 1 ? "y" : "ies", nfacts, nfacts == 1 ? "" : "s",
		nviol, nviol == 1 ? "" : "s");
	if (c->aggregate)
		agg_rankdir(c, "0.8");
	view_finish(c, "Dependencies", counts.buf);
	sb_release(&counts);
	free(si);
	free(tcl);
	free(tenant_used);
	free(node_of);
	free(inner);
}

size_t view_deps_estimate(const struct vctx *c, enum collapse lv, bool fold)
{
	(void)fold;
	const struct model *m = c->in->m;
	uint64_t *k = xcalloc(m->nservices + 1, sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (c->in->svc_keep && !c->in->svc_keep[i])
			continue;
		const struct region *r = s->nregions ? s->regions[0].region : NULL;
		if (lv == COLLAPSE_NONE)
			k[n++] = s->index;
		else if (lv == COLLAPSE_TENANT)
			k[n++] = s->tenant ? s->tenant->index : UINT32_MAX;
		else
			k[n++] = place_key(c, r, lv);
	}
	size_t d = count_distinct(k, n);
	free(k);
	return d;
}
