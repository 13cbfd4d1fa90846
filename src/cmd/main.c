/*
 * main: dispatches `resmap COMMAND ...` to the command's cmd_ function.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "base/version.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: resmap COMMAND [options] [PATH...]\n"
		"       resmap --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < ncommands; i++)
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
	for (size_t i = 0; i < ncommands; i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "resmap: '%s' is not a command\n", name);
	usage(stderr);
	return 2;
}
