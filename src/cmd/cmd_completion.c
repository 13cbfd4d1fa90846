/*
 * cmd_completion: `resmap completion bash|zsh|fish` prints a completion
 * script made from the command table (commands.c) and each command's own
 * --help: its usage line gives the choices written `a|b|c`, its option
 * lines the options, which take a value, and the values a description
 * lists ("dot, svg, png or pdf"); the views and collapse levels come from
 * the views table. So the script cannot drift from the commands.
 *
 * Ids (tenants, services, data, places) are not in the script: it asks
 * `resmap completion --ids KIND` while completing, which loads the
 * inventory in the current directory when that is cheap (a few MB of
 * YAML) and prints the ids, else the catalog's alone.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "base/walk.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "engine/model.h"
#include "load/load.h"
#include "views/views.h"

static const char usage_line[] = "usage: resmap completion bash|zsh|fish\n";

static const char help_text[] =
	"Print a shell completion script.\n"
	"\n"
	"  bash   eval \"$(resmap completion bash)\", or save it as\n"
	"         /usr/share/bash-completion/completions/resmap\n"
	"  zsh    save it as _resmap in a directory of $fpath\n"
	"  fish   save it as ~/.config/fish/completions/resmap.fish\n"
	"\n"
	"options:\n"
	"      --ids KIND   print the ids of KIND (tenant, service, data, subject,\n"
	"                   purpose, provider, region, country, jurisdiction,\n"
	"                   place) of the inventory in the current directory, for the\n"
	"                   scripts; the catalog's alone when that inventory is large\n"
	"  -h, --help       show this help\n"
	"\n"
	"make install puts the three scripts where bash-completion, zsh and fish\n"
	"look for them.\n";

/* ---- what each command offers, read from its --help ---- */

struct copt {
	char *name;        /* "--format", or "-f" for a short-only option */
	char shrt;         /* 'f' or 0 */
	bool arg;          /* takes a value */
	char *values;      /* space-separated fixed values, or NULL */
	const char *ids;   /* --ids KIND for the values, or NULL */
	bool files;        /* the value is a path */
	char *desc;        /* first line of its description */
};

struct ccmd {
	const struct command *c;
	struct copt *opts;
	size_t nopts;
	char *words;       /* fixed first operand (import backstage|fides), or NULL */
	const char *ids;   /* kind of the first operand's ids (where DATA), or NULL */
};

/* The command's --help text, as it prints it (owned). */
static char *help_of(const struct command *c)
{
	FILE *tmp = tmpfile();
	if (!tmp)
		return xstrdup("");
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	char *argv[] = { (char *)c->name, (char *)"--help", NULL };
	if (saved >= 0 && dup2(fileno(tmp), STDOUT_FILENO) >= 0) {
		c->fn(2, argv);
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
	}
	if (saved >= 0)
		close(saved);
	struct strbuf sb = STRBUF_INIT;
	rewind(tmp);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		sb_add(&sb, buf, n);
	fclose(tmp);
	sb_addc(&sb, '\0');
	sb.len--;
	return sb_detach(&sb);
}

static bool is_word(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

/* "a|b|c" (brackets and "..." around it allowed) as "a b c", or NULL. */
static char *choices(const char *tok, size_t n)
{
	while (n && (*tok == '[' || *tok == '('))
		tok++, n--;
	while (n && (tok[n - 1] == ']' || tok[n - 1] == ')' || tok[n - 1] == '.'))
		n--;
	if (!memchr(tok, '|', n))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && tok[j] != '|')
			j++;
		if (!is_word(tok + i, j - i)) {
			sb_release(&sb);
			return NULL;
		}
		if (sb.len)
			sb_addc(&sb, ' ');
		sb_add(&sb, tok + i, j - i);
		i = j + 1;
	}
	return sb_detach(&sb);
}

/* The values a description lists: "deps (default), jurisdiction or data"
 * -> "deps jurisdiction data"; NULL unless every item is one word. */
static char *listed(const char *d)
{
	struct strbuf text = STRBUF_INIT;
	if (!strncmp(d, "only ", 5))
		d += 5;
	for (const char *p = d; *p && *p != ';'; p++) {
		if (*p == '(') {
			if (strncmp(p, "(default)", 9))
				break;
			p += 8;
			continue;
		}
		sb_addc(&text, *p);
	}
	char *s = text.buf ? text.buf : xstrdup("");
	struct strbuf out = STRBUF_INIT;
	size_t items = 0;
	bool ok = true;
	for (char *tok = strtok(s, ","); tok && ok; tok = strtok(NULL, ",")) {
		char *or = strstr(tok, " or ");
		for (int part = 0; part < 2 && ok; part++) {
			char *t = part ? (or ? or + 4 : NULL) : tok;
			if (!t)
				break;
			if (!part && or)
				*or = '\0';
			while (*t == ' ')
				t++;
			if (!strncmp(t, "or ", 3))
				t += 3;
			size_t n = strlen(t);
			while (n && t[n - 1] == ' ')
				n--;
			if (!n && !part && or)
				continue;   /* ", or never": nothing before the "or" */
			if (!is_word(t, n)) {
				ok = false;
				break;
			}
			if (out.len)
				sb_addc(&out, ' ');
			sb_add(&out, t, n);
			items++;
		}
	}
	free(s);
	if (!ok || items < 2) {
		sb_release(&out);
		return NULL;
	}
	return sb_detach(&out);
}

/* Where an option's values come from when no list is fixed. */
static const struct {
	const char *opt, *ids;
} id_options[] = {
	{ "--data", "data" }, { "--tenant", "tenant" }, { "--tenants", "tenant" },
	{ "--owner", "tenant" }, { "--operator", "tenant" }, { "--service", "service" },
	{ "--services", "service" }, { "--focus", "service" }, { "--region", "region" },
	{ "--regions", "region" }, { "--country", "country" }, { "--countries", "country" },
	{ "--jurisdiction", "jurisdiction" }, { "--jurisdictions", "jurisdiction" },
	{ "--reach", "jurisdiction" }, { "--subjects", "subject" }, { "--purposes", "purpose" },
	{ "--providers", "provider" }, { "--disable", "disable" },
};

static const char *const file_options[] = { "--output", "-o", "--catalog", "--map" };

static void parse_option_line(struct ccmd *cc, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	while (p < end && *p == ' ')
		p++;
	if (p == line || p >= end || *p != '-')
		return;
	struct copt o = { 0 };
	if (p + 1 < end && p[1] != '-') {       /* "-f, --format FMT" or "-h" */
		o.shrt = p[1];
		p += 2;
		if (p < end && *p == ',')
			p++;
		while (p < end && *p == ' ')
			p++;
	}
	const char *ns = p;
	if (p + 1 < end && p[0] == '-' && p[1] == '-') {
		p += 2;
		while (p < end && (is_word(p, 1)))
			p++;
		o.name = xstrndup(ns, (size_t)(p - ns));
	} else if (o.shrt) {
		char b[3] = { '-', o.shrt, 0 };
		o.name = xstrdup(b);
	} else {
		return;
	}
	if (p < end && *p == ' ' && p + 1 < end && p[1] >= 'A' && p[1] <= 'Z')
		o.arg = true;
	if (p < end && *p == '=')
		o.arg = true;
	while (p < end && *p != ' ')
		p++;
	if (o.arg) {
		p++;
		while (p < end && *p != ' ')
			p++;
	}
	while (p < end && *p == ' ')
		p++;
	o.desc = xstrndup(p, (size_t)(end - p));
	/* the same option listed twice (--region and --region NAME=...) */
	for (size_t i = 0; i < cc->nopts; i++)
		if (!strcmp(cc->opts[i].name, o.name)) {
			free(o.name);
			free(o.desc);
			return;
		}
	cc->opts = xrealloc(cc->opts, (cc->nopts + 1) * sizeof *cc->opts);
	cc->opts[cc->nopts++] = o;
}

/* Where the values of an option that takes one come from. */
static void option_values(struct copt *op)
{
	struct copt o = *op;
	if (o.arg) {
		if (!strcmp(o.name, "--view")) {
			struct strbuf sb = STRBUF_INIT;
			for (const char *const *w = view_words(); *w; w++)
				sb_addf(&sb, "%s%s", sb.len ? " " : "", *w);
			o.values = sb_detach(&sb);
		} else if (!strcmp(o.name, "--collapse")) {
			struct strbuf sb = STRBUF_INIT;
			for (const char *const *w = collapse_words; *w; w++)
				sb_addf(&sb, "%s%s", sb.len ? " " : "", *w);
			o.values = sb_detach(&sb);
		}
		for (size_t i = 0; i < ARRAY_LEN(id_options) && !o.values; i++)
			if (!strcmp(o.name, id_options[i].opt))
				o.ids = id_options[i].ids;
		for (size_t i = 0; i < ARRAY_LEN(file_options); i++)
			if (!strcmp(o.name, file_options[i]))
				o.files = true;
		if (!o.values && !o.ids && !o.files) {
			o.values = listed(o.desc);
			const char *colon = strrchr(o.desc, ':');
			if (!o.values && colon && colon[1] == ' ')
				o.values = listed(colon + 2);   /* "... above LEVEL: error, ..." */
		}
	}
	*op = o;
}

static void parse_usage(struct ccmd *cc, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	const char *prev = NULL;
	size_t prevn = 0;
	int tokno = 0;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *t = p;
		while (p < end && *p != ' ')
			p++;
		size_t n = (size_t)(p - t);
		if (!n)
			break;
		tokno++;
		char *ch = tokno > 3 ? choices(t, n) : NULL;  /* past "usage: resmap CMD" */
		if (ch) {
			const char *o = prev;
			while (o && *o == '[')
				o++;
			if (o && o[0] == '-' && o[1] == '-') {
				size_t on = prevn - (size_t)(o - prev);
				for (size_t i = 0; i < cc->nopts; i++)
					if (strlen(cc->opts[i].name) == on &&
					    !strncmp(cc->opts[i].name, o, on)) {
						free(cc->opts[i].values);
						cc->opts[i].values = ch;
						cc->opts[i].arg = true;
						ch = NULL;
					}
				free(ch);
			} else if (!cc->words) {
				cc->words = ch;
			} else {
				free(ch);
			}
		}
		prev = t;
		prevn = n;
	}
}

static void describe(struct ccmd *cc, const struct command *c)
{
	cc->c = c;
	char *h = help_of(c);
	const char *usage = NULL;
	size_t ulen = 0;
	for (char *line = h; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (!strncmp(line, "usage: ", 7) && !usage) {
			usage = line;
			ulen = len;
		} else if (line[0] == ' ') {
			size_t sp = strspn(line, " ");
			if (sp >= 10 && sp < len && line[sp] != '-' && cc->nopts) {
				/* the description goes on */
				struct copt *o = &cc->opts[cc->nopts - 1];
				char *d = xmalloc(strlen(o->desc) + len - sp + 2);
				sprintf(d, "%s %.*s", o->desc, (int)(len - sp), line + sp);
				free(o->desc);
				o->desc = d;
			} else {
				parse_option_line(cc, line, len);
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	for (size_t i = 0; i < cc->nopts; i++)
		option_values(&cc->opts[i]);
	if (usage)
		parse_usage(cc, usage, ulen);
	if (!strcmp(c->name, "where"))
		cc->ids = "data";
	else if (!strcmp(c->name, "what"))
		cc->ids = "place";
	free(h);
}

static void release(struct ccmd *cc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < cc[i].nopts; j++) {
			free(cc[i].opts[j].name);
			free(cc[i].opts[j].values);
			free(cc[i].opts[j].desc);
		}
		free(cc[i].opts);
		free(cc[i].words);
	}
	free(cc);
}

/* ---- the scripts ---- */

/* Text from the commands' own help, inside single quotes in a script. */
static void sq(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, out);
	}
}

static void bash_script(FILE *out, const struct ccmd *cc, size_t n)
{
	fputs("# bash completion for resmap; made by 'resmap completion bash'\n"
	      "_resmap_ids() {\n"
	      "\tcompgen -W \"$(resmap completion --ids \"$1\" 2>/dev/null)\" -- \"$2\"\n"
	      "}\n"
	      "_resmap() {\n"
	      "\t# words split on blanks only: ids such as azure:westeurope hold a ':'\n"
	      "\t# that bash's COMP_WORDS would split on\n"
	      "\tlocal line=${COMP_LINE:0:COMP_POINT}\n"
	      "\tlocal cur=${line##*[[:space:]]}\n"
	      "\tlocal rest=${line%\"$cur\"}\n"
	      "\trest=${rest%\"${rest##*[![:space:]]}\"}\n"
	      "\tlocal prev=${rest##*[[:space:]]} pre= cmd\n"
	      "\tset -f; set -- $rest; set +f\n"
	      "\tcmd=$2\n"
	      "\tif [ $# -le 1 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", cc[i].c->name);
	fputs(" --help --version' -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\t# a comma-separated list: complete its last item\n"
	      "\tcase $cur in *,*) pre=${cur%,*},; cur=${cur##*,} ;; esac\n"
	      "\tcase $cmd:$prev in\n", out);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < cc[i].nopts; j++) {
			const struct copt *o = &cc[i].opts[j];
			if (!o->arg)
				continue;
			fprintf(out, "\t%s:%s", cc[i].c->name, o->name);
			if (o->shrt && strlen(o->name) > 2)
				fprintf(out, "|%s:-%c", cc[i].c->name, o->shrt);
			if (o->values) {
				fputs(") COMPREPLY=($(compgen -W '", out);
				sq(out, o->values);
				fputs("' -- \"$cur\")) ;;\n", out);
			} else if (o->ids) {
				fprintf(out, ") COMPREPLY=($(_resmap_ids %s \"$cur\")) ;;\n", o->ids);
			} else if (o->files) {
				fputs(") COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n", out);
			} else {
				fputs(") COMPREPLY=() ;;\n", out);
			}
		}
	fputs("\t*)\n"
	      "\t\tcase $cur in\n"
	      "\t\t-*)\n"
	      "\t\t\tcase $cmd in\n", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "\t\t\t%s) COMPREPLY=($(compgen -W '", cc[i].c->name);
		for (size_t j = 0; j < cc[i].nopts; j++)
			fprintf(out, "%s%s", j ? " " : "", cc[i].opts[j].name);
		fputs("' -- \"$cur\")) ;;\n", out);
	}
	fputs("\t\t\tesac ;;\n"
	      "\t\t*)\n"
	      "\t\t\tcase $cmd in\n", out);
	for (size_t i = 0; i < n; i++) {
		if (cc[i].words) {
			fprintf(out, "\t\t\t%s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")"
				" $(compgen -f -- \"$cur\")) ;;\n", cc[i].c->name, cc[i].words);
		} else if (cc[i].ids) {
			fprintf(out, "\t\t\t%s) COMPREPLY=($(_resmap_ids %s \"$cur\") "
				"$(compgen -f -- \"$cur\")) ;;\n", cc[i].c->name, cc[i].ids);
		}
	}
	fputs("\t\t\t*) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	      "\t\t\tesac ;;\n"
	      "\t\tesac ;;\n"
	      "\tesac\n"
	      "\t# bash replaces only what follows the last ':' of the word when ':'\n"
	      "\t# breaks words (the default): give it the rest\n"
	      "\tlocal full=$pre$cur cut=\n"
	      "\tcase $COMP_WORDBREAKS in *:*) case $full in *:*) cut=${full%:*}: ;; esac ;; esac\n"
	      "\tlocal i\n"
	      "\tfor i in \"${!COMPREPLY[@]}\"; do\n"
	      "\t\tCOMPREPLY[$i]=$pre${COMPREPLY[$i]}\n"
	      "\t\tCOMPREPLY[$i]=${COMPREPLY[$i]#\"$cut\"}\n"
	      "\tdone\n"
	      "}\n"
	      "complete -o filenames -o bashdefault -F _resmap resmap\n", out);
}

static void zsh_script(FILE *out, const struct ccmd *cc, size_t n)
{
	/* zsh runs the bash function through bashcompinit: one behaviour,
	 * one script to keep true */
	fputs("#compdef resmap\n"
	      "# zsh completion for resmap; made by 'resmap completion zsh'\n"
	      "autoload -U +X bashcompinit && bashcompinit\n", out);
	bash_script(out, cc, n);
}

static void fish_script(FILE *out, const struct ccmd *cc, size_t n)
{
	fputs("# fish completion for resmap; made by 'resmap completion fish'\n"
	      "complete -c resmap -f\n", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "complete -c resmap -n __fish_use_subcommand -a %s -d '",
			cc[i].c->name);
		sq(out, cc[i].c->summary);
		fputs("'\n", out);
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = cc[i].c->name;
		for (size_t j = 0; j < cc[i].nopts; j++) {
			const struct copt *o = &cc[i].opts[j];
			fprintf(out, "complete -c resmap -n '__fish_seen_subcommand_from %s'", name);
			if (o->name[1] == '-')
				fprintf(out, " -l %s", o->name + 2);
			if (o->shrt)
				fprintf(out, " -s %c", o->shrt);
			if (o->arg) {
				fputs(" -r", out);
				if (o->values) {
					fputs(" -a '", out);
					sq(out, o->values);
					fputs("'", out);
				} else if (o->ids) {
					fprintf(out, " -a '(resmap completion --ids %s 2>/dev/null)'",
						o->ids);
				} else if (o->files) {
					fputs(" -F", out);
				}
			}
			fputs(" -d '", out);
			sq(out, o->desc);
			fputs("'\n", out);
		}
		if (cc[i].words)
			fprintf(out, "complete -c resmap -n '__fish_seen_subcommand_from %s' -a '%s'\n",
				name, cc[i].words);
		if (cc[i].ids)
			fprintf(out, "complete -c resmap -n '__fish_seen_subcommand_from %s' "
				"-a '(resmap completion --ids %s 2>/dev/null)'\n", name, cc[i].ids);
		fprintf(out, "complete -c resmap -n '__fish_seen_subcommand_from %s' -F\n", name);
	}
}

/* ---- --ids ---- */

#define IDS_MAX_BYTES (4u << 20)

/* Adds the bytes of the YAML files below dir to *bytes; false once over
 * the budget (then loading it would make completion slow). */
static bool small_inventory(const char *dir, size_t *bytes, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return true;
	bool ok = depth < 8;
	struct dirent *de;
	while (ok && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		struct stat st;
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			ok = small_inventory(path, bytes, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (walk_yaml_name(de->d_name))
				*bytes += (size_t)st.st_size;
			ok = *bytes <= IDS_MAX_BYTES;
		}
	}
	closedir(d);
	return ok;
}

static int print_ids(const char *kind)
{
	static const char *const kinds[] = {
		"tenant", "service", "data", "subject", "purpose", "provider", "region",
		"country", "jurisdiction", "place", "disable",
	};
	/* ids of an inventory are checked when loaded; a broken one still
	 * gives what it declares */
	size_t k;
	for (k = 0; k < ARRAY_LEN(kinds); k++)
		if (!strcmp(kind, kinds[k]))
			break;
	if (k == ARRAY_LEN(kinds)) {
		fprintf(stderr, "resmap completion: --ids '%s': expected tenant, service, data, "
			"subject, purpose, provider, region, country, jurisdiction or place\n", kind);
		return 2;
	}
	struct load_opts lo;
	load_opts_default(&lo);
	struct diag d;
	FILE *devnull = fopen("/dev/null", "w");
	diag_init(&d, devnull ? devnull : stderr);
	size_t bytes = 0;
	const char *here[] = { "." };
	bool ok;
	struct model *m = small_inventory(".", &bytes, 0) && bytes ?
		load_inventory(here, 1, &lo, &d, &ok) :
		load_buffer("-", "resmap: 1\n", 10, &lo, &d, &ok);
#define EACH(arr, cnt) for (size_t i = 0; i < (cnt); i++) puts((arr)[i]->id)
	if (!strcmp(kind, "tenant"))
		EACH(m->tenants, m->ntenants);
	else if (!strcmp(kind, "service"))
		EACH(m->services, m->nservices);
	else if (!strcmp(kind, "data"))
		EACH(m->data, m->ndata);
	else if (!strcmp(kind, "subject"))
		EACH(m->subjects, m->nsubjects);
	else if (!strcmp(kind, "purpose"))
		EACH(m->purposes, m->npurposes);
	else if (!strcmp(kind, "provider"))
		EACH(m->providers, m->nproviders);
	else if (!strcmp(kind, "region"))
		EACH(m->regions, m->nregions);
	else if (!strcmp(kind, "country"))
		EACH(m->countries, m->ncountries);
	else if (!strcmp(kind, "jurisdiction"))
		EACH(m->jurs, m->njurs);
	else if (!strcmp(kind, "place")) {
		EACH(m->regions, m->nregions);
		EACH(m->jurs, m->njurs);
	} else {   /* --disable KIND:ID */
		for (size_t i = 0; i < m->ntenants; i++)
			printf("tenant:%s\n", m->tenants[i]->id);
		for (size_t i = 0; i < m->nservices; i++)
			printf("service:%s\n", m->services[i]->id);
		for (size_t i = 0; i < m->nregions; i++)
			printf("region:%s\n", m->regions[i]->id);
		for (size_t i = 0; i < m->nproviders; i++)
			printf("provider:%s\n", m->providers[i]->id);
		for (size_t i = 0; i < m->ncountries; i++)
			printf("country:%s\n", m->countries[i]->id);
	}
#undef EACH
	model_free(m);
	diag_release(&d);
	if (devnull)
		fclose(devnull);
	return 0;
}

int cmd_completion(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ids", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_line, stdout);
			fputs("\n", stdout);
			fputs(help_text, stdout);
			return 0;
		case 'i':
			return print_ids(optarg);
		case ':':
			fprintf(stderr, "resmap completion: %s\n%s", cli_bad_option(c, argv),
				usage_line);
			return 2;
		default:
			fprintf(stderr, "resmap completion: %s\n%s", cli_bad_option(c, argv),
				usage_line);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "resmap completion: which shell: bash, zsh or fish?\n%s",
			usage_line);
		return 2;
	}
	const char *shell = argv[optind];
	void (*write)(FILE *, const struct ccmd *, size_t);
	if (!strcmp(shell, "bash"))
		write = bash_script;
	else if (!strcmp(shell, "zsh"))
		write = zsh_script;
	else if (!strcmp(shell, "fish"))
		write = fish_script;
	else {
		fprintf(stderr, "resmap completion: '%s' is not a shell: bash, zsh or fish\n%s",
			shell, usage_line);
		return 2;
	}
	struct ccmd *cc = xcalloc(ncommands, sizeof *cc);
	for (size_t i = 0; i < ncommands; i++)
		describe(&cc[i], &commands[i]);
	write(stdout, cc, ncommands);
	release(cc, ncommands);
	return 0;
}
