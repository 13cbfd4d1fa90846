/*
 * import_backstage: Backstage software-catalog descriptors
 * (apiVersion backstage.io/v1alpha1 or v1beta1) into a resmap inventory.
 *
 * Components and Resources become services; Groups and Users named as
 * owners become tenants; Systems and APIs are read so that references
 * through them resolve (a component that consumes an API depends on the
 * components that provide it). Locations, Domains and Templates describe
 * the catalog, not deployed things: each is noted and skipped.
 *
 * Backstage knows nothing of regions or personal data, so those come
 * from annotations (resmap.io/regions, resmap.io/stores, ...; the table
 * is in docs and `resmap import --help`). What cannot be mapped is a
 * warning at its position; entity references are resolved after every
 * file has been read, since they may point forward.
 */
#include "import/import.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/suggest.h"

enum bs_kind {
	BS_COMPONENT, BS_RESOURCE, BS_SYSTEM, BS_GROUP, BS_USER, BS_API,
	BS_LOCATION, BS_DOMAIN, BS_TEMPLATE, BS__KINDS
};
static const char *const bs_kind_names[BS__KINDS] = {
	"Component", "Resource", "System", "Group", "User", "API",
	"Location", "Domain", "Template",
};

struct bs_entity {
	enum bs_kind kind;
	const char *name, *ns;
	struct pos pos;
	const struct ynode *meta, *spec, *annotations;
	struct imp_service *svc;      /* components and resources */
	struct ptrvec providers;      /* APIs: struct bs_entity * providing it */
	struct ptrvec regions;        /* Systems: resmap.io/regions, once read */
	bool regions_read;
};

struct bs {
	struct imp_inv *inv;
	struct diag *d;
	struct strmap index;          /* "kind:ns/name" lower-case -> entity */
	struct ptrvec entities;
	struct strbuf key;
};

/* The resmap annotations understood; others under resmap.io/ are warned
 * about (with "did you mean"), every other annotation is left alone. */
static const char *const bs_annotations[] = {
	"resmap.io/regions", "resmap.io/stores", "resmap.io/redundancy",
	"resmap.io/access-from", "resmap.io/tenant-status", "resmap.io/kind",
};

/* spec.type -> resmap kind, where the meaning is clear. */
static const struct { const char *type, *kind; } bs_types[] = {
	{ "database", "database" },
	{ "storage", "storage" }, { "s3-bucket", "storage" }, { "bucket", "storage" },
	{ "blob-storage", "storage" }, { "object-storage", "storage" },
	{ "queue", "queue" }, { "kafka-topic", "queue" }, { "topic", "queue" },
	{ "message-queue", "queue" },
	{ "service", "compute" }, { "website", "compute" }, { "function", "compute" },
	{ "cdn", "cdn" },
};

static const char *const meta_known[] = {
	"name", "namespace", "title", "description", "labels", "annotations",
	"tags", "links", "uid", "etag", "generation",
};
static const char *const spec_known[] = {
	"type", "lifecycle", "owner", "system", "dependsOn", "dependencyOf",
	"providesApis", "consumesApis", "subcomponentOf", "domain", "definition",
	"profile", "memberOf", "members", "children", "parent", "targets", "target",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static void lower_into(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		sb_addc(sb, (char)tolower((unsigned char)*s));
}

static const char *index_key(struct bs *b, enum bs_kind k, const char *ns, const char *name)
{
	sb_reset(&b->key);
	lower_into(&b->key, bs_kind_names[k]);
	sb_addc(&b->key, ':');
	lower_into(&b->key, ns);
	sb_addc(&b->key, '/');
	lower_into(&b->key, name);
	return b->key.buf;
}

static struct bs_entity *lookup(struct bs *b, enum bs_kind k, const char *ns, const char *name)
{
	const char *key = index_key(b, k, ns, name);
	return strmap_get(&b->index, key, strlen(key));
}

static int parse_kind(const char *s)
{
	for (int k = 0; k < BS__KINDS; k++)
		if (!strcasecmp(s, bs_kind_names[k]))
			return k;
	return -1;
}

static const char *str_at(const struct ynode *map, const char *key)
{
	return imp_scalar(map ? ynode_get(map, key) : NULL);
}

/* ---- reading entities ---- */

static void read_entity(struct bs *b, const struct imp_doc *doc)
{
	const struct ynode *root = doc->root;
	struct diag *d = b->d;
	if (root->type != YN_MAP) {
		imp_diag(d, DIAG_WARNING, root->pos, "a Backstage descriptor is a mapping, not %s; "
			"skipped", ynode_type_name(root->type));
		return;
	}
	const struct ynode *av = ynode_get(root, "apiVersion");
	const char *api = imp_scalar(av);
	if (!api || strncmp(api, "backstage.io/", 13)) {
		imp_diag(d, DIAG_WARNING, av ? av->pos : root->pos,
			"not a Backstage descriptor (apiVersion %s%s%s); skipped",
			api ? "'" : "", api ? api : "missing", api ? "'" : "");
		return;
	}
	const struct ynode *kn = ynode_get(root, "kind");
	const char *ks = imp_scalar(kn);
	int kind = ks ? parse_kind(ks) : -1;
	if (kind < 0) {
		imp_diag(d, DIAG_WARNING, kn ? kn->pos : root->pos, "Backstage kind %s%s%s is not "
			"mapped; entity skipped", ks ? "'" : "", ks ? ks : "missing", ks ? "'" : "");
		return;
	}
	const struct ynode *meta = ynode_get(root, "metadata");
	const char *name = str_at(meta, "name");
	if (!meta || meta->type != YN_MAP || !name || !*name) {
		imp_diag(d, DIAG_WARNING, meta ? meta->pos : root->pos,
			"%s without metadata.name; skipped", bs_kind_names[kind]);
		return;
	}
	const char *why = imp_id_problem(name, false);
	if (why) {
		imp_diag(d, DIAG_WARNING, ynode_get(meta, "name")->pos, "metadata.name %s; "
			 "%s skipped", why, bs_kind_names[kind]);
		return;
	}
	const char *ns = str_at(meta, "namespace");
	struct bs_entity *e = arena_alloc(&b->inv->arena, sizeof *e);
	e->kind = (enum bs_kind)kind;
	e->name = imp_str(b->inv, name);
	e->ns = imp_str(b->inv, ns ? ns : "default");
	e->pos = ynode_get(meta, "name")->pos;
	e->meta = meta;
	e->spec = ynode_get(root, "spec");
	if (e->spec && e->spec->type != YN_MAP) {
		imp_expect(d, e->spec, YN_MAP, "spec");
		e->spec = NULL;
	}
	e->annotations = ynode_get(meta, "annotations");
	if (e->annotations && !imp_expect(d, e->annotations, YN_MAP, "metadata.annotations"))
		e->annotations = NULL;

	if (kind == BS_LOCATION || kind == BS_DOMAIN || kind == BS_TEMPLATE) {
		imp_diag(d, DIAG_NOTE, kn->pos, "%s '%s' ignored: %s", bs_kind_names[kind], name,
			kind == BS_LOCATION ? "resmap import reads the files given on the command "
			"line, not the targets a Location lists" : "it describes the catalog, not "
			"a deployed service");
		return;
	}
	const char *key = index_key(b, e->kind, e->ns, e->name);
	struct bs_entity *old = strmap_get(&b->index, key, strlen(key));
	if (old) {
		imp_diag(d, DIAG_WARNING, e->pos, "duplicate %s '%s' (namespace '%s'); skipped",
			bs_kind_names[kind], name, e->ns);
		imp_diag(d, DIAG_NOTE, old->pos, "first defined here");
		return;
	}
	key = imp_str(b->inv, key);
	strmap_put(&b->index, key, strlen(key), e);
	pv_push(&b->entities, e);

	for (size_t i = 0; i < meta->u.map.n; i++) {
		const char *k = meta->u.map.pairs[i].key->u.scalar.s;
		if (!in_list(k, meta_known, ARRAY_LEN(meta_known)))
			imp_diag(d, DIAG_WARNING, meta->u.map.pairs[i].key->pos,
				"metadata.%s is not mapped; ignored", k);
	}
	if (e->spec)
		for (size_t i = 0; i < e->spec->u.map.n; i++) {
			const char *k = e->spec->u.map.pairs[i].key->u.scalar.s;
			if (!in_list(k, spec_known, ARRAY_LEN(spec_known)))
				imp_diag(d, DIAG_WARNING, e->spec->u.map.pairs[i].key->pos,
					"spec.%s is not mapped; ignored", k);
		}
	if (e->annotations)
		for (size_t i = 0; i < e->annotations->u.map.n; i++) {
			const struct ynode *k = e->annotations->u.map.pairs[i].key;
			if (strncmp(k->u.scalar.s, "resmap.io/", 10) ||
			    in_list(k->u.scalar.s, bs_annotations, ARRAY_LEN(bs_annotations)))
				continue;
			struct suggest sg;
			suggest_init(&sg, k->u.scalar.s);
			for (size_t j = 0; j < ARRAY_LEN(bs_annotations); j++)
				suggest_add(&sg, bs_annotations[j]);
			const char *hint = suggest_best(&sg);
			if (hint)
				imp_diag(d, DIAG_WARNING, k->pos, "unknown annotation '%s'; ignored; "
					"did you mean '%s'?", k->u.scalar.s, hint);
			else
				imp_diag(d, DIAG_WARNING, k->pos, "unknown annotation '%s'; ignored",
					k->u.scalar.s);
		}
}

/* ---- references ---- */

struct ref {
	int kind;                 /* -1: not given */
	const char *ns, *name;    /* interned */
};

/* "[kind:][namespace/]name"; the namespace defaults to the referring
 * entity's, as in Backstage. Returns false when malformed. */
static bool parse_ref(struct bs *b, const char *s, const char *ns, struct ref *r)
{
	const char *colon = strchr(s, ':');
	const char *rest = s;
	r->kind = -1;
	if (colon) {
		char kbuf[32];
		size_t kl = (size_t)(colon - s);
		if (kl == 0 || kl >= sizeof kbuf)
			return false;
		memcpy(kbuf, s, kl);
		kbuf[kl] = 0;
		r->kind = parse_kind(kbuf);
		if (r->kind < 0)
			return false;
		rest = colon + 1;
	}
	const char *slash = strchr(rest, '/');
	if (slash) {
		if (slash == rest)
			return false;
		r->ns = imp_strn(b->inv, rest, (size_t)(slash - rest));
		rest = slash + 1;
	} else {
		r->ns = ns;
	}
	if (!*rest || strchr(rest, '/') || strchr(rest, ':') || imp_id_problem(rest, false))
		return false;
	r->name = imp_str(b->inv, rest);
	return true;
}

/* Entities a reference names: a component or resource itself, or the
 * providers of an API. Kind-less references try Component then Resource
 * (then API). Warns and returns 0 when nothing fits. */
static size_t resolve(struct bs *b, const struct bs_entity *from, const struct ynode *n,
		      int default_kind, const char *field, struct bs_entity **out, size_t max)
{
	const char *s = imp_scalar(n);
	if (!s) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "%s: an entity reference is a scalar, not %s; "
			"ignored", field, ynode_type_name(n->type));
		return 0;
	}
	struct ref r;
	if (!parse_ref(b, s, from->ns, &r)) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "%s: '%s' is not an entity reference "
			"([kind:][namespace/]name); ignored", field, s);
		return 0;
	}
	if (r.kind < 0)
		r.kind = default_kind;
	struct bs_entity *e = NULL;
	if (r.kind < 0) {
		e = lookup(b, BS_COMPONENT, r.ns, r.name);
		if (!e)
			e = lookup(b, BS_RESOURCE, r.ns, r.name);
		if (!e)
			e = lookup(b, BS_API, r.ns, r.name);
	} else {
		e = lookup(b, (enum bs_kind)r.kind, r.ns, r.name);
	}
	if (!e) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "%s: '%s' is not in the imported catalog; "
			"dependency dropped", field, s);
		return 0;
	}
	if (e->svc) {
		out[0] = e;
		return 1;
	}
	if (e->kind == BS_API) {
		if (!e->providers.n) {
			imp_diag(b->d, DIAG_WARNING, n->pos, "%s: no imported component provides API "
				"'%s'; dependency dropped", field, s);
			return 0;
		}
		size_t k = 0;
		for (size_t i = 0; i < e->providers.n && k < max; i++)
			out[k++] = e->providers.v[i];
		return k;
	}
	imp_diag(b->d, DIAG_WARNING, n->pos, "%s: '%s' is a %s, not a component or resource; "
		"dependency dropped", field, s, bs_kind_names[e->kind]);
	return 0;
}

/* The owner's id as a tenant: kind and namespace stripped. */
static const char *owner_tenant(struct bs *b, const struct bs_entity *e, const struct ynode *n,
				struct bs_entity **group)
{
	*group = NULL;
	const char *s = imp_scalar(n);
	struct ref r;
	if (!s || !parse_ref(b, s, e->ns, &r)) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "spec.owner is not an entity reference; "
			"no tenant");
		return NULL;
	}
	if (r.kind >= 0 && r.kind != BS_GROUP && r.kind != BS_USER)
		imp_diag(b->d, DIAG_WARNING, n->pos, "spec.owner '%s' is a %s, not a Group or User; "
			"taken as tenant '%s'", s, bs_kind_names[r.kind], r.name);
	*group = lookup(b, r.kind == BS_USER ? BS_USER : BS_GROUP, r.ns, r.name);
	if (!*group && r.kind < 0)
		*group = lookup(b, BS_USER, r.ns, r.name);
	return r.name;
}

/* ---- annotations ---- */

static const struct ynode *annotation(const struct bs_entity *e, const char *key)
{
	return e->annotations ? ynode_get(e->annotations, key) : NULL;
}

static const char *annotation_str(struct bs *b, const struct bs_entity *e, const char *key,
				  const struct ynode **node)
{
	*node = annotation(e, key);
	if (!*node)
		return NULL;
	const char *s = imp_scalar(*node);
	if (!s)
		imp_diag(b->d, DIAG_WARNING, (*node)->pos, "annotation '%s' should be a string; "
			"ignored", key);
	return s;
}

/* Splits a list on `sep`, trimming blanks; empty items and ids holding
 * blanks are warned about and left out. */
static void split_ids(struct bs *b, const char *s, size_t len, char sep, struct pos pos,
		      const char *what, bool dotted, struct ptrvec *out)
{
	const char *end = s + len;
	while (s <= end) {
		const char *e = memchr(s, sep, (size_t)(end - s));
		if (!e)
			e = end;
		const char *a = s, *z = e;
		while (a < z && isspace((unsigned char)*a))
			a++;
		while (z > a && isspace((unsigned char)z[-1]))
			z--;
		if (a == z) {
			imp_diag(b->d, DIAG_WARNING, pos, "%s: empty item; ignored", what);
		} else {
			bool blank = false;
			for (const char *p = a; p < z; p++)
				blank |= isspace((unsigned char)*p) != 0;
			const char *id = imp_strn(b->inv, a, (size_t)(z - a));
			const char *why = imp_id_problem(id, dotted);
			if (blank)
				imp_diag(b->d, DIAG_WARNING, pos, "%s: '%.*s' holds a space; ignored",
					what, (int)(z - a), a);
			else if (why && strstr(why, "control"))
				imp_diag(b->d, DIAG_WARNING, pos, "%s: an id %s; ignored", what, why);
			else if (why)
				imp_diag(b->d, DIAG_WARNING, pos, "%s: '%s' %s; ignored", what, id, why);
			else
				imp_push_unique(out, id);
		}
		if (e == end)
			break;
		s = e + 1;
	}
}

/*
 * resmap.io/stores: entries separated by ';', each
 *     DATA[,DATA...] [@ SUBJECT[,SUBJECT...]] [for PURPOSE[,PURPOSE...]]
 * e.g. "personal.contact.email@customers,eu-residents for service.provision".
 */
static void parse_stores(struct bs *b, struct imp_service *s, const struct ynode *n)
{
	const char *v = n->u.scalar.s;
	const char *what = "annotation 'resmap.io/stores'";
	while (*v) {
		const char *semi = strchr(v, ';');
		size_t len = semi ? (size_t)(semi - v) : strlen(v);
		const char *end = v + len;
		const char *forp = NULL;
		for (const char *p = v; p + 3 <= end; p++)
			if ((p == v || isspace((unsigned char)p[-1])) && !strncmp(p, "for", 3) &&
			    (p + 3 == end || isspace((unsigned char)p[3]))) {
				forp = p;
				break;
			}
		const char *dend = forp ? forp : end;
		const char *at = memchr(v, '@', (size_t)(dend - v));
		const char *dstop = at ? at : dend;
		const char *p = v;
		while (p < dstop && isspace((unsigned char)*p))
			p++;
		if (p == dstop) {
			imp_diag(b->d, DIAG_WARNING, n->pos, "%s: an entry names no data category; "
				"entry ignored", what);
		} else {
			struct imp_store *st = imp_add_store(b->inv, s, n->pos);
			split_ids(b, v, (size_t)(dstop - v), ',', n->pos, what, true, &st->data);
			if (at)
				split_ids(b, at + 1, (size_t)(dend - at - 1), ',', n->pos, what,
					  false, &st->subjects);
			if (forp)
				split_ids(b, forp + 3, (size_t)(end - forp - 3), ',', n->pos, what,
					  true, &st->purposes);
			if (!st->data.n) {
				/* every data id refused: drop the entry, which
				 * imp_release will not see (as import_fides does) */
				pv_release(&st->data);
				pv_release(&st->subjects);
				pv_release(&st->purposes);
				s->stores.n--;
			}
		}
		if (!semi)
			break;
		v = semi + 1;
	}
}

/* resmap.io/regions of e into out; false when e has no such annotation. */
static bool read_regions(struct bs *b, const struct bs_entity *e, struct ptrvec *out)
{
	const struct ynode *n;
	const char *v = annotation_str(b, e, "resmap.io/regions", &n);
	if (!v)
		return false;
	struct ptrvec ids = PTRVEC_INIT;
	split_ids(b, v, strlen(v), ',', n->pos, "annotation 'resmap.io/regions'", false, &ids);
	for (size_t i = 0; i < ids.n; i++) {
		const char *hint;
		if (imp_known_region(b->inv, ids.v[i], &hint)) {
			imp_push_unique(out, ids.v[i]);
		} else if (hint) {
			imp_diag(b->d, DIAG_WARNING, n->pos, "no region '%s' in the catalog; "
				 "ignored; did you mean '%s'?", (char *)ids.v[i], hint);
		} else {
			imp_diag(b->d, DIAG_WARNING, n->pos, "no region '%s' in the catalog; "
				 "ignored", (char *)ids.v[i]);
		}
	}
	pv_release(&ids);
	return true;
}

static void read_annotations(struct bs *b, struct bs_entity *e, struct imp_service *s)
{
	const struct ynode *n;
	const char *v;
	if (!read_regions(b, e, &s->regions)) {
		/* a System's regions are the default of its components and
		 * resources (read, and warned about, once) */
		const char *sys = str_at(e->spec, "system");
		struct bs_entity *se = NULL;
		struct ref r;
		if (sys && parse_ref(b, sys, e->ns, &r) && (r.kind < 0 || r.kind == BS_SYSTEM))
			se = lookup(b, BS_SYSTEM, r.ns, r.name);
		if (se && !se->regions_read) {
			read_regions(b, se, &se->regions);
			se->regions_read = true;
		}
		for (size_t i = 0; se && i < se->regions.n; i++)
			imp_push_unique(&s->regions, se->regions.v[i]);
	}
	if ((v = annotation_str(b, e, "resmap.io/access-from", &n))) {
		struct ptrvec ids = PTRVEC_INIT;
		split_ids(b, v, strlen(v), ',', n->pos, "annotation 'resmap.io/access-from'", false,
			  &ids);
		for (size_t i = 0; i < ids.n; i++) {
			const char *hint;
			if (imp_known_country(b->inv, ids.v[i], &hint))
				imp_push_unique(&s->access_from, ids.v[i]);
			else
				imp_diag(b->d, DIAG_WARNING, n->pos, "no country '%s' in the catalog; "
					"ignored%s%s%s", (char *)ids.v[i], hint ? "; did you mean '" : "",
					hint ? hint : "", hint ? "'?" : "");
		}
		pv_release(&ids);
	}
	if ((v = annotation_str(b, e, "resmap.io/redundancy", &n))) {
		if (!strcmp(v, "local") || !strcmp(v, "zone") || !strcmp(v, "geo"))
			s->redundancy = imp_str(b->inv, v);
		else
			imp_diag(b->d, DIAG_WARNING, n->pos, "annotation 'resmap.io/redundancy' is "
				"'%s', not local, zone or geo; ignored", v);
	}
	if ((v = annotation_str(b, e, "resmap.io/stores", &n)))
		parse_stores(b, s, n);
}

static bool valid_status(const char *v)
{
	return !strcmp(v, "active") || !strcmp(v, "suspended") || !strcmp(v, "disabled");
}

/* resmap.io/tenant-status on a Group or User, or on a service (for its
 * tenant). Two different statuses for one tenant: the first is kept. */
static void set_status(struct bs *b, struct imp_tenant *t, const struct bs_entity *e)
{
	const struct ynode *n;
	const char *v = annotation_str(b, e, "resmap.io/tenant-status", &n);
	if (!v)
		return;
	if (!valid_status(v)) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "annotation 'resmap.io/tenant-status' is '%s', "
			"not active, suspended or disabled; ignored", v);
		return;
	}
	if (t->status && strcmp(t->status, v)) {
		imp_diag(b->d, DIAG_WARNING, n->pos, "tenant '%s' is '%s' here but '%s' before; "
			"kept '%s'", t->id, v, t->status, t->status);
		imp_diag(b->d, DIAG_NOTE, t->status_pos, "status set here");
		return;
	}
	if (!t->status) {
		t->status = imp_str(b->inv, v);
		t->status_pos = n->pos;
	}
}

static const char *map_kind(struct bs *b, const struct bs_entity *e)
{
	const struct ynode *n;
	const char *v = annotation_str(b, e, "resmap.io/kind", &n);
	static const char *const kinds[] = {
		"storage", "database", "compute", "ai", "analytics", "backup", "queue",
		"cdn", "saas", "other",
	};
	if (v) {
		if (in_list(v, kinds, ARRAY_LEN(kinds)))
			return imp_str(b->inv, v);
		imp_diag(b->d, DIAG_WARNING, n->pos, "annotation 'resmap.io/kind' is '%s', not a "
			"resmap kind; ignored", v);
	}
	const struct ynode *tn = e->spec ? ynode_get(e->spec, "type") : NULL;
	const char *t = imp_scalar(tn);
	if (!t) {
		imp_diag(b->d, DIAG_NOTE, e->pos, "%s '%s' has no spec.type; kind 'other'",
			bs_kind_names[e->kind], e->name);
		return "other";
	}
	for (size_t i = 0; i < ARRAY_LEN(bs_types); i++)
		if (!strcasecmp(t, bs_types[i].type))
			return bs_types[i].kind;
	imp_diag(b->d, DIAG_NOTE, tn->pos, "spec.type '%s' has no clear resmap kind; kind 'other' "
		"(set annotation 'resmap.io/kind' to choose)", t);
	return "other";
}

static void add_deps(struct bs *b, const struct bs_entity *e, const struct ynode *list,
		     int default_kind, const char *field)
{
	struct imp_service *from = e->svc;
	if (!list)
		return;
	if (list->type == YN_SCALAR) {
		/* tolerated: one reference written without a list */
		struct bs_entity *to[64];
		size_t n = resolve(b, e, list, default_kind, field, to, ARRAY_LEN(to));
		for (size_t j = 0; j < n; j++)
			if (to[j]->svc != from)
				imp_add_dep(b->inv, from, to[j]->svc->id, list->pos);
		return;
	}
	if (!imp_expect(b->d, list, YN_SEQ, field))
		return;
	for (size_t i = 0; i < list->u.seq.n; i++) {
		struct bs_entity *to[64];
		size_t n = resolve(b, e, list->u.seq.items[i], default_kind, field, to, ARRAY_LEN(to));
		for (size_t j = 0; j < n; j++)
			if (to[j]->svc != from)
				imp_add_dep(b->inv, from, to[j]->svc->id, list->u.seq.items[i]->pos);
	}
}

static void register_apis(struct bs *b, struct bs_entity *e)
{
	const struct ynode *l = ynode_get(e->spec, "providesApis");
	if (!l || !imp_expect(b->d, l, YN_SEQ, "spec.providesApis"))
		return;
	for (size_t i = 0; i < l->u.seq.n; i++) {
		const char *s = imp_scalar(l->u.seq.items[i]);
		struct ref r;
		if (!s || !parse_ref(b, s, e->ns, &r)) {
			imp_diag(b->d, DIAG_WARNING, l->u.seq.items[i]->pos, "spec.providesApis: not "
				"an entity reference; ignored");
			continue;
		}
		struct bs_entity *api = lookup(b, BS_API, r.ns, r.name);
		if (!api) {
			/* an API with no descriptor of its own: create it, so
			 * that consumers still find the provider */
			api = arena_alloc(&b->inv->arena, sizeof *api);
			api->kind = BS_API;
			api->name = r.name;
			api->ns = r.ns;
			api->pos = l->u.seq.items[i]->pos;
			const char *key = imp_str(b->inv, index_key(b, BS_API, r.ns, r.name));
			strmap_put(&b->index, key, strlen(key), api);
			pv_push(&b->entities, api);
		}
		pv_push(&api->providers, e);
	}
}

int import_backstage(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d)
{
	struct bs b = { inv, d, { 0 }, PTRVEC_INIT, STRBUF_INIT };
	strmap_init(&b.index);
	inv->source = "Backstage catalog";
	pv_push(&inv->header, (void *)"Imported from a Backstage catalog by 'resmap import "
		"backstage'.");
	pv_push(&inv->header, (void *)"Regions and data come from resmap.io/* annotations or "
		"the command line; see 'resmap import --help'.");
	for (size_t i = 0; i < docs->n; i++)
		read_entity(&b, docs->v[i]);

	/* services first, so that references can find them */
	size_t nent = b.entities.n;
	for (size_t i = 0; i < nent; i++) {
		struct bs_entity *e = b.entities.v[i];
		if (e->kind != BS_COMPONENT && e->kind != BS_RESOURCE)
			continue;
		bool created;
		struct imp_service *s = imp_service(inv, e->name, e->pos, &created);
		if (!created) {
			imp_diag(d, DIAG_WARNING, e->pos, "a service named '%s' was imported already "
				"(namespace '%s' here); skipped", e->name, e->ns);
			imp_diag(d, DIAG_NOTE, s->pos, "first imported here");
			continue;
		}
		e->svc = s;
	}
	for (size_t i = 0; i < nent; i++) {
		struct bs_entity *e = b.entities.v[i];
		if (e->svc && e->spec)
			register_apis(&b, e);
	}
	for (size_t i = 0; i < nent; i++) {
		struct bs_entity *e = b.entities.v[i];
		if (e->kind == BS_GROUP || e->kind == BS_USER) {
			if (annotation(e, "resmap.io/tenant-status")) {
				struct imp_tenant *t = imp_tenant(inv, e->name, e->pos);
				set_status(&b, t, e);
			}
			continue;
		}
		if (!e->svc)
			continue;
		struct imp_service *s = e->svc;
		s->comments.n = 0;
		pv_push(&s->comments, (void *)imp_strf(inv, "Backstage %s '%s' at %s:%u",
			bs_kind_names[e->kind], e->name, e->pos.file, e->pos.line));
		const char *sys = str_at(e->spec, "system");
		if (sys)
			pv_push(&s->comments, (void *)imp_strf(inv, "system: %s", sys));
		const char *title = str_at(e->meta, "title");
		const char *desc = str_at(e->meta, "description");
		s->name = imp_str(inv, title ? title : desc);
		s->kind = map_kind(&b, e);
		const struct ynode *on = e->spec ? ynode_get(e->spec, "owner") : NULL;
		struct bs_entity *g = NULL;
		const char *tid = on ? owner_tenant(&b, e, on, &g) : NULL;
		if (!on)
			imp_diag(d, DIAG_WARNING, e->pos, "%s '%s' has no spec.owner; tenant "
				 "'unowned'", bs_kind_names[e->kind], e->name);
		else if (!tid)
			imp_diag(d, DIAG_NOTE, on->pos, "tenant 'unowned' for %s '%s'",
				 bs_kind_names[e->kind], e->name);
		/* resmap needs a tenant for every service */
		s->tenant = tid ? tid : imp_str(inv, "unowned");
		struct imp_tenant *t = imp_tenant(inv, s->tenant, on ? on->pos : e->pos);
		if (!tid && !t->name)
			t->name = "No owner in the Backstage catalog";
		if (g && !t->name) {
			const struct ynode *prof = g->spec ? ynode_get(g->spec, "profile") : NULL;
			const char *dn = str_at(prof, "displayName");
			if (!dn)
				dn = str_at(g->meta, "title");
			t->name = imp_str(inv, dn);
		}
		set_status(&b, t, e);
		read_annotations(&b, e, s);
		if (e->spec) {
			add_deps(&b, e, ynode_get(e->spec, "dependsOn"), -1, "spec.dependsOn");
			add_deps(&b, e, ynode_get(e->spec, "consumesApis"), BS_API,
				 "spec.consumesApis");
			const struct ynode *dof = ynode_get(e->spec, "dependencyOf");
			if (dof && imp_expect(d, dof, YN_SEQ, "spec.dependencyOf"))
				for (size_t j = 0; j < dof->u.seq.n; j++) {
					struct bs_entity *to[64];
					size_t n = resolve(&b, e, dof->u.seq.items[j], -1, "spec.dependencyOf",
							   to, ARRAY_LEN(to));
					for (size_t k = 0; k < n; k++)
						if (to[k]->svc != s)
							imp_add_dep(inv, to[k]->svc, s->id,
								    dof->u.seq.items[j]->pos);
				}
			/* a subcomponent is part of its parent: the parent depends on it */
			const struct ynode *sub = ynode_get(e->spec, "subcomponentOf");
			if (sub) {
				struct bs_entity *to[1];
				if (resolve(&b, e, sub, BS_COMPONENT, "spec.subcomponentOf", to, 1) &&
				    to[0]->svc != s)
					imp_add_dep(inv, to[0]->svc, s->id, sub->pos);
			}
		}
	}
	for (size_t i = 0; i < b.entities.n; i++) {
		pv_release(&((struct bs_entity *)b.entities.v[i])->providers);
		pv_release(&((struct bs_entity *)b.entities.v[i])->regions);
	}
	pv_release(&b.entities);
	strmap_release(&b.index);
	sb_release(&b.key);
	return 0;
}
