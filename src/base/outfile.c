/*
 * outfile: write to "TARGET.tmp.XXXXXX" beside the target, then rename,
 * so that readers never see a half-written file and a failure leaves the
 * previous one intact. Before anything is written the target is checked
 * against what the run read (base/input), what the user may write, and
 * where a symbolic link leads; see outfile.h for what is refused and why.
 */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/input.h"
#include "base/util.h"

/* ---- temporaries removed on a fatal signal ---- */

/*
 * The handler may only call async-signal-safe functions: it unlinks the
 * paths in the slots (each set only once its string is complete, and
 * cleared before it is freed) and re-raises the signal with its default
 * action, so that the exit status still says which signal killed us.
 */
#define MAX_TEMPS 32
static char *volatile temps[MAX_TEMPS];
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGXFSZ };
static bool handlers_installed;

static void on_fatal_signal(int sig)
{
	int saved = errno;
	for (int i = 0; i < MAX_TEMPS; i++) {
		char *t = temps[i];
		if (t)
			unlink(t);
	}
	signal(sig, SIG_DFL);
	errno = saved;
	raise(sig);
}

static void install_handlers(void)
{
	if (handlers_installed)
		return;
	handlers_installed = true;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
		struct sigaction sa, old;
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;   /* nohup and the like: the caller wants it ignored */
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigfillset(&sa.sa_mask);
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* Returns the slot holding tmp, or -1 when all are taken (then a signal
 * leaves this temporary behind, as before). */
static int temp_register(char *tmp)
{
	install_handlers();
	for (int i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = tmp;
			return i;
		}
	return -1;
}

static void temp_release(struct outfile *o)
{
	if (o->tmp && o->slot >= 0 && o->slot < MAX_TEMPS && temps[o->slot] == o->tmp)
		temps[o->slot] = NULL;
}

/* ---- checks before writing ---- */

static int refuse(struct diag *d, const char *path, const char *why)
{
	diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, why);
	return -1;
}

/*
 * Whether real (a resolved path, not yet existing or a regular file) lies
 * in a directory the run walked for inputs, under a name the walk would
 * read: writing there feeds the output to the next run as inventory.
 * Sets *dir to the input directory (owned) when so.
 */
static bool inside_input_dir(const char *real, char **dir)
{
	const char *base = strrchr(real, '/');
	base = base ? base + 1 : real;
	bool hidden = base[0] == '.';
	char *p = xstrdup(real);
	char *slash = strrchr(p, '/');
	bool found = false;
	while (slash && !found) {
		*slash = '\0';
		const char *d = *p ? p : "/";
		struct stat st;
		if (stat(d, &st) == 0 && input_dir_wants(&st, base) && !hidden) {
			*dir = xstrdup(d);
			found = true;
			break;
		}
		slash = strrchr(p, '/');
		/* the walk skips hidden entries: below one, nothing is read */
		if (slash && slash[1] == '.')
			hidden = true;
	}
	free(p);
	return found;
}

/*
 * The path to replace: path itself, or the file a symbolic link leads
 * to. Returns NULL after reporting when path must not be written.
 */
static char *resolve_target(const char *path, struct diag *d)
{
	struct stat lst;
	if (lstat(path, &lst) < 0 || !S_ISLNK(lst.st_mode))
		return xstrdup(path);
	char *real = realpath(path, NULL);
	if (real)
		return real;
	int e = errno;
	if (e == ELOOP)
		refuse(d, path, "a loop of symbolic links");
	else if (e == ENOENT)
		refuse(d, path, "a symbolic link to a file that does not exist; write to the "
		       "file itself, or remove the link");
	else
		refuse(d, path, strerror(e));
	return NULL;
}

/* Checks an existing regular target. Returns 0, or -1 after reporting. */
static int check_existing(const char *path, const char *real, const struct stat *st,
			  struct diag *d)
{
	if (input_seen(st))
		return refuse(d, path, "it is an input of this run; the output would replace it");
	/* what a shell's '>' would refuse: a file the user may not write */
	if (faccessat(AT_FDCWD, real, W_OK, AT_EACCESS) < 0 && errno == EACCES)
		return refuse(d, path, strerror(EACCES));
	return 0;
}

/* ---- open, commit, abort ---- */

static int open_in_place(struct outfile *o, const char *path, struct diag *d)
{
	o->fp = fopen(path, "wb");
	if (!o->fp) {
		diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	o->path = xstrdup(path);
	return 0;
}

int outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	memset(o, 0, sizeof *o);
	o->slot = -1;
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		return 0;
	}
	/* A symbolic link (/dev/stdout redirected to a file, too) keeps
	 * pointing at its file: the file is replaced, not the link. */
	char *real = resolve_target(path, d);
	if (!real)
		return -1;
	struct stat st;
	bool exists = stat(real, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		free(real);
		return refuse(d, path, strerror(EISDIR));
	}
	/* A device, FIFO or socket (/dev/null, a pipe) is written in place:
	 * renaming a temporary over it would replace the device. */
	if (exists && !S_ISREG(st.st_mode)) {
		int r = open_in_place(o, real, d);
		free(real);
		return r;
	}
	char *dir = NULL;
	if ((exists && check_existing(path, real, &st, d) < 0)) {
		free(real);
		return -1;
	}
	char *abs = realpath(real, NULL);
	if (!abs) {
		/* a new file: resolve its directory instead */
		const char *slash = strrchr(real, '/');
		char *parent = slash ? xstrndup(real, slash == real ? 1 : (size_t)(slash - real)) :
			xstrdup(".");
		char *rp = realpath(parent, NULL);
		if (rp)
			abs = xasprintf("%s/%s", strcmp(rp, "/") ? rp : "", slash ? slash + 1 : real);
		free(rp);
		free(parent);
	}
	if (abs && inside_input_dir(abs, &dir)) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "it would land in input directory '%s', and the next run would "
			"read it as inventory; write it elsewhere", dir);
		refuse(d, path, sb.buf);
		sb_release(&sb);
		free(dir);
		free(abs);
		free(real);
		return -1;
	}
	free(abs);
	o->path = real;
	o->tmp = xasprintf("%s.tmp.XXXXXX", o->path);
	/* registered before the file exists: a signal right after mkstemp
	 * creates it must find it (mkstemp fills in the name in place) */
	o->slot = temp_register(o->tmp);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		temp_release(o);
		char *parent = xstrdup(o->path), *slash = strrchr(parent, '/');
		if (slash)
			slash[slash == parent] = '\0';
		struct stat dst;
		/* the temporary's ENOENT in a directory that exists (/proc, /sys)
		 * would read "No such file" about a file that does exist */
		if (e == ENOENT && slash && stat(parent, &dst) == 0 && S_ISDIR(dst.st_mode))
			diag_msg(d, DIAG_ERROR, "cannot write '%s': directory '%s' takes no new "
				 "files (resmap writes a temporary beside the target)", path, parent);
		else
			diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(e));
		free(parent);
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof *o);
		o->slot = -1;
		return -1;
	}
	/* mkstemp makes 0600: a replaced file keeps its bits, a new one gets
	 * what the umask allows */
	mode_t mode;
	if (exists) {
		mode = st.st_mode & 07777 & ~(mode_t)(S_ISUID | S_ISGID);
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	(void)fchmod(fd, mode);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

/* Flushes, syncs and closes a temporary. Returns 0 or an errno. */
static int finish(struct outfile *o)
{
	int err = 0;
	/* errno is not reset: when an earlier fwrite failed, it still says why */
	if (fflush(o->fp) != 0 || ferror(o->fp))
		err = errno ? errno : EIO;
	if (!err && o->tmp && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = errno ? errno : EIO;
	o->fp = NULL;
	o->finished = true;
	return err;
}

static void drop(struct outfile *o)
{
	temp_release(o);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->finished = false;
}

static int commit_stdout(struct outfile *o, struct diag *d)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	o->fp = NULL;
	if (bad) {
		diag_msg(d, DIAG_ERROR, "cannot write to standard output: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	struct outfile *one = o;
	return outfile_commit_all(&one, 1, d);
}

int outfile_commit_all(struct outfile *const *v, size_t n, struct diag *d)
{
	int rc = 0;
	/* first every file written in full, then every rename */
	for (size_t i = 0; i < n; i++) {
		struct outfile *o = v[i];
		if (!o->fp && !o->finished) {
			rc = -1;
			continue;
		}
		if (!o->path) {
			if (commit_stdout(o, d) < 0)
				rc = -1;
			continue;
		}
		int err = o->fp ? finish(o) : 0;
		if (err) {
			diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", o->path, strerror(err));
			rc = -1;
		}
	}
	/* a rename that fails leaves those before it done: rename(2) cannot
	 * be undone, and it fails only when the directory changed under us */
	for (size_t i = 0; i < n && !rc; i++) {
		struct outfile *o = v[i];
		if (!o->tmp)
			continue;
		if (rename(o->tmp, o->path) != 0) {
			diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", o->path, strerror(errno));
			rc = -1;
			break;
		}
		temp_release(o);
		free(o->tmp);
		o->tmp = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->tmp)
			unlink(v[i]->tmp);
		drop(v[i]);
	}
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->path)
		fclose(o->fp);    /* a device written in place has no temporary to remove */
	if (o->tmp)
		unlink(o->tmp);
	drop(o);
	memset(o, 0, sizeof *o);
	o->slot = -1;
}
