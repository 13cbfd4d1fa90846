"""validate.py SCHEMA FILE|-: the checks of validate.sh (see there)."""
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit("sarif: python3-jsonschema is not installed (tools/deps.sh test installs it)")
schema_path, path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path, encoding="utf-8"))
text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
try:
    log = json.loads(text)
except ValueError as e:
    sys.exit("sarif: not JSON: %s" % e)
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print("sarif: schema: %s: %s" % ("/".join(str(p) for p in e.path), e.message))
problems = len(errors)
def bad(msg):
    global problems
    problems += 1
    print("sarif: " + msg)
if not errors:
    for run in log["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        ids = [r["id"] for r in rules]
        if len(set(ids)) != len(ids):
            bad("duplicate rule ids")
        if ids != sorted(ids):
            bad("rules not sorted by id")
        seen = set()
        for i, res in enumerate(run.get("results", [])):
            where = "result %d" % i
            rid, idx = res.get("ruleId"), res.get("ruleIndex")
            if rid not in ids:
                bad("%s: ruleId %r names no rule" % (where, rid))
            elif idx is None or idx < 0 or idx >= len(rules) or rules[idx]["id"] != rid:
                bad("%s: ruleIndex %r is not rule %r" % (where, idx, rid))
            elif res.get("level") != rules[idx].get("defaultConfiguration", {}).get("level"):
                bad("%s: level differs from its rule's" % where)
            locs = res.get("locations", [])
            if len(locs) != 1 or "physicalLocation" not in locs[0]:
                bad("%s: wants exactly one physical location" % where)
            else:
                pl = locs[0]["physicalLocation"]
                uri = pl["artifactLocation"].get("uri", "")
                if not uri or uri.startswith("/") or uri.startswith("./"):
                    bad("%s: uri %r is not a plain relative path" % (where, uri))
                if "region" not in pl or "startLine" not in pl["region"]:
                    bad("%s: no start line" % where)
            fp = res.get("partialFingerprints", {})
            if not fp:
                bad("%s: no partialFingerprints" % where)
            key = json.dumps(fp, sort_keys=True)
            if key in seen:
                bad("%s: fingerprint not unique" % where)
            seen.add(key)
            if not res["message"].get("text"):
                bad("%s: empty message" % where)
if problems:
    sys.exit("sarif: %d problem(s)" % problems)
n = sum(len(r.get("results", [])) for r in log["runs"])
k = sum(len(r["tool"]["driver"].get("rules", [])) for r in log["runs"])
print("sarif: valid SARIF 2.1.0 (%d rules, %d results)" % (k, n))
