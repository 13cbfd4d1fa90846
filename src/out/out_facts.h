/*
 * out_facts: renders residency facts — the table of `resmap map` and the
 * pieces every other output shares (a fact as a JSON object, its cells
 * as text, its source position).
 *
 * Formats of a fact list (`resmap map --format`):
 *   text  an aligned table for a terminal, one fact a line, columns
 *         DATA SUBJECTS PURPOSES TENANT SERVICE REGION COUNTRY MODE REACH
 *         PATH; cells are never truncated; lists are comma-joined; a
 *         suspended tenant is marked "(suspended)" in TENANT; a footnote
 *         names each disabled tenant and how many services it silences
 *   csv   RFC 4180 (CRLF line ends, quoting only where needed), one header
 *         row with the JSON field names
 *   json  {"resmap":1,"facts":[FACT...],"disabled":[...]}; see out_fact_json
 *   md    a GitHub-flavoured Markdown table
 *
 * Everything printed is deterministic: facts are written in the order
 * given (callers pass them in factset order, which is sorted).
 */
#ifndef RESMAP_OUT_FACTS_H
#define RESMAP_OUT_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "engine/facts.h"
#include "base/json.h"
#include "engine/model.h"
#include "base/util.h"

enum facts_format { FF_TEXT, FF_CSV, FF_JSON, FF_MD, FF__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const facts_format_names[];

/*
 * Writes facts[0..n) in format fmt. fs supplies the disabled services
 * for the footnote (may be NULL). filtered says whether facts is a
 * filtered subset (changes only the wording of an empty result).
 */
void out_facts(FILE *out, enum facts_format fmt, const struct factset *fs,
	       const struct fact *const *facts, size_t n, bool filtered);

/*
 * The fact object of the JSON contract:
 *   {"data","subjects":[...],"purposes":[...],"used_for":[...],"tenant",
 *    "operator","service","kind","provider","region","place","country","mode",
 *    "reach":[{"jurisdiction","why"[,"provider","laws":[...]]}],
 *    "path":[...],"source":"file:line:col","suspended":bool}
 * A reach entry of why "provider" also names the provider (or operator)
 * whose headquarters law reaches the data, and those laws.
 */
void out_fact_json(struct json *j, const struct fact *f);

/* Cell texts, appended to sb. */
void out_termset(struct strbuf *sb, const struct termset *ts, const char *sep);
void out_path(struct strbuf *sb, const struct fact *f, const char *sep);
void out_reach(struct strbuf *sb, const struct fact *f);
void out_pos(struct strbuf *sb, struct pos pos);    /* "file:line:col" */

/*
 * Aligned text tables over facts, for the terminal outputs of map, where
 * and what: columns are chosen by the caller, widths computed over every
 * row first (two passes, linear), cells never truncated.
 */
enum out_col {
	COL_DATA, COL_SUBJECTS, COL_PURPOSES, COL_TENANT, COL_SERVICE,
	COL_REGION, COL_COUNTRY, COL_MODE, COL_REACH, COL_PATH, COL__COUNT
};
struct out_table {
	const enum out_col *cols;
	size_t ncols;
	size_t w[COL__COUNT];      /* by column index in cols */
};
void out_table_init(struct out_table *t, const enum out_col *cols, size_t ncols,
		    const struct fact *const *facts, size_t n);
void out_table_header(FILE *out, const struct out_table *t, const char *indent);
void out_table_row(FILE *out, const struct out_table *t, const struct fact *f,
		   const char *indent);

/* Display width of UTF-8 text in terminal columns (utf8_width). */
size_t out_width(const char *s);
/* Writes s then spaces up to width w (display width). */
void out_pad(FILE *out, const char *s, size_t w);

/* Returns a fresh array of pointers to every fact of fs (free with free). */
const struct fact **out_all_facts(const struct factset *fs, size_t *n);

/*
 * Keeps the facts matching sel (when sel is non-NULL), compacting the
 * array in place; returns the new count.
 */
size_t out_filter(const struct model *m, const struct selector *sel,
		  const struct fact **facts, size_t n);

#endif
