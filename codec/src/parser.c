// SPDX-License-Identifier: MIT
/*
 * parser.c - fcgi_parser: splits a FastCGI byte stream into records.
 *
 * The common case on a real connection is a buffer that holds whole
 * records, so feed() first tries the fast path of fcgi/parser_inline.h
 * (the one written for callers that inline it), which does nothing but
 * read the header in place, check the version and check that content and
 * padding are present.  Everything else (a header, content or padding cut
 * by the end of the input) goes through feed_slow(), a small three-state
 * machine kept out of line so the fast path needs no stack frame.  Content
 * octets are never looked at, only counted.
 */
#include <string.h>

#include "fcgi/parser.h"
#include "internal.h"
#include "stream_pos.h"

/* Values of fcgi_parser._state. */
enum {
    P_HEADER = 0, /* gathering a header (_hlen octets so far) */
    P_CONTENT,    /* _content_left content octets to go */
    P_PADDING,    /* _padding_left padding octets to go */
    P_ERROR       /* _error is sticky */
};

void fcgi_parser_init(fcgi_parser *p)
{
    memset(p, 0, sizeof *p);
    p->_state = P_HEADER;
    p->_error = FCGI_OK;
}

bool fcgi_parser_at_boundary(const fcgi_parser *p)
{
    return p->_state == P_HEADER && p->_hlen == 0;
}

static inline size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* A chunk that carries no content: the version error. */
static fcgi_status report_error(fcgi_parser *p, uint64_t record_offset, fcgi_chunk *c)
{
    *c = (fcgi_chunk){
        .header = p->_header,
        .content = {NULL, 0},
        .content_offset = 0,
        .record_offset = record_offset,
        .first = false,
        .last = false,
    };
    return p->_error;
}

/* Ends a call that used `pos` octets of b. */
static inline fcgi_status leave(fcgi_parser *p, const uint8_t *b, size_t pos, size_t *consumed,
                                fcgi_status st)
{
    fcgi__pos_leave(&p->_pos, b, pos, p->_state == P_HEADER && p->_hlen == 0);
    *consumed = pos;
    return st;
}

FCGI__NOINLINE static fcgi_status feed_slow(fcgi_parser *p, const uint8_t *b, size_t len,
                                            size_t *consumed, fcgi_chunk *c)
{
    const uint64_t at = fcgi__pos_enter(&p->_pos, b); /* stream offset of b[0] */
    size_t pos = 0;
    bool first = false;

    if (p->_state == P_ERROR) {
        /* The bad header was consumed: it ends where the stream stopped. */
        leave(p, b, 0, consumed, FCGI_OK);
        return report_error(p, at - FCGI_HEADER_LEN, c);
    }

    if (p->_state == P_HEADER) {
        const uint8_t *h;
        if (p->_hlen == 0 && len >= FCGI_HEADER_LEN) {
            h = b; /* header whole in the input: no copy */
            pos = FCGI_HEADER_LEN;
        } else {
            pos = min_size((size_t)(FCGI_HEADER_LEN - p->_hlen), len);
            if (pos > 0) /* b may be NULL when len is 0 */
                memcpy(p->_hbuf + p->_hlen, b, pos);
            p->_hlen = (uint8_t)(p->_hlen + pos);
            if (p->_hlen < FCGI_HEADER_LEN)
                return leave(p, b, pos, consumed, FCGI_NEED_MORE);
            h = p->_hbuf;
        }
        p->_hlen = 0;
        fcgi__decode_header(h, &p->_header);
        if (p->_header.version != FCGI_VERSION_1) {
            p->_state = P_ERROR;
            p->_error = FCGI_E_VERSION;
            leave(p, b, pos, consumed, FCGI_OK);
            return report_error(p, at + pos - FCGI_HEADER_LEN, c);
        }
        p->_content_left = p->_header.content_length;
        p->_padding_left = p->_header.padding_length;
        p->_state = P_CONTENT;
        first = true;
    }

    const size_t clen = p->_header.content_length;
    const size_t plen = p->_header.padding_length;
    const size_t content_start = pos;
    size_t content_offset;
    uint64_t record_offset;

    if (p->_state == P_CONTENT) {
        content_offset = clen - p->_content_left;
        record_offset = at + pos - FCGI_HEADER_LEN - content_offset;
        const size_t k = min_size(p->_content_left, len - pos);
        pos += k;
        p->_content_left = (uint16_t)(p->_content_left - k);
        if (p->_content_left == 0)
            p->_state = P_PADDING;
    } else { /* P_PADDING on entry: the content is behind us */
        content_offset = clen;
        record_offset = at - (plen - p->_padding_left) - clen - FCGI_HEADER_LEN;
    }
    const size_t content_len = pos - content_start;

    if (p->_state == P_PADDING) {
        const size_t k = min_size(p->_padding_left, len - pos);
        pos += k;
        p->_padding_left = (uint8_t)(p->_padding_left - k);
        if (p->_padding_left == 0)
            p->_state = P_HEADER;
    }

    const bool last = p->_state == P_HEADER;
    if (!first && !last && content_len == 0) /* only padding, or nothing */
        return leave(p, b, pos, consumed, FCGI_NEED_MORE);

    *c = (fcgi_chunk){
        .header = p->_header,
        .content = {b + content_start, content_len},
        .content_offset = content_offset,
        .record_offset = record_offset,
        .first = first,
        .last = last,
    };
    return leave(p, b, pos, consumed, FCGI_OK);
}

fcgi_status fcgi_parser_feed(fcgi_parser *p, const void *buf, size_t len, size_t *consumed,
                             fcgi_chunk *c)
{
    if (FCGI__LIKELY(fcgi__parser_feed_whole(p, buf, len, consumed, c)))
        return FCGI_OK;
    return feed_slow(p, buf, len, consumed, c);
}
