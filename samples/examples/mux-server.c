// SPDX-License-Identifier: MIT
//
// mux-server: a small multiplexing FastCGI application server on fcgicodec.
//
//   mux-server [-a ADDR] [-p PORT] [-c MAXCONNS] [-r MAXREQS] [-s SLICE]
//              [-u USER] [-t SECONDS] [-v]
//
// One thread, one poll() loop, many connections, many requests per
// connection.  Roles: RESPONDER echoes its params and body as text/plain;
// AUTHORIZER answers 200 when REMOTE_USER is USER (default alice), else
// 403; FILTER returns its DATA stream uppercased; other roles get
// END_REQUEST with FCGI_UNKNOWN_ROLE.  Management: GET_VALUES is answered
// (FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS=1), unknown record types
// get FCGI_UNKNOWN_TYPE.  ABORT_REQUEST ends the request with app status 1.
// Responses of concurrent requests go out in STDOUT records of at most
// SLICE octets (default 64), round robin, so their ids interleave.
//
// Listens on ADDR:PORT (default 127.0.0.1, port 0 = any free port) and
// prints "listening on ADDR:PORT" on stdout once ready.  Runs until SIGINT
// or SIGTERM, or for SECONDS when -t is given.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mux-conn.h"

#define MAX_CONNS_LIMIT 256

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int listen_on(const char *addr, unsigned port, unsigned *bound)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        fprintf(stderr, "mux-server: bad address %s\n", addr);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    socklen_t len = sizeof sa;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        fprintf(stderr, "mux-server: %s:%u: %s\n", addr, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

static void drop(mux_conn **conns, size_t *n, size_t i)
{
    close(conns[i]->fd);
    mux_conn_free(conns[i]);
    free(conns[i]);
    conns[i] = conns[--*n];
}

// Sends what is queued; returns -1 when the peer is gone.
static int flush_out(mux_conn *c)
{
    while (c->out.len > 0) {
        ssize_t n = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
        bytebuf_consume(&c->out, (size_t)n);
    }
    return 0;
}

static unsigned parse_uint(const char *s, unsigned max, char opt)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v > max) {
        fprintf(stderr, "mux-server: -%c wants a number up to %u\n", opt, max);
        exit(2);
    }
    return (unsigned)v;
}

int main(int argc, char **argv)
{
    mux_config cfg = {.max_conns = 32, .max_reqs = MUX_MAX_REQS, .slice = 64,
                      .allowed_user = "alice", .verbose = false};
    const char *addr = "127.0.0.1";
    unsigned port = 0, seconds = 0;
    int opt;
    while ((opt = getopt(argc, argv, "a:p:c:r:s:u:t:v")) != -1) {
        switch (opt) {
        case 'a': addr = optarg; break;
        case 'p': port = parse_uint(optarg, 65535, 'p'); break;
        case 'c': cfg.max_conns = parse_uint(optarg, MAX_CONNS_LIMIT, 'c'); break;
        case 'r': cfg.max_reqs = parse_uint(optarg, MUX_MAX_REQS, 'r'); break;
        case 's': cfg.slice = parse_uint(optarg, FCGI_MAX_CONTENT_LEN, 's'); break;
        case 'u': cfg.allowed_user = optarg; break;
        case 't': seconds = parse_uint(optarg, 86400, 't'); break;
        case 'v': cfg.verbose = true; break;
        default:
            fprintf(stderr, "usage: mux-server [-a ADDR] [-p PORT] [-c MAXCONNS] [-r MAXREQS] "
                            "[-s SLICE] [-u USER] [-t SECONDS] [-v]\n");
            return 2;
        }
    }
    if (cfg.max_conns == 0 || cfg.max_reqs == 0 || cfg.slice == 0) {
        fprintf(stderr, "mux-server: -c, -r and -s must be at least 1\n");
        return 2;
    }

    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    unsigned bound;
    int lfd = listen_on(addr, port, &bound);
    if (lfd < 0)
        return 1;
    printf("listening on %s:%u\n", addr, bound);
    fflush(stdout);

    static mux_conn *conns[MAX_CONNS_LIMIT];
    static struct pollfd pfds[MAX_CONNS_LIMIT + 1];
    static uint8_t inbuf[64 * 1024];
    size_t nconns = 0;
    unsigned serial = 0;
    time_t deadline = seconds ? time(NULL) + (time_t)seconds : 0;

    while (!stop && (deadline == 0 || time(NULL) < deadline)) {
        // Stop accepting while full: waiting clients queue in the backlog.
        pfds[0] = (struct pollfd){.fd = nconns < cfg.max_conns ? lfd : -1, .events = POLLIN};
        for (size_t i = 0; i < nconns; i++) {
            short ev = conns[i]->close_when_flushed ? 0 : POLLIN;
            pfds[i + 1] = (struct pollfd){.fd = conns[i]->fd,
                                          .events = (short)(ev | (conns[i]->out.len ? POLLOUT : 0))};
        }
        int n = poll(pfds, nconns + 1, 500);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("mux-server: poll");
            break;
        }
        // Connections first, from the end, so drop() can move the last one
        // into a slot already handled.
        for (size_t i = nconns; i-- > 0;) {
            mux_conn *c = conns[i];
            short re = pfds[i + 1].revents;
            bool bad = false;
            if (re & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t got = recv(c->fd, inbuf, sizeof inbuf, 0);
                if (got > 0)
                    bad = mux_conn_input(c, inbuf, (size_t)got) != 0;
                else if (got == 0 || (errno != EAGAIN && errno != EINTR))
                    bad = true; // the web server closed (or broke) the connection
            }
            if (!bad)
                bad = mux_conn_pump(c) != 0 || flush_out(c) != 0;
            if (bad || mux_conn_done(c))
                drop(conns, &nconns, i);
        }
        if (pfds[0].revents & POLLIN) {
            int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd >= 0) {
                mux_conn *c = malloc(sizeof *c);
                if (c == NULL) {
                    close(fd);
                } else {
                    mux_conn_init(c, fd, ++serial, &cfg);
                    conns[nconns++] = c;
                }
            }
        }
    }
    while (nconns > 0)
        drop(conns, &nconns, nconns - 1);
    close(lfd);
    return 0;
}
