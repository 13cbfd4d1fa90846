/*
 * ytree: composes libyaml's event stream into a tree of nodes, one YAML
 * document at a time, with every node's position. This is where YAML's
 * traps are closed, so that nothing above it has to think about them:
 *
 *  - aliases resolve to the anchored node (shared, not copied); every use
 *    is charged against an expansion budget (billion laughs); an alias to
 *    an anchor that is still open (recursion) is an error;
 *  - a nesting depth limit (counting the nesting an alias brings along);
 *  - `<<` merge keys are applied (explicit keys win, earlier merged maps
 *    win) and never appear in the result;
 *  - duplicate scalar keys in a mapping are an error at the second key,
 *    with a note at the first; a non-scalar key is an error;
 *  - reader errors (invalid UTF-8, control characters) are reported at a
 *    line:column computed from libyaml's byte offset.
 *
 * Scalars keep their bytes and length (a quoted "\0" yields a NUL) and
 * whether they were plain: only the caller decides types.
 */
#ifndef RESMAP_YTREE_H
#define RESMAP_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode;

struct ypair {
	struct ynode *key;      /* always a scalar */
	struct ynode *value;
};

struct ynode {
	enum ynode_type type;
	bool plain;             /* scalar written without quotes or block style */
	bool has_tag;           /* an explicit tag was written (the loader refuses it) */
	struct pos pos;         /* where the node starts */
	union {
		struct { const char *s; size_t len; } scalar;   /* NUL-terminated too */
		struct { struct ynode **items; size_t n; } seq;
		struct { struct ypair *pairs; size_t n; } map;  /* in document order, merges applied */
	} u;
};

struct ytree_limits {
	size_t max_depth;        /* nesting of collections; default 256 */
	/* Nodes that alias uses may add when expanded, per document;
	 * default (0) 1,000,000 + 4 * nodes in the document + 16 * its
	 * characters, counted up to each alias so that the check is
	 * immediate. Each use of an alias, `<<` merges included, adds the
	 * nodes of the aliased subtree with the aliases inside it expanded.
	 * A document over the budget is reported once and not delivered. */
	size_t max_alias_nodes;
};
void ytree_limits_default(struct ytree_limits *l);

/*
 * Called once per document with its root (NULL for an empty document).
 * The tree and its strings live until the callback returns (in memory tied
 * to `a`, which is reset then): copy what you keep. Return 0 to go on, -1 to stop.
 */
typedef int (*ytree_doc_fn)(void *ctx, const struct ynode *root, struct arena *a);

/*
 * Parses a whole stream. name is an interned file name used in positions.
 * Errors go to d; after a syntax error the rest of that stream is skipped
 * (libyaml cannot recover), but documents already delivered stay delivered.
 * Returns 0 when the stream was read without error, -1 otherwise.
 *
 * Other errors (a duplicate or non-scalar key, an undefined, recursive or
 * over-budget alias, a bad merge value, a collection nested too deep) leave
 * out the pair or item concerned and the document is still delivered, so
 * that its other errors are found; compare diag_errors(d) if it matters.
 * Input nested 64 levels past max_depth is not read further (libyaml's
 * cost grows with the nesting), as after a syntax error.
 * A callback that returns -1 stops the stream and makes the call return -1.
 * lim NULL means the defaults; max_depth 0 means 256.
 */
int ytree_parse_file(FILE *f, const char *name, const struct ytree_limits *lim,
		     struct diag *d, ytree_doc_fn cb, void *ctx);
int ytree_parse_buffer(const char *buf, size_t len, const char *name,
		       const struct ytree_limits *lim, struct diag *d,
		       ytree_doc_fn cb, void *ctx);

/*
 * Frees what this thread keeps between parses (spare chunk memory and
 * the read buffer): a thread that parsed calls it before it ends.
 */
void ytree_thread_release(void);

/* Lookup of a key in a mapping node (linear; mappings in inventories are
 * small, and the loader iterates pairs instead where they are not). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* True when n is a scalar equal to s. */
bool ynode_is(const struct ynode *n, const char *s);
const char *ynode_type_name(enum ynode_type t);   /* "a mapping", "a list", "a scalar" */

#endif
