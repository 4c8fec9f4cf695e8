// SPDX-License-Identifier: MIT
/* test_cov_nv_decoder.c - fcgi_nv_decoder_finish() and its inline call
 * (fcgi/parser_inline.h), which answers a decoder that ended between pairs
 * itself and calls the library function mid-pair: both give the same
 * answers in both states, with and without the optional outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fcgi/fcgi.h"
#include "fcgi/parser_inline.h"

static void test_idle(void **state)
{
    fcgi_nv_decoder d;
    uint64_t have = 7, want = 7;
    (void)state;
    fcgi_nv_decoder_init(&d, NULL, 0);
    assert_int_equal(fcgi_nv_decoder_finish(&d, &have, &want), FCGI_OK);
    assert_true(have == 0 && want == 0);
    assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, NULL), FCGI_OK);
    have = want = 7;
    assert_int_equal(fcgi_nv_decoder_finish_inline(&d, &have, &want), FCGI_OK);
    assert_true(have == 0 && want == 0);
    assert_int_equal(fcgi_nv_decoder_finish_inline(&d, NULL, NULL), FCGI_OK);
}

static void test_mid_pair(void **state)
{
    /* Lengths 3 and 4, then two of the seven octets. */
    static const uint8_t part[] = {3, 4, 'a', 'b'};
    fcgi_nv_decoder d;
    uint8_t scratch[16];
    fcgi_nv_event ev;
    size_t used = 0;
    uint64_t have = 0, want = 0;
    (void)state;
    fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
    assert_int_equal(fcgi_nv_decoder_feed(&d, part, sizeof part, &used, &ev), FCGI_NEED_MORE);
    assert_int_equal(used, sizeof part);
    assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, NULL), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_int_equal(fcgi_nv_decoder_finish(&d, &have, NULL), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_true(have == 4);
    assert_int_equal(fcgi_nv_decoder_finish(&d, NULL, &want), FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_true(want == 2 + 3 + 4);
    have = want = 0;
    assert_int_equal(fcgi_nv_decoder_finish_inline(&d, &have, &want),
                     FCGI_E_SHORT_NAME_VALUE_PAIR);
    assert_true(have == 4 && want == 2 + 3 + 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle),
        cmocka_unit_test(test_mid_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
