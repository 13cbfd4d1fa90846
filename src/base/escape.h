/*
 * escape: one escaper per output medium for text that comes from an
 * inventory (ids, names, descriptions, file names). Every writer of that
 * medium goes through these; none writes untrusted text raw.
 *
 *   text      a terminal, a CI log: control and invisible characters are
 *             shown as \xNN or \uNNNN, so that neither terminal escapes
 *             nor bidirectional or zero-width characters can hide or fake
 *             what follows; nothing can make a log line a GitHub workflow
 *             command (a line starting with `::`, or `##[` anywhere).
 *   markdown  inline GitHub-flavoured Markdown (table cells, running
 *             text): no emphasis, links, images, autolinks, raw HTML,
 *             table breaks or @mentions can come from the text.
 *   csv       one RFC 4180 field, with a `'` before a cell that a
 *             spreadsheet would take for a formula (OWASP's advice).
 *
 * YAML comments and keys are yamlout's job (yamlout.h); HTML, SVG, JSON
 * and the GitHub annotation format have their escapers beside their
 * writers.
 */
#ifndef RESMAP_ESCAPE_H
#define RESMAP_ESCAPE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"

/*
 * Appends s escaped for a terminal. indent NULL: s stays on one line
 * (its line breaks are shown as \n, \r, \u2028...). Otherwise each line
 * break of s becomes a newline followed by indent, so that continuation
 * lines stay inside the block they belong to.
 */
void esc_text(struct strbuf *sb, const char *s, const char *indent);

/*
 * s escaped for a terminal on one line, for printf arguments: returns s
 * itself when nothing needs escaping, else an escaped copy that stays
 * valid until the 16th following call (owned here; keep none longer).
 */
const char *esc_text_str(const char *s);

/* Appends s escaped as inline Markdown on one line. */
void esc_md(struct strbuf *sb, const char *s);

/* Appends s as one CSV field (quoted only when needed). */
void esc_csv(struct strbuf *sb, const char *s);

/* True for code points that must never reach an output raw: C0 and C1
 * controls, DEL, line and paragraph separators, and characters that are
 * invisible or reorder text (bidi controls, zero-width characters, word
 * joiners, BOM, soft hyphen, tag characters). */
bool esc_cp_hidden(uint32_t cp);

#endif
