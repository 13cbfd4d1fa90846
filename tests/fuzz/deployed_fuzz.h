/*
 * deployed_fuzz.h: the body of the three libFuzzer targets of the
 * deployed-infrastructure importers (fuzz_terraform.c, fuzz_azure_graph.c,
 * fuzz_gcp_assets.c), which differ only in the importer they run.
 *
 * Byte 0: bit 0 checks ids against the built-in catalog (parsing it costs
 * most of a run, so half the inputs pay), bit 1 gives --region (else
 * unplaced services are an error), bit 2 --prior; the rest is the JSON.
 * When an import succeeds, what imp_write wrote must parse as YAML and,
 * with the catalog, load with no error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "import/import.h"
#include "load/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_back(const char *out, size_t len, bool catalog)
{
	char *msgs = NULL;
	size_t mlen = 0;
	FILE *mf = open_memstream(&msgs, &mlen);
	if (!mf)
		return;
	struct diag d;
	diag_init(&d, mf);
	d.excerpts = false;
	struct load_opts lo;
	load_opts_default(&lo);
	lo.no_catalog = !catalog;
	bool ok;
	struct model *m = load_buffer("imported.yaml", out, len, &lo, &d, &ok);
	model_free(m);
	diag_release(&d);
	fclose(mf);
	bool bad = false;
	for (char *line = msgs; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (strstr(line, ": error: ")) {
			/* without the catalog the ids are unknown: only YAML and
			 * schema errors count */
			if (catalog || (!strstr(line, "unknown ") && !strstr(line, "no region")))
				bad = true;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (bad) {
		fprintf(stderr, "fuzz_deployed: the written inventory does not load:\n%s\n", msgs);
		fwrite(out, 1, len, stderr);
		abort();
	}
	free(msgs);
}

static void fuzz_deployed(const uint8_t *data, size_t size,
			  int (*importer)(struct imp_inv *, const struct ptrvec *, struct diag *),
			  bool terraform)
{
	static FILE *sink;
	static const char *const plan_skip[] = { "resource_changes", "prior_state", NULL };
	static const char *const prior_skip[] = { "resource_changes", "planned_values", NULL };
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size < 1)
		return;
	bool catalog = data[0] & 1, region = data[0] & 2, prior = terraform && (data[0] & 4);
	data++;
	size--;
	struct imp_opts o;
	imp_opts_init(&o);
	o.no_catalog = !catalog;
	o.json = true;
	o.tenant = "fuzz";
	o.prior = prior;
	if (terraform)
		o.json_skip = prior ? prior_skip : plan_skip;
	if (region)
		imp_opts_add_region(&o, "aws:eu-west-1");
	struct diag d;
	diag_init(&d, sink);
	struct imp_inv inv;
	imp_init(&inv, &o, &d);
	struct ptrvec docs = PTRVEC_INIT;
	if (imp_check_opts(&inv, &o, &d) == 0 &&
	    imp_read_buffer(&inv, "fuzz.json", (const char *)data, size, &o, &d, &docs) == 0 &&
	    importer(&inv, &docs, &d) == 0 && imp_finish(&inv, &o, &d) == 0) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		if (f) {
			imp_write(&inv, f);
			fclose(f);
			read_back(out, len, catalog);
			free(out);
		}
	}
	pv_release(&docs);
	imp_release(&inv);
	diag_release(&d);
	imp_opts_release(&o);
}
