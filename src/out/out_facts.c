/*
 * out_facts: the residency table in text, CSV, JSON and Markdown, and the
 * small renderers of a fact's cells that `where`, `what` and `check`
 * share, so that a fact reads the same in every output.
 *
 * The text table is built in two passes (cells into one buffer, then
 * widths, then lines) so that columns line up however long a cell is;
 * nothing is truncated because an auditor must see the whole id.
 */
#include "out/out_facts.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/utf8.h"
#include "engine/policy.h"

const char *const facts_format_names[] = { "text", "csv", "json", "md", NULL };

static const char *const col_titles[COL__COUNT] = {
	"DATA", "SUBJECTS", "PURPOSES", "TENANT", "SERVICE",
	"REGION", "COUNTRY", "MODE", "REACH", "PATH"
};

void out_termset(struct strbuf *sb, const struct termset *ts, const char *sep)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		if (i)
			sb_adds(sb, sep);
		sb_adds(sb, ts->items[i]->id);
	}
}

/* Path of f, origin first; returns an owned array (free) and its length. */
static const struct service **path_of(const struct fact *f, size_t *n)
{
	size_t len = f->path ? f->path->len : 0;
	const struct service **v = xcalloc(len ? len : 1, sizeof *v);
	*n = len ? fact_path(f, v, len) : 0;
	return v;
}

void out_path(struct strbuf *sb, const struct fact *f, const char *sep)
{
	/* check writes one per violation: most paths fit on the stack */
	const struct service *small[32], **v = small;
	size_t n = f->path ? f->path->len : 0;
	if (n > ARRAY_LEN(small))
		v = path_of(f, &n);
	else
		n = fact_path(f, v, n);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, sep);
		sb_adds(sb, v[i]->id);
	}
	if (v != small)
		free(v);
}

void out_reach(struct strbuf *sb, const struct fact *f)
{
	for (size_t i = 0; i < f->nreach; i++) {
		const struct reach *r = &f->reach[i];
		if (i)
			sb_addc(sb, ',');
		sb_adds(sb, r->jur->id);
		if (r->why != REACH_LOCATION)
			sb_addf(sb, "(%s)", reach_why_name(r->why));
	}
}

void out_pos(struct strbuf *sb, struct pos pos)
{
	sb_adds(sb, pos.file ? pos.file : "");
	if (pos.line)
		sb_addf(sb, ":%u:%u", pos.line, pos.col);
}

size_t out_width(const char *s)
{
	return utf8_width(s);
}

void out_pad(FILE *out, const char *s, size_t w)
{
	fputs(s, out);
	for (size_t i = out_width(s); i < w; i++)
		fputc(' ', out);
}

const struct fact **out_all_facts(const struct factset *fs, size_t *n)
{
	const struct fact **v = xcalloc(fs->nfacts ? fs->nfacts : 1, sizeof *v);
	for (size_t i = 0; i < fs->nfacts; i++)
		v[i] = &fs->facts[i];
	*n = fs->nfacts;
	return v;
}

size_t out_filter(const struct model *m, const struct selector *sel,
		  const struct fact **facts, size_t n)
{
	if (!sel)
		return n;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (selector_match(m, sel, facts[i]))
			facts[k++] = facts[i];
	return k;
}

/* One cell of the text, CSV or Markdown table. */
static void cell(struct strbuf *sb, const struct fact *f, enum out_col c, enum facts_format fmt)
{
	const char *sep = fmt == FF_CSV ? ";" : ",";
	switch (c) {
	case COL_DATA: sb_adds(sb, f->data->id); break;
	case COL_SUBJECTS: out_termset(sb, f->subjects, sep); break;
	case COL_PURPOSES:
		out_termset(sb, f->purposes, sep);
		/* what services on the path use it for; CSV keeps the column
		 * to collection purposes (JSON has both lists) */
		if (fmt != FF_CSV && f->used_for && f->used_for->n) {
			sb_adds(sb, f->purposes && f->purposes->n ? " (used for " : "(used for ");
			out_termset(sb, f->used_for, sep);
			sb_addc(sb, ')');
		}
		break;
	case COL_TENANT:
		sb_adds(sb, f->tenant->id);
		if (fmt == FF_CSV)
			break;
		/* the owner's data held by another tenant's service: say who
		 * runs it, and which of the two is suspended; CSV has columns
		 * of its own for both */
		if (f->tenant->status == TENANT_SUSPENDED)
			sb_adds(sb, " (suspended)");
		if (f->service->tenant != f->tenant)
			sb_addf(sb, " (operated by %s%s)", f->service->tenant->id,
				f->service->tenant->status == TENANT_SUSPENDED ? ", suspended" : "");
		break;
	case COL_SERVICE: sb_adds(sb, f->service->id); break;
	case COL_REGION: {
		sb_adds(sb, f->region->id);
		/* a region reached through a multi-region says so; CSV keeps
		 * the bare id in its column */
		const struct region_ref *pl = fact_place(f);
		if (fmt != FF_CSV && pl && pl->region != f->region)
			sb_addf(sb, " (in %s)", pl->region->id);
		break;
	}
	case COL_COUNTRY: sb_adds(sb, f->country->id); break;
	case COL_MODE: sb_adds(sb, mode_name(f->mode)); break;
	case COL_REACH:
		if (fmt == FF_CSV) {
			/* same as text, but ';' between entries */
			for (size_t i = 0; i < f->nreach; i++) {
				if (i)
					sb_addc(sb, ';');
				sb_adds(sb, f->reach[i].jur->id);
				if (f->reach[i].why != REACH_LOCATION)
					sb_addf(sb, "(%s)", reach_why_name(f->reach[i].why));
			}
		} else {
			out_reach(sb, f);
		}
		break;
	case COL_PATH: out_path(sb, f, " -> "); break;
	case COL__COUNT: break;
	}
}

/* A cell of the text table, escaped for the terminal (tmp: scratch). */
static void text_cell(struct strbuf *sb, struct strbuf *tmp, const struct fact *f, enum out_col c)
{
	sb_reset(tmp);
	cell(tmp, f, c, FF_TEXT);
	esc_text(sb, tmp->buf ? tmp->buf : "", NULL);
}

/* Disabled services grouped by tenant: "disabled tenant 'x': N services
 * produce no facts". fs->disabled is sorted by service id, so count per
 * tenant through a sorted copy of the tenant pointers. */
static int cmp_tenant_id(const void *a, const void *b)
{
	const struct tenant *x = *(const struct tenant *const *)a;
	const struct tenant *y = *(const struct tenant *const *)b;
	return strcmp(x->id, y->id);
}

struct disabled_group { const struct tenant *tenant; size_t first, n; };

/* Returns the tenants of fs->disabled in id order with their service
 * counts; *services gets the services sorted by tenant then id. */
static struct disabled_group *disabled_groups(const struct factset *fs, size_t *ngroups,
					      const struct service ***services)
{
	*ngroups = 0;
	*services = NULL;
	if (!fs || !fs->ndisabled)
		return NULL;
	size_t n = fs->ndisabled;
	const struct service **v = xcalloc(n, sizeof *v);
	memcpy(v, fs->disabled, n * sizeof *v);
	const struct tenant **t = xcalloc(n, sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i] = v[i]->tenant;
	xqsort(t, n, sizeof *t, cmp_tenant_id);
	struct disabled_group *g = xcalloc(n, sizeof *g);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && g[k - 1].tenant == t[i]) {
			g[k - 1].n++;
			continue;
		}
		g[k].tenant = t[i];
		g[k].n = 1;
		k++;
	}
	/* services of each group: one pass over v (already in id order) */
	size_t pos = 0;
	for (size_t i = 0; i < k; i++) {
		g[i].first = pos;
		pos += g[i].n;
	}
	const struct service **sorted = xcalloc(n, sizeof *sorted);
	size_t *fill = xcalloc(k, sizeof *fill);
	for (size_t i = 0; i < n; i++) {
		/* binary search for the group of v[i]->tenant */
		size_t lo = 0, hi = k;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(g[mid].tenant->id, v[i]->tenant->id);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		sorted[g[lo].first + fill[lo]++] = v[i];
	}
	free(fill);
	free(t);
	free(v);
	*services = sorted;
	*ngroups = k;
	return g;
}

static void footnote_disabled(FILE *out, const struct factset *fs, const char *prefix, bool md)
{
	size_t ng;
	const struct service **sv;
	struct disabled_group *g = disabled_groups(fs, &ng, &sv);
	struct strbuf id = STRBUF_INIT;
	for (size_t i = 0; i < ng; i++) {
		sb_reset(&id);
		if (md)
			esc_md(&id, g[i].tenant->id);
		else
			esc_text(&id, g[i].tenant->id, NULL);
		fprintf(out, "%sdisabled tenant '%s': %zu %s no facts\n", prefix,
			id.buf, g[i].n, g[i].n == 1 ? "service produces" : "services produce");
	}
	sb_release(&id);
	free(g);
	free(sv);
}

static void empty_text(FILE *out, bool filtered)
{
	fputs(filtered ? "no facts match the filters\n"
		       : "no facts: no service of an enabled tenant stores data\n", out);
}

void out_table_init(struct out_table *t, const enum out_col *cols, size_t ncols,
		    const struct fact *const *facts, size_t n)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	t->cols = cols;
	t->ncols = ncols;
	for (size_t c = 0; c < ncols; c++)
		t->w[c] = strlen(col_titles[cols[c]]);
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < ncols; c++) {
			sb_reset(&sb);
			text_cell(&sb, &tmp, facts[i], cols[c]);
			size_t cw = sb.buf ? out_width(sb.buf) : 0;
			if (cw > t->w[c])
				t->w[c] = cw;
		}
	}
	sb_release(&sb);
	sb_release(&tmp);
}

/* The last column is not padded: no trailing blanks. */
static void table_line(FILE *out, const struct out_table *t, const char *indent,
		       const char *const *cells)
{
	fputs(indent, out);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c + 1 < t->ncols) {
			out_pad(out, cells[c], t->w[c]);
			fputs("  ", out);
		} else {
			fputs(cells[c], out);
		}
	}
	fputc('\n', out);
}

void out_table_header(FILE *out, const struct out_table *t, const char *indent)
{
	const char *cells[COL__COUNT];
	for (size_t c = 0; c < t->ncols; c++)
		cells[c] = col_titles[t->cols[c]];
	table_line(out, t, indent, cells);
}

void out_table_row(FILE *out, const struct out_table *t, const struct fact *f,
		   const char *indent)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t off[COL__COUNT];
	const char *cells[COL__COUNT];
	for (size_t c = 0; c < t->ncols; c++) {
		off[c] = sb.len;
		text_cell(&sb, &tmp, f, t->cols[c]);
		sb_addc(&sb, '\0');
	}
	for (size_t c = 0; c < t->ncols; c++)
		cells[c] = sb.buf + off[c];
	table_line(out, t, indent, cells);
	sb_release(&sb);
	sb_release(&tmp);
}

static const enum out_col all_cols[COL__COUNT] = {
	COL_DATA, COL_SUBJECTS, COL_PURPOSES, COL_TENANT, COL_SERVICE,
	COL_REGION, COL_COUNTRY, COL_MODE, COL_REACH, COL_PATH
};

static void out_text(FILE *out, const struct factset *fs,
		     const struct fact *const *facts, size_t n, bool filtered)
{
	if (!n) {
		empty_text(out, filtered);
		footnote_disabled(out, fs, "", false);
		return;
	}
	struct out_table t;
	out_table_init(&t, all_cols, COL__COUNT, facts, n);
	out_table_header(out, &t, "");
	for (size_t i = 0; i < n; i++)
		out_table_row(out, &t, facts[i], "");
	fprintf(out, "\n%zu %s\n", n, n == 1 ? "fact" : "facts");
	footnote_disabled(out, fs, "", false);
}

static void out_csv(FILE *out, const struct fact *const *facts, size_t n)
{
	static const char *const head[] = {
		"data", "subjects", "purposes", "tenant", "service", "kind", "provider",
		"region", "country", "mode", "suspended", "reach", "path", "source",
		/* appended after the columns of version 1 so that sheets
		 * reading by position keep working */
		"used_for", "operator", "place"
	};
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		fprintf(out, "%s%s", i ? "," : "", head[i]);
	fputs("\r\n", out);
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct fact *f = facts[i];
		const char *fields[ARRAY_LEN(head)];
		size_t off[ARRAY_LEN(head)];
		size_t k = 0;
		sb_reset(&sb);
#define ADD(expr) do { off[k++] = sb.len; expr; sb_addc(&sb, '\0'); } while (0)
		ADD(cell(&sb, f, COL_DATA, FF_CSV));
		ADD(cell(&sb, f, COL_SUBJECTS, FF_CSV));
		ADD(cell(&sb, f, COL_PURPOSES, FF_CSV));
		ADD(cell(&sb, f, COL_TENANT, FF_CSV));
		ADD(cell(&sb, f, COL_SERVICE, FF_CSV));
		ADD(sb_adds(&sb, kind_name(f->service->kind)));
		ADD(sb_adds(&sb, f->region->provider->id));
		ADD(cell(&sb, f, COL_REGION, FF_CSV));
		ADD(cell(&sb, f, COL_COUNTRY, FF_CSV));
		ADD(cell(&sb, f, COL_MODE, FF_CSV));
		ADD(sb_adds(&sb, f->suspended ? "true" : "false"));
		ADD(cell(&sb, f, COL_REACH, FF_CSV));
		ADD(cell(&sb, f, COL_PATH, FF_CSV));
		ADD(out_pos(&sb, *f->source));
		ADD(if (f->used_for) out_termset(&sb, f->used_for, ";"));
		ADD(sb_adds(&sb, f->service->tenant->id));
		ADD(const struct region_ref *pl = fact_place(f);
		    sb_adds(&sb, (pl ? pl->region : f->region)->id));
#undef ADD
		for (size_t c = 0; c < k; c++)
			fields[c] = sb.buf + off[c];
		sb_reset(&line);
		for (size_t c = 0; c < k; c++) {
			if (c)
				sb_addc(&line, ',');
			esc_csv(&line, fields[c]);
		}
		sb_adds(&line, "\r\n");
		fwrite(line.buf, 1, line.len, out);
	}
	sb_release(&sb);
	sb_release(&line);
}

static void md_cell(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addc(&sb, ' ');
	esc_md(&sb, s);
	sb_adds(&sb, " |");
	fwrite(sb.buf, 1, sb.len, out);
	sb_release(&sb);
}

static void out_md(FILE *out, const struct factset *fs,
		   const struct fact *const *facts, size_t n, bool filtered)
{
	if (!n) {
		empty_text(out, filtered);
		footnote_disabled(out, fs, "\n", true);
		return;
	}
	fputc('|', out);
	for (int c = 0; c < COL__COUNT; c++)
		fprintf(out, " %s |", col_titles[c]);
	fputs("\n|", out);
	for (int c = 0; c < COL__COUNT; c++)
		fputs(" --- |", out);
	fputc('\n', out);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		fputc('|', out);
		for (int c = 0; c < COL__COUNT; c++) {
			sb_reset(&sb);
			cell(&sb, facts[i], c, FF_MD);
			md_cell(out, sb.buf ? sb.buf : "");
		}
		fputc('\n', out);
	}
	sb_release(&sb);
	footnote_disabled(out, fs, "\n", true);
}

void out_fact_json(struct json *j, const struct fact *f)
{
	struct strbuf sb = STRBUF_INIT;
	json_obj_begin(j);
	json_kstr(j, "data", f->data->id);
	json_key(j, "subjects");
	json_arr_begin(j);
	for (size_t i = 0; f->subjects && i < f->subjects->n; i++)
		json_str(j, f->subjects->items[i]->id);
	json_arr_end(j);
	json_key(j, "purposes");
	json_arr_begin(j);
	for (size_t i = 0; f->purposes && i < f->purposes->n; i++)
		json_str(j, f->purposes->items[i]->id);
	json_arr_end(j);
	json_key(j, "used_for");
	json_arr_begin(j);
	for (size_t i = 0; f->used_for && i < f->used_for->n; i++)
		json_str(j, f->used_for->items[i]->id);
	json_arr_end(j);
	json_kstr(j, "tenant", f->tenant->id);
	/* the tenant of the service holding the data (tenant is its owner) */
	json_kstr(j, "operator", f->service->tenant->id);
	json_kstr(j, "service", f->service->id);
	json_kstr(j, "kind", kind_name(f->service->kind));
	json_kstr(j, "provider", f->region->provider->id);
	json_kstr(j, "region", f->region->id);
	const struct region_ref *pl = fact_place(f);
	json_kstr(j, "place", pl ? pl->region->id : f->region->id);
	json_kstr(j, "country", f->country->id);
	json_kstr(j, "mode", mode_name(f->mode));
	json_key(j, "reach");
	json_arr_begin(j);
	for (size_t i = 0; i < f->nreach; i++) {
		const struct reach *r = &f->reach[i];
		json_obj_begin(j);
		json_kstr(j, "jurisdiction", r->jur->id);
		json_kstr(j, "why", reach_why_name(r->why));
		if (r->why == REACH_PROVIDER_HQ && r->provider) {
			json_kstr(j, "provider", r->provider->id);
			json_key(j, "laws");
			json_arr_begin(j);
			for (size_t l = 0; l < r->provider->nlaws; l++)
				json_str(j, r->provider->laws[l]);
			json_arr_end(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "path");
	json_arr_begin(j);
	size_t np;
	const struct service **p = path_of(f, &np);
	for (size_t i = 0; i < np; i++)
		json_str(j, p[i]->id);
	free(p);
	json_arr_end(j);
	out_pos(&sb, *f->source);
	json_kstr(j, "source", sb.buf ? sb.buf : "");
	json_key(j, "suspended");
	json_bool(j, f->suspended);
	json_obj_end(j);
	sb_release(&sb);
}

static void out_json(FILE *out, const struct factset *fs,
		     const struct fact *const *facts, size_t n)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_key(&j, "facts");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++)
		out_fact_json(&j, facts[i]);
	json_arr_end(&j);
	json_key(&j, "disabled");
	json_arr_begin(&j);
	size_t ng;
	const struct service **sv;
	struct disabled_group *g = disabled_groups(fs, &ng, &sv);
	for (size_t i = 0; i < ng; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "tenant", g[i].tenant->id);
		json_key(&j, "services");
		json_arr_begin(&j);
		for (size_t s = 0; s < g[i].n; s++)
			json_str(&j, sv[g[i].first + s]->id);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	free(g);
	free(sv);
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

void out_facts(FILE *out, enum facts_format fmt, const struct factset *fs,
	       const struct fact *const *facts, size_t n, bool filtered)
{
	switch (fmt) {
	case FF_TEXT: out_text(out, fs, facts, n, filtered); break;
	case FF_CSV: out_csv(out, facts, n); break;
	case FF_JSON: out_json(out, fs, facts, n); break;
	case FF_MD: out_md(out, fs, facts, n, filtered); break;
	case FF__COUNT: break;
	}
}
