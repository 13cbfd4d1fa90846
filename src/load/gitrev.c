/*
 * gitrev: reads the files of a git revision through git itself, with no
 * shell between (argv only) and no trust in what comes back.
 *
 * Why by blob id: `git cat-file --batch` asked for "REV:PATH" looks PATH
 * up in its tree by a linear scan, so n files in one directory cost n^2
 * (50,000 files: minutes). `git ls-tree -r -z` lists each blob with its
 * id once; asking for the ids makes every lookup a hash probe. Asking by
 * id also means a request is 40 or 64 hex digits: nothing in a file name
 * can be taken for a request or echoed back as an answer.
 */
#include "load/gitrev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

/* An answer's header: "<oid> blob <size>", at most 64 + 6 + 20 bytes. */
#define HEADER_MAX 128

static bool is_hex_oid(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int gitrev_parse_header(const char *line, size_t len, const char *oid, size_t max_size,
			size_t *size, const char **why)
{
	size_t olen = strlen(oid);
	*why = "an answer git should not give";
	if (len < olen + 1 || memcmp(line, oid, olen) || line[olen] != ' ') {
		*why = "git answered for another object";
		return -1;
	}
	const char *p = line + olen + 1, *end = line + len;
	size_t rest = (size_t)(end - p);
	if (rest == 7 && !memcmp(p, "missing", 7)) {
		*why = "the object is missing from the repository";
		return -1;
	}
	if (rest < 5 || memcmp(p, "blob ", 5)) {
		*why = "the object is not a file (blob)";
		return -1;
	}
	p += 5;
	if (p == end) {
		*why = "git gave no size";
		return -1;
	}
	uintmax_t v = 0;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9') {
			*why = "git gave a size that is not a number";
			return -1;
		}
		unsigned digit = (unsigned)(*p - '0');
		if (v > (UINTMAX_MAX - digit) / 10 || (v = v * 10 + digit) > max_size) {
			*why = "the file is larger than --max-input";
			return -1;
		}
	}
	*size = (size_t)v;
	return 0;
}

/*
 * Starts git with argv; its standard input and output are pipes given
 * back in *to and *from (to may be NULL: /dev/null). Returns the pid, or
 * -1 after reporting.
 */
static pid_t spawn(const char *const *argv, int *to, int *from, struct diag *d)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	if ((to && pipe(in) < 0) || pipe(out) < 0)
		goto fail;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		int null = to ? -1 : open("/dev/null", O_RDONLY);
		dup2(to ? in[0] : null, 0);
		dup2(out[1], 1);
		if (to) {
			close(in[0]);
			close(in[1]);
		} else if (null >= 0) {
			close(null);
		}
		close(out[0]);
		close(out[1]);
		execvp("git", (char *const *)argv);
		_exit(127);
	}
	if (to) {
		close(in[0]);
		*to = in[1];
	}
	close(out[1]);
	*from = out[0];
	return pid;
fail:
	diag_msg(d, DIAG_ERROR, "cannot run git: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return -1;
}

static bool exited_ok(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* One entry of `git ls-tree -z`: "<mode> SP <type> SP <oid> TAB <path>". */
struct entry {
	char *name;
	char oid[65];
	size_t off, len;         /* of its contents in the answers */
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/*
 * Splits ls-tree's output into entries. Returns 0, or -1 when a record
 * is not what ls-tree writes (reported).
 */
static int parse_tree(const char *rev, struct strbuf *list, bool (*want)(const char *),
		      struct diag *d, struct entry **ev, size_t *n)
{
	size_t cap = 0;
	const char *p = list->buf, *end = list->buf + list->len;
	while (p < end) {
		const char *rec = p, *nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul) {
			diag_msg(d, DIAG_ERROR, "git ls-tree gave a truncated list for revision '%s'",
				 rev);
			return -1;
		}
		p = nul + 1;
		const char *tab = memchr(rec, '\t', (size_t)(nul - rec));
		const char *sp1 = tab ? memchr(rec, ' ', (size_t)(tab - rec)) : NULL;
		const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(tab - sp1 - 1)) : NULL;
		if (!sp2 || !is_hex_oid(sp2 + 1, (size_t)(tab - sp2 - 1)) || tab + 1 == nul) {
			diag_msg(d, DIAG_ERROR, "git ls-tree gave an entry resmap cannot read for "
				 "revision '%s'", rev);
			return -1;
		}
		const char *name = tab + 1;
		size_t tlen = (size_t)(sp2 - sp1 - 1);
		bool blob = tlen == 4 && !memcmp(sp1 + 1, "blob", 4);
		bool link = (size_t)(sp1 - rec) == 6 && !memcmp(rec, "120000", 6);
		if (!blob) {
			/* a gitlink (submodule): its files live in another repository */
			if (tlen == 6 && !memcmp(sp1 + 1, "commit", 6))
				diag_msg(d, DIAG_WARNING, "'%s' is a submodule at revision '%s'; "
					 "its files are not read", name, rev);
			continue;
		}
		if (!want(name))
			continue;
		if (link) {
			diag_msg(d, DIAG_WARNING, "'%s' is a symbolic link at revision '%s'; "
				 "not followed", name, rev);
			continue;
		}
		*ev = xgrow(*ev, &cap, *n + 1, sizeof **ev);
		struct entry *e = &(*ev)[(*n)++];
		memset(e, 0, sizeof *e);
		e->name = xstrdup(name);
		memcpy(e->oid, sp2 + 1, (size_t)(tab - sp2 - 1));
	}
	return 0;
}

static int list_tree(const char *rev, const char *path, bool (*want)(const char *),
		     struct diag *d, struct entry **ev, size_t *n)
{
	/* --full-name: names from the top of the repository, for messages;
	 * --end-of-options: a rev is never an option (refused anyway) */
	const char *argv[] = { "git", "ls-tree", "-r", "-z", "--full-name", "--end-of-options",
			       rev, "--", path, NULL };
	int from;
	pid_t pid = spawn(argv, NULL, &from, d);
	if (pid < 0)
		return -1;
	struct strbuf list = STRBUF_INIT;
	char buf[65536];
	ssize_t got;
	int err = 0;
	while ((got = read(from, buf, sizeof buf)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		sb_add(&list, buf, (size_t)got);
	}
	close(from);
	int rc = 0;
	if (!exited_ok(pid) || err) {
		diag_msg(d, DIAG_ERROR, "cannot list '%s' at revision '%s' with git", path, rev);
		rc = -1;
	} else {
		rc = parse_tree(rev, &list, want, d, ev, n);
	}
	sb_release(&list);
	return rc;
}

/*
 * Parses what has arrived of the answers, from entry *k at offset *pos.
 * Returns 0 (maybe waiting for more), or -1 after reporting.
 */
static int take_answers(const char *rev, struct strbuf *data, size_t *pos, struct entry *ev,
			size_t n, size_t *k, size_t max_size, struct diag *d)
{
	while (*k < n) {
		const char *h = data->buf + *pos;
		size_t avail = data->len - *pos;
		const char *lf = memchr(h, '\n', avail < HEADER_MAX ? avail : HEADER_MAX);
		if (!lf) {
			if (avail < HEADER_MAX)
				return 0;
			diag_msg(d, DIAG_ERROR, "cannot read '%s' at revision '%s': git gave a "
				 "header resmap cannot read", ev[*k].name, rev);
			return -1;
		}
		size_t hlen = (size_t)(lf - h), size;
		const char *why;
		if (gitrev_parse_header(h, hlen, ev[*k].oid, max_size, &size, &why) < 0) {
			diag_msg(d, DIAG_ERROR, "cannot read '%s' at revision '%s': %s",
				 ev[*k].name, rev, why);
			return -1;
		}
		/* header LF, contents, LF */
		if (avail - hlen - 1 < size + 1)
			return 0;
		size_t start = *pos + hlen + 1;
		if (data->buf[start + size] != '\n') {
			diag_msg(d, DIAG_ERROR, "cannot read '%s' at revision '%s': git's answer "
				 "does not end where its size says", ev[*k].name, rev);
			return -1;
		}
		data->buf[start + size] = '\0';
		ev[*k].off = start;
		ev[*k].len = size;
		*pos = start + size + 1;
		(*k)++;
	}
	return 0;
}

/*
 * Asks one `git cat-file --batch` for every entry by id, writing the
 * requests while reading the answers (a full pipe either way would
 * block a plain write-then-read). Returns 0, or -1 after reporting.
 */
static int read_blobs(const char *rev, struct entry *ev, size_t n, size_t max_size,
		      struct diag *d, struct strbuf *data)
{
	const char *argv[] = { "git", "cat-file", "--batch", NULL };
	int to, from;
	pid_t pid = spawn(argv, &to, &from, d);
	if (pid < 0)
		return -1;
	struct strbuf req = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sb_addf(&req, "%s\n", ev[i].oid);
	/* a git that dies early must fail this read, not kill resmap */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fcntl(to, F_SETFL, fcntl(to, F_GETFL) | O_NONBLOCK);
	size_t sent = 0, pos = 0, k = 0;
	int rc = 0;
	bool eof = false;
	char buf[65536];
	while (!eof && rc == 0) {
		struct pollfd pf[2] = { { from, POLLIN, 0 }, { to, POLLOUT, 0 } };
		int np = to >= 0 ? 2 : 1;
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			diag_msg(d, DIAG_ERROR, "cannot read revision '%s' with git: %s", rev,
				 strerror(errno));
			rc = -1;
			break;
		}
		if (np == 2 && pf[1].revents) {
			ssize_t w = write(to, req.buf + sent, req.len - sent);
			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == req.len) {
				close(to);
				to = -1;
			}
		}
		if (pf[0].revents) {
			ssize_t got = read(from, buf, sizeof buf);
			if (got < 0 && errno != EINTR && errno != EAGAIN) {
				diag_msg(d, DIAG_ERROR, "cannot read revision '%s' with git: %s", rev,
					 strerror(errno));
				rc = -1;
			} else if (got == 0) {
				eof = true;
			} else if (got > 0) {
				sb_add(data, buf, (size_t)got);
				rc = take_answers(rev, data, &pos, ev, n, &k, max_size, d);
			}
		}
	}
	if (to >= 0)
		close(to);
	close(from);
	bool ok = exited_ok(pid);
	sigaction(SIGPIPE, &old, NULL);
	sb_release(&req);
	if (rc == 0 && (k < n || pos != data->len)) {
		diag_msg(d, DIAG_ERROR, "cannot read '%s' at revision '%s': git's answers %s",
			 k < n ? ev[k].name : ev[n - 1].name, rev,
			 k < n ? "end early" : "go on after the last file");
		rc = -1;
	}
	if (rc == 0 && !ok) {
		diag_msg(d, DIAG_ERROR, "cannot read revision '%s' with git", rev);
		rc = -1;
	}
	return rc;
}

static bool bad_rev(const char *rev, struct diag *d)
{
	if (!*rev) {
		diag_msg(d, DIAG_ERROR, "no revision in 'git:'");
		return true;
	}
	if (rev[0] == '-') {
		diag_msg(d, DIAG_ERROR, "revision '%s' starts with '-'; git would take it for "
			 "an option", rev);
		return true;
	}
	for (const unsigned char *p = (const unsigned char *)rev; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			diag_msg(d, DIAG_ERROR, "revision '%s' contains a control character", rev);
			return true;
		}
	return false;
}

int gitrev_read(const char *rev, const char *path, bool (*want)(const char *name),
		size_t max_size, struct diag *d, struct gitrev_files *out)
{
	memset(out, 0, sizeof *out);
	if (bad_rev(rev, d))
		return -1;
	struct entry *ev = NULL;
	size_t n = 0;
	struct strbuf data = STRBUF_INIT;
	int rc = list_tree(rev, path, want, d, &ev, &n);
	if (rc == 0 && !n) {
		diag_msg(d, DIAG_ERROR, "no *.yaml or *.yml file under '%s' at revision '%s'",
			 path, rev);
		rc = -1;
	}
	if (rc == 0)
		rc = read_blobs(rev, ev, n, max_size, d, &data);
	if (rc == 0) {
		if (n > 1)
			xqsort(ev, n, sizeof *ev, cmp_entry);
		out->data = sb_detach(&data);
		out->v = xcalloc(n, sizeof *out->v);
		out->n = n;
		for (size_t i = 0; i < n; i++) {
			out->v[i].name = ev[i].name;
			out->v[i].buf = out->data + ev[i].off;
			out->v[i].len = ev[i].len;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			free(ev[i].name);
	}
	free(ev);
	sb_release(&data);
	return rc;
}

void gitrev_release(struct gitrev_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].name);
	free(f->v);
	free(f->data);
	memset(f, 0, sizeof *f);
}
