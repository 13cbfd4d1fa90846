/*
 * load_int: what the loader's files share (load.c: inputs and the
 * whole-model pass; load_schema.c: sections, entries and fields;
 * load_ref.c: references).
 * Not a public contract: include load.h instead.
 */
#ifndef RESMAP_LOAD_INT_H
#define RESMAP_LOAD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "load/format.h"
#include "load/load.h"

/*
 * Every message the loader prints, in one place (man/diagnostics.txt
 * lists them for resmap(1)). "%s in %s" contexts read "in service 'x'"
 * or "in 'stores' of service 'x'"; SUGGEST appends "; did you mean 'y'?".
 */
#define MSG_NOT_MAPPING_DOC   "a document must be a mapping of sections, not %s"
#define MSG_UNKNOWN_SECTION   "unknown section '%s'"
#define MSG_X_KEYS            " (a key starting with 'x-' is ignored: the place for anchors)"
#define MSG_CATALOG_ONLY      "section 'catalog' is only allowed in catalog files"
#define MSG_VERSION           "unsupported format version '%s'; this resmap reads version 1"
#define MSG_VERSION_QUOTED    "'resmap' must be the number 1, not a quoted string"
#define MSG_SECTION_TYPE      "'%s' must be a mapping of %s ids, not %s"
#define MSG_ENTRY_TYPE        "%s '%s' must be a mapping, not %s"
#define MSG_UNKNOWN_KEY       "unknown key '%s' in %s"
#define MSG_TYPE              "'%s' must be %s, not %s"
#define MSG_ITEM_TYPE         "items of '%s' must be %s, not %s"
#define MSG_BOOL_QUOTED       "'%s' must be true or false, not a quoted string"
#define MSG_BOOL_WORD         "'%s' must be true or false; '%s' is not a boolean in resmap (only plain true and false are)"
#define MSG_BOOL              "'%s' must be true or false, not %s"
#define MSG_TAG               "explicit tags are not supported"
#define MSG_NUL               "'%s' contains a NUL character"
#define MSG_ID_EMPTY          "empty %s id"
#define MSG_ID_CONTROL        "%s id contains a control character"
#define MSG_ID_NOT_STRING     "%s id '%s' is %s in YAML, not a string; write \"%s\" in quotes to use it as an id"
#define MSG_ID_C1             "%s id contains the control character U+%04X"
#define MSG_ID_INVISIBLE      "%s id contains the invisible character U+%04X, which can make it display as another id"
#define MSG_ID_BIDI           "%s id contains the bidirectional control character U+%04X, which can make it display as another id"
#define MSG_ID_SEGMENT        "%s id '%s' has an empty segment between dots"
#define MSG_ID_REGION         "region id '%s' must have the form 'provider:name'"
#define MSG_COUNTRY_CODE      "unknown country code '%s'; a jurisdiction without 'members' is a country, named by its two-letter ISO 3166-1 code"
#define MSG_DUPLICATE         "duplicate %s '%s'"
#define MSG_FIRST_HERE        "first defined here"
#define MSG_DUPLICATE_ITEM    "duplicate '%s' in '%s' in %s"
#define MSG_FIRST_LISTED      "first listed here"
#define MSG_BUILTIN           "%s '%s' is built in; add 'override: true' to redefine it"
#define MSG_BUILTIN_HERE      "built-in definition here"
#define MSG_OVERRIDE_NOTHING  "%s '%s' is not built in; 'override' has no effect"
#define MSG_MISSING           "%s has no '%s'"
#define MSG_EMPTY_LIST        "'%s' in %s is empty"
#define MSG_EMPTY_ALLOW_IN    "'allow_in' in %s is empty; use 'deny: true' to forbid every place"
#define MSG_UNKNOWN_WORD      "unknown %s '%s' in %s (one of %s)"
#define MSG_MULTI_COUNTRY     "region '%s' has both 'country' and 'members': a multi-region is where its members are"
#define MSG_MISSING_PLACE     "%s has no 'country' (or 'members', for a multi-region)"
#define MSG_MULTI_NESTED      "member '%s' of multi-region '%s' is a multi-region itself; list its regions"
#define MSG_REGION_PROVIDER   "region '%s' names provider '%s', but its id says '%s'"
#define MSG_SELF_DEPENDENCY   "service '%s' depends on itself"
#define MSG_SENDS_DISABLED    "service '%s' sends %s to '%s' of disabled tenant '%s': nothing is derived there"
#define MSG_RECEIVES_DISABLED "service '%s' receives %s from '%s' of disabled tenant '%s': it holds nothing to hand over"
#define MSG_NO_EFFECT         "policy '%s' has no effect; give 'deny: true', 'allow_in' or 'deny_reach'"
#define MSG_UNKNOWN_REF       "unknown %s '%s' in %s"
#define MSG_UNKNOWN_COUNTRY   "unknown country code '%s' in %s"
#define MSG_RETIRED_REGION    "region '%s' in %s is retired: %s; the data has moved or the inventory is out of date"
#define MSG_UNKNOWN_PLACE     "unknown place '%s' in %s: not a region, jurisdiction or provider"
#define MSG_GROUP_NOT_COUNTRY "'%s' is a jurisdiction group, not a country, in %s"
#define MSG_NO_YAML           "directory holds no .yaml or .yml files"
#define MSG_SKIPPED_FOREIGN   "skipped: %s, not a resmap inventory (found in a directory; name the file to load it)"
#define MSG_CATALOG_DIR       "cannot read catalog directory '%s': %s"
#define MSG_ALPHA3            "; country codes have two letters (ISO 3166-1 alpha-2)"
#define MSG_SUGGEST           "; did you mean '%s'?"

/* How the resolved object is stored at the target. */
enum ref_slot {
	SLOT_TYPED,     /* a pointer of the referenced type (struct tenant *, ...) */
	SLOT_ANY,       /* a const void * (selector items) */
	SLOT_PLACE      /* a struct place */
};

/*
 * A reference that did not resolve when it was read (it may point
 * forward or into a later file). Only these are kept: a reference to an
 * object that exists already is resolved on the spot. Inventories of a
 * million services keep millions of these, so a reference is 32 bytes:
 * its file is implied by its place in the sequence (see ref_file), and
 * the small fields share a word with the column.
 */
struct ref {
	void *target;
	const char *id;          /* interned (terms) or in ref_ids */
	const char *owner;       /* interned id of the object that refers */
	uint32_t line;
	unsigned col : 22, type : 4, slot : 2, owner_kind : 4;
};
#define REF_COL_MAX ((1u << 22) - 1)
#define REF_DONE R__COUNT    /* type of a reference already resolved */

/* References are kept in order in chunks that are never moved. */
#define REF_CHUNK 4096
struct ref_chunk {
	struct ref_chunk *next;
	size_t n;
	struct ref refs[REF_CHUNK];
};

/* The references from `first` on (until the next entry) are in `file`. */
struct ref_file {
	size_t first;
	const char *file;
};

#define REF_CACHE 64
struct loader {
	struct model *m;
	struct diag *d;
	const struct load_opts *o;
	bool catalog;            /* reading catalog files: objects are built in */
	bool resolving;          /* pass 2: a miss is an error, not deferred */
	bool walked;             /* the file was found in a directory, not named */
	struct arena *doc;       /* the current document's arena (pass 1) */
	const struct ytree_limits *limits;
	struct ref_chunk *refs, *refs_tail;
	struct arena ref_ids;    /* ids of kept references that are not terms */
	size_t nrefs;
	struct ref_file *ref_files;
	size_t nref_files, cap_ref_files;
	size_t suggest_budget;   /* candidates left for "did you mean" scans */
	const struct region **retired_named;  /* retired regions warned about */
	size_t nretired_named, cap_retired_named;
	char *pool;              /* packed strings (load_schema.c) */
	size_t pool_left;
	struct ref_cache_entry {
		void *obj;
		size_t len;      /* of its id */
	} ref_cache[R__COUNT][REF_CACHE];       /* objects found by id (load.c) */
	const char *last_deferred[R__COUNT];    /* id of the last reference kept, per type */
};

const char *obj_noun(enum obj_kind k);

/*
 * Records a reference from owner (of kind ok) to id, stored at target
 * once resolved: now when the object exists, else after all input.
 */
void load_ref(struct loader *L, enum ref_type t, enum ref_slot slot, void *target,
	      const char *id, struct pos pos, enum obj_kind ok, const char *owner);

/*
 * The reference of load_ref when id (len bytes, as read) is byte for byte
 * the id of an object looked up before and still in the loader's cache:
 * stored at once, and the id needs no checking (it was checked when the
 * object was declared). Returns false, having done nothing, otherwise.
 */
bool load_ref_cached(struct loader *L, enum ref_type t, enum ref_slot slot, void *target,
		     const char *id, size_t len, struct pos pos, enum obj_kind ok, const char *owner);

/*
 * Resolves the kept references: those to data categories and purposes
 * (terms) or all the others (see load_ref.c for why in two passes).
 */
void load_resolve(struct loader *L, bool terms);
/* Frees the references kept (resolved or not). */
void load_refs_release(struct loader *L);

/* ytree_doc_fn: loads one document's sections into the model. */
int load_document(void *ctx, const struct ynode *root, struct arena *a);

/* Appends "; did you mean 'x'?" when a candidate is near. */
void load_add_suggestion(struct strbuf *sb, const char *best);

#endif
