/*
 * model: the loaded inventory — providers, regions, jurisdictions,
 * tenants, taxonomy (data categories, subjects, purposes), services and
 * policies — merged from the built-in catalog and every input file.
 *
 * Ownership: everything, strings included, lives in the model's arena
 * and is freed by model_free. Ids are unique within their kind: compare
 * objects by pointer, not their id strings. After model_finalize the
 * model is read-only and every array below is sorted by id (strcmp) and
 * each object's `index` is its position there.
 *
 * Builders (model_add_*) are used by the loader and by tests: each
 * returns a zeroed object with id and pos set, or NULL when the id exists
 * already (the caller reports the duplicate; model_find_* gives the first).
 */
#ifndef RESMAP_MODEL_H
#define RESMAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/strmap.h"

enum svc_kind {
	KIND_STORAGE, KIND_DATABASE, KIND_COMPUTE, KIND_AI, KIND_ANALYTICS,
	KIND_BACKUP, KIND_QUEUE, KIND_CDN, KIND_SAAS, KIND_OTHER, KIND__COUNT
};
enum redundancy { RED_UNSET, RED_LOCAL, RED_ZONE, RED_GEO, RED__COUNT };
enum tenant_status { TENANT_ACTIVE, TENANT_SUSPENDED, TENANT_DISABLED, TENANT__COUNT };
/* Ordered: a higher value is more severe. */
enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV__COUNT };
/* Ordered from strongest hold to weakest. */
enum mode { MODE_STORED, MODE_REPLICA, MODE_PROCESSED, MODE_ACCESSED, MODE__COUNT };

/* Names as written in the inventory ("storage", "geo", ...); parse
 * returns -1 for an unknown word. */
const char *kind_name(enum svc_kind k);
const char *redundancy_name(enum redundancy r);
const char *status_name(enum tenant_status s);
const char *severity_name(enum severity s);
const char *mode_name(enum mode m);
int kind_parse(const char *s);
int redundancy_parse(const char *s);
int mode_parse(const char *s);

struct jur;
struct region;

/* A reference to a region or country as written, with its position. */
struct region_ref { struct region *region; struct pos pos; };
struct jur_ref { struct jur *jur; struct pos pos; };

struct provider {
	const char *id;
	struct pos pos;
	bool builtin;
	uint32_t index;
	const char *name;          /* legal or display name, may be NULL */
	struct jur *hq;            /* headquarters country */
	const char **laws;         /* laws with extraterritorial reach, catalog order */
	size_t nlaws;
};

struct region {
	const char *id;            /* "provider:name" */
	struct pos pos;
	bool builtin;
	uint32_t index;
	const char *name;          /* display name, may be NULL */
	struct provider *provider;
	struct provider *operator; /* separate legal entity running it (21Vianet...), or NULL */
	struct jur *country;
	const char *city;          /* may be NULL */
	struct region *pair;       /* paired region for geo redundancy, or NULL */
	const char *retired;       /* closed by the provider: why (evidence), or NULL */
	/* A multi-region (gcp:eu, a dual-region, PROVIDER:global): a place
	 * made of these regions, each with a country; country is then NULL.
	 * A service placed in it holds data in every member. */
	struct region_ref *members;
	uint32_t nmembers;
	bool global;               /* the implicit PROVIDER:global: members filled by finalize */
};

/* A country (ISO 3166-1 alpha-2, is_group false) or a named group. */
struct jur {
	const char *id;
	struct pos pos;
	bool builtin;
	bool is_group;
	uint32_t index;
	uint32_t country_bit;      /* countries: position in model.countries */
	const char *name;
	struct jur **members;      /* groups: countries or groups, as written */
	size_t nmembers;
	/* Filled by model_finalize for groups: the flattened set of member
	 * countries, one bit per country index (see model_jur_contains). */
	uint64_t *country_bits;
};

/* A data category, subject or purpose. Data categories and purposes are
 * hierarchical on dots: `parent` is the declared or implied "comms" of
 * "comms.voice" (implied parents have implied = true). */
struct term {
	const char *id;
	struct pos pos;
	bool builtin;
	bool implied;
	uint32_t index;
	const char *name;
	const char *description;
	const char *sensitivity;   /* data categories only, may be NULL */
	struct jur *jurisdiction;  /* subjects only, may be NULL */
	struct term *parent;
	uint32_t depth;            /* 0 for a root */
};

struct tenant {
	const char *id;
	struct pos pos;
	bool builtin;
	uint32_t index;
	const char *name;
	struct jur *country;       /* may be NULL */
	enum tenant_status status;
};

struct service;

/* One entry of a service's `stores`. */
struct store {
	struct pos pos;
	struct term **data;  size_t ndata;
	struct term **subjects;  size_t nsubjects;
	struct term **purposes;  size_t npurposes;
	const char *volume;        /* as written, may be NULL */
};

/* One entry of `depends_on`; sends and receives are empty for a plain
 * dependency. `receives` is data the dependency hands to this service. */
struct dep {
	struct pos pos;
	struct service *to;
	struct term **sends;  size_t nsends;
	struct term **receives;  size_t nreceives;
};

/* Packed to 136 bytes (counts of 32 bits, the two enums in a byte
 * each): a million services are a million of these. */
struct service {
	const char *id;
	struct pos pos;
	uint32_t index;
	bool builtin;
	uint8_t kind;              /* enum svc_kind */
	uint8_t redundancy;        /* enum redundancy */
	const char *name;
	struct tenant *tenant;
	struct pos redundancy_pos;
	struct region_ref *regions;
	struct region_ref *replicas;
	struct jur_ref *access_from;         /* countries */
	struct store *stores;
	struct dep *deps;
	struct term **purposes;    /* what it processes data for (`used_for`) */
	uint32_t nregions, nreplicas, naccess_from, nstores, ndeps, npurposes;
};

/* Keys of a policy selector (`match`, `except`) and of command filters. */
enum sel_key {
	SEL_DATA, SEL_SUBJECTS, SEL_PURPOSES, SEL_TENANTS, SEL_SERVICES,
	SEL_KINDS, SEL_PROVIDERS, SEL_REGIONS, SEL_COUNTRIES,
	SEL_JURISDICTIONS, SEL_MODES,
	/* version 1.1 */
	SEL_OWNERS, SEL_OPERATORS, SEL_REACH, SEL_SUBJECT_JURS, SEL__COUNT
};
const char *sel_key_name(enum sel_key k);   /* "data", "subjects", ... */
int sel_key_parse(const char *s);

/*
 * A selector: any-of within a key, AND across the keys present.
 * items[k] points to: struct term (data, subjects, purposes), struct
 * tenant (tenants, owners, operators), struct service, struct provider,
 * struct region, struct jur (countries, jurisdictions, reach,
 * subject_jurisdictions). kinds and modes are bit masks.
 */
struct selector {
	bool has[SEL__COUNT];
	const void **items[SEL__COUNT];
	size_t n[SEL__COUNT];
	uint32_t kinds;            /* 1u << enum svc_kind */
	uint32_t modes;            /* 1u << enum mode */
	struct pos pos;
};

/* An `allow_in` place: region, jurisdiction (country or group) or provider. */
enum place_type { PLACE_REGION, PLACE_JUR, PLACE_PROVIDER };
struct place {
	enum place_type type;
	union { struct region *region; struct jur *jur; struct provider *provider; } u;
	struct pos pos;
};

struct policy {
	const char *id;
	struct pos pos;
	bool builtin;
	uint32_t index;
	const char *description;
	enum severity severity;    /* default SEV_ERROR */
	struct selector match;     /* an absent match matches every fact */
	bool has_except;
	struct selector except;
	bool deny;
	struct pos deny_pos;
	bool has_allow_in;
	struct place *allow_in;  size_t nallow_in;
	struct pos allow_in_pos;
	struct jur_ref *deny_reach;  size_t ndeny_reach;
	struct pos deny_reach_pos;
};

/* Private to model.c: an id index over one of the arrays below. */
struct model_islot;
struct model_index {
	struct model_islot *slots;
	size_t cap, count;
};

struct model {
	struct arena arena;
	struct strmap strings;     /* intern table */
	int version;               /* the `resmap:` value seen, 1 */
	const char *catalog_version;   /* from the catalog's metadata, may be NULL */
	const char *catalog_sources_date; /* newest pinned provider source, may be NULL */

	struct provider **providers;  size_t nproviders;
	struct region **regions;  size_t nregions;
	struct jur **jurs;  size_t njurs;              /* countries and groups */
	struct jur **countries;  size_t ncountries;    /* after finalize: is_group false */
	struct term **data;  size_t ndata;
	struct term **subjects;  size_t nsubjects;
	struct term **purposes;  size_t npurposes;
	struct tenant **tenants;  size_t ntenants;
	struct service **services;  size_t nservices;
	struct policy **policies;  size_t npolicies;

	/* private to model.c: id indexes and capacities */
	struct model_index idx_provider, idx_region, idx_jur, idx_data, idx_subject,
		idx_purpose, idx_tenant, idx_service, idx_policy;
	size_t cap_providers, cap_regions, cap_jurs, cap_data, cap_subjects,
		cap_purposes, cap_tenants, cap_services, cap_policies;
	bool finalized;
};

struct model *model_new(void);
void model_free(struct model *m);

/* Interned copy of s in the model. */
const char *model_intern(struct model *m, const char *s, size_t len);
/* Arena allocation for anything the model owns. */
void *model_alloc(struct model *m, size_t n);

struct provider *model_add_provider(struct model *m, const char *id, struct pos pos);
struct region *model_add_region(struct model *m, const char *id, struct pos pos);
struct jur *model_add_jur(struct model *m, const char *id, struct pos pos, bool is_group);
struct term *model_add_data(struct model *m, const char *id, struct pos pos);
struct term *model_add_subject(struct model *m, const char *id, struct pos pos);
struct term *model_add_purpose(struct model *m, const char *id, struct pos pos);
struct tenant *model_add_tenant(struct model *m, const char *id, struct pos pos);
struct service *model_add_service(struct model *m, const char *id, struct pos pos);
struct policy *model_add_policy(struct model *m, const char *id, struct pos pos);

/* Lookups by id (any string; not necessarily interned). NULL if absent.
 * model_find_data/purpose also find implied parents after finalize. */
struct provider *model_find_provider(const struct model *m, const char *id);
struct region *model_find_region(const struct model *m, const char *id);
struct jur *model_find_jur(const struct model *m, const char *id);
struct term *model_find_data(const struct model *m, const char *id);
struct term *model_find_subject(const struct model *m, const char *id);
struct term *model_find_purpose(const struct model *m, const char *id);
struct tenant *model_find_tenant(const struct model *m, const char *id);
struct service *model_find_service(const struct model *m, const char *id);
struct policy *model_find_policy(const struct model *m, const char *id);

/*
 * Sorts arrays, assigns indexes, creates implied parents of hierarchical
 * terms and links every term to its parent, flattens jurisdiction groups
 * into country sets. Reports a cycle among groups to d and returns -1;
 * otherwise 0. Call once, after loading everything.
 */
int model_finalize(struct model *m, struct diag *d);

/* True when country (is_group false) is j itself or a member of group j,
 * at any depth. Needs a finalized model. */
bool model_jur_contains(const struct model *m, const struct jur *j, const struct jur *country);
/* True when jurisdiction inner (a country or a group with members) lies
 * wholly inside outer: a country is within a group holding it, a group
 * within one holding every member country. Needs a finalized model. */
bool model_jur_within(const struct model *m, const struct jur *inner, const struct jur *outer);
/* True when t is `prefix` or below it on dot boundaries. */
bool term_under(const struct term *t, const struct term *prefix);
/* The legal entity whose headquarters law reaches a region: its operator
 * when it has one, else its provider. */
const struct provider *region_operator(const struct region *r);
/* True when r is place itself or a member of the multi-region place. */
bool region_within(const struct region *r, const struct region *place);
/*
 * Creates the implicit PROVIDER:global multi-region of every provider
 * that has none yet (its members are filled by model_finalize: every
 * region of the provider that is not itself a multi-region). Call once
 * every provider is known, before references to regions are resolved.
 */
void model_add_global_regions(struct model *m);

#endif
