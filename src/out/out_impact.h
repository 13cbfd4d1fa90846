/*
 * out_impact: an impact (engine/impact.h) as `resmap impact` prints it:
 * text for a terminal, JSON (facts and violations as in map and check;
 * see doc/whatif.md), or Markdown for a ticket or a pull request.
 */
#ifndef RESMAP_OUT_IMPACT_H
#define RESMAP_OUT_IMPACT_H

#include <stdio.h>

#include "engine/impact.h"

enum impact_format { IMPACT_TEXT, IMPACT_JSON, IMPACT_MD, IMPACT__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const impact_format_names[];

void out_impact(FILE *out, enum impact_format fmt, const struct impact *im);

#endif
