/*
 * jtree: reads JSON (one value, or several one after the other as in JSON
 * lines) into a compact read-only tree, streaming the input through yajl
 * in blocks so that the file itself is never held in memory.
 *
 * Machine-made JSON is often one line, so a node has no line: it knows its
 * parent and its member name, and jtree_path spells where it is
 * (`resource_changes[12].change.after.location`; in JSON lines
 * `record 3: resource.data.zone`). Parse errors, which do
 * have a place, are reported at file:line:col with the path reached.
 *
 * Top-level members named in skip (of an object at the root) are parsed
 * but not kept: a plan's resource_changes when planned_values is read.
 * A line whose first character is '#' is blank (it cannot be JSON; the
 * dumps of some tools carry comments so).
 *
 * Ownership: every node and string lives in the arena given to
 * jtree_read; nothing else is allocated for the caller.
 */
#ifndef RESMAP_JTREE_H
#define RESMAP_JTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/strmap.h"
#include "base/util.h"

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	const struct jnode *up;   /* NULL at a root */
	const char *key;          /* member name in an object, else NULL; a root
				   * of several in one input: "record N" */
	union {
		const char *s;        /* J_STR, J_NUM (its text), J_BOOL ("true"/"false") */
		struct jnode *kids;   /* J_ARR, J_OBJ: n nodes */
	} v;
	uint32_t n;               /* string length in bytes, or number of kids */
	uint8_t type;
};

struct jtree_opts {
	size_t max_depth;              /* 0: 256 */
	const char *const *skip;       /* NULL-terminated root member names, or NULL */
};

/*
 * Reads fp (named file for messages) into roots (const struct jnode *,
 * one per top-level value). keys is an intern table for member names
 * (shared across files: they repeat). Returns 0, or -1 after reporting a
 * parse error at file:line:col.
 */
int jtree_read(FILE *fp, const char *file, const struct jtree_opts *o, struct arena *a,
	       struct strmap *keys, struct ptrvec *roots, struct diag *d);
int jtree_read_buffer(const char *buf, size_t len, const char *file, const struct jtree_opts *o,
		      struct arena *a, struct strmap *keys, struct ptrvec *roots, struct diag *d);

/* Member of an object by name (NULL when absent or n is not an object). */
const struct jnode *jget(const struct jnode *n, const char *key);
/* jget along a dotted path of member names: jpath(n, "change.after"). */
const struct jnode *jgetp(const struct jnode *n, const char *dotted);
/* The string of a J_STR node, else NULL. */
const char *jstr(const struct jnode *n);
/* jstr(jget(n, key)). */
const char *jstrk(const struct jnode *n, const char *key);
bool jis(const struct jnode *n, enum jtype t);
/* Index of n in its parent array, or -1. */
long jindex(const struct jnode *n);

/* Appends the path of n from its root (`a.b[3].c`; keys that are not
 * plain names quoted: `tags["resmap-data"]`). A root is `$`. */
void jtree_path(struct strbuf *sb, const struct jnode *n);

#endif
