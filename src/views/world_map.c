/*
 * world_map: reads data/world.tsv (embedded as world_tsv by tools/embed.c).
 * A line is code, name, x, y, small, path, inset path, tab-separated;
 * '#' lines are comments, one `bounds` line gives the extent and an
 * `inset` line the inset's window and place. Parsed into a copy so
 * that fields can be cut in place.
 */
#include "views/world_map.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

extern const char world_tsv[];
extern const size_t world_tsv_len;

static bool parse_num(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return end != s && !*end;
}

/* Splits line at tabs into at most n fields; returns how many. */
static size_t split(char *line, char **f, size_t n)
{
	size_t k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == '\t') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static int cmp_country(const void *a, const void *b)
{
	const struct world_country *x = a, *y = b;
	if (!x->code[0] != !y->code[0])
		return x->code[0] ? -1 : 1;
	int c = strcmp(x->code, y->code);
	return c ? c : strcmp(x->name, y->name);
}

struct world_map *world_map_parse(const char *text, size_t len)
{
	struct world_map *w = xcalloc(1, sizeof *w);
	w->text = xstrndup(text, len);
	size_t cap = 0;
	bool bounds = false;
	for (char *line = w->text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *f[9];
		size_t nf = line[0] == '#' ? 0 : split(line, f, 9);
		if (nf == 5 && !strcmp(f[0], "bounds")) {
			if (!parse_num(f[1], &w->x0) || !parse_num(f[2], &w->y0) ||
			    !parse_num(f[3], &w->x1) || !parse_num(f[4], &w->y1))
				goto bad;
			bounds = true;
		} else if (nf == 9 && !strcmp(f[0], "inset")) {
			for (int k = 0; k < 4; k++)
				if (!parse_num(f[1 + k], &w->win[k]) || !parse_num(f[5 + k], &w->box[k]))
					goto bad;
			if (w->win[2] <= w->win[0] || w->win[3] <= w->win[1] ||
			    w->box[2] <= w->box[0] || w->box[3] <= w->box[1])
				goto bad;
			w->has_inset = true;
		} else if (nf == 7) {
			w->c = xgrow(w->c, &cap, w->n + 1, sizeof *w->c);
			struct world_country *c = &w->c[w->n++];
			memset(c, 0, sizeof *c);
			if (strcmp(f[0], "-")) {
				if (strlen(f[0]) != 2)
					goto bad;
				memcpy(c->code, f[0], 2);
			}
			c->name = f[1];
			c->path = f[5];
			c->inset_path = f[6];
			if (!parse_num(f[2], &c->x) || !parse_num(f[3], &c->y) ||
			    (strcmp(f[4], "0") && strcmp(f[4], "1")))
				goto bad;
			c->small = f[4][0] == '1';
		} else if (nf) {
			goto bad;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!bounds || !w->n || w->x1 <= w->x0 || w->y1 <= w->y0)
		goto bad;
	qsort(w->c, w->n, sizeof *w->c, cmp_country);
	return w;
bad:
	world_map_free(w);
	return NULL;
}

struct world_map *world_map_load(void)
{
	struct world_map *w = world_map_parse(world_tsv, world_tsv_len);
	if (!w)
		die("the built-in world map is malformed (data/world.tsv)");
	return w;
}

void world_map_free(struct world_map *w)
{
	if (!w)
		return;
	free(w->c);
	free(w->text);
	free(w);
}

const struct world_country *world_map_find(const struct world_map *w, const char *code)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct world_country *c = &w->c[mid];
		int d = c->code[0] ? strcmp(c->code, code) : 1;
		if (!d)
			return c;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
