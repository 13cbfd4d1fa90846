#!/bin/sh
# valgrind.sh RESMAP: runs the end-to-end tests with every resmap call
# under memcheck. A memory error or a definite leak (outside graphviz's
# own, listed in tests/valgrind.supp) fails the run; the logs are in
# build/valgrind/. Children that resmap forks (git, for diff git:REV)
# are not checked: between fork and exec they hold the parent's memory.
set -u
real=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
logs=$top/build/valgrind
rm -rf "$logs"; mkdir -p "$logs"
# cases that drop to nobody (load-unreadable-path, outfile-refusals) log here too
chmod 1777 "$logs"
cat >"$logs/resmap" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
	--child-silent-after-fork=yes \\
	--show-leak-kinds=definite --suppressions="$top/tests/valgrind.supp" \\
	--log-file="$logs/%p.log" "$real" "\$@"
WRAP
chmod +x "$logs/resmap"
sh tests/e2e/run.sh "$logs/resmap"
st=$?
bad=0
for f in "$logs"/*.log; do
	[ -s "$f" ] || continue
	bad=$((bad + 1)); echo "valgrind: $f"; head -30 "$f"
done
echo "valgrind: $bad reports"
[ $st = 0 ] && [ $bad = 0 ]
