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
#include "base/outfile.h"
#include "engine/policy.h"
#include "engine/subset.h"
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

static void judge_batch(void *ctx, const struct fact *f, size_t n)
{
	policy_judge(ctx, f, n);
}

/*
 * Everything check does after a successful load: derives the facts,
 * evaluates every policy, keeps the violations whose fact matches sel
 * (NULL: all) and counts only the facts that match it, writes fmt to
 * outpath ("-" or NULL: stdout) and returns the exit status (0, 1 for
 * findings at or above c->fail_on, 2 when the output cannot be written).
 */
static int check_run(struct cli *c, const struct model *m, const struct selector *sel,
		     enum check_format fmt, const char *outpath)
{
	struct outfile of = { 0 };
	/* check prints violations, not facts: no need to sort the facts,
	 * nor, unfiltered, to keep them (policy_begin keeps the violated) */
	struct factset *fs;
	struct verdicts *v;
	if (sel) {
		fs = cli_derive_unsorted(c, m);
		v = policy_evaluate(m, fs);
	} else {
		struct policy_run *run = policy_begin(m);
		fs = cli_derive_each(c, m, judge_batch, run);
		v = policy_end(run, fs);
	}
	/* filtered: the same subset a filtered report shows */
	struct subset sub;
	if (sel) {
		subset_select(&sub, m, sel, NULL, fs);
		subset_copy(&sub, fs, v);
	}
	const struct factset *sfs = sel ? &sub.fs : fs;
	const struct verdicts *sv = sel ? &sub.v : v;
	int st = EXIT_UNUSABLE;
	if (outfile_open(&of, outpath, &c->diag) < 0)
		goto out;
	out_check(of.fp, fmt, m, sfs, sv, c->fail_on);
	if (outfile_commit(&of, &c->diag) < 0)
		goto out;
	st = check_status(sv, c->fail_on);
out:
	outfile_abort(&of);
	if (sel)
		subset_release(&sub);
	verdicts_free(v);
	factset_free(fs);
	return st;
}

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
	while ((opt = getopt_long(argc, argv, ":f:o:hvj:", opts, NULL)) != -1) {
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
