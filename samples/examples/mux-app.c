// SPDX-License-Identifier: MIT
// mux-app.c - the application behind mux-server: echo, authorize, filter.
#include "mux-app.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

// Values longer than this are summarised in the echo, so a 10000-octet
// parameter does not turn into a 10000-octet response.
#define ECHO_VALUE_MAX 120
// Stdin bodies up to this size are echoed back whole.
#define ECHO_STDIN_MAX 4096

static bool span_is(fcgi_span s, const char *text)
{
    size_t n = strlen(text);
    return s.len == n && memcmp(s.data, text, n) == 0;
}

int mux_app_on_param(const mux_config *cfg, mux_request *rq, const fcgi_nv_event *ev)
{
    (void)cfg;
    const fcgi_nv_pair *p = &ev->pair;
    int r = bytebuf_append(&rq->params_text, p->name.data, p->name.len);
    if (ev->truncated || ev->value_len > ECHO_VALUE_MAX) {
        size_t shown = p->value.len < 32 ? p->value.len : 32;
        r |= bytebuf_printf(&rq->params_text, "=<%lu octets%s: ", (unsigned long)ev->value_len,
                            ev->split ? ", split across records" : "");
        r |= bytebuf_append(&rq->params_text, p->value.data, shown);
        r |= bytebuf_printf(&rq->params_text, "...>\n");
    } else {
        r |= bytebuf_printf(&rq->params_text, "=");
        r |= bytebuf_append(&rq->params_text, p->value.data, p->value.len);
        r |= bytebuf_printf(&rq->params_text, "%s\n", ev->split ? "  (split across records)" : "");
    }
    rq->npairs++;

    if (span_is(p->name, "REMOTE_USER") && !ev->truncated) {
        size_t n = p->value.len < sizeof rq->remote_user - 1 ? p->value.len
                                                             : sizeof rq->remote_user - 1;
        memcpy(rq->remote_user, p->value.data, n);
        rq->remote_user[n] = '\0';
    } else if (span_is(p->name, "FCGI_DATA_LENGTH") && p->value.len > 0 && p->value.len < 20) {
        char digits[21];
        memcpy(digits, p->value.data, p->value.len);
        digits[p->value.len] = '\0';
        char *end;
        unsigned long long v = strtoull(digits, &end, 10);
        if (*end == '\0') {
            rq->has_data_length = true;
            rq->data_length = v;
        }
    }
    return r ? -1 : 0;
}

bool mux_app_complete(const mux_request *rq)
{
    switch (rq->role) {
    case FCGI_AUTHORIZER: return rq->params_done;
    case FCGI_FILTER: return rq->params_done && rq->stdin_done && rq->data_done;
    default: return rq->params_done && rq->stdin_done;
    }
}

static int respond_responder(const mux_conn *c, mux_request *rq)
{
    int r = bytebuf_printf(&rq->out,
                           "Status: 200 OK\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n"
                           "\r\n"
                           "mux-server: request %u on connection %u (%u active), %zu params\n",
                           rq->id, c->serial, mux_conn_active(c), rq->npairs);
    r |= bytebuf_append(&rq->out, rq->params_text.data, rq->params_text.len);
    r |= bytebuf_printf(&rq->out, "stdin: %zu octets\n", rq->stdin_.len);
    if (rq->stdin_.len > 0 && rq->stdin_.len <= ECHO_STDIN_MAX) {
        r |= bytebuf_append(&rq->out, rq->stdin_.data, rq->stdin_.len);
        r |= bytebuf_printf(&rq->out, "\n");
    }
    return r ? -1 : 0;
}

static int respond_authorizer(const mux_config *cfg, mux_request *rq)
{
    if (rq->remote_user[0] != '\0' && strcmp(rq->remote_user, cfg->allowed_user) == 0) {
        // Variable-NAME headers are how an authorizer hands variables on
        // to the responder that runs next (spec section 6.3).
        return bytebuf_printf(&rq->out,
                              "Status: 200 OK\r\n"
                              "Variable-AUTH_USER: %s\r\n"
                              "\r\n",
                              rq->remote_user);
    }
    return bytebuf_printf(&rq->out,
                          "Status: 403 Forbidden\r\n"
                          "Content-Type: text/plain\r\n"
                          "\r\n"
                          "access denied for '%s'\n",
                          rq->remote_user);
}

static int respond_filter(mux_request *rq)
{
    int r = bytebuf_printf(&rq->out,
                           "Status: 200 OK\r\n"
                           "Content-Type: text/plain\r\n"
                           "\r\n");
    size_t start = rq->out.len;
    r |= bytebuf_append(&rq->out, rq->data.data, rq->data.len);
    for (size_t i = start; i < rq->out.len; i++)
        rq->out.data[i] = (uint8_t)toupper(rq->out.data[i]);
    if (rq->has_data_length && rq->data_length != rq->data.len)
        r |= bytebuf_printf(&rq->err, "FCGI_DATA_LENGTH is %llu but DATA carried %zu octets\n",
                            rq->data_length, rq->data.len);
    return r ? -1 : 0;
}

int mux_app_respond(const mux_config *cfg, const mux_conn *c, mux_request *rq)
{
    rq->app_status = 0;
    switch (rq->role) {
    case FCGI_AUTHORIZER: return respond_authorizer(cfg, rq);
    case FCGI_FILTER: return respond_filter(rq);
    default: return respond_responder(c, rq);
    }
}
