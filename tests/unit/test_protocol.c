// SPDX-License-Identifier: MIT
/* test_protocol.c - headers, bodies, records, streams, begin/end request
 * messages, record lengths, names and type classes (codec/src/protocol.c
 * and names.c), against Net::FastCGI's behaviour.
 *
 * Expected octets are either written out by hand or produced by ref_*()
 * below, a deliberately naive transcription of PP.pm's loops (string
 * concatenation into a big buffer), independent of the codec's writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "guard.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

static uint32_t rng_state = 0x12345678u;

static uint8_t rnd8(void) { return (uint8_t)testutil_xorshift32(&rng_state); }

static void fill_random(uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = rnd8();
}


/* Perl: pack('CCnnCx', 1, @_) */
static size_t ref_header(uint8_t *o, unsigned type, unsigned id, unsigned clen, unsigned plen)
{
    o[0] = 1;
    o[1] = (uint8_t)type;
    o[2] = (uint8_t)(id >> 8);
    o[3] = (uint8_t)id;
    o[4] = (uint8_t)(clen >> 8);
    o[5] = (uint8_t)clen;
    o[6] = (uint8_t)plen;
    o[7] = 0;
    return 8;
}

/* PP.pm build_record */
static size_t ref_record(uint8_t *o, unsigned type, unsigned id, const uint8_t *c, size_t clen)
{
    size_t plen = (8 - (clen % 8)) % 8;
    size_t n = ref_header(o, type, id, (unsigned)clen, (unsigned)plen);
    if (clen)
        memcpy(o + n, c, clen);
    n += clen;
    memset(o + n, 0, plen);
    return n + plen;
}

/* PP.pm build_stream, loop for loop */
static size_t ref_stream(uint8_t *o, unsigned type, unsigned id, const uint8_t *c, size_t len,
                         int terminate)
{
    size_t n = 0, off = 0;
    if (len) {
        if (len < 32760) {
            n += ref_record(o + n, type, id, c, len);
        } else {
            while (len >= 32760) {
                n += ref_header(o + n, type, id, 32760, 0);
                memcpy(o + n, c + off, 32760);
                n += 32760;
                len -= 32760;
                off += 32760;
            }
            if (len)
                n += ref_record(o + n, type, id, c + off, len);
        }
    }
    if (terminate)
        n += ref_header(o + n, type, id, 0, 0);
    return n;
}

/* PP.pm build_params for one pair */
static size_t ref_pair(uint8_t *o, const char *name, size_t nlen, const char *value, size_t vlen)
{
    size_t n = 0, i;
    size_t lens[2] = {nlen, vlen};
    for (i = 0; i < 2; i++) {
        if (lens[i] < 0x80) {
            o[n++] = (uint8_t)lens[i];
        } else {
            o[n++] = (uint8_t)((lens[i] >> 24) | 0x80);
            o[n++] = (uint8_t)(lens[i] >> 16);
            o[n++] = (uint8_t)(lens[i] >> 8);
            o[n++] = (uint8_t)lens[i];
        }
    }
    memcpy(o + n, name, nlen);
    n += nlen;
    memcpy(o + n, value, vlen);
    return n + vlen;
}

/* The builder convention, checked for one builder call:
 *   NULL buffer -> OK and the size;
 *   every cap below the size (or a sample of them for big messages) ->
 *     FCGI_E_BUFFER_TOO_SMALL, *len = size, not one octet written;
 *   exact cap and a larger one -> OK, the expected octets, nothing after. */
typedef fcgi_status (*build_fn)(void *buf, size_t cap, size_t *len, const void *ctx);

static void check_builder(build_fn fn, const void *ctx, const uint8_t *want, size_t want_len)
{
    size_t len = 12345, cap;
    uint8_t *buf = testutil_xmalloc(want_len + 16);
    int every = want_len <= 1024;

    assert_int_equal(fn(NULL, 0, &len, ctx), FCGI_OK);
    assert_int_equal(len, want_len);
    len = 12345;
    assert_int_equal(fn(NULL, 1u << 20, &len, ctx), FCGI_OK);
    assert_int_equal(len, want_len);

    for (cap = 0; cap < want_len; cap++) {
        size_t i;
        if (!every && cap > 17 && cap + 17 < want_len && cap % 4099 != 0)
            continue;
        memset(buf, 0xA5, want_len + 16);
        len = 12345;
        assert_int_equal(fn(buf, cap, &len, ctx), FCGI_E_BUFFER_TOO_SMALL);
        assert_int_equal(len, want_len);
        for (i = 0; i < want_len + 16; i++)
            if (buf[i] != 0xA5)
                fail_msg("builder wrote at %zu with cap %zu", i, cap);
    }
    for (cap = want_len; cap <= want_len + 16; cap += 16) {
        size_t i;
        memset(buf, 0xA5, want_len + 16);
        len = 12345;
        assert_int_equal(fn(buf, cap, &len, ctx), FCGI_OK);
        assert_int_equal(len, want_len);
        if (want_len)
            assert_memory_equal(buf, want, want_len);
        for (i = want_len; i < want_len + 16; i++)
            assert_int_equal(buf[i], 0xA5);
    }
    free(buf);
}

/* ---- FCGI_Header ------------------------------------------------------- */

struct header_args {
    uint8_t type;
    uint16_t id;
    uint16_t clen;
    uint8_t plen;
};

static fcgi_status call_build_header(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct header_args *a = ctx;
    return fcgi_build_header(buf, cap, a->type, a->id, a->clen, a->plen, len);
}

static void test_build_header(void **state)
{
    static const struct {
        struct header_args a;
        uint8_t want[8];
    } v[] = {
        {{0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0}},
        {{1, 1, 8, 0}, {1, 1, 0, 1, 0, 8, 0, 0}},
        {{6, 0x1234, 0xABCD, 3}, {1, 6, 0x12, 0x34, 0xAB, 0xCD, 3, 0}},
        {{255, 0xFFFF, 0xFFFF, 255}, {1, 255, 0xFF, 0xFF, 0xFF, 0xFF, 255, 0}},
        {{11, 0, 8, 0}, {1, 11, 0, 0, 0, 8, 0, 0}},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        check_builder(call_build_header, &v[i].a, v[i].want, 8);
}

static void test_parse_header(void **state)
{
    static const struct {
        uint8_t in[10];
        size_t len;
        fcgi_status st;
        fcgi_header h;
    } v[] = {
        {{1, 6, 0x12, 0x34, 0xAB, 0xCD, 3, 0}, 8, FCGI_OK, {1, 6, 0x1234, 0xABCD, 3, 0}},
        /* the reserved octet is reported, never checked */
        {{1, 6, 0x12, 0x34, 0xAB, 0xCD, 3, 0xFF}, 8, FCGI_OK, {1, 6, 0x1234, 0xABCD, 3, 0xFF}},
        {{1, 0, 0, 0, 0, 0, 0, 0}, 8, FCGI_OK, {1, 0, 0, 0, 0, 0}},
        {{1, 255, 255, 255, 255, 255, 255, 255}, 8, FCGI_OK, {1, 255, 0xFFFF, 0xFFFF, 255, 255}},
        /* longer input: only the first 8 octets count */
        {{1, 5, 0, 1, 0, 2, 6, 0, 'x', 'y'}, 10, FCGI_OK, {1, 5, 1, 2, 6, 0}},
        /* version != 1 */
        {{0, 1, 0, 1, 0, 8, 0, 0}, 8, FCGI_E_VERSION, {0, 1, 1, 8, 0, 0}},
        {{2, 1, 0, 1, 0, 8, 0, 0}, 8, FCGI_E_VERSION, {2, 1, 1, 8, 0, 0}},
        {{255, 1, 0, 1, 0, 8, 0, 0}, 8, FCGI_E_VERSION, {255, 1, 1, 8, 0, 0}},
    };
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (k = 0; k <= v[i].len; k++) {
            uint8_t *g = guard_copy(v[i].in, k);
            fcgi_header h;
            memset(&h, 0xEE, sizeof h);
            if (k < 8) {
                assert_int_equal(fcgi_parse_header(g, k, &h), FCGI_E_SHORT_HEADER);
            } else {
                assert_int_equal(fcgi_parse_header(g, k, &h), v[i].st);
                assert_int_equal(h.version, v[i].h.version);
                assert_int_equal(h.type, v[i].h.type);
                assert_int_equal(h.request_id, v[i].h.request_id);
                assert_int_equal(h.content_length, v[i].h.content_length);
                assert_int_equal(h.padding_length, v[i].h.padding_length);
                assert_int_equal(h.reserved, v[i].h.reserved);
            }
            guard_free(g, k);
        }
    }
    /* NULL with no octets is just short */
    {
        fcgi_header h;
        assert_int_equal(fcgi_parse_header(NULL, 0, &h), FCGI_E_SHORT_HEADER);
    }
}

static void test_get_record_length(void **state)
{
    static const struct {
        uint8_t in[8];
        size_t want;
    } v[] = {
        {{1, 1, 0, 1, 0, 0, 0, 0}, 8},
        {{1, 6, 0, 1, 0, 5, 3, 0}, 16},
        {{1, 6, 0, 1, 0xFF, 0xFF, 0xFF, 0}, 8 + 65535 + 255},
        {{1, 6, 0, 1, 0x80, 0x00, 0, 0xFF}, 8 + 32768},
        /* the version is not checked */
        {{0, 6, 0, 1, 0, 8, 0, 0}, 16},
        {{9, 6, 0, 1, 1, 0, 7, 0}, 8 + 256 + 7},
    };
    size_t i, k;
    (void)state;
    assert_int_equal(fcgi_get_record_length(NULL, 0), 0);
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (k = 0; k <= 8; k++) {
            uint8_t *g = guard_copy(v[i].in, k);
            assert_int_equal(fcgi_get_record_length(g, k), k < 8 ? 0 : v[i].want);
            guard_free(g, k);
        }
    }
}

/* ---- discrete bodies --------------------------------------------------- */

struct body_args {
    int kind; /* 0 begin, 1 end, 2 unknown type, 3.. records */
    uint32_t a;
    uint32_t b;
    uint16_t id;
};

static fcgi_status call_build_body(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct body_args *x = ctx;
    switch (x->kind) {
    case 0:
        return fcgi_build_begin_request_body(buf, cap, (uint16_t)x->a, (uint8_t)x->b, len);
    case 1:
        return fcgi_build_end_request_body(buf, cap, x->a, (uint8_t)x->b, len);
    case 2:
        return fcgi_build_unknown_type_body(buf, cap, (uint8_t)x->a, len);
    case 3:
        return fcgi_build_begin_request_record(buf, cap, x->id, (uint16_t)x->a, (uint8_t)x->b, len);
    case 4:
        return fcgi_build_end_request_record(buf, cap, x->id, x->a, (uint8_t)x->b, len);
    default:
        return fcgi_build_unknown_type_record(buf, cap, (uint8_t)x->a, len);
    }
}

static void test_build_bodies_and_records(void **state)
{
    static const struct {
        struct body_args a;
        size_t len;
        uint8_t want[16];
    } v[] = {
        {{0, FCGI_RESPONDER, FCGI_KEEP_CONN, 0}, 8, {0, 1, 1, 0, 0, 0, 0, 0}},
        {{0, 0, 0, 0}, 8, {0}},
        {{0, 0xFFFF, 0xFF, 0}, 8, {0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0}},
        {{0, 0x1234, 0xFE, 0}, 8, {0x12, 0x34, 0xFE, 0, 0, 0, 0, 0}},
        {{1, 0xDEADBEEF, 3, 0}, 8, {0xDE, 0xAD, 0xBE, 0xEF, 3, 0, 0, 0}},
        {{1, 0, 0, 0}, 8, {0}},
        {{1, 0xFFFFFFFF, 0xFF, 0}, 8, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0}},
        {{2, 0xAB, 0, 0}, 8, {0xAB, 0, 0, 0, 0, 0, 0, 0}},
        {{2, 0, 0, 0}, 8, {0}},
        {{3, FCGI_RESPONDER, FCGI_KEEP_CONN, 1}, 16,
         {1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0}},
        {{3, FCGI_FILTER, 0, 0xFFFF}, 16,
         {1, 1, 0xFF, 0xFF, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0}},
        {{4, 0xFFFFFFFF, 255, 0xFFFF}, 16,
         {1, 3, 0xFF, 0xFF, 0, 8, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0}},
        {{4, 0, FCGI_REQUEST_COMPLETE, 7}, 16, {1, 3, 0, 7, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {{5, 0x80, 0, 0}, 16, {1, 11, 0, 0, 0, 8, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0}},
        {{5, 0, 0, 0}, 16, {1, 11, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        check_builder(call_build_body, &v[i].a, v[i].want, v[i].len);
}

static void test_parse_bodies(void **state)
{
    /* reserved octets are garbage on purpose: they must be ignored */
    static const uint8_t in[9] = {0x12, 0x34, 0xFE, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22};
    size_t k;
    (void)state;
    for (k = 0; k <= sizeof in; k++) {
        uint8_t *g = guard_copy(in, k);
        fcgi_begin_request_body b;
        fcgi_end_request_body e;
        uint8_t t = 0;
        if (k < 8) {
            assert_int_equal(fcgi_parse_begin_request_body(g, k, &b),
                             FCGI_E_SHORT_BEGIN_REQUEST_BODY);
            assert_int_equal(fcgi_parse_end_request_body(g, k, &e), FCGI_E_SHORT_END_REQUEST_BODY);
            assert_int_equal(fcgi_parse_unknown_type_body(g, k, &t),
                             FCGI_E_SHORT_UNKNOWN_TYPE_BODY);
        } else {
            assert_int_equal(fcgi_parse_begin_request_body(g, k, &b), FCGI_OK);
            assert_int_equal(b.role, 0x1234);
            assert_int_equal(b.flags, 0xFE);
            assert_int_equal(fcgi_parse_end_request_body(g, k, &e), FCGI_OK);
            assert_int_equal(e.app_status, 0x1234FE77u);
            assert_int_equal(e.protocol_status, 0x66);
            assert_int_equal(fcgi_parse_unknown_type_body(g, k, &t), FCGI_OK);
            assert_int_equal(t, 0x12);
        }
        guard_free(g, k);
    }
}

/* ---- build_record ------------------------------------------------------ */

struct record_args {
    uint8_t type;
    uint16_t id;
    const uint8_t *content;
    size_t len;
};

static fcgi_status call_build_record(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct record_args *a = ctx;
    return fcgi_build_record(buf, cap, a->type, a->id, a->content, a->len, len);
}

static void test_build_record_vectors(void **state)
{
    static const uint8_t hello[] = {1, 6, 0, 1, 0, 5, 3, 0, 'H', 'e', 'l', 'l', 'o', 0, 0, 0};
    static const uint8_t empty[] = {1, 5, 0, 2, 0, 0, 0, 0};
    static const uint8_t eight[] = {1, 8, 0xFF, 0xFF, 0, 8, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    struct record_args a1 = {6, 1, (const uint8_t *)"Hello", 5};
    struct record_args a2 = {5, 2, NULL, 0};
    struct record_args a3 = {8, 0xFFFF, eight + 8, 8};
    (void)state;
    check_builder(call_build_record, &a1, hello, sizeof hello);
    check_builder(call_build_record, &a2, empty, sizeof empty);
    check_builder(call_build_record, &a3, eight, sizeof eight);
}

/* Padding (8 - len % 8) % 8 for every length from 0 to 300, and the big
 * lengths, against the reference. */
static void test_build_record_padding(void **state)
{
    static const size_t big[] = {1023, 1024, 4095, 32759, 32760, 32761, 65528, 65529, 65534, 65535};
    uint8_t *content = testutil_xmalloc(65535);
    uint8_t *want = testutil_xmalloc(65535 + 16);
    size_t n;
    (void)state;
    fill_random(content, 65535);
    for (n = 0; n <= 300 + sizeof big / sizeof big[0]; n++) {
        size_t len = n <= 300 ? n : big[n - 301];
        struct record_args a = {(uint8_t)(len % 256), (uint16_t)(len * 7), content, len};
        size_t wl = ref_record(want, a.type, a.id, content, len);
        assert_int_equal(wl, 8 + len + (8 - len % 8) % 8);
        assert_int_equal(wl % 8, 0);
        check_builder(call_build_record, &a, want, wl);
    }
    free(content);
    free(want);
}

static void test_build_record_errors(void **state)
{
    uint8_t *content = testutil_xmalloc(65536);
    uint8_t buf[32];
    size_t len;
    (void)state;
    memset(content, 'x', 65536);
    /* argument errors come before the size check, also for size queries */
    len = 99;
    assert_int_equal(fcgi_build_record(NULL, 0, 6, 1, content, 65536, &len),
                     FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_build_record(buf, sizeof buf, 6, 1, content, 65536, &len),
                     FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_build_record(buf, sizeof buf, 6, 1, content, SIZE_MAX, &len),
                     FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_build_record(buf, sizeof buf, 6, 1, NULL, 3, &len),
                     FCGI_E_INVALID_ARGUMENT);
    free(content);
}

/* ---- parse_record_body / parse_record ---------------------------------- */

/* The rules of each known type restated as data: which request id (1
 * non-zero, 0 zero, -1 any), which length (-1 any), params content, and
 * the status that names the type. */
static const struct {
    int id;
    int len;
    int params;
    fcgi_status bad;
} rule[12] = {
    {-1, -1, 0, FCGI_OK},
    {1, 8, 0, FCGI_E_MALFORMED_BEGIN_REQUEST},
    {1, 0, 0, FCGI_E_MALFORMED_ABORT_REQUEST},
    {1, 8, 0, FCGI_E_MALFORMED_END_REQUEST},
    {1, -1, 0, FCGI_E_MALFORMED_PARAMS},
    {1, -1, 0, FCGI_E_MALFORMED_STDIN},
    {1, -1, 0, FCGI_E_MALFORMED_STDOUT},
    {1, -1, 0, FCGI_E_MALFORMED_STDERR},
    {1, -1, 0, FCGI_E_MALFORMED_DATA},
    {0, -1, 1, FCGI_E_MALFORMED_GET_VALUES},
    {0, -1, 1, FCGI_E_MALFORMED_GET_VALUES_RESULT},
    {0, 8, 0, FCGI_E_MALFORMED_UNKNOWN_TYPE},
};

/* What parse_record_body answers, from the table. */
static fcgi_status expected_body_status(uint8_t type, uint16_t id, const uint8_t *c, size_t len)
{
    int r = type <= 11 ? type : 0;
    if (len > 65535)
        return FCGI_E_CONTENT_TOO_LONG;
    if (rule[r].id == 1 && id == 0)
        return rule[r].bad;
    if (rule[r].id == 0 && id != 0)
        return rule[r].bad;
    if (rule[r].len >= 0 && len != (size_t)rule[r].len)
        return rule[r].bad;
    if (rule[r].params && !fcgi_check_params(c, len))
        return FCGI_E_SHORT_NAME_VALUE_PAIR;
    return FCGI_OK;
}

static void check_record_fields(const fcgi_record *r, uint8_t type, uint16_t id,
                                const uint8_t *c, size_t len)
{
    assert_int_equal(r->type, type);
    assert_int_equal(r->request_id, id);
    assert_ptr_equal(r->content.data, c);
    assert_int_equal(r->content.len, len);
    assert_int_equal(r->role, type == FCGI_BEGIN_REQUEST ? (c[0] << 8 | c[1]) : 0);
    assert_int_equal(r->flags, type == FCGI_BEGIN_REQUEST ? c[2] : 0);
    assert_int_equal(r->app_status,
                     type == FCGI_END_REQUEST
                         ? ((uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3])
                         : 0);
    assert_int_equal(r->protocol_status, type == FCGI_END_REQUEST ? c[4] : 0);
    assert_int_equal(r->unknown_type, type == FCGI_UNKNOWN_TYPE ? c[0] : 0);
}

static void test_parse_record_body_table(void **state)
{
    static const uint8_t zeros[9] = {0};
    static const uint8_t pattern[9] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99};
    static const uint8_t pairs[8] = {2, 1, 'A', 'B', 'C', 1, 0, 'D'}; /* AB=C, D= */
    static const uint8_t *const contents[] = {zeros, pattern, pairs};
    static const uint16_t ids[] = {0, 1, 0xFFFF};
    static const size_t lens[] = {0, 1, 7, 8, 9};
    unsigned type;
    size_t c, i, l;
    (void)state;
    for (type = 0; type < 256; type++)
        for (c = 0; c < 3; c++)
            for (i = 0; i < 3; i++)
                for (l = 0; l < 5; l++) {
                    size_t len = lens[l];
                    uint8_t *g;
                    fcgi_record r;
                    fcgi_status want, got;
                    if (c == 2 && len > 8)
                        continue;
                    g = guard_copy(contents[c], len);
                    want = expected_body_status((uint8_t)type, ids[i], g, len);
                    got = fcgi_parse_record_body((uint8_t)type, ids[i], g, len, &r);
                    if (got != want)
                        fail_msg("type %u id %u len %zu content %zu: got %s want %s", type,
                                 ids[i], len, c, fcgi_status_name(got), fcgi_status_name(want));
                    if (got == FCGI_OK)
                        check_record_fields(&r, (uint8_t)type, ids[i], g, len);
                    guard_free(g, len);
                }
}

/* fcgi_check_request_id() and fcgi_check_content_length() name the rule
 * a record breaks, for every type, and parse_record_body() refuses a
 * record of a known type exactly when one of them does. */
static void test_record_rules(void **state)
{
    static const uint16_t ids[] = {0, 1, 0x100, 0xFFFF};
    static const size_t lens[] = {0, 1, 7, 8, 9, 16, 65535, 65536, SIZE_MAX};
    static const uint8_t content[16] = {0};
    (void)state;
    for (unsigned type = 0; type < 256; type++) {
        const int r = type <= 11 ? (int)type : 0;
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            fcgi_status want_id = FCGI_OK;
            if (rule[r].id == 1 && ids[i] == 0)
                want_id = FCGI_E_REQUEST_ID_NULL;
            if (rule[r].id == 0 && ids[i] != 0)
                want_id = FCGI_E_REQUEST_ID_NOT_NULL;
            assert_int_equal(fcgi_check_request_id((uint8_t)type, ids[i]), want_id);
            for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
                const size_t len = lens[l];
                fcgi_status want_len = FCGI_OK;
                if (len > 65535)
                    want_len = FCGI_E_CONTENT_TOO_LONG;
                else if (rule[r].len >= 0 && len != (size_t)rule[r].len)
                    want_len = FCGI_E_CONTENT_LENGTH;
                assert_int_equal(fcgi_check_content_length((uint8_t)type, len), want_len);
                if (len > sizeof content || rule[r].params)
                    continue;
                fcgi_record rec;
                const fcgi_status got =
                    fcgi_parse_record_body((uint8_t)type, ids[i], content, len, &rec);
                if (r == 0)
                    assert_int_equal(got, FCGI_OK);
                else if (want_id != FCGI_OK || want_len != FCGI_OK)
                    assert_int_equal(got, rule[r].bad);
                else
                    assert_int_equal(got, FCGI_OK);
            }
        }
    }
}

static void test_parse_record_body_specifics(void **state)
{
    static const uint8_t begin[8] = {0, 1, 1, 0, 0, 0, 0, 0};
    static const uint8_t end[8] = {0xFF, 0xFF, 0xFF, 0xFE, 3, 9, 9, 9};
    static const uint8_t bad_pair[3] = {5, 0, 'a'};
    uint8_t *big = testutil_xmalloc(65536);
    fcgi_record r;
    (void)state;
    memset(big, 0, 65536);

    assert_int_equal(fcgi_parse_record_body(FCGI_BEGIN_REQUEST, 1, begin, 8, &r), FCGI_OK);
    assert_int_equal(r.role, FCGI_RESPONDER);
    assert_int_equal(r.flags, FCGI_KEEP_CONN);
    assert_int_equal(fcgi_parse_record_body(FCGI_END_REQUEST, 9, end, 8, &r), FCGI_OK);
    assert_int_equal(r.app_status, 0xFFFFFFFEu);
    assert_int_equal(r.protocol_status, 3);
    /* ABORT_REQUEST with content, GET_VALUES with bad pairs */
    assert_int_equal(fcgi_parse_record_body(FCGI_ABORT_REQUEST, 1, begin, 1, &r),
                     FCGI_E_MALFORMED_ABORT_REQUEST);
    assert_int_equal(fcgi_parse_record_body(FCGI_ABORT_REQUEST, 1, NULL, 0, &r), FCGI_OK);
    assert_int_equal(fcgi_parse_record_body(FCGI_GET_VALUES, 0, bad_pair, 3, &r),
                     FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_int_equal(fcgi_parse_record_body(FCGI_GET_VALUES_RESULT, 0, bad_pair, 3, &r),
                     FCGI_E_SHORT_NAME_VALUE_PAIR);
    /* the id is checked before the pairs */
    assert_int_equal(fcgi_parse_record_body(FCGI_GET_VALUES, 1, bad_pair, 3, &r),
                     FCGI_E_MALFORMED_GET_VALUES);
    /* 65535 is fine, 65536 is not, whatever the type */
    assert_int_equal(fcgi_parse_record_body(FCGI_STDIN, 1, big, 65535, &r), FCGI_OK);
    assert_int_equal(r.content.len, 65535);
    assert_int_equal(fcgi_parse_record_body(FCGI_STDIN, 1, big, 65536, &r),
                     FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_parse_record_body(FCGI_BEGIN_REQUEST, 0, big, 65536, &r),
                     FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_parse_record_body(200, 0, big, 65536, &r), FCGI_E_CONTENT_TOO_LONG);
    assert_int_equal(fcgi_parse_record_body(FCGI_STDIN, 1, NULL, 5, &r), FCGI_E_INVALID_ARGUMENT);
    /* unknown types pass their content through, any id */
    assert_int_equal(fcgi_parse_record_body(0, 0, end, 8, &r), FCGI_OK);
    assert_ptr_equal(r.content.data, end);
    assert_int_equal(fcgi_parse_record_body(12, 1, end, 3, &r), FCGI_OK);
    assert_int_equal(r.content.len, 3);
    free(big);
}

struct parse_ctx {
    uint8_t type;
    uint16_t id;
    size_t clen;
    size_t rlen;
    fcgi_status full; /* status once header + content are present */
    const uint8_t *content;
};

/* every prefix of a record: short header, short record, then the body's
 * verdict, whether the padding is there or not */
static void parse_prefix_cb(const uint8_t *buf, size_t len, void *vctx)
{
    const struct parse_ctx *x = vctx;
    fcgi_record r;
    size_t rl = 777;
    fcgi_status st = fcgi_parse_record(buf, len, &r, &rl);

    if (len < 8) {
        assert_int_equal(st, FCGI_E_SHORT_HEADER);
        assert_int_equal(rl, 0);
        return;
    }
    assert_int_equal(rl, x->rlen);
    if (len < 8 + x->clen) {
        assert_int_equal(st, FCGI_E_SHORT_RECORD);
        return;
    }
    assert_int_equal(st, x->full);
    if (st == FCGI_OK) {
        check_record_fields(&r, x->type, x->id, buf + 8, x->clen);
        if (x->clen)
            assert_memory_equal(r.content.data, x->content, x->clen);
    }
}

/* build -> parse for all record types, with random contents */
static void test_record_round_trip(void **state)
{
    static const size_t lens[] = {0, 1, 7, 8, 127, 128, 32759, 32760, 65535};
    uint8_t *content = testutil_xmalloc(65535);
    uint8_t *rec = testutil_xmalloc(65535 + 16);
    unsigned type;
    size_t l;
    (void)state;
    for (type = 0; type <= 14; type++) {
        uint8_t t = (uint8_t)(type <= 12 ? type : type == 13 ? 128 : 255);
        for (l = 0; l < sizeof lens / sizeof lens[0]; l++) {
            int idv;
            for (idv = 0; idv < 2; idv++) {
                size_t len = lens[l], rl;
                uint16_t id = (uint16_t)(idv ? 0x1234 + l : 0);
                struct parse_ctx x;
                uint8_t *g;
                fill_random(content, len);
                assert_int_equal(fcgi_build_record(rec, 65535 + 16, t, id, content, len, &rl),
                                 FCGI_OK);
                x.type = t;
                x.id = id;
                x.clen = len;
                x.rlen = rl;
                x.content = content;
                x.full = expected_body_status(t, id, content, len);
                if (len <= 128) {
                    guard_each_prefix(rec, rl, parse_prefix_cb, &x);
                } else {
                    size_t cut[] = {7, 8, 8 + len - 1, 8 + len, rl};
                    size_t c;
                    for (c = 0; c < 5; c++) {
                        g = guard_copy(rec, cut[c]);
                        parse_prefix_cb(g, cut[c], &x);
                        guard_free(g, cut[c]);
                    }
                }
            }
        }
    }
    /* a well-formed GET_VALUES round trip too */
    {
        static const uint8_t gv[] = {14, 0, 'F', 'C', 'G', 'I', '_', 'M', 'A', 'X', '_',
                                     'C', 'O', 'N', 'N', 'S'};
        struct parse_ctx x = {FCGI_GET_VALUES, 0, sizeof gv, 0, FCGI_OK, gv};
        size_t rl;
        assert_int_equal(fcgi_build_record(rec, 64, FCGI_GET_VALUES, 0, gv, sizeof gv, &rl),
                         FCGI_OK);
        x.rlen = rl;
        guard_each_prefix(rec, rl, parse_prefix_cb, &x);
    }
    free(content);
    free(rec);
}

static void test_parse_record_version(void **state)
{
    uint8_t rec[16] = {2, 6, 0, 1, 0, 1, 7, 0, 'x', 0, 0, 0, 0, 0, 0, 0};
    fcgi_record r;
    size_t rl = 0;
    uint8_t *g = guard_copy(rec, sizeof rec);
    (void)state;
    assert_int_equal(fcgi_parse_record(g, sizeof rec, &r, &rl), FCGI_E_VERSION);
    assert_int_equal(rl, 16);
    assert_int_equal(fcgi_parse_record(g, sizeof rec, &r, NULL), FCGI_E_VERSION);
    guard_free(g, sizeof rec);
    rec[0] = 1;
    g = guard_copy(rec, sizeof rec);
    assert_int_equal(fcgi_parse_record(g, sizeof rec, &r, NULL), FCGI_OK);
    assert_int_equal(r.content.len, 1);
    assert_int_equal(r.content.data[0], 'x');
    guard_free(g, sizeof rec);
}

/* ---- streams ----------------------------------------------------------- */

struct stream_args {
    uint8_t type;
    uint16_t id;
    const uint8_t *content;
    size_t len;
    bool terminate;
};

static fcgi_status call_build_stream(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct stream_args *a = ctx;
    return fcgi_build_stream(buf, cap, a->type, a->id, a->content, a->len, a->terminate, len);
}

static void test_build_stream(void **state)
{
    static const struct {
        size_t len;
        size_t size; /* without terminator */
    } v[] = {
        {0, 0},
        {1, 16},
        {7, 16},
        {8, 16},
        {9, 24},
        {32759, 8 + 32759 + 1},
        {32760, 32768},
        {32761, 32768 + 16},
        {65519, 32768 + 8 + 32759 + 1},
        {65520, 65536},
        {65521, 65536 + 16},
        {98280, 3 * 32768},
        {100000, 3 * 32768 + 8 + 1720},
        {200003, 6 * 32768 + 8 + 3443 + 5},
    };
    uint8_t *content = testutil_xmalloc(200003);
    uint8_t *want = testutil_xmalloc(200003 + 7 * 8 + 16);
    size_t i;
    int term;
    (void)state;
    fill_random(content, 200003);
    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        for (term = 0; term < 2; term++) {
            struct stream_args a = {FCGI_STDOUT, 0x0102, content, v[i].len, term != 0};
            size_t wl = ref_stream(want, a.type, a.id, content, v[i].len, term);
            assert_int_equal(wl, v[i].size + (term ? 8 : 0));
            check_builder(call_build_stream, &a, want, wl);
        }
    /* the empty stream without terminate is nothing at all, even with NULL */
    {
        size_t len = 5;
        assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, NULL, 0, false, &len), FCGI_OK);
        assert_int_equal(len, 0);
        assert_int_equal(fcgi_build_stream(want, 0, FCGI_STDIN, 1, NULL, 0, false, &len), FCGI_OK);
        assert_int_equal(len, 0);
        assert_int_equal(fcgi_build_stream(want, 7, FCGI_STDIN, 1, NULL, 0, true, &len),
                         FCGI_E_BUFFER_TOO_SMALL);
        assert_int_equal(len, 8);
        assert_int_equal(fcgi_build_stream(want, 8, FCGI_STDIN, 1, NULL, 0, true, &len), FCGI_OK);
        assert_memory_equal(want, "\x01\x05\x00\x01\x00\x00\x00\x00", 8);
        assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, NULL, 3, true, &len),
                         FCGI_E_INVALID_ARGUMENT);
    }
    /* a stream bigger than one record is fine: the size query works for
     * lengths that could never be allocated, without reading the content */
    {
        size_t len = 0;
        size_t huge = (size_t)32760 * 1000000 + 1;
        assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, content, huge, true, &len),
                         FCGI_OK);
        assert_int_equal(len, (size_t)32768 * 1000000 + 16 + 8);
        assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, content, SIZE_MAX, true, &len),
                         FCGI_E_INVALID_ARGUMENT);
    }
    free(content);
    free(want);
}

/* ---- begin/end request messages ----------------------------------------- */

struct begin_args {
    uint16_t id;
    uint16_t role;
    uint8_t flags;
    const fcgi_nv_pair *params;
    size_t n;
    const fcgi_span *in;
    const fcgi_span *data;
};

static fcgi_status call_build_begin(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct begin_args *a = ctx;
    return fcgi_build_begin_request(buf, cap, a->id, a->role, a->flags, a->params, a->n, a->in,
                                    a->data, len);
}

struct end_args {
    uint16_t id;
    uint32_t app;
    uint8_t ps;
    const fcgi_span *out;
    const fcgi_span *err;
};

static fcgi_status call_build_end(void *buf, size_t cap, size_t *len, const void *ctx)
{
    const struct end_args *a = ctx;
    return fcgi_build_end_request(buf, cap, a->id, a->app, a->ps, a->out, a->err, len);
}

static void test_build_begin_request_vector(void **state)
{
    static const uint8_t want[] = {
        1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, /* BEGIN_REQUEST */
        1, 4, 0, 1, 0, 4, 4, 0, 1, 1, 'A', '1', 0, 0, 0, 0, /* PARAMS A=1 */
        1, 4, 0, 1, 0, 0, 0, 0, /* PARAMS end */
        1, 5, 0, 1, 0, 0, 0, 0, /* STDIN end */
    };
    static const uint8_t want_data[] = {
        1, 1, 0, 9, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, /* BEGIN_REQUEST FILTER */
        1, 4, 0, 9, 0, 0, 0, 0, /* PARAMS: empty */
        1, 5, 0, 9, 0, 2, 6, 0, 'i', 'n', 0, 0, 0, 0, 0, 0, /* STDIN */
        1, 5, 0, 9, 0, 0, 0, 0,
        1, 8, 0, 9, 0, 1, 7, 0, 'd', 0, 0, 0, 0, 0, 0, 0, /* DATA */
        1, 8, 0, 9, 0, 0, 0, 0,
    };
    static const uint8_t want_bare[] = {
        1, 1, 0, 2, 0, 8, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,
        1, 4, 0, 2, 0, 0, 0, 0,
    };
    fcgi_nv_pair p = {{(const uint8_t *)"A", 1}, {(const uint8_t *)"1", 1}};
    fcgi_span empty = {NULL, 0};
    fcgi_span in = {(const uint8_t *)"in", 2};
    fcgi_span d = {(const uint8_t *)"d", 1};
    struct begin_args a = {1, FCGI_RESPONDER, FCGI_KEEP_CONN, &p, 1, &empty, NULL};
    struct begin_args b = {9, FCGI_FILTER, 0, NULL, 0, &in, &d};
    struct begin_args c = {2, FCGI_AUTHORIZER, 0, NULL, 0, NULL, NULL};
    (void)state;
    check_builder(call_build_begin, &a, want, sizeof want);
    check_builder(call_build_begin, &b, want_data, sizeof want_data);
    check_builder(call_build_begin, &c, want_bare, sizeof want_bare);
}

/* Params, stdin and data big enough to span several records each,
 * against the reference built piece by piece. */
static void test_build_begin_request_big(void **state)
{
    size_t nlen = 200, vlen = 70000, inlen = 70001, dlen = 32760, wl = 0, plen;
    char *name = (char *)testutil_xmalloc(nlen), *value = (char *)testutil_xmalloc(vlen);
    uint8_t *in = testutil_xmalloc(inlen), *data = testutil_xmalloc(dlen);
    uint8_t *params = testutil_xmalloc(nlen + vlen + 64);
    uint8_t *want = testutil_xmalloc(400000);
    fcgi_nv_pair pr[3];
    fcgi_span s_in = {in, inlen}, s_data = {data, dlen};
    (void)state;
    fill_random((uint8_t *)name, nlen);
    fill_random((uint8_t *)value, vlen);
    fill_random(in, inlen);
    fill_random(data, dlen);
    pr[0] = (fcgi_nv_pair){{(const uint8_t *)"SHORT", 5}, {(const uint8_t *)"v", 1}};
    pr[1] = (fcgi_nv_pair){{(const uint8_t *)name, nlen}, {(const uint8_t *)value, vlen}};
    pr[2] = (fcgi_nv_pair){{(const uint8_t *)"", 0}, {NULL, 0}};
    plen = ref_pair(params, "SHORT", 5, "v", 1);
    plen += ref_pair(params + plen, name, nlen, value, vlen);
    plen += ref_pair(params + plen, "", 0, "", 0);

    wl += ref_record(want, FCGI_BEGIN_REQUEST, 300, (const uint8_t *)"\x00\x01\x00\x00\x00\x00\x00\x00", 8);
    wl += ref_stream(want + wl, FCGI_PARAMS, 300, params, plen, 1);
    wl += ref_stream(want + wl, FCGI_STDIN, 300, in, inlen, 1);
    wl += ref_stream(want + wl, FCGI_DATA, 300, data, dlen, 1);
    {
        struct begin_args a = {300, FCGI_RESPONDER, 0, pr, 3, &s_in, &s_data};
        check_builder(call_build_begin, &a, want, wl);
    }
    /* end request with big stdout and stderr */
    wl = ref_stream(want, FCGI_STDOUT, 7, in, inlen, 1);
    wl += ref_stream(want + wl, FCGI_STDERR, 7, data, dlen, 1);
    wl += ref_record(want + wl, FCGI_END_REQUEST, 7, (const uint8_t *)"\x00\x00\x01\x00\x02\x00\x00\x00", 8);
    {
        struct end_args e = {7, 256, FCGI_OVERLOADED, &s_in, &s_data};
        check_builder(call_build_end, &e, want, wl);
    }
    free(name);
    free(value);
    free(in);
    free(data);
    free(params);
    free(want);
}

static void test_build_end_request_vector(void **state)
{
    static const uint8_t want_bare[] = {1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t want_full[] = {
        1, 6, 0, 1, 0, 3, 5, 0, 'o', 'u', 't', 0, 0, 0, 0, 0, /* STDOUT */
        1, 6, 0, 1, 0, 0, 0, 0,
        1, 7, 0, 1, 0, 0, 0, 0, /* STDERR: empty */
        1, 3, 0, 1, 0, 8, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0,
    };
    static const uint8_t want_out[] = {
        1, 6, 0, 1, 0, 0, 0, 0,
        1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,
    };
    fcgi_span out = {(const uint8_t *)"out", 3}, empty = {NULL, 0};
    struct end_args a = {1, 0, 0, NULL, NULL};
    struct end_args b = {1, 0xFFFFFFFF, FCGI_CANT_MPX_CONN, &out, &empty};
    struct end_args c = {1, 0, FCGI_UNKNOWN_ROLE, &empty, NULL};
    (void)state;
    check_builder(call_build_end, &a, want_bare, sizeof want_bare);
    check_builder(call_build_end, &b, want_full, sizeof want_full);
    check_builder(call_build_end, &c, want_out, sizeof want_out);
}

static void test_build_message_errors(void **state)
{
    fcgi_span bad = {NULL, 4}, ok = {(const uint8_t *)"x", 1};
    fcgi_nv_pair long_name = {{(const uint8_t *)"x", (size_t)FCGI_MAX_NV_LEN + 1}, {NULL, 0}};
    fcgi_nv_pair bad_pair = {{NULL, 1}, {NULL, 0}};
    uint8_t buf[256];
    size_t len;
    (void)state;
    /* data requires stdin */
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, 1, 0, NULL, 0, NULL, &ok, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(buf, sizeof buf, 1, 1, 0, NULL, 0, NULL, &ok, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(buf, sizeof buf, 1, 1, 0, NULL, 0, &bad, NULL, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(buf, sizeof buf, 1, 1, 0, NULL, 0, &ok, &bad, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(buf, sizeof buf, 1, 1, 0, NULL, 2, NULL, NULL, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(buf, sizeof buf, 1, 1, 0, &bad_pair, 1, NULL, NULL, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, 1, 0, &long_name, 1, NULL, NULL, &len),
                     FCGI_E_NV_TOO_LONG);
    /* stderr requires stdout */
    assert_int_equal(fcgi_build_end_request(NULL, 0, 1, 0, 0, NULL, &ok, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(buf, sizeof buf, 1, 0, 0, &bad, NULL, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(buf, sizeof buf, 1, 0, 0, &ok, &bad, &len),
                     FCGI_E_INVALID_ARGUMENT);
}

/* ---- names and classes ------------------------------------------------- */

static void test_type_names(void **state)
{
    static const char *const known[12] = {
        NULL, "FCGI_BEGIN_REQUEST", "FCGI_ABORT_REQUEST", "FCGI_END_REQUEST",
        "FCGI_PARAMS", "FCGI_STDIN", "FCGI_STDOUT", "FCGI_STDERR", "FCGI_DATA",
        "FCGI_GET_VALUES", "FCGI_GET_VALUES_RESULT", "FCGI_UNKNOWN_TYPE",
    };
    unsigned t;
    (void)state;
    for (t = 0; t < 256; t++) {
        char buf[FCGI_NAME_BUF_LEN], want[16];
        const char *n;
        memset(buf, 'Z', sizeof buf);
        n = fcgi_get_type_name((uint8_t)t, buf);
        if (t >= 1 && t <= 11) {
            assert_string_equal(n, known[t]);
            assert_ptr_not_equal(n, buf);
            assert_string_equal(fcgi_get_type_name((uint8_t)t, NULL), known[t]);
        } else {
            snprintf(want, sizeof want, "0x%.2X", t);
            assert_ptr_equal(n, buf);
            assert_string_equal(n, want);
            assert_null(fcgi_get_type_name((uint8_t)t, NULL));
        }
    }
    {
        char buf[FCGI_NAME_BUF_LEN];
        assert_string_equal(fcgi_get_type_name(0, buf), "0x00");
        assert_string_equal(fcgi_get_type_name(255, buf), "0xFF");
        assert_string_equal(fcgi_get_type_name(0xAB, buf), "0xAB");
    }
}

static void test_role_names(void **state)
{
    static const char *const known[4] = {NULL, "FCGI_RESPONDER", "FCGI_AUTHORIZER", "FCGI_FILTER"};
    unsigned r;
    (void)state;
    for (r = 0; r < 65536; r++) {
        char buf[FCGI_NAME_BUF_LEN], want[16];
        const char *n = fcgi_get_role_name((uint16_t)r, buf);
        if (r >= 1 && r <= 3) {
            assert_string_equal(n, known[r]);
            assert_string_equal(fcgi_get_role_name((uint16_t)r, NULL), known[r]);
        } else {
            snprintf(want, sizeof want, "0x%.4X", r);
            assert_ptr_equal(n, buf);
            assert_string_equal(n, want);
            assert_null(fcgi_get_role_name((uint16_t)r, NULL));
        }
    }
    {
        char buf[FCGI_NAME_BUF_LEN];
        assert_string_equal(fcgi_get_role_name(0, buf), "0x0000");
        assert_string_equal(fcgi_get_role_name(65535, buf), "0xFFFF");
        assert_string_equal(fcgi_get_role_name(0x00AB, buf), "0x00AB");
    }
}

static void test_protocol_status_names(void **state)
{
    static const char *const known[4] = {"FCGI_REQUEST_COMPLETE", "FCGI_CANT_MPX_CONN",
                                         "FCGI_OVERLOADED", "FCGI_UNKNOWN_ROLE"};
    unsigned s;
    (void)state;
    for (s = 0; s < 256; s++) {
        char buf[FCGI_NAME_BUF_LEN], want[16];
        const char *n = fcgi_get_protocol_status_name((uint8_t)s, buf);
        if (s <= 3) {
            assert_string_equal(n, known[s]);
            assert_string_equal(fcgi_get_protocol_status_name((uint8_t)s, NULL), known[s]);
        } else {
            snprintf(want, sizeof want, "0x%.2X", s);
            assert_ptr_equal(n, buf);
            assert_string_equal(n, want);
            assert_null(fcgi_get_protocol_status_name((uint8_t)s, NULL));
        }
    }
    {
        char buf[FCGI_NAME_BUF_LEN];
        assert_string_equal(fcgi_get_protocol_status_name(255, buf), "0xFF");
        assert_string_equal(fcgi_get_protocol_status_name(4, buf), "0x04");
    }
}

static void test_type_classes(void **state)
{
    /* k = known, m = management, d = discrete, s = stream */
    static const char *const cls[12] = {
        "",    /* 0 */
        "kd",  /* BEGIN_REQUEST */
        "kd",  /* ABORT_REQUEST */
        "kd",  /* END_REQUEST */
        "ks",  /* PARAMS */
        "ks",  /* STDIN */
        "ks",  /* STDOUT */
        "ks",  /* STDERR */
        "ks",  /* DATA */
        "kmd", /* GET_VALUES */
        "kmd", /* GET_VALUES_RESULT */
        "kmd", /* UNKNOWN_TYPE */
    };
    unsigned t;
    (void)state;
    for (t = 0; t < 256; t++) {
        const char *c = t < 12 ? cls[t] : "";
        uint8_t u = (uint8_t)t;
        assert_int_equal(fcgi_is_known_type(u), strchr(c, 'k') != NULL);
        assert_int_equal(fcgi_is_management_type(u), strchr(c, 'm') != NULL);
        assert_int_equal(fcgi_is_discrete_type(u), strchr(c, 'd') != NULL);
        assert_int_equal(fcgi_is_stream_type(u), strchr(c, 's') != NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_header),
        cmocka_unit_test(test_parse_header),
        cmocka_unit_test(test_get_record_length),
        cmocka_unit_test(test_build_bodies_and_records),
        cmocka_unit_test(test_parse_bodies),
        cmocka_unit_test(test_build_record_vectors),
        cmocka_unit_test(test_build_record_padding),
        cmocka_unit_test(test_build_record_errors),
        cmocka_unit_test(test_parse_record_body_table),
        cmocka_unit_test(test_record_rules),
        cmocka_unit_test(test_parse_record_body_specifics),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_parse_record_version),
        cmocka_unit_test(test_build_stream),
        cmocka_unit_test(test_build_begin_request_vector),
        cmocka_unit_test(test_build_begin_request_big),
        cmocka_unit_test(test_build_end_request_vector),
        cmocka_unit_test(test_build_message_errors),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_protocol_status_names),
        cmocka_unit_test(test_type_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
