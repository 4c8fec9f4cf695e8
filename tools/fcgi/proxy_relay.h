/* SPDX-License-Identifier: MIT */
/* proxy_relay.h - the proxy's event loop: accept web server connections,
 * connect each to the upstream, relay both directions unchanged.
 *
 * One thread, one ppoll() loop.  Each direction of each connection owns
 * one fixed buffer; a side is read only while the buffer towards the other
 * side has room, so a slow reader slows the writer down (backpressure) and
 * the proxy's memory is bounded by max_connections x 2 buffers (plus, with
 * --trace, one 64 KiB record buffer per direction).
 *
 * Stopping.  SIGINT, SIGTERM or a watched descriptor (below) asks the
 * relay to stop.  It first calls on_stop, which may hand the listening
 * path back and name a new upstream.  With stop_grace_ms 0 every open
 * connection is then aborted at once.  Otherwise the relay accepts what is
 * already queued on the listener for a moment, closes it, and keeps
 * relaying for up to stop_grace_ms: a connection resting between requests
 * (every request it carried answered with END_REQUEST, nothing buffered)
 * is closed at once, one carrying a request is given the time to finish
 * it; what is still open when the time is up, or when a second signal
 * arrives, is aborted.
 * Requests are counted with the codec's record parser on both directions
 * (BEGIN_REQUEST / GET_VALUES open one; END_REQUEST, GET_VALUES_RESULT and
 * UNKNOWN_TYPE close one); a direction that stops parsing as FastCGI is
 * never considered at rest. */
#ifndef FCGI_TOOL_PROXY_RELAY_H
#define FCGI_TOOL_PROXY_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "net.h"
#include "proxy_capture.h"

/* A descriptor the relay polls besides its sockets, for as long as it is
 * not stopping: a capture reader, a controlling program, a parent process.  ready() is
 * called with whatever poll() reported; it returns NULL to carry on, or a
 * few words saying why the relay should stop ("capture reader gone"). */
#define PROXY_WATCH_MAX 3

typedef struct proxy_watch {
    int fd;
    short events;           /* POLLIN, or 0 for errors and hang-ups only */
    const char *(*ready)(void *ctx, int fd, short revents); /* NULL: unused */
    void *ctx;
} proxy_watch;

typedef struct proxy_config {
    net_addr listen;
    net_addr upstream;
    bool trace;               /* one line per record on the log */
    bool quiet;               /* no start-up and per-connection error lines */
    unsigned max_connections; /* relayed at once; more wait in the backlog */
    int idle_timeout_ms;      /* 0: never */
    int connect_timeout_ms;
    size_t buffer_size;       /* per direction and connection */
    int socket_mode;          /* chmod of a Unix listening socket, -1: leave */
    proxy_capture *capture;   /* NULL: no capture */
    const char *name;         /* prefix of messages; NULL: "fcgi proxy" */
    FILE *log;                /* trace, events, start and stop lines; NULL: stderr */
    int stop_grace_ms;        /* see "Stopping" above; 0: abort at once */
    /* Called once when the relay starts to stop, before it drains the
     * listener; returns the upstream for connections accepted from then
     * on, or NULL to keep cfg->upstream.  May be NULL. */
    const net_addr *(*on_stop)(void *ctx);
    void *stop_ctx;
    proxy_watch watch[PROXY_WATCH_MAX];
} proxy_config;

/* Listens on cfg->listen (replacing a Unix socket file there) and runs
 * until SIGINT or SIGTERM; removes the Unix socket file at the end.
 * Returns the exit status: 0 after a signal, 1 when the listening socket
 * cannot be set up. */
int proxy_relay_run(const proxy_config *cfg);

/* The same loop on listen_fd, a listening stream socket the caller made;
 * the relay makes it non-blocking and closes it, and never touches its
 * path.  cfg->listen only names it in messages; cfg->socket_mode is not
 * applied.  Returns 0 when stopped as described above, 1 when out of
 * memory at the start. */
int proxy_relay_serve(const proxy_config *cfg, int listen_fd);

#endif
