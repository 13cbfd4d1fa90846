/*
 * ypool: see ypool.h. One mutex and two condition variables guard
 * everything the threads share; a file gives two or three hand-overs
 * (its documents and its end), so they are never contended for long.
 *
 * A worker waits inside ytree's document callback until the calling
 * thread has loaded that document: the tree lives in the worker's chunk
 * memory (ytree keeps spare chunks per thread) and in its arena, which
 * the loader allocates from while the worker waits, and both are reset
 * by the worker when the callback returns.
 */
#include "base/ypool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/input.h"
#include "base/util.h"

enum job_state { JOB_IDLE, JOB_RUNNING, JOB_DOC, JOB_DONE };

struct job {
	enum job_state state;
	size_t file;            /* index in the list */
	struct diag_log log;    /* the worker's messages, in order */
	struct diag rec;        /* records into log */
	char *buf;              /* NULL: could not be read */
	size_t len;
	bool regular;
	const struct ynode *root;       /* JOB_DOC: the document waiting */
	struct arena *arena;
	size_t log_at_doc;      /* messages reported before that document */
	int doc_ret;            /* the loader's answer */
};

struct pool {
	const struct ypool_file *files;
	size_t n;
	size_t max_input;
	const struct ytree_limits *lim;
	struct job *jobs;       /* ring of `window` slots: file i in slot i % window */
	size_t window;
	size_t next;            /* the next file a worker takes */
	size_t loaded;          /* files the calling thread has finished */
	pthread_mutex_t mu;
	pthread_cond_t to_main, to_workers;
};

unsigned ypool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > YPOOL_MAX_JOBS ? YPOOL_MAX_JOBS : (unsigned)n;
}

static void lock(struct pool *p)
{
	if (pthread_mutex_lock(&p->mu))
		die("cannot lock a mutex");
}

static void unlock(struct pool *p)
{
	pthread_mutex_unlock(&p->mu);
}

struct doc_ctx {
	struct pool *p;
	struct job *j;
};

/* The worker's document callback: hand it over and wait until it is loaded. */
static int hand_over(void *ctx, const struct ynode *root, struct arena *a)
{
	struct doc_ctx *dc = ctx;
	struct pool *p = dc->p;
	struct job *j = dc->j;
	lock(p);
	j->root = root;
	j->arena = a;
	j->log_at_doc = j->log.n;
	j->state = JOB_DOC;
	pthread_cond_broadcast(&p->to_main);
	while (j->state == JOB_DOC)
		pthread_cond_wait(&p->to_workers, &p->mu);
	int r = j->doc_ret;
	unlock(p);
	return r;
}

static void run_job(struct pool *p, struct job *j)
{
	const struct ypool_file *f = &p->files[j->file];
	if (input_read(f->path, p->max_input, &j->rec, &j->buf, &j->len, &j->regular) < 0)
		return;
	/* the calling thread takes note of the text (excerpts of standard
	 * input) when it reaches the first document or the end */
	struct doc_ctx dc = { p, j };
	ytree_parse_buffer(j->buf, j->len, f->name, p->lim, &j->rec, hand_over, &dc);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	lock(p);
	for (;;) {
		while (p->next < p->n && p->next >= p->loaded + p->window)
			pthread_cond_wait(&p->to_workers, &p->mu);
		if (p->next >= p->n)
			break;
		struct job *j = &p->jobs[p->next % p->window];
		j->file = p->next++;
		j->state = JOB_RUNNING;
		unlock(p);
		run_job(p, j);
		lock(p);
		j->state = JOB_DONE;
		pthread_cond_broadcast(&p->to_main);
	}
	unlock(p);
	ytree_thread_release();
	return NULL;
}

/* The calling thread's side of file i: its messages and documents, in order. */
static void take(struct pool *p, size_t i, struct diag *d, const struct ypool_calls *calls,
		 void *ctx)
{
	struct job *j = &p->jobs[i % p->window];
	size_t shown = 0;
	bool told = false;
	lock(p);
	for (;;) {
		while (j->state == JOB_IDLE || j->state == JOB_RUNNING || j->file != i)
			pthread_cond_wait(&p->to_main, &p->mu);
		enum job_state st = j->state;
		unlock(p);
		/* the worker waits (JOB_DOC) or is gone (JOB_DONE): its log is ours */
		if (!told && j->buf) {
			/* a file read has no messages before its parse */
			calls->read(ctx, i, j->buf, j->len, j->regular);
			told = true;
		}
		size_t upto = st == JOB_DOC ? j->log_at_doc : j->log.n;
		diag_replay(d, &j->log, shown, upto);
		shown = upto;
		if (st == JOB_DONE)
			break;
		int r = calls->doc(ctx, j->root, j->arena);
		lock(p);
		j->doc_ret = r;
		j->state = JOB_RUNNING;
		pthread_cond_broadcast(&p->to_workers);
	}
	free(j->buf);
	j->buf = NULL;
	diag_log_release(&j->log);
	diag_init_log(&j->rec, &j->log);
	lock(p);
	j->state = JOB_IDLE;
	p->loaded = i + 1;
	pthread_cond_broadcast(&p->to_workers);
	unlock(p);
}

/* The plain loop, for one worker or one file. */
static void parse_here(const struct ypool_file *files, size_t n, size_t max_input,
		       const struct ytree_limits *lim, struct diag *d,
		       const struct ypool_calls *calls, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		calls->begin(ctx, i);
		char *buf;
		size_t len;
		bool regular;
		if (input_read(files[i].path, max_input, d, &buf, &len, &regular) == 0) {
			calls->read(ctx, i, buf, len, regular);
			ytree_parse_buffer(buf, len, files[i].name, lim, d, calls->doc, ctx);
			free(buf);
		}
		calls->end(ctx, i);
	}
}

void ypool_parse(const struct ypool_file *files, size_t n, unsigned jobs, size_t max_input,
		 const struct ytree_limits *lim, struct diag *d, const struct ypool_calls *calls,
		 void *ctx)
{
	if (jobs > YPOOL_MAX_JOBS)
		jobs = YPOOL_MAX_JOBS;
	if (jobs > n)
		jobs = (unsigned)n;
	/* standard input is read once, by the first "-" in the list: which
	 * worker came first must not decide that */
	for (size_t i = 0; i < n && jobs > 1; i++)
		if (!strcmp(files[i].path, "-"))
			jobs = 1;
	if (jobs <= 1) {
		parse_here(files, n, max_input, lim, d, calls, ctx);
		return;
	}
	struct pool p;
	memset(&p, 0, sizeof p);
	p.files = files;
	p.n = n;
	p.max_input = max_input;
	p.lim = lim;
	p.window = 2 * (size_t)jobs;
	p.jobs = xcalloc(p.window, sizeof *p.jobs);
	for (size_t k = 0; k < p.window; k++)
		diag_init_log(&p.jobs[k].rec, &p.jobs[k].log);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.to_main, NULL);
	pthread_cond_init(&p.to_workers, NULL);
	pthread_t tid[YPOOL_MAX_JOBS];
	unsigned started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&tid[started], NULL, worker, &p))
			break;
	for (size_t i = 0; i < n && started; i++) {
		calls->begin(ctx, i);
		take(&p, i, d, calls, ctx);
		calls->end(ctx, i);
	}
	if (!started)        /* no thread to be had: read them here */
		parse_here(files, n, max_input, lim, d, calls, ctx);
	for (unsigned k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	pthread_cond_destroy(&p.to_workers);
	pthread_cond_destroy(&p.to_main);
	pthread_mutex_destroy(&p.mu);
	for (size_t k = 0; k < p.window; k++)
		diag_log_release(&p.jobs[k].log);
	free(p.jobs);
}
