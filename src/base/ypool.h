/*
 * ypool: reads and parses a list of YAML inputs on a few threads, and
 * hands their documents to the calling thread strictly in list order.
 *
 * Parsing is most of the cost of loading an inventory and each file
 * parses on its own, so workers read and compose files ahead while the
 * calling thread loads the documents of earlier ones. Everything the
 * caller sees — the callbacks, and every message reported to d — comes
 * in the order of a run that reads the files one after another: a
 * worker's messages are kept (diag_log) and reported on the calling
 * thread when it reaches that file, between the documents they preceded.
 *
 * Memory stays bounded: a worker takes a file only within a window of
 * twice the workers past the file being loaded, and waits in each
 * document until the calling thread has loaded it, so at most that many
 * file buffers and one document tree per worker exist at once.
 */
#ifndef RESMAP_YPOOL_H
#define RESMAP_YPOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/ytree.h"

/* Workers at most, whatever --jobs says: loading is one thread's work
 * per document, which a few parsers keep fed. */
#define YPOOL_MAX_JOBS 16

struct ypool_file {
	const char *path;    /* as given; "-" is standard input */
	const char *name;    /* interned; what positions print ("<stdin>" for "-") */
};

/* Called on the calling thread, for file i, in list order. */
struct ypool_calls {
	void (*begin)(void *ctx, size_t i);        /* before anything about file i */
	/* file i was read whole (before its first document or message of
	 * the parse); regular: it can be read again for excerpts */
	void (*read)(void *ctx, size_t i, const char *buf, size_t len, bool regular);
	ytree_doc_fn doc;                          /* each document, as ytree gives it */
	void (*end)(void *ctx, size_t i);          /* after everything about file i */
};

/*
 * Reads each file with input_read(path, max_input) and parses it with
 * ytree_parse_buffer(name, lim), on `jobs` workers (1 or fewer, or a
 * single file: on the calling thread, as a plain loop would). A document
 * callback that returns -1 stops that file, as in ytree.
 */
void ypool_parse(const struct ypool_file *files, size_t n, unsigned jobs, size_t max_input,
		 const struct ytree_limits *lim, struct diag *d, const struct ypool_calls *calls,
		 void *ctx);

/* The default number of workers: the online CPUs, at most YPOOL_MAX_JOBS. */
unsigned ypool_default_jobs(void);

#endif
