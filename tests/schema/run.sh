#!/bin/sh
# run.sh RESMAP: the JSON Schema of `resmap schema` against real
# inventories (validate.py): every example and every e2e inventory that
# loads cleanly must validate, known typos must not, and every key of
# the schema must be documented in resmap-inventory(5); and, when
# yaml-language-server is installed, what an editor shows (editor-test.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/validate.py" "$1" "$here/../.." || exit 1
sh "$here/editor-test.sh" "$1"
