/*
 * input: reading one input (a file, or "-" for standard input) whole,
 * within a bound, and remembering what was read.
 *
 * A regular file, a FIFO (`<(cmd)`) and standard input of any kind are
 * read; a device or socket named as a file is refused before it is
 * opened (/dev/zero would never end). More than max bytes is an error
 * as soon as the limit is passed, so an endless stream costs max bytes,
 * not all memory. Standard input is read once per process: a second
 * "-" is an error ("diff - -" would read nothing the second time).
 *
 * Every file and directory read is remembered by device and inode
 * (input_note), so that outfile can refuse to replace an input
 * (input_seen): `-o` naming an inventory would destroy it.
 */
#ifndef RESMAP_INPUT_H
#define RESMAP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "base/diag.h"

/* The default of --max-input: 1 GiB, four times the largest inventory
 * benchmarked (a million services in one file is 260 MB). */
#define INPUT_MAX_DEFAULT ((size_t)1 << 30)

/*
 * Reads path ("-" is standard input) into *buf (NUL-terminated, owned:
 * free it) and *len. Errors are reported at path ("<stdin>" for "-").
 * *regular says whether it was a regular file (which can be read again
 * for excerpts). Returns 0, or -1 after reporting (*buf is then NULL).
 */
int input_read(const char *path, size_t max, struct diag *d, char **buf, size_t *len,
	       bool *regular);

/*
 * For a reader that streams (JSON of hundreds of MB, in constant memory):
 * opens path when it is a regular file, checked and remembered as by
 * input_read but with no bound, and returns it (fclose it). Returns NULL
 * with *stream set when path is "-" or a FIFO, which are read whole with
 * input_read (they cannot be read again for an excerpt); NULL after
 * reporting otherwise.
 */
FILE *input_open_regular(const char *path, struct diag *d, bool *stream);

/* Remembers a file read, by st_dev and st_ino. */
void input_note(const struct stat *st);
/* Remembers a directory walked for the files whose name want() accepts. */
void input_note_dir(const struct stat *st, bool (*want)(const char *name));
/* True when st is a file or directory remembered. */
bool input_seen(const struct stat *st);
/* True when st is a directory walked for files like name. */
bool input_dir_wants(const struct stat *st, const char *name);

/* Forgets everything (tests that run several loads in one process). */
void input_reset(void);

#endif
