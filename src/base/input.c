/*
 * input: see input.h. The remembered inputs are process-wide state, as
 * standard input is: a command reads its inputs, then writes its
 * outputs, and every output is checked against everything read before.
 * Files may be read on several threads (ypool): a mutex guards that state.
 */
#include "base/input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

struct seen {
	dev_t dev;
	ino_t ino;
	bool (*want)(const char *name);   /* a directory's pattern; NULL for a file */
};

static struct seen *seen;
static size_t nseen, capseen;
static bool stdin_read;
static pthread_mutex_t seen_mu = PTHREAD_MUTEX_INITIALIZER;

static void note(const struct stat *st, bool (*want)(const char *name))
{
	/* the same file given twice is remembered twice: harmless; a list
	 * is enough, since only outputs (a few per run) look it up */
	pthread_mutex_lock(&seen_mu);
	seen = xgrow(seen, &capseen, nseen + 1, sizeof *seen);
	seen[nseen].dev = st->st_dev;
	seen[nseen].ino = st->st_ino;
	seen[nseen].want = want;
	nseen++;
	pthread_mutex_unlock(&seen_mu);
}

void input_note(const struct stat *st)
{
	note(st, NULL);
}

void input_note_dir(const struct stat *st, bool (*want)(const char *name))
{
	note(st, want);
}

static const struct seen *find(const struct stat *st)
{
	for (size_t i = nseen; i-- > 0;)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
			return &seen[i];
	return NULL;
}

bool input_seen(const struct stat *st)
{
	return find(st) != NULL;
}

bool input_dir_wants(const struct stat *st, const char *name)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino && seen[i].want &&
		    seen[i].want(name))
			return true;
	return false;
}

void input_reset(void)
{
	free(seen);
	seen = NULL;
	nseen = capseen = 0;
	stdin_read = false;
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* A regular file or a FIFO; /dev/null too, the empty inventory of
 * `resmap diff /dev/null NEW` (everything is new), which never blocks. */
static bool readable_kind(const struct stat *st)
{
	struct stat null;
	if (S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode))
		return true;
	return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	       st->st_rdev == null.st_rdev;
}

static void error_at(struct diag *d, const char *name, const char *fmt, const char *what)
{
	struct pos p = { name, 0, 0 };
	diag_at(d, DIAG_ERROR, p, fmt, what);
}

/* Reads fd to its end or past max. Returns 0, or an errno (EFBIG: over max). */
static int read_all(int fd, size_t max, size_t hint, char **buf, size_t *len)
{
	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	size_t cap = hint && hint < max ? hint + 1 : 65536, n = 0;
	char *b = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(b);
				return EFBIG;
			}
			size_t want = cap * 2 > max + 1 ? max + 1 : cap * 2;
			if (want <= cap)
				want = cap + 1;
			b = xrealloc(b, want + 1);
			cap = want;
		}
		ssize_t got = read(fd, b + n, cap - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(b);
			return e;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			free(b);
			return EFBIG;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/*
 * Opens a path named as an input (not "-"): only a kind that can be read
 * to its end, checked before opening (opening a device can have effects)
 * and again on what was opened. Returns the descriptor, or -1 after
 * reporting.
 */
static int open_checked(const char *path, struct diag *d, struct stat *st)
{
	if (stat(path, st) < 0) {
		error_at(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (!readable_kind(st)) {
		error_at(d, path, "cannot read: %s (only regular files, FIFOs and '-' are inputs)",
			 kind_of(st->st_mode));
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_at(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) < 0 || !readable_kind(st)) {
		error_at(d, path, "cannot read: %s", "it changed while being opened");
		close(fd);
		return -1;
	}
	input_note(st);
	return fd;
}

FILE *input_open_regular(const char *path, struct diag *d, bool *stream)
{
	struct stat st;
	*stream = !strcmp(path, "-") || (stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
	if (*stream)
		return NULL;
	int fd = open_checked(path, d, &st);
	if (fd < 0)
		return NULL;
	if (!S_ISREG(st.st_mode)) {      /* /dev/null, or a FIFO put there since */
		close(fd);
		*stream = true;
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		error_at(d, path, "cannot open: %s", strerror(errno));
		close(fd);
	}
	return f;
}

int input_read(const char *path, size_t max, struct diag *d, char **buf, size_t *len,
	       bool *regular)
{
	*buf = NULL;
	*len = 0;
	*regular = false;
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	struct stat st;
	int fd;
	if (is_stdin) {
		pthread_mutex_lock(&seen_mu);
		bool again = stdin_read;
		stdin_read = true;
		pthread_mutex_unlock(&seen_mu);
		if (again) {
			diag_msg(d, DIAG_ERROR, "standard input ('-') given more than once");
			return -1;
		}
		fd = STDIN_FILENO;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			input_note(&st);
	} else if ((fd = open_checked(path, d, &st)) < 0) {
		return -1;
	}
	bool reg = S_ISREG(st.st_mode);
	int e;
	if (reg && st.st_size > 0 && (unsigned long long)st.st_size > max)
		e = EFBIG;
	else
		e = read_all(fd, max, reg && st.st_size > 0 ? (size_t)st.st_size : 0, buf, len);
	if (!is_stdin)
		close(fd);
	if (e == EFBIG) {
		struct pos p = { name, 0, 0 };
		diag_at(d, DIAG_ERROR, p, "larger than %zu bytes; raise the limit with --max-input",
			max);
		return -1;
	}
	if (e) {
		error_at(d, name, "cannot read: %s", strerror(e));
		return -1;
	}
	*regular = reg && !is_stdin;
	return 0;
}
