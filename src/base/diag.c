/*
 * diag: formatting of positioned messages, with a source excerpt and a
 * caret under the column. Files on disk are re-read for the excerpt
 * (errors are rare, inventories large): nothing is kept on the happy path.
 */
#include "base/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/utf8.h"

struct diag_source {
	struct diag_source *next;
	char *name;
	char *buf;              /* NULL: the file could not be read for excerpts */
	size_t len;
	size_t *lines;          /* offsets of every LINE_STEP-th line start, built on first use */
	size_t nlines;          /* entries in lines */
	bool has_cr;            /* CR ends lines too: no memchr for '\n' */
};

/* Files larger than this get no excerpts (they would be read whole). */
#define EXCERPT_MAX_FILE (256u << 20)

static const char *const level_names[DIAG__COUNT] = { "note", "warning", "error" };
static const char *const level_colors[DIAG__COUNT] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };

void diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
	d->excerpts = true;
	/* no colour for NO_COLOR (no-color.org) nor for a terminal that
	 * says it has none (TERM=dumb: Emacs shells, some CI logs) */
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	d->color = (!nc || !*nc) && !(term && !strcmp(term, "dumb")) && isatty(fileno(out));
}

void diag_release(struct diag *d)
{
	struct diag_source *s = d->sources;
	while (s) {
		struct diag_source *next = s->next;
		free(s->name);
		free(s->buf);
		free(s->lines);
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

void diag_init_log(struct diag *d, struct diag_log *log)
{
	memset(d, 0, sizeof *d);
	d->log = log;
}

void diag_replay(struct diag *d, const struct diag_log *log, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < log->n; i++) {
		const struct diag_entry *e = &log->v[i];
		struct pos p = { e->file, e->line, e->col };
		diag_at(d, e->level, p, "%s", e->text);
	}
}

void diag_log_release(struct diag_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->v[i].file);
		free(log->v[i].text);
	}
	free(log->v);
	memset(log, 0, sizeof *log);
}

static void log_add(struct diag_log *log, enum diag_level lvl, struct pos pos, const char *fmt,
		    va_list ap)
{
	struct strbuf text = STRBUF_INIT;
	sb_vaddf(&text, fmt, ap);
	log->v = xgrow(log->v, &log->cap, log->n + 1, sizeof *log->v);
	struct diag_entry *e = &log->v[log->n++];
	e->level = lvl;
	e->file = pos.file ? xstrdup(pos.file) : NULL;
	e->line = pos.line;
	e->col = pos.col;
	e->text = text.buf ? sb_detach(&text) : xstrdup("");
}

size_t diag_errors(const struct diag *d)
{
	return d->count[DIAG_ERROR];
}

/* Length of the line break at p (0 when none), as a text editor counts
 * them: LF, CR, CRLF. libyaml also breaks lines at NEL, LS and PS, but
 * positions are reported as an editor, SARIF viewer or GitHub shows the
 * file (ytree maps libyaml's lines to these). */
static size_t line_break(const unsigned char *p, const unsigned char *end)
{
	if (p >= end)
		return 0;
	if (p[0] == '\r')
		return (p + 1 < end && p[1] == '\n') ? 2 : 1;
	if (p[0] == '\n')
		return 1;
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

/*
 * A file on disk is read once, on its first excerpt, and kept with an
 * index of line starts: a run with many errors in one file stays linear.
 */
static struct diag_source *load_source(struct diag *d, const char *file)
{
	for (struct diag_source *s = d->sources; s; s = s->next)
		if (!strcmp(s->name, file))
			return s;
	struct diag_source *s = xcalloc(1, sizeof *s);
	s->name = xstrdup(file);
	s->next = d->sources;
	d->sources = s;
	if (!strcmp(file, "-") || !strncmp(file, "catalog:", 8))
		return s;
	/* only a regular file can be read again: a FIFO would wait for a
	 * writer and a device never end (inputs of those kinds were added
	 * with diag_add_source when read) */
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return s;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return s;
	}
	/* read straight into a buffer of the file's size: warnings about a
	 * large inventory re-read every file of it, which in 64 KB chunks
	 * appended to a doubling buffer cost a copy and fresh pages for
	 * every doubling */
	size_t cap = st.st_size > 0 && (uintmax_t)st.st_size <= EXCERPT_MAX_FILE ?
		     (size_t)st.st_size + 1 : 65536, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > EXCERPT_MAX_FILE)
			break;          /* too large: no excerpts */
	}
	close(fd);
	if (buf && len && len <= EXCERPT_MAX_FILE) {
		s->len = len;
		s->buf = buf;
	} else {
		free(buf);
	}
	return s;
}

/*
 * The start of the line after the one p is in, or end. A file without
 * CR (the usual case) is scanned with memchr: warnings about a large
 * inventory index every file of it, tens of megabytes.
 */
static const unsigned char *next_line(const struct diag_source *s, const unsigned char *p,
				      const unsigned char *end)
{
	if (!s->has_cr) {
		const unsigned char *q = memchr(p, '\n', (size_t)(end - p));
		return q ? q + 1 : end;
	}
	while (p < end) {
		size_t br = line_break(p, end);
		if (br)
			return p + br;
		p++;
	}
	return end;
}

/* Offsets of lines 1, 1 + LINE_STEP, 1 + 2 * LINE_STEP...: a line is
 * found from the nearest by scanning at most LINE_STEP - 1 lines, and
 * the index of a file of a million lines is 32 KB, not 8 MB. */
#define LINE_STEP 256

static void index_lines(struct diag_source *s)
{
	size_t cap = 0;
	const unsigned char *buf = (const unsigned char *)s->buf, *p = buf, *end = p + s->len;
	s->has_cr = memchr(buf, '\r', s->len) != NULL;
	s->lines = xgrow(NULL, &cap, 1, sizeof *s->lines);
	s->lines[s->nlines++] = 0;
	for (size_t line = 1; p < end;) {
		p = next_line(s, p, end);
		if (++line % LINE_STEP == 1) {
			s->lines = xgrow(s->lines, &cap, s->nlines + 1, sizeof *s->lines);
			s->lines[s->nlines++] = (size_t)(p - buf);
		}
	}
}

/* Finds line `line` (1-based) of the input into sb; false if unavailable. */
static bool source_line(struct diag *d, const char *file, uint32_t line, struct strbuf *sb)
{
	struct diag_source *s = load_source(d, file);
	if (!s->buf || line == 0)
		return false;
	if (!s->lines)
		index_lines(s);
	size_t k = (line - 1) / LINE_STEP;
	if (k >= s->nlines)
		return false;
	const unsigned char *buf = (const unsigned char *)s->buf, *end = buf + s->len;
	const unsigned char *p = buf + s->lines[k];
	for (size_t i = k * LINE_STEP + 1; i < line; i++) {
		if (p == end)
			return false;       /* the file has fewer lines */
		p = next_line(s, p, end);
	}
	/* the empty "line" after a final line break is end of input, not a line */
	if (line > 1 && p == end)
		return false;
	const unsigned char *q = p;
	while (q < end && !line_break(q, end) && q - p < 4096)
		q++;
	sb_add(sb, p, (size_t)(q - p));
	return true;
}

static void excerpt(struct diag *d, struct pos pos, struct strbuf *msg)
{
	struct strbuf sb = STRBUF_INIT;
	if (!source_line(d, pos.file, pos.line, &sb)) {
		sb_release(&sb);
		return;
	}
	/* show at most 160 characters; tabs, controls and invisible characters
	 * shown as spaces so the caret lines up; "##[" (a GitHub workflow
	 * command anywhere in a log line) is broken up */
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
		uint32_t cp;
		size_t l = utf8_decode(p, n, &cp);
		if (!l) {
			n = 1;      /* as diag_offset_to_linecol counts it: one column */
			sb_adds(&shown, "\xEF\xBF\xBD");
		} else if (*p < 0x20 || *p == 0x7f || esc_cp_hidden(cp)) {
			sb_addc(&shown, ' ');
		} else if (p[0] == '[' && shown.len >= 2 && !memcmp(shown.buf + shown.len - 2, "##", 2)) {
			sb_adds(&shown, "\\x5b");
			if (col < pos.col)
				sb_adds(&pad, "   ");
		} else {
			sb_add(&shown, p, n);
		}
		if (col < pos.col)
			sb_addc(&pad, *p == '\t' ? '\t' : ' ');
		p += n;
		col++;
	}
	if (pos.col > col)
		for (uint32_t i = col; i < pos.col && i < 200; i++)
			sb_addc(&pad, ' ');
	sb_addf(msg, "%6u | %s\n       | %s%s^%s\n", pos.line, shown.buf ? shown.buf : "",
		pad.buf ? pad.buf : "", d->color ? "\033[1;32m" : "", d->color ? "\033[0m" : "");
	sb_release(&shown);
	sb_release(&pad);
	sb_release(&sb);
}

void diag_vat(struct diag *d, enum diag_level lvl, struct pos pos, const char *fmt, va_list ap)
{
	d->count[lvl]++;
	if (d->log) {
		log_add(d->log, lvl, pos, fmt, ap);
		return;
	}
	if (d->max_errors && lvl == DIAG_ERROR && d->count[lvl] > d->max_errors) {
		if (d->count[lvl] == d->max_errors + 1)
			fprintf(d->out, "resmap: error: too many errors, not showing more\n");
		return;
	}
	/* one write per message: stderr is unbuffered, and runs with
	 * thousands of errors should not cost a syscall per fragment */
	struct strbuf msg = STRBUF_INIT, text = STRBUF_INIT;
	sb_adds(&msg, "resmap: ");
	/* file names and messages quote inventory text: escaped for the
	 * terminal or CI log that reads stderr */
	if (pos.file && pos.line)
		sb_addf(&msg, "%s:%u:%u: ", esc_text_str(pos.file), pos.line, pos.col);
	else if (pos.file)
		sb_addf(&msg, "%s: ", esc_text_str(pos.file));
	if (d->color)
		sb_addf(&msg, "%s%s:\033[0m ", level_colors[lvl], level_names[lvl]);
	else
		sb_addf(&msg, "%s: ", level_names[lvl]);
	sb_vaddf(&text, fmt, ap);
	esc_text(&msg, text.buf ? text.buf : "", NULL);
	sb_release(&text);
	sb_addc(&msg, '\n');
	if (d->excerpts && pos.file && pos.line)
		excerpt(d, pos, &msg);
	fflush(stdout);
	fwrite(msg.buf, 1, msg.len, d->out);
	sb_release(&msg);
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
