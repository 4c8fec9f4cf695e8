/* SPDX-License-Identifier: MIT */
/*
 * fcgi/status.h - the one result type of the library.
 *
 * Every function that can fail returns an fcgi_status.  FCGI_OK (0) means
 * success; the positive values FCGI_NEED_MORE and FCGI_DONE are not errors
 * but flow signals of the incremental APIs; every negative value is an error.
 *
 * The enum, fcgi_status_name() and fcgi_strerror() are all generated from
 * FCGI_STATUS_TABLE below, so they cannot drift apart.  Numbers are part of
 * the ABI: never renumber an entry, only append.
 *
 * A message says what went wrong and with which structure ("Insufficient
 * number of octets to parse FCGI_Header").  The one message that embeds a
 * value, "Protocol version mismatch (0x%.2X)", is produced whole by
 * fcgi_format_status().
 */
#ifndef FCGI_STATUS_H
#define FCGI_STATUS_H

#include <stddef.h>

#include "fcgi/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(NAME, NUMBER, MESSAGE) */
#define FCGI_STATUS_TABLE(X)                                                              \
    X(OK,                         0, "Success")                                           \
    X(NEED_MORE,                  1, "Insufficient number of octets; feed more")          \
    X(DONE,                       2, "No more items")                                     \
    X(E_INVALID_ARGUMENT,        -1, "Invalid argument")                                  \
    X(E_BUFFER_TOO_SMALL,        -2, "Output buffer too small")                           \
    X(E_CONTENT_TOO_LONG,        -3, "'content' cannot exceed 65535 octets in length")    \
    X(E_NV_TOO_LONG,             -4, "'name' and 'value' cannot exceed 2147483647 octets in length") \
    X(E_VERSION,                 -5, "Protocol version mismatch")                         \
    X(E_SHORT_HEADER,            -6, "Insufficient number of octets to parse FCGI_Header") \
    X(E_SHORT_BEGIN_REQUEST_BODY,-7, "Insufficient number of octets to parse FCGI_BeginRequestBody") \
    X(E_SHORT_END_REQUEST_BODY,  -8, "Insufficient number of octets to parse FCGI_EndRequestBody") \
    X(E_SHORT_UNKNOWN_TYPE_BODY, -9, "Insufficient number of octets to parse FCGI_UnknownTypeBody") \
    X(E_SHORT_NAME_VALUE_PAIR,  -10, "Insufficient number of octets to parse FCGI_NameValuePair") \
    X(E_SHORT_RECORD,           -11, "Insufficient number of octets to parse FCGI_Record") \
    X(E_MALFORMED_BEGIN_REQUEST,-12, "Malformed record FCGI_BeginRequestRecord")          \
    X(E_MALFORMED_ABORT_REQUEST,-13, "Malformed record FCGI_AbortRequestRecord")          \
    X(E_MALFORMED_END_REQUEST,  -14, "Malformed record FCGI_EndRequestRecord")            \
    X(E_MALFORMED_PARAMS,       -15, "Malformed record FCGI_ParamsRecord")                \
    X(E_MALFORMED_STDIN,        -16, "Malformed record FCGI_StdinRecord")                 \
    X(E_MALFORMED_STDOUT,       -17, "Malformed record FCGI_StdoutRecord")                \
    X(E_MALFORMED_STDERR,       -18, "Malformed record FCGI_StderrRecord")                \
    X(E_MALFORMED_DATA,         -19, "Malformed record FCGI_DataRecord")                  \
    X(E_MALFORMED_GET_VALUES,   -20, "Malformed record FCGI_GetValuesRecord")             \
    X(E_MALFORMED_GET_VALUES_RESULT, -21, "Malformed record FCGI_GetValuesResultRecord")  \
    X(E_MALFORMED_UNKNOWN_TYPE, -22, "Malformed record FCGI_UnknownTypeRecord")           \
    X(E_EOF,                    -23, "End of stream")                                     \
    X(E_UNEXPECTED_EOF,         -24, "Unexpected end of stream inside FCGI_Record")       \
    X(E_IO,                     -25, "I/O error (see errno)")                             \
    X(E_TIMEOUT,                -26, "Timed out")                                       \
    X(E_PAIR_TOO_LONG,          -27, "Name-value pair does not fit one record")         \
    X(E_CGI_HEADERS_TOO_LONG,   -28, "CGI response header block larger than the limit") \
    X(E_CGI_STATUS,             -29, "Malformed or repeated CGI Status header")          \
    X(E_CGI_HEADER,             -30, "Malformed CGI response header line")              \
    X(E_REQUEST_ID_NOT_NULL,    -31, "Request id of a management record must be 0")    \
    X(E_REQUEST_ID_NULL,        -32, "Request id 0 is reserved for management records") \
    X(E_CONTENT_LENGTH,         -33, "Content length wrong for the record type")

typedef enum fcgi_status {
#define FCGI_STATUS_ENUM_(name, num, msg) FCGI_##name = (num),
    FCGI_STATUS_TABLE(FCGI_STATUS_ENUM_)
#undef FCGI_STATUS_ENUM_
} fcgi_status;

/* Returns the message of `st` ("Malformed record FCGI_EndRequestRecord"), a
 * static string.  Unknown values give "Unknown status".  Never NULL. */
FCGI_API const char *fcgi_strerror(fcgi_status st);

/* Returns the enum name of `st` without its prefix ("E_SHORT_HEADER"), a
 * static string.  Unknown values give "UNKNOWN".  Never NULL. */
FCGI_API const char *fcgi_status_name(fcgi_status st);

/* Writes the message of `st` into `buf` (NUL-terminated, truncated to
 * `cap`), adding the detail a static string cannot hold: for FCGI_E_VERSION
 * the offending octet, "Protocol version mismatch (0x02)"; `detail` is
 * ignored for every other status.  Returns the length the whole message has
 * (snprintf semantics).  FCGI_STATUS_MESSAGE_MAX is always enough. */
FCGI_API size_t fcgi_format_status(char *buf, size_t cap, fcgi_status st, unsigned detail);

#define FCGI_STATUS_MESSAGE_MAX 96

#ifdef __cplusplus
}
#endif

#endif /* FCGI_STATUS_H */
