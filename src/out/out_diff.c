/*
 * out_diff: the renderers of `resmap diff` (see out_diff.h). The text and
 * Markdown writers walk one list of sections; the JSON writer writes each
 * fact and violation with the encoders map and check use.
 */
#include "out/out_diff.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/json.h"
#include "out/out_check.h"
#include "out/out_facts.h"

struct names { const char *old, *new; };

static size_t count_border(const struct diff *df)
{
	size_t n = 0;
	for (size_t i = 0; i < df->nmoved; i++)
		n += df->moved[i].border;
	return n;
}

static void headline(struct strbuf *sb, const struct diff *df)
{
	if (diff_empty(df)) {
		sb_adds(sb, "no residency change");
		return;
	}
	sb_addf(sb, "%zu fact%s added, %zu removed; %zu new reach%s, %zu lost; "
		"%zu new violation%s, %zu fixed",
		df->nadded, plural(df->nadded), df->nremoved,
		df->nreach_gained, df->nreach_gained == 1 ? "" : "es", df->nreach_lost,
		df->nvnew, plural(df->nvnew), df->nvfixed);
	if (df->ntenants)
		sb_addf(sb, "; %zu tenant%s changed status", df->ntenants, plural(df->ntenants));
	if (df->nsvc_added || df->nsvc_removed || df->nmoved) {
		sb_addf(sb, "; services: %zu added, %zu removed, %zu moved", df->nsvc_added,
			df->nsvc_removed, df->nmoved);
		size_t b = count_border(df);
		if (b)
			sb_addf(sb, " (%zu across a border)", b);
	}
}

static void reach_sentence(struct strbuf *sb, const struct reach_item *ri, bool gained)
{
	fact_what(sb, ri->fact);
	sb_addf(sb, " is %s reachable by %s ", gained ? "now" : "no longer",
		ri->reach->jur ? ri->reach->jur->id : "?");
	reach_how(sb, ri->reach);
}

static void region_list(struct strbuf *sb, const struct service *s)
{
	for (size_t i = 0; i < s->nregions; i++) {
		if (i)
			sb_adds(sb, ", ");
		const struct region *r = s->regions[i].region;
		sb_addf(sb, "%s (%s)", r ? r->id : "?", r && r->country ? r->country->id :
			r && (r->nmembers || r->global) ? "multi-region" : "?");
	}
	if (!s->nregions)
		sb_adds(sb, "no region");
}

static void service_sentence(struct strbuf *sb, const struct service *s)
{
	sb_addf(sb, "%s: %s of %s in ", s->id, kind_name(s->kind), s->tenant ? s->tenant->id : "?");
	region_list(sb, s);
}

static void move_sentence(struct strbuf *sb, const struct svc_move *mv)
{
	sb_addf(sb, "%s: ", mv->new->id);
	region_list(sb, mv->old);
	sb_adds(sb, " -> ");
	region_list(sb, mv->new);
	if (mv->border)
		sb_adds(sb, ", across a border");
}

static void violation_sentence(struct strbuf *sb, const struct violation *v)
{
	sb_addf(sb, "%s (%s): %s", v->policy->id, severity_name(v->policy->severity),
		v->message ? v->message : "");
}

/* One list of sections, rendered by the text and Markdown writers alike. */
enum sect { S_TENANTS, S_SVC_ADDED, S_SVC_REMOVED, S_MOVED, S_VNEW, S_VFIXED, S_RGAINED, S_RLOST,
	    S_FADDED, S_FREMOVED, S__COUNT };
static const char *const sect_title[S__COUNT] = {
	"Tenants whose status changed", "Services added", "Services removed", "Services moved", "New violations",
	"Fixed violations", "New reach", "Lost reach", "Facts added", "Facts removed"
};

static size_t sect_count(const struct diff *df, enum sect s)
{
	switch (s) {
	case S_TENANTS: return df->ntenants;
	case S_SVC_ADDED: return df->nsvc_added;
	case S_SVC_REMOVED: return df->nsvc_removed;
	case S_MOVED: return df->nmoved;
	case S_VNEW: return df->nvnew;
	case S_VFIXED: return df->nvfixed;
	case S_RGAINED: return df->nreach_gained;
	case S_RLOST: return df->nreach_lost;
	case S_FADDED: return df->nadded;
	case S_FREMOVED: return df->nremoved;
	case S__COUNT: break;
	}
	return 0;
}

static void sect_item(struct strbuf *sb, const struct diff *df, enum sect s, size_t i)
{
	sb_reset(sb);
	switch (s) {
	case S_TENANTS:
		sb_addf(sb, "%s: %s -> %s", df->tenants[i].new->id,
			status_name(df->tenants[i].old->status),
			status_name(df->tenants[i].new->status));
		break;
	case S_SVC_ADDED: service_sentence(sb, df->svc_added[i]); break;
	case S_SVC_REMOVED: service_sentence(sb, df->svc_removed[i]); break;
	case S_MOVED: move_sentence(sb, &df->moved[i]); break;
	case S_VNEW: violation_sentence(sb, df->vnew[i]); break;
	case S_VFIXED: violation_sentence(sb, df->vfixed[i]); break;
	case S_RGAINED: reach_sentence(sb, &df->reach_gained[i], true); break;
	case S_RLOST: reach_sentence(sb, &df->reach_lost[i], false); break;
	case S_FADDED: fact_line(sb, df->added[i]); break;
	case S_FREMOVED: fact_line(sb, df->removed[i]); break;
	case S__COUNT: break;
	}
}

static void diff_text(FILE *out, const struct diff *df, const struct names *nm)
{
	struct strbuf sb = STRBUF_INIT;
	headline(&sb, df);
	fprintf(out, "%s -> %s: %s\n", esc_text_str(nm->old), esc_text_str(nm->new),
		esc_text_str(sb.buf));
	for (int s = 0; s < S__COUNT; s++) {
		size_t n = sect_count(df, (enum sect)s);
		if (s == S_FADDED) {
			size_t ndc;
			struct dc_count *dc = dc_counts(df->added, df->nadded, df->removed,
							df->nremoved, &ndc);
			if (ndc)
				fprintf(out, "\nFacts by data and country:\n");
			for (size_t i = 0; i < ndc; i++) {
				fprintf(out, "  %-28s %-4s",
					esc_text_str(dc[i].data ? dc[i].data->id : "?"),
					esc_text_str(dc[i].country ? dc[i].country->id : "?"));
				if (dc[i].added)
					fprintf(out, " +%zu", dc[i].added);
				if (dc[i].removed)
					fprintf(out, " -%zu", dc[i].removed);
				fputc('\n', out);
			}
			free(dc);
		}
		if (!n)
			continue;
		fprintf(out, "\n%s (%zu):\n", sect_title[s], n);
		for (size_t i = 0; i < n; i++) {
			sect_item(&sb, df, (enum sect)s, i);
			fprintf(out, "  %s\n", esc_text_str(sb.buf));
		}
	}
	sb_release(&sb);
}

static void md_text(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	esc_md(&sb, s);
	fputs(sb.buf ? sb.buf : "", out);
	sb_release(&sb);
}

static void diff_md(FILE *out, const struct diff *df, const struct names *nm)
{
	struct strbuf sb = STRBUF_INIT;
	fputs("### resmap: residency change ", out);
	md_text(out, nm->old);
	fputs(" → ", out);
	md_text(out, nm->new);
	fputs("\n\n", out);
	headline(&sb, df);
	fputs(df->nvnew ? "**:x: " : "**", out);
	md_text(out, sb.buf);
	fputs("**\n", out);
	if (diff_empty(df)) {
		sb_release(&sb);
		return;
	}
	fputs("\n| | added | removed |\n| --- | ---: | ---: |\n", out);
	fprintf(out, "| facts | %zu | %zu |\n", df->nadded, df->nremoved);
	fprintf(out, "| reach | %zu | %zu |\n", df->nreach_gained, df->nreach_lost);
	fprintf(out, "| violations | %zu | %zu |\n", df->nvnew, df->nvfixed);
	fprintf(out, "| services | %zu | %zu |\n", df->nsvc_added, df->nsvc_removed);
	if (df->nvnew) {
		/* what a reviewer must see stays unfolded */
		fprintf(out, "\n**New violations (%zu)**\n\n", df->nvnew);
		for (size_t i = 0; i < df->nvnew; i++) {
			sect_item(&sb, df, S_VNEW, i);
			fputs("- ", out);
			md_text(out, sb.buf);
			fputc('\n', out);
		}
	}
	size_t ndc;
	struct dc_count *dc = dc_counts(df->added, df->nadded, df->removed, df->nremoved, &ndc);
	if (ndc) {
		fputs("\n<details><summary>Facts by data and country</summary>\n\n"
		      "| data | country | added | removed |\n| --- | --- | ---: | ---: |\n", out);
		for (size_t i = 0; i < ndc; i++) {
			fputs("| ", out);
			md_text(out, dc[i].data ? dc[i].data->id : "?");
			fputs(" | ", out);
			md_text(out, dc[i].country ? dc[i].country->id : "?");
			fprintf(out, " | %zu | %zu |\n", dc[i].added, dc[i].removed);
		}
		fputs("\n</details>\n", out);
	}
	free(dc);
	for (int s = 0; s < S__COUNT; s++) {
		size_t n = sect_count(df, (enum sect)s);
		if (!n || s == S_VNEW)
			continue;
		fprintf(out, "\n<details><summary>%s (%zu)</summary>\n\n", sect_title[s], n);
		for (size_t i = 0; i < n; i++) {
			sect_item(&sb, df, (enum sect)s, i);
			fputs("- ", out);
			md_text(out, sb.buf);
			fputc('\n', out);
		}
		fputs("\n</details>\n", out);
	}
	sb_release(&sb);
}

static void json_service(struct json *j, const struct service *s)
{
	json_obj_begin(j);
	json_kstr(j, "service", s->id);
	json_kstr(j, "tenant", s->tenant ? s->tenant->id : NULL);
	json_kstr(j, "kind", kind_name(s->kind));
	json_key(j, "regions");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nregions; i++)
		json_str(j, s->regions[i].region ? s->regions[i].region->id : NULL);
	json_arr_end(j);
	json_obj_end(j);
}

static void json_reach(struct json *j, const struct reach_item *ri, const char *key)
{
	json_obj_begin(j);
	json_kstr(j, "data", ri->fact->data ? ri->fact->data->id : NULL);
	json_key(j, "subjects");
	json_arr_begin(j);
	for (size_t i = 0; ri->fact->subjects && i < ri->fact->subjects->n; i++)
		json_str(j, ri->fact->subjects->items[i]->id);
	json_arr_end(j);
	json_kstr(j, "jurisdiction", ri->reach->jur ? ri->reach->jur->id : NULL);
	json_kstr(j, "why", reach_why_name(ri->reach->why));
	json_kstr(j, "provider", ri->reach->why == REACH_PROVIDER_HQ && ri->reach->provider ?
		  ri->reach->provider->id : NULL);
	struct strbuf sb = STRBUF_INIT;
	reach_sentence(&sb, ri, !strcmp(key, "gained"));
	json_kstr(j, "message", sb.buf);
	sb_release(&sb);
	json_obj_end(j);
}

static void diff_json(FILE *out, const struct diff *df, const struct names *nm)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_kstr(&j, "old", nm->old);
	json_kstr(&j, "new", nm->new);
	json_key(&j, "summary");
	json_obj_begin(&j);
	json_kint(&j, "facts_added", (long long)df->nadded);
	json_kint(&j, "facts_removed", (long long)df->nremoved);
	json_kint(&j, "reach_gained", (long long)df->nreach_gained);
	json_kint(&j, "reach_lost", (long long)df->nreach_lost);
	json_kint(&j, "violations_new", (long long)df->nvnew);
	json_kint(&j, "violations_fixed", (long long)df->nvfixed);
	json_kint(&j, "services_added", (long long)df->nsvc_added);
	json_kint(&j, "services_removed", (long long)df->nsvc_removed);
	json_kint(&j, "services_moved", (long long)df->nmoved);
	json_kint(&j, "tenants_changed", (long long)df->ntenants);
	json_obj_end(&j);

	size_t ndc;
	struct dc_count *dc = dc_counts(df->added, df->nadded, df->removed, df->nremoved, &ndc);
	json_key(&j, "by_data_country");
	json_arr_begin(&j);
	for (size_t i = 0; i < ndc; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "data", dc[i].data ? dc[i].data->id : NULL);
		json_kstr(&j, "country", dc[i].country ? dc[i].country->id : NULL);
		json_kint(&j, "added", (long long)dc[i].added);
		json_kint(&j, "removed", (long long)dc[i].removed);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	free(dc);

	json_key(&j, "tenants_changed");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->ntenants; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "tenant", df->tenants[i].new->id);
		json_kstr(&j, "old_status", status_name(df->tenants[i].old->status));
		json_kstr(&j, "new_status", status_name(df->tenants[i].new->status));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "services_added");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nsvc_added; i++)
		json_service(&j, df->svc_added[i]);
	json_arr_end(&j);
	json_key(&j, "services_removed");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nsvc_removed; i++)
		json_service(&j, df->svc_removed[i]);
	json_arr_end(&j);
	json_key(&j, "services_moved");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nmoved; i++) {
		const struct svc_move *mv = &df->moved[i];
		json_obj_begin(&j);
		json_kstr(&j, "service", mv->new->id);
		const struct service *side[2] = { mv->old, mv->new };
		const char *keys[2] = { "old_regions", "new_regions" };
		for (int k = 0; k < 2; k++) {
			json_key(&j, keys[k]);
			json_arr_begin(&j);
			for (size_t r = 0; r < side[k]->nregions; r++)
				json_str(&j, side[k]->regions[r].region ?
					 side[k]->regions[r].region->id : NULL);
			json_arr_end(&j);
		}
		json_key(&j, "across_border");
		json_bool(&j, mv->border);
		json_obj_end(&j);
	}
	json_arr_end(&j);

	json_key(&j, "reach_gained");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nreach_gained; i++)
		json_reach(&j, &df->reach_gained[i], "gained");
	json_arr_end(&j);
	json_key(&j, "reach_lost");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nreach_lost; i++)
		json_reach(&j, &df->reach_lost[i], "lost");
	json_arr_end(&j);
	json_key(&j, "violations_new");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nvnew; i++)
		out_violation_json(&j, df->vnew[i]);
	json_arr_end(&j);
	json_key(&j, "violations_fixed");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nvfixed; i++)
		out_violation_json(&j, df->vfixed[i]);
	json_arr_end(&j);
	json_key(&j, "facts_added");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nadded; i++)
		out_fact_json(&j, df->added[i]);
	json_arr_end(&j);
	json_key(&j, "facts_removed");
	json_arr_begin(&j);
	for (size_t i = 0; i < df->nremoved; i++)
		out_fact_json(&j, df->removed[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

const char *const diff_format_names[] = { "text", "json", "md", NULL };

void out_diff(FILE *out, enum diff_format fmt, const struct diff *df, const char *old_name,
	      const char *new_name)
{
	struct names nm = { old_name, new_name };
	switch (fmt) {
	case DIFF_JSON: diff_json(out, df, &nm); break;
	case DIFF_MD: diff_md(out, df, &nm); break;
	default: diff_text(out, df, &nm); break;
	}
}
