// SPDX-License-Identifier: MIT
/* stream_pos.h - stream offsets for the incremental decoders (parser.c,
 * nv_decoder.c).  Not installed.
 *
 * fcgi__stream_pos (fcgi/parser.h) says where the next octet sits in the
 * stream, in a form that lets the fast paths (fcgi/parser_inline.h) run
 * without touching anything else:
 *   _resume  address (kept as a number, never dereferenced) just past the
 *            last octet consumed, when the decoder is between records or
 *            pairs, so that a call continuing there may take the fast
 *            path; 0 otherwise;
 *   _origin  + an address of the current input = its stream offset;
 *   _offset  stream offset of the next octet while _resume is 0.
 * A fast call reads _resume only to compare it with its input, never to
 * compute with, which keeps a memory round trip out of the latency of a
 * loop over pairs or records.  A decoder between records or pairs whose
 * next input comes from elsewhere is moved there by fcgi__pos_rebase(). */
#ifndef FCGI_STREAM_POS_H
#define FCGI_STREAM_POS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/parser_inline.h"

#if defined(__GNUC__) || defined(__clang__)
#define FCGI__NOINLINE __attribute__((noinline))
#else
#define FCGI__NOINLINE
#endif

/* Stream offset of the next octet. */
static inline uint64_t fcgi__pos_offset(const fcgi__stream_pos *s)
{
    return s->_resume != 0 ? s->_origin + s->_resume : s->_offset;
}

/* Called on entry with the caller's input: returns the stream offset of
 * buf[0] and makes _origin valid for buf.  Input that continues where the
 * last call stopped (the rest of the same buffer, between pairs or
 * records) is the common case, answered from _origin alone; anything else
 * begins at the next octet of the stream.  A NULL buf (with length 0)
 * never counts as continuing: _resume is 0 too whenever _offset holds the
 * position, and _origin may then belong to an earlier buffer.  Arithmetic
 * is modulo 2^64. */
static inline uint64_t fcgi__pos_enter(fcgi__stream_pos *s, const void *buf)
{
    const uint64_t at = (uintptr_t)buf;
    if (FCGI__LIKELY(at == s->_resume && at != 0))
        return s->_origin + at;
    const uint64_t off = fcgi__pos_offset(s);
    /* Held as _offset until leave(), so that entering twice is harmless. */
    s->_offset = off;
    s->_resume = 0;
    s->_origin = off - at;
    return off;
}

/* Called on exit, after fcgi__pos_enter(s, buf): `consumed` octets of buf
 * were used; `resumable` when the decoder is now between records or pairs
 * (where the inline fast path may take over). */
static inline void fcgi__pos_leave(fcgi__stream_pos *s, const void *buf, size_t consumed,
                                   bool resumable)
{
    const uintptr_t end = (uintptr_t)buf + consumed;
    if (resumable) {
        s->_resume = end;
    } else {
        s->_offset = s->_origin + end;
        s->_resume = 0;
    }
}

#endif /* FCGI_STREAM_POS_H */
