/*
 * schema: the inventory format (load/format.h) as a JSON Schema, draft
 * 2020-12, for editors (the yaml-language-server modeline) and other
 * tools: every section, key, value type, required key and word, with
 * the descriptions of the table, and the ids of a catalog (regions,
 * providers, jurisdictions, data categories, subjects, purposes) offered
 * as enums beside the form an inventory's own ids must have.
 */
#ifndef RESMAP_SCHEMA_H
#define RESMAP_SCHEMA_H

#include <stdio.h>

#include "engine/model.h"

/* Writes the schema, byte for byte the same for the same catalog and
 * table; m is read for its built-in objects only. */
void schema_write(const struct model *m, FILE *out);

#endif
