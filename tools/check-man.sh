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
[ $fail = 0 ] && echo "man: lint clean; $n synopsis lines match --help"
exit $fail
