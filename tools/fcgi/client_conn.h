/* SPDX-License-Identifier: MIT */
/* client_conn.h - the client side of one FastCGI connection.
 *
 * Sending writes whole records (traced first).  Receiving reads into a
 * buffer and hands the octets to the codec's incremental fcgi_parser, which
 * yields content chunks as soon as they arrive, so a large STDOUT stream is
 * passed on without being collected.  The buffer always keeps the current
 * record from its first header octet, so that --trace can dump every
 * received record whole and discrete records (END_REQUEST,
 * GET_VALUES_RESULT) can be parsed in one piece.
 *
 * Receiving is split into client_conn_next() (buffered octets only; never
 * blocks) and client_conn_fill() (one read), so the same code serves the
 * blocking commands and the poll() loop of the load generator. */
#ifndef FCGI_TOOL_CLIENT_CONN_H
#define FCGI_TOOL_CLIENT_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_trace.h"
#include "fcgi/fcgi.h"

/* Twice the largest record: after compaction a whole record always fits. */
#define CLIENT_CONN_BUF (2 * (FCGI_MAX_RECORD_LEN + 1))

typedef enum client_rx {
    RX_CHUNK,     /* *chunk filled (spans into the connection's buffer,
                   * valid until the next client_conn_fill) */
    RX_NEED_MORE, /* buffered octets used up: call client_conn_fill() */
    RX_DATA,      /* client_conn_fill(): octets arrived */
    RX_EOF,       /* the peer closed the connection (see at_boundary) */
    RX_TIMEOUT,   /* the deadline passed */
    RX_IO,        /* read error, errno set */
    RX_MALFORMED, /* a header with a version other than 1; sticky */
} client_rx;

typedef struct client_conn {
    int fd;
    unsigned id;              /* connection number shown in traces */
    const client_trace *trace;
    fcgi_parser parser;
    uint64_t base;            /* stream offset of buf[0] */
    uint64_t rec_start;       /* stream offset of the current record */
    size_t pos;               /* next buffered octet to feed the parser */
    size_t fill;              /* octets in buf */
    uint64_t received;        /* octets received so far */
    bool malformed;           /* RX_MALFORMED was returned */
    uint8_t bad_version;      /* the version octet when malformed */
    uint8_t buf[CLIENT_CONN_BUF];
} client_conn;

/* Prepares c (which may be large: allocate it, do not put it on a small
 * stack) for the connected descriptor fd. */
void client_conn_init(client_conn *c, int fd, unsigned id, const client_trace *trace);

/* Writes buf[0..len) (whole records), tracing each record first.
 * 0 on success, -1 with errno set (ETIMEDOUT at the deadline). */
int client_conn_send(client_conn *c, const void *buf, size_t len, int64_t deadline_ms);

/* Next chunk from the octets already buffered: RX_CHUNK, RX_NEED_MORE or
 * RX_MALFORMED.  When chunk->last is set, *record / *record_len (either may
 * be NULL) give the whole record's octets. */
client_rx client_conn_next(client_conn *c, fcgi_chunk *chunk, const uint8_t **record,
                           size_t *record_len);

/* One read, waiting at most until deadline_ms (net_now_ms() clock;
 * negative: no limit).  0 reads only what has already arrived; a deadline
 * that has passed gives RX_TIMEOUT without reading, so a server that never
 * stops sending cannot keep the caller past it.  RX_DATA, RX_EOF,
 * RX_TIMEOUT or RX_IO. */
client_rx client_conn_fill(client_conn *c, int64_t deadline_ms);

/* true when the stream so far ends between records. */
bool client_conn_at_boundary(const client_conn *c);

/* Blocking convenience: the next chunk, reading as needed.  Each read waits
 * at most read_timeout_ms (idle time) and never past total_deadline_ms.
 * RX_CHUNK, RX_EOF, RX_TIMEOUT, RX_IO or RX_MALFORMED. */
client_rx client_conn_wait(client_conn *c, fcgi_chunk *chunk, const uint8_t **record,
                           size_t *record_len, int read_timeout_ms, int64_t total_deadline_ms);

#endif
