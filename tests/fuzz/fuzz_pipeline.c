/*
 * fuzz_pipeline: libFuzzer target for the whole pipeline on inventories
 * mutated from the examples: load (with tests/fuzz/catalog, a small copy
 * of the built-in catalog holding the regions the seeds name, so that a
 * run costs milliseconds; $RESMAP_FUZZ_CATALOG overrides), derive facts, evaluate policies, write the
 * JSON verdicts and the DOT of every view (at the default node budget,
 * so collapse runs too).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/facts.h"
#include "load/load.h"
#include "engine/model.h"
#include "out/out_check.h"
#include "engine/policy.h"
#include "views/vgraph.h"
#include "views/views.h"

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
	const char *cat = getenv("RESMAP_FUZZ_CATALOG");
	o.catalog_dir = cat ? cat : "tests/fuzz/catalog";
	bool ok;
	struct model *m = load_buffer("fuzz.yaml", (const char *)data, size, &o, &d, &ok);
	if (ok) {
		struct factset *fs = facts_derive(m);
		struct verdicts *v = policy_evaluate(m, fs);
		out_check(sink, CF_JSON, m, fs, v, SEV_ERROR);
		for (size_t k = 0; k < view_count(); k++) {
			struct view_input in = { .m = m, .fs = fs, .v = v, .title = "fuzz" };
			if (view_at(k)->svg) {
				struct strbuf svg = STRBUF_INIT;
				double w, h;
				view_at(k)->svg(&in, &svg, &w, &h);
				fwrite(svg.buf, 1, svg.len, sink);
				sb_release(&svg);
				continue;
			}
			struct view_opts vo = { .view = view_at(k),
				.max_nodes = VIEW_MAX_NODES_DEFAULT, .clusters = true };
			struct vgraph *g = view_build(&in, &vo);
			struct strbuf sb = STRBUF_INIT;
			vg_write_dot(g, &sb);
			fwrite(sb.buf, 1, sb.len, sink);
			sb_release(&sb);
			vg_free(g);
		}
		verdicts_free(v);
		factset_free(fs);
	}
	model_free(m);
	diag_release(&d);
	return 0;
}
