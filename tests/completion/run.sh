#!/bin/sh
# run.sh RESMAP: the bash script of `resmap completion bash` completes as a
# user would see it: each case types a command line (the cursor at its
# end) in examples/story and compares what _resmap offers with the
# expected words. zsh's and fish's scripts are checked for syntax where
# those shells are installed.
set -u
R=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" && ln -s "$R" "$tmp/bin/resmap"
"$R" completion bash >"$tmp/resmap.bash" || { echo "completion: bash script failed"; exit 1; }
fail=0 n=0
while IFS='|' read -r line want; do
	case $line in ''|'#'*) continue ;; esac
	got=$(cd "$here/../../examples/story" && PATH="$tmp/bin:$PATH" bash -c '
		. "$1"; COMP_LINE=$2; COMP_POINT=${#2}; _resmap
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"' sh "$tmp/resmap.bash" "$line")
	n=$((n + 1))
	if [ "$got" != "$want" ]; then
		echo "completion: '$line' offers '$got', want '$want'"; fail=1
	fi
done <"$here/cases"
# fish: the same lines through fish's own `complete -C` (it adds file
# names; each expected word must be among what it offers). Comma lists are
# bash's alone.
if command -v fish >/dev/null 2>&1; then
	"$R" completion fish >"$tmp/resmap.fish" || { echo "completion: fish script failed"; exit 1; }
	while IFS='|' read -r line want; do
		case $line in ''|'#'*|*,*) continue ;; esac
		cur=${line##* }
		case $cur in *:*) pfx=${cur%:*}: ;; *) pfx= ;; esac
		got=$(cd "$here/../../examples/story" && PATH="$tmp/bin:$PATH" fish -c \
			'source $argv[1]; complete -C $argv[2]' "$tmp/resmap.fish" "$line" | cut -f1)
		for w in $want; do
			printf '%s\n' "$got" | grep -qxF -e "$pfx$w" ||
				{ echo "completion: fish: '$line' does not offer '$pfx$w'"; fail=1; }
		done
		n=$((n + 1))
	done <"$here/cases"
fi
for sh in zsh fish; do
	command -v $sh >/dev/null 2>&1 || continue
	"$R" completion $sh >"$tmp/s.$sh" && $sh -n "$tmp/s.$sh" || { echo "completion: $sh script"; fail=1; }
done
[ $fail = 0 ] && echo "completion: $n cases pass"
exit $fail
