/* SPDX-License-Identifier: MIT */
/* proxy_relay.h - the proxy's event loop: accept web server connections,
 * connect each to the upstream, relay both directions unchanged.
 *
 * One thread, one ppoll() loop.  Each direction of each connection owns
 * one fixed buffer; a side is read only while the buffer towards the other
 * side has room, so a slow reader slows the writer down (backpressure) and
 * the proxy's memory is bounded by max_connections x 2 buffers (plus, with
 * --trace, one 64 KiB record buffer per direction). */
#ifndef FCGI_TOOL_PROXY_RELAY_H
#define FCGI_TOOL_PROXY_RELAY_H

#include <stdbool.h>
#include <stddef.h>

#include "net.h"
#include "proxy_capture.h"

typedef struct proxy_config {
    net_addr listen;
    net_addr upstream;
    bool trace;               /* one line per record on stderr */
    bool quiet;               /* no start-up and per-connection error lines */
    unsigned max_connections; /* relayed at once; more wait in the backlog */
    int idle_timeout_ms;      /* 0: never */
    int connect_timeout_ms;
    size_t buffer_size;       /* per direction and connection */
    int socket_mode;          /* chmod of a Unix listening socket, -1: leave */
    proxy_capture *capture;   /* NULL: no capture */
} proxy_config;

/* Runs until SIGINT or SIGTERM.  Returns the exit status: 0 after a
 * signal, 1 when the listening socket cannot be set up. */
int proxy_relay_run(const proxy_config *cfg);

#endif
