/*
 * explain: the chain of declarations behind each fact (explain.h). It
 * reads only what derivation kept: the path nodes, each with the
 * declaration that brought the data there, the fact's source, and the
 * service's own entries, which say the rest (where it is placed, which
 * `stores` entry makes a receiver hold the data at rest).
 */
#include "out/explain.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/util.h"
#include "out/out_facts.h"

/* Where the steps go: text lines, or the "because" array of one fact's
 * JSON object. */
struct sink {
	FILE *out;
	struct json *j;         /* NULL for text */
};

/* "file:line:col: " then the text, on an indented line of its own; in
 * JSON {"source":"file:line:col","says":text}. */
static void step(const struct sink *k, const struct pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void step(const struct sink *k, const struct pos *pos, const char *fmt, ...)
{
	struct strbuf where = STRBUF_INIT, says = STRBUF_INIT;
	if (pos)
		out_pos(&where, *pos);
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&says, fmt, ap);
	va_end(ap);
	if (k->j) {
		json_obj_begin(k->j);
		json_kstr(k->j, "source", where.buf ? where.buf : NULL);
		json_kstr(k->j, "says", says.buf ? says.buf : "");
		json_obj_end(k->j);
	} else {
		fprintf(k->out, "  %s: %s\n", where.buf ? where.buf : "?", says.buf ? says.buf : "");
	}
	sb_release(&where);
	sb_release(&says);
}

static bool is_dep_of(const struct pos *via, const struct service *v)
{
	for (size_t i = 0; i < v->ndeps; i++)
		if (via == &v->deps[i].pos)
			return true;
	return false;
}

/* "DATA about SUBJECTS of TENANT is stored by SERVICE in R (C)" */
static void heading(FILE *out, const struct fact *f)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, f->data->id);
	if (f->subjects && f->subjects->n) {
		sb_adds(&sb, " about ");
		out_termset(&sb, f->subjects, ", ");
	}
	if (f->tenant)
		sb_addf(&sb, " of %s", f->tenant->id);
	switch (f->mode) {
	case MODE_STORED: sb_adds(&sb, " is stored by "); break;
	case MODE_REPLICA: sb_adds(&sb, " is replicated by "); break;
	case MODE_PROCESSED: sb_adds(&sb, " is processed by "); break;
	default: sb_addf(&sb, " is accessed from %s through ", f->country->id); break;
	}
	sb_addf(&sb, "%s in %s (%s)", f->service->id, f->region->id,
		f->region->country ? f->region->country->id : "?");
	if (f->purposes && f->purposes->n) {
		sb_adds(&sb, " for ");
		out_termset(&sb, f->purposes, ", ");
	}
	if (f->used_for && f->used_for->n) {
		sb_adds(&sb, ", used for ");
		out_termset(&sb, f->used_for, ", ");
	}
	fprintf(out, "%s\n", sb.buf);
	sb_release(&sb);
}

/* The hops: origin's stores entry, then each sends or receives. */
static void hops(const struct sink *out, const struct fact *f)
{
	size_t n = f->path ? f->path->len : 0;
	const struct pathnode **v = xcalloc(n ? n : 1, sizeof *v);
	for (const struct pathnode *p = f->path; p; p = p->prev)
		if (p->len - 1 < n)
			v[p->len - 1] = p;
	for (size_t i = 0; i < n; i++) {
		const char *s = v[i]->service->id;
		if (i == 0) {
			step(out, v[i]->via, "%s stores it", s);
			continue;
		}
		const struct service *from = v[i - 1]->service;
		if (is_dep_of(v[i]->via, from))
			step(out, v[i]->via, "%s sends it to %s", from->id, s);
		else
			step(out, v[i]->via, "%s receives it from %s", s, from->id);
	}
	free(v);
}

/* Where the service is placed so that it is in the fact's region r. */
static void placed(const struct sink *out, const struct service *v, const struct region *r)
{
	for (size_t i = 0; i < v->nregions; i++) {
		const struct region *pl = v->regions[i].region;
		if (!pl || !region_within(r, pl))
			continue;
		if (pl == r)
			step(out, &v->regions[i].pos, "%s is placed in %s", v->id, r->id);
		else
			step(out, &v->regions[i].pos, "%s is placed in multi-region %s, which holds %s",
			     v->id, pl->id, r->id);
		return;
	}
}

/* The stores entry that makes a receiver hold the data at rest. */
static void at_rest(const struct sink *out, const struct fact *f)
{
	const struct service *v = f->service;
	for (size_t i = 0; i < v->nstores; i++)
		for (size_t k = 0; k < v->stores[i].ndata; k++)
			if (v->stores[i].data[k] && term_under(f->data, v->stores[i].data[k])) {
				step(out, &v->stores[i].pos, "%s stores %s, so it holds it at rest",
				     v->id, v->stores[i].data[k]->id);
				return;
			}
}

static void replica(const struct sink *out, const struct fact *f, bool received)
{
	const struct service *v = f->service;
	if (f->source == &v->redundancy_pos) {
		/* the own region whose pair this is */
		for (size_t i = 0; i < v->nregions; i++) {
			const struct region *pl = v->regions[i].region;
			for (size_t k = 0; pl && k < (pl->nmembers ? pl->nmembers : 1); k++) {
				const struct region *own = pl->nmembers ? pl->members[k].region : pl;
				if (!own || own->pair != f->region)
					continue;
				placed(out, v, own);
				if (received)
					at_rest(out, f);
				step(out, f->source, "%s has redundancy: geo, and %s pairs with %s",
				     v->id, own->id, f->region->id);
				return;
			}
		}
		return;
	}
	if (received)
		at_rest(out, f);
	const struct region_ref *pl = fact_place(f);
	if (pl && pl->region != f->region)
		step(out, f->source, "%s replicates to multi-region %s, which holds %s", v->id,
		     pl->region->id, f->region->id);
	else
		step(out, f->source, "%s replicates to %s", v->id, f->region->id);
}

/* The steps of one fact, origin first. */
static void because(const struct sink *out, const struct fact *f)
{
	hops(out, f);
	bool received = f->path && f->path->len > 1;
	switch (f->mode) {
	case MODE_STORED:
		placed(out, f->service, f->region);
		if (received)
			at_rest(out, f);
		break;
	case MODE_PROCESSED:
		placed(out, f->service, f->region);
		break;
	case MODE_REPLICA:
		replica(out, f, received);
		break;
	default:
		placed(out, f->service, f->region);
		step(out, f->source, "%s is accessed from %s", f->service->id, f->country->id);
		break;
	}
}

void out_explain(FILE *out, const struct fact *const *facts, size_t n)
{
	if (!n) {
		fputs("no facts\n", out);
		return;
	}
	struct sink k = { out, NULL };
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('\n', out);
		heading(out, facts[i]);
		because(&k, facts[i]);
	}
}

void out_explain_json(FILE *out, const struct fact *const *facts, size_t n)
{
	struct json j;
	json_init(&j, out, true);
	struct sink k = { out, &j };
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_key(&j, "explain");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(&j);
		json_key(&j, "fact");
		out_fact_json(&j, facts[i]);
		json_key(&j, "because");
		json_arr_begin(&j);
		because(&k, facts[i]);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}
