/*
 * main: dispatches `resmap COMMAND ...` to the command's cmd_ function.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "base/version.h"
#include "engine/model.h"
#include "load/load.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: resmap COMMAND [options] [PATH...]\n"
		"       resmap --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < ncommands; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'resmap COMMAND --help' for a command's options; "
		"see resmap(1) and resmap-inventory(5).\n");
}

/* The program's version and the built-in catalog's: which provider lists
 * (by date) the answers rest on matters as much as the code. */
static int version(void)
{
	struct cli c;
	cli_init(&c, "--version", "resmap --version");
	bool ok;
	struct model *m = load_inventory(NULL, 0, &c.load, &c.diag, &ok);
	printf("resmap %s\ncatalog %s, provider sources up to %s\n", RESMAP_VERSION,
	       m->catalog_version ? m->catalog_version : "none",
	       m->catalog_sources_date ? m->catalog_sources_date : "unknown");
	model_free(m);
	cli_release(&c);
	return ok && !fflush(stdout) && !ferror(stdout) ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		return version();
	}
	for (size_t i = 0; i < ncommands; i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "resmap: '%s' is not a command\n", name);
	usage(stderr);
	return 2;
}
