/*
 * svg_clean: the security boundary between graphviz's SVG and the HTML
 * report. Inventory text reaches the SVG through labels and tooltips;
 * whatever graphviz made of it, only the elements and attributes on the
 * lists below pass, so nothing inlined can run, link or close the <svg>.
 * A whitelist, not a blacklist: an element graphviz starts to draw in a
 * later version is refused (and the report says so) until it is listed.
 */
#include "out/svg_clean.h"

#include <stdbool.h>
#include <string.h>

static const char *const svg_tags[] = {
	"svg", "g", "title", "polygon", "polyline", "ellipse", "path", "text", "a",
	"defs", "linearGradient", "radialGradient", "stop", "tspan", NULL
};
static const char *const svg_attrs[] = {
	"id", "class", "width", "height", "viewBox", "xmlns", "xmlns:xlink", "transform",
	"fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
	"stroke-opacity", "points", "d", "cx", "cy", "rx", "ry", "r", "x", "y", "x1", "y1",
	"x2", "y2", "fx", "fy", "text-anchor", "font-family", "font-size", "font-weight",
	"font-style", "text-decoration", "xlink:title", "offset", "gradientUnits",
	"stop-color", "stop-opacity", "baseline-shift", NULL
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == ':' || c == '-' || c == '_';
}

/* The whitelist entry equal to s[0..n), or NULL. */
static const char *listed(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], s, n))
			return list[i];
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int report_svg_clean(const char *s, size_t len, const char *prefix, struct strbuf *out)
{
	enum { MAXDEPTH = 256 };
	const char *stack[MAXDEPTH];
	size_t depth = 0, i = 0, start = out->len;
	/* the root element: after the prolog, doctype and comments */
	for (;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i + 4 <= len && !memcmp(s + i, "<svg", 4))
			break;
		const char *close = NULL;
		if (i + 2 <= len && !memcmp(s + i, "<?", 2))
			close = "?>";
		else if (i + 4 <= len && !memcmp(s + i, "<!--", 4))
			close = "-->";
		else if (i + 9 <= len && !memcmp(s + i, "<!DOCTYPE", 9))
			close = ">";
		if (!close)
			goto bad;
		i += 2;
		while (i < len && (len - i < strlen(close) || memcmp(s + i, close, strlen(close))))
			i++;
		if (i >= len)
			goto bad;
		i += strlen(close);
	}
	while (i < len) {
		if (s[i] != '<') {
			size_t j = i;
			while (j < len && s[j] != '<')
				j++;
			if (!depth) {       /* only blanks may follow the root */
				for (size_t k = i; k < j; k++)
					if (!is_space(s[k]))
						goto bad;
			} else {
				sb_add(out, s + i, j - i);
			}
			i = j;
			continue;
		}
		if (len - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			size_t j = i + 4;
			while (j + 3 <= len && memcmp(s + j, "-->", 3))
				j++;
			if (j + 3 > len)
				goto bad;
			i = j + 3;
			continue;
		}
		if (!depth && i > 0 && out->len > start)
			goto bad;          /* a second root */
		if (i + 1 < len && s[i + 1] == '/') {
			size_t j = i + 2, n0 = j;
			while (j < len && name_char(s[j]))
				j++;
			const char *name = listed(svg_tags, s + n0, j - n0);
			while (j < len && is_space(s[j]))
				j++;
			if (!name || !depth || stack[depth - 1] != name || j >= len || s[j] != '>')
				goto bad;
			depth--;
			sb_addf(out, "</%s>", name);
			i = j + 1;
			continue;
		}
		size_t j = i + 1, n0 = j;
		while (j < len && name_char(s[j]))
			j++;
		const char *name = listed(svg_tags, s + n0, j - n0);
		if (!name || (!depth && strcmp(name, "svg")) || (depth && !strcmp(name, "svg")))
			goto bad;
		sb_addf(out, "<%s", name);
		for (;;) {
			while (j < len && is_space(s[j]))
				j++;
			if (j >= len)
				goto bad;
			if (s[j] == '>') {
				if (depth == MAXDEPTH)
					goto bad;
				stack[depth++] = name;
				sb_addc(out, '>');
				j++;
				break;
			}
			if (s[j] == '/' && j + 1 < len && s[j + 1] == '>') {
				sb_adds(out, "/>");
				j += 2;
				if (!depth)
					goto bad;  /* an empty root draws nothing */
				break;
			}
			size_t a0 = j;
			while (j < len && name_char(s[j]))
				j++;
			const char *attr = listed(svg_attrs, s + a0, j - a0);
			if (!attr || j >= len || s[j] != '=' || j + 1 >= len ||
			    (s[j + 1] != '"' && s[j + 1] != '\''))
				goto bad;
			char q = s[j + 1];
			size_t v0 = j + 2, v = v0;
			while (v < len && s[v] != q) {
				if (s[v] == '<')
					goto bad;
				v++;
			}
			if (v >= len)
				goto bad;
			sb_addf(out, " %s=\"", attr);
			if (!strcmp(attr, "id") && prefix)
				sb_addf(out, "%s-", prefix);
			for (size_t k = v0; k < v; k++) {
				if (s[k] == '"')
					sb_adds(out, "&quot;");
				else
					sb_addc(out, s[k]);
			}
			sb_addc(out, '"');
			j = v + 1;
		}
		i = j;
	}
	if (depth || out->len == start)
		goto bad;
	return 0;
bad:
	out->len = start;
	if (out->buf)
		out->buf[start] = '\0';
	return -1;
}
