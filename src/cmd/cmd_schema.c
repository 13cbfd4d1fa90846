/*
 * cmd_schema: `resmap schema [-o FILE|-] [--catalog DIR]` — writes the
 * JSON Schema of the inventory format (out/schema.h), for editors: a
 * `# yaml-language-server: $schema=FILE` line makes VS Code (and other
 * editors with yaml-language-server) validate and complete while typing.
 *
 * Exit status: 0 written; 2 bad usage, a catalog that does not load, or
 * output that cannot be written.
 */
#include <getopt.h>
#include <stdio.h>

#include "base/outfile.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "out/schema.h"

static const char help_text[] =
	"Write the JSON Schema (draft 2020-12) of the inventory format, made from the\n"
	"table resmap's loader checks with: every section, key, value type, required\n"
	"key and word, with one-line descriptions, and the built-in catalog's regions,\n"
	"providers, jurisdictions, data categories, subjects and purposes offered as\n"
	"values. Editors that read a modeline validate and complete while typing:\n"
	"\n"
	"  # yaml-language-server: $schema=./resmap.schema.json\n"
	"\n"
	"as the first line of an inventory (VS Code with the redhat.vscode-yaml\n"
	"extension, and other editors using yaml-language-server). resmap init writes\n"
	"both. References to undeclared ids are checked by resmap check alone.\n"
	"\n"
	"options:\n"
	"  -o, --output FILE   write here (atomically) instead of standard output\n"
	"      --catalog DIR   offer the ids of this catalog instead of the built-in one\n"
	"  -h, --help          show this help\n";

int cmd_schema(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	const char *outpath = NULL;
	int rc = EXIT_UNUSABLE, opt;
	cli_init(&c, "schema", "resmap schema [-o FILE|-] [--catalog DIR]");
	c.output = &outpath;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (opt == 'h') {
			rc = cli_help(&c, help_text);
			goto out;
		}
		if (cli_getopt_other(&c, opt, optarg, argv))
			goto out;
	}
	if (optind < argc) {
		rc = cli_usage_error(&c, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	bool ok;
	struct model *m = load_inventory(NULL, 0, &c.load, &c.diag, &ok);
	struct outfile of = { 0 };
	if (ok && outfile_open(&of, outpath, &c.diag) == 0) {
		schema_write(m, of.fp);
		if (outfile_commit(&of, &c.diag) == 0)
			rc = 0;
	}
	outfile_abort(&of);
	model_free(m);
out:
	cli_release(&c);
	return rc;
}
