/*
 * yaml-floor: the benchmark's floor. Runs libyaml's event parser over every
 * YAML file given, or found (*.yaml, *.yml) below the directories given,
 * in sorted path order, and does nothing with the events. No loader built
 * on libyaml can be faster than this, so `make bench` prints resmap's
 * figures as ratios to it. Build tool only; not part of resmap.
 *
 *   yaml-floor PATH...      exit 0: all parsed; 1: a parse error; 2: usage/IO
 *
 * Files are read the way resmap reads them: the whole file into memory,
 * then yaml_parser_set_input_string, so the floor pays the same I/O.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static char **paths;
static size_t npaths, cappaths;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "yaml-floor: out of memory\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

static void add_path(const char *p)
{
	if (npaths == cappaths) {
		cappaths = cappaths ? cappaths * 2 : 256;
		paths = xrealloc(paths, cappaths * sizeof(*paths));
	}
	paths[npaths++] = xstrdup(p);
}

static int has_yaml_ext(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static int walk(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "yaml-floor: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = xrealloc(NULL, n);
		snprintf(p, n, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < 64 && walk(p, depth + 1))
				rc = 2;
		} else if (has_yaml_ext(e->d_name)) {
			add_path(p);
		}
		free(p);
	}
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "yaml-floor: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
	unsigned char *buf = xrealloc(NULL, cap);
	for (;;) {
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "yaml-floor: %s: %s\n", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

static unsigned long long nevents;

static int parse(const char *path)
{
	size_t len;
	unsigned char *buf = read_file(path, &len);
	if (!buf)
		return 2;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0;
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "yaml-floor: out of memory\n");
		exit(2);
	}
	yaml_parser_set_input_string(&parser, buf, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "yaml-floor: %s:%zu:%zu: %s\n", path,
				parser.problem_mark.line + 1,
				parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "parse error");
			rc = 1;
			break;
		}
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		nevents++;
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0, verbose = 0, first = 1;
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: yaml-floor [-v] PATH...\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "yaml-floor: %s: %s\n", argv[i], strerror(errno));
			rc = 2;
		} else if (S_ISDIR(st.st_mode)) {
			size_t before = npaths;
			if (walk(argv[i], 0))
				rc = 2;
			qsort(paths + before, npaths - before, sizeof(*paths), cmp_path);
		} else {
			add_path(argv[i]);
		}
	}
	for (size_t i = 0; i < npaths; i++) {
		int r = parse(paths[i]);
		if (r > rc)
			rc = r;
		free(paths[i]);
	}
	free(paths);
	if (verbose)
		fprintf(stderr, "yaml-floor: %zu files, %llu events\n", npaths, nevents);
	return rc;
}
