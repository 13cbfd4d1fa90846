/*
 * diag: formatting of positioned messages, with a source excerpt and a
 * caret under the column. Files on disk are re-read for the excerpt
 * (errors are rare, inventories large): nothing is kept on the happy path.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct diag_source {
	struct diag_source *next;
	char *name;
	char *buf;
	size_t len;
};

static const char *const level_names[DIAG__COUNT] = { "note", "warning", "error" };
static const char *const level_colors[DIAG__COUNT] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };

void diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
	d->excerpts = true;
	const char *nc = getenv("NO_COLOR");
	d->color = (!nc || !*nc) && isatty(fileno(out));
}

void diag_release(struct diag *d)
{
	struct diag_source *s = d->sources;
	while (s) {
		struct diag_source *next = s->next;
		free(s->name);
		free(s->buf);
		free(s);
		s = next;
	}
	d->sources = NULL;
}

void diag_add_source(struct diag *d, const char *name, const char *buf, size_t len)
{
	struct diag_source *s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name);
	s->buf = xmalloc(len + 1);
	memcpy(s->buf, buf, len);
	s->buf[len] = '\0';
	s->len = len;
	s->next = d->sources;
	d->sources = s;
}

size_t diag_errors(const struct diag *d)
{
	return d->count[DIAG_ERROR];
}

/* Length of the line break at p (0 when none), as libyaml counts them. */
static size_t line_break(const unsigned char *p, const unsigned char *end)
{
	if (p >= end)
		return 0;
	if (p[0] == '\r')
		return (p + 1 < end && p[1] == '\n') ? 2 : 1;
	if (p[0] == '\n')
		return 1;
	if (p[0] == 0xC2 && p + 1 < end && p[1] == 0x85)
		return 2;
	if (p[0] == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
		return 3;
	return 0;
}

void diag_offset_to_linecol(const char *buf, size_t len, size_t offset,
			    uint32_t *line, uint32_t *col)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + (offset < len ? offset : len);
	uint32_t l = 1, c = 1;
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;    /* a BOM is not a column */
	while (p < end) {
		size_t br = line_break(p, (const unsigned char *)buf + len);
		if (br) {
			l++;
			c = 1;
			p += br;
			continue;
		}
		if ((*p & 0xC0) != 0x80)
			c++;
		p++;
	}
	*line = l;
	*col = c;
}

/* Finds line `line` (1-based) of the input into sb; false if unavailable. */
static bool source_line(const struct diag *d, const char *file, uint32_t line, struct strbuf *sb)
{
	for (const struct diag_source *s = d->sources; s; s = s->next) {
		if (strcmp(s->name, file))
			continue;
		const unsigned char *p = (const unsigned char *)s->buf, *end = p + s->len;
		for (uint32_t l = 1; l < line && p < end; p++) {
			size_t br = line_break(p, end);
			if (br) {
				l++;
				p += br - 1;
			}
		}
		if (p >= end && line > 1)
			return false;
		const unsigned char *q = p;
		while (q < end && !line_break(q, end))
			q++;
		sb_add(sb, p, (size_t)(q - p));
		return true;
	}
	if (!strcmp(file, "-") || !strncmp(file, "catalog:", 8))
		return false;
	FILE *f = fopen(file, "rb");
	if (!f)
		return false;
	uint32_t l = 1;
	int c;
	bool found = false;
	while ((c = getc(f)) != EOF) {
		if (c == '\r' || c == '\n') {
			if (l == line) {
				found = true;
				break;
			}
			if (c == '\r') {
				int n = getc(f);
				if (n != '\n' && n != EOF)
					ungetc(n, f);
			}
			l++;
			continue;
		}
		if (l == line) {
			sb_addc(sb, (char)c);
			if (sb->len > 4096)
				break;
		}
	}
	if (c == EOF && l == line)
		found = true;
	fclose(f);
	return found;
}

static void excerpt(struct diag *d, struct pos pos)
{
	struct strbuf sb = STRBUF_INIT;
	if (!source_line(d, pos.file, pos.line, &sb)) {
		sb_release(&sb);
		return;
	}
	/* show at most 160 characters; tabs and controls shown as spaces so the caret lines up */
	struct strbuf shown = STRBUF_INIT, pad = STRBUF_INIT;
	uint32_t col = 1;
	const unsigned char *p = (const unsigned char *)sb.buf, *end = p + sb.len;
	if (pos.line == 1 && end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	while (p < end && col < 160) {
		size_t n = 1;
		if (*p >= 0xF0) n = 4;
		else if (*p >= 0xE0) n = 3;
		else if (*p >= 0xC0) n = 2;
		if (p + n > end)
			n = (size_t)(end - p);
		if (*p < 0x20 || *p == 0x7f)
			sb_addc(&shown, ' ');
		else
			sb_add(&shown, p, n);
		if (col < pos.col)
			sb_addc(&pad, *p == '\t' ? '\t' : ' ');
		p += n;
		col++;
	}
	if (pos.col > col)
		for (uint32_t i = col; i < pos.col && i < 200; i++)
			sb_addc(&pad, ' ');
	fprintf(d->out, "%6u | %s\n       | %s%s^%s\n", pos.line, shown.buf ? shown.buf : "",
		pad.buf ? pad.buf : "", d->color ? "\033[1;32m" : "", d->color ? "\033[0m" : "");
	sb_release(&shown);
	sb_release(&pad);
	sb_release(&sb);
}

void diag_vat(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, va_list ap)
{
	d->count[lvl]++;
	if (d->max_errors && lvl == DIAG_ERROR && d->count[lvl] > d->max_errors) {
		if (d->count[lvl] == d->max_errors + 1)
			fprintf(d->out, "resmap: error: too many errors, not showing more\n");
		return;
	}
	fflush(stdout);
	fputs("resmap: ", d->out);
	if (pos.file && pos.line)
		fprintf(d->out, "%s:%u:%u: ", pos.file, pos.line, pos.col);
	else if (pos.file)
		fprintf(d->out, "%s: ", pos.file);
	if (d->color)
		fprintf(d->out, "%s%s:\033[0m ", level_colors[lvl], level_names[lvl]);
	else
		fprintf(d->out, "%s: ", level_names[lvl]);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	if (d->excerpts && pos.file && pos.line)
		excerpt(d, pos);
}

void diag_at(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, lvl, pos, fmt, ap);
	va_end(ap);
}

void diag_msg(struct diag *d, enum diag_level lvl, const char *fmt, ...)
{
	struct pos none = { NULL, 0, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, lvl, none, fmt, ap);
	va_end(ap);
}
