/* SPDX-License-Identifier: MIT */
/*
 * fcgi/protocol.h - build and parse every FastCGI 1.0 message.
 *
 * Headers, the discrete bodies and records, name-value pairs, whole records
 * and streams, the messages that begin and end a request, a one-line dump
 * of any record, and the names and classes of types, roles and protocol
 * statuses.
 *
 * Conventions, shared by every function here:
 *
 * - Nothing allocates, nothing does I/O, nothing keeps state: every function
 *   is reentrant and thread-safe.
 *
 * - Builders:  fcgi_status fcgi_build_X(void *buf, size_t cap, ..., size_t *len)
 *   write the message into buf[0..cap).  *len (never NULL) always receives
 *   the number of octets the message has.
 *     buf == NULL            -> FCGI_OK, nothing written (a size query);
 *     cap < *len             -> FCGI_E_BUFFER_TOO_SMALL, nothing written;
 *     otherwise              -> FCGI_OK, *len octets written.
 *   Argument errors (content over 65535 octets for one record, a name or
 *   value over 2^31-1 octets) are reported before the size check.
 *
 * - Parsers read octets from (buf, len) and return spans pointing into buf:
 *   nothing is copied, and a span is valid as long as the caller's buffer.
 *   On error the outputs are unspecified.
 *
 * - Integer arguments are range-limited by their C types (uint8_t type,
 *   uint16_t request id, ...), so every value given is the value written.
 *
 * Lengths from the wire are never added before they are checked: every
 * length is compared against what remains of the input by subtraction.
 */
#ifndef FCGI_PROTOCOL_H
#define FCGI_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/constant.h"
#include "fcgi/export.h"
#include "fcgi/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A run of octets owned by somebody else. */
typedef struct fcgi_span {
    const uint8_t *data; /* may be NULL when len == 0 */
    size_t len;
} fcgi_span;

/* One name-value pair; both spans point into the parsed (or to-be-built)
 * octets. */
typedef struct fcgi_nv_pair {
    fcgi_span name;
    fcgi_span value;
} fcgi_nv_pair;

/* FCGI_Header, decoded. */
typedef struct fcgi_header {
    uint8_t version;
    uint8_t type;
    uint16_t request_id;
    uint16_t content_length;
    uint8_t padding_length;
    uint8_t reserved; /* ignored by every check, reported for inspection */
} fcgi_header;

/* FCGI_BeginRequestBody. */
typedef struct fcgi_begin_request_body {
    uint16_t role;
    uint8_t flags;
} fcgi_begin_request_body;

/* FCGI_EndRequestBody. */
typedef struct fcgi_end_request_body {
    uint32_t app_status;
    uint8_t protocol_status;
} fcgi_end_request_body;

/* A record with its body decoded by type.  Which body fields are
 * meaningful depends on `type`:
 *   FCGI_BEGIN_REQUEST            role, flags
 *   FCGI_END_REQUEST              app_status, protocol_status
 *   FCGI_UNKNOWN_TYPE             unknown_type
 *   FCGI_GET_VALUES(_RESULT)      content holds well-formed name-value pairs
 *                                 (walk them with fcgi_params_iter)
 *   streams and unknown types     content
 * `content` is always the record's content span (padding excluded); the
 * other fields are zero when not meaningful. */
typedef struct fcgi_record {
    uint8_t type;
    uint16_t request_id;
    fcgi_span content;
    uint16_t role;
    uint8_t flags;
    uint32_t app_status;
    uint8_t protocol_status;
    uint8_t unknown_type;
} fcgi_record;

/* ---- FCGI_Header ------------------------------------------------------ */

/* Builds the 8-octet header {1, type, request_id, content_length,
 * padding_length, 0}.  Returns FCGI_OK or FCGI_E_BUFFER_TOO_SMALL. */
FCGI_API fcgi_status fcgi_build_header(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                                       uint16_t content_length, uint8_t padding_length,
                                       size_t *len);

/* Parses the first 8 octets of buf.  The reserved octet is reported but
 * never checked.  Returns FCGI_OK, FCGI_E_SHORT_HEADER (len < 8) or
 * FCGI_E_VERSION (version octet != 1; out->version tells which). */
FCGI_API fcgi_status fcgi_parse_header(const void *buf, size_t len, fcgi_header *out);

/* ---- Discrete bodies (8 octets each) ---------------------------------- */

/* {role(2), flags(1), 0 x 5}.  FCGI_OK or FCGI_E_BUFFER_TOO_SMALL. */
FCGI_API fcgi_status fcgi_build_begin_request_body(void *buf, size_t cap, uint16_t role,
                                                   uint8_t flags, size_t *len);
/* Reads the first 8 octets; reserved octets ignored.  FCGI_OK or
 * FCGI_E_SHORT_BEGIN_REQUEST_BODY (len < 8). */
FCGI_API fcgi_status fcgi_parse_begin_request_body(const void *buf, size_t len,
                                                   fcgi_begin_request_body *out);

/* {app_status(4), protocol_status(1), 0 x 3}. */
FCGI_API fcgi_status fcgi_build_end_request_body(void *buf, size_t cap, uint32_t app_status,
                                                 uint8_t protocol_status, size_t *len);
/* FCGI_OK or FCGI_E_SHORT_END_REQUEST_BODY. */
FCGI_API fcgi_status fcgi_parse_end_request_body(const void *buf, size_t len,
                                                 fcgi_end_request_body *out);

/* {type(1), 0 x 7}. */
FCGI_API fcgi_status fcgi_build_unknown_type_body(void *buf, size_t cap, uint8_t type,
                                                  size_t *len);
/* FCGI_OK or FCGI_E_SHORT_UNKNOWN_TYPE_BODY. */
FCGI_API fcgi_status fcgi_parse_unknown_type_body(const void *buf, size_t len, uint8_t *type);

/* ---- Discrete records (16 octets each) -------------------------------- */

FCGI_API fcgi_status fcgi_build_begin_request_record(void *buf, size_t cap, uint16_t request_id,
                                                     uint16_t role, uint8_t flags, size_t *len);
FCGI_API fcgi_status fcgi_build_end_request_record(void *buf, size_t cap, uint16_t request_id,
                                                   uint32_t app_status, uint8_t protocol_status,
                                                   size_t *len);
/* Request id is FCGI_NULL_REQUEST_ID, as the spec requires. */
FCGI_API fcgi_status fcgi_build_unknown_type_record(void *buf, size_t cap, uint8_t type,
                                                    size_t *len);

/* ---- Name-value pairs ------------------------------------------------- */

/* Encodes pairs[0..n) in the caller's order: each length in 1 octet when
 * below 128, otherwise in 4 octets with the high bit set, then name, then
 * value.
 * Returns FCGI_OK, FCGI_E_BUFFER_TOO_SMALL, FCGI_E_NV_TOO_LONG (a name or
 * value over 2^31-1 octets) or FCGI_E_INVALID_ARGUMENT (pairs NULL with
 * n > 0, a span with NULL data and non-zero length, or a total size that
 * does not fit a size_t).  On an argument error *len is 0. */
FCGI_API fcgi_status fcgi_build_params(void *buf, size_t cap, const fcgi_nv_pair *pairs, size_t n,
                                       size_t *len);

/* Decodes every pair of buf[0..len) into pairs[0..max), in wire order,
 * duplicate names included.  *count receives the number of pairs in the input, even
 * when that is more than max.  pairs may be NULL when max is 0 (a count).
 * Returns FCGI_OK, FCGI_E_SHORT_NAME_VALUE_PAIR (malformed or truncated;
 * nothing beyond the first `max` pairs is written), or
 * FCGI_E_BUFFER_TOO_SMALL (well-formed, but more than max pairs; the first
 * max are written). */
FCGI_API fcgi_status fcgi_parse_params(const void *buf, size_t len, fcgi_nv_pair *pairs,
                                       size_t max, size_t *count);

/* true when buf[0..len) is a sequence of zero or more well-formed pairs.
 * buf may be NULL when len is 0: the empty sequence, true. */
FCGI_API bool fcgi_check_params(const void *buf, size_t len);

/* Iterator over the pairs of a contiguous buffer, for callers that do not
 * want an array.  Zero-initialise with fcgi_params_iter_init(). */
typedef struct fcgi_params_iter {
    const uint8_t *_p;
    size_t _left;
} fcgi_params_iter;

FCGI_API void fcgi_params_iter_init(fcgi_params_iter *it, const void *buf, size_t len);
/* Returns FCGI_OK with the next pair in *out, FCGI_DONE at the end of the
 * input, or FCGI_E_SHORT_NAME_VALUE_PAIR (the iterator then stays at the
 * bad pair and keeps returning the error). */
FCGI_API fcgi_status fcgi_params_next(fcgi_params_iter *it, fcgi_nv_pair *out);

/* ---- Records ---------------------------------------------------------- */

/* Builds one record: header, content, then zero padding up to a multiple of
 * 8 ((8 - len % 8) % 8 octets), as the specification recommends.
 * content may be NULL when content_len is 0.  Returns FCGI_OK,
 * FCGI_E_BUFFER_TOO_SMALL, FCGI_E_CONTENT_TOO_LONG (content_len > 65535)
 * or FCGI_E_INVALID_ARGUMENT (content NULL with content_len > 0). */
FCGI_API fcgi_status fcgi_build_record(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                                       const void *content, size_t content_len, size_t *len);

/* Parses the record at the start of buf, then its body as
 * fcgi_parse_record_body() does.  Only header and content must be
 * present; the padding need not be.  *record_len (may be NULL) receives fcgi_get_record_length().
 * Returns FCGI_OK, FCGI_E_SHORT_HEADER, FCGI_E_VERSION, FCGI_E_SHORT_RECORD
 * or any error of fcgi_parse_record_body(). */
FCGI_API fcgi_status fcgi_parse_record(const void *buf, size_t len, fcgi_record *out,
                                       size_t *record_len);

/* The two rules the specification sets for a record of `type`, one
 * function each, so that a caller told FCGI_E_MALFORMED_<TYPE> can say
 * which rule the record broke (fcgi_parse_record_body() checks both).
 * Unknown types meet both rules with any request id and any content length
 * up to 65535.
 *
 * fcgi_check_request_id(): management records (GET_VALUES,
 * GET_VALUES_RESULT, UNKNOWN_TYPE) carry request id 0, application records
 * (BEGIN_REQUEST to DATA) any other.  Returns FCGI_OK,
 * FCGI_E_REQUEST_ID_NOT_NULL (a management record with another id) or
 * FCGI_E_REQUEST_ID_NULL (an application record with id 0). */
FCGI_API fcgi_status fcgi_check_request_id(uint8_t type, uint16_t request_id);

/* fcgi_check_content_length(): BEGIN_REQUEST, END_REQUEST and UNKNOWN_TYPE
 * carry 8 octets of content, ABORT_REQUEST none, every other type any
 * number up to 65535.  Returns FCGI_OK, FCGI_E_CONTENT_LENGTH (not the
 * type's fixed length) or FCGI_E_CONTENT_TOO_LONG (over 65535, whatever the
 * type). */
FCGI_API fcgi_status fcgi_check_content_length(uint8_t type, size_t content_len);

/* Interprets a record's content by type:
 *   BEGIN_REQUEST   id != 0 and 8 octets, else FCGI_E_MALFORMED_BEGIN_REQUEST
 *   ABORT_REQUEST   id != 0 and 0 octets, else FCGI_E_MALFORMED_ABORT_REQUEST
 *   END_REQUEST     id != 0 and 8 octets, else FCGI_E_MALFORMED_END_REQUEST
 *   PARAMS STDIN STDOUT STDERR DATA
 *                   id != 0, else FCGI_E_MALFORMED_<TYPE>
 *   GET_VALUES(_RESULT)
 *                   id == 0, else FCGI_E_MALFORMED_<TYPE>; then the content
 *                   must be well-formed pairs, else FCGI_E_SHORT_NAME_VALUE_PAIR
 *   UNKNOWN_TYPE    id == 0 and 8 octets, else FCGI_E_MALFORMED_UNKNOWN_TYPE
 *   anything else   accepted, content passed through
 * content over 65535 octets gives FCGI_E_CONTENT_TOO_LONG first, content
 * NULL with content_len > 0 FCGI_E_INVALID_ARGUMENT. */
FCGI_API fcgi_status fcgi_parse_record_body(uint8_t type, uint16_t request_id, const void *content,
                                            size_t content_len, fcgi_record *out);

/* ---- Debugging -------------------------------------------------------- */

/* Large enough for every string fcgi_dump_record*() produces, NUL included. */
#define FCGI_DUMP_MAX 128

/* Writes a one-line description of the record at the start of buf into
 * buf_out (NUL-terminated), e.g.
 *   {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, FCGI_KEEP_CONN}}
 *   {FCGI_END_REQUEST, 1, {0, FCGI_REQUEST_COMPLETE}}
 *   {FCGI_PARAMS, 1, "\016\004REQUEST_METHODPOST\013\006SCRIPT_NAME/hello"}
 *   {FCGI_STDOUT, 1, "Status: 200\r\n ... "}
 *   {Malformed FCGI_Record}   (short, cut before the end of its padding, or
 *                              a version other than 1)
 * The type and request id, then the body: for BEGIN_REQUEST, END_REQUEST
 * and UNKNOWN_TYPE its fields (or "{Malformed FCGI_BeginRequestBody
 * (expected 8 octets got N)}" and the like); for PARAMS, GET_VALUES and
 * GET_VALUES_RESULT the pairs, length octets in octal and names and values
 * as text (or "Malformed FCGI_NameValuePair(s)"); for any other type the
 * content, as text with C escapes when at least 70 % of its octets are
 * printable or white space, else as \xNN for every octet.  Quoted text
 * longer than 78 characters is cut to 73 and ends in " ... ".  Names of
 * unknown values are hexadecimal, as fcgi_get_type_name() gives them.
 * *out_len receives the length without the NUL, always below
 * FCGI_DUMP_MAX.  Builder convention otherwise (cap must leave room for
 * the NUL). */
FCGI_API fcgi_status fcgi_dump_record(char *buf_out, size_t cap, const void *buf, size_t len,
                                      size_t *out_len);

/* The same for a record given as its parts.  content may be NULL when
 * content_len is 0. */
FCGI_API fcgi_status fcgi_dump_record_body(char *buf_out, size_t cap, uint8_t type,
                                           uint16_t request_id, const void *content,
                                           size_t content_len, size_t *out_len);

/* ---- Streams and whole messages --------------------------------------- */

/* Builds `content` as a series of `type` records: full records of 32760
 * octets without padding, then the remainder as fcgi_build_record() would,
 * then, when `terminate`, an empty record.  Empty content without
 * terminate builds nothing (*len = 0).  FCGI_E_INVALID_ARGUMENT when
 * content is NULL with content_len > 0, or when the stream's size does not
 * fit a size_t. */
FCGI_API fcgi_status fcgi_build_stream(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                                       const void *content, size_t content_len, bool terminate,
                                       size_t *len);

/* BEGIN_REQUEST record, then the params as a terminated FCGI_PARAMS
 * stream, then, when stdin_ is not NULL, a terminated FCGI_STDIN stream,
 * then, when data is not NULL, a terminated FCGI_DATA stream.  data may
 * only be given with stdin_ (FCGI_E_INVALID_ARGUMENT otherwise).
 * An empty span still produces the terminating empty record.  Errors:
 * those of fcgi_build_params(), FCGI_E_INVALID_ARGUMENT for a span with
 * NULL data and non-zero length. */
FCGI_API fcgi_status fcgi_build_begin_request(void *buf, size_t cap, uint16_t request_id,
                                              uint16_t role, uint8_t flags,
                                              const fcgi_nv_pair *params, size_t nparams,
                                              const fcgi_span *stdin_, const fcgi_span *data,
                                              size_t *len);

/* Flags of fcgi_build_params_records(). */
#define FCGI_PARAMS_TERMINATE 0x1u /* end the stream with the empty record */
#define FCGI_PARAMS_SPLIT     0x2u /* cut a pair larger than one record across
                                    * records instead of failing */

/* Builds pairs[0..n) as FCGI_PARAMS records in
 * which every pair lies whole within one record, the way nginx sends them:
 * pairs are packed in order into records of at most max_content octets of
 * content (1..65535; FCGI_MAX_CONTENT_LEN is what nginx uses), a new
 * record begins when the next pair does not fit the current one, and each
 * record is padded to a multiple of 8 octets.  With FCGI_PARAMS_TERMINATE
 * the empty record follows.  No empty record is written otherwise, so no
 * pairs and no flag build nothing (*len = 0).
 *
 * The specification lets a pair span records, but php-fpm, among others,
 * rejects such a stream (it resets the connection); fcgi_build_stream()
 * and fcgi_build_begin_request() cut the content every FCGI_SEGMENT_LEN
 * octets wherever that falls; this function never cuts a pair unless
 * asked to.
 *
 * A pair whose encoding (length prefixes, name, value) exceeds
 * max_content fails the whole build with FCGI_E_PAIR_TOO_LONG, unless
 * flags has FCGI_PARAMS_SPLIT: then that pair alone is cut, filling the
 * current record and as many more as it needs, and packing goes on after
 * its last octet.  fcgi_build_params(NULL, 0, &pair, 1, &size) gives the
 * size of one pair's encoding, to find the one that does not fit.
 *
 * Builder convention.  Returns FCGI_OK, FCGI_E_BUFFER_TOO_SMALL,
 * FCGI_E_PAIR_TOO_LONG, FCGI_E_NV_TOO_LONG (a name or value over 2^31-1
 * octets) or FCGI_E_INVALID_ARGUMENT (max_content 0 or over 65535, an
 * unknown flag, the argument errors of fcgi_build_params(), or a size that
 * does not fit a size_t); on any of the last three, and on
 * FCGI_E_PAIR_TOO_LONG, *len is 0. */
FCGI_API fcgi_status fcgi_build_params_records(void *buf, size_t cap, uint16_t request_id,
                                               const fcgi_nv_pair *pairs, size_t n,
                                               size_t max_content, unsigned flags, size_t *len);

/* When stdout_ is not NULL a terminated FCGI_STDOUT stream, then when
 * stderr_ is not NULL a terminated FCGI_STDERR stream (stderr_ requires
 * stdout_: FCGI_E_INVALID_ARGUMENT otherwise), then the END_REQUEST record.
 * Errors as fcgi_build_begin_request(). */
FCGI_API fcgi_status fcgi_build_end_request(void *buf, size_t cap, uint16_t request_id,
                                            uint32_t app_status, uint8_t protocol_status,
                                            const fcgi_span *stdout_, const fcgi_span *stderr_,
                                            size_t *len);

/* ---- Lengths, names, classes ------------------------------------------ */

/* 8 + contentLength + paddingLength of the header at the start of buf, or 0
 * when len < 8.  The version is not checked. */
FCGI_API size_t fcgi_get_record_length(const void *buf, size_t len);

/* Room for any fallback name ("0xFFFF" and the NUL). */
#define FCGI_NAME_BUF_LEN 8

/* Names: "FCGI_BEGIN_REQUEST" ... for known values, a static string; for
 * any other value a hexadecimal fallback ("0x%.2X" for
 * types and protocol statuses, "0x%.4X" for roles), written into `buf`
 * (FCGI_NAME_BUF_LEN octets) and returned.  When buf is NULL, unknown
 * values return NULL. */
FCGI_API const char *fcgi_get_type_name(uint8_t type, char *buf);
FCGI_API const char *fcgi_get_role_name(uint16_t role, char *buf);
FCGI_API const char *fcgi_get_protocol_status_name(uint8_t protocol_status, char *buf);

/* Classes: known = 1..11; management = GET_VALUES, GET_VALUES_RESULT,
 * UNKNOWN_TYPE; discrete = BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST and the
 * three management types; stream = PARAMS, STDIN, STDOUT, STDERR, DATA. */
FCGI_API bool fcgi_is_known_type(uint8_t type);
FCGI_API bool fcgi_is_management_type(uint8_t type);
FCGI_API bool fcgi_is_discrete_type(uint8_t type);
FCGI_API bool fcgi_is_stream_type(uint8_t type);

#ifdef __cplusplus
}
#endif

#endif /* FCGI_PROTOCOL_H */
