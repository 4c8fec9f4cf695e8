/* SPDX-License-Identifier: MIT */
/*
 * fcgi/parser.h - incremental, zero-copy parsing of FastCGI byte streams.
 *
 * Two resumable decoders for octets that arrive in pieces of any size (one
 * octet at a time works; so does one MiB holding hundreds of records):
 *
 *   fcgi_parser      splits a byte stream into records;
 *   fcgi_nv_decoder  turns the content of a PARAMS / GET_VALUES stream, fed
 *                    record by record, into name-value pairs, even when a
 *                    pair or its length prefix is split across records.
 *
 * Neither allocates, copies content, performs I/O or keeps a pointer to
 * the caller's input after a call returns (except inside the spans it
 * hands back, which point into that call's input).  State is a small
 * struct the caller owns; fields starting with '_' are private.
 */
#ifndef FCGI_PARSER_H
#define FCGI_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/export.h"
#include "fcgi/protocol.h"
#include "fcgi/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Private: the inline fast paths below must really be inlined (they are
 * the whole point, and compilers' size heuristics may decline them). */
#if defined(__GNUC__) || defined(__clang__)
#define FCGI__ALWAYS_INLINE static inline __attribute__((always_inline))
#define FCGI__LIKELY(x) __builtin_expect(!!(x), 1)
#define FCGI__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define FCGI__ALWAYS_INLINE static inline
#define FCGI__LIKELY(x) (x)
#define FCGI__UNLIKELY(x) (x)
#endif

/* Private: where the next octet sits in the stream, in a form that lets the
 * inline fast paths below run without touching anything else.
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
typedef struct fcgi__stream_pos {
    uint64_t _origin;
    uintptr_t _resume;
    uint64_t _offset;
} fcgi__stream_pos;

/* Private: makes buf the place where the stream continues, for a decoder
 * that is between records or pairs but was last fed elsewhere (a new read
 * buffer, the next record's content), so that the fast path can run on it.
 * _offset is kept equal to the next offset too, so that the state stays
 * valid even when buf is NULL (_resume then reads 0). */
FCGI__ALWAYS_INLINE void fcgi__pos_rebase(fcgi__stream_pos *fcgi__s, const void *fcgi__buf)
{
    const uint64_t fcgi__next = fcgi__s->_resume != 0 ? fcgi__s->_origin + fcgi__s->_resume
                                                      : fcgi__s->_offset;
    fcgi__s->_offset = fcgi__next;
    fcgi__s->_origin = fcgi__next - (uint64_t)(uintptr_t)fcgi__buf;
    fcgi__s->_resume = (uintptr_t)fcgi__buf;
}

/* ---- Record parser ---------------------------------------------------- */

typedef struct fcgi_parser {
    uint8_t _hbuf[FCGI_HEADER_LEN]; /* header octets gathered so far */
    uint8_t _hlen;                  /* how many of them */
    uint8_t _padding_left;
    uint16_t _content_left;
    fcgi_header _header;            /* the current record's header */
    int _state;                     /* 0 while gathering a header */
    fcgi_status _error;             /* sticky error, FCGI_OK when none */
    fcgi__stream_pos _pos;          /* stream offset of the next octet */
} fcgi_parser;

/* One step of progress through a record.  A record yields one or more
 * chunks: the first has `first` set, the last has `last` set (a record
 * whose octets all arrive in one call yields a single chunk with both set
 * and the whole content).  Padding is consumed but never reported. */
typedef struct fcgi_chunk {
    fcgi_header header;     /* the record's header (valid in every chunk) */
    fcgi_span content;      /* content octets of this chunk, in the input */
    size_t content_offset;  /* where content.data sits within the record's content */
    uint64_t record_offset; /* stream offset of the record's first header octet */
    bool first;             /* first chunk of this record */
    bool last;              /* record complete, padding included */
} fcgi_chunk;

/* Resets p to the start of a stream (also clears a sticky error). */
FCGI_API void fcgi_parser_init(fcgi_parser *p);

/* Consumes octets from buf[0..len) up to and including the next chunk.
 * *consumed (never NULL) receives how many octets were used; the caller
 * passes the rest again in the next call.
 *
 * Returns
 *   FCGI_OK          *chunk filled; spans point into buf;
 *   FCGI_NEED_MORE   every octet consumed, nothing to report yet
 *                    (*consumed == len);
 *   FCGI_E_VERSION   a header whose version is not 1 (chunk->header tells
 *                    what was read, chunk->record_offset where it began;
 *                    *consumed covers the bad header's octets, no content
 *                    is reported); the error is sticky: every later call
 *                    returns it, consuming nothing, until fcgi_parser_init().
 * A chunk is reported as soon as the header is complete, and again
 * whenever content octets or the end of the record arrive. */
FCGI_API fcgi_status fcgi_parser_feed(fcgi_parser *p, const void *buf, size_t len,
                                      size_t *consumed, fcgi_chunk *chunk);

/* true when p is between records (no partial header, content or padding):
 * the place where a stream may legitimately end. */
FCGI_API bool fcgi_parser_at_boundary(const fcgi_parser *p);

/* Private: the library call behind the inline fast path below.  Results
 * come back through locals and are copied out, so the caller's chunk and
 * count never have their address passed to a function: the compiler can
 * keep them in registers and drop the fields the caller never reads. */
static inline fcgi_status fcgi__parser_feed_outline(fcgi_parser *fcgi__p, const void *fcgi__buf,
                                                    size_t fcgi__len, size_t *fcgi__consumed,
                                                    fcgi_chunk *fcgi__chunk)
{
    /* Initialised and copied whatever the status, so that no path leaves
     * the caller's chunk looking uninitialised to its compiler. */
    fcgi_chunk fcgi__c = {{0, 0, 0, 0, 0, 0}, {NULL, 0}, 0, 0, false, false};
    size_t fcgi__used = 0;
    const fcgi_status fcgi__st =
        (fcgi_parser_feed)(fcgi__p, fcgi__buf, fcgi__len, &fcgi__used, &fcgi__c);
    *fcgi__consumed = fcgi__used;
    *fcgi__chunk = fcgi__c;
    return fcgi__st;
}

/* Private: the common case of fcgi_parser_feed() (between records, a whole
 * version-1 record in the input), inlined at the caller's site so a loop
 * over a buffer of records costs no call and its state stays in registers;
 * anything else goes to the library function.  Input that continues where
 * the last call stopped is the hot case and costs one comparison; input
 * from elsewhere (a new read) is rebased once, inline, when the parser is
 * between records.
 * Calls written fcgi_parser_feed(...) use it through the macro below, the
 * way getc() does; (fcgi_parser_feed)(...) or its address reach the
 * exported function, which behaves identically. */
FCGI__ALWAYS_INLINE fcgi_status fcgi__parser_feed_inline(fcgi_parser *fcgi__p,
                                                        const void *fcgi__buf, size_t fcgi__len,
                                                        size_t *fcgi__consumed,
                                                        fcgi_chunk *fcgi__chunk)
{
    const uint8_t *fcgi__b = (const uint8_t *)fcgi__buf;
    if (FCGI__UNLIKELY((uintptr_t)fcgi__b != fcgi__p->_pos._resume)) {
        /* Input from elsewhere (a new read): fine between records. */
        if (fcgi__p->_state != 0 || fcgi__p->_hlen != 0)
            return fcgi__parser_feed_outline(fcgi__p, fcgi__buf, fcgi__len, fcgi__consumed,
                                             fcgi__chunk);
        fcgi__pos_rebase(&fcgi__p->_pos, fcgi__b);
    }
    if (FCGI__LIKELY(fcgi__len >= FCGI_HEADER_LEN && fcgi__b[0] == FCGI_VERSION_1)) {
        const size_t fcgi__clen = (size_t)fcgi__b[4] << 8 | fcgi__b[5];
        const size_t fcgi__plen = fcgi__b[6];
        const size_t fcgi__n = FCGI_HEADER_LEN + fcgi__clen + fcgi__plen; /* < 2^17 */
        if (FCGI__LIKELY(fcgi__n <= fcgi__len)) {
            fcgi__chunk->header.version = FCGI_VERSION_1;
            fcgi__chunk->header.type = fcgi__b[1];
            fcgi__chunk->header.request_id = (uint16_t)((unsigned)fcgi__b[2] << 8 | fcgi__b[3]);
            fcgi__chunk->header.content_length = (uint16_t)fcgi__clen;
            fcgi__chunk->header.padding_length = (uint8_t)fcgi__plen;
            fcgi__chunk->header.reserved = fcgi__b[7];
            fcgi__chunk->content.data = fcgi__b + FCGI_HEADER_LEN;
            fcgi__chunk->content.len = fcgi__clen;
            fcgi__chunk->content_offset = 0;
            fcgi__chunk->record_offset = fcgi__p->_pos._origin + (uint64_t)(uintptr_t)fcgi__b;
            fcgi__chunk->first = true;
            fcgi__chunk->last = true;
            fcgi__p->_pos._resume = (uintptr_t)fcgi__b + fcgi__n;
            *fcgi__consumed = fcgi__n;
            return FCGI_OK;
        }
    }
    return fcgi__parser_feed_outline(fcgi__p, fcgi__buf, fcgi__len, fcgi__consumed, fcgi__chunk);
}

#define fcgi_parser_feed(p, buf, len, consumed, chunk)                                      \
    fcgi__parser_feed_inline((p), (buf), (len), (consumed), (chunk))

/* ---- Name-value stream decoder ---------------------------------------- */

typedef struct fcgi_nv_decoder {
    uint8_t *_scratch;      /* caller's storage for pairs split across feeds */
    size_t _cap;
    size_t _used;           /* octets of the current pair held in scratch */
    uint32_t _name_len;
    uint32_t _value_len;
    uint32_t _skip;         /* octets of an over-long pair still to drop */
    uint8_t _lbuf[8];       /* length prefix octets gathered so far */
    uint8_t _llen;
    uint8_t _lneed;
    int _state;             /* 0 between pairs */
    fcgi__stream_pos _pos;  /* stream offset of the next octet */
    uint64_t _pair_offset;  /* stream offset where the current pair began */
} fcgi_nv_decoder;

/* A decoded pair. */
typedef struct fcgi_nv_event {
    fcgi_nv_pair pair;      /* spans into the fed input when the pair's name
                             * and value arrived in one feed (even if its
                             * length prefix came earlier), otherwise into
                             * the scratch buffer; valid until the next feed */
    uint32_t name_len;      /* declared lengths from the wire */
    uint32_t value_len;
    bool truncated;         /* the pair was larger than the scratch buffer:
                             * pair holds its first octets only and the
                             * rest was skipped */
    bool split;             /* the pair arrived in more than one piece */
    uint64_t start_offset;  /* stream offset of the pair's first octet */
    uint64_t end_offset;    /* stream offset just past its last octet */
} fcgi_nv_event;

/* Prepares d for a new stream.  scratch[0..cap) is where pairs that arrive
 * in several pieces are assembled; it bounds the memory a hostile stream
 * can make the caller spend.  A split pair whose name + value exceed cap is
 * reported truncated (never an error, never more memory).  scratch may be
 * NULL with cap 0: split pairs then come back truncated to nothing, with
 * their declared lengths.  Pairs that arrive whole in one feed are always
 * returned whole, without copying, and so is a pair whose name and value
 * arrive in one feed after a length prefix that came in earlier ones. */
FCGI_API void fcgi_nv_decoder_init(fcgi_nv_decoder *d, void *scratch, size_t cap);

/* Consumes octets of the stream's content from buf[0..len) up to and
 * including the next complete pair.  *consumed (never NULL) receives how
 * many octets were used.  Returns FCGI_OK with *ev filled, or
 * FCGI_NEED_MORE when every octet was consumed without completing a pair.
 * (No input is malformed mid-stream: any octets can begin a pair.) */
FCGI_API fcgi_status fcgi_nv_decoder_feed(fcgi_nv_decoder *d, const void *buf, size_t len,
                                          size_t *consumed, fcgi_nv_event *ev);

/* Private: the library call behind the inline fast path below, with the
 * results copied out for the reason given at fcgi__parser_feed_outline. */
static inline fcgi_status fcgi__nv_decoder_feed_outline(fcgi_nv_decoder *fcgi__d,
                                                        const void *fcgi__buf, size_t fcgi__len,
                                                        size_t *fcgi__consumed,
                                                        fcgi_nv_event *fcgi__ev)
{
    fcgi_nv_event fcgi__e = {{{NULL, 0}, {NULL, 0}}, 0, 0, false, false, 0, 0};
    size_t fcgi__used = 0;
    const fcgi_status fcgi__st =
        (fcgi_nv_decoder_feed)(fcgi__d, fcgi__buf, fcgi__len, &fcgi__used, &fcgi__e);
    *fcgi__consumed = fcgi__used;
    *fcgi__ev = fcgi__e;
    return fcgi__st;
}

/* Private: the common case of fcgi_nv_decoder_feed() (between pairs, both
 * lengths in their one-octet form, the whole pair in the input), inlined as
 * fcgi_parser_feed() is, including the rebase when the input is the next
 * record's content or the first after fcgi_nv_decoder_init(); the lengths
 * are below 128, so their sum cannot overflow. */
FCGI__ALWAYS_INLINE fcgi_status fcgi__nv_decoder_feed_inline(fcgi_nv_decoder *fcgi__d,
                                                            const void *fcgi__buf,
                                                            size_t fcgi__len,
                                                            size_t *fcgi__consumed,
                                                            fcgi_nv_event *fcgi__ev)
{
    const uint8_t *fcgi__b = (const uint8_t *)fcgi__buf;
    if (FCGI__UNLIKELY((uintptr_t)fcgi__b != fcgi__d->_pos._resume)) {
        /* Input from elsewhere (the next record's content, a decoder
         * just initialised): fine between pairs. */
        if (fcgi__d->_state != 0)
            return fcgi__nv_decoder_feed_outline(fcgi__d, fcgi__buf, fcgi__len, fcgi__consumed,
                                                 fcgi__ev);
        fcgi__pos_rebase(&fcgi__d->_pos, fcgi__b);
    }
    if (FCGI__LIKELY(fcgi__len >= 2 && ((fcgi__b[0] | fcgi__b[1]) & 0x80) == 0 &&
                     2 + (size_t)fcgi__b[0] + fcgi__b[1] <= fcgi__len)) {
        const size_t fcgi__nlen = fcgi__b[0], fcgi__vlen = fcgi__b[1],
                     fcgi__n = 2 + fcgi__nlen + fcgi__vlen;
        const uint64_t fcgi__start = fcgi__d->_pos._origin + (uint64_t)(uintptr_t)fcgi__b;
        fcgi__ev->pair.name.data = fcgi__b + 2;
        fcgi__ev->pair.name.len = fcgi__nlen;
        fcgi__ev->pair.value.data = fcgi__b + 2 + fcgi__nlen;
        fcgi__ev->pair.value.len = fcgi__vlen;
        fcgi__ev->name_len = (uint32_t)fcgi__nlen;
        fcgi__ev->value_len = (uint32_t)fcgi__vlen;
        fcgi__ev->truncated = false;
        fcgi__ev->split = false;
        fcgi__ev->start_offset = fcgi__start;
        fcgi__ev->end_offset = fcgi__start + fcgi__n;
        fcgi__d->_pos._resume = (uintptr_t)fcgi__b + fcgi__n;
        *fcgi__consumed = fcgi__n;
        return FCGI_OK;
    }
    return fcgi__nv_decoder_feed_outline(fcgi__d, fcgi__buf, fcgi__len, fcgi__consumed, fcgi__ev);
}

#define fcgi_nv_decoder_feed(d, buf, len, consumed, ev)                                     \
    fcgi__nv_decoder_feed_inline((d), (buf), (len), (consumed), (ev))

/* Call at the end of the stream (the empty record).  Returns FCGI_OK when
 * the stream ended between pairs, FCGI_E_SHORT_NAME_VALUE_PAIR when it
 * ended inside one; then *have and *want (either may be NULL) tell how many
 * octets of that pair arrived and how many its length prefix announced
 * (want is 0 while the prefix itself is incomplete). */
FCGI_API fcgi_status fcgi_nv_decoder_finish(const fcgi_nv_decoder *d, uint64_t *have,
                                            uint64_t *want);

/* Private: the common case of fcgi_nv_decoder_finish() (the stream ended
 * between pairs), inlined as the feed calls are: once per request, it is
 * otherwise a call that only reads one field. */
FCGI__ALWAYS_INLINE fcgi_status fcgi__nv_decoder_finish_inline(const fcgi_nv_decoder *fcgi__d,
                                                               uint64_t *fcgi__have,
                                                               uint64_t *fcgi__want)
{
    if (FCGI__LIKELY(fcgi__d->_state == 0)) {
        if (fcgi__have != NULL)
            *fcgi__have = 0;
        if (fcgi__want != NULL)
            *fcgi__want = 0;
        return FCGI_OK;
    }
    return (fcgi_nv_decoder_finish)(fcgi__d, fcgi__have, fcgi__want);
}

#define fcgi_nv_decoder_finish(d, have, want)                                               \
    fcgi__nv_decoder_finish_inline((d), (have), (want))

#ifdef __cplusplus
}
#endif

#endif /* FCGI_PARSER_H */
