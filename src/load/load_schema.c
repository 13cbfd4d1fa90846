/*
 * load_schema: the inventory format, version 1 (resmap-inventory(5)). Turns each
 * document's tree into model objects: every section, every key of every
 * entry, typed and checked, with references handed to load_ref (resolved
 * now when the object exists, after all input otherwise).
 *
 * The rules that decide what a value means live here: only plain
 * true/false are booleans, a quoted scalar is a string, a list is never
 * a scalar in disguise, and every key is known or an error. Which keys
 * an entry has, what type each value is, which are required or may not
 * be empty, and the words of each fixed set come from the table in
 * format.c (that `resmap schema` also writes), not from this file.
 */
#include "load/load_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/suggest.h"
#include "base/utf8.h"

/* Where a message happens: "service 'x'", "'stores' of service 'x'",
 * "'catalog'" (kind < 0: no object). */
struct ctx {
	int kind;
	const char *id;
	const char *sub;
	int next_key;   /* where key_index looks first: keys tend to come in one order */
	unsigned seen;  /* bit i: key i of the entry was given */
};

static void ctx_str(struct strbuf *sb, const struct ctx *c)
{
	if (c->sub)
		sb_addf(sb, "'%s' of ", c->sub);
	if (c->kind >= 0)
		sb_addf(sb, "%s '%s'", obj_noun((enum obj_kind)c->kind), c->id);
	else
		sb_addf(sb, "'%s'", c->id);
}

/* The context as a string in the document arena (error paths only). */
static const char *where(struct loader *L, const struct ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	ctx_str(&sb, c);
	const char *s = arena_strndup(L->doc, sb.buf, sb.len);
	sb_release(&sb);
	return s;
}

/* User text made printable: control characters as \xNN (ids are checked,
 * but unknown keys and words are printed as written). */
static const char *esc(struct loader *L, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			break;
	if (i == len)
		return s;
	struct strbuf sb = STRBUF_INIT;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f)
			sb_addf(&sb, "\\x%02x", ch);
		else
			sb_addc(&sb, (char)ch);
	}
	const char *r = arena_strndup(L->doc, sb.buf, sb.len);
	sb_release(&sb);
	return r;
}

#define SCALAR(n) ((n)->u.scalar.s)
#define SLEN(n) ((n)->u.scalar.len)

static bool is_null(const struct ynode *n)
{
	if (n->type != YN_SCALAR || !n->plain)
		return false;
	const char *s = SCALAR(n);
	/* called on most values: the length rules out nearly all of them */
	switch (SLEN(n)) {
	case 0:
		return true;
	case 1:
		return s[0] == '~';
	case 4:
		return !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
	default:
		return false;
	}
}

static bool looks_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	return !*s;
}

/* "a mapping", "a list", "null", "a boolean", "a number", "a string" */
static const char *desc(const struct ynode *n)
{
	if (n->type == YN_MAP)
		return "a mapping";
	if (n->type == YN_SEQ)
		return "a list";
	if (is_null(n))
		return "null";
	if (n->plain && (!strcmp(SCALAR(n), "true") || !strcmp(SCALAR(n), "false")))
		return "a boolean";
	if (n->plain && looks_number(SCALAR(n)))
		return "a number";
	return "a string";
}

static void err(struct loader *L, struct pos pos, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void err(struct loader *L, struct pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(L->d, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

/* An error whose text is in sb (it gets a suggestion appended first). */
static void err_sb(struct loader *L, struct pos pos, struct strbuf *sb, const char *best)
{
	load_add_suggestion(sb, best);
	diag_at(L->d, DIAG_ERROR, pos, "%s", sb->buf);
	sb_release(sb);
}

static bool tagged(struct loader *L, const struct ynode *n)
{
	if (!n->has_tag)
		return false;
	err(L, n->pos, MSG_TAG);
	return true;
}

/* ---- keys ---- */

/*
 * Index of key k among the keys of e (format.c), marked seen in c, or -1
 * after "unknown key" with a suggestion.
 */
static int key_index(struct loader *L, const struct fmt_entry *e, const struct ynode *k,
		     struct ctx *c)
{
	const char *s = SCALAR(k);
	const struct fmt_key *keys = e->keys;
	int nkeys = e->nkeys;
	/* keys tend to come in one order: try the one after the last first */
	int h = c->next_key;
	if (h < nkeys && s[0] == keys[h].name[0] && !strcmp(s, keys[h].name)) {
		c->next_key = h + 1;
		c->seen |= 1u << h;
		return h;
	}
	for (int i = 0; i < nkeys; i++)
		if (s[0] == keys[i].name[0] && !strcmp(s, keys[i].name)) {
			c->next_key = i + 1;
			c->seen |= 1u << i;
			return i;
		}
	if (tagged(L, k))
		return -1;
	struct suggest sg;
	suggest_init(&sg, s);
	for (int i = 0; i < nkeys; i++)
		suggest_add(&sg, keys[i].name);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, MSG_UNKNOWN_KEY, esc(L, s, SLEN(k)), where(L, c));
	err_sb(L, k->pos, &sb, suggest_best(&sg));
	return -1;
}

/* ---- ids ---- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* A byte below 0x20 or equal to 0x7f in the eight bytes of x (the
 * usual has-less / has-zero word tricks: exact as a yes/no). */
static bool word_has_control(uint64_t x)
{
	uint64_t del = x ^ (ONES * 0x7f);
	return ((x - ONES * 0x20) & ~x & HIGHS) || ((del - ONES) & ~del & HIGHS);
}

/* A control byte among s[0..len), eight at a time (every id and
 * reference goes through here); the last word overlaps the one before. */
static bool has_control(const unsigned char *s, size_t len)
{
	uint64_t x;
	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8) {
			memcpy(&x, s + i, 8);
			if (word_has_control(x))
				return true;
		}
		memcpy(&x, s + len - 8, 8);
		return word_has_control(x);
	}
	/* short ids: padded with spaces, which are no control characters */
	x = ONES * 0x20;
	memcpy(&x, s, len);
	return word_has_control(x);
}

/*
 * The first character of s that cannot be seen or that changes how the
 * rest displays, or 0: C1 controls (U+0085 NEL, U+009B CSI...), the
 * Unicode Bidi_Control characters ("Trojan Source"), zero-width
 * characters, word joiners, BOM, soft hyphen, tag characters, line and
 * paragraph separators (esc_cp_hidden). An id holding one displays as
 * another id: a tenant 'im\u200Bod' looks like 'imod'. Nearly every id
 * is ASCII: a look at the high bits, eight bytes at a time, decides for it.
 */
static uint32_t hidden_char(const unsigned char *s, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		if (x & HIGHS)
			break;
	}
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);
		if (!l) {
			i++;    /* libyaml lets no invalid UTF-8 through */
			continue;
		}
		if (esc_cp_hidden(cp))
			return cp;
		i += l;
	}
	return 0;
}

static bool is_bidi(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* A plain scalar that YAML reads as null, a boolean or a number: "null",
 * "a boolean", "a number"; NULL for a string. Ids are strings. */
static const char *non_string(const struct ynode *n)
{
	if (n->type != YN_SCALAR || !n->plain)
		return NULL;
	const char *d = desc(n);
	return strcmp(d, "a string") ? d : NULL;
}

/* Empty ids, plain scalars that are not strings, control characters (a
 * quoted "\0" included) and invisible characters are refused. */
static bool check_id_chars(struct loader *L, const char *noun, const struct ynode *n)
{
	const unsigned char *s = (const unsigned char *)SCALAR(n);
	size_t len = SLEN(n);
	const char *ns = non_string(n);
	if (ns && len) {
		err(L, n->pos, MSG_ID_NOT_STRING, noun, esc(L, SCALAR(n), len), ns,
		    esc(L, SCALAR(n), len));
		return false;
	}
	if (!len) {
		err(L, n->pos, MSG_ID_EMPTY, noun);
		return false;
	}
	if (has_control(s, len)) {
		err(L, n->pos, MSG_ID_CONTROL, noun);
		return false;
	}
	uint32_t hidden = hidden_char(s, len);
	if (hidden) {
		err(L, n->pos, is_bidi(hidden) ? MSG_ID_BIDI : hidden < 0xA0 ? MSG_ID_C1
			       : MSG_ID_INVISIBLE, noun, (unsigned)hidden);
		return false;
	}
	return true;
}

static const char *decl_id(struct loader *L, enum obj_kind k, const struct ynode *key)
{
	if (!check_id_chars(L, obj_noun(k), key))
		return NULL;
	const char *s = SCALAR(key);
	size_t len = SLEN(key);
	if ((k == OBJ_DATA || k == OBJ_PURPOSE) &&
	    (s[0] == '.' || s[len - 1] == '.' || strstr(s, ".."))) {
		err(L, key->pos, MSG_ID_SEGMENT, obj_noun(k), s);
		return NULL;
	}
	if (k == OBJ_REGION) {
		const char *colon = strchr(s, ':');
		if (!colon || colon == s || !colon[1]) {
			err(L, key->pos, MSG_ID_REGION, s);
			return NULL;
		}
	}
	return s;
}

/* ---- scalar values ---- */

/*
 * The small arrays of every entry (regions, stores, depends_on, ...) and
 * its names, packed end to end in blocks of the model's arena, 8-byte
 * aligned (strings not at all): the arena rounds every allocation up to
 * 16 bytes, which costs some 60 bytes per service at a million services.
 * Blocks come zeroed from the arena and no byte is handed out twice.
 */
#define POOL_BLOCK 65536
static void *pool_alloc(struct loader *L, size_t n, size_t align)
{
	if (n >= POOL_BLOCK / 8)
		return model_alloc(L->m, n);
	size_t pad = (align - (uintptr_t)L->pool % align) % align;
	if (L->pool_left < n + pad) {
		L->pool = model_alloc(L->m, POOL_BLOCK);
		L->pool_left = POOL_BLOCK;
		pad = 0;
	}
	char *p = L->pool + pad;
	L->pool = p + n;
	L->pool_left -= n + pad;
	return p;
}

#define POOL_ARRAY(L, n, T) ((T *)pool_alloc((L), (size_t)(n) * sizeof(T), 8))

static const char *pool_strndup(struct loader *L, const char *s, size_t len)
{
	char *p = pool_alloc(L, len + 1, 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* The text of a scalar (key: a FMT_TEXT or FMT_TEXTS key). */
static const char *get_str(struct loader *L, const struct fmt_key *k, const struct ynode *v)
{
	const char *key = k->name;
	if (tagged(L, v))
		return NULL;
	if (v->type != YN_SCALAR || is_null(v)) {
		err(L, v->pos, MSG_TYPE, key, "a string", desc(v));
		return NULL;
	}
	if (strlen(SCALAR(v)) != SLEN(v)) {
		err(L, v->pos, MSG_NUL, key);
		return NULL;
	}
	return pool_strndup(L, SCALAR(v), SLEN(v));
}

static bool bool_word(const char *s)
{
	static const char *const words[] = {
		"yes", "no", "on", "off", "y", "n", "true", "false"
	};
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (!strcasecmp(s, words[i]))
			return true;
	return false;
}

/* Returns 0 and sets *out, or -1 after an error. */
static int get_bool(struct loader *L, const char *key, const struct ynode *v, bool *out)
{
	if (tagged(L, v))
		return -1;
	if (v->type == YN_SCALAR && v->plain) {
		if (!strcmp(SCALAR(v), "true")) {
			*out = true;
			return 0;
		}
		if (!strcmp(SCALAR(v), "false")) {
			*out = false;
			return 0;
		}
		if (bool_word(SCALAR(v))) {
			err(L, v->pos, MSG_BOOL_WORD, key, esc(L, SCALAR(v), SLEN(v)));
			return -1;
		}
	}
	if (v->type == YN_SCALAR && !v->plain) {
		err(L, v->pos, MSG_BOOL_QUOTED, key);
		return -1;
	}
	err(L, v->pos, MSG_BOOL, key, desc(v));
	return -1;
}

/*
 * One of the fixed set of words w (format.c). Returns its index or -1
 * after an error naming the choices.
 */
static int get_word(struct loader *L, const char *what, const struct ynode *v,
		    const struct fmt_words *w, const struct ctx *c)
{
	const char *(*fn)(int) = w->name;
	int first = w->first, n = w->count;
	if (tagged(L, v))
		return -1;
	if (v->type != YN_SCALAR || is_null(v)) {
		err(L, v->pos, MSG_TYPE, what, "a word", desc(v));
		return -1;
	}
	for (int i = first; i < n; i++) {
		const char *word = fn(i);
		if (word[0] == SCALAR(v)[0] && !strcmp(SCALAR(v), word))
			return i;
	}
	struct suggest sg;
	struct strbuf choices = STRBUF_INIT, sb = STRBUF_INIT;
	suggest_init(&sg, SCALAR(v));
	for (int i = first; i < n; i++) {
		suggest_add(&sg, fn(i));
		sb_addf(&choices, "%s%s", i > first ? ", " : "", fn(i));
	}
	sb_addf(&sb, MSG_UNKNOWN_WORD, what, esc(L, SCALAR(v), SLEN(v)), where(L, c), choices.buf);
	sb_release(&choices);
	err_sb(L, v->pos, &sb, suggest_best(&sg));
	return -1;
}

/* ---- references ---- */

static void ref_node(struct loader *L, enum ref_type t, enum ref_slot slot, void *target,
		     const struct ynode *n, const struct ctx *c)
{
	if (!non_string(n) && load_ref_cached(L, t, slot, target, SCALAR(n), SLEN(n), n->pos,
						 (enum obj_kind)c->kind, c->id))
		return;
	if (!check_id_chars(L, fmt_ref_noun[t], n))
		return;
	load_ref(L, t, slot, target, SCALAR(n), n->pos, (enum obj_kind)c->kind, c->id);
}

/* A single id (key: a FMT_ID key). */
static void ref_scalar(struct loader *L, const struct fmt_key *k, const struct ynode *v,
		       void *target, const struct ctx *c)
{
	const char *key = k->name;
	enum ref_type t = k->ref;
	if (tagged(L, v))
		return;
	if (v->type != YN_SCALAR || is_null(v)) {
		err(L, v->pos, MSG_TYPE, key, fmt_ref_one[t], desc(v));
		return;
	}
	ref_node(L, t, SLOT_TYPED, target, v, c);
}

/* Orders (duplicate, first) pairs by the duplicate's place. */
static int cmp_pos_pair(const void *x, const void *y)
{
	const struct ynode *a = *(const struct ynode *const *)x;
	const struct ynode *b = *(const struct ynode *const *)y;
	if (a->pos.line != b->pos.line)
		return a->pos.line > b->pos.line ? 1 : -1;
	return (a->pos.col > b->pos.col) - (a->pos.col < b->pos.col);
}

static bool same_scalar(const struct ynode *a, const struct ynode *b)
{
	return a->type == YN_SCALAR && b->type == YN_SCALAR && !a->has_tag && !b->has_tag &&
	       SLEN(a) == SLEN(b) && !memcmp(SCALAR(a), SCALAR(b), SLEN(a)) && !is_null(a);
}

static int cmp_item(const void *x, const void *y)
{
	const struct ynode *a = *(const struct ynode *const *)x;
	const struct ynode *b = *(const struct ynode *const *)y;
	size_t n = SLEN(a) < SLEN(b) ? SLEN(a) : SLEN(b);
	int c = memcmp(SCALAR(a), SCALAR(b), n);
	if (!c)
		c = (SLEN(a) > SLEN(b)) - (SLEN(a) < SLEN(b));
	/* equal strings in list order: the first is the one kept */
	return c ? c : (a->pos.line != b->pos.line ? (a->pos.line > b->pos.line ? 1 : -1) :
			(a->pos.col > b->pos.col) - (a->pos.col < b->pos.col));
}

static void say_duplicate(struct loader *L, const char *key, const struct ynode *dup,
			  const struct ynode *first, const struct ctx *c)
{
	diag_at(L->d, DIAG_WARNING, dup->pos, MSG_DUPLICATE_ITEM, esc(L, SCALAR(dup), SLEN(dup)),
		key, where(L, c));
	diag_at(L->d, DIAG_NOTE, first->pos, MSG_FIRST_LISTED);
}

/*
 * A scalar listed twice ("regions: [X, X]") means nothing more than once:
 * a slip worth a warning at the second, not an error. Short lists (every
 * list of a service, nearly always) are compared pairwise; long ones
 * (a policy naming thousands of services) sorted.
 */
static void warn_duplicates(struct loader *L, const char *key, const struct ynode *v,
			    const struct ctx *c)
{
	size_t n = v->u.seq.n;
	struct ynode *const *it = v->u.seq.items;
	if (n <= 16) {
		for (size_t i = 1; i < n; i++)
			for (size_t j = 0; j < i; j++)
				if (same_scalar(it[i], it[j])) {
					say_duplicate(L, key, it[i], it[j], c);
					break;
				}
		return;
	}
	const struct ynode **s = xmalloc(n * sizeof *s);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (it[i]->type == YN_SCALAR && !it[i]->has_tag && !is_null(it[i]))
			s[k++] = it[i];
	xqsort(s, k, sizeof *s, cmp_item);
	/* pairs (duplicate, first) then told in list order */
	const struct ynode **d = xmalloc(2 * k * sizeof *d + 1);
	size_t nd = 0;
	for (size_t i = 1, first = 0; i < k; i++) {
		if (!same_scalar(s[i], s[first])) {
			first = i;
			continue;
		}
		d[2 * nd] = s[i];
		d[2 * nd++ + 1] = s[first];
	}
	xqsort(d, nd, 2 * sizeof *d, cmp_pos_pair);
	for (size_t i = 0; i < nd; i++)
		say_duplicate(L, key, d[2 * i], d[2 * i + 1], c);
	free(d);
	free(s);
}

/*
 * What the items of list key k are, from the table: "region ids",
 * "strings", "mappings with 'data', 'subjects', 'purposes' and 'volume'"
 * (error paths only: in the document arena).
 */
static const char *items_what(struct loader *L, const struct fmt_key *k)
{
	switch (k->type) {
	case FMT_IDS:
		return fmt_ref_items[k->ref];
	case FMT_WORDS:
		return k->words->plural;
	case FMT_ENTRIES: {
		struct strbuf sb = STRBUF_INIT;
		if (k->flags & FMT_OR_ID)
			sb_addf(&sb, "%s or ", fmt_ref_items[k->ref]);
		sb_adds(&sb, "mappings with ");
		const struct fmt_entry *e = k->entry;
		for (int i = 0; i < e->nkeys; i++)
			sb_addf(&sb, "%s'%s'", !i ? "" : i + 1 < e->nkeys ? ", " : " and ",
				e->keys[i].name);
		const char *r = arena_strndup(L->doc, sb.buf, sb.len);
		sb_release(&sb);
		return r;
	}
	default:
		return "strings";
	}
}

/*
 * A list value of key k (a list type of the table): returns its item
 * count (0 allowed unless FMT_NONEMPTY), or -1 after an error.
 */
static long get_list(struct loader *L, const struct fmt_key *k, const struct ynode *v,
		     const struct ctx *c)
{
	const char *key = k->name;
	if (tagged(L, v))
		return -1;
	if (v->type != YN_SEQ) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "a list of %s", items_what(L, k));
		err(L, v->pos, MSG_TYPE, key, sb.buf, desc(v));
		sb_release(&sb);
		return -1;
	}
	if ((k->flags & FMT_NONEMPTY) && !v->u.seq.n) {
		err(L, v->pos, MSG_EMPTY_LIST, key, where(L, c));
		return -1;
	}
	if (v->u.seq.n > 1)
		warn_duplicates(L, key, v, c);
	return (long)v->u.seq.n;
}

/* The item of a list of ids, or NULL after an error. */
static const struct ynode *id_item(struct loader *L, const char *key, const struct ynode *it,
				   const char *what)
{
	if (tagged(L, it))
		return NULL;
	if (it->type != YN_SCALAR || is_null(it)) {
		err(L, it->pos, MSG_ITEM_TYPE, key, what, desc(it));
		return NULL;
	}
	return it;
}

/* A list of region ids (key k): the number of entries stored at *out
 * (left alone when 0). */
static size_t region_refs(struct loader *L, const struct fmt_key *k, const struct ynode *v,
			  struct region_ref **out, const struct ctx *c)
{
	long n = get_list(L, k, v, c);
	if (n <= 0)
		return 0;
	struct region_ref *a = POOL_ARRAY(L, n, struct region_ref);
	*out = a;
	for (long i = 0; i < n; i++) {
		const struct ynode *it = id_item(L, k->name, v->u.seq.items[i], fmt_ref_items[k->ref]);
		a[i].pos = v->u.seq.items[i]->pos;
		if (it)
			ref_node(L, k->ref, SLOT_TYPED, &a[i].region, it, c);
	}
	return (size_t)n;
}

/* A list of jurisdiction ids (key k), as region_refs. */
static size_t jur_refs(struct loader *L, const struct fmt_key *k, const struct ynode *v,
		       struct jur_ref **out, const struct ctx *c)
{
	long n = get_list(L, k, v, c);
	if (n <= 0)
		return 0;
	struct jur_ref *a = POOL_ARRAY(L, n, struct jur_ref);
	*out = a;
	for (long i = 0; i < n; i++) {
		const struct ynode *it = id_item(L, k->name, v->u.seq.items[i], fmt_ref_items[k->ref]);
		a[i].pos = v->u.seq.items[i]->pos;
		if (it)
			ref_node(L, k->ref, SLOT_TYPED, &a[i].jur, it, c);
	}
	return (size_t)n;
}

/* A list of terms (key k: data, subjects, purposes) into a pointer array. */
static void term_refs(struct loader *L, const struct fmt_key *k, const struct ynode *v,
		      struct term ***out, size_t *nout, const struct ctx *c)
{
	long n = get_list(L, k, v, c);
	if (n <= 0)
		return;
	struct term **a = POOL_ARRAY(L, n, struct term *);
	*out = a;
	*nout = (size_t)n;
	for (long i = 0; i < n; i++) {
		const struct ynode *it = id_item(L, k->name, v->u.seq.items[i], fmt_ref_items[k->ref]);
		if (it)
			ref_node(L, k->ref, SLOT_TYPED, &a[i], it, c);
	}
}

/* ---- entries ---- */

struct head {
	const char *id;
	struct pos *pos;
	bool *builtin;
};

#define HEAD_OF(T, o) do { T *x_ = (o); h.id = x_->id; h.pos = &x_->pos; h.builtin = &x_->builtin; } while (0)

static struct head head_of(enum obj_kind k, void *o)
{
	struct head h = { NULL, NULL, NULL };
	switch (k) {
	case OBJ_PROVIDER: HEAD_OF(struct provider, o); break;
	case OBJ_REGION: HEAD_OF(struct region, o); break;
	case OBJ_JUR: HEAD_OF(struct jur, o); break;
	case OBJ_DATA: case OBJ_SUBJECT: case OBJ_PURPOSE: HEAD_OF(struct term, o); break;
	case OBJ_TENANT: HEAD_OF(struct tenant, o); break;
	case OBJ_SERVICE: HEAD_OF(struct service, o); break;
	case OBJ_POLICY: HEAD_OF(struct policy, o); break;
	case OBJ__COUNT: break;
	}
	return h;
}

static void *model_add(struct model *m, enum obj_kind k, const char *id, struct pos pos, bool group)
{
	switch (k) {
	case OBJ_PROVIDER: return model_add_provider(m, id, pos);
	case OBJ_REGION: return model_add_region(m, id, pos);
	case OBJ_JUR: return model_add_jur(m, id, pos, group);
	case OBJ_DATA: return model_add_data(m, id, pos);
	case OBJ_SUBJECT: return model_add_subject(m, id, pos);
	case OBJ_PURPOSE: return model_add_purpose(m, id, pos);
	case OBJ_TENANT: return model_add_tenant(m, id, pos);
	case OBJ_SERVICE: return model_add_service(m, id, pos);
	case OBJ_POLICY: return model_add_policy(m, id, pos);
	case OBJ__COUNT: break;
	}
	return NULL;
}

static void *model_find(struct model *m, enum obj_kind k, const char *id)
{
	switch (k) {
	case OBJ_PROVIDER: return model_find_provider(m, id);
	case OBJ_REGION: return model_find_region(m, id);
	case OBJ_JUR: return model_find_jur(m, id);
	case OBJ_DATA: return model_find_data(m, id);
	case OBJ_SUBJECT: return model_find_subject(m, id);
	case OBJ_PURPOSE: return model_find_purpose(m, id);
	case OBJ_TENANT: return model_find_tenant(m, id);
	case OBJ_SERVICE: return model_find_service(m, id);
	case OBJ_POLICY: return model_find_policy(m, id);
	case OBJ__COUNT: break;
	}
	return NULL;
}

static const size_t obj_size[OBJ__COUNT] = {
	sizeof(struct provider), sizeof(struct region), sizeof(struct jur),
	sizeof(struct term), sizeof(struct term), sizeof(struct term),
	sizeof(struct tenant), sizeof(struct service), sizeof(struct policy),
};

/* A throwaway object for an entry that cannot be kept (a duplicate), so
 * that its fields are still checked. */
static void *scratch(struct loader *L, enum obj_kind k, const char *id, struct pos pos)
{
	void *o = model_alloc(L->m, obj_size[k]);
	switch (k) {
	case OBJ_PROVIDER: ((struct provider *)o)->id = id; break;
	case OBJ_REGION: ((struct region *)o)->id = id; break;
	case OBJ_JUR: ((struct jur *)o)->id = id; break;
	case OBJ_DATA: case OBJ_SUBJECT: case OBJ_PURPOSE: ((struct term *)o)->id = id; break;
	case OBJ_TENANT: ((struct tenant *)o)->id = id; break;
	case OBJ_SERVICE: ((struct service *)o)->id = id; break;
	case OBJ_POLICY: ((struct policy *)o)->id = id; break;
	case OBJ__COUNT: break;
	}
	*head_of(k, o).pos = pos;
	if (k == OBJ_POLICY)
		((struct policy *)o)->severity = SEV_ERROR;
	return o;
}

/* A user entry with `override: true` replaces a built-in one's fields. */
static void reset_builtin(enum obj_kind k, void *o, struct pos pos, bool group)
{
	switch (k) {
	case OBJ_PROVIDER: {
		struct provider *p = o;
		*p = (struct provider){ .id = p->id, .index = p->index };
		p->pos = pos;
		break;
	}
	case OBJ_REGION: {
		struct region *r = o;
		*r = (struct region){ .id = r->id, .index = r->index };
		r->pos = pos;
		break;
	}
	case OBJ_JUR: {
		struct jur *j = o;
		*j = (struct jur){ .id = j->id, .index = j->index, .is_group = group };
		j->pos = pos;
		break;
	}
	default:
		break;
	}
}

static bool plain_true(const struct ynode *v)
{
	return v && v->type == YN_SCALAR && v->plain && !strcmp(SCALAR(v), "true");
}

/*
 * Creates the object for an entry, or decides what a second definition
 * of an id means: a refinement (taxonomy over the built-in one), an
 * override (`override: true` over a built-in region, provider or
 * jurisdiction), or a duplicate (error; the fields go to a scratch
 * object so that they are still checked). *fresh: a new object.
 */
static void *begin_entry(struct loader *L, enum obj_kind k, const char *id, struct pos pos,
			 const struct ynode *fields, bool *fresh)
{
	bool group = k == OBJ_JUR && fields && ynode_get(fields, "members");
	void *o = model_add(L->m, k, id, pos, group);
	*fresh = o != NULL;
	if (o) {
		*head_of(k, o).builtin = L->catalog;
		return o;
	}
	o = model_find(L->m, k, id);
	struct head h = head_of(k, o);
	if (*h.builtin && !L->catalog) {
		if (k == OBJ_DATA || k == OBJ_SUBJECT || k == OBJ_PURPOSE) {
			*h.pos = pos;
			*h.builtin = false;
			return o;
		}
		if (fields && plain_true(ynode_get(fields, "override"))) {
			reset_builtin(k, o, pos, group);
			return o;
		}
		err(L, pos, MSG_BUILTIN, obj_noun(k), id);
		diag_at(L->d, DIAG_NOTE, *h.pos, MSG_BUILTIN_HERE);
	} else {
		err(L, pos, MSG_DUPLICATE, obj_noun(k), id);
		diag_at(L->d, DIAG_NOTE, *h.pos, MSG_FIRST_HERE);
	}
	return scratch(L, k, h.id, pos);
}

/* `override: true|false`: checked for its type; meaningless on a new id. */
static void field_override(struct loader *L, const struct ynode *v, bool fresh,
			   const struct ctx *c)
{
	bool b;
	if (get_bool(L, "override", v, &b) < 0 || !b || !fresh)
		return;
	diag_at(L->d, DIAG_WARNING, v->pos, MSG_OVERRIDE_NOTHING, obj_noun((enum obj_kind)c->kind), c->id);
}

#define PAIRS(f) for (size_t i_ = 0, n_ = (f) ? (f)->u.map.n : 0; i_ < n_; i_++)
#define KEY(f) ((f)->u.map.pairs[i_].key)
#define VAL(f) ((f)->u.map.pairs[i_].value)

/* "SUBJECT has no 'KEY'" at pos for each required key of e (format.c)
 * that c has not seen; subject NULL: the entry c names. */
static void check_required(struct loader *L, const struct fmt_entry *e, const struct ctx *c,
			   struct pos pos, const char *subject)
{
	for (int i = 0; i < e->nkeys; i++)
		if ((e->keys[i].flags & FMT_REQUIRED) && !(c->seen & 1u << i))
			err(L, pos, MSG_MISSING, subject ? subject : where(L, c), e->keys[i].name);
}

static void load_provider(struct loader *L, struct provider *p, const struct ynode *f, bool fresh)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_PROVIDER];
	struct ctx c = { OBJ_PROVIDER, p->id, NULL, 0, 0 };
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case PV_NAME:
			p->name = get_str(L, k, v);
			break;
		case PV_HQ:
			ref_scalar(L, k, v, &p->hq, &c);
			break;
		case PV_LAWS: {
			long n = get_list(L, k, v, &c);
			if (n <= 0)
				break;
			p->laws = POOL_ARRAY(L, n, const char *);
			for (long j = 0; j < n; j++) {
				const char *s = get_str(L, k, v->u.seq.items[j]);
				if (s)
					p->laws[p->nlaws++] = s;
			}
			break;
		}
		case PV_OVERRIDE:
			field_override(L, v, fresh, &c);
			break;
		}
	}
}

static void load_region(struct loader *L, struct region *r, const struct ynode *f,
			struct pos pos, bool fresh)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_REGION];
	struct ctx c = { OBJ_REGION, r->id, NULL, 0, 0 };
	const char *colon = strchr(r->id, ':');
	size_t plen = (size_t)(colon - r->id);
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case RG_NAME:
			r->name = get_str(L, k, v);
			break;
		case RG_PROVIDER:
			if (v->type == YN_SCALAR && !v->has_tag && !is_null(v) &&
			    (SLEN(v) != plen || memcmp(SCALAR(v), r->id, plen))) {
				const char *pre = arena_strndup(L->doc, r->id, plen);
				err(L, v->pos, MSG_REGION_PROVIDER, r->id, esc(L, SCALAR(v), SLEN(v)), pre);
				break;
			}
			ref_scalar(L, k, v, &r->provider, &c);
			break;
		case RG_COUNTRY:
			ref_scalar(L, k, v, &r->country, &c);
			break;
		case RG_CITY:
			r->city = get_str(L, k, v);
			break;
		case RG_PAIR:
			ref_scalar(L, k, v, &r->pair, &c);
			break;
		case RG_OPERATOR:
			ref_scalar(L, k, v, &r->operator, &c);
			break;
		case RG_RETIRED:
			r->retired = get_str(L, k, v);
			break;
		case RG_MEMBERS:
			r->nmembers = (uint32_t)region_refs(L, k, v, &r->members, &c);
			break;
		case RG_OVERRIDE:
			field_override(L, v, fresh, &c);
			break;
		}
	}
	/* the provider of "azure:westeurope" is "azure" unless said otherwise */
	if (!(c.seen & 1u << RG_PROVIDER)) {
		const char *pid = model_intern(L->m, r->id, plen);
		load_ref(L, R_PROVIDER, SLOT_TYPED, &r->provider, pid, pos, OBJ_REGION, r->id);
	}
	/* one of country and members: a multi-region is where its members are */
	unsigned place = c.seen & e->one_of;
	if (place & (place - 1))
		err(L, pos, MSG_MULTI_COUNTRY, r->id);
	else if (!place)
		err(L, pos, MSG_MISSING_PLACE, where(L, &c));
}

static bool country_code(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && !s[2];
}

static void load_jur(struct loader *L, struct jur *j, const struct ynode *f,
		     struct pos pos, bool fresh)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_JUR];
	struct ctx c = { OBJ_JUR, j->id, NULL, 0, 0 };
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case JU_NAME:
			j->name = get_str(L, k, v);
			break;
		case JU_MEMBERS: {
			long n = get_list(L, k, v, &c);
			if (n <= 0)
				break;
			j->members = POOL_ARRAY(L, n, struct jur *);
			j->nmembers = (size_t)n;
			for (long m = 0; m < n; m++) {
				const struct ynode *it = id_item(L, k->name, v->u.seq.items[m],
								 fmt_ref_items[k->ref]);
				if (it)
					ref_node(L, k->ref, SLOT_TYPED, &j->members[m], it, &c);
			}
			break;
		}
		case JU_OVERRIDE:
			field_override(L, v, fresh, &c);
			break;
		}
	}
	if (!(c.seen & 1u << JU_MEMBERS) && !country_code(j->id))
		err(L, pos, MSG_COUNTRY_CODE, j->id);
}

static void load_tenant(struct loader *L, struct tenant *t, const struct ynode *f)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_TENANT];
	struct ctx c = { OBJ_TENANT, t->id, NULL, 0, 0 };
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case TN_NAME:
			t->name = get_str(L, k, v);
			break;
		case TN_COUNTRY:
			ref_scalar(L, k, v, &t->country, &c);
			break;
		case TN_STATUS: {
			int s = get_word(L, k->name, v, k->words, &c);
			if (s >= 0)
				t->status = (enum tenant_status)s;
			break;
		}
		}
	}
}

/* Data categories, subjects and purposes: refining a built-in one sets
 * only the fields given. Each has a name and a description; data a
 * sensitivity, subjects a jurisdiction. */
static void load_term(struct loader *L, enum obj_kind kind, struct term *t, const struct ynode *f)
{
	const struct fmt_entry *e = &fmt_objects[kind];
	struct ctx c = { (int)kind, t->id, NULL, 0, 0 };
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		if (i < 0)
			continue;
		const struct fmt_key *k = &e->keys[i];
		if (i == TM_NAME) {
			t->name = get_str(L, k, v);
		} else if (i == TM_DESCRIPTION) {
			t->description = get_str(L, k, v);
		} else if (kind == OBJ_DATA && i == TM_SENSITIVITY) {
			int s = get_word(L, k->name, v, k->words, &c);
			if (s >= 0)
				t->sensitivity = k->words->name(s);
		} else if (kind == OBJ_SUBJECT && i == TS_JURISDICTION) {
			ref_scalar(L, k, v, &t->jurisdiction, &c);
		}
	}
}

static void load_stores(struct loader *L, struct service *s, const struct fmt_key *sk,
			const struct ynode *v)
{
	const struct fmt_entry *e = sk->entry;
	struct ctx c = { OBJ_SERVICE, s->id, NULL, 0, 0 };
	long n = get_list(L, sk, v, &c);
	if (n <= 0)
		return;
	s->stores = POOL_ARRAY(L, n, struct store);
	s->nstores = (size_t)n;
	for (long i = 0; i < n; i++) {
		const struct ynode *it = v->u.seq.items[i];
		struct store *st = &s->stores[i];
		struct ctx sc = { OBJ_SERVICE, s->id, sk->name, 0, 0 };
		st->pos = it->pos;
		if (tagged(L, it))
			continue;
		if (it->type != YN_MAP) {
			err(L, it->pos, MSG_ITEM_TYPE, sk->name, items_what(L, sk), desc(it));
			continue;
		}
		PAIRS(it) {
			const struct ynode *iv = VAL(it);
			int ki = key_index(L, e, KEY(it), &sc);
			const struct fmt_key *k = &e->keys[ki < 0 ? 0 : ki];
			switch (ki) {
			case ST_DATA:
				term_refs(L, k, iv, &st->data, &st->ndata, &sc);
				break;
			case ST_SUBJECTS:
				term_refs(L, k, iv, &st->subjects, &st->nsubjects, &sc);
				break;
			case ST_PURPOSES:
				term_refs(L, k, iv, &st->purposes, &st->npurposes, &sc);
				break;
			case ST_VOLUME:
				st->volume = get_str(L, k, iv);
				break;
			}
		}
		check_required(L, e, &sc, it->pos, "a 'stores' entry");
	}
}

static void dep_target(struct loader *L, struct service *s, struct dep *d, const struct ynode *v,
		       const struct ctx *c)
{
	if (tagged(L, v))
		return;
	if (v->type != YN_SCALAR || is_null(v)) {
		err(L, v->pos, MSG_TYPE, "service", fmt_ref_one[R_SERVICE], desc(v));
		return;
	}
	if (!strcmp(SCALAR(v), s->id)) {
		err(L, v->pos, MSG_SELF_DEPENDENCY, s->id);
		return;
	}
	ref_node(L, R_SERVICE, SLOT_TYPED, &d->to, v, c);
}

static void load_deps(struct loader *L, struct service *s, const struct fmt_key *dk,
		      const struct ynode *v)
{
	const struct fmt_entry *e = dk->entry;
	struct ctx c = { OBJ_SERVICE, s->id, NULL, 0, 0 };
	long n = get_list(L, dk, v, &c);
	if (n <= 0)
		return;
	s->deps = POOL_ARRAY(L, n, struct dep);
	s->ndeps = (size_t)n;
	for (long i = 0; i < n; i++) {
		const struct ynode *it = v->u.seq.items[i];
		struct dep *d = &s->deps[i];
		struct ctx dc = { OBJ_SERVICE, s->id, dk->name, 0, 0 };
		d->pos = it->pos;
		if (tagged(L, it))
			continue;
		if (it->type == YN_SCALAR && !is_null(it)) {
			dep_target(L, s, d, it, &c);
			continue;
		}
		if (it->type != YN_MAP) {
			err(L, it->pos, MSG_ITEM_TYPE, dk->name, items_what(L, dk), desc(it));
			continue;
		}
		PAIRS(it) {
			const struct ynode *iv = VAL(it);
			int ki = key_index(L, e, KEY(it), &dc);
			const struct fmt_key *k = &e->keys[ki < 0 ? 0 : ki];
			switch (ki) {
			case DP_SERVICE:
				dep_target(L, s, d, iv, &c);
				break;
			case DP_SENDS:
				term_refs(L, k, iv, &d->sends, &d->nsends, &dc);
				break;
			case DP_RECEIVES:
				term_refs(L, k, iv, &d->receives, &d->nreceives, &dc);
				break;
			}
		}
		check_required(L, e, &dc, it->pos, "a 'depends_on' entry");
	}
}

static void load_service(struct loader *L, struct service *s, const struct ynode *f, struct pos pos)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_SERVICE];
	struct ctx c = { OBJ_SERVICE, s->id, NULL, 0, 0 };
	s->kind = KIND_OTHER;
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		int i = key_index(L, e, KEY(f), &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case SV_NAME:
			s->name = get_str(L, k, v);
			break;
		case SV_TENANT:
			ref_scalar(L, k, v, &s->tenant, &c);
			break;
		case SV_KIND: {
			int w = get_word(L, k->name, v, k->words, &c);
			if (w >= 0)
				s->kind = (enum svc_kind)w;
			break;
		}
		case SV_REGIONS:
			s->nregions = (uint32_t)region_refs(L, k, v, &s->regions, &c);
			break;
		case SV_REDUNDANCY: {
			int w = get_word(L, k->name, v, k->words, &c);
			if (w >= 0) {
				s->redundancy = (enum redundancy)w;
				s->redundancy_pos = v->pos;
			}
			break;
		}
		case SV_REPLICAS:
			s->nreplicas = (uint32_t)region_refs(L, k, v, &s->replicas, &c);
			break;
		case SV_ACCESS_FROM:
			s->naccess_from = (uint32_t)jur_refs(L, k, v, &s->access_from, &c);
			break;
		case SV_STORES:
			load_stores(L, s, k, v);
			break;
		case SV_DEPENDS_ON:
			load_deps(L, s, k, v);
			break;
		case SV_PURPOSES: {
			size_t n = 0;
			term_refs(L, k, v, &s->purposes, &n, &c);
			s->npurposes = (uint32_t)n;
			break;
		}
		}
	}
	check_required(L, e, &c, pos, NULL);
}

static void load_selector(struct loader *L, struct policy *p, const char *what,
			  const struct ynode *v, struct selector *sel)
{
	const struct fmt_entry *e = &fmt_selector;   /* keys in enum sel_key order */
	struct ctx c = { OBJ_POLICY, p->id, what, 0, 0 };
	sel->pos = v->pos;
	if (tagged(L, v))
		return;
	if (v->type != YN_MAP) {
		err(L, v->pos, MSG_TYPE, what, "a mapping of match keys", desc(v));
		return;
	}
	PAIRS(v) {
		const struct ynode *lv = VAL(v);
		int i = key_index(L, e, KEY(v), &c);
		if (i < 0)
			continue;
		const struct fmt_key *k = &e->keys[i];
		long n = get_list(L, k, lv, &c);
		if (n <= 0)
			continue;
		sel->has[i] = true;
		if (k->type == FMT_WORDS) {
			for (long j = 0; j < n; j++) {
				int w = get_word(L, k->words->noun, lv->u.seq.items[j], k->words, &c);
				if (w < 0)
					continue;
				if (i == SEL_KINDS)
					sel->kinds |= 1u << w;
				else
					sel->modes |= 1u << w;
			}
			continue;
		}
		sel->items[i] = POOL_ARRAY(L, n, const void *);
		sel->n[i] = (size_t)n;
		for (long j = 0; j < n; j++) {
			const struct ynode *it = id_item(L, k->name, lv->u.seq.items[j],
							 fmt_ref_items[k->ref]);
			if (it)
				ref_node(L, k->ref, SLOT_ANY, &sel->items[i][j], it, &c);
		}
	}
}

static void load_policy(struct loader *L, struct policy *p, const struct ynode *f, struct pos pos)
{
	const struct fmt_entry *e = &fmt_objects[OBJ_POLICY];
	struct ctx c = { OBJ_POLICY, p->id, NULL, 0, 0 };
	bool effect_error = false;
	PAIRS(f) {
		const struct ynode *v = VAL(f);
		const struct ynode *key = KEY(f);
		int i = key_index(L, e, key, &c);
		const struct fmt_key *k = &e->keys[i < 0 ? 0 : i];
		switch (i) {
		case PO_DESCRIPTION:
			p->description = get_str(L, k, v);
			break;
		case PO_SEVERITY: {
			int s = get_word(L, k->name, v, k->words, &c);
			if (s >= 0)
				p->severity = (enum severity)s;
			break;
		}
		case PO_MATCH:
			load_selector(L, p, k->name, v, &p->match);
			break;
		case PO_EXCEPT:
			p->has_except = true;
			load_selector(L, p, k->name, v, &p->except);
			break;
		case PO_DENY:
			p->deny_pos = key->pos;
			if (get_bool(L, k->name, v, &p->deny) < 0)
				effect_error = true;
			break;
		case PO_ALLOW_IN: {
			p->allow_in_pos = key->pos;
			/* an empty allow_in reads as "nowhere": say what that is */
			if (v->type == YN_SEQ && !v->has_tag && !v->u.seq.n) {
				err(L, v->pos, MSG_EMPTY_ALLOW_IN, where(L, &c));
				effect_error = true;
				break;
			}
			long n = get_list(L, k, v, &c);
			if (n <= 0) {
				effect_error = true;
				break;
			}
			p->has_allow_in = true;
			p->allow_in = POOL_ARRAY(L, n, struct place);
			p->nallow_in = (size_t)n;
			for (long j = 0; j < n; j++) {
				const struct ynode *it = id_item(L, k->name, v->u.seq.items[j],
								 fmt_ref_items[k->ref]);
				p->allow_in[j].pos = v->u.seq.items[j]->pos;
				if (it)
					ref_node(L, k->ref, SLOT_PLACE, &p->allow_in[j], it, &c);
			}
			break;
		}
		case PO_DENY_REACH:
			p->deny_reach_pos = key->pos;
			p->ndeny_reach = jur_refs(L, k, v, &p->deny_reach, &c);
			if (!p->ndeny_reach)
				effect_error = true;
			break;
		}
	}
	/* the effect (any_of in the table): deny true, allow_in or deny_reach */
	if (!p->deny && !p->has_allow_in && !p->ndeny_reach && !effect_error)
		err(L, pos, MSG_NO_EFFECT, p->id);
}

/* ---- sections ---- */

static void load_entry(struct loader *L, enum obj_kind k, const struct ynode *key,
		       const struct ynode *val)
{
	if (tagged(L, key))
		return;
	const char *id = decl_id(L, k, key);
	if (!id || tagged(L, val))
		return;
	const struct ynode *f = val;
	if (is_null(val)) {
		f = NULL;
	} else if (val->type != YN_MAP) {
		err(L, val->pos, MSG_ENTRY_TYPE, obj_noun(k), id, desc(val));
		return;
	}
	bool fresh;
	void *o = begin_entry(L, k, id, key->pos, f, &fresh);
	switch (k) {
	case OBJ_PROVIDER: load_provider(L, o, f, fresh); break;
	case OBJ_REGION: load_region(L, o, f, key->pos, fresh); break;
	case OBJ_JUR: load_jur(L, o, f, key->pos, fresh); break;
	case OBJ_DATA: case OBJ_SUBJECT: case OBJ_PURPOSE: load_term(L, k, o, f); break;
	case OBJ_TENANT: load_tenant(L, o, f); break;
	case OBJ_SERVICE: load_service(L, o, f, key->pos); break;
	case OBJ_POLICY: load_policy(L, o, f, key->pos); break;
	case OBJ__COUNT: break;
	}
}

static void load_section(struct loader *L, enum section s, const struct ynode *v)
{
	enum obj_kind k = fmt_sections[s].kind;
	if (tagged(L, v) || is_null(v))
		return;
	if (v->type != YN_MAP) {
		err(L, v->pos, MSG_SECTION_TYPE, fmt_sections[s].name, obj_noun(k), desc(v));
		return;
	}
	for (size_t i = 0; i < v->u.map.n; i++)
		load_entry(L, k, v->u.map.pairs[i].key, v->u.map.pairs[i].value);
}

static void load_version(struct loader *L, const struct ynode *v)
{
	if (tagged(L, v))
		return;
	if (v->type != YN_SCALAR) {
		err(L, v->pos, MSG_TYPE, "resmap", "the number 1", desc(v));
		return;
	}
	if (!v->plain) {
		err(L, v->pos, MSG_VERSION_QUOTED);
		return;
	}
	if (strcmp(SCALAR(v), "1")) {
		err(L, v->pos, MSG_VERSION, esc(L, SCALAR(v), SLEN(v)));
		return;
	}
	L->m->version = 1;
}

static void load_catalog_meta(struct loader *L, const struct ynode *v)
{
	const struct fmt_entry *e = &fmt_catalog_meta;
	struct ctx c = { -1, "catalog", NULL, 0, 0 };
	if (tagged(L, v))
		return;
	if (v->type != YN_MAP) {
		err(L, v->pos, MSG_TYPE, "catalog", "a mapping", desc(v));
		return;
	}
	PAIRS(v) {
		int i = key_index(L, e, KEY(v), &c);
		if (i < 0)
			continue;
		const char *s = get_str(L, &e->keys[i], VAL(v));
		if (i == CT_VERSION)
			L->m->catalog_version = s;
		else if (i == CT_SOURCES_DATE)
			L->m->catalog_sources_date = s;
	}
}

/*
 * What a document found in a directory is when it is clearly not an
 * inventory (NULL when it may be one): a repository's root also holds
 * Kubernetes manifests, Compose files and CI workflows. A document with
 * a `resmap` key, or any top-level key that is a section or near one
 * (a typo: "servces"), is an inventory, so its mistakes stay errors.
 */
static const char *foreign(const struct ynode *root)
{
	if (root->type == YN_SEQ)
		return "a list (Ansible and others)";
	if (root->type != YN_MAP)
		return "a lone scalar";
	if (ynode_get(root, "resmap"))
		return NULL;
	if (ynode_get(root, "apiVersion") && ynode_get(root, "kind"))
		return "a Kubernetes-style manifest (apiVersion, kind)";
	const struct ynode *svcs = ynode_get(root, "services");
	if (svcs && svcs->type == YN_MAP)
		for (size_t i = 0; i < svcs->u.map.n; i++) {
			const struct ynode *v = svcs->u.map.pairs[i].value;
			if (v->type == YN_MAP && (ynode_get(v, "image") || ynode_get(v, "build")))
				return "a Compose file (services with image or build)";
		}
	for (size_t i = 0; i < root->u.map.n; i++) {
		const struct ynode *k = root->u.map.pairs[i].key;
		if (k->type != YN_SCALAR)
			continue;
		const char *key = k->u.scalar.s;
		if (key[0] == 'x' && key[1] == '-')
			continue;
		struct suggest sg;
		suggest_init(&sg, key);
		for (int s = 0; s < SEC__COUNT; s++) {
			if (!strcmp(key, fmt_sections[s].name))
				return NULL;
			suggest_add(&sg, fmt_sections[s].name);
		}
		if (suggest_best(&sg))
			return NULL;
	}
	return "no resmap section";
}

int load_document(void *ctx, const struct ynode *root, struct arena *a)
{
	struct loader *L = ctx;
	L->doc = a;
	if (!root || tagged(L, root) || is_null(root))
		return 0;
	const char *what = L->walked ? foreign(root) : NULL;
	if (what) {
		if (L->o->verbose)
			diag_at(L->d, DIAG_NOTE, root->pos, MSG_SKIPPED_FOREIGN, what);
		return 0;
	}
	if (root->type != YN_MAP) {
		err(L, root->pos, MSG_NOT_MAPPING_DOC, desc(root));
		return 0;
	}
	for (size_t i = 0; i < root->u.map.n; i++) {
		const struct ynode *k = root->u.map.pairs[i].key, *v = root->u.map.pairs[i].value;
		int s;
		for (s = 0; s < SEC__COUNT; s++)
			if (!strcmp(SCALAR(k), fmt_sections[s].name))
				break;
		/* "x-" keys hold what anchors refer to (as in Compose files) */
		if (s == SEC__COUNT && SCALAR(k)[0] == 'x' && SCALAR(k)[1] == '-')
			continue;
		if (s == SEC__COUNT) {
			if (tagged(L, k))
				continue;
			struct suggest sg;
			suggest_init(&sg, SCALAR(k));
			for (int j = 0; j < SEC__COUNT; j++)
				if (j != SEC_CATALOG || L->catalog)
					suggest_add(&sg, fmt_sections[j].name);
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, MSG_UNKNOWN_SECTION, esc(L, SCALAR(k), SLEN(k)));
			if (!suggest_best(&sg))
				sb_adds(&sb, MSG_X_KEYS);
			err_sb(L, k->pos, &sb, suggest_best(&sg));
			continue;
		}
		if (tagged(L, k))
			continue;
		switch ((enum section)s) {
		case SEC_RESMAP:
			load_version(L, v);
			break;
		case SEC_CATALOG:
			if (!L->catalog)
				err(L, k->pos, MSG_CATALOG_ONLY);
			else
				load_catalog_meta(L, v);
			break;
		default:
			load_section(L, (enum section)s, v);
			break;
		}
	}
	return 0;
}
