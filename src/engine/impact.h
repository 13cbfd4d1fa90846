/*
 * impact: the what-if of switching things off — a tenant, a service, a
 * region, a provider's regions, a country's regions — computed without
 * touching the model.
 *
 * The change is applied to a copy (impact_view): a model built with the
 * model_add_* builders that holds everything of the original except the
 * services switched off, the dependencies on them and the regions gone
 * from every service's regions and replicas. Facts and verdicts of the
 * original and of the copy are then compared by ids (diff.h). The
 * engine needs no change for this, and the unmasked path stays as it is.
 *
 * A service is off when named, when its tenant is named, or when every
 * one of its regions is gone; a service that loses only some regions
 * keeps the others. `country:CC` removes the regions located in CC (not
 * remote access from CC); `provider:P` the regions P provides or operates.
 *
 * Ownership: a struct impact borrows the original model and owns the
 * copy, the factsets and verdicts of both; every pointer in it points into
 * those. Free it before the model.
 */
#ifndef RESMAP_IMPACT_H
#define RESMAP_IMPACT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"

enum spec_kind { SPEC_TENANT, SPEC_SERVICE, SPEC_REGION, SPEC_PROVIDER, SPEC_COUNTRY, SPEC__COUNT };
const char *spec_kind_name(enum spec_kind k);   /* "tenant", "service", ... */

/* One --disable argument, resolved against the model. */
struct impact_spec {
	enum spec_kind kind;
	const char *id;            /* interned in the model */
	const void *obj;           /* tenant, service, region, provider or jur */
};

/*
 * Parses "KIND:ID" against m. An unknown kind or id is reported to d
 * (with "did you mean") and returns -1; otherwise 0.
 */
int impact_spec_parse(const struct model *m, const char *arg, struct impact_spec *out,
		      struct diag *d);

/* What is switched off: by service index and by region index. */
struct impact_mask {
	bool *service_off;         /* m->nservices entries */
	bool *region_gone;         /* m->nregions entries */
};

/*
 * The model with the mask applied (see above). Returns a finalized model
 * that borrows strings and positions from m: free it (model_free) before m.
 */
struct model *impact_view(const struct model *m, const struct impact_mask *mask);

/* Why a service stops. */
enum off_why { OFF_NAMED, OFF_TENANT, OFF_REGIONS };

struct off_service {
	const struct service *service;
	enum off_why why;
	const struct impact_spec *spec;    /* what switched it off */
};

/* A running service that loses some of its own regions or replicas. */
struct shrunk_service {
	const struct service *service;
	const struct region **lost;  size_t nlost;   /* sorted by id */
};

/* A running service that loses a dependency, directly or through others:
 * chain[0] is the service, chain[n-1] the service that is off. */
struct dep_loss {
	const struct service **chain;  size_t n;
};

/* A tenant's data category that loses stored or replica copies. */
struct stranded {
	const struct tenant *tenant;
	const struct term *data;
	size_t lost;                        /* copies (facts) that disappear */
	const struct region **left;  size_t nleft;  /* regions still holding it, by id */
};

struct impact {
	const struct model *m;
	struct model *view;
	const struct impact_spec *specs;  size_t nspecs;   /* borrowed */
	struct factset *before, *after;
	struct verdicts *vbefore, *vafter;

	struct off_service *off;  size_t noff;             /* by service id */
	struct shrunk_service *shrunk;  size_t nshrunk;    /* by service id */
	struct dep_loss *deploss;  size_t ndeploss;        /* by service id */
	const struct fact **gone;  size_t ngone;           /* before's facts, by key */
	const struct fact **appeared;  size_t nappeared;   /* after's facts, by key */
	struct stranded *stranded;  size_t nstranded;      /* tenant, data */
	size_t nno_copy;                                   /* stranded with nleft == 0 */
	const struct violation **resolved;  size_t nresolved;  /* before's */
	const struct violation **created;  size_t ncreated;    /* after's */

	struct arena arena;                                /* the arrays above */
};

/* Never NULL. specs must outlive the result. With sel (else NULL), only
 * the facts it matches, before and after, are compared: facts gone and
 * appeared, data left without a copy, violations resolved and created;
 * the services that stop or lose a dependency are all listed. */
struct impact *impact_compute(const struct model *m, const struct impact_spec *specs,
			      size_t nspecs, const struct selector *sel);
void impact_free(struct impact *im);

#endif
