/*
 * matrix: the data x place table behind the matrix view. One row per
 * data category, and under it one sub-row per subject its data is about
 * (when the category's facts name more than one and the table stays
 * within max_rows); one column per country, grouped by the jurisdiction
 * group the views draw it in (its home group, view_common.c); each cell
 * counts the facts there by mode, the services holding them and the
 * policies they break.
 *
 * A fact falls in the row of its category and in the column of its
 * country: for `accessed`, the country the data is read from, as in every
 * view. A fact about several subjects counts in each of their sub-rows,
 * so sub-rows need not add up to their category. A cell's strongest mode
 * is the first of stored, replica, processed, accessed (enum mode's
 * order) that it holds; its worst severity the highest of its violations.
 *
 * Above max_rows categories, categories fold to their roots (health.* to
 * health); above max_rows rows with sub-rows, the sub-rows are left out.
 *
 * Ownership: matrix_build fills *mx, which the caller owns and releases
 * with matrix_release; it points into the model, the factset and the
 * verdicts, which must outlive it.
 */
#ifndef RESMAP_MATRIX_H
#define RESMAP_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "views/views.h"

/* Services named per cell; the rest are counted. */
#define MX_SERVICES_LISTED 8

struct mx_row {
	const struct term *data;       /* the category (its root when folded) */
	bool sub;                      /* a sub-row of the category above */
	const struct term *subject;    /* sub-row: the subject, NULL for facts naming none;
	                                  category row: the one subject all its facts
	                                  are about, else NULL */
	size_t nsubjects;              /* category row: distinct subjects (none counts one) */
};

struct mx_col {
	const struct jur *country;
	const struct jur *group;       /* its home group, NULL: in no group drawn */
};

/* Columns first .. first + n - 1 share a group (NULL: no group, last). */
struct mx_span {
	const struct jur *group;
	size_t first, n;
};

struct mx_pol {
	const struct policy *policy;
	size_t n;                      /* violations in the cell */
};

struct mx_cell {
	size_t nfacts[MODE__COUNT];
	int strongest;                 /* enum mode, -1: no fact */
	size_t nviol[SEV__COUNT];
	int worst;                     /* enum severity, -1: nothing broken */
	size_t nservices;
	const struct service **services;   /* the first MX_SERVICES_LISTED by id */
	size_t nlisted;
	const struct mx_pol *policies;     /* by policy id */
	size_t npolicies;
};

struct matrix {
	struct mx_row *rows;  size_t nrows;
	struct mx_col *cols;  size_t ncols;
	struct mx_span *spans;  size_t nspans;
	struct mx_cell *cells;         /* nrows * ncols, row by row */
	size_t ncategories;            /* category rows */
	size_t nfacts;                 /* facts kept by the filter */
	size_t nowhere;                /* of them, in no country (not drawn) */
	size_t nviol;                  /* violations of the facts kept */
	size_t nservices;              /* distinct services holding the facts kept */
	bool folded;                   /* categories folded to their roots */
	bool no_subrows;               /* sub-rows left out to stay within max_rows */
	/* storage the cells point into */
	const struct service **svc_store;
	struct mx_pol *pol_store;
};

void matrix_build(struct matrix *mx, const struct view_input *in, size_t max_rows);
void matrix_release(struct matrix *mx);

static inline const struct mx_cell *matrix_cell(const struct matrix *mx, size_t row, size_t col)
{
	return &mx->cells[row * mx->ncols + col];
}

#endif
