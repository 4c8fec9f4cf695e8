// SPDX-License-Identifier: MIT
/* stream_pos.h - stream offsets for the incremental decoders (parser.c,
 * nv_decoder.c); see fcgi__stream_pos in fcgi/parser.h.  Not installed. */
#ifndef FCGI_STREAM_POS_H
#define FCGI_STREAM_POS_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/parser.h"

#if defined(__GNUC__) || defined(__clang__)
#define FCGI__LIKELY(x) __builtin_expect(!!(x), 1)
#define FCGI__NOINLINE __attribute__((noinline))
#else
#define FCGI__LIKELY(x) (x)
#define FCGI__NOINLINE
#endif

/* Stream offset of the next octet. */
static inline uint64_t fcgi__pos_offset(const fcgi__stream_pos *s)
{
    return s->_origin + (uint64_t)s->_next;
}

/* Called on entry with the caller's input: returns the stream offset of
 * buf[0].  Input that starts where the last call stopped (the rest of the
 * same buffer) is the common case and needs `_next` only for the branch;
 * any other address is a new input, which begins at the next octet of the
 * stream.  Arithmetic is modulo 2^64 throughout. */
static inline uint64_t fcgi__pos_enter(fcgi__stream_pos *s, const void *buf)
{
    const uint64_t at = (uintptr_t)buf;
    if (!FCGI__LIKELY(at == s->_next))
        s->_origin += (uint64_t)s->_next - at;
    return s->_origin + at;
}

/* Called on exit: `consumed` octets of buf were used. */
static inline void fcgi__pos_leave(fcgi__stream_pos *s, const void *buf, size_t consumed)
{
    s->_next = (uintptr_t)buf + consumed;
}

#endif /* FCGI_STREAM_POS_H */
