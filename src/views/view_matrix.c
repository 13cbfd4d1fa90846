/*
 * view_matrix: the matrix view — data categories (and the subjects their
 * data is about) as rows, countries as columns under the jurisdiction
 * groups they are drawn in, each cell filled with the colour of the
 * strongest mode of the facts there and lettered with it (S stored, R
 * replica, P processed, A accessed), and marked where a policy breaks by
 * the worst severity (svg_draw's markers: shape and glyph, not colour
 * alone). It does the data view's job when that one is a bundle of lines:
 * its size grows with categories and countries, never with services.
 *
 * resmap writes the SVG itself (deterministic, no layout engine), from
 * the table matrix_build makes; gv_render_svg turns it into PNG or PDF.
 * Every cell, row and column header has a <title> (the tooltip) with the
 * counts behind it.
 */
#include "views/view_int.h"

#include <stdlib.h>
#include <string.h>

#include "views/matrix.h"
#include "views/svg_draw.h"

#define MARGIN 16.0
#define TOP 78.0                   /* below the title lines */
#define GROUP_H 20.0               /* the row of jurisdiction groups */
#define COUNTRY_H 18.0             /* the row of country codes */
#define CELL_W 34.0
#define ROW_H 22.0
#define SUB_H 18.0
#define CHAR_W 6.3                 /* about, for 11 px Helvetica */
#define MAX_ROWS 60                /* categories fold, sub-rows go above */

/* Letters on the cells, and the ink that reads on each mode's colour
 * (4.9:1 white on blue, 6:1 and more black on the others). */
static const char mode_letter[MODE__COUNT] = { 'S', 'R', 'P', 'A' };
static const char *const mode_ink[MODE__COUNT] = { "#FFFFFF", "#000000", "#000000", "#000000" };
static const char *const mode_words[MODE__COUNT] = {
	"stored: kept at rest in a region there",
	"replica: a copy (geo pair or declared replica)",
	"processed: received along a dependency",
	"accessed: read remotely from there (access_from)",
};

enum { LG_MODE_FIRST, LG_EMPTY = LG_MODE_FIRST + MODE__COUNT, LG_ERROR, LG_WARNING, LG_INFO,
       LG__COUNT };

struct mctx {
	const struct view_input *in;
	const struct model *m;
	struct matrix mx;
	double x0, label_w, table_w;   /* cells start at x0 + label_w */
	bool legend[LG__COUNT];
	struct strbuf t;               /* scratch for titles */
};

static double row_h(const struct mx_row *r) { return r->sub ? SUB_H : ROW_H; }

static void row_label(const struct mctx *c, const struct mx_row *r, struct strbuf *sb, size_t max)
{
	(void)c;
	if (r->sub) {
		if (r->subject)
			vg_xml_text(sb, r->subject->id, max);
		else
			sb_adds(sb, "(no subject named)");
		return;
	}
	vg_xml_text(sb, r->data->id, max);
}

/* The width of the label column: the longest label, within bounds. */
static double label_width(const struct matrix *mx)
{
	size_t most = 10;
	for (size_t i = 0; i < mx->nrows; i++) {
		const struct mx_row *r = &mx->rows[i];
		size_t n = r->sub ? (r->subject ? strlen(r->subject->id) : 18) + 2 :
			   strlen(r->data->id) + (r->subject ? strlen(r->subject->id) + 8 : 0);
		if (n > most)
			most = n;
	}
	double w = (double)most * CHAR_W + 16;
	return w < 120 ? 120 : w > 330 ? 330 : w;
}

static void list_services(struct strbuf *sb, const struct mx_cell *cell)
{
	for (size_t i = 0; i < cell->nlisted; i++) {
		sb_adds(sb, i ? ", " : "");
		vg_xml_text(sb, cell->services[i]->id, 60);
	}
	if (cell->nservices > cell->nlisted)
		sb_addf(sb, ", +%s more", SVG_G(cell->nservices - cell->nlisted));
}

/* " 2 error, 1 warning": the severities counted, worst first. */
static void severity_counts(struct strbuf *sb, const size_t nviol[SEV__COUNT])
{
	bool first = true;
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		if (nviol[s]) {
			sb_addf(sb, "%s %s %s", first ? "" : ",", SVG_G(nviol[s]),
				severity_name((enum severity)s));
			first = false;
		}
}

static void cell_title(struct mctx *c, const struct mx_row *r, const struct mx_col *col,
		       const struct mx_cell *cell)
{
	struct strbuf *sb = &c->t;
	sb_reset(sb);
	vg_xml_text(sb, r->data->id, 80);
	if (r->sub) {
		sb_adds(sb, " about ");
		if (r->subject)
			vg_xml_text(sb, r->subject->id, 80);
		else
			sb_adds(sb, "no subject named");
	}
	sb_adds(sb, " in ");
	vg_xml_text(sb, col->country->id, 8);
	if (col->country->name) {
		sb_adds(sb, " (");
		vg_xml_text(sb, col->country->name, 60);
		sb_adds(sb, ")");
	}
	sb_addf(sb, "&#10;strongest: %s&#10;facts:", mode_name((enum mode)cell->strongest));
	bool first = true;
	for (int md = 0; md < MODE__COUNT; md++)
		if (cell->nfacts[md]) {
			sb_addf(sb, "%s %s %s", first ? "" : ",", SVG_G(cell->nfacts[md]),
				mode_name((enum mode)md));
			first = false;
		}
	sb_addf(sb, "&#10;service%s (%s): ", cell->nservices == 1 ? "" : "s",
		SVG_G(cell->nservices));
	list_services(sb, cell);
	if (cell->worst < 0) {
		sb_adds(sb, "&#10;no policy broken");
		return;
	}
	sb_adds(sb, "&#10;policies broken:");
	severity_counts(sb, cell->nviol);
	for (size_t i = 0; i < cell->npolicies && i < 12; i++) {
		const struct mx_pol *p = &cell->policies[i];
		sb_adds(sb, "&#10;  ");
		vg_xml_text(sb, p->policy->id, 80);
		sb_addf(sb, " (%s): %s violation%s", severity_name(p->policy->severity),
			SVG_G(p->n), p->n == 1 ? "" : "s");
	}
	if (cell->npolicies > 12)
		sb_addf(sb, "&#10;  +%zu more policies", cell->npolicies - 12);
}

static void write_cell(struct mctx *c, struct strbuf *sb, size_t ri, size_t ci, double y)
{
	const struct mx_row *r = &c->mx.rows[ri];
	const struct mx_col *col = &c->mx.cols[ci];
	const struct mx_cell *cell = matrix_cell(&c->mx, ri, ci);
	double x = c->x0 + c->label_w + (double)ci * CELL_W, h = row_h(r);
	double box[4] = { x + 1, y + 1, x + CELL_W - 1, y + h - 1 };
	if (cell->strongest < 0) {
		c->legend[LG_EMPTY] = true;
		sb_adds(sb, "<path class=\"cell empty\" fill=\"#FFFFFF\" stroke=\"#E3E3E3\" "
			"stroke-width=\"1\" d=\"");
		svg_rect_path(sb, box);
		sb_adds(sb, "\"/>\n");
		return;
	}
	int md = cell->strongest;
	c->legend[LG_MODE_FIRST + md] = true;
	cell_title(c, r, col, cell);
	sb_addf(sb, "<g class=\"cell %s%s%s\"><title>%s</title>\n<path fill=\"%s\" d=\"",
		mode_name((enum mode)md), cell->worst >= 0 ? " broken " : "",
		cell->worst >= 0 ? severity_name((enum severity)cell->worst) : "", c->t.buf,
		mode_color[md]);
	svg_rect_path(sb, box);
	sb_adds(sb, "\"/>\n<text x=\"");
	svg_num(sb, x + (cell->worst >= 0 ? 8 : CELL_W / 2));
	sb_adds(sb, "\" y=\"");
	svg_num(sb, y + h / 2 + 4);
	sb_addf(sb, "\" text-anchor=\"middle\" font-family=\"" SVG_FONT "\" font-size=\"%s\" "
		"font-weight=\"bold\" fill=\"%s\">%c</text>\n", r->sub ? "10" : "11",
		mode_ink[md], mode_letter[md]);
	if (cell->worst >= 0) {
		/* on a white badge, so that no fill hides it */
		double mx = x + 23.5, my = y + h / 2;
		c->legend[LG_INFO - cell->worst] = true;
		sb_adds(sb, "<path fill=\"#FFFFFF\" d=\"");
		svg_dot_path(sb, mx, my, r->sub ? 7.5 : 8.5);
		sb_adds(sb, "\"/>\n");
		svg_severity_marker(sb, (enum severity)cell->worst, mx, my + (cell->worst ==
						SEV_INFO ? 0 : 1));
	}
	sb_adds(sb, "</g>\n");
}

/* Totals of a row or column, for its title: facts by mode, violations. */
struct totals {
	size_t nfacts[MODE__COUNT], nviol[SEV__COUNT], ncells;
};

static void totals_add(struct totals *t, const struct mx_cell *cell)
{
	if (cell->strongest < 0)
		return;
	t->ncells++;
	for (int md = 0; md < MODE__COUNT; md++)
		t->nfacts[md] += cell->nfacts[md];
	for (int s = 0; s < SEV__COUNT; s++)
		t->nviol[s] += cell->nviol[s];
}

static void totals_text(struct strbuf *sb, const struct totals *t, const char *cells)
{
	size_t n = 0;
	for (int md = 0; md < MODE__COUNT; md++)
		n += t->nfacts[md];
	sb_addf(sb, "&#10;%s fact%s in %zu %s", SVG_G(n), n == 1 ? "" : "s", t->ncells, cells);
	bool first = true;
	for (int md = 0; md < MODE__COUNT; md++)
		if (t->nfacts[md]) {
			sb_addf(sb, "%s%s %s", first ? ": " : ", ", SVG_G(t->nfacts[md]),
				mode_name((enum mode)md));
			first = false;
		}
	size_t nv = t->nviol[SEV_ERROR] + t->nviol[SEV_WARNING] + t->nviol[SEV_INFO];
	if (!nv)
		return;
	sb_adds(sb, "&#10;violations:");
	severity_counts(sb, t->nviol);
}

static void write_header(struct mctx *c, struct strbuf *sb)
{
	const struct matrix *mx = &c->mx;
	double left = c->x0 + c->label_w;
	sb_adds(sb, "<g id=\"columns\" font-family=\"" SVG_FONT "\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < mx->nspans; i++) {
		const struct mx_span *sp = &mx->spans[i];
		double x = left + (double)sp->first * CELL_W, w = (double)sp->n * CELL_W;
		double box[4] = { x + 1, TOP, x + w - 1, TOP + GROUP_H - 2 };
		sb_reset(&c->t);
		if (sp->group) {
			sb_adds(&c->t, "jurisdiction group ");
			vg_xml_text(&c->t, sp->group->id, 60);
			if (sp->group->name) {
				sb_adds(&c->t, ": ");
				vg_xml_text(&c->t, sp->group->name, 80);
			}
		} else {
			sb_adds(&c->t, "countries in no jurisdiction group that the inventory declares "
				"or a policy names");
		}
		sb_addf(&c->t, " (%zu countr%s here)", sp->n, sp->n == 1 ? "y" : "ies");
		sb_addf(sb, "<g class=\"group\"><title>%s</title>\n<path fill=\"%s\" stroke=\"%s\" "
			"stroke-width=\"1\" d=\"", c->t.buf, sp->group ? "#EAF2FA" : "#F4F4F4",
			sp->group ? C_BLUE : "#BDBDBD");
		svg_rect_path(sb, box);
		sb_adds(sb, "\"/>\n");
		sb_reset(&c->t);
		/* as much of the id as fits the span */
		size_t fit = (size_t)((w - 4) / 6.8);
		if (sp->group)
			vg_xml_text(&c->t, sp->group->id, fit < 2 ? 2 : fit);
		else
			sb_adds(&c->t, sp->n > 1 ? "other" : "\xe2\x80\x94");
		sb_adds(sb, "<text x=\"");
		svg_num(sb, x + w / 2);
		sb_adds(sb, "\" y=\"");
		svg_num(sb, TOP + 13.5);
		sb_addf(sb, "\" font-size=\"10\" font-weight=\"bold\" fill=\"%s\">%s</text>\n</g>\n",
			sp->group ? C_BLUE : "#595959", c->t.buf);
	}
	for (size_t ci = 0; ci < mx->ncols; ci++) {
		const struct mx_col *col = &mx->cols[ci];
		struct totals t;
		memset(&t, 0, sizeof t);
		for (size_t ri = 0; ri < mx->nrows; ri++)
			if (!mx->rows[ri].sub)
				totals_add(&t, matrix_cell(mx, ri, ci));
		sb_reset(&c->t);
		vg_xml_text(&c->t, col->country->id, 8);
		if (col->country->name) {
			sb_adds(&c->t, " \xc2\xb7 ");
			vg_xml_text(&c->t, col->country->name, 80);
		}
		if (col->group) {
			sb_adds(&c->t, " (in ");
			vg_xml_text(&c->t, col->group->id, 60);
			sb_adds(&c->t, ")");
		}
		totals_text(&c->t, &t, t.ncells == 1 ? "category" : "categories");
		sb_addf(sb, "<text class=\"country\" x=\"");
		svg_num(sb, left + ((double)ci + 0.5) * CELL_W);
		sb_adds(sb, "\" y=\"");
		svg_num(sb, TOP + GROUP_H + 12);
		sb_adds(sb, "\" font-size=\"10\" font-weight=\"bold\" fill=\"" SVG_TEXT "\"><title>");
		sb_adds(sb, c->t.buf);
		sb_adds(sb, "</title>");
		vg_xml_text(sb, col->country->id, 4);
		sb_adds(sb, "</text>\n");
	}
	sb_adds(sb, "</g>\n");
}

static void row_title(struct mctx *c, const struct mx_row *r, size_t ri)
{
	const struct matrix *mx = &c->mx;
	struct strbuf *sb = &c->t;
	struct totals t;
	memset(&t, 0, sizeof t);
	for (size_t ci = 0; ci < mx->ncols; ci++)
		totals_add(&t, matrix_cell(mx, ri, ci));
	sb_reset(sb);
	vg_xml_text(sb, r->data->id, 80);
	if (r->sub) {
		sb_adds(sb, " about ");
		if (r->subject) {
			vg_xml_text(sb, r->subject->id, 80);
			if (r->subject->name) {
				sb_adds(sb, " \xc2\xb7 ");
				vg_xml_text(sb, r->subject->name, 80);
			}
		} else {
			sb_adds(sb, "no subject named");
		}
	} else {
		if (r->data->name) {
			sb_adds(sb, " \xc2\xb7 ");
			vg_xml_text(sb, r->data->name, 80);
		}
		if (mx->folded)
			sb_adds(sb, " (with every category under it)");
		if (r->subject) {
			sb_adds(sb, "&#10;about ");
			vg_xml_text(sb, r->subject->id, 80);
		} else if (r->nsubjects > 1) {
			sb_addf(sb, "&#10;about %zu subjects%s", r->nsubjects,
				mx->no_subrows ? "" : " (the rows below; a fact about several "
				"counts in each)");
		}
	}
	totals_text(sb, &t, t.ncells == 1 ? "country" : "countries");
}

static void write_rows(struct mctx *c, struct strbuf *sb, double *bottom)
{
	const struct matrix *mx = &c->mx;
	double y = TOP + GROUP_H + COUNTRY_H;
	double right = c->x0 + c->label_w + (double)mx->ncols * CELL_W;
	struct strbuf lab = STRBUF_INIT;
	sb_adds(sb, "<g id=\"rows\">\n");
	for (size_t ri = 0; ri < mx->nrows; ri++) {
		const struct mx_row *r = &mx->rows[ri];
		double h = row_h(r);
		if (!r->sub) {
			/* a rule above each category */
			sb_addf(sb, "<path stroke=\"%s\" stroke-width=\"1\" d=\"M", ri ? "#BDBDBD" :
				"#737373");
			svg_pt(sb, c->x0, y);
			sb_adds(sb, "H");
			svg_num(sb, right);
			sb_adds(sb, "\"/>\n");
		}
		row_title(c, r, ri);
		sb_reset(&lab);
		double indent = r->sub ? 14 : 0;
		size_t fit = (size_t)((c->label_w - 10 - indent) / CHAR_W);
		row_label(c, r, &lab, fit);
		sb_addf(sb, "<g class=\"row%s\"><title>%s</title>\n", r->sub ? " subject" : "",
			c->t.buf);
		sb_adds(sb, "<text x=\"");
		svg_num(sb, c->x0 + indent);
		sb_adds(sb, "\" y=\"");
		svg_num(sb, y + h / 2 + 4);
		sb_addf(sb, "\" font-family=\"" SVG_FONT "\" font-size=\"%s\"%s fill=\"%s\">%s",
			r->sub ? "10" : "11", r->sub ? "" : " font-weight=\"bold\"",
			r->sub ? "#4D4D4D" : SVG_TEXT, lab.buf);
		if (!r->sub && r->subject && lab.len + strlen(r->subject->id) + 8 <= fit + 4) {
			sb_adds(sb, " <tspan font-weight=\"normal\" fill=\"#4D4D4D\" font-size=\"10\">"
				"\xc2\xb7 about ");
			vg_xml_text(sb, r->subject->id, 40);
			sb_adds(sb, "</tspan>");
		}
		sb_adds(sb, "</text>\n</g>\n");
		for (size_t ci = 0; ci < mx->ncols; ci++)
			write_cell(c, sb, ri, ci, y);
		y += h;
	}
	/* the groups' boundaries, over the cells */
	for (size_t i = 0; i <= mx->nspans; i++) {
		size_t first = i < mx->nspans ? mx->spans[i].first : mx->ncols;
		double x = c->x0 + c->label_w + (double)first * CELL_W;
		sb_adds(sb, "<path stroke=\"#4D4D4D\" stroke-width=\"1.2\" d=\"M");
		svg_pt(sb, x, TOP + GROUP_H);
		sb_adds(sb, "V");
		svg_num(sb, y);
		sb_adds(sb, "\"/>\n");
	}
	sb_adds(sb, "<path stroke=\"#737373\" stroke-width=\"1\" d=\"M");
	svg_pt(sb, c->x0, y);
	sb_adds(sb, "H");
	svg_num(sb, right);
	sb_adds(sb, "\"/>\n</g>\n");
	sb_release(&lab);
	*bottom = y;
}

static void write_title(struct mctx *c, struct strbuf *sb, const char *notes)
{
	const struct matrix *mx = &c->mx;
	struct strbuf t = STRBUF_INIT;
	sb_addf(&t, "Data \xc3\x97 place \xe2\x80\x94 %zu categor%s \xc3\x97 %zu countr%s \xc2\xb7 "
		"%s fact%s \xc2\xb7 %s service%s \xc2\xb7 %s violation%s", mx->ncategories,
		mx->ncategories == 1 ? "y" : "ies", mx->ncols, mx->ncols == 1 ? "y" : "ies",
		SVG_G(mx->nfacts), mx->nfacts == 1 ? "" : "s", SVG_G(mx->nservices),
		mx->nservices == 1 ? "" : "s", SVG_G(mx->nviol), mx->nviol == 1 ? "" : "s");
	svg_heading(sb, MARGIN, c->in->title, "Data by country", t.buf, c->in->note, notes);
	sb_release(&t);
}

static const char *legend_text(int i)
{
	static const char *const sev_words[SEV__COUNT] = {
		"info: a policy's finding here, not a breach",
		"a policy broken here: warning",
		"a policy broken here: error",
	};
	return i < LG_EMPTY ? mode_words[i - LG_MODE_FIRST] :
	       i == LG_EMPTY ? "none of this data there" : sev_words[LG_INFO - i];
}

static void write_legend(struct mctx *c, struct strbuf *sb, double top, double width,
			 double *bottom)
{
	/* a grid of columns as wide as the longest text used */
	double colw = 0;
	for (int i = 0; i < LG__COUNT; i++) {
		double wd = CELL_W + 6 + 6.2 * (double)strlen(legend_text(i)) + 16;
		if (c->legend[i] && wd > colw)
			colw = wd;
	}
	size_t ncol = colw > 0 ? (size_t)((width - 2 * MARGIN) / colw) : 1, k = 0;
	if (ncol < 1)
		ncol = 1;
	double x = c->x0, y = top;
	sb_adds(sb, "<g id=\"legend\">\n");
	for (int i = 0; i < LG__COUNT; i++) {
		if (!c->legend[i])
			continue;
		const char *text = legend_text(i);
		if (k && k % ncol == 0)
			y += 22;
		x = c->x0 + (double)(k++ % ncol) * colw;
		double box[4] = { x + 1, y, x + CELL_W - 1, y + ROW_H - 2 };
		if (i < LG_EMPTY) {
			int md = i - LG_MODE_FIRST;
			sb_addf(sb, "<path fill=\"%s\" d=\"", mode_color[md]);
			svg_rect_path(sb, box);
			sb_adds(sb, "\"/>\n<text x=\"");
			svg_num(sb, x + CELL_W / 2);
			sb_adds(sb, "\" y=\"");
			svg_num(sb, y + 14.5);
			sb_addf(sb, "\" text-anchor=\"middle\" font-family=\"" SVG_FONT "\" "
				"font-size=\"11\" font-weight=\"bold\" fill=\"%s\">%c</text>\n",
				mode_ink[md], mode_letter[md]);
		} else if (i == LG_EMPTY) {
			sb_adds(sb, "<path fill=\"#FFFFFF\" stroke=\"#BDBDBD\" stroke-width=\"1\" d=\"");
			svg_rect_path(sb, box);
			sb_adds(sb, "\"/>\n");
		} else {
			svg_severity_marker(sb, (enum severity)(LG_INFO - i), x + CELL_W / 2,
					    y + 10 + (i == LG_INFO ? 0 : 1));
		}
		svg_text_line(sb, x + CELL_W + 6, y + 14.5, "10", false, SVG_TEXT, text);
	}
	if (c->mx.nrows) {
		y += 26;
		svg_text_line(sb, c->x0, y + 10, "10", false, "#595959",
			      "Each cell: the strongest way the data is held in that country "
			      "(stored, then replica, processed, accessed).");
		svg_text_line(sb, c->x0, y + 24, "10", false, "#595959",
			      "Hover over a cell for the facts, services and policies behind it.");
		y += 18;
	}
	sb_adds(sb, "</g>\n");
	*bottom = y + 18;
}

void view_matrix_svg(const struct view_input *in, struct strbuf *out, double *width,
		     double *height)
{
	struct mctx c = { .in = in, .m = in->m, .x0 = MARGIN };
	sb_init(&c.t);
	matrix_build(&c.mx, in, MAX_ROWS);
	const struct matrix *mx = &c.mx;
	c.label_w = label_width(mx);
	c.table_w = c.label_w + (double)mx->ncols * CELL_W;

	struct strbuf notes = STRBUF_INIT;
	if (mx->folded)
		sb_addf(&notes, "Categories folded to their roots: more than %d", MAX_ROWS);
	if (mx->no_subrows)
		sb_addf(&notes, "%sSubjects in the rows' titles, not as rows: more than %d rows",
			notes.len ? " \xc2\xb7 " : "", MAX_ROWS);
	if (mx->nowhere)
		sb_addf(&notes, "%s%s fact%s in no country", notes.len ? " \xc2\xb7 " : "",
			SVG_G(mx->nowhere), mx->nowhere == 1 ? "" : "s");

	struct strbuf body = STRBUF_INIT;
	double bottom = TOP;
	if (mx->nrows) {
		write_header(&c, &body);
		write_rows(&c, &body, &bottom);
	} else {
		svg_text_line(&body, MARGIN, TOP + 14, "12", false, SVG_TEXT,
			      "No facts: no data is held anywhere (with these filters).");
		bottom = TOP + 20;
	}
	double W = MARGIN + c.table_w + MARGIN;
	if (W < 760)
		W = 760;              /* two columns of legend */
	double legend_bottom;
	write_legend(&c, &body, bottom + 14, W, &legend_bottom);
	double H = legend_bottom + 8;

	svg_begin(out, W, H);
	sb_adds(out, "<path fill=\"#FFFFFF\" d=\"");
	double page[4] = { 0, 0, W, H };
	svg_rect_path(out, page);
	sb_adds(out, "\"/>\n");
	write_title(&c, out, notes.buf);
	sb_add(out, body.buf, body.len);
	sb_adds(out, "</svg>\n");
	*width = W;
	*height = H;
	sb_release(&body);
	sb_release(&notes);
	sb_release(&c.t);
	matrix_release(&c.mx);
}

bool view_matrix_dense(const struct view_input *in, const struct vgraph *g)
{
	size_t edges = 0;
	for (size_t i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from].key[0] != '!')   /* not the legend's */
			edges++;
	if (edges > VIEW_MATRIX_EDGES)
		return true;
	const struct factset *fs = in->fs;
	unsigned char *seen = xcalloc(in->m->nservices + 1, 1);
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts && n <= VIEW_MATRIX_SERVICES; i++) {
		const struct fact *f = &fs->facts[i];
		if ((!in->fact_keep || in->fact_keep[i]) && !seen[f->service->index]) {
			seen[f->service->index] = 1;
			n++;
		}
	}
	free(seen);
	return n > VIEW_MATRIX_SERVICES;
}
