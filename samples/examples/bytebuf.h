// SPDX-License-Identifier: MIT
// bytebuf.h - a growable octet buffer for mux-server's per-request state.
// The codec itself never allocates; an application on top of it has to
// keep bodies and responses somewhere, and this is that somewhere.
#ifndef MUX_BYTEBUF_H
#define MUX_BYTEBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct bytebuf {
    uint8_t *data;
    size_t len;
    size_t cap;
} bytebuf;

// Appends n octets.  Returns 0, or -1 when memory runs out (b unchanged).
int bytebuf_append(bytebuf *b, const void *p, size_t n);

// Appends printf-formatted text (no NUL).  Returns 0 or -1.
int bytebuf_printf(bytebuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Drops the first n octets (n <= b->len).
void bytebuf_consume(bytebuf *b, size_t n);

// Frees the storage; b is empty and reusable afterwards.
void bytebuf_free(bytebuf *b);

#endif
