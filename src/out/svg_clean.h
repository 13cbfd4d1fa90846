/*
 * svg_clean: graphviz SVG made safe to inline into the HTML report.
 */
#ifndef RESMAP_SVG_CLEAN_H
#define RESMAP_SVG_CLEAN_H

#include <stddef.h>

#include "base/util.h"

/*
 * Prepares graphviz SVG for inlining into HTML: drops the XML prolog,
 * doctype and comments, prefixes every id with prefix (three diagrams
 * share one page), and checks that only the elements and attributes
 * graphviz draws occur — no script, no event handler, no link, nothing
 * that could close the <svg> early. Appends to out and returns 0, or
 * returns -1 when something else was found (nothing is then to be
 * inlined).
 */
int report_svg_clean(const char *svg, size_t len, const char *prefix, struct strbuf *out);

#endif
