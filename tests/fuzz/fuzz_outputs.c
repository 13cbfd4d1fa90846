/*
 * fuzz_outputs: libFuzzer target for the writers that fuzz_pipeline does
 * not reach: `map` in every format (text, csv, json, md), `check` in
 * every format (text, json, sarif, junit, github) and the graph views
 * under each collapse level and small node budgets, so that grouping,
 * budgets and legends run on odd models too.
 *
 * The first byte picks the map and check formats and the collapse
 * level; the second the view, the node budget and clusters; the rest is
 * the inventory, loaded with tests/fuzz/catalog ($RESMAP_FUZZ_CATALOG
 * overrides). Choosing per input keeps a run as cheap as fuzz_pipeline's
 * while the fuzzer still covers every combination.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/facts.h"
#include "load/load.h"
#include "engine/model.h"
#include "out/out_check.h"
#include "out/out_facts.h"
#include "engine/policy.h"
#include "views/vgraph.h"
#include "views/views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Issue 18: inventory text reaches a terminal or CI log only escaped. In
 * text output no terminal escape or C1 control is written raw, and no
 * line could be a GitHub workflow command (`::` first after blanks, or
 * `##[` anywhere); Markdown holds no raw HTML and no @mention.
 */
static void assert_text_safe(const char *what, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	bool line_start = true;
	for (size_t i = 0; i < len; i++) {
		const char *bad = NULL;
		if (p[i] == 0x1b || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t'))
			bad = "a control character";
		else if (p[i] == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
			bad = "a C1 control character";
		else if (line_start && p[i] == ':' && i + 1 < len && p[i + 1] == ':')
			bad = "a line starting with '::'";
		else if (p[i] == '#' && i + 2 < len && p[i + 1] == '#' && p[i + 2] == '[')
			bad = "'##['";
		if (bad) {
			fprintf(stderr, "fuzz_outputs: %s output holds %s at byte %zu\n", what, bad, i);
			abort();
		}
		if (p[i] == '\n')
			line_start = true;
		else if (p[i] != ' ' && p[i] != '\t')
			line_start = false;
	}
}

static void assert_md_safe(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		bool mention = buf[i] == '@' && i + 1 < len &&
			       ((buf[i + 1] | 0x20) >= 'a' && (buf[i + 1] | 0x20) <= 'z');
		if (buf[i] == '<' || mention) {
			fprintf(stderr, "fuzz_outputs: Markdown holds raw '%c' at byte %zu\n",
				buf[i], i);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size < 2)
		return 0;
	enum facts_format ff = (enum facts_format)(data[0] % FF__COUNT);
	enum check_format cf = (enum check_format)((data[0] >> 2) % CF__COUNT);
	enum collapse col = (enum collapse)((data[0] >> 5) % COLLAPSE__COUNT);
	const struct view_def *vk = view_at(data[1] % view_count());
	/* 0: no budget; else 1..63 nodes, small enough to force grouping */
	size_t budget = (data[1] >> 2) & 0x1f;
	bool clusters = !(data[1] & 0x80);
	int fail_on = (int)(data[1] % 4) - 1;     /* -1: never */
	data += 2;
	size -= 2;

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
		size_t n;
		const struct fact **all = out_all_facts(fs, &n);
		if (ff == FF_TEXT || ff == FF_MD) {
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			out_facts(mem, ff, fs, all, n, false);
			fclose(mem);
			if (ff == FF_TEXT)
				assert_text_safe("map text", buf, len);
			else
				assert_md_safe(buf, len);
			free(buf);
		}
		if (cf == CF_TEXT) {
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			out_check(mem, cf, m, fs, v, fail_on);
			fclose(mem);
			assert_text_safe("check text", buf, len);
			free(buf);
		}
		out_facts(sink, ff, fs, all, n, false);
		/* half of the facts, as a filter would leave them */
		out_facts(sink, ff, fs, all, n / 2, true);
		free(all);
		out_check(sink, cf, m, fs, v, fail_on);
		struct view_input in = { .m = m, .fs = fs, .v = (budget & 1) ? NULL : v,
			.title = "fuzz \"<title>\"", .note = "note & <b>" };
		struct view_opts vo = { .view = vk, .collapse = col,
			.max_nodes = budget ? budget * 2 - 1 : 0, .clusters = clusters };
		if (vk->svg) {
			/* half of the facts kept, as a filter would */
			unsigned char *keep = calloc(fs->nfacts + 1, 1);
			for (size_t i = 0; keep && i < fs->nfacts; i++)
				keep[i] = (unsigned char)((i ^ budget) & 1);
			in.fact_keep = (budget & 2) ? keep : NULL;
			struct strbuf svg = STRBUF_INIT;
			double w, h;
			vk->svg(&in, &svg, &w, &h);
			fwrite(svg.buf, 1, svg.len, sink);
			sb_release(&svg);
			free(keep);
		}
		struct vgraph *g = vk->build ? view_build(&in, &vo) : NULL;
		if (g) {
			/* views.h: whatever the collapse, the nodes' nfacts add
			 * up to the number of facts drawn */
			if (vg_sum_facts(g) != g->nfacts) {
				fprintf(stderr, "fuzz_outputs: view %s, collapse %s, budget %zu: "
					"nodes stand for %zu facts, %zu drawn\n", vk->name,
					collapse_name(col), vo.max_nodes, vg_sum_facts(g), g->nfacts);
				abort();
			}
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
