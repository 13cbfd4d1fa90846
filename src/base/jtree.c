/*
 * jtree: JSON into a compact tree through yajl's event parser (see
 * jtree.h). yajl is used rather than libyaml, which refuses surrogate
 * pairs and JSON lines, or a tree library (jansson, json-c), which holds
 * the whole input and a hash table per object: BENCHMARKS.md has the
 * figures.
 *
 * A container's children are gathered on a per-depth scratch vector and
 * copied into the arena, in one block, when it closes; the grandchildren's
 * parent pointers are then moved to the copy. Every node is so copied
 * once, and stays 32 bytes.
 */
#include "base/jtree.h"

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define JTREE_BLOCK 65536

struct level {
	struct jnode *v;
	size_t n, cap;
	const char *key;      /* the key of the container itself */
	const char *pending;  /* the key of the next member */
	bool skip;            /* a skipped member is being read */
};

struct builder {
	struct arena *a;
	struct strmap *keys;
	struct ptrvec *roots;
	const struct jtree_opts *o;
	struct level *lv;
	size_t depth, cap;     /* lv[0] collects roots */
	size_t skip_depth;     /* > 0 inside a skipped member */
	bool too_deep;
	const char *deep_path; /* path when too deep */
};

static const char *intern(struct builder *b, const char *s, size_t n)
{
	return strmap_intern(b->keys, b->a, s, n);
}

/* Whether the value about to start at depth b->depth is a skipped member. */
static bool skipping(struct builder *b)
{
	if (b->skip_depth)
		return true;
	if (b->depth != 1 || !b->o->skip || !b->lv[1].pending)
		return false;
	for (const char *const *k = b->o->skip; *k; k++)
		if (!strcmp(*k, b->lv[1].pending))
			return true;
	return false;
}

static void add(struct builder *b, struct jnode n)
{
	struct level *l = &b->lv[b->depth];
	n.key = l->pending;
	l->pending = NULL;
	if (l->n == l->cap)
		l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = n;
	if (b->depth == 0) {
		/* a root is final at once: copy it out (containers come through close) */
		struct jnode *r = arena_memdup(b->a, &l->v[0], sizeof *r);
		for (uint32_t i = 0; (r->type == J_ARR || r->type == J_OBJ) && i < r->n; i++)
			r->v.kids[i].up = r;
		pv_push(b->roots, r);
		l->n = 0;
	}
}

static int scalar(struct builder *b, enum jtype t, const char *s, size_t n)
{
	if (skipping(b)) {
		b->lv[b->depth].pending = NULL;
		return 1;
	}
	struct jnode j = { 0 };
	j.type = (uint8_t)t;
	j.n = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	j.v.s = n <= 48 ? intern(b, s, n) : arena_strndup(b->a, s, n);
	add(b, j);
	return 1;
}

static int on_null(void *ctx)
{
	return scalar(ctx, J_NULL, "null", 4);
}

static int on_bool(void *ctx, int v)
{
	return scalar(ctx, J_BOOL, v ? "true" : "false", v ? 4 : 5);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	return scalar(ctx, J_NUM, s, n);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	return scalar(ctx, J_STR, (const char *)s, n);
}

static int on_key(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;
	if (!b->skip_depth)
		b->lv[b->depth].pending = intern(b, (const char *)s, n);
	return 1;
}

static int open_container(void *ctx)
{
	struct builder *b = ctx;
	size_t max = b->o->max_depth ? b->o->max_depth : 256;
	if (b->depth + 1 > max) {
		b->too_deep = true;
		return 0;
	}
	if (skipping(b)) {
		b->skip_depth++;
		b->lv[b->depth].pending = NULL;
		return 1;
	}
	if (b->depth + 1 >= b->cap) {
		size_t old = b->cap;
		b->lv = xgrow(b->lv, &b->cap, b->depth + 2, sizeof *b->lv);
		memset(b->lv + old, 0, (b->cap - old) * sizeof *b->lv);
	}
	struct level *up = &b->lv[b->depth];
	struct level *l = &b->lv[++b->depth];
	l->n = 0;
	l->key = up->pending;
	up->pending = NULL;
	l->pending = NULL;
	return 1;
}

static int close_container(struct builder *b, enum jtype t)
{
	if (b->skip_depth) {
		b->skip_depth--;
		return 1;
	}
	struct level *l = &b->lv[b->depth];
	struct jnode j = { 0 };
	j.type = (uint8_t)t;
	j.n = (uint32_t)l->n;
	if (l->n) {
		j.v.kids = arena_memdup(b->a, l->v, l->n * sizeof *l->v);
		for (size_t i = 0; i < l->n; i++) {
			struct jnode *k = &j.v.kids[i];
			if (k->type == J_ARR || k->type == J_OBJ)
				for (uint32_t g = 0; g < k->n; g++)
					k->v.kids[g].up = k;
		}
	}
	const char *key = l->key;
	b->depth--;
	b->lv[b->depth].pending = key;
	add(b, j);
	return 1;
}

static int on_start_map(void *ctx)
{
	return open_container(ctx);
}

static int on_end_map(void *ctx)
{
	return close_container(ctx, J_OBJ);
}

static int on_start_array(void *ctx)
{
	return open_container(ctx);
}

static int on_end_array(void *ctx)
{
	return close_container(ctx, J_ARR);
}

static const yajl_callbacks callbacks = {
	on_null, on_bool, NULL, NULL, on_number, on_string,
	on_start_map, on_key, on_end_map, on_start_array, on_end_array,
};

/* The path of the value being read, for a parse error. */
static void builder_path(const struct builder *b, struct strbuf *sb)
{
	sb_adds(sb, "$");
	for (size_t i = 1; i <= b->depth; i++) {
		const struct level *l = &b->lv[i];
		if (l->key)
			sb_addf(sb, ".%s", l->key);
		else if (i > 1)
			sb_addf(sb, "[%zu]", b->lv[i - 1].n);
	}
}

/* Blanks lines that start with '#' (state: at a line start) in place. */
static void blank_comments(char *p, size_t n, bool *bol, bool *in_comment)
{
	for (size_t i = 0; i < n; i++) {
		if (*in_comment) {
			if (p[i] == '\n') {
				*in_comment = false;
				*bol = true;
			} else {
				p[i] = ' ';
			}
			continue;
		}
		if (*bol && p[i] == '#') {
			*in_comment = true;
			p[i] = ' ';
			continue;
		}
		*bol = p[i] == '\n';
	}
}

struct feed {
	FILE *fp;
	const char *buf;
	size_t len, off;
};

static size_t feed_next(struct feed *f, char *block, size_t cap)
{
	if (f->fp)
		return fread(block, 1, cap, f->fp);
	size_t n = f->len - f->off < cap ? f->len - f->off : cap;
	memcpy(block, f->buf + f->off, n);
	f->off += n;
	return n;
}

static int run(struct feed *f, const char *file, const struct jtree_opts *o, struct arena *a,
	       struct strmap *keys, struct ptrvec *roots, struct diag *d)
{
	static const struct jtree_opts none = { 0, NULL };
	struct builder b = { 0 };
	b.a = a;
	b.keys = keys;
	b.roots = roots;
	b.o = o ? o : &none;
	b.cap = 16;
	b.lv = xcalloc(b.cap, sizeof *b.lv);
	yajl_handle h = yajl_alloc(&callbacks, NULL, &b);
	yajl_config(h, yajl_allow_multiple_values, 1);
	char *block = xmalloc(JTREE_BLOCK);
	bool bol = true, in_comment = false;
	/* line and column of the start of the current block */
	uint32_t line = 1, col = 1;
	int rc = 0;
	size_t n = 0, first = roots->n;
	yajl_status st = yajl_status_ok;
	for (;;) {
		n = feed_next(f, block, JTREE_BLOCK);
		if (n == 0) {
			if (f->fp && ferror(f->fp)) {
				diag_msg(d, DIAG_ERROR, "%s: cannot read: read error", file);
				rc = -1;
				goto out;
			}
			st = yajl_complete_parse(h);
			break;
		}
		blank_comments(block, n, &bol, &in_comment);
		st = yajl_parse(h, (unsigned char *)block, n);
		if (st != yajl_status_ok)
			break;
		for (size_t i = 0; i < n; i++) {
			if (block[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)block[i] & 0xC0) != 0x80) {
				col++;
			}
		}
	}
	if (st != yajl_status_ok) {
		size_t at = n ? yajl_get_bytes_consumed(h) : 0;
		if (at > n)
			at = n;
		for (size_t i = 0; i < at; i++) {
			if (block[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)block[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		struct strbuf path = STRBUF_INIT;
		builder_path(&b, &path);
		struct pos p = { file, line, col };
		if (b.too_deep) {
			diag_at(d, DIAG_ERROR, p, "JSON nested deeper than %zu levels at %s",
				b.o->max_depth ? b.o->max_depth : 256, path.buf);
		} else {
			unsigned char *msg = yajl_get_error(h, 0, NULL, 0);
			char *m = (char *)msg;
			size_t ml = strlen(m);
			while (ml && (m[ml - 1] == '\n' || m[ml - 1] == '.' || m[ml - 1] == ' '))
				m[--ml] = 0;
			diag_at(d, DIAG_ERROR, p, "not valid JSON (%s) in %s", m, path.buf);
			yajl_free_error(h, msg);
		}
		sb_release(&path);
		rc = -1;
	}
	/* several values (JSON lines): each root is named by its number */
	if (roots->n > first + 1)
		for (size_t i = first; i < roots->n; i++) {
			char name[40];
			int len = snprintf(name, sizeof name, "record %zu", i - first + 1);
			((struct jnode *)roots->v[i])->key = intern(&b, name, (size_t)len);
		}
out:
	yajl_free(h);
	free(block);
	for (size_t i = 0; i < b.cap; i++)
		free(b.lv[i].v);
	free(b.lv);
	return rc;
}

int jtree_read(FILE *fp, const char *file, const struct jtree_opts *o, struct arena *a,
	       struct strmap *keys, struct ptrvec *roots, struct diag *d)
{
	struct feed f = { fp, NULL, 0, 0 };
	return run(&f, file, o, a, keys, roots, d);
}

int jtree_read_buffer(const char *buf, size_t len, const char *file, const struct jtree_opts *o,
		      struct arena *a, struct strmap *keys, struct ptrvec *roots, struct diag *d)
{
	struct feed f = { NULL, buf, len, 0 };
	return run(&f, file, o, a, keys, roots, d);
}

const struct jnode *jget(const struct jnode *n, const char *key)
{
	if (!n || n->type != J_OBJ)
		return NULL;
	/* the last of duplicate members wins, as in most JSON readers */
	for (uint32_t i = n->n; i-- > 0;)
		if (!strcmp(n->v.kids[i].key, key))
			return &n->v.kids[i];
	return NULL;
}

const struct jnode *jgetp(const struct jnode *n, const char *dotted)
{
	char part[128];
	while (n && *dotted) {
		const char *e = strchr(dotted, '.');
		size_t len = e ? (size_t)(e - dotted) : strlen(dotted);
		if (len >= sizeof part)
			return NULL;
		memcpy(part, dotted, len);
		part[len] = 0;
		n = jget(n, part);
		dotted += len + (e != NULL);
	}
	return n;
}

const char *jstr(const struct jnode *n)
{
	return n && n->type == J_STR ? n->v.s : NULL;
}

const char *jstrk(const struct jnode *n, const char *key)
{
	return jstr(jget(n, key));
}

bool jis(const struct jnode *n, enum jtype t)
{
	return n && n->type == t;
}

long jindex(const struct jnode *n)
{
	if (!n || !n->up || n->up->type != J_ARR)
		return -1;
	return (long)(n - n->up->v.kids);
}

static bool plain_key(const char *k)
{
	if (!*k)
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static void path_rec(struct strbuf *sb, const struct jnode *n, int depth)
{
	if (!n->up) {
		if (n->key)
			sb_addf(sb, "%s%s", n->key, depth ? ": " : "");
		else if (depth == 0)
			sb_adds(sb, "$");
		return;
	}
	path_rec(sb, n->up, depth + 1);
	if (n->up->type == J_ARR) {
		sb_addf(sb, "[%ld]", jindex(n));
	} else if (plain_key(n->key) && !strchr(n->key, '-')) {
		if (n->up->up)
			sb_addc(sb, '.');
		sb_adds(sb, n->key);
	} else {
		sb_adds(sb, "[\"");
		for (const char *p = n->key; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_addc(sb, '\\');
			if ((unsigned char)*p < 0x20)
				sb_addf(sb, "\\u%04x", (unsigned char)*p);
			else
				sb_addc(sb, *p);
		}
		sb_adds(sb, "\"]");
	}
}

void jtree_path(struct strbuf *sb, const struct jnode *n)
{
	if (n)
		path_rec(sb, n, 0);
}
