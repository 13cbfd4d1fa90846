/*
 * gitrev: the files of a git revision, read without a checkout (`resmap
 * diff git:REV[:PATH]`). Blob ids come from `git ls-tree -r -z`, contents
 * from one `git cat-file --batch` asked by id, so the work is linear in
 * the files read however many share a directory. Every answer of git is
 * parsed strictly: an answer that is not the object asked for, a blob,
 * and no larger than the bound is an error, never a guess.
 */
#ifndef RESMAP_GITREV_H
#define RESMAP_GITREV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct gitrev_file {
	char *name;          /* path from the top of the repository */
	const char *buf;     /* len bytes, NUL-terminated; in gitrev_files.data */
	size_t len;
};

struct gitrev_files {
	struct gitrev_file *v;
	size_t n;
	char *data;          /* git's answers, which the files point into */
};

/*
 * Reads every blob under path (relative to the current directory, as for
 * git) at rev whose file name want() accepts, sorted by name. Submodules
 * (gitlinks) and symbolic links are not followed: each is a warning.
 * A file larger than max_size bytes is an error. A rev that starts with
 * '-' or holds a control character is refused. Returns 0, or -1 after
 * reporting to d (out is then empty). Release with gitrev_release.
 */
int gitrev_read(const char *rev, const char *path, bool (*want)(const char *name),
		size_t max_size, struct diag *d, struct gitrev_files *out);
void gitrev_release(struct gitrev_files *f);

/*
 * Parses one header of `git cat-file --batch`: "OID blob SIZE" (line is
 * len bytes without its LF) for the object oid. Returns 0 and sets *size;
 * -1 with *why set to a phrase for any other answer ("missing", another
 * object, another type, a size over max_size or not a number).
 */
int gitrev_parse_header(const char *line, size_t len, const char *oid, size_t max_size,
			size_t *size, const char **why);

#endif
