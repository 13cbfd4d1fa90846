/*
 * view_jurisdiction: where data sits and who can reach it. Nested boxes
 * jurisdiction group → country → region (see view_common.c for a country
 * in several groups) hold the services with data there, labelled with
 * the categories and modes. Flows along depends_on and replication are
 * drawn between the places; one that crosses a border is bold and says
 * what crosses. A jurisdiction reaching in from outside — the law of a
 * provider's headquarters, or remote access (access_from) — is a node
 * with dashed edges into the regions or services it reaches. Facts that
 * break a policy are red, the policy named in the tooltip.
 */
#include <stdlib.h>
#include <string.h>

#include "views/view_int.h"

#define MAX_TERMS 6

/* One service in one region, with what it holds there. */
struct placement {
	const struct service *s;
	const struct region *r;
	uint32_t node;
	size_t nfacts, nviol;
	const struct term *terms[MAX_TERMS];
	unsigned modes[MAX_TERMS];
	size_t nterms, more;
	const struct violation *first_viol;
	struct placement *next;        /* same service, another region */
};

struct jctx {
	struct vctx *c;
	struct placement **by_service; /* per service index: its placements */
	struct ptrvec placements;
	uint32_t *region_rep;          /* per region index: node reached by lhead, or VG_ROOT */
};

/* A service is in a few regions: a short list per service is enough. */
static struct placement *placement_get(struct jctx *j, const struct service *s,
				       const struct region *r, bool create)
{
	struct placement *p = j->by_service[s->index];
	for (; p; p = p->next)
		if (p->r == r)
			return p;
	if (!create)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->s = s;
	p->r = r;
	p->node = VG_ROOT;
	p->next = j->by_service[s->index];
	j->by_service[s->index] = p;
	pv_push(&j->placements, p);
	return p;
}

static int cmp_placement(const void *a, const void *b)
{
	const struct placement *x = *(const struct placement *const *)a;
	const struct placement *y = *(const struct placement *const *)b;
	int c = strcmp(x->s->id, y->s->id);
	return c ? c : strcmp(x->r->id, y->r->id);
}

/* A region's box inside its country's (needs collapse < region). */
static uint32_t place_region_cluster(struct vctx *c, const struct region *r)
{
	if (!c->o->clusters) {
		c->g->clusters_dropped = true;
		return VG_ROOT;
	}
	uint32_t parent = place_country_cluster(c, r->country);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "r:%s", r->id);
	bool created;
	uint32_t i = vg_cluster(c->g, parent, sb.buf, &created);
	if (created) {
		struct vg_obj *o = &c->g->clusters[i].o;
		sb_reset(&sb);
		sb_adds(&sb, "<FONT POINT-SIZE=\"10\">");
		html_id_name(&sb, r->id, r->city ? r->city : r->name, 40);
		sb_adds(&sb, "</FONT>");
		vg_set(c->g, o, VA_LABEL, sb.buf);
		sb_reset(&sb);
		sb_adds(&sb, "region ");
		vg_tip_text(&sb, r->id, 0);
		if (r->name) {
			sb_adds(&sb, ": ");
			vg_tip_text(&sb, r->name, 0);
		}
		if (r->city) {
			sb_adds(&sb, ", ");
			vg_tip_text(&sb, r->city, 0);
		}
		const struct provider *op = region_operator(r);
		if (op) {
			sb_adds(&sb, "&#10;operated by ");
			vg_tip_text(&sb, op->id, 0);
			if (op->hq) {
				sb_adds(&sb, " (headquarters ");
				vg_tip_text(&sb, op->hq->id, 0);
				sb_adds(&sb, ")");
			}
		}
		vg_set(c->g, o, VA_TOOLTIP, sb.buf);
		vg_set(c->g, o, VA_STYLE, "rounded,filled");
		vg_set(c->g, o, VA_FILLCOLOR, "#F4F4F4");
		vg_set(c->g, o, VA_COLOR, "#9A9A9A");
		c->g->nclusters_real++;
	}
	sb_release(&sb);
	return i;
}

/* The node a placement is drawn in under the collapse level. */
static uint32_t placement_node(struct jctx *j, struct placement *p)
{
	struct vctx *c = j->c;
	struct vgraph *g = c->g;
	struct strbuf key = STRBUF_INIT, lab = STRBUF_INIT, tip = STRBUF_INIT;
	const struct region *r = p->r;
	const struct jur *cty = r->country;
	const struct jur *grp = home_of(c, cty);
	uint32_t cl = VG_ROOT;
	switch (c->collapse) {
	case COLLAPSE_NONE:
		/* ids hold no control characters: \x1f cannot be part of one */
		sb_addf(&key, "s:%s\x1f%s", p->s->id, r->id);
		cl = place_region_cluster(c, r);
		break;
	case COLLAPSE_TENANT: {
		const struct tenant *t = p->s->tenant;
		sb_addf(&key, "T:%s\x1f%s", t ? t->id : "", r->id);
		cl = place_region_cluster(c, r);
		if (t)
			html_id_name(&lab, t->id, t->name, 28);
		else
			sb_adds(&lab, "<B>no tenant</B>");
		sb_adds(&tip, "services of tenant ");
		vg_tip_text(&tip, t ? t->id : "(none)", 0);
		sb_adds(&tip, " in ");
		vg_tip_text(&tip, r->id, 0);
		break;
	}
	case COLLAPSE_REGION:
		sb_addf(&key, "R:%s", r->id);
		cl = place_country_cluster(c, cty);
		html_id_name(&lab, r->id, r->city, 28);
		sb_adds(&tip, "region ");
		vg_tip_text(&tip, r->id, 0);
		break;
	case COLLAPSE_COUNTRY:
		sb_addf(&key, "C:%s", cty ? cty->id : "");
		cl = place_group_cluster(c, grp);
		html_id_name(&lab, cty ? cty->id : "?", cty ? cty->name : NULL, 28);
		sb_adds(&tip, "country ");
		vg_tip_text(&tip, cty ? cty->id : "?", 0);
		break;
	default: {
		const struct jur *x = grp ? grp : cty;
		sb_addf(&key, "G:%s", x ? x->id : "");
		html_id_name(&lab, x ? x->id : "?", x ? x->name : NULL, 28);
		sb_adds(&tip, grp ? "jurisdiction group " : "country ");
		vg_tip_text(&tip, x ? x->id : "?", 0);
		break;
	}
	}
	bool created;
	uint32_t n = vg_node(g, cl, key.buf, &created);
	if (created && c->collapse != COLLAPSE_NONE) {
		vg_set(g, &g->nodes[n].o, VA_LABEL, lab.buf);
		vg_set(g, &g->nodes[n].o, VA_TOOLTIP, tip.buf);
		style_grouped(c, &g->nodes[n].o);
	}
	/* the first placement of a service in this node counts it */
	if (g->nodes[n].data != (void *)p->s) {
		g->nodes[n].nitems++;
		g->nodes[n].data = (void *)p->s;
	}
	sb_release(&key);
	sb_release(&lab);
	sb_release(&tip);
	return n;
}

static void placement_label(struct vctx *c, const struct placement *p)
{
	struct vgraph *g = c->g;
	struct vg_obj *o = &g->nodes[p->node].o;
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	sb_adds(&lab, "<B>");
	vg_html_text(&lab, display_name(p->s->id, p->s->name), 30);
	sb_adds(&lab, "</B><FONT POINT-SIZE=\"8\">");
	if (!c->o->clusters) {
		/* no region box around it: say where it is */
		sb_adds(&lab, "<BR/><I>in ");
		vg_html_text(&lab, p->r->id, 28);
		if (p->r->country) {
			sb_adds(&lab, " (");
			vg_html_text(&lab, p->r->country->id, 8);
			sb_adds(&lab, ")");
		}
		sb_adds(&lab, "</I>");
	}
	for (size_t i = 0; i < p->nterms; i++) {
		sb_adds(&lab, "<BR/>");
		vg_html_text(&lab, p->terms[i]->id, 28);
		sb_adds(&lab, ": ");
		bool first = true;
		for (int md = 0; md < MODE__COUNT; md++)
			if (p->modes[i] & (1u << md)) {
				sb_adds(&lab, first ? "" : ", ");
				sb_adds(&lab, mode_name((enum mode)md));
				first = false;
			}
	}
	if (p->more)
		sb_addf(&lab, "<BR/>+%zu more", p->more);
	sb_adds(&lab, "</FONT>");
	if (p->first_viol) {
		sb_adds(&lab, "<BR/><B>");
		html_policy_mark(&lab, p->first_viol->policy);
		sb_adds(&lab, "</B>");
	}
	sb_adds(&tip, "service ");
	vg_tip_text(&tip, p->s->id, 0);
	if (p->s->name) {
		sb_adds(&tip, ": ");
		vg_tip_text(&tip, p->s->name, 0);
	}
	sb_addf(&tip, " (%s)&#10;in ", kind_name(p->s->kind));
	vg_tip_text(&tip, p->r->id, 0);
	if (p->s->tenant) {
		sb_adds(&tip, "&#10;tenant: ");
		vg_tip_text(&tip, p->s->tenant->id, 0);
	}
	sb_addf(&tip, "&#10;facts here: %zu", p->nfacts);
	vg_set(g, o, VA_LABEL, lab.buf);
	vg_set(g, o, VA_TOOLTIP, tip.buf);
	style_service(c, o, p->s->kind);
	if (p->first_viol)
		style_violating(c, o, p->first_viol->policy->severity);
	sb_release(&lab);
	sb_release(&tip);
}

/* Appends the violations of facts in a tooltip: "violates P: message". */
static void tip_violation(struct strbuf *tip, const struct violation *v)
{
	sb_adds(tip, "&#10;violates ");
	vg_tip_text(tip, v->policy->id, 0);
	sb_addf(tip, " (%s)", severity_name(v->policy->severity));
	if (v->message) {
		sb_adds(tip, ": ");
		vg_tip_text(tip, v->message, 300);
	}
}

struct flow {
	bool cross, violating;
	struct ptrvec terms;
	const struct jur *from, *to;
	bool replica;
	/* aggregated (c->aggregate): every flow and replica between two nodes */
	struct agg agg;
	size_t nreplicas;
};


static struct flow *flow_of(struct vgraph *g, uint32_t e, struct ptrvec *all)
{
	if (!g->edges[e].data) {
		struct flow *f = xcalloc(1, sizeof *f);
		g->edges[e].data = f;
		pv_push(all, f);
	}
	return g->edges[e].data;
}

/* The edge of a flow or replica from one node to another: its own kind of
 * edge, or, aggregated, the one edge of the pair with the tally. */
static struct flow *flow_edge(struct vctx *c, const struct placement *from,
			      const struct placement *to, const char *kind, struct ptrvec *all)
{
	struct vgraph *g = c->g;
	uint32_t a = from->node, b = to->node;
	struct flow *fl;
	if (!c->aggregate) {
		fl = flow_of(g, vg_edge(g, a, b, kind, NULL), all);
	} else {
		bool back = agg_ends(g, &a, &b);
		fl = flow_of(g, vg_edge(g, a, b, "pair", NULL), all);
		fl->agg.n++;
		if (back) {
			fl->agg.back++;
			const struct placement *t = from;
			from = to;
			to = t;
		} else {
			fl->agg.fwd++;
		}
	}
	fl->from = from->r->country;
	fl->to = to->r->country;
	if (fl->from != fl->to)
		fl->cross = true;
	return fl;
}

static void flow_term(struct flow *f, const struct term *t)
{
	for (size_t i = 0; i < f->terms.n; i++)
		if (f->terms.v[i] == t)
			return;
	if (f->terms.n < 8)
		pv_push(&f->terms, (void *)t);
}

/* What a node of the view stands for, by collapse level. */
static const char *const place_nouns[COLLAPSE__COUNT] = {
	"service placements", "tenants' placements", "regions", "countries",
	"jurisdiction groups (or countries)"
};

/* An aggregated edge: "1,204 flows: health.records, +3 categories", the
 * countries first when a node is no larger than a region. */
static void label_aggregated(struct vctx *c, struct vg_edge *e, struct flow *fl)
{
	struct vgraph *g = c->g;
	struct vg_obj *o = &e->o;
	if (fl->agg.back > fl->agg.fwd) {
		const struct jur *t = fl->from;
		fl->from = fl->to;
		fl->to = t;
	}
	agg_orient(g, e, &fl->agg);
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	const struct agg *a = &fl->agg;
	bool replicas = fl->nreplicas == a->n;
	agg_sort(&fl->agg);
	if (replicas) {
		style_mode_edge(c, o, MODE_REPLICA);
		c->legend[LEG_MODE_FIRST + MODE_REPLICA] = false;
		c->legend[LEG_REPLICATION] = true;
	} else {
		/* grey inside a country, dark across a border */
		vg_set(g, o, VA_COLOR, fl->cross ? "#4D4D4D" : C_GREY);
		vg_set(g, o, VA_FONTCOLOR, fl->cross ? "#000000" : C_TEXT_GREY);
		c->legend[fl->cross ? LEG_FLOW_CROSS : LEG_FLOW] = true;
	}
	if (fl->cross && c->collapse <= COLLAPSE_REGION) {
		sb_adds(&lab, "<B>");
		vg_html_text(&lab, fl->from ? fl->from->id : "?", 8);
		sb_adds(&lab, a->fwd && a->back ? " \xe2\x86\x94 " : a->back ? " \xe2\x86\x90 " :
			" \xe2\x86\x92 ");
		vg_html_text(&lab, fl->to ? fl->to->id : "?", 8);
		sb_adds(&lab, "</B><BR/>");
	}
	agg_label(&lab, a, replicas ? "replica" : "flow", replicas ? "replicas" : "flows",
		  "category", "categories");
	char nb[32];
	size_t nflows = a->n - fl->nreplicas;
	if (nflows)
		sb_addf(&tip, "%s data flow%s", svg_grouped(nflows, nb), nflows == 1 ? "" : "s");
	if (fl->nreplicas)
		sb_addf(&tip, "%s%s replication%s", nflows ? " and " : "",
			svg_grouped(fl->nreplicas, nb), fl->nreplicas == 1 ? "" : "s");
	sb_adds(&tip, fl->cross ? " across a border: " : " inside ");
	vg_tip_text(&tip, fl->from ? fl->from->id : "?", 0);
	if (fl->cross) {
		sb_adds(&tip, a->fwd && a->back ? " and " : " to ");
		vg_tip_text(&tip, fl->to ? fl->to->id : "?", 0);
	}
	if (a->fwd && a->back)
		sb_addf(&tip, " (%s one way, %s the other)", svg_grouped(a->fwd, nb),
			svg_grouped(a->back, (char[32]){ 0 }));
	sb_adds(&tip, "&#10;data: ");
	agg_tip(&tip, a);
	vg_set(g, o, VA_LABEL, lab.buf);
	vg_set(g, o, VA_TOOLTIP, tip.buf);
	agg_style(c, o, a);
	if (replicas && fl->cross)
		vg_set(g, o, VA_STYLE, "dashed");
	sb_release(&lab);
	sb_release(&tip);
}

/* The worst severity of the fact's findings naming this reach, or -1. */
static int reach_severity(const struct vctx *c, const struct fact *f, const struct reach *rc)
{
	int sev = -1;
	for (size_t v = 0; v < fact_nviolations(c, f); v++) {
		const struct violation *vi = fact_violation(c, f, v);
		if (violation_names_reach(vi, rc) && (int)vi->policy->severity > sev)
			sev = (int)vi->policy->severity;
	}
	return sev;
}

/* Aggregated, the laws reaching a place are a line on the place, "law
 * reaching in: ⚠ US 1,204 · CN 12" (facts; ⚠ or info: where a policy
 * names the reach), not an edge from each law to every place. */
struct reached { uint32_t node; const struct jur *jur; int sev; };

static int cmp_reached(const void *a, const void *b)
{
	const struct reached *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return strcmp(x->jur->id, y->jur->id);
}

struct reached_count { const struct jur *jur; size_t n; int sev; };

static int cmp_reached_count(const void *a, const void *b)
{
	const struct reached_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->jur->id, y->jur->id);
}

static void label_reached(struct vctx *c, struct reached *r, size_t n)
{
	struct vgraph *g = c->g;
	xqsort(r, n, sizeof *r, cmp_reached);
	struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
	struct reached_count *cnt = NULL;
	size_t cap = 0;
	char nb[32];
	for (size_t i = 0; i < n;) {
		/* the laws reaching this node, most facts first */
		uint32_t node = r[i].node;
		size_t k = 0;
		while (i < n && r[i].node == node) {
			size_t e = i;
			while (e < n && r[e].node == node && r[e].jur == r[i].jur)
				e++;
			cnt = xgrow(cnt, &cap, k + 1, sizeof *cnt);
			cnt[k].jur = r[i].jur;
			cnt[k].n = e - i;
			cnt[k].sev = -1;
			for (size_t x = i; x < e; x++)
				if (r[x].sev > cnt[k].sev)
					cnt[k].sev = r[x].sev;
			k++;
			i = e;
		}
		xqsort(cnt, k, sizeof *cnt, cmp_reached_count);
		struct vg_obj *o = &g->nodes[node].o;
		sb_reset(&lab);
		sb_reset(&tip);
		sb_adds(&lab, o->a[VA_LABEL] ? o->a[VA_LABEL] : "");
		sb_adds(&lab, "<BR/><FONT POINT-SIZE=\"8\" COLOR=\"" C_BLUE "\">law reaching in:");
		sb_adds(&tip, o->a[VA_TOOLTIP] ? o->a[VA_TOOLTIP] : "");
		sb_adds(&tip, "&#10;law reaching in (facts):");
		for (size_t x = 0; x < k; x++) {
			const char *mark = cnt[x].sev < 0 ? "" : cnt[x].sev == SEV_INFO ? "info: " :
				"\xe2\x9a\xa0 ";
			if (x < 4) {
				sb_adds(&lab, x ? " \xc2\xb7 " : " ");
				sb_adds(&lab, mark);
				vg_html_text(&lab, cnt[x].jur->id, 8);
				sb_addf(&lab, " %s", svg_grouped(cnt[x].n, nb));
			} else if (x == 4) {
				sb_addf(&lab, " +%zu", k - 4);
			}
			sb_adds(&tip, x ? ", " : " ");
			vg_tip_text(&tip, cnt[x].jur->id, 0);
			sb_addf(&tip, " %s", svg_grouped(cnt[x].n, nb));
			if (cnt[x].sev >= 0)
				sb_addf(&tip, " (a policy denies it: %s)",
					severity_name((enum severity)cnt[x].sev));
		}
		sb_adds(&lab, "</FONT>");
		vg_set(g, o, VA_LABEL, lab.buf);
		vg_set(g, o, VA_TOOLTIP, tip.buf);
	}
	if (n) {
		c->legend[LEG_REACH_LISTED] = true;
		sb_addf(&c->agg_note, "%sthe laws reaching in listed on the places, marked where "
			"a policy denies the reach", c->agg_note.len ? "; " : "");
	}
	free(cnt);
	sb_release(&lab);
	sb_release(&tip);
}

static uint32_t jur_node(struct vctx *c, const struct jur *j)
{
	struct vgraph *g = c->g;
	struct strbuf key = STRBUF_INIT;
	sb_addf(&key, "j:%s", j->id);
	uint32_t n = vg_find_node(g, key.buf);
	if (n == VG_ROOT) {
		/* inside the country's own box when the view draws it */
		struct strbuf ck = STRBUF_INIT;
		sb_addf(&ck, "c:%s", j->id);
		uint32_t cl = c->collapse < COLLAPSE_COUNTRY ? vg_find_cluster(g, ck.buf) : VG_ROOT;
		sb_release(&ck);
		n = vg_node(g, cl, key.buf, NULL);
		struct vg_obj *o = &g->nodes[n].o;
		struct strbuf sb = STRBUF_INIT;
		html_id_name(&sb, j->id, j->name, 28);
		sb_adds(&sb, "<BR/><FONT POINT-SIZE=\"8\">law reaching in</FONT>");
		vg_set(g, o, VA_LABEL, sb.buf);
		sb_reset(&sb);
		sb_adds(&sb, "jurisdiction ");
		vg_tip_text(&sb, j->id, 0);
		if (j->name) {
			sb_adds(&sb, ": ");
			vg_tip_text(&sb, j->name, 0);
		}
		sb_adds(&sb, " reaches data held outside it");
		vg_set(g, o, VA_TOOLTIP, sb.buf);
		vg_set(g, o, VA_SHAPE, "doubleoctagon");
		vg_set(g, o, VA_STYLE, "filled");
		vg_set(g, o, VA_FILLCOLOR, "#FFFFFF");
		vg_set(g, o, VA_COLOR, C_BLUE);
		c->legend[LEG_JUR] = true;
		sb_release(&sb);
	}
	sb_release(&key);
	return n;
}

void view_jurisdiction(struct vctx *c)
{
	const struct factset *fs = c->in->fs;
	const struct model *m = c->in->m;
	struct vgraph *g = c->g;
	vg_set(g, &g->graph, VA_RANKDIR, "LR");
	vg_set(g, &g->graph, VA_RANKSEP, "0.9");
	struct jctx j = { .c = c };
	j.by_service = xcalloc(m->nservices + 1, sizeof *j.by_service);

	size_t nfacts = 0, nviol = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !f->region)
			continue;
		struct placement *p = placement_get(&j, f->service, f->region, true);
		p->nfacts++;
		nfacts++;
		size_t nv = fact_nviolations(c, f);
		p->nviol += nv;
		nviol += nv;
		for (size_t k = 0; k < nv; k++) {   /* the label names the most severe */
			const struct violation *v = fact_violation(c, f, k);
			if (!p->first_viol || v->policy->severity > p->first_viol->policy->severity)
				p->first_viol = v;
		}
		size_t k;
		for (k = 0; k < p->nterms; k++)
			if (p->terms[k] == f->data)
				break;
		if (k == p->nterms) {
			if (k == MAX_TERMS) {
				p->more++;
				continue;
			}
			p->terms[p->nterms++] = f->data;
		}
		p->modes[k] |= 1u << f->mode;
	}
	/* placements sorted by service then region: nodes count services once */
	xqsort(j.placements.v, j.placements.n, sizeof *j.placements.v, cmp_placement);
	j.region_rep = xcalloc(m->nregions + 1, sizeof *j.region_rep);
	for (size_t i = 0; i < m->nregions; i++)
		j.region_rep[i] = VG_ROOT;
	size_t nservices = 0;
	for (size_t i = 0; i < j.placements.n; i++) {
		struct placement *p = j.placements.v[i];
		if (!i || ((struct placement *)j.placements.v[i - 1])->s != p->s)
			nservices++;
		p->node = placement_node(&j, p);
		struct vg_node *n = &g->nodes[p->node];
		n->nfacts += p->nfacts;
		if (c->collapse == COLLAPSE_NONE)
			placement_label(c, p);
		uint32_t *rep = &j.region_rep[p->r->index];
		if (*rep == VG_ROOT || strcmp(n->key, g->nodes[*rep].key) < 0)
			*rep = p->node;
	}
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i].data = NULL;

	/* violations on merged nodes: first one seen, by placement order */
	if (c->collapse != COLLAPSE_NONE) {
		for (size_t i = 0; i < j.placements.n; i++) {
			struct placement *p = j.placements.v[i];
			struct vg_node *n = &g->nodes[p->node];
			if (p->first_viol && !n->data)
				n->data = (void *)p->first_viol;
		}
	}

	/* flows along depends_on and replication */
	struct ptrvec flows = PTRVEC_INIT;
	for (size_t i = 0; i < j.placements.n; i++) {
		struct placement *p = j.placements.v[i];
		/* data leaves from where the service runs, not from its replicas */
		bool runs = false;
		for (size_t r = 0; r < p->s->nregions; r++)
			runs |= p->s->regions[r].region == p->r;
		for (size_t k = 0; runs && k < p->s->ndeps; k++) {
			const struct dep *d = &p->s->deps[k];
			/* what flows, derived; not what `sends` or `receives`
			 * declares: sent from here to the dependency's regions,
			 * received from them to here */
			for (int back = 0; back < 2; back++) {
				size_t nsent;
				const struct term *const *sent = flows_edge(view_flows(c), p->s, k,
									    back, &nsent);
				for (size_t r = 0; nsent && r < d->to->nregions; r++) {
					struct placement *q = placement_get(&j, d->to,
									    d->to->regions[r].region,
									    false);
					if (!q || q->node == p->node)
						continue;
					struct placement *from = back ? q : p, *to = back ? p : q;
					struct flow *fl = flow_edge(c, from, to, "flow", &flows);
					for (size_t t = 0; t < nsent; t++) {
						flow_term(fl, sent[t]);
						if (c->aggregate)
							agg_item(&fl->agg, sent[t]->id, 1);
					}
				}
			}
		}
	}
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || f->mode != MODE_REPLICA || !f->region)
			continue;
		struct placement *q = placement_get(&j, f->service, f->region, false);
		for (size_t r = 0; q && r < f->service->nregions; r++) {
			struct placement *p = placement_get(&j, f->service,
							    f->service->regions[r].region, false);
			if (!p || p->node == q->node)
				continue;
			struct flow *fl = flow_edge(c, p, q, "replica", &flows);
			fl->nreplicas++;
			if (c->aggregate)
				agg_item(&fl->agg, f->data->id, 1);
			fl->replica = true;
			flow_term(fl, f->data);
			if (fact_nviolations(c, f))
				fl->violating = true;
		}
	}
	size_t ncross = 0, nmerged = 0;
	for (size_t e = 0; e < g->nedges; e++) {
		struct flow *fl = g->edges[e].data;
		struct vg_obj *o = &g->edges[e].o;
		if (c->aggregate) {
			ncross += fl->cross;
			nmerged += fl->agg.n;
			label_aggregated(c, &g->edges[e], fl);
			agg_release(&fl->agg);
			g->edges[e].data = NULL;
			continue;
		}
		struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
		if (fl->replica) {
			style_mode_edge(c, o, MODE_REPLICA);
			c->legend[LEG_MODE_FIRST + MODE_REPLICA] = false;
			c->legend[LEG_REPLICATION] = true;
		} else {
			vg_set(g, o, VA_COLOR, "#4D4D4D");
			if (!fl->cross)
				c->legend[LEG_FLOW] = true;
		}
		sb_adds(&tip, fl->replica ? "replication" : "data flow");
		if (fl->cross) {
			ncross++;
			vg_set(g, o, VA_STYLE, fl->replica ? "dashed,bold" : "bold");
			vg_set(g, o, VA_PENWIDTH, "3.5");
			c->legend[LEG_FLOW_CROSS] = true;
			/* merged nodes make long labels noise: the countries
			 * while a node is one place, the data while it is a service */
			if (c->collapse <= COLLAPSE_REGION) {
				sb_adds(&lab, "<B>");
				vg_html_text(&lab, fl->from ? fl->from->id : "?", 8);
				sb_adds(&lab, " \xe2\x86\x92 ");
				vg_html_text(&lab, fl->to ? fl->to->id : "?", 8);
				sb_adds(&lab, "</B>");
			} else if (g->edges[e].count > 1) {
				sb_addf(&lab, "%zu flows", g->edges[e].count);
			}
			size_t show = c->collapse <= COLLAPSE_TENANT ? 3 : 2;
			for (size_t t = 0; t < fl->terms.n && t < show; t++) {
				sb_adds(&lab, t ? ", " : lab.len ? "<BR/>" : "");
				vg_html_text(&lab, ((const struct term *)fl->terms.v[t])->id, 24);
			}
			if (fl->terms.n > show)
				sb_addf(&lab, " +%zu", fl->terms.n - show);
			sb_adds(&tip, " across a border: ");
			vg_tip_text(&tip, fl->from ? fl->from->id : "?", 0);
			sb_adds(&tip, " to ");
			vg_tip_text(&tip, fl->to ? fl->to->id : "?", 0);
		}
		sb_adds(&tip, "&#10;data:");
		for (size_t t = 0; t < fl->terms.n; t++) {
			sb_adds(&tip, t ? ", " : " ");
			vg_tip_text(&tip, ((const struct term *)fl->terms.v[t])->id, 0);
		}
		if (g->edges[e].count > 1)
			sb_addf(&tip, "&#10;%zu flows merged", g->edges[e].count);
		if (lab.len)
			vg_set(g, o, VA_LABEL, lab.buf);
		vg_set(g, o, VA_TOOLTIP, tip.buf);
		sb_release(&lab);
		sb_release(&tip);
		g->edges[e].data = NULL;
	}
	for (size_t i = 0; i < flows.n; i++) {
		struct flow *fl = flows.v[i];
		pv_release(&fl->terms);
		free(fl);
	}
	pv_release(&flows);
	size_t flow_edges = g->nedges;
	if (c->aggregate)
		agg_note_between(c, nmerged, "flow or replica", "flows and replicas",
				 place_nouns[c->collapse], flow_edges);

	/* legal reach from outside the region's country */
	struct reached *reached = NULL;
	size_t nreached = 0, reached_cap = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !f->region)
			continue;
		struct placement *p = placement_get(&j, f->service, f->region, false);
		for (size_t k = 0; k < f->nreach; k++) {
			const struct reach *rc = &f->reach[k];
			if (rc->why == REACH_LOCATION || !rc->jur || rc->jur == f->region->country)
				continue;
			if (c->aggregate) {
				/* on the place's label, not an edge to every place */
				reached = xgrow(reached, &reached_cap, nreached + 1, sizeof *reached);
				reached[nreached].node = p->node;
				reached[nreached].jur = rc->jur;
				reached[nreached++].sev = reach_severity(c, f, rc);
				continue;
			}
			uint32_t from = jur_node(c, rc->jur);
			uint32_t to = p->node;
			uint32_t lhead = VG_ROOT;
			struct strbuf key = STRBUF_INIT;
			bool hq = rc->why == REACH_PROVIDER_HQ;
			if (hq) {
				/* merged places: one law edge whatever the provider */
				sb_addf(&key, "hq:%s", c->collapse >= COLLAPSE_REGION ? "" :
					rc->provider ? rc->provider->id : "");
				if (c->collapse <= COLLAPSE_TENANT && c->o->clusters) {
					to = j.region_rep[f->region->index];
					struct strbuf rk = STRBUF_INIT;
					sb_addf(&rk, "r:%s", f->region->id);
					lhead = vg_find_cluster(g, rk.buf);
					sb_release(&rk);
				}
			} else {
				sb_adds(&key, "access");
			}
			bool created;
			uint32_t e = vg_edge(g, from, to, key.buf, &created);
			sb_release(&key);
			struct vg_edge *ed = &g->edges[e];
			/* the most severe finding naming this reach */
			const struct violation *worst = ed->data;
			for (size_t v = 0; v < fact_nviolations(c, f); v++) {
				const struct violation *vi = fact_violation(c, f, v);
				if (violation_names_reach(vi, rc) &&
				    (!worst || vi->policy->severity > worst->policy->severity))
					worst = vi;
			}
			ed->data = (void *)worst;
			if (created) {
				ed->lhead = lhead;
				struct vg_obj *o = &ed->o;
				struct strbuf lab = STRBUF_INIT, tip = STRBUF_INIT;
				vg_tip_text(&tip, rc->jur->id, 0);
				if (hq) {
					const struct provider *pv = rc->provider;
					sb_adds(&tip, " law reaches ");
					vg_tip_text(&tip, f->region->id, 0);
					sb_adds(&tip, ": its operator ");
					vg_tip_text(&tip, pv ? pv->id : "?", 0);
					sb_adds(&tip, " is headquartered there");
					if (c->collapse < COLLAPSE_REGION) {
						sb_adds(&lab, "via ");
						vg_html_text(&lab, pv ? pv->id : "?", 20);
						sb_adds(&lab, " HQ");
					}
					if (pv && pv->nlaws) {
						sb_adds(&tip, " (");
						for (size_t l = 0; l < pv->nlaws; l++) {
							sb_adds(&tip, l ? ", " : "");
							vg_tip_text(&tip, pv->laws[l], 0);
						}
						sb_adds(&tip, ")");
					}
					vg_set(g, o, VA_COLOR, C_BLUE);
					vg_set(g, o, VA_FONTCOLOR, C_BLUE);
					vg_set(g, o, VA_ARROWHEAD, "diamond");
					c->legend[LEG_REACH_HQ] = true;
				} else {
					sb_adds(&tip, " reaches ");
					vg_tip_text(&tip, f->service->id, 0);
					sb_adds(&tip, " in ");
					vg_tip_text(&tip, f->region->id, 0);
					sb_adds(&tip, " by remote access (access_from)");
					if (c->collapse == COLLAPSE_NONE)
						sb_adds(&lab, "remote access");
					vg_set(g, o, VA_COLOR, C_PURPLE);
					vg_set(g, o, VA_FONTCOLOR, C_PURPLE);
					vg_set(g, o, VA_ARROWHEAD, "odiamond");
					c->legend[LEG_REACH_ACCESS] = true;
				}
				vg_set(g, o, VA_STYLE, "dashed");
				vg_set(g, o, VA_LABEL, lab.buf);
				vg_set(g, o, VA_TOOLTIP, tip.buf);
				sb_release(&lab);
				sb_release(&tip);
			}
		}
	}
	/* reach a policy names: its finding's tooltip, style and mark */
	for (size_t e = flow_edges; e < g->nedges; e++) {
		struct vg_edge *ed = &g->edges[e];
		const struct violation *vi = ed->data;
		ed->data = NULL;
		if (!vi)
			continue;
		struct strbuf tip = STRBUF_INIT, lab = STRBUF_INIT;
		sb_adds(&tip, ed->o.a[VA_TOOLTIP]);
		tip_violation(&tip, vi);
		vg_set(g, &ed->o, VA_TOOLTIP, tip.buf);
		style_violating_edge(c, &ed->o, vi->policy->severity, LEG_REACH_VIOLATING, &lab);
		if (ed->o.a[VA_LABEL] && ed->o.a[VA_LABEL][0]) {
			sb_addc(&lab, ' ');
			sb_adds(&lab, ed->o.a[VA_LABEL]);
		}
		vg_set(g, &ed->o, VA_LABEL, lab.buf);
		sb_release(&lab);
		sb_release(&tip);
	}

	label_reached(c, reached, nreached);
	free(reached);

	/* violations in node tooltips */
	for (size_t i = 0; i < j.placements.n; i++) {
		struct placement *p = j.placements.v[i];
		if (!p->first_viol || c->collapse != COLLAPSE_NONE)
			continue;
		struct vg_obj *o = &g->nodes[p->node].o;
		struct strbuf tip = STRBUF_INIT;
		sb_adds(&tip, o->a[VA_TOOLTIP]);
		tip_violation(&tip, p->first_viol);
		if (p->nviol > 1)
			sb_addf(&tip, "&#10;(%zu violations here in all)", p->nviol);
		vg_set(g, o, VA_TOOLTIP, tip.buf);
		sb_release(&tip);
	}

	size_t nregions = 0, ncountries = 0;
	{
		bool *seen = xcalloc(m->nregions + 1, sizeof *seen);
		bool *cseen = xcalloc(m->ncountries + 1, sizeof *cseen);
		for (size_t i = 0; i < j.placements.n; i++) {
			const struct region *r = ((struct placement *)j.placements.v[i])->r;
			if (!seen[r->index]) {
				seen[r->index] = true;
				nregions++;
			}
			if (r->country && !r->country->is_group && !cseen[r->country->country_bit]) {
				cseen[r->country->country_bit] = true;
				ncountries++;
			}
		}
		free(seen);
		free(cseen);
	}
	if (c->collapse != COLLAPSE_NONE) {
		for (size_t i = 0; i < g->nnodes; i++) {
			struct vg_node *n = &g->nodes[i];
			if (n->key[0] == 'j' || n->key[0] == '!')
				continue;
			struct strbuf sb = STRBUF_INIT;
			sb_adds(&sb, n->o.a[VA_LABEL]);
			sb_addf(&sb, "<BR/><FONT POINT-SIZE=\"9\">%zu service%s \xc2\xb7 %zu fact%s</FONT>",
				n->nitems, n->nitems == 1 ? "" : "s", n->nfacts,
				n->nfacts == 1 ? "" : "s");
			if (n->data) {
				const struct violation *v = n->data;
				sb_adds(&sb, "<BR/><B>");
				html_policy_mark(&sb, v->policy);
				sb_adds(&sb, "</B>");
				style_violating(c, &n->o, v->policy->severity);
				struct strbuf tip = STRBUF_INIT;
				sb_adds(&tip, n->o.a[VA_TOOLTIP]);
				tip_violation(&tip, v);
				vg_set(g, &n->o, VA_TOOLTIP, tip.buf);
				sb_release(&tip);
				n->data = NULL;
			}
			vg_set(g, &n->o, VA_LABEL, sb.buf);
			sb_release(&sb);
		}
	}
	g->nfacts = nfacts;

	struct strbuf counts = STRBUF_INIT;
	sb_addf(&counts, "%zu region%s in %zu countr%s \xc2\xb7 %zu service%s \xc2\xb7 "
		"%zu fact%s \xc2\xb7 %zu border crossing%s \xc2\xb7 %zu violation%s",
		nregions, nregions == 1 ? "" : "s", ncountries, ncountries == 1 ? "y" : "ies",
		nservices, nservices == 1 ? "" : "s", nfacts, nfacts == 1 ? "" : "s",
		ncross, ncross == 1 ? "" : "s", nviol, nviol == 1 ? "" : "s");
	if (c->aggregate)
		agg_rankdir(c, "0.9");
	view_finish(c, "Jurisdictions", counts.buf);
	sb_release(&counts);

	for (size_t i = 0; i < j.placements.n; i++)
		free(j.placements.v[i]);
	pv_release(&j.placements);
	free(j.by_service);
	free(j.region_rep);
}

size_t view_jurisdiction_estimate(const struct vctx *c, enum collapse lv, bool fold)
{
	(void)fold;
	if (lv >= COLLAPSE_REGION)
		return count_fact_places(c, lv);
	/* a node per service (or tenant) in each region */
	const struct factset *fs = c->in->fs;
	uint64_t *k = xcalloc(fs->nfacts + 1, sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!fact_kept(c, f) || !f->region)
			continue;
		uint64_t r = f->region->index;
		if (lv == COLLAPSE_NONE)
			k[n++] = (uint64_t)f->service->index << 32 | r;
		else
			k[n++] = (uint64_t)(f->tenant ? f->tenant->index : UINT32_MAX) << 32 | r;
	}
	size_t d = count_distinct(k, n);
	free(k);
	return d;
}
