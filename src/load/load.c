/*
 * load: the loader's outer part — which inputs, in which order, and the
 * pass that needs the whole model. The catalog is read first (built in,
 * or --catalog DIR), then each path as given: a file, a directory (every
 * *.yaml / *.yml below it, sorted by full path), or "-" for standard
 * input. Each document streams through ytree into load_document
 * (load_schema.c), which creates objects and resolves the references it
 * can; the rest (forward references, references into later files) are
 * kept compactly (load_ref.c) and resolved once everything is read, so
 * that an undeclared id is known to be undeclared and gets a "did you
 * mean". The files call one way: load.c -> load_schema.c -> load_ref.c,
 * and load.c -> load_ref.c.
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
#include "base/ypool.h"
#include "load/catalog.h"
#include "base/suggest.h"

/* Candidates that "did you mean" may scan in one run: a huge inventory
 * full of typos must not spend minutes on suggestions. */
#define SUGGEST_BUDGET (50u * 1000 * 1000)

void load_opts_default(struct load_opts *o)
{
	o->catalog_dir = NULL;
	o->no_catalog = false;
	ytree_limits_default(&o->limits);
	o->max_input = INPUT_MAX_DEFAULT;
	o->progress = false;
	o->jobs = 0;
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
 * Files read one after another as far as anything can tell, each whole
 * within --max-input, on --jobs threads (ypool). A regular file is read
 * again only for an excerpt when it has an error; a FIFO or standard
 * input is kept for excerpts, since it cannot be.
 */
struct batch {
	struct loader *L;
	struct progress *pr;
	const struct ypool_file *files;
};

static void batch_begin(void *ctx, size_t i)
{
	(void)i;
	progress_erase(((struct batch *)ctx)->pr);
}

static void batch_read(void *ctx, size_t i, const char *buf, size_t len, bool regular)
{
	struct batch *b = ctx;
	if (!regular)
		diag_add_source(b->L->d, b->files[i].name, buf, len);
}

static int batch_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	return load_document(((struct batch *)ctx)->L, root, a);
}

static void batch_end(void *ctx, size_t i)
{
	(void)i;
	progress_tick(((struct batch *)ctx)->pr);
}

static void load_files(struct loader *L, const char *const *paths, size_t n,
		       struct progress *pr)
{
	if (!n)
		return;
	static const struct ypool_calls calls = { batch_begin, batch_read, batch_doc, batch_end };
	struct ypool_file *files = xcalloc(n, sizeof *files);
	for (size_t i = 0; i < n; i++) {
		files[i].path = paths[i];
		files[i].name = file_pos(L, strcmp(paths[i], "-") ? paths[i] : "<stdin>").file;
	}
	struct batch b = { L, pr, files };
	unsigned jobs = L->o->jobs ? L->o->jobs : ypool_default_jobs();
	ypool_parse(files, n, jobs, L->o->max_input, L->limits, L->d, &calls, &b);
	free(files);
}

/* Every YAML file below dir, sorted by full path. */
static void load_dir(struct loader *L, const char *dir, struct progress *pr, bool warn_empty)
{
	struct ptrvec files = PTRVEC_INIT;
	walk_dir(dir, walk_yaml_name, L->d, &files);
	if (!files.n && warn_empty)
		diag_at(L->d, DIAG_WARNING, file_pos(L, dir), MSG_NO_YAML);
	L->walked = !L->catalog;
	load_files(L, (const char *const *)files.v, files.n, pr);
	L->walked = false;
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
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
	load_resolve(L, false);
	load_resolve(L, true);
	load_refs_release(L);
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
	load_resolve(L, false);
	check_members(L);
	model_finalize(L->m, L->d);
	load_resolve(L, true);
	load_refs_release(L);
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
	/* files named one after another are read as one batch; a directory
	 * is walked (and its messages printed) when its turn comes */
	size_t first = 0;
	for (size_t i = 0; i < npaths; i++) {
		const char *path = paths[i];
		struct stat st;
		if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			load_files(&L, paths + first, i - first, &pr);
			progress_erase(&pr);
			load_dir(&L, path, &pr, true);
			first = i + 1;
		}
	}
	load_files(&L, paths + first, npaths - first, &pr);
	progress_erase(&pr);
	finish(&L);
	*ok = diag_errors(d) == errors;
	return m;
}

struct model *load_buffer(const char *name, const char *buf, size_t len,
			  const struct load_opts *opts, struct diag *d, bool *ok)
{
	return load_buffers(&name, &buf, &len, 1, false, opts, d, ok);
}

struct model *load_buffers(const char *const *names, const char *const *bufs,
			   const size_t *lens, size_t n, bool found,
			   const struct load_opts *opts, struct diag *d, bool *ok)
{
	size_t errors = diag_errors(d);
	struct model *m = model_new();
	struct loader L;
	loader_init(&L, m, opts, d);
	struct progress pr;
	progress_begin(&pr, false);
	load_catalog(&L, &pr);
	L.walked = found;
	for (size_t i = 0; i < n; i++)
		load_mem(&L, names[i], bufs[i], lens[i]);
	L.walked = false;
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
