/*
 * fuzz_load: libFuzzer target for the loader on arbitrary bytes — the
 * YAML composer, every schema check and the reference resolution, with
 * no catalog so that each run is cheap. Diagnostics go to /dev/null.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "load/load.h"
#include "engine/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	struct diag d;
	diag_init(&d, sink);
	struct load_opts o;
	load_opts_default(&o);
	o.no_catalog = true;
	bool ok;
	struct model *m = load_buffer("fuzz.yaml", (const char *)data, size, &o, &d, &ok);
	model_free(m);
	diag_release(&d);
	return 0;
}
