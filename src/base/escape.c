/*
 * escape: the escapers of escape.h. Each walks the text once, code point
 * by code point; bytes that are not valid UTF-8 are shown as \xNN (text)
 * or replaced by U+FFFD (Markdown, CSV), never passed on.
 */
#include "base/escape.h"

#include <string.h>

#include "base/utf8.h"

bool esc_cp_hidden(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return true;
	if (c < 0xAD)
		return false;
	return c == 0xAD || c == 0x061C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
	       c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

static void add_cp_escape(struct strbuf *sb, uint32_t c)
{
	if (c < 0x80)
		sb_addf(sb, "\\x%02x", (unsigned)c);
	else
		sb_addf(sb, "\\u%04X", (unsigned)c);
}

/* Blanks that the GitHub runner trims before looking for `::`
 * (.NET's char.IsWhiteSpace, less the line breaks handled above). */
static bool is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
	       c == 0x0B || c == 0x0C;
}

void esc_text(struct strbuf *sb, const char *s, const char *indent)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	bool line_start = true;
	for (size_t i = 0; i < n;) {
		size_t br = utf8_yaml_break(p + i, n - i);
		if (br && indent) {
			sb_addc(sb, '\n');
			sb_adds(sb, indent);
			line_start = true;
			i += br;
			continue;
		}
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (!l) {
			sb_addf(sb, "\\x%02x", p[i]);
			line_start = false;
			i++;
			continue;
		}
		if (line_start && !is_blank(c)) {
			line_start = false;
			if (c == ':' && i + 1 < n && p[i + 1] == ':') {
				/* `::command::` at a line start is a GitHub workflow command */
				sb_adds(sb, "\\x3a");
				i++;
				continue;
			}
		}
		if (c == '#' && i + 2 < n && p[i + 1] == '#' && p[i + 2] == '[') {
			/* `##[command]` anywhere in a line: the runner's older syntax */
			sb_adds(sb, "##\\x5b");
			i += 3;
			continue;
		}
		if (c != '\t' && esc_cp_hidden(c))
			add_cp_escape(sb, c);
		else
			sb_add(sb, p + i, l);
		i += l;
	}
}

/* True when esc_text(s, NULL) would copy s unchanged. check writes
 * hundreds of thousands of lines through it: one table look-up a byte. */
static bool text_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p == ' ')
		p++;
	if (p[0] == ':' && p[1] == ':')
		return false;   /* `::` where the line starts */
	for (;; p++) {
		/* printable ASCII but '#' (which may start "##[") goes on */
		if ((unsigned)*p - 0x20u < 0x5Fu && *p != '#')
			continue;
		if (!*p)
			return true;
		if (*p != '#')
			return false;
		if (p[1] == '#' && p[2] == '[')
			return false;
	}
}

const char *esc_text_str(const char *s)
{
	static struct strbuf ring[16];
	static size_t next;
	if (!s || text_clean(s))
		return s ? s : "";
	struct strbuf *sb = &ring[next++ % ARRAY_LEN(ring)];
	sb_reset(sb);
	esc_text(sb, s, NULL);
	return sb->buf ? sb->buf : "";
}

static bool starts_with(const unsigned char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(p, w, k);
}

void esc_md(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	for (size_t i = 0; i < n;) {
		size_t br = utf8_yaml_break(p + i, n - i);
		if (br) {
			sb_addc(sb, ' ');
			i += br;
			continue;
		}
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (!l) {
			sb_adds(sb, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		switch (c) {
		/* '<' starts raw HTML and autolinks, '&' entities; '>' is
		 * harmless where this text goes (never at a line start) */
		case '<': sb_adds(sb, "&lt;"); break;
		case '&': sb_adds(sb, "&amp;"); break;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '|': case '#': case '~': case '!':
			sb_addc(sb, '\\');
			sb_addc(sb, (char)c);
			break;
		case '@':
			/* a zero-width space after '@' keeps GitHub from pinging
			 * whoever the text names (what Dependabot does) */
			sb_adds(sb, "@&#8203;");
			break;
		case ':':
			/* "https://..." is autolinked by GFM; an escaped colon is not */
			sb_adds(sb, starts_with(p + i + 1, n - i - 1, "//") ? "\\:" : ":");
			break;
		case '.':
			/* "www." likewise */
			if (i >= 3 && (i == 3 || !((p[i - 4] | 0x20) >= 'a' && (p[i - 4] | 0x20) <= 'z')) &&
			    (p[i - 3] | 0x20) == 'w' && (p[i - 2] | 0x20) == 'w' &&
			    (p[i - 1] | 0x20) == 'w')
				sb_adds(sb, "\\.");
			else
				sb_addc(sb, '.');
			break;
		default:
			if (esc_cp_hidden(c))
				add_cp_escape(sb, c);
			else
				sb_add(sb, p + i, l);
		}
		i += l;
	}
}

void esc_csv(struct strbuf *sb, const char *s)
{
	s = s ? s : "";
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	if (formula)
		sb_addc(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}
