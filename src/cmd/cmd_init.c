/*
 * cmd_init: `resmap init [--ci github|gitlab|pre-commit]... [--from FORMAT
 * FILE] [DIR]` — starts an inventory: a small commented one that checks
 * clean (data/init/inventory.yaml, embedded at build time), or what an
 * importer of the table in import/importers.c makes of FILE (the same
 * code as `resmap import FORMAT`); beside it resmap.schema.json, the
 * JSON Schema its first line names for editors (out/schema.h); and, when
 * asked, the CI recipe that runs resmap on it (doc/ci.md shows the same
 * files).
 *
 * It never replaces a file: when any target exists, it says which and
 * writes nothing (exit 2). CI files go to the root of the git work tree
 * holding DIR (GitHub and GitLab read them only there), with the
 * inventory's path from that root written into them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/init_files.h"
#include "import/import.h"
#include "out/schema.h"

/* What editors read (yaml-language-server): the schema beside the inventory. */
#define SCHEMA_FILE "resmap.schema.json"
#define MODELINE "# yaml-language-server: $schema=./" SCHEMA_FILE "\n"

static const char help_text[] =
	"Start an inventory in DIR (default: the current directory): inventory.yaml,\n"
	"a small commented inventory that 'resmap check DIR' passes, to edit into\n"
	"your own, and resmap.schema.json, the JSON Schema (resmap schema) that the\n"
	"inventory's first line names, so that editors running yaml-language-server\n"
	"(VS Code with redhat.vscode-yaml, and others) check and complete it while\n"
	"you type. Existing files are never replaced: init writes nothing then.\n"
	"\n"
	"options:\n"
	"      --from FORMAT FILE\n"
	"                       start from what 'resmap import FORMAT FILE' writes (a\n"
	"                       Backstage catalog, Fides manifests, a Terraform plan or\n"
	"                       state, ...; FILE may be a directory) instead of the example\n"
	"      --region [NAME=]REGION[,REGION...]\n"
	"                       with --from: regions of the services the source leaves\n"
	"                       unplaced, or of service NAME (as resmap import)\n"
	"      --tenant ID      with --from: the tenant of untagged resources\n"
	"      --map FILE       with --from: tags and resource types to map (as resmap\n"
	"                       import)\n"
	"      --ci github      also .github/workflows/resmap.yml: SARIF to code scanning,\n"
	"                       annotations, and the residency change of a pull request\n"
	"                       as a comment\n"
	"      --ci gitlab      also .gitlab/resmap.yml (include it from .gitlab-ci.yml):\n"
	"                       JUnit and code quality reports\n"
	"      --ci pre-commit  also .pre-commit-config.yaml: check before every commit\n"
	"  -h, --help           show this help\n"
	"\n"
	"CI files go to the root of the git work tree that holds DIR (else into DIR),\n"
	"and name DIR's path from there. See doc/ci.md.\n";

/* The imported inventory, its modeline first; owned. NULL after the
 * importer reported why it could not make one. */
static char *imported(const struct importer *imp, struct imp_opts *o, char *path, size_t *len)
{
	struct diag d;
	diag_init(&d, stderr);
	struct imp_inv inv;
	char *buf = NULL;
	size_t n = 0;
	if (imp_run(imp, o, &path, 1, &inv, &d) == 0) {
		FILE *f = open_memstream(&buf, &n);
		if (!f)
			die("out of memory");
		fputs(MODELINE, f);
		imp_write(&inv, f);
		if (fclose(f))
			die("out of memory");
	}
	imp_release(&inv);
	diag_release(&d);
	*len = n;
	return buf;
}

/* The JSON Schema of the format with the built-in catalog's ids; owned,
 * NULL when the catalog does not load (reported). */
static char *schema_text(size_t *len)
{
	struct diag d;
	diag_init(&d, stderr);
	struct load_opts lo;
	load_opts_default(&lo);
	bool ok;
	struct model *m = load_inventory(NULL, 0, &lo, &d, &ok);
	char *buf = NULL;
	size_t n = 0;
	if (ok) {
		FILE *f = open_memstream(&buf, &n);
		if (!f)
			die("out of memory");
		schema_write(m, f);
		if (fclose(f))
			die("out of memory");
	}
	model_free(m);
	diag_release(&d);
	*len = n;
	return buf;
}

enum ci { CI_GITHUB = 1, CI_GITLAB = 2, CI_PRECOMMIT = 4 };

static const struct {
	const char *name, *template, *path;   /* path below the root */
	enum ci bit;
} ci_files[] = {
	{ "github", "init:github.yml", ".github/workflows/resmap.yml", CI_GITHUB },
	{ "gitlab", "init:gitlab.yml", ".gitlab/resmap.yml", CI_GITLAB },
	{ "pre-commit", "init:pre-commit.yaml", ".pre-commit-config.yaml", CI_PRECOMMIT },
};

struct target {
	char *path;
	char *text;        /* owned */
	size_t len;
	bool written;
};

static const struct catalog_file *template(const char *name)
{
	for (const struct catalog_file *f = init_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* The root of the git work tree holding abs (an absolute directory), or
 * NULL. Looks for ".git" upwards rather than running git: init must work
 * where git is not installed. */
static char *git_root(const char *abs)
{
	char *p = xstrdup(abs);
	for (;;) {
		char *g = join(p, ".git");
		struct stat st;
		int found = !lstat(g, &st);
		free(g);
		if (found)
			return p;
		char *slash = strrchr(p, '/');
		if (!slash || slash == p) {
			free(p);
			return NULL;
		}
		*slash = '\0';
	}
}

/* The CI template with its inventory path (INVENTORY: "." in the
 * workflows, args: ["."] in the pre-commit hook) set to inv_rel. */
static char *ci_text(const struct catalog_file *f, const char *inv_rel, size_t *len)
{
	static const char *const keys[][2] = {
		{ "INVENTORY: \".\"", "INVENTORY: \"" }, { "args: [\".\"]", "args: [\"" },
	};
	struct strbuf sb = STRBUF_INIT;
	const char *at = NULL;
	size_t k;
	for (k = 0; k < ARRAY_LEN(keys) && !at; k++)
		at = strstr(f->data, keys[k][0]);
	if (!at || !strcmp(inv_rel, ".")) {
		sb_add(&sb, f->data, f->len);
	} else {
		k--;
		sb_add(&sb, f->data, (size_t)(at - f->data));
		sb_adds(&sb, keys[k][1]);
		sb_adds(&sb, inv_rel);   /* plain_path: nothing to quote */
		sb_adds(&sb, keys[k][0] + strlen(keys[k][1]) + 1);   /* the closing quote */
		sb_adds(&sb, at + strlen(keys[k][0]));
	}
	*len = sb.len;
	return sb_detach(&sb);
}

/* mkdir -p of the directories above path. */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "resmap init: cannot create '%s': %s\n", p, strerror(errno));
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

static int write_new(struct target *t)
{
	if (make_parents(t->path) < 0)
		return -1;
	int fd = open(t->path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		fprintf(stderr, "resmap init: cannot create '%s': %s\n", t->path, strerror(errno));
		return -1;
	}
	t->written = true;
	size_t off = 0;
	while (off < t->len) {
		ssize_t n = write(fd, t->text + off, t->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "resmap init: cannot write '%s': %s\n", t->path,
				strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "resmap init: cannot write '%s': %s\n", t->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Path of `to` relative to `from` (both absolute, `to` below `from`). */
static const char *below(const char *from, const char *to)
{
	size_t n = strlen(from);
	if (!strcmp(from, to))
		return ".";
	if (!strncmp(from, to, n) && to[n] == '/')
		return to + n + 1;
	return to;
}

/* How to show an absolute path to the user: relative to the current
 * directory ("../.github/workflows/resmap.yml"); owned. */
static char *shown(const char *path)
{
	char *cwd = path[0] == '/' ? realpath(".", NULL) : NULL;
	if (!cwd)
		return xstrdup(path);
	size_t common = 0;
	for (size_t i = 0;; i++) {
		bool end_c = cwd[i] == '\0' || cwd[i] == '/';
		bool end_p = path[i] == '\0' || path[i] == '/';
		if (end_c && end_p)
			common = i;
		if (cwd[i] != path[i] || !cwd[i])
			break;
	}
	struct strbuf sb = STRBUF_INIT;
	for (const char *c = cwd + common; *c; c++)
		if (*c == '/')
			sb_adds(&sb, "../");
	const char *rest = path + common;
	if (*rest == '/')
		rest++;
	sb_adds(&sb, rest);
	free(cwd);
	return sb_detach(&sb);
}

/* A path made of characters a double-quoted YAML scalar and a shell
 * double-quoted word both take as they are. */
static bool plain_path(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p == '$' || *p == '`' || *p >= 0x7f)
			return false;
	return true;
}

enum { OPT_CI = 300, OPT_FROM, OPT_REGION, OPT_TENANT, OPT_MAP };

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ci", required_argument, NULL, OPT_CI },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "tenant", required_argument, NULL, OPT_TENANT },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf usage = STRBUF_INIT;
	sb_adds(&usage, "usage: resmap init [--ci github|gitlab|pre-commit]... [--from ");
	importer_names(&usage, "|");
	sb_adds(&usage, " FILE] [DIR]\n");
	const char *usage_line = usage.buf;
	struct imp_opts io;
	imp_opts_init(&io);
	const struct importer *from = NULL;
	bool import_opts = false;
	unsigned ci = 0;
	int c, rc = 2;
	size_t nt = 0;
	char *abs = NULL, *root = NULL;
	struct target ts[2 + ARRAY_LEN(ci_files)];
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_line, stdout);
			fputs("\n", stdout);
			fputs(help_text, stdout);
			rc = 0;
			goto out;
		case OPT_CI: {
			size_t i;
			for (i = 0; i < ARRAY_LEN(ci_files); i++)
				if (!strcmp(optarg, ci_files[i].name))
					break;
			if (i == ARRAY_LEN(ci_files)) {
				fprintf(stderr, "resmap init: --ci '%s': expected github, gitlab or "
					"pre-commit\n%s", optarg, usage_line);
				goto out;
			}
			ci |= ci_files[i].bit;
			break;
		}
		case OPT_FROM:
			from = importer_find(optarg);
			if (!from) {
				struct strbuf names = STRBUF_INIT;
				importer_names(&names, "|");
				fprintf(stderr, "resmap init: --from '%s': expected %s\n%s", optarg,
					names.buf, usage_line);
				sb_release(&names);
				goto out;
			}
			break;
		case OPT_REGION:
			import_opts = true;
			if (imp_opts_add_region(&io, optarg) < 0) {
				fprintf(stderr, "resmap init: --region '%s': expected REGION[,REGION...] "
					"or NAME=REGION[,REGION...]\n%s", optarg, usage_line);
				goto out;
			}
			break;
		case OPT_TENANT:
			import_opts = true;
			io.tenant = optarg;
			break;
		case OPT_MAP:
			import_opts = true;
			io.map_file = optarg;
			break;
		default:
			fprintf(stderr, "resmap init: %s\n%s", cli_bad_option(c, argv),
				usage_line);
			goto out;
		}
	}
	if (import_opts && !from) {
		fprintf(stderr, "resmap init: --region, --tenant and --map go with --from\n%s",
			usage_line);
		goto out;
	}
	/* with --from, its FILE comes first */
	char *from_path = NULL;
	if (from) {
		if (optind >= argc) {
			fprintf(stderr, "resmap init: --from %s needs a FILE to import\n%s",
				from->name, usage_line);
			goto out;
		}
		from_path = argv[optind++];
	}
	if (argc - optind > 1) {
		fprintf(stderr, "resmap init: one directory at most\n%s", usage_line);
		goto out;
	}
	const char *dir = optind < argc ? argv[optind] : ".";
	if (!*dir) {
		fprintf(stderr, "resmap init: the directory is an empty string\n%s", usage_line);
		goto out;
	}

	/* the inventory's text comes when no target is in the way */
	ts[nt++] = (struct target){ join(dir, "inventory.yaml"), NULL, 0, false };
	ts[nt++] = (struct target){ join(dir, SCHEMA_FILE), NULL, 0, false };
	if (ci) {
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "resmap init: cannot create '%s': %s\n", dir, strerror(errno));
			goto out;
		}
		abs = realpath(dir, NULL);
		if (!abs) {
			fprintf(stderr, "resmap init: '%s': %s\n", dir, strerror(errno));
			goto out;
		}
		root = git_root(abs);
		const char *base = root ? root : abs;
		const char *rel = below(base, abs);
		if (!plain_path(rel)) {
			fprintf(stderr, "resmap init: the path '%s' has characters the CI files cannot "
				"quote; choose a plainer directory name\n", rel);
			goto out;
		}
		for (size_t i = 0; i < ARRAY_LEN(ci_files); i++) {
			if (!(ci & ci_files[i].bit))
				continue;
			size_t len;
			char *text = ci_text(template(ci_files[i].template), rel, &len);
			ts[nt++] = (struct target){ join(base, ci_files[i].path), text, len, false };
		}
	}
	size_t exist = 0;
	for (size_t i = 0; i < nt; i++) {
		struct stat st;
		if (!lstat(ts[i].path, &st)) {
			char *p = shown(ts[i].path);
			fprintf(stderr, "resmap init: '%s' exists; not replaced\n", p);
			free(p);
			exist++;
		}
	}
	if (exist) {
		fprintf(stderr, "resmap init: nothing written: move the existing file%s away, or "
			"start in another directory\n", exist > 1 ? "s" : "");
		goto out;
	}
	if (from) {
		ts[0].text = imported(from, &io, from_path, &ts[0].len);
	} else {
		const struct catalog_file *inv = template("init:inventory.yaml");
		ts[0].text = xstrdup(inv->data);
		ts[0].len = inv->len;
	}
	ts[1].text = schema_text(&ts[1].len);
	if (!ts[0].text || !ts[1].text) {
		fprintf(stderr, "resmap init: nothing written\n");
		goto out;
	}
	for (size_t i = 0; i < nt; i++)
		if (write_new(&ts[i]) < 0) {
			/* all or nothing: take back what this run wrote */
			for (size_t j = 0; j <= i; j++)
				if (ts[j].written)
					unlink(ts[j].path);
			goto out;
		}
	for (size_t i = 0; i < nt; i++) {
		char *p = shown(ts[i].path);
		printf("wrote %s\n", p);
		free(p);
	}
	printf("next: edit %s, then run 'resmap check %s'\n", ts[0].path, dir);
	rc = 0;
out:
	for (size_t i = 0; i < nt; i++) {
		free(ts[i].path);
		free(ts[i].text);
	}
	free(abs);
	free(root);
	imp_opts_release(&io);
	sb_release(&usage);
	return rc;
}
