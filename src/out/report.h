/*
 * report: the page policy writers and auditors read — `resmap report` —
 * as one self-contained HTML document or as Markdown.
 *
 * Content, in this order: a header (title, date, versions, counts), the
 * world map (the views that draw themselves), the policy violations, the
 * policies and whether they hold, where data resides (a data category x
 * country matrix of the strongest mode, then each category's countries
 * and regions), who can reach it and why, tenants and services, and the
 * three graphviz views of `resmap graph`.
 *
 * HTML: no network, no external resource of any kind; a
 * Content-Security-Policy meta allows nothing but inline styles, data:
 * images and the one inline script (by its SHA-256). The script adds
 * sorting and filtering to tables (and applies a #filter=TEXT fragment on
 * load); without it every table is complete. Every text from the
 * inventory is escaped, and the diagrams are inlined only after
 * report_svg_clean (out/svg_clean.h) accepted them.
 *
 * Markdown: GitHub-flavoured tables with escaped cells; diagrams are
 * linked, the caller writes them as files (report.md -> report-deps.svg).
 *
 * Output is deterministic: the date appears only when given.
 */
#ifndef RESMAP_REPORT_H
#define RESMAP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/facts.h"
#include "engine/model.h"
#include "engine/policy.h"
#include "base/util.h"
#include "views/views.h"

enum report_format { RF_HTML, RF_MD, RF__COUNT };
/* NULL-terminated names in enum order, for cli_choice. */
extern const char *const report_format_names[];

struct report_view {
	const char *svg;           /* HTML: cleaned SVG text to inline, or NULL */
	size_t len;
	const char *link;          /* Markdown: file name to link, or NULL */
	int collapse;              /* enum collapse the view used */
	bool collapse_auto;        /* chosen because of the node budget */
	/* the view drawn in this one's place (the matrix for a dense data
	 * view: views.h view_instead), or NULL */
	const struct view_def *drawn_as;
};

struct report_input {
	const struct model *m;
	const struct factset *fs;
	const struct verdicts *v;
	/* NULL: every tenant and service is listed; else only those nonzero
	 * here (by index), for a filtered report (see engine/subset.h) */
	const unsigned char *tenant_keep;
	const unsigned char *svc_keep;
	const char *filter_note;           /* "tenant imod", or NULL */
	const char *title;                 /* inventory name or --title */
	const char *date;                  /* YYYY-MM-DD, or NULL: no date */
	const char *const *paths;          /* inputs as given, for the header */
	size_t npaths;
	struct report_view *views;         /* view_count() of them, in table order */
	/* Where every service goes as CSV when there are more than
	 * REPORT_MAX_ROWS of them (the page then counts them by kind and
	 * links services_csv_link, a file name beside it), or NULL: every
	 * service is listed in the page. */
	FILE *services_csv;
	const char *services_csv_link;
};

/* Per-service tables longer than this are aggregated in the page, their
 * rows written beside it (report_services_aside). */
#define REPORT_MAX_ROWS 1000
/* With the services beside the page: how many ids a list of services or
 * tenants in a cell still shows. */
#define REPORT_LIST_CAP 20
/* How many of the services with the most violations the page still lists. */
#define REPORT_TOP_SERVICES 50

/* True when in keeps more than REPORT_MAX_ROWS services: the report
 * then lists them in in->services_csv when it is set (the caller opens
 * one when this says so and there is a place for it), else in the page. */
bool report_services_many(const struct report_input *in);

/* Writes the whole report to out. */
void report_write(FILE *out, enum report_format fmt, const struct report_input *in);

/* Appends s to sb escaped for HTML text and attribute values. */
void html_escape(struct strbuf *sb, const char *s);

#endif
