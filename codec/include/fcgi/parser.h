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
 *
 * A loop over a buffer of many small records and pairs spends most of its
 * time calling; fcgi/parser_inline.h (not included by fcgi/fcgi.h) offers
 * the same three feed/finish calls as inline functions, for programs built
 * against the very version of the library they run with.
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

/* Private: where the next octet sits in the stream (stream_pos.h in the
 * library's sources describes the fields).  Part of each decoder so that
 * the caller can own it. */
typedef struct fcgi__stream_pos {
    uint64_t _origin;
    uintptr_t _resume;
    uint64_t _offset;
} fcgi__stream_pos;

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

/* Call at the end of the stream (the empty record).  Returns FCGI_OK when
 * the stream ended between pairs, FCGI_E_SHORT_NAME_VALUE_PAIR when it
 * ended inside one; then *have and *want (either may be NULL) tell how many
 * octets of that pair arrived and how many its length prefix announced
 * (want is 0 while the prefix itself is incomplete). */
FCGI_API fcgi_status fcgi_nv_decoder_finish(const fcgi_nv_decoder *d, uint64_t *have,
                                            uint64_t *want);

/* Says, without feeding them, what the octets buf[0..len) would leave open
 * if they were fed to d next (d and buf are only read), so that a caller
 * can give the decoder a scratch buffer the size of the pair that needs it
 * before that pair's octets arrive.  Returns FCGI_OK when those octets end
 * between pairs (*need is 0), FCGI_NEED_MORE when they end inside a pair:
 * *need is then the octets of that pair's name and value (0 while its
 * length prefix is incomplete).  buf may be NULL when len is 0. */
FCGI_API fcgi_status fcgi_nv_decoder_peek(const fcgi_nv_decoder *d, const void *buf, size_t len,
                                          uint64_t *need);

/* Gives d the scratch buffer scratch[0..cap) (NULL with cap 0: none) in
 * place of the one it had, keeping its position in the stream.  Allowed
 * whenever d holds no octet of a pair's name or value: between pairs and
 * while a length prefix is incomplete or just complete.  Returns FCGI_OK,
 * or FCGI_E_INVALID_ARGUMENT (d unchanged) when d is assembling a pair in
 * its scratch. */
FCGI_API fcgi_status fcgi_nv_decoder_set_scratch(fcgi_nv_decoder *d, void *scratch, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* FCGI_PARSER_H */
