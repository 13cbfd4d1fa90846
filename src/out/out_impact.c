/*
 * out_impact: the what-if briefing of `resmap impact` (see out_impact.h)
 * in text, JSON and Markdown. Facts and violations in JSON are written
 * with the encoders map and check use.
 */
#include "out/out_impact.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/json.h"
#include "engine/diff.h"
#include "out/out_check.h"
#include "out/out_facts.h"

/* "tenant 'imod' and region 'azure:westeurope'" */
static void spec_list(struct strbuf *sb, const struct impact *im)
{
	for (size_t i = 0; i < im->nspecs; i++) {
		if (i)
			sb_adds(sb, i + 1 == im->nspecs ? " and " : ", ");
		sb_addf(sb, "%s '%s'", spec_kind_name(im->specs[i].kind), im->specs[i].id);
	}
}

static void headline(struct strbuf *sb, const struct impact *im)
{
	sb_adds(sb, "Disabling ");
	spec_list(sb, im);
	sb_addf(sb, " stops %zu service%s, removes %zu fact%s; ", im->noff, plural(im->noff),
		im->ngone, plural(im->ngone));
	if (im->nno_copy)
		sb_addf(sb, "%zu data categor%s would be left with no copy", im->nno_copy,
			im->nno_copy == 1 ? "y" : "ies");
	else
		sb_adds(sb, "no data category would be left without a copy");
}

static const char *why_text(const struct off_service *o, struct strbuf *sb)
{
	sb_reset(sb);
	switch (o->why) {
	case OFF_NAMED: sb_adds(sb, "service disabled"); break;
	case OFF_TENANT: sb_adds(sb, "tenant disabled"); break;
	case OFF_REGIONS:
		sb_adds(sb, "no region left");
		if (o->spec)
			sb_addf(sb, " (%s %s)", spec_kind_name(o->spec->kind), o->spec->id);
		break;
	}
	return sb->buf ? sb->buf : "";
}

static void regions_of(struct strbuf *sb, const struct service *s)
{
	sb_reset(sb);
	for (size_t i = 0; i < s->nregions; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_adds(sb, s->regions[i].region ? s->regions[i].region->id : "?");
	}
	if (!s->nregions)
		sb_adds(sb, "no region");
}

static void chain_text(struct strbuf *sb, const struct dep_loss *dl)
{
	sb_reset(sb);
	for (size_t i = 0; i < dl->n; i++) {
		if (i)
			sb_adds(sb, " -> ");
		sb_adds(sb, dl->chain[i]->id);
	}
	sb_adds(sb, " (off)");
}

static void lost_regions(struct strbuf *sb, const struct region *const *r, size_t n)
{
	sb_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		sb_addf(sb, "%s (%s)", r[i]->id, r[i]->country ? r[i]->country->id : "?");
	}
}

/* "2 storage, 1 ai": the stopped services by kind, in kind order. */
static void kinds_text(struct strbuf *sb, const struct impact *im)
{
	size_t count[KIND__COUNT] = { 0 };
	for (size_t i = 0; i < im->noff; i++)
		count[im->off[i].service->kind]++;
	for (int k = 0; k < KIND__COUNT; k++) {
		if (!count[k])
			continue;
		if (sb->len)
			sb_adds(sb, ", ");
		sb_addf(sb, "%zu %s", count[k], kind_name((enum svc_kind)k));
	}
}

static size_t width(const char *s, size_t w)
{
	size_t n = out_width(esc_text_str(s));
	return n > w ? n : w;
}

static void impact_text(FILE *out, const struct impact *im)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	headline(&sb, im);
	fprintf(out, "%s.\n", esc_text_str(sb.buf));
	if (im->noff) {
		sb_reset(&sb);
		kinds_text(&sb, im);
		fprintf(out, "Stopped by kind: %s.\n", esc_text_str(sb.buf));
	}
	if (im->ndeploss)
		fprintf(out, "%zu running service%s would lose a dependency.\n", im->ndeploss,
			plural(im->ndeploss));
	if (im->nstranded > im->nno_copy)
		fprintf(out, "%zu data categor%s would lose copies but stay held elsewhere.\n",
			im->nstranded - im->nno_copy,
			im->nstranded - im->nno_copy == 1 ? "y" : "ies");
	if (im->nresolved || im->ncreated)
		fprintf(out, "It would resolve %zu policy violation%s and create %zu.\n",
			im->nresolved, plural(im->nresolved), im->ncreated);

	if (im->noff) {
		size_t ws = 7, wk = 4, wt = 6;
		for (size_t i = 0; i < im->noff; i++) {
			const struct service *s = im->off[i].service;
			ws = width(s->id, ws);
			wk = width(kind_name(s->kind), wk);
			wt = width(s->tenant ? s->tenant->id : "?", wt);
		}
		fprintf(out, "\nServices that stop (%zu):\n  %-*s  %-*s  %-*s  %s\n", im->noff,
			(int)ws, "service", (int)wk, "kind", (int)wt, "tenant", "regions; why");
		for (size_t i = 0; i < im->noff; i++) {
			const struct service *s = im->off[i].service;
			regions_of(&sb, s);
			fputs("  ", out);
			out_pad(out, esc_text_str(s->id), ws);
			fputs("  ", out);
			out_pad(out, kind_name(s->kind), wk);
			fputs("  ", out);
			out_pad(out, esc_text_str(s->tenant ? s->tenant->id : "?"), wt);
			fprintf(out, "  %s; %s\n", esc_text_str(sb.buf),
				esc_text_str(why_text(&im->off[i], &tmp)));
		}
	}
	if (im->nshrunk) {
		fprintf(out, "\nServices that keep running but lose regions (%zu):\n", im->nshrunk);
		for (size_t i = 0; i < im->nshrunk; i++) {
			lost_regions(&sb, im->shrunk[i].lost, im->shrunk[i].nlost);
			fprintf(out, "  %s loses %s\n", esc_text_str(im->shrunk[i].service->id),
				esc_text_str(sb.buf));
		}
	}
	if (im->ndeploss) {
		fprintf(out, "\nServices that lose a dependency (%zu):\n", im->ndeploss);
		for (size_t i = 0; i < im->ndeploss; i++) {
			chain_text(&sb, &im->deploss[i]);
			fprintf(out, "  %s\n", esc_text_str(sb.buf));
		}
	}
	if (im->nno_copy) {
		fprintf(out, "\nData left with no copy (%zu):\n", im->nno_copy);
		for (size_t i = 0; i < im->nstranded; i++) {
			const struct stranded *st = &im->stranded[i];
			if (st->nleft)
				continue;
			if (st->lost == 1)
				fprintf(out, "  %s of %s: its only copy gone\n",
					esc_text_str(st->data->id),
					esc_text_str(st->tenant ? st->tenant->id : "?"));
			else
				fprintf(out, "  %s of %s: all %zu copies gone\n",
					esc_text_str(st->data->id),
					esc_text_str(st->tenant ? st->tenant->id : "?"), st->lost);
		}
	}
	if (im->nstranded > im->nno_copy) {
		fprintf(out, "\nData that loses copies but is still held elsewhere (%zu):\n",
			im->nstranded - im->nno_copy);
		for (size_t i = 0; i < im->nstranded; i++) {
			const struct stranded *st = &im->stranded[i];
			if (!st->nleft)
				continue;
			lost_regions(&sb, st->left, st->nleft);
			fprintf(out, "  %s of %s: %zu cop%s gone, still in %s\n",
				esc_text_str(st->data->id),
				esc_text_str(st->tenant ? st->tenant->id : "?"), st->lost,
				st->lost == 1 ? "y" : "ies", esc_text_str(sb.buf));
		}
	}
	if (im->nresolved) {
		fprintf(out, "\nViolations resolved (%zu):\n", im->nresolved);
		for (size_t i = 0; i < im->nresolved; i++)
			fprintf(out, "  %s: %s: %s\n", esc_text_str(im->resolved[i]->policy->id),
				severity_name(im->resolved[i]->policy->severity),
				esc_text_str(im->resolved[i]->message));
	}
	if (im->ncreated) {
		fprintf(out, "\nViolations created (%zu):\n", im->ncreated);
		for (size_t i = 0; i < im->ncreated; i++)
			fprintf(out, "  %s: %s: %s\n", esc_text_str(im->created[i]->policy->id),
				severity_name(im->created[i]->policy->severity),
				esc_text_str(im->created[i]->message));
	}
	size_t ndc;
	struct dc_count *dc = dc_counts(im->appeared, im->nappeared, im->gone, im->ngone, &ndc);
	if (ndc) {
		fprintf(out, "\nFacts that disappear, by data and country:\n");
		for (size_t i = 0; i < ndc; i++) {
			fprintf(out, "  %-28s %-4s -%zu", esc_text_str(dc[i].data->id),
				esc_text_str(dc[i].country ? dc[i].country->id : "?"), dc[i].removed);
			if (dc[i].added)
				fprintf(out, " +%zu", dc[i].added);
			fputc('\n', out);
		}
	}
	free(dc);
	if (im->ngone) {
		fprintf(out, "\nFacts that disappear (%zu):\n", im->ngone);
		for (size_t i = 0; i < im->ngone; i++) {
			sb_reset(&sb);
			fact_line(&sb, im->gone[i]);
			fprintf(out, "  %s\n", esc_text_str(sb.buf));
		}
	}
	if (im->nappeared) {
		fprintf(out, "\nFacts that appear (%zu):\n", im->nappeared);
		for (size_t i = 0; i < im->nappeared; i++) {
			sb_reset(&sb);
			fact_line(&sb, im->appeared[i]);
			fprintf(out, "  %s\n", esc_text_str(sb.buf));
		}
	}
	sb_release(&sb);
	sb_release(&tmp);
}

static void json_regions(struct json *j, const char *key, const struct region *const *r, size_t n)
{
	json_key(j, key);
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++)
		json_str(j, r[i]->id);
	json_arr_end(j);
}

static const char *const why_names[] = { "named", "tenant", "regions" };

static void impact_json(FILE *out, const struct impact *im)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_key(&j, "disable");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->nspecs; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "kind", spec_kind_name(im->specs[i].kind));
		json_kstr(&j, "id", im->specs[i].id);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "summary");
	json_obj_begin(&j);
	json_kint(&j, "services_stopped", (long long)im->noff);
	json_kint(&j, "services_losing_regions", (long long)im->nshrunk);
	json_kint(&j, "services_losing_dependency", (long long)im->ndeploss);
	json_kint(&j, "facts_removed", (long long)im->ngone);
	json_kint(&j, "facts_added", (long long)im->nappeared);
	json_kint(&j, "data_without_copy", (long long)im->nno_copy);
	json_kint(&j, "data_held_elsewhere", (long long)(im->nstranded - im->nno_copy));
	json_kint(&j, "violations_resolved", (long long)im->nresolved);
	json_kint(&j, "violations_created", (long long)im->ncreated);
	json_obj_end(&j);

	json_key(&j, "stopped");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->noff; i++) {
		const struct off_service *o = &im->off[i];
		json_obj_begin(&j);
		json_kstr(&j, "service", o->service->id);
		json_kstr(&j, "tenant", o->service->tenant ? o->service->tenant->id : NULL);
		json_kstr(&j, "kind", kind_name(o->service->kind));
		json_key(&j, "regions");
		json_arr_begin(&j);
		for (size_t r = 0; r < o->service->nregions; r++)
			json_str(&j, o->service->regions[r].region ?
				 o->service->regions[r].region->id : NULL);
		json_arr_end(&j);
		json_kstr(&j, "why", why_names[o->why]);
		if (o->spec) {
			char *by = xasprintf("%s:%s", spec_kind_name(o->spec->kind), o->spec->id);
			json_kstr(&j, "by", by);
			free(by);
		} else {
			json_kstr(&j, "by", NULL);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);

	json_key(&j, "losing_regions");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->nshrunk; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "service", im->shrunk[i].service->id);
		json_regions(&j, "regions", im->shrunk[i].lost, im->shrunk[i].nlost);
		json_obj_end(&j);
	}
	json_arr_end(&j);

	json_key(&j, "dependency_loss");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->ndeploss; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "service", im->deploss[i].chain[0]->id);
		json_key(&j, "chain");
		json_arr_begin(&j);
		for (size_t k = 0; k < im->deploss[i].n; k++)
			json_str(&j, im->deploss[i].chain[k]->id);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);

	json_key(&j, "data_copies_lost");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->nstranded; i++) {
		const struct stranded *st = &im->stranded[i];
		json_obj_begin(&j);
		json_kstr(&j, "tenant", st->tenant ? st->tenant->id : NULL);
		json_kstr(&j, "data", st->data->id);
		json_kint(&j, "copies_lost", (long long)st->lost);
		json_key(&j, "no_copy_left");
		json_bool(&j, st->nleft == 0);
		json_regions(&j, "still_in", st->left, st->nleft);
		json_obj_end(&j);
	}
	json_arr_end(&j);

	size_t ndc;
	struct dc_count *dc = dc_counts(im->appeared, im->nappeared, im->gone, im->ngone, &ndc);
	json_key(&j, "by_data_country");
	json_arr_begin(&j);
	for (size_t i = 0; i < ndc; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "data", dc[i].data->id);
		json_kstr(&j, "country", dc[i].country ? dc[i].country->id : NULL);
		json_kint(&j, "removed", (long long)dc[i].removed);
		json_kint(&j, "added", (long long)dc[i].added);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	free(dc);

	json_key(&j, "facts_removed");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->ngone; i++)
		out_fact_json(&j, im->gone[i]);
	json_arr_end(&j);
	json_key(&j, "facts_added");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->nappeared; i++)
		out_fact_json(&j, im->appeared[i]);
	json_arr_end(&j);
	json_key(&j, "violations_resolved");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->nresolved; i++)
		out_violation_json(&j, im->resolved[i]);
	json_arr_end(&j);
	json_key(&j, "violations_created");
	json_arr_begin(&j);
	for (size_t i = 0; i < im->ncreated; i++)
		out_violation_json(&j, im->created[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

static void md_line(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	esc_md(&sb, s);
	fputs(sb.buf ? sb.buf : "", out);
	sb_release(&sb);
}

static void impact_md(FILE *out, const struct impact *im)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	headline(&sb, im);
	fputs("**", out);
	md_line(out, sb.buf);
	fputs(".**\n\n", out);
	fprintf(out, "| | count |\n| --- | ---: |\n");
	fprintf(out, "| services that stop | %zu |\n", im->noff);
	fprintf(out, "| services that lose regions | %zu |\n", im->nshrunk);
	fprintf(out, "| services that lose a dependency | %zu |\n", im->ndeploss);
	fprintf(out, "| facts that disappear | %zu |\n", im->ngone);
	fprintf(out, "| data left with no copy | %zu |\n", im->nno_copy);
	fprintf(out, "| data still held elsewhere | %zu |\n", im->nstranded - im->nno_copy);
	fprintf(out, "| violations resolved | %zu |\n", im->nresolved);
	fprintf(out, "| violations created | %zu |\n", im->ncreated);

	if (im->noff) {
		fprintf(out, "\n### Services that stop\n\n| service | kind | tenant | regions | why |\n"
			"| --- | --- | --- | --- | --- |\n");
		for (size_t i = 0; i < im->noff; i++) {
			const struct service *s = im->off[i].service;
			fputs("| ", out);
			md_line(out, s->id);
			fprintf(out, " | %s | ", kind_name(s->kind));
			md_line(out, s->tenant ? s->tenant->id : "");
			fputs(" | ", out);
			regions_of(&sb, s);
			md_line(out, sb.buf);
			fputs(" | ", out);
			md_line(out, why_text(&im->off[i], &tmp));
			fputs(" |\n", out);
		}
	}
	if (im->nshrunk) {
		fprintf(out, "\n### Services that lose regions\n\n");
		for (size_t i = 0; i < im->nshrunk; i++) {
			lost_regions(&sb, im->shrunk[i].lost, im->shrunk[i].nlost);
			fputs("- ", out);
			md_line(out, im->shrunk[i].service->id);
			fputs(" loses ", out);
			md_line(out, sb.buf);
			fputc('\n', out);
		}
	}
	if (im->ndeploss) {
		fprintf(out, "\n### Services that lose a dependency\n\n");
		for (size_t i = 0; i < im->ndeploss; i++) {
			chain_text(&sb, &im->deploss[i]);
			fputs("- ", out);
			md_line(out, sb.buf);
			fputc('\n', out);
		}
	}
	if (im->nstranded) {
		fprintf(out, "\n### Data that loses copies\n\n| data | tenant | copies lost | still held in |\n"
			"| --- | --- | ---: | --- |\n");
		for (size_t i = 0; i < im->nstranded; i++) {
			const struct stranded *st = &im->stranded[i];
			fputs("| ", out);
			md_line(out, st->data->id);
			fputs(" | ", out);
			md_line(out, st->tenant ? st->tenant->id : "");
			fprintf(out, " | %zu | ", st->lost);
			if (st->nleft) {
				lost_regions(&sb, st->left, st->nleft);
				md_line(out, sb.buf);
			} else {
				fputs("**no copy left**", out);
			}
			fputs(" |\n", out);
		}
	}
	const struct { const char *title; const struct violation *const *v; size_t n; } vs[] = {
		{ "Violations resolved", im->resolved, im->nresolved },
		{ "Violations created", im->created, im->ncreated },
	};
	for (size_t k = 0; k < ARRAY_LEN(vs); k++) {
		if (!vs[k].n)
			continue;
		fprintf(out, "\n### %s\n\n", vs[k].title);
		for (size_t i = 0; i < vs[k].n; i++) {
			fputs("- ", out);
			md_line(out, vs[k].v[i]->policy->id);
			fprintf(out, " (%s): ", severity_name(vs[k].v[i]->policy->severity));
			md_line(out, vs[k].v[i]->message);
			fputc('\n', out);
		}
	}
	if (im->ngone) {
		fprintf(out, "\n<details><summary>Facts that disappear (%zu)</summary>\n\n", im->ngone);
		for (size_t i = 0; i < im->ngone; i++) {
			sb_reset(&sb);
			fact_line(&sb, im->gone[i]);
			fputs("- ", out);
			md_line(out, sb.buf);
			fputc('\n', out);
		}
		fputs("\n</details>\n", out);
	}
	sb_release(&sb);
	sb_release(&tmp);
}

const char *const impact_format_names[] = { "text", "json", "md", NULL };

void out_impact(FILE *out, enum impact_format fmt, const struct impact *im)
{
	switch (fmt) {
	case IMPACT_JSON: impact_json(out, im); break;
	case IMPACT_MD: impact_md(out, im); break;
	default: impact_text(out, im); break;
	}
}
