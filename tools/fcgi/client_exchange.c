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
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "client_exit.h"

/* The hard stop: whatever blocks, the command ends. */
static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "fcgi: total time limit reached\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_TIMEOUT);
}

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

/* Names the first param whose encoding exceeds one record. */
static void name_oversized(const cgi_params *p, char *err, size_t errcap)
{
    for (size_t i = 0; i < p->n; i++) {
        size_t size = 0;
        fcgi_build_params(NULL, 0, &p->pairs[i], 1, &size);
        if (size > FCGI_MAX_CONTENT_LEN) {
            snprintf(err, errcap,
                     "param %.*s takes %zu octets, more than one FCGI_PARAMS record holds "
                     "(%u); php-fpm and most servers refuse a pair split across records "
                     "(--split-params sends it split anyway)",
                     (int)(p->pairs[i].name.len > 64 ? 64 : p->pairs[i].name.len),
                     (const char *)p->pairs[i].name.data, size, FCGI_MAX_CONTENT_LEN);
            return;
        }
    }
    snprintf(err, errcap, "cannot build the params: %s", fcgi_strerror(FCGI_E_PAIR_TOO_LONG));
}

uint8_t *client_build_request(uint16_t id, uint16_t role, bool keep_conn, const cgi_params *p,
                              bool split_params, const fcgi_span *stdin_, const fcgi_span *data,
                              size_t *len, char *err, size_t errcap)
{
    uint8_t flags = keep_conn ? FCGI_KEEP_CONN : 0;
    unsigned pflags = FCGI_PARAMS_TERMINATE | (split_params ? FCGI_PARAMS_SPLIT : 0u);
    size_t params_len = 0, stdin_len = 0, data_len = 0, n = 0;
    fcgi_status st = fcgi_build_params_records(NULL, 0, id, p->pairs, p->n, FCGI_MAX_CONTENT_LEN,
                                               pflags, &params_len);
    if (st == FCGI_E_PAIR_TOO_LONG) {
        name_oversized(p, err, errcap);
        return NULL;
    }
    if (st == FCGI_OK && stdin_)
        st = fcgi_build_stream(NULL, 0, FCGI_STDIN, id, stdin_->data, stdin_->len, true,
                               &stdin_len);
    if (st == FCGI_OK && data)
        st = fcgi_build_stream(NULL, 0, FCGI_DATA, id, data->data, data->len, true, &data_len);
    if (st != FCGI_OK) {
        snprintf(err, errcap, "cannot build the request: %s", fcgi_strerror(st));
        return NULL;
    }
    size_t need = 16 + params_len + stdin_len + data_len;
    uint8_t *buf = malloc(need);
    if (!buf) {
        snprintf(err, errcap, "out of memory (%zu octets)", need);
        return NULL;
    }
    fcgi_build_begin_request_record(buf, need, id, role, flags, &n);
    *len = n;
    fcgi_build_params_records(buf + *len, need - *len, id, p->pairs, p->n, FCGI_MAX_CONTENT_LEN,
                              pflags, &n);
    *len += n;
    if (stdin_) {
        fcgi_build_stream(buf + *len, need - *len, FCGI_STDIN, id, stdin_->data, stdin_->len,
                          true, &n);
        *len += n;
    }
    if (data) {
        fcgi_build_stream(buf + *len, need - *len, FCGI_DATA, id, data->data, data->len, true,
                          &n);
        *len += n;
    }
    return buf;
}

void client_arm_hard_stop(long total_ms)
{
    if (total_ms <= 0)
        return;
    signal(SIGALRM, on_alarm);
    /* A tenth of a second of grace: the deadline-aware code reports first,
     * with a better message, and the hard stop is still at the limit. */
    long ms = total_ms + 100;
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
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
                         int send_errno, const char *reset_hint, client_result *res)
{
    /* A server that refuses a request often just hangs up (php-fpm resets
     * the connection); say what it may have refused. */
    const char *hint = reset_hint && c->received == 0 ? reset_hint : "";
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
        snprintf(res->why, sizeof res->why, "reading the response: %s%s", strerror(errno), hint);
        return;
    default:
        break;
    }
    res->exit_code = EXIT_PROTOCOL;
    if (send_errno)
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection while the request was sent (%s)%s",
                 strerror(send_errno), hint);
    else if (!client_conn_at_boundary(c))
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection in the middle of a record (after %llu "
                 "octets)",
                 (unsigned long long)c->received);
    else
        snprintf(res->why, sizeof res->why,
                 "the server closed the connection before END_REQUEST (after %llu octets)%s",
                 (unsigned long long)c->received, hint);
}

/* Sends everything rq holds.  0; -1 with errno set when sending failed;
 * -2 with res filled when a body file could not be read. */
static int send_request(client_conn *c, uint16_t id, const client_request *rq,
                        const client_timeouts *t, client_result *res)
{
    char err[256];
    int rc = 0;
    if (client_conn_send(c, rq->records, rq->len, t->deadline) != 0)
        return -1;
    if (rq->stdin_body)
        rc = client_body_send(rq->stdin_body, c, FCGI_STDIN, id, t->deadline, err, sizeof err);
    if (rc == 0 && rq->data_body)
        rc = client_body_send(rq->data_body, c, FCGI_DATA, id, t->deadline, err, sizeof err);
    if (rc == -2) {
        res->exit_code = EXIT_USAGE;
        snprintf(res->why, sizeof res->why, "%s", err);
    }
    return rc;
}

void client_exchange(client_conn *c, uint16_t id, const client_request *rq, cgi_response *r,
                     const client_timeouts *t, client_result *res)
{
    int64_t start = net_now_ms();
    memset(res, 0, sizeof *res);
    int send_errno = 0;
    int sent = send_request(c, id, rq, t, res);
    if (sent == -2)
        return;
    if (sent != 0) {
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
            read_failure(c, rx, t, send_errno, rq->reset_hint, res);
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
