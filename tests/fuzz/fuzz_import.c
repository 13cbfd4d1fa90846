/*
 * fuzz_import: libFuzzer target for `resmap import` on arbitrary bytes.
 * The first byte picks the importer (bit 0: Backstage or Fides) and
 * whether ids are checked against the built-in catalog (bit 1; parsing
 * it costs most of a run, so only half the inputs pay for it); the rest
 * is the input document stream.
 *
 * Beyond "no crash", it checks the importer's promise: when an import
 * succeeds, what imp_write wrote parses as YAML without an error, and
 * (with the catalog) the loader reads it back without an error. A
 * breach aborts with the written inventory on stderr.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "import/import.h"
#include "load/load.h"
#include "engine/model.h"
#include "base/ytree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int no_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	(void)ctx;
	(void)root;
	(void)a;
	return 0;
}

static void breach(const char *what, const char *out, size_t len, struct diag *d)
{
	fprintf(stderr, "fuzz_import: %s (%zu errors); the written inventory:\n",
		what, diag_errors(d));
	fwrite(out, 1, len, stderr);
	abort();
}

/* The written inventory must be YAML, and with the catalog a clean one. */
static void read_back(const char *out, size_t len, bool catalog, FILE *sink)
{
	struct diag d;
	diag_init(&d, catalog ? stderr : sink);
	struct ytree_limits lim;
	ytree_limits_default(&lim);
	ytree_parse_buffer(out, len, "imported.yaml", &lim, &d, no_doc, NULL);
	if (diag_errors(&d))
		breach("import wrote YAML that does not parse", out, len, &d);
	struct load_opts o;
	load_opts_default(&o);
	o.no_catalog = !catalog;
	bool ok;
	struct model *m = load_buffer("imported.yaml", out, len, &o, &d, &ok);
	if (catalog && (!ok || diag_errors(&d)))
		breach("import wrote an inventory that does not load", out, len, &d);
	model_free(m);
	diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size < 1)
		return 0;
	bool fides = data[0] & 1, catalog = data[0] & 2;
	data++;
	size--;

	struct imp_opts o;
	imp_opts_init(&o);
	o.no_catalog = !catalog;
	imp_opts_add_region(&o, "aws:eu-west-1");
	imp_opts_add_region(&o, "ledger=aws:eu-west-2,gcp:europe-west4");
	struct diag d;
	diag_init(&d, sink);
	struct imp_inv inv;
	imp_init(&inv, &o, &d);
	struct ptrvec docs = PTRVEC_INIT;
	if (imp_check_opts(&inv, &o, &d) == 0 &&
	    imp_read_buffer(&inv, "fuzz.yaml", (const char *)data, size, &o, &d, &docs) == 0 &&
	    (fides ? import_fides : import_backstage)(&inv, &docs, &d) == 0 &&
	    imp_finish(&inv, &o, &d) == 0) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		if (f) {
			imp_write(&inv, f);
			fclose(f);
			read_back(out, len, catalog, sink);
			free(out);
		}
	}
	pv_release(&docs);
	imp_release(&inv);
	diag_release(&d);
	imp_opts_release(&o);
	return 0;
}
