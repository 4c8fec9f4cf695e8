/* SPDX-License-Identifier: MIT */
/* testutil.h - helpers several unit tests share.  Include after <cmocka.h>. */
#ifndef FCGI_TESTUTIL_H
#define FCGI_TESTUTIL_H

#include <stdint.h>
#include <stdlib.h>

/* xorshift32: the same sequence on every platform for a given seed, so a
 * failing random case can be replayed. */
static inline uint32_t testutil_xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* malloc that fails the test instead of returning NULL (n may be 0). */
static inline uint8_t *testutil_xmalloc(size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    assert_non_null(p);
    return p;
}

#endif /* FCGI_TESTUTIL_H */
