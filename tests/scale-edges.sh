#!/bin/sh
# scale-edges.sh BUILD: every view of a generated 10,000-service inventory
# draws at most 80 edges by default (issue 16: a drawing past that is a
# bundle of lines nobody can follow), on two shapes of estate, and the
# same DOT (SVG for the world map) twice. Counts the DOT's edges between
# real nodes: the legend's samples (tooltip "legend") and its invisible
# row links are left out.
set -u
B=$(cd "$1" && pwd)
R=$B/resmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
budget=80

check() {
	name=$1 n=$2 file=$3
	if [ "$n" -le $budget ]; then
		pass=$((pass + 1)); printf 'scale: ok   %-28s %3s edges\n' "$name" "$n"
	else
		fail=$((fail + 1)); printf 'scale: FAIL %-28s %s edges > %s\n' "$name" "$n" $budget
	fi
}

for shape in default dag; do
	"$B/gen-inventory" -n 10000 -o "$tmp/$shape" --seed 1 --shape $shape >/dev/null || exit 1
	for view in deps jurisdiction data; do
		"$R" graph "$tmp/$shape" --view $view -o "$tmp/a.dot" 2>/dev/null
		"$R" graph "$tmp/$shape" --view $view -o "$tmp/b.dot" 2>/dev/null
		if ! cmp -s "$tmp/a.dot" "$tmp/b.dot"; then
			fail=$((fail + 1)); echo "scale: FAIL $shape-$view: two runs differ"
		fi
		n=$(grep -- ' -> ' "$tmp/a.dot" | grep -v 'tooltip="legend"' | grep -vc 'style="invis"')
		grep -q 'Aggregated\|one node per' "$tmp/a.dot" || {
			fail=$((fail + 1)); echo "scale: FAIL $shape-$view: the title says nothing of what was merged"; }
		check "$shape-$view" "$n" "$tmp/a.dot"
	done
	"$R" graph "$tmp/$shape" --view world -o "$tmp/a.svg" 2>/dev/null
	"$R" graph "$tmp/$shape" --view world -o "$tmp/b.svg" 2>/dev/null
	cmp -s "$tmp/a.svg" "$tmp/b.svg" || { fail=$((fail + 1)); echo "scale: FAIL $shape-world: two runs differ"; }
	# one <g class="arrow ..."> per arrow, on the map or in the inset
	n=$(grep -c '<g class="arrow' "$tmp/a.svg")
	check "$shape-world" "$n" "$tmp/a.svg"
done
echo "scale: $pass passed, $fail failed"
[ $fail = 0 ]
