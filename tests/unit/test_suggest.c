/*
 * Unit tests of "did you mean": edit distance, and the place suggestions
 * of suggest_place over a small inventory loaded without the catalog
 * (a region's name part, display names, several providers sharing a
 * name, aliases and alpha-3 codes, and the kinds asked for).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"
#include "base/suggest.h"

static const char inv[] =
	"providers: { aws: { hq: US }, alibaba: { hq: CN }, azure: { hq: US } }\n"
	"jurisdictions:\n"
	"  NL: { name: Netherlands }\n"
	"  GB: { name: United Kingdom }\n"
	"  US: { name: United States }\n"
	"  SA: { name: Saudi Arabia }\n"
	"  CN: { name: China }\n"
	"  IE: { name: Ireland }\n"
	"  EU: { name: European Union, members: [NL, IE] }\n"
	"regions:\n"
	"  aws:eu-west-1: { country: IE, name: Ireland region }\n"
	"  alibaba:eu-west-1: { country: GB }\n"
	"  azure:westeurope: { country: NL, name: West Europe }\n";

static struct model *load(struct diag *d)
{
	struct load_opts o;
	load_opts_default(&o);
	o.no_catalog = true;
	bool ok;
	struct model *m = load_buffer("t.yaml", inv, strlen(inv), &o, d, &ok);
	assert_true(ok);
	return m;
}

/* What suggest_place appends for word, "" when nothing. */
static char *said(const struct model *m, const char *word, unsigned kinds)
{
	struct strbuf sb = STRBUF_INIT;
	bool any = suggest_place(&sb, m, word, kinds);
	assert_int_equal(any, sb.len > 0);
	sb_addc(&sb, '\0');
	return sb_detach(&sb);
}

#define SAYS(m, word, kinds, want) do { \
	char *s_ = said((m), (word), (kinds)); \
	assert_string_equal(s_, (want)); \
	free(s_); \
} while (0)

static void test_places(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, stderr);
	struct model *m = load(&d);
	/* the provider's own name for a region, or its display name */
	SAYS(m, "westeurope", SUGGEST_PLACES, "; did you mean 'azure:westeurope'?");
	SAYS(m, "West Europe", SUGGEST_PLACES, "; did you mean 'azure:westeurope'?");
	SAYS(m, "westeuropa", SUGGEST_REGIONS, "; did you mean 'azure:westeurope'?");
	/* two providers call a region eu-west-1: both, in id order */
	SAYS(m, "eu-west-1", SUGGEST_REGIONS,
	     "; did you mean 'alibaba:eu-west-1' or 'aws:eu-west-1'?");
	/* a near id still wins over nothing */
	SAYS(m, "azure:westeuropa", SUGGEST_PLACES, "; did you mean 'azure:westeurope'?");
	/* a country by name: before a region named after it */
	SAYS(m, "ireland", SUGGEST_PLACES, "; did you mean 'IE'?");
	SAYS(m, "Ireland", SUGGEST_REGIONS, "");
	SAYS(m, "Ireland region", SUGGEST_REGIONS, "; did you mean 'aws:eu-west-1'?");
	SAYS(m, "European Union", SUGGEST_COUNTRIES, "");
	SAYS(m, "European Union", SUGGEST_PLACES, "; did you mean 'EU'?");
	/* codes ISO spells otherwise; alpha-3 gets no country guess ("SA") */
	SAYS(m, "UK", SUGGEST_COUNTRIES, "; did you mean 'GB'?");
	SAYS(m, "UK", SUGGEST_REGIONS, "");
	SAYS(m, "USA", SUGGEST_PLACES,
	     "; country codes have two letters (ISO 3166-1 alpha-2)");
	SAYS(m, "EUU", SUGGEST_PLACES, "; did you mean 'EU'?");
	SAYS(m, "nl", SUGGEST_COUNTRIES, "; did you mean 'NL'?");
	SAYS(m, "zzzz", SUGGEST_PLACES, "");
	assert_string_equal(suggest_country_alias("EL"), "GR");
	assert_null(suggest_country_alias("GB"));
	assert_true(suggest_alpha3("NLD"));
	assert_false(suggest_alpha3("NL"));
	assert_false(suggest_alpha3("Nld"));
	model_free(m);
	diag_release(&d);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("imod", "imod", 3), 0);
	assert_int_equal(edit_distance("imdo", "imod", 3), 1);     /* transposition */
	assert_int_equal(edit_distance("tennant", "tenant", 3), 1);
	assert_true(edit_distance("abcdefgh", "z", 2) > 2);
	struct suggest s;
	suggest_init(&s, "voiceai");
	suggest_add(&s, "voice-ai");
	suggest_add(&s, "voice-bi");
	assert_string_equal(suggest_best(&s), "voice-ai");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_edit_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
