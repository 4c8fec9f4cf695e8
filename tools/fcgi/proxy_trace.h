/* SPDX-License-Identifier: MIT */
/* proxy_trace.h - turns one direction of a relayed byte stream into one
 * line per FastCGI record, as the codec's fcgi_dump_record_body() writes it.
 *
 * The octets are fed as they arrive, in pieces of any size, to the codec's
 * incremental fcgi_parser.  A record's content is assembled (at most 65535
 * octets, the protocol's own limit, so memory is bounded) because the dump
 * of a PARAMS record, and the text/binary choice for streams, looks at the
 * whole content.  The first malformed header is reported once; after it
 * the direction is no longer parsed (the proxy keeps forwarding it). */
#ifndef FCGI_TOOL_PROXY_TRACE_H
#define FCGI_TOOL_PROXY_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/parser.h"

/* Receives one line of text (no newline). */
typedef void (*proxy_trace_line_fn)(void *ctx, const char *line);

typedef struct proxy_trace {
    fcgi_parser parser;
    uint8_t *content;      /* 65535 octets, allocated on first use */
    size_t have;           /* content octets of the current record so far */
    uint64_t next_record;  /* stream offset where the next record starts */
    uint64_t records;      /* complete records reported */
    bool broken;           /* malformed input seen: no more parsing */
    proxy_trace_line_fn line;
    void *ctx;
} proxy_trace;

/* Prepares t; every record and diagnostic is handed to line(ctx, text). */
void proxy_trace_init(proxy_trace *t, proxy_trace_line_fn line, void *ctx);

/* Releases what t allocated. */
void proxy_trace_free(proxy_trace *t);

/* Parses the next len octets of the direction.  Returns -1 only when the
 * content buffer cannot be allocated (the direction is then marked broken
 * and reported so), 0 otherwise. */
int proxy_trace_feed(proxy_trace *t, const void *buf, size_t len);

/* The direction ended: reports a stream that stopped inside a record. */
void proxy_trace_end(proxy_trace *t);

#endif
