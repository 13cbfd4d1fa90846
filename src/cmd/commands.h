/*
 * commands: the subcommands of resmap, one file each (cmd_NAME.c).
 */
#ifndef RESMAP_COMMANDS_H
#define RESMAP_COMMANDS_H

#include <stddef.h>

int cmd_check(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_where(int argc, char **argv);
int cmd_what(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_enforce(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_completion(int argc, char **argv);
int cmd_schema(int argc, char **argv);

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;           /* one line, for usage and completion */
};
/* In the order `resmap --help` lists them. */
extern const struct command commands[];
extern const size_t ncommands;

#endif
