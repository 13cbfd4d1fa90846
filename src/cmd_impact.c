/*
 * cmd_impact: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_impact(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap impact: not implemented yet\n");
	return 2;
}
