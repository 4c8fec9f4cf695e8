// SPDX-License-Identifier: MIT
/* fuzz_common.h - helpers shared by the libFuzzer targets.
 *
 * A property violation must stop the fuzzer with a crash that libFuzzer
 * saves, so checks go through FUZZ_CHECK(), which prints what failed and
 * aborts (assert() would vanish under NDEBUG).
 *
 * Targets that feed pieces take their piece sizes from the front of the
 * input, so the fuzzer chooses the split points and minimises them along
 * with the data:
 *
 *     [n] [size_1] ... [size_n] [stream octets ...]
 *
 * Piece i has size_{i mod n} octets (0 is allowed: an empty feed must be
 * harmless); n == 0 means one piece holding the whole stream. */
#ifndef FCGI_FUZZ_COMMON_H
#define FCGI_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* A cursor over the fuzzer's input. */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t left;
} fuzz_in;

static inline uint8_t fuzz_u8(fuzz_in *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

static inline uint16_t fuzz_u16(fuzz_in *in)
{
    uint16_t hi = fuzz_u8(in);
    return (uint16_t)(hi << 8 | fuzz_u8(in));
}

/* The split plan at the front of the input (see above). */
typedef struct fuzz_splits {
    uint8_t n;
    uint8_t size[32];
    size_t next;
    unsigned zeros; /* empty pieces in a row */
} fuzz_splits;

static inline void fuzz_splits_take(fuzz_in *in, fuzz_splits *s)
{
    s->n = (uint8_t)(fuzz_u8(in) % 33);
    for (unsigned i = 0; i < s->n; i++)
        s->size[i] = fuzz_u8(in);
    s->next = 0;
    s->zeros = 0;
}

/* Size of the next piece, given what is left of the stream. */
static inline size_t fuzz_splits_next(fuzz_splits *s, size_t left)
{
    if (s->n == 0)
        return left;
    size_t k = s->size[s->next++ % s->n];
    /* A plan of nothing but zeros would never end: after n empty pieces in
     * a row, one octet goes through. */
    if (k == 0 && ++s->zeros > s->n)
        k = 1;
    if (k != 0)
        s->zeros = 0;
    return k < left ? k : left;
}

/* A copy of src[0..n) in a heap block of exactly n octets (at least one
 * for malloc's sake), so AddressSanitizer sees any read past a piece. */
static inline uint8_t *fuzz_dup(const uint8_t *src, size_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    if (d == NULL)
        abort();
    if (n)
        memcpy(d, src, n);
    return d;
}

static inline int fuzz_span_eq(const void *a, size_t alen, const void *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

#endif
