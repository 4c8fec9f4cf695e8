// SPDX-License-Identifier: MIT
/* fuzz_nv_decoder - the split-aware name-value decoder yields the same
 * pairs whatever the record boundaries.
 *
 * Input: [scratch size] [split plan, fuzz_common.h] [stream content ...]
 * (scratch size 0 means no scratch buffer at all).  The pieces stand for
 * the contents of successive PARAMS records.
 *
 * Properties, checked against the plain decoder of fuzz_ref_params.h and
 * fcgi_parse_params() on the whole content:
 * - pairs come in order, with their declared lengths and stream offsets,
 *   each reported in the call that delivers its last octet;
 * - a pair whose name and value lie in one call's input comes back in
 *   place (pointing into that input), never truncated; `split` says
 *   whether any of its octets came in an earlier call;
 * - a pair assembled from several calls comes back from the scratch
 *   buffer: whole when name + value fit it, else truncated to the first
 *   octets of its name, then of its value, exactly the scratch size;
 * - fcgi_nv_decoder_finish() is FCGI_OK after whole pairs, else
 *   FCGI_E_SHORT_NAME_VALUE_PAIR with the octets had and wanted;
 * - fcgi_nv_decoder_peek() on each piece says beforehand what feeding it
 *   leaves open;
 * - the inline calls of fcgi/parser_inline.h, used for every other feed,
 *   share the state of the exported functions and answer as they do. */
#include "fcgi/fcgi.h"
#include "fcgi/parser_inline.h"
#include "fuzz_common.h"
#include "fuzz_ref_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t min_sz(size_t a, uint64_t b)
{
    return b < a ? (size_t)b : a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    const size_t cap = fuzz_u8(&in);
    fuzz_splits plan;
    fuzz_splits_take(&in, &plan);
    const uint8_t *x = in.p;
    const size_t n = in.left;

    uint8_t *scratch = cap ? malloc(cap) : NULL;
    fcgi_nv_decoder d;
    fcgi_nv_decoder_init(&d, scratch, cap);

    size_t at = 0;     /* stream offset of the next pair */
    size_t pairs = 0;
    size_t fed = 0, calls = 0;
    bool any_piece = false;
    while (fed < n || !any_piece) {
        any_piece = true;
        const size_t k = fuzz_splits_next(&plan, n - fed);
        uint8_t *piece = fuzz_dup(x + fed, k);
        size_t off = 0;
        uint64_t need = 99;
        const fcgi_status peeked = fcgi_nv_decoder_peek(&d, piece, k, &need);
        for (;;) {
            size_t used = (size_t)-1;
            fcgi_nv_event ev;
            fcgi_status st = ++calls % 2
                                 ? fcgi_nv_decoder_feed_inline(&d, piece + off, k - off, &used, &ev)
                                 : fcgi_nv_decoder_feed(&d, piece + off, k - off, &used, &ev);
            FUZZ_CHECK(used <= k - off);
            if (st == FCGI_NEED_MORE) {
                FUZZ_CHECK(used == k - off);
                /* What peek said before the piece was fed. */
                ref_pair open;
                bool open_prefix;
                if (at == fed + k) {
                    FUZZ_CHECK(peeked == FCGI_OK && need == 0);
                } else {
                    FUZZ_CHECK(!ref_pair_at(x, fed + k, at, &open, &open_prefix));
                    FUZZ_CHECK(peeked == FCGI_NEED_MORE);
                    FUZZ_CHECK(need == (open_prefix ? open.name_len + open.value_len : 0));
                }
                break;
            }
            FUZZ_CHECK(st == FCGI_OK);
            const size_t here = fed + off;
            off += used;

            ref_pair rp;
            bool prefix_done;
            FUZZ_CHECK(ref_pair_at(x, n, at, &rp, &prefix_done));
            FUZZ_CHECK(ev.start_offset == rp.start && ev.end_offset == rp.end);
            FUZZ_CHECK(rp.end == fed + off);
            FUZZ_CHECK(ev.name_len == rp.name_len && ev.value_len == rp.value_len);
            FUZZ_CHECK(ev.split == (rp.start < here));

            const size_t body = rp.start + rp.prefix;
            const uint8_t *name = x + body;
            const uint8_t *value = name + rp.name_len;
            if (body >= here) {
                FUZZ_CHECK(!ev.truncated);
                FUZZ_CHECK(ev.pair.name.len == rp.name_len && ev.pair.value.len == rp.value_len);
                if (rp.name_len)
                    FUZZ_CHECK(ev.pair.name.data == piece + (body - fed));
                if (rp.value_len)
                    FUZZ_CHECK(ev.pair.value.data == piece + (body - fed) + rp.name_len);
            } else {
                const bool fits = rp.name_len + rp.value_len <= cap;
                FUZZ_CHECK(ev.truncated == !fits);
                const size_t nl = min_sz(cap, rp.name_len);
                const size_t vl = min_sz(cap - nl, rp.value_len);
                FUZZ_CHECK(ev.pair.name.len == nl && ev.pair.value.len == vl);
                if (nl)
                    FUZZ_CHECK(ev.pair.name.data == scratch);
                if (vl)
                    FUZZ_CHECK(ev.pair.value.data == scratch + nl);
            }
            FUZZ_CHECK(ev.pair.name.len == 0 ||
                       memcmp(ev.pair.name.data, name, ev.pair.name.len) == 0);
            FUZZ_CHECK(ev.pair.value.len == 0 ||
                       memcmp(ev.pair.value.data, value, ev.pair.value.len) == 0);
            at = rp.end;
            pairs++;
        }
        free(piece);
        fed += k;
    }

    uint64_t have = 99, want = 99;
    fcgi_status fin = fcgi_nv_decoder_finish(&d, &have, &want);
    if (at == n) {
        FUZZ_CHECK(fin == FCGI_OK && have == 0 && want == 0);
        /* The contiguous decoder on the concatenation agrees. */
        size_t count = 0;
        FUZZ_CHECK(fcgi_check_params(x, n));
        FUZZ_CHECK(fcgi_parse_params(x, n, NULL, 0, &count) != FCGI_E_SHORT_NAME_VALUE_PAIR);
        FUZZ_CHECK(count == pairs);
    } else {
        ref_pair rp;
        bool prefix_done;
        FUZZ_CHECK(!ref_pair_at(x, n, at, &rp, &prefix_done));
        FUZZ_CHECK(fin == FCGI_E_SHORT_NAME_VALUE_PAIR);
        FUZZ_CHECK(have == n - at);
        FUZZ_CHECK(want == (prefix_done ? rp.prefix + rp.name_len + rp.value_len : 0));
        FUZZ_CHECK(!fcgi_check_params(x, n));
    }
    FUZZ_CHECK(fcgi_nv_decoder_finish(&d, NULL, NULL) == fin);
    FUZZ_CHECK(fcgi_nv_decoder_finish_inline(&d, &have, &want) == fin);
    free(scratch);
    return 0;
}
