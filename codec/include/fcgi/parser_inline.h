/* SPDX-License-Identifier: MIT */
/*
 * fcgi/parser_inline.h - the feed and finish calls of fcgi/parser.h as
 * inline functions, for loops over many small records and pairs.
 *
 *   fcgi_parser_feed_inline()        same contract as fcgi_parser_feed()
 *   fcgi_nv_decoder_feed_inline()    same contract as fcgi_nv_decoder_feed()
 *   fcgi_nv_decoder_finish_inline()  same contract as fcgi_nv_decoder_finish()
 *
 * Each handles the common case at the caller's site (a whole record in the
 * input; a whole pair with both lengths in one octet; a stream that ended
 * between pairs) and calls the library function for anything else, so the
 * results are those of the library function in every case.  What is saved
 * is the call and the trip of every chunk and event through memory: for a
 * typical request fed whole, 2.5 times fewer instructions
 * (bench/README.md).
 *
 * These functions read and write the private fields of fcgi_parser and
 * fcgi_nv_decoder, whose meaning may change from one version of the
 * library to the next.  A program that includes this header must run with
 * the library it was compiled against: link the static library, or require
 * the shared library's exact version.  fcgi/fcgi.h does not include it.
 *
 * Identifiers starting with fcgi__ / FCGI__ are private.
 */
#ifndef FCGI_PARSER_INLINE_H
#define FCGI_PARSER_INLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/parser.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The fast paths are worth having only inlined, and compilers' size
 * heuristics may decline them. */
#if defined(__GNUC__) || defined(__clang__)
#define FCGI__ALWAYS_INLINE static inline __attribute__((always_inline))
#define FCGI__LIKELY(x) __builtin_expect(!!(x), 1)
#define FCGI__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define FCGI__ALWAYS_INLINE static inline
#define FCGI__LIKELY(x) (x)
#define FCGI__UNLIKELY(x) (x)
#endif

/* ---- Wire rules the fast paths share with the library ----------------- */

/* A name-value length below 128 takes one octet, with the high bit clear;
 * any other takes four.  true when both of a pair's lengths take one: the
 * short form almost every pair uses.  Lengths or first length octets. */
FCGI__ALWAYS_INLINE bool fcgi__nv_short_form(size_t name_len, size_t value_len)
{
    return (name_len | value_len) < 0x80;
}

/* true when the pair at b[0..len) is in the short form and lies whole in
 * the input; *size is then its size.  The two lengths are below 128:
 * their sum cannot overflow. */
FCGI__ALWAYS_INLINE bool fcgi__nv_short_pair(const uint8_t *b, size_t len, size_t *size)
{
    if (FCGI__LIKELY(len >= 2 && fcgi__nv_short_form(b[0], b[1]))) {
        const size_t n = 2 + (size_t)b[0] + b[1];
        if (FCGI__LIKELY(n <= len)) {
            *size = n;
            return true;
        }
    }
    return false;
}

/* true when the version-1 record whose header is at b[0..len) lies whole
 * in the input, padding included; *size is then its size (below 2^17). */
FCGI__ALWAYS_INLINE bool fcgi__whole_record(const uint8_t *b, size_t len, size_t *size)
{
    if (FCGI__LIKELY(len >= FCGI_HEADER_LEN && b[0] == FCGI_VERSION_1)) {
        const size_t n = FCGI_HEADER_LEN + ((size_t)b[4] << 8 | b[5]) + b[6];
        if (FCGI__LIKELY(n <= len)) {
            *size = n;
            return true;
        }
    }
    return false;
}

/* ---- Stream position -------------------------------------------------- */

/* Makes buf the place where the stream continues, for a decoder that is
 * between records or pairs but was last fed elsewhere (a new read buffer,
 * the next record's content).  _offset is kept equal to the next offset
 * too, so that the state stays valid when buf is NULL (_resume then reads
 * 0).  See stream_pos.h in the library's sources. */
FCGI__ALWAYS_INLINE void fcgi__pos_rebase(fcgi__stream_pos *s, const void *buf)
{
    const uint64_t next = s->_resume != 0 ? s->_origin + s->_resume : s->_offset;
    s->_offset = next;
    s->_origin = next - (uint64_t)(uintptr_t)buf;
    s->_resume = (uintptr_t)buf;
}

/* ---- The fast paths, shared with the library ---------------------------- */

/* fcgi_parser_feed() for a parser between records with the whole next
 * record at b: fills the chunk and returns true; anything else returns
 * false having changed nothing the library function depends on.  Input
 * that continues where the last call stopped costs one comparison; input
 * from elsewhere is rebased once. */
FCGI__ALWAYS_INLINE bool fcgi__parser_feed_whole(fcgi_parser *p, const uint8_t *b, size_t len,
                                                 size_t *consumed, fcgi_chunk *chunk)
{
    if (FCGI__UNLIKELY((uintptr_t)b != p->_pos._resume)) {
        if (p->_state != 0 || p->_hlen != 0)
            return false; /* inside a record: only the state machine knows */
        fcgi__pos_rebase(&p->_pos, b);
    }
    size_t n;
    if (FCGI__UNLIKELY(!fcgi__whole_record(b, len, &n)))
        return false;
    const size_t clen = (size_t)b[4] << 8 | b[5];
    chunk->header.version = FCGI_VERSION_1;
    chunk->header.type = b[1];
    chunk->header.request_id = (uint16_t)((unsigned)b[2] << 8 | b[3]);
    chunk->header.content_length = (uint16_t)clen;
    chunk->header.padding_length = b[6];
    chunk->header.reserved = b[7];
    chunk->content.data = b + FCGI_HEADER_LEN;
    chunk->content.len = clen;
    chunk->content_offset = 0;
    chunk->record_offset = p->_pos._origin + (uint64_t)(uintptr_t)b;
    chunk->first = true;
    chunk->last = true;
    p->_pos._resume = (uintptr_t)b + n;
    *consumed = n;
    return true;
}

/* fcgi_nv_decoder_feed() for a decoder between pairs with a whole pair in
 * the short form at b, as fcgi__parser_feed_whole() is for records. */
FCGI__ALWAYS_INLINE bool fcgi__nv_decoder_feed_short(fcgi_nv_decoder *d, const uint8_t *b,
                                                     size_t len, size_t *consumed,
                                                     fcgi_nv_event *ev)
{
    if (FCGI__UNLIKELY((uintptr_t)b != d->_pos._resume)) {
        if (d->_state != 0)
            return false; /* inside a pair */
        fcgi__pos_rebase(&d->_pos, b);
    }
    size_t n;
    if (FCGI__UNLIKELY(!fcgi__nv_short_pair(b, len, &n)))
        return false;
    const size_t nlen = b[0], vlen = b[1];
    const uint64_t start = d->_pos._origin + (uint64_t)(uintptr_t)b;
    ev->pair.name.data = b + 2;
    ev->pair.name.len = nlen;
    ev->pair.value.data = b + 2 + nlen;
    ev->pair.value.len = vlen;
    ev->name_len = (uint32_t)nlen;
    ev->value_len = (uint32_t)vlen;
    ev->truncated = false;
    ev->split = false;
    ev->start_offset = start;
    ev->end_offset = start + n;
    d->_pos._resume = (uintptr_t)b + n;
    *consumed = n;
    return true;
}

/* The library calls behind the inline functions.  Results come back
 * through locals and are copied out, so the caller's chunk, event and
 * count never have their address passed to a function: the compiler can
 * keep them in registers and drop the fields the caller never reads.  The
 * locals are initialised and copied whatever the status, so that no path
 * leaves the caller's variables looking uninitialised to its compiler. */
static inline fcgi_status fcgi__parser_feed_call(fcgi_parser *p, const void *buf, size_t len,
                                                 size_t *consumed, fcgi_chunk *chunk)
{
    fcgi_chunk c = {{0, 0, 0, 0, 0, 0}, {NULL, 0}, 0, 0, false, false};
    size_t used = 0;
    const fcgi_status st = fcgi_parser_feed(p, buf, len, &used, &c);
    *consumed = used;
    *chunk = c;
    return st;
}

static inline fcgi_status fcgi__nv_decoder_feed_call(fcgi_nv_decoder *d, const void *buf,
                                                     size_t len, size_t *consumed,
                                                     fcgi_nv_event *ev)
{
    fcgi_nv_event e = {{{NULL, 0}, {NULL, 0}}, 0, 0, false, false, 0, 0};
    size_t used = 0;
    const fcgi_status st = fcgi_nv_decoder_feed(d, buf, len, &used, &e);
    *consumed = used;
    *ev = e;
    return st;
}

/* ---- The opt-in calls ------------------------------------------------- */

FCGI__ALWAYS_INLINE fcgi_status fcgi_parser_feed_inline(fcgi_parser *p, const void *buf,
                                                        size_t len, size_t *consumed,
                                                        fcgi_chunk *chunk)
{
    if (FCGI__LIKELY(fcgi__parser_feed_whole(p, (const uint8_t *)buf, len, consumed, chunk)))
        return FCGI_OK;
    return fcgi__parser_feed_call(p, buf, len, consumed, chunk);
}

FCGI__ALWAYS_INLINE fcgi_status fcgi_nv_decoder_feed_inline(fcgi_nv_decoder *d, const void *buf,
                                                            size_t len, size_t *consumed,
                                                            fcgi_nv_event *ev)
{
    if (FCGI__LIKELY(fcgi__nv_decoder_feed_short(d, (const uint8_t *)buf, len, consumed, ev)))
        return FCGI_OK;
    return fcgi__nv_decoder_feed_call(d, buf, len, consumed, ev);
}

FCGI__ALWAYS_INLINE fcgi_status fcgi_nv_decoder_finish_inline(const fcgi_nv_decoder *d,
                                                              uint64_t *have, uint64_t *want)
{
    if (FCGI__LIKELY(d->_state == 0)) {
        if (have != NULL)
            *have = 0;
        if (want != NULL)
            *want = 0;
        return FCGI_OK;
    }
    return fcgi_nv_decoder_finish(d, have, want);
}

#ifdef __cplusplus
}
#endif

#endif /* FCGI_PARSER_INLINE_H */
