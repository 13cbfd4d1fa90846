/*
 * json: streaming writer with escaping; see json.h.
 */
#include "base/json.h"

#include <string.h>

#include "base/utf8.h"

void json_init(struct json *j, FILE *out, bool pretty)
{
	j->out = out;
	j->pretty = pretty;
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
	j->len = 0;
}

void json_flush(struct json *j)
{
	if (j->len)
		fwrite(j->buf, 1, j->len, j->out);
	j->len = 0;
}

static void put(struct json *j, const char *s, size_t n)
{
	if (j->len + n > JSON_BUF) {
		json_flush(j);
		if (n > JSON_BUF) {
			fwrite(s, 1, n, j->out);
			return;
		}
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void putch(struct json *j, char c)
{
	if (j->len == JSON_BUF)
		json_flush(j);
	j->buf[j->len++] = c;
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	putch(j, '\n');
	for (int i = 0; i < j->depth; i++)
		put(j, "  ", 2);
}

/* Before any value: comma and indentation, unless it follows a key. */
static void pre_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			putch(j, ',');
		j->need_comma[j->depth] = true;
		indent(j);
	}
}

static void open(struct json *j, char c)
{
	pre_value(j);
	putch(j, c);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		die("json nesting too deep");
	j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];
	j->depth--;
	if (had)
		indent(j);
	putch(j, c);
}

void json_obj_begin(struct json *j) { open(j, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j) { open(j, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

/* Printable ASCII but for the quote and the backslash: written as is. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void json_escape_sb(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		const unsigned char *run = p;
		while (p < end && plain(*p))
			p++;
		if (p > run)
			sb_add(sb, run, (size_t)(p - run));
		if (p == end)
			break;
		unsigned char c = *p;
		switch (c) {
		case '"': sb_adds(sb, "\\\""); p++; continue;
		case '\\': sb_adds(sb, "\\\\"); p++; continue;
		case '\n': sb_adds(sb, "\\n"); p++; continue;
		case '\r': sb_adds(sb, "\\r"); p++; continue;
		case '\t': sb_adds(sb, "\\t"); p++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			sb_addf(sb, "\\u%04x", c);
			p++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(p, (size_t)(end - p), &cp);
		if (!len) {
			sb_adds(sb, "\\ufffd");
			p++;
			continue;
		}
		/* U+2028/2029 break JavaScript embedding */
		if (cp == 0x2028 || cp == 0x2029) {
			sb_addf(sb, "\\u%04x", (unsigned)cp);
			p += len;
			continue;
		}
		sb_add(sb, p, len);
		p += len;
	}
}

void json_strn(struct json *j, const char *s, size_t n)
{
	pre_value(j);
	/* ids and names are nearly always plain ASCII: no copy for those
	 * (a million facts write some twenty million strings) */
	size_t i = 0;
	while (i < n && plain((unsigned char)s[i]))
		i++;
	if (i == n) {
		putch(j, '"');
		put(j, s, n);
		putch(j, '"');
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_addc(&sb, '"');
	json_escape_sb(&sb, s, n);
	sb_addc(&sb, '"');
	put(j, sb.buf, sb.len);
	sb_release(&sb);
}

void json_str(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_strn(j, s, strlen(s));
}

void json_key(struct json *j, const char *key)
{
	json_strn(j, key, strlen(key));
	put(j, ":", 1);
	if (j->pretty)
		putch(j, ' ');
	j->after_key = true;
}

void json_int(struct json *j, long long v)
{
	pre_value(j);
	char num[32];
	int n = snprintf(num, sizeof num, "%lld", v);
	put(j, num, (size_t)n);
}

void json_bool(struct json *j, bool v)
{
	pre_value(j);
	puts_(j, v ? "true" : "false");
}

void json_null(struct json *j)
{
	pre_value(j);
	puts_(j, "null");
}

void json_kstr(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kint(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_finish(struct json *j)
{
	putch(j, '\n');
	json_flush(j);
}
