/*
 * suggest: "did you mean" — the nearest candidate to a misspelt name.
 */
#ifndef RESMAP_SUGGEST_H
#define RESMAP_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

/* Restricted Damerau-Levenshtein distance, capped: returns > cap early. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/*
 * Streaming nearest-name search: feed candidates, read best.
 * A candidate counts when its distance is at most max(1, len(word)/3)
 * (or it differs only in case); ties keep the smaller name.
 */
struct suggest {
	const char *word;
	const char *best;
	size_t best_dist;
};
void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *candidate);
/* NULL when nothing is near enough. */
const char *suggest_best(const struct suggest *s);

/*
 * "did you mean" for a place written on the command line (suggest_place.c).
 * kinds says what may be suggested. Beyond ids near by edit distance, a
 * country or group is found by its name ("Netherlands"), a region by its
 * name part ("westeurope" of "azure:westeurope") or display name,
 * ignoring case, spaces and punctuation; "UK" means "GB". A three-letter
 * code (alpha-3, "USA") gets no country guess: "SA" is not what it means.
 * Appends "; did you mean 'x'?" (or "'x' or 'y'" when regions of several
 * providers share the name, at most three), or for an alpha-3 code
 * "; country codes have two letters (ISO 3166-1 alpha-2)", to sb; returns
 * false when it appended nothing.
 */
struct model;
struct strbuf;
enum {
	SUGGEST_REGIONS = 1,
	SUGGEST_COUNTRIES = 2,
	SUGGEST_GROUPS = 4,
	SUGGEST_PLACES = 7
};
bool suggest_place(struct strbuf *sb, const struct model *m, const char *word, unsigned kinds);
/* The ISO 3166-1 code of a code people write for it ("UK": "GB"), or NULL. */
const char *suggest_country_alias(const char *code);
/* True for three capital letters: an ISO 3166-1 alpha-3 code, probably. */
bool suggest_alpha3(const char *word);

#endif
