/*
 * cmd_check: `resmap check PATH...` — load and validate an inventory.
 * Exit 0 when it loads clean, 2 when it cannot be used. (Policy
 * evaluation, and exit 1 for violations, arrive with the engine.)
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"

static const char help[] =
	"usage: resmap check [options] PATH...\n"
	"\n"
	"Load the inventory (files, directories, - for standard input) with the\n"
	"built-in catalog and report every error in it.\n"
	"\n"
	"options:\n"
	"  -h, --help                 show this help\n"
	"      --fail-on LEVEL        error, warning, info or never (default error)\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		CLI_LOAD_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	int rc = EXIT_UNUSABLE, opt;
	cli_init(&c, "check", "resmap check [options] PATH...");
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'h') {
			rc = cli_help(&c, help);
			fputs(cli_load_help, stdout);
			goto out;
		}
		if (opt == '?' || opt == ':') {
			rc = cli_usage_error(&c, opt == '?' ? "unknown option '%s'" :
					     "option '%s' needs a value", argv[optind - 1]);
			goto out;
		}
		int r = cli_option(&c, opt, optarg);
		if (r < 0)
			goto out;
	}
	struct model *m = cli_load(&c, argv + optind, argc - optind);
	if (!m)
		goto out;
	printf("resmap: %zu services, %zu tenants, %zu policies loaded\n",
	       m->nservices, m->ntenants, m->npolicies);
	model_free(m);
	rc = 0;
out:
	cli_release(&c);
	return rc;
}
