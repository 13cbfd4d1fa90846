/*
 * yamlout: a small block-style YAML writer for inventories that resmap
 * writes itself (resmap import). The caller decides the order of keys;
 * the writer decides quoting: a scalar is written plain only when every
 * YAML reader, resmap's strict loader included, reads it back as the
 * same string. Anything that could be read as a number, bool, null,
 * comment, anchor, flow collection, document marker or merge key, or
 * that holds spaces at its ends, ": ", " #", control or line-break
 * characters, is double-quoted with escapes. Bytes that are not valid
 * UTF-8 become U+FFFD, so the output is always a readable stream.
 *
 *   struct yout y;
 *   yout_init(&y, stdout);
 *   yout_map(&y, "services");          services:
 *   yout_map(&y, "db");                  db:
 *   yout_kv(&y, "kind", "database");       kind: database
 *   yout_seq(&y, "regions");               regions:
 *   yout_item(&y, "aws:eu-west-1");          - aws:eu-west-1
 *   yout_end(&y); yout_end(&y); yout_end(&y);
 */
#ifndef RESMAP_YAMLOUT_H
#define RESMAP_YAMLOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/util.h"

#define YOUT_MAX_DEPTH 32

struct yout {
	FILE *out;
	int depth;                     /* open collections */
	bool is_seq[YOUT_MAX_DEPTH];
	bool empty[YOUT_MAX_DEPTH];    /* nothing written in it yet */
	int indent[YOUT_MAX_DEPTH];    /* column of each level's contents */
	bool dash_pending;             /* a "- " owed before the next key */
	bool line_owed;                /* "key:" written, its newline not yet */
	struct strbuf tmp;
};

void yout_init(struct yout *y, FILE *out);
/* Closes what is still open (writing {} / [] for empty ones) and frees. */
void yout_finish(struct yout *y);

/* A mapping value under key (key NULL: inside a sequence, as an item). */
void yout_map(struct yout *y, const char *key);
/* A sequence value under key (key NULL: inside a sequence, as an item). */
void yout_seq(struct yout *y, const char *key);
/* Closes the innermost mapping or sequence; an empty one is written {} or []. */
void yout_end(struct yout *y);

/* key: scalar (in a mapping). */
void yout_kv(struct yout *y, const char *key, const char *value);
/* key: true|false, written plain. */
void yout_kbool(struct yout *y, const char *key, bool value);
void yout_kint(struct yout *y, const char *key, long long value);
/* - scalar (in a sequence). */
void yout_item(struct yout *y, const char *value);
/* key: [a, b, ...] as a block sequence of scalars. */
void yout_klist(struct yout *y, const char *key, const char *const *items, size_t n);

/* "# text" on its own line at the current indentation; line breaks in
 * text start new comment lines, control characters become spaces. */
void yout_comment(struct yout *y, const char *fmt, ...) ATTR_PRINTF(2, 3);
/* An empty line (between top-level sections). */
void yout_blank(struct yout *y);

/* True when s (length n) can be written as a plain scalar. */
bool yaml_plain_ok(const char *s, size_t n);
/* Appends s as a YAML scalar (plain or double-quoted) to sb. */
void yaml_scalar_sb(struct strbuf *sb, const char *s, size_t n);

#endif
