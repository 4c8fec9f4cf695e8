/* SPDX-License-Identifier: MIT */
/* cgi_response.h - what a responder sends back on FCGI_STDOUT: CGI header
 * lines, an empty line, the body (RFC 3875 section 6).
 *
 * The status is the one of the "Status:" header, 200 when absent, 302 when
 * only "Location:" is given.  Headers are gathered (at most
 * CGI_HEADER_MAX octets) until the empty line; the body is passed on as it
 * arrives.  STDERR content is passed on too.  Both are watched for the
 * messages of well-known php-fpm failures, for which cgi_response_hint()
 * has a one-line explanation. */
#ifndef FCGI_TOOL_CGI_RESPONSE_H
#define FCGI_TOOL_CGI_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Default cap on the header block. */
#define CGI_HEADER_MAX 65536

typedef struct cgi_response {
    FILE *body_out;          /* NULL: the body is discarded */
    FILE *err_out;           /* NULL: STDERR content is discarded */
    bool include_headers;    /* copy the header block to body_out (-i) */
    bool headers_done;
    bool headers_broken;     /* no empty line within hcap octets or
                              * before the end of the stream */
    int status;              /* 200 until a header says otherwise */
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
    size_t hlen;
    size_t hcap;
    char *hdr;               /* hcap octets, owned */
} cgi_response;

/* Prepares r; header_cap bounds the header block (0: CGI_HEADER_MAX).
 * 0, or -1 when out of memory.  Release with cgi_response_free(). */
int cgi_response_init(cgi_response *r, FILE *body_out, FILE *err_out, bool include_headers,
                      size_t header_cap);

/* Starts over for a new response on the same outputs (keeps the buffer). */
void cgi_response_reset(cgi_response *r);

void cgi_response_free(cgi_response *r);

/* Content of an FCGI_STDOUT record.  Returns -1 when writing failed. */
int cgi_response_stdout(cgi_response *r, const void *data, size_t len);

/* Content of an FCGI_STDERR record. */
void cgi_response_stderr(cgi_response *r, const void *data, size_t len);

/* End of STDOUT: an unterminated header block is passed on as body and
 * flagged headers_broken. */
void cgi_response_finish(cgi_response *r);

/* A one-line explanation for a recognised failure, or NULL. */
const char *cgi_response_hint(const cgi_response *r);

#endif
