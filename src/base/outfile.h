/*
 * outfile: atomic output. Writing goes to a temporary file beside the
 * target, which replaces the target only when everything was written and
 * flushed; a failed run leaves an existing file untouched. "-" (or NULL)
 * is standard output.
 *
 * What is refused (reported, -1, exit 2 for the command):
 * - a target that is an input of this run (same device and inode as a
 *   file input_read read, or a hard link to one), or a file inside an
 *   input directory that its walk would read (a *.yaml in it): the next
 *   run would read the output as inventory;
 * - a target the user could not write (mode 0444 for its owner), as a
 *   shell's `>` would refuse it;
 * - a symbolic link that leads nowhere (dangling, or a loop): writing
 *   through it would create a file wherever the link points, which is
 *   how a link planted in a shared directory redirects a write, and
 *   replacing it would silently turn a link into a file.
 * A replaced file keeps its permission bits (a 0600 report stays 0600).
 *
 * Temporaries are removed when the process is killed by SIGINT, SIGTERM,
 * SIGHUP or SIGXFSZ (a `ulimit -f` reached) while they exist.
 */
#ifndef RESMAP_OUTFILE_H
#define RESMAP_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

struct outfile {
	FILE *fp;            /* write here */
	char *path;          /* target, NULL for stdout */
	char *tmp;           /* temporary beside it, NULL when written in place */
	int slot;            /* in the list of temporaries to remove on a signal */
	bool finished;       /* flushed and closed: only the rename is left */
};

/* Returns 0, or -1 after reporting why to d. */
int outfile_open(struct outfile *o, const char *path, struct diag *d);
/* Flushes, checks for write errors, renames into place. Returns 0 or -1
 * (reported; the temporary is removed and the target left as it was). */
int outfile_commit(struct outfile *o, struct diag *d);
/*
 * Commits n outputs of one run together (a report and its drawings):
 * every temporary is flushed first, and only when all were written is
 * any renamed into place; when one fails, all are removed and every
 * target is left as it was. Returns 0 or -1 (reported).
 */
int outfile_commit_all(struct outfile *const *v, size_t n, struct diag *d);
/* Gives up: removes the temporary. Safe after commit or on a zeroed o. */
void outfile_abort(struct outfile *o);

#endif
