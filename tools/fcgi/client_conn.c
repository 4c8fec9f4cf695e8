// SPDX-License-Identifier: MIT
/* client_conn.c - see client_conn.h. */
#include "client_conn.h"

#include <errno.h>
#include <string.h>

#include "net.h"

void client_conn_init(client_conn *c, int fd, unsigned id, const client_trace *trace)
{
    c->fd = fd;
    c->id = id;
    c->trace = trace;
    fcgi_parser_init(&c->parser);
    c->base = 0;
    c->rec_start = 0;
    c->pos = 0;
    c->fill = 0;
    c->received = 0;
    c->malformed = false;
    c->bad_version = 0;
}

int client_conn_send(client_conn *c, const void *buf, size_t len, int64_t deadline_ms)
{
    client_trace_records(c->trace, c->id, '>', buf, len);
    return net_write_all(c->fd, buf, len, deadline_ms);
}

client_rx client_conn_next(client_conn *c, fcgi_chunk *chunk, const uint8_t **record,
                           size_t *record_len)
{
    if (c->pos >= c->fill && !c->malformed)
        return RX_NEED_MORE;
    size_t used = 0;
    fcgi_status st = fcgi_parser_feed(&c->parser, c->buf + c->pos, c->fill - c->pos, &used,
                                      chunk);
    c->pos += used;
    if (st == FCGI_NEED_MORE)
        return RX_NEED_MORE;
    if (st != FCGI_OK) {
        if (!c->malformed) {
            c->malformed = true;
            c->bad_version = chunk->header.version;
            /* Show what arrived from the bad header on, as the codec dumps it. */
            size_t at = (size_t)(c->rec_start - c->base);
            if (at < c->fill)
                client_trace_records(c->trace, c->id, '<', c->buf + at, c->fill - at);
        }
        return RX_MALFORMED;
    }
    if (chunk->last) {
        size_t at = (size_t)(chunk->record_offset - c->base);
        size_t n = c->pos - at;
        client_trace_records(c->trace, c->id, '<', c->buf + at, n);
        if (record)
            *record = c->buf + at;
        if (record_len)
            *record_len = n;
        c->rec_start = c->base + c->pos;
    }
    return RX_CHUNK;
}

client_rx client_conn_fill(client_conn *c, int64_t deadline_ms)
{
    /* Keep the current record from its first octet; drop what is before. */
    size_t keep = (size_t)(c->rec_start - c->base);
    if (keep > 0) {
        memmove(c->buf, c->buf + keep, c->fill - keep);
        c->fill -= keep;
        c->pos -= keep;
        c->base += keep;
    }
    if (deadline_ms > 0 && net_now_ms() >= deadline_ms)
        return RX_TIMEOUT;
    long n = net_read_some(c->fd, c->buf + c->fill, sizeof c->buf - c->fill, deadline_ms);
    if (n < 0)
        return errno == ETIMEDOUT ? RX_TIMEOUT : RX_IO;
    if (n == 0)
        return RX_EOF;
    c->fill += (size_t)n;
    c->received += (uint64_t)n;
    return RX_DATA;
}

bool client_conn_at_boundary(const client_conn *c)
{
    return fcgi_parser_at_boundary(&c->parser) && c->pos == c->fill;
}

client_rx client_conn_wait(client_conn *c, fcgi_chunk *chunk, const uint8_t **record,
                           size_t *record_len, int read_timeout_ms, int64_t total_deadline_ms)
{
    for (;;) {
        client_rx r = client_conn_next(c, chunk, record, record_len);
        if (r != RX_NEED_MORE)
            return r;
        int64_t deadline = total_deadline_ms;
        if (read_timeout_ms >= 0) {
            int64_t idle = net_now_ms() + read_timeout_ms;
            if (deadline < 0 || idle < deadline)
                deadline = idle;
        }
        r = client_conn_fill(c, deadline);
        if (r != RX_DATA)
            return r;
    }
}
