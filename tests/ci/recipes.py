"""recipes.py RESMAP WORKDIR: runs the CI recipes of data/init (the files
`resmap init --ci` writes and doc/ci.md shows) as their CI would, on an
inventory that `resmap init` wrote in a git repository with a pull request
branch, and checks what each step leaves for the CI to read:

- GitHub: every `run:` step whose commands are resmap's or gh's (the
  install step needs the network and is skipped); `gh` is a stub that
  checks the comment it is given; the SARIF log passes the SARIF schema
  checks of tests/sarif; the github annotations name the inventory file.
- GitLab: every `script:` line; the JUnit report is well-formed XML with
  a testsuite; the code quality report is a JSON array of issues with the
  fields GitLab reads.
- pre-commit: the hook's entry and args, run from the repository's root.
Needs python3-yaml."""
import json, os, subprocess, sys, xml.dom.minidom
import yaml

resmap, work = os.path.abspath(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
failures = []

def sh(cmd, env=None, cwd=None, ok=(0,)):
    r = subprocess.run(["sh", "-ec", cmd], cwd=cwd or repo, env=env, capture_output=True, text=True)
    if r.returncode not in ok:
        failures.append("%r exited %d:\n%s%s" % (cmd, r.returncode, r.stdout, r.stderr))
    return r

repo = os.path.join(work, "repo")
os.makedirs(repo)
bindir = os.path.join(work, "bin")
os.makedirs(bindir)
os.symlink(resmap, os.path.join(bindir, "resmap"))
with open(os.path.join(bindir, "gh"), "w") as f:
    # the stub of the GitHub CLI: `gh pr comment N --body-file F` only
    f.write('#!/bin/sh\n[ "$1 $2" = "pr comment" ] && [ "$4" = --body-file ] && [ -s "$5" ] '
            '&& cp "$5" "$GH_STUB_OUT" && exit 0\necho "gh stub: unexpected: $*" >&2; exit 1\n')
os.chmod(os.path.join(bindir, "gh"), 0o755)
env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], NO_COLOR="1",
           GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@t")

sh("git init -q -b main", env)
sh("resmap init --ci github --ci gitlab --ci pre-commit inventory", env)
sh("git add -A && git commit -qm init && git update-ref refs/remotes/origin/main HEAD", env)
# the pull request: the mailer moves to the US
sh("git checkout -q -b change && sed -i 's/regions: \\[aws:eu-west-1\\]/regions: [aws:us-east-1]/' "
   "inventory/inventory.yaml && git commit -qam move", env)

def stop_if_failed():
    if failures:
        for f in failures:
            print("ci-recipes: FAIL: " + f)
        sys.exit(1)

stop_if_failed()

def workflow_steps(path):
    for step in yaml.safe_load(open(path))["jobs"]["residency"]["steps"]:
        if "run" in step and "resmap" in step["run"] and "apt-get" not in step["run"]:
            yield step

gh = os.path.join(repo, ".github/workflows/resmap.yml")
wf = yaml.safe_load(open(gh))
genv = dict(env, **{k: str(v) for k, v in wf["env"].items()})
genv.update(BASE="origin/main", PR="7", GH_TOKEN="x", GH_STUB_OUT=os.path.join(work, "comment.md"))
ran = 0
for step in workflow_steps(gh):
    r = sh(step["run"], genv, ok=(0, 1) if "--format github" in step["run"] else (0,))
    ran += 1
    if "--format github" in step["run"]:
        if r.returncode != 0:
            failures.append("the init inventory breaks a policy in the github step")
sarif = os.path.join(repo, "resmap.sarif")
r = subprocess.run(["sh", os.path.join(top, "tests/sarif/validate.sh"), sarif], capture_output=True, text=True)
if r.returncode:
    failures.append("SARIF log invalid: " + r.stdout + r.stderr)
comment = open(genv["GH_STUB_OUT"]).read() if os.path.exists(genv["GH_STUB_OUT"]) else ""
if "aws:us-east-1" not in comment:
    failures.append("the pull request comment does not name the new region:\n" + comment)

gl = yaml.safe_load(open(os.path.join(repo, ".gitlab/resmap.yml")))["resmap"]
lenv = dict(env, **{k: str(v) for k, v in gl["variables"].items()})
for line in gl["script"]:
    sh(line, lenv)
    ran += 1
for report in gl["artifacts"]["reports"].values():
    p = os.path.join(repo, report)
    if not os.path.exists(p):
        failures.append("GitLab report %s not written" % report)
    elif report.endswith(".xml"):
        dom = xml.dom.minidom.parse(p)
        if not dom.getElementsByTagName("testsuite"):
            failures.append("JUnit report has no testsuite")
    else:
        issues = json.load(open(p))
        if not isinstance(issues, list):
            failures.append("code quality report is not a JSON array")

pc = yaml.safe_load(open(os.path.join(repo, ".pre-commit-config.yaml")))
hook = pc["repos"][0]["hooks"][0]
sh(hook["entry"] + " " + " ".join('"%s"' % a for a in hook.get("args", [])), env)
ran += 1

# doc/ci.md shows the very files init writes
doc = open(os.path.join(top, "doc/ci.md")).read()
for name in ("github.yml", "gitlab.yml", "pre-commit.yaml"):
    if open(os.path.join(top, "data/init", name)).read() not in doc:
        failures.append("doc/ci.md does not show data/init/%s as it is" % name)

for f in failures:
    print("ci-recipes: FAIL: " + f)
print("ci-recipes: %d steps run, %d failed" % (ran, len(failures)))
sys.exit(1 if failures else 0)
