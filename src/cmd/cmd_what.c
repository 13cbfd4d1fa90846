/*
 * cmd_what: `resmap what PLACE PATH...` — everything that resides in a
 * place. PLACE is a region id (facts in that region; in its members for
 * a multi-region such as gcp:eu), a country code or
 * a jurisdiction group (facts whose country is it or a member of it; an
 * accessed fact's country is the one it is accessed from). Grouped by
 * region, then data category.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/facts.h"
#include "out/out_facts.h"
#include "base/outfile.h"
#include "base/suggest.h"

static const char what_help[] =
	"Show everything that resides in a region, a country or a jurisdiction\n"
	"group, grouped by region and data category.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT           text (default) or json\n"
	"  -o, --output FILE          write to FILE (atomically); '-' is stdout\n"
	"  -h, --help                 show this help\n";

static const char *const what_formats[] = { "text", "json", NULL };

struct place_q {
	const struct region *region;   /* or */
	const struct jur *jur;
	const char *type;              /* "region", "country", "jurisdiction" */
};

static int cmp_what(const void *a, const void *b)
{
	const struct fact *x = *(const struct fact *const *)a;
	const struct fact *y = *(const struct fact *const *)b;
	int c = strcmp(x->region->id, y->region->id);
	if (!c)
		c = strcmp(x->data->id, y->data->id);
	return c ? c : fact_cmp(x, y);
}

static const char *place_id(const struct place_q *q)
{
	return q->region ? q->region->id : q->jur->id;
}

static const char *place_name(const struct place_q *q)
{
	return q->region ? q->region->name : q->jur->name;
}

static void what_text(FILE *out, const struct place_q *q,
		      const struct fact *const *facts, size_t n, bool filtered)
{
	static const enum out_col cols[] = {
		COL_MODE, COL_SERVICE, COL_TENANT, COL_SUBJECTS, COL_PURPOSES,
		COL_COUNTRY, COL_REACH, COL_PATH
	};
	const char *name = place_name(q);
	size_t nregions = 0;
	for (size_t i = 0; i < n; i++)
		nregions += !i || facts[i]->region != facts[i - 1]->region;
	fprintf(out, "%s '%s'", q->type, esc_text_str(place_id(q)));
	if (name)
		fprintf(out, " (%s)", esc_text_str(name));
	if (!n && filtered) {
		/* the filters excluded it: something may well reside here */
		fputs(": no fact here matches the filters\n", out);
		return;
	}
	if (!n) {
		fputs(": nothing resides here\n", out);
		return;
	}
	fprintf(out, ": %zu %s in %zu %s\n\n", n, n == 1 ? "fact" : "facts",
		nregions, nregions == 1 ? "region" : "regions");
	struct out_table t;
	out_table_init(&t, cols, ARRAY_LEN(cols), facts, n);
	out_table_header(out, &t, "    ");
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		bool newr = !i || f->region != facts[i - 1]->region;
		if (newr) {
			const struct region *r = f->region;
			if (r->name)
				fprintf(out, "%s (%s, %s)\n", esc_text_str(r->id),
					esc_text_str(r->name), esc_text_str(r->country->id));
			else
				fprintf(out, "%s (%s)\n", esc_text_str(r->id), esc_text_str(r->country->id));
		}
		if (newr || f->data != facts[i - 1]->data)
			fprintf(out, "  %s\n", esc_text_str(f->data->id));
		out_table_row(out, &t, f, "    ");
	}
}

static void what_json(FILE *out, const struct place_q *q,
		      const struct fact *const *facts, size_t n)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_kstr(&j, "place", place_id(q));
	json_kstr(&j, "type", q->type);
	json_key(&j, "regions");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		bool newr = !i || f->region != facts[i - 1]->region;
		bool newd = newr || f->data != facts[i - 1]->data;
		if (newd && i) {
			json_arr_end(&j);       /* facts */
			json_obj_end(&j);       /* data */
		}
		if (newr) {
			if (i) {
				json_arr_end(&j);       /* data */
				json_obj_end(&j);       /* region */
			}
			json_obj_begin(&j);
			json_kstr(&j, "region", f->region->id);
			json_kstr(&j, "country", f->region->country->id);
			json_kstr(&j, "provider", f->region->provider->id);
			json_key(&j, "data");
			json_arr_begin(&j);
		}
		if (newd) {
			json_obj_begin(&j);
			json_kstr(&j, "data", f->data->id);
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
	json_obj_end(&j);
	json_finish(&j);
}

/* Finds PLACE among regions, then countries and groups; reports an
 * unknown one with what it may mean (suggest_place). */
static int resolve_place(struct cli *c, const struct model *m, const char *want,
			 struct place_q *q)
{
	memset(q, 0, sizeof *q);
	q->region = model_find_region(m, want);
	if (q->region) {
		q->type = "region";
		return 0;
	}
	q->jur = model_find_jur(m, want);
	if (q->jur) {
		q->type = q->jur->is_group ? "jurisdiction" : "country";
		return 0;
	}
	/* a provider, tenant or service is not a place, but the user meant something */
	if (model_find_provider(m, want)) {
		diag_msg(&c->diag, DIAG_ERROR, "'%s' is a provider, not a place: name one of "
			 "its regions, a country or a jurisdiction", want);
		return -1;
	}
	const char *opt = model_find_tenant(m, want) ? "tenant" :
			  model_find_service(m, want) ? "service" : NULL;
	if (opt) {
		diag_msg(&c->diag, DIAG_ERROR, "'%s' is a %s, not a place; "
			 "'resmap map --%s %s' lists where its data resides", want, opt, opt, want);
		return -1;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "unknown place '%s': not a region, country or jurisdiction", want);
	suggest_place(&sb, m, want, SUGGEST_PLACES);
	diag_msg(&c->diag, DIAG_ERROR, "%s", sb.buf);
	sb_release(&sb);
	return -1;
}

int cmd_what(int argc, char **argv)
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
	struct outfile of = { 0 };
	const char *outpath = NULL;
	int fmt = 0, st = EXIT_UNUSABLE, opt;

	cli_init(&c, "what", "resmap what [options] PLACE PATH...");
	c.formats = what_formats;
	c.format = &fmt;
	c.output = &outpath;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:hvj:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			st = cli_help(&c, what_help);
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
		st = cli_usage_error(&c, "no place given");
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
	struct place_q q;
	if (resolve_place(&c, m, want, &q) < 0)
		goto out;
	struct selector sel;
	bool filtered = cli_has_filter(&c);
	if (filtered && cli_filter(&c, m, &sel) < 0)
		goto out;
	fs = cli_derive(&c, m);
	size_t n, k = 0;
	facts = out_all_facts(fs, &n);
	n = out_filter(m, filtered ? &sel : NULL, facts, n);
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		if (q.region ? region_within(f->region, q.region) :
		    model_jur_contains(m, q.jur, f->country))
			facts[k++] = f;
	}
	n = k;
	xqsort(facts, n, sizeof *facts, cmp_what);
	if (outfile_open(&of, outpath, &c.diag) < 0)
		goto out;
	if (fmt == 1)
		what_json(of.fp, &q, facts, n);
	else
		what_text(of.fp, &q, facts, n, filtered);
	if (outfile_commit(&of, &c.diag) < 0)
		goto out;
	st = 0;
out:
	outfile_abort(&of);
	free(facts);
	if (fs)
		factset_free(fs);
	if (m)
		model_free(m);
	cli_release(&c);
	return st;
}
