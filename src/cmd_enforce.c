/*
 * cmd_enforce: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_enforce(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap enforce: not implemented yet\n");
	return 2;
}
