/*
 * out_check: the verdict of `resmap check` — policy violations in text,
 * JSON, SARIF 2.1.0, JUnit XML or GitHub workflow annotations.
 *
 * Formats:
 *   text    violations grouped by policy, each with its message, the path
 *           "via a -> b" and the file:line:col of the declaration that
 *           causes it; then "N errors, N warnings, N info"
 *   json    {"resmap":1,"violations":[{"policy","severity","effect",
 *           "message","fact":{FACT as in map},"source"[,"reach"]}],
 *           "summary":{"error","warning","info","policies","facts"}}
 *   sarif   SARIF 2.1.0: one rule per policy, one result per violation
 *           with its physical location and a stable partial fingerprint
 *   junit   one testsuite "resmap", one testcase per policy; violations
 *           at or above --fail-on are <failure>s, the others system-out
 *   github  "::error file=F,line=L,col=C,title=POLICY::MESSAGE" lines
 *   codequality  GitLab's code quality report: [{"description",
 *           "check_name","fingerprint","severity","location":{"path",
 *           "lines":{"begin"}}}]
 */
#ifndef RESMAP_OUT_CHECK_H
#define RESMAP_OUT_CHECK_H

#include <stdio.h>

#include "base/json.h"
#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"

enum check_format { CF_TEXT, CF_JSON, CF_SARIF, CF_JUNIT, CF_GITHUB, CF_CODEQUALITY, CF__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const check_format_names[];

/*
 * The declaration that causes a violation: the access_from entry for a
 * reach through remote access, else the declaration that created the
 * fact (a `stores` entry, a `replicas` or `redundancy` key, an edge).
 */
struct pos violation_pos(const struct violation *v);

/*
 * The violation object of the JSON contract, for every command that
 * lists violations (check, diff, impact):
 *   {"policy","severity","effect","message","fact":{FACT, see
 *    out_fact_json},"source":"file:line:col"[,"reach":[{"jurisdiction",
 *    "why"}]]}
 * source is the declaration that causes it (violation_pos); reach, for a
 * deny_reach violation, names the offending entries of the fact's reach.
 */
void out_violation_json(struct json *j, const struct violation *v);

/* fail_on: enum severity, or -1 for never. */
void out_check(FILE *out, enum check_format fmt, const struct model *m,
	       const struct factset *fs, const struct verdicts *v, int fail_on);

/* 1 when a violation is at or above fail_on (-1: never), else 0. */
int check_status(const struct verdicts *v, int fail_on);

#endif
