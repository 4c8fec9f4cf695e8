// SPDX-License-Identifier: MIT
/* test_cov_protocol.c - the size arithmetic of the stream and message
 * builders at the very top of size_t, reached through size queries
 * (buf == NULL: nothing is read or written, so the spans may claim any
 * length).
 *
 * fcgi_build_stream() needs 32768 octets per full 32760-octet segment, a
 * padded remainder record and an optional 8-octet terminator.  With F =
 * SIZE_MAX / 32768 full segments the segments alone take SIZE_MAX + 1 -
 * 32768 octets, leaving 32767: a remainder of 32759 octets (record of
 * 32768) no longer fits; one of 32751 (record of 32760) fits, and then the
 * terminator does not.  A message adds such a stream to its other records,
 * which must overflow too.  Every overflow is FCGI_E_INVALID_ARGUMENT,
 * never a wrapped size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fcgi/fcgi.h"

#if SIZE_MAX == UINT64_MAX

#define SEG 32760u
#define F (SIZE_MAX / 32768u) /* full segments that fit, with their headers */

static const uint8_t dummy[1];

static void test_stream_remainder_overflows(void **state)
{
    size_t len = 1;
    (void)state;
    /* Remainder record of 8 + 32759 + 1 octets: one past SIZE_MAX. */
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDOUT, 1, dummy, F * SEG + 32759, false,
                                       &len),
                     FCGI_E_INVALID_ARGUMENT);
}

static void test_stream_terminator_overflows(void **state)
{
    size_t len = 0;
    (void)state;
    /* Remainder record of 8 + 32751 + 1 octets: SIZE_MAX - 7 in all... */
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDOUT, 1, dummy, F * SEG + 32751, false,
                                       &len),
                     FCGI_OK);
    assert_true(len == SIZE_MAX - 7);
    /* ... and the 8-octet terminator no longer fits. */
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDOUT, 1, dummy, F * SEG + 32751, true,
                                       &len),
                     FCGI_E_INVALID_ARGUMENT);
}

static void test_stream_segments_overflow(void **state)
{
    size_t len = 0;
    (void)state;
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, dummy, SIZE_MAX, false, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, dummy, (F + 1) * SEG, false, &len),
                     FCGI_E_INVALID_ARGUMENT);
}

/* A stream that fits on its own (SIZE_MAX - 7 octets, terminator
 * included) but not with the records around it. */
static void test_messages_overflow(void **state)
{
    const fcgi_span big = {dummy, F * SEG + 32743};
    const fcgi_span none = {NULL, 0};
    size_t len = 0;
    (void)state;
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, dummy, big.len, true, &len),
                     FCGI_OK);
    assert_true(len == SIZE_MAX - 7);

    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, FCGI_RESPONDER, 0, NULL, 0, &big, NULL,
                                              &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, FCGI_FILTER, 0, NULL, 0, &none, &big,
                                              &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(NULL, 0, 1, 0, FCGI_REQUEST_COMPLETE, &big, NULL,
                                            &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(NULL, 0, 1, 0, FCGI_REQUEST_COMPLETE, &none, &big,
                                            &len),
                     FCGI_E_INVALID_ARGUMENT);
}

/* A span whose stream alone does not fit, in each place a message has one. */
static void test_message_streams_too_long(void **state)
{
    const fcgi_span huge = {dummy, SIZE_MAX};
    const fcgi_span none = {NULL, 0};
    size_t len = 0;
    (void)state;
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, FCGI_RESPONDER, 0, NULL, 0, &huge,
                                              NULL, &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_begin_request(NULL, 0, 1, FCGI_FILTER, 0, NULL, 0, &none, &huge,
                                              &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(NULL, 0, 1, 0, FCGI_REQUEST_COMPLETE, &huge, NULL,
                                            &len),
                     FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_build_end_request(NULL, 0, 1, 0, FCGI_REQUEST_COMPLETE, &none, &huge,
                                            &len),
                     FCGI_E_INVALID_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_streams_too_long),
        cmocka_unit_test(test_stream_remainder_overflows),
        cmocka_unit_test(test_stream_terminator_overflows),
        cmocka_unit_test(test_stream_segments_overflow),
        cmocka_unit_test(test_messages_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* a size_t of another width: the arithmetic above does not apply */

static void test_skipped(void **state)
{
    (void)state;
    skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_skipped)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
