// SPDX-License-Identifier: MIT
/* test_params.c - FCGI_NameValuePair building, parsing, checking and
 * iteration (codec/src/params.c).  Every parser input is placed against a
 * guard page, whole and truncated at every point. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "guard.h"
#include "testutil.h"

static uint32_t rng_state = 0x9e3779b9u;

static uint32_t rnd(void) { return testutil_xorshift32(&rng_state); }

#define SPAN(s) {(const uint8_t *)(s), sizeof(s) - 1}

/* A transcription of PP.pm parse_params/check_params: consume 1 octet, or
 * 4 when the first has the high bit; then klen + vlen must fit what is
 * left (64-bit arithmetic, each length < 2^31, so no overflow here).
 * Returns the number of pairs, or -1 when malformed. */
static long ref_count_pairs(const uint8_t *p, size_t len, fcgi_nv_pair *out, size_t max)
{
    uint64_t off = 0;
    long n = 0;
    while (off < len) {
        uint64_t l[2];
        int i;
        for (i = 0; i < 2; i++) {
            if (off + 1 > len)
                return -1;
            l[i] = p[off];
            off += 1;
            if (l[i] < 0x80)
                continue;
            if (off + 3 > len)
                return -1;
            l[i] = ((uint64_t)(p[off - 1] & 0x7F) << 24) | ((uint64_t)p[off] << 16)
                 | ((uint64_t)p[off + 1] << 8) | p[off + 2];
            off += 3;
        }
        if (l[0] + l[1] > len - off)
            return -1;
        if ((size_t)n < max) {
            out[n].name.data = p + off;
            out[n].name.len = (size_t)l[0];
            out[n].value.data = p + off + l[0];
            out[n].value.len = (size_t)l[1];
        }
        off += l[0] + l[1];
        n++;
    }
    return n;
}

/* ---- building ------------------------------------------------------------ */

struct build_args {
    const fcgi_nv_pair *pairs;
    size_t n;
};

/* builder convention: size query, every too-small cap writes nothing,
 * exact cap writes exactly the expected octets */
static void check_build(const fcgi_nv_pair *pairs, size_t n, const uint8_t *want, size_t want_len)
{
    uint8_t *buf = testutil_xmalloc(want_len + 8);
    size_t len = 999, cap, i;
    int every = want_len <= 2048;

    assert_int_equal(fcgi_build_params(NULL, 0, pairs, n, &len), FCGI_OK);
    assert_int_equal(len, want_len);
    for (cap = 0; cap < want_len; cap++) {
        if (!every && cap > 9 && cap + 9 < want_len && cap % 1021 != 0)
            continue;
        memset(buf, 0x5A, want_len + 8);
        assert_int_equal(fcgi_build_params(buf, cap, pairs, n, &len), FCGI_E_BUFFER_TOO_SMALL);
        assert_int_equal(len, want_len);
        for (i = 0; i < want_len + 8; i++)
            assert_int_equal(buf[i], 0x5A);
    }
    memset(buf, 0x5A, want_len + 8);
    assert_int_equal(fcgi_build_params(buf, want_len, pairs, n, &len), FCGI_OK);
    assert_int_equal(len, want_len);
    if (want_len)
        assert_memory_equal(buf, want, want_len);
    for (i = want_len; i < want_len + 8; i++)
        assert_int_equal(buf[i], 0x5A);
    free(buf);
}

static void test_build_vectors(void **state)
{
    static const fcgi_nv_pair ab[] = {{SPAN("A"), SPAN("B")}};
    static const uint8_t ab_w[] = {1, 1, 'A', 'B'};
    static const fcgi_nv_pair empty[] = {{{NULL, 0}, {NULL, 0}}};
    static const uint8_t empty_w[] = {0, 0};
    /* caller order kept, duplicates kept */
    static const fcgi_nv_pair three[] = {
        {SPAN("SCRIPT_NAME"), SPAN("/x")}, {SPAN("A"), SPAN("")}, {SPAN("A"), SPAN("2")}};
    static const uint8_t three_w[] = {11, 2, 'S', 'C', 'R', 'I', 'P', 'T', '_', 'N', 'A', 'M',
                                      'E', '/', 'x', 1, 0, 'A', 1, 1, 'A', '2'};
    (void)state;
    check_build(ab, 1, ab_w, sizeof ab_w);
    check_build(empty, 1, empty_w, sizeof empty_w);
    check_build(three, 3, three_w, sizeof three_w);
    check_build(NULL, 0, NULL, 0);
}

/* lengths 0, 1, 127 (1 octet), 128 (4 octets), 0x12345 */
static void test_build_length_forms(void **state)
{
    static const size_t lens[] = {0, 1, 127, 128, 255, 256, 0x12345};
    uint8_t *name = testutil_xmalloc(0x12345), *value = testutil_xmalloc(0x12345);
    uint8_t *want = testutil_xmalloc(2 * 0x12345 + 8);
    size_t i, j;
    (void)state;
    memset(name, 'n', 0x12345);
    memset(value, 'v', 0x12345);
    for (i = 0; i < 7; i++)
        for (j = 0; j < 7; j++) {
            fcgi_nv_pair pr = {{name, lens[i]}, {value, lens[j]}};
            size_t w = 0, k;
            size_t l2[2] = {lens[i], lens[j]};
            for (k = 0; k < 2; k++) {
                if (l2[k] < 128) {
                    want[w++] = (uint8_t)l2[k];
                } else {
                    want[w++] = (uint8_t)(0x80 | (l2[k] >> 24));
                    want[w++] = (uint8_t)(l2[k] >> 16);
                    want[w++] = (uint8_t)(l2[k] >> 8);
                    want[w++] = (uint8_t)l2[k];
                }
            }
            memset(want + w, 'n', lens[i]);
            w += lens[i];
            memset(want + w, 'v', lens[j]);
            w += lens[j];
            check_build(&pr, 1, want, w);
        }
    {
        /* spot-check the 4-octet form literally */
        fcgi_nv_pair pr = {{name, 128}, {value, 0x12345}};
        uint8_t buf[8 + 128 + 0x12345];
        size_t len;
        assert_int_equal(fcgi_build_params(buf, sizeof buf, &pr, 1, &len), FCGI_OK);
        assert_memory_equal(buf, "\x80\x00\x00\x80\x80\x01\x23\x45", 8);
    }
    free(name);
    free(value);
    free(want);
}

/* 2^31-1 is the longest encodable length.  These spans lie about their
 * length: only size queries and argument errors may be asked of them, so
 * their octets are never read. */
static void test_build_limits(void **state)
{
    static const uint8_t dummy[1] = {0};
    const size_t max = FCGI_MAX_NV_LEN;
    fcgi_nv_pair pr;
    size_t len;
    (void)state;

    pr = (fcgi_nv_pair){{dummy, max}, {dummy, 0}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_OK);
    assert_int_equal(len, 4 + 1 + max);
    pr = (fcgi_nv_pair){{dummy, max}, {dummy, max}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_OK);
    assert_int_equal(len, 8 + 2 * max);
    /* too small is detected before anything is read or written */
    {
        uint8_t out[16] = {0};
        assert_int_equal(fcgi_build_params(out, sizeof out, &pr, 1, &len), FCGI_E_BUFFER_TOO_SMALL);
        assert_int_equal(out[0], 0);
    }
    assert_int_equal(len, 8 + 2 * max);

    pr = (fcgi_nv_pair){{dummy, max + 1}, {dummy, 0}};
    len = 7;
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_E_NV_TOO_LONG);
    assert_int_equal(len, 0);
    pr = (fcgi_nv_pair){{dummy, 0}, {dummy, max + 1}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_E_NV_TOO_LONG);
    pr = (fcgi_nv_pair){{dummy, SIZE_MAX}, {dummy, SIZE_MAX}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_E_NV_TOO_LONG);

    /* argument errors */
    assert_int_equal(fcgi_build_params(NULL, 0, NULL, 1, &len), FCGI_E_INVALID_ARGUMENT);
    pr = (fcgi_nv_pair){{NULL, 1}, {dummy, 0}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_E_INVALID_ARGUMENT);
    pr = (fcgi_nv_pair){{dummy, 1}, {NULL, 3}};
    assert_int_equal(fcgi_build_params(NULL, 0, &pr, 1, &len), FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_params(NULL, 0, NULL, 0, &len), FCGI_OK);
    assert_int_equal(len, 0);
}

/* ---- parsing ------------------------------------------------------------- */

struct pv {
    const char *in;
    size_t len;
    long pairs; /* -1: malformed */
};

/* Hand-written wire vectors. */
static const struct pv vectors[] = {
    {"", 0, 0},
    {"\x00\x00", 2, 1},
    {"\x01\x01" "AB", 4, 1},
    {"\x01\x01" "AB" "\x00\x00", 6, 2},
    /* the 4-octet form with small values is legal */
    {"\x80\x00\x00\x01\x80\x00\x00\x01" "AB", 10, 1},
    {"\x01\x80\x00\x00\x02" "ABC", 8, 1},
    /* truncated length octets */
    {"\x01", 1, -1},
    {"\x80", 1, -1},
    {"\x80\x00\x00", 3, -1},
    {"\x01\x80\x00\x00", 4, -1},
    {"\x00\x80\x00", 3, -1},
    /* lengths larger than what is left */
    {"\x01\x01" "A", 3, -1},
    {"\x02\x00" "A", 3, -1},
    {"\x00\x02" "A", 3, -1},
    {"\x7F\x7F" "abc", 5, -1},
    /* huge lengths: must not overflow (CVE-2025-23016 was n + v + 2) */
    {"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF" "xy", 10, -1},
    {"\xFF\xFF\xFF\xFF\x01" "x", 6, -1},
    {"\x01\xFF\xFF\xFF\xFF" "x", 6, -1},
    {"\xFF\xFF\xFF\xFF\x00", 5, -1},
    /* a good pair then a bad one */
    {"\x01\x01" "AB" "\x05", 5, -1},
    {"\x01\x01" "AB" "\x05\x00" "abcd", 10, -1},
};

static void check_parse(const uint8_t *g, size_t len, long want)
{
    fcgi_nv_pair got[8], ref[8];
    size_t count = 12345, k;
    long rn = ref_count_pairs(g, len, ref, 8);
    fcgi_params_iter it;
    fcgi_nv_pair pr;
    fcgi_status st;

    assert_int_equal(rn, want);
    st = fcgi_parse_params(g, len, got, 8, &count);
    assert_int_equal(fcgi_check_params(g, len), want >= 0);
    if (want < 0) {
        assert_int_equal(st, FCGI_E_SHORT_NAME_VALUE_PAIR);
    } else {
        assert_int_equal(st, want > 8 ? FCGI_E_BUFFER_TOO_SMALL : FCGI_OK);
        assert_int_equal(count, (size_t)want);
        for (k = 0; k < count && k < 8; k++) {
            assert_ptr_equal(got[k].name.data, ref[k].name.data);
            assert_int_equal(got[k].name.len, ref[k].name.len);
            assert_ptr_equal(got[k].value.data, ref[k].value.data);
            assert_int_equal(got[k].value.len, ref[k].value.len);
        }
    }
    /* count only */
    st = fcgi_parse_params(g, len, NULL, 0, &count);
    if (want < 0)
        assert_int_equal(st, FCGI_E_SHORT_NAME_VALUE_PAIR);
    else {
        assert_int_equal(st, want > 0 ? FCGI_E_BUFFER_TOO_SMALL : FCGI_OK);
        assert_int_equal(count, (size_t)want);
    }
    /* the iterator agrees, and its error is sticky */
    fcgi_params_iter_init(&it, g, len);
    for (k = 0;; k++) {
        st = fcgi_params_next(&it, &pr);
        if (st != FCGI_OK)
            break;
        if (k < 8 && rn >= 0) {
            assert_ptr_equal(pr.name.data, ref[k].name.data);
            assert_int_equal(pr.value.len, ref[k].value.len);
        }
    }
    if (want < 0) {
        assert_int_equal(st, FCGI_E_SHORT_NAME_VALUE_PAIR);
        assert_int_equal(fcgi_params_next(&it, &pr), FCGI_E_SHORT_NAME_VALUE_PAIR);
        assert_int_equal(fcgi_params_next(&it, &pr), FCGI_E_SHORT_NAME_VALUE_PAIR);
    } else {
        assert_int_equal(st, FCGI_DONE);
        assert_int_equal(k, (size_t)want);
        assert_int_equal(fcgi_params_next(&it, &pr), FCGI_DONE);
    }
}

static void test_parse_vectors(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        uint8_t *g = guard_copy(vectors[i].in, vectors[i].len);
        check_parse(g, vectors[i].len, vectors[i].pairs);
        guard_free(g, vectors[i].len);
    }
    check_parse(NULL, 0, 0);
}

/* Truncation at every point: a prefix is well-formed exactly when it ends
 * on a pair boundary, and then holds that many pairs. */
struct prefix_ctx {
    const size_t *bounds; /* pair end offsets, ascending */
    size_t nbounds;
};

static void prefix_cb(const uint8_t *g, size_t len, void *vctx)
{
    const struct prefix_ctx *x = vctx;
    long want = len == 0 ? 0 : -1;
    size_t i;
    for (i = 0; i < x->nbounds; i++)
        if (x->bounds[i] == len)
            want = (long)i + 1;
    check_parse(g, len, want);
}

static void test_parse_every_prefix(void **state)
{
    static const size_t lens[][2] = {{0, 0}, {1, 0}, {0, 1}, {3, 5}, {127, 1}, {128, 0},
                                     {1, 128}, {130, 200}, {127, 127}, {0, 300}};
    const size_t np = sizeof lens / sizeof lens[0];
    uint8_t *buf = testutil_xmalloc(4096), *content = testutil_xmalloc(512);
    fcgi_nv_pair pairs[sizeof lens / sizeof lens[0]];
    size_t bounds[sizeof lens / sizeof lens[0]];
    size_t i, total = 0, len;
    (void)state;
    for (i = 0; i < 512; i++)
        content[i] = (uint8_t)rnd();
    for (i = 0; i < np; i++) {
        pairs[i].name = (fcgi_span){content, lens[i][0]};
        pairs[i].value = (fcgi_span){content + 7, lens[i][1]};
        assert_int_equal(fcgi_build_params(NULL, 0, &pairs[i], 1, &len), FCGI_OK);
        total += len;
        bounds[i] = total;
    }
    assert_int_equal(fcgi_build_params(buf, 4096, pairs, np, &len), FCGI_OK);
    assert_int_equal(len, total);
    {
        struct prefix_ctx x = {bounds, np};
        guard_each_prefix(buf, total, prefix_cb, &x);
    }
    free(buf);
    free(content);
}

static void test_parse_max(void **state)
{
    static const uint8_t in[] = {1, 1, 'a', 'b', 1, 1, 'c', 'd', 1, 1, 'e', 'f'};
    uint8_t *g = guard_copy(in, sizeof in);
    fcgi_nv_pair out[4];
    size_t count, m;
    (void)state;
    for (m = 0; m <= 4; m++) {
        memset(out, 0xEE, sizeof out);
        assert_int_equal(fcgi_parse_params(g, sizeof in, out, m, &count),
                         m < 3 ? FCGI_E_BUFFER_TOO_SMALL : FCGI_OK);
        assert_int_equal(count, 3);
        if (m >= 1)
            assert_memory_equal(out[0].name.data, "a", 1);
        if (m >= 3)
            assert_memory_equal(out[2].value.data, "f", 1);
        /* nothing written beyond max */
        if (m < 4) {
            uint8_t sentinel[sizeof out[0]];
            memset(sentinel, 0xEE, sizeof sentinel);
            assert_memory_equal(&out[m], sentinel, sizeof sentinel);
        }
    }
    guard_free(g, sizeof in);
}

/* build -> parse with random pairs, lengths 0, 1, 127, 128 and longer */
static void test_round_trip(void **state)
{
    static const size_t lens[] = {0, 1, 127, 128, 129, 1000, 70000};
    uint8_t *content = testutil_xmalloc(70000 * 2), *buf = testutil_xmalloc(16 * (70000 * 2 + 8));
    int round;
    (void)state;
    for (size_t k = 0; k < 70000 * 2; k++) /* every octet defined before it is compared */
        content[k] = (uint8_t)rnd();
    for (round = 0; round < 200; round++) {
        fcgi_nv_pair in[16], out[16];
        size_t n = rnd() % 16, i, len, count;
        uint8_t *g;
        for (i = 0; i < n; i++) {
            size_t nl = lens[rnd() % 7], vl = lens[rnd() % 7];
            size_t off = rnd() % 64;
            if (round % 4 != 0) { /* mostly short, so rounds stay fast */
                nl %= 300;
                vl %= 300;
            }
            in[i].name = (fcgi_span){content + off, nl};
            in[i].value = (fcgi_span){content + 70000 - off, vl};
        }
        for (i = 0; i < 70000 * 2; i += 4099)
            content[i] = (uint8_t)rnd();
        assert_int_equal(fcgi_build_params(buf, 16 * (70000 * 2 + 8), in, n, &len), FCGI_OK);
        g = guard_copy(buf, len);
        assert_true(fcgi_check_params(g, len));
        assert_int_equal(fcgi_parse_params(g, len, out, 16, &count), FCGI_OK);
        assert_int_equal(count, n);
        for (i = 0; i < n; i++) {
            assert_int_equal(out[i].name.len, in[i].name.len);
            assert_int_equal(out[i].value.len, in[i].value.len);
            if (in[i].name.len)
                assert_memory_equal(out[i].name.data, in[i].name.data, in[i].name.len);
            if (in[i].value.len)
                assert_memory_equal(out[i].value.data, in[i].value.data, in[i].value.len);
        }
        guard_free(g, len);
    }
    free(content);
    free(buf);
}

/* Random short inputs, biased towards small and huge lengths: the codec's
 * three entry points agree with the PP.pm transcription. */
static void test_random_against_reference(void **state)
{
    static const uint8_t octets[] = {0, 1, 2, 3, 0x7F, 0x80, 0xFF, 'a', 0x00, 0x01};
    uint8_t in[24];
    int round;
    (void)state;
    for (round = 0; round < 20000; round++) {
        size_t len = rnd() % sizeof in, i;
        uint8_t *g;
        for (i = 0; i < len; i++)
            in[i] = octets[rnd() % sizeof octets];
        g = guard_copy(in, len);
        check_parse(g, len, ref_count_pairs(g, len, NULL, 0));
        guard_free(g, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_vectors),
        cmocka_unit_test(test_build_length_forms),
        cmocka_unit_test(test_build_limits),
        cmocka_unit_test(test_parse_vectors),
        cmocka_unit_test(test_parse_every_prefix),
        cmocka_unit_test(test_parse_max),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_random_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
