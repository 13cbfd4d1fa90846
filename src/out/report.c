/*
 * report: writes `resmap report` — one page for policy writers and
 * auditors, in HTML or Markdown, from the model, the facts and the
 * verdicts (see report.h for what it holds and why).
 *
 * One writer serves both formats: sections, paragraphs and tables are
 * emitted through small helpers that escape every piece of inventory text
 * for the format at hand, so no caller ever writes user text raw. Every
 * table is computed in linear passes over the sorted facts, or by sorting
 * small tuples (n log n): the report of a million-service inventory is
 * large but never quadratic.
 */
#include "out/report.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "engine/diff.h"
#include "out/out_check.h"
#include "out/out_facts.h"
#include "out/report_assets.h"
#include "base/version.h"

const char *const report_format_names[] = { "html", "md", NULL };

/* ---- escaping ---- */

void html_escape(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': sb_adds(sb, "&amp;"); break;
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&#39;"); break;
		default:
			/* C0 controls are parse errors in HTML; keep tab and newline */
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				sb_addc(sb, ' ');
			else
				sb_addc(sb, (char)c);
		}
	}
}

/* ---- the writer ---- */

struct rep {
	FILE *out;
	bool md;
	const struct report_input *in;
	const struct model *m;
	struct strbuf esc;         /* escaping scratch */
	struct strbuf sb;          /* cell text scratch */
	size_t ncols;              /* columns of the open table (md) */
	bool in_head;
	size_t list_cap;           /* join_ids_capped: 0 = every id */
	/* the violations by group (group_violations) */
	const struct violation **vorder;
	struct vgroup *vg;
	size_t nvg, npolicies_broken, vcountries, vtenants;
};

static void put(struct rep *r, const char *s)
{
	fputs(s, r->out);
}

static void putf(struct rep *r, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void putf(struct rep *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
}

/* Inventory text, escaped for the format. */
static void text(struct rep *r, const char *s)
{
	sb_reset(&r->esc);
	if (r->md)
		esc_md(&r->esc, s);
	else
		html_escape(&r->esc, s);
	if (r->esc.len)
		fwrite(r->esc.buf, 1, r->esc.len, r->out);
}

static void textf(struct rep *r, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void textf(struct rep *r, const char *fmt, ...)
{
	struct strbuf t = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&t, fmt, ap);
	va_end(ap);
	text(r, t.buf ? t.buf : "");
	sb_release(&t);
}

static void heading(struct rep *r, int level, const char *id, const char *title)
{
	if (r->md) {
		putf(r, "\n%.*s ", level, "######");
		text(r, title);
		put(r, "\n\n");
	} else {
		putf(r, "<h%d id=\"%s\">", level, id);
		text(r, title);
		putf(r, "</h%d>\n", level);
	}
}

/* A paragraph of inventory-free prose written by us (already safe) plus
 * optional user text; class is for HTML only. */
static void para_begin(struct rep *r, const char *cls)
{
	if (!r->md) {
		if (cls)
			putf(r, "<p class=\"%s\">", cls);
		else
			put(r, "<p>");
	}
}

static void para_end(struct rep *r)
{
	put(r, r->md ? "\n\n" : "</p>\n");
}

static void para(struct rep *r, const char *cls, const char *s)
{
	para_begin(r, cls);
	text(r, s);
	para_end(r);
}

/* ---- tables ---- */

struct col {
	const char *title;
	bool num;
};

/* HTML: a table in a box that scrolls sideways when the table is wider
 * than the page (a region keyboard users can focus and scroll); cls is
 * "ft" for the tables the script makes sortable and filterable. */
static void table_open(struct rep *r, const char *id, const char *cls, const char *caption,
		       const struct col *cols, size_t n)
{
	r->ncols = n;
	if (r->md) {
		if (caption) {
			put(r, "*");
			text(r, caption);
			put(r, "*\n\n");
		}
		put(r, "|");
		for (size_t i = 0; i < n; i++) {
			put(r, " ");
			text(r, cols[i].title);
			put(r, " |");
		}
		put(r, "\n|");
		for (size_t i = 0; i < n; i++)
			put(r, cols[i].num ? " ---: |" : " --- |");
		put(r, "\n");
		return;
	}
	put(r, "<div class=\"tw\" role=\"region\" tabindex=\"0\" aria-label=\"");
	text(r, caption ? caption : id);
	putf(r, "\"><table id=\"%s\" class=\"%s\">\n", id, cls);
	if (caption) {
		put(r, "<caption>");
		text(r, caption);
		put(r, "</caption>\n");
	}
	put(r, "<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		put(r, cols[i].num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		text(r, cols[i].title);
		put(r, "</th>");
	}
	put(r, "</tr></thead>\n<tbody>\n");
}

static void table_begin(struct rep *r, const char *id, const char *caption,
			const struct col *cols, size_t n)
{
	table_open(r, id, "ft", caption, cols, n);
}

static void table_end(struct rep *r)
{
	put(r, r->md ? "\n" : "</tbody>\n</table></div>\n");
}

static void row_begin(struct rep *r, const char *cls)
{
	if (r->md)
		put(r, "|");
	else if (cls)
		putf(r, "<tr class=\"%s\">", cls);
	else
		put(r, "<tr>");
}

static void row_end(struct rep *r)
{
	put(r, r->md ? "\n" : "</tr>\n");
}

/* A cell: cls and sort (a data-sort key) are HTML only and ours, never
 * inventory text. */
static void cell_x(struct rep *r, bool th, const char *cls, const char *sort, const char *s)
{
	if (r->md) {
		put(r, " ");
		text(r, s);
		put(r, " |");
		return;
	}
	put(r, th ? "<th scope=\"row\"" : "<td");
	if (cls)
		putf(r, " class=\"%s\"", cls);
	if (sort)
		putf(r, " data-sort=\"%s\"", sort);
	put(r, ">");
	text(r, s);
	put(r, th ? "</th>" : "</td>");
}

static void cell(struct rep *r, const char *s)
{
	cell_x(r, false, NULL, NULL, s);
}

static void cell_th(struct rep *r, const char *s)
{
	cell_x(r, true, NULL, NULL, s);
}

static void cell_num(struct rep *r, size_t n)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%zu", n);
	cell_x(r, false, "num", buf, buf);
}

/* The scratch buffer as a cell, then reset. */
static void cell_sb(struct rep *r)
{
	cell(r, r->sb.buf ? r->sb.buf : "");
	sb_reset(&r->sb);
}

/* A file we wrote beside the report, as a relative link: a base name of
 * the -o path, percent-encoded where it could end or break the link in
 * Markdown or HTML (spaces, parentheses, angle brackets, quotes, %, #, ?). */
static void link_target(struct rep *r, const char *name)
{
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || strchr("()<>\"'%#?&", c) || c == 0x7f)
			putf(r, "%%%02X", c);
		else
			fputc(c, r->out);
	}
}

/* ---- helpers over model objects ---- */

/* Every model object starts with its id. */
static const char *obj_id(const void *p)
{
	return *(const char *const *)p;
}

static int cmp_obj(const void *a, const void *b)
{
	return strcmp(obj_id(*(const void *const *)a), obj_id(*(const void *const *)b));
}

/* Sorts v by id and drops repeats (ids are interned: equal objects are
 * the same pointer). Returns the new length. */
static size_t uniq_objs(const void **v, size_t n)
{
	if (n < 2)
		return n;
	xqsort(v, n, sizeof *v, cmp_obj);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

static void join_ids(struct strbuf *sb, const void *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, obj_id(v[i]));
	}
}

/* join_ids into r->sb, but when the services are listed beside the
 * report (too many for the page), a long list of services or tenants
 * gives its first REPORT_LIST_CAP ids and how many more there are. */
static void join_ids_capped(struct rep *r, const void *const *v, size_t n)
{
	if (!r->list_cap || n <= r->list_cap) {
		join_ids(&r->sb, v, n);
		return;
	}
	join_ids(&r->sb, v, r->list_cap);
	sb_addf(&r->sb, ", … and %zu more", n - r->list_cap);
}

static void region_label(struct strbuf *sb, const struct region *rg)
{
	sb_adds(sb, rg->id);
	if (rg->country)
		sb_addf(sb, " (%s)", rg->country->id);
}

static void join_regions(struct strbuf *sb, const void *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		region_label(sb, v[i]);
	}
}

static const char *count_word(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A growable array of object pointers, reused between groups. */
struct objv {
	const void **v;
	size_t n, cap;
};

static void ov_push(struct objv *o, const void *p)
{
	if (o->n == o->cap)
		o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n++] = p;
}

/* Severity order of the report: errors first. */
static int sev_rank(enum severity s)
{
	return SEV_ERROR - (int)s;
}

static const char *const sev_class[SEV__COUNT] = {
	[SEV_INFO] = "sev sev-info", [SEV_WARNING] = "sev sev-warning",
	[SEV_ERROR] = "sev sev-error",
};

static const char *const mode_class[MODE__COUNT] = {
	"m m-stored", "m m-replica", "m m-processed", "m m-accessed",
};

static const char *const mode_meaning[MODE__COUNT] = {
	"kept at rest in a region of that country",
	"a copy: geo-redundant pair or declared replica",
	"received along a dependency and processed there",
	"reached remotely from that country (access_from)",
};

/* ---- header ---- */

struct counts {
	size_t tenants[TENANT__COUNT], ntenants, services;
	size_t regions, countries, reachers;
	size_t policies_broken;
};

static void count_all(const struct report_input *in, struct counts *c)
{
	const struct model *m = in->m;
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < m->ntenants; i++) {
		if (in->tenant_keep && !in->tenant_keep[i])
			continue;
		c->tenants[m->tenants[i]->status]++;
		c->ntenants++;
	}
	for (size_t i = 0; i < m->nservices; i++)
		if (!in->svc_keep || in->svc_keep[i])
			c->services++;
	unsigned char *reg = xcalloc(m->nregions + 1, 1);
	unsigned char *jur = xcalloc(m->njurs + 1, 2);
	for (size_t i = 0; i < in->fs->nfacts; i++) {
		const struct fact *f = &in->fs->facts[i];
		if (!reg[f->region->index]) {   /* a flag: a byte counter wraps at 256 */
			reg[f->region->index] = 1;
			c->regions++;
		}
		if (f->region->country && !(jur[2 * f->region->country->index] & 1)) {
			jur[2 * f->region->country->index] |= 1;
			c->countries++;
		}
		for (size_t k = 0; k < f->nreach; k++) {
			if (!(jur[2 * f->reach[k].jur->index + 1])) {
				jur[2 * f->reach[k].jur->index + 1] = 1;
				c->reachers++;
			}
		}
	}
	for (size_t i = 0; i < in->v->n; i++)
		if (!i || in->v->v[i].policy != in->v->v[i - 1].policy)
			c->policies_broken++;
	free(reg);
	free(jur);
}

static void stat(struct rep *r, size_t n, const char *what, const char *detail)
{
	if (r->md) {
		putf(r, "- **%zu** %s", n, what);
		if (detail)
			putf(r, " (%s)", detail);
		put(r, "\n");
		return;
	}
	putf(r, "<li><span class=\"n\">%zu</span> %s", n, what);
	if (detail)
		putf(r, " <span class=\"d\">%s</span>", detail);
	put(r, "</li>\n");
}

static void write_header(struct rep *r, const struct counts *c)
{
	const struct report_input *in = r->in;
	const struct model *m = r->m;
	const struct verdicts *v = in->v;
	char detail[160];

	if (r->md) {
		put(r, "# Data residency report: ");
		text(r, in->title);
		put(r, "\n\n");
	} else {
		put(r, "<header class=\"top\">\n<p class=\"kicker\">Data residency report</p>\n<h1>");
		text(r, in->title);
		put(r, "</h1>\n");
	}
	para_begin(r, "meta");
	if (in->date) {
		text(r, in->date);
		put(r, " · ");
	}
	/* which provider lists (by date) the answers rest on */
	textf(r, "resmap %s · catalog %s", RESMAP_VERSION,
	      m->catalog_version ? m->catalog_version : "none");
	if (m->catalog_sources_date)
		textf(r, " (sources up to %s)", m->catalog_sources_date);
	put(r, " · ");
	textf(r, "%s: ", count_word(in->npaths, "input", "inputs"));
	for (size_t i = 0; i < in->npaths; i++) {
		if (i)
			put(r, ", ");
		if (r->md) {
			text(r, in->paths[i]);
		} else {
			put(r, "<code>");
			text(r, in->paths[i]);
			put(r, "</code>");
		}
	}
	if (in->filter_note) {
		put(r, " · only ");
		text(r, in->filter_note);
	}
	para_end(r);

	if (!r->md)
		put(r, "<ul class=\"stats\">\n");
	snprintf(detail, sizeof detail, "%zu active, %zu suspended, %zu disabled",
		 c->tenants[TENANT_ACTIVE], c->tenants[TENANT_SUSPENDED],
		 c->tenants[TENANT_DISABLED]);
	stat(r, c->ntenants, count_word(c->ntenants, "tenant", "tenants"), detail);
	stat(r, c->services, count_word(c->services, "service", "services"), NULL);
	stat(r, c->regions, count_word(c->regions, "region holding data", "regions holding data"),
	     NULL);
	stat(r, c->countries, count_word(c->countries, "country holding data",
				     "countries holding data"), NULL);
	stat(r, c->reachers, count_word(c->reachers, "jurisdiction reaching it",
				    "jurisdictions reaching it"), NULL);
	stat(r, in->fs->nfacts, count_word(in->fs->nfacts, "residency fact", "residency facts"),
	     NULL);
	snprintf(detail, sizeof detail, "%zu %s, %zu %s, %zu info",
		 v->count[SEV_ERROR], count_word(v->count[SEV_ERROR], "error", "errors"),
		 v->count[SEV_WARNING], count_word(v->count[SEV_WARNING], "warning", "warnings"),
		 v->count[SEV_INFO]);
	stat(r, v->n, count_word(v->n, "violation", "violations"), detail);
	size_t hold = m->npolicies - c->policies_broken;
	snprintf(detail, sizeof detail, "%zu %s", hold, count_word(hold, "holds", "hold"));
	stat(r, m->npolicies, count_word(m->npolicies, "policy", "policies"),
	     m->npolicies ? detail : NULL);
	if (!r->md)
		put(r, "</ul>\n");
	else
		put(r, "\n");

	char verdict[320];
	const char *cls;
	if (!m->npolicies) {
		cls = "verdict none";
		snprintf(verdict, sizeof verdict,
			 "No policies are declared: nothing was checked.");
	} else if (!v->n) {
		cls = "verdict ok";
		snprintf(verdict, sizeof verdict, "All %zu %s hold over %zu %s.",
			 m->npolicies, count_word(m->npolicies, "policy", "policies"),
			 in->fs->nfacts, count_word(in->fs->nfacts, "fact", "facts"));
	} else {
		cls = "verdict bad";
		snprintf(verdict, sizeof verdict, "%zu of %zu %s broken in %zu %s by "
			 "services of %zu %s: %zu %s.",
			 c->policies_broken, m->npolicies,
			 m->npolicies == 1 ? "policy is" : "policies are",
			 r->vcountries, count_word(r->vcountries, "country", "countries"),
			 r->vtenants, count_word(r->vtenants, "tenant", "tenants"),
			 v->n, count_word(v->n, "violation", "violations"));
	}
	if (r->md)
		put(r, "**");
	para_begin(r, cls);
	text(r, verdict);
	if (r->md)
		put(r, "**");
	para_end(r);

	if (!r->md) {
		put(r, "<nav class=\"toc\" aria-label=\"Contents\"><ol>"
		    "<li><a href=\"#map\">Map</a></li>"
		    "<li><a href=\"#violations\">Violations</a></li>"
		    "<li><a href=\"#policies\">Policies</a></li>"
		    "<li><a href=\"#residency\">Where data resides</a></li>"
		    "<li><a href=\"#reach\">Who can reach it</a></li>"
		    "<li><a href=\"#tenants\">Tenants and services</a></li>"
		    "<li><a href=\"#diagrams\">Diagrams</a></li>"
		    "</ol></nav>\n</header>\n<main>\n");
	}
}

static void section_begin(struct rep *r, const char *id, const char *title)
{
	if (!r->md)
		putf(r, "<section id=\"%s\" aria-labelledby=\"h-%s\">\n", id, id);
	char hid[64];
	snprintf(hid, sizeof hid, "h-%s", id);
	heading(r, 2, hid, title);
}

static void section_end(struct rep *r)
{
	if (!r->md)
		put(r, "</section>\n");
}

/* ---- violations and policies ---- */

/* Violations grouped by policy, the country the data is in (or reached
 * from, for accessed data) and the tenant of the service holding it: the
 * unit a policy writer acts on, where thousands of rows one after another
 * say nothing. */
struct vgroup {
	const struct policy *policy;
	const struct jur *country;
	const struct tenant *tenant;
	size_t first, end;          /* into rep.vorder */
};

static const struct tenant *violation_tenant(const struct violation *x)
{
	return x->fact->service->tenant;
}

static int cmp_vkey(const void *a, const void *b)
{
	const struct violation *x = *(const struct violation *const *)a;
	const struct violation *y = *(const struct violation *const *)b;
	int c = strcmp(x->policy->id, y->policy->id);
	if (!c)
		c = strcmp(x->fact->country->id, y->fact->country->id);
	if (!c)
		c = strcmp(violation_tenant(x)->id, violation_tenant(y)->id);
	if (c)
		return c;
	return x < y ? -1 : x > y;   /* one array: check's order within a group */
}

/* Most violations first, then by ids. */
static int cmp_vgroup(const void *a, const void *b)
{
	const struct vgroup *x = a, *y = b;
	size_t nx = x->end - x->first, ny = y->end - y->first;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	int c = strcmp(x->policy->id, y->policy->id);
	if (!c)
		c = strcmp(x->country->id, y->country->id);
	return c ? c : strcmp(x->tenant->id, y->tenant->id);
}

static void group_violations(struct rep *r)
{
	const struct verdicts *v = r->in->v;
	const struct model *m = r->m;
	r->vorder = xcalloc(v->n + 1, sizeof *r->vorder);
	for (size_t i = 0; i < v->n; i++)
		r->vorder[i] = &v->v[i];
	xqsort(r->vorder, v->n, sizeof *r->vorder, cmp_vkey);
	r->vg = xcalloc(v->n + 1, sizeof *r->vg);
	unsigned char *cseen = xcalloc(m->njurs + 1, 1);
	unsigned char *tseen = xcalloc(m->ntenants + 1, 1);
	for (size_t i = 0; i < v->n;) {
		const struct violation *x = r->vorder[i];
		struct vgroup *g = &r->vg[r->nvg++];
		*g = (struct vgroup){ x->policy, x->fact->country, violation_tenant(x), i, i };
		while (i < v->n && r->vorder[i]->policy == g->policy &&
		       r->vorder[i]->fact->country == g->country &&
		       violation_tenant(r->vorder[i]) == g->tenant)
			i++;
		g->end = i;
		/* flags, not counters: a byte would wrap after 255 groups */
		if (!cseen[g->country->index]) {
			cseen[g->country->index] = 1;
			r->vcountries++;
		}
		if (!tseen[g->tenant->index]) {
			tseen[g->tenant->index] = 1;
			r->vtenants++;
		}
	}
	xqsort(r->vg, r->nvg, sizeof *r->vg, cmp_vgroup);
	free(cseen);
	free(tseen);
}

/* "policy · country · tenant" of a group, in sb. */
static void vgroup_label(struct strbuf *sb, const struct vgroup *g)
{
	sb_addf(sb, "%s · %s", g->policy->id, g->country->id);
	if (g->country->name)
		sb_addf(sb, " (%s)", g->country->name);
	sb_addf(sb, " · %s", g->tenant->id);
}

/* One violation's cells after its severity and policy: what, path, where. */
static void violation_cells(struct rep *r, const struct violation *x)
{
	sb_adds(&r->sb, x->message);
	if (x->fact->suspended)
		sb_adds(&r->sb, " [tenant suspended]");
	cell_sb(r);
	out_path(&r->sb, x->fact, " → ");
	cell_sb(r);
	out_pos(&r->sb, violation_pos(x));
	cell_x(r, false, "src", NULL, r->sb.buf ? r->sb.buf : "");
	sb_reset(&r->sb);
}

/* The compact table: one row per group, with its count. */
static void write_vgroup_table(struct rep *r)
{
	static const struct col cols[] = {
		{ "Violations", true }, { "Severity", false }, { "Policy", false },
		{ "Country", false }, { "Tenant of the services", false },
	};
	char caption[160];
	snprintf(caption, sizeof caption, "Violations by policy, country and tenant: "
		 "%zu %s, most violations first", r->nvg, count_word(r->nvg, "group", "groups"));
	table_begin(r, "t-vgroups", caption, cols, ARRAY_LEN(cols));
	for (size_t k = 0; k < r->nvg; k++) {
		const struct vgroup *g = &r->vg[k];
		size_t n = g->end - g->first;
		char rank[16];
		snprintf(rank, sizeof rank, "%d", sev_rank(g->policy->severity));
		row_begin(r, "g");
		if (r->md)
			putf(r, " %zu |", n);
		else
			putf(r, "<td class=\"num\" data-sort=\"%zu\"><a href=\"#vg-%zu\">%zu</a></td>",
			     n, k + 1, n);
		cell_x(r, false, sev_class[g->policy->severity], rank,
		       severity_name(g->policy->severity));
		cell_x(r, false, "id", NULL, g->policy->id);
		sb_adds(&r->sb, g->country->id);
		if (g->country->name)
			sb_addf(&r->sb, " · %s", g->country->name);
		cell_sb(r);
		cell(r, g->tenant->id);
		row_end(r);
	}
	table_end(r);
}

/* HTML: every group as a <details> holding its rows (no script needed
 * to open one; the script adds one filter over all of them). */
static void write_vgroup_details(struct rep *r)
{
	static const struct col cols[] = {
		{ "What", false }, { "Path", false }, { "Declared at", false },
	};
	heading(r, 3, "h-violation-rows", "Every violation, by group");
	para(r, NULL, "Open a group for its violations: each one in words, the services the "
	     "data travelled and the declaration in the inventory that causes it.");
	put(r, "<div class=\"vgroups\" id=\"v-all\">\n");
	for (size_t k = 0; k < r->nvg; k++) {
		const struct vgroup *g = &r->vg[k];
		size_t n = g->end - g->first;
		char id[32];
		putf(r, "<details id=\"vg-%zu\"><summary><span class=\"%s\">%s</span> ", k + 1,
		     sev_class[g->policy->severity], severity_name(g->policy->severity));
		vgroup_label(&r->sb, g);
		text(r, r->sb.buf);
		sb_reset(&r->sb);
		putf(r, ": %zu %s</summary>\n", n, count_word(n, "violation", "violations"));
		snprintf(id, sizeof id, "t-vg-%zu", k + 1);
		sb_addf(&r->sb, "%zu %s of ", n, count_word(n, "violation", "violations"));
		vgroup_label(&r->sb, g);
		char *caption = sb_detach(&r->sb);
		table_open(r, id, "vt", caption, cols, ARRAY_LEN(cols));
		free(caption);
		for (size_t i = g->first; i < g->end; i++) {
			const struct violation *x = r->vorder[i];
			row_begin(r, x->fact->suspended ? "v suspended" : "v");
			violation_cells(r, x);
			row_end(r);
		}
		table_end(r);
		put(r, "</details>\n");
	}
	put(r, "</div>\n");
}

/* Markdown: one table of every violation, errors first. */
static void write_violation_rows_md(struct rep *r)
{
	const struct verdicts *v = r->in->v;
	static const struct col cols[] = {
		{ "Severity", false }, { "Policy", false }, { "What", false },
		{ "Path", false }, { "Declared at", false },
	};
	/* errors first; v is sorted by policy id, which each severity keeps */
	heading(r, 3, "h-violation-rows", "Every violation");
	table_begin(r, "t-violations", NULL, cols, ARRAY_LEN(cols));
	for (int sev = SEV_ERROR; sev >= 0; sev--) {
		for (size_t i = 0; i < v->n; i++) {
			const struct policy *p = v->v[i].policy;
			if ((int)p->severity != sev)
				continue;
			row_begin(r, NULL);
			cell(r, severity_name(p->severity));
			cell(r, p->id);
			violation_cells(r, &v->v[i]);
			row_end(r);
		}
	}
	table_end(r);
}

static void write_violations(struct rep *r)
{
	const struct verdicts *v = r->in->v;
	const struct model *m = r->m;

	section_begin(r, "violations", "Policy violations");
	if (!m->npolicies) {
		para(r, "empty", "No policies are declared, so nothing was checked. "
		     "Add a policies: section to the inventory to judge the facts below.");
		section_end(r);
		return;
	}
	if (!v->n) {
		char buf[160];
		snprintf(buf, sizeof buf, "All %zu %s hold: no fact breaks any rule.",
			 m->npolicies, count_word(m->npolicies, "policy", "policies"));
		para(r, "empty ok", buf);
		section_end(r);
		return;
	}
	char buf[320];
	snprintf(buf, sizeof buf, "%zu %s of %zu %s, in %zu %s, by services of %zu %s. "
		 "Each row below is a policy broken in one country by the services of one "
		 "tenant, with how many residency facts break it there.",
		 v->n, count_word(v->n, "violation", "violations"),
		 r->npolicies_broken, count_word(r->npolicies_broken, "policy", "policies"),
		 r->vcountries, count_word(r->vcountries, "country", "countries"),
		 r->vtenants, count_word(r->vtenants, "tenant", "tenants"));
	para(r, NULL, buf);
	write_vgroup_table(r);
	if (r->md)
		write_violation_rows_md(r);
	else
		write_vgroup_details(r);
	section_end(r);
}

static void policy_effect(struct strbuf *sb, const struct policy *p)
{
	size_t parts = 0;
	if (p->deny) {
		sb_adds(sb, "deny");
		parts++;
	}
	if (p->has_allow_in) {
		sb_adds(sb, parts++ ? "; allow only in " : "allow only in ");
		for (size_t i = 0; i < p->nallow_in; i++) {
			const struct place *pl = &p->allow_in[i];
			if (i)
				sb_adds(sb, ", ");
			sb_adds(sb, pl->type == PLACE_REGION ? pl->u.region->id :
				    pl->type == PLACE_JUR ? pl->u.jur->id : pl->u.provider->id);
		}
	}
	if (p->ndeny_reach) {
		sb_adds(sb, parts++ ? "; deny reach by " : "deny reach by ");
		for (size_t i = 0; i < p->ndeny_reach; i++) {
			if (i)
				sb_adds(sb, ", ");
			sb_adds(sb, p->deny_reach[i].jur->id);
		}
	}
	if (!parts)
		sb_adds(sb, "none");
}

static void write_policies(struct rep *r)
{
	const struct model *m = r->m;
	const struct verdicts *v = r->in->v;
	static const struct col cols[] = {
		{ "Policy", false }, { "Severity", false }, { "Rule", false },
		{ "Description", false }, { "Result", false }, { "Violations", true },
		{ "Declared at", false },
	};
	section_begin(r, "policies", "Policies");
	if (!m->npolicies) {
		para(r, "empty", "No policies are declared.");
		section_end(r);
		return;
	}
	if (r->in->filter_note)
		para(r, NULL, "Results count only the facts the filter keeps.");
	size_t *nv = xcalloc(m->npolicies, sizeof *nv);
	for (size_t i = 0; i < v->n; i++)
		nv[v->v[i].policy->index]++;
	table_begin(r, "t-policies", "Every policy and whether it holds", cols, ARRAY_LEN(cols));
	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		char rank[16];
		snprintf(rank, sizeof rank, "%d", sev_rank(p->severity));
		row_begin(r, nv[i] ? "broken" : "holds");
		cell_th(r, p->id);
		cell_x(r, false, sev_class[p->severity], rank, severity_name(p->severity));
		policy_effect(&r->sb, p);
		cell_sb(r);
		cell(r, p->description ? p->description : "");
		cell_x(r, false, nv[i] ? "res res-broken" : "res res-holds", NULL,
		       nv[i] ? "broken" : "holds");
		cell_num(r, nv[i]);
		out_pos(&r->sb, p->pos);
		cell_x(r, false, "src", NULL, r->sb.buf ? r->sb.buf : "");
		sb_reset(&r->sb);
		row_end(r);
	}
	table_end(r);
	free(nv);
	section_end(r);
}

/* ---- where data resides ---- */

static void write_legend(struct rep *r)
{
	if (r->md) {
		put(r, "Cells show the strongest mode:");
		for (int md = 0; md < MODE__COUNT; md++)
			putf(r, " **%s** (%s)%s", mode_name(md), mode_meaning[md],
			     md + 1 < MODE__COUNT ? ";" : ".");
		put(r, " Strongest first.\n\n");
		return;
	}
	put(r, "<ul class=\"legend\" aria-label=\"Legend of modes\">\n");
	for (int md = 0; md < MODE__COUNT; md++)
		putf(r, "<li><span class=\"sw %s\">%s</span>%s</li>\n", mode_class[md],
		     mode_name(md), mode_meaning[md]);
	put(r, "</ul>\n");
}

static void write_matrix(struct rep *r)
{
	const struct model *m = r->m;
	const struct factset *fs = r->in->fs;
	/* columns: countries holding or accessing data, by id */
	uint32_t *col = xcalloc(m->njurs + 1, sizeof *col);
	const struct jur **cj = xcalloc(m->njurs + 1, sizeof *cj);
	size_t nc = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct jur *j = fs->facts[i].country;
		if (j && !col[j->index]) {
			col[j->index] = 1;
			cj[nc++] = j;
		}
	}
	nc = uniq_objs((const void **)cj, nc);
	for (size_t i = 0; i < nc; i++)
		col[cj[i]->index] = (uint32_t)i;

	heading(r, 3, "h-matrix", "Data category by country");
	para(r, NULL, "Where each category of data is, country by country: the strongest "
	     "way it is held there. A policy writer's first view.");
	if (!fs->nfacts) {
		para(r, "empty", "No facts: no data category resides anywhere.");
		free(col);
		free(cj);
		return;
	}
	write_legend(r);
	struct col *cols = xcalloc(nc + 1, sizeof *cols);
	cols[0].title = "Data category";
	for (size_t i = 0; i < nc; i++)
		cols[i + 1].title = cj[i]->id;
	if (!r->md) {
		/* the header cells carry the country names */
		r->ncols = nc + 1;
		put(r, "<div class=\"tw\" role=\"region\" tabindex=\"0\" aria-label=\""
		    "Strongest mode of each data category per country\">"
		    "<table id=\"t-matrix\" class=\"ft matrix\">\n"
		    "<caption>Strongest mode of each data category per country</caption>\n"
		    "<thead><tr><th scope=\"col\">Data category</th>");
		for (size_t i = 0; i < nc; i++) {
			put(r, "<th scope=\"col\" class=\"c\"><abbr title=\"");
			text(r, cj[i]->name ? cj[i]->name : cj[i]->id);
			put(r, "\">");
			text(r, cj[i]->id);
			put(r, "</abbr></th>");
		}
		put(r, "</tr></thead>\n<tbody>\n");
	} else {
		table_begin(r, NULL, NULL, cols, nc + 1);
	}
	unsigned char *best = xmalloc(nc + 1);
	for (size_t i = 0; i < fs->nfacts;) {
		const struct term *d = fs->facts[i].data;
		memset(best, MODE__COUNT, nc + 1);
		for (; i < fs->nfacts && fs->facts[i].data == d; i++) {
			const struct fact *f = &fs->facts[i];
			uint32_t c = col[f->country->index];
			if (f->mode < best[c])
				best[c] = (unsigned char)f->mode;
		}
		row_begin(r, NULL);
		cell_th(r, d->id);
		for (size_t c = 0; c < nc; c++) {
			if (best[c] == MODE__COUNT) {
				cell_x(r, false, "m", "9", "");
			} else {
				char rank[16];
				snprintf(rank, sizeof rank, "%d", best[c]);
				cell_x(r, false, mode_class[best[c]], rank, mode_name(best[c]));
			}
		}
		row_end(r);
	}
	table_end(r);
	free(best);
	free(cols);
	free(col);
	free(cj);
}

struct rkey { const struct jur *jur; int why; const struct provider *prov; };

static int cmp_reach_item(const void *a, const void *b)
{
	const struct rkey *x = a, *y = b;
	int c = strcmp(x->jur->id, y->jur->id);
	if (c)
		return c;
	if (x->why != y->why)
		return x->why < y->why ? -1 : 1;
	if (x->prov != y->prov)
		return !x->prov ? -1 : !y->prov ? 1 : strcmp(x->prov->id, y->prov->id);
	return 0;
}

static void reach_words(struct strbuf *sb, const struct rkey *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, it[i].jur->id);
		switch (it[i].why) {
		case REACH_LOCATION: sb_adds(sb, " (location)"); break;
		case REACH_PROVIDER_HQ:
			sb_addf(sb, " (law of %s's HQ)", it[i].prov ? it[i].prov->id : "provider");
			break;
		default: sb_adds(sb, " (remote access)"); break;
		}
	}
}

static void write_by_category(struct rep *r)
{
	const struct factset *fs = r->in->fs;
	static const struct col cols[] = {
		{ "Data category", false }, { "Country", false }, { "Region", false },
		{ "Modes", false }, { "Tenants", false }, { "Services", false },
		{ "Reached by", false }, { "Facts", true },
	};
	heading(r, 3, "h-by-category", "Each data category, country and region");
	para(r, NULL, "One row per data category and place. Reached by names every "
	     "jurisdiction whose law reaches the data there: the country the region is in, "
	     "the headquarters country of the provider running it, and countries it is "
	     "accessed from.");
	if (!fs->nfacts) {
		para(r, "empty", "No facts: no service of an enabled tenant stores data.");
		return;
	}
	table_begin(r, "t-residency", "Residency by data category", cols, ARRAY_LEN(cols));
	struct objv tenants = { 0 }, services = { 0 };
	struct rkey *items = NULL;
	size_t nitems = 0, capitems = 0;
	for (size_t i = 0; i < fs->nfacts;) {
		const struct fact *f0 = &fs->facts[i];
		unsigned modes = 0;
		size_t start = i;
		tenants.n = services.n = 0;
		nitems = 0;
		for (; i < fs->nfacts && fs->facts[i].data == f0->data &&
		       fs->facts[i].country == f0->country && fs->facts[i].region == f0->region; i++) {
			const struct fact *f = &fs->facts[i];
			modes |= 1u << f->mode;
			ov_push(&tenants, f->tenant);
			ov_push(&services, f->service);
			for (size_t k = 0; k < f->nreach; k++) {
				if (nitems == capitems)
					items = xgrow(items, &capitems, nitems + 1, sizeof *items);
				const struct provider *p = f->reach[k].why == REACH_PROVIDER_HQ ?
					f->reach[k].provider : NULL;
				items[nitems++] = (struct rkey){ f->reach[k].jur,
								       (int)f->reach[k].why, p };
			}
		}
		tenants.n = uniq_objs(tenants.v, tenants.n);
		services.n = uniq_objs(services.v, services.n);
		if (nitems > 1)
			xqsort(items, nitems, sizeof *items, cmp_reach_item);
		size_t ni = 0;
		for (size_t k = 0; k < nitems; k++)
			if (!ni || cmp_reach_item(&items[k], &items[ni - 1]))
				items[ni++] = items[k];

		row_begin(r, NULL);
		cell_th(r, f0->data->id);
		sb_adds(&r->sb, f0->country->id);
		if (f0->country->name)
			sb_addf(&r->sb, " · %s", f0->country->name);
		cell_sb(r);
		sb_adds(&r->sb, f0->region->id);
		if (f0->mode == MODE_ACCESSED && f0->region->country != f0->country)
			sb_addf(&r->sb, " (in %s)", f0->region->country->id);
		cell_sb(r);
		for (int md = 0; md < MODE__COUNT; md++)
			if (modes & (1u << md))
				sb_addf(&r->sb, "%s%s", r->sb.len ? ", " : "", mode_name(md));
		char rank[16];
		snprintf(rank, sizeof rank, "%d", __builtin_ctz(modes));
		cell_x(r, false, NULL, rank, r->sb.buf ? r->sb.buf : "");
		sb_reset(&r->sb);
		join_ids_capped(r, tenants.v, tenants.n);
		cell_sb(r);
		join_ids_capped(r, services.v, services.n);
		cell_sb(r);
		reach_words(&r->sb, items, ni);
		cell_sb(r);
		cell_num(r, i - start);
		row_end(r);
	}
	table_end(r);
	free(tenants.v);
	free(services.v);
	free(items);
}

/* ---- who can reach the data ---- */

struct reach_row {
	const struct jur *jur;
	int why;
	const struct provider *prov;
	const struct fact *f;
};

static int cmp_reach_row(const void *a, const void *b)
{
	const struct reach_row *x = a, *y = b;
	int c = cmp_reach_item(&(struct rkey){ x->jur, x->why, x->prov },
			       &(struct rkey){ y->jur, y->why, y->prov });
	if (c)
		return c;
	/* facts are in one array: their order is the factset's */
	return x->f < y->f ? -1 : x->f > y->f;
}

static void write_reach(struct rep *r)
{
	const struct factset *fs = r->in->fs;
	static const struct col cols[] = {
		{ "Jurisdiction", false }, { "How", false }, { "Through", false },
		{ "Data categories", false }, { "Regions", false }, { "Facts", true },
	};
	section_begin(r, "reach", "Who can reach the data");
	para(r, NULL, "Every jurisdiction whose law can reach data in the inventory, and why: "
	     "the region lies in its territory; the provider operating the region is "
	     "headquartered there (laws with extraterritorial reach, such as the US CLOUD "
	     "Act, follow the provider into every region it runs); or the data is "
	     "accessed from there.");
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts; i++)
		n += fs->facts[i].nreach;
	if (!n) {
		para(r, "empty", "No jurisdiction reaches any data: there are no facts.");
		section_end(r);
		return;
	}
	struct reach_row *rows = xcalloc(n, sizeof *rows);
	n = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		for (size_t k = 0; k < f->nreach; k++) {
			const struct reach *re = &f->reach[k];
			rows[n++] = (struct reach_row){ re->jur, (int)re->why,
				re->why == REACH_PROVIDER_HQ ? re->provider : NULL, f };
		}
	}
	xqsort(rows, n, sizeof *rows, cmp_reach_row);
	table_begin(r, "t-reach", "Jurisdictions and the data their law reaches",
		    cols, ARRAY_LEN(cols));
	struct objv data = { 0 }, regions = { 0 }, via = { 0 };
	for (size_t i = 0; i < n;) {
		const struct reach_row *g = &rows[i];
		size_t start = i, nf = 0;
		data.n = regions.n = via.n = 0;
		for (; i < n && rows[i].jur == g->jur && rows[i].why == g->why &&
		       rows[i].prov == g->prov; i++) {
			if (i == start || rows[i].f != rows[i - 1].f)
				nf++;
			ov_push(&data, rows[i].f->data);
			ov_push(&regions, rows[i].f->region);
			if (g->why == REACH_ACCESS)
				ov_push(&via, rows[i].f->service);
		}
		data.n = uniq_objs(data.v, data.n);
		regions.n = uniq_objs(regions.v, regions.n);
		via.n = uniq_objs(via.v, via.n);

		row_begin(r, g->why == REACH_LOCATION ? "r-location" :
			  g->why == REACH_PROVIDER_HQ ? "r-provider" : "r-access");
		sb_adds(&r->sb, g->jur->id);
		if (g->jur->name)
			sb_addf(&r->sb, " · %s", g->jur->name);
		cell_x(r, true, NULL, NULL, r->sb.buf);
		sb_reset(&r->sb);
		cell(r, g->why == REACH_LOCATION ? "region in its territory" :
		     g->why == REACH_PROVIDER_HQ ? "provider headquarters law" : "remote access");
		if (g->why == REACH_PROVIDER_HQ && g->prov) {
			sb_adds(&r->sb, g->prov->id);
			if (g->prov->name)
				sb_addf(&r->sb, " (%s)", g->prov->name);
			for (size_t k = 0; k < g->prov->nlaws; k++)
				sb_addf(&r->sb, "%s%s", k ? ", " : ": ", g->prov->laws[k]);
		} else if (g->why == REACH_ACCESS) {
			sb_adds(&r->sb, "access_from of ");
			join_ids_capped(r, via.v, via.n);
		}
		cell_sb(r);
		join_ids(&r->sb, data.v, data.n);
		cell_sb(r);
		join_regions(&r->sb, regions.v, regions.n);
		cell_sb(r);
		cell_num(r, nf);
		row_end(r);
	}
	table_end(r);
	free(data.v);
	free(regions.v);
	free(via.v);
	free(rows);
	section_end(r);
}

/* ---- tenants and services ---- */

/* Facts bucketed by an index (tenant or service): order[start[i] ..
 * start[i + 1]) are the facts of object i, in factset order. By tenant,
 * a fact is in the bucket of its owner and of its operator (the tenant
 * of the service holding it): a tenant's data is what it owns or holds. */
struct buckets {
	size_t *start;
	const struct fact **order;
};

/* The buckets of fact f: one or two indexes into k; returns how many. */
static size_t fact_buckets(const struct fact *f, bool by_tenant, size_t k[2])
{
	if (!by_tenant) {
		k[0] = f->service->index;
		return 1;
	}
	k[0] = f->tenant->index;
	k[1] = f->service->tenant->index;
	return k[1] == k[0] ? 1 : 2;
}

static void bucket(struct buckets *b, const struct factset *fs, size_t nobj, bool by_tenant)
{
	size_t k[2], total = 0;
	b->start = xcalloc(nobj + 2, sizeof *b->start);
	for (size_t i = 0; i < fs->nfacts; i++)
		for (size_t j = 0, n = fact_buckets(&fs->facts[i], by_tenant, k); j < n; j++) {
			b->start[k[j] + 1]++;
			total++;
		}
	b->order = xcalloc(total + 1, sizeof *b->order);
	for (size_t i = 0; i < nobj; i++)
		b->start[i + 1] += b->start[i];
	size_t *fill = xcalloc(nobj + 1, sizeof *fill);
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		for (size_t j = 0, n = fact_buckets(f, by_tenant, k); j < n; j++)
			b->order[b->start[k[j]] + fill[k[j]]++] = f;
	}
	free(fill);
}

static void buckets_free(struct buckets *b)
{
	free(b->start);
	free(b->order);
}

/* The columns of a service, in the page and in the CSV beside it. */
static const struct col service_cols[] = {
	{ "Service", false }, { "Name", false }, { "Tenant", false },
	{ "Kind", false }, { "Regions", false }, { "Access from", false },
	{ "Data here", false }, { "Facts", true }, { "Violations", true },
};
enum { NSCOL = ARRAY_LEN(service_cols) };

/* The cells of service s (f[NSCOL], reset by the caller); its facts are
 * bs->order[bs->start[i] .. bs->start[i + 1]). */
static void service_fields(struct strbuf *f, const struct service *s, const struct buckets *bs,
			   size_t nviol, struct objv *a)
{
	size_t i = s->index;
	bool off = s->tenant->status == TENANT_DISABLED;
	sb_adds(&f[0], s->id);
	sb_adds(&f[1], s->name ? s->name : "");
	sb_adds(&f[2], s->tenant->id);
	if (s->tenant->status != TENANT_ACTIVE)
		sb_addf(&f[2], " (%s)", status_name(s->tenant->status));
	sb_adds(&f[3], kind_name(s->kind));
	for (size_t k = 0; k < s->nregions; k++) {
		if (k)
			sb_adds(&f[4], ", ");
		region_label(&f[4], s->regions[k].region);
	}
	if (s->redundancy == RED_GEO)
		sb_adds(&f[4], "; geo-redundant");
	for (size_t k = 0; k < s->nreplicas; k++) {
		sb_adds(&f[4], k ? ", " : "; replicas in ");
		region_label(&f[4], s->replicas[k].region);
	}
	for (size_t k = 0; k < s->naccess_from; k++)
		sb_addf(&f[5], "%s%s", k ? ", " : "", s->access_from[k].jur->id);
	a->n = 0;
	for (size_t k = bs->start[i]; k < bs->start[i + 1]; k++)
		ov_push(a, bs->order[k]->data);
	a->n = uniq_objs(a->v, a->n);
	join_ids(&f[6], a->v, a->n);
	if (off)
		sb_adds(&f[6], "not mapped: tenant disabled");
	sb_addf(&f[7], "%zu", bs->start[i + 1] - bs->start[i]);
	sb_addf(&f[8], "%zu", nviol);
}

static void service_row(struct rep *r, struct strbuf *f, const struct service *s)
{
	bool off = s->tenant->status == TENANT_DISABLED;
	row_begin(r, off ? "disabled" :
		  s->tenant->status == TENANT_SUSPENDED ? "suspended" : NULL);
	cell_th(r, f[0].buf);
	for (size_t k = 1; k < NSCOL; k++) {
		if (service_cols[k].num)
			cell_x(r, false, "num", f[k].buf, f[k].buf);
		else
			cell(r, f[k].buf ? f[k].buf : "");
	}
	row_end(r);
}

/* Every service as CSV (RFC 4180, the project's escaper), same columns. */
static void service_csv(FILE *out, struct strbuf *f, struct strbuf *line)
{
	sb_reset(line);
	for (size_t k = 0; k < NSCOL; k++) {
		if (k)
			sb_addc(line, ',');
		esc_csv(line, f[k].buf ? f[k].buf : "");
	}
	sb_adds(line, "\r\n");
	fwrite(line->buf, 1, line->len, out);
}

/* Most first, then in the order given (ties keep it). */
struct ranked { size_t n, order; const void *p; };

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct kind_sum { size_t services, facts, violations, broken; unsigned char *tenants; size_t ntenants; };

/* Above the threshold: the services by kind in the page, the services
 * with the most violations, every service in the CSV beside it. */
static void write_services_aside(struct rep *r, size_t ns_all, const struct buckets *bs,
				 const size_t *vs, struct strbuf *f)
{
	const struct model *m = r->m;
	const unsigned char *sk = r->in->svc_keep;
	static const struct col kcols[] = {
		{ "Kind", false }, { "Services", true }, { "Tenants", true }, { "Facts", true },
		{ "Violations", true }, { "Services breaking a policy", true },
	};
	struct kind_sum ks[KIND__COUNT];
	memset(ks, 0, sizeof ks);
	struct objv a = { 0 }, top = { 0 };
	struct strbuf line = STRBUF_INIT;
	for (size_t k = 0; k < NSCOL; k++) {
		if (k)
			sb_addc(&line, ',');
		esc_csv(&line, service_cols[k].title);
	}
	sb_adds(&line, "\r\n");
	fwrite(line.buf, 1, line.len, r->in->services_csv);
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (sk && !sk[i])
			continue;
		struct kind_sum *k = &ks[s->kind];
		if (!k->tenants)
			k->tenants = xcalloc(m->ntenants + 1, 1);
		if (!k->tenants[s->tenant->index]) {
			k->tenants[s->tenant->index] = 1;
			k->ntenants++;
		}
		k->services++;
		k->facts += bs->start[i + 1] - bs->start[i];
		k->violations += vs[i];
		k->broken += vs[i] > 0;
		if (vs[i])
			ov_push(&top, s);
		for (size_t c = 0; c < NSCOL; c++)
			sb_reset(&f[c]);
		service_fields(f, s, bs, vs[i], &a);
		service_csv(r->in->services_csv, f, &line);
	}
	sb_reset(&line);
	sb_addf(&line, "%zu services are too many to list here (more than %d): they are "
		"counted by kind below, with the services breaking the most policies. Every "
		"service, with where it runs and what data it holds, is in ", ns_all,
		REPORT_MAX_ROWS);
	para_begin(r, NULL);
	text(r, line.buf);
	if (r->md) {
		put(r, "[");
		text(r, r->in->services_csv_link);
		put(r, "](");
		link_target(r, r->in->services_csv_link);
		put(r, ")");
	} else {
		put(r, "<a href=\"");
		link_target(r, r->in->services_csv_link);
		put(r, "\">");
		text(r, r->in->services_csv_link);
		put(r, "</a>");
	}
	text(r, " beside this report (CSV, one row per service).");
	para_end(r);
	table_begin(r, "t-service-kinds", "Services by kind", kcols, ARRAY_LEN(kcols));
	for (int k = 0; k < KIND__COUNT; k++) {
		if (!ks[k].services)
			continue;
		row_begin(r, NULL);
		cell_th(r, kind_name(k));
		cell_num(r, ks[k].services);
		cell_num(r, ks[k].ntenants);
		cell_num(r, ks[k].facts);
		cell_num(r, ks[k].violations);
		cell_num(r, ks[k].broken);
		row_end(r);
		free(ks[k].tenants);
	}
	table_end(r);
	if (top.n) {
		struct ranked *rk = xcalloc(top.n, sizeof *rk);
		for (size_t i = 0; i < top.n; i++)
			rk[i] = (struct ranked){ vs[((const struct service *)top.v[i])->index], i,
						 top.v[i] };
		xqsort(rk, top.n, sizeof *rk, cmp_ranked);
		size_t n = top.n;
		if (n > REPORT_TOP_SERVICES)
			n = REPORT_TOP_SERVICES;
		char caption[128];
		snprintf(caption, sizeof caption, "The %zu %s with the most violations, of %zu "
			 "breaking a policy", n, count_word(n, "service", "services"), top.n);
		heading(r, 3, "h-service-top", "Services with the most violations");
		table_begin(r, "t-services", caption, service_cols, NSCOL);
		for (size_t i = 0; i < n; i++) {
			const struct service *s = rk[i].p;
			for (size_t c = 0; c < NSCOL; c++)
				sb_reset(&f[c]);
			service_fields(f, s, bs, vs[s->index], &a);
			service_row(r, f, s);
		}
		table_end(r);
		free(rk);
	}
	free(a.v);
	free(top.v);
	sb_release(&line);
}

static void write_services(struct rep *r, size_t ns_all, const struct buckets *bs,
			   const size_t *vs)
{
	const struct model *m = r->m;
	const unsigned char *sk = r->in->svc_keep;
	struct strbuf f[NSCOL];
	struct objv a = { 0 };
	if (!ns_all)
		return;
	for (size_t c = 0; c < NSCOL; c++)
		sb_init(&f[c]);
	heading(r, 3, "h-service-table", "Services");
	if (r->in->services_csv && report_services_many(r->in)) {
		write_services_aside(r, ns_all, bs, vs, f);
	} else {
		table_begin(r, "t-services", "Services, where they run and what data they hold",
			    service_cols, NSCOL);
		for (size_t i = 0; i < m->nservices; i++) {
			if (sk && !sk[i])
				continue;
			for (size_t c = 0; c < NSCOL; c++)
				sb_reset(&f[c]);
			service_fields(f, m->services[i], bs, vs[i], &a);
			service_row(r, f, m->services[i]);
		}
		table_end(r);
	}
	for (size_t c = 0; c < NSCOL; c++)
		sb_release(&f[c]);
	free(a.v);
}

bool report_services_many(const struct report_input *in)
{
	size_t n = 0;
	for (size_t i = 0; i < in->m->nservices; i++)
		n += !in->svc_keep || in->svc_keep[i];
	return n > REPORT_MAX_ROWS;
}

static void write_tenants(struct rep *r)
{
	const struct model *m = r->m;
	const struct factset *fs = r->in->fs;
	const struct verdicts *v = r->in->v;
	static const struct col tcols[] = {
		{ "Tenant", false }, { "Name", false }, { "Country", false },
		{ "Status", false }, { "Services", false }, { "Data categories", false },
		{ "Data in countries", false }, { "Facts", true }, { "Violations", true },
	};
	section_begin(r, "tenants", "Tenants and services");
	para(r, NULL, "Services of a disabled tenant create no facts: their data is neither "
	     "mapped nor judged, and they are listed here as such. A suspended tenant's "
	     "facts are kept and flagged.");

	struct buckets bt, bs;
	bucket(&bt, fs, m->ntenants, true);
	bucket(&bs, fs, m->nservices, false);
	size_t *vt = xcalloc(m->ntenants + 1, sizeof *vt);
	size_t *vs = xcalloc(m->nservices + 1, sizeof *vs);
	for (size_t i = 0; i < v->n; i++) {
		size_t k[2];
		for (size_t j = 0, n = fact_buckets(v->v[i].fact, true, k); j < n; j++)
			vt[k[j]]++;
		vs[v->v[i].fact->service->index]++;
	}
	/* services by their own tenant (m->services is sorted by id) */
	size_t *sstart = xcalloc(m->ntenants + 2, sizeof *sstart);
	const struct service **sorder = xcalloc(m->nservices + 1, sizeof *sorder);
	for (size_t i = 0; i < m->nservices; i++)
		sstart[m->services[i]->tenant->index + 1]++;
	for (size_t i = 0; i < m->ntenants; i++)
		sstart[i + 1] += sstart[i];
	size_t *fill = xcalloc(m->ntenants + 1, sizeof *fill);
	for (size_t i = 0; i < m->nservices; i++) {
		size_t t = m->services[i]->tenant->index;
		sorder[sstart[t] + fill[t]++] = m->services[i];
	}
	free(fill);

	struct objv a = { 0 };
	const unsigned char *tk = r->in->tenant_keep, *sk = r->in->svc_keep;
	size_t nt = 0, ns_all = 0;
	for (size_t t = 0; t < m->ntenants; t++)
		nt += !tk || tk[t];
	for (size_t i = 0; i < m->nservices; i++)
		ns_all += !sk || sk[i];
	if (!nt) {
		para(r, "empty", "No tenants are declared.");
	} else {
		heading(r, 3, "h-tenant-table", "Tenants");
		table_begin(r, "t-tenants", "Tenants, their status and where their data is",
			    tcols, ARRAY_LEN(tcols));
	}
	for (size_t t = 0; t < m->ntenants; t++) {
		const struct tenant *tn = m->tenants[t];
		if (tk && !tk[t])
			continue;
		static const char *const st_class[TENANT__COUNT] = {
			"st st-active", "st st-suspended", "st st-disabled"
		};
		row_begin(r, tn->status == TENANT_DISABLED ? "disabled" :
			  tn->status == TENANT_SUSPENDED ? "suspended" : NULL);
		cell_th(r, tn->id);
		cell(r, tn->name ? tn->name : "");
		cell(r, tn->country ? tn->country->id : "");
		cell_x(r, false, st_class[tn->status], NULL, status_name(tn->status));
		a.n = 0;
		for (size_t k = sstart[t]; k < sstart[t + 1]; k++)
			if (!sk || sk[sorder[k]->index])
				ov_push(&a, sorder[k]);
		size_t ns = a.n;
		join_ids_capped(r, a.v, ns);
		if (tn->status == TENANT_DISABLED && ns)
			sb_adds(&r->sb, ns == 1 ? " (no facts: tenant disabled)" :
				" (none create facts: tenant disabled)");
		cell_sb(r);
		a.n = 0;
		for (size_t k = bt.start[t]; k < bt.start[t + 1]; k++)
			ov_push(&a, bt.order[k]->data);
		a.n = uniq_objs(a.v, a.n);
		join_ids(&r->sb, a.v, a.n);
		cell_sb(r);
		a.n = 0;
		for (size_t k = bt.start[t]; k < bt.start[t + 1]; k++)
			ov_push(&a, bt.order[k]->region->country);
		a.n = uniq_objs(a.v, a.n);
		join_ids(&r->sb, a.v, a.n);
		cell_sb(r);
		cell_num(r, bt.start[t + 1] - bt.start[t]);
		cell_num(r, vt[t]);
		row_end(r);
	}
	if (nt)
		table_end(r);

	write_services(r, ns_all, &bs, vs);
	free(a.v);
	free(sstart);
	free(sorder);
	free(vt);
	free(vs);
	buckets_free(&bt);
	buckets_free(&bs);
	section_end(r);
}

/* ---- diagrams ---- */

/* One view as a figure: inline SVG (HTML), or a link to the file beside
 * the report (Markdown); when there is none, missing says so. */
static void write_figure(struct rep *r, size_t vi, const char *missing)
{
	const struct view_def *vd = view_at(vi);
	const struct report_view *rv = &r->in->views[vi];
	char note[200] = "";
	/* what was drawn, when another view stands in (the matrix) */
	const char *about = rv->drawn_as ? rv->drawn_as->about : vd->about;
	if (rv->collapse_auto)
		snprintf(note, sizeof note, " Collapsed to one node per %s to stay "
			 "readable; run resmap graph --view %s --collapse none to see "
			 "every service.", collapse_name(rv->collapse), vd->name);
	if (rv->drawn_as)
		snprintf(note, sizeof note, " Drawn as a matrix: as lines it would be an "
			 "untraceable bundle; resmap graph --view %s draws them.", vd->name);
	if (r->md) {
		putf(r, "\n### %s\n\n%s: %s.%s\n\n", vd->title, vd->title, about, note);
		if (rv->link) {
			put(r, "![");
			text(r, vd->title);
			put(r, "](");
			link_target(r, rv->link);
			put(r, ")\n");
		} else if (missing) {
			put(r, missing);
		}
		return;
	}
	putf(r, "<figure id=\"fig-%s\" class=\"diagram\">\n<figcaption><strong>%s</strong>: "
	     "%s.%s</figcaption>\n", vd->name, vd->title, about, note);
	if (rv->svg) {
		/* a box that scrolls without script; the script adds zoom and pan */
		putf(r, "<div class=\"svg\" id=\"svg-%s\" role=\"region\" tabindex=\"0\" "
		     "aria-label=\"%s diagram\">\n", vd->name, vd->title);
		fwrite(rv->svg, 1, rv->len, r->out);
		put(r, "\n</div>\n");
	} else {
		put(r, "<p class=\"empty\">Diagram not available.</p>\n");
	}
	put(r, "</figure>\n");
}

/* The views resmap draws itself (the world map) open the report. */
static void write_map(struct rep *r)
{
	section_begin(r, "map", "Where data sits");
	para(r, NULL, "Countries holding data, darker where it is stored or replicated, "
	     "and what crosses their borders. Hover over a country, an arrow or a marker "
	     "for what it holds, carries or breaks.");
	for (size_t vi = 0; vi < view_count(); vi++)
		if (view_at(vi)->svg && view_at(vi)->title)
			write_figure(r, vi, "(The map is written beside the report, as "
				     "NAME-world.svg, when -o names a file.)\n");
	section_end(r);
}

static void write_diagrams(struct rep *r)
{
	section_begin(r, "diagrams", "Diagrams");
	para(r, NULL, "The three views of resmap graph, each with its legend. Hover over a "
	     "node or an edge for details. Large inventories are drawn collapsed and "
	     "their flows merged into counted edges, as each subtitle says; resmap graph "
	     "draws any view in full (--max-nodes, --max-edges 0).");
	size_t last = 0;
	for (size_t vi = 0; vi < view_count(); vi++)
		if (view_at(vi)->title && !view_at(vi)->svg)
			last = vi;
	for (size_t vi = 0; vi < view_count(); vi++)
		if (view_at(vi)->title && !view_at(vi)->svg)
			write_figure(r, vi, vi != last ? NULL :
				     "(The diagrams are written beside the report, as NAME-deps.svg, "
				     "NAME-jurisdiction.svg and NAME-data.svg, when -o names a file.)\n");
	section_end(r);
}

/* ---- the page ---- */

static void write_html(struct rep *r)
{
	const struct report_input *in = r->in;
	char hash[64];
	struct counts c;
	count_all(in, &c);
	r->npolicies_broken = c.policies_broken;
	report_script_hash(hash);
	put(r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	/* nothing may load from anywhere: styles and the one script are inline */
	putf(r, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	     "style-src 'unsafe-inline'; img-src data:; script-src %s; base-uri 'none'; "
	     "form-action 'none'\">\n", hash);
	putf(r, "<meta name=\"generator\" content=\"resmap %s\">\n", RESMAP_VERSION);
	put(r, "<title>Data residency report: ");
	text(r, in->title);
	put(r, "</title>\n<style>\n");
	put(r, report_css);
	put(r, "</style>\n</head>\n<body>\n<div class=\"wrap\">\n");
	write_header(r, &c);
	write_map(r);
	write_violations(r);
	write_policies(r);
	section_begin(r, "residency", "Where data resides");
	write_matrix(r);
	write_by_category(r);
	section_end(r);
	write_reach(r);
	write_tenants(r);
	write_diagrams(r);
	putf(r, "</main>\n<footer>Written by resmap %s from the inventory: every fact is "
	     "derived from the YAML files named above, and every violation names the "
	     "declaration that causes it.</footer>\n</div>\n<script>", RESMAP_VERSION);
	put(r, report_script);
	put(r, "</script>\n</body>\n</html>\n");
}

static void write_md(struct rep *r)
{
	struct counts c;
	count_all(r->in, &c);
	r->npolicies_broken = c.policies_broken;
	write_header(r, &c);
	write_map(r);
	write_violations(r);
	write_policies(r);
	section_begin(r, "residency", "Where data resides");
	write_matrix(r);
	write_by_category(r);
	write_reach(r);
	write_tenants(r);
	write_diagrams(r);
	putf(r, "\n---\n\nWritten by resmap %s.\n", RESMAP_VERSION);
}

void report_write(FILE *out, enum report_format fmt, const struct report_input *in)
{
	struct rep r = { 0 };
	r.out = out;
	r.md = fmt == RF_MD;
	r.in = in;
	r.m = in->m;
	if (in->services_csv && report_services_many(in))
		r.list_cap = REPORT_LIST_CAP;
	group_violations(&r);
	if (r.md)
		write_md(&r);
	else
		write_html(&r);
	sb_release(&r.esc);
	sb_release(&r.sb);
	free(r.vorder);
	free(r.vg);
}
