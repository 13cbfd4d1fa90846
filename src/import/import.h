/*
 * import: turns other tools' descriptions of systems into a resmap
 * inventory (resmap import). Each importer (import_backstage.c,
 * import_fides.c) reads its documents and fills a `struct imp_inv`, an
 * inventory under construction that holds only strings and positions;
 * imp_write then writes it as YAML that resmap's loader reads back.
 *
 * What an importer cannot map is a warning at file:line:col through the
 * diag, never dropped in silence. What resmap needs and the source does
 * not say (every service must have a region) comes from options; when it
 * cannot, it is an error and nothing is written.
 *
 * Ownership: every string and object of an imp_inv lives in its arena
 * and is freed by imp_release.
 */
#ifndef RESMAP_IMPORT_H
#define RESMAP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/jtree.h"
#include "base/strmap.h"
#include "base/util.h"
#include "base/walk.h"
#include "base/ytree.h"

/* `--region NAME=REGION[,REGION...]`: regions of one service. */
struct imp_region_arg {
	const char *name;
	const char **regions;  size_t nregions;
	bool used;
};

struct imp_opts {
	const char **default_regions;  size_t ndefault_regions;   /* --region REGION */
	struct imp_region_arg *per;  size_t nper;                 /* --region NAME=REGION */
	struct ytree_limits limits;
	size_t max_input;         /* bytes one input may hold (--max-input) */
	bool no_catalog;          /* do not check ids against the built-in catalog (tests) */
	/* the deployed-infrastructure importers (deployed.h) */
	bool json;                /* inputs are JSON, not YAML */
	/* the files a directory contributes, and how a message names them;
	 * imp_opts_init sets walk_yaml_name, "*.yaml or *.yml" */
	walk_want_fn want;
	const char *files;
	const char *const *json_skip;   /* root members not kept (jtree) */
	const char *tenant;       /* --tenant */
	const char *map_file;     /* --map */
	bool prior;               /* --prior: a plan's prior_state, not planned_values */
};
void imp_opts_init(struct imp_opts *o);
void imp_opts_release(struct imp_opts *o);
/* Parses one --region argument. Returns 0, or -1 when it is malformed. */
int imp_opts_add_region(struct imp_opts *o, const char *arg);

/* A data category, subject or purpose to declare. */
enum imp_term_kind { IMP_DATA, IMP_SUBJECT, IMP_PURPOSE, IMP__TERMS };

struct imp_term {
	const char *id;
	struct pos pos;
	const char *name, *description;   /* may be NULL */
	bool declared;         /* defined by the source, not only used */
};

struct imp_tenant {
	const char *id;
	struct pos pos;
	const char *name;      /* may be NULL */
	const char *status;    /* active|suspended|disabled, or NULL */
	struct pos status_pos;
};

struct imp_store {
	struct pos pos;
	struct ptrvec data, subjects, purposes;   /* const char * ids */
};

struct imp_dep {
	struct pos pos;
	const char *to;
	struct ptrvec sends;   /* const char * ids; empty: plain dependency */
};

struct imp_service {
	const char *id;
	struct pos pos;
	const char *name, *tenant, *kind, *redundancy;   /* may be NULL */
	struct ptrvec regions;       /* const char * region ids */
	struct ptrvec replicas;      /* const char * region ids */
	struct ptrvec access_from;   /* const char * country codes */
	struct ptrvec stores;        /* struct imp_store * */
	struct ptrvec deps;          /* struct imp_dep * */
	struct ptrvec comments;      /* const char * lines, written above the entry */
};

struct imp_policy {
	const char *id;
	struct pos pos;
	const char *description;
	struct ptrvec data, subjects, purposes;   /* match keys, const char * */
	struct ptrvec comments;
};

struct imp_inv {
	struct arena arena;
	struct strmap strings;                 /* intern table */
	struct strmap tenants, services, policies, terms[IMP__TERMS];
	struct ptrvec tenant_v, service_v, policy_v, term_v[IMP__TERMS];
	struct ptrvec header;                  /* comment lines at the top */
	const char *source;                    /* "Backstage catalog", "Fides manifests" */
	/* ids of the built-in catalog (empty with no_catalog) */
	struct strmap cat_terms[IMP__TERMS], cat_regions, cat_countries;
	bool have_catalog;
	const struct imp_opts *opts;           /* as given to imp_init */
};

void imp_init(struct imp_inv *inv, const struct imp_opts *o, struct diag *d);
void imp_release(struct imp_inv *inv);

const char *imp_str(struct imp_inv *inv, const char *s);
const char *imp_strn(struct imp_inv *inv, const char *s, size_t n);
const char *imp_strf(struct imp_inv *inv, const char *fmt, ...) ATTR_PRINTF(2, 3);

/* Get-or-create. *created (may be NULL) tells which. */
struct imp_service *imp_service(struct imp_inv *inv, const char *id, struct pos pos, bool *created);
struct imp_service *imp_find_service(const struct imp_inv *inv, const char *id);
struct imp_tenant *imp_tenant(struct imp_inv *inv, const char *id, struct pos pos);
struct imp_term *imp_term(struct imp_inv *inv, enum imp_term_kind k, const char *id, struct pos pos);
struct imp_policy *imp_policy(struct imp_inv *inv, const char *id, struct pos pos, bool *created);
struct imp_store *imp_add_store(struct imp_inv *inv, struct imp_service *s, struct pos pos);
/* Adds a dependency unless s has one on `to` already; returns it either way. */
struct imp_dep *imp_add_dep(struct imp_inv *inv, struct imp_service *s, const char *to, struct pos pos);
/* Appends id to v unless present (v's are small: linear). */
void imp_push_unique(struct ptrvec *v, const char *id);

/* True when the built-in catalog has a region / country with this id
 * (always true without a catalog). When not, *hint is a near id or NULL. */
bool imp_known_region(const struct imp_inv *inv, const char *id, const char **hint);
bool imp_known_country(const struct imp_inv *inv, const char *id, const char **hint);

/* One parsed document, kept (copied out of ytree's arena) until the
 * importer has seen all of them: references may point forward. */
struct imp_doc {
	const struct ynode *root;
	const struct jnode *json;   /* instead of root with imp_opts.json */
	const char *file;
};

/*
 * Reads every path (a file, "-" for standard input, or a directory: every
 * file below it imp_opts.want accepts, in sorted path order; with
 * imp_opts.json each JSON value a doc) into docs (struct imp_doc *).
 * Returns 0, or -1 when an input could not be read or parsed (reported).
 */
int imp_read(struct imp_inv *inv, char **paths, int npaths, const struct imp_opts *o,
	     struct diag *d, struct ptrvec *docs);

/* As imp_read, for one in-memory input (tests); the buffer is copied. */
int imp_read_buffer(struct imp_inv *inv, const char *name, const char *buf, size_t len,
		    const struct imp_opts *o, struct diag *d, struct ptrvec *docs);

/* Checks the region ids of the options against the catalog. Returns 0,
 * or -1 after reporting. */
int imp_check_opts(struct imp_inv *inv, const struct imp_opts *o, struct diag *d);

/*
 * Checks and completes the inventory: regions from the options, declared
 * taxonomy for every term used that the built-in catalog lacks, a tenant
 * entry for every tenant used. Returns 0, or -1 after reporting errors
 * that leave nothing to write (a service with no region).
 */
int imp_finish(struct imp_inv *inv, struct imp_opts *o, struct diag *d);

/* Writes the inventory, every section and id in sorted order. */
void imp_write(const struct imp_inv *inv, FILE *out);

/*
 * The importers, a table (importers.c): one row per source format, read
 * by `resmap import` for the FORMAT word, the parser and the directory
 * walk's file names, and the help. Adding an importer is one file in
 * src/import/ (its read function, declared below) and one row.
 */
struct importer {
	const char *name;                  /* FORMAT of `resmap import FORMAT` */
	/* fills inv from the parsed documents: 0, or -1 when unusable */
	int (*read)(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);
	bool json;                         /* its inputs are JSON, not YAML */
	walk_want_fn want;                 /* the files a directory contributes */
	const char *files;                 /* "*.yaml or *.yml", for messages */
	/* adjusts the options to the format (may be NULL) */
	void (*prepare)(struct imp_opts *o);
	bool prior;                        /* takes --prior */
	const char *help;                  /* its section of --help, or NULL */
};
size_t importer_count(void);
const struct importer *importer_at(size_t i);
/* The names of the rows joined: "backstage|fides|..." (sep "|"), or
 * "backstage, fides, ... or gcp-assets" (sep NULL). */
void importer_names(struct strbuf *sb, const char *sep);
/* The row named name, or NULL. */
const struct importer *importer_find(const char *name);
/*
 * What `resmap import NAME` and `resmap init --from NAME` run: sets the
 * format fields of o for imp, initializes inv (release it with
 * imp_release whatever the result), reads paths, maps them with imp and
 * completes the inventory. Returns 0 when inv is ready for imp_write,
 * -1 after reporting why not.
 */
int imp_run(const struct importer *imp, struct imp_opts *o, char **paths, int npaths,
	    struct imp_inv *inv, struct diag *d);
/* *.json, *.jsonl and *.tfstate: the files of the JSON sources (the
 * YAML ones take walk_yaml_name). */
bool imp_json_name(const char *name);

/* The read functions of the rows. Return 0, or -1 when the input was unusable. */
int import_backstage(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);
int import_fides(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);
int import_terraform(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);
int import_azure_graph(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);
int import_gcp_assets(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d);

/*
 * diag_at for the importers. A big catalog can hold thousands of things
 * that do not map, and diag re-reads a file for each excerpt: after the
 * first IMP_EXCERPTS messages the rest are printed without the source
 * excerpt (still positioned), so that the run stays linear.
 */
#define IMP_EXCERPTS 50
void imp_diag(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, ...)
	ATTR_PRINTF(4, 5);

/* Small helpers shared by the importers. */
/* Why s cannot be a resmap id (empty, a control character, or with dotted
 * set an empty segment between dots), or NULL when it can. */
const char *imp_id_problem(const char *s, bool dotted);
const char *imp_scalar(const struct ynode *n);        /* NULL unless a scalar */
/* Warns about a node that has the wrong type; returns false then. */
bool imp_expect(struct diag *d, const struct ynode *n, enum ynode_type t, const char *what);

#endif
