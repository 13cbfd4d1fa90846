/*
 * facts: the residency engine. From a finalized model it derives every
 * residency fact: data D about subjects S for purposes P of tenant T is
 * stored / replica / processed / accessed by service V in region R
 * (country C), reached by jurisdictions J, via path V0 -> ... -> V.
 *
 * Semantics (doc/semantics.md "How facts arise", which also documents
 * the choices the format leaves open):
 *  - tenant is the owner of the data: the tenant of the origin service;
 *  - `accessed` facts name the region holding the data (region, provider)
 *    and the country it is accessed from (country);
 *  - a fact is identified by (data, subjects, purposes, used_for, tenant,
 *    service, region, country, mode) and reported once, with its
 *    shortest path;
 *  - used_for is the union of the `purposes` of every service on the
 *    path, the origin's included: data forwarded keeps what it was used
 *    for on the way;
 *  - services of disabled tenants create no facts and receive no data.
 *
 * Ownership: a factset owns its facts and everything they point to that
 * is not in the model; free with factset_free. The model must outlive it.
 */
#ifndef RESMAP_FACTS_H
#define RESMAP_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/keysort.h"
#include "engine/model.h"

enum reach_why { REACH_LOCATION, REACH_PROVIDER_HQ, REACH_ACCESS };
const char *reach_why_name(enum reach_why w);   /* "location", "provider", "access" */

struct reach {
	const struct jur *jur;              /* a country */
	enum reach_why why;
	const struct provider *provider;    /* REACH_PROVIDER_HQ: whose HQ law */
	struct pos pos;                     /* REACH_ACCESS: the access_from entry */
};

/* A sorted, interned set of terms: equal sets share one pointer. */
struct termset {
	const struct term *const *items;
	size_t n;
};

/* Services the data travelled, origin first; a shared linked list read
 * through fact_path. */
struct pathnode {
	const struct service *service;
	const struct pathnode *prev;
	/* the declaration that brought the data to service: the `stores`
	 * entry at the origin, else the `depends_on` entry (one of prev's
	 * that sends it, or one of service's that receives it) */
	const struct pos *via;
	size_t len;                         /* nodes up to and including this one */
};

/* 96 bytes: millions of these are held at once. */
struct fact {
	const struct term *data;
	const struct termset *subjects;
	const struct termset *purposes;     /* what the data was collected for */
	const struct termset *used_for;     /* service purposes along the path */
	const struct tenant *tenant;        /* owner of the data */
	const struct service *service;
	const struct region *region;
	const struct jur *country;          /* region's country; access country for accessed */
	const struct reach *reach;          /* nreach of them, sorted by country id, then why */
	const struct pathnode *path;        /* ends at service */
	const struct pos *source;           /* declaration that created it (in the model) */
	uint32_t nreach;
	uint8_t mode;                       /* enum mode */
	bool suspended;                     /* owner tenant or service tenant suspended */
};

struct factset {
	struct arena arena;
	struct fact *facts;  size_t nfacts;  /* sorted: data, country, region, tenant, service, mode */
	bool sorted;                         /* false: in derivation order (facts_derive_opts) */
	size_t nranks[2];                    /* interned subject and purpose sets (fact_keyspec) */
	/* services of disabled tenants, sorted by id */
	const struct service **disabled;  size_t ndisabled;
};

/* Derives every fact. Never fails (the model was validated). */
struct factset *facts_derive(const struct model *m);

/* As facts_derive, calling fn(ctx, facts counted so far) every 65,536
 * residency states and once at the end, for a progress line. */
struct factset *facts_derive_progress(const struct model *m,
				      void (*fn)(void *ctx, size_t facts), void *ctx);

/* As facts_derive_progress; with sorted false the facts stay in the
 * order they were derived (deterministic, but not fact_cmp's), which
 * saves the sort for a caller that only counts facts and orders what it
 * picks from them (check: policy_evaluate orders its violations). */
struct factset *facts_derive_opts(const struct model *m, bool sorted,
				  void (*fn)(void *ctx, size_t facts), void *ctx);
/*
 * As facts_derive_opts with sorted false, but keeping no fact: sink is
 * handed the facts in batches, in the same order, each batch valid only
 * during the call. The factset returned counts them (nfacts) and has no
 * array (facts NULL); it owns what facts point to (paths, reach arrays,
 * sets), so a copy of a fact made by the sink stays valid while it
 * lives. For check, which keeps only violated facts: the array of all
 * of them was most of its memory.
 */
typedef void fact_sink(void *ctx, const struct fact *facts, size_t n);
struct factset *facts_derive_each(const struct model *m, fact_sink *sink, void *sctx,
				  void (*fn)(void *ctx, size_t facts), void *ctx);
void factset_free(struct factset *fs);

/* Copies the path, origin first, into out (capacity cap); returns its length. */
size_t fact_path(const struct fact *f, const struct service **out, size_t cap);

/*
 * The place the inventory named for the fact's region: the entry of the
 * service's `regions` (`replicas` for a replica) that is the region or a
 * multi-region holding it, the first such; NULL for a replica made by a
 * geo pair. Computed, not stored: a fact's service and region decide it.
 */
const struct region_ref *fact_place(const struct fact *f);

/* Total order used for sorting facts (for outputs that need it). */
int fact_cmp(const struct fact *a, const struct fact *b);

/* fact_cmp's order as a packed key (keysort.h), for sorting many facts,
 * or things about them, without comparing structs: the fields' widths
 * for the facts of fs (total bits in total), and the push of one fact's
 * fields below what k holds. */
#define FACT_NKEYS 9
struct fact_keyspec {
	unsigned w[FACT_NKEYS];
	unsigned total;
};
void fact_keyspec_init(struct fact_keyspec *ks, const struct model *m,
		       const struct factset *fs);
void fact_key_push(const struct fact_keyspec *ks, const struct fact *f, struct keyrec *k);

#endif
