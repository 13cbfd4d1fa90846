/*
 * gv: the only door to graphviz. Turns a finalized vgraph into DOT text
 * (our own writer, byte-stable) or into SVG, PNG or PDF by building a
 * cgraph graph and laying it out with gvc in-process, in memory.
 */
#ifndef RESMAP_GV_H
#define RESMAP_GV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "views/vgraph.h"

enum gv_format { GV_DOT, GV_SVG, GV_PNG, GV_PDF, GV__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const gv_format_names[];
const char *gv_format_name(enum gv_format f);      /* "dot", "svg", ... */
/* The format named by path's extension (.dot .gv .svg .png .pdf), or -1. */
int gv_format_from_path(const char *path);
/* True for formats that are text (may go to a terminal). */
bool gv_format_is_text(enum gv_format f);

/*
 * Renders g in format f, laying it out with engine ("dot" or "sfdp";
 * ignored for GV_DOT). On success *out is a malloc'd buffer of *len
 * bytes (free with free()) and 0 is returned. On failure (a missing
 * graphviz plugin, a layout error) an error naming what to install
 * goes to d, and -1 is returned.
 */
int gv_render(const struct vgraph *g, enum gv_format f, const char *engine,
	      struct diag *d, char **out, size_t *len);

/*
 * Renders an SVG document of width x height points (resmap's own, the
 * world view) to GV_PNG (at twice that in pixels) or GV_PDF, through
 * graphviz's cairo renderer and its librsvg image loader; the SVG is
 * passed through a temporary file, removed before returning. Result and
 * errors as gv_render.
 */
int gv_render_svg(const char *svg, size_t svglen, double width, double height,
		  enum gv_format f, struct diag *d, char **out, size_t *len);

#endif
