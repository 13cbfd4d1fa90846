/*
 * cmd_catalog: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_catalog(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap catalog: not implemented yet\n");
	return 2;
}
