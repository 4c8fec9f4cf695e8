/* SPDX-License-Identifier: MIT */
/* proxy_relay.c - the proxy's event loop (see proxy_relay.h). */
#include "proxy_relay.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/constant.h"
#include "fcgi/parser.h"
#include "proxy_tcp.h"
#include "proxy_trace.h"

/* Sides of a connection; they match proxy_tcp's client and server. */
enum { WEB = PROXY_TCP_CLIENT, APP = PROXY_TCP_SERVER };

static const char *const SIDE_NAME[2] = {"web server", "application"};
static const char *const FLOW_NAME[2] = {"web>app", "app>web"};

/* Octets read from side `from`, waiting to be written to the other. */
struct flow {
    uint8_t *buf;
    size_t head, tail;      /* pending octets are buf[head..tail) */
    bool eof;               /* `from` ended its stream */
    bool shut;              /* ...and that end was passed on */
    uint64_t octets;
    proxy_trace trace;
    fcgi_parser records;    /* request counting, when the stop has a grace time */
};

struct conn {
    unsigned no;
    int fd[2];
    bool connecting;
    bool dead;
    int64_t connect_deadline;
    int64_t last_active;
    struct flow flow[2];    /* indexed by the side the octets come from */
    proxy_tcp tcp;
    bool captured;
    const proxy_config *cfg;
    const net_addr *upstream;
    unsigned requests_open; /* begun (or GET_VALUES sent), not yet answered */
    uint64_t requests_done;
    bool records_lost;      /* a direction stopped parsing as FastCGI */
    /* For the trace callback, which only knows its ctx. */
    struct trace_ctx {
        struct conn *c;
        int from;
    } tctx[2];
};

struct relay {
    const proxy_config *cfg;
    const net_addr *upstream; /* for new connections; on_stop may change it */
    int listen_fd;
    struct conn **conns;
    unsigned count;
    unsigned next_no;
    bool accept_paused;     /* out of descriptors: wait for a close */
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t signals_seen;

static void on_signal(int sig)
{
    stop_signal = sig;
    signals_seen = signals_seen + 1;
}

/* ---- messages ------------------------------------------------------------ */

static FILE *log_of(const proxy_config *cfg)
{
    return cfg->log ? cfg->log : stderr;
}

static const char *name_of(const proxy_config *cfg)
{
    return cfg->name ? cfg->name : "fcgi proxy";
}

static void timestamp(char *buf, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    snprintf(buf, cap, "%02d:%02d:%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec,
             ts.tv_nsec / 1000);
}

/* A trace line: "HH:MM:SS.uuuuuu #N what". */
static void trace_line(const struct conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void trace_line(const struct conn *c, const char *fmt, ...)
{
    char ts[32], text[1024];
    timestamp(ts, sizeof ts);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(log_of(c->cfg), "%s #%u %s\n", ts, c->no, text);
}

/* Connection events go to the trace, or, without it, to the log when they
 * are failures (unless quiet). */
static void event(const struct conn *c, bool failure, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void event(const struct conn *c, bool failure, const char *fmt, ...)
{
    if (!c->cfg->trace && (!failure || c->cfg->quiet))
        return;
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (c->cfg->trace)
        trace_line(c, "%s", text);
    else
        fprintf(log_of(c->cfg), "%s: #%u %s\n", name_of(c->cfg), c->no, text);
}

static void on_record(void *ctx, const char *line)
{
    const struct trace_ctx *t = ctx;
    trace_line(t->c, "%s %s", FLOW_NAME[t->from], line);
}

/* ---- connection life ----------------------------------------------------- */

static bool capturing(const struct conn *c)
{
    return c->captured && proxy_capture_enabled(c->cfg->capture);
}

static void describe_unix_peer(int fd, const char *path, char *out, size_t cap)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid > 0)
        snprintf(out, cap, "unix:%s, peer pid %d uid %u gid %u", path, (int)cred.pid,
                 (unsigned)cred.uid, (unsigned)cred.gid);
    else
        snprintf(out, cap, "unix:%s", path);
}

static void describe_inet_peer(const struct sockaddr_storage *ss, char *out, size_t cap)
{
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        snprintf(out, cap, "%s:%u", host, port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        snprintf(out, cap, "[%s]:%u", host, port);
    } else {
        snprintf(out, cap, "unknown address family %d", ss->ss_family);
    }
}

static const char *unix_path(const net_addr *a)
{
    return ((const struct sockaddr_un *)&a->ss)->sun_path;
}

static void free_conn(struct conn *c)
{
    for (int s = 0; s < 2; s++) {
        if (c->fd[s] >= 0)
            close(c->fd[s]);
        free(c->flow[s].buf);
        proxy_trace_free(&c->flow[s].trace);
    }
    free(c);
}

/* Ends the connection abruptly: `side` (the one that failed or that the
 * proxy gives up on) resets the conversation. */
static void abort_conn(struct conn *c, int side, const char *why)
{
    if (c->dead)
        return;
    event(c, true, "aborted: %s (web sent %" PRIu64 ", application sent %" PRIu64 " octets)",
          why, c->flow[WEB].octets, c->flow[APP].octets);
    if (capturing(c)) {
        char comment[256];
        snprintf(comment, sizeof comment, "connection #%u aborted: %s", c->no, why);
        proxy_tcp_reset(&c->tcp, side, comment);
    }
    c->dead = true;
}

static void finish_conn(struct conn *c)
{
    event(c, false, "closed (web sent %" PRIu64 ", application sent %" PRIu64 " octets)",
          c->flow[WEB].octets, c->flow[APP].octets);
    c->dead = true;
}

static size_t pending(const struct flow *f)
{
    return f->tail - f->head;
}

static bool has_room(const struct flow *f, size_t cap)
{
    return f->tail < cap || f->head > 0;
}

/* The flow from `from` ended and every octet of it was written: pass the
 * end on to the other side as a half close. */
static void pass_eof(struct conn *c, int from)
{
    struct flow *f = &c->flow[from];
    if (!f->eof || f->shut || pending(f) || (c->connecting && from == WEB))
        return;
    f->shut = true;
    shutdown(c->fd[!from], SHUT_WR);
    if (capturing(c))
        proxy_tcp_fin_delivered(&c->tcp, !from);
    if (c->flow[WEB].shut && c->flow[APP].shut)
        finish_conn(c);
}

/* Counts the requests the octets just read from side `from` open or
 * close (see "Stopping" in proxy_relay.h). */
static void count_requests(struct conn *c, int from, const uint8_t *p, size_t len)
{
    fcgi_parser *parser = &c->flow[from].records;
    while (len > 0 && !c->records_lost) {
        size_t used = 0;
        fcgi_chunk chunk;
        fcgi_status st = fcgi_parser_feed(parser, p, len, &used, &chunk);
        p += used;
        len -= used;
        if (st == FCGI_NEED_MORE)
            break;
        if (st != FCGI_OK) {
            c->records_lost = true;
            break;
        }
        if (!chunk.last)
            continue;
        uint8_t type = chunk.header.type;
        if (from == WEB && (type == FCGI_BEGIN_REQUEST || type == FCGI_GET_VALUES)) {
            c->requests_open++;
        } else if (from == APP && (type == FCGI_END_REQUEST || type == FCGI_GET_VALUES_RESULT ||
                                   type == FCGI_UNKNOWN_TYPE)) {
            if (c->requests_open > 0)
                c->requests_open--;
            c->requests_done++;
        }
    }
}

/* True when the connection rests between requests: it carried at least
 * one, every one was answered, and nothing is buffered or half-parsed.
 * A connection that has not sent its first request yet is not at rest:
 * its web server is about to send one. */
static bool at_rest(const struct conn *c)
{
    return !c->dead && !c->connecting && !c->records_lost && c->requests_done > 0 &&
           c->requests_open == 0 && pending(&c->flow[WEB]) == 0 && pending(&c->flow[APP]) == 0 &&
           fcgi_parser_at_boundary(&c->flow[WEB].records) &&
           fcgi_parser_at_boundary(&c->flow[APP].records);
}

/* Ends a connection at rest with an orderly close of both sides. */
static void close_at_rest(struct conn *c)
{
    event(c, false, "closed between requests: the relay is stopping (web sent %" PRIu64
                    ", application sent %" PRIu64 " octets)",
          c->flow[WEB].octets, c->flow[APP].octets);
    shutdown(c->fd[WEB], SHUT_WR);
    shutdown(c->fd[APP], SHUT_WR);
    if (capturing(c)) {
        char comment[128];
        snprintf(comment, sizeof comment, "connection #%u closed between requests: the relay is "
                                          "stopping", c->no);
        const char *first = comment;
        if (!c->flow[APP].shut) {
            proxy_tcp_fin(&c->tcp, APP, first);
            proxy_tcp_fin_delivered(&c->tcp, WEB);
            first = NULL;
        }
        if (!c->flow[WEB].shut) {
            proxy_tcp_fin(&c->tcp, WEB, first);
            proxy_tcp_fin_delivered(&c->tcp, APP);
        }
    }
    c->dead = true;
}

/* Writes what is pending towards side `to`. */
static void write_to(struct conn *c, int to, int64_t now)
{
    struct flow *f = &c->flow[!to];
    if (c->dead || (to == APP && c->connecting))
        return;
    while (pending(f)) {
        ssize_t n = send(c->fd[to], f->buf + f->head, pending(f), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            char why[160];
            snprintf(why, sizeof why, "writing to the %s: %s", SIDE_NAME[to], strerror(errno));
            abort_conn(c, to, why);
            return;
        }
        f->head += (size_t)n;
        c->last_active = now;
        if (capturing(c))
            proxy_tcp_delivered(&c->tcp, to, (size_t)n);
    }
    f->head = f->tail = 0;
    pass_eof(c, !to);
}

/* Reads what side `from` sent, as much as its flow has room for. */
static void read_from(struct conn *c, int from, int64_t now)
{
    struct flow *f = &c->flow[from];
    size_t cap = c->cfg->buffer_size;
    if (c->dead || f->eof)
        return;
    if (f->tail == cap && f->head > 0) {
        memmove(f->buf, f->buf + f->head, pending(f));
        f->tail -= f->head;
        f->head = 0;
    }
    if (f->tail == cap)
        return;
    ssize_t n = read(c->fd[from], f->buf + f->tail, cap - f->tail);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        char why[160];
        snprintf(why, sizeof why, "reading from the %s: %s", SIDE_NAME[from], strerror(errno));
        abort_conn(c, from, why);
        return;
    }
    c->last_active = now;
    if (n == 0) {
        f->eof = true;
        event(c, false, "%s closed its side", SIDE_NAME[from]);
        if (c->cfg->trace)
            proxy_trace_end(&f->trace);
        if (capturing(c))
            proxy_tcp_fin(&c->tcp, from, NULL);
        pass_eof(c, from);
        return;
    }
    if (capturing(c))
        proxy_tcp_send(&c->tcp, from, f->buf + f->tail, (size_t)n, NULL);
    if (c->cfg->stop_grace_ms > 0)
        count_requests(c, from, f->buf + f->tail, (size_t)n);
    if (c->cfg->trace)
        proxy_trace_feed(&f->trace, f->buf + f->tail, (size_t)n);
    f->tail += (size_t)n;
    f->octets += (uint64_t)n;
    /* Forward at once: most of the time the other side can take it all
     * and the loop saves a round through ppoll(). */
    write_to(c, !from, now);
}

static void upstream_connected(struct conn *c, int64_t now)
{
    c->connecting = false;
    c->last_active = now;
    char who[400];
    if (c->upstream->family == AF_UNIX)
        describe_unix_peer(c->fd[APP], unix_path(c->upstream), who, sizeof who);
    else
        snprintf(who, sizeof who, "%s", c->upstream->text);
    event(c, false, "connected to %s", who);
    if (capturing(c)) {
        char comment[512];
        snprintf(comment, sizeof comment, "connection #%u: application at %s", c->no, who);
        proxy_tcp_accept(&c->tcp, comment);
    }
    write_to(c, APP, now);
}

static void upstream_failed(struct conn *c, const char *why)
{
    char text[512];
    snprintf(text, sizeof text, "upstream %s: %s", c->upstream->text, why);
    abort_conn(c, APP, text);
}

/* Starts the non-blocking connect to the upstream. */
static void start_upstream(struct conn *c, int64_t now)
{
    const net_addr *up = c->upstream;
    int fd = socket(up->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        upstream_failed(c, strerror(errno));
        return;
    }
    c->fd[APP] = fd;
    if (connect(fd, (const struct sockaddr *)&up->ss, up->len) == 0) {
        upstream_connected(c, now);
        return;
    }
    if (errno == EINPROGRESS || errno == EAGAIN) {
        /* EAGAIN: a Unix socket whose backlog is full; poll tells when. */
        c->connecting = true;
        c->connect_deadline = now + c->cfg->connect_timeout_ms;
        return;
    }
    upstream_failed(c, strerror(errno));
}

static void finish_connect(struct conn *c, int64_t now)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd[APP], SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        err = errno;
    if (err) {
        upstream_failed(c, strerror(err));
        return;
    }
    /* A Unix socket that answered EAGAIN is not connected yet: retry. */
    if (c->upstream->family == AF_UNIX) {
        const net_addr *up = c->upstream;
        if (connect(c->fd[APP], (const struct sockaddr *)&up->ss, up->len) != 0 &&
            errno != EISCONN) {
            if (errno == EAGAIN || errno == EINPROGRESS)
                return;
            upstream_failed(c, strerror(errno));
            return;
        }
    }
    upstream_connected(c, now);
}

static struct conn *new_conn(struct relay *r, int fd, const struct sockaddr_storage *peer,
                             int64_t now)
{
    const proxy_config *cfg = r->cfg;
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = cfg;
    c->upstream = r->upstream;
    c->no = ++r->next_no;
    c->fd[WEB] = fd;
    c->fd[APP] = -1;
    c->last_active = now;
    for (int s = 0; s < 2; s++) {
        c->flow[s].buf = malloc(cfg->buffer_size);
        c->tctx[s].c = c;
        c->tctx[s].from = s;
        proxy_trace_init(&c->flow[s].trace, on_record, &c->tctx[s]);
        fcgi_parser_init(&c->flow[s].records);
        if (!c->flow[s].buf) {
            free_conn(c);
            return NULL;
        }
    }

    char who[400];
    if (cfg->listen.family == AF_UNIX)
        describe_unix_peer(fd, unix_path(&cfg->listen), who, sizeof who);
    else
        describe_inet_peer(peer, who, sizeof who);
    event(c, false, "accepted from %s", who);
    if (cfg->capture && proxy_capture_enabled(cfg->capture)) {
        c->captured = true;
        proxy_capture_conversation(cfg->capture, &c->tcp, c->no, peer);
        char comment[512];
        snprintf(comment, sizeof comment, "connection #%u: web server at %s", c->no, who);
        proxy_tcp_syn(&c->tcp, comment);
    }
    start_upstream(c, now);
    return c;
}

static void accept_some(struct relay *r, int64_t now)
{
    while (r->count < r->cfg->max_connections) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        memset(&peer, 0, sizeof peer);
        int fd = accept4(r->listen_fd, (struct sockaddr *)&peer, &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                if (!r->cfg->quiet)
                    fprintf(log_of(r->cfg), "%s: accept: %s; waiting for a connection to close\n",
                            name_of(r->cfg), strerror(errno));
                r->accept_paused = true;
            }
            return;
        }
        struct conn *c = new_conn(r, fd, &peer, now);
        if (!c) {
            fprintf(log_of(r->cfg), "%s: out of memory; connection dropped\n", name_of(r->cfg));
            close(fd);
            return;
        }
        r->conns[r->count++] = c;
    }
}

/* ---- the loop ------------------------------------------------------------- */

static short wanted(const struct conn *c, int side)
{
    size_t cap = c->cfg->buffer_size;
    short ev = 0;
    /* Nothing is read from the web server before the upstream accepted:
     * in the capture, no octet may precede the SYN-ACK. */
    if (c->connecting)
        return side == APP ? POLLOUT : 0;
    if (!c->flow[side].eof && has_room(&c->flow[side], cap))
        ev |= POLLIN;
    if (pending(&c->flow[!side]))
        ev |= POLLOUT;
    return ev;
}

static void service(struct conn *c, int side, short revents, int64_t now)
{
    if (c->dead || !revents)
        return;
    if (side == APP && c->connecting) {
        finish_connect(c, now);
        return;
    }
    if (revents & (POLLOUT | POLLERR | POLLHUP))
        write_to(c, side, now);
    if (revents & (POLLIN | POLLERR | POLLHUP))
        read_from(c, side, now);
}

static void check_deadlines(struct relay *r, int64_t now)
{
    for (unsigned i = 0; i < r->count; i++) {
        struct conn *c = r->conns[i];
        if (c->dead)
            continue;
        if (c->connecting && now >= c->connect_deadline) {
            char why[80];
            snprintf(why, sizeof why, "connect timed out after %d ms",
                     r->cfg->connect_timeout_ms);
            upstream_failed(c, why);
        } else if (r->cfg->idle_timeout_ms > 0 &&
                   now - c->last_active >= r->cfg->idle_timeout_ms) {
            char why[80];
            snprintf(why, sizeof why, "idle for %d s", r->cfg->idle_timeout_ms / 1000);
            abort_conn(c, APP, why);
        }
    }
}

static int next_timeout(const struct relay *r, int64_t now, int64_t stop_deadline)
{
    int64_t soonest = stop_deadline;
    for (unsigned i = 0; i < r->count; i++) {
        const struct conn *c = r->conns[i];
        int64_t d = -1;
        if (c->connecting)
            d = c->connect_deadline;
        else if (r->cfg->idle_timeout_ms > 0)
            d = c->last_active + r->cfg->idle_timeout_ms;
        if (d >= 0 && (soonest < 0 || d < soonest))
            soonest = d;
    }
    if (r->accept_paused && r->count == 0)
        return 100; /* descriptors were short with nothing to free them: retry */
    if (soonest < 0)
        return -1;
    int64_t left = soonest - now;
    return left < 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
}

static void reap(struct relay *r)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < r->count; i++) {
        if (r->conns[i]->dead) {
            free_conn(r->conns[i]);
            r->accept_paused = false;
        } else {
            r->conns[kept++] = r->conns[i];
        }
    }
    r->count = kept;
}

static int open_listener(const proxy_config *cfg)
{
    char err[400];
    int fd = net_listen(&cfg->listen, 511, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", name_of(cfg), err);
        return -1;
    }
    if (cfg->listen.family == AF_UNIX && cfg->socket_mode >= 0 &&
        chmod(unix_path(&cfg->listen), (mode_t)cfg->socket_mode) != 0) {
        fprintf(stderr, "%s: chmod %s: %s\n", name_of(cfg), unix_path(&cfg->listen),
                strerror(errno));
        close(fd);
        unlink(unix_path(&cfg->listen));
        return -1;
    }
    return fd;
}

int proxy_relay_run(const proxy_config *cfg)
{
    int fd = open_listener(cfg);
    if (fd < 0)
        return 1;
    int rc = proxy_relay_serve(cfg, fd);
    if (cfg->listen.family == AF_UNIX)
        unlink(unix_path(&cfg->listen));
    return rc;
}

/* How long the listener stays open once the path is handed back, for
 * connections that found it just before. */
#define STOP_SETTLE_MS 100

/* The relay starts to stop: says so, lets on_stop hand the path back,
 * accepts what is queued.  Returns the time by which the rest must end. */
static int64_t begin_stop(struct relay *r, const char *why, int64_t now)
{
    const proxy_config *cfg = r->cfg;
    if (!cfg->quiet)
        fprintf(log_of(cfg), "%s: %s: shutting down (%u connection%s open)\n", name_of(cfg), why,
                r->count, r->count == 1 ? "" : "s");
    if (cfg->on_stop) {
        const net_addr *up = cfg->on_stop(cfg->stop_ctx);
        if (up)
            r->upstream = up;
    }
    if (cfg->stop_grace_ms <= 0)
        return now;
    if (!r->accept_paused)
        accept_some(r, now);
    return now + cfg->stop_grace_ms;
}

int proxy_relay_serve(const proxy_config *cfg, int listen_fd)
{
    struct relay r = {.cfg = cfg, .upstream = &cfg->upstream, .listen_fd = listen_fd};
    r.conns = calloc(cfg->max_connections, sizeof *r.conns);
    struct pollfd *pfd =
        calloc(1 + PROXY_WATCH_MAX + 2 * (size_t)cfg->max_connections, sizeof *pfd);
    if (!r.conns || !pfd) {
        fprintf(stderr, "%s: out of memory\n", name_of(cfg));
        free(r.conns);
        free(pfd);
        close(listen_fd);
        return 1;
    }
    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);

    /* Signals are blocked except inside ppoll(), so a SIGTERM can never
     * slip in between the check of stop_signal and the wait. */
    sigset_t block, during_wait, before;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &before);
    during_wait = before;
    sigdelset(&during_wait, SIGINT);
    sigdelset(&during_wait, SIGTERM);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!cfg->quiet)
        fprintf(log_of(cfg), "%s: listening on %s, relaying to %s%s\n", name_of(cfg),
                cfg->listen.text, cfg->upstream.text, cfg->capture ? ", capturing" : "");

    bool stopping = false;
    const char *stop_why = NULL;     /* a watched descriptor asked to stop */
    int64_t stop_deadline = -1;      /* stopping: abort what is left then */
    int64_t settle_deadline = -1;    /* stopping: close the listener then */
    int signals_at_stop = 0;
    for (;;) {
        int64_t now = net_now_ms();
        if (!stopping && (stop_signal || stop_why)) {
            stopping = true;
            /* The SIGTERM that usually follows a reader or a controller
             * going away belongs to the same stop; only one more hurries it. */
            signals_at_stop = signals_seen + (stop_why ? 1 : 0);
            stop_deadline = begin_stop(&r, stop_why ? stop_why : strsignal(stop_signal), now);
            settle_deadline = now + STOP_SETTLE_MS;
        }
        if (stopping) {
            if (r.listen_fd >= 0 && (now >= settle_deadline || now >= stop_deadline)) {
                close(r.listen_fd);
                r.listen_fd = -1;
            }
            for (unsigned i = 0; i < r.count; i++)
                if (at_rest(r.conns[i]))
                    close_at_rest(r.conns[i]);
            reap(&r);
            /* A second signal means: now. */
            if ((r.count == 0 && r.listen_fd < 0) || now >= stop_deadline ||
                signals_seen > signals_at_stop)
                break;
        }

        nfds_t n = 0;
        int listen_slot = -1;
        if (r.listen_fd >= 0 && r.count < cfg->max_connections && !r.accept_paused) {
            listen_slot = (int)n;
            pfd[n++] = (struct pollfd){.fd = r.listen_fd, .events = POLLIN};
        }
        nfds_t first_watch = n;
        for (int w = 0; w < PROXY_WATCH_MAX; w++) {
            const proxy_watch *pw = &cfg->watch[w];
            bool on = pw->ready && !stopping;
            pfd[n++] = (struct pollfd){.fd = on ? pw->fd : -1, .events = pw->events};
        }
        nfds_t first_conn = n;
        for (unsigned i = 0; i < r.count; i++) {
            for (int s = 0; s < 2; s++) {
                struct conn *c = r.conns[i];
                short ev = c->fd[s] >= 0 ? wanted(c, s) : 0;
                /* A descriptor we want nothing from is left out, or its
                 * POLLHUP would wake the loop again and again. */
                pfd[n++] = (struct pollfd){.fd = ev ? c->fd[s] : -1, .events = ev};
            }
        }
        if (cfg->capture)
            proxy_capture_flush(cfg->capture);
        int64_t wake = stopping ? (r.listen_fd >= 0 ? settle_deadline : stop_deadline) : -1;
        int timeout = next_timeout(&r, now, wake);
        struct timespec ts, *tsp = NULL;
        if (timeout >= 0) {
            ts.tv_sec = timeout / 1000;
            ts.tv_nsec = (long)(timeout % 1000) * 1000000;
            tsp = &ts;
        }
        int ready = ppoll(pfd, n, tsp, &during_wait);
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "%s: poll: %s\n", name_of(cfg), strerror(errno));
            break;
        }
        now = net_now_ms();
        if (ready > 0) {
            for (unsigned i = 0; i < r.count; i++)
                for (int s = 0; s < 2; s++)
                    service(r.conns[i], s, pfd[first_conn + 2 * i + (unsigned)s].revents, now);
            if (listen_slot >= 0 && (pfd[listen_slot].revents & POLLIN))
                accept_some(&r, now);
            for (int w = 0; w < PROXY_WATCH_MAX; w++) {
                short rev = pfd[first_watch + (nfds_t)w].revents;
                if (rev && !stop_why && pfd[first_watch + (nfds_t)w].fd >= 0)
                    stop_why = cfg->watch[w].ready(cfg->watch[w].ctx, cfg->watch[w].fd, rev);
            }
        }
        check_deadlines(&r, now);
        reap(&r);
    }

    if (!stopping && !cfg->quiet)
        fprintf(log_of(cfg), "%s: shutting down (%u connection%s open)\n", name_of(cfg), r.count,
                r.count == 1 ? "" : "s");
    for (unsigned i = 0; i < r.count; i++) {
        char why[80];
        if (cfg->stop_grace_ms > 0)
            snprintf(why, sizeof why, "still busy when the relay stopped after %d ms",
                     cfg->stop_grace_ms);
        else
            snprintf(why, sizeof why, "proxy shutting down");
        abort_conn(r.conns[i], APP, why);
    }
    reap(&r);
    if (r.listen_fd >= 0)
        close(r.listen_fd);
    free(r.conns);
    free(pfd);
    /* Leave with the mask we were given; a second SIGTERM still pending
     * reaches the flag-setting handler here. */
    sigprocmask(SIG_SETMASK, &before, NULL);
    return 0;
}
