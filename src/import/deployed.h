/*
 * deployed: what the importers of deployed infrastructure share
 * (import_terraform.c, import_azure_graph.c, import_gcp_assets.c). Each
 * reads its JSON into resources (struct dres) that say what the source
 * says: address, type, region, tags, parent, references. dset_finish
 * then does the rest once for the three:
 *
 *   - kinds from a built-in table per provider of resource types
 *     (storage, database, queue, ai, analytics, backup, compute), types
 *     that hold no data skipped with a count, other types skipped with a
 *     warning per type; `--map` types override;
 *   - services: resources with the same `resmap-service` tag, else a
 *     resource and its children (a storage account and its containers,
 *     a database server and its databases), else the `--map` group_by;
 *   - stores from the tags `resmap-data`, `resmap-subjects`,
 *     `resmap-purposes` (GCP labels: `__` is `.`, `--` separates), and
 *     from the `--map` classification tags; tenant from `resmap-tenant`,
 *     else the `--map` tenants by subscription/account/project, else
 *     `--tenant`, else the subscription/account/project itself;
 *   - replicas, redundancy, and references as depends_on;
 *   - a comment per service naming its source addresses.
 *
 * Regions are catalog ids: dset_region normalises what a provider writes
 * (`West Europe`, `EU`, `us-west4-b`, zone URLs). Positions are JSON
 * paths (dset_pos). Ownership: everything lives in the imp_inv's arena,
 * but for the dset's vectors, freed by dset_release.
 */
#ifndef RESMAP_DEPLOYED_H
#define RESMAP_DEPLOYED_H

#include "import/import.h"

enum dprov { DP_OTHER, DP_AZURE, DP_AWS, DP_GCP };

struct dres {
	const char *file;
	const struct jnode *at;        /* the resource in the source */
	const char *address;           /* terraform address, ARM id, CAI name */
	const char *type;              /* as the source spells it */
	const char *name;              /* short name */
	enum dprov prov;
	const char *region;            /* catalog id, or NULL */
	const char *region_from;       /* without region: the resource whose region it has */
	const char *bad_region;        /* a location that could not be mapped */
	const struct jnode *bad_region_at;
	struct ptrvec replicas;        /* catalog ids */
	const char *redundancy;        /* local|zone|geo, or NULL */
	const struct jnode *tags;      /* object of tags or labels, or NULL */
	bool labels;                   /* GCP label encoding */
	const char *parent;            /* address of the resource it is part of */
	const char *parent_name;       /* or that resource's name */
	const char *group;             /* resource group or project */
	const char *module;            /* terraform module path ("" at the root) */
	const char *index_key;         /* terraform instance key ("[3]"): a reference to a
					* resource with count or for_each means the instance
					* with the same key when there is one */
	const char *account;           /* subscription, account or project */
	struct ptrvec refs;            /* addresses, ids or names it depends on */
	struct ptrvec replica_refs;    /* names of resources whose region holds a copy */
	bool replica_of_parent;        /* a read replica: its region is a replica */
	/* set by dset_finish */
	const char *kind;
	struct dres *owner;            /* the resource whose service it joins */
	struct imp_service *svc;
	const char *pos_file;          /* its position, once made (dset_finish) */
};

struct dmap;

struct dset {
	struct imp_inv *inv;
	struct diag *d;
	struct dmap *map;
	struct ptrvec res;             /* struct dres * */
	struct strmap by_addr;         /* address -> struct dres * */
	struct strmap by_name;         /* name -> struct dres * (first) */
};

/* Reads --map when given. Returns 0, or -1 after reporting. */
int dset_init(struct dset *s, struct imp_inv *inv, struct diag *d);
void dset_release(struct dset *s);

struct dres *dset_add(struct dset *s, const char *file, const struct jnode *at,
		      const char *address, const char *type, enum dprov prov);
/* Registers another name under which references find r. */
void dset_alias(struct dset *s, struct dres *r, const char *name);

/* The catalog region id for what provider p writes, or NULL. */
const char *dset_region(struct dset *s, enum dprov p, const char *raw);
/* Sets r's region from the string node n (remembering it when it does not
 * map). Returns true when a region was set. */
bool dset_set_region(struct dset *s, struct dres *r, const struct jnode *n);
void dset_add_replica(struct dset *s, struct dres *r, const char *region);

/* "FILE: PATH", as a position for messages (line 0). */
struct pos dset_pos(struct dset *s, const char *file, const struct jnode *n);

/* The provider of a resource type, by its spelling. */
enum dprov dset_provider(const char *type);

/* Builds the services into the inventory. Returns 0, or -1 after
 * reporting errors (a data resource with a location not in the catalog). */
int dset_finish(struct dset *s);

#endif
