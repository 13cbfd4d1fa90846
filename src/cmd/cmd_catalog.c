/*
 * cmd_catalog: `resmap catalog [providers|regions|jurisdictions|taxonomy]`
 * lists the built-in catalog (or the one --catalog DIR names) as aligned
 * text tables or JSON, sorted by id, so that a user can see which ids an
 * inventory may name without reading the YAML in data/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/utf8.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "base/json.h"

enum section { SEC_PROVIDERS, SEC_REGIONS, SEC_JURISDICTIONS, SEC_TAXONOMY, SEC__COUNT };
static const char *const section_words[] = {
	"providers", "regions", "jurisdictions", "taxonomy", NULL
};

static const char help[] =
	"usage: resmap catalog [options] [providers|regions|jurisdictions|taxonomy]\n"
	"\n"
	"List the built-in catalog: providers with their headquarters and the laws\n"
	"that reach their regions, regions with country, city, pair, operator and\n"
	"why the provider retired them (naming a retired region is a warning),\n"
	"jurisdictions and their members, and the base taxonomy of data\n"
	"categories, subjects and purposes. Without a section, all four.\n"
	"--format json also gives the catalog version and the date of its\n"
	"newest pinned provider source.\n"
	"\n"
	"options:\n"
	"  -h, --help                 show this help\n"
	"      --format FORMAT        text or json (default text)\n"
	"      --catalog DIR          list the catalog in DIR instead of the built-in one\n";

/* ---- text tables ---- */

#define MAXCOLS 7

struct table {
	size_t ncols;
	const char *head[MAXCOLS];
	size_t width[MAXCOLS];
	struct ptrvec cells;       /* row-major, owned strings */
};

/* Display width in terminal columns ("Åland Islands", wide CJK). */
static size_t text_width(const char *s)
{
	return utf8_width(s);
}

static void table_init(struct table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = head[i];
		t->width[i] = text_width(head[i]);
	}
}

/* Adds a cell (NULL shows as "-"); rows fill left to right. */
static void cell(struct table *t, const char *s)
{
	/* a catalog given with --catalog is inventory text: escaped, one line
	 * (a line break inside a cell would break the table) */
	char *c = xstrdup(esc_text_str(s && *s ? s : "-"));
	size_t col = t->cells.n % t->ncols, w = text_width(c);
	if (w > t->width[col])
		t->width[col] = w;
	pv_push(&t->cells, c);
}

static void print_row(const struct table *t, const char *const *row)
{
	for (size_t i = 0; i < t->ncols; i++) {
		fputs(row[i], stdout);
		if (i + 1 < t->ncols)
			for (size_t w = text_width(row[i]); w < t->width[i] + 2; w++)
				putchar(' ');
	}
	putchar('\n');
}

static void table_print(struct table *t)
{
	print_row(t, t->head);
	for (size_t r = 0; r + t->ncols <= t->cells.n; r += t->ncols)
		print_row(t, (const char *const *)&t->cells.v[r]);
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	pv_release(&t->cells);
}

static const char *id_or_null(const char *const *idp)
{
	return idp ? *idp : NULL;
}
#define ID(o) id_or_null((o) ? &(o)->id : NULL)

static void text_providers(const struct model *m)
{
	static const char *const head[] = { "ID", "NAME", "HQ", "LAWS" };
	struct table t;
	table_init(&t, 4, head);
	for (size_t i = 0; i < m->nproviders; i++) {
		const struct provider *p = m->providers[i];
		struct strbuf laws = STRBUF_INIT;
		for (size_t l = 0; l < p->nlaws; l++)
			sb_addf(&laws, "%s%s", l ? "; " : "", p->laws[l]);
		cell(&t, p->id);
		cell(&t, p->name);
		cell(&t, ID(p->hq));
		cell(&t, laws.buf);
		sb_release(&laws);
	}
	table_print(&t);
}

static void text_regions(const struct model *m)
{
	static const char *const head[] = {
		"ID", "NAME", "COUNTRY", "CITY", "PAIR", "OPERATOR", "RETIRED"
	};
	struct table t;
	table_init(&t, 7, head);
	for (size_t i = 0; i < m->nregions; i++) {
		const struct region *r = m->regions[i];
		cell(&t, r->id);
		cell(&t, r->name);
		if (r->nmembers || r->global) {
			/* a multi-region has no country: say how many places it is */
			char buf[48];
			snprintf(buf, sizeof buf, "%u region%s", (unsigned)r->nmembers,
				 r->nmembers == 1 ? "" : "s");
			cell(&t, buf);
		} else {
			cell(&t, ID(r->country));
		}
		cell(&t, r->city);
		cell(&t, ID(r->pair));
		cell(&t, ID(r->operator));
		cell(&t, r->retired);
	}
	table_print(&t);
}

static void text_jurisdictions(const struct model *m)
{
	static const char *const head[] = { "ID", "NAME", "MEMBERS" };
	struct table t;
	table_init(&t, 3, head);
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *j = m->jurs[i];
		struct strbuf mem = STRBUF_INIT;
		for (size_t k = 0; k < j->nmembers; k++)
			sb_addf(&mem, "%s%s", k ? ", " : "", j->members[k] ? j->members[k]->id : "?");
		cell(&t, j->id);
		cell(&t, j->name);
		cell(&t, mem.buf);
		sb_release(&mem);
	}
	table_print(&t);
}

static void text_taxonomy(const struct model *m)
{
	static const char *const head[] = { "KIND", "ID", "NAME" };
	struct table t;
	table_init(&t, 3, head);
	struct { const char *kind; struct term **terms; size_t n; } kinds[] = {
		{ "data", m->data, m->ndata },
		{ "subject", m->subjects, m->nsubjects },
		{ "purpose", m->purposes, m->npurposes },
	};
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
		for (size_t i = 0; i < kinds[k].n; i++) {
			const struct term *tm = kinds[k].terms[i];
			if (tm->implied)
				continue;
			cell(&t, kinds[k].kind);
			cell(&t, tm->id);
			cell(&t, tm->name);
		}
	table_print(&t);
}

/* ---- JSON ---- */

static void json_ref(struct json *j, const char *key, const char *const *idp)
{
	json_kstr(j, key, idp ? *idp : NULL);
}
#define JREF(j, key, o) json_ref((j), (key), (o) ? &(o)->id : NULL)

static void json_providers(struct json *j, const struct model *m)
{
	json_key(j, "providers");
	json_arr_begin(j);
	for (size_t i = 0; i < m->nproviders; i++) {
		const struct provider *p = m->providers[i];
		json_obj_begin(j);
		json_kstr(j, "id", p->id);
		json_kstr(j, "name", p->name);
		JREF(j, "hq", p->hq);
		json_key(j, "laws");
		json_arr_begin(j);
		for (size_t l = 0; l < p->nlaws; l++)
			json_str(j, p->laws[l]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_regions(struct json *j, const struct model *m)
{
	json_key(j, "regions");
	json_arr_begin(j);
	for (size_t i = 0; i < m->nregions; i++) {
		const struct region *r = m->regions[i];
		json_obj_begin(j);
		json_kstr(j, "id", r->id);
		json_kstr(j, "name", r->name);
		JREF(j, "provider", r->provider);
		JREF(j, "country", r->country);
		json_kstr(j, "city", r->city);
		JREF(j, "pair", r->pair);
		JREF(j, "operator", r->operator);
		json_kstr(j, "retired", r->retired);
		if (r->nmembers || r->global) {
			/* multi-regions only: a region's place is its country */
			json_key(j, "members");
			json_arr_begin(j);
			for (size_t k = 0; k < r->nmembers; k++)
				json_str(j, r->members[k].region ? r->members[k].region->id : "?");
			json_arr_end(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_jurisdictions(struct json *j, const struct model *m)
{
	json_key(j, "jurisdictions");
	json_arr_begin(j);
	for (size_t i = 0; i < m->njurs; i++) {
		const struct jur *ju = m->jurs[i];
		json_obj_begin(j);
		json_kstr(j, "id", ju->id);
		json_kstr(j, "name", ju->name);
		json_kstr(j, "type", ju->is_group ? "group" : "country");
		json_key(j, "members");
		json_arr_begin(j);
		for (size_t k = 0; k < ju->nmembers; k++)
			if (ju->members[k])
				json_str(j, ju->members[k]->id);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_terms(struct json *j, const char *key, struct term *const *terms, size_t n,
		       int kind)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		const struct term *t = terms[i];
		if (t->implied)
			continue;
		json_obj_begin(j);
		json_kstr(j, "id", t->id);
		json_kstr(j, "name", t->name);
		json_kstr(j, "description", t->description);
		if (kind == 0)
			json_kstr(j, "sensitivity", t->sensitivity);
		if (kind == 1)
			JREF(j, "jurisdiction", t->jurisdiction);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_taxonomy(struct json *j, const struct model *m)
{
	json_key(j, "taxonomy");
	json_obj_begin(j);
	json_terms(j, "data", m->data, m->ndata, 0);
	json_terms(j, "subjects", m->subjects, m->nsubjects, 1);
	json_terms(j, "purposes", m->purposes, m->npurposes, 2);
	json_obj_end(j);
}

static void list(const struct model *m, int section, bool json)
{
	if (json) {
		struct json j;
		json_init(&j, stdout, true);
		json_obj_begin(&j);
		json_kint(&j, "resmap", 1);
		json_kstr(&j, "catalog_version", m->catalog_version);
		json_kstr(&j, "catalog_sources_date", m->catalog_sources_date);
		if (section < 0 || section == SEC_PROVIDERS)
			json_providers(&j, m);
		if (section < 0 || section == SEC_REGIONS)
			json_regions(&j, m);
		if (section < 0 || section == SEC_JURISDICTIONS)
			json_jurisdictions(&j, m);
		if (section < 0 || section == SEC_TAXONOMY)
			json_taxonomy(&j, m);
		json_obj_end(&j);
		json_finish(&j);
		return;
	}
	static void (*const text[SEC__COUNT])(const struct model *) = {
		text_providers, text_regions, text_jurisdictions, text_taxonomy
	};
	if (section >= 0) {
		text[section](m);
		return;
	}
	for (int s = 0; s < SEC__COUNT; s++) {
		printf("%s%s:\n", s ? "\n" : "", section_words[s]);
		text[s](m);
	}
}

int cmd_catalog(int argc, char **argv)
{
	enum { OPT_FORMAT = OPT_CMD };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "text", "json", NULL };
	struct cli c;
	int rc = EXIT_UNUSABLE, opt, format = 0, section = -1;
	cli_init(&c, "catalog", "resmap catalog [--format text|json] [--catalog DIR] "
		 "[providers|regions|jurisdictions|taxonomy]");
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'h') {
			rc = cli_help(&c, help);
			goto out;
		}
		if (opt == '?' || opt == ':') {
			rc = cli_usage_error(&c, "%s", cli_bad_option(opt, argv));
			goto out;
		}
		if (opt == OPT_FORMAT) {
			if ((format = cli_choice(&c, "--format", optarg, formats)) < 0)
				goto out;
			continue;
		}
		if (cli_option(&c, opt, optarg) < 0)
			goto out;
	}
	if (argc - optind > 1) {
		rc = cli_usage_error(&c, "more than one section given");
		goto out;
	}
	if (argc - optind == 1 &&
	    (section = cli_choice(&c, "section", argv[optind], section_words)) < 0)
		goto out;
	bool ok;
	struct model *m = load_inventory(NULL, 0, &c.load, &c.diag, &ok);
	if (ok) {
		list(m, section, format == 1);
		rc = fflush(stdout) || ferror(stdout) ? EXIT_UNUSABLE : 0;
	}
	model_free(m);
out:
	cli_release(&c);
	return rc;
}
