// SPDX-License-Identifier: MIT
/* fuzz_parser_split - the incremental record parser, fed the stream in
 * pieces the fuzzer chooses (fuzz_common.h), yields exactly what a walk
 * over the whole buffer with fcgi_parse_header() finds:
 *
 * - every complete record, in order, with its header, its stream offset,
 *   and its content delivered in chunks that are contiguous
 *   (content_offset), point at the right octets, start with `first` and
 *   end with `last` exactly once;
 * - a record cut by the end of the stream: the content that arrived, no
 *   `last`, and fcgi_parser_at_boundary() false (true after whole
 *   records only);
 * - a bad version: FCGI_E_VERSION at that header's offset, sticky;
 * - the inline call of fcgi/parser_inline.h, used for every other feed,
 *   shares the state of fcgi_parser_feed() and answers as it does.
 *
 * Each piece is copied to a heap block of its exact size, so the parser
 * cannot read past what it was given without AddressSanitizer noticing. */
#include "fcgi/fcgi.h"
#include "fcgi/parser_inline.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reference: the record at stream offset `off` of x[0..n). */
typedef struct ref_rec {
    size_t off;
    fcgi_header h;
    fcgi_status st;   /* FCGI_OK, FCGI_E_SHORT_HEADER or FCGI_E_VERSION */
    size_t avail;     /* content octets present in the stream */
    bool complete;    /* header, content and padding all present */
} ref_rec;

static void ref_at(const uint8_t *x, size_t n, size_t off, ref_rec *r)
{
    r->off = off;
    r->st = fcgi_parse_header(x + off, n - off, &r->h);
    r->avail = 0;
    r->complete = false;
    if (r->st != FCGI_OK)
        return;
    const size_t left = n - off - FCGI_HEADER_LEN;
    r->avail = left < r->h.content_length ? left : r->h.content_length;
    r->complete = left >= (size_t)r->h.content_length + r->h.padding_length;
}

static bool same_header(const fcgi_header *a, const fcgi_header *b)
{
    return a->version == b->version && a->type == b->type && a->request_id == b->request_id &&
           a->content_length == b->content_length && a->padding_length == b->padding_length &&
           a->reserved == b->reserved;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    fuzz_splits plan;
    fuzz_splits_take(&in, &plan);
    const uint8_t *x = in.p;
    const size_t n = in.left;

    fcgi_parser p;
    fcgi_parser_init(&p);
    FUZZ_CHECK(fcgi_parser_at_boundary(&p));

    ref_rec cur;              /* the record being delivered */
    bool in_record = false;   /* its first chunk was seen, its last not yet */
    size_t got = 0;           /* its content octets delivered so far */
    size_t next_off = 0;      /* stream offset just past the last whole record */
    bool version_error = false;
    size_t fed = 0;           /* stream offset of the current piece */
    size_t calls = 0;

    while (fed < n && !version_error) {
        const size_t k = fuzz_splits_next(&plan, n - fed);
        uint8_t *piece = fuzz_dup(x + fed, k);
        size_t off = 0;
        for (;;) {
            size_t used = (size_t)-1;
            fcgi_chunk c;
            fcgi_status st = ++calls % 2
                                 ? fcgi_parser_feed_inline(&p, piece + off, k - off, &used, &c)
                                 : fcgi_parser_feed(&p, piece + off, k - off, &used, &c);
            FUZZ_CHECK(used <= k - off);
            if (st == FCGI_NEED_MORE) {
                FUZZ_CHECK(used == k - off);
                break;
            }
            const size_t here = fed + off; /* stream offset of this call's input */
            off += used;
            if (st == FCGI_E_VERSION) {
                FUZZ_CHECK(!in_record);
                ref_at(x, n, next_off, &cur);
                FUZZ_CHECK(cur.st == FCGI_E_VERSION);
                FUZZ_CHECK(same_header(&c.header, &cur.h));
                FUZZ_CHECK(c.record_offset == next_off);
                FUZZ_CHECK(fed + off == next_off + FCGI_HEADER_LEN);
                /* Sticky: nothing more is consumed. */
                FUZZ_CHECK(fcgi_parser_feed(&p, piece + off, k - off, &used, &c) ==
                           FCGI_E_VERSION);
                FUZZ_CHECK(used == 0 && c.record_offset == next_off);
                version_error = true;
                break;
            }
            FUZZ_CHECK(st == FCGI_OK);
            FUZZ_CHECK(used > 0);
            if (c.first) {
                FUZZ_CHECK(!in_record);
                ref_at(x, n, next_off, &cur);
                FUZZ_CHECK(cur.st == FCGI_OK);
                in_record = true;
                got = 0;
            }
            FUZZ_CHECK(in_record);
            FUZZ_CHECK(same_header(&c.header, &cur.h));
            FUZZ_CHECK(c.record_offset == cur.off);
            FUZZ_CHECK(c.first || c.last || c.content.len > 0);
            FUZZ_CHECK(c.content_offset == got);
            FUZZ_CHECK(got + c.content.len <= cur.avail);
            if (c.content.len > 0) {
                /* Inside this call's input, at the right stream offset. */
                const uint8_t *lo = piece + (off - used);
                FUZZ_CHECK(c.content.data >= lo && c.content.data + c.content.len <= piece + off);
                FUZZ_CHECK(here + (size_t)(c.content.data - lo) ==
                           cur.off + FCGI_HEADER_LEN + got);
                FUZZ_CHECK(memcmp(c.content.data, x + cur.off + FCGI_HEADER_LEN + got,
                                  c.content.len) == 0);
            }
            got += c.content.len;
            if (c.last) {
                FUZZ_CHECK(cur.complete && got == cur.h.content_length);
                next_off = cur.off + FCGI_HEADER_LEN + cur.h.content_length +
                           cur.h.padding_length;
                FUZZ_CHECK(fed + off == next_off);
                FUZZ_CHECK(fcgi_parser_at_boundary(&p));
                in_record = false;
            }
        }
        free(piece);
        fed += k;
    }

    if (!version_error) {
        if (next_off == n) {
            FUZZ_CHECK(!in_record && fcgi_parser_at_boundary(&p));
        } else {
            FUZZ_CHECK(!fcgi_parser_at_boundary(&p));
            ref_rec tail;
            ref_at(x, n, next_off, &tail);
            FUZZ_CHECK(tail.st != FCGI_E_VERSION && !tail.complete);
            FUZZ_CHECK(in_record == (tail.st == FCGI_OK));
            if (in_record)
                FUZZ_CHECK(got == tail.avail);
        }
    }

    /* After a reset the parser starts over, even after an error. */
    fcgi_parser_init(&p);
    FUZZ_CHECK(fcgi_parser_at_boundary(&p));
    return 0;
}
