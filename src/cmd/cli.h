/*
 * cli: what every subcommand shares — the options that control loading
 * and filtering, usage errors, and turning paths into a model.
 *
 * Each subcommand lives in cmd_NAME.c as `int cmd_NAME(int argc, char **argv)`
 * (argv[0] is the subcommand name) and returns the exit status:
 * 0 fine, 1 findings, 2 bad usage or unusable input.
 */
#ifndef RESMAP_CLI_H
#define RESMAP_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <time.h>

#include "base/diag.h"
#include "engine/facts.h"
#include "load/load.h"
#include "engine/model.h"

#define EXIT_FINDINGS 1
#define EXIT_UNUSABLE 2

/* getopt_long codes of the shared long options. A filter's code is
 * OPT_FILTER + its selector key. Commands number their own long-only
 * options from OPT_CMD up. */
enum {
	OPT_CATALOG = 256, OPT_MAX_DEPTH, OPT_MAX_ALIAS, OPT_MAX_INPUT, OPT_FAIL_ON,
	OPT_FILTER,
	OPT_CMD = 300
};

/* Spliced into a command's struct option table. */
#define CLI_LOAD_OPTIONS \
	{ "catalog", required_argument, NULL, OPT_CATALOG }, \
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH }, \
	{ "max-alias-nodes", required_argument, NULL, OPT_MAX_ALIAS }, \
	{ "max-input", required_argument, NULL, OPT_MAX_INPUT }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "verbose", no_argument, NULL, 'v' }
/* Every key of a policy's match as a filter, singular or plural; a
 * tenant is the data's owner or the service's operator. */
#define CLI_FILTER_OPTIONS \
	{ "data", required_argument, NULL, OPT_FILTER + SEL_DATA }, \
	{ "subjects", required_argument, NULL, OPT_FILTER + SEL_SUBJECTS }, \
	{ "subject", required_argument, NULL, OPT_FILTER + SEL_SUBJECTS }, \
	{ "subject-jurisdictions", required_argument, NULL, OPT_FILTER + SEL_SUBJECT_JURS }, \
	{ "subject-jurisdiction", required_argument, NULL, OPT_FILTER + SEL_SUBJECT_JURS }, \
	{ "purposes", required_argument, NULL, OPT_FILTER + SEL_PURPOSES }, \
	{ "purpose", required_argument, NULL, OPT_FILTER + SEL_PURPOSES }, \
	{ "tenant", required_argument, NULL, OPT_FILTER + SEL_TENANTS }, \
	{ "tenants", required_argument, NULL, OPT_FILTER + SEL_TENANTS }, \
	{ "owner", required_argument, NULL, OPT_FILTER + SEL_OWNERS }, \
	{ "owners", required_argument, NULL, OPT_FILTER + SEL_OWNERS }, \
	{ "operator", required_argument, NULL, OPT_FILTER + SEL_OPERATORS }, \
	{ "operators", required_argument, NULL, OPT_FILTER + SEL_OPERATORS }, \
	{ "service", required_argument, NULL, OPT_FILTER + SEL_SERVICES }, \
	{ "services", required_argument, NULL, OPT_FILTER + SEL_SERVICES }, \
	{ "kind", required_argument, NULL, OPT_FILTER + SEL_KINDS }, \
	{ "kinds", required_argument, NULL, OPT_FILTER + SEL_KINDS }, \
	{ "provider", required_argument, NULL, OPT_FILTER + SEL_PROVIDERS }, \
	{ "providers", required_argument, NULL, OPT_FILTER + SEL_PROVIDERS }, \
	{ "region", required_argument, NULL, OPT_FILTER + SEL_REGIONS }, \
	{ "regions", required_argument, NULL, OPT_FILTER + SEL_REGIONS }, \
	{ "country", required_argument, NULL, OPT_FILTER + SEL_COUNTRIES }, \
	{ "countries", required_argument, NULL, OPT_FILTER + SEL_COUNTRIES }, \
	{ "jurisdiction", required_argument, NULL, OPT_FILTER + SEL_JURISDICTIONS }, \
	{ "jurisdictions", required_argument, NULL, OPT_FILTER + SEL_JURISDICTIONS }, \
	{ "mode", required_argument, NULL, OPT_FILTER + SEL_MODES }, \
	{ "modes", required_argument, NULL, OPT_FILTER + SEL_MODES }, \
	{ "reach", required_argument, NULL, OPT_FILTER + SEL_REACH }

/* Option help text matching the macros above, for --help output. */
extern const char cli_load_help[];
extern const char cli_filter_help[];

struct cli {
	const char *cmd;           /* subcommand name, for messages */
	const char *usage;         /* "resmap map [options] PATH..." */
	struct load_opts load;
	size_t jobs;               /* --jobs; 0: not given */
	/* filter ids as given (repeatable, comma-separated), per selector key */
	struct ptrvec filter[SEL__COUNT];
	int fail_on;               /* enum severity, or -1 for never; default SEV_ERROR */
	struct diag diag;          /* stderr */
	/* -f FORMAT and -o FILE, for a command that has them: set before its
	 * getopt loop, and cli_option handles them like the shared options */
	const char *const *formats;   /* the -f words, NULL-terminated */
	int *format;               /* where the index of the -f word goes */
	const char **output;       /* where the -o value goes */
	struct timespec started;   /* when cli_load began, for the progress line */
	bool progress_shown;
};

void cli_init(struct cli *c, const char *cmd, const char *usage);
void cli_release(struct cli *c);

/* Handles a shared option code, and -f/-o when the command set formats,
 * format or output. Returns 1 when handled, 0 when the code is not a
 * shared one, -1 after printing a usage error. */
int cli_option(struct cli *c, int opt, const char *arg);

/*
 * What every command's getopt_long loop does with the codes it does not
 * handle itself: ':' (a missing value) and '?' (an unknown option) are
 * usage errors naming argv[optind - 1]; anything else goes to cli_option.
 * Returns 0 when the option was handled, else the exit status (2), after
 * printing the error.
 */
int cli_getopt_other(struct cli *c, int opt, const char *arg, char **argv);
/*
 * What getopt refused, as a message: "option '--output' needs a value"
 * (opt ':'), "unknown option '-x' in '-x.yaml'; ..." (opt '?': getopt
 * reads "-x.yaml" as the letters x . y a m l), "unknown option '--frob'".
 * The text is escaped for the terminal; it lives until the next call.
 */
const char *cli_bad_option(int opt, char **argv);

/* Prints "resmap CMD: MESSAGE" and the usage line to stderr; returns 2. */
int cli_usage_error(const struct cli *c, const char *fmt, ...) ATTR_PRINTF(2, 3);

/* Parses a --max-input SIZE ("1048576", "500M", "2G"). Returns 0, or -1
 * when it is not a positive size. */
int cli_parse_size(const char *arg, size_t *out);

/* Prints help text to stdout; returns 0. */
int cli_help(const struct cli *c, const char *text);

/* Loads paths (at least one; "-" is stdin). Errors are printed; returns
 * NULL when the input is unusable (exit 2). Free with model_free. */
struct model *cli_load(struct cli *c, char **paths, int npaths);

/* facts_derive, with "N facts derived" on stderr while it runs when
 * stderr is a terminal and the run has taken over a second; the line is
 * erased before returning. */
struct factset *cli_derive(struct cli *c, const struct model *m);
/* The same with the facts left in derivation order (facts_derive_opts). */
struct factset *cli_derive_unsorted(struct cli *c, const struct model *m);
/* The same keeping no fact: each is handed to sink (facts_derive_each). */
struct factset *cli_derive_each(struct cli *c, const struct model *m, fact_sink *sink,
				void *sctx);

/* Resolves the filter options against the model into sel (allocated in the
 * model's arena): a selector exactly like a policy's `match`, applied
 * with selector_match. Unknown ids are errors with "did you mean".
 * Returns 0, or -1 after reporting (exit 2). */
int cli_filter(struct cli *c, struct model *m, struct selector *sel);
/* True when any filter option was given. */
bool cli_has_filter(const struct cli *c);
/* Appends the filters as given, "tenant imod; data health", to sb. */
void cli_filter_note(const struct cli *c, struct strbuf *sb);

/* "text" etc.: returns the index of fmt in the NULL-terminated list, or -1
 * after a usage error naming the choices. */
int cli_choice(const struct cli *c, const char *what, const char *value,
	       const char *const *choices);

#endif
