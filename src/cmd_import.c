/*
 * cmd_import: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_import(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap import: not implemented yet\n");
	return 2;
}
