// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-cgi.h - the CGI response header block at the start of STDOUT
 * (RFC 3875 section 6), as octets: where it ends, what its Status,
 * Content-Type and Location say, and its lines one by one.  No GLib
 * allocation, no Wireshark: spans into the caller's buffer.
 *
 * A block is header lines then an empty line; lines end with LF or CR LF.
 * Every line is "name:value" with a token name and no control octet but HT
 * in the value; a line that starts with white space is refused.  "Status:"
 * is three digits 100 to 999, alone or followed by white space and a
 * reason phrase; anything else, or a second Status line, is refused.
 * Without Status the status is 302 with a Location, else 200.
 */
#ifndef FASTCGI_CGI_H
#define FASTCGI_CGI_H

#include <stdbool.h>
#include <stddef.h>

#include <fcgi/fcgi.h>

typedef enum fastcgi_cgi_result {
    FASTCGI_CGI_OK,          /* the block is complete */
    FASTCGI_CGI_NEED_MORE,   /* no empty line yet */
    FASTCGI_CGI_TOO_LONG,    /* no empty line within max octets */
    FASTCGI_CGI_BAD_STATUS,  /* a Status line as refused above (line tells which) */
    FASTCGI_CGI_BAD_HEADER   /* a line that is not a header (line) */
} fastcgi_cgi_result;

typedef struct fastcgi_cgi_response {
    size_t header_len;       /* octets of the block with its empty line: the
                              * body begins here */
    unsigned status;         /* 100..999 */
    bool status_given;       /* from a Status line, not implied */
    fcgi_span content_type;  /* the first Content-Type value, or {NULL, 0} */
    fcgi_span location;      /* the first Location value */
    fcgi_span line;          /* the line refused, without its line end */
} fastcgi_cgi_response;

/* Reads the header block at the start of buf[0..len), looking at no more
 * than max octets.  Fills *out for FASTCGI_CGI_OK, and out->line for the
 * two refusals. */
fastcgi_cgi_result fastcgi_cgi_parse(const void *buf, size_t len, size_t max,
                                     fastcgi_cgi_response *out);

typedef struct fastcgi_cgi_header {
    fcgi_span name;
    fcgi_span value;         /* white space around it removed */
    size_t offset;           /* of the line, from the block's start */
    size_t line_len;         /* octets of the line without its line end */
} fastcgi_cgi_header;

typedef struct fastcgi_cgi_iter {
    const unsigned char *base;
    size_t pos;
    size_t len;
} fastcgi_cgi_iter;

/* Walks the lines of block[0..len) (normally len = header_len). */
void fastcgi_cgi_iter_init(fastcgi_cgi_iter *it, const void *block, size_t len);

/* FASTCGI_CGI_OK with the next header, FASTCGI_CGI_NEED_MORE at the empty
 * line or the end, FASTCGI_CGI_BAD_HEADER for a line that is not a header
 * (the walk stops there). */
fastcgi_cgi_result fastcgi_cgi_next(fastcgi_cgi_iter *it, fastcgi_cgi_header *out);

/* TRUE when the header's name is `name` (ASCII, without regard to case). */
bool fastcgi_cgi_is(const fastcgi_cgi_header *h, const char *name);

#endif /* FASTCGI_CGI_H */
