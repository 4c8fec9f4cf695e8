// SPDX-License-Identifier: MIT
/* test_status.c - fcgi_strerror, fcgi_status_name, fcgi_format_status. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "fcgi/status.h"

/* The expected table, written out independently of FCGI_STATUS_TABLE: the
 * numbers are ABI. */
static const struct {
    int num;
    const char *name;
    const char *msg;
} expected[] = {
    {0, "OK", "Success"},
    {1, "NEED_MORE", "Insufficient number of octets; feed more"},
    {2, "DONE", "No more items"},
    {-1, "E_INVALID_ARGUMENT", "Invalid argument"},
    {-2, "E_BUFFER_TOO_SMALL", "Output buffer too small"},
    {-3, "E_CONTENT_TOO_LONG", "'content' cannot exceed 65535 octets in length"},
    {-4, "E_NV_TOO_LONG", "'name' and 'value' cannot exceed 2147483647 octets in length"},
    {-5, "E_VERSION", "Protocol version mismatch"},
    {-6, "E_SHORT_HEADER", "Insufficient number of octets to parse FCGI_Header"},
    {-7, "E_SHORT_BEGIN_REQUEST_BODY", "Insufficient number of octets to parse FCGI_BeginRequestBody"},
    {-8, "E_SHORT_END_REQUEST_BODY", "Insufficient number of octets to parse FCGI_EndRequestBody"},
    {-9, "E_SHORT_UNKNOWN_TYPE_BODY", "Insufficient number of octets to parse FCGI_UnknownTypeBody"},
    {-10, "E_SHORT_NAME_VALUE_PAIR", "Insufficient number of octets to parse FCGI_NameValuePair"},
    {-11, "E_SHORT_RECORD", "Insufficient number of octets to parse FCGI_Record"},
    {-12, "E_MALFORMED_BEGIN_REQUEST", "Malformed record FCGI_BeginRequestRecord"},
    {-13, "E_MALFORMED_ABORT_REQUEST", "Malformed record FCGI_AbortRequestRecord"},
    {-14, "E_MALFORMED_END_REQUEST", "Malformed record FCGI_EndRequestRecord"},
    {-15, "E_MALFORMED_PARAMS", "Malformed record FCGI_ParamsRecord"},
    {-16, "E_MALFORMED_STDIN", "Malformed record FCGI_StdinRecord"},
    {-17, "E_MALFORMED_STDOUT", "Malformed record FCGI_StdoutRecord"},
    {-18, "E_MALFORMED_STDERR", "Malformed record FCGI_StderrRecord"},
    {-19, "E_MALFORMED_DATA", "Malformed record FCGI_DataRecord"},
    {-20, "E_MALFORMED_GET_VALUES", "Malformed record FCGI_GetValuesRecord"},
    {-21, "E_MALFORMED_GET_VALUES_RESULT", "Malformed record FCGI_GetValuesResultRecord"},
    {-22, "E_MALFORMED_UNKNOWN_TYPE", "Malformed record FCGI_UnknownTypeRecord"},
    {-23, "E_EOF", "End of stream"},
    {-24, "E_UNEXPECTED_EOF", "Unexpected end of stream inside FCGI_Record"},
    {-25, "E_IO", "I/O error (see errno)"},
    {-26, "E_TIMEOUT", "Timed out"},
    {-27, "E_PAIR_TOO_LONG", "Name-value pair does not fit one record"},
    {-28, "E_CGI_HEADERS_TOO_LONG", "CGI response header block larger than the limit"},
    {-29, "E_CGI_STATUS", "Malformed or repeated CGI Status header"},
    {-30, "E_CGI_HEADER", "Malformed CGI response header line"},
    {-31, "E_REQUEST_ID_NOT_NULL", "Request id of a management record must be 0"},
    {-32, "E_REQUEST_ID_NULL", "Request id 0 is reserved for management records"},
    {-33, "E_CONTENT_LENGTH", "Content length wrong for the record type"},
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

static void test_every_status_named(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < N_EXPECTED; i++) {
        fcgi_status st = (fcgi_status)expected[i].num;
        assert_string_equal(fcgi_status_name(st), expected[i].name);
        assert_string_equal(fcgi_strerror(st), expected[i].msg);
    }
}

/* The generated enum has exactly the entries above, at those numbers. */
static void test_table_matches_enum(void **state)
{
    size_t count = 0;
    (void)state;
#define CHECK_ENTRY(NAME_, NUM_, MSG_)                                      \
    do {                                                                 \
        size_t j;                                                        \
        int found = 0;                                                   \
        assert_int_equal((int)FCGI_##NAME_, NUM_);                         \
        for (j = 0; j < N_EXPECTED; j++)                                 \
            if (expected[j].num == (NUM_)) {                              \
                assert_string_equal(expected[j].name, #NAME_);            \
                assert_string_equal(expected[j].msg, MSG_);               \
                found = 1;                                               \
            }                                                            \
        assert_true(found);                                              \
        count++;                                                         \
    } while (0);
    FCGI_STATUS_TABLE(CHECK_ENTRY)
#undef CHECK_ENTRY
    assert_int_equal(count, N_EXPECTED);
}

static void test_unknown_status(void **state)
{
    static const int unknown[] = {3, 4, 100, -34, -100, INT_MIN, INT_MAX};
    size_t i;
    char buf[FCGI_STATUS_MESSAGE_MAX];
    (void)state;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        fcgi_status st = (fcgi_status)unknown[i];
        assert_string_equal(fcgi_strerror(st), "Unknown status");
        assert_string_equal(fcgi_status_name(st), "UNKNOWN");
        assert_int_equal(fcgi_format_status(buf, sizeof buf, st, 0), strlen("Unknown status"));
        assert_string_equal(buf, "Unknown status");
    }
}

static void test_format_version(void **state)
{
    static const struct {
        unsigned detail;
        const char *want;
    } v[] = {
        {0, "Protocol version mismatch (0x00)"},
        {2, "Protocol version mismatch (0x02)"},
        {0x0a, "Protocol version mismatch (0x0A)"},
        {0xff, "Protocol version mismatch (0xFF)"},
        {0x1ff, "Protocol version mismatch (0xFF)"}, /* one octet, as unpack 'C' */
    };
    char buf[FCGI_STATUS_MESSAGE_MAX];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = fcgi_format_status(buf, sizeof buf, FCGI_E_VERSION, v[i].detail);
        assert_string_equal(buf, v[i].want);
        assert_int_equal(n, strlen(v[i].want));
    }
}

static void test_format_other_ignores_detail(void **state)
{
    char buf[FCGI_STATUS_MESSAGE_MAX];
    size_t i;
    (void)state;
    for (i = 0; i < N_EXPECTED; i++) {
        fcgi_status st = (fcgi_status)expected[i].num;
        size_t n;
        if (st == FCGI_E_VERSION)
            continue;
        n = fcgi_format_status(buf, sizeof buf, st, 0x42);
        assert_string_equal(buf, expected[i].msg);
        assert_int_equal(n, strlen(expected[i].msg));
        assert_true(n < FCGI_STATUS_MESSAGE_MAX);
    }
}

/* snprintf semantics: truncated, NUL-terminated, full length returned;
 * cap 0 writes nothing (buf may be NULL). */
static void test_format_truncation(void **state)
{
    const char *full = "Protocol version mismatch (0x02)";
    size_t cap;
    (void)state;
    assert_int_equal(fcgi_format_status(NULL, 0, FCGI_E_VERSION, 2), strlen(full));
    for (cap = 1; cap <= strlen(full) + 1; cap++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(fcgi_format_status(buf, cap, FCGI_E_VERSION, 2), strlen(full));
        assert_int_equal(strlen(buf), cap - 1);
        assert_memory_equal(buf, full, cap - 1);
        assert_int_equal(buf[cap], 'Z');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_status_named),
        cmocka_unit_test(test_table_matches_enum),
        cmocka_unit_test(test_unknown_status),
        cmocka_unit_test(test_format_version),
        cmocka_unit_test(test_format_other_ignores_detail),
        cmocka_unit_test(test_format_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
