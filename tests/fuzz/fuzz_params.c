// SPDX-License-Identifier: MIT
/* fuzz_params - the contiguous name-value pair decoders against each other
 * and against the plain decoder of fuzz_ref_params.h.
 *
 * Properties, for any octets x:
 * - fcgi_params_next() yields the reference's pairs, then FCGI_DONE, or
 *   stops with a sticky FCGI_E_SHORT_NAME_VALUE_PAIR where the reference
 *   finds the first bad pair;
 * - fcgi_check_params(x) is true exactly when that walk ended well;
 * - fcgi_parse_params() gives the same pairs and count, for every array
 *   size (too small: FCGI_E_BUFFER_TOO_SMALL, first `max` written);
 * - build(parse(x)) == x when every length uses its shortest form, and
 *   otherwise is shorter and decodes to the same pairs. */
#include "fcgi/fcgi.h"
#include "fuzz_common.h"
#include "fuzz_ref_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXP 4096

static bool same_pairs(const fcgi_nv_pair *a, const fcgi_nv_pair *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!fuzz_span_eq(a[i].name.data, a[i].name.len, b[i].name.data, b[i].name.len) ||
            !fuzz_span_eq(a[i].value.data, a[i].value.len, b[i].value.data, b[i].value.len))
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fcgi_nv_pair it_pairs[MAXP], pp_pairs[MAXP], back[MAXP];
    if (size > MAXP) /* at most size/2 pairs; keeps the arrays static */
        return 0;
    uint8_t *x = fuzz_dup(data, size);

    /* Reference walk and iterator walk, side by side. */
    fcgi_params_iter it;
    fcgi_params_iter_init(&it, x, size);
    size_t at = 0, n = 0;
    bool well_formed = true, canonical = true;
    for (;;) {
        fcgi_nv_pair pr;
        fcgi_status st = fcgi_params_next(&it, &pr);
        if (at == size) {
            FUZZ_CHECK(st == FCGI_DONE);
            break;
        }
        ref_pair rp;
        bool prefix_done;
        if (!ref_pair_at(x, size, at, &rp, &prefix_done)) {
            FUZZ_CHECK(st == FCGI_E_SHORT_NAME_VALUE_PAIR);
            FUZZ_CHECK(fcgi_params_next(&it, &pr) == FCGI_E_SHORT_NAME_VALUE_PAIR);
            well_formed = false;
            break;
        }
        FUZZ_CHECK(st == FCGI_OK);
        FUZZ_CHECK(pr.name.len == rp.name_len && pr.value.len == rp.value_len);
        FUZZ_CHECK(pr.name.len == 0 || pr.name.data == x + rp.start + rp.prefix);
        FUZZ_CHECK(pr.value.len == 0 ||
                   pr.value.data == x + rp.start + rp.prefix + rp.name_len);
        canonical = canonical && rp.canonical;
        it_pairs[n++] = pr;
        at = rp.end;
    }

    FUZZ_CHECK(fcgi_check_params(x, size) == well_formed);

    size_t count = 0;
    fcgi_status st = fcgi_parse_params(x, size, pp_pairs, MAXP, &count);
    FUZZ_CHECK(st == (well_formed ? FCGI_OK : FCGI_E_SHORT_NAME_VALUE_PAIR));
    if (well_formed) {
        FUZZ_CHECK(count == n && same_pairs(pp_pairs, it_pairs, n));

        /* Counting only, and a too-small array. */
        FUZZ_CHECK(fcgi_parse_params(x, size, NULL, 0, &count) ==
                       (n == 0 ? FCGI_OK : FCGI_E_BUFFER_TOO_SMALL) &&
                   count == n);
        if (n > 0) {
            const size_t max = size ? data[0] % n : 0;
            memset(pp_pairs, 0, sizeof pp_pairs[0] * n);
            FUZZ_CHECK(fcgi_parse_params(x, size, pp_pairs, max, &count) ==
                           FCGI_E_BUFFER_TOO_SMALL &&
                       count == n);
            FUZZ_CHECK(same_pairs(pp_pairs, it_pairs, max));
            FUZZ_CHECK(pp_pairs[max].name.data == NULL && pp_pairs[max].value.len == 0);
        }

        /* Round trip through the builder. */
        size_t need = 0;
        FUZZ_CHECK(fcgi_build_params(NULL, 0, it_pairs, n, &need) == FCGI_OK);
        FUZZ_CHECK(canonical ? need == size : need < size);
        uint8_t *out = malloc(need ? need : 1);
        FUZZ_CHECK(out != NULL);
        size_t len = 0;
        FUZZ_CHECK(fcgi_build_params(out, need, it_pairs, n, &len) == FCGI_OK && len == need);
        if (canonical)
            FUZZ_CHECK(memcmp(out, x, size) == 0);
        size_t n2 = 0;
        FUZZ_CHECK(fcgi_parse_params(out, len, back, MAXP, &n2) == FCGI_OK && n2 == n);
        FUZZ_CHECK(same_pairs(back, it_pairs, n));
        if (need > 0)
            FUZZ_CHECK(fcgi_build_params(out, need - 1, it_pairs, n, &len) ==
                       FCGI_E_BUFFER_TOO_SMALL);
        free(out);
    }
    free(x);
    return 0;
}
