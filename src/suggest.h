/*
 * suggest: "did you mean" — the nearest candidate to a misspelt name.
 */
#ifndef RESMAP_SUGGEST_H
#define RESMAP_SUGGEST_H

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

#endif
