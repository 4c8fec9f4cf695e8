/* SPDX-License-Identifier: MIT */
/*
 * fcgi/cgi.h - the CGI response header block a responder sends at the
 * start of FCGI_STDOUT (RFC 3875 section 6).
 *
 * A block is header lines, then an empty line; the body follows.  Lines
 * end with LF or CR LF.  Every line is "name:value": the name one or more
 * token octets (RFC 7230: letters, digits and !#$%&'*+-.^_`|~), nothing
 * between it and the colon; the value may not hold a control octet other
 * than HT (so no NUL and no CR but the one before the LF); white space
 * around the value is not part of it.  A line that starts with white space
 * (an obsolete folded continuation) is refused.  The block may hold no
 * header at all (it is then just the empty line).
 *
 * "Status:" must be exactly three digits, 100 to 999, then the end of the
 * value or white space and a reason phrase ("Status: 404",
 * "Status: 404 Not Found"); anything else ("abc", "-1", "", "0", "042",
 * "20x", "2000", "200OK") is an error, as is a second Status line.  nginx
 * 1.22 answers 502 for "abc", "-1", "", "0" and "20x", and passes "042",
 * "2000" and "200OK" on as a status line HTTP clients reject; a response
 * whose status cannot be trusted is refused here in every case.  RFC 3875
 * asks for a reason phrase; like nginx, this accepts a code alone.
 * Without Status the status is 302 when Location is given
 * (RFC 3875 6.2.3 client redirect), else 200.  Header names compare
 * without regard to case.
 *
 * Nothing here allocates, copies or keeps a pointer to the caller's
 * octets: results are spans into the buffer of the call that returned
 * them.  Functions return FCGI_OK, FCGI_NEED_MORE, FCGI_DONE or one of the
 * negative statuses listed with each.
 */
#ifndef FCGI_CGI_H
#define FCGI_CGI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/export.h"
#include "fcgi/protocol.h"
#include "fcgi/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a complete header block says.  Spans point into the buffer given to
 * the call that filled the struct; an absent header has data NULL and len 0. */
typedef struct fcgi_cgi_response {
    size_t header_len;       /* octets of the block, its empty line included:
                              * the body begins at this offset */
    size_t header_count;     /* header lines in the block */
    unsigned status;         /* 100..999 */
    bool status_given;       /* from a Status line (else implied) */
    fcgi_span status_value;  /* the Status line's value, e.g. "404 Not Found" */
    fcgi_span reason;        /* its reason phrase ("Not Found"), maybe empty */
    fcgi_span content_type;  /* the first Content-Type value */
    fcgi_span location;      /* the first Location value */
    fcgi_span line;          /* after FCGI_E_CGI_STATUS or FCGI_E_CGI_HEADER:
                              * the line refused, without its line end */
} fcgi_cgi_response;

/* Resumable state of fcgi_cgi_parse(); zero-filled by fcgi_cgi_parser_init().
 * Only offsets are kept, never pointers. */
typedef struct fcgi_cgi_parser {
    size_t _scanned;         /* octets examined so far */
    size_t _line;            /* where the line being gathered begins */
    size_t _end;             /* header_len once complete, else 0 */
    size_t _count;
    size_t _status[2];       /* offset and length of the Status value */
    size_t _reason[2];
    size_t _type[2];
    size_t _location[2];
    size_t _bad[2];          /* the line refused */
    unsigned _code;
    unsigned _seen;          /* bit 0 Status, 1 Content-Type, 2 Location */
    fcgi_status _error;      /* sticky error, FCGI_OK when none */
} fcgi_cgi_parser;

/* Starts p on a new response (also clears a sticky error). */
FCGI_API void fcgi_cgi_parser_init(fcgi_cgi_parser *p);

/* Reads the header block at the start of buf[0..len): the response's
 * octets from its first one, as many as have arrived.  Call again with the
 * same octets and any that arrived since (the buffer may move between
 * calls; octets already passed must not change and len must not shrink):
 * each call examines only what it has not seen, so gathering a block piece
 * by piece costs one pass over it.  A one-shot caller (a dissector with the
 * whole stream in memory) calls once.  Only the first `max` octets are ever
 * looked at: the block, empty line included, may be at most max octets.
 *
 * Returns
 *   FCGI_OK                     the block is complete: *out filled (spans
 *                               into buf); again on every later call;
 *   FCGI_NEED_MORE              no complete block yet and len < max; *out
 *                               untouched;
 *   FCGI_E_CGI_HEADERS_TOO_LONG no empty line within the first max octets;
 *   FCGI_E_CGI_STATUS           a Status value as refused above, or a
 *                               second Status line (out->line tells which);
 *   FCGI_E_CGI_HEADER           a line that is not a header as defined
 *                               above (out->line);
 *   FCGI_E_INVALID_ARGUMENT     max 0, buf NULL with len > 0, or len below
 *                               what an earlier call examined.
 * Lines are checked as soon as they are complete, so a bad line is
 * reported without waiting for the rest of the block.  The three CGI
 * errors are sticky: every later call returns the same (with out->line
 * again), until fcgi_cgi_parser_init().  A stream that ends while the
 * result is still FCGI_NEED_MORE has no header block. */
FCGI_API fcgi_status fcgi_cgi_parse(fcgi_cgi_parser *p, const void *buf, size_t len, size_t max,
                                    fcgi_cgi_response *out);

/* One header line of a block. */
typedef struct fcgi_cgi_header {
    fcgi_span name;
    fcgi_span value;         /* white space around it removed */
    size_t offset;           /* of the line's first octet, from the block's start */
    size_t line_len;         /* octets of the line without its line end */
} fcgi_cgi_header;

/* Iterator over the header lines of a block, for callers that show every
 * header (a dissector); zero-initialise with fcgi_cgi_iter_init(). */
typedef struct fcgi_cgi_iter {
    const uint8_t *_base;
    size_t _pos;
    size_t _len;
    fcgi_status _stop;       /* FCGI_DONE or the error once reached */
} fcgi_cgi_iter;

/* block[0..len) is a header block, normally len = out->header_len after
 * fcgi_cgi_parse() returned FCGI_OK. */
FCGI_API void fcgi_cgi_iter_init(fcgi_cgi_iter *it, const void *block, size_t len);

/* Returns FCGI_OK with the next header in *out (spans into block),
 * FCGI_DONE at the empty line, or FCGI_E_CGI_HEADER for a line that is
 * not a header or has no line end within len (the iterator then keeps
 * returning it).  Lines are checked exactly as fcgi_cgi_parse() checks
 * them; Status values are not (fcgi_cgi_parse() does that). */
FCGI_API fcgi_status fcgi_cgi_next(fcgi_cgi_iter *it, fcgi_cgi_header *out);

#ifdef __cplusplus
}
#endif

#endif /* FCGI_CGI_H */
