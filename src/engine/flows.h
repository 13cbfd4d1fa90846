/*
 * flows: what actually moves along each `depends_on` edge, read from the
 * derived facts rather than from the declaration. A service holds a data
 * category when it has a stored or processed fact of it (it stores it,
 * or an edge brought it); an edge carries what its sender holds and its
 * `sends` covers (facts.h), and back what the dependency holds and its
 * `receives` covers, unless either end is disabled.
 *
 * Diagrams label edges with these flows, and a `sends` (or `receives`)
 * entry that moves nothing because its sender (the dependency) holds no
 * such data is worth a warning: the declaration claims a flow that the
 * engine never makes.
 *
 * Ownership: a struct flows owns its arrays (flows_free); the terms and
 * services it points to belong to the model, which must outlive it.
 */
#ifndef RESMAP_FLOWS_H
#define RESMAP_FLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "engine/facts.h"
#include "engine/model.h"

struct flows;

/* From the facts of fs that keep marks (per fact; NULL: all of them). */
struct flows *flows_derive(const struct model *m, const struct factset *fs,
			   const unsigned char *keep);
void flows_free(struct flows *fl);

/* The same from facts as they are made (facts_derive_each), for a caller
 * that keeps none: flows_begin, flows_add for every fact in turn (they
 * may be gone after the call), flows_end returns what flows_derive with
 * keep NULL would have. */
struct flows_acc;
struct flows_acc *flows_begin(const struct model *m);
void flows_add(struct flows_acc *a, const struct fact *f, size_t n);
struct flows *flows_end(struct flows_acc *a);

/* The categories flowing along dep k of service s, sorted by id: from s
 * to the dependency (`sends`), or with back from the dependency to s
 * (`receives`). Returns them and sets *n (0 when nothing flows). */
const struct term *const *flows_edge(const struct flows *fl, const struct service *s,
				     size_t k, bool back, size_t *n);

/*
 * One warning per `sends` category that moves nothing because the
 * sender (not disabled) holds neither it nor anything below it, and per
 * `receives` category the (enabled) dependency holds nothing under, at
 * the `depends_on` entry. fl must come from every fact (keep NULL).
 * Returns how many were reported.
 */
size_t flows_warn(const struct model *m, const struct flows *fl, struct diag *d);

#endif
