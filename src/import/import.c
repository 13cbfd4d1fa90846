/*
 * import: what the importers share — the inventory under construction
 * (struct imp_inv), reading inputs into kept document trees, checking ids
 * against the built-in catalog, completing the inventory (regions from
 * the command line, taxonomy declarations) and writing it as YAML.
 *
 * The importers never write YAML themselves: imp_write decides the order
 * (every section and id sorted) and yamlout the quoting, so that every
 * imported inventory reads back through resmap's strict loader.
 */
#include "import/import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/input.h"
#include "base/walk.h"
#include "load/catalog.h"
#include "base/suggest.h"
#include "base/yamlout.h"

void imp_opts_init(struct imp_opts *o)
{
	memset(o, 0, sizeof *o);
	ytree_limits_default(&o->limits);
	o->max_input = INPUT_MAX_DEFAULT;
	o->want = walk_yaml_name;
	o->files = "*.yaml or *.yml";
}

void imp_opts_release(struct imp_opts *o)
{
	for (size_t i = 0; i < o->nper; i++) {
		free((char *)o->per[i].name);
		for (size_t j = 0; j < o->per[i].nregions; j++)
			free((char *)o->per[i].regions[j]);
		free(o->per[i].regions);
	}
	free(o->per);
	for (size_t i = 0; i < o->ndefault_regions; i++)
		free((char *)o->default_regions[i]);
	free(o->default_regions);
	memset(o, 0, sizeof *o);
}

/* Splits "a,b , c" into owned trimmed strings; empty items are an error. */
static int split_list(const char *s, const char ***out, size_t *n)
{
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (!len)
			return -1;
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrndup(p, len);
		if (!e)
			return 0;
		p = e + 1;
	}
}

int imp_opts_add_region(struct imp_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		return split_list(arg, &o->default_regions, &o->ndefault_regions);
	if (eq == arg)
		return -1;
	o->per = xrealloc(o->per, (o->nper + 1) * sizeof *o->per);
	struct imp_region_arg *r = &o->per[o->nper++];
	memset(r, 0, sizeof *r);
	r->name = xstrndup(arg, (size_t)(eq - arg));
	return split_list(eq + 1, &r->regions, &r->nregions);
}

const char *imp_strn(struct imp_inv *inv, const char *s, size_t n)
{
	return strmap_intern(&inv->strings, &inv->arena, s, n);
}

const char *imp_str(struct imp_inv *inv, const char *s)
{
	return s ? imp_strn(inv, s, strlen(s)) : NULL;
}

const char *imp_strf(struct imp_inv *inv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char *r = imp_strn(inv, sb.buf ? sb.buf : "", sb.len);
	sb_release(&sb);
	return r;
}

/* ---- the built-in catalog's ids ---- */

struct cat_ctx {
	struct imp_inv *inv;
};

static void cat_section(struct imp_inv *inv, const struct ynode *sec, struct strmap *m,
			bool countries_only)
{
	if (!sec || sec->type != YN_MAP)
		return;
	for (size_t i = 0; i < sec->u.map.n; i++) {
		const struct ypair *p = &sec->u.map.pairs[i];
		if (countries_only && p->value->type == YN_MAP && ynode_get(p->value, "members"))
			continue;
		const char *id = imp_strn(inv, p->key->u.scalar.s, p->key->u.scalar.len);
		strmap_put(m, id, strlen(id), (void *)id);
	}
}

static int cat_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct imp_inv *inv = ((struct cat_ctx *)ctx)->inv;
	(void)a;
	if (!root || root->type != YN_MAP)
		return 0;
	cat_section(inv, ynode_get(root, "data"), &inv->cat_terms[IMP_DATA], false);
	cat_section(inv, ynode_get(root, "subjects"), &inv->cat_terms[IMP_SUBJECT], false);
	cat_section(inv, ynode_get(root, "purposes"), &inv->cat_terms[IMP_PURPOSE], false);
	cat_section(inv, ynode_get(root, "regions"), &inv->cat_regions, false);
	cat_section(inv, ynode_get(root, "jurisdictions"), &inv->cat_countries, true);
	return 0;
}

void imp_init(struct imp_inv *inv, const struct imp_opts *o, struct diag *d)
{
	memset(inv, 0, sizeof *inv);
	inv->opts = o;
	arena_init(&inv->arena);
	strmap_init(&inv->strings);
	strmap_init(&inv->tenants);
	strmap_init(&inv->services);
	strmap_init(&inv->policies);
	strmap_init(&inv->cat_regions);
	strmap_init(&inv->cat_countries);
	for (int k = 0; k < IMP__TERMS; k++) {
		strmap_init(&inv->terms[k]);
		strmap_init(&inv->cat_terms[k]);
	}
	if (o->no_catalog)
		return;
	struct cat_ctx ctx = { inv };
	for (const struct catalog_file *f = catalog_files; f->name; f++)
		ytree_parse_buffer(f->data, f->len, f->name, &o->limits, d, cat_doc, &ctx);
	inv->have_catalog = inv->cat_regions.count > 0;
}

void imp_release(struct imp_inv *inv)
{
	for (size_t i = 0; i < inv->service_v.n; i++) {
		struct imp_service *s = inv->service_v.v[i];
		pv_release(&s->regions);
		pv_release(&s->replicas);
		pv_release(&s->access_from);
		for (size_t j = 0; j < s->stores.n; j++) {
			struct imp_store *st = s->stores.v[j];
			pv_release(&st->data);
			pv_release(&st->subjects);
			pv_release(&st->purposes);
		}
		pv_release(&s->stores);
		for (size_t j = 0; j < s->deps.n; j++)
			pv_release(&((struct imp_dep *)s->deps.v[j])->sends);
		pv_release(&s->deps);
		pv_release(&s->comments);
	}
	for (size_t i = 0; i < inv->policy_v.n; i++) {
		struct imp_policy *p = inv->policy_v.v[i];
		pv_release(&p->data);
		pv_release(&p->subjects);
		pv_release(&p->purposes);
		pv_release(&p->comments);
	}
	pv_release(&inv->service_v);
	pv_release(&inv->tenant_v);
	pv_release(&inv->policy_v);
	pv_release(&inv->header);
	for (int k = 0; k < IMP__TERMS; k++) {
		pv_release(&inv->term_v[k]);
		strmap_release(&inv->terms[k]);
		strmap_release(&inv->cat_terms[k]);
	}
	strmap_release(&inv->tenants);
	strmap_release(&inv->services);
	strmap_release(&inv->policies);
	strmap_release(&inv->cat_regions);
	strmap_release(&inv->cat_countries);
	strmap_release(&inv->strings);
	arena_release(&inv->arena);
}

/* ---- objects ---- */

struct imp_service *imp_find_service(const struct imp_inv *inv, const char *id)
{
	return strmap_get(&inv->services, id, strlen(id));
}

struct imp_service *imp_service(struct imp_inv *inv, const char *id, struct pos pos, bool *created)
{
	struct imp_service *s = imp_find_service(inv, id);
	if (created)
		*created = !s;
	if (s)
		return s;
	s = arena_alloc(&inv->arena, sizeof *s);
	s->id = imp_str(inv, id);
	s->pos = pos;
	strmap_put(&inv->services, s->id, strlen(s->id), s);
	pv_push(&inv->service_v, s);
	return s;
}

struct imp_tenant *imp_tenant(struct imp_inv *inv, const char *id, struct pos pos)
{
	struct imp_tenant *t = strmap_get(&inv->tenants, id, strlen(id));
	if (t)
		return t;
	t = arena_alloc(&inv->arena, sizeof *t);
	t->id = imp_str(inv, id);
	t->pos = pos;
	strmap_put(&inv->tenants, t->id, strlen(t->id), t);
	pv_push(&inv->tenant_v, t);
	return t;
}

struct imp_term *imp_term(struct imp_inv *inv, enum imp_term_kind k, const char *id, struct pos pos)
{
	struct imp_term *t = strmap_get(&inv->terms[k], id, strlen(id));
	if (t)
		return t;
	t = arena_alloc(&inv->arena, sizeof *t);
	t->id = imp_str(inv, id);
	t->pos = pos;
	strmap_put(&inv->terms[k], t->id, strlen(t->id), t);
	pv_push(&inv->term_v[k], t);
	return t;
}

struct imp_policy *imp_policy(struct imp_inv *inv, const char *id, struct pos pos, bool *created)
{
	struct imp_policy *p = strmap_get(&inv->policies, id, strlen(id));
	if (created)
		*created = !p;
	if (p)
		return p;
	p = arena_alloc(&inv->arena, sizeof *p);
	p->id = imp_str(inv, id);
	p->pos = pos;
	strmap_put(&inv->policies, p->id, strlen(p->id), p);
	pv_push(&inv->policy_v, p);
	return p;
}

struct imp_store *imp_add_store(struct imp_inv *inv, struct imp_service *s, struct pos pos)
{
	struct imp_store *st = arena_alloc(&inv->arena, sizeof *st);
	st->pos = pos;
	pv_push(&s->stores, st);
	return st;
}

struct imp_dep *imp_add_dep(struct imp_inv *inv, struct imp_service *s, const char *to, struct pos pos)
{
	to = imp_str(inv, to);
	for (size_t i = 0; i < s->deps.n; i++) {
		struct imp_dep *dp = s->deps.v[i];
		if (dp->to == to)
			return dp;
	}
	struct imp_dep *dp = arena_alloc(&inv->arena, sizeof *dp);
	dp->pos = pos;
	dp->to = to;
	pv_push(&s->deps, dp);
	return dp;
}

void imp_push_unique(struct ptrvec *v, const char *id)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], id))
			return;
	pv_push(v, (void *)id);
}

static bool known(const struct strmap *m, bool have, const char *id, const char **hint)
{
	*hint = NULL;
	if (!have || strmap_get(m, id, strlen(id)))
		return true;
	struct suggest sg;
	suggest_init(&sg, id);
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			suggest_add(&sg, m->slots[i].key);
	*hint = suggest_best(&sg);
	return false;
}

bool imp_known_region(const struct imp_inv *inv, const char *id, const char **hint)
{
	return known(&inv->cat_regions, inv->have_catalog, id, hint);
}

bool imp_known_country(const struct imp_inv *inv, const char *id, const char **hint)
{
	return known(&inv->cat_countries, inv->have_catalog, id, hint);
}

void imp_diag(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, ...)
{
	size_t seen = 0;
	for (int l = 0; l < DIAG__COUNT; l++)
		seen += d->count[l];
	if (seen >= IMP_EXCERPTS && d->excerpts) {
		diag_msg(d, DIAG_NOTE, "more than %d messages: the rest without source excerpts",
			 IMP_EXCERPTS);
		d->excerpts = false;
	}
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, lvl, pos, fmt, ap);
	va_end(ap);
}

/* ---- reading ---- */

const char *imp_id_problem(const char *s, bool dotted)
{
	if (!*s)
		return "is empty";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "holds a control character";
	if (dotted && (s[0] == '.' || s[strlen(s) - 1] == '.' || strstr(s, "..")))
		return "has an empty segment between dots";
	return NULL;
}

const char *imp_scalar(const struct ynode *n)
{
	return n && n->type == YN_SCALAR ? n->u.scalar.s : NULL;
}

bool imp_expect(struct diag *d, const struct ynode *n, enum ynode_type t, const char *what)
{
	if (n->type == t)
		return true;
	imp_diag(d, DIAG_WARNING, n->pos, "%s should be %s, not %s; ignored", what,
		ynode_type_name(t), ynode_type_name(n->type));
	return false;
}

/* Copies a tree out of ytree's arena (which is reset per document).
 * Depth is bounded by the ytree depth limit. */
static struct ynode *clone(struct arena *a, const struct ynode *n)
{
	struct ynode *c = arena_alloc(a, sizeof *c);
	*c = *n;
	switch (n->type) {
	case YN_SCALAR:
		c->u.scalar.s = arena_strndup(a, n->u.scalar.s, n->u.scalar.len);
		break;
	case YN_SEQ:
		c->u.seq.items = arena_alloc(a, (n->u.seq.n ? n->u.seq.n : 1) * sizeof *c->u.seq.items);
		for (size_t i = 0; i < n->u.seq.n; i++)
			c->u.seq.items[i] = clone(a, n->u.seq.items[i]);
		break;
	case YN_MAP:
		c->u.map.pairs = arena_alloc(a, (n->u.map.n ? n->u.map.n : 1) * sizeof *c->u.map.pairs);
		for (size_t i = 0; i < n->u.map.n; i++) {
			c->u.map.pairs[i].key = clone(a, n->u.map.pairs[i].key);
			c->u.map.pairs[i].value = clone(a, n->u.map.pairs[i].value);
		}
		break;
	}
	return c;
}

struct read_ctx {
	struct imp_inv *inv;
	struct ptrvec *docs;
	const char *file;
};

static int keep_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct read_ctx *rc = ctx;
	(void)a;
	if (!root)
		return 0;
	struct imp_doc *doc = arena_alloc(&rc->inv->arena, sizeof *doc);
	doc->root = clone(&rc->inv->arena, root);
	doc->file = rc->file;
	pv_push(rc->docs, doc);
	return 0;
}

static bool ends_with(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && !strcmp(name + n - e, ext);
}

/* Reads one JSON input (fp, or buf when fp is NULL): a doc per value. */
static int read_json(struct imp_inv *inv, FILE *fp, const char *buf, size_t len, const char *file,
		     const struct imp_opts *o, struct diag *d, struct ptrvec *docs)
{
	struct jtree_opts jo = { o->limits.max_depth, o->json_skip };
	struct ptrvec roots = PTRVEC_INIT;
	int rc = fp ? jtree_read(fp, file, &jo, &inv->arena, &inv->strings, &roots, d)
		    : jtree_read_buffer(buf, len, file, &jo, &inv->arena, &inv->strings, &roots, d);
	for (size_t i = 0; i < roots.n; i++) {
		struct imp_doc *doc = arena_alloc(&inv->arena, sizeof *doc);
		doc->json = roots.v[i];
		doc->file = file;
		pv_push(docs, doc);
	}
	pv_release(&roots);
	return rc;
}

int imp_read_buffer(struct imp_inv *inv, const char *name, const char *buf, size_t len,
		    const struct imp_opts *o, struct diag *d, struct ptrvec *docs)
{
	struct read_ctx rc = { inv, docs, imp_str(inv, name) };
	diag_add_source(d, rc.file, buf, len);
	if (o->json)
		return read_json(inv, NULL, buf, len, rc.file, o, d, docs);
	return ytree_parse_buffer(buf, len, rc.file, &o->limits, d, keep_doc, &rc);
}

/* Which files of a directory an importer reads. */
bool imp_json_name(const char *name)
{
	return ends_with(name, ".json") || ends_with(name, ".jsonl") || ends_with(name, ".tfstate");
}

/*
 * One input. YAML, and JSON from standard input or a FIFO, is read whole
 * within --max-input (kept for excerpts when it cannot be read again); a
 * JSON file streams through the parser, whose memory does not grow with
 * it (a plan of 727 MB), so it is opened with the same checks, unbounded.
 */
static int read_input(struct imp_inv *inv, const char *path, const struct imp_opts *o,
		      struct diag *d, struct ptrvec *docs)
{
	const char *name = imp_str(inv, strcmp(path, "-") ? path : "<stdin>");
	if (o->json) {
		bool stream;
		FILE *f = input_open_regular(path, d, &stream);
		if (f) {
			int r = read_json(inv, f, NULL, 0, name, o, d, docs);
			fclose(f);
			return r;
		}
		if (!stream)
			return -1;
	}
	char *buf;
	size_t len;
	bool regular;
	if (input_read(path, o->max_input, d, &buf, &len, &regular) < 0)
		return -1;
	int r;
	if (!regular) {
		r = imp_read_buffer(inv, name, buf, len, o, d, docs);
	} else {
		struct read_ctx c = { inv, docs, name };
		r = ytree_parse_buffer(buf, len, name, &o->limits, d, keep_doc, &c);
	}
	free(buf);
	return r;
}

int imp_read(struct imp_inv *inv, char **paths, int npaths, const struct imp_opts *o,
	     struct diag *d, struct ptrvec *docs)
{
	int rc = 0;
	for (int i = 0; i < npaths; i++) {
		struct ptrvec files = PTRVEC_INIT;
		struct stat st;
		if (strcmp(paths[i], "-") && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (walk_dir(paths[i], o->want, d, &files) < 0)
				rc = -1;
			if (!files.n)
				diag_msg(d, DIAG_WARNING, "no %s file in '%s'", o->files, paths[i]);
		} else {
			pv_push(&files, xstrdup(paths[i]));
		}
		for (size_t j = 0; j < files.n; j++) {
			if (read_input(inv, files.v[j], o, d, docs) < 0)
				rc = -1;
			free(files.v[j]);
		}
		pv_release(&files);
	}
	return rc;
}

/* ---- completing ---- */

static void use_terms(struct imp_inv *inv, enum imp_term_kind k, const struct ptrvec *v,
		      struct pos pos)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *id = v->v[i];
		if (strmap_get(&inv->terms[k], id, strlen(id)))
			continue;
		if (inv->have_catalog && strmap_get(&inv->cat_terms[k], id, strlen(id)))
			continue;
		imp_term(inv, k, id, pos);
	}
}

static const char *const region_hint_fmt = "; did you mean '%s'?";

int imp_check_opts(struct imp_inv *inv, const struct imp_opts *o, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < o->ndefault_regions; i++) {
		const char *hint;
		if (!imp_known_region(inv, o->default_regions[i], &hint)) {
			struct strbuf sb = STRBUF_INIT;
			if (hint)
				sb_addf(&sb, region_hint_fmt, hint);
			diag_msg(d, DIAG_ERROR, "--region: no region '%s' in the catalog%s",
				 o->default_regions[i], sb.buf ? sb.buf : "");
			sb_release(&sb);
			rc = -1;
		}
	}
	for (size_t i = 0; i < o->nper; i++) {
		const struct imp_region_arg *r = &o->per[i];
		for (size_t j = 0; j < r->nregions; j++) {
			const char *hint;
			if (imp_known_region(inv, r->regions[j], &hint))
				continue;
			struct strbuf sb = STRBUF_INIT;
			if (hint)
				sb_addf(&sb, region_hint_fmt, hint);
			diag_msg(d, DIAG_ERROR, "--region %s=...: no region '%s' in the catalog%s",
				 r->name, r->regions[j], sb.buf ? sb.buf : "");
			sb_release(&sb);
			rc = -1;
		}
	}
	return rc;
}

int imp_finish(struct imp_inv *inv, struct imp_opts *o, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < o->nper; i++) {
		struct imp_region_arg *r = &o->per[i];
		struct imp_service *s = imp_find_service(inv, r->name);
		if (!s) {
			struct suggest sg;
			suggest_init(&sg, r->name);
			for (size_t j = 0; j < inv->service_v.n; j++)
				suggest_add(&sg, ((struct imp_service *)inv->service_v.v[j])->id);
			const char *hint = suggest_best(&sg);
			struct strbuf sb = STRBUF_INIT;
			if (hint)
				sb_addf(&sb, region_hint_fmt, hint);
			diag_msg(d, DIAG_WARNING, "--region %s=...: no service '%s' was imported%s",
				 r->name, r->name, sb.buf ? sb.buf : "");
			sb_release(&sb);
			continue;
		}
		s->regions.n = 0;
		for (size_t j = 0; j < r->nregions; j++)
			imp_push_unique(&s->regions, imp_str(inv, r->regions[j]));
	}
	size_t missing = 0;
	for (size_t i = 0; i < inv->service_v.n; i++) {
		struct imp_service *s = inv->service_v.v[i];
		if (s->regions.n)
			continue;
		if (o->ndefault_regions) {
			for (size_t j = 0; j < o->ndefault_regions; j++)
				imp_push_unique(&s->regions, imp_str(inv, o->default_regions[j]));
			continue;
		}
		imp_diag(d, DIAG_ERROR, s->pos, "service '%s' has no region; resmap needs one for "
			"every service", s->id);
		missing++;
	}
	if (missing) {
		diag_msg(d, DIAG_NOTE, "%zu service%s without a region: give the regions in the "
			 "source (see 'resmap import --help'), or --region NAME=REGION per service, "
			 "or --region REGION for all the others", missing, missing == 1 ? "" : "s");
		rc = -1;
	}
	for (size_t i = 0; i < inv->service_v.n; i++) {
		struct imp_service *s = inv->service_v.v[i];
		if (s->tenant)
			imp_tenant(inv, s->tenant, s->pos);
		for (size_t j = 0; j < s->stores.n; j++) {
			struct imp_store *st = s->stores.v[j];
			use_terms(inv, IMP_DATA, &st->data, st->pos);
			use_terms(inv, IMP_SUBJECT, &st->subjects, st->pos);
			use_terms(inv, IMP_PURPOSE, &st->purposes, st->pos);
		}
		for (size_t j = 0; j < s->deps.n; j++) {
			struct imp_dep *dp = s->deps.v[j];
			use_terms(inv, IMP_DATA, &dp->sends, dp->pos);
		}
	}
	for (size_t i = 0; i < inv->policy_v.n; i++) {
		struct imp_policy *p = inv->policy_v.v[i];
		use_terms(inv, IMP_DATA, &p->data, p->pos);
		use_terms(inv, IMP_SUBJECT, &p->subjects, p->pos);
		use_terms(inv, IMP_PURPOSE, &p->purposes, p->pos);
	}
	return rc;
}

/* ---- writing ---- */

static int cmp_id(const void *a, const void *b)
{
	/* every object starts with its id */
	const char *x = **(const char *const *const *)a;
	const char *y = **(const char *const *const *)b;
	return strcmp(x, y);
}

static void **sorted(const struct ptrvec *v)
{
	void **s = xmalloc((v->n ? v->n : 1) * sizeof *s);
	if (v->n)
		memcpy(s, v->v, v->n * sizeof *s);
	xqsort(s, v->n, sizeof *s, cmp_id);
	return s;
}

static void write_list(struct yout *y, const char *key, const struct ptrvec *v, bool sort)
{
	if (!v->n)
		return;
	const char **items = xmalloc(v->n * sizeof *items);
	memcpy(items, v->v, v->n * sizeof *items);
	if (sort)
		xqsort(items, v->n, sizeof *items, cmp_strp);
	yout_klist(y, key, items, v->n);
	free(items);
}

static int cmp_dep(const void *a, const void *b)
{
	const struct imp_dep *x = *(const struct imp_dep *const *)a;
	const struct imp_dep *y = *(const struct imp_dep *const *)b;
	return strcmp(x->to, y->to);
}

static void write_service(struct yout *y, const struct imp_service *s)
{
	yout_map(y, s->id);
	for (size_t i = 0; i < s->comments.n; i++)
		yout_comment(y, "%s", (const char *)s->comments.v[i]);
	if (s->name)
		yout_kv(y, "name", s->name);
	if (s->tenant)
		yout_kv(y, "tenant", s->tenant);
	if (s->kind)
		yout_kv(y, "kind", s->kind);
	write_list(y, "regions", &s->regions, false);
	if (s->redundancy)
		yout_kv(y, "redundancy", s->redundancy);
	write_list(y, "replicas", &s->replicas, true);
	write_list(y, "access_from", &s->access_from, true);
	if (s->stores.n) {
		yout_seq(y, "stores");
		for (size_t i = 0; i < s->stores.n; i++) {
			const struct imp_store *st = s->stores.v[i];
			yout_map(y, NULL);
			write_list(y, "data", &st->data, true);
			write_list(y, "subjects", &st->subjects, true);
			write_list(y, "purposes", &st->purposes, true);
			yout_end(y);
		}
		yout_end(y);
	}
	if (s->deps.n) {
		struct imp_dep **deps = xmalloc(s->deps.n * sizeof *deps);
		memcpy(deps, s->deps.v, s->deps.n * sizeof *deps);
		xqsort(deps, s->deps.n, sizeof *deps, cmp_dep);
		yout_seq(y, "depends_on");
		for (size_t i = 0; i < s->deps.n; i++) {
			if (!deps[i]->sends.n) {
				yout_item(y, deps[i]->to);
				continue;
			}
			yout_map(y, NULL);
			yout_kv(y, "service", deps[i]->to);
			write_list(y, "sends", &deps[i]->sends, true);
			yout_end(y);
		}
		yout_end(y);
		free(deps);
	}
	yout_end(y);
}

static const char *const term_section[IMP__TERMS] = { "data", "subjects", "purposes" };

void imp_write(const struct imp_inv *inv, FILE *out)
{
	struct yout y;
	yout_init(&y, out);
	for (size_t i = 0; i < inv->header.n; i++)
		yout_comment(&y, "%s", (const char *)inv->header.v[i]);
	yout_kint(&y, "resmap", 1);
	if (inv->tenant_v.n) {
		yout_blank(&y);
		void **v = sorted(&inv->tenant_v);
		yout_map(&y, "tenants");
		for (size_t i = 0; i < inv->tenant_v.n; i++) {
			const struct imp_tenant *t = v[i];
			yout_map(&y, t->id);
			if (t->name)
				yout_kv(&y, "name", t->name);
			if (t->status)
				yout_kv(&y, "status", t->status);
			yout_end(&y);
		}
		yout_end(&y);
		free(v);
	}
	static const enum imp_term_kind order[] = { IMP_SUBJECT, IMP_PURPOSE, IMP_DATA };
	for (size_t o = 0; o < ARRAY_LEN(order); o++) {
		enum imp_term_kind k = order[o];
		if (!inv->term_v[k].n)
			continue;
		yout_blank(&y);
		void **v = sorted(&inv->term_v[k]);
		yout_map(&y, term_section[k]);
		for (size_t i = 0; i < inv->term_v[k].n; i++) {
			const struct imp_term *t = v[i];
			yout_map(&y, t->id);
			if (t->name)
				yout_kv(&y, "name", t->name);
			if (t->description)
				yout_kv(&y, "description", t->description);
			yout_end(&y);
		}
		yout_end(&y);
		free(v);
	}
	if (inv->service_v.n) {
		yout_blank(&y);
		void **v = sorted(&inv->service_v);
		yout_map(&y, "services");
		for (size_t i = 0; i < inv->service_v.n; i++)
			write_service(&y, v[i]);
		yout_end(&y);
		free(v);
	}
	if (inv->policy_v.n) {
		yout_blank(&y);
		void **v = sorted(&inv->policy_v);
		yout_map(&y, "policies");
		for (size_t i = 0; i < inv->policy_v.n; i++) {
			const struct imp_policy *p = v[i];
			yout_map(&y, p->id);
			for (size_t j = 0; j < p->comments.n; j++)
				yout_comment(&y, "%s", (const char *)p->comments.v[j]);
			if (p->description)
				yout_kv(&y, "description", p->description);
			yout_map(&y, "match");
			write_list(&y, "data", &p->data, true);
			write_list(&y, "subjects", &p->subjects, true);
			write_list(&y, "purposes", &p->purposes, true);
			yout_end(&y);
			yout_kbool(&y, "deny", true);
			yout_end(&y);
		}
		yout_end(&y);
		free(v);
	}
	yout_finish(&y);
}
