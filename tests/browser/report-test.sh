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

if [ $fail = 0 ]; then
	echo "browser: ok ($rows violation rows, the map and 3 diagrams, $tables filterable tables, fragment filter, injection inert, screenshot, print)"
fi
exit $fail
