/*
 * cmd_import: `resmap import backstage|fides [options] FILE|DIR...` —
 * reads a Backstage catalog or Fides manifests and writes a resmap
 * inventory (standard output, or -o FILE written atomically).
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

static const char usage_line[] =
	"usage: resmap import backstage|fides|terraform|azure-graph|gcp-assets [-o FILE] "
	"[--region [NAME=]REGION[,REGION...]]... [--tenant ID] [--map FILE] [--prior] FILE|DIR...\n";

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
	"import fails and lists the services (exit 2).\n"
	"\n"
	"Backstage: Component and Resource entities become services, their owner\n"
	"(Group or User, kind and namespace stripped) the tenant, spec.type the kind\n"
	"(database; storage, s3-bucket, bucket; queue, kafka-topic, topic; service,\n"
	"website, function -> compute; cdn; anything else -> other), dependsOn,\n"
	"consumesApis (via the providers of the API), dependencyOf and subcomponentOf\n"
	"become depends_on. Annotations read:\n"
	"  resmap.io/regions        azure:westeurope,azure:northeurope (on a System: the\n"
	"                           default of its components and resources)\n"
	"  resmap.io/stores         DATA[,DATA] [@ SUBJECT[,SUBJECT]] [for PURPOSE[,PURPOSE]]\n"
	"                           entries separated by ';'\n"
	"  resmap.io/redundancy     local | zone | geo\n"
	"  resmap.io/access-from    country codes: IL,US\n"
	"  resmap.io/tenant-status  active | suspended | disabled (on a Group or service)\n"
	"  resmap.io/kind           a resmap kind, overriding spec.type\n"
	"\n"
	"Fides: systems become services (fides_key), privacy_declarations stores\n"
	"(data_categories, data_subjects, data_use as purpose), egress and ingress\n"
	"flows between systems depends_on with sends, the organization the tenant,\n"
	"custom data_category/data_use/data_subject entries declarations; policy rules\n"
	"whose three conditions are all 'matches: ANY' become deny policies. Fides has\n"
	"no location: regions come from a system's meta.resmap_regions (or a top-level\n"
	"resmap_regions) list, else from --region.\n"
	"\n"
	"terraform (terraform show -json of a plan or state; raw state v3/v4), azure-graph\n"
	"(az graph query, Resource Graph REST, az resource list) and gcp-assets (Cloud Asset\n"
	"Inventory exports, JSON lines or arrays; gcloud asset search-all-resources): every\n"
	"resource that holds data becomes part of a service, in the region the source gives\n"
	"(Terraform AWS: the provider configuration's region). Tags and GCP labels read:\n"
	"  resmap-data, resmap-subjects, resmap-purposes   ids, comma-separated\n"
	"  resmap-tenant                                    the tenant\n"
	"  resmap-service                                   resources with one value form a service\n"
	"GCP label values allow no '.' or ',': write '__' for '.' and '--' between ids\n"
	"(resmap-data: customer__contact--health__records).\n";

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
			imp_opts_release(&o);
			return 0;
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
		fprintf(stderr, "resmap import: which format: backstage, fides, terraform, azure-graph "
			"or gcp-assets?\n%s", usage_line);
		goto out;
	}
	const char *fmt = argv[optind++];
	int (*importer)(struct imp_inv *, const struct ptrvec *, struct diag *);
	if (!strcmp(fmt, "backstage")) {
		importer = import_backstage;
	} else if (!strcmp(fmt, "fides")) {
		importer = import_fides;
	} else if (!strcmp(fmt, "terraform")) {
		static const char *const plan_skip[] = { "resource_changes", "prior_state", NULL };
		static const char *const prior_skip[] = { "resource_changes", "planned_values", NULL };
		importer = import_terraform;
		o.json = true;
		o.json_skip = o.prior ? prior_skip : plan_skip;
	} else if (!strcmp(fmt, "azure-graph")) {
		importer = import_azure_graph;
		o.json = true;
	} else if (!strcmp(fmt, "gcp-assets")) {
		importer = import_gcp_assets;
		o.json = true;
	} else {
		fprintf(stderr, "resmap import: '%s' is not a format: backstage, fides, terraform, "
			"azure-graph or gcp-assets\n%s", fmt, usage_line);
		goto out;
	}
	if (o.prior && importer != import_terraform) {
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
	imp_init(&inv, &o, &d);
	struct ptrvec docs = PTRVEC_INIT;
	struct outfile of = { 0 };
	if (imp_check_opts(&inv, &o, &d) < 0)
		goto done;
	if (imp_read(&inv, argv + optind, argc - optind, &o, &d, &docs) < 0)
		goto done;
	if (importer(&inv, &docs, &d) < 0)
		goto done;
	if (imp_finish(&inv, &o, &d) < 0)
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
	pv_release(&docs);
	imp_release(&inv);
	diag_release(&d);
out:
	imp_opts_release(&o);
	return rc;
}
