/*
 * init_files: the templates of `resmap init` (the files of data/init), embedded at
 * build time by tools/embed.c; named "init:inventory.yaml" and so on.
 */
#ifndef RESMAP_INIT_FILES_H
#define RESMAP_INIT_FILES_H

#include "load/catalog.h"

/* Terminated by an entry with name NULL. Sorted by name. */
extern const struct catalog_file init_files[];

#endif
