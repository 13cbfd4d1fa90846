/*
 * enforce: allowed regions per provider from allow_in policies, and the
 * three providers' guardrail documents. Shapes follow each provider's
 * documented example: Azure's built-in "Allowed locations" definition
 * (e56962a6-4747-49cd-b67b-bf8b01975c4c), the AWS Organizations example
 * SCP "Deny access to AWS based on the requested AWS Region", and Google
 * Cloud's resource locations constraint with `in:` value groups.
 */
#include "engine/enforce.h"

#include <stdlib.h>
#include <string.h>

#include "base/json.h"

static const char *const target_names[ENF__TARGETS] = {
	"azure-policy", "aws-scp", "gcp-org-policy",
};
static const char *const provider_ids[ENF__TARGETS] = { "azure", "aws", "gcp" };

const char *enf_target_name(enum enf_target t) { return target_names[t]; }
const char *enf_provider_id(enum enf_target t) { return provider_ids[t]; }

int enf_target_parse(const char *s)
{
	for (int t = 0; t < ENF__TARGETS; t++)
		if (!strcmp(s, target_names[t]))
			return t;
	return -1;
}

const char *enf_region_name(const struct region *r)
{
	const char *c = strchr(r->id, ':');
	return c ? c + 1 : r->id;
}

static bool sel_has_item(const struct selector *s, enum sel_key k, const void *item)
{
	for (size_t i = 0; i < s->n[k]; i++)
		if (s->items[k][i] == item)
			return true;
	return false;
}

/* A guardrail is assigned to a tenant's scope, its own resources: the
 * keys that name tenants (tenants, owners, operators) say whose. */
static const enum sel_key tenant_keys[] = { SEL_TENANTS, SEL_OWNERS, SEL_OPERATORS };

static bool names_tenants(const struct selector *s)
{
	for (size_t i = 0; i < ARRAY_LEN(tenant_keys); i++)
		if (s->has[tenant_keys[i]])
			return true;
	return false;
}

static bool names_tenant(const struct selector *s, const struct tenant *t)
{
	for (size_t i = 0; i < ARRAY_LEN(tenant_keys); i++)
		if (sel_has_item(s, tenant_keys[i], t))
			return true;
	return false;
}

/* Whether the policy concerns the tenant (NULL: the whole organisation). */
static bool applies(const struct policy *p, const struct tenant *t, struct diag *d)
{
	bool named = names_tenants(&p->match);
	bool excepted = p->has_except && names_tenants(&p->except);
	if (!t) {
		if (named) {
			diag_at(d, DIAG_NOTE, p->match.pos, "policy '%s' applies to some tenants only; "
				"left out (use --tenant)", p->id);
			return false;
		}
		if (excepted)
			diag_at(d, DIAG_NOTE, p->except.pos, "policy '%s' excepts some tenants, a "
				"guardrail cannot: assign it where those tenants have no resources",
				p->id);
		return true;
	}
	if (named && !names_tenant(&p->match, t))
		return false;
	if (excepted && names_tenant(&p->except, t))
		return false;
	return true;
}

/* A match that names a provider and not this one does not concern it. */
static bool concerns_provider(const struct policy *p, const struct provider *prov)
{
	if (!p->match.has[SEL_PROVIDERS])
		return true;
	return sel_has_item(&p->match, SEL_PROVIDERS, prov);
}

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = *(const struct region *const *)a;
	const struct region *y = *(const struct region *const *)b;
	return strcmp(x->id, y->id);
}

/*
 * The multi-regions that GCP's resource locations constraint names as
 * value groups of their own (in:eu-locations holds the EU multi-region
 * and every EU region, in:nam4-locations the dual-region and its two
 * regions): written when every member is allowed, so that buckets and
 * databases in the multi-region itself can be created.
 */
static const char *const gcp_groups[] = {
	"gcp:asia", "gcp:asia1", "gcp:eu", "gcp:eur4", "gcp:nam4", "gcp:us",
};

static void value_groups(const struct model *m, enum enf_target t, const bool *allowed,
			 struct enf_result *r)
{
	if (t != ENF_GCP)
		return;
	r->groups = xcalloc(ARRAY_LEN(gcp_groups), sizeof *r->groups);
	for (size_t g = 0; g < ARRAY_LEN(gcp_groups); g++) {
		const struct region *mr = model_find_region(m, gcp_groups[g]);
		if (!mr || !mr->nmembers)
			continue;
		bool all = true;
		for (size_t k = 0; k < mr->nmembers && all; k++)
			all = mr->members[k].region && allowed[mr->members[k].region->index];
		if (all)
			r->groups[r->ngroups++] = mr;
	}
}

int enf_compute(const struct model *m, enum enf_target t, const struct tenant *tenant,
		struct diag *d, struct enf_result *r)
{
	memset(r, 0, sizeof *r);
	const struct provider *prov = model_find_provider(m, provider_ids[t]);
	if (!prov) {
		diag_msg(d, DIAG_ERROR, "no provider '%s' in the catalog", provider_ids[t]);
		return -1;
	}
	/* allowed[i]: region i of the model is still allowed by every policy seen */
	bool *allowed = xcalloc(m->nregions ? m->nregions : 1, sizeof *allowed);
	bool *mine = xcalloc(m->nregions ? m->nregions : 1, sizeof *mine);
	/* single regions only: a multi-region is allowed through its members */
	for (size_t i = 0; i < m->nregions; i++)
		allowed[i] = m->regions[i]->provider == prov && !m->regions[i]->nmembers &&
			     !m->regions[i]->global;
	size_t cap = 0;
	for (size_t pi = 0; pi < m->npolicies; pi++) {
		const struct policy *p = m->policies[pi];
		if (!p->has_allow_in || !applies(p, tenant, d) || !concerns_provider(p, prov))
			continue;
		memset(mine, 0, m->nregions * sizeof *mine);
		for (size_t k = 0; k < p->nallow_in; k++) {
			const struct place *pl = &p->allow_in[k];
			for (size_t i = 0; i < m->nregions; i++) {
				const struct region *rg = m->regions[i];
				if (rg->provider != prov)
					continue;
				switch (pl->type) {
				case PLACE_REGION:
					mine[i] |= region_within(rg, pl->u.region);
					break;
				case PLACE_JUR:
					mine[i] |= rg->country &&
						   model_jur_contains(m, pl->u.jur, rg->country);
					break;
				case PLACE_PROVIDER:
					mine[i] |= pl->u.provider == prov;
					break;
				}
			}
		}
		for (size_t i = 0; i < m->nregions; i++)
			allowed[i] = allowed[i] && mine[i];
		static const enum sel_key narrow[] = {
			SEL_DATA, SEL_SUBJECTS, SEL_PURPOSES, SEL_SERVICES, SEL_KINDS,
			SEL_REGIONS, SEL_COUNTRIES, SEL_JURISDICTIONS, SEL_MODES,
			SEL_REACH, SEL_SUBJECT_JURS,
		};
		struct strbuf keys = STRBUF_INIT;
		for (size_t k = 0; k < ARRAY_LEN(narrow); k++)
			if (p->match.has[narrow[k]])
				sb_addf(&keys, "%s%s", keys.len ? ", " : "", sel_key_name(narrow[k]));
		if (keys.len)
			diag_at(d, DIAG_NOTE, p->match.pos, "policy '%s' matches by %s; the guardrail "
				"restricts every resource in the scope it is assigned to", p->id,
				keys.buf);
		/* an except that is not by tenant cannot be honoured either */
		sb_release(&keys);
		for (size_t k = 0; p->has_except && k < ARRAY_LEN(narrow); k++)
			if (p->except.has[narrow[k]])
				sb_addf(&keys, "%s%s", keys.len ? ", " : "", sel_key_name(narrow[k]));
		if (keys.len)
			diag_at(d, DIAG_NOTE, p->except.pos, "policy '%s' excepts by %s; the guardrail "
				"cannot: it restricts those resources too", p->id, keys.buf);
		sb_release(&keys);
		r->policies = xgrow(r->policies, &cap, r->npolicies + 1, sizeof *r->policies);
		r->policies[r->npolicies++] = p;
	}
	free(mine);
	int rc = 0;
	if (!r->npolicies) {
		if (tenant)
			diag_msg(d, DIAG_ERROR, "no allow_in policy applies to tenant '%s' on '%s'; "
				 "nothing to enforce", tenant->id, prov->id);
		else
			diag_msg(d, DIAG_ERROR, "no allow_in policy applies to all tenants on '%s'; "
				 "nothing to enforce (policies of some tenants need --tenant)", prov->id);
		rc = -1;
		goto out;
	}
	size_t n = 0;
	for (size_t i = 0; i < m->nregions; i++)
		n += allowed[i];
	r->allowed = xmalloc((n ? n : 1) * sizeof *r->allowed);
	for (size_t i = 0; i < m->nregions; i++)
		if (allowed[i])
			r->allowed[r->nallowed++] = m->regions[i];
	xqsort(r->allowed, r->nallowed, sizeof *r->allowed, cmp_region);
	value_groups(m, t, allowed, r);
	if (!r->nallowed) {
		struct strbuf ids = STRBUF_INIT;
		for (size_t i = 0; i < r->npolicies; i++)
			sb_addf(&ids, "%s'%s'", i ? ", " : "", r->policies[i]->id);
		diag_msg(d, DIAG_ERROR, "no '%s' region satisfies %s %s; a guardrail would deny "
			 "every region, nothing written", prov->id,
			 r->npolicies == 1 ? "policy" : "every one of the policies", ids.buf);
		sb_release(&ids);
		rc = -1;
	}
out:
	free(allowed);
	return rc;
}

void enf_result_release(struct enf_result *r)
{
	free(r->policies);
	free(r->allowed);
	free(r->groups);
	memset(r, 0, sizeof *r);
}

/* ---- writers ---- */

static void policy_list(struct strbuf *sb, const struct enf_result *r)
{
	for (size_t i = 0; i < r->npolicies; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", r->policies[i]->id);
}

static void write_azure(struct json *j, const struct enf_result *r, const struct enf_write_opts *o)
{
	struct strbuf sb = STRBUF_INIT;
	json_obj_begin(j);
	json_key(j, "properties");
	json_obj_begin(j);
	sb_adds(&sb, "Allowed locations (resmap");
	if (o->tenant)
		sb_addf(&sb, ", tenant %s", o->tenant);
	sb_adds(&sb, ")");
	json_kstr(j, "displayName", sb.buf);
	json_kstr(j, "policyType", "Custom");
	json_kstr(j, "mode", "Indexed");
	sb_reset(&sb);
	sb_adds(&sb, "Restricts the locations where resources can be deployed to those that "
		"every resmap allow_in policy allows (");
	policy_list(&sb, r);
	sb_adds(&sb, "). Generated by resmap enforce. Excludes resource groups, "
		"Microsoft.AzureActiveDirectory/b2cDirectories, and resources that use the "
		"'global' region.");
	json_kstr(j, "description", sb.buf);
	json_key(j, "metadata");
	json_obj_begin(j);
	json_kstr(j, "version", "1.0.0");
	json_kstr(j, "category", "General");
	json_key(j, "resmapPolicies");
	json_arr_begin(j);
	for (size_t i = 0; i < r->npolicies; i++)
		json_str(j, r->policies[i]->id);
	json_arr_end(j);
	if (o->tenant)
		json_kstr(j, "resmapTenant", o->tenant);
	json_obj_end(j);
	json_key(j, "parameters");
	json_obj_begin(j);
	json_key(j, "listOfAllowedLocations");
	json_obj_begin(j);
	json_kstr(j, "type", "Array");
	json_key(j, "metadata");
	json_obj_begin(j);
	json_kstr(j, "description", "The list of locations that can be specified when "
		  "deploying resources.");
	json_kstr(j, "strongType", "location");
	json_kstr(j, "displayName", "Allowed locations");
	json_obj_end(j);
	json_key(j, "defaultValue");
	json_arr_begin(j);
	for (size_t i = 0; i < r->nallowed; i++)
		json_str(j, enf_region_name(r->allowed[i]));
	json_arr_end(j);
	json_obj_end(j);
	json_obj_end(j);
	json_key(j, "policyRule");
	json_obj_begin(j);
	json_key(j, "if");
	json_obj_begin(j);
	json_key(j, "allOf");
	json_arr_begin(j);
	json_obj_begin(j);
	json_kstr(j, "field", "location");
	json_kstr(j, "notIn", "[parameters('listOfAllowedLocations')]");
	json_obj_end(j);
	json_obj_begin(j);
	json_kstr(j, "field", "location");
	json_kstr(j, "notEquals", "global");
	json_obj_end(j);
	json_obj_begin(j);
	json_kstr(j, "field", "type");
	json_kstr(j, "notEquals", "Microsoft.AzureActiveDirectory/b2cDirectories");
	json_obj_end(j);
	json_arr_end(j);
	json_obj_end(j);
	json_key(j, "then");
	json_obj_begin(j);
	json_kstr(j, "effect", "deny");
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
	sb_release(&sb);
}

/*
 * Global services whose endpoints live in us-east-1 (or that are not
 * regional), exempted as in AWS's example SCP "Deny access to AWS based
 * on the requested AWS Region" (aws-samples/service-control-policy-
 * examples, Region-controls). Review it against the services you use.
 */
static const char *const aws_global_actions[] = {
	"a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*",
	"aws-portal:*", "budgets:*", "ce:*", "chime:*", "cloudfront:*", "config:*",
	"cur:*", "directconnect:*", "ec2:DescribeRegions", "ec2:DescribeTransitGateways",
	"ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*", "iam:*",
	"importexport:*", "kms:*", "mobileanalytics:*", "networkmanager:*",
	"organizations:*", "pricing:*", "route53:*", "route53domains:*",
	"route53-recovery-cluster:*", "route53-recovery-control-config:*",
	"route53-recovery-readiness:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets",
	"s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*", "shield:*", "sts:*",
	"support:*", "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*",
	"wellarchitected:*",
};

static void write_aws(struct json *j, const struct enf_result *r, const struct enf_write_opts *o)
{
	json_obj_begin(j);
	json_kstr(j, "Version", "2012-10-17");
	json_key(j, "Statement");
	json_arr_begin(j);
	json_obj_begin(j);
	json_kstr(j, "Sid", "DenyOutsideAllowedRegions");
	json_kstr(j, "Effect", "Deny");
	json_key(j, "NotAction");
	json_arr_begin(j);
	for (size_t i = 0; i < ARRAY_LEN(aws_global_actions); i++)
		json_str(j, aws_global_actions[i]);
	json_arr_end(j);
	json_kstr(j, "Resource", "*");
	json_key(j, "Condition");
	json_obj_begin(j);
	json_key(j, "StringNotEquals");
	json_obj_begin(j);
	json_key(j, "aws:RequestedRegion");
	json_arr_begin(j);
	for (size_t i = 0; i < r->nallowed; i++)
		json_str(j, enf_region_name(r->allowed[i]));
	json_arr_end(j);
	json_obj_end(j);
	if (o->nexempt_roles) {
		json_key(j, "ArnNotLike");
		json_obj_begin(j);
		json_key(j, "aws:PrincipalARN");
		json_arr_begin(j);
		for (size_t i = 0; i < o->nexempt_roles; i++)
			json_str(j, o->exempt_roles[i]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_obj_end(j);
	json_obj_end(j);
	json_arr_end(j);
	json_obj_end(j);
}

static void write_gcp(struct json *j, const struct enf_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	json_obj_begin(j);
	json_kstr(j, "constraint", "constraints/gcp.resourceLocations");
	json_key(j, "listPolicy");
	json_obj_begin(j);
	json_key(j, "allowedValues");
	json_arr_begin(j);
	/* a multi-region's value group, then each region's (the region and
	 * its zones); gcp_groups is in id order */
	for (size_t i = 0; i < r->ngroups; i++) {
		sb_reset(&sb);
		sb_addf(&sb, "in:%s-locations", enf_region_name(r->groups[i]));
		json_str(j, sb.buf);
	}
	for (size_t i = 0; i < r->nallowed; i++) {
		sb_reset(&sb);
		sb_addf(&sb, "in:%s-locations", enf_region_name(r->allowed[i]));
		json_str(j, sb.buf);
	}
	json_arr_end(j);
	json_obj_end(j);
	json_obj_end(j);
	sb_release(&sb);
}

void enf_write(const struct enf_result *r, enum enf_target t, const struct enf_write_opts *o,
	       FILE *out)
{
	struct json j;
	json_init(&j, out, !o->compact);
	switch (t) {
	case ENF_AZURE: write_azure(&j, r, o); break;
	case ENF_AWS: write_aws(&j, r, o); break;
	case ENF_GCP: write_gcp(&j, r); break;
	case ENF__TARGETS: break;
	}
	json_finish(&j);
}
