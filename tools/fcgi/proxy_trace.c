/* SPDX-License-Identifier: MIT */
/* proxy_trace.c - one line per FastCGI record of a relayed direction. */
#include "proxy_trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "fcgi/status.h"

#define CONTENT_MAX 65535

void proxy_trace_init(proxy_trace *t, proxy_trace_line_fn line, void *ctx)
{
    memset(t, 0, sizeof *t);
    fcgi_parser_init(&t->parser);
    t->line = line;
    t->ctx = ctx;
}

void proxy_trace_free(proxy_trace *t)
{
    free(t->content);
    t->content = NULL;
}

static void report_record(proxy_trace *t, const fcgi_header *h)
{
    char dump[FCGI_DUMP_MAX];
    size_t n = 0;
    if (fcgi_dump_record_body(dump, sizeof dump, h->type, h->request_id, t->content, t->have,
                              &n) != FCGI_OK)
        snprintf(dump, sizeof dump, "{type %u, request %u: not dumpable}", h->type,
                 h->request_id);
    t->line(t->ctx, dump);
    t->records++;
}

static void report_malformed(proxy_trace *t, fcgi_status st, const fcgi_chunk *c)
{
    char msg[FCGI_STATUS_MESSAGE_MAX];
    fcgi_format_status(msg, sizeof msg, st, c->header.version);
    char text[256];
    snprintf(text, sizeof text,
             "{Malformed FCGI_Record} at stream offset %" PRIu64
             ": %s; forwarding the rest unchanged, no longer parsed",
             c->record_offset, msg);
    t->line(t->ctx, text);
    t->broken = true;
}

int proxy_trace_feed(proxy_trace *t, const void *buf, size_t len)
{
    if (t->broken)
        return 0;
    if (!t->content) {
        t->content = malloc(CONTENT_MAX);
        if (!t->content) {
            t->line(t->ctx, "out of memory: no longer parsing this direction");
            t->broken = true;
            return -1;
        }
    }
    const uint8_t *p = buf;
    while (len > 0) {
        size_t used = 0;
        fcgi_chunk c;
        fcgi_status st = fcgi_parser_feed(&t->parser, p, len, &used, &c);
        p += used;
        len -= used;
        if (st == FCGI_NEED_MORE)
            break;
        if (st != FCGI_OK) {
            report_malformed(t, st, &c);
            break;
        }
        if (c.first)
            t->have = 0;
        /* content_length is 16 bits, so the record always fits. */
        if (c.content.len && t->have + c.content.len <= CONTENT_MAX) {
            memcpy(t->content + t->have, c.content.data, c.content.len);
            t->have += c.content.len;
        }
        if (c.last) {
            report_record(t, &c.header);
            t->next_record = c.record_offset + FCGI_HEADER_LEN + c.header.content_length +
                             c.header.padding_length;
        }
    }
    return 0;
}

void proxy_trace_end(proxy_trace *t)
{
    if (t->broken || fcgi_parser_at_boundary(&t->parser))
        return;
    char text[160];
    snprintf(text, sizeof text,
             "stream ended inside the record that starts at offset %" PRIu64, t->next_record);
    t->line(t->ctx, text);
}
