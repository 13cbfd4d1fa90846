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

struct diag {
	FILE *out;
	bool color;          /* set by diag_init from isatty, NO_COLOR and TERM=dumb */
	bool excerpts;       /* print the source line with a caret */
	size_t count[DIAG__COUNT];
	size_t max_errors;   /* stop printing (not counting) after this; 0 = no cap */
	struct diag_source *sources;  /* in-memory inputs (stdin, tests) */
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

/* Maps a byte offset in a buffer to a 1-based line and column as a text
 * editor shows them: columns count UTF-8 characters; CR, CRLF and LF end
 * lines (not NEL, LS or PS, which libyaml also counts). */
void diag_offset_to_linecol(const char *buf, size_t len, size_t offset,
			    uint32_t *line, uint32_t *col);

#endif
