/*
 * svg_draw: the drawing primitives of the views resmap writes as SVG
 * itself (the world map, the data x place matrix): numbers written
 * deterministically, shapes as <path> (the report's SVG whitelist has no
 * <rect> or <circle>), lines of text, and the violation marker that every
 * such view draws the same way, by severity.
 *
 * Every function appends to sb; text arguments are XML already (escape
 * inventory text with vg_xml_text first).
 */
#ifndef RESMAP_SVG_DRAW_H
#define RESMAP_SVG_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"
#include "engine/model.h"

#define SVG_FONT "Helvetica, Arial, sans-serif"
#define SVG_TEXT "#1A1A1A"

/* v with one decimal at most, no "-0". */
void svg_num(struct strbuf *sb, double v);
/* "x y" */
void svg_pt(struct strbuf *sb, double x, double y);
/* n with thousands separators ("59,825") in buf (at least 32 bytes). */
const char *svg_grouped(size_t n, char *buf);
#define SVG_G(n) svg_grouped((n), (char[40]){ 0 })

/* A circle of radius r at x, y, as path data. */
void svg_dot_path(struct strbuf *sb, double x, double y, double r);
/* The rectangle of corners r[0] r[1], r[2] r[3], as path data. */
void svg_rect_path(struct strbuf *sb, const double r[4]);
/* One <text> at x, y (its baseline); size in pixels, as text. */
void svg_text_line(struct strbuf *sb, double x, double y, const char *size, bool bold,
		   const char *fill, const char *text);

/* The XML declaration and the <svg> start tag of a W x H drawing. */
void svg_begin(struct strbuf *sb, double w, double h);

/*
 * The lines over a drawing at x: the title (title escaped here; NULL:
 * "resmap"), the counts line (XML), and when either is given a blue line
 * of the filter note (escaped here) and the notes (XML). The document's
 * own <title> is the title and doc (XML).
 */
void svg_heading(struct strbuf *sb, double x, const char *title, const char *doc,
		 const char *counts, const char *note, const char *notes);

/*
 * The mark of a broken policy centred at x, y, by severity, as shape and
 * glyph so that it reads without colour: a vermilion triangle with a
 * white "!" for an error, an orange diamond with a dark "!" for a
 * warning, a white circle with a blue "i" for info. No <g> or title: the
 * caller wraps it.
 */
void svg_severity_marker(struct strbuf *sb, enum severity s, double x, double y);

#endif
