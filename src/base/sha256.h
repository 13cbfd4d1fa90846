/*
 * sha256: SHA-256 (FIPS 180-4) of a buffer, for the Content-Security-Policy
 * hash of the report's inline script. Not for secrets: no constant-time
 * care is taken.
 */
#ifndef RESMAP_SHA256_H
#define RESMAP_SHA256_H

#include <stddef.h>
#include <stdint.h>

void sha256(const void *data, size_t len, uint8_t out[32]);

/* Standard base64 (RFC 4648, with padding) of n bytes into out, which
 * needs 4 * ((n + 2) / 3) + 1 bytes; NUL-terminated. */
void base64_encode(const uint8_t *in, size_t n, char *out);

#endif
