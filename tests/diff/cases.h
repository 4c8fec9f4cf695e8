// SPDX-License-Identifier: MIT
/*
 * cases.h - one differential case: a call of one Net::FastCGI function,
 * asked of Perl (as a request line for oracle.pl) and of the C codec (as
 * the answer line the C codec gives, in the oracle's format).
 *
 * Answers are compared as strings.  Errors compare as the message: Perl's
 * croak text without its "FastCGI: " / "Invalid Argument: " prefix against
 * fcgi_format_status() of the C status.  The one comparison that is not a
 * string equality is build_params with several pairs, whose Perl order is
 * the hash's: there the Perl octets must be a reordering of the C pairs.
 */
#ifndef DIFF_CASES_H
#define DIFF_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/protocol.h"
#include "util.h"

/* Every Perl function the test calls; the order of integer and octet
 * arguments is the oracle's (integers first). */
#define DIFF_KINDS(X)                                  \
    X(BUILD_HEADER, "build_header", 4, 0, 0)            \
    X(PARSE_HEADER, "parse_header", 0, 1, 0)            \
    X(BUILD_BEGIN_BODY, "build_begin_request_body", 2, 0, 0) \
    X(PARSE_BEGIN_BODY, "parse_begin_request_body", 0, 1, 0) \
    X(BUILD_END_BODY, "build_end_request_body", 2, 0, 0) \
    X(PARSE_END_BODY, "parse_end_request_body", 0, 1, 0) \
    X(BUILD_UNKNOWN_BODY, "build_unknown_type_body", 1, 0, 0) \
    X(PARSE_UNKNOWN_BODY, "parse_unknown_type_body", 0, 1, 0) \
    X(BUILD_BEGIN_RECORD, "build_begin_request_record", 3, 0, 0) \
    X(BUILD_END_RECORD, "build_end_request_record", 3, 0, 0) \
    X(BUILD_UNKNOWN_RECORD, "build_unknown_type_record", 1, 0, 0) \
    X(BUILD_RECORD, "build_record", 2, 1, 0)            \
    X(PARSE_RECORD, "parse_record", 0, 1, 0)            \
    X(PARSE_RECORD_BODY, "parse_record_body", 2, 1, 0)  \
    X(BUILD_STREAM, "build_stream", 3, 1, 0)            \
    X(BUILD_BEGIN_REQUEST, "build_begin_request", 3, 2, 1) \
    X(BUILD_END_REQUEST, "build_end_request", 3, 2, 0)  \
    X(BUILD_PARAMS, "build_params", 0, 0, 2)            \
    X(PARSE_PARAMS, "parse_params", 0, 1, 0)            \
    X(CHECK_PARAMS, "check_params", 0, 1, 0)            \
    X(GET_RECORD_LENGTH, "get_record_length", 0, 1, 0)  \
    X(TYPE_NAME, "get_type_name", 1, 0, 0)              \
    X(ROLE_NAME, "get_role_name", 1, 0, 0)              \
    X(PSTATUS_NAME, "get_protocol_status_name", 1, 0, 0) \
    X(IS_KNOWN, "is_known_type", 1, 0, 0)               \
    X(IS_MANAGEMENT, "is_management_type", 1, 0, 0)     \
    X(IS_DISCRETE, "is_discrete_type", 1, 0, 0)         \
    X(IS_STREAM, "is_stream_type", 1, 0, 0)             \
    X(DUMP_RECORD, "dump_record", 0, 1, 0)              \
    X(DUMP_RECORD_BODY, "dump_record_body", 2, 1, 0)

typedef enum dkind {
#define DIFF_KIND_ENUM_(k, perl, ni, no, pairs) K_##k,
    DIFF_KINDS(DIFF_KIND_ENUM_)
#undef DIFF_KIND_ENUM_
    K_COUNT_
} dkind;

/* An octet-string argument.  given == false leaves it out of Perl's
 * argument list and passes NULL to C. */
typedef struct doctets {
    uint8_t *p; /* owned, exactly n octets */
    size_t n;
    bool given;
} doctets;

#define DIFF_MAX_PAIRS 8

typedef struct dcase {
    dkind kind;
    uint32_t a[4];   /* integer arguments, in order */
    doctets o[2];    /* octet arguments, in order */
    fcgi_nv_pair pairs[DIFF_MAX_PAIRS]; /* owned copies (params builders) */
    size_t npairs;
    /* Filled by case_prepare(): Net::FastCGI 0.14 mis-walks this dump (a
     * 4-octet name-value length holding a value below 128). */
    bool perl_dump_bug;
} dcase;

/* Helpers for the generators: take ownership of a copy. */
void case_set_octets(dcase *c, int i, const void *data, size_t n);
void case_add_pair(dcase *c, const void *name, size_t nlen, const void *value, size_t vlen);
void case_free(dcase *c);

/* Decides perl_dump_bug.  Call once the arguments are final. */
void case_prepare(dcase *c);

/* Appends the request line(s) for the oracle: one, or two when
 * perl_dump_bug (the second asks for the corrected dump).  Returns how
 * many. */
size_t case_request(const dcase *c, strbuf *req);

typedef enum verdict { V_IDENTICAL, V_EXPLAINED, V_FAILED } verdict;

/* Computes the C answer and compares it with the oracle's answer(s).
 * On V_FAILED or V_EXPLAINED, `why` receives a readable account. */
verdict case_judge(const dcase *c, char *const *answers, strbuf *why);

/* One-line description of the case's inputs for reports. */
void case_describe(const dcase *c, strbuf *sb);

#endif
