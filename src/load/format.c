/*
 * format: the table of the inventory format (format.h). The descriptions
 * are resmap-inventory(5) in one line each; tests/schema checks that
 * every key here is documented there.
 */
#include "load/format.h"

#include <string.h>

#include "engine/model.h"

const char *const fmt_ref_items[R__COUNT] = {
	[R_PROVIDER] = "provider ids", [R_REGION] = "region ids",
	[R_JUR] = "jurisdiction ids", [R_COUNTRY] = "country codes",
	[R_DATA] = "data category ids", [R_SUBJECT] = "subject ids",
	[R_PURPOSE] = "purpose ids", [R_TENANT] = "tenant ids",
	[R_SERVICE] = "service ids", [R_PLACE] = "region, jurisdiction or provider ids",
};
const char *const fmt_ref_one[R__COUNT] = {
	[R_PROVIDER] = "a provider id", [R_REGION] = "a region id",
	[R_JUR] = "a jurisdiction id", [R_COUNTRY] = "a country code",
	[R_DATA] = "a data category id", [R_SUBJECT] = "a subject id",
	[R_PURPOSE] = "a purpose id", [R_TENANT] = "a tenant id",
	[R_SERVICE] = "a service id", [R_PLACE] = "a region, jurisdiction or provider id",
};
const char *const fmt_ref_noun[R__COUNT] = {
	[R_PROVIDER] = "provider", [R_REGION] = "region", [R_JUR] = "jurisdiction",
	[R_COUNTRY] = "country", [R_DATA] = "data category", [R_SUBJECT] = "subject",
	[R_PURPOSE] = "purpose", [R_TENANT] = "tenant", [R_SERVICE] = "service",
	[R_PLACE] = "place",
};

static const char *w_kind(int i) { return kind_name((enum svc_kind)i); }
static const char *w_redundancy(int i) { return redundancy_name((enum redundancy)i); }
static const char *w_status(int i) { return status_name((enum tenant_status)i); }
static const char *w_severity(int i) { return severity_name((enum severity)i); }
static const char *w_mode(int i) { return mode_name((enum mode)i); }
static const char *const sensitivities[] = { "public", "internal", "confidential", "restricted" };
static const char *w_sensitivity(int i) { return sensitivities[i]; }

static const struct fmt_words kinds = { "kind", "service kinds", w_kind, 0, KIND__COUNT };
static const struct fmt_words redundancies = {
	"redundancy", "redundancies", w_redundancy, RED_LOCAL, RED__COUNT
};
static const struct fmt_words statuses = { "status", "statuses", w_status, 0, TENANT__COUNT };
static const struct fmt_words severities = { "severity", "severities", w_severity, 0, SEV__COUNT };
static const struct fmt_words modes = { "mode", "modes", w_mode, 0, MODE__COUNT };
static const struct fmt_words sensitivity = {
	"sensitivity", "sensitivities", w_sensitivity, 0, 4
};

#define KEYS(a) a, (int)(sizeof a / sizeof a[0])
#define OVERRIDE { "override", FMT_BOOL, 0, NULL, NULL, 0, \
	"true: this entry replaces the built-in one of the same id" }

static const struct fmt_key provider_keys[PV__COUNT] = {
	[PV_NAME] = { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" },
	[PV_HQ] = { "hq", FMT_ID, R_COUNTRY, NULL, NULL, 0,
		    "headquarters country; its laws reach every region the provider runs" },
	[PV_LAWS] = { "laws", FMT_TEXTS, 0, NULL, NULL, 0,
		      "the laws with extraterritorial reach, as text" },
	[PV_OVERRIDE] = OVERRIDE,
};

static const struct fmt_key region_keys[RG__COUNT] = {
	[RG_NAME] = { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" },
	[RG_PROVIDER] = { "provider", FMT_ID, R_PROVIDER, NULL, NULL, 0,
			  "the provider; by default the part of the id before ':'" },
	[RG_COUNTRY] = { "country", FMT_ID, R_COUNTRY, NULL, NULL, 0,
			 "the country the region is in (not with members)" },
	[RG_CITY] = { "city", FMT_TEXT, 0, NULL, NULL, 0, "the city, for the report" },
	[RG_PAIR] = { "pair", FMT_ID, R_REGION, NULL, NULL, 0,
		      "the paired region that 'redundancy: geo' replicates to" },
	[RG_OPERATOR] = { "operator", FMT_ID, R_PROVIDER, NULL, NULL, 0,
			  "the separate legal entity that runs the region, whose headquarters "
			  "law applies instead of the provider's" },
	[RG_RETIRED] = { "retired", FMT_TEXT, 0, NULL, NULL, 0,
			 "why and when the provider closed the region; naming it is a warning" },
	[RG_MEMBERS] = { "members", FMT_IDS, R_REGION, NULL, NULL, FMT_NONEMPTY,
			 "the regions of a multi-region (which then has no country)" },
	[RG_OVERRIDE] = OVERRIDE,
};

static const struct fmt_key jur_keys[JU__COUNT] = {
	[JU_NAME] = { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" },
	[JU_MEMBERS] = { "members", FMT_IDS, R_JUR, NULL, NULL, FMT_NONEMPTY,
			 "countries or other groups: an entry with members is a group" },
	[JU_OVERRIDE] = OVERRIDE,
};

static const struct fmt_key tenant_keys[TN__COUNT] = {
	[TN_NAME] = { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" },
	[TN_COUNTRY] = { "country", FMT_ID, R_COUNTRY, NULL, NULL, 0,
			 "the tenant's country" },
	[TN_STATUS] = { "status", FMT_WORD, 0, &statuses, NULL, 0,
			"services of a disabled tenant create no facts" },
};

#define TERM_NAME { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" }
#define TERM_DESC { "description", FMT_TEXT, 0, NULL, NULL, 0, "what it is" }

static const struct fmt_key data_keys[TM__COUNT] = {
	[TM_NAME] = TERM_NAME,
	[TM_DESCRIPTION] = TERM_DESC,
	[TM_SENSITIVITY] = { "sensitivity", FMT_WORD, 0, &sensitivity, NULL, 0,
			     "how sensitive the data is" },
};

static const struct fmt_key subject_keys[TS__COUNT] = {
	[TS_NAME] = TERM_NAME,
	[TS_DESCRIPTION] = TERM_DESC,
	[TS_JURISDICTION] = { "jurisdiction", FMT_ID, R_JUR, NULL, NULL, 0,
			      "where the subjects are (a country or a group)" },
};

static const struct fmt_key purpose_keys[TP__COUNT] = {
	[TP_NAME] = TERM_NAME,
	[TP_DESCRIPTION] = TERM_DESC,
};

static const struct fmt_key store_keys[ST__COUNT] = {
	[ST_DATA] = { "data", FMT_IDS, R_DATA, NULL, NULL, FMT_REQUIRED | FMT_NONEMPTY,
		      "the data categories stored" },
	[ST_SUBJECTS] = { "subjects", FMT_IDS, R_SUBJECT, NULL, NULL, 0,
			  "whom the data is about" },
	[ST_PURPOSES] = { "purposes", FMT_IDS, R_PURPOSE, NULL, NULL, 0,
			  "what the data was collected for" },
	[ST_VOLUME] = { "volume", FMT_TEXT, 0, NULL, NULL, 0, "how much, as text for the report" },
};

const struct fmt_entry fmt_store = {
	"store", KEYS(store_keys), 0, 0, "data a service stores"
};

static const struct fmt_key dep_keys[DP__COUNT] = {
	[DP_SERVICE] = { "service", FMT_ID, R_SERVICE, NULL, NULL, FMT_REQUIRED,
			 "the service depended on" },
	[DP_SENDS] = { "sends", FMT_IDS, R_DATA, NULL, NULL, FMT_NONEMPTY,
		       "the data categories this service sends to that one" },
	[DP_RECEIVES] = { "receives", FMT_IDS, R_DATA, NULL, NULL, FMT_NONEMPTY,
			  "the data categories that service hands to this one" },
};

const struct fmt_entry fmt_dep = {
	"dependency", KEYS(dep_keys), 0, 0,
	"a service id (a plain dependency), or a mapping saying which data flows"
};

static const struct fmt_key service_keys[SV__COUNT] = {
	[SV_NAME] = { "name", FMT_TEXT, 0, NULL, NULL, 0, "display name" },
	[SV_TENANT] = { "tenant", FMT_ID, R_TENANT, NULL, NULL, FMT_REQUIRED,
			"the tenant that operates the service" },
	[SV_KIND] = { "kind", FMT_WORD, 0, &kinds, NULL, 0, "what the service is" },
	[SV_REGIONS] = { "regions", FMT_IDS, R_REGION, NULL, NULL, FMT_REQUIRED | FMT_NONEMPTY,
			 "where the service runs and keeps its data" },
	[SV_REDUNDANCY] = { "redundancy", FMT_WORD, 0, &redundancies, NULL, 0,
			    "geo adds each region's pair as a replica" },
	[SV_REPLICAS] = { "replicas", FMT_IDS, R_REGION, NULL, NULL, 0,
			  "further regions holding copies" },
	[SV_ACCESS_FROM] = { "access_from", FMT_IDS, R_COUNTRY, NULL, NULL, 0,
			     "countries from which operators or support staff reach the data" },
	[SV_STORES] = { "stores", FMT_ENTRIES, 0, NULL, &fmt_store, 0,
			"the data the service stores, whom it is about and what for" },
	[SV_DEPENDS_ON] = { "depends_on", FMT_ENTRIES, R_SERVICE, NULL, &fmt_dep, FMT_OR_ID,
			    "services this one depends on, and the data sent or received" },
	[SV_PURPOSES] = { "purposes", FMT_IDS, R_PURPOSE, NULL, NULL, FMT_NONEMPTY,
			  "what the service processes data for, whatever it was collected for" },
};

static const struct fmt_key selector_keys[SEL__COUNT] = {
	[SEL_DATA] = { "data", FMT_IDS, R_DATA, NULL, NULL, FMT_NONEMPTY,
		       "data categories, by prefix on dot boundaries" },
	[SEL_SUBJECTS] = { "subjects", FMT_IDS, R_SUBJECT, NULL, NULL, FMT_NONEMPTY,
			   "whom the data is about" },
	[SEL_PURPOSES] = { "purposes", FMT_IDS, R_PURPOSE, NULL, NULL, FMT_NONEMPTY,
			   "what the data was collected for or is used for, by prefix" },
	[SEL_TENANTS] = { "tenants", FMT_IDS, R_TENANT, NULL, NULL, FMT_NONEMPTY,
			  "the tenant that owns the data or operates the service" },
	[SEL_SERVICES] = { "services", FMT_IDS, R_SERVICE, NULL, NULL, FMT_NONEMPTY,
			   "services" },
	[SEL_KINDS] = { "kinds", FMT_WORDS, 0, &kinds, NULL, FMT_NONEMPTY, "service kinds" },
	[SEL_PROVIDERS] = { "providers", FMT_IDS, R_PROVIDER, NULL, NULL, FMT_NONEMPTY,
			    "providers" },
	[SEL_REGIONS] = { "regions", FMT_IDS, R_REGION, NULL, NULL, FMT_NONEMPTY,
			  "regions; a multi-region stands for its members" },
	[SEL_COUNTRIES] = { "countries", FMT_IDS, R_COUNTRY, NULL, NULL, FMT_NONEMPTY,
			    "countries where the data is" },
	[SEL_JURISDICTIONS] = { "jurisdictions", FMT_IDS, R_JUR, NULL, NULL, FMT_NONEMPTY,
				"jurisdictions where the data is, groups nesting" },
	[SEL_MODES] = { "modes", FMT_WORDS, 0, &modes, NULL, FMT_NONEMPTY,
			"how the data is held" },
	[SEL_OWNERS] = { "owners", FMT_IDS, R_TENANT, NULL, NULL, FMT_NONEMPTY,
			 "the tenant that owns the data" },
	[SEL_OPERATORS] = { "operators", FMT_IDS, R_TENANT, NULL, NULL, FMT_NONEMPTY,
			    "the tenant that operates the service holding it" },
	[SEL_REACH] = { "reach", FMT_IDS, R_JUR, NULL, NULL, FMT_NONEMPTY,
			"data that a country within these jurisdictions can reach" },
	[SEL_SUBJECT_JURS] = { "subject_jurisdictions", FMT_IDS, R_JUR, NULL, NULL, FMT_NONEMPTY,
			       "data about subjects wholly within these jurisdictions" },
};

const struct fmt_entry fmt_selector = {
	"selector", KEYS(selector_keys), 0, 0,
	"any entry of a list matches, and all keys given must match"
};

static const struct fmt_key policy_keys[PO__COUNT] = {
	[PO_DESCRIPTION] = { "description", FMT_TEXT, 0, NULL, NULL, 0, "what the rule is for" },
	[PO_SEVERITY] = { "severity", FMT_WORD, 0, &severities, NULL, 0,
			  "how a violation is reported (default error)" },
	[PO_MATCH] = { "match", FMT_MAPPING, 0, NULL, &fmt_selector, 0,
		       "the facts the policy is about" },
	[PO_EXCEPT] = { "except", FMT_MAPPING, 0, NULL, &fmt_selector, 0,
			"facts left out of match" },
	[PO_DENY] = { "deny", FMT_BOOL, 0, NULL, NULL, 0, "true: no matching fact may exist" },
	[PO_ALLOW_IN] = { "allow_in", FMT_IDS, R_PLACE, NULL, NULL, FMT_NONEMPTY,
			  "regions, countries, jurisdiction groups or providers the data may be in" },
	[PO_DENY_REACH] = { "deny_reach", FMT_IDS, R_JUR, NULL, NULL, FMT_NONEMPTY,
			    "jurisdictions that must not reach the data" },
};

static const struct fmt_key catalog_keys[CT__COUNT] = {
	[CT_VERSION] = { "version", FMT_TEXT, 0, NULL, NULL, 0, "the catalog's version" },
	[CT_SOURCES] = { "sources", FMT_TEXT, 0, NULL, NULL, 0, "where it comes from" },
	[CT_SOURCES_DATE] = { "sources_date", FMT_TEXT, 0, NULL, NULL, 0, "when they were read" },
};

const struct fmt_entry fmt_catalog_meta = {
	"catalog", KEYS(catalog_keys), 0, 0, "the built-in catalog's metadata"
};

const struct fmt_entry fmt_objects[OBJ__COUNT] = {
	[OBJ_PROVIDER] = { "provider", KEYS(provider_keys), 0, 0, "who operates regions" },
	[OBJ_REGION] = { "region", KEYS(region_keys),
			 1u << RG_COUNTRY | 1u << RG_MEMBERS, 0,
			 "a place data physically sits, or a multi-region (members)" },
	[OBJ_JUR] = { "jurisdiction", KEYS(jur_keys), 0, 0,
		      "a country (ISO 3166-1 alpha-2 code) or a named group (members)" },
	[OBJ_DATA] = { "data category", KEYS(data_keys), 0, 0,
		       "a data category; ids are hierarchical on dots" },
	[OBJ_SUBJECT] = { "subject", KEYS(subject_keys), 0, 0, "whom data is about" },
	[OBJ_PURPOSE] = { "purpose", KEYS(purpose_keys), 0, 0,
			  "why data is processed; ids are hierarchical on dots" },
	[OBJ_TENANT] = { "tenant", KEYS(tenant_keys), 0, 0,
			 "a customer, subscription or account that owns services" },
	[OBJ_SERVICE] = { "service", KEYS(service_keys), 0, 0,
			  "a deployed thing of one tenant in one or more regions" },
	[OBJ_POLICY] = { "policy", KEYS(policy_keys), 0,
			 1u << PO_DENY | 1u << PO_ALLOW_IN | 1u << PO_DENY_REACH,
			 "a rule over residency facts; it needs deny: true, allow_in or deny_reach" },
};

const struct fmt_section fmt_sections[SEC__COUNT] = {
	[SEC_RESMAP] = { "resmap", true, false, OBJ__COUNT,
			 "the format version; when given it must be 1" },
	[SEC_CATALOG] = { "catalog", true, true, OBJ__COUNT, "the built-in catalog's metadata" },
	[SEC_PROVIDERS] = { "providers", false, false, OBJ_PROVIDER, "who operates regions" },
	[SEC_REGIONS] = { "regions", false, false, OBJ_REGION,
			  "places data physically sits, ids of the form provider:name" },
	[SEC_JURISDICTIONS] = { "jurisdictions", false, false, OBJ_JUR,
				"countries (ISO 3166-1 alpha-2 codes) and named groups" },
	[SEC_TENANTS] = { "tenants", false, false, OBJ_TENANT,
			  "customers, subscriptions or accounts that own services" },
	[SEC_SUBJECTS] = { "subjects", false, false, OBJ_SUBJECT, "whom data is about" },
	[SEC_PURPOSES] = { "purposes", false, false, OBJ_PURPOSE,
			   "why data is processed; a rule on a purpose covers those below it" },
	[SEC_DATA] = { "data", false, false, OBJ_DATA,
		       "data categories, hierarchical on dots like purposes" },
	[SEC_SERVICES] = { "services", false, false, OBJ_SERVICE,
			   "deployed things of one tenant in one or more regions" },
	[SEC_POLICIES] = { "policies", false, false, OBJ_POLICY, "rules over residency facts" },
};

int fmt_key_index(const struct fmt_entry *e, const char *name)
{
	for (int i = 0; i < e->nkeys; i++)
		if (!strcmp(e->keys[i].name, name))
			return i;
	return -1;
}
