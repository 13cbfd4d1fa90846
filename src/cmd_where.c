/*
 * cmd_where: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_where(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap where: not implemented yet\n");
	return 2;
}
