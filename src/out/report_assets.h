/*
 * report_assets: what the HTML report inlines besides its content: the
 * style sheet, and the script that adds sorting and filtering to tables
 * (every table is complete without it).
 */
#ifndef RESMAP_REPORT_ASSETS_H
#define RESMAP_REPORT_ASSETS_H

extern const char report_css[];
/* The inline script, and the CSP source that allows it ("'sha256-...'"). */
extern const char report_script[];
void report_script_hash(char out[64]);

#endif
