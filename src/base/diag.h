/*
 * diag: every message resmap prints about its input, mandoc-style:
 *
 *   resmap: FILE:LINE:COL: error: TEXT
 *      12 |     tenant: imodd
 *         |             ^
 *
 * Messages are printed as they are reported (inputs are read in sorted
 * order, so the order is deterministic). The worst level seen decides the
 * exit status of an unusable input (2). Messages are lower-case, no full
 * stop, names in 'quotes'.
 */
#ifndef RESMAP_DIAG_H
#define RESMAP_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"

/* A place in an input. file is an interned string; line and col 1-based;
 * line 0 means "no position" (a whole file, or the command line). */
struct pos {
	const char *file;
	uint32_t line, col;
};

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR, DIAG__COUNT };

struct diag_source;
struct diag_log;

struct diag {
	FILE *out;
	bool color;          /* set by diag_init from isatty, NO_COLOR and TERM=dumb */
	bool excerpts;       /* print the source line with a caret */
	size_t count[DIAG__COUNT];
	size_t max_errors;   /* stop printing (not counting) after this; 0 = no cap */
	struct diag_source *sources;  /* in-memory inputs (stdin, tests) */
	struct diag_log *log;         /* set: messages are kept there, not printed */
};

/*
 * Messages kept to be printed later by another diag, in the order they
 * were reported: a thread that parses a file while the main thread loads
 * an earlier one records its messages, and the main thread prints them
 * when it reaches that file, so that the output is the same as when the
 * files are read one after another. Owned strings (the file name is
 * copied: it may be freed before the replay).
 */
struct diag_entry {
	enum diag_level level;
	char *file;             /* NULL: no place */
	uint32_t line, col;
	char *text;             /* formatted, not yet escaped */
};
struct diag_log {
	struct diag_entry *v;
	size_t n, cap;
};


/* out is usually stderr. */
void diag_init(struct diag *d, FILE *out);
void diag_release(struct diag *d);

/*
 * Makes an in-memory input's text available for excerpts (stdin, tests,
 * embedded catalog). The buffer is copied. Files on disk are re-read on
 * demand instead, so that nothing is kept for the common error-free run.
 */
void diag_add_source(struct diag *d, const char *name, const char *buf, size_t len);

void diag_at(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, ...)
	ATTR_PRINTF(4, 5);
void diag_vat(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, va_list ap);
/* A message about no particular place: "resmap: error: TEXT". */
void diag_msg(struct diag *d, enum diag_level lvl, const char *fmt, ...) ATTR_PRINTF(3, 4);

size_t diag_errors(const struct diag *d);

/* d keeps its messages in log (which must outlive it) instead of printing them. */
void diag_init_log(struct diag *d, struct diag_log *log);
/* Reports entries [from, to) of log to d, as if they were reported now. */
void diag_replay(struct diag *d, const struct diag_log *log, size_t from, size_t to);
void diag_log_release(struct diag_log *log);

/* Maps a byte offset in a buffer to a 1-based line and column as a text
 * editor shows them: columns count UTF-8 characters; CR, CRLF and LF end
 * lines (not NEL, LS or PS, which libyaml also counts). */
void diag_offset_to_linecol(const char *buf, size_t len, size_t offset,
			    uint32_t *line, uint32_t *col);

#endif
