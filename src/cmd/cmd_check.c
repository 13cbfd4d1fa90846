/*
 * cmd_check: `resmap check [options] PATH...` — load and validate the
 * inventory, derive every residency fact and judge it against every
 * policy. Exit 0 when nothing at or above --fail-on is violated, 1 when
 * something is, 2 when the input cannot be used (or the output written).
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "out/out_check.h"

static const char check_help[] =
	"Load and validate the inventory (files, directories, - for standard\n"
	"input) with the built-in catalog, derive every residency fact and\n"
	"evaluate every policy. With filters, only the violations whose fact\n"
	"matches them are shown and counted.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT           text (default), json, sarif, junit, github or\n"
	"                             codequality (GitLab)\n"
	"      --fail-on LEVEL        exit 1 on violations at or above LEVEL: error\n"
	"                             (default), warning, info, or never\n"
	"  -o, --output FILE          write to FILE (atomically); '-' is stdout\n"
	"  -h, --help                 show this help\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	struct model *m = NULL;
	const char *outpath = NULL;
	int fmt = CF_TEXT, rc = EXIT_UNUSABLE, opt;

	cli_init(&c, "check", "resmap check [options] PATH...");
	c.formats = check_format_names;
	c.format = &fmt;
	c.output = &outpath;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&c, check_help);
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
	m = cli_load(&c, argv + optind, argc - optind);
	if (!m)
		goto out;
	struct selector sel;
	bool filtered = cli_has_filter(&c);
	if (filtered && cli_filter(&c, m, &sel) < 0)
		goto out;
	rc = check_run(&c, m, filtered ? &sel : NULL, fmt, outpath);
out:
	if (m)
		model_free(m);
	cli_release(&c);
	return rc;
}
