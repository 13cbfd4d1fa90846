#!/usr/bin/env python3
"""validate.py RESMAP ROOT: checks `resmap schema` against inventories.

1. The schema is a valid draft 2020-12 schema, and the same bytes twice.
2. Every document of examples/* and of the e2e cases' inventories that
   `resmap check` loads without error validates against it.
3. Known mistakes fail both the schema and the loader: a section typo,
   a key typo, a wrong word, a string where a list belongs, and more.
4. Every key in the schema is documented in man/resmap-inventory.5.

YAML is read as YAML 1.2 reads it (editors do): only true/false are
booleans and dates stay strings, as in resmap.
"""
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

resmap, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(root)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


class Yaml12Loader(yaml.SafeLoader):
    pass


# YAML 1.1's yes/no/on/off and timestamps are strings in YAML 1.2 (a
# copy of the table: SafeDumper shares SafeLoader's)
Yaml12Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs
         if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def run(*args):
    return subprocess.run([resmap, *args], capture_output=True, text=True,
                          env=dict(os.environ, NO_COLOR="1"))


out = run("schema")
if out.returncode != 0:
    sys.exit("resmap schema failed: " + out.stderr)
if run("schema").stdout != out.stdout:
    fail("two runs of resmap schema differ")
schema = json.loads(out.stdout)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def errors(doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.path))


def validate_file(path):
    with open(path, encoding="utf-8") as f:
        docs = list(yaml.load_all(f, Loader=Yaml12Loader))
    for i, doc in enumerate(docs):
        for e in errors(doc):
            fail("%s (document %d): %s at %s" % (path, i + 1, e.message[:200],
                                                "/".join(map(str, e.path))))
    return len(docs)


# 2. examples and e2e inventories that load cleanly
ndocs = nfiles = 0
dirs = []
for pattern in ("examples/*", "tests/e2e/cases/*", "tests/whatif", "tests/interop/*",
                "tests/report/*"):
    dirs += sorted(d for d in glob.glob(pattern) if os.path.isdir(d))
for d in dirs:
    files = sorted(p for p in glob.glob(os.path.join(d, "**", "*.y*ml"), recursive=True)
                   if p.endswith((".yaml", ".yml")))
    if not files:
        continue
    r = run("check", "-v", "--fail-on", "never", d)
    if r.returncode == 0:
        # files the loader skips (not inventories) are no business of the schema
        skipped = set(re.findall(r"^resmap: (.*?):\d+:\d+: note: skipped:", r.stderr, re.M))
        clean = [p for p in files if p not in skipped]
    else:
        # inventories meant to be loaded one at a time, or broken on purpose
        clean = [p for p in files if run("check", "--fail-on", "never", p).returncode == 0]
    for p in clean:
        ndocs += validate_file(p)
        nfiles += 1
# inventories the importers wrote (the goldens of `resmap import` cases)
with tempfile.TemporaryDirectory() as tmp:
    for case in sorted(glob.glob("tests/e2e/cases/*/")):
        golden = os.path.join(case, "stdout")
        cmd = open(os.path.join(case, "cmd")).read()
        if "$RESMAP import" not in cmd or not os.path.isfile(golden) or \
           os.path.isfile(os.path.join(case, "status")):
            continue
        text = open(golden, encoding="utf-8").read()
        if "services:" not in text:
            continue
        inv = os.path.join(tmp, os.path.basename(case.rstrip("/")) + ".yaml")
        with open(inv, "w", encoding="utf-8") as f:
            f.write(text)
        if run("check", "--fail-on", "never", inv).returncode == 0:
            ndocs += validate_file(inv)
            nfiles += 1
# what `resmap init` writes validates against the schema it writes beside it,
# from its template and from imports: the shipped samples, and the real
# corpora when this machine has them (never copied into the repository)
starts = [
    ("template", []),
    ("fides", ["--from", "fides", "--region", "gcp:europe-west4", "tests/interop/fides"]),
    ("backstage", ["--from", "backstage", "tests/interop/backstage/catalog"]),
    ("terraform", ["--from", "terraform", "--tenant", "acme",
                   "tests/interop/deployed/aws-plan.json"]),
]
corpora = "/work/shared/corpora"
if os.path.isdir(os.path.join(corpora, "backstage")):
    starts.append(("backstage corpus", ["--from", "backstage", "--region", "aws:eu-west-1",
                                        os.path.join(corpora, "backstage")]))
if os.path.isdir(os.path.join(corpora, "fides")):
    starts.append(("fides corpus", ["--from", "fides", "--region", "gcp:europe-west4",
                                    os.path.join(corpora, "fides")]))
ninit = 0
for name, args in starts:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "inv")
        r = run("init", *args, out)
        if r.returncode != 0:
            fail("init %s: %s" % (name, r.stderr[-400:]))
            continue
        if run("check", "--fail-on", "never", out).returncode != 0:
            fail("init %s: the inventory does not load" % name)
        written = json.load(open(os.path.join(out, "resmap.schema.json")))
        if written != schema:
            fail("init %s: resmap.schema.json is not what resmap schema writes" % name)
        inv = os.path.join(out, "inventory.yaml")
        if not open(inv).readline().startswith(
                "# yaml-language-server: $schema=./resmap.schema.json"):
            fail("init %s: no modeline on the first line" % name)
        ndocs += validate_file(inv)
        nfiles += 1
        ninit += 1
print("schema: %d inventories written by resmap init validate (%s)"
      % (ninit, ", ".join(n for n, _ in starts)))
print("schema: %d documents in %d files validate" % (ndocs, nfiles))
if nfiles < 10:
    fail("only %d inventory files found" % nfiles)

# 3. mistakes both must refuse
GOOD = """resmap: 1
tenants:
  acme: { name: Acme, country: DE, status: active }
data:
  customer.orders: { name: Orders, sensitivity: internal }
services:
  shop:
    tenant: acme
    kind: database
    regions: [azure:westeurope]
    stores:
      - data: [customer.orders]
        subjects: [customers]
    depends_on:
      - mailer
      - service: mailer
        sends: [personal.contact.email]
  mailer: { tenant: acme, regions: [aws:eu-central-1] }
policies:
  eu-only:
    match: { data: [customer], kinds: [database] }
    allow_in: [EU]
"""
MISTAKES = {
    "section typo servces": ("services:", "servces:"),
    "key typo stroes": ("    stores:", "    stroes:"),
    "wrong word kind": ("kind: database", "kind: databse"),
    "wrong word status": ("status: active", "status: activ"),
    "string for a list": ("regions: [azure:westeurope]", "regions: azure:westeurope"),
    "empty regions": ("regions: [azure:westeurope]", "regions: []"),
    "missing tenant": ("    tenant: acme\n    kind", "    kind"),
    "yes is no boolean": ("allow_in: [EU]", "deny: yes"),
    "policy without effect": ("    allow_in: [EU]\n", "    severity: warning\n"),
    "bad region id": ("[aws:eu-central-1]", "[eu-central-1]"),
    "number as id": ("[customer.orders]", "[42]"),
    "quoted version": ("resmap: 1", "resmap: \"1\""),
    "unknown match key": ("kinds: [database]", "kind: [database]"),
    "depends_on item typo": ("        sends:", "        send:"),
}
with tempfile.TemporaryDirectory() as tmp:
    good = os.path.join(tmp, "good.yaml")
    with open(good, "w") as f:
        f.write(GOOD)
    if errors(yaml.load(GOOD, Loader=Yaml12Loader)):
        fail("the good inventory fails the schema: %s" %
             errors(yaml.load(GOOD, Loader=Yaml12Loader))[0].message)
    r = run("check", good)
    if r.returncode == 2:
        fail("the good inventory does not load: " + r.stderr)
    for name, (old, new) in sorted(MISTAKES.items()):
        assert old in GOOD, name
        text = GOOD.replace(old, new, 1)
        if not errors(yaml.load(text, Loader=Yaml12Loader)):
            fail("schema accepts: " + name)
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write(text)
        if run("check", bad).returncode != 2:
            fail("loader accepts: " + name)
print("schema: %d mistakes refused by the schema and the loader" % len(MISTAKES))


# Never stricter than the loader: every value of the good inventory, and
# every mapping in it, replaced by values of each shape; whatever the
# schema refuses, the loader must refuse too.
def paths(node, path=()):
    if isinstance(node, dict):
        yield path
        for k, v in node.items():
            yield from paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, path + (i,))
    if path and not isinstance(node, dict):
        yield path


def replaced(doc, path, value):
    import copy
    doc = copy.deepcopy(doc)
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return doc


SHAPES = [[], ["x"], {"a": "b"}, "databse", 42, True, None, "EU", ["EU"]]
ITEM_SHAPES = [{"a": "b"}, "databse", 42, None]   # for items of lists
every_key = os.path.join("tests", "schema", "every-key.yaml")
if run("check", every_key).returncode != 0:
    fail(every_key + " does not load clean")
validate_file(every_key)
stricter = looser = both = 0
bases = [yaml.load(open(every_key, encoding="utf-8"), Loader=Yaml12Loader)]
mutants = []    # (path, document)
for good_doc in bases:
    for path in paths(good_doc):
        if not path or str(path[0]).startswith("x-"):
            continue
        shapes = ITEM_SHAPES if isinstance(path[-1], int) else SHAPES
        mutants += [(path, replaced(good_doc, path, v)) for v in shapes]
        parent = good_doc
        for p in path:
            parent = parent[p]
        if isinstance(parent, dict):   # an unknown key in this mapping
            mutants.append((path, replaced(good_doc, path, dict(parent, unknwn=1))))
with tempfile.TemporaryDirectory() as tmp:
    def loader_refuses(i):
        bad = os.path.join(tmp, "mutant%d.yaml" % i)
        with open(bad, "w") as f:
            yaml.safe_dump(mutants[i][1], f)
        return run("check", "--fail-on", "never", bad).returncode == 2
    # the runs wait more than they compute on a busy machine: a few at once
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        refused = list(pool.map(loader_refuses, range(len(mutants))))
    # editors' validators that know only draft-07 must judge alike
    draft7 = jsonschema.Draft7Validator(schema)
    for (path, doc), loader in zip(mutants, refused):
        schema_refuses = bool(errors(doc))
        if draft7.is_valid(doc) == schema_refuses:
            fail("draft-07 judges otherwise at %s" % "/".join(map(str, path)))
        if schema_refuses and not loader:
            stricter += 1
            fail("schema refuses what the loader takes at %s: %s" % (
                "/".join(map(str, path)), errors(doc)[0].message[:200]))
        elif loader and not schema_refuses:
            looser += 1    # references, duplicates: the loader's alone
        elif schema_refuses:
            both += 1
print("schema: %d mutants refused by both, %d by the loader alone (references), "
      "%d by the schema alone; draft-07 judges them alike" % (both, looser, stricter))

# 4. every key documented
man = open(os.path.join(root, "man", "resmap-inventory.5"), encoding="utf-8").read()
keys = set(schema["properties"])
for d in schema["$defs"].values():
    keys |= set(d.get("properties", {}))
for k in sorted(keys):
    if not re.search(r"^\.(It )?Ic %s\b" % re.escape(k), man, re.M) and \
       not re.search(r"\bIc %s\b" % re.escape(k), man):
        fail("key '%s' is not in man/resmap-inventory.5" % k)
print("schema: %d keys, each in resmap-inventory(5)" % len(keys))

if failures:
    sys.exit("schema: %d failures" % len(failures))
print("schema: all passed")
