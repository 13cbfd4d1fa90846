/*
 * cmd_what: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_what(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap what: not implemented yet\n");
	return 2;
}
