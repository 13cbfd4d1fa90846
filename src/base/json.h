/*
 * json: a streaming JSON writer. Keys and values are written in the
 * order given (callers sort); strings are escaped for JSON, and every
 * byte that is not valid UTF-8 becomes U+FFFD so that output is always
 * valid JSON whatever the inventory held.
 */
#ifndef RESMAP_JSON_H
#define RESMAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/util.h"

#define JSON_MAX_DEPTH 64

#define JSON_BUF 16384

/*
 * Output is gathered in the writer and handed to out in blocks of
 * JSON_BUF bytes (a fact is some thirty small strings: one stdio call
 * each cost a third of `map --format json`), so nothing may be written to
 * out directly between json_init and json_finish, which flushes.
 */
struct json {
	FILE *out;
	bool pretty;               /* two-space indent, one value per line */
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
	size_t len;                /* bytes waiting in buf */
	char buf[JSON_BUF];
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);         /* NULL writes null */
void json_strn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* key + value shorthands */
void json_kstr(struct json *j, const char *key, const char *s);
void json_kint(struct json *j, const char *key, long long v);
/* Ends the document with a newline and writes what is buffered to out. */
void json_finish(struct json *j);
/* Writes what is buffered to out, for a caller that writes a fragment. */
void json_flush(struct json *j);

/* Appends s escaped as JSON string contents (no quotes) to sb. */
void json_escape_sb(struct strbuf *sb, const char *s, size_t n);

#endif
