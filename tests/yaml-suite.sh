#!/bin/sh
# yaml-suite.sh RESMAP: feeds every file of the YAML test suite (from
# ../shared/corpora when present) to `resmap check` with an empty catalog:
# each must load clean (0) or be refused with a positioned message (2);
# never a crash, a hang or a sanitizer report.
set -u
RESMAP=$1
root=$(cd "$(dirname "$0")/.." && pwd)
# ../shared beside the checkout; worktrees under wt/NAME look one further up
dir=$root/../shared/corpora/yaml-test-suite
[ -d "$dir" ] || [ ! -d "$root/../../shared/corpora/yaml-test-suite" ] ||
	dir=$root/../../shared/corpora/yaml-test-suite
if [ ! -d "$dir" ]; then
	echo "yaml-suite: SKIPPED: $dir not present"
	exit 0
fi
pass=0; fail=0; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/catalog"
for f in "$dir"/*.yaml; do
	timeout 10 "$RESMAP" check --catalog "$tmp/catalog" "$f" >/dev/null 2>"$tmp/err" </dev/null
	st=$?
	ok=1
	case $st in
	0) ;;
	2) grep -q "^resmap: .*:[0-9][0-9]*:[0-9][0-9]*: error: " "$tmp/err" || ok=0 ;;
	*) ok=0 ;;
	esac
	grep -q "Sanitizer\|runtime error" "$tmp/err" && ok=0
	if [ $ok = 1 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "yaml-suite: $(basename "$f"): exit $st"; head -5 "$tmp/err"
	fi
done
echo "yaml-suite: $pass passed, $fail failed"
[ $fail = 0 ]
