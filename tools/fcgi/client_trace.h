/* SPDX-License-Identifier: MIT */
/* client_trace.h - `--trace`: one line per record sent or received, as the
 * codec's dump string, with a wall-clock timestamp, the time since the
 * command started, the connection and the direction:
 *
 *   14:03:07.512047 +0.412ms c1 > {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, 0}}
 *   14:03:07.515872 +4.237ms c1 < {FCGI_STDOUT, 1, "Content-type: ..."}
 *
 * ">" is client to server, "<" server to client.  Lines go to the stream
 * given at init (stderr for the tools) and are written whole, so traces of
 * several connections interleave by line, never within one. */
#ifndef FCGI_TOOL_CLIENT_TRACE_H
#define FCGI_TOOL_CLIENT_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct client_trace {
    FILE *out;        /* NULL: tracing off */
    int64_t start_us; /* monotonic time the command started */
} client_trace;

void client_trace_init(client_trace *t, FILE *out);

/* Traces every record in buf[0..len), which holds whole records (a trailing
 * partial record is traced as the codec dumps it: malformed). */
void client_trace_records(const client_trace *t, unsigned conn, char dir, const void *buf,
                          size_t len);

/* Traces a free-form note (connects, closes, errors) in the same layout. */
void client_trace_note(const client_trace *t, unsigned conn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
