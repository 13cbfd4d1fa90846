/*
 * cmd_import: `resmap import FORMAT [options] FILE|DIR...` — reads what
 * another tool describes (the formats are the table in
 * import/importers.c) and writes a resmap inventory (standard output, or
 * -o FILE written atomically).
 *
 * Exit status: 0 when an inventory was written (warnings about what
 * could not be mapped go to standard error), 2 for bad usage, input that
 * cannot be read or parsed, or a service left without a region.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "base/diag.h"
#include "import/import.h"
#include "base/outfile.h"

/* Then each importer's own section (importers.c). */
static const char help_text[] =
	"Turn a Backstage catalog, Fides manifests, or what is deployed (Terraform plans\n"
	"and state, Azure Resource Graph, GCP Cloud Asset Inventory) into a resmap inventory.\n"
	"\n"
	"options:\n"
	"  -o, --output FILE          write here (atomically) instead of standard output\n"
	"      --region REGION[,...]  regions of every service the source leaves unplaced\n"
	"      --default-region REGION\n"
	"                             the same\n"
	"      --region NAME=REGION[,...]\n"
	"                             regions of one service (a Backstage entity name or a\n"
	"                             Fides system fides_key); repeatable; overrides the source\n"
	"      --max-depth N          YAML or JSON nesting limit (default 256)\n"
	"      --max-input SIZE       bytes one YAML input, or JSON from standard input or\n"
	"                             a FIFO, may hold (default 1G)\n"
	"      --tenant ID            terraform, azure-graph, gcp-assets: the tenant of resources\n"
	"                             without a resmap-tenant tag or a --map tenant\n"
	"      --map FILE             terraform, azure-graph, gcp-assets: classification tags,\n"
	"                             resource types, grouping and tenants (see resmap(1))\n"
	"      --prior                terraform: a plan's prior_state instead of planned_values\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Directories are read recursively (*.yaml, *.yml, sorted); - reads standard input.\n"
	"Every service needs a region: without one from the source or --region, the\n"
	"import fails and lists the services (exit 2).\n";

enum { OPT_DEFAULT_REGION = 400, OPT_MAXDEPTH, OPT_TENANT, OPT_MAP, OPT_PRIOR, OPT_MAXINPUT };

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "region", required_argument, NULL, 'r' },
		{ "default-region", required_argument, NULL, OPT_DEFAULT_REGION },
		{ "max-depth", required_argument, NULL, OPT_MAXDEPTH },
		{ "tenant", required_argument, NULL, OPT_TENANT },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "prior", no_argument, NULL, OPT_PRIOR },
		{ "max-input", required_argument, NULL, OPT_MAXINPUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct imp_opts o;
	imp_opts_init(&o);
	struct strbuf usage = STRBUF_INIT, names = STRBUF_INIT;
	sb_adds(&usage, "usage: resmap import ");
	importer_names(&usage, "|");
	sb_adds(&usage, " [-o FILE] [--region [NAME=]REGION[,REGION...]]... [--tenant ID] "
		"[--map FILE] [--prior] FILE|DIR...\n");
	importer_names(&names, NULL);
	const char *usage_line = usage.buf;
	const char *outpath = NULL;
	int rc = 2;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_line, stdout);
			fputs("\n", stdout);
			fputs(help_text, stdout);
			for (size_t i = 0; i < importer_count(); i++)
				if (importer_at(i)->help)
					printf("\n%s", importer_at(i)->help);
			rc = 0;
			goto out;
		case 'o':
			outpath = optarg;
			break;
		case OPT_DEFAULT_REGION:
			if (strchr(optarg, '=')) {
				fprintf(stderr, "resmap import: --default-region takes a region, not "
					"'%s'\n%s", optarg, usage_line);
				goto out;
			}
			/* fall through */
		case 'r':
			if (imp_opts_add_region(&o, optarg) < 0) {
				fprintf(stderr, "resmap import: --region '%s': expected REGION[,REGION...] "
					"or NAME=REGION[,REGION...]\n%s", optarg, usage_line);
				goto out;
			}
			break;
		case OPT_MAXDEPTH: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 100000) {
				fprintf(stderr, "resmap import: --max-depth '%s': expected a number from "
					"1 to 100000\n%s", optarg, usage_line);
				goto out;
			}
			o.limits.max_depth = (size_t)v;
			break;
		}
		case OPT_TENANT:
			o.tenant = optarg;
			break;
		case OPT_MAP:
			o.map_file = optarg;
			break;
		case OPT_PRIOR:
			o.prior = true;
			break;
		case OPT_MAXINPUT:
			if (cli_parse_size(optarg, &o.max_input) < 0) {
				fprintf(stderr, "resmap import: invalid --max-input '%s': expected a "
					"positive size such as 500M or 2G\n%s", optarg, usage_line);
				goto out;
			}
			break;
		case ':':
			fprintf(stderr, "resmap import: %s\n%s", cli_bad_option(c, argv),
				usage_line);
			goto out;
		default:
			fprintf(stderr, "resmap import: %s\n%s", cli_bad_option(c, argv),
				usage_line);
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "resmap import: which format: %s?\n%s", names.buf, usage_line);
		goto out;
	}
	const char *fmt = argv[optind++];
	const struct importer *importer = importer_find(fmt);
	if (!importer) {
		fprintf(stderr, "resmap import: '%s' is not a format: %s\n%s", fmt, names.buf,
			usage_line);
		goto out;
	}
	if (o.prior && !importer->prior) {
		fprintf(stderr, "resmap import: --prior is for terraform plans\n%s", usage_line);
		goto out;
	}
	if (optind >= argc) {
		fprintf(stderr, "resmap import: no input: give FILE, DIR or -\n%s", usage_line);
		goto out;
	}

	struct diag d;
	diag_init(&d, stderr);
	struct imp_inv inv;
	struct outfile of = { 0 };
	if (imp_run(importer, &o, argv + optind, argc - optind, &inv, &d) < 0)
		goto done;
	if (outfile_open(&of, outpath, &d) < 0)
		goto done;
	imp_write(&inv, of.fp);
	if (outfile_commit(&of, &d) < 0)
		goto done;
	rc = 0;
done:
	if (rc)
		outfile_abort(&of);
	imp_release(&inv);
	diag_release(&d);
out:
	imp_opts_release(&o);
	sb_release(&usage);
	sb_release(&names);
	return rc;
}
