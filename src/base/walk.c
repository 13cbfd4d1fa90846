/*
 * walk: see walk.h. Directories are identified by device and inode, so
 * that a loop through a symbolic link ends and a directory named twice
 * is read once, whatever path reached it.
 */
#include "base/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/input.h"
#include "base/strmap.h"

struct walk {
	walk_want_fn want;
	struct diag *d;
	struct ptrvec *files;
	struct strmap dirs;      /* (dev, ino) -> first path, to read each directory once */
	struct arena keys;
	int rc;
};

struct dirkey {
	dev_t dev;
	ino_t ino;
};

bool walk_yaml_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static void error_at(struct walk *w, const char *path, const char *fmt, const char *what)
{
	struct pos p = { path, 0, 0 };
	diag_at(w->d, DIAG_ERROR, p, fmt, what);
	w->rc = -1;
}

static void walk(struct walk *w, const char *dir, const struct stat *st)
{
	struct dirkey *k = arena_alloc(&w->keys, sizeof *k);
	memset(k, 0, sizeof *k);
	k->dev = st->st_dev;
	k->ino = st->st_ino;
	const char *first = strmap_get(&w->dirs, (const char *)k, sizeof *k);
	if (first) {
		struct pos p = { dir, 0, 0 };
		diag_at(w->d, DIAG_WARNING, p, "same directory as '%s' (through a symbolic link), "
			"not read again", first);
		return;
	}
	strmap_put(&w->dirs, (const char *)k, sizeof *k, arena_strdup(&w->keys, dir));
	input_note_dir(st, w->want);
	DIR *dp = opendir(dir);
	if (!dp) {
		error_at(w, dir, "cannot open: %s", strerror(errno));
		return;
	}
	struct ptrvec names = PTRVEC_INIT;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(dp))) {
		if (de->d_name[0] != '.')
			pv_push(&names, xstrdup(de->d_name));
		errno = 0;
	}
	if (errno)
		error_at(w, dir, "cannot read: %s", strerror(errno));
	closedir(dp);
	/* sorted here too, so that messages come in a stable order */
	if (names.n > 1)
		xqsort(names.v, names.n, sizeof *names.v, cmp_strp);
	size_t dlen = strlen(dir);
	bool slash = dlen && dir[dlen - 1] == '/';
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		char *path = xasprintf("%s%s%s", dir, slash ? "" : "/", name);
		struct stat cst, lst;
		bool wanted = w->want(name);
		if (stat(path, &cst) < 0) {
			/* a broken link is no input unless its name says it is one;
			 * anything else that cannot be looked at might hold inputs */
			int e = errno;
			bool dangling = e == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
			if (!dangling || wanted)
				error_at(w, path, "cannot open: %s", strerror(e));
			free(path);
		} else if (S_ISDIR(cst.st_mode)) {
			walk(w, path, &cst);
			free(path);
		} else if (!wanted) {
			free(path);
		} else if (S_ISREG(cst.st_mode)) {
			pv_push(w->files, path);
		} else {
			/* a FIFO is read when named on the command line; found in a
			 * directory, it would wait for a writer that may never come */
			error_at(w, path, "cannot read: %s", S_ISFIFO(cst.st_mode) ?
				 "a FIFO (name it on the command line to read it)" :
				 S_ISSOCK(cst.st_mode) ? "a socket" : "a device");
			free(path);
		}
		free(names.v[i]);
	}
	pv_release(&names);
}

int walk_dir(const char *dir, walk_want_fn want, struct diag *d, struct ptrvec *files)
{
	struct walk w = { want, d, files, { NULL, 0, 0 }, { NULL, 0, false }, 0 };
	strmap_init(&w.dirs);
	arena_init(&w.keys);
	struct stat st;
	size_t first = files->n;
	if (stat(dir, &st) < 0)
		error_at(&w, dir, "cannot open: %s", strerror(errno));
	else
		walk(&w, dir, &st);
	if (files->n - first > 1)
		xqsort(files->v + first, files->n - first, sizeof *files->v, cmp_strp);
	strmap_release(&w.dirs);
	arena_release(&w.keys);
	return w.rc;
}
