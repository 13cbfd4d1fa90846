/*
 * import_azure_graph: Azure Resource Graph results into resources for
 * deployed.c. Reads the objectArray form (`data: [{...}]`, REST 2021-03-01),
 * the older table form (`data: {columns, rows}`), the `az graph query`
 * wrapper (`count`, `data`, `skip_token`, `total_records`), the REST
 * examples' envelope (`responses.200.body`), and bare arrays
 * (`az resource list`, `az group list`).
 *
 * ARM ids name their parents (a storage account's blob service, a SQL
 * server's databases), so grouping needs no table here; `managedBy`
 * attaches disks to machines. Replication: the SKU (Standard_GRS, ...),
 * properties.secondaryLocation, Cosmos DB properties.locations, SQL
 * failover groups' partner servers. Ids inside properties become
 * dependencies.
 */
#include "import/deployed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A row: an object, or an array read through the table's columns. */
struct row {
	const struct jnode *n;
	const struct jnode *cols;   /* NULL for an object */
};

static const struct jnode *col(const struct row *r, const char *name)
{
	if (!r->cols)
		return jget(r->n, name);
	for (uint32_t i = 0; i < r->cols->n && i < r->n->n; i++)
		if (!strcmp(jstrk(&r->cols->v.kids[i], "name") ? jstrk(&r->cols->v.kids[i], "name")
			    : "", name))
			return &r->n->v.kids[i];
	return NULL;
}

static const char *cols(const struct row *r, const char *name)
{
	return jstr(col(r, name));
}

/* /subscriptions/S/resourceGroups/G/providers/NS/T1/N1/T2/N2 ->
 * /subscriptions/S/resourceGroups/G/providers/NS/T1/N1 (NULL at the top) */
static const char *parent_id(struct imp_inv *inv, const char *id)
{
	const char *p = strstr(id, "/providers/");
	if (!p)
		p = strstr(id, "/PROVIDERS/");
	if (!p)
		return NULL;
	p += 11;
	int slashes = 0;
	for (const char *q = p; *q; q++) {
		if (*q == '/' && ++slashes == 3)
			return imp_strn(inv, id, (size_t)(q - id));
	}
	return NULL;
}

static const char *id_segment(struct imp_inv *inv, const char *id, const char *after)
{
	size_t n = strlen(after);
	for (const char *p = id; (p = strchr(p, '/')); p++) {
		if (strncasecmp(p + 1, after, n) || p[1 + n] != '/')
			continue;
		const char *b = p + 2 + n, *e = strchr(b, '/');
		return imp_strn(inv, b, e ? (size_t)(e - b) : strlen(b));
	}
	return NULL;
}

static const char *lower_id(struct imp_inv *inv, const char *id)
{
	size_t n = strlen(id);
	char *l = arena_strndup(&inv->arena, id, n);
	for (size_t i = 0; i < n; i++)
		l[i] = (char)tolower((unsigned char)l[i]);
	return imp_str(inv, l);
}

/* ARM ids anywhere inside properties become references. */
static void id_refs(struct dset *s, struct dres *r, const struct jnode *n, int depth)
{
	if (!n || depth > 16)
		return;
	if (n->type == J_STR) {
		if (!strncasecmp(n->v.s, "/subscriptions/", 15) && strstr(n->v.s, "/providers/") &&
		    strcmp(n->v.s, r->address))
			imp_push_unique(&r->refs, lower_id(s->inv, n->v.s));
		return;
	}
	if (n->type == J_OBJ || n->type == J_ARR)
		for (uint32_t i = 0; i < n->n; i++)
			id_refs(s, r, &n->v.kids[i], depth + 1);
}

static void one(struct dset *s, const char *file, const struct row *rw)
{
	struct imp_inv *inv = s->inv;
	const char *id = cols(rw, "id");
	const char *type = cols(rw, "type");
	if (!id || !type) {
		imp_diag(s->d, DIAG_WARNING, dset_pos(s, file, rw->n),
			 "a row without id or type; skipped");
		return;
	}
	struct dres *r = dset_add(s, file, rw->n, id, type, DP_AZURE);
	dset_alias(s, r, lower_id(inv, id));
	r->name = cols(rw, "name");
	r->group = cols(rw, "resourceGroup");
	if (!r->group)
		r->group = id_segment(inv, id, "resourceGroups");
	r->account = cols(rw, "subscriptionId");
	if (!r->account)
		r->account = id_segment(inv, id, "subscriptions");
	const struct jnode *tags = col(rw, "tags");
	if (jis(tags, J_OBJ))
		r->tags = tags;
	const struct jnode *loc = col(rw, "location");
	if (jstr(loc) && *jstr(loc))
		dset_set_region(s, r, loc);
	const char *pid = parent_id(inv, id);
	if (pid)
		r->parent = lower_id(inv, pid);
	const char *mb = cols(rw, "managedBy");
	if (mb && *mb)
		r->parent = lower_id(inv, mb);
	const struct jnode *props = col(rw, "properties");
	const char *sku = jstrk(col(rw, "sku"), "name");
	if (sku) {
		if (strstr(sku, "GRS") || strstr(sku, "GZRS"))
			r->redundancy = "geo";
		else if (strstr(sku, "ZRS"))
			r->redundancy = "zone";
		else if (strstr(sku, "LRS"))
			r->redundancy = "local";
	}
	const char *sec = jstrk(props, "secondaryLocation");
	if (sec && *sec)
		dset_add_replica(s, r, dset_region(s, DP_AZURE, sec));
	static const char *const lists[] = { "locations", "readLocations", "writeLocations" };
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		const struct jnode *l = jget(props, lists[k]);
		for (uint32_t i = 0; jis(l, J_ARR) && i < l->n; i++) {
			const char *rg = dset_region(s, DP_AZURE, jstrk(&l->v.kids[i], "locationName"));
			if (rg && rg != r->region)
				dset_add_replica(s, r, rg);
		}
	}
	const struct jnode *ps = jget(props, "partnerServers");
	for (uint32_t i = 0; jis(ps, J_ARR) && i < ps->n; i++)
		dset_add_replica(s, r, dset_region(s, DP_AZURE, jstrk(&ps->v.kids[i], "location")));
	id_refs(s, r, props, 0);
}

static void rows(struct dset *s, const char *file, const struct jnode *data)
{
	if (jis(data, J_ARR)) {
		for (uint32_t i = 0; i < data->n; i++) {
			struct row rw = { &data->v.kids[i], NULL };
			if (jis(rw.n, J_OBJ))
				one(s, file, &rw);
		}
		return;
	}
	const struct jnode *c = jget(data, "columns"), *rs = jget(data, "rows");
	for (uint32_t i = 0; jis(c, J_ARR) && jis(rs, J_ARR) && i < rs->n; i++) {
		struct row rw = { &rs->v.kids[i], c };
		if (jis(rw.n, J_ARR))
			one(s, file, &rw);
	}
}

int import_azure_graph(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d)
{
	struct dset s;
	if (dset_init(&s, inv, d) < 0) {
		dset_release(&s);
		return -1;
	}
	int rc = 0;
	pv_push(&inv->header, (void *)imp_str(inv, "imported from Azure Resource Graph by resmap "
					      "import azure-graph"));
	for (size_t i = 0; i < docs->n; i++) {
		const struct imp_doc *doc = docs->v[i];
		const struct jnode *root = doc->json;
		const struct jnode *body = jgetp(root, "responses.200.body");
		if (body)
			root = body;
		if (jis(root, J_ARR)) {
			rows(&s, doc->file, root);
			continue;
		}
		const struct jnode *data = jget(root, "data");
		if (!jis(data, J_ARR) && !jis(data, J_OBJ)) {
			imp_diag(d, DIAG_ERROR, dset_pos(&s, doc->file, root), "not a Resource Graph "
				 "result: expected 'data' (objectArray or table) or an array of "
				 "resources (az resource list)");
			rc = -1;
			continue;
		}
		rows(&s, doc->file, data);
		const char *skip = jstrk(root, "skip_token");
		if (!skip)
			skip = jstrk(root, "$skipToken");
		if (skip && *skip)
			imp_diag(d, DIAG_WARNING, dset_pos(&s, doc->file, root), "the result has more "
				 "pages (skip_token): query again with --skip-token and import every page");
		const struct jnode *tot = jget(root, "totalRecords");
		if (!tot)
			tot = jget(root, "total_records");
		uint32_t have = jis(data, J_ARR) ? data->n : jis(jget(data, "rows"), J_ARR) ?
				jget(data, "rows")->n : 0;
		if (jis(tot, J_NUM) && strtoul(tot->v.s, NULL, 10) > have)
			imp_diag(d, DIAG_WARNING, dset_pos(&s, doc->file, root), "the result holds %u "
				 "of %s records: the rest is not imported", have, tot->v.s);
	}
	if (dset_finish(&s) < 0)
		rc = -1;
	dset_release(&s);
	return rc;
}
