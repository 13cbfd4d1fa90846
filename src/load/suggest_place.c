/*
 * suggest_place: "did you mean" for regions, countries and jurisdiction
 * groups named on the command line (what PLACE, impact --disable, the
 * --region/--country/--jurisdiction filters). People write a region as
 * its provider calls it ("westeurope", "eu-west-1"), a country by name or
 * by a code ISO does not use ("UK"): edit distance alone misses those or
 * guesses wrong ("USA" is one letter from "SA"). Only called on an error,
 * so a linear scan of the model is fine.
 */
#include "base/suggest.h"

#include <ctype.h>
#include <string.h>

#include "engine/model.h"
#include "base/util.h"

/* Codes people write that ISO 3166-1 spells otherwise. */
static const char *const country_aliases[][2] = {
	{ "UK", "GB" },     /* United Kingdom */
	{ "EL", "GR" },     /* Greece, as the EU writes it */
};

const char *suggest_country_alias(const char *code)
{
	for (size_t i = 0; i < ARRAY_LEN(country_aliases); i++)
		if (!strcmp(code, country_aliases[i][0]))
			return country_aliases[i][1];
	return NULL;
}

bool suggest_alpha3(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return !s[3];
}

/* True when a and b are equal ignoring case and everything but letters
 * and digits ("West Europe", "westeurope", "west-europe"). */
static bool loose_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (;;) {
		while (*a && !isalnum((unsigned char)*a))
			a++;
		while (*b && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++, b++;
	}
}

static const char *name_part(const char *id)
{
	const char *colon = strchr(id, ':');
	return colon ? colon + 1 : id;
}

static bool jur_wanted(const struct jur *j, unsigned kinds)
{
	return (kinds & (j->is_group ? SUGGEST_GROUPS : SUGGEST_COUNTRIES)) != 0;
}

#define MAX_NAMES 3

/* Appends "; did you mean 'a', 'b' or 'c'?" for the n names. */
static bool say(struct strbuf *sb, const char *const *names, size_t n)
{
	if (!n)
		return false;
	sb_adds(sb, "; did you mean ");
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%s'%s'", !i ? "" : i + 1 == n ? " or " : ", ", names[i]);
	sb_adds(sb, "?");
	return true;
}

bool suggest_place(struct strbuf *sb, const struct model *m, const char *word, unsigned kinds)
{
	const char *names[MAX_NAMES];
	size_t n = 0;
	const char *alias = suggest_country_alias(word);
	if (alias && (kinds & SUGGEST_COUNTRIES) && model_find_jur(m, alias)) {
		names[n++] = model_find_jur(m, alias)->id;
		return say(sb, names, n);
	}
	/* a name, as an atlas or the provider writes it (regions are sorted
	 * by id, so several providers' "eu-west-1" come in a stable order) */
	for (size_t i = 0; i < m->njurs && !n; i++)
		if (jur_wanted(m->jurs[i], kinds) && loose_eq(word, m->jurs[i]->name))
			names[n++] = m->jurs[i]->id;
	for (int pass = 0; pass < 2 && !n && (kinds & SUGGEST_REGIONS); pass++)
		for (size_t i = 0; i < m->nregions && n < MAX_NAMES; i++)
			if (loose_eq(word, pass ? m->regions[i]->name : name_part(m->regions[i]->id)))
				names[n++] = m->regions[i]->id;
	if (n)
		return say(sb, names, n);
	/* near ids, and near name parts of region ids */
	bool alpha3 = suggest_alpha3(word);
	struct suggest sg;
	suggest_init(&sg, word);
	if (kinds & SUGGEST_REGIONS)
		for (size_t i = 0; i < m->nregions; i++)
			suggest_add(&sg, m->regions[i]->id);
	for (size_t i = 0; i < m->njurs; i++)
		if (jur_wanted(m->jurs[i], kinds) && !(alpha3 && !m->jurs[i]->is_group))
			suggest_add(&sg, m->jurs[i]->id);
	if (suggest_best(&sg)) {
		names[n++] = suggest_best(&sg);
		return say(sb, names, n);
	}
	if ((kinds & SUGGEST_REGIONS) && !strchr(word, ':')) {
		suggest_init(&sg, word);
		for (size_t i = 0; i < m->nregions; i++)
			suggest_add(&sg, name_part(m->regions[i]->id));
		for (size_t i = 0; sg.best && i < m->nregions; i++)
			if (name_part(m->regions[i]->id) == sg.best) {
				names[0] = m->regions[i]->id;
				return say(sb, names, 1);
			}
	}
	if (alpha3 && (kinds & SUGGEST_COUNTRIES)) {
		sb_adds(sb, "; country codes have two letters (ISO 3166-1 alpha-2)");
		return true;
	}
	return false;
}
