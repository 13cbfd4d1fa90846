/*
 * Unit tests of the outputs of map and check: the text table's alignment
 * and footnotes, CSV quoting (RFC 4180), Markdown escaping, the JSON fact
 * object, and the check formats' escaping rules (GitHub workflow
 * commands, XML, SARIF locations and fingerprints) and exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mbuild.h"
#include "out/out_check.h"
#include "out/out_facts.h"
#include "engine/policy.h"

/* Runs fn into a memory stream and returns what it wrote (free()). */
#define CAPTURE(var, call) do { \
	size_t cap_len_; \
	FILE *out = open_memstream(&(var), &cap_len_); \
	assert_non_null(out); \
	call; \
	fclose(out); \
} while (0)

static struct policy *POL(struct model *m, const char *id, enum severity sev)
{
	struct policy *p = model_add_policy(m, id, P(50));
	p->severity = sev;
	return p;
}

static void SELP(struct model *m, struct selector *s, const char *purposes)
{
	const char **w;
	size_t n = words(m, purposes, &w);
	const void **items = model_alloc(m, (n + 1) * sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = PURP(m, w[i]);
	s->has[SEL_PURPOSES] = true;
	s->items[SEL_PURPOSES] = items;
	s->n[SEL_PURPOSES] = n;
}

/* An archive in westeurope reached from IL, one service of a disabled
 * tenant, one of a suspended one; a deny policy on surveillance. */
static struct model *small(void)
{
	struct model *m = world();
	struct service *ai = SVC(m, "ai", "imod", "azure:northeurope", 20);
	ai->kind = KIND_AI;
	struct service *a = SVC(m, "archive", "imod", "azure:westeurope", 10);
	STORE(m, a, 11, "comms.voice", "gaza-residents", "surveillance.mass");
	ACCESS(m, a, 12, "IL");
	DEP(m, a, 13, "ai", "comms.voice");
	struct service *g = SVC(m, "tracker", "gone", "azure:westeurope", 30);
	STORE(m, g, 31, "personal", "eu-residents", "");
	struct service *s = SVC(m, "crm", "paused", "onprem:tlv-1", 40);
	STORE(m, s, 41, "personal", "eu-residents", "");
	struct policy *p = POL(m, "no-mass-surveillance", SEV_ERROR);
	SELP(m, &p->match, "surveillance");
	p->deny = true;
	p->description = "No mass surveillance, anywhere.";
	p = POL(m, "quiet", SEV_INFO);
	SELP(m, &p->match, "nothing.matches");
	p->deny = true;
	FINALIZE(m);
	return m;
}

static void render(const struct factset *fs, enum facts_format fmt, char **text)
{
	size_t n;
	const struct fact **v = out_all_facts(fs, &n);
	CAPTURE(*text, out_facts(out, fmt, fs, v, n, false));
	free(v);
}

static void test_text_table(void **state)
{
	(void)state;
	struct model *m = small();
	struct factset *fs = facts_derive(m);
	char *s;
	render(fs, FF_TEXT, &s);
	assert_string_equal(s,
		"DATA         SUBJECTS        PURPOSES           TENANT              SERVICE  REGION             COUNTRY  MODE       REACH                       PATH\n"
		"comms.voice  gaza-residents  surveillance.mass  imod                ai       azure:northeurope  IE       processed  IE,US(provider)             archive -> ai\n"
		"comms.voice  gaza-residents  surveillance.mass  imod                archive  azure:westeurope   IL       accessed   IL(access),NL,US(provider)  archive\n"
		"comms.voice  gaza-residents  surveillance.mass  imod                archive  azure:westeurope   NL       stored     IL(access),NL,US(provider)  archive\n"
		"personal     eu-residents                       paused (suspended)  crm      onprem:tlv-1       IL       stored     IL,IL(provider)             crm\n"
		"\n4 facts\n"
		"disabled tenant 'gone': 1 service produces no facts\n");
	free(s);
	factset_free(fs);
	model_free(m);
}

/* Columns line up: every row starts each column at the header's offset. */
static void test_text_alignment(void **state)
{
	(void)state;
	struct model *m = small();
	struct factset *fs = facts_derive(m);
	char *s;
	render(fs, FF_TEXT, &s);
	const char *region = strstr(s, "REGION");
	size_t col = (size_t)(region - s);
	char *line = strchr(s, '\n') + 1;
	int rows = 0;
	while (*line && *line != '\n') {
		assert_true(!strncmp(line + col, "azure:", 6) || !strncmp(line + col, "onprem:", 7));
		assert_true(line[col - 1] == ' ' && line[col - 2] == ' ');
		line = strchr(line, '\n') + 1;
		rows++;
	}
	assert_int_equal(rows, 4);
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "svc", "clinic", "azure:westeurope", 10);
	STORE(m, a, 11, "health", "x\"y,z plain", "");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	char *s;
	render(fs, FF_CSV, &s);
	assert_string_equal(s,
		"data,subjects,purposes,tenant,service,kind,provider,region,country,mode,suspended,reach,path,source,used_for,operator,place\r\n"
		"health,\"plain;x\"\"y,z\",,clinic,svc,storage,azure,azure:westeurope,NL,stored,false,NL;US(provider),svc,t.yaml:11:1,,clinic,azure:westeurope\r\n");
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_md_escaping(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "svc", "clinic", "azure:westeurope", 10);
	STORE(m, a, 11, "a|b", "", "");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	char *s;
	render(fs, FF_MD, &s);
	assert_string_equal(s,
		"| DATA | SUBJECTS | PURPOSES | TENANT | SERVICE | REGION | COUNTRY | MODE | REACH | PATH |\n"
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
		"| a\\|b |  |  | clinic | svc | azure:westeurope | NL | stored | NL,US(provider) | svc |\n");
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_json_fact(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "svc", "clinic", "azure:westeurope", 10);
	STORE(m, a, 11, "health", "eu-residents", "care");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	char *s;
	CAPTURE(s, { struct json j; json_init(&j, out, false); out_fact_json(&j, &fs->facts[0]); json_flush(&j); });
	assert_string_equal(s,
		"{\"data\":\"health\",\"subjects\":[\"eu-residents\"],\"purposes\":[\"care\"],\"used_for\":[],"
		"\"tenant\":\"clinic\",\"operator\":\"clinic\",\"service\":\"svc\",\"kind\":\"storage\",\"provider\":\"azure\","
		"\"region\":\"azure:westeurope\",\"place\":\"azure:westeurope\",\"country\":\"NL\",\"mode\":\"stored\","
		"\"reach\":[{\"jurisdiction\":\"NL\",\"why\":\"location\"},"
		"{\"jurisdiction\":\"US\",\"why\":\"provider\",\"provider\":\"azure\","
		"\"laws\":[\"US CLOUD Act (18 USC 2713)\"]}],"
		"\"path\":[\"svc\"],\"source\":\"t.yaml:11:1\",\"suspended\":false}");
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_empty_and_filtered(void **state)
{
	(void)state;
	struct model *m = small();
	struct factset *fs = facts_derive(m);
	char *s;
	CAPTURE(s, out_facts(out, FF_TEXT, fs, NULL, 0, true));
	assert_string_equal(s, "no facts match the filters\n"
			    "disabled tenant 'gone': 1 service produces no facts\n");
	free(s);
	CAPTURE(s, out_facts(out, FF_JSON, fs, NULL, 0, true));
	assert_string_equal(s, "{\n  \"resmap\": 1,\n  \"facts\": [],\n  \"disabled\": [\n"
			    "    {\n      \"tenant\": \"gone\",\n      \"services\": [\n"
			    "        \"tracker\"\n      ]\n    }\n  ]\n}\n");
	free(s);
	factset_free(fs);
	model_free(m);
}

static void test_check_status(void **state)
{
	(void)state;
	struct verdicts v;
	memset(&v, 0, sizeof v);
	assert_int_equal(check_status(&v, SEV_INFO), 0);
	v.count[SEV_WARNING] = 1;
	assert_int_equal(check_status(&v, SEV_ERROR), 0);
	assert_int_equal(check_status(&v, SEV_WARNING), 1);
	assert_int_equal(check_status(&v, SEV_INFO), 1);
	assert_int_equal(check_status(&v, -1), 0);
	v.count[SEV_ERROR] = 2;
	assert_int_equal(check_status(&v, SEV_ERROR), 1);
	assert_int_equal(check_status(&v, -1), 0);
}

static void test_check_text(void **state)
{
	(void)state;
	struct model *m = small();
	struct factset *fs = facts_derive(m);
	struct verdicts *v = policy_evaluate(m, fs);
	char *s;
	CAPTURE(s, out_check(out, CF_TEXT, m, fs, v, SEV_ERROR));
	assert_string_equal(s,
		"policy 'no-mass-surveillance' (error): 3 violations\n"
		"  No mass surveillance, anywhere.\n"
		"  - comms.voice about gaza-residents is processed by ai in azure:northeurope (IE) for surveillance.mass, which policy denies\n"
		"    via archive -> ai\n"
		"    at t.yaml:13:1\n"
		"  - comms.voice about gaza-residents is accessed from IL through archive in azure:westeurope (NL) for surveillance.mass, which policy denies\n"
		"    via archive\n"
		"    at t.yaml:12:1\n"
		"  - comms.voice about gaza-residents is stored by archive in azure:westeurope (NL) for surveillance.mass, which policy denies\n"
		"    via archive\n"
		"    at t.yaml:11:1\n"
		"\n3 errors, 0 warnings, 0 info; 1 of 2 policies hold\n");
	free(s);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
}

/* Workflow commands: '%', CR, LF escaped in the message; ':' and ',' too
 * in properties. */
static void test_check_github_escaping(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "svc", "clinic", "azure:westeurope", 10);
	STORE(m, a, 11, "health", "", "x");
	struct policy *p = POL(m, "a:b,c", SEV_WARNING);
	SELP(m, &p->match, "x");
	p->deny = true;
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *v = policy_evaluate(m, fs);
	assert_int_equal(v->n, 1);
	v->v[0].message = "100% of\nit, here: now";
	struct pos src = *v->v[0].fact->source;
	src.file = "dir,x/f:1.yaml";
	((struct fact *)v->v[0].fact)->source = &src;
	char *s;
	CAPTURE(s, out_check(out, CF_GITHUB, m, fs, v, SEV_ERROR));
	assert_string_equal(s,
		"::warning file=dir%2Cx/f%3A1.yaml,line=11,col=1,title=a%3Ab%2Cc::100%25 of%0Ait, here: now\n"
		"resmap: 0 errors, 1 warning, 0 info\n");
	free(s);
	CAPTURE(s, out_check(out, CF_JUNIT, m, fs, v, SEV_WARNING));
	assert_non_null(strstr(s, "<failure type=\"warning\" message=\"100% of&#10;it, here: now\">"
			       "100% of\nit, here: now\nat dir,x/f:1.yaml:11:1\n(warning, deny)</failure>"));
	assert_non_null(strstr(s, "tests=\"1\" failures=\"1\""));
	free(s);
	/* below --fail-on: reported, but the testcase passes */
	CAPTURE(s, out_check(out, CF_JUNIT, m, fs, v, SEV_ERROR));
	assert_null(strstr(s, "<failure"));
	assert_non_null(strstr(s, "<system-out>100% of"));
	assert_non_null(strstr(s, "tests=\"1\" failures=\"0\""));
	free(s);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
}

static void test_check_sarif(void **state)
{
	(void)state;
	struct model *m = small();
	struct factset *fs = facts_derive(m);
	struct verdicts *v = policy_evaluate(m, fs);
	struct pos src = *v->v[0].fact->source;
	src.file = "./dir/my file:x.yaml";
	((struct fact *)v->v[0].fact)->source = &src;
	char *s, *again;
	CAPTURE(s, out_check(out, CF_SARIF, m, fs, v, SEV_ERROR));
	assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(s, "\"uri\": \"dir/my%20file%3Ax.yaml\""));
	assert_non_null(strstr(s, "\"id\": \"quiet\""));
	assert_non_null(strstr(s, "\"level\": \"note\""));
	assert_non_null(strstr(s, "\"ruleIndex\": 0"));
	assert_non_null(strstr(s, "\"startLine\": 12"));
	assert_non_null(strstr(s, "\"text\": \"No mass surveillance, anywhere.\""));
	assert_non_null(strstr(s, "\"text\": \"residency policy 'quiet'\""));
	/* fingerprints do not depend on positions */
	src.line = 99;
	CAPTURE(again, out_check(out, CF_SARIF, m, fs, v, SEV_ERROR));
	const char *f1 = strstr(s, "resmapViolation/v1");
	const char *f2 = strstr(again, "resmapViolation/v1");
	assert_non_null(f1);
	assert_non_null(f2);
	assert_memory_equal(f1, f2, 44);
	/* three distinct fingerprints */
	const char *a = f1, *b = strstr(a + 1, "resmapViolation/v1");
	assert_non_null(b);
	assert_memory_not_equal(a, b, 44);
	free(s);
	free(again);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
}

/* A reach through remote access is caused by the access_from entry, not
 * by the declaration that stored the data. */
static void test_violation_pos_access(void **state)
{
	(void)state;
	struct model *m = world();
	struct service *a = SVC(m, "archive", "imod", "azure:westeurope", 10);
	STORE(m, a, 11, "comms.voice", "gaza-residents", "");
	ACCESS(m, a, 12, "IL");
	struct policy *p = POL(m, "no-il", SEV_ERROR);
	p->deny_reach = model_alloc(m, sizeof *p->deny_reach);
	p->deny_reach[0].jur = model_find_jur(m, "IL");
	p->ndeny_reach = 1;
	struct policy *q = POL(m, "no-us", SEV_ERROR);
	q->deny_reach = model_alloc(m, sizeof *q->deny_reach);
	q->deny_reach[0].jur = model_find_jur(m, "US");
	q->ndeny_reach = 1;
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct verdicts *v = policy_evaluate(m, fs);
	size_t il = 0, us = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct violation *x = &v->v[i];
		struct pos pos = violation_pos(x);
		if (x->policy == p) {
			assert_int_equal(x->reach->why, REACH_ACCESS);
			assert_int_equal(pos.line, 12);
			il++;
		} else {
			/* provider reach: the fact's own source */
			assert_int_equal(pos.line, x->fact->source->line);
			us++;
		}
	}
	assert_true(il >= 2);   /* the stored fact and the accessed one */
	assert_true(us >= 2);
	verdicts_free(v);
	factset_free(fs);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_table),
		cmocka_unit_test(test_text_alignment),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_md_escaping),
		cmocka_unit_test(test_json_fact),
		cmocka_unit_test(test_empty_and_filtered),
		cmocka_unit_test(test_check_status),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_check_github_escaping),
		cmocka_unit_test(test_check_sarif),
		cmocka_unit_test(test_violation_pos_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
