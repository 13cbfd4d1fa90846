/*
 * cmd_check: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap check: not implemented yet\n");
	return 2;
}
