#!/bin/sh
# pathological.sh BUILD: inputs made to break a YAML tool. Each case must
# end with the expected exit status (0 or 2, never a crash or a sanitizer
# report), a positioned message where it fails, and within its time and
# memory bounds (measured by BUILD/measure; bounds are generous because
# this runs under ASan, which doubles time and memory).
set -u
B=$(cd "$1" && pwd)
R=$B/resmap
M=$B/measure
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/nocat"
pass=0; fail=0

# run NAME WANT_STATUS MAX_SECONDS MAX_MB [GREP_STDERR] -- ARGS...
run() {
	name=$1 want=$2 secs=$3 mb=$4; shift 4
	pat=
	if [ "$1" != -- ]; then pat=$1; shift; fi
	shift
	timeout $((secs * 3)) "$M" "$tmp/res" "$R" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	read -r st wall rss cpu <"$tmp/res" || { st=999; wall=0; rss=0; }
	ok=1; why=
	[ "$st" = "$want" ] || { ok=0; why="exit $st, want $want"; }
	if grep -q "Sanitizer\|runtime error\|LeakSanitizer" "$tmp/err"; then ok=0; why="$why; sanitizer report"; fi
	if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/err"; then ok=0; why="$why; stderr lacks '$pat'"; fi
	if awk -v w="$wall" -v s="$secs" 'BEGIN { exit !(w > s) }'; then ok=0; why="$why; took ${wall}s > ${secs}s"; fi
	if [ "$rss" -gt $((mb * 1024)) ]; then ok=0; why="$why; peak $((rss / 1024)) MB > $mb MB"; fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		printf 'patho: ok   %-28s exit %s  %6ss %6s MB\n' "$name" "$st" "$wall" "$((rss / 1024))"
	else
		fail=$((fail + 1))
		printf 'patho: FAIL %-28s %s\n' "$name" "$why"
		head -5 "$tmp/err"
	fi
}

# billion laughs: nine levels of ten aliases
{
	echo 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
	i=1; while [ $i -le 9 ]; do p=$((i - 1))
		echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"; i=$((i + 1)); done
} >"$tmp/laughs.yaml"
run billion-laughs 2 2 300 "aliases expand" -- check "$tmp/laughs.yaml"

# 10,000-deep nesting, flow and block
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }' >"$tmp/deep-flow.yaml"
run deep-flow 2 2 300 "nesting deeper" -- check "$tmp/deep-flow.yaml"
awk 'BEGIN { for (i = 0; i < 10000; i++) { for (j = 0; j < i; j++) printf " "; print "k:" } }' >"$tmp/deep-block.yaml"
run deep-block 2 5 600 "error" -- check "$tmp/deep-block.yaml"

# a 100 MB single scalar (a tenant's name)
{ printf 'tenants:\n  t:\n    name: "'; head -c 100000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$tmp/scalar.yaml"

run scalar-100mb 0 60 2500 -- check --catalog "$tmp/nocat" "$tmp/scalar.yaml"

# 1,000,000 keys in one mapping (valid: data categories)
awk 'BEGIN { print "data:"; for (i = 0; i < 1000000; i++) printf "  c%d: {}\n", i }' >"$tmp/keys.yaml"
run million-keys 0 90 3000 -- check --catalog "$tmp/nocat" "$tmp/keys.yaml"
# ... and the same key a million times: one error per duplicate, capped output
awk 'BEGIN { print "data:"; for (i = 0; i < 50000; i++) print "  c: {}" }' >"$tmp/dupkeys.yaml"
run duplicate-keys 2 60 2000 "duplicate key" -- check --catalog "$tmp/nocat" "$tmp/dupkeys.yaml"

# binary garbage
head -c 1000000 /dev/urandom >"$tmp/garbage.yaml"
run binary-garbage 2 5 300 "error" -- check "$tmp/garbage.yaml"

# UTF-16 with BOM: libyaml reads UTF-16; the inventory loads
printf 'tenants:\n  t: { name: T }\n' | iconv -f UTF-8 -t UTF-16 >"$tmp/utf16.yaml"
run utf16-bom 0 5 300 -- check "$tmp/utf16.yaml"

# invalid UTF-8, positioned
printf 'tenants:\n  t:\n    name: "\377\376"\n' >"$tmp/badutf8.yaml"
run invalid-utf8 2 5 300 "badutf8.yaml:3:" -- check "$tmp/badutf8.yaml"

# NUL inside a quoted id
printf 'tenants:\n  "a\\0b": { name: x }\n' >"$tmp/nul.yaml"
run nul-in-id 2 5 300 "control character" -- check "$tmp/nul.yaml"

# YAML 1.1 booleans are not booleans
printf 'policies:\n  p:\n    deny: yes\n' >"$tmp/yes.yaml"
run yaml11-boolean 2 5 300 "yes" -- check "$tmp/yes.yaml"

# tabs for indentation
printf 'tenants:\n\tt: { name: x }\n' >"$tmp/tabs.yaml"
run tabs 2 5 300 "tabs.yaml:2:" -- check "$tmp/tabs.yaml"

# CRLF line ends load like LF
printf 'tenants:\r\n  t:\r\n    name: T\r\n' >"$tmp/crlf.yaml"
run crlf 0 5 300 -- check "$tmp/crlf.yaml"

# empty file, only comments
: >"$tmp/empty.yaml"
run empty-file 0 5 300 -- check "$tmp/empty.yaml"
printf '# nothing\n# here\n' >"$tmp/comments.yaml"
run only-comments 0 5 300 -- check "$tmp/comments.yaml"

# a directory with a symlink loop, a dangling link and (when not root) an unreadable file
mkdir -p "$tmp/dir/sub"
printf 'tenants:\n  t: { name: T }\n' >"$tmp/dir/a.yaml"
ln -s .. "$tmp/dir/sub/loop"
run symlink-loop 0 5 300 -- check "$tmp/dir"
ln -s missing.yaml "$tmp/dir/dangling.yaml"
run dangling-link 2 5 300 "dangling.yaml" -- check "$tmp/dir"
rm "$tmp/dir/dangling.yaml"
if [ "$(id -u)" != 0 ]; then
	printf 'x: 1\n' >"$tmp/dir/secret.yaml"; chmod 000 "$tmp/dir/secret.yaml"
	run unreadable-file 2 5 300 "secret.yaml" -- check "$tmp/dir"
	rm -f "$tmp/dir/secret.yaml"
else
	echo "patho: skip unreadable-file (root reads everything)"
fi

# graph bombs: a hub with 50,000 dependants, a 100,000-service chain,
# 500 nested jurisdiction groups — bounded by collapsing
awk 'BEGIN { print "tenants: { t: {} }"; print "services:";
	print "  hub: { tenant: t, regions: [azure:westeurope], stores: [{ data: [personal] }] }";
	for (i = 0; i < 50000; i++) printf "  s%d: { tenant: t, regions: [azure:westeurope], depends_on: [hub] }\n", i }' >"$tmp/hub.yaml"
run hub-50k-graph 0 120 3000 -- graph "$tmp/hub.yaml" --view deps -o "$tmp/hub.svg"
awk 'BEGIN { print "tenants: { t: {} }"; print "services:";
	for (i = 0; i < 100000; i++) printf "  s%d: { tenant: t, regions: [azure:westeurope], stores: [{ data: [personal] }], depends_on: [{ service: s%d, sends: [personal] }] }\n", i, i + 1;
	printf "  s100000: { tenant: t, regions: [azure:westeurope] }\n" }' >"$tmp/chain.yaml"
run chain-100k-graph 0 180 4000 -- graph "$tmp/chain.yaml" --view deps -o "$tmp/chain.svg"
awk 'BEGIN { print "jurisdictions:"; print "  g0: { members: [NL] }";
	for (i = 1; i < 500; i++) printf "  g%d: { members: [g%d, DE] }\n", i, i - 1;
	print "tenants: { t: {} }";
	print "services: { s: { tenant: t, regions: [azure:westeurope], stores: [{ data: [personal] }] } }";
	print "policies: { p: { match: { jurisdictions: [g499] }, deny: true } }" }' >"$tmp/groups.yaml"
run nested-groups-500 1 60 2000 -- check "$tmp/groups.yaml"
run nested-groups-graph 0 60 2000 -- graph "$tmp/groups.yaml" --view jurisdiction -o "$tmp/groups.svg"

# Unicode line breaks (issue 18, finding 13): libyaml ends lines at NEL,
# LS and PS, an editor does not. 200,000 lines each holding one (in a
# scalar, and in a comment, where it would end the comment: here it is
# followed by a comment character again); the error on the last line is
# reported on the editor's line 200,003.
awk 'BEGIN { print "tenants:"; for (i = 0; i < 200000; i++) printf "  t%d: { name: \"a\342\200\250b\302\205c\" } # x\342\200\251#y\n", i;
	print "services:"; print "  s: { tenant: nobody, regions: [azure:westeurope] }" }' >"$tmp/linebreaks.yaml"
run unicode-line-breaks 2 30 1500 "linebreaks.yaml:200003:" -- check "$tmp/linebreaks.yaml"

# special files as inputs: a device is refused before it is read, an
# endless standard input when it passes --max-input (issue 18, finding 16)
run dev-zero 2 5 300 "a device" -- check /dev/zero
run dev-urandom-import 2 5 300 "a device" -- import fides /dev/urandom
mkfifo "$tmp/endless.yaml" && { cat /dev/zero >"$tmp/endless.yaml" 2>/dev/null & }
run endless-fifo 2 30 600 "larger than" -- check --max-input 64M "$tmp/endless.yaml"
wait
run big-file-over-limit 2 5 300 "larger than" -- check --max-input 1M "$tmp/scalar.yaml"

# git trees: 10,000 files in one directory (was quadratic: 13 s, 50,000
# files 260 s; issue 18, finding 17), a gitlink named like a cat-file
# answer, names with line breaks and colons (finding 1)
if command -v git >/dev/null 2>&1; then
	g="$tmp/git"
	mkdir -p "$g/inv" && (
		cd "$g" && export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=t \
			GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@e &&
		git init -q . &&
		printf 'tenants:\n  t: { name: T }\n' >inv/0.yaml &&
		awk 'BEGIN { for (i = 1; i < 10000; i++) { f = sprintf("inv/s%05d.yaml", i);
			printf "services:\n  s%d: { tenant: t, regions: [azure:westeurope] }\n", i > f; close(f) } }' &&
		printf 'services:\n  odd: { tenant: t, regions: [azure:westeurope] }\n' >"inv/a
b: HEAD:c.yaml" &&
		git add . &&
		git update-index --add --cacheinfo \
			"160000,0123456789abcdef0123456789abcdef01234567,inv/b blob 18446744073709551615.yaml" &&
		git commit -qm x ) >/dev/null 2>&1
	here=$(pwd)
	cd "$g" && run git-10k-files 0 60 600 "submodule" -- diff git:HEAD git:HEAD:inv
	cd "$here"
else
	echo "patho: skip git cases (no git)"
fi

# signals during writes: no temporary left (issue 18, finding 10)
sh "$(dirname "$0")/signals.sh" "$B" || fail=$((fail + 1))

echo "patho: $pass passed, $fail failed"
[ $fail = 0 ]
