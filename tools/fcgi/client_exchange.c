// SPDX-License-Identifier: MIT
/* client_exchange.c - see client_exchange.h. */
#include "client_exchange.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client_exit.h"

long client_parse_duration(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || v < 0 || !isfinite(v))
        return -1;
    double scale = 1000.0;
    if (!strcmp(end, "ms"))
        scale = 1.0;
    else if (!strcmp(end, "m"))
        scale = 60000.0;
    else if (*end && strcmp(end, "s") != 0)
        return -1;
    double ms = v * scale;
    return ms > 86400000.0 ? 86400000L : (long)ms;
}

int client_remaining_ms(const client_timeouts *t, int cap_ms)
{
    if (t->deadline < 0)
        return cap_ms;
    int64_t left = t->deadline - net_now_ms();
    if (left < 0)
        left = 0;
    if (cap_ms >= 0 && left > cap_ms)
        left = cap_ms;
    return (int)left;
}

uint8_t *client_build_request(uint16_t id, uint16_t role, bool keep_conn, const cgi_params *p,
                              const fcgi_span *stdin_, const fcgi_span *data, size_t *len,
                              char *err, size_t errcap)
{
    uint8_t flags = keep_conn ? FCGI_KEEP_CONN : 0;
    size_t need = 0;
    fcgi_status st = fcgi_build_begin_request(NULL, 0, id, role, flags, p->pairs, p->n, stdin_,
                                              data, &need);
    if (st != FCGI_OK) {
        snprintf(err, errcap, "cannot build the request: %s", fcgi_strerror(st));
        return NULL;
    }
    uint8_t *buf = malloc(need ? need : 1);
    if (!buf) {
        snprintf(err, errcap, "out of memory (%zu octets)", need);
        return NULL;
    }
    st = fcgi_build_begin_request(buf, need, id, role, flags, p->pairs, p->n, stdin_, data, len);
    if (st != FCGI_OK) {
        snprintf(err, errcap, "cannot build the request: %s", fcgi_strerror(st));
        free(buf);
        return NULL;
    }
    return buf;
}

int client_connect(const net_addr *a, const client_timeouts *t, client_result *res)
{
    int refused = 0, timed_out = 0;
    char err[256];
    int fd = net_connect(a, client_remaining_ms(t, t->connect_ms), &refused, &timed_out, err,
                         sizeof err);
    if (fd >= 0) {
        /* Requests and answers are small and written whole: do not let
         * Nagle's algorithm hold them back. */
        if (a->family != AF_UNIX) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        return fd;
    }
    res->exit_code = timed_out ? EXIT_TIMEOUT : EXIT_CONNECT;
    const char *hint = "";
    if (a->family == AF_UNIX && refused && errno == ECONNREFUSED)
        hint = " (the socket file exists but nothing listens: stale socket?)";
    else if (a->family == AF_UNIX && errno == EACCES)
        hint = " (check the pool's listen.owner, listen.group and listen.mode)";
    snprintf(res->why, sizeof res->why, "%s%s", err, hint);
    return -1;
}

void client_classify(const cgi_response *r, client_result *res)
{
    if (res->protocol_status != FCGI_REQUEST_COMPLETE) {
        char nb[FCGI_NAME_BUF_LEN];
        const char *name = fcgi_get_protocol_status_name(res->protocol_status, nb);
        const char *why = "";
        switch (res->protocol_status) {
        case FCGI_CANT_MPX_CONN:
            why = ": the server takes one request per connection";
            break;
        case FCGI_OVERLOADED:
            why = ": the server is out of workers or its queue is full";
            break;
        case FCGI_UNKNOWN_ROLE:
            why = ": the server does not implement this role";
            break;
        }
        res->exit_code = EXIT_FCGI_STATUS;
        snprintf(res->why, sizeof res->why, "END_REQUEST protocol status %s%s", name, why);
        return;
    }
    if (cgi_response_problem(r, res->why, sizeof res->why)) {
        res->exit_code = EXIT_PROTOCOL;
        return;
    }
    if (r->status >= 400) {
        res->exit_code = EXIT_HTTP_ERROR;
        snprintf(res->why, sizeof res->why, "HTTP status %d%s%s", r->status,
                 r->reason[0] ? " " : "", r->reason);
        return;
    }
    res->exit_code = EXIT_OK_;
    res->why[0] = '\0';
}

/* Describes how reading stopped before END_REQUEST. */
static void read_failure(client_conn *c, client_rx rx, const client_timeouts *t,
                         int send_errno, client_result *res)
{
    switch (rx) {
    case RX_TIMEOUT: {
        res->exit_code = EXIT_TIMEOUT;
        bool total = t->deadline >= 0 && net_now_ms() >= t->deadline;
        snprintf(res->why, sizeof res->why,
                 "timed out waiting for the server (%s timeout; %llu octets received)",
                 total ? "total" : "read", (unsigned long long)c->received);
        return;
    }
    case RX_MALFORMED:
        res->exit_code = EXIT_PROTOCOL;
        snprintf(res->why, sizeof res->why,
                 "malformed response: record header with version 0x%02X at offset %llu "
                 "(is this a FastCGI server?)",
                 c->bad_version, (unsigned long long)c->rec_start);
        return;
    case RX_IO:
        res->exit_code = EXIT_PROTOCOL;
        snprintf(res->why, sizeof res->why, "reading the response: %s", strerror(errno));
        return;
    default:
        break;
    }
    res->exit_code = EXIT_PROTOCOL;
    if (send_errno)
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection while the request was sent (%s)%s",
                 strerror(send_errno),
                 " (php-fpm does this when the params are too large)");
    else if (!client_conn_at_boundary(c))
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection in the middle of a record (after %llu "
                 "octets)",
                 (unsigned long long)c->received);
    else
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection before END_REQUEST (after %llu octets)",
                 (unsigned long long)c->received);
}

void client_exchange(client_conn *c, uint16_t id, const void *req, size_t len, cgi_response *r,
                     const client_timeouts *t, client_result *res)
{
    int64_t start = net_now_ms();
    memset(res, 0, sizeof *res);
    int send_errno = 0;
    if (client_conn_send(c, req, len, t->deadline) != 0) {
        if (errno == ETIMEDOUT) {
            res->exit_code = EXIT_TIMEOUT;
            snprintf(res->why, sizeof res->why, "timed out sending the request");
            return;
        }
        /* Read anyway: the server may have said why it stopped listening. */
        send_errno = errno;
    }
    for (;;) {
        fcgi_chunk ch;
        const uint8_t *rec = NULL;
        size_t rec_len = 0;
        client_rx rx = client_conn_wait(c, &ch, &rec, &rec_len, t->read_ms, t->deadline);
        if (rx != RX_CHUNK) {
            cgi_response_finish(r);
            read_failure(c, rx, t, send_errno, res);
            res->elapsed_ms = net_now_ms() - start;
            return;
        }
        const fcgi_header *h = &ch.header;
        if (h->request_id != id) {
            if (ch.last && h->request_id != FCGI_NULL_REQUEST_ID)
                fprintf(stderr, "fcgi: warning: record for request id %u ignored\n",
                        h->request_id);
            else if (ch.last && h->type == FCGI_UNKNOWN_TYPE)
                fprintf(stderr, "fcgi: warning: the server answered FCGI_UNKNOWN_TYPE\n");
            continue;
        }
        if (h->type == FCGI_STDOUT) {
            int w = cgi_response_stdout(r, ch.content.data, ch.content.len);
            if (w == -2) {
                /* A refused header block: nothing after it can be trusted. */
                cgi_response_problem(r, res->why, sizeof res->why);
                res->exit_code = EXIT_PROTOCOL;
                res->elapsed_ms = net_now_ms() - start;
                return;
            }
            if (w != 0) {
                res->exit_code = EXIT_USAGE;
                snprintf(res->why, sizeof res->why, "writing the body: %s", strerror(errno));
                return;
            }
        } else if (h->type == FCGI_STDERR) {
            cgi_response_stderr(r, ch.content.data, ch.content.len);
        } else if (h->type == FCGI_END_REQUEST && ch.last) {
            fcgi_record rec_out;
            fcgi_status st = fcgi_parse_record(rec, rec_len, &rec_out, NULL);
            cgi_response_finish(r);
            res->elapsed_ms = net_now_ms() - start;
            if (st != FCGI_OK) {
                res->exit_code = EXIT_PROTOCOL;
                snprintf(res->why, sizeof res->why, "bad END_REQUEST record: %s",
                         fcgi_strerror(st));
                return;
            }
            res->ended = true;
            res->app_status = rec_out.app_status;
            res->protocol_status = rec_out.protocol_status;
            client_classify(r, res);
            return;
        } else if (ch.last) {
            char nb[FCGI_NAME_BUF_LEN];
            fprintf(stderr, "fcgi: warning: unexpected %s record for request %u ignored\n",
                    fcgi_get_type_name(h->type, nb), id);
        }
    }
}
