// SPDX-License-Identifier: MIT
/*
 * util.h - growable strings and hex for the differential test.
 *
 * Everything here aborts on allocation failure: the test is a short-lived
 * program, and a half-compared run is worse than no run.
 */
#ifndef DIFF_UTIL_H
#define DIFF_UTIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct strbuf {
    char *p;    /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} strbuf;

void sb_put(strbuf *sb, const void *data, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends data as lowercase hex, two digits per octet. */
void sb_hex(strbuf *sb, const uint8_t *data, size_t n);
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
/* A private copy of data[0..n): exactly n octets (1 when n is 0), so that
 * AddressSanitizer sees any read past the end. */
uint8_t *xmemdup(const void *data, size_t n);

/* Decodes lowercase hex s[0..n) into a fresh buffer; returns its length or
 * (size_t)-1 when s is not hex. */
size_t hex_decode(const char *s, size_t n, uint8_t **out);

#endif
