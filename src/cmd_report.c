/*
 * cmd_report: placeholder until the command lands.
 */
#include <stdio.h>

#include "commands.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "resmap report: not implemented yet\n");
	return 2;
}
