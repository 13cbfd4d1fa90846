/*
 * cmd_graph: `resmap graph PATH... --view VIEW -o FILE` — draws one view
 * of the table in views.c. Picks the facts to draw (filters as `map`,
 * --focus on a service's neighbourhood), builds the view (collapsing
 * above the node budget) and renders it through graphviz in-process — or,
 * for a view that draws itself (the world map), takes its SVG, which
 * graphviz turns into PNG or PDF — all in memory, and only then replaces
 * the output file, so a failed render leaves an existing file as it was.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/facts.h"
#include "views/gv.h"
#include "base/outfile.h"
#include "engine/policy.h"
#include "base/suggest.h"
#include "engine/subset.h"
#include "views/views.h"


/* help_views + the --view line from the table + help_options */
static const char help_views[] =
	"\n"
	"Draw the inventory through graphviz: the dependency view (services by\n"
	"tenant), the jurisdiction view (where data sits and which laws reach it),\n"
	"the data view (categories and the places holding them); or, drawn by\n"
	"resmap itself, the world view (a map of the countries holding data and\n"
	"what crosses borders) and the matrix view (data categories by country,\n"
	"the strongest mode in each cell, marked where a policy breaks).\n"
	"\n"
	"options:\n"
	"  -h, --help                 show this help\n";

static const char help_options[] =
	"  -o, --output FILE          write here (default -: standard output); the\n"
	"                             extension .dot .gv .svg .png .pdf sets the format\n"
	"      --format FORMAT        dot, svg, png or pdf (default from -o, else dot;\n"
	"                             svg for the world and matrix views, which\n"
	"                             have no dot)\n"
	"      --focus SERVICE        only SERVICE and its neighbours along depends_on\n"
	"      --depth N              how many steps --focus reaches (default 1)\n"
	"      --collapse LEVEL       one node per tenant, region, country or\n"
	"                             jurisdiction (group); none draws every service\n"
	"      --max-nodes N          collapse further above N nodes (default 300;\n"
	"                             0: never)\n"
	"      --max-edges N          above N edges, draw one edge per pair of nodes\n"
	"                             with a count, then collapse further (default 80;\n"
	"                             0: one edge per flow, at most --max-nodes)\n"
	"      --engine ENGINE        dot (default) or sfdp (faster on large graphs,\n"
	"                             draws no boxes)\n"
	"      --title TEXT           title of the drawing (default: the inventory name)\n";

/* "deps|jurisdiction|data" (sep "|"), or "deps (default), jurisdiction or data" */
static void view_list(struct strbuf *sb, bool usage)
{
	size_t n = view_count();
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, usage ? "|" : i + 1 == n ? " or " : ", ");
		sb_adds(sb, view_at(i)->name);
		if (!usage && !i)
			sb_adds(sb, " (default)");
	}
}

enum {
	OPT_VIEW = OPT_CMD, OPT_FORMAT, OPT_FOCUS, OPT_DEPTH, OPT_COLLAPSE,
	OPT_MAX_NODES, OPT_MAX_EDGES, OPT_ENGINE, OPT_TITLE
};

static int parse_count(struct cli *c, const char *opt, const char *arg, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-') {
		cli_usage_error(c, "invalid %s '%s': expected a number", opt, arg);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

/* Services within depth steps of focus along depends_on, both ways. */
static unsigned char *focus_set(const struct model *m, const struct service *focus, size_t depth)
{
	size_t n = m->nservices;
	unsigned char *in = xcalloc(n + 1, 1);
	/* reverse edges, as arrays indexed by service */
	size_t *rstart = xcalloc(n + 2, sizeof *rstart);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < m->services[i]->ndeps; k++)
			rstart[m->services[i]->deps[k].to->index + 1]++;
	for (size_t i = 0; i < n; i++)
		rstart[i + 1] += rstart[i];
	uint32_t *rev = xcalloc(rstart[n] + 1, sizeof *rev);
	size_t *fill = xcalloc(n + 1, sizeof *fill);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < m->services[i]->ndeps; k++) {
			uint32_t to = m->services[i]->deps[k].to->index;
			rev[rstart[to] + fill[to]++] = (uint32_t)i;
		}
	uint32_t *queue = xcalloc(n + 1, sizeof *queue);
	size_t head = 0, tail = 0, level_end;
	queue[tail++] = focus->index;
	in[focus->index] = 1;
	for (size_t d = 0; d < depth && head < tail; d++) {
		level_end = tail;
		for (; head < level_end; head++) {
			const struct service *s = m->services[queue[head]];
			for (size_t k = 0; k < s->ndeps; k++) {
				uint32_t t = s->deps[k].to->index;
				if (!in[t]) {
					in[t] = 1;
					queue[tail++] = t;
				}
			}
			for (size_t k = rstart[s->index]; k < rstart[s->index + 1]; k++) {
				if (!in[rev[k]]) {
					in[rev[k]] = 1;
					queue[tail++] = rev[k];
				}
			}
		}
	}
	free(rstart);
	free(rev);
	free(fill);
	free(queue);
	return in;
}

static void note_filters(const struct cli *c, const char *focus, size_t depth, struct strbuf *sb)
{
	if (cli_has_filter(c)) {
		sb_adds(sb, "Only ");
		cli_filter_note(c, sb);
	}
	if (focus)
		sb_addf(sb, "%sneighbourhood of %s (depth %zu)", sb->len ? "; " : "Only the ",
			focus, depth);
}

int cmd_graph(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "focus", required_argument, NULL, OPT_FOCUS },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "collapse", required_argument, NULL, OPT_COLLAPSE },
		{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },
		{ "max-edges", required_argument, NULL, OPT_MAX_EDGES },
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "title", required_argument, NULL, OPT_TITLE },
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const engine_words[] = { "dot", "sfdp", NULL };
	struct cli c;
	int rc = EXIT_UNUSABLE, opt;
	const char *output = NULL, *focus_id = NULL, *title = NULL;
	const struct view_def *view = view_at(0);
	int format = -1, collapse = COLLAPSE_NONE, engine = 0, vi;
	size_t depth = 1, max_nodes = VIEW_MAX_NODES_DEFAULT, max_edges = VIEW_MAX_EDGES_DEFAULT;
	struct model *m = NULL;
	struct factset *fs = NULL;
	struct verdicts *v = NULL;
	unsigned char *near = NULL;
	struct subset sub;
	bool has_sub = false;
	struct vgraph *g = NULL;
	char *out = NULL;
	struct strbuf note = STRBUF_INIT, usage = STRBUF_INIT;

	sb_adds(&usage, "resmap graph [options] [--view ");
	view_list(&usage, true);
	sb_adds(&usage, "] [-o FILE] PATH...");
	cli_init(&c, "graph", usage.buf);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:vj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
		{
			rc = cli_help(&c, help_views);
			struct strbuf line = STRBUF_INIT;
			view_list(&line, false);
			printf("      --view VIEW            %s\n", line.buf);
			sb_release(&line);
			fputs(help_options, stdout);
			fputs(cli_load_help, stdout);
			fputs(cli_filter_help, stdout);
			goto out;
		}
		case '?':
		case ':':
			rc = cli_usage_error(&c, "%s", cli_bad_option(opt, argv));
			goto out;
		case 'o': output = optarg; break;
		case OPT_VIEW:
			if ((vi = cli_choice(&c, "--view", optarg, view_words())) < 0)
				goto out;
			view = view_at((size_t)vi);
			break;
		case OPT_FORMAT:
			if ((format = cli_choice(&c, "--format", optarg, gv_format_names)) < 0)
				goto out;
			break;
		case OPT_COLLAPSE:
			if ((collapse = cli_choice(&c, "--collapse", optarg, collapse_words)) < 0)
				goto out;
			break;
		case OPT_ENGINE:
			if ((engine = cli_choice(&c, "--engine", optarg, engine_words)) < 0)
				goto out;
			break;
		case OPT_FOCUS: focus_id = optarg; break;
		case OPT_DEPTH:
			if (parse_count(&c, "--depth", optarg, &depth) < 0)
				goto out;
			break;
		case OPT_MAX_NODES:
			if (parse_count(&c, "--max-nodes", optarg, &max_nodes) < 0)
				goto out;
			break;
		case OPT_MAX_EDGES:
			if (parse_count(&c, "--max-edges", optarg, &max_edges) < 0)
				goto out;
			break;
		case OPT_TITLE: title = optarg; break;
		default:
			if (cli_option(&c, opt, optarg) <= 0)
				goto out;
		}
	}
	bool to_stdout = !output || !strcmp(output, "-");
	if (format < 0) {
		format = to_stdout ? (view->svg ? GV_SVG : GV_DOT) : gv_format_from_path(output);
		if (format < 0) {
			rc = cli_usage_error(&c, "cannot tell the format of '%s' from its name; "
					     "use .dot, .svg, .png or .pdf, or --format", output);
			goto out;
		}
	}
	if (view->svg && format == GV_DOT) {
		rc = cli_usage_error(&c, "the %s view is drawn as svg, png or pdf, not dot",
				     view->name);
		goto out;
	}
	if (to_stdout && !gv_format_is_text(format) && isatty(STDOUT_FILENO)) {
		rc = cli_usage_error(&c, "will not write %s to a terminal; use -o FILE",
				     gv_format_name(format));
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error(&c, "no input; give a PATH, or - for standard input");
		goto out;
	}
	if (!(m = cli_load(&c, argv + optind, argc - optind)))
		goto out;
	struct selector sel;
	if (cli_filter(&c, m, &sel) < 0)
		goto out;
	const struct service *focus = NULL;
	if (focus_id && !(focus = model_find_service(m, focus_id))) {
		struct suggest sg;
		suggest_init(&sg, focus_id);
		for (size_t i = 0; i < m->nservices; i++)
			suggest_add(&sg, m->services[i]->id);
		if (suggest_best(&sg))
			diag_msg(&c.diag, DIAG_ERROR, "unknown service '%s' in --focus; did you mean "
				 "'%s'?", focus_id, suggest_best(&sg));
		else
			diag_msg(&c.diag, DIAG_ERROR, "unknown service '%s' in --focus", focus_id);
		goto out;
	}

	fs = cli_derive(&c, m);
	v = policy_evaluate(m, fs);
	bool filtered = cli_has_filter(&c);
	if (focus)
		near = focus_set(m, focus, depth);
	if (filtered || focus) {
		subset_select(&sub, m, filtered ? &sel : NULL, near, fs);
		has_sub = true;
	}
	note_filters(&c, focus ? focus->id : NULL, depth, &note);

	struct view_input in = {
		m, fs, v, has_sub ? sub.fact_keep : NULL, has_sub ? sub.svc_keep : NULL,
		title ? title : load_inventory_name(m, (const char *const *)(argv + optind),
						  (size_t)(argc - optind)),
		note.len ? note.buf : NULL,
	};
	size_t len = 0;
	if (view->svg) {
		/* drawn by resmap itself: SVG as is, PNG and PDF from it */
		struct strbuf svg = STRBUF_INIT;
		double w, h;
		view->svg(&in, &svg, &w, &h);
		int r = 0;
		if (format == GV_SVG) {
			len = svg.len;
			out = sb_detach(&svg);
		} else {
			r = gv_render_svg(svg.buf, svg.len, w, h, (enum gv_format)format, &c.diag,
					  &out, &len);
		}
		sb_release(&svg);
		if (r < 0)
			goto out;
	} else {
		struct view_opts vo = { view, (enum collapse)collapse, max_nodes,
					engine == 0, max_edges };
		g = view_build(&in, &vo);
		if (engine == 1 && g->clusters_dropped && format != GV_DOT)
			diag_msg(&c.diag, DIAG_WARNING, "sfdp draws no clusters; the boxes of "
				 "tenants, groups, countries and regions are left out (use --engine "
				 "dot to see them)");
		if (gv_render(g, (enum gv_format)format, engine ? "sfdp" : "dot", &c.diag, &out,
			      &len) < 0)
			goto out;
	}
	struct outfile of;
	if (outfile_open(&of, to_stdout ? NULL : output, &c.diag) < 0)
		goto out;
	/* a short write sets the stream's error flag: commit reports it and
	 * leaves the target alone */
	fwrite(out, 1, len, of.fp);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	rc = 0;
out:
	free(out);
	vg_free(g);
	if (has_sub)
		subset_release(&sub);
	free(near);
	sb_release(&note);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
	cli_release(&c);
	sb_release(&usage);
	return rc;
}
