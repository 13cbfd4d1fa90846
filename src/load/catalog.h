/*
 * catalog: the built-in catalog, the data/ YAML files embedded at build time.
 * Loaded through the same loader as user inventories; positions in it
 * read "catalog:regions.yaml:12:3".
 */
#ifndef RESMAP_CATALOG_H
#define RESMAP_CATALOG_H

#include <stddef.h>

struct catalog_file {
	const char *name;          /* "catalog:regions.yaml" */
	const char *data;          /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry with name NULL. Sorted by name. */
extern const struct catalog_file catalog_files[];

#endif
