/*
 * Unit tests of diag (issue 18): colour only where a terminal shows it
 * (not under NO_COLOR nor TERM=dumb), and messages, file names and
 * excerpts escaped for the terminal or CI log that reads them.
 */
#define _XOPEN_SOURCE 700   /* posix_openpt, grantpt, unlockpt, ptsname */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"

/* The colour decision for a terminal, under the given TERM and NO_COLOR. */
static int color_on_tty(const char *term, const char *no_color)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return -1;
	FILE *tty = fopen(ptsname(master), "w");
	if (!tty) {
		close(master);
		return -1;
	}
	if (term)
		setenv("TERM", term, 1);
	else
		unsetenv("TERM");
	if (no_color)
		setenv("NO_COLOR", no_color, 1);
	else
		unsetenv("NO_COLOR");
	struct diag d;
	diag_init(&d, tty);
	int c = d.color;
	diag_release(&d);
	fclose(tty);
	close(master);
	return c;
}

static void test_color(void **state)
{
	(void)state;
	int c = color_on_tty("xterm", NULL);
	if (c < 0)
		skip();     /* no pseudo-terminal here */
	assert_int_equal(c, 1);
	assert_int_equal(color_on_tty("dumb", NULL), 0);
	assert_int_equal(color_on_tty("xterm", "1"), 0);
	assert_int_equal(color_on_tty(NULL, NULL), 1);
	/* not a terminal: never */
	struct diag d;
	FILE *f = tmpfile();
	setenv("TERM", "xterm", 1);
	diag_init(&d, f);
	assert_false(d.color);
	diag_release(&d);
	fclose(f);
}

static char *report(const char *file, const char *src, uint32_t line, uint32_t col,
		    const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag d;
	diag_init(&d, out);
	diag_add_source(&d, file, src, strlen(src));
	struct pos p = { file, line, col };
	diag_at(&d, DIAG_ERROR, p, "%s", text);
	diag_release(&d);
	fclose(out);
	return buf;
}

static void test_escaped(void **state)
{
	(void)state;
	/* a message quoting inventory text: controls and '##[' shown, not sent */
	char *s = report("a.yaml", "k: v\n", 1, 1, "unknown key '\x1b[2J##[add-mask]x'");
	assert_string_equal(s, "resmap: a.yaml:1:1: error: unknown key '\\x1b[2J##\\x5badd-mask]x'\n"
			       "     1 | k: v\n       | ^\n");
	free(s);
	/* a file name with a line break cannot start a line of its own */
	s = report("a\n::error::x.yaml", "k: v\n", 1, 1, "bad");
	assert_non_null(strstr(s, "resmap: a\\x0a::error::x.yaml:1:1: error: bad\n"));
	free(s);
	/* the excerpt: invisible characters as spaces, '##[' broken, the caret
	 * still under the column; lines are the editor's (LS ends none) */
	s = report("b.yaml", "x: \"a\xe2\x80\xa8" "b\" ##[c] q\n", 1, 16, "here");
	assert_string_equal(s, "resmap: b.yaml:1:16: error: here\n"
			       "     1 | x: \"a b\" ##\\x5bc] q\n"
			       "       |                   ^\n");
	free(s);
}

/* The excerpt line of line `line` in src, or "" when none is shown. */
static char *excerpt_of(const char *src, uint32_t line)
{
	static char got[64];
	char *s = report("c.yaml", src, line, 1, "x");
	const char *bar = strstr(s, " | ");
	got[0] = '\0';
	if (bar) {
		const char *eol = strchr(bar + 3, '\n');
		snprintf(got, sizeof got, "%.*s", (int)(eol - bar - 3), bar + 3);
	}
	free(s);
	return got;
}

/* Lines are found through an index of every 256th line: lines around
 * its steps, the last line with and without a final break, past the end,
 * and CR and CRLF endings. */
static void test_excerpt_lines(void **state)
{
	(void)state;
	for (int ending = 0; ending < 3; ending++) {
		const char *br = ending == 0 ? "\n" : ending == 1 ? "\r\n" : "\r";
		for (int final = 0; final < 2; final++) {
			char *src = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&src, &len);
			for (int i = 1; i <= 600; i++)
				fprintf(f, "line%d%s", i, i < 600 || final ? br : "");
			fclose(f);
			uint32_t lines[] = { 1, 2, 255, 256, 257, 258, 512, 513, 514, 599, 600 };
			for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
				char want[16];
				snprintf(want, sizeof want, "line%u", lines[k]);
				assert_string_equal(excerpt_of(src, lines[k]), want);
			}
			/* past the end (the empty line after a final break too) */
			assert_string_equal(excerpt_of(src, 601), "");
			assert_string_equal(excerpt_of(src, 769), "");
			assert_string_equal(excerpt_of(src, 100000), "");
			free(src);
		}
	}
	/* an empty first line and a file of one line */
	assert_string_equal(excerpt_of("\nb\n", 1), "");
	assert_string_equal(excerpt_of("\nb\n", 2), "b");
	assert_string_equal(excerpt_of("only", 1), "only");
	assert_string_equal(excerpt_of("only", 2), "");
}

static void test_offset_to_linecol(void **state)
{
	(void)state;
	uint32_t l, c;
	const char *b = "a\xe2\x80\xa8" "b\r\nc\xc2\x85" "d\n";
	/* 'd' is on line 2 for an editor: only CRLF broke the line */
	diag_offset_to_linecol(b, strlen(b), strlen("a\xe2\x80\xa8" "b\r\nc\xc2\x85"), &l, &c);
	assert_int_equal(l, 2);
	assert_int_equal(c, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_excerpt_lines),
		cmocka_unit_test(test_offset_to_linecol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
