/*
 * load: reads inventories (files, directories, "-" for stdin) and the
 * catalog into a model, validating every key, type and reference.
 *
 * Directories contribute every *.yaml / *.yml below them in sorted path
 * order (symlink loops are detected). All errors of a run are reported to
 * the diag, each at file:line:col with "did you mean" where a near name
 * exists; loading goes on after an error so that the next ones are found.
 */
#ifndef RESMAP_LOAD_H
#define RESMAP_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "engine/model.h"
#include "base/ytree.h"

struct load_opts {
	const char *catalog_dir;   /* replaces the built-in catalog when set */
	bool no_catalog;           /* load no catalog at all (tests) */
	struct ytree_limits limits;
	size_t max_input;          /* bytes one input may hold (--max-input) */
	bool progress;             /* files loaded, on stderr (terminal only) */
	bool verbose;              /* note the documents skipped as not inventories */
	unsigned jobs;             /* files parsed at once (--jobs); 0: ypool_default_jobs() */
};
void load_opts_default(struct load_opts *o);

/*
 * Loads the catalog, then every path, then finalizes and validates
 * cross-references. Returns a model (free with model_free) even when
 * errors were reported, so that callers may list them (a reference that
 * did not resolve is left NULL in it); *ok is set to true when
 * diag_errors did not grow. Never NULL.
 */
struct model *load_inventory(const char *const *paths, size_t npaths,
			     const struct load_opts *opts, struct diag *d, bool *ok);

/* As load_inventory, for one in-memory buffer (tests, fuzzing). */
struct model *load_buffer(const char *name, const char *buf, size_t len,
			  const struct load_opts *opts, struct diag *d, bool *ok);

/* As load_buffer, for n named buffers read in the order given (callers
 * sort them; `resmap diff` reads git revisions this way). Names are what
 * messages print. found: the buffers are the files of a tree, as a
 * directory walk finds them (a document that is clearly not an inventory
 * is skipped), not named one by one. */
struct model *load_buffers(const char *const *names, const char *const *bufs,
			   const size_t *lens, size_t n, bool found,
			   const struct load_opts *opts, struct diag *d, bool *ok);

/* Short name of the inventory for titles: the last component of the single
 * path given ("." and ".." the name of the directory they are), "stdin",
 * or "N inputs". Owned by the model. */
const char *load_inventory_name(struct model *m, const char *const *paths, size_t npaths);

#endif
