#!/bin/sh
# run.sh RESMAP: the CI recipes of doc/ci.md run for real (recipes.py).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/recipes.py" "$1" "$tmp"
