/*
 * out_check: writes the verdicts of `resmap check` in each format and
 * runs the check after loading. Every format is written from the sorted
 * verdicts in one pass, so output is byte-identical for the same input
 * and linear in the number of violations.
 *
 * Choices: a violation's location is the declaration that causes it (see
 * violation_pos); SARIF fingerprints hash what the violation is about
 * (policy, effect, fact identity), never line numbers, so that code
 * scanning keeps tracking an alert while the file around it is edited
 * (or a deny_reach alert gains or loses a reason: it stays one alert).
 */
#include "out/out_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/json.h"
#include "out/out_facts.h"
#include "base/util.h"
#include "base/version.h"

const char *const check_format_names[] = {
	"text", "json", "sarif", "junit", "github", "codequality", NULL
};

/* A deny_reach violation that only remote access causes is at the first
 * access_from entry; any other reason comes from where the data is. */
struct pos violation_pos(const struct violation *v)
{
	size_t n = violation_nreach(v);
	if (v->effect != EFFECT_DENY_REACH || !n)
		return *v->fact->source;
	for (size_t i = 0; i < n; i++)
		if (violation_reach(v, i)->why != REACH_ACCESS)
			return *v->fact->source;
	if (v->reach->pos.file && v->reach->pos.line)
		return v->reach->pos;
	return *v->fact->source;
}

int check_status(const struct verdicts *v, int fail_on)
{
	if (fail_on < 0)
		return 0;
	for (int s = fail_on; s < SEV__COUNT; s++)
		if (v->count[s])
			return 1;
	return 0;
}

static bool at_or_above(enum severity s, int fail_on)
{
	return fail_on >= 0 && (int)s >= fail_on;
}

/* "message (via a -> b)" for one-line formats; the path only when the
 * data travelled. */
static void message_line(struct strbuf *sb, const struct violation *v)
{
	sb_adds(sb, v->message);
	if (v->fact->path && v->fact->path->len > 1) {
		sb_adds(sb, " (via ");
		out_path(sb, v->fact, " -> ");
		sb_addc(sb, ')');
	}
	if (v->fact->suspended)
		sb_adds(sb, " [tenant suspended]");
}

static void summary_counts(struct strbuf *sb, const struct verdicts *v)
{
	size_t e = v->count[SEV_ERROR], w = v->count[SEV_WARNING], i = v->count[SEV_INFO];
	sb_addf(sb, "%zu %s, %zu %s, %zu info", e, e == 1 ? "error" : "errors",
		w, w == 1 ? "warning" : "warnings", i);
}

/* ---- text ---- */

/* A run of violations of one policy in v->v. */
struct group { const struct policy *policy; size_t first, end; };

/* Errors first, then warnings, then info; by policy id within one. */
static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	if (x->policy->severity != y->policy->severity)
		return x->policy->severity > y->policy->severity ? -1 : 1;
	return strcmp(x->policy->id, y->policy->id);
}

static void check_text(FILE *out, const struct model *m, const struct factset *fs,
		       const struct verdicts *v)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	struct group *g = xcalloc(v->n ? v->n : 1, sizeof *g);
	size_t ng = 0;
	for (size_t i = 0; i < v->n;) {
		g[ng].policy = v->v[i].policy;
		g[ng].first = i;
		while (i < v->n && v->v[i].policy == g[ng].policy)
			i++;
		g[ng++].end = i;
	}
	xqsort(g, ng, sizeof *g, cmp_group);
	for (size_t k = 0; k < ng; k++) {
		const struct policy *p = g[k].policy;
		size_t n = g[k].end - g[k].first;
		if (k)
			fputc('\n', out);
		sb_reset(&sb);
		esc_text(&sb, p->id, NULL);
		fprintf(out, "policy '%s' (%s): %zu %s\n", sb.buf, severity_name(p->severity),
			n, n == 1 ? "violation" : "violations");
		if (p->description) {
			/* continuation lines stay indented under the policy */
			sb_reset(&sb);
			esc_text(&sb, p->description, "  ");
			fprintf(out, "  %s\n", sb.buf ? sb.buf : "");
		}
		/* hundreds of thousands of lines on a violation-dense inventory:
		 * esc_text_str hands clean text back as it is, and each
		 * violation is written with one fwrite */
		for (size_t i = g[k].first; i < g[k].end; i++) {
			const struct violation *x = &v->v[i];
			sb_reset(&sb);
			sb_adds(&sb, "  - ");
			sb_adds(&sb, esc_text_str(x->message));
			if (x->fact->suspended)
				sb_adds(&sb, " [tenant suspended]");
			sb_adds(&sb, "\n    via ");
			sb_reset(&tmp);
			out_path(&tmp, x->fact, " -> ");
			sb_adds(&sb, esc_text_str(tmp.buf));
			sb_adds(&sb, "\n    at ");
			sb_reset(&tmp);
			out_pos(&tmp, violation_pos(x));
			sb_adds(&sb, esc_text_str(tmp.buf));
			sb_addc(&sb, '\n');
			fwrite(sb.buf, 1, sb.len, out);
		}
	}
	sb_release(&tmp);
	size_t nviolated = ng;
	free(g);
	size_t nfacts = fs->nfacts;
	if (!m->npolicies) {
		fprintf(out, "no policies declared: nothing to check over %zu %s\n",
			nfacts, nfacts == 1 ? "fact" : "facts");
	} else if (!v->n) {
		fprintf(out, "all %zu %s hold over %zu %s\n", m->npolicies,
			m->npolicies == 1 ? "policy" : "policies",
			nfacts, nfacts == 1 ? "fact" : "facts");
	} else {
		sb_reset(&sb);
		summary_counts(&sb, v);
		size_t hold = m->npolicies - nviolated;
		fprintf(out, "\n%s; %zu of %zu %s hold\n", sb.buf, hold, m->npolicies,
			m->npolicies == 1 ? "policy" : "policies");
	}
	sb_release(&sb);
}

/* ---- json ---- */

void out_violation_json(struct json *j, const struct violation *v)
{
	struct strbuf sb = STRBUF_INIT;
	json_obj_begin(j);
	json_kstr(j, "policy", v->policy->id);
	json_kstr(j, "severity", severity_name(v->policy->severity));
	json_kstr(j, "effect", effect_name(v->effect));
	json_kstr(j, "message", v->message);
	json_key(j, "fact");
	out_fact_json(j, v->fact);
	out_pos(&sb, violation_pos(v));
	json_kstr(j, "source", sb.buf ? sb.buf : "");
	if (v->effect == EFFECT_DENY_REACH && violation_nreach(v)) {
		/* the offending entries of the fact's reach, same shape */
		json_key(j, "reach");
		json_arr_begin(j);
		for (size_t r = 0; r < violation_nreach(v); r++) {
			const struct reach *rc = violation_reach(v, r);
			json_obj_begin(j);
			json_kstr(j, "jurisdiction", rc->jur->id);
			json_kstr(j, "why", reach_why_name(rc->why));
			json_obj_end(j);
		}
		json_arr_end(j);
	}
	json_obj_end(j);
	sb_release(&sb);
}

static void check_json(FILE *out, const struct model *m, const struct factset *fs,
		       const struct verdicts *v)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kint(&j, "resmap", 1);
	json_key(&j, "violations");
	json_arr_begin(&j);
	for (size_t i = 0; i < v->n; i++)
		out_violation_json(&j, &v->v[i]);
	json_arr_end(&j);
	json_key(&j, "summary");
	json_obj_begin(&j);
	json_kint(&j, "error", (long long)v->count[SEV_ERROR]);
	json_kint(&j, "warning", (long long)v->count[SEV_WARNING]);
	json_kint(&j, "info", (long long)v->count[SEV_INFO]);
	json_kint(&j, "policies", (long long)m->npolicies);
	json_kint(&j, "facts", (long long)fs->nfacts);
	json_obj_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

/* ---- sarif ---- */

static const char *sarif_level(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "note";
	}
}

/* A relative URI reference for a path as given: "./" dropped, every byte
 * outside unreserved characters and '/' percent-encoded (so a ':' in a
 * first segment cannot read as a scheme). */
static void sarif_uri(struct strbuf *sb, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			sb_addc(sb, (char)*p);
		} else {
			sb_addc(sb, '%');
			sb_addc(sb, hex[*p >> 4]);
			sb_addc(sb, hex[*p & 15]);
		}
	}
}

static void sarif_location(struct json *j, struct pos pos)
{
	struct strbuf sb = STRBUF_INIT;
	json_key(j, "physicalLocation");
	json_obj_begin(j);
	json_key(j, "artifactLocation");
	json_obj_begin(j);
	sarif_uri(&sb, pos.file ? pos.file : "");
	json_kstr(j, "uri", sb.buf ? sb.buf : "");
	json_obj_end(j);
	if (pos.line) {
		json_key(j, "region");
		json_obj_begin(j);
		json_kint(j, "startLine", pos.line);
		json_kint(j, "startColumn", pos.col ? pos.col : 1);
		json_obj_end(j);
	}
	json_obj_end(j);
	sb_release(&sb);
}

static void fnv(uint64_t *h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		*h ^= *p;
		*h *= 0x100000001b3ULL;
	}
	*h ^= 0xff;     /* field separator: no byte of UTF-8 text */
	*h *= 0x100000001b3ULL;
}

static uint64_t violation_hash(const struct violation *x)
{
	const struct fact *f = x->fact;
	uint64_t h = 0xcbf29ce484222325ULL;
	fnv(&h, x->policy->id);
	fnv(&h, effect_name(x->effect));
	fnv(&h, f->data->id);
	for (size_t i = 0; f->subjects && i < f->subjects->n; i++)
		fnv(&h, f->subjects->items[i]->id);
	fnv(&h, "|");
	for (size_t i = 0; f->purposes && i < f->purposes->n; i++)
		fnv(&h, f->purposes->items[i]->id);
	fnv(&h, "|");
	fnv(&h, f->tenant->id);
	fnv(&h, f->service->id);
	fnv(&h, f->region->id);
	fnv(&h, f->country->id);
	fnv(&h, mode_name(f->mode));
	/* facts without used_for keep the fingerprints they had before it */
	if (f->used_for && f->used_for->n) {
		fnv(&h, "used_for");
		for (size_t i = 0; i < f->used_for->n; i++)
			fnv(&h, f->used_for->items[i]->id);
	}
	return h;
}

static void sarif_rule_text(struct strbuf *sb, const struct policy *p)
{
	if (p->description) {
		sb_adds(sb, p->description);
		return;
	}
	sb_addf(sb, "residency policy '%s'", p->id);
}

static void check_sarif(FILE *out, const struct model *m, const struct verdicts *v)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kstr(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	json_kstr(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "tool");
	json_obj_begin(&j);
	json_key(&j, "driver");
	json_obj_begin(&j);
	json_kstr(&j, "name", "resmap");
	json_kstr(&j, "version", RESMAP_VERSION);
	/* no informationUri: optional in SARIF 2.1.0, and the project has no
	 * public home to point at yet */
	json_key(&j, "rules");
	json_arr_begin(&j);
	for (size_t i = 0; i < m->npolicies; i++) {
		const struct policy *p = m->policies[i];
		json_obj_begin(&j);
		json_kstr(&j, "id", p->id);
		json_key(&j, "shortDescription");
		json_obj_begin(&j);
		sb_reset(&sb);
		sarif_rule_text(&sb, p);
		json_kstr(&j, "text", sb.buf);
		json_obj_end(&j);
		json_key(&j, "defaultConfiguration");
		json_obj_begin(&j);
		json_kstr(&j, "level", sarif_level(p->severity));
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);       /* driver */
	json_obj_end(&j);       /* tool */
	json_kstr(&j, "columnKind", "unicodeCodePoints");
	json_key(&j, "results");
	json_arr_begin(&j);
	for (size_t i = 0; i < v->n; i++) {
		const struct violation *x = &v->v[i];
		json_obj_begin(&j);
		json_kstr(&j, "ruleId", x->policy->id);
		json_kint(&j, "ruleIndex", x->policy->index);
		json_kstr(&j, "level", sarif_level(x->policy->severity));
		json_key(&j, "message");
		json_obj_begin(&j);
		sb_reset(&sb);
		message_line(&sb, x);
		json_kstr(&j, "text", sb.buf);
		json_obj_end(&j);
		json_key(&j, "locations");
		json_arr_begin(&j);
		json_obj_begin(&j);
		sarif_location(&j, violation_pos(x));
		json_obj_end(&j);
		json_arr_end(&j);
		if (x->policy->pos.file && x->policy->pos.line) {
			json_key(&j, "relatedLocations");
			json_arr_begin(&j);
			json_obj_begin(&j);
			json_kint(&j, "id", 1);
			sarif_location(&j, x->policy->pos);
			json_key(&j, "message");
			json_obj_begin(&j);
			sb_reset(&sb);
			sb_addf(&sb, "policy '%s'", x->policy->id);
			json_kstr(&j, "text", sb.buf);
			json_obj_end(&j);
			json_obj_end(&j);
			json_arr_end(&j);
		}
		json_key(&j, "partialFingerprints");
		json_obj_begin(&j);
		sb_reset(&sb);
		sb_addf(&sb, "%016llx", (unsigned long long)violation_hash(x));
		json_kstr(&j, "resmapViolation/v1", sb.buf);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);       /* run */
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
	sb_release(&sb);
}

/* ---- junit ---- */

/* Length of a valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp, min;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0) { len = 2; cp = p[0] & 0x1F; min = 0x80; }
	else if ((p[0] & 0xF0) == 0xE0) { len = 3; cp = p[0] & 0x0F; min = 0x800; }
	else if ((p[0] & 0xF8) == 0xF0) { len = 4; cp = p[0] & 0x07; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

/* XML 1.0 text or attribute value: markup escaped, characters XML cannot
 * hold (controls, invalid UTF-8) replaced by U+FFFD. In attributes, line
 * ends are written as references so that they survive normalization. */
static void xml_text(FILE *out, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n) {
		size_t len = utf8_seq(p, n);
		if (!len) {
			fputs("\xEF\xBF\xBD", out);
			p++, n--;
			continue;
		}
		if (len == 1) {
			switch (*p) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs(attr ? "&quot;" : "\"", out); break;
			case '\'': fputs(attr ? "&apos;" : "'", out); break;
			case '\n': fputs(attr ? "&#10;" : "\n", out); break;
			case '\t': fputs(attr ? "&#9;" : "\t", out); break;
			case '\r': fputs("&#13;", out); break;
			default:
				if (*p < 0x20)
					fputs("\xEF\xBF\xBD", out);
				else
					fputc(*p, out);
			}
		} else {
			fwrite(p, 1, len, out);
		}
		p += len;
		n -= len;
	}
}

static void check_junit(FILE *out, const struct model *m, const struct verdicts *v,
			int fail_on)
{
	struct strbuf sb = STRBUF_INIT;
	/* failing testcases: policies with a violation at or above fail_on */
	size_t nfail = 0;
	for (size_t i = 0; i < v->n;) {
		const struct policy *p = v->v[i].policy;
		while (i < v->n && v->v[i].policy == p)
			i++;
		nfail += at_or_above(p->severity, fail_on);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"resmap\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		m->npolicies, nfail);
	fprintf(out, "  <testsuite name=\"resmap\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		m->npolicies, nfail);
	size_t k = 0;   /* walks v->v, which is sorted by policy id like m->policies */
	for (size_t pi = 0; pi < m->npolicies; pi++) {
		const struct policy *p = m->policies[pi];
		size_t start = k;
		while (k < v->n && v->v[k].policy == p)
			k++;
		fputs("    <testcase classname=\"resmap.policy\" name=\"", out);
		xml_text(out, p->id, true);
		fputc('"', out);
		if (start == k) {
			fputs("/>\n", out);
			continue;
		}
		fputs(">\n", out);
		bool failing = at_or_above(p->severity, fail_on);
		if (!failing)
			fputs("      <system-out>", out);
		for (size_t i = start; i < k; i++) {
			const struct violation *x = &v->v[i];
			sb_reset(&sb);
			message_line(&sb, x);
			if (failing) {
				fprintf(out, "      <failure type=\"%s\" message=\"",
					severity_name(p->severity));
				xml_text(out, sb.buf, true);
				fputs("\">", out);
			}
			xml_text(out, sb.buf, false);
			fputs("\nat ", out);
			sb_reset(&sb);
			out_pos(&sb, violation_pos(x));
			xml_text(out, sb.buf ? sb.buf : "", false);
			fprintf(out, "\n(%s, %s)", severity_name(p->severity), effect_name(x->effect));
			fputs(failing ? "</failure>\n" : "\n", out);
		}
		if (!failing)
			fputs("</system-out>\n", out);
		fputs("    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
	sb_release(&sb);
}

/* ---- github ---- */

/* Workflow command escaping: data gets %, CR, LF escaped; property values
 * also ':' and ','. */
static void gh_escape(FILE *out, const char *s, bool prop)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': if (prop) fputs("%3A", out); else fputc(':', out); break;
		case ',': if (prop) fputs("%2C", out); else fputc(',', out); break;
		default: fputc(*s, out);
		}
	}
}

static void check_github(FILE *out, const struct verdicts *v)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < v->n; i++) {
		const struct violation *x = &v->v[i];
		struct pos pos = violation_pos(x);
		const char *lvl = x->policy->severity == SEV_ERROR ? "error"
				: x->policy->severity == SEV_WARNING ? "warning" : "notice";
		fprintf(out, "::%s ", lvl);
		if (pos.file) {
			fputs("file=", out);
			gh_escape(out, pos.file, true);
			if (pos.line)
				fprintf(out, ",line=%u,col=%u", pos.line, pos.col);
			fputc(',', out);
		}
		fputs("title=", out);
		gh_escape(out, x->policy->id, true);
		fputs("::", out);
		sb_reset(&sb);
		message_line(&sb, x);
		gh_escape(out, sb.buf, false);
		fputc('\n', out);
	}
	sb_reset(&sb);
	summary_counts(&sb, v);
	fprintf(out, "resmap: %s\n", sb.buf);
	sb_release(&sb);
}

/* ---- codequality ---- */

/* GitLab's code quality report (a subset of Code Climate's issue
 * format): an array of issues with a description, check_name, a
 * fingerprint that stays while lines move (the SARIF one), a severity
 * and the declaration's path and line. */
static const char *codequality_severity(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "critical";
	case SEV_WARNING: return "major";
	default: return "info";
	}
}

static void check_codequality(FILE *out, const struct verdicts *v)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, out, true);
	json_arr_begin(&j);
	for (size_t i = 0; i < v->n; i++) {
		const struct violation *x = &v->v[i];
		struct pos pos = violation_pos(x);
		json_obj_begin(&j);
		sb_reset(&sb);
		message_line(&sb, x);
		json_kstr(&j, "description", sb.buf);
		json_kstr(&j, "check_name", x->policy->id);
		sb_reset(&sb);
		sb_addf(&sb, "%016llx", (unsigned long long)violation_hash(x));
		json_kstr(&j, "fingerprint", sb.buf);
		json_kstr(&j, "severity", codequality_severity(x->policy->severity));
		json_key(&j, "location");
		json_obj_begin(&j);
		const char *path = pos.file ? pos.file : "";
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		json_kstr(&j, "path", path);
		json_key(&j, "lines");
		json_obj_begin(&j);
		json_kint(&j, "begin", pos.line ? pos.line : 1);
		json_obj_end(&j);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_finish(&j);
	sb_release(&sb);
}

void out_check(FILE *out, enum check_format fmt, const struct model *m,
	       const struct factset *fs, const struct verdicts *v, int fail_on)
{
	switch (fmt) {
	case CF_TEXT: check_text(out, m, fs, v); break;
	case CF_JSON: check_json(out, m, fs, v); break;
	case CF_SARIF: check_sarif(out, m, v); break;
	case CF_JUNIT: check_junit(out, m, v, fail_on); break;
	case CF_GITHUB: check_github(out, v); break;
	case CF_CODEQUALITY: check_codequality(out, v); break;
	case CF__COUNT: break;
	}
}
