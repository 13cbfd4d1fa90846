#!/bin/sh
# validate.sh [FILE|-]: checks a SARIF log written by `resmap check
# --format sarif` against tests/sarif/sarif-2.1.0-subset.schema.json (the
# constraints of SARIF 2.1.0 on every object resmap writes, closed over
# their keys) and against what GitHub code scanning relies on: every
# result names a rule that exists, at the index it gives, with a level
# that matches the rule's; every result has one physical location with a
# relative URI and a start line; fingerprints are present and distinct.
# Needs python3 with jsonschema (Debian: python3-jsonschema).
set -u
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/validate.py" "$here/sarif-2.1.0-subset.schema.json" "${1:--}"
