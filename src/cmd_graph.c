/*
 * cmd_graph: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_graph(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap graph: not implemented yet\n");
	return 2;
}
