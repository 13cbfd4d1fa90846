/*
 * svg_draw: drawing primitives shared by the views resmap writes as SVG
 * itself (view_world.c, view_matrix.c). See svg_draw.h.
 */
#include "views/svg_draw.h"

#include <math.h>
#include <stdio.h>

#include "views/view_int.h"

void svg_num(struct strbuf *sb, double v)
{
	/* one decimal; no "-0" */
	double r = round(v * 10) / 10;
	if (r == 0)
		r = 0;
	if (r == floor(r))
		sb_addf(sb, "%.0f", r);
	else
		sb_addf(sb, "%.1f", r);
}

void svg_pt(struct strbuf *sb, double x, double y)
{
	svg_num(sb, x);
	sb_addc(sb, ' ');
	svg_num(sb, y);
}

const char *svg_grouped(size_t n, char *buf)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof tmp, "%zu", n), o = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

void svg_dot_path(struct strbuf *sb, double x, double y, double r)
{
	sb_adds(sb, "M");
	svg_pt(sb, x - r, y);
	sb_adds(sb, "a");
	svg_num(sb, r);
	sb_addc(sb, ' ');
	svg_num(sb, r);
	sb_adds(sb, " 0 1 0 ");
	svg_num(sb, 2 * r);
	sb_adds(sb, " 0a");
	svg_num(sb, r);
	sb_addc(sb, ' ');
	svg_num(sb, r);
	sb_adds(sb, " 0 1 0 ");
	svg_num(sb, -2 * r);
	sb_adds(sb, " 0z");
}

void svg_rect_path(struct strbuf *sb, const double r[4])
{
	sb_adds(sb, "M");
	svg_pt(sb, r[0], r[1]);
	sb_adds(sb, "H");
	svg_num(sb, r[2]);
	sb_adds(sb, "V");
	svg_num(sb, r[3]);
	sb_adds(sb, "H");
	svg_num(sb, r[0]);
	sb_adds(sb, "z");
}

void svg_text_line(struct strbuf *sb, double x, double y, const char *size, bool bold,
		   const char *fill, const char *text)
{
	sb_adds(sb, "<text x=\"");
	svg_num(sb, x);
	sb_adds(sb, "\" y=\"");
	svg_num(sb, y);
	sb_addf(sb, "\" font-family=\"" SVG_FONT "\" font-size=\"%s\"%s fill=\"%s\">%s</text>\n",
		size, bold ? " font-weight=\"bold\"" : "", fill, text);
}

void svg_begin(struct strbuf *sb, double w, double h)
{
	sb_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"");
	svg_num(sb, w);
	sb_adds(sb, "\" height=\"");
	svg_num(sb, h);
	sb_adds(sb, "\" viewBox=\"0 0 ");
	svg_pt(sb, w, h);
	sb_adds(sb, "\">\n");
}

void svg_heading(struct strbuf *sb, double x, const char *title, const char *doc,
		 const char *counts, const char *note, const char *notes)
{
	struct strbuf t = STRBUF_INIT;
	vg_xml_text(&t, title ? title : "resmap", 80);
	sb_addf(sb, "<title>%s \xc2\xb7 %s</title>\n", t.buf, doc);
	svg_text_line(sb, x, 26, "20", true, SVG_TEXT, t.buf);
	svg_text_line(sb, x, 44, "12", false, SVG_TEXT, counts);
	sb_reset(&t);
	if (note)
		vg_xml_text(&t, note, 200);
	if (notes && *notes) {
		sb_adds(&t, t.len ? " \xc2\xb7 " : "");
		sb_adds(&t, notes);
	}
	if (t.len)
		svg_text_line(sb, x, 60, "10", false, C_BLUE, t.buf);
	sb_release(&t);
}

void svg_severity_marker(struct strbuf *sb, enum severity s, double x, double y)
{
	static const char *const fill[SEV__COUNT] = { "#FFFFFF", C_ORANGE, C_VIOLATION };
	static const char *const ink[SEV__COUNT] = { C_BLUE, SVG_TEXT, "#FFFFFF" };
	if (s == SEV_INFO) {
		sb_addf(sb, "<path fill=\"%s\" stroke=\"%s\" stroke-width=\"1.4\" d=\"", fill[s], C_BLUE);
		svg_dot_path(sb, x, y, 5);
		sb_adds(sb, "\"/>\n");
	} else if (s == SEV_WARNING) {
		/* a diamond: told from the error's triangle by shape, not colour only */
		double r = 7;
		sb_addf(sb, "<path fill=\"%s\" stroke=\"#FFFFFF\" stroke-width=\"1.2\" d=\"M", fill[s]);
		svg_pt(sb, x, y - r);
		sb_adds(sb, "L");
		svg_pt(sb, x + r, y);
		sb_adds(sb, " ");
		svg_pt(sb, x, y + r);
		sb_adds(sb, " ");
		svg_pt(sb, x - r, y);
		sb_adds(sb, "z\"/>\n");
	} else {
		double r = 7.5;
		sb_addf(sb, "<path fill=\"%s\" stroke=\"#FFFFFF\" stroke-width=\"1.2\" d=\"M", fill[s]);
		svg_pt(sb, x, y - r);
		sb_adds(sb, "L");
		svg_pt(sb, x + r * 0.95, y + r * 0.7);
		sb_adds(sb, " ");
		svg_pt(sb, x - r * 0.95, y + r * 0.7);
		sb_adds(sb, "z\"/>\n");
	}
	sb_adds(sb, "<text x=\"");
	svg_num(sb, x);
	sb_adds(sb, "\" y=\"");
	svg_num(sb, y + (s == SEV_INFO ? 3 : s == SEV_WARNING ? 3.2 : 3.6));
	sb_addf(sb, "\" text-anchor=\"middle\" font-family=\"" SVG_FONT "\" font-size=\"%s\" "
		"font-weight=\"bold\" fill=\"%s\">%s</text>\n", s == SEV_INFO ? "8" : "9",
		ink[s], s == SEV_INFO ? "i" : "!");
}
