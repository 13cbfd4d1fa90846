#!/bin/sh
# check-man.sh: lints the man pages with mandoc.
set -u
fail=0
for m in man/*.[1-9]; do
	[ -f "$m" ] || continue
	out=$(mandoc -Tlint -Wwarning "$m" 2>&1) || { echo "$out"; fail=1; }
done
[ $fail = 0 ] && echo "man: lint clean"
exit $fail
