/*
 * enforce: turns the inventory's allow_in policies into a cloud
 * provider's own region guardrail (resmap enforce):
 *
 *   azure-policy     an Azure Policy definition shaped like the built-in
 *                    "Allowed locations" (mode Indexed, deny), with the
 *                    allowed region names as the parameter's defaultValue
 *   aws-scp          a service control policy denying every action whose
 *                    aws:RequestedRegion is outside the allowed set, with
 *                    AWS's documented global-service exceptions (NotAction)
 *   gcp-org-policy   an organization policy for
 *                    constraints/gcp.resourceLocations (in:REGION-locations)
 *
 * The allowed set of one policy for one provider: its regions among the
 * allow_in places (a region of that provider itself; a jurisdiction:
 * every catalog region of the provider in a country it contains; the
 * provider: all of its regions; a multi-region: its members). A resource
 * must satisfy every policy, so several policies intersect. For GCP the
 * value groups of whole multi-regions allowed are named too
 * (in:eu-locations).
 */
#ifndef RESMAP_ENFORCE_H
#define RESMAP_ENFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "engine/model.h"

enum enf_target { ENF_AZURE, ENF_AWS, ENF_GCP, ENF__TARGETS };

const char *enf_target_name(enum enf_target t);     /* "azure-policy", ... */
int enf_target_parse(const char *s);                /* -1 when unknown */
const char *enf_provider_id(enum enf_target t);     /* "azure", "aws", "gcp" */

struct enf_result {
	const struct policy **policies;  size_t npolicies;   /* those intersected, by id */
	const struct region **allowed;  size_t nallowed;     /* sorted by id */
	/* gcp: multi-regions with a value group of their own whose every
	 * member is allowed (in:eu-locations), by id */
	const struct region **groups;  size_t ngroups;
};

/*
 * Computes the allowed regions of the target's provider. tenant NULL:
 * the policies whose match names no tenant; otherwise the policies that
 * apply to that tenant (no tenant key, or naming it, and not excepting
 * it). Policies left out, and parts of a policy a region guardrail
 * cannot express, are notes on d. Returns 0, or -1 after an error (no
 * policy applies, the provider is unknown, or no region is allowed).
 */
int enf_compute(const struct model *m, enum enf_target t, const struct tenant *tenant,
		struct diag *d, struct enf_result *r);
void enf_result_release(struct enf_result *r);

/* The size limit of a service control policy (AWS Organizations quotas). */
#define ENF_SCP_MAX_CHARS 5120

struct enf_write_opts {
	bool compact;                     /* no indentation (SCPs count whitespace) */
	const char *const *exempt_roles;  /* aws-scp: ArnNotLike aws:PrincipalARN */
	size_t nexempt_roles;
	const char *tenant;               /* for names and descriptions, may be NULL */
};

/* The provider's region name: "westeurope" of "azure:westeurope". */
const char *enf_region_name(const struct region *r);

void enf_write(const struct enf_result *r, enum enf_target t, const struct enf_write_opts *o,
	       FILE *out);

#endif
