/*
 * json-floor: the floor of `resmap import terraform|azure-graph|gcp-assets`
 * in the benchmark. Runs yajl's event parser over each file given, in the
 * blocks resmap reads (64 KiB), several values allowed (JSON lines), and
 * does nothing with the events: no importer built on yajl can be faster.
 * Build tool only; not part of resmap.
 *
 *   json-floor FILE...      exit 0: all parsed; 1: a parse error; 2: I/O
 */
#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_parse.h>

static unsigned long events;

static int ev(void *c)
{
	(void)c;
	events++;
	return 1;
}

static int ev_bool(void *c, int v)
{
	(void)v;
	return ev(c);
}

static int ev_text(void *c, const char *s, size_t n)
{
	(void)s;
	(void)n;
	return ev(c);
}

static int ev_str(void *c, const unsigned char *s, size_t n)
{
	(void)s;
	(void)n;
	return ev(c);
}

static const yajl_callbacks cb = { ev, ev_bool, NULL, NULL, ev_text, ev_str,
				   ev, ev_str, ev, ev, ev };

int main(int argc, char **argv)
{
	static unsigned char block[65536];
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		yajl_handle h = yajl_alloc(&cb, NULL, NULL);
		yajl_config(h, yajl_allow_multiple_values, 1);
		yajl_status st = yajl_status_ok;
		size_t n;
		while (st == yajl_status_ok && (n = fread(block, 1, sizeof block, f)) > 0)
			st = yajl_parse(h, block, n);
		if (st == yajl_status_ok)
			st = yajl_complete_parse(h);
		if (st != yajl_status_ok) {
			unsigned char *m = yajl_get_error(h, 0, NULL, 0);
			fprintf(stderr, "json-floor: %s: %s", argv[i], (char *)m);
			yajl_free_error(h, m);
			rc = 1;
		}
		yajl_free(h);
		fclose(f);
	}
	printf("%lu events\n", events);
	return rc;
}
