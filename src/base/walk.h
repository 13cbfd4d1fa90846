/*
 * walk: the files below a directory that a command reads, the same way
 * for every command (the loader, the importers).
 *
 * Which files: those whose name want() accepts (the caller's patterns:
 * *.yaml and *.yml for inventories). Hidden entries (".git") are
 * skipped. Symbolic links are followed; a directory reached a second
 * time (a loop, or two links to one place) is read once, with a warning.
 *
 * Nothing is skipped in silence: a path that cannot be read is an error
 * — a directory that can be listed but not entered, a directory that
 * cannot be listed, a name longer than PATH_MAX, a broken link with a
 * wanted name, a wanted name that is a device, socket or FIFO (a FIFO
 * is read when named on the command line, never found). Every directory
 * read is remembered with input_note (outfile refuses to write into one).
 */
#ifndef RESMAP_WALK_H
#define RESMAP_WALK_H

#include <stdbool.h>

#include "base/diag.h"
#include "base/util.h"

/* Whether a file named name (the last component) is an input. */
typedef bool (*walk_want_fn)(const char *name);

/*
 * Appends to files (owned strings: free each) the paths of the wanted
 * files below dir, sorted by path. Returns 0, or -1 when an error was
 * reported (files then holds what could be read).
 */
int walk_dir(const char *dir, walk_want_fn want, struct diag *d, struct ptrvec *files);

/* *.yaml and *.yml: the inventory pattern. */
bool walk_yaml_name(const char *name);

#endif
