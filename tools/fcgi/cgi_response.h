/* SPDX-License-Identifier: MIT */
/* cgi_response.h - what a responder sends back on FCGI_STDOUT: CGI header
 * lines, an empty line, the body (RFC 3875 section 6).
 *
 * The header block is gathered (at most header_max octets) and read by
 * the codec's fcgi_cgi_parse(), which decides what a valid block is and
 * what the status is.  The body is passed on as it arrives, once the block
 * is complete and accepted; nothing of a refused or unfinished block is
 * passed on.  STDERR content is passed on too.  Both are watched for the
 * messages of well-known php-fpm failures, for which cgi_response_hint()
 * has a one-line explanation. */
#ifndef FCGI_TOOL_CGI_RESPONSE_H
#define FCGI_TOOL_CGI_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fcgi/fcgi.h"

/* Default cap on the header block. */
#define CGI_HEADER_MAX 65536

typedef struct cgi_response {
    FILE *body_out;          /* NULL: the body is discarded */
    FILE *err_out;           /* NULL: STDERR content is discarded */
    bool include_headers;    /* copy the header block to body_out (-i) */
    const char *limit_hint;  /* appended to the message about a block over
                              * the cap, e.g. how to raise it; may be NULL */
    uint64_t body_max;       /* 0, or the most body octets accepted: a
                              * larger body is refused, as a bad header
                              * block is (set after cgi_response_init) */
    bool body_over;          /* ... and this one was larger */
    bool headers_done;       /* the block is complete and accepted */
    fcgi_status header_error;/* FCGI_OK, a fcgi_cgi_parse() error, or, after
                              * cgi_response_finish(), FCGI_NEED_MORE for a
                              * STDOUT that ended before the block did */
    char bad_line[72];       /* the refused header line, shown escaped */
    bool stdout_seen;        /* an FCGI_STDOUT record arrived */
    uint64_t stdout_len;     /* STDOUT octets received */
    int status;              /* 200 until the block says otherwise */
    bool status_given;       /* a Status: header was seen */
    char reason[96];         /* reason phrase of the Status: header */
    char location[256];
    uint64_t body_len;
    uint64_t stderr_len;
    bool err_open_line;      /* STDERR so far does not end with a newline */
    char body_head[64];      /* first octets of the body, for hints */
    size_t body_head_len;
    char err_tail[96];       /* last octets of STDERR seen so far, so a
                              * message split across records is found */
    size_t err_tail_len;
    unsigned seen;           /* bit set of the php-fpm messages seen */
    fcgi_cgi_parser parser;
    size_t hlen;             /* octets of the block gathered */
    size_t hcap;             /* allocated, grows up to hmax */
    size_t hmax;
    char *hdr;               /* hcap octets, owned */
} cgi_response;

/* Prepares r; header_max bounds the header block (0: CGI_HEADER_MAX).
 * Nothing is allocated until STDOUT arrives.  Release with
 * cgi_response_free(). */
void cgi_response_init(cgi_response *r, FILE *body_out, FILE *err_out, bool include_headers,
                       size_t header_max);

/* Starts over for a new response on the same outputs (keeps the buffer). */
void cgi_response_reset(cgi_response *r);

void cgi_response_free(cgi_response *r);

/* Content of an FCGI_STDOUT record (an empty one too).  Returns 0; -1 when
 * writing failed or memory ran out (errno set); -2 when the response is
 * refused: its header block (r->header_error), or a body over body_max
 * (cgi_response_problem() says why; the caller should stop reading: every
 * later call returns -2 again and passes nothing on). */
int cgi_response_stdout(cgi_response *r, const void *data, size_t len);

/* Content of an FCGI_STDERR record. */
void cgi_response_stderr(cgi_response *r, const void *data, size_t len);

/* End of the response: a header block still unfinished becomes
 * header_error FCGI_NEED_MORE. */
void cgi_response_finish(cgi_response *r);

/* Why the response cannot be trusted, as one line in buf (cap octets), or
 * NULL when its header block was accepted (and its body within body_max). */
const char *cgi_response_problem(const cgi_response *r, char *buf, size_t cap);

/* A one-line explanation for a recognised failure, or NULL. */
const char *cgi_response_hint(const cgi_response *r);

#endif
