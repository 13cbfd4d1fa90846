/*
 * yamlout: writes the inventories that `resmap import` produces. Block
 * style only, two-space indentation; quoting is decided per scalar so
 * that the file reads back as exactly the strings written (see yamlout.h
 * for the rules). Kept apart from the importers so that every writer of
 * YAML in resmap quotes the same way.
 */
#include "base/yamlout.h"

#include <stdarg.h>
#include <string.h>

#include "base/utf8.h"

void yout_init(struct yout *y, FILE *out)
{
	memset(y, 0, sizeof *y);
	y->out = out;
	sb_init(&y->tmp);
}

static void spaces(struct yout *y, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', y->out);
}

/* Ends the "key:" line that a collection left open (so that an empty
 * one could still become "key: {}"). */
static void settle(struct yout *y)
{
	if (y->line_owed) {
		fputc('\n', y->out);
		y->line_owed = false;
	}
}

/* Starts a line of content of the innermost collection. */
static void begin_line(struct yout *y)
{
	settle(y);
	y->empty[y->depth] = false;
	int in = y->indent[y->depth];
	if (y->dash_pending) {
		spaces(y, in - 2);
		fputs("- ", y->out);
		y->dash_pending = false;
	} else {
		spaces(y, in);
	}
}

/* Code points that YAML treats as line breaks or that are not printable:
 * never plain, always escaped. */
static bool cp_special(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
	       c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE ||
	       c == 0xFFFF;
}

static bool ieq(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = w[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

bool yaml_plain_ok(const char *s, size_t n)
{
	static const char *const reserved[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
		"<<", "=",
	};
	if (n == 0)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(reserved); i++)
		if (ieq(s, n, reserved[i]))
			return false;
	/* Leading indicators, and anything a resolver could take for a
	 * number, timestamp, .inf/.nan or document marker. */
	if (strchr("-?:,[]{}#&*!|>'\"%@`. +", s[0]))
		return false;
	if (s[0] >= '0' && s[0] <= '9')
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0 || cp_special(c))
			return false;
		if (c == ':' && i + 1 < n && s[i + 1] == ' ')
			return false;
		if (c == '#' && i > 0 && s[i - 1] == ' ')
			return false;
		i += l;
	}
	return true;
}

void yaml_scalar_sb(struct strbuf *sb, const char *s, size_t n)
{
	if (yaml_plain_ok(s, n)) {
		sb_add(sb, s, n);
		return;
	}
	const unsigned char *p = (const unsigned char *)s;
	sb_addc(sb, '"');
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0) {
			sb_adds(sb, "\\uFFFD");
			i++;
			continue;
		}
		switch (c) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case 0: sb_adds(sb, "\\0"); break;
		case 0x85: sb_adds(sb, "\\N"); break;
		case 0x2028: sb_adds(sb, "\\L"); break;
		case 0x2029: sb_adds(sb, "\\P"); break;
		default:
			if (cp_special(c))
				sb_addf(sb, c < 0x100 ? "\\x%02X" : "\\u%04X", c);
			else
				sb_add(sb, s + i, l);
		}
		i += l;
	}
	sb_addc(sb, '"');
}

static void put_scalar(struct yout *y, const char *s)
{
	sb_reset(&y->tmp);
	yaml_scalar_sb(&y->tmp, s ? s : "", s ? strlen(s) : 0);
	fwrite(y->tmp.buf, 1, y->tmp.len, y->out);
}

/* libyaml refuses an implicit key longer than 1024 characters (quotes
 * and escapes included): a longer one is written as an explicit key,
 * "? KEY" and the ':' on the next line, which any length may use. */
#define IMPLICIT_KEY_MAX 1000

static void put_key(struct yout *y, const char *key)
{
	sb_reset(&y->tmp);
	yaml_scalar_sb(&y->tmp, key ? key : "", key ? strlen(key) : 0);
	size_t chars = 0;
	for (size_t i = 0; i < y->tmp.len; i++)
		chars += ((unsigned char)y->tmp.buf[i] & 0xC0) != 0x80;
	if (chars <= IMPLICIT_KEY_MAX) {
		fwrite(y->tmp.buf, 1, y->tmp.len, y->out);
		return;
	}
	fputs("? ", y->out);
	fwrite(y->tmp.buf, 1, y->tmp.len, y->out);
	fputc('\n', y->out);
	spaces(y, y->indent[y->depth]);
}

static void push(struct yout *y, bool seq)
{
	if (y->depth + 1 >= YOUT_MAX_DEPTH)
		die("yaml nesting too deep");
	int in = y->indent[y->depth] + 2;
	y->depth++;
	y->is_seq[y->depth] = seq;
	y->empty[y->depth] = true;
	y->indent[y->depth] = in;
}

static void open_coll(struct yout *y, const char *key, bool seq)
{
	if (key) {
		begin_line(y);
		put_key(y, key);
		fputc(':', y->out);
		y->line_owed = true;
		push(y, seq);
	} else {
		/* An item of a sequence: its first line carries the dash. */
		settle(y);
		y->empty[y->depth] = false;
		push(y, seq);
		y->dash_pending = true;
	}
}

void yout_map(struct yout *y, const char *key) { open_coll(y, key, false); }
void yout_seq(struct yout *y, const char *key) { open_coll(y, key, true); }

void yout_end(struct yout *y)
{
	if (y->depth == 0)
		return;
	if (y->empty[y->depth]) {
		const char *e = y->is_seq[y->depth] ? "[]" : "{}";
		if (y->line_owed) {
			fprintf(y->out, " %s\n", e);
			y->line_owed = false;
		} else if (y->dash_pending) {
			spaces(y, y->indent[y->depth] - 2);
			fprintf(y->out, "- %s\n", e);
		}
	}
	y->dash_pending = false;
	settle(y);
	y->depth--;
}

void yout_kv(struct yout *y, const char *key, const char *value)
{
	begin_line(y);
	put_key(y, key);
	fputs(": ", y->out);
	put_scalar(y, value);
	y->line_owed = true;
}

void yout_kbool(struct yout *y, const char *key, bool value)
{
	begin_line(y);
	put_key(y, key);
	fputs(value ? ": true" : ": false", y->out);
	y->line_owed = true;
}

void yout_kint(struct yout *y, const char *key, long long value)
{
	begin_line(y);
	put_key(y, key);
	fprintf(y->out, ": %lld", value);
	y->line_owed = true;
}

void yout_item(struct yout *y, const char *value)
{
	begin_line(y);
	fputs("- ", y->out);
	put_scalar(y, value);
	y->line_owed = true;
}

void yout_klist(struct yout *y, const char *key, const char *const *items, size_t n)
{
	yout_seq(y, key);
	for (size_t i = 0; i < n; i++)
		yout_item(y, items[i]);
	yout_end(y);
}

void yout_comment(struct yout *y, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_reset(&y->tmp);
	sb_vaddf(&y->tmp, fmt, ap);
	va_end(ap);
	settle(y);
	int in = y->indent[y->depth];
	const unsigned char *p = (const unsigned char *)(y->tmp.buf ? y->tmp.buf : "");
	size_t n = y->tmp.len;
	bool open = false;
	/* YAML ends a comment at CR, LF, NEL, LS and PS: each of them starts
	 * a new comment line here, or the rest would be read as YAML */
	for (size_t i = 0; i <= n;) {
		if (!open) {
			spaces(y, in);
			fputc('#', y->out);
			open = true;
			if (i < n && !utf8_yaml_break(p + i, n - i))
				fputc(' ', y->out);
		}
		if (i == n)
			break;
		size_t br = utf8_yaml_break(p + i, n - i);
		if (br) {
			fputc('\n', y->out);
			open = false;
			i += br;
			continue;
		}
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (!l)
			fputs("\xEF\xBF\xBD", y->out);   /* U+FFFD: the output stays UTF-8 */
		else if (cp_special(c) || c == 0xFEFF)
			fputc(' ', y->out);
		else
			fwrite(p + i, 1, l, y->out);
		i += l ? l : 1;
	}
	fputc('\n', y->out);
}

void yout_blank(struct yout *y)
{
	settle(y);
	fputc('\n', y->out);
}

void yout_finish(struct yout *y)
{
	while (y->depth > 0)
		yout_end(y);
	settle(y);
	sb_release(&y->tmp);
}
