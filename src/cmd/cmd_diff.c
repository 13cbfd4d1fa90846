/*
 * cmd_diff: `resmap diff OLD NEW` — what a change does to residency, not
 * to YAML: facts gained and lost, reach gained and lost, violations new
 * and fixed, services added, removed and moved. OLD and NEW are paths or
 * git revisions (git:REV[:PATH]) read with `git ls-tree` and `git
 * cat-file`, so no temporary checkout is made. Exit 1 when NEW has
 * violations at or above --fail-on that OLD did not have.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/diff.h"
#include "load/gitrev.h"
#include "load/load.h"
#include "base/outfile.h"
#include "base/walk.h"
#include "out/out_diff.h"
#include "base/util.h"

static const char usage_line[] = "resmap diff [options] OLD NEW";

static const char help_text[] =
	"Residency change between two inventories: facts added and removed,\n"
	"new and lost reach, new and fixed violations, services added, removed\n"
	"and moved. OLD and NEW are files, directories or git revisions:\n"
	"git:REV reads the *.yaml/*.yml of REV under the current directory,\n"
	"git:REV:PATH those under PATH (e.g. resmap diff git:main .).\n"
	"\n"
	"options:\n"
	"  -f, --format FORMAT        text (default), json or md (a pull-request comment)\n"
	"  -o, --output FILE          write to FILE ('-' is standard output)\n"
	"      --fail-on LEVEL        exit 1 when NEW has violations at or above LEVEL\n"
	"                             that OLD did not have: error (default), warning,\n"
	"                             info or never\n"
	"  -h, --help                 show this help\n";


/* ---- git inputs -------------------------------------------------------- */

/* The files of a revision a directory walk would read: *.yaml and *.yml,
 * none below a hidden directory (".github/workflows/x.yml" is not read
 * from a working tree either). */
static bool git_yaml_path(const char *s)
{
	for (const char *seg = s; *seg; ) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (seg[0] == '.' && !(len == 1 || (len == 2 && seg[1] == '.')))
			return false;
		if (!end)
			break;
		seg = end + 1;
	}
	return walk_yaml_name(s);
}

/*
 * Loads "git:REV[:PATH]": every *.yaml / *.yml of REV under PATH (the
 * current directory when absent), in sorted path order, each named
 * "git:REV:FILE" in messages. Returns NULL after reporting.
 */
static struct model *load_git(struct cli *c, const char *spec)
{
	const char *rest = spec + 4;
	const char *colon = strchr(rest, ':');
	char *rev = colon ? xstrndup(rest, (size_t)(colon - rest)) : xstrdup(rest);
	const char *path = colon && colon[1] ? colon + 1 : ".";
	struct model *m = NULL;
	struct gitrev_files gf;
	if (gitrev_read(rev, path, git_yaml_path, c->load.max_input, &c->diag, &gf) == 0) {
		char **names = xcalloc(gf.n, sizeof *names);
		const char **bufs = xcalloc(gf.n, sizeof *bufs);
		size_t *lens = xcalloc(gf.n, sizeof *lens);
		for (size_t i = 0; i < gf.n; i++) {
			names[i] = xasprintf("git:%s:%s", rev, gf.v[i].name);
			bufs[i] = gf.v[i].buf;
			lens[i] = gf.v[i].len;
		}
		bool ok;
		m = load_buffers((const char *const *)names, bufs, lens, gf.n, true, &c->load,
				 &c->diag, &ok);
		if (!ok) {
			model_free(m);
			m = NULL;
		}
		for (size_t i = 0; i < gf.n; i++)
			free(names[i]);
		free(names);
		free(bufs);
		free(lens);
		gitrev_release(&gf);
	}
	free(rev);
	return m;
}

static struct model *load_side(struct cli *c, char *spec)
{
	if (!strncmp(spec, "git:", 4))
		return load_git(c, spec);
	return cli_load(c, &spec, 1);
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		CLI_LOAD_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	cli_init(&c, "diff", usage_line);
	const char *output = "-";
	int format = DIFF_TEXT, rc = EXIT_UNUSABLE, opt;
	c.formats = diff_format_names;
	c.format = &format;
	c.output = &output;
	struct model *old = NULL, *new = NULL;
	struct diff *df = NULL;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:hvj:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&c, help_text);
			fputs(cli_load_help, stdout);
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
	if (argc - optind != 2) {
		rc = cli_usage_error(&c, "expected two inventories, OLD and NEW");
		goto out;
	}
	/* load both, so that the errors of both are reported */
	old = load_side(&c, argv[optind]);
	new = load_side(&c, argv[optind + 1]);
	if (!old || !new)
		goto out;
	df = diff_compute(old, new);

	struct outfile of;
	if (outfile_open(&of, output, &c.diag) < 0)
		goto out;
	out_diff(of.fp, (enum diff_format)format, df, argv[optind], argv[optind + 1]);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	rc = c.fail_on >= 0 && diff_new_at_least(df, (enum severity)c.fail_on) ? EXIT_FINDINGS : 0;
out:
	diff_free(df);
	model_free(old);
	model_free(new);
	cli_release(&c);
	return rc;
}
