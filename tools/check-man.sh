#!/bin/sh
# check-man.sh RESMAP: lints the man pages with mandoc, and checks that
# the usage line of each command's --help is the man page's synopsis line
# for it (compared case-insensitively, with spacing around | and ...
# normalized), so that the two cannot drift apart.
set -u
R=${1:-build/resmap}
fail=0
for m in man/*.[1-9]; do
	out=$(mandoc -Tlint -Wwarning "$m" 2>&1) || { echo "$out"; fail=1; }
done

sh tools/gen-man-diagnostics.sh --check || fail=1

norm() {
	tr 'A-Z' 'a-z' | sed -e 's/ *| */|/g' -e 's/\([^ ]\)\.\.\./\1 .../g' -e 's/  */ /g' -e 's/^ //' -e 's/ $//'
}
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
# synopsis entries start at "     resmap"; deeper-indented lines continue them
mandoc -Tascii man/resmap.1 | col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' |
	awk '/^     resmap / { if (e) print e; e = $0; next }
	     /^[ \t]+[^ \t]/ && e { sub(/^[ \t]+/, " "); e = e $0; next }
	     { if (e) print e; e = "" } END { if (e) print e }' |
	grep '^ *resmap [a-z]' >"$tmp"
n=0
while read -r prog cmd rest; do
	want=$(printf '%s %s %s\n' "$prog" "$cmd" "$rest" | norm)
	got=$("$R" "$cmd" --help 2>&1 | sed -n 's/^usage: //p' | head -1 | norm)
	if [ "$got" != "$want" ]; then
		echo "man: resmap $cmd --help says: $got"
		echo "man: resmap(1) synopsis says: $want"
		fail=1
	fi
	n=$((n + 1))
done <"$tmp"
# Every example of EXAMPLES runs: rendered as its source says (mdoc
# eats the space before a lone "." unless it is escaped), in a scratch git
# repository holding the shipped example on branch main, ending 0 or 1
# (findings), never 2 (bad usage or input).
ex=$(mktemp -d); trap 'rm -f "$tmp"; rm -rf "$ex"' EXIT
RABS=$(cd "$(dirname "$R")" && pwd)/$(basename "$R")
mkdir -p "$ex/examples" && cp -R examples/story "$ex/examples/story"
( cd "$ex" && git init -q -b main && git add -A &&
  git -c user.name=t -c user.email=t@t commit -qm example ) || fail=1
want_ex=$(sed -n 's/^\.Dl \$ //p' man/resmap.1 | sed 's/\\&//g')
got_ex=$(mandoc -Tascii man/resmap.1 | col -b | sed -n '/^EXAMPLES/,/^DIAGNOSTICS/p' |
	sed -n 's/^[[:space:]]*\$ //p')
if [ "$want_ex" != "$got_ex" ]; then
	echo "man: EXAMPLES render differently from their source:"
	printf '%s\n' "$want_ex" >"$tmp"; printf '%s\n' "$got_ex" | diff "$tmp" - ; fail=1
fi
nex=0
printf '%s\n' "$want_ex" | while read -r prog args; do
	[ "$prog" = resmap ] || { echo "man: example is not a resmap command: $prog $args"; exit 1; }
	# shellcheck disable=SC2086
	( cd "$ex" && NO_COLOR=1 "$RABS" $args >/dev/null 2>"$ex/.err" ); st=$?
	if [ $st -gt 1 ]; then
		echo "man: example 'resmap $args' exits $st:"; cat "$ex/.err"; exit 1
	fi
done || fail=1
nex=$(printf '%s\n' "$want_ex" | grep -c .)
[ $fail = 0 ] && echo "man: lint clean; $n synopsis lines match --help; $nex examples run"
exit $fail
