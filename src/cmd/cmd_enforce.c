/*
 * cmd_enforce: `resmap enforce PATH... --target azure-policy|aws-scp|
 * gcp-org-policy [--tenant ID] [-o FILE]` — writes the provider's own
 * region guardrail from the inventory's allow_in policies (see enforce.h
 * for the rules and the shapes).
 *
 * Exit status: 0 written; 2 bad usage, an inventory that does not load,
 * no allow_in policy that applies, or no region left to allow.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/enforce.h"
#include "base/outfile.h"
#include "base/suggest.h"

static const char usage_line[] =
	"resmap enforce --target azure-policy|aws-scp|gcp-org-policy [--tenant ID] "
	"[-o FILE] PATH...";

static const char help_text[] =
	"Write a cloud provider's region guardrail from the inventory's allow_in policies.\n"
	"\n"
	"options:\n"
	"  -t, --target TARGET        azure-policy: an Azure Policy definition (JSON) like\n"
	"                               the built-in 'Allowed locations', deny effect;\n"
	"                             aws-scp: a service control policy (JSON) denying\n"
	"                               requests outside the allowed aws:RequestedRegion\n"
	"                               values, global services exempted;\n"
	"                             gcp-org-policy: an organization policy (JSON) for\n"
	"                               constraints/gcp.resourceLocations\n"
	"      --tenant ID            the policies that apply to this tenant (without it:\n"
	"                             the policies that name no tenant)\n"
	"      --exempt-role ARN      aws-scp: principals the SCP does not restrict\n"
	"                             (ArnNotLike aws:PrincipalARN); repeatable\n"
	"      --compact              JSON without indentation (SCPs are size-limited)\n"
	"  -o, --output FILE          write here (atomically) instead of standard output\n"
	"%s"
	"  -h, --help                 show this help\n"
	"\n"
	"Allowed regions of one policy: its allow_in regions of the target's provider,\n"
	"every catalog region of that provider in a country its jurisdictions contain,\n"
	"all regions of the provider when it names the provider. A resource must satisfy\n"
	"every policy, so several policies intersect. Match keys other than tenants and\n"
	"providers (data, subjects, ...) cannot narrow a region guardrail: it restricts\n"
	"every resource of the scope it is assigned to.\n";

enum { OPT_TARGET = OPT_CMD, OPT_EXEMPT, OPT_COMPACT, OPT_ETENANT };

int cmd_enforce(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "tenant", required_argument, NULL, OPT_ETENANT },
		{ "exempt-role", required_argument, NULL, OPT_EXEMPT },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_LOAD_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli c;
	cli_init(&c, "enforce", usage_line);
	const char *outpath = NULL, *tenant_id = NULL;
	c.output = &outpath;
	int target = -1;
	struct ptrvec roles = PTRVEC_INIT;
	struct enf_write_opts wo = { 0 };
	struct model *m = NULL;
	struct enf_result res = { 0 };
	struct outfile of = { 0 };
	int rc = EXIT_UNUSABLE;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ht:o:vj:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h': {
			char *text = xasprintf(help_text, cli_load_help);
			cli_help(&c, text);
			free(text);
			rc = 0;
			goto out;
		}
		case 't': {
			static const char *const choices[] = {
				"azure-policy", "aws-scp", "gcp-org-policy", NULL,
			};
			target = cli_choice(&c, "target", optarg, choices);
			if (target < 0)
				goto out;
			break;
		}
		case OPT_ETENANT:
			tenant_id = optarg;
			break;
		case OPT_EXEMPT:
			pv_push(&roles, optarg);
			break;
		case OPT_COMPACT:
			wo.compact = true;
			break;
		default:
			if (cli_getopt_other(&c, opt, optarg, argv))
				goto out;
		}
	}
	if (target < 0) {
		cli_usage_error(&c, "which --target: azure-policy, aws-scp or gcp-org-policy?");
		goto out;
	}
	if (roles.n && target != ENF_AWS) {
		cli_usage_error(&c, "--exempt-role is for --target aws-scp only");
		goto out;
	}
	if (optind >= argc) {
		cli_usage_error(&c, "no inventory: give PATH... or -");
		goto out;
	}
	m = cli_load(&c, argv + optind, argc - optind);
	if (!m)
		goto out;
	const struct tenant *tenant = NULL;
	if (tenant_id) {
		tenant = model_find_tenant(m, tenant_id);
		if (!tenant) {
			struct suggest sg;
			suggest_init(&sg, tenant_id);
			for (size_t i = 0; i < m->ntenants; i++)
				suggest_add(&sg, m->tenants[i]->id);
			const char *hint = suggest_best(&sg);
			if (hint)
				diag_msg(&c.diag, DIAG_ERROR, "unknown tenant '%s' in --tenant; did you "
					 "mean '%s'?", tenant_id, hint);
			else
				diag_msg(&c.diag, DIAG_ERROR, "unknown tenant '%s' in --tenant", tenant_id);
			goto out;
		}
	}
	if (enf_compute(m, (enum enf_target)target, tenant, &c.diag, &res) < 0)
		goto out;
	wo.exempt_roles = (const char *const *)roles.v;
	wo.nexempt_roles = roles.n;
	wo.tenant = tenant_id;
	/* written to memory first: an SCP has a size limit worth a warning */
	char *doc = NULL;
	size_t doclen = 0;
	FILE *mf = open_memstream(&doc, &doclen);
	if (!mf)
		die("out of memory");
	enf_write(&res, (enum enf_target)target, &wo, mf);
	fclose(mf);
	if (target == ENF_AWS && doclen > ENF_SCP_MAX_CHARS)
		diag_msg(&c.diag, DIAG_WARNING, "the SCP is %zu characters; AWS Organizations "
			 "accepts at most %d%s", doclen, ENF_SCP_MAX_CHARS,
			 wo.compact ? "" : ": try --compact");
	if (outfile_open(&of, outpath, &c.diag) < 0) {
		free(doc);
		goto out;
	}
	fwrite(doc, 1, doclen, of.fp);
	free(doc);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		outfile_abort(&of);
	enf_result_release(&res);
	if (m)
		model_free(m);
	pv_release(&roles);
	cli_release(&c);
	return rc;
}
