/*
 * Unit tests of flows: edge labels come from what the sender holds
 * (stored or processed facts) and what its `sends` covers, and a `sends`
 * category the sender holds nothing under gives one warning.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mbuild.h"
#include "engine/flows.h"

static char *ids(const struct term *const *t, size_t n)
{
	static char buf[256];
	buf[0] = 0;
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "", t[i]->id);
	return buf;
}

/* extra: unused data categories added, past 256 of which flows reads
 * holdings through a set of pairs instead of a bitmap: the same labels */
static void check_edges(size_t extra)
{
	struct model *m = world();
	for (size_t i = 0; i < extra; i++) {
		char id[32];
		snprintf(id, sizeof id, "zz.extra-%03zu", i);
		DATA(m, id);
	}
	/* a stores health.records and comms.voice, sends health (records
	 * flow) and contact (nothing: it holds none); b receives and sends
	 * health.records.lab (nothing: only the broader records is held) */
	struct service *a = SVC(m, "a", "clinic", "azure:westeurope", 10);
	struct service *b = SVC(m, "b", "clinic", "azure:northeurope", 20);
	struct service *c = SVC(m, "c", "gone", "azure:westeurope", 30);
	SVC(m, "d", "vendor", "azure:westeurope", 40);
	/* e reads health from a (records flow back) and comms.voice from b,
	 * which holds none */
	struct service *e = SVC(m, "e", "vendor", "azure:brazilsouth", 50);
	STORE(m, a, 11, "health.records comms.voice", "patients", "care");
	DEP(m, a, 12, "b", "health contact");
	DEP(m, a, 13, "c", "comms");            /* disabled receiver: nothing flows */
	DEP(m, a, 14, "d", "health comms");     /* both flow, in id order */
	DEP(m, b, 21, "d", "health.records.lab");
	DEP(m, b, 22, "d", "");                 /* plain dependency */
	DEP(m, c, 31, "a", "contact");          /* disabled sender: no warning */
	RECV(m, e, 51, "a", "health");
	RECV(m, e, 52, "b", "comms.voice");
	FINALIZE(m);
	struct factset *fs = facts_derive(m);
	struct flows *fl = flows_derive(m, fs, NULL);
	size_t n;
	const struct term *const *t = flows_edge(fl, a, 0, false, &n);
	assert_string_equal(ids(t, n), "health.records");
	flows_edge(fl, a, 1, false, &n);
	assert_int_equal(n, 0);
	t = flows_edge(fl, a, 2, false, &n);
	assert_string_equal(ids(t, n), "comms.voice health.records");
	flows_edge(fl, b, 0, false, &n);
	assert_int_equal(n, 0);
	flows_edge(fl, b, 1, false, &n);
	assert_int_equal(n, 0);
	flows_edge(fl, e, 0, false, &n);
	assert_int_equal(n, 0);
	t = flows_edge(fl, e, 0, true, &n);
	assert_string_equal(ids(t, n), "health.records");
	flows_edge(fl, e, 1, true, &n);
	assert_int_equal(n, 0);

	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, out);
	assert_int_equal(flows_warn(m, fl, &d), 3);
	diag_release(&d);
	fclose(out);
	assert_non_null(strstr(text, "t.yaml:12:1: warning: 'a' sends 'contact' to 'b' but holds "
				      "no 'contact'"));
	assert_non_null(strstr(text, "t.yaml:21:1: warning: 'b' sends 'health.records.lab' to "
				      "'d'"));
	assert_null(strstr(text, "'c' sends"));
	assert_non_null(strstr(text, "t.yaml:52:1: warning: 'e' receives 'comms.voice' from 'b', "
				      "which holds no 'comms.voice'"));
	free(text);
	flows_free(fl);

	/* kept facts only: without a's stored facts nothing is held */
	unsigned char *keep = xcalloc(fs->nfacts + 1, 1);
	for (size_t i = 0; i < fs->nfacts; i++)
		keep[i] = fs->facts[i].service != a;
	fl = flows_derive(m, fs, keep);
	flows_edge(fl, a, 0, false, &n);
	assert_int_equal(n, 0);
	flows_free(fl);
	free(keep);
	factset_free(fs);
	model_free(m);
}

static void test_edges_and_warnings(void **state)
{
	(void)state;
	check_edges(0);
}

static void test_many_categories(void **state)
{
	(void)state;
	check_edges(300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges_and_warnings),
		cmocka_unit_test(test_many_categories),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
