// SPDX-License-Identifier: MIT
/* client_load.c - see client_load.h. */
#include "client_load.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cgi_response.h"
#include "client_conn.h"
#include "client_exit.h"
#include "client_values.h"

/* One request in flight: its connection and id stay fixed; it is reissued
 * until the run has sent N requests. */
typedef struct slot {
    int conn;
    uint16_t id;
    bool busy;
    int64_t started_us;
    bool heard;         /* a record of the current request arrived */
    cgi_response resp;
    uint8_t *req;       /* prebuilt records for this slot's id */
    size_t req_len;
} slot;

typedef struct lconn {
    client_conn *c;     /* NULL while disconnected */
    uint8_t *out;       /* octets still to send */
    size_t out_len, out_off, out_cap;
    int inflight;
    long answered;      /* requests completed on this connection slot */
    long served;        /* ... on its current connection */
} lconn;

typedef struct run {
    const client_load_opts *o;
    slot *slots;
    int nslots;
    lconn *conns;
    int nconns;
    int per_conn;       /* slots per connection */
    long issued, completed, failed;
    int64_t *lat_us;    /* completed latencies */
    long nlat;
    unsigned status_count[600];
    int first_failure;
    char first_why[320];
    unsigned next_conn_id;
    bool keep;          /* requests carry FCGI_KEEP_CONN */
    long reopened;      /* kept-open connections the server closed */
    long resent;        /* requests sent again on a new connection */
} run;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void note_failure(run *r, int code, const char *why)
{
    r->failed++;
    if (!r->first_failure) {
        r->first_failure = code;
        snprintf(r->first_why, sizeof r->first_why, "%s", why);
    }
}

static int queue_out(lconn *lc, const uint8_t *p, size_t n)
{
    if (lc->out_off == lc->out_len)
        lc->out_off = lc->out_len = 0;
    if (lc->out_len + n > lc->out_cap) {
        size_t cap = lc->out_cap ? lc->out_cap : 4096;
        while (cap < lc->out_len + n)
            cap *= 2;
        uint8_t *grown = realloc(lc->out, cap);
        if (!grown)
            return -1;
        lc->out = grown;
        lc->out_cap = cap;
    }
    memcpy(lc->out + lc->out_len, p, n);
    lc->out_len += n;
    return 0;
}

static int open_conn(run *r, int k, char *why, size_t whycap)
{
    client_result res = {0};
    int fd = client_connect(r->o->addr, &r->o->timeouts, &res);
    if (fd < 0) {
        snprintf(why, whycap, "%s", res.why);
        return res.exit_code;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    lconn *lc = &r->conns[k];
    if (!lc->c && !(lc->c = malloc(sizeof *lc->c))) {
        close(fd);
        snprintf(why, whycap, "out of memory");
        return EXIT_USAGE;
    }
    client_conn_init(lc->c, fd, ++r->next_conn_id, r->o->trace);
    client_trace_note(r->o->trace, lc->c->id, "connected to %s", r->o->addr->text);
    lc->out_off = lc->out_len = 0;
    lc->inflight = 0;
    lc->served = 0;
    return 0;
}

static void close_conn(run *r, int k)
{
    lconn *lc = &r->conns[k];
    if (lc->c && lc->c->fd >= 0) {
        close(lc->c->fd);
        client_trace_note(r->o->trace, lc->c->id, "closed");
        lc->c->fd = -1;
    }
}

static int issue(run *r, slot *s)
{
    lconn *lc = &r->conns[s->conn];
    client_trace_records(r->o->trace, lc->c->id, '>', s->req, s->req_len);
    if (queue_out(lc, s->req, s->req_len) != 0)
        return -1;
    cgi_response_reset(&s->resp);
    s->heard = false;
    s->busy = true;
    s->started_us = now_us();
    lc->inflight++;
    r->issued++;
    return 0;
}

static void finish(run *r, slot *s, const fcgi_record *end)
{
    int64_t us = now_us() - s->started_us;
    s->busy = false;
    r->conns[s->conn].inflight--;
    r->completed++;
    r->conns[s->conn].answered++;
    r->conns[s->conn].served++;
    r->lat_us[r->nlat++] = us;
    cgi_response_finish(&s->resp);
    client_result res = {0};
    res.ended = true;
    res.app_status = end->app_status;
    res.protocol_status = end->protocol_status;
    client_classify(&s->resp, &res);
    /* Only an accepted header block has a status to count. */
    if (s->resp.headers_done && s->resp.status >= 100 && s->resp.status < 600)
        r->status_count[s->resp.status]++;
    if (res.exit_code)
        note_failure(r, res.exit_code, res.why);
}

/* Connection k is gone: reconnects it.  A request in flight fails, unless
 * `closed` (the server hung up, rather than sent garbage) and the
 * connection had served others while this one has heard nothing back: a
 * server may close a kept-open connection whenever it likes (php-fpm's
 * pm.max_requests, an idle timeout) and the request then never reached
 * it, so it is sent again on the new connection, as HTTP clients do.  A
 * new connection that is closed before its first answer fails its
 * requests, so nothing is sent again forever.  Returns non-zero when
 * reconnecting failed (the run then stops). */
static int conn_lost(run *r, int k, bool closed, int code, const char *why)
{
    bool resend = closed && r->conns[k].served > 0;
    for (int i = 0; i < r->nslots; i++) {
        slot *s = &r->slots[i];
        if (s->conn == k && s->busy) {
            s->busy = false;
            if (resend && !s->heard) {
                r->issued--; /* the refill loop sends it again */
                r->resent++;
                continue;
            }
            r->completed++;
            note_failure(r, code, why);
        }
    }
    if (closed && r->conns[k].served > 0)
        r->reopened++;
    close_conn(r, k);
    char err[320];
    int rc = open_conn(r, k, err, sizeof err);
    if (rc) {
        note_failure(r, rc, err);
        return rc;
    }
    return 0;
}

/* Handles what arrived on connection k. */
static int drain(run *r, int k)
{
    lconn *lc = &r->conns[k];
    client_rx rx = client_conn_fill(lc->c, 0);
    if (rx == RX_TIMEOUT)
        return 0; /* spurious wake-up */
    if (rx == RX_EOF || rx == RX_IO) {
        if (lc->inflight == 0) {
            /* The server closed an idle connection (e.g. pm.max_requests). */
            close_conn(r, k);
            r->reopened++;
            char err[320];
            return open_conn(r, k, err, sizeof err) ? conn_lost(r, k, false, EXIT_CONNECT, err)
                                                    : 0;
        }
        return conn_lost(r, k, true, EXIT_PROTOCOL,
                         rx == RX_EOF ? "the server closed the connection during a request"
                                      : "reading from the server failed");
    }
    for (;;) {
        fcgi_chunk ch;
        const uint8_t *rec = NULL;
        size_t rec_len = 0;
        rx = client_conn_next(lc->c, &ch, &rec, &rec_len);
        if (rx == RX_NEED_MORE)
            return 0;
        if (rx == RX_MALFORMED)
            return conn_lost(r, k, false, EXIT_PROTOCOL,
                             "malformed response (bad record version)");
        uint16_t id = ch.header.request_id;
        if (id == 0 || id > r->per_conn)
            continue;
        /* Slots of connection k are k + nconns * (id - 1). */
        int si = k + r->nconns * (id - 1);
        if (si >= r->nslots || !r->slots[si].busy)
            continue;
        slot *s = &r->slots[si];
        s->heard = true;
        if (ch.header.type == FCGI_STDOUT)
            cgi_response_stdout(&s->resp, ch.content.data, ch.content.len);
        else if (ch.header.type == FCGI_STDERR)
            cgi_response_stderr(&s->resp, ch.content.data, ch.content.len);
        else if (ch.header.type == FCGI_END_REQUEST && ch.last) {
            fcgi_record end;
            if (fcgi_parse_record(rec, rec_len, &end, NULL) != FCGI_OK)
                return conn_lost(r, k, false, EXIT_PROTOCOL, "malformed END_REQUEST");
            finish(r, s, &end);
            if (r->keep == false) {
                /* Without FCGI_KEEP_CONN the server closes; so do we. */
                close_conn(r, k);
                if (r->issued >= r->o->repeat)
                    return 0;
                char err[320];
                int crc = open_conn(r, k, err, sizeof err);
                if (crc) {
                    note_failure(r, crc, err);
                    return crc;
                }
                return issue(r, s) != 0 ? EXIT_USAGE : 0;
            }
            if (r->issued < r->o->repeat && issue(r, s) != 0)
                return EXIT_USAGE;
        }
    }
}

static int flush_out(run *r, int k)
{
    lconn *lc = &r->conns[k];
    while (lc->out_off < lc->out_len) {
        ssize_t n = send(lc->c->fd, lc->out + lc->out_off, lc->out_len - lc->out_off,
                         MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return 0;
            return conn_lost(r, k, true, EXIT_PROTOCOL, "the server closed the connection "
                                                        "while a request was sent");
        }
        lc->out_off += (size_t)n;
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double pct_ms(const int64_t *sorted, long n, double p)
{
    if (n == 0)
        return 0;
    long i = (long)(p * (double)n + 0.999999) - 1;
    if (i < 0)
        i = 0;
    if (i >= n)
        i = n - 1;
    return (double)sorted[i] / 1000.0;
}

int client_server_multiplexes(const net_addr *a, int wait_ms, const client_trace *trace)
{
    static const char *const names[] = {FCGI_MPXS_CONNS};
    client_timeouts t = {.connect_ms = wait_ms, .read_ms = wait_ms,
                         .deadline = net_now_ms() + 3 * (int64_t)wait_ms};
    client_values_result res;
    client_get_values(a, names, 1, wait_ms, &t, trace, &res);
    int yes = 0;
    if (res.answered && !res.malformed) {
        fcgi_params_iter it;
        fcgi_params_iter_init(&it, res.content, res.content_len);
        fcgi_nv_pair p;
        while (fcgi_params_next(&it, &p) == FCGI_OK)
            if (p.name.len == 15 && !memcmp(p.name.data, FCGI_MPXS_CONNS, 15))
                yes = p.value.len == 1 && p.value.data[0] == '1';
    }
    free(res.content);
    return yes;
}

int client_load_run(const client_load_opts *o)
{
    run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    int mpx = o->mpx == MPX_AUTO && o->concurrency > 1 &&
              client_server_multiplexes(o->addr, 300, o->trace);
    r.keep = mpx || !o->fresh_conn;
    r.nslots = o->concurrency;
    if (mpx) {
        r.nconns = o->connections > 0 ? o->connections : (o->concurrency + 7) / 8;
        if (r.nconns > r.nslots)
            r.nconns = r.nslots;
    } else {
        r.nconns = r.nslots;
    }
    r.per_conn = (r.nslots + r.nconns - 1) / r.nconns;
    r.slots = calloc((size_t)r.nslots, sizeof *r.slots);
    r.conns = calloc((size_t)r.nconns, sizeof *r.conns);
    r.lat_us = malloc((size_t)o->repeat * sizeof *r.lat_us);
    struct pollfd *pfds = calloc((size_t)r.nconns, sizeof *pfds);
    int rc = 0;
    if (!r.slots || !r.conns || !r.lat_us || !pfds) {
        fprintf(stderr, "fcgi request: out of memory\n");
        rc = EXIT_USAGE;
        goto out;
    }
    for (int i = 0; i < r.nslots; i++) {
        slot *s = &r.slots[i];
        s->conn = i % r.nconns;
        s->id = (uint16_t)(i / r.nconns + 1);
        char err[320];
        cgi_response_init(&s->resp, NULL, NULL, false, 8192);
        if (!(s->req = client_build_request(s->id, o->role, r.keep, o->params, o->split_params,
                                            o->stdin_, o->data, &s->req_len, err,
                                            sizeof err))) {
            fprintf(stderr, "fcgi request: %s\n", err);
            rc = EXIT_USAGE;
            goto out;
        }
    }
    for (int k = 0; k < r.nconns; k++) {
        char err[320];
        int crc = open_conn(&r, k, err, sizeof err);
        if (crc) {
            fprintf(stderr, "fcgi request: %s\n", err);
            rc = crc;
            goto out;
        }
    }

    int64_t t0 = now_us();
    for (int i = 0; i < r.nslots && r.issued < o->repeat; i++)
        issue(&r, &r.slots[i]);
    int64_t last_progress = net_now_ms();
    while (r.completed < o->repeat) {
        for (int k = 0; k < r.nconns; k++) {
            if (flush_out(&r, k))
                goto stop;
            pfds[k].fd = r.conns[k].c->fd;
            pfds[k].events = POLLIN | (r.conns[k].out_off < r.conns[k].out_len ? POLLOUT : 0);
            pfds[k].revents = 0;
        }
        int wait = client_remaining_ms(&o->timeouts, -1);
        if (o->timeouts.read_ms >= 0) {
            int idle = (int)(last_progress + o->timeouts.read_ms - net_now_ms());
            if (idle < 0)
                idle = 0;
            if (wait < 0 || idle < wait)
                wait = idle;
        }
        int n = poll(pfds, (nfds_t)r.nconns, wait);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            long left = r.issued - r.completed;
            r.failed += left;
            r.completed += left;
            if (!r.first_failure) {
                int starved = 0;
                for (int k = 0; k < r.nconns; k++)
                    starved += r.conns[k].answered == 0;
                r.first_failure = EXIT_TIMEOUT;
                snprintf(r.first_why, sizeof r.first_why,
                         "timed out with %ld request(s) in flight%s", left,
                         starved && r.keep && !mpx
                             ? "; some kept-open connections never got an answer: a server "
                               "with fewer workers than --concurrency (php-fpm: "
                               "pm.max_children) serves only as many kept-open "
                               "connections (try --no-keep-conn)"
                             : "");
            }
            break;
        }
        long before = r.completed;
        for (int k = 0; k < r.nconns; k++) {
            if (pfds[k].revents & POLLOUT && flush_out(&r, k))
                goto stop;
            if (pfds[k].revents & (POLLIN | POLLHUP | POLLERR) && drain(&r, k))
                goto stop;
        }
        if (r.completed != before)
            last_progress = net_now_ms();
        /* Slots freed by a lost connection are refilled here. */
        for (int i = 0; i < r.nslots && r.issued < o->repeat; i++)
            if (!r.slots[i].busy && r.conns[r.slots[i].conn].c->fd >= 0)
                issue(&r, &r.slots[i]);
    }
stop:;
    double secs = (double)(now_us() - t0) / 1e6;
    qsort(r.lat_us, (size_t)r.nlat, sizeof *r.lat_us, cmp_i64);
    printf("requests:    %ld sent, %ld completed, %ld failed\n", r.issued, r.completed - r.failed,
           r.failed);
    printf("connections: %d, concurrency %d, %s\n", r.nconns, r.nslots,
           mpx ? "multiplexed (server says FCGI_MPXS_CONNS=1)" : "one request per connection");
    printf("time:        %.3f s, %.1f requests/s\n", secs,
           secs > 0 ? (double)(r.completed - r.failed) / secs : 0.0);
    printf("latency ms:  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", pct_ms(r.lat_us, r.nlat, .50),
           pct_ms(r.lat_us, r.nlat, .90), pct_ms(r.lat_us, r.nlat, .99),
           r.nlat ? (double)r.lat_us[r.nlat - 1] / 1000.0 : 0.0);
    if (r.reopened)
        printf("reconnects:  %ld kept-open connection(s) closed by the server and opened "
               "again; %ld request(s) sent again\n", r.reopened, r.resent);
    printf("status:     ");
    for (int code = 100; code < 600; code++)
        if (r.status_count[code])
            printf(" %d x%u", code, r.status_count[code]);
    printf("\n");
    fflush(stdout);
    if (r.first_failure) {
        fprintf(stderr, "fcgi request: %ld failed; first: %s\n", r.failed, r.first_why);
        rc = r.first_failure;
    }
out:
    for (int k = 0; r.conns && k < r.nconns; k++) {
        close_conn(&r, k);
        free(r.conns[k].c);
        free(r.conns[k].out);
    }
    for (int i = 0; r.slots && i < r.nslots; i++) {
        cgi_response_free(&r.slots[i].resp);
        free(r.slots[i].req);
    }
    free(r.slots);
    free(r.conns);
    free(r.lat_us);
    free(pfds);
    return rc;
}
