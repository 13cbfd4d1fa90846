/*
 * utf8: decoding one UTF-8 sequence, and the display width of text on a
 * terminal (wcwidth for the characters inventories hold: East Asian wide
 * and fullwidth characters take two columns, combining marks and
 * zero-width characters none). No locale is consulted, so output is the
 * same everywhere.
 */
#ifndef RESMAP_UTF8_H
#define RESMAP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at p (n > 0 bytes left), its code
 * point in *cp; 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Length of the YAML line break at p (n > 0 bytes left), 0 when none:
 * LF, CR, CRLF (one break), NEL U+0085, LS U+2028, PS U+2029. */
size_t utf8_yaml_break(const unsigned char *p, size_t n);

/* Columns a terminal gives code point cp: 0, 1 or 2 (controls: 0). */
int utf8_cp_width(uint32_t cp);

/* Display width of UTF-8 text; an invalid byte counts one column. */
size_t utf8_width(const char *s);

#endif
