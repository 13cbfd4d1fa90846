/*
 * view_data: what a policy writer reads first — data categories on the
 * left, their hierarchy kept (parent → child), linked to the regions
 * holding them on the right, boxed by country and jurisdiction group.
 * One edge per category, place and mode, its line style saying the mode
 * (stored solid, replica dashed, processed dotted, accessed bold) and
 * its label how many facts it stands for. Collapsed, places become
 * countries or groups; at the last resort categories fold to their roots.
 */
#include <stdlib.h>
#include <string.h>

#include "views/view_int.h"

static const struct term *shown_term(const struct vctx *c, const struct term *t)
{
	if (c->fold_terms)
		while (t->parent)
			t = t->parent;
	return t;
}

static uint32_t term_node(struct vctx *c, const struct term *t, size_t *nterms)
{
	struct vgraph *g = c->g;
	struct strbuf key = STRBUF_INIT;
	sb_addf(&key, "d:%s", t->id);
	bool created;
	uint32_t n = vg_node(g, VG_ROOT, key.buf, &created);
	sb_release(&key);
	if (!created)
		return n;
	(*nterms)++;
	struct vg_obj *o = &g->nodes[n].o;
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	sb_adds(&lab, "<B>");
	vg_html_text(&lab, t->id, 32);
	sb_adds(&lab, "</B>");
	if (t->name) {
		sb_adds(&lab, "<BR/><FONT POINT-SIZE=\"8\">");
		vg_html_text(&lab, t->name, 32);
		sb_adds(&lab, "</FONT>");
	}
	if (t->sensitivity) {
		sb_adds(&lab, "<BR/><FONT POINT-SIZE=\"8\"><I>");
		vg_html_text(&lab, t->sensitivity, 20);
		sb_adds(&lab, "</I></FONT>");
	}
	sb_adds(&tip, "data category ");
	vg_tip_text(&tip, t->id, 0);
	if (t->name) {
		sb_adds(&tip, ": ");
		vg_tip_text(&tip, t->name, 0);
	}
	if (t->description) {
		sb_adds(&tip, "&#10;");
		vg_tip_text(&tip, t->description, 300);
	}
	if (t->sensitivity) {
		sb_adds(&tip, "&#10;sensitivity: ");
		vg_tip_text(&tip, t->sensitivity, 0);
	}
	if (c->fold_terms)
		sb_adds(&tip, "&#10;(with every category below it)");
	vg_set(g, o, VA_LABEL, lab.buf);
	vg_set(g, o, VA_TOOLTIP, tip.buf);
	vg_set(g, o, VA_SHAPE, "note");
	vg_set(g, o, VA_STYLE, "filled");
	vg_set(g, o, VA_FILLCOLOR, "#FFFBE6");
	c->legend[LEG_CATEGORY] = true;
	sb_release(&lab);
	sb_release(&tip);
	/* the hierarchy: parent → child, created up to the root */
	if (t->parent && !c->fold_terms) {
		uint32_t p = term_node(c, t->parent, nterms);
		uint32_t e = vg_edge(g, p, n, "tree", NULL);
		struct vg_obj *eo = &g->edges[e].o;
		vg_set(g, eo, VA_COLOR, C_GREY);
		vg_set(g, eo, VA_ARROWHEAD, "none");
		vg_set(g, eo, VA_TOOLTIP, "category hierarchy");
		vg_set(g, eo, VA_WEIGHT, "4");
		c->legend[LEG_TREE] = true;
	}
	return n;
}

static uint32_t place_node(struct vctx *c, const struct region *r)
{
	struct vgraph *g = c->g;
	struct strbuf key = STRBUF_INIT, lab = STRBUF_INIT, tip = STRBUF_INIT;
	const struct jur *cty = r->country;
	const struct jur *grp = home_of(c, cty);
	uint32_t cl;
	if (c->collapse <= COLLAPSE_REGION) {
		sb_addf(&key, "r:%s", r->id);
		cl = place_country_cluster(c, cty);
		html_id_name(&lab, r->id, r->city, 28);
		sb_adds(&tip, "region ");
		vg_tip_text(&tip, r->id, 0);
		if (r->name) {
			sb_adds(&tip, ": ");
			vg_tip_text(&tip, r->name, 0);
		}
	} else if (c->collapse == COLLAPSE_COUNTRY) {
		sb_addf(&key, "C:%s", cty ? cty->id : "");
		cl = place_group_cluster(c, grp);
		html_id_name(&lab, cty ? cty->id : "?", cty ? cty->name : NULL, 28);
		sb_adds(&tip, "country ");
		vg_tip_text(&tip, cty ? cty->id : "?", 0);
	} else {
		const struct jur *x = grp ? grp : cty;
		sb_addf(&key, "G:%s", x ? x->id : "");
		cl = VG_ROOT;
		html_id_name(&lab, x ? x->id : "?", x ? x->name : NULL, 28);
		sb_adds(&tip, grp ? "jurisdiction group " : "country ");
		vg_tip_text(&tip, x ? x->id : "?", 0);
	}
	bool created;
	uint32_t n = vg_node(g, cl, key.buf, &created);
	if (created) {
		struct vg_obj *o = &g->nodes[n].o;
		vg_set(g, o, VA_LABEL, lab.buf);
		vg_set(g, o, VA_TOOLTIP, tip.buf);
		if (c->collapse <= COLLAPSE_REGION) {
			vg_set(g, o, VA_SHAPE, "box");
			vg_set(g, o, VA_STYLE, "rounded,filled");
			vg_set(g, o, VA_FILLCOLOR, "#F4F4F4");
			c->legend[LEG_PLACE] = true;
		} else {
			style_grouped(c, o);
		}
	}
	sb_release(&key);
	sb_release(&lab);
	sb_release(&tip);
	return n;
}

struct dedge {
	size_t nfacts;
	const struct violation *viol;
	struct ptrvec services;     /* distinct, first 8 */
	size_t more;
	enum mode mode;             /* aggregated: the strongest of those merged */
	const struct jur *from;     /* accessed: the country reaching in */
	struct agg agg;             /* aggregated: the facts by mode */
};

void view_data(struct vctx *c)
{
	const struct factset *fs = c->in->fs;
	struct vgraph *g = c->g;
	vg_set(g, &g->graph, VA_RANKDIR, "LR");
	vg_set(g, &g->graph, VA_RANKSEP, "1.2");
	size_t nterms = 0, nfacts = 0, nviol = 0;
	struct ptrvec all = PTRVEC_INIT;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !f->region)
			continue;
		uint32_t tn = term_node(c, shown_term(c, f->data), &nterms);
		uint32_t pn = place_node(c, f->region);
		g->nodes[pn].nfacts++;
		nfacts++;
		struct strbuf key = STRBUF_INIT;
		sb_adds(&key, c->aggregate ? "all" : mode_name(f->mode));
		if (!c->aggregate && f->mode == MODE_ACCESSED && f->country)
			sb_addf(&key, ":%s", f->country->id);
		bool created;
		uint32_t e = vg_edge(g, tn, pn, key.buf, &created);
		sb_release(&key);
		struct dedge *d = g->edges[e].data;
		if (created) {
			d = xcalloc(1, sizeof *d);
			d->mode = f->mode;
			d->from = f->mode == MODE_ACCESSED && !c->aggregate ? f->country : NULL;
			g->edges[e].data = d;
			pv_push(&all, d);
		}
		d->nfacts++;
		if (c->aggregate) {
			if (f->mode < d->mode)
				d->mode = f->mode;
			d->agg.n++;
			d->agg.fwd++;
			agg_item(&d->agg, mode_name(f->mode), 1);
		}
		size_t nv = fact_nviolations(c, f);
		nviol += nv;
		for (size_t k = 0; k < nv; k++) {   /* the label names the most severe */
			const struct violation *v = fact_violation(c, f, k);
			if (!d->viol || v->policy->severity > d->viol->policy->severity)
				d->viol = v;
		}
		size_t k;
		for (k = 0; k < d->services.n; k++)
			if (d->services.v[k] == f->service)
				break;
		if (k == d->services.n) {
			if (k < 8)
				pv_push(&d->services, (void *)f->service);
			else
				d->more++;
		}
	}
	size_t nplaces = 0, nedges = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		struct vg_node *n = &g->nodes[i];
		if (n->key[0] == 'd')
			continue;
		nplaces++;
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, n->o.a[VA_LABEL]);
		sb_addf(&sb, "<BR/><FONT POINT-SIZE=\"8\">%zu fact%s</FONT>", n->nfacts,
			n->nfacts == 1 ? "" : "s");
		vg_set(g, &n->o, VA_LABEL, sb.buf);
		sb_release(&sb);
	}
	for (size_t e = 0; e < g->nedges; e++) {
		struct dedge *d = g->edges[e].data;
		if (!d)
			continue;
		struct vg_obj *o = &g->edges[e].o;
		struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
		style_mode_edge(c, o, d->mode);
		if (d->from) {
			sb_adds(&lab, "from ");
			vg_html_text(&lab, d->from->id, 8);
		}
		if (c->aggregate) {
			agg_sort(&d->agg);
			agg_label(&lab, &d->agg, "fact", "facts", "mode", "modes");
			agg_style(c, o, &d->agg);
			nedges++;
		} else if (d->nfacts > 1) {
			sb_addf(&lab, "%s\xc3\x97%zu", lab.len ? " " : "", d->nfacts);
		}
		if (c->aggregate) {
			sb_addf(&tip, "%s fact%s by mode: ", svg_grouped(d->nfacts, (char[32]){ 0 }),
				d->nfacts == 1 ? "" : "s");
			agg_tip(&tip, &d->agg);
		} else {
			sb_addf(&tip, "%s", mode_name(d->mode));
		}
		if (d->from) {
			sb_adds(&tip, " from ");
			vg_tip_text(&tip, d->from->id, 0);
		}
		if (!c->aggregate)
			sb_addf(&tip, ": %zu fact%s", d->nfacts, d->nfacts == 1 ? "" : "s");
		sb_adds(&tip, "&#10;services:");
		for (size_t k = 0; k < d->services.n; k++) {
			sb_adds(&tip, k ? ", " : " ");
			vg_tip_text(&tip, ((const struct service *)d->services.v[k])->id, 0);
		}
		if (d->more)
			sb_addf(&tip, " and %zu more", d->more);
		if (d->viol) {
			sb_adds(&lab, lab.len ? "<BR/>" : "");
			sb_adds(&lab, "<B>");
			html_policy_mark(&lab, d->viol->policy);
			sb_adds(&lab, "</B>");
			if (d->viol->policy->severity == SEV_INFO) {
				vg_set(g, o, VA_COLOR, C_BLUE);
				vg_set(g, o, VA_FONTCOLOR, C_BLUE);
			} else {
				vg_set(g, o, VA_COLOR, C_VIOLATION);
				vg_set(g, o, VA_FONTCOLOR, C_VIOLATION);
				if (!c->aggregate)   /* aggregated, the width is the count */
					vg_set(g, o, VA_PENWIDTH, "3");
				c->legend[LEG_EDGE_VIOLATING] = true;
			}
			sb_adds(&tip, "&#10;violates ");
			vg_tip_text(&tip, d->viol->policy->id, 0);
			if (d->viol->message) {
				sb_adds(&tip, ": ");
				vg_tip_text(&tip, d->viol->message, 300);
			}
		}
		if (lab.len)
			vg_set(g, o, VA_LABEL, lab.buf);
		vg_set(g, o, VA_TOOLTIP, tip.buf);
		sb_release(&lab);
		sb_release(&tip);
		g->edges[e].data = NULL;
	}
	for (size_t i = 0; i < all.n; i++) {
		struct dedge *d = all.v[i];
		pv_release(&d->services);
		agg_release(&d->agg);
		free(d);
	}
	pv_release(&all);
	g->nfacts = nfacts;
	if (c->aggregate) {
		char nb[32];
		sb_addf(&c->agg_note, "%s fact%s between %zu categor%s and %zu place%s drawn as "
			"%zu edge%s", svg_grouped(nfacts, nb), nfacts == 1 ? "" : "s", nterms,
			nterms == 1 ? "y" : "ies", nplaces, nplaces == 1 ? "" : "s", nedges,
			nedges == 1 ? "" : "s");
	}

	struct strbuf counts = STRBUF_INIT;
	sb_addf(&counts, "%zu categor%s \xc2\xb7 %zu place%s \xc2\xb7 %zu fact%s \xc2\xb7 "
		"%zu violation%s", nterms, nterms == 1 ? "y" : "ies", nplaces,
		nplaces == 1 ? "" : "s", nfacts, nfacts == 1 ? "" : "s",
		nviol, nviol == 1 ? "" : "s");
	view_finish(c, "Data", counts.buf);
	sb_release(&counts);
}

size_t view_data_estimate(const struct vctx *c, enum collapse lv, bool fold)
{
	const struct factset *fs = c->in->fs;
	uint64_t *t = xcalloc(fs->nfacts + 1, sizeof *t);
	size_t nt = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !f->region)
			continue;
		const struct term *d = f->data;
		while (fold && d->parent)
			d = d->parent;
		t[nt++] = d->index;
	}
	size_t terms = count_distinct(t, nt);
	free(t);
	return count_fact_places(c, lv) + terms;
}
