// SPDX-License-Identifier: MIT
// mux-conn.c - the FastCGI side of one mux-server connection.
#include "mux-conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mux-app.h"

// Stop pumping responses once this much waits for the socket: the rest
// follows when the socket drains, and memory stays bounded.
#define OUT_HIGH_WATER (256 * 1024)

static void logf_conn(const mux_conn *c, const char *what, const fcgi_header *h)
{
    char tbuf[FCGI_NAME_BUF_LEN];
    fprintf(stderr, "mux-server: connection %u: %s (%s, id %u)\n", c->serial, what,
            fcgi_get_type_name(h->type, tbuf), h->request_id);
}

void mux_conn_init(mux_conn *c, int fd, unsigned serial, const mux_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->serial = serial;
    c->cfg = cfg;
    fcgi_parser_init(&c->parser);
}

unsigned mux_conn_active(const mux_conn *c)
{
    unsigned n = 0;
    for (size_t i = 0; i < MUX_MAX_REQS; i++)
        n += c->reqs[i].active;
    return n;
}

static mux_request *find_request(mux_conn *c, uint16_t id)
{
    for (size_t i = 0; i < MUX_MAX_REQS; i++)
        if (c->reqs[i].active && c->reqs[i].id == id)
            return &c->reqs[i];
    return NULL;
}

static void free_request(mux_request *rq)
{
    free(rq->scratch);
    bytebuf_free(&rq->params_text);
    bytebuf_free(&rq->stdin_);
    bytebuf_free(&rq->data);
    bytebuf_free(&rq->out);
    bytebuf_free(&rq->err);
    memset(rq, 0, sizeof *rq);
}

// Appends one record (content up to 65535 octets) to the socket's queue.
static int emit(mux_conn *c, uint8_t type, uint16_t id, const void *content, size_t len)
{
    uint8_t rec[FCGI_HEADER_LEN + FCGI_MAX_CONTENT_LEN + FCGI_MAX_PADDING_LEN];
    size_t n;
    if (fcgi_build_record(rec, sizeof rec, type, id, content, len, &n) != FCGI_OK)
        return -1;
    return bytebuf_append(&c->out, rec, n);
}

static int emit_end(mux_conn *c, uint16_t id, uint32_t app_status, uint8_t protocol_status)
{
    uint8_t rec[16];
    size_t n;
    fcgi_build_end_request_record(rec, sizeof rec, id, app_status, protocol_status, &n);
    return bytebuf_append(&c->out, rec, n);
}

// Ends rq on the wire: terminates STDOUT, sends STDERR (if any) as a
// terminated stream, then END_REQUEST; frees the slot.
static int finish_request(mux_conn *c, mux_request *rq)
{
    int r = emit(c, FCGI_STDOUT, rq->id, NULL, 0);
    if (rq->err.len > 0) {
        for (size_t off = 0; off < rq->err.len; off += FCGI_SEGMENT_LEN) {
            size_t n = rq->err.len - off < FCGI_SEGMENT_LEN ? rq->err.len - off : FCGI_SEGMENT_LEN;
            r |= emit(c, FCGI_STDERR, rq->id, rq->err.data + off, n);
        }
        r |= emit(c, FCGI_STDERR, rq->id, NULL, 0);
    }
    r |= emit_end(c, rq->id, rq->app_status, FCGI_REQUEST_COMPLETE);
    if (!(rq->flags & FCGI_KEEP_CONN))
        c->close_when_flushed = true;
    free_request(rq);
    return r ? -1 : 0;
}

static int on_get_values(mux_conn *c, const fcgi_record *r)
{
    char conns[16], reqs[16];
    snprintf(conns, sizeof conns, "%u", c->cfg->max_conns);
    snprintf(reqs, sizeof reqs, "%u", c->cfg->max_reqs);
    fcgi_nv_pair out[3];
    size_t n = 0;
    fcgi_params_iter it;
    fcgi_nv_pair p;
    fcgi_params_iter_init(&it, r->content.data, r->content.len);
    // Answer the variables asked for that this server knows, in the order
    // asked; the spec says to ignore the others.
    while (fcgi_params_next(&it, &p) == FCGI_OK && n < 3) {
        const char *value = NULL;
        if (p.name.len == strlen(FCGI_MAX_CONNS) && !memcmp(p.name.data, FCGI_MAX_CONNS, p.name.len))
            value = conns;
        else if (p.name.len == strlen(FCGI_MAX_REQS) && !memcmp(p.name.data, FCGI_MAX_REQS, p.name.len))
            value = reqs;
        else if (p.name.len == strlen(FCGI_MPXS_CONNS) &&
                 !memcmp(p.name.data, FCGI_MPXS_CONNS, p.name.len))
            value = "1";
        if (value != NULL) {
            out[n].name = p.name;
            out[n].value = (fcgi_span){(const uint8_t *)value, strlen(value)};
            n++;
        }
    }
    uint8_t body[256];
    size_t len;
    if (fcgi_build_params(body, sizeof body, out, n, &len) != FCGI_OK)
        return -1;
    return emit(c, FCGI_GET_VALUES_RESULT, FCGI_NULL_REQUEST_ID, body, len);
}

static int on_begin(mux_conn *c, const fcgi_record *r)
{
    if (find_request(c, r->request_id) != NULL) {
        fprintf(stderr, "mux-server: connection %u: BEGIN_REQUEST for active id %u ignored\n",
                c->serial, r->request_id);
        return 0;
    }
    if (r->role != FCGI_RESPONDER && r->role != FCGI_AUTHORIZER && r->role != FCGI_FILTER)
        return emit_end(c, r->request_id, 0, FCGI_UNKNOWN_ROLE);
    if (mux_conn_active(c) >= c->cfg->max_reqs)
        return emit_end(c, r->request_id, 0, FCGI_OVERLOADED);
    mux_request *rq = NULL;
    for (size_t i = 0; i < MUX_MAX_REQS && rq == NULL; i++)
        if (!c->reqs[i].active)
            rq = &c->reqs[i];
    rq->scratch = malloc(MUX_NV_SCRATCH);
    if (rq->scratch == NULL)
        return -1;
    rq->active = true;
    rq->id = r->request_id;
    rq->role = r->role;
    rq->flags = r->flags;
    fcgi_nv_decoder_init(&rq->nv, rq->scratch, MUX_NV_SCRATCH);
    return 0;
}

static int on_abort(mux_conn *c, mux_request *rq)
{
    // Drop what was not sent yet; a started STDOUT stream is still closed
    // properly before END_REQUEST.
    int r = rq->stdout_started ? emit(c, FCGI_STDOUT, rq->id, NULL, 0) : 0;
    r |= emit_end(c, rq->id, MUX_ABORTED_STATUS, FCGI_REQUEST_COMPLETE);
    if (!(rq->flags & FCGI_KEEP_CONN))
        c->close_when_flushed = true;
    free_request(rq);
    return r ? -1 : 0;
}

static int on_params(mux_conn *c, mux_request *rq, const fcgi_record *r)
{
    if (rq->params_done) {
        fprintf(stderr, "mux-server: connection %u: PARAMS for id %u after its end, ignored\n",
                c->serial, rq->id);
        return 0;
    }
    if (r->content.len == 0) {
        uint64_t have, want;
        if (fcgi_nv_decoder_finish(&rq->nv, &have, &want) != FCGI_OK)
            bytebuf_printf(&rq->err, "PARAMS ended inside a pair (%llu of %llu octets)\n",
                           (unsigned long long)have, (unsigned long long)want);
        rq->params_done = true;
        return 0;
    }
    // Fed record by record: the decoder carries a pair (or its length
    // prefix) that continues in the next record.
    size_t off = 0;
    while (off < r->content.len) {
        size_t used;
        fcgi_nv_event ev;
        fcgi_status st = fcgi_nv_decoder_feed(&rq->nv, r->content.data + off,
                                              r->content.len - off, &used, &ev);
        off += used;
        if (st != FCGI_OK)
            break;
        if (mux_app_on_param(c->cfg, rq, &ev) != 0)
            return -1;
    }
    return 0;
}

static int on_stream_in(bool *done, bytebuf *into, const fcgi_record *r)
{
    if (*done)
        return 0;
    if (r->content.len == 0) {
        *done = true;
        return 0;
    }
    return bytebuf_append(into, r->content.data, r->content.len);
}

static int on_record(mux_conn *c, const fcgi_header *h, const uint8_t *content, size_t len)
{
    if (c->cfg->verbose) {
        char line[FCGI_DUMP_MAX];
        size_t n;
        fcgi_dump_record_body(line, sizeof line, h->type, h->request_id, content, len, &n);
        fprintf(stderr, "mux-server: connection %u: %s\n", c->serial, line);
    }
    if (!fcgi_is_known_type(h->type))
        return emit(c, FCGI_UNKNOWN_TYPE, FCGI_NULL_REQUEST_ID,
                    (uint8_t[8]){h->type, 0, 0, 0, 0, 0, 0, 0}, 8);

    fcgi_record r;
    fcgi_status st = fcgi_parse_record_body(h->type, h->request_id, content, len, &r);
    if (st != FCGI_OK) {
        logf_conn(c, fcgi_strerror(st), h);
        return -1;
    }
    if (h->type == FCGI_GET_VALUES)
        return on_get_values(c, &r);
    if (h->type == FCGI_BEGIN_REQUEST)
        return on_begin(c, &r);

    mux_request *rq = find_request(c, h->request_id);
    if (h->type != FCGI_ABORT_REQUEST && h->type != FCGI_PARAMS && h->type != FCGI_STDIN &&
        h->type != FCGI_DATA) {
        logf_conn(c, "record a web server does not send, ignored", h);
        return 0;
    }
    if (rq == NULL) {
        // Spec section 3.3: records for inactive ids are ignored.
        logf_conn(c, "record for an inactive request id, ignored", h);
        return 0;
    }
    if (rq->ready) {
        if (h->type == FCGI_ABORT_REQUEST)
            return on_abort(c, rq);
        logf_conn(c, "input after the response started, ignored", h);
        return 0;
    }
    int res = 0;
    switch (h->type) {
    case FCGI_ABORT_REQUEST: return on_abort(c, rq);
    case FCGI_PARAMS: res = on_params(c, rq, &r); break;
    case FCGI_STDIN: res = on_stream_in(&rq->stdin_done, &rq->stdin_, &r); break;
    case FCGI_DATA: res = on_stream_in(&rq->data_done, &rq->data, &r); break;
    }
    if (res == 0 && mux_app_complete(rq)) {
        res = mux_app_respond(c->cfg, c, rq);
        rq->ready = true;
    }
    return res;
}

int mux_conn_input(mux_conn *c, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        size_t used;
        fcgi_chunk ch;
        fcgi_status st = fcgi_parser_feed(&c->parser, buf, len, &used, &ch);
        buf += used;
        len -= used;
        if (st == FCGI_NEED_MORE)
            break;
        if (st != FCGI_OK) {
            char msg[FCGI_STATUS_MESSAGE_MAX];
            fcgi_format_status(msg, sizeof msg, st, ch.header.version);
            fprintf(stderr, "mux-server: connection %u: %s\n", c->serial, msg);
            return -1;
        }
        if (ch.first && ch.last) { // the whole record in this read: no copy
            if (on_record(c, &ch.header, ch.content.data, ch.content.len) != 0)
                return -1;
            continue;
        }
        if (ch.first)
            c->record_len = 0;
        memcpy(c->record + ch.content_offset, ch.content.data, ch.content.len);
        c->record_len = ch.content_offset + ch.content.len;
        if (ch.last && on_record(c, &ch.header, c->record, c->record_len) != 0)
            return -1;
    }
    return 0;
}

int mux_conn_pump(mux_conn *c)
{
    bool progress = true;
    while (progress && c->out.len < OUT_HIGH_WATER) {
        progress = false;
        // One slice per ready request per round, starting where the last
        // round stopped: concurrent responses alternate record by record.
        for (size_t k = 0; k < MUX_MAX_REQS; k++) {
            mux_request *rq = &c->reqs[(c->next_slot + k) % MUX_MAX_REQS];
            if (!rq->active || !rq->ready)
                continue;
            size_t left = rq->out.len - rq->out_sent;
            size_t n = left < c->cfg->slice ? left : c->cfg->slice;
            if (n > 0) {
                if (emit(c, FCGI_STDOUT, rq->id, rq->out.data + rq->out_sent, n) != 0)
                    return -1;
                rq->out_sent += n;
                rq->stdout_started = true;
            }
            if (rq->out_sent == rq->out.len && finish_request(c, rq) != 0)
                return -1;
            progress = true;
        }
        c->next_slot = (c->next_slot + 1) % MUX_MAX_REQS;
    }
    return 0;
}

bool mux_conn_done(const mux_conn *c)
{
    return c->close_when_flushed && c->out.len == 0;
}

void mux_conn_free(mux_conn *c)
{
    for (size_t i = 0; i < MUX_MAX_REQS; i++)
        if (c->reqs[i].active)
            free_request(&c->reqs[i]);
    bytebuf_free(&c->out);
}
