/*
 * load_ref: references between the objects of an inventory. A reference
 * whose object exists is stored at once; the others are kept compactly
 * (a few bytes each: a million-service inventory holds millions) and
 * resolved by load_resolve once everything is read, so that an
 * undeclared id is known to be undeclared and gets a "did you mean".
 */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"
#include "load/catalog.h"

static const char *const obj_nouns[OBJ__COUNT] = {
	"provider", "region", "jurisdiction", "data category", "subject",
	"purpose", "tenant", "service", "policy"
};

const char *obj_noun(enum obj_kind k)
{
	return obj_nouns[k];
}

void load_add_suggestion(struct strbuf *sb, const char *best)
{
	if (best)
		sb_addf(sb, MSG_SUGGEST, best);
}

static void *lookup(const struct model *m, enum ref_type t, const char *id, enum place_type *pt)
{
	switch (t) {
	case R_PROVIDER: return model_find_provider(m, id);
	case R_REGION: return model_find_region(m, id);
	case R_JUR: case R_COUNTRY: return model_find_jur(m, id);
	case R_DATA: return model_find_data(m, id);
	case R_SUBJECT: return model_find_subject(m, id);
	case R_PURPOSE: return model_find_purpose(m, id);
	case R_TENANT: return model_find_tenant(m, id);
	case R_SERVICE: return model_find_service(m, id);
	case R_PLACE: {
		void *o;
		if (strchr(id, ':')) {
			*pt = PLACE_REGION;
			return model_find_region(m, id);
		}
		if ((o = model_find_jur(m, id))) {
			*pt = PLACE_JUR;
			return o;
		}
		*pt = PLACE_PROVIDER;
		return model_find_provider(m, id);
	}
	case R__COUNT: break;
	}
	return NULL;
}

/* The id of an object found by lookup for a reference of type t. */
static const char *found_id(enum ref_type t, const void *o)
{
	switch (t) {
	case R_PROVIDER: return ((const struct provider *)o)->id;
	case R_REGION: return ((const struct region *)o)->id;
	case R_JUR: case R_COUNTRY: return ((const struct jur *)o)->id;
	case R_DATA: case R_SUBJECT: case R_PURPOSE: return ((const struct term *)o)->id;
	case R_TENANT: return ((const struct tenant *)o)->id;
	case R_SERVICE: return ((const struct service *)o)->id;
	case R_PLACE: case R__COUNT: break;
	}
	return NULL;
}

/*
 * lookup through a small direct-mapped cache of objects found before.
 * The same few tenants, regions, countries and terms are named by
 * millions of services, and a probe of the model's index (a hash of
 * the whole id, a slot in a large table) costs more than comparing one
 * short string. An id, once found, keeps naming the same object, so
 * entries never go stale. Services and places are not cached: a service
 * is rarely named twice in a row, and a place has a type besides.
 */
static bool cacheable(enum ref_type t)
{
	return t != R_SERVICE && t != R_PLACE;
}

static struct ref_cache_entry *cache_slot(struct loader *L, enum ref_type t, const char *id,
					  size_t len)
{
	/* the ends of ids vary most: "tenant-00017", "aws:us-west-2" */
	unsigned char a = (unsigned char)id[len - 1], b = (unsigned char)id[len > 1 ? len - 2 : 0];
	unsigned char c = (unsigned char)id[len / 2];
	size_t h = ((len * 31 + a) * 31 + b) * 31 + c;
	return &L->ref_cache[t][h % REF_CACHE];
}

static void *cached_lookup(struct loader *L, enum ref_type t, const char *id,
			   enum place_type *pt)
{
	size_t len;
	if (!cacheable(t) || !(len = strlen(id)))
		return lookup(L->m, t, id, pt);
	struct ref_cache_entry *e = cache_slot(L, t, id, len);
	if (e->obj && e->len == len && !memcmp(found_id(t, e->obj), id, len))
		return e->obj;
	void *o = lookup(L->m, t, id, pt);
	if (o) {
		e->obj = o;
		e->len = strlen(found_id(t, o));
	}
	return o;
}

static void owner_str(struct strbuf *sb, enum obj_kind ok, const char *owner)
{
	sb_addf(sb, "%s '%s'", obj_noun(ok), owner);
}

/*
 * A region the provider closed stays in the catalog so that naming it is a
 * warning, not an unknown-region error: once per region, at its first use
 * outside the catalog (retired regions are few, a list is enough).
 */
static void note_retired(struct loader *L, const struct region *r, struct pos pos,
			 enum obj_kind ok, const char *owner)
{
	if (!r->retired || L->catalog)
		return;
	for (size_t i = 0; i < L->nretired_named; i++)
		if (L->retired_named[i] == r)
			return;
	L->retired_named = xgrow(L->retired_named, &L->cap_retired_named,
				 L->nretired_named + 1, sizeof *L->retired_named);
	L->retired_named[L->nretired_named++] = r;
	struct strbuf sb = STRBUF_INIT;
	owner_str(&sb, ok, owner);
	diag_at(L->d, DIAG_WARNING, pos, MSG_RETIRED_REGION, r->id, sb.buf, r->retired);
	sb_release(&sb);
}

static void store(struct loader *L, enum ref_type t, enum ref_slot slot, void *target, void *o,
		  enum place_type pt, struct pos pos, enum obj_kind ok, const char *owner)
{
	if (t == R_REGION || (t == R_PLACE && pt == PLACE_REGION))
		note_retired(L, o, pos, ok, owner);
	if (t == R_COUNTRY && ((struct jur *)o)->is_group) {
		struct strbuf sb = STRBUF_INIT;
		owner_str(&sb, ok, owner);
		diag_at(L->d, DIAG_ERROR, pos, MSG_GROUP_NOT_COUNTRY, ((struct jur *)o)->id, sb.buf);
		sb_release(&sb);
		return;
	}
	if (slot == SLOT_ANY) {
		*(const void **)target = o;
		return;
	}
	if (slot == SLOT_PLACE) {
		struct place *p = target;
		p->type = pt;
		switch (pt) {
		case PLACE_REGION: p->u.region = o; break;
		case PLACE_JUR: p->u.jur = o; break;
		case PLACE_PROVIDER: p->u.provider = o; break;
		}
		return;
	}
	switch (t) {
	case R_PROVIDER: *(struct provider **)target = o; break;
	case R_REGION: *(struct region **)target = o; break;
	case R_JUR: case R_COUNTRY: *(struct jur **)target = o; break;
	case R_DATA: case R_SUBJECT: case R_PURPOSE: *(struct term **)target = o; break;
	case R_TENANT: *(struct tenant **)target = o; break;
	case R_SERVICE: *(struct service **)target = o; break;
	case R_PLACE: case R__COUNT: break;
	}
}

/* Feeds the ids of arr (objects starting with `const char *id`) to sg. */
#define SUGGEST_ALL(L, sg, arr, n, cond) do { \
	for (size_t i_ = 0; i_ < (n) && (L)->suggest_budget; i_++, (L)->suggest_budget--) \
		if (cond) \
			suggest_add((sg), (arr)[i_]->id); \
} while (0)

static const char *suggest_ref(struct loader *L, enum ref_type t, const char *id)
{
	struct model *m = L->m;
	struct suggest sg;
	suggest_init(&sg, id);
	switch (t) {
	case R_PROVIDER: SUGGEST_ALL(L, &sg, m->providers, m->nproviders, true); break;
	case R_REGION: SUGGEST_ALL(L, &sg, m->regions, m->nregions, true); break;
	case R_JUR: SUGGEST_ALL(L, &sg, m->jurs, m->njurs, true); break;
	case R_COUNTRY: SUGGEST_ALL(L, &sg, m->jurs, m->njurs, !m->jurs[i_]->is_group); break;
	case R_DATA: SUGGEST_ALL(L, &sg, m->data, m->ndata, true); break;
	case R_SUBJECT: SUGGEST_ALL(L, &sg, m->subjects, m->nsubjects, true); break;
	case R_PURPOSE: SUGGEST_ALL(L, &sg, m->purposes, m->npurposes, true); break;
	case R_TENANT: SUGGEST_ALL(L, &sg, m->tenants, m->ntenants, true); break;
	case R_SERVICE: SUGGEST_ALL(L, &sg, m->services, m->nservices, true); break;
	case R_PLACE:
		if (strchr(id, ':')) {
			SUGGEST_ALL(L, &sg, m->regions, m->nregions, true);
		} else {
			SUGGEST_ALL(L, &sg, m->jurs, m->njurs, true);
			SUGGEST_ALL(L, &sg, m->providers, m->nproviders, true);
		}
		break;
	case R__COUNT: break;
	}
	return suggest_best(&sg);
}

static void unresolved(struct loader *L, enum ref_type t, const char *id, struct pos pos,
		       enum obj_kind ok, const char *owner)
{
	struct strbuf in = STRBUF_INIT, sb = STRBUF_INIT;
	owner_str(&in, ok, owner);
	if (t == R_COUNTRY)
		sb_addf(&sb, MSG_UNKNOWN_COUNTRY, id, in.buf);
	else if (t == R_PLACE)
		sb_addf(&sb, MSG_UNKNOWN_PLACE, id, in.buf);
	else
		sb_addf(&sb, MSG_UNKNOWN_REF, fmt_ref_noun[t], id, in.buf);
	/* "USA" is near "SA" but means "US": no country guess for an
	 * alpha-3 code; a group ("EU" for "EUU") may still be suggested */
	const char *alias = NULL;
	if ((t == R_COUNTRY || t == R_JUR) && suggest_country_alias(id) &&
	    model_find_jur(L->m, suggest_country_alias(id)))
		alias = suggest_country_alias(id);
	if (alias) {
		load_add_suggestion(&sb, alias);
	} else if ((t == R_COUNTRY || t == R_JUR) && suggest_alpha3(id)) {
		struct suggest sg;
		suggest_init(&sg, id);
		if (t == R_JUR)
			SUGGEST_ALL(L, &sg, L->m->jurs, L->m->njurs, L->m->jurs[i_]->is_group);
		if (suggest_best(&sg))
			load_add_suggestion(&sb, suggest_best(&sg));
		else
			sb_adds(&sb, MSG_ALPHA3);
	} else {
		load_add_suggestion(&sb, suggest_ref(L, t, id));
	}
	diag_at(L->d, DIAG_ERROR, pos, "%s", sb.buf);
	sb_release(&sb);
	sb_release(&in);
}

bool load_ref_cached(struct loader *L, enum ref_type t, enum ref_slot slot, void *target,
		     const char *id, size_t len, struct pos pos, enum obj_kind ok, const char *owner)
{
	if (!cacheable(t) || !len)
		return false;
	struct ref_cache_entry *e = cache_slot(L, t, id, len);
	if (!e->obj || e->len != len || memcmp(found_id(t, e->obj), id, len))
		return false;
	store(L, t, slot, target, e->obj, PLACE_REGION, pos, ok, owner);
	return true;
}

void load_ref(struct loader *L, enum ref_type t, enum ref_slot slot, void *target,
	      const char *id, struct pos pos, enum obj_kind ok, const char *owner)
{
	enum place_type pt = PLACE_REGION;
	void *o = cached_lookup(L, t, id, &pt);
	if (o) {
		store(L, t, slot, target, o, pt, pos, ok, owner);
		return;
	}
	if (L->resolving) {
		unresolved(L, t, id, pos, ok, owner);
		return;
	}
	if (!L->nref_files || L->ref_files[L->nref_files - 1].file != pos.file) {
		L->ref_files = xgrow(L->ref_files, &L->cap_ref_files, L->nref_files + 1,
				     sizeof *L->ref_files);
		L->ref_files[L->nref_files].first = L->nrefs;
		L->ref_files[L->nref_files++].file = pos.file;
	}
	if (!L->refs_tail || L->refs_tail->n == REF_CHUNK) {
		struct ref_chunk *c = xmalloc(sizeof *c);
		c->next = NULL;
		c->n = 0;
		if (L->refs_tail)
			L->refs_tail->next = c;
		else
			L->refs = c;
		L->refs_tail = c;
	}
	struct ref *r = &L->refs_tail->refs[L->refs_tail->n++];
	L->nrefs++;
	r->target = target;
	/* terms are few and named over and over: intern them; a service
	 * named before it is defined is one of a million: copy it for now.
	 * Consecutive services name the same tenant not read yet: the id
	 * kept last for a type is used again when it is the same. */
	const char *last = L->last_deferred[t];
	if (last && !strcmp(last, id))
		r->id = last;
	else if (t == R_DATA || t == R_PURPOSE || t == R_SUBJECT)
		r->id = L->last_deferred[t] = model_intern(L->m, id, strlen(id));
	else
		r->id = L->last_deferred[t] = arena_strdup(&L->ref_ids, id);
	r->owner = owner;
	r->line = pos.line;
	r->col = pos.col > REF_COL_MAX ? REF_COL_MAX : pos.col;
	r->type = t;
	r->slot = slot;
	r->owner_kind = ok;
}

static bool is_term_ref(enum ref_type t)
{
	return t == R_DATA || t == R_PURPOSE;
}

/*
 * Resolves the kept references: those to data categories and purposes
 * (terms) or all the others. Terms wait for model_finalize, which creates
 * the implied parents ("comms" of "comms.voice") that they may name;
 * jurisdiction members must be resolved before it flattens groups.
 */
void load_resolve(struct loader *L, bool terms)
{
	bool was = L->resolving;
	size_t i = 0, f = 0;
	L->resolving = true;
	for (struct ref_chunk *c = L->refs; c; c = c->next)
		for (size_t k = 0; k < c->n; k++, i++) {
			struct ref *r = &c->refs[k];
			while (f + 1 < L->nref_files && L->ref_files[f + 1].first <= i)
				f++;
			if (r->type == REF_DONE || is_term_ref((enum ref_type)r->type) != terms)
				continue;
			struct pos pos = { L->ref_files[f].file, r->line, r->col };
			load_ref(L, (enum ref_type)r->type, (enum ref_slot)r->slot, r->target, r->id,
				 pos, (enum obj_kind)r->owner_kind, r->owner);
			r->type = REF_DONE;
		}
	L->resolving = was;
}

void load_refs_release(struct loader *L)
{
	struct ref_chunk *c = L->refs;
	while (c) {
		struct ref_chunk *next = c->next;
		free(c);
		c = next;
	}
	L->refs = L->refs_tail = NULL;
	L->nrefs = 0;
	arena_release(&L->ref_ids);
	memset(L->last_deferred, 0, sizeof L->last_deferred);   /* they were in ref_ids */
	free(L->ref_files);
	L->ref_files = NULL;
	L->nref_files = L->cap_ref_files = 0;
}
