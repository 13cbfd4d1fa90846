/*
 * util: allocation that never returns NULL, a growable string buffer,
 * and a growable pointer vector. Allocation failure prints one line and
 * exits with status 2: resmap has nothing useful to do without memory.
 */
#ifndef RESMAP_UTIL_H
#define RESMAP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array to hold at least min elements of size each; *cap updated. */
void *xgrow(void *p, size_t *cap, size_t min, size_t size);
/* The capacity xgrow grows cap to for min elements of size bytes: doubled
 * from cap (8 when 0); dies when the array's bytes would pass SIZE_MAX / 2. */
size_t grow_capacity(size_t cap, size_t min, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns an owned string; free with free(). */
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2);

struct timespec;
/* Seconds of CLOCK_MONOTONIC since *start (taken with clock_gettime). */
double seconds_since(const struct timespec *start);

/* Prints "resmap: fatal: ..." to stderr and exits 2. */
_Noreturn void die(const char *fmt, ...) ATTR_PRINTF(1, 2);

/* Growable, always NUL-terminated byte buffer. Owns buf; sb_release frees. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
void sb_reset(struct strbuf *sb);                 /* len = 0, keeps memory */
void sb_add(struct strbuf *sb, const void *p, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) ATTR_PRINTF(2, 3);
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hands the buffer to the caller (free with free()); sb is left empty. */
char *sb_detach(struct strbuf *sb);

/* Growable array of pointers. Owns the array, not what it points to. */
struct ptrvec {
	void **v;
	size_t n, cap;
};
#define PTRVEC_INIT { NULL, 0, 0 }
void pv_push(struct ptrvec *pv, void *p);
void pv_release(struct ptrvec *pv);

/* qsort that accepts an empty array with a NULL base (qsort itself may
 * not be given NULL, even with n = 0: UBSan rightly objects). */
void xqsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* strcmp for qsort over arrays of const char *. */
int cmp_strp(const void *a, const void *b);

#endif
