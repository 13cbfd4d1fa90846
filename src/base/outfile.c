/*
 * outfile: write to "TARGET.tmp.XXXXXX" beside the target, then rename,
 * so that readers never see a half-written file and a failure leaves the
 * previous one intact.
 */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

int outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	memset(o, 0, sizeof *o);
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		return 0;
	}
	/* A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written
	 * in place: renaming a temporary over it would replace the device. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(EISDIR));
			return -1;
		}
		o->fp = fopen(path, "wb");
		if (!o->fp) {
			diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
			return -1;
		}
		o->path = xstrdup(path);
		return 0;
	}
	o->path = xstrdup(path);
	/* A symbolic link (/dev/stdout redirected to a file, too) keeps
	 * pointing at its file: the file is replaced, not the link. */
	struct stat lst;
	char *real;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (real = realpath(path, NULL))) {
		free(o->path);
		o->path = xstrdup(real);
		free(real);
	}
	o->tmp = xasprintf("%s.tmp.XXXXXX", o->path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof *o);
		return -1;
	}
	/* mkstemp makes 0600; an output file should be as umask allows */
	mode_t um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof *o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	if (!o->fp)
		return -1;
	if (!o->path) {
		int bad = fflush(stdout) != 0 || ferror(stdout);
		o->fp = NULL;
		if (bad) {
			diag_msg(d, DIAG_ERROR, "cannot write to standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	int err = 0;
	/* errno is not reset: when an earlier fwrite failed, it still says why */
	if (fflush(o->fp) != 0 || ferror(o->fp))
		err = errno ? errno : EIO;
	if (!err && o->tmp && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = errno ? errno : EIO;
	o->fp = NULL;
	if (!err && o->tmp && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		diag_msg(d, DIAG_ERROR, "cannot write '%s': %s", o->path, strerror(err));
		if (o->tmp)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return err ? -1 : 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->path)
		fclose(o->fp);    /* a device written in place has no temporary to remove */
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}
