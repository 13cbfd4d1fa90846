#!/bin/sh
# report-test.sh RESMAP: loads `resmap report` pages in headless Chromium
# and checks what a reader gets after the inline script ran: every
# violation row, the world map and the three diagrams, the filter and sort controls (which
# exist only if the Content-Security-Policy hash let the script run), the
# #filter= fragment hiding rows that do not match, and an inventory full
# of markup staying text. Takes a screenshot and checks it was drawn.
#
# Without Chromium it says SKIPPED and succeeds: the report itself is
# tested by the e2e goldens; this adds what only a browser can show.
# SHOT=FILE keeps the screenshot (used to refresh examples/story/report.png).
set -u
R=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "browser: SKIPPED: chromium not installed (tools/deps.sh installs it as root)"
	exit 0
fi
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "browser: FAIL: $*"; fail=1; }

# chrome URL OUT [extra options]: one bounded headless run
chrome() {
	url=$1; out=$2; shift 2
	prof=$(mktemp -d "$t/prof.XXXXXX")
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" "$@" "$url" >"$out" 2>"$t/chrome.err"
	st=$?
	rm -rf "$prof"
	[ $st = 0 ] || { no "chromium exited $st on $url"; tail -5 "$t/chrome.err"; }
}
count() { grep -o -- "$1" "$2" | wc -l | tr -d ' '; }

story=$root/examples/story
(cd "$root" && "$R" report --fail-on never -o "$t/story.html" examples/story) || no "report of the story failed"
want=$("$R" check --format json --fail-on never "$story" | grep -c '"policy":')

chrome "file://$t/story.html" "$t/dom.html" --dump-dom
rows=$(count '<tr class="v' "$t/dom.html")
[ "$rows" = "$want" ] || no "violation rows: $rows, check says $want"
[ "$(count '<svg ' "$t/dom.html")" = 4 ] || no "want 4 svg elements (the map, three views)"
# the world map comes first, every country a path with a title
first=$(grep -o '<section id="[a-z]*"' "$t/dom.html" | head -1)
[ "$first" = '<section id="map"' ] || no "the report opens on $first, not the map"
[ "$(count '<path id="world-country-DE"[^>]*><title>' "$t/dom.html")" = 1 ] || no "the map has no titled path for DE"
tables=$(count '<table id="t-[a-z]*" class="ft' "$t/story.html")
groups=$(count '<div class="vgroups"' "$t/story.html")
[ "$(count '<input type="search"' "$t/dom.html")" = "$((tables + groups))" ] ||
	no "the script did not add a filter to each of the $tables tables and $groups violation lists (blocked by the CSP?)"
# the violations: one group per policy, country and tenant, each a <details>
ngroups=$(count '<details id="vg-' "$t/dom.html")
[ "$ngroups" -gt 0 ] && [ "$(count '<tr class="g"' "$t/dom.html")" = "$ngroups" ] ||
	no "the group table and the $ngroups <details> groups disagree"
[ "$(count '<div class="tools zoom"' "$t/dom.html")" = 4 ] || no "want zoom controls on the 4 diagrams"
[ "$(count '<th scope="col"[^>]*><button' "$t/dom.html")" -gt 20 ] || no "no sort buttons in the headers"
[ "$(count ' hidden=""' "$t/dom.html")" = 0 ] || no "rows hidden without a filter"

# the filter in the fragment: only the Brazilian patients' violations stay
chrome "file://$t/story.html#filter=br-patients" "$t/dom2.html" --dump-dom
want2=$("$R" check --fail-on never "$story" | grep -c '^  - .*about br-patients')
shown=$(grep -o '<tr class="v[^"]*"[^>]*>' "$t/dom2.html" | grep -vc hidden)
[ "$shown" = "$want2" ] || no "#filter=br-patients shows $shown violation rows, want $want2"
grep -q "$want2 of $want rows match" "$t/dom2.html" || no "no match count for the filter"

# hostile text stays text once the page is live
"$R" report --fail-on never -o "$t/inj.html" "$root/tests/report/injection" || no "injection report failed"
chrome "file://$t/inj.html" "$t/dom3.html" --dump-dom
[ "$(count '<img' "$t/dom3.html")" = 0 ] || no "an <img> element exists in the injection report"
[ "$(count '<script' "$t/dom3.html")" = 1 ] || no "a second <script> element exists"
[ "$(count '<svg ' "$t/dom3.html")" = 4 ] || no "the injection report lost a diagram"
[ "$(count '<input type="search"' "$t/dom3.html")" -gt 0 ] || no "script did not run on the injection report"

shot=${SHOT:-$t/shot.png}
chrome "file://$t/story.html" "$t/shot.out" --screenshot="$shot" --window-size=1280,2000 --hide-scrollbars
size=$(wc -c <"$shot" 2>/dev/null || echo 0)
[ "$size" -gt 50000 ] || no "screenshot is $size bytes: nothing drawn?"

# printing: every section starts a page (7 sections, so at least 7 pages)
chrome "file://$t/story.html" "$t/pdf.out" --print-to-pdf="$t/story.pdf" --no-pdf-header-footer
pages=$(grep -a -c '/Type */Page\b' "$t/story.pdf" 2>/dev/null || echo 0)
[ "$pages" -ge 7 ] || no "printed to $pages pages, want one or more per section"

# --- the live page, driven over the DevTools protocol (tests/browser/cdp.js):
# zoom, no horizontal cut at 1280 px, axe-core, and the time a 100,000-
# service report takes to open. Needs node; axe-core comes from the npm
# registry (test-only, MPL-2.0) into build/npm, or AXE=path/axe.min.js.
live=
if ! command -v node >/dev/null 2>&1; then
	echo "browser: live checks SKIPPED: node not installed"
else
	live=1
	axe=${AXE:-$root/build/npm/node_modules/axe-core/axe.min.js}
	if [ ! -f "$axe" ] && command -v npm >/dev/null 2>&1; then
		mkdir -p "$root/build/npm"
		(cd "$root/build/npm" && timeout 120 npm install --no-audit --no-fund --prefix . \
			axe-core@4.10.3 >/dev/null 2>&1)
	fi
	[ -f "$axe" ] || { echo "browser: axe SKIPPED: axe-core not found (npm install axe-core)"; axe=; }
fi
# probe FILE EXPR [SCRIPT]: out= the value of EXPR in the loaded page, as JSON
probe() {
	node "$here/cdp.js" "$browser" "file://$1" 1280 "$2" ${3:+"$3"} >"$t/cdp.out" 2>"$t/cdp.err" ||
		{ no "cdp on $1: $(cat "$t/cdp.err")"; echo '{}' >"$t/cdp.out"; }
	out=$(cat "$t/cdp.out")
}
# the value at key K of a JSON line
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1] or "{}"); [v:=v.get(k) if isinstance(v, dict) else None for k in sys.argv[2].split(".")]; print(v if isinstance(v, (str, int)) and not isinstance(v, bool) else json.dumps(v))' "$1" "$2"; }
AXE_RUN='axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))'
if [ -n "$live" ]; then
	# a click on Zoom in changes the map's transform; full size covers the window
	probe "$t/story.html" '(() => {
		const fig = document.querySelector("#fig-world"), svg = fig && fig.querySelector("svg");
		if (!svg) return { map: false };
		const before = getComputedStyle(svg).transform;
		const b = fig.querySelector("div.svg").getBoundingClientRect(), a = svg.getBoundingClientRect();
		const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
		fig.querySelector("button.zoom-in").click();
		const after = getComputedStyle(svg).transform, z = svg.getBoundingClientRect();
		/* the point at the middle of the box stays there (within a pixel) */
		const still = Math.abs((cx - a.left) / a.width * z.width + z.left - cx) < 2 &&
			Math.abs((cy - a.top) / a.height * z.height + z.top - cy) < 2;
		/* full size: a diagram further down covers the window, on top */
		const deps = document.querySelector("#fig-deps");
		deps.querySelector("button[aria-pressed]").click();
		const r = deps.getBoundingClientRect();
		const top = deps.contains(document.elementFromPoint(innerWidth / 2, innerHeight / 2));
		/* every section laid out, for the page width */
		document.querySelectorAll("main>section").forEach(s => s.style.contentVisibility = "visible");
		const sw = document.documentElement.scrollWidth;
		return { map: true, before, after, still,
			full: r.width === innerWidth && r.height === innerHeight && top,
			focus: document.activeElement === deps.querySelector("div.svg"),
			sw, vw: innerWidth };
	})()'
	[ "$(field "$out" value.map)" = true ] || no "no world map in the live page"
	[ "$(field "$out" value.before)" = none ] || no "the map starts transformed: $out"
	case $(field "$out" value.after) in matrix\(1.25,*) ;; *) no "Zoom in did not scale the map: $out" ;; esac
	[ "$(field "$out" value.still)" = true ] || no "Zoom in moved the middle of the map: $out"
	[ "$(field "$out" value.full)" = true ] || no "Open full size did not fill the window: $out"
	[ "$(field "$out" value.focus)" = true ] || no "full size did not focus the drawing"
	[ "$(field "$out" value.sw)" -le 1280 ] 2>/dev/null || no "the page is cut: scrollWidth $(field "$out" value.sw) > 1280"
	# a count in the group table links to its group, which opens
	node "$here/cdp.js" "$browser" "file://$t/story.html#vg-2" 1280 \
		'document.getElementById("vg-2").open && !document.getElementById("vg-1").open' \
		>"$t/cdp.out" 2>&1 || no "cdp on story.html#vg-2: $(cat "$t/cdp.out")"
	[ "$(field "$(cat "$t/cdp.out")" value)" = true ] || no "#vg-2 did not open that group only"
	if [ -n "$axe" ]; then
		probe "$t/story.html" "$AXE_RUN" "$axe"
		[ "$(field "$out" value)" = "[]" ] || no "axe-core on the story: $(field "$out" value)"
		# with every group open and a diagram full size
		probe "$t/story.html" '(document.querySelectorAll("details").forEach(d => d.open = true), document.querySelector("#fig-deps button[aria-pressed]").click(), '"$AXE_RUN"')' "$axe"
		[ "$(field "$out" value)" = "[]" ] || no "axe-core, groups open, full size: $(field "$out" value)"
	fi
	# a generated inventory past the threshold: the services go beside
	gen=${GEN_INVENTORY:-$(dirname "$R")/gen-inventory}
	if [ -x "$gen" ]; then
		"$gen" -n 1500 -o "$t/g1500" --seed 1 >/dev/null || no "gen-inventory failed"
		"$R" report --fail-on never -o "$t/g1500.html" "$t/g1500" 2>/dev/null || no "report of 1500 services failed"
		[ "$(wc -l <"$t/g1500-services.csv")" = 1501 ] || no "want 1500 services and a header in the CSV"
		probe "$t/g1500.html" '(() => {
			document.querySelectorAll("main>section").forEach(s => s.style.contentVisibility = "visible");
			const cut = [...document.querySelectorAll("div.tw")].filter(b => b.scrollWidth > b.clientWidth &&
				(getComputedStyle(b).overflowX !== "auto" || b.tabIndex !== 0)).length;
			const a = document.querySelector("a[href=\"g1500-services.csv\"]");
			return { sw: document.documentElement.scrollWidth, cut, link: !!a };
		})()'
		[ "$(field "$out" value.sw)" -le 1280 ] 2>/dev/null || no "1500 services: the page is cut at 1280 px: $out"
		[ "$(field "$out" value.cut)" = 0 ] || no "1500 services: a wide table cannot scroll: $out"
		[ "$(field "$out" value.link)" = true ] || no "1500 services: no link to the CSV"
		if [ -n "$axe" ]; then
			probe "$t/g1500.html" "$AXE_RUN" "$axe"
			[ "$(field "$out" value)" = "[]" ] || no "axe-core on 1500 services: $(field "$out" value)"
		fi
		# 100,000 services: size and the time to open (the figure is
		# printed; judged only on a machine that is not overloaded)
		"$gen" -n 100000 -o "$t/g100k" --seed 1 >/dev/null || no "gen-inventory 100k failed"
		"$R" report --fail-on never -o "$t/g100k.html" "$t/g100k" 2>/dev/null || no "report of 100k failed"
		size=$(wc -c <"$t/g100k.html")
		[ "$size" -lt 10000000 ] || no "100k services: the page is $size bytes, want < 10 MB"
		probe "$t/g100k.html" '(() => { const n = performance.getEntriesByType("navigation")[0];
			return { load: Math.round(n.loadEventEnd), dcl: Math.round(n.domContentLoadedEventEnd) }; })()'
		load=$(field "$out" value.load)
		busy=$(awk -v c="$(nproc)" '{ print ($1 > c) ? $1 : "" }' /proc/loadavg)
		echo "browser: 100k services: $size bytes + $(wc -c <"$t/g100k-services.csv") bytes of CSV;" \
			"loaded in $load ms (DOMContentLoaded $(field "$out" value.dcl) ms, $(field "$out" load_ms) ms from navigation)${busy:+, load average $busy: not judged}"
		if [ -z "$busy" ] && [ "${load:-99999}" -ge 2000 ]; then
			no "100k services: the page took $load ms to load, want < 2000"
		fi
		rm -rf "$t/g100k"
	else
		echo "browser: generated inventories SKIPPED: no $gen (make build/gen-inventory)"
	fi
fi

if [ $fail = 0 ]; then
	echo "browser: ok ($rows violation rows, the map and 3 diagrams, $tables filterable tables, fragment filter, injection inert, screenshot, print${live:+, zoom, no cut at 1280 px}${axe:+, axe-core clean})"
fi
exit $fail
