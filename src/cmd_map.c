/*
 * cmd_map: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_map(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap map: not implemented yet\n");
	return 2;
}
