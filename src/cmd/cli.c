/*
 * cli: the parts of the command line that every subcommand shares —
 * loading options, filters, usage errors — so that all commands take the
 * same options the same way and say the same things when they are wrong.
 */
#include "cmd/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/suggest.h"
#include "base/ypool.h"
#include "engine/flows.h"

const char cli_load_help[] =
	"      --catalog DIR          read the catalog from DIR instead of the built-in one\n"
	"      --max-depth N          nesting limit of YAML collections (default 256)\n"
	"      --max-alias-nodes N    nodes that aliases may add per document\n"
	"                             (default 1000000 + 4 x the nodes of the document)\n"
	"      --max-input SIZE       bytes one input file may hold; K, M or G multiply\n"
	"                             by 1024, 1024^2, 1024^3 (default 1G)\n"
	"  -j, --jobs N               files parsed at once (default: RESMAP_JOBS, else\n"
	"                             the number of CPUs, at most 16; 1: one at a time)\n"
	"  -v, --verbose              note each document of a directory skipped as not an\n"
	"                             inventory (Kubernetes manifests, workflows, ...)\n";

const char cli_filter_help[] =
	"\n"
	"filters (as a policy's match: any-of within one, all of them together;\n"
	"each takes a comma-separated list and may be repeated):\n"
	"      --data ID,...          data of these categories (and below them)\n"
	"      --subjects ID,...      data about these subjects\n"
	"      --subject-jurisdictions ID,...\n"
	"                             data about subjects whose jurisdiction lies\n"
	"                             within these countries or groups\n"
	"      --purposes ID,...      data collected or used for these purposes\n"
	"      --tenant ID,...        data these tenants own or operate\n"
	"      --owner ID,...         data these tenants own (where it originated)\n"
	"      --operator ID,...      data held by services of these tenants\n"
	"      --service ID,...       only these services\n"
	"      --kinds KIND,...       only services of these kinds\n"
	"      --providers ID,...     only regions these providers run or operate\n"
	"      --region ID,...        only these regions\n"
	"      --country CC,...       only regions in (or access from) these countries\n"
	"      --jurisdiction ID,...  only places in these jurisdictions (countries or groups)\n"
	"      --mode MODE,...        only stored, replica, processed or accessed\n"
	"      --reach ID,...         only data these jurisdictions can reach\n"
	"      (--subject, --purpose, --tenants, --owners, --operators, --services,\n"
	"      --kind, --provider, --regions, --countries, --jurisdictions, --modes\n"
	"      are the same options)\n";

void cli_init(struct cli *c, const char *cmd, const char *usage)
{
	memset(c, 0, sizeof *c);
	c->cmd = cmd;
	c->usage = usage;
	load_opts_default(&c->load);
	c->fail_on = SEV_ERROR;
	diag_init(&c->diag, stderr);
}

void cli_release(struct cli *c)
{
	for (int k = 0; k < SEL__COUNT; k++) {
		for (size_t i = 0; i < c->filter[k].n; i++)
			free(c->filter[k].v[i]);
		pv_release(&c->filter[k]);
	}
	diag_release(&c->diag);
}

int cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "resmap %s: ", c->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", c->usage);
	return EXIT_UNUSABLE;
}

int cli_help(const struct cli *c, const char *text)
{
	/* every command's help: usage, a blank line, what it does, options */
	if (strncmp(text, "usage:", 6))
		printf("usage: %s\n%s", c->usage, text[0] == '\n' ? "" : "\n");
	fputs(text, stdout);
	return 0;
}

/* A positive count for the limit options. */
static int parse_limit(const struct cli *c, const char *opt, const char *arg, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || v == 0 || arg[0] == '-') {
		cli_usage_error(c, "invalid %s '%s': expected a positive number", opt, arg);
		return -1;
	}
	*out = (size_t)v;
	return 1;
}

/* A size in bytes: digits, then maybe K, M or G (powers of 1024). */
int cli_parse_size(const char *arg, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg || arg[0] == '-' || arg[0] == '+' || v == 0)
		return -1;
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)v << shift;
	return 0;
}

/* The option that fills a selector key, for messages ("--tenant"). */
static const char *const sel_opt_names[SEL__COUNT] = {
	[SEL_DATA] = "--data", [SEL_SUBJECTS] = "--subjects", [SEL_PURPOSES] = "--purposes",
	[SEL_TENANTS] = "--tenant", [SEL_SERVICES] = "--service", [SEL_KINDS] = "--kinds",
	[SEL_PROVIDERS] = "--providers", [SEL_REGIONS] = "--region",
	[SEL_COUNTRIES] = "--country", [SEL_JURISDICTIONS] = "--jurisdiction",
	[SEL_MODES] = "--mode", [SEL_OWNERS] = "--owner", [SEL_OPERATORS] = "--operator",
	[SEL_REACH] = "--reach", [SEL_SUBJECT_JURS] = "--subject-jurisdictions",
};

static const char *sel_opt_name(enum sel_key k)
{
	return sel_opt_names[k];
}

static const char *const fail_on_words[] = { "error", "warning", "info", "never", NULL };

int cli_option(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'f': {
		if (!c->format)
			return 0;
		int i = cli_choice(c, "format", arg, c->formats);
		if (i < 0)
			return -1;
		*c->format = i;
		return 1;
	}
	case 'o':
		if (!c->output)
			return 0;
		*c->output = arg;
		return 1;
	case OPT_CATALOG:
		c->load.catalog_dir = arg;
		return 1;
	case 'v':
		c->load.verbose = true;
		return 1;
	case OPT_MAX_DEPTH:
		return parse_limit(c, "--max-depth", arg, &c->load.limits.max_depth);
	case OPT_MAX_ALIAS:
		return parse_limit(c, "--max-alias-nodes", arg, &c->load.limits.max_alias_nodes);
	case 'j':
		return parse_limit(c, "--jobs", arg, &c->jobs);
	case OPT_MAX_INPUT:
		if (cli_parse_size(arg, &c->load.max_input) < 0)
			return cli_usage_error(c, "invalid --max-input '%s': expected a positive size "
					       "such as 500M or 2G", arg), -1;
		return 1;
	case OPT_FAIL_ON: {
		int i = cli_choice(c, "--fail-on", arg, fail_on_words);
		if (i < 0)
			return -1;
		static const int levels[] = { SEV_ERROR, SEV_WARNING, SEV_INFO, -1 };
		c->fail_on = levels[i];
		return 1;
	}
	default:
		break;
	}
	if (opt >= OPT_FILTER && opt < OPT_FILTER + SEL__COUNT) {
		enum sel_key k = (enum sel_key)(opt - OPT_FILTER);
		const char *p = arg;
		bool any = false;
		while (*p) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			if (n) {
				pv_push(&c->filter[k], xstrndup(p, n));
				any = true;
			}
			p += n + (comma ? 1 : 0);
		}
		if (!any)
			return cli_usage_error(c, "%s needs at least one id", sel_opt_name(k)), -1;
		return 1;
	}
	return 0;
}

int cli_choice(const struct cli *c, const char *what, const char *value,
	       const char *const *choices)
{
	size_t n = 0;
	for (; choices[n]; n++)
		if (!strcmp(value, choices[n]))
			return (int)n;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", choices[i]);
	cli_usage_error(c, "invalid %s '%s' (choose %s)", what, value, sb.buf ? sb.buf : "");
	sb_release(&sb);
	return -1;
}

bool cli_has_filter(const struct cli *c)
{
	for (int k = 0; k < SEL__COUNT; k++)
		if (c->filter[k].n)
			return true;
	return false;
}

/* --jobs, else RESMAP_JOBS, else as many as there are CPUs (ypool). */
static int load_jobs(struct cli *c)
{
	const char *env = getenv("RESMAP_JOBS");
	if (!c->jobs && env && *env && parse_limit(c, "RESMAP_JOBS", env, &c->jobs) < 0)
		return -1;
	if (c->jobs)
		c->load.jobs = c->jobs > YPOOL_MAX_JOBS ? YPOOL_MAX_JOBS : (unsigned)c->jobs;
	return 0;
}

/* The progress line is for people watching a terminal, never for logs. */
struct model *cli_load(struct cli *c, char **paths, int npaths)
{
	if (npaths < 1) {
		cli_usage_error(c, "no input; give a PATH, or - for standard input");
		return NULL;
	}
	c->load.progress = isatty(STDERR_FILENO);
	if (load_jobs(c) < 0)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	bool ok;
	struct model *m = load_inventory((const char *const *)paths, (size_t)npaths,
					 &c->load, &c->diag, &ok);
	if (!ok) {
		model_free(m);
		return NULL;
	}
	return m;
}

static void derive_tick(void *ctx, size_t facts)
{
	struct cli *c = ctx;
	if (seconds_since(&c->started) < 1.0)
		return;
	fprintf(stderr, "\rresmap: %zu facts derived", facts);
	fflush(stderr);
	c->progress_shown = true;
}

/* Hands each batch of facts to the flows and to the caller's sink. */
struct each_ctx {
	struct flows_acc *flows;
	fact_sink *sink;
	void *sctx;
};

static void each_batch(void *ctx, const struct fact *f, size_t n)
{
	struct each_ctx *e = ctx;
	flows_add(e->flows, f, n);
	e->sink(e->sctx, f, n);
}

/* sink NULL: every fact kept, sorted or not; else none, each handed to
 * sink. */
static struct factset *derive(struct cli *c, const struct model *m, bool sorted,
			      fact_sink *sink, void *sctx)
{
	void (*tick)(void *, size_t) = c->load.progress ? derive_tick : NULL;
	struct factset *fs;
	struct flows *fl;
	if (sink) {
		struct each_ctx e = { flows_begin(m), sink, sctx };
		fs = facts_derive_each(m, each_batch, &e, tick, c);
		fl = flows_end(e.flows);
	} else {
		fs = facts_derive_opts(m, sorted, tick, c);
		fl = NULL;
	}
	if (c->progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		c->progress_shown = false;
	}
	/* a `sends` that moves nothing is worth a warning wherever facts
	 * are derived (flows.h) */
	if (!fl)
		fl = flows_derive(m, fs, NULL);
	flows_warn(m, fl, &c->diag);
	flows_free(fl);
	return fs;
}

struct factset *cli_derive(struct cli *c, const struct model *m)
{
	return derive(c, m, true, NULL, NULL);
}

struct factset *cli_derive_unsorted(struct cli *c, const struct model *m)
{
	return derive(c, m, false, NULL, NULL);
}

struct factset *cli_derive_each(struct cli *c, const struct model *m, fact_sink *sink,
				void *sctx)
{
	return derive(c, m, false, sink, sctx);
}

#define SUGGEST_IDS(sg, arr, n, cond) do { \
	for (size_t i_ = 0; i_ < (n); i_++) \
		if (cond) \
			suggest_add((sg), (arr)[i_]->id); \
} while (0)

/* Resolves one filter id; NULL after an error with "did you mean". */
static const void *filter_item(struct cli *c, struct model *m, enum sel_key k, const char *id)
{
	const void *o = NULL;
	const char *noun = NULL;
	unsigned places = 0;       /* suggest_place kinds, for places */
	struct suggest sg;
	suggest_init(&sg, id);
	switch (k) {
	case SEL_DATA:
		noun = "data category";
		if (!(o = model_find_data(m, id)))
			SUGGEST_IDS(&sg, m->data, m->ndata, true);
		break;
	case SEL_SUBJECTS:
		noun = "subject";
		if (!(o = model_find_subject(m, id)))
			SUGGEST_IDS(&sg, m->subjects, m->nsubjects, true);
		break;
	case SEL_PURPOSES:
		noun = "purpose";
		if (!(o = model_find_purpose(m, id)))
			SUGGEST_IDS(&sg, m->purposes, m->npurposes, true);
		break;
	case SEL_TENANTS:
	case SEL_OWNERS:
	case SEL_OPERATORS:
		noun = "tenant";
		if (!(o = model_find_tenant(m, id)))
			SUGGEST_IDS(&sg, m->tenants, m->ntenants, true);
		break;
	case SEL_SERVICES:
		noun = "service";
		if (!(o = model_find_service(m, id)))
			SUGGEST_IDS(&sg, m->services, m->nservices, true);
		break;
	case SEL_PROVIDERS:
		noun = "provider";
		if (!(o = model_find_provider(m, id)))
			SUGGEST_IDS(&sg, m->providers, m->nproviders, true);
		break;
	case SEL_REGIONS:
		noun = "region";
		o = model_find_region(m, id);
		places = SUGGEST_REGIONS;
		break;
	case SEL_COUNTRIES: {
		noun = "country code";
		struct jur *j = model_find_jur(m, id);
		if (j && j->is_group) {
			diag_msg(&c->diag, DIAG_ERROR, "'%s' is a jurisdiction group, not a country, "
				 "in --country (use --jurisdiction)", id);
			return NULL;
		}
		o = j;
		places = SUGGEST_COUNTRIES;
		break;
	}
	case SEL_JURISDICTIONS:
	case SEL_REACH:
	case SEL_SUBJECT_JURS:
		noun = "jurisdiction";
		o = model_find_jur(m, id);
		places = SUGGEST_COUNTRIES | SUGGEST_GROUPS;
		break;
	default:
		break;
	}
	if (o)
		return o;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "unknown %s '%s' in %s", noun, id, sel_opt_name(k));
	if (places)
		suggest_place(&sb, m, id, places);
	else if (suggest_best(&sg))
		sb_addf(&sb, "; did you mean '%s'?", suggest_best(&sg));
	diag_msg(&c->diag, DIAG_ERROR, "%s", sb.buf);
	sb_release(&sb);
	return NULL;
}

/* A mode or service kind; -1 after an error naming the choices. */
static int word_item(struct cli *c, enum sel_key k, const char *word)
{
	bool mode = k == SEL_MODES;
	int n = mode ? MODE__COUNT : KIND__COUNT;
	int w = mode ? mode_parse(word) : kind_parse(word);
	if (w >= 0)
		return w;
	struct suggest sg;
	struct strbuf all = STRBUF_INIT;
	suggest_init(&sg, word);
	for (int i = 0; i < n; i++) {
		const char *name = mode ? mode_name((enum mode)i) : kind_name((enum svc_kind)i);
		suggest_add(&sg, name);
		sb_addf(&all, "%s%s", i ? ", " : "", name);
	}
	const char *best = suggest_best(&sg);
	diag_msg(&c->diag, DIAG_ERROR, "unknown %s '%s' in %s (one of %s)%s%s%s",
		 mode ? "mode" : "kind", word, sel_opt_name(k), all.buf,
		 best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	sb_release(&all);
	return -1;
}

int cli_filter(struct cli *c, struct model *m, struct selector *sel)
{
	int rc = 0;
	memset(sel, 0, sizeof *sel);
	for (int k = 0; k < SEL__COUNT; k++) {
		struct ptrvec *f = &c->filter[k];
		if (!f->n)
			continue;
		sel->has[k] = true;
		if (k == SEL_MODES || k == SEL_KINDS) {
			for (size_t i = 0; i < f->n; i++) {
				int w = word_item(c, (enum sel_key)k, f->v[i]);
				if (w < 0)
					rc = -1;
				else if (k == SEL_MODES)
					sel->modes |= 1u << w;
				else
					sel->kinds |= 1u << w;
			}
			continue;
		}
		sel->items[k] = model_alloc(m, f->n * sizeof(void *));
		for (size_t i = 0; i < f->n; i++) {
			const void *o = filter_item(c, m, (enum sel_key)k, f->v[i]);
			if (!o) {
				rc = -1;
				continue;
			}
			sel->items[k][sel->n[k]++] = o;
		}
	}
	return rc;
}

void cli_filter_note(const struct cli *c, struct strbuf *sb)
{
	size_t start = sb->len;
	for (int k = 0; k < SEL__COUNT; k++) {
		if (!c->filter[k].n)
			continue;
		/* "--subject-jurisdictions" reads "subject-jurisdictions" */
		sb_addf(sb, "%s%s ", sb->len > start ? "; " : "", sel_opt_name((enum sel_key)k) + 2);
		for (size_t i = 0; i < c->filter[k].n; i++)
			sb_addf(sb, "%s%s", i ? ", " : "", (const char *)c->filter[k].v[i]);
	}
}

const char *cli_bad_option(int opt, char **argv)
{
	static char msg[1024];
	const char *word = optind > 0 ? argv[optind - 1] : "?";
	if (opt == ':') {
		snprintf(msg, sizeof msg, "option '%s' needs a value", esc_text_str(word));
		return msg;
	}
	if (opt == '?' && optopt > ' ' && optopt < 0x7f) {
		/* an unknown letter: getopt stays on its word while letters remain */
		const char *cur = argv[optind];
		if (cur && cur[0] == '-' && cur[1] != '-' && strchr(cur + 1, optopt))
			word = cur;
		if (strlen(word) > 2 && (strchr(word, '.') || strchr(word, '/')))
			snprintf(msg, sizeof msg, "unknown option '-%c' in '%s'; a file whose "
				 "name starts with '-' is given as './%s' or after '--'",
				 optopt, esc_text_str(word), esc_text_str(word));
		else if (strlen(word) > 2)
			snprintf(msg, sizeof msg, "unknown option '-%c' in '%s'", optopt,
				 esc_text_str(word));
		else
			snprintf(msg, sizeof msg, "unknown option '-%c'", optopt);
		return msg;
	}
	snprintf(msg, sizeof msg, "unknown option '%s'", esc_text_str(word));
	return msg;
}

int cli_getopt_other(struct cli *c, int opt, const char *arg, char **argv)
{
	if (opt == ':' || opt == '?')
		return cli_usage_error(c, "%s", cli_bad_option(opt, argv));
	int r = cli_option(c, opt, arg);
	if (r == 0)
		return cli_usage_error(c, "%s", cli_bad_option(opt, argv));
	return r < 0 ? EXIT_UNUSABLE : 0;
}
