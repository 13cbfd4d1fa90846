/*
 * import_terraform: `terraform show -json` of a plan (planned_values, or
 * prior_state with --prior) or of a state (values), and raw state v4 and
 * v3 (`terraform state pull`), into resources for deployed.c.
 *
 * Where the region is: azurerm and google write it on the resource
 * (location, region, zone); AWS before provider 6.0 only in the provider
 * configuration, which a plan keeps under configuration.provider_config
 * (a constant, or a reference to a variable whose value is in the plan's
 * variables or, in a module, in the module call), inherited by modules
 * that do not configure their own; AWS 6.0 and later write `region` on
 * the resource; raw state has no provider configuration, but ARNs carry
 * the region. Dependencies come from the configuration's references and
 * depends_on, the state's depends_on and raw state's dependencies.
 */
#include "import/deployed.h"

#include <string.h>

struct tf {
	struct dset *s;
	const char *file;
	const struct jnode *root;      /* the document */
	const struct jnode *config;    /* configuration, or NULL */
	struct strmap cfg;             /* config address (no instance keys) -> resource node */
};

/* ---- addresses ---- */

/* addr without its instance keys: module.a["x"].aws_s3_bucket.b[0] ->
 * module.a.aws_s3_bucket.b */
static const char *strip_keys(struct imp_inv *inv, const char *addr)
{
	struct strbuf sb = STRBUF_INIT;
	int depth = 0;
	bool quoted = false;
	for (const char *p = addr; *p; p++) {
		if (depth && quoted) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				quoted = false;
			continue;
		}
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth)
			depth--;
		else if (depth && *p == '"')
			quoted = true;
		else if (!depth)
			sb_addc(&sb, *p);
	}
	const char *r = imp_str(inv, sb.buf ? sb.buf : "");
	sb_release(&sb);
	return r;
}

static const char *join(struct imp_inv *inv, const char *module, const char *rest)
{
	return *module ? imp_strf(inv, "%s.%s", module, rest) : imp_str(inv, rest);
}

/* The module that calls module ("" for the root's children):
 * module.a.module.b -> module.a */
static const char *parent_module(struct imp_inv *inv, const char *module)
{
	const char *cut = NULL;
	for (const char *q = module; (q = strstr(q, ".module.")); q++)
		cut = q;
	return cut ? imp_strn(inv, module, (size_t)(cut - module)) : "";
}

/* ---- configuration ---- */

/* The configuration module at a module path ("" root), or NULL. */
static const struct jnode *cfg_module(const struct tf *t, const char *module, const struct jnode **call)
{
	const struct jnode *m = jget(t->config, "root_module");
	if (call)
		*call = NULL;
	const char *p = module;
	while (m && *p) {
		if (strncmp(p, "module.", 7))
			return NULL;
		p += 7;
		const char *e = strchr(p, '.');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char name[256];
		if (n >= sizeof name)
			return NULL;
		memcpy(name, p, n);
		name[n] = 0;
		const struct jnode *c = jget(jget(m, "module_calls"), name);
		if (call)
			*call = c;
		m = jget(c, "module");
		p += n + (e != NULL);
	}
	return m;
}

static void cfg_index(struct tf *t, const struct jnode *m, const char *module, int depth)
{
	if (!m || depth > 64)
		return;
	const struct jnode *rs = jget(m, "resources");
	for (uint32_t i = 0; jis(rs, J_ARR) && i < rs->n; i++) {
		const char *a = jstrk(&rs->v.kids[i], "address");
		if (!a)
			continue;
		const char *full = join(t->s->inv, module, a);
		strmap_put(&t->cfg, full, strlen(full), (void *)&rs->v.kids[i]);
	}
	const struct jnode *calls = jget(m, "module_calls");
	for (uint32_t i = 0; jis(calls, J_OBJ) && i < calls->n; i++) {
		const struct jnode *c = &calls->v.kids[i];
		cfg_index(t, jget(c, "module"), join(t->s->inv, module, imp_strf(t->s->inv,
			  "module.%s", c->key)), depth + 1);
	}
}

/* The value of an expression ({constant_value} or {references: [var.X]})
 * in a module: variables of the root from the plan's variables (their
 * value, not the default), of a module from its call. */
static const char *expr_value(const struct tf *t, const struct jnode *e, const char *module,
			      int depth)
{
	if (!e || depth > 32)
		return NULL;
	const char *c = jstrk(e, "constant_value");
	if (c)
		return c;
	const struct jnode *refs = jget(e, "references");
	if (!jis(refs, J_ARR) || !refs->n)
		return NULL;
	const char *r = jstr(&refs->v.kids[0]);
	if (!r || strncmp(r, "var.", 4))
		return NULL;
	const char *var = r + 4;
	if (!*module)
		return jstrk(jget(jget(t->root, "variables"), var), "value");
	const struct jnode *call;
	cfg_module(t, module, &call);
	return expr_value(t, jget(jget(call, "expressions"), var), parent_module(t->s->inv, module),
			  depth + 1);
}

/* The region of the provider configuration key (e.g. "aws",
 * "module.db:aws", "aws.eu"), inherited from the parent module when the
 * module's own configuration has none. */
static const char *provider_region(const struct tf *t, const char *key, const char *attr)
{
	const struct jnode *pc = jget(t->config, "provider_config");
	char buf[512];
	snprintf(buf, sizeof buf, "%s", key);
	for (int guard = 0; guard < 64; guard++) {
		const struct jnode *p = jget(pc, buf);
		const char *colon = strrchr(buf, ':');
		const char *module = "";
		if (colon)
			module = imp_strn(t->s->inv, buf, (size_t)(colon - buf));
		const char *ma = jstrk(p, "module_address");
		if (ma)
			module = ma;
		const char *v = expr_value(t, jget(jget(p, "expressions"), attr), module, 0);
		if (v)
			return v;
		/* up one module: module.a.module.b:aws -> module.a:aws -> aws */
		if (!colon)
			return NULL;
		char name[256];
		snprintf(name, sizeof name, "%s", colon + 1);
		const char *up = parent_module(t->s->inv, imp_strn(t->s->inv, buf,
							   (size_t)(colon - buf)));
		if (*up)
			snprintf(buf, sizeof buf, "%s:%s", up, name);
		else
			snprintf(buf, sizeof buf, "%s", name);
	}
	return NULL;
}

static const char *ref_resource(struct imp_inv *inv, const char *ref);

/* Where an unknown location comes from: the configuration's expression
 * for attr, through module variables, to a constant (returned) or to a
 * resource (*res, whose own location dset_finish takes). */
static const char *expr_source(const struct tf *t, const struct jnode *e, const char *module,
			       const char **res, int depth)
{
	if (!e || depth > 32)
		return NULL;
	const char *c = jstrk(e, "constant_value");
	if (c)
		return c;
	const struct jnode *refs = jget(e, "references");
	for (uint32_t i = 0; jis(refs, J_ARR) && i < refs->n; i++) {
		const char *r = jstr(&refs->v.kids[i]);
		if (!r)
			continue;
		if (!strncmp(r, "var.", 4)) {
			if (!*module)
				return jstrk(jget(jget(t->root, "variables"), r + 4), "value");
			const struct jnode *call;
			cfg_module(t, module, &call);
			return expr_source(t, jget(jget(call, "expressions"), r + 4),
					   parent_module(t->s->inv, module), res, depth + 1);
		}
		const char *rr = ref_resource(t->s->inv, r);
		if (rr) {
			*res = join(t->s->inv, module, rr);
			return NULL;
		}
	}
	return NULL;
}

/* ---- one resource ---- */

/* Field n (0-based) of an ARN, arn:PARTITION:SERVICE:REGION:ACCOUNT:...,
 * or NULL when the ARN has none (S3 and IAM ARNs have no region). */
static const char *arn_field(struct imp_inv *inv, const char *arn, int n)
{
	if (!arn || strncmp(arn, "arn:", 4))
		return NULL;
	const char *p = arn;
	for (int i = 0; i < n; i++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	const char *e = strchr(p, ':');
	return e && e > p ? imp_strn(inv, p, (size_t)(e - p)) : NULL;
}

/* The first reference in refs that names a resource (not var., local.,
 * data., module outputs...): "azurerm_storage_account.sa[0].name" ->
 * "azurerm_storage_account.sa". */
static const char *ref_resource(struct imp_inv *inv, const char *ref)
{
	static const char *const not_res[] = { "var.", "local.", "data.", "module.", "count.",
					       "each.", "path.", "self.", "terraform." };
	for (size_t i = 0; i < ARRAY_LEN(not_res); i++)
		if (!strncmp(ref, not_res[i], strlen(not_res[i])))
			return NULL;
	const char *dot = strchr(ref, '.');
	if (!dot)
		return NULL;
	const char *e = dot + 1;
	while (*e && *e != '.' && *e != '[')
		e++;
	return imp_strn(inv, ref, (size_t)(e - ref));
}

static void add_ref(struct tf *t, struct dres *r, const char *module, const char *ref)
{
	const char *res = ref_resource(t->s->inv, ref);
	if (res)
		imp_push_unique(&r->refs, join(t->s->inv, module, res));
}

static void config_refs(struct tf *t, struct dres *r, const struct jnode *e, const char *module,
			int depth)
{
	if (!e || depth > 32)
		return;
	if (e->type == J_OBJ) {
		const struct jnode *refs = jget(e, "references");
		for (uint32_t i = 0; jis(refs, J_ARR) && i < refs->n; i++)
			if (jstr(&refs->v.kids[i]))
				add_ref(t, r, module, refs->v.kids[i].v.s);
	}
	if (e->type == J_OBJ || e->type == J_ARR)
		for (uint32_t i = 0; i < e->n; i++)
			if (!e->v.kids[i].key || strcmp(e->v.kids[i].key, "references"))
				config_refs(t, r, &e->v.kids[i], module, depth + 1);
}

/* The parent of a child resource (a container's storage account): its
 * attribute's value as a name or id, else the configuration's reference. */
static void set_parent(struct tf *t, struct dres *r, const struct jnode *vals,
		       const struct jnode *cfgres, const char *module)
{
	static const char *const attrs[] = { "storage_account_id", "storage_account_name",
		"server_id", "server_name", "account_name", "namespace_id", "namespace_name",
		"bucket", "cluster_identifier", "instance", "dataset_id", "instance_name",
		"topic", "cluster", "cognitive_account_id", "replicate_source_db",
		"master_instance_name" };
	for (size_t i = 0; i < ARRAY_LEN(attrs); i++) {
		const struct jnode *v = jget(vals, attrs[i]);
		const struct jnode *e = jget(jget(cfgres, "expressions"), attrs[i]);
		if (!v && !e)
			continue;
		const char *sv = jstr(v);
		if (sv && *sv) {
			r->parent_name = sv;
			/* ARM ids and GCP paths: the last segment names it too */
			const char *slash = strrchr(sv, '/');
			if (slash && slash[1] && strncmp(sv, "arn:", 4))
				r->parent = sv;
			if (slash && slash[1])
				r->parent_name = imp_str(t->s->inv, slash + 1);
			return;
		}
		const struct jnode *refs = jget(e, "references");
		for (uint32_t k = 0; jis(refs, J_ARR) && k < refs->n; k++) {
			const char *rr = jstr(&refs->v.kids[k]);
			const char *res = rr ? ref_resource(t->s->inv, rr) : NULL;
			if (res) {
				r->parent = join(t->s->inv, module, res);
				break;
			}
		}
		return;
	}
}

static void replication(struct tf *t, struct dres *r, const struct jnode *vals)
{
	struct dset *s = t->s;
	const char *rt = jstrk(vals, "account_replication_type");
	if (rt) {
		if (strstr(rt, "GRS") || strstr(rt, "GZRS"))
			r->redundancy = "geo";
		else if (!strcmp(rt, "ZRS"))
			r->redundancy = "zone";
		else if (!strcmp(rt, "LRS"))
			r->redundancy = "local";
	}
	const char *sec = jstrk(vals, "secondary_location");
	if (sec && *sec)
		dset_add_replica(s, r, dset_region(s, r->prov, sec));
	/* cosmos geo_location; dynamodb replica; mssql failover partner_server */
	const struct jnode *gl = jget(vals, "geo_location");
	for (uint32_t i = 0; jis(gl, J_ARR) && i < gl->n; i++) {
		const struct jnode *g = &gl->v.kids[i];
		const char *loc = dset_region(s, r->prov, jstrk(g, "location"));
		const struct jnode *fp = jget(g, "failover_priority");
		if (fp && fp->type == J_NUM && !strcmp(fp->v.s, "0") && !r->region)
			r->region = loc;
		else if (loc && loc != r->region)
			dset_add_replica(s, r, loc);
	}
	const struct jnode *rep = jget(vals, "replica");
	for (uint32_t i = 0; jis(rep, J_ARR) && i < rep->n; i++) {
		const char *rn = jstrk(&rep->v.kids[i], "region_name");
		if (!rn)
			rn = jstrk(&rep->v.kids[i], "region");
		dset_add_replica(s, r, dset_region(s, r->prov, rn));
	}
	const struct jnode *ps = jget(vals, "partner_server");
	for (uint32_t i = 0; jis(ps, J_ARR) && i < ps->n; i++)
		dset_add_replica(s, r, dset_region(s, r->prov, jstrk(&ps->v.kids[i], "location")));
	/* aws_s3_bucket_replication_configuration: destination buckets */
	const struct jnode *rules = jget(vals, "rule");
	for (uint32_t i = 0; jis(rules, J_ARR) && i < rules->n; i++) {
		const struct jnode *dst = jget(&rules->v.kids[i], "destination");
		for (uint32_t k = 0; jis(dst, J_ARR) && k < dst->n; k++) {
			const char *b = jstrk(&dst->v.kids[k], "bucket");
			if (b && !strncmp(b, "arn:aws:s3:::", 13))
				pv_push(&r->replica_refs, (void *)imp_str(s->inv, b + 13));
		}
	}
	/* read replicas: their region is the source's replica */
	if (jstrk(vals, "replicate_source_db") || jstrk(vals, "master_instance_name"))
		r->replica_of_parent = true;
	/* google_sql_database_instance availability_type REGIONAL: zone pair */
	const struct jnode *set = jget(vals, "settings");
	const char *at = jis(set, J_ARR) && set->n ? jstrk(&set->v.kids[0], "availability_type") : NULL;
	if (at && !strcmp(at, "REGIONAL"))
		r->redundancy = "zone";
	/* GCS custom dual-region */
	const struct jnode *cpc = jget(vals, "custom_placement_config");
	for (uint32_t i = 0; jis(cpc, J_ARR) && i < cpc->n; i++) {
		const struct jnode *dl = jget(&cpc->v.kids[i], "data_locations");
		for (uint32_t k = 0; jis(dl, J_ARR) && k < dl->n; k++)
			dset_add_replica(s, r, dset_region(s, r->prov, jstr(&dl->v.kids[k])));
	}
}

struct tfres {
	const struct jnode *at, *vals, *deps;
	const char *address, *type, *name, *module, *provider_key, *provider;
	const struct jnode *index;
};

static void one(struct tf *t, const struct tfres *x)
{
	struct dset *s = t->s;
	struct imp_inv *inv = s->inv;
	enum dprov prov = dset_provider(x->type);
	struct dres *r = dset_add(s, t->file, x->at, x->address, x->type, prov);
	const struct jnode *vals = x->vals;
	r->module = x->module;
	size_t alen = strlen(x->address);
	if (alen && x->address[alen - 1] == ']') {
		const char *b = strrchr(x->address, '[');
		/* the last key, when it belongs to the resource, not a module */
		if (b && !strchr(b, '.'))
			r->index_key = imp_str(inv, b);
	}
	r->name = jstrk(vals, "name");
	if (!r->name || !*r->name)
		r->name = jstrk(vals, "bucket");
	if (!r->name || !*r->name)
		r->name = x->name;
	dset_alias(s, r, jstrk(vals, "name"));
	dset_alias(s, r, jstrk(vals, "bucket"));
	dset_alias(s, r, jstrk(vals, "identifier"));
	dset_alias(s, r, jstrk(vals, "dataset_id"));
	const char *id = jstrk(vals, "id");
	if (id && *id) {
		dset_alias(s, r, id);
		if (strchr(id, '/'))
			dset_alias(s, r, jstr(jget(vals, "id")));
	}
	dset_alias(s, r, jstrk(vals, "arn"));
	const char *cfgaddr = strip_keys(inv, x->address);
	dset_alias(s, r, cfgaddr);
	const struct jnode *tags = jget(vals, "tags");
	if (!jis(tags, J_OBJ))
		tags = jget(vals, "labels");
	if (jis(tags, J_OBJ)) {
		r->tags = tags;
		r->labels = prov == DP_GCP;
	}
	r->group = jstrk(vals, "resource_group_name");
	if (!r->group)
		r->group = jstrk(vals, "project");
	const char *arn = jstrk(vals, "arn");
	r->account = arn_field(inv, arn, 4);
	if (!r->account && prov == DP_GCP)
		r->account = jstrk(vals, "project");
	const struct jnode *cfgres = t->config ? strmap_get(&t->cfg, cfgaddr, strlen(cfgaddr)) : NULL;
	/* region */
	bool got = false;
	static const char *const loc_attrs[] = { "location", "region", "zone", "availability_zone" };
	for (size_t i = 0; !got && i < ARRAY_LEN(loc_attrs); i++) {
		const struct jnode *n = jget(vals, loc_attrs[i]);
		if (jstr(n) && *jstr(n))
			got = dset_set_region(s, r, n);
	}
	if (!got && prov != DP_AZURE && t->config) {
		const char *key = jstrk(cfgres, "provider_config_key");
		/* inside modules terraform writes "NAME:aws" (the module's own name)
		 * while provider_config is keyed "module.A.module.NAME:aws" */
		const char *colon = key ? strchr(key, ':') : NULL;
		if (colon && *x->module && strncmp(key, "module.", 7))
			key = imp_strf(inv, "%s%s", x->module, colon);
		const char *pv = key ? provider_region(t, key, "region") : NULL;
		if (!pv && key && prov == DP_GCP)
			pv = provider_region(t, key, "zone");
		if (pv)
			r->region = dset_region(s, prov, pv);
		got = r->region != NULL;
	}
	if (!got && prov != DP_AWS && cfgres) {
		/* unknown until apply: follow the configuration (location =
		 * azurerm_resource_group.main.location, var.location, ...) */
		for (size_t i = 0; !got && i < 3; i++) {
			const char *res = NULL;
			const char *v = expr_source(t, jget(jget(cfgres, "expressions"), loc_attrs[i]),
						    x->module, &res, 0);
			if (v)
				got = (r->region = dset_region(s, prov, v)) != NULL;
			else if (res)
				r->region_from = res;
		}
	}
	if (!got && prov == DP_AWS && arn) {
		const char *ar = arn_field(inv, arn, 3);
		if (ar)
			r->region = dset_region(s, prov, ar);
	}
	replication(t, r, vals);
	set_parent(t, r, vals, cfgres, x->module);
	/* dependencies */
	if (cfgres) {
		config_refs(t, r, jget(cfgres, "expressions"), x->module, 0);
		const struct jnode *dep = jget(cfgres, "depends_on");
		for (uint32_t i = 0; jis(dep, J_ARR) && i < dep->n; i++)
			if (jstr(&dep->v.kids[i]))
				add_ref(t, r, x->module, dep->v.kids[i].v.s);
	}
	for (uint32_t i = 0; jis(x->deps, J_ARR) && i < x->deps->n; i++) {
		const char *dep = jstr(&x->deps->v.kids[i]);
		if (dep)
			imp_push_unique(&r->refs, strip_keys(inv, dep));
	}
}

/* ---- the formats ---- */

/* values.root_module of `terraform show -json` (plan or state) */
static void show_module(struct tf *t, const struct jnode *m, int depth)
{
	if (!m || depth > 64)
		return;
	const char *maddr = jstrk(m, "address");
	const char *module = maddr ? strip_keys(t->s->inv, maddr) : "";
	const struct jnode *rs = jget(m, "resources");
	for (uint32_t i = 0; jis(rs, J_ARR) && i < rs->n; i++) {
		const struct jnode *r = &rs->v.kids[i];
		const char *mode = jstrk(r, "mode");
		if (mode && strcmp(mode, "managed"))
			continue;
		struct tfres x = { 0 };
		x.at = r;
		x.vals = jget(r, "values");
		x.deps = jget(r, "depends_on");
		x.address = jstrk(r, "address");
		x.type = jstrk(r, "type");
		x.name = jstrk(r, "name");
		x.module = module;
		if (!x.address || !x.type || !x.name) {
			imp_diag(t->s->d, DIAG_WARNING, dset_pos(t->s, t->file, r),
				 "a resource without address, type or name; skipped");
			continue;
		}
		one(t, &x);
	}
	const struct jnode *ch = jget(m, "child_modules");
	for (uint32_t i = 0; jis(ch, J_ARR) && i < ch->n; i++)
		show_module(t, &ch->v.kids[i], depth + 1);
}

static void raw_v4(struct tf *t, const struct jnode *rs)
{
	struct imp_inv *inv = t->s->inv;
	for (uint32_t i = 0; jis(rs, J_ARR) && i < rs->n; i++) {
		const struct jnode *r = &rs->v.kids[i];
		const char *mode = jstrk(r, "mode");
		if (mode && strcmp(mode, "managed"))
			continue;
		const char *type = jstrk(r, "type"), *name = jstrk(r, "name");
		if (!type || !name) {
			imp_diag(t->s->d, DIAG_WARNING, dset_pos(t->s, t->file, r),
				 "a resource without type or name; skipped");
			continue;
		}
		const char *module = jstrk(r, "module");
		module = module ? strip_keys(inv, module) : "";
		const char *maddr = jstrk(r, "module");
		const struct jnode *insts = jget(r, "instances");
		for (uint32_t k = 0; jis(insts, J_ARR) && k < insts->n; k++) {
			const struct jnode *in = &insts->v.kids[k];
			const struct jnode *ik = jget(in, "index_key");
			const char *base = imp_strf(inv, "%s%s%s.%s", maddr ? maddr : "",
						    maddr ? "." : "", type, name);
			const char *addr = base;
			if (jis(ik, J_NUM))
				addr = imp_strf(inv, "%s[%s]", base, ik->v.s);
			else if (jis(ik, J_STR))
				addr = imp_strf(inv, "%s[\"%s\"]", base, ik->v.s);
			struct tfres x = { 0 };
			x.at = in;
			x.vals = jget(in, "attributes");
			x.deps = jget(in, "dependencies");
			x.address = addr;
			x.type = type;
			x.name = name;
			x.module = module;
			one(t, &x);
		}
	}
}

/* Raw state v3: flat attributes ("tags.Name": "x"); the tags become an
 * object so that deployed.c reads them as it reads the others. */
static struct jnode *v3_values(struct imp_inv *inv, const struct jnode *attrs)
{
	struct jnode *vals = arena_alloc(&inv->arena, sizeof *vals);
	memset(vals, 0, sizeof *vals);
	vals->type = J_OBJ;
	if (!jis(attrs, J_OBJ))
		return vals;
	uint32_t ntags = 0;
	for (uint32_t i = 0; i < attrs->n; i++)
		if (!strncmp(attrs->v.kids[i].key, "tags.", 5) && strcmp(attrs->v.kids[i].key, "tags.%"))
			ntags++;
	vals->n = attrs->n + 1;
	vals->v.kids = arena_alloc(&inv->arena, vals->n * sizeof *vals->v.kids);
	memcpy(vals->v.kids, attrs->v.kids, attrs->n * sizeof *vals->v.kids);
	struct jnode *tags = &vals->v.kids[attrs->n];
	memset(tags, 0, sizeof *tags);
	tags->type = J_OBJ;
	tags->key = "tags";
	tags->up = attrs;
	tags->v.kids = arena_alloc(&inv->arena, (ntags ? ntags : 1) * sizeof *tags->v.kids);
	for (uint32_t i = 0; i < attrs->n; i++) {
		const struct jnode *a = &attrs->v.kids[i];
		if (strncmp(a->key, "tags.", 5) || !strcmp(a->key, "tags.%"))
			continue;
		struct jnode *k = &tags->v.kids[tags->n++];
		*k = *a;
		k->key = imp_str(inv, a->key + 5);
	}
	return vals;
}

static void raw_v3(struct tf *t, const struct jnode *mods)
{
	struct imp_inv *inv = t->s->inv;
	for (uint32_t i = 0; jis(mods, J_ARR) && i < mods->n; i++) {
		const struct jnode *m = &mods->v.kids[i];
		const struct jnode *path = jget(m, "path");
		struct strbuf mod = STRBUF_INIT;
		for (uint32_t k = 1; jis(path, J_ARR) && k < path->n; k++)
			if (jstr(&path->v.kids[k]))
				sb_addf(&mod, "%smodule.%s", mod.len ? "." : "", path->v.kids[k].v.s);
		const char *module = imp_str(inv, mod.buf ? mod.buf : "");
		sb_release(&mod);
		const struct jnode *rs = jget(m, "resources");
		for (uint32_t k = 0; jis(rs, J_OBJ) && k < rs->n; k++) {
			const struct jnode *r = &rs->v.kids[k];
			if (!strncmp(r->key, "data.", 5))
				continue;
			const char *type = jstrk(r, "type");
			const char *dot = strchr(r->key, '.');
			if (!type || !dot)
				continue;
			struct tfres x = { 0 };
			x.at = r;
			x.vals = v3_values(inv, jget(jget(r, "primary"), "attributes"));
			x.deps = jget(r, "depends_on");
			x.address = join(inv, module, r->key);
			x.type = type;
			x.name = imp_str(inv, dot + 1);
			x.module = module;
			one(t, &x);
		}
	}
}

int import_terraform(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d)
{
	struct dset s;
	if (dset_init(&s, inv, d) < 0) {
		dset_release(&s);
		return -1;
	}
	bool prior = inv->opts && inv->opts->prior;
	int rc = 0;
	pv_push(&inv->header, (void *)imp_strf(inv, "imported from Terraform %s by resmap import "
					       "terraform%s", prior ? "prior state" : "JSON",
					       prior ? " --prior" : ""));
	for (size_t i = 0; i < docs->n; i++) {
		const struct imp_doc *doc = docs->v[i];
		const struct jnode *root = doc->json;
		struct tf t = { 0 };
		t.s = &s;
		t.file = doc->file;
		t.root = root;
		strmap_init(&t.cfg);
		if (!jis(root, J_OBJ)) {
			imp_diag(d, DIAG_ERROR, dset_pos(&s, doc->file, root), "expected a JSON object "
				 "(terraform show -json, or a state file)");
			rc = -1;
			strmap_release(&t.cfg);
			continue;
		}
		t.config = jget(root, "configuration");
		if (t.config)
			cfg_index(&t, jget(t.config, "root_module"), "", 0);
		const struct jnode *v;
		if (prior) {
			v = jgetp(root, "prior_state.values.root_module");
			if (!v && (jget(root, "planned_values") || jget(root, "resource_changes") ||
				   jget(root, "configuration")))
				diag_msg(d, DIAG_NOTE, "%s: the plan has no prior_state (nothing was "
					 "deployed before it): the inventory has no services", doc->file);
			else if (!v)
				goto unknown;
			show_module(&t, v, 0);
		} else if ((v = jgetp(root, "planned_values.root_module"))) {
			show_module(&t, v, 0);
		} else if ((v = jgetp(root, "values.root_module"))) {
			show_module(&t, v, 0);
		} else if (jis(jget(root, "resources"), J_ARR)) {
			raw_v4(&t, jget(root, "resources"));
		} else if (jis(jget(root, "modules"), J_ARR)) {
			raw_v3(&t, jget(root, "modules"));
		} else if (jget(root, "format_version") || jget(root, "version")) {
			/* an empty plan or state */
		} else {
unknown:
			imp_diag(d, DIAG_ERROR, dset_pos(&s, doc->file, root), "not Terraform JSON: "
				 "expected planned_values, values, resources (state v4) or modules "
				 "(state v3)%s", prior ? ", and with --prior a plan's prior_state" : "");
			rc = -1;
		}
		strmap_release(&t.cfg);
	}
	if (dset_finish(&s) < 0)
		rc = -1;
	dset_release(&s);
	return rc;
}
