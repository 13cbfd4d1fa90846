/*
 * policy: judges facts against the model's policies, and matches facts
 * against selectors (also used by command filters).
 *
 * Effects: deny (every matching fact violates), allow_in (a matching
 * fact outside every listed place violates), deny_reach (a matching fact
 * reached by a listed jurisdiction violates, once per reaching entry).
 * `except` removes facts from a policy's scope.
 */
#ifndef RESMAP_POLICY_H
#define RESMAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "model.h"

enum effect { EFFECT_DENY, EFFECT_ALLOW_IN, EFFECT_DENY_REACH };
const char *effect_name(enum effect e);   /* "deny", "allow_in", "deny_reach" */

struct violation {
	const struct policy *policy;
	enum effect effect;
	const struct fact *fact;
	const struct reach *reach;   /* EFFECT_DENY_REACH: the offending entry */
	const char *message;         /* in words, e.g. "health about eu-residents is
	                                replicated to azure:southcentralus (US), outside EU" */
};

struct verdicts {
	struct arena arena;
	struct violation *v;  size_t n;  /* sorted: policy id, then fact order, then effect */
	size_t count[SEV__COUNT];
};

/* True when the fact satisfies every key present in sel. */
bool selector_match(const struct model *m, const struct selector *sel, const struct fact *f);

struct verdicts *policy_evaluate(const struct model *m, const struct factset *fs);
void verdicts_free(struct verdicts *v);

#endif
