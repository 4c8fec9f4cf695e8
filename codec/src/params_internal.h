/* SPDX-License-Identifier: MIT */
/* params_internal.h - the name-value pair encoding rules, shared by the
 * params builders/parsers (params.c), the stream builders (protocol.c) and
 * the dumper (dump.c) so the wire format is written down exactly once.
 * Not installed. */
#ifndef FCGI_PARAMS_INTERNAL_H
#define FCGI_PARAMS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/parser_inline.h"
#include "fcgi/protocol.h"
#include "internal.h"

/* The length prefix of a name or value (spec section 3.4): a length below
 * 128 takes one octet, with the high bit clear; any other (up to 2^31-1)
 * four, big-endian, with the high bit of the first set.  The short form of
 * a whole pair, both lengths in one octet, is fcgi__nv_short_form() in
 * fcgi/parser_inline.h, whose fast paths use it. */

/* Octets the length prefix of `len` takes. */
static inline size_t fcgi__nv_len_size(size_t len)
{
    return len < 0x80 ? 1 : 4;
}

/* Octets the length prefix whose first octet is `first` takes. */
static inline size_t fcgi__nv_prefix_size(uint8_t first)
{
    return (first & 0x80) ? 4 : 1;
}

/* The length in the prefix at p (fcgi__nv_prefix_size(p[0]) octets). */
static inline uint32_t fcgi__nv_get_len(const uint8_t *p)
{
    return (p[0] & 0x80) ? fcgi__get_u32(p) & 0x7fffffffu : p[0];
}

/* Writes the length prefix of `len` (<= FCGI_MAX_NV_LEN) at p and returns
 * the octets written. */
static inline size_t fcgi__nv_put_len(uint8_t *p, size_t len)
{
    if (len < 0x80) {
        p[0] = (uint8_t)len;
        return 1;
    }
    fcgi__put_u32(p, (uint32_t)len | 0x80000000u);
    return 4;
}

/* Reads the two length prefixes at p[0..left): returns the octets they
 * take (2 to 8) with the lengths in *nlen and *vlen, or 0 when they do not
 * both lie in the input. */
static inline size_t fcgi__nv_get_lens(const uint8_t *p, size_t left, size_t *nlen,
                                       size_t *vlen)
{
    size_t h;

    if (left < 2)
        return 0;
    h = fcgi__nv_prefix_size(p[0]);
    if (h >= left || left - h < fcgi__nv_prefix_size(p[h]))
        return 0;
    *nlen = fcgi__nv_get_len(p);
    *vlen = fcgi__nv_get_len(p + h);
    return h + fcgi__nv_prefix_size(p[h]);
}

/* Decodes the pair at *p (with *left octets remaining).  On success fills
 * *out, advances *p / *left past the pair and returns 1; on a malformed or
 * truncated pair returns 0 and changes nothing.
 *
 * Every wire length is compared with what remains by subtraction; no two
 * untrusted lengths are ever added (libfcgi's CVE-2025-23016 was exactly
 * nameLen + valueLen + 2 overflowing). */
static inline int fcgi__nv_next(const uint8_t **pp, size_t *leftp, fcgi_nv_pair *out)
{
    const uint8_t *p = *pp;
    size_t left = *leftp, nlen, vlen;
    const size_t h = fcgi__nv_get_lens(p, left, &nlen, &vlen);

    if (h == 0)
        return 0;
    p += h;
    left -= h;
    if (nlen > left)
        return 0;
    left -= nlen;
    if (vlen > left)
        return 0;
    left -= vlen;
    out->name.data = p;
    out->name.len = nlen;
    out->value.data = p + nlen;
    out->value.len = vlen;
    *pp = p + nlen + vlen;
    *leftp = left;
    return 1;
}

/* Checks pairs[0..n) (FCGI_E_INVALID_ARGUMENT for NULL spans with a
 * length or a NULL array, FCGI_E_NV_TOO_LONG for a length over 2^31-1)
 * and computes the size of their encoding (FCGI_E_INVALID_ARGUMENT if it
 * does not fit a size_t).  Defined in params.c. */
fcgi_status fcgi__params_size(const fcgi_nv_pair *pairs, size_t n, size_t *size);

/* Writes the encoding of pairs[0..n) at p and returns its end.  The pairs
 * must have passed fcgi__params_size() and p must have room for the size
 * it computed.  Defined in params.c. */
uint8_t *fcgi__params_encode(uint8_t *p, const fcgi_nv_pair *pairs, size_t n);

#endif /* FCGI_PARAMS_INTERNAL_H */
