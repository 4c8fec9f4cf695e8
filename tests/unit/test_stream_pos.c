// SPDX-License-Identifier: MIT
/*
 * test_stream_pos.c - the inline calls of fcgi/parser_inline.h against the
 * exported functions, and stream offsets whatever memory the input is in.
 *
 * fcgi_parser_feed_inline() and fcgi_nv_decoder_feed_inline() run a fast
 * path at the call site and fall back to the library; fcgi_parser_feed()
 * and fcgi_nv_decoder_feed() are the library alone.  Both must report the
 * same chunks, pairs and offsets for any way of cutting a stream.  Input arrives here three ways:
 *   CONTIGUOUS  pieces are consecutive slices of one buffer, so each feed
 *               continues at the address where the last one stopped (the
 *               fast paths' hot case, which guard-page tests never reach);
 *   GUARDED     every piece is copied right before its own PROT_NONE page;
 *   NULL_FEEDS  as CONTIGUOUS, with an empty feed (NULL, 0) to both
 *               decoders after every piece, mid-record and mid-pair.
 * The offsets must also equal the ones a whole-buffer walk computes.
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

/* ---- the stream ---------------------------------------------------------- */

typedef struct buf {
    uint8_t data[4096];
    size_t len;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    assert_true(b->len + n <= sizeof b->data);
    if (n > 0) /* p may be NULL then */
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_record(buf *b, uint8_t type, const void *content, size_t clen, uint8_t plen)
{
    const uint8_t h[8] = {1, type, 0, 1, (uint8_t)(clen >> 8), (uint8_t)clen, plen, 0};
    static const uint8_t pad[255];
    put(b, h, sizeof h);
    put(b, content, clen);
    put(b, pad, plen);
}

static void put_len(buf *b, size_t len, bool four)
{
    if (four) {
        const uint8_t l[4] = {(uint8_t)(0x80 | len >> 24), (uint8_t)(len >> 16),
                              (uint8_t)(len >> 8), (uint8_t)len};
        put(b, l, 4);
    } else {
        const uint8_t l = (uint8_t)len;
        put(b, &l, 1);
    }
}

static void put_pair(buf *b, size_t nlen, size_t vlen, bool four, uint8_t fill)
{
    uint8_t body[400];
    assert_true(nlen + vlen <= sizeof body);
    for (size_t i = 0; i < nlen + vlen; i++)
        body[i] = (uint8_t)(fill + i);
    put_len(b, nlen, four && nlen > 127);
    put_len(b, vlen, four);
    put(b, body, nlen + vlen);
}

/* Two requests: BEGIN_REQUEST, PARAMS split over two records (a pair cut
 * across them, 1- and 4-octet lengths, an empty name and value), empty
 * PARAMS, STDIN with padding; then the same with other lengths. */
static void make_stream(buf *s)
{
    static const uint8_t begin[8] = {0, 1, 1, 0, 0, 0, 0, 0};
    static const uint8_t body[5] = {'h', 'e', 'l', 'l', 'o'};
    buf p = {{0}, 0};
    memset(s, 0, sizeof *s);
    put_pair(&p, 9, 3, false, 10);
    put_pair(&p, 0, 0, false, 0);
    put_pair(&p, 15, 200, true, 20);
    put_pair(&p, 130, 2, true, 30);
    put_pair(&p, 4, 11, false, 40);
    for (int r = 0; r < 2; r++) {
        const size_t cut = r == 0 ? 20 : 7;
        put_record(s, FCGI_BEGIN_REQUEST, begin, sizeof begin, 0);
        put_record(s, FCGI_PARAMS, p.data, cut, (uint8_t)(r * 3));
        put_record(s, FCGI_PARAMS, p.data + cut, p.len - cut, 5);
        put_record(s, FCGI_PARAMS, NULL, 0, 0);
        put_record(s, FCGI_STDIN, body, sizeof body, 3);
        put_record(s, FCGI_STDIN, NULL, 0, 0);
    }
}

/* ---- what a run reports --------------------------------------------------- */

typedef struct item {
    int kind; /* 0 chunk, 1 pair, 2 end of PARAMS */
    uint64_t a, b; /* record_offset / content_offset, or start / end offsets */
    size_t len;    /* content length, or name + value length */
    uint32_t sum;  /* of the octets reported */
    int flags;
} item;

typedef struct log {
    item it[2048]; /* byte by byte: a chunk per content octet */
    size_t n;
} log;

static void add(log *l, item x)
{
    assert_true(l->n < sizeof l->it / sizeof l->it[0]);
    l->it[l->n++] = x;
}

static uint32_t sum_of(const uint8_t *p, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = s * 31u + p[i];
    return s;
}

enum layout { CONTIGUOUS, GUARDED, NULL_FEEDS };

typedef struct runner {
    fcgi_parser p;
    fcgi_nv_decoder d;
    uint8_t scratch[512];
    bool inline_path;
    log out;
} runner;

static fcgi_status pfeed(runner *r, const uint8_t *b, size_t n, size_t *used, fcgi_chunk *c)
{
    return r->inline_path ? fcgi_parser_feed_inline(&r->p, b, n, used, c)
                          : fcgi_parser_feed(&r->p, b, n, used, c);
}

static fcgi_status dfeed(runner *r, const uint8_t *b, size_t n, size_t *used,
                         fcgi_nv_event *ev)
{
    return r->inline_path ? fcgi_nv_decoder_feed_inline(&r->d, b, n, used, ev)
                          : fcgi_nv_decoder_feed(&r->d, b, n, used, ev);
}

static void pairs_of(runner *r, const uint8_t *c, size_t len, bool null_feeds)
{
    while (len > 0) {
        fcgi_nv_event ev;
        size_t used = 0;
        fcgi_status st = dfeed(r, c, len, &used, &ev);
        assert_true(used <= len);
        c += used;
        len -= used;
        if (st == FCGI_NEED_MORE) {
            assert_int_equal(len, 0);
            break;
        }
        assert_int_equal(st, FCGI_OK);
        add(&r->out, (item){1, ev.start_offset, ev.end_offset,
                            ev.pair.name.len + ev.pair.value.len,
                            sum_of(ev.pair.name.data, ev.pair.name.len) * 7u +
                                sum_of(ev.pair.value.data, ev.pair.value.len),
                            ev.truncated * 2 + ev.split});
    }
    if (null_feeds) {
        fcgi_nv_event ev;
        size_t used = 99;
        assert_int_equal(dfeed(r, NULL, 0, &used, &ev), FCGI_NEED_MORE);
        assert_int_equal(used, 0);
    }
}

static void piece(runner *r, const uint8_t *in, size_t left, bool null_feeds)
{
    while (left > 0) {
        fcgi_chunk ch;
        size_t used = 0;
        fcgi_status st = pfeed(r, in, left, &used, &ch);
        assert_true(used <= left);
        in += used;
        left -= used;
        if (st == FCGI_NEED_MORE) {
            assert_int_equal(left, 0);
            break;
        }
        assert_int_equal(st, FCGI_OK);
        add(&r->out, (item){0, ch.record_offset, ch.content_offset, ch.content.len,
                            sum_of(ch.content.data, ch.content.len),
                            ch.header.type * 4 + ch.first * 2 + ch.last});
        if (ch.header.type != FCGI_PARAMS)
            continue;
        pairs_of(r, ch.content.data, ch.content.len, null_feeds);
        if (ch.last && ch.header.content_length == 0) {
            uint64_t have = 1, want = 1;
            assert_int_equal(fcgi_nv_decoder_finish_inline(&r->d, &have, &want), FCGI_OK);
            add(&r->out, (item){2, have, want, 0, 0, 0});
            fcgi_nv_decoder_init(&r->d, r->scratch, sizeof r->scratch);
        }
    }
    if (null_feeds) {
        fcgi_chunk ch;
        size_t used = 99;
        assert_int_equal(pfeed(r, NULL, 0, &used, &ch), FCGI_NEED_MORE);
        assert_int_equal(used, 0);
    }
}

/* Feeds s cut at cuts[0..ncuts) (ascending) laid out as `lay`. */
static void run(runner *r, bool inline_path, const buf *s, const size_t *cuts, size_t ncuts,
                enum layout lay)
{
    memset(r, 0, sizeof *r);
    r->inline_path = inline_path;
    fcgi_parser_init(&r->p);
    fcgi_nv_decoder_init(&r->d, r->scratch, sizeof r->scratch);
    size_t from = 0;
    for (size_t k = 0; k <= ncuts; k++) {
        const size_t to = k < ncuts ? cuts[k] : s->len;
        const size_t n = to - from;
        if (lay == GUARDED) {
            uint8_t *g = guard_copy(s->data + from, n);
            piece(r, g, n, false);
            guard_free(g, n);
        } else {
            piece(r, s->data + from, n, lay == NULL_FEEDS);
        }
        from = to;
    }
    assert_true(fcgi_parser_at_boundary(&r->p));
}

/* Reads a name-value length at *at; the stream here is well formed. */
static size_t walk_len(const uint8_t *c, size_t *at)
{
    size_t v = c[*at];
    if (v & 0x80) {
        v = (size_t)(c[*at] & 0x7f) << 24 | (size_t)c[*at + 1] << 16 |
            (size_t)c[*at + 2] << 8 | c[*at + 3];
        *at += 4;
    } else {
        *at += 1;
    }
    return v;
}

/* What a whole-buffer walk finds: every record (offset, content length)
 * and every pair in PARAMS stream coordinates (each request's stream,
 * the concatenated content of its PARAMS records, starting at 0). */
static void reference(const buf *s, log *records, log *pairs)
{
    buf params = {{0}, 0};
    size_t at = 0;
    memset(records, 0, sizeof *records);
    memset(pairs, 0, sizeof *pairs);
    while (at < s->len) {
        const uint8_t *h = s->data + at;
        const size_t clen = (size_t)h[4] << 8 | h[5];
        add(records, (item){0, at, 0, clen, 0, 0});
        if (h[1] == FCGI_PARAMS && clen > 0) {
            put(&params, h + 8, clen);
        } else if (h[1] == FCGI_PARAMS) {
            size_t i = 0;
            while (i < params.len) {
                const size_t start = i, nlen = walk_len(params.data, &i),
                             vlen = walk_len(params.data, &i);
                const uint8_t *name = params.data + i;
                i += nlen + vlen;
                add(pairs, (item){1, start, i, nlen + vlen,
                                  sum_of(name, nlen) * 7u + sum_of(name + nlen, vlen), 0});
            }
            add(pairs, (item){2, 0, 0, 0, 0, 0});
            params.len = 0;
        }
        at += 8 + clen + h[6];
    }
}

/* The pairs and stream ends of a run, without the flags (`split` depends
 * on the cuts). */
static void pairs_only(const log *in, log *out)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < in->n; k++) {
        if (in->it[k].kind == 0)
            continue;
        item x = in->it[k];
        x.flags = 0;
        add(out, x);
    }
}

static void assert_same(const log *a, const log *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->it[i].kind, b->it[i].kind);
        assert_int_equal(a->it[i].a, b->it[i].a);
        assert_int_equal(a->it[i].b, b->it[i].b);
        assert_int_equal(a->it[i].len, b->it[i].len);
        assert_int_equal(a->it[i].sum, b->it[i].sum);
        assert_int_equal(a->it[i].flags, b->it[i].flags);
    }
}

/* Whole-record chunks of the uncut stream must sit where the walk says. */
static void assert_records_match(const log *got, const log *want)
{
    size_t j = 0;
    for (size_t i = 0; i < got->n; i++) {
        if (got->it[i].kind != 0)
            continue;
        assert_true(j < want->n);
        assert_int_equal(got->it[i].a, want->it[j].a);
        assert_int_equal(got->it[i].len, want->it[j].len);
        j++;
    }
    assert_int_equal(j, want->n);
}

static runner ra, rb;
static log pairs_got;

/* ---- tests ------------------------------------------------------------------ */

static void test_whole(void **state)
{
    (void)state;
    buf s;
    log records, pairs;
    make_stream(&s);
    reference(&s, &records, &pairs);
    assert_int_equal(pairs.n, 2 * 6);
    for (int lay = CONTIGUOUS; lay <= NULL_FEEDS; lay++) {
        run(&ra, true, &s, NULL, 0, (enum layout)lay);
        run(&rb, false, &s, NULL, 0, (enum layout)lay);
        assert_same(&ra.out, &rb.out);
        assert_records_match(&ra.out, &records);
        pairs_only(&ra.out, &pairs_got);
        assert_same(&pairs_got, &pairs);
    }
}

/* Every split point, every layout: inline == exported, pairs == walk. */
static void test_every_split(void **state)
{
    (void)state;
    buf s;
    log records, pairs;
    make_stream(&s);
    reference(&s, &records, &pairs);
    for (size_t i = 0; i <= s.len; i++) {
        for (int lay = CONTIGUOUS; lay <= NULL_FEEDS; lay++) {
            run(&ra, true, &s, &i, 1, (enum layout)lay);
            run(&rb, false, &s, &i, 1, (enum layout)lay);
            assert_same(&ra.out, &rb.out);
            pairs_only(&ra.out, &pairs_got);
            assert_same(&pairs_got, &pairs);
        }
    }
}

/* One octet at a time, in all three layouts. */
static void test_byte_by_byte(void **state)
{
    (void)state;
    buf s;
    make_stream(&s);
    size_t *cuts = malloc(s.len * sizeof *cuts);
    assert_non_null(cuts);
    for (size_t i = 1; i < s.len; i++)
        cuts[i - 1] = i;
    log records, pairs;
    reference(&s, &records, &pairs);
    for (int lay = CONTIGUOUS; lay <= NULL_FEEDS; lay++) {
        run(&ra, true, &s, cuts, s.len - 1, (enum layout)lay);
        run(&rb, false, &s, cuts, s.len - 1, (enum layout)lay);
        assert_same(&ra.out, &rb.out);
        pairs_only(&ra.out, &pairs_got);
        assert_same(&pairs_got, &pairs);
    }
    free(cuts);
}

/* An empty feed (NULL, 0) in the middle of a record or of a pair must not
 * move the stream offset: the inline calls must not read _origin, which
 * may belong to an earlier buffer. */
static void test_null_feed_mid_record_and_pair(void **state)
{
    (void)state;
    static const uint8_t a[] = {1, 4, 0, 1, 0, 4, 0, 0, 'a', 'b'};
    static const uint8_t b[] = {'c', 'd', 1, 5, 0, 1, 0, 0, 0, 0};
    static const uint8_t n1[] = {3, 2, 'a'};
    static const uint8_t n2[] = {'b', 'c', 'x', 'y', 1, 1, 'k', 'v'};
    uint8_t scratch[16];
    fcgi_parser p;
    fcgi_nv_decoder d;
    fcgi_chunk c;
    fcgi_nv_event ev;
    size_t used;

    fcgi_parser_init(&p);
    assert_int_equal(fcgi_parser_feed_inline(&p, a, sizeof a, &used, &c), FCGI_OK);
    assert_int_equal(fcgi_parser_feed_inline(&p, NULL, 0, &used, &c), FCGI_NEED_MORE);
    assert_int_equal(fcgi_parser_feed_inline(&p, b, sizeof b, &used, &c), FCGI_OK);
    assert_int_equal(c.record_offset, 0);
    assert_true(c.last);
    assert_int_equal(fcgi_parser_feed_inline(&p, b + used, sizeof b - used, &used, &c), FCGI_OK);
    assert_int_equal(c.record_offset, 12);

    fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
    assert_int_equal(fcgi_nv_decoder_feed_inline(&d, n1, sizeof n1, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_feed_inline(&d, NULL, 0, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_feed_inline(&d, n2, sizeof n2, &used, &ev), FCGI_OK);
    assert_int_equal(ev.start_offset, 0);
    assert_int_equal(ev.end_offset, 7);
    assert_int_equal(fcgi_nv_decoder_feed_inline(&d, n2 + used, sizeof n2 - used, &used, &ev),
                     FCGI_OK);
    assert_int_equal(ev.start_offset, 7);
    assert_int_equal(ev.end_offset, 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole),
        cmocka_unit_test(test_every_split),
        cmocka_unit_test(test_byte_by_byte),
        cmocka_unit_test(test_null_feed_mid_record_and_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
