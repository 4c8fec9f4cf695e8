// SPDX-License-Identifier: MIT
/*
 * test_parser.c - fcgi_parser against a whole-buffer reference walk.
 *
 * Every vector is a stream of records built here (headers written by hand,
 * content in a pattern that differs per record, padding of 0xA5 so that
 * padding leaking into content shows).  The reference walk below reads the
 * same stream in one piece; the parser is then fed the stream cut into
 * pieces - whole, one octet at a time, at every split point, at every pair
 * of split points for small vectors - each piece placed right before a
 * PROT_NONE page so an over-read crashes.  Whatever the cuts, the records,
 * offsets and concatenated content must equal the reference, and the
 * chunk rules of parser.h must hold (header reported in the piece that
 * completes it, one chunk for a record that arrives in one piece, ...).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/parser_inline.h"
#include "guard.h"

/* ---- building streams ---------------------------------------------------- */

typedef struct rec_spec {
    uint8_t version;
    uint8_t type;
    uint16_t id;
    uint16_t clen;
    uint8_t plen;
} rec_spec;

typedef struct stream {
    uint8_t *data;
    size_t len, cap;
} stream;

static void put(stream *s, const void *p, size_t n)
{
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->data = realloc(s->data, s->cap);
        assert_non_null(s->data);
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
}

static uint8_t content_octet(size_t rec, size_t i)
{
    return (uint8_t)(rec * 37u + i * 7u + (i >> 8) + 1u);
}

static void put_record(stream *s, size_t index, const rec_spec *r)
{
    uint8_t h[8] = {r->version, r->type, (uint8_t)(r->id >> 8), (uint8_t)r->id,
                    (uint8_t)(r->clen >> 8), (uint8_t)r->clen, r->plen, (uint8_t)(index * 3)};
    put(s, h, sizeof h);
    for (size_t i = 0; i < r->clen; i++) {
        uint8_t o = content_octet(index, i);
        put(s, &o, 1);
    }
    for (size_t i = 0; i < r->plen; i++) {
        uint8_t o = 0xA5;
        put(s, &o, 1);
    }
}

static stream build(const rec_spec *recs, size_t n, size_t tail_cut)
{
    stream s = {NULL, 0, 0};
    for (size_t i = 0; i < n; i++)
        put_record(&s, i, &recs[i]);
    assert_true(tail_cut <= s.len);
    s.len -= tail_cut;
    return s;
}

/* ---- the reference: one pass over the whole buffer ------------------------ */

typedef struct ref_rec {
    fcgi_header header;
    size_t offset;      /* of the header */
    size_t end;         /* just past the padding */
} ref_rec;

typedef struct ref {
    ref_rec *recs;      /* complete records, then the incomplete one if any */
    size_t n;           /* complete records */
    bool partial;       /* recs[n] is a record whose header is all there */
    bool error;         /* a header with a bad version ... */
    size_t error_at;    /* ... starting here */
    fcgi_header bad;
    bool boundary;      /* the stream ends between records */
} ref;

static ref reference_walk(const uint8_t *b, size_t len)
{
    ref r;
    memset(&r, 0, sizeof r);
    r.recs = calloc(len / 8 + 1, sizeof *r.recs);
    assert_non_null(r.recs);
    size_t off = 0;
    while (len - off >= 8) {
        fcgi_header h = {b[off], b[off + 1], (uint16_t)(b[off + 2] << 8 | b[off + 3]),
                         (uint16_t)(b[off + 4] << 8 | b[off + 5]), b[off + 6], b[off + 7]};
        if (h.version != 1) {
            r.error = true;
            r.error_at = off;
            r.bad = h;
            return r;
        }
        size_t end = off + 8 + h.content_length + h.padding_length;
        r.recs[r.n].header = h;
        r.recs[r.n].offset = off;
        r.recs[r.n].end = end;
        if (end > len) {
            r.partial = true;
            break;
        }
        r.n++;
        off = end;
    }
    r.boundary = off == len;
    return r;
}

/* ---- feeding ------------------------------------------------------------- */

static void assert_header_eq(const fcgi_header *a, const fcgi_header *b)
{
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->request_id, b->request_id);
    assert_int_equal(a->content_length, b->content_length);
    assert_int_equal(a->padding_length, b->padding_length);
    assert_int_equal(a->reserved, b->reserved);
}

/* Index of the piece holding stream octet `off`, given the cut points. */
static size_t piece_of(const size_t *cuts, size_t ncuts, size_t off)
{
    size_t k = 0;
    while (k < ncuts && cuts[k] <= off)
        k++;
    return k;
}

/* Feeds s cut at cuts[0..ncuts) (strictly increasing, inside (0, len)) and
 * checks everything against r.  Returns the number of chunks seen. */
static size_t feed_cut(const stream *s, const ref *r, const size_t *cuts, size_t ncuts,
                       guard_area *g)
{
    fcgi_parser p;
    fcgi_parser_init(&p);
    assert_true(fcgi_parser_at_boundary(&p));

    size_t done = 0;          /* records completed */
    bool open = false;        /* a record has begun */
    size_t have = 0;          /* content octets of the open record so far */
    size_t chunks_of_rec = 0;
    size_t chunks = 0;
    bool errored = false;

    for (size_t k = 0; k <= ncuts && !errored; k++) {
        const size_t a = k == 0 ? 0 : cuts[k - 1];
        const size_t b = k == ncuts ? s->len : cuts[k];
        const uint8_t *ptr = guard_place(g, s->data + a, b - a);
        size_t left = b - a, pos = a;
        for (;;) {
            fcgi_chunk c;
            size_t used = (size_t)-1;
            /* alternately the inline call and the exported function,
             * which must agree and share state */
            fcgi_status st = (k + chunks) % 2 ? fcgi_parser_feed_inline(&p, ptr, left, &used, &c)
                                              : fcgi_parser_feed(&p, ptr, left, &used, &c);
            assert_true(used <= left);
            if (st == FCGI_NEED_MORE) {
                assert_int_equal(used, left);
                break;
            }
            if (st == FCGI_E_VERSION) {
                assert_true(r->error);
                assert_false(open);
                assert_int_equal(done, r->n);
                assert_int_equal(c.record_offset, r->error_at);
                assert_header_eq(&c.header, &r->bad);
                assert_int_equal(pos + used, r->error_at + 8);
                /* the piece that completes the bad header reports it */
                assert_int_equal(k, piece_of(cuts, ncuts, r->error_at + 7));
                /* sticky, consuming nothing, whatever is offered */
                fcgi_chunk c2;
                size_t used2 = 99;
                assert_int_equal(fcgi_parser_feed(&p, ptr + used, left - used, &used2, &c2),
                                 FCGI_E_VERSION);
                assert_int_equal(used2, 0);
                assert_int_equal(c2.record_offset, r->error_at);
                static const uint8_t good[16] = {1, 5, 0, 1, 0, 0, 0, 0};
                assert_int_equal(fcgi_parser_feed(&p, good, sizeof good, &used2, &c2),
                                 FCGI_E_VERSION);
                assert_int_equal(used2, 0);
                assert_false(fcgi_parser_at_boundary(&p));
                errored = true;
                break;
            }
            assert_int_equal(st, FCGI_OK);
            chunks++;
            assert_true(done < r->n || (done == r->n && r->partial));
            const ref_rec *want = &r->recs[done];
            /* content lies inside what this call consumed */
            if (c.content.len > 0) {
                assert_true(c.content.data >= ptr);
                assert_true(c.content.data + c.content.len <= ptr + used);
            }
            assert_true(c.first || c.last || c.content.len > 0);
            if (c.first) {
                assert_false(open);
                open = true;
                have = 0;
                chunks_of_rec = 0;
                assert_int_equal(k, piece_of(cuts, ncuts, want->offset + 7));
            } else {
                assert_true(open);
            }
            chunks_of_rec++;
            assert_header_eq(&c.header, &want->header);
            assert_int_equal(c.record_offset, want->offset);
            assert_int_equal(c.content_offset, have);
            assert_true(have + c.content.len <= want->header.content_length);
            if (c.content.len > 0)
                assert_true(memcmp(c.content.data, s->data + want->offset + 8 + have,
                                   c.content.len) == 0);
            have += c.content.len;
            if (c.last) {
                assert_int_equal(have, want->header.content_length);
                assert_int_equal(k, piece_of(cuts, ncuts, want->end - 1));
                /* a record inside one piece is one chunk */
                if (piece_of(cuts, ncuts, want->offset) == piece_of(cuts, ncuts, want->end - 1))
                    assert_int_equal(chunks_of_rec, 1);
                assert_true(fcgi_parser_at_boundary(&p));
                open = false;
                done++;
            } else {
                assert_false(fcgi_parser_at_boundary(&p));
            }
            ptr += used;
            left -= used;
            pos += used;
        }
    }
    if (r->error) {
        assert_true(errored);
    } else {
        assert_int_equal(done, r->n);
        assert_int_equal(fcgi_parser_at_boundary(&p), r->boundary);
        if (r->partial) {
            /* the header of the cut record was reported, with what content
             * there is */
            const ref_rec *cut = &r->recs[r->n];
            size_t avail = s->len - cut->offset - 8;
            assert_true(open);
            assert_int_equal(have, avail < cut->header.content_length
                                       ? avail : cut->header.content_length);
        } else {
            assert_false(open);
        }
    }
    return chunks;
}

/* Cut points for a long vector: all those near record edges, plus a
 * stride, so the cost stays linear while every state is crossed. */
static size_t interesting_cuts(const stream *s, const ref *r, size_t *out, size_t max)
{
    size_t n = 0;
    bool *mark = calloc(s->len + 1, 1);
    assert_non_null(mark);
    for (size_t i = 0; i < r->n; i++) {
        const size_t edges[] = {r->recs[i].offset, r->recs[i].offset + 8,
                                r->recs[i].offset + 8 + r->recs[i].header.content_length,
                                r->recs[i].end};
        for (size_t e = 0; e < 4; e++)
            for (size_t d = 0; d < 20; d++) {
                if (edges[e] + d < s->len)
                    mark[edges[e] + d] = true;
                if (edges[e] >= d)
                    mark[edges[e] - d] = true;
            }
    }
    for (size_t i = 0; i < s->len; i += 509)
        mark[i] = true;
    if (r->error)
        for (size_t d = 0; d < 16 && r->error_at + d <= s->len; d++)
            mark[r->error_at + d] = true;
    for (size_t i = 1; i < s->len && n < max; i++)
        if (mark[i])
            out[n++] = i;
    free(mark);
    return n;
}

/* The full treatment for one stream. */
static void check_stream(const stream *s)
{
    ref r = reference_walk(s->data, s->len);
    guard_area g = {guard_alloc(s->len), s->len};
    size_t *cuts = malloc((s->len + 1) * sizeof *cuts);
    assert_non_null(cuts);

    /* whole: one chunk per record */
    size_t chunks = feed_cut(s, &r, NULL, 0, &g);
    assert_int_equal(chunks, r.n + (r.partial ? 1 : 0));

    /* one octet at a time */
    for (size_t i = 1; i < s->len; i++)
        cuts[i - 1] = i;
    feed_cut(s, &r, cuts, s->len > 0 ? s->len - 1 : 0, &g);

    /* every split point (or the interesting ones of a long stream) */
    if (s->len <= 4096) {
        for (size_t i = 1; i < s->len; i++) {
            cuts[0] = i;
            feed_cut(s, &r, cuts, 1, &g);
        }
    } else {
        size_t *pts = malloc(s->len * sizeof *pts);
        assert_non_null(pts);
        size_t n = interesting_cuts(s, &r, pts, s->len);
        for (size_t i = 0; i < n; i++) {
            cuts[0] = pts[i];
            feed_cut(s, &r, cuts, 1, &g);
        }
        /* and all of them at once */
        feed_cut(s, &r, pts, n, &g);
        free(pts);
    }

    /* every pair of split points, for small streams (llhttp's test_scan) */
    if (s->len <= 160) {
        for (size_t i = 1; i < s->len; i++)
            for (size_t j = i + 1; j < s->len; j++) {
                cuts[0] = i;
                cuts[1] = j;
                feed_cut(s, &r, cuts, 2, &g);
            }
    }

    free(cuts);
    guard_free(g.mem, g.cap);
    free(r.recs);
}

static void check_specs(const rec_spec *recs, size_t n, size_t tail_cut)
{
    stream s = build(recs, n, tail_cut);
    check_stream(&s);
    free(s.data);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vectors ------------------------------------------------------------- */

static void test_every_type_empty(void **state)
{
    (void)state;
    rec_spec recs[14];
    for (size_t t = 0; t < 14; t++)
        recs[t] = (rec_spec){1, (uint8_t)(t < 12 ? t : (t == 12 ? 12 : 255)), (uint16_t)t, 0, 0};
    check_specs(recs, COUNT(recs), 0);
}

static void test_small_records(void **state)
{
    (void)state;
    const rec_spec recs[] = {
        {1, 1, 1, 8, 0},  {1, 4, 1, 1, 7}, {1, 4, 1, 7, 1}, {1, 4, 1, 0, 0},
        {1, 5, 1, 3, 0},  {1, 5, 1, 0, 5}, {1, 6, 65535, 2, 255 - 250}, {1, 11, 0, 8, 0},
    };
    check_specs(recs, COUNT(recs), 0);
    for (size_t i = 0; i < COUNT(recs); i++)
        check_specs(&recs[i], 1, 0);
}

static void test_content_lengths(void **state)
{
    (void)state;
    static const uint16_t lens[] = {0, 1, 7, 8, 127, 128, 32759, 32760, 65535};
    rec_spec all[COUNT(lens)];
    for (size_t i = 0; i < COUNT(lens); i++) {
        const uint8_t pad = (uint8_t)((8 - lens[i] % 8) % 8);
        all[i] = (rec_spec){1, (uint8_t)(4 + i % 4), (uint16_t)(i + 1), lens[i], pad};
        check_specs(&all[i], 1, 0);
        rec_spec unpadded = {1, 6, 1, lens[i], 0};
        check_specs(&unpadded, 1, 0);
    }
    check_specs(all, COUNT(all), 0);
}

static void test_paddings(void **state)
{
    (void)state;
    rec_spec small[16], all[256];
    for (size_t i = 0; i < 16; i++)
        small[i] = (rec_spec){1, 5, 1, (uint16_t)(i % 3), (uint8_t)i};
    check_specs(small, COUNT(small), 0);
    for (size_t i = 0; i < 256; i++)
        all[i] = (rec_spec){1, 6, 2, (uint16_t)(i % 5), (uint8_t)i};
    check_specs(all, COUNT(all), 0);
    const rec_spec biggest = {1, 6, 3, 65535, 255};
    check_specs(&biggest, 1, 0);
    const rec_spec only_padding = {1, 7, 3, 0, 255};
    check_specs(&only_padding, 1, 0);
}

static void test_version_errors(void **state)
{
    (void)state;
    const rec_spec first[] = {{0, 1, 1, 8, 0}, {1, 5, 1, 0, 0}};
    check_specs(first, COUNT(first), 0);
    const rec_spec third[] = {{1, 1, 1, 8, 0}, {1, 4, 1, 5, 3}, {2, 4, 1, 0, 0}, {1, 5, 1, 0, 0}};
    check_specs(third, COUNT(third), 0);
    const rec_spec after_padding[] = {{1, 6, 1, 1, 255}, {255, 6, 1, 9, 7}};
    check_specs(after_padding, COUNT(after_padding), 0);
    const rec_spec after_big[] = {{1, 6, 1, 32760, 0}, {1, 6, 1, 3, 5}, {0x80, 6, 1, 9, 7}};
    check_specs(after_big, COUNT(after_big), 0);
    /* the bad header is the last thing in the stream, content missing */
    const rec_spec at_end[] = {{1, 5, 1, 2, 6}, {3, 5, 1, 100, 0}};
    check_specs(at_end, COUNT(at_end), 100);
}

static void test_truncated_tails(void **state)
{
    (void)state;
    const rec_spec recs[] = {{1, 1, 1, 8, 0}, {1, 4, 1, 20, 4}};
    /* cut inside the padding, the content, the header */
    for (size_t cut = 1; cut <= 32; cut++)
        check_specs(recs, COUNT(recs), cut);
}

/* A MiB of several hundred records of random sizes, fed whole, one octet at
 * a time and in random pieces. */
static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static void test_one_mib(void **state)
{
    (void)state;
    rec_spec *recs = calloc(4096, sizeof *recs);
    assert_non_null(recs);
    size_t n = 0, total = 0;
    while (total < (1u << 20) - 70000) {
        uint32_t x = next_rand();
        uint16_t clen = (x & 15) == 0 ? (uint16_t)(x >> 16) : (uint16_t)((x >> 16) % 4000);
        recs[n] = (rec_spec){1, (uint8_t)(1 + (x >> 4) % 11), (uint16_t)(x >> 8), clen,
                             (uint8_t)((x >> 2) & 1 ? (8u - clen % 8u) % 8u : (x >> 8) & 0xffu)};
        total += 8u + recs[n].clen + recs[n].plen;
        n++;
    }
    assert_true(n >= 200);
    stream s = build(recs, n, 0);
    ref r = reference_walk(s.data, s.len);
    assert_int_equal(r.n, n);
    guard_area g = {guard_alloc(s.len), s.len};

    assert_int_equal(feed_cut(&s, &r, NULL, 0, &g), n);

    size_t *cuts = malloc(s.len * sizeof *cuts);
    assert_non_null(cuts);
    for (size_t i = 1; i < s.len; i++)
        cuts[i - 1] = i;
    feed_cut(&s, &r, cuts, s.len - 1, &g);

    for (int round = 0; round < 8; round++) {
        size_t nc = 0, at = 0;
        const uint32_t span = round < 4 ? 1500u : 70000u;
        for (;;) {
            at += 1 + next_rand() % span;
            if (at >= s.len)
                break;
            cuts[nc++] = at;
        }
        feed_cut(&s, &r, cuts, nc, &g);
    }
    free(cuts);
    guard_free(g.mem, g.cap);
    free(r.recs);
    free(s.data);
    free(recs);
}

/* Empty input: NEED_MORE, nothing read (the pointer is the guard page). */
static void test_empty_input(void **state)
{
    (void)state;
    uint8_t *g = guard_alloc(0);
    fcgi_parser p;
    fcgi_chunk c;
    size_t used = 7;
    fcgi_parser_init(&p);
    assert_int_equal(fcgi_parser_feed(&p, g, 0, &used, &c), FCGI_NEED_MORE);
    assert_int_equal(used, 0);
    assert_true(fcgi_parser_at_boundary(&p));
    guard_free(g, 0);
}

/* init clears the sticky error and starts the offsets again. */
static void test_init_resets(void **state)
{
    (void)state;
    const uint8_t bad[8] = {2, 1, 0, 1, 0, 0, 0, 0};
    const uint8_t good[16] = {1, 5, 0, 1, 0, 3, 5, 0, 'a', 'b', 'c', 0, 0, 0, 0, 0};
    fcgi_parser p;
    fcgi_chunk c;
    size_t used;
    fcgi_parser_init(&p);
    assert_int_equal(fcgi_parser_feed(&p, bad, sizeof bad, &used, &c), FCGI_E_VERSION);
    assert_int_equal(c.header.version, 2);
    assert_int_equal(used, 8);
    fcgi_parser_init(&p);
    assert_int_equal(fcgi_parser_feed(&p, good, sizeof good, &used, &c), FCGI_OK);
    assert_int_equal(used, 16);
    assert_int_equal(c.record_offset, 0);
    assert_int_equal(c.content.len, 3);
    assert_memory_equal(c.content.data, "abc", 3);
    assert_true(c.first && c.last);
}

/* The same parser fed from different buffers keeps stream offsets, also
 * when a new buffer happens to start where the previous one ended. */
static void test_offsets_across_buffers(void **state)
{
    (void)state;
    uint8_t area[64];
    const uint8_t rec[8] = {1, 5, 0, 1, 0, 0, 0, 0};
    fcgi_parser p;
    fcgi_chunk c;
    size_t used;
    fcgi_parser_init(&p);
    for (int i = 0; i < 6; i++) {
        /* alternate: same address again, then the address just past */
        uint8_t *at = area + (i % 3) * 8;
        memcpy(at, rec, 8);
        assert_int_equal(fcgi_parser_feed(&p, at, 8, &used, &c), FCGI_OK);
        assert_int_equal(c.record_offset, (uint64_t)i * 8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_init_resets),
        cmocka_unit_test(test_offsets_across_buffers),
        cmocka_unit_test(test_every_type_empty),
        cmocka_unit_test(test_small_records),
        cmocka_unit_test(test_content_lengths),
        cmocka_unit_test(test_paddings),
        cmocka_unit_test(test_version_errors),
        cmocka_unit_test(test_truncated_tails),
        cmocka_unit_test(test_one_mib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
