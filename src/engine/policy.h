/*
 * policy: judges facts against the model's policies, and matches facts
 * against selectors (also used by command filters).
 *
 * Effects: deny (every matching fact violates), allow_in (a matching
 * fact outside every listed place violates), deny_reach (a matching fact
 * reached by a listed jurisdiction violates once, naming every reach
 * entry that a listed jurisdiction contains).
 * `except` removes facts from a policy's scope.
 */
#ifndef RESMAP_POLICY_H
#define RESMAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/facts.h"
#include "engine/model.h"

enum effect { EFFECT_DENY, EFFECT_ALLOW_IN, EFFECT_DENY_REACH };
const char *effect_name(enum effect e);   /* "deny", "allow_in", "deny_reach" */

struct violation {
	const struct policy *policy;
	enum effect effect;
	const struct fact *fact;
	const struct reach *reach;   /* EFFECT_DENY_REACH: the first offending entry */
	/* EFFECT_DENY_REACH: how many entries of fact->reach offend (0 is
	 * read as 1 when reach is set); when more than one, all of them in
	 * fact order (more[0] == reach). Read them with violation_reach. */
	size_t nreach;
	const struct reach *const *more;
	const char *message;         /* in words, e.g. "health about eu-residents is
	                                replicated to azure:southcentralus (US), outside EU" */
};

struct verdicts {
	struct arena arena;
	struct violation *v;  size_t n;  /* sorted: policy id, then fact_cmp, then effect */
	size_t count[SEV__COUNT];
};

/* The offending reach entries of a violation: violation_nreach of them,
 * violation_reach(v, 0) == v->reach. */
size_t violation_nreach(const struct violation *v);
const struct reach *violation_reach(const struct violation *v, size_t i);
/* True when r (an entry of v->fact->reach) is one that v names. */
bool violation_names_reach(const struct violation *v, const struct reach *r);

/* True when the fact satisfies every key present in sel. */
bool selector_match(const struct model *m, const struct selector *sel, const struct fact *f);
/* True when sel names service s itself: by `services`, or its tenant by
 * `tenants` or `operators` (a filter keeps such a service in a view even
 * when it holds no fact). */
bool selector_names_service(const struct selector *sel, const struct service *s);

struct verdicts *policy_evaluate(const struct model *m, const struct factset *fs);

/*
 * The same evaluation fed facts as they are made (facts_derive_each),
 * for a caller that keeps none: policy_judge judges n more facts, which
 * may be gone after the call (a violated fact is copied into the
 * verdicts, and its violations point at the copy); policy_end takes the
 * factset facts_derive_each returned (for the order of the violations)
 * and returns the verdicts, as policy_evaluate would have over all the
 * facts in the same order.
 */
struct policy_run;
struct policy_run *policy_begin(const struct model *m);
void policy_judge(struct policy_run *r, const struct fact *f, size_t n);
struct verdicts *policy_end(struct policy_run *r, const struct factset *fs);
void verdicts_free(struct verdicts *v);

#endif
