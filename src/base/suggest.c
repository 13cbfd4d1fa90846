/*
 * suggest: nearest name by edit distance, for "did you mean".
 */
#include "base/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	/* three rows for the transposition case */
	size_t *prev2 = xcalloc(lb + 1, sizeof(size_t));
	size_t *prev = xcalloc(lb + 1, sizeof(size_t));
	size_t *cur = xcalloc(lb + 1, sizeof(size_t));
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t rowmin = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < rowmin)
				rowmin = d;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
		if (rowmin > cap) {
			free(prev2);
			free(prev);
			free(cur);
			return cap + 1;
		}
	}
	size_t r = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return r;
}

void suggest_init(struct suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_dist = (size_t)-1;
}

void suggest_add(struct suggest *s, const char *cand)
{
	if (!cand || !strcmp(cand, s->word))
		return;
	size_t len = strlen(s->word);
	size_t cap = len / 3 > 1 ? len / 3 : 1;
	size_t d;
	if (strlen(cand) == len && !strcasecmp(cand, s->word))
		d = 0;    /* case only: the best kind of near */
	else
		d = edit_distance(s->word, cand, cap);
	if (d > cap)
		return;
	if (d < s->best_dist || (d == s->best_dist && strcmp(cand, s->best) < 0)) {
		s->best = cand;
		s->best_dist = d;
	}
}

const char *suggest_best(const struct suggest *s)
{
	return s->best;
}
