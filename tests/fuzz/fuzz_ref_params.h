// SPDX-License-Identifier: MIT
/* fuzz_ref_params.h - a deliberately plain name-value pair decoder, written
 * from the spec (section 3.4) and nothing else, that the property targets
 * compare the codec's decoders against.  Lengths are handled in 64 bits,
 * so it has no overflow to get wrong. */
#ifndef FCGI_FUZZ_REF_PARAMS_H
#define FCGI_FUZZ_REF_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ref_pair {
    size_t start;       /* offset of the pair's first octet */
    size_t prefix;      /* octets of its two lengths (2, 5 or 8) */
    uint64_t name_len;
    uint64_t value_len;
    size_t end;         /* offset just past it */
    bool canonical;     /* each length in its shortest form */
} ref_pair;

/* Reads one length at x[*at], advancing; false when cut short. */
static inline bool ref_len(const uint8_t *x, size_t n, size_t *at, uint64_t *len, bool *canon)
{
    if (*at >= n)
        return false;
    if (x[*at] < 0x80) {
        *len = x[(*at)++];
        return true;
    }
    if (n - *at < 4)
        return false;
    *len = ((uint64_t)(x[*at] & 0x7f) << 24) | ((uint64_t)x[*at + 1] << 16) |
           ((uint64_t)x[*at + 2] << 8) | x[*at + 3];
    if (*len < 0x80)
        *canon = false;
    *at += 4;
    return true;
}

/* Decodes the pair at x[at..n).  Returns false when it is malformed or cut
 * short; then *prefix_done tells whether both lengths were complete. */
static inline bool ref_pair_at(const uint8_t *x, size_t n, size_t at, ref_pair *out,
                               bool *prefix_done)
{
    size_t i = at;
    out->start = at;
    out->canonical = true;
    *prefix_done = false;
    if (!ref_len(x, n, &i, &out->name_len, &out->canonical) ||
        !ref_len(x, n, &i, &out->value_len, &out->canonical))
        return false;
    *prefix_done = true;
    out->prefix = i - at;
    if ((uint64_t)(n - i) < out->name_len + out->value_len)
        return false;
    out->end = i + (size_t)(out->name_len + out->value_len);
    return true;
}

#endif
