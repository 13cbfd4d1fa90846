/*
 * main: dispatches `resmap COMMAND ...` to the command's cmd_ function.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "base/version.h"

static const struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "validate the inventory and evaluate every policy" },
	{ "map", cmd_map, "print the residency table" },
	{ "where", cmd_where, "where a data category resides" },
	{ "what", cmd_what, "what resides in a region, country or jurisdiction" },
	{ "graph", cmd_graph, "draw the deps, jurisdiction or data view" },
	{ "report", cmd_report, "write one self-contained HTML report" },
	{ "impact", cmd_impact, "what-if: disable a tenant, service, region or provider" },
	{ "diff", cmd_diff, "residency change between two inventories" },
	{ "catalog", cmd_catalog, "list the built-in providers, regions, jurisdictions, taxonomy" },
	{ "import", cmd_import, "turn a Backstage catalog or Fides manifests into an inventory" },
	{ "enforce", cmd_enforce, "write provider region guardrails from allow_in policies" },
	{ "init", cmd_init, "start an inventory, and a CI recipe that checks it" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: resmap COMMAND [options] [PATH...]\n"
		"       resmap --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'resmap COMMAND --help' for a command's options; "
		"see resmap(1) and resmap-inventory(5).\n");
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
		printf("resmap %s\n", RESMAP_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "resmap: '%s' is not a command\n", name);
	usage(stderr);
	return 2;
}
