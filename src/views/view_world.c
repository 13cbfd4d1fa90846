/*
 * view_world: the world view — a map of the countries, shaded by the data
 * they hold (stored or replica darker than processed or accessed),
 * outlined where their law reaches data held elsewhere, marked where a
 * policy is broken (by severity), with arrows between countries for the
 * flows, replicas and remote access that cross a border, aggregated per
 * pair with counts. resmap writes the SVG itself (deterministic, no
 * layout engine); gv_render_svg turns it into PNG or PDF.
 *
 * Facts are gathered per country
 * (what is held there and how, by which services, in which regions,
 * which policies break there, where its law reaches) and per pair of
 * countries (flows, replicas and remote access across a border); the SVG
 * is then written in one pass over the embedded map, in its order.
 *
 * Colours: the map is read by lightness first — dark blue where data is
 * stored or replicated, light blue with a blue outline where it is only
 * processed or accessed, grey where there is none — so it survives
 * greyscale printing and colour blindness; dashes, marker shapes and
 * labels carry every other meaning (WCAG 2 1.4.1), and every mark has at
 * least 3:1 contrast with what surrounds it (1.4.11).
 */
#include "views/view_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "views/svg_draw.h"
#include "views/world_map.h"

#define C_LAND        "#E4E4E4"
#define C_BORDER      "#FFFFFF"
#define C_HELD        "#08519C"   /* stored or replica: 6.2:1 on the land grey */
#define C_TOUCHED     "#A6CEE3"   /* processed or accessed, always outlined ... */
#define C_TOUCHED_EDGE "#2C7FB8"  /* ... in this: 3.4:1 on the land grey */
#define C_LAW         "#7B3294"   /* law reaching out; remote access arrows */
#define C_FLOW        "#4D4D4D"
#define C_REPLICA     C_BLUE
#define C_TEXT        SVG_TEXT

#define MARGIN 16.0
#define MAP_TOP 70.0               /* below the title lines */
#define ARROW_BUDGET 40            /* more is a hairball (seen at 10k services) */

enum arrow_kind { ARROW_FLOW, ARROW_REPLICA, ARROW_ACCESS, ARROW__COUNT };
static const char *const arrow_words[ARROW__COUNT] = { "data flow", "replication",
						       "remote access" };

/* Legend items, in legend order; the three severities last, worst first. */
enum {
	LG_HELD, LG_TOUCHED, LG_NONE, LG_LAW, LG_DOT, LG_FLOW, LG_REPLICA, LG_ACCESS,
	LG_ARROW_BAD, LG_ERROR, LG_WARNING, LG_INFO, LG__COUNT
};

/* What one country holds and does; allocated for the countries that matter. */
struct cstat {
	size_t nfacts;
	unsigned modes;                /* 1u << enum mode */
	unsigned char *data;           /* per data term index: mode bits */
	unsigned char *svc;            /* per service index: held here */
	size_t nsvc;
	unsigned char *regions;        /* per region index */
	size_t nviol[SEV__COUNT];
	unsigned char *policy;         /* per policy index: broken here */
	/* its law reaching data held in other countries */
	size_t nreach;                 /* facts reached */
	unsigned char *reached;        /* per country index */
	unsigned char *via;            /* per provider index: headquarters law */
	bool via_access;
	/* border crossings, every arrow counted (drawn or not) */
	size_t out_facts, in_facts, out_to, in_from;
};

struct arrow {
	enum arrow_kind kind;
	uint32_t from, to;             /* country indexes */
	size_t nfacts, nbad;
	unsigned char *data;           /* per data term index */
};

/*
 * Where a drawing goes: the main map (scale 1), or the inset that shows
 * the map's window enlarged. A point of the map at x, y is drawn at
 * dx + s * x, dy + s * y; sizes (text, lines, markers) are not scaled.
 */
struct frame {
	bool inset;
	double s, dx, dy;
	const char *prefix;            /* of country ids: "country-", "inset-" */
	double r[4];                   /* the inset: its rectangle, labels stay in it */
};

struct wctx {
	const struct view_input *in;
	const struct model *m;
	const struct world_map *map;
	struct cstat **cs;             /* per country index, NULL: nothing */
	uint32_t *arrow_at;            /* [kind][from][to]: arrow index + 1 */
	struct arrow *arrows;
	size_t narrows, arrows_cap;
	unsigned char *fact_bad;       /* per fact: a violation names it */
	uint32_t *stamp;               /* per country: last fact (+1) seen, for dedup */
	size_t nfacts, nviol, ncountries, nowhere;
	size_t ncross;                 /* facts on arrows, drawn or not */
	bool legend[LG__COUNT];
	/* placed labels and markers of the frame being drawn, for collisions */
	double (*boxes)[4];
	size_t nboxes, boxes_cap;
	bool inset;                    /* the inset is drawn */
	size_t max_arrow;              /* facts on the largest arrow drawn */
};

static double fx(const struct frame *f, double x) { return f->dx + f->s * x; }
static double fy(const struct frame *f, double y) { return f->dy + f->s * y; }

/* True when the inset shows this point of the map. */
static bool in_window(const struct world_map *map, double x, double y)
{
	return map->has_inset && x >= map->win[0] && x <= map->win[2] &&
	       y >= map->win[1] && y <= map->win[3];
}

static struct cstat *cstat_of(struct wctx *w, const struct jur *cty)
{
	struct cstat **p = &w->cs[cty->country_bit];
	if (!*p) {
		const struct model *m = w->m;
		struct cstat *c = xcalloc(1, sizeof *c);
		c->data = xcalloc(m->ndata + 1, 1);
		c->svc = xcalloc(m->nservices + 1, 1);
		c->regions = xcalloc(m->nregions + 1, 1);
		c->policy = xcalloc(m->npolicies + 1, 1);
		c->reached = xcalloc(m->ncountries + 1, 1);
		c->via = xcalloc(m->nproviders + 1, 1);
		*p = c;
	}
	return *p;
}

static void cstat_free(struct cstat *c)
{
	if (!c)
		return;
	free(c->data);
	free(c->svc);
	free(c->regions);
	free(c->policy);
	free(c->reached);
	free(c->via);
	free(c);
}

static void add_arrow(struct wctx *w, enum arrow_kind k, const struct jur *from,
		      const struct jur *to, const struct fact *f, bool bad)
{
	size_t nc = w->m->ncountries;
	uint32_t *slot = &w->arrow_at[((size_t)k * nc + from->country_bit) * nc + to->country_bit];
	if (!*slot) {
		w->arrows = xgrow(w->arrows, &w->arrows_cap, w->narrows + 1, sizeof *w->arrows);
		struct arrow *a = &w->arrows[w->narrows++];
		memset(a, 0, sizeof *a);
		a->kind = k;
		a->from = from->country_bit;
		a->to = to->country_bit;
		a->data = xcalloc(w->m->ndata + 1, 1);
		*slot = (uint32_t)w->narrows;
	}
	struct arrow *a = &w->arrows[*slot - 1];
	a->nfacts++;
	a->nbad += bad;
	a->data[f->data->index] = 1;
}

/* Arrows of one fact: from each country the data left, once each. */
static void fact_arrows(struct wctx *w, const struct fact *f, size_t fi)
{
	const struct service *from = NULL;
	enum arrow_kind k;
	switch (f->mode) {
	case MODE_REPLICA:
		from = f->service;
		k = ARROW_REPLICA;
		break;
	case MODE_ACCESSED:
		if (f->region && f->region->country && f->region->country != f->country)
			add_arrow(w, ARROW_ACCESS, f->region->country, f->country, f, w->fact_bad[fi]);
		return;
	default:
		/* data leaves from where the previous service runs */
		if (!f->path || !f->path->prev)
			return;
		from = f->path->prev->service;
		k = ARROW_FLOW;
		break;
	}
	for (size_t r = 0; r < from->nregions; r++) {
		const struct jur *c = from->regions[r].region->country;
		if (!c || c == f->country || w->stamp[c->country_bit] == fi + 1)
			continue;
		w->stamp[c->country_bit] = (uint32_t)(fi + 1);
		add_arrow(w, k, c, f->country, f, w->fact_bad[fi]);
	}
}

static void gather(struct wctx *w)
{
	const struct model *m = w->m;
	const struct factset *fs = w->in->fs;
	const struct verdicts *v = w->in->v;
	const unsigned char *keep = w->in->fact_keep;
	w->fact_bad = xcalloc(fs->nfacts + 1, 1);
	for (size_t i = 0; v && i < v->n; i++) {
		const struct violation *vi = &v->v[i];
		size_t fi = (size_t)(vi->fact - fs->facts);
		if (keep && !keep[fi])
			continue;
		w->fact_bad[fi] = 1;
		w->nviol++;
		if (!vi->fact->country)
			continue;
		struct cstat *c = cstat_of(w, vi->fact->country);
		c->nviol[vi->policy->severity]++;
		c->policy[vi->policy->index] = 1;
	}
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (keep && !keep[i])
			continue;
		w->nfacts++;
		if (!f->country || f->country->is_group) {
			w->nowhere++;
			continue;
		}
		struct cstat *c = cstat_of(w, f->country);
		c->nfacts++;
		c->modes |= 1u << f->mode;
		c->data[f->data->index] |= (unsigned char)(1u << f->mode);
		if (!c->svc[f->service->index]) {
			c->svc[f->service->index] = 1;
			c->nsvc++;
		}
		if (f->region)
			c->regions[f->region->index] = 1;
		const struct jur *held = f->region && f->region->country ? f->region->country :
					 f->country;
		for (size_t k = 0; k < f->nreach; k++) {
			const struct reach *rc = &f->reach[k];
			if (rc->why == REACH_LOCATION || !rc->jur || rc->jur->is_group ||
			    rc->jur == held)
				continue;
			struct cstat *r = cstat_of(w, rc->jur);
			if (k == 0 || rc->jur != f->reach[k - 1].jur)
				r->nreach++;     /* once a fact: entries are sorted by country */
			r->reached[held->country_bit] = 1;
			if (rc->why == REACH_PROVIDER_HQ && rc->provider)
				r->via[rc->provider->index] = 1;
			else if (rc->why == REACH_ACCESS)
				r->via_access = true;
		}
		fact_arrows(w, f, i);
	}
	for (size_t i = 0; i < m->ncountries; i++)
		if (w->cs[i] && w->cs[i]->nfacts)
			w->ncountries++;
	/* crossings per country, before the arrow budget drops any */
	size_t nc = m->ncountries;
	for (size_t i = 0; i < w->narrows; i++) {
		const struct arrow *a = &w->arrows[i];
		w->ncross += a->nfacts;
		cstat_of(w, m->countries[a->from])->out_facts += a->nfacts;
		cstat_of(w, m->countries[a->to])->in_facts += a->nfacts;
	}
	for (size_t from = 0; from < nc; from++)
		for (size_t to = 0; to < nc; to++) {
			bool any = false;
			for (int k = 0; k < ARROW__COUNT && !any; k++)
				any = w->arrow_at[((size_t)k * nc + from) * nc + to] != 0;
			if (any) {
				w->cs[from]->out_to++;
				w->cs[to]->in_from++;
			}
		}
}

/* ---- geometry ---- */

void world_arrow_shape(double fx, double fy, double tx, double ty, double bend,
		       double width, double gap0, double gap1, struct world_arrow *a)
{
	double dx = tx - fx, dy = ty - fy;
	double len = sqrt(dx * dx + dy * dy);
	if (len < 1e-9)
		len = 1e-9;
	/* the left of the direction, in SVG's y-down frame */
	double nx = dy / len, ny = -dx / len;
	double cx = (fx + tx) / 2 + nx * bend * len, cy = (fy + ty) / 2 + ny * bend * len;
	/* a quadratic is about as long as its chord plus a little for the bow */
	double arc = len * (1 + 8.0 / 3.0 * bend * bend);
	double head = 5 + 1.6 * width;
	double t0 = gap0 / arc, t1 = 1 - gap1 / arc, tb = t1 - head / arc;
	if (t0 > 0.3)
		t0 = 0.3;
	if (t1 < 0.7)
		t1 = 0.7;
	if (tb < t0 + 0.05)
		tb = t0 + 0.05;
#define QB(t, p0, c, p2) ((1 - (t)) * (1 - (t)) * (p0) + 2 * (1 - (t)) * (t) * (c) + (t) * (t) * (p2))
	/* the piece [t0, tb] of the curve: ends on it, control point by blossoming */
	a->x0 = QB(t0, fx, cx, tx);
	a->y0 = QB(t0, fy, cy, ty);
	a->x1 = QB(tb, fx, cx, tx);
	a->y1 = QB(tb, fy, cy, ty);
	a->cx = (1 - t0) * (1 - tb) * fx + ((1 - t0) * tb + t0 * (1 - tb)) * cx + t0 * tb * tx;
	a->cy = (1 - t0) * (1 - tb) * fy + ((1 - t0) * tb + t0 * (1 - tb)) * cy + t0 * tb * ty;
	a->tipx = QB(t1, fx, cx, tx);
	a->tipy = QB(t1, fy, cy, ty);
	a->mx = QB(0.5, fx, cx, tx);
	a->my = QB(0.5, fy, cy, ty);
#undef QB
	/* the head points from the base of the curve to the tip */
	double hx = a->tipx - a->x1, hy = a->tipy - a->y1;
	double hl = sqrt(hx * hx + hy * hy);
	if (hl < 1e-9) {
		hx = dx / len;
		hy = dy / len;
	} else {
		hx /= hl;
		hy /= hl;
	}
	double half = 2.5 + 1.1 * width;
	a->lx = a->x1 - hy * half;
	a->ly = a->y1 + hx * half;
	a->rx = a->x1 + hy * half;
	a->ry = a->y1 - hx * half;
}

/* ---- writing ---- */

/* The catalog's name when there is one, else Natural Earth's. */
static const char *country_name(const struct world_country *wc, const struct jur *j)
{
	return j && j->name ? j->name : wc->name;
}

/* Appends up to max items of a byte set over terms/services/regions. */
#define LIST_MAX 12

static void title_terms(const struct wctx *w, struct strbuf *sb, const unsigned char *data)
{
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < w->m->ndata; i++) {
		if (!data[i])
			continue;
		if (shown == LIST_MAX) {
			more++;
			continue;
		}
		sb_adds(sb, shown++ ? "; " : "");
		vg_xml_text(sb, w->m->data[i]->id, 60);
		bool first = true;
		for (int md = 0; md < MODE__COUNT; md++)
			if (data[i] & (1u << md)) {
				sb_adds(sb, first ? " (" : ", ");
				sb_adds(sb, mode_name((enum mode)md));
				first = false;
			}
		if (!first)
			sb_addc(sb, ')');
	}
	if (more)
		sb_addf(sb, "; +%zu more", more);
}

static void title_list(struct strbuf *sb, const unsigned char *set, size_t n,
		       const char *(*id)(const struct model *, size_t), const struct model *m,
		       size_t max)
{
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < n; i++) {
		if (!set[i])
			continue;
		if (shown == max) {
			more++;
			continue;
		}
		sb_adds(sb, shown++ ? ", " : "");
		vg_xml_text(sb, id(m, i), 60);
	}
	if (more)
		sb_addf(sb, ", +%zu more", more);
}

static const char *svc_id(const struct model *m, size_t i) { return m->services[i]->id; }
static const char *region_id(const struct model *m, size_t i) { return m->regions[i]->id; }
static const char *policy_id(const struct model *m, size_t i) { return m->policies[i]->id; }
static const char *country_id(const struct model *m, size_t i) { return m->countries[i]->id; }
static const char *provider_id(const struct model *m, size_t i) { return m->providers[i]->id; }

static void country_title(const struct wctx *w, struct strbuf *sb,
			  const struct world_country *wc, const struct jur *j,
			  const struct cstat *c)
{
	vg_xml_text(sb, country_name(wc, j), 80);
	if (wc->code[0])
		sb_addf(sb, " (%s)", wc->code);
	else
		sb_adds(sb, " (no ISO 3166 code)");
	if (!c || (!c->nfacts && !c->nreach)) {
		sb_adds(sb, ": no data");
		return;
	}
	if (c->nfacts) {
		sb_addf(sb, "&#10;holds %s fact%s: ", SVG_G(c->nfacts), c->nfacts == 1 ? "" : "s");
		title_terms(w, sb, c->data);
		sb_addf(sb, "&#10;service%s (%zu): ", c->nsvc == 1 ? "" : "s", c->nsvc);
		title_list(sb, c->svc, w->m->nservices, svc_id, w->m, 8);
		bool any = false;
		for (size_t i = 0; i < w->m->nregions && !any; i++)
			any = c->regions[i];
		if (any) {
			sb_adds(sb, "&#10;regions: ");
			title_list(sb, c->regions, w->m->nregions, region_id, w->m, 8);
		}
	}
	size_t nv = c->nviol[SEV_ERROR] + c->nviol[SEV_WARNING] + c->nviol[SEV_INFO];
	if (nv) {
		sb_adds(sb, "&#10;breaks policies:");
		bool first = true;
		for (int s = SEV__COUNT - 1; s >= 0; s--)
			if (c->nviol[s]) {
				sb_addf(sb, "%s %zu %s", first ? "" : ",", c->nviol[s],
					severity_name((enum severity)s));
				first = false;
			}
		sb_adds(sb, " (");
		title_list(sb, c->policy, w->m->npolicies, policy_id, w->m, 6);
		sb_adds(sb, ")");
	}
	if (c->out_facts)
		sb_addf(sb, "&#10;sends %s fact%s across borders, to %zu countr%s", SVG_G(c->out_facts),
			c->out_facts == 1 ? "" : "s", c->out_to, c->out_to == 1 ? "y" : "ies");
	if (c->in_facts)
		sb_addf(sb, "&#10;receives %s fact%s across borders, from %zu countr%s", SVG_G(c->in_facts),
			c->in_facts == 1 ? "" : "s", c->in_from, c->in_from == 1 ? "y" : "ies");
	if (c->nreach) {
		sb_addf(sb, "&#10;its law reaches %s fact%s held in ", SVG_G(c->nreach),
			c->nreach == 1 ? "" : "s");
		title_list(sb, c->reached, w->m->ncountries, country_id, w->m, 12);
		bool hq = false;
		for (size_t i = 0; i < w->m->nproviders && !hq; i++)
			hq = c->via[i];
		sb_adds(sb, " (");
		if (hq) {
			sb_adds(sb, "headquarters of ");
			title_list(sb, c->via, w->m->nproviders, provider_id, w->m, 6);
		}
		if (c->via_access)
			sb_adds(sb, hq ? "; remote access" : "remote access");
		sb_adds(sb, ")");
	}
}

/* The fill of a country, and the legend item it uses. */
static const char *country_fill(const struct cstat *c, const char **stroke, double *sw, int *leg)
{
	*stroke = C_BORDER;
	*sw = 0.5;
	if (c && (c->modes & (1u << MODE_STORED | 1u << MODE_REPLICA))) {
		*leg = LG_HELD;
		return C_HELD;
	}
	if (c && c->modes) {
		*stroke = C_TOUCHED_EDGE;
		*sw = 0.9;
		*leg = LG_TOUCHED;
		return C_TOUCHED;
	}
	*leg = LG_NONE;
	return C_LAND;
}

static const char *country_class(const struct cstat *c)
{
	if (c && (c->modes & (1u << MODE_STORED | 1u << MODE_REPLICA)))
		return "held";
	if (c && c->modes)
		return "touched";
	return "none";
}

static const struct jur *model_country(const struct wctx *w, const struct world_country *wc)
{
	if (!wc->code[0])
		return NULL;
	const struct jur *j = model_find_jur(w->m, wc->code);
	return j && !j->is_group ? j : NULL;
}

static const struct cstat *stat_of(const struct wctx *w, const struct jur *j)
{
	return j ? w->cs[j->country_bit] : NULL;
}

static bool matters(const struct cstat *c)
{
	return c && (c->nfacts || c->nreach);
}

/* The countries' shapes in a frame: the inset draws the paths clipped to
 * its window, scaled by the group (line widths divided to match). */
static void write_countries(struct wctx *w, struct strbuf *sb, const struct frame *f)
{
	const struct world_map *map = w->map;
	struct strbuf title = STRBUF_INIT;
	double k = 1 / f->s;
	sb_addf(sb, "<g id=\"%scountries\"", f->prefix);
	if (f->inset) {
		sb_adds(sb, " transform=\"translate(");
		svg_pt(sb, f->dx, f->dy);
		sb_adds(sb, ") scale(");
		sb_addf(sb, "%.4f", f->s);
		sb_adds(sb, ")\"");
	}
	sb_adds(sb, ">\n");
	for (size_t i = 0; i < map->n; i++) {
		const struct world_country *wc = &map->c[i];
		const char *path = f->inset ? wc->inset_path : wc->path;
		if (!path[0])
			continue;
		const struct jur *j = model_country(w, wc);
		const struct cstat *c = stat_of(w, j);
		const char *stroke;
		double swidth;
		int leg;
		const char *fill = country_fill(c, &stroke, &swidth, &leg);
		w->legend[leg] = true;
		sb_reset(&title);
		country_title(w, &title, wc, j, c);
		if (wc->code[0])
			sb_addf(sb, "<path id=\"%s%s\"", f->prefix, wc->code);
		else
			sb_addf(sb, "<path id=\"%sland-%zu\"", f->prefix, i);
		sb_addf(sb, " class=\"country %s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"",
			country_class(c), fill, stroke);
		sb_addf(sb, "%.3g", swidth * k);
		sb_addf(sb, "\" d=\"%s\"><title>%s</title></path>\n", path, title.buf);
	}
	/* outlines of reaching laws on top of every neighbour; a white
	 * band under the dashes keeps them visible on any fill */
	bool any = false;
	for (size_t i = 0; i < map->n; i++) {
		const struct world_country *wc = &map->c[i];
		const struct cstat *c = stat_of(w, model_country(w, wc));
		const char *path = f->inset ? wc->inset_path : wc->path;
		if (!path[0] || !c || !c->nreach)
			continue;
		if (!any)
			sb_addf(sb, "<g class=\"law-reach\" fill=\"none\">\n");
		any = true;
		w->legend[LG_LAW] = true;
		sb_addf(sb, "<path stroke=\"#FFFFFF\" stroke-width=\"%.3g\" d=\"%s\"/>\n", 3.2 * k,
			path);
		sb_addf(sb, "<path class=\"law\" stroke=\"" C_LAW "\" stroke-width=\"%.3g\" "
			"stroke-dasharray=\"%.3g %.3g\" d=\"%s\"/>\n", 1.8 * k, 4 * k, 2.5 * k, path);
	}
	if (any)
		sb_adds(sb, "</g>\n");
	sb_adds(sb, "</g>\n");
	/* small countries that matter: a dot, with the same title */
	any = false;
	for (size_t i = 0; i < map->n; i++) {
		const struct world_country *wc = &map->c[i];
		const struct jur *j = model_country(w, wc);
		const struct cstat *c = stat_of(w, j);
		if (!wc->small || !matters(c) || (f->inset && !in_window(map, wc->x, wc->y)))
			continue;
		if (!any)
			sb_addf(sb, "<g id=\"%ssmall\">\n", f->prefix);
		any = true;
		w->legend[LG_DOT] = true;
		const char *stroke;
		double swidth;
		int leg;
		const char *fill = country_fill(c, &stroke, &swidth, &leg);
		w->legend[leg] = true;
		sb_reset(&title);
		country_title(w, &title, wc, j, c);
		sb_addf(sb, "<path id=\"%s%s%s\" class=\"country dot %s\" fill=\"%s\" "
			"stroke=\"%s\" stroke-width=\"1.5\" d=\"", f->prefix, wc->code,
			wc->path[0] ? "-dot" : "", country_class(c), fill, c->nreach ? C_LAW : C_TEXT);
		svg_dot_path(sb, fx(f, wc->x), fy(f, wc->y), 3.5);
		sb_addf(sb, "\"><title>%s</title></path>\n", title.buf);
	}
	if (any)
		sb_adds(sb, "</g>\n");
	sb_release(&title);
}

static int cmp_arrow(const void *a, const void *b)
{
	const struct arrow *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

/* Most facts first; the order of drawing otherwise. */
static int cmp_arrow_size(const void *a, const void *b)
{
	const struct arrow *x = a, *y = b;
	if (x->nfacts != y->nfacts)
		return x->nfacts > y->nfacts ? -1 : 1;
	return cmp_arrow(a, b);
}

/* Width on a log scale relative to the largest arrow drawn (at least 16
 * facts, so that a few facts draw thin lines): 1 to 5 pixels. */
static double arrow_width(size_t n, size_t max)
{
	if (max < 16)
		max = 16;
	return 1 + 4 * log1p((double)n) / log1p((double)max);
}

/* Keeps the ARROW_BUDGET largest arrows; says how many were left out. */
static void arrow_budget(struct wctx *w, struct strbuf *notes)
{
	if (w->narrows <= ARROW_BUDGET)
		return;
	xqsort(w->arrows, w->narrows, sizeof *w->arrows, cmp_arrow_size);
	size_t left = 0;
	for (size_t i = ARROW_BUDGET; i < w->narrows; i++) {
		left += w->arrows[i].nfacts;
		free(w->arrows[i].data);
	}
	sb_addf(notes, "%sArrows: the %d largest of %zu border crossings; %zu more (%s fact%s) are "
		"counted in the countries' titles", notes->len ? " \xc2\xb7 " : "", ARROW_BUDGET,
		w->narrows, w->narrows - ARROW_BUDGET, SVG_G(left), left == 1 ? "" : "s");
	w->narrows = ARROW_BUDGET;
}

/* The arrows a frame draws: the inset, those inside its window; the main
 * map, the others (all when there is no inset). */
static bool frame_arrow(const struct wctx *w, const struct frame *f,
			const struct world_country *a, const struct world_country *b)
{
	bool inside = in_window(w->map, a->x, a->y) && in_window(w->map, b->x, b->y);
	return f->inset ? inside : !(w->inset && inside);
}

static void write_arrows(struct wctx *w, struct strbuf *sb, const struct frame *f)
{
	static const double bend[ARROW__COUNT] = { 0.12, 0.2, 0.28 };
	static const char *const colour[ARROW__COUNT] = { C_FLOW, C_REPLICA, C_LAW };
	static const char *const dash[ARROW__COUNT] = { NULL, "7 4", "2 3" };
	const struct model *m = w->m;
	if (!w->narrows)
		return;
	struct strbuf tip = STRBUF_INIT;
	bool any = false;
	for (size_t i = 0; i < w->narrows; i++) {
		const struct arrow *a = &w->arrows[i];
		const struct jur *from = m->countries[a->from], *to = m->countries[a->to];
		const struct world_country *wf = world_map_find(w->map, from->id);
		const struct world_country *wt = world_map_find(w->map, to->id);
		if (!wf || !wt || !frame_arrow(w, f, wf, wt))
			continue;      /* off the map: named in the notes */
		if (!any)
			sb_addf(sb, "<g id=\"%sarrows\" fill=\"none\">\n", f->prefix);
		any = true;
		double width = arrow_width(a->nfacts, w->max_arrow);
		struct world_arrow g;
		world_arrow_shape(fx(f, wf->x), fy(f, wf->y), fx(f, wt->x), fy(f, wt->y),
				  bend[a->kind], width, 7, 9, &g);
		const char *col = colour[a->kind];
		w->legend[LG_FLOW + a->kind] = true;
		if (a->nbad)
			w->legend[LG_ARROW_BAD] = true;
		sb_reset(&tip);
		sb_addf(&tip, "%s \xe2\x86\x92 %s: %s across a border, %s fact%s&#10;data: ",
			from->id, to->id, arrow_words[a->kind], SVG_G(a->nfacts), a->nfacts == 1 ? "" : "s");
		size_t shown = 0;
		for (size_t t = 0; t < m->ndata; t++)
			if (a->data[t]) {
				if (shown == LIST_MAX) {
					sb_adds(&tip, ", \xe2\x80\xa6");
					break;
				}
				sb_adds(&tip, shown++ ? ", " : "");
				vg_xml_text(&tip, m->data[t]->id, 60);
			}
		if (a->nbad)
			sb_addf(&tip, "&#10;%s of them break%s a policy", SVG_G(a->nbad),
				a->nbad == 1 ? "s" : "");
		sb_addf(sb, "<g class=\"arrow %s%s\"><title>%s</title>\n",
			a->kind == ARROW_FLOW ? "flow" : a->kind == ARROW_REPLICA ? "replica" : "access",
			a->nbad ? " violating" : "", tip.buf);
		struct strbuf d = STRBUF_INIT;
		sb_adds(&d, "M");
		svg_pt(&d, g.x0, g.y0);
		sb_adds(&d, "Q");
		svg_pt(&d, g.cx, g.cy);
		sb_addc(&d, ' ');
		svg_pt(&d, g.x1, g.y1);
		sb_adds(sb, "<path stroke=\"#FFFFFF\" stroke-opacity=\"0.85\" stroke-width=\"");
		svg_num(sb, width + 2.4);
		sb_addf(sb, "\" d=\"%s\"/>\n", d.buf);
		sb_addf(sb, "<path stroke=\"%s\" stroke-width=\"", col);
		svg_num(sb, width);
		sb_addc(sb, '"');
		if (dash[a->kind])
			sb_addf(sb, " stroke-dasharray=\"%s\"", dash[a->kind]);
		sb_addf(sb, " d=\"%s\"/>\n", d.buf);
		sb_addf(sb, "<path fill=\"%s\" stroke=\"#FFFFFF\" stroke-width=\"0.8\" d=\"M", col);
		svg_pt(sb, g.tipx, g.tipy);
		sb_adds(sb, "L");
		svg_pt(sb, g.lx, g.ly);
		sb_adds(sb, " ");
		svg_pt(sb, g.rx, g.ry);
		sb_adds(sb, "z\"/>\n");
		/* the count, haloed, at the middle of the curve */
		struct strbuf lab = STRBUF_INIT;
		sb_addf(&lab, "%s%s", SVG_G(a->nfacts), a->nbad ? " \xe2\x9a\xa0" : "");
		for (int pass = 0; pass < 2; pass++) {
			sb_adds(sb, "<text x=\"");
			svg_num(sb, g.mx);
			sb_adds(sb, "\" y=\"");
			svg_num(sb, g.my + 3);
			sb_addf(sb, "\" text-anchor=\"middle\" font-family=\"" SVG_FONT "\" font-size=\"9\" "
				"font-weight=\"bold\" fill=\"%s\"%s>%s</text>\n",
				pass ? (a->nbad ? C_VIOLATION : col) : "#FFFFFF",
				pass ? "" : " stroke=\"#FFFFFF\" stroke-width=\"3\"", lab.buf);
		}
		sb_release(&lab);
		sb_release(&d);
		sb_adds(sb, "</g>\n");
	}
	if (any)
		sb_adds(sb, "</g>\n");
	sb_release(&tip);
}

/* ---- labels and violation markers ---- */

static void box_add(struct wctx *w, const double b[4])
{
	w->boxes = xgrow(w->boxes, &w->boxes_cap, w->nboxes + 1, sizeof *w->boxes);
	memcpy(w->boxes[w->nboxes++], b, sizeof w->boxes[0]);
}

struct label {
	const struct world_country *wc;
	const struct cstat *c;
	int rank;                      /* 0 held, 1 touched, 2 law only, 3 minor */
};

static int cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->c->nfacts != y->c->nfacts)
		return x->c->nfacts > y->c->nfacts ? -1 : 1;
	return strcmp(x->wc->code, y->wc->code);
}

static int worst_severity(const struct cstat *c)
{
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		if (c->nviol[s])
			return s;
	return -1;
}

/* A violation marker of severity s centred at x, y (svg_draw's: a
 * triangle for errors, a diamond for warnings, a circle for info), with
 * the country's counts as its title. */
static void marker(struct strbuf *sb, int s, double x, double y, const struct cstat *c,
		   const char *code)
{
	if (c) {
		sb_addf(sb, "<g class=\"violation %s\"><title>%s: ", severity_name((enum severity)s),
			code);
		bool first = true;
		for (int k = SEV__COUNT - 1; k >= 0; k--)
			if (c->nviol[k]) {
				sb_addf(sb, "%s%zu %s", first ? "" : ", ", c->nviol[k],
					severity_name((enum severity)k));
				first = false;
			}
		sb_adds(sb, "</title>\n");
	} else {
		sb_adds(sb, "<g>\n");
	}
	svg_severity_marker(sb, (enum severity)s, x, y);
	sb_adds(sb, "</g>\n");
}

/* Where a label of half-width hw, half-height hh and a marker mw wide
 * to its right goes near x, y: the first candidate offset that overlaps
 * no placed box (its own point, box own, excepted) and stays in the
 * inset's frame; -1 when none does. */
static int place_label(const struct wctx *w, const struct frame *f, double x, double y,
		       double hw, double hh, double mw, size_t first, size_t own,
		       const double (*offs)[2], size_t noffs)
{
	for (size_t k = first; k < noffs; k++) {
		double lx = x + offs[k][0], ly = y + offs[k][1];
		double b[4] = { lx - hw, ly - hh, lx + hw + mw, ly + hh };
		if (f->inset && (b[0] < f->r[0] + 2 || b[2] > f->r[2] - 2 ||
				 b[1] < f->r[1] + 2 || b[3] > f->r[3] - 2))
			continue;
		bool ok = true;
		for (size_t o = 0; o < w->nboxes && ok; o++) {
			const double *ob = w->boxes[o];
			if (o != own && b[0] < ob[2] && ob[0] < b[2] && b[1] < ob[3] && ob[1] < b[3])
				ok = false;
		}
		if (ok)
			return (int)k;
	}
	return -1;
}

/*
 * The country codes, each with the marker of the worst policy broken
 * there, placed greedily (data stored first, then by facts) beside their
 * point when the point itself is taken. On the main map the countries the
 * inset shows get a small code only (the ends of the arrows that leave
 * the window), and only where there is room.
 */
static void write_labels(struct wctx *w, struct strbuf *sb, const struct frame *f)
{
	static const double offs[][2] = {
		{ 0, 0 }, { 0, -13 }, { 0, 13 }, { 17, 0 }, { -17, 0 }, { 15, -11 }, { -15, -11 },
		{ 15, 11 }, { -15, 11 }, { 0, -24 }, { 0, 24 }, { 28, 0 }, { -28, 0 },
	};
	const struct world_map *map = w->map;
	struct label *ls = xcalloc(map->n + 1, sizeof *ls);
	size_t n = 0;
	for (size_t i = 0; i < map->n; i++) {
		const struct world_country *wc = &map->c[i];
		const struct cstat *c = stat_of(w, model_country(w, wc));
		bool inside = in_window(map, wc->x, wc->y);
		if (!matters(c) || (f->inset && !inside))
			continue;
		ls[n].wc = wc;
		ls[n].c = c;
		ls[n].rank = !f->inset && w->inset && inside ? 3 :
			     (c->modes & (1u << MODE_STORED | 1u << MODE_REPLICA)) ? 0 :
			     c->modes ? 1 : 2;
		n++;
	}
	xqsort(ls, n, sizeof *ls, cmp_label);
	/* the dots and arrow ends are not covered by labels that move */
	w->nboxes = 0;
	for (size_t i = 0; i < n; i++) {
		double x = fx(f, ls[i].wc->x), y = fy(f, ls[i].wc->y);
		double b[4] = { x - 2, y - 2, x + 2, y + 2 };
		box_add(w, b);
	}
	sb_addf(sb, "<g id=\"%slabels\" font-family=\"" SVG_FONT "\" font-size=\"10\" "
		"font-weight=\"bold\" text-anchor=\"middle\">\n", f->prefix);
	for (size_t i = 0; i < n; i++) {
		const struct world_country *wc = ls[i].wc;
		const struct cstat *c = ls[i].c;
		bool minor = ls[i].rank == 3;
		int sev = minor ? -1 : worst_severity(c);
		double mw = sev >= 0 ? 15 : 0;      /* the marker right of the code */
		double hw = minor ? 6 : 8, hh = minor ? 5 : 6;
		double x = fx(f, wc->x), y = fy(f, wc->y);
		/* a dot stays visible: its label starts beside it */
		size_t first = wc->small ? 1 : 0;
		int k = place_label(w, f, x, y, hw, hh, mw, first, i, offs, ARRAY_LEN(offs));
		if (k < 0 && minor)
			continue;          /* the inset names it */
		if (k < 0)
			k = (int)first;    /* overlapping beats missing */
		double lx = x + offs[k][0], ly = y + offs[k][1];
		double b[4] = { lx - hw, ly - hh, lx + hw + mw, ly + hh };
		box_add(w, b);
		if (k) {
			/* from the dot's edge (or the point) to the label's */
			double ex = lx + (offs[k][0] > 0 ? -hw : offs[k][0] < 0 ? hw : 0);
			double ey = ly + (offs[k][1] > 0 ? -hh : offs[k][1] < 0 ? hh - 1 : 0);
			double len = sqrt((ex - x) * (ex - x) + (ey - y) * (ey - y));
			double r0 = wc->small && len > 5 ? 4.5 / len : 0;
			sb_adds(sb, "<path stroke=\"" C_TEXT "\" stroke-width=\"0.7\" d=\"M");
			svg_pt(sb, x + (ex - x) * r0, y + (ey - y) * r0);
			sb_adds(sb, "L");
			svg_pt(sb, ex, ey);
			sb_adds(sb, "\"/>\n");
		}
		for (int pass = 0; pass < 2; pass++) {
			sb_adds(sb, "<text x=\"");
			svg_num(sb, lx);
			sb_adds(sb, "\" y=\"");
			svg_num(sb, ly + (minor ? 3 : 3.5));
			sb_addf(sb, "\"%s fill=\"%s\"%s>%s</text>\n", minor ? " font-size=\"8\"" : "",
				pass ? C_TEXT : "#FFFFFF",
				pass ? "" : " stroke=\"#FFFFFF\" stroke-width=\"2.6\"", wc->code);
		}
		if (sev >= 0) {
			w->legend[LG_INFO - sev] = true;
			marker(sb, sev, lx + 8 + 7, ly - 1, c, wc->code);
		}
	}
	sb_adds(sb, "</g>\n");
	free(ls);
}

/* ---- title and legend ---- */

static void write_title(struct wctx *w, struct strbuf *sb, const char *notes)
{
	struct strbuf t = STRBUF_INIT;
	sb_addf(&t, "World \xe2\x80\x94 %zu countr%s hold data \xc2\xb7 %s fact%s \xc2\xb7 "
		"%s border crossing%s \xc2\xb7 %s violation%s", w->ncountries,
		w->ncountries == 1 ? "y" : "ies", SVG_G(w->nfacts), w->nfacts == 1 ? "" : "s",
		SVG_G(w->ncross), w->ncross == 1 ? "" : "s", SVG_G(w->nviol), w->nviol == 1 ? "" : "s");
	svg_heading(sb, MARGIN, w->in->title, "World: where data sits", t.buf, w->in->note, notes);
	sb_release(&t);
}

struct legend_entry {
	int id;
	const char *text;
};

/* Draws sample id in the 26 x 14 box at x, y. */
static void legend_sample(struct strbuf *sb, int id, double x, double y)
{
	double cy = y + 7;
	switch (id) {
	case LG_HELD:
	case LG_TOUCHED:
	case LG_NONE:
	case LG_LAW:
		sb_addf(sb, "<path fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"M",
			id == LG_HELD ? C_HELD : id == LG_TOUCHED ? C_TOUCHED : C_LAND,
			id == LG_TOUCHED ? C_TOUCHED_EDGE : id == LG_LAW ? C_LAW : "#BDBDBD",
			id == LG_LAW ? "1.8" : "0.9",
			id == LG_LAW ? " stroke-dasharray=\"4 2.5\"" : "");
		svg_pt(sb, x + 1, y + 1);
		sb_adds(sb, "h24v12h-24z\"/>\n");
		break;
	case LG_DOT:
		sb_adds(sb, "<path fill=\"" C_HELD "\" stroke=\"" C_TEXT "\" stroke-width=\"1.5\" d=\"");
		svg_dot_path(sb, x + 13, cy, 3.5);
		sb_adds(sb, "\"/>\n");
		break;
	case LG_ARROW_BAD:
		sb_adds(sb, "<text x=\"");
		svg_num(sb, x + 13);
		sb_adds(sb, "\" y=\"");
		svg_num(sb, y + 11);
		sb_adds(sb, "\" text-anchor=\"middle\" font-family=\"" SVG_FONT "\" font-size=\"9\" "
			"font-weight=\"bold\" fill=\"" C_VIOLATION "\">3 \xe2\x9a\xa0</text>\n");
		break;
	case LG_FLOW:
	case LG_REPLICA:
	case LG_ACCESS: {
		static const char *const col[] = { C_FLOW, C_REPLICA, C_LAW };
		static const char *const dash[] = { "", " stroke-dasharray=\"7 4\"",
						    " stroke-dasharray=\"2 3\"" };
		int k = id - LG_FLOW;
		sb_addf(sb, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"M", col[k],
			dash[k]);
		svg_pt(sb, x, cy);
		sb_adds(sb, "h18\"/>\n");
		sb_addf(sb, "<path fill=\"%s\" d=\"M", col[k]);
		svg_pt(sb, x + 26, cy);
		sb_adds(sb, "l-8 -4.5v9z\"/>\n");
		break;
	}
	default:
		break;
	}
}

static void write_legend(struct wctx *w, struct strbuf *sb, double top, double width,
			 double *bottom)
{
	static const struct legend_entry items[] = {
		{ LG_HELD, "data stored or replicated here" },
		{ LG_TOUCHED, "data only processed or accessed here (outlined)" },
		{ LG_NONE, "no data" },
		{ LG_LAW, "its law reaches data held in other countries (dashed outline)" },
		{ LG_DOT, "a country too small to see, holding data" },
		{ LG_FLOW, "data flow across a border (number and width: facts)" },
		{ LG_REPLICA, "replication across a border (dashed)" },
		{ LG_ACCESS, "remote access across a border (dotted)" },
		{ LG_ARROW_BAD, "some of these crossings break a policy" },
		{ LG_ERROR, "policy broken here: error" },
		{ LG_WARNING, "policy broken here: warning" },
		{ LG_INFO, "policy noted here: info" },
	};
	double x = MARGIN, y = top;
	sb_adds(sb, "<g id=\"legend\">\n");
	for (size_t i = 0; i < ARRAY_LEN(items); i++) {
		if (!w->legend[items[i].id])
			continue;
		/* about 5.6 px a character at 10 px */
		double wd = 34 + 5.6 * (double)strlen(items[i].text) + 18;
		if (x > MARGIN && x + wd > width - MARGIN) {
			x = MARGIN;
			y += 20;
		}
		if (items[i].id >= LG_ERROR) {
			marker(sb, LG_INFO - items[i].id, x + 13, y + 7, NULL, NULL);
		} else {
			legend_sample(sb, items[i].id, x, y);
		}
		svg_text_line(sb, x + 32, y + 11, "10", false, C_TEXT, items[i].text);
		x += wd;
	}
	sb_adds(sb, "</g>\n");
	*bottom = y + 14;
}

/* The window enlarged in the open sea the map names (bottom left of it),
 * and the window outlined where it is on the map. */
static void write_inset(struct wctx *w, struct strbuf *sb)
{
	const struct world_map *map = w->map;
	const double *win = map->win, *box = map->box;
	double s = (box[2] - box[0]) / (win[2] - win[0]);
	if ((box[3] - box[1]) / (win[3] - win[1]) < s)
		s = (box[3] - box[1]) / (win[3] - win[1]);
	double r[4] = { box[0], box[3] - s * (win[3] - win[1]), box[0] + s * (win[2] - win[0]),
			box[3] };
	struct frame f = { true, s, r[0] - s * win[0], r[1] - s * win[1], "inset-",
			   { r[0], r[1], r[2], r[3] } };
	sb_adds(sb, "<path class=\"inset-window\" fill=\"none\" stroke=\"#737373\" "
		"stroke-width=\"0.8\" stroke-dasharray=\"3 2\" d=\"");
	svg_rect_path(sb, win);
	sb_adds(sb, "\"/>\n<g id=\"inset\">\n<path fill=\"#FFFFFF\" stroke=\"#737373\" "
		"stroke-width=\"1\" d=\"");
	svg_rect_path(sb, r);
	sb_adds(sb, "\"/>\n");
	write_countries(w, sb, &f);
	write_arrows(w, sb, &f);
	write_labels(w, sb, &f);
	/* the frame again, over the shapes it cuts */
	sb_adds(sb, "<path fill=\"none\" stroke=\"#737373\" stroke-width=\"1\" d=\"");
	svg_rect_path(sb, r);
	sb_adds(sb, "\"/>\n");
	struct strbuf cap = STRBUF_INIT;
	sb_addf(&cap, "Europe and the eastern Mediterranean, \xc3\x97");
	sb_addf(&cap, "%.1f", s);
	svg_text_line(sb, r[0], r[1] - 4, "9", true, "#595959", cap.buf);
	sb_release(&cap);
	sb_adds(sb, "</g>\n");
}

void view_world_svg(const struct view_input *in, struct strbuf *out, double *width,
		    double *height)
{
	const struct model *m = in->m;
	struct wctx w = { .in = in, .m = m };
	struct world_map *map = world_map_load();
	w.map = map;
	w.cs = xcalloc(m->ncountries + 1, sizeof *w.cs);
	w.stamp = xcalloc(m->ncountries + 1, sizeof *w.stamp);
	w.arrow_at = xcalloc((size_t)ARROW__COUNT * m->ncountries * m->ncountries + 1,
			     sizeof *w.arrow_at);
	gather(&w);

	/* countries with data that the map cannot show */
	struct strbuf notes = STRBUF_INIT;
	size_t off = 0;
	for (size_t i = 0; i < m->ncountries; i++) {
		if (!matters(w.cs[i]) || world_map_find(map, m->countries[i]->id))
			continue;
		sb_adds(&notes, off++ ? ", " : "Not on the map: ");
		vg_xml_text(&notes, m->countries[i]->id, 20);
	}
	arrow_budget(&w, &notes);
	if (w.nowhere)
		sb_addf(&notes, "%s%s fact%s in no country", notes.len ? " \xc2\xb7 " : "",
			SVG_G(w.nowhere), w.nowhere == 1 ? "" : "s");

	xqsort(w.arrows, w.narrows, sizeof *w.arrows, cmp_arrow);
	for (size_t i = 0; i < w.narrows; i++)
		if (w.arrows[i].nfacts > w.max_arrow)
			w.max_arrow = w.arrows[i].nfacts;
	/* the inset when something it shows matters */
	for (size_t i = 0; i < map->n && !w.inset; i++)
		w.inset = matters(stat_of(&w, model_country(&w, &map->c[i]))) &&
			  in_window(map, map->c[i].x, map->c[i].y);

	double mapw = map->x1 - map->x0, maph = map->y1 - map->y0;
	double W = mapw + 2 * MARGIN;
	struct strbuf body = STRBUF_INIT;
	sb_adds(&body, "<g id=\"map\" transform=\"translate(");
	svg_pt(&body, MARGIN - map->x0, MAP_TOP - map->y0);
	sb_adds(&body, ")\">\n");
	struct frame main = { false, 1, 0, 0, "country-", { 0, 0, 0, 0 } };
	write_countries(&w, &body, &main);
	write_arrows(&w, &body, &main);
	write_labels(&w, &body, &main);
	if (w.inset)
		write_inset(&w, &body);
	sb_adds(&body, "</g>\n");
	double bottom;
	write_legend(&w, &body, MAP_TOP + maph + 14, W, &bottom);
	svg_text_line(&body, MARGIN, bottom + 16, "9", false, "#595959",
		  "Boundaries: Natural Earth 1:110m (public domain) \xc2\xb7 Equal Earth projection");
	double H = bottom + 24;

	svg_begin(out, W, H);
	write_title(&w, out, notes.buf);
	sb_add(out, body.buf, body.len);
	sb_adds(out, "</svg>\n");
	*width = W;
	*height = H;

	sb_release(&body);
	sb_release(&notes);
	for (size_t i = 0; i < m->ncountries; i++)
		cstat_free(w.cs[i]);
	for (size_t i = 0; i < w.narrows; i++)
		free(w.arrows[i].data);
	free(w.arrows);
	free(w.cs);
	free(w.stamp);
	free(w.arrow_at);
	free(w.fact_bad);
	free(w.boxes);
	world_map_free(map);
}
