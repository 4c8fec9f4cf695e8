// SPDX-License-Identifier: MIT
/* test_constant_compat.c - fcgi/constant.h agrees with the specification's
 * <fastcgi.h> (libfcgi-dev) and can share a translation unit with it in
 * either order.
 *
 * C allows a macro to be defined twice only with the same replacement
 * list.  For every macro the two headers share we capture the expansion
 * (stringised) under the first header, include the second (which redefines
 * the macro) and compare; this is done for both orders, the second one by
 * undefining everything and including both headers again (libfcgi's
 * typedefs are renamed for that second inclusion).  Values are also checked
 * at compile time.  Without <fastcgi.h> only the values are checked and the
 * compatibility test reports itself skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#if defined(__has_include)
#if __has_include(<fastcgi.h>)
#define HAVE_FASTCGI_H 1
#endif
#endif

#define STR_(x) #x
#define XSTR(x) STR_(x)

/* Every macro of <fastcgi.h>. */
#define SHARED_MACROS(X)                                                                        \
    X(FCGI_LISTENSOCK_FILENO) X(FCGI_MAX_LENGTH) X(FCGI_HEADER_LEN) X(FCGI_VERSION_1)           \
    X(FCGI_BEGIN_REQUEST) X(FCGI_ABORT_REQUEST) X(FCGI_END_REQUEST) X(FCGI_PARAMS)              \
    X(FCGI_STDIN) X(FCGI_STDOUT) X(FCGI_STDERR) X(FCGI_DATA) X(FCGI_GET_VALUES)                 \
    X(FCGI_GET_VALUES_RESULT) X(FCGI_UNKNOWN_TYPE) X(FCGI_MAXTYPE) X(FCGI_NULL_REQUEST_ID)      \
    X(FCGI_KEEP_CONN) X(FCGI_RESPONDER) X(FCGI_AUTHORIZER) X(FCGI_FILTER)                       \
    X(FCGI_REQUEST_COMPLETE) X(FCGI_CANT_MPX_CONN) X(FCGI_OVERLOADED) X(FCGI_UNKNOWN_ROLE)      \
    X(FCGI_MAX_CONNS) X(FCGI_MAX_REQS) X(FCGI_MPXS_CONNS)

/* Macros only fcgi/constant.h has. */
#define OWN_MACROS(X)                                                                           \
    X(FCGI_MAX_CONTENT_LEN) X(FCGI_MAX_LEN) X(FCGI_MAX_PADDING_LEN) X(FCGI_MAX_RECORD_LEN)      \
    X(FCGI_MAX_NV_LEN) X(FCGI_SEGMENT_LEN)

/* The macro's name is pasted (so it is not expanded), its replacement
 * stringised (so it is). */
#define CAPTURE_THEIRS1(m) static const char theirs1_##m[] = XSTR(m);
#define CAPTURE_OURS1(m) static const char ours1_##m[] = XSTR(m);
#define CAPTURE_OURS2(m) static const char ours2_##m[] = XSTR(m);
#define CAPTURE_THEIRS2(m) static const char theirs2_##m[] = XSTR(m);

#ifdef HAVE_FASTCGI_H
/* ---- order 1: <fastcgi.h>, then fcgi/constant.h -------------------------- */
#include <fastcgi.h>
SHARED_MACROS(CAPTURE_THEIRS1)
#include "fcgi/constant.h"
SHARED_MACROS(CAPTURE_OURS1)

/* ---- order 2: fcgi/constant.h, then <fastcgi.h> -------------------------- */
#undef FCGI_CONSTANT_H
#undef _FASTCGI_H
#undef FCGI_LISTENSOCK_FILENO
#undef FCGI_MAX_LENGTH
#undef FCGI_HEADER_LEN
#undef FCGI_VERSION_1
#undef FCGI_BEGIN_REQUEST
#undef FCGI_ABORT_REQUEST
#undef FCGI_END_REQUEST
#undef FCGI_PARAMS
#undef FCGI_STDIN
#undef FCGI_STDOUT
#undef FCGI_STDERR
#undef FCGI_DATA
#undef FCGI_GET_VALUES
#undef FCGI_GET_VALUES_RESULT
#undef FCGI_UNKNOWN_TYPE
#undef FCGI_MAXTYPE
#undef FCGI_NULL_REQUEST_ID
#undef FCGI_KEEP_CONN
#undef FCGI_RESPONDER
#undef FCGI_AUTHORIZER
#undef FCGI_FILTER
#undef FCGI_REQUEST_COMPLETE
#undef FCGI_CANT_MPX_CONN
#undef FCGI_OVERLOADED
#undef FCGI_UNKNOWN_ROLE
#undef FCGI_MAX_CONNS
#undef FCGI_MAX_REQS
#undef FCGI_MPXS_CONNS
#undef FCGI_MAX_CONTENT_LEN
#undef FCGI_MAX_LEN
#undef FCGI_MAX_PADDING_LEN
#undef FCGI_MAX_RECORD_LEN
#undef FCGI_MAX_NV_LEN
#undef FCGI_SEGMENT_LEN
#include "fcgi/constant.h"
SHARED_MACROS(CAPTURE_OURS2)
/* libfcgi's typedefs were already declared by the first inclusion. */
#define FCGI_Header compat2_FCGI_Header
#define FCGI_BeginRequestBody compat2_FCGI_BeginRequestBody
#define FCGI_BeginRequestRecord compat2_FCGI_BeginRequestRecord
#define FCGI_EndRequestBody compat2_FCGI_EndRequestBody
#define FCGI_EndRequestRecord compat2_FCGI_EndRequestRecord
#define FCGI_UnknownTypeBody compat2_FCGI_UnknownTypeBody
#define FCGI_UnknownTypeRecord compat2_FCGI_UnknownTypeRecord
#include <fastcgi.h>
SHARED_MACROS(CAPTURE_THEIRS2)
/* The rest of the public API coexists with <fastcgi.h> as well. */
#include "fcgi/protocol.h"

_Static_assert(sizeof(FCGI_Header) == FCGI_HEADER_LEN, "FCGI_Header is 8 octets");
_Static_assert(sizeof(FCGI_BeginRequestRecord) == 16, "discrete records are 16 octets");
#else
#include "fcgi/constant.h"
#include "fcgi/protocol.h"
#endif

/* ---- values, with or without <fastcgi.h> (spec section 8) ----------------- */
_Static_assert(FCGI_LISTENSOCK_FILENO == 0, "");
_Static_assert(FCGI_HEADER_LEN == 8, "");
_Static_assert(FCGI_VERSION_1 == 1, "");
_Static_assert(FCGI_BEGIN_REQUEST == 1, "");
_Static_assert(FCGI_ABORT_REQUEST == 2, "");
_Static_assert(FCGI_END_REQUEST == 3, "");
_Static_assert(FCGI_PARAMS == 4, "");
_Static_assert(FCGI_STDIN == 5, "");
_Static_assert(FCGI_STDOUT == 6, "");
_Static_assert(FCGI_STDERR == 7, "");
_Static_assert(FCGI_DATA == 8, "");
_Static_assert(FCGI_GET_VALUES == 9, "");
_Static_assert(FCGI_GET_VALUES_RESULT == 10, "");
_Static_assert(FCGI_UNKNOWN_TYPE == 11, "");
_Static_assert(FCGI_MAXTYPE == 11, "");
_Static_assert(FCGI_NULL_REQUEST_ID == 0, "");
_Static_assert(FCGI_KEEP_CONN == 1, "");
_Static_assert(FCGI_RESPONDER == 1, "");
_Static_assert(FCGI_AUTHORIZER == 2, "");
_Static_assert(FCGI_FILTER == 3, "");
_Static_assert(FCGI_REQUEST_COMPLETE == 0, "");
_Static_assert(FCGI_CANT_MPX_CONN == 1, "");
_Static_assert(FCGI_OVERLOADED == 2, "");
_Static_assert(FCGI_UNKNOWN_ROLE == 3, "");
_Static_assert(FCGI_MAX_LENGTH == 65535, "");
_Static_assert(FCGI_MAX_CONTENT_LEN == 65535, "Net::FastCGI FCGI_MAX_CONTENT_LEN");
_Static_assert(FCGI_MAX_LEN == 65535, "Net::FastCGI FCGI_MAX_LEN (deprecated)");
_Static_assert(FCGI_MAX_PADDING_LEN == 255, "");
_Static_assert(FCGI_MAX_RECORD_LEN == 8 + 65535 + 255, "");
_Static_assert(FCGI_MAX_NV_LEN == 2147483647UL, "");
_Static_assert(FCGI_SEGMENT_LEN == 32760, "Net::FastCGI's stream segment");
_Static_assert(sizeof(FCGI_MAX_CONNS) == sizeof "FCGI_MAX_CONNS", "");
_Static_assert(sizeof(FCGI_MAX_REQS) == sizeof "FCGI_MAX_REQS", "");
_Static_assert(sizeof(FCGI_MPXS_CONNS) == sizeof "FCGI_MPXS_CONNS", "");

static void test_value_names(void **state)
{
    (void)state;
    assert_string_equal(FCGI_MAX_CONNS, "FCGI_MAX_CONNS");
    assert_string_equal(FCGI_MAX_REQS, "FCGI_MAX_REQS");
    assert_string_equal(FCGI_MPXS_CONNS, "FCGI_MPXS_CONNS");
}

static void test_same_tokens_both_orders(void **state)
{
    (void)state;
#ifdef HAVE_FASTCGI_H
    size_t checked = 0;
#define COMPARE(m)                                                  \
    do {                                                            \
        if (strcmp(theirs1_##m, ours1_##m) != 0)                    \
            fail_msg("%s: <fastcgi.h> has '%s', constant.h '%s'",   \
                     #m, theirs1_##m, ours1_##m);                   \
        assert_string_equal(ours2_##m, theirs2_##m);                \
        assert_string_equal(ours1_##m, ours2_##m);                  \
        checked++;                                                  \
    } while (0);
    SHARED_MACROS(COMPARE)
#undef COMPARE
    assert_int_equal(checked, 28);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_names),
        cmocka_unit_test(test_same_tokens_both_orders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
