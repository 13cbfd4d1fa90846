/*
 * diff: residency change between two models, and the cross-model
 * comparisons that `impact` shares with it.
 *
 * Facts and violations of two models cannot be compared by pointer or by
 * index: they compare by ids. A fact is identified by (data, subjects,
 * purposes, tenant, service, region, country, mode); a violation by
 * (policy, fact identity, effect, reaching jurisdiction for deny_reach).
 * A reach is identified by (data, subjects, jurisdiction, why, provider
 * for why = provider).
 *
 * Ownership: a struct diff borrows both models and owns their factsets
 * and verdicts; every array holds pointers into them. Free the diff
 * before the models.
 */
#ifndef RESMAP_DIFF_H
#define RESMAP_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/facts.h"
#include "base/json.h"
#include "engine/model.h"
#include "engine/policy.h"
#include "base/util.h"

/* Total orders over ids; equal exactly when the identities are equal. */
int termset_id_cmp(const struct termset *a, const struct termset *b);
int fact_key_cmp(const struct fact *a, const struct fact *b);
int violation_key_cmp(const struct violation *a, const struct violation *b);

/*
 * Set differences by key: *only_a gets the facts of a with no equal key
 * in b, *only_b the reverse; each sorted by fact_key_cmp, owned by the
 * caller (free()), pointing into a and b.
 */
void facts_setdiff(const struct factset *a, const struct factset *b,
		   const struct fact ***only_a, size_t *na,
		   const struct fact ***only_b, size_t *nb);
void verdicts_setdiff(const struct verdicts *a, const struct verdicts *b,
		      const struct violation ***only_a, size_t *na,
		      const struct violation ***only_b, size_t *nb);

/* A reach of some fact (the first in key order that has it). */
struct reach_item {
	const struct fact *fact;
	const struct reach *reach;
};

/* "health about eu-residents": data and subjects of f, appended to sb. */
void fact_what(struct strbuf *sb, const struct fact *f);
/* "through provider aws", "through its location", "through remote access". */
void reach_how(struct strbuf *sb, const struct reach *r);

/* "health about eu-residents of acme: stored by db in aws:eu-west-1 (IE)" */
void fact_line(struct strbuf *sb, const struct fact *f);
/* "s" unless n is 1: for "3 services", "1 service". */
const char *plural(size_t n);

/* Counts of facts added and removed per data category and country. */
struct dc_count {
	const struct term *data;      /* of either model: print ids only */
	const struct jur *country;
	size_t added, removed;
};
/* Merges two arrays sorted by fact_key_cmp into counts sorted by data id,
 * country id. Returns an array to free(). */
struct dc_count *dc_counts(const struct fact *const *added, size_t nadded,
			   const struct fact *const *removed, size_t nremoved, size_t *n);

struct svc_move {
	const struct service *old, *new;
	bool border;               /* the set of countries changed */
};

/* A tenant in both inventories whose status changed. */
struct tenant_change {
	const struct tenant *old, *new;
};

struct diff {
	const struct model *old, *new;
	struct factset *ofs, *nfs;
	struct verdicts *ov, *nv;
	const struct fact **added;  size_t nadded;       /* in new, sorted by key */
	const struct fact **removed;  size_t nremoved;   /* in old, sorted by key */
	struct reach_item *reach_gained;  size_t nreach_gained;  /* new facts */
	struct reach_item *reach_lost;  size_t nreach_lost;      /* old facts */
	const struct violation **vnew;  size_t nvnew;      /* in new */
	const struct violation **vfixed;  size_t nvfixed;  /* in old */
	const struct service **svc_added;  size_t nsvc_added;
	const struct service **svc_removed;  size_t nsvc_removed;
	struct svc_move *moved;  size_t nmoved;
	struct tenant_change *tenants;  size_t ntenants;   /* by id */
};

/* Derives and evaluates both models and compares them. Never NULL. */
struct diff *diff_compute(const struct model *old, const struct model *new);
void diff_free(struct diff *df);
/* True when nothing about residency changed. */
bool diff_empty(const struct diff *df);
/* New violations at or above sev. */
size_t diff_new_at_least(const struct diff *df, enum severity sev);

#endif
