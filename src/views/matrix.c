/*
 * matrix: the data x place table of the matrix view (see matrix.h).
 *
 * Built in passes over the kept facts, with no per-cell bitmaps (100k
 * services would make them large): pairs packed in 64 bits (category and
 * subject, cell and service, cell and policy) are sorted and run-length
 * counted, which also makes every list come out in id order (model
 * arrays are sorted by id, so indexes order as ids do).
 */
#include "views/matrix.h"

#include <stdlib.h>
#include <string.h>

#include "views/view_int.h"

/* A growable array of packed pairs. */
struct pairs {
	uint64_t *v;
	size_t n, cap;
};

static void pairs_add(struct pairs *p, uint64_t hi, uint64_t lo)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	p->v[p->n++] = hi << 32 | lo;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static const struct term *category(const struct term *t, bool fold)
{
	while (fold && t->parent)
		t = t->parent;
	return t;
}

/* Drawn in a cell: kept by the filter and held in (or read from) a country. */
static bool placed(const struct fact *f)
{
	return f->country && !f->country->is_group;
}

static bool kept(const struct view_input *in, size_t i)
{
	return !in->fact_keep || in->fact_keep[i];
}

/* Subject key of the k-th subject of f: its index + 1; 0 when f names none. */
static uint32_t subject_key(const struct fact *f, size_t k)
{
	return f->subjects->n ? f->subjects->items[k]->index + 1 : 0;
}

static size_t nsubject_keys(const struct fact *f)
{
	return f->subjects->n ? f->subjects->n : 1;
}

/* The distinct (category, subject) pairs of the placed facts, sorted. */
static struct pairs category_subjects(const struct view_input *in, bool fold)
{
	struct pairs p = { NULL, 0, 0 };
	const struct factset *fs = in->fs;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!kept(in, i) || !placed(f))
			continue;
		uint32_t cat = category(f->data, fold)->index;
		for (size_t k = 0; k < nsubject_keys(f); k++) {
			uint64_t key = (uint64_t)cat << 32 | subject_key(f, k);
			/* facts are sorted by category: most repeats are adjacent */
			if (p.n && p.v[p.n - 1] == key)
				continue;
			pairs_add(&p, cat, subject_key(f, k));
		}
	}
	xqsort(p.v, p.n, sizeof *p.v, cmp_u64);
	size_t d = 0;
	for (size_t i = 0; i < p.n; i++)
		if (!d || p.v[i] != p.v[d - 1])
			p.v[d++] = p.v[i];
	p.n = d;
	return p;
}

static size_t count_categories(const struct pairs *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += !i || p->v[i] >> 32 != p->v[i - 1] >> 32;
	return n;
}

/* Rows from the pairs: a category row, then its sub-rows when wanted. */
static void make_rows(struct matrix *mx, const struct model *m, const struct pairs *p,
		      bool subrows, uint32_t *row_of_cat)
{
	mx->rows = xcalloc(p->n + mx->ncategories + 1, sizeof *mx->rows);
	for (size_t i = 0; i < p->n;) {
		uint32_t cat = (uint32_t)(p->v[i] >> 32);
		size_t j = i;
		while (j < p->n && p->v[j] >> 32 == cat)
			j++;
		struct mx_row *r = &mx->rows[mx->nrows];
		row_of_cat[cat] = (uint32_t)mx->nrows++;
		r->data = m->data[cat];
		r->nsubjects = j - i;
		uint32_t first = (uint32_t)(p->v[i] & UINT32_MAX);
		if (j - i == 1 && first)
			r->subject = m->subjects[first - 1];
		/* "no subject" (key 0) sorts first; it reads better last */
		for (size_t pass = 0; subrows && j - i > 1 && pass < 2; pass++)
			for (size_t k = i; k < j; k++) {
				uint32_t key = (uint32_t)(p->v[k] & UINT32_MAX);
				if ((key == 0) != (pass == 1))
					continue;
				struct mx_row *s = &mx->rows[mx->nrows++];
				s->data = m->data[cat];
				s->sub = true;
				s->subject = key ? m->subjects[key - 1] : NULL;
			}
		i = j;
	}
}

/* The sub-row of category row cr for subject key, or SIZE_MAX. */
static size_t subrow(const struct matrix *mx, size_t cr, uint32_t key)
{
	for (size_t r = cr + 1; r < mx->nrows && mx->rows[r].sub; r++) {
		const struct term *s = mx->rows[r].subject;
		if ((s ? s->index + 1 : 0) == key)
			return r;
	}
	return SIZE_MAX;
}

struct colkey {
	uint32_t group;                /* group index, UINT32_MAX: none */
	uint32_t country;
};

static int cmp_colkey(const void *a, const void *b)
{
	const struct colkey *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->country < y->country ? -1 : x->country > y->country;
}

static void make_columns(struct matrix *mx, const struct vctx *vc, uint32_t *col_of)
{
	const struct model *m = vc->in->m;
	const struct factset *fs = vc->in->fs;
	struct colkey *k = xcalloc(m->ncountries + 1, sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!kept(vc->in, i) || !placed(f) || col_of[f->country->country_bit])
			continue;
		col_of[f->country->country_bit] = 1;
		const struct jur *g = home_of(vc, f->country);
		k[n].group = g ? g->index : UINT32_MAX;
		k[n++].country = f->country->country_bit;
	}
	xqsort(k, n, sizeof *k, cmp_colkey);
	mx->cols = xcalloc(n + 1, sizeof *mx->cols);
	mx->spans = xcalloc(n + 1, sizeof *mx->spans);
	for (size_t i = 0; i < n; i++) {
		struct mx_col *c = &mx->cols[i];
		c->country = m->countries[k[i].country];
		c->group = k[i].group == UINT32_MAX ? NULL : m->jurs[k[i].group];
		col_of[k[i].country] = (uint32_t)i;
		if (!i || c->group != mx->cols[i - 1].group) {
			mx->spans[mx->nspans].group = c->group;
			mx->spans[mx->nspans++].first = i;
		}
		mx->spans[mx->nspans - 1].n++;
	}
	mx->ncols = n;
	free(k);
}

/* The rows fact f falls in, into out (at most 1 + its subjects); their number. */
static size_t fact_rows(const struct matrix *mx, const struct fact *f, const uint32_t *row_of_cat,
			bool fold, size_t *out)
{
	size_t cr = row_of_cat[category(f->data, fold)->index], n = 0;
	out[n++] = cr;
	if (cr + 1 < mx->nrows && mx->rows[cr + 1].sub)
		for (size_t k = 0; k < nsubject_keys(f); k++) {
			size_t r = subrow(mx, cr, subject_key(f, k));
			if (r != SIZE_MAX)
				out[n++] = r;
		}
	return n;
}

/* Run-length counts of the sorted cell/item pairs: per cell, the distinct
 * items (services) or each item with its count (policies). */
static void count_services(struct matrix *mx, const struct model *m, struct pairs *p)
{
	xqsort(p->v, p->n, sizeof *p->v, cmp_u64);
	mx->svc_store = xcalloc(p->n + 1, sizeof *mx->svc_store);
	size_t used = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (i && p->v[i] == p->v[i - 1])
			continue;
		struct mx_cell *c = &mx->cells[p->v[i] >> 32];
		if (!c->nservices)
			c->services = &mx->svc_store[used];
		if (c->nlisted < MX_SERVICES_LISTED) {
			mx->svc_store[used++] = m->services[p->v[i] & UINT32_MAX];
			c->nlisted++;
		}
		c->nservices++;
	}
}

static void count_policies(struct matrix *mx, const struct model *m, struct pairs *p)
{
	xqsort(p->v, p->n, sizeof *p->v, cmp_u64);
	mx->pol_store = xcalloc(p->n + 1, sizeof *mx->pol_store);
	size_t used = 0;
	for (size_t i = 0; i < p->n; i++) {
		struct mx_cell *c = &mx->cells[p->v[i] >> 32];
		if (i && p->v[i] == p->v[i - 1]) {
			mx->pol_store[used - 1].n++;
			continue;
		}
		if (!c->npolicies)
			c->policies = &mx->pol_store[used];
		mx->pol_store[used].policy = m->policies[p->v[i] & UINT32_MAX];
		mx->pol_store[used++].n = 1;
		c->npolicies++;
	}
}

void matrix_build(struct matrix *mx, const struct view_input *in, size_t max_rows)
{
	const struct model *m = in->m;
	const struct factset *fs = in->fs;
	memset(mx, 0, sizeof *mx);
	struct view_opts vo = { NULL, COLLAPSE_NONE, 0, true, 0 };
	struct vctx vc;
	vctx_init(&vc, in, &vo);

	struct pairs cs = category_subjects(in, false);
	mx->ncategories = count_categories(&cs);
	if (max_rows && mx->ncategories > max_rows) {
		free(cs.v);
		cs = category_subjects(in, true);
		mx->ncategories = count_categories(&cs);
		mx->folded = true;
	}
	bool subrows = false;
	for (size_t i = 1; i < cs.n && !subrows; i++)
		subrows = cs.v[i] >> 32 == cs.v[i - 1] >> 32;
	if (subrows && max_rows && cs.n + mx->ncategories > max_rows) {
		subrows = false;
		mx->no_subrows = true;
	}
	uint32_t *row_of_cat = xcalloc(m->ndata + 1, sizeof *row_of_cat);
	make_rows(mx, m, &cs, subrows, row_of_cat);
	free(cs.v);
	uint32_t *col_of = xcalloc(m->ncountries + 1, sizeof *col_of);
	make_columns(mx, &vc, col_of);
	mx->cells = xcalloc(mx->nrows * mx->ncols + 1, sizeof *mx->cells);

	/* facts: modes per cell, (cell, service) pairs */
	unsigned char *svc_seen = xcalloc(m->nservices + 1, 1);
	size_t *rows = xcalloc(m->nsubjects + 2, sizeof *rows);
	uint32_t *last_svc = xcalloc(mx->nrows * mx->ncols + 1, sizeof *last_svc);
	struct pairs sp = { NULL, 0, 0 };
	for (size_t i = 0; i < fs->nfacts; i++) {
		const struct fact *f = &fs->facts[i];
		if (!kept(in, i))
			continue;
		mx->nfacts++;
		if (!placed(f)) {
			mx->nowhere++;
			continue;
		}
		if (!svc_seen[f->service->index]) {
			svc_seen[f->service->index] = 1;
			mx->nservices++;
		}
		size_t col = col_of[f->country->country_bit];
		size_t nr = fact_rows(mx, f, row_of_cat, mx->folded, rows);
		for (size_t k = 0; k < nr; k++) {
			size_t cell = rows[k] * mx->ncols + col;
			mx->cells[cell].nfacts[f->mode]++;
			if (last_svc[cell] != f->service->index + 1) {
				last_svc[cell] = f->service->index + 1;
				pairs_add(&sp, cell, f->service->index);
			}
		}
	}
	count_services(mx, m, &sp);
	free(sp.v);
	free(last_svc);
	free(svc_seen);

	/* violations: severities per cell, (cell, policy) pairs */
	struct pairs pp = { NULL, 0, 0 };
	for (size_t i = 0; in->v && i < in->v->n; i++) {
		const struct violation *v = &in->v->v[i];
		size_t fi = (size_t)(v->fact - fs->facts);
		if (!kept(in, fi))
			continue;
		mx->nviol++;
		if (!placed(v->fact))
			continue;
		size_t col = col_of[v->fact->country->country_bit];
		size_t nr = fact_rows(mx, v->fact, row_of_cat, mx->folded, rows);
		for (size_t k = 0; k < nr; k++) {
			size_t cell = rows[k] * mx->ncols + col;
			mx->cells[cell].nviol[v->policy->severity]++;
			pairs_add(&pp, cell, v->policy->index);
		}
	}
	count_policies(mx, m, &pp);
	free(pp.v);

	for (size_t i = 0; i < mx->nrows * mx->ncols; i++) {
		struct mx_cell *c = &mx->cells[i];
		c->strongest = -1;
		for (int md = MODE__COUNT - 1; md >= 0; md--)
			if (c->nfacts[md])
				c->strongest = md;
		c->worst = -1;
		for (int s = 0; s < SEV__COUNT; s++)
			if (c->nviol[s])
				c->worst = s;
	}
	free(rows);
	free(row_of_cat);
	free(col_of);
	vctx_release(&vc);
}

void matrix_release(struct matrix *mx)
{
	free(mx->rows);
	free(mx->cols);
	free(mx->spans);
	free(mx->cells);
	free(mx->svc_store);
	free(mx->pol_store);
	memset(mx, 0, sizeof *mx);
}
