// SPDX-License-Identifier: MIT
/* test_params_records.c - fcgi_build_params_records (codec/src/protocol.c):
 * PARAMS records that never cut a pair.  Every build is read back through
 * the incremental record parser, fcgi_parse_params on the joined content
 * and fcgi_nv_decoder fed record by record; the record boundaries, the
 * padding and the pairs are checked against what was asked for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fcgi/parser.h"
#include "fcgi/protocol.h"
#include "guard.h"
#include "testutil.h"

static uint32_t rng_state = 0x2545f491u;

static uint32_t rnd(void) { return testutil_xorshift32(&rng_state); }

/* Octets of one pair's encoding, computed by hand. */
static size_t pair_size(size_t nlen, size_t vlen)
{
    return (nlen < 128 ? 1 : 4) + (vlen < 128 ? 1 : 4) + nlen + vlen;
}

/* What a build looked like once read back. */
typedef struct readback {
    size_t records;       /* non-empty PARAMS records */
    size_t content[64];   /* their content lengths (first 64) */
    size_t terminators;   /* empty PARAMS records */
    size_t split_pairs;   /* pairs nv_decoder saw arrive in pieces */
    size_t pairs;         /* pairs nv_decoder returned */
} readback;

/* Builds pairs with (max, flags) into a guarded buffer of the exact size,
 * checks the stream record by record and returns what it saw. */
static readback build_and_read(const fcgi_nv_pair *pairs, size_t n, size_t max, unsigned flags)
{
    readback rb;
    size_t need = 12345, len = 0, i;
    memset(&rb, 0, sizeof rb);

    assert_int_equal(fcgi_build_params_records(NULL, 0, 7, pairs, n, max, flags, &need),
                     FCGI_OK);
    uint8_t *buf = guard_alloc(need);
    assert_int_equal(fcgi_build_params_records(buf, need, 7, pairs, n, max, flags, &len),
                     FCGI_OK);
    assert_int_equal(len, need);

    /* The joined content must be the plain encoding of the pairs. */
    size_t plain_len = 0;
    assert_int_equal(fcgi_build_params(NULL, 0, pairs, n, &plain_len), FCGI_OK);
    uint8_t *plain = testutil_xmalloc(plain_len);
    assert_int_equal(fcgi_build_params(plain, plain_len, pairs, n, &plain_len), FCGI_OK);
    uint8_t *joined = testutil_xmalloc(plain_len);
    size_t joined_len = 0;

    uint8_t *scratch = testutil_xmalloc(1 << 20);
    fcgi_nv_decoder d;
    fcgi_nv_decoder_init(&d, scratch, 1 << 20);

    fcgi_parser p;
    fcgi_parser_init(&p);
    size_t off = 0;
    while (off < len) {
        size_t used = 0;
        fcgi_chunk c;
        assert_int_equal(fcgi_parser_feed(&p, buf + off, len - off, &used, &c), FCGI_OK);
        off += used;
        assert_true(c.first && c.last); /* whole records in one buffer */
        assert_int_equal(c.header.type, FCGI_PARAMS);
        assert_int_equal(c.header.request_id, 7);
        assert_int_equal(c.header.padding_length, (8 - c.header.content_length % 8) % 8);
        assert_true(c.header.content_length <= max);
        if (c.header.content_length == 0) {
            /* Only ever the last record, and only when asked for. */
            assert_int_equal(off, len);
            rb.terminators++;
            continue;
        }
        if (rb.records < 64)
            rb.content[rb.records] = c.header.content_length;
        rb.records++;
        if (!(flags & FCGI_PARAMS_SPLIT))
            assert_true(fcgi_check_params(c.content.data, c.content.len));
        memcpy(joined + joined_len, c.content.data, c.content.len);
        joined_len += c.content.len;
        size_t at = 0;
        while (at < c.content.len) {
            fcgi_nv_event ev;
            size_t u = 0;
            fcgi_status st = fcgi_nv_decoder_feed(&d, c.content.data + at,
                                                  c.content.len - at, &u, &ev);
            at += u;
            if (st == FCGI_NEED_MORE)
                break;
            assert_int_equal(st, FCGI_OK);
            assert_true(rb.pairs < n);
            assert_int_equal(ev.pair.name.len, pairs[rb.pairs].name.len);
            assert_int_equal(ev.pair.value.len, pairs[rb.pairs].value.len);
            assert_memory_equal(ev.pair.name.data, pairs[rb.pairs].name.data, ev.pair.name.len);
            assert_memory_equal(ev.pair.value.data, pairs[rb.pairs].value.data,
                                ev.pair.value.len);
            rb.split_pairs += ev.split;
            rb.pairs++;
        }
    }
    assert_true(fcgi_parser_at_boundary(&p));
    assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, NULL), FCGI_OK);
    assert_int_equal(rb.pairs, n);
    assert_int_equal(rb.terminators, (flags & FCGI_PARAMS_TERMINATE) ? 1 : 0);
    assert_int_equal(joined_len, plain_len);
    assert_memory_equal(joined, plain, plain_len);

    /* And fcgi_parse_params agrees on the joined content. */
    fcgi_nv_pair *back = calloc(n ? n : 1, sizeof *back);
    size_t count = 0;
    assert_non_null(back);
    assert_int_equal(fcgi_parse_params(joined, joined_len, back, n, &count), FCGI_OK);
    assert_int_equal(count, n);
    for (i = 0; i < n; i++) {
        assert_int_equal(back[i].name.len, pairs[i].name.len);
        assert_int_equal(back[i].value.len, pairs[i].value.len);
    }
    free(back);
    free(scratch);
    free(joined);
    free(plain);
    guard_free(buf, need);
    return rb;
}

/* n pairs named "P<i>" whose values are `vlen` copies of a letter. */
typedef struct pairset {
    fcgi_nv_pair pairs[200];
    char names[200][24];
    uint8_t *values;
} pairset;

static void make_pairs(pairset *s, size_t n, const size_t *vlens)
{
    size_t total = 0, i;
    for (i = 0; i < n; i++)
        total += vlens[i];
    s->values = testutil_xmalloc(total);
    total = 0;
    for (i = 0; i < n; i++) {
        snprintf(s->names[i], sizeof s->names[i], "P%zu", i);
        memset(s->values + total, 'a' + (int)(i % 26), vlens[i]);
        s->pairs[i].name = (fcgi_span){(const uint8_t *)s->names[i], strlen(s->names[i])};
        s->pairs[i].value = (fcgi_span){s->values + total, vlens[i]};
        total += vlens[i];
    }
}

/* One pair of exactly 65535 octets fills one record (padding 1); one more
 * octet does not fit, and with FCGI_PARAMS_SPLIT goes on into a second. */
static void test_record_limit(void **state)
{
    (void)state;
    /* "P0" + 4-octet value length: 1 + 4 + 2 = 7 octets of prefix and name. */
    size_t vlen = 65535 - 7;
    pairset s;
    make_pairs(&s, 1, &vlen);
    assert_int_equal(pair_size(2, vlen), 65535);
    readback rb = build_and_read(s.pairs, 1, FCGI_MAX_CONTENT_LEN, FCGI_PARAMS_TERMINATE);
    assert_int_equal(rb.records, 1);
    assert_int_equal(rb.content[0], 65535);
    assert_int_equal(rb.split_pairs, 0);
    size_t len = 0;
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 1, FCGI_MAX_CONTENT_LEN,
                                               FCGI_PARAMS_TERMINATE, &len),
                     FCGI_OK);
    assert_int_equal(len, 8 + 65535 + 1 + 8);
    free(s.values);

    vlen++;
    make_pairs(&s, 1, &vlen);
    len = 99;
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 1, FCGI_MAX_CONTENT_LEN,
                                               FCGI_PARAMS_TERMINATE, &len),
                     FCGI_E_PAIR_TOO_LONG);
    assert_int_equal(len, 0);
    uint8_t small[64];
    memset(small, 0xAB, sizeof small);
    assert_int_equal(fcgi_build_params_records(small, sizeof small, 1, s.pairs, 1,
                                               FCGI_MAX_CONTENT_LEN, 0, &len),
                     FCGI_E_PAIR_TOO_LONG);
    for (size_t i = 0; i < sizeof small; i++)
        assert_int_equal(small[i], 0xAB);
    rb = build_and_read(s.pairs, 1, FCGI_MAX_CONTENT_LEN,
                        FCGI_PARAMS_TERMINATE | FCGI_PARAMS_SPLIT);
    assert_int_equal(rb.records, 2);
    assert_int_equal(rb.content[0], 65535);
    assert_int_equal(rb.content[1], 1);
    assert_int_equal(rb.split_pairs, 1);
    free(s.values);
}

/* Pairs are packed until the next does not fit; a pair that exactly fills
 * what is left stays in the record. */
static void test_packing(void **state)
{
    (void)state;
    /* Sizes (prefix + 2-octet name + value): 40000 + 25535 = 65535 exactly,
     * then 600 starts a record, then 65000 does not fit after it. */
    size_t v[4] = {40000 - 7, 25535 - 7, 600 - 7, 65000 - 7};
    pairset s;
    make_pairs(&s, 4, v);
    readback rb = build_and_read(s.pairs, 4, FCGI_MAX_CONTENT_LEN, FCGI_PARAMS_TERMINATE);
    assert_int_equal(rb.records, 3);
    assert_int_equal(rb.content[0], 65535);
    assert_int_equal(rb.content[1], 600);
    assert_int_equal(rb.content[2], 65000);
    assert_int_equal(rb.split_pairs, 0);
    free(s.values);

    /* 90 headers of 600 octets, as a browser with big cookies might send:
     * more than 32760 octets, so fcgi_build_begin_request cuts pairs; here
     * all 90 share one record, or two of at most 32760 octets, whole. */
    size_t many[90];
    for (size_t i = 0; i < 90; i++)
        many[i] = 600;
    make_pairs(&s, 90, many);
    rb = build_and_read(s.pairs, 90, FCGI_MAX_CONTENT_LEN, FCGI_PARAMS_TERMINATE);
    assert_int_equal(rb.records, 1);
    assert_int_equal(rb.split_pairs, 0);
    rb = build_and_read(s.pairs, 90, 32760, FCGI_PARAMS_TERMINATE);
    assert_int_equal(rb.records, 2);
    assert_int_equal(rb.split_pairs, 0);
    free(s.values);
}

/* With FCGI_PARAMS_SPLIT, only the oversized pair is cut; the pairs after
 * it are packed behind its last octet and stay whole. */
static void test_split_only_oversized(void **state)
{
    (void)state;
    size_t v[5] = {10, 100, 300, 20, 5};
    pairset s;
    make_pairs(&s, 5, v);
    /* Records of 64 octets: the 100- and 300-octet pairs do not fit. */
    size_t len;
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 5, 64, 0, &len),
                     FCGI_E_PAIR_TOO_LONG);
    readback rb = build_and_read(s.pairs, 5, 64, FCGI_PARAMS_SPLIT);
    assert_int_equal(rb.split_pairs, 2);
    size_t total = 0;
    for (size_t i = 0; i < rb.records; i++) {
        total += rb.content[i];
        if (i + 1 < rb.records)
            assert_true(rb.content[i] <= 64);
    }
    assert_int_equal(total, pair_size(2, 10) + pair_size(2, 100) + pair_size(2, 300) +
                                pair_size(2, 20) + pair_size(2, 5));
    free(s.values);
}

/* Random pair sets and record sizes: whatever the sizes, the read-back
 * checks hold, and without FCGI_PARAMS_SPLIT no pair is ever split. */
static void test_random(void **state)
{
    (void)state;
    static const size_t lens[] = {0, 1, 7, 8, 127, 128, 129, 1000, 4000};
    static const size_t maxes[] = {1, 2, 8, 9, 100, 1024, 32760, 65535};
    for (int round = 0; round < 400; round++) {
        size_t n = rnd() % 12, v[12];
        for (size_t i = 0; i < n; i++)
            v[i] = lens[rnd() % (sizeof lens / sizeof lens[0])];
        size_t max = maxes[rnd() % (sizeof maxes / sizeof maxes[0])];
        unsigned flags = rnd() % 4;
        pairset s;
        make_pairs(&s, n, v);
        size_t biggest = 0, len = 0;
        for (size_t i = 0; i < n; i++)
            if (pair_size(strlen(s.names[i]), v[i]) > biggest)
                biggest = pair_size(strlen(s.names[i]), v[i]);
        if (biggest > max && !(flags & FCGI_PARAMS_SPLIT)) {
            assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, n, max, flags, &len),
                             FCGI_E_PAIR_TOO_LONG);
        } else {
            readback rb = build_and_read(s.pairs, n, max, flags);
            if (biggest <= max)
                assert_int_equal(rb.split_pairs, 0);
        }
        free(s.values);
    }
}

/* While everything fits one record, the PARAMS part of
 * fcgi_build_begin_request (Net::FastCGI's octets) is the same. */
static void test_same_as_begin_request_when_small(void **state)
{
    (void)state;
    size_t v[3] = {3, 200, 30000};
    pairset s;
    make_pairs(&s, 3, v);
    size_t blen = 0, plen = 0;
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 9, FCGI_RESPONDER, 0, s.pairs, 3, NULL,
                                              NULL, &blen),
                     FCGI_OK);
    uint8_t *b = testutil_xmalloc(blen);
    assert_int_equal(fcgi_build_begin_request(b, blen, 9, FCGI_RESPONDER, 0, s.pairs, 3, NULL,
                                              NULL, &blen),
                     FCGI_OK);
    assert_int_equal(fcgi_build_params_records(NULL, 0, 9, s.pairs, 3, FCGI_MAX_CONTENT_LEN,
                                               FCGI_PARAMS_TERMINATE, &plen),
                     FCGI_OK);
    uint8_t *p = testutil_xmalloc(plen);
    assert_int_equal(fcgi_build_params_records(p, plen, 9, s.pairs, 3, FCGI_MAX_CONTENT_LEN,
                                               FCGI_PARAMS_TERMINATE, &plen),
                     FCGI_OK);
    assert_int_equal(blen, 16 + plen);
    assert_memory_equal(b + 16, p, plen);
    free(b);
    free(p);
    free(s.values);
}

/* The builder convention and the argument checks. */
static void test_conventions(void **state)
{
    (void)state;
    size_t v[2] = {5, 6};
    pairset s;
    make_pairs(&s, 2, v);
    size_t len = 77;
    uint8_t buf[64];

    /* Nothing to build. */
    assert_int_equal(fcgi_build_params_records(buf, sizeof buf, 1, NULL, 0, 100, 0, &len),
                     FCGI_OK);
    assert_int_equal(len, 0);
    assert_int_equal(fcgi_build_params_records(buf, sizeof buf, 0x1234, NULL, 0, 100,
                                               FCGI_PARAMS_TERMINATE, &len),
                     FCGI_OK);
    assert_int_equal(len, 8);
    static const uint8_t empty[8] = {1, FCGI_PARAMS, 0x12, 0x34, 0, 0, 0, 0};
    assert_memory_equal(buf, empty, 8);

    /* Size query, a buffer one octet short (nothing written), exact. */
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 2, 100, 0, &len), FCGI_OK);
    assert_int_equal(len, 8 + 9 + 10 + 5); /* one record, 19 octets, padding 5 */
    memset(buf, 0xEE, sizeof buf);
    size_t got = 0;
    assert_int_equal(fcgi_build_params_records(buf, len - 1, 1, s.pairs, 2, 100, 0, &got),
                     FCGI_E_BUFFER_TOO_SMALL);
    assert_int_equal(got, len);
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xEE);
    assert_int_equal(fcgi_build_params_records(buf, len, 1, s.pairs, 2, 100, 0, &got), FCGI_OK);
    assert_int_equal(got, len);

    /* Argument errors, *len 0. */
    fcgi_nv_pair nul = {{NULL, 3}, {NULL, 0}};
    len = 5;
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 2, 0, 0, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(len, 0);
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 2, 65536, 0, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, s.pairs, 2, 100, 4, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, NULL, 2, 100, 0, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, &nul, 1, 100, 0, &len),
                     FCGI_E_INVALID_ARGUMENT);
    len = 5;
    fcgi_nv_pair huge = {{(const uint8_t *)"x", (size_t)FCGI_MAX_NV_LEN + 1}, {NULL, 0}};
    assert_int_equal(fcgi_build_params_records(NULL, 0, 1, &huge, 1, 100, FCGI_PARAMS_SPLIT,
                                               &len),
                     FCGI_E_NV_TOO_LONG);
    assert_int_equal(len, 0);
    free(s.values);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_packing),
        cmocka_unit_test(test_split_only_oversized),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_same_as_begin_request_when_small),
        cmocka_unit_test(test_conventions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
