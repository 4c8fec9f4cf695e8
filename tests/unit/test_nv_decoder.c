// SPDX-License-Identifier: MIT
/*
 * test_nv_decoder.c - fcgi_nv_decoder fed a name-value stream cut anywhere.
 *
 * The stream is encoded here from a table of pairs (one- and four-octet
 * lengths, the four-octet form also for small lengths, empty names and
 * values, binary octets), so the expected pairs and their stream offsets
 * are known independently of the decoder.  The stream is then fed cut at
 * every point, at every pair of points (small streams), one octet at a
 * time and at random record-like boundaries, each piece against a guard
 * page, with scratch buffers large, small and absent.  Whatever the cuts,
 * the same pairs must come out; what changes is only `split`, and, for a
 * split pair larger than the scratch buffer, `truncated`.
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

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- pairs and their encoding ------------------------------------------- */

typedef struct pair_spec {
    const uint8_t *name;
    size_t nlen;
    const uint8_t *value;
    size_t vlen;
    bool long_name;  /* use the 4-octet form even when below 128 */
    bool long_value;
} pair_spec;

/* Where a pair sits in the encoded stream. */
typedef struct pair_pos {
    size_t start, body, end;  /* first octet, first name octet, just past */
} pair_pos;

typedef struct encoded {
    uint8_t *data;
    size_t len;
    pair_pos *pos;
    size_t n;
} encoded;

static size_t put_len(uint8_t *o, size_t len, bool long_form)
{
    if (len < 128 && !long_form) {
        o[0] = (uint8_t)len;
        return 1;
    }
    o[0] = (uint8_t)(0x80 | len >> 24);
    o[1] = (uint8_t)(len >> 16);
    o[2] = (uint8_t)(len >> 8);
    o[3] = (uint8_t)len;
    return 4;
}

static encoded encode(const pair_spec *ps, size_t n)
{
    encoded e;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)
        cap += 8 + ps[i].nlen + ps[i].vlen;
    e.data = malloc(cap + 1);
    e.pos = calloc(n + 1, sizeof *e.pos);
    assert_non_null(e.data);
    assert_non_null(e.pos);
    e.len = 0;
    e.n = n;
    for (size_t i = 0; i < n; i++) {
        e.pos[i].start = e.len;
        e.len += put_len(e.data + e.len, ps[i].nlen, ps[i].long_name);
        e.len += put_len(e.data + e.len, ps[i].vlen, ps[i].long_value);
        e.pos[i].body = e.len;
        if (ps[i].nlen)
            memcpy(e.data + e.len, ps[i].name, ps[i].nlen);
        e.len += ps[i].nlen;
        if (ps[i].vlen)
            memcpy(e.data + e.len, ps[i].value, ps[i].vlen);
        e.len += ps[i].vlen;
        e.pos[i].end = e.len;
    }
    return e;
}

static void free_encoded(encoded *e)
{
    free(e->data);
    free(e->pos);
}

/* ---- feeding ------------------------------------------------------------- */

/* true when one of the cuts falls strictly inside (a, b). */
static bool cut_inside(const size_t *cuts, size_t ncuts, size_t a, size_t b)
{
    for (size_t k = 0; k < ncuts; k++)
        if (cuts[k] > a && cuts[k] < b)
            return true;
    return false;
}

static size_t min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Feeds e.data[0..stop) cut at cuts[0..ncuts) (increasing, inside
 * (0, stop)), with a scratch buffer of `cap` octets (NULL when 0), empty
 * feeds between pieces when `empties`.  Checks every pair against ps; then
 * checks finish() against where `stop` falls. */
static void feed_cut(const pair_spec *ps, const encoded *e, size_t stop, const size_t *cuts,
                     size_t ncuts, size_t cap, bool empties, guard_area *g)
{
    uint8_t *scratch = cap ? malloc(cap) : NULL;
    fcgi_nv_decoder d;
    size_t next = 0; /* index of the pair expected next */
    size_t calls = 0;

    fcgi_nv_decoder_init(&d, scratch, cap);
    for (size_t k = 0; k <= ncuts; k++) {
        const size_t a = k == 0 ? 0 : cuts[k - 1];
        const size_t b = k == ncuts ? stop : cuts[k];
        const uint8_t *ptr = guard_place(g, e->data + a, b - a);
        size_t left = b - a;
        for (;;) {
            fcgi_nv_event ev;
            size_t used = (size_t)-1;
            /* alternately the inline call and the exported function,
             * which must agree and share state */
            fcgi_status st = ++calls % 3 ? fcgi_nv_decoder_feed_inline(&d, ptr, left, &used, &ev)
                                         : fcgi_nv_decoder_feed(&d, ptr, left, &used, &ev);
            assert_true(used <= left);
            if (st == FCGI_NEED_MORE) {
                assert_int_equal(used, left);
                break;
            }
            assert_int_equal(st, FCGI_OK);
            assert_true(next < e->n);
            const pair_spec *want = &ps[next];
            const pair_pos *at = &e->pos[next];
            next++;
            assert_int_equal(ev.name_len, want->nlen);
            assert_int_equal(ev.value_len, want->vlen);
            assert_int_equal(ev.start_offset, at->start);
            assert_int_equal(ev.end_offset, at->end);
            /* the pair completes in the piece holding its last octet */
            assert_true(at->end - 1 >= a && at->end - 1 < b);
            const bool split = cut_inside(cuts, ncuts, at->start, at->end);
            const bool body_split = cut_inside(cuts, ncuts, at->body, at->end);
            assert_int_equal(ev.split, split);
            const bool truncated =
                body_split && (want->nlen > cap || want->vlen > cap - want->nlen);
            assert_int_equal(ev.truncated, truncated);
            size_t nl = want->nlen, vl = want->vlen;
            if (truncated) {
                nl = min_sz(nl, cap);
                vl = min_sz(vl, cap - nl);
            }
            assert_int_equal(ev.pair.name.len, nl);
            assert_int_equal(ev.pair.value.len, vl);
            if (nl)
                assert_memory_equal(ev.pair.name.data, want->name, nl);
            if (vl)
                assert_memory_equal(ev.pair.value.data, want->value, vl);
            /* zero-copy exactly when name and value came in one feed */
            if (!body_split && nl + vl > 0) {
                const uint8_t *first = nl ? ev.pair.name.data : ev.pair.value.data;
                assert_true(first >= ptr && first < ptr + used);
            } else if (nl + vl > 0) {
                const uint8_t *first = nl ? ev.pair.name.data : ev.pair.value.data;
                assert_ptr_equal(first, scratch);
            }
            ptr += used;
            left -= used;
        }
        if (empties) {
            fcgi_nv_event ev;
            size_t used = 1;
            assert_int_equal(fcgi_nv_decoder_feed(&d, g->mem + g->cap, 0, &used, &ev),
                             FCGI_NEED_MORE);
            assert_int_equal(used, 0);
        }
    }

    /* Where did `stop` fall? */
    uint64_t have = 99, want = 99;
    fcgi_status st = fcgi_nv_decoder_finish(&d, &have, &want);
    if (next < e->n && e->pos[next].start < stop) {
        const pair_pos *at = &e->pos[next];
        assert_int_equal(st, FCGI_E_SHORT_NAME_VALUE_PAIR);
        assert_int_equal(have, stop - at->start);
        assert_int_equal(want, stop < at->body ? 0 : at->end - at->start);
    } else {
        assert_int_equal(st, FCGI_OK);
        assert_int_equal(have, 0);
        assert_int_equal(want, 0);
        if (stop == e->len)
            assert_int_equal(next, e->n);
    }
    free(scratch);
}

static const size_t caps[] = {4096, 16, 1, 0};

/* Whole, one octet at a time, every split point, every prefix (finish),
 * and every pair of split points when the stream is small. */
static void check_pairs(const pair_spec *ps, size_t n)
{
    encoded e = encode(ps, n);
    guard_area g = {guard_alloc(e.len), e.len};
    size_t *cuts = malloc((e.len + 1) * sizeof *cuts);
    assert_non_null(cuts);

    for (size_t c = 0; c < COUNT(caps); c++) {
        const size_t cap = caps[c];
        feed_cut(ps, &e, e.len, NULL, 0, cap, false, &g);
        for (size_t i = 1; i < e.len; i++)
            cuts[i - 1] = i;
        feed_cut(ps, &e, e.len, cuts, e.len ? e.len - 1 : 0, cap, false, &g);
        feed_cut(ps, &e, e.len, cuts, e.len ? e.len - 1 : 0, cap, true, &g);
        for (size_t i = 1; i < e.len; i++) {
            cuts[0] = i;
            feed_cut(ps, &e, e.len, cuts, 1, cap, c == 0, &g);
        }
        /* streams that stop anywhere: finish() tells have/want */
        for (size_t stop = 0; stop < e.len; stop++) {
            feed_cut(ps, &e, stop, NULL, 0, cap, false, &g);
            if (stop > 2) {
                cuts[0] = stop / 2;
                feed_cut(ps, &e, stop, cuts, 1, cap, false, &g);
            }
        }
        if (e.len <= 120)
            for (size_t i = 1; i < e.len; i++)
                for (size_t j = i + 1; j < e.len; j++) {
                    cuts[0] = i;
                    cuts[1] = j;
                    feed_cut(ps, &e, e.len, cuts, 2, cap, false, &g);
                }
    }
    free(cuts);
    guard_free(g.mem, g.cap);
    free_encoded(&e);
}

#define S(str) (const uint8_t *)(str), sizeof(str) - 1

static uint8_t big_name[300], big_value[1000], n127[127], v128[128], n128[128], v127[127];

static void fill(void)
{
    for (size_t i = 0; i < sizeof big_name; i++)
        big_name[i] = (uint8_t)('A' + i % 26);
    for (size_t i = 0; i < sizeof big_value; i++)
        big_value[i] = (uint8_t)(i * 13 + 5);
    memset(n127, 'n', sizeof n127);
    memset(v128, 'v', sizeof v128);
    memset(n128, 'N', sizeof n128);
    memset(v127, 'V', sizeof v127);
}

static const uint8_t binary[] = {0x00, 0x80, 0xff, 0x7f, 0x01, 0x00, 0x81};

static void test_small_pairs(void **state)
{
    (void)state;
    const pair_spec ps[] = {
        {S(""), S(""), false, false},
        {S("A"), S("1"), false, false},
        {S(""), S("v"), false, false},
        {S("K"), S(""), false, false},
        {S("X"), S("y"), true, true},
        {S("BIN"), binary, sizeof binary, false, false},
        {S("HTTP_HOST"), S("localhost"), false, true},
    };
    check_pairs(ps, COUNT(ps));
    for (size_t i = 0; i < COUNT(ps); i++)
        check_pairs(&ps[i], 1);
}

static void test_long_pairs(void **state)
{
    (void)state;
    fill();
    const pair_spec ps[] = {
        {n127, sizeof n127, v128, sizeof v128, false, false},
        {n128, sizeof n128, v127, sizeof v127, false, false},
        {S("SCRIPT_FILENAME"), S("/var/www/html/index.php"), false, false},
        {big_name, sizeof big_name, big_value, sizeof big_value, false, false},
        {S(""), big_value, sizeof big_value, true, false},
        {S("QUERY_STRING"), S(""), false, false},
    };
    check_pairs(ps, COUNT(ps));
}

/* Many random pairs, random record boundaries (with empty feeds), against
 * the table; the pairs must not depend on where the boundaries fall. */
static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

/* Fills ps[0..n) with random pairs over a shared random pool: mostly short
 * names and values, some up to 400 and 60000 octets, some with the
 * four-octet length form where one octet would do. */
static void random_pairs(pair_spec *ps, size_t n)
{
    static uint8_t pool[70000];
    for (size_t i = 0; i < sizeof pool; i++)
        pool[i] = (uint8_t)next_rand();
    for (size_t i = 0; i < n; i++) {
        uint32_t x = next_rand();
        size_t nl = (x & 7) == 0 ? x % 400 : x % 40;
        size_t vl = (x & 0x70) == 0 ? (x >> 8) % 60000 : (x >> 8) % 200;
        ps[i] = (pair_spec){pool + (x >> 3) % 1000, nl, pool + (x >> 5) % 5000, vl,
                            (x & 0x100) != 0, (x & 0x200) != 0};
    }
}

static void test_random_streams(void **state)
{
    (void)state;
    pair_spec ps[400];
    random_pairs(ps, COUNT(ps));
    encoded e = encode(ps, COUNT(ps));
    guard_area g = {guard_alloc(e.len), e.len};
    size_t *cuts = malloc(e.len * sizeof *cuts);
    assert_non_null(cuts);
    for (int round = 0; round < 12; round++) {
        size_t nc = 0, at = 0;
        const uint32_t span = round < 6 ? 300u : 66000u;
        for (;;) {
            at += 1 + next_rand() % span;
            if (at >= e.len)
                break;
            cuts[nc++] = at;
        }
        feed_cut(ps, &e, e.len, cuts, nc, round % 2 ? 64 : 1 << 17, round % 3 == 0, &g);
    }
    free(cuts);
    guard_free(g.mem, g.cap);
    free_encoded(&e);
}

/* A value declared 2^31-1 octets long, fed in 1 MiB pieces: truncated to
 * the scratch buffer, skipped without copying, and the pair after it
 * decodes at the right offset. */
static void test_huge_value_truncated(void **state)
{
    (void)state;
    const size_t piece = 1u << 20;
    const uint64_t vlen = 0x7fffffffu;
    uint8_t head[6 + 100];
    uint8_t scratch[32];
    fcgi_nv_decoder d;
    fcgi_nv_event ev;
    size_t used;

    head[0] = 1;
    head[1] = 0xff;
    head[2] = head[3] = head[4] = 0xff;
    head[5] = 'X';
    for (size_t i = 0; i < 100; i++)
        head[6 + i] = (uint8_t)('a' + i % 26);

    uint8_t *g = guard_alloc(piece);
    memset(g, 'z', piece);
    fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
    assert_int_equal(fcgi_nv_decoder_feed(&d, head, sizeof head, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(used, sizeof head);
    uint64_t have, want;
    assert_int_equal(fcgi_nv_decoder_finish(&d, &have, &want), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_int_equal(have, sizeof head);
    assert_int_equal(want, 6 + vlen);

    uint64_t left = vlen - 100;
    size_t calls = 0;
    while (left > 0) {
        const size_t n = left < piece ? (size_t)left : piece;
        fcgi_status st = fcgi_nv_decoder_feed(&d, g + piece - n, n, &used, &ev);
        assert_int_equal(used, n);
        left -= n;
        calls++;
        if (left > 0)
            assert_int_equal(st, FCGI_NEED_MORE);
        else
            assert_int_equal(st, FCGI_OK);
    }
    assert_true(calls >= 2047);
    assert_true(ev.truncated);
    assert_true(ev.split);
    assert_int_equal(ev.name_len, 1);
    assert_int_equal(ev.value_len, vlen);
    assert_int_equal(ev.pair.name.len, 1);
    assert_memory_equal(ev.pair.name.data, "X", 1);
    assert_int_equal(ev.pair.value.len, sizeof scratch - 1);
    assert_memory_equal(ev.pair.value.data, head + 6, sizeof scratch - 1);
    assert_int_equal(ev.start_offset, 0);
    assert_int_equal(ev.end_offset, 6 + vlen);

    const uint8_t tail[] = {1, 1, 'A', 'B'};
    assert_int_equal(fcgi_nv_decoder_feed(&d, tail, sizeof tail, &used, &ev), FCGI_OK);
    assert_false(ev.split);
    assert_memory_equal(ev.pair.name.data, "A", 1);
    assert_memory_equal(ev.pair.value.data, "B", 1);
    assert_int_equal(ev.start_offset, 6 + vlen);
    assert_int_equal(ev.end_offset, 6 + vlen + 4);
    assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, NULL), FCGI_OK);
    guard_free(g, piece);
}

/* Both lengths at their maximum: want is computed without wrapping (the
 * libfcgi CVE-2025-23016 shape), and a cap-0 decoder truncates to nothing. */
static void test_max_lengths_no_wrap(void **state)
{
    (void)state;
    const uint8_t prefix[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    fcgi_nv_decoder d;
    fcgi_nv_event ev;
    size_t used;
    uint64_t have, want;

    fcgi_nv_decoder_init(&d, NULL, 0);
    assert_int_equal(fcgi_nv_decoder_feed(&d, prefix, 7, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_finish(&d, &have, &want), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_int_equal(have, 7);
    assert_int_equal(want, 0);
    assert_int_equal(fcgi_nv_decoder_feed(&d, prefix + 7, 1, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_finish(&d, &have, &want), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_int_equal(have, 8);
    assert_int_equal(want, 8 + 2 * (uint64_t)0x7fffffff);

    /* a small pair split across feeds with no scratch at all */
    const uint8_t pair[] = {2, 3, 'a', 'b', 'x', 'y', 'z'};
    fcgi_nv_decoder_init(&d, NULL, 0);
    assert_int_equal(fcgi_nv_decoder_feed(&d, pair, 3, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_feed(&d, pair + 3, 4, &used, &ev), FCGI_OK);
    assert_true(ev.truncated);
    assert_int_equal(ev.pair.name.len, 0);
    assert_int_equal(ev.pair.value.len, 0);
    assert_int_equal(ev.name_len, 2);
    assert_int_equal(ev.value_len, 3);
}

/* A prefix split from its body, with the body whole in the next feed, is
 * returned in place (no scratch needed, not truncated). */
static void test_prefix_split_body_whole(void **state)
{
    (void)state;
    uint8_t body[200];
    memset(body, 'q', sizeof body);
    const uint8_t prefix[] = {0x80, 0, 0, 100, 100};
    fcgi_nv_decoder d;
    fcgi_nv_event ev;
    size_t used;
    uint8_t scratch[8];
    fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
    assert_int_equal(fcgi_nv_decoder_feed(&d, prefix, sizeof prefix, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(fcgi_nv_decoder_feed(&d, body, sizeof body, &used, &ev), FCGI_OK);
    assert_int_equal(used, 200);
    assert_false(ev.truncated);
    assert_true(ev.split);
    assert_ptr_equal(ev.pair.name.data, body);
    assert_ptr_equal(ev.pair.value.data, body + 100);
    assert_int_equal(ev.pair.value.len, 100);
    assert_int_equal(ev.start_offset, 0);
    assert_int_equal(ev.end_offset, 205);
}

/* ---- peek and set_scratch ------------------------------------------------ */

/* What peek must say about the stream e cut at b: the pair open there, if
 * any, and its name + value octets once its length prefix is complete. */
static fcgi_status open_at(const pair_spec *ps, const encoded *e, size_t b, uint64_t *need)
{
    *need = 0;
    for (size_t i = 0; i < e->n; i++)
        if (e->pos[i].start < b && b < e->pos[i].end) {
            if (b >= e->pos[i].body)
                *need = (uint64_t)ps[i].nlen + ps[i].vlen;
            return FCGI_NEED_MORE;
        }
    return FCGI_OK;
}

/* For every a <= b: a decoder fed e[0..a) (scratch large, small, absent)
 * peeks at e[a..b) against a guard page, answers what open_at() says, and
 * is left exactly as it was. */
static void check_peek(const pair_spec *ps, size_t n)
{
    encoded e = encode(ps, n);
    guard_area g = {guard_alloc(e.len), e.len};
    static const size_t caps[] = {0, 3, 4096};
    uint8_t scratch[4096];
    for (size_t c = 0; c < COUNT(caps); c++)
        for (size_t a = 0; a <= e.len; a++) {
            fcgi_nv_decoder d;
            fcgi_nv_event ev;
            size_t pos = 0, used;
            fcgi_nv_decoder_init(&d, caps[c] ? scratch : NULL, caps[c]);
            while (pos < a) {
                fcgi_status st = fcgi_nv_decoder_feed(&d, e.data + pos, a - pos, &used, &ev);
                pos += used;
                if (st == FCGI_NEED_MORE)
                    break;
            }
            assert_int_equal(pos, a);
            for (size_t b = a; b <= e.len; b++) {
                const fcgi_nv_decoder before = d;
                uint64_t need = 99, want;
                fcgi_status st = fcgi_nv_decoder_peek(&d, guard_place(&g, e.data + a, b - a),
                                                      b - a, &need);
                assert_int_equal(st, open_at(ps, &e, b, &want));
                if (need != want)
                    fail_msg("cap %zu, fed %zu, peek to %zu: need %llu, want %llu", caps[c], a,
                             b, (unsigned long long)need, (unsigned long long)want);
                assert_memory_equal(&before, &d, sizeof d);
            }
            uint64_t need = 99, want;
            assert_int_equal(fcgi_nv_decoder_peek(&d, NULL, 0, &need), open_at(ps, &e, a, &want));
            assert_int_equal(need, want);
        }
    guard_free(g.mem, g.cap);
    free_encoded(&e);
}

static void test_peek(void **state)
{
    (void)state;
    fill();
    const pair_spec ps[] = {
        {S("A"), S("1"), false, false},
        {S(""), S(""), false, false},
        {S("X"), S("y"), true, true},
        {S("BIN"), binary, sizeof binary, false, true},
        {n128, sizeof n128, v127, sizeof v127, false, false},
        {S("HTTP_HOST"), S("localhost"), true, false},
    };
    check_peek(ps, COUNT(ps));
}

/* A decoder with no scratch, given one by set_scratch() only for the pair
 * that peek() says needs it and only that large, returns every pair whole
 * at its offsets, however the stream is cut: the way a dissector spends
 * memory only on pairs split across records. */
static void test_scratch_on_demand(void **state)
{
    (void)state;
    pair_spec ps[300];
    random_pairs(ps, COUNT(ps));
    encoded e = encode(ps, COUNT(ps));
    guard_area g = {guard_alloc(e.len), e.len};
    for (int round = 0; round < 8; round++) {
        const uint32_t span = round < 4 ? 7u + (uint32_t)round * 100u : 66000u;
        fcgi_nv_decoder d;
        uint8_t *scratch = NULL;
        size_t next = 0, at = 0, allocated = 0, refused = 0;
        fcgi_nv_decoder_init(&d, NULL, 0);
        while (at < e.len) {
            size_t piece = 1 + next_rand() % span;
            if (piece > e.len - at)
                piece = e.len - at;
            const uint8_t *p = guard_place(&g, e.data + at, piece);
            size_t off = 0;
            for (;;) {
                uint64_t need = 0;
                if (scratch == NULL &&
                    fcgi_nv_decoder_peek(&d, p + off, piece - off, &need) == FCGI_NEED_MORE &&
                    need > 0) {
                    scratch = malloc((size_t)need);
                    assert_non_null(scratch);
                    assert_int_equal(fcgi_nv_decoder_set_scratch(&d, scratch, (size_t)need),
                                     FCGI_OK);
                    allocated++;
                }
                fcgi_nv_event ev;
                size_t used;
                fcgi_status st = fcgi_nv_decoder_feed(&d, p + off, piece - off, &used, &ev);
                off += used;
                if (st == FCGI_NEED_MORE) {
                    assert_int_equal(off, piece);
                    if (scratch != NULL && d._state == 3 /* copying into it */) {
                        /* Assembling the pair in its scratch: it stays. */
                        const fcgi_nv_decoder before = d;
                        assert_int_equal(fcgi_nv_decoder_set_scratch(&d, NULL, 0),
                                         FCGI_E_INVALID_ARGUMENT);
                        assert_memory_equal(&before, &d, sizeof d);
                        refused++;
                    }
                    break;
                }
                assert_int_equal(st, FCGI_OK);
                assert_true(next < e.n);
                assert_false(ev.truncated);
                assert_int_equal(ev.pair.name.len, ps[next].nlen);
                assert_int_equal(ev.pair.value.len, ps[next].vlen);
                if (ps[next].nlen)
                    assert_memory_equal(ev.pair.name.data, ps[next].name, ps[next].nlen);
                if (ps[next].vlen)
                    assert_memory_equal(ev.pair.value.data, ps[next].value, ps[next].vlen);
                assert_int_equal(ev.start_offset, e.pos[next].start);
                assert_int_equal(ev.end_offset, e.pos[next].end);
                next++;
                if (scratch != NULL && ev.split) {
                    /* The pair it was given for is done (from the scratch,
                     * or in place when its body came whole): between
                     * pairs, the decoder lets go. */
                    assert_int_equal(fcgi_nv_decoder_set_scratch(&d, NULL, 0), FCGI_OK);
                    free(scratch);
                    scratch = NULL;
                }
            }
            at += piece;
        }
        assert_int_equal(next, e.n);
        assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, NULL), FCGI_OK);
        if (round < 4)
            assert_true(allocated > 0 && refused > 0);
        free(scratch);
    }
    guard_free(g.mem, g.cap);
    free_encoded(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_pairs),
        cmocka_unit_test(test_long_pairs),
        cmocka_unit_test(test_random_streams),
        cmocka_unit_test(test_huge_value_truncated),
        cmocka_unit_test(test_max_lengths_no_wrap),
        cmocka_unit_test(test_prefix_split_body_whole),
        cmocka_unit_test(test_peek),
        cmocka_unit_test(test_scratch_on_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
