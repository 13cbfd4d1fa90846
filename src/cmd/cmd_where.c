/*
 * cmd_where: `resmap where DATA PATH...` — every place a data category
 * (and every category below it) resides: grouped by country, then region,
 * each fact with its mode, service, owner, subjects, purposes, reach and
 * path. Accessed facts sit under the country they are accessed from,
 * beside the region holding the data, as in the fact itself.
 *
 * A category that no fact holds may still sit inside a broader one that
 * is held ("personal.contact" stored covers any e-mail address in it):
 * then the held ancestors are named, nearest first, instead of a bare
 * "nowhere". When filters leave nothing, it says so, not "nowhere".
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/facts.h"
#include "out/out_facts.h"
#include "base/outfile.h"
#include "base/suggest.h"

static const char where_help[] =
	"Show every place a data category, and every category below it, resides,\n"
	"grouped by country and region, with who can reach it.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT           text (default) or json\n"
	"  -o, --output FILE          write to FILE (atomically); '-' is stdout\n"
	"  -h, --help                 show this help\n";

static const char *const where_formats[] = { "text", "json", NULL };

static int cmp_where(const void *a, const void *b)
{
	const struct fact *x = *(const struct fact *const *)a;
	const struct fact *y = *(const struct fact *const *)b;
	int c = strcmp(x->country->id, y->country->id);
	if (!c)
		c = strcmp(x->region->id, y->region->id);
	return c ? c : fact_cmp(x, y);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;
	return (x > y) - (x < y);
}

/*
 * Regions are counted once each: an accessed fact sits under the country it
 * is accessed from, so one region can head several country groups.
 */
static size_t count_regions(const struct fact *const *facts, size_t n)
{
	if (!n)
		return 0;
	const void **r = xmalloc(n * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = facts[i]->region;
	xqsort(r, n, sizeof(*r), cmp_ptr);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		k += r[i] != r[i - 1];
	free(r);
	return k;
}

/* Held ancestors of the category: facts[first, end) hold data. */
struct broader {
	const struct term *data;
	size_t first, end, ncountries, nregions;
};

/* Deepest data first, then as where lists them. */
static int cmp_broader(const void *a, const void *b)
{
	const struct fact *x = *(const struct fact *const *)a;
	const struct fact *y = *(const struct fact *const *)b;
	if (x->data->depth != y->data->depth)
		return x->data->depth > y->data->depth ? -1 : 1;
	return cmp_where(a, b);
}

/*
 * Moves the facts that hold an ancestor of d to the front of facts (n of
 * them, d itself held by none) and groups them by ancestor, nearest
 * first. Returns the groups (free them) and their count in *nb.
 */
static struct broader *find_broader(const struct term *d, const struct fact **facts, size_t n,
				    size_t *nb)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (term_under(d, facts[i]->data))
			facts[k++] = facts[i];
	*nb = 0;
	if (!k)
		return NULL;
	xqsort(facts, k, sizeof *facts, cmp_broader);
	struct broader *b = xcalloc(d->depth + 1, sizeof *b);
	for (size_t i = 0; i < k;) {
		struct broader *g = &b[(*nb)++];
		g->data = facts[i]->data;
		g->first = i;
		for (; i < k && facts[i]->data == g->data; i++)
			g->ncountries += i == g->first || facts[i]->country != facts[i - 1]->country;
		g->end = i;
		g->nregions = count_regions(facts + g->first, g->end - g->first);
	}
	return b;
}

static void where_text(FILE *out, const struct term *d,
		       const struct fact *const *facts, size_t n,
		       const struct broader *b, size_t nb, bool filtered)
{
	static const enum out_col cols[] = {
		COL_MODE, COL_DATA, COL_SERVICE, COL_TENANT, COL_SUBJECTS,
		COL_PURPOSES, COL_REACH, COL_PATH
	};
	size_t ncountries = 0, nregions = count_regions(facts, n);
	for (size_t i = 0; i < n; i++)
		ncountries += !i || facts[i]->country != facts[i - 1]->country;
	if (!n && !nb && filtered) {
		/* the filters excluded it: it may well reside somewhere */
		fprintf(out, "no fact of '%s' matches the filters\n", esc_text_str(d->id));
		return;
	}
	if (!n && !nb) {
		fprintf(out, "'%s' resides nowhere: no fact holds it or a category below it\n",
			esc_text_str(d->id));
		return;
	}
	if (!n) {
		fprintf(out, "'%s' is not held as such: no fact %sholds it or a category below it,\n"
			"but broader categories that may include it are held:\n", esc_text_str(d->id),
			filtered ? "that matches the filters " : "");
		for (size_t i = 0; i < nb; i++) {
			size_t nf = b[i].end - b[i].first;
			fprintf(out, "  '%s': %zu %s in %zu %s, %zu %s\n", esc_text_str(b[i].data->id),
				nf, nf == 1 ? "fact" : "facts",
				b[i].ncountries, b[i].ncountries == 1 ? "country" : "countries",
				b[i].nregions, b[i].nregions == 1 ? "region" : "regions");
		}
		fprintf(out, "see 'resmap where %s'\n", esc_text_str(b[0].data->id));
		return;
	}
	fprintf(out, "'%s' and the categories below it: %zu %s in %zu %s, %zu %s\n\n",
		esc_text_str(d->id), n, n == 1 ? "fact" : "facts",
		ncountries, ncountries == 1 ? "country" : "countries",
		nregions, nregions == 1 ? "region" : "regions");
	struct out_table t;
	out_table_init(&t, cols, ARRAY_LEN(cols), facts, n);
	out_table_header(out, &t, "    ");
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		if (!i || f->country != facts[i - 1]->country) {
			if (f->country->name)
				fprintf(out, "%s  %s\n", esc_text_str(f->country->id),
					esc_text_str(f->country->name));
			else
				fprintf(out, "%s\n", esc_text_str(f->country->id));
		}
		if (!i || f->country != facts[i - 1]->country || f->region != facts[i - 1]->region) {
			fprintf(out, "  %s", esc_text_str(f->region->id));
			if (f->region->country != f->country)
				fprintf(out, " (in %s)", esc_text_str(f->region->country->id));
			fputc('\n', out);
		}
		out_table_row(out, &t, f, "    ");
	}
}

static void where_json(FILE *out, const struct term *d,
		       const struct fact *const *facts, size_t n,
		       const struct broader *b, size_t nb)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_kstr(&j, "data", d->id);
	json_key(&j, "countries");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		bool newc = !i || f->country != facts[i - 1]->country;
		bool newr = newc || f->region != facts[i - 1]->region;
		if (newr && i) {
			json_arr_end(&j);       /* facts */
			json_obj_end(&j);       /* region */
		}
		if (newc) {
			if (i) {
				json_arr_end(&j);       /* regions */
				json_obj_end(&j);       /* country */
			}
			json_obj_begin(&j);
			json_kstr(&j, "country", f->country->id);
			json_kstr(&j, "name", f->country->name);
			json_key(&j, "regions");
			json_arr_begin(&j);
		}
		if (newr) {
			json_obj_begin(&j);
			json_kstr(&j, "region", f->region->id);
			json_kstr(&j, "provider", f->region->provider->id);
			json_key(&j, "facts");
			json_arr_begin(&j);
		}
		out_fact_json(&j, f);
	}
	if (n) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	/* held ancestors, nearest first, when the category itself is not held */
	json_key(&j, "broader");
	json_arr_begin(&j);
	for (size_t i = 0; i < nb; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "data", b[i].data->id);
		json_kint(&j, "facts", (long long)(b[i].end - b[i].first));
		json_kint(&j, "countries", (long long)b[i].ncountries);
		json_kint(&j, "regions", (long long)b[i].nregions);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

int cmd_where(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LOAD_OPTIONS,
		CLI_FILTER_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli c;
	struct model *m = NULL;
	struct factset *fs = NULL;
	const struct fact **facts = NULL;
	struct broader *broader = NULL;
	size_t nbroader = 0;
	struct outfile of = { 0 };
	const char *outpath = NULL;
	int fmt = 0, st = EXIT_UNUSABLE, opt;

	cli_init(&c, "where", "resmap where [options] DATA PATH...");
	c.formats = where_formats;
	c.format = &fmt;
	c.output = &outpath;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:hvj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			st = cli_help(&c, where_help);
			fputs(cli_load_help, stdout);
			fputs(cli_filter_help, stdout);
			goto out;
		default: {
			int e = cli_getopt_other(&c, opt, optarg, argv);
			if (e) {
				st = e;
				goto out;
			}
		}
		}
	}
	if (optind >= argc) {
		st = cli_usage_error(&c, "no data category given");
		goto out;
	}
	if (optind + 1 >= argc) {
		st = cli_usage_error(&c, "no inventory given");
		goto out;
	}
	const char *want = argv[optind];
	m = cli_load(&c, argv + optind + 1, argc - optind - 1);
	if (!m)
		goto out;
	const struct term *d = model_find_data(m, want);
	if (!d) {
		struct suggest sg;
		suggest_init(&sg, want);
		for (size_t i = 0; i < m->ndata; i++)
			suggest_add(&sg, m->data[i]->id);
		const char *best = suggest_best(&sg);
		if (best)
			diag_msg(&c.diag, DIAG_ERROR, "unknown data category '%s'; did you mean '%s'?",
				 want, best);
		else
			diag_msg(&c.diag, DIAG_ERROR, "unknown data category '%s'", want);
		goto out;
	}
	struct selector sel;
	bool filtered = cli_has_filter(&c);
	if (filtered && cli_filter(&c, m, &sel) < 0)
		goto out;
	fs = cli_derive(&c, m);
	size_t n, k = 0;
	facts = out_all_facts(fs, &n);
	n = out_filter(m, filtered ? &sel : NULL, facts, n);
	for (size_t i = 0; i < n; i++)
		if (term_under(facts[i]->data, d))
			facts[k++] = facts[i];
	if (!k)
		broader = find_broader(d, facts, n, &nbroader);
	n = k;
	xqsort(facts, n, sizeof *facts, cmp_where);
	if (outfile_open(&of, outpath, &c.diag) < 0)
		goto out;
	if (fmt == 1)
		where_json(of.fp, d, facts, n, broader, nbroader);
	else
		where_text(of.fp, d, facts, n, broader, nbroader, filtered);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	st = 0;
out:
	outfile_abort(&of);
	free(broader);
	free(facts);
	if (fs)
		factset_free(fs);
	if (m)
		model_free(m);
	cli_release(&c);
	return st;
}
