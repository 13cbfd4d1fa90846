/*
 * out_diff: a residency change (engine/diff.h) as `resmap diff` prints it.
 *
 * Formats:
 *   text  a headline "OLD -> NEW: ...", counts by data and country, then
 *         one section per kind of change, one sentence a line
 *   json  {"resmap":1,"old","new","summary":{...},"by_data_country":[...],
 *         "tenants_changed","services_added","services_removed",
 *         "services_moved","reach_gained","reach_lost",
 *         "violations_new","violations_fixed":[VIOLATION as in check],
 *         "facts_added","facts_removed":[FACT as in map]}
 *   md    a pull-request comment: headline, a count table, new
 *         violations unfolded, everything else in <details>
 */
#ifndef RESMAP_OUT_DIFF_H
#define RESMAP_OUT_DIFF_H

#include <stdio.h>

#include "engine/diff.h"

enum diff_format { DIFF_TEXT, DIFF_JSON, DIFF_MD, DIFF__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const diff_format_names[];

/* old_name and new_name are the inputs as given (paths or git:REV). */
void out_diff(FILE *out, enum diff_format fmt, const struct diff *df, const char *old_name,
	      const char *new_name);

#endif
