/*
 * load: the loader's outer part — which inputs, in which order, and the
 * pass that needs the whole model. The catalog is read first (built in,
 * or --catalog DIR), then each path as given: a file, a directory (every
 * *.yaml / *.yml below it, sorted by full path), or "-" for standard
 * input. Each document streams through ytree into load_document
 * (load_schema.c), which creates objects and resolves the references it
 * can; the rest (forward references, references into later files) are
 * kept compactly and resolved here once everything is read, so that an
 * undeclared id is known to be undeclared and gets a "did you mean".
 */
#include "load/load_int.h"

#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/input.h"
#include "base/walk.h"
#include "load/catalog.h"
#include "base/suggest.h"

/* Candidates that "did you mean" may scan in one run: a huge inventory
 * full of typos must not spend minutes on suggestions. */
#define SUGGEST_BUDGET (50u * 1000 * 1000)

static const char *const obj_nouns[OBJ__COUNT] = {
	"provider", "region", "jurisdiction", "data category", "subject",
	"purpose", "tenant", "service", "policy"
};

const char *obj_noun(enum obj_kind k)
{
	return obj_nouns[k];
}

void load_opts_default(struct load_opts *o)
{
	o->catalog_dir = NULL;
	o->no_catalog = false;
	ytree_limits_default(&o->limits);
	o->max_input = INPUT_MAX_DEFAULT;
	o->progress = false;
}

/* ---- references ---- */

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

static const char *const ref_nouns[R__COUNT] = {
	[R_PROVIDER] = "provider", [R_REGION] = "region", [R_JUR] = "jurisdiction",
	[R_COUNTRY] = "country", [R_DATA] = "data category", [R_SUBJECT] = "subject",
	[R_PURPOSE] = "purpose", [R_TENANT] = "tenant", [R_SERVICE] = "service",
	[R_PLACE] = "place",
};

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
		sb_addf(&sb, MSG_UNKNOWN_REF, ref_nouns[t], id, in.buf);
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
static void resolve(struct loader *L, bool terms)
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

static void refs_release(struct loader *L)
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

/* ---- inputs ---- */

/*
 * A line on the terminal when loading takes long; nothing otherwise. It
 * is erased before each file is read, so that a message about that file
 * starts on a line of its own, and drawn again after it.
 */
struct progress {
	bool on, shown;
	size_t files;
	struct timespec start;
};

static void progress_begin(struct progress *p, bool on)
{
	memset(p, 0, sizeof *p);
	p->on = on;
	if (on)
		clock_gettime(CLOCK_MONOTONIC, &p->start);
}

static void progress_erase(struct progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	p->shown = false;
}

static void progress_tick(struct progress *p)
{
	p->files++;
	if (!p->on)
		return;
	if (seconds_since(&p->start) < 1.0)
		return;
	fprintf(stderr, "\rresmap: %zu files read", p->files);
	fflush(stderr);
	p->shown = true;
}

static struct pos file_pos(struct loader *L, const char *path)
{
	struct pos p = { model_intern(L->m, path, strlen(path)), 0, 0 };
	return p;
}

static void load_mem(struct loader *L, const char *name, const char *buf, size_t len)
{
	struct pos p = file_pos(L, name);
	diag_add_source(L->d, p.file, buf, len);
	ytree_parse_buffer(buf, len, p.file, L->limits, L->d, load_document, L);
}

/*
 * One input ("-" is standard input), read whole within --max-input. A
 * regular file is read again only for an excerpt when it has an error;
 * a FIFO or standard input is kept for excerpts, since it cannot be.
 */
static void load_file(struct loader *L, const char *path)
{
	char *buf;
	size_t len;
	bool regular;
	if (input_read(path, L->o->max_input, L->d, &buf, &len, &regular) < 0)
		return;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	if (regular) {
		struct pos p = file_pos(L, name);
		ytree_parse_buffer(buf, len, p.file, L->limits, L->d, load_document, L);
	} else {
		load_mem(L, name, buf, len);
	}
	free(buf);
}

/* Every YAML file below dir, sorted by full path. */
static void load_dir(struct loader *L, const char *dir, struct progress *pr, bool warn_empty)
{
	struct ptrvec files = PTRVEC_INIT;
	walk_dir(dir, walk_yaml_name, L->d, &files);
	if (!files.n && warn_empty)
		diag_at(L->d, DIAG_WARNING, file_pos(L, dir), MSG_NO_YAML);
	for (size_t i = 0; i < files.n; i++) {
		progress_erase(pr);
		load_file(L, files.v[i]);
		progress_tick(pr);
		free(files.v[i]);
	}
	pv_release(&files);
}

static void load_catalog(struct loader *L, struct progress *pr)
{
	const struct load_opts *o = L->o;
	if (o->no_catalog)
		return;
	L->catalog = true;
	if (o->catalog_dir) {
		struct stat st;
		if (stat(o->catalog_dir, &st) < 0)
			diag_msg(L->d, DIAG_ERROR, MSG_CATALOG_DIR, o->catalog_dir, strerror(errno));
		else if (!S_ISDIR(st.st_mode))
			diag_msg(L->d, DIAG_ERROR, MSG_CATALOG_DIR, o->catalog_dir, strerror(ENOTDIR));
		else
			load_dir(L, o->catalog_dir, pr, false);
	} else {
		/* our own data: the user's limits (--max-depth 3) are for theirs */
		struct ytree_limits lim;
		ytree_limits_default(&lim);
		L->limits = &lim;
		for (const struct catalog_file *f = catalog_files; f->name; f++)
			load_mem(L, f->name, f->data, f->len);
		L->limits = &o->limits;
	}
	/* the catalog stands on its own: its references resolve within it,
	 * before a user entry may override one of its objects */
	resolve(L, false);
	resolve(L, true);
	refs_release(L);
	L->catalog = false;
}

static void loader_init(struct loader *L, struct model *m, const struct load_opts *o,
			struct diag *d)
{
	memset(L, 0, sizeof *L);
	L->m = m;
	L->d = d;
	L->o = o;
	L->limits = &o->limits;
	L->suggest_budget = SUGGEST_BUDGET;
}

/* ---- the whole model ---- */

static bool tenant_disabled(const struct service *s)
{
	return s && s->tenant && s->tenant->status == TENANT_DISABLED;
}

/*
 * Data sent to a service of a disabled tenant creates no fact there and
 * travels no further: valid, but easy to miss, so each such edge is named
 * (a sender that is disabled itself sends nothing, and says nothing);
 * so is data received from one, which never holds any.
 * One pass over the edges, services in id order.
 */
static void check_sends_to_disabled(struct loader *L)
{
	struct model *m = L->m;
	size_t ndisabled = 0;
	for (size_t i = 0; i < m->ntenants; i++)
		ndisabled += m->tenants[i]->status == TENANT_DISABLED;
	if (!ndisabled)
		return;         /* the usual case: no need to visit every service */
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		if (tenant_disabled(s))
			continue;
		for (size_t k = 0; k < s->ndeps; k++) {
			const struct dep *e = &s->deps[k];
			if (!tenant_disabled(e->to))
				continue;
			/* sends to it, and receives from it: both carry nothing */
			for (int dir = 0; dir < 2; dir++) {
				struct term *const *t = dir ? e->receives : e->sends;
				size_t n = dir ? e->nreceives : e->nsends;
				sb_reset(&sb);
				for (size_t j = 0; j < n; j++)
					if (t[j])
						sb_addf(&sb, "%s'%s'", sb.len ? ", " : "", t[j]->id);
				if (sb.len)
					diag_at(L->d, DIAG_WARNING, e->pos,
						dir ? MSG_RECEIVES_DISABLED : MSG_SENDS_DISABLED,
						s->id, sb.buf, e->to->id, e->to->tenant->id);
			}
		}
	}
	sb_release(&sb);
}

/* A multi-region lists regions with a country, not other multi-regions
 * (one level keeps `place` a single name). */
static void check_members(struct loader *L)
{
	struct model *m = L->m;
	for (size_t i = 0; i < m->nregions; i++) {
		const struct region *r = m->regions[i];
		for (size_t k = 0; k < r->nmembers; k++) {
			const struct region *x = r->members[k].region;
			if (x && (x->nmembers || x->global))
				diag_at(L->d, DIAG_ERROR, r->members[k].pos, MSG_MULTI_NESTED,
					x->id, r->id);
		}
	}
}

/* Everything is read: resolve what was left, derive, check the whole. */
static void finish(struct loader *L)
{
	/* every provider is known now: PROVIDER:global may be named */
	model_add_global_regions(L->m);
	resolve(L, false);
	check_members(L);
	model_finalize(L->m, L->d);
	resolve(L, true);
	refs_release(L);
	free(L->retired_named);
	L->retired_named = NULL;
	check_sends_to_disabled(L);
#ifdef __GLIBC__
	/* the kept references and the documents' trees were small blocks,
	 * which glibc keeps: hand their pages back before the engine grows
	 * (90 MB at a million services) */
	malloc_trim(0);
#endif
}

struct model *load_inventory(const char *const *paths, size_t npaths,
			     const struct load_opts *opts, struct diag *d, bool *ok)
{
	size_t errors = diag_errors(d);
	struct model *m = model_new();
	struct loader L;
	loader_init(&L, m, opts, d);
	struct progress pr;
	progress_begin(&pr, opts->progress);

	load_catalog(&L, &pr);
	for (size_t i = 0; i < npaths; i++) {
		const char *path = paths[i];
		progress_erase(&pr);
		struct stat st;
		if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			load_dir(&L, path, &pr, true);
		} else {
			load_file(&L, path);
			progress_tick(&pr);
		}
	}
	progress_erase(&pr);
	finish(&L);
	*ok = diag_errors(d) == errors;
	return m;
}

struct model *load_buffer(const char *name, const char *buf, size_t len,
			  const struct load_opts *opts, struct diag *d, bool *ok)
{
	return load_buffers(&name, &buf, &len, 1, opts, d, ok);
}

struct model *load_buffers(const char *const *names, const char *const *bufs,
			   const size_t *lens, size_t n, const struct load_opts *opts,
			   struct diag *d, bool *ok)
{
	size_t errors = diag_errors(d);
	struct model *m = model_new();
	struct loader L;
	loader_init(&L, m, opts, d);
	struct progress pr;
	progress_begin(&pr, false);
	load_catalog(&L, &pr);
	for (size_t i = 0; i < n; i++)
		load_mem(&L, names[i], bufs[i], lens[i]);
	finish(&L);
	*ok = diag_errors(d) == errors;
	return m;
}

const char *load_inventory_name(struct model *m, const char *const *paths, size_t npaths)
{
	if (npaths != 1) {
		char buf[32];
		snprintf(buf, sizeof buf, "%zu inputs", npaths);
		return model_intern(m, buf, strlen(buf));
	}
	const char *p = paths[0];
	if (!strcmp(p, "-"))
		return model_intern(m, "stdin", 5);
	size_t end = strlen(p);
	while (end > 1 && p[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && p[start - 1] != '/')
		start--;
	if (start == end)    /* "/" */
		return model_intern(m, p, strlen(p));
	size_t n = end - start;
	if (!(n == 1 && p[start] == '.') && !(n == 2 && !strncmp(p + start, "..", 2)))
		return model_intern(m, p + start, n);
	/* "." names the directory it is */
	char *real = realpath(p, NULL);
	if (!real)
		return model_intern(m, p + start, n);
	const char *base = strrchr(real, '/');
	base = base && base[1] ? base + 1 : real;
	const char *name = model_intern(m, base, strlen(base));
	free(real);
	return name;
}
