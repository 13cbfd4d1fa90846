#!/bin/sh
# editor-test.sh RESMAP: what an editor shows, asked of the real
# yaml-language-server (VS Code's redhat.vscode-yaml runs it): the modeline
# that `resmap init` writes finds the schema beside the inventory, the
# template has no diagnostics, typos have, and keys, words and the
# catalog's regions are completed. Skipped when yaml-language-server
# (npm) or node is not installed: set YLS to its path, or put it in PATH.
set -u
here=$(cd "$(dirname "$0")" && pwd)
R=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
YLS=${YLS:-$(command -v yaml-language-server 2>/dev/null || true)}
if [ -z "$YLS" ] || ! command -v node >/dev/null 2>&1; then
	echo "editor: skipped (no yaml-language-server or node)"
	exit 0
fi
export YLS
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() {   # check WHAT PATTERN OUTPUT: OUTPUT must match PATTERN
	if printf '%s\n' "$3" | grep -q -- "$2"; then :; else
		echo "editor: FAIL: $1: no '$2' in:"; printf '%s\n' "$3" | head -5; fail=1
	fi
}
"$R" init "$tmp/inv" >/dev/null || exit 1
out=$(node "$here/lsp-client.js" "$tmp/inv/inventory.yaml")
[ -z "$out" ] || { echo "editor: FAIL: the template has diagnostics:"; echo "$out"; fail=1; }
sed -e 's/^    stores:/    stroes:/' -e 's/kind: database/kind: databse/' \
	"$tmp/inv/inventory.yaml" >"$tmp/inv/typos.yaml"
out=$(node "$here/lsp-client.js" "$tmp/inv/typos.yaml")
check "unknown key" "stroes is not allowed" "$out"
check "wrong word" 'Valid values: "storage", "database"' "$out"
# half typed: completions at line:column (0-based) of the key, the word, the region
printf '%s\n' '# yaml-language-server: $schema=./resmap.schema.json' 'services:' '  shop:' \
	'    tenant: acme' '    ' '    kind: ' '    regions:' '      - az' >"$tmp/inv/typing.yaml"
check "completed keys" " access_from " "$(node "$here/lsp-client.js" "$tmp/inv/typing.yaml" 4 4)"
check "completed words" " database " "$(node "$here/lsp-client.js" "$tmp/inv/typing.yaml" 5 10)"
check "completed regions" " azure:westeurope " "$(node "$here/lsp-client.js" "$tmp/inv/typing.yaml" 7 10)"
[ $fail = 0 ] && echo "editor: yaml-language-server $(node -e "console.log(require('$(dirname "$(readlink -f "$YLS")")/../package.json').version)" 2>/dev/null) validates and completes as expected"
exit $fail
