/*
 * subset: the part of an inventory a filtered `graph` or `report` shows.
 * The facts matching a selector (and, for graph --focus, held by services
 * near the focus), the services they involve (on the facts' paths) and
 * the services and tenants the selector names even without facts (a
 * disabled tenant's, a plain dependency).
 *
 * Ownership: the keep arrays and copies are the subset's own
 * (subset_release). fs and v are read, not copied: the copied violations
 * keep pointing at the original reach entries and messages, so fs and v
 * must outlive the subset.
 */
#ifndef RESMAP_SUBSET_H
#define RESMAP_SUBSET_H

#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"

struct subset {
	/* per fact of the original fs, per service index, per tenant index:
	 * nonzero when kept */
	unsigned char *fact_keep, *svc_keep, *tenant_keep;
	/* subset_copy: the kept facts, disabled services and violations */
	struct factset fs;
	struct verdicts v;
};

/*
 * sel NULL: every fact matches and every service counts as named. near
 * (per service index) NULL: every service is near; else only facts of
 * near services are kept, and only near services.
 */
void subset_select(struct subset *s, const struct model *m, const struct selector *sel,
		   const unsigned char *near, const struct factset *fs);
/* Fills s->fs and s->v with what subset_select kept (for the report's
 * tables, which read a factset and verdicts). */
void subset_copy(struct subset *s, const struct factset *fs, const struct verdicts *v);
void subset_release(struct subset *s);

#endif
