/*
 * commands: the table of subcommands that main dispatches on and that
 * `resmap completion` describes.
 */
#include "cmd/commands.h"

const struct command commands[] = {
	{ "check", cmd_check, "validate the inventory and evaluate every policy" },
	{ "map", cmd_map, "print the residency table" },
	{ "where", cmd_where, "where a data category resides" },
	{ "what", cmd_what, "what resides in a region, country or jurisdiction" },
	{ "graph", cmd_graph, "draw the deps, jurisdiction or data view" },
	{ "report", cmd_report, "write one self-contained HTML report" },
	{ "impact", cmd_impact, "what-if: disable a tenant, service, region or provider" },
	{ "diff", cmd_diff, "residency change between two inventories" },
	{ "catalog", cmd_catalog, "list the built-in providers, regions, jurisdictions, taxonomy" },
	{ "import", cmd_import, "turn a Backstage catalog or Fides manifests into an inventory" },
	{ "enforce", cmd_enforce, "write provider region guardrails from allow_in policies" },
	{ "init", cmd_init, "start an inventory, and a CI recipe that checks it" },
	{ "schema", cmd_schema, "write the JSON Schema of the inventory format, for editors" },
	{ "completion", cmd_completion, "print a shell completion script: bash, zsh or fish" },
};

const size_t ncommands = sizeof commands / sizeof commands[0];
