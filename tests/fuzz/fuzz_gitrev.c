/*
 * fuzz_gitrev: libFuzzer target for the parsing of `git cat-file
 * --batch` answer headers (issue 18, finding 1): every line of the input
 * is an answer for one object id; an accepted answer must be a blob of
 * the object asked for, no larger than the bound.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/gitrev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char oid[] = "0123456789abcdef0123456789abcdef01234567";
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		size_t len = lf ? (size_t)(lf - p) : (size_t)(end - p);
		size_t got = 0, max = (size_t)1 << 20;
		const char *why = NULL;
		if (gitrev_parse_header(p, len, oid, max, &got, &why) == 0) {
			if (got > max || len < sizeof oid || memcmp(p, oid, sizeof oid - 1) ||
			    memcmp(p + sizeof oid - 1, " blob ", 6))
				abort();
		} else if (!why) {
			abort();
		}
		p += len + (lf ? 1 : 0);
	}
	return 0;
}
