#!/usr/bin/env node
// gen-world.js: writes data/world.tsv, the country shapes of
// `resmap graph --view world`, from Natural Earth's Admin 0 country
// boundaries as carried by the npm package world-atlas.
//
//   mkdir /tmp/wa && cd /tmp/wa && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//   node tools/gen-world.js /tmp/wa/package /usr/share/iso-codes/json/iso_3166-1.json > data/world.tsv
//
// Source: world-atlas 2.0.2 (https://github.com/topojson/world-atlas,
// ISC licence, Mike Bostock), a TopoJSON redistribution of Natural Earth
// 4.1.0 Admin 0 countries (public domain, naturalearthdata.com).
// countries-110m.json (1:110m) gives the shapes; countries-50m.json gives
// the places of the small countries that 1:110m leaves out (Singapore,
// Bahrain, Malta, Hong Kong...), drawn as dots. world-atlas keys
// countries by ISO 3166-1 numeric code: Debian's iso-codes package
// (iso_3166-1.json) maps them to alpha-2.
//
// Projection: Equal Earth (Šavrič, Patterson & Jenny 2018). It is equal
// area, so a country's ink is proportional to its size (Mercator would
// make Canada and Russia dominate a map about where data sits), and its
// shape is the familiar rounded pseudo-cylinder of world atlases. The
// projected coordinates are written here so that resmap only scales.
//
// No npm dependency: TopoJSON arcs are decoded below (delta-encoded,
// quantized), as the TopoJSON specification describes.
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, isoFile] = process.argv.slice(2);
if (!pkgDir || !isoFile) {
	process.stderr.write('usage: gen-world.js WORLD-ATLAS-DIR ISO_3166-1.JSON\n');
	process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const t110 = JSON.parse(fs.readFileSync(path.join(pkgDir, 'countries-110m.json'), 'utf8'));
const t50 = JSON.parse(fs.readFileSync(path.join(pkgDir, 'countries-50m.json'), 'utf8'));
const iso = JSON.parse(fs.readFileSync(isoFile, 'utf8'))['3166-1'];
const alpha2 = new Map(iso.map(c => [c.numeric, c.alpha_2]));

// Map frame: 1000 units wide; y grows downwards (SVG).
const WIDTH = 1000;
// Points closer than this to the last one kept are dropped (map units).
const MIN_STEP = 0.7;
// Below this area (map units²; one is about 1,300 km²) a country is also
// drawn as a dot when it holds data, so that it can be seen: Luxembourg
// is 2, the Netherlands 31, Ireland 52; Singapore is absent at 1:110m.
const SMALL_AREA = 60;
// Antarctica holds no datacenter and would add a fifth to the height.
const LEAVE_OUT = new Set(['010']);
// Europe and the Middle East's west, enlarged in an inset: most regions
// crowd there. Longitudes and latitudes; the window is the projected box.
const INSET = { lon0: -11, lon1: 39, lat0: 29, lat1: 62 };
// The inset is drawn about twice as large: keep twice the detail.
const INSET_MIN_STEP = 0.3;
// Where the inset goes: open sea in the south-east Pacific, west of South
// America and south of Central America (map units).
const INSET_BOX = [6, -24, 284, 187];

// Equal Earth, as published (Šavrič et al. 2018, eq. 2), radians in,
// unit sphere out.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
function equalEarth(lon, lat) {
	const l = Math.asin(M * Math.sin(lat)), l2 = l * l, l6 = l2 * l2 * l2;
	const x = lon * Math.cos(l) / (M * (A1 + 3 * A2 * l2 + l6 * (7 * A3 + 9 * A4 * l2)));
	const y = l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2));
	return [x, y];
}
const XMAX = equalEarth(Math.PI, 0)[0];
const SCALE = WIDTH / (2 * XMAX);
const rad = d => d * Math.PI / 180;
function project([lon, lat]) {
	const [x, y] = equalEarth(rad(lon), rad(lat));
	return [(x + XMAX) * SCALE, -y * SCALE];
}

function decodeArcs(topo) {
	const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
	return topo.arcs.map(arc => {
		let x = 0, y = 0;
		return arc.map(([dx, dy]) => {
			x += dx; y += dy;
			return [x * sx + tx, y * sy + ty];
		});
	});
}

// Rings of a geometry in lon/lat, each closed.
function rings(geom, arcs) {
	const ring = idx => {
		const pts = [];
		for (const i of idx) {
			const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
			pts.push(...(pts.length ? a.slice(1) : a));
		}
		return pts;
	};
	if (geom.type === 'Polygon')
		return [geom.arcs.map(ring)];
	if (geom.type === 'MultiPolygon')
		return geom.arcs.map(p => p.map(ring));
	return [];
}

function area(pts) {
	let s = 0;
	for (let i = 0, j = pts.length - 1; i < pts.length; j = i++)
		s += pts[j][0] * pts[i][1] - pts[i][0] * pts[j][1];
	return s / 2;
}

function centroid(pts) {
	let cx = 0, cy = 0, a = 0;
	for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
		const f = pts[j][0] * pts[i][1] - pts[i][0] * pts[j][1];
		cx += (pts[j][0] + pts[i][0]) * f;
		cy += (pts[j][1] + pts[i][1]) * f;
		a += f;
	}
	if (!a)
		return pts[0];
	return [cx / (3 * a), cy / (3 * a)];
}

const r1 = v => (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, '').replace(/^-0$/, '0');
// Integers in tenths, so that relative steps add up without drift.
const q = v => Math.round(v * 10);
const fmt = v => (v < 0 ? '-' : '') + (Math.abs(v) / 10).toFixed(1).replace(/\.0$/, '');
// Numbers of a path: a space between two, none before a minus sign.
const nums = a => a.map((s, i) => (i && !s.startsWith('-') ? ' ' : '') + s).join('');

// Rings that cross the antimeridian (Russia's Chukotka, Fiji: TopoJSON
// stitches what Natural Earth cut) are cut again at ±180° and their far
// part moved to the other edge of the map; the cut follows the meridian
// degree by degree, since Equal Earth draws it curved.
function clip(ring, lon, keepBelow) {
	const inside = p => keepBelow ? p[0] <= lon : p[0] >= lon;
	const out = [];
	for (let i = 0; i < ring.length; i++) {
		const a = ring[i], b = ring[(i + 1) % ring.length];
		if (inside(a))
			out.push(a);
		if (inside(a) !== inside(b)) {
			const t = (lon - a[0]) / (b[0] - a[0]);
			out.push([lon, a[1] + t * (b[1] - a[1])]);
		}
	}
	const dense = [];
	for (let i = 0; i < out.length; i++) {
		const a = out[i], b = out[(i + 1) % out.length];
		dense.push(a);
		if (a[0] === lon && b[0] === lon)
			for (let k = 1, n = Math.floor(Math.abs(b[1] - a[1])); k < n; k++)
				dense.push([lon, a[1] + Math.sign(b[1] - a[1]) * k]);
	}
	return dense;
}
function splitAntimeridian(ring) {
	const u = [ring[0].slice()];
	for (let i = 1; i < ring.length; i++) {
		let lon = ring[i][0];
		const prev = u[i - 1][0];
		while (lon - prev > 180) lon -= 360;
		while (prev - lon > 180) lon += 360;
		u.push([lon, ring[i][1]]);
	}
	const lo = Math.min(...u.map(p => p[0])), hi = Math.max(...u.map(p => p[0]));
	if (lo >= -180 && hi <= 180)
		return [ring];
	const cut = hi > 180 ? 180 : -180, shift = hi > 180 ? -360 : 360;
	const near = clip(u, cut, cut > 0), far = clip(u, cut, cut < 0).map(([x, y]) => [x + shift, y]);
	return [near, far].filter(r => r.length >= 3);
}

// A ring clipped to a rectangle (Sutherland-Hodgman, edge by edge).
function clipRect(ring, [x0, y0, x1, y1]) {
	const edges = [[p => p[0] >= x0, (a, b) => cut(a, b, 0, x0)], [p => p[0] <= x1, (a, b) => cut(a, b, 0, x1)],
		       [p => p[1] >= y0, (a, b) => cut(a, b, 1, y0)], [p => p[1] <= y1, (a, b) => cut(a, b, 1, y1)]];
	function cut(a, b, k, v) {
		const t = (v - a[k]) / (b[k] - a[k]);
		return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
	}
	let out = ring;
	for (const [inside, at] of edges) {
		const next = [];
		for (let i = 0; i < out.length; i++) {
			const a = out[i], b = out[(i + 1) % out.length];
			if (inside(a))
				next.push(a);
			if (inside(a) !== inside(b))
				next.push(at(a, b));
		}
		out = next;
		if (!out.length)
			break;
	}
	return out;
}

// SVG path data of projected rings: relative steps in tenths of a unit,
// points closer than minStep to the last one kept dropped.
function encode(rings, minStep) {
	let out = '';
	for (const r of rings) {
		const kept = [];
		for (const p of r) {
			const qp = [q(p[0]), q(p[1])];
			const last = kept[kept.length - 1];
			if (last && Math.hypot(qp[0] - last[0], qp[1] - last[1]) < minStep * 10)
				continue;
			kept.push(qp);
		}
		if (kept.length < 3)
			continue;
		let [px, py] = kept[0];
		const steps = [];
		for (const [x, y] of kept.slice(1)) {
			steps.push(fmt(x - px), fmt(y - py));
			px = x; py = y;
		}
		out += 'M' + nums([fmt(kept[0][0]), fmt(kept[0][1])]) + 'l' + nums(steps) + 'z';
	}
	return out;
}

// Projects a country; returns { path, rings, cx, cy, area } in map units.
function shape(geom, arcs) {
	let total = 0, best = null;
	const all = [];
	const polys = [];
	for (const poly of rings(geom, arcs)) {
		const parts = splitAntimeridian(poly[0]);
		polys.push([parts[0], ...poly.slice(1)]);
		for (const p of parts.slice(1))
			polys.push([p]);
	}
	for (const poly of polys) {
		const proj = poly.map(r => r.map(project));
		const a = Math.abs(area(proj[0])) - proj.slice(1).reduce((s, r) => s + Math.abs(area(r)), 0);
		total += a;
		if (!best || a > best.a)
			best = { a, c: centroid(proj[0]) };
		all.push(...proj);
	}
	return { path: encode(all, MIN_STEP), rings: all, cx: best.c[0], cy: best.c[1], area: total };
}

const clean = s => s.replace(/[\t\n]/g, ' ');
const rows = [], seen = new Set();
let nocode = 0;
const arcs110 = decodeArcs(t110), arcs50 = decodeArcs(t50);
let ymin = Infinity, ymax = -Infinity;
for (const g of t110.objects.countries.geometries) {
	if (LEAVE_OUT.has(g.id))
		continue;
	const code = g.id ? alpha2.get(g.id) : undefined;
	if (g.id && !code)
		throw new Error(`no alpha-2 code for numeric ${g.id} (${g.properties.name})`);
	if (!code)
		nocode++;
	const s = shape(g, arcs110);
	for (const m of s.path.matchAll(/M(-?[\d.]+) ?(-?[\d.]+)/g)) {
		ymin = Math.min(ymin, +m[2]);
		ymax = Math.max(ymax, +m[2]);
	}
	rows.push({ code: code || '-', name: g.properties.name, cx: s.cx, cy: s.cy,
		    small: s.area < SMALL_AREA, path: s.path, rings: s.rings });
	if (code)
		seen.add(code);
}
// Small countries from 1:50m, as dots at the centroid of their largest part.
for (const g of t50.objects.countries.geometries) {
	const code = g.id ? alpha2.get(g.id) : undefined;
	if (!code || seen.has(code) || LEAVE_OUT.has(g.id))
		continue;
	const s = shape(g, arcs50);
	rows.push({ code, name: g.properties.name, cx: s.cx, cy: s.cy, small: true, path: '', rings: [] });
	seen.add(code);
}
rows.sort((a, b) => (a.code === '-') - (b.code === '-') || (a.code < b.code ? -1 : a.code > b.code ? 1 :
	a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

// the path's y range is measured on the ring starts only: widen it by
// the real extent
for (const r of rows) {
	let y = 0;
	for (const m of r.path.matchAll(/([Ml])([^Mlz]*)/g)) {
		const nums = m[2].match(/-?(\d+\.?\d*|\.\d+)/g).map(Number);
		if (m[1] === 'M') {
			y = nums[1];
		} else {
			for (let i = 1; i < nums.length; i += 2) {
				y = Math.round((y + nums[i]) * 10) / 10;
				ymin = Math.min(ymin, y);
				ymax = Math.max(ymax, y);
			}
		}
	}
}

// the inset's window: the projected box of its corners (widest at its
// southern edge, since meridians converge)
const [ix0] = project([INSET.lon0, INSET.lat0]), [ix1] = project([INSET.lon1, INSET.lat0]);
const iy0 = project([0, INSET.lat1])[1], iy1 = project([0, INSET.lat0])[1];
const win = [ix0, iy0, ix1, iy1];
for (const r of rows)
	r.inset = encode(r.rings.map(ring => clipRect(ring, win)).filter(ring => ring.length >= 3),
			 INSET_MIN_STEP);

const out = [];
out.push('# world.tsv: country shapes for `resmap graph --view world`. Generated by');
out.push('# tools/gen-world.js; do not edit. See data/SOURCES.md.');
out.push(`# Source: world-atlas ${pkg.version} (npm, ISC licence), a redistribution of`);
out.push('# Natural Earth 4.1.0 Admin 0 countries, 1:110m (shapes) and 1:50m (dots);');
out.push('# Natural Earth is in the public domain. Antarctica left out.');
out.push(`# Projection: Equal Earth; map units, ${WIDTH} wide, y down from the equator.`);
out.push(`# Columns: code (ISO 3166-1 alpha-2, - if none), name, label x, label y,`);
out.push('# small (1: too small to see, draw a dot when it holds data), SVG path');
out.push('# (empty: a dot only), SVG path clipped to the inset window (empty: outside).');
out.push(`# The inset window: Europe and the eastern Mediterranean, lon ${INSET.lon0}..${INSET.lon1},`);
out.push(`# lat ${INSET.lat0}..${INSET.lat1}, finer (points ${INSET_MIN_STEP} apart); its line gives the`);
out.push('# window (x0 y0 x1 y1) and the open sea it may be drawn over (x0 y0 x1 y1).');
out.push(`bounds\t0\t${r1(ymin)}\t${WIDTH}\t${r1(ymax)}`);
out.push(`inset\t${r1(ix0)}\t${r1(iy0)}\t${r1(ix1)}\t${r1(iy1)}\t${INSET_BOX.join('\t')}`);
for (const r of rows)
	out.push([r.code, clean(r.name), r1(r.cx), r1(r.cy), r.small ? 1 : 0, r.path, r.inset].join('\t'));
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`gen-world: ${rows.length} countries (${rows.filter(r => !r.path).length} dots only, ` +
		     `${nocode} without a code), y ${r1(ymin)}..${r1(ymax)}\n`);
