/*
 * cmd_diff: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_diff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap diff: not implemented yet\n");
	return 2;
}
