/*
 * cmd_map: `resmap map [options] PATH...` — the residency table: every
 * fact the inventory gives rise to, optionally narrowed by the shared
 * filters (a fact is kept when it matches the selector the filters make,
 * exactly as a policy's `match` would), in text, CSV, JSON or Markdown.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/facts.h"
#include "out/explain.h"
#include "out/out_facts.h"
#include "base/outfile.h"

static const char map_help[] =
	"Print the residency table: which data, about whom, for what purpose,\n"
	"is stored, replicated, processed or accessed where, and who can reach it.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT           text (default), csv, json or md\n"
	"      --explain              for each fact, the declarations that made it,\n"
	"                             each with file:line:col (text or json)\n"
	"  -o, --output FILE          write to FILE (atomically); '-' is stdout\n"
	"  -h, --help                 show this help\n";

int cmd_map(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "explain", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	struct model *m = NULL;
	struct factset *fs = NULL;
	const struct fact **facts = NULL;
	struct outfile of = { 0 };
	const char *outpath = NULL;
	int fmt = FF_TEXT, st = EXIT_UNUSABLE, opt;
	bool explain = false;

	cli_init(&c, "map", "resmap map [options] PATH...");
	c.formats = facts_format_names;
	c.format = &fmt;
	c.output = &outpath;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:hvj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'E':
			explain = true;
			break;
		case 'h':
			st = cli_help(&c, map_help);
			fputs(cli_load_help, stdout);
			fputs(cli_filter_help, stdout);
			goto out;
		default: {
			int e = cli_getopt_other(&c, opt, optarg, argv);
			if (e) {
				st = e;
				goto out;
			}
		}
		}
	}
	if (optind >= argc) {
		st = cli_usage_error(&c, "no inventory given");
		goto out;
	}
	if (explain && fmt != FF_TEXT && fmt != FF_JSON) {
		st = cli_usage_error(&c, "--explain writes text or json; it takes no --format '%s'",
				     facts_format_names[fmt]);
		goto out;
	}
	m = cli_load(&c, argv + optind, argc - optind);
	if (!m)
		goto out;
	struct selector sel;
	bool filtered = cli_has_filter(&c);
	if (filtered && cli_filter(&c, m, &sel) < 0)
		goto out;
	fs = cli_derive(&c, m);
	size_t n;
	facts = out_all_facts(fs, &n);
	n = out_filter(m, filtered ? &sel : NULL, facts, n);
	if (outfile_open(&of, outpath, &c.diag) < 0)
		goto out;
	if (explain && fmt == FF_JSON)
		out_explain_json(of.fp, facts, n);
	else if (explain)
		out_explain(of.fp, facts, n);
	else
		out_facts(of.fp, fmt, fs, facts, n, filtered);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	st = 0;
out:
	outfile_abort(&of);
	free(facts);
	if (fs)
		factset_free(fs);
	if (m)
		model_free(m);
	cli_release(&c);
	return st;
}
