/*
 * cmd_report: `resmap report PATH... -o FILE` — the page for policy
 * writers and auditors (report.c writes it). Loads, derives, evaluates,
 * draws the three views through graphviz in memory, and only then
 * replaces the output (and, for Markdown, the diagram files beside it),
 * so a failed run leaves earlier files as they were. The exit status is
 * check's: 1 when violations at or above --fail-on exist, so CI can
 * publish the report and fail in one step.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/facts.h"
#include "views/gv.h"
#include "out/out_check.h"
#include "base/outfile.h"
#include "engine/policy.h"
#include "out/report.h"
#include "out/svg_clean.h"
#include "engine/subset.h"
#include "views/views.h"

static const char usage[] =
	"resmap report [options] PATH...";

static const char help[] =
	"\n"
	"Write one self-contained page for policy writers and auditors: the\n"
	"violations, the policies, where each data category resides, which\n"
	"jurisdictions can reach it and why, tenants and services, and the three\n"
	"diagrams. The HTML loads nothing from anywhere (open it from disk or a\n"
	"mail attachment); Markdown links the diagrams, written beside it as\n"
	"NAME-deps.svg, NAME-jurisdiction.svg and NAME-data.svg. Above 1000\n"
	"services the page counts them and every service goes beside it as\n"
	"NAME-services.csv, linked (with -o - the page lists them all).\n"
	"\n"
	"options:\n"
	"  -h, --help                 show this help\n"
	"  -o, --output FILE          write here (required; - is standard output)\n"
	"  -f, --format FORMAT        html (default) or md\n"
	"      --title TEXT           title (default: the inventory name)\n"
	"      --date YYYY-MM-DD      date to print (default: from SOURCE_DATE_EPOCH,\n"
	"                             else none, so that output is reproducible)\n"
	"      --fail-on LEVEL        exit 1 on violations at or above LEVEL: error\n"
	"                             (default), warning, info, or never; with\n"
	"                             filters, of the facts they keep\n";

enum { OPT_TITLE = OPT_CMD, OPT_DATE };

static bool valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int mo = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	return mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1];
}

/* The reproducible-builds convention: a date only when one is given. */
static int date_from_env(struct cli *c, char buf[16], const char **date)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (!e || !*e)
		return 0;
	char *end;
	long long t = strtoll(e, &end, 10);
	struct tm tm;
	time_t tt = (time_t)t;
	if (*end || t < 0 || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, 16, "%Y-%m-%d", &tm)) {
		cli_usage_error(c, "invalid SOURCE_DATE_EPOCH '%s': expected seconds since 1970", e);
		return -1;
	}
	*date = buf;
	return 0;
}

/* "out/report.md" -> "out/report-VIEW.svg": a file beside the report. */
static char *side_path(const char *output, const char *what, const char *ext)
{
	size_t n = strlen(output);
	const char *slash = strrchr(output, '/');
	const char *dot = strrchr(output, '.');
	if (dot && (!slash || dot > slash + 1))
		n = (size_t)(dot - output);
	return xasprintf("%.*s-%s.%s", (int)n, output, what, ext);
}

/* The SVG of a view that draws itself, into *svg (owned by the caller). */
static void draw_itself(const struct view_def *vd, const struct view_input *vin, char **svg,
			size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	double w, h;
	vd->svg(vin, &sb, &w, &h);
	*len = sb.len;
	*svg = sb_detach(&sb);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	int rc = EXIT_UNUSABLE, opt, fmt = RF_HTML;
	const char *output = NULL, *title = NULL, *date = NULL;
	char datebuf[16];
	struct model *m = NULL;
	struct factset *fs = NULL;
	struct verdicts *v = NULL;
	size_t nviews = view_count();
	char **svg = xcalloc(nviews, sizeof *svg);
	size_t *svglen = xcalloc(nviews, sizeof *svglen);
	char **links = xcalloc(nviews, sizeof *links);
	struct strbuf *clean = xcalloc(nviews, sizeof *clean);
	struct report_view *rviews = xcalloc(nviews, sizeof *rviews);
	/* the drawings, the services' CSV, the report */
	struct outfile *ofs = xcalloc(nviews + 2, sizeof *ofs);
	char *csv_link = NULL;
	size_t nofs = 0;
	struct subset sub;
	bool has_sub = false;
	struct strbuf note = STRBUF_INIT, vnote = STRBUF_INIT;
	for (size_t i = 0; i < nviews; i++)
		sb_init(&clean[i]);

	cli_init(&c, "report", usage);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:f:vj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			rc = cli_help(&c, help);
			fputs(cli_load_help, stdout);
			fputs(cli_filter_help, stdout);
			goto out;
		case '?':
		case ':':
			rc = cli_usage_error(&c, "%s", cli_bad_option(opt, argv));
			goto out;
		case 'o': output = optarg; break;
		case 'f':
			if ((fmt = cli_choice(&c, "--format", optarg, report_format_names)) < 0)
				goto out;
			break;
		case OPT_TITLE: title = optarg; break;
		case OPT_DATE:
			if (!valid_date(optarg)) {
				rc = cli_usage_error(&c, "invalid --date '%s': expected YYYY-MM-DD",
						     optarg);
				goto out;
			}
			date = optarg;
			break;
		default:
		{
			int r = cli_option(&c, opt, optarg);
			if (r == 0)
				rc = cli_usage_error(&c, "%s", cli_bad_option(opt, argv));
			if (r <= 0)
				goto out;
		}
		}
	}
	if (!output) {
		rc = cli_usage_error(&c, "no output given; use -o FILE (or -o - for "
				     "standard output)");
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error(&c, "no input; give a PATH, or - for standard input");
		goto out;
	}
	if (!date && date_from_env(&c, datebuf, &date) < 0)
		goto out;
	if (!(m = cli_load(&c, argv + optind, argc - optind)))
		goto out;
	struct selector sel;
	if (cli_filter(&c, m, &sel) < 0)
		goto out;
	fs = cli_derive(&c, m);
	v = policy_evaluate(m, fs);
	bool filtered = cli_has_filter(&c);
	if (filtered) {
		subset_select(&sub, m, &sel, NULL, fs);
		subset_copy(&sub, fs, v);
		has_sub = true;
		cli_filter_note(&c, &note);
		sb_addf(&vnote, "Only %s", note.buf);
	}

	bool to_stdout = !strcmp(output, "-");
	struct report_input in = {
		m, filtered ? &sub.fs : fs, filtered ? &sub.v : v,
		filtered ? sub.tenant_keep : NULL, filtered ? sub.svc_keep : NULL,
		note.len ? note.buf : NULL,
		title ? title : load_inventory_name(m, (const char *const *)(argv + optind),
						  (size_t)(argc - optind)),
		date, (const char *const *)(argv + optind), (size_t)(argc - optind), rviews,
		NULL, NULL,
	};
	for (size_t vi = 0; vi < nviews; vi++) {
		const struct view_def *vd = view_at(vi);
		if (!vd->title)
			continue;
		struct view_input vin = {
			m, fs, v, filtered ? sub.fact_keep : NULL, filtered ? sub.svc_keep : NULL,
			in.title, vnote.len ? vnote.buf : NULL
		};
		if (vd->svg) {
			/* a map resmap draws itself */
			draw_itself(vd, &vin, &svg[vi], &svglen[vi]);
		} else {
			struct view_opts vo = { vd, COLLAPSE_NONE, VIEW_MAX_NODES_DEFAULT,
						true, VIEW_MAX_EDGES_DEFAULT };
			struct vgraph *g = view_build(&vin, &vo);
			/* a dense data view is drawn as the matrix */
			const struct view_def *alt = view_instead(vd, &vin, g);
			int r = 0;
			if (alt) {
				draw_itself(alt, &vin, &svg[vi], &svglen[vi]);
				in.views[vi].drawn_as = alt;
			} else {
				in.views[vi].collapse = g->collapse;
				in.views[vi].collapse_auto = g->collapse_auto;
				r = gv_render(g, GV_SVG, "dot", &c.diag, &svg[vi], &svglen[vi]);
			}
			vg_free(g);
			if (r < 0)
				goto out;
		}
		/* the same check guards the inlined copy and the file beside the md */
		if (report_svg_clean(svg[vi], svglen[vi], vd->name, &clean[vi]) < 0) {
			diag_msg(&c.diag, DIAG_ERROR, "the %s diagram holds markup that is not "
				 "plain graphviz SVG; refusing to include it (this is a bug)",
				 vd->name);
			goto out;
		}
		if (fmt == RF_HTML) {
			in.views[vi].svg = clean[vi].buf;
			in.views[vi].len = clean[vi].len;
		}
	}
	/* the drawings beside a Markdown report and the report are replaced
	 * together: all written first, then all renamed, or none */
	if (fmt == RF_MD && !to_stdout) {
		for (size_t vi = 0; vi < nviews; vi++) {
			if (!view_at(vi)->title)
				continue;
			char *path = side_path(output, view_at(vi)->name, "svg");
			int r = outfile_open(&ofs[nofs], path, &c.diag);
			const char *base = strrchr(path, '/');
			links[vi] = xstrdup(base ? base + 1 : path);
			free(path);
			if (r < 0)
				goto out;
			fwrite(svg[vi], 1, svglen[vi], ofs[nofs++].fp);
			in.views[vi].link = links[vi];
		}
	}
	/* many services: the page counts them, the CSV beside it lists them
	 * (on standard output there is no beside: the page lists them all) */
	if (!to_stdout && report_services_many(&in)) {
		char *path = side_path(output, "services", "csv");
		int r = outfile_open(&ofs[nofs], path, &c.diag);
		const char *base = strrchr(path, '/');
		csv_link = xstrdup(base ? base + 1 : path);
		free(path);
		if (r < 0)
			goto out;
		in.services_csv = ofs[nofs++].fp;
		in.services_csv_link = csv_link;
	}
	if (outfile_open(&ofs[nofs], to_stdout ? NULL : output, &c.diag) < 0)
		goto out;
	report_write(ofs[nofs++].fp, (enum report_format)fmt, &in);
	struct outfile **all = xcalloc(nofs, sizeof *all);
	for (size_t i = 0; i < nofs; i++)
		all[i] = &ofs[i];
	int committed = outfile_commit_all(all, nofs, &c.diag);
	free(all);
	nofs = 0;
	if (committed < 0)
		goto out;
	rc = check_status(in.v, c.fail_on);
out:
	for (size_t i = 0; i < nofs; i++)
		outfile_abort(&ofs[i]);
	free(ofs);
	free(csv_link);
	if (has_sub)
		subset_release(&sub);
	sb_release(&note);
	sb_release(&vnote);
	for (size_t i = 0; i < nviews; i++) {
		free(svg[i]);
		free(links[i]);
		sb_release(&clean[i]);
	}
	free(svg);
	free(svglen);
	free(links);
	free(clean);
	free(rviews);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
	cli_release(&c);
	return rc;
}
