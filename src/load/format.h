/*
 * format: the inventory format, version 1 (resmap-inventory(5)), as a
 * table: its sections, the keys of each entry, what each value is
 * (text, boolean, a word of a fixed set, ids of some kind, a list of
 * those, nested entries), which keys are required or must not be empty,
 * and a one-line description. The loader (load_schema.c) looks keys up,
 * checks value types and required keys by it; `resmap schema` writes it
 * as a JSON Schema. A key added here is known to both, so they cannot
 * drift apart.
 *
 * Everything here is static data.
 */
#ifndef RESMAP_FORMAT_H
#define RESMAP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* What an entry of a section is. */
enum obj_kind {
	OBJ_PROVIDER, OBJ_REGION, OBJ_JUR, OBJ_DATA, OBJ_SUBJECT, OBJ_PURPOSE,
	OBJ_TENANT, OBJ_SERVICE, OBJ_POLICY, OBJ__COUNT
};

/* What a reference names; R_COUNTRY is a jurisdiction that must be a
 * country, R_PLACE a region, jurisdiction or provider (allow_in). */
enum ref_type {
	R_PROVIDER, R_REGION, R_JUR, R_COUNTRY, R_DATA, R_SUBJECT, R_PURPOSE,
	R_TENANT, R_SERVICE, R_PLACE, R__COUNT
};

/* "region ids", "a region id", "region" (for messages). */
extern const char *const fmt_ref_items[R__COUNT];
extern const char *const fmt_ref_one[R__COUNT];
extern const char *const fmt_ref_noun[R__COUNT];

enum fmt_type {
	FMT_VERSION,    /* the plain number 1 */
	FMT_TEXT,       /* a scalar, kept as text */
	FMT_TEXTS,      /* a list of those */
	FMT_BOOL,       /* plain true or false */
	FMT_WORD,       /* one word of a fixed set */
	FMT_WORDS,      /* a list of those */
	FMT_ID,         /* a reference: an id of kind `ref` */
	FMT_IDS,        /* a list of those */
	FMT_ENTRIES,    /* a list of mappings of `entry` (with ref set: or ids) */
	FMT_MAPPING,    /* one mapping of `entry` */
};

/* A fixed set of words: name(first) .. name(count - 1). */
struct fmt_words {
	const char *noun;          /* "kind": "unknown kind 'x' in ..." */
	const char *plural;        /* "service kinds": "a list of service kinds" */
	const char *(*name)(int);
	int first, count;
};

#define FMT_REQUIRED 1u        /* the entry is incomplete without it */
#define FMT_NONEMPTY 2u        /* a list that may not be empty */
#define FMT_OR_ID 4u           /* FMT_ENTRIES: an item may also be an id of `ref` */

struct fmt_entry;

struct fmt_key {
	const char *name;
	enum fmt_type type;
	enum ref_type ref;                 /* FMT_ID, FMT_IDS, FMT_ENTRIES with FMT_OR_ID */
	const struct fmt_words *words;     /* FMT_WORD, FMT_WORDS */
	const struct fmt_entry *entry;     /* FMT_ENTRIES, FMT_MAPPING */
	unsigned flags;
	const char *desc;
};

/* Keys of one kind of entry, in the order the loader expects them most. */
struct fmt_entry {
	const char *name;                  /* "service", "store", "selector" */
	const struct fmt_key *keys;
	int nkeys;
	/* bit masks of key indexes: exactly one of `one_of` must be given
	 * (a region's country or members); at least one of `any_of`, a
	 * boolean among them true (a policy's effect) */
	unsigned one_of, any_of;
	const char *desc;
};

/* The index of name among e's keys, or -1. */
int fmt_key_index(const struct fmt_entry *e, const char *name);

/* Key indexes, in table order (the loader switches on them). */
enum { PV_NAME, PV_HQ, PV_LAWS, PV_OVERRIDE, PV__COUNT };
enum { RG_NAME, RG_PROVIDER, RG_COUNTRY, RG_CITY, RG_PAIR, RG_OPERATOR, RG_RETIRED,
       RG_MEMBERS, RG_OVERRIDE, RG__COUNT };
enum { JU_NAME, JU_MEMBERS, JU_OVERRIDE, JU__COUNT };
enum { TN_NAME, TN_COUNTRY, TN_STATUS, TN__COUNT };
enum { TM_NAME, TM_DESCRIPTION, TM_SENSITIVITY, TM__COUNT };      /* data */
enum { TS_NAME, TS_DESCRIPTION, TS_JURISDICTION, TS__COUNT };     /* subjects */
enum { TP_NAME, TP_DESCRIPTION, TP__COUNT };                      /* purposes */
enum { ST_DATA, ST_SUBJECTS, ST_PURPOSES, ST_VOLUME, ST__COUNT };
enum { DP_SERVICE, DP_SENDS, DP_RECEIVES, DP__COUNT };
enum { SV_NAME, SV_TENANT, SV_KIND, SV_REGIONS, SV_REDUNDANCY, SV_REPLICAS,
       SV_ACCESS_FROM, SV_STORES, SV_DEPENDS_ON, SV_PURPOSES, SV__COUNT };
enum { PO_DESCRIPTION, PO_SEVERITY, PO_MATCH, PO_EXCEPT, PO_DENY, PO_ALLOW_IN,
       PO_DENY_REACH, PO__COUNT };
enum { CT_VERSION, CT_SOURCES, CT_SOURCES_DATE, CT__COUNT };

/* The entries of each section (by obj_kind), and the nested ones. A
 * selector's keys are in enum sel_key order. */
extern const struct fmt_entry fmt_objects[OBJ__COUNT];
extern const struct fmt_entry fmt_store, fmt_dep, fmt_selector, fmt_catalog_meta;

enum section {
	SEC_RESMAP, SEC_CATALOG, SEC_PROVIDERS, SEC_REGIONS, SEC_JURISDICTIONS,
	SEC_TENANTS, SEC_SUBJECTS, SEC_PURPOSES, SEC_DATA, SEC_SERVICES, SEC_POLICIES,
	SEC__COUNT
};

struct fmt_section {
	const char *name;
	/* the version (resmap) or the catalog's metadata: no entries */
	bool special;
	bool catalog_only;                 /* only in catalog files */
	enum obj_kind kind;                /* of its entries, unless special */
	const char *desc;
};
extern const struct fmt_section fmt_sections[SEC__COUNT];

#endif
