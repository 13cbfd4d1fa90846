/*
 * cmd_impact: `resmap impact PATH... --disable SPEC...` — the what-if
 * briefing: what stops, what loses a dependency, which facts disappear,
 * which data would be left without a copy, which violations go away or
 * appear. The computation is engine/impact.c, the writers
 * out/out_impact.c; this file parses the command line.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/impact.h"
#include "base/outfile.h"
#include "out/out_impact.h"
#include "base/util.h"

static const char usage_line[] =
	"resmap impact [options] --disable KIND:ID [--disable KIND:ID...] PATH...";

static const char help_text[] =
	"What-if: what stops, what loses a dependency and what data is left\n"
	"without a copy when tenants, services, regions, providers or countries\n"
	"are switched off. The inventory itself is not changed. Filters narrow\n"
	"the facts, copies and violations compared; every service that stops\n"
	"is listed.\n"
	"\n"
	"options:\n"
	"  -d, --disable KIND:ID      tenant:ID, service:ID, region:ID, provider:ID or\n"
	"                             country:CC (a country's regions); repeatable\n"
	"  -f, --format FORMAT        text (default), json or md\n"
	"  -o, --output FILE          write to FILE ('-' is standard output)\n"
	"  -h, --help                 show this help\n";

int cmd_impact(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "disable", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	cli_init(&c, "impact", usage_line);
	struct ptrvec disables = PTRVEC_INIT;
	const char *output = "-";
	int format = IMPACT_TEXT, rc = EXIT_UNUSABLE, opt;
	c.formats = impact_format_names;
	c.format = &format;
	c.output = &output;
	struct model *m = NULL;
	struct impact_spec *specs = NULL;
	struct impact *im = NULL;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":d:f:o:hvj:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			pv_push(&disables, optarg);
			break;
		case 'h':
			rc = cli_help(&c, help_text);
			fputs(cli_load_help, stdout);
			fputs(cli_filter_help, stdout);
			goto out;
		default: {
			int e = cli_getopt_other(&c, opt, optarg, argv);
			if (e) {
				rc = e;
				goto out;
			}
		}
		}
	}
	if (optind >= argc) {
		rc = cli_usage_error(&c, "no inventory given");
		goto out;
	}
	if (!disables.n) {
		rc = cli_usage_error(&c, "nothing to disable: give --disable KIND:ID (tenant:ID, "
				     "service:ID, region:ID, provider:ID or country:CC)");
		goto out;
	}
	m = cli_load(&c, argv + optind, argc - optind);
	if (!m)
		goto out;
	specs = xcalloc(disables.n, sizeof *specs);
	size_t bad = 0;
	for (size_t i = 0; i < disables.n; i++)
		if (impact_spec_parse(m, disables.v[i], &specs[i], &c.diag) < 0)
			bad++;
	if (bad)
		goto out;
	struct selector sel;
	bool filtered = cli_has_filter(&c);
	if (filtered && cli_filter(&c, m, &sel) < 0)
		goto out;
	im = impact_compute(m, specs, disables.n, filtered ? &sel : NULL);

	struct outfile of;
	if (outfile_open(&of, output, &c.diag) < 0)
		goto out;
	out_impact(of.fp, (enum impact_format)format, im);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	rc = 0;
out:
	impact_free(im);
	free(specs);
	model_free(m);
	pv_release(&disables);
	cli_release(&c);
	return rc;
}
