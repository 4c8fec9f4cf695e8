/* SPDX-License-Identifier: MIT */
/*
 * fcgi/constant.h - the constants of the FastCGI 1.0 protocol.
 *
 * Names and values are those of the specification (section 8, "Types and
 * Constants"), plus a few limits derived from it.  Every macro that also appears
 * in the specification's own <fastcgi.h> (shipped by libfcgi) is spelled
 * with exactly the same replacement tokens, so a translation unit may
 * include both headers: an identical redefinition is legal C.
 */
#ifndef FCGI_CONSTANT_H
#define FCGI_CONSTANT_H

/* Listening socket file number (spec section 2.2). */
#define FCGI_LISTENSOCK_FILENO 0

/* Number of octets in an FCGI_Header. */
#define FCGI_HEADER_LEN  8

/* Value for the version component of FCGI_Header. */
#define FCGI_VERSION_1           1

/* Values for the type component of FCGI_Header. */
#define FCGI_BEGIN_REQUEST       1
#define FCGI_ABORT_REQUEST       2
#define FCGI_END_REQUEST         3
#define FCGI_PARAMS              4
#define FCGI_STDIN               5
#define FCGI_STDOUT              6
#define FCGI_STDERR              7
#define FCGI_DATA                8
#define FCGI_GET_VALUES          9
#define FCGI_GET_VALUES_RESULT  10
#define FCGI_UNKNOWN_TYPE       11
#define FCGI_MAXTYPE (FCGI_UNKNOWN_TYPE)

/* Value for the requestId component of FCGI_Header. */
#define FCGI_NULL_REQUEST_ID     0

/* Mask for the flags component of FCGI_BeginRequestBody. */
#define FCGI_KEEP_CONN  1

/* Values for the role component of FCGI_BeginRequestBody. */
#define FCGI_RESPONDER  1
#define FCGI_AUTHORIZER 2
#define FCGI_FILTER     3

/* Values for the protocolStatus component of FCGI_EndRequestBody. */
#define FCGI_REQUEST_COMPLETE 0
#define FCGI_CANT_MPX_CONN    1
#define FCGI_OVERLOADED       2
#define FCGI_UNKNOWN_ROLE     3

/* Variable names for FCGI_GET_VALUES / FCGI_GET_VALUES_RESULT records. */
#define FCGI_MAX_CONNS  "FCGI_MAX_CONNS"
#define FCGI_MAX_REQS   "FCGI_MAX_REQS"
#define FCGI_MPXS_CONNS "FCGI_MPXS_CONNS"

/* Largest contentLength of a record, under the spec's <fastcgi.h> name
 * (FCGI_MAX_LENGTH) and the two other names in use for it. */
#define FCGI_MAX_LENGTH 0xffff
#define FCGI_MAX_CONTENT_LEN 0xffff
#define FCGI_MAX_LEN 0xffff

/* Not in the specification: derived limits used throughout this library. */

/* Largest paddingLength of a record. */
#define FCGI_MAX_PADDING_LEN 0xff
/* Largest complete record: header + 65535 content + 255 padding = 65798. */
#define FCGI_MAX_RECORD_LEN (FCGI_HEADER_LEN + FCGI_MAX_CONTENT_LEN + FCGI_MAX_PADDING_LEN)
/* Largest name or value length a name-value pair can encode (31 bits). */
#define FCGI_MAX_NV_LEN 0x7fffffffUL
/* Content octets per record written by fcgi_build_stream (32768 - 8): a
 * header and a full segment make 32 KiB. */
#define FCGI_SEGMENT_LEN (32768 - FCGI_HEADER_LEN)

#endif /* FCGI_CONSTANT_H */
