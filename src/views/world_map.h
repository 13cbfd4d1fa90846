/*
 * world_map: the country shapes of the world view, data/world.tsv
 * embedded in the binary (tools/gen-world.js made it from Natural Earth;
 * see data/SOURCES.md), and the geometry drawn on them. Coordinates are
 * already projected (Equal Earth) into map units: 1000 wide, y down;
 * drawing them only places and scales.
 *
 * Ownership: world_map_load returns a map owned by the caller
 * (world_map_free); its strings point into the embedded text or the map.
 */
#ifndef RESMAP_WORLD_MAP_H
#define RESMAP_WORLD_MAP_H

#include <stdbool.h>
#include <stddef.h>

struct world_country {
	char code[3];              /* ISO 3166-1 alpha-2, "" when it has none */
	const char *name;          /* Natural Earth's short name */
	double x, y;               /* label point: centroid of its largest part */
	bool small;                /* too small to see: drawn as a dot when it matters */
	const char *path;          /* SVG path data, "" when only a dot is known */
	const char *inset_path;    /* the same clipped to the inset window, or "" */
};

struct world_map {
	double x0, y0, x1, y1;     /* bounds of every path */
	/* an enlarged inset (Europe): the window it shows, and the open sea it
	 * may be drawn over (both in map units); has_inset false: none */
	bool has_inset;
	double win[4], box[4];     /* x0 y0 x1 y1 */
	struct world_country *c;   /* sorted by code; code-less ones last */
	size_t n;
	char *text;                /* the parsed copy the strings point into */
};

/* Parses text (the TSV format tools/gen-world.js writes). Returns NULL
 * when it is malformed, which only a broken build can cause. */
struct world_map *world_map_parse(const char *text, size_t len);
/* The embedded map. Never NULL: a malformed embedded file is fatal. */
struct world_map *world_map_load(void);
void world_map_free(struct world_map *w);
/* The country with code, or NULL. */
const struct world_country *world_map_find(const struct world_map *w, const char *code);

/*
 * The shape of one arrow between two points of the map: a quadratic
 * curve bowed to the left of its direction by bend times its length,
 * starting gap0 after the start and ending in a head whose tip is gap1
 * before the end, so that labels at both ends stay readable. The curve
 * runs x0,y0 → (control cx,cy) → x1,y1, the head's base; the head is the
 * triangle tip, left, right. mx,my is the curve's middle (its label).
 */
struct world_arrow {
	double x0, y0, cx, cy, x1, y1;
	double tipx, tipy, lx, ly, rx, ry;
	double mx, my;
};
void world_arrow_shape(double fx, double fy, double tx, double ty, double bend,
		       double width, double gap0, double gap1, struct world_arrow *a);

#endif
