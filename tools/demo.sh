#!/bin/sh
# demo.sh RESMAP: the main job on the shipped example — check the
# policies, show where the intercepted calls reside, draw the four views
# and write the report into build/demo/.
set -u
R=$1
out=build/demo
mkdir -p "$out"
run() {
	printf '\n$ resmap %s\n' "$*"
	"$R" "$@"
	st=$?
	[ $st = 0 ] || printf '(exit status %s)\n' "$st"
}
run check examples/story
echo "(exit status 1 means policy violations were found: that is the point of the example)"
run where comms.voice examples/story
run impact examples/story --disable tenant:imod --format text
for v in deps jurisdiction data world; do
	"$R" graph examples/story --view $v -o "$out/$v.svg" || exit 2
done
"$R" report examples/story -o "$out/report.html" --fail-on never || exit 2
printf '\nWrote %s/deps.svg, %s/jurisdiction.svg, %s/data.svg, %s/world.svg and %s/report.html\n' \
	"$out" "$out" "$out" "$out" "$out"
printf 'Open the report in a browser: file://%s/%s/report.html\n' "$(pwd)" "$out"
