/*
 * import_gcp_assets: GCP Cloud Asset Inventory into resources for
 * deployed.c. Reads exports (exportAssets, one asset per line, or a JSON
 * array of assets, `asset_type` or `assetType`, old `google.compute.*`
 * types too) and `gcloud asset search-all-resources --format=json`
 * (a bare array of results with `location`, `labels`, `project`).
 *
 * The location is resource.location in newer exports; older ones have it
 * only inside resource.data: `location` (buckets `EU`, BigQuery), `region`
 * (SQL), a `zone` URL (instances), Spanner's instance `config`, App
 * Engine's `locationId` (`us-central`), `gceZone`. Children (BigQuery
 * tables, Spanner databases, Bigtable tables and clusters) join the
 * service of the resource their name is under.
 */
#include "import/deployed.h"

#include <string.h>

/* the project of a full resource name: //svc/projects/P/... */
static const char *project_of(struct imp_inv *inv, const char *name)
{
	const char *p = strstr(name, "/projects/");
	if (!p)
		return NULL;
	p += 10;
	const char *e = strchr(p, '/');
	return imp_strn(inv, p, e ? (size_t)(e - p) : strlen(p));
}

/* a name without its last two segments: .../datasets/d/tables/t -> .../datasets/d */
static const char *up_two(struct imp_inv *inv, const char *name)
{
	const char *e = strrchr(name, '/');
	for (int i = 0; e && i < 1; i++) {
		const char *q = e;
		while (q > name && q[-1] != '/')
			q--;
		e = q > name ? q - 1 : NULL;
	}
	return e && e > name ? imp_strn(inv, name, (size_t)(e - name)) : NULL;
}

static bool child_type(const char *t)
{
	static const char *const kids[] = { "bigquery.googleapis.com/Table",
		"spanner.googleapis.com/Database", "bigtableadmin.googleapis.com/Table",
		"bigtableadmin.googleapis.com/Cluster", "bigtableadmin.googleapis.com/AppProfile",
		"container.googleapis.com/NodePool", "sqladmin.googleapis.com/Database" };
	for (size_t i = 0; i < ARRAY_LEN(kids); i++)
		if (!strcasecmp(t, kids[i]))
			return true;
	return false;
}

static void one(struct dset *s, const char *file, const struct jnode *a)
{
	struct imp_inv *inv = s->inv;
	const char *name = jstrk(a, "name");
	const char *type = jstrk(a, "asset_type");
	if (!type)
		type = jstrk(a, "assetType");
	if (!name || !type) {
		imp_diag(s->d, DIAG_WARNING, dset_pos(s, file, a),
			 "an asset without name or asset type; skipped");
		return;
	}
	struct dres *r = dset_add(s, file, a, name, type, DP_GCP);
	const struct jnode *res = jget(a, "resource");
	const struct jnode *data = jget(res, "data");
	const char *slash = strrchr(name, '/');
	r->name = jstrk(data, "name");
	if (r->name && strchr(r->name, '/'))
		r->name = strrchr(r->name, '/') + 1;
	if (!r->name || !*r->name)
		r->name = slash && slash[1] ? imp_str(inv, slash + 1) : name;
	dset_alias(s, r, jstrk(data, "selfLink"));
	r->labels = true;
	r->tags = jget(a, "labels");
	if (!jis(r->tags, J_OBJ))
		r->tags = jget(data, "labels");
	if (!jis(r->tags, J_OBJ))
		r->tags = jgetp(data, "metadata.labels");   /* Cloud Run, Kubernetes-style */
	if (!jis(r->tags, J_OBJ))
		r->tags = NULL;
	const char *proj = jstrk(a, "project");
	r->account = proj ? proj : project_of(inv, name);
	if (r->account && !strncmp(r->account, "projects/", 9))
		r->account = imp_str(inv, r->account + 9);
	r->group = r->account;
	/* location, newest place first */
	const struct jnode *cands[] = {
		jget(a, "location"), jget(res, "location"), jget(data, "location"),
		jget(data, "region"), jget(data, "locationId"), jget(data, "zone"),
		jget(data, "gceZone"), jget(data, "config"),
	};
	bool got = false;
	for (size_t i = 0; !got && i < ARRAY_LEN(cands); i++)
		if (jstr(cands[i]) && *jstr(cands[i]))
			got = dset_set_region(s, r, cands[i]);
	/* the full resource name has it too: .../regions/R/..., .../zones/Z/... */
	static const char *const segs[] = { "/regions/", "/zones/", "/locations/" };
	for (size_t i = 0; !got && !r->bad_region && i < ARRAY_LEN(segs); i++) {
		const char *p = strstr(name, segs[i]);
		if (!p)
			continue;
		p += strlen(segs[i]);
		const char *e = strchr(p, '/');
		const char *id = dset_region(s, DP_GCP, imp_strn(inv, p, e ? (size_t)(e - p) : strlen(p)));
		if (id && strcmp(id, "gcp:global")) {
			r->region = id;
			got = true;
		}
	}
	if (child_type(type))
		r->parent = up_two(inv, name);
	const char *master = jstrk(data, "masterInstanceName");
	if (master && *master) {
		const char *c = strchr(master, ':');
		r->parent_name = imp_str(inv, c ? c + 1 : master);
		r->replica_of_parent = true;
	}
	dset_alias(s, r, jstrk(data, "name"));
	const char *topic = jstrk(data, "topic");
	if (topic && strstr(type, "pubsub"))
		r->parent = imp_strf(inv, "//pubsub.googleapis.com/%s", topic);
	const char *avail = jstrk(jget(data, "settings"), "availabilityType");
	if (avail && !strcmp(avail, "REGIONAL"))
		r->redundancy = "zone";
}

int import_gcp_assets(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d)
{
	struct dset s;
	if (dset_init(&s, inv, d) < 0) {
		dset_release(&s);
		return -1;
	}
	int rc = 0;
	pv_push(&inv->header, (void *)imp_str(inv, "imported from GCP Cloud Asset Inventory by "
					      "resmap import gcp-assets"));
	for (size_t i = 0; i < docs->n; i++) {
		const struct imp_doc *doc = docs->v[i];
		const struct jnode *root = doc->json;
		if (jis(root, J_ARR)) {
			for (uint32_t k = 0; k < root->n; k++)
				if (jis(&root->v.kids[k], J_OBJ))
					one(&s, doc->file, &root->v.kids[k]);
		} else if (jis(root, J_OBJ) && jis(jget(root, "assets"), J_ARR)) {
			const struct jnode *as = jget(root, "assets");
			for (uint32_t k = 0; k < as->n; k++)
				one(&s, doc->file, &as->v.kids[k]);
		} else if (jis(root, J_OBJ) && jis(jget(root, "results"), J_ARR)) {
			const struct jnode *as = jget(root, "results");
			for (uint32_t k = 0; k < as->n; k++)
				one(&s, doc->file, &as->v.kids[k]);
		} else if (jis(root, J_OBJ) && jget(root, "name")) {
			one(&s, doc->file, root);
		} else {
			imp_diag(d, DIAG_ERROR, dset_pos(&s, doc->file, root), "not a Cloud Asset "
				 "Inventory asset: expected an object with name and asset_type, or an "
				 "array of them");
			rc = -1;
		}
	}
	if (dset_finish(&s) < 0)
		rc = -1;
	dset_release(&s);
	return rc;
}
