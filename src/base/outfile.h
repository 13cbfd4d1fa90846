/*
 * outfile: atomic output. Writing goes to a temporary file beside the
 * target, which replaces the target only when everything was written and
 * flushed; a failed run leaves an existing file untouched. "-" (or NULL)
 * is standard output.
 */
#ifndef RESMAP_OUTFILE_H
#define RESMAP_OUTFILE_H

#include <stdio.h>

#include "base/diag.h"

struct outfile {
	FILE *fp;            /* write here */
	char *path;          /* target, NULL for stdout */
	char *tmp;           /* temporary beside it */
};

/* Returns 0, or -1 after reporting why to d. */
int outfile_open(struct outfile *o, const char *path, struct diag *d);
/* Flushes, checks for write errors, renames into place. Returns 0 or -1
 * (reported; the temporary is removed and the target left as it was). */
int outfile_commit(struct outfile *o, struct diag *d);
/* Gives up: removes the temporary. Safe after commit or on a zeroed o. */
void outfile_abort(struct outfile *o);

#endif
